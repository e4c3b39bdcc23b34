"""The 汇总 sheet: title and period, tasks by status, tasks by lead unit (most shortfalls first)
and two native Excel bar charts of them, coloured from the palette."""

from __future__ import annotations

import math
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrData, StrRef, StrVal
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.pagebreak import Break

from ...core.model import STATUSES, Report
from ...core.palette import Palette, hex_digits
from ...readers import CONFIRM_LABEL, REVIEWED
from ...summary import Issue, Summary, lead_name, metadata_line, percent_text, scope_line
from ...text.quotes import quote
from .cells import (
    FONT_SIZE,
    HEADER,
    PERCENT,
    CellMaker,
    Look,
    StatusLooks,
    TextStats,
    row_height,
    safe_text,
    set_up_page,
)
from .openpyxl_private import add_sheet
from .sheets import REVIEW_LABEL, SHORTFALLS_SHEET

SUMMARY_SHEET = "汇总"
STATUS_HEADER_ROW = 5
"""Row of the status table's header; the statuses follow in palette order."""
_PAGE_CM = 29.7 - 2 * 2.54
"""The printable height of the summary's A4 portrait page (margins of 1 in above and below)."""
CHART_PAGE_CM = _PAGE_CM - 1.5
"""The tallest the lead-unit chart may be: the printable height less its section heading, so
the chart and its legend print on one page."""
_CHART_FRAME_CM = 3.5
"""The chart's title, axis and legend."""
_BAR_CM = 0.6
_MIN_BAR_CM = 0.36
"""A unit's bar and name at least this tall (the axis names are 8 pt: 0.28 cm)."""
LEAD_CHART_UNITS = int((CHART_PAGE_CM - _CHART_FRAME_CM) / _MIN_BAR_CM)
"""Lead units in the chart: every one, up to this many (the ones with most shortfalls first;
the table under the chart lists them all)."""
_AXIS_FONT = 800
"""The lead chart's axis names, in hundredths of a point."""

_TITLE = Look(bold=True, size=16, wrap=True, border=False, vertical="center")
_LINE = Look(wrap=True, border=False, size=FONT_SIZE + 1, vertical="center")
_NOTE = Look(wrap=False, border=False, color="9C0006", vertical="center")
_SECTION = Look(bold=True, size=12, wrap=False, border=False, vertical="center")
_PLAIN = Look()
_NUMBER = Look(horizontal="center")
_SHARE = Look(horizontal="center", number_format=PERCENT)
_TOTAL = Look(bold=True, fill="F2F2F2")
_TOTAL_NUMBER = Look(bold=True, fill="F2F2F2", horizontal="center")
_TOTAL_SHARE = Look(bold=True, fill="F2F2F2", horizontal="center", number_format=PERCENT)
_WIDTHS = (26, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 10)
_LAST_COLUMN = get_column_letter(len(_WIDTHS))
_MARKED = ("lagging", "unknown")
"""Statuses whose counts in the lead table wear their colour: the ones needing attention."""
_BLANK_ROW_PT = 15.0
_BLANK_ROW_CM = _BLANK_ROW_PT / 72 * 2.54


def instructions() -> str:
    """What the clerk does with this workbook, in the clerk's words (no command lines)."""
    return (f"{quote(SHORTFALLS_SHEET)}表按牵头单位列出滞后任务及其与序时进度的差距。"
            f"审核：在{quote(REVIEWED.sheet)}表的{quote(REVIEWED.override)}列，同意自动判定的选"
            f"{quote(CONFIRM_LABEL)}，不同意的选择应有的状态并在{quote(REVIEWED.reason)}列写明理由；"
            f"保存后将本工作簿交回报告编制人员，重新生成报告时读入。")


def status_labels_ref() -> str:
    """Where the status labels stand on this sheet, for a drop-down list that names them."""
    first = STATUS_HEADER_ROW + 1
    return f"{quote_sheetname(SUMMARY_SHEET)}!$A${first}:$A${first + len(STATUSES) - 1}"


class _Rows:
    """Rows of the summary sheet: lines across the tables, and room for charts."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.used_cm = 0.0
        """How far down the sheet the rows reach (Excel's default row: 15 pt)."""

    @property
    def count(self) -> int:
        return self.sheet.rows_written

    def add(self, cells: list[Any], height: float | None = None) -> int:
        self.used_cm += (height or 15.0) / 72 * 2.54
        return self.sheet.add_row(cells, height)

    def line(self, cell: Any, height: float) -> int:
        """A line of text across the width of the tables."""
        number = self.add([cell], height)
        self.sheet.merged_cells.add(f"A{number}:{_LAST_COLUMN}{number}")
        return number

    def space(self, height_cm: float) -> None:
        """Empty rows at least `height_cm` tall, where a chart sits."""
        for _ in range(math.ceil(height_cm / _BLANK_ROW_CM)):
            self.add([], _BLANK_ROW_PT)


def write_summary(workbook: Any, report: Report, summary: Summary, palette: Palette,
                  stats: TextStats, issue: Issue | None = None) -> None:
    """The summary sheet, put first in the workbook. Written last, so it can tell the reader
    what text the other sheets had to change (`stats`). A draft (`issue`) says so in its title
    and says which judgements wait and how to settle them."""
    sheet = add_sheet(workbook, SUMMARY_SHEET, 0)
    # Tables and charts are one column of A4 portrait: a page to read, not a sheet to scroll.
    set_up_page(sheet, _WIDTHS, "portrait")
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    maker = CellMaker(sheet, stats)
    rows = _Rows(sheet)
    period = report.period
    draft = issue is not None and issue.draft
    title = report.title or "重点任务进展情况"
    rows.line(maker.text(f"{title}（{issue.mark}）" if draft and issue else title, _TITLE), 30)
    rows.line(maker.text(f"统计期：{period.zh}　序时进度：{percent_text(period.elapsed)}"
                         f"　任务总数：{summary.total} 项"
                         + (f"　来源：{report.source_file}" if report.source_file else "")
                         + (f"　{metadata_line(report)}" if report.metadata else "")
                         + (f"　{scope_line(report)}" if report.restricted_to else ""),
                         _LINE), 20)
    rows.line(maker.text(instructions(), _LINE), 32)
    notes = []
    if summary.unsettled:
        notes.append(f"{len(summary.unsettled)} 项任务的判定待复核（多个候选数字、计量单位不同、"
                     f"与自评不一致等），原因见{quote(REVIEWED.sheet)}表的{quote(REVIEW_LABEL)}列，"
                     f"可按该列筛选；逐项处理后，报告即为定稿"
                     + ("，此前各文件均为" + quote(issue.mark) if draft and issue else ""))
    elif summary.to_review:
        notes.append(f"需复核的 {len(summary.to_review)} 项判定均已处理")
    if stats.cut:
        notes.append(f"{stats.cut} 个单元格超过 Excel 上限（32767 字符）已截断，全文见 JSON 输出")
    if stats.removed:
        notes.append(f"删除了 {stats.removed} 个工作表无法保存的控制字符")
    rows.line(maker.text("注意：" + "；".join(notes) + "。", _NOTE) if notes else None, 18)

    looks = StatusLooks(palette)
    header = rows.add([maker.text(label, HEADER) for label in ("状态", "任务数", "占比")], 22)
    assert header == STATUS_HEADER_ROW  # status_labels_ref() points here
    for status in STATUSES:
        rows.add([maker.text(palette.label(status), looks.get(status, "label")),
                  maker.number(summary.counts[status], looks.get(status, "centre")),
                  maker.number(summary.share(status), looks.get(status, "percent"))], 20)
    rows.add([maker.text("合计", _TOTAL), maker.number(summary.total, _TOTAL_NUMBER),
              maker.number(1.0 if summary.total else 0.0, _TOTAL_SHARE)], 20)
    _status_chart(sheet, palette)
    rows.space(1.0)

    leads = summary.leads_by_shortfall()
    units = min(len(leads), LEAD_CHART_UNITS)
    if units and rows.used_cm % _PAGE_CM + 1.0 + _lead_chart_height(units) > _PAGE_CM:
        # The chart with its legend on a page of its own rather than cut by a page break.
        sheet.row_breaks.append(Break(id=rows.count))
    rows.line(maker.text("按牵头单位（滞后任务多的在前）", _SECTION), 24)
    chart_row = rows.count + 1
    if units:
        rows.space(_lead_chart_height(units) + 0.3)
    lead_header = rows.add(
        [maker.text(label, HEADER) for label in
         ("牵头单位", "任务数", *(palette.label(status) for status in STATUSES), "滞后占比")], 30)
    plain_share = _SHARE
    lagging_share = looks.get("lagging", "percent")
    for lead in leads:
        counts = [maker.number(lead.counts[status],
                               looks.get(status, "label") if status in _MARKED
                               and lead.counts[status] else _NUMBER)
                  for status in STATUSES]
        name = lead_name(lead.lead)
        rows.add([maker.text(name, _PLAIN), maker.number(lead.total, _NUMBER),
                  *counts, maker.number(lead.lagging_share,
                                        lagging_share if lead.counts["lagging"] else plain_share)],
                 max(18.0, row_height([(name, _WIDTHS[0])])))
    if units:
        _lead_chart(sheet, palette, lead_header,
                    [safe_text(lead_name(lead.lead)) for lead in leads[:units]],
                    chart_row, len(leads))


def _status_chart(sheet: Any, palette: Palette) -> None:
    """Tasks by status: one bar per status in its strong colour."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "任务状态分布"
    chart.legend = None
    first, last = STATUS_HEADER_ROW + 1, STATUS_HEADER_ROW + len(STATUSES)
    chart.add_data(Reference(sheet, min_col=2, min_row=STATUS_HEADER_ROW, max_row=last),
                   titles_from_data=True)
    _text_categories(chart, Reference(sheet, min_col=1, min_row=first, max_row=last),
                     [palette.label(status) for status in STATUSES])
    series = chart.series[0]
    for index, status in enumerate(STATUSES):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = hex_digits(palette[status].strong)
        point.graphicalProperties.line.solidFill = hex_digits(palette[status].strong)
        series.dPt.append(point)
    series.dLbls = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                 showLegendKey=False, showPercent=False)
    _axes(chart, "任务数")
    chart.width, chart.height = 8.6, 6.0
    sheet.add_chart(chart, f"E{STATUS_HEADER_ROW}")


def _lead_chart_height(units: int) -> float:
    """The chart's height in cm: 0.6 cm a unit, less when that would not fit on a page."""
    return _CHART_FRAME_CM + units * min(_BAR_CM, (CHART_PAGE_CM - _CHART_FRAME_CM) / units)


def _text_categories(chart: BarChart, labels: Reference, names: list[str]) -> None:
    """The chart's categories as text (c:strRef, with the `names` cached beside the reference
    for programs that draw from the cache): openpyxl's `set_categories` writes a number
    reference, which spreadsheet programs may show as 1, 2, 3 instead of the names."""
    for series in chart.series:
        cache = StrData(ptCount=len(names), pt=[StrVal(idx=i, v=name) for i, name in enumerate(names)])
        series.cat = AxDataSource(strRef=StrRef(f=str(labels), strCache=cache))


def _lead_chart(sheet: Any, palette: Palette, header_row: int, names: list[str], at_row: int,
                leads: int) -> None:
    """The lead units (`names`, most shortfalls first), a stacked bar of their tasks by status
    each."""
    units = len(names)
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.title = (f"牵头单位任务状态（{units} 个单位）" if units == leads
                   else f"牵头单位任务状态（滞后最多的 {units} 个单位，共 {leads} 个）")
    chart.add_data(Reference(sheet, min_col=3, max_col=2 + len(STATUSES), min_row=header_row,
                             max_row=header_row + units), titles_from_data=True)
    _text_categories(chart, Reference(sheet, min_col=1, min_row=header_row + 1,
                                      max_row=header_row + units), names)
    for series, status in zip(chart.series, STATUSES):
        series.graphicalProperties.solidFill = hex_digits(palette[status].strong)
        series.graphicalProperties.line.solidFill = hex_digits(palette[status].strong)
    _axes(chart, "任务数")
    chart.x_axis.scaling.orientation = "maxMin"  # the unit with most shortfalls on top
    # Every unit named: no label skipped however many there are (the height gives each room).
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.tickMarkSkip = 1
    chart.x_axis.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(
        defRPr=CharacterProperties(sz=_AXIS_FONT)), endParaRPr=CharacterProperties(sz=_AXIS_FONT))])
    chart.legend.position = "b"
    chart.width, chart.height = 18.0, _lead_chart_height(units)
    sheet.add_chart(chart, f"A{at_row}")


def _axes(chart: BarChart, value_title: str) -> None:
    # openpyxl 3.1 marks axes deleted unless told otherwise; Excel then draws none.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.title = value_title
    chart.y_axis.scaling.min = 0  # counts: bars start from nothing, not from the smallest
    chart.y_axis.majorGridlines = None
