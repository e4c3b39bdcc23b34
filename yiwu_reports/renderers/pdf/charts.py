"""The PDF's two vector charts, drawn with reportlab.graphics shapes.

- the status distribution: one bar per status, with its count and share;
- lead units by status: one stacked bar per lead unit, units with the most lagging tasks first.

Shapes are used rather than reportlab's chart classes so that every label, colour and position is
ours (and identical on every run). Text in a drawing is never markup, so task data is safe here.
"""

from __future__ import annotations

import math
from typing import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...core.model import STATUSES
from ...core.palette import Palette
from ...summary import LeadSummary, Summary, lead_name, number_text, percent_text
from ..common import axis_step
from .wrap import fit_line

# Segments of a lead unit's bar: problems first, so the lagging share reads from the axis.
STACK_ORDER: tuple[str, ...] = ("lagging", "unknown", "on_track", "completed", "qualitative")
_GRID = colors.HexColor("#BFBFBF")
_INK = colors.HexColor("#262626")


def _label_ink(fill: str) -> colors.Color:
    """White on a dark segment, dark ink on a light one (amber, grey), for legible counts."""
    colour = colors.HexColor(fill)
    luminance = 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
    return colors.white if luminance < 0.6 else _INK


def status_chart(summary: Summary, palette: Palette, font: str, width: float) -> Drawing:
    """One horizontal bar per status (in the usual order), labelled 「32项 20.1%」."""
    size, row, bar = 9.0, 19.0, 12.0
    label_w = max(stringWidth(palette.label(s), font, size) for s in STATUSES) + 8
    value_w = stringWidth("99999项 100.0%", font, size) + 6
    plot_w = width - label_w - value_w
    height = row * len(STATUSES) + 4
    drawing = Drawing(width, height)
    top = max(summary.counts.values()) or 1
    for i, status in enumerate(STATUSES):
        y = height - (i + 1) * row + (row - bar) / 2
        count = summary.counts[status]
        drawing.add(String(label_w - 8, y + 3, palette.label(status), fontName=font,
                           fontSize=size, textAnchor="end", fillColor=_INK))
        drawing.add(Rect(label_w, y, plot_w, bar, fillColor=colors.HexColor("#F2F2F2"),
                         strokeColor=None))
        length = plot_w * count / top
        if count:
            drawing.add(Rect(label_w, y, length, bar, strokeColor=None,
                             fillColor=colors.HexColor(palette[status].strong)))
        text = f"{number_text(count)}项 {percent_text(summary.share(status))}"
        drawing.add(String(label_w + plot_w + 6, y + 3, text, fontName=font, fontSize=size,
                           fillColor=_INK))
    return drawing


def leads_chart(leads: Sequence[LeadSummary], palette: Palette, font: str,
                width: float) -> Drawing:
    """Stacked bars of tasks by status, one per lead unit, in the order given (most lagging
    first), with a legend and a count axis."""
    size, row, bar = 8.0, 16.0, 11.0
    legend_h, axis_h = 18.0, 16.0
    label_w = min(width * 0.24,
                  max([stringWidth(lead.lead, font, size) for lead in leads] + [24]) + 8)
    total_w = stringWidth("9999", font, size) + 6
    plot_w = width - label_w - total_w
    height = legend_h + row * len(leads) + axis_h
    drawing = Drawing(width, height)
    top = max([lead.total for lead in leads] + [1])
    step = axis_step(top)
    axis_max = step * math.ceil(top / step)
    scale = plot_w / axis_max

    # Legend across the top, in stacking order.
    x = label_w
    for status in STACK_ORDER:
        drawing.add(Rect(x, height - 11, 9, 9, strokeColor=None,
                         fillColor=colors.HexColor(palette[status].strong)))
        drawing.add(String(x + 12, height - 10, palette.label(status), fontName=font,
                           fontSize=size, fillColor=_INK))
        x += 12 + stringWidth(palette.label(status), font, size) + 14

    plot_top = height - legend_h
    # Vertical grid lines and the count axis below the bars.
    for value in range(0, axis_max + 1, step):
        gx = label_w + value * scale
        drawing.add(Line(gx, axis_h, gx, plot_top, strokeColor=_GRID, strokeWidth=0.4))
        drawing.add(String(gx, axis_h - 10, number_text(value), fontName=font, fontSize=size - 1,
                           textAnchor="middle", fillColor=_INK))

    for i, lead in enumerate(leads):
        y = plot_top - (i + 1) * row + (row - bar) / 2
        drawing.add(String(label_w - 6, y + 3, fit_line(lead_name(lead.lead), font, size, label_w - 8),
                           fontName=font, fontSize=size, textAnchor="end", fillColor=_INK))
        x = label_w
        for status in STACK_ORDER:
            count = lead.counts.get(status, 0)
            if not count:
                continue
            length = count * scale
            drawing.add(Rect(x, y, length, bar, strokeColor=colors.white, strokeWidth=0.3,
                             fillColor=colors.HexColor(palette[status].strong)))
            if length >= stringWidth(str(count), font, size - 1) + 4:
                drawing.add(String(x + length / 2, y + 3, number_text(count), fontName=font,
                                   fontSize=size - 1, textAnchor="middle",
                                   fillColor=_label_ink(palette[status].strong)))
            x += length
        drawing.add(String(x + 4, y + 3, number_text(lead.total), fontName=font, fontSize=size,
                           fillColor=_INK))
    return drawing
