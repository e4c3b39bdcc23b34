"""Find the fonts of the PDF on this machine: a CJK TrueType font, and fonts for what it lacks.

The CJK font is chosen by preference, not by where it happens to be installed: a Song or
Fangsong face (宋体, 仿宋, Noto Serif CJK and Source Han Serif in TrueType, AR PL UMing …) first,
as official documents are set in them; then Hei faces (WenQuanYi Micro Hei, 黑体, 微软雅黑 …); then
Kai and any other font with Chinese characters; Droid Sans Fallback last, since it has Chinese
characters but no Latin letters or digits. reportlab embeds TrueType outlines only (`glyf`), so
CFF-outline OpenType faces (most Noto Sans CJK .otf/.ttc files) are skipped.

Characters the CJK font has no glyph for (Droid's digits and letters, a rare character) are drawn
with a fallback: a Latin TrueType font found the same way (serif for a Song face, sans for a Hei
face), then the other CJK faces, then every other TrueType face installed (Hebrew or Arabic in
DejaVu Sans, whatever the machine has), Latin faces and regular faces first; the PDF renderer falls back to the
PDF base fonts for ASCII when there is no TrueType fallback (`fallback_fonts`).

Candidates come from the usual font folders of Linux, Windows and macOS, each file's own name
table naming its faces; no other program is asked (fontconfig's fc-list would mean starting a
process inside the caller's, which a library must not do). Setting YIWU_REPORTS_FONT_DIRS to folders (separated by the platform's
path separator, ':' on Linux) makes those folders the only place fonts are looked for: how to
test a machine that has one font only, or keep a server's PDFs independent of what else is
installed. Each font file is read once however many faces it holds, and only the tables needed
(the table directory, names, character map, glyph offsets) are read from it.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...core.errors import UsageError

FONT_DIRS_VARIABLE = "YIWU_REPORTS_FONT_DIRS"
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
              "C:/Windows/Fonts", "~/AppData/Local/Microsoft/Windows/Fonts",
              "/Library/Fonts", "/System/Library/Fonts", "~/Library/Fonts")
_TEST_CHAR = 0x4E2D  # 中
# What a Latin fallback must have: the digits, letters and signs of every document.
_LATIN_TEST = "0123456789AZaz%.,()"

# Preference among CJK faces, best first: fragments of the family or file name (lower case).
_SONG = ("simsun", "nsimsun", "宋体", "fangsong", "仿宋", "simfang", "fzxbs", "小标宋", "fzfs",
         "fzsong", "stsong", "songti", "stfangsong", "noto serif cjk", "notoserifcjk",
         "notoserifsc", "source han serif", "sourcehanserif", "uming", "ar pl uming", "ming",
         "song", "sung")
_HEI = ("simhei", "黑体", "wenquanyi micro hei", "wqy-microhei", "microsoft yahei", "msyh",
        "微软雅黑", "wenquanyi zen hei", "wqy-zenhei", "noto sans cjk", "notosanscjk",
        "notosanssc", "source han sans", "sourcehansans", "pingfang", "stheiti", "heiti",
        "hiragino sans gb", "arial unicode", "arialuni", "hei")
_KAI = ("simkai", "楷体", "kaiti", "stkaiti", "ukai", "ar pl ukai", "kai")
_LAST = ("droid sans fallback", "droidsansfallback", "droid")
# Latin fallbacks, best first, for a Song face (serif) and for the others (sans).
_LATIN_SERIF = ("times new roman", "liberation serif", "tinos", "dejavu serif", "noto serif",
                "freeserif", "nimbus roman")
_LATIN_SANS = ("arial", "liberation sans", "arimo", "dejavu sans", "noto sans", "freesans",
               "nimbus sans", "helvetica")
# A regular face before the others of its family; a face for Simplified Chinese before the rest.
_NOT_REGULAR = ("bold", "light", "thin", "black", "heavy", "medium", "semibold", "extralight",
                "italic", "oblique", "condensed", "mono")
_OTHER_SCRIPTS = (" jp", " kr", " tc", " hk", "japanese", "korean")


@dataclass(frozen=True)
class FontChoice:
    """A usable font: the file and, for a .ttc collection, which font inside it."""

    path: Path
    index: int = 0

    @property
    def name(self) -> str:
        return self.path.stem + (f"-{self.index}" if self.index else "")


class CharMap:
    """A face's character map (a format 0, 4, 6 or 12 subtable): code → glyph id, 0 for none."""

    def __init__(self, data: bytes, offset: int, fmt: int) -> None:
        self._data, self._offset, self._fmt = data, offset, fmt
        if fmt == 4:
            segments = struct.unpack(">H", data[offset + 6:offset + 8])[0] // 2
            self._ends = struct.unpack(f">{segments}H", data[offset + 14:offset + 14 + 2 * segments])
            base = offset + 16 + 2 * segments
            self._starts = struct.unpack(f">{segments}H", data[base:base + 2 * segments])
            base += 2 * segments
            self._deltas = struct.unpack(f">{segments}h", data[base:base + 2 * segments])
            self._range_base = base + 2 * segments
            self._ranges = struct.unpack(f">{segments}H",
                                         data[self._range_base:self._range_base + 2 * segments])
        elif fmt in (0, 6):
            first, count = (0, 256) if fmt == 0 else struct.unpack(">HH", data[offset + 6:offset + 10])
            size, start = (1, offset + 6) if fmt == 0 else (2, offset + 10)
            glyphs = struct.unpack(f">{count}{'B' if size == 1 else 'H'}",
                                   data[start:start + size * count])
            self._starts, self._ends, self._glyphs = (first,), (first + count - 1,), tuple(glyphs)
        elif fmt == 12:
            groups = struct.unpack(">I", data[offset + 12:offset + 16])[0]
            triples = struct.unpack(f">{3 * groups}I", data[offset + 16:offset + 16 + 12 * groups])
            self._starts = triples[0::3]
            self._ends = triples[1::3]
            self._glyphs = triples[2::3]
        else:
            raise ValueError(f"character map format {fmt} is not read")

    def glyph(self, code: int) -> int:
        if self._fmt == 4:
            if code > 0xFFFF:
                return 0
            at = bisect_right(self._ends, code - 1)  # first segment whose end >= code
            if at >= len(self._ends) or self._starts[at] > code:
                return 0
            if self._ranges[at] == 0:
                return (code + self._deltas[at]) & 0xFFFF
            where = self._range_base + 2 * at + self._ranges[at] + 2 * (code - self._starts[at])
            glyph = struct.unpack(">H", self._data[where:where + 2])[0]
            return (glyph + self._deltas[at]) & 0xFFFF if glyph else 0
        if self._fmt in (0, 6):
            first = self._starts[0]
            return int(self._glyphs[code - first]) if first <= code <= self._ends[0] else 0
        at = bisect_right(self._starts, code) - 1
        if at < 0 or code > self._ends[at]:
            return 0
        return int(self._glyphs[at] + code - self._starts[at])


@dataclass
class Face:
    """One font in a font file: its names, whether it has TrueType outlines, and its tables."""

    file: FontFile
    index: int
    tables: dict[bytes, tuple[int, int]]
    family: str
    style: str

    @property
    def truetype(self) -> bool:
        return b"glyf" in self.tables and b"loca" in self.tables and b"cmap" in self.tables

    def has_glyph(self, char: str) -> bool:
        """True when the face draws `char` with a glyph of its own (not the missing-glyph box,
        not an empty outline unless the character is blank)."""
        glyph = self.file.charmap(self).glyph(ord(char)) if self.truetype else 0
        if glyph == 0:
            return False
        return is_blank(char) or not self.file.glyph_is_empty(self, glyph)

    def missing(self, chars: Iterable[str]) -> set[str]:
        """The characters of `chars` this face has no glyph for."""
        return {char for char in set(chars) if not self.has_glyph(char)}

    @property
    def choice(self) -> FontChoice:
        return FontChoice(self.file.path, self.index)


def is_blank(char: str) -> bool:
    """Characters drawn as nothing: spaces, line and format controls (an empty glyph is right)."""
    return char.isspace() or unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf")


class FontFile:
    """A .ttf/.otf/.ttc file, opened once and mapped into memory: the table directory of each
    face, and the tables asked for, read as they are needed (a CJK collection is tens of
    megabytes, of which the names, character map and glyph offsets are a small part)."""

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        """The font file at `path`, or the font program `data` (a PDF's embedded font; `path`
        then only names it)."""
        self.path = Path(path)
        self._charmaps: dict[int, CharMap] = {}
        self._locas: dict[int, tuple[int, bytes]] = {}
        if data is None:
            with open(self.path, "rb") as stream:
                self._data: bytes | mmap.mmap = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        else:
            self._data = data
        head = self._data[:12]
        if head[:4] == b"ttcf":
            count = struct.unpack(">I", head[8:12])[0]
            offsets = list(struct.unpack(f">{count}I", self._data[12:12 + 4 * count]))
        else:
            offsets = [0]
        self.faces = [self._face(index, offset) for index, offset in enumerate(offsets)]

    def _face(self, index: int, offset: int) -> Face:
        count = struct.unpack(">H", self._data[offset + 4:offset + 6])[0]
        directory = self._data[offset + 12:offset + 12 + 16 * count]
        tables = {}
        for i in range(count):
            tag, _checksum, start, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
            tables[tag] = (start, length)
        face = Face(self, index, tables, "", "")
        face.family, face.style = self._names(tables)
        return face

    def _read(self, where: tuple[int, int]) -> bytes:
        if where[0] + where[1] > len(self._data):
            raise ValueError(f"{self.path}: a table runs past the end of the file")
        return bytes(self._data[where[0]:where[0] + where[1]])

    def table(self, face: Face, tag: bytes) -> bytes:
        return self._read(face.tables[tag])

    def _names(self, tables: dict[bytes, tuple[int, int]]) -> tuple[str, str]:
        """The family (name id 16, else 1) and style (17, else 2), all languages joined."""
        if b"name" not in tables:
            return "", ""
        data = self._read(tables[b"name"])
        count, strings = struct.unpack(">HH", data[2:6])
        found: dict[int, list[str]] = {}
        for i in range(count):
            platform, encoding, _language, name_id, length, start = struct.unpack(
                ">HHHHHH", data[6 + 12 * i:18 + 12 * i])
            if name_id not in (1, 2, 16, 17):
                continue
            raw = data[strings + start:strings + start + length]
            if platform == 3 or platform == 0:
                text = raw.decode("utf-16-be", "replace")
            elif platform == 1 and encoding == 0:
                text = raw.decode("mac_roman", "replace")
            else:
                continue
            if text not in found.setdefault(name_id, []):
                found[name_id].append(text)
        family = found.get(16) or found.get(1) or []
        style = found.get(17) or found.get(2) or []
        return ",".join(family), ",".join(style)

    def charmap(self, face: Face) -> CharMap:
        """The face's Unicode character map (format 12 preferred, else format 4)."""
        cached = self._charmaps.get(face.index)
        if cached is not None:
            return cached
        data = self.table(face, b"cmap")
        count = struct.unpack(">H", data[2:4])[0]
        best: tuple[int, int] | None = None
        for i in range(count):
            platform, encoding, offset = struct.unpack(">HHI", data[4 + 8 * i:12 + 8 * i])
            if (platform, encoding) not in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3), (0, 1), (0, 0)):
                continue
            fmt = struct.unpack(">H", data[offset:offset + 2])[0]
            rank = {12: 0, 4: 1}.get(fmt)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, offset)
        if best is None:
            raise ValueError(f"{self.path}: no Unicode character map")
        charmap = CharMap(data, best[1], 12 if best[0] == 0 else 4)
        self._charmaps[face.index] = charmap
        return charmap

    def code_map(self, face: Face) -> CharMap:
        """The character map a PDF viewer uses for a symbolic TrueType font (character code →
        glyph): the (3, 0) subtable, else (1, 0), else the first one."""
        data = self.table(face, b"cmap")
        count = struct.unpack(">H", data[2:4])[0]
        subtables = [struct.unpack(">HHI", data[4 + 8 * i:12 + 8 * i]) for i in range(count)]
        if not subtables:
            raise ValueError(f"{self.path}: no character map")
        order = {(3, 0): 0, (1, 0): 1}
        _platform, _encoding, offset = min(subtables, key=lambda s: order.get((s[0], s[1]), 2))
        return CharMap(data, offset, struct.unpack(">H", data[offset:offset + 2])[0])

    def glyph_is_empty(self, face: Face, glyph: int) -> bool:
        """True when `glyph` has no outline (its `loca` entry spans nothing)."""
        loca = self._locas.get(face.index)
        if loca is None:
            head = self.table(face, b"head")
            long_offsets = struct.unpack(">h", head[50:52])[0] == 1
            loca = (4 if long_offsets else 2, self.table(face, b"loca"))
            self._locas[face.index] = loca
        size, data = loca
        fmt = ">I" if size == 4 else ">H"
        start_at, end_at = glyph * size, (glyph + 1) * size
        if end_at + size > len(data):
            return True
        start = struct.unpack(fmt, data[start_at:start_at + size])[0]
        end = struct.unpack(fmt, data[end_at:end_at + size])[0]
        return bool(end <= start)


_files: dict[tuple[str, int, int], FontFile | None] = {}
_files_lock = threading.Lock()


def font_file(path: Path) -> FontFile | None:
    """The font file at `path`, read once per process (per size and modification time); None
    for a file that is not a font."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _files_lock:
        if key in _files:
            return _files[key]
    try:
        found: FontFile | None = FontFile(Path(path))
    except (OSError, struct.error, IndexError, ValueError):
        found = None
    with _files_lock:
        _files[key] = found
    return found


def face_of(choice: FontChoice) -> Face | None:
    """The face a FontChoice names, or None when the file or face cannot be read."""
    file = font_file(choice.path)
    if file is None or not 0 <= choice.index < len(file.faces):
        return None
    return file.faces[choice.index]


def _has_chinese(face: Face) -> bool:
    try:
        return face.truetype and face.has_glyph(chr(_TEST_CHAR))
    except (struct.error, IndexError, ValueError):
        return False


def usable_cjk_faces(path: Path) -> list[int]:
    """Indices of the fonts in `path` that have TrueType outlines and Chinese characters."""
    file = font_file(Path(path))
    return [face.index for face in file.faces if _has_chinese(face)] if file else []


def search_folders(chosen: str | None = None) -> list[Path]:
    """The folders to look for fonts in: those YIWU_REPORTS_FONT_DIRS (or `chosen`) names, else
    the platform's usual ones."""
    if chosen is None:
        chosen = os.environ.get(FONT_DIRS_VARIABLE)
    if chosen is not None:
        return [Path(os.path.expanduser(p)) for p in chosen.split(os.pathsep) if p]
    return [Path(os.path.expanduser(p)) for p in _FONT_DIRS]


@dataclass(frozen=True)
class _Candidate:
    path: Path
    index: int  # -1: every face of the file
    names: str  # family, style and file name, lower case, for ranking


def _folder_files(folders: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for root in folders:
        if not root.is_dir():
            continue
        for current, dirs, names in os.walk(root):
            dirs.sort()
            files.extend(Path(current) / name for name in sorted(names)
                         if name.lower().endswith((".ttf", ".ttc", ".otf")))
    return files


def _folder_candidates(folders: Iterable[Path]) -> list[_Candidate]:
    """Every face of every font file in `folders`, named from its own name table."""
    found = []
    for path in _folder_files(folders):
        file = font_file(path)
        if file is None:
            continue
        for face in file.faces:
            found.append(_Candidate(path, face.index,
                                    f"{face.family}\t{face.style}\t{path.name}".lower()))
    return found


def _tier(names: str, tiers: tuple[tuple[str, ...], ...]) -> tuple[int, int]:
    for number, fragments in enumerate(tiers):
        for place, fragment in enumerate(fragments):
            if fragment in names:
                return number, place
    return len(tiers), 0


def _cjk_rank(candidate: _Candidate) -> tuple[object, ...]:
    names = candidate.names
    tier, place = _tier(names, (_SONG, _HEI, _KAI))
    if any(fragment in names for fragment in _LAST):
        tier, place = 9, 0
    style = names.split("\t")[1] if "\t" in names else ""
    return (tier, any(word in names.split("\t")[0] + "\t" + style for word in _OTHER_SCRIPTS),
            place, any(word in style or word in names.split("\t")[0] for word in _NOT_REGULAR),
            str(candidate.path), candidate.index)


@cache
def _candidates(chosen: str | None) -> tuple[_Candidate, ...]:
    """Every face in the font folders (see `search_folders`), once per process."""
    return tuple(_folder_candidates(search_folders(chosen)))


def cjk_faces() -> tuple[FontChoice, ...]:
    """Every usable CJK TrueType face on this machine, best first (see the module's docstring).
    Looked for once per process (and per value of YIWU_REPORTS_FONT_DIRS)."""
    return _cjk_faces(os.environ.get(FONT_DIRS_VARIABLE))


@cache
def _cjk_faces(chosen: str | None) -> tuple[FontChoice, ...]:
    seen: set[tuple[str, int]] = set()
    ranked = []
    for candidate in sorted(_candidates(chosen), key=_cjk_rank):
        file = font_file(candidate.path)
        if file is None:
            continue
        for face in file.faces if candidate.index < 0 else file.faces[candidate.index:candidate.index + 1]:
            key = (str(candidate.path), face.index)
            if key in seen or not _has_chinese(face):
                continue
            seen.add(key)
            ranked.append(face.choice)
    return tuple(ranked)


def find_cjk_font() -> FontChoice | None:
    """The preferred usable CJK TrueType font on this machine, or None."""
    faces = cjk_faces()
    return faces[0] if faces else None


def is_serif(choice: FontChoice) -> bool:
    """True for a Song or Fangsong face (its Latin fallback is then a serif face too)."""
    face = face_of(choice)
    names = f"{face.family}\t{choice.path.name}".lower() if face else choice.path.name.lower()
    return _tier(names, (_SONG,))[0] == 0


def latin_faces(serif: bool) -> tuple[FontChoice, ...]:
    """Latin TrueType faces with every digit and letter, best first: the preferred style's
    known families (serif or sans), then the other style's."""
    return _latin_faces(serif, os.environ.get(FONT_DIRS_VARIABLE))


@cache
def _latin_faces(serif: bool, chosen: str | None) -> tuple[FontChoice, ...]:
    order = (_LATIN_SERIF, _LATIN_SANS) if serif else (_LATIN_SANS, _LATIN_SERIF)
    known = order[0] + order[1]
    ranked = []
    for candidate in _candidates(chosen):
        family = candidate.names.split("\t")[0]
        place = next((i for i, name in enumerate(known) if family.startswith(name)), None)
        if place is None:
            continue
        regular = not any(word in candidate.names.split("\t")[1] or word in family
                          for word in _NOT_REGULAR)
        ranked.append(((not regular, place, str(candidate.path), candidate.index), candidate))
    faces: list[FontChoice] = []
    for _key, candidate in sorted(ranked, key=lambda item: item[0]):
        file = font_file(candidate.path)
        if file is None:
            continue
        for face in file.faces if candidate.index < 0 else file.faces[candidate.index:candidate.index + 1]:
            try:
                if face.truetype and not face.missing(_LATIN_TEST) and face.choice not in faces:
                    faces.append(face.choice)
            except (struct.error, IndexError, ValueError):
                continue
    return tuple(faces)


def truetype_faces() -> tuple[FontChoice, ...]:
    """Every TrueType face on this machine (see `search_folders`), regular faces first, then by
    file and index. Looked for once per process (and per value of YIWU_REPORTS_FONT_DIRS)."""
    return _truetype_faces(os.environ.get(FONT_DIRS_VARIABLE))


@cache
def _truetype_faces(chosen: str | None) -> tuple[FontChoice, ...]:
    ranked = []
    for candidate in _candidates(chosen):
        face = face_of(FontChoice(candidate.path, candidate.index))
        if face is None or not face.truetype:
            continue
        family, style = (candidate.names.split("\t") + ["", ""])[:2]
        regular = not any(word in style or word in family for word in _NOT_REGULAR)
        ranked.append(((not regular, str(candidate.path), candidate.index), face.choice))
    return tuple(choice for _key, choice in sorted(ranked, key=lambda item: item[0]))


def fallback_fonts(primary: FontChoice | None, alternates: int = 2) -> tuple[FontChoice, ...]:
    """The TrueType faces that draw what `primary` cannot, in the order they are tried: the
    first Latin face (serif after a Song face, else sans), then up to `alternates` other CJK
    faces from other files, then every other TrueType face on the machine: the other Latin
    faces in their order, then the rest (`truetype_faces`), so that a character any installed
    font has is drawn with a glyph. Each is parsed only when a character needs it."""
    if primary is None:
        return ()
    latin = latin_faces(is_serif(primary))
    chain: list[FontChoice] = list(latin[:1])
    for face in cjk_faces():
        if len(chain) >= 1 + alternates:
            break
        if face.path != primary.path and all(face.path != other.path for other in chain):
            chain.append(face)
    chain += [face for face in (*latin[1:], *truetype_faces()) if face not in chain]
    return tuple(choice for choice in chain if choice != primary)


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


if __name__ == "__main__":  # python -m yiwu_reports.renderers.pdf.system_fonts: which fonts would be used
    choice = find_cjk_font()
    print(f"{choice.path} (index {choice.index})" if choice else "no CJK TrueType font found",
          file=sys.stdout)
    for fallback in fallback_fonts(choice):
        print(f"  fallback: {fallback.path} (index {fallback.index})", file=sys.stdout)
