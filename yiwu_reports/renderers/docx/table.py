"""The briefing's annex table, built fast enough for 10,000 tasks.

python-docx's `table.add_row()` and `row.cells` re-walk the whole table on every call, so
appending n rows costs O(n²) (about 20 s for 10,000 rows here). Instead one row is built once as
XML and deep-copied per task; its text slots are reached by position, not by search. Two lxml
costs are avoided too: elements made by python-docx's parser carry its custom classes (copying
them is ten times slower), so the prototype is parsed with lxml's plain parser; and moving a big
finished table into the document re-homes every node, so the empty table goes in first and rows
are appended to it. lxml escapes the text it is given, so task text is data, never markup.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from lxml import etree

from ...core.palette import hex_digits
from ..common import xml_safe
from .formatting import W_NS

_W = f"{{{W_NS}}}"


@dataclass(frozen=True)
class Column:
    """One column: its width in twips and how its cells are aligned (left or center)."""

    width: int
    align: str = "left"


@dataclass(frozen=True)
class TableStyles:
    """Style ids (not names) in the document the table goes into."""

    table: str
    text: str
    heading: str


@dataclass(frozen=True)
class TableRow:
    """One body row: its cell texts and, for the shaded column, fill, text colour and a note."""

    cells: Sequence[str]
    fill: str | None = None
    colour: str | None = None
    note: str = ""
    """A second line in the shaded cell (e.g. 「（人工调整）」); empty for none."""


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _row_xml(columns: Sequence[Column], style: str, header: bool, shaded: int | None,
             height: int | None = None) -> str:
    cells = []
    for index, column in enumerate(columns):
        shd = '<w:shd w:val="clear" w:color="auto" w:fill="FFFFFF"/>' if index == shaded else ""
        jc = f'<w:jc w:val="{column.align}"/>' if column.align != "left" else ""
        rpr = '<w:rPr><w:color w:val="000000"/></w:rPr>' if index == shaded else ""
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{column.width}" w:type="dxa"/>{shd}'
                     '<w:vAlign w:val="center"/></w:tcPr>'
                     f'<w:p><w:pPr><w:pStyle w:val="{_attr(style)}"/>{jc}</w:pPr>'
                     f'<w:r>{rpr}<w:t xml:space="preserve"></w:t></w:r></w:p></w:tc>')
    # Header rows repeat on every page; no row splits across pages (rows are short).
    tall = f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>' if height else ""
    trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header \
        else f"<w:trPr><w:cantSplit/>{tall}</w:trPr>"
    return f'<w:tr xmlns:w="{W_NS}">{trpr}{"".join(cells)}</w:tr>'


def _plain(xml: str) -> etree._Element:
    return etree.fromstring(xml)  # lxml's own parser: plain elements, fast to copy


def build_table(header: Sequence[str], rows: Iterable[TableRow], columns: Sequence[Column],
                styles: TableStyles, place: Callable[[etree._Element], etree._Element],
                shaded: int | None = None, row_height: int | None = None) -> etree._Element:
    """A w:tbl with a repeating header row and one row per item of `rows`, put in the document
    by `place` (which inserts the element it is given and returns it as it now stands).

    `shaded` is the index of the column whose cells take each row's fill and text colour;
    `row_height` (twips) is the least height of every body row (room to write by hand)."""
    width = sum(column.width for column in columns)
    grid = "".join(f'<w:gridCol w:w="{column.width}"/>' for column in columns)
    table = _plain(
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val="{_attr(styles.table)}"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid>{grid}</w:tblGrid></w:tbl>')
    head = _plain(_row_xml([Column(c.width, "center") for c in columns], styles.heading,
                              True, None))
    for cell, text in zip(head[1:], header):
        cell[-1][-1][-1].text = xml_safe(text)
    table.append(head)
    table = place(table)
    prototype = _plain(_row_xml(columns, styles.text, False, shaded, row_height))
    for row in rows:
        table.append(_fill(copy.deepcopy(prototype), row, shaded))
    return table


def _fill(tr: etree._Element, row: TableRow, shaded: int | None) -> etree._Element:
    # tr[0] is w:trPr, then one w:tc per column; in each, tc[-1] is w:p, p[-1] w:r, r[-1] w:t.
    for cell, text in zip(tr[1:], row.cells):
        cell[-1][-1][-1].text = xml_safe(text)
    if shaded is not None:
        cell = tr[1 + shaded]
        if row.fill:
            cell[0][1].set(f"{_W}fill", hex_digits(row.fill))
        run = cell[-1][-1]
        if row.colour:
            run[0][0].set(f"{_W}val", hex_digits(row.colour))
        if row.note:
            etree.SubElement(run, f"{_W}br")
            note = etree.SubElement(run, f"{_W}t")
            note.text = xml_safe(row.note)
    return tr
