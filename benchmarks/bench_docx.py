"""How long the Word briefing takes for a big table, against python-docx's naive annex.

    python -m benchmarks.bench_docx            # 10,000 tasks
    python -m benchmarks.bench_docx 2000       # another size

Builds a synthetic table of n tasks, gives the tasks statuses of every kind (as the renderer
tests do), and times, side by side:
  - the annex table as the renderer builds it (one prepared row, deep-copied per task);
  - the same annex the naive python-docx way: `table.add_row()` then `row.cells[i].text = …`;
  - the whole briefing (text, chart, annex, save, repeatable zip) through `api.render`.
The target is ours in at most a quarter of the naive time. Prints figures; asserts nothing.
"""

from __future__ import annotations

import io
import sys
import time

import docx

from benchmarks.synthetic import synthetic_table
from yiwu_reports import api
from yiwu_reports.core.model import Report
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.renderers.docx.briefing import Briefing
from yiwu_reports.summary.counts import summarise


def assessed_report(size: int) -> Report:
    """n synthetic tasks with statuses of every kind, indicators and an override."""
    from tests.factories import mixed_report  # the renderer tests' status assignment

    report = api.load(io.BytesIO(synthetic_table(size).encode("utf-8")), name="synthetic.txt")
    return mixed_report(report)


def annex_ours(report: Report) -> float:
    """Seconds to build the annex table as the renderer does, into a fresh briefing."""
    briefing = Briefing(report, summarise(report), RenderOptions())
    start = time.perf_counter()
    briefing.annex()
    return time.perf_counter() - start


def annex_naive(report: Report) -> float:
    """Seconds to build the same annex with python-docx's public table API."""
    briefing = Briefing(report, summarise(report), RenderOptions())
    rows = [row.cells for row in briefing.annex_rows()]
    document = briefing.document
    start = time.perf_counter()
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(table.rows[0].cells, ("序号", "任务", "牵头单位", "状态", "完成率", "进展摘要")):
        cell.text = text
    for texts in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, texts):
            cell.text = text
    return time.perf_counter() - start


def whole_briefing(report: Report) -> tuple[float, int]:
    """Seconds to render the whole briefing through the API, and its size in bytes."""
    out = io.BytesIO()
    start = time.perf_counter()
    api.render(report, "docx", out)
    return time.perf_counter() - start, len(out.getvalue())


def main(size: int) -> None:
    started = time.perf_counter()
    report = assessed_report(size)
    print(f"tasks: {len(report.tasks)} (loaded and statuses assigned in "
          f"{time.perf_counter() - started:.2f} s)")
    docx.Document()  # import and first-use costs out of the timings
    ours = annex_ours(report)
    naive = annex_naive(report)
    print(f"annex, ours (prepared row cloned):        {ours:7.2f} s")
    print(f"annex, naive (add_row + row.cells text):  {naive:7.2f} s")
    print(f"ours / naive: {ours / naive:.3f}  (target <= 0.25)")
    seconds, size_bytes = whole_briefing(report)
    print(f"whole briefing via api.render:            {seconds:7.2f} s, {size_bytes / 1e6:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
