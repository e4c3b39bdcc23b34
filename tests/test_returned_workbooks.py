"""Nothing misapplied: a returned workbook (the reviewed workbook, a unit's 补报 workbook) and an
overrides file apply only to the table, period, unit and tasks they were made for; what does not
match is refused in one line naming the file, the row and the mismatch. The workbooks are edited
here with openpyxl, as a reviewer's spreadsheet program would, and read back through the API and
the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import SAMPLE_TXT, SAMPLES
from yiwu_reports import api
from yiwu_reports.core.errors import InputError

Q2 = SAMPLES / "yiwu-2023-q2-progress.txt"


@pytest.fixture(scope="module")
def q3():
    return api.assess(api.load(SAMPLE_TXT))


@pytest.fixture(scope="module")
def workbooks(q3, tmp_path_factory):
    """The sample's reviewed workbook and 补报 workbooks, for 2023Q3 and for 2023Q2."""
    folder = tmp_path_factory.mktemp("returned")
    q2 = api.assess(api.load(Q2))
    return {"q3": api.render(q3, "xlsx", folder / "q3.xlsx"),
            "q2": api.render(q2, "xlsx", folder / "q2.xlsx"),
            "q3-units": api.render(q3, "unit-xlsx", folder / "q3-units"),
            "q2-units": api.render(q2, "unit-xlsx", folder / "q2-units")}


def _columns(sheet, header_row: int) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[header_row] if cell.value}


def edit_reviewed(path: Path, saved_as: Path, edits: dict[str, dict[str, object]]) -> Path:
    """Write `edits` (task id → {label: value}) into the 全部任务 sheet and save, as a reviewer."""
    book = load_workbook(path)
    sheet = book["全部任务"]
    columns = _columns(sheet, 1)
    for row in sheet.iter_rows(min_row=2):
        for label, value in edits.get(str(row[columns["序号"] - 1].value), {}).items():
            row[columns[label] - 1].value = value
    book.save(saved_as)
    return saved_as


def unit_book(folder: Path, unit: str) -> Path:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return folder / next(entry["file"] for entry in index["workbooks"] if entry["unit"] == unit)


def edit_unit(path: Path, saved_as: Path, edits: dict[tuple[str, int | None], dict[str, object]]
              ) -> Path:
    """Write `edits` ((task id, indicator number) → {label: value}) into the 补报 sheet and save
    (openpyxl writes locked cells too: a unit that unprotected its sheet)."""
    book = load_workbook(path)
    sheet = book["补报"]
    columns = _columns(sheet, 3)
    for row in sheet.iter_rows(min_row=4):
        key = (str(row[0].value), row[columns["指标序号"] - 1].value)
        for label, value in edits.get(key, {}).items():
            row[columns[label] - 1].value = value
    book.save(saved_as)
    return saved_as


def refused(report, overrides) -> str:
    with pytest.raises(InputError) as caught:
        api.assess(report, overrides=overrides)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- what a returned workbook carries -----------------------------------------------------

def test_each_returned_workbook_says_which_table_period_and_unit_it_is_for(q3, workbooks):
    book = load_workbook(workbooks["q3"])
    sheet = book["yiwu-reports"]
    assert sheet.sheet_state == "veryHidden" and sheet.protection.sheet
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert values["format"] == "yiwu-reports returned workbook" and values["version"] == "1"
    assert (values["kind"], values["period"], values["period_zh"]) == \
        ("reviewed", "2023Q3", "2023年三季度")
    assert values["table"] == q3.title and values["source"] == SAMPLE_TXT.name
    assert "unit" not in values
    unit = load_workbook(unit_book(workbooks["q3-units"], "经信局"))
    assert [sheet.title for sheet in unit.worksheets if sheet.sheet_state == "visible"] == ["补报"]
    values = {row[0]: row[1] for row in unit["yiwu-reports"].iter_rows(values_only=True)}
    assert (values["kind"], values["period"], values["unit"]) == ("unit", "2023Q3", "经信局")
    assert unit["yiwu-reports"].sheet_state == "veryHidden"


# --- another period, another table --------------------------------------------------------

def test_a_reviewed_workbook_of_another_period_is_refused(q3, workbooks, tmp_path, run_cli):
    reviewed = edit_reviewed(workbooks["q2"], tmp_path / "二季度复核.xlsx",
                             {"13": {"人工调整": "滞后", "调整理由": "口径"}})
    message = refused(q3, reviewed)
    assert message.startswith("二季度复核.xlsx, row 14: made for 2023年二季度 (2023Q2), but the "
                              "table is 2023年三季度 (2023Q3)")
    result = run_cli(str(SAMPLE_TXT), "--overrides", str(reviewed), "-f", "json", "-o",
                     str(tmp_path / "out"))
    assert result.exit_code == 1 and not (tmp_path / "out").exists()
    assert result.stderr.strip().splitlines() == [f"make-report: {message}"]
    # made for this period, the same review applies
    same = edit_reviewed(workbooks["q3"], tmp_path / "三季度复核.xlsx",
                         {"13": {"人工调整": "滞后", "调整理由": "口径"}})
    assert api.assess(q3, overrides=same).tasks[12].status == "lagging"


def test_a_units_workbook_of_another_period_is_refused(q3, workbooks, tmp_path):
    returned = edit_unit(unit_book(workbooks["q2-units"], "经信局"), tmp_path / "经信局.xlsx",
                         {("35", 1): {"实际完成值": "10.5%"}})
    assert "made for 2023年二季度 (2023Q2)" in refused(q3, [returned])


def test_a_workbook_made_from_another_table_is_refused(q3, tmp_path):
    other = q3.with_tasks(q3.tasks, title="2023年民生实事项目三季度进展情况", source_file="民生.txt")
    path = edit_reviewed(api.render(other, "xlsx", tmp_path / "民生.xlsx"),
                         tmp_path / "民生复核.xlsx", {"13": {"人工调整": "滞后"}})
    message = refused(q3, path)
    assert "民生复核.xlsx, row 14: made from the table “2023年民生实事项目三季度进展情况” (民生.txt)" \
        in message and q3.title[:10] in message


# --- a row moved, a unit's row for another's task -------------------------------------------

def test_a_row_whose_text_no_longer_matches_its_number_is_refused(q3, workbooks, tmp_path):
    book = load_workbook(workbooks["q3"])
    sheet = book["全部任务"]
    sheet["B14"].value = sheet["B15"].value  # row 14, task 13, now shows task 14's text
    sheet["O14"].value = "滞后"
    book.save(tmp_path / "moved.xlsx")
    message = refused(q3, tmp_path / "moved.xlsx")
    assert message.startswith("moved.xlsx, row 14: the row shows task 13 as “")
    assert "but task 13 of the table is “加快推进254个实施类市重点项目建设" in message
    assert message.endswith("the row no longer matches its 序号")


def test_inserted_columns_and_sorted_rows_still_apply_to_their_tasks(q3, workbooks, tmp_path):
    book = load_workbook(workbooks["q3"])
    sheet = book["全部任务"]
    sheet.insert_cols(1)
    sheet["A1"].value = "审核人"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    rows.sort(key=lambda row: -int(row[1]))  # by 序号, descending
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(number, column).value = value
    columns = _columns(sheet, 1)
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[columns["序号"] - 1].value) == "13")
    row[columns["人工调整"] - 1].value = "滞后"
    row[columns["调整理由"] - 1].value = "排序后复核"
    book.save(tmp_path / "sorted.xlsx")
    task = api.assess(q3, overrides=tmp_path / "sorted.xlsx").tasks[12]
    assert (task.status, task.override.reason) == ("lagging", "排序后复核")


def test_a_units_row_for_a_task_it_does_not_lead_is_refused(q3, workbooks, tmp_path, sample_task):
    other = sample_task(q3, lambda task: task.indicators and "经信局" not in task.leads)
    book = load_workbook(unit_book(workbooks["q3-units"], "经信局"))
    sheet = book["补报"]
    columns = _columns(sheet, 3)
    row = sheet[4]  # the unit's first row, made into another unit's task, text and all
    row[0].value = int(other.id)
    row[columns["任务名称"] - 1].value = other.title
    row[columns["指标序号"] - 1].value = 1
    row[columns["实际完成值"] - 1].value = "1"
    book.save(tmp_path / "经信局.xlsx")
    message = refused(q3, [tmp_path / "经信局.xlsx"])
    assert message.startswith(f"经信局.xlsx, row 4: task {other.id} is led by {other.lead}, not "
                              f"by 经信局: a unit corrects only its own tasks")
    # its 序号 alone changed: the same refusal (the unit is checked before the text)
    row[columns["任务名称"] - 1].value = sheet["B5"].value
    book.save(tmp_path / "经信局-number.xlsx")
    assert f"task {other.id} is led by {other.lead}, not by 经信局" in \
        refused(q3, [tmp_path / "经信局-number.xlsx"])


def test_a_workbook_without_its_task_text_column_is_refused(q3, workbooks, tmp_path):
    book = load_workbook(workbooks["q3"])
    sheet = book["全部任务"]
    sheet.delete_cols(_columns(sheet, 1)["任务名称"])
    sheet["N14"].value = "滞后"  # 人工调整 is column N once 任务名称 is gone
    book.save(tmp_path / "cut.xlsx")
    assert "cut.xlsx: the 任务名称 column is gone" in refused(q3, tmp_path / "cut.xlsx")


def test_a_workbook_of_a_newer_format_is_refused(q3, workbooks, tmp_path):
    book = load_workbook(workbooks["q3"])
    sheet = book["yiwu-reports"]
    next(row for row in sheet.iter_rows() if row[0].value == "version")[1].value = "2"
    book["全部任务"]["O14"].value = "滞后"
    book.save(tmp_path / "newer.xlsx")
    assert "newer.xlsx: cannot read the returned workbook: it is in format version 2" in \
        refused(q3, tmp_path / "newer.xlsx")


# --- formulas and figures -----------------------------------------------------------------

@pytest.mark.parametrize("label,value", [("人工调整", '=IF(1,"滞后","")'), ("调整理由", "=A1")])
def test_a_formula_in_a_review_cell_is_refused_not_dropped(q3, workbooks, tmp_path, label, value):
    edits = {"人工调整": "滞后", "调整理由": "口径"}
    edits[label] = value
    path = edit_reviewed(workbooks["q3"], tmp_path / "formula.xlsx", {"13": edits})
    column = "O" if label == "人工调整" else "P"
    message = refused(q3, path)
    assert message.startswith(f"formula.xlsx, row 14, column {column} ({label}): a formula "
                              f"({value}) is not read")


@pytest.mark.parametrize("label,value", [("实际完成值", "=100*2"), ("说明", "=B4"),
                                         ("人工调整", "=M5")])
def test_a_formula_in_a_units_cell_is_refused(q3, workbooks, tmp_path, label, value):
    edits = {"实际完成值": "10.5%", label: value}
    path = edit_unit(unit_book(workbooks["q3-units"], "经信局"), tmp_path / "f.xlsx",
                     {("35", 1): edits})
    message = refused(q3, [path])
    assert message.startswith("f.xlsx, row 4, column ")
    assert f"({label}): a formula ({value}) is not read" in message


@pytest.mark.parametrize("figure,why", [("1e400亿元", "is not a figure"),
                                        ("1e5", "is not a figure"),
                                        ("12万人", "is not in a unit of the target's")])
def test_a_figure_that_is_not_one_number_and_unit_is_refused(q3, workbooks, tmp_path, figure,
                                                             why):
    path = edit_unit(unit_book(workbooks["q3-units"], "经信局"), tmp_path / "n.xlsx",
                     {("35", 1): {"实际完成值": figure}})
    message = refused(q3, [path])
    assert message.startswith("n.xlsx, row 4, column actual: task 35: ") and why in message
    # the same through a CSV
    csv = tmp_path / "n.csv"
    csv.write_text(f"序号,指标,实际值\n35,1,{figure}\n", encoding="utf-8")
    assert why in refused(q3, csv)


def test_a_small_number_typed_as_a_number_is_read_as_written(q3, workbooks, tmp_path):
    path = edit_unit(unit_book(workbooks["q3-units"], "经信局"), tmp_path / "n.xlsx",
                     {("35", 1): {"实际完成值": 10.5}})
    assert api.assess(q3, overrides=[path]).tasks[34].indicators[0].override.actual.value == 10.5


# --- 确认 -----------------------------------------------------------------------------------

def test_confirm_keeps_the_automatic_judgement_and_records_who_settled_it(q3, workbooks,
                                                                         tmp_path):
    task = q3.tasks[12]
    path = edit_reviewed(workbooks["q3"], tmp_path / "confirmed.xlsx",
                         {"13": {"人工调整": "确认", "调整理由": "已核对统计口径"}})
    settled = api.assess(q3, overrides=path).tasks[12]
    assert (settled.status, settled.auto_status) == (task.status, task.status)
    assert settled.override.status == task.status
    assert settled.override.reason == "复核确认：已核对统计口径"
    assert settled.indicators == task.indicators
    # without a reason, and from a CSV, a mapping, as a value
    csv = tmp_path / "c.csv"
    csv.write_text("序号,状态\n13,确认\n", encoding="utf-8")
    for overrides in (csv, {"13": "confirmed"}):
        assert api.assess(q3, overrides=overrides).tasks[12].override.reason == "复核确认"


def test_a_unit_confirms_an_indicator(q3, workbooks, tmp_path):
    path = edit_unit(unit_book(workbooks["q3-units"], "经信局"), tmp_path / "u.xlsx",
                     {("35", 1): {"人工调整": "确认", "说明": "快报数"}})
    task = api.assess(q3, overrides=[path]).tasks[34]
    indicator = task.indicators[0]
    assert indicator.status == indicator.auto_status == q3.tasks[34].indicators[0].status
    assert indicator.override.reason == "复核确认：快报数"
    assert task.status == q3.tasks[34].status
    both = edit_unit(unit_book(workbooks["q3-units"], "经信局"), tmp_path / "b.xlsx",
                     {("35", 1): {"人工调整": "确认", "实际完成值": "10.5%"}})
    assert "确认 keeps the automatic judgement" in refused(q3, [both])


# --- the same checks for CSV, YAML and JSON -------------------------------------------------

def test_overrides_files_are_checked_as_far_as_they_say(q3, tmp_path):
    title = q3.tasks[12].title
    good = tmp_path / "good.csv"
    good.write_text(f"序号,任务名称,牵头单位,统计期,状态\n13,{title},{q3.tasks[12].lead},"
                    f"2023年三季度,滞后\n", encoding="utf-8")
    assert api.assess(q3, overrides=good).tasks[12].status == "lagging"
    moved = tmp_path / "moved.csv"
    moved.write_text(f"序号,任务名称,状态\n14,{title},滞后\n", encoding="utf-8")
    assert refused(q3, moved).startswith("moved.csv, row 2: the row shows task 14 as")
    unit = tmp_path / "unit.csv"
    unit.write_text("序号,牵头单位,状态\n13,卫健局,滞后\n", encoding="utf-8")
    assert "unit.csv, row 2: task 13 is led by" in refused(q3, unit)
    period = tmp_path / "period.yaml"
    period.write_text("period: 2023Q2\noverrides:\n  - id: 13\n    status: 滞后\n",
                      encoding="utf-8")
    assert "period.yaml, row 1: made for 2023年二季度 (2023Q2)" in refused(q3, period)
    as_json = tmp_path / "o.json"
    as_json.write_text(json.dumps({"period": "2023Q3", "overrides": [
        {"id": "13", "status": "滞后", "title": title}]}, ensure_ascii=False), encoding="utf-8")
    assert api.assess(q3, overrides=as_json).tasks[12].status == "lagging"
    unreadable = tmp_path / "bad-period.csv"
    unreadable.write_text("序号,统计期,状态\n13,去年,滞后\n", encoding="utf-8")
    assert "cannot read the period '去年'" in refused(q3, unreadable)


@pytest.fixture
def sample_task():
    def first(report, where):
        return next(task for task in report.tasks if where(task))

    return first


def test_a_reviewed_workbook_whose_table_has_a_units_column_is_read_as_reviewed(q3, tmp_path):
    """The table's own 实际完成值 column makes the 全部任务 sheet look like a 补报 sheet; the
    metadata says which it is."""
    from dataclasses import replace

    report = q3.with_tasks(replace(task, extra=(*task.extra, ("实际完成值", "见进展")))
                           for task in q3.tasks)
    path = edit_reviewed(api.render(report, "xlsx", tmp_path / "r.xlsx"), tmp_path / "rr.xlsx",
                         {"13": {"人工调整": "滞后", "调整理由": "口径"}})
    task = api.assess(report, overrides=path).tasks[12]
    assert (task.status, task.override.reason) == ("lagging", "口径")


def test_a_units_workbook_whose_columns_were_renamed_is_refused(q3, workbooks, tmp_path):
    book = load_workbook(unit_book(workbooks["q3-units"], "经信局"))
    book["补报"]["N3"].value = "完成值"  # 实际完成值's header renamed
    book.save(tmp_path / "renamed.xlsx")
    assert "renamed.xlsx: it was made as a unit's 补报 workbook, but no sheet has its header" in \
        refused(q3, [tmp_path / "renamed.xlsx"])
