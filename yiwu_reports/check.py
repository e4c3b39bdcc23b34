"""Nothing lost: check that every task appears in every output with its id, lead unit and text,
and that the PDF draws every character with a glyph (no boxes).

Each document is read back with an independent reader (python-docx, openpyxl, pypdf, the standard
library's HTML parser for the web page's task table), its text squeezed (all white space removed,
since documents wrap lines anywhere), and every task is looked for in input order: its id next to
its task text, and its lead unit. The workbook, the JSON and the web page also carry the full
progress text, so there it is looked for too (a workbook cell cut at Excel's 32,767-character
limit must say so).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .model import Report

# White space (documents wrap lines anywhere) and invisible format characters (bidi controls,
# zero-width joiners), which a document may drop without losing any text.
_SPACE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+")
# The workbook cuts text longer than an Excel cell can hold and marks the cut with this.
CUT_MARK = "（截断"
INDEX_NAME = "index.json"
"""The file in every folder output listing its files, their units and tasks."""


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def document_text(path: Path) -> str:
    """All the text of an output file, by format, read with an independent library."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return path.read_text(encoding="utf-8")
    if suffix == ".docx":
        return _docx_text(path)
    if suffix == ".xlsx":
        return _xlsx_text(path)
    if suffix == ".pdf":
        return _pdf_text(path)
    if suffix == ".html":
        from .renderers.html.readback import page_text

        return page_text(path)
    raise ValueError(f"no reader for {path.suffix} files")


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                    continue
                seen.add(id(cell._tc))
                parts.append(cell.text)
    return "\n".join(parts)


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(str(path), read_only=True)
    try:
        parts = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                parts.extend("" if value is None else str(value) for value in row)
        return "\n".join(parts)
    finally:
        workbook.close()


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _find_in_order(haystack: str, needles: list[str]) -> int | None:
    """Index of the first needle not found after the previous one (greedy, so any in-order
    occurrence counts), or None when all are found in order."""
    position = 0
    for index, needle in enumerate(needles):
        found = haystack.find(needle, position)
        if found < 0:
            return index
        position = found + len(needle)
    return None


def check_outputs(report: Report, outputs: list[Path]) -> list[str]:
    """Problems found (one line each); an empty list means every task is in every output."""
    problems: list[str] = []
    for path in outputs:
        if path.is_dir():  # a folder of per-unit documents: its format's own check
            problems.extend(check_folder(report, path))
            continue
        try:
            text = squeeze(document_text(path))
        except ValueError:
            continue
        except Exception as error:  # a document that cannot even be read back
            problems.append(f"{path.name}: cannot be read back ({type(error).__name__}: {error})")
            continue
        if path.suffix.lower() == ".pdf":
            problems.extend(glyph_problems(path))
        full = path.suffix.lower() in (".json", ".xlsx", ".html")
        if path.suffix.lower() == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            text = squeeze("\n".join(f"{t['id']}{t['title']}\n{t['lead']}\n{t['progress']}"
                                     for t in data.get("tasks", [])))
        entries = [squeeze(f"{task.id}") + squeeze(task.title) for task in report.tasks]
        missing = _find_in_order(text, entries)
        if missing is not None:
            task = report.tasks[missing]
            problems.append(f"{path.name}: task {task.id} (row {task.source.row}) is missing or out "
                            f"of order: {task.title[:30]}")
            continue
        for task in report.tasks:
            if task.lead and squeeze(task.lead) not in text:
                problems.append(f"{path.name}: lead unit of task {task.id} is missing: {task.lead}")
                break
            if full and task.progress_text:
                progress = squeeze(task.progress_text)
                if progress not in text and not _cut_but_marked(progress, text):
                    problems.append(f"{path.name}: progress text of task {task.id} is not intact")
                    break
    return problems


def check_folder(report: Report, folder: Path) -> list[str]:
    """Problems of a folder output (notices, unit-xlsx): its `index.json` names the format, whose
    readback module's `check_folder(report, folder)` opens every file with an independent reader
    and checks that each unit's file holds exactly that unit's tasks."""
    import importlib

    from .renderers import REGISTRY

    try:
        index = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
        entry = REGISTRY[str(index["format"])]
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{folder.name}: no readable {INDEX_NAME} naming its format ({error})"]
    if entry.readback is None:
        return []
    module = importlib.import_module(entry.readback)
    try:
        return list(module.check_folder(report, folder))
    except Exception as error:  # a file that cannot even be read back
        return [f"{folder.name}: cannot be read back ({type(error).__name__}: {error})"]


def glyph_problems(path: Path) -> list[str]:
    """One line naming the characters a PDF draws without a glyph (boxes), if there are any."""
    from .renderers.pdf.glyphs import glyphless_characters

    missing = glyphless_characters(path)
    if not missing:
        return []
    shown = "、".join(f"{char}（第{page}页）" for char, page in list(missing.items())[:10])
    more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    return [f"{path.name}: {len(missing)} character(s) drawn without a glyph (shown as boxes): "
            f"{shown}{more}"]


def _cut_but_marked(progress: str, text: str) -> bool:
    head = progress[:2000]
    index = text.find(head)
    return index >= 0 and CUT_MARK in text[index:index + 40000]
