"""The status labels and colours, defined once in `templates/statuses.json` (and changed in a user's
templates folder or config, never in the package)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from .errors import UsageError
from .model import STATUSES, WARNING_TIERS
from .resources import template_path, user_template

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class StatusStyle:
    """How one status is shown: its label and three colours (#RRGGBB)."""

    label: str
    fill: str
    """Background of a row or cell in that status."""
    text: str
    """Text colour on that background."""
    strong: str
    """Solid colour for charts and markers."""


@dataclass(frozen=True)
class Palette:
    """Labels and colours of every status, and of the warning tiers of lagging tasks."""

    styles: Mapping[str, StatusStyle]
    warnings: Mapping[str, StatusStyle] = field(default_factory=dict)
    """The 预警 tiers (red, yellow, blue) of lagging tasks: label (红色预警) and colours."""

    def warning(self, tier: str) -> StatusStyle:
        """How a warning tier is shown (the shipped style if this palette has none for it)."""
        style = self.warnings.get(tier)
        return style if style is not None else default_palette().warnings[tier]

    def warning_label(self, tier: str | None) -> str:
        """红色预警 for "red"; "" for no tier."""
        return self.warning(tier).label if tier else ""

    def label(self, status: str) -> str:
        return self.styles[status].label

    def __getitem__(self, status: str) -> StatusStyle:
        return self.styles[status]

    def status_for_label(self, label: str) -> str | None:
        """The status a label (or a status value) names, e.g. 滞后 → lagging; None if none."""
        text = label.strip()
        for status, style in self.styles.items():
            if text in (status, style.label):
                return status
        return None

    def with_changes(self, changes: Mapping[str, Mapping[str, str]]) -> Palette:
        """A palette with some labels or colours replaced (from a config file)."""
        styles = dict(self.styles)
        for status, fields in changes.items():
            if status not in styles:
                raise UsageError(f"unknown status {status!r} in palette changes; statuses are "
                                 f"{', '.join(STATUSES)}")
            merged = {**styles[status].__dict__, **dict(fields)}
            styles[status] = _style(status, merged)
        return Palette(styles, self.warnings)

    def with_warning_changes(self, changes: Mapping[str, Mapping[str, str]]) -> Palette:
        """A palette with some warning tiers' labels or colours replaced."""
        tiers = {tier: self.warning(tier) for tier in WARNING_TIERS}
        for tier, fields in changes.items():
            if tier not in tiers:
                raise UsageError(f"unknown warning tier {tier!r}; tiers are "
                                 f"{', '.join(WARNING_TIERS)}")
            tiers[tier] = _style(tier, {**tiers[tier].__dict__, **dict(fields)})
        return Palette(self.styles, tiers)


def hex_digits(colour: str) -> str:
    """A palette colour (#RRGGBB) as the six upper-case hex digits OOXML wants (RRGGBB)."""
    return colour.lstrip("#").upper()


def _style(status: str, data: Mapping[str, Any]) -> StatusStyle:
    for key in ("fill", "text", "strong"):
        if not _COLOUR.match(str(data.get(key, ""))):
            raise UsageError(f"colour {key} of status {status} must be #RRGGBB, not "
                             f"{data.get(key)!r}")
    return StatusStyle(str(data["label"]), str(data["fill"]).upper(), str(data["text"]).upper(),
                       str(data["strong"]).upper())


@lru_cache(maxsize=1)
def default_palette() -> Palette:
    return _read(template_path("statuses.json"))


def _read(path: Path) -> Palette:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    warnings = data.get("warnings") or {}
    return Palette({status: _style(status, data["statuses"][status]) for status in STATUSES},
                   {tier: _style(tier, warnings[tier]) for tier in WARNING_TIERS if tier in warnings})


def templates_palette(folder: Path | None) -> Palette:
    """The shipped palette with the `statuses.json` of a user's templates `folder` laid over it
    (it may change only some statuses, or only some of a status's fields); the shipped one when
    the folder has none."""
    path = user_template("statuses.json", folder)
    if path is None:
        return default_palette()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"cannot read the statuses file {path}: {error}") from None
    changes = data.get("statuses", {}) if isinstance(data, dict) else None
    tiers = data.get("warnings", {}) if isinstance(data, dict) else None
    if not isinstance(changes, dict) or not all(isinstance(v, dict) for v in changes.values()) \
            or not isinstance(tiers, dict) or not all(isinstance(v, dict) for v in tiers.values()):
        raise UsageError(f"{path}: needs {{\"statuses\": {{status: {{\"label\": …, \"fill\": …}}}}}}")
    return default_palette().with_changes(changes).with_warning_changes(tiers)
