"""Assessment: find each task's targets and reported figures and judge it against 序时进度.

Pure functions over the model: `assess_report` gives every task its indicators (target, actual,
ratio, status, evidence) and a task status by the rules in gold/GUIDE.md; reviewer overrides (read
from their files by `readers.read_overrides`), when given, win over the automatic judgement and
are recorded beside it. Lagging tasks get a warning tier (`warning_tiers`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..core.model import Report, Task
from ..readers import OverrideEntry
from .engine import TableContext, assess_task
from .layout_doubt import columns_doubt, with_doubt
from .overrides import apply_overrides
from .figure_range import masked_task, oversized_warning
from .simplified import simplified_task, with_original_text
from .unused_figures import figures_unused
from .verdicts import disagrees
from .warning_tiers import (
    WarningRules,
    grade,
    points_behind,
    points_figure,
    tier_counts,
    unknown_again,
)

__all__ = ["WarningRules", "apply_overrides", "assess_report", "disagrees", "grade",
           "points_behind", "points_figure", "tier_counts", "unknown_again"]


def assess_report(report: Report, overrides: Iterable[OverrideEntry] = ()) -> Report:
    """The report with every task judged against its period's elapsed share, then reviewers'
    corrections applied."""
    period = report.period
    context = TableContext(metadata=report.metadata,
                           roles={role.column: role.role for role in report.layout})
    traditional = report.traditional

    oversized: list[Task] = []

    def judge_one(task: Task) -> Task:
        # A traditional-character table is judged on a simplified copy of the task's text
        # (chinese_script), numbers beyond the range of figures on a copy where they are masked
        # (figure_range); the result keeps the text as given.
        copy = simplified_task(task) if traditional else task
        masked = masked_task(copy)
        if masked is not None:
            oversized.append(task)
            copy = masked
        if copy is task:
            return assess_task(task, period, context)
        return with_original_text(task, assess_task(copy, period, context), copy)

    tasks = [judge_one(task) for task in report.tasks]
    doubt = columns_doubt(report.layout)
    if doubt:
        tasks = [with_doubt(task, doubt) for task in tasks]
    assessed = report.with_tasks(tasks, assessed=True)
    too_long = oversized_warning(report.source_file, oversized)
    if too_long is not None and too_long not in assessed.warnings:
        assessed = replace(assessed, warnings=(*assessed.warnings, too_long))
    suspicious = figures_unused(assessed)
    if suspicious is not None and suspicious not in assessed.warnings:
        assessed = replace(assessed, warnings=(*assessed.warnings, suspicious))
    assessed = apply_overrides(assessed, overrides)
    return grade(assessed)  # the default tiers; a run grades again with its office's thresholds
