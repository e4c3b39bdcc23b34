"""What a format reader hands on: tables as rows of cell strings, with the facts about merged
cells that only the format knows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawRow:
    """One row as a format reader saw it: its 1-based number in the file and its cells."""

    number: int
    cells: list[str]
    merged_above: frozenset[int] = frozenset()
    """Columns (0-based) whose cell is merged with the cell above (a vertical merge the reader
    filled in): where that is the task cell, the row continues the task above."""


@dataclass
class RawTable:
    """One table of a file: a sheet of a workbook, a table of a Word document or a web page, or
    the whole of a text file."""

    rows: list[RawRow]
    name: str = ""
    """The sheet's name, or the heading of a Word or web table; "" for a text file."""
    title: str = ""
    """A title found outside the grid (the paragraph above a Word table, a page's <h1>), used
    when the table has no title row of its own."""
    metadata: list[tuple[str, str]] = field(default_factory=list)
    """Metadata lines found outside the grid (a Word document's 填报单位：… paragraph)."""
    notes: list[str] = field(default_factory=list)
    """What the reader noticed and the user should know (one line each)."""
    announce_if_skipped: bool = False
    """True for a workbook's sheet: said when it holds no progress table (a Word document's or
    a page's layout tables are passed over without a word)."""
    hidden: bool = False
    """A hidden (or very hidden) sheet: read like any other, and said when it holds a table."""
