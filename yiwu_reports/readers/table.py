"""Build a `Report` from the tables of any input (text table, CSV, workbook, Word, web page).

The format readers only turn bytes into tables of cell strings; everything about tables as offices
keep them lives here and in `header` and `layout`: title and metadata lines above the header, the
header found by its column names (over several rows), section rows (一、扩大有效投资) carried into
the group, blank and note rows skipped, continuation rows of merged cells joined, ids from the
task text's numbering, the lead unit from the task text when there is no lead column, and the
period read from the title and headers. Several tables (sheets) are read in order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..core.errors import InputError
from ..core.model import Block, ColumnRole, Period, Report, Source, Task
from ..core.period import find_table_period
from ..text.cell_html import XML_INVALID, cell_blocks, cell_text, clean_text
from ..text.chinese_script import is_traditional, simplify_common
from . import columns
from .header import SECTION, Header, find_header, find_header_by_content, header_score, split_above
from .layout import Layout, decide_layout, role_of_name
from .office_verdict import read_verdict
from .rows import RawRow, RawTable

__all__ = ["RawRow", "RawTable", "TableOptions", "build_report", "find_header"]

_NOTE = re.compile(r"^\s*(注|备注|说明|附注|资料来源|数据来源|填报|制表|审核|联系人|填表)\s*[:：、0-9１-９]")
_SECTION = SECTION
# The number a task's text starts with, where the table has no 序号: 1. 1、 （一） 一、
# 「5.10月底前」 is task 5 (a date follows), 「1.5万千瓦」 a quantity.
_NUMBERED = re.compile(r"^\s*(?:(\d{1,4})\s*(?:[、]|[.．](?!\d)|[.．](?=\d{1,2}\s*[月日号]))|"
                       r"[（(]\s*([一二三四五六七八九十百]+)\s*[)）]|([一二三四五六七八九十百]+)\s*[、.．])")
# A lead unit named in the task text: （牵头单位：市发改委） anywhere, or 责任单位：… at the end.
_LEAD_LABEL = r"(?:牵头单位|责任单位|牵头部门|责任部门|牵头责任单位|主办单位|承办单位|牵头|责任主体)"
_LEAD_IN_BRACKETS = re.compile(r"[（(]\s*" + _LEAD_LABEL + r"\s*[:：]\s*([^（）()]{1,80}?)\s*[）)]")
_LEAD_AT_END = re.compile(_LEAD_LABEL + r"\s*[:：]\s*([^。；;:：\n（）()]{1,80}?)\s*[。；;]?\s*$")
_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A data row with a cell this long is no header row (cheap test before scoring one).
_LONG_CELL = 40
# Labels of metadata lines that state the period (统计时间：2023年1-9月).
_PERIOD_LABELS = ("统计时间", "统计日期", "统计截止时间", "截止时间", "截止日期", "数据截止", "数据截至",
                  "统计期", "报告期")
_GROUP_HEADER = "分组"
# A row that adds up the rows above (合计, 全市, 全省（合计）): not a task.
_TOTAL = re.compile(r"^(?:合计|总计|小计|累计|全市|全省|全县|全区|全州|全旗|全镇|全乡|全部|全市合计|全县合计|"
                    r"全区合计|全省合计)(?:[（(][^)）]*[)）])?$")
# Share of tasks without progress above which the table is said to look wrong.
_WITHOUT_PROGRESS = 0.1
# Lines of one kind of warning listed before the rest are counted.
_LISTED = 10


@dataclass
class TableOptions:
    """What the caller knows about the file: its name for messages, a period if given, and the
    roles the office gives some columns (`columns`: header → role, from [columns] or
    --column), which win over what the header and the cells suggest."""

    file_name: str
    period: Period | None = None
    columns: Mapping[str, str] = field(default_factory=dict)


def _is_blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def _distinct_values(cells: Sequence[str]) -> list[str]:
    values: list[str] = []
    for cell in cells:
        text = cell.strip()
        if text and text not in values:
            values.append(text)
    return values


def _chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百 → 100 (the numbers tasks are counted in)."""
    if text.endswith("百"):
        return _CN_NUMBERS.get(text[:-1], 1) * 100
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_NUMBERS.get(tens, 1) * 10 + _CN_NUMBERS.get(ones, 0)
    return _CN_NUMBERS.get(text, 0)


def number_prefix(text: str) -> str | None:
    """The number a task's text starts with (「1.」「1、」「（一）」「一、」 → "1"), or None."""
    match = _NUMBERED.match(text)
    if not match:
        return None
    if match.group(1):
        return str(int(match.group(1)))
    number = _chinese_number(match.group(2) or match.group(3))
    return str(number) if number else None


def lead_in_text(text: str) -> str:
    """The lead unit a task's text names (（牵头单位：市发改委）, …责任单位：市教育局), or ""."""
    match = _LEAD_IN_BRACKETS.search(text) or _LEAD_AT_END.search(text)
    return match.group(1).strip() if match else ""


def _tidy_id(text: str) -> str:
    """An id as written, minus the decoration spreadsheets add (12.0 → 12, 「12、」 → 12)."""
    text = text.strip().rstrip("、.．")
    if re.fullmatch(r"\d+\.0", text):
        return text[:-2]
    return text


class _Builder:
    """Turns the data rows under each table's header into tasks, keeping count of what it
    cleaned, joined or could not place."""

    def __init__(self, options: TableOptions) -> None:
        self.options = options
        self.tasks: list[Task] = []
        self.removed_characters = 0
        self.skipped: list[int] = []
        self.joined: list[int] = []
        self.titles_above: list[int] = []
        self.new_headers: list[int] = []
        self.without_lead_column = 0
        self.invisible_in_leads: list[int] = []
        self.leads_from_text = 0
        self.several_progress: list[str] = []
        self.progress_headers: list[str] = []
        self.guessed_progress: list[str] = []
        self.other_headers: list[str] = []
        self.layout: Layout | None = None
        self.column_roles: list[ColumnRole] = []
        """The first table's columns, each with its role and what decided it."""
        self.roles_from_cells: list[str] = []
        self.unplaced = False
        self.ids_filled = False
        """Most rows of the table have a 序号: a row without one is more of the task above."""
        self.totals: list[int] = []
        self.more_of_task: list[int] = []
        self.header_rows: list[list[str]] = []
        self.skip_until = 0
        """Rows of a header found inside the data, up to this row number, are not tasks."""
        self.group_name = ""
        self.section: str | None = None
        self.numbered_like_sections = False

    # Tables -------------------------------------------------------------------------------
    def read_table(self, table: RawTable, header: Header, group_name: str) -> None:
        """Every task of one table, whose header is `header`."""
        self.group_name = group_name
        self.section = None
        self.numbered_like_sections = False
        self.skip_until = 0
        self._use_header(table.rows, header)
        for row in table.rows[header.end + 1:]:
            self.add(row, table.rows)

    def _use_header(self, rows: Sequence[RawRow], header: Header) -> None:
        header_row = rows[header.start].number
        data = [row.cells for row in rows[header.end + 1:]]
        names = [name or f"列{index + 1}" for index, name in enumerate(header.names)]
        given = self.options.period
        layout = decide_layout(names, data, self.options.file_name, header_row,
                               given.last_month if given is not None else None,
                               self.options.columns)
        self.layout = layout
        if not self.column_roles:
            self.column_roles = layout.column_roles()
        self.unplaced = self.unplaced or layout.unplaced
        by_cells = [f"{role.column}：{role.role}" for role in layout.column_roles()
                    if role.decided_by == "cells"]
        if by_cells:
            self.roles_from_cells.append("、".join(by_cells))
        ids = [row[layout.id] for row in data if layout.id is not None and layout.id < len(row)
               and any(cell.strip() for cell in row)]
        self.ids_filled = bool(ids) and sum(1 for cell in ids if cell.strip()) >= 0.6 * len(ids)
        self.names = list(layout.names)
        self.header_rows = [[cell.strip() for cell in row.cells]
                            for row in rows[header.start:header.end + 1]]
        self.extra_columns = [index for index in range(len(self.names)) if index not in layout.core]
        if layout.progress_guessed and layout.progress is not None:
            self.guessed_progress.append(self.names[layout.progress])
        if layout.progress is not None:
            self.progress_headers.append(self.names[layout.progress])
            if layout.other_progress:
                self.progress_headers.extend(self.names[index] for index in layout.other_progress)
                every = [*layout.other_progress, layout.progress]
                self.several_progress.append(f"{'、'.join(self.names[i] for i in every)}: "
                                             f"{self.names[layout.progress]}")
        skip = (columns.TARGET, columns.PLAN, columns.LEADER, columns.PROGRESS)
        self.other_headers.extend(name for name in self.names if role_of_name(name) not in skip)

    # Rows ---------------------------------------------------------------------------------
    def _cell(self, cells: Sequence[str], index: int | None) -> str:
        if index is None or index >= len(cells):
            return ""
        return cells[index]

    def _clean(self, text: str) -> str:
        cleaned, count = XML_INVALID.subn("", text)
        self.removed_characters += count
        return cleaned

    def _unit_name(self, text: str, row: int) -> str:
        """A lead cell's text without invisible characters (zero-width spaces and joiners,
        direction marks: Unicode's format characters), which would make 发改局 and 发改局\u200b
        two units with a notice each; the rows they came from are said."""
        text = clean_text(text)
        if text.isascii():
            return text
        visible = "".join(char for char in text if unicodedata.category(char) != "Cf")
        if visible != text and row not in self.invisible_in_leads:
            self.invisible_in_leads.append(row)
        return visible

    def _keep_cells_beyond_header(self, cells: Sequence[str]) -> None:
        """Cells past the header, even after an empty one: kept under generated names."""
        last = max((i for i, cell in enumerate(cells) if cell.strip()), default=-1)
        for index in range(len(self.names), last + 1):
            self.names.append(f"列{index + 1}")
            self.extra_columns.append(index)

    def _new_header(self, row: RawRow, rows: Sequence[RawRow]) -> bool:
        """A row inside the data that is a header again: the page header repeated (skipped) or
        the header of another table below (read with it from here on, and said)."""
        cells = [cell.strip() for cell in row.cells]
        if cells in self.header_rows:
            return True
        layout = self.layout
        assert layout is not None
        # Cheap tests first: a header names the task column and has no long cell.
        if layout.title is None or max(map(len, cells), default=0) > _LONG_CELL \
                or columns.role_of(self._cell(cells, layout.title)) is None \
                or header_score(cells) < 3:
            return False
        start = next(i for i, r in enumerate(rows) if r is row)
        header = find_header(rows[start:start + 1 + 2])
        if header is None or header.start != 0:
            return False
        names = [columns.normalise_header(name) for name in header.names]
        if names == [columns.normalise_header(name) for name in self.names[:len(names)]]:
            return True  # the same header, written a little differently
        self.new_headers.append(row.number)
        self._use_header(rows[start:], header)
        self.skip_until = rows[start + header.end].number
        return True

    def add(self, row: RawRow, rows: Sequence[RawRow]) -> None:
        layout = self.layout
        assert layout is not None
        if self.skip_until >= row.number:
            return
        cells = [self._clean(cell) for cell in row.cells]
        if _is_blank(cells):
            return
        if self._new_header(row, rows):
            return
        if len(cells) > len(self.names):
            self._keep_cells_beyond_header(cells)
        values = _distinct_values(cells)
        if len(values) == 1 and _NOTE.match(values[0]):
            return  # a note under the table (注：…), merged across or in the first column
        # A section row has no lead unit of its own; merged across the row (filled into every
        # cell when read), its lead cell holds the section's own text.
        if (len(values) == 1 and _SECTION.match(values[0]) and not self.numbered_like_sections
                and self._cell(cells, layout.lead).strip() in ("", values[0].strip())):
            self.section = clean_text(cell_text(values[0]))  # a section row: 一、扩大有效投资
            return
        title = cell_text(self._cell(cells, layout.title))
        if not title.strip():
            for index in layout.title_fallbacks:  # the task written under 年度目标任务
                title = cell_text(self._cell(cells, index))
                if title.strip():
                    break
        written_id = clean_text(cell_text(self._cell(cells, layout.id)))
        if _TOTAL.match(re.sub(r"\s+", "", title)) and not written_id:
            self.totals.append(row.number)  # 合计, 全市: the rows above added up, not a task
            return
        if self.ids_filled and not written_id and title.strip() and self.tasks \
                and not _SECTION.match(title):
            # A row without a number under numbered tasks: more of the task above (another
            # of its indicators), not a task of its own.
            self.more_of_task.append(row.number)
            self._join_continuation(cells, title)
            return
        if self.tasks and layout.title is not None and layout.title in row.merged_above:
            self._join_continuation(cells)
            return
        if not title.strip() and not written_id and self.tasks:
            self.joined.append(row.number)  # the rest of a task whose merged cells were lost
            self._join_continuation(cells)
            return
        if not title.strip() and values == [cell_text(written_id).strip()]:
            # A pre-numbered empty line of a template (序号 only): not a task, but say so.
            self.skipped.append(row.number)
            return
        if not title.strip() and self.tasks and layout.title is not None:
            # A number but no task text under a task: its task cell was merged (and lost).
            title = self.tasks[-1].title
            self.titles_above.append(row.number)
        if not title.strip():
            column = self.names[layout.title] if layout.title is not None else "任务名称"
            raise InputError("task text is empty", file=self.options.file_name, row=row.number,
                             column=column)
        self.tasks.append(self._task(row, cells, title, written_id))

    def _task(self, row: RawRow, cells: Sequence[str], title: str, written_id: str) -> Task:
        layout = self.layout
        assert layout is not None
        if _SECTION.match(title):
            self.numbered_like_sections = True
        task_id = _tidy_id(written_id) if written_id else (
            number_prefix(title) or str(len(self.tasks) + 1))  # else the row position
        progress = cell_blocks(self._cell(cells, layout.progress))
        extra = self._extra(cells)
        group = self._group(cells)
        if group and (self.section or (self.group_name and layout.group is None)):
            extra.insert(0, (_GROUP_HEADER, group))
        if not progress and layout.progress is None:
            # No narrative column (progress as a share or a figure only): say what the row says.
            roles = {self.names[index]: layout.role_of(index) for index in self.extra_columns}
            progress = tuple(Block("paragraph", f"{name}：{value}") for name, value in extra
                             if value and roles.get(name, role_of_name(name)) in
                             (columns.ACTUAL, columns.SHARE, columns.COMPLETION))
        lead = self._unit_name(cell_text(self._cell(cells, layout.lead)), row.number)
        if layout.lead is None:
            self.without_lead_column += 1
            lead = self._unit_name(lead_in_text(title), row.number)
            self.leads_from_text += bool(lead)
        place = clean_text(cell_text(self._cell(cells, layout.place)))
        verdict_text = clean_text(cell_text(self._cell(cells, layout.verdict)))
        verdict = read_verdict(self.names[layout.verdict], verdict_text) \
            if layout.verdict is not None and verdict_text else None
        return Task(id=task_id, title=title, lead=lead, progress=progress,
                    source=Source(self.options.file_name, row.number), extra=tuple(extra),
                    place=place, group=group, verdict=verdict)

    def _extra(self, cells: Sequence[str]) -> list[tuple[str, str]]:
        extra: list[tuple[str, str]] = []
        seen: set[str] = set()
        for index in self.extra_columns:
            name = self.names[index]
            if name in seen:  # two columns of one name: both kept (JSON keys must differ)
                name = next(f"{name}（{n}）" for n in range(2, 1000) if f"{name}（{n}）" not in seen)
            seen.add(name)
            extra.append((name, clean_text(cell_text(cells[index])) if index < len(cells) else ""))
        return extra

    def _group(self, cells: Sequence[str]) -> str:
        assert self.layout is not None
        column = clean_text(cell_text(self._cell(cells, self.layout.group)))
        parts = [part for part in (self.group_name, self.section or column) if part]
        return " / ".join(parts)

    def _join_continuation(self, cells: Sequence[str], title: str = "") -> None:
        """A further row of the task above (its task cell merged down, or lost; or a row without
        a number under it, `title` its words): more task text, lead units, progress and cells.
        Appended to the task above so that nothing is lost."""
        layout = self.layout
        assert layout is not None
        previous = self.tasks[-1]
        if title.strip() and title.strip() not in previous.title:
            previous = replace(previous, title=f"{previous.title}\n{title.strip()}")
        lead = self._unit_name(cell_text(self._cell(cells, layout.lead)), previous.source.row)
        leads = previous.lead if not lead or lead in previous.lead.split("、") \
            else "、".join(part for part in (previous.lead, lead) if part)
        more = cell_blocks(self._cell(cells, layout.progress))
        progress = previous.progress + tuple(b for b in more if b not in previous.progress)
        extra = []
        fresh = dict(self._extra(cells))
        for name, value in previous.extra:
            added = fresh.get(name, "")
            if added and added != value and added not in value.split("\n"):
                value = f"{value}\n{added}" if value else added
            extra.append((name, value))
        known = {name for name, _ in extra}
        extra += [(name, value) for name, value in fresh.items() if name not in known and value]
        verdict = previous.verdict
        if verdict is None and layout.verdict is not None:
            text = clean_text(cell_text(self._cell(cells, layout.verdict)))
            verdict = read_verdict(self.names[layout.verdict], text) if text else None
        self.tasks[-1] = replace(previous, lead=leads, progress=progress, extra=tuple(extra),
                                 verdict=verdict)

    # Warnings -----------------------------------------------------------------------------
    def warnings(self) -> list[str]:
        name = self.options.file_name
        found = []
        if self.removed_characters:
            found.append(f"{name}: removed {self.removed_characters} control character(s) that "
                         f"documents cannot hold")
        if self.invisible_in_leads:
            found.append(f"{name}: removed invisible characters (zero-width spaces or joiners, "
                         f"direction marks) from the lead unit of {len(self.invisible_in_leads)} "
                         f"row(s): rows {_listed(self.invisible_in_leads)}")
        if self.skipped:
            found.append(f"{name}: skipped {len(self.skipped)} row(s) with a number but no task "
                         f"(rows {_listed(self.skipped)})")
        if self.joined:
            found.append(f"{name}: {len(self.joined)} row(s) with no id and no task text were added "
                         f"to the task above them (merged cells?): rows {_listed(self.joined)}")
        if self.titles_above:
            found.append(f"{name}: {len(self.titles_above)} row(s) with a number but no task text "
                         f"took the task text of the row above (merged cells?): rows "
                         f"{_listed(self.titles_above)}")
        if self.new_headers:
            found.append(f"{name}: a header row inside the data (rows {_listed(self.new_headers)}): "
                         f"the rows below it are read with its columns")
        if self.totals:
            found.append(f"{name}: {len(self.totals)} total row(s) (合计, 全市 …) are not tasks: "
                         f"rows {_listed(self.totals)}")
        if self.more_of_task:
            found.append(f"{name}: {len(self.more_of_task)} row(s) without a 序号 under a "
                         f"numbered task were read as more of that task (its further targets): "
                         f"rows {_listed(self.more_of_task)}")
        for roles in self.roles_from_cells:
            found.append(f"{name}: columns placed by what their cells hold, not their headers "
                         f"({roles}); check them, or name them with --column or [columns]")
        if self.unplaced:
            found.append(f"{name}: no column could be told for the task text; the first column "
                         f"of words is read as the task and every judgement is to be reviewed")
        for header in self.guessed_progress:
            found.append(f"{name}: no column is named as the progress (进展情况); “{header}” "
                         f"is read as the progress")
        for text in self.several_progress:
            found.append(f"{name}: several progress columns ({text} is read as the progress, the "
                         f"others are kept as extra columns)")
        if self.without_lead_column:
            unnamed = self.without_lead_column - self.leads_from_text
            found.append(f"{name}: the table has no lead-unit column (牵头单位)"
                         + (f"; {self.leads_from_text} task(s) name their lead in the task text"
                            if self.leads_from_text else "")
                         + (f"; {unnamed} task(s) are shown as 未注明牵头单位" if unnamed else ""))
        return found


def _listed(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:_LISTED])) + ("…" if len(numbers) > _LISTED else "")


def _as_tables(source: Iterable[RawRow] | Iterable[RawTable]) -> list[RawTable]:
    items = list(source)
    if items and isinstance(items[0], RawRow):
        return [RawTable([item for item in items if isinstance(item, RawRow)])]
    return [item for item in items if isinstance(item, RawTable)]


def _positions_for_restarted_numbers(tasks: Sequence[Task]) -> list[Task] | None:
    """The tasks numbered by position when their ids were taken from their texts' numbering
    (1. 2. … with no 序号 column) and that numbering restarts (（一）1. 2. （二）1. 2. 3.): a
    number that names two tasks names neither. None when the ids are fine as they are."""
    from_text = [task for task in tasks if number_prefix(task.title) == task.id]
    if len(from_text) != len(tasks) or len({task.id for task in tasks}) == len(tasks):
        return None
    return [replace(task, id=str(position)) for position, task in enumerate(tasks, start=1)]


def _duplicate_warnings(tasks: Sequence[Task], file_name: str) -> list[str]:
    seen: dict[tuple[str, str], int] = {}
    lines: list[str] = []
    repeated = 0
    for task in tasks:
        key = (task.group if task.group and len({t.group for t in tasks}) > 1 else "", task.id)
        if key in seen:
            repeated += 1
            if repeated <= _LISTED:
                lines.append(f"{file_name}: task id {task.id} appears at rows {seen[key]} and "
                             f"{task.source.row}; both are kept")
        seen.setdefault(key, task.source.row)
    if repeated > _LISTED:
        lines.append(f"{file_name}: {repeated - _LISTED} more repeated task id(s); all are kept")
    return lines


def build_report(tables: Iterable[RawTable] | Iterable[RawRow],
                 options: TableOptions) -> Report:
    """The report a file's tables describe (a text file is one table, a workbook one per sheet):
    every table with a header is read, in order. Raises InputError naming file, row and column."""
    all_tables = _as_tables(tables)
    found = [(table, find_header(table.rows)) for table in all_tables]
    readable = [(table, header) for table, header in found if header is not None]
    if not readable:
        if not any(not _is_blank(row.cells) for table in all_tables for row in table.rows):
            raise InputError("the file holds no table (it is empty)", file=options.file_name)
        # No row names the columns in words we know: the cells say which column is what.
        found = [(table, find_header_by_content(table.rows)) for table in all_tables]
        readable = [(table, header) for table, header in found if header is not None][:1]
    if not readable:
        raise InputError("no table: no row has two or more cells", file=options.file_name)
    several = len(readable) > 1
    builder = _Builder(options)
    title = ""
    metadata: list[tuple[str, str]] = []
    hidden: list[str] = []
    for position, (table, header) in enumerate(readable):
        above = split_above(table.rows[:header.start])
        table_title = above.title or table.title
        if position == 0:
            title = table_title
        for pair in [*table.metadata, *above.metadata]:
            if pair not in metadata:
                metadata.append(pair)
        before = len(builder.tasks)
        builder.read_table(table, header, (table.name or table_title) if several else "")
        if len(builder.tasks) == before and not several:
            raise InputError("the table has a header but no task rows", file=options.file_name,
                             row=table.rows[header.end].number)
        if table.hidden and len(builder.tasks) > before:
            rows = [task.source.row for task in builder.tasks[before:]]
            hidden.append(f"“{table.name}” ({len(rows)} task(s), rows {rows[0]}-{rows[-1]})")
    if not builder.tasks:
        raise InputError("the tables have a header but no task rows", file=options.file_name)
    period_texts = [title] + [value for label, value in metadata
                              if simplify_common(label) in _PERIOD_LABELS]
    names = [table.name for table, _ in readable if table.name]
    period = options.period or find_table_period(period_texts, builder.progress_headers,
                                                 builder.other_headers + names)
    if period is None:
        raise InputError("no reporting period in the title or headers (such as 2023年三季度 or "
                         "1-9月); give one with --period, e.g. --period 2023Q3",
                         file=options.file_name)
    sample = [title, *builder.progress_headers, *builder.other_headers]
    for task in builder.tasks[:30]:
        sample += [task.title, task.progress_text[:200]]
    notes = [note for table in all_tables for note in table.notes]
    skipped = [table.name for table, header in found if header is None and table.name
               and table.announce_if_skipped
               and any(not _is_blank(row.cells) for row in table.rows)]
    if skipped:
        notes.append(f"{options.file_name}: no progress table (no header row) in "
                     f"{'、'.join(f'“{name}”' for name in skipped)}: not read")
    renumbered = _positions_for_restarted_numbers(builder.tasks)
    if renumbered:
        builder.tasks = renumbered
        notes.append(f"{options.file_name}: the tasks' own numbers restart (groups numbered "
                     f"each from 1) and the table has no 序号 column: tasks are numbered by "
                     f"their position, 1 to {len(renumbered)}")
    if hidden:
        notes.append(f"{options.file_name}: hidden sheet(s) hold a progress table, read with the "
                     f"others: {'; '.join(hidden)}; unhide them, or delete them if they should "
                     f"not be read")
    warnings = notes + builder.warnings() + _duplicate_warnings(builder.tasks, options.file_name)
    without = [task.source.row for task in builder.tasks if not task.progress]
    if len(without) > _WITHOUT_PROGRESS * len(builder.tasks):
        warnings.append(f"{options.file_name}: {len(without)} of {len(builder.tasks)} tasks have no "
                        f"progress text (rows {_listed(without)}); check that the progress column "
                        f"was read")
    return Report(title=title, period=period, tasks=tuple(builder.tasks),
                  source_file=options.file_name, warnings=tuple(warnings),
                  metadata=tuple(metadata), traditional=is_traditional(sample),
                  layout=tuple(builder.column_roles))
