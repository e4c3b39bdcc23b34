"""Every figure of a task accounted for: used, set aside for a stated reason, or unplaced.

A careful reader looks at every number in a row and knows what each one is: the target, what was
done, a share of the target, a date, last year's figure, a part (其中…), a name (8+4, 5G). The
assessment does the same after judging a task: each figure of its text, its progress and its
cells is either used by an indicator (a target, an actual, a share), or set aside with the reason
a reviewer would give, or left unplaced. An unplaced figure of the kind a target measures is
something the judgement did not explain: the task is then `review`, with a reason naming the
figure (进展中的“96个”未能对应目标).

The reasons come from the same steps that read the figures (`find_targets` says why a quantity
is no target, `find_candidates` why a figure cannot be an actual); what those steps never see (a
date, a list number, a year) is told here by the characters around the number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.model import FigureUse, Indicator, Period, Task
from .actuals import Candidate, families_for, find_candidates, fits_words
from .quantities import Quantity, unit_family
from .text import bigrams, unit_token
from .view import TextView, text_view

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_ANY_DIGIT = re.compile(r"\d")
# A date or a span of months, read as one figure (2023年9月30日, 1-9月, 10月底).
_DATE = re.compile(r"(?=\d)(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*[-—–~至]\s*)?\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
                   r"(?:底|末|份|中旬|上旬|下旬)?|\d{4}\s*年(?:底|末|度)?")
# What a number that is no quantity is, by the characters around it.
_DATE_AFTER = re.compile(r"^\s*(?:年|月|日|号|时|点|季度|周|个月|个工作日|天)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_LIST_AFTER = re.compile(r"^\s*(?:[、.．)）]|\s)")
_LIST_BEFORE = re.compile(r"(?:^|[\s;；。，,:：(（\n])$")
_NAME_AROUND = re.compile(r"[A-Za-z+×*_/\-.·]")
_ORDINAL_BEFORE = re.compile(r"(?:第|No\.?|NO\.?)\s*$")
_ID_ONLY = re.compile(r"^\s*[★☆*]?\s*\d{1,4}\s*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORDS = 10  # characters of words that make a cell a sentence, read like the progress
# A percentage said to be a share of the whole target, right before it.
_SHARE_WORDS = re.compile(r"(?:完成率|完成比例|完成进度|进度|(?:年度|全年)?(?:目标|计划|任务)(?:任务)?的?)"
                          r"\s*[:：]?\s*(?:为|达|达到|已达)?\s*$")

# What a figure the progress holds is, when no indicator used it (Candidate's own reasons).
_EXCLUDED = (("previous year", "上年数据"), ("name", "名称"), ("threshold", "门槛或口径"),
             ("sub-period", "其他时段数据"), ("month", "其他时段数据"), ("whole", "总量或全部"),
             ("set", "总量或全部"))
REASON_DATE = "日期"
REASON_YEAR = "年份"
REASON_LIST = "编号"
REASON_NAME = "名称或型号"
REASON_ORDINAL = "序数"
REASON_BARE = "无计量单位的数字"
REASON_OTHER_MEASURE = "其他计量（与目标不同类）"
REASON_SUBSET = "其中部分"
REASON_RESTATED = "复述目标"
REASON_ESTIMATE_UNUSED = "预计数（另有实际数）"
REASON_GROWTH = "增长率（目标非增速）"
REASON_STOCK = "存量或总数"
REASON_PLAN = "计划、在建或待办数"
REASON_NOT_TARGET = "非本年度目标"
REASON_HIGHER = "上级总体目标"
REASON_FROM_COLUMN = "目标取自表中目标列"
REASON_ID = "序号"
REASON_RATE_STATED = "进展中所报完成比例"
REASON_OTHER_TIME = "其他时段数据"
REASON_OTHER_THING = "其他事项（与目标用语不合）"
REASON_SHARE_DIFFERS = "进展所报比例“{stated}”与按数据计算的完成率（{computed}）不一致"
# How far a stated share may be from the computed one before it contradicts it (offices round,
# and count works under way in a share).
_SHARE_TOLERANCE = 0.05


@dataclass(frozen=True)
class Accounting:
    """A task's figures with what was made of each."""

    figures: tuple[FigureUse, ...]
    unplaced: tuple[FigureUse, ...]
    """The figures of a target's kind nothing explained: the judgement is to be reviewed."""


def account(task: Task, indicators: Sequence[Indicator], period: Period,
            set_aside_in_title: dict[int, str], used_columns: Iterable[str],
            column_reasons: dict[str, str], title_default: str = "") -> Accounting:
    """Every figure of `task` (its text, progress and cells) against its `indicators`.

    `set_aside_in_title` gives, by start in the title, why a quantity there is no target (from
    `find_targets` and the engine's own filters: a later year's goal, a higher level's total);
    `used_columns` are the cells the indicators were read from; `column_reasons` says why the
    other figure columns were not read (a schedule, the office's verdict …); `title_default`,
    when given, is why any other quantity of the title is set aside (the table's own target
    column stands in for the text)."""
    families = {unit_family(i.target.unit)[0] for i in indicators}
    figures: list[FigureUse] = []
    figures += _title_figures(task.title, indicators, set_aside_in_title, title_default)
    figures += _progress_figures(task.progress_text, indicators, period, families)
    used = set(used_columns)
    for header, value in task.extra:
        figures += _cell_figures(header, value, header in used, column_reasons.get(header),
                                 indicators, period)
    unplaced = tuple(f for f in figures if f.use == "unplaced")
    return Accounting(tuple(figures), unplaced)


def _title_figures(title: str, indicators: Sequence[Indicator], set_aside: dict[int, str],
                   default: str) -> list[FigureUse]:
    view = text_view(title)
    targets = [(i.target.value, unit_family(i.target.unit)) for i in indicators]
    found = []
    for start, end, quantity in _numbers(view):
        text = view.original[start:end]
        if quantity is None:
            found.append(FigureUse(text, "task", "set_aside", _plain_reason(view, start, end)))
        elif _is_one_of(quantity, targets):
            found.append(FigureUse(quantity.text.strip() or text, "task", "target"))
        elif quantity.start in set_aside or default:
            found.append(FigureUse(quantity.text.strip(), "task", "set_aside",
                                   set_aside.get(quantity.start, default)))
        else:
            found.append(FigureUse(quantity.text.strip(), "task", "unplaced"))
    return found


def _progress_figures(progress: str, indicators: Sequence[Indicator], period: Period,
                      families: set[str], source: str = "progress") -> list[FigureUse]:
    if not progress or _ANY_DIGIT.search(progress) is None:
        return []
    view = text_view(progress)
    # Without a target every figure is of another measure: the progress need not be read again.
    needed = families_for((unit_family(i.target.unit)[0], i.kind) for i in indicators)
    candidates = {c.quantity.start: c for c in find_candidates(progress, period, needed)} \
        if families else {}
    actuals = [(i.actual.value, unit_family(i.actual.unit)) for i in indicators
               if i.actual is not None]
    found = []
    for start, end, quantity in _numbers(view, candidates):
        text = view.original[start:end]
        if quantity is None:
            found.append(FigureUse(text, source, "set_aside", _plain_reason(view, start, end)))
            continue
        shown = quantity.text.strip() or text
        if not families:  # a task without a target: every quantity is of another measure
            found.append(FigureUse(shown, source, "set_aside", REASON_OTHER_MEASURE))
            continue
        if _is_one_of(quantity, actuals):
            use = "share" if quantity.family == "percent" and any(
                i.actual is not None and i.actual.unit == "%" and i.target.unit != "%"
                for i in indicators) else "actual"
            found.append(FigureUse(shown, source, use))
            continue
        candidate = candidates.get(quantity.start)
        share = _stated_share(quantity, indicators, candidate, view)
        if share is not None:
            found.append(share if share.source else FigureUse(shown, source, share.use,
                                                              share.reason))
            continue
        reason = _progress_reason(candidate, quantity, families, indicators) or \
            _under_a_part(view, quantity)
        found.append(FigureUse(shown, source, "set_aside" if reason else "unplaced",
                               reason or ""))
    return found


def _stated_share(quantity: Quantity, indicators: Sequence[Indicator],
                  candidate: Candidate | None, view: TextView) -> FigureUse | None:
    """A share of the target the text states beside an indicator judged on its figures
    (完成年度目标的95.4%, a 完成率 column's 78.9%). Within a few points of the computed ratio it
    corroborates it (a share, used); further off it contradicts it, and the reason says both."""
    if quantity.family != "percent" or not _states_a_share(quantity, candidate, view):
        return None
    ratios = [i for i in indicators if i.ratio is not None and i.target.unit != "%"]
    if not ratios:
        return None
    stated = quantity.value / 100
    if any(abs(stated - i.ratio) <= _SHARE_TOLERANCE or (stated >= 1 and i.ratio >= 1)
           for i in ratios if i.ratio is not None):
        return FigureUse("", "", "share")
    closest = min(ratios, key=lambda i: abs(stated - (i.ratio or 0.0)))
    assert closest.ratio is not None
    return FigureUse("", "", "unplaced", REASON_SHARE_DIFFERS.format(
        stated=quantity.text.strip(), computed=f"{closest.ratio * 100:.1f}%"))


def _same_thing(indicator: Indicator, candidate: Candidate) -> bool:
    """Whether a figure may measure what an indicator measures: its own words share some with
    the target's, or it counts in the target's unit and its sentence fits the target well
    enough (新建校舍4所 is no count of 新增学位…个, though the two stand in one sentence)."""
    words = bigrams(f"{indicator.metric}{indicator.evidence.target}")
    if words & candidate.local_words:
        return True
    unit = candidate.quantity.unit.lstrip("万亿千百")
    return unit == indicator.target.unit.lstrip("万亿千百") and \
        fits_words(words | unit_token(indicator.target.unit), candidate)


def _states_a_share(quantity: Quantity, candidate: Candidate | None, view: TextView) -> bool:
    """Whether a percentage is said to be a share of the target (完成年度目标的95%, 完成率：78.9%),
    not another rate (开工率 of a part, 增速, 占比)."""
    if candidate is not None and candidate.completion:
        return True
    return _SHARE_WORDS.search(view.text[max(0, quantity.start - 12):quantity.start]) is not None


def _under_a_part(view: TextView, quantity: Quantity) -> str:
    """其中 earlier in the figure's sentence: a part of a figure before it (其中越城区26个、柯桥区
    48个 …, the whole list)."""
    start, _end = view.sentence(quantity.start)
    return REASON_SUBSET if "其中" in view.text[start:quantity.start] else ""


def _progress_reason(candidate: Candidate | None, quantity: Quantity, families: set[str],
                     indicators: Sequence[Indicator]) -> str:
    """Why a progress figure no indicator used was right to leave, or "" when nothing says."""
    if quantity.family not in families:
        # A percentage beside a count or amount nothing was found for may be the share done
        # (完成工程量的42%): a person should look, rather than the judgement stay without a figure.
        if quantity.family == "percent" and any(i.actual is None for i in indicators):
            return ""
        return REASON_OTHER_MEASURE
    if candidate is None:
        return ""
    same = [i for i in indicators if unit_family(i.target.unit)[0] == quantity.family]
    if same and not any(_same_thing(i, candidate) for i in same):
        return REASON_OTHER_THING
    if candidate.excluded:
        excluded = candidate.excluded
        return next((reason for key, reason in _EXCLUDED if key in excluded), excluded)
    if candidate.restated:
        return REASON_RESTATED
    if candidate.subset:
        return REASON_SUBSET
    if candidate.stock:
        return REASON_STOCK
    if candidate.planned or candidate.pending or candidate.plan:
        return REASON_PLAN
    if candidate.timing.estimate:
        return REASON_ESTIMATE_UNUSED
    if candidate.timing.kind != "period":
        return REASON_OTHER_TIME
    if candidate.completion:
        return REASON_RATE_STATED
    if candidate.growth and not any(i.kind == "rate" for i in indicators):
        return REASON_GROWTH
    return ""


def _cell_figures(header: str, value: str, used: bool, reason: str | None,
                  indicators: Sequence[Indicator], period: Period) -> list[FigureUse]:
    if _ANY_DIGIT.search(value) is None:
        return []
    if used:
        return [FigureUse(value.strip(), header, _cell_use(header, indicators))]
    if reason is not None:
        return [FigureUse(value.strip(), header, "set_aside", reason)]
    if _ID_ONLY.match(value):
        return [FigureUse(value.strip(), header, "set_aside", REASON_ID)]
    view = text_view(value)
    if all(quantity is None for _s, _e, quantity in _numbers(view)):
        return [FigureUse(view.original[s:e], header, "set_aside", _plain_reason(view, s, e))
                for s, e, _q in _numbers(view)]
    if len(_HAN.findall(value)) >= _WORDS:
        # A cell of words beside the progress (存在问题, 1-9月份工作取得成效): its figures are
        # read as the progress's are, a target's kind left unexplained is what counts.
        families = {unit_family(i.target.unit)[0] for i in indicators}
        return _progress_figures(value, indicators, period, families, header)
    return [FigureUse(value.strip(), header, "unplaced")]


def _cell_use(header: str, indicators: Sequence[Indicator]) -> str:
    for indicator in indicators:
        if header in indicator.evidence.target:
            return "target"
        if indicator.actual is not None and indicator.actual.unit == "%" and \
                header in (indicator.evidence.actual or "") and indicator.target.unit != "%":
            return "share"
    return "actual" if any(header in (i.evidence.actual or "") for i in indicators) \
        else "target"


def _numbers(view: TextView, candidates: dict[int, Candidate] | None = None
             ) -> list[tuple[int, int, Quantity | None]]:
    """Each number of the text once: (start, end, the quantity or candidate figure it belongs
    to, or None; a date or span of months is one). One pass over the text, the quantities and
    the dates in order: a cell of a megabyte holds tens of thousands of numbers."""
    quantities = list(view.quantities)
    if candidates:
        more = [c.quantity for c in candidates.values() if view.index_of(c.quantity) is None]
        if more:  # (the text's own quantities are in order already)
            quantities = sorted([*quantities, *more], key=lambda q: q.start)
    # (a date has 年 or 月: most texts have neither, and the pattern is tried at every digit)
    text = view.text
    dates = [match.span() for match in _DATE.finditer(text)] if "月" in text or "年" in text \
        else []
    found: list[tuple[int, int, Quantity | None]] = []
    seen: set[int] = set()  # the starts of the quantities and dates given
    # The digits come in order, so the quantity and the date that may hold each are found by
    # moving two indexes forward: the last of each that starts at or before the digits.
    q_index, q_count = -1, len(quantities)
    d_index, d_count = -1, len(dates)
    for match in _DIGITS.finditer(text):
        at = match.start()
        while q_index + 1 < q_count and quantities[q_index + 1].start <= at:
            q_index += 1
        if q_index >= 0:
            owner = quantities[q_index]
            if owner.start <= at < max(owner.end, owner.start + 1):
                if owner.start not in seen:
                    seen.add(owner.start)
                    found.append((owner.start, owner.end, owner))
                continue
        while d_index + 1 < d_count and dates[d_index + 1][0] <= at:
            d_index += 1
        if d_index >= 0 and at < dates[d_index][1]:
            if dates[d_index][0] not in seen:
                seen.add(dates[d_index][0])
                found.append((*dates[d_index], None))
            continue
        found.append((at, match.end(), None))
    return found


def _is_one_of(quantity: Quantity, values: Sequence[tuple[float, tuple[str, float]]]) -> bool:
    """Whether `quantity` is one of the figures (value, (family, factor)) an indicator used."""
    for value, (family, factor) in values:
        if family != quantity.family and not (not family or not quantity.family):
            continue
        base = value * factor
        if abs(base - quantity.base) <= 1e-6 * max(1.0, abs(base)) or \
                abs(value - quantity.value) <= 1e-9 * max(1.0, abs(value)):
            return True
    return False


def _plain_reason(view: TextView, start: int, end: int) -> str:
    """What a number that is no quantity is: a date, a year, a list number, a name, an
    ordinal, or a bare number."""
    text = view.text
    number = text[start:end]
    if _DIGITS.fullmatch(number) is None:  # a date or span of months (`_numbers`): 9月30日
        return REASON_YEAR if _YEAR.match(number.rstrip("年底末度 ")) else REASON_DATE
    before, after = text[max(0, start - 3):start], text[end:end + 6]
    if _ORDINAL_BEFORE.search(before):
        return REASON_ORDINAL
    if _YEAR.match(number) and after[:1] in ("年", "-", "—", "~", "至", "") or \
            _YEAR.match(number) and not after[:1].isdigit():
        return REASON_YEAR
    if _DATE_AFTER.match(after):
        return REASON_DATE
    if (before[-1:] and _NAME_AROUND.match(before[-1])) or (after[:1] and
                                                           _NAME_AROUND.match(after[0])
                                                           and after[:1] not in ".．"):
        return REASON_NAME
    if _LIST_AFTER.match(after) and _LIST_BEFORE.search(before):
        return REASON_LIST
    return REASON_BARE


def reasons_to_review(accounting: Accounting) -> list[str]:
    """The review reasons the unplaced figures give, one per figure (at most three named)."""
    reasons = [f"任务中的“{figure.text}”按多年目标未作本年度判断" for figure in accounting.figures
               if figure.use == "set_aside" and figure.reason == REASON_NOT_TARGET][:2]
    for figure in accounting.unplaced[:3]:
        if figure.reason:
            reasons.append(figure.reason)
            continue
        where = "任务" if figure.source == "task" else "进展" if figure.source == "progress" \
            else f"表中{figure.source}列"
        reasons.append(f"{where}中的“{figure.text}”未能对应目标")
    if len(accounting.unplaced) > 3:
        reasons.append(f"另有{len(accounting.unplaced) - 3}个数据未能对应")
    return reasons


__all__ = ["Accounting", "account", "reasons_to_review", "REASON_FROM_COLUMN", "REASON_HIGHER",
           "REASON_NOT_TARGET"]
