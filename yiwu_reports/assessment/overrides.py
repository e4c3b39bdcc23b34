"""Reviewer overrides applied: a reviewer's judgement wins over the automatic one and is shown as
such, the automatic one kept beside it (`Task.auto_status`, `Indicator.auto_status`).

The corrections come read from their files (`readers.read_overrides`). Naming a task or
indicator that does not exist is an error, so that a reviewer's correction is never silently
lost; a corrected figure (`actual`) makes the indicator be judged again on it, and must be one
number with a unit of the target's kind (1e400亿元 is refused, not read as 1 “e400亿元”).

Nor is a correction misapplied: one made for another period or another table, a row whose task
text is not that of the task with its 序号 (the table changed, or the row was moved), and a unit's
row for a task that unit does not lead are refused, each in one line naming the file, the row
and what does not match. A 确认 (`CONFIRMED`) keeps the automatic judgement and records that a
reviewer settled it: an override of the same status whose reason begins 复核确认.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from ..core.errors import InputError, UsageError
from ..core.leads import split_leads
from ..core.model import Actual, Indicator, Override, Report, Task, worst_status
from ..core.period import parse_period_label
from ..readers import CONFIRM_REASON, CONFIRMED, OverrideEntry, title_matches
from ..text.quotes import quote
from .judge import judge
from .quantities import parse_quantity, unit_family
from .targets import FoundTarget


def _find_indicator(task: Task, which: str, entry: OverrideEntry) -> int:
    if which.isdigit():
        index = int(which) - 1
        if 0 <= index < len(task.indicators):
            return index
    for index, indicator in enumerate(task.indicators):
        if indicator.metric == which:
            return index
    raise InputError(f"task {task.id} has no indicator {which!r} (it has "
                     f"{len(task.indicators)}: {', '.join(i.metric for i in task.indicators) or 'none'})",
                     file=entry.where)


def _rejudge(indicator: Indicator, actual_text: str, report: Report, entry: OverrideEntry) -> tuple[Actual, float | None, str]:
    """The indicator judged again on a reviewer's figure: (actual, ratio, status)."""
    target = parse_quantity(f"{indicator.target.value:g}{indicator.target.unit}")
    actual = parse_quantity(actual_text, default_unit=indicator.target.unit)
    if target is None or actual is None:
        raise InputError(f"cannot read the figure {actual_text!r} for task {entry.task_id}",
                         file=entry.where, column="actual")
    _refuse_unreadable_figure(actual_text, actual.value, actual.unit, actual.family,
                              indicator, entry)
    found = FoundTarget(indicator.metric, indicator.metric, target, indicator.target.op,
                        indicator.kind, indicator.evidence.target,
                        decline="降" in indicator.metric or "降" in indicator.evidence.target)
    judgement = judge(found, actual, report.period)
    return Actual(actual.value, actual.unit), judgement.ratio, judgement.status


def _refuse_unreadable_figure(text: str, value: float, unit: str, family: str,
                              indicator: Indicator, entry: OverrideEntry) -> None:
    """A figure must be one number and a unit of the target's kind: what follows the number is
    otherwise taken for its unit (1e400亿元 would be 1 “e400亿元”)."""
    target_unit = indicator.target.unit
    target_family = unit_family(target_unit)[0] if target_unit else ""
    example = f"{indicator.target.value:g}{target_unit}"
    if not math.isfinite(value) or (unit != target_unit and not family):
        raise InputError(f"task {entry.task_id}: {text!r} is not a figure: write one number and "
                         f"its unit, such as {example}", file=entry.where, column="actual")
    if family and target_family and family != target_family:
        raise InputError(f"task {entry.task_id}: {text!r} is not in a unit of the target's "
                         f"({example})", file=entry.where, column="actual")


def _confirmation(reason: str) -> str:
    """The reason of a confirmed judgement: 复核确认, and what the reviewer added."""
    return f"{CONFIRM_REASON}：{reason}" if reason else CONFIRM_REASON


def _apply_to_indicator(task: Task, entry: OverrideEntry, report: Report) -> Task:
    index = _find_indicator(task, entry.indicator or "", entry)
    indicator = task.indicators[index]
    if entry.status == CONFIRMED:
        if entry.actual is not None:
            raise InputError(f"task {entry.task_id}: 确认 keeps the automatic judgement, but a "
                             f"figure ({entry.actual}) asks for a new one; keep one of the two",
                             file=entry.where)
        confirmed = replace(indicator, override=Override(indicator.status,
                                                         _confirmation(entry.reason)),
                            auto_status=indicator.auto_status or indicator.status)
        return replace(task, indicators=tuple(confirmed if i == index else other
                                              for i, other in enumerate(task.indicators)))
    status = entry.status
    actual = None
    ratio = indicator.ratio
    if entry.actual is not None:
        actual, ratio, judged = _rejudge(indicator, entry.actual, report, entry)
        status = status or judged
    changed = replace(indicator, status=status or indicator.status, ratio=ratio,
                      override=Override(status or indicator.status, entry.reason, actual),
                      auto_status=indicator.auto_status or indicator.status)
    indicators = list(task.indicators)
    indicators[index] = changed
    new_status = worst_status(i.status for i in indicators)
    auto = task.auto_status or task.status
    task = replace(task, indicators=tuple(indicators), status=new_status)
    if new_status != auto or task.override is not None:
        reason = entry.reason or "指标人工调整"
        task = replace(task, override=Override(new_status, f"指标{quote(changed.metric)}：{reason}"),
                       auto_status=auto)
    return task


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return quote(text if len(text) <= limit else text[:limit - 1] + "…")


def _refuse_other_table(entry: OverrideEntry, report: Report) -> None:
    """An entry made for another period or another table is refused."""
    if entry.period is not None:
        try:
            made = parse_period_label(entry.period)
        except UsageError:
            raise InputError(f"cannot read the period {entry.period!r} it was made for",
                             file=entry.where) from None
        period = report.period
        if (made.year, made.last_month) != (period.year, period.last_month):
            raise InputError(f"made for {made.zh} ({made.label}), but the table is {period.zh} "
                             f"({period.label}); give the one made for this period",
                             file=entry.where)
    if entry.table is not None and not title_matches(entry.table, report.title):
        made_from = _short(entry.table, 40) + (f" ({entry.source_file})"
                                               if entry.source_file else "")
        raise InputError(f"made from the table {made_from}, not from {_short(report.title, 40)}; "
                         f"give the one made from this table", file=entry.where)


def _refuse_other_task(entry: OverrideEntry, task: Task) -> None:
    """An entry for a task its unit does not lead, or showing another task's text, is refused."""
    if entry.unit is not None:
        units = split_leads(entry.unit) or (entry.unit,)
        if not set(units) & set(task.leads) and \
                "".join(entry.unit.split()) != "".join(task.lead.split()):
            raise InputError(f"task {task.id} is led by {task.lead or '未注明牵头单位'}, not by "
                             f"{entry.unit}: a unit corrects only its own tasks", file=entry.where)
    if entry.title is not None and not title_matches(entry.title, task.title):
        raise InputError(f"the row shows task {task.id} as {_short(entry.title)}, but task "
                         f"{task.id} of the table is {_short(task.title)}: the row no longer "
                         f"matches its 序号", file=entry.where)


def apply_overrides(report: Report, entries: Iterable[OverrideEntry]) -> Report:
    """The report with reviewers' corrections applied and the automatic judgements kept beside.
    An entry that does not match the table, period, task or unit it says it was made for is an
    `InputError` (see the module's docstring)."""
    tasks = list(report.tasks)
    positions: dict[str, list[int]] = {}
    for index, task in enumerate(tasks):
        positions.setdefault(task.id, []).append(index)
    for entry in entries:
        _refuse_other_table(entry, report)
        if entry.task_id not in positions:
            raise InputError(f"override names task {entry.task_id}, which is not in the table",
                             file=entry.where)
        if len(positions[entry.task_id]) > 1:
            raise InputError(f"override names task {entry.task_id}, which appears more than once "
                             f"in the table", file=entry.where)
        index = positions[entry.task_id][0]
        task = tasks[index]
        _refuse_other_task(entry, task)
        if entry.indicator is not None:
            tasks[index] = _apply_to_indicator(task, entry, report)
            continue
        if entry.status is None:
            raise InputError(f"override for task {entry.task_id} gives a figure but no indicator",
                             file=entry.where)
        if entry.status == CONFIRMED:  # the automatic judgement stands, settled by a reviewer
            tasks[index] = replace(task, override=Override(task.status,
                                                           _confirmation(entry.reason)),
                                   auto_status=task.auto_status or task.status)
            continue
        tasks[index] = replace(task, status=entry.status, override=Override(entry.status, entry.reason),
                               auto_status=task.auto_status or task.status)
    return report.with_tasks(tasks)
