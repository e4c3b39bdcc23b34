"""Readers: a file (path or binary stream) becomes a `Report`, the format chosen by content first
and extension second, so a CSV saved as .txt or a workbook without its extension still reads.

Readers read every file that comes in: progress tables (`read_report`), reviewers' corrections
(`read_overrides`: CSV, JSON, YAML, reviewed and returned workbooks, whose layout is defined once
in `returned_workbooks`), and the year's earlier reports (`read_history`). `columns` is the
vocabulary of column roles the assessment shares. openpyxl, xlrd, python-docx and lxml are
imported only when a file of their kind is read.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, Union

from ..core.errors import InputError
from ..core.model import Period, Report
from . import columns
from .delimited import read_delimited
from .docx_tables import read_docx
from .history import read_history
from .html_tables import read_html
from .json_report import read_json_report
from .limits import read_input, read_stream
from .overrides import OverrideEntry, OverridesSource, read_many, read_overrides
from .returned_workbooks import (
    CONFIRM_LABEL,
    CONFIRM_REASON,
    CONFIRMED,
    CUT_MARK,
    KIND_REVIEWED,
    KIND_UNIT,
    METADATA_SHEET,
    REVIEWED,
    UNIT_RETURN,
    WorkbookMetadata,
    review_choices,
    title_matches,
)
from .rows import RawTable
from .table import TableOptions, build_report
from .untrusted import refuse_many_parts
from .xls import read_xls
from .xlsx import read_xlsx

__all__ = ["CONFIRMED", "CONFIRM_LABEL", "CONFIRM_REASON", "CUT_MARK", "KIND_REVIEWED",
           "KIND_UNIT", "METADATA_SHEET", "REVIEWED", "UNIT_RETURN", "OverrideEntry",
           "OverridesSource", "Source", "WorkbookMetadata", "columns", "detect_format",
           "read_bytes", "read_history", "read_many", "read_overrides", "read_report",
           "review_choices", "title_matches"]

Source = Union[str, "os.PathLike[str]", BinaryIO]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
# What a file is that holds no table we can read, by its first bytes: one line says so.
_NOT_TABLES = (
    (b"%PDF", ("this is a PDF: a table cannot be read from a PDF (nor anything from a scanned, "
               "image-only one); export the table from its source as .xlsx, .docx, .csv or .html")),
    (b"\x89PNG", "this is a PNG image, not a table"),
    (b"\xff\xd8\xff", "this is a JPEG image, not a table"),
    (b"GIF8", "this is a GIF image, not a table"),
    (b"{\\rtf", "this is an RTF document: save it as .docx and try again"),
    (b"Rar!", "this is a RAR archive: unpack it and give the table itself"),
    (b"7z\xbc\xaf", "this is a 7-Zip archive: unpack it and give the table itself"),
)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         rb"<(?:!doctype\s+html|html|head|body|meta|table|title|div)\b",
                         re.IGNORECASE | re.DOTALL)


def _zip_kind(data: bytes, file_name: str) -> str:
    """xlsx or docx, by the parts a zip package holds."""
    import zipfile

    refuse_many_parts(data, file_name, "zip package")
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "xlsx"  # a damaged package: the workbook reader says what is wrong with it
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if "mimetype" in names or "content.xml" in names:
        raise InputError("this is an OpenDocument file (.ods/.odt): save it as .xlsx or .docx "
                         "and try again", file=file_name)
    raise InputError("a zip archive that is neither an Excel workbook nor a Word document; "
                     "unpack it and give the table itself", file=file_name)


def detect_format(data: bytes, file_name: str) -> str:
    """Which reader a file needs: xlsx, docx, xls, html, json, or text (the published table and
    CSV alike), by content first, then by extension."""
    suffix = Path(file_name).suffix.lower()
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data, file_name)
    if data.startswith(_OLE_MAGIC):
        return "xls"
    for magic, message in _NOT_TABLES:
        if data.startswith(magic):
            raise InputError(message, file=file_name)
    if suffix in (".xlsx", ".xlsm", ".docx", ".docm", ".dotx") and data:
        kind = "an Excel workbook" if suffix.startswith(".xl") else "a Word document"
        raise InputError(f"named {suffix} but is not {kind} (no zip signature); the file may be "
                         f"truncated or of another type", file=file_name)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") or suffix == ".json":
        return "json"
    if _HTML_START.match(head) or (suffix in (".html", ".htm", ".shtml", ".xhtml")
                                   and b"<" in head):
        return "html"
    return "text"


def read_bytes(data: bytes, file_name: str, *, period: Period | None = None,
               columns: Mapping[str, str] | None = None) -> Report:
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
    options = TableOptions(file_name=file_name, period=period, columns=dict(columns or {}))
    tables: list[RawTable]
    # Each format's library is imported only when such a file is read.
    if kind == "xlsx":
        tables = read_xlsx(data, file_name)
    elif kind == "docx":
        tables = read_docx(data, file_name)
    elif kind == "xls":
        tables = read_xls(data, file_name)
    elif kind == "html":
        tables = read_html(data, file_name)
    else:
        rows, _encoding, notes = read_delimited(data, file_name)
        tables = [RawTable(rows, notes=notes)]
    return build_report(tables, options)


def read_report(source: Source, *, period: Period | None = None,
                name: str | None = None, columns: Mapping[str, str] | None = None) -> Report:
    """Read a progress table from a path or a binary stream.

    `name` is the file name to use in messages and output names when reading from a stream;
    `columns` (header → role: {"建设规模": "target"}) names what some columns hold, winning over
    what their headers and cells suggest.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        # Only a regular file, and at most MAX_INPUT_BYTES of it (not /dev/zero, not a FIFO).
        return read_bytes(read_input(path), name or path.name, period=period, columns=columns)
    file_name = name or Path(getattr(source, "name", "") or "input").name
    return read_bytes(read_stream(source, file_name), file_name, period=period, columns=columns)
