"""The dates documents carry: 成文日期 in GB/T 9704's form, and an office's deadline rules as days,
counted on China's working days (holidays and 调休 from chinesecalendar, the office's own days
laid over them)."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from yiwu_reports.core.dates import WorkingCalendar, chinese_date, due_date, is_span, parse_date
from yiwu_reports.core.errors import UsageError

FRIDAY = date(2023, 10, 20)


def test_a_date_as_a_document_prints_it():
    assert chinese_date(date(2023, 11, 5)) == "2023年11月5日"  # no leading zeros
    assert chinese_date(date(2023, 10, 20), blank_day=True) == "2023年10月\u3000日"


@pytest.mark.parametrize("rule, due", [
    ("下月5日", date(2023, 11, 5)), ("次月5日", date(2023, 11, 5)), ("本月25日", date(2023, 10, 25)),
    ("5个工作日", date(2023, 10, 27)), ("5个工作日内", date(2023, 10, 27)),
    ("10日内", date(2023, 10, 30)), ("7天", date(2023, 10, 27)),
    ("10月31日", date(2023, 10, 31)), ("1月10日", date(2024, 1, 10)),  # before the date: next year's
    ("2023-11-05", date(2023, 11, 5)), ("2023年11月6日", date(2023, 11, 6)),
    ("月底前", None), ("", None),
])
def test_deadline_rules_become_days(rule, due):
    assert due_date(rule, FRIDAY) == due


def test_the_next_month_has_fewer_days():
    assert due_date("下月31日", date(2023, 10, 20)) == date(2023, 11, 30)
    assert due_date("下月5日", date(2023, 12, 20)) == date(2024, 1, 5)


def test_working_days_skip_holidays_and_count_the_weekends_worked():
    """From Thursday 28 September 2023: 29 September to 6 October were National Day and
    Mid-Autumn, Saturday 7 and Sunday 8 October were worked (调休)."""
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2023, 9, 28), 1) == date(2023, 10, 7)
    assert calendar.add_working_days(date(2023, 9, 28), 5) == date(2023, 10, 11)
    assert not calendar.is_working_day(date(2023, 10, 2))
    assert calendar.is_working_day(date(2023, 10, 8))  # a Sunday worked
    # A plain week: Friday 20 October + 5 working days is Friday 27 October.
    assert due_date("5个工作日", FRIDAY, calendar) == date(2023, 10, 27)


def test_the_office_adds_its_own_days():
    calendar = WorkingCalendar.of(days_off=["2023-10-23"], working_days=["2023-10-21"])
    assert calendar.add_working_days(FRIDAY, 1) == date(2023, 10, 21)  # a Saturday it works
    assert calendar.add_working_days(FRIDAY, 2) == date(2023, 10, 24)  # Monday off


def test_a_year_without_a_published_schedule_counts_weekends_and_says_so(caplog):
    far = date(2099, 12, 30)  # a Wednesday
    with caplog.at_level(logging.WARNING, logger="yiwu_reports"):
        assert WorkingCalendar().add_working_days(far, 3) == date(2100, 1, 4)
    assert any("no holiday schedule for 2099" in record.message for record in caplog.records)


def test_spans_read_as_within_and_days_as_before():
    assert is_span("5个工作日") and is_span("10日内") and not is_span("下月5日")


def test_dates_given_in_settings():
    assert parse_date("2023-10-20", "x") == FRIDAY == parse_date(FRIDAY, "x")
    assert parse_date("2023年10月20日", "x") == FRIDAY
    with pytest.raises(UsageError, match="report.date must be a date"):
        parse_date("十月二十日", "report.date")
