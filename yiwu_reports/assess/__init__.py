"""Assessment: find each task's targets and reported figures and judge it against 序时进度.

Pure functions over the model: `assess_report` gives every task its indicators (target, actual,
ratio, status, evidence) and a task status by the rules in gold/GUIDE.md; reviewer overrides, when
given, win over the automatic judgement and are recorded beside it.
"""

from __future__ import annotations

from ..model import Report
from .engine import assess_task


def assess_report(report: Report) -> Report:
    """The report with every task judged against its period's elapsed share."""
    tasks = [assess_task(task, report.period) for task in report.tasks]
    return report.with_tasks(tasks, assessed=True)
