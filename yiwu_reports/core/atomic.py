"""Write files so that a reader never sees half of one: write beside the target, then rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Callable


def _default_mode() -> int:
    # mkstemp creates files readable by the owner only; give the usual rw-r--r-- less umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call `write` with a binary stream and, if it returns, put what it wrote at `path`.

    If `write` raises (or the process dies) the previous file at `path`, if any, is untouched
    and no partial file is left behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _default_mode())
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
    temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    try:
        for name, data in files:
            if not name or Path(name).name != name or name in (".", ".."):
                raise ValueError(f"not a plain file name: {name!r}")
            target = temporary / name
            with open(target, "xb") as stream:  # "x": two files of one name is a bug, not a loss
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(target, _default_mode())
        os.chmod(temporary, 0o777 & ~_umask())
        _swap_in(temporary, path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return path


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _swap_in(temporary: Path, path: Path) -> None:
    """Rename `temporary` to `path`, moving whatever stands at `path` aside first."""
    if not os.path.lexists(path):
        os.replace(temporary, path)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
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
