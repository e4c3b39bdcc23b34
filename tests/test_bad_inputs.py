"""The bad-input corpus: every case ends in complete outputs or a one-line error, never a
traceback, never a partial file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import DATA
from yiwu_reports.renderers import default_formats

BAD = DATA / "bad"

ERRORS = {
    "empty.csv": "the file is empty",
    "whitespace-only.txt": "the file is empty",
    "header-only.txt": "row 3: the table has a header but no task rows",
    "not-a-table.txt": "no table: no row has two or more cells",
    "no-period.txt": "--period",
    "binary-named.csv": "binary data",
    "invalid-utf8.txt": "row 4",
    "fake.xlsx": "not an Excel workbook",
    "truncated.xlsx": "cannot open as an Excel workbook",
    "legacy.xls": "cannot open as an Excel 97-2003 workbook",
}

SUCCESSES = {
    "duplicate-ids.txt": (["1", "1", "2"], ["任务甲", "任务乙", "任务丙"]),
    "missing-lead-column.csv": (["1"], ["新增光伏装机4万千瓦"]),
    "ragged-rows.txt": (["1", "2", "3"], ["任务甲", "任务乙", "任务丙"]),
    "mixed-encodings.csv": (["1", "2"], ["任务一", "任务二"]),
    "utf16.txt": (["1"], ["新增光伏装机4万千瓦"]),
    "control-characters.txt": (["1"], ["任务甲"]),
    "unbalanced-html.txt": (["1"], ["任务甲"]),
    "rtl-and-emoji.txt": (["1"], ["新增合作伙伴🤝10个 مرحبا"]),
    "odd-numbers.txt": (["1", "2", "3"], ["完成投资３５０亿元以上", "培训1,234人", "新增光伏装机４万ＫＷ"]),
    "formula-injection.csv": (["1", "2", "3"], ['=HYPERLINK("http://evil.example","点此")',
                                                "@SUM(A1:A2)", "../../etc/passwd"]),
    "formulas-and-errors.xlsx": (["1", "2", "3"], ["完成投资350亿元以上",
                                                   '=CONCATENATE("新增","光伏装机4万千瓦")', "培训8800人"]),
}


def test_every_corpus_file_has_an_expected_outcome():
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".py", ".md")}
    assert files == set(ERRORS) | set(SUCCESSES)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_are_one_line_and_leave_no_file(run_cli, tmp_path, name):
    out = tmp_path / "out"
    result = run_cli(str(BAD / name), "-f", "all", "-o", str(out))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and ERRORS[name] in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def _drawn_text(task: dict) -> str:
    return "".join([task["title"], task["lead"], task["progress"], *task["extra"].values()])


@pytest.mark.parametrize("name", sorted(SUCCESSES))
def test_successes_keep_everything(run_cli, tmp_path, name):
    from tests.installed_fonts import characters_no_font_has

    result = run_cli(str(BAD / name), "-f", "all", "-o", str(tmp_path), "--check")
    written = sorted(Path(line) for line in result.stdout.split())
    assert [p.suffix for p in written] == sorted(f".{f}" for f in default_formats())
    data = json.loads(next(p for p in written if p.suffix == ".json").read_text(encoding="utf-8"))
    # The characters no font on this machine has (an emoji; Arabic on a machine without a font
    # for it) show as boxes in the PDF, still extract as themselves, and --check names exactly
    # those; every other character is drawn with a glyph from some installed font.
    boxes = characters_no_font_has("".join(_drawn_text(task) for task in data["tasks"]))
    failed = [line for line in result.stderr.splitlines() if "check failed" in line]
    if boxes:
        assert result.exit_code == 1
        assert len(failed) == 1, result.stderr
        assert f"{len(boxes)} character(s) drawn without a glyph" in failed[0], (boxes, failed)
        named = set(re.findall(r"(\S)（第\d+页）", failed[0]))  # the first ten are named
        assert named <= boxes and len(named) == min(10, len(boxes)), (boxes, failed)
    else:
        assert result.exit_code == 0 and not failed, result.stderr
    ids, titles = SUCCESSES[name]
    assert [t["id"] for t in data["tasks"]] == ids
    assert [t["title"] for t in data["tasks"]] == titles
    assert not list(tmp_path.glob(".*.part"))


def test_missing_lead_column_is_one_notice(run_cli, tmp_path):
    result = run_cli(str(BAD / "missing-lead-column.csv"), "-f", "json", "-o", str(tmp_path))
    assert result.exit_code == 0
    notices = [line for line in result.stderr.splitlines() if "未注明牵头单位" in line]
    assert len(notices) == 1 and "missing-lead-column.csv" in notices[0]
    assert "no lead-unit column" in notices[0]


def test_ragged_rows_keep_their_cells(tmp_path):
    from yiwu_reports import load

    report = load(BAD / "ragged-rows.txt")
    assert report.tasks[0].progress == ()
    assert report.tasks[1].extra == (("列5", "多余一"), ("列6", "多余二"))


def test_html_fragments_become_text(tmp_path):
    from yiwu_reports import load

    task = load(BAD / "unbalanced-html.txt").tasks[0]
    assert "<" not in task.progress_text.replace("<不是标签>", "")
    assert "加粗 & <不是标签> 中" in task.progress_text


def test_full_width_numbers_are_read():
    from yiwu_reports import assess, load

    report = assess(load(BAD / "odd-numbers.txt"))
    first, _second, third = report.tasks
    assert first.indicators[0].actual.value == 388.6 and first.status == "completed"
    assert third.indicators[0].ratio == 2.25


def test_one_megabyte_cell(run_cli, tmp_path):
    big = "进展" * 500_000
    source = tmp_path / "big.txt"
    source.write_text(f"## 2023年三季度\n序号\t任务名称\t牵头单位\t进展情况\n1\t任务甲\t发改局\t{big}\n",
                      encoding="utf-8")
    result = run_cli(str(source), "-f", "all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "out" / "big-2023Q3.json").read_text(encoding="utf-8"))
    assert data["tasks"][0]["progress"] == big


@pytest.mark.slow
def test_hundred_thousand_rows(run_cli, tmp_path):
    rows = "".join(f"{i}\t完成投资{i}亿元\t单位{i % 50}\t完成投资{i * 0.8:.1f}亿元\n" for i in range(1, 100_001))
    source = tmp_path / "many.txt"
    source.write_text(f"## 2023年三季度\n序号\t任务名称\t牵头单位\t进展情况\n{rows}", encoding="utf-8")
    result = run_cli(str(source), "-f", "json", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "out" / "many-2023Q3.json").read_text(encoding="utf-8"))
    assert len(data["tasks"]) == 100_000 and data["tasks"][-1]["id"] == "100000"
