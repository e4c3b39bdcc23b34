"""Every reader on the samples and on small crafted files."""

from __future__ import annotations

import codecs
import io

import pytest

from tests.conftest import DATA, SAMPLE_CSV, SAMPLE_TXT, SAMPLE_XLSX, source_tasks, strip_tags
from yiwu_reports import api
from yiwu_reports.core.errors import InputError

HEADER = "序号\t任务名称\t任务牵头单位\t三季度进展情况"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("sample", [SAMPLE_TXT, SAMPLE_CSV, SAMPLE_XLSX], ids=["txt", "csv", "xlsx"])
def test_samples_hold_all_159_tasks_intact(sample):
    report = api.load(sample)
    source = source_tasks()
    assert [task.id for task in report.tasks] == [str(i) for i in range(1, 160)]
    assert report.period.label == "2023Q3" and report.period.elapsed == 0.75
    assert report.title == "2023年义乌市政府工作报告重点任务三季度进展情况汇总表"
    for task in report.tasks:
        _, title, lead, progress = source[task.id]
        assert task.title == title
        assert task.lead == lead
        assert " ".join(task.progress_text.split()) == strip_tags(progress)
        assert "<" not in task.progress_text or "<li" not in task.progress_text
    assert report.tasks[0].source.file == sample.name


def test_text_table_rows_are_file_lines():
    report = api.load(SAMPLE_TXT)
    lines = SAMPLE_TXT.read_text(encoding="utf-8").splitlines()
    for task in report.tasks:
        assert lines[task.source.row - 1].startswith(f"{task.id}\t")


def test_text_table_html_becomes_items():
    task = api.load(SAMPLE_TXT).tasks[66]  # task 67 is an <ol> of eight items
    assert task.id == "67"
    assert task.progress[0].kind == "item"
    assert task.progress[0].text.startswith("1. 召开市委全面依法治市委员会会议")
    assert all("<" not in block.text for block in task.progress)


def test_columns_in_any_order_with_aliases(tmp_path):
    text = ("2023年重点工作三季度推进情况\n"
            "推进情况,牵头部门,编号,工作任务,备注\n"
            "完成投资10亿元,发改局,A-1,完成投资12亿元以上,重点\n")
    report = api.load(write(tmp_path, "t.csv", text))
    task = report.tasks[0]
    assert (task.id, task.title, task.lead, task.progress_text) == (
        "A-1", "完成投资12亿元以上", "发改局", "完成投资10亿元")
    assert task.extra == (("备注", "重点"),)


@pytest.mark.parametrize("title_alias, lead_alias, progress_alias", [
    ("内容与要求", "责任单位", "完成情况"), ("目标任务", "牵头单位", "推进情况"),
    ("工作任务", "任务牵头单位", "进展情况"), ("任务名称", "牵头部门", "三季度进展情况"),
])
def test_aliases(tmp_path, title_alias, lead_alias, progress_alias):
    text = f"2023年三季度\n序号,{title_alias},{lead_alias},{progress_alias}\n1,任务甲,单位乙,进展丙\n"
    task = api.load(write(tmp_path, "t.csv", text)).tasks[0]
    assert (task.title, task.lead, task.progress_text) == ("任务甲", "单位乙", "进展丙")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-8-sig", "utf-16"])
def test_csv_encodings_detected(tmp_path, encoding):
    text = "2023年三季度进展\r\n序号,任务名称,牵头单位,进展情况\r\n1,新增光伏装机4万千瓦,发改局,“累计达9万千瓦”。\r\n"
    task = api.load(write(tmp_path, "t.csv", text, encoding)).tasks[0]
    assert task.title == "新增光伏装机4万千瓦"
    assert task.progress_text == "“累计达9万千瓦”。"


def test_mixed_encodings_line_by_line(tmp_path):
    data = ("2023年三季度进展\n序号,任务名称,牵头单位,进展情况\n").encode("utf-8") \
        + "1,任务一,发改局,完成\n".encode("gb18030") + "2,任务二,经信局,完成\n".encode("utf-8")
    report = api.load(write(tmp_path, "t.csv", data))
    assert [t.title for t in report.tasks] == ["任务一", "任务二"]


def test_csv_quoted_multiline_cells_keep_start_row(tmp_path):
    text = ('2023年三季度进展\n序号,任务名称,牵头单位,进展情况\n'
            '1,任务一,发改局,"第一段\n第二段"\n2,任务二,经信局,完成\n')
    report = api.load(write(tmp_path, "t.csv", text))
    assert report.tasks[0].progress_text == "第一段\n第二段"
    assert [t.source.row for t in report.tasks] == [3, 5]


def test_a_table_without_a_progress_column_is_read_and_says_so(tmp_path):
    """Rows of tasks are never refused: with no column of progress the tasks have none, and the
    warning says so (their judgements are then 待核实 or 定性任务)."""
    path = write(tmp_path, "bad.csv", "2023年三季度\n序号,任务名称,牵头单位\n1,甲,乙\n")
    report = api.load(path)
    assert [task.title for task in report.tasks] == ["甲"]
    assert any("have no progress text" in warning for warning in report.warnings)


def test_row_without_task_text_names_row_and_column(tmp_path):
    path = write(tmp_path, "bad.csv", "2023年三季度\n序号,任务名称,牵头单位,进展情况\n1,,发改局,进展\n")
    with pytest.raises(InputError, match=r"bad.csv, row 3, column 任务名称"):
        api.load(path)


def test_no_period_is_a_clear_error_and_period_option_fixes_it(tmp_path):
    path = write(tmp_path, "t.csv", "重点任务表\n序号,任务名称,牵头单位,进展情况\n1,甲,乙,丙\n")
    with pytest.raises(InputError, match="--period"):
        api.load(path)
    assert api.load(path, period="2023H1").period.label == "2023H1"


def test_period_option_wins_over_title():
    assert api.load(SAMPLE_TXT, period="2023M1-11").period.label == "2023M1-11"


def test_notes_sections_and_repeated_headers(tmp_path):
    text = ("2023年三季度\n\n序号\t任务名称\t牵头单位\t进展情况\n"
            "一、扩大有效投资\t\t\t\n1\t甲\t发改局\t进展\n\n"
            "序号\t任务名称\t牵头单位\t进展情况\n"
            "二、助企纾困\t\t\t\n2\t乙\t经信局\t进展\n注：数据截至9月底。\t\t\t\n")
    report = api.load(write(tmp_path, "t.txt", text))
    assert [(t.id, t.extra_value("分组")) for t in report.tasks] == [
        ("1", "一、扩大有效投资"), ("2", "二、助企纾困")]
    # The header repeated on a printed page is skipped without a word (a header of another
    # table would be said), and the note is no task and no part of one (a row joined to the
    # task above would be said too).
    assert report.warnings == ()
    assert [(t.title, t.lead, t.progress_text) for t in report.tasks] == [
        ("甲", "发改局", "进展"), ("乙", "经信局", "进展")]


def test_extra_cells_beyond_the_header_are_kept(tmp_path):
    text = "2023年三季度\n" + HEADER + "\n1\t甲\t发改局\t进展\t多出来的\n2\t乙\t经信局\n"
    report = api.load(write(tmp_path, "t.txt", text))
    assert report.tasks[0].extra == (("列5", "多出来的"),)
    assert report.tasks[1].progress == ()


def test_duplicate_ids_are_kept_and_reported(tmp_path):
    text = "2023年三季度\n" + HEADER + "\n1\t甲\t发改局\t进展\n1\t乙\t经信局\t进展\n"
    report = api.load(write(tmp_path, "t.txt", text))
    assert len(report.tasks) == 2
    assert any("task id 1" in w for w in report.warnings)


def test_control_characters_removed_and_counted(tmp_path):
    text = "2023年三季度\n" + HEADER + "\n1\t甲\x01\x0b\t发改局\t进\x00展\n"
    report = api.load(write(tmp_path, "t.txt", text))
    assert report.tasks[0].title == "甲" and report.tasks[0].progress_text == "进展"
    assert any("removed 3 control" in w for w in report.warnings)


def test_binary_named_csv_is_an_error(tmp_path):
    path = write(tmp_path, "t.csv", bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        api.load(path)


def test_empty_file_is_an_error(tmp_path):
    with pytest.raises(InputError, match="empty"):
        api.load(write(tmp_path, "t.csv", ""))


def test_header_only_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no task rows"):
        api.load(write(tmp_path, "t.csv", "2023年三季度\n序号,任务名称,牵头单位,进展情况\n"))


def _workbook(rows, merges=(), percent_cells=()):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    for coordinate in percent_cells:
        sheet[coordinate].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_header_below_title_rows_merged_cells_and_notes(tmp_path):
    data = _workbook([
        ["2023年重点任务三季度推进情况", None, None, None], [None] * 4,
        ["序号", "任务名称", "牵头单位", "进展情况"],
        [1, "任务甲", "发改局", "进展一"],
        [None, None, "经信局", "进展二"],       # same task, a second lead unit (A4:A5, B4:B5 merged)
        [2.0, "任务乙", "商务局", "进展三"],
        [None] * 4,
        ["注：截至9月底。", None, None, None],
    ], merges=["A1:D1", "A4:A5", "B4:B5", "A8:D8"])
    report = api.load(write(tmp_path, "t.xlsx", data))
    assert report.title == "2023年重点任务三季度推进情况"
    assert [(t.id, t.title, t.lead, t.progress_text) for t in report.tasks] == [
        ("1", "任务甲", "发改局、经信局", "进展一\n进展二"), ("2", "任务乙", "商务局", "进展三")]
    assert report.tasks[1].source.row == 6


def test_xlsx_percent_cells_read_as_shown(tmp_path):
    data = _workbook([["2023年三季度"], ["编号", "任务项目指标", "责任单位", "进展比例"],
                      [1, "建设服务站30个", "政管办", 0.77]], percent_cells=["D3"])
    task = api.load(write(tmp_path, "t.xlsx", data)).tasks[0]
    assert task.extra == (("进展比例", "77%"),)
    assert task.progress_text == "进展比例：77%"


def test_xlsx_corrupt_or_truncated_is_an_error(tmp_path):
    data = SAMPLE_XLSX.read_bytes()
    with pytest.raises(InputError, match="t.xlsx"):
        api.load(write(tmp_path, "t.xlsx", data[: len(data) // 2]))
    with pytest.raises(InputError, match="not an Excel workbook"):
        api.load(write(tmp_path, "u.xlsx", b"hello"))


@pytest.mark.parametrize("name, count, first_id", [
    ("minsheng-style-2023-1-9.csv", 11, "1"), ("percent-only-2023q3.xlsx", 6, "1"),
    ("grouped-no-id-2023q3.tsv", 7, "1"),
])
def test_other_layouts(name, count, first_id):
    report = api.load(DATA / "layouts" / name)
    assert len(report.tasks) == count
    assert report.tasks[0].id == first_id
    assert report.period.label == "2023Q3"
    assert all(task.lead for task in report.tasks)


def test_stream_input_uses_given_name():
    with open(SAMPLE_CSV, "rb") as stream:
        report = api.load(stream, name="from-stream.csv")
    assert report.source_file == "from-stream.csv" and len(report.tasks) == 159


def test_json_round_trip_gives_an_equal_model(tmp_path):
    report = api.assess(api.load(SAMPLE_TXT))
    path = tmp_path / "r.json"
    api.render(report, "json", path)
    again = api.load(path)
    assert again == report
    assert api.load(SAMPLE_XLSX) != report


def test_legacy_xls_is_a_clear_error(tmp_path):
    path = write(tmp_path, "old.xls", codecs.decode("d0cf11e0a1b11ae1", "hex") + b"\0" * 100)
    with pytest.raises(InputError, match="old.xls: cannot open as an Excel 97-2003 workbook"):
        api.load(path)


def test_a_tab_that_keeps_a_formula_inert_is_kept(tmp_path):
    """A tab or carriage return before =1+1 is what keeps it text when the table is opened or
    saved as CSV: it is kept; other leading white space is not."""
    text = '2023年三季度\n序号,任务名称,牵头单位,进展情况\n1,"\t=1+1","\r@SUM(A1)","  =A1"\n'
    report = api.load(write(tmp_path, "t.csv", text))
    task = report.tasks[0]
    assert (task.title, task.lead, task.progress_text) == ("\t=1+1", "\r@SUM(A1)", "=A1")
    assert api.load(write(tmp_path, "u.csv", text.replace("\t=1+1", "\t任务"))).tasks[0].title \
        == "任务"
