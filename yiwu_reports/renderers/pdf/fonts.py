"""The CJK font of the PDF: a TrueType font embedded as a subset, or reportlab's built-in fallback.

A TrueType font found on the system (`fonts.find_cjk_font`, by preference) or given by the user
(`--font PATH`, `RenderOptions.font`) is registered with reportlab, which embeds only the glyphs
used. Each character it has no glyph for (Droid Sans Fallback's digits and letters, a rare
character) is drawn with the first of its fallbacks that has one (`fonts.fallback_fonts`: a Latin
TrueType font, other CJK fonts; then a PDF base font for Windows-ANSI characters), so no character
is drawn as the missing-glyph box while any font on the machine has it; those no font has are
logged once per document (and `--check` names them). With no TrueType CJK font at all, the PDF
uses reportlab's built-in `STSong-Light` (a CID font every PDF viewer must supply, so it is not
embedded) and the renderer says so with a `FontNotEmbedded` warning, which the CLI prints as one
notice line.

This module imports reportlab only inside its functions, so the CLI can import `FontNotEmbedded`
without loading reportlab.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import system_fonts as fonts
from .system_fonts import FontChoice

BUILTIN_FONT = "STSong-Light"
_BUILTIN_NAME = "YiwuSTSong-Light"  # what it is registered as with reportlab
FALLBACK_NOTICE = ("no CJK TrueType font found; the PDF uses the built-in STSong-Light, "
                   "which is not embedded")
# RenderOptions.extra key (config file): "builtin" forces STSong-Light even when a TrueType font
# is installed (a smaller file, for viewers known to have the font; also how tests reach it).
FONT_SETTING = "pdf_font"

_registered: dict[tuple[object, ...], str] = {}
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
    fallbacks: tuple[FontChoice, ...] = ()
    """TrueType fonts drawing the characters `source` has no glyph for, in the order tried
    (the PDF base fonts come after them, for the characters of Windows ANSI)."""


def choose_font(user_font: Path | FontChoice | None,
                extra: Mapping[str, object] | None = None) -> FontChoice | None:
    """The TrueType font to embed: the user's (a FontChoice as it is; a path validated: a bad
    one is a UsageError), else the preferred one found on the system, else None (use the
    built-in font)."""
    if isinstance(user_font, FontChoice):
        return user_font
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


def _prepared(text: str) -> str:
    """Text as the PDF draws it: right-to-left runs in visual order (only when it has any); a
    tab or carriage return left in a cell's text (\t=1+1, kept so that a spreadsheet does not
    take it for a formula) drawn as the space it stands for (no font has a glyph for them)."""
    if "\t" in text or "\r" in text:
        text = text.replace("\t", " ").replace("\r", " ")
    return visual_order(text) if _NEEDS_REORDER.search(text) else text


@lru_cache(maxsize=1)
def font_class() -> type:
    """The TrueType font class the PDF uses: `reportlab_private.ExtractableTTFont` (nothing
    drawn is lost to a reader of the PDF), drawing right-to-left runs in visual order."""
    from .reportlab_private import ExtractableTTFont

    class VisualOrderTTFont(ExtractableTTFont):
        prepare = staticmethod(_prepared)

    return VisualOrderTTFont


def load_ttfont(name: str, choice: FontChoice, font_type: type | None = None,
                cache: Path | None = None) -> Any:
    """The TrueType font of `choice` (of class `font_type`, `font_class()` by default), from the
    parse cache in the folder `cache` when it is there (and kept there when parsed); None: no
    cache."""
    from .font_cache import load_face, store_face
    from .reportlab_private import new_ttfont

    font_type = font_type or font_class()
    face = load_face(choice.path, choice.index, cache)
    if face is not None:
        font = new_ttfont(font_type, name, face)
    else:
        font = font_type(name, str(choice.path), subfontIndex=choice.index)
        store_face(choice.path, choice.index, font.face, cache)
    font.cover_ascii()
    return font


@lru_cache(maxsize=1)
def fallback_class() -> type:
    """The font class of the PDF's text: `font_class()` drawing what it lacks with fallbacks."""
    from .reportlab_private import FallbackTTFont

    class VisualOrderFallbackFont(FallbackTTFont):  # type: ignore[misc, valid-type]
        prepare = staticmethod(_prepared)

    return VisualOrderFallbackFont


# PDF base fonts for Windows-ANSI characters no TrueType font of the document has: a serif one
# beside a Song face, else a sans one.
BASE_SERIF, BASE_SANS = "Times-Roman", "Helvetica"


def _sources(choice: FontChoice, fallbacks: tuple[FontChoice, ...], stem: str,
             cache: Path | None) -> tuple[Any, ...]:
    """The fallback sources of the font of `choice`: each TrueType fallback (parsed when first
    needed), then a PDF base font."""
    from .reportlab_private import BaseFontSource, ExtractableTTFont, TrueTypeSource

    def loader(name: str, fallback: FontChoice) -> Callable[[], Any]:
        return lambda: load_ttfont(name, fallback, ExtractableTTFont, cache)

    sources: list[Any] = []
    for number, fallback in enumerate(fallbacks, start=1):
        face = fonts.face_of(fallback)
        if face is not None:
            sources.append(TrueTypeSource(face.has_glyph, loader(f"{stem}-fallback{number}", fallback)))
    sources.append(BaseFontSource(BASE_SERIF if fonts.is_serif(choice) else BASE_SANS))
    return tuple(sources)


def register(choice: FontChoice | None,
             fallbacks: tuple[FontChoice, ...] | None = None, cache: Path | None = None) -> PdfFont:
    """Register `choice` with reportlab (once per file, index and fallbacks) and return how to
    name it; the built-in CID font when `choice` is None. Characters it has no glyph for are
    drawn with `fallbacks` (by default `fonts.fallback_fonts(choice)`), then a PDF base font.
    `cache`: a folder keeping the fonts' parse between runs (`font_cache`), or None."""
    from reportlab.pdfbase import pdfmetrics

    from .reportlab_private import register_font

    if choice is None:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        class VisualOrderCIDFont(UnicodeCIDFont):  # type: ignore[misc]
            """The built-in font, drawing right-to-left runs in visual order like ours, under a
            name of our own: a program that uses STSong-Light itself keeps reportlab's."""

            def __init__(self) -> None:
                super().__init__(BUILTIN_FONT)
                self.name = self.fontName = _BUILTIN_NAME

            def formatForPdf(self, text):  # type: ignore[no-untyped-def]
                return super().formatForPdf(_prepared(text))

        with _lock:
            if _BUILTIN_NAME not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(VisualOrderCIDFont())
        return PdfFont(_BUILTIN_NAME, embedded=False)

    if fallbacks is None:
        fallbacks = fonts.fallback_fonts(choice)
    key = (str(choice.path.resolve()), choice.index,
           tuple((str(f.path.resolve()), f.index) for f in fallbacks))
    with _lock:
        name = _registered.get(key)
        if name is None:
            # Parsing a CJK font takes a while (megabytes of glyphs): do it once per process.
            # The name is unique per file, face and fallbacks so two fonts never shadow each
            # other.
            stem = re.sub(r"[^A-Za-z0-9]+", "", choice.path.stem) or "Font"
            name = f"YiwuCJK-{stem}-{choice.index}-{len(_registered)}"
            font = load_ttfont(name, choice, fallback_class(), cache)
            font.sources = _sources(choice, fallbacks, name, cache)
            register_font(font)
            _registered[key] = name
    return PdfFont(name, embedded=True, source=choice, fallbacks=fallbacks)


def pdf_font(user_font: Path | FontChoice | None,
             extra: Mapping[str, object] | None = None, cache: Path | None = None) -> PdfFont:
    """The registered font for one PDF; warns `FontNotEmbedded` when falling back because no
    TrueType CJK font was found (not when the built-in font was asked for). `cache`: the folder
    of the font parse cache, or None for none (`RenderOptions.font_cache`)."""
    choice = choose_font(user_font, extra)
    font = register(choice, cache=cache)
    asked_builtin = extra is not None and str(extra.get(FONT_SETTING, "")).lower() == "builtin"
    if not font.embedded and not asked_builtin:
        warnings.warn(FontNotEmbedded(FALLBACK_NOTICE), stacklevel=2)
    return font
