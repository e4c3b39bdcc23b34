"""The page's two charts as plain shapes for the template to write as inline SVG.

- the status distribution: one bar per status with its count and share;
- lead units by status: one stacked bar per lead unit, the units with the most lagging tasks first.

Geometry is computed here, markup is the template's: a chart is a list of groups, each with a
`<title>` (what a pointer or a screen reader gets) and its rectangles, lines and texts. Text widths
are estimated (a CJK character is one em, other characters about 0.6 em) because the reader's font
is not known; long lead names are cut with … and given in full in their group's title.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from ...core.model import STATUSES
from ...core.palette import Palette
from ...summary import LeadSummary, Summary, number_text, percent_text
from ..common import axis_step
from .contrast import readable_ink

INK = "#262626"
TRACK = "#F2F2F2"
GRID = "#BFBFBF"
# Segments of a lead unit's bar: problems first, so the lagging share reads from the axis (as the
# PDF's chart).
STACK_ORDER: tuple[str, ...] = ("lagging", "unknown", "on_track", "completed", "qualitative")
WIDTH = 400


@dataclass(frozen=True)
class Shape:
    """One SVG element: a rect (x, y, width, height, fill), a line (x, y to x2, y2 in colour
    `fill`) or a text (at x, y; its anchor and fill). Numbers are written as the SVG gets them."""

    kind: str
    x: str
    y: str
    width: str = ""
    height: str = ""
    x2: str = ""
    y2: str = ""
    fill: str = ""
    text: str = ""
    anchor: str = "start"
    css_class: str = ""


@dataclass(frozen=True)
class Group:
    """Shapes that belong together (a bar and its labels) and the title that says what they show."""

    title: str
    shapes: tuple[Shape, ...]
    css_class: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    font_size: int
    groups: tuple[Group, ...]


def _n(value: float) -> str:
    """A coordinate as SVG gets it: one decimal at most, no float noise, same text every run."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_width(text: str, size: float) -> float:
    """Estimated width of `text` at font size `size`: wide (CJK) characters one em, others 0.6."""
    return size * sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)


def fit_text(text: str, size: float, room: float) -> str:
    """`text`, cut with … when its estimated width exceeds `room`."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def _rect(x: float, y: float, width: float, height: float, fill: str, css_class: str = "") -> Shape:
    return Shape("rect", _n(x), _n(y), width=_n(width), height=_n(height), fill=fill,
                 css_class=css_class)


def _text(x: float, y: float, text: str, fill: str = INK, anchor: str = "start",
          css_class: str = "") -> Shape:
    return Shape("text", _n(x), _n(y), fill=fill, text=text, anchor=anchor, css_class=css_class)


def status_chart(summary: Summary, palette: Palette) -> Chart:
    """One horizontal bar per status (in the usual order), labelled 「32项 20.1%」."""
    size, row, bar = 14, 30, 18
    label_w = max(text_width(palette.label(s), size) for s in STATUSES) + 12
    value_w = text_width("99999项 100.0%", size) + 8
    plot_w = WIDTH - label_w - value_w
    top = max(summary.counts.values()) or 1
    groups = []
    for i, status in enumerate(STATUSES):
        y = i * row + (row - bar) / 2
        baseline = y + bar / 2 + size * 0.35
        count, share = summary.counts[status], percent_text(summary.share(status))
        label = palette.label(status)
        shapes = [_text(label_w - 10, baseline, label, anchor="end"),
                  _rect(label_w, y, plot_w, bar, TRACK)]
        if count:
            shapes.append(_rect(label_w, y, plot_w * count / top, bar, palette[status].strong,
                                "bar"))
        shapes.append(_text(label_w + plot_w + 8, baseline, f"{number_text(count)}项 {share}"))
        groups.append(Group(f"{label}：{number_text(count)}项，占{share}", tuple(shapes),
                            f"status-{status}"))
    parts = "，".join(f"{palette.label(s)}{number_text(summary.counts[s])}项"
                     for s in STATUSES)
    return Chart("chart-status", "图1　任务状态分布",
                 f"共{number_text(summary.total)}项任务：{parts}。", WIDTH, row * len(STATUSES),
                 size, tuple(groups))


def _legend(palette: Palette, size: int) -> tuple[list[Shape], float]:
    """Swatches and labels in stacking order, wrapped onto as many lines as needed; the shapes
    and the height they take."""
    shapes: list[Shape] = []
    x, y, line = 0.0, 0.0, size + 8
    for status in STACK_ORDER:
        label = palette.label(status)
        width = size + 4 + text_width(label, size) + 16
        if x and x + width > WIDTH:
            x, y = 0.0, y + line
        shapes.append(_rect(x, y + 2, size, size, palette[status].strong, "swatch"))
        shapes.append(_text(x + size + 4, y + size, label))
        x += width
    return shapes, y + line + 6


def leads_chart(leads: Sequence[LeadSummary], palette: Palette, caption: str) -> Chart:
    """Stacked bars of tasks by status, one per lead unit, in the order given (most lagging
    first), with a legend above and a count axis below."""
    size, row, bar, axis_h = 13, 24, 16, 20
    legend, legend_h = _legend(palette, size)
    label_w = min(WIDTH * 0.3, max([text_width(lead.lead, size) for lead in leads] + [2 * size])
                  + 10)
    total_w = text_width("99999", size) + 8
    plot_x, plot_w = label_w, WIDTH - label_w - total_w
    plot_top, plot_bottom = legend_h, legend_h + row * len(leads)
    top = max([lead.total for lead in leads] + [1])
    step = axis_step(top)
    axis_max = step * math.ceil(top / step)
    scale = plot_w / axis_max

    groups = [Group("图例", tuple(legend), "legend")]
    grid = []
    for value in range(0, axis_max + 1, step):
        gx = plot_x + value * scale
        grid.append(Shape("line", _n(gx), _n(plot_top), x2=_n(gx), y2=_n(plot_bottom), fill=GRID))
        grid.append(_text(gx, plot_bottom + axis_h - 4, number_text(value), anchor="middle",
                          css_class="tick"))
    groups.append(Group("任务数（项）", tuple(grid), "axis"))

    for i, lead in enumerate(leads):
        y = plot_top + i * row + (row - bar) / 2
        baseline = y + bar / 2 + size * 0.35
        shapes = [_text(plot_x - 6, baseline, fit_text(lead.lead, size, label_w - 10),
                        anchor="end")]
        x = plot_x
        parts = []
        for status in STACK_ORDER:
            count = lead.counts.get(status, 0)
            if not count:
                continue
            parts.append(f"{palette.label(status)}{number_text(count)}项")
            length = count * scale
            fill = palette[status].strong
            shapes.append(_rect(x, y, length, bar, fill, "bar"))
            if length >= text_width(number_text(count), size) + 4:
                shapes.append(_text(x + length / 2, baseline, number_text(count),
                                    readable_ink(fill), "middle", "on-bar"))
            x += length
        shapes.append(_text(x + 4, baseline, number_text(lead.total)))
        groups.append(Group(f"{lead.lead}：{'，'.join(parts)}，共{number_text(lead.total)}项",
                            tuple(shapes), "lead"))
    lagging = palette.label("lagging")
    description = "；".join(f"{lead.lead}共{number_text(lead.total)}项，其中{lagging}"
                           f"{number_text(lead.counts.get('lagging', 0))}项" for lead in leads)
    return Chart("chart-leads", caption, f"{description}。" if leads else "本期没有任务。", WIDTH,
                 math.ceil(plot_bottom + axis_h), size, tuple(groups))
