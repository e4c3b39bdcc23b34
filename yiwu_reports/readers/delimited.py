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
from ..text.quotes import quote
from .limits import ReadBudget
from .rows import RawRow

_DELIMITERS = ("\t", ",", ";", "|")
# Unrolled (no two ways to match the same text), so a long cell or a quote left open costs one
# pass, not an exponential search.
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"')
# A text table holds almost no control bytes; a file with many is not a table (a binary named .csv).
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """(text, encoding name) of a text table's bytes, detecting the encoding (see
    `decode_lines`, which also says which lines of a mixed file are in which encoding)."""
    text, encoding, _note = decode_lines(data, file_name)
    return text, encoding


def decode_lines(data: bytes, file_name: str) -> tuple[str, str, str]:
    """(text, encoding name, a warning or "") of a text table's bytes, detecting the encoding.

    UTF-8 is tried first (with or without BOM), then UTF-16 (BOM, or the zero bytes that give it
    away). A file that is not UTF-8 throughout is decoded line by line, each line as UTF-8 when it
    is valid UTF-8, else as GB18030 (which covers GBK and GB2312): decoding the whole file as
    GB18030 would succeed on UTF-8 rows pasted under GB18030 ones and turn them into other
    characters (完成 → 瀹屾垚). A file whose lines are in both encodings is read so, and the
    warning names the lines in the rarer one. Raises InputError for binary data.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_or_fail(data, "utf-16", file_name), "utf-16", ""
    elif len(data) >= 4 and data[1::2][:200].count(0) > 0.9 * len(data[1::2][:200]):
        return _decode_or_fail(data, "utf-16-le", file_name), "utf-16-le", ""
    elif len(data) >= 4 and data[0::2][:200].count(0) > 0.9 * len(data[0::2][:200]):
        return _decode_or_fail(data, "utf-16-be", file_name), "utf-16-be", ""
    sample = data[:65536]
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    # Measured against at least 2 KB, so a short table with a stray control character still reads.
    if controls > _MAX_CONTROL_SHARE * max(len(sample), 2048):
        raise InputError("this is not a text table (it holds binary data); expected a .txt, .csv, "
                         ".xlsx or .json table", file=file_name)
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    lines: list[str] = []
    by_encoding: dict[str, list[int]] = {"UTF-8": [], "GB18030": []}
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            lines.append(line.decode("utf-8"))
            if not line.isascii():
                by_encoding["UTF-8"].append(number)
            continue
        except UnicodeDecodeError:
            pass
        try:
            lines.append(line.decode("gb18030"))
        except UnicodeDecodeError:
            raise InputError("text is neither UTF-8 nor GB18030 (invalid bytes)", file=file_name,
                             row=number) from None
        by_encoding["GB18030"].append(number)
    text = "".join(lines)
    if not by_encoding["UTF-8"]:
        return text, "gb18030", ""
    rarer, other = sorted(by_encoding, key=lambda name: (len(by_encoding[name]), name))
    numbers = by_encoding[rarer]
    listed = ", ".join(map(str, numbers[:10])) + ("…" if len(numbers) > 10 else "")
    lines_named = f"{'line' if len(numbers) == 1 else 'lines'} {listed}"
    return text, "mixed", (f"{file_name}: the file mixes two encodings: {len(numbers)} line(s) in "
                           f"{rarer} ({lines_named}), the others in {other}; each line was read "
                           f"in its own encoding (check these lines)")


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


def read_rows(text: str, file_name: str, budget: ReadBudget | None = None) -> list[RawRow]:
    """Rows of cells, each with the line number it starts on.

    Quotes are read strictly: a cell that opens a quote and never closes it (a stray " at the
    start of a cell, which would make the rest of the file one cell), or text after a closing
    quote, is an InputError naming the row where the quote opened."""
    budget = budget or ReadBudget(file_name)
    delimiter = sniff_delimiter(text)
    if delimiter == "\t" and not _uses_quotes(text):
        # The published table has no quoting: a " in a cell is a character, not syntax.
        rows = []
        for number, line in enumerate(io.StringIO(text), start=1):
            cells = line.rstrip("\r\n").split("\t")
            budget.take(number, cells)
            rows.append(RawRow(number, cells))
        return rows
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            budget.take(start, cells)
            rows.append(RawRow(start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # A cell longer than the csv module's limit (128 KiB). The limit is the whole
            # interpreter's (csv.field_size_limit): not ours to raise. Read this file again
            # with a reader of our own that has none.
            return split_delimited(text, delimiter, file_name, ReadBudget(file_name))
        if "unexpected end of data" in str(error):
            raise _unclosed_quote(file_name, start, reader.line_num) from None
        if "expected after" in str(error):
            raise _text_after_quote(file_name, start, reader.line_num) from None
        raise InputError(f"cannot split the row into cells ({error})", file=file_name,
                         row=start) from None
    return rows


def _unclosed_quote(file_name: str, row: int, last_line: int) -> InputError:
    return InputError(f"a cell opens a quote (\") that is never closed, so lines {row}-{last_line} "
                      f"would be read as one cell; remove the stray quote, or double it (\"\") "
                      f"to keep it as a character", file=file_name, row=row)


def _text_after_quote(file_name: str, row: int, line: int) -> InputError:
    where = f" (on line {line})" if line != row else ""
    return InputError(f"text follows the closing quote of a quoted cell{where}: a stray quote "
                      f"(\") at the start of a cell? Remove it, or double it (\"\") to keep it as a "
                      f"character", file=file_name, row=row)


_ID = re.compile(r"\s*\d{1,4}(?:\.0)?\s*")


def swallowed_rows(rows: list[RawRow], delimiter: str, file_name: str) -> str:
    """Quoted cells whose lines read as rows of the table: rows swallowed into one cell between
    two stray quotes (a cell opening with " in one row, a cell ending with " in a later one).

    A line of a multi-line cell that splits into a whole row whose first cell is an id, in a
    table whose rows start with ids, is an InputError naming the row (the table would lose those
    rows into one task's text); a line with a row's count of delimiters but no id is a warning,
    returned (thousands separators, 1,234万元, give ASCII commas to real text too). "" when no
    cell has such lines."""
    widths = Counter(len(row.cells) for row in rows if len(row.cells) > 1)
    if not widths:
        return ""
    width = widths.most_common(1)[0][0]
    if width < 3:
        return ""
    full = [row for row in rows if len(row.cells) == width]
    with_ids = sum(bool(_ID.fullmatch(row.cells[0])) for row in full) >= 0.8 * len(full)
    doubtful: list[str] = []
    for row in rows:
        for cell in row.cells:
            if "\n" not in cell and "\r" not in cell:
                continue
            inner = _NEWLINE.split(cell)[1:]
            like = [line for line in inner if line.count(delimiter) >= width - 1]
            if not like:
                continue
            if with_ids:
                for line in like:
                    if _ID.fullmatch(line.split(delimiter, 1)[0]):
                        raise InputError(
                            f"a quoted cell runs over {len(inner) + 1} lines and holds a line that "
                            f"is a row of the table ({quote(line[:40])}): a stray quote (\") at the "
                            f"start of a cell here and another at the end of a cell below join the "
                            f"rows between into one cell; remove the stray quotes, or double them "
                            f"(\"\") to keep them as characters", file=file_name, row=row.number)
            doubtful.append(f"row {row.number} ({quote(like[0][:40])})")
            break
    if not doubtful:
        return ""
    return (f"{file_name}: quoted cells of several lines hold lines with as many delimiters as a "
            f"row: {'; '.join(doubtful[:5])}{'…' if len(doubtful) > 5 else ''}; if a stray quote "
            f"(\") joined rows into one cell there, remove it")


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _closing_quote(text: str, start: int) -> int:
    """Where the quoted cell whose text begins at `start` ends: its closing quote (a doubled
    quote is part of the text), or -1 when it has none."""
    at = start
    while True:
        found = text.find('"', at)
        if found < 0:
            return -1
        if not text.startswith('"', found + 1):
            return found
        at = found + 2


def split_delimited(text: str, delimiter: str, file_name: str = "",
                    budget: ReadBudget | None = None) -> list[RawRow]:
    """Rows of cells as Python's csv module splits them in its strict mode (double quotes, a
    doubled quote inside a quoted cell; a quote never closed, or text after a closing quote, is
    an InputError naming the row), each with the line it starts on, but with no limit on a
    cell's length. Used only for files the csv module refuses, so the rest keep its C speed; a
    quoted cell's end is found with str.find, so a 10 MB cell takes a fraction of a second."""
    budget = budget or ReadBudget(file_name)
    plain = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    rows: list[RawRow] = []
    position, line, end = 0, 1, len(text)
    while position < end:
        newline = _NEWLINE.match(text, position)
        if newline:  # a blank line is a row without cells, as csv.reader gives it
            budget.take(line, 0)
            rows.append(RawRow(line, []))
            position, line = newline.end(), line + 1
            continue
        first, cells = line, []
        while True:
            value = ""
            if text.startswith('"', position):
                closing = _closing_quote(text, position + 1)
                if closing < 0:
                    tail = text[position:].rstrip("\r\n")  # to the last line holding text
                    raise _unclosed_quote(file_name, first, line + len(_NEWLINE.findall(tail)))
                raw = text[position + 1:closing]
                value = raw.replace('""', '"')
                line += len(_NEWLINE.findall(raw))
                position = closing + 1
                if position < end and text[position] != delimiter and \
                        not _NEWLINE.match(text, position):
                    raise _text_after_quote(file_name, first, line)
            else:
                rest = plain.match(text, position)
                assert rest is not None
                value = rest.group(0)
                position = rest.end()
            cells.append(value)
            budget.take_cell(first, len(value))
            if position < end and text[position] == delimiter:
                position += 1
                continue
            break
        budget.take(first, 0, 0)
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


def read_delimited(data: bytes, file_name: str) -> tuple[list[RawRow], str, list[str]]:
    """Rows of a delimited text file, the encoding it was read in, and warnings about how it
    was read (lines in another encoding, rows a quoted cell may have swallowed)."""
    text, encoding, note = decode_lines(data, file_name)
    rows = read_rows(text, file_name)
    notes = [note] if note else []
    swallowed = swallowed_rows(rows, sniff_delimiter(text), file_name)
    if swallowed:
        notes.append(swallowed)
    return rows, encoding, notes
