"""The 台账 sheet: every task of the year, a column per period's status, 销号 when completed.

Written when the run has a history (`--history DIR`, scheduled runs by default): one row per
task (the current table's first, then tasks only earlier tables list), a column per period
(一季度 … 四季度) in the status's colour, the period it was 销号 in, and a note for tasks the
current table no longer lists. The rows come from `ledger.build_ledger`.
"""

from __future__ import annotations

import re
from typing import Any

from ...core.palette import Palette
from ...summary import Ledger, LedgerRow, lead_name
from .cells import HEADER, CellMaker, Look, StatusLooks, TextStats, row_height
from .openpyxl_private import add_sheet
from .sheets import _prepare_sheet

LEDGER_SHEET = "台账"
_NUMERIC_ID = re.compile(r"^[1-9][0-9]{0,14}$")
CLOSED_MARK = "（销号）"
CLOSED_LATER = "已销号"
NOT_LISTED = "未列入"
_CLOSED_LOOK = Look(fill="E2EFDA", color="375623", horizontal="center")
_PLAIN = Look()
_CENTRE = Look(horizontal="center")
_MUTED = Look(color="808080", horizontal="center")


def column_heading(ledger: Ledger, column: int) -> str:
    """一季度; 一季度（无数据） for an earlier period the history lacks."""
    heading = ledger.heading(column)
    if not ledger.reported[column] and column < ledger.current:
        return f"{heading}（无数据）"
    return heading


def cell_text(row: LedgerRow, column: int, ledger: Ledger, palette: Palette) -> str:
    """What a period's cell says: the status; 已完成（销号） where it was closed; 已销号 after;
    未列入 where a reported period's table does not list it; "" for a period without a report."""
    status = row.statuses[column]
    if row.closed is not None and column > row.closed and ledger.reported[column]:
        return CLOSED_LATER
    if status is None:
        return NOT_LISTED if ledger.reported[column] else ""
    label = palette.label(status)
    return label + CLOSED_MARK if column == row.closed else label


def write_ledger(workbook: Any, ledger: Ledger, title: str, palette: Palette,
                 stats: TextStats) -> None:
    """The 台账 sheet, last in the workbook."""
    sheet = add_sheet(workbook, LEDGER_SHEET)
    columns = len(ledger.periods)
    widths = [5.5, 40, 12, *([11.0] * columns), 9, 12]
    _prepare_sheet(sheet, widths, f"{title} 台账", freeze="D2")
    maker = CellMaker(sheet, stats)
    headers = ["序号", "任务名称", "牵头单位",
               *(column_heading(ledger, c) for c in range(columns)), "销号", "备注"]
    sheet.add_row([maker.text(text, HEADER) for text in headers], 30)
    looks = StatusLooks(palette)
    for row in ledger.rows:
        number = maker.number(int(row.id), _CENTRE) if _NUMERIC_ID.match(row.id) else None
        cells = [number or maker.text(row.id, _CENTRE), maker.text(row.title, _PLAIN),
                 maker.text(lead_name(row.lead), _PLAIN)]
        for column in range(columns):
            text = cell_text(row, column, ledger, palette)
            status = row.statuses[column]
            if text == CLOSED_LATER:
                look = _CLOSED_LOOK
            elif status is not None:
                look = looks.get(status, "label")
            else:
                look = _MUTED
            cells.append(maker.text(text, look))
        closed = ledger.heading(row.closed) if row.closed is not None else ""
        cells.append(maker.text(closed, _CLOSED_LOOK if closed else _CENTRE))
        cells.append(maker.text("" if row.current else "本期未列", _MUTED))
        sheet.add_row(cells, row_height([(row.title, widths[1]), (row.lead, widths[2])]))


__all__ = ["LEDGER_SHEET", "cell_text", "column_heading", "write_ledger"]
