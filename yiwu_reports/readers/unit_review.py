"""Read a unit's returned 补报 workbook (`-f unit-xlsx`) back as corrections.

A unit gets a workbook of its own tasks, one row per indicator, and may write in three columns
only: 实际完成值 (a corrected figure, 388.6亿元 or a bare number in the target's unit), 人工调整
(a status) and 说明 (its source or reason). Every row where the unit wrote a figure or a status is
a correction, naming the file and row it came from. The columns are found by their header labels.
openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from ..core.errors import InputError
from ..core.palette import Palette, default_palette
from .returned_workbooks import UNIT_RETURN
from .review import read_workbook, typed_text

UNIT_SHEET = UNIT_RETURN.sheet
ID_LABEL = UNIT_RETURN.id
INDICATOR_LABEL = UNIT_RETURN.indicator
STATUS_LABEL = UNIT_RETURN.status
ACTUAL_LABEL = UNIT_RETURN.actual
REASON_LABEL = UNIT_RETURN.reason
EDITABLE = UNIT_RETURN.editable
_HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class UnitCorrection:
    """What a unit wrote on one row of its workbook."""

    task_id: str
    indicator: str | None
    """The indicator's number (1 for the first), None on a task's row without indicators."""
    status: str | None
    """A status value (lagging …) chosen in 人工调整, or None."""
    actual: str | None
    """The figure written in 实际完成值, as text (388.6亿元, 388.6), or None."""
    reason: str
    row: int


def _columns(row: tuple[Any, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        label = typed_text(value)
        if label in (ID_LABEL, INDICATOR_LABEL, *EDITABLE) and label not in found:
            found[label] = index
    return found if ID_LABEL in found and ACTUAL_LABEL in found and STATUS_LABEL in found \
        else None


def _find_table(workbook: Any) -> tuple[Any, int, dict[str, int]] | None:
    sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.title != UNIT_SHEET)
    for sheet in sheets:
        rows = sheet.iter_rows(min_row=1, max_row=_HEADER_SEARCH_ROWS, values_only=True)
        for number, row in enumerate(rows, start=1):
            columns = _columns(row)
            if columns is not None:
                return sheet, number, columns
    return None


def read_unit_corrections(source: IO[bytes], name: str,
                          palette: Palette | None = None) -> list[UnitCorrection] | None:
    """The corrections in a returned unit workbook, in row order; None when `source` is a
    workbook without the unit layout (no 序号, 人工调整 and 实际完成值 header). A status that is
    none, a row without its task number, a figure on a row without an indicator and a row given
    twice are `InputError`s naming the file, row and column."""
    def read(workbook: Any) -> list[UnitCorrection] | None:
        found = _find_table(workbook)
        return None if found is None else _read(*found, name, palette or default_palette())

    return read_workbook(source, name, "returned workbook", read)


def _read(sheet: Any, header_row: int, columns: dict[str, int], name: str,
          palette: Palette) -> list[UnitCorrection]:
    from openpyxl.utils import get_column_letter

    def column_name(label: str) -> str:
        return f"{get_column_letter(columns[label] + 1)} ({label})"

    labels = "、".join(palette.label(status) for status in palette.styles)
    corrections: list[UnitCorrection] = []
    seen: dict[tuple[str, str | None], int] = {}
    rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
    for number, row in enumerate(rows, start=header_row + 1):
        def cell(label: str, row: tuple[Any, ...] = row) -> str:
            index = columns.get(label)
            return typed_text(row[index]) if index is not None and index < len(row) else ""

        chosen, actual = cell(STATUS_LABEL), cell(ACTUAL_LABEL)
        if not chosen and not actual:
            continue  # nothing written on this row (a 说明 alone corrects nothing)
        status = None
        if chosen:
            status = palette.status_for_label(chosen)
            if status is None:
                raise InputError(f"{chosen!r} is not a status; choose one of {labels}",
                                 file=name, row=number, column=column_name(STATUS_LABEL))
        task_id = cell(ID_LABEL)
        if not task_id:
            raise InputError("a correction is written but the task number is empty", file=name,
                             row=number, column=column_name(ID_LABEL))
        indicator = cell(INDICATOR_LABEL) or None
        if actual and indicator is None:
            raise InputError(f"task {task_id}: a figure is written on a row without an indicator",
                             file=name, row=number, column=column_name(ACTUAL_LABEL))
        key = (task_id, indicator)
        if key in seen:
            raise InputError(f"task {task_id} is corrected twice (also in row {seen[key]})",
                             file=name, row=number, column=column_name(ACTUAL_LABEL))
        seen[key] = number
        corrections.append(UnitCorrection(task_id, indicator, status, actual or None,
                                          cell(REASON_LABEL), number))
    return corrections


__all__ = ["ACTUAL_LABEL", "EDITABLE", "ID_LABEL", "INDICATOR_LABEL", "REASON_LABEL",
           "STATUS_LABEL", "UNIT_SHEET", "UnitCorrection", "read_unit_corrections"]
