"""The CJK font of the PDF: a TrueType font embedded as a subset, or reportlab's built-in fallback.

A TrueType font found on the system (`fonts.find_cjk_font`) or given by the user (`--font PATH`,
`RenderOptions.font`) is registered with reportlab, which embeds only the glyphs used. With none,
the PDF uses reportlab's built-in `STSong-Light` (a CID font every PDF viewer must supply, so it is
not embedded) and the renderer says so with a `FontNotEmbedded` warning, which the CLI prints as
one notice line.

This module imports reportlab only inside its functions, so the CLI can import `FontNotEmbedded`
without loading reportlab.
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ... import fonts
from ...fonts import FontChoice

BUILTIN_FONT = "STSong-Light"
FALLBACK_NOTICE = ("no CJK TrueType font found; the PDF uses the built-in STSong-Light, "
                   "which is not embedded")
# RenderOptions.extra key (config file): "builtin" forces STSong-Light even when a TrueType font
# is installed (a smaller file, for viewers known to have the font; also how tests reach it).
FONT_SETTING = "pdf_font"

_registered: dict[tuple[str, int], str] = {}
_lock = threading.Lock()


class FontNotEmbedded(UserWarning):
    """The PDF was written with the built-in STSong-Light because no CJK TrueType font was found.

    The message is one line, meant to be shown to the user as 「notice: <message>」."""


@dataclass(frozen=True)
class PdfFont:
    """The font the PDF's text is set in."""

    name: str
    """reportlab font name to use in styles and on the canvas."""
    embedded: bool
    """True for a TrueType font (embedded as a subset); False for the built-in fallback."""
    source: FontChoice | None = None
    """The font file (and .ttc index) when embedded."""


def choose_font(user_font: Path | None, extra: Mapping[str, object] | None = None) -> FontChoice | None:
    """The TrueType font to embed: the user's (validated: a bad path is a UsageError), else the
    first one found on the system, else None (use the built-in font)."""
    if user_font is not None:
        return fonts.font_from_path(Path(user_font))
    if extra and str(extra.get(FONT_SETTING, "")).lower() == "builtin":
        return None
    return fonts.find_cjk_font()


# Right-to-left scripts (Hebrew, Arabic and their presentation forms) and the invisible bidi
# controls, which a PDF text line has no use for.
_RTL_RUN = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
                      "(?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff ]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff])?")
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Either of the above: a line without any is drawn as it is (the usual case, and much faster).
_NEEDS_REORDER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visual_order(text: str) -> str:
    """A line as it is drawn: right-to-left runs reversed (the PDF draws left to right, and text
    extraction reverses them back), bidi controls dropped."""
    text = _BIDI_CONTROLS.sub("", text)
    return _RTL_RUN.sub(lambda match: match.group(0)[::-1], text)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but writing characters beyond U+FFFF (emoji) as the UTF-16
    surrogate pairs PDF requires (reportlab writes an odd-length hex string readers reject)."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
             "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
             "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
             f"{len(subset)} beginbfchar"]
    lines += [f"<{index:02X}> <{utf16(code)}>" for index, code in enumerate(subset)]
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _extractable_font_class() -> type:
    """reportlab's TrueType font, changed so that nothing drawn is lost to a reader of the PDF:

    - characters the font has no glyph for (emoji, Arabic in a CJK font) are drawn as the font's
      missing-glyph box but mapped to their own Unicode (reportlab maps them all to code 0, which
      extracts as NUL), with a correct CMap entry beyond U+FFFF;
    - right-to-left runs are drawn in visual order, so extraction gives them back in reading order.
    """
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap  # looked up by name when the PDF is written

    class ExtractableTTFont(ttfonts.TTFont):  # type: ignore[misc]
        def splitString(self, text, doc, encoding="utf-8"):  # type: ignore[no-untyped-def]
            if not isinstance(text, str):
                text = text.decode(encoding)
            if _NEEDS_REORDER.search(text):
                text = visual_order(text)
            seen = self.__dict__.setdefault("_seen_chars", set())
            # Usually every character has been seen: test that without building a set.
            if not seen.issuperset(text):
                new = set(text) - seen
                char_to_glyph = self.face.charToGlyph
                for char in new:
                    code = ord(char)
                    if code not in char_to_glyph and code not in (0, 0xA0):
                        char_to_glyph[code] = 0  # glyph 0 is the missing-glyph box
                seen |= new
            return super().splitString(text, doc, encoding)

        def getSubsetInternalName(self, subset, doc):  # type: ignore[no-untyped-def]
            # Asked for every run of every line (a CJK line switches subsets a dozen times):
            # each subset's name is remembered on the document's font state once known.
            names = getattr(self.state.get(doc), "yiwu_subset_names", None)
            if names is not None and subset in names:
                return names[subset]
            name = super().getSubsetInternalName(subset, doc)
            state = self.state[doc]
            if not hasattr(state, "yiwu_subset_names"):
                state.yiwu_subset_names = {}
            state.yiwu_subset_names[subset] = name
            return name

        @classmethod
        def with_face(cls, name: str, face: object) -> "ExtractableTTFont":
            """The font around a face already parsed (from the cache): what TTFont.__init__
            does, without parsing the file. A test checks it matches a parsed font."""
            from fnmatch import fnmatch
            from weakref import WeakKeyDictionary

            from reportlab import rl_config

            font = cls.__new__(cls)
            font.fontName = name
            font.face = face
            font.encoding = ttfonts.TTEncoding()
            font.state = WeakKeyDictionary()
            font._asciiReadable = rl_config.ttfAsciiReadable
            font.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)
            return font

    return ExtractableTTFont


def load_ttfont(name: str, choice: FontChoice) -> object:
    """The TrueType font of `choice`, from the parse cache when it is there."""
    from .font_cache import load_face, store_face

    font_class = _extractable_font_class()
    face = load_face(choice.path, choice.index)
    if face is not None:
        return font_class.with_face(name, face)
    font = font_class(name, str(choice.path), subfontIndex=choice.index)
    store_face(choice.path, choice.index, font.face)
    return font


def register(choice: FontChoice | None) -> PdfFont:
    """Register `choice` with reportlab (once per file and index) and return how to name it;
    the built-in CID font when `choice` is None."""
    from reportlab.pdfbase import pdfmetrics

    if choice is None:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        class VisualOrderCIDFont(UnicodeCIDFont):  # type: ignore[misc]
            """The built-in font, drawing right-to-left runs in visual order like ours."""

            def formatForPdf(self, text):  # type: ignore[no-untyped-def]
                return super().formatForPdf(visual_order(text))

        with _lock:
            if BUILTIN_FONT not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(VisualOrderCIDFont(BUILTIN_FONT))
        return PdfFont(BUILTIN_FONT, embedded=False)

    key = (str(choice.path.resolve()), choice.index)
    with _lock:
        name = _registered.get(key)
        if name is None:
            # Parsing a CJK font takes a while (megabytes of glyphs): do it once per process.
            # The name is unique per file and face so two fonts never shadow each other.
            stem = re.sub(r"[^A-Za-z0-9]+", "", choice.path.stem) or "Font"
            name = f"YiwuCJK-{stem}-{choice.index}-{len(_registered)}"
            pdfmetrics.registerFont(load_ttfont(name, choice))
            _registered[key] = name
    return PdfFont(name, embedded=True, source=choice)


def pdf_font(user_font: Path | None, extra: Mapping[str, object] | None = None) -> PdfFont:
    """The registered font for one PDF; warns `FontNotEmbedded` when falling back because no
    TrueType CJK font was found (not when the built-in font was asked for)."""
    choice = choose_font(user_font, extra)
    font = register(choice)
    asked_builtin = bool(extra) and str(extra.get(FONT_SETTING, "")).lower() == "builtin"
    if not font.embedded and not asked_builtin:
        warnings.warn(FontNotEmbedded(FALLBACK_NOTICE), stacklevel=2)
    return font
