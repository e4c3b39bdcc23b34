"""「与上季度相比」: what every document says about the change since the previous period.

Built once from the compared report and its summary, so the briefing, the PDF and the workbook
show the same figures in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.model import STATUSES, Period, Report, Task
from ..core.palette import Palette
from .counts import Summary
from .display import ratio_change_text

# Better first: a move towards completed is an improvement (unknown/qualitative are off the scale).
_MERIT = {"completed": 0, "on_track": 1, "lagging": 2}


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    previous: int
    now: int

    @property
    def change(self) -> int:
        return self.now - self.previous


@dataclass(frozen=True)
class MovedTask:
    task: Task
    previous_status: str
    status: str
    ratio_change: float | None
    direction: str
    """好转, 退步 or 其他 (a move to or from 待核实/定性任务)."""

    @property
    def change_text(self) -> str:
        """好转，完成率提高40个百分点: the direction, and how 完成率 moved when both periods
        have one."""
        if self.ratio_change is None:
            return self.direction
        return f"{self.direction}，{ratio_change_text(self.ratio_change)}"


@dataclass(frozen=True)
class ComparisonView:
    previous_zh: str
    """The previous period as documents name it: 2023年二季度."""
    rows: tuple[StatusRow, ...]
    transitions: tuple[tuple[str, str, int], ...]
    """(previous label, label, tasks), most tasks first."""
    improved: int
    worsened: int
    moved: int
    """Tasks whose status moved: improved + worsened + the others (to or from 待核实/定性任务)."""
    new_tasks: int
    previous_only: int
    moved_tasks: tuple[MovedTask, ...]
    """Tasks whose status moved: worse first, then better, then others; input order within."""
    sentence: str
    """The figures in one sentence, without naming the period: 28项任务状态发生变化，其中好转
    27项、退步0项、其他1项（由…转为…）；…。 Documents put it under (or after) the heading
    与上季度相比, so the period is named once."""
    previous_name: str = "上季度"
    """The previous period named from this one: 上季度, 上半年, 上月, or as itself (一季度,
    1-8月) when it is not the one just before."""

    @property
    def heading(self) -> str:
        """与上季度相比, 与上半年相比 …"""
        return f"与{self.previous_name}相比"

    @property
    def others(self) -> int:
        """Moves that are neither better nor worse: to or from 待核实 or 定性任务."""
        return max(0, self.moved - self.improved - self.worsened)


def comparable(previous: Period, current: Period) -> bool:
    """True when a table of `previous` can be compared with one of `current`: an earlier part of
    the same year (statuses move within a year's targets; another year has other tasks)."""
    return previous.year == current.year and previous.last_month < current.last_month


def previous_name(previous: Period, current: Period) -> str:
    """How `current`'s documents name the `previous` period: 上半年, 上季度 (the quarter just
    before), 上月 (the month just before), else the period itself (一季度, 1-8月)."""
    if previous.kind == "half" and previous.last_month == 6:
        return "上半年"
    step = {"quarter": 3, "months": 1}.get(previous.kind)
    if step is not None and previous.kind == current.kind and \
            previous.last_month == current.last_month - step:
        return "上季度" if previous.kind == "quarter" else "上月"
    if step == 3 and current.kind != "quarter" and previous.last_month == current.last_month - 3:
        return "上季度"
    return previous.zh[len(f"{previous.year}年"):]


def _direction(before: str, after: str) -> str:
    if before in _MERIT and after in _MERIT:
        return "好转" if _MERIT[after] < _MERIT[before] else "退步"
    return "其他"


def comparison_view(report: Report, summary: Summary, palette: Palette) -> ComparisonView | None:
    """The comparison to show, or None when the report was not compared with a previous one
    or the periods are not comparable (`comparable`)."""
    if report.previous_period is None or not comparable(report.previous_period, report.period):
        return None
    previous = dict(report.previous_counts)
    rows = tuple(StatusRow(status, palette.label(status), previous.get(status, 0),
                           summary.counts[status]) for status in STATUSES)
    transitions = tuple((palette.label(a), palette.label(b), n) for a, b, n in summary.transitions)
    moved_tasks = [MovedTask(task, task.change.previous_status, task.status,
                             task.change.ratio_change,
                             _direction(task.change.previous_status, task.status))
                   for task in report.tasks
                   if task.change and task.change.status_moved and task.change.previous_status]
    order = {"退步": 0, "好转": 1, "其他": 2}
    moved_tasks.sort(key=lambda moved: order[moved.direction])  # stable: input order within
    moved = len(moved_tasks)
    parts = "、".join(f"由{a}转为{b}{n}项" for a, b, n in transitions)
    others = max(0, moved - summary.improved - summary.worsened)
    # The parts add up to the moves: 待核实→已完成 is neither better nor worse, it is 其他.
    sentence = (f"{moved}项任务状态发生变化，其中好转{summary.improved}项、退步{summary.worsened}项"
                + (f"、其他{others}项" if others else "") + (f"（{parts}）" if parts else "")
                + f"；{rows[STATUSES.index('lagging')].label}任务"
                + (f"由{previous.get('lagging', 0)}项变为{summary.counts['lagging']}项"
                   if previous.get("lagging", 0) != summary.counts["lagging"]
                   else f"仍为{summary.counts['lagging']}项"))
    if summary.new_tasks:
        sentence += f"；本期新增任务{summary.new_tasks}项"
    if report.previous_only:
        sentence += f"；上期另有{len(report.previous_only)}项任务本期未列"
    sentence += "。"
    return ComparisonView(report.previous_period.zh, rows, transitions, summary.improved,
                          summary.worsened, moved, summary.new_tasks, len(report.previous_only),
                          tuple(moved_tasks), sentence,
                          previous_name(report.previous_period, report.period))
