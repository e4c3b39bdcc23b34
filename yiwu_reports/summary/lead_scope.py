"""`--lead`: a report restricted to the tasks of some lead units.

A unit is matched against the units each lead cell names (`Task.leads`), so 经信局 finds the tasks
it leads alone and those it leads with others (发改局、经信局), but not those where it only
cooperates (发改局牵头，经信局配合). The restricted report remembers the units
(`Report.restricted_to`): its counts by unit are theirs only and documents are addressed to them.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.errors import UsageError
from ..core.leads import split_leads, unit_key
from ..core.model import Report

_LISTED = 30  # units named in the error for a unit that leads nothing


def wanted_units(names: Sequence[str]) -> tuple[str, ...]:
    """The units `names` name, each once (a name such as 发改局、经信局 names two)."""
    units: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise UsageError(f"a lead unit must be text, not {type(name).__name__}")
        units.extend(split_leads(name) or ((name.strip(),) if name.strip() else ()))
    return tuple(dict.fromkeys(units))


def restrict_to_leads(report: Report, names: Sequence[str], *, strict: bool = True) -> Report:
    """`report` with only the tasks led by the units `names` name, in input order.

    With `strict`, a unit that leads no task of the report is a `UsageError` listing the units
    there are (a typo must not give an empty briefing); a previous period's report is
    restricted without it (a unit may have had no task then)."""
    units = wanted_units(names)
    if not units:
        return report
    keys = {unit_key(unit) for unit in units}
    tasks = [task for task in report.tasks if any(unit_key(u) in keys for u in task.leads)]
    if strict:
        present = {unit_key(unit) for task in report.tasks for unit in task.leads}
        missing = [unit for unit in units if unit_key(unit) not in present]
        if missing:
            there = list(dict.fromkeys(unit for task in report.tasks for unit in task.leads))
            more = f" … ({len(there)} in all)" if len(there) > _LISTED else ""
            raise UsageError(f"no task of {report.source_file or 'the table'} is led by "
                             f"{'、'.join(missing)}; the lead units are: "
                             f"{'、'.join(there[:_LISTED])}{more}")
    return report.with_tasks(tasks, restricted_to=units)


__all__ = ["restrict_to_leads", "wanted_units"]
