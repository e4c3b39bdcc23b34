"""File names made from data (a unit's name): safe on every system and never two alike.

A notice or workbook per lead unit is named after the unit, and unit names come from fifty offices'
tables: they may hold path separators (发改局/经信局 is split, but a hostile `../x` is not), control
characters, characters Windows refuses (<>:"|?*), a reserved device name (CON, aux.txt), or be
hundreds of characters long; two may differ only by case or by characters that are removed. So a
name is cleaned, cut to a length every file system takes, and made distinct from the names already
given, comparing as a case-insensitive file system does.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_NAME_BYTES = 120
"""The UTF-8 length a name's stem is cut to (file systems take 255 bytes; a folder path, a
number prefix and an extension need room too, and archive tools are less generous)."""

_UNSAFE = re.compile(r'[\\/<>:"|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s_]+")


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFC", name)
    # Control and format characters (bidi overrides, zero-width joiners) and unpaired
    # surrogates: dropped; separators and characters Windows refuses: an underscore.
    text = "".join("" if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn")
                   and char not in "\t\n" else char for char in text)
    text = _UNSAFE.sub("_", text)
    text = _SPACES.sub(lambda match: "_" if "_" in match.group() else " ", text)
    text = " ".join(text.split())
    return text.strip(" ._")  # no leading dot (hidden, ..), no trailing dot or space (Windows)


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, at a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore").rstrip(" ._")


def safe_stem(name: str, fallback: str = "未命名") -> str:
    """`name` as the stem of a file name: no separators, control or reserved characters, no
    leading dot, not a reserved device name, at most MAX_NAME_BYTES bytes. A cut name keeps a
    short digest of the whole, so two long names that share their start stay apart."""
    stem = _clean(name) or fallback
    if len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        stem = f"{_cut(stem, MAX_NAME_BYTES - 9)}~{digest}"
    if _RESERVED.match(stem.split(".")[0].strip()):
        stem = f"_{stem}"
    return stem


class NameBook:
    """Gives out file names that differ from each other as a case-insensitive file system
    compares them (NFC, case-folded)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    @staticmethod
    def _key(name: str) -> str:
        return unicodedata.normalize("NFC", name).casefold()

    def name(self, stem: str, extension: str) -> str:
        """`stem` + `extension`, or stem-2, stem-3 … + extension when taken."""
        candidate, number = f"{stem}{extension}", 1
        while self._key(candidate) in self._taken:
            number += 1
            candidate = f"{stem}-{number}{extension}"
        self._taken.add(self._key(candidate))
        return candidate


def numbered_names(units: list[str], extension: str) -> list[str]:
    """A file name per unit, in order: its place (01, 02 …, so a listing keeps the order), then
    the unit's name made safe: 01-经信局.docx. Never two alike, whatever the units are called."""
    width = max(2, len(str(len(units))))
    book = NameBook()
    return [book.name(f"{index:0{width}d}-{safe_stem(unit)}", extension)
            for index, unit in enumerate(units, start=1)]


__all__ = ["MAX_NAME_BYTES", "NameBook", "numbered_names", "safe_stem"]
