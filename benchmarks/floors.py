"""The PDF and the workbook beside their libraries' floors, on the sample, in one run.

    python -m benchmarks.floors                  # 9 rounds, medians and ratios
    python -m benchmarks.floors --runs 15
    python -m benchmarks.floors --profile        # also profile our two renders (cProfile) and
                                                 # keep the listings in benchmarks/profiles/

Each figure is one fresh Python process's CPU time (user + system, `time.process_time`) over
the same span for ours and for the floor: from just before the document library is imported to
the file written. Ours reads and assesses the sample first (untimed) and then calls
`api.render`, which imports the renderer and its library, chooses and loads the font, builds and
writes the document. The floors (`benchmarks/floor_pdf.py`, `benchmarks/floor_xlsx.py`, whose
docstrings say what they draw) read the same content from a JSON file first (untimed).

The PDF is measured twice: with the font cache warm (reportlab's parse of the CJK font kept in a
cache folder by an earlier run, as make-report does) and cold (no cache folder: the font file is
parsed, as the library does when no cache is given). The floor has no cache of ours: reportlab
parses the font itself every time.

The processes take turns, round by round (ours warm, ours cold, the PDF floor, our workbook, the
workbook floor), so that a machine whose speed drifts slows all of them alike; medians are
reported with the spread (min, max).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yiwu-2023-q3-progress.txt"
PROFILES = Path(__file__).resolve().parent / "profiles"


def _ours(fmt: str, out: str, cache: str | None, profile: str | None) -> None:
    """In a fresh process: read and assess the sample, then time the render."""
    from yiwu_reports import api

    report = api.assess(api.load(SAMPLE))
    options = {"font_cache": Path(cache)} if cache else {}
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.process_time()
    api.render(report, fmt, out, options=options)
    seconds = time.process_time() - start
    if profiler is not None and profile:
        import io
        import pstats

        profiler.disable()
        listing = io.StringIO()
        stats = pstats.Stats(profiler, stream=listing)
        for order in ("cumulative", "tottime"):
            listing.write(f"\n==== by {order} time ====\n")
            stats.sort_stats(order).print_stats(45)
        import sysconfig

        text = listing.getvalue().replace(str(ROOT) + "/", "")
        for folder in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"]}:
            text = text.replace(folder + "/", "")
        Path(profile).write_text(text, encoding="utf-8")
    print(seconds)


def _prepare(folder: Path) -> dict[str, Path]:
    """Our PDF and workbook of the sample, and the floors' content files made from them."""
    from benchmarks import floor_pdf, floor_xlsx
    from yiwu_reports import api
    from yiwu_reports.renderers import RenderOptions
    from yiwu_reports.summary import summarise

    report = api.assess(api.load(SAMPLE))
    api.render(report, "pdf", folder / "ours.pdf")
    api.render(report, "xlsx", folder / "ours.xlsx")
    pdf = folder / "pdf-content.json"
    pdf.write_text(json.dumps(floor_pdf.content(report, summarise(report),
                                                RenderOptions().status_palette()),
                              ensure_ascii=False), encoding="utf-8")
    xlsx = folder / "xlsx-content.json"
    xlsx.write_text(json.dumps(floor_xlsx.content(str(folder / "ours.xlsx")), ensure_ascii=False,
                               default=str), encoding="utf-8")
    return {"pdf": pdf, "xlsx": xlsx}


def _run(args: list[str]) -> list[str]:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{args}: {done.stderr.strip()[-600:]}")
    return done.stdout.split()


def measure(runs: int) -> dict[str, dict[str, float]]:
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        contents = _prepare(folder)
        cache = folder / "font-cache"
        _run(["-m", "benchmarks.floors", "--ours", "pdf", str(folder / "warmup.pdf"),
              "--cache", str(cache)])  # fills the cache
        kinds = {
            "our PDF, font cache warm": ["-m", "benchmarks.floors", "--ours", "pdf",
                                         str(folder / "a.pdf"), "--cache", str(cache)],
            "our PDF, font cache cold": ["-m", "benchmarks.floors", "--ours", "pdf",
                                         str(folder / "b.pdf")],
            "PDF floor (bare reportlab)": ["-m", "benchmarks.floor_pdf", str(contents["pdf"]),
                                           str(folder / "floor.pdf")],
            "our workbook": ["-m", "benchmarks.floors", "--ours", "xlsx", str(folder / "a.xlsx")],
            "workbook floor (bare openpyxl)": ["-m", "benchmarks.floor_xlsx",
                                               str(contents["xlsx"]), str(folder / "floor.xlsx")],
        }
        times: dict[str, list[float]] = {name: [] for name in kinds}
        for _ in range(runs):
            for name, args in kinds.items():
                times[name].append(float(_run(args)[0]))
        pages = {"ours": len(PdfReader(folder / "a.pdf").pages),
                 "floor": len(PdfReader(folder / "floor.pdf").pages)}
    results = {name: {"cpu_seconds": statistics.median(values), "min": min(values),
                      "max": max(values), "runs": len(values)}
               for name, values in times.items()}
    results["pages"] = {"ours": pages["ours"], "floor": pages["floor"]}  # type: ignore[dict-item]
    return results


def ratios(results: dict[str, dict[str, float]]) -> dict[str, float]:
    floor = results["PDF floor (bare reportlab)"]["cpu_seconds"]
    return {"PDF (cache warm) / floor": results["our PDF, font cache warm"]["cpu_seconds"] / floor,
            "PDF (cache cold) / floor": results["our PDF, font cache cold"]["cpu_seconds"] / floor,
            "workbook / floor": results["our workbook"]["cpu_seconds"]
            / results["workbook floor (bare openpyxl)"]["cpu_seconds"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--profile", action="store_true",
                        help="profile our two renders into benchmarks/profiles/")
    parser.add_argument("--ours", nargs=2, metavar=("FORMAT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours:
        _ours(args.ours[0], args.ours[1], args.cache, args.profile_to)
        return
    if args.profile:
        PROFILES.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory() as temporary:
            cache = Path(temporary) / "cache"
            for fmt in ("pdf", "xlsx"):
                out = str(Path(temporary) / f"p.{fmt}")
                _run(["-m", "benchmarks.floors", "--ours", fmt, out, "--cache", str(cache)])
                _run(["-m", "benchmarks.floors", "--ours", fmt, out, "--cache", str(cache),
                      "--profile-to", str(PROFILES / f"render_{fmt}.txt")])
                print(f"profile of our {fmt} render (cache warm): {PROFILES / f'render_{fmt}.txt'}")
    results = measure(args.runs)
    print(f"\n{'CPU seconds, fresh process each':<36} {'median':>8} {'min':>8} {'max':>8}")
    for name, figure in results.items():
        if name != "pages":
            print(f"{name:<36} {figure['cpu_seconds']:8.3f} {figure['min']:8.3f} "
                  f"{figure['max']:8.3f}")
    print(f"pages: ours {results['pages']['ours']}, floor {results['pages']['floor']}")
    for name, value in ratios(results).items():
        print(f"{name:<36} {value:8.2f}")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "ratios": ratios(results)},
                                        ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
