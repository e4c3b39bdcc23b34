"""Quarter over quarter: how each task moved since the previous period's table.

Tasks are paired by their text first (ids are renumbered between quarters more often than tasks
are reworded), then by id. Each task of the current report gets a `Change`: last period's status,
whether it moved, the change in its completion ratio, and the metrics newly reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..core.errors import InputError
from ..core.model import STATUSES, Change, Report, Task
from .display import main_indicator


def _key(title: str) -> str:
    return re.sub(r"[\s，。；、：:,.;“”\"'（）()]", "", title)


def _ratio(task: Task) -> float | None:
    indicator = main_indicator(task)
    return indicator.ratio if indicator else None


def _change(task: Task, before: Task | None) -> Change:
    if before is None:
        return Change(previous_status=None, status_moved=False)
    now_ratio, then_ratio = _ratio(task), _ratio(before)
    ratio_change = None
    if now_ratio is not None and then_ratio is not None:
        ratio_change = round(now_ratio - then_ratio, 3)
    had_figure = {i.metric for i in before.indicators if i.actual is not None}
    new_figures = tuple(i.metric for i in task.indicators
                        if i.actual is not None and i.metric not in had_figure)
    return Change(previous_status=before.status, status_moved=before.status != task.status,
                  previous_ratio=then_ratio, ratio_change=ratio_change, new_figures=new_figures)


def pair_tasks(tasks: Sequence[Task], earlier: Sequence[Task]) -> list[Task | None]:
    """Each task's counterpart among `earlier` (another period's tasks), or None: by text first,
    then by id, each earlier task paired once. Used by the comparison and the 台账 alike."""
    by_title: dict[str, Task] = {}
    by_id: dict[str, Task] = {}
    for task in earlier:
        by_title.setdefault(_key(task.title), task)
        by_id.setdefault(task.id, task)
    paired: set[int] = set()
    found: list[Task | None] = []
    for task in tasks:
        before = by_title.get(_key(task.title))
        if before is None or id(before) in paired:
            candidate = by_id.get(task.id)
            before = candidate if candidate is not None and id(candidate) not in paired else None
        if before is not None:
            paired.add(id(before))
        found.append(before)
    return found


def compare(report: Report, previous: Report) -> Report:
    """`report` with every task's change since `previous` (both assessed)."""
    if previous.period.year == report.period.year and \
            previous.period.last_month >= report.period.last_month:
        raise InputError(f"the previous table covers {previous.period.label}, which is not "
                         f"before {report.period.label}", file=previous.source_file or None)
    counterparts = pair_tasks(report.tasks, previous.tasks)
    tasks = [replace(task, change=_change(task, before))
             for task, before in zip(report.tasks, counterparts)]
    paired = {id(before) for before in counterparts if before is not None}
    previous_only = tuple(t.id for t in previous.tasks if id(t) not in paired)
    counts = {status: 0 for status in STATUSES}
    for task in previous.tasks:
        counts[task.status] = counts.get(task.status, 0) + 1
    return report.with_tasks(tasks, previous_period=previous.period, previous_only=previous_only,
                             previous_counts=tuple(counts.items()))
