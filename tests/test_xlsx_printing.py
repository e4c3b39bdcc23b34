"""The workbook on paper: print settings read back with openpyxl, and, where LibreOffice is
installed, the pages it prints.

全部任务 prints legibly: landscape A4, text wrapped, the header row on every page, fitted to the
width at 75% or more (238 column units printed at 63%). The lead-unit chart and its legend fit on
one page. A group heading of 滞后任务 never ends a page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from tests.conftest import SAMPLE_TXT, SAMPLES
from yiwu_reports import api
from yiwu_reports.core.model import Report
from yiwu_reports.summary import compare

A4_LANDSCAPE_CM = 29.7
A4_PORTRAIT_CM = 29.7
EMU_PER_CM = 360000


def render(report: Report) -> bytes:
    out = io.BytesIO()
    api.render(report, "xlsx", out)
    return out.getvalue()


@pytest.fixture(scope="module")
def compared() -> Report:
    previous = api.assess(api.load(SAMPLES / "yiwu-2023-q2-progress.txt"))
    return compare(api.assess(api.load(SAMPLE_TXT)), previous)


@pytest.fixture(scope="module")
def data(compared) -> bytes:
    return render(compared)


@pytest.fixture(scope="module")
def book(data):
    return load_workbook(io.BytesIO(data))


def fitted_scale(sheet, pixels_per_unit: float, padding_px: float = 0.0) -> float:
    """The scale a sheet fitted to one page wide prints at: the page's printable width over the
    columns' (Excel counts 7 px a width unit for its default font; LibreOffice a little more)."""
    from openpyxl.utils import get_column_letter

    used = range(1, sheet.max_column + 1)
    widths = [sheet.column_dimensions[get_column_letter(i)].width for i in used]
    content_cm = sum(w * pixels_per_unit + padding_px for w in widths) / 96 * 2.54
    margins_cm = (sheet.page_margins.left + sheet.page_margins.right) * 2.54
    page_cm = A4_LANDSCAPE_CM if sheet.page_setup.orientation == "landscape" else 21.0
    return min(1.0, (page_cm - margins_cm) / content_cm)


def test_all_tasks_prints_legibly(book):
    sheet = book["全部任务"]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == "9"
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"  # the header on every page
    assert fitted_scale(sheet, 7) >= 0.80  # Excel
    assert fitted_scale(sheet, 7.24, 5) >= 0.75  # LibreOffice (Carlito for Calibri)
    texts = [cell for row in sheet.iter_rows(min_row=2) for cell in row
             if isinstance(cell.value, str) and len(cell.value) > 10]
    assert texts and all(cell.alignment.wrap_text for cell in texts)


def test_lead_chart_and_its_legend_fit_on_one_page(data, book, compared):
    archive = zipfile.ZipFile(io.BytesIO(data))
    ns = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
          "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    drawing = ElementTree.fromstring(archive.read("xl/drawings/drawing1.xml"))
    anchors = drawing.findall("xdr:oneCellAnchor", ns)
    heights = [int(anchor.find("xdr:ext", ns).get("cy")) / EMU_PER_CM for anchor in anchors]
    sheet = book["汇总"]
    printable = A4_PORTRAIT_CM - (sheet.page_margins.top + sheet.page_margins.bottom) * 2.54
    lead_height = max(heights)
    assert lead_height <= printable - 1.0  # with its section heading above it
    chart = ElementTree.fromstring(archive.read("xl/charts/chart2.xml"))
    assert chart.find(".//c:legend/c:legendPos", ns).get("val") == "b"  # inside the chart
    # The chart starts a page: a break before its section heading.
    heading = next(row[0].row for row in sheet.iter_rows() if row[0].value and
                   str(row[0].value).startswith("按牵头单位"))
    assert [brk.id for brk in sheet.row_breaks.brk] == [heading - 1]
    anchor_row = int(anchors[heights.index(lead_height)].find("xdr:from/xdr:row", ns).text) + 1
    assert anchor_row == heading + 1


def test_a_lead_chart_of_many_units_stays_on_a_page():
    from yiwu_reports.renderers.xlsx.summary import LEAD_CHART_UNITS

    report = api.assess(api.load(SAMPLE_TXT))
    tasks = [replace(task, lead=f"单位{index:03d}") for index, task in enumerate(report.tasks)]
    many = report.with_tasks(tasks)
    archive = zipfile.ZipFile(io.BytesIO(render(many)))
    ns = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
          "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
          "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    drawing = ElementTree.fromstring(archive.read("xl/drawings/drawing1.xml"))
    heights = [int(ext.get("cy")) / EMU_PER_CM for ext in drawing.iterfind(".//xdr:ext", ns)]
    assert max(heights) <= A4_PORTRAIT_CM - 2 * 2.54 - 1.0
    chart = ElementTree.fromstring(archive.read("xl/charts/chart2.xml"))
    names = chart.findall(".//c:ser[1]/c:cat/c:strRef/c:strCache/c:pt", ns)
    assert len(names) == LEAD_CHART_UNITS < len(tasks)
    title = "".join(t.text for t in chart.findall(".//c:title//a:t", ns))
    assert f"滞后最多的 {LEAD_CHART_UNITS} 个单位，共 {len(tasks)} 个" in title


def _headings(sheet) -> list[int]:
    return [row[0].row for row in sheet.iter_rows(min_row=2)
            if isinstance(row[0].value, str) and "　滞后 " in row[0].value]


def test_shortfall_pages_break_before_a_heading_not_after(book):
    sheet = book["滞后任务"]
    headings = _headings(sheet)
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    assert breaks  # the sample's 17 lagging tasks take more than a page
    assert not set(breaks) & set(headings)  # a break after a heading row would strand it
    assert sheet.page_margins.left <= 0.4 and sheet.print_title_rows == "$1:$1"


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_no_printed_page_ends_with_a_heading(data, tmp_path: Path):
    workbook = tmp_path / "book.xlsx"
    workbook.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(workbook)], capture_output=True, check=True, timeout=300)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "book.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = [page for page in text.split("\f") if "差距" in page and "说明" in page]
    assert pages
    for page in pages:
        lines = [line.strip() for line in page.splitlines()
                 if line.strip() and not re.match(r"第 \d+ 页", line.strip())]
        assert "　滞后 " not in lines[-1] and not re.search(r"滞后 \d+ 项，共", lines[-1]), lines[-1]
