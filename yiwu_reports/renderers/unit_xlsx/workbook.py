"""One unit's 补报 workbook: its tasks, one row per indicator, and only its review cells open.

Sheet 补报: a title and a line on how to fill it in, then a row per indicator of each of the
unit's tasks (a task without indicators has one row): 序号, 任务名称, 牵头单位, 指标序号, 指标, 目标,
报送值 (the figure read from its report), 完成率, 序时进度, 状态, 预警, 依据, then the three columns
the unit writes in: 人工调整 (a status, from a list), 实际完成值 (a corrected figure, only on
indicator rows) and 说明. The sheet is protected (no password: it guides, it does not secure);
those cells alone are unlocked and tinted. A very hidden sheet says which table, period and unit
the workbook was made for (`xlsx.metadata`). `readers.unit_review` reads a returned workbook, and
`--overrides` takes several at once. Built with the main workbook's cells (text is never a
formula) and saved with its fixed dates.
"""

from __future__ import annotations

import re
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ...core.model import Indicator, Report, Task
from ...core.office import OfficeSettings
from ...core.palette import Palette
from ...readers import KIND_UNIT, UNIT_RETURN
from ...summary import (
    Issue,
    document_issue,
    evidence_text,
    lead_name,
    number_text,
    shorten,
    target_text,
)
from ...text.quotes import quote
from ..xlsx.cells import (
    HEADER,
    CellMaker,
    Look,
    StatusLooks,
    TextStats,
    row_height,
    set_up_page,
    status_label,
)
from ..xlsx.metadata import made_for, write_metadata
from ..xlsx.openpyxl_private import add_sheet
from ..xlsx.sheets import warning_cell
from ..xlsx.workbook import discard, save_repeatable
from .plan import UnitBook

COLUMNS: tuple[tuple[str, float], ...] = (
    (UNIT_RETURN.id, 5.5), ("任务名称", 30), ("牵头单位", 11), (UNIT_RETURN.indicator, 6), ("指标", 12),
    ("目标", 12), ("报送值", 12), ("完成率", 8.5), ("序时进度", 8.5), ("状态", 8.5),
    ("预警", 9), ("依据", 30), (UNIT_RETURN.status, 9.5), (UNIT_RETURN.actual, 12), (UNIT_RETURN.reason, 20))
_AT = {label: index for index, (label, _width) in enumerate(COLUMNS)}
HEADER_ROW = 3
OPEN_FILL = "FFF2CC"
"""Tint of the cells a unit may write in."""
_NUMERIC_ID = re.compile(r"^[1-9][0-9]{0,14}$")
_TITLE = Look(bold=True, size=14, wrap=False, border=False, vertical="center")
_LINE = Look(wrap=True, border=False, vertical="center")
_OPEN = Look(fill=OPEN_FILL, locked=False)
_OPEN_CENTRE = Look(fill=OPEN_FILL, locked=False, horizontal="center")
_PLAIN = Look()
_PLAIN_CENTRE = Look(horizontal="center")
_PERCENT = Look(horizontal="center", number_format="0.0%")


def _id_cell(maker: CellMaker, task: Task, look: Look) -> Any:
    # Plain task numbers are numbers (sorting 1, 2 … 10), as on the main workbook.
    if _NUMERIC_ID.match(task.id):
        return maker.number(int(task.id), look)
    return maker.text(task.id, look)


def _rows(task: Task) -> list[tuple[int | None, Indicator | None]]:
    """(indicator number, indicator) for each row of a task; one row without for none."""
    if not task.indicators:
        return [(None, None)]
    return list(enumerate(task.indicators, start=1))


def _instructions(office: OfficeSettings, issue: Issue) -> str:
    to = office.measures_to or office.organisation
    return (f"请在{quote(UNIT_RETURN.actual)}列填写与目标同口径的数据（如“388.6亿元”，只写数字时按目标的单位），"
            f"如需调整判定请在{quote(UNIT_RETURN.status)}列选择状态，并在{quote(UNIT_RETURN.reason)}列写明数据来源或理由。"
            f"其他单元格已锁定。填好后请于{issue.supplement_by}将本表发回{to}。")


def write_unit_book(report: Report, book: UnitBook, palette: Palette, office: OfficeSettings,
                    out: BinaryIO, issue: Issue | None = None) -> None:
    """The workbook of one unit, to `out` (`issue`: draft or final, its date and deadline;
    undated when None)."""
    issue = issue or document_issue(report, (), office)
    stats = TextStats()
    workbook = Workbook(write_only=True)
    try:
        _sheet(workbook, report, book, palette, office, stats, issue)
        write_metadata(workbook, made_for(report, KIND_UNIT, book.unit), stats)
        save_repeatable(workbook, out, f"{book.unit} {report.period.zh}重点任务数据补报表", issue)
    except BaseException:
        discard(workbook)
        raise


def _sheet(workbook: Any, report: Report, book: UnitBook, palette: Palette,
           office: OfficeSettings, stats: TextStats, issue: Issue) -> None:
    sheet = add_sheet(workbook, UNIT_RETURN.sheet)
    set_up_page(sheet, [width for _label, width in COLUMNS], "landscape")
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    rows = [(task, number, indicator) for task in book.tasks
            for number, indicator in _rows(task)]
    last_row = HEADER_ROW + len(rows)
    _status_list(sheet, palette, last_row)
    # Protected with no password: a unit cannot overwrite the figures by mistake, and an office
    # that must change a locked cell can still unprotect the sheet.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # allowed: widen a column to read
    sheet.protection.formatRows = False
    maker = CellMaker(sheet, stats)
    last = get_column_letter(len(COLUMNS))
    title = f"{book.unit}　{report.period.zh}重点任务数据补报表"
    number = sheet.add_row([maker.text(f"{title}（{issue.mark}）" if issue.mark else title,
                                       _TITLE)], 28)
    sheet.merged_cells.add(f"A{number}:{last}{number}")
    number = sheet.add_row([maker.text(_instructions(office, issue), _LINE)], 44)
    sheet.merged_cells.add(f"A{number}:{last}{number}")
    header = sheet.add_row([maker.text(label, HEADER) for label, _ in COLUMNS], 30)
    assert header == HEADER_ROW, header
    looks = StatusLooks(palette)
    period = report.period
    widths = dict(COLUMNS)
    for task, indicator_number, indicator in rows:
        status = indicator.status if indicator is not None else task.status
        text, centre = looks.get(status, "text"), looks.get(status, "centre")
        evidence = evidence_text(indicator) if indicator is not None else ""
        target = target_text(indicator) if indicator is not None else ""
        reported = _reported(indicator)
        ratio = indicator.ratio if indicator is not None else None
        cells = [
            _id_cell(maker, task, _PLAIN_CENTRE), maker.text(task.title, _PLAIN),
            maker.text(lead_name(task.lead), _PLAIN),
            maker.number(indicator_number, _PLAIN_CENTRE) if indicator_number else
            maker.text("", _PLAIN_CENTRE),
            maker.text(indicator.metric if indicator is not None else "", _PLAIN),
            maker.text(target, _PLAIN), maker.text(reported, _PLAIN),
            maker.number(ratio, _PERCENT),
            maker.number(period.elapsed if ratio is not None else None, _PERCENT),
            maker.text(status_label(palette, status), looks.get(status, "label")),
            # The task's tier on the rows that earn it: a completed target of a lagging task
            # is no warning.
            warning_cell(maker, task, palette, centre)
            if indicator is None or indicator.status == task.status else maker.text("", centre),
            maker.text(evidence, text if status == "lagging" else _PLAIN),
            maker.text("", _OPEN_CENTRE),
            maker.text("", _OPEN) if indicator is not None else maker.text("", _PLAIN),
            maker.text("", _OPEN),
        ]
        sheet.add_row(cells, row_height([(task.title, widths["任务名称"]),
                                         (evidence, widths["依据"])]))


def _reported(indicator: Indicator | None) -> str:
    if indicator is None:
        return ""
    actual = indicator.actual
    return f"{number_text(actual.value)}{actual.unit}" if actual is not None else "未报"


def _status_list(sheet: Any, palette: Palette, last_row: int) -> None:
    """The 人工调整 drop-down of status labels (as on the main workbook)."""
    column = get_column_letter(_AT[UNIT_RETURN.status] + 1)
    labels = [palette.label(status) for status in palette.styles]
    if len(",".join(labels)) > 250 or any("," in label or '"' in label for label in labels):
        return  # labels an inline list cannot hold: the cell takes text, read as a label
    validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"',
                                allow_blank=True, showErrorMessage=True,
                                errorTitle=UNIT_RETURN.status,
                                error=shorten(f"请从列表中选择：{'、'.join(labels)}", 220))
    validation.add(f"{column}{HEADER_ROW + 1}:{column}{max(last_row, HEADER_ROW + 1)}")
    sheet.data_validations.append(validation)


__all__ = ["COLUMNS", "HEADER_ROW", "OPEN_FILL", "write_unit_book"]
