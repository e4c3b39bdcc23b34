"""Read the tables of a Word document (.docx, .docm, .dotx): every table, in order, merged cells
filled in, each with the paragraph above it as its title.

The main part (word/document.xml) is parsed with lxml, the library python-docx itself uses,
with entities, DTDs and the network off, after the package has been checked for bombs, and
streamed (iterparse): each row is read when it ends and let go, and the rows, cells and
characters read are bounded (`limits`). Reading the XML directly keeps what python-docx's table
API hides: whether a cell continues a vertical merge (w:vMerge), which tells a task's
continuation rows from new tasks.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import replace
from typing import Any

from ..core.errors import InputError
from .header import lines_outside
from . import limits
from .limits import ReadBudget
from .rows import RawRow, RawTable
from .untrusted import open_package, safe_xml_parser

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_P, _TBL, _TR, _TC, _T = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}t"
_TAB, _BR, _CR = f"{_W}tab", f"{_W}br", f"{_W}cr"
_VAL = f"{_W}val"
_BODY = f"{_W}body"
_TCPR, _GRID_SPAN, _VMERGE = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge"
# A cell spans at most this many grid columns (w:gridSpan="1000000000" is a list of a billion).
_MAX_SPAN = 1000
# Paragraphs above a table that may be its title or metadata (a long text above is not).
_LINES_ABOVE = 6
# The line above a table that goes on from the one before it (续表, 续表1, （续）, 续上表).
_CONTINUED = re.compile(r"^\s*[（(]?\s*(?:续表\s*\d*|续上表|续)\s*[)）]?\s*[:：]?\s*$")


def _main_part(archive: Any) -> str:
    """The document part's name, from the package relationships (word/document.xml usually)."""
    try:
        from lxml import etree

        rels = etree.fromstring(archive.read("_rels/.rels"), parser=safe_xml_parser())
        for relation in rels.iter(f"{_REL}Relationship"):
            if relation.get("Type", "").endswith("/officeDocument"):
                return str(relation.get("Target", "")).lstrip("/")
    except (KeyError, SyntaxError):  # no relationships, or damaged ones: the usual name
        pass
    return "word/document.xml"


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as a person reads it: runs joined, tabs and line breaks kept."""
    parts = []
    for node in paragraph.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _number(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    try:
        return min(_MAX_SPAN, max(1, int(found.get(_VAL)))) if found is not None else default
    except (TypeError, ValueError):
        return default


class _Reader:
    """The document's tables as its XML streams past (lxml's iterparse): a row is read when it
    ends and then let go, so memory holds one row, not the document (a 400 KB .docx can hold a
    240 MiB document part: as a tree, 5 GB)."""

    def __init__(self, file_name: str) -> None:
        self.budget = ReadBudget(file_name)
        self.tables: list[RawTable] = []
        self.above: deque[str] = deque(maxlen=_LINES_ABOVE)
        self.table_depth = 0
        self.paragraph_depth = 0
        self.rows: list[RawRow] = []
        self.previous: list[str] = []
        self.cells: list[str] = []
        self.merged: set[int] = set()
        self.row_started = False
        self.paragraphs = 0
        self.only_continued = True
        """Every paragraph since the last table says 续表: the next table goes on from it."""

    def start(self, element: Any) -> None:
        if element.tag == _TBL:
            self.table_depth += 1
        elif element.tag == _P:
            self.paragraph_depth += 1
        elif element.tag == _TR and self.table_depth == 1:
            self.cells, self.merged = [], set()
            self.row_started = False

    def end(self, element: Any) -> None:
        tag = element.tag
        if tag == _P:
            self.paragraph_depth -= 1
            if self.table_depth == 0 and self.paragraph_depth == 0:
                self.paragraphs += 1
                if self.paragraphs > limits.MAX_ROWS:  # each costs what a row does
                    raise InputError(f"refused: the document holds more than "
                                     f"{limits.MAX_ROWS:,} paragraphs outside its tables; a "
                                     f"progress table's document holds far fewer",
                                     file=self.budget.file_name)
                text = " ".join(paragraph_text(element).split())
                if text:
                    self.above.append(text)
                    self.only_continued = self.only_continued and bool(_CONTINUED.match(text))
                _let_go(element)
        elif self.table_depth != 1:
            if tag == _TBL:
                self.table_depth -= 1
        elif tag == _TC:
            self._cell(element)
        elif tag == _TR:
            number = len(self.rows) + 1
            self.budget.take(number, 0, 0)
            self.rows.append(RawRow(number, self.cells, frozenset(self.merged)))
            self.previous = self.cells
            _let_go(element)
        elif tag == _TBL:
            self.table_depth -= 1
            if self.tables and self.above and self.only_continued:
                # 续表: the table above goes on (its header repeated, which the reader skips).
                before = self.tables[-1].rows
                last = before[-1].number if before else 0
                before.extend(replace(row, number=last + row.number) for row in self.rows)
            else:
                title, name, metadata = lines_outside(list(self.above))
                self.tables.append(RawTable(self.rows, name=name, title=title,
                                            metadata=metadata))
            self.rows, self.previous = [], []
            self.above.clear()
            self.only_continued = True
            _let_go(element)

    def _cell(self, tc: Any) -> None:
        """One cell of a table's row on its grid: a cell spanning columns (w:gridSpan) fills
        each, a cell continuing a vertical merge (w:vMerge) takes the text above, marked so."""
        row = len(self.rows) + 1
        if not self.row_started:
            self.row_started = True
            before = _number(tc.getparent(), f"{_W}trPr/{_W}gridBefore", 0)
            self.cells.extend([""] * before)
            for _ in range(before):
                self.budget.take_cell(row, 0)
        span, continued = 1, False
        properties = tc[0] if len(tc) and tc[0].tag == _TCPR else None
        if properties is not None:  # the usual cell has none (or plain ones): no path lookups
            span = _number(properties, _GRID_SPAN, 1)
            vmerge = properties.find(_VMERGE)
            continued = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
        start = len(self.cells)
        if continued:
            text = self.previous[start] if start < len(self.previous) else ""
            self.merged.update(range(start, start + span))
        else:
            text = "\n".join(paragraph_text(p) for p in tc.iter(_P))
        self.budget.take_cell(row, len(text))
        for _ in range(span - 1):
            self.budget.take_cell(row, len(text))
        self.cells.extend([text] * span)
        _let_go(tc)


def _let_go(element: Any) -> None:
    """Free an element read to its end, and the siblings read before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def read_docx(data: bytes, file_name: str) -> list[RawTable]:
    """Every table of a Word document, in order, each titled by the paragraph above it."""
    from lxml import etree

    archive = open_package(data, file_name, "Word document")
    try:
        part = _main_part(archive)
        reader = _Reader(file_name)
        try:
            with archive.open(part) as stream:
                found_body = False
                for event, element in etree.iterparse(
                        stream, events=("start", "end"), tag=(_BODY, _P, _TBL, _TR, _TC),
                        resolve_entities=False, load_dtd=False, no_network=True,
                        huge_tree=False):
                    if element.tag == _BODY:
                        found_body = True
                    elif event == "start":
                        reader.start(element)
                    else:
                        reader.end(element)
        except KeyError:
            raise InputError("a zip package without a Word document part (word/document.xml)",
                             file=file_name) from None
        except etree.XMLSyntaxError as error:
            raise InputError(f"cannot read the Word document ({error})", file=file_name) from None
    finally:
        archive.close()
    if not found_body:
        raise InputError("the Word document has no body", file=file_name)
    if not reader.tables:
        raise InputError("the Word document holds no table", file=file_name)
    return reader.tables
