"""Turn a cell's text, which may hold HTML fragments, into plain paragraphs and list items.

Published tables are exported from web systems: a progress cell may read
``<ol style="list-style-type: none"> <li>1. …</li> </ol>`` or ``<p>…</p> <p>…</p>``. We keep the
words and the numbering exactly as written, drop the tags, decode entities, and never execute or
keep any markup. Text that is not HTML (a ``<`` in 「PM2.5<30」) is kept as it is.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Literal, Mapping

# Only cells that contain one of these tags are parsed as HTML; anything else is plain text.
_TAG = re.compile(r"</?(p|ol|ul|li|br|div|span|strong|b|i|em|u|font|table|tr|td|th|tbody|h[1-6]|a|sup|sub)\b[^<>]*>",
                  re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "ol", "ul", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
# Characters XML 1.0 cannot hold (documents would be corrupt): C0 controls but tab/newline, the
# surrogates and the two non-characters. Removed from all cell text and counted by the caller.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Block:
    """One paragraph or list item of a task's progress text, tags removed, numbering as written."""

    kind: Literal["paragraph", "item"]
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Block:
        return cls(data["kind"], data["text"])


# A tab or carriage return before text that begins like a spreadsheet formula (=1+1, @SUM…):
# what someone put there to keep the formula inert when the table is opened or saved as CSV.
_INERT_PREFIX = re.compile("[ \n\f\v\u00a0\u3000]*([\t\r])[ \t\r\n\f\v\u00a0\u3000]*[=+\\-@]")


def clean_text(text: str) -> str:
    """Collapse runs of white space (including 　 and no-break space) to one space, strip ends;
    a leading tab or carriage return before a formula-like start (\t=1+1) is kept as it is."""
    cleaned = _SPACE.sub(" ", text).strip()
    if text[:1].isspace():
        inert = _INERT_PREFIX.match(text)
        if inert is not None:
            return inert.group(1) + cleaned
    return cleaned


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


class _BlockCollector(HTMLParser):
    """Collects text into blocks: a paragraph per <p>/<div>/<br> break, an item per <li>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._kind: str = "paragraph"
        self._open_items = 0

    def _flush(self) -> None:
        text = clean_text("".join(self._parts))
        if text:
            self.blocks.append(Block(self._kind, text))  # type: ignore[arg-type]
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._flush()
            self._open_items += 1
            self._kind = "item"
        elif tag in _BLOCK_TAGS or tag == "br":
            self._flush()
            if tag != "br":
                self._kind = "item" if self._open_items else "paragraph"

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._flush()
            self._open_items = max(0, self._open_items - 1)
            self._kind = "item" if self._open_items else "paragraph"
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._kind = "item" if self._open_items else "paragraph"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def cell_blocks(text: str) -> tuple[Block, ...]:
    """The paragraphs and list items of one cell (empty tuple for an empty cell)."""
    if not text:
        return ()
    if looks_like_html(text):
        collector = _BlockCollector()
        collector.feed(text)
        collector.close()
        return tuple(collector.blocks)
    # Plain text: an entity or two may still appear (&nbsp; from a web copy); line breaks inside
    # a cell separate paragraphs.
    lines = (clean_text(line) for line in html.unescape(text).splitlines())
    return tuple(Block("paragraph", line) for line in lines if line)


# What makes a cell more than plain text on one line: markup, an entity, a line separator other
# than those clean_text collapses.
_NOT_PLAIN = re.compile("[<&\x1c-\x1e\x85\u2028\u2029]")


def cell_text(text: str) -> str:
    """A single-line cell (title, lead unit, id) as plain text: tags dropped, spaces collapsed."""
    if not text or not _NOT_PLAIN.search(text):
        return clean_text(text)  # the usual cell: the same as the general way, much cheaper
    return " ".join(block.text for block in cell_blocks(text))
