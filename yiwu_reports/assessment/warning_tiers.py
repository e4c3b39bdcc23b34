"""预警 tiers (红黄蓝三单预警): how urgently each lagging task needs attention.

The gap is how far a lagging task is behind, in percentage points: for a cumulative target the
序时进度 minus the 完成率 (75% due, 48.6% done: 26.4 points); for a growth rate or a share, the
points short of the target (8% growth asked, 7.5% reported: 0.5 points); for another level (PM2.5
26 at most, 30 measured), the shortfall as a share of the target (15.4 points). A task takes the
worst gap of its lagging indicators. Then, by default: under 10 points blue, 10 to 25 yellow,
over 25 red; and red whatever the gap when the task was lagging in the previous period too. A
lagging task whose gap cannot be measured (a reviewer's judgement, no figure) is blue, and its
reason says so. The thresholds are office settings (`warning_yellow`, `warning_red`).

A task 待核实 two periods running is no tier (it is not lagging) but is called out too
(`unknown_again`). Pure functions over the model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..core.model import Indicator, Period, Report, Task

DEFAULT_YELLOW = 10.0
DEFAULT_RED = 25.0


@dataclass(frozen=True)
class WarningRules:
    """Where the tiers begin, in percentage points behind."""

    yellow: float = DEFAULT_YELLOW
    """At least this far behind: yellow."""
    red: float = DEFAULT_RED
    """More than this far behind: red."""


def indicator_gap(indicator: Indicator, period: Period) -> float | None:
    """How many percentage points `indicator` is behind (0 when it is not), or None when its
    figures cannot say."""
    if indicator.kind == "cumulative":
        if indicator.ratio is None:
            return None
        return max(0.0, (period.elapsed - indicator.ratio) * 100)
    actual = indicator.override.actual if indicator.override and indicator.override.actual \
        else indicator.actual
    if actual is None:
        return None
    target = indicator.target
    short = actual.value - target.value if target.op == "<=" else target.value - actual.value
    if target.op == "==":
        short = abs(short)
    if target.unit.strip() in ("%", "％", "个百分点") or indicator.kind == "rate":
        return max(0.0, short)  # already in points
    if target.value == 0:
        return None
    return max(0.0, short / abs(target.value) * 100)


def task_gap(task: Task, period: Period) -> float | None:
    """The worst gap of a task's lagging indicators, 1 decimal; None when none can be measured."""
    gaps = [gap for indicator in task.indicators if indicator.status == "lagging"
            if (gap := indicator_gap(indicator, period)) is not None]
    return round(max(gaps), 1) if gaps else None


def points_figure(points: float) -> str:
    """A number of percentage points as documents write it: 24, 5.3 (one decimal at most, none
    when it is whole)."""
    value = round(abs(points), 1)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def points_behind(points: float) -> str:
    """落后24个百分点: how far behind, the one wording of a gap in every document."""
    return f"落后{points_figure(points)}个百分点"


def _tier(gap: float | None, rules: WarningRules) -> str:
    if gap is None or gap < rules.yellow:
        return "blue"
    return "red" if gap > rules.red else "yellow"


def lagging_before(task: Task) -> bool:
    """True when the task was lagging in the previous period too (a compared report)."""
    return task.change is not None and task.change.previous_status == "lagging"


def unknown_again(task: Task) -> bool:
    """True when the task is 待核实 now and was 待核实 in the previous period too."""
    return task.status == "unknown" and task.change is not None \
        and task.change.previous_status == "unknown"


def grade_task(task: Task, period: Period, rules: WarningRules) -> Task:
    """The task with its warning tier, gap and reason (none of them unless it is lagging)."""
    if task.status != "lagging":
        if task.warning is None and task.gap is None and not task.warning_reason:
            return task
        return replace(task, warning=None, gap=None, warning_reason="")
    gap = task_gap(task, period)
    tier = _tier(gap, rules)
    reasons = [points_behind(gap) if gap is not None else "差距无法由数据计算"]
    if lagging_before(task):
        tier = "red"
        reasons.append("连续两期滞后")
    return replace(task, warning=tier, gap=gap, warning_reason="；".join(reasons))


def grade(report: Report, rules: WarningRules | None = None) -> Report:
    """`report` with every lagging task's warning tier (and no tier on the others)."""
    rules = rules or WarningRules()
    return report.with_tasks(grade_task(task, report.period, rules) for task in report.tasks)


def tier_counts(tasks: Iterable[Task]) -> dict[str, int]:
    """Lagging tasks by tier, every tier present, most urgent first."""
    counts = {"red": 0, "yellow": 0, "blue": 0}
    for task in tasks:
        if task.warning in counts:
            counts[task.warning] += 1
    return counts


__all__ = ["WarningRules", "grade", "grade_task", "indicator_gap", "lagging_before",
           "points_behind", "points_figure", "task_gap", "tier_counts", "unknown_again"]
