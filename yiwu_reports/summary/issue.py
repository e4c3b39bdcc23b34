"""How a set of documents goes out: draft or final, its date (成文日期), its deadlines, its author.

While any judgement a reviewer should look at (confidence `review`) is not settled (no override,
no 确认), every document of the run is a draft: it carries the office's draft mark (征求意见稿)
and its 成文日期 leaves the day blank. When none is left, or the office decides so (`--final`),
the documents are finals: dated in full, no mark. Deadlines are days counted from the documents'
date (`core.dates`), so the same input and settings, the date among them, give the same words.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.dates import WorkingCalendar, chinese_date, due_date, is_span
from ..core.model import Period, Report, Task
from ..core.office import OfficeSettings


@dataclass(frozen=True)
class Issue:
    """What every document of a report says about its own standing and dates."""

    draft: bool
    """True while judgements wait for a reviewer and the office has not decided on a final."""
    mark: str
    """The draft mark (the office's `draft_mark`, 征求意见稿) on a draft; "" on a final."""
    date: _dt.date | None
    """The documents' date (`--date`, `[report] date`, `--as-of`, or the day of the run); None
    when nobody gave one (a document rendered from Python without a date)."""
    date_text: str
    """The 成文日期 as printed: 2023年10月20日 on a final; on a draft, or undated, the day left
    blank for the signer (2023年10月　日)."""
    moment: _dt.datetime
    """The documents' date as their properties carry it (created, modified): the date, or, when
    undated, the last day of the period."""
    measures_by: str
    """When the lagging units' 整改措施 are due, as a sentence puts it after 于: 2023年11月5日前
    (undated: the office's rule as written, 下月5日前)."""
    supplement_by: str
    """When missing figures are due: 2023年10月27日前 (undated: 5个工作日内)."""
    author: str
    """Who the documents are from (the office's organisation), for their properties."""
    unsettled: tuple[Task, ...]
    """The judgements left unsettled (on a final by the office's decision too)."""

    @property
    def state(self) -> str:
        """"draft" or "final", as the manifest and the JSON record it."""
        return "draft" if self.draft else "final"


def document_issue(report: Report, unsettled: Sequence[Task] = (),
                   office: OfficeSettings | None = None, date: _dt.date | None = None,
                   final: bool = False) -> Issue:
    """How the documents of `report` go out, `unsettled` being its judgements no reviewer has
    settled (`Summary.unsettled`)."""
    office = office or OfficeSettings()
    draft = bool(unsettled) and not final
    period = report.period
    if date is None:
        year, month = _issue_month(period)
        date_text = f"{year}年{month}月\u3000日"
        moment = _dt.datetime.combine(period_last_day(period), _dt.time())
    else:
        date_text = chinese_date(date, blank_day=draft)
        moment = _dt.datetime.combine(date, _dt.time())
    working = office.calendar()
    return Issue(draft=draft, mark=office.draft_mark if draft else "", date=date,
                 date_text=date_text, moment=moment,
                 measures_by=_due(office.measures_deadline, date, working),
                 supplement_by=_due(office.supplement_deadline, date, working),
                 author=office.organisation, unsettled=tuple(unsettled))


def _due(rule: str, date: _dt.date | None, working: WorkingCalendar) -> str:
    """「2023年11月5日前」 for a rule counted from `date`; the rule as written (「下月5日前」,
    「5个工作日内」) when there is no date or the rule is not one `due_date` reads."""
    day = due_date(rule, date, working) if date is not None else None
    if day is not None:
        return chinese_date(day) + "前"
    text = " ".join(rule.split())
    if text.endswith(("前", "内", "之前", "以前")):
        return text
    return text + ("内" if is_span(text) else "前")


def _issue_month(period: Period) -> tuple[int, int]:
    """The month after the period: when its documents are usually issued."""
    return (period.year, period.last_month + 1) if period.last_month < 12 else (period.year + 1, 1)


def period_last_day(period: Period) -> _dt.date:
    """The last day of a period (30 September for 2023Q3)."""
    return _dt.date(period.year, period.last_month,
                    calendar.monthrange(period.year, period.last_month)[1])


__all__ = ["Issue", "document_issue", "period_last_day"]
