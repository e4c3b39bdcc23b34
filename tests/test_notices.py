"""督办通知单 (`-f notices`): one Word notice per lead unit with lagging or 待核实 tasks, numbered,
addressed to the unit, naming exactly its tasks with their figures, with a receipt to return;
written as one folder, with safe and distinct file names whatever the units are called."""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest

from tests.conftest import SAMPLE_TXT, SAMPLES
from tests.factories import joint_report, mixed_report
from yiwu_reports import api
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.renderers.common import xml_safe
from yiwu_reports.renderers.safe_names import MAX_NAME_BYTES, numbered_names, safe_stem
from yiwu_reports.run.output_check import check_outputs
from yiwu_reports.summary.display import number_text

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
            *(f"lpt{i}" for i in range(10))}


def read_notice(path: Path) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(str(path))
    receipt = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    return [p.text for p in document.paragraphs], receipt


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """make-report -f notices -f json on the sample (with last quarter, for the tiers)."""
    from yiwu_reports.cli import main

    folder = tmp_path_factory.mktemp("notices")
    with pytest.raises(SystemExit) as done:
        main([str(SAMPLE_TXT), "-f", "notices", "-f", "json", "-o", str(folder), "--check",
              "-q", "--date", "2023-10-20"])
    assert done.value.code == 0
    (notices,) = folder.glob("*-notices")
    (report,) = folder.glob("*.json")
    return notices, json.loads(report.read_text(encoding="utf-8"))


def _expected(data: dict) -> dict[str, list[dict]]:
    """Each unit's lagging then 待核实 tasks, from the JSON (the units each lead cell names)."""
    units: dict[str, list[dict]] = {}
    for status in ("lagging", "unknown"):
        for task in data["tasks"]:
            if task["status"] == status:
                for unit in task["leads"]:
                    units.setdefault(unit, []).append(task)
    return units


def test_one_notice_per_unit_with_lagging_or_unverified_tasks(written):
    folder, data = written
    expected = _expected(data)
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert {entry["unit"] for entry in index["notices"]} == set(expected)
    files = sorted(path.name for path in folder.glob("*.docx"))
    assert files == sorted(entry["file"] for entry in index["notices"])
    assert len(files) == len(expected)
    # numbered in table order, 督办〔2023〕N号 (GB/T 9704 7.2.4: no 第, no leading zero)
    assert [entry["number"] for entry in index["notices"]] == \
        [f"督办〔2023〕{n}号" for n in range(1, len(files) + 1)]
    assert not any("第" in entry["number"] for entry in index["notices"])


def test_each_notice_names_exactly_its_units_tasks_with_figures_and_a_receipt(written):
    folder, data = written
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    expected = _expected(data)
    all_ids = {task["id"] for task in data["tasks"]}
    for entry in index["notices"]:
        paragraphs, receipt = read_notice(folder / entry["file"])
        unit, tasks = entry["unit"], expected[entry["unit"]]
        assert paragraphs[0] == entry["number"]
        assert f"{unit}：" in paragraphs[:4]  # 主送
        text = "\n".join(paragraphs)
        told = [task_id for task_id in all_ids if f"（任务序号{task_id}）" in text]
        assert sorted(told) == sorted(task["id"] for task in tasks), unit
        for task in tasks:
            item = next(p for p in paragraphs if f"（任务序号{task['id']}）" in p)
            for indicator in task["indicators"]:
                if task["status"] == "lagging" and indicator["status"] == "lagging":
                    target = indicator["target"]
                    figure = re.escape(f"{number_text(target['value'])}{target['unit']}")
                    assert re.search(rf"目标[^，。0-9]{{0,6}}{figure}", item), item
                    if indicator["actual"] is not None:
                        actual = indicator["actual"]
                        assert f"实际{number_text(actual['value'])}{actual['unit']}" in item
                    if indicator["ratio"] is not None:
                        assert f"完成率{indicator['ratio'] * 100:.1f}%" in item
                        assert "序时进度75.0%" in item
            if task["status"] == "lagging":
                assert "依据：任务要求“" in item
        lagging = [t for t in tasks if t["status"] == "lagging"]
        if lagging:
            assert any(p.startswith("一、滞后任务") for p in paragraphs)
        if len(lagging) < len(tasks):
            assert any("需补报事项" in p for p in paragraphs)
        assert any(p.endswith("、整改要求" if lagging else "、补报要求") for p in paragraphs)
        # the receipt: number and unit, a row per task (lagging first), columns to fill in
        assert f"通知编号：{entry['number']}　　承办单位：{unit}" in paragraphs
        assert receipt[0][:2] == ["序号", "任务"] and len(receipt[0]) == 6
        assert receipt[0][2] == ("补报数据" if not lagging else "整改措施"
                                 if len(lagging) == len(tasks) else "整改措施或补报数据")
        assert [row[0] for row in receipt[1:]] == [task["id"] for task in tasks]
        assert all(row[2:] == ["", "", "", ""] for row in receipt[1:])
        assert "「" not in text and "」" not in text


def _kind(entry: dict) -> str:
    return "both" if entry["lagging"] and entry["unknown"] else \
        "lagging" if entry["lagging"] else "unknown"


DUE = re.compile(r"于(20\d\d年\d{1,2}月\d{1,2}日)前")


def test_a_notice_asks_what_it_has_cause_to_ask_with_one_deadline_each(written):
    """A unit with only 待核实 tasks is asked to 补报, not to analyse its delays; one with only
    lagging tasks to rectify, not to 补报; each thing asked has one deadline, a date."""
    folder, _data = written
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    seen = set()
    for entry in index["notices"]:
        kind = _kind(entry)
        seen.add(kind)
        paragraphs, _ = read_notice(folder / entry["file"])
        text = "\n".join(paragraphs)
        asks_rectify = "分析滞后原因" in text or "加快推进滞后任务" in text
        asks_supplement = "对需补报的事项" in text
        assert asks_rectify == (kind != "unknown"), entry["unit"]
        assert asks_supplement == (kind != "lagging"), entry["unit"]
        deadlines = DUE.findall(text)
        if kind == "unknown":  # 5个工作日 from Friday 20 October 2023: Friday 27 October
            assert deadlines == ["2023年10月27日"], entry["unit"]
        elif kind == "lagging":  # 下月5日
            assert deadlines == ["2023年11月5日"], entry["unit"]
        else:  # the figures by the one date, the measures by the other
            assert deadlines == ["2023年10月27日", "2023年11月5日"], entry["unit"]
        assert "个工作日" not in text and "下月" not in text
    assert seen == {"lagging", "unknown", "both"}  # the sample has units of each kind


def test_the_annex_note_stands_before_the_signature(written):
    """GB/T 9704 7.3.3: 附件说明 below the body, before the signature and date."""
    folder, _data = written
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    for entry in index["notices"]:
        paragraphs, _ = read_notice(folder / entry["file"])
        note = paragraphs.index("附件：督办通知单回执")
        signature = paragraphs.index("市政府督查室", note)
        assert re.fullmatch(r"20\d\d年\d{1,2}月(\d{1,2}|\u3000)日", paragraphs[signature + 1])
        assert paragraphs[note - 1] == "" and paragraphs[note + 1] == ""
        assert paragraphs.index("督办通知单回执") > signature  # the receipt's own title, after


def test_a_lagging_item_carries_its_warning_tier(written):
    folder, data = written
    labels = {"red": "红色预警", "yellow": "黄色预警", "blue": "蓝色预警"}
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    entry = next(e for e in index["notices"] if e["lagging"])
    paragraphs, _receipt = read_notice(folder / entry["file"])
    for task_id in entry["lagging"]:
        task = next(t for t in data["tasks"] if t["id"] == task_id)
        item = next(p for p in paragraphs if f"（任务序号{task_id}）" in p)
        assert f"【{labels[task['warning']]}】" in item


def test_joint_tasks_go_to_each_lead_unit_and_not_to_a_cooperating_one(tmp_path):
    report = joint_report()
    folder = api.render(report, "notices", tmp_path / "n")
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    by_unit = {entry["unit"]: entry for entry in index["notices"]}
    assert "3" in by_unit["发改局"]["lagging"] and "3" in by_unit["经信局"]["lagging"]
    assert "4" in by_unit["经信局"]["unknown"] and "4" in by_unit["财政局"]["unknown"]
    assert "8" in by_unit["经信局"]["lagging"]
    assert "8" not in by_unit.get("商务局", {}).get("lagging", [])
    assert "发改局、经信局" not in by_unit
    paragraphs, _ = read_notice(folder / by_unit["发改局"]["file"])
    item = next(p for p in paragraphs if "（任务序号3）" in p)
    assert "与经信局共同牵头" in item
    assert not check_outputs(report, [folder])


def test_same_input_same_files_and_the_number_pattern_is_a_setting(tmp_path):
    report = api.assess(api.load(SAMPLE_TXT))
    first = api.render(report, "notices", tmp_path / "a")
    second = api.render(report, "notices", tmp_path / "b")
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    from yiwu_reports.core.office import OfficeSettings

    office = OfficeSettings(notice_number="义督〔{year}〕{n}号", measures_deadline="10月31日",
                            measures_to="市督考办")
    third = api.render(report, "notices", tmp_path / "c", options=RenderOptions(office=office))
    index = json.loads((third / "index.json").read_text(encoding="utf-8"))
    assert index["notices"][1]["number"] == "义督〔2023〕2号"
    paragraphs, _ = read_notice(third / index["notices"][1]["file"])
    assert paragraphs[0] == "义督〔2023〕2号"
    # undated (a render from Python without a date): the deadline as the setting says it
    assert any("请于10月31日前填写所附回执，将整改措施报送市督考办。" in p for p in paragraphs)
    dated = api.render(report, "notices", tmp_path / "d",
                       options=RenderOptions(office=office, date=date(2023, 10, 20)))
    paragraphs, _ = read_notice(dated / index["notices"][1]["file"])
    assert any("请于2023年10月31日前填写所附回执，将整改措施报送市督考办。" in p for p in paragraphs)


HOSTILE = ["../x", "..", "a\\b", "CON", "con", "aux.txt", "Lpt1", "NUL.局", "经信局\x07",
           "经\u202e信局", "Abc局", "ABC局", "a:b局", "a*b局", "a?b局", " .隐藏局", "局" * 300,
           "局" * 299 + "办", "<script>", "%2e%2e"]


def test_hostile_unit_names_give_safe_distinct_file_names():
    names = numbered_names(HOSTILE, ".docx")
    assert len({unicodedata.normalize("NFC", name).casefold() for name in names}) == len(names)
    for name in names:
        assert "/" not in name and "\\" not in name and name not in (".", "..")
        assert not any(unicodedata.category(char) in ("Cc", "Cf") for char in name)
        assert not any(char in name for char in '<>:"|?*')
        assert len(name.encode("utf-8")) <= 255 and not name.startswith(".")
        assert name.split(".")[0].split("-", 1)[1].strip().lower() not in RESERVED
        assert not name.endswith((" ", "."))
    for unit in ("CON", "aux.txt", "Lpt1", "NUL.局"):
        assert safe_stem(unit).split(".")[0].lower() not in RESERVED
    assert safe_stem("../x") == "x" and "/" not in safe_stem("a/b")
    assert safe_stem("") == "未命名" and safe_stem("...") == "未命名"
    long_a, long_b = safe_stem("局" * 300), safe_stem("局" * 299 + "办")
    assert long_a != long_b  # cut alike, told apart by a digest of the whole
    assert len(long_a.encode("utf-8")) <= MAX_NAME_BYTES


def test_notices_for_hostile_unit_names_stay_in_their_folder(tmp_path):
    report = mixed_report()
    tasks = list(report.tasks)
    targets = [i for i, task in enumerate(tasks) if task.status in ("lagging", "unknown")]
    units = [unit for unit in HOSTILE if "\\" in unit or "/" not in unit]
    for index, unit in zip(targets, units):
        tasks[index] = replace(tasks[index], lead=unit)
    report = report.with_tasks(tasks)
    folder = api.render(report, "notices", tmp_path / "out" / "notices")
    inside = list(folder.iterdir())
    assert sorted(os.listdir(tmp_path / "out")) == ["notices"]  # nothing written beside it
    assert all(path.parent == folder and path.is_file() for path in inside)
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert len({e["file"].casefold() for e in index["notices"]}) == len(index["notices"])
    for entry in index["notices"]:
        paragraphs, _ = read_notice(folder / entry["file"])
        assert f"{xml_safe(entry['unit'])}：" in paragraphs  # 主送: the name as the table has it
    assert {"CON", "con", "Abc局", "ABC局", "a:b局", "a*b局"} <= \
        {e["unit"] for e in index["notices"]}
    assert not check_outputs(report, [folder])


def test_the_folder_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    from yiwu_reports.renderers import notices

    report = api.assess(api.load(SAMPLE_TXT))
    target = tmp_path / "notices"
    api.render(report, "notices", target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    calls = {"n": 0}
    real = notices.render_notice

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(notices, "render_notice", failing)
    with pytest.raises(api.RenderError, match="No space left"):
        api.render(api.restrict(report, ["经信局", "商务局", "财政局", "建设局"]), "notices",
                   target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before  # the last run's, whole
    assert sorted(os.listdir(tmp_path)) == ["notices"]  # no temporary folder left


def test_a_stream_receives_the_notices_as_a_zip(tmp_path):
    report = api.restrict(api.assess(api.load(SAMPLE_TXT)), "经信局")
    out = io.BytesIO()
    api.render(report, "notices", out)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["01-经信局.docx", "index.json"]


def test_check_finds_a_notice_that_lost_a_task(tmp_path):
    report = api.assess(api.load(SAMPLE_TXT))
    folder = api.render(report, "notices", tmp_path / "n")
    assert not check_outputs(report, [folder])
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    entry = next(e for e in index["notices"] if len(e["lagging"]) + len(e["unknown"]) > 1)
    document = docx.Document(str(folder / entry["file"]))
    receipt = document.tables[-1]
    receipt._tbl.remove(receipt.rows[-1]._tr)
    document.save(str(folder / entry["file"]))
    (folder / index["notices"][0]["file"]).unlink()
    problems = check_outputs(report, [folder])
    assert any("receipt lists" in p for p in problems)
    assert any("missing (the notice of" in p for p in problems)


def test_a_scheduled_run_lists_every_notice_in_its_manifest_and_is_then_up_to_date(tmp_path):
    config = tmp_path / "run.toml"
    config.write_text(f'[input]\npaths = ["{SAMPLE_TXT}"]\n'
                      f'previous = "{SAMPLES / "yiwu-2023-q2-progress.txt"}"\n'
                      '[output]\nfolder = "out"\nformats = ["notices", "json"]\n'
                      '[report]\nperiod = "2023Q3"\n', encoding="utf-8")
    from yiwu_reports.core.config import load_config
    from yiwu_reports.run.runner import run

    result = run(load_config(config))
    assert not result.failures
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    (entry,) = [e for e in manifest["outputs"] if e["format"] == "notices"]
    folder = result.folder / entry["path"]
    assert sorted(f["path"] for f in entry["files"]) == sorted(p.name for p in folder.iterdir())
    again = run(load_config(config))
    assert again.up_to_date and not again.written
    (folder / "index.json").write_text("{}", encoding="utf-8")  # tampered: rebuilt
    third = run(load_config(config))
    assert not third.up_to_date and folder in third.written
