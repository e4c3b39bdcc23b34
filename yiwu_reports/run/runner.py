"""One whole run: read the inputs, assess, compare with last period, write every format.

Used by `make-report` and `api.generate`. Every format is attempted: one that fails (for any
reason, a full disk or a read-only folder included) is recorded with its file and the others are
still written; the caller reports the failures. In a scheduled run (`per_period`) outputs go to a
folder named after the period (out/2023Q3/), a lock stops two runs writing the same folder at
once, and `manifest.json` (inputs and outputs with checksums, period, version, and the fingerprint
of every setting that shapes the documents) is written last, only when every format was written.
A second run whose fingerprint is unchanged rewrites nothing; `force` rebuilds.
"""

from __future__ import annotations

import datetime as _dt
import glob
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..assessment import WarningRules, assess_report, grade
from ..core.atomic import write_bytes_atomic
from ..core.config import RunConfig, fill, output_stem, placeholders
from ..core.errors import InputError, ReportError, UsageError
from ..core.model import Period, Report
from ..core.palette import templates_palette
from ..core.period import latest_ended_quarter, parse_period_label
from ..core.resources import sample_path, user_templates_dir
from ..readers import OverrideEntry, read_history, read_overrides, read_report
from ..renderers import (
    REGISTRY,
    Preparation,
    RenderOptions,
    default_formats,
    format_entry,
    prepare,
    write_output,
)
from ..summary import build_ledger, comparable, compare, restrict_to_leads, summarise
from ..version import __version__
from .fingerprint import fingerprint, folder_files, output_digest, sha256_file
from .lock import folder_lock

if TYPE_CHECKING:
    from ..core.palette import Palette
    from ..summary import Summary

log = logging.getLogger("yiwu_reports")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FormatFailure:
    """One output that could not be written."""

    format: str
    path: Path
    reason: str
    """One line: what went wrong (the error's own message, or the system's for an OSError)."""

    def __str__(self) -> str:
        return f"{self.format}: {self.path}: {self.reason}"


@dataclass
class RunResult:
    """What a run did."""

    outputs: list[Path] = field(default_factory=list)
    """Every output the run is meant to produce (written now, already up to date, or failed)."""
    written: list[Path] = field(default_factory=list)
    """Outputs written by this run (empty when everything was up to date)."""
    failures: list[FormatFailure] = field(default_factory=list)
    """Outputs that could not be written; the other formats were written all the same."""
    folder: Path | None = None
    manifest: Path | None = None
    period: Period | None = None
    up_to_date: bool = False
    notices: list[str] = field(default_factory=list)
    """Things the user should know that are not errors (e.g. the PDF font is not embedded)."""
    reports: list[tuple[Report, list[Path]]] = field(default_factory=list)
    """Each assessed report and the outputs made from it (for --check)."""
    standings: list[Standing] = field(default_factory=list)
    """How each report's documents go out: draft or final, and what is left unsettled."""
    date: _dt.date | None = None
    """The documents' date (成文日期)."""


@dataclass(frozen=True)
class Standing:
    """How one report's documents go out."""

    source: str
    """The input the report came from."""
    state: str
    """"draft" while judgements wait for a reviewer, else "final"."""
    unsettled: tuple[str, ...]
    """The ids of the tasks whose judgement no reviewer has settled (a final by `--final` may
    have some)."""
    workbook: Path | None = None
    """The run's workbook of the report, where they are listed (复核提示), if it writes one."""
    mark: str = ""
    """The draft mark the documents carry."""


def document_date(config: RunConfig) -> _dt.date:
    """The documents' date: `--date` (or `[report] date`), else `--as-of`, else today."""
    return config.date or config.as_of or _dt.date.today()


def resolve_period(config: RunConfig) -> Period | None:
    """The period the config asks for: a label, "auto" (as of `as_of` or today), or None."""
    if config.period is None:
        return None
    if config.period.strip().lower() == "auto":
        return latest_ended_quarter(config.as_of or _dt.date.today())
    return parse_period_label(config.period)


def _expand(pattern: str, config: RunConfig, period: Period | None, what: str) -> list[Path]:
    if "{" in pattern:
        if period is None:
            raise UsageError(f"{what} {pattern!r} names the period; give --period (or auto)")
        pattern = fill(pattern, placeholders(period))
    path = config.resolve(pattern)
    if any(char in pattern for char in "*?["):
        found = sorted(Path(p) for p in glob.glob(str(path)))
        if not found:
            raise InputError(f"no file matches {what} pattern {pattern}")
        return found
    return [path]


def input_paths(config: RunConfig, period: Period | None) -> list[Path]:
    """The input files of a run (the bundled sample when the config names none, and gives no
    report in memory either)."""
    if not config.inputs:
        return [] if config.reports else [sample_path()]
    paths: list[Path] = []
    for pattern in config.inputs:
        paths.extend(_expand(pattern, config, period, "input"))
    return paths


def formats_of(config: RunConfig) -> list[str]:
    """The formats a run writes, by their registered names (any case accepted), in the order
    given; the usual documents (`default_formats`) when none is given."""
    names: list[str] = []
    for name in config.formats or default_formats():
        entry = format_entry(name)
        if entry.name not in names:
            names.append(entry.name)
    return names


@dataclass
class _Settings:
    """What a run resolved from its config before reading anything."""

    period: Period | None
    formats: list[str]
    inputs: list[Path]
    overrides: list[Path]
    """Every overrides file (reviewed workbooks, units' returned workbooks …), patterns expanded."""
    template: Path | None
    palette: "Palette | None"
    previous_period: Period | None
    templates: Path | None
    """The user's templates folder in use (--templates, else the platform's), or None."""
    prepared: Preparation
    """The formats' settings, settled once (`renderers.prepare`): the options every document
    is rendered with, and the PDF's font for the fingerprint."""


def override_patterns(config: RunConfig) -> tuple[str, ...]:
    """The overrides files of a run as given: one, several, or patterns (returned/*.xlsx)."""
    if config.overrides is None:
        return ()
    return (config.overrides,) if isinstance(config.overrides, str) else tuple(config.overrides)


def _settings(config: RunConfig) -> _Settings:
    period = resolve_period(config)
    formats = formats_of(config)
    inputs = input_paths(config, period)
    overrides = [path for pattern in override_patterns(config)
                 for path in _expand(pattern, config, period, "overrides")]
    template = config.resolve(config.template) if config.template else None
    templates = templates_folder(config)
    palette = templates_palette(templates).with_changes(config.statuses) \
        if config.statuses or templates is not None else None
    extra: dict[str, object] = {}
    if config.briefing_text:
        extra["briefing_text"] = config.resolve(config.briefing_text)
    if config.publication:
        extra["publication"] = dict(config.publication)
    options = RenderOptions(palette=palette, template=template,
                            font=config.resolve(config.font) if config.font else None,
                            extra=extra, office=config.office, templates=templates,
                            font_cache=config.font_cache,
                            date=document_date(config), final=config.final)
    # A bad Word template fails now, and the PDF's font is chosen once, before anything is written.
    prepared = prepare(formats, options)
    previous_period = parse_period_label(config.previous_period) if config.previous_period else None
    return _Settings(period, formats, inputs, overrides, template, palette, previous_period,
                     templates, prepared)


def templates_folder(config: RunConfig) -> Path | None:
    """The user's templates folder of a run: the config's (--templates), which must exist, else
    the one in the platform's configuration folder when there is one."""
    if config.templates is None:
        return user_templates_dir()
    folder = config.resolve(config.templates)
    if not folder.is_dir():
        raise UsageError(f"templates folder not found: {folder}")
    return folder


def _load_previous(config: RunConfig, settings: _Settings, report: Report) -> Report | None:
    if not config.previous:
        return None
    (path,) = _expand(config.previous, config, settings.period or report.period, "previous")[:1]
    if not path.is_file():
        log.warning("previous period's table %s not found: no quarter-over-quarter comparison", path)
        return None
    previous = restrict_to_leads(assess_report(read_report(path, period=settings.previous_period,
                                                     columns=config.columns)),
                                 config.leads, strict=False)
    if not comparable(previous.period, report.period):
        log.warning("%s covers %s, not an earlier part of %s: no comparison with the previous "
                    "period", path.name, previous.period.zh, report.period.zh)
        return None
    log.info("comparing with %s (%s)", path.name, previous.period.label)
    return compare(report, previous)


def _in_memory(report: Report, settings: _Settings, overrides: list[OverrideEntry]) -> Report:
    """A report given in memory, judged for the run's period and overrides."""
    if not isinstance(report, Report):
        raise UsageError(f"reports must be Report objects (from load or assess), not "
                         f"{type(report).__name__}")
    if settings.period is not None and settings.period != report.period:
        report = report.with_tasks(report.tasks, period=settings.period, assessed=False)
    if report.assessed and not settings.overrides:
        return report
    return assess_report(report, overrides)


def _read_all(config: RunConfig, settings: _Settings) -> list[tuple[str, Report]]:
    """(source name, assessed and compared report) for every input, in order."""
    # The run's labels (a templates folder or [statuses] may rename them) are the ones a
    # reviewer chose from in the workbook's 人工调整 list.
    overrides = read_overrides(settings.overrides, settings.palette) if settings.overrides else []
    reports: list[tuple[str, Report]] = []
    for path in settings.inputs:
        log.info("reading %s", path)
        table = read_report(path, period=settings.period, columns=config.columns)
        report = assess_report(table, overrides)
        reports.append((path.name, restrict_to_leads(report, config.leads)))
    for report in config.reports:
        reports.append((report.source_file if isinstance(report, Report) else "",
                        restrict_to_leads(_in_memory(report, settings, overrides), config.leads)))
    compared = []
    for name, report in reports:
        for warning in report.warnings:
            log.warning("%s", warning)
        report = _load_previous(config, settings, report) or report
        # Tiers again with the office's thresholds, now that last period's statuses are known.
        compared.append((name, grade(report, WarningRules(config.office.warning_yellow,
                                                          config.office.warning_red))))
    return compared


def run(config: RunConfig, *, progress: Callable[[int, int, Path], None] | None = None) -> RunResult:
    """Do the whole job a config describes.

    Raises ReportError (one-line message) for bad input or options, before any output is
    written. A format that fails to be written is not raised: it is in `RunResult.failures`,
    and every other format is written all the same."""
    settings = _settings(config)
    reports = _read_all(config, settings)
    run_period = settings.period or reports[0][1].period
    base = config.resolve(config.output_dir)
    folder = base / run_period.label if config.per_period else base
    planned = _plan(config, settings, reports, folder)
    options = settings.prepared.options
    histories, history_files = _histories(config, reports, base)
    result = RunResult(folder=folder, period=run_period, outputs=list(planned), date=options.date)
    summaries = {id(report): summarise(report) for _name, report in reports}
    for name, report in reports:
        result.reports.append((report, [t for t, (_n, r, _f) in planned.items() if r is report]))
        result.standings.append(_standing(name, report, summaries[id(report)], options, planned))
    result.notices.extend(settings.prepared.notices)
    if not config.per_period:
        _render_all(planned, options, result, progress, histories, summaries)
        if result.written:
            _say_standings(result.standings, len(reports) > 1)
        return result

    with folder_lock(folder):
        _remove_stale_parts(folder, list(planned))
        stamp = fingerprint(config, settings.inputs,
                            _setting_files(config, settings, run_period) + history_files,
                            settings.period, settings.formats, settings.prepared.pdf_font,
                            [report for report in config.reports], settings.templates,
                            settings.prepared.pdf_fallbacks, options.date)
        manifest_path = folder / MANIFEST
        if not config.force and _up_to_date(manifest_path, stamp, list(planned)):
            log.info("%s is up to date: nothing rewritten (use --force to rebuild)", folder)
            result.up_to_date = True
            result.manifest = manifest_path
            return result
        _render_all(planned, options, result, progress, histories, summaries)
        if result.written:
            _say_standings(result.standings, len(reports) > 1)
        if result.failures:
            return result  # no manifest: the next run must not take this folder as up to date
        try:
            states = {id(report): standing.state
                      for (_name, report), standing in zip(reports, result.standings)}
            _write_manifest(manifest_path, stamp, run_period, settings.inputs, planned, folder,
                            states, result.standings, options.date)
        except OSError as error:
            result.failures.append(FormatFailure("manifest", manifest_path,
                                                 f"cannot write ({error.strerror or error})"))
            return result
        result.manifest = manifest_path
    return result


def _plan(config: RunConfig, settings: _Settings, reports: list[tuple[str, Report]],
          folder: Path) -> dict[Path, tuple[str, Report, str]]:
    """Each output's path and what goes into it: (source name, report, format)."""
    planned: dict[Path, tuple[str, Report, str]] = {}
    for name, report in reports:
        values = {**placeholders(report.period), "stem": output_stem(name, report.period)}
        for fmt in settings.formats:
            entry = REGISTRY[fmt]
            file_name = fill(config.name_pattern, {**values, "format": fmt, "ext": entry.extension})
            target = inside(folder, file_name)
            if target in planned:
                raise UsageError(f"{name or 'a report'} and {planned[target][0] or 'a report'} "
                                 f"would both write {target}; rename one of them or change the "
                                 f"name pattern")
            planned[target] = (name, report, fmt)
    return planned


def _setting_files(config: RunConfig, settings: _Settings, run_period: Period) -> list[Path]:
    """Files besides the inputs whose content shapes the documents."""
    files = [*settings.overrides, *([settings.template] if settings.template else [])]
    briefing_text = settings.prepared.options.extra.get("briefing_text")
    if isinstance(briefing_text, Path):
        files.append(briefing_text)
    if config.previous:
        files.extend(_expand(config.previous, config, run_period, "previous")[:1])
    return files


def _up_to_date(manifest_path: Path, stamp: dict[str, object], planned: list[Path]) -> bool:
    """True when an existing manifest has this fingerprint and lists exactly the planned
    outputs, each intact."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("fingerprint") != stamp:
            return False
        entries = {manifest_path.parent / entry["path"]: entry.get("sha256")
                   for entry in manifest.get("outputs", [])}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False
    if set(entries) != set(planned):
        return False
    for path, digest in entries.items():
        try:
            if output_digest(path) != digest:
                return False
        except OSError:
            return False
    return True


def _write_manifest(path: Path, stamp: dict[str, object], period: Period, inputs: list[Path],
                    planned: dict[Path, tuple[str, Report, str]], folder: Path,
                    states: dict[int, str], standings: list[Standing],
                    date: _dt.date | None) -> None:
    """The manifest, `states` giving each report's state (draft or final) by its id."""
    manifest = {"generated_by": f"yiwu-reports {__version__}", "period": period.as_dict(),
                # draft while any document is one (judgements wait for a reviewer), else final
                "state": "draft" if "draft" in states.values() else "final",
                "date": date.isoformat() if date else None,
                "unsettled": [task for standing in standings for task in standing.unsettled],
                "fingerprint": stamp,
                "inputs": [{"path": str(p), "sha256": sha256_file(p), "bytes": p.stat().st_size}
                           for p in inputs],
                "outputs": [{**_output_entry(p, folder, planned[p][2]),
                             "state": states.get(id(planned[p][1]), "final")} for p in planned]}
    write_bytes_atomic(path, (json.dumps(manifest, ensure_ascii=False, indent=2)
                              + "\n").encode("utf-8"))


def _standing(name: str, report: Report, summary: "Summary", options: RenderOptions,
              planned: dict[Path, tuple[str, Report, str]]) -> Standing:
    issue = options.issue(report, summary)
    workbook = next((target for target, (_n, r, fmt) in planned.items()
                     if r is report and fmt == "xlsx"), None)
    return Standing(name or report.source_file, issue.state,
                    tuple(task.id for task in issue.unsettled), workbook, issue.mark)


def _ids(ids: tuple[str, ...], shown: int = 12) -> str:
    return ", ".join(ids[:shown]) + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _say_standings(standings: list[Standing], named: bool) -> None:
    """One line on the log for each report whose documents are drafts (how many judgements
    wait, and where they are listed) or finals by the office's decision (what was left)."""
    for standing in standings:
        where = f"{standing.source}: " if named else ""
        count = len(standing.unsettled)
        if standing.state == "draft":
            listed = (f"the 复核提示 column of {standing.workbook} (sheet 全部任务)"
                      if standing.workbook else "the 复核提示 column of the workbook (-f xlsx)")
            log.warning("%sdraft (%s in every document): %d judgement(s) wait for a reviewer "
                        "(tasks %s); they are listed in %s: settle each in its 人工调整 cell "
                        "(a status, or 确认 to keep the automatic one) and run again with that "
                        "workbook as --overrides (--final writes finals as they stand)",
                        where, standing.mark, count, _ids(standing.unsettled), listed)
        elif count:
            log.warning("%sfinal by the office's decision (--final) with %d judgement(s) not "
                        "settled: tasks %s", where, count, _ids(standing.unsettled))
        else:
            log.info("%sfinal: every judgement is settled", where)


def _output_entry(path: Path, folder: Path, fmt: str) -> dict[str, object]:
    """The manifest's entry of an output: a file, or a folder with its files listed."""
    entry: dict[str, object] = {"path": path.relative_to(folder).as_posix(), "format": fmt,
                                "sha256": output_digest(path)}
    if path.is_dir():
        files = folder_files(path)
        entry["bytes"] = sum(int(str(item["bytes"])) for item in files)
        entry["files"] = files
    else:
        entry["bytes"] = path.stat().st_size
    return entry


def _remove_stale_parts(folder: Path, targets: list[Path]) -> None:
    """Remove temporary files and folders a killed run left behind (safe: we hold the folder's
    lock): a document or folder being written (.part), a previous folder being replaced (.old)."""
    for target in targets:
        for pattern in (f".{glob.escape(target.name)}.*.part", f".{glob.escape(target.name)}.*.old"):
            for stale in folder.glob(pattern):
                try:
                    if stale.is_dir() and not stale.is_symlink():
                        shutil.rmtree(stale)
                    else:
                        stale.unlink()
                except OSError:
                    pass  # left for the next run; this one writes under new names anyway


def describe_failure(error: BaseException) -> str:
    """One line saying why an output could not be written."""
    if isinstance(error, ReportError):
        return str(error)
    if isinstance(error, OSError):
        reason = error.strerror or type(error).__name__
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        return " ".join(f"cannot write: {reason}{where}".split())
    text = " ".join(str(error).split())[:300]
    return f"internal error: {type(error).__name__}{': ' + text if text else ''}"


def history_folder(config: RunConfig, base: Path) -> Path | None:
    """Where the earlier periods' JSON are: --history, else, in a scheduled run, the output
    folder (each period's outputs are kept there, out/2023Q1/ …); None for no 台账."""
    if config.history is False:
        return None
    if isinstance(config.history, (str, Path)):
        return config.resolve(config.history)
    return base if config.per_period else None


def _histories(config: RunConfig, reports: list[tuple[str, Report]],
               base: Path) -> tuple[dict[int, tuple[Report, ...]], list[Path]]:
    """Each report's earlier periods of the year (by id of the report), and the files read."""
    folder = history_folder(config, base)
    if folder is None:
        return {}, []
    if config.history is None and not folder.is_dir():  # a first scheduled run: nothing yet
        return {id(report): () for _name, report in reports}, []
    histories: dict[int, tuple[Report, ...]] = {}
    files: list[Path] = []
    for name, report in reports:
        past = read_history(folder, report.period, name or report.source_file)
        histories[id(report)] = tuple(restrict_to_leads(item.report, config.leads, strict=False)
                                      for item in past)
        files.extend(item.path for item in past)
        log.info("台账: %s earlier period(s) of %s from %s", len(past), report.period.year, folder)
    return histories, files


def _render_all(planned: dict[Path, tuple[str, Report, str]], options: RenderOptions,
                result: RunResult, progress: Callable[[int, int, Path], None] | None,
                histories: dict[int, tuple[Report, ...]] | None = None,
                summaries: dict[int, "Summary"] | None = None) -> None:
    """Render every planned output; a failing format leaves no file and does not stop the rest.
    `histories` gives a report's earlier periods (the 台账) by the report's id, `summaries` its
    summary when already made."""
    from dataclasses import replace

    summaries = dict(summaries or {})
    for number, (target, (_name, report, fmt)) in enumerate(planned.items(), start=1):
        summary = summaries.get(id(report))
        if summary is None:
            summary = summaries[id(report)] = summarise(report)
        settings = options
        if histories and id(report) in histories:
            history = histories[id(report)]
            settings = replace(options, history=history, ledger=build_ledger(report, history))
        try:
            write_output(report, summary, fmt, target, settings)
        except Exception as error:  # any failure of one format: reported, the others go on
            failure = FormatFailure(fmt, target, describe_failure(error))
            log.debug("%s", failure, exc_info=True)
            result.failures.append(failure)
            continue
        result.written.append(target)
        if progress:
            progress(number, len(planned), target)


def inside(folder: Path, name: str) -> Path:
    """`folder/name`, refusing names that would leave the folder (data-derived names)."""
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts or not candidate.parts:
        raise UsageError(f"output name {name!r} would leave the output folder")
    return folder / candidate
