"""Bounds on what one input may make us read, whatever its format: the file's size, and the rows,
cells and characters its tables yield.

A zip package is bounded by its inflated size too (`untrusted`), but a small part can still hold
millions of tiny cells, and a sheet millions of empty columns; so the work is bounded by what is
read, counted as each row is read, not by the size of the file. Past a bound the input is
refused in one line naming the file and the row reached. The bounds are far above any progress
table (they take the 100,000-task tables the benchmarks use), and far below what would run a
machine out of memory.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from ..core.errors import InputError

MIB = 1 << 20
MAX_INPUT_BYTES = 128 * MIB
"""Largest input file read (a 100,000-task text table is about 6 MiB)."""
MAX_ROWS = 150_000
"""Most rows read from one input, over all its tables (runs of blank rows in a sheet aside)."""
MAX_CELLS = 1_000_000
"""Most cells read from one input: rows × columns, empty cells included (a sheet whose rows
reach column XFD counts 16,384 a row)."""
MAX_CHARACTERS = 32_000_000
"""Most characters of cell text read from one input."""
MAX_BLANK_ROWS = 4 * 1_048_576
"""Most blank rows passed over in the sheets of one workbook (four sheets with a cell in their
last row): each costs a little time, none any memory."""


def _figure(number: int) -> str:
    return f"{number:,}"


class ReadBudget:
    """What one input has yielded so far; `take` refuses the row that goes past a bound."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.rows = 0
        self.cells = 0
        self.characters = 0
        self.blank_rows = 0

    def take(self, row: int | None, cells: Sequence[str] | int, characters: int = -1) -> None:
        """Count one row (its `cells`, or a number of cells and `characters`); InputError naming
        `row` when a bound is passed."""
        if isinstance(cells, int):
            count = cells
        else:
            count = len(cells)
            if characters < 0:
                characters = sum(map(len, cells))
        self.rows += 1
        self.cells += max(count, 1)
        self.characters += max(characters, 0)
        if self.rows > MAX_ROWS:
            self._refuse(row, f"more than {_figure(MAX_ROWS)} rows")
        if self.cells > MAX_CELLS:
            self._refuse(row, f"more than {_figure(MAX_CELLS)} cells (rows × columns, empty "
                              f"cells included)")
        if self.characters > MAX_CHARACTERS:
            self._refuse(row, f"more than {_figure(MAX_CHARACTERS)} characters of text")

    def take_blank(self, row: int | None) -> None:
        """Count a blank row that is not kept (a sheet's empty rows down to row 1,048,576): cheap
        to pass over, so bounded apart (MAX_BLANK_ROWS), not as a row of the table."""
        self.blank_rows += 1
        if self.blank_rows > MAX_BLANK_ROWS:
            self._refuse(row, f"more than {_figure(MAX_BLANK_ROWS)} blank rows")

    def take_cell(self, row: int | None, characters: int) -> None:
        """Count one more cell of a row still being read (a row of millions of cells is refused
        before it is whole)."""
        self.cells += 1
        self.characters += characters
        if self.cells > MAX_CELLS or self.characters > MAX_CHARACTERS:
            self.rows -= 1  # counted again, as a row, by `take`
            self.take(row, 0, 0)

    def _refuse(self, row: int | None, what: str) -> None:
        raise InputError(f"refused: the file holds {what} by this row; a progress table holds "
                         f"far fewer (split the file, or remove the empty rows and columns)",
                         file=self.file_name, row=row)


def read_input(path: Path, file_name: str | None = None, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` (MAX_INPUT_BYTES) of them. A folder, a device
    (/dev/zero), a FIFO or a socket is refused without waiting for it, as is a larger file:
    InputError naming the file."""
    name = file_name or str(path)
    limit = MAX_INPUT_BYTES if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)  # non-blocking: opening a FIFO does not wait
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", file=name) from None
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})", file=name) from None
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        try:
            mode = os.fstat(descriptor).st_mode
            if stat.S_ISDIR(mode):
                raise InputError("is a folder, not a file", file=name)
            if not stat.S_ISREG(mode):
                kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" \
                    if stat.S_ISSOCK(mode) else "a device"
                raise InputError(f"refused: not a regular file but {kind}; give the table as a "
                                 f"file", file=name)
            data = _read_at_most(stream, limit + 1)
        except OSError as error:
            raise InputError(f"cannot read ({error.strerror or error})", file=name) from None
    if len(data) > limit:
        raise InputError(f"refused: larger than {limit // MIB} MiB; a progress table is far "
                         f"smaller", file=name)
    return data


def _read_at_most(stream: object, size: int) -> bytes:
    """Up to `size` bytes of a stream, read in pieces (a stream may return less than asked)."""
    read = getattr(stream, "read")
    parts: list[bytes] = []
    left = size
    while left > 0:
        piece = read(min(left, 16 * MIB))
        if not piece:
            break
        if isinstance(piece, str):
            piece = piece.encode("utf-8")
        parts.append(piece)
        left -= len(piece)
    return b"".join(parts)


def read_stream(stream: object, file_name: str, limit: int | None = None) -> bytes:
    """At most `limit` (MAX_INPUT_BYTES) bytes of a binary (or text) stream; InputError when it
    holds more."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        data = _read_at_most(stream, limit + 1)
    except OSError as error:
        raise InputError(f"cannot read ({error.strerror or error})", file=file_name) from None
    if len(data) > limit:
        raise InputError(f"refused: larger than {limit // MIB} MiB; a progress table is far "
                         f"smaller", file=file_name)
    return data


__all__ = ["MAX_BLANK_ROWS", "MAX_CELLS", "MAX_CHARACTERS", "MAX_INPUT_BYTES", "MAX_ROWS", "ReadBudget",
           "read_input", "read_stream"]
