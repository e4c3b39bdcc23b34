"""A task judged completed while one of its numeric targets had no figure (GUIDE: the others
decide) is marked so in every document, and the documents say which target was not assessed.
Task 73 of the sample: 启动建设…学校（7所） has no comparable figure; its two rates are met."""

from __future__ import annotations

import io
import json

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.summary.display import PARTLY_ASSESSED_MARK, partly_assessed_note


@pytest.fixture(scope="module")
def report():
    return api.assess(api.load(SAMPLE_TXT))


def _render(report, fmt: str) -> bytes:
    out = io.BytesIO()
    api.render(report, fmt, out)
    return out.getvalue()


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_note_names_the_unassessed_target_and_only_such_tasks_have_it(report):
    marked = {task.id for task in report.tasks if partly_assessed_note(task)}
    assert "73" in marked
    note = partly_assessed_note(next(task for task in report.tasks if task.id == "73"))
    assert note.startswith("部分目标未评估：启动建设高庚职校") and "7所" in note
    for task in report.tasks:
        has_unassessed = any(i.status == "unknown" for i in task.indicators)
        assert (task.id in marked) == (task.status == "completed" and has_unassessed), task.id


def test_briefing_annex_marks_the_task_beside_its_status(report):
    document = docx.Document(io.BytesIO(_render(report, "docx")))
    rows = {row.cells[0].text.strip(): row for table in document.tables for row in table.rows}
    assert PARTLY_ASSESSED_MARK in "".join(cell.text for cell in rows["73"].cells)
    unmarked = next(task.id for task in report.tasks if task.status == "completed"
                    and not partly_assessed_note(task))
    assert PARTLY_ASSESSED_MARK not in "".join(cell.text for cell in rows[unmarked].cells)


def test_pdf_marks_the_status_and_names_the_target(report):
    text = _squeezed("".join(page.extract_text() for page in
                             PdfReader(io.BytesIO(_render(report, "pdf"))).pages))
    assert _squeezed(PARTLY_ASSESSED_MARK) in text
    assert "部分目标未评估：启动建设高庚职校" in text


def test_web_page_workbook_and_json_say_which_target(report):
    page = _render(report, "html").decode("utf-8")
    assert "部分目标未评估：启动建设高庚职校" in page
    sheet = load_workbook(io.BytesIO(_render(report, "xlsx")))["全部任务"]
    evidence = next(row for row in sheet.iter_rows(values_only=True) if str(row[0]) == "73")
    assert any(isinstance(value, str) and "此目标未评估" in value for value in evidence)
    task = next(t for t in json.loads(_render(report, "json"))["tasks"] if t["id"] == "73")
    assert task["status"] == "completed"
    assert any("此目标未评估" in indicator["note"] for indicator in task["indicators"])
