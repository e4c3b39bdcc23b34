"""台账 across the year: earlier periods' JSON (--history DIR, or a scheduled run's own output
folder) give the workbook a 台账 sheet (a row per task, a column per quarter's status, 销号 when
completed) and the PDF a per-unit trend of lagging tasks."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import SAMPLE_TXT, SAMPLES
from yiwu_reports import api
from yiwu_reports.core.model import Period, Report
from yiwu_reports.core.palette import default_palette
from yiwu_reports.summary.ledger import build_ledger

Q2_TXT = SAMPLES / "yiwu-2023-q2-progress.txt"
LABEL = {status: default_palette().label(status)
         for status in ("completed", "on_track", "lagging", "unknown", "qualitative")}


def q1_from(q2: Report) -> Report:
    """A synthetic 一季度 table from the 二季度 one: statuses one step worse, task ids shifted
    by 1000 (renumbered: pairing goes by text), and one task completed in Q1 and dropped since."""
    worse = {"completed": "on_track", "on_track": "lagging"}
    tasks = [replace(task, id=str(int(task.id) + 1000), status=worse.get(task.status, task.status))
             for task in q2.tasks]
    closed = replace(q2.tasks[0], id="999", title="建成一季度已完成并销号的示例工程",
                     status="completed", lead="建设局", indicators=())
    return q2.with_tasks([closed, *tasks], period=Period(2023, "quarter", 3),
                         previous_period=None)


@pytest.fixture(scope="module")
def reports():
    q3 = api.assess(api.load(SAMPLE_TXT))
    q2 = api.assess(api.load(Q2_TXT))
    return q1_from(q2), q2, q3


def test_a_row_per_task_a_column_per_quarter_paired_by_text(reports):
    q1, q2, q3 = reports
    ledger = build_ledger(q3, [q2, q1])
    assert [ledger.heading(c) for c in range(4)] == ["一季度", "二季度", "三季度", "四季度"]
    assert ledger.reported == (True, True, True, False) and ledger.current == 2
    assert [row.id for row in ledger.rows[:len(q3.tasks)]] == [t.id for t in q3.tasks]
    by_title = {row.title: row for row in ledger.rows}
    for task in q3.tasks:
        row = by_title[task.title]
        before = next(t for t in q2.tasks if t.title == task.title)
        first = next(t for t in q1.tasks if t.title == task.title)  # id 1000 more: by text
        assert row.statuses == (first.status, before.status, task.status, None)
        completed = [c for c, s in enumerate(row.statuses) if s == "completed"]
        assert row.closed == (completed[0] if completed else None)
    dropped = by_title["建成一季度已完成并销号的示例工程"]
    assert dropped.statuses == ("completed", None, None, None)
    assert dropped.closed == 0 and not dropped.current
    assert len(ledger.rows) == len(q3.tasks) + 1


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory, reports):
    """Three scheduled quarterly runs into one output folder (Q1's JSON placed as a run keeps
    it), then the Q3 run's workbook, PDF and JSON."""
    q1, _q2, _q3 = reports
    root = tmp_path_factory.mktemp("year")
    (root / "out" / "2023Q1").mkdir(parents=True)
    api.render(q1, "json", root / "out" / "2023Q1" / "yiwu-2023-q1-progress-2023Q1.json")
    config = root / "run.toml"
    config.write_text(f'[input]\npaths = ["{SAMPLES}/yiwu-{{year}}-q{{quarter}}-progress.txt"]\n'
                      '[output]\nfolder = "out"\nformats = ["xlsx", "pdf", "json"]\n'
                      '[report]\nperiod = "auto"\n', encoding="utf-8")
    for as_of in ("2023-07-10", "2023-10-10"):
        done = api.generate(config, as_of=__import__("datetime").date.fromisoformat(as_of))
        assert done
    folder = root / "out" / "2023Q3"
    return root, config, {path.suffix: path for path in folder.iterdir()}


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_workbook_gets_a_ledger_sheet_from_the_kept_json(scheduled):
    root, _config, files = scheduled
    past = [_json(root / "out" / f"2023Q{q}" / f"yiwu-2023-q{q}-progress-2023Q{q}.json")
            for q in (1, 2)]
    now = _json(files[".json"])
    sheet = load_workbook(files[".xlsx"])["台账"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[3:9] == ["一季度", "二季度", "三季度", "四季度", "销号", "备注"]
    statuses = [{t["title"]: t["status"] for t in report["tasks"]} for report in (*past, now)]
    seen = 0
    for row in rows[1:]:
        title = row[1]
        if title not in statuses[2]:
            assert row[8] == "本期未列"
            continue
        seen += 1
        closed = None
        for column, by_title in enumerate(statuses):
            status = by_title.get(title)
            cell = row[3 + column]
            if closed is not None:
                assert cell == "已销号"
            elif status is None:
                assert cell == "未列入"
            else:
                assert cell.startswith(LABEL[status])
                if status == "completed":
                    closed = column
                    assert cell == "已完成（销号）"
        assert row[6] is None  # 四季度: still to come
        assert row[7] == (["一季度", "二季度", "三季度"][closed] if closed is not None else None)
    assert seen == len(now["tasks"])


def test_the_pdf_shows_each_units_lagging_tasks_by_quarter(scheduled):
    root, _config, files = scheduled
    reports = [_json(root / "out" / f"2023Q{q}" / f"yiwu-2023-q{q}-progress-2023Q{q}.json")
               for q in (1, 2)] + [_json(files[".json"])]
    counts: dict[str, list[int]] = {}
    for column, report in enumerate(reports):
        for task in report["tasks"]:
            if task["status"] == "lagging":
                for unit in task["leads"]:
                    counts.setdefault(unit, [0, 0, 0])[column] += 1
    text = subprocess.run(["pdftotext", "-layout", str(files[".pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    section = text[text.index("各牵头单位滞后任务变化（台账）"):]
    unit, (first, second, third) = max(counts.items(), key=lambda item: item[1][2])
    line = next(line for line in section.splitlines() if line.strip().startswith(unit))
    assert line.split()[1:5] == [str(first), str(second), str(third), "—"]


def test_a_second_run_is_up_to_date_and_a_changed_history_rebuilds(scheduled):
    root, config, files = scheduled
    from datetime import date

    from yiwu_reports.core.config import load_config
    from yiwu_reports.run.runner import run

    settings = replace(load_config(config), as_of=date(2023, 10, 10))
    assert run(settings).up_to_date
    kept = root / "out" / "2023Q1" / "yiwu-2023-q1-progress-2023Q1.json"
    data = _json(kept)
    data["tasks"][1]["status"] = "completed"
    kept.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = run(settings)
    assert not again.up_to_date and files[".xlsx"] in again.written


def test_history_on_the_command_line_off_in_the_config_and_a_missing_folder(tmp_path, reports,
                                                                           run_cli):
    q1, q2, _q3 = reports
    history = tmp_path / "kept"
    api.render(q1, "json", history / "a" / "q1.json")
    api.render(q2, "json", history / "q2.json")
    (history / "notes.json").write_text('{"not": "a report"}', encoding="utf-8")
    (history / "manifest.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(str(SAMPLE_TXT), "--history", str(history), "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(next(out.glob("*.xlsx")))["台账"]
    first = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[3] and first[4] and first[5]  # 一季度, 二季度, 三季度 all filled
    plain = run_cli(str(SAMPLE_TXT), "-f", "xlsx", "-o", str(tmp_path / "plain"))
    assert plain.exit_code == 0
    assert "台账" not in load_workbook(next((tmp_path / "plain").glob("*.xlsx"))).sheetnames
    missing = run_cli(str(SAMPLE_TXT), "--history", str(tmp_path / "nowhere"), "-f", "xlsx",
                      "-o", str(tmp_path / "x"))
    assert missing.exit_code == 1 and "history folder not found" in missing.stderr
    config = tmp_path / "run.toml"
    config.write_text(f'[input]\npaths = ["{SAMPLE_TXT}"]\nhistory = false\n'
                      '[output]\nfolder = "sched"\nformats = ["xlsx"]\n', encoding="utf-8")
    (path,) = api.generate(config)
    assert "台账" not in load_workbook(path).sheetnames


def test_a_task_listed_in_no_table_of_a_reported_quarter_says_so():
    q3 = api.assess(api.load(SAMPLE_TXT))
    kept = q3.with_tasks([task for task in q3.tasks if task.id != "2"],
                         period=Period(2023, "quarter", 6))
    ledger = build_ledger(q3, [kept])
    row = next(row for row in ledger.rows if row.id == "2")
    from yiwu_reports.renderers.xlsx.ledger import cell_text

    assert cell_text(row, 1, ledger, default_palette()) == "未列入"
    assert cell_text(row, 0, ledger, default_palette()) == ""  # no Q1 report at all
