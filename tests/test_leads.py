"""Joint leads: a lead cell naming several units counts under each of them in every by-unit
table and chart, and is listed once in task lists; the cell stays as written."""

from __future__ import annotations

import io
import json
import re

import docx
import pytest
from openpyxl import load_workbook

from tests.factories import JOINT_LEADS, joint_report
from yiwu_reports import api
from yiwu_reports.core.leads import split_leads
from yiwu_reports.core.model import Task
from yiwu_reports.summary.counts import summarise, tasks_by_lead


@pytest.mark.parametrize(("cell", "units"), [
    ("发改局", ["发改局"]),
    ("发改局、经信局", ["发改局", "经信局"]),
    ("发改局，经信局,商务局", ["发改局", "经信局", "商务局"]),
    ("发改局；经信局;商务局", ["发改局", "经信局", "商务局"]),
    ("发改局/经信局", ["发改局", "经信局"]),
    ("发改局\n经信局", ["发改局", "经信局"]),
    ("发改局和经信局", ["发改局", "经信局"]),
    ("财政局及税务局", ["财政局", "税务局"]),
    ("市场监管局及各镇街", ["市场监管局", "各镇街"]),
    # 和 inside a unit's own name
    ("经济和信息化局", ["经济和信息化局"]),
    ("住房和城乡建设局及财政局", ["住房和城乡建设局", "财政局"]),
    ("自然资源和规划局与建设局", ["自然资源和规划局", "建设局"]),
    # 牵头 / 配合 markers: cooperating units are not lead units
    ("发改局牵头，经信局配合", ["发改局"]),
    ("发改局、经信局牵头，商务局配合", ["发改局", "经信局"]),
    ("发改局（牵头）、经信局（配合）", ["发改局"]),
    ("牵头单位：发改局、经信局；配合单位：商务局", ["发改局", "经信局"]),
    ("发改局 牵头", ["发改局"]),
    ("商务局参与", ["商务局"]),  # only cooperating units named: they answer for it
    # marks, brackets, quotes, repeats
    ("★发改局、经信局", ["发改局", "经信局"]),
    ("组织部（人才办）", ["组织部（人才办）"]),
    ("市发改委（市粮食和物资储备局）", ["市发改委（市粮食和物资储备局）"]),
    ("“三服务”办", ["“三服务”办"]),
    ("发改局，发改局", ["发改局"]),
    ("发改局等", ["发改局"]),
    ("县卫健局 县医保局", ["县卫健局", "县医保局"]),
    ("发展改革委生态环境分局", ["发展改革委生态环境分局"]),  # run together: cannot be told apart
    ("", []),
    ("  ", []),
])
def test_a_lead_cell_is_split_into_the_units_it_names(cell, units):
    assert list(split_leads(cell)) == units


def test_the_sample_and_the_real_tables_split_as_their_cells_read():
    report = api.load("samples/yiwu-2023-q3-progress.txt")
    # The sample names one unit per task: nothing is split, 组织部（人才办） stays whole.
    assert all(task.leads == (task.lead,) for task in report.tasks if task.lead)
    pinghu = api.load("tests/data/real/pinghu_2023_h1.tsv", period="2023H1")
    assert {unit for task in pinghu.tasks for unit in task.leads} >= {
        "发改局", "经信局", "建设局", "农业农村局", "财政局", "税务局", "生态环境分局"}
    huaiyuan = api.load("tests/data/real/huaiyuan_2021_q1.tsv", period="2021Q1")
    assert "经济和信息化局" in {unit for task in huaiyuan.tasks for unit in task.leads}


@pytest.fixture(scope="module")
def report():
    return joint_report()


@pytest.fixture(scope="module")
def summary(report):
    return summarise(report)


def _own(report, unit: str) -> list[Task]:
    return [task for task in report.tasks if unit in task.leads]


def test_summary_counts_a_joint_task_under_each_of_its_lead_units(report, summary):
    by_lead = {lead.lead: lead for lead in summary.by_lead}
    assert "发改局、经信局" not in by_lead and "经信局和财政局" not in by_lead
    mine = _own(report, "经信局")
    assert [task.id for task in mine if task.id in JOINT_LEADS] == ["3", "4", "8", "13"]
    assert by_lead["经信局"].total == len(mine)
    assert by_lead["经信局"].counts["lagging"] == sum(t.status == "lagging" for t in mine)
    assert by_lead["发改局"].counts["lagging"] >= 1  # task 3
    assert "商务局" in by_lead  # its own tasks; task 8 is not one
    assert all(task.id != "8" for task in tasks_by_lead(report.tasks)["商务局"])
    assert summary.total == len(report.tasks)  # listed once


def test_json_keeps_the_cell_and_gives_the_units(report, tmp_path):
    path = api.render(report, "json", tmp_path / "r.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    task = next(t for t in data["tasks"] if t["id"] == "8")
    assert task["lead"] == "经信局牵头，商务局配合" and task["leads"] == ["经信局"]
    assert len(data["tasks"]) == len(report.tasks)
    jx = data["summary"]["by_lead"]["经信局"]
    assert sum(jx.values()) == len(_own(report, "经信局"))
    assert api.load(path).tasks == report.tasks  # the units are derived, not stored twice


def test_briefing_groups_a_joint_task_under_each_unit_and_tells_it_once(report, summary):
    out = io.BytesIO()
    api.render(report, "docx", out)
    document = docx.Document(io.BytesIO(out.getvalue()))
    body = [p.text for p in document.paragraphs]
    start, end = body.index("二、滞后任务"), body.index("三、待核实事项")
    section = body[start:end]
    headings = [text for text in section if re.match(r"^（[一二三四五六七八九十]+）", text)]
    lagging = {lead.lead: lead.counts["lagging"] for lead in summary.by_lead}
    for unit in ("发改局", "经信局", "市场发展委"):
        assert f"{unit}（{lagging[unit]}项）" in "".join(headings)
    told = [text for text in section if "附件序号3）" in text]
    assert len(told) == 2  # under 发改局 and under 经信局
    full = [text for text in told if "依据" in text]
    pointer = [text for text in told if "共同牵头" in text]
    assert len(full) == 1 and len(pointer) == 1
    # the pointer names the other unit and where the task is told
    assert re.search(r"与(发改局|经信局)共同牵头，详见本部分（[一二三四五六七八九十]+）第\d+项", pointer[0])
    # the annex lists every task once, the cell as written
    annex = document.tables[-1]
    ids = [row.cells[0].text for row in annex.rows[1:]]
    assert ids == [task.id for task in report.tasks]
    row = next(row for row in annex.rows[1:] if row.cells[0].text == "3")
    assert row.cells[2].text == "发改局、经信局"


def test_workbook_counts_and_lists_joint_tasks_by_unit(report, summary, tmp_path):
    path = api.render(report, "xlsx", tmp_path / "r.xlsx")
    book = load_workbook(path)
    rows = list(book["汇总"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "牵头单位")
    table = {row[0]: row for row in rows[header + 1:] if row[0]}
    assert "发改局、经信局" not in table
    assert table["经信局"][1] == len(_own(report, "经信局"))
    # 滞后任务: task 3 under both its units, its note naming them
    groups: dict[str, list[str]] = {}
    current = None
    for row in book["滞后任务"].iter_rows(min_row=2, values_only=True):
        if row[0] is not None and row[1] is None:
            current = str(row[0]).split("　")[0]
            groups[current] = []
        elif current is not None:
            groups[current].append(str(row[0]))
    assert "3" in groups["发改局"] and "3" in groups["经信局"] and "13" in groups["经信局"]
    assert "8" in groups["经信局"] and "8" not in groups.get("商务局", [])
    # 全部任务 lists each task once with the cell as written
    ids = [str(row[0]) for row in book["全部任务"].iter_rows(min_row=2, values_only=True)]
    assert ids == [task.id for task in report.tasks]


def test_web_page_filters_a_joint_task_under_each_of_its_units(report, tmp_path):
    from lxml import html as lxml_html

    path = api.render(report, "html", tmp_path / "r.html")
    tree = lxml_html.fromstring(path.read_bytes())
    options = {option.text: option.get("value")
               for option in tree.xpath('//select[@id="filter-lead"]/option') if option.get("value")}
    assert "发改局、经信局" not in options
    row = tree.xpath('//table[@id="all-tasks"]//tr[@data-lead][th="3"]')[0]
    assert row.get("data-lead").split() == [options["发改局"], options["经信局"]]
    lead_table = {row.xpath("./th")[0].text: row for row in tree.xpath('//table[@id="leads"]//tr')
                  if row.xpath("./th")}
    assert "经信局" in lead_table and "发改局、经信局" not in lead_table
