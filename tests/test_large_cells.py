"""A CSV cell of a megabyte or ten reads as any other cell, and the interpreter's csv field limit
(csv.field_size_limit, shared by every module of the process) is left as it was."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yiwu_reports import api
from yiwu_reports.core.errors import InputError
from yiwu_reports.readers.delimited import read_rows, split_delimited

SENTENCE = "推进项目建设，完成投资12亿元，“重点项目”签约3个；"


def _big_cell(size: int) -> str:
    return (SENTENCE * (size // len(SENTENCE) + 1))[:size - 1] + "。"


def _csv(cell: str, delimiter: str = ",", quoted: bool = True) -> bytes:
    field = '"' + cell.replace('"', '""') + '"' if quoted else cell
    lines = ["2023年三季度重点任务进展情况",
             delimiter.join(["序号", "任务名称", "牵头单位", "进展情况"]),
             delimiter.join(["1", "完成投资350亿元以上", "发改局", field]),
             delimiter.join(["2", "新增光伏装机4万千瓦", "能源局", '"已完成，并网""4.2万千瓦"""'])]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize("size", [1_000_000, 10_000_000])
def test_a_huge_quoted_cell_reads_whole(tmp_path, size):
    limit = csv.field_size_limit()
    cell = _big_cell(size)
    path = tmp_path / "big.csv"
    path.write_bytes(_csv(cell))
    report = api.load(path)
    assert [task.id for task in report.tasks] == ["1", "2"]
    assert report.tasks[0].progress_text == cell
    assert report.tasks[0].source.row == 3 and report.tasks[1].source.row == 4
    assert report.tasks[1].progress_text == '已完成，并网"4.2万千瓦"'
    assert csv.field_size_limit() == limit


def test_a_huge_unquoted_cell_with_another_delimiter(tmp_path):
    limit = csv.field_size_limit()
    cell = _big_cell(1_000_000).replace(";", "，")
    path = tmp_path / "big.csv"
    path.write_bytes(_csv(cell, ";", quoted=False))
    report = api.load(path)
    assert report.tasks[0].progress_text == cell
    assert csv.field_size_limit() == limit


def test_a_huge_cell_goes_through_a_whole_run(run_cli, tmp_path):
    cell = _big_cell(1_000_000)
    (tmp_path / "big.csv").write_bytes(_csv(cell))
    result = run_cli(str(tmp_path / "big.csv"), "-f", "json", "-o", str(tmp_path), "--period",
                     "2023Q3")
    assert result.exit_code == 0, result.stderr
    data = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert data["tasks"][0]["progress"] == cell


def test_rows_and_lines_as_the_csv_module_gives_them():
    text = 'a,"b\n""c""",d\r\n\n"x",y'
    expected = [(1, ["a", 'b\n"c"', "d"]), (3, []), (4, ["x", "y"])]
    assert [(row.number, row.cells) for row in split_delimited(text, ",")] == expected
    assert [(row.number, row.cells) for row in read_rows(text, "t.csv")] == expected


@pytest.mark.parametrize("text, row, message", [
    ('a,b\n"x"y,z\n', 2, "text follows the closing quote"),
    ('a,b\nc,"unterminated\nd,e\n', 2, "never closed, so lines 2-3"),
])
def test_quotes_are_read_strictly_by_both_readers(text, row, message):
    for read in (lambda: split_delimited(text, ",", "t.csv"), lambda: read_rows(text, "t.csv")):
        with pytest.raises(InputError, match=message) as caught:
            read()
        assert caught.value.row == row and caught.value.file == "t.csv"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='a,;"\n\r \t中', max_size=40), st.sampled_from([",", ";", "\t"]))
def test_the_unlimited_reader_splits_as_the_strict_csv_module(text, delimiter):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    expected, start = [], 1
    try:
        for cells in reader:
            expected.append((start, cells))
            start = reader.line_num + 1
    except csv.Error:
        with pytest.raises(InputError) as caught:
            split_delimited(text, delimiter)
        assert caught.value.row == start
        return
    assert [(row.number, row.cells) for row in split_delimited(text, delimiter)] == expected
