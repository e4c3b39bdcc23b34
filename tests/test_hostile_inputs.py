"""Nothing lost, nothing misapplied: inputs built to break the readers are read whole, or
refused in one line naming the file (and the row, where there is one), never an internal error,
never a silent loss. The files are built here; the bombs that need hundreds of MiB inflated are
measured in a child process (peak memory under 1 GB) and marked slow."""

from __future__ import annotations

import io
import json
import math
import os
import threading
import zipfile
from pathlib import Path

import pytest

from tests import hostile_files as hostile
from yiwu_reports import api
from yiwu_reports.core.errors import InputError
from yiwu_reports.readers import limits

GIB = 1 << 30


def _csv(rows: list[str]) -> bytes:
    return ("2023年三季度重点任务进展情况\n序号,任务名称,牵头单位,进展情况\n" + "\n".join(rows)
            + "\n").encode("utf-8")


def _fifty(change: dict[int, str] | None = None) -> list[str]:
    rows = []
    for n in range(1, 51):
        title = (change or {}).get(n, f"任务{n}完成投资{n}亿元")
        rows.append(f"{n},{title},单位{n % 7},已完成投资{n}亿元")
    return rows


def _one_line_error(run_cli, path: Path, tmp_path: Path, *options: str) -> str:
    result = run_cli(str(path), "-f", "json", "-o", str(tmp_path / "out"), *options)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.stderr
    assert "internal error" not in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    return lines[0]


# A stray quote -----------------------------------------------------------------------------

def test_a_quote_never_closed_is_refused_naming_its_row(run_cli, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_bytes(_csv(_fifty({5: '"任务5完成投资5亿元'})))
    line = _one_line_error(run_cli, path, tmp_path)
    assert "quote.csv, row 7: a cell opens a quote" in line and "lines 7-52" in line


def test_text_after_a_closing_quote_is_refused_naming_its_row(tmp_path):
    path = tmp_path / "after.csv"
    path.write_bytes(_csv(_fifty({5: '"十四五"规划编制'})))
    with pytest.raises(InputError, match=r"after\.csv, row 7: text follows the closing quote"):
        api.load(path)


def test_rows_swallowed_between_two_stray_quotes_are_refused(tmp_path):
    path = tmp_path / "two.csv"
    path.write_bytes(_csv(_fifty({5: '"任务5完成投资5亿元', 9: '任务9完成投资9亿元"'})))
    with pytest.raises(InputError, match=r"two\.csv, row 7: a quoted cell runs over 5 lines and "
                                         r"holds a line that is a row of the table \(“6,任务6"):
        api.load(path)


def test_a_cell_of_several_lines_is_still_one_cell(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_bytes(_csv(_fifty({5: '"任务5\n完成投资5亿元，1,234万元,2,345万元,3,456万元"'})))
    report = api.load(path)
    assert len(report.tasks) == 50
    assert report.tasks[4].title == "任务5 完成投资5亿元，1,234万元,2,345万元,3,456万元"
    # a line with a row's count of commas but no id: read, and said
    assert any("lines with as many delimiters as a row: row 7" in w for w in report.warnings)


def test_a_stray_quote_in_a_huge_cell_is_refused_too(tmp_path):
    """Past the csv module's field limit our own reader takes over: as strict."""
    path = tmp_path / "big.csv"
    path.write_bytes(_csv(_fifty({5: '"任务5' + "很长" * 100_000})))
    with pytest.raises(InputError, match=r"big\.csv, row 7: a cell opens a quote"):
        api.load(path)


# Encodings ---------------------------------------------------------------------------------

def test_utf8_rows_after_gb18030_rows_keep_their_characters(tmp_path):
    head = "2023年三季度\n序号,任务名称,牵头单位,进展情况\n1,任务一,发改局,完成投资10亿元\n"
    path = tmp_path / "mixed.csv"
    # 「完成投资10亿元」 in UTF-8 is valid GB18030 too: 瀹屾垚鎶曡祫10浜垮厓
    path.write_bytes(head.encode("gb18030") + "2,完成投资10亿元,完成,完成\n".encode("utf-8"))
    report = api.load(path)
    assert [task.title for task in report.tasks] == ["任务一", "完成投资10亿元"]
    assert report.tasks[1].lead == "完成"
    assert any("mixes two encodings: 1 line(s) in UTF-8 (line 4), the others in GB18030" in w
               for w in report.warnings)


def test_a_gb18030_file_reads_without_a_warning(tmp_path):
    path = tmp_path / "gb.csv"
    path.write_bytes("2023年三季度\n序号,任务名称,牵头单位,进展情况\n1,任务一,发改局,完成\n"
                     .encode("gb18030"))
    report = api.load(path)
    assert report.tasks[0].title == "任务一" and report.warnings == ()


# Files that are not files ------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused(run_cli, tmp_path):
    line = _one_line_error(run_cli, Path("/dev/zero"), tmp_path)
    assert "/dev/zero: refused: not a regular file but a device" in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_without_a_writer_is_refused_at_once(run_cli, tmp_path):
    fifo = tmp_path / "table.csv"
    os.mkfifo(fifo)
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(
        _one_line_error(run_cli, fifo, tmp_path)), daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO with no writer hangs")
    assert "table.csv: refused: not a regular file but a FIFO" in outcome[0]


def test_a_file_larger_than_the_bound_is_refused_before_reading(monkeypatch, tmp_path):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match=r"big\.txt: refused: larger than"):
        api.load(path)


def test_an_endless_stream_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 4096)

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    with pytest.raises(InputError, match=r"zero\.csv: refused: larger than"):
        api.load(Endless(), name="zero.csv")


# Bounds on what is read ---------------------------------------------------------------------

def test_rows_past_the_bound_are_refused_naming_the_row(monkeypatch, tmp_path):
    monkeypatch.setattr(limits, "MAX_ROWS", 40)
    path = tmp_path / "many.csv"
    path.write_bytes(_csv(_fifty()))
    with pytest.raises(InputError, match=r"many\.csv, row 41: refused: the file holds more than "
                                         r"40 rows"):
        api.load(path)


def test_characters_past_the_bound_are_refused(monkeypatch, tmp_path):
    monkeypatch.setattr(limits, "MAX_CHARACTERS", 1000)
    path = tmp_path / "long.txt"
    path.write_text("## 2023年三季度\n序号\t任务名称\t牵头单位\t进展情况\n1\t任务\t发改局\t"
                    + "进展" * 600 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"long\.txt, row 3: refused: the file holds more than "
                                         r"1,000 characters"):
        api.load(path)


# Numbers beyond the range of figures --------------------------------------------------------

def _strict_json(path: Path) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{path.name} holds {constant}")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def _numbers(value: object) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return []


HUGE = "9" * 400


@pytest.mark.parametrize("figure", [HUGE, f"0.{'0' * 399}1", "一" + "亿" * 60, "9" * 5000],
                         ids=["400 digits", "400 decimals", "一亿亿亿…", "5000 digits"])
def test_a_huge_figure_is_text_and_every_output_is_written(run_cli, tmp_path, figure):
    source = tmp_path / "huge.txt"
    source.write_text(f"## 2023年三季度\n序号\t任务名称\t牵头单位\t进展情况\n"
                      f"1\t完成投资{figure}亿元\t发改局\t完成投资{figure}亿元，{figure}月底前完成\n"
                      f"2\t完成投资10亿元\t经信局\t完成投资8亿元，完成率{figure}%\n", encoding="utf-8")
    result = run_cli(str(source), "-o", str(tmp_path / "out"), "--check")
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr and "check passed" in result.stderr
    written = [Path(line) for line in result.stdout.split()]
    assert sorted(p.suffix for p in written) == [".docx", ".html", ".json", ".pdf", ".xlsx"]
    data = _strict_json(next(p for p in written if p.suffix == ".json"))
    assert all(math.isfinite(n) for n in _numbers(data))
    first, second = data["tasks"]
    assert figure in first["title"]  # kept as written, not judged as a figure
    assert first["indicators"] == [] or all(i["target"]["value"] < 1e15
                                            for i in first["indicators"])
    assert second["indicators"][0]["target"]["value"] == 10
    from openpyxl import load_workbook
    workbook = load_workbook(next(p for p in written if p.suffix == ".xlsx"), read_only=True)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
             for cell in row if isinstance(cell, float)]
    assert all(math.isfinite(cell) for cell in cells)
    if figure[0].isdigit() and len(figure) > 16:
        assert "huge.txt: numbers beyond the range of figures" in result.stderr
        assert "row 3 (" in result.stderr


def test_figures_up_to_fifteen_digits_are_still_judged():
    from yiwu_reports.assessment.figure_range import oversized_numbers

    assert oversized_numbers("完成投资999,999,999,999,999元，第1,2,3,4,5,6,7,8,9,10,11,12项") == []
    assert oversized_numbers("完成9999999999999999元") == [(2, 18)]
    assert oversized_numbers("０.１２３４５６７８９０１２３４５６７") == [(0, 19)]


def test_check_names_the_formats_not_written(run_cli, tmp_path, monkeypatch):
    from yiwu_reports.run import runner

    real = runner.write_output

    def failing(report, summary, fmt, target, settings):
        if fmt in ("docx", "pdf"):
            raise OverflowError("cannot convert float infinity to integer")
        return real(report, summary, fmt, target, settings)

    monkeypatch.setattr(runner, "write_output", failing)
    source = tmp_path / "t.txt"
    source.write_text("## 2023年三季度\n序号\t任务名称\t牵头单位\t进展情况\n1\t完成投资10亿元\t发改局\t"
                      "完成投资8亿元\n", encoding="utf-8")
    result = run_cli(str(source), "-o", str(tmp_path / "out"), "--check")
    assert result.exit_code == 1
    assert "check passed" not in result.stderr
    assert "check failed: 2 output(s) not written (docx, pdf), so not checked; the outputs " \
           "written hold every task" in result.stderr


# JSON: deep, huge, not numbers --------------------------------------------------------------

@pytest.mark.parametrize("data, message", [
    (hostile.deep_json(100_000), "refused: the JSON nests arrays or objects too deeply"),
    (hostile.json_with_number("1" * 5000), "refused: the JSON holds an integer of 5,000 digits"),
    (hostile.json_with_number("1e400"), "refused: the JSON holds a number beyond the range of "
                                        "numbers (1e400)"),
    (hostile.json_with_number("NaN"), "refused: the JSON holds NaN, which is not a JSON number"),
    (hostile.json_with_number("-Infinity", "row"), "refused: the JSON holds -Infinity"),
    (hostile.json_with_number("1e300"), "the period's year is not a four-digit year: 1e+300"),
    (hostile.json_with_number("true"), "the period's year is not a four-digit year: True"),
    (hostile.json_with_number("2023.5"), "the period's year is not a four-digit year: 2023.5"),
])
@pytest.mark.writes_bad_json
def test_hostile_json_is_one_line_naming_the_file(run_cli, tmp_path, data, message):
    path = tmp_path / "report.json"
    path.write_bytes(data)
    line = _one_line_error(run_cli, path, tmp_path)
    assert line.startswith("make-report: report.json") and message in line, line


@pytest.mark.writes_bad_json
def test_json_of_millions_of_values_is_refused_unparsed(monkeypatch, tmp_path):
    from yiwu_reports.readers import json_report

    monkeypatch.setattr(json_report, "MAX_JSON_VALUES", 1000)
    path = tmp_path / "lists.json"
    path.write_text('{"tasks": [' + ",".join(["[]"] * 2000) + "]}", encoding="utf-8")
    with pytest.raises(InputError, match=r"lists\.json: refused: the JSON holds more than 1,000 "
                                         r"values"):
        api.load(path)


@pytest.mark.writes_bad_json
def test_a_damaged_report_in_the_history_folder_is_an_error_naming_it(run_cli, tmp_path):
    from tests.conftest import SAMPLES

    history = tmp_path / "history"
    api.render(api.assess(api.load(SAMPLES / "yiwu-2023-q2-progress.txt")), "json",
               history / "q2.json")
    (history / "notes.json").write_text('{"not": "a report"}', encoding="utf-8")  # passed over
    whole = (history / "q2.json").read_bytes()
    (history / "q2.json").write_bytes(whole[:len(whole) // 2])  # cut short
    result = run_cli(str(SAMPLES / "yiwu-2023-q3-progress.txt"), "--history", str(history),
                     "-f", "xlsx", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "q2.json: not valid JSON" in lines[0], result.stderr
    (history / "q2.json").write_bytes(whole.replace(b'"year": 2023', b'"year": 1e999', 1))
    result = run_cli(str(SAMPLES / "yiwu-2023-q3-progress.txt"), "--history", str(history),
                     "-f", "xlsx", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1 and "q2.json: refused: the JSON holds a number beyond" \
        in result.stderr


# Workbooks: hidden sheets, openpyxl's private attribute, blank rows --------------------------

def _workbook(tmp_path: Path, name: str, build) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    build(workbook)
    path = tmp_path / name
    workbook.save(path)
    return path


def _fill(sheet, first: int, count: int) -> None:
    sheet.append(["2023年三季度重点任务进展情况"])
    sheet.append(["序号", "任务名称", "牵头单位", "进展情况"])
    for n in range(first, first + count):
        sheet.append([n, f"任务{n}完成投资{n}亿元", "发改局", f"完成投资{n}亿元"])


def test_a_hidden_sheet_holding_a_table_is_read_and_said(tmp_path):
    def build(workbook):
        _fill(workbook.active, 1, 3)
        hidden = workbook.create_sheet("续表")
        _fill(hidden, 4, 2)
        hidden.sheet_state = "hidden"
        lists = workbook.create_sheet("下拉选项")  # a hidden list for data validation: no table
        lists.append(["发改局"])
        lists.sheet_state = "veryHidden"

    report = api.load(_workbook(tmp_path, "hidden.xlsx", build))
    assert [task.id for task in report.tasks] == ["1", "2", "3", "4", "5"]
    said = [w for w in report.warnings if "hidden sheet" in w]
    assert said == ["hidden.xlsx: hidden sheet(s) hold a progress table, read with the others: "
                    "“续表” (2 task(s), rows 3-4); unhide them, or delete them if they should "
                    "not be read"]
    assert not any("下拉选项" in w for w in report.warnings)


def test_a_hidden_xls_sheet_holding_a_table_is_read_and_said(tmp_path):
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, first, hide in (("进展", 1, False), ("隐藏", 3, True)):
        sheet = workbook.add_sheet(name)
        rows = [["2023年三季度重点任务进展情况"], ["序号", "任务名称", "牵头单位", "进展情况"]]
        rows += [[n, f"任务{n}", "发改局", "完成"] for n in (first, first + 1)]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
        sheet.visibility = int(hide)
    path = tmp_path / "hidden.xls"
    workbook.save(str(path))
    report = api.load(path)
    assert [task.id for task in report.tasks] == ["1", "2", "3", "4"]
    assert any("“隐藏” (2 task(s), rows 3-4)" in w for w in report.warnings)


def test_a_renamed_openpyxl_private_attribute_is_said(tmp_path, monkeypatch):
    """If openpyxl renames ReadOnlyWorksheet._worksheet_path, merged cells can no longer be read
    from the sheet's part: the reading says so instead of skipping them without a word."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    def build(workbook):
        sheet = workbook.active
        _fill(sheet, 1, 2)
        sheet.merge_cells("C3:C4")

    path = _workbook(tmp_path, "merged.xlsx", build)
    assert not any("_worksheet_path" in w for w in api.load(path).warnings)
    init = ReadOnlyWorksheet.__init__

    def renamed(self, parent, title, worksheet_path, shared_strings):
        self._sheet_part = worksheet_path  # what a new openpyxl might call it
        init(self, parent, title, worksheet_path, shared_strings)
        del self._worksheet_path

    monkeypatch.setattr(ReadOnlyWorksheet, "__init__", renamed)
    monkeypatch.setattr(ReadOnlyWorksheet, "_get_source",
                        lambda self: self.parent._archive.open(self._sheet_part))
    report = api.load(path)
    assert [task.id for task in report.tasks] == ["1", "2"]
    assert report.warnings[0].startswith("merged.xlsx: openpyxl ")
    assert "has no ReadOnlyWorksheet._worksheet_path" in report.warnings[0]
    assert "merged cells were not filled in" in report.warnings[0]


def test_blank_rows_down_to_the_last_row_are_passed_over(tmp_path):
    def build(workbook):
        sheet = workbook.active
        _fill(sheet, 1, 2)
        sheet.cell(row=1_048_576, column=1, value="注：最后一行")
        sheet.cell(row=200_000, column=2, value='=CONCAT("任务","丙")')

    report = api.load(_workbook(tmp_path, "long.xlsx", build))
    # The row of a formula alone (no saved value, so blank to openpyxl) is back in its place:
    # read as more of the task above, and said.
    assert [task.id for task in report.tasks] == ["1", "2"]
    assert report.tasks[1].title.endswith('=CONCAT("任务","丙")')
    assert any("rows 200000" in warning for warning in report.warnings)


# Word documents and web pages ---------------------------------------------------------------

def test_a_word_table_is_streamed_and_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 1000)
    path = hostile.docx_with_many_cells(tmp_path / "cells.docx", size=2000 * 20)
    with pytest.raises(InputError, match=r"cells\.docx, row 2: refused: the file holds more than "
                                         r"1,000 cells"):
        api.load(path)


def test_a_word_cell_spanning_a_billion_columns_is_cut_to_the_grid(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("2023年三季度重点任务进展情况")
    table = document.add_table(rows=2, cols=4)
    for row, values in zip(table.rows, (hostile.HEADER, ("1", "任务甲", "发改局", "完成"))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    properties = table.rows[1].cells[3]._tc.get_or_add_tcPr()
    from docx.oxml import parse_xml
    properties.append(parse_xml('<w:gridSpan xmlns:w="http://schemas.openxmlformats.org/'
                                'wordprocessingml/2006/main" w:val="1000000000"/>'))
    path = tmp_path / "span.docx"
    document.save(path)
    report = api.load(path)
    assert [task.title for task in report.tasks] == ["任务甲"]


def test_deeply_nested_html_tables_are_refused_as_such(run_cli, tmp_path):
    path = tmp_path / "nested.html"
    path.write_bytes(hostile.nested_html(100_000))
    line = _one_line_error(run_cli, path, tmp_path)
    assert "nested.html: refused: the page is beyond what the HTML parser reads" in line
    assert "Excessive depth" in line and "empty" not in line


def test_a_page_of_millions_of_tags_is_refused_unparsed(tmp_path, monkeypatch):
    from yiwu_reports.readers import html_tables

    monkeypatch.setattr(html_tables, "MAX_TAGS", 1000)
    path = tmp_path / "cells.html"
    path.write_bytes(b"<html><body><table>" + b"<tr><td></td></tr>" * 500 + b"</table></body>"
                     b"</html>")
    with pytest.raises(InputError, match=r"cells\.html: refused: the page holds more than 1,000 "
                                         r"tags"):
        api.load(path)


def test_page_spans_count_against_the_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 5000)
    cell = '<td colspan="1000" rowspan="1000">x</td>'
    path = tmp_path / "spans.html"
    path.write_text(f"<html><body><h1>2023年三季度进展</h1><table><tr><th>序号</th><th>任务名称</th>"
                    f"<th>牵头单位</th><th>进展情况</th></tr><tr>{cell * 10}</tr>"
                    + "<tr><td>1</td></tr>" * 20 + "</table></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"spans\.html, row \d+: refused: the file holds more "
                                         r"than 5,000 cells"):
        api.load(path)


# Unit names ---------------------------------------------------------------------------------

def test_invisible_characters_do_not_make_another_unit_and_dots_get_a_notice(run_cli, tmp_path):
    leads = ["发改局", "发改局\u200b", "\u200d发改局", "发\u200e改局", "发改局\u202e", ".", ".."]
    rows = [f"{n}\t完成投资100亿元\t{lead}\t完成投资1亿元" for n, lead in enumerate(leads, start=1)]
    source = tmp_path / "units.txt"
    source.write_text("## 2023年三季度\n序号\t任务名称\t牵头单位\t进展情况\n" + "\n".join(rows) + "\n",
                      encoding="utf-8")
    result = run_cli(str(source), "-f", "notices", "-f", "json", "-o", str(tmp_path / "out"),
                     "--check")
    assert result.exit_code == 0, result.stderr
    assert "units.txt: removed invisible characters (zero-width spaces or joiners, direction " \
           "marks) from the lead unit of 4 row(s): rows 4, 5, 6, 7" in result.stderr
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert [task["lead"] for task in data["tasks"]] == ["发改局"] * 5 + [".", ".."]
    index = json.loads(next((tmp_path / "out").glob("*/index.json")).read_text(encoding="utf-8"))
    notices = {notice["unit"]: notice for notice in index["notices"]}
    assert list(notices) == ["发改局", ".", ".."]
    assert notices["发改局"]["lagging"] == ["1", "2", "3", "4", "5"]
    folder = next((tmp_path / "out").glob("*/index.json")).parent
    for notice in notices.values():
        name = notice["file"]
        assert (folder / name).is_file() and not name.startswith(".") and "/" not in name
    from docx import Document
    texts = ["\n".join(p.text for p in Document(folder / notices[unit]["file"]).paragraphs)
             for unit in (".", "..")]
    assert all("完成投资100亿元" in text for text in texts)


# The bombs, whole: measured in a child process -----------------------------------------------

BOMBS = {
    "docx: a 240 MiB part of empty paragraphs": (
        lambda path: hostile.docx_with_huge_part(path), "bomb.docx",
        "refused: part word/document.xml holds more than 8,000,000 XML tags"),
    "docx: 7,900,000 empty paragraphs (under the tag bound)": (
        lambda path: hostile.docx_with_huge_part(path, size=7_900_000 * 6), "paragraphs.docx",
        "refused: the document holds more than 150,000 paragraphs outside its tables"),
    "docx: a row of 1,975,000 cells": (
        lambda path: hostile.docx_with_many_cells(path, size=1_975_000 * 20), "cells.docx",
        "row 2: refused: the file holds more than 1,000,000 cells"),
    "xlsx: 250 MiB of one-letter shared strings": (
        lambda path: hostile.xlsx_with_tiny_shared_strings(path), "strings.xlsx",
        "refused: part xl/sharedStrings.xml holds more than 1,000,000 shared strings"),
    "xlsx: 1,975,000 one-letter shared strings (under the tag bound)": (
        lambda path: hostile.xlsx_with_tiny_shared_strings(path, size=1_975_000 * 17),
        "fewer-strings.xlsx", "refused: part xl/sharedStrings.xml holds more than 1,000,000 "
                              "shared strings"),
    "xlsx: 200 MiB of rows": (
        lambda path: hostile.xlsx_with_many_rows(path), "rows.xlsx",
        "refused: part xl/worksheets/sheet1.xml holds more than 8,000,000 XML tags"),
    "xlsx: 1,200,000 rows (under the tag bound)": (
        lambda path: hostile.xlsx_with_many_rows(path, size=1_200_000 * 33), "fewer-rows.xlsx",
        "refused: the file holds more than 150,000 rows"),
    "json: 100,000 nested arrays": (
        lambda path: path.write_bytes(hostile.deep_json()), "deep.json",
        "refused: the JSON nests arrays or objects too deeply"),
    "html: 100,000 nested tables": (
        lambda path: path.write_bytes(hostile.nested_html()), "nested.html",
        "refused: the page is beyond what the HTML parser reads"),
}


@pytest.mark.slow
@pytest.mark.writes_bad_json
@pytest.mark.parametrize("case", list(BOMBS))
def test_a_bomb_is_refused_in_one_line_under_a_gigabyte(tmp_path, case):
    build, name, message = BOMBS[case]
    path = tmp_path / name
    build(path)
    if path.suffix in (".docx", ".xlsx"):
        assert path.stat().st_size < 1 << 20  # a small file …
    peak, seconds, done = hostile.peak_memory(str(path), "-o", str(tmp_path / "out"))
    lines = [line for line in done.stderr.splitlines() if not line.startswith("PEAK ")]
    print(f"{case}: {path.stat().st_size:,} bytes, peak {peak / (1 << 20):.0f} MiB, "
          f"{seconds:.1f} s")
    assert done.returncode == 1 and len(lines) == 1, done.stderr
    assert f"make-report: {name}" in lines[0] and message in lines[0], lines[0]
    assert peak < GIB, f"{case}: {peak / (1 << 20):.0f} MiB"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_takes_no_memory(tmp_path):
    peak, _seconds, done = hostile.peak_memory("/dev/zero", "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and "not a regular file" in done.stderr
    assert peak < 256 << 20


@pytest.mark.slow
def test_a_sheet_16384_columns_wide_is_read_whole(tmp_path):
    path = hostile.xlsx_wide(tmp_path / "wide.xlsx")
    peak, seconds, done = hostile.peak_memory(str(path), "-o", str(tmp_path / "out"),
                                              "--check")
    print(f"16,384 columns, 5 tasks, every format and --check: {seconds:.1f} s, peak "
          f"{peak / (1 << 20):.0f} MiB")
    assert done.returncode == 0, done.stderr
    assert peak < GIB
    data = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert [task["id"] for task in data["tasks"]] == ["1", "2", "3", "4", "5"]
    assert list(data["tasks"][0]["extra"].values())[-1] == "远列3"  # column XFD, kept


# Damaged XML found by fuzzing ------------------------------------------------------------------

def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name
                            else source.read(info.filename))
    return buffer.getvalue()


def test_damaged_word_relationships_fall_back_to_the_usual_part(tmp_path):
    from tests import sample_variants

    path = tmp_path / "rels.docx"
    path.write_bytes(_replace_part(sample_variants.docx_document(), "_rels/.rels",
                                   b'<?xml version="1.0"?><Relationships a="'))
    assert len(api.load(path).tasks) == 159


def test_a_damaged_sheet_is_one_line(tmp_path):
    from tests import sample_variants

    data = sample_variants.multi_header_xlsx()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(_replace_part(data, "xl/worksheets/sheet1.xml",
                                   sheet[:len(sheet) // 2] + b"<<" + sheet[len(sheet) // 2:]))
    with pytest.raises(InputError, match=r"damaged\.xlsx: cannot read the Excel workbook "
                                         r"\(ParseError"):
        api.load(path)


def test_a_package_listing_a_million_parts_is_refused_before_it_is_listed(tmp_path):
    """Each part's directory record is a few dozen bytes: counted before zipfile makes an
    object of each."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        for number in range(20_000):
            archive.writestr(f"x/{number}", b"")
    path = tmp_path / "parts.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"parts\.xlsx: refused: the zip package has more than "
                                         r"10,000 parts"):
        api.load(path)


def test_a_streamed_word_table_continued_after_xubiao_is_one_table(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("2023年三季度重点任务进展情况")
    for first, caption in ((1, None), (3, "续表")):
        if caption:
            document.add_paragraph(caption)
        table = document.add_table(rows=3, cols=4)
        rows = [hostile.HEADER] + [(str(n), f"任务{n}", "发改局", "完成") for n in (first, first + 1)]
        for row, values in zip(table.rows, rows):
            for cell, value in zip(row.cells, values):
                cell.text = value
    path = tmp_path / "continued.docx"
    document.save(path)
    report = api.load(path)
    assert [task.id for task in report.tasks] == ["1", "2", "3", "4"]
    assert [task.source.row for task in report.tasks] == [2, 3, 5, 6]
