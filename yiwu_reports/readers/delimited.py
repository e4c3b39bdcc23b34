"""Read delimited text: the published text table (tab-separated, `## title`, HTML in cells) and
CSV as offices save it (UTF-8, UTF-8 with BOM, GB18030/GBK, even UTF-16 from Excel's "Unicode
text"), with the encoding and the delimiter detected, not asked for."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter

from ..core.errors import InputError
from .rows import RawRow

_DELIMITERS = ("\t", ",", ";", "|")
# Unrolled (no two ways to match the same text), so a long cell or a quote left open costs one
# pass, not an exponential search.
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
# A text table holds almost no control bytes; a file with many is not a table (a binary named .csv).
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding name) of a text table's bytes, detecting the encoding.

    UTF-8 is tried first (with or without BOM), then UTF-16 (BOM, or the zero bytes that give it
    away), then GB18030, which covers GBK and GB2312. A file whose lines mix UTF-8 and GB18030
    (rows pasted from two systems) is decoded line by line. Raises InputError for binary data.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_or_fail(data, "utf-16", file_name), "utf-16"
    elif len(data) >= 4 and data[1::2][:200].count(0) > 0.9 * len(data[1::2][:200]):
        return _decode_or_fail(data, "utf-16-le", file_name), "utf-16-le"
    elif len(data) >= 4 and data[0::2][:200].count(0) > 0.9 * len(data[0::2][:200]):
        return _decode_or_fail(data, "utf-16-be", file_name), "utf-16-be"
    sample = data[:65536]
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    # Measured against at least 2 KB, so a short table with a stray control character still reads.
    if controls > _MAX_CONTROL_SHARE * max(len(sample), 2048):
        raise InputError("this is not a text table (it holds binary data); expected a .txt, .csv, "
                         ".xlsx or .json table", file=file_name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    lines = []
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        for encoding in ("utf-8", "gb18030"):
            try:
                lines.append(line.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError("text is neither UTF-8 nor GB18030 (invalid bytes)", file=file_name,
                             row=number)
    return "".join(lines), "mixed"


def _decode_or_fail(data: bytes, encoding: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"invalid {encoding.upper()} text at byte {error.start}",
                         file=file_name) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently (tab wins ties)."""
    # Delimiters inside quoted cells ("进展,完成") do not count.
    lines = [_QUOTED.sub("", line) for line in text.splitlines()[:60] if line.strip()]
    best, best_score = "\t", (False, 0)
    for delimiter in _DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines if line.count(delimiter))
        if not counts:
            continue
        count, lines_with_it = counts.most_common(1)[0]
        # A delimiter that splits most lines into the same number of cells beats one that only
        # occurs often: commas inside the cells of a tab-separated table vary from line to line.
        consistent = lines_with_it >= 0.6 * len(lines) and len(lines) > 1
        score = (consistent, lines_with_it * min(count, 8))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_rows(text: str, file_name: str) -> list[RawRow]:
    """Rows of cells, each with the line number it starts on."""
    delimiter = sniff_delimiter(text)
    if delimiter == "\t" and not _uses_quotes(text):
        # The published table has no quoting: a " in a cell is a character, not syntax.
        return [RawRow(number, line.rstrip("\r\n").split("\t"))
                for number, line in enumerate(io.StringIO(text), start=1)]
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            rows.append(RawRow(start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # A cell longer than the csv module's limit (128 KiB). The limit is the whole
            # interpreter's (csv.field_size_limit): not ours to raise. Read this file again
            # with a reader of our own that has none.
            return split_delimited(text, delimiter)
        raise InputError(f"cannot split the row into cells ({error})", file=file_name,
                         row=start) from None
    return rows


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _closing_quote(text: str, start: int) -> int:
    """Where the quoted cell whose text begins at `start` ends: its closing quote (a doubled
    quote is part of the text), or the end of the text when it has none."""
    at = start
    while True:
        found = text.find('"', at)
        if found < 0:
            return len(text)
        if not text.startswith('"', found + 1):
            return found
        at = found + 2


def split_delimited(text: str, delimiter: str) -> list[RawRow]:
    """Rows of cells as Python's csv module splits them (its default dialect: double quotes,
    a doubled quote inside a quoted cell, text after a closing quote kept), each with the line
    it starts on, but with no limit on a cell's length. Used only for files the csv module
    refuses, so the rest keep its C speed; a quoted cell's end is found with str.find, so a
    10 MB cell takes a fraction of a second."""
    plain = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    rows: list[RawRow] = []
    position, line, end = 0, 1, len(text)
    while position < end:
        newline = _NEWLINE.match(text, position)
        if newline:  # a blank line is a row without cells, as csv.reader gives it
            rows.append(RawRow(line, []))
            position, line = newline.end(), line + 1
            continue
        first, cells = line, []
        while True:
            value = ""
            if text.startswith('"', position):
                closing = _closing_quote(text, position + 1)
                raw = text[position + 1:closing]
                value = raw.replace('""', '"')
                line += len(_NEWLINE.findall(raw))
                position = min(closing + 1, end)
            rest = plain.match(text, position)
            assert rest is not None
            value += rest.group(0)
            position = rest.end()
            cells.append(value)
            if position < end and text[position] == delimiter:
                position += 1
                continue
            break
        rows.append(RawRow(first, cells))
        newline = _NEWLINE.match(text, position)
        if newline:
            position, line = newline.end(), line + 1
    return rows


# A tab-separated field wrapped in double quotes, as Excel exports a cell holding a tab, a line
# break or a quote: from a field's start to a closing quote at a field's end.
_QUOTED_FIELD = re.compile(r'(?:^|\t)"[^"]*(?:""[^"]*)*"(?=\t|\r?\n|$)', re.MULTILINE)


def _uses_quotes(text: str) -> bool:
    """True when some tab-separated field is wrapped in double quotes (Excel's export); the
    quoted text may hold tabs and line breaks. Looked for in the first 200 lines."""
    head = "\n".join(text.splitlines()[:200])
    return _QUOTED_FIELD.search(head) is not None


def read_delimited(data: bytes, file_name: str) -> tuple[list[RawRow], str]:
    """Rows of a delimited text file, and the encoding it was read in."""
    text, encoding = decode_text(data, file_name)
    return read_rows(text, file_name), encoding
