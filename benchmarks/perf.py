"""The whole pipeline's speed and memory, stage by stage, beside the libraries' own floors.

    python -m benchmarks.perf                       # 159, 2,000 and 20,000 tasks
    python -m benchmarks.perf --sizes 159 2000      # fewer sizes
    python -m benchmarks.perf --json results.json   # also write the figures as JSON

Every stage runs in a fresh Python process, so its time includes nothing else and its peak
memory (peak resident set size of that process) is its own. Times are CPU seconds (user and
system): on a shared two-core machine they move less than wall time does. The tables are synthetic, built from
the sample's tasks by benchmarks/synthetic.py (the 159-task size is the sample itself). Each stage
runs --runs times at every size, the sizes taking turns, and the median run is reported (the best
beside it): a shared machine's speed drifts, and turns keep every size under the same drift.
Printed:

- read, assess, and each renderer: wall seconds and peak MiB of the process (which also holds the
  report it renders), and tasks per second for the assessment;
- make-report --format all: the whole command as a user runs it (CPU seconds of the whole
  process); on the sample it is run in turns with the floor below and with make-report
  --format json (--startup-runs rounds), medians reported, and the ratio to the floor taken
  round by round (the median of the rounds' ratios);
- baselines in the same run: a bare Python start-up that imports python-docx, openpyxl,
  reportlab.platypus, Jinja2 and click (the floor no run can go under); the PDF and the workbook
  beside their libraries' own floors for the same content (`benchmarks/floors.py`: a bare
  reportlab document and a bare openpyxl workbook, font cache warm and cold); a bare openpyxl
  write-only dump of the same cells as our workbook (no styles); a naive python-docx table
  (add_row, cell.text) of the annex; a naive reportlab table (a Paragraph per cell) of all tasks;
- the ratios the performance issue asks for.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"

# Each stage: Python code run in a fresh process with `path` (the input) and `out` (a temporary
# folder) defined; it sets `elapsed` (seconds of the measured part).
_PRELUDE = "import time, io, resource, sys\nfrom pathlib import Path\n"
_LOAD = "from yiwu_reports import api\nreport = api.assess(api.load(path))\n"
STAGES: dict[str, str] = {
    "read": "from yiwu_reports import api\nt = time.process_time()\nreport = api.load(path)\n"
            "elapsed = time.process_time() - t\n",
    "assess": "from yiwu_reports import api\nreport = api.load(path)\nt = time.process_time()\n"
              "report = api.assess(report)\nelapsed = time.process_time() - t\n",
}
for _name in ("json", "docx", "pdf", "xlsx", "html"):
    STAGES[f"render {_name}"] = (
        _LOAD + f"t = time.process_time()\napi.render(report, {_name!r}, Path(out) / 'r.{_name}')\n"
        "elapsed = time.process_time() - t\n")
BASELINES: dict[str, str] = {
    "bare openpyxl dump": _LOAD + """
from yiwu_reports.renderers import RenderOptions
from openpyxl import Workbook, load_workbook
api.render(report, "xlsx", Path(out) / "ours.xlsx")
book = load_workbook(Path(out) / "ours.xlsx", read_only=True)
sheets = [(s.title, [["" if v is None else str(v) for v in row] for row in s.iter_rows(values_only=True)])
          for s in book.worksheets]
book.close()
t = time.process_time()
bare = Workbook(write_only=True)
for title, rows in sheets:
    sheet = bare.create_sheet(title)
    for row in rows:
        sheet.append(row)
bare.save(Path(out) / "bare.xlsx")
elapsed = time.process_time() - t
""",
    "naive python-docx table": _LOAD + """
import docx
from yiwu_reports.summary import display
document = docx.Document()
t = time.process_time()
table = document.add_table(rows=1, cols=6)
for cell, text in zip(table.rows[0].cells, ("序号", "任务", "牵头单位", "状态", "完成率", "进展摘要")):
    cell.text = text
for task in report.tasks:
    ratio = display.task_ratio(task)
    cells = table.add_row().cells
    for cell, text in zip(cells, (task.id, task.title, task.lead, task.status,
                                  "" if ratio is None else display.percent_text(ratio),
                                  display.shorten(task.progress_text, 120))):
        cell.text = text
document.save(Path(out) / "naive.docx")
elapsed = time.process_time() - t
""",
    "naive reportlab table": _LOAD + """
from xml.sax.saxutils import escape
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
from yiwu_reports.renderers.pdf.fonts import pdf_font
style = ParagraphStyle("cell", fontName=pdf_font(None).name, fontSize=8.5, leading=11.5, wordWrap="CJK")
t = time.process_time()
rows = [[Paragraph(escape(text), style) for text in (x.id, x.title, x.lead, x.progress_text, x.status)]
        for x in report.tasks]
table = Table(rows, colWidths=[w * mm for w in (12, 44, 21, 79, 18)], repeatRows=1)
SimpleDocTemplate(str(Path(out) / "naive.pdf"), pagesize=A4, invariant=1).build([table])
elapsed = time.process_time() - t
""",
}
# The stage process's own peak: VmHWM, the high-water mark of its memory since it started. (Linux
# carries ru_maxrss across exec, so a stage would report at least the size of this process when
# it was started; ru_maxrss is the fallback elsewhere.)
_EPILOGUE = ("peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
             "try:\n"
             "    with open('/proc/self/status') as status:\n"
             "        peak = next(int(l.split()[1]) / 1024 for l in status if l.startswith('VmHWM:'))\n"
             "except (OSError, StopIteration):\n"
             "    pass\n"
             "print('RESULT', elapsed, peak)\n")


def run_stage(code: str, path: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one stage in a fresh process."""
    program = _PRELUDE + f"path = {str(path)!r}\nout = {str(out)!r}\n" + code + _EPILOGUE
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    line = next((out for out in done.stdout.splitlines() if out.startswith("RESULT")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"stage failed: {done.stderr.strip()[-400:]}")
    _, seconds, peak = line.split()
    return float(seconds), float(peak)


def run_command(args: list[str]) -> tuple[float, float]:
    """(CPU seconds, peak MiB) of a whole command: user and system time of its process, as the
    system counts them, start-up and teardown included."""
    program = ("import resource, subprocess, sys\n"
               f"subprocess.run({args!r}, check=True, stdout=subprocess.DEVNULL)\n"
               "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
               "print('RESULT', usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    line = next((out for out in done.stdout.splitlines() if out.startswith("RESULT")), None)
    if line is None:
        raise RuntimeError(f"command failed: {done.stderr.strip()[-400:]}")
    _, seconds, peak = line.split()
    return float(seconds), float(peak)


FLOOR_COMMAND = [sys.executable, "-c", "import docx, openpyxl, reportlab.platypus, jinja2, click"]
FLOOR = "python + import docx, openpyxl, reportlab.platypus, jinja2, click"


def compile_package() -> None:
    """Compile the package's bytecode, as `pip install` does, so that a checkout measures what an
    installed copy runs: with PYTHONDONTWRITEBYTECODE set (or a read-only checkout), every run
    would otherwise compile our modules from source again, some 40 ms the user never pays."""
    import compileall

    compileall.compile_dir(ROOT / "yiwu_reports", quiet=1)


def measure_startup(runs: int, commands: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """The floor (Python importing the libraries) and the commands on the sample, run in turns
    `runs` times each, so that all see the same machine: on a shared VM the floor alone moves by
    30% from one minute to the next. CPU seconds are the median run, with the best beside it;
    each command's ratio to the floor is taken round by round, and its median reported."""
    import statistics

    times: dict[str, list[tuple[float, float]]] = {"floor": [], **{name: [] for name in commands}}
    for _ in range(runs):
        times["floor"].append(run_command(FLOOR_COMMAND))
        for name, command in commands.items():
            times[name].append(run_command(command))
    figures = {name: {"seconds": statistics.median(t for t, _ in measured),
                      "best_seconds": min(t for t, _ in measured),
                      "peak_mib": max(p for _, p in measured), "runs": len(measured)}
               for name, measured in times.items()}
    for name in commands:
        figures[name]["ratio_to_floor"] = statistics.median(
            t / f for (t, _), (f, _) in zip(times[name], times["floor"]))
    return figures


def measure_rounds(runs: int, sizes: list[int], measure) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    """`measure(size)` -> (seconds, peak MiB), taken at every size in turns, round by round.

    This machine's speed drifts by a third, even a half, from one run to the next (CPU time moves
    exactly as wall time does: it is the processor, not waiting). A 2,000-task run lasts a second
    and catches one moment; a 20,000-task run averages over many. So the sizes take turns, each
    size's median run is reported (the best beside it), and runs shorter than 10 s are taken
    more often (up to three times `runs`, while they add up to less than a minute) so that their
    median stands for the machine's usual speed rather than one lucky or unlucky moment."""
    import statistics

    measured: dict[int, list[tuple[float, float]]] = {size: [] for size in sizes}
    spent = {size: 0.0 for size in sizes}
    for round_number in range(3 * runs):
        for size in sizes:
            if round_number >= runs and (spent[size] / len(measured[size]) > 10
                                         or spent[size] > 60):
                continue  # a run of 10 s averages over its own length; or enough time spent
            seconds, peak = measure(size)
            measured[size].append((seconds, peak))
            spent[size] += seconds
    return {str(size): {"seconds": statistics.median(t for t, _ in values),
                        "best_seconds": min(t for t, _ in values),
                        "runs": len(values),
                        "peak_mib": max(p for _, p in values)}
            for size, values in measured.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[159, 2000, 20000])
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each stage at each size, interleaved (short runs up to "
                             "three times as many); the median is shown (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--only", help="run only the stages whose name contains this text")
    parser.add_argument("--skip-naive-above", type=int, default=20000,
                        help="skip the naive docx/reportlab baselines above this size")
    parser.add_argument("--startup-runs", type=int, default=9,
                        help="runs of the start-up comparison on the sample (default 9)")
    args = parser.parse_args()
    from benchmarks.synthetic import write_synthetic

    compile_package()
    results: dict[str, dict[str, dict[str, float]]] = {}
    extra: dict[str, object] = {}
    make_report = [sys.executable, "-m", "yiwu_reports"]

    def report(name: str, figures: dict[str, dict[str, float]]) -> None:
        results.setdefault(name, {}).update(figures)
        for size, figure in figures.items():
            print(f"  {size:>6} {name:<28} {figure['seconds']:8.3f} s "
                  f"(best {figure['best_seconds']:.3f}) {figure['peak_mib']:8.1f} MiB",
                  file=sys.stderr)

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        runs = {"all": [*make_report, str(SAMPLE), "-f", "all", "-q", "-o", str(folder / "all")],
                "json": [*make_report, str(SAMPLE), "-f", "json", "-q", "-o", str(folder / "json")]}
        startup = measure_startup(args.startup_runs, runs)
        results[FLOOR] = {"-": startup["floor"]}
        if 159 in args.sizes and (not args.only or args.only in "make-report --format all"):
            results["make-report --format all"] = {"159": startup["all"]}
            results["make-report --format json"] = {"159": startup["json"]}
        if 159 in args.sizes and (not args.only or args.only in "floors"):
            from benchmarks.floors import measure as measure_floors

            floors = measure_floors(args.startup_runs)
            pages = floors.pop("pages")
            for name, figure in floors.items():
                results[name] = {"159": {"seconds": figure["cpu_seconds"], "best_seconds":
                                         figure["min"], "peak_mib": 0.0, "runs": figure["runs"]}}
            print(f"  PDF pages: ours {pages['ours']}, floor {pages['floor']}", file=sys.stderr)
            extra["pdf_pages"] = pages
        paths = {size: SAMPLE if size == 159 else write_synthetic(folder / f"t{size}.txt", size)
                 for size in args.sizes}
        for name, code in STAGES.items():
            if not args.only or args.only in name:
                report(name, measure_rounds(args.runs, args.sizes,
                                            lambda size, c=code: run_stage(c, paths[size], folder)))
        larger = [size for size in args.sizes if size != 159]
        if larger and (not args.only or args.only in "make-report --format all"):
            report("make-report --format all", measure_rounds(args.runs, larger, lambda size: (
                run_command([*make_report, str(paths[size]), "-f", "all", "-q", "-o",
                             str(folder / "all")]))))
        for name, code in BASELINES.items():
            if args.only and args.only not in name:
                continue
            sizes = args.sizes
            if "naive" in name:
                # Minutes long at 20,000 tasks and only there for comparison: once above 2,000.
                sizes = [size for size in args.sizes if size <= args.skip_naive_above]
                big = [size for size in sizes if size > 2000]
                small = [size for size in sizes if size <= 2000]
                measure = lambda size, c=code: run_stage(c, paths[size], folder)  # noqa: E731
                if small:
                    report(name, measure_rounds(args.runs, small, measure))
                if big:
                    report(name, measure_rounds(1, big, measure))
                continue
            report(name, measure_rounds(args.runs, sizes,
                                        lambda size, c=code: run_stage(c, paths[size], folder)))
    _print(results, args.sizes)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "ratios": _ratios(results, args.sizes),
                                         **extra,
                                         "cpu_count": os.cpu_count(),
                                         "when": time.strftime("%Y-%m-%d %H:%M")},
                                        ensure_ascii=False, indent=2), encoding="utf-8")


def _ratios(results: dict[str, dict[str, dict[str, float]]], sizes: list[int]) -> dict[str, float]:
    ratios: dict[str, float] = {}
    results = {name: by_size for name, by_size in results.items() if by_size}
    results.setdefault("make-report --format all", {})
    floor = results[FLOOR]["-"]["seconds"]
    if "159" in results["make-report --format all"]:
        sample = results["make-report --format all"]["159"]
        ratios["make-report all on the sample / bare start-up with imports (median of pairs)"] = \
            sample.get("ratio_to_floor", sample["seconds"] / floor)
        ratios["the same, medians' ratio"] = sample["seconds"] / floor
        ratios["the same, best run of each"] = (sample["best_seconds"]
                                                / results[FLOOR]["-"]["best_seconds"])
    if "159" in results.get("make-report --format json", {}):
        ratios["make-report json on the sample, CPU seconds"] = \
            results["make-report --format json"]["159"]["seconds"]
    floor_pdf = results.get("PDF floor (bare reportlab)", {}).get("159")
    if floor_pdf:
        for name in ("our PDF, font cache warm", "our PDF, font cache cold"):
            ratios[f"{name} / PDF floor"] = results[name]["159"]["seconds"] / floor_pdf["seconds"]
        ratios["our workbook / workbook floor"] = (
            results["our workbook"]["159"]["seconds"]
            / results["workbook floor (bare openpyxl)"]["159"]["seconds"])
    if 2000 in sizes and 20000 in sizes:
        for name in [*STAGES, "make-report --format all"]:
            if "20000" in results.get(name, {}) and "2000" in results.get(name, {}):
                ratios[f"{name}: 20,000 / 2,000 time"] = (results[name]["20000"]["seconds"]
                                                          / results[name]["2000"]["seconds"])
        if "20000" in results["make-report --format all"]:
            ratios["peak MiB, make-report --format all, 20,000 tasks (largest process)"] = \
                results["make-report --format all"]["20000"]["peak_mib"]
    for size in sizes:
        key = str(size)
        if key in results.get("assess", {}):
            ratios[f"assessment tasks per second ({size})"] = size / results["assess"][key]["seconds"]
        if key in results.get("bare openpyxl dump", {}) and key in results.get("render xlsx", {}):
            ratios[f"workbook / bare openpyxl dump ({size})"] = (
                results["render xlsx"][key]["seconds"] / results["bare openpyxl dump"][key]["seconds"])
        if key in results.get("naive python-docx table", {}) and key in results.get("render docx", {}):
            ratios[f"whole briefing / naive python-docx annex ({size})"] = (
                results["render docx"][key]["seconds"]
                / results["naive python-docx table"][key]["seconds"])
        if key in results.get("naive reportlab table", {}) and key in results.get("render pdf", {}):
            ratios[f"whole PDF / naive reportlab table ({size})"] = (
                results["render pdf"][key]["seconds"] / results["naive reportlab table"][key]["seconds"])
    return ratios


def _print(results: dict[str, dict[str, dict[str, float]]], sizes: list[int]) -> None:
    columns = ["-", *map(str, sizes)]
    print(f"\n{'stage':<44}" + "".join(f"{c + ' tasks' if c != '-' else '':>24}" for c in columns))
    for name, by_size in results.items():
        cells = []
        for column in columns:
            figure = by_size.get(column)
            cells.append(f"{figure['seconds']:9.3f} s {figure['peak_mib']:7.1f} MiB" if figure else "")
        print(f"{name:<44}" + "".join(f"{c:>24}" for c in cells))
    print("\nratios")
    for name, value in _ratios(results, sizes).items():
        print(f"  {name:<64} {value:10.2f}")


if __name__ == "__main__":
    main()
