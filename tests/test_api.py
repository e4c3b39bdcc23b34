"""The Python API as a tool uses it: what the README shows runs, the friction a tool met is gone,
every wrong call is a one-line ReportError, and the JSON follows the schema it ships."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

import yiwu_reports as yr
from tests import schemas
from tests.conftest import ROOT, SAMPLE_TXT, SAMPLES
from yiwu_reports.renderers import default_formats


@pytest.fixture(scope="module")
def report():
    return yr.assess(yr.load(SAMPLE_TXT))


def test_readme_using_it_from_python_runs_as_written(tmp_path, monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using it from Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.+?)```", section, re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        code = block.replace('"samples/', f'"{SAMPLES.as_posix()}/')
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["2023Q3 159", "missing.csv: no such file"]
    out = tmp_path / "out"
    assert (out / "report.json").exists() and (out / "yiwu-2023-q3-progress-2023Q3.pdf").exists()
    assert (out / "table" / "yiwu-2023-q3-progress-2023Q3.docx").exists()


def test_the_names_the_readme_uses_are_exported():
    for name in ("load", "assess", "render", "generate", "check_outputs", "Report", "Task", "Period",
                 "RenderOptions", "RunConfig", "ReportError", "InputError", "UsageError",
                 "RenderError", "LockHeldError"):
        assert hasattr(yr, name), name
        assert name in yr.__all__


def test_format_names_in_any_case(report, tmp_path):
    assert yr.render(report, "JSON", tmp_path / "a.json").exists()
    assert yr.render(report, " Xlsx ", tmp_path / "a.xlsx").exists()
    paths = yr.generate(report, formats=["JSON", "json"], output_dir=tmp_path / "g")
    assert [p.suffix for p in paths] == [".json"]


def test_render_into_a_folder_writes_the_usual_name(report, tmp_path):
    assert yr.render(report, "json", tmp_path) == tmp_path / "yiwu-2023-q3-progress-2023Q3.json"
    assert yr.render(report, "json", f"{tmp_path}/new/") == \
        tmp_path / "new" / "yiwu-2023-q3-progress-2023Q3.json"


def test_render_options_as_a_mapping(report, tmp_path):
    path = yr.render(report, "xlsx", tmp_path / "r.xlsx",
                     options={"palette": {"lagging": {"label": "进度滞后"}}})
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    values = {cell for row in book["全部任务"].iter_rows(values_only=True) for cell in row}
    book.close()
    assert "进度滞后" in values and "滞后" not in values
    with pytest.raises(yr.UsageError, match="unknown render option"):
        yr.render(report, "json", tmp_path / "x.json", options={"fonts": "x"})


def test_overrides_as_a_list_of_records(report):
    reviewed = yr.assess(report, overrides=[{"id": "13", "status": "滞后", "reason": "复核"},
                                            {"序号": "14", "状态": "lagging"}])
    by_id = {task.id: task for task in reviewed.tasks}
    assert by_id["13"].status == "lagging" and by_id["13"].auto_status == "completed"
    assert by_id["13"].override.reason == "复核" and by_id["14"].status == "lagging"


def test_generate_takes_a_report_in_memory(report, tmp_path):
    small = report.with_tasks(report.tasks[:5])
    paths = yr.generate(small, output_dir=tmp_path)
    assert sorted(p.suffix for p in paths) == sorted(f".{f}" for f in default_formats())
    data = json.loads(next(p for p in paths if p.suffix == ".json").read_text(encoding="utf-8"))
    assert [t["id"] for t in data["tasks"]] == ["1", "2", "3", "4", "5"]
    config = yr.RunConfig(reports=(small,), formats=("json",), output_dir=tmp_path / "c")
    assert [p.name for p in yr.generate(config)] == ["yiwu-2023-q3-progress-2023Q3.json"]


def test_a_previous_table_without_a_period_takes_previous_period(run_cli, tmp_path):
    text = (SAMPLES / "yiwu-2023-q2-progress.txt").read_text(encoding="utf-8")
    undated = tmp_path / "previous.txt"  # no period in its title or headers
    undated.write_text(text.replace("2023年义乌市政府工作报告重点任务二季度进展情况汇总表",
                                    "义乌市政府工作报告重点任务进展情况汇总表")
                       .replace("\t二季度进展情况", "\t进展情况"), encoding="utf-8")
    with pytest.raises(yr.InputError):
        yr.load(undated)
    without = run_cli(str(SAMPLE_TXT), "-f", "json", "-o", str(tmp_path / "a"),
                      "--previous", str(undated))
    assert without.exit_code == 1 and "previous.txt" in without.stderr
    given = run_cli(str(SAMPLE_TXT), "-f", "json", "-o", str(tmp_path / "b"),
                    "--previous", str(undated), "--previous-period", "2023Q2")
    assert given.exit_code == 0, given.stderr
    data = json.loads((tmp_path / "b" / "yiwu-2023-q3-progress-2023Q3.json").read_text("utf-8"))
    assert data["comparison"]["previous_period"]["label"] == "2023Q2"
    paths = yr.generate({"inputs": [str(SAMPLE_TXT)], "formats": ["json"],
                         "output_dir": tmp_path / "c", "previous": undated,
                         "previous_period": "2023Q2"})
    assert json.loads(paths[0].read_text("utf-8"))["comparison"]["previous_period"]["kind"] == \
        "quarter"


class _FullStream(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data):  # a disk that is full
        raise OSError(28, "No space left on device")


WRONG_CALLS = {
    "assess a string": lambda r, p: yr.assess("table.txt"),
    "render a string": lambda r, p: yr.render("table.txt", "json", p / "x.json"),
    "render to a number": lambda r, p: yr.render(r, "json", 42),
    "render to a text stream": lambda r, p: yr.render(r, "json", io.StringIO()),
    "render an unknown format": lambda r, p: yr.render(r, "odt", p / "x.odt"),
    "render a format that is not a string": lambda r, p: yr.render(r, 3, p / "x"),
    "render with options of a wrong type": lambda r, p: yr.render(r, "json", p / "x", options=3),
    "load a number": lambda r, p: yr.load(42),
    "load with a wrong period": lambda r, p: yr.load(SAMPLE_TXT, period=2023),
    "load a bad period label": lambda r, p: yr.load(SAMPLE_TXT, period="Q3 2023"),
    "generate a number": lambda r, p: yr.generate(42),
    "generate with an unknown field": lambda r, p: yr.generate({"input": ["x"]}),
    "generate a table path": lambda r, p: yr.generate(str(SAMPLE_TXT)),
    "generate with a report that is not one": lambda r, p: yr.generate({"reports": ["x"]}),
    "overrides of a wrong type": lambda r, p: yr.assess(r, overrides=5),
    "overrides naming no task": lambda r, p: yr.assess(r, overrides=[{"id": "999", "status": "滞后"}]),
    "overrides with a wrong status": lambda r, p: yr.assess(r, overrides={"13": "很好"}),
    "check a string": lambda r, p: yr.check_outputs("r", []),
    "render to a stream that fails": lambda r, p: yr.render(r, "json", _FullStream()),
}


@pytest.mark.parametrize("name", sorted(WRONG_CALLS))
def test_a_wrong_call_is_a_one_line_report_error(report, tmp_path, name):
    with pytest.raises(yr.ReportError) as raised:
        WRONG_CALLS[name](report, tmp_path)
    assert "\n" not in str(raised.value) and str(raised.value)


def test_the_json_names_its_schema_version_and_follows_the_schema(report, tmp_path):
    path = yr.render(report, "json", tmp_path / "r.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    # 1.1: `document` (draft or final, the date) and `summary.unsettled` were added
    assert data["schema_version"] == "1.1" and list(data)[0] == "schema_version"
    schemas.validate(schemas.REPORT, data)
    assert yr.load(path) == report  # read back: an equal model


@pytest.mark.parametrize("breakage", ["no lead", "unknown status", "ratio as text",
                                      "no schema version", "period label"])
def test_the_schema_rejects_a_broken_report(report, breakage):
    stream = io.BytesIO()
    yr.render(report, "json", stream)
    data = json.loads(stream.getvalue())
    task = data["tasks"][12]
    if breakage == "no lead":
        del task["lead"]
    elif breakage == "unknown status":
        task["status"] = "great"
    elif breakage == "ratio as text":
        task["indicators"][0]["ratio"] = "111%"
    elif breakage == "no schema version":
        del data["schema_version"]
    else:
        data["period"]["label"] = "Q3"
    with pytest.raises(AssertionError, match="does not follow"):
        schemas.validate(schemas.REPORT, data)


def test_the_schemas_ship_with_the_package():
    from yiwu_reports.core.resources import template_path

    for name in (schemas.REPORT, schemas.MANIFEST):
        assert template_path(name).is_file()
        schemas.validator(name)  # a valid JSON Schema (draft 2020-12)


def test_a_manifest_follows_its_schema(tmp_path):
    from yiwu_reports.run.runner import run

    result = run(yr.RunConfig(inputs=(str(SAMPLE_TXT),), formats=("json",), period="2023Q3",
                              output_dir=tmp_path, per_period=True))
    schemas.validate(schemas.MANIFEST, json.loads(Path(result.manifest).read_text("utf-8")))
