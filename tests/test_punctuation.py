"""Quotation marks in generated text (GB/T 15834): “” outside, ‘’ nested, never 「」 of our own.

Every format is written for the sample with the things that bring quoted text along (evidence,
a reviewer's override, the office's own verdict, the comparison with last quarter) and read back
with an independent reader: the raw XML of the docx and xlsx packages, pypdf for the PDF.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest
from pypdf import PdfReader

from tests.conftest import SAMPLE_TXT, SAMPLES
from yiwu_reports import api
from yiwu_reports.core.model import Verdict
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.text.quotes import nest, quote

PREVIOUS = SAMPLES / "yiwu-2023-q2-progress.txt"


def test_quote_nests_one_level_down() -> None:
    assert quote("推进“万亩千亿”平台") == "“推进‘万亩千亿’平台”"
    assert quote("甲‘乙’丙") == "“甲“乙”丙”"  # a third level is double again
    assert nest("「原文」") == "「原文」"  # the input's own marks are kept as written
    assert quote("") == "“”"


@pytest.fixture(scope="module")
def report():
    report = api.assess(api.load(SAMPLE_TXT), overrides={"13": "滞后"})
    # The office's own verdict contradicting ours: its words are quoted in every document.
    tasks = list(report.tasks)
    lagging = next(i for i, t in enumerate(tasks) if t.status == "lagging")
    tasks[lagging] = replace(tasks[lagging], verdict=Verdict("是否达“序时”", "是", "on_track"))
    return report.with_tasks(tasks)


def _texts(data: bytes, fmt: str) -> str:
    if fmt in ("docx", "xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "\n".join(package.read(name).decode("utf-8", "replace")
                             for name in package.namelist())
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(data))
        return "\n".join([page.extract_text() for page in reader.pages]
                         + [str(value) for value in (reader.metadata or {}).values()])
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf", "html", "json"])
def test_no_corner_brackets_in_any_format(report, fmt: str) -> None:
    from yiwu_reports.summary.compare import compare

    previous = api.assess(api.load(PREVIOUS))
    compared = compare(report, previous)
    out = io.BytesIO()
    api.render(compared, fmt, out, options=RenderOptions())
    text = _texts(out.getvalue(), fmt)
    assert "「" not in text and "」" not in text
    if fmt == "docx":
        # Evidence that quotes a task with quotation marks of its own nests them.
        assert "“新增‘未来工厂’1家以上、智能工厂20家以上”" in text
        assert "“人工调整”" in text


def test_corner_brackets_of_the_input_are_kept() -> None:
    report = api.assess(api.load(SAMPLE_TXT))
    first = report.tasks[0]
    tasks = [replace(first, title="「原文」" + first.title), *report.tasks[1:]]
    out = io.BytesIO()
    api.render(report.with_tasks(tasks), "json", out)
    assert json.loads(out.getvalue())["tasks"][0]["title"].startswith("「原文」")
