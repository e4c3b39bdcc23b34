"""--check for a folder of notices: every notice opened with python-docx and compared with what
the report says each unit must be sent.

For each unit that leads a lagging or 待核实 task: its file is there, addressed to it (主送), with
its number; its lagging then 待核实 tasks are told in that order (each task's text, whole), and
its receipt has exactly one row per task, by id, in the same order. No other notice is there.
"""

from __future__ import annotations

import json
from pathlib import Path

from ...core.model import Report
from ...core.office import OfficeSettings
from ..common import xml_safe
from ..records import squeeze
from .plan import EXTENSION, plan_notices


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    """The body's paragraphs and the last table's rows (the receipt), as text."""
    import docx

    document = docx.Document(str(path))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    receipt = [[cell.text for cell in row.cells] for row in document.tables[-1].rows] \
        if document.tables else []
    return paragraphs, receipt


def check_folder(report: Report, folder: Path) -> list[str]:
    """Problems of a notices folder made from `report` (one line each; [] when all is well).
    The numbering pattern is read from the folder's index (the office's setting)."""
    problems: list[str] = []
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    listed = {entry["unit"]: entry for entry in index.get("notices", [])}
    notices = plan_notices(report, OfficeSettings())
    expected_files = {notice.file_name for notice in notices}
    present = {path.name for path in folder.glob(f"*{EXTENSION}")}
    for extra in sorted(present - expected_files):
        problems.append(f"{folder.name}/{extra}: a notice no unit should have")
    for notice in notices:
        where = f"{folder.name}/{notice.file_name}"
        if notice.file_name not in present:
            problems.append(f"{where}: missing (the notice of {notice.unit})")
            continue
        paragraphs, receipt = _read(folder / notice.file_name)
        number = listed.get(notice.unit, {}).get("number", "")
        if f"{xml_safe(notice.unit)}：" not in paragraphs:
            problems.append(f"{where}: not addressed to {notice.unit}")
        if not number or squeeze(number) not in {squeeze(p) for p in paragraphs}:
            problems.append(f"{where}: its number {number or '(none in the index)'} is missing")
        body = squeeze("\n".join(paragraphs))
        position = 0
        for task in notice.tasks:
            found = body.find(squeeze(task.title.rstrip("。；;，,、：: \u3000")), position)
            if found < 0:
                problems.append(f"{where}: task {task.id} is missing or out of order")
                break
            position = found
        ids = [row[0] for row in receipt[1:]]
        if ids != [task.id for task in notice.tasks]:
            problems.append(f"{where}: the receipt lists tasks {', '.join(ids) or 'none'}, not "
                            f"{', '.join(task.id for task in notice.tasks)}")
    return problems


__all__ = ["check_folder"]
