"""`--lead NAME`: every output restricted to the tasks of those lead units, the briefing
addressed to them."""

from __future__ import annotations

import json
import re
import subprocess

import docx
import pytest
from openpyxl import load_workbook

from tests.conftest import SAMPLE_TXT
from tests.factories import joint_report
from yiwu_reports import api
from yiwu_reports.core.errors import UsageError
from yiwu_reports.summary.counts import summarise


@pytest.fixture(scope="module")
def sample():
    return api.assess(api.load(SAMPLE_TXT))


@pytest.fixture(scope="module")
def written(tmp_path_factory, sample):
    """make-report --lead 经信局 -f all on the sample, and 经信局's task ids."""
    from yiwu_reports.cli import main

    folder = tmp_path_factory.mktemp("lead")
    with pytest.raises(SystemExit) as done:
        main([str(SAMPLE_TXT), "--lead", "经信局", "-f", "docx", "-f", "pdf", "-f", "xlsx",
              "-f", "json", "-f", "html", "-o", str(folder), "--check", "-q"])
    assert done.value.code == 0
    ids = [task.id for task in sample.tasks if "经信局" in task.leads]
    assert len(ids) == 10
    return folder, ids


def _file(folder, suffix):
    (path,) = folder.glob(f"*{suffix}")
    return path


def test_json_holds_only_the_units_tasks_and_says_so(written):
    folder, ids = written
    data = json.loads(_file(folder, ".json").read_text(encoding="utf-8"))
    assert [task["id"] for task in data["tasks"]] == ids
    assert data["restricted_to"] == ["经信局"]
    assert list(data["summary"]["by_lead"]) == ["经信局"]
    assert data["summary"]["total"] == len(ids)


def test_briefing_is_addressed_to_the_unit_and_lists_only_its_tasks(written):
    folder, ids = written
    document = docx.Document(str(_file(folder, ".docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "经信局："
    annex = document.tables[-1]
    assert [row.cells[0].text for row in annex.rows[1:]] == ids
    assert {row.cells[2].text for row in annex.rows[1:]} == {"经信局"}
    assert f"{len(ids)}项任务中" in "".join(texts)


def test_workbook_pdf_and_page_hold_only_the_units_tasks(written):
    folder, ids = written
    book = load_workbook(_file(folder, ".xlsx"), read_only=True)
    rows = [row for row in book["全部任务"].iter_rows(min_row=2, values_only=True)]
    assert [str(row[0]) for row in rows] == ids
    summary_text = "".join(str(v) for row in book["汇总"].iter_rows(values_only=True) for v in row if v)
    assert "范围：经信局牵头的任务" in summary_text
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(_file(folder, ".html").read_bytes())
    page_ids = [row.xpath("./th")[0].text_content() for row in
                tree.xpath('//table[@id="all-tasks"]/tbody/tr')]
    assert page_ids == ids
    text = subprocess.run(["pdftotext", "-layout", str(_file(folder, ".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "范围：经信局牵头的任务" in text
    assert "财政局" not in text  # task 1's unit: not 经信局's
    found = re.findall(r"全部任务（(\d+)项", text)
    assert found and int(found[0]) == len(ids)


def test_a_joint_task_is_in_each_of_its_units_restricted_report():
    report = joint_report()
    jx = api.restrict(report, "经信局")
    assert {"3", "4", "8", "13"} <= {task.id for task in jx.tasks}
    assert all("经信局" in task.leads for task in jx.tasks)
    # counts by unit are 经信局's only, though task 3 is also 发改局's
    assert [lead.lead for lead in summarise(jx).by_lead] == ["经信局"]
    commerce = api.restrict(report, ["商务局"])  # only cooperates on task 8
    assert "8" not in {task.id for task in commerce.tasks}
    both = api.restrict(report, ["发改局", "经信局"])
    assert [task.id for task in both.tasks] == [task.id for task in report.tasks
                                                if {"发改局", "经信局"} & set(task.leads)]
    assert {lead.lead for lead in summarise(both).by_lead} == {"发改局", "经信局"}


def test_a_unit_that_leads_nothing_is_a_usage_error_naming_the_units(sample, run_cli, tmp_path):
    with pytest.raises(UsageError, match="经济局.*the lead units are: 财政局"):
        api.restrict(sample, "经济局")
    result = run_cli(str(SAMPLE_TXT), "--lead", "经济局", "-f", "json", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "no task" in result.stderr and "经济局" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_leads_from_the_config_file_and_the_api(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text(f'[input]\npaths = ["{SAMPLE_TXT}"]\n[output]\nfolder = "out"\n'
                      'formats = ["json"]\nper_period = false\n'
                      '[report]\nleads = ["经信局", "发改局"]\n', encoding="utf-8")
    (path,) = api.generate(config)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["restricted_to"] == ["经信局", "发改局"]
    assert {lead for task in data["tasks"] for lead in task["leads"]} == {"经信局", "发改局"}
    (again,) = api.generate({"inputs": [str(SAMPLE_TXT)], "formats": ["json"],
                             "output_dir": str(tmp_path / "api"), "leads": "经信局"})
    assert json.loads(again.read_text(encoding="utf-8"))["restricted_to"] == ["经信局"]


def test_the_sample_config_shows_every_setting_and_loads_with_them_all(tmp_path):
    """samples/make-report.toml names every office setting and the 督办 keys, and, with its
    commented examples switched on, is a valid config."""
    import re

    from tests.conftest import SAMPLES
    from yiwu_reports.core.config import load_config
    from yiwu_reports.core.office import setting_names

    text = (SAMPLES / "make-report.toml").read_text(encoding="utf-8")
    for key in (*setting_names(), "leads", "history", "overrides", "date"):
        assert re.search(rf"^# {key} = ", text, re.M), key
    lines, open_string = [], False
    for line in text.splitlines():
        match = re.match(r"^# ([a-z_]+) = (.*)$", line)
        if match and match.group(1) not in ("overrides", "formats", "template", "font",
                                             "templates", "history", "label", "fill"):
            lines.append(f"{match.group(1)} = {match.group(2)}")
            open_string = match.group(2).count('"""') == 1
        elif open_string:
            lines.append(line[2:])
            open_string = '"""' not in line
        else:
            lines.append(line)
    config = tmp_path / "all.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    loaded = load_config(config)
    assert loaded.leads == ("经信局",) and loaded.office.warning_red == 25
    assert len(loaded.office.rectification.splitlines()) == 2  # 整改 of lagging tasks
    assert len(loaded.office.supplement_requirements.splitlines()) == 1  # 补报 of 待核实 ones
    assert loaded.office.days_off == ("2023-10-09",) and loaded.office.draft_mark == "征求意见稿"
    assert loaded.date is not None and loaded.date.isoformat() == "2023-10-20"
