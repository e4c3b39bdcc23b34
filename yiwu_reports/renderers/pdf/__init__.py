"""The PDF summary (`--format pdf`): `document` builds it; `fonts` and `font_cache` (the CJK font
and its parse cache), `tables`, `wrap` (Chinese line breaking) and `charts` are its parts.
Importing this package imports nothing heavy (`fonts` loads reportlab only to register a font);
`document` imports reportlab."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .fonts import FALLBACK_NOTICE, FONT_SETTING, choose_font
from .system_fonts import fallback_fonts

if TYPE_CHECKING:
    from .. import Preparation


def prepare(preparation: Preparation) -> Preparation:
    """The run's PDF font, chosen once: the fingerprint names the font the PDF is really set in,
    and a missing CJK font is one notice, not a warning per document."""
    options = preparation.options
    font = choose_font(options.font, options.extra)
    if font is None:
        extra = {**options.extra, FONT_SETTING: "builtin"}
        return replace(preparation, options=replace(options, font=None, extra=extra),
                       pdf_font="builtin", notices=(*preparation.notices, FALLBACK_NOTICE))
    return replace(preparation, options=replace(options, font=font), pdf_font=str(font.path),
                   pdf_fallbacks=tuple(str(choice.path) for choice in fallback_fonts(font)))
