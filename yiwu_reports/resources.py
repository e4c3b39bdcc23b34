"""Find the files that ship with the package: `templates/` and the bundled sample table.

In a wheel they are copied into the package (see pyproject.toml); in a source checkout or an
editable install they sit at the top of the repository. Look in the package first.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
SAMPLE_NAME = "yiwu-2023-q3-progress.txt"


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def templates_dir() -> Path:
    """The folder holding the palette, text templates and the Word styles template."""
    return _first_existing(_PACKAGE / "templates", _PACKAGE.parent / "templates")


def template_path(name: str) -> Path:
    """A file in `templates/`, e.g. template_path("statuses.json")."""
    return templates_dir() / name


def sample_path() -> Path:
    """The bundled sample table (Yiwu's 2023 Q3 progress table)."""
    return _first_existing(_PACKAGE / "samples" / SAMPLE_NAME, _PACKAGE.parent / "samples" / SAMPLE_NAME)
