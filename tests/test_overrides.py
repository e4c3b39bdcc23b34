"""Reviewer overrides: read from CSV, JSON, YAML or a mapping; applied with the automatic
judgement kept beside; errors for tasks or statuses that do not exist."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.core.errors import InputError


@pytest.fixture(scope="module")
def report():
    return api.load(SAMPLE_TXT)


def test_csv_with_labels_and_reasons(tmp_path, report):
    path = tmp_path / "reviewed.csv"
    path.write_text("序号,状态,理由\n13,滞后,统计口径需核实\n35,序时推进,\n", encoding="gb18030")
    judged = api.assess(report, overrides=path)
    task = judged.tasks[12]
    assert (task.status, task.auto_status) == ("lagging", "completed")
    assert task.override.reason == "统计口径需核实"
    assert judged.tasks[34].status == "on_track" and judged.tasks[34].auto_status == "lagging"
    untouched = judged.tasks[0]
    assert untouched.override is None and untouched.auto_status is None


def test_json_and_yaml_forms(tmp_path, report):
    as_json = tmp_path / "o.json"
    as_json.write_text(json.dumps({"overrides": [{"id": "1", "status": "on_track",
                                                  "reason": "按全口径"}]}), encoding="utf-8")
    as_yaml = tmp_path / "o.yaml"
    as_yaml.write_text("'1':\n  status: 序时推进\n  reason: 按全口径\n", encoding="utf-8")
    for path in (as_json, as_yaml):
        task = api.assess(report, overrides=path).tasks[0]
        assert (task.status, task.override.reason) == ("on_track", "按全口径")


def test_indicator_figure_is_judged_again(report):
    entries = [{"id": "54", "indicator": 1, "actual": "1.2万亩", "reason": "补报"}]
    task = api.assess(report, overrides=entries_as_mapping(entries)).tasks[53]
    indicator = task.indicators[0]
    assert indicator.auto_status == "lagging"
    assert indicator.status == "on_track" and indicator.ratio == 0.8
    assert indicator.override.actual.value == 1.2 and indicator.override.actual.unit == "万亩"
    assert task.status == "on_track" and task.auto_status == "lagging"


def entries_as_mapping(entries):
    return {"overrides": entries}


def test_override_in_json_output(tmp_path, report):
    judged = api.assess(report, overrides={"13": "滞后"})
    data = judged.tasks[12].as_dict()
    assert data["status"] == "lagging" and data["auto_status"] == "completed"
    assert data["override"] == {"status": "lagging", "reason": ""}
    path = tmp_path / "r.json"
    api.render(judged, "json", path)
    assert api.load(path) == judged


@pytest.mark.parametrize("overrides, message", [
    ({"999": "滞后"}, "task 999"), ({"13": "差不多"}, "unknown status"),
    ({"overrides": [{"id": "13", "indicator": 9, "status": "lagging"}]}, "no indicator"),
    ({"overrides": [{"status": "lagging"}]}, "no task id"),
])
def test_bad_overrides_are_errors(report, overrides, message):
    with pytest.raises(InputError, match=message):
        api.assess(report, overrides=overrides)


def test_cli_overrides(run_cli, tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("id,status,reason\n13,lagging,复核\n", encoding="utf-8")
    result = run_cli(str(SAMPLE_TXT), "-f", "json", "--overrides", str(path), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "yiwu-2023-q3-progress-2023Q3.json").read_text(encoding="utf-8"))
    assert data["tasks"][12]["status"] == "lagging"
    bad = tmp_path / "bad.csv"
    bad.write_text("id,status\n999,lagging\n", encoding="utf-8")
    result = run_cli(str(SAMPLE_TXT), "-f", "json", "--overrides", str(bad), "-o", str(tmp_path))
    assert result.exit_code == 1 and "999" in result.stderr


def test_reviewed_workbook_round_trip_through_the_cli(run_cli, tmp_path):
    from openpyxl import load_workbook

    first = run_cli(str(SAMPLE_TXT), "-f", "xlsx", "-o", str(tmp_path / "a"))
    assert first.exit_code == 0, first.stderr
    workbook_path = next((tmp_path / "a").glob("*.xlsx"))
    workbook = load_workbook(workbook_path)
    sheet = workbook["全部任务"]
    header = next(row for row in sheet.iter_rows() if any(c.value == "人工调整" for c in row))
    columns = {cell.value: cell.column for cell in header}
    row = next(r[0].row for r in sheet.iter_rows(min_row=header[0].row + 1)
               if str(r[columns["序号"] - 1].value) == "13")
    sheet.cell(row=row, column=columns["人工调整"], value="滞后")
    sheet.cell(row=row, column=columns["调整理由"], value="口径复核")
    reviewed = tmp_path / "reviewed.xlsx"
    workbook.save(reviewed)
    second = run_cli(str(SAMPLE_TXT), "-f", "json", "-f", "xlsx", "--overrides", str(reviewed),
                     "-o", str(tmp_path / "b"))
    assert second.exit_code == 0, second.stderr
    data = json.loads(next((tmp_path / "b").glob("*.json")).read_text(encoding="utf-8"))
    task = data["tasks"][12]
    assert (task["status"], task["auto_status"], task["override"]["reason"]) == (
        "lagging", "completed", "口径复核")
    # The new workbook carries the override, so a second review starts from it.
    again = load_workbook(next((tmp_path / "b").glob("*.xlsx")))["全部任务"]
    assert any(c.value == "口径复核" for row in again.iter_rows() for c in row)
