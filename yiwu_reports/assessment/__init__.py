"""Assessment: find each task's targets and reported figures and judge it against 序时进度.

Pure functions over the model: `assess_report` gives every task its indicators (target, actual,
ratio, status, evidence) and a task status by the rules in gold/GUIDE.md; reviewer overrides, when
given, win over the automatic judgement and are recorded beside it.
"""

from __future__ import annotations

from ..model import Report
from ..palette import Palette
from .engine import assess_task
from .overrides import OverrideEntry, OverridesSource, apply_overrides, read_overrides

__all__ = ["assess_report", "OverrideEntry", "read_overrides", "apply_overrides"]


def assess_report(report: Report, overrides: OverridesSource | None = None,
                  palette: Palette | None = None) -> Report:
    """The report with every task judged against its period's elapsed share, then reviewers'
    overrides (a file, a stream, entries or a mapping) applied."""
    period = report.period
    assessed = report.with_tasks([assess_task(task, period) for task in report.tasks],
                                 assessed=True)
    if overrides is None:
        return assessed
    return apply_overrides(assessed, read_overrides(overrides, palette))
