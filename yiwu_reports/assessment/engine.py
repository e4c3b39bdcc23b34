"""Assess one task: its targets, the figures reported against them, and the judgements."""

from __future__ import annotations

import re
from dataclasses import replace

from .. import columns
from ..model import Actual, Evidence, Indicator, Period, Target, Task, worst_status
from .actuals import Candidate, Match, families_needed, find_candidates, match_actuals
from . import notes
from .judge import judge
from .quantities import Quantity, parse_quantity, to_halfwidth
from .targets import FoundTarget, find_targets
from .text import bigrams, coverage, sentence_bounds

_STATED_COMPLETE = re.compile(r"(?:已|均已|已经)?(?:提前|超额)?(?:完成|实现|达到|达成)了?(?:全年|年度)(?:目标|任务|计划)|"
                              r"提前完成|超额完成|(?:已|均已)全部(?:完成|建成)")
_ACHIEVED = re.compile(r"已完成|已实现|完成|实现|达成")


def _stated_sentences(progress: str) -> list[str]:
    """Sentences of the progress text that say a target was reached without a figure."""
    text = to_halfwidth(progress)
    sentences = []
    for match in _STATED_COMPLETE.finditer(text):
        start, end = sentence_bounds(text, match.start())
        sentences.append(text[start:end])
    return sentences


def _restatements(candidates: list[Candidate]) -> list[Candidate]:
    """Figures that restate a target as reached: 完成暑期小学生科普培训1万人目标."""
    return [c for c in candidates if c.restated and _ACHIEVED.search(c.sentence_before + c.clause)]


def _target_model(found: FoundTarget) -> Target:
    return Target(found.quantity.value, found.quantity.unit, found.op)


def _indicator(found: FoundTarget, match: Match | None, period: Period, stated: bool) -> Indicator:
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
    return Indicator(found.metric, found.kind, target, Actual(value, unit),
                     judgement.ratio, status, Evidence(evidence_target, candidate.evidence),
                     note=judgement.note)


_SHARE_ONLY = re.compile(r"^\s*(?:已|累计)?(?:完成|进度|进展)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*[%％]\s*$")


def _share_only(targets: list[FoundTarget], progress: str, period: Period) -> list[Indicator] | None:
    """Progress given only as a share of the annual target (「80%」, 「已完成80%」)."""
    match = _SHARE_ONLY.match(to_halfwidth(progress))
    if not match or len(targets) != 1 or targets[0].quantity.family == "percent":
        return None
    found = targets[0]
    share = parse_quantity(match.group(1) + "%")
    assert share is not None
    judgement = judge(found, share, period, via_completion_rate=True)
    return [Indicator(found.metric, found.kind, _target_model(found), Actual(share.value, "%"),
                      judgement.ratio, judgement.status, Evidence(found.evidence, progress.strip()),
                      note=judgement.note)]


def _text_indicators(targets: list[FoundTarget], progress: str, period: Period) -> list[Indicator]:
    """Indicators whose figures are read from the progress text."""
    if not targets:
        return []
    share_only = _share_only(targets, progress, period)
    if share_only is not None:
        return share_only
    candidates = find_candidates(progress, period, families_needed(targets))
    # A checkpoint already past (一季度达到30%) takes no figure: a Q3 figure says nothing of it.
    current = [t for t in targets if t.milestone is None or t.milestone >= period.last_month]
    current_matches = iter(match_actuals(current, candidates))
    matches = [next(current_matches) if (t.milestone is None or t.milestone >= period.last_month)
               else None for t in targets]
    stated_sentences = _stated_sentences(progress)
    restated = _restatements(candidates)
    indicators = []
    for found, match in zip(targets, matches):
        stated = any(abs(c.quantity.base - found.quantity.base) < 1e-9 and c.quantity.family ==
                     found.quantity.family for c in restated)
        if not stated and stated_sentences:
            words = bigrams(found.context)
            stated = any(coverage(words, sentence) >= 0.3 for sentence in stated_sentences) or \
                (len(targets) == 1 and match is None)
        indicators.append(_indicator(found, match, period, stated))
    return indicators


_HEADER_UNIT = re.compile(r"[(（]\s*([^()（）]{1,8}?)\s*[)）]")


def _structured_columns(task: Task) -> dict[str, str]:
    """Cells of the task's extra columns by role (target, actual, completion, share).

    A unit given in the header (年度目标（亿元）) is added to a cell that has none; a second
    task-like column named with 目标 (目标任务 beside 工作任务) is the target column."""
    cells: dict[str, str] = {}
    for header, value in task.extra:
        role = columns.role_of(header)
        if role == columns.TITLE and "目标" in header:
            role = columns.TARGET
        if role in (columns.TARGET, columns.ACTUAL, columns.COMPLETION, columns.SHARE) \
                and role not in cells and value.strip():
            unit = _HEADER_UNIT.search(header)
            text = value.strip()
            if unit and re.fullmatch(r"[\d.,，\s]+", text) and unit.group(1) not in ("%", "％"):
                text += unit.group(1)
            cells[role] = text
    return cells


def _column_indicators(task: Task, targets: list[FoundTarget], cells: dict[str, str],
                       period: Period) -> list[Indicator] | None:
    """Indicators from a table's own target / actual / completion-rate / share columns, when it
    has them and they say something; None to fall back to reading the progress text."""
    actual_cell = cells.get(columns.ACTUAL)
    rate_cell = cells.get(columns.COMPLETION) or cells.get(columns.SHARE)
    if not targets or (actual_cell is None and rate_cell is None):
        return None
    indicators: list[Indicator] = []
    for found in targets:
        quantity: Quantity | None = None
        via_rate = False
        evidence = None
        if actual_cell and len(targets) == 1:
            quantity = parse_quantity(actual_cell, default_unit=found.quantity.unit)
            evidence = actual_cell
        if quantity is None and rate_cell and len(targets) == 1:
            rate = parse_quantity(rate_cell.rstrip("%％") + "%")
            if rate is not None:
                quantity, via_rate, evidence = rate, True, rate_cell
        if quantity is None:
            if rate_cell and re.search(r"已完成|完成", rate_cell) and len(targets) == 1:
                indicators.append(Indicator(found.metric, found.kind, _target_model(found), None,
                                            None, "completed", Evidence(found.evidence, rate_cell),
                                            note=notes.STATED_COMPLETE))
                continue
            return None
        if not via_rate and quantity.family != found.quantity.family and \
                not (quantity.family == "" or found.quantity.family == ""):
            return None
        judgement = judge(found, quantity, period, via_completion_rate=via_rate)
        indicators.append(Indicator(found.metric, found.kind, _target_model(found),
                                    Actual(quantity.value, quantity.unit), judgement.ratio,
                                    judgement.status, Evidence(found.evidence, evidence),
                                    note=judgement.note))
    return indicators


def assess_task(task: Task, period: Period) -> Task:
    """The task with its indicators and automatic status (overrides are applied later)."""
    cells = _structured_columns(task)
    if columns.TARGET in cells:
        targets = find_targets(cells[columns.TARGET], fallback_metric=task.title)
    else:
        targets = find_targets(task.title)
    indicators = _column_indicators(task, targets, cells, period)
    if indicators is None:
        indicators = _text_indicators(targets, task.progress_text, period)
    status = worst_status(indicator.status for indicator in indicators)
    return replace(task, indicators=tuple(indicators), status=status, auto_status=None,
                   override=None)
