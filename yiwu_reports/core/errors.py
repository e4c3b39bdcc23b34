"""The one exception family of yiwu-reports.

Every error a user can cause (bad input, bad options, a held lock) is a `ReportError`; the CLI turns
it into one line on stderr and the exit code it carries. Anything else is a bug.
"""

from __future__ import annotations

from typing import Sequence

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


class ReportError(Exception):
    """Base of every error the tool reports to its user."""

    exit_code: int = EXIT_BAD_INPUT

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.column = column

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = " ".join(self.message.split())  # always one line, whatever the data held
        if len(text) > 400:  # a header or cell quoted in the message may be huge
            text = text[:399] + "…"
        return f"{', '.join(where)}: {text}" if where else text


class InputError(ReportError):
    """An input table (or overrides file, or previous report) cannot be read as given."""


class UsageError(ReportError):
    """Options that do not fit together or name something that does not exist."""

    exit_code = EXIT_USAGE


class LockHeldError(ReportError):
    """Another run holds the lock on the output folder."""

    exit_code = EXIT_LOCKED


class RenderError(ReportError):
    """A renderer could not produce its document (e.g. a template that is not a .docx)."""


class FormatsFailed(RenderError):
    """Some formats of a run could not be written (the others were): `failures` lists each
    with its format, file and reason."""

    def __init__(self, failures: Sequence[object]) -> None:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        super().__init__(f"{failures[0]}{more}")
        self.failures = list(failures)
