"""Write the page: Jinja2, autoescaping on, over three templates found through `template_for`.

`html-page.css` and `html-page.js` are rendered first; the page template then gets them as they
are, with the Content-Security-Policy that allows exactly those two texts by hash. Every other
value the templates print is escaped (and stripped of characters XML cannot hold), so task text
is text whatever it contains. Templates are looked up by name each time through
`resources.template_for`, the one place that decides where templates live: a user's templates
folder (`RenderOptions.templates`, `--templates DIR`) first, each of the three on its own (a
folder holding only `html-page.css` restyles the shipped page), then the shipped ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from jinja2 import Environment, FunctionLoader, StrictUndefined, TemplateError, TemplateNotFound
from markupsafe import Markup

from ...core.errors import RenderError
from ...core.model import Report
from ...core.resources import template_for
from ...summary import Summary
from .. import RenderOptions
from ..common import xml_safe
from .csp import content_security_policy
from .view import build_view

PAGE_TEMPLATE = "html-page.html"
STYLESHEET = "html-page.css"
SCRIPT = "html-page.js"
# What would end an inline element early (or, in a script, change how it is parsed).
_FORBIDDEN = {"style": ("</style",), "script": ("</script", "<script", "<!--")}


def _loader(folder: Path | None) -> Callable[[str], tuple[str, str, Callable[[], bool]] | None]:
    """Loads a template by name: the one in the user's templates `folder` when it is there,
    else the shipped one."""
    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        path = template_for(name, folder)
        try:
            source = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise RenderError(f"cannot read template {path}: {error}") from None
        return source, str(path), lambda: False

    return load


def _finalize(value: object) -> object:
    """Every printed value: markup we made stays as it is; any other text loses the characters
    XML cannot hold (readers remove them already; this guards text from other sources)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return xml_safe(value)


def environment(folder: Path | None = None) -> Environment:
    """The Jinja2 environment of the page's templates, a user's templates `folder` first."""
    return Environment(loader=FunctionLoader(_loader(folder)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       finalize=_finalize, auto_reload=False)


def _inline(text: str, element: str, name: str) -> Markup:
    """`text` to go inside a <style> or <script> element as it is, refused if it would end the
    element early."""
    lowered = text.lower()
    for marker in _FORBIDDEN[element]:
        if marker in lowered:
            raise RenderError(f"template {name} must not contain {marker!r}: it would break "
                              f"the page's <{element}> element")
    return Markup(text)


def render_page(report: Report, summary: Summary, options: RenderOptions) -> bytes:
    """The page of an assessed report, as UTF-8 bytes (the same for the same input)."""
    palette = options.status_palette()
    view = build_view(report, summary, palette, options.extra,
                      options.issue(report, summary).mark)
    env = environment(options.templates)
    try:
        style = env.get_template(STYLESHEET).render(statuses=view.statuses)
        script = env.get_template(SCRIPT).render()
        policy = content_security_policy(style, script)
        page = env.get_template(PAGE_TEMPLATE).render(
            page=view, style=_inline(style, "style", STYLESHEET),
            script=_inline(script, "script", SCRIPT), csp=Markup(policy))
    except TemplateNotFound as error:
        raise RenderError(f"page template {error.name} not found "
                          f"(looked for {template_for(str(error.name), options.templates)})") from None
    except TemplateError as error:
        line = getattr(error, "lineno", None)  # syntax errors know where they are
        where = f" (line {line})" if line else ""
        raise RenderError(f"page template error{where}: {error}") from None
    return page.encode("utf-8")
