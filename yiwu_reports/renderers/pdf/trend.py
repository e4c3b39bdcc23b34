"""The PDF's small per-unit trend (台账): lagging tasks per lead unit in each period of the year.

A table of the units with lagging tasks (most now first), a column per period (一季度 … 四季度; —
where there is no report), the change since the last period with a report, and a small bar
per period drawn as shapes (text in a drawing is never markup). From `ledger.Ledger`.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from ...core.palette import Palette
from ...summary import Ledger, lead_name, number_text
from .wrap import fit_line

TREND_UNITS = 20
"""Units shown (the rest are in the workbook's 台账 sheet)."""
_BAR_W, _BAR_H = 34 * mm, 11.0


def change_text(counts: tuple[int | None, ...], current: int) -> str:
    """增加2项, 减少1项, 持平, or — when no earlier period has a report."""
    now = counts[current] or 0
    before = next((counts[c] for c in range(current - 1, -1, -1) if counts[c] is not None), None)
    if before is None:
        return "—"
    if now == before:
        return "持平"
    return f"增加{now - before}项" if now > before else f"减少{before - now}项"


def sparkline(counts: tuple[int | None, ...], top: int, colour: str) -> Drawing:
    """One bar per period, as tall as its count against `top`; a baseline where none."""
    drawing = Drawing(_BAR_W, _BAR_H)
    slot = _BAR_W / max(1, len(counts))
    drawing.add(Line(0, 0.5, _BAR_W, 0.5, strokeColor=colors.HexColor("#BFBFBF"),
                     strokeWidth=0.5))
    for index, count in enumerate(counts):
        if count:
            height = (_BAR_H - 1) * count / max(1, top)
            drawing.add(Rect(index * slot + slot * 0.2, 0.5, slot * 0.6, height,
                             fillColor=colors.HexColor(colour), strokeColor=None))
    return drawing


def trend_table(ledger: Ledger, palette: Palette, font: str, table_style: list[tuple[Any, ...]],
                header_cell: Any, width: float) -> Flowable:
    """The table of the units' lagging tasks by period (at most TREND_UNITS units)."""
    columns = len(ledger.periods)
    unit_width = width - columns * 16 * mm - 22 * mm - _BAR_W - 8
    headings = [ledger.heading(c) for c in range(columns)]
    rows: list[list[Any]] = [[header_cell("牵头单位"), *map(header_cell, headings),
                              header_cell("较上期"), header_cell("趋势")]]
    shown = ledger.units[:TREND_UNITS]
    top = max((n or 0 for _unit, counts in shown for n in counts), default=1)
    colour = palette["lagging"].strong
    for unit, counts in shown:
        rows.append([fit_line(lead_name(unit), font, 8.5, unit_width - 8),
                     *(number_text(n) if n is not None else "—" for n in counts),
                     change_text(counts, ledger.current), sparkline(counts, top, colour)])
    style = [*table_style, ("ALIGN", (1, 1), (-2, -1), "CENTER"),
             ("VALIGN", (0, 1), (-1, -1), "MIDDLE")]
    return Table(rows, colWidths=[unit_width, *([16 * mm] * columns), 22 * mm, _BAR_W + 8],
                 style=style, repeatRows=1, hAlign="LEFT")


__all__ = ["TREND_UNITS", "change_text", "sparkline", "trend_table"]
