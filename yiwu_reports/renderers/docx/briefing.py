"""The Word briefing (督查通报) in official-document format (GB/T 9704-2012): `--format docx`.

The briefing an office sends to leadership: title, addressee, 一、总体情况 with counts, shares and
a chart; 二、滞后任务 grouped by lead unit with each task's target, figure, 完成率 against 序时进度
and the evidence; 三、待核实事项; 四、下一步工作要求; the signature; and an annex with every task.
Its sentences come from `templates/briefing.toml`, its styles from `templates/briefing-styles.docx`
or the user's template. Statuses and figures come from the model and the Summary, never from the
text: this module judges nothing.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Sequence

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from ...assessment import unknown_again
from ...core.errors import RenderError
from ...core.model import STATUSES, Indicator, Report, Task
from ...core.palette import Palette
from ...core.resources import user_template
from ...summary import (
    OVERRIDE_MARK,
    PARTLY_ASSESSED_MARK,
    VERDICT_MARK,
    ComparisonView,
    Issue,
    Summary,
    adjusted,
    chinese_numeral,
    comparison_view,
    evidence_groups,
    indicator_line,
    lead_name,
    metadata_line,
    override_note,
    partly_assessed_note,
    percent_text,
    shorten,
    target_text,
    task_ratio,
    tasks_by_lead,
    verdict_note,
)
from ...text.quotes import quote
from ...text.title_lines import filled_lines, title_lines
from .. import RenderOptions
from ..common import repeatable_zip, xml_safe
from .chart import add_bar_chart, status_bars
from .formatting import (
    LATIN_FONT,
    NUMBER_FONT,
    STYLE_NAMES,
    TEMPLATE_NAME,
    W_NS,
    add_draft_header,
    add_page_number_footers,
    fix_core_properties,
    open_template,
    text_width_twips,
)
from .table import Column, TableRow, TableStyles, build_table
from .text import BriefingText, briefing_text, sentence

TITLE_POINTS = 22.0
"""二号, the title's size (GB/T 9704 7.3.3) when the Title style does not say."""
TITLE_SLACK_EM = 0.5
CHART_WIDTH = Mm(140)
CHART_HEIGHT = Mm(70)
# GB/T 9704 7.3.5.1: the date sits four characters in from the right, the signature centred on it.
_DATE_RIGHT_EM = 4


def _em_width(text: str) -> float:
    """Width of `text` in em: a CJK character is one, digits and Latin letters half."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


class Briefing:
    """One briefing being built: the document, its text templates and what it shows."""

    def __init__(self, report: Report, summary: Summary, options: RenderOptions) -> None:
        self.report = report
        self.summary = summary
        self.options = options
        self.palette: Palette = options.status_palette()
        text_path = options.extra.get("briefing_text")
        self.issue: Issue = options.issue(report, summary)
        """Draft or final, the date and the deadlines."""
        self.text: BriefingText = briefing_text(report, summary.total,
                                                Path(str(text_path)) if text_path else None,
                                                options.templates, options.office, self.issue)
        self.document: Document = open_template(options.template
                                                or user_template(TEMPLATE_NAME, options.templates))
        present = _style_names(self.document)
        self.styles = {name: self.document.styles[name] for name in STYLE_NAMES if name in present}
        self.body = self.document.element.body
        self.anchor = self.body.find(qn("w:sectPr"))
        """New content goes before the body's section properties (or at the end without)."""

    # -- building blocks ---------------------------------------------------------------------

    def place(self, element: etree._Element) -> etree._Element:
        """Put `element` at the end of the body and return it as it stands in the document."""
        if self.anchor is None:
            self.body.append(element)
            return self.body[-1]
        self.anchor.addprevious(element)
        return self.anchor.getprevious()

    def block(self, text: str = "", style: str = "Normal") -> etree._Element:
        """A w:p in `style` holding `text` (made safe for XML), as it stands in the document.

        Built directly as XML rather than with python-docx's add_paragraph, whose style
        look-up and schema-ordered inserts cost ten times more: briefings of 10,000 tasks have
        thousands of paragraphs."""
        element = OxmlElement("w:p")  # python-docx's element classes, for Paragraph below
        properties = etree.SubElement(element, _PPR)
        etree.SubElement(properties, _PSTYLE).set(_VAL, self.style_id(style))
        if style == "Normal":
            # Flush left, not justified: a line that ends before a figure that does not fit
            # (75.0%）。) would be spread over the width, its characters spaced apart (目 标 20 家).
            etree.SubElement(properties, _JC).set(_VAL, "left")
        if text:
            _add_text(etree.SubElement(element, _R), xml_safe(text))
        return self.place(element)

    def paragraph(self, text: str = "", style: str = "Normal") -> Paragraph:
        """`block` as a python-docx Paragraph, for adding runs."""
        return Paragraph(self.block(text, style), self.document)

    def label(self, status: str) -> str:
        return self.palette.label(status)

    def title(self, text: str) -> Paragraph:
        """A title in the Title style, cut between words into even lines (GB/T 9704 7.3.3: 词意
        完整，排列对称): line breaks where `title_lines` puts them, so Word never cuts a word."""
        return self.paragraph("\n".join(title_lines(text, self.title_width())), "Title")

    def title_width(self) -> float:
        """How many em of the Title style's font a line of the text area holds, less a margin
        for fonts whose digits or marks are wider than we count."""
        style = self.styles.get("Title")
        size = style.font.size.pt if style is not None and style.font.size else TITLE_POINTS
        return text_width_twips(self.document) / 20 / size - TITLE_SLACK_EM

    # -- the document ------------------------------------------------------------------------

    def build(self) -> bytes:
        title = self.text.fill("title.template")
        self.title(title)
        _flush_left(self.block(self.addressee()))
        self.paragraph(self.text.fill("opening.text"))
        self.overview()
        self.lagging()
        self.unverified()
        self.requirements()
        self.closing()
        self.annex()
        self.finish(title)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return repeatable_zip(buffer.getvalue())

    def addressed_to(self, lead: str) -> bool:
        """True when the briefing is addressed to `lead` alone (--lead with one unit)."""
        return len(self.report.restricted_to) == 1 and lead in self.report.restricted_to

    def finish(self, title: str) -> None:
        """Page numbers, the draft mark in the header of a draft, and the properties: the
        office as author, the documents' date."""
        add_page_number_footers(self.document)
        add_draft_header(self.document, self.issue.mark)
        fix_core_properties(self.document, title, self.issue.author, self.issue.moment,
                            self.issue.mark)

    def addressee(self) -> str:
        """主送: the usual units, or, in a briefing restricted to some lead units (--lead), them."""
        units = self.report.restricted_to
        if units:
            return self.text.fill("opening.addressee_units", units="、".join(units))
        return self.text.fill("opening.addressee")

    def status_parts(self) -> str:
        """「已完成36项、占22.6%；序时推进…」 for every status."""
        parts = [self.text.fill("overview.part", label=self.label(status),
                                count=self.summary.counts[status],
                                share=percent_text(self.summary.share(status)))
                 for status in STATUSES]
        return str(self.text.raw("overview.joiner")).join(parts)

    def overview(self) -> None:
        """一、总体情况: counts and shares, the units with most lagging tasks, the chart."""
        self.paragraph(self.text.fill("overview.heading"), "Heading 1")
        parts = self.status_parts()
        self.paragraph(self.text.fill("overview.intro", parts=parts))
        leads = [lead for lead in self.summary.leads_by_shortfall() if lead.counts["lagging"]]
        # 较多的是… compares units: only with several units, naming those with more than one
        # lagging task. One unit is named plainly, or not at all in a briefing addressed to it.
        several = [lead for lead in leads if lead.counts["lagging"] > 1]
        if len(leads) == 1:
            if not self.addressed_to(leads[0].lead):
                self.paragraph(self.text.fill("overview.leads_one", lead=lead_name(leads[0].lead),
                                              count=leads[0].counts["lagging"]))
        elif several:
            top = "、".join(self.text.fill("overview.lead_item", lead=lead_name(lead.lead),
                                           count=lead.counts["lagging"])
                           for lead in several[: int(self.text.raw("overview.top_leads"))])
            self.paragraph(self.text.fill("overview.leads", lead_count=len(leads), top=top))
        elif leads:
            self.paragraph(self.text.fill("overview.leads_spread", lead_count=len(leads)))
        if self.summary.total:
            self.chart(parts)
        view = comparison_view(self.report, self.summary, self.palette)
        if view is not None:
            self.comparison(view)

    def comparison(self, view: ComparisonView) -> None:
        """「与上季度相比，28项任务状态发生变化，其中好转…」: the moves since the previous period in
        one sentence, then the tasks that fell back, named."""
        self.paragraph(self.text.fill("comparison.text", sentence=view.sentence,
                                      previous=view.previous_zh, previous_name=view.previous_name))
        worse = [moved for moved in view.moved_tasks if moved.direction == "退步"]
        if worse:
            items = "；".join(self.text.fill("comparison.item", title=moved.task.title,
                                             id=moved.task.id, before=self.label(moved.previous_status),
                                             after=self.label(moved.status)) for moved in worse)
            self.paragraph(self.text.fill("comparison.worse", count=len(worse), items=items))

    def chart(self, parts: str) -> None:
        """The status distribution as a native Word chart with alt text, and its caption."""
        bars = status_bars(self.summary.counts, self.summary.total,
                           {s: self.label(s) for s in STATUSES},
                           {s: self.palette[s].strong for s in STATUSES})
        add_bar_chart(self.paragraph(style="Figure"), bars, width=CHART_WIDTH, height=CHART_HEIGHT, name="图1",
                      description=self.text.fill("overview.chart_alt", parts=parts),
                      series_name=self.text.fill("overview.chart_series"),
                      east_asian=NUMBER_FONT, latin=LATIN_FONT)
        self.paragraph(self.text.fill("overview.chart_caption"), "Caption")

    def grouped(self, tasks: Iterable[Task], leads: Sequence[str], key: str) -> None:
        """Tasks under a level-two heading per lead unit, in the order of `leads`. A task led
        jointly counts under each of its units but is told once, under the first; the others
        point to it."""
        by_lead = tasks_by_lead(tasks, self.report.restricted_to)
        told: dict[int, tuple[str, int]] = {}
        for number, lead in enumerate((lead for lead in leads if by_lead.get(lead)), start=1):
            group = by_lead[lead]
            heading_number = chinese_numeral(number)
            self.paragraph(self.text.fill(f"{key}.group", number=heading_number,
                                          lead=lead_name(lead),
                                          count=len(group)), "Heading 2")
            for index, task in enumerate(group, start=1):
                if id(task) in told:
                    where, item = told[id(task)]
                    others = "、".join(unit for unit in task.leads if unit != lead)
                    self.paragraph(self.text.fill(f"{key}.joint", number=index,
                                                  title=sentence(task.title), id=task.id,
                                                  partners=others, group=where, item=item))
                    continue
                told[id(task)] = (heading_number, index)
                self.paragraph(self.item(key, index, task))

    def item(self, key: str, number: int, task: Task) -> str:
        if key == "lagging":
            return self.lagging_item(number, task)
        return self.unverified_item(number, task)

    def lagging(self) -> None:
        """二、滞后任务, grouped by lead unit, units with most lagging tasks first (the Summary's
        order: a briefing names where shortfalls concentrate), tasks in input order."""
        self.paragraph(self.text.fill("lagging.heading"), "Heading 1")
        shortfalls = self.summary.shortfalls
        if not shortfalls:
            self.paragraph(self.text.fill("lagging.none"))
            return
        leads = [lead.lead for lead in self.summary.leads_by_shortfall() if lead.counts["lagging"]]
        self.paragraph(self.text.fill("lagging.intro" if len(leads) > 1 else "lagging.intro_one",
                                      count=len(shortfalls), lead_count=len(leads)))
        self.paragraph(self.tiers())
        self.grouped(shortfalls, leads, "lagging")

    def tiers(self) -> str:
        """按预警等级分，红色预警3项、黄色预警5项、蓝色预警9项（rule）。"""
        counts = self.summary.warning_counts
        parts = "、".join(self.text.fill("lagging.tier_part", label=self.palette.warning_label(tier),
                                         count=count) for tier, count in counts.items() if count)
        return self.text.fill("lagging.tiers", parts=parts, rule=self.text.fill("lagging.tiers_rule"))

    def lagging_item(self, number: int, task: Task) -> str:
        """「1. 任务（附件序号7）。指标：目标…，实际…（完成率…，序时进度…）。依据：…」"""
        return self.text.fill("lagging.item", number=number, title=sentence(task.title),
                              id=task.id, **self.lagging_parts(task))

    def lagging_parts(self, task: Task) -> dict[str, str]:
        """The pieces of a lagging task's item: warning, indicators, evidence, override."""
        period = self.report.period
        shown: Sequence[Indicator] = [i for i in task.indicators if i.status == "lagging"] \
            or task.indicators
        indicators = "".join(self.text.fill("lagging.indicator", line=indicator_line(i, period))
                             for i in shown) or self.text.fill("lagging.no_indicator")
        evidence = self.evidence(evidence_groups(shown)) if shown else ""
        verdict = verdict_note(task)
        warning = self.text.fill("lagging.warning", label=self.palette.warning_label(task.warning),
                                 reason=task.warning_reason) if task.warning else ""
        return {"warning": warning, "indicators": indicators, "evidence": evidence,
                "override": self.override_sentence(task) + (f"（{verdict}）" if verdict else "")}

    def evidence(self, groups: Sequence[tuple[str, Sequence[str]]]) -> str:
        """「依据：任务要求“…”，进展报送“…”“…”；任务要求“…”，…。」: the text spans a judgement
        rests on, quoted, each task span once with every progress span reported against it (no
        顿号 between quotations: GB/T 15834 4.5.3.5)."""
        items = []
        for target, actuals in groups:
            if actuals:
                items.append(self.text.fill("lagging.evidence_item", target=quote(target),
                                            actual="".join(quote(actual) for actual in actuals)))
            else:
                items.append(self.text.fill("lagging.evidence_item_no_actual", target=quote(target)))
        return self.text.fill("lagging.evidence", items="；".join(items))

    def override_sentence(self, task: Task) -> str:
        """The override as a sentence, in the wording of every document (`summary.override_note`),
        for an overridden task; else empty."""
        note = override_note(task, self.palette)
        return f"{note}。" if note else ""

    def unverified(self) -> None:
        """三、待核实事项: tasks with targets but no comparable figure, by lead unit in the
        table's order (the office asks each unit in turn)."""
        self.paragraph(self.text.fill("unverified.heading"), "Heading 1")
        tasks = self.summary.unverified
        if not tasks:
            self.paragraph(self.text.fill("unverified.none"))
            return
        self.paragraph(self.text.fill("unverified.intro", count=len(tasks)))
        self.grouped(tasks, [lead.lead for lead in self.summary.by_lead], "unverified")

    def unverified_item(self, number: int, task: Task) -> str:
        return self.text.fill("unverified.item", number=number, title=sentence(task.title),
                              id=task.id, **self.unverified_parts(task))

    def unverified_parts(self, task: Task) -> dict[str, str]:
        """The pieces of a 待核实 task's item: the metrics to report, and whether it is the
        second period running."""
        missing = [i for i in task.indicators if i.actual is None
                   and not (i.override and i.override.actual)]
        metrics = "、".join(self.text.fill("unverified.metric", metric=i.metric or "指标",
                                          target=target_text(i)) for i in missing) \
            or self.text.fill("unverified.no_metric")
        again = self.text.fill("unverified.again") if unknown_again(task) else ""
        return {"metrics": metrics, "again": again}

    def requirements(self) -> None:
        """四、下一步工作要求: the office's standing text, each item with a run-in heading."""
        self.paragraph(self.text.fill("requirements.heading"), "Heading 1")
        for index, item in enumerate(self.text.raw("requirements.items")):
            key = f"requirements.items[{index}]"
            paragraph = self.paragraph()
            heading = self.text.fill_raw(str(item.get("heading", "")), f"{key}.heading")
            if heading:
                paragraph.add_run(xml_safe(heading), style=self.styles.get("Run-in Heading"))
            paragraph.add_run(xml_safe(self.text.fill_raw(str(item.get("text", "")), f"{key}.text")))

    def closing(self) -> None:
        """附件说明, then the signature centred over the date, the date four em from the right.

        GB/T 9704 7.3.5: the signature and date never stand alone on a page. The last paragraph
        of the body keeps its last lines (two at least: widow control) with what follows, and
        every paragraph from there to the date keeps with the next, so a page break that would
        fall among them falls before the body's last lines instead."""
        last_body = self.last_paragraph()
        chain: list[Paragraph] = [self.paragraph()]
        label = str(self.text.raw("closing.annex_note")).split("{")[0]
        # A name too long for the line goes on under itself, cut between words (not 进展情 / 况表).
        room = text_width_twips(self.document) / 20 / self.body_points() - 2 - _em_width(label)
        name = "\n".join(filled_lines(self.annex_title(), room - TITLE_SLACK_EM))
        note = self.paragraph(self.text.fill("closing.annex_note", annex_title=name))
        _hang_after_label(note, label)
        chain += [note, self.paragraph(), self.paragraph()]
        self.signature_block(chain, last_body)

    def signature_block(self, chain: list[Paragraph], last_body: Paragraph | None) -> None:
        """The signature centred over the date, the date four em from the right, kept on one
        page with the paragraphs of `chain` before it and the last lines of `last_body`."""
        signature = self.text.fill("closing.signature")
        date = self.text.fill("closing.date")
        date_width = _em_width(date)
        for line, width in ((signature, _em_width(signature)), (date, date_width)):
            if not line:
                continue
            inset = _DATE_RIGHT_EM + max(0.0, (date_width - width) / 2)
            paragraph = self.paragraph(line, "Signature")
            _right_inset(paragraph, inset)
            chain.append(paragraph)
        if last_body is not None:
            last_body.paragraph_format.widow_control = True
            last_body.paragraph_format.keep_with_next = True
        for paragraph in chain[:-1]:
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.keep_together = True
        chain[-1].paragraph_format.keep_together = True

    def last_paragraph(self) -> Paragraph | None:
        """The body's last paragraph so far (None when the body ends in something else)."""
        last = self.anchor.getprevious() if self.anchor is not None else \
            (self.body[-1] if len(self.body) else None)
        return Paragraph(last, self.document) if last is not None and last.tag == _P else None

    def annex_title(self) -> str:
        return self.text.fill("annex.title")

    def table_columns(self, shares: Sequence[float], aligns: Sequence[str]) -> list[Column]:
        """Columns sharing the text width in the proportions `shares`, aligned as `aligns`."""
        total = text_width_twips(self.document)
        return [Column(int(total * share / sum(shares)), align)
                for share, align in zip(shares, aligns)]

    def body_points(self) -> float:
        """The size of the body text, in points (三号 when the style does not say)."""
        style = self.styles.get("Normal")
        return style.font.size.pt if style is not None and style.font.size else 16.0

    def table_points(self) -> float:
        """The size of the annex table's text, in points (五号 when the style does not say)."""
        style = self.styles.get("Table Text")
        return style.font.size.pt if style is not None and style.font.size else 10.5

    def table_styles(self) -> TableStyles:
        return TableStyles(self.style_id("Briefing Table"), self.style_id("Table Text"),
                           self.style_id("Table Heading"))

    def annex(self) -> None:
        """附件: every task in input order, status cell shaded in the palette's colour. The note on
        the columns (完成率, the 人工调整 mark) stands above the table, under the title: below
        it, a page break could leave it alone on the last page (LibreOffice keeps no row with
        it, whatever the rows say)."""
        self.paragraph(self.text.fill("annex.label"), "Annex Label")
        self.title(self.annex_title())
        if metadata_line(self.report):  # the source table's 填报单位, 填报日期, 单位
            self.paragraph(metadata_line(self.report), "Table Note")
        note = self.paragraph(self.text.fill("annex.note", override_mark=quote(OVERRIDE_MARK)),
                              "Table Note")
        note.paragraph_format.keep_with_next = True
        note.paragraph_format.keep_together = True
        headers = [str(header) for header in self.text.raw("annex.columns")]
        shares = [float(width) for width in self.text.raw("annex.widths")]
        if len(headers) != 6 or len(shares) != 6:
            raise RenderError("the briefing text's annex.columns and annex.widths need six entries "
                              "(序号, 任务, 牵头单位, 状态, 完成率, 进展摘要)")
        columns = self.table_columns(shares, ("center", "left", "center", "center", "center", "left"))
        rows = list(self.annex_rows())
        # 完成率 on one line however high (186.7%, 1234.5%): never a % sign alone below.
        columns = widened(columns, 4, [headers[4], *(row.cells[4] for row in rows)],
                          self.table_points())
        build_table(headers, rows, columns, self.table_styles(), self.place, shaded=3)
        self.end_mark()

    def end_mark(self) -> None:
        """The paragraph a document must end with after a table, one point high, so it never
        makes a page of its own."""
        spacing = _element(self.paragraph(style="Table Note")).get_or_add_pPr().get_or_add_spacing()
        for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
            spacing.set(qn(f"w:{name}"), value)

    def annex_rows(self) -> Iterable[TableRow]:
        limit = int(self.text.raw("annex.progress_chars"))
        no_ratio = str(self.text.raw("annex.no_ratio"))
        for task in self.report.tasks:
            style = self.palette[task.status]
            ratio = task_ratio(task)
            yield TableRow((task.id, task.title, lead_name(task.lead), style.label,
                            percent_text(ratio) if ratio is not None else no_ratio,
                            shorten(task.progress_text, limit)),
                           fill=style.fill, colour=style.text,
                           note=(OVERRIDE_MARK if adjusted(task) else "")
                           + (VERDICT_MARK if verdict_note(task) else "")
                           + (PARTLY_ASSESSED_MARK if partly_assessed_note(task) else ""))

    def style_id(self, name: str) -> str:
        style = self.styles.get(name)
        return style.style_id if style is not None else name.replace(" ", "")


_P, _PPR, _PSTYLE, _JC, _R, _T, _BR, _TAB = (f"{{{W_NS}}}{tag}" for tag in
                                             ("p", "pPr", "pStyle", "jc", "r", "t", "br", "tab"))
_VAL = f"{{{W_NS}}}val"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile(r"(\n|\t)")


def _add_text(run: etree._Element, text: str) -> None:
    """`text` into a w:r, as python-docx does: a line break per newline, a w:tab per tab."""
    for piece in _BREAKS.split(text):
        if piece == "\n":
            etree.SubElement(run, _BR)
        elif piece == "\t":
            etree.SubElement(run, _TAB)
        elif piece:
            element = etree.SubElement(run, _T)
            element.text = piece
            element.set(_SPACE, "preserve")


# A little more than Times New Roman's widths (digit 0.5 em, point 0.25, % 0.83): a cell sized
# by these holds its text in any font Word may put in its place.
_CHAR_EM = {".": 0.3, "%": 0.95, "％": 1.0, "-": 0.4, "—": 1.0}
_CELL_MARGINS_PT = 2 * 2.85 + 3


def widened(columns: Sequence[Column], index: int, texts: Iterable[str],
            points: float) -> list[Column]:
    """`columns` with column `index` wide enough for the widest of `texts` on one line at
    `points`, the width it needs taken from the widest other column."""
    needed = max((sum(_CHAR_EM.get(char, 0.55 if char.isascii() else 1.0) for char in text)
                  for text in texts), default=0.0)
    twips = int((needed * points + _CELL_MARGINS_PT) * 20)
    columns = list(columns)
    short = twips - columns[index].width
    if short <= 0:
        return columns
    donor = max((i for i in range(len(columns)) if i != index), key=lambda i: columns[i].width)
    short = min(short, columns[donor].width // 2)
    columns[index] = Column(columns[index].width + short, columns[index].align)
    columns[donor] = Column(columns[donor].width - short, columns[donor].align)
    return columns


def _style_names(document: Document) -> set[str]:
    return {style.name for style in document.styles}


def _element(paragraph: "etree._Element | Paragraph") -> Any:
    """The w:p of a python-docx Paragraph, or the element itself (`Briefing.block` makes those)."""
    return paragraph._p if isinstance(paragraph, Paragraph) else paragraph


def _flush_left(paragraph: "etree._Element | Paragraph") -> None:
    """No first-line indent (主送机关 starts at the margin). firstLineChars must be zeroed too:
    it wins over firstLine."""
    indent = _element(paragraph).get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "0")
    indent.set(qn("w:firstLine"), "0")


def _hang_after_label(paragraph: "etree._Element | Paragraph", label: str) -> None:
    """Lines after the first align with the text after `label` (「附件：」), two em in."""
    width = _em_width(label)
    if not width:
        return
    indent = _element(paragraph).get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "0")  # the style's two-em first line would win
    for name, em in (("leftChars", 2 + width), ("hangingChars", width)):
        indent.set(qn(f"w:{name}"), str(round(em * 100)))
        indent.set(qn(f"w:{name[:-5]}"), str(round(em * 320)))


def _right_inset(paragraph: "etree._Element | Paragraph", em: float) -> None:
    """Right indent of `em` characters (three号: 16 pt = 320 twips each)."""
    indent = _element(paragraph).get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:rightChars"), str(round(em * 100)))
    indent.set(qn("w:right"), str(round(em * 320)))


def render_briefing(report: Report, summary: Summary, options: RenderOptions) -> bytes:
    """The briefing's bytes (the same for the same report, summary and options)."""
    return Briefing(report, summary, options).build()


class DocxRenderer:
    name = "docx"
    extension = ".docx"

    def render(self, report: Report, summary: Summary, out: BinaryIO,
               options: RenderOptions) -> None:
        out.write(render_briefing(report, summary, options))


RENDERER = DocxRenderer()
