"""Where things are in a Chinese sentence: clauses, sentences, quoted names."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .quantities import unit_family

# A letter of a script other than Latin: in these texts, a Chinese character. As a character
# class it compiles ten times faster than the range [\u4e00-\u9fff] (a millisecond each, paid at
# import inside a timed assessment).
HAN = r"[^\W\d_A-Za-z]"
_CLAUSE_END = set("，。；;！？!?\n")
_SENTENCE_END = set("。；;！？!?\n")
_QUOTES = {"“": "”", "「": "」", "『": "』", "《": "》", "‘": "’", "\"": "\"", "〈": "〉"}
# Words that say nothing about what is measured; removed before comparing two phrases.
_NOISE = re.compile(r"截至|截止|目前|今年以来|今年|年内|全年|年度|我市|全市|累计|共计|已经|已|共|"
                    r"其中|同比|比上年|力争|确保|争取|全力|努力|实现|持续|进一步|不断|约|超过|超|达到|达|"
                    r"以上|以下|左右|以内|前三季度|三季度|上半年|一季度|二季度|四季度|"
                    r"\d+(?:\.\d+)?|[-—–~至]|月份|月底|月末|月|日|年")


_CLAUSE_DELIMITER = re.compile(r"[，。；;！？!?\n]|,(?!(?<=\d,)\d)")
_SENTENCE_DELIMITER = re.compile(r"[。；;！？!?\n]")
_QUOTED = re.compile("|".join(f"{re.escape(a)}[^{re.escape(b)}]{{0,59}}{re.escape(b)}"
                              for a, b in _QUOTES.items()))


class Bounds:
    """Positions of the delimiters of one text (clause or sentence ends), so that finding the
    clause or sentence around a position is a binary search."""

    __slots__ = ("ends", "length")

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.ends = [match.start() for match in pattern.finditer(text)]
        self.length = len(text)

    def around(self, position: int) -> tuple[int, int]:
        index = bisect_right(self.ends, position - 1)
        start = self.ends[index - 1] + 1 if index > 0 else 0
        end = self.ends[index] if index < len(self.ends) else self.length
        return start, end


@lru_cache(maxsize=256)
def clauses_of(text: str) -> Bounds:
    """The clause ends of `text`: commas (not thousands separators), full stops, semicolons, line
    breaks."""
    return Bounds(text, _CLAUSE_DELIMITER)


@lru_cache(maxsize=256)
def sentences_of(text: str) -> Bounds:
    """The sentence ends of `text`: full stops, semicolons, ! ? and line breaks."""
    return Bounds(text, _SENTENCE_DELIMITER)


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    """(start, end) of the clause around `position`: between commas (not thousands separators),
    full stops, semicolons and line breaks."""
    return clauses_of(text).around(position)


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """(start, end) of the sentence around `position`."""
    return sentences_of(text).around(position)


_BRACKETS = {"（": "）", "(": ")", "【": "】", "［": "］", "[": "]"}
_CLOSERS = {close: open_ for open_, close in _BRACKETS.items()}
_QUOTE_REACH = 200
"""How far a quoted span may grow to take in the other half of a bracket."""


def whole_clauses(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that it holds no half of a bracket pair: a span that starts
    inside （…） (「其他为存在违法违规等一票否决）35家」) starts at the clause holding the opening
    bracket instead, one that ends inside it ends at the clause after the closing bracket. A quote
    then starts at a clause boundary a reader sees, not at a comma inside brackets."""
    for _ in range(4):  # a span can sit in brackets within brackets
        open_at = _unclosed_before(text, start, end)
        close_at = _unopened_after(text, start, end)
        if open_at is None and close_at is None:
            break
        if open_at is not None:
            start = clauses_of(text).around(open_at)[0]
        if close_at is not None:
            end = clauses_of(text).around(close_at + 1)[1]
    return start, end


def _unclosed_before(text: str, start: int, end: int) -> int | None:
    """Where the bracket opens that a closing bracket in text[start:end] closes, when that
    opening bracket is before `start` (within reach); else None."""
    depth: list[str] = []
    for char in text[start:end]:
        if char in _BRACKETS:
            depth.append(char)
        elif char in _CLOSERS:
            if depth and depth[-1] == _CLOSERS[char]:
                depth.pop()
            elif not depth:
                return _matching_open(text, start, _CLOSERS[char], char)
    return None


def _matching_open(text: str, before: int, open_: str, close: str) -> int | None:
    depth = 0
    for index in range(before - 1, max(-1, before - _QUOTE_REACH), -1):
        if text[index] == close:
            depth += 1
        elif text[index] == open_:
            if not depth:
                return index
            depth -= 1
    return None


def _unopened_after(text: str, start: int, end: int) -> int | None:
    """Where the outermost bracket that text[start:end] leaves open closes, when it closes after
    `end` (within reach); else None."""
    opened: list[str] = []
    for char in text[start:end]:
        if char in _BRACKETS:
            opened.append(char)
        elif char in _CLOSERS and opened and opened[-1] == _CLOSERS[char]:
            opened.pop()
    for index in range(end, min(len(text), end + _QUOTE_REACH)) if opened else ():
        char = text[index]
        if char in _BRACKETS:
            opened.append(char)
        elif char in _CLOSERS and opened and opened[-1] == _CLOSERS[char]:
            opened.pop()
            if not opened:
                return index
    return None


class QuoteIndex:
    """Answers 'is this position inside quotation marks or a document title?' quickly."""

    def __init__(self, text: str) -> None:
        spans = [(m.start(), m.end() - 1) for m in _QUOTED.finditer(text)]
        self._starts = [s for s, _ in spans]
        self._spans = spans

    def inside(self, position: int) -> bool:
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and self._spans[i][0] < position < self._spans[i][1]


# Abbreviations offices use for the same measure, written out so that wordings compare.
_SYNONYMS = (("GDP", "地区生产总值"), ("gdp", "地区生产总值"), ("社零", "社会消费品零售总额"),
             ("固投", "固定资产投资"), ("R&D", "研发经费"), ("规上", "规模以上"), ("外贸", "进出口"),
             ("技改", "技术改造"), ("KW", "千瓦"), ("kW", "千瓦"), ("国企", "国有企业"),
             ("拆违", "拆除违法建筑"), ("违建", "违法建筑"), ("棚改", "棚户区改造"),
             ("保租房", "保障性租赁住房"))


# A money amount that qualifies a noun (50亿元以上项目, 100亿元项目): it names a group.
_THRESHOLD = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万|千)?(?:元|美元)\s*(?:以上|以下)?(?=的?" + HAN + ")")
# Counting words too common to tell measures apart; other units (列, 标箱, 公里, 所) are telling.
_GENERIC_UNITS = set("个家项次处件批人名位户") | {"场次", "人次", "家次", "户次", ""}
_TELLING_FAMILIES = {"count", "length", "area", "power", "energy", "mass", "volume", "container",
                     "concentration"}


@lru_cache(maxsize=1024)
def unit_token(unit: str) -> frozenset[str]:
    """A token for a telling unit (u:列 for 万列 and 列); empty for money, shares, people and
    generic counting words, which any number of measures share."""
    bare = unit.lstrip("万亿千百")
    family, _factor = unit_family(bare)
    if family not in _TELLING_FAMILIES or bare in _GENERIC_UNITS:
        return frozenset()
    return frozenset({f"u:{bare}"})


_PHRASE_BREAK = re.compile(r"[\s，。；、：:,.;“”\"（）()《》「」]+")


@lru_cache(maxsize=16384)
def bigrams(text: str) -> frozenset[str]:
    """Character pairs of a phrase with the noise words removed: what the phrase is about.

    Thresholds that define a group (50亿元以上项目) are kept as whole tokens, so that 「50亿元以上
    项目」 and 「10亿元以上项目」 differ although their words are the same."""
    for short, full in _SYNONYMS:
        if short in text:
            text = text.replace(short, full)
    pairs = {f"#{m.group(1)}{m.group(2) or ''}" for m in _THRESHOLD.finditer(text)}
    core = _NOISE.sub(" ", text)
    for part in _PHRASE_BREAK.split(core):
        pairs.update(map(str.__add__, part, part[1:]))  # each pair of neighbouring characters
    return frozenset(pairs)


def similarity(a: str | frozenset[str], b: str | frozenset[str]) -> float:
    """Dice similarity of two phrases' character pairs (1 = same words, 0 = nothing shared)."""
    first = a if isinstance(a, (set, frozenset)) else bigrams(a)
    second = b if isinstance(b, (set, frozenset)) else bigrams(b)
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


# Verbs that say how a thing is done, not what is measured: they count half in `coverage`.
_WEAK = {"新增", "完成", "实施", "建设", "开展", "推进", "打造", "培育", "举办", "提供", "组织",
         "加快", "推动", "深化", "全面", "新建", "建成", "创建", "启动", "布局", "积极"}


def coverage(metric: str | frozenset[str], context: str | frozenset[str]) -> float:
    """Weighted share of the metric's character pairs that the context contains."""
    first = metric if isinstance(metric, frozenset) else frozenset(bigrams(metric)) \
        if isinstance(metric, str) else frozenset(metric)
    second = context if isinstance(context, (set, frozenset)) else bigrams(context)
    if not first:
        return 0.0
    weights, total = _weights(first)
    return sum(w for pair, w in weights if pair in second) / total


@lru_cache(maxsize=4096)
def _weights(pairs: frozenset[str]) -> tuple[tuple[tuple[str, float], ...], float]:
    # A telling unit (u:公里) says as much as the name of the thing; a manner verb says little.
    weights = tuple((pair, 3.0 if pair.startswith("u:") else 0.5 if pair in _WEAK else 1.0)
                    for pair in pairs)
    return weights, sum(w for _, w in weights)
