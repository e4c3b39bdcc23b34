"""Summarise an assessed report: counts by status, counts by lead unit, and the shortfalls.

Every renderer takes its figures from here, so the briefing, the PDF, the workbook and the JSON
always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..assessment import disagrees, tier_counts, unknown_again
from ..core.leads import unit_key
from ..core.model import STATUSES, Report, Task


@dataclass(frozen=True)
class LeadSummary:
    """One lead unit's tasks by status."""

    lead: str
    counts: dict[str, int]
    """Tasks by status, every status present (zero when none)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def lagging_share(self) -> float:
        """Share of the unit's tasks that are lagging."""
        return self.counts["lagging"] / self.total if self.total else 0.0


@dataclass(frozen=True)
class Summary:
    """The figures every output shows."""

    total: int
    counts: dict[str, int]
    """Tasks by status, in the order of `STATUSES`, every status present."""
    by_lead: tuple[LeadSummary, ...]
    """Lead units in order of first appearance in the table. A task led jointly counts under
    each of its lead units (`Task.leads`), so these totals may add up to more than `total`; a
    task whose table names no lead unit counts under "". In a report restricted to some units
    (`Report.restricted_to`), only those units."""
    shortfalls: tuple[Task, ...]
    """Lagging tasks, in input order."""
    unverified: tuple[Task, ...]
    """Tasks with targets but no comparable figure (待核实), in input order."""
    transitions: tuple[tuple[str, str, int], ...] = ()
    """(previous status, status, tasks) for every status that moved since the previous period,
    most tasks first; empty without a previous period."""
    new_tasks: int = 0
    """Tasks with no counterpart last period (only with a previous period)."""
    disagreements: tuple[Task, ...] = ()
    """Tasks whose status contradicts the office's own verdict column, in input order."""
    verdicts: int = 0
    """Tasks that carry the office's own verdict (0 when the table has no verdict column)."""
    to_review: tuple[Task, ...] = ()
    """Tasks whose automatic judgement is marked for a reviewer's look (confidence `review`),
    in input order."""
    unsettled: tuple[Task, ...] = ()
    """Those of `to_review` no reviewer has settled yet (`settled`), in input order: while any
    is left, the documents are drafts."""
    unknown_again: tuple[Task, ...] = ()
    """Tasks 待核实 now and in the previous period too, in input order (only when compared)."""

    @property
    def warning_counts(self) -> dict[str, int]:
        """Lagging tasks by warning tier (red, yellow, blue), every tier present."""
        return tier_counts(self.shortfalls)

    def share(self, status: str) -> float:
        """Share of all tasks that have `status` (0 for an empty report)."""
        return self.counts[status] / self.total if self.total else 0.0

    def leads_by_shortfall(self) -> list[LeadSummary]:
        """Lead units with the most lagging tasks first, then most unverified, then by name."""
        return sorted(self.by_lead, key=lambda lead: (-lead.counts["lagging"],
                                                      -lead.lagging_share,
                                                      -lead.counts["unknown"], lead.lead))

    @property
    def improved(self) -> int:
        """Tasks whose status moved to a better one (滞后→序时推进, 序时推进→已完成 …)."""
        return sum(n for before, after, n in self.transitions if _rank(after) < _rank(before))

    @property
    def worsened(self) -> int:
        """Tasks whose status moved to a worse one."""
        return sum(n for before, after, n in self.transitions if _rank(after) > _rank(before))

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"total": self.total, "counts": dict(self.counts),
                                "by_lead": {lead.lead: dict(lead.counts) for lead in self.by_lead},
                                "review": {"count": len(self.to_review),
                                           "ids": [task.id for task in self.to_review]},
                                "unsettled": {"count": len(self.unsettled),
                                              "ids": [task.id for task in self.unsettled]},
                                "warning_tiers": self.warning_counts}
        if self.transitions or self.new_tasks:
            data["transitions"] = [{"from": before, "to": after, "count": n}
                                   for before, after, n in self.transitions]
            data["new_tasks"] = self.new_tasks
            data["unknown_again"] = [task.id for task in self.unknown_again]
        if self.verdicts:
            data["verdict_disagreements"] = [task.id for task in self.disagreements]
        return data


# Order of merit for "improved"/"worsened": completed best, lagging worst; unknown and
# qualitative are not on the scale and count as neither.
_MERIT = {"completed": 0, "on_track": 1, "lagging": 2}


def _rank(status: str) -> float:
    return _MERIT.get(status, float("nan"))


def settled(task: Task) -> bool:
    """True when a reviewer has answered for the task's judgement: an override of the task or
    of one of its indicators, a status or a confirmation (确认: the automatic status kept)."""
    return task.override is not None or any(indicator.override is not None
                                            for indicator in task.indicators)


def task_units(task: Task, only: Sequence[str] = ()) -> tuple[str, ...]:
    """The units a task counts under in by-unit tables: its lead units ("" when its table names
    none), or, when `only` names units (a restricted report), those of them it has."""
    units = task.leads or ("",)
    if only:
        wanted = {unit_key(name) for name in only}
        units = tuple(unit for unit in units if unit_key(unit) in wanted)
    return units


def tasks_by_lead(tasks: Iterable[Task], only: Sequence[str] = ()) -> dict[str, list[Task]]:
    """Tasks grouped under each of their units (`task_units`), units in order of first
    appearance, tasks in the order given: a task led jointly is in each of its units' lists."""
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        for unit in task_units(task, only):
            groups.setdefault(unit, []).append(task)
    return groups


def summarise(report: Report) -> Summary:
    """The summary of a report (of its statuses as they stand: assess first)."""
    counts = {status: 0 for status in STATUSES}
    by_lead: dict[str, dict[str, int]] = {}
    for task in report.tasks:
        counts[task.status] = counts.get(task.status, 0) + 1
        for unit in task_units(task, report.restricted_to):
            lead_counts = by_lead.setdefault(unit, {status: 0 for status in STATUSES})
            lead_counts[task.status] = lead_counts.get(task.status, 0) + 1
    moves: dict[tuple[str, str], int] = {}
    new_tasks = 0
    if report.previous_period is not None:
        for task in report.tasks:
            if task.change is None or task.change.previous_status is None:
                new_tasks += 1
            elif task.change.status_moved:
                key = (task.change.previous_status, task.status)
                moves[key] = moves.get(key, 0) + 1
    transitions = tuple(sorted(((a, b, n) for (a, b), n in moves.items()),
                               key=lambda move: (-move[2], STATUSES.index(move[0]),
                                                 STATUSES.index(move[1]))))
    return Summary(total=len(report.tasks), counts=counts,
                   by_lead=tuple(LeadSummary(lead, c) for lead, c in by_lead.items()),
                   shortfalls=tuple(t for t in report.tasks if t.status == "lagging"),
                   unverified=tuple(t for t in report.tasks if t.status == "unknown"),
                   transitions=transitions, new_tasks=new_tasks,
                   disagreements=tuple(t for t in report.tasks if disagrees(t)),
                   verdicts=sum(1 for t in report.tasks if t.verdict is not None),
                   to_review=tuple(t for t in report.tasks if t.confidence == "review"),
                   unsettled=tuple(t for t in report.tasks
                                   if t.confidence == "review" and not settled(t)),
                   unknown_again=tuple(t for t in report.tasks if unknown_again(t)))
