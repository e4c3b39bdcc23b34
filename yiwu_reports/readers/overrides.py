"""Reviewer overrides read from their files: what a reviewer corrected, as `OverrideEntry`s (the
assessment applies them: `assessment/overrides.py`).

An overrides file is small and written by hand or by a tool: CSV (序号, 状态, 理由, optional 指标 and
实际值 columns; English names id, status, reason, indicator, actual also work), JSON or YAML (a list
of {id, status, reason, indicator, actual}, or a mapping id → status or id → {status, reason}), or
a workbook written by `--format xlsx` and reviewed in its 人工调整 column, or a unit's returned
补报 workbook (`--format unit-xlsx`).

Statuses may be given as values (lagging) or labels (滞后), or 确认 (confirmed: the automatic
judgement stands, the doubt is settled). `indicator` is the indicator's number (1 for the first) or
its metric name; `actual` is a figure with its unit (388.6亿元) and makes the indicator be judged
again on that figure. Naming a task or indicator that does not exist is an error, so that a
reviewer's correction is never silently lost.

What an entry was written for goes with it, as far as its file says: the task's text (任务名称 /
title), the lead unit (牵头单位 / unit) and the period (统计期 / period), per row or, in JSON and
YAML, for the whole file (`{"period": "2023Q3", "unit": …, "overrides": [...]}`); a returned
workbook's metadata sheet adds the table. The assessment applies an entry only where these match.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Mapping, Sequence, Union

from ..core.errors import InputError, UsageError
from ..core.palette import Palette, default_palette
from ..core.period import find_table_period, parse_period_label
from . import columns
from .delimited import decode_text, sniff_delimiter
from .returned_workbooks import CONFIRM_LABEL, CONFIRMED, WorkbookMetadata, review_choice
from .review import read_reviewed_workbook
from .unit_review import read_unit_corrections

OverridesSource = Union[str, "os.PathLike[str]", BinaryIO, Iterable["OverrideEntry"],
                        Sequence[Union[str, "os.PathLike[str]"]], Mapping[str, Any]]
"""A file or stream, several files (merged: `read_many`), entries, or a mapping."""

_KEYS = {
    "id": ("id", "task", "序号", "编号", "任务序号", "task_id"),
    "status": ("status", "状态", "人工调整", "调整状态", "调整为", "override"),
    "reason": ("reason", "理由", "原因", "调整理由", "说明", "备注"),
    "indicator": ("indicator", "指标", "指标序号", "metric"),
    "actual": ("actual", "实际值", "实际完成", "实际完成值", "调整实际值"),
    "title": ("title", "任务名称", "任务内容"),
    "unit": ("unit", "lead", "牵头单位", "责任单位"),
    "period": ("period", "统计期", "报告期"),
    "table": ("table", "表格", "所属表格"),
}
_FILE_WIDE = ("period", "unit", "table")
"""Keys a JSON or YAML file may give once for all its entries, beside "overrides"."""


@dataclass(frozen=True)
class OverrideEntry:
    """One correction from a reviewer."""

    task_id: str
    status: str | None
    """The status to use (a value such as lagging), or None to judge again from `actual`."""
    reason: str = ""
    indicator: str | None = None
    """Which indicator: its 1-based number or its metric; None for the whole task."""
    actual: str | None = None
    """A corrected figure as written, e.g. 388.6亿元."""
    where: str = ""
    """File and row the entry came from, for messages."""
    title: str | None = None
    """The task's text as the source shows it beside the id; the entry applies only to a task
    of that text. None when the source does not say."""
    unit: str | None = None
    """The lead unit the entry comes from (a unit's 补报 workbook); it applies only to a task
    that unit leads. None when the source does not say."""
    period: str | None = None
    """The label of the period the source was made for (2023Q3); None when it does not say."""
    table: str | None = None
    """The title of the table the source was made from; None when it does not say."""
    source_file: str | None = None
    """The table file the source was made from, for messages (a renamed file still matches)."""


def _field(record: Mapping[str, Any], name: str) -> Any:
    for key in _KEYS[name]:
        for candidate in (key, key.lower(), key.upper(), key.capitalize()):
            if candidate in record and record[candidate] not in (None, ""):
                return record[candidate]
    return None


def _status_value(text: Any, palette: Palette, file: str, row: int | None) -> str | None:
    if text is None or str(text).strip() == "":
        return None
    status = review_choice(palette, str(text))
    if status is None:
        labels = ", ".join(f"{s} ({palette.label(s)})" for s in palette.styles)
        raise InputError(f"unknown status {str(text)!r}; use one of {labels}, or confirmed (确认)",
                         file=file, row=row, column="status")
    return status


def _text(value: Any) -> str | None:
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _period_label(value: Any, file: str, row: int | None) -> str | None:
    """The label of the period a file or row says (2023Q3, or 2023年三季度 as documents write it)."""
    text = _text(value)
    if text is None:
        return None
    try:
        return parse_period_label(text).label
    except UsageError:
        pass
    period = find_table_period([text], [], [])
    if period is None:
        raise InputError(f"cannot read the period {text!r}: write it as 2023Q3 or 2023年三季度",
                         file=file, row=row, column="period")
    return period.label


def _entry(record: Mapping[str, Any], palette: Palette, file: str, row: int | None) -> OverrideEntry | None:
    task_id = _field(record, "id")
    status = _status_value(_field(record, "status"), palette, file, row)
    actual = _field(record, "actual")
    if task_id is None and status is None and actual is None:
        return None  # an empty line
    if task_id is None:
        raise InputError("override has no task id", file=file, row=row, column="id")
    if status is None and actual is None:
        raise InputError(f"override for task {task_id} gives neither a status nor a figure",
                         file=file, row=row, column="status")
    indicator = _field(record, "indicator")
    task_text = str(task_id).strip()
    if task_text.endswith(".0") and task_text[:-2].isdigit():
        task_text = task_text[:-2]
    return OverrideEntry(task_text, status, str(_field(record, "reason") or "").strip(),
                         None if indicator is None else str(indicator).strip(),
                         None if actual is None else str(actual).strip(),
                         f"{file}, row {row}" if row else file,
                         title=_text(_field(record, "title")), unit=_text(_field(record, "unit")),
                         period=_period_label(_field(record, "period"), file, row),
                         table=_text(_field(record, "table")))


def _records_from_mapping(data: Any, file: str) -> list[tuple[Mapping[str, Any], int | None]]:
    wide: dict[str, Any] = {}
    if isinstance(data, Mapping) and "overrides" in data:
        # What the file says once for every entry (an entry's own value wins).
        wide = {key: data[key] for key in _FILE_WIDE if data.get(key) not in (None, "")}
        data = data["overrides"]
    records = _records(data, file)
    if wide:
        records = [({**wide, **record}, row) for record, row in records]
    return records


def _records(data: Any, file: str) -> list[tuple[Mapping[str, Any], int | None]]:
    records: list[tuple[Mapping[str, Any], int | None]] = []
    if isinstance(data, Mapping):
        for key, value in data.items():
            if isinstance(value, Mapping):
                records.append(({"id": key, **value}, None))
            else:
                records.append(({"id": key, "status": value}, None))
        return records
    if isinstance(data, list):
        for position, item in enumerate(data, start=1):
            if not isinstance(item, Mapping):
                raise InputError("each override must be a mapping with id and status", file=file,
                                 row=position)
            records.append((item, position))
        return records
    raise InputError("overrides must be a list or a mapping", file=file)


def _read_csv(data: bytes, file: str) -> list[tuple[Mapping[str, Any], int | None]]:

    text, _encoding = decode_text(data, file)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    if reader.fieldnames is None:
        raise InputError("overrides file is empty", file=file)
    reader.fieldnames = [columns.normalise_header(name) for name in reader.fieldnames]
    return [(row, index) for index, row in enumerate(reader, start=2)]


def read_overrides(source: OverridesSource, palette: Palette | None = None,
                   name: str | None = None) -> list[OverrideEntry]:
    """The corrections in an overrides file (path or binary stream), or given directly."""
    palette = palette or default_palette()
    if _is_file_list(source):  # several files: merged, a conflicting pair reported
        return read_many(source, palette)  # type: ignore[arg-type]
    if isinstance(source, Mapping) or (not isinstance(source, (str, os.PathLike, bytes))
                                       and not hasattr(source, "read")):
        try:
            items = source if isinstance(source, Mapping) else list(source)
        except TypeError:
            raise InputError(f"overrides must be a file, a stream, a mapping or a list of "
                             f"records, not {type(source).__name__}") from None
        if isinstance(items, list) and all(isinstance(i, OverrideEntry) for i in items):
            return [item for item in items if isinstance(item, OverrideEntry)]
        # A mapping of id to status, or a list of {"id", "status", "reason"} records.
        records = _records_from_mapping(items, name or "overrides")
        entries = [_entry(r, palette, name or "overrides", row) for r, row in records]
        return [e for e in entries if e is not None]
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        file = name or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read overrides ({error.strerror})", file=str(path)) from None
    else:
        data = source.read()
        file = name or Path(getattr(source, "name", "") or "overrides").name
    suffix = Path(file).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return _from_review_workbook(data, file, palette)
    if suffix in (".yaml", ".yml"):
        records = _records_from_mapping(_load_yaml(data, file), file)
    elif suffix == ".json" or data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"{", b"["):
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(f"overrides are not valid JSON ({error})", file=file) from None
        records = _records_from_mapping(document, file)
    else:
        records = _read_csv(data, file)
    entries = [_entry(record, palette, file, row) for record, row in records]
    return [entry for entry in entries if entry is not None]


def _load_yaml(data: bytes, file: str) -> Any:
    import yaml  # PyYAML: imported only for YAML overrides

    try:
        return yaml.safe_load(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        message = " ".join(str(error).split())
        raise InputError(f"overrides are not valid YAML ({message})", file=file) from None


def _made_for(metadata: WorkbookMetadata | None) -> dict[str, str | None]:
    """The `OverrideEntry` fields a returned workbook's metadata gives each of its entries."""
    if metadata is None:
        return {}
    return {"period": metadata.period, "table": metadata.table,
            "source_file": metadata.source or None, "unit": metadata.unit or None}


def _from_review_workbook(data: bytes, file: str, palette: Palette) -> list[OverrideEntry]:
    """Overrides from a workbook written by the xlsx renderer and edited by a reviewer, or from
    a unit's 补报 workbook (-f unit-xlsx) it filled in and returned."""

    returned = read_unit_corrections(io.BytesIO(data), file, palette)
    if returned is not None:
        metadata, corrections = returned
        return [OverrideEntry(c.task_id, c.status, c.reason, c.indicator, c.actual,
                              f"{file}, row {c.row}", title=c.title, **_made_for(metadata))
                for c in corrections]
    stream = io.BytesIO(data)
    stream.name = file  # type: ignore[attr-defined]  # so messages name the reviewer's file
    metadata, rows = read_reviewed_workbook(stream, palette=palette)
    return [OverrideEntry(row.task_id, row.choice, row.reason, where=f"{file}, row {row.row}",
                          title=row.title, **_made_for(metadata)) for row in rows]


def _is_file_list(source: object) -> bool:
    return isinstance(source, (list, tuple)) and bool(source) and \
        all(isinstance(item, (str, os.PathLike)) for item in source)


def _correction(entry: OverrideEntry) -> tuple[str | None, str | None]:
    """What an entry changes, compared loosely (388.6亿元 and 388.6 亿元 are one figure)."""
    actual = "".join(entry.actual.split()) if entry.actual else None
    return entry.status, actual


def _describe(entry: OverrideEntry, palette: Palette) -> str:
    parts = [CONFIRM_LABEL if entry.status == CONFIRMED else
             palette.label(entry.status) if entry.status and entry.status in palette.styles
             else ""]
    if entry.actual:
        parts.append(entry.actual)
    return "、".join(part for part in parts if part) or "—"


def read_many(sources: Iterable[str | os.PathLike[str]],
              palette: Palette | None = None) -> list[OverrideEntry]:
    """The corrections of several files (reviewed workbooks, units' returned workbooks, CSV …)
    as one list, in file order. A task (or one of its indicators) corrected in two files alike
    is taken once; corrected differently, it is an `InputError` naming both files and rows, so
    that neither correction is lost without a person choosing."""
    palette = palette or default_palette()
    chosen: dict[tuple[str, str | None], OverrideEntry] = {}
    for source in sources:
        for entry in read_overrides(source, palette):
            key = (entry.task_id, entry.indicator)
            before = chosen.get(key)
            if before is None:
                chosen[key] = entry
                continue
            if _correction(before) != _correction(entry):
                what = f"task {entry.task_id}" + (f", indicator {entry.indicator}"
                                                  if entry.indicator else "")
                raise InputError(f"{what} is corrected differently in {before.where} "
                                 f"({_describe(before, palette)}) and in {entry.where} "
                                 f"({_describe(entry, palette)}); remove one of the two")
            if entry.reason and entry.reason not in before.reason:
                reason = "；".join(part for part in (before.reason, entry.reason) if part)
                chosen[key] = replace(before, reason=reason)
    return list(chosen.values())
