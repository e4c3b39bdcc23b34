"""Progress that says a target is reached without giving a figure (gold/GUIDE.md: completed,
actual null, "stated complete").

Said so: 已完成年度目标(任务) (also naming the work: 已完成年度筛查任务, 全年改造计划已全部完成),
提前完成, 超额完成, 已全部完成/建成, 已建成投用, 全面完成, and 已完成 as a clause of its own. Not said so: 基本完成, 接近完成, 确保完成, 力争完成, 预计…完成 (not yet), 已完成年度
目标任务的55% (a share, read as a figure), and, in a table with a monthly or quarterly milestone
column (月度工作计划 「4月：制定方案」), a bare 已完成 — it reports the milestone, not the annual target.
"""

from __future__ import annotations

import re

from .view import text_view

# The phrases, found first by their own words (cheap), then checked against what precedes them.
_PHRASE = re.compile(r"(?=[提超完实达全建圆已年])"
                     r"(?P<done>(?:全年|年度)[\u4e00-\u9fff]{0,4}?(?:目标|任务|计划){1,2}(?:已|均已|已经)(?:全部|全面|超额|提前)?完成)|"
                     r"(?P<annual>(?:提前|超额)?(?:完成|实现|达到|达成)了?(?:全年|年度)[\u4e00-\u9fff]{0,4}?(?:目标|任务|计划){1,2})|"
                     r"(?P<ahead>(?:提前|超额)完成)|(?P<all>全部(?:完成|建成)|建成(?:并)?投(?:入使)?用|全面(?:完成|建成))|"
                     r"(?P<fully>圆满完成|实现全覆盖|全面覆盖|已全覆盖)|(?P<bare>完成)")  # the lookahead skips most positions at once
# Words right before a phrase that make it a hope, a plan or a near miss.
_NOT_YET = re.compile(r"(?:基本|接近|即将|确保|力争|争取|预计|有望|计划|将|未|没有|尚未|可)(?:已|已经)?$")
# A share of the target right after the phrase (已完成年度目标任务的55%): a figure, not a statement.
_SHARE_AFTER = re.compile(r"^[^，。；]{0,3}?\d")
# A stage of the year after the phrase (超额完成一季度目标任务): the milestone, not the year's target.
_PART_OF_YEAR_AFTER = re.compile(r"^[^，。；]{0,3}?(?:一季度|二季度|三季度|上半年|前三季度|阶段|序时|月度|节点|\d+月)")
_DONE_BEFORE = re.compile(r"(?:已|均已|已经)$")
# 已完成 as a clause of its own (「已完成。」, 「目前均已完成」): says the task is done.
_BARE_BEFORE = re.compile(r"(?:^|[，。；;,\s])(?:目前|现|现已|均|全部|已经)?(?:已|均已|已全部)$")
_BARE_AFTER = re.compile(r"^(?:任务)?(?:[，。；;,!！\s]|$)")
# A deadline or a promise before the phrase: 确保年底前完成, 力争10月底前全面完成.
_FUTURE = re.compile(r"确保|力争|争取|计划|预计|拟|将于|将在|有望|需要|底前|月前|年前|之前")


def _says_done(text: str, match: re.Match[str], milestone_column: bool) -> bool:
    """Whether a completion phrase found in `text` says, as a result, that a target is reached."""
    start, end = match.span()
    before = text[max(0, start - 8):start]
    kind = match.lastgroup
    if _EARLY_STEP.search(_clause_around(text, start, end)) or \
            (kind in ("annual", "done") and _EARLY_STEP.search(match.group(0))):
        return False  # 前期手续已全部完成, 已提前完成选址工作: a step before the result
    if kind == "annual" and text[end:end + 1] == "的" and not text[end + 1:end + 2].isdigit():
        return False  # 已完成年度计划的立项工作: part of the plan, not the plan
    if kind == "bare":
        return not milestone_column and _BARE_BEFORE.search(text[max(0, start - 8):start]) is not None \
            and _BARE_AFTER.match(text[end:end + 3]) is not None
    if _NOT_YET.search(before) or _SHARE_AFTER.match(text[end:end + 4]) or \
            _PART_OF_YEAR_AFTER.match(text[end:end + 8]):
        return False
    if kind == "all" and not _DONE_BEFORE.search(before) and not match.group(0).startswith("全面完成"):
        return False
    if milestone_column and kind not in ("annual", "done") and "全部" not in match.group(0):
        return False  # 提前完成 beside a milestone column: the milestone, ahead of time
    clause_start = max(text.rfind(mark, 0, start) for mark in "，。；;,") + 1
    return _FUTURE.search(text[max(clause_start, start - 12):start + 1]) is None


# Steps before the result (前期手续, 设计方案, 选址, 招标 …): their completion is not the target's.
_EARLY_STEP = re.compile(r"前期|手续|方案|设计|选址|立项|招标|招投标|征地|拆迁|规划|审批|报批|可研|论证|调研|"
                         r"摸底|排查|备案|签约|开工|启动|筹备|准备|部署|动员|培训方案|实施方案")


_CLAUSE_MARK = re.compile(r"[，。；;,]")


def _clause_around(text: str, start: int, end: int) -> str:
    """The words of the phrase's clause around it: up to 10 characters each side."""
    return _CLAUSE_MARK.split(text[max(0, start - 10):start])[-1] + \
        _CLAUSE_MARK.split(text[end:end + 10], 1)[0]


def stated_sentences(progress: str, milestone_column: bool = False) -> list[str]:
    """Sentences of the progress text that say a target was reached without a figure.

    With a milestone column beside the task (`milestone_column`), only a statement about the
    annual target counts: a bare 已完成 there reports the month's milestone."""
    view = text_view(progress)
    text = view.text
    sentences: list[str] = []
    if "完成" not in text and "建成" not in text and "覆盖" not in text:
        return sentences
    for match in _PHRASE.finditer(text):
        if not _says_done(text, match, milestone_column):
            continue
        sentence_start, sentence_end = view.sentence(match.start())
        sentence = text[sentence_start:sentence_end]
        if sentence not in sentences:
            sentences.append(sentence)
    return sentences
