"""The task model: what a progress table says, and what the assessment concluded.

Frozen dataclasses with no I/O. Every class has `as_dict()` giving the JSON contract documented in
the README, and `from_dict()` reading it back, so a report written as JSON and read again is equal
to the one written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Literal, Mapping, cast

from ..text.cell_html import Block
from .leads import split_leads

# The statuses, in the order every output lists them (best first, as the briefing counts them).
STATUSES: tuple[str, ...] = ("completed", "on_track", "lagging", "unknown", "qualitative")
# Which status wins when a task has several indicators (GUIDE.md): lagging if any is lagging, else
# on_track if any is, else completed; unknown only when no indicator could be assessed at all.
STATUS_SEVERITY: dict[str, int] = {"lagging": 4, "on_track": 3, "completed": 2, "unknown": 1,
                                   "qualitative": 0}
KINDS: tuple[str, ...] = ("cumulative", "rate", "level")
# How sure the automatic judgement is: `certain` when a share column or one exact figure decides
# it, `review` when a person should look (a figure chosen among several, different units, an
# estimate, the table's own verdict disagreeing …), always with the reason.
CONFIDENCES: tuple[str, ...] = ("certain", "review")
OPS: tuple[str, ...] = (">=", "<=", "==")
# The warning tiers of a lagging task (红黄蓝三单预警), most urgent first: how far behind the
# schedule it is, and red too when it was lagging last period as well (`tiers`).
WARNING_TIERS: tuple[str, ...] = ("red", "yellow", "blue")

PeriodKind = Literal["quarter", "half", "months", "year"]
# The labels `Period.label` writes: 2023Q3, 2023H1, 2023M1-11, 2023.
_LABEL = re.compile(r"^(\d{4})(?:Q([1-4])|H([12])|M1-(1[0-2]|[1-9]))?$")


@dataclass(frozen=True)
class Period:
    """The stretch of the year a progress table reports on, always counted from January."""

    year: int
    """Calendar year, e.g. 2023."""
    kind: PeriodKind
    """How the table names it: a quarter (三季度), a half (上半年), a month span (1-11月) or the year."""
    last_month: int
    """Last month covered (9 for 三季度 and 1-9月); progress is cumulative from January."""

    @property
    def elapsed(self) -> float:
        """Share of the year gone by, the 序时进度 a cumulative target is measured against."""
        return self.last_month / 12

    @property
    def label(self) -> str:
        """Short stable label used in file names and JSON: 2023Q3, 2023H1, 2023M1-11, 2023."""
        if self.kind == "quarter":
            return f"{self.year}Q{self.last_month // 3}"
        if self.kind == "half":
            return f"{self.year}H{self.last_month // 6}"
        if self.kind == "months":
            return f"{self.year}M1-{self.last_month}"
        return str(self.year)

    @property
    def zh(self) -> str:
        """The period as a Chinese document names it: 2023年三季度, 2023年1-11月."""
        names = {"quarter": {3: "一季度", 6: "二季度", 9: "三季度", 12: "四季度"},
                 "half": {6: "上半年", 12: "全年"}}
        if self.kind in names:
            return f"{self.year}年{names[self.kind][self.last_month]}"
        if self.kind == "months":
            return f"{self.year}年1-{self.last_month}月"
        return f"{self.year}年全年"

    def as_dict(self) -> dict[str, Any]:
        return {"label": self.label, "year": self.year, "kind": self.kind,
                "last_month": self.last_month, "elapsed": round(self.elapsed, 6)}

    @classmethod
    def from_label(cls, label: str) -> Period:
        """The period a `label` names (2023Q3, 2023H1, 2023M1-11, 2023): the inverse of `label`.
        A user's looser spellings are read by `period.parse_period_label`."""
        match = _LABEL.match(label.strip())
        if match is None:
            raise ValueError(f"not a period label: {label!r}")
        year, quarter, half, months = match.groups()
        if quarter:
            return cls(int(year), "quarter", int(quarter) * 3)
        if half:
            return cls(int(year), "half", int(half) * 6)
        if months:
            return cls(int(year), "months", int(months))
        return cls(int(year), "year", 12)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Period:
        """The period a JSON report states; ValueError for one no table can have (a year that
        is not a four-digit whole number, a month outside 1-12, a kind not ours)."""
        if "kind" in data and "last_month" in data:
            year, kind, last_month = data["year"], data["kind"], data["last_month"]
            if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
                raise ValueError(f"the period's year is not a four-digit year: {str(year)[:20]}")
            if isinstance(last_month, bool) or not isinstance(last_month, int) \
                    or not 1 <= last_month <= 12 or kind not in ("quarter", "half", "months",
                                                                 "year"):
                raise ValueError(f"not a period: {str(kind)[:20]} to month {str(last_month)[:20]}")
            return cls(year, kind, last_month)
        return cls.from_label(str(data["label"]))


@dataclass(frozen=True)
class Source:
    """Where a task came from: the input file's name and the 1-based row (line) in it."""

    file: str
    row: int

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        return cls(str(data["file"]), int(data["row"]))


@dataclass(frozen=True)
class Target:
    """A numeric target as written in the task text: 350 亿元 at least."""

    value: float
    unit: str
    op: str = ">="
    """">=" (以上, 超, 突破, 达), "<=" (以下, 控制在, 不超过) or "==" (exact)."""

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "op": self.op}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Target:
        return cls(float(data["value"]), str(data["unit"]), str(data.get("op", ">=")))


@dataclass(frozen=True)
class Actual:
    """A reported figure as written in the progress text: 388.6 亿元."""

    value: float
    unit: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Actual | None:
        if data is None:
            return None
        return cls(float(data["value"]), str(data["unit"]))


@dataclass(frozen=True)
class Evidence:
    """The exact text spans a judgement rests on, so any reader can see why."""

    target: str
    actual: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"target": self.target, "actual": self.actual}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Evidence:
        data = data or {}
        return cls(str(data.get("target", "")), data.get("actual"))


@dataclass(frozen=True)
class Override:
    """A reviewer's judgement that replaces the automatic one, with the reason they gave."""

    status: str
    reason: str = ""
    actual: Actual | None = None
    """A corrected reported figure, for an indicator-level override (optional)."""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"status": self.status, "reason": self.reason}
        if self.actual is not None:
            data["actual"] = self.actual.as_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Override | None:
        if data is None:
            return None
        return cls(str(data["status"]), str(data.get("reason", "")),
                   Actual.from_dict(data.get("actual")))


@dataclass(frozen=True)
class Indicator:
    """One numeric target of a task, the figure reported against it, and the judgement."""

    metric: str
    """Short name of what is measured, e.g. 市重点项目完成投资."""
    kind: str
    """cumulative (builds up over the year), rate (增长 X%) or level (a share or stock to reach)."""
    target: Target
    actual: Actual | None
    ratio: float | None
    """actual / target after unit normalisation, for cumulative indicators; else None."""
    status: str
    """The judgement in force: the override's when there is one, else the automatic one."""
    evidence: Evidence
    override: Override | None = None
    auto_status: str | None = None
    """The automatic judgement, kept beside an override; None when not overridden."""
    note: str = ""
    """Why the judgement is what it is when that is not obvious (stated complete, currency mismatch…)."""
    confidence: str = "certain"
    """"certain" or "review" (see CONFIDENCES)."""
    confidence_reason: str = ""
    """Why a person should look, for `review`; "" when certain."""

    def as_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "kind": self.kind, "target": self.target.as_dict(),
                "actual": self.actual.as_dict() if self.actual else None,
                "ratio": self.ratio, "status": self.status,
                "evidence": self.evidence.as_dict(),
                "override": self.override.as_dict() if self.override else None,
                "auto_status": self.auto_status, "note": self.note,
                "confidence": self.confidence, "confidence_reason": self.confidence_reason}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Indicator:
        ratio = data.get("ratio")
        return cls(metric=str(data.get("metric", "")), kind=str(data["kind"]),
                   target=Target.from_dict(data["target"]),
                   actual=Actual.from_dict(data.get("actual")),
                   ratio=None if ratio is None else float(ratio), status=str(data["status"]),
                   evidence=Evidence.from_dict(data.get("evidence")),
                   override=Override.from_dict(data.get("override")),
                   auto_status=data.get("auto_status"), note=str(data.get("note", "")),
                   confidence=str(data.get("confidence", "certain")),
                   confidence_reason=str(data.get("confidence_reason", "")))


@dataclass(frozen=True)
class Change:
    """How a task moved since the previous period (与上季度相比)."""

    previous_status: str | None
    """The task's status last period; None when the task is new this period."""
    status_moved: bool
    """True when the status differs from last period's (滞后→序时推进 …)."""
    previous_ratio: float | None = None
    """Completion ratio of the deciding indicator last period, if it had one."""
    ratio_change: float | None = None
    """Ratio now minus ratio then, when both exist."""
    new_figures: tuple[str, ...] = ()
    """Metrics that have a reported figure now and had none last period."""

    def as_dict(self) -> dict[str, Any]:
        return {"previous_status": self.previous_status, "status_moved": self.status_moved,
                "previous_ratio": self.previous_ratio, "ratio_change": self.ratio_change,
                "new_figures": list(self.new_figures)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Change | None:
        if data is None:
            return None
        return cls(data.get("previous_status"), bool(data.get("status_moved")),
                   data.get("previous_ratio"), data.get("ratio_change"),
                   tuple(data.get("new_figures", ())))


VerdictMeaning = Literal["on_track", "lagging", "completed", "unknown"]
_MEANINGS = ("on_track", "lagging", "completed", "unknown")


@dataclass(frozen=True)
class Verdict:
    """The office's own judgement of a task, from a column such as 是否达到序时进度 or 是否滞后."""

    header: str
    """The column's header as written (是否 达序时)."""
    text: str
    """The cell as written (是, 否, 滞后, 已完成 …)."""
    meaning: VerdictMeaning
    """What it says in our terms: on_track (on schedule), lagging (behind), completed, or
    unknown (a cell we cannot read as any of these)."""

    def as_dict(self) -> dict[str, Any]:
        return {"header": self.header, "text": self.text, "meaning": self.meaning}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Verdict | None:
        if data is None:
            return None
        meaning = str(data.get("meaning", "unknown"))
        return cls(str(data.get("header", "")), str(data.get("text", "")),
                   cast(VerdictMeaning, meaning if meaning in _MEANINGS else "unknown"))


FIGURE_USES: tuple[str, ...] = ("target", "actual", "share", "set_aside", "unplaced")


@dataclass(frozen=True)
class FigureUse:
    """One figure of a task's text or cells, and what the assessment made of it: every figure is
    used (a target, an actual, a share of the target) or set aside for a stated reason; one that
    is neither is unplaced, and the judgement is then to be reviewed."""

    text: str
    """The figure as written (42.6亿元, 9月30日, 2023)."""
    source: str
    """Where it stands: task (the task's text), progress, or the name of the column."""
    use: str
    """target, actual, share, set_aside or unplaced (FIGURE_USES)."""
    reason: str = ""
    """Why it was set aside, in a reviewer's words (日期, 上年数据, 其中部分 …); "" when used."""

    def as_dict(self) -> dict[str, Any]:
        data = {"text": self.text, "source": self.source, "use": self.use}
        if self.reason:
            data["reason"] = self.reason
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FigureUse:
        return cls(str(data["text"]), str(data.get("source", "")), str(data.get("use", "")),
                   str(data.get("reason", "")))


@dataclass(frozen=True)
class Task:
    """One row of the progress table: a key task, who leads it, and what they reported."""

    id: str
    """The task number as written (序号), or the row position when the table has none."""
    title: str
    """The task with its annual targets (任务名称)."""
    lead: str
    """The lead unit (牵头单位) as written."""
    progress: tuple[Block, ...]
    """The progress text (进展情况) as paragraphs and list items."""
    source: Source
    extra: tuple[tuple[str, str], ...] = ()
    """Every other column, as (header as written, cell text) pairs in table order."""
    indicators: tuple[Indicator, ...] = ()
    status: str = "qualitative"
    """The judgement in force for the whole task (the override's when there is one)."""
    override: Override | None = None
    auto_status: str | None = None
    """The automatic task status, kept beside an override; None when not overridden."""
    note: str = ""
    change: Change | None = None
    """Movement since the previous period, when a previous table was given."""
    place: str = ""
    """The county, district, street or city the row is about (a 县区/街道/市 州 column), or ""."""
    group: str = ""
    """The group the task belongs to (分组): its section row (一、扩大有效投资), its 大类 column, or
    the sheet (or Word table) it came from when a file holds several; "" when none."""
    verdict: Verdict | None = None
    """The office's own judgement from a column such as 是否达到序时进度, when the table has one."""
    confidence: str = "certain"
    """"certain" or "review": review when any indicator is, or the table's own verdict on the
    task disagrees with the automatic status."""
    confidence_reason: str = ""
    """Why a person should look (the reasons joined by ；), "" when certain."""
    warning: str | None = None
    """A lagging task's warning tier (WARNING_TIERS: red, yellow or blue); None otherwise."""
    gap: float | None = None
    """How far a lagging task is behind, in percentage points (1 decimal): for a cumulative
    target the 序时进度 minus the 完成率, for a rate or a share the points short of the target,
    for another level the shortfall as a share of the target; the worst of its lagging
    indicators. None when it is not lagging or no figure measures it."""
    warning_reason: str = ""
    """Why the tier is what it is: 落后序时进度26.4个百分点；连续两期滞后."""
    figures: tuple[FigureUse, ...] = ()
    """Every figure of the task's text, progress and cells with what the assessment made of it
    (used, set aside and why, or unplaced); () before the assessment."""

    @property
    def leads(self) -> tuple[str, ...]:
        """The lead units `lead` names (发改局、经信局 → both), each once; () when it names none.
        Every count or group by unit uses these (`leads.split_leads`); `lead` stays as written."""
        return split_leads(self.lead)

    @property
    def progress_text(self) -> str:
        """The progress as one string, a line per paragraph or list item."""
        return "\n".join(block.text for block in self.progress)

    def extra_value(self, header: str) -> str | None:
        """The cell under an extra column, by its header as written."""
        for name, value in self.extra:
            if name == header:
                return value
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "lead": self.lead,
                "leads": list(self.leads),
                "progress": self.progress_text,
                "progress_blocks": [block.as_dict() for block in self.progress],
                "source": self.source.as_dict(),
                "extra": {name: value for name, value in self.extra},
                "status": self.status,
                "auto_status": self.auto_status,
                "override": self.override.as_dict() if self.override else None,
                "note": self.note,
                "indicators": [indicator.as_dict() for indicator in self.indicators],
                "change": self.change.as_dict() if self.change else None,
                "place": self.place, "group": self.group,
                "verdict": self.verdict.as_dict() if self.verdict else None,
                "confidence": self.confidence, "confidence_reason": self.confidence_reason,
                "warning": self.warning, "gap": self.gap, "warning_reason": self.warning_reason,
                "figures": [figure.as_dict() for figure in self.figures]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Task:
        if "progress_blocks" in data:
            blocks = tuple(Block.from_dict(b) for b in data["progress_blocks"])
        else:  # JSON written by another tool: one paragraph per line
            blocks = tuple(Block("paragraph", line)
                           for line in str(data.get("progress", "")).split("\n") if line)
        return cls(id=str(data["id"]), title=str(data["title"]), lead=str(data.get("lead", "")),
                   progress=blocks, source=Source.from_dict(data["source"]),
                   extra=tuple((str(k), str(v)) for k, v in (data.get("extra") or {}).items()),
                   indicators=tuple(Indicator.from_dict(i) for i in data.get("indicators", [])),
                   status=str(data.get("status", "qualitative")),
                   override=Override.from_dict(data.get("override")),
                   auto_status=data.get("auto_status"), note=str(data.get("note", "")),
                   change=Change.from_dict(data.get("change")),
                   place=str(data.get("place", "")), group=str(data.get("group", "")),
                   verdict=Verdict.from_dict(data.get("verdict")),
                   confidence=str(data.get("confidence", "certain")),
                   confidence_reason=str(data.get("confidence_reason", "")),
                   warning=data.get("warning") if data.get("warning") in WARNING_TIERS else None,
                   gap=None if data.get("gap") is None else float(data["gap"]),
                   warning_reason=str(data.get("warning_reason") or ""),
                   figures=tuple(FigureUse.from_dict(f) for f in data.get("figures") or ()))


COLUMN_DECIDERS: tuple[str, ...] = ("header", "cells", "settings", "guess")


@dataclass(frozen=True)
class ColumnRole:
    """What one column of a table was taken for, and what decided it."""

    column: str
    """The column's name as read (parts of a multi-row header joined by "/"), or 列N."""
    role: str
    """id, title, lead, progress, target, actual, completion, share, place, group, verdict, unit,
    growth, plan, leader, local_target, remarks, supporting, or other (kept, not read)."""
    decided_by: str
    """header (its name), cells (what the column holds: its header said nothing, or said
    something its cells do not bear out), settings (the office's [columns] or --column), or
    guess (nothing told the task column: the first column of words was taken for it)."""

    def as_dict(self) -> dict[str, Any]:
        return {"column": self.column, "role": self.role, "decided_by": self.decided_by}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnRole:
        return cls(str(data["column"]), str(data["role"]), str(data.get("decided_by", "header")))


@dataclass(frozen=True)
class Report:
    """A whole progress table: its title, the period it covers and its tasks in input order."""

    title: str
    period: Period
    tasks: tuple[Task, ...]
    source_file: str = ""
    """Name of the file the report was read from (no folder), used to name outputs."""
    assessed: bool = False
    """True once `assess` has judged the tasks; renderers assess an unassessed report first."""
    warnings: tuple[str, ...] = ()
    """Things the reader or assessor noticed and the user should know (one line each)."""
    previous_period: Period | None = None
    """The period compared with (与上季度相比), when a previous table was given."""
    previous_only: tuple[str, ...] = ()
    """Ids of last period's tasks that are not in this table."""
    previous_counts: tuple[tuple[str, int], ...] = ()
    """Last period's tasks by status (status, count), every status present."""
    metadata: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs from the lines above the table's header, in order: 填报单位, 填报日期,
    单位 (万元; or 个、亿元 for several columns), 制表 … Never part of the title."""
    traditional: bool = False
    """True when the table is in traditional characters: the assessment reads a simplified copy of
    each task's text (`chinese_script`), every output shows the text as given."""
    restricted_to: tuple[str, ...] = ()
    """The lead units the report was restricted to (`--lead`), as given; () for the whole table.
    Its tasks are then only theirs, its counts by unit only theirs, and documents are addressed
    to them."""
    layout: tuple[ColumnRole, ...] = ()
    """Each column of the (first) table and what it was taken for, in column order; () for a
    report not read from a table (JSON, built in code)."""

    @property
    def roles_from_cells(self) -> tuple[ColumnRole, ...]:
        """The columns whose role the cells decided, not the header or the office's settings."""
        return tuple(role for role in self.layout if role.decided_by == "cells")

    def with_tasks(self, tasks: Iterable[Task], **changes: Any) -> Report:
        """A copy with other tasks (and optionally other fields)."""
        return replace(self, tasks=tuple(tasks), **changes)

    def as_dict(self) -> dict[str, Any]:
        """The report's own fields; the JSON output adds its schema version and the summary
        (`renderers.json_out.report_document`)."""
        data = {"title": self.title, "period": self.period.as_dict(),
                "source_file": self.source_file, "assessed": self.assessed,
                "warnings": list(self.warnings),
                "metadata": [{"label": label, "value": value} for label, value in self.metadata],
                "traditional": self.traditional,
                "tasks": [task.as_dict() for task in self.tasks]}
        if self.restricted_to:
            data["restricted_to"] = list(self.restricted_to)
        if self.layout:
            data["layout"] = [role.as_dict() for role in self.layout]
        if self.previous_period is not None:
            data["comparison"] = {"previous_period": self.previous_period.as_dict(),
                                  "previous_only": list(self.previous_only),
                                  "previous_counts": dict(self.previous_counts)}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        return cls(title=str(data.get("title", "")), period=Period.from_dict(data["period"]),
                   tasks=tuple(Task.from_dict(t) for t in data["tasks"]),
                   source_file=str(data.get("source_file", "")),
                   assessed=bool(data.get("assessed", False)),
                   warnings=tuple(str(w) for w in data.get("warnings", [])),
                   previous_period=Period.from_dict(comparison["previous_period"])
                   if (comparison := data.get("comparison")) else None,
                   previous_only=tuple(comparison.get("previous_only", ())) if comparison else (),
                   previous_counts=tuple((str(k), int(v)) for k, v in
                                         comparison.get("previous_counts", {}).items())
                   if comparison else (),
                   metadata=tuple((str(item.get("label", "")), str(item.get("value", "")))
                                  for item in data.get("metadata") or ()),
                   traditional=bool(data.get("traditional", False)),
                   restricted_to=tuple(str(unit) for unit in data.get("restricted_to") or ()),
                   layout=tuple(ColumnRole.from_dict(item) for item in data.get("layout") or ()))


def worst_status(statuses: Iterable[str]) -> str:
    """The task status from its indicators' statuses by the rule above; qualitative if none."""
    found = list(statuses)
    if not found:
        return "qualitative"
    return max(found, key=lambda status: STATUS_SEVERITY[status])


__all__ = ["STATUSES", "KINDS", "OPS", "CONFIDENCES", "WARNING_TIERS", "COLUMN_DECIDERS",
           "FIGURE_USES", "ColumnRole", "FigureUse", "Period", "Block",
           "Source", "Target",
           "Actual", "Evidence", "Override", "Indicator", "Change", "Verdict", "Task", "Report",
           "worst_status"]
