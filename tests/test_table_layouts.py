"""Table layouts as offices keep them, built small: metadata lines, no lead column, target column
as the task, several progress columns, the office's verdict, rows that continue a task."""

from __future__ import annotations

import pytest

from yiwu_reports import api
from yiwu_reports.core.errors import InputError
from yiwu_reports.readers.table import lead_in_text, number_prefix


def load(tmp_path, text, name="t.csv", **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return api.load(path, **options)


def test_lines_above_the_header_are_title_and_metadata(tmp_path):
    text = ("附件1\n"
            "2023年重点任务三季度推进情况汇总表,,,\n"
            "填报单位：市发改委（盖章）,,,填报日期：2023年10月8日\n"
            "（单位：万元）,,,\n"
            "序号,任务名称,牵头单位,进展情况\n"
            "1,完成投资350亿元,发改局,完成388.6亿元\n"
            "制表：张三 审核：李四,,,\n")
    report = load(tmp_path, text)
    assert report.title == "2023年重点任务三季度推进情况汇总表"
    assert report.metadata == (("附件", "1"), ("填报单位", "市发改委（盖章）"),
                               ("填报日期", "2023年10月8日"), ("单位", "万元"))
    assert [task.id for task in report.tasks] == ["1"]
    assert report.period.label == "2023Q3"


def test_title_and_unit_on_one_line(tmp_path):
    report = load(tmp_path, "2023年三季度进展情况 单位：亿元\n序号,任务名称,牵头单位,进展情况\n1,甲,乙,丙\n")
    assert report.title == "2023年三季度进展情况"
    assert report.metadata == (("单位", "亿元"),)


def test_no_lead_column_takes_the_lead_named_in_the_task_text(tmp_path):
    text = ("2023年三季度\n序号,任务名称,进展情况\n"
            "1,新增光伏装机4万千瓦（牵头单位：市发改委）,累计9万千瓦\n"
            "2,建设城市书房10个。责任单位：市文广旅体局,已建成6个\n"
            "3,培训人员1000人,已培训800人\n")
    report = load(tmp_path, text)
    assert [task.lead for task in report.tasks] == ["市发改委", "市文广旅体局", ""]
    assert report.tasks[0].title == "新增光伏装机4万千瓦（牵头单位：市发改委）"  # as written
    notices = [w for w in report.warnings if "no lead-unit column" in w]
    assert len(notices) == 1
    assert "2 task(s) name their lead" in notices[0] and "1 task(s) are shown as 未注明牵头单位" in notices[0]


def test_target_column_is_the_task_when_there_is_no_task_column(tmp_path):
    text = ("2023年1-9月民生实事\n序号,全年目标任务,责任单位,1-9月完成情况\n"
            "1,新建城市书房10个,文广旅体局,已建成8个\n2,改造老旧小区30个,建设局,完成25个\n")
    report = load(tmp_path, text)
    assert [task.title for task in report.tasks] == ["新建城市书房10个", "改造老旧小区30个"]
    assert report.tasks[0].extra == ()


def test_empty_task_cell_takes_the_target_text(tmp_path):
    text = ("2023年三季度\n序号,主要任务,年度目标任务,牵头单位,进展情况\n"
            "1,扩大有效投资,完成投资350亿元,发改局,完成388.6亿元\n"
            "2,,新增光伏装机4万千瓦,发改局,累计9万千瓦\n")
    report = load(tmp_path, text)
    assert [task.title for task in report.tasks] == ["扩大有效投资", "新增光伏装机4万千瓦"]
    assert report.tasks[1].extra == (("年度目标任务", "新增光伏装机4万千瓦"),)


def test_several_progress_columns_the_latest_is_the_progress(tmp_path):
    text = ("2023年重点工作\n序号,工作任务,牵头单位,1-5月推进情况,1-6月推进情况\n"
            "1,完成投资350亿元,发改局,完成150亿元,完成200亿元\n")
    report = load(tmp_path, text)
    task = report.tasks[0]
    assert task.progress_text == "完成200亿元"
    assert task.extra == (("1-5月推进情况", "完成150亿元"),)
    assert report.period.label == "2023H1"
    assert any("several progress columns" in w and "1-6月推进情况 is read" in w
               for w in report.warnings)


@pytest.mark.parametrize("header, cells, meanings", [
    ("是否达到序时进度", ["是", "否"], ["on_track", "lagging"]),
    ("是否滞后", ["是", "否"], ["lagging", "on_track"]),
    ("完成情况", ["已完成", "滞后"], ["completed", "lagging"]),
    ("进展状态", ["序时推进", "进度滞后"], ["on_track", "lagging"]),
])
def test_office_verdict_column(tmp_path, header, cells, meanings):
    text = (f"2023年三季度\n序号,任务名称,牵头单位,进展情况,{header}\n"
            f"1,任务甲,发改局,完成投资100亿元,{cells[0]}\n2,任务乙,经信局,完成30%,{cells[1]}\n")
    report = load(tmp_path, text)
    assert [task.progress_text for task in report.tasks] == ["完成投资100亿元", "完成30%"]
    assert [task.verdict.meaning for task in report.tasks] == meanings
    assert [task.verdict.text for task in report.tasks] == cells
    assert report.tasks[0].extra_value(header) == cells[0]  # the column itself is kept too


def test_json_keeps_place_group_verdict_and_metadata(tmp_path):
    text = ("2023年三季度\n单位：万元\n序号,县区,任务名称,牵头单位,进展情况,是否滞后\n"
            "一、扩大有效投资,,,,,\n1,东城区,完成投资1000,发改局,完成800,否\n")
    report = api.assess(load(tmp_path, text))
    task = report.tasks[0]
    assert (task.place, task.group) == ("东城区", "一、扩大有效投资")
    path = tmp_path / "r.json"
    api.render(report, "json", path)
    again = api.load(path)
    assert again == report
    assert again.metadata == (("单位", "万元"),)
    assert again.tasks[0].verdict == task.verdict and again.tasks[0].place == "东城区"


def test_cells_after_an_empty_cell_are_kept(tmp_path):
    text = "2023年三季度\n序号\t任务名称\t牵头单位\t进展情况\n1\t甲\t发改局\t进展\t\t远处的格\n"
    task = load(tmp_path, text, "t.txt").tasks[0]
    assert task.extra == (("列5", ""), ("列6", "远处的格"))


def test_a_row_with_no_id_and_no_task_continues_the_task_above(tmp_path):
    text = ("2023年三季度\n序号,任务名称,牵头单位,进展情况,备注\n"
            "1,任务甲,发改局,进展一,甲\n,,经信局,进展二,乙\n2,任务乙,商务局,进展三,\n")
    report = load(tmp_path, text)
    first = report.tasks[0]
    assert (first.lead, first.progress_text) == ("发改局、经信局", "进展一\n进展二")
    assert first.extra_value("备注") == "甲\n乙"
    assert [task.id for task in report.tasks] == ["1", "2"]
    assert any("row(s) with no id and no task text" in w and "rows 4" in w for w in report.warnings)


def test_a_second_header_inside_the_data_is_read_and_said(tmp_path):
    text = ("2023年三季度\n序号,任务名称,牵头单位,进展情况\n1,任务甲,发改局,进展一\n"
            "序号,重点项目,责任单位,推进情况,备注\n2,项目乙,建设局,进展二,开工\n")
    report = load(tmp_path, text)
    assert [(t.id, t.title, t.lead) for t in report.tasks] == [
        ("1", "任务甲", "发改局"), ("2", "项目乙", "建设局")]
    assert report.tasks[1].extra_value("备注") == "开工"
    assert any("a header row inside the data (rows 4)" in w for w in report.warnings)


def test_page_header_repeated_with_other_spacing_is_skipped(tmp_path):
    text = ("2023年三季度\n序号,任务名称,牵头单位,进展情况\n1,任务甲,发改局,进展一\n"
            "序 号,任务 名称,牵头 单位,进展 情况\n2,任务乙,经信局,进展二\n")
    report = load(tmp_path, text)
    assert [t.id for t in report.tasks] == ["1", "2"]
    assert not any("header row inside" in w for w in report.warnings)


def test_no_column_of_words_at_all_is_an_error(tmp_path):
    with pytest.raises(InputError, match="row 2: missing required column 任务名称"):
        load(tmp_path, "2023年三季度\n序号,牵头单位,进展情况\n1,123,456\n")


@pytest.mark.parametrize("text, number", [
    ("1.轨道交通", "1"), ("12、新建", "12"), ("（三）完善", "3"), ("十二、推进", "12"),
    ("二十三、加快", "23"), ("1.5万千瓦光伏", None), ("5.10月底之前完成", "5"), ("新增光伏", None), ("2023年完成", None),
])
def test_number_prefix(text, number):
    assert number_prefix(text) == number


@pytest.mark.parametrize("text, lead", [
    ("新增光伏装机4万千瓦（牵头单位：市发改委）", "市发改委"),
    ("新增光伏装机(责任单位:市发改委、市供电公司)。", "市发改委、市供电公司"),
    ("建设城市书房10个。责任单位：市文广旅体局", "市文广旅体局"),
    ("建设城市书房10个，由牵头单位负责", ""),
])
def test_lead_in_text(text, lead):
    assert lead_in_text(text) == lead


def test_more_than_a_tenth_without_progress_is_said(tmp_path):
    text = ("2023年三季度\n序号,任务名称,牵头单位,进展情况\n"
            "1,任务甲,发改局,进展\n2,任务乙,经信局,\n3,任务丙,商务局,进展\n")
    report = load(tmp_path, text)
    assert any("1 of 3 tasks have no progress text (rows 4)" in w for w in report.warnings)
    full = load(tmp_path, "2023年三季度\n序号,任务名称,牵头单位,进展情况\n1,甲,乙,丙\n", "u.csv")
    assert not any("no progress text" in w for w in full.warnings)


def test_every_task_qualitative_beside_figure_columns_is_said(tmp_path):
    text = ("2023年三季度\n序号,任务名称,牵头单位,进展情况,完成数\n"
            "1,深化改革,发改局,推进中,5\n2,优化服务,经信局,推进中,3\n")
    report = api.assess(load(tmp_path, text))
    assert {task.status for task in report.tasks} == {"qualitative"}
    lines = [w for w in report.warnings if "every task was judged qualitative" in w]
    assert len(lines) == 1 and "完成数" in lines[0] and "t.csv" in lines[0]
    again = api.assess(report)
    assert len([w for w in again.warnings if "every task was judged qualitative" in w]) == 1


def test_qualitative_tasks_without_figure_columns_say_nothing(tmp_path):
    text = "2023年三季度\n序号,任务名称,牵头单位,进展情况,备注\n1,深化改革,发改局,推进中,无\n"
    report = api.assess(load(tmp_path, text))
    assert not any("judged qualitative" in w for w in report.warnings)


def test_counties_as_rows_with_units_in_the_headers(tmp_path):
    text = ("2023年1-9月\n县（市、区）,年度目标（亿元）,完成投资（亿元）,完成率\n"
            "东阳市,10,8,80%\n合计,20,15,75%\n")
    report = load(tmp_path, text)
    # The 合计 row adds up the places: not a task (and the warnings say so).
    assert [(t.id, t.title, t.place) for t in report.tasks] == [("1", "东阳市", "东阳市")]
    assert any("total row" in warning for warning in report.warnings)
    assert report.tasks[0].progress_text == "完成投资（亿元）：8\n完成率：80%"


def test_units_as_rows_are_their_own_lead(tmp_path):
    report = load(tmp_path, "2023年1-9月\n单位名称,年度目标,完成数,完成率\n发改局,10,8,80%\n")
    task = report.tasks[0]
    assert (task.title, task.lead) == ("发改局", "发改局")
    assert task.extra == (("年度目标", "10"), ("完成数", "8"), ("完成率", "80%"))


def test_a_unit_of_measure_column_is_not_the_lead(tmp_path):
    text = "2023年三季度\n序号,任务名称,单位,年度目标,牵头单位,进展情况\n1,甲,万元,100,发改局,完成80\n"
    task = load(tmp_path, text).tasks[0]
    assert task.lead == "发改局" and task.extra == (("单位", "万元"), ("年度目标", "100"))


def test_short_progress_beside_a_verdict_column_stays_the_progress(tmp_path):
    text = ("2023年三季度\n序号,任务名称,牵头单位,进展情况,完成情况\n"
            "1,甲,乙,推进中,序时推进\n2,丁,乙,推进中,滞后\n")
    report = load(tmp_path, text)
    assert [t.progress_text for t in report.tasks] == ["推进中", "推进中"]
    assert [t.verdict.meaning for t in report.tasks] == ["on_track", "lagging"]


def test_a_numbered_row_without_task_text_takes_the_task_above(tmp_path):
    text = ("2023年三季度\n序号,任务名称,牵头单位,进展情况\n"
            "1,新建城市书房10个,文广旅体局,已建成6个\n2,,教育局,已建成2个\n")
    report = load(tmp_path, text)
    assert [(t.id, t.title, t.lead) for t in report.tasks] == [
        ("1", "新建城市书房10个", "文广旅体局"), ("2", "新建城市书房10个", "教育局")]
    assert any("took the task text of the row above" in w and "rows 4" in w
               for w in report.warnings)


def test_a_task_column_no_header_names_is_found_beside_lead_and_progress(tmp_path):
    text = "2023年三季度\n民生实事,责任单位,进展情况\n新建城市书房10个,文广旅体局,已建成6个\n"
    task = load(tmp_path, text).tasks[0]
    assert (task.id, task.title, task.lead, task.progress_text) == (
        "1", "新建城市书房10个", "文广旅体局", "已建成6个")


def test_delimiter_inside_quoted_cells_does_not_count(tmp_path):
    text = ('"实事项目","完成情况"\n"一、新建养老院1所;新增床位300张","完成室内粉刷,进入外墙安装;康乐福完成改造"\n'
            '"二、新建助餐点2个","芝川路完成,真如助餐点28日揭牌;长征进行中"\n')
    report = load(tmp_path, text, period="2012M1-5")
    assert [(t.id, t.progress_text) for t in report.tasks] == [
        ("1", "完成室内粉刷,进入外墙安装;康乐福完成改造"), ("2", "芝川路完成,真如助餐点28日揭牌;长征进行中")]


def test_progress_columns_by_month_follow_the_period_and_skip_empty_ones(tmp_path):
    text = ("2021年民生实事\n序号,项目,责任单位,7月进展,10月进展,12月进展\n"
            "1,建成书房10个,文广局,建成3个,建成8个,\n2,培训1000人,人社局,培训300人,培训900人,\n")
    report = load(tmp_path, text)
    assert [t.progress_text for t in report.tasks] == ["建成8个", "培训900人"]  # 12月 is empty
    assert report.period.label == "2021M1-10"
    july = load(tmp_path, text, "u.csv", period="2021M1-7")
    assert [t.progress_text for t in july.tasks] == ["建成3个", "培训300人"]


@pytest.mark.parametrize("header", ["一季度完成", "上半年完成", "1-9月完成", "1-9月完成值", "前三季度完成"])
def test_an_indicator_table_with_a_period_result_column_is_read(tmp_path, header):
    text = (f"2024年主要经济指标完成情况\n主要指标,目标,{header},责任单位\n"
            "地区生产总值增速,增长5.5%,5.8%,市发改局\n一般公共预算收入,增长5%,\"完成32.4亿元,下降2.1%\",市财政局\n")
    report = api.assess(load(tmp_path, text, period="2024Q3"))
    assert [(task.title, task.lead) for task in report.tasks] == [
        ("地区生产总值增速", "市发改局"), ("一般公共预算收入", "市财政局")]
    assert dict(report.tasks[0].extra)[header] == "5.8%"
    assert [task.status for task in report.tasks] == ["on_track", "lagging"]
    assert report.tasks[1].indicators[0].actual.value == -2.1


def test_a_unit_column_is_a_unit_of_measure_or_the_lead(tmp_path):
    measures = load(tmp_path, "2023年1-9月\n指标名称,单位,目标,1-9月完成值\n地区生产总值,亿元,1500,1200\n")
    assert measures.tasks[0].lead == "" and dict(measures.tasks[0].extra)["单位"] == "亿元"
    bodies = load(tmp_path, "2023年三季度\n序号,单位,任务名称,进展情况\n1,市发改委,完成投资350亿元,完成388亿元\n")
    assert bodies.tasks[0].lead == "市发改委"


@pytest.mark.parametrize("header, warned", [("工作进度", False), ("实施进度", False),
                                            ("推进措施及成效", True), ("工作开展", True)])
def test_progress_column_under_other_names(tmp_path, header, warned):
    text = (f"2023年三季度\n序号,重点任务,责任单位,{header}\n"
            "1,新建公园10个,市住建局,已建成公园8个，其余2个正在施工。\n")
    report = load(tmp_path, text)
    assert report.tasks[0].progress_text == "已建成公园8个，其余2个正在施工。"
    assert any("is read as the progress" in w for w in report.warnings) == warned


def test_a_table_with_no_sentences_beside_the_task_is_read_without_progress(tmp_path):
    report = load(tmp_path, "2023年三季度\n序号,重点任务,责任单位,备用\n1,新建公园10个,市住建局,是\n")
    assert [task.progress_text for task in report.tasks] == [""]
    assert api.assess(report).tasks[0].status == "unknown"


def test_a_section_row_merged_across_the_row_is_a_group_not_a_task(tmp_path):
    """一、产业发展 merged over every column reads as that text in every cell (its lead cell too):
    still a section row, in a workbook as in a Word table."""
    import docx
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2024年上半年重点工作推进情况", None, None, None])
    sheet.append(["序号", "重点工作", "责任单位", "推进情况"])
    sheet.append(["一、产业发展", None, None, None])
    sheet.merge_cells("A3:D3")
    sheet.append([1, "新增规上企业30家", "经信局", "新增18家"])
    sheet.append(["二、民生保障", None, None, None])
    sheet.merge_cells("A5:D5")
    sheet.append([2, "新建口袋公园12个", "住建局", "建成7个"])
    workbook.save(tmp_path / "t.xlsx")
    document = docx.Document()
    document.add_paragraph("2024年上半年重点工作推进情况")
    table = document.add_table(rows=6, cols=4)
    rows = [["序号", "重点工作", "责任单位", "推进情况"], ["一、产业发展"] * 4,
            ["1", "新增规上企业30家", "经信局", "新增18家"], ["二、民生保障"] * 4,
            ["2", "新建口袋公园12个", "住建局", "建成7个"]]
    for row, values in zip(table.rows, rows):
        if len(set(values)) == 1:
            merged = row.cells[0].merge(row.cells[3])
            merged.text = values[0]
        else:
            for cell, value in zip(row.cells, values):
                cell.text = value
    document.save(tmp_path / "t.docx")
    for name in ("t.xlsx", "t.docx"):
        report = api.load(tmp_path / name)
        assert [(t.id, t.lead, t.group) for t in report.tasks] == \
            [("1", "经信局", "一、产业发展"), ("2", "住建局", "二、民生保障")], name


def test_metadata_lines_in_traditional_characters_stay_apart_from_the_title(tmp_path):
    text = ("2020年第一季度重點工作進展情況表\n"
            "填報單位：縣發改局　　填報時間：2020年4月7日,,,\n"
            "序號,工作任務,牽頭單位,推進情況\n"
            "1,新建公園3個,縣住建局,已建成1個\n")
    report = load(tmp_path, text)
    assert report.title == "2020年第一季度重點工作進展情況表"
    assert report.metadata == (("填報單位", "縣發改局"), ("填報時間", "2020年4月7日"))


def test_excels_unicode_text_with_a_tab_inside_a_quoted_cell(tmp_path):
    """Excel's 「Unicode 文本」: UTF-16, tab-separated, a cell holding a tab or a line break
    wrapped in double quotes (and only such cells)."""
    text = ("序号\t任务名称\t牵头单位\t进展情况\r\n"
            "1\t新建公园3个\t住建局\t已建成1个\r\n"
            '2\t改造道路5条\t交通局\t"已完成2条。\t另有1条\r\n正在施工"\r\n')
    path = tmp_path / "t.txt"
    path.write_bytes("2024年一季度进展\r\n".encode("utf-16") + text.encode("utf-16-le"))
    report = api.load(path)
    assert [task.id for task in report.tasks] == ["1", "2"]
    assert report.tasks[1].progress_text.startswith("已完成2条。")
    assert "另有1条" in report.tasks[1].progress_text and '"' not in report.tasks[1].progress_text
