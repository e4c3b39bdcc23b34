"""How figures and judgements read in documents, the same in the briefing, PDF and workbook.

Renderers never format a number or a status on their own: they ask here, so 「完成率 48.6%（序时进度
75%）」 reads the same everywhere.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import TYPE_CHECKING, Iterable

from ..assessment import disagrees, points_figure
from ..core.model import Indicator, Period, Report, Task
from ..text.quotes import quote

if TYPE_CHECKING:
    from ..core.palette import Palette

UNNAMED_LEAD = "未注明牵头单位"
"""How documents name the lead unit of a task whose table names none."""
VERDICT_MARK = "（与自评不一致）"
"""The mark beside a task's status where our judgement contradicts the office's own."""
# Metadata that says nothing to a reader of our documents (the annex number of the source).
_UNSHOWN_METADATA = ("附件", "附表")


def lead_name(lead: str) -> str:
    """A lead unit as documents name it: as written, or 未注明牵头单位 when the table names none."""
    return lead or UNNAMED_LEAD


def metadata_line(report: Report) -> str:
    """The lines above the table's header as one line for a document's header: 「填报单位：市发改委
    填报日期：2023年10月8日　单位：万元」; "" when the table has none."""
    return "　".join(f"{label}：{value}" for label, value in report.metadata
                    if value and label not in _UNSHOWN_METADATA)


UNKNOWN_AGAIN = "连续两期未报可比数据"
"""The mark of a task 待核实 in this period and the one before (`tiers.unknown_again`)."""


def warning_note(task: Task, palette: "Palette") -> str:
    """红色预警（落后26.4个百分点；连续两期滞后） for a lagging task with a tier; 连续两期未报可比数据
    for a task 待核实 twice running; else ""."""
    if task.warning:
        label = palette.warning_label(task.warning)
        return f"{label}（{task.warning_reason}）" if task.warning_reason else label
    if task.status == "unknown" and task.change is not None \
            and task.change.previous_status == "unknown":
        return UNKNOWN_AGAIN
    return ""


def scope_line(report: Report) -> str:
    """范围：经信局牵头的任务 for a report restricted to some lead units (--lead), else ""."""
    if not report.restricted_to:
        return ""
    return f"范围：{'、'.join(report.restricted_to)}牵头的任务（含共同牵头）"


PARTLY_ASSESSED_MARK = "（部分目标未评估）"
"""The mark beside 已完成 for a task judged completed while some of its targets had no figure."""


def partly_assessed_note(task: Task) -> str:
    """「部分目标未评估：新建学校（7所）无可比数据」 for a task shown as completed while some of its
    numeric targets could not be assessed (GUIDE: the others decide), else ""."""
    if task.status != "completed":
        return ""
    unassessed = [indicator for indicator in task.indicators if indicator.status == "unknown"]
    if not unassessed:
        return ""
    named = "、".join(f"{indicator.metric}（{target_text(indicator)}）" for indicator in unassessed)
    return f"部分目标未评估：{named}无可比数据，按其余目标判定"


def verdict_note(task: Task) -> str:
    """「与单位自评不一致：是否达序时“是”」 when our judgement of an assessed task contradicts the
    office's own verdict column, else ""."""
    if task.verdict is None or not disagrees(task):
        return ""
    header = "".join(task.verdict.header.split())
    return f"与单位自评不一致：{header}{quote(' '.join(task.verdict.text.split()))}"


def document_title(report: Report) -> str:
    """The title a published document shows: the table's own, or one made from the period."""
    return " ".join(report.title.split()) or f"{report.period.zh}重点任务进展情况"


def period_line(period: Period) -> str:
    """统计期：2023年三季度（1-9月，序时进度75.0%）."""
    months = "" if period.kind == "months" else f"1-{period.last_month}月，"
    return f"统计期：{period.zh}（{months}序时进度{percent_text(period.elapsed)}）"


def period_end(period: Period) -> str:
    """The end of a period as a document says 截至…: 2023年三季度末, 2024年11月末 (not
    2024年1-11月末), 2023年6月末 for a half year, 2023年末 for the year."""
    if period.kind == "quarter":
        return f"{period.zh}末"
    if period.last_month == 12:
        return f"{period.year}年末"
    return f"{period.year}年{period.last_month}月末"


OVERRIDE_MARK = "人工调整"
"""How every document names a status a reviewer set, beside it in a list of tasks and in the
note (never words of doubt: a judgement a reviewer settled is a fact)."""


def adjusted(judged: "Task | Indicator") -> bool:
    """True when a reviewer set the status to another than the automatic one. A confirmation
    (确认: the automatic status kept) settles the judgement and changes nothing a reader sees."""
    override = judged.override
    return override is not None and override.status != (judged.auto_status or judged.status)


def override_note(judged: "Task | Indicator", palette: "Palette") -> str:
    """人工调整为滞后（自动判定为序时推进），理由：驿站尚未运营 for a task or an indicator whose
    status a reviewer changed, else "" (a confirmed judgement reads as it is). The one wording of
    an override in every document."""
    override = judged.override
    if override is None or not adjusted(judged):
        return ""
    text = f"{OVERRIDE_MARK}为{_label(palette, override.status)}"
    if judged.auto_status and judged.auto_status != override.status:
        text += f"（自动判定为{_label(palette, judged.auto_status)}）"
    reason = " ".join(override.reason.split()).rstrip("。；;，, ")
    return text + (f"，理由：{reason}" if reason else "")


def _label(palette: "Palette", status: str) -> str:
    return palette.label(status) if status in palette.styles else status


def number_text(value: float) -> str:
    """A number as a person writes it: 350 not 350.0, 388.6, 1.25 — no float noise."""
    if not math.isfinite(value):  # never from a table (assessment.figure_range); still text
        return "—"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}" if abs(value) >= 1e-4 else f"{value:.3g}"


def percent_text(share: float, digits: int = 1) -> str:
    """0.486 → 48.6%."""
    if not math.isfinite(share):
        return "—"
    return f"{share * 100:.{digits}f}%"


def target_text(indicator: Indicator) -> str:
    """The target as the task states it, quoted from its text: 350亿元以上 (「完成投资350亿元以上」),
    突破100亿元, 低于1.82, 120公里 (「修建环义步道120公里」: no 以上 the task does not say). When
    the figure cannot be found in the task text as written, the figure and unit alone."""
    target = indicator.target
    return written_target(indicator) or f"{number_text(target.value)}{target.unit}"


# Words around a target's figure that are part of the target (longest first).
_BEFORE_FIGURE = ("不低于", "不少于", "不高于", "不超过", "不多于", "突破", "超过", "低于", "少于",
                  "高于", "多于", "至少", "控制在", "超")
_AFTER_FIGURE = ("及以上", "以上", "以下", "以内", "左右")
# The end of a list of figures after a bounding word: 突破100亿元、 or 突破100亿元、200亿元、
# The words before a figure as a regular expression tries them at one figure: the longest first
# (it starts earliest), among words of one length in the order above.
_BEFORE_FIGURE_BY_LENGTH = sorted(_BEFORE_FIGURE, key=len, reverse=True)
_RANGE_MARKS = "-~～至到"
_LISTED_AFTER = re.compile(rf"({'|'.join(_BEFORE_FIGURE)})(?:\d+(?:\.\d+)?[^\d、，。；,;]{{0,4}}、)+$")


def written_target(indicator: Indicator) -> str:
    """The target's figure as its task text writes it, with the words that bound it (突破…,
    …以上, 低于…), or "" when the figure is not found there."""
    target = indicator.target
    text = unicodedata.normalize("NFKC", indicator.evidence.target)
    found = _written_figure(text, number_text(target.value),
                            unicodedata.normalize("NFKC", target.unit))
    if found is None:
        return ""
    start, end, bound = found
    if not bound:  # 分别突破100亿元、1000亿元: the word bounds every figure listed
        listed = _LISTED_AFTER.search(text, 0, start)
        if listed:
            return listed.group(1) + text[start:end]
    return text[start:end]


def _written_figure(text: str, figure: str, unit: str) -> tuple[int, int, bool] | None:
    """(start, end, whether a bounding word comes first) of the first place `text` writes
    `figure` in `unit`: a bounding word before it (突破, 不低于 …) or none, the figure (not part
    of a longer number), a range's other end (8-10), the unit, and a bounding word after it
    (以上 …). The first place as `re.search` finds it for the pattern
    `(?<![\\d.])(BEFORE)?FIGURE(?:[-~～至到]\\d+(?:\\.\\d+)?)?UNIT(?![\\d.])(AFTER)?`, without
    compiling that pattern anew for every indicator (a tenth of writing a workbook)."""
    at = text.find(figure)
    while at >= 0:
        end = _unit_end(text, at + len(figure), unit)
        if end is not None:
            end += next((len(word) for word in _AFTER_FIGURE if text.startswith(word, end)), 0)
            # Bounding words are Chinese, so the figures they may belong to never overlap.
            for word in _BEFORE_FIGURE_BY_LENGTH:
                start = at - len(word)
                if start >= 0 and text.startswith(word, start) and _starts_a_number(text, start):
                    return start, end, True
            if _starts_a_number(text, at):
                return at, end, False
        at = text.find(figure, at + 1)
    return None


def _starts_a_number(text: str, at: int) -> bool:
    """Whether no digit or point comes just before `at` (the figure is not part of another)."""
    return at == 0 or not (text[at - 1].isdecimal() or text[at - 1] == ".")


def _ends_a_number(text: str, at: int) -> bool:
    return at >= len(text) or not (text[at].isdecimal() or text[at] == ".")


def _unit_end(text: str, at: int, unit: str) -> int | None:
    """Where `unit` ends after a figure ending at `at`, the other end of a range between them
    (8-10万人) tried first, longest first, as a regular expression would."""
    for middle in (*_range_ends(text, at), at):
        if text.startswith(unit, middle) and _ends_a_number(text, middle + len(unit)):
            return middle + len(unit)
    return None


def _range_ends(text: str, at: int) -> list[int]:
    """The places where a range's other end (-10, 至12.5) starting at `at` may end, in the order
    `(?:[-~～至到]\\d+(?:\\.\\d+)?)` tries them: all its digits and decimals first, then fewer."""
    if at >= len(text) or text[at] not in _RANGE_MARKS:
        return []
    digits = at + 1
    while digits < len(text) and text[digits].isdecimal():
        digits += 1
    if digits == at + 1:
        return []
    ends: list[int] = []
    if digits < len(text) and text[digits] == ".":
        decimals = digits + 1
        while decimals < len(text) and text[decimals].isdecimal():
            decimals += 1
        ends += range(decimals, digits + 1, -1)
    return ends + list(range(digits, at + 1, -1))


def actual_text(indicator: Indicator) -> str:
    """The reported figure, or 未报告可比数据 when there is none."""
    actual = indicator.override.actual if indicator.override and indicator.override.actual \
        else indicator.actual
    if actual is None:
        return "已完成（未报数）" if indicator.status == "completed" else "未报告可比数据"
    return f"{number_text(actual.value)}{actual.unit}"


def ratio_text(indicator: Indicator) -> str:
    """完成率 as a percentage (cumulative targets only), else an empty string."""
    return percent_text(indicator.ratio) if indicator.ratio is not None else ""


def gap_text(indicator: Indicator, period: Period) -> str:
    """How the figure stands against what was due: 「完成率48.6%，序时进度75.0%」 for a cumulative
    target, 「实际7.5%，目标8%以上」 for a rate or level target."""
    if indicator.kind == "cumulative" and indicator.ratio is not None:
        return f"完成率{ratio_text(indicator)}，序时进度{percent_text(period.elapsed)}"
    return f"实际{actual_text(indicator)}，目标{target_text(indicator)}"


def ratio_change_text(change: float) -> str:
    """完成率提高40个百分点, 完成率下降5.3个百分点, 完成率持平: a change of 完成率 between two
    periods (a share: 0.4 is 40 points), in the words of a gap (`points_behind`)."""
    figure = points_figure(change * 100)
    if figure == "0":
        return "完成率持平"
    return f"完成率{'提高' if change > 0 else '下降'}{figure}个百分点"


def indicator_line(indicator: Indicator, period: Period) -> str:
    """One line per indicator: 市重点项目完成投资：目标350亿元以上，实际388.6亿元（完成率111.0%）."""
    text = f"{indicator.metric}：目标{target_text(indicator)}，实际{actual_text(indicator)}"
    if indicator.ratio is not None:
        text += f"（完成率{ratio_text(indicator)}，序时进度{percent_text(period.elapsed)}）"
    return text


def main_indicator(task: Task) -> Indicator | None:
    """The indicator that decided the task's status (the first with that status), if any."""
    for indicator in task.indicators:
        if indicator.status == task.status:
            return indicator
    return task.indicators[0] if task.indicators else None


def task_ratio(task: Task) -> float | None:
    """The completion ratio that decided the task's status, for a 完成率 column."""
    indicator = main_indicator(task)
    return indicator.ratio if indicator else None


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in … when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def evidence_groups(indicators: Iterable[Indicator]) -> list[tuple[str, list[str]]]:
    """The text spans some indicators rest on, each task span once: (the task's span, the
    progress spans quoted for it), in order. Two targets of one sentence (分别突破100亿元、
    1000亿元) are one span with two figures reported against it, not the same quote twice."""
    groups: dict[str, list[str]] = {}
    for indicator in indicators:
        actuals = groups.setdefault(indicator.evidence.target, [])
        if indicator.evidence.actual and indicator.evidence.actual not in actuals:
            actuals.append(indicator.evidence.actual)
    return list(groups.items())


def evidence_text(indicator: Indicator) -> str:
    """The text spans an indicator rests on: 任务“完成350亿元以上”；进展“完成388.6亿元”."""
    text = f"任务{quote(indicator.evidence.target)}"
    if indicator.evidence.actual:
        text += f"；进展{quote(indicator.evidence.actual)}"
    return text


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五, 100 → 一百, 105 → 一百零五: for 「（一）」 headings."""
    if number < 0:
        return "负" + chinese_numeral(-number)
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        return "十" + (_DIGITS[number % 10] if number % 10 else "")
    if number < 100:
        return _DIGITS[number // 10] + "十" + (_DIGITS[number % 10] if number % 10 else "")
    for unit, name in ((10**8, "亿"), (10**4, "万"), (1000, "千"), (100, "百")):
        if number >= unit:
            head, rest = divmod(number, unit)
            head_text = chinese_numeral(head)
            if not rest:
                return head_text + name
            gap = "零" if rest < unit // 10 else ""
            rest_text = chinese_numeral(rest)
            if 10 <= rest < 20:
                rest_text = "一" + rest_text  # 一百一十五, not 一百十五
            return head_text + name + gap + rest_text
    raise AssertionError("unreachable")
