"""The Python API: load a table, assess it, render documents. The CLI is a thin layer over this."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Union

from .atomic import write_atomic
from .errors import UsageError
from .model import Period, Report
from .period import parse_period_label
from .readers import Source, read_report
from .renderers import RenderOptions, get_renderer
from .summary import summarise

if TYPE_CHECKING:
    from typing import Mapping

    from .assessment.overrides import OverridesSource
    from .config import RunConfig

PathOrStream = Union[str, "os.PathLike[str]", BinaryIO]


def _as_period(period: Period | str | None) -> Period | None:
    if period is None or isinstance(period, Period):
        return period
    return parse_period_label(period)


def load(source: Source, *, period: Period | str | None = None, name: str | None = None) -> Report:
    """Read a progress table (.txt, .csv, .xlsx or our own .json) from a path or binary stream.

    `period` (a `Period` or a label such as "2023Q3") replaces the one found in the table.
    """
    return read_report(source, period=_as_period(period), name=name)


def assess(report: Report, overrides: "OverridesSource | None" = None) -> Report:
    """The report with every task's targets, figures and status judged.

    `overrides` (a CSV/JSON/YAML file, a reviewed workbook, a stream, a mapping of task id to
    status, or `OverrideEntry` objects) replaces automatic judgements; the automatic ones are kept
    beside them. An override naming a task that is not in the report is an error.
    """
    from .assessment import assess_report

    return assess_report(report, overrides)


def render(report: Report, fmt: str, out: PathOrStream, *,
           options: RenderOptions | None = None) -> Path | None:
    """Write `report` in format `fmt` (json, docx, pdf, xlsx) to a path or a binary stream.

    A path is written atomically: the document appears whole or not at all. A report not yet
    assessed is assessed first. Returns the path written, or None for a stream.
    """
    renderer = get_renderer(fmt)
    if not report.assessed:
        report = assess(report)
    options = options or RenderOptions()
    summary = summarise(report)
    if isinstance(out, (str, os.PathLike)):
        return write_atomic(Path(out), lambda stream: renderer.render(report, summary, stream, options))
    if not hasattr(out, "write"):
        raise UsageError(f"cannot write to {out!r}: give a path or a binary stream")
    if isinstance(out, io.TextIOBase):
        raise UsageError("render needs a binary stream (open the file with 'wb')")
    renderer.render(report, summary, out, options)
    return None


def generate(config: "RunConfig | str | os.PathLike[str] | Mapping[str, object]") -> list[Path]:
    """Do the whole job a run configuration describes and return the files it produced.

    `config` is a `RunConfig`, the path of a TOML file (see samples/make-report.toml), or a
    mapping of RunConfig fields (e.g. {"inputs": ["table.xlsx"], "formats": ["docx"],
    "output_dir": "out"}). Outputs already up to date (scheduled runs) are returned too.
    """
    from .config import RunConfig, load_config
    from .runner import run

    if isinstance(config, (str, os.PathLike)):
        config = load_config(Path(config))
    elif not isinstance(config, RunConfig):
        fields = dict(config)
        for key in ("inputs", "formats"):
            if isinstance(fields.get(key), (list, str)):
                value = fields[key]
                fields[key] = (value,) if isinstance(value, str) else tuple(value)
        for key in ("output_dir", "template", "font", "base_dir"):
            if fields.get(key) is not None:
                fields[key] = Path(fields[key])  # type: ignore[arg-type]
        try:
            config = RunConfig(**fields)  # type: ignore[arg-type]
        except TypeError as error:
            raise UsageError(f"bad run configuration: {error}") from None
    return run(config).outputs


def output_name(report: Report, input_name: str, extension: str) -> str:
    """File name of an output: the input's stem and the period label, e.g.
    yiwu-2023-q3-progress-2023Q3.json (a stem already ending in the label is not doubled)."""
    stem = Path(input_name).stem or "report"
    label = report.period.label
    if stem.endswith(f"-{label}"):
        stem = stem[: -len(label) - 1]
    return f"{stem}-{label}{extension}"
