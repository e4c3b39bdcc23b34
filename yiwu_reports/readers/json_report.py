"""Read the project's own JSON output back into a `Report` (the round trip other tools rely on)."""

from __future__ import annotations

import json

from ..core.errors import InputError
from ..core.model import Report, Task


def read_json_report(data: bytes, file_name: str) -> Report:
    """The report a JSON file written by `make-report --format json` describes."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"not valid JSON ({error})", file=file_name) from None
    if not isinstance(document, dict) or not isinstance(document.get("tasks"), list):
        raise InputError("JSON is not a yiwu-reports report (no \"tasks\" list)", file=file_name)
    try:
        return Report.from_dict(document)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        position = _failing_task(document)
        raise InputError(f"JSON report is incomplete ({type(error).__name__}: {error})",
                         file=file_name, row=position) from None


def _failing_task(document: dict) -> int | None:
    """1-based position of the first task that cannot be read, for the error message."""
    for position, task in enumerate(document.get("tasks", []), start=1):
        try:
            Task.from_dict(task)
        except (KeyError, TypeError, ValueError, AttributeError):
            return position
    return None
