"""Read a written page back: the rows of its all-tasks table, for `--check`.

An independent reading of the file with the standard library's HTML parser (not our template or
view model): it finds the table with id "all-tasks" and returns, per body row, the id (the row
header), the task text, the lead unit, the status label and the progress text as a reader's
browser would show them (entities decoded, one line per paragraph).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..records import TaskRecord

TABLE_ID = "all-tasks"
# Elements that start a new line of text inside a cell.
_BREAKS = {"p", "br", "li", "div", "span"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class NotAPage(Exception):
    """The file is not a page this renderer wrote (it has no all-tasks table)."""


@dataclass(frozen=True)
class PageRow:
    """One task as the page shows it."""

    id: str
    title: str
    """The task text (without the notes under it)."""
    lead: str
    status: str
    """The status label, e.g. 滞后."""
    progress: str
    """The progress text and the other columns, a line per paragraph."""


class _TableReader(HTMLParser):
    """Collects the text of each cell of the all-tasks table's body, by the cell's class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict[str, list[str]]] = []
        self._depth = 0          # open elements inside the table (0: not in it)
        self._in_body = False
        self._cell: str | None = None
        self._inner: list[str] = []  # classes of the open elements inside the current cell
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if not self._depth:
            if tag == "table" and attributes.get("id") == TABLE_ID:
                self._depth, self.found = 1, True
            return
        if tag not in _VOID:
            self._depth += 1
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append({})
        elif tag in ("td", "th") and self._in_body and self.rows:
            classes = (attributes.get("class") or "").split()
            self._cell = classes[0] if classes else tag
            self._inner = []
            self.rows[-1].setdefault(self._cell, [])
        elif self._cell is not None:
            if tag in _BREAKS:
                self.rows[-1][self._cell].append("\n")
            if tag not in _VOID:
                self._inner.append(attributes.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if not self._depth or tag in _VOID:
            return
        self._depth -= 1
        if tag == "tbody":
            self._in_body = False
        elif tag in ("td", "th"):
            self._cell = None
        elif self._cell is not None and self._inner:
            self._inner.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is None or not self.rows:
            return
        if self._cell == "title" and "note" in self._inner:
            return  # the notes under a task are ours, not the task's text
        if self._cell == "status" and "status-label" not in self._inner:
            return
        self.rows[-1][self._cell].append(data)


def _text(parts: list[str]) -> str:
    lines = "".join(parts).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def read_rows(path: Path) -> list[PageRow]:
    """The all-tasks rows of a page written by the html renderer, in page order.

    Raises NotAPage when the page has no such table (not ValueError, which --check takes for a
    format it has no reader for)."""
    text = Path(path).read_text(encoding="utf-8")
    reader = _TableReader()
    reader.feed(text)
    reader.close()
    if not reader.found:
        raise NotAPage(f"no table with id {TABLE_ID!r}")
    # A page cut short (a truncated copy, a disk that filled) still parses: its end says so.
    if reader._depth or "</html>" not in text[-200:].lower():
        raise NotAPage("the page is cut short (it does not end with </html>)")
    return [PageRow(_text(row.get("id", [])), _text(row.get("title", [])),
                    _text(row.get("lead", [])), _text(row.get("status", [])),
                    _text(row.get("progress", []))) for row in reader.rows]


def read_tasks(path: Path) -> list[TaskRecord]:
    """The page's all-tasks rows as `--check` compares them (`FormatEntry.readback`): the
    progress cell holds the task's text and then the table's other columns, so it must start
    with the task's text."""
    return [TaskRecord(row.id, row.title, row.lead, row.progress, match="start",
                       where=f"row {number}")
            for number, row in enumerate(read_rows(path), start=1)]
