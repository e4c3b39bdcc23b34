"""Render some formats in helper processes while this one writes the others.

The PDF is the slowest output and reportlab plus a CJK font take a while to load, so a run that
writes several formats forks a helper process as soon as it starts: the helper loads its library
(and the font) while the report is being read and assessed, then receives its jobs and writes them
(atomically, like every output) while the main process writes the other formats. (A second
helper for the workbook was measured too: on two cores it gained nothing, every process being
busy already.) On a two-core machine the whole run takes
about as long as the slowest format instead of the sum. Where fork is unavailable (Windows) or
YIWU_REPORTS_JOBS=1 is set, everything runs in one process; the files are byte-for-byte the same
either way.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import threading
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, TypeVar

from .errors import EXIT_BAD_INPUT, ReportError

if TYPE_CHECKING:
    from .model import Report
    from .renderers import RenderOptions

# The formats that get a helper process of their own (each helper takes one format).
HELPER_FORMATS = ("pdf",)
T = TypeVar("T")
U = TypeVar("U")


def parallel_allowed() -> bool:
    """Whether outputs may be rendered in a forked helper process."""
    return (hasattr(os, "fork") and sys.platform != "win32"
            and os.environ.get("YIWU_REPORTS_JOBS", "") != "1")


@dataclass
class HelperResult:
    """What the helper process did."""

    written: list[Path] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _capture_notices(caught: list[warnings.WarningMessage], notices: list[str]) -> None:
    from .renderers.pdf.fonts import FontNotEmbedded

    for warning in caught:
        if issubclass(warning.category, FontNotEmbedded) and str(warning.message) not in notices:
            notices.append(str(warning.message))


class RenderHelper:
    """A forked process that renders the jobs it is sent, of one format."""

    def __init__(self, fmt: str, font: Path | None, extra: Mapping[str, object]) -> None:
        self.format = fmt
        self._jobs_read, self._jobs_write = os.pipe()
        self._results_read, self._results_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the helper
            os.close(self._jobs_write)
            os.close(self._results_read)
            self._serve(fmt, font, dict(extra))
        os.close(self._jobs_read)
        os.close(self._results_write)
        self._sent = False
        self._result: HelperResult | None = None

    def _serve(self, fmt: str, font: Path | None, extra: dict[str, object]) -> None:
        result: dict[str, list[object]] = {"written": [], "errors": [], "notices": []}
        try:
            # Take the jobs off the pipe as soon as they come, in a thread: a pipe holds 64 KiB,
            # so otherwise the main process would sit in `submit` until this one had loaded its
            # library, instead of going on with its own formats.
            received: list[bytes] = []
            reader = threading.Thread(target=lambda: received.append(_read_all(self._jobs_read)),
                                      daemon=True)
            reader.start()
            # Load the renderer (and the font) now, while the main process reads the table.
            from .renderers import get_renderer

            get_renderer(fmt)
            if fmt == "pdf":
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    from .renderers.pdf.fonts import pdf_font

                    pdf_font(font, extra)
                _capture_notices(caught, result["notices"])  # type: ignore[arg-type]
            reader.join()
            data = received[0] if received else b""
            if data:
                from . import api

                jobs, options = pickle.loads(data)
                for target, report, fmt in jobs:
                    try:
                        with warnings.catch_warnings(record=True) as caught:
                            warnings.simplefilter("always")
                            api.render(report, fmt, target, options=options)
                        _capture_notices(caught, result["notices"])  # type: ignore[arg-type]
                        result["written"].append(str(target))
                    except ReportError as error:
                        result["errors"].append([error.exit_code, str(error)])
                    except Exception as error:  # a bug: reported, never a half-written file
                        result["errors"].append([EXIT_BAD_INPUT, f"internal error in {target.name}: "
                                                 f"{type(error).__name__}: {error}"])
                        if os.environ.get("YIWU_REPORTS_DEBUG"):
                            traceback.print_exc()
            _write_all(self._results_write, json.dumps(result).encode("utf-8"))
        finally:
            os._exit(0)  # never run the parent's atexit handlers or test teardown

    def submit(self, jobs: list[tuple[Path, "Report", str]], options: "RenderOptions") -> None:
        """Send the helper its jobs; it starts at once."""
        _write_all(self._jobs_write, pickle.dumps((jobs, options), protocol=pickle.HIGHEST_PROTOCOL))
        os.close(self._jobs_write)
        self._sent = True

    def finish(self) -> HelperResult:
        """Wait for the helper and collect what it did (after `submit`, or to stop it)."""
        if self._result is not None:
            return self._result
        if not self._sent:
            os.close(self._jobs_write)  # no jobs: the helper exits
            self._sent = True
        data = _read_all(self._results_read)
        os.close(self._results_read)
        os.waitpid(self.pid, 0)
        if not data:
            self._result = HelperResult(errors=[ReportError(f"the {self.format} helper process "
                                                            f"ended unexpectedly")])
            return self._result
        raw = json.loads(data)
        errors = []
        for code, message in raw["errors"]:
            error = ReportError(message)
            error.exit_code = code
            errors.append(error)
        self._result = HelperResult([Path(p) for p in raw["written"]], errors, list(raw["notices"]))
        return self._result


def map_split(function: Callable[[list[T]], list[U]], items: list[T],
              minimum: int = 1000) -> list[U]:
    """`function(items)`, with the second half computed in a forked process when there are at
    least `minimum` items (a province-wide batch). The function must be pure; results come back
    pickled, in order. Falls back to one process if the helper fails for any reason."""
    if len(items) < minimum or not parallel_allowed():
        return function(items)
    middle = len(items) // 2
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            _write_all(write_end, pickle.dumps(function(items[middle:]),
                                               protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        first = function(items[:middle])
    finally:
        data = _read_all(read_end)
        os.close(read_end)
        os.waitpid(pid, 0)
    try:
        second = pickle.loads(data) if data else None
    except Exception:  # a helper that died mid-write: do its half here
        second = None
    return first + (second if second is not None else function(items[middle:]))
