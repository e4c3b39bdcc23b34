"""台账: every task across the periods of the year, until it is 销号 (completed).

Built from the current report and the earlier periods' reports (`readers.history`): one row per
task, the current table's first, in its order, then tasks only earlier tables list (a task closed
and dropped from the table stays in the ledger); one column per period (一季度 … 四季度: in a
quarterly year the quarters still to come are empty columns). Tasks are paired across periods as
the quarter-over-quarter comparison pairs them (`compare.pair_tasks`: by text, then id). A task is
销号 in the first period it is completed. Also the per-unit trend of lagging tasks, for the PDF.
Pure: no I/O, no document library; renderers lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import Period, Report, Task
from .compare import pair_tasks
from .counts import task_units


@dataclass(frozen=True)
class LedgerRow:
    """A task across the year."""

    id: str
    """Its id in the latest table that lists it."""
    title: str
    lead: str
    statuses: tuple[str | None, ...]
    """Its status in each column's period; None where that period's table does not list it (or
    the period is still to come)."""
    closed: int | None
    """The column of the period it was first completed in (销号), or None."""
    current: bool
    """True when the current table lists it."""


@dataclass(frozen=True)
class Ledger:
    periods: tuple[Period, ...]
    """The columns' periods, in order; the current one and those before it have reports."""
    reported: tuple[bool, ...]
    """Whether each column has a report (False for quarters still to come, or missing)."""
    current: int
    """The column of the current report's period."""
    rows: tuple[LedgerRow, ...]
    units: tuple[tuple[str, tuple[int | None, ...]], ...]
    """Lead units with a lagging task in any period: (unit, lagging tasks per column, None for
    columns without a report), most lagging now first."""

    def heading(self, column: int) -> str:
        """一季度, 上半年, 1-11月: the column's period without its year."""
        period = self.periods[column]
        return period.zh.removeprefix(f"{period.year}年")


def _columns(report: Report, earlier: Sequence[Report]) -> tuple[list[Period], list[Report | None]]:
    """The columns' periods and reports. A quarterly year has its four quarters (those without a
    report, earlier ones missing from the history or later ones still to come, are empty);
    otherwise the periods there are reports for."""
    if report.period.kind != "quarter":
        return ([past.period for past in earlier] + [report.period], [*earlier, report])
    by_month: dict[int, Report] = {past.period.last_month: past for past in earlier}
    by_month[report.period.last_month] = report
    periods = [Period(report.period.year, "quarter", month) for month in (3, 6, 9, 12)]
    return periods, [by_month.get(month) for month in (3, 6, 9, 12)]


def build_ledger(report: Report, history: Sequence[Report]) -> Ledger:
    """The ledger of `report` and the earlier periods of its year in `history` (other years and
    later periods are left out; one report per period, the first given)."""
    earlier: dict[int, Report] = {}
    for past in history:
        if past.period.year == report.period.year and \
                past.period.last_month < report.period.last_month:
            earlier.setdefault(past.period.last_month, past)
    past_reports = [earlier[month] for month in sorted(earlier)]
    periods, reports = _columns(report, past_reports)
    current = next(c for c, r in enumerate(reports) if r is report)
    # Rows: the current tasks, then, latest period first, earlier tasks no later table lists.
    anchors: list[Task] = list(report.tasks)
    cells: list[dict[int, Task]] = [{current: task} for task in report.tasks]
    for column in range(current - 1, -1, -1):
        table = reports[column]
        if table is None:
            continue
        row_of = {id(anchor): index for index, anchor in enumerate(anchors)}
        counterparts = pair_tasks(table.tasks, anchors)
        for task, row_anchor in zip(table.tasks, counterparts):
            if row_anchor is None:
                anchors.append(task)
                cells.append({column: task})
            else:
                cells[row_of[id(row_anchor)]][column] = task
    rows = []
    for anchor, found in zip(anchors, cells):
        statuses = tuple(found[c].status if c in found else None for c in range(len(periods)))
        closed = next((c for c, status in enumerate(statuses) if status == "completed"), None)
        rows.append(LedgerRow(anchor.id, anchor.title, anchor.lead, statuses, closed,
                              current in found))
    return Ledger(tuple(periods), tuple(r is not None for r in reports), current, tuple(rows),
                  _unit_trend(reports, report.restricted_to))


def _unit_trend(reports: Sequence[Report | None],
                only: Sequence[str]) -> tuple[tuple[str, tuple[int | None, ...]], ...]:
    counts: dict[str, list[int | None]] = {}
    for column, report in enumerate(reports):
        if report is None:
            continue
        for task in report.tasks:
            if task.status != "lagging":
                continue
            for unit in task_units(task, only):
                row = counts.setdefault(unit, [None if r is None else 0 for r in reports])
                row[column] = (row[column] or 0) + 1
    current = max((c for c, r in enumerate(reports) if r is not None), default=0)
    ordered = sorted(counts.items(), key=lambda item: (-(item[1][current] or 0),
                                                       -sum(n or 0 for n in item[1]), item[0]))
    return tuple((unit, tuple(row)) for unit, row in ordered)


__all__ = ["Ledger", "LedgerRow", "build_ledger"]
