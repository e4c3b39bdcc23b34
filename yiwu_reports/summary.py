"""Summarise an assessed report: counts by status, counts by lead unit, and the shortfalls.

Every renderer takes its figures from here, so the briefing, the PDF, the workbook and the JSON
always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import STATUSES, Report, Task


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
    """Lead units in order of first appearance in the table."""
    shortfalls: tuple[Task, ...]
    """Lagging tasks, in input order."""
    unverified: tuple[Task, ...]
    """Tasks with targets but no comparable figure (待核实), in input order."""

    def share(self, status: str) -> float:
        """Share of all tasks that have `status` (0 for an empty report)."""
        return self.counts[status] / self.total if self.total else 0.0

    def leads_by_shortfall(self) -> list[LeadSummary]:
        """Lead units with the most lagging tasks first, then most unverified, then by name."""
        return sorted(self.by_lead, key=lambda lead: (-lead.counts["lagging"],
                                                      -lead.lagging_share,
                                                      -lead.counts["unknown"], lead.lead))

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "counts": dict(self.counts),
                "by_lead": {lead.lead: dict(lead.counts) for lead in self.by_lead}}


def summarise(report: Report) -> Summary:
    """The summary of a report (of its statuses as they stand: assess first)."""
    counts = {status: 0 for status in STATUSES}
    by_lead: dict[str, dict[str, int]] = {}
    for task in report.tasks:
        counts[task.status] = counts.get(task.status, 0) + 1
        lead_counts = by_lead.setdefault(task.lead, {status: 0 for status in STATUSES})
        lead_counts[task.status] = lead_counts.get(task.status, 0) + 1
    return Summary(total=len(report.tasks), counts=counts,
                   by_lead=tuple(LeadSummary(lead, c) for lead, c in by_lead.items()),
                   shortfalls=tuple(t for t in report.tasks if t.status == "lagging"),
                   unverified=tuple(t for t in report.tasks if t.status == "unknown"))
