"""The `make-report` command: a thin click layer over the Python API."""

from __future__ import annotations

import datetime as _dt
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Callable

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, EXIT_USAGE, InputError, ReportError, UsageError
from .renderers import REGISTRY, format_names

_FORMAT_HELP = "; ".join(f"{entry.name}: {entry.description}" for entry in REGISTRY.values())
_EPILOG = """Exit codes: 0 done, 1 bad input, 2 usage error, 3 another run holds the lock on the
output folder."""


def _expand_formats(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The formats asked for, in registry order, `all` meaning every one; () when none given."""
    if not formats:
        return ()
    if "all" in formats:
        return tuple(format_names())
    return tuple(name for name in format_names() if name in formats)


def _absolute(path: Path | None) -> Path | None:
    return path.resolve() if path is not None else None


def _as_of(text: str | None) -> _dt.date | None:
    if text is None:
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of must be a date such as 2023-10-15, not {text!r}") from None


def _configure_logging(quiet: bool, verbose: bool) -> None:
    logger = logging.getLogger("yiwu_reports")
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("make-report: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


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
@click.option("--as-of", "as_of", metavar="DATE", help="Date for --period auto (default: today).")
@click.option("--overrides", metavar="FILE", type=_FILE,
              help="Reviewer overrides: CSV, JSON or YAML (id, status, reason[, indicator, actual]) "
                   "or a workbook from --format xlsx with its 人工调整 column filled in.")
@click.option("--previous", metavar="FILE", type=_FILE,
              help="The previous period's table or JSON, for the 与上季度相比 parts.")
@click.option("--template", metavar="FILE", type=_FILE,
              help="A Word .docx whose styles and letterhead the briefing uses.")
@click.option("--font", metavar="FILE", type=_FILE,
              help="A CJK TrueType font (.ttf/.ttc) to embed in the PDF.")
@click.option("--briefing-text", metavar="FILE", type=_FILE,
              help="A TOML file changing the briefing's sentences (see templates/briefing.toml).")
@click.option("--config", "config_file", metavar="FILE", type=_FILE,
              help="A TOML run configuration (see samples/make-report.toml); options given here "
                   "win over it.")
@click.option("--force", is_flag=True, help="Rebuild even if inputs and options are unchanged.")
@click.option("--check", is_flag=True,
              help="After writing, read every output back and check that each task is there "
                   "with its id, lead unit and text (exit 1 if not).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.option("-v", "--verbose", is_flag=True, help="More log lines, and a traceback with errors.")
@click.version_option(__version__, prog_name="make-report")
def make_report(inputs: tuple[Path, ...], formats: tuple[str, ...], output_dir: Path | None,
                period: str | None, as_of: str | None, overrides: Path | None,
                previous: Path | None, template: Path | None, font: Path | None,
                briefing_text: Path | None, config_file: Path | None, force: bool, check: bool, quiet: bool,
                verbose: bool) -> None:
    """Turn key-task progress tables into documents.

    Reads each INPUT (the published text table, CSV, XLSX, or a JSON written by this tool),
    judges every task against its targets and the time-proportional schedule (序时进度), and
    writes one file per format, named after the input and period (e.g.
    yiwu-2023-q3-progress-2023Q3.json). With no INPUT it runs on the bundled sample table.
    Prints the paths it wrote.

    With --config (the scheduled quarterly run) outputs go to a folder per period with a lock
    and a manifest.json; a second run on unchanged inputs rewrites nothing.
    """
    from .config import RunConfig, load_config
    from .runner import run

    _configure_logging(quiet, verbose)
    base = load_config(config_file) if config_file else RunConfig()
    config = base.merged(
        inputs=tuple(str(p.resolve()) for p in inputs),
        formats=_expand_formats(tuple(f.lower() for f in formats)),
        output_dir=_absolute(output_dir), period=period, as_of=_as_of(as_of),
        overrides=str(overrides.resolve()) if overrides else None,
        previous=str(previous.resolve()) if previous else None,
        template=_absolute(template), font=_absolute(font),
        briefing_text=_absolute(briefing_text), force=force)
    result = run(config, progress=_progress_bar() if sys.stderr.isatty() and not quiet else None)
    if result.up_to_date:
        click.echo(f"make-report: {result.folder} is up to date; nothing rewritten "
                   f"(--force rebuilds)", err=True)
    for path in result.outputs if not result.up_to_date else ():
        click.echo(str(path))
    if result.manifest is not None and not result.up_to_date:
        click.echo(str(result.manifest))
    if check:
        from .check import check_outputs

        problems = [problem for report, paths in result.reports for problem in
                    check_outputs(report, paths)]
        if problems:
            raise InputError(f"check failed: {problems[0]}"
                             + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
        click.echo("make-report: check passed: every task is in every output with its id, "
                   "lead unit and text", err=True)


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

    Called with no arguments (the installed `make-report`, `python -m yiwu_reports`), it ends the
    process itself once everything is written; with `argv` (tests, other tools) it raises
    SystemExit like any click command."""
    args = sys.argv[1:] if argv is None else argv
    code = _run_command(args)
    if argv is None:
        _end_process(code)
    sys.exit(code)


def _run_command(args: list[str]) -> int:
    """Run make-report with `args`; the exit code (errors already reported on stderr)."""
    verbose = "-v" in args or "--verbose" in args
    try:
        make_report.main(args=args, prog_name="make-report", standalone_mode=False)
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
    return 0


def _fail(message: str, code: int, verbose: bool) -> int:
    if verbose and sys.exc_info()[0] is not None:
        traceback.print_exc()
    click.echo(f"make-report: {' '.join(message.split())}", err=True)
    return code


def _end_process(code: int) -> None:
    """Exit at once, skipping the interpreter's teardown.

    Every output is written, closed and renamed into place by now, helper processes have been
    waited for, and temporary files are gone (openpyxl removes a streamed sheet's file as it
    saves it; a renderer that fails removes its own); what is left is Python freeing each object
    and module one by one, which takes
    60-100 ms after loading three document libraries (as long as writing the JSON and the workbook
    of the sample). mypy ends the same way. Buffered output is flushed first."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (make-report | head)
            pass
    os._exit(code)
