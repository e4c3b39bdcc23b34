"""Read a briefing back, task by task, for `check`: the rows of its annex (附件), the table of
every task in input order that the briefing ends with.

The annex's columns are fixed by the renderer (序号, 任务, 牵头单位, 状态, 完成率, 进展摘要: a
briefing text file may rename them, not reorder them), and its progress column holds the start
of each task's text (`annex.progress_chars`), ending in … when shortened. Read with python-docx
(the document's body XML), not with the renderer's code.
"""

from __future__ import annotations

from pathlib import Path

from ..records import TaskRecord

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ID, TITLE, LEAD, PROGRESS = 0, 1, 2, 5
SHORTENED = "…"


def _cell_text(cell: object) -> str:
    paragraphs = []
    for paragraph in cell.iter(f"{W}p"):  # type: ignore[attr-defined]
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}tab"):
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            else:
                parts.append("\n" if node.tag == f"{W}br" else "\t")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def read_tasks(path: Path) -> list[TaskRecord]:
    import docx

    body = docx.Document(str(path)).element.body
    tables = body.findall(f"{W}tbl")
    if not tables:
        raise ValueError("the briefing has no annex table")
    records = []
    for number, row in enumerate(tables[-1].findall(f"{W}tr"), start=1):
        if row.find(f"{W}trPr/{W}tblHeader") is not None:
            continue
        cells = [_cell_text(cell) for cell in row.findall(f"{W}tc")]
        if len(cells) <= PROGRESS:
            raise ValueError(f"annex row {number} has {len(cells)} cells, not 6")
        text = cells[PROGRESS].strip()
        cut = text.endswith(SHORTENED)
        records.append(TaskRecord(id=cells[ID], title=cells[TITLE], lead=cells[LEAD],
                                  text=text[: -len(SHORTENED)] if cut else text,
                                  match="cut" if cut else "whole",
                                  where=f"annex row {number}"))
    return records
