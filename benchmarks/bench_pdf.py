"""How fast the PDF summary renders, how much memory it takes, and where the time goes.

    python -m benchmarks.bench_pdf              # 2,000 and 10,000 tasks, then a profile
    python -m benchmarks.bench_pdf 500 5000     # other sizes
    python -m benchmarks.bench_pdf --no-profile
    python -m benchmarks.bench_pdf --naive      # also time the naive table for comparison

Each size runs in a fresh interpreter so its peak memory (max RSS) is its own. The table is
`synthetic_table(n)` read with `api.load`, with statuses cycling through all five as
`tests.factories.mixed_report` sets them (the real assessment is not measured here). Only the
rendering is timed. The profile (cProfile, 2,000 tasks) lists the functions that take the most
time, their own and with what they call.

`--naive` also times the textbook way for the same all-tasks table: one reportlab `Table` of
every row, a `Paragraph` (wordWrap='CJK') per cell, header repeated, nothing else on the page.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (2000, 10000)


def _report(size: int):
    sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import synthetic_table
    from tests.factories import mixed_report
    from yiwu_reports import api

    table = io.BytesIO(synthetic_table(size).encode("utf-8"))
    return mixed_report(api.load(table, name=f"synthetic-{size}.txt"))


def _render(report) -> bytes:
    from yiwu_reports import api

    out = io.BytesIO()
    api.render(report, "pdf", out)
    return out.getvalue()


def measure(size: int, repeats: int = 2) -> dict[str, float]:
    """Render `size` tasks (after a warm-up that loads reportlab and the font) `repeats` times
    and report the best CPU and wall time, pages, size and this process's peak memory.

    CPU time is the figure to compare: on a shared machine wall time also counts waiting."""
    report = _report(size)
    _render(_report(5))  # warm-up: imports, font parsing, glyph widths of the common characters
    seconds = wall = float("inf")
    peak_kib = 0
    for attempt in range(repeats):
        start, start_wall = time.process_time(), time.perf_counter()
        data = _render(report)
        seconds = min(seconds, time.process_time() - start)
        wall = min(wall, time.perf_counter() - start_wall)
        if attempt == 0:  # the high-water mark of one render (later ones reuse freed memory)
            peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    return {"tasks": size, "seconds": seconds, "wall": wall, "pages": pages, "bytes": len(data),
            "peak_mib": peak_kib / 1024}


def measure_naive(size: int) -> dict[str, float]:
    """The all-tasks table alone, built the textbook way (see the module docstring)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from yiwu_reports.renderers.pdf.fonts import pdf_font

    report = _report(size)
    style = ParagraphStyle("cell", fontName=pdf_font(None).name, fontSize=8.5, leading=11.5,
                           wordWrap="CJK")
    start, start_wall = time.process_time(), time.perf_counter()
    rows = [[Paragraph(escape(text), style) for text in
             (t.id, t.title, t.lead, t.progress_text, t.status)] for t in report.tasks]
    header = [Paragraph(name, style) for name in ("序号", "任务名称", "牵头单位", "进展情况", "状态")]
    table = Table([header, *rows], colWidths=[w * mm for w in (12, 44, 21, 79, 18)], repeatRows=1,
                  style=[("GRID", (0, 0), (-1, -1), 0.4, "#A6A6A6"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build([table])
    return {"tasks": size, "seconds": time.process_time() - start,
            "wall": time.perf_counter() - start_wall, "pages": 0, "bytes": len(out.getvalue()),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def profile(size: int, top: int = 22) -> None:
    report = _report(size)
    _render(_report(5))
    profiler = cProfile.Profile()
    profiler.enable()
    _render(report)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        print(f"\nprofile of {size} tasks, top {top} by {order}:")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.strip_dirs().sort_stats(order).print_stats(top)


def _print_rows(title: str, rows: list[dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{'tasks':>7} {'CPU s':>7} {'wall s':>7} {'ms/task':>8} {'pages':>6} {'MiB out':>8} "
          f"{'peak MiB':>9}")
    for row in rows:
        print(f"{row['tasks']:>7} {row['seconds']:>7.2f} {row['wall']:>7.2f} "
              f"{1000 * row['seconds'] / row['tasks']:>8.3f} {row['pages'] or '':>6} "
              f"{row['bytes'] / 2**20:>8.1f} {row['peak_mib']:>9.0f}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(f"growth from {first['tasks']} to {last['tasks']} tasks "
              f"(x{last['tasks'] / first['tasks']:.1f}): CPU time "
              f"x{last['seconds'] / first['seconds']:.2f}, "
              f"peak memory x{last['peak_mib'] / first['peak_mib']:.2f}")


def main(argv: list[str]) -> None:
    if argv[:1] in (["--one"], ["--one-naive"]):
        run = measure if argv[0] == "--one" else measure_naive
        print(json.dumps(run(int(argv[1]))))
        return
    do_profile = "--no-profile" not in argv
    sizes = [int(a) for a in argv if a.isdigit()] or list(DEFAULT_SIZES)
    kinds = ["--one"] + (["--one-naive"] if "--naive" in argv else [])
    for kind in kinds:
        rows = []
        for size in sizes:
            done = subprocess.run([sys.executable, "-m", "benchmarks.bench_pdf", kind, str(size)],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        _print_rows("the PDF summary" if kind == "--one" else
                    "naive: one Table, a Paragraph per cell (all-tasks table only)", rows)
    if do_profile:
        profile(min(sizes))


if __name__ == "__main__":
    main(sys.argv[1:])
