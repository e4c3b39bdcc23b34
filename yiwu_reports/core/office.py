"""The office that sends the documents: its name, addressees, signature and deadlines, in one place.

A briefing names the office that writes it (督查室), the units it goes to (主送), who signs it,
who receives the lagging units' 整改措施 and by when. These differ from one office to the next,
so they are settings, not text in the package: `[report]` keys of the run config (each field
below is a key of the same name), `RenderOptions.office` from Python, and placeholders of the
briefing text (`{organisation}`, `{recipients}` …) that `templates/briefing.toml` and a user's
copy of it use. A new setting is a new field here: the config accepts it, the briefing text can
use it, and the fingerprint of scheduled runs includes it, with nothing else to change.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from .dates import WorkingCalendar, parse_date
from .errors import UsageError


@dataclass(frozen=True)
class OfficeSettings:
    """Who sends the documents, to whom, and the deadlines they set."""

    organisation: str = "市政府督查室"
    """The office that writes the briefing (市政府督查室), as its sentences name it."""
    recipients: str = "各镇人民政府、街道办事处，市政府各部门、各直属单位"
    """主送机关: the addressees at the head of the briefing, without the closing colon."""
    signature: str = ""
    """发文机关署名 under the text; the organisation when empty."""
    measures_to: str = ""
    """The unit the lagging units send their 整改措施 to; the organisation when empty."""
    measures_deadline: str = "下月5日"
    """When the 整改措施 are due, as a rule counted from the document's date (下月5日, 10个工作日,
    11月5日, 2023-11-05): the documents name the day, 「于2023年11月5日前」."""
    supplement_deadline: str = "5个工作日"
    """When missing figures (待核实事项) are due, likewise: 5个工作日 from 2023年10月20日 is
    「于2023年10月27日前」, counted on China's working days (`days_off`, `working_days`)."""
    notice_number: str = "督办〔{year}〕{n}号"
    """The number of each 督办通知单 (`-f notices`): {year} the period's year, {n} the notice's
    place among the run's notices (1, 2 …: units in the order their first task stands in the
    table, so the same table gives the same numbers). GB/T 9704 7.2.4: no 第 before the number,
    no leading zeros."""
    rectification: str = (
        "对照年度目标逐项分析滞后原因，制定针对性整改措施，明确责任人和完成时限。\n"
        "加快推进滞后任务，确保尽快赶上序时进度；确有困难的，如实说明原因并提出解决办法。")
    """整改要求 of a 督办通知单 for lagging tasks: one requirement per line."""
    supplement_requirements: str = (
        "对需补报的事项，按任务目标报送可比的量化数据，并注明数据来源和统计口径。")
    """The requirements of a 督办通知单 for tasks whose figures are missing (待核实): one per
    line. A notice asks what it has cause to ask: these for a unit with only 待核实 tasks,
    `rectification` for one with only lagging tasks, both for one with both."""
    draft_mark: str = "征求意见稿"
    """The mark of a draft (a run with judgements a reviewer has not settled): in the header of
    the briefing and the notices, on every page of the PDF and at the top of the web page."""
    days_off: tuple[str, ...] = ()
    """The office's own days off (2023-10-09 …) besides China's holidays, for deadlines counted
    in working days. In the config, a list of dates."""
    working_days: tuple[str, ...] = ()
    """The office's own working days (a weekend it works) besides China's 调休 days."""
    warning_yellow: float = 10.0
    """A lagging task this many percentage points behind (or more) is yellow (黄色预警)."""
    warning_red: float = 25.0
    """A lagging task more than this many points behind is red (红色预警); so is one that was
    lagging the period before as well."""

    def placeholders(self) -> dict[str, str]:
        """Every setting by name, the empty ones that default to the organisation filled in:
        the values `{organisation}`, `{signature}` … of the briefing text (the lists of days
        are not text of the briefing)."""
        values = {name: _text(value) for name, value in asdict(self).items()
                  if not isinstance(value, tuple)}
        for name in ("signature", "measures_to"):
            values[name] = values[name] or self.organisation
        return values

    def as_dict(self) -> dict[str, str]:
        """The settings as given (for the fingerprint of scheduled runs)."""
        return {name: _text(value) for name, value in asdict(self).items()}

    def calendar(self) -> WorkingCalendar:
        """China's working days with the office's own days laid over them."""
        return WorkingCalendar.of(self.days_off, self.working_days)

    def is_default(self) -> bool:
        return self == OfficeSettings()

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], where: str = "office settings") -> OfficeSettings:
        """Settings from a mapping of field names to text (a config's `[report]` keys that are
        office settings, or a caller's dict). Unknown names and values that are not text are
        `UsageError`s naming them."""
        known = setting_names()
        unknown = sorted(str(key) for key in values if key not in known)
        if unknown:
            raise UsageError(f"{where}: unknown office setting(s) {', '.join(unknown)}; the "
                             f"settings are {', '.join(known)}")
        numbers = {field.name for field in fields(cls) if field.type in ("float", float)}
        days = {field.name for field in fields(cls) if str(field.type).startswith("tuple")}
        given: dict[str, Any] = {}
        for key, value in values.items():
            if key in days:
                if isinstance(value, (str, _dt.date)) or not isinstance(value, (list, tuple)):
                    value = [value]
                value = tuple(sorted({parse_date(day, f"{where}: {key}").isoformat()
                                      for day in value}))
            elif key in numbers:
                if isinstance(value, bool) or not isinstance(value, (int, float)) \
                        or not math.isfinite(value) or value < 0:
                    raise UsageError(f"{where}: {key} must be a number of percentage points "
                                     f"(0 or more), not {value!r}")
                value = float(value)
            elif not isinstance(value, str):
                raise UsageError(f"{where}: {key} must be text, not {type(value).__name__}")
            given[str(key)] = value
        settings = cls(**given)
        if settings.warning_red < settings.warning_yellow:
            raise UsageError(f"{where}: warning_red ({settings.warning_red:g}) must not be below "
                             f"warning_yellow ({settings.warning_yellow:g})")
        return settings


def _text(value: object) -> str:
    """A setting as text: 10 for the number 10.0, dates joined by commas."""
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def setting_names() -> tuple[str, ...]:
    """The names of the office settings, in order (each a `[report]` key of the config)."""
    return tuple(field.name for field in fields(OfficeSettings))
