"""Find the numeric targets a task states: 完成投资350亿元以上, 增长8%以上, 控制在26以下.

General rules about how these texts state targets, not fixes for rows:
- a target is a quantity that ends its clause (完成投资350亿元以上，…), or any percentage;
- a quantity followed by a noun (254个实施类市重点项目, 10亿元以上的企业) is scope, not a target,
  unless the noun is then said to reach something (6个镇全部达到健康镇标准), or the clause
  delivers what is counted (完成实验中学2座教学楼建设, 改造12处农贸市场, 为全市27所学校配备…,
  为1.5万65岁以上老年人免费体检: 万 before a noun of people counts 万人);
- a range is at least its lower end (4-5家 → ≥ 4), 左右 is at least the figure, except for
  measures where less is better (CPI, 失业率, 能耗 …: 3%左右 → ≤ 3);
- numbers inside quotation marks or document titles are names (“8+4”, “15分钟品质文化生活圈”), and
  numbers of versions, grades, phases and ordinals (2.0版, 4A级, 二期, 第六) are not quantities;
- a bare number is a target only after a comparison word (倍差低于1.82, 控制在26以下), or as
  the count at the end of a clause that delivers the thing named before it (新增停车位5000);
- an enumeration before a shared target without 等 gives one target per item (研发经费投入、
  高新技术产业投资增长30%以上), and 「分别」 pairs listed values with listed items in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .quantities import Quantity, unit_family
from .text import HAN
from .view import TextView, text_view

_OP_AFTER = re.compile(r"^(?:及以上|以上|以下|以内|左右|之内|内)")
_AT_MOST_BEFORE = re.compile(r"(控制在|控制到|降至|降到|下降到|(?<!不)低于|不超过|不高于|(?<!不)少于|(?<!不)小于|压缩至|压缩到|"
                             r"缩短至|缩短到|以内|≤|≦|＜|<)\s*$")
_AT_LEAST_BEFORE = re.compile(r"(突破|超过|超|达到|达|不少于|不低于|至少|提升至|提升到|提高至|提高到|增加到|增至|保持在|稳定在|高于|大于|≥|≧|＞|>)\s*$")
# Characters that may follow a target: the clause ends, or a conjunction starts the next part.
_FOLLOW_OK = set("，。；、：,.;:)）]】」』”\"'！？!?\n 和及与并或（(")
_REACH_AFTER = re.compile(r"^[^，。；、]{0,8}?(全部|均|都)(已)?(达到|实现|建成|完成|通过|创成)")
_BARE_TARGET = re.compile(r"(低于|不高于|不超过|控制在|降至|降到|下降到|保持在|稳定在|达到|达|突破|提升至|提高到|小于|大于|高于)"
                          r"\s*(\d+(?:\.\d+)?)(?=\s*(?:以下|以内|以上|[，。；、,;]|$))")
_LEADING = re.compile(r"^(?:确保|力争|争取|全力|努力|其中|并且|并|同时|全年|年内|今年|力求|推动|实现|"
                      r"累计|合计|和|及|与|、|，|的)+")
_TRAILING = re.compile(r"(?:恢复至|恢复到|降至|降到|下降到|达到|达|突破|超过|超|至|为|在|控制在|保持在|稳定在|提升至|提升到|提高到|提高至|"
                       r"不少于|不低于|低于|不超过|分别|均|总计|共|累计|合计|每年|年均|日均|月均|全年|以上)+$")
_MILESTONE = re.compile(r"(一季度|二季度|三季度|四季度|上半年|下半年|年底|年末|[1-9一二三四五六七八九十]+月底)")
_MILESTONE_MONTH = {"一季度": 3, "二季度": 6, "上半年": 6, "三季度": 9, "四季度": 12, "下半年": 12,
                    "年底": 12, "年末": 12}
_RATE_WORDS = re.compile(r"(增长|增速|增幅|下降|降幅|降低|减少|回落|上升|提高|提升)(?:了)?\s*$")
_RATE_ANY = re.compile(r"增长|增速|增幅|下降|降幅|减少")
_DECLINE = re.compile(r"(下降|降幅|降低|减少|回落)")
_LEVEL_WORDS = re.compile(r"总规模|总数|保有量|余额|规模达|累计(?!完成)|人均|亩均|年均|日均|月均|每[千万百十]人|"
                          r"均价|平均|倍差|指数|浓度|PM2\.?5|优良率|达标率|达到?[^，。；]{0,10}标准|以上企业|"
                          r"以上的企业|覆盖率|占比|比重|份额|比例|率|覆盖面|市场主体$|户数|用户$|注册|首位|排名")
# 总额, 总值, 总量 of what a year brings in (进出口总额, 社会消费品零售总额, 工业总产值, 经济总量) build
# up over the year like any amount; of what is held (资产总额, 存款总额, 能耗总量 under a cap, 市场主体总量) they are
# levels.
_TOTAL = re.compile(r"总额|总值|总量")
_HELD = re.compile(r"资产|存款|贷款|负债|债务|资本|市值|规模|余额|存量|保有|储量|库容|面积|人口|排放|能耗|用水|用能|"
                   r"市场主体|经营主体")
# Stocks named by what they hold (市场主体, 用户, 户数), and the verbs that make them flows.
_STOCK_WORDS = re.compile(r"市场主体$|户数|用户$")
_FLOW_WORDS = re.compile(r"新增|新建|净增|增加|新发展|新培育|培育|引进|新登记|新设立|新开户")
_NAME_START = re.compile(r"^[“\"「《]")
_ENUM_ITEM_MIN = 4


# Hashable and compared by value like a frozen dataclass, but not frozen: a frozen
# dataclass's __init__ costs four times as much, and several of these are made for every
# task. Nothing changes one once it is made.
@dataclass(unsafe_hash=True)
class FoundTarget:
    """A target found in text, with what is needed to find and judge its actual figure."""

    metric: str
    """Short name of what is measured, for display."""
    context: str
    """Words that identify the measure in the progress text (metric plus enumerated item)."""
    quantity: Quantity
    op: str
    kind: str
    evidence: str
    """The clause the target was read from, as written."""
    milestone: int | None = None
    """Last month of a checkpoint (一季度达到30% → 3), None for an annual target."""
    decline: bool = False
    """A decrease target (下降10%以上): the figure to compare is the size of the fall."""
    horizon: int | None = None
    """The year a target over several years is due (到2026年, 三年内 → 9999), None for this year's."""
    revised_from: str = ""
    """The target as first set, when the text says it was revised during the year (增长6%（年中
    调整为4%左右）: 6%); "" when it was not."""


def _clean_metric(text: str) -> str:
    text = text.strip(" ，、；：:“”\"")
    for _ in range(3):
        text = _LEADING.sub("", text).strip()
        text = _TRAILING.sub("", text).strip()
    text = _MILESTONE.sub("", text).strip("，、 ")
    return text


# A year's income per head: it accrues over the year (1-3月 9072元 of 19618元), though 人均.
_INCOME = re.compile(r"可支配收入|人均收入|纯收入")


def _kind(metric: str, quantity: Quantity, op: str, before: str) -> str:
    if quantity.family == "percent":
        if "完成率" in metric:
            return "cumulative"  # a completion ratio of the annual plan builds up like an amount
        if _RATE_WORDS.search(before) or (_RATE_ANY.search(metric) and "率" not in metric[-2:]):
            return "rate"
        return "level"
    if quantity.family == "cny" and _INCOME.search(metric):
        return "cumulative"  # 人均可支配收入19618元: a year's income, reported as it accrues
    total = "总" in metric and _TOTAL.search(metric) is not None
    held = total and _HELD.search(metric) is not None
    if total and not held and op != "<=":
        return "cumulative"
    if op == "<=" or held or _LEVEL_WORDS.search(metric) or _LEVEL_WORDS.search(before[-8:]):
        if _STOCK_WORDS.search(metric) and _FLOW_WORDS.search(metric) and \
                not _LEVEL_WORDS.search(_STOCK_WORDS.sub("", metric)) and op != "<=":
            return "cumulative"  # 新增市场主体1万户: a flow into the stock, built up over the year
        return "level"
    return "cumulative"


# Measures where less is better: a figure given with 左右 or no comparison word is a ceiling.
_LESS_IS_BETTER = re.compile(r"居民消费价格|消费价格指数|CPI|物价|失业率|能耗|发生率|死亡率|死亡人数|事故|"
                             r"负债率|不良率|逾期|投诉|浓度|PM2\.?5|PM10|倍差|赤字|空置率|返贫|办理时限|"
                             r"办结时限|时长")


def _op(before: str, after: str, metric: str = "") -> str:
    suffix = _OP_AFTER.match(after)
    if suffix and suffix.group(0) in ("以下", "以内", "之内", "内"):
        return "<="
    if _AT_MOST_BEFORE.search(before):
        return "<="
    explicit = (suffix and suffix.group(0) in ("以上", "及以上")) or _AT_LEAST_BEFORE.search(before)
    if not explicit and _LESS_IS_BETTER.search(metric) and not _RISE_OR_FALL.search(before[-6:]) \
            and not _RISE_OR_FALL.search(metric[-4:]):
        return "<="  # 城镇调查失业率5.5%左右, 居民消费价格涨幅3%左右: a ceiling
    return ">="


_RISE_OR_FALL = re.compile(r"增长|增加|提高|提升|上升|下降|降低|减少|回落")
# A count with no unit at the end of a clause, after the noun it counts (新增停车位5000).
_BARE_COUNT = re.compile(r"(?=\d)(?<=" + HAN + r")(\d+(?:\.\d+)?)(?=\s*(?:以上|及以上)?\s*(?:[，。；,;）)]|$))")
_DIGIT = re.compile(r"\d")
_NOT_A_COUNT_BEFORE = set("第至到于在前底末号期年月日版级星型类度")


def _bare_targets(view: TextView) -> list[Quantity]:
    """Numbers without a unit that are targets: after a comparison word (倍差低于1.82), or a
    count closing a clause that delivers the thing named before it (新增停车位5000)."""
    text = view.text
    found = []
    starts = set()
    for match in _BARE_TARGET.finditer(text):
        start, end = match.span(2)
        before = text[start - 6:start]
        if view.quoted(start) or re.search(r"PM2\.?$", before):
            continue
        value = float(match.group(2))
        starts.add(start)
        found.append(Quantity(value=value, unit="", family="", base=value, start=start, end=end,
                              text=text[start:end]))
    if _DIGIT.search(text) is None:
        return found
    for match in _BARE_COUNT.finditer(text):
        start, end = match.span(1)
        if start in starts or view.quoted(start) or text[start - 1] in _NOT_A_COUNT_BEFORE:
            continue
        clause_start, _ = view.clause(start)
        if _governing_verb(text[clause_start:start]) != "delivery":
            continue
        value = float(match.group(1))
        found.append(Quantity(value=value, unit="", family="", base=value, start=start, end=end,
                              text=text[start:end]))
    return found


def _enumeration(prefix: str) -> list[str] | None:
    """Items of a list of parallel measures sharing one target, or None.

    「研发经费投入、高新技术产业投资增长」 → two items; 「开工夏能、独立储能等项目」 (等: examples
    of one measure) and 「新建省、金华重点项目开工率」 (a modifier, not a measure) → None.
    """
    if "、" not in prefix or "等" in prefix:
        return None
    items = [item for item in prefix.split("、")]
    if len(items) > 5 or any(not item.strip() for item in items):
        return None
    shared_each = "均" in items[-1] or "分别" in items[-1]
    # Short items are modifiers (新建省、金华重点项目) or one compound noun (首店、旗舰店), not
    # parallel measures; 均 says outright that each item has the target.
    if not shared_each and any(len(_clean_metric(item)) < _ENUM_ITEM_MIN for item in items):
        return None
    if any(len(item) > 24 for item in items):
        return None
    return items


def _enumerated_metrics(items: list[str]) -> list[str]:
    """Names for each item of an enumeration: the last item's predicate is shared."""
    last = items[-1]
    tail_match = re.search(r"(获批|均|同比|增长|下降|增速|占|达到|完成|建成|实现|投入|覆盖)", last)
    tail = last[tail_match.start():] if tail_match and tail_match.start() > 0 else ""
    names = [_clean_metric(item + tail) for item in items[:-1]] + [_clean_metric(last)]
    return [name.replace("均", "") for name in names]


# Words that end the name of a measure (一般公共预算收入, 进出口总额): a list item ending so is whole.
_MEASURE_END = re.compile(r"(?:收入|投入|投资|产值|增加值|总额|总值|总量|销售额|零售额|营业额|利润|税收|支出|"
                          r"消费|进口|出口|规模|指数|价格|额|量|率|值|数)$")
# Pairs of subjects offices write as one word (城乡居民 = 城镇居民 and 农村居民).
_PAIRED = (("城乡", ("城镇", "农村")), ("进出口", ("进口", "出口")), ("中小学", ("中学", "小学")))


def respective_subjects(before: str, count: int) -> list[str] | None:
    """For 「A、B（or A和B）…分别增长X%和Y%」 and 「城乡居民收入分别增长X%和Y%」: what each of the
    `count` figures after 分别 measures, with the predicate (城镇居民人均可支配收入增长, …); None
    when the words before 分别 do not list that many subjects."""
    head, _, predicate = before.rpartition("分别")
    head = _clean_metric(head)
    predicate = _clean_metric(predicate) if _clean_metric(predicate) else predicate.strip()
    parts = [part for part in re.split(r"[、和与及]", head) if part]
    if len(parts) == count and count > 1:
        first, last = parts[0], parts[-1]
        tail = ""
        if not _MEASURE_END.search(first) and len(last) > len(first) + 1:
            tail = last[len(first):]  # 城镇、农村居民收入: 城镇 + 居民收入
        return [f"{part}{tail}{predicate}" for part in parts[:-1]] + [f"{last}{predicate}"]
    if len(parts) == 1 and count == 2:
        for word, pair in _PAIRED:
            if word in head:
                return [f"{head.replace(word, one, 1)}{predicate}" for one in pair]
    return None


def _respectively(text: str, clause_start: int, count: int) -> list[str] | None:
    """For 「…A、B两个…平台建设，力争产值分别突破X、Y」: the items A, B before the clause."""
    before = text[:clause_start]
    for match in reversed(list(re.finditer(r"[^，。；]*、[^，。；]*", before))):
        items = match.group(0).split("、")
        if len(items) != count:
            continue
        first = re.sub(r"^.*?(推进|推动|加快|实施|建设|打造|支持|培育|发展|做强|做大)", "", items[0])
        last = re.split(r"[两二三四五六七八九十\d]+[个家项座所类]|等|“|\"|平台|产业|项目", items[-1])[0]
        cleaned = [first, *items[1:-1], last]
        if all(1 <= len(item) <= 12 for item in cleaned):
            return cleaned
    return None


def find_targets(text: str, fallback_metric: str = "",
                 set_aside: dict[int, str] | None = None) -> list[FoundTarget]:
    """The targets stated in a task's text, in order of appearance; `set_aside`, when given,
    gets why each of the text's other quantities is no target, by its start (in the words a
    reviewer reads: 名称, 规模或门槛 …)."""
    view = text_view(text)
    reading = _TargetReading(view, _target_figures(view), fallback_metric,
                             _SEVERAL_YEARS.search(view.text) is not None)
    for quantity in reading.quantities:
        reason = _set_aside(reading, quantity)
        if reason is None:
            clause_start, clause_end = view.clause(quantity.start)
            follow = _what_follows(view, quantity, clause_start, clause_end)
            if not isinstance(follow, str):
                _read_targets(reading, follow, clause_start, clause_end)
                continue
            reason = follow  # the reason it is no target: scope, a qualifier
        if set_aside is not None:
            set_aside[quantity.start] = _REASON_WORDS.get(reason, reason)
    return _revised(reading.targets, view, set_aside)


# A target revised during the year, right before the new figure (（年中调整为4%左右）, 下调至).
_REVISION = re.compile(r"(?:年中|年内|年度中期|中期)?(?:调整|下调|上调|修订|修正|调减|调增)(?:为|至|到)\s*$")


def _revised(targets: list[FoundTarget], view: TextView,
             set_aside: dict[int, str] | None) -> list[FoundTarget]:
    """The targets with each revision taking the place of the target it revises: the one just
    before it, in the same sentence. The first value is kept in `revised_from`."""
    kept: list[FoundTarget] = []
    for target in targets:
        before = view.text[max(0, target.quantity.start - 12):target.quantity.start]
        if kept and _REVISION.search(before) and \
                view.sentence(kept[-1].quantity.start) == view.sentence(target.quantity.start):
            first = kept.pop()
            if set_aside is not None:
                set_aside[first.quantity.start] = REASON_REVISED
            target = replace(first, quantity=target.quantity, op=target.op if "左右" not in
                             view.text[target.quantity.end:target.quantity.end + 3] else first.op,
                             revised_from=first.quantity.text)
        kept.append(target)
    return kept


REASON_REVISED = "年中调整前的原目标"


# The reasons a quantity is no target, as a reviewer reads them.
_REASON_WORDS: dict[str, str] = {"a part of the target before it": "其中部分","read as an item of a 分别 list": "分别所列之一",
                 "a name in quotes": "引号中的名称",
                 "a name or service hours": "名称或服务时长",
                 "scope or a qualifier": "规模、门槛或限定",
                 "a magnitude per something, ending the text": "单位数额"}


# The records below are plain classes with __slots__, not dataclasses or named tuples: some are
# made for every text or figure inside the timed assessment, and each dataclass or named tuple
# costs the assessment's first run a fraction of a millisecond to generate its code at import.
class _TargetReading:
    """One text's targets as they are read, quantity by quantity."""

    __slots__ = ("view", "quantities", "fallback_metric", "several_years", "targets", "taken",
                 "previous_end", "previous_metric")

    def __init__(self, view: TextView, quantities: list[Quantity], fallback_metric: str,
                 several_years: bool) -> None:
        self.view = view
        self.quantities = quantities  # those that may be targets, in order (`_target_figures`)
        self.fallback_metric = fallback_metric  # the name of a target whose text names none
        # The text sets a goal over several years somewhere (三年内, 到2026年): each target's
        # sentence is read for the year it is due.
        self.several_years = several_years
        self.targets: list[FoundTarget] = []
        self.taken: set[int] = set()  # starts of the quantities read as items of a 分别 list
        # Where the last target's words end (the next target's name starts after them), and
        # what it measures (a checkpoint after it, 一季度达到30%, measures the same).
        self.previous_end = 0
        self.previous_metric = ""


class _Follow:
    """A quantity that is a target by what follows it, and what that is."""

    __slots__ = ("quantity", "after", "suffix_end", "counted", "reach")

    def __init__(self, quantity: Quantity, after: str, suffix_end: int, counted: str,
                 reach: bool) -> None:
        # At its lower bound (4-5家: 4), in the unit of what it counts (1.5万 老年人: 1.5万人).
        self.quantity = quantity
        self.after = after  # the text after the quantity as found
        self.suffix_end = suffix_end  # where a comparison after it (以上, 以内 …) ends
        # The noun a count is followed by when the count is the target (完成2座教学楼建设), or "".
        self.counted = counted
        # What follows is said to reach a standard (6个镇全部达到健康镇标准): that is the measure.
        self.reach = reach


class _Terms:
    """What a target's clause says of every target read at one quantity."""

    __slots__ = ("op", "evidence", "milestone", "decline", "horizon")

    def __init__(self, op: str, evidence: str, milestone: int | None, decline: bool,
                 horizon: int | None) -> None:
        self.op = op
        self.evidence = evidence
        self.milestone = milestone
        self.decline = decline
        self.horizon = horizon

    def target(self, name: str, quantity: Quantity, kind: str) -> FoundTarget:
        return FoundTarget(name, name, quantity, self.op, kind, self.evidence, self.milestone,
                           self.decline, self.horizon)


def _target_figures(view: TextView) -> list[Quantity]:
    """The quantities of the text and its bare numbers that may be targets (`_bare_targets`), in
    order of where they start."""
    return sorted([*view.quantities, *_bare_targets(view)], key=lambda q: q.start)


def _set_aside(reading: _TargetReading, quantity: Quantity) -> str | None:
    """Why a quantity is no target whatever follows it, or None."""
    if quantity.start in reading.taken:
        return "read as an item of a 分别 list"
    if _a_part(reading, quantity):
        return "a part of the target before it"
    if reading.view.quoted(quantity.start):
        return "a name in quotes"
    if quantity.family == "time" and \
            not _AT_MOST_BEFORE.search(reading.view.text[:quantity.start]):
        return "a name or service hours"  # 15分钟, 7×24小时 (but 压缩至3个工作日 is a target)
    return None


def _a_part(reading: _TargetReading, quantity: Quantity) -> bool:
    """Whether a quantity is one of the parts the target read before it is broken into after
    其中, the parts adding up to it (清淤13万方。其中区城管局3万方，区农业农村局10万方): they are
    not targets of their own (其中工业投资增长15%以上, which adds up to nothing, is one)."""
    if not reading.targets:
        return False
    last = reading.targets[-1].quantity
    text = reading.view.text
    marker = text.find("其中", last.end, quantity.start + 1)
    if marker < 0 or last.family != quantity.family:
        return False
    end = text.find("。", marker)
    parts = [q for q in reading.quantities if q.start > marker and q.family == last.family and
             (end < 0 or q.start < end)]
    return len(parts) > 1 and abs(sum(q.base for q in parts) - last.base) <= 1e-6 * max(1.0, last.base)


def _what_follows(view: TextView, quantity: Quantity, clause_start: int, clause_end: int
                  ) -> _Follow | str:
    """What follows a quantity, when that makes it a target; else why it is none: a quantity
    followed by a noun is scope (254个实施类项目) or a qualifier (10亿元以上的企业), unless it
    counts the noun (`_counts_what_follows`) or the noun is said to reach something."""
    normal = view.text
    after = normal[quantity.end:]
    op_suffix = _OP_AFTER.match(after)
    suffix_end = quantity.end + (len(op_suffix.group(0)) if op_suffix else 0)
    next_char = normal[suffix_end:suffix_end + 1]
    counted, reach = "", False
    if next_char and next_char not in _FOLLOW_OK and quantity.family != "percent":
        if _counts_what_follows(quantity, op_suffix, normal, clause_start):
            counted = _clean_metric(normal[suffix_end:clause_end][:24])
            quantity = _counted_unit(quantity, normal[suffix_end:])
        elif _REACH_AFTER.match(normal[suffix_end:]):
            reach = True
        else:
            return "scope or a qualifier"
    if not next_char and not quantity.family and quantity.unit and not quantity.magnitude_only:
        return "a magnitude per something, ending the text"  # 1万/亩 with nothing after
    return _Follow(quantity.lower_bound(), after, suffix_end, counted, reach)


def _read_targets(reading: _TargetReading, follow: _Follow, clause_start: int,
                  clause_end: int) -> None:
    """Add the targets stated at one quantity: one per subject of a 分别 list, one per item of an
    enumeration, else one."""
    view = reading.view
    quantity = follow.quantity
    before = view.text[max(clause_start, reading.previous_end):quantity.start]
    milestone = _milestone(before)
    metric = _target_name(reading, follow, before, clause_end, milestone)
    horizon = _horizon(view.text[view.sentence(quantity.start)[0]:quantity.start]) \
        if reading.several_years else None
    evidence = view.original[clause_start:clause_end].strip()
    terms = _Terms(_op(before, follow.after, metric), evidence, milestone,
                   bool(_DECLINE.search(before[-6:])), horizon)
    if "分别" in before and _respective_targets(reading, quantity, before, clause_start,
                                                clause_end, terms):
        return
    items = _enumeration(before) if not follow.reach else None
    if items:
        for name in _enumerated_metrics(items):
            reading.targets.append(terms.target(name, quantity,
                                                _kind(name, quantity, terms.op, before)))
    else:
        kind = "level" if follow.reach else _kind(metric, quantity, terms.op, before)
        reading.targets.append(terms.target(metric or reading.fallback_metric, quantity, kind))
    reading.previous_end = follow.suffix_end
    reading.previous_metric = metric


def _milestone(before: str) -> int | None:
    """The last month of a checkpoint named right before a target (一季度达到30% → 3), or None."""
    found = _MILESTONE.search(before[-8:])
    if found is None:
        return None
    word = found.group(1)
    return _MILESTONE_MONTH.get(word) or _month_of(word)


def _target_name(reading: _TargetReading, follow: _Follow, before: str, clause_end: int,
                 milestone: int | None) -> str:
    """What a target measures: the words before it (with the noun it counts), or what is said
    to reach a standard, or — when the words before it name nothing — the last target's measure
    for a checkpoint, else the words after it."""
    normal = reading.view.text
    metric = _clean_metric(before)
    if follow.counted:
        metric = _clean_metric(metric + follow.counted)  # 完成实验中学 + 教学楼建设
    if follow.reach:
        return _clean_metric(normal[follow.suffix_end:clause_end])  # 镇全部达到健康镇标准
    if len(re.sub(r"[^\u4e00-\u9fff]", "", metric)) >= 2:
        return metric
    if milestone is not None and reading.previous_metric:
        return reading.previous_metric
    # 确保20%以上城区骨干教师下乡交流: the measure follows the number
    return _clean_metric(normal[follow.suffix_end:clause_end]) or reading.previous_metric or \
        reading.fallback_metric


def _respective_targets(reading: _TargetReading, quantity: Quantity, before: str,
                        clause_start: int, clause_end: int, terms: _Terms) -> bool:
    """For 「A、B…分别增长X%和Y%」 or 「…A、B两个平台建设，力争产值分别突破X、Y」: a target for
    each figure listed after 分别, named by its subject; False (none added) when the words do
    not list as many subjects as figures."""
    normal = reading.view.text
    group = _respectively_group(reading.quantities, quantity, normal, clause_end)
    if len(group) < 2:
        return False
    base_metric = _clean_metric(before.replace("分别", ""))
    names = respective_subjects(before, len(group))
    if not names:
        items = _respectively(normal, clause_start, len(group))
        if not items:
            return False
        names = [f"{item}{base_metric}" for item in items]
    for item_quantity, name in zip(group, names):
        reading.taken.add(item_quantity.start)
        reading.targets.append(terms.target(name, item_quantity,
                                            _kind(base_metric, item_quantity, terms.op, before)))
    reading.previous_end = group[-1].end
    reading.previous_metric = base_metric
    return True


# Verbs that deliver what they count (新建3所学校, 培训500人, 为…配备) and verbs of work on a
# given set (加快推进254个项目建设, 推动四个镇赶超发展): the nearer one before a count decides.
_VERBS = re.compile(
    r"(?P<ongoing>加快|推进|推动|加速|持续|深化|支持|围绕|聚焦|依托|带动|谋划|储备|梳理|排查|摸排|跟踪|"
    r"督促|指导|鼓励|引导|包括|涉及|联系|结对|确定|选取|遴选|在)|"
    r"(?P<delivery>新增|新建|新改建|改扩建|建成|建设|培育|引进|招引|打造|创建|完成|实施|开工|改造|举办|开展|"
    r"培训|落地|开通|认定|创成|建立|设立|布局|新开|开行|投放|提供|安装|配备|配置|增设|新设|购置|改建|扩建|"
    r"提升|修缮|整治|治理|修复|更新|升级|铺设|修建|种植|植树|造林|发放|资助|救助|帮扶|慰问|筛查|体检|"
    r"接种|招募|招聘|吸纳|安置|培养|组织|创办|组建|评选|推出|制定|出台|新辟|调整|更换|竣工|帮助|建)")
# Outcomes a count of things can be brought to (推动5家企业上市, 推进10个项目开工).
_OUTCOME = re.compile(r"上市|投产|竣工|完工|建成|投用|签约|达产|挂牌|通过验收|升规|入规|开业|实现就业|就业|"
                      r"创成|获评|获批|认定为")
_ONGOING_RIGHT_BEFORE = re.compile(r"(加快|推进|推动|加速)(建设|实施)?$")
# 为全市27所学校, 为7600名高龄老人, 对1200家企业: the beneficiaries or objects of a service.
_ROUNDING_RIGHT_BEFORE = re.compile(r"(?:约|近|逾|超过|大约|将近)$")
_FOR_WHOM = re.compile(r"(?:^|[^以])[为对](?:全[省市县区镇]|我[省市县区镇]|本[省市县区镇]|[全各]?" + HAN + r"{0,3}[市县区镇乡])?$")
# Words after 一 + measure word that make a set phrase, not a count (一条龙, 一站式, 一件事).
_SET_PHRASE = re.compile(r"^(?:龙|站式|件事|张网|张图|盘棋|体化|网|码|屏|窗|次|门|键|揽子|流|线|把手|带一路)")
# What may follow an amount of money that is itself delivered (完成350亿元投资, 发放500万元补贴).
_MONEY_NOUN = re.compile(r"^(?:的)?(?:投资|资金|融资|贷款|收入|产值|营收|补助|补贴|奖励|奖补|税收|销售额|交易额)")
# A policy package named by its size in Chinese numerals (十项举措, 五大行动, 三项机制).
_PACKAGE_NOUN = re.compile(r"^[^，。；、]{0,6}?(?:举措|措施|行动|工程|政策|机制|改革|任务|专项|攻坚|计划|战略|"
                           r"体系|制度|清单|要求|原则|方面|领域|环节|重点)")
_PEOPLE_NOUN = re.compile(r"^[^，。；、]{0,10}?(?P<people>人|者|老人|学生|儿童|妇女|患者|群众|居民|农民|职工|员工|青年|孕妇|新生儿)|"
                          r"^[^，。；、]{0,10}?(?P<household>户|家庭)")


def _governing_verb(before: str) -> str | None:
    """'delivery' or 'ongoing' for the last such verb in `before`, None when there is none."""
    last = None
    for match in _VERBS.finditer(before):
        last = match
    if last is None:
        return None
    return "delivery" if last.group("delivery") else "ongoing"


def _counts_what_follows(quantity: Quantity, op_suffix: re.Match[str] | None, text: str,
                         clause_start: int) -> bool:
    """True for a quantity that is the target although a noun follows it: 「新增5个以上国家和地区」
    (a count with 以上), 「完成实验中学2座教学楼建设」 (the clause delivers what is counted),
    「为全市27所学校配备…」 (those served). False for scope: 「加快推进254个项目建设」 (work on a
    given set), 「10亿元以上的企业」 (a qualifier), 「五个一批」 (a slogan), 「义亭、赤岸四个镇」 (the
    size of a list just named)."""
    family = quantity.family
    after = text[quantity.end + (len(op_suffix.group(0)) if op_suffix else 0):]
    if after[:1] == "的" or (after[:1].isdigit() or after[:1] in "一二两三四五六七八九十") and \
            not re.match(r"\d+周?岁", after):
        return False  # 五个一批, 三个1000: a slogan (1.5万65岁以上老年人 is a count of people)
    if family in ("percent", "time", "usd", "cny") and not (
            family in ("cny", "usd") and not op_suffix and _MONEY_NOUN.match(after)):
        return False
    if family == "" and not (quantity.magnitude_only and _PEOPLE_NOUN.match(after)):
        return False
    if quantity.value == 1 and (quantity.unit in ("批", "些", "系列") or _SET_PHRASE.match(after)):
        return False  # 一批, 一条龙: "a number of" or a set phrase, not a count
    # 为约2000户…, 惠及近万名…: the word that rounds the figure is not the clause's.
    before = _ROUNDING_RIGHT_BEFORE.sub("", text[clause_start:quantity.start])
    outcome = _OUTCOME.search(after[:16].split("，")[0]) is not None
    if _ONGOING_RIGHT_BEFORE.search(before) and not outcome:
        return False  # 加快建设4个风貌区: the scope of ongoing work, not a count to deliver
    if not quantity.text[0].isdigit() and (re.search(r"、[^，。；、]{1,10}$", before) or
                                           _PACKAGE_NOUN.match(after)):
        return False  # 义亭、赤岸四个镇: the size of a list just named; 十项举措: a package's name
    if op_suffix and op_suffix.group(0) in ("以上", "及以上"):
        return family in ("count", "people")
    verb = _governing_verb(before)
    if verb == "ongoing" and outcome:
        return True  # 推动5家企业上市: the count of those brought to an outcome
    if verb is not None:
        return verb == "delivery"
    return _FOR_WHOM.search(before) is not None


def _counted_unit(quantity: Quantity, after: str) -> Quantity:
    """A magnitude before a noun of people or households counts them: 1.5万65岁以上老年人 is 1.5万人."""
    if not quantity.magnitude_only:
        return quantity
    noun = _PEOPLE_NOUN.match(after)
    if noun is None:
        return quantity
    unit = quantity.unit + ("人" if noun.group("people") else "户")
    family, factor = unit_family(unit)
    return Quantity(quantity.value, unit, family, quantity.value * factor, quantity.start,
                    quantity.end, quantity.text, quantity.approximate, quantity.low)


def _respectively_group(quantities: list[Quantity], first: Quantity, text: str,
                        clause_end: int) -> list[Quantity]:
    """The quantities listed after 分别 (X、Y、Z), starting with `first`."""
    group = [first]
    for quantity in quantities:
        if quantity.start <= group[-1].start or quantity.start > clause_end + 40:
            continue
        gap = text[group[-1].end:quantity.start]
        if re.fullmatch(r"(?:以上|以下)?[、和及]", gap) and quantity.family == first.family:
            group.append(quantity)
        elif quantity.start > group[-1].end:
            break
    return group


def _month_of(word: str) -> int | None:
    match = re.match(r"(\d+)月底", word)
    if match:
        month = int(match.group(1))
        return month if 1 <= month <= 12 else None
    return None


def kind_of(metric: str, quantity: Quantity, op: str, before: str = "") -> str:
    """The kind (cumulative, rate, level) of a target named `metric`, as the text rules read it."""
    return _kind(metric, quantity, op, before)


def op_of(before: str, after: str, metric: str = "") -> str:
    """The comparison a target's surrounding words give it (以上 → >=, 控制在 → <=)."""
    return _op(before, after, metric)


# A goal over several years (三年内, 到2026年, “十四五”期间, 2024-2026年), unless this year's part
# is named after it (到2026年建成5个，今年建成2个: 今年 starts this year's target).
_SEVERAL_YEARS = re.compile(r"(?P<within>[两二三四五六七八九十]|\d)年内|(?:到|至|力争到|争取到|确保到)\s*(?P<by>20\d\d)\s*年|"
                            r"十[四五]五|(?:20\d\d)\s*[-—–至到]\s*(?P<until>20\d\d)\s*年|[三五]年行动")
_THIS_YEAR = re.compile(r"今年|年内|全年|当年|本年|年度")


def _horizon(sentence_before: str) -> int | None:
    """The year a target is due when its sentence sets a goal over several years, else None."""
    last = None
    for match in _SEVERAL_YEARS.finditer(sentence_before):
        last = match
    if last is None or _THIS_YEAR.search(sentence_before[last.end():]):
        return None
    year = last.group("by") or last.group("until")
    return int(year) if year else 9999
