"""What a document says about each task, read back from the file: the common shape every format's
read-back hook returns, for `check`.

Each format that can be checked registers a module (`FormatEntry.readback`) with a function
`read_tasks(path) -> list[TaskRecord]`: one record per task row or paragraph of the document, in
document order, read with a library independent of the renderer's own code path (python-docx,
openpyxl, pypdf, json). A file that cannot be read raises; the checker reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# White space (documents wrap lines anywhere) and invisible format characters (bidi controls,
# zero-width joiners), which a document may drop without losing any text.
_SPACE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+")

TextMatch = Literal["whole", "start", "cut"]
"""How a record's text stands to the task's progress text:

- whole: the same text;
- start: the task's text, then more (the PDF adds the table's other columns below it);
- cut: the start of the task's text (the briefing's annex shortens it; a workbook cell cuts text
  beyond Excel's limit), at least `MIN_CUT` characters of it."""

MIN_CUT = 20
"""A cut text must keep at least this many characters (or all of a shorter text)."""


def squeeze(text: str) -> str:
    """`text` without white space and invisible format characters, as compared."""
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class TaskRecord:
    """One task as one row or paragraph of a document shows it."""

    id: str
    title: str
    lead: str
    text: str
    """The progress text as the document holds it (see `match`)."""
    match: TextMatch = "whole"
    where: str = ""
    """Where in the document, for messages: 'row 12', 'page 3'."""
