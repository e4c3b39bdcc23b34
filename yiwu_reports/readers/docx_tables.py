"""Read the tables of a Word document (.docx, .docm, .dotx): every table, in order, merged cells
filled in, each with the paragraph above it as its title.

The main part (word/document.xml) is parsed with lxml, the library python-docx itself uses,
with entities, DTDs and the network off, after the package has been checked for bombs. Reading
the XML directly keeps what python-docx's table API hides: whether a cell continues a vertical
merge (w:vMerge), which tells a task's continuation rows from new tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..core.errors import InputError
from .header import lines_outside
from .rows import RawRow, RawTable
from .untrusted import open_package, safe_xml_parser

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_P, _TBL, _TR, _TC, _T = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}t"
_TAB, _BR, _CR = f"{_W}tab", f"{_W}br", f"{_W}cr"
_VAL = f"{_W}val"
# Containers a paragraph or table may sit in at body level (content controls, custom XML).
# Paragraphs above a table that may be its title or metadata (a long text above is not).
_LINES_ABOVE = 6
# The line above a table that goes on from the one before it (续表, 续表1, （续）, 续上表).
_CONTINUED = re.compile(r"^\s*[（(]?\s*(?:续表\s*\d*|续上表|续)\s*[)）]?\s*[:：]?\s*$")
_WRAPPERS = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"}


def _main_part(archive: Any) -> str:
    """The document part's name, from the package relationships (word/document.xml usually)."""
    try:
        from lxml import etree

        rels = etree.fromstring(archive.read("_rels/.rels"), parser=safe_xml_parser())
        for relation in rels.iter(f"{_REL}Relationship"):
            if relation.get("Type", "").endswith("/officeDocument"):
                return str(relation.get("Target", "")).lstrip("/")
    except KeyError:
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


def _blocks(parent: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in document order."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _number(element: Any, path: str, default: int) -> int:
    found = element.find(path)
    try:
        return max(1, int(found.get(_VAL))) if found is not None else default
    except (TypeError, ValueError):
        return default


def _table_rows(table: Any) -> list[RawRow]:
    """A table's rows on its grid: a cell spanning columns (w:gridSpan) fills each, a cell
    continuing a vertical merge (w:vMerge) takes the text above and is marked so."""
    rows: list[RawRow] = []
    previous: list[str] = []
    for number, tr in enumerate(table.iterchildren(_TR), start=1):
        cells = [""] * _number(tr, f"{_W}trPr/{_W}gridBefore", 0)
        merged: set[int] = set()
        for tc in tr.iterchildren(_TC):
            span = _number(tc, f"{_W}tcPr/{_W}gridSpan", 1)
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            start = len(cells)
            if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
                text = previous[start] if start < len(previous) else ""
                merged.update(range(start, start + span))
            else:
                text = "\n".join(paragraph_text(p) for p in tc.iter(_P))
            cells.extend([text] * span)
        rows.append(RawRow(number, cells, frozenset(merged)))
        previous = cells
    return rows


def read_docx(data: bytes, file_name: str) -> list[RawTable]:
    """Every table of a Word document, in order, each titled by the paragraph above it."""
    from lxml import etree

    archive = open_package(data, file_name, "Word document")
    try:
        part = _main_part(archive)
        try:
            document = etree.fromstring(archive.read(part), parser=safe_xml_parser())
        except KeyError:
            raise InputError("a zip package without a Word document part (word/document.xml)",
                             file=file_name) from None
        except etree.XMLSyntaxError as error:
            raise InputError(f"cannot read the Word document ({error})", file=file_name) from None
    finally:
        archive.close()
    body = document.find(f"{_W}body")
    if body is None:
        raise InputError("the Word document has no body", file=file_name)
    tables: list[RawTable] = []
    above: list[str] = []
    for block in _blocks(body):
        if block.tag == _P:
            text = " ".join(paragraph_text(block).split())
            if text:
                above.append(text)
            continue
        rows = _table_rows(block)
        if tables and above and all(_CONTINUED.match(line) for line in above):
            # 续表: the table above goes on (its header repeated, which the reader skips).
            last = tables[-1].rows[-1].number if tables[-1].rows else 0
            tables[-1].rows.extend(replace(row, number=last + row.number) for row in rows)
            above = []
            continue
        title, name, metadata = lines_outside(above[-_LINES_ABOVE:])
        tables.append(RawTable(rows, name=name, title=title, metadata=metadata))
        above = []
    if not tables:
        raise InputError("the Word document holds no table", file=file_name)
    return tables
