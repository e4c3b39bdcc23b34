"""Progress that says a target is reached without giving a figure (gold/GUIDE.md: completed,
actual null, "stated complete").

Said so: 已完成年度目标(任务), 提前完成, 超额完成, 已全部完成/建成, 已建成投用, 全面完成, and 已完成 as a
clause of its own. Not said so: 基本完成, 接近完成, 确保完成, 力争完成, 预计…完成 (not yet), 已完成年度
目标任务的55% (a share, read as a figure), and, in a table with a monthly or quarterly milestone
column (月度工作计划 「4月：制定方案」), a bare 已完成 — it reports the milestone, not the annual target.
"""

from __future__ import annotations

import re

from .quantities import to_halfwidth
from .text import sentence_bounds

# Words before a completion phrase that make it a hope, a plan or a near miss.
_NOT_YET = r"(?<!基本)(?<!接近)(?<!即将)(?<!确保)(?<!力争)(?<!争取)(?<!预计)(?<!有望)(?<!计划)(?<!将)(?<!未)(?<!没有)(?<!尚未)(?<!可)"
# A share of the target after the phrase (已完成年度目标任务的55%): a figure, not a statement.
_NOT_A_SHARE = r"(?![^，。；]{0,3}?\d)"
_ANNUAL = re.compile(
    _NOT_YET + r"(?:已|均已|已经)?(?:提前|超额)?(?:完成|实现|达到|达成)了?(?:全年|年度)(?:目标|任务|计划){1,2}" + _NOT_A_SHARE +
    r"|" + _NOT_YET + r"(?:提前|超额)完成" + _NOT_A_SHARE +
    r"|(?:已|均已)全部(?:完成|建成)|已建成(?:并)?投(?:入使)?用|已全面(?:完成|建成)|(?<!基本)全面完成(?:年度)?(?:目标|任务)|圆满完成")
# A deadline or a promise before the phrase: 确保年底前完成, 力争10月底前全面完成.
_FUTURE = re.compile(r"确保|力争|争取|计划|预计|拟|将于|将在|有望|需要|底前|月前|年前|之前")
# 已完成 as a clause of its own (「已完成。」, 「目前均已完成」): says the task is done.
_BARE_DONE = re.compile(r"(?:^|[，。；;,\s])(?:目前|现|现已|均|全部|已经)?(?:已|均已|已全部)完成(?:任务)?(?=[，。；;,!！\s]|$)")


def stated_sentences(progress: str, milestone_column: bool = False) -> list[str]:
    """Sentences of the progress text that say a target was reached without a figure.

    With a milestone column beside the task (`milestone_column`), only a statement about the
    annual target counts: a bare 已完成 there reports the month's milestone."""
    text = to_halfwidth(progress)
    sentences = []
    matches = list(_ANNUAL.finditer(text))
    if not milestone_column:
        matches += list(_BARE_DONE.finditer(text))
    for match in sorted(matches, key=lambda m: m.start()):
        if milestone_column and not re.search(r"全年|年度|全部", match.group(0)):
            continue  # 提前完成 in a milestone table: the milestone, ahead of time
        clause_start = max(text.rfind(mark, 0, match.start()) for mark in "，。；;,") + 1
        if _FUTURE.search(text[max(clause_start, match.start() - 12):match.start() + 1]):
            continue  # 确保年底前完成年度目标: a promise, not a result
        position = match.start() + (1 if match.group(0)[:1] in "，。；;, " else 0)
        start, end = sentence_bounds(text, position)
        sentence = text[start:end]
        if sentence not in sentences:
            sentences.append(sentence)
    return sentences
