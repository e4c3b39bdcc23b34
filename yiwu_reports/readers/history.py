"""The year so far: earlier periods' reports, from the JSON each run keeps (`--history DIR`).

A scheduled run writes each period's outputs into a folder of its own (out/2023Q1/, out/2023Q2/
…), the JSON among them; so the output folder is the history of scheduled runs by default. Any
folder works: the JSON reports in it and in its subfolders one level down are read, and those of
the same year as the current report and of an earlier period are kept, one per period (the one
named like the current input when there are several). Other JSON (manifests, notice indexes) and
files that are not reports are passed over; a report that cannot be read (damaged, cut short,
larger than MAX_JSON_BYTES) is an error naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.config import output_stem
from ..core.errors import InputError
from ..core.model import Period, Report
from .json_report import load_json, read_json_report
from .limits import MAX_INPUT_BYTES, read_input

MAX_JSON_BYTES = MAX_INPUT_BYTES
"""A history file larger than this is refused, as any input is (a 20,000-task report is about
36 MB)."""
_SKIPPED = {"manifest.json", "index.json"}


@dataclass(frozen=True)
class PastReport:
    """An earlier period's report and the file it was read from."""

    path: Path
    report: Report


def _candidates(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.json")) + sorted(folder.glob("*/*.json"))
    return [path for path in found if path.name not in _SKIPPED and path.is_file()]


def _period_of(path: Path) -> tuple[Period, bytes] | None:
    """The period a JSON file reports on and its bytes; None when it is no report of ours
    (another tool's JSON, our manifests and indexes). A file that starts like a report but
    cannot be read as one (damaged, cut short, too large) is an InputError naming it: a 台账
    silently missing a period would be wrong, not short."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return None
    if b'"tasks"' not in head and b'"period"' not in head:
        return None
    data = read_input(path, str(path), MAX_JSON_BYTES)
    document = load_json(data, str(path))
    if not isinstance(document, dict) or not isinstance(document.get("tasks"), list) \
            or "period" not in document:
        return None
    try:
        return Period.from_dict(document["period"]), data
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
        raise InputError(f"a report in the history folder states no period that can be read "
                         f"({type(error).__name__}: {error})", file=str(path)) from None


def read_history(folder: Path, current: Period, source_name: str = "") -> list[PastReport]:
    """The earlier periods of `current`'s year found in `folder`, one report per period, in
    period order. `source_name` (the current input's file name) picks among several reports of
    one period: the one made from an input of the same name, else the first by path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"history folder not found: {folder}")
    stem = output_stem(source_name, current) if source_name else ""
    chosen: dict[int, PastReport] = {}
    for path in _candidates(folder):
        found = _period_of(path)
        if found is None:
            continue
        period, data = found
        if period.year != current.year or period.last_month >= current.last_month:
            continue
        before = chosen.get(period.last_month)
        if before is not None and (not stem or output_stem(before.report.source_file,
                                                           period) == stem):
            continue
        report = read_json_report(data, str(path))
        if before is None or output_stem(report.source_file, period) == stem:
            chosen[period.last_month] = PastReport(path, report)
    return [chosen[month] for month in sorted(chosen)]


__all__ = ["MAX_JSON_BYTES", "PastReport", "read_history"]
