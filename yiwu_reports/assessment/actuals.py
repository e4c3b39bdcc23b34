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

from ..model import Period
from .quantities import Quantity, find_quantities, to_halfwidth
from .targets import FoundTarget
from .text import QuoteIndex, bigrams, clause_bounds, coverage, sentence_bounds, similarity, unit_token

MIN_SCORE = 0.18
TIE = 0.02
_GROWTH_BEFORE = re.compile(r"(增长|增速|增幅|下降|降幅|减少|降低|回落|上升|提高|提升|增加|同比|比上年|较上年)"
                            r"(?:了|为|达|达到|率)?\s*$")
_NEGATIVE_BEFORE = re.compile(r"(下降|降幅|减少|降低|回落|负增长)(?:了|为|达)?\s*$")
# A share of the annual target, said as such (not 「工程量完成90%」, which is a project's progress).
_COMPLETION_BEFORE = re.compile(r"((?:年度|全年)?(?:计划|目标|任务)?完成率|完成(?:了)?(?:全年|年度)(?:目标|计划|任务)(?:的)?|"
                                r"占(?:全年|年度)(?:目标|计划|任务)(?:的)?|(?:全年|年度)(?:目标|计划|任务)进度)"
                                r"\s*(?:达|达到|为|已达)?\s*$")
_SUB_PERIOD = re.compile(r"月均|月度|单月|当月|本月|日均|周均|每周|每月|每天|每日|上半年|一季度|二季度|(\d{1,2})\s*[-—–~至]\s*(\d{1,2})\s*月|"
                         r"(\d{1,2})\s*月份")
_PRIOR_YEAR = re.compile(r"(去年|上年|上一年|(20\d\d)\s*年度?)")
_SUBSET = re.compile(r"其中")
_RESTATED = re.compile(r"^(?:的)?(?:年度|全年)?(?:目标|任务)")
# A threshold that defines a group (亩均税收6万元以下企业, 50%以上的村): not a reported figure.
_QUALIFIER_AFTER = re.compile(r"^(?:以上|以下|及以上|及以下)的?[\u4e00-\u9fff]")


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
    evidence: str = ""
    """The clause the figure was read from, as written."""
    previous_clause: str = ""
    """The clause before it in the same sentence (for 已/完成 markers and 截至)."""
    local: str = ""
    """The words that name what this figure counts: the phrase before it and, when the figure
    comes first (23个便民服务站建成启用), the phrase after it."""
    local_words: frozenset[str] = frozenset()
    sentence_words: frozenset[str] = frozenset()

    under_way: bool = False

    def __post_init__(self) -> None:
        # Computed once: every target of the task is scored against them.
        self.local_words = bigrams(self.local) | unit_token(self.quantity.unit)
        self.sentence_words = bigrams(self.sentence_before) | bigrams(self.clause)
        self.under_way = _UNDER_WAY.search(self.local) is not None


def _month_span_excluded(match: re.Match[str], period: Period) -> bool:
    if match.group(1) and match.group(2):
        return int(match.group(1)) == 1 and int(match.group(2)) < period.last_month or \
            int(match.group(1)) != 1
    if match.group(3):
        return True  # 9月份: one month, not the year to date
    word = match.group(0)
    if word in ("上半年", "二季度") and period.last_month <= 6:
        return False
    if word == "一季度" and period.last_month <= 3:
        return False
    return True


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


def find_candidates(progress: str, period: Period,
                    families: set[str] | None = None) -> list[Candidate]:
    """Every figure in a progress text that could be an actual, with its context.

    `families` (unit families the targets need) skips figures no target could use; the others
    still give context (a threshold before a count) but are not examined further."""
    text = to_halfwidth(progress)
    quotes = QuoteIndex(text)
    candidates = []
    found = find_quantities(text)
    quantities = sorted(found + _bare_figures(text, found), key=lambda q: q.start)
    for index, quantity in enumerate(quantities):
        if families is not None and quantity.family not in families:
            continue
        clause_start, clause_end = clause_bounds(text, quantity.start)
        sentence_start, _ = sentence_bounds(text, quantity.start)
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
        for match in _SUB_PERIOD.finditer(sentence_before):
            if _month_span_excluded(match, period):
                excluded = f"sub-period ({match.group(0)})"
        for match in _PRIOR_YEAR.finditer(sentence_before):
            year = match.group(2)
            if (year is None or int(year) < period.year) and \
                    not re.search(r"同期|同比|相比|增长|下降|较", text[match.end():quantity.start]):
                excluded = f"previous year ({match.group(0)})"
        after = text[quantity.end:quantity.end + 6]
        restated = bool(_RESTATED.match(after))
        local = _local_context(text, quantities, index, clause_start, clause_end)
        candidates.append(Candidate(
            quantity=quantity, clause=clause, sentence_before=sentence_before, local=local,
            growth=bool(_GROWTH_BEFORE.search(before_clause[-8:])),
            negative=bool(_NEGATIVE_BEFORE.search(before_clause[-6:])),
            completion=bool(_COMPLETION_BEFORE.search(before_clause[-12:])),
            subset=bool(_SUBSET.search(before_clause)),
            excluded=excluded, restated=restated, evidence=progress[clause_start:clause_end].strip(),
            previous_clause=previous_clause))
    return candidates


_UNDER_WAY = re.compile(r"正在|推进中|进行中|在建|施工中|筹备中|拟|计划|预计")
_LIST_JOIN = re.compile(r"[、和及与]\s*$")


def _local_context(text: str, quantities: list[Quantity], index: int, clause_start: int,
                   clause_end: int) -> str:
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
    return f"{before} {after}"


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
    if candidate.restated:
        return False
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
    return score


@dataclass
class Match:
    """The figure chosen for a target (or the completion rate standing in for one)."""

    candidate: Candidate
    score: float
    via_completion_rate: bool = False


def match_actuals(targets: list[FoundTarget], candidates: list[Candidate]) -> list[Match | None]:
    """For each target, the figure that measures it, or None. Each figure serves one target."""
    scored: list[tuple[float, int, int]] = []
    for t_index, target in enumerate(targets):
        words = bigrams(target.context) | unit_token(target.quantity.unit)
        for c_index, candidate in enumerate(candidates):
            if not _usable(target, candidate) or not _compatible(target, candidate):
                continue
            score = _score(words, candidate)
            if score >= MIN_SCORE or (score >= MIN_SCORE / 2 and
                                      _only_figure_of_its_kind(target, candidates, c_index, targets)):
                scored.append((score, t_index, c_index))
    chosen: list[Match | None] = [None] * len(targets)
    used: set[int] = set()
    # Best pairs first; within a target, figures that tie with its best are resolved weakest-first.
    for score, t_index, c_index in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if chosen[t_index] is not None or c_index in used:
            continue
        ties = [(s, c) for s, t, c in scored if t == t_index and c not in used and s >= score - TIE]
        best = min(ties, key=lambda tie: _strength(targets[t_index], candidates[tie[1]]))
        chosen[t_index] = Match(candidates[best[1]], best[0])
        used.add(best[1])
    for t_index, target in enumerate(targets):
        if chosen[t_index] is None and target.kind == "cumulative" and target.quantity.family != "percent":
            fallback = _completion_rate_fallback(target, candidates, used)
            chosen[t_index] = fallback
            if fallback is not None:
                used.add(candidates.index(fallback.candidate))
    return chosen


def _only_figure_of_its_kind(target: FoundTarget, candidates: list[Candidate], index: int,
                             targets: list[FoundTarget]) -> bool:
    """True when the figure is the only usable one of its unit family in the text and the target
    the only one of that family: then less shared wording is needed (「上半年已完成30公里」)."""
    family = candidates[index].quantity.family
    if not family or family == "percent":
        return False
    same = [c for c in candidates if c.quantity.family == family and _usable(target, c)]
    return len(same) == 1 and sum(t.quantity.family == family for t in targets) == 1


def _strength(target: FoundTarget, candidate: Candidate) -> float:
    """How well a figure meets the target, for picking the weakest of tied figures."""
    value = candidate.quantity.base * (-1 if candidate.negative else 1)
    return -value if target.op == "<=" else value


def _completion_rate_fallback(target: FoundTarget, candidates: list[Candidate],
                              used: set[int]) -> Match | None:
    """A cumulative target with no figure of its own but a stated share of the annual target
    (完成年度目标的80%): that share is the progress."""
    words = bigrams(target.context) | unit_token(target.quantity.unit)
    best: tuple[float, int] | None = None
    for index, candidate in enumerate(candidates):
        if index in used or not _usable(target, candidate) or not candidate.completion or \
                candidate.quantity.family != "percent":
            continue
        score = _score(words, candidate)
        if score >= MIN_SCORE and (best is None or score > best[0]):
            best = (score, index)
    if best is None:
        return None
    return Match(candidates[best[1]], best[0], via_completion_rate=True)
