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
from yiwu_reports.summary import override_note

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
    assert note == "复核认定为滞后（自动判定为序时推进），理由：驿站尚未运营"
    for fmt, text in documents.items():
        assert note in text, fmt
        for old in ("人工调整：", "原判定为", "自动判断", "复核认定：", "（复核）"):
            assert old not in text, (fmt, old)


def test_override_wording_is_written_in_one_place():
    """No renderer or template spells an override out: they ask summary.display."""
    sources = [path for path in PACKAGE.rglob("*.py") if path.name != "display.py"]
    sources += [path for path in TEMPLATES.iterdir() if path.suffix in (".toml", ".html", ".js")]
    for path in sources:
        lines = path.read_text(encoding="utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))  # examples
        for phrase in ("复核认定为", "复核认定：", "（复核）", "原判定为", "自动判断：", "自动判定为",
                       "人工调整：原"):
            assert phrase not in text, (path.name, phrase)
