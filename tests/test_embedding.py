"""yiwu-reports inside another program: the API leaves the host's process as it found it, and the
command reports every failure without stopping the other formats.

The host test runs in a fresh interpreter (so that what it observes is the library's doing, not
an earlier test's): a host with logging, warning filters, a GC setting and a thread of its own
calls assess, render and generate on 2,000 tasks.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import ROOT, SAMPLE_TXT
from yiwu_reports.renderers import default_formats

HOST = r'''
import gc, logging, os, signal, sys, threading, warnings
from pathlib import Path

out = Path(sys.argv[1])
forks = []
os.register_at_fork(before=lambda: forks.append("fork"))
# Any process started (subprocess, os.posix_spawn, os.system, exec), not only a fork.
_STARTS = {"subprocess.Popen", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn", "os.system",
           "os.exec", "os.startfile"}
sys.addaudithook(lambda event, args: forks.append(event) if event in _STARTS else None)
warnings.simplefilter("always")
caught = []
warnings.showwarning = lambda message, category, *rest, **kw: caught.append(f"{category.__name__}: {message}")
root = logging.getLogger()
root.addHandler(logging.StreamHandler(sys.stderr))
root.setLevel(logging.INFO)
gc.set_threshold(1000, 15, 15)
# The umask is the whole process's: the host sets its own, and watches every change to it (a
# library that set it even for an instant would give the files the host's threads create in
# that instant other permissions).
real_umask = os.umask
real_umask(0o027)
umask_calls = []
def watched_umask(mask):
    umask_calls.append(oct(mask))
    return real_umask(mask)
os.umask = watched_umask

def current_umask():
    """The umask, read without setting it where the system allows (Linux), else None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return None

import reportlab.rl_config, reportlab.pdfbase.ttfonts, reportlab.pdfbase.pdfdoc, reportlab.pdfbase.pdfmetrics
import reportlab.pdfgen.canvas, reportlab.platypus, reportlab.platypus.paragraph
import openpyxl, openpyxl.worksheet._write_only, openpyxl.writer.excel, docx, docx.opc.part
import io
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reportlab.lib.styles import getSampleStyleSheet
# The host uses reportlab itself first, so that reportlab's own lazy globals (the named colours,
# the paragraph numbering sequencer) exist before anything is compared.
SimpleDocTemplate(io.BytesIO()).build([Paragraph('<font color="red">host</font>',
                                                 getSampleStyleSheet()["Normal"])])

LIBRARIES = ("reportlab", "openpyxl", "docx")
def module_attributes():
    return {(name, key): value for name, module in list(sys.modules.items())
            if name.split(".")[0] in LIBRARIES and module is not None
            for key, value in list(vars(module).items())}

def state():
    return dict(gc_enabled=gc.isenabled(), threshold=gc.get_threshold(),
                root=list(root.handlers), level=root.level,
                package_logger=list(logging.getLogger("yiwu_reports").handlers),
                filters=list(warnings.filters), showwarning=warnings.showwarning,
                excepthook=sys.excepthook, threading_hook=threading.excepthook,
                signals={s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)},
                stdout=sys.stdout, stderr=sys.stderr, cwd=os.getcwd(), environ=dict(os.environ),
                recursion=sys.getrecursionlimit(), switch=sys.getswitchinterval(),
                umask=current_umask() if current_umask() is not None else real_umask(real_umask(0)),
                rl_config={k: v for k, v in vars(reportlab.rl_config).items()
                           if not k.startswith("__") and isinstance(v, (int, float, str, bool))})

import yiwu_reports as yr
from benchmarks.synthetic import write_synthetic

attributes_before = module_attributes()
before = state()
caught.clear()  # what the host's own imports said (old reportlab warns as it loads) is not ours
seen = {"gc_off": 0, "useA85": set(), "rounds": 0, "filters_swapped": 0, "umasks": set()}
filters = warnings.filters
stop = threading.Event()

def host_work():  # the host's own thread goes on meanwhile, looking at what it shares
    while not stop.is_set():
        if not gc.isenabled():
            seen["gc_off"] += 1
        if warnings.filters is not filters:  # warnings.catch_warnings() swaps the list
            seen["filters_swapped"] += 1
        seen["useA85"].add(reportlab.rl_config.useA85)
        seen["umasks"].add(current_umask())
        seen["rounds"] += 1
        sum(range(2000))

thread = threading.Thread(target=host_work)
thread.start()
try:
    source = write_synthetic(out / "tasks.txt", 2000)
    report = yr.assess(yr.load(source))
    (out / "render").mkdir()
    written = [yr.render(report, fmt, out / "render") for fmt in ("json", "docx", "pdf", "xlsx", "html")]
    yr.assess(report, overrides=out / "render" / "tasks-2023Q3.xlsx")  # the review reader too
    generated = yr.generate({"inputs": [str(source)], "output_dir": str(out / "generate")})
finally:
    stop.set()
    thread.join()

after = state()
changed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
attributes_after = module_attributes()


def replaced_by_itself(old, new):
    """A library that swaps a function for one defined inside it on first use (reportlab 4.0's
    lib/utils.open_for_read builds its reader once, then puts it in its own place)."""
    return (getattr(new, "__module__", None) == getattr(old, "__module__", 0)
            and getattr(new, "__qualname__", "").startswith(
                getattr(old, "__qualname__", "?") + ".<locals>."))


replaced = sorted(f"{name}.{key}" for (name, key), value in attributes_before.items()
                  if attributes_after.get((name, key)) is not value
                  and not replaced_by_itself(value, attributes_after.get((name, key))))
modes = sorted({oct(path.stat().st_mode & 0o777) for folder in ("render", "generate")
                for path in (out / folder).iterdir()})
home = sorted(str(path) for path in Path(os.environ["HOME"]).rglob("*"))
print(json.dumps({"forks": forks, "warnings": caught, "umask_calls": umask_calls,
                  "umasks": sorted(oct(m) for m in seen["umasks"] if m is not None),
                  "modes": modes, "home": home, "changed": {k: repr(v) for k, v in changed.items()},
                  "replaced": replaced, "gc_off": seen["gc_off"], "useA85": sorted(seen["useA85"]),
                  "filters_swapped": seen["filters_swapped"],
                  "rounds": seen["rounds"], "tasks": len(report.tasks),
                  "written": [p.name for p in written], "generated": [p.name for p in generated]}))
'''


def _host_env(tmp_path: Path) -> dict[str, str]:
    """The host's environment: a home of its own (to see whether anything is written there)."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home)}
    environment.pop("XDG_CACHE_HOME", None)
    environment.pop("YIWU_REPORTS_FONT_CACHE", None)
    return environment


@pytest.mark.slow
def test_a_host_program_is_left_as_it_was(tmp_path):
    done = subprocess.run([sys.executable, "-c", "import json\n" + HOST, str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=_host_env(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["tasks"] == 2000
    assert seen["forks"] == []                       # no process was forked or started
    assert seen["warnings"] == []                    # no warning reached the host
    assert seen["changed"] == {}                     # GC, logging, filters, signals, streams …
    assert seen["replaced"] == []                    # every library function still the same object
    assert seen["gc_off"] == 0 and seen["rounds"] > 0  # the host's thread never saw the GC off
    assert seen["useA85"] == [1]                     # nor reportlab's settings changed under it
    assert seen["filters_swapped"] == 0              # nor the warning filters
    assert seen["umask_calls"] == []                 # the umask never set, not even for an instant
    assert seen["umasks"] in ([], ["0o27"])          # (the host's thread saw only its own)
    assert seen["modes"] == ["0o640"]                # files made as the host's umask says
    assert seen["home"] == []                        # nothing written under the user's home
    assert sorted(seen["written"]) == sorted(seen["generated"]) == sorted(
        f"tasks-2023Q3.{fmt}" for fmt in default_formats())


@pytest.mark.slow
def test_the_observer_sees_a_patch_and_a_fork(tmp_path):
    """The host test can fail: a library that patched reportlab, forked, set the umask or wrote
    under the home folder would be seen."""
    guilty = HOST.replace(
        "report = yr.assess(yr.load(source))",
        "report = yr.assess(yr.load(source))\n"
        "    reportlab.pdfbase.ttfonts.makeToUnicodeCMap = lambda *a: ''\n"
        "    gc.disable(); import time; time.sleep(0.05); gc.enable()\n"
        "    with warnings.catch_warnings(): time.sleep(0.05)\n"
        "    mask = os.umask(0); time.sleep(0.05); os.umask(mask)\n"
        "    (Path(os.environ['HOME']) / '.cache').mkdir()\n"
        "    pid = os.fork()\n"
        "    if pid == 0: os._exit(0)\n"
        "    os.waitpid(pid, 0)")
    done = subprocess.run([sys.executable, "-c", "import json\n" + guilty, str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env=_host_env(tmp_path))
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["forks"] == ["os.fork", "fork"]  # the audit event, then the fork hook
    assert seen["replaced"] == ["reportlab.pdfbase.ttfonts.makeToUnicodeCMap"]
    assert seen["gc_off"] > 0 and seen["filters_swapped"] > 0
    assert seen["umask_calls"] == ["0o0", "0o27"] and seen["home"]
    if sys.platform.startswith("linux"):  # where the host's thread can read the umask
        assert "0o0" in seen["umasks"]


# --- the command: every failure reported, nothing else stopped ------------------------------

@contextmanager
def read_only_folder(folder: Path) -> Iterator[str]:
    """`folder` made read-only for this process: by its mode for an ordinary user; as root (who
    writes anywhere) a read-only tmpfs mounted on it, else the immutable attribute. Yields how."""
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "mode 555"
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
                             capture_output=True, check=False).returncode == 0
    if mounted:
        try:
            yield "read-only tmpfs"
        finally:
            subprocess.run(["umount", str(folder)], check=False)
        return
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(folder)],
                                                 capture_output=True).returncode == 0:
        try:
            yield "immutable"
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=False)
        return
    pytest.skip("running as root, and neither a read-only mount nor chattr +i is possible")


FIXED_DATE = ("--date", "2023-10-20")
"""The documents' date for runs whose stderr is read: by default it is today, and a year the
installed chinesecalendar has no holiday schedule for yet is (rightly) a warning line."""


def without_draft_line(stderr: str) -> str:
    """stderr less the line saying the sample's documents are drafts (judgements wait for a
    reviewer: docs/review-and-final.md), which is information, not a failure."""
    return "".join(line for line in stderr.splitlines(keepends=True)
                   if not line.startswith("make-report: draft ("))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file systems")
def test_a_read_only_folder_gives_one_line_per_format_and_exit_1(tmp_path):
    folder = tmp_path / "out"
    with read_only_folder(folder) as how:
        done = subprocess.run([sys.executable, "-m", "yiwu_reports", str(SAMPLE_TXT), "-o",
                               str(folder), *FIXED_DATE], capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        written = list(folder.iterdir())
    lines = without_draft_line(done.stderr).strip().splitlines()
    assert done.returncode == 1, (how, done.stderr)
    assert len(lines) == len(default_formats()), done.stderr
    for fmt, line in zip(default_formats(), lines):
        assert line.startswith(f"make-report: {fmt}: {folder / f'yiwu-2023-q3-progress-2023Q3.{fmt}'}: "
                               f"cannot write: "), line
        assert "Permission denied" in line or "Read-only file system" in line or \
            "Operation not permitted" in line, line
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "" and written == []


def test_a_full_disk_for_one_format_spares_the_others(run_cli, tmp_path, monkeypatch):
    from yiwu_reports.renderers import get_renderer

    def full(self, report, summary, stream, options):
        stream.write(b"the first half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(type(get_renderer("docx")), "render", full)
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert without_draft_line(result.stderr).strip() == (f"make-report: docx: {tmp_path / 'yiwu-2023-q3-progress-2023Q3.docx'}"
                                      f": cannot write: No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"yiwu-2023-q3-progress-2023Q3.{fmt}" for fmt in default_formats() if fmt != "docx")


def test_a_bug_in_one_format_is_one_line_and_spares_the_others(run_cli, tmp_path, monkeypatch):
    from yiwu_reports.renderers import get_renderer

    def buggy(self, report, summary, stream, options):
        raise KeyError("oops")

    monkeypatch.setattr(type(get_renderer("xlsx")), "render", buggy)
    result = run_cli(str(SAMPLE_TXT), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("xlsx: internal error: KeyError: 'oops'")
    assert len(list(tmp_path.iterdir())) == len(default_formats()) - 1


def test_generate_raises_after_writing_the_other_formats(tmp_path, monkeypatch):
    from yiwu_reports import FormatsFailed, api
    from yiwu_reports.renderers import get_renderer

    def full(self, report, summary, stream, options):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(type(get_renderer("pdf")), "render", full)
    with pytest.raises(FormatsFailed) as raised:
        api.generate({"inputs": [str(SAMPLE_TXT)], "output_dir": str(tmp_path)})
    assert [failure.format for failure in raised.value.failures] == ["pdf"]
    assert "No space left on device" in str(raised.value)
    assert len(list(tmp_path.iterdir())) == len(default_formats()) - 1


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
@pytest.mark.parametrize("redirect", [">&-", "| true", "| head -c 10 >/dev/null"])
def test_a_closed_or_broken_stdout_does_not_change_the_exit_status(tmp_path, redirect):
    folder = tmp_path / "out"
    command = (f"set -o pipefail; {sys.executable} -m yiwu_reports {SAMPLE_TXT} -o {folder} "
               f"{' '.join(FIXED_DATE)} {redirect}")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert without_draft_line(done.stderr) == ""
    assert sorted(p.suffix for p in folder.iterdir()) == sorted(f".{f}" for f in default_formats())
