"""What the web page shows, as plain strings in the order a reader wants them.

Built from the assessed report, its Summary, the palette and the shared wording (`display`,
`comparison_view`): the template only lays these out, and nothing here judges a task again.
Fields that later versions of the model may carry (a task's `confidence`, a lagging task's
`warning` tier) are shown when present and not required.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Mapping, Sequence

from ...core.errors import UsageError
from ...core.model import STATUSES, Block, Report, Task
from ...core.palette import Palette
from ...summary import (
    OVERRIDE_MARK,
    Summary,
    actual_text,
    adjusted,
    comparison_view,
    document_title,
    evidence_groups,
    gap_text,
    main_indicator,
    number_text,
    override_note,
    partly_assessed_note,
    percent_text,
    period_line,
    scope_line,
    target_text,
    task_units,
    warning_note,
)
from ...text.quotes import quote
from ...text.title_lines import break_opportunities
from .charts import Chart, leads_chart, status_chart
from .contrast import readable_ink

# Lead units drawn in the chart (all of them are in the table below it), as in the PDF.
CHART_LEADS = 20
# What each status means, for the legend under the headline figures (labels come from the palette).
MEANINGS = {"completed": "年度目标已经完成",
            "on_track": "达到序时进度",
            "lagging": "低于序时进度，或增速、比例等目标未达到",
            "unknown": "有量化目标，但未报告可比数据",
            "qualitative": "没有量化目标，以文字反映进展"}
# The portal's 信息公开 fields: setting key → label, in the order portals show them.
PUBLICATION_FIELDS = (("index_number", "索引号"), ("publisher", "发布机构"),
                      ("publish_date", "发布日期"))


@dataclass(frozen=True)
class StatusStyle:
    """A status as the page shows it: its label and the colours of its cells and bars."""

    status: str
    label: str
    meaning: str
    fill: str
    ink: str
    """Text colour on `fill`: the palette's when it reaches contrast AA, else black or white."""
    strong: str


@dataclass(frozen=True)
class Card:
    """One headline figure."""

    status: str
    """The status it counts, or "" for the total."""
    value: str
    label: str
    share: str


@dataclass(frozen=True)
class TaskRow:
    """A row of the all-tasks table."""

    id: str
    title: str
    lead: str
    lead_key: str
    """The numbers of the task's lead units in the filter (their positions in the table's
    order), separated by spaces: a task led jointly is shown under each."""
    status: str
    status_label: str
    notes: tuple[str, ...]
    """The reviewer's override, the assessment's note, a warning flag (never a doubt: a page
    for the public states what is settled; doubts are the workbook's and the JSON's)."""
    progress: tuple[Block, ...]
    extra: tuple[tuple[str, str], ...]
    """The table's other columns (header, text), those with text only."""
    ratio: str
    """完成率 of the deciding indicator (cumulative targets only), else ""."""
    adjusted: bool
    """True when a reviewer changed the status (shown as （人工调整） beside it; a confirmed
    judgement reads as it is)."""
    tall: bool = False
    """Taller than a third of a printed page: the row may break across pages (`printed_lines`)."""


@dataclass(frozen=True)
class ShortfallRow:
    """A lagging task with what it was measured against."""

    id: str
    title: str
    lead: str
    notes: tuple[str, ...]
    target: str
    actual: str
    ratio: str
    """完成率 (48.6%) for a cumulative target, else "—"."""
    schedule: str
    """序时进度75.0% beside a 完成率, else ""."""
    evidence: tuple[str, ...]
    tall: bool = False
    """Taller than a third of a printed page: the row may break across pages."""


@dataclass(frozen=True)
class UnverifiedRow:
    id: str
    title: str
    lead: str
    targets: str


@dataclass(frozen=True)
class LeadRow:
    """A lead unit's tasks by status (in `STATUSES` order) for the table under chart 2."""

    lead: str
    counts: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class ComparisonRow:
    status: str
    label: str
    previous: str
    now: str
    change: str


@dataclass(frozen=True)
class MovedRow:
    id: str
    title: str
    lead: str
    previous_label: str
    status: str
    label: str
    change: str


@dataclass(frozen=True)
class Comparison:
    """「与上季度相比」, when the report was compared with a previous period."""

    heading: str
    previous: str
    sentence: str
    rows: tuple[ComparisonRow, ...]
    moved: tuple[MovedRow, ...]


@dataclass(frozen=True)
class PageView:
    """Everything the page template shows, in reading order."""

    title: str
    title_parts: tuple[str, ...]
    """The title in pieces between which a line may break (its words): the page joins them with
    <wbr> and breaks nowhere else."""
    period: str
    period_line: str
    draft_mark: str
    """The draft mark (征求意见稿) of a page not yet final, shown at its top (and the page kept
    out of search engines); "" on a final."""
    publication: tuple[tuple[str, str], ...]
    """(label, value) of the 信息公开 fields given in settings; empty when none were."""
    total: str
    cards: tuple[Card, ...]
    statuses: tuple[StatusStyle, ...]
    lagging_label: str
    unknown_label: str
    status_chart: Chart
    leads_chart: Chart
    leads: tuple[LeadRow, ...]
    """Every lead unit, most lagging first (the chart shows the first CHART_LEADS)."""
    filter_leads: tuple[tuple[str, str], ...]
    """(key, lead unit) in the table's order, for the filter."""
    comparison: Comparison | None
    shortfall_intro: str
    shortfalls: tuple[ShortfallRow, ...]
    unverified: tuple[UnverifiedRow, ...]
    tasks: tuple[TaskRow, ...]
    override_mark: str = OVERRIDE_MARK
    """The mark beside a status a reviewer changed (人工调整), as in every document."""


# The printed page (html-page.css @media print): A4 less margins of 16 and 14 mm is 182 × 265 mm;
# table text is 9.5 pt (3.35 mm a character) in lines 1.5 high (5 mm). A row taller than a third
# of the page (17 lines) may break across pages; a shorter one is kept whole. Characters a line
# of each wide column holds, counted short (a long word wraps early).
THIRD_OF_A_PAGE_LINES = 17
TITLE_CHARS = 11
"""全部任务's 任务名称 (24% of the width)."""
PROGRESS_CHARS = 16
"""全部任务's 进展情况 (the width the other columns leave)."""
SHORT_TITLE_CHARS = 9
EVIDENCE_CHARS = 12
"""滞后任务's 任务名称 and 判断依据."""


def printed_lines(paragraphs: Sequence[str], chars: int) -> int:
    """How many printed lines `paragraphs` take in a column of `chars` characters a line (a
    Latin character or a digit counts half)."""
    lines = 0
    for paragraph in paragraphs:
        width = sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in paragraph)
        lines += max(1, -int(-width // chars))
    return lines


def title_parts(title: str) -> tuple[str, ...]:
    """`title` cut at every place a line of it may begin (between words, `title_lines`)."""
    bounds = (0, *break_opportunities(title), len(title))
    return tuple(title[start:end] for start, end in zip(bounds, bounds[1:]))


def evidence_lines(target: str, actuals: Sequence[str]) -> list[str]:
    """The text spans a judgement rests on: 任务原文“…”, then 进展原文“…” for each figure
    reported against it (a task's span once, however many of its targets it names)."""
    return [f"任务原文{quote(target)}"] + [f"进展原文{quote(actual)}" for actual in actuals]


def _flags(task: Task, palette: Palette) -> list[str]:
    """The task's warning tier (or 待核实 twice running) and a target left unassessed, as text."""
    flags = [note] if (note := warning_note(task, palette)) else []
    if partly := partly_assessed_note(task):
        flags.append(partly)
    return flags


def _shortfall(task: Task, report: Report, palette: Palette) -> ShortfallRow:
    period = report.period
    indicator = main_indicator(task)
    notes = [override_note(task, palette), task.note, *_flags(task, palette)]
    notes += [f"{i.metric}：{gap_text(i, period)}" for i in task.indicators
              if i is not indicator and i.status == "lagging"]
    if indicator is not None and indicator.note:
        notes.append(indicator.note)
    if indicator is None:
        return ShortfallRow(task.id, task.title, task.lead, tuple(n for n in notes if n),
                            "—", "—", "—", "", ())
    measured = indicator.kind == "cumulative" and indicator.ratio is not None
    ratio = percent_text(indicator.ratio) if measured and indicator.ratio is not None else "—"
    schedule = f"序时进度{percent_text(period.elapsed)}" if measured else ""
    shown = [i for i in task.indicators if i.status == "lagging"] or [indicator]
    evidence = tuple(line for target, actuals in evidence_groups(shown)
                     for line in evidence_lines(target, actuals))
    shown_notes = tuple(n for n in notes if n)
    tall = max(printed_lines([task.title, *shown_notes], SHORT_TITLE_CHARS),
               printed_lines(evidence, EVIDENCE_CHARS)) > THIRD_OF_A_PAGE_LINES
    return ShortfallRow(task.id, task.title, task.lead, shown_notes,
                        target_text(indicator), actual_text(indicator), ratio, schedule,
                        evidence, tall)


def _unverified(task: Task) -> UnverifiedRow:
    missing = [i for i in task.indicators if i.actual is None
               and not (i.override and i.override.actual)] or list(task.indicators)
    targets = "；".join(f"{i.metric or '指标'}：目标{target_text(i)}" for i in missing)
    return UnverifiedRow(task.id, task.title, task.lead, targets)


def _task_row(task: Task, lead_keys: Mapping[str, str], palette: Palette,
              only: Sequence[str]) -> TaskRow:
    indicator = main_indicator(task)
    ratio = (f"完成率{percent_text(indicator.ratio)}"
             if indicator is not None and indicator.ratio is not None else "")
    notes = tuple(n for n in (override_note(task, palette), task.note, *_flags(task, palette)) if n)
    keys = " ".join(lead_keys[unit] for unit in task_units(task, only) if unit in lead_keys)
    extra = tuple((name, value) for name, value in task.extra if value)
    progress = [block.text for block in task.progress] + [f"{name}：{value}" for name, value in extra]
    tall = max(printed_lines([task.title, *notes], TITLE_CHARS),
               printed_lines(progress, PROGRESS_CHARS)) > THIRD_OF_A_PAGE_LINES
    return TaskRow(task.id, task.title, task.lead, keys, task.status,
                   palette.label(task.status), notes, task.progress, extra, ratio,
                   adjusted(task), tall)


def _comparison(report: Report, summary: Summary, palette: Palette) -> Comparison | None:
    view = comparison_view(report, summary, palette)
    if view is None:
        return None
    rows = tuple(ComparisonRow(row.status, row.label, number_text(row.previous),
                               number_text(row.now), f"{row.change:+d}" if row.change else "0")
                 for row in view.rows)
    moved = []
    for item in view.moved_tasks:
        change = item.change_text
        moved.append(MovedRow(item.task.id, item.task.title, item.task.lead,
                              palette.label(item.previous_status), item.status,
                              palette.label(item.status), change))
    return Comparison(view.heading, view.previous_zh, view.sentence, rows, tuple(moved))


def publication_fields(settings: object) -> tuple[tuple[str, str], ...]:
    """The 信息公开 fields from `RenderOptions.extra["publication"]` (a mapping of
    index_number, publisher, publish_date), those given only, as (label, text)."""
    if settings is None:
        return ()
    if not isinstance(settings, Mapping):
        raise UsageError("publication settings must be a table of index_number, publisher and "
                         "publish_date")
    unknown = set(settings) - {key for key, _ in PUBLICATION_FIELDS}
    if unknown:
        raise UsageError(f"unknown publication setting(s) {', '.join(sorted(map(str, unknown)))}; "
                         f"allowed: {', '.join(key for key, _ in PUBLICATION_FIELDS)}")
    fields = []
    for key, label in PUBLICATION_FIELDS:
        value = settings.get(key)
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.strftime("%Y-%m-%d")  # a TOML date
        if value is None or not str(value).strip():
            continue
        fields.append((label, " ".join(str(value).split())))
    return tuple(fields)


def _shortfall_intro(summary: Summary, palette: Palette) -> str:
    count = len(summary.shortfalls)
    text = (f"以下{number_text(count)}项任务{palette.label('lagging')}，按原表顺序列出。" if count
            else f"本期没有{palette.label('lagging')}的任务。")
    if summary.unverified:
        text += (f"另有{number_text(len(summary.unverified))}项任务{palette.label('unknown')}"
                 f"（有量化目标但未报告可比数据），列在其后。")
    return text


def build_view(report: Report, summary: Summary, palette: Palette,
               extra: Mapping[str, object], draft_mark: str = "") -> PageView:
    """The page of an assessed report (`draft_mark`: the mark of a draft, "" for a final)."""
    statuses = tuple(StatusStyle(status, palette.label(status), MEANINGS[status],
                                 palette[status].fill,
                                 readable_ink(palette[status].fill, palette[status].text),
                                 palette[status].strong) for status in STATUSES)
    cards = (Card("", number_text(summary.total), "任务总数（项）", ""),
             *(Card(status, number_text(summary.counts[status]), palette.label(status),
                    percent_text(summary.share(status))) for status in STATUSES))
    leads = summary.leads_by_shortfall()
    shown = leads[:CHART_LEADS]
    more = (f"，共{number_text(len(leads))}个，图中列出{palette.label('lagging')}任务最多的"
            f"{len(shown)}个" if len(leads) > len(shown) else "")
    caption = f"图2　牵头单位任务状态（按{palette.label('lagging')}任务数排序{more}）"
    lead_keys = {lead.lead: str(index) for index, lead in enumerate(summary.by_lead)}
    return PageView(
        title=document_title(report), title_parts=title_parts(document_title(report)),
        period=report.period.zh,
        period_line="　".join(filter(None, (period_line(report.period), scope_line(report)))),
        draft_mark=draft_mark,
        publication=publication_fields(extra.get("publication")),
        total=number_text(summary.total), cards=cards, statuses=statuses,
        lagging_label=palette.label("lagging"), unknown_label=palette.label("unknown"),
        status_chart=status_chart(summary, palette),
        leads_chart=leads_chart(shown, palette, caption),
        leads=tuple(LeadRow(lead.lead, tuple(number_text(lead.counts[s]) for s in STATUSES),
                            number_text(lead.total)) for lead in leads),
        filter_leads=tuple((key, lead) for lead, key in lead_keys.items()),
        comparison=_comparison(report, summary, palette),
        shortfall_intro=_shortfall_intro(summary, palette),
        shortfalls=tuple(_shortfall(task, report, palette) for task in summary.shortfalls),
        unverified=tuple(_unverified(task) for task in summary.unverified),
        tasks=tuple(_task_row(task, lead_keys, palette, report.restricted_to)
                    for task in report.tasks))
