"""The PDF summary (`--format pdf`): the printable, publishable overview of a period.

Page one: title, period, headline figures (tasks, each status with count and share) and two vector
charts. Then the shortfalls (lagging tasks with target, actual and 完成率 against 序时进度), then
every task in input order with its status cell in the palette colour. A4, headers repeated on each
page, a running header (title and period) after page one, 「— n —」 page numbers, an outline entry
per section, document metadata, and invariant mode so the same input gives the same bytes.

All figures come from the Summary and all number and status text from `display` and the palette.
Task text in the tables is drawn as plain text (`TextCell`: no markup parser is involved); text
that goes into a paragraph (the title, labels from a palette file) is escaped first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer, Table

from ...core.model import STATUSES, Report, Task
from ...core.palette import Palette
from ...summary import (
    OVERRIDE_MARK,
    PARTLY_ASSESSED_MARK,
    VERDICT_MARK,
    ComparisonView,
    Issue,
    Ledger,
    MovedTask,
    Summary,
    actual_text,
    adjusted,
    comparison_view,
    document_title,
    gap_text,
    lead_name,
    main_indicator,
    metadata_line,
    number_text,
    override_note,
    partly_assessed_note,
    percent_text,
    period_line,
    scope_line,
    target_text,
    verdict_note,
    warning_note,
)
from ...text.title_lines import title_lines
from .. import RenderOptions
from .charts import leads_chart, status_chart
from .fonts import PdfFont, pdf_font
from .reportlab_private import BinaryStreamCanvas, canvas_document
from .tables import (
    PAD_X,
    PAD_Y,
    PagedTable,
    Row,
    TextCell,
    cell_style,
    fitted_cell,
    markup,
    text_cell,
)
from .trend import TREND_UNITS, trend_table
from .wrap import CJKParagraph, fit_line

log = logging.getLogger("yiwu_reports")
PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X
FRAME_HEIGHT = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM
# Lead units shown in the chart on page one (the rest are in the tables).
CHART_LEADS = 20

_INK = colors.HexColor("#262626")
_MUTED = colors.HexColor("#595959")
_RULE = colors.HexColor("#808080")
_HEAD_FILL = colors.HexColor("#1F4E79")
_GRID = colors.HexColor("#A6A6A6")
_DRAFT_INK = colors.HexColor("#C00000")
_DRAFT_WASH = colors.HexColor("#F7DCDC")  # drawn under the text: pale, no transparency needed
# Column widths (sum = WIDTH, 174 mm).
# 序号 holds five digits on one line (10,000 tasks).
# 状态 holds （人工调整） on one line.
ALL_COLUMNS = (("序号", 12 * mm), ("任务名称", 44 * mm), ("牵头单位", 21 * mm),
                ("进展情况", 75 * mm), ("状态", 22 * mm))
# 预警 holds its tier's label (红色预警) on the tier's colour, at the table's size.
_SHORT_COLUMNS = (("序号", 12 * mm), ("任务名称", 47 * mm), ("牵头单位", 20 * mm),
                  ("目标", 23 * mm), ("实际", 22 * mm), ("完成率（序时进度）", 34 * mm),
                  ("预警", 16 * mm))
_UNVERIFIED_COLUMNS = (("序号", 12 * mm), ("任务名称", 78 * mm), ("牵头单位", 24 * mm),
                       ("未报数据的目标", 60 * mm))
_MOVED_COLUMNS = (("序号", 12 * mm), ("任务名称", 68 * mm), ("牵头单位", 24 * mm),
                  ("上期状态", 18 * mm), ("本期状态", 18 * mm), ("变化", 34 * mm))
CONTINUED = "（续）"
"""Under the number of a row continued from the page before (a task longer than a page)."""
CELL_SIZE = 8.5
CELL_LEADING = 11.5
_HEADER_SIZE = 8.5


@dataclass
class _Styles:
    """The paragraph styles of one document, all in its CJK font."""

    font: str

    def __post_init__(self) -> None:
        f = self.font
        self.title = cell_style("title", f, 16, leading=22, color=_INK, align=TA_CENTER)
        self.subtitle = cell_style("subtitle", f, 10, leading=14, color=_MUTED, align=TA_CENTER)
        self.heading = cell_style("heading", f, 13, leading=18, color=_HEAD_FILL)
        self.caption = cell_style("caption", f, 9.5, leading=13, color=_INK)
        self.body = cell_style("body", f, 9.5, leading=14, color=_INK)
        self.cell = cell_style("cell", f, CELL_SIZE, leading=CELL_LEADING, color=_INK)
        self.note = cell_style("note", f, 7.5, leading=10, color=_MUTED)
        self.head = cell_style("head", f, 9, leading=12, color=colors.white)
        self.card_value = cell_style("card_value", f, 17, leading=21, align=TA_CENTER)
        self.card_label = cell_style("card_label", f, 9, leading=12, align=TA_CENTER)


def _tinted(style: ParagraphStyle, ink: Any) -> ParagraphStyle:
    """`style` in another text colour."""
    return ParagraphStyle(f"{style.name}-tinted", parent=style, textColor=ink)


class _Bookmark(Flowable):
    """An invisible mark: a PDF outline entry pointing at where it lands."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key, self.title = key, title

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        # Jump to the heading itself, not just its page; leave a little room above it.
        self.canv.bookmarkHorizontal(self.key, 0, 24)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


def _table_style(font: str, header_rows: int = 1) -> list[tuple[Any, ...]]:
    """The look of both task tables (ranges cover the whole table: PagedTable reuses them)."""
    return [("FONT", (0, 0), (-1, -1), font, CELL_SIZE, CELL_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, -1), _INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
            ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), _HEAD_FILL),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE")]


class _Builder:
    """Builds the story of one PDF."""

    def __init__(self, report: Report, summary: Summary, palette: Palette, font: PdfFont,
                 ledger: Ledger | None = None, issue: Issue | None = None) -> None:
        self.report, self.summary, self.palette, self.font = report, summary, palette, font
        self.mark = issue.mark if issue is not None else ""
        """The draft mark (征求意见稿) drawn on every page of a draft; "" on a final."""
        self.ledger = ledger
        """The year's 台账, when the run has a history: the per-unit trend is shown."""
        self.styles = _Styles(font.name)
        self.title = document_title(report)
        # The running header's title, cut to leave room for the period (drawn as is, no markup).
        room = WIDTH - stringWidth(report.period.zh, font.name, _HEADER_SIZE) - 12
        self.header_title = fit_line(self.title, font.name, _HEADER_SIZE, room)
        width = ALL_COLUMNS[4][1] - 2 * PAD_X
        self.status_fits = {status: stringWidth(palette.label(status), font.name, CELL_SIZE) <= width
                            for status in STATUSES}
        self.warning_styles = {tier: cell_style(f"warning-{tier}", font.name, CELL_SIZE,
                                                leading=CELL_LEADING, align=TA_CENTER,
                                                color=colors.HexColor(palette.warning(tier).text))
                               for tier in ("red", "yellow", "blue")}
        self.status_styles = {status: cell_style(f"status-{status}", font.name, CELL_SIZE,
                                                 leading=CELL_LEADING, align=TA_CENTER,
                                                 color=colors.HexColor(palette[status].text))
                              for status in STATUSES}

    def title_text(self) -> str:
        """The title cut between words into even lines (GB/T 9704 7.3.3), one per text line."""
        style = self.styles.title
        return "\n".join(title_lines(self.title, WIDTH - style.fontSize, lambda line: stringWidth(
            line, style.fontName, style.fontSize)))

    # Page one -------------------------------------------------------------------------------
    def overview(self) -> list[Flowable]:
        s, summary, period = self.styles, self.summary, self.report.period
        story: list[Flowable] = [_Bookmark("overview", "总体情况"),
                                 CJKParagraph(markup(self.title_text()), s.title), Spacer(1, 4),
                                 CJKParagraph(markup(period_line(period)), s.subtitle),
                                 *([CJKParagraph(markup(metadata_line(self.report)), s.subtitle)]
                                   if metadata_line(self.report) else []),
                                 *([CJKParagraph(markup(scope_line(self.report)), s.subtitle)]
                                   if scope_line(self.report) else []),
                                 Spacer(1, 10), self.cards(), Spacer(1, 12),
                                 CJKParagraph("图1  任务状态分布", s.caption), Spacer(1, 4),
                                 status_chart(summary, self.palette, s.font, WIDTH),
                                 Spacer(1, 12)]
        leads = summary.leads_by_shortfall()
        shown = leads[:CHART_LEADS]
        more = f"，共{number_text(len(leads))}个，列出滞后任务最多的{len(shown)}个" \
            if len(leads) > len(shown) else ""
        if len(shown) > 1:  # one unit (a --lead summary) is no chart: the cards say it all
            story += [CJKParagraph(markup(f"图2  牵头单位任务状态（按滞后任务数排序{more}）"),
                                   s.caption), Spacer(1, 4),
                      leads_chart(shown, self.palette, s.font, WIDTH)]
        elif not shown:
            story.append(CJKParagraph("本期没有任务。", s.body))
        return story

    def cards(self) -> Table:
        """The headline figures: all tasks, then each status with its count and share, each on
        its palette colours."""
        s, summary = self.styles, self.summary
        figures = [(number_text(summary.total), "任务总数（项）", _HEAD_FILL, colors.white)]
        for status in STATUSES:
            style = self.palette[status]
            figures.append((number_text(summary.counts[status]),
                            f"{style.label}　{percent_text(summary.share(status))}",
                            colors.HexColor(style.fill), colors.HexColor(style.text)))
        cells, commands = [], [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LINEAFTER", (0, 0), (-2, 0), 3, colors.white),
                               ("TOPPADDING", (0, 0), (-1, -1), 6),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]
        for column, (value, label, fill, ink) in enumerate(figures):
            cells.append([CJKParagraph(value, _tinted(s.card_value, ink)),
                          CJKParagraph(markup(label), _tinted(s.card_label, ink))])
            commands.append(("BACKGROUND", (column, 0), (column, 0), fill))
        return Table([cells], colWidths=[WIDTH / len(cells)] * len(cells), style=commands)

    # Shortfalls -----------------------------------------------------------------------------
    def shortfalls(self) -> list[Flowable]:
        s, summary = self.styles, self.summary
        count = len(summary.shortfalls)
        story: list[Flowable] = [_Bookmark("shortfalls", f"滞后任务（{number_text(count)}项）"),
                                 CJKParagraph(markup(f"一、滞后任务（{number_text(count)}项）"),
                                              s.heading), Spacer(1, 6)]
        lead_in = (f"以下{number_text(count)}项任务进度滞后，按原表顺序列出；预警等级依落后幅度和"
                   f"是否连续两期滞后而定。" if count else "本期没有进度滞后的任务。")
        story += [CJKParagraph(markup(lead_in), s.body), Spacer(1, 6)]
        if count:
            story.append(self._table(_SHORT_COLUMNS, summary.shortfalls, self._shortfall_row))
        return story

    def unverified(self) -> list[Flowable]:
        """二、待核实任务: tasks with numeric targets and no comparable figure, and what is to be
        reported for each (none: no section)."""
        s, tasks = self.styles, self.summary.unverified
        if not tasks:
            return []
        label, count = self.palette.label("unknown"), number_text(len(tasks))
        return [_Bookmark("unverified", f"{label}任务（{count}项）"),
                CJKParagraph(markup(f"二、{label}任务（{count}项）"), s.heading), Spacer(1, 6),
                CJKParagraph(markup(f"以下{count}项任务设有量化目标，但报送的进展情况中未见可比数据，"
                                    "按原表顺序列出。"), s.body), Spacer(1, 6),
                self._table(_UNVERIFIED_COLUMNS, tasks, self._unverified_row)]

    def _unverified_row(self, task: Task) -> Row:
        s, widths = self.styles, [w for _, w in _UNVERIFIED_COLUMNS]
        missing = [i for i in task.indicators if i.actual is None
                   and not (i.override and i.override.actual)] or list(task.indicators)
        targets = "\n".join(f"{i.metric or '指标'}：目标{target_text(i)}" for i in missing)
        notes = [note for note in (warning_note(task, self.palette),) if note]
        title = TextCell([(task.title, s.cell)] + [(note, s.cell) for note in notes])
        return Row([fitted_cell(task.id, s.cell, widths[0]), title,
                    text_cell(lead_name(task.lead), s.cell), text_cell(targets, s.cell)])

    def _shortfall_row(self, task: Task) -> Row:
        s, period, widths = self.styles, self.report.period, [w for _, w in _SHORT_COLUMNS]
        indicator = main_indicator(task)
        notes = [override_note(task, self.palette), task.note, verdict_note(task)]
        notes += [f"{i.metric}：{gap_text(i, period)}" for i in task.indicators
                  if i is not indicator and i.status == "lagging"]
        if indicator is not None and indicator.note:
            notes.append(indicator.note)
        # The tier's reason at the table's size, under the title (its label has a column).
        reason = [(task.warning_reason, s.cell)] if task.warning and task.warning_reason else []
        title = TextCell([(task.title, s.cell)] + reason
                         + [(note, s.note) for note in notes if note])
        if indicator is None:
            target = actual = ratio = "—"
        else:
            target, actual = target_text(indicator), actual_text(indicator)
            ratio = (f"{percent_text(indicator.ratio)}（{percent_text(period.elapsed)}）"
                     if indicator.kind == "cumulative" and indicator.ratio is not None else "—")
        cells = [fitted_cell(task.id, s.cell, widths[0]), title,
                 text_cell(lead_name(task.lead), s.cell), text_cell(target, s.cell),
                 text_cell(actual, s.cell), fitted_cell(ratio, s.cell, widths[5]),
                 self._warning_cell(task)]
        if not task.warning:
            return Row(cells)
        tier = self.palette.warning(task.warning)
        return Row(cells, [("BACKGROUND", (6, 0), (6, 0), colors.HexColor(tier.fill)),
                           ("VALIGN", (6, 0), (6, 0), "MIDDLE")])

    def _warning_cell(self, task: Task) -> Any:
        """The tier's label in its text colour on its fill (the row sets the fill), at the size
        of the table's text; empty for a lagging task without a tier."""
        if not task.warning:
            return ""
        return text_cell(self.palette.warning_label(task.warning), self.warning_styles[task.warning])

    # All tasks ------------------------------------------------------------------------------
    def all_tasks(self) -> list[Flowable]:
        s = self.styles
        total = number_text(self.summary.total)
        number = "三" if self.summary.unverified else "二"
        return [_Bookmark("tasks", f"全部任务（{total}项）"),
                CJKParagraph(f"{number}、全部任务（{total}项，按原表顺序）", s.heading), Spacer(1, 6),
                self._table(ALL_COLUMNS, self.report.tasks, self._task_row)]

    def _task_row(self, task: Task) -> Row:
        s, widths = self.styles, [w for _, w in ALL_COLUMNS]
        partly = partly_assessed_note(task)
        progress = "\n".join([task.progress_text] + [f"{name}：{value}" for name, value in task.extra
                                                      if value] + ([f"说明：{partly}"] if partly else []))
        style = self.palette[task.status]
        label = style.label + (f"\n（{OVERRIDE_MARK}）" if adjusted(task) else "") \
            + (f"\n{VERDICT_MARK}" if verdict_note(task) else "") \
            + (f"\n{PARTLY_ASSESSED_MARK}" if partly else "")
        # A palette label too long for the column, or one with a mark under it (（人工调整）,
        # （与自评不一致）…), wraps as a paragraph; the usual ones are plain strings (much cheaper
        # on a 10,000-row table).
        status_cell: Any = label if self.status_fits[task.status] and label == style.label \
            else text_cell(label, self.status_styles[task.status])
        cells = [fitted_cell(task.id, s.cell, widths[0]), text_cell(task.title, s.cell),
                 text_cell(lead_name(task.lead), s.cell), text_cell(progress, s.cell), status_cell]
        return Row(cells, [("BACKGROUND", (4, 0), (4, 0), colors.HexColor(style.fill)),
                           ("TEXTCOLOR", (4, 0), (4, 0), colors.HexColor(style.text)),
                           ("ALIGN", (4, 0), (4, 0), "CENTER")])

    def _table(self, columns: tuple[tuple[str, float], ...], items: Any, build: Any) -> PagedTable:
        header = [CJKParagraph(name, self.styles.head) for name, _ in columns]
        return PagedTable(header, items, build, [w for _, w in columns],
                          _table_style(self.font.name), CELL_LEADING, FRAME_HEIGHT - 24,
                          continued=self._continued)

    def _continued(self, number: Any) -> TextCell:
        """The number cell of a row's part on the next page: the number, then （续） (once,
        however many pages the row goes on over)."""
        text = number if isinstance(number, str) else "\n".join(t for t, _ in number.parts)
        return text_cell(f"{text.removesuffix(chr(10) + CONTINUED)}\n{CONTINUED}",
                         self.styles.cell)

    # Quarter over quarter ---------------------------------------------------------------------
    def comparison(self, view: ComparisonView) -> list[Flowable]:
        """「与上季度相比」: counts then and now, the moves, and every task whose status moved."""
        s = self.styles
        story: list[Flowable] = [_Bookmark("comparison", view.heading),
                                 CJKParagraph(markup(f"{view.heading}（{view.previous_zh}）"),
                                              s.heading), Spacer(1, 6),
                                 CJKParagraph(markup(view.sentence), s.body), Spacer(1, 8)]
        cells: list[list[Any]] = [[CJKParagraph(name, s.head)
                                   for name in ("状态", "上期", "本期", "增减")]]
        commands = list(_table_style(s.font))
        for index, row in enumerate(view.rows, start=1):
            style = self.palette[row.status]
            cells.append([row.label, number_text(row.previous), number_text(row.now),
                          f"{row.change:+d}" if row.change else "0"])
            commands += [("BACKGROUND", (0, index), (0, index), colors.HexColor(style.fill)),
                         ("TEXTCOLOR", (0, index), (0, index), colors.HexColor(style.text)),
                         ("ALIGN", (1, index), (-1, index), "RIGHT")]
        story += [Table(cells, colWidths=[30 * mm, 25 * mm, 25 * mm, 25 * mm], style=commands,
                        hAlign="LEFT"), Spacer(1, 10)]
        if view.moved_tasks:
            story += [CJKParagraph(markup(f"状态变化的任务（{number_text(view.moved)}项，退步在前）"),
                                   s.body), Spacer(1, 4),
                      self._table(_MOVED_COLUMNS, view.moved_tasks, self._moved_row)]
        return story

    def _moved_row(self, moved: MovedTask) -> Row:
        s, widths = self.styles, [w for _, w in _MOVED_COLUMNS]
        task = moved.task
        change = moved.change_text
        after = self.palette[moved.status]
        cells = [fitted_cell(task.id, s.cell, widths[0]), text_cell(task.title, s.cell),
                 text_cell(task.lead, s.cell), text_cell(self.palette.label(moved.previous_status), s.cell),
                 text_cell(after.label, s.cell), text_cell(change, s.cell)]
        return Row(cells, [("BACKGROUND", (4, 0), (4, 0), colors.HexColor(after.fill)),
                           ("TEXTCOLOR", (4, 0), (4, 0), colors.HexColor(after.text))])

    def story(self) -> list[Flowable]:
        story = [*self.overview(), PageBreak()]
        view = comparison_view(self.report, self.summary, self.palette)
        if view is not None:
            story += [*self.comparison(view), PageBreak()]
        unverified = self.unverified()
        return story + [*self.shortfalls(), *self.trend(), PageBreak(),
                        *([*unverified, PageBreak()] if unverified else []), *self.all_tasks()]

    def trend(self) -> list[Flowable]:
        """各牵头单位滞后任务变化（台账）: lagging tasks per unit in each period of the year."""
        ledger = self.ledger
        if ledger is None:
            return []
        s = self.styles
        title = "各牵头单位滞后任务变化（台账）"
        story: list[Flowable] = [Spacer(1, 12), _Bookmark("trend", title),
                                 CJKParagraph(markup(title), s.heading), Spacer(1, 4)]
        if not ledger.units:
            return story + [CJKParagraph("本年度各期均无滞后任务。", s.body)]
        more = len(ledger.units) - TREND_UNITS
        note = (f"按本期滞后任务数排序，列出前{TREND_UNITS}个单位（共{len(ledger.units)}个），"
                "全部见工作簿“台账”表。" if more > 0 else "按本期滞后任务数排序。")
        note += "“—”为该期无数据或尚未到期。"
        return story + [CJKParagraph(markup(note), s.body), Spacer(1, 4),
                        trend_table(ledger, self.palette, self.font.name,
                                    _table_style(self.font.name),
                                    lambda text: CJKParagraph(markup(text), s.head), WIDTH)]

    # Page furniture -------------------------------------------------------------------------
    def first_page(self, canvas: Canvas, doc: Any) -> None:
        canvas.showOutline()
        self.draft_mark(canvas)
        self.footer(canvas)

    def later_page(self, canvas: Canvas, doc: Any) -> None:
        """Running header: title left, period right, a rule below; and the footer."""
        canvas.saveState()
        period = self.report.period.zh
        y = PAGE[1] - MARGIN_TOP + 8
        canvas.setFont(self.font.name, _HEADER_SIZE)
        canvas.setFillColor(_MUTED)
        canvas.drawString(MARGIN_X, y, self.header_title)
        canvas.drawRightString(PAGE[0] - MARGIN_X, y, period)
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y - 4, PAGE[0] - MARGIN_X, y - 4)
        canvas.restoreState()
        self.draft_mark(canvas)
        self.footer(canvas)

    def draft_mark(self, canvas: Canvas) -> None:
        """A draft's mark on every page: the word (征求意见稿) in a red frame in the top margin,
        and large and pale across the page, under the text (drawn before it)."""
        if not self.mark:
            return
        canvas.saveState()
        size = 11
        width = stringWidth(self.mark, self.font.name, size) + 10
        x, y = PAGE[0] - MARGIN_X - width, PAGE[1] - MARGIN_TOP + 30
        canvas.setStrokeColor(_DRAFT_INK)
        canvas.setFillColor(_DRAFT_INK)
        canvas.setLineWidth(1)
        canvas.rect(x, y - 4, width, size + 8, stroke=1, fill=0)
        canvas.setFont(self.font.name, size)
        canvas.drawString(x + 5, y, self.mark)
        canvas.setFillColor(_DRAFT_WASH)
        big = min(72.0, (PAGE[0] * 1.1) / max(1, len(self.mark)))
        canvas.setFont(self.font.name, big)
        canvas.translate(PAGE[0] / 2, PAGE[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -big / 3, self.mark)
        canvas.restoreState()

    def footer(self, canvas: Canvas) -> None:
        """「— n —」 centred below the text."""
        canvas.saveState()
        canvas.setFont(self.font.name, 9)
        canvas.setFillColor(_MUTED)
        canvas.drawCentredString(PAGE[0] / 2, MARGIN_BOTTOM - 12 * mm,
                                 f"— {canvas.getPageNumber()} —")
        canvas.restoreState()


def build_pdf(report: Report, summary: Summary, out: BinaryIO, options: RenderOptions) -> PdfFont:
    """Write the PDF summary of an assessed report to `out`; returns the font it used."""
    font = pdf_font(options.font, options.extra, options.font_cache)
    issue = options.issue(report, summary)
    builder = _Builder(report, summary, options.status_palette(), font, options.ledger, issue)
    period = report.period
    doc = SimpleDocTemplate(
        out, pagesize=PAGE, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=builder.title, author=issue.author,
        subject=f"{period.zh}重点任务进展情况汇总（共{summary.total}项）",
        creator="yiwu-reports",
        keywords=["重点任务", "进展情况", period.label, *([issue.mark] if issue.mark else [])],
        # Streams compressed by the document's own setting (BinaryStreamCanvas), not the
        # process-wide ASCII85 default: see reportlab_private.
        invariant=1, pageCompression=0, lang="zh-CN", displayDocTitle=1,
        initialFontName=font.name)
    canvases: list[Canvas] = []

    stamp = _pdf_date(issue.moment)

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        canvas = BinaryStreamCanvas(*args, **kwargs)
        # The documents' date as CreationDate and ModDate (invariant mode would say 2000-01-01).
        canvas.setDateFormatter(lambda *_time: stamp)
        canvases.append(canvas)
        return canvas

    doc.build(builder.story(), onFirstPage=builder.first_page,
              onLaterPages=builder.later_page, canvasmaker=canvas_maker)
    _say_missing_glyphs(font, canvases)
    return font


def _pdf_date(moment: datetime) -> str:
    """A PDF date string (ISO 32000 7.9.4) for the documents' date: D:20231020000000+08'00',
    China's time."""
    return moment.strftime("D:%Y%m%d%H%M%S") + "+08'00'"


def _say_missing_glyphs(font: PdfFont, canvases: list[Canvas]) -> None:
    """One log line when characters were drawn that no font on this machine has (emoji, a
    script without a font): they show as boxes, though they still extract as themselves."""
    drawn_with = pdfmetrics.getFont(font.name)
    if not canvases or not hasattr(drawn_with, "missing"):
        return
    missing = sorted(drawn_with.missing(canvas_document(canvases[-1])))
    if missing:
        shown = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
        log.warning("pdf: %d character(s) have no glyph in any font found and show as boxes: %s "
                    "(install a font that has them, or give one with --font)", len(missing), shown)


class PdfRenderer:
    name = "pdf"
    extension = ".pdf"

    def render(self, report: Report, summary: Summary, out: BinaryIO,
               options: RenderOptions) -> None:
        build_pdf(report, summary, out, options)


RENDERER = PdfRenderer()
