"""Failure safety: a failing format leaves no partial file and does not touch other outputs; a
run killed mid-write leaves the previous files intact; the font cache gives the same bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE_TXT
from yiwu_reports.core.errors import RenderError
from yiwu_reports.renderers import default_formats


def _files(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("failing", ["pdf", "docx"])
def test_one_failing_format_leaves_no_file_and_spares_the_others(run_cli, tmp_path, monkeypatch,
                                                                 failing):
    out = tmp_path / "out"
    assert run_cli(str(SAMPLE_TXT), "-o", str(out)).exit_code == 0
    before = _files(out)
    from yiwu_reports.renderers import get_renderer

    renderer = type(get_renderer(failing))

    def broken(self, report, summary, stream, options):
        stream.write(b"half a document")
        raise RenderError("disk on fire")

    monkeypatch.setattr(renderer, "render", broken)
    (out / f"yiwu-2023-q3-progress-2023Q3.{failing}").unlink()
    result = run_cli(str(SAMPLE_TXT), "-o", str(out))
    assert result.exit_code == 1 and "disk on fire" in result.stderr
    after = _files(out)
    assert f"yiwu-2023-q3-progress-2023Q3.{failing}" not in after
    assert not [name for name in after if name.endswith(".part")]
    for name, data in after.items():
        assert data == before[name]  # the other formats were written again, identically


# A make-report whose PDF, once written in full to its temporary file, says so on a pipe and
# waits to be killed, before the file is renamed into place: the moment a kill does the most harm.
_STOPS_IN_THE_PDF = """
import os, sys, time
from yiwu_reports.renderers import get_renderer
from yiwu_reports.cli import main

signal_fd = int(sys.argv[1])
renderer = type(get_renderer("pdf"))
write_pdf = renderer.render

def render(self, *args):
    write_pdf(self, *args)
    os.write(signal_fd, b"pdf written, not yet in place")
    time.sleep(600)

renderer.render = render
main(sys.argv[2:])
"""


def test_killed_run_leaves_previous_files_intact(tmp_path):
    """Killed while writing its second format (the PDF, in its temporary file, not renamed): the
    first (the briefing) is a whole new document (it passes --check against the new table), the
    one being written and those after it are the previous files, byte for byte. The run tells
    the test when it is there (no timing)."""
    import select

    from yiwu_reports import api

    out = tmp_path / "out"
    source = tmp_path / "table.txt"
    source.write_text(SAMPLE_TXT.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run([sys.executable, "-m", "yiwu_reports", str(source), "-o", str(out), "-q"],
                           env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = _files(out)
    assert sorted(before) == sorted(f"table-2023Q3.{fmt}" for fmt in default_formats())
    source.write_text(source.read_text(encoding="utf-8").replace("财政局", "财政局（新）"),
                      encoding="utf-8")
    read_end, write_end = os.pipe()
    run = subprocess.Popen([sys.executable, "-c", _STOPS_IN_THE_PDF, str(write_end), str(source),
                            "-o", str(out), "-q"], env=env, pass_fds=(write_end,),
                           start_new_session=True)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 300)
        assert ready and os.read(read_end, 64) == b"pdf written, not yet in place", \
            "the run ended before it reached the PDF"
        assert run.poll() is None
        assert [path.name for path in out.glob(".*.part")] != []  # the PDF, not yet renamed
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        os.close(read_end)
    after = {name: data for name, data in _files(out).items() if not name.endswith(".part")}
    assert set(after) == set(before)
    replaced = [name for name in after if after[name] != before[name]]
    assert replaced == ["table-2023Q3.docx"]
    from yiwu_reports.run.output_check import check_outputs

    assert check_outputs(api.assess(api.load(source)), [out / name for name in replaced]) == []


def test_font_parse_cache_gives_the_same_pdf(tmp_path):
    from yiwu_reports.renderers.pdf.system_fonts import find_cjk_font

    if find_cjk_font() is None:
        pytest.skip("no CJK TrueType font on this machine")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    outputs = []
    for run, cache in (("cold", "1"), ("warm", "1"), ("off", "0")):
        done = subprocess.run([sys.executable, "-m", "yiwu_reports", str(SAMPLE_TXT), "-f", "pdf",
                               "-o", str(tmp_path / run), "-q"],
                              env={**env, "YIWU_REPORTS_FONT_CACHE": cache}, capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        outputs.append((tmp_path / run / "yiwu-2023-q3-progress-2023Q3.pdf").read_bytes())
    assert list((tmp_path / "cache" / "yiwu-reports" / "fonts").glob("*.marshal"))
    assert outputs[0] == outputs[1] == outputs[2]


def test_cached_font_matches_a_parsed_one(tmp_path):
    from yiwu_reports.renderers.pdf.font_cache import load_face, store_face
    from yiwu_reports.renderers.pdf.fonts import font_class
    from yiwu_reports.renderers.pdf.reportlab_private import new_ttfont
    from yiwu_reports.renderers.pdf.system_fonts import find_cjk_font

    choice = find_cjk_font()
    if choice is None:
        pytest.skip("no CJK TrueType font on this machine")
    parsed = font_class()("p", str(choice.path), subfontIndex=choice.index)
    store_face(choice.path, choice.index, parsed.face, tmp_path)
    cached = new_ttfont(font_class(), "p", load_face(choice.path, choice.index, tmp_path))
    assert set(vars(cached)) == set(vars(parsed))
    for name, value in vars(parsed.face).items():
        if name != "_pdfScale":
            assert getattr(cached.face, name) == value, name
    if hasattr(parsed.face, "_pdfScale"):  # reportlab 4.1 on
        assert cached.face._pdfScale(500) == parsed.face._pdfScale(500)
