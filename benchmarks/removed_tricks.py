"""What the speed tricks removed for embedding (issue 16) cost: the code before them, with one
trick after another taken out, beside the code now.

    python -m benchmarks.removed_tricks                  # against revision fd87d8e
    python -m benchmarks.removed_tricks --json removed_tricks.json

The revision before (fd87d8e) forked a PDF helper in make-report and a second process for
assess() from 1,000 tasks, paused the cyclic garbage collector while reading, assessing and
writing JSON, and ended make-report with os._exit. Its tree is taken from git (git archive) and
measured four ways, each in fresh processes, alternating with the current tree so that every
variant sees the same machine:

- before: as it was;
- no forks: YIWU_REPORTS_JOBS=1 (its own switch: one process, the same bytes);
- no forks, no GC pause: gc_pause.paused() made to leave the collector alone;
- no forks, no GC pause, no os._exit: the command ending through sys.exit;
- now: this tree.

Measured: make-report -f all on the sample (wall), and in one process assess() and
load() + render json at 2,000 and 20,000 tasks (seconds of the call). Medians of --runs runs.
(The other removed reaches, reportlab's ToUnicode CMap and ASCII85 setting, became the same
work done per document, and cost nothing measurable.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"

_STAGE = """
import io, sys, time
sys.path.insert(0, {tree!r})
from yiwu_reports import api
path, stage = {path!r}, {stage!r}
if stage == "assess":
    report = api.load(path)
    t = time.perf_counter(); api.assess(report); elapsed = time.perf_counter() - t
else:  # load, then (untimed) assess, then render json
    t = time.perf_counter(); report = api.load(path); elapsed = time.perf_counter() - t
    assessed = api.assess(report)
    t = time.perf_counter(); api.render(assessed, "json", io.BytesIO())
    elapsed += time.perf_counter() - t
print("RESULT", elapsed)
"""


def _tree(base: str, folder: Path) -> Path:
    """The package at revision `base`, unpacked into `folder`."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", base, "yiwu_reports", "templates", "samples"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _patched(source: Path, folder: Path, gc: bool, exit_: bool) -> Path:
    shutil.copytree(source, folder)
    if gc:
        path = folder / "yiwu_reports" / "gc_pause.py"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    gc.disable()\n", "    pass\n"), encoding="utf-8")
    if exit_:
        path = folder / "yiwu_reports" / "cli.py"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    os._exit(code)", "    return"), encoding="utf-8")
    return folder


def _command(tree: Path, env: dict[str, str]) -> float:
    out = tempfile.mkdtemp(prefix="tricks-")
    try:
        program = ("import subprocess, sys, time\nt = time.perf_counter()\n"
                   f"subprocess.run([sys.executable, '-m', 'yiwu_reports', {str(SAMPLE)!r}, '-f', "
                   f"'all', '-q', '-o', {out!r}], check=True, stdout=subprocess.DEVNULL)\n"
                   "print('RESULT', time.perf_counter() - t)\n")
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                              env={**os.environ, **env, "PYTHONPATH": str(tree)}, cwd=tree,
                              check=True)
        return float(done.stdout.split()[-1])
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _stage(tree: Path, env: dict[str, str], path: Path, stage: str) -> float:
    program = _STAGE.format(tree=str(tree), path=str(path), stage=stage)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          env={**os.environ, **env, "PYTHONPATH": str(tree)}, cwd=tree)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-500:])
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="fd87d8e")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from benchmarks.synthetic import write_synthetic

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        before = _tree(args.base, folder / "before")
        variants = {
            "before": (before, {}),
            "no forks": (before, {"YIWU_REPORTS_JOBS": "1"}),
            "no forks, no GC pause": (_patched(before, folder / "nogc", True, False),
                                      {"YIWU_REPORTS_JOBS": "1"}),
            "no forks, no GC pause, no os._exit": (
                _patched(before, folder / "noexit", True, True), {"YIWU_REPORTS_JOBS": "1"}),
            "now": (ROOT, {}),
        }
        for tree, _env in variants.values():
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "yiwu_reports")],
                           check=True)
        tables = {size: write_synthetic(folder / f"t{size}.txt", size) for size in args.sizes}
        measures: dict[str, dict[str, list[float]]] = {name: {} for name in variants}
        for _ in range(args.runs):
            for name, (tree, env) in variants.items():
                measures[name].setdefault("make-report -f all, sample", []).append(
                    _command(tree, env))
                for size, path in tables.items():
                    for stage in ("assess", "load + json"):
                        measures[name].setdefault(f"{stage}, {size}", []).append(
                            _stage(tree, env, path, stage))
    results = {name: {what: statistics.median(values) for what, values in by.items()}
               for name, by in measures.items()}
    columns = list(next(iter(results.values())))
    print(f"{'':40}" + "".join(f"{c:>28}" for c in columns))
    for name, by in results.items():
        print(f"{name:40}" + "".join(f"{by[c]:27.3f}s" for c in columns))
    if args.json:
        args.json.write_text(json.dumps({"base": args.base, "runs": args.runs,
                                         "cpu_count": os.cpu_count(), "median_seconds": results},
                                        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
