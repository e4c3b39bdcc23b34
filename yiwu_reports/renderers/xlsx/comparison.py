"""The workbook's 与上季度相比 sheet, when the report was compared with the previous period:
tasks by status then and now, the moves between statuses, and every task whose status moved
(worse first), each row in the colour of its status now."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

from ...core.palette import Palette
from ...summary import ComparisonView
from .cells import GROUP, HEADER, CellMaker, Look, StatusLooks, TextStats, row_height, set_up_page
from .openpyxl_private import add_sheet

COMPARISON_SHEET = "与上季度相比"
_WIDTHS = (6, 44, 14, 11, 11, 10, 24)
_TITLE = Look(bold=True, size=14, wrap=False, border=False, vertical="center")
_LINE = Look(wrap=True, border=False, vertical="center")
_NUMBER = Look(horizontal="center")
_CHANGE = Look(horizontal="center", number_format="+0;-0;0")


def write_comparison(workbook: Any, view: ComparisonView, palette: Palette,
                     stats: TextStats) -> None:
    sheet = add_sheet(workbook, COMPARISON_SHEET)
    set_up_page(sheet, _WIDTHS, "landscape")
    make = CellMaker(sheet, stats)
    looks = StatusLooks(palette)
    last = get_column_letter(len(_WIDTHS))
    sheet.add_row([make.text(f"{view.heading}（{view.previous_zh}）", _TITLE)], 24)
    line = sheet.add_row([make.text(view.sentence, _LINE)],
                         row_height([(view.sentence, sum(_WIDTHS))]))
    sheet.merged_cells.add(f"A{line}:{last}{line}")  # the sentence runs across the table
    sheet.add_row([])
    # The two small tables sit under the status columns (D-G), which are wide enough for labels.
    pad: list[Any] = [None, None, None]
    sheet.add_row([make.text("按状态", GROUP)])
    sheet.add_row(pad + [make.text("状态", HEADER), make.text("上期", HEADER),
                         make.text("本期", HEADER), make.text("增减", HEADER)])
    for row in view.rows:
        sheet.add_row(pad + [make.text(row.label, looks.get(row.status, "label")),
                             make.number(row.previous, _NUMBER), make.number(row.now, _NUMBER),
                             make.number(row.change, _CHANGE)])
    sheet.add_row([])
    if view.transitions:
        sheet.add_row([make.text("状态变化", GROUP)])
        sheet.add_row(pad + [make.text("上期", HEADER), make.text("本期", HEADER),
                             make.text("任务数", HEADER)])
        for before, after, count in view.transitions:
            sheet.add_row(pad + [make.text(before, _NUMBER), make.text(after, _NUMBER),
                                 make.number(count, _NUMBER)])
        sheet.add_row([])
    if not view.moved_tasks:
        return
    sheet.add_row([make.text(f"状态变化的任务（{view.moved}项，退步在前）", GROUP)])
    # 变化 (好转，完成率提高40个百分点) spans the last two columns, as every document words it.
    header = ("序号", "任务名称", "牵头单位", "上期状态", "本期状态", "变化")
    number = sheet.add_row([make.text(label, HEADER) for label in header] + [make.text("", HEADER)])
    sheet.merged_cells.add(f"F{number}:G{number}")
    for moved in view.moved_tasks:
        task, look = moved.task, looks.get(moved.status)
        centre = looks.get(moved.status, "centre")
        cells = [make.text(task.id, centre), make.text(task.title, look), make.text(task.lead, look),
                 make.text(palette.label(moved.previous_status), centre),
                 make.text(palette.label(moved.status), looks.get(moved.status, "label")),
                 make.text(moved.change_text, centre), make.text("", centre)]
        number = sheet.add_row(cells, row_height([(task.title, _WIDTHS[1]), (task.lead, _WIDTHS[2])]))
        sheet.merged_cells.add(f"F{number}:G{number}")
