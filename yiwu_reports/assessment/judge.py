"""Judge one indicator against the time-proportional schedule (序时进度), by gold/GUIDE.md.

- cumulative: ratio = actual / target after unit normalisation; >= 1 completed, >= the elapsed
  share of the year on_track, below it lagging;
- rate: the actual growth (or fall) compared directly with the target: met → on_track while the
  year runs and completed in a full-year report, not met → lagging;
- level: compared directly: met → completed when the text says it is settled (已提升至, 已实现),
  on_track when it is a running level (截至9月底…达95%), not met → lagging;
- a checkpoint already past (一季度达到30% in a Q3 report) cannot be judged from a Q3 figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.model import Period
from . import notes
from .quantities import Quantity
from .targets import FoundTarget

_SETTLED = re.compile(r"已|完成|实现|全部|(?<!平)均|达成")
# A level measured so far this year, not settled for it (1-9月PM2.5平均浓度为28.5).
_RUNNING = re.compile(r"截至|截止|目前|当前|月底|月末|\d+\s*[-—–~至]\s*\d+\s*月|前三季度|上半年|一季度")
_EPSILON = 1e-9


# Hashable and compared by value like a frozen dataclass, but not frozen: a frozen
# dataclass's __init__ costs four times as much, and several of these are made for every
# task. Nothing changes one once it is made.
@dataclass(unsafe_hash=True)
class Judgement:
    status: str
    ratio: float | None
    note: str = ""


def _met(value: float, target: float, op: str) -> bool:
    if op == "<=":
        return value <= target + _EPSILON
    if op == "==":
        return abs(value - target) <= _EPSILON * max(1.0, abs(target))
    return value >= target - _EPSILON


def judge(target: FoundTarget, actual: Quantity, period: Period, *, negative: bool = False,
          via_completion_rate: bool = False, settled_text: str = "") -> Judgement:
    """The status of one indicator whose actual figure is known."""
    elapsed = period.elapsed
    if target.milestone is not None and target.milestone < period.last_month:
        return Judgement("unknown", None, notes.PAST_CHECKPOINT)
    if via_completion_rate:
        ratio = actual.value / 100
        return Judgement(_cumulative_status(ratio, elapsed), round(ratio, 3),
                         notes.SHARE_OF_TARGET)
    if {target.quantity.family, actual.family} == {"cny", "usd"}:
        return _currency_mismatch(target, actual)
    if target.kind == "rate":
        value = actual.value
        if target.decline:
            value = value if negative else -value
        elif negative:
            value = -value
        if not _met(value, target.quantity.value, target.op):
            return Judgement("lagging", None)
        # Met: on schedule while the year runs; a full-year report settles it (GUIDE).
        return Judgement("completed" if period.last_month == 12 else "on_track", None)
    if target.kind == "cumulative" and target.op != "<=":
        if target.quantity.base <= 0:
            return Judgement("unknown", None, notes.ZERO_TARGET)
        ratio = actual.base / target.quantity.base
        status = _cumulative_status(ratio, elapsed)
        if target.milestone is not None and target.milestone == period.last_month:
            status = "completed" if ratio >= 1 - _EPSILON else "lagging"
        return Judgement(status, round(ratio, 3))
    # level (and cumulative caps such as 控制在…以内): compare directly
    met = _met(actual.base, target.quantity.base, target.op)
    if not met:
        return Judgement("lagging", None)
    due_now = target.milestone is not None and target.milestone == period.last_month
    # A running total (累计330亿元) that has passed its mark stays passed: settled.
    settled = due_now or period.last_month == 12 or "累计" in target.evidence or (
        _SETTLED.search(settled_text) is not None and _RUNNING.search(settled_text) is None)
    return Judgement("completed" if settled else "on_track", None)


def _cumulative_status(ratio: float, elapsed: float) -> str:
    if ratio >= 1 - _EPSILON:
        return "completed"
    if ratio >= elapsed - _EPSILON:
        return "on_track"
    return "lagging"


def _currency_mismatch(target: FoundTarget, actual: Quantity) -> Judgement:
    """万元 against 万美元: no exchange rate is assumed. A dollar figure at least as large as a yuan
    target meets it at any rate (a dollar is worth more than a yuan); otherwise say so."""
    if target.quantity.family == "cny" and actual.base >= target.quantity.base:
        return Judgement("completed", None, notes.CURRENCY_MET)
    return Judgement("unknown", None, notes.CURRENCY_UNKNOWN)
