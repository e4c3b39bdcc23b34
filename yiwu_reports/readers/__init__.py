"""Readers: a file (path or binary stream) becomes a `Report`, the format chosen by content first
and extension second, so a CSV saved as .txt or a workbook without its extension still reads."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Union

from ..errors import InputError
from ..model import Period, Report
from .delimited import read_delimited
from .json_report import read_json_report
from .table import TableOptions, build_report

Source = Union[str, "os.PathLike[str]", BinaryIO]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
FORMATS = ("text", "csv", "xlsx", "json")


def detect_format(data: bytes, file_name: str) -> str:
    """Which reader a file needs: xlsx, json, or text (the published table and CSV alike)."""
    suffix = Path(file_name).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        raise InputError("this is a legacy Excel .xls (or other OLE) file; save it as .xlsx and "
                         "try again", file=file_name)
    if suffix in (".xlsx", ".xlsm") and data:
        raise InputError("named .xlsx but is not an Excel workbook (no zip signature); the file "
                         "may be truncated or of another type", file=file_name)
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") or suffix == ".json":
        return "json"
    return "text"


def read_bytes(data: bytes, file_name: str, *, period: Period | None = None) -> Report:
    """The report in `data`, a file called `file_name` (used for messages and output names)."""
    if not data.strip():
        raise InputError("the file is empty", file=file_name)
    kind = detect_format(data, file_name)
    if kind == "json":
        report = read_json_report(data, file_name)
        if period is None or period == report.period:
            return report
        # Another period changes every judgement: the report must be assessed again.
        return report.with_tasks(report.tasks, period=period, assessed=False)
    options = TableOptions(file_name=file_name, period=period)
    notes: list[str] = []
    if kind == "xlsx":
        from .xlsx import read_xlsx  # openpyxl is imported only when a workbook is read

        rows = read_xlsx(data, file_name, notes)
    else:
        rows, _encoding = read_delimited(data, file_name)
    report = build_report(rows, options)
    return report if not notes else replace(report, warnings=(*notes, *report.warnings))


def read_report(source: Source, *, period: Period | None = None,
                name: str | None = None) -> Report:
    """Read a progress table from a path or a binary stream.

    `name` is the file name to use in messages and output names when reading from a stream.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", file=str(path)) from None
        except IsADirectoryError:
            raise InputError("is a folder, not a file", file=str(path)) from None
        except OSError as error:
            raise InputError(f"cannot read ({error.strerror})", file=str(path)) from None
        return read_bytes(data, name or path.name, period=period)
    data = source.read()
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_bytes(data, name or Path(getattr(source, "name", "") or "input").name,
                      period=period)
