"""Word documents, saved portal pages and old .xls workbooks, built small: merged cells, several
tables, encodings; and the one-line errors for files that hold no table we can read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests import sample_variants as variants
from yiwu_reports import api
from yiwu_reports.core.errors import InputError


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(table, rows):
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            if value is not None:
                cell.text = value


def test_docx_merged_cells_continue_the_task_and_span_the_header(tmp_path):
    def build(document):
        document.add_paragraph("2023年重点任务三季度推进情况")
        table = document.add_table(rows=5, cols=5)
        _fill(table, [["序号", "任务名称", "牵头单位", "推进情况", None],
                      [None, None, None, "三季度进展情况", "存在问题"],
                      ["1", "任务甲", "发改局", "进展一", "无"],
                      [None, None, "经信局", "进展二", "缺资金"],
                      ["2", "任务乙", "商务局", "进展三", ""]])
        for top, bottom in ((0, 1), (2, 3)):
            for column in (0, 1):
                table.cell(top, column).merge(table.cell(bottom, column))
        for column in (2,):
            table.cell(0, column).merge(table.cell(1, column))
        table.cell(0, 3).merge(table.cell(0, 4))
        table.cell(0, 3).text = "推进情况"

    report = api.load(write(tmp_path, "t.docx", _docx(build)))
    assert report.title == "2023年重点任务三季度推进情况"
    first, second = report.tasks
    assert (first.id, first.title, first.lead, first.progress_text) == (
        "1", "任务甲", "发改局、经信局", "进展一\n进展二")
    assert first.extra == (("推进情况/存在问题", "无\n缺资金"),)
    assert (second.id, second.lead) == ("2", "商务局")


def test_docx_several_tables_each_with_the_paragraph_above_as_group(tmp_path):
    def build(document):
        document.add_paragraph("2023年三季度重点任务进展")
        document.add_paragraph("填报单位：市政府办公室")
        for heading, rows in (("一、经济发展", [["1", "任务甲", "发改局", "完成"]]),
                              ("二、社会民生", [["1", "任务乙", "民政局", "推进中"],
                                             ["2", "任务丙", "教育局", "完成"]])):
            document.add_paragraph(heading)
            table = document.add_table(rows=1 + len(rows), cols=4)
            _fill(table, [["序号", "任务名称", "牵头单位", "进展情况"], *rows])

    report = api.load(write(tmp_path, "t.dotx", _docx(build)))
    assert [(t.group, t.id, t.title) for t in report.tasks] == [
        ("一、经济发展", "1", "任务甲"), ("二、社会民生", "1", "任务乙"), ("二、社会民生", "2", "任务丙")]
    assert report.title == "2023年三季度重点任务进展"
    assert report.metadata == (("填报单位", "市政府办公室"),)
    assert report.period.label == "2023Q3"


def test_html_rowspan_colspan_and_a_title_from_the_title_element(tmp_path):
    page = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
    <title>2023年重点任务三季度进展情况_政务公开_某某区人民政府门户网站</title></head><body>
    <h1>某某区人民政府</h1>
    <script>document.write('<table><tr><td>序号</td><td>任务名称</td></tr></table>')</script>
    <table><tr><th rowspan="2">序号</th><th rowspan="2">任务名称</th><th rowspan="2">牵头单位</th>
    <th colspan="2">推进情况</th></tr><tr><th>三季度进展情况</th><th>存在问题</th></tr>
    <tr><td rowspan="2">1</td><td rowspan="2">任务甲</td><td>发改局</td><td>进展一<br>第二段</td>
    <td>无</td></tr><tr><td>经信局</td><td>进展二</td><td></td></tr>
    <tr><td>2</td><td>任务&amp;乙</td><td>商务局</td><td><p>进展三</p></td><td></td></tr>
    </table></body></html>"""
    report = api.load(write(tmp_path, "t.htm", page.encode("gb18030")))
    assert report.title == "2023年重点任务三季度进展情况"
    first, second = report.tasks
    assert (first.title, first.lead, first.progress_text) == (
        "任务甲", "发改局、经信局", "进展一\n第二段\n进展二")
    assert first.extra == (("推进情况/存在问题", "无"),)
    assert (second.id, second.title, second.progress_text) == ("2", "任务&乙", "进展三")


def test_html_entity_bomb_is_refused_in_one_line(tmp_path):
    page = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><html><body><table><tr><td>&b;</td>'
            '</tr></table></body></html>')
    with pytest.raises(InputError, match="t.html: refused: the page declares XML entities"):
        api.load(write(tmp_path, "t.html", page.encode()))


def test_xhtml_doctype_is_fine(tmp_path):
    page = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
            '<html><body><h1>2023年三季度进展</h1><table><tr><td>序号</td><td>任务名称</td>'
            '<td>牵头单位</td><td>进展情况</td></tr><tr><td>1</td><td>甲</td><td>乙</td>'
            '<td>丙</td></tr></table></body></html>')
    assert api.load(write(tmp_path, "t.html", page.encode())).tasks[0].title == "甲"


def test_xls_merged_task_cells_and_percent_format(tmp_path):
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("进展")
    sheet.write_merge(0, 0, 0, 4, "2023年三季度进展情况")
    for column, header in enumerate(("序号", "任务名称", "责任单位", "推进情况", "完成比例")):
        sheet.write(1, column, header)
    sheet.write_merge(2, 3, 0, 0, 1)
    sheet.write_merge(2, 3, 1, 1, "任务甲")
    percent = xlwt.easyxf(num_format_str="0%")
    for row, (lead, progress, share) in enumerate((("发改局", "进展一", 0.5),
                                                   ("经信局", "进展二", 0.25)), start=2):
        sheet.write(row, 2, lead)
        sheet.write(row, 3, progress)
        sheet.write(row, 4, share, percent)
    hidden = workbook.add_sheet("隐藏")
    hidden.visibility = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = api.load(write(tmp_path, "t.xls", buffer.getvalue()))
    (task,) = report.tasks
    assert (task.id, task.title, task.lead, task.progress_text) == (
        "1", "任务甲", "发改局、经信局", "进展一\n进展二")
    assert task.extra == (("完成比例", "50%\n25%"),)


@pytest.mark.parametrize("data, name, message", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "scan.pdf", "scan.pdf: this is a PDF"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "table.png", "table.png: this is a PNG image"),
    (b"{\\rtf1\\ansi table}", "t.doc", "t.doc: this is an RTF document"),
])
def test_files_that_hold_no_readable_table_say_why(tmp_path, data, name, message):
    with pytest.raises(InputError, match=message.replace(".", r"\.")):
        api.load(write(tmp_path, name, data))


def test_word_97_document_says_save_as_docx(tmp_path):
    data = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le")
            + b"\0" * 100)
    with pytest.raises(InputError, match=r"old\.doc: this is a Word 97-2003 document"):
        api.load(write(tmp_path, "old.doc", data))


def test_opendocument_says_save_as_xlsx(tmp_path):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError, match="OpenDocument"):
        api.load(write(tmp_path, "t.ods", buffer.getvalue()))


@pytest.mark.parametrize("name, build", [
    ("word.docx", variants.docx_document), ("portal.html", variants.portal_page),
    ("old.xls", variants.xls_workbook), ("multi-header.xlsx", variants.multi_header_xlsx),
])
def test_check_covers_the_new_formats(run_cli, tmp_path, name, build):
    source = write(tmp_path, name, build())
    result = run_cli(str(source), "-f", "json", "-f", "xlsx", "-f", "docx", "-o",
                     str(tmp_path / "out"), "--check")
    assert result.exit_code == 0, result.stderr
    written = [Path(line) for line in result.stdout.split()]
    data = json.loads(next(p for p in written if p.suffix == ".json").read_text(encoding="utf-8"))
    assert len(data["tasks"]) == 159 and data["period"]["label"] == "2023Q3"
