"""The review loop: a reviewer edits the workbook in a spreadsheet program (here openpyxl, as
one would), and `read_review_overrides` reads their judgements back."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tests.factories import mixed_report
from yiwu_reports import api
from yiwu_reports.core.errors import InputError
from yiwu_reports.core.model import Override, Report
from yiwu_reports.core.palette import default_palette
from yiwu_reports.readers.review import read_review_overrides
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.renderers.xlsx.cells import CUT_MARK, MAX_CELL_CHARS, safe_text

PALETTE = default_palette()


@pytest.fixture(scope="module")
def report() -> Report:
    return mixed_report()


@pytest.fixture
def rendered(report, tmp_path) -> Path:
    return api.render(report, "xlsx", tmp_path / "report.xlsx")


def review(path: Path, edits: dict[str, tuple[str | None, str | None]], saved_as: Path) -> Path:
    """Open the workbook, set 人工调整 / 调整理由 of the rows of some task ids, save."""
    book = load_workbook(path)
    sheet = book["全部任务"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        task_id = str(row[columns["序号"] - 1].value)
        if task_id in edits:
            status, reason = edits[task_id]
            row[columns["人工调整"] - 1].value = status
            row[columns["调整理由"] - 1].value = reason
    book.save(saved_as)
    return saved_as


def test_round_trip_reads_the_reviewers_choices_and_the_existing_override(rendered, tmp_path):
    reviewed = review(rendered, {"12": ("滞后", "材料未报送"), "20": ("completed", None),
                                 "33": ("  待核实 ", "数据口径不一致")}, tmp_path / "reviewed.xlsx")
    assert read_review_overrides(reviewed) == {
        "7": Override("lagging", "驿站尚未运营"),  # written by the renderer, kept
        "12": Override("lagging", "材料未报送"),
        "20": Override("completed", ""),
        "33": Override("unknown", "数据口径不一致"),
    }


def test_clearing_a_cell_removes_the_override(rendered, tmp_path):
    reviewed = review(rendered, {"7": (None, None)}, tmp_path / "reviewed.xlsx")
    assert read_review_overrides(reviewed) == {}


def test_overrides_applied_and_rendered_again_read_back_the_same(report, rendered, tmp_path):
    overrides = read_review_overrides(
        review(rendered, {"12": ("滞后", "材料未报送")}, tmp_path / "reviewed.xlsx"))
    tasks = [replace(task, override=overrides[task.id], status=overrides[task.id].status,
                     auto_status=task.auto_status or task.status)
             if task.id in overrides else task for task in report.tasks]
    again = api.render(report.with_tasks(tasks), "xlsx", tmp_path / "again.xlsx")
    assert read_review_overrides(again) == overrides
    book = load_workbook(again)
    header = [cell.value for cell in book["全部任务"][1]]
    row = next(row for row in book["全部任务"].iter_rows(min_row=2, values_only=True)
               if str(row[0]) == "12")
    assert row[header.index("状态")] == "滞后"
    assert row[header.index("自动判定")] == PALETTE.label(report.tasks[11].status)


def test_columns_found_by_label_after_inserting_columns_sorting_and_a_note_row(rendered,
                                                                                tmp_path):
    reviewed = review(rendered, {"12": ("滞后", "材料未报送")}, tmp_path / "reviewed.xlsx")
    rows = list(load_workbook(reviewed)["全部任务"].iter_rows(values_only=True))
    book = Workbook()
    sheet = book.active
    sheet.title = "复核后"
    sheet.append(["2023年三季度审核意见（督查室）"])
    sheet.append(["审核人", *rows[0]])
    for row in sorted(rows[1:], key=lambda row: -int(row[0])):
        sheet.append(["张三", *row])
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    assert read_review_overrides(stream) == {"7": Override("lagging", "驿站尚未运营"),
                                             "12": Override("lagging", "材料未报送")}


def test_the_palettes_own_labels_are_offered_and_read(report, tmp_path):
    palette = PALETTE.with_changes({"lagging": {"label": "落后"}})
    path = api.render(report, "xlsx", tmp_path / "report.xlsx",
                      options=RenderOptions(palette=palette))
    validation = load_workbook(path)["全部任务"].data_validations.dataValidation[0]
    assert "落后" in validation.formula1 and "滞后" not in validation.formula1
    reviewed = review(path, {"12": ("落后", "")}, tmp_path / "reviewed.xlsx")
    assert read_review_overrides(reviewed, palette)["12"] == Override("lagging", "")


def test_a_label_that_is_no_status_names_file_row_and_column(rendered, tmp_path):
    reviewed = review(rendered, {"12": ("落后了", "")}, tmp_path / "reviewed.xlsx")
    with pytest.raises(InputError) as caught:
        read_review_overrides(reviewed)
    message = str(caught.value)
    assert message.startswith("reviewed.xlsx, row 13, column O (人工调整):")
    assert "'落后了'" in message and "滞后" in message


def test_a_reviewed_row_without_task_number_is_an_error(rendered, tmp_path):
    book = load_workbook(rendered)
    sheet = book["全部任务"]
    sheet["A5"].value = None
    sheet["O5"].value = "滞后"
    book.save(tmp_path / "reviewed.xlsx")
    with pytest.raises(InputError, match=r"row 5, column A \(序号\)"):
        read_review_overrides(tmp_path / "reviewed.xlsx")


def test_a_task_reviewed_twice_is_an_error(rendered, tmp_path):
    book = load_workbook(rendered)
    sheet = book["全部任务"]
    sheet["A9"].value = 7
    sheet["O9"].value = "已完成"
    book.save(tmp_path / "reviewed.xlsx")
    with pytest.raises(InputError, match=r"task 7 is reviewed twice \(also in row 8\)"):
        read_review_overrides(tmp_path / "reviewed.xlsx")


def test_files_that_are_not_reviewed_workbooks_are_input_errors(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="notes.xlsx"):
        read_review_overrides(text)
    with pytest.raises(InputError, match="missing.xlsx"):
        read_review_overrides(tmp_path / "missing.xlsx")
    import zipfile

    with zipfile.ZipFile(tmp_path / "zipped.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError, match="zipped.xlsx: cannot read the reviewed workbook"):
        read_review_overrides(tmp_path / "zipped.xlsx")
    other = tmp_path / "other.xlsx"
    book = Workbook()
    book.active.append(["序号", "任务名称"])
    book.save(other)
    with pytest.raises(InputError, match="other.xlsx: no sheet has the columns 序号 and 人工调整"):
        read_review_overrides(other)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=60))
def test_safe_text_keeps_what_a_worksheet_can_hold(text):
    result = safe_text(text)
    assert not any(ch in result for ch in "\x00\x07\x1b\ufffe\uffff")
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in result)
    result.encode("utf-8")  # lxml must be able to write it
    kept = [ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and not
            0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff")]
    assert result == "".join(kept)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=MAX_CELL_CHARS - 5, max_value=MAX_CELL_CHARS + 40),
       st.sampled_from(["字", "a", "\U00020000"]))
def test_safe_text_cuts_at_the_excel_limit_counting_utf16_units(length, char):
    result = safe_text(char * length)
    units = len(result.encode("utf-16-le")) // 2
    assert units <= MAX_CELL_CHARS
    if len(char.encode("utf-16-le")) // 2 * length <= MAX_CELL_CHARS:
        assert result == char * length
    else:
        assert result.endswith(CUT_MARK) and units > MAX_CELL_CHARS - 2 - len(CUT_MARK)
