"""Read an XLSX progress table: any sheet whose header can be found, merged cells filled in.

openpyxl's read-only mode keeps memory flat for large tables but does not expose merged cells, so
the merge ranges are read from the sheet's XML directly (a streaming parse of one element type).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import io
import re
from typing import TYPE_CHECKING, Any

from ..core.errors import InputError
from .limits import ReadBudget
from .rows import RawRow, RawTable
from .untrusted import open_package

if TYPE_CHECKING:
    import zipfile

_PRIVATE_PATH = "_worksheet_path"
"""openpyxl's ReadOnlyWorksheet attribute naming the sheet's part (xl/worksheets/sheet1.xml)."""


# A merged range in a sheet's XML, with or without a namespace prefix: <mergeCell ref="A1:E1"/>.
# Cell text cannot hold a "<", so a match is always the element.
_MERGE_CELL = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']*)["']""")


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range of one sheet, found by a scan
    of the part's bytes (an XML parse of a sheet of millions of cells took seconds for a list
    that follows them)."""
    from openpyxl.utils.cell import range_boundaries

    ranges = []
    carry = b""
    with archive.open(sheet_path.lstrip("/")) as stream:
        while True:
            chunk = stream.read(1 << 20)
            buffer = carry + chunk
            last_open, last_close = buffer.rfind(b"<"), buffer.rfind(b">")
            # Scan up to a tag cut at the chunk's end, and carry that tag over.
            cut = len(buffer) if not chunk or last_close > last_open or last_open < 0 \
                else last_open
            for match in _MERGE_CELL.finditer(buffer, 0, cut):
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(
                        match.group(1).decode("ascii", "replace"))
                except (ValueError, TypeError):
                    continue  # a damaged range: the cells are read as they are
                ranges.append((min_row, min_col, max_row, max_col))
            carry = buffer[cut:]
            if not chunk:
                return ranges


def _cell_string(value: Any, number_format: str | None) -> str:
    """A cell's value as the text a person sees in Excel (12 not 12.0, 77% not 0.77)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if number_format and "%" in number_format:
            percent = round(value * 100, 6)
            return f"{percent:g}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}" if isinstance(value, float) else str(value)
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _formula_texts(data: bytes, sheet_index: int) -> dict[tuple[int, int], str]:
    """(row, column) → formula, for the formula cells of one sheet (a second, value-less pass)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[sheet_index]
        sheet.reset_dimensions()
        found = {}
        for row in sheet.iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if isinstance(value, str) and value.startswith("="):
                    found[(cell.row, cell.column)] = value
        return found
    finally:
        workbook.close()


def _has_formulas(archive: zipfile.ZipFile, sheet_path: str) -> bool:
    with archive.open(sheet_path.lstrip("/")) as stream:
        while True:
            block = stream.read(1 << 20)
            if not block:
                return False
            if b"<f>" in block or b"<f " in block:
                return True


def _fill_formulas(rows: list[RawRow], formulas: dict[tuple[int, int], str]) -> int:
    """Put a formula's text where the workbook saved no value for it (a file written by a program,
    never opened in Excel), so that nothing is lost. Returns how many cells were filled."""
    by_number = {row.number: row for row in rows}
    filled = 0
    for (row_number, column), formula in formulas.items():
        row = by_number.get(row_number)
        if row is None:  # a row of formulas alone, passed over as blank: back in its place
            row = by_number[row_number] = RawRow(row_number, [])
            bisect.insort(rows, row, key=lambda item: item.number)
        while len(row.cells) < column:
            row.cells.append("")
        if row.cells[column - 1] == "":
            row.cells[column - 1] = formula
            filled += 1
    return filled


# Blank rows kept in a run: they separate blocks; more say nothing (a sheet whose formatting
# reaches row 1,048,576 yields a million of them).
BLANK_ROWS_KEPT = 2


def _sheet_rows(sheet: Any, merges: list[tuple[int, int, int, int]],
                budget: ReadBudget) -> list[RawRow]:
    rows: list[RawRow] = []
    last = 0
    blank = 0
    for row in sheet.iter_rows():
        number = next((cell.row for cell in row if getattr(cell, "row", None) is not None),
                      None) or last + 1
        last = number
        if not any(getattr(cell, "value", None) is not None for cell in row):
            blank += 1
            if blank > BLANK_ROWS_KEPT:
                budget.take_blank(number)
                continue
        else:
            blank = 0
        cells = [_cell_string(getattr(cell, "value", None), getattr(cell, "number_format", None))
                 for cell in row]
        budget.take(number, cells)
        rows.append(RawRow(number, cells))
    if merges:
        fill_merges(rows, merges)
    return rows


def fill_merges(rows: list[RawRow], merges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range (min_row, min_col, max_row, max_col; 1-based) the top
    left cell's value, and mark the rows below the first as merged with the row above there."""
    by_number = {row.number: row for row in rows}
    for min_row, min_col, max_row, max_col in merges:
        top = by_number.get(min_row)
        value = top.cells[min_col - 1] if top and len(top.cells) >= min_col else ""
        for number in range(min_row, max_row + 1):
            row = by_number.get(number)
            if row is None:
                continue
            while len(row.cells) < max_col:
                row.cells.append("")
            for column in range(min_col, max_col + 1):
                row.cells[column - 1] = value
            if number > min_row:
                row.merged_above = row.merged_above | frozenset(range(min_col - 1, max_col))


def _private_path_missing(file_name: str) -> str:
    import openpyxl

    return (f"{file_name}: openpyxl {openpyxl.__version__} has no ReadOnlyWorksheet."
            f"_worksheet_path (the private attribute yiwu-reports reads a sheet's part name "
            f"from): merged cells were not filled in and formulas saved without a value were "
            f"not read; check the tasks against the workbook, and report this")


def read_xlsx(data: bytes, file_name: str) -> list[RawTable]:
    """Every sheet of a workbook as a table, in the workbook's order, merged cells filled in;
    hidden sheets too (said when they hold a table). A formula saved without its value is kept
    as its text (and said)."""
    import zipfile

    from openpyxl import load_workbook

    # Bombs and entity declarations are refused before openpyxl (whose stdlib parser would
    # expand entities) sees a byte.
    archive = open_package(data, file_name, "Excel workbook")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types for a damaged file
        archive.close()
        raise InputError(f"cannot open as an Excel workbook ({type(error).__name__}: "
                         f"{error})", file=file_name) from None
    budget = ReadBudget(file_name)
    try:
        tables = []
        private_missing = False
        for position, sheet in enumerate(workbook.worksheets):
            hidden = getattr(sheet, "sheet_state", "visible") != "visible"
            # Files from other tools often declare wrong dimensions; read what is really there.
            sheet.reset_dimensions()
            # The part's name is openpyxl's private attribute: if a new openpyxl renames it,
            # merged cells and formulas would be skipped without a word; so it is said.
            path = getattr(sheet, _PRIVATE_PATH, None)
            private_missing = private_missing or not path
            merges = _merged_ranges(archive, path) if path else []
            rows = _sheet_rows(sheet, merges, budget)
            notes = []
            if path and _has_formulas(archive, path):
                filled = _fill_formulas(rows, _formula_texts(data, position))
                if filled:
                    notes.append(f"{file_name}: {filled} formula cell(s) had no saved value; "
                                 f"their formulas are kept as text (open and save the file in "
                                 f"Excel to keep the values)")
            tables.append(RawTable(rows, name=str(sheet.title), notes=notes,
                                   announce_if_skipped=not hidden, hidden=hidden))
        if private_missing and tables:
            tables[0].notes.insert(0, _private_path_missing(file_name))
        return tables
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, SyntaxError) as error:
        # SyntaxError: the XML parsers' errors (ElementTree's ParseError) for a damaged sheet
        raise InputError(f"cannot read the Excel workbook ({type(error).__name__}: {error})",
                         file=file_name) from None
    finally:
        workbook.close()
        archive.close()
