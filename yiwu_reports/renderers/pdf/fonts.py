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
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from ... import fonts
from ...fonts import FontChoice

BUILTIN_FONT = "STSong-Light"
_BUILTIN_NAME = "YiwuSTSong-Light"  # what it is registered as with reportlab
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


def choose_font(user_font: Path | FontChoice | None,
                extra: Mapping[str, object] | None = None) -> FontChoice | None:
    """The TrueType font to embed: the user's (a FontChoice as it is; a path validated: a bad
    one is a UsageError), else the first one found on the system, else None (use the built-in
    font)."""
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
    """Text as the PDF draws it: right-to-left runs in visual order (only when it has any)."""
    return visual_order(text) if _NEEDS_REORDER.search(text) else text


@lru_cache(maxsize=1)
def font_class() -> type:
    """The TrueType font class the PDF uses: `reportlab_private.ExtractableTTFont` (nothing
    drawn is lost to a reader of the PDF), drawing right-to-left runs in visual order."""
    from .reportlab_private import ExtractableTTFont

    class VisualOrderTTFont(ExtractableTTFont):
        prepare = staticmethod(_prepared)

    return VisualOrderTTFont


def load_ttfont(name: str, choice: FontChoice) -> object:
    """The TrueType font of `choice`, from the parse cache when it is there."""
    from .font_cache import load_face, store_face
    from .reportlab_private import new_ttfont

    face = load_face(choice.path, choice.index)
    if face is not None:
        font = new_ttfont(font_class(), name, face)
    else:
        font = font_class()(name, str(choice.path), subfontIndex=choice.index)
        store_face(choice.path, choice.index, font.face)
    font.cover_ascii()
    return font


def register(choice: FontChoice | None) -> PdfFont:
    """Register `choice` with reportlab (once per file and index) and return how to name it;
    the built-in CID font when `choice` is None."""
    from reportlab.pdfbase import pdfmetrics

    if choice is None:
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        class VisualOrderCIDFont(UnicodeCIDFont):  # type: ignore[misc]
            """The built-in font, drawing right-to-left runs in visual order like ours, under a
            name of our own: a program that uses STSong-Light itself keeps reportlab's."""

            def __init__(self) -> None:
                super().__init__(BUILTIN_FONT)
                self.name = self.fontName = _BUILTIN_NAME

            def formatForPdf(self, text):  # type: ignore[no-untyped-def]
                return super().formatForPdf(visual_order(text))

        with _lock:
            if _BUILTIN_NAME not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(VisualOrderCIDFont())
        return PdfFont(_BUILTIN_NAME, embedded=False)

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


def pdf_font(user_font: Path | FontChoice | None,
             extra: Mapping[str, object] | None = None) -> PdfFont:
    """The registered font for one PDF; warns `FontNotEmbedded` when falling back because no
    TrueType CJK font was found (not when the built-in font was asked for)."""
    choice = choose_font(user_font, extra)
    font = register(choice)
    asked_builtin = extra is not None and str(extra.get(FONT_SETTING, "")).lower() == "builtin"
    if not font.embedded and not asked_builtin:
        warnings.warn(FontNotEmbedded(FALLBACK_NOTICE), stacklevel=2)
    return font
