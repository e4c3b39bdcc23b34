"""The shipped palette (templates/statuses.json): a status never wears the hue of a warning tier,
so 待核实 is not mistaken for 黄色预警 nor 序时推进 for 蓝色预警, and the statuses tell apart from
one another in a chart. Hues are compared in HLS, on the colours that carry hue (a grey has none).
"""

from __future__ import annotations

import colorsys
from itertools import combinations

import pytest

from yiwu_reports.core.model import STATUSES
from yiwu_reports.core.palette import default_palette

PALETTE = default_palette()
TIERS = ("red", "yellow", "blue")
MIN_DEGREES = 30.0
"""Hues closer than this read as the same colour family on a page."""


def hls(colour: str) -> tuple[float, float, float]:
    red, green, blue = (int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    return hue * 360, lightness, saturation


def hue_distance(one: str, other: str) -> float:
    difference = abs(hls(one)[0] - hls(other)[0]) % 360
    return min(difference, 360 - difference)


def has_hue(colour: str) -> bool:
    return hls(colour)[2] >= 0.15


def test_the_hue_of_a_colour():
    assert round(hls("#FFD600")[0]) == 50 and round(hls("#1E6FD9")[0]) == 214
    assert hue_distance("#FF0000", "#FF0033") < 15 and hue_distance("#FF0000", "#0000FF") == 120
    assert not has_hue("#EDEDED")


@pytest.mark.parametrize("status", [s for s in STATUSES if s != "lagging"])
@pytest.mark.parametrize("tier", TIERS)
def test_a_status_never_shares_a_hue_with_a_warning_tier(status, tier):
    """滞后 alone is red, as its own 红色预警 is: a tier is a degree of lagging."""
    style, warning = PALETTE[status], PALETTE.warning(tier)
    for colour in (style.fill, style.strong, style.text):
        for tier_colour in (warning.fill, warning.strong):
            if has_hue(colour) and has_hue(tier_colour):
                assert hue_distance(colour, tier_colour) >= MIN_DEGREES, \
                    (status, colour, tier, tier_colour, hue_distance(colour, tier_colour))


@pytest.mark.parametrize("tier", ("yellow", "blue"))
def test_lagging_shares_no_hue_with_the_other_tiers(tier):
    warning = PALETTE.warning(tier)
    for colour in (PALETTE["lagging"].fill, PALETTE["lagging"].strong):
        for tier_colour in (warning.fill, warning.strong):
            assert hue_distance(colour, tier_colour) >= MIN_DEGREES


def test_the_statuses_tell_apart_in_a_chart():
    coloured = [s for s in STATUSES if has_hue(PALETTE[s].strong)]
    for one, other in combinations(coloured, 2):
        assert hue_distance(PALETTE[one].strong, PALETTE[other].strong) >= MIN_DEGREES, (one, other)


def test_the_tiers_are_their_names():
    assert hue_distance(PALETTE.warning("red").fill, "#FF0000") < 15
    assert hue_distance(PALETTE.warning("yellow").fill, "#FFFF00") < 15
    assert hue_distance(PALETTE.warning("blue").fill, "#0000FF") < 30
