"""Reviewer overrides applied: a reviewer's judgement wins over the automatic one and is shown as
such, the automatic one kept beside it (`Task.auto_status`, `Indicator.auto_status`).

The corrections come read from their files (`readers.read_overrides`). Naming a task or
indicator that does not exist is an error, so that a reviewer's correction is never silently
lost; a corrected figure (`actual`) makes the indicator be judged again on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..core.errors import InputError
from ..core.model import Actual, Indicator, Override, Report, Task, worst_status
from ..readers import OverrideEntry
from ..text.quotes import quote
from .judge import judge
from .quantities import parse_quantity
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
    found = FoundTarget(indicator.metric, indicator.metric, target, indicator.target.op,
                        indicator.kind, indicator.evidence.target,
                        decline="降" in indicator.metric or "降" in indicator.evidence.target)
    judgement = judge(found, actual, report.period)
    return Actual(actual.value, actual.unit), judgement.ratio, judgement.status


def _apply_to_indicator(task: Task, entry: OverrideEntry, report: Report) -> Task:
    index = _find_indicator(task, entry.indicator or "", entry)
    indicator = task.indicators[index]
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


def apply_overrides(report: Report, entries: Iterable[OverrideEntry]) -> Report:
    """The report with reviewers' corrections applied and the automatic judgements kept beside."""
    tasks = list(report.tasks)
    positions: dict[str, list[int]] = {}
    for index, task in enumerate(tasks):
        positions.setdefault(task.id, []).append(index)
    for entry in entries:
        if entry.task_id not in positions:
            raise InputError(f"override names task {entry.task_id}, which is not in the table",
                             file=entry.where)
        if len(positions[entry.task_id]) > 1:
            raise InputError(f"override names task {entry.task_id}, which appears more than once "
                             f"in the table", file=entry.where)
        index = positions[entry.task_id][0]
        task = tasks[index]
        if entry.indicator is not None:
            tasks[index] = _apply_to_indicator(task, entry, report)
            continue
        if entry.status is None:
            raise InputError(f"override for task {entry.task_id} gives a figure but no indicator",
                             file=entry.where)
        tasks[index] = replace(task, status=entry.status, override=Override(entry.status, entry.reason),
                               auto_status=task.auto_status or task.status)
    return report.with_tasks(tasks)
