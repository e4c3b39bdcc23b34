"""Figures beyond the range a progress table's figures live in are text, not figures.

A 400-digit number is `inf` as a float, and infinity travels: ratios, JSON (`Infinity`, `NaN`,
which strict readers refuse), the workbook and the Word chart (OverflowError). So before a task
is judged, every number written with more than MAX_INTEGER_DIGITS digits before its decimal point
or more than MAX_FRACTION_DIGITS after it is masked in a copy of the task's texts, position for
position (the way a traditional-character task is judged on a simplified copy); the task is
judged on the copy, and its texts and evidence stay as written. The run says which rows held
such numbers. Every figure that is judged is then finite, and so is every ratio of two of them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..core.model import Block, Task
from .quantities import to_halfwidth

MAX_INTEGER_DIGITS = 15
"""Digits before the decimal point of a figure (999万亿 has 15; no progress table has more)."""
MAX_FRACTION_DIGITS = 15
"""Digits after the decimal point of a figure."""
# A number as the figure readers split them (`quantities`): 1,234,567.5 is one, 1,2,3 three.
_RUN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Cheap test first: an oversized number has at least 16 digits (or separators) in a row.
_LONG = re.compile(r"[\d,]{16}")
_MASK = "＃"


def oversized_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every number in `text` beyond the range of figures."""
    spans = []
    for match in _RUN.finditer(to_halfwidth(text)):
        whole, _, fraction = match.group(0).partition(".")
        if sum(char.isdigit() for char in whole) > MAX_INTEGER_DIGITS or \
                len(fraction) > MAX_FRACTION_DIGITS:
            spans.append(match.span())
    return spans


def mask_oversized(text: str) -> str:
    """`text` with every number beyond the range of figures replaced by as many ＃ (same
    length, so spans found in the copy fit the original)."""
    spans = oversized_numbers(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], _MASK * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def masked_task(task: Task) -> Task | None:
    """A copy of `task` whose texts have their oversized numbers masked, or None when it has
    none (the usual case: the task is judged as it is)."""
    texts = [task.title, *(block.text for block in task.progress),
             *(value for _header, value in task.extra)]
    if not any(_LONG.search(text) and oversized_numbers(text) for text in texts):
        return None
    return replace(task, title=mask_oversized(task.title),
                   progress=tuple(Block(block.kind, mask_oversized(block.text))
                                  for block in task.progress),
                   extra=tuple((header, mask_oversized(value)) for header, value in task.extra))


def oversized_warning(file_name: str, tasks: list[Task]) -> str | None:
    """One warning line naming the rows whose numbers were read as text, or None."""
    if not tasks:
        return None
    shown = []
    for task in tasks[:10]:
        text = next(text for text in (task.title, task.progress_text,
                                      *(value for _h, value in task.extra))
                    if oversized_numbers(text))
        start, end = oversized_numbers(text)[0]
        number = text[start:end]
        sample = number if len(number) <= 12 else number[:12] + "…"
        shown.append(f"row {task.source.row} ({end - start} characters: {sample})")
    more = f" and {len(tasks) - 10} more" if len(tasks) > 10 else ""
    return (f"{file_name}: numbers beyond the range of figures (more than {MAX_INTEGER_DIGITS} "
            f"digits before the point or {MAX_FRACTION_DIGITS} after it) are kept as text and "
            f"not judged as figures: {'; '.join(shown)}{more}")


__all__ = ["MAX_FRACTION_DIGITS", "MAX_INTEGER_DIGITS", "mask_oversized", "masked_task",
           "oversized_numbers", "oversized_warning"]
