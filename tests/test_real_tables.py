"""The 14 published tables of tests/data/real: each reads with its period, with the ids its labels
use, and the rows say what the published table says (lead units, places, verdicts, columns)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA
from yiwu_reports import api
from yiwu_reports.core.period import find_table_period, parse_period_label
from yiwu_reports.readers import columns
from yiwu_reports.readers.delimited import read_delimited
from yiwu_reports.readers.header import find_header
from yiwu_reports.readers.layout import decide_layout

REAL = DATA / "real"
TABLES = sorted(path.stem for path in REAL.glob("*.tsv"))

# The published titles, from the README (the excerpts start at the header): where a table states
# its period, what we detect must be what the labels use.
TITLES = {
    "pinghu_2024_1-9": "2024年政府工作报告重点工作完成情况(前三季度)",
    "taishun_2024_1-4": "2024年4月省政府民生实事项目进展情况汇总表",
    "huaiyuan_2021_q1": "怀远县2021年度政府重点工作任务第一季度完成情况汇总表",
    "putuo_2012_1-5": "2012年市、区政府民政实事项目完成情况进度表(五月份)",
    "haian_2023_1-8": "海安市民政局2023年民生实事项目实施进度表",
    "hunan_oldcomm_2021_1-8": "附件1 全省2021年重点民生实事项目完成进度表(截至2021年8月底)",
    "xiangxi_2021_1-9": "2021年1-9月份州重点项目投资完成情况汇总表",
    "cangnan_2023_trad": "2023年省政府民生實(shí)事項(xiàng)目實(shí)施計(jì)劃(截至4月10日)",
    "sizhoutou_2024_h1": "泗洲头镇2024年度重点工作计划二季度执行情况",
}
# Tables whose excerpt has no title: the period is in a column header, the year is not stated.
HEADER_ONLY = ("pinghu_2025_q1", "xihu_2024_q1", "sizhoutou_2024_h1", "haian_2023_1-8",
               "pinghu_2024_1-9")


def load(name):
    period = (REAL / f"{name}.period").read_text(encoding="utf-8").strip()
    return api.load(REAL / f"{name}.tsv", period=period)


def labels(name):
    lines = (REAL / f"{name}.labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def headers(name):
    rows, _, _ = read_delimited((REAL / f"{name}.tsv").read_bytes(), f"{name}.tsv")
    header = find_header(rows)
    assert header is not None
    data = [row.cells for row in rows[header.end + 1:]]
    layout = decide_layout(header.names, data, name, 1)
    progress = [layout.names[i] for i in [layout.progress, *layout.other_progress] if i is not None]
    others = [n for n in layout.names if n not in progress]
    return progress, others


# Labelled rows that add up the others (hunan_oldcomm's 全省): the reader takes them for no task.
TOTAL_ROWS = {"hunan_oldcomm_2021_1-8": {"15"}}


@pytest.mark.parametrize("name", TABLES)
def test_every_real_table_reads_with_the_ids_of_its_labels(name):
    report = load(name)
    assert [task.id for task in report.tasks] == [str(label["id"]) for label in labels(name)
                                                 if str(label["id"]) not in TOTAL_ROWS.get(name, ())]
    assert all(task.title for task in report.tasks)
    assert all(task.progress for task in report.tasks)


@pytest.mark.parametrize("name", sorted(TITLES))
def test_period_detected_from_title_and_headers_matches_the_labels(name):
    progress, others = headers(name)
    expected = parse_period_label((REAL / f"{name}.period").read_text(encoding="utf-8").strip())
    found = find_table_period([TITLES[name]], progress, others)
    # 二季度 in a title stays a quarter (2024Q2; the sample's Q2 table is named so), with the same
    # months and elapsed share as the label's 2024H1.
    assert found is not None
    assert (found.year, found.last_month) == (expected.year, expected.last_month)
    assert found == expected or "二季度" in TITLES[name]


@pytest.mark.parametrize("name", HEADER_ONLY)
def test_period_in_a_column_header_alone(name):
    progress, others = headers(name)
    expected = parse_period_label((REAL / f"{name}.period").read_text(encoding="utf-8").strip())
    # The excerpt gives no year: the year a caller knows, the months from the header.
    assert find_table_period([f"{expected.year}年"], progress, others) == expected \
        or find_table_period([], progress, [f"{expected.year}年", *others]) == expected


def test_huaiyuan_lead_unit_is_the_unit_not_the_county_leader():
    report = load("huaiyuan_2021_q1")
    assert [task.lead for task in report.tasks][:4] == ["发展改革委", "发展改革委", "商务局",
                                                       "经济和信息化局"]
    assert report.tasks[0].extra_value("牵头县领导") == "路 军"
    assert report.tasks[5].id == "★6"


def test_places_as_rows_with_a_total_row():
    report = load("hunan_oldcomm_2021_1-8")
    first, last = report.tasks[0], report.tasks[-1]
    assert (first.id, first.title, first.place) == ("1", "长沙市", "长沙市")
    assert (last.id, last.title) == ("14", "湘西州")  # 全省 adds the cities up: no task
    assert any("total row" in warning and "全省" not in warning for warning in report.warnings)
    assert first.extra_value("计划完成数") == "150" and first.extra_value("开工率") == "95.33%"
    assert "累计完成投资额(万元)：36836.13" in first.progress_text
    assert all(task.lead == "" for task in report.tasks)
    assert any("未注明牵头单位" in warning for warning in report.warnings)


def test_places_without_ids_are_numbered_by_position():
    report = load("xiangxi_2021_1-9")
    assert [task.title for task in report.tasks][:2] == ["吉首市", "泸溪县"]
    assert report.tasks[-1].title == "州 直" and report.tasks[-1].id == "10"
    assert report.tasks[0].extra_value("年投资计划") == "82.5"


def test_ids_from_the_numbers_written_before_the_task():
    putuo, ningbo, xiping = (load(name) for name in ("putuo_2012_1-5", "ningbo_2014_h1",
                                                      "xiping_2020"))
    assert putuo.tasks[1].id == "2" and putuo.tasks[1].title.startswith("二、新建老年日间服务中心")
    assert ningbo.tasks[2].id == "3" and ningbo.tasks[2].title.startswith("3.新辟公交线路")
    assert ningbo.tasks[1].lead == "市公安局"
    assert ningbo.tasks[1].extra_value("配合单位") == "市城管局、市财政局"
    assert xiping.tasks[4].id == "5" and xiping.tasks[4].title.startswith("5.10月底之前")
    from yiwu_reports.readers.table import number_prefix

    assert all(number_prefix(task.title) == task.id for task in (*ningbo.tasks, *xiping.tasks,
                                                                  *putuo.tasks))


def test_office_verdict_is_kept_with_its_meaning():
    task = load("haian_2023_1-8").tasks[0]
    assert task.verdict is not None
    assert (task.verdict.header, task.verdict.text, task.verdict.meaning) == (
        "是否 达序时", "是", "on_track")
    assert task.title.startswith("新增民营养老机构") and task.lead == "民政局"
    assert task.progress_text.startswith("新增养老机构")
    assert task.extra_value("协同单位").startswith("财政局")


def test_target_column_beside_the_task_column_stays_an_extra_with_its_role():
    task = load("sizhoutou_2024_h1").tasks[0]
    assert task.title == "白仙山水库工程政策处理"
    assert task.lead == "白仙山水库工程政策处理工作领导小组"
    assert task.progress_text == "该工程库区内坟墓迁移进度达60%。"
    assert columns.role_of("攻坚目标任务") == columns.TARGET
    assert task.extra_value("攻坚目标任务").startswith("完成项目政策处理工作")
    assert columns.role_of("工作任务安排") == columns.PLAN


def test_milestone_columns_are_never_progress():
    task = load("taishun_2024_1-4").tasks[1]
    assert task.progress_text.startswith("已完成。 完成筛查人数3495人")
    assert task.extra_value("月度工作计划") == "4月:完成筛查人数1480人(20%)。"
    xihu = load("xihu_2024_q1").tasks[0]
    assert xihu.extra_value("计划完成时间") == "11月底前"
    assert xihu.progress_text.startswith("其中北山街道1个")


def test_spaced_headers_and_a_leading_merged_column():
    pinghu = load("pinghu_2023_h1").tasks[0]
    assert pinghu.title == "生产总值增长6%。" and pinghu.lead.startswith("★发改局")
    assert pinghu.progress_text.startswith("一季度,全市")
    first, second = load("pinghu_2025_q1").tasks
    assert (first.id, first.extra_value("分管市长")) == ("1", "周军波")
    assert (second.id, second.extra_value("分管市长")) == ("2", "")


def test_traditional_table_with_pinyin_glosses_in_its_header():
    report = load("cangnan_2023_trad")
    task = report.tasks[0]
    assert report.traditional
    assert task.title.startswith("完成“縣中崛起”") and task.lead == "縣教育局"
    assert task.progress_text.startswith("已完成第一季度結(jié)對(duì)儀式")
    assert task.extra_value("工作進(jìn)度安排").startswith("第一季度")


def test_units_of_figure_columns():
    units = (("单位", "个、亿元"),)
    assert columns.cell_unit("项目个数", units) == "个"
    assert columns.cell_unit("年投资计划", units) == "亿元"
    assert columns.cell_unit("完成投资额", units) == "亿元"
    assert columns.cell_unit("年计划投资完成率", units) == ""
    assert columns.cell_unit("计划投资额(万元)", units) == "万元"
    assert columns.cell_unit("累计完成投资额(万元)") == "万元"
    assert columns.cell_unit("计划完成数") == ""
    assert columns.cell_unit("进展情况(一季度)") == ""
    assert columns.cell_unit("项目个数", (("单位", "万元"),)) == ""
