"""Print the lowest versions pyproject.toml allows for the package's dependencies, as pip
constraints (name==version), so CI can test at the lower bounds as well as the upper ones.

    python .ci/lower_bounds.py > lower.txt && pip install -c lower.txt -e '.[test]'
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
_LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*[^;]*?>=\s*([0-9][^,;\s]*)")


def lower_bounds(requirements: list[str]) -> list[str]:
    pins = []
    for requirement in requirements:
        spec, _, marker = requirement.partition(";")
        if marker.strip() and "python_version" in marker:
            wanted = re.search(r"python_version\s*([<>=!]+)\s*['\"]([0-9.]+)['\"]", marker)
            if wanted:
                op, version = wanted.groups()
                here = sys.version_info[:2]
                there = tuple(int(part) for part in version.split("."))
                applies = {"<": here < there, "<=": here <= there, ">": here > there,
                           ">=": here >= there, "==": here == there}.get(op, True)
                if not applies:
                    continue
        match = _LOWER.match(spec)
        if match:
            pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


if __name__ == "__main__":
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    print("\n".join(lower_bounds(project["dependencies"])))
