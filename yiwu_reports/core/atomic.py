"""Write files so that a reader never sees half of one: write beside the target, then rename.

Temporary files and folders are created with the usual modes (0o666 and 0o777) and the process's
umask applied by the system, as `open` would create them. The umask is never read or changed: it
is the whole process's, and setting it, even for an instant, would give a file that a thread of
the host program creates in that instant other permissions than it asked for.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Callable, TypeVar

_FILE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))
_ATTEMPTS = 100
T = TypeVar("T")


def _beside(path: Path, suffix: str, create: Callable[[Path], T]) -> tuple[Path, T]:
    """A new file or folder beside `path`, made by `create` under a fresh hidden name
    (.name.<random><suffix>), and what `create` returned; another name is tried if one is
    taken."""
    for _attempt in range(_ATTEMPTS):
        candidate = path.parent / f".{path.name}.{os.urandom(4).hex()}{suffix}"
        try:
            return candidate, create(candidate)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call `write` with a binary stream and, if it returns, put what it wrote at `path`.

    If `write` raises (or the process dies) the previous file at `path`, if any, is untouched
    and no partial file is left behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Mode 0o666 less the process's umask, as for any file the program opens for writing.
    temporary, descriptor = _beside(path, ".part",
                                    lambda candidate: os.open(candidate, _FILE_FLAGS, 0o666))
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    return path


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Put `data` at `path` atomically."""
    def write(stream: BinaryIO) -> None:
        stream.write(data)

    return write_atomic(path, write)


def write_folder_atomic(path: Path, files: Iterable[tuple[str, bytes]]) -> Path:
    """Put a folder of files at `path` as one: all of them, or (on any failure) none and the
    previous folder untouched.

    The files are written into a temporary folder beside `path`, which then takes its place by
    rename. A folder of notices is used as a set (one per unit, numbered together), so a reader
    must never see some files of this run beside some of the last: writing each file atomically
    would not prevent that, a folder renamed into place does. Where a previous folder stands, it
    is renamed aside first and removed after; in that instant `path` does not exist, which a
    reader sees as "not written yet", never as half a set. Names must be plain file names
    (`safe_names` makes them)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary, _ = _beside(path, ".part", lambda candidate: os.mkdir(candidate, 0o777))
    try:
        for name, data in files:
            if not name or Path(name).name != name or name in (".", ".."):
                raise ValueError(f"not a plain file name: {name!r}")
            target = temporary / name
            # "x": two files of one name is a bug, not a loss. Mode 0o666 less the umask.
            with open(target, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        _swap_in(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return path


def _swap_in(temporary: Path, path: Path) -> None:
    """Rename `temporary` to `path`, moving whatever stands at `path` aside first."""
    if not os.path.lexists(path):
        os.replace(temporary, path)
        return
    aside, _ = _beside(path, ".old", lambda candidate: os.mkdir(candidate, 0o700))
    os.rmdir(aside)  # only its unique name is wanted
    os.replace(path, aside)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.replace(aside, path)  # put the previous one back
        raise
    if aside.is_dir() and not aside.is_symlink():
        shutil.rmtree(aside, ignore_errors=True)
    else:
        aside.unlink(missing_ok=True)
