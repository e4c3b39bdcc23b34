"""Which units get a 督办通知单, with which tasks, under which number and file name.

Pure (no python-docx): the renderer writes what this plans, and `--check` compares the folder with
it. A unit gets a notice when it leads (alone or jointly, `Task.leads`) a lagging or 待核实 task;
units are numbered in the order their first such task stands in the table, so the same table gives
the same numbers and file names. Tasks whose table names no lead unit have no one to send a
notice to: they are listed in the folder's index instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...core.errors import UsageError
from ...core.model import Report, Task
from ...core.office import OfficeSettings
from ...summary import UNNAMED_LEAD, task_units
from ..safe_names import numbered_names

NOTICE_STATUSES = ("lagging", "unknown")
EXTENSION = ".docx"


@dataclass(frozen=True)
class Notice:
    """One unit's notice."""

    unit: str
    """The lead unit, as the table names it (one of `Task.leads`)."""
    number: str
    """督办〔2023〕第3号."""
    file_name: str
    """03-经信局.docx: safe, distinct from every other notice's."""
    lagging: tuple[Task, ...]
    """The unit's lagging tasks, in input order."""
    unknown: tuple[Task, ...]
    """The unit's 待核实 tasks, in input order."""

    @property
    def tasks(self) -> tuple[Task, ...]:
        """Lagging first, then 待核实: the order the notice and its receipt list them."""
        return self.lagging + self.unknown


def notice_number(pattern: str, report: Report, n: int) -> str:
    """The pattern (督办〔{year}〕第{n}号) filled; the value of {n} and {year} only, so a pattern
    holding other braces is a usage error naming them."""
    try:
        return pattern.format_map({"year": report.period.year, "n": n,
                                   "period": report.period.label})
    except (KeyError, IndexError, ValueError) as error:
        raise UsageError(f"notice_number {pattern!r}: unknown placeholder {error}; use {{year}}, "
                         f"{{n}} and {{period}}") from None


def plan_notices(report: Report, office: OfficeSettings | None = None) -> list[Notice]:
    """The notices of an assessed report, in number order."""
    office = office or OfficeSettings()
    lagging: dict[str, list[Task]] = {}
    unknown: dict[str, list[Task]] = {}
    order: list[str] = []
    for task in report.tasks:
        if task.status not in NOTICE_STATUSES:
            continue
        for unit in task_units(task, report.restricted_to):
            if not unit:
                continue
            if unit not in order:
                order.append(unit)
            (lagging if task.status == "lagging" else unknown).setdefault(unit, []).append(task)
    names = numbered_names(order, EXTENSION)
    return [Notice(unit, notice_number(office.notice_number, report, n), name,
                   tuple(lagging.get(unit, ())), tuple(unknown.get(unit, ())))
            for n, (unit, name) in enumerate(zip(order, names), start=1)]


def unassigned(report: Report) -> list[Task]:
    """Lagging and 待核实 tasks whose table names no lead unit: no notice can go to anyone."""
    return [task for task in report.tasks
            if task.status in NOTICE_STATUSES and not task.leads]


def index_document(report: Report, notices: Sequence[Notice]) -> dict[str, object]:
    """The folder's index.json: what each file is (a mail merge or a person can use it)."""
    return {"format": "notices", "period": report.period.label, "title": report.title,
            "notices": [{"file": notice.file_name, "unit": notice.unit, "number": notice.number,
                         "lagging": [task.id for task in notice.lagging],
                         "unknown": [task.id for task in notice.unknown]}
                        for notice in notices],
            "without_unit": {"lead": UNNAMED_LEAD,
                             "tasks": [task.id for task in unassigned(report)]}}


__all__ = ["EXTENSION", "NOTICE_STATUSES", "Notice", "index_document", "notice_number",
           "plan_notices", "unassigned"]
