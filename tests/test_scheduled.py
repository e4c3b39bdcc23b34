"""Scheduled runs rebuild whenever a setting that shapes the documents changes, and the folder
lock works the same with POSIX flock and Windows msvcrt byte locks."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest

from tests.conftest import ROOT, SAMPLE_TXT, SAMPLES
from yiwu_reports.core.config import RunConfig
from yiwu_reports.core.errors import LockHeldError, UsageError
from yiwu_reports.run import lock
from yiwu_reports.run.runner import run


@pytest.fixture
def config(tmp_path):
    return RunConfig(inputs=(str(SAMPLE_TXT),), formats=("json", "docx"), period="2023Q3",
                     output_dir=tmp_path / "out", per_period=True)


def rebuilt(config) -> bool:
    """Run twice more: True when the first of them wrote files (the second never does)."""
    first = run(config)
    again = run(config)
    assert again.up_to_date and not again.written
    return not first.up_to_date and bool(first.written)


def test_unchanged_settings_rewrite_nothing(config):
    run(config)
    assert not rebuilt(config)


def test_a_changed_briefing_text_rebuilds(config, tmp_path):
    text = tmp_path / "briefing.toml"
    text.write_text('[closing]\nsignature = "义乌市人民政府督查室"\n', encoding="utf-8")
    config = replace(config, briefing_text=text)
    run(config)
    text.write_text('[closing]\nsignature = "义乌市人民政府办公室"\n', encoding="utf-8")
    assert rebuilt(config)


def test_a_changed_word_template_rebuilds(config, tmp_path):
    from yiwu_reports.renderers.docx.formatting import shipped_template

    template = tmp_path / "letterhead.docx"
    shutil.copy(shipped_template(), template)
    config = replace(config, template=template)
    run(config)
    import docx

    document = docx.Document(str(template))
    document.core_properties.title = "另一个模板"
    document.save(str(template))
    assert rebuilt(config)


def test_changed_labels_and_previous_period_rebuild(config):
    run(config)
    assert rebuilt(replace(config, statuses={"lagging": {"label": "进度滞后"}}))
    previous = replace(config, previous=str(SAMPLES / "yiwu-2023-q2-progress.txt"))
    run(previous)
    assert rebuilt(replace(previous, previous_period="2023Q2"))


def test_a_changed_shipped_template_rebuilds(config, tmp_path, monkeypatch):
    from yiwu_reports.core import resources

    shipped = tmp_path / "templates"
    shutil.copytree(resources.templates_dir(), shipped)
    monkeypatch.setattr(resources, "templates_dir", lambda: shipped)
    run(config)
    (shipped / "briefing.toml").write_text(
        (shipped / "briefing.toml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert rebuilt(config)


def test_another_font_rebuilds_the_pdf(config, monkeypatch):
    from yiwu_reports.renderers.pdf import system_fonts as fonts

    if fonts.find_cjk_font() is None:
        pytest.skip("no CJK TrueType font on this machine")
    config = replace(config, formats=("json", "pdf"))
    run(config)
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)  # the font was uninstalled
    assert rebuilt(config)


def test_a_new_version_rebuilds(config, monkeypatch):
    from yiwu_reports.run import fingerprint

    run(config)
    monkeypatch.setattr(fingerprint, "__version__", "99.0")
    assert rebuilt(config)


def test_a_run_with_a_failed_format_is_not_taken_as_up_to_date(config, monkeypatch):
    from yiwu_reports.renderers import get_renderer

    renderer = type(get_renderer("docx"))
    working = renderer.render

    def broken(self, *args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(renderer, "render", broken)
    failed = run(config)
    assert [f.format for f in failed.failures] == ["docx"] and failed.manifest is None
    monkeypatch.setattr(renderer, "render", working)
    assert rebuilt(config)


# --- the lock --------------------------------------------------------------------------------

FAKE_MSVCRT = '''
import fcntl, os, types
def locking(fd, mode, nbytes):
    """msvcrt.locking as Windows does it: bytes from the current position, no waiting."""
    position = os.lseek(fd, 0, os.SEEK_CUR)
    if mode == 2:   # LK_NBLCK
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, nbytes, position, os.SEEK_SET)
    else:           # LK_UNLCK
        fcntl.lockf(fd, fcntl.LOCK_UN, nbytes, position, os.SEEK_SET)
msvcrt = types.SimpleNamespace(locking=locking, LK_NBLCK=2, LK_UNLCK=0)
'''


def windows_locking():
    namespace: dict[str, object] = {}
    exec(FAKE_MSVCRT, namespace)  # noqa: S102 - the test's own stand-in for msvcrt
    locking = lock._Locking()
    locking.fcntl, locking.msvcrt = None, namespace["msvcrt"]
    return locking


@pytest.mark.skipif(sys.platform == "win32", reason="simulates Windows with POSIX record locks")
def test_the_windows_lock_excludes_a_second_run(tmp_path, monkeypatch):
    """Another process holds the folder with msvcrt-style byte locks: this one is refused, even
    though the lock file has grown since (msvcrt locks from the file position: both runs must
    lock the same byte)."""
    folder = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from yiwu_reports.run import lock
        exec({FAKE_MSVCRT!r})
        locking = lock._Locking()
        locking.fcntl, locking.msvcrt = None, msvcrt
        lock.locking = lambda: locking
        with lock.folder_lock(Path({str(folder)!r})) as path:
            print("held", flush=True)
            time.sleep(30)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert (folder / lock.LOCK).stat().st_size > 0  # the holder wrote its pid
        monkeypatch.setattr(lock, "locking", windows_locking)
        with pytest.raises(LockHeldError):
            with lock.folder_lock(folder):
                pass
    finally:
        holder.kill()
        holder.wait()
    with lock.folder_lock(folder):  # the lock died with its holder
        pass


def test_no_file_locking_is_refused_clearly(tmp_path, monkeypatch):
    def none():
        locking = lock._Locking()
        locking.fcntl = locking.msvcrt = None
        return locking

    monkeypatch.setattr(lock, "locking", none)
    with pytest.raises(UsageError, match="need file locking"):
        with lock.folder_lock(tmp_path / "out"):
            pass
