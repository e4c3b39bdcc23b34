"""The year so far: earlier periods' reports, from the JSON each run keeps (`--history DIR`).

A scheduled run writes each period's outputs into a folder of its own (out/2023Q1/, out/2023Q2/
…), the JSON among them; so the output folder is the history of scheduled runs by default. Any
folder works: the JSON reports in it and in its subfolders one level down are read, and those of
the same year as the current report and of an earlier period are kept, one per period (the one
named like the current input when there are several). Other JSON (manifests, notice indexes) and
files that are not reports are passed over; a report that cannot be read is an error naming it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.config import output_stem
from ..core.errors import InputError
from ..core.model import Period, Report
from .json_report import read_json_report

MAX_JSON_BYTES = 256 << 20
"""A history file larger than this is not read (a 20,000-task report is about 60 MB)."""
_SKIPPED = {"manifest.json", "index.json"}


@dataclass(frozen=True)
class PastReport:
    """An earlier period's report and the file it was read from."""

    path: Path
    report: Report


def _candidates(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*.json")) + sorted(folder.glob("*/*.json"))
    return [path for path in found if path.name not in _SKIPPED and path.is_file()]


def _period_of(path: Path) -> Period | None:
    """The period a JSON file reports on, read cheaply; None when it is no report of ours."""
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            return None
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return None
    if b'"tasks"' not in head and b'"period"' not in head:
        return None
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
        return Period.from_dict(document["period"]) if isinstance(document, dict) \
            and isinstance(document.get("tasks"), list) else None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None


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
        period = _period_of(path)
        if period is None or period.year != current.year or period.last_month >= current.last_month:
            continue
        before = chosen.get(period.last_month)
        if before is not None and (not stem or output_stem(before.report.source_file,
                                                           period) == stem):
            continue
        report = read_json_report(path.read_bytes(), str(path))
        if before is None or output_stem(report.source_file, period) == stem:
            chosen[period.last_month] = PastReport(path, report)
    return [chosen[month] for month in sorted(chosen)]


__all__ = ["MAX_JSON_BYTES", "PastReport", "read_history"]
