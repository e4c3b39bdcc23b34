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
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..core.model import Period
from .quantities import Quantity, find_quantities, to_halfwidth
from .targets import FoundTarget, respective_subjects
from .text import (
    HAN,
    QuoteIndex,
    bigrams,
    clause_bounds,
    coverage,
    sentence_bounds,
    similarity,
    unit_token,
    whole_clauses,
)
from .timing import PERIOD, Timing, figure_timing, period_marks

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
_SINCE_CANCELLED = re.compile(r"同期|同比|相比|增长|下降|较|今年|本年|当年|年内")
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
        self.stage = steps[-1] if steps and (_STAGE.fullmatch(steps[-1]) or
                                             steps[-1].startswith("主体")) else self.started
        self.under_way = self.planned or _UNDER_WAY.search(self.local) is not None or \
            (bool(self.previous_clause) and _UNDER_WAY_BEFORE.search(self.previous_clause) is not None)


# A number with no unit right after a measure's name and a colon or 为 (PM2.5: 24, 倍差为1.78).
_BARE_FIGURE = re.compile(r"(?<=[:：为是达])\s*(\d+(?:\.\d+)?)(?![\d.%％年月日号时万亿千百个家人项])")


def _bare_figures(text: str, taken: list[Quantity]) -> list[Quantity]:
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
        part, whole = float(match.group(1)), float(match.group(2))
        before = text[max(0, match.start() - 3):match.start()]
        if part > whole or whole == 0 or re.search(r"截至|截止|至|到|于", before) or \
                text[match.end():match.end() + 1] in ("日", "号"):
            continue
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
    still give context (a threshold before a count) but are not examined further."""
    text = to_halfwidth(progress)
    quotes = QuoteIndex(text)
    candidates = []
    found = find_quantities(text)
    totals: dict[int, float] = {}
    extra = _bare_figures(text, found)
    if "/" in text:
        extra += _fractions(text, totals)
    flat = "持平" in text
    if flat:
        extra += _flat(text)
    if "计" in text and _TOTAL_HEADER.search(text):
        extra += _table_totals(text, totals)
    quantities = sorted(found + extra, key=lambda q: q.start)
    previous_growth: Candidate | None = None
    marks = period_marks(text)
    partial_words = _SUBSET.search(text) is not None
    applied = ("申" in text or "审" in text or "公示" in text or "报" in text or "推荐" in text or
               "待" in text or "提交" in text) and _PENDING.search(text) is not None
    # Words that only some texts hold, looked for once: each gates a test made for every figure.
    targeted = "目标" in text or "任务" in text or "计划" in text
    planning = any(word in text for word in _PLAN_WORDS)
    years = ("今年" in text or "本年" in text or "当年" in text or "年内" in text) and \
        ("累计" in text or "以来" in text or "历年" in text)
    for index, quantity in enumerate(quantities):
        if families is not None and quantity.family not in families:
            continue
        clause_start, clause_end = clause_bounds(text, quantity.start)
        clause_start = max(clause_start, quantity.start - CLAUSE_WINDOW)
        clause_end = min(clause_end, quantity.end + CLAUSE_WINDOW)
        sentence_start, sentence_end = sentence_bounds(text, quantity.start)
        # A run of clauses with no full stop (a pasted table, a long list) is read as sentences of
        # at most SENTENCE_WINDOW characters around each figure: the words that qualify a figure
        # stand near it, and a whole 1 MB cell per figure would make the assessment quadratic.
        sentence_start = max(sentence_start, quantity.start - SENTENCE_WINDOW)
        sentence_end = min(sentence_end, quantity.end + SENTENCE_WINDOW)
        before_clause = text[clause_start:quantity.start]
        sentence_before = text[sentence_start:quantity.start]
        clause = text[clause_start:clause_end].replace(quantity.text, " ")
        excluded = None
        previous_start = clause_start - 1
        previous_clause = ""
        if previous_start > sentence_start:
            p_start, _ = clause_bounds(text, previous_start - 1)
            previous_clause = text[max(p_start, sentence_start):previous_start]
        if quotes.inside(quantity.start):
            excluded = "name"
        elif _QUALIFIER_AFTER.match(text[quantity.end:quantity.end + 6]):
            excluded = "threshold of a group"
        timing = figure_timing(sentence_before, before_clause, period, marks, sentence_start)
        if timing.kind == "excluded" and excluded is None:
            excluded = f"sub-period ({timing.word})"
        for match in _PRIOR_YEAR.finditer(sentence_before):
            year = match.group(2)
            if (year is None or int(year) < period.year) and \
                    not _SINCE_CANCELLED.search(text, match.end(), quantity.start):
                excluded = f"previous year ({match.group(0)})"
        after = text[quantity.end:quantity.end + 12]
        near = before_clause[-10:]
        restated = bool(_RESTATED.match(after)) or (
            targeted and quantity.family != "percent" and
            ("目标" in near or "任务" in near or "计划" in near) and
            _RESTATED_BEFORE.search(near) is not None)
        if excluded is None and (("中" in after and _SET_AFTER.match(after)) or (
                index + 1 < len(quantities) and quantities[index + 1].start < clause_end and
                _set_of_next(text, quantities, index))):
            excluded = "the whole set"
        local_before, local_after = _local_context(text, quantities, index, clause_start,
                                                   clause_end)
        step_before = _STEP_BEFORE.search(before_clause[-10:]) \
            if before_clause[-1:] in _STEP_LAST else None
        delivered = bool(_DELIVERED_AFTER.match(after) or (step_before and step_before.group("done")))
        started = step_before.group("start") if step_before and not delivered else ""
        if not started and not delivered and ("工" in before_clause or "启动" in before_clause or
                                              "开建" in before_clause):
            leading = _START_LEADS.search(before_clause)
            if leading is not None and not _DONE_WORDS.search(before_clause, leading.end("start")):
                started = leading.group("start")
        plan = _PLAN_BEFORE.search(near) \
            if planning and quantity.family != "percent" and not _PLAN_FIRST.isdisjoint(near) \
            else None
        pending = ""
        if applied:
            # The figure's clause and what follows it up to the next figure say which step it
            # reached (「已有42家企业通过初审，待公示」).
            scope_end = sentence_end
            if index + 1 < len(quantities) and quantities[index + 1].start < scope_end:
                scope_end = quantities[index + 1].start
            steps = _STEP_WORDS.findall(text, clause_start, scope_end)
            pending = steps[-1] if steps and _PENDING_WORD.match(steps[-1]) else ""
        # 不含港区…增长2.3%: the words that make a figure partial may sit one clause earlier.
        since_previous = text[clause_start - len(previous_clause) - 1 if previous_clause
                              else clause_start:quantity.start]
        candidates.append(Candidate(
            quantity=quantity, clause=clause, sentence_before=sentence_before,
            local=f"{local_before} {local_after}", local_after=local_after,
            clause_after=text[quantity.end:clause_end],
            growth=bool(_GROWTH_BEFORE.search(before_clause[-8:])) or quantity.value < 0 or
            (flat and quantity.text.endswith("持平")),
            negative=bool(_NEGATIVE_BEFORE.search(before_clause[-6:])),
            completion=bool(_COMPLETION_BEFORE.search(before_clause[-14:])),
            subset=partial_words and not delivered and _SUBSET.search(since_previous) is not None,
            excluded=excluded, restated=restated, timing=timing,
            evidence=progress[slice(*whole_clauses(progress, clause_start, clause_end))].strip(),
            previous_clause=previous_clause, delivered=delivered,
            started=started or "", pending=pending, plan=plan.group(1) if plan else "",
            of_total=totals.get(quantity.start)))
        candidate = candidates[-1]
        if timing.kind == "earlier" and "累计" in before_clause and \
                _sums_the_parts_before(candidate, candidates, sentence_start):
            # 上半年引进56名，7月引进9名，累计65名: the parts of the period add up to it, so the
            # running total is the period's, whatever the earlier period word before it says.
            candidate.timing = Timing("period", "累计", timing.estimate)
        if years and ("年" in before_clause or "累计" in before_clause or "以来" in before_clause):
            candidate.this_year = _THIS_YEAR_WORD.search(before_clause) is not None
            candidate.since = not candidate.this_year and _SINCE_WORD.search(before_clause) is not None
        if candidate.completion and index > 0 and quantities[index - 1].end > sentence_start \
                and quantities[index - 1].family != "percent":
            candidate.share_of = quantities[index - 1].family
        if candidate.growth:
            # The subject of a growth figure is named since the previous growth figure of its
            # sentence (「限额以上社零增长40.4%，预计社零增长35.7%」: 35.7% is the whole's).
            since = sentence_start
            if previous_growth is not None and previous_growth.quantity.end > sentence_start:
                since = previous_growth.quantity.end
            subgroup = _SUBGROUP.search(text, since, quantity.start)
            candidate.subgroup = subgroup.group(0).replace("常住", "") if subgroup else ""
        if candidate.growth and quantity.family == "percent":
            if previous_growth is not None and not (bigrams(sentence_before) - _GROWTH_WORDS):
                # 「…增长6.8%；预计上半年增长5.2%」: a growth with no subject of its own is
                # the previous one's
                candidate.local_words = candidate.local_words | previous_growth.local_words
                candidate.sentence_words = candidate.sentence_words | previous_growth.sentence_words
                candidate.subgroup = candidate.subgroup or previous_growth.subgroup
            previous_growth = candidate
    if "分别" in text:
        _name_respective_figures(text, candidates)
    return candidates


def _name_respective_figures(text: str, candidates: list[Candidate]) -> None:
    """「村级服务中心、村卫生室分别完成7个、3个」: each figure after 分别 measures the subject
    of its place in the list, so its own words are that subject's (with the verb), not the
    whole list's."""
    by_clause: dict[tuple[int, int], list[Candidate]] = {}
    for candidate in candidates:
        start, end = clause_bounds(text, candidate.quantity.start)
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
_STEPS = re.compile(r"主体完工|主体竣工|" + _STAGE.pattern + r"|建设|建成|完工|竣工|投用|投入使用|安装|配备|制作|改造|验收|运营|开放|使用|启用")
_UNDER_WAY = re.compile(r"正在|推进中|进行中|在建|施工中|建设中|筹备中|筹建|拟|计划|基本完成|进场|装修")
_UNDER_WAY_BEFORE = re.compile(r"正在|推进中|进行中|在建|施工中|建设中|筹建|基本完成|进场施工|装修")
_LIST_JOIN = re.compile(r"[、和及与]\s*$")


def _sums_the_parts_before(candidate: Candidate, candidates: list[Candidate],
                           sentence_start: int) -> bool:
    """True when the figures before `candidate` in its sentence, two or more in its unit, add up
    to it (within rounding)."""
    parts = [c.quantity.value for c in candidates[:-1]
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
    needed = {""}  # magnitude-only and bare figures can stand for several families
    for target in targets:
        family = target.quantity.family
        needed.add(family)
        if family in ("cny", "usd"):
            needed.update(("cny", "usd"))
        if family in ("", "count", "people"):
            needed.update(("count", "people", "cny", "usd"))
        if target.kind == "cumulative":
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


def _usable(target: FoundTarget, candidate: Candidate) -> bool:
    """Not ruled out, or ruled out for a reason the target itself shares (a 日均 target may use
    a 日均 figure)."""
    if candidate.restated or (candidate.stock or candidate.planned) and target.kind == "cumulative":
        return False  # 全市现有公园86个 is no year's amount; 400户改造正在施工 is not yet done
    if candidate.place and target.kind == "cumulative" and candidate.place not in target.evidence:
        return False  # 东城区完成120户: one district's share of a citywide target
    if candidate.stage and target.kind == "cumulative" and candidate.stage not in target.context:
        return False  # 3所学校已完成主体结构 is not 3所 built (but 开工18个 is 开工 of 新开工20个)
    if candidate.plan and target.kind == "cumulative" and candidate.plan not in target.context:
        return False  # 共谋划公园项目12个 is a plan (but 已储备项目42个 measures 储备项目50个)
    if candidate.pending and target.kind == "cumulative" and \
            candidate.pending[-2:] not in target.context:
        return False  # 42家通过初审，待公示 are not yet 认定 (but 申报50个 is 申报 of 组织申报60个)
    if candidate.timing.kind == "earlier" and target.kind == "cumulative" and \
            not candidate.completion:
        return False  # 1-8月 in a 1-9月 report: not the period's amount
    if candidate.subgroup and target.kind != "cumulative" and \
            candidate.subgroup not in target.evidence and candidate.subgroup not in target.context:
        return False  # 先进制造业产业集群…增加值增长6.6%: a part's growth is not the whole's
    if not candidate.excluded:
        return True
    word = re.search(r"\((.+)\)", candidate.excluded)
    return bool(word and candidate.excluded.startswith("sub-period") and word.group(1) in target.evidence)


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
    scored: list[tuple[float, int, int]] = []
    # Beside this year's figure (其中今年完成28个), a running total (累计完成120个) is of several years.
    this_year = {c.quantity.family for c in candidates if c.this_year}
    for t_index, target in enumerate(targets):
        words = bigrams(target.context) | unit_token(target.quantity.unit)
        actions = _actions_in(target.context)
        unit_word = target.quantity.unit.lstrip("万亿千百")
        part = _target_part(target.context) if target.kind != "cumulative" else ""
        # A target about a part (城镇居民…增长) with a figure naming that part takes it, not the
        # whole's or another part's.
        named_part = bool(part) and any(c.growth and c.subgroup == part for c in candidates)
        fitting = [c for c in candidates if _usable(target, c) and _compatible(target, c)] \
            if own_cell and len(targets) == 1 else []
        for c_index, candidate in enumerate(candidates):
            if not _compatible(target, candidate) or not _usable(target, candidate):
                continue
            if this_year and target.kind == "cumulative" and candidate.quantity.family in this_year:
                if candidate.since:
                    continue
                if candidate.this_year and candidate.subset:
                    score = _score(words, candidate) + 0.15  # 其中今年…: the part the target means
                else:
                    score = _score(words, candidate)
            else:
                score = _score(words, candidate)
            if part and candidate.growth:
                if named_part and candidate.subgroup != part:
                    continue
                score += _part_adjustment(part, candidate)
            if candidate.of_total is not None:
                score = max(score, MIN_SCORE) + ACTION_BONUS  # 23/30 of a target of 30
            if actions and unit_word and candidate.quantity.unit.lstrip("万亿千百") == unit_word \
                    and candidate.actions & actions:
                score = max(score, MIN_SCORE) + ACTION_BONUS  # 签约1200户 / 累计签约980户
            if score >= MIN_SCORE or (len(fitting) == 1 and not candidate.under_way) or \
                    (_sole_figure_fits(target, candidate, score) and
                     _only_figure_of_its_kind(target, candidates, c_index, targets)):
                # The period's own figure wins over an estimate, an estimate over an earlier
                # month's figure, unless the wording says plainly that they measure other things.
                scored.append((score - 0.2 * _timing_rank(candidate), t_index, c_index))
    chosen: list[Match | None] = [None] * len(targets)
    used: set[int] = set()
    # Best pairs first; within a target, figures that tie with its best are resolved weakest-first.
    for score, t_index, c_index in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if chosen[t_index] is not None or c_index in used:
            continue
        ties = [(s, c) for s, t, c in scored if t == t_index and c not in used and s >= score - TIE]
        best = min(ties, key=lambda tie: (_timing_rank(candidates[tie[1]]),
                                          _strength(targets[t_index], candidates[tie[1]])))
        value = candidates[best[1]].quantity.base
        rivals = {candidates[c].quantity.base for s, t, c in scored
                  if t == t_index and c != best[1] and s >= score - RIVAL and
                  candidates[c].quantity.base != value}
        chosen[t_index] = Match(candidates[best[1]], best[0], rivals=len(rivals))
        used.add(best[1])
    for t_index, target in enumerate(targets):
        if chosen[t_index] is None and target.kind == "cumulative" and target.quantity.family != "percent":
            fallback = _completion_rate_fallback(target, candidates, used, alone=len(targets) == 1)
            if fallback is not None:
                chosen[t_index] = fallback
                used.add(candidates.index(fallback.candidate))
    return chosen


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
    same = [c for c in candidates if c.quantity.family == family and _usable(target, c)]
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
        if index in used or not _usable(target, candidate) or not candidate.completion or \
                candidate.quantity.family != "percent":
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
