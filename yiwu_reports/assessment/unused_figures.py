"""Tables that read but look wrong: one warning line each, saying what and where.

The reader says itself when a header row stands inside the data and when more than a tenth of
the tasks have no progress; this module holds the check that needs the assessment: every task
judged qualitative although the table has columns of figures (a sign that the target or result
columns were not recognised). It costs one pass over the statuses and stops at the first task
that is not qualitative.
"""

from __future__ import annotations

import re

from ..core.model import Report
from ..readers import columns

_FIGURE_ROLES = (columns.TARGET, columns.ACTUAL, columns.COMPLETION, columns.SHARE)
_FIGURE = re.compile(r"\d")


def figures_unused(report: Report) -> str | None:
    """A warning when every task of an assessed report is qualitative while its extra columns
    hold figures under target, result or rate headers; else None."""
    if not report.tasks or any(task.status != "qualitative" for task in report.tasks):
        return None
    headers: list[str] = []
    for task in report.tasks:
        for header, value in task.extra:
            if header not in headers and _FIGURE.search(value) \
                    and columns.role_of(header.rsplit("/", 1)[-1]) in _FIGURE_ROLES:
                headers.append(header)
    if not headers:
        return None
    return (f"{report.source_file}: every task was judged qualitative (定性任务) although the "
            f"table has columns of figures ({'、'.join(headers[:5])}); check that the targets "
            f"and results were read")
