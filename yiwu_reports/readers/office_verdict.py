"""The office's own verdict on a task (是否达到序时进度: 是; 是否滞后: 否; 进展状态: 滞后): what it
means in our terms (whether our judgement disagrees with it: `assessment.disagrees`)."""

from __future__ import annotations

import re

from ..core.model import Verdict, VerdictMeaning

_YES = re.compile(r"^(是|√|✓|☑|y|yes|达到|已达到|符合)$", re.IGNORECASE)
_NO = re.compile(r"^(否|×|✗|☒|n|no|未达到|不符合)$", re.IGNORECASE)
# Negatives first: 未达序时 holds 达序时, 未完成 holds 完成.
_LAGGING = re.compile(r"滞后|未达|落后|未按|慢于|低于序时|进度慢|推进缓慢|预警|红灯|黄灯")
_COMPLETED = re.compile(r"^(已|全面|提前|超额|基本)?(完成|建成|办结|实现|达成|竣工)|已完成|提前完成|超额完成")
_ON_TRACK = re.compile(r"序时|正常|按计划|按期|有序|顺利|达到|符合|超前|领先|绿灯|推进中|正在推进|进行中")
_UNDECIDED = re.compile(r"^(未完成|未开始|待定|/|—|-|无)$")
# A question header: what 是 means depends on the question asked.
_ASKS_BEHIND = re.compile(r"滞后|落后|未达")
_ASKS_DONE = re.compile(r"是否(已)?完成|是否办结|是否建成")
# Cells short enough and worded like a verdict (for a 完成情况 column beside the real progress).
_VERDICT_WORDS = re.compile(r"^(是|否|√|×|已完成|未完成|完成|序时推进|正常推进|滞后|进度滞后|超序时|"
                            r"达到序时|未达序时|按序时推进|提前完成|超额完成|推进中|正在推进|进行中|"
                            r"已办结|未开始|基本完成)$")


def read_verdict(header: str, text: str) -> Verdict:
    """The verdict a cell states under a verdict column's `header`."""
    cell = " ".join(text.split())
    return Verdict(header, text, _meaning(header, cell))


def _meaning(header: str, cell: str) -> VerdictMeaning:
    if not cell or _UNDECIDED.match(cell):
        return "unknown"
    squeezed = re.sub(r"\s+", "", header)
    if _YES.match(cell) or _NO.match(cell):
        yes = bool(_YES.match(cell))
        if _ASKS_BEHIND.search(squeezed):
            return "lagging" if yes else "on_track"
        if _ASKS_DONE.search(squeezed):
            return "completed" if yes else "unknown"
        return "on_track" if yes else "lagging"
    if _LAGGING.search(cell):
        return "lagging"
    if _COMPLETED.search(cell):
        return "completed"
    if _ON_TRACK.search(cell):
        return "on_track"
    return "unknown"


def looks_like_verdicts(cells: list[str]) -> bool:
    """True when a column's cells are verdict words (已完成, 序时推进, 滞后, 是, 否) rather than a
    narrative: such a 完成情况 column beside the progress is the office's verdict."""
    values = [" ".join(cell.split()) for cell in cells if cell.strip()]
    if len(values) < 2:
        return False
    return sum(1 for value in values if _VERDICT_WORDS.match(value)) >= 0.8 * len(values)
