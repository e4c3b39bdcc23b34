"""预警 tiers: each lagging task is blue, yellow or red by its gap to the schedule (and red when it
was lagging last period too); 待核实 twice running is called out. Checked in the JSON, the
workbook, the briefing and the web page."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import docx
import pytest
from openpyxl import load_workbook

from tests.conftest import SAMPLE_TXT, SAMPLES
from yiwu_reports import api
from yiwu_reports.assessment.warning_tiers import WarningRules, grade, indicator_gap
from yiwu_reports.core.model import Actual, Evidence, Indicator, Period, Target
from yiwu_reports.core.office import OfficeSettings
from yiwu_reports.core.palette import default_palette

PREVIOUS = SAMPLES / "yiwu-2023-q2-progress.txt"
Q3 = Period(2023, "quarter", 9)


def _indicator(kind: str, target: Target, actual: Actual | None, ratio: float | None = None,
               status: str = "lagging") -> Indicator:
    return Indicator("指标", kind, target, actual, ratio, status, Evidence("目标", "实际"))


@pytest.mark.parametrize(("indicator", "gap"), [
    # cumulative: 序时进度 75% minus 完成率
    (_indicator("cumulative", Target(2, "亿美元"), Actual(0.972, "亿美元"), 0.486), 26.4),
    (_indicator("cumulative", Target(100, "家"), Actual(80, "家"), 0.8), 0.0),
    # a growth rate: points short of it
    (_indicator("rate", Target(8, "%"), Actual(7.5, "%")), 0.5),
    (_indicator("rate", Target(15, "%"), Actual(-11.2, "%")), 26.2),
    # a share: points short; a ceiling: points over
    (_indicator("level", Target(97, "%"), Actual(94.4, "%")), 2.6),
    (_indicator("level", Target(3.5, "%", "<="), Actual(4.0, "%")), 0.5),
    # another level: the shortfall as a share of the target
    (_indicator("level", Target(56, "万人次"), Actual(22.96, "万人次")), 59.0),
    (_indicator("level", Target(26, "微克/立方米", "<="), Actual(30, "微克/立方米")), 15.4),
    # nothing to measure with
    (_indicator("cumulative", Target(5, "个"), None), None),
    (_indicator("level", Target(0, "起", "<="), Actual(2, "起")), None),
])
def test_the_gap_of_an_indicator_in_points(indicator, gap):
    found = indicator_gap(indicator, Q3)
    assert (found is None) == (gap is None)
    if gap is not None:
        assert round(found, 1) == gap


def _tier(gap, rules: WarningRules) -> str:
    """The rule as the issue states it, written independently of `tiers`."""
    if gap is None or gap < rules.yellow:
        return "blue"
    return "yellow" if gap <= rules.red else "red"


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiers")
    (path,) = api.generate({"inputs": [str(SAMPLE_TXT)], "formats": ["json"],
                            "output_dir": str(folder)})
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_lagging_task_in_the_json_has_a_tier_consistent_with_its_gap(sample_json):
    elapsed = sample_json["period"]["elapsed"]
    lagging = [t for t in sample_json["tasks"] if t["status"] == "lagging"]
    assert len(lagging) >= 10
    tiers = set()
    for task in lagging:
        assert task["warning"] == _tier(task["gap"], WarningRules()), task["id"]
        tiers.add(task["warning"])
        # the gap is at least as wide as any lagging cumulative indicator's own
        for indicator in task["indicators"]:
            if indicator["status"] == "lagging" and indicator["ratio"] is not None:
                assert task["gap"] >= round((elapsed - indicator["ratio"]) * 100, 1) - 0.05
        assert task["warning_reason"].startswith("落后") or "无法" in task["warning_reason"]
    assert tiers == {"red", "yellow", "blue"}  # the sample has all three
    others = [t for t in sample_json["tasks"] if t["status"] != "lagging"]
    assert all(t["warning"] is None and t["gap"] is None for t in others)
    counts = sample_json["summary"]["warning_tiers"]
    assert counts == {tier: sum(t["warning"] == tier for t in lagging)
                      for tier in ("red", "yellow", "blue")}


def test_thresholds_are_office_settings(tmp_path, sample_json):
    config = tmp_path / "run.toml"
    config.write_text(f'[input]\npaths = ["{SAMPLE_TXT}"]\n[output]\nfolder = "out"\n'
                      'formats = ["json"]\nper_period = false\n'
                      '[report]\nwarning_yellow = 3\nwarning_red = 12.5\n', encoding="utf-8")
    (path,) = api.generate(config)
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = WarningRules(3, 12.5)
    lagging = [t for t in data["tasks"] if t["status"] == "lagging"]
    assert all(t["warning"] == _tier(t["gap"], rules) for t in lagging)
    before = {t["id"]: t["warning"] for t in sample_json["tasks"]}
    assert any(before[t["id"]] != t["warning"] for t in lagging)  # the setting made a difference
    bad = tmp_path / "bad.toml"
    bad.write_text('[report]\nwarning_yellow = 30\nwarning_red = 10\n', encoding="utf-8")
    with pytest.raises(api.UsageError, match="warning_red"):
        api.generate(bad)
    with pytest.raises(api.UsageError, match="number"):
        OfficeSettings.from_mapping({"warning_red": "很多"})


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """The sample compared with its Q2 table, in JSON, workbook, briefing and page."""
    folder = tmp_path_factory.mktemp("compared")
    paths = api.generate({"inputs": [str(SAMPLE_TXT)], "previous": str(PREVIOUS),
                          "formats": ["json", "xlsx", "docx", "html"], "output_dir": str(folder)})
    return {path.suffix: path for path in paths}


def test_lagging_in_the_previous_period_too_is_red(compared):
    data = json.loads(compared[".json"].read_text(encoding="utf-8"))
    twice = [t for t in data["tasks"] if t["status"] == "lagging"
             and t["change"]["previous_status"] == "lagging"]
    assert twice and all(t["warning"] == "red" and "连续两期滞后" in t["warning_reason"]
                         for t in twice)
    again = [t["id"] for t in data["tasks"] if t["status"] == "unknown"
             and t["change"]["previous_status"] == "unknown"]
    assert again and data["summary"]["unknown_again"] == again


def test_a_task_that_improved_is_graded_by_its_gap_alone():
    report = api.assess(api.load(SAMPLE_TXT))
    task = next(t for t in report.tasks if t.status == "lagging" and t.gap is not None
                and t.gap < 10)
    from yiwu_reports.core.model import Change

    moved = replace(task, change=Change("on_track", True))
    assert grade(report.with_tasks([moved])).tasks[0].warning == "blue"
    stuck = replace(task, change=Change("lagging", False))
    assert grade(report.with_tasks([stuck])).tasks[0].warning == "red"


def test_workbook_shows_the_tier_in_its_colour_on_both_task_sheets(compared):
    book = load_workbook(compared[".xlsx"])
    data = json.loads(compared[".json"].read_text(encoding="utf-8"))
    tiers = {t["id"]: t["warning"] for t in data["tasks"]}
    palette = default_palette()
    for name in ("全部任务", "滞后任务"):
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        column = header.index("预警")
        seen = 0
        for row in sheet.iter_rows(min_row=2):
            if row[1].value is None or row[0].value is None:
                continue  # a unit's heading row
            tier = tiers[str(row[0].value)]
            cell = row[column]
            if tier is None:
                assert cell.value in (None, "", "连续两期未报可比数据")
                continue
            seen += 1
            style = palette.warning(tier)
            assert cell.value == style.label
            assert cell.fill.fgColor.rgb[-6:] == style.fill.lstrip("#")
            assert cell.font.color.rgb[-6:] == style.text.lstrip("#")
        assert seen == sum(1 for t in tiers.values() if t)
    again = {t["id"] for t in data["tasks"] if t["id"] in data["summary"]["unknown_again"]}
    sheet = book["全部任务"]
    header = [cell.value for cell in sheet[1]]
    marked = {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)
              if row[header.index("预警")] == "连续两期未报可比数据"}
    assert marked == again


def test_briefing_marks_each_lagging_task_with_its_tier_and_counts_them(compared):
    document = docx.Document(str(compared[".docx"]))
    body = [p.text for p in document.paragraphs]
    data = json.loads(compared[".json"].read_text(encoding="utf-8"))
    counts = data["summary"]["warning_tiers"]
    section = body[body.index("二、滞后任务"):body.index("三、待核实事项")]
    assert any(text.startswith("按预警等级分，") and f"红色预警{counts['red']}项" in text
               for text in section)
    for task in data["tasks"]:
        if task["warning"]:
            label = default_palette().warning_label(task["warning"])
            assert any(f"【{label}】" in text and f"附件序号{task['id']}）" in text
                       for text in section), task["id"]
    unverified = body[body.index("三、待核实事项"):body.index("四、下一步工作要求")]
    for task_id in data["summary"]["unknown_again"]:
        item = next(text for text in unverified if f"附件序号{task_id}）" in text)
        assert "连续两期未报可比数据" in item


def test_web_page_shows_the_tier_beside_each_lagging_task(compared):
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(compared[".html"].read_bytes())
    data = json.loads(compared[".json"].read_text(encoding="utf-8"))
    for row in tree.xpath('//table[@id="shortfall-tasks"]/tbody/tr'):
        task = next(t for t in data["tasks"] if t["id"] == row.xpath("./th")[0].text_content())
        notes = [span.text_content() for span in row.xpath('.//span[@class="note"]')]
        assert f"{default_palette().warning_label(task['warning'])}（{task['warning_reason']}）" \
            in notes


def test_tiers_survive_the_json_round_trip(tmp_path):
    report = api.assess(api.load(SAMPLE_TXT))
    path = api.render(report, "json", tmp_path / "r.json")
    again = api.load(path)
    assert [(t.warning, t.gap, t.warning_reason) for t in again.tasks] == \
        [(t.warning, t.gap, t.warning_reason) for t in report.tasks]
    out = io.BytesIO()
    api.render(again, "docx", out)  # a report read back renders with its tiers
    assert "【" in "".join(p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs)
