"""How fast the workbook is written, against a bare openpyxl dump of the same cells.

    python -m benchmarks.bench_xlsx [sample|SIZE ...]   (default: sample 2000 10000)

For each table it renders the full workbook (three sheets, styles, chart, validation, data bar)
and, beside it, writes the very same cells as plain strings with openpyxl's write-only mode and no
styles at all: the least any workbook of that content can cost. It prints both times (best of a
few runs), their ratio (target: at most 1.5) and, in a separate run under tracemalloc, the peak
memory each adds on top of the report already in memory, to show whether it stays flat.

Statuses are assigned as in the renderer tests (`tests.factories.mixed_report`), since the
assessment is not what is measured here.
"""

from __future__ import annotations

import gc
import io
import sys
import tempfile
import time
import tracemalloc
from typing import BinaryIO, Callable

from benchmarks.synthetic import SAMPLE, synthetic_table
from tests.factories import mixed_report
from yiwu_reports import api
from yiwu_reports.core.model import Report
from yiwu_reports.renderers import RenderOptions
from yiwu_reports.renderers.xlsx.workbook import write_workbook
from yiwu_reports.summary.counts import summarise


def _report(size: int | None) -> Report:
    """The sample (size None) or a synthetic table of `size` tasks, statuses mixed."""
    if size is None:
        return mixed_report(api.load(SAMPLE))
    data = io.BytesIO(synthetic_table(size).encode("utf-8"))
    return mixed_report(api.load(data, name=f"synthetic-{size}.txt"))


def _full(report: Report, out: BinaryIO | None = None) -> bytes:
    target = out or io.BytesIO()
    write_workbook(report, summarise(report), target, RenderOptions())
    return b"" if out else target.getvalue()


def _cells(workbook: bytes) -> list[tuple[str, list[list[str]]]]:
    """Every sheet's cell values as strings, read back from a rendered workbook."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook), read_only=True)
    sheets = [(sheet.title, [["" if value is None else str(value) for value in row]
                             for row in sheet.iter_rows(values_only=True)])
              for sheet in book.worksheets]
    book.close()
    return sheets


def _bare(sheets: list[tuple[str, list[list[str]]]], out: BinaryIO | None = None) -> bytes:
    """The same cells, plain strings, write-only, no styles: the floor."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    target = out or io.BytesIO()
    book.save(target)
    return b"" if out else target.getvalue()


def _best_times(works: list[Callable[[], object]], runs: int,
                clock: Callable[[], float]) -> list[float]:
    """Best time of each piece of work by `clock`, run in turn so that a busy machine slows
    all of them alike."""
    best = [float("inf")] * len(works)
    for _ in range(runs):
        for index, work in enumerate(works):
            gc.collect()
            start = clock()
            work()
            best[index] = min(best[index], clock() - start)
    return best


def _peak(work: Callable[[BinaryIO], object]) -> float:
    """Peak MiB allocated while `work` writes to a file, above what was allocated before (a
    file, not a BytesIO, so the finished workbook itself is not counted)."""
    with tempfile.TemporaryFile() as out:
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        work(out)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return (peak - base) / 2**20


def main(sizes: list[int | None]) -> None:
    print("wall: elapsed seconds; cpu: this process's CPU seconds (steadier on a shared machine);"
          " MiB: peak Python allocation while writing, above the report already in memory")
    print(f"{'tasks':>7} {'cells':>8} {'full wall':>9} {'bare wall':>9} {'ratio':>5} "
          f"{'full cpu':>8} {'bare cpu':>8} {'ratio':>5} {'full MiB':>8} {'bare MiB':>8} "
          f"{'KiB':>6}")
    for size in sizes:
        report = _report(size)
        workbook = _full(report)
        sheets = _cells(workbook)
        cells = sum(len(row) for _title, rows in sheets for row in rows)
        runs = 5 if len(report.tasks) <= 2000 else 3
        works = [lambda: _full(report), lambda: _bare(sheets)]
        full, bare = _best_times(works, runs, time.perf_counter)
        full_cpu, bare_cpu = _best_times(works, runs, time.process_time)
        full_peak = _peak(lambda out: _full(report, out))
        bare_peak = _peak(lambda out: _bare(sheets, out))
        print(f"{len(report.tasks):>7} {cells:>8} {full:>9.2f} {bare:>9.2f} {full / bare:>5.2f} "
              f"{full_cpu:>8.2f} {bare_cpu:>8.2f} {full_cpu / bare_cpu:>5.2f} "
              f"{full_peak:>8.1f} {bare_peak:>8.1f} {len(workbook) / 1024:>6.0f}", flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main([None if argument == "sample" else int(argument) for argument in arguments]
         if arguments else [None, 2000, 10000])
