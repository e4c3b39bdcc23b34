"""What make-report -f json on the sample spends its CPU time on, and what of it the sample needs.

    python -m benchmarks.import_costs            # median of 7 fresh processes for each figure
    python -m benchmarks.import_costs --runs 15

Printed, each figure the median over fresh processes (CPU seconds, `time.process_time`):

- the run in parts: Python starting, importing the command (click, the standard modules and our
  package), reading the sample, assessing it, writing the JSON, and what the process spends after
  that (its teardown), from the whole process's CPU time as the operating system counts it;
- the import of our package by module: each module's own time (`python -X importtime`, its
  self time) beside the time its module-level regular expressions take to compile (each
  pattern compiled again after `re.purge()`, the best of three), the rest being the module's
  other work (its dataclasses, tables, …);
- the module-level patterns a run on the sample never uses (no search, match, sub or split
  call on them), with what compiling them costs: what a run on 159 tasks does not need;
- the garbage collector's passes and time during the run.

Nothing is cached between the processes; each imports and compiles everything again, as a user's
run does.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"

# Run in a fresh process: the parts of one make-report -f json run, as CPU seconds.
_PARTS = r"""
import gc, json, resource, sys, time
started = time.process_time()
collections = [0, 0, 0]; collected = [0.0]; mark = [0.0]
def _watch(phase, info):
    if phase == "start":
        mark[0] = time.process_time()
    else:
        collections[info["generation"]] += 1
        collected[0] += time.process_time() - mark[0]
gc.callbacks.append(_watch)
import yiwu_reports.cli as cli
import yiwu_reports.readers as readers
import yiwu_reports.assessment as assessment
import yiwu_reports.run.runner as runner
imported = time.process_time()
parts = {"read": 0.0, "assess": 0.0}
def _timed(name, function):
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            parts[name] += time.process_time() - start
    return timed
runner.read_report = _timed("read", runner.read_report)
runner.assess_report = _timed("assess", runner.assess_report)
try:
    cli._run_command([sys.argv[1], "-f", "json", "-q", "-o", sys.argv[2]])
finally:
    done = time.process_time()
    print("PARTS", json.dumps({"python": started, "import": imported - started,
                               "read": parts["read"], "assess": parts["assess"],
                               "write and the rest": done - imported - parts["read"] - parts["assess"],
                               "in process": done, "gc": collected[0],
                               "gc passes": collections}))
"""

# Run in a fresh process: every module-level pattern of the package, its compile time and
# whether a run on the sample used it.
_PATTERNS = r"""
import json, re, sys, time
import yiwu_reports.cli as cli
patterns = {}
def walk(value, module, name, depth=0):
    if isinstance(value, re.Pattern):
        patterns.setdefault(id(value), (module, name, value))
    elif depth < 2 and isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            walk(item, module, f"{name}[{index}]", depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for key, item in value.items():
            walk(item, module, f"{name}[{key!r}]", depth + 1)
for module_name, module in list(sys.modules.items()):
    if module_name.startswith("yiwu_reports"):
        for name, value in vars(module).items():
            walk(value, module_name, name)
used = set()
def profile(frame, event, arg):
    if event == "c_call":
        owner = getattr(arg, "__self__", None)
        if isinstance(owner, re.Pattern):
            used.add(id(owner))
sys.setprofile(profile)
try:
    cli._run_command([sys.argv[1], "-f", "json", "-q", "-o", sys.argv[2]])
except SystemExit:
    pass
sys.setprofile(None)
rows = []
for key, (module, name, pattern) in patterns.items():
    best = float("inf")
    for _ in range(3):
        re.purge()
        start = time.perf_counter()
        re.compile(pattern.pattern, pattern.flags)
        best = min(best, time.perf_counter() - start)
    rows.append([module, name, best, key in used])
print("PATTERNS", json.dumps(rows))
"""


def _run(code: str, *args: str, flags: tuple[str, ...] = ()) -> tuple[str, str, float]:
    """(stdout, stderr, CPU seconds of the whole process as the system counts them)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, *flags, "-c", code, *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr[-600:])
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return done.stdout, done.stderr, cpu


def _line(stdout: str, tag: str) -> object:
    return json.loads(next(line for line in stdout.splitlines()
                           if line.startswith(tag))[len(tag) + 1:])


def _import_self_times() -> dict[str, float]:
    """Each of our modules' own import time (seconds, -X importtime's self column)."""
    _stdout, stderr, _cpu = _run("import yiwu_reports.cli", flags=("-X", "importtime"))
    times = {}
    for line in stderr.splitlines():
        if line.startswith("import time:"):
            own, _cumulative, name = line[len("import time:"):].split("|")
            if name.strip().startswith("yiwu_reports") and own.strip().isdigit():
                times[name.strip()] = int(own) / 1e6
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        parts, whole = [], []
        for _ in range(args.runs):
            stdout, _stderr, cpu = _run(_PARTS, str(SAMPLE), out)
            parts.append(_line(stdout, "PARTS"))
            whole.append(cpu)
        selves = [_import_self_times() for _ in range(args.runs)]
        patterns: list[list[Any]] = _line(_run(_PATTERNS, str(SAMPLE), out)[0],  # type: ignore[assignment]
                                          "PATTERNS")
    median = {name: statistics.median(p[name] for p in parts)  # type: ignore[index]
              for name in ("python", "import", "read", "assess", "write and the rest",
                           "in process", "gc")}
    whole_median = statistics.median(whole)
    print(f"make-report -f json on the sample: {whole_median:.3f} s of CPU "
          f"(median of {args.runs} fresh processes, each watched: the watching adds a little)")
    for name in ("python", "import", "read", "assess", "write and the rest"):
        print(f"  {name:<24} {median[name]:.3f} s")
    teardown = statistics.median(w - p["in process"] for w, p in zip(whole, parts))  # type: ignore[index]
    print(f"  {'teardown (after main)':<24} {teardown:.3f} s")
    print(f"  garbage collector during the run: {median['gc']:.3f} s "
          f"(passes by generation in the last run: {parts[-1]['gc passes']})")  # type: ignore[index]

    modules = sorted({m for s in selves for m in s})
    own = {m: statistics.median(s.get(m, 0.0) for s in selves) for m in modules}
    compile_by_module: dict[str, float] = {}
    unused_by_module: dict[str, float] = {}
    for module, _name, seconds, used in patterns:  # type: ignore[attr-defined]
        compile_by_module[module] = compile_by_module.get(module, 0.0) + seconds
        if not used:
            unused_by_module[module] = unused_by_module.get(module, 0.0) + seconds
    total_own = sum(own.values())
    total_compile = sum(compile_by_module.values())
    unused = [row for row in patterns if not row[3]]  # type: ignore[attr-defined]
    print(f"\nour package's import: {total_own:.3f} s of its modules' own time (-X importtime, "
          f"which adds its own overhead), of which compiling {len(patterns)} module-level "
          f"patterns {total_compile:.3f} s")
    print(f"  {'module':<44} {'own':>7} {'patterns':>9} {'unused':>7}")
    for module in sorted(own, key=lambda m: -own[m])[:25]:
        print(f"  {module:<44} {own[module] * 1000:6.1f}ms {compile_by_module.get(module, 0) * 1000:7.1f}ms"
              f" {unused_by_module.get(module, 0) * 1000:5.1f}ms")
    unused_seconds = sum(row[2] for row in unused)
    print(f"\npatterns a run on the sample never uses: {len(unused)} of {len(patterns)}, "
          f"{unused_seconds * 1000:.1f} ms to compile; the costliest:")
    for module, name, seconds, _used in sorted(unused, key=lambda row: -row[2])[:12]:
        print(f"  {seconds * 1000:5.2f} ms  {module}.{name}")
    if args.json:
        args.json.write_text(json.dumps({
            "make_report_json_cpu_seconds": whole_median, "parts": median,
            "teardown": teardown,
            "import_own_seconds": total_own, "pattern_compile_seconds": total_compile,
            "patterns": len(patterns), "unused_patterns": len(unused),
            "unused_pattern_compile_seconds": unused_seconds}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
