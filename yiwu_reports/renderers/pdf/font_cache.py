"""Keep reportlab's parse of a CJK font between runs.

Parsing a CJK TrueType font (tens of thousands of glyphs: the character map, widths and glyph
positions) takes about 0.1 s, a tenth of a whole run on one city's table. The parsed tables are
plain numbers and strings, so they are stored with `marshal` (which never runs code when it
loads) in a cache folder, keyed by the font file's path, size and modification time and by the
reportlab version; the font file itself is still read for the glyphs the PDF embeds. Any problem
with the cache (missing, stale, unwritable, another reportlab) just means parsing again.

The library writes nothing anywhere it was not asked to: the folder is given
(`RenderOptions.font_cache`); with none, nothing is kept. make-report gives the user's cache
folder (`core.resources.user_font_cache_dir`; YIWU_REPORTS_FONT_CACHE=0 turns that off).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

_FORMAT = 3


def _key(path: Path, index: int) -> str | None:
    import reportlab

    try:
        stat = path.stat()
    except OSError:
        return None
    text = f"{_FORMAT}|{reportlab.Version}|{path.resolve()}|{index}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def load_face(path: Path, index: int, folder: Path | None) -> Any | None:
    """reportlab's parsed face of the font from the cache in `folder`, or None (also when
    `folder` is None: no cache)."""
    from .reportlab_private import face_from_state

    key = _key(path, index) if folder is not None else None
    if folder is None or key is None:
        return None
    try:
        state = marshal.loads((folder / f"{key}.marshal").read_bytes())
        data = path.read_bytes()
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(state, dict):
        return None
    try:
        return face_from_state(state, data)
    except Exception:  # a cache another reportlab wrote, or damaged: parse the font again
        return None


def store_face(path: Path, index: int, face: Any, folder: Path | None) -> None:
    """Keep a freshly parsed face in `folder` for the next run (nothing when `folder` is None;
    silently skipped if writing fails)."""
    from .reportlab_private import face_state

    key = _key(path, index) if folder is not None else None
    if folder is None or key is None:
        return
    try:
        data = marshal.dumps(face_state(face))
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
            os.replace(temporary, folder / f"{key}.marshal")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        return
