"""--check can fail: every format read back task by task, and a wrong lead unit, a missing or
extra task, a changed text, a truncated or corrupted file are each found, in the row where they
are."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from tests.conftest import SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.core.model import Block
from yiwu_reports.renderers import default_formats
from yiwu_reports.run.output_check import check_outputs

FORMATS = default_formats()


@pytest.fixture(scope="module")
def report():
    return api.assess(api.load(SAMPLE_TXT))


def write(report, fmt, folder, name="r"):
    folder.mkdir(parents=True, exist_ok=True)
    return api.render(report, fmt, folder / f"{name}.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_faithful_output_passes(report, tmp_path, fmt):
    assert check_outputs(report, [write(report, fmt, tmp_path)]) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_wrong_lead_unit_is_found_in_its_row(report, tmp_path, fmt):
    tasks = list(report.tasks)
    tasks[12] = replace(tasks[12], lead="审计局")  # a unit that leads other tasks too
    problems = check_outputs(report, [write(report.with_tasks(tasks), fmt, tmp_path)])
    assert len(problems) == 1, problems
    assert "task 13 " in problems[0] and "lead unit" in problems[0] and "审计局" in problems[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_shuffled_lead_units_are_each_found(report, tmp_path, fmt):
    """Every lead unit still appears in the document, just not beside its own task: a check of
    the whole text would pass."""
    leads = [task.lead for task in report.tasks]
    random.Random(7).shuffle(leads)
    tasks = [replace(task, lead=lead) for task, lead in zip(report.tasks, leads)]
    wrong = sum(task.lead != original.lead for task, original in zip(tasks, report.tasks))
    assert wrong > 80
    problems = check_outputs(report, [write(report.with_tasks(tasks), fmt, tmp_path)])
    assert problems[-1].endswith(f"and {wrong - 10} more problems"), problems[-1]
    assert all("lead unit" in problem for problem in problems[:-1])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_task_is_named(report, tmp_path, fmt):
    tasks = report.tasks[:40] + report.tasks[41:]
    problems = check_outputs(report, [write(report.with_tasks(tasks), fmt, tmp_path)])
    assert problems and "task 41 " in problems[0] and "missing" in problems[0], problems
    assert len(problems) == 1, problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_extra_task_is_named(report, tmp_path, fmt):
    intruder = replace(report.tasks[3], id="999", title="不在原表中的任务")
    tasks = report.tasks[:5] + (intruder,) + report.tasks[5:]
    problems = check_outputs(report, [write(report.with_tasks(tasks), fmt, tmp_path)])
    assert len(problems) == 1 and "不在原表中的任务" in problems[0], problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_tasks_swapped_are_out_of_order(report, tmp_path, fmt):
    tasks = list(report.tasks)
    tasks[20], tasks[21] = tasks[21], tasks[20]
    problems = check_outputs(report, [write(report.with_tasks(tasks), fmt, tmp_path)])
    assert problems and any("out of order" in problem for problem in problems), problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_changed_progress_text_is_found(report, tmp_path, fmt):
    tasks = list(report.tasks)
    # The start of the text changes, so the briefing's shortened annex shows it too.
    changed = (Block("paragraph", "进展已改写。"),) + tasks[7].progress
    tasks[7] = replace(tasks[7], progress=changed)
    problems = check_outputs(report, [write(report.with_tasks(tasks), fmt, tmp_path)])
    assert len(problems) == 1 and "task 8 " in problems[0] and "progress text" in problems[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_truncated_file_cannot_be_read_back(report, tmp_path, fmt):
    path = write(report, fmt, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    problems = check_outputs(report, [path])
    assert problems and ("cannot be read back" in problems[0] or "missing" in problems[0]), problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_file_cannot_be_read_back(report, tmp_path, fmt):
    path = tmp_path / f"empty.{fmt}"
    path.write_bytes(b"")
    assert "cannot be read back" in check_outputs(report, [path])[0]


@pytest.mark.writes_bad_json
def test_a_corrupted_json_is_found(report, tmp_path):
    path = write(report, "json", tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"lead": "财政局"', '"lead": "财政厅"', 1), encoding="utf-8")
    problems = check_outputs(report, [path])
    assert len(problems) == 1 and "财政厅" in problems[0]
    path.write_text(text[:-3], encoding="utf-8")  # the closing brackets gone
    assert "cannot be read back" in check_outputs(report, [path])[0]
    data = json.loads(text)
    del data["tasks"][5]["lead"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "cannot be read back" in check_outputs(report, [path])[0]


def test_a_workbook_edited_by_hand_is_found(report, tmp_path):
    from openpyxl import load_workbook

    path = write(report, "xlsx", tmp_path)
    book = load_workbook(path)
    sheet = book["全部任务"]
    sheet.cell(row=30, column=3).value = "某某局"   # 牵头单位 of the 29th task
    sheet.delete_rows(60)                           # the 59th task
    book.save(path)
    problems = check_outputs(report, [path])
    assert any("task 29 " in p and "某某局" in p for p in problems), problems
    assert any("task 59 " in p and "missing" in p for p in problems), problems
    assert len(problems) == 2


def test_a_briefing_edited_by_hand_is_found(report, tmp_path):
    import docx

    path = write(report, "docx", tmp_path)
    document = docx.Document(str(path))
    annex = document.tables[-1]
    annex.rows[5].cells[2].paragraphs[0].runs[0].text = "某某局"  # row 5: the 5th task
    document.save(str(path))
    problems = check_outputs(report, [path])
    assert len(problems) == 1 and "task 5 " in problems[0] and "某某局" in problems[0], problems


def test_a_task_longer_than_a_page_is_one_row_of_the_pdf(report, tmp_path):
    """Its row goes on over pages (the number repeated with （续）): read back as one row."""
    long_text = "超长的进展情况，含数字123456.789和英文word。" * 250
    tasks = list(report.tasks[:4])
    tasks[1] = replace(tasks[1], progress=(Block("paragraph", long_text),))
    long = report.with_tasks(tasks)
    path = write(long, "pdf", tmp_path)
    assert check_outputs(long, [path]) == []
    tasks[1] = replace(tasks[1], progress=(Block("paragraph", long_text[:-20] + "另一个结尾。"),))
    problems = check_outputs(report.with_tasks(tasks), [path])
    assert len(problems) == 1 and "task 2 " in problems[0] and "progress text" in problems[0]


def test_a_format_without_a_reader_cannot_pass(report, tmp_path):
    path = tmp_path / "r.odt"
    path.write_bytes(b"anything")
    assert "cannot be checked" in check_outputs(report, [path])[0]


def test_make_report_check_fails_on_a_bad_output(run_cli, tmp_path, monkeypatch):
    """A renderer that drops a task: the files are written, --check says which task is missing
    from which file, and the run exits 1."""
    from yiwu_reports.renderers import get_renderer

    renderer = type(get_renderer("xlsx"))
    original = renderer.render

    def dropping(self, report, summary, out, options):
        original(self, report.with_tasks(report.tasks[:-1]), summary, out, options)

    monkeypatch.setattr(renderer, "render", dropping)
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path), "--check")
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if "check failed" in line]
    assert len(failed) == 1 and ".xlsx" in failed[0] and "task 159 " in failed[0], result.stderr
    assert len(result.stdout.split()) == len(default_formats())  # every format was written


def test_make_report_check_passes_and_says_so(run_cli, tmp_path):
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path), "--check")
    assert result.exit_code == 0, result.stderr
    assert "check passed" in result.stderr
