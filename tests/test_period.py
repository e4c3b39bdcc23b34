import datetime as dt

import pytest

from yiwu_reports.errors import UsageError
from yiwu_reports.model import Period
from yiwu_reports.period import find_period, latest_ended_quarter, parse_period_label


@pytest.mark.parametrize("texts, label, elapsed", [
    (["2023年义乌市政府工作报告重点任务三季度进展情况汇总表"], "2023Q3", 0.75),
    (["2023年重点任务（民生实事）1-9月完成情况表"], "2023Q3", 0.75),
    (["2023年重点任务", "三季度进展情况"], "2023Q3", 0.75),  # year in title, months in a header
    (["2024年一季度重点工作落实情况"], "2024Q1", 0.25),
    (["2023年上半年重点任务推进情况"], "2023H1", 0.5),
    (["2023年1—6月"], "2023H1", 0.5),
    (["2023年二季度"], "2023Q2", 0.5),
    (["2023年1-11月重点任务进展"], "2023M1-11", 11 / 12),
    (["2023年一至十一月"], "2023M1-11", 11 / 12),
    (["2022年全年重点任务完成情况"], "2022", 1.0),
])
def test_period_found_in_title_or_headers(texts, label, elapsed):
    period = find_period(texts)
    assert period is not None
    assert period.label == label
    assert period.elapsed == pytest.approx(elapsed)


@pytest.mark.parametrize("texts", [["重点任务进展情况汇总表"], ["三季度进展"], ["2023年重点任务"], []])
def test_no_period_when_year_or_months_missing(texts):
    assert find_period(texts) is None


@pytest.mark.parametrize("label, expected", [
    ("2023Q3", Period(2023, "quarter", 9)), ("2023q1", Period(2023, "quarter", 3)),
    ("2023H1", Period(2023, "half", 6)), ("2023M1-11", Period(2023, "months", 11)),
    ("2023M11", Period(2023, "months", 11)), ("2023", Period(2023, "year", 12)),
    ("2023M1-9", Period(2023, "quarter", 9)),
])
def test_period_labels(label, expected):
    assert parse_period_label(label) == expected


def test_label_round_trip():
    for label in ("2023Q1", "2023Q2", "2023Q3", "2023Q4", "2023H1", "2023M1-11", "2023"):
        assert parse_period_label(label).label == label


@pytest.mark.parametrize("bad", ["Q3", "2023Q5", "2023M13", "twenty", ""])
def test_bad_period_labels(bad):
    with pytest.raises(UsageError):
        parse_period_label(bad)


@pytest.mark.parametrize("day, label", [
    (dt.date(2023, 10, 15), "2023Q3"), (dt.date(2023, 10, 1), "2023Q3"),
    (dt.date(2023, 9, 30), "2023Q2"), (dt.date(2024, 1, 1), "2023Q4"),
    (dt.date(2023, 12, 31), "2023Q3"), (dt.date(2023, 4, 1), "2023Q1"),
])
def test_latest_ended_quarter(day, label):
    assert latest_ended_quarter(day).label == label


def test_chinese_names():
    assert Period(2023, "quarter", 9).zh == "2023年三季度"
    assert Period(2023, "months", 11).zh == "2023年1-11月"


@pytest.mark.parametrize("text, label", [
    ("二〇二三年三季度重点任务", "2023Q3"), ("2023年重点任务推进情况（截至9月底）", "2023Q3"),
    ("2024年截至6月末进展", "2024H1"), ("2023年截止十一月底", "2023M1-11"),
])
def test_more_ways_of_naming_a_period(text, label):
    assert find_period([text]).label == label
