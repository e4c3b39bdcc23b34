"""Dates the documents carry: the 成文日期 and the deadlines an office sets, as dates.

An office writes its deadlines as rules (`下月5日`, `5个工作日`); a document that goes out names
the day (2023年11月5日), counted from the document's own date. Working days are China's: weekends,
the statutory holidays and the weekends made working days (调休), from `chinese_calendar` (the
`chinesecalendar` package, updated each year when the State Council publishes the schedule),
with the office's own days off and working days laid over them. A year the package has no
schedule for yet counts weekends only, and says so once in the log.

No document library here; `chinese_calendar` is imported only when a working day is counted.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import UsageError

log = logging.getLogger("yiwu_reports")

BLANK_DAY = "\u3000"
"""What stands for the day of a date left blank (2023年10月　日): an ideographic space."""

_WORKING_DAYS = re.compile(r"^(\d{1,3})\s*个?\s*工作日\s*(?:内|之内|以内)?$")
_CALENDAR_DAYS = re.compile(r"^(\d{1,3})\s*(?:个)?\s*(?:自然日|日|天)\s*(?:内|之内|以内)?$")
_NEXT_MONTH = re.compile(r"^(?:下|次)\s*月\s*(\d{1,2})\s*[日号]$")
_THIS_MONTH = re.compile(r"^(?:本|当)\s*月\s*(\d{1,2})\s*[日号]$")
_MONTH_DAY = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$")


def chinese_date(day: _dt.date, *, blank_day: bool = False) -> str:
    """2023年11月5日 (GB/T 9704: Arabic numerals, no leading zeros); 2023年10月　日 with the day
    left blank for the signer to fill in."""
    return f"{day.year}年{day.month}月{BLANK_DAY if blank_day else str(day.day)}日"


def parse_date(value: object, where: str) -> _dt.date:
    """A date given in settings: a date (TOML 2023-10-20), or text 2023-10-20 or 2023年10月20日.
    Anything else is a `UsageError` naming `where`."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
        match = _MONTH_DAY.match(text)
        if match and match.group(1):
            try:
                return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    raise UsageError(f"{where} must be a date such as 2023-10-20, not {value!r}")


@dataclass(frozen=True)
class WorkingCalendar:
    """China's working days, with an office's own days laid over them."""

    days_off: frozenset[_dt.date] = field(default_factory=frozenset)
    """Days the office does not work though the national calendar says it does."""
    working_days: frozenset[_dt.date] = field(default_factory=frozenset)
    """Days the office works though the national calendar says it does not."""

    @classmethod
    def of(cls, days_off: Iterable[str] = (), working_days: Iterable[str] = ()) -> WorkingCalendar:
        """The calendar of an office's settings (dates as ISO text)."""
        return cls(frozenset(_dt.date.fromisoformat(day) for day in days_off),
                   frozenset(_dt.date.fromisoformat(day) for day in working_days))

    def is_working_day(self, day: _dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return _national_working_day(day)

    def add_working_days(self, start: _dt.date, count: int) -> _dt.date:
        """The `count`-th working day after `start` (start itself not counted): 5个工作日 from
        Thursday 28 September 2023 is Wednesday 11 October (National Day, then two 调休 weekend
        days worked)."""
        day = start
        left = count
        while left > 0:
            day += _dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day


_UNSCHEDULED_YEARS: set[int] = set()


def _national_working_day(day: _dt.date) -> bool:
    import chinese_calendar  # ~15 ms, only when a working day is counted

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the package has no published schedule for
        if day.year not in _UNSCHEDULED_YEARS:
            _UNSCHEDULED_YEARS.add(day.year)
            log.warning("no holiday schedule for %s in the installed chinesecalendar: working "
                        "days that year count weekends only (update chinesecalendar, or list "
                        "the days in [report] days_off and working_days)", day.year)
        return day.weekday() < 5


def due_date(rule: str, start: _dt.date, calendar_: WorkingCalendar | None = None) -> _dt.date | None:
    """The date a deadline rule names, counted from `start` (the document's date), or None for
    a rule this does not read (then the documents say the rule as written).

    下月5日 / 次月5日 → the 5th of the next month; 本月20日 → the 20th of this month; 5个工作日
    (内) → the fifth working day after `start`; 10日 / 10天 (内) → ten days after; 11月5日 → that
    day (next year's when it is before `start`); 2023-11-05 or 2023年11月5日 → that day."""
    text = " ".join(rule.split())
    if not text:
        return None
    if match := _WORKING_DAYS.match(text):
        return (calendar_ or WorkingCalendar()).add_working_days(start, int(match.group(1)))
    if match := _CALENDAR_DAYS.match(text):
        return start + _dt.timedelta(days=int(match.group(1)))
    if match := _NEXT_MONTH.match(text):
        year, month = (start.year, start.month + 1) if start.month < 12 else (start.year + 1, 1)
        return _day_of(year, month, int(match.group(1)))
    if match := _THIS_MONTH.match(text):
        return _day_of(start.year, start.month, int(match.group(1)))
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    if match := _MONTH_DAY.match(text):
        year = int(match.group(1)) if match.group(1) else start.year
        day = _day_of(year, int(match.group(2)), int(match.group(3)))
        if day is not None and not match.group(1) and day < start:
            day = _day_of(year + 1, int(match.group(2)), int(match.group(3)))
        return day
    return None


def _day_of(year: int, month: int, day: int) -> _dt.date | None:
    """That day, or the month's last when the month is shorter (下月31日 in November: 30th)."""
    if not 1 <= month <= 12 or day < 1:
        return None
    return _dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def is_span(rule: str) -> bool:
    """True for a rule that counts days from the document's date (5个工作日, 10日内): written as it
    is, it reads 「于5个工作日内」; a day reads 「于11月5日前」."""
    text = " ".join(rule.split())
    return bool(_WORKING_DAYS.match(text) or _CALENDAR_DAYS.match(text))


__all__ = ["BLANK_DAY", "WorkingCalendar", "chinese_date", "due_date", "is_span", "parse_date"]
