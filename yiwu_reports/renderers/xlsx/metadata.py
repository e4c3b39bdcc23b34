"""The metadata sheet of a workbook that comes back (the reviewed workbook, a unit's 补报
workbook): which table, period and unit it was made for (`readers.WorkbookMetadata`), on a very
hidden sheet (no spreadsheet program's menu shows it), protected, written last.

The readers find it by its name (`readers.METADATA_SHEET`) and the assessment refuses a returned
workbook applied to another table, period or unit. docs/returned-workbooks.md describes it.
"""

from __future__ import annotations

from typing import Any

from ...core.model import Report
from ...readers import METADATA_SHEET, WorkbookMetadata
from .cells import CellMaker, Look, TextStats
from .openpyxl_private import add_sheet

_KEY = Look(wrap=False, border=False)
_VALUE = Look(wrap=False, border=False)


def made_for(report: Report, kind: str, unit: str = "") -> WorkbookMetadata:
    """The metadata of a workbook of `kind` made from `report` (for `unit`'s 补报 workbook)."""
    return WorkbookMetadata(kind=kind, table=report.title, source=report.source_file,
                            period=report.period.label, period_zh=report.period.zh, unit=unit)


def write_metadata(workbook: Any, metadata: WorkbookMetadata, stats: TextStats) -> None:
    """Add the very hidden, protected metadata sheet to a write-only workbook (after its
    visible sheets, so that one of those stays the active sheet)."""
    sheet = add_sheet(workbook, METADATA_SHEET)
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True
    for width, column in ((12, "A"), (40, "B"), (40, "C")):
        sheet.column_dimensions[column].width = width
    maker = CellMaker(sheet, stats)
    for key, value, note in metadata.rows():
        sheet.add_row([maker.text(key, _KEY), maker.text(value, _VALUE), maker.text(note, _KEY)])
