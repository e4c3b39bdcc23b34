"""Find the files that ship with the package (`templates/`, the bundled sample) and a user's own.

In a wheel the shipped files are copied into the package (see pyproject.toml); in a source checkout
or an editable install they sit at the top of the repository. Look in the package first.

A user changes the templates without touching the installed package: a folder of their own
(`make-report --templates DIR`, `RenderOptions.templates`, or the `templates` folder in the
platform's configuration folder, `user_templates_dir()`) holding any of `briefing.toml`,
`statuses.json`, `briefing-styles.docx` and the web page's `html-page.html`, `html-page.css`
and `html-page.js`. A file there is used instead of (for
`briefing.toml` and `statuses.json`: laid over) the shipped one of the same name.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # yiwu_reports/, where the wheel puts them
SAMPLE_NAME = "yiwu-2023-q3-progress.txt"
APP_NAME = "yiwu-reports"
USER_TEMPLATES = "templates"
"""The folder of a user's templates inside `user_config_dir()`."""
EDITABLE_TEMPLATES = ("briefing.toml", "statuses.json", "briefing-styles.docx", "html-page.html",
                      "html-page.css", "html-page.js")
"""The shipped files a user's templates folder may replace."""


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def templates_dir() -> Path:
    """The folder holding the shipped palette, text templates and the Word styles template."""
    return _first_existing(_PACKAGE / "templates", _PACKAGE.parent / "templates")


def template_path(name: str) -> Path:
    """A shipped file in `templates/`, e.g. template_path("statuses.json")."""
    return templates_dir() / name


def user_template(name: str, folder: Path | None) -> Path | None:
    """`name` in a user's templates `folder` when it is there, else None (use the shipped one)."""
    if folder is None:
        return None
    candidate = Path(folder) / name
    return candidate if candidate.is_file() else None


def template_for(name: str, folder: Path | None) -> Path:
    """The file to use for `name`: the user's in `folder` when there is one, else the shipped one."""
    return user_template(name, folder) or template_path(name)


def copy_templates(folder: Path) -> list[Path]:
    """Copy the shipped templates a user may change (`EDITABLE_TEMPLATES`) into `folder` (made if
    need be), to edit there; a file already in the folder is kept, never overwritten. Returns the
    files written."""
    import shutil

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EDITABLE_TEMPLATES:
        target = folder / name
        if not target.exists():
            shutil.copyfile(template_path(name), target)
            written.append(target)
    return written


def user_config_dir() -> Path:
    """The platform's configuration folder for yiwu-reports: `$XDG_CONFIG_HOME/yiwu-reports`
    (default `~/.config/yiwu-reports`) on Linux and other Unix systems,
    `~/Library/Application Support/yiwu-reports` on macOS, `%APPDATA%\\yiwu-reports` on
    Windows."""
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Roaming")
    elif sys.platform == "darwin":
        base = os.path.join(os.path.expanduser("~"), "Library", "Application Support")
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / APP_NAME


FONT_CACHE_VARIABLE = "YIWU_REPORTS_FONT_CACHE"
"""Set to 0 to keep make-report from keeping the PDF font's parse in the user's cache folder."""


def user_font_cache_dir() -> Path | None:
    """Where make-report keeps reportlab's parse of the PDF's CJK font between runs:
    `$XDG_CACHE_HOME/yiwu-reports/fonts` (default `~/.cache/yiwu-reports/fonts`); None when
    YIWU_REPORTS_FONT_CACHE=0. Only the command uses it by itself: the library keeps a cache
    only in a folder it is given (`RenderOptions.font_cache`, `RunConfig.font_cache`)."""
    if os.environ.get(FONT_CACHE_VARIABLE, "") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / APP_NAME / "fonts"


def user_templates_dir() -> Path | None:
    """The user's templates folder in the platform's configuration folder
    (`~/.config/yiwu-reports/templates` on Linux), when it exists; else None."""
    folder = user_config_dir() / USER_TEMPLATES
    return folder if folder.is_dir() else None


def sample_path() -> Path:
    """The bundled sample table (Yiwu's 2023 Q3 progress table)."""
    return _first_existing(_PACKAGE / "samples" / SAMPLE_NAME, _PACKAGE.parent / "samples" / SAMPLE_NAME)
