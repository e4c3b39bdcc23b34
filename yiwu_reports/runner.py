"""One whole run: read the inputs, assess, compare with last period, write every format.

Used by `make-report` and `api.generate`. In a scheduled run (`per_period`) outputs go to a folder
named after the period (out/2023Q3/), a lock file stops two runs writing the same folder at once,
and `manifest.json` (inputs and outputs with checksums, period, version) is written last. A second
run whose inputs and options are unchanged rewrites nothing; `force` rebuilds.
"""

from __future__ import annotations

import datetime as _dt
import glob
import hashlib
import json
import logging
import os
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from . import __version__
from .atomic import write_bytes_atomic
from .config import RunConfig, fill, placeholders
from .errors import InputError, LockHeldError, ReportError, UsageError
from .model import Period, Report
from .palette import default_palette
from .period import latest_ended_quarter, parse_period_label
from .renderers import REGISTRY, RenderOptions, format_names

if TYPE_CHECKING:
    from .palette import Palette
    from .parallel import RenderHelper

log = logging.getLogger("yiwu_reports")
MANIFEST = "manifest.json"
LOCK = ".make-report.lock"


@dataclass
class RunResult:
    """What a run did."""

    outputs: list[Path] = field(default_factory=list)
    """Every output of the run, written now or already up to date."""
    written: list[Path] = field(default_factory=list)
    """Outputs written by this run (empty when everything was up to date)."""
    folder: Path | None = None
    manifest: Path | None = None
    period: Period | None = None
    up_to_date: bool = False
    reports: list[tuple[Report, list[Path]]] = field(default_factory=list)
    """Each assessed report and the outputs made from it (for --check)."""


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
    """The input files of a run (the bundled sample when the config names none)."""
    from .resources import sample_path

    if not config.inputs:
        return [sample_path()]
    paths: list[Path] = []
    for pattern in config.inputs:
        paths.extend(_expand(pattern, config, period, "input"))
    return paths


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()



@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock for the duration; LockHeldError if another run holds it.

    The lock is an OS file lock (flock), so it is released when the holding process ends, even
    if it is killed: a crashed run never leaves the folder locked."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK
    handle = open(path, "a+b")
    try:
        try:
            _lock_file(handle)
        except OSError:
            raise LockHeldError(f"another make-report run is writing {folder} (lock {path}); "
                                f"try again when it has finished") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        yield
    finally:
        handle.close()


def _lock_file(handle: object) -> None:
    try:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]


def _fingerprint(config: RunConfig, inputs: list[Path], extra_files: list[Path],
                 period: Period | None, formats: list[str]) -> dict[str, object]:
    """What the outputs depend on: if this is unchanged, so are they."""
    return {
        "version": __version__,
        "period": period.label if period else None,
        "formats": formats,
        "name_pattern": config.name_pattern,
        "statuses": {k: dict(v) for k, v in sorted(config.statuses.items())},
        "inputs": [{"path": str(p), "sha256": _sha256(p)} for p in inputs],
        "files": [{"path": str(p), "sha256": _sha256(p)} for p in extra_files if p.is_file()],
    }


def _up_to_date(manifest_path: Path, fingerprint: dict[str, object]) -> list[Path] | None:
    """The outputs listed by an existing manifest when it matches and they are intact."""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("fingerprint") != fingerprint:
        return None
    outputs = []
    for entry in manifest.get("outputs", []):
        path = manifest_path.parent / entry["path"]
        if not path.is_file() or _sha256(path) != entry.get("sha256"):
            return None
        outputs.append(path)
    return outputs


def _load_previous(config: RunConfig, period: Period | None, report: Report) -> Report | None:
    from . import api
    from .compare import compare

    if not config.previous:
        return None
    values_period = period or report.period
    (path,) = _expand(config.previous, config, values_period, "previous")[:1]
    if not path.is_file():
        log.warning("previous period's table %s not found: no quarter-over-quarter comparison", path)
        return None
    previous = api.assess(api.load(path))
    log.info("comparing with %s (%s)", path.name, previous.period.label)
    return compare(report, previous)


def run(config: RunConfig, *, progress: Callable[[int, int, Path], None] | None = None) -> RunResult:
    """Do the whole job a config describes. Raises ReportError (one-line message) on bad input."""
    period = resolve_period(config)
    formats = list(config.formats) or format_names()
    unknown = [f for f in formats if f not in REGISTRY]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; the formats are: {', '.join(REGISTRY)}")
    inputs = input_paths(config, period)
    overrides = _expand(config.overrides, config, period, "overrides")[0] if config.overrides else None
    template = config.resolve(config.template) if config.template else None
    font = config.resolve(config.font) if config.font else None
    palette = default_palette().with_changes(config.statuses) if config.statuses else None
    base = config.resolve(config.output_dir)
    _check_resources(formats, template, font)
    extra: dict[str, object] = {}
    if config.briefing_text:
        extra["briefing_text"] = config.resolve(config.briefing_text)
    helpers = _start_helpers(formats, font, extra)
    try:
        return _run(config, period, formats, inputs, overrides, template, font, palette, base,
                    extra, helpers, progress)
    finally:
        for helper in helpers:
            helper.finish()  # stops it if it got no jobs (an error came first)


def _start_helpers(formats: list[str], font: Path | None,
                   extra: dict[str, object]) -> "list[RenderHelper]":
    """Helper processes for the slow formats, keeping at least one format for this process."""
    from .parallel import HELPER_FORMATS, RenderHelper, parallel_allowed

    if not parallel_allowed():
        return []
    wanted = [f for f in HELPER_FORMATS if f in formats]
    wanted = wanted[: len(formats) - 1]  # this process renders at least one format
    return [RenderHelper(fmt, font, extra) for fmt in wanted]


def _run(config: RunConfig, period: Period | None, formats: list[str], inputs: list[Path],
         overrides: Path | None, template: Path | None, font: Path | None,
         palette: "Palette | None", base: Path, extra: dict[str, object],
         helpers: "list[RenderHelper]",
         progress: Callable[[int, int, Path], None] | None) -> RunResult:
    from . import api

    reports: list[tuple[Path, Report]] = []
    for path in inputs:
        log.info("reading %s", path)
        report = api.assess(api.load(path, period=period), overrides=overrides)
        for warning in report.warnings:
            log.warning("%s", warning)
        compared = _load_previous(config, period, report)
        reports.append((path, compared or report))
    run_period = period or reports[0][1].period
    folder = base / run_period.label if config.per_period else base

    planned: dict[Path, tuple[Path, Report, str]] = {}
    for path, report in reports:
        values = {**placeholders(report.period), "stem": _stem(path.name, report.period)}
        for name in formats:
            entry = REGISTRY[name]
            file_name = fill(config.name_pattern, {**values, "format": name, "ext": entry.extension})
            target = _inside(folder, file_name)
            if target in planned:
                raise UsageError(f"{path.name} and {planned[target][0].name} would both write "
                                 f"{target}; rename one of them or change the name pattern")
            planned[target] = (path, report, name)

    options = RenderOptions(palette=palette, template=template, font=font, extra=extra)
    result = RunResult(folder=folder, period=run_period, outputs=list(planned))
    for _path, report in reports:
        result.reports.append((report, [t for t, (_s, r, _f) in planned.items() if r is report]))
    extra_files = [p for p in (overrides, template, font) if p is not None]
    if config.previous:
        extra_files.extend(_expand(config.previous, config, run_period, "previous")[:1])
    if not config.per_period:
        _render_all(planned, options, result, progress, helpers)
        return result
    with folder_lock(folder):
        _remove_stale_parts(folder, list(planned))
        fingerprint = _fingerprint(config, inputs, extra_files, period, formats)
        manifest_path = folder / MANIFEST
        if not config.force and _up_to_date(manifest_path, fingerprint) is not None:
            log.info("%s is up to date: nothing rewritten (use --force to rebuild)", folder)
            result.up_to_date = True
            result.manifest = manifest_path
            return result
        _render_all(planned, options, result, progress, helpers)
        manifest = {"generated_by": f"yiwu-reports {__version__}", "period": run_period.as_dict(),
                    "fingerprint": fingerprint,
                    "inputs": [{"path": str(p), "sha256": _sha256(p), "bytes": p.stat().st_size}
                               for p in inputs],
                    "outputs": [{"path": p.relative_to(folder).as_posix(), "format": planned[p][2],
                                 "sha256": _sha256(p), "bytes": p.stat().st_size}
                                for p in planned]}
        write_bytes_atomic(manifest_path, (json.dumps(manifest, ensure_ascii=False, indent=2)
                                           + "\n").encode("utf-8"))
        result.manifest = manifest_path
    return result


def _remove_stale_parts(folder: Path, targets: list[Path]) -> None:
    """Remove temporary files a killed run left behind (safe: we hold the folder's lock)."""
    for target in targets:
        for stale in folder.glob(f".{glob.escape(target.name)}.*.part"):
            stale.unlink(missing_ok=True)


def _check_resources(formats: list[str], template: Path | None, font: Path | None) -> None:
    """Fail on a bad --font or --template before any output is written, not halfway through."""
    if font is not None and "pdf" in formats:
        from .fonts import font_from_path

        font_from_path(font)
    if template is not None and "docx" in formats:
        from .renderers.docx.formatting import open_template

        open_template(template)


def _render_all(planned: dict[Path, tuple[Path, Report, str]], options: RenderOptions,
                result: RunResult, progress: Callable[[int, int, Path], None] | None,
                helpers: "list[RenderHelper] | None" = None) -> None:
    """Render every planned output; a failing format leaves no file and does not stop the rest.

    With helper processes, each gets the jobs of its format and the rest are rendered here
    meanwhile."""
    from . import api
    from .renderers.pdf.fonts import FontNotEmbedded

    failures: list[ReportError] = []
    notices: set[str] = set()
    helpers = helpers or []
    for helper in helpers:
        helper.submit([(t, r, f) for t, (_s, r, f) in planned.items() if f == helper.format],
                      options)
    taken = {helper.format for helper in helpers}
    mine = {t: job for t, job in planned.items() if job[2] not in taken}
    number = 0
    for target, (_source, report, name) in mine.items():
        number += 1
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", FontNotEmbedded)
                api.render(report, name, target, options=options)
            for warning in caught:
                if issubclass(warning.category, FontNotEmbedded):
                    message = str(warning.message)
                    if message not in notices:
                        notices.add(message)
                        log.warning("notice: %s", message)
                else:
                    warnings.showwarning(warning.message, warning.category, warning.filename,
                                         warning.lineno)
        except ReportError as error:
            log.error("%s: %s", target.name, error)
            failures.append(error)
            continue
        result.written.append(target)
        if progress:
            progress(number, len(planned), target)
    for helper in helpers:
        done = helper.finish()
        for message in done.notices:
            if message not in notices:
                notices.add(message)
                log.warning("notice: %s", message)
        for error in done.errors:
            log.error("%s", error)
        failures.extend(done.errors)
        for target in done.written:
            number += 1
            result.written.append(target)
            if progress:
                progress(number, len(planned), target)
    if failures:
        raise failures[0]


def _stem(name: str, period: Period) -> str:
    stem = Path(name).stem or "report"
    suffix = f"-{period.label}"
    return stem[: -len(suffix)] if stem.endswith(suffix) else stem


def _inside(folder: Path, name: str) -> Path:
    """`folder/name`, refusing names that would leave the folder (data-derived names)."""
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts or not candidate.parts:
        raise UsageError(f"output name {name!r} would leave the output folder")
    return folder / candidate
