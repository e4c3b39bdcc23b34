"""The briefing's text templates, its title, Chinese ordinals, and the shipped styles template."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from dataclasses import replace

import pytest

from tests.conftest import ROOT
from yiwu_reports.core.errors import RenderError
from yiwu_reports.core.model import Period, Report
from yiwu_reports.renderers.docx.text import (
    briefing_subject,
    briefing_text,
    fill_template,
    load_briefing_text,
)
from yiwu_reports.summary.display import chinese_numeral

Q3 = Period(2023, "quarter", 9)


@pytest.mark.parametrize("title, subject", [
    ("2023年义乌市政府工作报告重点任务三季度进展情况汇总表",
     "2023年义乌市政府工作报告重点任务三季度进展情况"),
    ("2023年政府工作报告重点任务三季度进展情况统计表", "2023年政府工作报告重点任务三季度进展情况"),
    ("2023年民生实事项目1-9月进展情况表", "2023年民生实事项目1-9月进展情况"),
    # A title that does not name its period gets it after the year.
    ("2023年重点任务进展", "2023年三季度重点任务进展情况"),
    ("2023年重点任务一览表", "2023年三季度重点任务进展情况"),
    # An annex number, a portal's column tag and a date note are not the subject.
    ("附件1 全省2023年重点民生实事项目完成进度表(截至2023年9月底)",
     "全省2023年三季度重点民生实事项目完成情况"),
    ("【落实情况】市机关事务管理局2023年主要任务三季度落实情况",
     "市机关事务管理局2023年主要任务三季度落实情况"),
    ("附件 2023年三季度30项重点民生实事进展情况表", "2023年三季度30项重点民生实事进展情况"),
    ("2023年为民办实事项目进展情况月报表(9月份)", "2023年三季度为民办实事项目进展情况"),
    # 完成情况汇总表 keeps its 完成情况; a title with months but no year gets the year.
    ("怀远县2023年度政府重点工作任务第三季度完成情况汇总表",
     "怀远县2023年度政府重点工作任务第三季度完成情况"),
    ("1-9月份州重点项目投资完成情况汇总表", "2023年1-9月份州重点项目投资完成情况"),
    ("海安市民政局2023年民生实事项目实施进度表", "海安市民政局2023年三季度民生实事项目实施情况"),
    ("关于2023年重点任务三季度进展情况的通报", "2023年重点任务三季度进展情况"),
    ("汇总表", "2023年三季度政府工作报告重点任务进展情况"),
    ("政府工作报告重点任务进展情况汇总表", "2023年三季度政府工作报告重点任务进展情况"),
    ("", "2023年三季度政府工作报告重点任务进展情况"),
])
def test_subject_from_the_table_title(title, subject):
    report = Report(title=title, period=Q3, tasks=())
    assert briefing_subject(report, load_briefing_text()) == subject


def test_title_template():
    report = Report(title="2023年义乌市政府工作报告重点任务三季度进展情况汇总表", period=Q3, tasks=())
    text = briefing_text(report, 0)
    assert text.fill("title.template") == "关于2023年义乌市政府工作报告重点任务三季度进展情况的通报"
    assert text.fill("closing.date") == "2023年10月　日"
    q4 = briefing_text(replace(report, period=Period(2023, "quarter", 12)), 0)
    assert q4.fill("closing.date") == "2024年1月　日"


def test_values_are_never_parsed_as_placeholders():
    assert fill_template("{title}：{total}", {"title": "{total}{0}{", "total": 3}) == "{total}{0}{：3"
    assert fill_template("{{literal}} {a}", {"a": "}}"}) == "{literal} }}"


def test_unknown_placeholder_names_itself_and_the_choices():
    with pytest.raises(RenderError) as caught:
        fill_template("{nope}", {"period": "x"}, "opening.text")
    assert "opening.text" in str(caught.value) and "{nope}" in str(caught.value)
    assert "{period}" in str(caught.value)
    with pytest.raises(RenderError, match="braces"):
        fill_template("{unclosed", {}, "opening.text")


def test_broken_toml_is_a_render_error(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text("[closing\n", encoding="utf-8")
    with pytest.raises(RenderError, match="not valid TOML"):
        load_briefing_text(path)


@pytest.mark.parametrize("number, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"),
                                          (25, "二十五"), (100, "一百"), (105, "一百零五"),
                                          (115, "一百一十五"), (1010, "一千零一十")])
def test_chinese_numerals(number, text):
    assert chinese_numeral(number) == text


def test_shipped_styles_template_matches_its_generator():
    """templates/briefing-styles.docx is what scripts/make_briefing_styles.py writes (rebuild it
    with the script after changing either)."""
    spec = importlib.util.spec_from_file_location("make_briefing_styles",
                                                  ROOT / "scripts" / "make_briefing_styles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = zipfile.ZipFile(io.BytesIO(module.build()))
    shipped = zipfile.ZipFile(ROOT / "templates" / "briefing-styles.docx")
    for name in ("word/styles.xml", "word/fontTable.xml", "word/settings.xml", "word/document.xml"):
        assert built.read(name) == shipped.read(name), name
