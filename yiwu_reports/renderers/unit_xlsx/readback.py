"""--check for a folder of unit workbooks: each opened with openpyxl and compared with the report.

Each lead unit's workbook is there, holds its tasks and no others (a row per indicator, in input
order, each task's text whole), its sheet is protected, and only the review columns (人工调整,
实际完成值 on indicator rows, 说明) are unlocked. No other workbook is there.
"""

from __future__ import annotations

from pathlib import Path

from ...core.model import Report
from ...readers import UNIT_RETURN
from ..records import squeeze
from .plan import EXTENSION, plan_books


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def check_folder(report: Report, folder: Path) -> list[str]:
    from openpyxl import load_workbook

    problems: list[str] = []
    books = plan_books(report)
    present = {path.name for path in folder.glob(f"*{EXTENSION}")}
    for extra in sorted(present - {book.file_name for book in books}):
        problems.append(f"{folder.name}/{extra}: a workbook no unit should have")
    for book in books:
        where = f"{folder.name}/{book.file_name}"
        if book.file_name not in present:
            problems.append(f"{where}: missing (the workbook of {book.unit})")
            continue
        sheet = load_workbook(folder / book.file_name)[UNIT_RETURN.sheet]
        rows = list(sheet.iter_rows())
        header_at = next((i for i, row in enumerate(rows)
                          if [_text(c.value) for c in row][:1] == [UNIT_RETURN.id]), None)
        if header_at is None:
            problems.append(f"{where}: no header row")
            continue
        header = [_text(cell.value) for cell in rows[header_at]]
        body = rows[header_at + 1:]
        expected = [(task.id, str(number)) for task in book.tasks
                    for number in (range(1, len(task.indicators) + 1) or [""])]
        found = [(_text(row[0].value), _text(row[header.index(UNIT_RETURN.indicator)].value))
                 for row in body]
        if found != expected:
            problems.append(f"{where}: holds rows {found[:5]}…, not the unit's tasks")
            continue
        titles = {task.id: squeeze(task.title) for task in book.tasks}
        if any(squeeze(_text(row[1].value)) != titles[_text(row[0].value)] for row in body):
            problems.append(f"{where}: a task's text is not whole")
        if not sheet.protection.sheet:
            problems.append(f"{where}: the sheet is not protected")
        for row in body:
            indicator = _text(row[header.index(UNIT_RETURN.indicator)].value)
            for label, cell in zip(header, row):
                editable = label in UNIT_RETURN.editable and (label != UNIT_RETURN.actual or bool(indicator))
                if cell.protection.locked == editable:
                    problems.append(f"{where}: cell {cell.coordinate} ({label}) is "
                                    f"{'locked' if editable else 'open to editing'}")
                    break
    return problems


__all__ = ["check_folder"]
