"""Read a unit's returned 补报 workbook (`-f unit-xlsx`) back as corrections.

A unit gets a workbook of its own tasks, one row per indicator, and may write in three columns
only: 实际完成值 (a corrected figure, 388.6亿元 or a bare number in the target's unit), 人工调整
(a status, or 确认) and 说明 (its source or reason). Every row where the unit wrote a figure or a
choice is a correction, naming the file and row it came from and the 任务名称 it shows; the
workbook's metadata sheet says which table, period and unit it was made for
(`returned_workbooks`). The columns are found by their header labels. openpyxl is imported only
when a workbook is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from ..core.errors import InputError
from ..core.palette import Palette, default_palette
from .returned_workbooks import (
    KIND_UNIT,
    UNIT_RETURN,
    WorkbookMetadata,
    review_choice,
    review_choices,
)
from .review import LabelledRow, find_table, read_metadata, read_workbook

UNIT_SHEET = UNIT_RETURN.sheet
ID_LABEL = UNIT_RETURN.id
TITLE_LABEL = UNIT_RETURN.title
INDICATOR_LABEL = UNIT_RETURN.indicator
STATUS_LABEL = UNIT_RETURN.status
ACTUAL_LABEL = UNIT_RETURN.actual
REASON_LABEL = UNIT_RETURN.reason
EDITABLE = UNIT_RETURN.editable


@dataclass(frozen=True)
class UnitCorrection:
    """What a unit wrote on one row of its workbook."""

    task_id: str
    indicator: str | None
    """The indicator's number (1 for the first), None on a task's row without indicators."""
    status: str | None
    """A status value (lagging …) or `returned_workbooks.CONFIRMED` (确认) chosen in 人工调整,
    or None."""
    actual: str | None
    """The figure written in 实际完成值, as text (388.6亿元, 388.6), or None."""
    reason: str
    row: int
    title: str | None = None
    """The 任务名称 the row shows (None when the workbook has no such column)."""


def read_unit_corrections(source: IO[bytes], name: str, palette: Palette | None = None
                          ) -> tuple[WorkbookMetadata | None, list[UnitCorrection]] | None:
    """What the returned unit workbook was made for (None for one without make-report's
    metadata sheet) and its corrections, in row order; None when `source` is a workbook without
    the unit layout (no 序号, 人工调整 and 实际完成值 header). A choice that is none, a row without
    its task number, a figure on a row without an indicator, a row given twice and a formula in
    a cell read are `InputError`s naming the file, row and column."""
    def read(workbook: Any) -> tuple[WorkbookMetadata | None, list[UnitCorrection]] | None:
        metadata = read_metadata(workbook, name, "returned workbook")
        if metadata is not None and metadata.kind != KIND_UNIT:
            return None  # a reviewed workbook, though the table's own columns may look like ours
        found = find_table(workbook, UNIT_SHEET,
                           (ID_LABEL, TITLE_LABEL, INDICATOR_LABEL, *EDITABLE),
                           (ID_LABEL, ACTUAL_LABEL, STATUS_LABEL))
        if found is None:
            if metadata is not None:
                raise InputError(f"it was made as a unit's 补报 workbook, but no sheet has its "
                                 f"header ({ID_LABEL}, {STATUS_LABEL}, {ACTUAL_LABEL}): were "
                                 f"columns deleted or renamed?", file=name)
            return None
        sheet, header_row, columns = found
        if metadata is not None and TITLE_LABEL not in columns:
            raise InputError(f"the {TITLE_LABEL} column is gone, so the rows cannot be checked "
                             f"against the tasks they were written for; put it back", file=name)
        return metadata, _read(sheet, header_row, columns, name, palette or default_palette())

    return read_workbook(source, name, "returned workbook", read)


def _read(sheet: Any, header_row: int, columns: dict[str, int], name: str,
          palette: Palette) -> list[UnitCorrection]:
    choices = review_choices(palette)
    corrections: list[UnitCorrection] = []
    seen: dict[tuple[str, str | None], int] = {}
    last_column = max(columns.values()) + 1
    for number, cells in enumerate(sheet.iter_rows(min_row=header_row + 1, max_col=last_column),
                                   start=header_row + 1):
        row = LabelledRow(cells, columns, name, number)
        chosen, actual = row.text(STATUS_LABEL), row.text(ACTUAL_LABEL)
        if not chosen and not actual:
            continue  # nothing written on this row (a 说明 alone corrects nothing)
        status = None
        if chosen:
            status = review_choice(palette, chosen)
            if status is None:
                raise InputError(f"{chosen!r} is not a status; choose one of {choices}",
                                 file=name, row=number, column=row.column_name(STATUS_LABEL))
        task_id = row.text(ID_LABEL)
        if not task_id:
            raise InputError("a correction is written but the task number is empty", file=name,
                             row=number, column=row.column_name(ID_LABEL))
        indicator = row.text(INDICATOR_LABEL) or None
        if actual and indicator is None:
            raise InputError(f"task {task_id}: a figure is written on a row without an indicator",
                             file=name, row=number, column=row.column_name(ACTUAL_LABEL))
        key = (task_id, indicator)
        if key in seen:
            raise InputError(f"task {task_id} is corrected twice (also in row {seen[key]})",
                             file=name, row=number, column=row.column_name(ACTUAL_LABEL))
        seen[key] = number
        title = row.text(TITLE_LABEL) if TITLE_LABEL in columns else None
        corrections.append(UnitCorrection(task_id, indicator, status, actual or None,
                                          row.text(REASON_LABEL), number, title))
    return corrections


__all__ = ["ACTUAL_LABEL", "EDITABLE", "ID_LABEL", "INDICATOR_LABEL", "REASON_LABEL",
           "STATUS_LABEL", "TITLE_LABEL", "UNIT_SHEET", "UnitCorrection", "read_unit_corrections"]
