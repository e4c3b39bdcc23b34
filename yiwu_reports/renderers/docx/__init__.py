"""The Word briefing (`--format docx`): `briefing` builds it; `formatting` (GB/T 9704 styles,
fonts, page numbers), `table` (the annex), `chart` (the native chart) and `text` (its editable
sentences) are its parts. Importing this package imports nothing heavy; `briefing` imports
python-docx."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.resources import user_template

if TYPE_CHECKING:
    from .. import Preparation


def prepare(preparation: Preparation) -> Preparation:
    """The run's Word styles opened once, so that a bad template fails before any output is
    written."""
    options = preparation.options
    styles = options.template or user_template("briefing-styles.docx", options.templates)
    if styles is not None:
        # python-docx is imported here, not with the package: only a run with a template of
        # its own opens one before writing.
        from .formatting import open_template

        open_template(styles)
    return preparation
