"""The PDF's floor: a bare reportlab document of the same content, built the library's own way.

    python -m benchmarks.floor_pdf CONTENT.json OUT.pdf     # prints: seconds pages

What it draws (so that nobody can make the floor slower to pass, or faster by drawing less):

- reportlab registers the same TrueType CJK font as our PDF (the same file and .ttc index), parsed
  from the file by reportlab itself (no cache of ours), and embeds the subset of it that is used;
- one `SimpleDocTemplate` on A4 with our margins, invariant mode, page compression as ours;
- page one: the title and period as two `Paragraph`s, a `Table` of the six headline cards
  (count over label), and the two charts as reportlab.graphics `Drawing`s of the same bars and
  labels (a bar per status; a stacked bar of five segments per lead unit shown, each with its
  name and count);
- the shortfalls (7 columns), the tasks without comparable figures (4 columns) and every task
  (5 columns: number, task, lead unit, progress with the extra cells, status), each a `Table`
  with the same column widths and cell texts as ours, a header row repeated on every page, a
  grid, the header filled and the status cell of each task row in its palette colour; every
  text cell a `Paragraph` with `wordWrap='CJK'` in the same font and size (reportlab's way to
  wrap Chinese in a table cell);
- a page number at the foot of every page.

It leaves out what only ours does: the running header, the draft mark, the outline, the fallback
fonts for characters the CJK font lacks, and our own line breaking. The page count is printed so
that a reader sees the floor fills about as many pages as ours.

The seconds printed are this process's CPU time from just before reportlab is imported to the
file written (the content is read from CONTENT.json first, untimed), the same span that
`benchmarks.floors` times in our renderer.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def content(report: Any, summary: Any, palette: Any) -> dict[str, Any]:
    """The floor's content from an assessed report: the same texts our PDF draws."""
    from yiwu_reports.renderers.pdf.fonts import choose_font
    from yiwu_reports.summary import (
        actual_text,
        document_title,
        gap_text,
        lead_name,
        main_indicator,
        number_text,
        percent_text,
        period_line,
        target_text,
    )

    period = report.period
    font = choose_font(None)
    statuses = [(palette.label(s), summary.counts.get(s, 0), palette[s].fill)
                for s in ("completed", "on_track", "lagging", "unknown", "qualitative")]
    shortfalls = []
    for task in summary.shortfalls:
        indicator = main_indicator(task)
        notes = [f"{i.metric}：{gap_text(i, period)}" for i in task.indicators
                 if i is not indicator and i.status == "lagging"]
        title = "\n".join([task.title, *([task.warning_reason] if task.warning_reason else []),
                           *notes])
        if indicator is None:
            target = actual = ratio = "—"
        else:
            target, actual = target_text(indicator), actual_text(indicator)
            ratio = (f"{percent_text(indicator.ratio)}（{percent_text(period.elapsed)}）"
                     if indicator.kind == "cumulative" and indicator.ratio is not None else "—")
        shortfalls.append([task.id, title, lead_name(task.lead), target, actual, ratio,
                           task.warning or ""])
    unverified = [[task.id, task.title, lead_name(task.lead),
                   "\n".join(f"{i.metric or '指标'}：目标{target_text(i)}"
                             for i in task.indicators if i.actual is None)]
                  for task in summary.unverified]
    tasks = [[task.id, task.title, lead_name(task.lead),
              "\n".join([task.progress_text] + [f"{name}：{value}" for name, value in task.extra
                                                if value]),
              palette.label(task.status), palette[task.status].fill]
             for task in report.tasks]
    leads = [[lead_name(lead.lead), [lead.counts.get(s, 0) for s in
                                     ("lagging", "unknown", "on_track", "completed", "qualitative")]]
             for lead in summary.by_lead[:20]]
    return {"font": [str(font.path), font.index] if font else None,
            "title": document_title(report), "period": period_line(period),
            "total": number_text(summary.total), "statuses": statuses, "leads": leads,
            "colours": [palette[s].fill for s in
                        ("lagging", "unknown", "on_track", "completed", "qualitative")],
            "shortfalls": shortfalls, "unverified": unverified, "tasks": tasks}


def build(data: dict[str, Any], out: str) -> int:
    """The bare document of `data` written to `out`; returns its page count."""
    from xml.sax.saxutils import escape

    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    path, index = data["font"]
    pdfmetrics.registerFont(TTFont("FloorCJK", path, subfontIndex=index))
    font = "FloorCJK"

    def style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                              wordWrap="CJK", **extra)

    title, subtitle = style("title", 16, 22, alignment=1), style("subtitle", 10, 14, alignment=1)
    heading, cell = style("heading", 13, 18), style("cell", 8.5, 11.5)
    head = style("head", 9, 12, textColor=colors.white)
    card_value, card_label = style("cv", 17, 21, alignment=1), style("cl", 9, 12, alignment=1)

    def para(text: str, paragraph_style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), paragraph_style)

    grid = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#A6A6A6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F4E79"))]

    def table(columns: list[tuple[str, float]], rows: list[list[str]],
              extra: list[tuple[Any, ...]] = ()) -> Table:  # type: ignore[assignment]
        header = [para(name, head) for name, _ in columns]
        body = [[para(text, cell) for text in row] for row in rows]
        return Table([header, *body], colWidths=[w * mm for _, w in columns], repeatRows=1,
                     style=grid + list(extra))

    width = A4[0] - 36 * mm
    cards = [[para(data["total"], card_value), *(para(str(n), card_value)
                                                   for _, n, _ in data["statuses"])],
             [para("任务总数（项）", card_label), *(para(label, card_label)
                                                  for label, _, _ in data["statuses"])]]
    status_chart = Drawing(width, 110)
    for row, (label, count, fill) in enumerate(data["statuses"]):
        y: float = 90 - row * 19
        status_chart.add(String(0, y, label, fontName=font, fontSize=9))
        status_chart.add(Rect(60, y - 2, 3 * count, 12, fillColor=colors.HexColor(fill),
                              strokeColor=None))
        status_chart.add(String(66 + 3 * count, y, f"{count}项", fontName=font, fontSize=9))
    leads_chart = Drawing(width, 260)
    for row, (name, counts) in enumerate(data["leads"]):
        x = 10 + row * (width - 20) / max(1, len(data["leads"]))
        leads_chart.add(String(x, 4, name, fontName=font, fontSize=7))
        y = 20.0
        for count, fill in zip(counts, data["colours"]):
            if count:
                leads_chart.add(Rect(x, y, 18, 20 * count, fillColor=colors.HexColor(fill),
                                     strokeColor=None))
                leads_chart.add(String(x + 6, y + 4, str(count), fontName=font, fontSize=7))
                y += 20 * count
    story: list[Any] = [para(data["title"], title), para(data["period"], subtitle), Spacer(1, 8),
                        Table(cards, colWidths=[width / 6] * 6), status_chart, leads_chart,
                        PageBreak(), para("一、滞后任务", heading), Spacer(1, 6)]
    story.append(table([("序号", 12), ("任务名称", 47), ("牵头单位", 20), ("目标", 23),
                        ("实际", 22), ("完成率（序时进度）", 34), ("预警", 16)],
                       data["shortfalls"]))
    if data["unverified"]:
        story += [para("二、待核实任务", heading), Spacer(1, 6),
                  table([("序号", 12), ("任务名称", 78), ("牵头单位", 24), ("未报数据的目标", 60)],
                        data["unverified"])]
    fills = [("BACKGROUND", (4, row), (4, row), colors.HexColor(task[5]))
             for row, task in enumerate(data["tasks"], start=1)]
    story += [para("全部任务", heading), Spacer(1, 6),
              table([("序号", 12), ("任务名称", 44), ("牵头单位", 21), ("进展情况", 75), ("状态", 22)],
                    [task[:5] for task in data["tasks"]], fills)]

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {canvas.getPageNumber()} —")

    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=22 * mm, bottomMargin=20 * mm, invariant=1,
                            pageCompression=0)
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return doc.page


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8") as stream:
        data = json.load(stream)
    start = time.process_time()
    pages = build(data, argv[1])
    print(time.process_time() - start, pages)


if __name__ == "__main__":
    main(sys.argv[1:])
