"""The workbooks that come back to us, defined once: the renderers write them and the readers read
them, by these labels (never by position, so a reviewer may insert, sort or hide columns). The
user's description, with its version, is docs/returned-workbooks.md; change both together.

- The reviewed workbook (`-f xlsx`): on its 全部任务 sheet a reviewer picks a status (or 确认) in
  人工调整 and gives the reason in 调整理由 (`readers/review.py` reads it back).
- A unit's 补报 workbook (`-f unit-xlsx`): one row per indicator; the unit may write only in 人工调整,
  实际完成值 and 说明 (`readers/unit_review.py` reads it back).

Each carries, on a very hidden, protected sheet (`METADATA_SHEET`), which table, period and
unit it was made for (`WorkbookMetadata`); a returned workbook is applied only to that table and
period, each row only to the task whose 序号 and 任务名称 it shows, and a unit's rows only to
its own tasks (`assessment/overrides.py` refuses what does not match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.palette import Palette

FORMAT_NAME = "yiwu-reports returned workbook"
FORMAT_VERSION = 1
"""The version of the returned workbooks' format (docs/returned-workbooks.md). A reader takes
its own version and older ones; a workbook of a newer version is refused."""
METADATA_SHEET = "yiwu-reports"
"""The very hidden, protected sheet holding `WorkbookMetadata`, a key and a value a row."""
KIND_REVIEWED = "reviewed"
KIND_UNIT = "unit"
CONFIRM_LABEL = "确认"
"""The 人工调整 choice that keeps the automatic judgement: the reviewer has settled the doubt."""
CONFIRMED = "confirmed"
"""The status value of an `OverrideEntry` that confirms the automatic judgement (确认)."""
CONFIRM_REASON = "复核确认"
"""How a confirmation is recorded: the override's reason begins with it."""
CUT_MARK = "…（截断，全文见JSON）"
"""Appended to a cell's text that was cut to Excel's limit (so a title shown cut still matches
its task)."""


@dataclass(frozen=True)
class ReviewedWorkbook:
    """The labels of the reviewed workbook's task sheet."""

    sheet: str = "全部任务"
    id: str = "序号"
    title: str = "任务名称"
    """The task's text as the table gives it: a row applies only to the task it names."""
    override: str = "人工调整"
    """The column where a reviewer picks a status, or 确认."""
    reason: str = "调整理由"


@dataclass(frozen=True)
class UnitWorkbook:
    """The labels of a unit's 补报 workbook."""

    sheet: str = "补报"
    id: str = "序号"
    title: str = "任务名称"
    indicator: str = "指标序号"
    status: str = "人工调整"
    actual: str = "实际完成值"
    """A corrected figure: 388.6亿元, or a bare number in the target's unit."""
    reason: str = "说明"

    @property
    def editable(self) -> tuple[str, ...]:
        """The columns a unit may write in; every other cell of its sheet is locked."""
        return (self.status, self.actual, self.reason)


REVIEWED = ReviewedWorkbook()
UNIT_RETURN = UnitWorkbook()


@dataclass(frozen=True)
class WorkbookMetadata:
    """What a returned workbook was made for, written with it on `METADATA_SHEET`."""

    kind: str
    """`KIND_REVIEWED` or `KIND_UNIT`."""
    table: str
    """The title of the table it was made from."""
    source: str
    """The file that table was read from (told in messages; a renamed file still matches)."""
    period: str
    """The period's label (2023Q3)."""
    period_zh: str = ""
    """The period as the documents name it (2023年三季度), for a person reading the sheet."""
    unit: str = ""
    """The lead unit of a 补报 workbook; "" for the reviewed workbook."""
    version: int = FORMAT_VERSION

    def rows(self) -> list[tuple[str, str, str]]:
        """(key, value, note) for each row of the metadata sheet, the format's name first."""
        rows = [("format", FORMAT_NAME, "本表由 make-report 写入，用于核对退回的工作簿，请勿修改"),
                ("version", str(self.version), "格式版本"),
                ("kind", self.kind, "reviewed：复核工作簿；unit：单位补报表"),
                ("table", self.table, "所属表格"), ("source", self.source, "所属表格的文件"),
                ("period", self.period, "统计期"), ("period_zh", self.period_zh, "统计期")]
        if self.unit:
            rows.append(("unit", self.unit, "补报单位"))
        return rows

    @classmethod
    def from_values(cls, values: dict[str, str]) -> WorkbookMetadata:
        """The metadata from the sheet's key → value pairs. ValueError (saying what is wrong)
        when they are not this format's, or of a newer version."""
        if values.get("format") != FORMAT_NAME:
            raise ValueError("its metadata sheet is not make-report's")
        version_text = values.get("version", "")
        if not version_text.isdigit():
            raise ValueError(f"its format version {version_text!r} is not a number")
        version = int(version_text)
        if version > FORMAT_VERSION:
            raise ValueError(f"it is in format version {version}, newer than this yiwu-reports "
                             f"reads ({FORMAT_VERSION}); upgrade yiwu-reports")
        kind = values.get("kind", "")
        if kind not in (KIND_REVIEWED, KIND_UNIT):
            raise ValueError(f"its kind {kind!r} is neither {KIND_REVIEWED} nor {KIND_UNIT}")
        if not values.get("period"):
            raise ValueError("its metadata names no period")
        return cls(kind=kind, table=values.get("table", ""), source=values.get("source", ""),
                   period=values["period"], period_zh=values.get("period_zh", ""),
                   unit=values.get("unit", ""), version=version)


def review_choice(palette: Palette, text: str) -> str | None:
    """What a 人工调整 cell (or an overrides file's status) chooses: a status value for a status's
    label or value, `CONFIRMED` for 确认 (or confirmed); None when it names neither."""
    if text.strip() in (CONFIRM_LABEL, CONFIRMED):
        return CONFIRMED
    return palette.status_for_label(text)


def review_choices(palette: Palette) -> str:
    """The choices of 人工调整, for messages: 已完成、序时推进、…、确认."""
    return "、".join([*(palette.label(status) for status in palette.styles), CONFIRM_LABEL])


_WHITE = re.compile(r"[\s\u200b-\u200f\u2060\ufeff]+")


def title_matches(shown: str, title: str) -> bool:
    """True when `shown` (a task's text as a returned workbook or a file shows it) is the text of
    `title`: white space aside, and up to `CUT_MARK` when the workbook had to cut it."""
    shown, title = _WHITE.sub("", shown), _WHITE.sub("", title)
    cut = _WHITE.sub("", CUT_MARK)
    if shown.endswith(cut):
        return title.startswith(shown[:-len(cut)])
    return shown == title
