"""A traditional-character task judged on a simplified copy of its text, its result keeping the
text exactly as given: every evidence span and metric is mapped back to the original characters
(the conversion keeps positions: `text.chinese_script.to_simplified`)."""

from __future__ import annotations

from dataclasses import replace

from ..core.model import Block, Evidence, Task
from ..text.chinese_script import to_simplified


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


def with_original_text(original: Task, assessed: Task, copy: Task | None = None) -> Task:
    """`assessed` (the assessment of `copy`, by default `simplified_task(original)`: any copy
    whose texts keep the original's positions) with the text as given: the task's own texts,
    and every evidence span and metric mapped back to the original characters."""
    copy = copy if copy is not None else simplified_task(original)
    pairs = [(copy.title, original.title), (copy.progress_text, original.progress_text)]
    pairs += [(simple, given) for (_h, simple), (_g, given) in zip(copy.extra, original.extra)]
    indicators = tuple(
        replace(indicator, metric=_back(indicator.metric, pairs) or indicator.metric,
                evidence=Evidence(_back(indicator.evidence.target, pairs) or "",
                                  _back(indicator.evidence.actual, pairs)))
        for indicator in assessed.indicators)
    return replace(assessed, title=original.title, lead=original.lead, progress=original.progress,
                   extra=original.extra, indicators=indicators)
