"""Decide which column of a table is what: the task, its id, lead unit, progress, place, the
office's verdict, and which columns only ride along.

`columns` names the role each header could play; here the table's data settles what headers
alone cannot: a target column that holds the task text (年度目标任务 with no 任务 column), a
place column that makes each row a task (市 州 beside figures), a 完成情况 column of verdict words
beside the real progress, several progress columns (the latest period's is the progress), and a
task column whose header we could not read (a mirror's pinyin glosses)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..core.errors import InputError
from ..core.model import ColumnRole
from ..core.period import last_month_in
from . import columns
from .column_content import ColumnContent, commitments, describe, progress_like, role_by_content
from .office_verdict import looks_like_verdicts

_NUMERIC = re.compile(r"^\s*[-+]?[\d,，.]+\s*(%|％|万|亿|万元|亿元|个|元)?\s*$")
# Rows looked at to judge what a column holds.
_SAMPLE_ROWS = 40
_FIGURES = (columns.TARGET, columns.ACTUAL, columns.COMPLETION, columns.SHARE)
# Roles the cells may give a column no header names, and those one column at most may play.
_BY_CELLS = (columns.ID, columns.LEAD, columns.PLACE, columns.LEADER, columns.VERDICT,
             columns.UNIT)
_SINGLE = (columns.ID, columns.TITLE, columns.LEAD, columns.PLACE, columns.VERDICT)
_ATTRIBUTES = (columns.ID, columns.LEAD, columns.PLACE, columns.VERDICT)
# Roles of columns that are never the task's words.
_NOT_TEXT = (columns.LEADER, columns.UNIT, columns.PLAN, columns.REMARKS_ONLY, columns.GROWTH,
             columns.ACTUAL, columns.COMPLETION, columns.SHARE, columns.LOCAL_TARGET)
# Parts of a joined header name that only qualify the part above (年度目标/数量, 投资/亿元).
_QUALIFIER = re.compile(r"^(数量|金额|数值|值|单位|[万亿]?元|个|%|％|亩|人|户|家)$")


def role_of_name(name: str) -> str | None:
    """The role of a column named `name`; for a multi-row header (推进情况/三季度进展情况) the
    lowest part decides, unless it only qualifies the part above it (年度目标/数量)."""
    parts = name.split("/") if "/" in name else [name]
    for part in reversed(parts):
        if len(parts) > 1 and _QUALIFIER.match(columns.normalise_header(part)):
            continue
        return columns.role_of(part)
    return None


@dataclass
class Layout:
    """The column (0-based index) each part of a task comes from; None where the table has none."""

    names: list[str]
    id: int | None = None
    title: int | None = None
    lead: int | None = None
    progress: int | None = None
    place: int | None = None
    verdict: int | None = None
    group: int | None = None
    title_fallbacks: list[int] = field(default_factory=list)
    """Target columns whose text is the task when the task cell is empty (年度目标任务)."""
    other_progress: list[int] = field(default_factory=list)
    """Further progress columns (an earlier period's), kept as extra columns."""
    progress_guessed: bool = False
    """No header names the progress; the column was chosen by what it holds."""
    roles: dict[str, list[int]] = field(default_factory=dict)
    decided_by: dict[int, str] = field(default_factory=dict)
    """What decided each placed column's role: header, cells, settings, or guess (nothing told
    the task column: the first column of words was taken)."""
    unplaced: bool = False
    """No column could be taken for the task with any confidence: the first column of words (or
    the first column) is read as the task and every judgement is to be reviewed."""

    @property
    def core(self) -> set[int]:
        """Columns that make the task itself (not kept again among its extra columns)."""
        return {index for index in (self.id, self.title, self.lead, self.progress)
                if index is not None}

    def role_of(self, index: int) -> str:
        """The role the column at `index` was given ("other" when none)."""
        for role, found in self.roles.items():
            if index in found:
                return role
        return "other"

    def column_roles(self) -> list[ColumnRole]:
        """Every column with the role it was given and what decided it, in column order."""
        placed = {self.id: columns.ID, self.title: columns.TITLE, self.lead: columns.LEAD,
                  self.progress: columns.PROGRESS, self.place: columns.PLACE,
                  self.verdict: columns.VERDICT, self.group: columns.GROUP}
        return [ColumnRole(name, placed.get(index) or self.role_of(index),
                           self.decided_by.get(index, "header"))
                for index, name in enumerate(self.names)]

    def extra_roles(self) -> dict[str, str]:
        """Role by column name for the columns whose role the header does not say (decided by
        the cells or the office's settings): the assessment reads these columns by it."""
        return {self.names[index]: self.role_of(index) for index, by in self.decided_by.items()
                if by != "header" and index not in self.core}


def _column(rows: Sequence[Sequence[str]], index: int) -> list[str]:
    return [row[index] for row in rows if index < len(row)]


def _textual(cells: list[str]) -> bool:
    """True when a column holds words (a task), not figures."""
    values = [cell for cell in cells if cell.strip()]
    if not values:
        return False
    numeric = sum(1 for value in values if _NUMERIC.match(value))
    return numeric < 0.5 * len(values)


def decide_layout(names: list[str], data: Sequence[Sequence[str]], file_name: str,
                  header_row: int, period_month: int | None = None,
                  given: Mapping[str, str] | None = None) -> Layout:
    """The layout of a table with column `names` over `data` rows (cells as read); of several
    progress columns the latest that is not after `period_month` (the period the caller gave).

    The header names what it can, the cells settle the rest (`column_content`), and the office's
    `given` roles (header → role) win over both. A table whose task column cannot be told is
    read all the same, its first column of words taken for the task (`Layout.unplaced`)."""
    sample = list(data[:_SAMPLE_ROWS])
    contents = [describe(_column(sample, index)) for index in range(len(names))]
    layout = Layout(names, roles=_header_roles(names))
    layout.decided_by = {index: "header" for found in layout.roles.values() for index in found}
    _apply_given(layout, given or {})
    _place_by_header(layout, sample, period_month)
    _place_by_cells(layout, contents)
    _choose_title(layout, sample, contents)
    _target_by_cells(layout, contents)
    layout.title_fallbacks = [index for index in layout.roles.get(columns.TARGET, [])
                              if _textual(_column(sample, index)) and index != layout.title]
    if layout.title is None:
        _unplaced(layout, contents, file_name, header_row)
    return layout


def _header_roles(names: list[str]) -> dict[str, list[int]]:
    """The role each header names; an exact name beats a pattern (牵头单位 before 区责任单位
    wherever they stand)."""
    roles: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        role = role_of_name(name)
        if role is not None:
            roles.setdefault(role, []).append(index)
    exact = columns.role_candidates(names)
    for role, found in roles.items():
        best = [index for index in exact.get(role, []) if index in found]
        roles[role] = best + [index for index in found if index not in best]
    return roles


def _assign(layout: Layout, index: int, role: str, by: str) -> None:
    """Give the column at `index` the role `role` (and no other), decided by `by`."""
    for found in layout.roles.values():
        if index in found:
            found.remove(index)
    layout.roles = {role_: found for role_, found in layout.roles.items() if found}
    layout.roles.setdefault(role, []).append(index)
    layout.decided_by[index] = by


def _apply_given(layout: Layout, given: Mapping[str, str]) -> None:
    """The office's own word on some columns ([columns], --column), by header (as read, or as
    normalised: spaces and brackets aside)."""
    wanted = {columns.normalise_header(name): role for name, role in given.items()}
    for index, name in enumerate(layout.names):
        role = given.get(name) or wanted.get(columns.normalise_header(name))
        if role is not None:
            _assign(layout, index, role, "settings")
            if role in _SINGLE:  # the office's task column is the task column, first in line
                layout.roles[role].remove(index)
                layout.roles[role].insert(0, index)


def _place_by_header(layout: Layout, sample: Sequence[Sequence[str]],
                     period_month: int | None) -> None:
    """The id, lead, place, group, verdict and progress columns as the headers name them."""
    roles = layout.roles
    layout.id = _first(roles, columns.ID)
    layout.lead = _first(roles, columns.LEAD)
    if layout.lead is None and columns.UNIT in roles:
        # 单位 naming the body responsible (市发改委) rather than a unit of measure (亿元, %)
        index = roles[columns.UNIT][0]
        if not _units_of_measure(_column(sample, index)):
            layout.lead = index
            roles.setdefault(columns.LEAD, []).append(index)
    layout.place = _first(roles, columns.PLACE)
    layout.group = _first(roles, columns.GROUP)
    _place_progress(layout, sample, period_month)


def _place_progress(layout: Layout, sample: Sequence[Sequence[str]],
                    period_month: int | None) -> None:
    """The progress column of several named so (a 完成情况 of verdict words beside the real
    progress is the office's verdict; of several periods' the latest), or 备注 in a 民生实事
    table that has no other."""
    roles = layout.roles
    verdicts = list(roles.get(columns.VERDICT, []))
    candidates = roles.get(columns.PROGRESS, [])
    worded = [index for index in candidates if len(candidates) > 1
              and looks_like_verdicts(_column(sample, index))]
    if worded and len(worded) == len(candidates):
        worded = worded[1:]  # all short words: the best-named column is still the progress
    verdicts += worded  # 完成情况: 已完成 / 序时推进 beside the real progress
    progress = [index for index in candidates if index not in worded]
    layout.verdict = verdicts[0] if verdicts else None
    if progress:
        layout.progress = _latest(progress, layout.names, sample, period_month)
        layout.other_progress = [index for index in progress if index != layout.progress]
    elif columns.REMARKS in roles:
        # 民生实事-style tables put the narrative in 备注: it is the progress text there.
        layout.progress = roles[columns.REMARKS][0]


def _place_by_cells(layout: Layout, contents: list[ColumnContent]) -> None:
    """Columns whose header names nothing, placed by what their cells hold: an id, a lead unit,
    a place, a leader, a verdict, a unit of measure, figures; and the progress when no header
    names one (the last column of sentences that report what was done)."""
    named_figures = any(role in layout.roles for role in _FIGURES)
    unnamed_figures: list[int] = []
    for index, content in enumerate(contents):
        if index in layout.decided_by:
            continue
        role = role_by_content(content)
        if role in (columns.ACTUAL, columns.COMPLETION):
            if not named_figures:
                unnamed_figures.append(index)
            continue
        if role in _BY_CELLS and not (role in _SINGLE and role in layout.roles):
            _assign(layout, index, role, "cells")
            if role in _ATTRIBUTES and getattr(layout, role) is None:
                setattr(layout, role, index)  # the id, lead, place or verdict column
    _figures_by_position(layout, unnamed_figures, contents)
    no_result = not any(role in layout.roles for role in (columns.ACTUAL, columns.SHARE,
                                                          columns.COMPLETION))
    if layout.progress is None and no_result:
        layout.progress = _reporting_column(layout, contents)
        layout.progress_guessed = layout.progress is not None


def _figures_by_position(layout: Layout, indexes: list[int],
                         contents: list[ColumnContent]) -> None:
    """Figure columns no header names, in a table whose headers name none (类别 | 甲 | 乙 | 丙):
    the first plain one is the target, the next the result, a percentage the completion rate."""
    plain = [index for index in indexes if contents[index].percents < 0.5]
    for index, role in zip(plain, (columns.TARGET, columns.ACTUAL)):
        _assign(layout, index, role, "cells")
    for index in indexes:
        if contents[index].percents >= 0.5:
            _assign(layout, index, columns.COMPLETION, "cells")


def _reporting_column(layout: Layout, contents: list[ColumnContent]) -> int | None:
    """The column of sentences that report what was done, the rightmost of them: the progress,
    whatever its header (推动情况, 工作开展, 列3)."""
    taken = {layout.id, layout.lead, layout.place, layout.verdict, layout.group}
    for index in range(len(contents) - 1, -1, -1):
        if index in taken or layout.role_of(index) in _NOT_TEXT:
            continue
        if progress_like(contents[index]) and index != _first(layout.roles, columns.TITLE):
            if layout.decided_by.get(index) != "header":
                _assign(layout, index, columns.PROGRESS, "cells")
            return index
    return None


def _choose_title(layout: Layout, sample: Sequence[Sequence[str]],
                  contents: list[ColumnContent]) -> None:
    """The task column: the one named so; else a target column of words (年度目标任务 holds the
    task); else the rows' places or units when the rows are figures by place or unit; else the
    first column of words no other role took (decided by its cells)."""
    roles = layout.roles
    textual_targets = [index for index in roles.get(columns.TARGET, [])
                       if _textual(_column(sample, index))]
    if columns.TITLE in roles:
        layout.title = roles[columns.TITLE][0]
    elif textual_targets:
        layout.title = textual_targets[0]  # 年度目标任务 / 工作责任目标 holds the task
    elif layout.place is not None:
        layout.title = layout.place  # places as rows: 长沙市, 株洲市 … 全省
    elif layout.lead is not None and any(role in roles for role in _FIGURES):
        layout.title = layout.lead  # units as rows: 单位名称 beside 年度目标, 完成数, 完成率
    elif layout.group is not None and any(role in roles for role in _FIGURES):
        layout.title = layout.group  # categories as rows: 产业项目, 基础设施项目
        layout.group = None
    else:
        layout.title = _words_column(layout, contents)
        if layout.title is not None:
            _assign(layout, layout.title, columns.TITLE, "cells")


def _words_column(layout: Layout, contents: list[ColumnContent]) -> int | None:
    """The first column of words that no other role took: the task, told by its cells."""
    taken = {layout.id, layout.lead, layout.progress, layout.place, layout.verdict, layout.group}
    for index, content in enumerate(contents):
        if index in taken or layout.role_of(index) in _NOT_TEXT:
            continue
        if content.textual:
            return index
    return None


def _target_by_cells(layout: Layout, contents: list[ColumnContent]) -> None:
    """The column of the year's commitments with their figures (市定任务, 建设规模, 主要内容, 甲栏)
    beside a task column that only names the item (就业促进行动, 城乡供水一体化工程): the target
    column, whatever its header says."""
    if layout.title is None or columns.TARGET in layout.roles or \
            columns.LOCAL_TARGET in layout.roles or not contents[layout.title].names_items:
        return
    for index, content in enumerate(contents):
        if index in layout.core or index in (layout.place, layout.verdict, layout.group):
            continue
        if layout.role_of(index) in (columns.TITLE, "other") and commitments(content):
            _assign(layout, index, columns.TARGET, "cells")
            return


def _unplaced(layout: Layout, contents: list[ColumnContent], file_name: str,
              header_row: int) -> None:
    """No column tells the task: the first column of words no other role took is read as the
    task, every column is kept, and every judgement will be reviewed. A table with no column of
    words at all holds no tasks to read: an InputError naming the header row."""
    taken = {layout.id, layout.lead, layout.progress, layout.place, layout.verdict}
    words = [index for index, content in enumerate(contents)
             if content.textual and index not in taken]
    if not words:
        raise InputError(f"missing required column 任务名称: no column holds words that could be "
                         f"the tasks; the header has: {' | '.join(layout.names)}",
                         file=file_name, row=header_row)
    layout.title = words[0]
    _assign(layout, layout.title, columns.TITLE, "guess")
    layout.unplaced = True


_ORGANISATION = re.compile(r"局|委|办|政府|公司|集团|中心|院|部|会|站|队|街道|镇|乡|县|区|市|所$|处$")


def _units_of_measure(cells: list[str]) -> bool:
    """True when a 单位 column holds units of measure (亿元, %, 万人), not bodies (市发改委)."""
    values = [cell.strip() for cell in cells if cell.strip()]
    units = [value for value in values if len(value) <= 5 and not _ORGANISATION.search(value)]
    return bool(values) and len(units) * 2 >= len(values)


def _first(roles: dict[str, list[int]], role: str) -> int | None:
    found = roles.get(role)
    return found[0] if found else None


def _latest(indexes: list[int], names: list[str], sample: Sequence[Sequence[str]],
            period_month: int | None) -> int:
    """Of several progress columns, the one for the latest period (1-6月推进情况 over 1-5月推进情况)
    that holds any text, and not later than the period asked for; the first when none names a
    period."""
    filled = [index for index in indexes if any(cell.strip() for cell in _column(sample, index))]
    choices = filled or indexes
    months = {index: last_month_in(names[index]) or 0 for index in choices}
    if period_month is not None and any(0 < months[i] <= period_month for i in choices):
        choices = [index for index in choices if months[index] <= period_month]
    best = choices[0]
    for index in choices[1:]:
        if months[index] > months[best]:
            best = index
    return best
