"""Read a PDF summary back, task by task, for `check`: the rows of its 全部任务 table.

pypdf reports each piece of text with where it is drawn. A page's table is found by its header
row (序号 任务名称 牵头单位 进展情况 状态, repeated on every page), which also gives each
column's left edge; every piece of text after it on that page belongs to the column whose edge
is nearest to its left, and a piece in the first column after pieces in later ones starts the
next row (a table draws its rows in order, each cell in turn). Text before a page's header (the
running header, the page number, headings, the other tables) is not part of any row. A row
continued from the page before (a task longer than a page) has （续） under its number and is
joined to the row it continues.

The progress cell holds the task's text and then the table's other columns, one per line, so a
record's text must start with the task's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..records import TaskRecord, squeeze
from .document import ALL_COLUMNS, CONTINUED
from .glyphs import glyphless_characters

_LABELS = [squeeze(name) for name, _width in ALL_COLUMNS]
_TOLERANCE = 1.0  # points: text set at a column's padding, measured the same way


def _pieces(page: Any) -> list[tuple[float, float, str]]:
    """(x, y, text) of every line of text on a page, in drawing order. pypdf reports a line in
    one or more pieces (versions differ), each with where its line starts: those are joined."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if not text or text.isspace():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if pieces and abs(pieces[-1][0] - x) < 0.01 and abs(pieces[-1][1] - y) < 0.01 \
                and not pieces[-1][2].endswith("\n"):
            pieces[-1] = (x, y, pieces[-1][2] + text)
        else:
            pieces.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return pieces


def _header_at(pieces: list[tuple[float, float, str]], index: int) -> list[float] | None:
    """The columns' left edges if the all-tasks header row starts at piece `index`."""
    window = pieces[index:index + len(_LABELS)]
    if len(window) < len(_LABELS) or [squeeze(text) for _x, _y, text in window] != _LABELS:
        return None
    return [x for x, _y, _text in window]


def read_tasks(path: Path) -> list[TaskRecord]:
    from pypdf import PdfReader

    rows: list[tuple[list[list[str]], int]] = []
    for number, page in enumerate(PdfReader(str(path)).pages, start=1):
        pieces = _pieces(page)
        edges: list[float] | None = None
        current: list[list[str]] | None = None
        last_column = -1
        index = 0
        while index < len(pieces):
            header = _header_at(pieces, index)
            if header is not None:
                edges, current, last_column = header, None, -1
                index += len(_LABELS)
                continue
            x, _y, text = pieces[index]
            index += 1
            if edges is None or x < edges[0] - _TOLERANCE:
                continue
            column = max(i for i, edge in enumerate(edges) if x >= edge - _TOLERANCE)
            if current is None or (column == 0 and last_column > 0):
                current = [[] for _ in edges]
                rows.append((current, number))
            current[column].append(text)
            last_column = column
    return _records(rows)


def _records(rows: list[tuple[list[list[str]], int]]) -> list[TaskRecord]:
    records: list[TaskRecord] = []
    continued = squeeze(CONTINUED)
    for cells, page in rows:
        number, title, lead, text = ("".join(cell) for cell in cells[:4])
        plain = squeeze(number)
        if plain.endswith(continued) and records and \
                squeeze(records[-1].id) == plain[: -len(continued)]:
            before = records[-1]
            records[-1] = TaskRecord(before.id, before.title + title, before.lead + lead,
                                     before.text + text, "start", before.where)
            continue
        records.append(TaskRecord(number, title, lead, text, "start", f"page {page}"))
    return records


def file_problems(path: Path) -> list[str]:
    """One line naming the characters the PDF draws without a glyph (boxes), if there are any."""
    missing = glyphless_characters(path)
    if not missing:
        return []
    shown = "、".join(f"{char}（第{page}页）" for char, page in list(missing.items())[:10])
    more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    return [f"{len(missing)} character(s) drawn without a glyph (shown as boxes): {shown}{more}"]
