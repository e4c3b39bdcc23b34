"""Find the reporting period in a table's title or headers, or parse one given by the user."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from ..text.chinese_script import simplify_common
from .errors import UsageError
from .model import Period

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10, "十一": 11, "十二": 12}
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR_TEXT = r"(?:19|20)\d{2}|[二][〇零○][一二三四五六七八九〇零○]{2}"
_SPAN = re.compile(_MONTH + r"\s*[-－—–~～至到]+\s*" + _MONTH + r"\s*月")
_YEAR = re.compile(r"(" + _YEAR_TEXT + r")\s*(?:年|年度)")
# 截至9月底, 截至2021年8月底, 截至4月10日: the year to that month (a day before the 20th counts
# the month before: a table 截至4月10日 reports on the first quarter).
_UNTIL = re.compile(r"截[至止]到?\s*(?:(?:" + _YEAR_TEXT + r")\s*年\s*)?" + _MONTH
                    + r"\s*月\s*(?:底|末|份|(\d{1,2})\s*[日号])?")
# A date in brackets after a header or title: 最新进度(8月24日).
_DATED = re.compile(r"[(（]\s*(?:(?:" + _YEAR_TEXT + r")\s*年\s*)?" + _MONTH
                    + r"\s*月\s*(\d{1,2})\s*[日号]\s*[)）]")
# 五月份, (5月份): January to May; 2024年4月 in a title: January to April.
_MONTH_ONLY = re.compile(r"(?<![\d\-－—–~～至到])" + _MONTH + r"\s*月份")
_YEAR_MONTH = re.compile(r"(?:" + _YEAR_TEXT + r")\s*年\s*" + _MONTH
                         + r"\s*月(?!\s*\d|\s*[-－—–~～至到])")
# A month alone (10月进展, 7月份推进情况): January to it; last, after every other form.
_BARE_MONTH = re.compile(r"(?<![\d\-－—–~～至到.．])" + _MONTH
                         + r"\s*月(?!\s*\d|\s*[-－—–~～至到日号底末初中])")
_CN_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
_LABEL = re.compile(r"^\s*(\d{4})\s*(?:[-_ ]?\s*(?:(Q)([1-4])|(H)([12])|(M)(?:1\s*-\s*)?(\d{1,2})))?\s*$",
                    re.IGNORECASE)
# A day of the month from which that month counts as reported on.
_LATE_IN_MONTH = 20

# Period words, most specific first. Each maps to (kind, last month).
_WORDS: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(r"(?:第?[一1]|首)季度|Q1\b", re.IGNORECASE), "quarter", 3),
    (re.compile(r"上半年|半年度"), "half", 6),
    (re.compile(r"(?:前|第)?(?:二|2)季度|Q2\b", re.IGNORECASE), "quarter", 6),
    (re.compile(r"(?:前|第)?(?:三|3)季度|Q3\b", re.IGNORECASE), "quarter", 9),
    (re.compile(r"(?:第?(?:四|4)季度|全年|下半年|年底|年终)|Q4\b", re.IGNORECASE), "year", 12),
)


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _CN_DIGITS[text]


def period_from_months(year: int, last_month: int) -> Period:
    """The period for January to `last_month`, named as a quarter, half or year when it is one."""
    if last_month == 12:
        return Period(year, "year", 12)
    if last_month == 6:
        return Period(year, "half", 6)
    if last_month in (3, 9):
        return Period(year, "quarter", last_month)
    return Period(year, "months", last_month)


def _until(match: re.Match[str]) -> int | None:
    """The last month reported on by 截至M月[D日]; None when it is no month (截至1月10日)."""
    last = _month_number(match.group(1))
    day = match.group(2)
    if day is not None and int(day) < _LATE_IN_MONTH:
        last -= 1
    return last if 1 <= last <= 12 else None


def _find_in(text: str) -> tuple[int | None, int | None, str | None]:
    """(year, last month, kind) found in one piece of text; None where it says nothing."""
    text = simplify_common(text)
    year_match = _YEAR.search(text)
    year = int(year_match.group(1).translate(_CN_YEAR_DIGITS)) if year_match else None
    span = _SPAN.search(text)
    if span and _month_number(span.group(1)) == 1:
        last = _month_number(span.group(2))
        if 1 <= last <= 12:
            return year, last, None
    for pattern, kind, last in _WORDS:
        if pattern.search(text):
            return year, last, kind
    for dated in (_UNTIL, _DATED):  # 截至9月底, 截至4月10日, 最新进度(8月24日)
        match = dated.search(text)
        if match:
            last_month = _until(match)
            if last_month is not None:
                return year, last_month, None
    for single in (_MONTH_ONLY, _YEAR_MONTH, _BARE_MONTH):  # (五月份), 2024年4月…, 10月进展
        match = single.search(text)
        if match:
            last = _month_number(match.group(1))
            if 1 <= last <= 12:
                return year, last, None
    return year, None, None


def last_month_in(text: str) -> int | None:
    """The last month a header or title names (1-6月推进情况 → 6, 三季度 → 9), or None."""
    return _find_in(text)[1]


def _as_period(year: int, last: int, kind: str | None) -> Period:
    if kind == "quarter" and last == 6:
        return Period(year, "quarter", 6)  # 二季度 stays a quarter; 1-6月 and 上半年 are H1
    return period_from_months(year, last)


def find_table_period(titles: Sequence[str], progress_headers: Sequence[str],
                      other_headers: Sequence[str]) -> Period | None:
    """The period a table states: its title (and lines above the header) first; else the first
    of its progress columns' headers that names one (the reader lists the column it took for the
    progress first: the latest period's, 1-6月推进情况 beside 1-5月推进情况); else the first other
    header that names one. The year may come from any of them, in that order."""
    title_found = [_find_in(text) for text in titles if text]
    progress_found = [_find_in(text) for text in progress_headers if text]
    other_found = [_find_in(text) for text in other_headers if text]
    every = title_found + progress_found + other_found
    year = next((found_year for found_year, _l, _k in every if found_year is not None), None)
    months = next(((last, kind) for _y, last, kind in title_found if last is not None), None)
    if months is None:
        # A progress column is cumulative: 「第二季度完成情况」 reports on the first half year.
        months = next(((last, "half" if last == 6 else kind) for _y, last, kind in progress_found
                       if last is not None), None)
    if months is None:
        months = next(((last, kind) for _y, last, kind in other_found if last is not None), None)
    if year is None or months is None:
        return None
    return _as_period(year, *months)


def parse_period_label(label: str) -> Period:
    """Parse a period given by a user: 2023Q3, 2023H1, 2023M1-11 (or 2023M11), 2023."""
    match = _LABEL.match(label)
    if not match:
        raise UsageError(f"cannot read period {label!r}: use e.g. 2023Q3, 2023H1, 2023M1-11 or 2023")
    year = int(match.group(1))
    if match.group(2):
        return Period(year, "quarter", int(match.group(3)) * 3)
    if match.group(4):
        return Period(year, "half", int(match.group(5)) * 6) if match.group(5) == "1" \
            else Period(year, "year", 12)
    if match.group(6):
        last = int(match.group(7))
        if not 1 <= last <= 12:
            raise UsageError(f"cannot read period {label!r}: month {last} is not 1-12")
        return period_from_months(year, last)
    return Period(year, "year", 12)


def latest_ended_quarter(as_of: _dt.date) -> Period:
    """The most recent quarter that has ended by `as_of` (2023-10-15 gives 2023Q3)."""
    quarter = (as_of.month - 1) // 3  # quarters fully ended this year
    if quarter == 0:
        return Period(as_of.year - 1, "quarter", 12)
    return Period(as_of.year, "quarter", quarter * 3)
