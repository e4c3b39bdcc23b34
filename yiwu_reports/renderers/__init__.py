"""Renderers: one subpackage per output format behind one small interface, found by name.

Other stages reach a format only through this registry: `get_renderer`, `write_output`,
`prepare` (what a run settles once: the PDF's font, the Word template) and each format's
read-back hook (`TaskRecord`s, for `--check`).

The registry names each format's module without importing it, so listing formats (``--help``)
and ``import yiwu_reports`` stay light; python-docx, reportlab and openpyxl are imported only by
the renderer that needs them, when it runs.
"""

from __future__ import annotations

import datetime as _dt
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from ..core.atomic import write_atomic, write_folder_atomic
from ..core.errors import UsageError
from ..core.office import OfficeSettings
from ..core.palette import templates_palette
from ..summary import Issue, document_issue
from .common import fixed_entry
from .records import MIN_CUT, TaskRecord, squeeze

if TYPE_CHECKING:
    from ..core.model import Report
    from ..core.palette import Palette
    from ..summary import Ledger, Summary
    from .pdf.system_fonts import FontChoice


__all__ = ["INDEX_NAME", "MIN_CUT", "REGISTRY", "FolderRenderer", "FormatEntry", "Preparation",
           "RenderOptions", "Renderer", "TaskRecord", "default_formats", "format_entry",
           "format_names", "get_folder_renderer", "get_renderer", "prepare", "squeeze",
           "write_output", "write_zip"]


@dataclass(frozen=True)
class RenderOptions:
    """Everything a renderer may be told besides the report itself."""

    palette: "Palette | None" = None
    """Status labels and colours; the shipped palette when None."""
    template: Path | None = None
    """A user's Word template (letterhead and styles) for the briefing."""
    font: "Path | FontChoice | None" = None
    """A CJK TrueType font for the PDF: a file, or a `FontChoice` naming a face of a .ttc."""
    previous: "Report | None" = None
    """The previous period's assessed report, for the 「与上季度相比」 parts."""
    extra: dict[str, object] = field(default_factory=dict)
    """Format-specific settings from a config file."""
    history: "tuple[Report, ...] | None" = None
    """Earlier periods' reports of the year (`readers.history`), for the 台账: the workbook's
    台账 sheet and the PDF's per-unit trend. None for no ledger; () for a ledger of the current
    period alone. `api.render` builds `ledger` from it."""
    ledger: "Ledger | None" = None
    """The 台账 of the report being rendered, built once from `history` by the summary stage
    (`summary.build_ledger`); renderers draw it and never build it themselves."""
    office: OfficeSettings = field(default_factory=OfficeSettings)
    """The office sending the documents: its name, addressees, signature and deadlines."""
    templates: Path | None = None
    """A user's templates folder: its `briefing.toml`, `statuses.json`, `briefing-styles.docx`
    and `html-page.{html,css,js}` win over the shipped ones (`make-report` also looks in the
    platform's configuration folder; see `resources.user_templates_dir`)."""
    font_cache: Path | None = None
    """A folder where reportlab's parse of the PDF's fonts is kept between runs (it saves about
    a tenth of a second a PDF); None, the default: nothing is kept, and the library writes
    nowhere but where its documents go. make-report gives the user's cache folder
    (`resources.user_font_cache_dir`)."""

    date: _dt.date | None = None
    """The documents' date (成文日期): printed in full on a final, year and month on a draft;
    deadlines are counted from it and the documents' properties carry it. None: undated (the
    day left blank, deadlines as the office's rules say them, properties dated the period's
    last day). `make-report` always gives one (`--date`, `[report] date`, `--as-of`, today)."""
    final: bool = False
    """Final documents even while judgements wait for a reviewer (`--final`, the office's
    decision); otherwise such a report's documents are drafts, marked as such."""

    def issue(self, report: "Report", summary: "Summary") -> Issue:
        """How the documents of `report` go out: draft or final, dated, with their deadlines."""
        return document_issue(report, summary.unsettled, self.office, self.date, self.final)

    def status_palette(self) -> "Palette":
        """The palette to use: `palette` when given, else the shipped one with the templates
        folder's `statuses.json` laid over it."""
        return self.palette if self.palette is not None else templates_palette(self.templates)


class Renderer(Protocol):
    """What every output format provides."""

    name: str
    """Format name used on the command line (docx, pdf, xlsx, json)."""
    extension: str
    """File extension with its dot (.docx)."""

    def render(self, report: "Report", summary: "Summary", out: BinaryIO,
               options: RenderOptions) -> None:
        """Write the document for an assessed report to a binary stream."""


INDEX_NAME = "index.json"
"""The file in every folder output listing its files, their units and tasks (read by --check)."""


class FolderRenderer(Protocol):
    """What a format that writes a folder of files (one per lead unit) provides."""

    name: str
    extension: str
    """What the folder's name ends with (-notices): {ext} of the name pattern."""

    def files(self, report: "Report", summary: "Summary",
              options: RenderOptions) -> Iterator[tuple[str, bytes]]:
        """The folder's files, (plain file name, content), for an assessed report."""


@dataclass(frozen=True)
class FormatEntry:
    """A registered format: where its renderer lives and what it makes."""

    name: str
    extension: str
    module: str
    """The module holding the format's `RENDERER`."""
    description: str
    readback: str | None = None
    """The module whose `read_tasks(path)` reads a document of this format back, task by task,
    for `--check` (see `yiwu_reports.run.output_check`); None when the format cannot be checked."""
    folder: bool = False
    """True when the format writes a folder of files (`FolderRenderer`), written as one (all
    files or none); a stream receives them as a zip archive."""
    in_all: bool = True
    """Written by default and by `-f all`. The per-unit folders are written only when asked
    for: a run of the usual documents should not send notices to fifty units."""
    prepare: str | None = None
    """The module whose `prepare(preparation)` settles, once for a run and before anything is
    written, what the format needs (the PDF's font; a Word template that opens); light to
    import, since a scheduled run prepares before it knows whether anything changed."""


@dataclass(frozen=True)
class Preparation:
    """What the formats of a run settle once, before any document is written (`prepare`)."""

    options: RenderOptions
    """The options to render every document with (the PDF's font chosen once, not per file)."""
    pdf_font: str = "-"
    """The PDF's font file, "builtin" (reportlab's STSong-Light), or "-" when no PDF is written:
    the run's fingerprint names the font the PDF is really set in."""
    pdf_fallbacks: tuple[str, ...] = ()
    """The font files the PDF falls back to for characters its font lacks."""
    notices: tuple[str, ...] = ()
    """Lines for the run's user (no CJK font found: the PDF's text is not embedded)."""


# Formats register here as their renderers land; the CLI offers exactly these (plus "all").
REGISTRY: dict[str, FormatEntry] = {
    entry.name: entry for entry in (
        FormatEntry("docx", ".docx", "yiwu_reports.renderers.docx.briefing",
                    "Word briefing (通报) in official-document format",
                    readback="yiwu_reports.renderers.docx.readback",
                    prepare="yiwu_reports.renderers.docx"),
        FormatEntry("pdf", ".pdf", "yiwu_reports.renderers.pdf.document",
                    "printable summary with charts and embedded fonts",
                    readback="yiwu_reports.renderers.pdf.readback",
                    prepare="yiwu_reports.renderers.pdf"),
        FormatEntry("xlsx", ".xlsx", "yiwu_reports.renderers.xlsx.workbook",
                    "colour-coded workbook: summary, all tasks, shortfalls, reviewer overrides",
                    readback="yiwu_reports.renderers.xlsx.readback"),
        FormatEntry("json", ".json", "yiwu_reports.renderers.json_out",
                    "machine-readable report: every task, indicator and the summary",
                    readback="yiwu_reports.renderers.json_out"),
        FormatEntry("html", ".html", "yiwu_reports.renderers.html",
                    "self-contained web page for a government portal: charts, shortfalls, all tasks",
                    readback="yiwu_reports.renderers.html.readback"),
        FormatEntry("notices", "-notices", "yiwu_reports.renderers.notices",
                    "a folder with a 督办通知单 (Word) for each lead unit with lagging or 待核实 "
                    "tasks, numbered, with a receipt to return; not part of all",
                    readback="yiwu_reports.renderers.notices.readback", folder=True,
                    in_all=False),
        FormatEntry("unit-xlsx", "-units", "yiwu_reports.renderers.unit_xlsx",
                    "a folder with a 补报 workbook for each lead unit: only its tasks, only its "
                    "review cells editable, read back with --overrides; not part of all",
                    readback="yiwu_reports.renderers.unit_xlsx.readback", folder=True,
                    in_all=False),
    )
}


def format_names() -> list[str]:
    """The formats there are, in registry order."""
    return list(REGISTRY)


def default_formats() -> list[str]:
    """The formats written when none is named, and by `all`, in registry order."""
    return [name for name, entry in REGISTRY.items() if entry.in_all]


def format_entry(name: str) -> FormatEntry:
    """The registered format called `name` (any case, surrounding spaces ignored)."""
    entry = REGISTRY.get(name.strip().lower()) if isinstance(name, str) else None
    if entry is None:
        raise UsageError(f"unknown format {name!r}; the formats are: {', '.join(REGISTRY)}")
    return entry


def get_renderer(name: str) -> Renderer:
    """The renderer of a format, importing its module now."""
    module = importlib.import_module(format_entry(name).module)
    return module.RENDERER  # type: ignore[no-any-return]


def prepare(formats: Iterable[str], options: RenderOptions) -> Preparation:
    """What the formats of a run settle once before any is written, each through its registered
    `prepare` step (a format without one needs nothing settled)."""
    preparation = Preparation(options)
    for name in formats:
        module = format_entry(name).prepare
        if module is not None:
            preparation = importlib.import_module(module).prepare(preparation)
    return preparation


def write_output(report: "Report", summary: "Summary", fmt: str, target: Path,
                 options: RenderOptions) -> Path:
    """Write one format of an assessed report to `target` atomically: the document appears whole
    or not at all, and a failure (any exception, OSError included) leaves no file behind."""
    if format_entry(fmt).folder:
        folder_renderer = get_folder_renderer(fmt)
        return write_folder_atomic(target, folder_renderer.files(report, summary, options))
    renderer = get_renderer(fmt)
    return write_atomic(target, lambda stream: renderer.render(report, summary, stream, options))


def get_folder_renderer(name: str) -> FolderRenderer:
    """The renderer of a folder format, importing its module now."""
    module = importlib.import_module(format_entry(name).module)
    return module.RENDERER  # type: ignore[no-any-return]


def write_zip(files: Iterable[tuple[str, bytes]], out: BinaryIO) -> None:
    """A folder format's files as a zip archive on a stream, dated like every document (same
    input, same bytes)."""
    import zipfile


    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(fixed_entry(name), data)
