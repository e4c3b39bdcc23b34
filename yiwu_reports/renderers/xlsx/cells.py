"""Cells for streamed (write-only) worksheets: input text always a string, styles built once.

openpyxl turns any str that starts with "=" into a formula, refuses control characters with an
exception, and lets a cell exceed Excel's 32,767-character limit (Excel then calls the file
corrupt). Every piece of text therefore passes through `safe_text` and is stored with an explicit
string type. Text that a spreadsheet would take for a formula once a person edits the cell or
saves the sheet as CSV (it begins with = + - @, or a tab or carriage return before one) also
wears the quote-prefix style (`quotePrefix`, what Excel sets when one types '=1+1): the cell
stays text when edited, and shows it. Styles are described by small frozen `Look`s; each distinct look is registered with
openpyxl once and then shared by every cell that wears it, which keeps a 10,000-row sheet fast.

Speed comes from three small reaches into openpyxl's internals, all in `openpyxl_private`:
cells are made with their stored value, type and style index set directly; `StreamSheet`
replaces the write-only sheet's row conversion; and a row's height is handed to the row writer
as a plain mapping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from ...core.palette import Palette, hex_digits
from ...readers import CUT_MARK
from ..common import xml_safe
from .openpyxl_private import ready_cell, style_of

MAX_CELL_CHARS = 32_767
"""Excel's limit on the characters (UTF-16 code units) of one cell."""
FONT_NAME = "等线"
"""Excel's default Chinese UI font (Office 2016 on); other systems substitute a CJK font."""
FONT_SIZE = 10.0
LINE_HEIGHT = 13.5
"""Points per wrapped line at FONT_SIZE, CJK glyphs included."""
MAX_ROW_HEIGHT = 409.0
"""Excel's largest row height in points."""
GRID = "BFBFBF"
HEADER_FILL = "44546A"
HEADER_TEXT = "FFFFFF"
PERCENT = "0.0%"
FORMULA_START = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read typed text as a formula (tab and carriage
return: some strip them on import and read what follows)."""


@dataclass
class TextStats:
    """What `safe_text` had to change, to be told to the reader of the workbook."""

    removed: int = 0
    """Characters removed because a worksheet cannot hold them (control characters, lone
    surrogates)."""
    cut: int = 0
    """Cells whose text was cut to Excel's limit."""


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def safe_text(text: str, stats: TextStats | None = None) -> str:
    """`text` as a worksheet can hold it: characters XML cannot carry removed, and text longer
    than Excel's cell limit cut, ending in `CUT_MARK`."""
    cleaned = xml_safe(text)
    if stats is not None and len(cleaned) != len(text):
        stats.removed += len(text) - len(cleaned)
    # A code point is at most two UTF-16 units, so short text needs no exact count.
    if len(cleaned) * 2 <= MAX_CELL_CHARS or _utf16_units(cleaned) <= MAX_CELL_CHARS:
        return cleaned
    if stats is not None:
        stats.cut += 1
    room = MAX_CELL_CHARS - _utf16_units(CUT_MARK)
    units = cleaned.encode("utf-16-le")[: room * 2]
    if 0xD8 <= units[-1] <= 0xDB:  # cut between the two halves of a character beyond the BMP
        units = units[:-2]
    return units.decode("utf-16-le") + CUT_MARK


@dataclass(frozen=True)
class Look:
    """How a cell looks; equal looks share one registered style."""

    fill: str | None = None
    """Background RRGGBB, or None for none."""
    color: str = "000000"
    """Text colour RRGGBB."""
    bold: bool = False
    size: float = FONT_SIZE
    wrap: bool = True
    horizontal: str | None = None
    vertical: str = "top"
    number_format: str = "General"
    border: bool = True
    locked: bool = True
    """False for a cell a person may edit when the sheet is protected (the unit workbooks)."""
    quote: bool = False
    """The quote-prefix style: the cell's text is text, even when a person edits it."""


class CellMaker:
    """Makes styled cells for one write-only worksheet."""

    def __init__(self, sheet: Any, stats: TextStats) -> None:
        self.sheet = sheet
        self.stats = stats
        self._styles: dict[Look, tuple[Any, int]] = {}
        self._by_id: dict[int, tuple[Look, Any, int]] = {}
        self._quoted: dict[Look, Look] = {}

    def _style(self, look: Look) -> tuple[Any, int]:
        """The style array of `look` and its index in the workbook's styles."""
        # Looked up by identity first: the same few Look objects come back for every row, and
        # hashing a dataclass per cell would cost more than the rest of making the cell.
        known = self._by_id.get(id(look))
        if known is not None and known[0] is look:
            return known[1], known[2]
        entry = self._styles.get(look)
        if entry is None:
            template = WriteOnlyCell(self.sheet)
            template.font = Font(name=FONT_NAME, size=look.size, bold=look.bold, color=look.color)
            if look.fill:
                template.fill = PatternFill("solid", fgColor=look.fill)
            template.alignment = Alignment(wrap_text=look.wrap, horizontal=look.horizontal,
                                           vertical=look.vertical)
            if look.border:
                side = Side(style="thin", color=GRID)
                template.border = Border(left=side, right=side, top=side, bottom=side)
            template.number_format = look.number_format
            if not look.locked:  # only then: the usual looks keep the default (locked) style
                template.protection = Protection(locked=False)
            if look.quote:
                template.quotePrefix = True
            entry = self._styles[look] = style_of(template)
        self._by_id[id(look)] = (look, *entry)  # keeps `look` alive, so its id stays its own
        return entry

    def _cell(self, value: Any, data_type: str, look: Look) -> Cell:
        return ready_cell(self.sheet, value, data_type, self._style(look))

    def text(self, value: str, look: Look) -> Cell:
        """A string cell, whatever the text looks like: one that begins like a formula (=, +,
        -, @) is also marked as text the way Excel marks it (`Look.quote`)."""
        text = safe_text(value, self.stats)
        if text and text[0] in FORMULA_START:
            look = self._quoted_look(look)
        return self._cell(text, "s", look)

    def _quoted_look(self, look: Look) -> Look:
        quoted = self._quoted.get(look)
        if quoted is None:
            quoted = self._quoted[look] = replace(look, quote=True)
        return quoted

    def number(self, value: float | int | None, look: Look) -> Cell:
        """A numeric cell; empty but styled when `value` is None or not finite (Excel has no
        infinity or NaN)."""
        if value is not None and not math.isfinite(value):
            value = None
        return self._cell(value, "n", look)


def set_up_page(sheet: Any, widths: Iterable[float], orientation: str) -> None:
    """Column widths and an A4 print set-up fitted to the page width, before any row is written."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = orientation
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def text_units(text: str) -> float:
    """Width of one line of `text` in Excel column units: a CJK character is about two units,
    a Latin one about one (UTF-8 length is 3 for the former and 1 for the latter)."""
    # "replace": heights are estimated from the text as given, which may still hold a lone
    # surrogate that safe_text removes from the cell itself.
    return (len(text.encode("utf-8", "replace")) + len(text)) / 2 * (FONT_SIZE / 11)


def line_count(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` units wide."""
    usable = max(1.0, width - 1.2)  # cell padding
    if "\n" not in text and len(text) * 2 <= usable:  # fits on one line whatever it holds
        return 1
    return sum(max(1, math.ceil(text_units(line) / usable)) for line in text.split("\n"))


def row_height(cells: Iterable[tuple[str, float]]) -> float:
    """Row height in points fitting the tallest of (text, column width) pairs."""
    lines = max((line_count(text, width) for text, width in cells if text), default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)


class StatusLooks:
    """The looks of every kind of cell in a row of each status, from the palette."""

    def __init__(self, palette: Palette) -> None:
        self.palette = palette
        self._cache: dict[tuple[str, str], Look] = {}

    def get(self, status: str, kind: str = "text") -> Look:
        """kind: text (wrapped), centre, percent or label (bold, centred)."""
        look = self._cache.get((status, kind))
        if look is None:
            style = self.palette[status] if status in self.palette.styles else None
            fill = hex_digits(style.fill) if style else None
            color = hex_digits(style.text) if style else "000000"
            look = Look(fill=fill, color=color, bold=kind == "label",
                        horizontal="center" if kind in ("centre", "label") else None,
                        number_format=PERCENT if kind == "percent" else "General",
                        wrap=kind != "percent")
            self._cache[(status, kind)] = look
        return look


HEADER = Look(fill=HEADER_FILL, color=HEADER_TEXT, bold=True, horizontal="center",
              vertical="center")
GROUP = Look(bold=True, wrap=False, border=False, size=11, vertical="center")


def status_label(palette: Palette, status: str | None) -> str:
    """The palette's label of a status (the value itself if the palette has none)."""
    if not status:
        return ""
    return palette.label(status) if status in palette.styles else status
