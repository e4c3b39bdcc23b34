"""Shared fixtures: where the samples and test data are, and a CLI runner that behaves like the
installed `make-report` (one-line errors, exit codes)."""

from __future__ import annotations

import io
import json
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
    config.addinivalue_line("markers", "writes_bad_json: the test writes invalid JSON on "
                                       "purpose; its tmp_path is not validated")


@pytest.fixture(autouse=True)
def _every_json_written_follows_its_schema(request, monkeypatch):
    """Every JSON the tool writes in a test is validated against the schema it ships: each JSON
    rendered in this process (to a file or a stream) and each manifest as it is written, and,
    after the test, each report JSON or manifest left in its tmp_path (written by a
    subprocess). A test that writes broken JSON on purpose is marked `writes_bad_json`. (A
    report of more than 5,000 tasks is validated with a spread of 5,000: see tests/schemas.)"""
    from tests import schemas
    from yiwu_reports.renderers import json_out
    from yiwu_reports.run import runner

    render = json_out.JsonRenderer.render
    validated: set[bytes] = set()

    def validated_render(self, report, summary, out, options):
        buffer = io.BytesIO()
        render(self, report, summary, buffer, options)
        schemas.validate(schemas.REPORT, json.loads(buffer.getvalue()), "a rendered JSON")
        validated.add(schemas.digest(buffer.getvalue()))
        out.write(buffer.getvalue())

    write_manifest = runner._write_manifest

    def validated_manifest(path, *args, **kwargs):
        write_manifest(path, *args, **kwargs)
        schemas.validate(schemas.MANIFEST, json.loads(path.read_text(encoding="utf-8")), str(path))

    monkeypatch.setattr(json_out.JsonRenderer, "render", validated_render)
    monkeypatch.setattr(runner, "_write_manifest", validated_manifest)
    yield
    folder = request.node.funcargs.get("tmp_path")
    if folder is not None and "writes_bad_json" not in request.keywords and folder.exists():
        for path in folder.rglob("*.json"):
            schemas.validate_file(path, validated)
