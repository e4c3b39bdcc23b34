"""One 督办通知单 in GB/T 9704 form: the briefing's template, styles, fonts and page numbers.

Number (督办〔2023〕3号) centred above the title, 主送 the unit, the opening with its counts, then
一、滞后任务 (each with its warning tier, target, figure, 完成率 against 序时进度 and the evidence),
二、需补报事项 (待核实 tasks and the figures they lack), 三、整改要求 with one deadline, the 附件说明
(附件：督办通知单回执), the signature and date; then, on a page of its own, the 回执 to return: the
notice's number and unit, and a table with a row per task for 整改措施, 责任人, 完成时限 and 联系人.
A notice asks what it has cause to ask: a unit with only 待核实 tasks is asked to 补报 (the
office's `supplement_requirements`, by the 补报 deadline, a receipt for the figures), one with only
lagging tasks to rectify (`rectification`, by the 整改措施 deadline), one with both for both.
Built on `docx.briefing.Briefing`, so a notice reads and looks like the briefing it follows, and
its sentences come from the `[notice]` table of `templates/briefing.toml`.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ...core.errors import RenderError
from ...core.model import Report, Task
from ...summary import Summary, chinese_numeral, shorten
from .. import RenderOptions
from ..common import repeatable_zip
from ..docx.briefing import Briefing, _flush_left, _hang_after_label
from ..docx.table import TableRow, build_table
from ..docx.text import sentence
from .plan import Notice

RECEIPT_ROW_TWIPS = 1021
"""Least height of a receipt row (1.8 cm): room to write by hand."""
RECEIPT_TITLE_CHARS = 40
"""The task's title in the receipt is cut to this (the notice above has it whole)."""


class NoticeDocument(Briefing):
    """The notice of one unit."""

    def __init__(self, report: Report, summary: Summary, options: RenderOptions,
                 notice: Notice) -> None:
        super().__init__(report, summary, options)
        self.notice = notice
        self.text = self.text.with_common(unit=notice.unit, number=notice.number)

    def build(self) -> bytes:
        notice = self.notice
        number = self.paragraph(notice.number)
        _flush_left(number)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title = self.text.fill("notice.title")
        self.title(title)
        _flush_left(self.paragraph(f"{notice.unit}："))
        counts = [self.text.fill(f"notice.count_{kind}", count=len(tasks))
                  for kind, tasks in (("lagging", notice.lagging), ("unknown", notice.unknown))
                  if tasks]
        self.paragraph(self.text.fill("notice.opening", counts="、".join(counts),
                                      request=self.text.fill(f"notice.request_{self.kind}")))
        section = 0
        if notice.lagging:
            section += 1
            self.heading("notice.lagging_heading", section, len(notice.lagging))
            for index, task in enumerate(notice.lagging, start=1):
                self.paragraph(self.text.fill("notice.lagging_item", number=index,
                                              title=sentence(task.title), id=task.id,
                                              joint=self.joint(task), **self.lagging_parts(task)))
        if notice.unknown:
            section += 1
            self.heading("notice.unknown_heading", section, len(notice.unknown))
            self.paragraph(self.text.fill("notice.unknown_intro"))
            for index, task in enumerate(notice.unknown, start=1):
                self.paragraph(self.text.fill("notice.unknown_item", number=index,
                                              title=sentence(task.title), id=task.id,
                                              joint=self.joint(task),
                                              **self.unverified_parts(task)))
        self.requirements_section(section + 1)
        self.receipt()
        self.finish(f"{title}（{notice.unit}）")
        buffer = io.BytesIO()
        self.document.save(buffer)
        return repeatable_zip(buffer.getvalue())

    def heading(self, key: str, section: int, count: int | None = None) -> None:
        values: dict[str, object] = {"number": chinese_numeral(section)}
        if count is not None:
            values["count"] = count
        self.paragraph(self.text.fill(key, **values), "Heading 1")

    def joint(self, task: Task) -> str:
        """该任务由你单位与发改局共同牵头… for a task the unit leads with others, else ""."""
        partners = [unit for unit in task.leads if unit != self.notice.unit]
        return self.text.fill("notice.joint", partners="、".join(partners)) if partners else ""

    @property
    def kind(self) -> str:
        """What the notice asks for: "lagging" (整改 only), "unknown" (补报 only) or "both"."""
        if self.notice.lagging and self.notice.unknown:
            return "both"
        return "lagging" if self.notice.lagging else "unknown"

    def requirement_lines(self) -> list[str]:
        """The office's requirements this notice has cause for, one a line: 整改 for lagging
        tasks, 补报 for missing figures."""
        office = self.options.office
        texts = {"lagging": [office.rectification],
                 "unknown": [office.supplement_requirements],
                 "both": [office.rectification, office.supplement_requirements]}[self.kind]
        return [line.strip() for text in texts for line in text.splitlines() if line.strip()]

    def requirements_section(self, section: int) -> None:
        """整改要求 (补报要求 for a notice with only 待核实 tasks): the office's requirements that
        apply, one a line, then the one deadline, the 附件说明 and the signature, kept together
        (GB/T 9704: no signature alone on a page)."""
        self.heading("notice.supplement_heading" if self.kind == "unknown"
                     else "notice.requirements_heading", section)
        for index, line in enumerate(self.requirement_lines(), start=1):
            self.paragraph(self.text.fill("notice.requirement", number=chinese_numeral(index),
                                          text=sentence(line) + "。"))
        last_body = self.last_paragraph()
        chain = [self.paragraph(self.text.fill(f"notice.deadline_{self.kind}")), self.paragraph()]
        # GB/T 9704 7.3.3: 附件说明 one line below the body, before the signature.
        note = self.paragraph(self.text.fill("closing.annex_note",
                                             annex_title=self.text.fill("notice.receipt_title")))
        _hang_after_label(note, str(self.text.raw("closing.annex_note")).split("{")[0])
        chain += [note, self.paragraph(), self.paragraph()]
        self.signature_block(chain, last_body)

    def receipt(self) -> None:
        """回执, on a page of its own: the number and unit, and a row per task to fill in."""
        label = self.paragraph(self.text.fill("notice.receipt_label"), "Annex Label")
        label.paragraph_format.page_break_before = True
        self.title(self.text.fill("notice.receipt_title"))
        line = self.paragraph(self.text.fill("notice.receipt_line"))
        _flush_left(line)
        key = {"lagging": "notice.receipt_columns", "unknown": "notice.receipt_columns_unknown",
               "both": "notice.receipt_columns_both"}[self.kind]
        headers = [str(header) for header in self.text.raw(key)]
        shares = [float(width) for width in self.text.raw("notice.receipt_widths")]
        if len(headers) != 6 or len(shares) != 6:
            raise RenderError(f"the briefing text's {key} and notice.receipt_widths need six "
                              "entries (序号, 任务, 整改措施, 责任人, 完成时限, 联系人及电话)")
        columns = self.table_columns(shares, ("center", "left", "left", "center", "center", "center"))
        rows = (TableRow((task.id, shorten(task.title, RECEIPT_TITLE_CHARS), "", "", "", ""))
                for task in self.notice.tasks)
        table = build_table(headers, rows, columns, self.table_styles(), self.place,
                            row_height=RECEIPT_ROW_TWIPS)
        # The last row stays on the page of the lines under it: no signature alone on a page.
        for paragraph in table[-1].iter(qn("w:p")):
            properties = paragraph.find(qn("w:pPr"))
            if properties is not None:
                properties.insert(1, OxmlElement("w:keepNext"))
        self.paragraph().paragraph_format.keep_with_next = True
        signature = self.paragraph(self.text.fill("notice.receipt_signature"))
        signature.paragraph_format.keep_with_next = True
        _flush_left(signature)
        date = self.paragraph(self.text.fill("notice.receipt_date"))
        date.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def render_notice(report: Report, summary: Summary, options: RenderOptions,
                  notice: Notice) -> bytes:
    """One unit's notice as .docx bytes (the same for the same input)."""
    return NoticeDocument(report, summary, options, notice).build()


__all__ = ["NoticeDocument", "render_notice"]
