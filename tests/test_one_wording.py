"""One thing, one wording, in every document: a reviewer's override (`summary.override_note`) and
a gap to the schedule (`summary.points_behind`). Each format is read back with its own reader and
searched for the same words; the source is searched for the old ones."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from tests.factories import mixed_report
from yiwu_reports import api
from yiwu_reports.core.palette import default_palette
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.summary import override_note, points_behind, ratio_change_text

PACKAGE = Path(__file__).resolve().parent.parent / "yiwu_reports"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PALETTE = default_palette()


def readable_text(data: bytes, fmt: str) -> str:
    """What a reader of the document sees, as one string without line breaks or spaces (the
    PDF wraps lines inside its cells)."""
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    elif fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        parts = [str(cell.value) for sheet in workbook for row in sheet.iter_rows()
                 for cell in row if cell.value is not None]
    elif fmt == "pdf":
        parts = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    else:
        parts = [lxml_html.fromstring(data).text_content()]
    return re.sub(r"\s+", "", "".join(parts))


@pytest.fixture(scope="module")
def report():
    return mixed_report()


@pytest.fixture(scope="module")
def documents(report):
    found = {}
    for fmt in ("docx", "xlsx", "pdf", "html"):
        out = io.BytesIO()
        api.render(report, fmt, out, options=RenderOptions())
        found[fmt] = readable_text(out.getvalue(), fmt)
    return found


def test_an_override_reads_the_same_in_every_format(report, documents):
    task = next(task for task in report.tasks if task.override is not None)
    note = override_note(task, PALETTE)
    assert note == "人工调整为滞后（自动判定为序时推进），理由：驿站尚未运营"
    for fmt, text in documents.items():
        assert note in text, fmt
        for old in ("人工调整：", "原判定为", "自动判断", "复核认定", "（复核）"):
            assert old not in text, (fmt, old)


def test_override_wording_is_written_in_one_place():
    """No renderer or template spells an override out: they ask summary.display."""
    sources = [path for path in PACKAGE.rglob("*.py") if path.name != "display.py"]
    sources += [path for path in TEMPLATES.iterdir() if path.suffix in (".toml", ".html", ".js")]
    for path in sources:
        lines = path.read_text(encoding="utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))  # examples
        for phrase in ("复核认定", "人工调整为", "（复核）", "原判定为", "自动判断：", "自动判定为",
                       "人工调整：原"):
            assert phrase not in text, (path.name, phrase)


@pytest.fixture(scope="module")
def compared():
    from tests.conftest import SAMPLE_TXT, SAMPLES
    from yiwu_reports.summary import compare

    previous = api.assess(api.load(SAMPLES / "yiwu-2023-q2-progress.txt"))
    return compare(api.assess(api.load(SAMPLE_TXT)), previous)


@pytest.fixture(scope="module")
def compared_documents(compared):
    found = {}
    for fmt in ("docx", "xlsx", "pdf", "html"):
        out = io.BytesIO()
        api.render(compared, fmt, out, options=RenderOptions())
        found[fmt] = out.getvalue()
    return found


def test_a_gap_reads_the_same_in_every_format(compared, compared_documents):
    lagging = [task for task in compared.tasks if task.gap is not None]
    assert lagging and points_behind(24) == "落后24个百分点" and points_behind(5.3) == "落后5.3个百分点"
    texts = {fmt: readable_text(data, fmt) for fmt, data in compared_documents.items()}
    for fmt in ("xlsx", "pdf", "html"):
        for task in lagging:
            assert points_behind(task.gap) in texts[fmt], (fmt, task.id)
    for fmt, text in texts.items():
        # No other way to say it: a signed percentage, or points with a sign or a needless .0
        assert not re.search(r"[+\-−‑]\d+(\.\d+)?%", text), fmt
        assert not re.search(r"[+\-]\d+(\.\d+)?个百分点|\d\.0个百分点", text), fmt
    workbook = openpyxl.load_workbook(io.BytesIO(compared_documents["xlsx"]))
    sheet = workbook["滞后任务"]
    header = [cell.value for cell in sheet[1]]
    by_id = {task.id: task for task in lagging}
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if str(row[0]) in by_id]
    assert len(rows) >= len(by_id)
    for row in rows:
        assert row[header.index("差距")] == points_behind(by_id[str(row[0])].gap)
    assert not any("%" in str(cell.number_format) and "+" in str(cell.number_format)
                   for sheet in workbook for row in sheet.iter_rows() for cell in row)


def test_a_change_of_completion_rate_reads_the_same_in_every_format(compared, compared_documents):
    moved = [task for task in compared.tasks if task.change and task.change.status_moved
             and task.change.ratio_change]
    assert moved
    change = ratio_change_text(moved[0].change.ratio_change)
    assert re.fullmatch(r"完成率(提高|下降)\d+(\.\d)?个百分点", change)
    for fmt in ("xlsx", "pdf", "html"):
        assert change in readable_text(compared_documents[fmt], fmt), fmt
