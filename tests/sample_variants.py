"""The bundled sample rebuilt in the shapes other offices keep it: a workbook with a title, a 填报
line and a two-row merged header, a workbook of several sheets, a traditional-character copy, a
CSV without a lead column, a Word table, a saved portal page and an old .xls. Each builder returns
the file's bytes; each must read as the sample's 159 tasks."""

from __future__ import annotations

import csv
import html
import io
from functools import lru_cache

from tests.conftest import SAMPLE_TXT

TITLE = "2023年义乌市政府工作报告重点任务三季度进展情况汇总表"
FILL_LINE = "填报单位：义乌市人民政府办公室        填报日期：2023年10月15日"


@lru_cache(maxsize=1)
def sample_rows() -> tuple[tuple[str, str, str, str], ...]:
    """(id, title, lead, progress) of the sample's tasks, progress one line per paragraph."""
    from yiwu_reports import api

    report = api.load(SAMPLE_TXT)
    return tuple((task.id, task.title, task.lead, task.progress_text) for task in report.tasks)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def multi_header_xlsx() -> bytes:
    """Title row, a 填报 line, then 序号/任务名称/牵头单位 merged down over two header rows and
    推进情况 spanning 三季度进展情况 and 存在问题."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "三季度"
    sheet.append([TITLE])
    sheet.merge_cells("A1:E1")
    sheet.append([FILL_LINE])
    sheet.merge_cells("A2:E2")
    sheet.append(["序号", "任务名称", "牵头单位", "推进情况", None])
    sheet.append([None, None, None, "三季度进展情况", "存在问题"])
    for merge in ("A3:A4", "B3:B4", "C3:C4", "D3:E3"):
        sheet.merge_cells(merge)
    for task_id, title, lead, progress in sample_rows():
        problem = "资金到位偏慢" if task_id in ("3", "17") else None
        sheet.append([int(task_id), title, lead, progress, problem])
    sheet.append(["注：数据截至2023年9月30日。"])
    return _save(workbook)


SHEETS = (("经济发展", 0, 60), ("社会民生", 60, 159))


def several_sheets_xlsx() -> bytes:
    """The tasks split over two sheets, each with its own header, and a third sheet of notes."""
    from openpyxl import Workbook

    workbook = Workbook()
    rows = sample_rows()
    first = True
    for name, start, end in SHEETS:
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = name
        sheet.append([TITLE])
        sheet.append(["序号", "任务名称", "牵头单位", "三季度进展情况"])
        for task_id, title, lead, progress in rows[start:end]:
            sheet.append([int(task_id), title, lead, progress])
    notes = workbook.create_sheet("填报说明")
    notes.append(["请各牵头单位于每季度末报送进展情况。"])
    return _save(workbook)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """`text` in traditional characters, as OpenCC's s2t writes it."""
    return _s2t().convert(text)  # type: ignore[no-any-return]


def traditional_csv() -> bytes:
    """The sample in traditional characters (OpenCC s2t), headers and title included."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([traditional(TITLE), "", "", ""])
    writer.writerow([traditional(header) for header in ("序号", "任务名称", "牵头单位", "三季度进展情况")])
    for row in sample_rows():
        writer.writerow([traditional(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def no_lead_csv() -> bytes:
    """The sample without its lead-unit column."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([TITLE])
    writer.writerow(["序号", "任务名称", "三季度进展情况"])
    for task_id, title, _lead, progress in sample_rows():
        writer.writerow([task_id, title, progress])
    return buffer.getvalue().encode("utf-8")


def docx_document() -> bytes:
    """A Word document: a letterhead table, the title paragraph, then the progress table (with
    序号 and 任务名称 merged down over two rows for one task, as people do)."""
    import docx

    document = docx.Document()
    letterhead = document.add_table(rows=1, cols=2)
    letterhead.cell(0, 0).text = "义乌市人民政府办公室"
    letterhead.cell(0, 1).text = "督查通报附件"
    document.add_paragraph(TITLE)
    rows = sample_rows()
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("序号", "任务名称", "牵头单位", "三季度进展情况")):
        cell.text = text
    for task_id, title, lead, progress in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = task_id, title, lead
        cells[3].text = progress
    document.add_paragraph("注：数据截至2023年9月30日。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def portal_page(encoding: str = "utf-8") -> bytes:
    """A progress page as saved from a government portal: navigation and layout tables, a script,
    the title in <h1>, the data table with a two-row header (colspan/rowspan), in `encoding`."""
    rows = sample_rows()
    body = "".join(
        f"<tr><td>{task_id}</td><td>{html.escape(title)}</td><td>{html.escape(lead)}</td>"
        f"<td>{'<br/>'.join(html.escape(line) for line in progress.splitlines())}</td></tr>\n"
        for task_id, title, lead, progress in rows)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="{encoding}"><title>{TITLE}_义乌市人民政府门户网站</title>
<script>var nav = "<table><tr><td>序号</td><td>任务名称</td></tr></table>";</script>
<style>td {{ padding: 2px }}</style></head>
<body>
<table class="layout"><tr><td><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></td></tr></table>
<nav><table><tr><td>序号</td><td>任务名称</td><td>牵头单位</td><td>进展情况</td></tr></table></nav>
<table class="layout"><tr><td>
<h1>{TITLE}</h1>
<p>发布时间：2023-10-16 信息来源：市府办</p>
<table border="1">
<tr><th rowspan="2">序号</th><th rowspan="2">任务名称</th><th rowspan="2">牵头单位</th>
<th colspan="1">推进情况</th></tr>
<tr><th>三季度进展情况</th></tr>
{body}</table>
</td></tr></table>
<div class="footer"><table><tr><td>主办：义乌市人民政府办公室</td></tr></table></div>
</body></html>"""
    return page.encode(encoding)


def xls_workbook() -> bytes:
    """An Excel 97-2003 workbook: the title merged across, a blank row, the header, the tasks
    (ids as numbers) and a note merged across."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("三季度进展")
    sheet.write_merge(0, 0, 0, 3, TITLE)
    for column, header in enumerate(("序号", "任务名称", "任务牵头单位", "三季度进展情况")):
        sheet.write(2, column, header)
    rows = sample_rows()
    for offset, (task_id, title, lead, progress) in enumerate(rows, start=3):
        sheet.write(offset, 0, int(task_id))
        sheet.write(offset, 1, title)
        sheet.write(offset, 2, lead)
        sheet.write(offset, 3, progress)
    last = 3 + len(rows)
    sheet.write_merge(last, last, 0, 3, "注：数据截至2023年9月30日。")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
