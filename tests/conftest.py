"""Shared fixtures: where the samples and test data are, and a CLI runner that behaves like the
installed `make-report` (one-line errors, exit codes)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_TXT = SAMPLES / "yiwu-2023-q3-progress.txt"
SAMPLE_CSV = SAMPLES / "yiwu-2023-q3-progress.csv"
SAMPLE_XLSX = SAMPLES / "yiwu-2023-q3-progress.xlsx"


def source_tasks() -> dict[str, list[str]]:
    """The sample's rows read independently of our readers: id → [id, title, lead, progress]."""
    rows = {}
    for line in SAMPLE_TXT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[0].isdigit():
            rows[cells[0]] = cells
    return rows


def strip_tags(text: str) -> str:
    """Tags removed, entities decoded, white space collapsed: how a person reads the cell."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.exit_code, self.stdout, self.stderr = code, out, err


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run `make-report` in-process through its real entry point and capture what it prints."""
    from yiwu_reports.cli import main

    def run(*args: str) -> CliResult:
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def _empty_config_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("config-home")


@pytest.fixture(autouse=True)
def _no_user_configuration(_empty_config_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees an empty configuration folder (no templates of the person running the
    tests), and so do the processes it starts; a test that wants one sets XDG_CONFIG_HOME."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(_empty_config_home))


@pytest.fixture
def sample_report():
    from yiwu_reports import api

    return api.load(SAMPLE_TXT)


def pytest_configure(config: pytest.Config) -> None:
    sys.path.insert(0, str(ROOT))
