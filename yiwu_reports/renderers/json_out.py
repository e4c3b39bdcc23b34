"""The JSON output: the machine-readable contract other tools and our own checks use.

Layout: one top-level key per line and one task per line. That keeps the file readable and
diff-friendly (a changed task is a changed line) and lets Python's C encoder do the work: the
pretty-printing encoder (indent=…) is pure Python and several times slower on a province-wide
batch. UTF-8, Chinese kept as is, keys in a stable order, a final newline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from ..core.model import Report
from ..summary import Issue, Summary, document_issue, summarise
from . import RenderOptions
from .records import TaskRecord

SCHEMA_VERSION = "1.1"
"""The version of the JSON contract (templates/report.schema.json). Within a major version
fields are only added; a reader ignores the ones it does not know. 1.1 added `document` (draft
or final, and the documents' date) and `summary.unsettled`."""


def _dumps(value: object) -> str:
    # No Infinity or NaN, ever: they are not JSON, and strict readers refuse the file. The
    # assessment keeps numbers beyond the range of figures out (assessment.figure_range); one
    # that got through anyway fails this format with a message rather than writing it.
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def report_document(report: Report, summary: Summary | None = None,
                    issue: Issue | None = None) -> dict[str, Any]:
    """The JSON document of a report: its schema version, the report's fields, its summary
    (before the comparison, where the contract puts it) and how its documents go out (draft or
    final, their date: `issue`, undated when None)."""
    data = report.as_dict()
    comparison = data.pop("comparison", None)
    summary = summary or summarise(report)
    issue = issue or document_issue(report, summary.unsettled)
    document = {"schema_version": SCHEMA_VERSION, **data,
                "summary": summary.as_dict(),
                "document": {"state": issue.state,
                             "date": issue.date.isoformat() if issue.date else None}}
    if comparison is not None:
        document["comparison"] = comparison
    return document


def iter_json(report: Report, summary: Summary | None = None,
              issue: Issue | None = None) -> Iterator[str]:
    """The report's JSON text in pieces (one per line).

    Each task's dictionary is made when its line is written and let go at once: the document
    as one nested structure would be millions of live containers for a province-wide batch,
    which the garbage collector scans again and again as it grows (20,000 tasks took 12 times
    as long as 2,000)."""
    summary = summary or summarise(report)
    data = report_document(report.with_tasks(()), summary,
                           issue or document_issue(report, summary.unsettled))
    tasks = report.tasks
    del data["tasks"]
    keys = list(data)
    # "tasks" keeps its place in the contract's order: after the header fields.
    position = keys.index("warnings") + 1 if "warnings" in keys else len(keys)
    yield "{\n"
    for index, key in enumerate(keys[:position]):
        yield f"{_dumps(key)}: {_dumps(data[key])},\n"
    yield '"tasks": [\n'
    for index, task in enumerate(tasks):
        yield _dumps(task.as_dict()) + (",\n" if index < len(tasks) - 1 else "\n")
    rest = keys[position:]
    yield "]" + (",\n" if rest else "\n")
    for index, key in enumerate(rest):
        yield f"{_dumps(key)}: {_dumps(data[key])}" + (",\n" if index < len(rest) - 1 else "\n")
    yield "}\n"


def report_json(report: Report) -> str:
    """The report as JSON text."""
    return "".join(iter_json(report))


class JsonRenderer:
    name = "json"
    extension = ".json"

    def render(self, report: Report, summary: Summary, out: BinaryIO,
               options: RenderOptions) -> None:
        # Written in pieces: a 20,000-task report never exists as one string in memory.
        buffer: list[str] = []
        size = 0
        for piece in iter_json(report, summary, options.issue(report, summary)):
            buffer.append(piece)
            size += len(piece)
            if size > 1 << 16:
                out.write("".join(buffer).encode("utf-8"))
                buffer, size = [], 0
        out.write("".join(buffer).encode("utf-8"))


RENDERER = JsonRenderer()


def read_tasks(path: Path) -> list[TaskRecord]:
    """The tasks of a JSON report as written, for `check` (every field whole). A file that is
    not a JSON report of this contract raises."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("tasks"), list):
        raise ValueError("not a report: no list of tasks")
    records = []
    for number, task in enumerate(data["tasks"], start=1):
        if not isinstance(task, dict):
            raise ValueError(f"task {number} is not an object")
        records.append(TaskRecord(id=str(task["id"]), title=str(task["title"]),
                                  lead=str(task["lead"]), text=str(task["progress"]),
                                  where=f"task {number} of the file"))
    return records
