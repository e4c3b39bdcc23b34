"""The `make-report` command through its real entry point."""

from __future__ import annotations

import json

from tests.conftest import SAMPLE_CSV, SAMPLE_TXT, SAMPLE_XLSX


def test_help(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "make-report" in result.stdout and "--format" in result.stdout
    assert "json" in result.stdout


def test_no_input_runs_on_bundled_sample(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("--format", "json")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "yiwu-2023-q3-progress-2023Q3.json"
    assert result.stdout.strip() == str(written.relative_to(tmp_path))
    data = json.loads(written.read_text(encoding="utf-8"))
    assert len(data["tasks"]) == 159


def test_each_sample_gives_the_same_tasks(run_cli, tmp_path):
    outputs = []
    for sample in (SAMPLE_TXT, SAMPLE_CSV, SAMPLE_XLSX):
        out = tmp_path / sample.suffix.lstrip(".")
        result = run_cli(str(sample), "-f", "json", "-o", str(out))
        assert result.exit_code == 0, result.stderr
        data = json.loads((out / "yiwu-2023-q3-progress-2023Q3.json").read_text(encoding="utf-8"))
        assert data["period"] == {"label": "2023Q3", "year": 2023, "kind": "quarter",
                                  "last_month": 9, "elapsed": 0.75}
        outputs.append([(t["id"], t["title"], t["lead"], t["progress"]) for t in data["tasks"]])
    assert outputs[0] == outputs[1] == outputs[2]
    assert [row[0] for row in outputs[0]] == [str(i) for i in range(1, 160)]


def test_json_contract_fields(run_cli, tmp_path):
    run_cli(str(SAMPLE_TXT), "-f", "json", "-o", str(tmp_path))
    data = json.loads((tmp_path / "yiwu-2023-q3-progress-2023Q3.json").read_text(encoding="utf-8"))
    assert {"title", "period", "tasks", "summary"} <= set(data)
    task = data["tasks"][0]
    assert {"id", "title", "lead", "progress", "source", "status", "indicators"} <= set(task)
    assert task["source"] == {"file": "yiwu-2023-q3-progress.txt", "row": 6}
    assert set(data["summary"]) >= {"counts", "by_lead"}
    assert sum(data["summary"]["counts"].values()) == 159


def test_same_input_same_bytes(run_cli, tmp_path):
    run_cli(str(SAMPLE_TXT), "-o", str(tmp_path / "a"))
    run_cli(str(SAMPLE_TXT), "-o", str(tmp_path / "b"))
    for first in (tmp_path / "a").iterdir():
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes()


def test_period_option(run_cli, tmp_path):
    result = run_cli(str(SAMPLE_TXT), "-f", "json", "--period", "2023M1-11", "-o", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "yiwu-2023-q3-progress-2023M1-11.json").exists()


def test_bad_input_is_one_line_no_traceback(run_cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("2023年三季度\n序号,任务名称\n1,甲\n", encoding="utf-8")
    result = run_cli(str(bad), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "bad.csv" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.json"))


def test_usage_errors_exit_2_in_one_line(run_cli):
    for args in (["--format", "xml"], ["--period", "soon"], ["--no-such-option"]):
        result = run_cli(*args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file(run_cli):
    result = run_cli("nowhere.csv")
    assert result.exit_code == 1
    assert "nowhere.csv" in result.stderr


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "yiwu_reports", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "make-report" in done.stdout


def test_installed_entry_point_flushes_output_and_keeps_exit_codes(tmp_path):
    """The command ends its process without Python's teardown: what it printed to a pipe must
    still arrive in full, and each exit code must be the documented one."""
    import os
    import subprocess
    import sys

    from tests.conftest import SAMPLE_TXT

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "yiwu_reports", str(SAMPLE_TXT), "-f", "json",
                           "-f", "xlsx", "-o", str(out)], capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(temporary)})
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.splitlines()) == [str(out / "yiwu-2023-q3-progress-2023Q3.json"),
                                                str(out / "yiwu-2023-q3-progress-2023Q3.xlsx")]
    # Nothing was left for an exit handler to clean up (openpyxl's streamed sheets included).
    assert list(temporary.iterdir()) == []
    missing = subprocess.run([sys.executable, "-m", "yiwu_reports", str(tmp_path / "none.csv")],
                             capture_output=True, text=True)
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "none.csv" in missing.stderr
    usage = subprocess.run([sys.executable, "-m", "yiwu_reports", "--format", "odt"],
                           capture_output=True, text=True)
    assert usage.returncode == 2 and usage.stderr.startswith("make-report: ")
