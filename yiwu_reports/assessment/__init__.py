"""Assessment: find each task's targets and reported figures and judge it against 序时进度.

Pure functions over the model: `assess_report` gives every task its indicators (target, actual,
ratio, status, evidence) and a task status by the rules in gold/GUIDE.md; reviewer overrides, when
given, win over the automatic judgement and are recorded beside it.
"""

from __future__ import annotations

from dataclasses import replace

from ..chinese_script import assess_in_simplified
from ..model import Report, Task
from ..palette import Palette
from ..suspicious import figures_unused
from ..tiers import grade
from .engine import TableContext, assess_task
from .overrides import OverrideEntry, OverridesSource, apply_overrides, read_overrides

__all__ = ["OverrideEntry", "apply_overrides", "assess_report", "read_overrides"]


def assess_report(report: Report, overrides: OverridesSource | None = None,
                  palette: Palette | None = None) -> Report:
    """The report with every task judged against its period's elapsed share, then reviewers'
    overrides (a file, a stream, entries or a mapping) applied."""
    period = report.period
    context = TableContext(metadata=report.metadata)
    traditional = report.traditional

    def judge_one(task: Task) -> Task:
        if traditional:
            # A traditional-character table is judged on a simplified copy of the task's text;
            # the result keeps the text as given (chinese_script).
            return assess_in_simplified(task, lambda copy: assess_task(copy, period, context))
        return assess_task(task, period, context)

    tasks = [judge_one(task) for task in report.tasks]
    assessed = report.with_tasks(tasks, assessed=True)
    suspicious = figures_unused(assessed)
    if suspicious is not None and suspicious not in assessed.warnings:
        assessed = replace(assessed, warnings=(*assessed.warnings, suspicious))
    if overrides is not None:
        assessed = apply_overrides(assessed, read_overrides(overrides, palette))
    return grade(assessed)  # the default tiers; a run grades again with its office's thresholds
