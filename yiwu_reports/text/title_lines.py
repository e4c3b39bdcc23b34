"""Where a document title breaks: between words, in balanced lines (GB/T 9704-2012 7.3.3).

A title too long for one line is to be cut so that 「回行时，要做到词意完整，排列对称，长短适宜，
间距恰当，标题排列应当使用梯形或菱形」. A page left to wrap a title itself cuts wherever the width
runs out, inside a word (「…重点任务三 / 季度…」). Here the title is first read as words: numbers and
dates (2023年, 2024年度, 1-6月份), the words such titles are made of (政府工作报告, 重点任务,
民生实事, 进展情况, 三季度 …), bracketed pieces, and the unknown words between them (a place:
义乌市, 泗洲头镇), which are never cut. A line may then begin only where one word ends and the next
starts, best after 关于 or a date, before a period (三季度, 上半年) or a bracket; never next to 的
(「推进的 / 项目」) except before 的通报, and never leaving one character alone. Of the cuts into the
fewest lines that fit, the most even is taken (a trapezoid or a diamond, never an hourglass).

No segmentation dictionary: these titles use a small vocabulary, listed here, and a word the list
lacks is safe, since it is never cut inside. A traditional-character title is read through its
simplified form (one character for one), and a pinyin gloss in brackets (實(shí)事) stays with its
character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Callable, Sequence

from .chinese_script import simplify_common

KNOWN_WORDS = frozenset((
    "关于", "政府工作报告", "工作报告", "政府", "省政府", "市政府", "区政府", "县政府", "州政府",
    "镇政府", "人民政府", "重点任务", "重点工作", "重点项目", "重点民生实事", "民生实事",
    "为民办实事", "办实事", "实事项目", "民生事项", "民生", "实事", "项目", "进展情况", "完成情况",
    "落实情况", "执行情况", "推进情况", "实施情况", "进展", "完成", "落实", "推进", "执行",
    "实施", "进度", "情况", "汇总表", "一览表", "进度表", "情况表", "统计表", "明细表", "月报表",
    "汇总", "通报", "的通报", "目标任务", "主要任务", "工作任务", "任务", "工作", "重点",
    "工作计划", "计划", "督办事项", "挂牌督办", "公开挂牌", "督办", "经济和社会发展", "发展指标",
    "指标", "民政局", "民政", "机关事务管理局", "暖民心行动", "行动", "投资", "十件", "涉及",
    "按时序", "预下达", "目标", "全省", "全市", "全区", "全县", "重点工作任务", "重点工作计划",
    "公开挂牌督办事项", "为民办实事项目", "民生实事项目", "重点建设项目",
))
# Words that open a phrase of the subject: a line beginning with one reads as a unit.
PHRASE_HEADS = ("重点", "民生", "主要任务", "目标任务", "公开", "为民", "政府工作报告", "经济")
_LONGEST = max(len(word) for word in KNOWN_WORDS)
# Periods: a line may well begin with one (…政府重点工作任务 / 第一季度完成情况…).
PERIODS = frozenset(("一季度", "二季度", "三季度", "四季度", "第一季度", "第二季度", "第三季度",
                     "第四季度", "上半年", "下半年", "前三季度", "全年", "季度"))
_NUMBER = re.compile(r"[0-9０-９][0-9０-９.．]*(?:[-－—~～至到][0-9０-９]+)?"
                     r"(?:年度|年|月份|月|日|号|项|件|个|家)?")
_DATE_ENDS = ("年", "年度", "月", "月份", "日")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*")
_GLOSS = re.compile(r"[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ ]{1,12}[）)]")
_ADMIN = "省市区县州镇乡村"
"""A place name's last character: after an unknown word it ends that word (义乌市)."""
_OPENING = "（(《【〔[“‘「"
_CLOSING = "）)》】〕]”’」、，。：；！？,.:;!?"
_HEADS_OF_REPORT = ("的通报", "的报告", "的意见", "的决定", "的通知")
# Penalties of a line beginning at each kind of boundary, added to the lines' unevenness (em²).
_BEST, _PHRASE, _WORD, _OF = 0.0, 1.0, 3.0, 8.0
_MAX_CHARS = 160
"""A title longer than this is left to the page (nobody balances a paragraph)."""


def em_width(text: str) -> float:
    """Width of `text` in em of a CJK font: a CJK character or full-width mark is one, an ASCII
    character (a digit, a Latin letter) half."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


@dataclass(frozen=True)
class _Word:
    text: str
    kind: str
    """known, period, number, date, unknown, open (an opening bracket), close, gloss."""


def _skeleton(title: str) -> tuple[str, list[int]]:
    """`title` without pinyin glosses, simplified one for one, and for each of its characters the
    index in `title` where it stands."""
    kept, where = [], []
    index = 0
    while index < len(title):
        gloss = _GLOSS.match(title, index)
        if gloss and index > 0:
            index = gloss.end()
            continue
        kept.append(title[index])
        where.append(index)
        index += 1
    return simplify_common("".join(kept)), where


def _words(text: str) -> list[_Word]:
    """`text` read as words, longest known word first."""
    words: list[_Word] = []
    index = 0
    while index < len(text):
        number = _NUMBER.match(text, index)
        latin = _LATIN.match(text, index)
        if number:
            piece = number.group()
            words.append(_Word(piece, "date" if piece.endswith(_DATE_ENDS) else "number"))
            index = number.end()
            continue
        if latin:
            words.append(_Word(latin.group(), "unknown"))
            index = latin.end()
            continue
        char = text[index]
        if char in _OPENING or char in _CLOSING:
            words.append(_Word(char, "open" if char in _OPENING else "close"))
            index += 1
            continue
        if char in _ADMIN and words and words[-1].kind == "unknown":  # 义乌 + 市
            words[-1] = _Word(words[-1].text + char, "unknown")
            index += 1
            continue
        for size in range(min(_LONGEST, len(text) - index), 1, -1):
            piece = text[index:index + size]
            if piece in PERIODS or piece in KNOWN_WORDS:
                words.append(_Word(piece, "period" if piece in PERIODS else "known"))
                index += size
                break
        else:
            if words and words[-1].kind == "unknown" and _is_cjk(words[-1].text[-1]):
                words[-1] = _Word(words[-1].text + char, "unknown")  # unknown words are not cut
            else:
                words.append(_Word(char, "unknown"))
            index += 1
    return words


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _penalty(before: _Word, after: _Word) -> float | None:
    """The price of a line ending with `before` and the next beginning with `after`, or None
    when a line may not break there."""
    if before.kind == "open" or after.kind == "close":
        return None
    if before.text.endswith("的") or (after.text.startswith("的")
                                     and not after.text.startswith(_HEADS_OF_REPORT)):
        return None
    if len(before.text) == 1 and before.kind == "unknown":
        return None  # a lone character goes with the word after it: 1-9月份 / 州重点项目
    if after.text.startswith(_HEADS_OF_REPORT) or after.text == "的":
        return _OF
    if before.text == "关于" or before.kind == "date" or after.kind in ("period", "date"):
        return _BEST
    if after.kind == "open" or before.kind == "close" or after.text.startswith(PHRASE_HEADS):
        return _PHRASE
    return _WORD


@lru_cache(maxsize=256)
def title_cuts(title: str) -> tuple[tuple[int, float], ...]:
    """Where a line of `title` may begin: (index in `title`, penalty) for each such place."""
    text, where = _skeleton(title)
    words = _words(text)
    cuts = []
    position = 0
    for before, after in zip(words, words[1:]):
        position += len(before.text)
        penalty = _penalty(before, after)
        if penalty is not None:
            cuts.append((where[position], penalty))
    return tuple(cuts)


def _shape_cost(widths: Sequence[float]) -> float:
    """How far lines of these widths are from an even trapezoid or diamond: their spread, and a
    heavy price for an hourglass (a middle line shorter than the lines on both sides of it)."""
    mean = sum(widths) / len(widths)
    cost = sum((width - mean) ** 2 for width in widths)
    for above, middle, below in zip(widths, widths[1:], widths[2:]):
        if middle < above and middle < below:
            cost += 100.0 + (min(above, below) - middle) ** 2 * 10
    return cost


def title_lines(title: str, width: float,
                measure: Callable[[str], float] = em_width) -> list[str]:
    """`title` cut into the fewest lines no wider than `width` (as `measure` counts: em by
    default), between words, as evenly as the words allow. A title that fits is one line; one
    that no cut makes fit (or a very long one) is returned whole, for the page to wrap."""
    title = title.strip()
    if not title or measure(title) <= width:
        return [title] if title else []
    if len(title) > _MAX_CHARS:
        return [title]
    cuts = title_cuts(title)
    for count in range(2, min(len(cuts) + 1, 8) + 1):
        best: tuple[float, list[str]] | None = None
        for chosen in combinations(cuts, count - 1):
            bounds = (0, *(at for at, _ in chosen), len(title))
            lines = [title[start:end] for start, end in zip(bounds, bounds[1:])]
            widths = [measure(line) for line in lines]
            if max(widths) > width or any(len(line) < 2 for line in lines):
                continue
            cost = _shape_cost(widths) + sum(penalty for _, penalty in chosen)
            if best is None or cost < best[0]:
                best = (cost, lines)
        if best is not None:
            return best[1]
    return [title]


def filled_lines(text: str, width: float,
                 measure: Callable[[str], float] = em_width) -> list[str]:
    """`text` cut between words as a paragraph's lines are, each line as full as a cut allows
    (a name in running text, such as the annex's in 附件说明): not balanced, but never cut
    inside a word. Returned whole when it fits or no cut makes it fit."""
    text = text.strip()
    if not text or measure(text) <= width or len(text) > _MAX_CHARS:
        return [text] if text else []
    cuts = [at for at, _ in title_cuts(text)]
    lines, start = [], 0
    while measure(text[start:]) > width:
        fitting = [at for at in cuts if at > start and measure(text[start:at]) <= width
                   and len(text) - at >= 2]
        if not fitting:
            return [text]
        lines.append(text[start:fitting[-1]])
        start = fitting[-1]
    return lines + [text[start:]]


def break_opportunities(title: str) -> list[int]:
    """The indexes of `title` where a line may begin, for a page that wraps the title itself (a
    web page: a `<wbr>` at each, and no break elsewhere)."""
    return [at for at, _ in title_cuts(title.strip())]
