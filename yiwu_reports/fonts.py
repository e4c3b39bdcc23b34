"""Find a CJK TrueType font on this machine, to embed in the PDF.

reportlab can use TrueType-outline fonts (.ttf, and .ttc collections with a sub-font
index) but reportlab cannot embed CFF-outline OpenType (most Noto Sans CJK .otf/.ttc files), so
those are skipped. Candidates come from fontconfig when it is there (Linux), then from the usual
font folders of Linux, Windows and macOS.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import UsageError

# File-name fragments of common CJK fonts, preferred in this order when scanning folders.
_KNOWN_CJK = ("simsun", "simfang", "simhei", "simkai", "msyh", "fangsong", "fzxbs", "fz",
              "wqy-microhei", "wqy-zenhei", "droidsansfallback", "notosanssc", "notoserifsc",
              "sourcehan", "arialuni", "stheiti", "stsong", "songti", "hiragino", "ukai", "uming")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
              "C:/Windows/Fonts", "~/AppData/Local/Microsoft/Windows/Fonts",
              "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts")
_TEST_CHAR = 0x4E2D  # 中
_LATIN_TEST = (0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A, 0x25)  # 0 9 A Z a z %


@dataclass(frozen=True)
class FontChoice:
    """A usable font: the file and, for a .ttc collection, which font inside it."""

    path: Path
    index: int = 0

    @property
    def name(self) -> str:
        return self.path.stem + (f"-{self.index}" if self.index else "")


def _sfnt_offsets(data: bytes) -> list[int]:
    """Offsets of the font(s) in a .ttf/.otf (one) or .ttc (several) file."""
    if data[:4] == b"ttcf":
        count = struct.unpack(">I", data[8:12])[0]
        return list(struct.unpack(f">{count}I", data[12:12 + 4 * count]))
    return [0]


def _tables(data: bytes, offset: int) -> dict[bytes, tuple[int, int]]:
    count = struct.unpack(">H", data[offset + 4:offset + 6])[0]
    tables = {}
    for i in range(count):
        record = data[offset + 12 + 16 * i: offset + 28 + 16 * i]
        tag, _checksum, start, length = struct.unpack(">4sIII", record)
        tables[tag] = (start, length)
    return tables


def _cmap_has(data: bytes, cmap: tuple[int, int], code: int) -> bool:
    """True when a format-4 or format-12 cmap subtable maps `code`."""
    base = cmap[0]
    count = struct.unpack(">H", data[base + 2:base + 4])[0]
    for i in range(count):
        _platform, _encoding, sub = struct.unpack(">HHI", data[base + 4 + 8 * i: base + 12 + 8 * i])
        table = base + sub
        fmt = struct.unpack(">H", data[table:table + 2])[0]
        if fmt == 4:
            segments = struct.unpack(">H", data[table + 6:table + 8])[0] // 2
            ends = struct.unpack(f">{segments}H", data[table + 14: table + 14 + 2 * segments])
            starts_at = table + 16 + 2 * segments
            starts = struct.unpack(f">{segments}H", data[starts_at: starts_at + 2 * segments])
            if any(s <= code <= e for s, e in zip(starts, ends)):
                return True
        elif fmt == 12:
            groups = struct.unpack(">I", data[table + 12:table + 16])[0]
            for g in range(groups):
                start, end, _glyph = struct.unpack(">III", data[table + 16 + 12 * g: table + 28 + 12 * g])
                if start <= code <= end:
                    return True
    return False


def _cjk_faces(path: Path) -> list[tuple[int, bool]]:
    """(index, has Latin letters and digits) of each font in `path` that has TrueType outlines
    and Chinese characters."""
    try:
        data = path.read_bytes()
        faces = []
        for index, offset in enumerate(_sfnt_offsets(data)):
            tables = _tables(data, offset)
            if b"glyf" in tables and b"cmap" in tables and _cmap_has(data, tables[b"cmap"], _TEST_CHAR):
                latin = all(_cmap_has(data, tables[b"cmap"], code) for code in _LATIN_TEST)
                faces.append((index, latin))
        return faces
    except (OSError, struct.error, IndexError, ValueError):
        return []


def usable_cjk_faces(path: Path) -> list[int]:
    """Indices of the fonts in `path` that have TrueType outlines and Chinese characters."""
    return [index for index, _latin in _cjk_faces(path)]


def _fontconfig_candidates() -> list[tuple[Path, int]]:
    if not shutil.which("fc-list"):
        return []
    try:
        done = subprocess.run(["fc-list", ":lang=zh", "file", "index"], capture_output=True,
                              text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(done.stdout.splitlines()):
        path, _, rest = line.partition(":")
        index = 0
        if "index=" in rest:
            try:
                index = int(rest.split("index=")[1].split(":")[0])
            except ValueError:
                index = 0
        found.append((Path(path.strip()), index))
    return found


def _folder_candidates() -> list[tuple[Path, int]]:
    files = []
    for folder in _FONT_DIRS:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        for current, _dirs, names in os.walk(root):
            for name in names:
                lowered = name.lower()
                if lowered.endswith((".ttf", ".ttc")) and any(k in lowered for k in _KNOWN_CJK):
                    files.append(Path(current) / name)
    rank = {k: i for i, k in enumerate(_KNOWN_CJK)}
    files.sort(key=lambda p: (min(rank[k] for k in _KNOWN_CJK if k in p.name.lower()), str(p)))
    return [(path, -1) for path in files]


@lru_cache(maxsize=1)
def find_cjk_font() -> FontChoice | None:
    """The first usable CJK TrueType font on this machine that also has Latin letters and
    digits (figures and units are in every task), else the first usable one, else None."""
    fallback = None
    for path, index in [*_fontconfig_candidates(), *_folder_candidates()]:
        faces = dict(_cjk_faces(path))
        if not faces:
            continue
        chosen = index if index in faces else next(iter(faces))
        if faces[chosen]:
            return FontChoice(path, chosen)
        # Droid Sans Fallback, for one, has no Latin at all: every figure would be a box.
        fallback = fallback or FontChoice(path, chosen)
    return fallback


def font_from_path(path: Path) -> FontChoice:
    """A font the user named (`--font PATH`): must be TrueType with Chinese characters."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"font file not found: {path}")
    faces = usable_cjk_faces(path)
    if not faces:
        raise UsageError(f"{path} is not a TrueType font with Chinese characters (CFF-based "
                         f"OpenType such as Noto Sans CJK .otf cannot be embedded)")
    return FontChoice(path, faces[0])


if __name__ == "__main__":  # python -m yiwu_reports.fonts: which font would be used
    choice = find_cjk_font()
    print(f"{choice.path} (index {choice.index})" if choice else "no CJK TrueType font found",
          file=sys.stdout)
