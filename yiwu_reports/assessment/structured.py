"""What a table's own columns say about a task's judgement.

Offices often give more than prose: a target column and a result column (年度目标任务 / 1-9月实际
完成), several such groups side by side (计划完成数 / 累计开工数 / 开工率 and 计划投资额(万元) /
累计完成投资额(万元) / 计划投资完成率), a share of the annual target (进展比例, 形象进度, 完成进度),
this place's own target beside a higher level's task (我市任务, 涉及西湖区工作指标), a monthly or
quarterly milestone (月度工作计划 — not the annual target), and the office's own verdict (是否达序时).

`read_columns` sorts a task's extra columns into these; target, result and rate columns are
paired into groups — one per target column, in column order, each result column joining the
target column whose header shares its words (else the first without one), each rate column the
nearest group before it — and a rate column with no group is a share of the task's target.
Units come from the header (计划投资额(万元)), else from the table's unit line (单位：个、亿元),
else a cell is a bare count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..readers import columns
from .quantities import unit_family
from .text import bigrams

_MILESTONE = re.compile(r"(?:月度|季度|阶段|节点|序时|时序|分月|分季)(?:工作)?(?:计划|安排|目标|任务|要求|进度)|"
                        r"工作(?:任务)?安排|工作计划|进度安排|计划安排|时间节点|完成时限|时间安排|节点目标")
# Words of a header that say which role it plays, not what it measures (计划投资额 → 投资).
_ROLE_WORDS = re.compile(r"计划|累计|实际|完成|年度|全年|目标|任务|指标|截至|截止|\d+\s*[-—–~至]\s*\d+\s*月|"
                         r"\d+月底?|本年|当年|年|数|额|值|量|率|比例|%|[(（][^)）]*[)）]")
_PROJECT_PLAN = re.compile(r"投资")
_YEAR_WORD = re.compile(r"年|季度|月")
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十][个项家所座处条]")
# A cell that opens with a share of the target (「65%（主体封顶）」, 「已完成80%，…」).
_LEADING_SHARE = re.compile(r"^\s*(?:已完成|完成|累计完成|进度|进展)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*[%％]\s*(?:$|[（(，,；;。\s])")
_EMPTY = re.compile(r"^[\s/／—–\-－无暂无不涉及]*$")
# A unit of measure in a 单位 column (亿元, 万人, %, 个): short and without a figure.
_MEASURE = re.compile(r"^[^\d\s]{1,6}$")


@dataclass
class Cell:
    """One structured cell of a task: its column's header, its text and the unit it is in."""

    header: str
    text: str
    index: int
    """Position among the task's extra columns."""
    unit: str = ""
    """The unit of a bare number in this column (万元 from 计划投资额(万元)); "" if none."""
    annual: bool = True
    """For a target column: it is the year's target. A planned investment with no year word
    (计划投资额 of building projects) is the projects' plan, which runs over several years."""

    @property
    def empty(self) -> bool:
        return _EMPTY.match(self.text) is not None

    @property
    def words(self) -> frozenset[str]:
        """What the column measures, without its role words (累计完成投资额 → 投资)."""
        return bigrams(_ROLE_WORDS.sub(" ", columns.normalise_header(self.header)))


@dataclass
class ColumnGroup:
    """A target column with the result and rate columns that go with it (any may be missing)."""

    target: Cell | None = None
    actual: Cell | None = None
    rate: Cell | None = None

    def last_index(self) -> int:
        return max(c.index for c in (self.target, self.actual, self.rate) if c is not None)


@dataclass
class TableColumns:
    """A task's extra columns sorted by what they say about the judgement."""

    groups: list[ColumnGroup] = field(default_factory=list)
    share: Cell | None = None
    """A share of the task's annual target with no target or result column of its own."""
    local_target: Cell | None = None
    """This place's own target (我市任务), when the table has such a column."""
    milestone: bool = False
    """The table has a monthly or quarterly milestone column (月度工作计划)."""
    growth: Cell | None = None
    """The row's change on the year (同比增长(%) 「5.2」), read for a growth target."""

    @property
    def has_target_column(self) -> bool:
        return any(group.target is not None for group in self.groups)


def is_milestone(header: str) -> bool:
    """Whether a column states a monthly or quarterly milestone (月度工作计划), not the target."""
    return _MILESTONE.search(columns.normalise_header(header)) is not None


def column_unit(header: str, metadata: Iterable[tuple[str, str]] = ()) -> str:
    """The unit of a bare number under `header`: its brackets (计划投资额(万元)), else the table's
    unit line (单位：个、亿元: 年投资计划 → 亿元, 项目个数 → 个), else "" (a bare count); a rate
    column's unit is %."""
    return _column_unit(header, tuple(metadata))


@lru_cache(maxsize=1 << 16)
def _column_unit(header: str, metadata: tuple[tuple[str, str], ...]) -> str:
    # Asked again for every task of a table: remembered (a sheet may be 16,384 columns wide).
    unit = columns.cell_unit(header, metadata)
    if unit:
        return unit
    return "%" if header.rstrip().endswith(("%", "％")) else ""


@lru_cache(maxsize=1 << 16)
def _header_facts(header: str) -> tuple[bool, str | None]:
    """(a milestone column, the column's role) of a header: remembered, as `_column_unit`."""
    return bool(_MILESTONE.search(columns.normalise_header(header))), columns.role_of(header)


# Roles read from a task's extra columns; a column of any other role is passed over.
_READ_ROLES = (columns.TARGET, columns.ACTUAL, columns.COMPLETION, columns.LOCAL_TARGET,
               columns.SHARE, columns.PROGRESS, columns.TITLE)


def read_columns(extra: tuple[tuple[str, str], ...], metadata: Iterable[tuple[str, str]] = (),
                 roles: Mapping[str, str] | None = None) -> TableColumns:
    """The structured columns among a task's extra columns (header, cell text) pairs; `metadata`
    (the lines above the table, `Report.metadata`) gives the unit of bare figures; `roles` (by
    header) are the roles the cells or the office gave columns, before their headers'."""
    roles = roles or {}
    found = TableColumns()
    if not extra:
        return found
    by_role: dict[str, list[Cell]] = {columns.TARGET: [], columns.ACTUAL: [], columns.COMPLETION: []}
    # A 单位 column gives the unit of the row's bare figures (亿元, 万人, %), before the table's
    # unit line and after a header's own (计划投资额(万元)).
    row_unit = next((value.strip() for header, value in extra
                     if columns.role_of(header) == columns.UNIT and _MEASURE.match(value.strip())), "")
    if row_unit:
        metadata = (("单位", row_unit),)
    metadata = tuple(metadata)
    for index, (header, value) in enumerate(extra):
        milestone, role = _header_facts(header)
        if milestone:
            found.milestone = True
            continue
        role = roles.get(header) or role
        if role in (columns.VERDICT, columns.PLAN, columns.UNIT):
            continue  # the office's verdict is the task's; a deadline column says nothing here
        if role == columns.GROWTH:
            if found.growth is None and not _EMPTY.match(value):
                found.growth = Cell(header, value.strip(), index, "%")
            continue
        if role not in _READ_ROLES:
            continue  # a column we only keep: nothing to read here
        if role == columns.TITLE and "目标" in header:
            role = columns.TARGET  # 攻坚目标任务 beside 重点工作: the target column
        cell = Cell(header, value.strip(), index, column_unit(header, metadata))
        if role == columns.LOCAL_TARGET:
            found.local_target = found.local_target or cell
        elif role == columns.SHARE or (role == columns.PROGRESS and _LEADING_SHARE.match(cell.text)):
            role = columns.COMPLETION  # 当前进度 「65%（主体封顶）」 beside the prose: a share
        if role in by_role:
            by_role[role].append(cell)
    has_total = any("总" in header for header, _value in extra)
    for cell in by_role[columns.TARGET]:
        name = columns.normalise_header(cell.header)
        if _PROJECT_PLAN.search(name) and not _YEAR_WORD.search(name) and not has_total:
            cell.annual = False
    groups = [ColumnGroup(target=cell) for cell in by_role[columns.TARGET]]
    for cell in by_role[columns.ACTUAL]:
        _join_actual(groups, cell)
    for cell in by_role[columns.COMPLETION]:
        # A rate goes with the group before it, unless that group states no figure at all
        # (年度目标 「主体结构封顶」): then it is the share of the task's whole annual target.
        before = [g for g in groups if g.rate is None and g.last_index() < cell.index and
                  _has_figure(g)]
        if before:
            max(before, key=lambda g: g.last_index()).rate = cell
        elif found.share is None:
            found.share = cell
    found.groups = groups
    return found


def _has_figure(group: ColumnGroup) -> bool:
    return any(c is not None and _FIGURE.search(c.text) for c in (group.target, group.actual))


def _join_actual(groups: list[ColumnGroup], cell: Cell) -> None:
    """Put a result column with the target column that measures the same thing."""
    open_groups = [g for g in groups if g.actual is None and g.target is not None]
    if not open_groups:
        groups.append(ColumnGroup(actual=cell))
        return

    def affinity(group: ColumnGroup) -> tuple[float, int]:
        assert group.target is not None
        words, target_words = cell.words, group.target.words
        shared = len(words & target_words) / max(1, min(len(words), len(target_words)))
        same_unit = bool(cell.unit) and unit_family(cell.unit)[0] == unit_family(group.target.unit)[0]
        return (shared + (0.5 if same_unit else 0.0), -group.target.index)

    max(open_groups, key=affinity).actual = cell
