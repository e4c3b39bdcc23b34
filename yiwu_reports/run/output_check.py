"""Nothing lost: check that every task is in every output, in order, with its id, title, lead unit
and text together in one row or paragraph.

Each output is read back by its format's hook (`FormatEntry.readback`, see `readback`), which
gives one record per task row of the document. Records and tasks are paired in order by id and
title; then every pair is compared field by field, text squeezed (documents wrap lines and drop
white space anywhere). A task with no row, a row with no task, a row whose id, title, lead unit or
text differs from the task's, and a file that cannot be read back are each a problem; a format
without a hook is a problem too (it cannot be checked). A hook module may also offer
`file_problems(path) -> list[str]`, checks of the file as a whole (the PDF's: every character
drawn with a glyph, no boxes).
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Callable

from ..core.model import Report, Task
from ..renderers import INDEX_NAME, MIN_CUT, REGISTRY, FormatEntry, TaskRecord, squeeze
from ..summary import UNNAMED_LEAD

MAX_PROBLEMS = 10
"""Problems listed per file; more are counted in one last line."""

Reader = Callable[[Path], "list[TaskRecord]"]


def _entry_for(path: Path) -> FormatEntry | None:
    suffix = path.suffix.lower()
    return next((entry for entry in REGISTRY.values() if entry.extension == suffix), None)


def reader_for(path: Path) -> Reader | None:
    """The read-back function of the format `path` is in (by extension), or None."""
    entry = _entry_for(path)
    if entry is None or entry.readback is None:
        return None
    module = importlib.import_module(entry.readback)
    return module.read_tasks


def _file_problems(path: Path) -> list[str]:
    """The format's checks of the file as a whole, if its read-back module has any."""
    entry = _entry_for(path)
    if entry is None or entry.readback is None:
        return []
    whole_file = getattr(importlib.import_module(entry.readback), "file_problems", None)
    return list(whole_file(path)) if whole_file is not None else []


def check_outputs(report: Report, outputs: list[Path]) -> list[str]:
    """Problems found (one line each); an empty list means every task is in every output."""
    problems: list[str] = []
    for path in outputs:
        if path.is_dir():  # a folder of per-unit documents: its format's own check
            problems.extend(check_folder(report, path))
            continue
        reader = reader_for(path)
        if reader is None:
            problems.append(f"{path.name}: no way to read this format back, so it cannot be "
                            f"checked")
            continue
        try:
            records = reader(path)
        except Exception as error:  # any failure to read the file is the finding
            reason = " ".join(str(error).split())[:200]
            problems.append(f"{path.name}: cannot be read back ({type(error).__name__}"
                            f"{': ' + reason if reason else ''})")
            continue
        found = check_records(report.tasks, records) + _file_problems(path)
        problems.extend(f"{path.name}: {problem}" for problem in found[:MAX_PROBLEMS])
        if len(found) > MAX_PROBLEMS:
            problems.append(f"{path.name}: … and {len(found) - MAX_PROBLEMS} more problems")
    return problems


def check_folder(report: Report, folder: Path) -> list[str]:
    """Problems of a folder output (notices, unit-xlsx): its `index.json` names the format, whose
    readback module's `check_folder(report, folder)` opens every file with an independent reader
    and checks that each unit's file holds exactly that unit's tasks."""
    try:
        index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
        entry = REGISTRY[str(index["format"])]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{folder.name}: no readable {INDEX_NAME} naming its format ({error})"]
    if entry.readback is None:
        return [f"{folder.name}: no way to read this format back, so it cannot be checked"]
    module = importlib.import_module(entry.readback)
    try:
        return list(module.check_folder(report, folder))
    except Exception as error:  # a file that cannot even be read back
        reason = " ".join(str(error).split())[:200]
        return [f"{folder.name}: cannot be read back ({type(error).__name__}: {reason})"]


def _key(task_id: str, title: str) -> str:
    return f"{squeeze(task_id)}\x00{squeeze(title)}"


def _name(task: Task) -> str:
    return f"task {task.id} (row {task.source.row})"


def _shown(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”"


def check_records(tasks: tuple[Task, ...] | list[Task], records: list[TaskRecord]) -> list[str]:
    """Problems between the tasks of a report and the records read back from one document."""
    from difflib import SequenceMatcher  # only when outputs are read back (--check)

    problems: list[str] = []
    matcher = SequenceMatcher(None, [_key(t.id, t.title) for t in tasks],
                              [_key(r.id, r.title) for r in records], autojunk=False)
    for op, t0, t1, r0, r1 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and t1 - t0 == r1 - r0):
            for task, record in zip(tasks[t0:t1], records[r0:r1]):
                problems.extend(_compare(task, record))
            continue
        for task in tasks[t0:t1]:
            problems.append(f"{_name(task)} is missing or out of order: {_shown(task.title)}")
        for record in records[r0:r1]:
            problems.append(f"a row the table does not have ({record.where}): id "
                            f"{_shown(record.id, 12)}, {_shown(record.title)}")
    return problems


def _compare(task: Task, record: TaskRecord) -> list[str]:
    where = f" ({record.where})" if record.where else ""
    problems = []
    for field, expected, found in (("id", task.id, record.id), ("title", task.title, record.title),
                                   ("lead unit", task.lead, record.lead)):
        if squeeze(expected) != squeeze(found) and not (
                field == "lead unit" and not expected and squeeze(found) == UNNAMED_LEAD):
            # A table without a lead unit: the documents say so (未注明牵头单位), the JSON keeps "".
            problems.append(f"{_name(task)}: {field} is {_shown(expected)} in the table but "
                            f"{_shown(found)} here{where}")
    if not _text_matches(squeeze(task.progress_text), squeeze(record.text), record.match):
        problems.append(f"{_name(task)}: progress text is not intact here{where}: "
                        f"{_shown(record.text)}")
    return problems


def _text_matches(expected: str, found: str, match: str) -> bool:
    if match == "start":
        return found.startswith(expected)
    if match == "cut":
        return expected.startswith(found) and len(found) >= min(len(expected), MIN_CUT)
    return found == expected
