"""The Excel workbook, opened with openpyxl as its users' software would read it: sheets, every
task in order, colours from the palette, number formats, the reviewers' drop-down, print setup,
charts, shortfalls with their gap, text that stays text, and the same bytes twice."""

from __future__ import annotations

import datetime

import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT
from tests.factories import hostile_report, mixed_report
from yiwu_reports import api
from yiwu_reports.core.model import Report
from yiwu_reports.core.palette import default_palette
from yiwu_reports.renderers import get_renderer
from yiwu_reports.renderers.common import FIXED_TIME, repeatable_zip
from yiwu_reports.renderers.json_out import report_json
from yiwu_reports.renderers.xlsx.cells import CUT_MARK, MAX_CELL_CHARS
from yiwu_reports.summary import display
from yiwu_reports.summary.counts import summarise

PALETTE = default_palette()
LABELS = [PALETTE.label(status) for status in PALETTE.styles]


def render_bytes(report: Report) -> bytes:
    out = io.BytesIO()
    api.render(report, "xlsx", out)
    return out.getvalue()


def open_book(data: bytes):
    return load_workbook(io.BytesIO(data))


def header_index(sheet, row: int = 1) -> dict[str, int]:
    """Column number (1-based) of each header label."""
    return {cell.value: cell.column for cell in sheet[row] if cell.value is not None}


def rgb(colour) -> str:
    """An openpyxl colour as RRGGBB (it reads back ARGB)."""
    return (colour.rgb or "")[-6:].upper()


@pytest.fixture(scope="module")
def mixed() -> Report:
    return mixed_report()


@pytest.fixture(scope="module")
def mixed_bytes(mixed) -> bytes:
    return render_bytes(mixed)


@pytest.fixture(scope="module")
def book(mixed_bytes):
    return open_book(mixed_bytes)


@pytest.fixture(scope="module")
def json_tasks(mixed) -> list[dict]:
    """The statuses as the JSON output states them: the workbook must agree with it."""
    return json.loads(report_json(mixed))["tasks"]


def test_registered_and_sheets_in_order(book):
    renderer = get_renderer("xlsx")
    assert (renderer.name, renderer.extension) == ("xlsx", ".xlsx")
    visible = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert visible == ["汇总", "全部任务", "滞后任务"]
    assert book.active.title == "汇总"
    # and, last, what the workbook was made for: very hidden and protected
    assert book.sheetnames == [*visible, "yiwu-reports"]
    metadata = book["yiwu-reports"]
    assert metadata.sheet_state == "veryHidden" and metadata.protection.sheet


def test_every_task_in_input_order_with_text_intact(book, mixed):
    sheet = book["全部任务"]
    columns = header_index(sheet)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(mixed.tasks) == 159
    for row, task in zip(rows, mixed.tasks):
        assert str(row[columns["序号"] - 1]) == task.id
        assert row[columns["任务名称"] - 1] == task.title
        assert row[columns["牵头单位"] - 1] == task.lead
        assert row[columns["进展情况"] - 1] == task.progress_text


def test_each_row_filled_in_the_colour_of_its_status_in_the_json(book, json_tasks):
    sheet = book["全部任务"]
    columns = header_index(sheet)
    width = len(columns)
    for row, task in zip(sheet.iter_rows(min_row=2, max_col=width), json_tasks):
        style = PALETTE[task["status"]]
        assert row[columns["状态"] - 1].value == style.label
        for cell in row:
            assert cell.fill.fill_type == "solid"
            assert rgb(cell.fill.fgColor) == style.fill.lstrip("#"), cell.coordinate
            assert rgb(cell.font.color) == style.text.lstrip("#"), cell.coordinate


def test_indicator_columns_are_numbers_with_percentage_formats(book, mixed):
    sheet = book["全部任务"]
    columns = header_index(sheet)
    seen_ratio = False
    for row, task in zip(sheet.iter_rows(min_row=2), mixed.tasks):
        main = display.main_indicator(task)
        ratio_cell, due_cell = row[columns["完成率"] - 1], row[columns["序时进度"] - 1]
        assert ratio_cell.number_format == due_cell.number_format == "0.0%"
        if main is not None and main.ratio is not None:
            seen_ratio = True
            assert ratio_cell.value == pytest.approx(main.ratio)
            assert due_cell.value == pytest.approx(mixed.period.elapsed)
        else:
            assert ratio_cell.value is None
        assert row[columns["目标"] - 1].value == (display.target_text(main) if main else None)
        for indicator in task.indicators:  # every indicator's evidence is shown
            assert indicator.evidence.target in row[columns["依据"] - 1].value
    assert seen_ratio
    ratio_letter = sheet.cell(1, columns["完成率"]).column_letter
    rules = [rule for ranges in sheet.conditional_formatting for rule in ranges.rules
             if str(ranges.sqref).startswith(ratio_letter)]
    assert any(rule.type == "dataBar" for rule in rules)


def test_override_shows_automatic_status_and_reason(book, mixed):
    sheet = book["全部任务"]
    columns = header_index(sheet)
    task = next(task for task in mixed.tasks if task.override)
    row = next(row for row in sheet.iter_rows(min_row=2, values_only=True)
               if str(row[0]) == task.id)
    assert row[columns["状态"] - 1] == PALETTE.label(task.status)
    assert row[columns["自动判定"] - 1] == PALETTE.label(task.auto_status)
    assert row[columns["人工调整"] - 1] == PALETTE.label(task.override.status)
    assert row[columns["调整理由"] - 1] == "驿站尚未运营"


def test_review_column_has_a_drop_down_of_the_palette_labels(book):
    sheet = book["全部任务"]
    letter = sheet.cell(1, header_index(sheet)["人工调整"]).column_letter
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1
    validation = validations[0]
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(LABELS) + '"'
    assert str(validation.sqref) == f"{letter}2:{letter}160"
    assert validation.showErrorMessage


def test_frozen_header_filter_and_print_setup(book):
    sheet = book["全部任务"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:P160"  # 16 columns: 预警 after 状态, 复核提示 after 依据
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    for cell in sheet[1]:
        assert sheet.column_dimensions[cell.column_letter].width >= 5
    heights = [sheet.row_dimensions[row].height for row in range(2, 161)]
    assert all(height and 15 <= height <= 409 for height in heights)
    assert book["滞后任务"].freeze_panes == "A2"
    assert book["滞后任务"].page_setup.orientation == "landscape"


def test_summary_counts_shares_and_leads_sorted_by_shortfalls(book, mixed):
    from yiwu_reports.summary.counts import summarise

    summary = summarise(mixed)
    sheet = book["汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == mixed.title
    by_label = {row[0]: row for row in rows if row[0] in LABELS}
    for status in PALETTE.styles:
        row = by_label[PALETTE.label(status)]
        assert row[1] == summary.counts[status]
        assert row[2] == pytest.approx(summary.share(status))
    header = next(index for index, row in enumerate(rows) if row[0] == "牵头单位")
    assert rows[header][1:] == ("任务数", *LABELS, "滞后占比")
    leads = [row for row in rows[header + 1:] if row[0]]
    assert [row[0] for row in leads] == [lead.lead for lead in summary.leads_by_shortfall()]
    lagging = [row[2 + 2] for row in leads]
    assert lagging == sorted(lagging, reverse=True)


def test_summary_has_native_bar_charts_coloured_from_the_palette(mixed_bytes, book):
    from xml.etree import ElementTree

    assert len(book["汇总"]._charts) == 2
    archive = zipfile.ZipFile(io.BytesIO(mixed_bytes))
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
          "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    status_chart = ElementTree.fromstring(archive.read("xl/charts/chart1.xml"))
    (series,) = status_chart.findall(".//c:barChart/c:ser", ns)
    assert series.find("c:cat//c:f", ns).text == "'汇总'!$A$6:$A$10"
    assert series.find("c:val//c:f", ns).text == "'汇总'!$B$6:$B$10"
    colours = [point.find(".//a:srgbClr", ns).get("val") for point in series.findall("c:dPt", ns)]
    assert colours == [PALETTE[status].strong.lstrip("#") for status in PALETTE.styles]
    lead_chart = ElementTree.fromstring(archive.read("xl/charts/chart2.xml"))
    assert lead_chart.find(".//c:barChart/c:grouping", ns).get("val") == "stacked"
    lead_series = lead_chart.findall(".//c:barChart/c:ser", ns)
    assert [s.find("c:spPr//a:srgbClr", ns).get("val") for s in lead_series] == \
        [PALETTE[status].strong.lstrip("#") for status in PALETTE.styles]
    assert not [name for name in archive.namelist() if name.startswith("xl/media/")]  # no pictures


def test_shortfalls_sheet_lists_every_lagging_task_by_lead_with_its_gap(book, mixed):
    sheet = book["滞后任务"]
    columns = header_index(sheet)
    lagging = {task.id: task for task in mixed.tasks if task.status == "lagging"}
    found: dict[str, str] = {}
    heading = None
    for row in sheet.iter_rows(min_row=2):
        first = row[0].value
        if isinstance(first, str) and "滞后" in first and row[1].value is None:
            heading = first
            continue
        task = lagging[str(first)]
        found[task.id] = heading
        assert heading.startswith(task.lead + "　")
        main = display.main_indicator(task)
        gap = row[columns["差距"] - 1].value
        note = row[columns["说明"] - 1].value
        assert gap == (display.points_behind(task.gap) if task.gap is not None else None)
        if main.kind == "cumulative" and main.ratio is not None:
            assert "完成率48.6%，序时进度75.0%" in note or task.override
        assert rgb(row[1].fill.fgColor) == PALETTE["lagging"].fill.lstrip("#")
    assert set(found) == set(lagging)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cells(book):
    """(sheet, cell) for every text cell of every sheet, hidden ones included."""
    return [(sheet.title, cell) for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if isinstance(cell.value, str)]


def assert_formula_like_text_is_marked(book) -> int:
    """Every text cell that a spreadsheet would read as a formula once edited or saved as CSV
    carries Excel's quote-prefix (the ' one types before =1+1); no other text cell does. Returns
    how many carry it."""
    marked = 0
    for title, cell in text_cells(book):
        formula_like = cell.value.startswith(FORMULA_START)
        assert cell.quotePrefix == formula_like, (title, cell.coordinate, cell.value[:30])
        marked += formula_like
    return marked


def test_input_text_never_becomes_a_formula():
    report = hostile_report()  # its first titles and leads are =HYPERLINK(…), +cmd…, -2+3, @SUM…
    crafted = ["=1+1", "=cmd|'/c calc'!A1", "+1", " =A1", "＝1+1"]
    tasks = list(report.tasks)
    for index, text in enumerate(crafted, start=3):
        tasks[index] = replace(tasks[index], title=text, lead=text)
    tasks[8] = replace(tasks[8], extra=(("备注", "=2*3"), ("人工调整", "=A1"), ("=列", "\t=1+1")))
    tasks[9] = replace(tasks[9], title="\t=1+1", lead="\r@SUM(A1)")
    data = render_bytes(report.with_tasks(tasks))
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet"):
            assert not re.search(rb"<f[ >]", archive.read(name)), name
    book = open_book(data)
    strings = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    strings[cell.value] = cell.data_type
    expected = ['=HYPERLINK("http://evil.example","点此")', "+cmd|' /C calc'!A0", "-2+3",
                "@SUM(A1:A2)", *crafted, "=2*3", "=A1", "=列", "\t=1+1"]
    for text in expected:
        assert strings.get(text) == "s", text
    # Marked as text the way Excel marks it, so they stay text when a reviewer edits the cell
    # or saves the sheet as CSV; the tab before =1+1 that kept it inert is kept.
    assert assert_formula_like_text_is_marked(book) >= len(expected)
    row = next(row for row in book["全部任务"].iter_rows(min_row=2)
               if str(row[0].value) == tasks[9].id)
    assert (row[1].value, row[1].quotePrefix) == ("\t=1+1", True)
    assert row[2].value.lstrip("\r\n") == "@SUM(A1)" and row[2].quotePrefix
    # An input column named like ours is renamed, so the review reader finds only ours.
    headers = [cell.value for cell in book["全部任务"][1]]
    assert headers.count("人工调整") == 1 and "人工调整（原表）" in headers


def test_text_beyond_the_cell_limit_is_cut_and_said_so():
    report = mixed_report()
    long_progress = "进" * 40_000
    astral = "\U00020000" * 20_000  # 𠀀: two UTF-16 units each, as Excel counts
    tasks = list(report.tasks)
    tasks[0] = replace(tasks[0], progress=(replace(tasks[0].progress[0], text=long_progress),),
                       title=astral)
    book = open_book(render_bytes(report.with_tasks(tasks)))
    row = next(book["全部任务"].iter_rows(min_row=2, max_row=2, values_only=True))
    for value in (row[1], row[3]):
        assert value.endswith(CUT_MARK)
        assert len(value.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS
    assert row[3] == "进" * (MAX_CELL_CHARS - len(CUT_MARK)) + CUT_MARK
    notes = [row[0] for row in book["汇总"].iter_rows(values_only=True)
             if isinstance(row[0], str) and row[0].startswith("注意")]
    assert notes and "2 个单元格" in notes[0]


def test_characters_a_worksheet_cannot_hold_are_removed_without_crashing():
    report = mixed_report()
    tasks = list(report.tasks)
    tasks[0] = replace(tasks[0], title="任务\x07名\x00称\ud800\ufffe", lead="财政\x1b局")
    book = open_book(render_bytes(report.with_tasks(tasks)))
    row = next(book["全部任务"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert (row[1], row[2]) == ("任务名称", "财政局")


def test_two_renders_are_byte_identical_with_fixed_dates(mixed, mixed_bytes, tmp_path):
    again = api.render(mixed, "xlsx", tmp_path / "again.xlsx")
    assert again.read_bytes() == mixed_bytes
    assert repeatable_zip(mixed_bytes) == mixed_bytes  # the package convention, in one pass
    archive = zipfile.ZipFile(io.BytesIO(mixed_bytes))
    assert {info.date_time for info in archive.infolist()} == {FIXED_TIME.timetuple()[:6]}
    book = open_book(mixed_bytes)
    # The office's, dated by the documents' date (undated: the period's last day), not the run's.
    assert book.properties.created == book.properties.modified == datetime.datetime(2023, 9, 30)
    assert book.properties.creator == "市政府督查室"


def test_written_atomically_and_leaves_no_temporary_files(mixed, tmp_path, monkeypatch):
    import tempfile

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"previous")
    before = set(__import__("os").listdir(tempfile.gettempdir()))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("yiwu_reports.renderers.xlsx.workbook.write_summary", broken)
    with pytest.raises(RuntimeError):
        api.render(mixed, "xlsx", target)
    assert target.read_bytes() == b"previous"
    assert [path.name for path in tmp_path.iterdir()] == ["report.xlsx"]
    after = set(__import__("os").listdir(tempfile.gettempdir()))
    assert not {name for name in after - before if name.startswith("openpyxl.")}


def test_any_assessed_report_renders(sample_report):
    """Reports as the current assessment gives them (no indicators), and an empty one."""
    data = render_bytes(api.assess(sample_report))
    sheet = open_book(data)["全部任务"]
    assert sheet.max_row == len(sample_report.tasks) + 1
    empty = sample_report.with_tasks([], assessed=True)
    book = open_book(render_bytes(empty))
    assert book["全部任务"].max_row == 1
    assert book["滞后任务"]["A2"].value == "本期无滞后任务。"


def test_importing_the_package_does_not_import_openpyxl():
    code = ("import sys, yiwu_reports, yiwu_reports.api, yiwu_reports.readers.review; "
            "from yiwu_reports.renderers import get_renderer; "
            "print('openpyxl' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert done.stdout.strip() == "False"


def test_labels_an_inline_list_cannot_hold_are_listed_from_the_summary_table(mixed, tmp_path):
    from yiwu_reports.readers.review import read_review_overrides
    from yiwu_reports.renderers import RenderOptions

    palette = PALETTE.with_changes({"lagging": {"label": "滞后,需督办"}})
    path = api.render(mixed, "xlsx", tmp_path / "report.xlsx",
                      options=RenderOptions(palette=palette))
    book = load_workbook(path)
    validation = book["全部任务"].data_validations.dataValidation[0]
    assert validation.formula1 == "'汇总'!$A$6:$A$10"
    assert [row[0].value for row in book["汇总"]["A6:A10"]] == \
        [palette.label(status) for status in palette.styles]
    assert read_review_overrides(path, palette)["7"].status == "lagging"


def _lead_chart_xml(data: bytes):
    """The lead-unit chart's XML and its drawing anchor's height in EMU."""
    from xml.etree import ElementTree

    archive = zipfile.ZipFile(io.BytesIO(data))
    chart = ElementTree.fromstring(archive.read("xl/charts/chart2.xml"))
    drawing = ElementTree.fromstring(archive.read("xl/drawings/drawing1.xml"))
    ns = {"xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}
    heights = [int(ext.get("cy")) for ext in drawing.iterfind(".//xdr:ext", ns)]
    return chart, max(heights)


@pytest.mark.parametrize("size", [12, 159])
def test_lead_chart_names_every_lead_unit_as_text(size):
    """Every lead unit on the axis (no label skipped), the names referenced as text (strRef
    with the names cached), and a chart that grows with the number of units."""
    report = mixed_report()
    report = report.with_tasks(report.tasks[:size])
    data = render_bytes(report)
    chart, height = _lead_chart_xml(data)
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    leads = [display.lead_name(lead.lead) for lead in summarise(report).leads_by_shortfall()]
    assert chart.find(".//c:catAx/c:tickLblSkip", ns).get("val") == "1"
    for series in chart.findall(".//c:barChart/c:ser", ns):
        assert series.find("c:cat/c:numRef", ns) is None
        reference = series.find("c:cat/c:strRef", ns)
        cached = [point.find("c:v", ns).text for point in reference.findall("c:strCache/c:pt", ns)]
        assert cached == leads
        # The reference names the cells holding exactly those names, read back with openpyxl.
        cells = reference.find("c:f", ns).text
        first, last = re.fullmatch(r"'汇总'!\$A\$(\d+):\$A\$(\d+)", cells).groups()
        sheet = open_book(data)["汇总"]
        assert [sheet.cell(row, 1).value for row in range(int(first), int(last) + 1)] == leads
    status_series = _status_categories(data)
    assert status_series == LABELS
    if size == 159:
        assert len(leads) > 15  # more than the old chart's fifteen: all of them
        _chart, small_height = _lead_chart_xml(render_bytes(report.with_tasks(report.tasks[:12])))
        assert height > small_height * 2


def _status_categories(data: bytes) -> list[str]:
    from xml.etree import ElementTree

    chart = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/charts/chart1.xml"))
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    reference = chart.find(".//c:ser/c:cat/c:strRef", ns)
    return [point.find("c:v", ns).text for point in reference.findall("c:strCache/c:pt", ns)]


def test_judgements_to_review_are_listed_for_the_reviewer(sample_report):
    """Every task whose judgement is marked `review` says 需复核 and why in 复核提示, beside the
    人工调整 column; every other task's cell is empty; the summary sheet counts them and says
    where to look. The sample has such tasks (several candidate figures, units that differ)."""
    sample_report = api.assess(sample_report)
    reviewed = [task for task in sample_report.tasks if task.confidence == "review"]
    assert len(reviewed) >= 5
    workbook = open_book(render_bytes(sample_report))
    sheet = workbook["全部任务"]
    columns = header_index(sheet)
    assert columns["复核提示"] + 1 == columns["人工调整"]
    shown = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        shown[str(row[columns["序号"] - 1])] = row[columns["复核提示"] - 1] or ""
    for task in sample_report.tasks:
        if task.confidence == "review":
            lines = shown[task.id].split("\n")
            assert lines[0] == "需复核：", task.id
            assert "".join(lines[1:]) == task.confidence_reason.replace("；", ""), task.id
        else:
            assert shown[task.id] == "", task.id
    notes = [cell.value for row in workbook["汇总"].iter_rows() for cell in row
             if isinstance(cell.value, str) and "待复核" in cell.value]
    assert len(notes) == 1 and f"{len(reviewed)} 项任务的判定待复核" in notes[0]
    assert "复核提示" in notes[0]


def test_every_workbook_marks_the_formula_like_text_of_a_hostile_table(run_cli, tmp_path):
    """The corpus's formula-injection table, and a tab kept before =1+1, through the command:
    the workbook and every unit's 补报 workbook mark every formula-like text cell."""
    from tests.conftest import DATA

    source = tmp_path / "tabs.csv"
    source.write_text((DATA / "bad" / "formula-injection.csv").read_text(encoding="utf-8")
                      + '4,"\t=1+1","\r+2",@x\n', encoding="utf-8")
    result = run_cli(str(source), "-f", "xlsx", "-f", "unit-xlsx", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    main = tmp_path / "out" / "tabs-2023Q3.xlsx"
    units = sorted((tmp_path / "out" / "tabs-2023Q3-units").glob("*.xlsx"))
    assert len(units) == 5  # one for each lead unit
    marked = sum(assert_formula_like_text_is_marked(load_workbook(path)) for path in [main, *units])
    assert marked >= 20
    row = next(row for row in load_workbook(main)["全部任务"].iter_rows(values_only=True)
               if str(row[0]) == "4")
    assert row[1] == "\t=1+1"
