"""Every use of openpyxl's undocumented parts, in this one module.

The workbook is written with openpyxl's public write-only mode; these reaches make a 10,000-row
sheet several times faster and keep input text from ever becoming a formula. pyproject.toml pins
openpyxl to the versions this was checked against (>=3.1, <3.2) and CI runs the workbook tests at
both ends of that range; the tests read every cell back with openpyxl's public reader. Nothing
here changes openpyxl for anyone else.

- `ready_cell`: a `Cell` made with its stored value (`Cell._value`), type (`data_type`) and
  style (`_style`, the StyleArray, and `style_id`, shadowing `StyleableObject.style_id`) set
  directly. If these change: cells lose their style or value, or text starting with "=" becomes
  a formula again (tests: test_render_xlsx reads values, types and fills back).
- `StreamSheet`: a `WriteOnlyWorksheet` (from the private module `openpyxl.worksheet.
  _write_only`) overriding `_values_to_row`, and a row's height handed to the row writer as a
  plain mapping in `row_dimensions`; added to the workbook with `Workbook._add_sheet`. If these
  change: rows are written wrongly or without heights.
- `write_package` and `discard`: `ExcelWriter.write_data` (what `save` does short of closing the
  archive) and a streamed sheet's temporary file (`_writer`, its `out` path and `cleanup`). If
  these change: the workbook is not written, or a failed render leaves a temporary file.
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

__all__ = ["style_of", "ready_cell", "StreamSheet", "add_sheet", "write_package", "discard"]


class _ReadyCell(Cell):
    """A cell whose style index is worked out once per look and stored, where openpyxl would
    hash the cell's style and look it up in the workbook for every cell it writes."""

    __slots__ = ("style_id",)  # shadows StyleableObject.style_id, a property


def style_of(template: WriteOnlyCell) -> tuple[Any, int]:
    """The style array of a styled template cell and its index in the workbook's styles."""
    return template._style, template.style_id


def ready_cell(sheet: Any, value: Any, data_type: str, style: tuple[Any, int]) -> Cell:
    """A cell holding `value` as `data_type` ("s" text, "n" number) in `style` (from
    `style_of`). The style array is shared, never changed through a cell: copying it per cell
    would only cost time. The value is stored as it is: the `value` setter would take a leading
    "=" for a formula."""
    cell = _ReadyCell(sheet)
    cell._style, cell.style_id = style
    cell._value = value
    cell.data_type = data_type
    return cell


class StreamSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose rows are lists of ready cells.

    openpyxl's own `append` first tries each item as a plain value, and only when that raises
    takes it as a cell: an exception and a throw-away cell per cell, a third of the time of a
    large sheet. Here each cell just gets its position.
    """

    rows_written = 0

    def _values_to_row(self, values: Iterable[Cell | None], row_idx: int) -> Iterable[Cell]:
        for column, cell in enumerate(values, 1):
            if cell is None:
                continue
            cell.column = column
            cell.row = row_idx
            yield cell

    def add_row(self, cells: list[Cell | None], height: float | None = None) -> int:
        """Write the next row, `height` points tall if given; returns its number."""
        self.rows_written += 1
        number = self.rows_written
        if height is not None:
            # The writer merges row_dimensions[number] into the <row> element's attributes. A
            # plain mapping of the two it needs costs a fraction of a RowDimension, and it is
            # dropped once written so memory does not grow with the sheet.
            dict.__setitem__(self.row_dimensions, number,
                             {"ht": f"{height:g}", "customHeight": "1"})
        self.append(cells)
        if height is not None:
            del self.row_dimensions[number]
        return number


def add_sheet(workbook: Any, title: str, index: int | None = None) -> StreamSheet:
    """A new `StreamSheet` in a write-only workbook (at `index`, else last)."""
    sheet = StreamSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet, index)  # what Workbook.create_sheet does with its own class
    return sheet


def write_package(workbook: Any, archive: Any) -> None:
    """Write the workbook's parts into an open zip `archive` (which the caller closes)."""
    ExcelWriter(workbook, archive).write_data()


def discard(workbook: Any) -> None:
    """Remove the temporary files of sheets that were streamed but never saved (a failed
    render), closing their XML first so nothing complains when they are collected."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        try:
            if not sheet.closed:
                sheet.close()
        except Exception:  # the XML was cut off mid-row: it is being thrown away anyway
            pass
        if os.path.exists(writer.out):
            writer.cleanup()
