"""Traditional characters: recognise a table written in them, and give the assessment a simplified
copy of its text while every output keeps the text exactly as given.

Recognising needs no converter: a table of the common traditional-only characters (generated from
OpenCC's tables, `traditional_chars.py`) finds them and simplifies headers and period words. The
full conversion of task text uses OpenCC (t2s), loaded only when a table is traditional, so a
simplified table costs nothing more to assess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache

from .model import Block, Evidence, Task
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


def simplified_task(task: Task) -> Task:
    """A copy of `task` whose texts (title, lead, progress, extra cells) are simplified."""
    return replace(task, title=to_simplified(task.title), lead=to_simplified(task.lead),
                   progress=tuple(Block(block.kind, to_simplified(block.text))
                                  for block in task.progress),
                   extra=tuple((header, to_simplified(value)) for header, value in task.extra))


def _back(span: str | None, pairs: list[tuple[str, str]]) -> str | None:
    """The original text of a span found in a simplified copy (same positions), else the span."""
    if not span:
        return span
    for simplified, original in pairs:
        index = simplified.find(span)
        if index >= 0:
            return original[index:index + len(span)]
    return span


def with_original_text(original: Task, assessed: Task) -> Task:
    """`assessed` (the assessment of `simplified_task(original)`) with the text as given: the
    task's own texts, and every evidence span and metric mapped back to the original characters."""
    copy = simplified_task(original)
    pairs = [(copy.title, original.title), (copy.progress_text, original.progress_text)]
    pairs += [(simple, given) for (_h, simple), (_g, given) in zip(copy.extra, original.extra)]
    indicators = tuple(
        replace(indicator, metric=_back(indicator.metric, pairs) or indicator.metric,
                evidence=Evidence(_back(indicator.evidence.target, pairs) or "",
                                  _back(indicator.evidence.actual, pairs)))
        for indicator in assessed.indicators)
    return replace(assessed, title=original.title, lead=original.lead, progress=original.progress,
                   extra=original.extra, indicators=indicators)


def assess_in_simplified(task: Task, assess: Callable[[Task], Task]) -> Task:
    """`assess` run on a simplified copy of a traditional-character task; the result keeps the
    text exactly as given."""
    return with_original_text(task, assess(simplified_task(task)))


__all__ = ["assess_in_simplified", "is_traditional", "simplified_task", "simplify_common",
           "to_simplified", "traditional_count", "with_original_text"]
