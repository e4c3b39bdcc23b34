"""The `make-report` command: a thin click layer over the Python API."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, EXIT_USAGE, ReportError, UsageError
from .renderers import REGISTRY, format_names

_FORMAT_HELP = "; ".join(f"{entry.name}: {entry.description}" for entry in REGISTRY.values())


def _expand_formats(formats: tuple[str, ...]) -> list[str]:
    """The formats asked for, in registry order, `all` meaning every one; all when none given."""
    if not formats or "all" in formats:
        return format_names()
    return [name for name in format_names() if name in formats]


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", metavar="[INPUT]...", nargs=-1,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("-f", "--format", "formats", multiple=True,
              type=click.Choice([*format_names(), "all"], case_sensitive=False),
              help=f"Output format, repeatable; default all. {_FORMAT_HELP}.")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Folder to write the outputs to.")
@click.option("--period", metavar="PERIOD",
              help="Reporting period instead of the one in the table: 2023Q3, 2023H1, "
                   "2023M1-11 or 2023.")
@click.option("--overrides", "overrides", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Reviewer overrides: CSV, JSON or YAML (id, status, reason[, indicator, actual]) "
                   "or a workbook from --format xlsx with its 人工调整 column filled in.")
@click.option("-v", "--verbose", is_flag=True, help="Show a traceback with errors.")
@click.version_option(__version__, prog_name="make-report")
def make_report(inputs: tuple[Path, ...], formats: tuple[str, ...], output_dir: Path,
                period: str | None, overrides: Path | None, verbose: bool) -> None:
    """Turn key-task progress tables into documents.

    Reads each INPUT (the published text table, CSV, XLSX, or a JSON written by this tool),
    judges every task against its targets and the time-proportional schedule (序时进度), and
    writes one file per format, named after the input and period (e.g.
    yiwu-2023-q3-progress-2023Q3.json). With no INPUT it runs on the bundled sample table.
    Prints the paths it wrote.
    """
    from . import api
    from .resources import sample_path

    chosen = _expand_formats(tuple(f.lower() for f in formats))
    sources = list(inputs) or [sample_path()]
    planned: dict[Path, Path] = {}
    reports = []
    for source in sources:
        report = api.assess(api.load(source, period=period), overrides=overrides)
        for warning in report.warnings:
            click.echo(f"warning: {warning}", err=True)
        reports.append((source, report))
    for source, report in reports:
        for name in chosen:
            target = output_dir / api.output_name(report, source.name, REGISTRY[name].extension)
            if target in planned:
                raise UsageError(f"{source} and {planned[target]} would both write {target}; "
                                 f"rename one of them")
            planned[target] = source
    for source, report in reports:
        for name in chosen:
            target = output_dir / api.output_name(report, source.name, REGISTRY[name].extension)
            api.render(report, name, target)
            click.echo(str(target))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command and turn every error into one line on stderr."""
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args or "--verbose" in args
    try:
        make_report.main(args=args, prog_name="make-report", standalone_mode=False)
    except ReportError as error:
        _fail(str(error), error.exit_code, verbose)
    except click.exceptions.Abort:
        _fail("aborted", EXIT_BAD_INPUT, verbose)
    except click.ClickException as error:
        _fail(error.format_message(), EXIT_USAGE if isinstance(error, click.UsageError)
              else EXIT_BAD_INPUT, verbose)
    except KeyboardInterrupt:
        _fail("interrupted", 130, verbose)
    except Exception as error:  # a bug: still one line, the traceback with --verbose
        _fail(f"internal error: {type(error).__name__}: {error} (run with --verbose for details)",
              EXIT_BAD_INPUT, verbose)
    sys.exit(0)


def _fail(message: str, code: int, verbose: bool) -> None:
    if verbose and sys.exc_info()[0] is not None:
        traceback.print_exc()
    click.echo(f"make-report: {' '.join(message.split())}", err=True)
    sys.exit(code)
