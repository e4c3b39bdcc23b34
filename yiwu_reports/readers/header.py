"""Find a table's header, however many rows it takes, and sort the lines above it into title and
metadata.

A header is found by its column names (`columns`). Offices often give it two rows, with
序号/任务名称/牵头单位 merged down and 推进情况 spanning 三季度进展情况 and 存在问题; the header is then
all its rows, each column named by its parts joined with "/" (推进情况/三季度进展情况), and no
header row is ever read as a task. Lines above the header are the title, except those that are
metadata (填报单位：…, 填报日期：…, 单位：万元, 制表：…, 附件1), which are kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.cell_html import cell_text, clean_text
from ..text.chinese_script import simplify_common
from . import columns
from .rows import RawRow

# How far down a table its header may be (title rows, blank rows, a unit line above it).
HEADER_SEARCH_ROWS = 30
# A header takes at most this many rows.
MAX_HEADER_ROWS = 3
# A header cell is short; a longer cell is data.
MAX_HEADER_CHARS = 24
JOIN = "/"

_ANCHORS = (columns.ID, columns.TITLE, columns.TARGET, columns.PLACE)
_RESULTS = (columns.LEAD, columns.PROGRESS, columns.ACTUAL, columns.SHARE, columns.COMPLETION,
            columns.VERDICT)
_DATA_LIKE = re.compile(r"^[\s\d.,，%％+\-－—/]*$|^\d+[.．、]")
_META_LABELS = ("填报单位|填报日期|填报时间|填报人|填表单位|填表日期|填表人|报送单位|报送日期|报送时间|"
                "计量单位|金额单位|数量单位|单位|制表单位|制表日期|制表时间|制表人|制表|审核单位|审核人|审核|"
                "联系人|联系电话|电话|统计截止时间|统计时间|统计日期|截止时间|截止日期|数据截止|数据截至|统计期|"
                "报告期|签发人|签发|主要负责人|负责人|日期|时间")
_META = re.compile(rf"[（(]?\s*({_META_LABELS})\s*[:：]\s*")
_ANNEX = re.compile(r"^\s*(附件|附表)\s*([0-9０-９一二三四五六七八九十]*)\s*[:：、.．]?\s*")
_TITLE_MARK = re.compile(r"^\s*#+\s*")
# A section heading (一、扩大有效投资, （二）, 第三部分): a group, not a title.
SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[部分章篇])")


@dataclass
class Header:
    """Where a table's header is (indexes into its rows) and the name of each column."""

    start: int
    end: int
    """Index of the header's last row; data starts after it."""
    names: list[str]
    """Each column's name: the header text as written, parts of a multi-row header joined by
    "/" (推进情况/三季度进展情况)."""
    by_names: bool = True
    """False when no row names the columns in words we know: the header is a row of short
    labels over longer cells (民生实事 | 推进情况), or there is none (`end` < `start`: the
    columns are named 列1, 列2 … and every role comes from the cells)."""

    @property
    def number(self) -> int:
        """How many rows the header takes."""
        return self.end - self.start + 1


def _roles(cells: Sequence[str]) -> dict[str, list[int]]:
    return columns.role_candidates([cell if len(cell) <= 4 * MAX_HEADER_CHARS else ""
                                    for cell in cells])


def header_score(cells: Sequence[str]) -> int:
    """How much a row looks like a table's header: the number of roles its cells name, or 0 when
    it does not name both something that makes a task (序号, 任务, 目标, 县区) and something said of
    it (牵头单位, 进展, 完成数, 完成率, 是否达到序时进度); a lead unit and a progress column are
    enough."""
    roles = _roles(cells)
    named = {index for found in roles.values() for index in found}
    if len(named) < 2:
        return 0
    if not any(role in roles for role in _ANCHORS) and not (
            columns.LEAD in roles and columns.PROGRESS in roles):
        return 0  # (a lead and a progress column name a table whose task column we cannot read)
    if not any(role in roles for role in _RESULTS):
        return 0
    return len(roles)


def _values(cells: Sequence[str]) -> list[str]:
    found: list[str] = []
    for cell in cells:
        text = cell.strip()
        if text and text not in found:
            found.append(text)
    return found


def _header_like(cell: str) -> bool:
    name = columns.normalise_header(cell)
    return 0 < len(name) <= MAX_HEADER_CHARS and not _DATA_LIKE.match(cell.strip())


def _spans(cells: Sequence[str], index: int, below: Sequence[str]) -> bool:
    """True when the header cell at `index` spans several columns: the same text in the next or
    previous cell (a merged cell filled in), or empty cells after it over named cells below."""
    text = cells[index].strip()
    if not text:
        return False
    for other in (index - 1, index + 1):
        if 0 <= other < len(cells) and cells[other].strip() == text:
            return True
    following = index + 1
    return (following < len(cells) and not cells[following].strip()
            and following < len(below) and bool(below[following].strip()))


def _continues(upper: Sequence[str], cells: Sequence[str], id_column: int | None) -> bool:
    """True when a row with `cells` is another row of the header whose row above is `upper`:
    every cell is a short name, none is a task number, and each name it adds stands under a
    blank or spanning cell (or is a column name itself)."""
    values = [cell for cell in cells if cell.strip()]
    if not values or not all(_header_like(cell) for cell in values):
        return False
    if id_column is not None and id_column < len(cells):
        below = cells[id_column].strip()
        above = upper[id_column].strip() if id_column < len(upper) else ""
        if below and below != above:
            return False  # a number in the 序号 column: a task row
    for index, cell in enumerate(cells):
        text = cell.strip()
        above = upper[index].strip() if index < len(upper) else ""
        if not text or text == above:
            continue  # blank, or merged down from the row above
        if above and not _spans(upper, index, cells) and columns.role_of(text) is None:
            return False  # a different value under a plain header cell: data
    return True


def _grouped_above(rows: Sequence[RawRow], index: int) -> bool:
    """True when the row above the header row `index` holds group names over its columns
    (基本情况 over 序号 and 任务, 推进情况 over 三季度进展情况 and 存在问题)."""
    if index == 0:
        return False
    cells = rows[index - 1].cells
    below = rows[index].cells
    values = _values(cells)
    if len(values) < 2 or not all(_header_like(value) for value in values):
        return False
    if any(_META.search(value) for value in values):
        return False
    return any(_spans(cells, i, below) for i in range(len(cells)))


def find_header(rows: Sequence[RawRow]) -> Header | None:
    """The table's header, or None when the first rows name no task columns."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(row.cells)
        if score and (best is None or score > best[1]):
            best = (index, score)
            if score >= 3:
                break
    if best is None:
        return None
    start = end = best[0]
    id_found = _roles(rows[start].cells).get(columns.ID)
    id_column = id_found[0] if id_found else None
    while (end + 1 < len(rows) and end - start + 1 < MAX_HEADER_ROWS
           and _continues(rows[end].cells, rows[end + 1].cells, id_column)):
        end += 1
    while start > 0 and end - start + 1 < MAX_HEADER_ROWS and _grouped_above(rows, start):
        start -= 1
    return Header(start, end, _joined_names(rows[start:end + 1]))


def find_header_by_content(rows: Sequence[RawRow]) -> Header | None:
    """The header of a table whose column names we do not know, from the cells: the first row
    of two or more short labels over a row of longer cells (民生实事 | 推进情况 over the tasks);
    else none at all, the data starting at the first row of two or more cells (columns 列1,
    列2 …). None when no row has two cells (not a table)."""
    filled = [(index, row) for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])
              if sum(1 for cell in row.cells if cell.strip()) >= 2]
    if not filled:
        return None
    for (index, row), (_next_index, below) in zip(filled, filled[1:]):
        labels = _values(row.cells)
        cells = [cell.strip() for cell in below.cells if cell.strip()]
        if labels and all(_header_like(label) and len(columns.normalise_header(label)) <= 12
                          for label in labels) \
                and max(map(len, cells), default=0) > 2 * max(map(len, labels)):
            return Header(index, index, _joined_names([row]), by_names=False)
    first = filled[0][0]
    width = max(len(row.cells) for _index, row in filled)
    return Header(first, first - 1, [f"列{number}" for number in range(1, width + 1)],
                  by_names=False)


def _joined_names(rows: Sequence[RawRow]) -> list[str]:
    """Each column's name from a header of one or more rows: its distinct parts top to bottom.

    In a text table a group name is written once, over the first of its columns; it also names
    the columns after it that are empty in its row and named in the last row."""
    width = max(len(row.cells) for row in rows)
    grid = [[clean_text(cell_text(cell)) for cell in row.cells] + [""] * (width - len(row.cells))
            for row in rows]
    last = grid[-1]
    for line in grid[:-1]:
        for index in range(1, width):
            if not line[index] and line[index - 1] and last[index] and last[index] != line[index - 1]:
                line[index] = line[index - 1]
    names = []
    for index in range(width):
        parts: list[str] = []
        for line in grid:
            part = line[index]
            if part and part not in parts:
                parts.append(part)
        names.append(JOIN.join(parts))
    return names


@dataclass
class AboveHeader:
    """What the lines above a header say: the title and the metadata."""

    title: str
    metadata: list[tuple[str, str]]


def split_above(rows: Sequence[RawRow]) -> AboveHeader:
    """The title lines and the metadata (label, value) of the rows above a header, in order."""
    title_lines: list[str] = []
    metadata: list[tuple[str, str]] = []
    for row in rows:
        values = _values(row.cells)
        if not values:
            continue
        line = _TITLE_MARK.sub("", clean_text(cell_text(" ".join(values))))
        title_part, pairs = split_metadata(line)
        metadata.extend(pairs)
        if title_part:
            title_lines.append(title_part)
    return AboveHeader(clean_text(" ".join(title_lines)), metadata)


def split_metadata(line: str) -> tuple[str, list[tuple[str, str]]]:
    """(title part, metadata pairs) of one line: 「附件1」, 「填报单位：市发改委  填报日期：2023年10月8日」,
    「2023年…汇总表 单位：万元」 (a title, then its unit)."""
    pairs: list[tuple[str, str]] = []
    annex = _ANNEX.match(line)
    if annex and (annex.group(2) or not line[annex.end():].strip()):
        pairs.append((annex.group(1), annex.group(2)))
        line = line[annex.end():]
    # Labels are looked for in a simplified copy (填報單位 is 填报单位; one character for one, so
    # positions hold) and kept as written.
    matches = list(_META.finditer(simplify_common(line)))
    if not matches:
        return line.strip(), pairs
    title = line[:matches[0].start()].strip()
    for position, match in enumerate(matches):
        end = matches[position + 1].start() if position + 1 < len(matches) else len(line)
        value = line[match.end():end].strip()
        if match.group(0)[0] in "（(" and value[-1:] in "）)" \
                and value.count("（") + value.count("(") < value.count("）") + value.count(")"):
            value = value[:-1].strip()  # （单位：万元）
        pairs.append((line[match.start(1):match.end(1)], value))
    return title, pairs


def lines_outside(lines: Sequence[str]) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, name, metadata) from the lines above a table outside its grid (a Word document's
    paragraphs): metadata lines apart; the title is the last other line that is no section
    heading; the name (the group of the table's rows) is the last line."""
    others: list[str] = []
    metadata: list[tuple[str, str]] = []
    for line in lines:
        title_part, pairs = split_metadata(line)
        metadata.extend(pairs)
        if title_part:
            others.append(title_part)
    titles = [line for line in others if not SECTION.match(line)]
    return (titles[-1] if titles else (others[-1] if others else ""),
            others[-1] if others else "", metadata)
