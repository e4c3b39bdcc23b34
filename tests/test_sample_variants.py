"""The sample in other offices' shapes reads as the same 159 tasks (ids, titles, leads, progress,
period 2023Q3, a clean title) with the same statuses as the text sample."""

from __future__ import annotations

from functools import lru_cache

import pytest

from tests import sample_variants as variants
from tests.conftest import SAMPLE_TXT
from yiwu_reports import api

# name → (builder, file name, what differs from the text sample)
VARIANTS = {
    "multi-header.xlsx": (variants.multi_header_xlsx, "multi-header.xlsx", ""),
    "several-sheets.xlsx": (variants.several_sheets_xlsx, "several-sheets.xlsx", "groups"),
    "traditional.csv": (variants.traditional_csv, "traditional.csv", "traditional"),
    "no-lead.csv": (variants.no_lead_csv, "no-lead.csv", "no lead"),
    "word.docx": (variants.docx_document, "word.docx", ""),
    "portal.html": (variants.portal_page, "portal.html", ""),
    "portal-gb18030.htm": (lambda: variants.portal_page("gb18030"), "portal-gb18030.htm", ""),
    "old.xls": (variants.xls_workbook, "old.xls", ""),
}


@lru_cache(maxsize=1)
def reference():
    return api.assess(api.load(SAMPLE_TXT))


def read_variant(tmp_path, name):
    build, file_name, _ = VARIANTS[name]
    path = tmp_path / file_name
    path.write_bytes(build())
    return api.load(path)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_reads_as_the_sample(tmp_path, name):
    report = read_variant(tmp_path, name)
    expected = reference()
    differs = VARIANTS[name][2]
    assert report.period.label == "2023Q3"
    assert len(report.tasks) == 159
    assert [task.id for task in report.tasks] == [task.id for task in expected.tasks]
    as_given = variants.traditional if differs == "traditional" else (lambda text: text)
    assert report.title == as_given(variants.TITLE)
    for task, sample in zip(report.tasks, expected.tasks):
        assert task.title == as_given(sample.title)
        assert task.lead == ("" if differs == "no lead" else as_given(sample.lead))
        assert task.progress_text == as_given(sample.progress_text)
    assessed = api.assess(report)
    assert [task.status for task in assessed.tasks] == [task.status for task in expected.tasks]


def test_multi_row_header_joins_its_names_and_keeps_the_fill_line(tmp_path):
    report = read_variant(tmp_path, "multi-header.xlsx")
    assert report.metadata == (("填报单位", "义乌市人民政府办公室"), ("填报日期", "2023年10月15日"))
    third = report.tasks[2]
    assert third.extra == (("推进情况/存在问题", "资金到位偏慢"),)
    assert report.tasks[0].extra == (("推进情况/存在问题", ""),)
    assert report.tasks[0].source.row == 5


def test_several_sheets_are_read_in_order_with_their_names_as_groups(tmp_path):
    report = read_variant(tmp_path, "several-sheets.xlsx")
    groups = [task.group for task in report.tasks]
    assert groups == ["经济发展"] * 60 + ["社会民生"] * 99
    assert report.tasks[0].extra[0] == ("分组", "经济发展")
    assert report.tasks[60].source.row == 3  # rows are counted in each sheet
    assert any("“填报说明”" in warning and "not read" in warning for warning in report.warnings)
    assert not any("appears at rows" in warning for warning in report.warnings)


def test_traditional_copy_is_judged_on_simplified_text_and_shown_as_given(tmp_path):
    report = api.assess(read_variant(tmp_path, "traditional.csv"))
    assert report.traditional
    expected = reference()
    for task, sample in zip(report.tasks, expected.tasks):
        assert len(task.indicators) == len(sample.indicators)
        for indicator, simple in zip(task.indicators, sample.indicators):
            assert indicator.evidence.target == variants.traditional(simple.evidence.target)
            assert (indicator.ratio, indicator.status) == (simple.ratio, simple.status)
    # What is shown is the text as given, in every output.
    path = tmp_path / "t.json"
    api.render(report, "json", path)
    text = path.read_text(encoding="utf-8")
    assert variants.traditional(expected.tasks[0].title) in text


def test_simplified_table_is_not_taken_for_traditional(sample_report):
    assert not sample_report.traditional
