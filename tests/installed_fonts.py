"""Which characters no font on this machine can draw in a PDF, found with fontTools (not the code
that chooses the PDF's fonts): a character is drawable when a TrueType face (glyf outlines:
what a PDF embeds) in the font folders the PDF renderer searches maps it to a glyph with an
outline, or when it is in Windows ANSI (the PDF base fonts). Tests then expect exactly those to
be named by `--check`, whatever fonts this machine has."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path


def _drawn_as_nothing(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf")


@cache
def _font_files(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    return tuple(sorted(path for folder in folders if folder.is_dir()
                        for path in folder.rglob("*")
                        if path.suffix.lower() in (".ttf", ".ttc", ".otf")))


def _faces(path: Path):
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() == ".ttc":
            return list(TTCollection(str(path), lazy=True).fonts)
        return [TTFont(str(path), lazy=True)]
    except Exception:  # not a font fontTools reads: nor would the renderer
        return []


def characters_no_font_has(text: str) -> set[str]:
    """The characters of `text` that no installed TrueType face draws with an outline and that
    the PDF base fonts do not have either."""
    from yiwu_reports.renderers.pdf import system_fonts

    missing = set()
    for char in set(text):
        if _drawn_as_nothing(char):
            continue
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            missing.add(char)
    folders = tuple(system_fonts.search_folders())
    for path in _font_files(folders):
        if not missing:
            break
        for face in _faces(path):
            if "glyf" not in face or "cmap" not in face:
                continue
            cmap = face.getBestCmap() or {}
            glyphs = face["glyf"]
            for char in list(missing):
                name = cmap.get(ord(char))
                if name is not None and name != ".notdef" and \
                        glyphs[name].numberOfContours != 0:
                    missing.discard(char)
    return missing
