"""What the documents show of a table's layout: its metadata lines, 未注明牵头单位 where a table
names no lead unit, and the tasks our judgement places against the office's own verdict. Each
document is read back with an independent reader."""

from __future__ import annotations

import json

import pytest

from yiwu_reports import api
from yiwu_reports.summary.display import UNNAMED_LEAD, VERDICT_MARK, metadata_line, verdict_note

TABLE = ("2023年重点任务三季度推进情况\n"
         "填报单位：市发改委,,,填报日期：2023年10月8日\n"
         "序号,任务名称,进展情况,是否达到序时进度\n"
         "1,完成固定资产投资100亿元,完成固定资产投资30亿元,是\n"
         "2,新增光伏装机4万千瓦,累计达9万千瓦,是\n")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layout")
    source = folder / "t.csv"
    source.write_text(TABLE, encoding="utf-8")
    report = api.assess(api.load(source))
    paths = {fmt: api.render(report, fmt, folder / f"t.{fmt}") for fmt in ("docx", "pdf", "xlsx",
                                                                           "json")}
    return report, paths


def test_model_disagreement_and_lines(outputs):
    report, _ = outputs
    first, second = report.tasks
    assert first.status == "lagging" and first.verdict.meaning == "on_track"
    assert verdict_note(first) == "与单位自评不一致：是否达到序时进度“是”"
    assert verdict_note(second) == ""
    assert metadata_line(report) == "填报单位：市发改委　填报日期：2023年10月8日"


def _docx_text(path):
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _xlsx_text(path):
    from openpyxl import load_workbook

    book = load_workbook(str(path), read_only=True)
    try:
        return "\n".join(str(v) for sheet in book.worksheets
                         for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    finally:
        book.close()


def _pdf_text(path):
    from pypdf import PdfReader

    return "".join((page.extract_text() or "") for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_documents_name_the_missing_lead_and_flag_the_disagreement(outputs, fmt):
    _, paths = outputs
    text = {"docx": _docx_text, "xlsx": _xlsx_text, "pdf": _pdf_text}[fmt](paths[fmt])
    squeezed = "".join(text.split())
    assert UNNAMED_LEAD in squeezed
    assert "".join(VERDICT_MARK.split()) in squeezed or "与单位自评不一致" in squeezed
    assert "填报单位：市发改委" in squeezed


def test_json_keeps_the_lead_empty_and_lists_disagreements(outputs):
    _, paths = outputs
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert [task["lead"] for task in data["tasks"]] == ["", ""]
    assert data["summary"]["verdict_disagreements"] == ["1"]
    assert data["tasks"][0]["verdict"] == {"header": "是否达到序时进度", "text": "是",
                                           "meaning": "on_track"}
    assert data["metadata"][0] == {"label": "填报单位", "value": "市发改委"}
