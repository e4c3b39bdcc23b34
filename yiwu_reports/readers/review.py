"""The review loop: read a workbook the xlsx renderer wrote, after a reviewer edited it, back
as overrides.

Reviewers pick a status (or 确认, to keep the automatic one) in the 人工调整 column of the 全部任务
sheet and type a reason in 调整理由; the next run takes those rows as their judgement. The columns
are found by their header labels, not by position, so a reviewer may insert columns, sort or
filter rows, or rename the sheet. Each row keeps the 任务名称 it shows, and the workbook the table,
period and unit it was made for (its hidden metadata sheet, `returned_workbooks`), so that the
assessment applies it only where it belongs. A formula where a value is read is refused: its
result is not what was typed, and may not even be stored. openpyxl is imported only when a
workbook is read, so the API and CLI can import this module cheaply.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Any, Callable, TypeVar, Union

from ..core.errors import InputError
from ..core.model import Override
from ..core.palette import Palette, default_palette
from .returned_workbooks import (
    KIND_REVIEWED,
    METADATA_SHEET,
    REVIEWED,
    WorkbookMetadata,
    review_choice,
    review_choices,
)

# The labels that tie the renderer's sheet to this reader.
ALL_TASKS_SHEET = REVIEWED.sheet
ID_LABEL = REVIEWED.id
TITLE_LABEL = REVIEWED.title
OVERRIDE_LABEL = REVIEWED.override
REASON_LABEL = REVIEWED.reason
_HEADER_SEARCH_ROWS = 30  # a reviewer may add a few rows above the header; not hundreds
_METADATA_ROWS = 50

ReviewSource = Union[str, "os.PathLike[str]", IO[bytes]]
T = TypeVar("T")


def _source_name(source: ReviewSource) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    name = getattr(source, "name", None)
    return os.path.basename(name) if isinstance(name, str) else "<reviewed workbook>"


def typed_text(value: Any) -> str:
    """A cell value as the text a person typed (12 for a whole-number float, 0.00000015 rather
    than 1.5e-07: a number is never read back in a notation the figure parser does not know)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        from decimal import Decimal

        return format(Decimal(repr(value)), "f")
    return str(value).strip()


@dataclass(frozen=True)
class ReviewedRow:
    """A row of the reviewed workbook where 人工调整 is filled."""

    task_id: str
    choice: str
    """A status value (lagging …), or `returned_workbooks.CONFIRMED` for 确认."""
    reason: str
    title: str | None
    """The 任务名称 the row shows; None when the workbook has no such column (one not made by
    make-report)."""
    row: int


class LabelledRow:
    """The cells of one row of a returned workbook, read by their column's label; a formula
    where a value is read is an `InputError` naming the file, row and column."""

    def __init__(self, cells: tuple[Any, ...], columns: dict[str, int], name: str,
                 number: int) -> None:
        self.cells, self.columns, self.name, self.number = cells, columns, name, number

    def column_name(self, label: str) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.columns[label] + 1)} ({label})"

    def text(self, label: str) -> str:
        """The cell's text ("" when the column is absent or the cell empty)."""
        index = self.columns.get(label)
        if index is None or index >= len(self.cells):
            return ""
        cell = self.cells[index]
        if getattr(cell, "data_type", None) == "f":
            raise InputError(f"a formula ({typed_text(cell.value)[:60]}) is not read: type the "
                             f"{label} itself", file=self.name, row=self.number,
                             column=self.column_name(label))
        return typed_text(cell.value)


def read_review_overrides(source: ReviewSource,
                          palette: Palette | None = None) -> dict[str, Override]:
    """Task id → the reviewer's `Override` for every row whose 人工调整 cell is filled (its status
    `returned_workbooks.CONFIRMED` for 确认). See `read_reviewed_workbook`."""
    _metadata, rows = read_reviewed_workbook(source, palette)
    return {row.task_id: Override(status=row.choice, reason=row.reason) for row in rows}


def read_reviewed_workbook(source: ReviewSource, palette: Palette | None = None
                           ) -> tuple[WorkbookMetadata | None, list[ReviewedRow]]:
    """What the workbook was made for (None for one without make-report's metadata sheet) and
    every row whose 人工调整 cell is filled, in row order.

    `source` is a path or binary stream of a reviewed workbook. A 人工调整 cell may hold a
    status label (滞后) or value (lagging), or 确认. A label that names no status, a filled row
    without a task id, a task id given twice and a formula in a cell read are `InputError`s
    naming file, row and column; so is a file that is not a workbook with those columns, and a
    workbook of make-report's whose 任务名称 column is gone.
    """
    name = _source_name(source)

    def read(workbook: Any) -> tuple[WorkbookMetadata | None, list[ReviewedRow]]:
        metadata = read_metadata(workbook, name, "reviewed workbook")
        if metadata is not None and metadata.kind != KIND_REVIEWED:
            raise InputError("cannot read the reviewed workbook: it was made as a unit's 补报 "
                             "workbook", file=name)
        return metadata, _read_rows(workbook, name, palette or default_palette(), metadata)

    return read_workbook(source, name, "reviewed workbook", read)


def read_workbook(source: ReviewSource, name: str, what: str, read: Callable[[Any], T]) -> T:
    """`read` applied to the workbook at `source` (formulas as written, not their cached
    values), which is then closed. A file that is no readable workbook is an `InputError`
    「name: cannot read the {what}: …」."""
    import zipfile

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
        workbook = load_workbook(source, read_only=True, data_only=False)
    except broken as error:
        raise InputError(f"cannot read the {what}: {error}", file=name) from None
    try:
        return read(workbook)
    except broken as error:
        raise InputError(f"cannot read the {what}: {error}", file=name) from None
    finally:
        workbook.close()


def read_metadata(workbook: Any, name: str, what: str) -> WorkbookMetadata | None:
    """The metadata sheet of a returned workbook, or None when it has none (a workbook not made
    by make-report, or by a version before there was one). One that is not this format's or of
    a newer version is an `InputError` 「name: cannot read the {what}: …」."""
    if METADATA_SHEET not in workbook.sheetnames:
        return None
    values: dict[str, str] = {}
    rows = workbook[METADATA_SHEET].iter_rows(max_row=_METADATA_ROWS, max_col=2, values_only=True)
    for row in rows:
        key = typed_text(row[0]) if row else ""
        if key and key not in values:
            values[key] = typed_text(row[1]) if len(row) > 1 else ""
    try:
        metadata = WorkbookMetadata.from_values(values)
    except ValueError as error:
        raise InputError(f"cannot read the {what}: {error}", file=name) from None
    return metadata


def _header_columns(row: tuple[Any, ...], labels: tuple[str, ...],
                    required: tuple[str, ...]) -> dict[str, int] | None:
    """Positions of the `labels` if `row` is the header (it has every `required` one), else None."""
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        label = typed_text(value)
        if label in labels and label not in found:
            found[label] = index
    return found if all(label in found for label in required) else None


def find_table(workbook: Any, preferred: str, labels: tuple[str, ...],
               required: tuple[str, ...]) -> tuple[Any, int, dict[str, int]] | None:
    """The sheet, header row number and columns of the first header (in a sheet's first rows)
    having the `required` labels, the sheet named `preferred` tried first; None when none has."""
    sheets = sorted((sheet for sheet in workbook.worksheets if sheet.title != METADATA_SHEET),
                    key=lambda sheet: sheet.title != preferred)
    for sheet in sheets:
        rows = sheet.iter_rows(min_row=1, max_row=_HEADER_SEARCH_ROWS, values_only=True)
        for number, row in enumerate(rows, start=1):
            columns = _header_columns(row, labels, required)
            if columns is not None:
                return sheet, number, columns
    return None


def _read_rows(workbook: Any, name: str, palette: Palette,
               metadata: WorkbookMetadata | None) -> list[ReviewedRow]:
    found = find_table(workbook, ALL_TASKS_SHEET,
                       (ID_LABEL, TITLE_LABEL, OVERRIDE_LABEL, REASON_LABEL),
                       (ID_LABEL, OVERRIDE_LABEL))
    if found is None:
        raise InputError(f"no sheet has the columns {ID_LABEL} and {OVERRIDE_LABEL}; give a "
                         "workbook written by make-report --format xlsx", file=name)
    sheet, header_row, columns = found
    if metadata is not None and TITLE_LABEL not in columns:
        raise InputError(f"the {TITLE_LABEL} column is gone, so the rows cannot be checked against "
                         f"the tasks they were written for; put it back", file=name)
    choices = review_choices(palette)
    rows: list[ReviewedRow] = []
    first_row: dict[str, int] = {}
    last_column = max(columns.values()) + 1  # the input's own columns after ours are not read
    for number, cells in enumerate(sheet.iter_rows(min_row=header_row + 1, max_col=last_column),
                                   start=header_row + 1):
        row = LabelledRow(cells, columns, name, number)
        chosen = row.text(OVERRIDE_LABEL)
        if not chosen:
            continue  # no review on this row
        choice = review_choice(palette, chosen)
        if choice is None:
            raise InputError(f"{chosen!r} is not a status; choose one of {choices}",
                             file=name, row=number, column=row.column_name(OVERRIDE_LABEL))
        task_id = row.text(ID_LABEL)
        if not task_id:
            raise InputError(f"{OVERRIDE_LABEL} is filled but the task number is empty",
                             file=name, row=number, column=row.column_name(ID_LABEL))
        if task_id in first_row:
            raise InputError(f"task {task_id} is reviewed twice (also in row "
                             f"{first_row[task_id]})", file=name, row=number,
                             column=row.column_name(OVERRIDE_LABEL))
        title = row.text(TITLE_LABEL) if TITLE_LABEL in columns else None
        rows.append(ReviewedRow(task_id, choice, row.text(REASON_LABEL), title, number))
        first_row[task_id] = number
    return rows
