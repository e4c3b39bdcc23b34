"""Build a `Report` from the rows of any tabular input (text table, CSV, XLSX).

The format readers only turn bytes into rows of cell strings; everything about tables as offices
keep them lives here: title rows above the header, the header found by its column names, section
rows (一、扩大有效投资) carried into a group column, blank and note rows skipped, continuation rows
of merged cells joined, and the period read from the title and headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .. import columns
from ..errors import InputError
from ..html_text import XML_INVALID, cell_blocks, cell_text, clean_text
from ..model import Block, Period, Report, Source, Task
from ..period import find_period

# How far down a table its header may be (title rows, blank rows, a unit line above it).
HEADER_SEARCH_ROWS = 30
_NOTE = re.compile(r"^\s*(注|备注|说明|附注|资料来源|数据来源|填报|制表|审核|联系人|填表)\s*[:：、0-9１-９]")
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[部分章篇])")
_TITLE_MARK = re.compile(r"^\s*#+\s*")


@dataclass
class RawRow:
    """One row as a format reader saw it: its 1-based number in the file and its cells."""

    number: int
    cells: list[str]
    continues: bool = False
    """True when the row's id and title cells are merged with the row above (one task, two rows)."""


@dataclass
class TableOptions:
    """What the caller knows about the file: its name for messages, and a period if given."""

    file_name: str
    period: Period | None = None


def _is_blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _distinct_values(cells: Sequence[str]) -> list[str]:
    values: list[str] = []
    for cell in cells:
        text = cell.strip()
        if text and text not in values:
            values.append(text)
    return values


def find_header(rows: Sequence[RawRow]) -> int | None:
    """Index in `rows` of the header row: the first row, near the top, naming a task column and
    a lead or progress column. None when there is none."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        roles = columns.assign_roles([cell for cell in row.cells])
        if columns.TITLE not in roles:
            continue
        score = len(roles)
        if columns.LEAD in roles or columns.PROGRESS in roles or columns.SHARE in roles:
            if best is None or score > best[1]:
                best = (index, score)
            if score >= 3:
                break
    return best[0] if best else None


class _Builder:
    """Turns the data rows under a header into tasks, keeping count of what it cleaned."""

    def __init__(self, headers: list[str], header_row: int, options: TableOptions) -> None:
        self.options = options
        self.header_row = header_row
        self.headers = [clean_text(cell_text(h)) or f"列{i + 1}" for i, h in enumerate(headers)]
        self.roles = columns.assign_roles(self.headers)
        if columns.PROGRESS not in self.roles and columns.REMARKS in self.roles:
            # 民生实事-style tables put the narrative in 备注: it is the progress text there.
            self.roles[columns.PROGRESS] = self.roles.pop(columns.REMARKS)
        self._check_required()
        used = {self.roles[r] for r in (columns.ID, columns.TITLE, columns.LEAD, columns.PROGRESS)
                if r in self.roles}
        self.extra_columns = [i for i in range(len(self.headers)) if i not in used]
        self.tasks: list[Task] = []
        self.removed_characters = 0
        self.group: str | None = None
        self.skipped: list[int] = []

    def _check_required(self) -> None:
        missing = [name for role, name in ((columns.TITLE, "任务名称"), (columns.LEAD, "牵头单位"))
                   if role not in self.roles]
        has_result = any(r in self.roles for r in (columns.PROGRESS, columns.ACTUAL,
                                                   columns.SHARE, columns.COMPLETION))
        if not has_result:
            missing.append("进展情况")
        if missing:
            raise InputError(f"missing required column {'/'.join(missing)}; the header has: "
                             f"{' | '.join(self.headers)}", file=self.options.file_name,
                             row=self.header_row)

    def _cell(self, cells: Sequence[str], role: str) -> str:
        index = self.roles.get(role)
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    def _clean(self, text: str) -> str:
        cleaned, count = XML_INVALID.subn("", text)
        self.removed_characters += count
        return cleaned

    def add(self, row: RawRow) -> None:
        cells = [self._clean(cell) for cell in row.cells]
        if _is_blank(cells):
            return
        if len(cells) > len(self.headers):
            # Cells past the header: keep them under generated names rather than drop them.
            for index in range(len(self.headers), len(cells)):
                if cells[index].strip():
                    self.headers.append(f"列{index + 1}")
                    self.extra_columns.append(index)
                else:
                    break
        values = _distinct_values(cells)
        title = cell_text(self._cell(cells, columns.TITLE))
        if len(values) == 1 and _NOTE.match(values[0]):
            return  # a note under the table (注：…), merged across or in the first column
        if len(values) == 1 and _SECTION.match(values[0]) and not self._cell(cells, columns.LEAD):
            self.group = clean_text(cell_text(values[0]))  # a section row: 一、扩大有效投资
            return
        if row.continues and self.tasks:
            self._join_continuation(row, cells)
            return
        if not title and values == [cell_text(self._cell(cells, columns.ID)).strip()]:
            # A pre-numbered empty line of a template (序号 only): not a task, but say so.
            self.skipped.append(row.number)
            return
        if not title:
            column = self.headers[self.roles[columns.TITLE]]
            raise InputError("task text is empty", file=self.options.file_name, row=row.number,
                             column=column)
        task_id = clean_text(cell_text(self._cell(cells, columns.ID)))
        if not task_id:
            task_id = str(len(self.tasks) + 1)  # no 序号: the row position, as the labels count
        task_id = _tidy_id(task_id)
        progress = cell_blocks(self._cell(cells, columns.PROGRESS))
        extra = [(self.headers[i], clean_text(cell_text(cells[i])) if i < len(cells) else "")
                 for i in self.extra_columns]
        if self.group and columns.GROUP not in self.roles:
            extra.insert(0, ("分组", self.group))
        if not progress and columns.PROGRESS not in self.roles:
            # No narrative column (progress as a share or a figure only): say what the row says.
            progress = tuple(Block("paragraph", f"{name}：{value}") for name, value in extra
                             if value and columns.role_of(name) in
                             (columns.ACTUAL, columns.SHARE, columns.COMPLETION))
        self.tasks.append(Task(id=task_id, title=title,
                               lead=clean_text(cell_text(self._cell(cells, columns.LEAD))),
                               progress=progress, source=Source(self.options.file_name, row.number),
                               extra=tuple(extra)))

    def _join_continuation(self, row: RawRow, cells: Sequence[str]) -> None:
        """A second row of a task whose id and title cells are merged: more lead units, more
        progress. Appended to the task above so that nothing is lost."""
        previous = self.tasks[-1]
        lead = clean_text(cell_text(self._cell(cells, columns.LEAD)))
        leads = previous.lead if not lead or lead in previous.lead.split("、") \
            else f"{previous.lead}、{lead}"
        more = cell_blocks(self._cell(cells, columns.PROGRESS))
        progress = previous.progress + tuple(b for b in more if b not in previous.progress)
        self.tasks[-1] = Task(previous.id, previous.title, leads, progress, previous.source,
                              previous.extra)


def _tidy_id(text: str) -> str:
    """An id as written, minus the decoration spreadsheets add (12.0 → 12, 「12、」 → 12)."""
    text = text.strip().rstrip("、.．")
    if re.fullmatch(r"\d+\.0", text):
        return text[:-2]
    return text


def build_report(rows: Iterable[RawRow], options: TableOptions) -> Report:
    """The report a table's rows describe. Raises InputError naming file, row and column."""
    all_rows = list(rows)
    header_index = find_header(all_rows)
    if header_index is None:
        if not any(not _is_blank(r.cells) for r in all_rows):
            raise InputError("the file holds no table (it is empty)", file=options.file_name)
        raise InputError("no header row found: expected columns such as 序号, 任务名称, 牵头单位, "
                         "进展情况 in the first rows", file=options.file_name)
    header_row = all_rows[header_index]
    title_lines: list[str] = []
    for row in all_rows[:header_index]:
        values = _distinct_values(row.cells)
        if values:
            title_lines.append(_TITLE_MARK.sub("", cell_text(" ".join(values))))
    title = clean_text(" ".join(title_lines))
    builder = _Builder(list(header_row.cells), header_row.number, options)
    for row in all_rows[header_index + 1:]:
        if row.cells == header_row.cells:
            continue  # the header repeated at the top of each printed page
        builder.add(row)
    if not builder.tasks:
        raise InputError("the table has a header but no task rows", file=options.file_name,
                         row=header_row.number)
    period = options.period or find_period([title, *builder.headers])
    if period is None:
        raise InputError("no reporting period in the title or headers (such as 2023年三季度 or "
                         "1-9月); give one with --period, e.g. --period 2023Q3",
                         file=options.file_name)
    warnings = []
    if builder.removed_characters:
        warnings.append(f"{options.file_name}: removed {builder.removed_characters} control "
                        f"character(s) that documents cannot hold")
    if builder.skipped:
        warnings.append(f"{options.file_name}: skipped {len(builder.skipped)} row(s) with a number "
                        f"but no task (rows {', '.join(map(str, builder.skipped[:10]))}"
                        f"{'…' if len(builder.skipped) > 10 else ''})")
    seen: dict[str, int] = {}
    for task in builder.tasks:
        if task.id in seen:
            warnings.append(f"{options.file_name}: task id {task.id} appears at rows {seen[task.id]} "
                            f"and {task.source.row}; both are kept")
        seen.setdefault(task.id, task.source.row)
    return Report(title=title, period=period, tasks=tuple(builder.tasks),
                  source_file=options.file_name, warnings=tuple(warnings))
