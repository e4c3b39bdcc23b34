"""The briefing's sentences: editable text in `templates/briefing.toml`, filled with figures.

Template text is trusted, input text (task titles, lead units) is not: a template is split into
its literal parts and its {placeholders} once, and values are put in the slots as they are, so a
task title holding "{total}" or "{0}" stays exactly that. No python-docx here.
"""

from __future__ import annotations

import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from ...core.errors import RenderError
from ...core.model import Report
from ...core.office import OfficeSettings
from ...core.resources import template_path, user_template
from ...summary import Issue, document_issue, percent_text, period_end

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TEXT_NAME = "briefing.toml"
_FORMATTER = string.Formatter()
_TRAILING = "。；;，,、：: \u3000"


def _merge(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as stream:
            return tomllib.load(stream)
    except OSError as error:
        raise RenderError(f"cannot read the briefing text {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise RenderError(f"the briefing text {path} is not valid TOML: {error}") from None


@dataclass(frozen=True)
class BriefingText:
    """The briefing's text templates (the shipped ones, with a user's changes laid over them)."""

    data: Mapping[str, Any]
    common: Mapping[str, object]
    """Values every template may use: period, year, subject, total, elapsed, issue_year…"""

    def raw(self, key: str) -> Any:
        """The value at a dotted key, e.g. raw("annex.columns")."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise RenderError(f"the briefing text has no {key!r}")
            node = node[part]
        return node

    def fill(self, key: str, **values: object) -> str:
        """The template at `key` with its placeholders filled from `values` (and the common
        values). An unknown placeholder is a RenderError naming it and the ones there are."""
        return fill_template(str(self.raw(key)), {**self.common, **values}, key)

    def fill_raw(self, template: str, key: str, **values: object) -> str:
        """A template that is not at a dotted key (an item of a list), filled like `fill`."""
        return fill_template(template, {**self.common, **values}, key)

    def with_common(self, **values: object) -> BriefingText:
        return BriefingText(self.data, {**self.common, **values})


def fill_segments(template: str, values: Mapping[str, object],
                  key: str = "template") -> list[tuple[str, str | None]]:
    """`template` as (text, placeholder name or None for literal text) pieces, each placeholder
    replaced by str(values[name]); values are never parsed. An unknown placeholder is a
    RenderError naming it and the ones there are."""
    try:
        pieces = list(_FORMATTER.parse(template))
    except ValueError as error:
        raise RenderError(f"briefing text {key}: {error} (write {{{{ and }}}} for braces)") from None
    out: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in pieces:
        if literal:
            out.append((literal, None))
        if name is None:
            continue
        if name not in values:
            raise RenderError(f"briefing text {key}: unknown placeholder {{{name}}}; "
                              f"available: {', '.join('{' + v + '}' for v in sorted(values))}")
        value = values[name]
        if conversion:
            converters: dict[str, Callable[[object], str]] = {"r": repr, "s": str, "a": ascii}
            value = converters[conversion](value)
        out.append((format(value, spec) if spec else str(value), name))
    return out


def fill_template(template: str, values: Mapping[str, object], key: str = "template") -> str:
    """`template` with each {name} replaced by str(values[name]); values are never parsed."""
    return "".join(text for text, _name in fill_segments(template, values, key))


def load_briefing_text(path: Path | None = None, templates: Path | None = None) -> dict[str, Any]:
    """The shipped text templates, with the user's laid over them: first the `briefing.toml` of
    a templates folder, then the file at `path` (`--briefing-text`). A user's file may change
    only the parts they want."""
    data = _read_toml(template_path(TEXT_NAME))
    for layer in (user_template(TEXT_NAME, templates), path):
        if layer is not None:
            data = _merge(data, _read_toml(Path(layer)))
    return data


# What a title carries that is not its subject: an annex number in front (附件1, 附表2：), a
# portal's column tag (【落实情况】), and a note of the date or month in brackets at the end
# (（截至2021年8月底）, （五月份）, （前三季度）): the briefing names its period itself.
_ANNEX_NUMBER = re.compile(r"^(?:附件|附表)[0-9一二三四五六七八九十]{0,3}(?:\s+|[：:、.．]\s*)")
_COLUMN_TAG = re.compile(r"^【[^】]{1,12}】\s*")
_DATE_NOTE = re.compile(r"[（(](?:截至|截止到|截止至|截止)?[^（）()]{0,16}"
                        r"(?:日|月底|月末|月份|月|季度|半年)[）)]$")
_PERIOD_WORDS = re.compile(r"[一二三四]季度|[上下]半年|全年|[0-9]+(?:[-－—~～至][0-9]+)?月"
                           r"|[一二三四五六七八九十]+月份")
# A subject ending in a verb of progress reads 「…完成情况」, any other 「…进展情况」.
_PROGRESS_VERBS = ("完成", "落实", "推进", "执行", "实施", "进展")


def briefing_subject(report: Report, data: Mapping[str, Any]) -> str:
    """What the briefing is about, from the table's title: 「2023年…三季度进展情况汇总表」 →
    「2023年…三季度进展情况」; 「附件1 全省2021年重点民生实事项目完成进度表(截至2021年8月底)」 →
    「全省2021年1-8月重点民生实事项目完成情况」. A title that does not name its period gets it
    after the year (or in front, with the year, when the title has no year); one without words
    left falls back to the period."""
    title = " ".join(report.title.split()).strip(_TRAILING)
    if title.startswith("关于") and title.endswith("的通报"):
        title = title[2:-3]
    title = _COLUMN_TAG.sub("", _ANNEX_NUMBER.sub("", title))
    title = _DATE_NOTE.sub("", title).strip(_TRAILING)
    for suffix in data["title"]["strip_suffixes"]:
        if title.endswith(suffix):
            title = title[: -len(suffix)]
            break
    title = title.strip(_TRAILING)
    if not title:
        return fill_template(str(data["title"]["fallback_subject"]), {"period": report.period.zh},
                             "title.fallback_subject")
    period = report.period
    year = f"{period.year}年"
    if not _PERIOD_WORDS.search(title):  # say which period, after the year
        named = period.zh[len(year):] if period.kind != "year" else ""
        if year in title and f"{year}度" not in title:
            title = title.replace(year, year + named, 1)
        elif str(period.year) not in title:
            title = period.zh + title
    elif str(period.year) not in title:  # 1-9月份州重点项目… : the year in front
        title = year + title
    if title.endswith(_PROGRESS_VERBS):
        return title + "情况"
    if not title.endswith("情况"):
        return title + "进展情况"
    return title


def briefing_text(report: Report, total: int, path: Path | None = None,
                  templates: Path | None = None,
                  office: OfficeSettings | None = None, issue: Issue | None = None) -> BriefingText:
    """The text templates for `report` (the shipped ones, a templates folder's and the file at
    `path` laid over them), with the values every template may use, the office's settings
    among them, and the documents' date and deadlines (`issue`; undated when None)."""
    data = load_briefing_text(path, templates)
    issue = issue or document_issue(report, (), office)
    period = report.period
    issue_year, issue_month = (period.year, period.last_month + 1) if period.last_month < 12 \
        else (period.year + 1, 1)
    common: dict[str, object] = {**(office or OfficeSettings()).placeholders(),
                                 "period": period.zh, "period_end": period_end(period),
                                 "year": period.year, "total": total,
                                 "elapsed": percent_text(period.elapsed),
                                 "issue_year": issue_year, "issue_month": issue_month,
                                 "date": issue.date_text, "measures_by": issue.measures_by,
                                 "supplement_by": issue.supplement_by}
    common["subject"] = briefing_subject(report, data)
    return BriefingText(data, common)


def sentence(text: str) -> str:
    """`text` without its trailing punctuation, so a template can end it its own way."""
    return text.rstrip(_TRAILING)
