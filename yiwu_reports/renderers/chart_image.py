"""The status distribution as a bar chart image (PNG) for the Word briefing, drawn with Pillow.

Pillow rather than reportlab's bitmap renderer: renderPM needs the rlPyCairo backend and pycairo,
which builds against the system's cairo, a native dependency the package does not otherwise
have; Pillow is already installed (reportlab depends on it), draws TrueType text from a .ttc
sub-font, and five bars need nothing more. The PDF renderer draws its own vector charts.

Chinese labels need a CJK font (`fonts.find_cjk_font()` or the user's). Without one the chart
carries no words at all, only bars and figures, and the document's caption names the colours:
boxes (tofu) in a leadership briefing would be worse than no labels. The PNG has no timestamp or
other metadata, so the same counts and font give the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Mapping, Sequence

from PIL import Image, ImageDraw, ImageFont

from ..display import percent_text
from ..fonts import FontChoice

WIDTH, HEIGHT = 1800, 900
DPI = 300
_TOP, _BOTTOM, _SIDE = 130, 150, 90
_AXIS = (128, 128, 128)
_TEXT = (38, 38, 38)


@dataclass(frozen=True)
class Bar:
    """One bar: its label (may be CJK), count, share of all tasks and colour (#RRGGBB)."""

    label: str
    count: int
    share: float
    colour: str


@dataclass(frozen=True)
class ChartImage:
    png: bytes
    labelled: bool
    """True when the bars carry their (Chinese) labels; False when a CJK font was missing."""


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _font(choice: FontChoice | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if choice is not None:
        return ImageFont.truetype(str(choice.path), size, index=choice.index)
    try:
        return ImageFont.load_default(size)  # Pillow >= 10.1: a scalable Latin font
    except TypeError:  # pragma: no cover - older Pillow: a small bitmap font
        return ImageFont.load_default()


def _centred(draw: ImageDraw.ImageDraw, x: float, baseline: float, text: str,
             font: ImageFont.FreeTypeFont | ImageFont.ImageFont, fill: int) -> None:
    """`text` centred on x with its bottom at `baseline`."""
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text((x - (right - left) / 2 - left, baseline - bottom), text, font=font, fill=fill)


def _palette(solid: Sequence[tuple[int, int, int]]) -> tuple[list[int], int]:
    """A 256-colour palette: the solid colours first, then a ramp from the text colour (at the
    returned index) to white (255), which anti-aliased text on white blends along."""
    ink = len(solid)
    ramp = [tuple(round(t + (255 - t) * (index - ink) / (255 - ink)) for t in _TEXT)
            for index in range(ink, 256)]
    return [channel for colour in (*solid, *ramp) for channel in colour], ink


def bar_chart(bars: Sequence[Bar], font: FontChoice | None) -> ChartImage:
    """A PNG bar chart of `bars`, with labels when `font` (a CJK font) is given."""
    # Drawn as an 8-bit palette image: a third of the pixels of RGB to fill and to compress
    # (PNG encoding dominated the chart's cost). Drawing happens in greyscale mode, where Pillow
    # blends anti-aliased text by index, so the indices from the ink to white form a ramp of the
    # real colours; the bars and the axis take the solid indices below the ink, and no text
    # touches them.
    solid = list(dict.fromkeys([_AXIS, *(_rgb(bar.colour) for bar in bars)]))
    palette, ink = _palette(solid)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    value_font = _font(font, 46)
    label_font = _font(font, 52)
    base = HEIGHT - _BOTTOM
    plot_height = base - _TOP
    slot = (WIDTH - 2 * _SIDE) / max(1, len(bars))
    biggest = max((bar.count for bar in bars), default=0) or 1
    for index, bar in enumerate(bars):
        centre = _SIDE + slot * (index + 0.5)
        half = slot * 0.28
        height = plot_height * bar.count / biggest
        if bar.count:
            draw.rectangle((round(centre - half), round(base - height), round(centre + half), base),
                           fill=solid.index(_rgb(bar.colour)))
        figure = (f"{bar.count}项 {percent_text(bar.share)}" if font
                  else f"{bar.count} ({percent_text(bar.share)})")
        _centred(draw, centre, base - height - 16, figure, value_font, ink)
        if font:
            _centred(draw, centre, base + 78, bar.label, label_font, ink)
    draw.line((_SIDE // 2, base, WIDTH - _SIDE // 2, base), fill=solid.index(_AXIS), width=3)
    image.putpalette(palette)  # now a "P" image with these colours
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(DPI, DPI), compress_level=6)
    return ChartImage(out.getvalue(), labelled=font is not None)


def status_bars(counts: Mapping[str, int], total: int, labels: Mapping[str, str],
                colours: Mapping[str, str]) -> list[Bar]:
    """One bar per status, in the order of `counts`."""
    return [Bar(labels[status], count, count / total if total else 0.0, colours[status])
            for status, count in counts.items()]
