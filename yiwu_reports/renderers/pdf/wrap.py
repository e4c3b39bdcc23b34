"""Chinese line breaking for reportlab paragraphs.

reportlab's CJK wrap (``wordWrap='CJK'``) breaks between any two characters and knows only the
Japanese list of characters that may not start a line: a Chinese full-width comma (，), semicolon,
colon, closing quote or book-title mark can start a line, an opening bracket can end one, and a
number such as 122.62 or 15% can be cut in two. `CJKParagraph` breaks lines by the usual Chinese
rules instead:

- closing punctuation (，。、；：！？）》」”…) never starts a line, opening punctuation (（《「“)
  never ends one: the character before is moved down with it (push-out, so nothing hangs past the
  cell edge);
- a run of Latin letters and digits (122.62, 15%, PM2.5, 2.0) is kept whole when the line has an
  earlier place to break; a run longer than a line is broken where it must;
- a line does not start with a space.

It also measures each character once per font and size (a dict lookup, not a call into
stringWidth for every character), which matters on a 10,000-row table.
"""

from __future__ import annotations

from typing import Any, Sequence

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph

from .reportlab_private import FUZZ, FragLine, ParaLines, kept_lines

# 避头: may not start a line. 避尾: may not end a line.
CANNOT_START = frozenset("，。、；：！？）》〉」』】〕］｝〗”’…‥—～·%％‰℃°′″,.;:!?)]}"
                         "々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー゛゜ヽヾゝゞ")
CANNOT_END = frozenset("（《〈「『【〔［｛〖“‘([{￥$£€#")
# Characters of a Latin/number run that should stay on one line (12.5%, PM2.5, 2023-09, A/B).
_WORD_EXTRA = frozenset(".,%‰:/-_+@#&'·")
_SPACES = frozenset(" \u3000\t")

_widths: dict[tuple[str, float], dict[str, float]] = {}


def _is_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in _WORD_EXTRA)


def can_break(before: str, after: str) -> bool:
    """True when a line may end after `before` and the next start with `after`."""
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if _is_word(before) and _is_word(after):
        return False
    # Doubled dashes and ellipses (——, ……) are one mark.
    return not (before == after and before in "—…")


def _kinsoku_only(before: str, after: str) -> bool:
    """The punctuation rules alone: for a Latin run too long to keep whole."""
    return after not in CANNOT_START and before not in CANNOT_END


def break_point(chars: Sequence[str], start: int, overflow: int) -> int:
    """Where to end a line that runs from `start` and overflows at `overflow`: the index of the
    first character of the next line. Backs off to the nearest allowed break; when there is none
    on the line, relaxes the rules rather than overflow."""
    for rule in (can_break, _kinsoku_only):
        for at in range(overflow, start, -1):
            if rule(chars[at - 1], chars[at]):
                return at
    return overflow


def char_widths(text: str, font: str, size: float) -> list[float]:
    """The advance width of each character of `text`, measured once per font, size and
    character (a dict lookup after the first time)."""
    table = _widths.get((font, size))
    if table is None:
        table = _widths[(font, size)] = {}
    out = []
    for char in text:
        width = table.get(char)
        if width is None:
            width = table[char] = stringWidth(char, font, size)
        out.append(width)
    return out


Span = tuple[int, int, float, bool]
"""A line: first character, end (exclusive), width, and whether an explicit break ends it."""


def break_spans(chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float],
                hard: frozenset[int] | set[int] = frozenset()) -> list[Span]:
    """Lines of at most `max_widths` (one per line, the last repeating) by the rules above.
    `hard` holds the indices of explicit line breaks (kept as the last character of a line)."""
    spans: list[Span] = []
    count, last = len(chars), len(max_widths) - 1
    start = index = 0
    used = 0.0
    limit = max_widths[0] + FUZZ
    while index < count:
        if index in hard:
            spans.append((start, index + 1, used, True))
            start = index = index + 1
            used = 0.0
            limit = max_widths[min(len(spans), last)] + FUZZ
            continue
        width = widths[index]
        if used + width > limit and index > start:
            stop = break_point(chars, start, index)
            spans.append((start, stop, sum(widths[start:stop]), False))
            start = stop
            while start < count and chars[start] in _SPACES:
                start += 1
            index, used = start, 0.0
            limit = max_widths[min(len(spans), last)] + FUZZ
            continue
        used += width
        index += 1
    if start < count or not spans:
        spans.append((start, count, sum(widths[start:count]), False))
    return spans


def wrap_text(text: str, font: str, size: float, width: float) -> list[tuple[str, float]]:
    """Plain `text` broken into lines (text, width) no wider than `width`; a newline in the text
    always starts a new line."""
    lines: list[tuple[str, float]] = []
    for paragraph in text.split("\n"):
        widths = char_widths(paragraph, font, size)
        for start, stop, used, _hard in break_spans(paragraph, widths, (width,)):
            lines.append((paragraph[start:stop], used))
    return lines


def _line(frags: Sequence[Any], chars: list[str], owner: list[int], span: Span,
          max_width: float) -> FragLine:
    """A FragLine (the structure reportlab's CJK wrap makes) for one span of characters."""
    start, stop, used, line_break = span
    words = []
    size = ascent = 0.0
    descent = 0.0
    index = start
    while index < stop:
        which = owner[index]
        end = index
        while end < stop and owner[end] == which:
            end += 1
        frag = frags[which]
        up, down = getAscentDescent(frag.fontName, frag.fontSize)
        size, ascent, descent = max(size, frag.fontSize), max(ascent, up), min(descent, down)
        word = frag.clone()
        word.text = "".join(chars[index:end])
        words.append(word)
        index = end
    return FragLine(kind=1, extraSpace=max_width - used, wordCount=1, words=words, fontSize=size,
                    ascent=ascent, descent=descent, maxWidth=max_width, currentWidth=used,
                    lineBreak=line_break)


def cjk_lines(frags: Sequence[Any], max_widths: Sequence[float]) -> ParaLines:
    """Break paragraph fragments into lines no wider than `max_widths` by the rules above."""
    chars: list[str] = []
    widths: list[float] = []
    owner: list[int] = []
    hard: set[int] = set()
    for number, frag in enumerate(frags):
        if getattr(frag, "lineBreak", False):
            hard.add(len(chars))
            chars.append("")
            widths.append(0.0)
            owner.append(number)
            continue
        chars.extend(frag.text)
        widths.extend(char_widths(frag.text, frag.fontName, frag.fontSize))
        owner.extend([number] * len(frag.text))
    spans = break_spans(chars, widths, max_widths, hard)
    last = len(max_widths) - 1
    return ParaLines(kind=1, lines=[_line(frags, chars, owner, span, max_widths[min(i, last)])
                                    for i, span in enumerate(spans)])


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of at most `width` points, cut and ended with … when too long (for
    chart labels and the running header, where wrapping is not an option)."""
    text = " ".join(text.split())
    widths = char_widths(text, font, size)
    if sum(widths) <= width:
        return text
    room = width - stringWidth("…", font, size)
    used, keep = 0.0, 0
    for keep, advance in enumerate(widths):
        if used + advance > room:
            break
        used += advance
    return text[:keep] + "…"


class CJKParagraph(Paragraph):
    """A Paragraph broken into lines by the Chinese rules of `cjk_lines` (set wordWrap='CJK' on
    its style). Falls back to reportlab's own breaking for images, bullets and end dots."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        kept = kept_lines(self)
        if kept is not None:
            return kept  # a piece of a split paragraph keeps its lines
        frags = self.frags
        special = (not frags or self.bulletText or self.style.endDots
                   or getattr(self.style, "autoLeading", "") not in ("", "off", None)
                   or any(hasattr(f, "cbDefn") for f in frags))
        if special:
            return super().breakLinesCJK(maxWidths)
        return cjk_lines(frags, maxWidths)
