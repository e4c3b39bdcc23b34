"""Read an Excel 97-2003 workbook (.xls) with xlrd, which reads exactly this format: every
sheet as a table (hidden ones too, said when they hold a table), merged cells filled in, numbers
shown as Excel shows them."""

from __future__ import annotations

import datetime as _dt
import struct
from typing import Any

from ..core.errors import InputError
from .limits import ReadBudget
from .rows import RawRow, RawTable
from .xlsx import BLANK_ROWS_KEPT, fill_merges

# What xlrd raises for a damaged file: its own errors, and struct, index or value errors from
# records cut short.
_DAMAGE: tuple[type[BaseException], ...] = (
    struct.error, IndexError, KeyError, ValueError, AssertionError, EOFError, OverflowError,
    UnicodeDecodeError, NotImplementedError, TypeError)

# The stream names that tell a Word 97-2003 document from a workbook in the same container.
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def _cell_string(book: Any, sheet: Any, row: int, column: int) -> str:
    import xlrd

    cell = sheet.cell(row, column)
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return str(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, "#ERROR"))
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(value)
        return moment.date().isoformat() if moment.time() == _dt.time() else \
            moment.isoformat(" ")
    number = float(value)
    try:
        xf = book.xf_list[sheet.cell_xf_index(row, column)]
        number_format = book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError):
        number_format = ""
    if "%" in number_format:
        return f"{round(number * 100, 6):g}%"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return f"{number:.15g}"


def read_xls(data: bytes, file_name: str) -> list[RawTable]:
    """Every sheet of an .xls workbook as a table, in the workbook's order."""
    import xlrd
    from xlrd.compdoc import CompDocError

    damage = (*_DAMAGE, xlrd.XLRDError, CompDocError)
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=_Discard())
    except damage as error:
        if _WORD_STREAM in data:
            raise InputError("this is a Word 97-2003 document (.doc); save it as .docx and try "
                             "again", file=file_name) from None
        raise InputError(f"cannot open as an Excel 97-2003 workbook ({type(error).__name__}: "
                         f"{error})", file=file_name) from None
    try:
        tables = []
        budget = ReadBudget(file_name)
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            hidden = sheet.visibility != 0  # read all the same, and said when it holds a table
            rows = []
            blank = 0
            for row in range(sheet.nrows):
                types = sheet.row_types(row)  # blank rows told apart without a cell's text
                if types.count(xlrd.XL_CELL_EMPTY) + types.count(xlrd.XL_CELL_BLANK) \
                        == len(types):
                    blank += 1
                    if blank > BLANK_ROWS_KEPT:
                        budget.take_blank(row + 1)
                        continue
                else:
                    blank = 0
                cells = [_cell_string(book, sheet, row, column)
                         for column in range(sheet.row_len(row))]
                budget.take(row + 1, cells)
                rows.append(RawRow(row + 1, cells))
            merges = [(low_row + 1, low_column + 1, high_row, high_column)
                      for low_row, high_row, low_column, high_column in sheet.merged_cells]
            if merges:
                fill_merges(rows, merges)
            tables.append(RawTable(rows, name=str(sheet.name), announce_if_skipped=not hidden,
                                   hidden=hidden))
            book.unload_sheet(index)
        return tables
    except InputError:
        raise
    except damage as error:  # a damaged sheet record
        raise InputError(f"cannot read the Excel 97-2003 workbook ({type(error).__name__}: "
                         f"{error})", file=file_name) from None
    finally:
        book.release_resources()


class _Discard:
    """Where xlrd's warnings go (it writes them to stdout otherwise)."""

    def write(self, _text: str) -> int:
        return 0
