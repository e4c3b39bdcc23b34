"""Traditional characters: recognise a table written in them, and convert text to simplified
characters position for position (the assessment judges a simplified copy of a task:
`assessment/simplified.py`).

Recognising needs no converter: a table of the common traditional-only characters (generated from
OpenCC's tables, `traditional_chars.py`) finds them and simplifies headers and period words. The
full conversion of task text uses OpenCC (t2s), loaded only when a table is traditional, so a
simplified table costs nothing more to assess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from .traditional_chars import SIMPLIFIED, TRADITIONAL

_T2S = str.maketrans(TRADITIONAL, SIMPLIFIED)
_DROP_TRADITIONAL = str.maketrans("", "", TRADITIONAL)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# In traditional text about a fifth of the characters have another simplified form, most of them
# in our table; a simplified table holds none (a stray one in a name is not enough).
_MIN_SHARE = 0.04
_MIN_COUNT = 3


def simplify_common(text: str) -> str:
    """`text` with the common traditional characters simplified, one for one (序號 → 序号)."""
    return text.translate(_T2S)


def traditional_count(text: str) -> int:
    """How many of the common traditional-only characters `text` holds."""
    return len(text) - len(text.translate(_DROP_TRADITIONAL))


def is_traditional(texts: Iterable[str]) -> bool:
    """True when `texts` (a table's title, headers and first rows) are in traditional characters."""
    han = traditional = 0
    for text in texts:
        han += len(_HAN.findall(text))
        traditional += traditional_count(text)
    return traditional >= _MIN_COUNT and traditional >= _MIN_SHARE * han


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    import opencc  # only for a traditional table: its dictionaries take a moment to load

    return opencc.OpenCC("t2s").convert  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def _one(character: str) -> str:
    converted = _converter()(character)
    return converted if len(converted) == 1 else character


def to_simplified(text: str) -> str:
    """`text` in simplified characters (OpenCC t2s), the same length as `text`, so that a span
    found in the copy is the same span of the original."""
    if not text or text.isascii():
        return text
    converted = _converter()(text)
    if len(converted) == len(text):
        return converted
    # A phrase changed length (rare): convert character by character to keep positions.
    return "".join(_one(character) for character in text)


__all__ = ["is_traditional", "simplify_common", "to_simplified", "traditional_count"]
