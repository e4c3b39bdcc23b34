"""A table whose columns the reader placed by their cells: every judgement resting on them is to
be reviewed.

The reader decides which column is what from the header and the cells together; where the header
said nothing it knew (or its cells said otherwise: a column of commitments with figures under a
header that names a task), the cells alone decided, and the office should check the guess before
the judgements go out under its name (or name the column in [columns]). Only the roles a
judgement rests on count: its target, its result, a rate or share of the target, the progress;
the task's own column (the sentences on the left) is seldom mistaken, and a lead, a place or a
leader placed by its cells changes no status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..core.model import ColumnRole, Task

# What a judgement rests on, and how a reviewer calls each.
_JUDGED = {"target": "目标", "actual": "完成数", "completion": "完成率",
           "share": "进度比例", "progress": "进展情况", "local_target": "本地目标", "growth": "增速"}
_NAMED = 2  # columns named in the reason; more are counted


def columns_doubt(layout: Sequence[ColumnRole]) -> str:
    """The reason every judgement of the table is to be reviewed, or "" when the roles its
    judgements rest on came from the headers (or the office's settings)."""
    if any(role.decided_by == "guess" for role in layout):
        return "未能从表头和内容确定任务列，已取第一列文字作为任务，请核对各列含义"
    guessed = [role for role in layout if role.decided_by == "cells" and role.role in _JUDGED]
    if not guessed:
        return ""
    named = "、".join(f"“{role.column}”列认作{_JUDGED[role.role]}" for role in guessed[:_NAMED])
    more = f"等{len(guessed)}列" if len(guessed) > _NAMED else ""
    return f"表头未说明，按内容将{named}{more}，请核对"


def with_doubt(task: Task, reason: str) -> Task:
    """The task marked for review with `reason` after any reason it already has."""
    joined = f"{task.confidence_reason}；{reason}" if task.confidence_reason else reason
    return replace(task, confidence="review", confidence_reason=joined)
