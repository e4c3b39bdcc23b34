"""Assessment: find each task's targets and reported figures and judge it against 序时进度."""

from __future__ import annotations

from ..model import Report


def assess_report(report: Report) -> Report:
    """The report with every task judged. Until the target and figure finding lands, every task
    is qualitative with no indicators (the JSON contract's documented interim state)."""
    tasks = [task for task in report.tasks]
    return report.with_tasks(tasks, assessed=True)
