"""One text as the assessment reads it, worked out once and shared by every step that reads it.

A task's text (its title, a target cell) and its progress are each read by several steps in turn:
the targets, the reported figures, the statements that a target is reached, the sites named as
built. Each step needs the same things: the text with full-width digits made half-width, where
its clauses and sentences start and end, which spans are names in quotation marks, its period
words, and the quantities in it. `text_view` works them out once per text and keeps the views of
the last texts read, so that the steps reading one task share one view.

Each quantity of a text has a stable index: its position in `TextView.quantities`. A step that
uses a quantity, or sets one aside, can name it by that index (`TextView.index_of` finds it for a
quantity a step has changed, by its place in the text), so that every quantity of a task can be
accounted for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

from .quantities import Quantity, find_quantities, to_halfwidth
from .text import Bounds, QuoteIndex, clauses_of, sentences_of
from .timing import period_marks

_T = TypeVar("_T")


class _once(Generic[_T]):
    """A value of a view worked out on first use, then kept in the view's __dict__, where the
    next lookups find it before this descriptor. functools.cached_property does the same, but
    on Python 3.11 takes a lock each first time, which costs about what the work here does; the
    value is the text's alone, so two threads that both work it out keep the same."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, view: None, owner: type) -> _once[_T]: ...

    @overload
    def __get__(self, view: object, owner: type | None = None) -> _T: ...

    def __get__(self, view: object, owner: type | None = None) -> _T | _once[_T]:
        if view is None:
            return self
        value = view.__dict__[self.name] = self.compute(view)
        return value


# Only the text and its quantities are worked out when the view is made: every reading needs
# them. The rest is worked out on first use and then kept on the view (`_once` writes to the
# instance's __dict__, past the frozen __setattr__): a title with no figure in it never needs
# its clauses, a title without a goal over several years never its sentences, and together
# they take about half as long to find as the quantities do.
@dataclass(frozen=True, eq=False, init=False)
class TextView:
    """A text with what every step of the assessment reads in it."""

    original: str
    """The text as written: evidence is quoted from it."""
    text: str
    """The text with full-width digits, signs and Latin letters half-width (`to_halfwidth`): the
    same length, so that a position in one is the same position in the other."""
    quantities: tuple[Quantity, ...]
    """Every quantity in the text (`find_quantities` of `text`, so each one's `text` is written
    half-width), in order. A quantity's index in this tuple names it for the whole assessment
    of the text."""

    def __init__(self, original: str, text: str, quantities: tuple[Quantity, ...]) -> None:
        # The frozen dataclass's own __init__ sets each field through object.__setattr__, at
        # twice the cost of setting them here; a view is made for every text assessed.
        fields = self.__dict__
        fields["original"] = original
        fields["text"] = text
        fields["quantities"] = quantities

    @_once
    def clauses(self) -> Bounds:
        """Where the clauses of `text` end (commas, full stops, semicolons, line breaks)."""
        return clauses_of(self.text)

    @_once
    def sentences(self) -> Bounds:
        """Where the sentences of `text` end (full stops, semicolons, ! ?, line breaks)."""
        return sentences_of(self.text)

    @_once
    def quotes(self) -> QuoteIndex:
        """The spans in quotation marks or a document title's brackets: names, not figures."""
        return QuoteIndex(self.text)

    @_once
    def period_marks(self) -> list[re.Match[str]]:
        """The period words of the text (1-8月, 上半年, 月均 …), in order (`timing`)."""
        return period_marks(self.text)

    @_once
    def _index(self) -> dict[tuple[int, int], int]:
        return {(quantity.start, quantity.end): index
                for index, quantity in enumerate(self.quantities)}

    def clause(self, position: int) -> tuple[int, int]:
        """(start, end) of the clause around `position`."""
        return self.clauses.around(position)

    def sentence(self, position: int) -> tuple[int, int]:
        """(start, end) of the sentence around `position`."""
        return self.sentences.around(position)

    def quoted(self, position: int) -> bool:
        """Whether `position` is inside quotation marks or a document title (a name)."""
        return self.quotes.inside(position)

    def index_of(self, quantity: Quantity) -> int | None:
        """The index of the text's quantity at the same place as `quantity` (which a step may
        have read again: 4-5家 as at least 4, 1.5万 before 老年人 as 1.5万人); None for a figure
        only one reading finds (a bare number, the part of a fraction)."""
        return self._index.get((quantity.start, quantity.end))


@lru_cache(maxsize=256)
def text_view(text: str) -> TextView:
    """The view of `text`, made once: the last texts' views are kept, as the steps that assess a
    task each read its title and its progress in turn."""
    normal = to_halfwidth(text)
    return TextView(text, normal, tuple(find_quantities(normal)))
