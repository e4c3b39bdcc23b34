"""Read a workbook back, task by task, for `check`: the rows of its 全部任务 sheet, one per task in
input order, columns found by their header labels. A cell cut at Excel's limit ends in
`CUT_MARK` and holds the start of the text. Read with openpyxl's reader, not the writer's code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...readers import REVIEWED
from ..records import TaskRecord
from .cells import CUT_MARK

TITLE_LABEL, LEAD_LABEL, PROGRESS_LABEL = "任务名称", "牵头单位", "进展情况"
_HEADER_ROWS = 5


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_tasks(path: Path) -> list[TaskRecord]:
    from openpyxl import load_workbook

    workbook = load_workbook(str(path), read_only=True, data_only=True)
    try:
        if REVIEWED.sheet not in workbook.sheetnames:
            raise ValueError(f"no sheet {REVIEWED.sheet}")
        rows = workbook[REVIEWED.sheet].iter_rows(values_only=True)
        columns: dict[str, int] = {}
        records = []
        for number, row in enumerate(rows, start=1):
            cells = [_text(value) for value in row]
            if not columns:
                if number > _HEADER_ROWS:
                    raise ValueError(f"no header row with {REVIEWED.id} in {REVIEWED.sheet}")
                labels = (REVIEWED.id, TITLE_LABEL, LEAD_LABEL, PROGRESS_LABEL)
                if all(label in cells for label in labels):
                    columns = {label: cells.index(label) for label in labels}
                continue
            if not any(cells):
                continue
            cells += [""] * (max(columns.values()) + 1 - len(cells))
            text = cells[columns[PROGRESS_LABEL]]
            cut = text.endswith(CUT_MARK)
            records.append(TaskRecord(id=cells[columns[REVIEWED.id]], title=cells[columns[TITLE_LABEL]],
                                      lead=cells[columns[LEAD_LABEL]],
                                      text=text[: -len(CUT_MARK)] if cut else text,
                                      match="cut" if cut else "whole",
                                      where=f"{REVIEWED.sheet} row {number}"))
        return records
    finally:
        workbook.close()
