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

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

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
    """When the 整改措施 are due: 「于下月5日前」."""
    supplement_deadline: str = "5个工作日"
    """When missing figures (待核实事项) are due: 「于5个工作日内」."""
    notice_number: str = "督办〔{year}〕第{n}号"
    """The number of each 督办通知单 (`-f notices`): {year} the period's year, {n} the notice's
    place among the run's notices (1, 2 …: units in the order their first task stands in the
    table, so the same table gives the same numbers)."""
    rectification: str = (
        "对照年度目标逐项分析滞后原因，制定针对性整改措施，明确责任人和完成时限。\n"
        "加快推进滞后任务，确保尽快赶上序时进度；确有困难的，如实说明原因并提出解决办法。\n"
        "对需补报的事项，按任务目标报送可比的量化数据，并注明数据来源和统计口径。")
    """整改要求 of the 督办通知单: one requirement per line."""
    warning_yellow: float = 10.0
    """A lagging task this many percentage points behind (or more) is yellow (黄色预警)."""
    warning_red: float = 25.0
    """A lagging task more than this many points behind is red (红色预警); so is one that was
    lagging the period before as well."""

    def placeholders(self) -> dict[str, str]:
        """Every setting by name, the empty ones that default to the organisation filled in:
        the values `{organisation}`, `{signature}` … of the briefing text."""
        values = {name: _text(value) for name, value in asdict(self).items()}
        for name in ("signature", "measures_to"):
            values[name] = values[name] or self.organisation
        return values

    def as_dict(self) -> dict[str, str]:
        """The settings as given (for the fingerprint of scheduled runs)."""
        return {name: _text(value) for name, value in asdict(self).items()}

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
        given: dict[str, Any] = {}
        for key, value in values.items():
            if key in numbers:
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
    """A setting as text: 10 for the number 10.0."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def setting_names() -> tuple[str, ...]:
    """The names of the office settings, in order (each a `[report]` key of the config)."""
    return tuple(field.name for field in fields(OfficeSettings))
