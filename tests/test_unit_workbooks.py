"""Per-unit 补报 workbooks (`-f unit-xlsx`): each unit gets only its tasks with only its review
cells open; returned workbooks come back through `--overrides`, several at once, and a task
corrected differently in two of them is reported naming both files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import SAMPLE_TXT
from tests.factories import joint_report
from yiwu_reports import api
from yiwu_reports.core.errors import InputError
from yiwu_reports.readers.unit_review import ACTUAL_LABEL, REASON_LABEL, STATUS_LABEL
from yiwu_reports.run.output_check import check_outputs


def _sheet_rows(path: Path):
    sheet = load_workbook(path)["补报"]
    rows = list(sheet.iter_rows())
    header_at = next(i for i, row in enumerate(rows) if row[0].value == "序号")
    header = [cell.value for cell in rows[header_at]]
    return sheet, header, rows[header_at + 1:]


@pytest.fixture(scope="module")
def sample():
    return api.assess(api.load(SAMPLE_TXT))


@pytest.fixture(scope="module")
def folder(sample, tmp_path_factory):
    return api.render(sample, "unit-xlsx", tmp_path_factory.mktemp("units") / "units")


def _book(folder: Path, unit: str) -> Path:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return folder / next(entry["file"] for entry in index["workbooks"] if entry["unit"] == unit)


def test_each_unit_gets_a_workbook_of_only_its_tasks(sample, folder):
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    units = list(dict.fromkeys(unit for task in sample.tasks for unit in task.leads))
    assert [entry["unit"] for entry in index["workbooks"]] == units
    assert sorted(p.name for p in folder.glob("*.xlsx")) == \
        sorted(entry["file"] for entry in index["workbooks"])
    for unit in ("经信局", "发改局", "组织部（人才办）"):
        _sheet, header, rows = _sheet_rows(_book(folder, unit))
        mine = [task for task in sample.tasks if unit in task.leads]
        expected = [(task.id, number) for task in mine
                    for number in (range(1, len(task.indicators) + 1) or [None])]
        found = [(str(row[0].value), row[header.index("指标序号")].value) for row in rows]
        assert found == expected
        assert {row[header.index("牵头单位")].value for row in rows} == {unit}
    assert not check_outputs(sample, [folder])


def test_only_the_review_cells_are_open_and_the_sheet_is_protected(folder):
    sheet, header, rows = _sheet_rows(_book(folder, "经信局"))
    assert sheet.protection.sheet
    open_columns = {STATUS_LABEL, ACTUAL_LABEL, REASON_LABEL}
    for row in rows:
        has_indicator = row[header.index("指标序号")].value is not None
        for label, cell in zip(header, row):
            editable = label in open_columns and (label != ACTUAL_LABEL or has_indicator)
            assert cell.protection.locked is not editable, (cell.coordinate, label)
    assert all(cell.protection.locked for cell in sheet[1] + sheet[2] + sheet[3])
    validation = sheet.data_validations.dataValidation[0]
    assert "滞后" in validation.formula1 and str(validation.sqref).startswith("M")


def fill(path: Path, edits: dict[tuple[str, int | None], dict[str, str]], saved_as: Path) -> Path:
    """What a unit does in its spreadsheet program: write in the open columns and save."""
    book = load_workbook(path)
    sheet = book["补报"]
    rows = list(sheet.iter_rows())
    header_at = next(i for i, row in enumerate(rows) if row[0].value == "序号")
    header = [cell.value for cell in rows[header_at]]
    for row in rows[header_at + 1:]:
        key = (str(row[0].value), row[header.index("指标序号")].value)
        for label, value in edits.get(key, {}).items():
            row[header.index(label)].value = value
    book.save(saved_as)
    return saved_as


def test_two_returned_workbooks_merge_through_overrides(sample, folder, tmp_path, run_cli):
    task35 = next(t for t in sample.tasks if t.id == "35")  # 经信局: growth 10%, 4.65% reported
    assert task35.status == "lagging"
    jx = fill(_book(folder, "经信局"), {("35", 1): {ACTUAL_LABEL: "10.5%",
                                                   REASON_LABEL: "统计局9月快报"}},
              tmp_path / "经信局-returned.xlsx")
    other = next(t for t in sample.tasks if t.status == "lagging" and t.indicators
                 and "经信局" not in t.leads)
    unit = other.leads[0]
    fgj = fill(_book(folder, unit), {(other.id, 1): {STATUS_LABEL: "序时推进",
                                                     REASON_LABEL: "已开工"}},
               tmp_path / f"{unit}-returned.xlsx")
    out = tmp_path / "out"
    result = run_cli(str(SAMPLE_TXT), "--overrides", str(jx), "--overrides", str(fgj),
                     "-f", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    tasks = {task["id"]: task for task in data["tasks"]}
    corrected = tasks["35"]
    assert corrected["indicators"][0]["override"]["actual"] == {"value": 10.5, "unit": "%"}
    assert corrected["status"] == "on_track" and corrected["auto_status"] == "lagging"  # a rate met
    assert "统计局9月快报" in corrected["override"]["reason"]
    assert tasks[other.id]["indicators"][0]["status"] == "on_track"
    assert tasks[other.id]["indicators"][0]["override"]["reason"] == "已开工"


def test_a_task_corrected_differently_in_two_workbooks_is_a_conflict_naming_both(tmp_path,
                                                                                 run_cli):
    report = joint_report()  # task 3 is led by 发改局 and 经信局
    folder = api.render(report, "unit-xlsx", tmp_path / "units")
    a = fill(_book(folder, "发改局"), {("3", 1): {ACTUAL_LABEL: "100"}}, tmp_path / "fgj.xlsx")
    b = fill(_book(folder, "经信局"), {("3", 1): {ACTUAL_LABEL: "80"}}, tmp_path / "jxj.xlsx")
    with pytest.raises(InputError) as caught:
        api.assess(report, overrides=[a, b])
    message = str(caught.value)
    assert "task 3, indicator 1 is corrected differently" in message
    assert "fgj.xlsx, row" in message and "jxj.xlsx, row" in message
    assert "100" in message and "80" in message
    # the same correction from both units is one correction
    c = fill(_book(folder, "经信局"), {("3", 1): {ACTUAL_LABEL: " 100 ", REASON_LABEL: "核实"}},
             tmp_path / "jxj-same.xlsx")
    merged = api.assess(report, overrides=[a, c])
    task = next(t for t in merged.tasks if t.id == "3")
    assert task.indicators[0].override is not None
    assert task.indicators[0].override.actual.value == 100
    # through the command line and a config pattern: one line, exit 1
    json_report = api.render(report, "json", tmp_path / "joint.json")
    result = run_cli(str(json_report), "--overrides", str(a), "--overrides", str(b),
                     "-f", "json", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "fgj.xlsx" in result.stderr and "jxj.xlsx" in result.stderr
    returned = tmp_path / "returned"
    returned.mkdir()
    for path in (a, c):
        path.rename(returned / path.name)
    config = tmp_path / "run.toml"
    config.write_text(f'[input]\npaths = ["{json_report}"]\noverrides = ["returned/*.xlsx"]\n'
                      '[output]\nfolder = "cfg"\nformats = ["json"]\nper_period = false\n',
                      encoding="utf-8")
    (path,) = api.generate(config)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert next(t for t in data["tasks"] if t["id"] == "3")["indicators"][0]["override"]


def test_what_a_unit_writes_wrong_names_file_row_and_column(folder, tmp_path, sample):
    bad = fill(_book(folder, "经信局"), {("35", 1): {STATUS_LABEL: "差不多"}},
               tmp_path / "bad.xlsx")
    with pytest.raises(InputError, match=r"bad\.xlsx, row 4, column M \(人工调整\).*差不多"):
        api.assess(sample, overrides=[bad])
    qualitative = next(t for t in sample.tasks if "经信局" in t.leads and not t.indicators)
    book = load_workbook(_book(folder, "经信局"))
    sheet = book["补报"]
    row = next(r for r in sheet.iter_rows(min_row=4) if str(r[0].value) == qualitative.id)
    row[13].value = "5家"  # 实际完成值 on a row without an indicator (locked, but forced)
    book.save(tmp_path / "forced.xlsx")
    with pytest.raises(InputError, match="without an indicator"):
        api.assess(sample, overrides=[tmp_path / "forced.xlsx"])


def test_a_warning_only_on_the_rows_that_earn_it(sample, folder):
    """A lagging task with a completed target (经信局 has one) wears its tier on its lagging
    rows only: a completed indicator's row carries no warning."""
    _sheet, header, rows = _sheet_rows(_book(folder, "经信局"))
    status, warning = header.index("状态"), header.index("预警")
    tasks = {task.id: task for task in sample.tasks}
    seen = set()
    for row in rows:
        task = tasks[str(row[0].value)]
        seen.add(row[status].value)
        if row[status].value == "已完成":
            assert not row[warning].value, task.id
        elif row[status].value == "滞后" and task.warning:
            assert row[warning].value == "红色预警" or row[warning].value.endswith("预警")
    assert {"已完成", "滞后"} <= seen
    mixed = [task for task in sample.tasks if "经信局" in task.leads and task.status == "lagging"
             and any(i.status == "completed" for i in task.indicators)]
    assert mixed  # the case this test is about
