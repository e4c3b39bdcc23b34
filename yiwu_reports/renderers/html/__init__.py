"""The web page for publication (`--format html`): one self-contained, accessible HTML file.

Modules: `view` (what the page shows, from the report, summary and palette), `charts` (the two
SVG charts as shapes), `contrast` (text colours that reach WCAG AA), `csp` (the policy and the
hashes of the inline stylesheet and script), `page` (Jinja2 with autoescaping over
templates/html-page.*) and `readback` (the page's task rows read back, for --check).

This module stays light: Jinja2 is imported by `page` when a page is written, so `readback`
(used by --check) needs only the standard library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from ...core.model import Report
    from ...summary import Summary
    from .. import RenderOptions


class HtmlRenderer:
    name = "html"
    extension = ".html"

    def render(self, report: "Report", summary: "Summary", out: BinaryIO,
               options: "RenderOptions") -> None:
        from .page import render_page

        out.write(render_page(report, summary, options))


RENDERER = HtmlRenderer()
