"""Write files so that a reader never sees half of one: write beside the target, then rename."""

from __future__ import annotations

import os
import tempfile
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
