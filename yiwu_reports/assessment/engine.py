"""Assess one task: its targets, the figures reported against them, and the judgements.

Where the targets come from, best first: this place's own target column (我市任务) beside a
higher level's task; the table's target columns (年度目标任务, 计划完成数 …, paired with their
result and rate columns); the task's own text. The figures: a table's result or rate column, a
share-of-target column (进展比例, 形象进度: the best evidence there is), else the progress text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..core.model import Actual, Evidence, Indicator, Period, Target, Task, worst_status
from ..readers import columns
from . import notes
from .actuals import Candidate, Match, families_needed, find_candidates, match_actuals
from .confidence import Review, task_confidence
from .figures import (
    REASON_FROM_COLUMN,
    REASON_HIGHER,
    REASON_NOT_TARGET,
    account,
    reasons_to_review,
)
from .judge import judge
from .quantities import Quantity, parse_quantity
from .stated import stated_sentences
from .structured import Cell, ColumnGroup, TableColumns, is_milestone, read_columns
from .targets import FoundTarget, find_targets, kind_of, op_of
from .text import HAN, bigrams, coverage, whole_clauses
from .verdicts import disagrees
from .view import text_view

_ACHIEVED = re.compile(r"已完成|已实现|完成|实现|达成")
_HAN = re.compile(HAN)
# An indicator named as a change or a rate (地区生产总值增速, 失业率).
_RATE_NAME = re.compile(r"增长|增速|增幅|涨幅|下降|降幅|率")
# A target cell's words that only say what is done (新增1500个): the task names what.
_VERB_ONLY = re.compile(r"^(?:新增|新建|新改建|改扩建|改建|扩建|改造|建设|建成|完成|培训|引进|发放|开工|"
                        r"实施|提供|开展|创建|举办|招引|培育|筹集|安装|配备|救助|接种|体检|植树|造林)+$")
# A percentage that is a share or a level by its name (优良率, 占比, 指数), not a growth.
_SHARE_NAME = re.compile(r"率|比重|占比|比例|覆盖|指数|份额|浓度|价格")
_FALL_NAME = re.compile(r"(?:下降|降低|减少|降幅)(?:率|幅度)?$")
# A target cell's own words that only give the direction (增长5%, 控制在3%左右): what is measured
# is the task's (主要指标 地区生产总值).
_DIRECTION_ONLY = re.compile(r"^(?:同比)?(?:增长|增速|增幅|下降|降幅|降低|减少|提高|提升|上升|控制在|控制|"
                             r"不低于|不高于|不超过|低于|高于|达到|达|突破|超过|超|保持在|保持|稳定在|完成|实现)?$")


@dataclass(frozen=True)
class TableContext:
    """What the whole table says that applies to every task."""

    metadata: tuple[tuple[str, str], ...] = ()
    """The lines above the table (`Report.metadata`): its unit line (单位：个、亿元) gives the unit
    of bare figures in its columns."""
    roles: Mapping[str, str] = field(default_factory=dict)
    """Role by column name as the reader decided it from the header, the cells or the office's
    settings (`Report.layout`); a column not in it is known by its header alone."""


def _restatements(candidates: list[Candidate]) -> list[Candidate]:
    """Figures that restate a target as reached in their own clause: 完成暑期小学生科普培训1万人目标
    (not 已完成8600人，年度目标1.2万人, where the target is only named)."""
    return [c for c in candidates if c.restated and _ACHIEVED.search(c.clause)]


def _target_model(found: FoundTarget) -> Target:
    return Target(found.quantity.value, found.quantity.unit, found.op)


def _indicator(found: FoundTarget, match: Match | None, period: Period, stated: bool
               ) -> Indicator:
    target = _target_model(found)
    evidence_target = found.evidence
    if found.milestone is not None and found.milestone < period.last_month:
        return Indicator(found.metric, found.kind, target, None, None, "unknown",
                         Evidence(evidence_target, None),
                         note=notes.PAST_CHECKPOINT)
    if match is None:
        if stated:
            return Indicator(found.metric, found.kind, target, None, None, "completed",
                             Evidence(evidence_target, None), note=notes.STATED_COMPLETE)
        return Indicator(found.metric, found.kind, target, None, None, "unknown",
                         Evidence(evidence_target, None), note=notes.NO_FIGURE)
    candidate = match.candidate
    quantity = candidate.quantity
    if not quantity.unit and target.unit and not match.via_completion_rate:
        quantity = _in_target_unit(quantity, found.quantity)  # a bare 23 of 23/30 against 30个
    judgement = judge(found, quantity, period, negative=candidate.negative,
                      via_completion_rate=match.via_completion_rate,
                      settled_text=candidate.previous_clause + candidate.clause)
    status = judgement.status
    if stated and found.kind == "level" and status == "on_track":
        status = "completed"  # a met level the text says is achieved for the year
    # A bare figure (PM2.5: 24) is read in the target's unit; a fall reported against a growth
    # target (下降1.2% for 增长8%) is a negative growth, a rise against a fall target a negative fall.
    unit = quantity.unit or (target.unit if not match.via_completion_rate else "%")
    value = quantity.value
    if found.kind == "rate" and candidate.negative != found.decline and quantity.family == "percent":
        value = -value
    review = Review.of_figure(found, candidate, match, judgement.note)
    if found.revised_from:
        review.mark(notes.REVIEW_REVISED.format(first=found.revised_from,
                                                revised=found.quantity.text))
    return review.apply(Indicator(found.metric, found.kind, target, Actual(value, unit),
                                  judgement.ratio, status,
                                  Evidence(evidence_target, candidate.evidence),
                                  note=judgement.note))


_BARE_ONLY = re.compile(r"^\s*(?:已完成|完成|累计完成|累计)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*$")
# Progress that is, or opens with, a share of the annual target: 「80%」, 「已完成80%」, 「65%（主体
# 封顶）」 (a 当前进度 column).
_SHARE_ONLY = re.compile(r"^\s*(?:已|累计)?(?:完成|进度|进展)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*[%％]\s*(?:$|[（(])")


def _share_indicator(found: FoundTarget, share_value: float, evidence: str, period: Period,
                     review: Review | None = None) -> Indicator:
    """An indicator judged on a share of its annual target (80% → ratio 0.8)."""
    share = Quantity(share_value, "%", "percent", share_value, 0, 0, f"{share_value:g}%")
    judgement = judge(found, share, period, via_completion_rate=True)
    indicator = Indicator(found.metric, found.kind, _target_model(found), Actual(share_value, "%"),
                          judgement.ratio, judgement.status, Evidence(found.evidence, evidence),
                          note=judgement.note)
    return (review or Review()).apply(indicator)


def _text_indicators(targets: list[FoundTarget], progress: str, period: Period,
                     milestone_column: bool = False, own_cell: bool = False) -> list[Indicator]:
    """Indicators whose figures are read from the progress text (`own_cell`: from a result
    column's cell, which reports on these targets alone)."""
    if not targets:
        return []
    whole = _whole_cell_indicator(targets, progress, period)
    if whole is not None:
        return [whole]
    candidates = find_candidates(progress, period, families_needed(targets))
    # A checkpoint already past (一季度达到30%) takes no figure: a Q3 figure says nothing of it.
    current = [t for t in targets if t.milestone is None or t.milestone >= period.last_month]
    current_matches = iter(match_actuals(current, candidates, own_cell=own_cell))
    matches = [next(current_matches) if (t.milestone is None or t.milestone >= period.last_month)
               else None for t in targets]
    # Read only when a statement could change a judgement: a target without a figure, or a
    # level met (settled for the year when the text says it is achieved).
    needed = any(m is None or t.kind == "level" for t, m in zip(targets, matches))
    stated_in = stated_sentences(progress, milestone_column) if needed else []
    restated = _restatements(candidates)
    return [_target_indicator(found, found_match, targets, progress, period, stated_in, restated)
            for found, found_match in zip(targets, matches)]


def _whole_cell_indicator(targets: list[FoundTarget], progress: str, period: Period
                          ) -> Indicator | None:
    """The indicator of a progress that is one figure and nothing else: a share of the annual
    target (「80%」, 「65%（主体封顶）」), a bare number in the target's unit (118 under 完成情况(个)),
    or a figure with its unit (36.8亿元)."""
    match = _SHARE_ONLY.match(text_view(progress).text)
    if match and len(targets) == 1 and targets[0].kind == "cumulative" and \
            targets[0].quantity.family != "percent":
        return _share_indicator(targets[0], float(match.group(1)), progress.strip(), period)
    bare = _BARE_ONLY.match(progress)
    if bare and len(targets) == 1 and targets[0].kind != "rate":
        # (against a growth target a bare number is an amount, not the growth)
        found = targets[0]
        quantity = parse_quantity(bare.group(1), default_unit=found.quantity.unit)
        if quantity is not None:
            judgement = judge(found, quantity, period)
            return Review().mark(notes.REVIEW_BARE_FIGURE).apply(Indicator(
                found.metric, found.kind, _target_model(found), Actual(quantity.value, quantity.unit),
                judgement.ratio, judgement.status, Evidence(found.evidence, progress.strip()),
                note=judgement.note))
    return _figure_alone(targets, progress, period)


def _target_indicator(found: FoundTarget, found_match: Match | None, targets: list[FoundTarget],
                      progress: str, period: Period, stated_in: list[str],
                      restated: list[Candidate]) -> Indicator:
    """One target's indicator from the progress: its figure, else a statement that it is done,
    a share of the work, a named facility or sites built, else no figure."""
    stated = any(abs(c.quantity.base - found.quantity.base) < 1e-9 and c.quantity.family ==
                 found.quantity.family for c in restated)
    if not stated and stated_in:
        words = bigrams(found.context)
        stated = any(coverage(words, sentence) >= 0.3 for sentence in stated_in) or \
            (found_match is None and (len(targets) == 1 or
                                      any(not bigrams(sentence) or _WHOLE_TASK.search(sentence)
                                          for sentence in stated_in)))
    if not stated and found.kind == "cumulative" and found.quantity.family != "percent" and \
            (found_match is None or found_match.candidate.started or
             found_match.candidate.under_way):
        work = _work_share(progress)
        if work is not None:
            # 已全部开工建设，工程量完成55%: the share of the work is the progress.
            review = Review().mark(notes.REVIEW_WORK_SHARE) if len(targets) > 1 else None
            return _share_indicator(found, work[0], work[1], period, review)
    if found_match is None and not stated:
        single = _single_facility_built(found, progress, period) or \
            _named_sites_done(found, progress, period)
        if single is not None:
            return single
    return _indicator(found, found_match, period, stated)


# A statement about the year's task as a whole (已全面完成年度建设任务, 已完成): it covers every
# target.
_WHOLE_TASK = re.compile(r"(?:全面|全部|各项)(?:完成|建成|实现)|(?:年度|全年)(?:\S{0,4})?(?:任务|目标)|"
                         r"^(?:已|已经|均已|已全部|已全面)?(?:完成|建成|实现)(?:任务|目标|该项任务)?$")
# The share of the work a project has done (工程量完成55%, 形象进度达60%, 总体进度70%, 完成年度
# 工程量的30%; not 已完主体工程量的90%, a part of one building).
_WORK = re.compile(r"(?:工程量|形象进度|工程进度|总体进度|整体进度|建设进度|项目进度|施工进度|"
                   r"完成(?:年度|全年|总|全部|项目|建设){0,3}工程量的?)"
                   r"(?:已)?(?:完成|达到|达|为)?\s*(\d+(?:\.\d+)?)\s*%")
# A result that is a figure and nothing else (36.8亿元, 7.3%, 累计完成118个).
_FIGURE_ALONE = re.compile(r"^\s*(?:已完成|完成|累计完成|累计|实现|增长|同比增长|达到|为)?\s*[:：]?\s*"
                           r"([-+]?\d+(?:\.\d+)?\s*[^\d\s，。；,;]{1,5})\s*[。.]?\s*$")


def _work_share(progress: str) -> tuple[float, str] | None:
    """The share of the work the progress states (55, 工程量完成55%), with its clause."""
    view = text_view(progress)
    found = _WORK.search(view.text)
    if found is None:
        return None
    start, end = whole_clauses(view.original, *view.clause(found.start()))
    return float(found.group(1)), view.original[start:end].strip()


def _figure_alone(targets: list[FoundTarget], progress: str, period: Period) -> Indicator | None:
    """A progress cell that is one figure with its unit and nothing else (36.8亿元 under 1-9月完成情况;
    7.3% against 增长9%) against the one target of its kind: that figure is the actual."""
    found = _FIGURE_ALONE.match(text_view(progress).text)
    if found is None or len(targets) != 1:
        return None
    target = targets[0]
    quantity = parse_quantity(found.group(1))
    if quantity is None or quantity.family != target.quantity.family or not quantity.family:
        return None
    judgement = judge(target, quantity, period, negative=quantity.value < 0)
    value = -quantity.value if target.decline and quantity.value < 0 else quantity.value
    return Indicator(target.metric, target.kind, _target_model(target),
                     Actual(value, quantity.unit), judgement.ratio, judgement.status,
                     Evidence(target.evidence, progress.strip()), note=judgement.note)


_BUILT = r"(?:已)?(?:建成|竣工|投入使用|投用|开业|揭牌|启用|交付使用|建成投用|入选|获评|获批|(?:被)?认定为|命名为)"


def _single_facility_built(found: FoundTarget, progress: str, period: Period) -> Indicator | None:
    """A target of one facility or title (新建…中心敬老院1所, 新增“未来工厂”1家) that the progress
    says was built or won, naming it (「建成西平县中心敬老院」, 「梦娜袜业入选浙江省未来工厂」): one
    of one, completed."""
    quantity = found.quantity
    if quantity.value != 1 or quantity.family != "count" or found.kind != "cumulative":
        return None
    noun = re.sub(r"[^\u4e00-\u9fff]", "", found.metric)[-3:]
    if len(noun) < 2:
        return None
    view = text_view(progress)
    pattern = re.compile(rf"{_BUILT}[^，。；,;]{{0,12}}{re.escape(noun)}|"
                         rf"{re.escape(noun)}[^，。；,;]{{0,8}}{_BUILT}")
    match = pattern.search(view.text)
    if match is None:
        return None
    start, end = view.clause(match.start())
    actual = Quantity(1.0, quantity.unit, quantity.family, quantity.base, 0, 0, f"1{quantity.unit}")
    judgement = judge(found, actual, period)
    return Review().mark(notes.REVIEW_NAMED_FACILITY).apply(Indicator(
        found.metric, found.kind, _target_model(found), Actual(1.0, quantity.unit), judgement.ratio,
        judgement.status, Evidence(found.evidence, progress[start:end].strip()), note=judgement.note))


# A site said done, in its own clause (丽景美域居家养老服务站已建成, 真如助餐点完成改造，28日揭牌):
# the names before the verb, listed with 、 和 及.
_SITE_DONE = re.compile(r"(?:已|均已|先后)?(?:建成|完工|竣工|投入使用|投用|启用|开业|揭牌|开放运营|建成开放|"
                        r"完成(?:改造|建设|提升|改扩建))")
_SITE_NOT_YET = re.compile(r"正在|进行|基本|预计|计划|拟|即将|尚未|未|将|力争|确保")
_SITE_SPLIT = re.compile(r"[、和及与]")
# Counting words of places and buildings (not of households, flats or people).
_SITE_UNITS = frozenset({"个", "家", "处", "座", "所", "间", "栋", "幢"})


def _named_sites_done(found: FoundTarget, progress: str, period: Period) -> Indicator | None:
    """A count of sites (增设4家居家养老服务场所, 助餐服务点2个) measured by the sites the progress
    names as built or opened (「南屏村居家养老服务站、界墩日间照料中心已建成」 is two): each name
    must share words with the target; marked for review."""
    quantity = found.quantity
    if quantity.unit not in _SITE_UNITS or found.kind != "cumulative" or quantity.value < 2 or \
            _SITE_DONE.search(progress) is None:
        return None
    words = bigrams(found.metric)
    view = text_view(progress)
    names: list[str] = []
    spans: list[str] = []
    for match in _SITE_DONE.finditer(view.text):
        start, end = view.clause(match.start())
        subject = re.split(r"[:：]", view.text[start:match.start()])[-1].strip()
        if not subject or _SITE_NOT_YET.search(subject[-4:]) or re.search(r"\d", subject):
            continue
        # The names of one list are of one kind: one of them sharing the target's words is enough.
        items = [item for item in _SITE_SPLIT.split(subject) if len(item) >= 2]
        if not items or not any(bigrams(item) & words for item in items):
            continue
        names.extend(item for item in items if item not in names)
        spans.append(progress[start:end].strip())
    if not names:
        return None
    count = Quantity(float(len(names)), quantity.unit, quantity.family, float(len(names)) *
                     (quantity.base / quantity.value), 0, 0, f"{len(names)}{quantity.unit}")
    judgement = judge(found, count, period)
    return Review().mark(notes.REVIEW_NAMED_SITES.format(count=len(names))).apply(Indicator(
        found.metric, found.kind, _target_model(found), Actual(count.value, quantity.unit),
        judgement.ratio, judgement.status, Evidence(found.evidence, "；".join(spans)),
        note=judgement.note))


# A figure standing without a unit of its own: before a bracket, a comma, 左右/以上, or the end.
# (2,000 is one figure: a comma before three digits groups them.)
_UNITLESS_FIGURE = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
                          r"(?=\s*(?:左右|以上|以内|以下|$|[（）()，；;、]|,(?!\d{3})))")


def _column_target(cell: Cell, title_targets: list[FoundTarget], title: str,
                   metric: str, growth_column: bool = False) -> list[FoundTarget]:
    """The targets a target column states, with the comparison and kind the task's text gives
    them when the column is bare (控制在5%以内 beside a column saying 5%). Beside a growth column
    (`growth_column`), a percentage for an amount (固定资产投资 10) is its growth."""
    found = find_targets(cell.text, fallback_metric=metric)
    if not found and cell.unit and len(_UNITLESS_FIGURE.findall(cell.text)) > 1:
        # Several bare figures in the unit of the row or header (6.5（年中调整为4.5左右） with
        # 单位 %): each is read in that unit, and the cell as a text target is, revision and all.
        found = [replace(target, evidence=f"{cell.header}：{cell.text}") for target in
                 find_targets(_UNITLESS_FIGURE.sub(lambda m: m.group(0) + cell.unit, cell.text),
                              fallback_metric=metric)]
    if not found:
        quantity = parse_quantity(cell.text, default_unit=cell.unit)
        if quantity is None:
            return []
        if not quantity.family and not cell.unit and len(title_targets) == 1:
            quantity = _in_unit_of(quantity, title_targets[0].quantity)
        op = op_of("", "", title)
        found = [FoundTarget(metric, metric, quantity, op, kind_of(metric, quantity, op, ""),
                             f"{cell.header}：{cell.text}")]
    else:
        found = [_named(_in_column_unit(target, cell), metric) for target in found]
    if growth_column:
        found = [replace(t, kind="rate") if t.kind == "level" and t.quantity.family == "percent"
                 and not _SHARE_NAME.search(t.metric) else t for t in found]
    return [_with_text_direction(target, title_targets) for target in found]


def _in_column_unit(target: FoundTarget, cell: Cell) -> FoundTarget:
    """A bare figure in a column's words (突破32, 达到120以上) in the unit its row or header
    gives (单位 「万户」, 年度目标(亿元)), as a bare cell (「32」) would be."""
    if target.quantity.unit or not cell.unit:
        return target
    quantity = parse_quantity(f"{target.quantity.value:g}", default_unit=cell.unit)
    if quantity is None or not quantity.family:
        return target
    quantity = replace(quantity, start=target.quantity.start, end=target.quantity.end,
                       text=target.quantity.text, approximate=target.quantity.approximate)
    return replace(target, quantity=quantity)


def _named(target: FoundTarget, metric: str) -> FoundTarget:
    """A target read from a column cell that only gives its direction (增长5%) takes the task's
    name for what it measures (地区生产总值增长)."""
    if target.kind == "rate" and not target.decline and _FALL_NAME.search(metric):
        target = replace(target, decline=True)  # 单位GDP能耗下降 | 3%: a fall of at least 3%
    if target.metric == metric:
        return target
    if _VERB_ONLY.match(target.metric):  # 项目名称 公办学位 | 年度目标 新增1500个
        return replace(target, metric=f"{target.metric}{metric}",
                       context=f"{target.context}{metric}")
    if not _DIRECTION_ONLY.match(target.metric):
        return target
    name = metric if _RATE_NAME.search(metric) else f"{metric}{target.metric}"
    return replace(target, metric=name, context=f"{metric}{target.context}")


def _in_target_unit(bare: Quantity, target: Quantity) -> Quantity:
    """A figure written without a unit, read in the target's unit (its magnitude included)."""
    factor = target.base / target.value if target.value else 1.0
    return Quantity(bare.value, target.unit, target.family, bare.value * factor, bare.start,
                    bare.end, bare.text, bare.approximate, bare.low)


def _in_unit_of(bare: Quantity, text: Quantity) -> Quantity:
    """A bare number of a target column read in the unit of the task text's target: the same
    value is that target; else the unit (with or without its magnitude: 1.4 beside 全省40万人 is
    1.4万人, 50000 beside 5万人 is 50000人) that keeps it at or under the text's figure, closest."""
    if bare.value == text.value:
        return text
    units = [text.unit]
    for magnitude in ("万亿", "千万", "百万", "万", "亿", "千"):
        if text.unit.startswith(magnitude) and len(text.unit) > len(magnitude):
            units.append(text.unit[len(magnitude):])
            break
    options = [parse_quantity(f"{bare.text}{unit}") for unit in units]
    fitting = [q for q in options if q is not None and q.base <= text.base * (1 + 1e-9)]
    return max(fitting, key=lambda q: q.base) if fitting else bare


def _with_text_direction(target: FoundTarget, title_targets: list[FoundTarget]) -> FoundTarget:
    """A column's target takes its comparison, kind and name from the task text's target of the
    same value (or the only one of the same kind of unit)."""
    same = [t for t in title_targets if abs(t.quantity.base - target.quantity.base) < 1e-9 and
            t.quantity.family == target.quantity.family]
    if not same:
        same = [t for t in title_targets if t.quantity.family == target.quantity.family]
        if len(same) != 1:
            return target
    text = same[0]
    return replace(target, op=text.op, kind=text.kind, decline=text.decline,
                   metric=text.metric if len(target.metric) > 24 or not target.metric else target.metric,
                   context=f"{target.context}{text.context}")


def _metric_of(group: ColumnGroup, task: Task, groups: int) -> str:
    """What a column group measures: the task's text for a one-group table whose rows are tasks
    or indicators (地区生产总值, 进出口), else the words of the headers (累计完成投资额(万元) →
    完成投资额) with the place the row is for."""
    title = task.title
    if groups == 1 and (len(title) >= 6 or (not task.place and len(_HAN.findall(title)) >= 2)):
        return title
    header = (group.actual or group.target or group.rate)
    assert header is not None
    name = re.sub(r"[(（][^)）]*[)）]|计划|累计|年度|全年|截至\S*月底?|\d+\s*[-—–~至]\s*\d+\s*月", "",
                  header.header).strip()
    return f"{name}（{title}）" if title and len(title) < 12 else name or header.header


def _group_indicators(group: ColumnGroup, targets: list[FoundTarget], task: Task,
                      period: Period, milestone: bool, growth: Cell | None = None
                      ) -> list[Indicator]:
    """Indicators of one target column with its result and rate columns (and the row's change
    on the year, `growth`, for a growth target): judged on the result column's figure, else the
    change column (for a growth), else the rate column (beside an exact figure of the text, that
    figure), else a result or rate cell saying the work is done, else the text."""
    actual_cell = _filled(group.actual)
    rate_cell = _filled(group.rate)
    if len(targets) != 1:
        # Several targets in one cell: its result column cannot be split; read the prose.
        text = actual_cell.text if actual_cell is not None else task.progress_text
        return _text_indicators(targets, text, period, milestone)
    found = targets[0]
    quantity = _result_figure(found, actual_cell, task) if actual_cell is not None else None
    if found.kind == "rate" and growth is not None and quantity is None:
        change = parse_quantity(growth.text, default_unit="%")
        if change is not None and change.family == "percent":
            return [_growth_indicator(found, change, growth, period)]
    rate = _percent(rate_cell.text) if rate_cell is not None else None
    if quantity is not None and actual_cell is not None:
        return [_result_indicator(found, quantity, actual_cell, group, rate_cell, rate, period)]
    if rate is not None and rate_cell is not None and found.quantity.family != "percent":
        text = actual_cell.text if actual_cell is not None else task.progress_text
        return [_rate_indicator(found, rate_cell, rate, text, actual_cell is not None, period,
                                milestone)]
    cell = actual_cell or rate_cell
    if cell is not None and not re.search(r"\d", cell.text) and _share_says_done(cell.text):
        return [_stated_done(found, cell.text)]
    if actual_cell is not None:
        return _text_indicators(targets, actual_cell.text, period, milestone, own_cell=True)
    return _text_indicators(targets, task.progress_text, period, milestone)


def _filled(cell: Cell | None) -> Cell | None:
    """The cell, when it holds something (not empty, /, 无 …)."""
    return cell if cell is not None and not cell.empty else None


def _result_figure(found: FoundTarget, cell: Cell, task: Task) -> Quantity | None:
    """The figure a result cell gives for the target, None when it gives none of the target's
    kind (another measure: the prose, or the growth column, may say more)."""
    rate_target = found.kind == "rate"
    # A bare figure in a result column is in the target's unit, except against a growth target
    # where it is the amount (地区生产总值 1520.3) unless the indicator or column names a
    # growth (规上工业增加值增速 7.2).
    default = cell.unit or ("" if rate_target and not _RATE_NAME.search(
        task.title + cell.header) else found.quantity.unit)
    quantity = parse_quantity(cell.text, default_unit=default)
    if quantity is not None and quantity.family != found.quantity.family and \
            (quantity.family and found.quantity.family or rate_target):
        return None
    return quantity


def _result_indicator(found: FoundTarget, quantity: Quantity, cell: Cell, group: ColumnGroup,
                      rate_cell: Cell | None, rate: float | None, period: Period) -> Indicator:
    """The target judged on its result cell's figure; to review when the target may be the
    projects' whole plan, when the group's rate column says otherwise, or units differ."""
    review = Review()
    judgement = judge(found, quantity, period)
    if group.target is not None and not group.target.annual:
        # Perhaps the projects' whole plan rather than the year's target: judged as the
        # year's, but a person should look.
        review.mark(notes.PROJECT_PLAN)
    if rate is not None and judgement.ratio is not None and \
            abs(rate / 100 - judgement.ratio) > 0.02:
        assert rate_cell is not None
        review.mark(notes.REVIEW_RATE_COLUMN.format(header=rate_cell.header, rate=rate_cell.text,
                                                    ratio=f"{judgement.ratio:.1%}"))
    review.units(found.quantity, quantity)
    if found.revised_from:
        review.mark(notes.REVIEW_REVISED.format(first=found.revised_from,
                                                revised=found.quantity.text))
    value = quantity.value
    if found.kind == "rate" and found.decline and quantity.family == "percent":
        value = -value  # -3.6% against 下降3%: a fall of 3.6%, shown as the fall's size
    return review.apply(Indicator(
        found.metric, found.kind, _target_model(found), Actual(value, quantity.unit),
        judgement.ratio, judgement.status, Evidence(found.evidence, cell.text),
        note=judgement.note))


def _rate_indicator(found: FoundTarget, rate_cell: Cell, rate: float, text: str, own_cell: bool,
                    period: Period, milestone: bool) -> Indicator:
    """The target judged on its rate column (a share of the target), unless `text` (the result
    cell, `own_cell`, or else the progress) gives a cumulative target an exact figure: then the
    figure decides and the share corroborates it (「已开工28个，完工20个」 or 「新增学位1260个」
    beside 完成率 67 or 形象进度 70%)."""
    if found.kind == "cumulative":
        from_text = _text_indicators([found], text, period, milestone, own_cell=own_cell) \
            if text.strip() else []
        if from_text and _exact_figure(from_text[0]):
            return _corroborated(from_text[0], rate_cell, rate)
    return _share_indicator(found, rate, f"{rate_cell.header}：{rate_cell.text}", period)


def _stated_done(found: FoundTarget, evidence: str) -> Indicator:
    """The target completed, with no figure, by a cell that says the work is done (to review)."""
    return Review().mark(notes.REVIEW_STATED).apply(Indicator(
        found.metric, found.kind, _target_model(found), None, None, "completed",
        Evidence(found.evidence, evidence), note=notes.STATED_COMPLETE))


def _growth_indicator(found: FoundTarget, change: Quantity, cell: Cell, period: Period
                      ) -> Indicator:
    """A growth target judged on the row's change column (同比增长(%) 「-2.3」)."""
    judgement = judge(found, change, period)
    value = -change.value if found.decline else change.value
    return Indicator(found.metric, found.kind, _target_model(found), Actual(value, "%"), None,
                     judgement.status, Evidence(found.evidence, f"{cell.header}：{cell.text}"),
                     note=judgement.note)


def _percent(text: str) -> float | None:
    quantity = parse_quantity(text.rstrip("%％ ") + "%")
    return None if quantity is None or quantity.family != "percent" else quantity.value


def _share_target(cell: Cell) -> FoundTarget:
    """The whole annual task as a target, for a task with a share column but no number."""
    quantity = Quantity(100.0, "%", "percent", 100.0, 0, 0, "100%")
    return FoundTarget(cell.header, cell.header, quantity, ">=", "cumulative", "年度任务")


# A task stated for a higher level than the table's (全省新建…, 全国…): its figures are that
# level's, not this place's.
_HIGHER_LEVEL = re.compile(r"全省|全国|省级|国家级")


def _columns_and_targets(task: Task, table: TableColumns, title_targets: list[FoundTarget]
                         ) -> list[tuple[ColumnGroup | None, list[FoundTarget]]]:
    """The targets to judge, each list with the column group that reports on it (None: the
    prose)."""
    if table.local_target is not None and table.local_target.empty and \
            _HIGHER_LEVEL.search(task.title):
        return []  # 全省新建5G基站2万个 with no share of it for this place: nothing to judge here
    if table.local_target is not None and not table.local_target.empty:
        local = table.local_target
        targets = _column_target(local, title_targets, task.title, task.title)
        groups = [g for g in table.groups if g.target is None]
        return [(groups[0] if groups else None, targets)]
    if table.has_target_column:
        pairs: list[tuple[ColumnGroup | None, list[FoundTarget]]] = []
        for group in table.groups:
            if group.target is None or group.target.empty:
                continue
            metric = _metric_of(group, task, len(table.groups))
            targets = _column_target(group.target, title_targets, task.title, metric,
                                     table.growth is not None)
            if targets:
                pairs.append((group, targets))
        if pairs:
            return pairs
    actual_groups = [g for g in table.groups if g.target is None]
    if actual_groups and len(title_targets) == len(actual_groups):
        return [(group, [target]) for group, target in zip(actual_groups, title_targets)]
    return [(None, title_targets)] if title_targets else []


# This place's share named in a higher level's task text (全省…，其中我县承担1.2万人; 我市任务：…).
_LOCAL_MARK = re.compile(r"(?:我|本)[市县区州镇乡](?:承担|分解|下达|的)?(?:任务|目标|指标)?|下达我[市县区]")


def _local_part(targets: list[FoundTarget], title: str) -> list[FoundTarget]:
    """The targets after the words naming this place's share, when the text names one after
    stating a higher level's targets; else all of them."""
    if len(targets) < 2:
        return targets
    normal = text_view(title).text
    mark = _LOCAL_MARK.search(normal, 1)
    if mark is None:
        return targets
    after = [t for t in targets if t.quantity.start >= mark.end()]
    if not after or len(after) == len(targets):
        return targets
    # The higher level's words say what this place's figure measures (…免费接种流感疫苗).
    words = re.sub(r"[\d.]+", "", normal[:mark.start()])[-24:]
    return [replace(t, context=f"{t.context}{words}") for t in after]


# A share column's words that say the whole work is done (形象进度 「已完工」).
_DONE_CELL = re.compile(r"^(?:已|均已|已全部|全部)?(?:完成|完工|竣工|建成|建成投用|建成开放|建成通车|投用|投入使用)[。.]?$")


def _share_says_done(text: str) -> bool:
    """Whether a share-of-target cell with no figure says the work is done: 已完工, or a
    statement of completion (已全部建成投用); not a step on the way (完成方案设计)."""
    text = text.strip()
    return _DONE_CELL.match(text) is not None or bool(stated_sentences(text))


def _indicators(task: Task, period: Period, table: TableColumns,
                title_targets: list[FoundTarget]) -> list[Indicator]:
    pairs = _columns_and_targets(task, table, title_targets)
    share = table.share
    share_value = _percent(share.text) if share is not None and not share.empty else None
    if share is not None and share_value is None and not share.empty and \
            _share_says_done(share.text) and len(pairs) == 1 and len(pairs[0][1]) == 1 \
            and pairs[0][0] is None:
        return [_stated_done(pairs[0][1][0], share.text)]
    if not pairs:
        if share is not None and share_value is not None and table.local_target is None:
            return [_share_indicator(_share_target(share), share_value,
                                     f"{share.header}：{share.text}", period)]
        return []
    indicators: list[Indicator] = []
    for group, targets in pairs:
        if group is not None:
            indicators.extend(_group_indicators(group, targets, task, period, table.milestone,
                                                table.growth))
            continue
        from_text = _text_indicators(targets, task.progress_text, period, table.milestone)
        if share_value is None or share is None:
            indicators.extend(from_text)
            continue
        # A share of the annual target in its own column (形象进度, 完成率) measures the target
        # when the progress gives no exact figure for it; beside an exact figure (新增学位2400个)
        # the figure is the actual and the share only corroborates it.
        cumulative = [t for t in targets if t.kind == "cumulative" and t.quantity.family != "percent"]
        for found, text_indicator in zip(targets, from_text):
            if found not in cumulative:
                if text_indicator.status == "unknown" and share_value >= 100:
                    # 开通率达100% beside 进展比例 「100%」: the whole task is done.
                    text_indicator = _share_indicator(found, share_value,
                                                      f"{share.header}：{share.text}", period)
                indicators.append(text_indicator)
                continue
            if _exact_figure(text_indicator):
                indicators.append(_corroborated(text_indicator, share, share_value))
                continue
            review = Review()
            if len(cumulative) > 1:
                review.mark(notes.SHARE_OF_WHOLE_TASK)
            indicator = _share_indicator(found, share_value, f"{share.header}：{share.text}",
                                         period, review)
            if text_indicator.actual is not None and text_indicator.status != indicator.status:
                indicator = Review().mark(notes.REVIEW_SHARE_DIFFERS).apply(indicator)
            indicators.append(indicator)
    return indicators


# How far (in points of the annual target) a table's share may be from the share an exact figure
# gives before a person should look: offices round shares and count works under way in them.
_SHARE_TOLERANCE = 0.05


def _exact_figure(indicator: Indicator) -> bool:
    """Whether the progress text gave the indicator an exact reported figure of its own (not a
    share of the target, not an estimate)."""
    return indicator.actual is not None and indicator.ratio is not None and \
        indicator.note != notes.SHARE_OF_TARGET and \
        notes.REVIEW_ESTIMATE not in indicator.confidence_reason


def _corroborated(indicator: Indicator, share: Cell, share_value: float) -> Indicator:
    """An indicator judged on its exact figure, marked for review when the table's share of the
    target says something else."""
    assert indicator.ratio is not None
    if abs(share_value / 100 - indicator.ratio) <= _SHARE_TOLERANCE:
        return indicator
    return Review().mark(notes.REVIEW_SHARE_COLUMN.format(
        header=share.header, share=share.text, ratio=f"{indicator.ratio:.1%}")).apply(indicator)


def assess_task(task: Task, period: Period, context: TableContext | None = None) -> Task:
    """The task with its indicators, automatic status and confidence (overrides come later),
    and every figure of its text and cells accounted for (`figures`)."""
    roles = context.roles if context else {}
    table = read_columns(task.extra, context.metadata if context else (), roles)
    title_reasons: dict[int, str] = {}
    rows = _rows_of(task, table)
    if rows:
        # A task spread over rows of a figure table: each row's figures judged on their own.
        indicators = [indicator for row in rows for indicator in _indicators(
            row, period, read_columns(row.extra, context.metadata if context else (), roles),
            _title_targets(row, period, {}))]
    else:
        indicators = _indicators(task, period, table, _title_targets(task, period, title_reasons))
    status = worst_status(indicator.status for indicator in indicators)
    disagree = task.verdict is not None and disagrees(replace(task, status=status))
    confidence, reason, indicators = task_confidence(indicators, status, task.verdict, disagree)
    # Beside the table's own target column, the text's figures are stood in for by the column.
    column_targets = table.has_target_column or \
        (table.local_target is not None and not table.local_target.empty)
    accounting = account(task, indicators, period, title_reasons, _used_columns(table),
                         _column_reasons(task, roles),
                         REASON_FROM_COLUMN if column_targets else "")
    doubts = reasons_to_review(accounting)
    if doubts:
        confidence, reason = "review", "；".join([reason, *doubts] if reason else doubts)
    return replace(task, indicators=tuple(indicators), status=status, auto_status=None,
                   override=None, confidence=confidence, confidence_reason=reason,
                   figures=accounting.figures)


def _rows_of(task: Task, table: TableColumns) -> list[Task] | None:
    """The rows of a task read from several rows of a figure table (规模以上工业总产值 / 其中：
    高新技术产业产值, each with its 计划 and 实绩), each a task of its own line of text and cells;
    None for a task of one row, or one whose cells do not split line by line."""
    lines = task.title.split("\n")
    if len(lines) < 2 or not table.has_target_column:
        return None
    split = [value.split("\n") for _header, value in task.extra]
    if not any(len(parts) == len(lines) for parts in split) or \
            any(len(parts) not in (1, len(lines)) for parts in split):
        return None
    return [replace(task, title=line, extra=tuple(
        (header, parts[index] if len(parts) == len(lines) else parts[0])
        for (header, _value), parts in zip(task.extra, split)))
        for index, line in enumerate(lines)]


def _title_targets(task: Task, period: Period, reasons: dict[int, str]) -> list[FoundTarget]:
    """This year's targets of the task's text; `reasons` gets why each of its other quantities
    is no target, by its start: what `find_targets` says, a later year's goal (三年内建成3个,
    到2026年…), a higher level's total before this place's share."""
    found = find_targets(task.title, set_aside=reasons)
    current = [t for t in found if t.horizon is None or t.horizon <= period.year]
    kept = _local_part(current, task.title)
    for target in found:
        if target not in current:
            reasons[target.quantity.start] = REASON_NOT_TARGET
        elif target not in kept and all(k.quantity.start != target.quantity.start for k in kept):
            reasons[target.quantity.start] = REASON_HIGHER
    return kept


def _used_columns(table: TableColumns) -> list[str]:
    """The headers of the cells the judgement read."""
    cells = [table.share, table.local_target, table.growth]
    for group in table.groups:
        cells += [group.target, group.actual, group.rate]
    return [cell.header for cell in cells if cell is not None]


# Columns whose figures say nothing of the judgement, by role, and what a reviewer calls them.
_COLUMN_REASONS = {"verdict": "表中自评列", "plan": "进度安排列", "unit": "计量单位列",
                   "leader": "责任人列", "id": "序号列", "remarks": "备注列",
                   "supporting": "配合单位列", "group": "分组列", "place": "地区列",
                   "lead": "牵头单位列", "progress": "另一期进展列"}


def _column_reasons(task: Task, roles: Mapping[str, str]) -> dict[str, str]:
    """Why each of the task's other columns is not read for the judgement, by header."""
    reasons = {}
    for header, _value in task.extra:
        role = roles.get(header) or columns.role_of(header)
        if role in _COLUMN_REASONS:
            reasons[header] = _COLUMN_REASONS[role]
        elif is_milestone(header):
            reasons[header] = _COLUMN_REASONS["plan"]
    return reasons
