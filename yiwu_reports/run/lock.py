"""The output folder's lock: two scheduled runs never write the same folder at once.

The lock is an operating-system lock on a file in the folder, so it dies with the process that
holds it, even one that is killed: a crashed run never leaves the folder locked. On POSIX systems
it is `flock` on the whole file; on Windows `msvcrt.locking` on the file's first byte (a mandatory
lock: the other run's attempt fails at once). Elsewhere scheduled runs are refused with a clear
message rather than run unlocked.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from ..core.errors import LockHeldError, ReportError, UsageError

LOCK = ".make-report.lock"


class _Locking:
    """How this platform locks a file: `acquire` raises OSError when another process holds it."""

    def __init__(self) -> None:
        try:
            import fcntl
        except ImportError:
            fcntl = None  # type: ignore[assignment]
        try:
            import msvcrt
        except ImportError:
            msvcrt = None  # type: ignore[assignment]
        self.fcntl, self.msvcrt = fcntl, msvcrt

    def available(self) -> bool:
        return self.fcntl is not None or self.msvcrt is not None

    def acquire(self, handle: IO[bytes]) -> None:
        if self.fcntl is not None:
            self.fcntl.flock(handle.fileno(), self.fcntl.LOCK_EX | self.fcntl.LOCK_NB)
            return
        # msvcrt locks bytes from the current position: always the first one, or two runs
        # would lock different bytes of a file that has grown and both go ahead.
        handle.seek(0)
        self.msvcrt.locking(handle.fileno(), self.msvcrt.LK_NBLCK, 1)

    def release(self, handle: IO[bytes]) -> None:
        if self.fcntl is not None:
            return  # flock goes with the descriptor
        handle.seek(0)
        self.msvcrt.locking(handle.fileno(), self.msvcrt.LK_UNLCK, 1)


def locking() -> _Locking:
    """This platform's file locking (a function, so tests can give another)."""
    return _Locking()


@contextmanager
def folder_lock(folder: Path) -> Iterator[Path]:
    """Hold the output folder's lock for the duration (yields the lock file's path).

    LockHeldError (exit 3) when another run holds it; UsageError on a platform that has no file
    locking; ReportError when the folder cannot be made or written."""
    lock = locking()
    if not lock.available():
        raise UsageError("scheduled runs (per-period folders) need file locking, which this "
                         "platform lacks (neither fcntl nor msvcrt); run without a config's "
                         "per_period output")
    path = folder / LOCK
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")
    except OSError as error:
        raise ReportError(f"cannot lock the output folder {folder}: "
                          f"{error.strerror or error}") from None
    try:
        try:
            lock.acquire(handle)
        except OSError:
            raise LockHeldError(f"another make-report run is writing {folder} (lock {path}); "
                                f"try again when it has finished") from None
        try:
            _note_holder(handle)
            yield path
        finally:
            lock.release(handle)
    finally:
        handle.close()


def _note_holder(handle: IO[bytes]) -> None:
    """Write this process's id into the lock file, for a person looking at the folder (the lock
    itself does not need it, so a full disk here is no reason to stop)."""
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
    except OSError:
        pass
