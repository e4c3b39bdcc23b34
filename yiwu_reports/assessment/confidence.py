"""How sure a judgement is: `certain`, or `review` with the reasons a person should look.

An indicator is `review` when its figure was chosen among several that came close, its units
differ from the target's (家 against 个, a bare figure read in the target's unit), it rests on an
estimate or on an earlier month's figure, it is a range the target falls in, a table's rate column
disagrees with the figures beside it, or the text says the target is reached without a figure.
A task is `review` when any of its indicators is, when it is judged completed while one of its
numeric targets could not be assessed, or when the table's own verdict (是否达序时) disagrees.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..core.model import Indicator, Verdict
from ..text.quotes import quote
from . import notes
from .quantities import Quantity, unit_family

if TYPE_CHECKING:
    from .actuals import Candidate, Match
    from .targets import FoundTarget

_MAGNITUDES = ("万亿", "千万", "百万", "万", "亿", "千")


class Review:
    """The reasons gathered while an indicator is judged."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def mark(self, reason: str) -> Review:
        if reason and reason not in self.reasons:
            self.reasons.append(reason)
        return self

    def units(self, target: Quantity, actual: Quantity) -> Review:
        """Mark counting words that differ (家 against 个): comparable, but worth a look."""
        t_unit, a_unit = _bare_unit(target.unit), _bare_unit(actual.unit)
        if not a_unit and t_unit and not actual.magnitude_only:
            return self.mark(notes.REVIEW_BARE_FIGURE)
        if t_unit and a_unit and t_unit != a_unit and target.family != "percent" and \
                unit_family(t_unit) == unit_family(a_unit):
            return self.mark(notes.REVIEW_UNITS.format(target=t_unit, actual=a_unit))
        return self

    @classmethod
    def of_figure(cls, found: FoundTarget, candidate: Candidate, match: Match,
                  judgement_note: str) -> Review:
        """The reasons to look at a figure chosen from the progress text."""
        review = cls()
        timing = candidate.timing
        if timing.estimate:
            review.mark(notes.REVIEW_ESTIMATE)
        if timing.kind == "earlier" and found.kind == "cumulative":
            # (a growth rate or a level is read from the latest month reported, by the GUIDE;
            # an amount of an earlier month says little of the period's)
            review.mark(notes.REVIEW_EARLIER.format(word=timing.word))
        if match.rivals:
            review.mark(notes.REVIEW_RIVALS)
        quantity = candidate.quantity
        if quantity.low is not None and _inside(found, quantity):
            review.mark(notes.REVIEW_RANGE.format(text=quantity.text))
        if not match.via_completion_rate:
            review.units(found.quantity, quantity)
        if judgement_note in (notes.CURRENCY_MET, notes.CURRENCY_UNKNOWN):
            review.mark(notes.REVIEW_CURRENCY)
        return review

    def apply(self, indicator: Indicator) -> Indicator:
        """The indicator marked for review with these reasons after any it already has."""
        if not self.reasons:
            return indicator
        earlier = [r for r in indicator.confidence_reason.split("；") if r] \
            if indicator.confidence_reason else []
        reasons = earlier + [r for r in self.reasons if r not in earlier]
        return replace(indicator, confidence="review", confidence_reason="；".join(reasons))


def _bare_unit(unit: str) -> str:
    for magnitude in _MAGNITUDES:
        if unit.startswith(magnitude) and len(unit) > len(magnitude):
            return unit[len(magnitude):]
    return "" if unit in _MAGNITUDES else unit


def _inside(found: FoundTarget, quantity: Quantity) -> bool:
    """Whether the target's value falls within a range figure (then its two ends judge apart)."""
    assert quantity.low is not None
    factor = quantity.base / quantity.value if quantity.value else 1.0
    target = found.quantity.base
    if found.kind == "cumulative":
        return quantity.low * factor < target * 1.0 <= quantity.base or False
    return quantity.low * factor < target < quantity.base


def task_confidence(indicators: list[Indicator], status: str, verdict: Verdict | None,
                    disagrees: bool) -> tuple[str, str, list[Indicator]]:
    """The task's confidence and reason, and its indicators with the notes the task's status
    adds (a completed task's target that was not assessed says so). `disagrees`: the office's
    `verdict` contradicts `status`."""
    reasons: list[str] = []
    for indicator in indicators:
        if indicator.confidence == "review":
            reasons.append(f"{indicator.metric}：{indicator.confidence_reason}")
    if status == "completed":
        unassessed = [i for i in indicators if i.status == "unknown"]
        if unassessed:
            indicators = [replace(i, note=_join(i.note, notes.NOT_ASSESSED_BUT_DONE),
                                  confidence="review",
                                  confidence_reason=_join(i.confidence_reason,
                                                          notes.NOT_ASSESSED_BUT_DONE))
                          if i.status == "unknown" else i for i in indicators]
            reasons.append(notes.REVIEW_PARTLY_ASSESSED.format(
                metrics="、".join(f"{i.metric}（{i.target.value:g}{i.target.unit}）"
                                 for i in unassessed)))
    if verdict is not None and disagrees:
        reasons.append(notes.REVIEW_VERDICT.format(header=quote(verdict.header),
                                                   value=quote(verdict.text)))
    if not reasons:
        return "certain", "", indicators
    return "review", "；".join(reasons), indicators


def _join(first: str, second: str) -> str:
    return f"{first}；{second}" if first else second
