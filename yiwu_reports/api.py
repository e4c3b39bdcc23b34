"""The Python API: load a table, assess it, render documents. The CLI is a thin layer over this.

Every function runs in the caller's process and thread: nothing here forks, starts a process,
changes the garbage collector, logging handlers, warning filters or a library's module state, or
ends the process. Every error is a `ReportError` subclass with a one-line message.
"""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Mapping, Union

from .assessment import assess_report
from .core.config import (
    DEFAULT_NAME,
    RunConfig,
    column_roles,
    fill,
    load_config,
    output_stem,
    placeholders,
)
from .core.dates import parse_date
from .core.errors import FormatsFailed, RenderError, UsageError
from .core.model import Period, Report
from .core.office import OfficeSettings
from .core.palette import default_palette
from .core.period import parse_period_label
from .readers import OverridesSource, Source, read_overrides, read_report
from .renderers import (
    RenderOptions,
    format_entry,
    get_folder_renderer,
    get_renderer,
    write_output,
    write_zip,
)
from .run import check_outputs as _check_outputs
from .run import run
from .summary import build_ledger, restrict_to_leads, summarise

if TYPE_CHECKING:
    from .core.config import RunConfig

PathOrStream = Union[str, "os.PathLike[str]", BinaryIO]


def _as_period(period: Period | str | None) -> Period | None:
    if period is None or isinstance(period, Period):
        return period
    if not isinstance(period, str):
        raise UsageError(f"period must be a Period or a label such as '2023Q3', not {period!r}")
    return parse_period_label(period)


def _as_report(report: object, what: str) -> Report:
    if not isinstance(report, Report):
        raise UsageError(f"{what} needs a Report (from load or assess), not "
                         f"{type(report).__name__}")
    return report


def load(source: Source, *, period: Period | str | None = None, name: str | None = None,
         columns: Mapping[str, str] | None = None) -> Report:
    """Read a progress table (.txt, .csv, .xlsx, .xls, .docx, .html or our own .json) from a
    path or binary stream.

    `period` (a `Period` or a label such as "2023Q3") replaces the one found in the table.
    `columns` names what some columns hold ({"建设规模": "target"}; roles as in
    `COLUMN_ROLES`), winning over what the reader makes of their headers and cells.
    """
    if not isinstance(source, (str, os.PathLike)) and not hasattr(source, "read"):
        raise UsageError(f"load needs a path or a binary stream, not {type(source).__name__}")
    return read_report(source, period=_as_period(period), name=name,
                       columns=column_roles(columns or {}, "load: columns"))


def assess(report: Report, overrides: "OverridesSource | None" = None) -> Report:
    """The report with every task's targets, figures and status judged.

    `overrides` (a CSV/JSON/YAML file, a reviewed workbook, a stream, a mapping of task id to
    status, a list of {"id", "status", "reason"} records, or `OverrideEntry` objects) replaces
    automatic judgements; the automatic ones are kept beside them. An override naming a task
    that is not in the report is an error.
    """
    report = _as_report(report, "assess")
    return assess_report(report, read_overrides(overrides) if overrides is not None else ())


def restrict(report: Report, leads: "str | list[str] | tuple[str, ...]") -> Report:
    """`report` with only the tasks of the lead units `leads` (a name or several) lead, alone or
    jointly, in input order; its counts by unit are theirs and the briefing is addressed to them
    (what `make-report --lead` does). A unit that leads no task is a `UsageError`."""
    names = (leads,) if isinstance(leads, str) else tuple(leads)
    return restrict_to_leads(_as_report(report, "restrict"), names)


def _as_options(options: "RenderOptions | Mapping[str, Any] | None") -> RenderOptions:
    if options is None:
        return RenderOptions()
    if isinstance(options, RenderOptions):
        return options
    if not isinstance(options, Mapping):
        raise UsageError(f"options must be RenderOptions or a mapping of its fields, not "
                         f"{type(options).__name__}")
    known = {f.name for f in dataclasses.fields(RenderOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise UsageError(f"unknown render option(s) {', '.join(map(str, unknown))}; the options "
                         f"are {', '.join(sorted(known))}")
    fields = dict(options)
    for key in ("template", "font", "templates", "font_cache"):
        if isinstance(fields.get(key), str):
            fields[key] = Path(fields[key])
    if isinstance(fields.get("office"), Mapping):
        fields["office"] = OfficeSettings.from_mapping(fields["office"], "render options: office")
    if fields.get("date") is not None:
        fields["date"] = parse_date(fields["date"], "render options: date")
    if fields.get("palette") is not None and isinstance(fields["palette"], Mapping):
        fields["palette"] = default_palette().with_changes(fields["palette"])
    fields["extra"] = dict(fields.get("extra") or {})
    if fields.get("history") is not None:  # earlier periods' reports (a list is fine)
        fields["history"] = tuple(_as_report(past, "history") for past in fields["history"])
    return RenderOptions(**fields)


def output_name(report: Report, fmt: str) -> str:
    """The usual file name of a format of `report`: the input's name and the period, e.g.
    yiwu-2023-q3-progress-2023Q3.docx (what make-report writes)."""
    entry = format_entry(fmt)
    return fill(DEFAULT_NAME, {**placeholders(report.period),
                               "stem": output_stem(report.source_file, report.period),
                               "format": entry.name, "ext": entry.extension})


def render(report: Report, fmt: str, out: PathOrStream, *,
           options: "RenderOptions | Mapping[str, Any] | None" = None) -> Path | None:
    """Write `report` in format `fmt` (json, docx, pdf, xlsx, html, notices, unit-xlsx; any case)
    to a path, a folder or a binary stream.

    A path is written atomically: the document appears whole or not at all. A folder (one that
    exists, or a path ending in a separator) receives the usual file name (`output_name`). The
    per-unit formats (notices, unit-xlsx) write a folder of files at the path, all or none, or a
    zip archive of them to a stream. A report not yet assessed is assessed
    first. `options` is a `RenderOptions` or a mapping of its fields. Returns the path written,
    or None for a stream. A failure to write (a full disk, a read-only folder) is a
    `RenderError` naming the file.
    """
    report = _as_report(report, "render")
    entry = format_entry(fmt)
    settings = _as_options(options)
    if not report.assessed:
        report = assess(report)
    summary = summarise(report)
    if settings.history is not None and settings.ledger is None:
        settings = dataclasses.replace(settings, ledger=build_ledger(report, settings.history))
    if isinstance(out, (str, os.PathLike)):
        target = Path(out)
        if target.is_dir() or str(out).endswith(("/", os.sep)):
            target = target / output_name(report, entry.name)
        try:
            return write_output(report, summary, entry.name, target, settings)
        except OSError as error:
            raise RenderError(f"cannot write {target}: {error.strerror or error}") from None
    if not hasattr(out, "write"):
        raise UsageError(f"cannot write to {out!r}: give a path, a folder or a binary stream")
    if isinstance(out, io.TextIOBase):
        raise UsageError("render needs a binary stream (open the file with 'wb')")
    try:
        if entry.folder:  # a folder of files (notices, unit-xlsx): as a zip archive
            write_zip(get_folder_renderer(entry.name).files(report, summary, settings), out)
        else:
            get_renderer(entry.name).render(report, summary, out, settings)
    except OSError as error:
        raise RenderError(f"cannot write the {entry.name} to the stream: "
                          f"{error.strerror or error}") from None
    return None


def generate(config: "RunConfig | Report | str | os.PathLike[str] | Mapping[str, object]",
             **changes: Any) -> list[Path]:
    """Do the whole job a run configuration describes and return the files it produced.

    `config` is a `RunConfig`, the path of a TOML file (see samples/make-report.toml), a
    mapping of RunConfig fields (e.g. {"inputs": ["table.xlsx"], "formats": ["docx"],
    "output_dir": "out"}), or a `Report` in memory (written in every format unless `formats` is
    given). Keyword arguments are RunConfig fields that replace the config's. Outputs already
    up to date (scheduled runs) are returned too. Every format is attempted; if any could not be
    written, a `RenderError` lists them (its `failures`) after the others are written.
    """
    result = run(_as_config(config, changes))
    if result.failures:
        raise FormatsFailed(result.failures)
    return result.outputs


def _as_config(config: object, changes: Mapping[str, Any]) -> "RunConfig":
    if isinstance(config, Report):
        config = RunConfig(reports=(config,))
    elif isinstance(config, (str, os.PathLike)):
        if Path(config).suffix.lower() != ".toml":
            raise UsageError(f"generate takes a run configuration (.toml), not {config}; for "
                             f"a table give {{'inputs': [{str(config)!r}]}} or inputs=[...]")
        config = load_config(Path(config))
    elif isinstance(config, Mapping):
        config = _config_from_mapping(config)
    elif not isinstance(config, RunConfig):
        raise UsageError(f"generate needs a RunConfig, a Report, a TOML path or a mapping, not "
                         f"{type(config).__name__}")
    if changes:
        config = dataclasses.replace(config, **_config_fields(changes))
    return config


def _config_from_mapping(values: Mapping[Any, Any]) -> "RunConfig":
    return RunConfig(**_config_fields(values))


def _config_fields(values: Mapping[Any, Any]) -> dict[str, Any]:
    """RunConfig fields from a mapping as a person writes one: lists for tuples, strings for
    paths, a single string for a one-item list."""
    known = {f.name for f in dataclasses.fields(RunConfig)}
    unknown = sorted(str(key) for key in values if key not in known)
    if unknown:
        raise UsageError(f"bad run configuration: unknown field(s) {', '.join(unknown)}; the "
                         f"fields are {', '.join(sorted(known))}")
    fields = dict(values)
    for key in ("inputs", "formats", "reports", "leads"):
        value = fields.get(key)
        if isinstance(value, (str, Report, os.PathLike)):
            value = (value,)
        if value is not None:
            fields[key] = tuple(str(v) if isinstance(v, os.PathLike) else v for v in value)
    for key in ("overrides", "previous"):
        if isinstance(fields.get(key), os.PathLike):
            fields[key] = str(fields[key])
    if isinstance(fields.get("overrides"), (list, tuple)):  # several files
        fields["overrides"] = tuple(str(item) for item in fields["overrides"])
    if isinstance(fields.get("history"), (str, os.PathLike)):
        fields["history"] = Path(fields["history"])
    for key in ("output_dir", "template", "font", "briefing_text", "templates", "base_dir",
                "font_cache"):
        if fields.get(key) is not None:
            fields[key] = Path(fields[key])
    if isinstance(fields.get("office"), Mapping):
        fields["office"] = OfficeSettings.from_mapping(fields["office"], "run configuration: office")
    for key in ("date", "as_of"):
        if fields.get(key) is not None:
            fields[key] = parse_date(fields[key], f"run configuration: {key}")
    return fields


def check_outputs(report: Report, outputs: "list[Path] | list[str]") -> list[str]:
    """Read each output back and check that every task of `report` is there, in order, with its
    id, title, lead unit and text in one row or paragraph. Returns the problems found, one line
    each; an empty list means every task is in every output."""
    return _check_outputs(_as_report(report, "check_outputs"), [Path(p) for p in outputs])
