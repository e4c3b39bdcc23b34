"""Renderers: one subpackage per output format behind one small interface, found by name.

The registry names each format's module without importing it, so listing formats (``--help``)
and ``import yiwu_reports`` stay light; python-docx, reportlab and openpyxl are imported only by
the renderer that needs them, when it runs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO, Protocol

from ..errors import UsageError
from ..office import OfficeSettings

if TYPE_CHECKING:
    from ..fonts import FontChoice
    from ..model import Report
    from ..palette import Palette
    from ..summary import Summary


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
    period alone."""
    office: OfficeSettings = field(default_factory=OfficeSettings)
    """The office sending the documents: its name, addressees, signature and deadlines."""
    templates: Path | None = None
    """A user's templates folder: its `briefing.toml`, `statuses.json`, `briefing-styles.docx`
    and `html-page.{html,css,js}` win over the shipped ones (`make-report` also looks in the
    platform's configuration folder; see `resources.user_templates_dir`)."""

    def status_palette(self) -> "Palette":
        """The palette to use: `palette` when given, else the shipped one with the templates
        folder's `statuses.json` laid over it."""
        from ..palette import templates_palette

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
    for `--check` (see `yiwu_reports.check`); None when the format cannot be checked."""
    folder: bool = False
    """True when the format writes a folder of files (`FolderRenderer`), written as one (all
    files or none); a stream receives them as a zip archive."""
    in_all: bool = True
    """Written by default and by `-f all`. The per-unit folders are written only when asked
    for: a run of the usual documents should not send notices to fifty units."""


# Formats register here as their renderers land; the CLI offers exactly these (plus "all").
REGISTRY: dict[str, FormatEntry] = {
    entry.name: entry for entry in (
        FormatEntry("docx", ".docx", "yiwu_reports.renderers.docx.briefing",
                    "Word briefing (通报) in official-document format",
                    readback="yiwu_reports.renderers.docx.readback"),
        FormatEntry("pdf", ".pdf", "yiwu_reports.renderers.pdf.document",
                    "printable summary with charts and embedded fonts",
                    readback="yiwu_reports.renderers.pdf.readback"),
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


def write_output(report: "Report", summary: "Summary", fmt: str, target: Path,
                 options: RenderOptions) -> Path:
    """Write one format of an assessed report to `target` atomically: the document appears whole
    or not at all, and a failure (any exception, OSError included) leaves no file behind."""
    from ..atomic import write_atomic, write_folder_atomic

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

    from .common import fixed_entry

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(fixed_entry(name), data)
