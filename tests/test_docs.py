"""The README is a door: short, linking every page under docs/, and every link and path named in
the README and the pages leads somewhere that exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
DOCUMENTS = [README, *PAGES]

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_CODE = re.compile(r"`([^`\n]+)`")


def _prose(path: Path) -> str:
    """The Markdown without its fenced code blocks (a `#` line in a shell block is no heading)."""
    return _FENCE.sub("", path.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text without Markdown marks, lowercased, every
    character but letters, digits (CJK included), spaces, hyphens and underscores dropped, then
    spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)   # a link: its text
    text = text.replace("`", "").lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor, repeated ones numbered as GitHub numbers them (-1, -2 …)."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in _HEADING.findall(_prose(path)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def relative_links(path: Path) -> list[str]:
    return [target for target in _LINK.findall(_prose(path))
            if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I)]


def test_slugs_follow_github():
    assert slug("Your office's own settings") == "your-offices-own-settings"
    assert slug("From 通报 to 督办") == "from-通报-to-督办"
    assert slug("督办通知单 (`-f notices`)") == "督办通知单--f-notices"
    assert slug("预警 tiers，分级") == "预警-tiers分级"


def test_the_readme_is_a_door():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 250, f"README.md has {len(lines)} lines; move reference text to docs/"


def test_every_page_is_linked_from_the_readme():
    assert PAGES, "no pages under docs/"
    linked = {(ROOT / unquote(target.split("#", 1)[0])).resolve()
              for target in relative_links(README) if target.split("#", 1)[0]}
    missing = [path.relative_to(DOCS).as_posix() for path in sorted(DOCS.rglob("*"))
               if path.is_file() and path.resolve() not in linked]
    assert not missing, f"files in docs/ the README does not link: {missing}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_somewhere(document):
    broken = []
    for target in relative_links(document):
        file_part, _, anchor = target.partition("#")
        linked = (document.parent / unquote(file_part)).resolve() if file_part else document
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and unquote(anchor) not in anchors(linked):
            broken.append(f"{target}: no heading with that anchor in {linked.name}")
    assert not broken, "; ".join(broken)


# A path in the repository named in a code span: the package's modules and folders
# (`yiwu_reports/run/lock.py`, `yiwu_reports/renderers/notices/`; not files copied into it when
# installed, such as its templates), and any file or folder of the other top-level folders.
_PATH = re.compile(r"(?<![\w./~-])(?:yiwu_reports/[\w/]*(?:\.py|/)(?![\w.])"
                   r"|(?:\.ci|benchmarks|docs|samples|scripts|templates|tests)/[\w./-]*[\w/])")


def _named_paths(document: Path) -> list[str]:
    return [path for span in _CODE.findall(document.read_text(encoding="utf-8"))
            for path in _PATH.findall(span)]


def _named_modules(document: Path) -> list[str]:
    """Dotted names of the package in code spans: `yiwu_reports.core.resources.template_path`,
    `python -m yiwu_reports.renderers.pdf.system_fonts`."""
    return [name for span in _CODE.findall(document.read_text(encoding="utf-8"))
            for name in re.findall(r"\byiwu_reports(?:\.\w+)+", span)]


def _resolves(dotted: str) -> bool:
    """A module of the package, or a name defined in one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module_path = ROOT.joinpath(*parts[:cut])
        if module_path.with_suffix(".py").is_file() or (module_path / "__init__.py").is_file():
            value: object = importlib.import_module(".".join(parts[:cut]))
            for attribute in parts[cut:]:
                if not hasattr(value, attribute):
                    return False
                value = getattr(value, attribute)
            return True
    return False


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_package_path_named_exists(document):
    missing = [path for path in _named_paths(document) if not (ROOT / path).exists()]
    missing += [name for name in _named_modules(document) if not _resolves(name)]
    assert not missing, f"{document.name} names what the package does not have: {missing}"


def test_the_design_page_names_every_stage():
    design = (DOCS / "design.md").read_text(encoding="utf-8")
    stages = sorted(path.parent.name for path in (ROOT / "yiwu_reports").glob("*/__init__.py"))
    for stage in stages:
        assert f"`yiwu_reports/{stage}/`" in design, stage
    assert "`yiwu_reports/api.py`" in design and "`yiwu_reports/cli.py`" in design
    assert "tests/test_import_graph.py" in design
