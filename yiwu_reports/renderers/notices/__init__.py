"""督办通知单 (`--format notices`): a folder with one Word notice per lead unit that has lagging or
待核实 tasks, and an index.json listing them.

Modules: `plan` (which units, which tasks, numbers and safe file names; no python-docx),
`document` (one notice in GB/T 9704 form, built on the briefing's template and helpers) and
`readback` (--check: each notice opened with python-docx and compared with the plan). The folder
is written as one (`atomic.write_folder_atomic`): every notice of the run or none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import INDEX_NAME
from .document import render_notice
from .plan import index_document, plan_notices

if TYPE_CHECKING:
    from ...core.model import Report
    from ...summary import Summary
    from .. import RenderOptions


class NoticesRenderer:
    name = "notices"
    extension = "-notices"

    def files(self, report: Report, summary: Summary,
              options: RenderOptions) -> Iterator[tuple[str, bytes]]:
        notices = plan_notices(report, options.office)
        for notice in notices:
            yield notice.file_name, render_notice(report, summary, options, notice)
        index = json.dumps(index_document(report, notices), ensure_ascii=False, indent=1)
        yield INDEX_NAME, (index + "\n").encode("utf-8")


RENDERER = NoticesRenderer()
