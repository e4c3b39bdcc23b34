"""Per-unit 补报 workbooks (`--format unit-xlsx`): a folder with a workbook for each lead unit,
holding only its tasks, with only its review cells editable, and an index.json.

Modules: `plan` (units, tasks and safe file names; no openpyxl), `workbook` (one unit's workbook,
built with the main workbook's cells) and `readback` (--check). A returned workbook is read by
`readers.unit_review`; `--overrides` takes several and reports a task corrected differently in
two of them, naming both files.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import INDEX_NAME
from .plan import index_document, plan_books
from .workbook import write_unit_book

if TYPE_CHECKING:
    from ...core.model import Report
    from ...summary import Summary
    from .. import RenderOptions


class UnitWorkbooksRenderer:
    name = "unit-xlsx"
    extension = "-units"

    def files(self, report: Report, summary: Summary,
              options: RenderOptions) -> Iterator[tuple[str, bytes]]:
        palette = options.status_palette()
        issue = options.issue(report, summary)
        books = plan_books(report)
        for book in books:
            buffer = io.BytesIO()
            write_unit_book(report, book, palette, options.office, buffer, issue)
            yield book.file_name, buffer.getvalue()
        index = json.dumps(index_document(report, books), ensure_ascii=False, indent=1)
        yield INDEX_NAME, (index + "\n").encode("utf-8")


RENDERER = UnitWorkbooksRenderer()
