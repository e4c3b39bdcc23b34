"""Numbers and units as these Chinese texts write them.

Finds every quantity in a text — Arabic numbers with decimals and thousands separators, full-width
digits, Chinese numerals (一, 两, 十五, 一百二十, 一千二百万), a magnitude (万, 亿, 千) before the unit,
and the unit itself — and normalises each to a base unit for comparison (4万千瓦 = 40000 千瓦, 9万KW =
90000 千瓦, 1.5万亩 = 15000 亩), keeping the text as written for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width digits and signs written as half-width, one character for one so offsets still fit
# the original text. The full-width comma stays: it is Chinese punctuation, not a separator.
_WIDTH = str.maketrans("０１２３４５６７８９．％＋－−ＫＷｋｗＭＧＴＥＵｍｇｔｅｕ，",
                       "0123456789.%+--KWkwMGTEUmgteu，")

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
_MAX_FIGURE = 1e15
"""Figures are below this (15 digits before the point; `figure_range` keeps longer numbers out
of the assessment, and this keeps them out of any other reading of a figure)."""
_MAGNITUDE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "万亿": 1e12, "千万": 1e7, "百万": 1e6}

# Units: written form → (family, factor to the family's base unit). Longest forms are matched
# first. Counting words of things share the family "count" (the guide treats 家 and 个 as
# comparable), counting words of people the family "people",
# each physical measure has its own family, money in 元 and in 美元 are different families.
_UNITS: dict[str, tuple[str, float]] = {}
for _family, _table in dict[str, dict[str, float]]({
    "cny": {"元": 1, "块": 1},
    "usd": {"美元": 1},
    "percent": {"%": 1, "个百分点": 1, "百分点": 1},
    # People are counted apart from things: 10个 youth centres are not 2700人 served.
    "people": {w: 1 for w in ("人", "人次", "名", "位", "人年", "名次")},
    "count": {w: 1 for w in (
        "个", "家", "所", "处", "项", "场", "场次", "次", "户", "宗", "辆", "套",
        "列", "班", "批", "条", "座", "件", "台", "只", "头", "株", "棵", "位", "支", "间", "栋", "幢",
        "份", "篇", "款", "例", "起", "家次", "户次", "条次", "册", "本", "部", "张", "单", "笔",
        "架", "艘", "趟", "期次", "所次", "个次", "班次", "门", "根", "盏", "片", "组", "类次", "床",
        "张床", "床位", "对", "批次", "车次", "架次", "航次")},
    "length": {"公里": 1000, "千米": 1000, "km": 1000, "KM": 1000, "米": 1, "延米": 1},
    # Area in 亩, the unit these tables use most, so 1.5万亩 against 7191.3亩 stays exact.
    "area": {"亩": 1, "平方公里": 1500, "公顷": 15, "平方米": 0.0015, "平米": 0.0015, "㎡": 0.0015},
    "power": {"千瓦": 1, "KW": 1, "kW": 1, "kw": 1, "Kw": 1, "兆瓦": 1000, "MW": 1000, "mw": 1000,
              "瓦": 0.001, "GW": 1e6, "千伏安": 1},
    "energy": {"千瓦时": 1, "度": 1, "kWh": 1, "KWh": 1, "KWH": 1, "吨标煤": 1e6, "吨标准煤": 1e6},
    "mass": {"吨": 1000, "千克": 1, "公斤": 1, "kg": 1, "斤": 0.5},
    "volume": {"立方米": 1, "m³": 1, "m3": 1, "方": 1},
    "container": {"标箱": 1, "TEU": 1, "teu": 1},
    "concentration": {"微克/立方米": 1, "μg/m³": 1, "ug/m3": 1},
    "time": {"个工作日": 1, "工作日": 1, "天": 1, "小时": 1 / 24, "分钟": 1 / 1440},
    "ratio": {"倍": 1},
}).items():
    for _word, _factor in _table.items():
        _UNITS[_word] = (_family, float(_factor))

# 方 (cubic metres) is too often the start of a word (方案, 方面): only a unit before punctuation.
_RISKY_UNITS = {"方", "度", "起", "门", "对", "单", "部", "本", "组", "片", "头", "支", "块", "班"}

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]*[一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
_UNIT_ALTERNATIVES = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_GAP = "[ \u3000\u00a0]*"  # spaces people type between a number and its unit: 350 亿元
# A range written as its two ends (4-5家, 4.5-5.0%, 三至五个): the lower end is kept beside the
# number, so a target reads it as "at least the lower end" and a figure as up to the upper one.
_RANGE_SEPARATOR = r"[ ]*[-—–~～至到][ ]*"
_RANGE_LOW = re.compile(rf"(?P<low>{_ARABIC}|{_CHINESE})(?P<low_unit>%)?{_RANGE_SEPARATOR}$")
_RANGE_MARKS = frozenset("-—–~～至到 ")
# The lookahead on the first character lets the engine skip most positions at once (a third
# faster than trying the alternatives at every character).
_QUANTITY = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百千万亿])"
    rf"(?P<number>{_ARABIC}|{_CHINESE})"
    rf"(?:{_GAP}(?P<approx>余|多|来))?"
    rf"(?:{_GAP}(?P<magnitude>万亿|千万|百万|万|亿|千))?"
    rf"(?P<approx2>余|多)?"
    rf"(?:{_GAP}(?P<unit>{_UNIT_ALTERNATIVES}))?"
    rf"(?P<per>/(?:亩|人|户|月|年|天|平方米|人·月|人/月))?")


# Hashable and compared by value like a frozen dataclass, but not frozen: a frozen
# dataclass's __init__ costs four times as much, and several of these are made for every
# task. Nothing changes one once it is made.
@dataclass(unsafe_hash=True)
class Quantity:
    """One number with its unit, found in a text."""

    value: float
    """The number as written, magnitude included in the unit: 4 for 4万千瓦."""
    unit: str
    """The unit as written, with its magnitude: 万千瓦, 亿元, %, 个; "" for a bare number."""
    family: str
    """What is measured: cny, usd, percent, count, length, area, power, … or "" (bare number)."""
    base: float
    """The value in the family's base unit (元, 千瓦, 亩 as m² …) for comparison."""
    start: int
    end: int
    text: str
    """The quantity exactly as it appears in the text."""
    approximate: bool = False
    """余, 多, 约, 超 … : the figure is a lower bound or a round number."""
    low: float | None = None
    """The lower end of a range (4 for 4-5家), in the same unit as `value`; None if not a range."""

    def lower_bound(self) -> Quantity:
        """The quantity at the lower end of its range (itself when it is not a range)."""
        if self.low is None:
            return self
        factor = self.base / self.value if self.value else 1.0
        return Quantity(self.low, self.unit, self.family, self.low * factor, self.start, self.end,
                        self.text, self.approximate, None)

    @property
    def magnitude_only(self) -> bool:
        """A number with only a magnitude (21亿, 3.8万): the unit is implied by context."""
        return self.family == "" and self.unit in _MAGNITUDE


_HAS_WIDE = re.compile("[０-９．％＋－−ＫＷｋｗＭＧＴＥＵｍｇｔｅｕ]")


def to_halfwidth(text: str) -> str:
    """Full-width digits, ．％＋－ and ＫＷ as ASCII; same length, so spans still fit."""
    # translate() looks every character up in a dict: skip it for the usual text with none.
    return text.translate(_WIDTH) if _HAS_WIDE.search(text) else text


def chinese_number(text: str) -> float:
    """The value of a Chinese numeral: 十五 → 15, 一百二十 → 120, 两 → 2, 一千二百万 → 12000000."""
    if not text:
        raise ValueError("empty numeral")
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGIT:
            digit = _CN_DIGIT[char]
        elif char in _CN_SMALL_UNIT:
            section += (1 if digit is None else digit) * _CN_SMALL_UNIT[char]
            digit = None
        elif char in _CN_BIG_UNIT:
            section += digit or 0
            total = (total + section) * _CN_BIG_UNIT[char]
            section, digit = 0, None
            if total >= _MAX_FIGURE:  # 一亿亿亿…: beyond any figure (and beyond a float)
                raise ValueError(f"numeral beyond the range of figures: {text[:20]!r}")
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return float(total + section + (digit or 0))


def _number_value(text: str) -> float:
    value = float(text.replace(",", "")) if text[0].isdigit() else chinese_number(text)
    if not abs(value) < _MAX_FIGURE:  # also inf and nan
        raise ValueError(f"beyond the range of figures: {text[:20]!r}")
    return value


@lru_cache(maxsize=1024)
def unit_family(unit: str) -> tuple[str, float]:
    """(family, factor to base) of a unit as written, magnitude included: 万千瓦 → (power, 1e4)."""
    unit = to_halfwidth(unit.strip())
    for prefix in ("万亿", "千万", "百万", "万", "亿", "千"):
        if unit.startswith(prefix) and unit[len(prefix):] in _UNITS:
            family, factor = _UNITS[unit[len(prefix):]]
            return family, factor * _MAGNITUDE[prefix]
    if unit in _UNITS:
        return _UNITS[unit]
    if unit in _MAGNITUDE:
        return "", _MAGNITUDE[unit]
    per = unit.split("/")[0]
    if per != unit and per:
        return unit_family(per)
    return "", 1.0


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order. Years, months, days and ordinals (第六) are skipped, as
    are digits inside Latin words (PM2.5, 4A, GDP2) and numbers with no unit or magnitude."""
    normal = to_halfwidth(text)
    found: list[Quantity] = []
    # The hot loop of the assessment: groups are fetched once, and the commonest rejection (a
    # number with neither unit nor magnitude: dates, ids, bare figures) is made here, before any
    # call; a bare number is read only where a comparison word asks for one (targets, actuals).
    for match in _QUANTITY.finditer(normal):
        groups = match.groups()
        if groups[4] or groups[2]:  # a unit or a magnitude
            quantity = _quantity(match, groups, normal, text, found)
            if quantity is not None:
                found.append(quantity)
    return found


def _quantity(match: re.Match[str], groups: tuple[str | None, ...], normal: str, text: str,
              found: list[Quantity]) -> Quantity | None:
    """The quantity a match of _QUANTITY in `normal` (`text` made half-width) is, or None when
    it is no quantity (`_not_a_quantity`). A range's lower end read as a quantity of its own just
    before (3%-5%) is taken off `found`."""
    number, approx, magnitude, approx2, unit, per = groups
    assert number is not None
    start, end = match.span()
    low = None
    if start and normal[start - 1] in _RANGE_MARKS:
        ranged = _range_low(normal, start, number, unit)
        if ranged is not None:
            low, start = ranged.group("low"), ranged.start()
            if found and found[-1].start == start:
                found.pop()  # 3%-5%: the lower end was read as a quantity of its own
    sign = 1.0
    if low is None and unit == "%" and start and normal[start - 1] == "-" and \
            not _after_operand(normal, start - 1):
        sign, start = -1.0, start - 1  # 增长-2.1%, 「-2.1%」: a fall written with a minus
    if _not_a_quantity(normal, start, end, number, unit) is not None:
        return None
    try:
        value = _number_value(number)
        low_value = _number_value(low) if low is not None else None
    except ValueError:
        return None  # no numeral after all (a guard: the pattern admits numerals only)
    if low_value is not None and low_value >= value:
        low_value = None  # 2023-2025 or 10-3: not a range of one measure
        start = match.start("number")
    family, factor = unit_family((magnitude or "") + (unit or ""))
    if not unit:
        family = ""  # a magnitude alone (21亿): the unit is implied by the context
    value *= sign
    return Quantity(value=value, unit=(magnitude or "") + (unit or "") + (per or ""),
                    family=family, base=value * factor, start=start, end=end,
                    text=text[start:end], approximate=bool(approx or approx2), low=low_value)


def _range_low(normal: str, start: int, number: str, unit: str | None) -> re.Match[str] | None:
    """The lower end written before the number at `start` (4-5家, 4.5-5.0%, 三至五个), when the
    two make a range: 2%-3个 (a unit on the lower end only) or 3-五个 (two scripts) is none, and
    the second number is read alone."""
    ranged = _RANGE_LOW.search(normal, max(0, start - 24), start)
    if ranged and (not ranged.group("low_unit") or unit == "%") and \
            _same_script(ranged.group("low"), number):
        return ranged
    return None


def _not_a_quantity(normal: str, start: int, end: int, number: str, unit: str | None
                    ) -> str | None:
    """Why the number at normal[start:end] is no quantity, or None when it is one."""
    before = normal[start - 1] if start else ""
    if before and ((before.isascii() and before.isalpha()) or before in "._-+/×*xX"):
        return "part of a name or an expression"  # PM2.5, 2.0版's "0", 7×24, 8+4
    if before == "第":
        return "an ordinal"  # 第六, 第2
    if not number[0].isdigit() and len(number) == 1 and number in "十百千万亿" and \
            not (number == "十" and unit):
        return "a magnitude alone"  # 百亿, 千万 (十件, 十个 are ten)
    after = normal[end:end + 1]
    if not unit and after in ("年", "月", "日"):
        return "a date"
    if unit in _RISKY_UNITS and after and _is_cjk(after) and after not in "以左余多" and \
            unit not in ("起", "班", "组", "部"):
        return "the start of a word"  # 方案, 方面: 方 is cubic metres only before punctuation
    if unit and unit.isascii() and after.isascii() and after.isalpha():
        return "part of a Latin word"  # 30GW is a unit, 30GWh … or a model name
    if number == "一" and unit in ("批", "些"):
        return "a number of things"  # 一批, 一些: "a number of", not a count
    return None


def _after_operand(text: str, position: int) -> bool:
    """Whether the character before `position` ends a number or a name (4.5-5.0%, A-3%): then a
    minus there joins two things and is no sign."""
    if position == 0:
        return False
    char = text[position - 1]
    return char.isascii() and (char.isalnum() or char in "%)")


def _same_script(first: str, second: str) -> bool:
    return first[0].isdigit() == second[0].isdigit()


_SINGLE = re.compile(rf"^\s*(?:约|超|近|达|共|累计)?\s*(?P<sign>-)?\s*(?P<number>{_ARABIC}|{_CHINESE})\s*"
                     rf"(?P<rest>.*?)\s*(?P<op>以上|以下|以内|左右)?\s*$")


_BRACKET = re.compile(r"[（(]")
# Words with a figure after them, outside brackets (a note in brackets, 10.9(可比7.0), is kept).
_MORE_PROSE = re.compile(r"[\u4e00-\u9fff]{2}.*\d")
_NOTES = re.compile(r"[（(][^（()）]*[）)]")


def parse_quantity(text: str, default_unit: str = "") -> Quantity | None:
    """The single quantity a structured cell holds (年度目标任务 「350亿元」, 实际完成 「2505」,
    完成率 「111」); `default_unit` applies when the cell has none (2505 under a target of 2000套).
    None when the cell holds no number; a unit we do not know gives an empty family."""
    normal = to_halfwidth(text or "").strip()
    match = _SINGLE.match(normal)
    if not match:
        return None
    try:
        value = _number_value(match.group("number"))
    except ValueError:
        return None
    rest = match.group("rest").strip()
    if _MORE_PROSE.search(_NOTES.sub("", rest)):
        return None  # words and more figures after the first (一季度新增2215户): a text
    bracket = _BRACKET.search(rest)
    if bracket is not None:
        head = rest[:bracket.start()].strip()
        if head and unit_family(head)[0]:
            rest = head  # 2150万元（其中3月完成980万元）, 12个（省级）: a note after the unit
        elif not head and rest[-1:] in "）)":
            rest = rest[1:-1].strip()  # 2150（万元）: the unit in brackets
    unit = rest or default_unit
    if match.group("sign"):
        value = -value  # -2.1% in a growth column: a fall
    family, factor = unit_family(unit)
    return Quantity(value=value, unit=unit, family=family, base=value * factor, start=0,
                    end=len(text), text=text.strip())
