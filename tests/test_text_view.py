"""One view per text, shared by the steps that read it (assessment/view.py), and the reasons the
steps give for setting a figure aside."""

from __future__ import annotations

import dataclasses

import pytest

from yiwu_reports.assessment.actuals import find_candidates
from yiwu_reports.assessment.quantities import find_quantities, to_halfwidth
from yiwu_reports.assessment.text import QuoteIndex, clause_bounds, sentence_bounds
from yiwu_reports.assessment.view import TextView, text_view
from yiwu_reports.core.period import parse_period_label

TEXT = "全年新增“两个１００亿元”工程投资4-5亿元，培训2600余人次。其中1-9月完成３.５万亩；PM2.5浓度为24"


def test_a_text_has_one_view_made_once():
    assert text_view(TEXT) is text_view(TEXT)
    assert text_view(TEXT) is not text_view(TEXT + "。")


def test_the_view_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        text_view(TEXT).text = ""  # type: ignore[misc]


def test_the_view_holds_the_half_width_text_and_its_quantities():
    view = text_view(TEXT)
    assert view.original == TEXT
    assert view.text == to_halfwidth(TEXT) and len(view.text) == len(TEXT)
    assert list(view.quantities) == find_quantities(view.text)  # each quantity.text half-width
    assert [q.text for q in view.quantities] == ["两个", "100亿元", "4-5亿元", "2600余人次", "3.5万亩"]


@pytest.mark.parametrize("position", range(len(TEXT)))
def test_clauses_sentences_and_quotes_agree_with_the_text_helpers(position):
    view = text_view(TEXT)
    assert view.clause(position) == clause_bounds(view.text, position)
    assert view.sentence(position) == sentence_bounds(view.text, position)
    assert view.quoted(position) == QuoteIndex(view.text).inside(position)


def test_a_quantity_keeps_its_index_when_a_step_reads_it_again():
    view = text_view(TEXT)
    ranged = view.quantities[2]
    assert ranged.text == "4-5亿元" and view.index_of(ranged) == 2
    assert view.index_of(ranged.lower_bound()) == 2  # read as at least 4亿元
    assert [view.index_of(q) for q in view.quantities] == [0, 1, 2, 3, 4]


def test_a_figure_only_one_reading_finds_has_no_index():
    view = text_view(TEXT)
    bare = [c.quantity for c in find_candidates(TEXT, parse_period_label("2023Q3"))
            if c.quantity.text == "24"]
    assert len(bare) == 1 and view.index_of(bare[0]) is None


def test_the_view_is_a_frozen_dataclass_of_the_text_and_its_quantities():
    assert dataclasses.is_dataclass(TextView)
    assert [f.name for f in dataclasses.fields(TextView)] == ["original", "text", "quantities"]


@pytest.mark.parametrize(("text", "figure", "reason"), [
    ("去年完成投资120亿元，今年已完成98亿元", "120亿元", "previous year (去年)"),
    ("“两个100亿元”工程完成投资20亿元", "100亿元", "name"),
    ("9月份新增就业1200人，1-9月新增就业9800人", "1200人", "sub-period (9月份)"),
    ("30个项目中已完成23个", "30个", "the whole set"),
    ("亩均税收6万元以下企业整治完成40家", "6万元", "threshold of a group"),
    ("1-9月新增就业9800人", "9800人", None),
])
def test_each_figure_set_aside_says_why(text, figure, reason):
    candidates = find_candidates(text, parse_period_label("2023Q3"))
    assert [c.excluded for c in candidates if c.quantity.text == figure] == [reason]
