"""The JSON Schemas the tool ships (templates/*.schema.json), for validating what it writes."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from yiwu_reports.core.resources import template_path

REPORT = "report.schema.json"
MANIFEST = "manifest.schema.json"


@lru_cache(maxsize=None)
def validator(name: str) -> Any:
    import jsonschema
    from referencing import Registry, Resource

    schemas = {n: json.loads(template_path(n).read_text(encoding="utf-8")) for n in (REPORT, MANIFEST)}
    registry = Registry().with_resources(
        (n, Resource.from_contents(schema)) for n, schema in schemas.items())
    jsonschema.Draft202012Validator.check_schema(schemas[name])
    return jsonschema.Draft202012Validator(schemas[name], registry=registry)


WHOLE_UP_TO = 5000
"""Reports with more tasks are validated with a spread of this many (jsonschema takes about a
millisecond a task; every task is made by the same code)."""


def _spread(document: Any) -> Any:
    tasks = document.get("tasks") if isinstance(document, dict) else None
    if not isinstance(tasks, list) or len(tasks) <= WHOLE_UP_TO:
        return document
    step = len(tasks) / WHOLE_UP_TO
    picked = [tasks[int(i * step)] for i in range(WHOLE_UP_TO)] + [tasks[-1]]
    return {**document, "tasks": picked}


def validate(name: str, document: Any, where: str = "") -> None:
    """Raise AssertionError naming every place `document` breaks schema `name`."""
    errors = sorted(validator(name).iter_errors(_spread(document)),
                    key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:200]}"
                 for e in errors[:10]]
        raise AssertionError(f"{where or name} does not follow {name}:\n" + "\n".join(lines))


def validate_file(path: Path, seen: set[bytes] = frozenset()) -> bool:  # type: ignore[assignment]
    """Validate a file the tool may have written (a report JSON or a manifest); False when the
    file is neither (not JSON, or JSON of another kind) or its bytes' digest is in `seen`
    (validated already)."""
    try:
        data = path.read_bytes()
        if digest(data) in seen:
            return False
        document = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return False
    if path.name == "manifest.json" and isinstance(document, dict) and "fingerprint" in document:
        validate(MANIFEST, document, str(path))
        return True
    if isinstance(document, dict) and "schema_version" in document:
        validate(REPORT, document, str(path))
        return True
    return False


def digest(data: bytes) -> bytes:
    import hashlib

    return hashlib.sha1(data).digest()
