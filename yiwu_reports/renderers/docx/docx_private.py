"""Every use of python-docx's undocumented parts, in this one module.

pyproject.toml pins python-docx to the versions this was checked against (>=1.1, <1.3) and CI
runs the briefing tests at both ends of that range. Nothing here changes python-docx for anyone
else.

- `set_part_blob`: python-docx keeps parts it has no class for (the font table) as bytes in
  `Part._blob`, which `Part.blob` returns. If that changes: a user's template keeps its own font
  table, so the fallback font names of our styles are missing from it (test_render_docx checks
  the font table of a briefing made from a user's template).
- `footer_element`: a header/footer's XML root, `_Footer._element` (the `w:ftr` element). If that
  changes: the page numbers cannot be written (test_render_docx checks them).
"""

from __future__ import annotations

from typing import Any

__all__ = ["set_part_blob", "footer_element"]


def set_part_blob(part: Any, blob: bytes) -> None:
    """Replace the bytes of a part python-docx holds as bytes."""
    part._blob = blob


def footer_element(footer: Any) -> Any:
    """The w:ftr element of a section's footer (its definition made if need be)."""
    return footer._element
