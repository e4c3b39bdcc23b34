"""Which reported figure measures a target, from the rules in gold/GUIDE.md and the labelling
conventions of tests/data/real/README.md, with wordings made up for the tests."""

from __future__ import annotations

import pytest

from yiwu_reports.assessment.engine import assess_task
from yiwu_reports.assessment.timing import figure_timing
from yiwu_reports.core.model import Block, Source, Task
from yiwu_reports.core.period import parse_period_label


def _judge(title: str, progress: str, period: str = "2024Q3", extra: tuple = ()) -> Task:
    task = Task("1", title, "某局", (Block("paragraph", progress),), Source("t", 1), extra=extra)
    return assess_task(task, parse_period_label(period))


def _actual(task: Task) -> str | None:
    actual = task.indicators[0].actual
    return None if actual is None else f"{actual.value:g}{actual.unit}"


@pytest.mark.parametrize("sentence, period, kind, estimate", [
    ("1-8月，全市", "2024Q3", "earlier", False),
    ("截至8月底，", "2024Q3", "earlier", False),
    ("前三季度，", "2024Q3", "period", False),
    ("9月份当月，", "2024Q3", "excluded", False),
    ("预计1-9月", "2024Q3", "period", True),
    ("1-5月完成4亿元，预计上半年", "2024H1", "period", True),
    ("预计全年", "2024Q3", "excluded", True),
    ("二季度", "2024Q3", "excluded", False),
    ("一季度", "2024H1", "earlier", False),
    ("", "2024Q3", "period", False),
])
def test_timing_of_a_figure(sentence, period, kind, estimate):
    timing = figure_timing(sentence, sentence, parse_period_label(period))
    assert (timing.kind, timing.estimate) == (kind, estimate)


def test_estimate_for_the_period_wins_over_an_earlier_actual():
    task = _judge("城镇居民人均可支配收入增长6%",
                  "1-5月，城镇居民人均可支配收入增长6.8%；预计上半年增长5.2%。", "2024H1")
    assert _actual(task) == "5.2%" and task.status == "lagging"


def test_period_actual_wins_over_an_estimate():
    task = _judge("外贸进出口总额增长8%",
                  "1-9月外贸进出口总额增长7.1%，预计全年增长8.5%。", "2024Q3")
    assert _actual(task) == "7.1%" and task.status == "lagging"


def test_latest_earlier_figure_for_a_growth_target():
    task = _judge("规模以上工业增加值增长7%",
                  "1-7月规上工业增加值增长6.2%，1-8月规上工业增加值增长7.4%。", "2024Q3")
    assert _actual(task) == "7.4%" and task.status == "on_track"


def test_earlier_figure_is_not_the_period_amount():
    task = _judge("新增城镇就业岗位6000个", "1-8月新增城镇就业岗位5100个。", "2024Q3")
    assert task.indicators[0].actual is None and task.status == "unknown"


def test_one_month_is_never_the_actual():
    alone = _judge("固定资产投资增长9%", "8月份当月固定资产投资增长12%。", "2024Q3")
    assert alone.indicators[0].actual is None and alone.status == "unknown"
    # Beside the year-to-date figure, that one is read (a reader that finds nothing fails
    # here), and the month's is still not.
    beside = _judge("固定资产投资增长9%", "8月份当月固定资产投资增长12%，1-8月累计增长7%。", "2024Q3")
    assert _actual(beside) == "7%" and beside.status == "lagging"


def test_figure_excluding_a_part_is_not_the_actual():
    task = _judge("一般公共预算收入增长5%",
                  "前三季度，一般公共预算收入增长5.6%，不含开发区增长4.1%。", "2024Q3")
    assert _actual(task) == "5.6%" and task.status == "on_track"


def test_figure_under_way_is_not_delivered():
    task = _judge("完成农村危房改造200户", "200户危房改造正在施工，预计11月底完成。", "2024Q3")
    assert task.indicators[0].actual is None and task.status == "unknown"


def test_clause_before_saying_work_is_unfinished_weakens_a_figure():
    task = _judge("新增普惠托位500个",
                  "甲园改造已完成，新增托位180个；乙园主体基本完成，新增托位超300个。", "2024Q3")
    assert _actual(task) == "180个" and task.status == "lagging"


def test_delivered_part_of_a_planned_list_is_the_actual():
    task = _judge("新增社区助餐点12个",
                  "选址分布为东街2个、西街3个、南街4个、北街3个，其中4个已建成运营。", "2024H1")
    assert _actual(task) == "4个" and task.status == "lagging"


def test_range_figure_is_read_at_its_top():
    task = _judge("服务业增加值增长6%", "前三季度，预计服务业增加值增长5.0-5.5%。", "2024Q3")
    assert _actual(task) == "5.5%" and task.status == "lagging"


def test_share_of_annual_target_in_prose():
    task = _judge("新建村级文化礼堂40个",
                  "各项工作有序推进，整体进度已完成年度目标任务的62%。", "2024H1")
    indicator = task.indicators[0]
    assert _actual(task) == "62%" and indicator.ratio == 0.62 and task.status == "on_track"


def test_an_early_stage_is_not_delivery():
    task = _judge("建成4所乡镇卫生院", "4所卫生院已完成主体结构封顶，计划年底投用。", "2024Q3")
    assert task.indicators[0].actual is None and task.status == "unknown"


def test_a_stage_that_is_the_target_itself_counts():
    task = _judge("新开工重大产业项目30个", "前三季度，重大产业项目已开工26个。", "2024Q3")
    assert _actual(task) == "26个" and task.status == "on_track"


def test_last_step_named_decides_whether_a_figure_is_delivered():
    task = _judge("规范化建设应急避难场所20处",
                  "已完成25处避难场所选址和标识制作、物资配备。", "2024Q3")
    assert _actual(task) == "25处" and task.status == "completed"


def test_a_flow_into_a_stock_builds_up_over_the_year():
    task = _judge("新增市场主体2万户", "前三季度新增市场主体1.6万户，其中企业4000户。", "2024Q3")
    indicator = task.indicators[0]
    assert indicator.kind == "cumulative" and indicator.ratio == 0.8 and task.status == "on_track"


def test_full_coverage_reached_is_stated_completion():
    task = _judge("中小学课后服务覆盖率达到100%", "全区中小学课后服务已实现全覆盖。", "2024Q3")
    assert task.status == "completed" and task.confidence == "certain"  # said plainly


def test_the_one_figure_of_its_kind_said_done_needs_few_shared_words():
    task = _judge("新改建口袋公园12处", "已建成8处，2处主体完工，2处正在设计。", "2024Q3")
    assert _actual(task) == "8处" and task.status == "lagging"
    task = _judge("为6000名适龄女生免费接种HPV疫苗", "已完成接种4700人。", "2024Q3")
    assert _actual(task) == "4700人" and task.status == "on_track"


def test_the_one_figure_of_its_kind_about_something_else_is_not_taken():
    task = _judge("为6000名适龄女生免费接种HPV疫苗", "组织医务人员120人开展培训。", "2024Q3")
    assert task.indicators[0].actual is None


def test_one_facility_named_as_built_is_one_of_one():
    task = _judge("新建1所区级残疾人康复中心", "年内建成区残疾人康复中心，已投入使用。", "2024")
    assert _actual(task) == "1所" and task.status == "completed" and task.confidence == "review"
    task = _judge("新建1所区级残疾人康复中心", "区残疾人康复中心完成主体施工。", "2024Q3")
    assert task.indicators[0].actual is None


def test_growth_of_a_part_is_not_the_growth_of_the_whole():
    task = _judge("规上工业增加值增长8%", "1-9月，全市规上高新技术产业增加值增长9.2%。", "2024Q3")
    assert task.indicators[0].actual is None and task.status == "unknown"
    task = _judge("社会消费品零售总额增长7%", "前三季度限额以上社零增长8.1%。", "2024Q3")
    assert task.indicators[0].actual is None


def test_a_goal_due_in_a_later_year_is_not_judged_this_year():
    task = _judge("三年内建成智慧社区30个，今年建成10个", "今年已建成智慧社区8个。", "2024Q3")
    assert [i.target.value for i in task.indicators] == [10]
    assert task.status == "on_track"


def test_the_part_named_before_an_earlier_figure_does_not_reach_a_later_one():
    task = _judge("社会消费品零售总额增长9%",
                  "截至8月，限额以上社零增长12.1%，预计1-9月社会消费品零售总额增长9.6%。", "2024Q3")
    assert _actual(task) == "9.6%" and task.status == "on_track"


def test_a_level_met_so_far_this_year_is_on_track_not_settled():
    task = _judge("PM2.5平均浓度控制在32微克/立方米以下", "1-9月PM2.5平均浓度为29微克/立方米。", "2024Q3")
    assert task.status == "on_track"
    task = _judge("森林覆盖率达到62%以上", "全市森林覆盖率已提升至62.4%。", "2024Q3")
    assert task.status == "completed"


def test_finished_part_of_a_list_under_way():
    task = _judge("改造提升菜市场8个", "8个菜市场改造提升正在有序推进，其中3个已完工。", "2024Q3")
    assert _actual(task) == "3个" and task.status == "lagging"


def test_a_stock_is_not_the_years_amount():
    task = _judge("新增城市书房12家", "全市现有城市书房58家，今年新增7家。", "2024Q3")
    assert _actual(task) == "7家" and task.status == "lagging"
    task = _judge("新增普惠托位900个", "今年新增托位720个，全市普惠托位总数达到5100个。", "2024Q3")
    assert _actual(task) == "720个" and task.status == "on_track"


def test_one_districts_share_is_not_the_whole():
    task = _judge("完成危旧房改造300户", "东城区完成改造170户，西城区完成改造110户。", "2024Q3")
    assert task.indicators[0].actual is None and task.status == "unknown"
    task = _judge("完成危旧房改造300户", "全市完成改造280户，其中东城区170户。", "2024Q3")
    assert _actual(task) == "280户"


def test_share_of_a_named_annual_plan_in_prose():
    task = _judge("培训家政服务员1500人", "已完成年度培训计划的58%。", "2024Q3")
    assert _actual(task) == "58%" and task.status == "lagging"


# --- what a figure counts: started or finished, applied for or approved, the same action -------

@pytest.mark.parametrize("title, progress, actual, status", [
    # only started is not finished: the finished part is the actual
    ("新建口袋公园10个", "已开工8个，其中完工5个。", "5个", "lagging"),
    ("完成老旧小区改造3800户", "已开工改造2600户，竣工3000户。", "3000户", "on_track"),
    ("建成社区卫生服务站6个", "6个站点均已开工建设。", None, "unknown"),
    ("新建城市书房12座", "开工建设12座，建成投用9座。", "9座", "on_track"),
    # … unless the start is the target
    ("新开工保障性住房2000套", "已开工1800套，其中竣工600套。", "1800套", "on_track"),
])
def test_a_start_is_not_a_finished_thing(title, progress, actual, status):
    task = _judge(title, progress)
    assert (_actual(task), task.status) == (actual, status)


@pytest.mark.parametrize("title, progress, actual, status", [
    # counts that only passed an early administrative step are not delivered
    ("新认定高新技术企业50家", "已有42家企业通过初审，待公示。", None, "unknown"),
    ("创建省级美丽乡村示范村10个", "已申报12个，进入评审。", None, "unknown"),
    ("新增国家级专精特新“小巨人”企业5家", "正在申报8家。", None, "unknown"),
    ("新增省级企业技术中心8家", "已上报省经信厅9家，待批复。", None, "unknown"),
    ("新认定科技型中小企业300家", "新认定科技型中小企业260家，另有80家通过初审。", "260家", "on_track"),
    ("新增省级专精特新企业20家", "完成申报并获批省级专精特新企业16家。", "16家", "on_track"),
    # the step itself as the target
    ("组织申报高新技术企业60家", "已组织申报高新技术企业52家。", "52家", "on_track"),
])
def test_a_count_that_only_applied_is_not_delivered(title, progress, actual, status):
    task = _judge(title, progress)
    assert (_actual(task), task.status) == (actual, status)


@pytest.mark.parametrize("title, progress, actual", [
    ("完成城中村改造签约1200户", "累计签约980户。", "980户"),
    ("完成城中村改造签约1200户", "今年以来，城中村改造工作稳步推进，签约980户，腾空650户。", "980户"),
    ("完成农房改造签约800户", "完成签约620户，拆除房屋300户。", "620户"),
    ("拆除违法建筑50万平方米", "累计拆违42万平方米，其中拆除违法建设厂房10万平方米。", "42万平方米"),
    ("完成征迁安置600户", "已完成征收480户，腾空420户。", "480户"),
])
def test_the_same_action_in_the_same_unit_is_the_figure(title, progress, actual):
    assert _actual(_judge(title, progress)) == actual


@pytest.mark.parametrize("progress, actuals", [
    ("城镇居民人均可支配收入增长5.1%；农村居民人均可支配收入增长7.2%。", ["5.1%", "7.2%"]),
    (("前三季度，城镇常住居民人均可支配收入52000元，同比增长6.2%；农村常住居民人均可支配收入31000元，"
      "同比增长7.5%。"), ["6.2%", "7.5%"]),
    ("农村居民人均可支配收入增长7.2%，城镇居民人均可支配收入增长5.1%。", ["5.1%", "7.2%"]),
    ("1-9月，全市居民人均可支配收入增长6.9%，其中城镇居民增长6.1%、农村居民增长7.8%。", ["6.1%", "7.8%"]),
    ("城镇居民人均可支配收入增长5.8%。", ["5.8%", None]),
])
def test_respectively_each_subject_takes_the_clause_naming_it(progress, actuals):
    task = _judge("城乡居民人均可支配收入分别增长6%和7%", progress)
    assert [i.actual and f"{i.actual.value:g}{i.actual.unit}" for i in task.indicators] == actuals
    assert all(i.confidence == "certain" for i in task.indicators if i.actual)


@pytest.mark.parametrize("title, progress, status", [
    ("新增省级未来工厂1家", "星河织造入选2024年浙江省未来工厂名单。", "completed"),
    ("创建国家级全域旅游示范区1个", "我县获评国家全域旅游示范区。", "completed"),
    ("新增省级未来工厂1家", "星河织造正在申报省级未来工厂。", "unknown"),
])
def test_one_named_title_won_is_one_of_one(title, progress, status):
    assert _judge(title, progress).status == status


@pytest.mark.parametrize("title, progress, actual, status", [
    ("新建口袋公园10个", "人民公园、文化公园已建成，滨江公园正在施工。", "2个", "lagging"),
    ("增设居家养老服务站4家", ("养老服务站建设：南屏村居家养老服务站、界墩养老服务站已建成；"
                             "恒源居家养老服务站开放运营；丽景养老服务站正在装修。"), "3家", "on_track"),
    ("新建社区助餐点2个", "真如助餐点完成改造，28日揭牌；长征助餐点进行改造。", "1个", "lagging"),
    # names that are not the target's things, and households, are not counted
    ("新建口袋公园10个", "设计方案已完成，选址已完成。", None, "unknown"),
    ("完成居家适老化改造400户", "南屏村居家养老服务站已建成。", None, "unknown"),
])
def test_named_sites_said_done_are_counted(title, progress, actual, status):
    task = _judge(title, progress)
    assert (_actual(task), task.status) == (actual, status)
    if actual:
        assert task.confidence == "review"


def test_a_table_flattened_into_the_progress_gives_its_total_column():
    progress = ("东区 西区 南区 合计 新建驿站年度目标 3 4 3 10 实际完成 2 3 1 6 "
                "改造驿站年度目标 5 5 5 15 实际完成 6 5 4 15")
    task = _judge("新建城市驿站10个，改造提升驿站15个", progress)
    assert [(i.actual.value, i.status) for i in task.indicators] == [(6, "lagging"), (15, "completed")]


@pytest.mark.parametrize("progress, actual", [
    ("已开工建设标准化菜市场6个，其中完工4个。", "4个"),
    ("启动改造农贸市场6个，目前已建成投用2个。", "2个"),
    ("今年已动工改造菜市场6个。", None),
])
def test_a_start_leading_its_clause_is_not_what_is_finished(progress, actual):
    """A figure whose clause starts with a start (已开工…, 启动…) counts what was started; against
    a target of things to finish it is not the actual (the finished part, when given, is)."""
    assert _actual(_judge("完成菜市场改造6个", progress)) == actual


@pytest.mark.parametrize("separator", ["", " ", "，"])
def test_a_long_cell_without_full_stops_is_read_figure_by_figure(separator):
    """A 100 KB progress cell with no full stop (a pasted list) is read in windows around each
    figure: every figure is still found, and the words far from a figure do not qualify it (read
    whole for every figure, such a cell made the assessment quadratic: 1 MB took hours)."""
    clause = "已建成公园3个完成投资1.2亿元新增绿地5万平方米"
    progress = separator.join([clause] * 3000)
    task = _judge("新建公园10个，完成投资5亿元", progress)
    assert [i.target.value for i in task.indicators] == [10, 5]
    assert all(i.actual is not None for i in task.indicators)


@pytest.mark.parametrize("title, progress, actual", [
    ("城镇新增就业1.2万人以上", "1-9月，城镇新增就业8650人。", "8650人"),
    ("乡镇卫生院改造10家", "前三季度全县乡镇完成卫生院改造6家。", "6家"),
])
def test_kinds_of_place_are_not_one_place(title, progress, actual):
    """城镇, 乡镇 and 城乡 name a kind of place: the figure is the whole's, not one town's share."""
    assert _actual(_judge(title, progress)) == actual


def test_one_named_town_is_still_a_share():
    task = _judge("城镇新增就业1.2万人以上", "前三季度，城关镇新增就业3200人。")
    assert task.indicators[0].actual is None


@pytest.mark.parametrize("progress, completed", [
    ("已完成年度培训任务。", True),
    ("全年植树计划已全部完成。", True),
    ("已完成年度立项任务，正在招标。", False),
    ("确保完成年度培训任务。", False),
])
def test_the_years_task_named_by_its_work_said_done(progress, completed):
    task = _judge("培训农村实用人才3000人次", progress)
    assert (task.status == "completed") == completed, task.status


def test_a_running_total_the_parts_of_the_period_add_up_to_is_the_periods():
    """上半年…, 7月…, 累计…: the total of the parts is the period's, though 上半年 came first; a
    project's total since it began (no parts adding up to it) stays out."""
    task = _judge("培育技能人才300名", "上半年培育112名，7月培育20名，累计132名。", "2024M1-7")
    assert _actual(task) == "132名" and task.status == "lagging"
    task = _judge("年度计划投资4亿元", "1-6月完成投资1.5亿元，累计完成投资12亿元。", "2024M1-7")
    assert task.indicators[0].actual is None


@pytest.mark.parametrize("progress, actual", [
    ("已建成并投用9座。", "9座"),
    ("已签约落地3个，另有2个正在洽谈。", "3个"),
])
def test_the_one_figure_said_done_with_the_step_that_puts_it_to_use(progress, actual):
    task = _judge("新建乡镇污水处理站10座" if "座" in actual else "招引高端装备项目5个", progress)
    assert _actual(task) == actual


def test_respective_figures_in_the_progress_go_to_their_subjects():
    task = _judge("新建社区食堂、改造老年活动室分别达到20个、10个",
                  "社区食堂、老年活动室分别建成16个、4个，其余正在装修。")
    assert [(i.actual.value, i.status) for i in task.indicators] == [(16, "on_track"),
                                                                     (4, "lagging")]


@pytest.mark.parametrize("title, target", [
    ("为约3000户低收入家庭免费安装燃气报警器", (3000, "户")),
    ("为近1.2万名适龄儿童免费开展视力筛查", (1.2, "万名")),
])
def test_a_rounded_count_of_those_served_is_the_target(title, target):
    indicator = _judge(title, "工作正在推进。").indicators[0]
    assert (indicator.target.value, indicator.target.unit) == target
