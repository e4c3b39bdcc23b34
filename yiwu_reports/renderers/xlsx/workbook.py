"""The Excel workbook (`--format xlsx`): what the supervision office works in.

Three sheets: 汇总 (counts by status and by lead unit, with bar charts), 全部任务 (every task in
input order, each row in its status colour, with the reviewers' 人工调整 column) and 滞后任务
(the shortfalls by lead unit with their gap to schedule), and a very hidden one saying which
table and period the workbook was made for (`metadata`). `readers.read_overrides` reads a
reviewed workbook back as overrides.

Sheets are streamed (openpyxl write-only mode) so time and memory stay low for 10,000 tasks, and
the package is written with fixed dates and zip entry times so the same report gives the same
bytes.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from typing import Any, BinaryIO

from openpyxl import Workbook

from ...core.model import Report
from ...readers import KIND_REVIEWED
from ...summary import Issue, Summary, comparison_view
from .. import RenderOptions
from ..common import FIXED_TIME, fixed_entry
from .cells import TextStats, safe_text
from .comparison import write_comparison
from .ledger import write_ledger
from .metadata import made_for, write_metadata
from .openpyxl_private import discard, write_package
from .sheets import write_all_tasks, write_shortfalls
from .summary import status_labels_ref, write_summary

__all__ = ["RENDERER", "XlsxRenderer", "discard", "save_repeatable", "write_workbook"]


class _RepeatableZip(zipfile.ZipFile):
    """A zip archive whose entries all carry `FIXED_TIME` and the same attributes, like
    `common.repeatable_zip` makes them, written in one pass: a sheet is streamed from
    openpyxl's temporary file instead of being held in memory and compressed twice."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: Any = None) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        super().writestr(fixed_entry(name), data)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None,
              compresslevel: Any = None) -> None:
        entry = fixed_entry(arcname or os.path.basename(filename))
        entry.file_size = os.path.getsize(filename)  # lets zipfile choose zip64 up front
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def write_workbook(report: Report, summary: Summary, out: BinaryIO,
                   options: RenderOptions) -> TextStats:
    """Write the workbook of an assessed report to `out`; returns what text had to change."""
    palette = options.status_palette()
    issue = options.issue(report, summary)
    stats = TextStats()
    workbook = Workbook(write_only=True)
    try:
        write_all_tasks(workbook, report, palette, stats, status_labels_ref())
        write_shortfalls(workbook, report, summary, palette, stats)
        write_summary(workbook, report, summary, palette, stats, issue)  # first, written last
        view = comparison_view(report, summary, palette)
        if view is not None:
            write_comparison(workbook, view, palette, stats)
        if options.ledger is not None:
            write_ledger(workbook, options.ledger, report.title, palette, stats)
        write_metadata(workbook, made_for(report, KIND_REVIEWED), stats)
        save_repeatable(workbook, out, report.title, issue)
    except BaseException:
        discard(workbook)
        raise
    return stats


def save_repeatable(workbook: Workbook, out: BinaryIO, title: str,
                    issue: Issue | None = None) -> None:
    """Write a write-only workbook whose sheets are done to `out`, its properties dated with the
    documents' date and its author the office (`issue`; none given: FIXED_TIME), its zip entries
    with fixed times (same input and settings, same bytes). A draft's every sheet says so in
    its printed header. On failure the caller discards the workbook (`discard`)."""
    properties = workbook.properties
    properties.title = safe_text(title)[:255]
    properties.creator = safe_text(issue.author)[:255] if issue else "yiwu-reports"
    properties.lastModifiedBy = properties.creator
    properties.created = properties.modified = issue.moment if issue else FIXED_TIME
    if issue is not None and issue.mark:
        properties.contentStatus = safe_text(issue.mark)[:255]
        for sheet in workbook.worksheets:
            # Header codes start with "&": a literal one in the mark must be doubled.
            sheet.oddHeader.right.text = safe_text(issue.mark).replace("&", "&&")
    with _RepeatableZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        # Not save_workbook: it stamps the modification time of the run.
        write_package(workbook, archive)


class XlsxRenderer:
    name = "xlsx"
    extension = ".xlsx"

    def render(self, report: Report, summary: Summary, out: BinaryIO,
               options: RenderOptions) -> None:
        write_workbook(report, summary, out, options)


RENDERER = XlsxRenderer()
