"""Assessment: find each task's targets and reported figures and judge it against 序时进度.

Pure functions over the model: `assess_report` gives every task its indicators (target, actual,
ratio, status, evidence) and a task status by the rules in gold/GUIDE.md; reviewer overrides, when
given, win over the automatic judgement and are recorded beside it.
"""

from __future__ import annotations

from ..gc_pause import without_gc
from ..model import Report
from ..palette import Palette
from .engine import TableContext, assess_task
from .overrides import OverrideEntry, OverridesSource, apply_overrides, read_overrides
from .structured import unit_line

__all__ = ["OverrideEntry", "apply_overrides", "assess_report", "read_overrides"]


@without_gc
def assess_report(report: Report, overrides: OverridesSource | None = None,
                  palette: Palette | None = None) -> Report:
    """The report with every task judged against its period's elapsed share, then reviewers'
    overrides (a file, a stream, entries or a mapping) applied."""
    from ..parallel import map_split

    period = report.period
    context = table_context(report)
    # A province-wide batch is assessed on two cores (each task is judged on its own).
    tasks = map_split(lambda chunk: [assess_task(task, period, context) for task in chunk],
                      list(report.tasks))
    assessed = report.with_tasks(tasks, assessed=True)
    if overrides is None:
        return assessed
    return apply_overrides(assessed, read_overrides(overrides, palette))


def table_context(report: Report) -> TableContext:
    """What the table says for all its tasks: the units of a unit line above it (单位：个、亿元),
    which the reader keeps in the report's metadata (or, from older readers, its title)."""
    metadata = getattr(report, "metadata", ()) or ()
    lines = [report.title, *(metadata.values() if isinstance(metadata, dict) else
                             (str(item) for item in metadata))]
    for line in lines:
        units = unit_line(str(line))
        if units:
            return TableContext(units=tuple(units))
    return TableContext()
