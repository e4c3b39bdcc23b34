"""Assessment: quantities, targets, actuals and statuses, from data-driven cases and the labels."""

from __future__ import annotations

import pytest

from tests.conftest import DATA, SAMPLE_TXT
from yiwu_reports import api
from yiwu_reports.assessment.engine import assess_task
from yiwu_reports.assessment.quantities import chinese_number, find_quantities, parse_quantity
from yiwu_reports.assessment.targets import find_targets
from yiwu_reports.core.model import Block, Source, Task
from yiwu_reports.core.period import parse_period_label


def _cases():
    return [pytest.param(*line.split("\t"), id=line.split("\t")[0][:16])
            for line in (DATA / "assess-cases.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


@pytest.mark.parametrize("title, progress, period, status, target, actual, kind", _cases())
def test_cases(title, progress, period, status, target, actual, kind):
    task = Task("1", title, "发改局", (Block("paragraph", progress),), Source("t", 1))
    judged = assess_task(task, parse_period_label(period))
    assert judged.status == status, judged.indicators
    if target == "-":
        assert judged.indicators == ()
        return
    first = judged.indicators[0]
    assert f"{first.target.value:g}{first.target.unit}" == target
    assert first.kind == kind
    if actual == "-":
        assert first.actual is None
    else:
        assert f"{first.actual.value:g}{first.actual.unit}" == actual
    assert first.evidence.target  # every indicator says where its target came from


@pytest.mark.parametrize("text, value", [
    ("一", 1), ("两", 2), ("十五", 15), ("一百二十", 120), ("一千二百万", 12_000_000),
    ("三千零五", 3005), ("二十万", 200_000),
])
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("a, b", [
    ("4万千瓦", "40000KW"), ("9万KW", "90000千瓦"), ("1.5万亩", "15000亩"), ("2亿美元", "20000万美元"),
    ("8.5万标箱", "85000标箱"), ("350亿元", "3500000万元"), ("１２３４５元", "1.2345万元"),
    ("1,234.5万元", "12345000元"), ("3兆瓦", "3000千瓦"),
])
def test_units_normalise(a, b):
    first, second = parse_quantity(a), parse_quantity(b)
    assert first.family == second.family
    assert first.base == pytest.approx(second.base)


def test_quantities_keep_text_as_written():
    found = find_quantities("新增光伏项目并网９万KW，培训2600余人次")
    assert [(q.text, q.value, q.unit, q.approximate) for q in found] == [
        ("９万KW", 9, "万KW", False), ("2600余人次", 2600, "人次", True)]


@pytest.mark.parametrize("text, values", [
    ("增长-2.1%", [-2.1]), ("同比−0.8％", [-0.8]), ("-3.6%", [-3.6]), ("4.5-5.0%", [5.0]),
    ("3%-5%", [5.0]), ("PM2.5-10%", []), ("增长2.1%", [2.1]),
])
def test_a_minus_before_a_percentage_is_a_fall(text, values):
    assert [q.value for q in find_quantities(text) if q.family == "percent"] == values
    if len(values) == 1 and text.startswith("-"):
        assert parse_quantity(text).value == values[0]


@pytest.mark.parametrize("text", ["“8+4”政策", "2.0版", "4A级景区", "第六港区", "2023年9月30日",
                                  "7×24小时", "PM2.5", "五个一批", "个十百千"])
def test_names_are_not_quantities_or_targets(text):
    assert find_targets(text) == []


def test_scope_is_not_a_target():
    targets = find_targets("加快推进254个实施类市重点项目建设，完成投资350亿元以上")
    assert [(t.quantity.value, t.quantity.unit, t.op, t.kind) for t in targets] == [
        (350, "亿元", ">=", "cumulative")]


def test_comparison_words():
    ops = {t.metric: t.op for t in find_targets(
        "PM2.5浓度降至26微克/立方米以下，空气质量优良率保持在97%以上，城乡居民收入倍差低于1.82")}
    assert ops == {"PM2.5浓度": "<=", "空气质量优良率": ">=", "城乡居民收入倍差": "<="}


def test_enumeration_and_respectively():
    split = find_targets("全社会研发经费投入、高新技术产业投资增长30%以上")
    assert [t.metric for t in split] == ["全社会研发经费投入增长", "高新技术产业投资增长"]
    examples = find_targets("开工夏能、独立储能等项目21个以上")
    assert len(examples) == 1
    paired = find_targets("推进绿色动力、智能显示材料两个“万亩千亿”平台建设，力争产值分别突破100亿元、1000亿元")
    assert [(t.metric, t.quantity.value) for t in paired] == [
        ("绿色动力产值", 100), ("智能显示材料产值", 1000)]


def test_weakest_of_tied_figures_when_target_covers_all():
    task = Task("1", "全年投资完成率120%以上", "发改局", (Block("paragraph",
                "21个省重点工程年度投资完成率142.5%；10个省重点项目年度投资完成率121.1%；"
                "65个市重点项目年度投资完成率113.9%。"),), Source("t", 1))
    indicator = assess_task(task, parse_period_label("2023Q3")).indicators[0]
    assert indicator.actual.value == 113.9 and indicator.ratio == 0.949
    assert indicator.status == "on_track"


def test_past_checkpoint_is_unknown():
    task = Task("1", "开工率一季度达到30%、三季度达到85%", "发改局",
                (Block("paragraph", "项目均已开工，开工率100%。"),), Source("t", 1))
    first, third = assess_task(task, parse_period_label("2023Q3")).indicators
    assert first.status == "unknown" and first.actual is None
    assert third.status == "completed" and third.actual.value == 100


def test_report_level_and_json_contract():
    report = api.assess(api.load(SAMPLE_TXT))
    task = report.tasks[12]  # 13: 完成投资350亿元以上 / 388.6亿元
    data = task.as_dict()["indicators"][0]
    assert data["target"] == {"value": 350, "unit": "亿元", "op": ">="}
    assert data["actual"] == {"value": 388.6, "unit": "亿元"}
    assert data["ratio"] == 1.11 and data["status"] == "completed" and task.status == "completed"
    assert data["evidence"] == {"target": "完成投资350亿元以上",
                                "actual": "254个市重点建设项目共完成投资388.6亿元"}
    from yiwu_reports.renderers.json_out import report_document

    assert set(report_document(report)["summary"]["counts"]) == {
        "completed", "on_track", "lagging", "unknown", "qualitative"}


def test_accuracy_on_hand_labels_does_not_regress():
    from benchmarks.accuracy import TABLES, score_table

    for name, table, labels in TABLES:
        figures = score_table(table, labels).figures()
        assert figures["refused"] == 0, name
        assert figures["target_recall"] >= 0.95, name
        assert figures["target_precision"] >= 0.95, name
        assert figures["actual_accuracy"] >= 0.95, name
        assert figures["status_accuracy"] >= 0.95, name
        assert figures["lagging_recall"] >= 0.9, name
        assert figures["lagging_precision"] >= 0.95, name
        assert figures["lagging_as_completed"] <= 1, name  # sample task 73: a count of named schools


def test_accuracy_on_real_tables_does_not_regress():
    """The 29 published tables of tests/data/real, pooled, stay at least where this work left
    them (a small margin below: see benchmarks/accuracy.py for the figures per table)."""
    from benchmarks.accuracy import REAL, Score, score_table

    pooled = Score()
    for _name, table, labels in REAL:
        pooled.add(score_table(table, labels))
    figures = pooled.figures()
    # (hunan_oldcomm and xiangxi hold the pooled target figures down: see tests/data/real)
    assert figures["refused"] == 0
    assert figures["target_recall"] >= 0.79
    assert figures["target_precision"] >= 0.79
    assert figures["actual_accuracy"] >= 0.92
    assert figures["status_accuracy"] >= 0.89
    assert figures["lagging_recall"] >= 0.92
    assert figures["lagging_precision"] >= 0.78
    assert figures["lagging_as_completed"] == 0
    # Calibration: `certain` is right, the wrong ones are mostly marked, and review stays the
    # exception (issue 22's bar on tables never seen: 0.95, 0.80 and at most 0.30).
    assert figures["certain_right"] >= 0.95
    assert figures["wrong_marked_review"] >= 0.7
    assert figures["review_share"] <= 0.30
