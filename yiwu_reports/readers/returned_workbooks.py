"""The workbooks that come back to us, defined once: the renderers write them and the readers read
them, by these labels (never by position, so a reviewer may insert, sort or hide columns).

- The reviewed workbook (`-f xlsx`): on its 全部任务 sheet a reviewer picks a status in 人工调整 and
  gives the reason in 调整理由 (`readers/review.py` reads it back).
- A unit's 补报 workbook (`-f unit-xlsx`): one row per indicator; the unit may write only in 人工调整,
  实际完成值 and 说明 (`readers/unit_review.py` reads it back).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewedWorkbook:
    """The labels of the reviewed workbook's task sheet."""

    sheet: str = "全部任务"
    id: str = "序号"
    override: str = "人工调整"
    """The column where a reviewer picks a status."""
    reason: str = "调整理由"


@dataclass(frozen=True)
class UnitWorkbook:
    """The labels of a unit's 补报 workbook."""

    sheet: str = "补报"
    id: str = "序号"
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
