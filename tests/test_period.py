import datetime as dt

import pytest

from yiwu_reports.core.errors import UsageError
from yiwu_reports.core.model import Period
from yiwu_reports.core.period import find_table_period, latest_ended_quarter, parse_period_label


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
    period = find_table_period(texts, [], [])
    assert period is not None
    assert period.label == label
    assert period.elapsed == pytest.approx(elapsed)


@pytest.mark.parametrize("texts", [["重点任务进展情况汇总表"], ["三季度进展"], ["2023年重点任务"], []])
def test_no_period_when_year_or_months_missing(texts):
    assert find_table_period(texts, [], []) is None


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
    assert find_table_period([text], [], []).label == label


@pytest.mark.parametrize("texts, label", [
    (["2023年民生实事", "最新进度(8月24日)"], "2023M1-8"),          # a date late in the month counts it
    (["2023年民生实事实施计划(截至4月10日)"], "2023Q1"),              # early in the month: the month before
    (["2023年省政府民生實(shí)事項(xiàng)目實(shí)施計(jì)劃(截至4月10日)"], "2023Q1"),
    (["全省2021年重点民生实事项目完成进度表(截至2021年8月底)"], "2021M1-8"),
    (["2012年市、区政府民政实事项目完成情况进度表(五月份)"], "2012M1-5"),
    (["2024年4月省政府民生实事项目进展情况汇总表"], "2024M1-4"),
    (["2024年政府工作报告重点工作完成情况(前三季度)"], "2024Q3"),
    (["2021年度政府重点工作任务第壹季度"], None),
    (["2023年第一季度重點工作"], "2023Q1"),
    (["2023年10月8日印发"], None),                                   # a date is no period
    (["2023年重点工作推进情况（截止到9月30日）"], "2023Q3"),
    (["2023年9月底重点任务进展"], "2023Q3"),
])
def test_dates_month_words_and_traditional_forms(texts, label):
    found = find_table_period(texts, [], [])
    assert (found.label if found else None) == label


def test_table_period_title_first_then_the_progress_column_taken():
    assert find_table_period(["2023年重点任务"], ["1-6月推进情况", "1-5月推进情况"],
                             ["全年目标"]).label == "2023H1"
    assert find_table_period(["2023年三季度"], ["1-6月推进情况"], []).label == "2023Q3"
    assert find_table_period(["2024年"], ["第二季度完成情况"], []).label == "2024H1"
    assert find_table_period([], ["进展情况"], ["2023年度目标", "三季度"]).label == "2023Q3"
    assert find_table_period(["重点任务"], ["三季度进展"], []) is None
