"""Read a PDF back and find the characters drawn without a glyph (the boxes a reader would see).

For `--check`: every string a page shows (Tj, TJ, ' and ") is followed through the font it is
shown in. In an embedded TrueType font (FontFile2) each character code goes through the font
program's own character map to a glyph; glyph 0 (the missing-glyph box), or a glyph with no
outline for a character that is not blank, is a character drawn without a glyph, named by the
font's ToUnicode map. In a PDF base font (Helvetica, Times-Roman: every viewer has them) each code
must be a character of the Windows ANSI encoding. Fonts a viewer supplies itself (the built-in
STSong-Light) cannot be checked and are trusted. Reads with pypdf and `fonts.FontFile`, never with
the library that wrote the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, BinaryIO

from .system_fonts import Face, FontFile, is_blank

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BASE_FONTS = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


def _unicode_map(font: Any) -> dict[int, str]:
    """Character code → text, from the font's ToUnicode CMap (bfchar and bfrange entries)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data()
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for first, last, start in _BFRANGE.findall(block):
            base = int(start, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                found[code] = chr(base + offset)
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for code, text in _BFCHAR.findall(block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    return found


class _FontCheck:
    """How to tell, for one PDF font, whether a character code is drawn with a glyph."""

    def __init__(self, font: Any) -> None:
        self.to_text = _unicode_map(font)
        self.face: Face | None = None
        self.kind = "trusted"
        subtype = font.get("/Subtype")
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        if subtype == "/TrueType" and descriptor is not None and "/FontFile2" in descriptor:
            program = descriptor["/FontFile2"].get_object().get_data()
            self.face = FontFile(Path(str(font.get("/BaseFont", "font"))), program).faces[0]
            self.codes = self.face.file.code_map(self.face)
            self.kind = "truetype"
        elif subtype == "/Type1" and descriptor is None and \
                str(font.get("/BaseFont", "")).lstrip("/").startswith(_BASE_FONTS):
            self.kind = "base"

    def text(self, code: int) -> str:
        return self.to_text.get(code) or (bytes([code]).decode("cp1252", "replace")
                                          if self.kind == "base" else chr(code))

    def glyphless(self, code: int) -> bool:
        if self.kind == "truetype" and self.face is not None:
            glyph = self.codes.glyph(code)
            if glyph == 0:
                return True
            text = self.text(code)
            blank = bool(text) and all(is_blank(char) for char in text)
            return not blank and self.face.file.glyph_is_empty(self.face, glyph)
        if self.kind == "base":
            if code < 32:
                return True
            try:
                bytes([code]).decode("cp1252")
            except UnicodeDecodeError:
                return True
        return False


def _strings(operands: list[Any], operator: bytes) -> list[bytes]:
    if operator == b"TJ":
        return [_as_bytes(item) for item in operands[0] if isinstance(item, (bytes, str))]
    if operator in (b"Tj", b"'", b'"') and operands:
        return [_as_bytes(operands[-1])]
    return []


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    original = getattr(value, "original_bytes", None)
    return bytes(original) if original is not None else str(value).encode("latin-1", "replace")


def glyphless_characters(source: Path | BinaryIO) -> dict[str, int]:
    """Each character drawn in the PDF at `source` (a path or a binary stream) without a glyph,
    with the first page (1-based) it is drawn on. Only simple fonts (one byte a code) are
    followed; others are trusted."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(source if hasattr(source, "read") else str(source))
    checks: dict[int, _FontCheck] = {}
    found: dict[str, int] = {}
    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources")
        font_entry = resources.get_object().get("/Font") if resources is not None else None
        fonts: Any = font_entry.get_object() if font_entry is not None else {}
        contents = page.get_contents()
        if contents is None:
            continue
        current: _FontCheck | None = None
        for operands, operator in ContentStream(contents, reader).operations:
            if operator == b"Tf" and operands:
                # raw_get keeps the indirect reference (its idnum names the font across pages).
                reference = fonts.raw_get(operands[0]) if operands[0] in fonts else None
                font = reference.get_object() if reference is not None else None
                if font is None or font.get("/Subtype") == "/Type0":
                    current = None
                    continue
                key = getattr(reference, "idnum", None) or id(font)
                current = checks.get(key)
                if current is None:
                    current = checks[key] = _FontCheck(font)
                continue
            if current is None:
                continue
            for data in _strings(operands, operator):
                for code in data:
                    if current.glyphless(code):
                        found.setdefault(current.text(code), number)
    return found
