"""Kinds of table and wording a new office brings, each made up here in words of our own: the
reader places the columns from their cells as well as their headers, every figure is used or set
aside, and a judgement is `certain` only when nothing is left unexplained.

The kinds are those that went wrong on real tables the tool had never seen (issue 22): unfamiliar
headers, the lead unit in the task text, a target column under an unexpected name, figures a
reader sees and the tool dropped (a share in prose, growth wordings, a bare figure, numbered
lists, an estimate), rows that are not tasks and tasks spread over rows, revised targets, and a
full-year report that settles rate and level targets.
"""

from __future__ import annotations

import io

import pytest

from yiwu_reports import api


def judged(text: str, period: str, name: str = "t.csv", **options: object):
    stream = io.BytesIO(text.encode("utf-8"))
    stream.name = name
    return api.assess(api.load(stream, period=period, **options))


def by_id(report):
    return {task.id: task for task in report.tasks}


# Unfamiliar headers ---------------------------------------------------------------------------

def test_two_columns_of_task_and_report_under_headers_never_seen():
    report = judged("年度事项,推动情况\n"
                    "1.新建乡村文化驿站12个,截至9月底已建成文化驿站10个\n"
                    "2.组织送戏下乡200场,累计送戏下乡120场\n", "2024Q3")
    tasks = by_id(report)
    assert [t.status for t in report.tasks] == ["on_track", "lagging"]
    assert tasks["1"].indicators[0].actual.value == 10
    roles = {role.column: (role.role, role.decided_by) for role in report.layout}
    assert roles["年度事项"] == ("title", "cells") or roles["年度事项"][0] == "title"
    assert roles["推动情况"][0] == "progress"


def test_rows_of_categories_with_figure_columns_are_tasks_named_by_the_category():
    report = judged("分类,计划投资(万元),已完成投资(万元),完成比例\n"
                    "工业项目,52000,41000,78.8%\n"
                    "交通项目,30000,12000,40%\n"
                    "合计,82000,53000,64.6%\n", "2023Q3")
    assert [task.title for task in report.tasks] == ["工业项目", "交通项目"]  # no total row
    assert [task.status for task in report.tasks] == ["on_track", "lagging"]
    assert any("合计" in warning for warning in report.warnings)


def test_indicator_table_with_plan_and_result_under_a_merged_heading(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2022年1-11月主要经济指标完成情况"])
    sheet.append(["指标", "单位", "执行情况", None, "同比"])
    sheet.append([None, None, "计划", "实绩", None])
    sheet.merge_cells("C2:D2")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("E2:E3")
    sheet.append(["社会消费品零售总额", "亿元", 260, 248.5, "6.1%"])
    sheet.append(["新增市场主体", "户", 9000, 7200, "-3.0%"])
    path = tmp_path / "zb.xlsx"
    book.save(path)
    report = api.assess(api.load(path))
    assert [task.title for task in report.tasks] == ["社会消费品零售总额", "新增市场主体"]
    assert [task.status for task in report.tasks] == ["on_track", "lagging"]


# The lead unit and the target where a new office puts them -------------------------------------

def test_the_lead_unit_named_inside_the_task_text():
    report = judged("序号,任务,完成情况\n"
                    "3,改造农村危桥15座。（牵头单位：县交通运输局）,已完成改造12座\n", "2023Q3")
    task = report.tasks[0]
    assert task.lead == "县交通运输局"
    assert task.status == "on_track"


def test_a_target_column_under_an_unexpected_name_beside_a_column_that_only_names_the_item():
    report = judged("序号,工程名称,建设规模,上半年进展,责任单位\n"
                    "1,城乡供水一体化工程,铺设供水管网60公里,已铺设管网33公里,县水务局\n"
                    "2,农贸市场改造工程,改造农贸市场8个,已完成改造2个,县市场监管局\n", "2023H1")
    assert [task.status for task in report.tasks] == ["on_track", "lagging"]
    assert report.tasks[0].indicators[0].target.value == 60


def test_the_office_names_a_column_the_reader_cannot_place():
    text = ("序号,事项,甲栏,进展\n"
            "1,老旧小区改造,改造老旧小区40个,已开工改造36个\n")
    report = judged(text, "2023Q3", columns={"甲栏": "target"})
    assert report.tasks[0].indicators[0].target.value == 40
    roles = {role.column: role for role in report.layout}
    assert roles["甲栏"].role == "target" and roles["甲栏"].decided_by == "settings"


# Figures a reader sees ------------------------------------------------------------------------

@pytest.mark.parametrize("progress", ["已进场施工，工程量完成45%", "6月开工，已完成工程量的45%",
                                      "已开工，累计完成年度建设工程量的45%"])
def test_a_share_of_the_work_said_in_prose_is_compared_with_the_elapsed_share(progress):
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    f"1,新建社区足球场10片,体育局,{progress}\n", "2023Q3")
    indicator = report.tasks[0].indicators[0]
    assert indicator.status == "lagging"
    assert indicator.ratio == pytest.approx(0.45)


def test_a_percentage_beside_a_count_nothing_was_found_for_is_for_a_person_to_read():
    # Neither a figure of the target's kind nor a share said in a known way: the 38% may be the
    # share done (of the length? of the money?), and the judgement without a figure is doubtful.
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,改造供水管网40公里,水务局,6月开工，目前管网改造约占计划38%\n", "2023Q3")
    task = report.tasks[0]
    assert task.status == "unknown"
    assert task.confidence == "review" and "38%" in task.confidence_reason
    assert [f.use for f in task.figures if f.text == "38%"] == ["unplaced"]


@pytest.mark.parametrize("progress, status", [
    ("1-9月全县规上工业增加值增速6.8%", "lagging"),
    ("前三季度规上工业增加值同比增长8.3%", "on_track"),
    ("1-9月规上工业增加值完成56.2亿元，增幅9.1%", "on_track"),
])
def test_growth_in_its_several_wordings_against_a_growth_target(progress, status):
    report = judged(f"序号,任务名称,牵头单位,进展情况\n1,规上工业增加值增长7.5%以上,经信局,{progress}\n",
                    "2023Q3")
    assert report.tasks[0].status == status


def test_a_rate_raised_by_points_on_last_year():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,城镇化率较上年提高1个百分点以上,发改局,城镇化率较上年提高1.2个百分点\n", "2023")
    assert report.tasks[0].status == "completed"


def test_a_bare_figure_alone_in_the_result_cell():
    report = judged("序号,任务名称,牵头单位,完成情况\n1,税收收入增长6%以上,财政局,4.1%\n", "2023Q3")
    indicator = report.tasks[0].indicators[0]
    assert (indicator.actual.value, indicator.status) == (4.1, "lagging")


def test_a_result_cell_of_words_and_figures_is_read_as_a_text_not_as_one_figure():
    # 「一季度…2215户」 is no quantity of 1 with a long unit: the cell is read as progress is.
    report = judged("序号,工作,年度目标,一季度完成,部门\n"
                    "1,培育市场主体,新增市场主体6000户,一季度新增市场主体1720户，其中个体户1290户,"
                    "市场监管局\n", "2025Q1")
    indicator = report.tasks[0].indicators[0]
    assert (indicator.actual.value, indicator.actual.unit) == (1720, "户")
    assert indicator.status == "on_track"


def test_numbered_lists_in_both_cells_are_matched_by_their_numbers():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,\"1、新建公办幼儿园3所;2、新增学位1800个;\",教育局,"
                    "\"1、公办幼儿园已建成1所，2所在建。2、新增学位1900个。\"\n", "2023Q3")
    statuses = [indicator.status for indicator in report.tasks[0].indicators]
    assert statuses == ["lagging", "completed"]


def test_an_estimate_as_the_only_figure_is_used_and_marked_for_review():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,外贸进出口额达到120亿元,商务局,预计前三季度外贸进出口额完成95亿元\n", "2023Q3")
    task = report.tasks[0]
    assert task.indicators[0].actual.value == 95
    assert task.status == "on_track"
    assert task.confidence == "review"
    assert "预计" in task.confidence_reason


# Rows that are not tasks, and tasks spread over rows ------------------------------------------

def test_total_rows_are_not_tasks():
    report = judged("县区,年度目标(个),已完成(个)\n"
                    "东城区,20,18\n西城区,10,5\n全市,30,23\n", "2023Q3")
    assert [task.title for task in report.tasks] == ["东城区", "西城区"]


def test_rows_without_a_number_under_a_numbered_task_are_more_of_that_task():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,新增城镇就业5000人,人社局,新增城镇就业4200人\n"
                    ",失业人员再就业1200人,,失业人员再就业700人\n"
                    "2,新建口袋公园8个,建设局,已建成8个\n", "2023Q3")
    assert [task.id for task in report.tasks] == ["1", "2"]
    first = report.tasks[0]
    assert [indicator.target.value for indicator in first.indicators] == [5000, 1200]
    assert first.status == "lagging"


def test_a_word_table_continued_after_a_paragraph_is_one_table(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("2023年民生实事项目上半年进展情况")
    for rows in ([("1", "新建城市驿站6个", "已建成4个")], [("2", "新增停车泊位500个", "已新增200个")]):
        if len(document.tables):
            document.add_paragraph("续表")
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, ("序号", "项目", "进展情况")):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    path = tmp_path / "xb.docx"
    document.save(path)
    report = api.assess(api.load(path))
    assert [task.id for task in report.tasks] == ["1", "2"]
    assert not any(task.group for task in report.tasks)


# Targets revised, and a year settled ----------------------------------------------------------

def test_a_target_revised_during_the_year_is_judged_against_the_revision():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,地区生产总值增长6%（年中调整为4%左右）,发改局,前三季度地区生产总值增长4.3%\n",
                    "2023Q3")
    task = report.tasks[0]
    assert task.indicators[0].target.value == 4
    assert task.status == "on_track"
    assert task.confidence == "review"
    assert "调整" in task.confidence_reason


def test_a_revision_in_a_target_column_whose_unit_is_in_a_column_of_its_own():
    # The figures are bare: the unit column says what they count, the first one and its revision.
    report = judged("序号,指标名称,单位,年度目标,1-9月完成\n"
                    "1,规上工业增加值增长,%,8（年中调整为5左右）,5.6\n"
                    "2,城镇新增就业,人,\"2,000\",1750\n", "2023Q3")
    revised, plain = report.tasks
    assert (revised.indicators[0].target.value, revised.indicators[0].target.unit) == (5, "%")
    assert revised.status == "on_track"
    assert revised.confidence == "review" and "调整" in revised.confidence_reason
    assert (plain.indicators[0].target.value, plain.indicators[0].target.unit) == (2000, "人")


def test_a_full_year_report_settles_rate_and_level_targets():
    report = judged("序号,任务名称,牵头单位,完成情况\n"
                    "1,居民人均可支配收入增长7%,统计局,全年居民人均可支配收入增长7.4%\n"
                    "2,空气优良率达到90%以上,生态环境局,全年空气优良率92.3%\n", "2023")
    assert [task.status for task in report.tasks] == ["completed", "completed"]


# Confidence that means something ----------------------------------------------------------------

def test_a_stated_rate_that_contradicts_the_computed_one_is_shown_and_marked():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,完成文旅项目投资50亿元,文旅局,1-9月完成投资12亿元，完成年度目标的91%\n",
                    "2023Q3")
    task = report.tasks[0]
    assert task.confidence == "review"
    assert "91%" in task.confidence_reason and "24" in task.confidence_reason


def test_a_figure_of_the_targets_kind_left_unexplained_makes_the_judgement_doubtful():
    # The 补充说明 column says 196 base stations where the progress says 180: nothing explains it.
    report = judged("序号,任务名称,牵头单位,进展情况,补充说明\n"
                    "1,新建5G基站300个,经信局,已建成5G基站180个,据运营商统计已建成5G基站196个\n",
                    "2023Q3")
    task = report.tasks[0]
    assert task.confidence == "review"
    assert "196个" in task.confidence_reason
    uses = {figure.text: figure.use for figure in task.figures}
    assert uses["196个"] == "unplaced" and uses["180个"] == "actual"


def test_a_figure_of_another_stage_is_set_aside_with_its_reason():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,新建5G基站300个,经信局,已建成5G基站240个，另有96个完成选址\n", "2023Q3")
    task = report.tasks[0]
    assert (task.status, task.confidence) == ("on_track", "certain")
    assert {figure.text: figure.use for figure in task.figures}["96个"] == "set_aside"


def test_a_plain_row_is_certain_and_every_figure_is_accounted_for():
    report = judged("序号,任务名称,牵头单位,进展情况\n"
                    "1,新建城市书房10个,文广旅体局,截至9月30日，已建成城市书房8个\n", "2023Q3")
    task = report.tasks[0]
    assert (task.status, task.confidence) == ("on_track", "certain")
    uses = {figure.text: figure for figure in task.figures}
    assert uses["10个"].use == "target" and uses["8个"].use == "actual"
    assert uses["9月30日"].use == "set_aside"


# The office's word on a column, from the command line and from its config --------------------

_ODD_TABLE = "2023年三季度\n序号,事项,甲栏,进展\n1,老旧小区改造,改造老旧小区40个,已开工改造36个\n"


def test_column_on_the_command_line_names_a_role(tmp_path, run_cli):
    import json

    table = tmp_path / "t.csv"
    table.write_text(_ODD_TABLE, encoding="utf-8")
    result = run_cli(str(table), "-f", "json", "-o", str(tmp_path), "-q", "--column", "甲栏=target")
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "t-2023Q3.json").read_text(encoding="utf-8"))
    assert {"column": "甲栏", "role": "target", "decided_by": "settings"} in data["layout"]
    assert data["tasks"][0]["indicators"][0]["target"]["value"] == 40


def test_a_column_role_that_is_no_role_is_one_line(tmp_path, run_cli):
    table = tmp_path / "t.csv"
    table.write_text(_ODD_TABLE, encoding="utf-8")
    result = run_cli(str(table), "-f", "json", "-o", str(tmp_path), "--column", "甲栏=goal")
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "goal" in result.stderr


def test_columns_in_the_config_name_roles(tmp_path, run_cli):
    import json

    table = tmp_path / "t.csv"
    table.write_text(_ODD_TABLE, encoding="utf-8")
    config = tmp_path / "office.toml"
    config.write_text(f'[input]\npaths = ["{table.as_posix()}"]\n[output]\nfolder = '
                      f'"{tmp_path.as_posix()}"\nformats = ["json"]\nper_period = false\n'
                      '[columns]\n"甲栏" = "target"\n', encoding="utf-8")
    result = run_cli("--config", str(config), "-q")
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "t-2023Q3.json").read_text(encoding="utf-8"))
    assert {"column": "甲栏", "role": "target", "decided_by": "settings"} in data["layout"]


def test_a_table_whose_task_column_cannot_be_told_is_read_and_every_judgement_reviewed():
    # Its only words besides the lead and the progress are a schedule: no column is the task.
    report = judged("序号,工作安排,牵头单位,进展情况\n"
                    "1,9月底前完成道路改造招标,县建设局,已完成招标\n"
                    "2,10月底前完成绿化提升设计,县建设局,设计方案已报审\n", "2023Q3")
    assert len(report.tasks) == 2
    assert any(role.decided_by == "guess" for role in report.layout)
    assert all(task.confidence == "review" for task in report.tasks)
    assert any("every judgement is to be reviewed" in warning for warning in report.warnings)
