"""Chinese line breaking in PDF cells: punctuation never starts or ends a line wrongly, numbers
stay whole where they can, no line is wider than its cell, and no character is lost."""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from yiwu_reports.renderers.pdf import system_fonts as fonts  # noqa: E402
from yiwu_reports.renderers.pdf.fonts import register  # noqa: E402
from yiwu_reports.renderers.pdf.tables import cell_style, markup  # noqa: E402
from yiwu_reports.renderers.pdf.wrap import (
    CANNOT_END,
    CANNOT_START,
    CJKParagraph,
    char_widths,
    wrap_text,
)

FONT = register(fonts.find_cjk_font()).name  # the TrueType font, or STSong-Light without one
SIZE = 10.0


def lines_of(text: str, width: float) -> list[str]:
    return [line for line, _used in wrap_text(text, FONT, SIZE, width)]


def width_of(text: str) -> float:
    return sum(char_widths(text, FONT, SIZE))


def test_closing_punctuation_never_starts_a_line():
    text = "收入倍差持续缩小，能源指标完成上级下达的任务。"
    # Exactly wide enough for the eight characters before the comma: the comma would start
    # line two; instead 小 goes down with it.
    lines = lines_of(text, width_of("收入倍差持续缩小"))
    assert all(line[0] not in CANNOT_START for line in lines[1:]), lines
    assert "".join(lines) == text


def test_opening_punctuation_never_ends_a_line():
    text = "中国民航局冬航季（青岛会议）时刻协调会"
    lines = lines_of(text, width_of("中国民航局冬航季（"))
    assert all(line[-1] not in CANNOT_END for line in lines), lines
    assert "".join(lines) == text


def test_numbers_and_latin_runs_stay_whole_when_they_can():
    text = "完成一般公共预算收入122.62亿元，增长7.5%，PM2.5浓度下降"
    # The line would naively end inside 122.62.
    lines = lines_of(text, width_of("完成一般公共预算收入122"))
    assert lines[0] == "完成一般公共预算收入"
    for run in ("122.62", "7.5%", "PM2.5"):
        assert any(run in line for line in lines), (run, lines)


def test_a_run_longer_than_the_line_is_broken_inside_the_cell():
    text = "网址https://example.com/a/very/long/path/that/cannot/fit/on/one/line/at/all"
    width = width_of("网址https://exa")
    lines = lines_of(text, width)
    assert len(lines) > 2
    assert all(width_of(line) <= width + 1e-6 for line in lines)
    assert "".join(lines) == text


def test_doubled_dash_and_ellipsis_are_not_split():
    text = "一二三四五——六七八九十……"
    for cut in range(4, 12):  # room for a character and the two-character mark
        lines = lines_of(text, width_of(text[:cut]))
        assert not any(line.startswith(("—", "…")) for line in lines[1:]), (cut, lines)


def test_newlines_start_new_lines_and_spaces_do_not_start_them():
    lines = lines_of("第一行\n第二行 很长很长很长很长", width_of("第二行 很长"))
    assert lines[0] == "第一行" and lines[1].startswith("第二行")
    assert not any(line.startswith(" ") for line in lines)


cjk_text = st.text(alphabet=st.sampled_from(list("政府工作报告重点任务进展完成率序时亿元万个"
                                                 "，。、；：（）“”《》0123456789.%ABCxyz ")),
                   max_size=300)


@settings(max_examples=150, deadline=None)
@given(text=cjk_text, chars=st.integers(min_value=3, max_value=40))
def test_lines_fit_and_nothing_is_lost(text, chars):
    width = chars * SIZE * 0.6
    lines = lines_of(text, width)
    for line in lines:
        assert width_of(line) <= width + 1e-6 or len(line) == 1, (line, width)
    # Only spaces at the start of a wrapped line are dropped.
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=60, deadline=None)
@given(text=cjk_text, chars=st.integers(min_value=4, max_value=30))
def test_paragraph_breaks_lines_the_same_way(text, chars):
    """CJKParagraph (titles, headings) breaks as the plain cells do."""
    width = chars * SIZE
    style = cell_style("t", FONT, SIZE)
    paragraph = CJKParagraph(markup(text), style)
    paragraph.wrap(width, 10_000)
    got = ["".join(frag.text for frag in line.words) for line in paragraph.blPara.lines]
    got = [line for line in got if line.strip()] if not text.strip() else got
    # The markup parser collapses runs of spaces, as it does for every paragraph.
    expected = lines_of(" ".join(text.split()), width) if text.strip() else []
    assert [g.strip() for g in got] == [e.strip() for e in expected]
