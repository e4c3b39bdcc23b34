"""The review loop: read a workbook the xlsx renderer wrote, after a reviewer edited it, back
as overrides.

Reviewers pick a status in the 人工调整 column of the 全部任务 sheet and type a reason in
调整理由; the next run takes those rows as their judgement. The columns are found by their
header labels, not by position, so a reviewer may insert columns, sort or filter rows, or
rename the sheet. openpyxl is imported only when a workbook is read, so the API and CLI can
import this module cheaply.
"""

from __future__ import annotations

import os
import zipfile
from typing import IO, Any, Callable, TypeVar, Union

from ..core.errors import InputError
from ..core.model import Override
from ..core.palette import Palette, default_palette
from .returned_workbooks import REVIEWED

# The labels that tie the renderer's sheet to this reader.
ALL_TASKS_SHEET = REVIEWED.sheet
ID_LABEL = REVIEWED.id
OVERRIDE_LABEL = REVIEWED.override
REASON_LABEL = REVIEWED.reason
_HEADER_SEARCH_ROWS = 30  # a reviewer may add a few rows above the header; not hundreds

ReviewSource = Union[str, "os.PathLike[str]", IO[bytes]]
T = TypeVar("T")


def _source_name(source: ReviewSource) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    name = getattr(source, "name", None)
    return os.path.basename(name) if isinstance(name, str) else "<reviewed workbook>"


def typed_text(value: Any) -> str:
    """A cell value as the text a person typed (12 for a whole-number float)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_columns(row: tuple[Any, ...]) -> dict[str, int] | None:
    """Positions of the review columns if `row` is the header, else None."""
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        label = typed_text(value)
        if label in (ID_LABEL, OVERRIDE_LABEL, REASON_LABEL) and label not in found:
            found[label] = index
    return found if ID_LABEL in found and OVERRIDE_LABEL in found else None


def _find_table(workbook: Any) -> tuple[Any, int, dict[str, int]]:
    """The sheet, header row number and review columns; the 全部任务 sheet is tried first."""
    sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.title != ALL_TASKS_SHEET)
    for sheet in sheets:
        rows = sheet.iter_rows(min_row=1, max_row=_HEADER_SEARCH_ROWS, values_only=True)
        for number, row in enumerate(rows, start=1):
            columns = _header_columns(row)
            if columns is not None:
                return sheet, number, columns
    raise InputError(f"no sheet has the columns {ID_LABEL} and {OVERRIDE_LABEL}; give a "
                     "workbook written by make-report --format xlsx")


def read_review_overrides(source: ReviewSource,
                          palette: Palette | None = None) -> dict[str, Override]:
    """Task id → the reviewer's `Override` for every row whose 人工调整 cell is filled.

    `source` is a path or binary stream of a reviewed workbook. A 人工调整 cell may hold a
    status label (滞后) or value (lagging). A label that names no status, a filled row without
    a task id, and a task id given twice are `InputError`s naming file, row and column; so is
    a file that is not a workbook with those columns.
    """
    name = _source_name(source)
    return read_workbook(source, name, "reviewed workbook",
                         lambda workbook: _read_overrides(workbook, name,
                                                          palette or default_palette()))


def read_workbook(source: ReviewSource, name: str, what: str, read: Callable[[Any], T]) -> T:
    """`read` applied to the workbook at `source` (values only), which is then closed. A file
    that is no readable workbook is an `InputError` 「name: cannot read the {what}: …」."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # Read-only workbooks parse their sheets while rows are read, so a broken file can fail
    # at any point of the reading, not only when opened.
    broken = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError,
              SyntaxError)
    # Excel and LibreOffice add extensions (their own validation and formatting) that openpyxl
    # warns it cannot keep (only cell values are read here). Those warnings are left to the
    # caller's filters: silencing them here would change the process's warning filters, which
    # every thread shares (make-report filters them for itself).
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except broken as error:
        raise InputError(f"cannot read the {what}: {error}", file=name) from None
    try:
        return read(workbook)
    except broken as error:
        raise InputError(f"cannot read the {what}: {error}", file=name) from None
    finally:
        workbook.close()


def _read_overrides(workbook: Any, name: str, palette: Palette) -> dict[str, Override]:
    from openpyxl.utils import get_column_letter

    try:
        sheet, header_row, columns = _find_table(workbook)
    except InputError as error:
        raise InputError(error.message, file=name) from None
    id_at, status_at = columns[ID_LABEL], columns[OVERRIDE_LABEL]
    reason_at = columns.get(REASON_LABEL)
    status_column = f"{get_column_letter(status_at + 1)} ({OVERRIDE_LABEL})"
    labels = "、".join(palette.label(status) for status in palette.styles)
    overrides: dict[str, Override] = {}
    first_row: dict[str, int] = {}
    rows = sheet.iter_rows(min_row=header_row + 1, values_only=True)
    for number, row in enumerate(rows, start=header_row + 1):
        def cell(index: int | None) -> str:
            return typed_text(row[index]) if index is not None and index < len(row) else ""

        chosen = cell(status_at)
        if not chosen:
            continue  # no review on this row
        status = palette.status_for_label(chosen)
        if status is None:
            raise InputError(f"{chosen!r} is not a status; choose one of {labels}",
                             file=name, row=number, column=status_column)
        task_id = cell(id_at)
        if not task_id:
            raise InputError(f"{OVERRIDE_LABEL} is filled but the task number is empty",
                             file=name, row=number,
                             column=f"{get_column_letter(id_at + 1)} ({ID_LABEL})")
        if task_id in overrides:
            raise InputError(f"task {task_id} is reviewed twice (also in row "
                             f"{first_row[task_id]})", file=name, row=number,
                             column=status_column)
        overrides[task_id] = Override(status=status, reason=cell(reason_at))
        first_row[task_id] = number
    return overrides
