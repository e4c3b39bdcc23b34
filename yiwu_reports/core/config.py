"""The run configuration: what to read, what to write and where, from a TOML file and options.

A config file (see samples/make-report.toml) describes a quarterly run once; the scheduler calls
`make-report --config FILE --period auto` each quarter. Command-line options win over the file.
Relative paths in the file are relative to the file's folder, so the file can live beside the data.
Input and output names may use placeholders: {year}, {quarter} (1-4), {period} (2023Q3),
{prev_year}, {prev_quarter}, {prev_period}; output names also {stem} (input name without
extension), {format} and {ext} (.docx).
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from .dates import parse_date
from .errors import UsageError
from .model import Period, Report
from .office import OfficeSettings, setting_names

DEFAULT_NAME = "{stem}-{period}{ext}"
COLUMN_ROLES = ("id", "title", "lead", "progress", "target", "actual", "completion", "share",
                "place", "group", "verdict", "unit", "growth", "plan", "leader", "local_target",
                "remarks", "other")
"""What an office may say a column holds ([columns] 建设规模 = "target", --column 建设规模=target):
the task's number, its text, lead unit and progress; a target, result, completion-rate or
share-of-target column; a place or group the rows belong to; the office's own verdict; a unit of
measure; the change on the year; a schedule; a leader; this place's own target; remarks; or
other (kept with the task, never read)."""

# [report] keys that fill the web page's 信息公开 block (发布机构, 发布日期, 索引号).
PUBLICATION_KEYS = ("publisher", "publish_date", "index_number")


@dataclass(frozen=True)
class RunConfig:
    """Everything one run needs, whether it came from a file, the command line or Python."""

    inputs: tuple[str, ...] = ()
    """Input paths or patterns ({year}, {quarter} …); empty (and no `reports`) means the bundled
    sample."""
    reports: tuple[Report, ...] = ()
    """Reports already in memory (from `load` or `assess`), written after the inputs' ones;
    each output is named after the report's source file."""
    formats: tuple[str, ...] = ()
    """Formats to write; empty means every registered format."""
    output_dir: Path = Path(".")
    """Where outputs go; in a scheduled run (`per_period`) a folder per period is made in it."""
    name_pattern: str = DEFAULT_NAME
    period: str | None = None
    """A period label (2023Q3), "auto" (the latest quarter ended by `as_of`), or None (from the table)."""
    as_of: _dt.date | None = None
    """The day the run is made as of: the latest quarter ended by it for `period = "auto"`, and
    the documents' date when `date` is not given (default: today)."""
    date: _dt.date | None = None
    """The documents' date (成文日期, `--date`, `[report] date`): the day a final is signed, the
    day its deadlines are counted from, and its properties' date; else `as_of`, else today."""
    final: bool = False
    """Write finals even while judgements wait for a reviewer (`--final`: the office's decision);
    otherwise a run with unsettled `review` judgements writes drafts."""
    overrides: str | tuple[str, ...] | None = None
    """Reviewers' corrections: a file, several (units' returned workbooks), or patterns
    (returned/*.xlsx); a task corrected differently in two of them is an error naming both."""
    previous: str | None = None
    """The previous period's table or JSON (path or pattern), for 与上季度相比."""
    previous_period: str | None = None
    """The previous table's period (2023Q2), for a previous table that does not state it."""
    template: Path | None = None
    font: Path | None = None
    briefing_text: Path | None = None
    """A TOML file replacing parts of templates/briefing.toml (the briefing's sentences)."""
    templates: Path | None = None
    """A user's templates folder (briefing.toml, statuses.json, briefing-styles.docx win over
    the shipped ones); None means the one in the platform's configuration folder, if any."""
    office: OfficeSettings = field(default_factory=OfficeSettings)
    """The office sending the documents: organisation, recipients, signature, deadlines."""
    statuses: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Label and colour changes per status, e.g. {"lagging": {"label": "进度滞后"}}."""
    publication: Mapping[str, str] = field(default_factory=dict)
    """The web page's 信息公开 fields, those given: publisher (发布机构), publish_date (发布日期,
    2023-10-20) and index_number (索引号)."""
    history: Path | bool | None = None
    """Earlier periods' JSON for the 台账 (`--history DIR`): a folder; None for the default (the
    output folder in a scheduled run, none otherwise); False for none."""
    leads: tuple[str, ...] = ()
    """Lead units to restrict every output to (`--lead`, `[report] leads`); () for all tasks."""
    columns: Mapping[str, str] = field(default_factory=dict)
    """What some columns hold, by header (`[columns]`, `--column 建设规模=target`): wins over
    what the reader makes of the header and the cells (see `COLUMN_ROLES`)."""
    per_period: bool = False
    """Write into output_dir/<period label>/ with a lock and a manifest (scheduled runs)."""
    force: bool = False
    """Rebuild even when inputs and options are unchanged."""
    base_dir: Path = Path(".")
    """Folder that relative paths in the config are relative to."""
    font_cache: Path | None = None
    """A folder keeping reportlab's parse of the PDF's fonts between runs
    (`RenderOptions.font_cache`); None: none. make-report sets the user's cache folder
    (`resources.user_font_cache_dir`); from Python nothing is written there unless set."""

    def resolve(self, path: str | Path) -> Path:
        candidate = Path(path).expanduser()
        if not candidate.is_absolute():
            candidate = self.base_dir / candidate
        return Path(os.path.normpath(candidate))  # samples/../out → out, as people write it

    def merged(self, **options: Any) -> RunConfig:
        """This config with command-line options (those not None/empty) taking precedence."""
        changes = {key: value for key, value in options.items()
                   if value is not None and value != () and value is not False}
        return replace(self, **changes)


def placeholders(period: Period) -> dict[str, str]:
    """Values for the name placeholders of a period."""
    quarter = max(1, (period.last_month + 2) // 3)
    previous_year, previous_quarter = (period.year, quarter - 1) if quarter > 1 else (period.year - 1, 4)
    return {"year": str(period.year), "quarter": str(quarter), "period": period.label,
            "prev_year": str(previous_year), "prev_quarter": str(previous_quarter),
            "prev_period": f"{previous_year}Q{previous_quarter}"}


def output_stem(source_name: str, period: Period) -> str:
    """The {stem} of output names: the input's name without extension (report when there is
    none), and without a trailing period label, so that it is not doubled
    (table-2023Q3.xlsx → table, then table-2023Q3.docx)."""
    stem = Path(source_name).stem or "report"
    suffix = f"-{period.label}"
    return stem[: -len(suffix)] if stem.endswith(suffix) and len(stem) > len(suffix) else stem


def fill(pattern: str, values: Mapping[str, str]) -> str:
    """A name pattern with its placeholders filled; an unknown placeholder is a usage error."""
    try:
        return pattern.format_map(dict(values))
    except (KeyError, IndexError, ValueError) as error:
        raise UsageError(f"cannot fill name pattern {pattern!r}: unknown placeholder {error}; "
                         f"use {', '.join('{' + k + '}' for k in values)}") from None


def _list(value: Any, key: str, file: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise UsageError(f"{file}: {key} must be a string or a list of strings")


def column_roles(values: Mapping[Any, Any], where: str) -> dict[str, str]:
    """Header → role pairs checked against `COLUMN_ROLES` (a UsageError naming `where`)."""
    roles = {}
    for header, role in values.items():
        if not isinstance(header, str) or not header.strip() or not isinstance(role, str) \
                or role.strip().lower() not in COLUMN_ROLES:
            raise UsageError(f"{where}: {header!s} = {role!r}: a column's role must be one of "
                             f"{', '.join(COLUMN_ROLES)}")
        roles[header.strip()] = role.strip().lower()
    return roles


def load_config(path: Path) -> RunConfig:
    """Read a TOML config file. Unknown keys are errors, so a typo is not silently ignored."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"config file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: not valid TOML ({error})") from None
    file = str(path)
    allowed = {"input": {"paths", "previous", "previous_period", "overrides", "history"},
               "output": {"folder", "formats", "name", "per_period"},
               "report": {"period", "date", "template", "font", "briefing_text", "templates",
                          "leads", *PUBLICATION_KEYS, *setting_names()},
               "statuses": None, "columns": None}
    for section, value in data.items():
        if section not in allowed:
            raise UsageError(f"{file}: unknown section [{section}]; sections are "
                             f"{', '.join(allowed)}")
        keys = allowed[section]
        if keys is not None and isinstance(value, dict):
            unknown = set(value) - keys
            if unknown:
                raise UsageError(f"{file}: unknown key(s) {', '.join(sorted(unknown))} in "
                                 f"[{section}]; allowed: {', '.join(sorted(keys))}")
    inputs = data.get("input", {})
    output = data.get("output", {})
    report = data.get("report", {})
    base = path.resolve().parent
    return RunConfig(
        inputs=_list(inputs.get("paths"), "input.paths", file),
        previous=inputs.get("previous"), previous_period=inputs.get("previous_period"),
        overrides=_list(inputs.get("overrides"), "input.overrides", file) or None,
        history=_history(inputs.get("history"), file),
        formats=_list(output.get("formats"), "output.formats", file),
        output_dir=Path(output.get("folder", ".")), name_pattern=output.get("name", DEFAULT_NAME),
        per_period=bool(output.get("per_period", True)),
        period=report.get("period"),
        date=parse_date(report["date"], f"{file}: report.date") if "date" in report else None,
        template=Path(report["template"]) if report.get("template") else None,
        font=Path(report["font"]) if report.get("font") else None,
        briefing_text=Path(report["briefing_text"]) if report.get("briefing_text") else None,
        templates=Path(report["templates"]) if report.get("templates") else None,
        office=OfficeSettings.from_mapping({key: value for key, value in report.items()
                                            if key in setting_names()}, f"{file} [report]"),
        leads=_list(report.get("leads"), "report.leads", file),
        statuses=data.get("statuses", {}), publication=_publication(report, file),
        columns=column_roles(data.get("columns") or {}, f"{file} [columns]"),
        base_dir=base)


def _history(value: Any, file: str) -> Path | bool | None:
    """[input] history: a folder, or false for no 台账 (true: the default)."""
    if value is None or value is True:
        return None
    if value is False:
        return False
    if isinstance(value, str) and value.strip():
        return Path(value)
    raise UsageError(f"{file}: input.history must be a folder or false")


def _publication(report: Mapping[str, Any], file: str) -> dict[str, str]:
    """The 信息公开 fields given in [report], as text (a TOML date as 2023-10-20)."""
    fields = {}
    for key in PUBLICATION_KEYS:
        value = report.get(key)
        if value is None:
            continue
        if isinstance(value, _dt.date):
            value = value.isoformat()[:10]
        if not isinstance(value, str):
            raise UsageError(f"{file}: report.{key} must be text")
        fields[key] = value
    return fields
