"""The task sheets of the workbook: 全部任务 (every task, the reviewers' sheet) and 滞后任务
(the shortfalls, grouped by lead unit, with the gap to schedule).

Rows are streamed (write-only worksheets), so column widths, print setup and everything else
about a sheet is set before its first row; each row's height is set just before it is written
and forgotten after, keeping memory flat however many tasks there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from openpyxl.formatting.rule import CellIsRule, DataBarRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break

from ...core.model import Indicator, Period, Report, Task
from ...core.palette import Palette, hex_digits
from ...readers import REVIEWED
from ...summary import (
    UNKNOWN_AGAIN,
    Summary,
    actual_text,
    evidence_text,
    gap_text,
    indicator_line,
    lead_name,
    main_indicator,
    override_note,
    percent_text,
    points_behind,
    settled,
    shorten,
    target_text,
    tasks_by_lead,
    verdict_note,
    warning_note,
)
from ...text.quotes import quote
from .cells import (
    GROUP,
    HEADER,
    CellMaker,
    Look,
    StatusLooks,
    TextStats,
    row_height,
    safe_text,
    set_up_page,
    status_label,
)
from .openpyxl_private import add_sheet

SHORTFALLS_SHEET = "滞后任务"
GAP_LABEL = "差距"
"""The column of how far a lagging task is behind, worded as everywhere: 落后24个百分点."""
WARNING_LABEL = "预警"
"""The column of a lagging task's warning tier, filled in the tier's colour."""
REVIEW_LABEL = "复核提示"
"""The column naming why a judgement is uncertain (confidence `review`): where a reviewer looks
first, beside the 人工调整 column they answer in; the sheet's filter lists those tasks."""
REVIEW_MARK = "需复核"
SETTLED_MARK = "已复核"
"""The 复核提示 of a judgement a reviewer has settled (a status, or 确认): the filter on 需复核
leaves the ones still waiting."""
_NUMERIC_ID = re.compile(r"^[1-9][0-9]{0,14}$")


@dataclass(frozen=True)
class Column:
    label: str
    width: float


# 全部任务, left to right. Widths are Excel units (about one Latin or half a CJK character) and
# add up to 182: fitted to the width of a landscape A4 page (side margins SIDE_MARGIN) the sheet
# prints at 84% in Excel and 77% in LibreOffice (which counts a unit a little wider), where 238
# units printed at 63%. Long text wraps in taller rows instead; a status label (序时推进,
# 红色预警) still fits on one line.
ALL_COLUMNS: tuple[Column, ...] = (
    Column(REVIEWED.id, 5), Column("任务名称", 20), Column("牵头单位", 9), Column("进展情况", 30),
    Column("指标", 9), Column("目标", 9), Column("实际", 9), Column("完成率", 8),
    Column("序时进度", 8), Column("状态", 9), Column(WARNING_LABEL, 9), Column("自动判定", 9),
    Column("依据", 21), Column(REVIEW_LABEL, 11),
    Column(REVIEWED.override, 8), Column(REVIEWED.reason, 8),
)
SIDE_MARGIN = 0.25
"""Left and right page margins of the task sheets, in inches."""
_AT = {column.label: index for index, column in enumerate(ALL_COLUMNS)}
EXTRA_WIDTH = 12.0

SHORTFALL_COLUMNS: tuple[Column, ...] = (
    Column(REVIEWED.id, 5.5), Column("任务名称", 34), Column("指标", 12), Column("目标", 12),
    Column("实际", 12), Column("完成率", 8.5), Column("序时进度", 8.5), Column(GAP_LABEL, 16),
    Column(WARNING_LABEL, 9), Column("说明", 37),
)
_SHORT_WIDTH = {column.label: column.width for column in SHORTFALL_COLUMNS}


def _prepare_sheet(sheet: Any, widths: Iterable[float], title: str, freeze: str) -> None:
    """Column widths, frozen panes and landscape A4 print setup, before any row is written."""
    set_up_page(sheet, widths, "landscape")
    sheet.freeze_panes = freeze
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = SIDE_MARGIN
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75  # room for the page header
    # Header and footer codes start with "&": a literal one in the title must be doubled.
    # Excel refuses a header longer than 255 characters, codes included.
    sheet.oddHeader.center.text = safe_text(shorten(title, 100)).replace("&", "&&")


def _task_id_cell(maker: CellMaker, task: Task, look: Look) -> Any:
    # Plain task numbers are numbers, so sorting by 序号 gives 1, 2, … 10, not 1, 10, 100.
    if _NUMERIC_ID.match(task.id):
        return maker.number(int(task.id), look)
    return maker.text(task.id, look)


def evidence_lines(task: Task, period: Period, palette: Palette) -> str:
    """The 依据 cell: every indicator with its figures and the text spans it rests on."""
    lines = []
    several = len(task.indicators) > 1
    for indicator in task.indicators:
        line = indicator_line(indicator, period)
        if several:
            line += f"【{status_label(palette, indicator.status)}】"
        lines.append(line)
        lines.append(f"  依据：{evidence_text(indicator)}")
        if indicator.note:
            lines.append(f"  说明：{indicator.note}")
        if indicator.override is not None:
            lines.append(f"  {override_note(indicator, palette)}")
    if task.note:
        lines.append(f"说明：{task.note}")
    if verdict_note(task):
        lines.append(f"说明：{verdict_note(task)}")
    return "\n".join(lines)


def _extra_headers(report: Report) -> list[tuple[str, str]]:
    """The input's other columns in order of first appearance, as (header in the input, header
    shown). A header that repeats one of ours gets a suffix, so the review reader never finds
    two 人工调整 columns."""
    ours = {column.label for column in ALL_COLUMNS}
    headers = dict.fromkeys(header for task in report.tasks for header, _value in task.extra)
    return [(header, header + "（原表）" if header in ours else header) for header in headers]


def write_all_tasks(workbook: Any, report: Report, palette: Palette, stats: TextStats,
                    labels_ref: str) -> None:
    """The 全部任务 sheet: a row per task in input order, filled in its status colour.
    `labels_ref` is where the status labels stand in the workbook, for a drop-down list
    when the labels cannot be listed inline."""
    sheet = add_sheet(workbook, REVIEWED.sheet)
    extras = _extra_headers(report)
    columns = list(ALL_COLUMNS) + [Column(shown, EXTRA_WIDTH) for _header, shown in extras]
    _prepare_sheet(sheet, [column.width for column in columns], f"{report.title} 全部任务",
                   freeze="C2")
    last_row = len(report.tasks) + 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    _review_aids(sheet, palette, last_row, labels_ref)
    if report.tasks:  # a bar the length of 完成率, full at 100%
        ratio_column = get_column_letter(_AT["完成率"] + 1)
        sheet.conditional_formatting.add(
            f"{ratio_column}2:{ratio_column}{last_row}",
            DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1,
                        color=hex_digits(palette["on_track"].strong), showValue=True))

    maker = CellMaker(sheet, stats)
    sheet.add_row([maker.text(column.label, HEADER) for column in columns], 30)
    looks = StatusLooks(palette)
    period = report.period
    width = {column.label: column.width for column in ALL_COLUMNS}
    for task in report.tasks:
        text, centre = looks.get(task.status), looks.get(task.status, "centre")
        percent = looks.get(task.status, "percent")
        main = main_indicator(task)
        ratio = main.ratio if main is not None else None
        metric = main.metric if main else ""
        target = target_text(main) if main else ""
        actual = actual_text(main) if main else ""
        evidence = evidence_lines(task, period, palette)
        override = task.override
        reason = override.reason if override else ""
        review = review_text(task)
        row = [
            _task_id_cell(maker, task, centre),
            maker.text(task.title, text), maker.text(lead_name(task.lead), text),
            maker.text(task.progress_text, text), maker.text(metric, text),
            maker.text(target, text), maker.text(actual, text),
            maker.number(ratio, percent),
            maker.number(period.elapsed if ratio is not None else None, percent),
            maker.text(status_label(palette, task.status), looks.get(task.status, "label")),
            warning_cell(maker, task, palette, looks.get(task.status, "centre")),
            maker.text(status_label(palette, task.auto_status) if override else "", centre),
            maker.text(evidence, text), maker.text(review, text),
            maker.text(status_label(palette, override.status) if override else "", centre),
            maker.text(reason, text),
        ]
        cells: dict[str, str] = {}
        for header, value in task.extra:  # by header, the first of a name (as extra_value)
            cells.setdefault(header, value)
        extra_values = [cells.get(header) or "" for header, _shown in extras]
        row.extend(maker.text(value, text) for value in extra_values)
        height = row_height([(task.title, width["任务名称"]), (task.lead, width["牵头单位"]),
                             (task.progress_text, width["进展情况"]), (metric, width["指标"]),
                             (target, width["目标"]), (actual, width["实际"]),
                             (evidence, width["依据"]), (review, width[REVIEW_LABEL]),
                             (reason, width[REVIEWED.reason])]
                            + [(value, EXTRA_WIDTH) for value in extra_values])
        sheet.add_row(row, height)


def review_text(task: Task) -> str:
    """The 复核提示 cell: 需复核 and why, one reason a line, for a judgement marked `review`
    that no reviewer has settled; 已复核 and why for one settled; empty for the others."""
    if task.confidence != "review":
        return ""
    reasons = [reason for reason in task.confidence_reason.split("；") if reason.strip()]
    mark = SETTLED_MARK if settled(task) else REVIEW_MARK
    return "\n".join([mark + ("：" if reasons else "")] + reasons)


def warning_look(palette: Palette, tier: str) -> Look:
    """The look of a 预警 cell: the tier's label on its colour, bold and centred."""
    style = palette.warning(tier)
    return Look(fill=hex_digits(style.fill), color=hex_digits(style.text), bold=True, horizontal="center")


def warning_cell(maker: CellMaker, task: Task, palette: Palette, plain: Look) -> Any:
    """A lagging task's 预警 cell (红色预警 on red …); the row's own look for the others."""
    if not task.warning:
        return maker.text(UNKNOWN_AGAIN if warning_note(task, palette) else "",
                          plain)
    return maker.text(palette.warning_label(task.warning), warning_look(palette, task.warning))


def _review_aids(sheet: Any, palette: Palette, last_row: int, labels_ref: str) -> None:
    """The 人工调整 drop-down of status labels, and its cell taking the chosen status's colour."""
    column = get_column_letter(_AT[REVIEWED.override] + 1)
    cells = f"{column}2:{column}{max(last_row, 2)}"
    labels = [palette.label(status) for status in palette.styles]
    inline = ",".join(labels)
    # An inline list is split at commas and quoted with '"', and Excel caps it at 255 characters.
    if len(inline) <= 250 and not any("," in label or '"' in label for label in labels):
        source = f'"{inline}"'
    else:  # labels an inline list cannot hold: point at the status table on the summary sheet
        source = labels_ref
    validation = DataValidation(type="list", formula1=source, allow_blank=True,
                                showErrorMessage=True, showInputMessage=True,
                                errorTitle="人工调整",
                                error=shorten(f"请从列表中选择：{'、'.join(labels)}", 220),
                                promptTitle="人工调整",
                                prompt=f"如不同意自动判定，选择状态并在{quote(REVIEWED.reason)}中说明")
    validation.add(cells)
    sheet.data_validations.append(validation)
    for status in palette.styles:
        style = palette[status]
        literal = '"' + style.label.replace('"', '""') + '"'
        fill = PatternFill(start_color=hex_digits(style.fill), end_color=hex_digits(style.fill),
                           fill_type="solid")
        sheet.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=[literal], fill=fill,
                              font=Font(color=hex_digits(style.text), bold=True)))


def _shortfall_indicators(task: Task) -> list[Indicator]:
    lagging = [indicator for indicator in task.indicators if indicator.status == "lagging"]
    main = main_indicator(task)
    return lagging or ([main] if main is not None else [])


def shortfall_note(task: Task, period: Period, palette: Palette) -> str:
    """The 说明 cell: how far behind each lagging indicator is, and a reviewer's reason."""
    indicators = _shortfall_indicators(task)
    named = len(indicators) > 1
    lines = [(f"{indicator.metric}：" if named else "") + gap_text(indicator, period)
             for indicator in indicators]
    if task.override is not None:
        lines.append(override_note(task, palette))
    if task.warning:
        lines.append(warning_note(task, palette))
    return "\n".join(lines)


def write_shortfalls(workbook: Any, report: Report, summary: Summary, palette: Palette,
                     stats: TextStats) -> None:
    """The 滞后任务 sheet: lagging tasks grouped by lead unit (most shortfalls first), each
    with its completion rate against the schedule and the gap between them."""
    sheet = add_sheet(workbook, SHORTFALLS_SHEET)
    _prepare_sheet(sheet, [column.width for column in SHORTFALL_COLUMNS],
                   f"{report.title} 滞后任务", freeze="A2")
    maker = CellMaker(sheet, stats)
    sheet.add_row([maker.text(column.label, HEADER) for column in SHORTFALL_COLUMNS], 30)
    if not summary.shortfalls:
        sheet.add_row([maker.text("本期无滞后任务。", GROUP)], 24)
        return
    # A task led jointly is under each of its units, its 说明 naming them all.
    by_lead = tasks_by_lead(summary.shortfalls, report.restricted_to)
    looks = StatusLooks(palette)
    text, centre = looks.get("lagging"), looks.get("lagging", "centre")
    percent = looks.get("lagging", "percent")
    elapsed = report.period.elapsed
    pages = PrintedPages([column.width for column in SHORTFALL_COLUMNS], header_pt=30)
    for lead in summary.leads_by_shortfall():
        tasks = by_lead.get(lead.lead)
        if not tasks:
            continue
        rows = []
        for task in tasks:
            main = main_indicator(task)
            ratio = main.ratio if main is not None else None
            note = shortfall_note(task, report.period, palette)
            if len(task.leads) > 1:
                note += f"\n共同牵头：{'、'.join(task.leads)}"
            row = [_task_id_cell(maker, task, centre), maker.text(task.title, text),
                   maker.text(main.metric if main else "", text),
                   maker.text(target_text(main) if main else "", text),
                   maker.text(actual_text(main) if main else "", text),
                   maker.number(ratio, percent),
                   maker.number(elapsed if ratio is not None else None, percent),
                   maker.text(points_behind(task.gap) if task.gap is not None else "", centre),
                   warning_cell(maker, task, palette, centre),
                   maker.text(note, text)]
            rows.append((row, row_height([(task.title, _SHORT_WIDTH["任务名称"]),
                                          (note, _SHORT_WIDTH["说明"])])))
        heading = (f"{lead_name(lead.lead)}　滞后 {lead.counts['lagging']} 项，"
                   f"共 {lead.total} 项（滞后占比 {percent_text(lead.lagging_share)}）")
        # A unit's heading never ends a page: when it and its first task do not fit on what is
        # left of the page, the page breaks before the heading.
        pages.place(sheet, _GROUP_PT + rows[0][1])
        sheet.add_row([maker.text(heading, GROUP)], _GROUP_PT)
        pages.used(_GROUP_PT)
        for row, height in rows:
            pages.place(sheet, height)
            sheet.add_row(row, height)
            pages.used(height)


_GROUP_PT = 22.0


class PrintedPages:
    """The pages of a landscape A4 sheet fitted to the page width (margins as `_prepare_sheet`
    sets them, the header row repeated on each), broken by hand: a break wherever the next rows
    would not fit. Every break is ours, none the printer's, so a heading the sheet keeps with
    its first row stays with it in Excel, WPS and LibreOffice alike. The room of a page is
    estimated on the short side (the scale from the columns without their padding, 3% spare),
    so a page never overflows into a break of the printer's own."""

    def __init__(self, widths: Iterable[float], header_pt: float) -> None:
        content_cm = sum(widths) * 7 / 96 * 2.54  # 7 px a width unit, 96 px an inch
        printable_cm = 29.7 - 2 * SIDE_MARGIN * 2.54
        scale = min(1.0, printable_cm / content_cm)
        page_pt = (21.0 - 2 * 0.75 * 2.54) / 2.54 * 72
        self.room = page_pt / scale * 0.97 - header_pt
        self.left = self.room

    def place(self, sheet: Any, height: float) -> None:
        """Break the page before the next row when `height` (of it, or of it and the rows that
        must stay with it) does not fit on what is left of this page."""
        if height > self.left and self.left < self.room:
            sheet.row_breaks.append(Break(id=sheet.rows_written))
            self.left = self.room

    def used(self, height: float) -> None:
        self.left -= height
