"""Targets in task text, from the rules in gold/GUIDE.md, with wordings made up for the tests
(not copied from any labelled table)."""

from __future__ import annotations

import pytest

from yiwu_reports.assessment.quantities import find_quantities
from yiwu_reports.assessment.targets import find_targets


def _targets(text: str) -> list[tuple[float, str, str]]:
    return [(t.quantity.value, t.quantity.unit, t.op) for t in find_targets(text)]


@pytest.mark.parametrize("text, expected", [
    # a clause that delivers what it counts: the count is the target although a noun follows
    ("完成第二人民医院3栋住院楼改造", [(3, "栋", ">=")]),
    ("新建8处城市驿站", [(8, "处", ">=")]),
    ("为全区45所中小学配备心理辅导室", [(45, "所", ">=")]),
    ("为3200名独居老人安装紧急呼叫设备", [(3200, "名", ">=")]),
    ("为90个困难家庭提供上门照护服务", [(90, "个", ">=")]),
    ("购置6台新能源清扫车", [(6, "台", ">=")]),
    ("培训家政服务人员1200人次", [(1200, "人次", ">=")]),
    ("建成城市书房1座", [(1, "座", ">=")]),
    ("改造老旧小区电梯四部、公厕九座", [(4, "部", ">="), (9, "座", ">=")]),
    # Chinese numerals count
    ("新建两所公办幼儿园", [(2, "所", ">=")]),
    ("办好十件民生实事", []),  # 办好 delivers nothing countable by itself
    ("建成十件民生实事", [(10, "件", ">=")]),
    ("新增五个社区食堂", [(5, "个", ">=")]),
    # 万 before a noun of people or households
    ("为2.3万名60岁以上居民免费体检", [(2.3, "万名", ">=")]),
    ("为1.2万70岁以上老人提供助餐服务", [(1.2, "万人", ">=")]),
    ("为0.8万困难家庭发放补贴", [(0.8, "万户", ">=")]),
    # ranges and 左右
    ("新增3-4家托育机构", [(3, "家", ">=")]),
    ("增设二至三个公共充电站", [(2, "个", ">=")]),
    ("地区生产总值增长5.5%左右", [(5.5, "%", ">=")]),
    # where less is better, 左右 or no word is a ceiling
    ("城镇调查失业率5%左右", [(5, "%", "<=")]),
    ("居民消费价格涨幅2.5%左右", [(2.5, "%", "<=")]),
    ("单位生产总值能耗下降3%", [(3, "%", ">=")]),
    ("新增就业岗位不少于800个", [(800, "个", ">=")]),
    ("低收入农户人均收入不低于1.5万元", [(1.5, "万元", ">=")]),
    # a bare count closing a delivery clause
    ("新增公共停车泊位3000", [(3000, "", ">=")]),
    ("到2026年建成公园", []),
])
def test_counts_that_are_targets(text, expected):
    assert _targets(text) == expected


@pytest.mark.parametrize("text", [
    "加快推进128个续建项目建设",  # work on a given set
    "加快建设3个产业园区",
    "推动东城、西城、南城三个街道融合发展",  # the size of a list just named
    "落实“六个一”工作机制",
    "深化落实八项便民举措",  # a package named by its size
    "打造一站式服务中心，构建一条龙服务体系",
    "扶持年产值5亿元以上的企业",  # a qualifier
    "在12个乡镇开展垃圾分类试点",  # where, not what
    "个十百千",
])
def test_scope_and_names_are_not_targets(text):
    assert find_targets(text) == []


def test_count_target_names_what_it_counts():
    target, = find_targets("完成第二人民医院3栋住院楼改造")
    assert "住院楼" in target.metric and target.kind == "cumulative"


def test_ranges_keep_both_ends():
    quantity, = find_quantities("预计增长4-4.5%")
    assert (quantity.low, quantity.value, quantity.unit) == (4, 4.5, "%")
    assert [q.text for q in find_quantities("2024-2026年新增100个")] == ["100个"]


@pytest.mark.parametrize("text, expected", [
    ("推动6家企业上市", [(6, "家", ">=")]),  # brought to an outcome: a count to deliver
    ("推进20个产业项目竣工投产", [(20, "个", ">=")]),
    ("帮助800名就业困难人员实现就业", [(800, "名", ">=")]),
])
def test_counts_brought_to_an_outcome(text, expected):
    assert _targets(text) == expected


@pytest.mark.parametrize("text, horizon", [
    ("三年内建成智慧社区30个", 9999),
    ("到2026年建成智慧社区30个", 2026),
    ("到2026年建成智慧社区30个，今年建成10个", None),
    ("2024-2026年累计改造管网120公里", 2026),
    ("今年建成智慧社区10个", None),
])
def test_goals_over_several_years_are_marked(text, horizon):
    assert find_targets(text)[-1].horizon == horizon


@pytest.mark.parametrize("text, kind", [
    # what a year brings in builds up over the year, 总额 or not
    ("实现进出口总额300亿元", "cumulative"),
    ("社会消费品零售总额达到500亿元", "cumulative"),
    ("工业总产值突破800亿元", "cumulative"),
    ("经济总量达到1000亿元", "cumulative"),
    ("税收总额突破20亿元", "cumulative"),
    ("实现营业收入100亿元", "cumulative"),
    # what is held stays a level
    ("市属国企资产总额达3000亿元以上", "level"),
    ("市属国企资产总规模达3000亿元以上", "level"),
    ("金融机构贷款余额达2000亿元", "level"),
    ("新能源汽车保有量达到5万辆", "level"),
    ("企业总数达到1200家", "level"),
    ("能耗总量控制在500万吨标准煤以内", "level"),
])
def test_totals_of_a_year_build_up_and_stocks_are_levels(text, kind):
    assert [t.kind for t in find_targets(text)] == [kind]


@pytest.mark.parametrize("text, metrics", [
    ("城乡居民人均可支配收入分别增长6%和7%", ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]),
    ("城镇居民和农村居民人均可支配收入分别增长6%和7%",
     ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]),
    ("城镇、农村居民人均可支配收入分别增长5.5%、7%",
     ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]),
    ("进出口总额和社会消费品零售总额分别增长8%和6%", ["进出口总额增长", "社会消费品零售总额增长"]),
    ("一般公共预算收入和税收收入分别增长6%、5%", ["一般公共预算收入增长", "税收收入增长"]),
    ("新建、改建公办幼儿园分别3所、5所", ["新建公办幼儿园", "改建公办幼儿园"]),
    ("力争进出口分别增长10%和8%", ["进口增长", "出口增长"]),
])
def test_respectively_pairs_each_figure_with_its_subject(text, metrics):
    assert [t.metric for t in find_targets(text)] == metrics


@pytest.mark.parametrize("text, expected", [
    ("粮食产量保持在2亿斤以上", [(2, "亿斤", "cumulative")]),
    ("每千人口拥有执业（助理）医师数达到3.2人", [(3.2, "人", "level")]),
    ("每千人口托位数达到4.5个", [(4.5, "个", "level")]),
    ("生猪出栏量稳定在15万头以上", [(15, "万头", "cumulative")]),
])
def test_more_measures(text, expected):
    assert [(t.quantity.value, t.quantity.unit, t.kind) for t in find_targets(text)] == expected


@pytest.mark.parametrize("text, op", [
    ("企业开办时间≤1个工作日", "<="), ("财政赤字率<3%", "<="), ("新增就业≥1.2万人", ">="),
    ("森林覆盖率＞60%", ">="), ("研发投入强度≥2.5%", ">="),
])
def test_comparison_signs(text, op):
    assert [t.op for t in find_targets(text)] == [op]
