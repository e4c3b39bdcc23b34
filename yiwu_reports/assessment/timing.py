"""Which stretch of time a reported figure covers, from the words before it in its sentence.

The last period word before a figure applies to it (「1-5月…增长4.2%，预计1-6月…增长6.2%」: 4.2% is
for 1-5月, 6.2% for 1-6月). Against the report's period a figure is:

- `period`: for the report's period (1-9月 or 前三季度 in a Q3 report, or no period word at all);
- `earlier`: a cumulative figure to an earlier month of the year (1-8月, 截至8月底, 8月底, 8月累计, 上半年
  in a Q3 report): the latest there is, usable for a growth rate or a level but not as the
  period's amount;
- `excluded`: one month or quarter alone (9月份, 当月, 三季度 is not here: offices use it for the
  year to date), an average (月均), a forecast for a later part of the year (预计全年).

An estimate (预计, 预估 …) for the report's period stands for the period's figure when none is
reported (the labels' rule); it is marked so that the judgement says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.model import Period

_MARK = re.compile(
    r"(?=[\d截至到当单本月前第一二三四上下全年每日周])"  # skips most positions at once: 3 times faster
    r"(?:(?P<span>(?P<a>\d{1,2})\s*[-—–~～至到]\s*(?P<b>\d{1,2})\s*月(?:份)?)"
    r"|(?P<upto>(?:截至|截止|至|到)(?:\s*20\d\d\s*年)?\s*(?P<c>\d{1,2})\s*月(?:份)?(?:底|末|中旬|上旬|下旬)?)"
    r"|(?P<ytd>(?P<d>\d{1,2})\s*月(?:份)?(?:(?:末|底)?累计|底|末))"
    r"|(?P<month>\d{1,2}\s*月份|当月|单月|本月|月度)"
    r"|(?P<season>前三季度|前两季度|前二季度|第?[一二三四]季度|上半年|下半年|全年|年底|年末)"
    r"|(?P<average>月均|日均|周均|每月|每周|每天|每日))")
_SEASON_MONTH = {"一季度": 3, "第一季度": 3, "上半年": 6, "前两季度": 6, "前二季度": 6, "二季度": 6,
                 "第二季度": 6, "前三季度": 9, "三季度": 9, "第三季度": 9, "四季度": 12, "第四季度": 12,
                 "全年": 12, "年底": 12, "年末": 12}
_QUARTER_ONLY = {"二季度", "第二季度", "四季度", "第四季度", "下半年"}
_ESTIMATE = re.compile(r"预计|预估|预测|估计|初步测算|有望")


@dataclass(frozen=True)
class Timing:
    """What stretch of time a figure covers, judged against the report's period."""

    kind: str
    """"period", "earlier" or "excluded" (see the module's docstring)."""
    word: str = ""
    """The period word that decided it (1-8月, 当月 …), "" when there was none."""
    estimate: bool = False
    """The figure is an estimate or forecast (预计…), not a reported result."""
    month: int = 0
    """For an `earlier` figure, the last month it covers (to prefer the latest)."""


PERIOD = Timing("period")
"""A figure for the report's period, reported (not estimated)."""
_PERIOD_ESTIMATE = Timing("period", "", True)


def period_marks(text: str) -> list[re.Match[str]]:
    """The period words of a whole text, found once for all its figures."""
    return list(_MARK.finditer(text))


def figure_timing(sentence_before: str, clause_before: str, period: Period,
                  marks: list[re.Match[str]] | None = None, offset: int = 0) -> Timing:
    """The timing of a figure whose sentence reads `sentence_before` up to it (and whose own
    clause reads `clause_before`). `marks`, the period words of the whole text, saves searching
    again; `offset` is where the sentence starts in that text."""
    last = None
    if marks is not None and not marks:
        return _PERIOD_ESTIMATE if _ESTIMATE.search(clause_before) else PERIOD
    if marks is None:
        for match in _MARK.finditer(sentence_before):
            last = match
    else:
        end = offset + len(sentence_before)
        for match in marks:
            if match.start() >= offset and match.end() <= end:
                last = match
            elif match.start() >= end:
                break
    if last is None:
        return Timing("period", "", _ESTIMATE.search(clause_before) is not None)
    scope = sentence_before[max(0, last.start() - offset - 4):]
    estimate = _ESTIMATE.search(scope) is not None
    word = last.group(0)
    month = _last_month(last, period)
    if month is None:
        return Timing("excluded", word, estimate)
    if month > period.last_month and estimate:
        return Timing("excluded", word, estimate)  # 预计全年: a forecast for the year
    if month >= period.last_month:
        return Timing("period", word, estimate)
    return Timing("earlier", word, estimate, month)


def _last_month(match: re.Match[str], period: Period) -> int | None:
    """The last month a year-to-date figure covers, None when it is no year-to-date figure."""
    if match.group("span"):
        first, last = int(match.group("a")), int(match.group("b"))
        return last if first == 1 and 1 <= last <= 12 else None
    if match.group("upto"):
        return int(match.group("c")) if 1 <= int(match.group("c")) <= 12 else None
    if match.group("ytd"):  # 8月累计, and 9月底 alone (预计9月底可达4500个): the year to then
        return int(match.group("d")) if 1 <= int(match.group("d")) <= 12 else None
    if match.group("season"):
        word = match.group("season")
        month = _SEASON_MONTH.get(word)
        if word in _QUARTER_ONLY and month != period.last_month:
            return None  # 二季度 alone in a Q3 report: one quarter, not the year to date
        return month
    return None  # one month (9月份, 当月) or an average (月均)
