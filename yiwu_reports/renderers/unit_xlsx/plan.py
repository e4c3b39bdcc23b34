"""Which units get a 补报 workbook and under which file name (no openpyxl here).

Every lead unit of the report gets one, with all its tasks (alone or jointly led: `Task.leads`),
units in the order they first appear in the table; names are made safe and distinct by
`safe_names`. Tasks whose table names no lead unit are in no workbook (the index lists them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...core.model import Report, Task
from ...summary import tasks_by_lead
from ..safe_names import numbered_names

EXTENSION = ".xlsx"


@dataclass(frozen=True)
class UnitBook:
    unit: str
    file_name: str
    tasks: tuple[Task, ...]
    """The unit's tasks in input order."""


def plan_books(report: Report) -> list[UnitBook]:
    groups = {unit: tasks for unit, tasks in tasks_by_lead(report.tasks,
                                                           report.restricted_to).items() if unit}
    names = numbered_names(list(groups), EXTENSION)
    return [UnitBook(unit, name, tuple(tasks)) for (unit, tasks), name in zip(groups.items(), names)]


def index_document(report: Report, books: Sequence[UnitBook]) -> dict[str, object]:
    return {"format": "unit-xlsx", "period": report.period.label, "title": report.title,
            "workbooks": [{"file": book.file_name, "unit": book.unit,
                           "tasks": [task.id for task in book.tasks]} for book in books],
            "without_unit": [task.id for task in report.tasks if not task.leads]}


__all__ = ["EXTENSION", "UnitBook", "index_document", "plan_books"]
