"""A table's own columns (targets, results, rates, shares, local targets, milestones, verdicts),
stated completion and confidence, from the rules, with rows made up for the tests."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_TXT
from yiwu_reports.assessment import notes
from yiwu_reports.assessment.engine import TableContext, assess_task
from yiwu_reports.assessment.structured import column_unit, read_columns
from yiwu_reports.core.model import Block, Source, Task
from yiwu_reports.core.period import parse_period_label
from yiwu_reports.readers.office_verdict import read_verdict


def _judge(title: str, progress: str = "", extra: tuple = (), period: str = "2024Q3",
           context: TableContext | None = None) -> Task:
    blocks = (Block("paragraph", progress),) if progress else ()
    task = Task("1", title, "某局", blocks, Source("t", 1), extra=extra)
    return assess_task(task, parse_period_label(period), context)


def _figures(task: Task) -> list[tuple]:
    return [(i.target.value, i.target.unit, i.actual and (i.actual.value, i.actual.unit), i.status)
            for i in task.indicators]


# --- several target / result / rate groups, regions as rows --------------------------------

REGION_ROW = (("计划改造数", "80"), ("累计完成数", "52"), ("完成率", "65%"),
              ("年度计划投资(万元)", "12000"), ("累计完成投资(万元)", "9600"), ("投资完成率", "80%"))


def test_each_target_column_pairs_with_its_result_and_rate():
    task = _judge("东湖区", extra=REGION_ROW)
    assert _figures(task) == [(80, "", (52, ""), "lagging"),
                              (12000, "万元", (9600, "万元"), "on_track")]
    assert task.status == "lagging"
    assert task.indicators[1].ratio == 0.8


def test_result_columns_pair_by_their_words_not_only_their_order():
    columns = read_columns((("计划开工(个)", "10"), ("计划投资(亿元)", "5"), ("完成投资(亿元)", "4"),
                            ("已开工(个)", "9")))
    pairs = [(g.target.header, g.actual.header) for g in columns.groups]
    assert pairs == [("计划开工(个)", "已开工(个)"), ("计划投资(亿元)", "完成投资(亿元)")]


def test_units_from_the_table_unit_line():
    metadata = (("单位", "个、亿元"),)
    assert column_unit("年投资计划", metadata) == "亿元"
    assert column_unit("计划投资额(万元)", metadata) == "万元"
    assert column_unit("1-9月完成率%") == "%"
    task = _judge("南山县", extra=(("项目个数", "12"), ("年投资计划", "40.5"), ("完成投资额", "27.0"),
                                 ("年计划投资完成率", "66.7%")),
                  context=TableContext(metadata=metadata))
    assert _figures(task) == [(40.5, "亿元", (27.0, "亿元"), "lagging")]


def test_rate_column_that_disagrees_with_the_figures_asks_for_review():
    task = _judge("完成造林1200亩", extra=(("年度目标", "1200亩"), ("1-9月完成", "1000亩"),
                                          ("完成率", "60%")))
    indicator = task.indicators[0]
    assert indicator.status == "completed" or indicator.ratio == 0.833
    assert indicator.confidence == "review" and "完成率" in indicator.confidence_reason


# --- shares of the annual target --------------------------------------------------------------

@pytest.mark.parametrize("header", ["形象进度", "当前进度", "完成进度", "任务完成率", "进展比例"])
def test_share_column_is_compared_with_the_elapsed_share(header):
    task = _judge("新建社区综合服务中心6个", "项目推进顺利。", extra=((header, "70%"),))
    indicator, = task.indicators
    assert (indicator.actual.value, indicator.actual.unit, indicator.ratio) == (70, "%", 0.7)
    assert task.status == "lagging" and task.confidence == "certain"


def test_share_column_without_a_numeric_target_still_judges_the_task():
    task = _judge("建成市民文化中心", "主体结构封顶。", extra=(("形象进度", "80%"),))
    assert task.status == "on_track"
    assert task.indicators[0].target.unit == "%"


def test_share_column_beats_a_sub_part_figure_in_the_prose():
    task = _judge("新增公办托育托位600个", "甲街道托育园已新增托位500个。",
                  extra=(("进展比例", "45%"),))
    assert task.status == "lagging" and task.indicators[0].actual.value == 45


@pytest.mark.parametrize("header, share, progress, actual, status, review", [
    # the exact figure is the actual; a share that agrees within a few points only corroborates
    ("形象进度", "80%", "今年以来新增学位2400个。", (2400, "个"), "on_track", False),
    ("完成率", "78%", "新增学位2400个，新建校舍4所。", (2400, "个"), "on_track", False),
    # a share far from the figure's: the figure decides, and a person should look
    ("完成率", "60%", "已新增学位2400个。", (2400, "个"), "on_track", True),
    ("进展比例", "95%", "截至9月底，新增学位1500个。", (1500, "个"), "lagging", True),
    # no exact figure: the share is the actual
    ("形象进度", "80%", "3所学校主体结构已封顶。", (80, "%"), "on_track", False),
    ("形象进度", "60%", "预计新增学位2400个。", (60, "%"), "lagging", True),
])
def test_an_exact_figure_beats_the_share_column_which_corroborates_it(header, share, progress,
                                                                     actual, status, review):
    task = _judge("新增学位3000个", progress, extra=((header, share),))
    indicator = task.indicators[0]
    assert ((indicator.actual.value, indicator.actual.unit), task.status) == (actual, status)
    assert (task.confidence == "review") == review
    if review and actual[1] != "%":
        assert header in indicator.confidence_reason and share in indicator.confidence_reason


@pytest.mark.parametrize("header", ["形象进度", "完成率", "进展比例"])
def test_an_exact_figure_in_the_prose_beats_a_share_column_beside_a_target_column(header):
    """The task's target in its own column (年度目标), its share in another, the exact figure in
    the progress prose: the figure is the actual, the share corroborates it."""
    task = _judge("社区养老扩面", "已建成社区嵌入式养老机构9家，另有3家正在装修。",
                  extra=(("年度目标", "新建社区嵌入式养老机构15家"), (header, "60%")))
    indicator = task.indicators[0]
    assert (indicator.actual.value, indicator.actual.unit) == (9, "家")
    assert (indicator.ratio, task.status, task.confidence) == (0.6, "lagging", "certain")


# --- local targets, milestones, direction ---------------------------------------------------

def test_local_target_column_is_the_one_judged():
    task = _judge("全省新增城镇就业40万人", "1-9月全市新增城镇就业1.1万人。",
                  extra=(("我市任务", "1.4万人"),))
    assert _figures(task) == [(1.4, "万人", (1.1, "万人"), "on_track")]


def test_bare_local_target_takes_unit_and_direction_from_the_task():
    task = _judge("全省城镇调查失业率控制在5.5%以内", "前三季度全市城镇调查失业率4.8%。",
                  extra=(("本地任务", "5"),))
    indicator, = task.indicators
    assert (indicator.target.value, indicator.target.op) == (5, "<=")
    assert indicator.status == "on_track"


def test_empty_local_target_judges_nothing_of_the_higher_level():
    task = _judge("全省新建5G基站2万个", "推进中。", extra=(("涉及本区工作指标", "—"),))
    assert task.indicators == () and task.status == "qualitative"


def test_bare_target_column_takes_the_direction_of_the_task_text():
    task = _judge("城镇调查失业率控制在5%以内", "9月末城镇调查失业率4.6%。",
                  extra=(("年度目标", "5%"),))
    indicator, = task.indicators
    assert indicator.target.op == "<=" and indicator.status == "on_track"


def test_milestone_column_is_not_the_annual_target_and_its_done_is_not_the_years():
    task = _judge("为全县65岁以上老年人免费体检18000人", "已完成。已印发体检工作方案。",
                  extra=(("月度工作计划", "5月：印发工作方案"),), period="2024M1-5")
    indicator, = task.indicators
    assert indicator.target.value == 18000 and indicator.status == "unknown"


# --- stated completion -------------------------------------------------------------------------

@pytest.mark.parametrize("progress, status", [
    ("已全部完成。", "completed"),
    ("项目已建成投用。", "completed"),
    ("提前超额完成全年目标任务。", "completed"),
    ("全年任务已完成。", "completed"),
    ("已完成。", "completed"),
    ("主体工程基本完成。", "unknown"),
    ("正在推进，已进场施工。", "unknown"),
    ("确保年底前完成年度目标。", "unknown"),
    # a step before the result, done, is not the result
    ("前期手续已全部完成，正在招标。", "unknown"),
    ("设计方案已全部完成，10月开工。", "unknown"),
    ("征地拆迁工作已全面完成。", "unknown"),
    ("已提前完成选址工作。", "unknown"),
    ("已完成年度计划的立项工作。", "unknown"),
])
def test_stated_completion_and_its_negatives(progress, status):
    task = _judge("新建口袋公园8个", progress)
    assert task.status == status
    if status == "completed":
        # A plain statement that the year's work is done is the office's word: said, not doubted
        # (the note says there is no figure).
        assert task.indicators[0].note == notes.STATED_COMPLETE
        assert task.confidence == "certain"


def test_completed_task_names_the_target_it_did_not_assess():
    task = _judge("新建停车场3个，新增公共停车泊位1200个", "已建成停车场3个。")
    assert task.status == "completed"
    unassessed = [i for i in task.indicators if i.status == "unknown"]
    assert len(unassessed) == 1 and notes.NOT_ASSESSED_BUT_DONE in unassessed[0].note
    assert task.confidence == "review" and "1200" in task.confidence_reason


# --- confidence -------------------------------------------------------------------------------

def test_exact_single_figure_is_certain():
    task = _judge("新建改造农村公路60公里", "前三季度已完成农村公路新建改造48公里。")
    assert task.status == "on_track" and task.confidence == "certain"


def test_estimates_and_an_earlier_months_amount_ask_for_review():
    estimate = _judge("社会消费品零售总额增长7%", "预计前三季度社会消费品零售总额增长7.6%。")
    assert estimate.confidence == "review" and notes.REVIEW_ESTIMATE in estimate.confidence_reason
    # A growth rate is read from the latest month reported (GUIDE): no doubt in that.
    earlier = _judge("社会消费品零售总额增长7%", "1-8月社会消费品零售总额增长7.6%。")
    assert earlier.confidence == "certain"


def test_different_counting_words_ask_for_review():
    task = _judge("培育专精特新企业20家", "前三季度新认定专精特新企业18个。")
    assert task.indicators[0].actual.value == 18
    assert task.confidence == "review" and "家" in task.confidence_reason


@pytest.mark.parametrize("verdict, header, review", [
    ("否", "是否达序时", True), ("是", "是否达序时", False),
    ("是", "是否滞后", True), ("滞后", "进展状态", True), ("正常推进", "进展状态", False),
])
def test_office_verdict_that_disagrees_asks_for_review(verdict, header, review):
    task = Task("1", "新建改造农村公路60公里", "某局",
                (Block("paragraph", "前三季度已完成农村公路新建改造48公里。"),), Source("t", 1),
                verdict=read_verdict(header, verdict))
    judged = assess_task(task, parse_period_label("2024Q3"))
    assert judged.status == "on_track"
    assert (judged.confidence == "review") is review
    if review:
        assert header in judged.confidence_reason


def test_share_opening_a_progress_cell():
    task = _judge("新建社区综合服务中心6个", "65%（4个主体封顶）")
    assert task.indicators[0].ratio == 0.65 and task.status == "lagging"


def test_confidence_round_trips_through_json():
    task = _judge("培育专精特新企业20家", "前三季度新认定专精特新企业18个。")
    data = task.as_dict()
    assert data["confidence"] == "review" and data["indicators"][0]["confidence"] == "review"
    assert Task.from_dict(data) == task


def test_progress_that_is_only_a_number_is_in_the_targets_unit():
    task = _judge("全省新建城镇老旧小区改造2000个", "118", extra=(("我市任务", "150个"),))
    indicator, = task.indicators
    assert (indicator.actual.value, indicator.actual.unit, indicator.status) == (118, "个", "on_track")
    assert task.confidence == "review"


def test_summary_lists_the_tasks_to_review():
    from yiwu_reports import api
    from yiwu_reports.renderers.json_out import report_document

    report = api.assess(api.load(SAMPLE_TXT))
    summary = report_document(report)["summary"]["review"]
    expected = [task.id for task in report.tasks if task.confidence == "review"]
    assert summary == {"count": len(expected), "ids": expected}
    assert "47" in expected  # 智能工厂 counted in 家, reported in 个


@pytest.mark.parametrize("progress", ["已超额完成一季度目标任务。", "提前完成上半年目标。"])
def test_a_milestone_reached_is_not_the_year_completed(progress):
    assert _judge("新建口袋公园8个", progress).status == "unknown"


@pytest.mark.parametrize("title", [
    "全省新建5G基站3万个（我市任务：新建5G基站900个）",
    "全省新建5G基站3万个，其中我市承担900个",
])
def test_local_share_named_in_the_task_text_is_the_target(title):
    task = _judge(title, "1-9月全市新建5G基站720个。")
    assert _figures(task) == [(900, "个", (720, "个"), "on_track")]


# --- indicator tables: 主要指标 | 目标 | 一季度完成 --------------------------------------------

@pytest.mark.parametrize("title, target, result, expected", [
    ("地区生产总值增速", "增长5.5%", "5.8%", ("rate", ">=", 5.5, 5.8, "on_track")),
    ("一般公共预算收入", "增长5%", "完成32.4亿元,下降2.1%", ("rate", ">=", 5, -2.1, "lagging")),
    ("城镇调查失业率", "控制在5.5%以内", "5.1%", ("level", "<=", 5.5, 5.1, "on_track")),
    ("城镇调查失业率", "5.5%以内", "5.7%", ("level", "<=", 5.5, 5.7, "lagging")),
    ("居民消费价格涨幅", "3%左右", "0.8%", ("level", "<=", 3, 0.8, "on_track")),
    ("规上工业增加值增速", "6%", "7.2%", ("rate", ">=", 6, 7.2, "on_track")),
    ("规上工业增加值", "增长6%", "-1.5%", ("rate", ">=", 6, -1.5, "lagging")),
    ("单位GDP能耗下降", "3%", "-3.6%", ("rate", ">=", 3, 3.6, "on_track")),
    ("单位GDP能耗下降", "3%", "1.2%", ("rate", ">=", 3, -1.2, "lagging")),
    ("进出口总额", "300亿元", "82.6亿元", ("cumulative", ">=", 300, 82.6, "lagging")),
])
def test_a_bare_target_column_takes_direction_and_kind_from_the_indicator(title, target, result,
                                                                        expected):
    task = _judge(title, extra=(("目标", target), ("一季度完成", result)), period="2024H1")
    indicator = task.indicators[0]
    assert (indicator.kind, indicator.target.op, indicator.target.value, indicator.actual.value,
            indicator.status) == expected
    assert title[:4] in indicator.metric  # named after the indicator, not 「增长」


# --- a 单位 column and a growth column --------------------------------------------------------

@pytest.mark.parametrize("row, expected", [
    # a growth target takes the growth column, never the amount beside it
    ((("单位", "亿元"), ("年度目标", "增长6%"), ("1-9月完成值", "1520.3"), ("同比增长(%)", "5.2")),
     (6, "%", 5.2, "%", "lagging")),
    ((("单位", "亿元"), ("年度目标", "增长6%"), ("1-9月完成值", "1520.3"), ("增速", "-1.4")),
     (6, "%", -1.4, "%", "lagging")),
    ((("单位", "亿元"), ("年度目标", "增长6%"), ("1-9月完成值", "1520.3")), (6, "%", None, None, "unknown")),
    # the row's unit for bare figures
    ((("单位", "亿元"), ("年度目标", "1200"), ("1-9月完成值", "980.5"), ("同比增长(%)", "12.3")),
     (1200, "亿元", 980.5, "亿元", "on_track")),
    ((("计量单位", "万人"), ("年度目标", "1.5"), ("1-9月完成值", "1.02")), (1.5, "万人", 1.02, "万人", "lagging")),
    # a percentage for an amount beside a growth column is its growth
    ((("单位", "%"), ("年度目标", "10"), ("1-9月完成值", ""), ("同比增长(%)", "7.5")),
     (10, "%", 7.5, "%", "lagging")),
])
def test_unit_and_growth_columns(row, expected):
    task = _judge("地区生产总值" if "增长" in row[1][1] else "进出口总额", extra=row)
    indicator = task.indicators[0]
    actual = indicator.actual
    assert (indicator.target.value, indicator.target.unit, actual and actual.value,
            actual and actual.unit, indicator.status) == expected


@pytest.mark.parametrize("row, expected", [
    # an exact figure in the result cell decides; the rate column corroborates it
    ((("年度目标", "改造老旧小区30个"), ("1-9月完成", "已开工28个，完工20个"), ("完成率(%)", "67")),
     ("改造老旧小区", 20, "个", "lagging", False)),
    ((("年度目标", "改造老旧小区30个"), ("1-9月完成", "完工25个"), ("完成率(%)", "60")),
     ("改造老旧小区", 25, "个", "on_track", True)),
    # a target cell that only says what is done is named by the task
    ((("年度目标", "新增1500个"), ("1-9月完成", "1620")), ("新增公办学位", 1620, "个", "completed", False)),
])
def test_result_cell_figure_beside_a_rate_column(row, expected):
    task = _judge("公办学位" if "新增" in row[0][1] else "老旧小区改造", extra=row)
    indicator = task.indicators[0]
    assert (indicator.metric, indicator.actual.value, indicator.actual.unit, indicator.status,
            indicator.confidence == "review") == expected


def test_target_and_result_columns_in_different_magnitudes():
    task = _judge("城市更新投资", extra=(("年度计划(亿元)", "12"), ("1-9月完成(万元)", "98000")))
    indicator = task.indicators[0]
    assert (indicator.ratio, indicator.status) == (0.817, "on_track")


def test_a_target_in_words_takes_the_rows_unit():
    """A target column that words its figure (突破50, 达到120以上) is in the unit the row's 单位
    cell gives, as a bare figure there would be."""
    task = _judge("个体工商户数", extra=(("单位", "万户"), ("年度目标", "突破50"), ("1-9月完成", "41.2")))
    indicator = task.indicators[0]
    assert (indicator.target.value, indicator.target.unit) == (50, "万户")
    assert (indicator.actual.value, indicator.actual.unit) == (41.2, "万户")


def test_a_total_of_entities_held_is_a_level_reached_on_track_mid_year():
    """经营主体总量 is a stock the year ends with, not an amount built up over it: above its
    target at 1-9月 it is on track (GUIDE: a running level mid-year), not completed."""
    task = _judge("经营主体总量", extra=(("单位", "万户"), ("年度目标", "达到20"), ("1-9月完成", "20.8")))
    indicator = task.indicators[0]
    assert indicator.kind == "level" and indicator.status == "on_track"


def test_a_result_cell_with_a_note_in_brackets_keeps_its_unit():
    task = _judge("城南污水厂提标", extra=(("年度计划投资", "6000万元"),
                                         ("一季度完成投资", "1800万元（其中3月完成700万元）")),
                  period="2024Q1")
    indicator = task.indicators[0]
    assert (indicator.actual.value, indicator.actual.unit, indicator.status) == \
        (1800, "万元", "on_track")


@pytest.mark.parametrize("image, status", [
    ("完成初步设计，正在办理施工许可", "unknown"),
    ("已完工", "completed"),
])
def test_an_image_progress_cell_in_words_is_done_only_when_it_says_the_work_is(image, status):
    task = _judge("体育馆改造", extra=(("年度计划投资", "2亿元"), ("1-9月完成投资", "—"),
                                      ("形象进度", image)))
    assert task.status == status
