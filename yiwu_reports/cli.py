"""The `make-report` command: a thin click layer over the Python API."""

from __future__ import annotations

import datetime as _dt
import logging
import os
import sys
import traceback
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import click

from .core.config import COLUMN_ROLES, RunConfig, column_roles, load_config
from .core.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, ReportError, UsageError
from .core.resources import EDITABLE_TEMPLATES, copy_templates, user_font_cache_dir
from .renderers import REGISTRY, default_formats, format_names
from .run import check_outputs, run
from .version import __version__

if TYPE_CHECKING:
    from .core.config import RunConfig

_FORMAT_HELP = "; ".join(f"{entry.name}: {entry.description}" for entry in REGISTRY.values())
_EPILOG = """Exit codes: 0 done, 1 bad input, 2 usage error, 3 another run holds the lock on the
output folder."""


def _expand_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats asked for, in registry order, `all` meaning every one; () when none given."""
    if not formats:
        return ()
    names = set(formats) | (set(default_formats()) if "all" in formats else set())
    return tuple(name for name in format_names() if name in names)


def _absolute(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def _as_of(text: str | None, option: str) -> _dt.date | None:
    if text is None:
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} must be a date such as 2023-10-15, not {text!r}") from None


@contextmanager
def _logging_to_stderr(quiet: bool, verbose: bool) -> Iterator[None]:
    """The package's log lines on stderr as 「make-report: …」 while the command runs; the
    logger is left as it was found afterwards (a host calling `main(argv)` keeps its own)."""
    logger = logging.getLogger("yiwu_reports")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("make-report: %(message)s"))
    logger.handlers = [handler]
    logger.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.handlers, logger.propagate = saved[0], saved[2]
        logger.setLevel(saved[1])


class _Output:
    """Lines for stdout. A reader that went away (make-report | head, | true) or a closed
    stdout (>&-) never changes the outcome of a run that wrote its files: the lines are
    dropped from then on."""

    def __init__(self) -> None:
        self.broken = False

    def line(self, text: str) -> None:
        if self.broken or sys.stdout is None:  # None: closed before Python started (>&-)
            return
        try:
            click.echo(text)
        except (OSError, ValueError):  # EPIPE, or a stream already closed
            self.broken = True

    def flush(self) -> None:
        stream = sys.stdout
        if self.broken or stream is None:
            return
        try:
            stream.flush()
        except (OSError, ValueError):
            self.broken = True


_FILE = click.Path(dir_okay=False, path_type=Path)


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
               epilog=_EPILOG)
@click.argument("inputs", metavar="[INPUT]...", nargs=-1, type=_FILE)
@click.option("-f", "--format", "formats", multiple=True,
              type=click.Choice([*format_names(), "all"], case_sensitive=False),
              help=f"Output format, repeatable; default all. {_FORMAT_HELP}.")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the outputs to (default: the current folder, or the config's).")
@click.option("--period", metavar="PERIOD",
              help="Reporting period instead of the one in the table: 2023Q3, 2023H1, 2023M1-11, "
                   "2023, or auto (the latest quarter ended by --as-of).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="The day the run is made as of: for --period auto, and the documents' date when "
                   "--date is not given (default: today).")
@click.option("--date", "date", metavar="DATE",
              help="The documents' date (成文日期, e.g. 2023-10-20): printed on a final, the day "
                   "deadlines are counted from, the documents' properties; default: --as-of, "
                   "else today.")
@click.option("--final", is_flag=True,
              help="Write finals even while judgements wait for a reviewer (the office's "
                   "decision); stderr names what is left unsettled. Without it, such a run writes "
                   "drafts marked 征求意见稿.")
@click.option("--overrides", metavar="FILE", type=_FILE, multiple=True,
              help="Reviewer overrides: CSV, JSON or YAML (id, status, reason[, indicator, actual]), "
                   "a workbook from --format xlsx with its 人工调整 column filled in, or units' "
                   "returned workbooks from --format unit-xlsx. Repeatable: a task corrected "
                   "differently in two files is an error naming both.")
@click.option("--previous", metavar="FILE", type=_FILE,
              help="The previous period's table or JSON, for the 与上季度相比 parts.")
@click.option("--previous-period", metavar="PERIOD",
              help="The previous table's period (e.g. 2023Q2), when that table does not say.")
@click.option("--history", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="A folder of earlier periods' JSON (as runs keep them) for the 台账: the "
                   "workbook's 台账 sheet and the PDF's per-unit trend. Scheduled runs (--config) "
                   "use their output folder.")
@click.option("--column", "column_roles_given", metavar="NAME=ROLE", multiple=True,
              help="What a column holds when the reader guesses wrong, by its header: e.g. "
                   "--column 建设规模=target. Roles: " + ", ".join(COLUMN_ROLES) + ". Repeatable; "
                   "wins over the config's [columns].")
@click.option("--lead", "leads", metavar="NAME", multiple=True,
              help="Only the tasks this lead unit leads (alone or jointly), in every output; the "
                   "briefing is addressed to it. Repeatable.")
@click.option("--template", metavar="FILE", type=_FILE,
              help="A Word .docx whose styles and letterhead the briefing uses.")
@click.option("--font", metavar="FILE", type=_FILE,
              help="A CJK TrueType font (.ttf/.ttc) to embed in the PDF.")
@click.option("--briefing-text", metavar="FILE", type=_FILE,
              help="A TOML file changing the briefing's sentences (see templates/briefing.toml).")
@click.option("--templates", "templates", metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="A folder of your own templates (briefing.toml, statuses.json, "
                   "briefing-styles.docx) used instead of the shipped ones; default: the "
                   "templates folder in your configuration folder (~/.config/yiwu-reports/"
                   "templates on Linux) when there is one.")
@click.option("--copy-templates", "copy_to", metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Copy the shipped briefing.toml, statuses.json and briefing-styles.docx into DIR "
                   "(files already there are kept) to edit them, then stop; use the folder with "
                   "--templates, or copy into ~/.config/yiwu-reports/templates to use it always.")
@click.option("--config", "config_file", metavar="FILE", type=_FILE,
              help="A TOML run configuration (see samples/make-report.toml); options given here "
                   "win over it.")
@click.option("--force", is_flag=True, help="Rebuild even if inputs and options are unchanged.")
@click.option("--check", is_flag=True,
              help="After writing, read every output back and check that each task is there, "
                   "in order, with its id, title, lead unit and text in one row (exit 1 if not).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="More log lines, and a traceback with errors.")
@click.version_option(__version__, prog_name="make-report")
def make_report(inputs: tuple[Path, ...], formats: tuple[str, ...], output_dir: Path | None,
                period: str | None, as_of: str | None, date: str | None, final: bool,
                overrides: tuple[Path, ...],
                previous: Path | None, previous_period: str | None, history: Path | None,
                leads: tuple[str, ...], column_roles_given: tuple[str, ...],
                template: Path | None,
                font: Path | None, briefing_text: Path | None, templates: Path | None,
                copy_to: Path | None, config_file: Path | None,
                force: bool, check: bool, quiet: bool, verbose: bool) -> int:
    """Turn key-task progress tables into documents.

    Reads each INPUT (the published text table, CSV, XLSX, or a JSON written by this tool),
    judges every task against its targets and the time-proportional schedule (序时进度), and
    writes one file per format, named after the input and period (e.g.
    yiwu-2023-q3-progress-2023Q3.json). With no INPUT it runs on the bundled sample table.
    Prints the paths it wrote. A format that cannot be written is one line on stderr; the
    others are still written, and the exit code is 1.

    With --config (the scheduled quarterly run) outputs go to a folder per period with a lock
    and a manifest.json; a second run on unchanged inputs and settings rewrites nothing.
    """
    if copy_to is not None:
        return _copy_templates(copy_to)
    base = load_config(config_file) if config_file else RunConfig()
    config = base.merged(
        inputs=tuple(str(p.resolve()) for p in inputs),
        formats=_expand_formats(tuple(f.lower() for f in formats)),
        output_dir=_absolute(output_dir), period=period, as_of=_as_of(as_of, "--as-of"),
        date=_as_of(date, "--date"), final=final,
        overrides=tuple(str(path.resolve()) for path in overrides) or None,
        previous=str(previous.resolve()) if previous else None, previous_period=previous_period,
        leads=leads, history=_absolute(history),
        columns={**base.columns, **_column_options(column_roles_given)} or None,
        template=_absolute(template), font=_absolute(font),
        briefing_text=_absolute(briefing_text), templates=_absolute(templates), force=force,
        # The command may keep the PDF font's parse in the user's cache folder (the library
        # keeps one only when given a folder).
        font_cache=user_font_cache_dir())
    with _logging_to_stderr(quiet, verbose):
        return _make(config, check, quiet)


def _column_options(given: tuple[str, ...]) -> dict[str, str]:
    """--column NAME=ROLE options as header → role."""
    pairs = {}
    for option in given:
        name, sep, role = option.rpartition("=")
        if not sep or not name.strip():
            raise UsageError(f"--column {option}: give the column's header and its role, as "
                             f"--column 建设规模=target")
        pairs[name] = role
    return column_roles(pairs, "--column")


def _copy_templates(folder: Path) -> int:
    try:
        written = copy_templates(folder)
    except OSError as error:
        raise UsageError(f"cannot copy the templates to {folder}: {error.strerror or error}") from None
    output = _Output()
    for path in written:
        output.line(str(path))
    kept = len(EDITABLE_TEMPLATES) - len(written)
    if kept:
        _say(f"{kept} file(s) already in {folder} kept as they are")
    return EXIT_OK


def _make(config: "RunConfig", check: bool, quiet: bool) -> int:
    output = _Output()
    result = run(config, progress=_progress_bar() if _is_terminal(sys.stderr) and not quiet
                 else None)
    for notice in result.notices if not result.up_to_date else ():
        logging.getLogger("yiwu_reports").warning("notice: %s", notice)
    if result.up_to_date:
        _say(f"{result.folder} is up to date; nothing rewritten (--force rebuilds)")
    for path in result.written:
        output.line(str(path))
    if result.manifest is not None and not result.up_to_date:
        output.line(str(result.manifest))
    output.flush()
    for failure in result.failures:
        _say(str(failure))
    code = EXIT_BAD_INPUT if result.failures else EXIT_OK
    if check:
        failed = {failure.path for failure in result.failures}
        problems = [problem for report, paths in result.reports for problem in
                    check_outputs(report, [p for p in paths if p not in failed])]
        for problem in problems[:20]:
            _say(f"check failed: {problem}")
        if len(problems) > 20:
            _say(f"check failed: … and {len(problems) - 20} more")
        if result.failures:
            # Formats that were not written cannot pass a check: never "check passed" then.
            missing = ", ".join(dict.fromkeys(failure.format for failure in result.failures))
            checked = "" if problems or len(failed) == len(result.outputs) else (
                "; the outputs written hold every task, in order, with its id, title, lead unit "
                "and text in one row")
            _say(f"check failed: {len(result.failures)} output(s) not written ({missing}), so "
                 f"not checked{checked}")
        if problems or result.failures:
            code = EXIT_BAD_INPUT
        elif not quiet:
            _say("check passed: every task is in every output, in order, with its id, title, "
                 "lead unit and text in one row")
    return code


def _say(message: str) -> None:
    """One line on stderr, 「make-report: …」 (nothing if stderr is gone)."""
    if sys.stderr is None:
        return
    try:
        click.echo(f"make-report: {' '.join(message.split())}", err=True)
    except (OSError, ValueError):
        pass


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (OSError, ValueError):
        return False


def _progress_bar() -> Callable[[int, int, Path], None]:
    """A progress bar on stderr, advanced as each output is written (only on a terminal)."""
    bar = click.progressbar(length=1, label="make-report", file=sys.stderr)

    def advance(done: int, total: int, path: Path) -> None:
        bar.length = total
        bar.update(1)
        if done == total:
            bar.render_finish()
    return advance


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command and turn every error into one line on stderr.

    Called with no arguments (the installed `make-report`, `python -m yiwu_reports`) it is the
    process's own command: standard streams that were closed (>&-) are pointed at the null
    device first, so no file the run opens can take their place, and a reader of stdout that
    went away (| head, | true) does not change the exit status of a run that wrote its files.
    With `argv` (tests, other tools) it leaves the process's streams alone. Either way it ends
    with SystemExit and the exit code."""
    args = sys.argv[1:] if argv is None else argv
    if argv is None:
        _open_missing_standard_streams()
        # A reviewed workbook saved by Excel or LibreOffice makes openpyxl warn about extensions
        # it drops; only its cell values are read. The command's own process, so its own filter.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
    code = _run_command(args)
    if argv is None:
        _quiet_broken_stdout()
    sys.exit(code)


def _open_missing_standard_streams() -> None:
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:  # closed by the caller (make-report >&-)
            null = os.open(os.devnull, os.O_RDWR)
            if null != descriptor:
                os.dup2(null, descriptor)
                os.close(null)


def _quiet_broken_stdout() -> None:
    """Flush stdout; if its reader has gone, send what is left to the null device, so that the
    interpreter's own flush at exit neither fails nor changes the exit status."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
    except (OSError, ValueError):
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)
        except (OSError, ValueError):
            pass


def _run_command(args: list[str]) -> int:
    """Run make-report with `args`; the exit code (errors already reported on stderr)."""
    verbose = "-v" in args or "--verbose" in args
    try:
        code = make_report.main(args=args, prog_name="make-report", standalone_mode=False)
    except ReportError as error:
        return _fail(str(error), error.exit_code, verbose)
    except click.exceptions.Abort:
        return _fail("aborted", EXIT_BAD_INPUT, verbose)
    except click.ClickException as error:
        return _fail(error.format_message(), EXIT_USAGE if isinstance(error, click.UsageError)
                     else EXIT_BAD_INPUT, verbose)
    except KeyboardInterrupt:
        return _fail("interrupted", 130, verbose)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    except Exception as error:  # a bug: still one line, the traceback with --verbose
        return _fail(f"internal error: {type(error).__name__}: {error} "
                     f"(run with --verbose for details)", EXIT_BAD_INPUT, verbose)
    return code if isinstance(code, int) else EXIT_OK


def _fail(message: str, code: int, verbose: bool) -> int:
    if verbose and sys.exc_info()[0] is not None:
        traceback.print_exc()
    _say(message)
    return code
