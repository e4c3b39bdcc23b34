"""The quotation marks of every generated text, in this one place (GB/T 15834-2011 4.3).

Text we write quotes with “” and, inside a quotation, with ‘’; a third level goes back to “”. A
quoted span keeps every other character as written: 「」 appears in a document only when the input
itself has it.
"""

from __future__ import annotations

OPEN = "“"
"""Opening double quotation mark (the outer level)."""
CLOSE = "”"
"""Closing double quotation mark."""
INNER_OPEN = "‘"
"""Opening single quotation mark (a quotation inside a quotation)."""
INNER_CLOSE = "’"
"""Closing single quotation mark."""

_ONE_LEVEL_DOWN = str.maketrans({OPEN: INNER_OPEN, CLOSE: INNER_CLOSE,
                                 INNER_OPEN: OPEN, INNER_CLOSE: CLOSE})


def nest(text: str) -> str:
    """`text` as it stands inside a “” quotation: its own “” become ‘’ and its ‘’ become “”."""
    return text.translate(_ONE_LEVEL_DOWN)


def quote(text: str) -> str:
    """“text”, the quotation marks inside it nested (`nest`)."""
    return f"{OPEN}{nest(text)}{CLOSE}"
