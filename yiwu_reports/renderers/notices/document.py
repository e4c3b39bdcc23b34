"""One 督办通知单 in GB/T 9704 form: the briefing's template, styles, fonts and page numbers.

Number (督办〔2023〕第3号) centred above the title, 主送 the unit, the opening with its counts, then
一、滞后任务 (each with its warning tier, target, figure, 完成率 against 序时进度 and the evidence),
二、需补报事项 (待核实 tasks and the figures they lack), 三、整改要求 (the office's settings) with
the deadline, the signature and date; then, on a page of its own, the 回执 to return: the notice's
number and unit, and a table with a row per task for 整改措施, 责任人, 完成时限 and 联系人.
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
from ..common import repeatable_zip, xml_safe
from ..docx.briefing import Briefing, _flush_left
from ..docx.formatting import add_page_number_footers, fix_core_properties
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
        self.paragraph(self.text.fill("notice.opening", counts="、".join(counts)))
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
        add_page_number_footers(self.document)
        fix_core_properties(self.document, xml_safe(f"{title}（{notice.unit}）"))
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

    def requirements_section(self, section: int) -> None:
        """整改要求: the office's requirements, one a line, then the deadline; the signature kept
        with them (GB/T 9704: no signature alone on a page)."""
        self.heading("notice.requirements_heading", section)
        lines = [line.strip() for line in self.options.office.rectification.splitlines()
                 if line.strip()]
        for index, line in enumerate(lines, start=1):
            self.paragraph(self.text.fill("notice.requirement", number=chinese_numeral(index),
                                          text=sentence(line) + "。"))
        last_body = self.last_paragraph()
        deadline = self.paragraph(self.text.fill("notice.deadline"))
        self.signature_block([deadline, self.paragraph(), self.paragraph()], last_body)

    def receipt(self) -> None:
        """回执, on a page of its own: the number and unit, and a row per task to fill in."""
        label = self.paragraph(self.text.fill("notice.receipt_label"), "Annex Label")
        label.paragraph_format.page_break_before = True
        self.title(self.text.fill("notice.receipt_title"))
        line = self.paragraph(self.text.fill("notice.receipt_line"))
        _flush_left(line)
        headers = [str(header) for header in self.text.raw("notice.receipt_columns")]
        shares = [float(width) for width in self.text.raw("notice.receipt_widths")]
        if len(headers) != 6 or len(shares) != 6:
            raise RenderError("the briefing text's notice.receipt_columns and receipt_widths need "
                              "six entries (序号, 任务, 整改措施, 责任人, 完成时限, 联系人及电话)")
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
