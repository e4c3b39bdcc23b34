"""Find, in the progress text, the reported figure that measures the same thing as a target.

A figure is a candidate for a target when it measures the same kind of thing (its unit family:
亿元 and 万元, 万千瓦 and KW, 亩 and 万亩; a growth rate for a growth target) and is not ruled
out: a name in quotes, a sub-period (1-8月 in a 1-9月 report, 月均, 月度), a previous year's
figure, a restated target (完成…1万人目标). Candidates are scored by how much of the target's
wording their clause and sentence share; the best above a threshold wins. When several figures
tie (年度投资完成率 of three groups of projects), the weakest is taken, since the target covers them
all. Each figure serves at most one target. When none fits, the actual is None: never borrow an
unrelated number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..core.model import Period
from .quantities import Quantity, find_quantities
from .targets import FoundTarget, respective_subjects
from .text import HAN, bigrams, coverage, similarity, unit_token, whole_clauses
from .timing import PERIOD, Timing, figure_timing
from .view import TextView, text_view

MIN_SCORE = 0.18
TIE = 0.02
RIVAL = 0.08  # a figure this close to the chosen one makes the choice worth a reviewer's look
_GROWTH_BEFORE = re.compile(r"(增长|增速|增幅|下降|降幅|减少|降低|回落|上升|提高|提升|增加|同比|比上年|较上年)"
                            r"(?:了|为|达|达到|率)?\s*$")
_NEGATIVE_BEFORE = re.compile(r"(下降|降幅|减少|降低|回落|负增长)(?:了|为|达)?\s*$")
# A share of the annual target, said as such (not 「工程量完成90%」, which is a project's progress).
_COMPLETION_BEFORE = re.compile(r"((?:年度|全年)?(?:计划|目标|任务)?完成率|完成(?:了)?(?:全年|年度)" + HAN + r"{0,4}?"
                                r"(?:目标|计划|任务){1,2}(?:的)?|"
                                r"占(?:全年|年度)(?:目标|计划|任务){1,2}(?:的)?|(?:全年|年度)(?:目标|计划|任务){1,2}进度|"
                                r"(?:全年|年度)(?:目标|计划|任务){1,2}(?:已|已经)?完成(?:了)?|"
                                r"为(?:全年|年度)(?:目标|计划|任务){1,2}的|"
                                r"(?:完成|总体|整体|任务)进度|完成比例|进展比例)"
                                r"\s*(?:已|已经)?\s*(?:达|达到|为|已达|是)?\s*$")
_PRIOR_YEAR = re.compile(r"(去年|上年|上一年|(20\d\d)\s*年度?)")
# Part of a larger figure: 其中…, 不含港区…, 扣除…后 (but 「其中3个已建成」 is what was delivered).
_SUBSET = re.compile(r"其中|不含|不包括|扣除|剔除")
_DELIVERED_AFTER = re.compile(r"^[^，。；,;]{0,8}?(?:已完成|已建成|已投用|已投入使用|已开通|已开业|已竣工|已实现|建成|"
                              r"已交付|交付使用|通过验收|已验收|已完工|完工)")
_RESTATED = re.compile(r"^(?:的)?(?:年度|全年)?(?:目标|任务)")
# The target named right before the figure (全年目标1.2万人，已完成8600人; 年度计划投资50亿元).
_RESTATED_BEFORE = re.compile(r"(?:目标|任务|计划)(?:任务|数)?(?:投资|完成|新增|建设|开工)?(?:为|是|数为)?\s*[:：]?\s*$")
# Words after an earlier year that make the figure this year's or a comparison with it (自2020年
# 以来累计120个，今年已完成28个; 比2023年同期增长).
_SINCE_CANCELLED = re.compile(r"同期|同比|相比|增长|下降|较|今年|本年|当年|年内|提高|提升|增加|减少|降低|"
                              r"上升|回落|增幅|降幅")
# A comparison with that year right before it (较上年提高0.8个百分点, 比去年增长).
_COMPARED_WITH = re.compile(r"(?:较|比|相比|同比|对比)\s*$")
_THIS_YEAR_WORD = re.compile(r"今年|本年|当年|年内")
_SINCE_WORD = re.compile(r"累计|以来|历年")
# Between a set and the part of it done (60个重点项目已开工52个).
_SET_THEN_PART = re.compile(r"^" + HAN + r"{1,12}?(?:已|均已|共|累计)?(?:完成|开工|建成|竣工|投用|开业|签约|"
                            r"实现|启动|到位|落地|通过)" + HAN + r"{0,4}$")


def _set_of_next(text: str, quantities: list[Quantity], index: int) -> bool:
    """Whether quantities[index] is a set whose done part follows it (in its clause), in the same
    kind of unit: 「60个重点项目已开工52个」 (60 is the set, not a result)."""
    this, following = quantities[index], quantities[index + 1]
    if not this.family or following.family != this.family:
        return False
    return _SET_THEN_PART.match(text[this.end:following.start]) is not None


# The whole set a figure is then taken from (30个项目中已完成23个): not what was done.
_SET_AFTER = re.compile(r"^" + HAN + r"{0,8}?(?:中|当中|之中)\s*[，,]?\s*(?:已|有|共|累计|目前)")
# A threshold that defines a group (亩均税收6万元以下企业, 50%以上的村): not a reported figure.
_QUALIFIER_AFTER = re.compile(r"^(?:以上|以下|及以上|及以下)的?" + HAN)


@dataclass
class Candidate:
    """A figure in the progress text and what is known about it."""

    quantity: Quantity
    clause: str
    sentence_before: str
    growth: bool
    """Preceded by 增长/同比/下降…: a rate, not a level or an amount."""
    negative: bool
    """A fall (下降5%): negative when compared with a growth target."""
    completion: bool
    """A share of the annual target (完成率110.3%, 完成年度目标95.4%)."""
    subset: bool
    """In a 其中 clause: part of a larger figure."""
    excluded: str | None
    """Why the figure cannot be an actual (sub-period, previous year, name), or None."""
    restated: bool = False
    """The figure restates the target (完成…1万人目标)."""
    timing: Timing = PERIOD
    """The stretch of time the figure covers (the period, an earlier month, an estimate)."""
    evidence: str = ""
    """The clause the figure was read from, as written."""
    previous_clause: str = ""
    """The clause before it in the same sentence (for 已/完成 markers and 截至)."""
    local: str = ""
    """The words that name what this figure counts: the phrase before it and, when the figure
    comes first (23个便民服务站建成启用), the phrase after it."""
    local_after: str = ""
    """The part of `local` after the figure."""
    clause_after: str = ""
    """The rest of the figure's clause."""
    local_words: frozenset[str] = frozenset()
    sentence_words: frozenset[str] = frozenset()

    under_way: bool = False
    place: str = ""
    """A district, town or street the figure is for (东城区完成120户), "" when none is named."""
    stock: bool = False
    """Said to be a stock (全市现有…, 总数达…, 保有量): not an amount delivered this year."""
    subgroup: str = ""
    """A part of the whole the figure's sentence names (产业集群, 限额以上, 城镇 …), "" if none."""
    stage: str = ""
    """An early stage the figure reached (3所学校已完成主体结构: 主体), "" when none is named."""
    planned: bool = False
    """Followed by 正在施工, 已进场 …: the figure is what is still to be done (400户改造正在施工)."""
    delivered: bool = False
    """Followed by 已完成/已建成…, or preceded by 完工/建成 (其中完工5个): what was delivered, not a
    plan, a start or a list of sites."""
    started: str = ""
    """The start a figure counts (已开工8个: 开工), "" when it counts no start."""
    pending: str = ""
    """The early administrative step the figure has only reached (通过初审, 已申报, 待公示), ""
    when it is not said to wait for one."""
    plan: str = ""
    """The verb of planning or listing before the figure (谋划, 储备, 排查), "" when none."""
    this_year: bool = False
    """Said to be this year's (其中今年完成28个) beside a total over several years."""
    since: bool = False
    """A running total that may cover earlier years (累计改造120个, 自…以来)."""
    share_of: str = ""
    """For a completion share, the unit family of the figure right before it in its sentence
    (完成投资82亿元，完成率82%: cny), "" when none."""
    of_total: float | None = None
    """For a fraction (已完成23/30), the whole it is a part of (30)."""

    @cached_property
    def actions(self) -> frozenset[str]:
        """The telling verbs right before (or after) the figure that say what it counts (签约,
        拆除); read only for a target that has such a verb."""
        before = self.local[:len(self.local) - len(self.local_after) - 1]
        return _actions_in(before[-8:] + " " + self.local_after[:4])

    def __post_init__(self) -> None:
        # Computed once: every target of the task is scored against them.
        self.local_words = bigrams(self.local) | unit_token(self.quantity.unit)
        self.sentence_words = bigrams(self.sentence_before) | bigrams(self.clause)
        self.planned = bool(self.local_after) and _UNDER_WAY.search(self.local_after) is not None
        self.stock = _STOCK.search(self.local) is not None
        before = self.local[:len(self.local) - len(self.local_after) - 1][-16:]
        place = _PLACE_PART.search(before) if _PLACE_CHAR.search(before) and \
            _PLACE_VERB.search(before) else None
        self.place = place.group(1) if place else ""
        # The last step named after the figure decides (选址和…功能分区建设 reached 建设).
        steps = _STEPS.findall(self.clause_after) if self.local_after else []
        last = steps[-1][:2] if steps and steps[-1].startswith("开工") else steps[-1] if steps else ""
        self.stage = last if last and (_STAGE.fullmatch(last) or last.startswith("主体")) \
            else self.started
        self.under_way = self.planned or _UNDER_WAY.search(self.local) is not None or \
            (bool(self.previous_clause) and _UNDER_WAY_BEFORE.search(self.previous_clause) is not None)


# A number with no unit right after a measure's name and a colon or 为 (PM2.5: 24, 倍差为1.78).
_BARE_FIGURE = re.compile(r"(?<=[:：为是达])\s*(\d+(?:\.\d+)?)(?![\d.%％年月日号时万亿千百个家人项])")


def _bare_figures(text: str, taken: Sequence[Quantity]) -> list[Quantity]:
    spans = [(q.start, q.end) for q in taken]
    found = []
    for match in _BARE_FIGURE.finditer(text):
        start, end = match.span(1)
        if any(s <= start < e for s, e in spans):
            continue
        value = float(match.group(1))
        found.append(Quantity(value=value, unit="", family="", base=value, start=start, end=end,
                              text=match.group(1)))
    return found


# A part of a whole written as a fraction (已完成23/30, 建成23/30个), not a date (截至9/30).
_FRACTION = re.compile(r"(?<![\d./])(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?![\d./])")
# No change on the year (与上年持平, 同比基本持平): a growth of 0.
_FLAT = re.compile(r"(?:与上年|与去年|同比|比上年|较上年)(?:同期)?(?:基本)?持平")


def _fractions(text: str, totals: dict[int, float]) -> list[Quantity]:
    """The part of each fraction in `text`, in the unit after the whole (23/30个 → 23个) or
    bare; `totals` gets each part's whole by the part's position."""
    found = []
    for match in _FRACTION.finditer(text):
        if _not_a_fraction(text, match) is not None:
            continue
        part, whole = float(match.group(1)), float(match.group(2))
        after = find_quantities(text[match.start(2):match.start(2) + 16])
        unit_after = after[0] if after and after[0].start == 0 else None
        unit = unit_after.unit if unit_after is not None else ""
        family = unit_after.family if unit_after is not None else ""
        factor = unit_after.base / unit_after.value if unit_after is not None and unit_after.value else 1.0
        start = match.start(1)
        totals[start] = whole
        found.append(Quantity(part, unit, family, part * factor, start, match.end(1),
                              match.group(1)))
    return found


def _not_a_fraction(text: str, match: re.Match[str]) -> str | None:
    """Why a number/number in the text is no part of a whole, or None when it is one."""
    part, whole = float(match.group(1)), float(match.group(2))
    if whole == 0:
        return "a whole of nothing"
    if part > whole:
        return "more than its whole"
    if re.search(r"截至|截止|至|到|于", text[max(0, match.start() - 3):match.start()]) or \
            text[match.end():match.end() + 1] in ("日", "号"):
        return "a date"  # 截至9/30, 9/30日
    return None


# A small table flattened into a cell (「鄞州 海曙 镇海 北仑 合计 新辟线路年度目标 2 5 1 2 10 实际完成
# 1 2 0 3 6」): a header of places ending in 合计, then rows of a label and one figure a column.
_TOTAL_HEADER = re.compile(r"(?:^|\s)(?:合计|总计|小计)(?=\s)")
_TOKEN = re.compile(r"\S+")
_NUMBER_TOKEN = re.compile(r"^\d+(?:\.\d+)?$")
_TARGET_ROW = re.compile(r"目标|计划|任务")


def _table_totals(text: str, totals: dict[int, float]) -> list[Quantity]:
    """The total column of each result row of a table flattened into the text, each as a
    figure of the whole its target row's total names (`totals`, as for a fraction)."""
    tokens = list(_TOKEN.finditer(text))
    header_end = next((i for i, t in enumerate(tokens)
                       if t.group(0) in ("合计", "总计", "小计")), None)
    if header_end is None:
        return []
    width = header_end + 1
    rows: list[tuple[str, list[re.Match[str]]]] = []
    index = width
    while index < len(tokens):
        label = tokens[index].group(0)
        cells = tokens[index + 1:index + 1 + width]
        if _NUMBER_TOKEN.match(label) or len(cells) < width or \
                not all(_NUMBER_TOKEN.match(cell.group(0)) for cell in cells):
            break
        rows.append((label, cells))
        index += 1 + width
    found = []
    target_total: float | None = None
    for label, cells in rows:
        total = cells[header_end]
        if _TARGET_ROW.search(label):
            target_total = float(total.group(0))
        elif target_total is not None:
            totals[total.start()] = target_total
            found.append(Quantity(float(total.group(0)), "", "", float(total.group(0)),
                                  total.start(), total.end(), total.group(0)))
            target_total = None
    return found


def _flat(text: str) -> list[Quantity]:
    return [Quantity(0.0, "%", "percent", 0.0, m.start(), m.end(), m.group(0))
            for m in _FLAT.finditer(text)]


def find_candidates(progress: str, period: Period,
                    families: set[str] | None = None) -> list[Candidate]:
    """Every figure in a progress text that could be an actual, with its context.

    `families` (unit families the targets need) skips figures no target could use; the others
    still give context (a threshold before a count) but are not examined further. The last
    texts' readings are kept: the judgement and the accounting of figures read one progress."""
    return list(_candidates(progress, period, None if families is None else frozenset(families)))


@lru_cache(maxsize=32)
def _candidates(progress: str, period: Period, families: frozenset[str] | None
                ) -> tuple[Candidate, ...]:
    reading = _read_progress(text_view(progress), period)
    candidates: list[Candidate] = []
    previous_growth: Candidate | None = None
    for index, quantity in enumerate(reading.quantities):
        if families is not None and quantity.family not in families:
            continue
        around = _around(reading, index)
        candidate = _candidate(reading, index, around)
        _settle_timing(candidate, candidates, around)
        _years_covered(reading, candidate, around)
        _share_of(reading, candidate, index, around)
        previous_growth = _growth_subject(reading, candidate, around, previous_growth)
        candidates.append(candidate)
    if "分别" in reading.text:
        _name_respective_figures(reading.view, candidates)
    return tuple(candidates)


# _ProgressReading, _Around and _Scoring are plain classes with __slots__, not dataclasses or
# named tuples: they are made for every text, figure or target inside the timed assessment, and
# each dataclass or named tuple costs its first run a fraction of a millisecond at import.
class _ProgressReading:
    """A progress text's figures, with what the whole text says once for all of them."""

    __slots__ = ("view", "text", "period", "quantities", "totals", "flat", "partial_words",
                 "applied", "targeted", "planning", "years")

    def __init__(self, view: TextView, period: Period, quantities: list[Quantity],
                 totals: dict[int, float]) -> None:
        text = view.text
        self.view = view
        self.text = text
        self.period = period
        # The text's quantities and the figures only a progress text has (`_progress_figures`).
        self.quantities = quantities
        # The whole each part of a fraction or a flattened table's total is of, by its start.
        self.totals = totals
        # Words that only some texts hold, looked for once: each gates a test made for every
        # figure. 持平 (a figure of no change may be among them); a part (其中, 不含 …); a step
        # of applying (申报, 初审, 待公示 …); a target (a figure may restate one); a verb of
        # planning or listing (谋划, 储备, 排查 …); this year and a running total both.
        self.flat = "持平" in text
        self.partial_words = _SUBSET.search(text) is not None
        self.applied = ("申" in text or "审" in text or "公示" in text or "报" in text or
                        "推荐" in text or "待" in text or "提交" in text) and \
            _PENDING.search(text) is not None
        self.targeted = "目标" in text or "任务" in text or "计划" in text
        self.planning = any(word in text for word in _PLAN_WORDS)
        self.years = ("今年" in text or "本年" in text or "当年" in text or "年内" in text) and \
            ("累计" in text or "以来" in text or "历年" in text)


def _read_progress(view: TextView, period: Period) -> _ProgressReading:
    """The figures of a progress text and the words it holds that bear on them."""
    totals: dict[int, float] = {}
    return _ProgressReading(view, period, _progress_figures(view, totals), totals)


def _progress_figures(view: TextView, totals: dict[int, float]) -> list[Quantity]:
    """The text's quantities and, in order with them, the figures only a progress text has: bare
    numbers after a colon or 为 (PM2.5: 24), the parts of fractions (23/30), no change on the
    year (同比持平: 0%) and the totals of a table flattened into the text. `totals` gets the
    whole each part is of."""
    text = view.text
    extra = _bare_figures(text, view.quantities)
    if "/" in text:
        extra += _fractions(text, totals)
    if "持平" in text:
        extra += _flat(text)
    if "计" in text and _TOTAL_HEADER.search(text):
        extra += _table_totals(text, totals)
    return sorted([*view.quantities, *extra], key=lambda q: q.start)


class _Around:
    """Where a figure stands in its text: its clause and sentence (each cut to a window around
    it) and the words just before and after it."""

    __slots__ = ("clause_start", "clause_end", "sentence_start", "sentence_end", "before_clause",
                 "sentence_before", "after", "previous_clause")

    def __init__(self, clause: tuple[int, int], sentence: tuple[int, int], before_clause: str,
                 sentence_before: str, after: str, previous_clause: str) -> None:
        self.clause_start, self.clause_end = clause
        self.sentence_start, self.sentence_end = sentence
        self.before_clause = before_clause  # its clause up to it
        self.sentence_before = sentence_before  # its sentence up to it
        self.after = after  # the 12 characters after it
        self.previous_clause = previous_clause  # the clause before it in its sentence, or ""


def _around(reading: _ProgressReading, index: int) -> _Around:
    """Where reading.quantities[index] stands."""
    view, text = reading.view, reading.text
    quantity = reading.quantities[index]
    clause_start, clause_end = view.clause(quantity.start)
    clause_start = max(clause_start, quantity.start - CLAUSE_WINDOW)
    clause_end = min(clause_end, quantity.end + CLAUSE_WINDOW)
    sentence_start, sentence_end = view.sentence(quantity.start)
    # A run of clauses with no full stop (a pasted table, a long list) is read as sentences of
    # at most SENTENCE_WINDOW characters around each figure: the words that qualify a figure
    # stand near it, and a whole 1 MB cell per figure would make the assessment quadratic.
    sentence_start = max(sentence_start, quantity.start - SENTENCE_WINDOW)
    sentence_end = min(sentence_end, quantity.end + SENTENCE_WINDOW)
    previous_start = clause_start - 1
    previous_clause = ""
    if previous_start > sentence_start:
        p_start, _ = view.clause(previous_start - 1)
        previous_clause = text[max(p_start, sentence_start):previous_start]
    return _Around((clause_start, clause_end), (sentence_start, sentence_end),
                   text[clause_start:quantity.start], text[sentence_start:quantity.start],
                   text[quantity.end:quantity.end + 12], previous_clause)


def _candidate(reading: _ProgressReading, index: int, around: _Around) -> Candidate:
    """The figure reading.quantities[index] with what its words say about it."""
    text = reading.text
    quantity = reading.quantities[index]
    before = around.before_clause
    timing = figure_timing(around.sentence_before, before, reading.period,
                           reading.view.period_marks, around.sentence_start)
    local_before, local_after = _local_context(text, reading.quantities, index,
                                               around.clause_start, around.clause_end)
    delivered, started = _steps_reached(around)
    return Candidate(
        quantity=quantity,
        clause=text[around.clause_start:around.clause_end].replace(quantity.text, " "),
        sentence_before=around.sentence_before,
        local=f"{local_before} {local_after}", local_after=local_after,
        clause_after=text[quantity.end:around.clause_end],
        growth=bool(_GROWTH_BEFORE.search(before[-8:])) or quantity.value < 0 or
        (reading.flat and quantity.text.endswith("持平")),
        negative=bool(_NEGATIVE_BEFORE.search(before[-6:])),
        completion=bool(_COMPLETION_BEFORE.search(before[-14:])),
        subset=_partial(reading, quantity, around, delivered),
        excluded=_ruled_out(reading, index, around, timing),
        restated=_restates_target(reading, quantity, around), timing=timing,
        evidence=reading.view.original[slice(*whole_clauses(
            reading.view.original, around.clause_start, around.clause_end))].strip(),
        previous_clause=around.previous_clause, delivered=delivered, started=started,
        pending=_pending_step(reading, index, around), plan=_plan_before(reading, quantity, around),
        of_total=reading.totals.get(quantity.start))


def _ruled_out(reading: _ProgressReading, index: int, around: _Around, timing: Timing
               ) -> str | None:
    """Why the figure cannot be an actual (`Candidate.excluded`), or None: a previous year's
    figure whatever else it is, else a name, a group's threshold, a sub-period, a whole set."""
    quantity = reading.quantities[index]
    return _previous_year(reading, quantity, around) or _quoted_name(reading, quantity) or \
        _group_threshold(reading, quantity) or _sub_period(timing) or \
        _whole_set(reading, index, around)


def _previous_year(reading: _ProgressReading, quantity: Quantity, around: _Around) -> str | None:
    """The figure is a previous year's (去年, 2022年 …, the last such word of its sentence
    before it), unless words between make it this year's or a comparison with that year (比2022年
    同期增长, 自2020年以来累计…，今年…)."""
    reason = None
    if "年" not in around.sentence_before:
        return None  # each word of _PRIOR_YEAR has it: most figures are done with at once
    for match in _PRIOR_YEAR.finditer(around.sentence_before):
        year = match.group(2)
        compared = _COMPARED_WITH.search(around.sentence_before[:match.start()]) is not None
        if (year is None or int(year) < reading.period.year) and not compared and \
                not _SINCE_CANCELLED.search(reading.text, match.end(), quantity.start):
            reason = f"previous year ({match.group(0)})"
    return reason


def _quoted_name(reading: _ProgressReading, quantity: Quantity) -> str | None:
    """The figure is in quotation marks or a document title (“8+4”, 《十四五规划》): a name."""
    return "name" if reading.view.quoted(quantity.start) else None


def _group_threshold(reading: _ProgressReading, quantity: Quantity) -> str | None:
    """The figure is a threshold that defines a group (亩均税收6万元以下企业, 50%以上的村)."""
    after = reading.text[quantity.end:quantity.end + 6]
    return "threshold of a group" if _QUALIFIER_AFTER.match(after) else None


def _sub_period(timing: Timing) -> str | None:
    """The figure is for one month or quarter alone, an average or a forecast (`timing`)."""
    return f"sub-period ({timing.word})" if timing.kind == "excluded" else None


def _whole_set(reading: _ProgressReading, index: int, around: _Around) -> str | None:
    """The figure is the whole set a part of it is then taken from (30个项目中已完成23个,
    60个重点项目已开工52个): not what was done."""
    quantities = reading.quantities
    if ("中" in around.after and _SET_AFTER.match(around.after)) or (
            index + 1 < len(quantities) and quantities[index + 1].start < around.clause_end and
            _set_of_next(reading.text, quantities, index)):
        return "the whole set"
    return None


def _restates_target(reading: _ProgressReading, quantity: Quantity, around: _Around) -> bool:
    """Whether the figure restates a target (完成…1万人目标; 全年目标1.2万人，已完成8600人;
    年度计划投资50亿元) rather than reporting a result."""
    near = around.before_clause[-10:]
    return bool(_RESTATED.match(around.after)) or (
        reading.targeted and quantity.family != "percent" and
        ("目标" in near or "任务" in near or "计划" in near) and
        _RESTATED_BEFORE.search(near) is not None)


def _partial(reading: _ProgressReading, quantity: Quantity, around: _Around, delivered: bool
             ) -> bool:
    """Whether the figure is part of a larger one (其中…, 不含港区…): the words may sit one clause
    earlier. A part said delivered (其中3个已建成) is what was done, not a part."""
    if not reading.partial_words or delivered:
        return False
    previous = around.previous_clause
    since_previous = reading.text[around.clause_start - len(previous) - 1 if previous
                                  else around.clause_start:quantity.start]
    return _SUBSET.search(since_previous) is not None


def _steps_reached(around: _Around) -> tuple[bool, str]:
    """(delivered, started): whether the figure is said finished (已建成3个, 其中完工5个, or
    followed by 已完成/已建成), else the start it counts (已开工8个, 已开工改造老旧小区12个: 开工),
    "" when none."""
    before = around.before_clause
    step_before = _STEP_BEFORE.search(before[-10:]) if before[-1:] in _STEP_LAST else None
    delivered = bool(_DELIVERED_AFTER.match(around.after) or
                     (step_before and step_before.group("done")))
    started = step_before.group("start") if step_before and not delivered else ""
    if not started and not delivered and ("工" in before or "启动" in before or "开建" in before):
        leading = _START_LEADS.search(before)
        if leading is not None and not _DONE_WORDS.search(before, leading.end("start")):
            started = leading.group("start")
    return delivered, started or ""


def _plan_before(reading: _ProgressReading, quantity: Quantity, around: _Around) -> str:
    """The verb of planning or listing right before the figure (共谋划公园项目12个: 谋划), or ""."""
    near = around.before_clause[-10:]
    if not reading.planning or quantity.family == "percent" or _PLAN_FIRST.isdisjoint(near):
        return ""
    plan = _PLAN_BEFORE.search(near)
    return plan.group(1) if plan else ""


def _pending_step(reading: _ProgressReading, index: int, around: _Around) -> str:
    """The early step of applying the figure has only reached (已有42家企业通过初审，待公示:
    待公示), "" when none. The figure's clause and what follows it up to the next figure say
    which step it reached; the last named decides."""
    if not reading.applied:
        return ""
    quantities = reading.quantities
    scope_end = around.sentence_end
    if index + 1 < len(quantities) and quantities[index + 1].start < scope_end:
        scope_end = quantities[index + 1].start
    steps = _STEP_WORDS.findall(reading.text, around.clause_start, scope_end)
    return steps[-1] if steps and _PENDING_WORD.match(steps[-1]) else ""


def _settle_timing(candidate: Candidate, before: list[Candidate], around: _Around) -> None:
    """上半年引进56名，7月引进9名，累计65名: a running total of an earlier period that the parts
    before it add up to is the period's, whatever the earlier period word before it says."""
    timing = candidate.timing
    if timing.kind == "earlier" and "累计" in around.before_clause and \
            _sums_the_parts_before(candidate, before, around.sentence_start):
        candidate.timing = Timing("period", "累计", timing.estimate)


def _years_covered(reading: _ProgressReading, candidate: Candidate, around: _Around) -> None:
    """Beside a total over several years, whether the figure is this year's (其中今年完成28个)
    or a running total that may cover earlier years (累计改造120个, 自…以来)."""
    before = around.before_clause
    if reading.years and ("年" in before or "累计" in before or "以来" in before):
        candidate.this_year = _THIS_YEAR_WORD.search(before) is not None
        candidate.since = not candidate.this_year and _SINCE_WORD.search(before) is not None


def _share_of(reading: _ProgressReading, candidate: Candidate, index: int, around: _Around
              ) -> None:
    """For a completion share, the unit family of the figure right before it in its sentence
    (完成投资82亿元，完成率82%: the share of an amount in 元)."""
    quantities = reading.quantities
    if candidate.completion and index > 0 and quantities[index - 1].end > around.sentence_start \
            and quantities[index - 1].family != "percent":
        candidate.share_of = quantities[index - 1].family


def _growth_subject(reading: _ProgressReading, candidate: Candidate, around: _Around,
                    previous: Candidate | None) -> Candidate | None:
    """Name what a growth figure measures; return the growth figure the next one follows.

    The subject of a growth figure is named since the previous growth figure of its sentence
    (「限额以上社零增长40.4%，预计社零增长35.7%」: 35.7% is the whole's), and a growth with no
    subject of its own (「…增长6.8%；预计上半年增长5.2%」) is the previous one's."""
    if not candidate.growth:
        return previous
    quantity = candidate.quantity
    since = around.sentence_start
    if previous is not None and previous.quantity.end > around.sentence_start:
        since = previous.quantity.end
    subgroup = _SUBGROUP.search(reading.text, since, quantity.start)
    candidate.subgroup = subgroup.group(0).replace("常住", "") if subgroup else ""
    if quantity.family != "percent":
        return previous
    if previous is not None and not (bigrams(candidate.sentence_before) - _GROWTH_WORDS):
        candidate.local_words = candidate.local_words | previous.local_words
        candidate.sentence_words = candidate.sentence_words | previous.sentence_words
        candidate.subgroup = candidate.subgroup or previous.subgroup
    return candidate


def _name_respective_figures(view: TextView, candidates: list[Candidate]) -> None:
    """「村级服务中心、村卫生室分别完成7个、3个」: each figure after 分别 measures the subject
    of its place in the list, so its own words are that subject's (with the verb), not the
    whole list's."""
    text = view.text
    by_clause: dict[tuple[int, int], list[Candidate]] = {}
    for candidate in candidates:
        start, end = view.clause(candidate.quantity.start)
        by_clause.setdefault((start, end), []).append(candidate)
    for (start, _end), group in by_clause.items():
        first = group[0].quantity.start
        if len(group) < 2 or "分别" not in text[start:first]:
            continue
        subjects = respective_subjects(text[start:first], len(group))
        if subjects is None:
            continue
        for candidate, subject in zip(group, subjects):
            candidate.local_words = bigrams(subject) | unit_token(candidate.quantity.unit)
            candidate.sentence_words = candidate.sentence_words | candidate.local_words


_GROWTH_WORDS = bigrams("增长 增速 增幅 同比 下降 降幅 预计 预估 上涨 上升 增加 实现 比增")


# A figure that is planned or under way, not delivered: the words after it (400户适老化改造正在施工)
# or in the clause before it (内部装修基本完成，新增床位超200张).
# A place that did what a figure counts (东城区完成改造120户): that place's share. 全市, 我县,
# 各镇 are the whole.
_PLACE_CHAR = re.compile(r"[区县镇乡街]")
_PLACE_VERB = re.compile(r"完成|建成|实现|新增|新建|改造|开展|培训|发放|安装")
# A place may name one of its facilities before the verb (甲街道托育园已新增托位500个); a 小区, 校区
# or 景区 is a site, not a place; 城镇, 乡镇, 村镇 and 城乡 are kinds of place (1-3月城镇新增就业612人
# is the whole's figure), not one; nor is 全县, 本镇 (the whole) after a time (前三季度全县…).
_PLACE_PART = re.compile(r"(?:^|[^全我本各该])(" + HAN + r"{2,6}?(?:(?<![小校景厂矿病全我本各该])(?:区|县)|"
                         r"(?<![小校景厂矿病城乡村集全我本各该])镇|(?<![城市县区全我本各该])乡)|"
                         + HAN + r"{1,6}?(?:街道|社区|片区))"
                         + HAN + r"{0,4}?(?:已|累计|共)?(?:完成|建成|实现|新增|新建|改造|开展|培训|发放|安装)"
                         + HAN + r"{0,6}\s*$")
# Verbs that say exactly what a figure counts, shared by a target and its figure however little
# else they share (完成城中村改造签约1200户 / 累计签约980户); generic verbs (完成, 新增, 建设) are
# not among them. Abbreviations are written out (拆违 = 拆除违法建筑).
_ACTIONS = re.compile(r"签约|拆除|拆违|征收|征迁|搬迁|腾空|腾退|收储|出让|供地|培训|接种|筛查|体检|救助|资助|"
                      r"发放|安置|招聘|吸纳|植树|造林|治理|整治|修复|铺设|安装|开通|开行|引进|招引|认定|"
                      r"开工|竣工|交付|投放|配备|帮扶|慰问|注册|登记|上市|挂牌|入驻|落户|改造|救治|清运|"
                      r"回收|处置|办理|减免|补贴|贴息|授信|放贷|融资|招募|结对|走访|检测|检查|巡查|排查|整改")
_ACTION_HINT = re.compile(r"[签拆征搬腾收出供培接筛体救资发安招吸植造治整修铺开引认竣交投配帮慰注登上挂入落改清回处办减补贴授放融结走检巡排]")
_ACTION_SAME = {"拆违": "拆除", "征迁": "征收", "招引": "引进"}
ACTION_BONUS = 0.1
# Right before a figure: what was finished (其中完工5个, 已建成3个, 竣工1700户), or a start
# (已开工8个, 启动建设4所), which is not what is finished unless the target is that start.
_STEP_LAST = frozenset("工成用付了标项场动启建设造施址计地")
_STEP_BEFORE = re.compile(r"(?:(?P<done>完工|竣工|建成|建成投用|投入使用|交付使用|交付)了?|"
                          r"(?P<start>开工|动工|开建|启动|招标|立项|进场|选址|设计|征地)(?:建设|改造|实施|施工|新建)?)"
                          r"\s*$")
# A start leading the figure's clause, its object between (已开工改造老旧小区12个, 启动建设
# 农贸市场5家): the figure counts what was started, not what is finished.
_START_LEADS = re.compile(r"(?:^|[已共累计新])(?P<start>开工|动工|开建|启动)(?:建设|改造|实施|施工|新建)?"
                          + HAN + r"{1,12}\s*$")
_DONE_WORDS = re.compile(r"完工|竣工|建成|投入使用|交付|投用|完成")
SENTENCE_WINDOW = 400
"""How far before and after a figure its sentence is read, at most (characters)."""
CLAUSE_WINDOW = 120
"""Likewise for its clause: a text with no commas is not one clause a whole cell long."""

# A verb of planning or listing before a figure (共谋划公园项目12个, 排查点位5000个): what is to be
# done, unless the target is that plan (储备项目50个).
_PLAN_BEFORE = re.compile(r"(谋划|储备|梳理|排查|摸排|规划|选定|遴选|筛选|列入|纳入)" + HAN + r"{0,6}\s*$")
_PLAN_FIRST = frozenset("谋储梳排摸规选遴筛列纳")
_PLAN_WORDS = ("谋划", "储备", "梳理", "排查", "摸排", "规划", "选定", "遴选", "筛选", "列入", "纳入")
# Steps a thing applied for goes through: those before approval (申报, 初审, 公示, 评审) and the
# approval itself (认定, 获批 …). The last named decides.
_PENDING = re.compile(r"(?=[申初待公进评审上报推提])(?:申报认定|申请认定|申报|申请|初审|待公示|公示|进入评审|评审中|待评审|"
                      r"待审核|审核中|上报|报送|推荐|待认定|待批|待验收|提交)")
_STEP_WORDS = re.compile(_PENDING.pattern + r"|认定|获批|批复|授牌|命名|创成|获评|入选|挂牌|通过验收|验收通过|"
                         r"通过评审|评审通过|通过认定|正式")
_PENDING_WORD = re.compile(_PENDING.pattern + "$")
# A stock, not an amount of the year (全市现有城市公园86个, 企业总数达156家, 保有量).
_STOCK = re.compile(r"现有|总数|总量|保有量|存量|总计达|拥有|总规模")
# Parts of a whole that a growth figure may be about instead of the whole (规上先进制造业产业集群
# 增加值, 限额以上社零, 城镇居民收入): not the whole's growth unless the target names them too.
_SUBGROUP = re.compile(r"产业集群|集群|产业园|园区|开发区|高新区|重点企业|龙头企业|骨干企业|先进制造业|"
                       r"高新技术产业|战略性新兴|数字经济核心|装备制造业|限额以上|限上|城镇(?:常住)?居民|"
                       r"农村(?:常住)?居民|城市居民|农民|部分")
# Stages before delivery: a figure said to have reached one is not delivered, unless the target
# is that stage itself (新开工项目60个).
_STAGE = re.compile(r"主体|封顶|桩基|土建|招标|招投标|设计|选址|立项|前期|开工|施工许可|签约")
_STEPS = re.compile(r"主体完工|主体竣工|开工(?:建设|改造|实施|新建)|" + _STAGE.pattern +
                    r"|建设|建成|完工|竣工|投用|投入使用|安装|配备|制作|改造|验收|运营|开放|使用|启用")
_UNDER_WAY = re.compile(r"正在|推进中|进行中|在建|施工中|建设中|筹备中|筹建|拟|计划|基本完成|进场|装修")
_UNDER_WAY_BEFORE = re.compile(r"正在|推进中|进行中|在建|施工中|建设中|筹建|基本完成|进场施工|装修")
_LIST_JOIN = re.compile(r"[、和及与]\s*$")


def _sums_the_parts_before(candidate: Candidate, before: list[Candidate],
                           sentence_start: int) -> bool:
    """True when the figures `before` it in its sentence, two or more in its unit, add up to
    `candidate` (within rounding)."""
    parts = [c.quantity.value for c in before
             if c.quantity.start >= sentence_start and c.quantity.unit == candidate.quantity.unit
             and not c.growth]
    total = candidate.quantity.value
    return len(parts) >= 2 and total > 0 and abs(sum(parts) - total) <= total * 0.005


def _local_context(text: str, quantities: list[Quantity], index: int, clause_start: int,
                   clause_end: int) -> tuple[str, str]:
    """The phrase that names what quantities[index] counts (see Candidate.local).

    Text between two figures belongs to the later one (「分两批认定就业见习实训基地12家」: the
    base names 12家, not 两批), unless it ends a list item (「1175家外贸企业、2264人次」)."""
    quantity = quantities[index]
    start = clause_start
    if index > 0 and quantities[index - 1].end > clause_start:
        between = text[quantities[index - 1].end:quantity.start]
        if _LIST_JOIN.search(between):
            start = quantity.start  # the phrase before belongs to the previous figure
        else:
            # 50亿元以上项目7个: the amount before names the group being counted
            start = quantities[index - 1].start
    before = text[max(start, quantity.start - 16):quantity.start]
    after = ""
    following = text[quantity.end:quantity.end + 1]
    if following and (("\u4e00" <= following <= "\u9fff") or following in "“\"「《"):
        end = clause_end
        if index + 1 < len(quantities) and quantities[index + 1].start < clause_end:
            between = text[quantity.end:quantities[index + 1].start]
            end = quantities[index + 1].start if _LIST_JOIN.search(between) else quantity.end
        after = text[quantity.end:min(end, quantity.end + 16)]
    return before, after


def families_needed(targets: list[FoundTarget]) -> set[str]:
    """Unit families of the figures that could measure any of `targets`."""
    return families_for((target.quantity.family, target.kind) for target in targets)


def families_for(measures: Iterable[tuple[str, str]]) -> set[str]:
    """Unit families of the figures that could measure targets of these (family, kind)."""
    needed = {""}  # magnitude-only and bare figures can stand for several families
    for family, kind in measures:
        needed.add(family)
        if family in ("cny", "usd"):
            needed.update(("cny", "usd"))
        if family in ("", "count", "people"):
            needed.update(("count", "people", "cny", "usd"))
        if kind == "cumulative":
            needed.add("percent")  # a completion rate may stand in
    return needed


def _compatible(target: FoundTarget, candidate: Candidate) -> bool:
    """Whether a figure measures the same kind of thing as the target."""
    t, c = target.quantity, candidate.quantity
    if candidate.of_total is not None:  # 23/30: a part of the target's whole
        return target.kind == "cumulative" and abs(candidate.of_total - t.value) < 1e-9 and \
            (not c.family or c.family == t.family)
    if t.family == "percent":
        if c.family != "percent":
            return False
        if target.kind == "rate":
            return candidate.growth
        if target.kind == "cumulative":  # a completion-rate target (投资完成率120%)
            return not candidate.growth
        return not candidate.growth or bool(re.search(r"增|降", target.metric))
    if c.family == "percent":
        return False
    if t.family and c.family:
        return t.family == c.family or {t.family, c.family} == {"cny", "usd"}
    if t.magnitude_only or c.magnitude_only:
        other = c.family if t.magnitude_only else t.family
        return other in ("", "cny", "usd", "count", "people")
    if not c.unit:
        # A bare figure (PM2.5: 24) can only be read in the target's own unit, for a level.
        return target.kind == "level" or not t.family
    return not t.family and not c.family


def _unusable(target: FoundTarget, candidate: Candidate) -> str | None:
    """Why a figure cannot measure the target, or None: it is ruled out (`Candidate.excluded`)
    for a reason the target does not share (a 日均 target may use a 日均 figure), or for what it
    is beside an amount of the year."""
    cumulative = target.kind == "cumulative"
    if candidate.restated:
        return "restates a target"
    if candidate.stock and cumulative:
        return "a stock"  # 全市现有公园86个 is no year's amount
    if candidate.planned and cumulative:
        return "under way"  # 400户改造正在施工 is not yet done
    if candidate.place and cumulative and candidate.place not in target.evidence:
        return "one place's share"  # 东城区完成120户 of a citywide target
    if candidate.stage and cumulative and candidate.stage not in target.context:
        return "an early stage"  # 3所学校已完成主体结构 is not 3所 built (开工18个 is 开工 of 新开工20个)
    if candidate.plan and cumulative and candidate.plan not in target.context:
        return "a plan"  # 共谋划公园项目12个 (but 已储备项目42个 measures 储备项目50个)
    if candidate.pending and cumulative and candidate.pending[-2:] not in target.context:
        return "not yet approved"  # 42家通过初审，待公示 are not yet 认定 (申报50个 is 申报 of 组织申报60个)
    if candidate.timing.kind == "earlier" and cumulative and not candidate.completion:
        return "an earlier month's amount"  # 1-8月 in a 1-9月 report
    if candidate.subgroup and not cumulative and candidate.subgroup not in target.evidence and \
            candidate.subgroup not in target.context:
        return "a part's growth"  # 先进制造业产业集群…增加值增长6.6% is not the whole's
    if not candidate.excluded:
        return None
    word = re.search(r"\((.+)\)", candidate.excluded)
    if word and candidate.excluded.startswith("sub-period") and word.group(1) in target.evidence:
        return None
    return candidate.excluded


def _score(target_words: frozenset[str], candidate: Candidate) -> float:
    local = candidate.local_words
    sentence = candidate.sentence_words
    score = 0.5 * coverage(target_words, local) + 0.3 * coverage(target_words, sentence) + \
        0.2 * similarity(target_words, local)
    if candidate.subset:
        score -= 0.15  # 其中…: a part of a larger figure, which the target more likely means
    if candidate.under_way:
        score -= 0.15  # 30个项目正在推进中: under way, not delivered
    if candidate.delivered:
        score += 0.1  # 其中3个点位已完成建设: what was delivered
    return score


def fits_words(words: frozenset[str], candidate: Candidate) -> bool:
    """Whether a figure's words fit a target's (`words`: its bigrams) well enough to measure it:
    one that does not is about something else (the accounting of figures asks)."""
    return _score(words, candidate) >= MIN_SCORE


def _timing_rank(candidate: Candidate) -> float:
    """How far a figure is from the period's reported result: the period's figure first, then
    an estimate for the period, then the latest earlier year-to-date figure (1-8月 before 1-5月)."""
    timing = candidate.timing
    if timing.kind == "period":
        return 1.0 if timing.estimate else 0.0
    return 2.0 + (12 - timing.month) / 12 + (1.0 if timing.estimate else 0.0)


@dataclass
class Match:
    """The figure chosen for a target (or the completion rate standing in for one)."""

    candidate: Candidate
    score: float
    via_completion_rate: bool = False
    rivals: int = 0
    """Other figures of a different value that came close (the choice is worth a look)."""


def match_actuals(targets: list[FoundTarget], candidates: list[Candidate],
                  own_cell: bool = False) -> list[Match | None]:
    """For each target, the figure that measures it, or None. Each figure serves one target.

    `own_cell`: the text is a result column's cell for these targets (「完成32.4亿元，下降2.1%」
    under 一季度完成): the one figure of a target's kind there is its actual, whatever its words."""
    scored = _scored_pairs(targets, candidates, own_cell)
    chosen, used = _assign(targets, candidates, scored)
    _completion_rate_fallbacks(targets, candidates, chosen, used)
    return chosen


class _Scoring:
    """What a target's figures are scored against, worked out once for the target."""

    __slots__ = ("target", "words", "actions", "unit_word", "part", "named_part", "sole_fitting")

    def __init__(self, target: FoundTarget, words: frozenset[str], actions: frozenset[str],
                 part: str, named_part: bool, sole_fitting: bool) -> None:
        self.target = target
        self.words = words  # the target's words (`bigrams`) and its telling unit
        self.actions = actions  # the target's telling verbs (签约, 拆除 …)
        self.unit_word = target.quantity.unit.lstrip("万亿千百")  # 户 of 万户
        self.part = part  # the part of a whole a rate or level target is about (城镇居民), or ""
        # A growth figure of the text names that part: the target takes it, not the whole's or
        # another part's.
        self.named_part = named_part
        # The text is the target's own result cell, and one figure there can measure it.
        self.sole_fitting = sole_fitting


def _scoring(target: FoundTarget, candidates: list[Candidate], targets: list[FoundTarget],
             own_cell: bool) -> _Scoring:
    """What figures are scored against for `target`."""
    part = _target_part(target.context) if target.kind != "cumulative" else ""
    fitting = [c for c in candidates if _unusable(target, c) is None and _compatible(target, c)] \
        if own_cell and len(targets) == 1 else []
    return _Scoring(target, bigrams(target.context) | unit_token(target.quantity.unit),
                    _actions_in(target.context), part,
                    bool(part) and any(c.growth and c.subgroup == part for c in candidates),
                    len(fitting) == 1)


def _scored_pairs(targets: list[FoundTarget], candidates: list[Candidate], own_cell: bool
                  ) -> list[tuple[float, int, int]]:
    """(score, target index, figure index) of every figure that may measure a target: one whose
    words fit well enough, or the one figure that can (`_admitted_for_want_of_others`)."""
    scored: list[tuple[float, int, int]] = []
    # Beside this year's figure (其中今年完成28个), a running total (累计完成120个) is of several years.
    this_year = {c.quantity.family for c in candidates if c.this_year}
    for t_index, target in enumerate(targets):
        scoring = _scoring(target, candidates, targets, own_cell)
        for c_index, candidate in enumerate(candidates):
            score = _pair_score(scoring, candidate, this_year)
            if score is not None and (score >= MIN_SCORE or _admitted_for_want_of_others(
                    scoring, candidates, c_index, targets, score)):
                # The period's own figure wins over an estimate, an estimate over an earlier
                # month's figure, unless the wording says plainly that they measure other things.
                scored.append((score - 0.2 * _timing_rank(candidate), t_index, c_index))
    return scored


def _set_aside_for(scoring: _Scoring, candidate: Candidate, this_year: set[str]) -> str | None:
    """Why a figure cannot measure the target, or None: another kind of measure, ruled out
    (`_unusable`), a running total over years beside this year's figure, or another part's
    growth than the one the target names."""
    target = scoring.target
    if not _compatible(target, candidate):
        return "another kind of measure"
    reason = _unusable(target, candidate)
    if reason is not None:
        return reason
    if candidate.since and this_year and target.kind == "cumulative" and \
            candidate.quantity.family in this_year:
        return "a running total over several years"
    if scoring.named_part and candidate.growth and candidate.subgroup != scoring.part:
        return "another part's growth"
    return None


def _pair_score(scoring: _Scoring, candidate: Candidate, this_year: set[str]) -> float | None:
    """How well a figure's words fit the target, with what else speaks for it (the part a target
    names, a fraction of its whole, its telling verb), or None when it cannot measure it."""
    if _set_aside_for(scoring, candidate, this_year) is not None:
        return None
    target = scoring.target
    score = _score(scoring.words, candidate)
    if candidate.this_year and candidate.subset and target.kind == "cumulative" and \
            candidate.quantity.family in this_year:
        score += 0.15  # 其中今年…: the part the target means
    if scoring.part and candidate.growth:
        score += _part_adjustment(scoring.part, candidate)
    if candidate.of_total is not None:
        score = max(score, MIN_SCORE) + ACTION_BONUS  # 23/30 of a target of 30
    if scoring.actions and scoring.unit_word and \
            candidate.quantity.unit.lstrip("万亿千百") == scoring.unit_word and \
            candidate.actions & scoring.actions:
        score = max(score, MIN_SCORE) + ACTION_BONUS  # 签约1200户 / 累计签约980户
    return score


def _admitted_for_want_of_others(scoring: _Scoring, candidates: list[Candidate], index: int,
                                 targets: list[FoundTarget], score: float) -> bool:
    """Whether a figure whose words fit the target too little measures it all the same: it is
    the one that can in the target's own result cell, or the only one of its kind."""
    candidate = candidates[index]
    return (scoring.sole_fitting and not candidate.under_way) or \
        (_sole_figure_fits(scoring.target, candidate, score) and
         _only_figure_of_its_kind(scoring.target, candidates, index, targets))


def _assign(targets: list[FoundTarget], candidates: list[Candidate],
            scored: list[tuple[float, int, int]]) -> tuple[list[Match | None], set[int]]:
    """Each target its figure, best pairs first, each figure to one target: (the matches, the
    indexes of the figures used)."""
    chosen: list[Match | None] = [None] * len(targets)
    used: set[int] = set()
    for score, t_index, c_index in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if chosen[t_index] is not None or c_index in used:
            continue
        chosen[t_index], best = _best_of_ties(targets[t_index], t_index, candidates, scored,
                                              used, score)
        used.add(best)
    return chosen, used


def _best_of_ties(target: FoundTarget, t_index: int, candidates: list[Candidate],
                  scored: list[tuple[float, int, int]], used: set[int], score: float
                  ) -> tuple[Match, int]:
    """The match for a target whose best free figure scores `score`, and the figure's index: of
    the figures that tie with the best, the nearest the period's result, then the weakest (the
    target covers them all); with the count of rivals of another value that came close."""
    ties = [(s, c) for s, t, c in scored if t == t_index and c not in used and s >= score - TIE]
    best = min(ties, key=lambda tie: (_timing_rank(candidates[tie[1]]),
                                      _strength(target, candidates[tie[1]])))
    value = candidates[best[1]].quantity.base
    rivals = {candidates[c].quantity.base for s, t, c in scored
              if t == t_index and c != best[1] and s >= score - RIVAL and
              candidates[c].quantity.base != value}
    return Match(candidates[best[1]], best[0], rivals=len(rivals)), best[1]


def _completion_rate_fallbacks(targets: list[FoundTarget], candidates: list[Candidate],
                               chosen: list[Match | None], used: set[int]) -> None:
    """A cumulative target left without a figure takes a stated share of its annual target,
    when there is one (`_completion_rate_fallback`)."""
    for t_index, target in enumerate(targets):
        if chosen[t_index] is None and target.kind == "cumulative" and \
                target.quantity.family != "percent":
            fallback = _completion_rate_fallback(target, candidates, used, alone=len(targets) == 1)
            if fallback is not None:
                chosen[t_index] = fallback
                used.add(candidates.index(fallback.candidate))


@lru_cache(maxsize=4096)
def _target_part(context: str) -> str:
    """The part of a whole a rate or level target is about (城镇居民人均可支配收入增长), or ""."""
    found = _SUBGROUP.search(context)
    return found.group(0).replace("常住", "") if found and found.group(0) != "部分" else ""


def _part_adjustment(part: str, candidate: Candidate) -> float:
    """A growth figure for the part a target names is its figure even in a 其中 clause (其中城镇
    居民增长6.1%); the whole's figure (全市居民…增长6.9%) is less likely to be."""
    if candidate.subgroup == part:
        return 0.15 if candidate.subset else 0.0
    return -0.2 if not candidate.subgroup else 0.0


@lru_cache(maxsize=4096)
def _actions_in(text: str) -> frozenset[str]:
    return frozenset(_ACTION_SAME.get(a, a) for a in _ACTIONS.findall(text)) \
        if _ACTION_HINT.search(text) else frozenset()


def _sole_figure_fits(target: FoundTarget, candidate: Candidate, score: float) -> bool:
    """Whether the one figure of its kind in the text may measure the target although it shares
    few words with it: it shares some (「已完成体检5600人」 for 8000名老年人免费体检), or it is
    counted in the target's own unit and said done (「已建成6处」 for 新改建公园绿地10处)."""
    if score >= MIN_SCORE / 2 or (score > 0 and not candidate.under_way):
        return True
    same_unit = candidate.quantity.unit.lstrip("万亿千") == target.quantity.unit.lstrip("万亿千")
    return same_unit and (candidate.delivered or _DONE_RIGHT_BEFORE.search(candidate.local) is not None)


# 已建成14个, and with the step that puts it to use after the verb: 已建成并通水14个, 已签约落地4个.
_DONE_RIGHT_BEFORE = re.compile(r"(?:已|累计|共)(?:完成|建成|实现|新增|开展|培训|发放|改造|安装|交付|签约|拆除)"
                                r"(?:并?(?:落地|投产|投用|投运|通水|通电|通车|开业|运营|验收|交付|使用))?\s*$")


def _only_figure_of_its_kind(target: FoundTarget, candidates: list[Candidate], index: int,
                             targets: list[FoundTarget]) -> bool:
    """True when the figure is the only usable one of its unit family in the text and the target
    the only one of that family: then less shared wording is needed (「上半年已完成30公里」)."""
    family = candidates[index].quantity.family
    if not family or family == "percent":
        return False
    if sum(t.quantity.family == family for t in targets) != 1:
        return False
    same = [c for c in candidates
            if c.quantity.family == family and _unusable(target, c) is None]
    if len(same) == 1:
        return True
    # 「东街2个、西街3个…，其中4个已建成」: the one figure said to be delivered, among planned ones
    delivered = [c for c in same if c.delivered]
    return len(delivered) == 1 and delivered[0] is candidates[index]


def _strength(target: FoundTarget, candidate: Candidate) -> float:
    """How well a figure meets the target, for picking the weakest of tied figures."""
    value = candidate.quantity.base * (-1 if candidate.negative else 1)
    return -value if target.op == "<=" else value


def _completion_rate_fallback(target: FoundTarget, candidates: list[Candidate],
                              used: set[int], alone: bool) -> Match | None:
    """A cumulative target with no figure of its own but a stated share of the annual target
    (完成年度目标的80%): that share is the progress. When the target is the task's only one
    (`alone`) and the text states one such share outside any 其中 part, the share is the task's,
    whatever words it shares."""
    words = bigrams(target.context) | unit_token(target.quantity.unit)
    best: tuple[float, int] | None = None
    shares = []
    for index, candidate in enumerate(candidates):
        if index in used or _unusable(target, candidate) is not None or \
                not candidate.completion or candidate.quantity.family != "percent":
            continue
        if candidate.share_of not in ("", target.quantity.family) and \
                {candidate.share_of, target.quantity.family} != {"count", "people"}:
            continue  # 完成投资82亿元，完成率82%: the rate of that amount, not of 60个项目
        shares.append(index)
        score = _score(words, candidate)
        if score >= MIN_SCORE and (best is None or score > best[0]):
            best = (score, index)
    if best is None and alone and len(shares) == 1 and not candidates[shares[0]].subset:
        best = (0.0, shares[0])
    if best is None:
        return None
    return Match(candidates[best[1]], best[0], via_completion_rate=True)
