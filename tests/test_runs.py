"""Quarterly runs: the Python API, config files, scheduled runs (period folders, lock, manifest,
idempotence) and the quarter-over-quarter comparison."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT, SAMPLES
from yiwu_reports import api
from yiwu_reports.core.config import RunConfig, load_config
from yiwu_reports.run.runner import folder_lock, run

Q2 = SAMPLES / "yiwu-2023-q2-progress.txt"
Q3 = SAMPLES / "yiwu-2023-q3-progress.txt"


def _config(tmp_path, **changes) -> RunConfig:
    text = textwrap.dedent(f"""
        [input]
        paths = ["{SAMPLES.as_posix()}/yiwu-{{year}}-q{{quarter}}-progress.txt"]
        previous = "{SAMPLES.as_posix()}/yiwu-{{prev_year}}-q{{prev_quarter}}-progress.txt"
        [output]
        folder = "out"
        formats = ["json"]
        [report]
        period = "auto"
    """)
    path = tmp_path / "run.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path).merged(**changes)


def test_api_end_to_end(tmp_path):
    report = api.assess(api.load(Q3))
    with open(tmp_path / "r.json", "wb") as stream:
        assert api.render(report, "json", stream) is None
    written = api.render(report, "json", tmp_path / "again.json")
    assert written.read_bytes() == (tmp_path / "r.json").read_bytes()
    outputs = api.generate({"inputs": [str(Q3)], "formats": ["json"], "output_dir": str(tmp_path / "g")})
    assert [p.name for p in outputs] == ["yiwu-2023-q3-progress-2023Q3.json"]


@pytest.mark.parametrize("day, label", [("2023-10-15", "2023Q3"), ("2023-10-01", "2023Q3"),
                                        ("2023-09-30", "2023Q2"), ("2024-01-01", "2023Q4")])
def test_period_auto_at_boundaries(run_cli, tmp_path, day, label):
    result = run_cli(str(Q3), "-f", "json", "--period", "auto", "--as-of", day, "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / f"yiwu-2023-q3-progress-{label}.json").exists()


def test_scheduled_run_folder_manifest_and_idempotence(run_cli, tmp_path):
    config = tmp_path / "run.toml"
    _config(tmp_path)  # writes run.toml
    args = ["--config", str(config), "--as-of", "2023-10-15"]
    first = run_cli(*args)
    assert first.exit_code == 0, first.stderr
    folder = tmp_path / "out" / "2023Q3"
    output = folder / "yiwu-2023-q3-progress-2023Q3.json"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"]["label"] == "2023Q3"
    assert manifest["inputs"][0]["path"].endswith("yiwu-2023-q3-progress.txt")
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["outputs"][0]["sha256"])
    stamp = (output.stat().st_mtime_ns, (folder / "manifest.json").stat().st_mtime_ns)
    second = run_cli(*args)
    assert second.exit_code == 0 and "up to date" in second.stderr and second.stdout == ""
    assert (output.stat().st_mtime_ns, (folder / "manifest.json").stat().st_mtime_ns) == stamp
    forced = run_cli(*args, "--force")
    assert forced.exit_code == 0 and str(output) in forced.stdout
    output.write_text("tampered", encoding="utf-8")
    assert run_cli(*args).exit_code == 0
    assert json.loads(output.read_text(encoding="utf-8"))["period"]["label"] == "2023Q3"


def test_command_line_wins_over_config(tmp_path):
    import datetime as dt

    auto = run(_config(tmp_path, as_of=dt.date(2023, 10, 15)))
    assert auto.folder.name == "2023Q3"
    given = run(_config(tmp_path, period="2023M1-9", as_of=dt.date(2024, 2, 1),
                        output_dir=tmp_path / "elsewhere"))
    assert given.folder == tmp_path / "elsewhere" / "2023Q3"


def test_lock_held_by_another_process_exits_3(tmp_path):
    _config(tmp_path)
    folder = tmp_path / "out" / "2023Q3"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from yiwu_reports.run.runner import folder_lock
        with folder_lock(Path({str(folder)!r})):
            print("held", flush=True)
            time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        done = subprocess.run([sys.executable, "-m", "yiwu_reports", "--config",
                               str(tmp_path / "run.toml"), "--as-of", "2023-10-15"],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 3, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "lock" in done.stderr
        assert not (folder / "manifest.json").exists()
    finally:
        holder.kill()
        holder.wait()
    # The lock dies with its holder: the next run goes ahead.
    with folder_lock(folder):
        pass


def test_quarter_over_quarter(tmp_path):
    result = run(_config(tmp_path, as_of=__import__("datetime").date(2023, 10, 15)))
    data = json.loads(result.outputs[0].read_text(encoding="utf-8"))
    assert data["comparison"]["previous_period"]["label"] == "2023Q2"
    transitions = data["summary"]["transitions"]
    assert transitions and all(t["from"] != t["to"] for t in transitions)
    moved = [t for t in data["tasks"] if t["change"]["status_moved"]]
    assert sum(t["count"] for t in transitions) == len(moved)
    task13 = data["tasks"][12]["change"]
    assert task13["previous_status"] == "on_track" and task13["ratio_change"] > 0


def test_previous_quarter_sample_is_derived_from_the_sample():
    from scripts.make_previous_sample import previous_quarter_table

    assert Q2.read_text(encoding="utf-8") == previous_quarter_table(Q3.read_text(encoding="utf-8"))
    q2 = api.load(Q2)
    assert q2.period.label == "2023Q2" and len(q2.tasks) == 159


def test_import_does_not_load_heavy_libraries():
    code = ("import sys, yiwu_reports, yiwu_reports.cli; "
            "print(sorted(m for m in ('docx', 'reportlab', 'openpyxl', 'PIL') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr


def test_help_does_not_load_heavy_libraries():
    code = ("import sys; from yiwu_reports.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('docx', 'reportlab', 'openpyxl', 'PIL') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stderr.strip() == "[]"


def test_quiet_and_no_progress_bar_when_not_a_terminal(run_cli, tmp_path, monkeypatch):
    """-q leaves only errors: a table that warns, --check's verdict and the progress bar are
    all said without it (so the test fails when -q is ignored), none with it."""
    from tests.conftest import DATA
    from yiwu_reports import cli

    source = DATA / "bad" / "duplicate-ids.txt"  # warns: task id 1 appears twice
    loud = run_cli(str(source), "-f", "json", "--check", "-o", str(tmp_path / "loud"))
    assert loud.exit_code == 0, loud.stderr
    lines = loud.stderr.splitlines()
    assert any("task id 1 appears at rows 4 and 5" in line for line in lines), loud.stderr
    assert any(line.startswith("make-report: check passed") for line in lines), loud.stderr
    # not a terminal: no progress bar, only lines of their own
    assert all(line.startswith("make-report: ") for line in lines), loud.stderr
    quiet = run_cli(str(source), "-f", "json", "--check", "-q", "-o", str(tmp_path / "quiet"))
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert quiet.stdout.strip() == str(tmp_path / "quiet" / "duplicate-ids-2023Q3.json")
    # on a terminal the bar is drawn, unless -q
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    barred = run_cli(str(Q3), "-f", "json", "-o", str(tmp_path / "bar"))
    assert any(not line.startswith("make-report: ") for line in barred.stderr.splitlines()), \
        barred.stderr
    assert run_cli(str(Q3), "-f", "json", "-q", "-o", str(tmp_path / "bar")).stderr == ""


def test_every_document_gains_a_quarter_over_quarter_part(run_cli, tmp_path):
    import docx
    from openpyxl import load_workbook
    from pypdf import PdfReader

    result = run_cli(str(Q3), "--previous", str(Q2), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "yiwu-2023-q3-progress-2023Q3.json").read_text(encoding="utf-8"))
    moved = [t for t in data["tasks"] if t["change"]["status_moved"]]
    previous_lagging = data["comparison"]["previous_counts"]["lagging"]

    briefing = docx.Document(str(tmp_path / "yiwu-2023-q3-progress-2023Q3.docx"))
    text = "\n".join(p.text for p in briefing.paragraphs)
    assert "与上季度相比" in text and f"{len(moved)}项任务状态发生变化" in text
    assert f"滞后任务由{previous_lagging}项变为{data['summary']['counts']['lagging']}项" in text

    pdf = PdfReader(str(tmp_path / "yiwu-2023-q3-progress-2023Q3.pdf"))
    pages = "".join(page.extract_text() for page in pdf.pages[:4]).replace("\n", "")
    assert "与上季度相比（2023年二季度）" in pages
    assert "与上季度相比" in [item.title for item in pdf.outline]
    for task in moved[:5]:
        assert task["title"][:8] in pages

    sheet = load_workbook(tmp_path / "yiwu-2023-q3-progress-2023Q3.xlsx")["与上季度相比"]
    rows = list(sheet.iter_rows(values_only=True))
    listed = [row[0] for row in rows if row[0] and row[4] in ("已完成", "序时推进", "滞后", "待核实", "定性任务")]
    assert sorted(listed, key=int) == sorted((t["id"] for t in moved), key=int)


@pytest.mark.parametrize("module, allowed", [
    ("yiwu_reports.renderers.docx.briefing", {"docx"}),
    ("yiwu_reports.renderers.pdf.document", {"reportlab", "PIL"}),     # reportlab and openpyxl load
    ("yiwu_reports.renderers.xlsx.workbook", {"openpyxl", "PIL"}),     # Pillow themselves when present
    ("yiwu_reports.renderers.json_out", set()),
])
def test_a_renderer_imports_only_its_own_library(module, allowed):
    heavy = ("docx", "reportlab", "openpyxl", "PIL")
    code = (f"import sys, importlib; importlib.import_module({module!r}); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert set(eval(done.stdout.strip())) <= allowed, done.stderr


@pytest.mark.parametrize("fmt, allowed", [("docx", {"docx"}), ("json", set())])
def test_rendering_loads_only_the_formats_own_library(tmp_path, fmt, allowed):
    """Writing a briefing (chart and its workbook included) loads python-docx alone."""
    heavy = ("docx", "reportlab", "openpyxl", "PIL")
    code = ("import sys; from pathlib import Path; from yiwu_reports import api; "
            f"api.render(api.assess(api.load({str(Q3)!r})), {fmt!r}, Path({str(tmp_path)!r}) / 'r'); "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert set(eval(done.stdout.strip())) == allowed


@pytest.mark.parametrize("pattern", ["../{stem}{ext}", "/tmp/{stem}{ext}", "a/../../{stem}{ext}"])
def test_output_names_cannot_leave_the_output_folder(tmp_path, pattern):
    from yiwu_reports.core.errors import UsageError

    config = RunConfig(inputs=(str(Q3),), formats=("json",), output_dir=tmp_path / "out",
                       name_pattern=pattern)
    with pytest.raises(UsageError, match="leave the output folder"):
        run(config)
    assert not any(tmp_path.rglob("*.json"))
