"""The set-up every user gets: the README's commands, CI, and a wheel that carries its files."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_opens_with_install_and_test_commands():
    commands = _readme_commands()
    assert len(commands) >= 2
    install, tests = commands[:2]
    assert "pip install ." in install and "make-report" in install
    assert "pytest" in tests


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()


def test_sample_is_the_published_table_unchanged():
    import hashlib

    digest = hashlib.sha256((ROOT / "samples" / "yiwu-2023-q3-progress.txt").read_bytes())
    assert digest.hexdigest() == "3a5f7b3a2bad44bd973bc665590e4cc673d6089139031c17e653486105a89ca6"


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory) -> tuple[Path, Path]:
    """The package built as a wheel and installed from it alone (not the checkout, not
    editable) into a folder of its own: (wheel, folder)."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(tmp_path), str(ROOT)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {done.stderr.strip()[-200:]}")
    wheel = next(tmp_path.glob("*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True)
    return wheel, target


def _run_installed(target: Path, folder: Path, args: list[str],
                   config_home: Path) -> subprocess.CompletedProcess[str]:
    script = ("import yiwu_reports.core.resources as r, sys; "
              "assert str(r.templates_dir()).startswith(sys.argv[1]), r.templates_dir(); "
              "assert str(r.sample_path()).startswith(sys.argv[1]); "
              "from yiwu_reports.cli import main; main(sys.argv[2:])")
    return subprocess.run([sys.executable, "-c", script, str(target), *args], cwd=folder,
                          env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin",
                               "XDG_CONFIG_HOME": str(config_home), "HOME": str(folder)},
                          capture_output=True, text=True, check=False)


def test_wheel_carries_templates_and_sample_and_runs_from_anywhere(installed_wheel, tmp_path):
    wheel, target = installed_wheel
    names = zipfile.ZipFile(wheel).namelist()
    assert "yiwu_reports/templates/statuses.json" in names
    assert "yiwu_reports/samples/yiwu-2023-q3-progress.txt" in names
    for template in (ROOT / "templates").iterdir():
        assert f"yiwu_reports/templates/{template.name}" in names
    # Installed from the wheel alone (not the checkout), it finds its files and runs the sample.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = _run_installed(target, elsewhere, ["-f", "json"], tmp_path / "no-config")
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "yiwu-2023-q3-progress-2023Q3.json").exists()


def test_installed_package_takes_the_offices_own_settings(installed_wheel, tmp_path):
    """After a non-editable install: the organisation from the config and the wording from the
    user's templates folder (the platform's configuration folder) appear in the briefing; the
    installed package's files are untouched."""
    import docx

    _wheel, target = installed_wheel
    shipped = (target / "yiwu_reports" / "templates" / "briefing.toml").read_bytes()
    config_home = tmp_path / "config-home"
    mine = config_home / "yiwu-reports" / "templates"
    mine.mkdir(parents=True)
    (mine / "briefing.toml").write_text('[requirements]\nheading = "四、有关要求"\n',
                                        encoding="utf-8")
    (tmp_path / "run.toml").write_text('[output]\nformats = ["docx"]\nfolder = "out"\n'
                                       'per_period = false\n[report]\n'
                                       'organisation = "某某县政府督查室"\n', encoding="utf-8")
    done = _run_installed(target, tmp_path, ["--config", "run.toml"], config_home)
    assert done.returncode == 0, done.stderr
    paragraphs = [p.text for p in docx.Document(str(next((tmp_path / "out").glob("*.docx")))).paragraphs]
    text = "\n".join(paragraphs)
    assert "市政府督查室" not in text and "某某县政府督查室对" in text
    assert "某某县政府督查室" in [p for p in paragraphs if p.startswith("某某县")]
    assert "四、有关要求" in paragraphs
    assert (target / "yiwu_reports" / "templates" / "briefing.toml").read_bytes() == shipped


def test_sample_csv_and_xlsx_are_what_the_script_makes(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    import scripts.make_samples as make

    title, rows = make.sample_rows()
    make.write_csv(title, rows, tmp_path / "s.csv")
    make.write_xlsx(title, rows, tmp_path / "s.xlsx")
    assert (tmp_path / "s.csv").read_bytes() == (ROOT / "samples" / "yiwu-2023-q3-progress.csv").read_bytes()

    def values(path):
        book = load_workbook(path)
        sheet = book.active
        return [list(r) for r in sheet.iter_rows(values_only=True)], sorted(map(str, sheet.merged_cells.ranges))
    assert values(tmp_path / "s.xlsx") == values(ROOT / "samples" / "yiwu-2023-q3-progress.xlsx")
