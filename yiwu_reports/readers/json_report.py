"""Read the project's own JSON output back into a `Report` (the round trip other tools rely on)."""

from __future__ import annotations

import json
import math
from typing import Any

from ..core.errors import InputError
from ..core.model import Report, Task

MAX_INTEGER_DIGITS = 30
"""Longest integer read from JSON (Python refuses more than 4,300 digits with a ValueError of
its own; no field of a report needs more than a few)."""
MAX_JSON_VALUES = 6_000_000
"""Most arrays, objects and values (counted by their brackets and commas) in a JSON input: a
report holds about 50 a task. Past it, the text is refused before it is parsed (90 MB of empty
arrays would take 2 GB of memory)."""
# What Report.from_dict raises for a document of the wrong shape or with values out of range.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, OverflowError, RecursionError,
                 IndexError)


class _Refused(ValueError):
    """A JSON value refused while parsing (its message says which)."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(f"an integer of {len(text.lstrip('-')):,} digits (at most "
                       f"{MAX_INTEGER_DIGITS})")
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"a number beyond the range of numbers ({text[:20]})")
    return value


def _constant(name: str) -> float:
    raise _Refused(f"{name}, which is not a JSON number")


def load_json(data: bytes, file_name: str) -> Any:
    """The JSON document in `data`: InputError naming the file and what is wrong for text that
    is not UTF-8 or not JSON, nesting too deep for the parser, an integer of more than
    MAX_INTEGER_DIGITS digits, a number beyond a float's range (1e400), or NaN/Infinity; a text
    of more than MAX_JSON_VALUES values is refused unparsed."""
    values = data.count(b"[") + data.count(b"{") + data.count(b",")
    if values > MAX_JSON_VALUES:
        raise InputError(f"refused: the JSON holds more than {MAX_JSON_VALUES:,} values (about "
                         f"{values:,}); a report holds about 50 a task", file=file_name)
    try:
        return json.loads(data.decode("utf-8-sig"), parse_int=_integer, parse_float=_number,
                          parse_constant=_constant)
    except UnicodeDecodeError as error:
        raise InputError(f"not valid JSON (not UTF-8 text: invalid byte at {error.start})",
                         file=file_name) from None
    except RecursionError:
        raise InputError("refused: the JSON nests arrays or objects too deeply to read",
                         file=file_name) from None
    except _Refused as error:
        raise InputError(f"refused: the JSON holds {error}", file=file_name) from None
    except ValueError as error:  # JSONDecodeError, with the line and column
        raise InputError(f"not valid JSON ({error})", file=file_name) from None


def read_json_report(data: bytes, file_name: str) -> Report:
    """The report a JSON file written by `make-report --format json` describes."""
    document = load_json(data, file_name)
    if not isinstance(document, dict) or not isinstance(document.get("tasks"), list):
        raise InputError("JSON is not a yiwu-reports report (no \"tasks\" list)", file=file_name)
    try:
        return Report.from_dict(document)
    except _SHAPE_ERRORS as error:
        position = _failing_task(document)
        raise InputError(f"JSON report is incomplete ({type(error).__name__}: {error})",
                         file=file_name, row=position) from None


def _failing_task(document: dict) -> int | None:
    """1-based position of the first task that cannot be read, for the error message."""
    for position, task in enumerate(document.get("tasks", []), start=1):
        try:
            Task.from_dict(task)
        except _SHAPE_ERRORS:
            return position
    return None
