"""Table building blocks of the PDF: plain-text CJK cells and a long table that splits in linear
time.

reportlab's `Table` splits a long table by making the rest a new Table on every page, copying the
remaining rows' cells, styles and heights and measuring rows again, so its cost per row grows with
the table (one Table with a Paragraph per cell: 3.4 ms a row at 2,000 rows, 5.5 ms at 10,000; see
benchmarks/bench_pdf.py --naive). `PagedTable` builds and measures each row once, when it is
reached, and hands each page a small `Table` of just the rows that fit (header repeated), so time
grows with the number of rows and finished rows are let go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Callable, Sequence

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from ..common import xml_safe
from .wrap import wrap_text

# Cell padding, the same on every table (PagedTable measures rows with it).
PAD_X = 4.0
PAD_Y = 3.0

Cell = Any
"""A table cell: a plain string (drawn as is, one line per \\n) or a flowable."""


def markup(text: str) -> str:
    """Untrusted `text` as reportlab paragraph markup that shows it literally: &, < and > escaped
    (so `<b>` or `<font name=x>` is text, never a tag), XML-invalid characters dropped and line
    breaks kept."""
    lines = xml_safe(text).split("\n")
    # html.escape, not xml.sax.saxutils.escape: the same three replacements without loading
    # urllib, http.client, email and ssl (30 ms of every PDF run).
    return "<br/>".join(escape(line, quote=False) for line in lines)


class TextCell(Flowable):
    """Plain text in a table cell, in one or more parts (each starting on a new line, each with
    its own style), wrapped by the Chinese rules of `wrap` and drawn as one text object.

    Task text never passes through a markup parser here, so nothing in it can act as markup;
    and it costs far less than a Paragraph, which matters on a 10,000-row table. Only the
    style's fontName, fontSize, leading, textColor and alignment are used.
    """

    def __init__(self, parts: Sequence[tuple[str, ParagraphStyle]]) -> None:
        super().__init__()
        self.parts = [(xml_safe(text), style) for text, style in parts]
        self._wrapped_for: float | None = None
        self._lines: list[tuple[list[tuple[str, float]], ParagraphStyle]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_for != availWidth:  # measure once: the table measures, then draws
            self._lines = [(wrap_text(text, style.fontName, style.fontSize, availWidth), style)
                           for text, style in self.parts]
            self.height = sum(style.leading * len(lines) for lines, style in self._lines)
            self.width = availWidth
            self._wrapped_for = availWidth
        return self.width, self.height

    def split_at(self, height: float) -> tuple[TextCell, TextCell]:
        """This cell (wrapped already) as the lines that fit in `height` and the rest; at least one
        line goes first, so a split always makes progress."""
        first: list[tuple[list[tuple[str, float]], ParagraphStyle]] = []
        rest: list[tuple[list[tuple[str, float]], ParagraphStyle]] = []
        used = 0.0
        for lines, style in self._lines:
            fit = 0
            while fit < len(lines) and not rest and (used + style.leading <= height or
                                                       (not first and fit == 0)):
                used += style.leading
                fit += 1
            if fit:
                first.append((lines[:fit], style))
            if fit < len(lines):
                rest.append((lines[fit:], style))
        return self._from_lines(first), self._from_lines(rest)

    def _from_lines(self, lines: list[tuple[list[tuple[str, float]], ParagraphStyle]]) -> TextCell:
        cell = TextCell([])
        cell._lines = lines
        cell.width = self.width
        cell.height = sum(style.leading * len(part) for part, style in lines)
        cell._wrapped_for = self._wrapped_for
        return cell

    def draw(self) -> None:
        text = self.canv.beginText()
        top = self.height
        for lines, style in self._lines:
            text.setFont(style.fontName, style.fontSize, style.leading)
            text.setFillColor(style.textColor)
            baseline = top - style.fontSize  # where Paragraph puts its first line
            if style.alignment not in (TA_CENTER, TA_RIGHT):
                # Left aligned: place the first line, then let T* step down by the leading
                # (no coordinates to format for every line).
                text.setTextOrigin(0, baseline)
                for line, _used in lines:
                    text.textLine(line)
            else:
                for line, used in lines:
                    shift = self.width - used
                    text.setTextOrigin(shift / 2 if style.alignment == TA_CENTER else shift,
                                       baseline)
                    text.textOut(line)
                    baseline -= style.leading
            top -= style.leading * len(lines)
        self.canv.drawText(text)


def cell_style(name: str, font: str, size: float, *, leading: float | None = None,
               color: Any = None, align: int = 0) -> ParagraphStyle:
    """A paragraph style in the CJK font, breaking lines by the Chinese rules (wordWrap='CJK',
    which CJKParagraph and TextCell implement)."""
    style = ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.35,
                           wordWrap="CJK", alignment=align)
    if color is not None:
        style.textColor = color
    return style


def text_cell(text: str, style: ParagraphStyle) -> TextCell:
    """A wrapping cell showing untrusted `text` literally."""
    return TextCell([(text, style)])


def fitted_cell(text: str, style: ParagraphStyle, width: float) -> Cell:
    """A plain string when `text` fits on one line of a cell `width` wide (cheaper still: the
    table draws it directly), else a wrapping cell."""
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width - 2 * PAD_X:
        return text
    return text_cell(text, style)


@dataclass
class Row:
    """One table row: its cells and the style commands that apply to it alone, written for row 0
    (PagedTable moves them to where the row lands)."""

    cells: list[Cell]
    commands: list[tuple[Any, ...]] = field(default_factory=list)


class _Rows:
    """The rows of a PagedTable, built and measured once, shared by the pieces it splits into."""

    def __init__(self, items: Sequence[Any], build: Callable[[Any], Row],
                 widths: Sequence[float], leading: float) -> None:
        self.items = items
        self.build = build
        self.widths = list(widths)
        self.leading = leading
        self.rows: dict[int, Row] = {}
        self.heights: dict[int, float] = {}

    def row(self, index: int) -> Row:
        if index not in self.rows:
            self.rows[index] = self.build(self.items[index])
        return self.rows[index]

    def height(self, index: int) -> float:
        """Height of row `index` the way Table measures it (content plus padding)."""
        if index not in self.heights:
            self.heights[index] = measure_row(self.row(index).cells, self.widths, self.leading)
        return self.heights[index]

    def release(self, stop: int) -> None:
        """Forget rows before `stop`: they are in a page table now."""
        for index in [i for i in self.rows if i < stop]:
            del self.rows[index]


def measure_row(cells: Sequence[Cell], widths: Sequence[float], leading: float) -> float:
    """Height of a row of cells (strings set at `leading` a line) in columns `widths`."""
    tallest = 0.0
    for cell, width in zip(cells, widths):
        if isinstance(cell, Flowable):
            height = cell.wrapOn(None, width - 2 * PAD_X, 1e6)[1]
        else:
            height = leading * (str(cell).count("\n") + 1)
        tallest = max(tallest, height)
    return tallest + 2 * PAD_Y


class PagedTable(Flowable):
    """A table of one row per item that fills page after page, header repeated on each.

    `build(item)` makes an item's row when it is reached; `style` holds the commands for the
    whole table (give them as (0, 0)–(-1, -1) ranges: each page's table is restyled with them).
    `page_height` is the height of an empty frame: a row taller than that is broken across
    pages line by line.
    """

    def __init__(self, header: list[Cell], items: Sequence[Any], build: Callable[[Any], Row],
                 widths: Sequence[float], style: list[tuple[Any, ...]], leading: float,
                 page_height: float, *, continued: Callable[[Cell], Cell] | None = None,
                 _rows: _Rows | None = None, _start: int = 0) -> None:
        super().__init__()
        self.header = header
        self.widths = list(widths)
        self.style = style
        self.leading = leading
        self.page_height = page_height
        self.continued = continued or (lambda cell: cell)
        """The first cell of a row's part on the next page, from the row's first cell."""
        self._rows = _rows or _Rows(items, build, widths, leading)
        self._start = _start
        self._header_height: float | None = None

    def _rest(self, start: int) -> PagedTable:
        """The table from row `start` on, sharing this one's rows."""
        rest = PagedTable(self.header, self._rows.items, self._rows.build, self.widths,
                          self.style, self.leading, self.page_height, continued=self.continued,
                          _rows=self._rows, _start=start)
        rest._header_height = self._header_height
        return rest

    @property
    def header_height(self) -> float:
        if self._header_height is None:
            self._header_height = measure_row(self.header, self.widths, self.leading)
        return self._header_height

    def _fitting(self, avail: float) -> tuple[int, float]:
        """How many rows from the start fit under the header in `avail` points, and their height;
        stops measuring at the first row that does not fit."""
        used = self.header_height
        stop = self._start
        count = len(self._rows.items)
        while stop < count:
            height = self._rows.height(stop)
            if used + height > avail + 1e-6:
                return stop - self._start, used + height
            used += height
            stop += 1
        return stop - self._start, used

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        _count, self.height = self._fitting(availHeight)
        return self.width, self.height

    def _split_row(self, index: int, availHeight: float) -> Table:
        """A page table holding the part of row `index` that fits in `availHeight`; the row
        becomes the rest (text cells continue; the first cell, the number, is repeated as
        `continued` makes it; other short cells repeat)."""
        row = self._rows.row(index)
        room = availHeight - self.header_height - 2 * PAD_Y
        first, rest = [row.cells[0]], [self.continued(row.cells[0])]
        for cell, width in zip(row.cells[1:], self.widths[1:]):
            if isinstance(cell, TextCell):
                cell.wrapOn(None, width - 2 * PAD_X, 1e6)
                head, tail = cell.split_at(room)
                first.append(head)
                rest.append(tail)
            else:
                first.append(cell)
                rest.append(cell)
        top = Row(first, row.commands)
        table = Table([self.header, top.cells], colWidths=self.widths,
                      rowHeights=[self.header_height, measure_row(top.cells, self.widths,
                                                                  self.leading)],
                      style=self._commands([top]), repeatRows=1)
        self._rows.rows[index] = Row(rest, row.commands)
        self._rows.heights.pop(index, None)
        return table

    def _commands(self, rows: Sequence[Row]) -> list[tuple[Any, ...]]:
        """The table's style plus each row's own commands, moved to where the row lands."""
        commands = list(self.style)
        for offset, row in enumerate(rows, start=1):
            for command in row.commands:
                name, (c0, r0), (c1, r1), *rest = command
                commands.append((name, (c0, r0 + offset), (c1, r1 + offset), *rest))
        return commands

    def _page_table(self, start: int, stop: int) -> Table:
        """The rows [start, stop) under the header as a plain Table. Their heights are known
        already, so the table does not measure them again."""
        rows = [self._rows.row(i) for i in range(start, stop)]
        heights = [self.header_height] + [self._rows.height(i) for i in range(start, stop)]
        return Table([self.header] + [row.cells for row in rows], colWidths=self.widths,
                     rowHeights=heights, style=self._commands(rows), repeatRows=1)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        count, _height = self._fitting(availHeight)
        start, total = self._start, len(self._rows.items)
        if count == 0:
            if availHeight < self.page_height - 1:
                return []  # try again at the top of the next page
            # A row taller than a whole page: break its text cells, fill this page with the
            # lines that fit and carry the rest over as the next row.
            piece = self._split_row(start, availHeight)
            return [piece, self._rest(start)]
        piece = self._page_table(start, start + count)
        stop = start + count
        self._rows.release(stop)
        if stop >= total:
            return [piece]
        return [piece, self._rest(stop)]

    def draw(self) -> None:
        # Reached only when the whole remainder fits: draw it as one page table.
        table = self._page_table(self._start, len(self._rows.items))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)
