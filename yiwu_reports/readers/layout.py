"""Decide which column of a table is what: the task, its id, lead unit, progress, place, the
office's verdict, and which columns only ride along.

`columns` names the role each header could play; here the table's data settles what headers
alone cannot: a target column that holds the task text (年度目标任务 with no 任务 column), a
place column that makes each row a task (市 州 beside figures), a 完成情况 column of verdict words
beside the real progress, several progress columns (the latest period's is the progress), and a
task column whose header we could not read (a mirror's pinyin glosses)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import columns
from ..errors import InputError
from ..period import last_month_in
from ..verdict import looks_like_verdicts

_NUMERIC = re.compile(r"^\s*[-+]?[\d,，.]+\s*(%|％|万|亿|万元|亿元|个|元)?\s*$")
# Rows looked at to judge what a column holds.
_SAMPLE_ROWS = 40
_FIGURES = (columns.TARGET, columns.ACTUAL, columns.COMPLETION, columns.SHARE)
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

    @property
    def core(self) -> set[int]:
        """Columns that make the task itself (not kept again among its extra columns)."""
        return {index for index in (self.id, self.title, self.lead, self.progress)
                if index is not None}


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
                  header_row: int, period_month: int | None = None) -> Layout:
    """The layout of a table with column `names` over `data` rows (cells as read); of several
    progress columns the latest that is not after `period_month` (the period the caller gave).

    Raises InputError naming the header row when the table has no task column or nothing that
    says how a task stands (progress, result, share or completion rate)."""
    sample = list(data[:_SAMPLE_ROWS])
    roles = _roles(names)
    layout = Layout(names, roles=roles)
    layout.id = _first(roles, columns.ID)
    layout.lead = _lead(roles, sample)
    layout.place = _first(roles, columns.PLACE)
    layout.group = _first(roles, columns.GROUP)
    _progress_and_verdict(layout, sample, period_month)
    textual_targets = [index for index in roles.get(columns.TARGET, [])
                       if _textual(_column(sample, index))]
    layout.title = _title(layout, sample, textual_targets)
    layout.title_fallbacks = [index for index in textual_targets if index != layout.title]
    _check(layout, roles, file_name, header_row)
    return layout


def _roles(names: list[str]) -> dict[str, list[int]]:
    """The columns that could play each role, by their names: those named exactly so first (牵头
    单位 before 区责任单位 wherever they stand), then in table order."""
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


def _lead(roles: dict[str, list[int]], sample: Sequence[Sequence[str]]) -> int | None:
    """The lead unit's column: the first named so, else a 单位 column that names the bodies
    responsible (市发改委) rather than units of measure (亿元, %), which then plays that role."""
    lead = _first(roles, columns.LEAD)
    if lead is None and columns.UNIT in roles:
        index = roles[columns.UNIT][0]
        if not _units_of_measure(_column(sample, index)):
            roles.setdefault(columns.LEAD, []).append(index)
            return index
    return lead


def _progress_and_verdict(layout: Layout, sample: Sequence[Sequence[str]],
                          period_month: int | None) -> None:
    """Set the progress column (and the others kept as extra columns) and the verdict column:
    of the columns named as progress, those that hold verdict words beside real progress
    (完成情况: 已完成 / 序时推进) are verdicts; of the rest the latest period's is the progress."""
    roles = layout.roles
    candidates = roles.get(columns.PROGRESS, [])
    worded = [index for index in candidates if len(candidates) > 1
              and looks_like_verdicts(_column(sample, index))]
    if worded and len(worded) == len(candidates):
        worded = worded[1:]  # all short words: the best-named column is still the progress
    verdicts = [*roles.get(columns.VERDICT, []), *worded]
    layout.verdict = verdicts[0] if verdicts else None
    progress = [index for index in candidates if index not in worded]
    if progress:
        layout.progress = _latest(progress, layout.names, sample, period_month)
        layout.other_progress = [index for index in progress if index != layout.progress]
    elif columns.REMARKS in roles:
        # 民生实事-style tables put the narrative in 备注: it is the progress text there.
        layout.progress = roles[columns.REMARKS][0]
    elif not any(role in roles for role in (columns.ACTUAL, columns.SHARE, columns.COMPLETION)):
        # No column is named as the progress (推进措施及成效, 工作开展): the last column after the
        # task that plays no other role and holds sentences is it (and the reader says so).
        layout.progress = _unnamed_progress(layout.names, sample, roles)
        layout.progress_guessed = layout.progress is not None


def _title(layout: Layout, sample: Sequence[Sequence[str]], textual_targets: list[int]
           ) -> int | None:
    """The task's column: the one named so, else a target column that holds words (年度目标任务,
    工作责任目标), else the place of a table whose rows are places (长沙市, 株洲市 … 全省), else the
    unit of one whose rows are units beside figures (单位名称 | 年度目标 | 完成数), else the first
    unnamed column of words (`_unnamed_text_column`)."""
    roles = layout.roles
    if columns.TITLE in roles:
        return roles[columns.TITLE][0]
    if textual_targets:
        return textual_targets[0]
    if layout.place is not None:
        return layout.place
    if layout.lead is not None and any(role in roles for role in _FIGURES):
        return layout.lead
    return _unnamed_text_column(layout.names, sample, layout)


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


def _unnamed_progress(names: list[str], sample: Sequence[Sequence[str]],
                      roles: dict[str, list[int]]) -> int | None:
    """The progress column of a table whose headers name none: the last column after the task
    column that plays no role and holds text of some length."""
    named = {index for found in roles.values() for index in found}
    title = roles.get(columns.TITLE, [-1])[0]
    for index in range(len(names) - 1, title, -1):
        if index in named:
            continue
        cells = [cell for cell in _column(sample, index) if cell.strip()]
        if cells and _textual(cells) and sum(len(cell) for cell in cells) >= 6 * len(cells):
            return index
    return None


def _unnamed_text_column(names: list[str], sample: Sequence[Sequence[str]],
                         layout: Layout) -> int | None:
    """The task column when no header names it (项(xiàng)目?jī)容): the first column that plays
    no role and holds words, when the table has an id, a progress or a lead column."""
    if layout.id is None and layout.progress is None and layout.lead is None:
        return None
    taken = {layout.id, layout.lead, layout.progress, layout.place, layout.verdict, layout.group}
    named = {index for found in layout.roles.values() for index in found}
    for index in range(len(names)):
        if index in taken or index in named:
            continue
        cells = _column(sample, index)
        if _textual(cells) and sum(len(cell) for cell in cells) >= 4 * max(1, len(cells)):
            return index
    return None


def _check(layout: Layout, roles: dict[str, list[int]], file_name: str, header_row: int) -> None:
    missing = []
    if layout.title is None:
        missing.append("任务名称")
    has_result = layout.progress is not None or any(
        role in roles for role in (columns.ACTUAL, columns.SHARE, columns.COMPLETION))
    if not has_result:
        missing.append("进展情况")
    if missing:
        raise InputError(f"missing required column {'/'.join(missing)}; the header has: "
                         f"{' | '.join(layout.names)}", file=file_name, row=header_row)
