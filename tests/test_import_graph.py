"""The package's modules import one another in one direction only, stage by stage.

The stages of `read → model → assess → summarise → render → run` are the root's subpackages, in
this order: `text`, `core`, `readers`, `assessment`, `summary`, `renderers`, `run`; the faces
(`api`, `cli`) come last. A stage imports only itself and the stages before it (and `version`).
`text` and `core` are the shared floor: any of their modules may be imported. Any other stage is
reached only through its package's public names (its `__init__`'s `__all__`: the renderer
registry, `readers.read_report`, …), never its inner modules, so a reach-around fails here
instead of waiting for a review. No module imports one that imports it back, however indirectly.

The graph is built from the source (ast), so an import inside a function counts as much as one at
the top; imports under `if TYPE_CHECKING:` never run and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "yiwu_reports"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the package's modules it imports (a `from package import name` counts as an
    import of the submodule when `name` is one, else of the package)."""
    paths = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = here[: len(here) - (node.level - 1)]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in paths
                           else origin for alias in node.names]
            for target in targets:
                if target in paths and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_graph_sees_imports_at_every_depth():
    graph = import_graph()
    # Known edges of each kind: top level, relative with dots, inside a function.
    assert "yiwu_reports.core.model" in graph["yiwu_reports.summary.counts"]
    assert "yiwu_reports.renderers" in graph["yiwu_reports.renderers.pdf.document"]
    assert "yiwu_reports.renderers.html.page" in graph["yiwu_reports.renderers.html"]


def test_cycles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_package_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


@pytest.mark.parametrize("module", ["yiwu_reports.assessment", "yiwu_reports.readers",
                                    "yiwu_reports.core.model", "yiwu_reports.summary"])
def test_reading_and_judging_never_reach_a_renderer(module):
    graph = import_graph()
    renderers = {name for name in reachable(graph, module)
                 if name.startswith("yiwu_reports.renderers")}
    assert not renderers, f"{module} imports {sorted(renderers)}"


STAGES = ("text", "core", "readers", "assessment", "summary", "renderers", "run")
"""The root's stage packages, each allowed to import those before it."""
SHARED = ("text", "core")
"""Stages whose every module is public: the floor every other stage stands on."""
ROOT_MODULES = {"__init__", "__main__", "api", "cli", "version", "py"}


def stage_of(module: str) -> int:
    """The stage's position (faces after the last stage; `version` before the first)."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return STAGES.index(parts[1])
    return -1 if module == "yiwu_reports.version" else len(STAGES)


def cross_stage_imports() -> list[tuple[str, str, list[str], int]]:
    """(importing module, module imported from, names, line) for every import that leaves its
    module's stage."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        is_package = path.name == "__init__.py"
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                origins = [(alias.name, []) for alias in node.names]
            elif node.level:
                base = here[: len(here) - (node.level - 1)]
                origins = [(".".join(base + ([node.module] if node.module else [])),
                            [alias.name for alias in node.names])]
            else:
                origins = [(node.module or "", [alias.name for alias in node.names])]
            for origin, names in origins:
                if origin.startswith("yiwu_reports") and stage_of(origin) != stage_of(name):
                    found.append((name, origin, names, node.lineno))
    return found


def test_a_stage_imports_only_the_stages_before_it():
    later = [f"{module} imports {origin} (line {line})"
             for module, origin, _names, line in cross_stage_imports()
             if stage_of(origin) > stage_of(module)]
    assert not later, "a stage imports a later one: " + "; ".join(sorted(later))


def _public_names(package: str) -> set[str]:
    path = PACKAGE.parent.joinpath(*package.split(".")) / "__init__.py"
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__"
                                                for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def test_a_stage_is_reached_only_through_its_public_names():
    wrong = []
    for module, origin, names, line in cross_stage_imports():
        parts = origin.split(".")
        if len(parts) < 2 or parts[1] in SHARED or parts[1] not in STAGES:
            continue
        package = ".".join(parts[:2])
        if origin != package:
            wrong.append(f"{module} imports the inner module {origin} (line {line})")
            continue
        hidden = sorted(set(names) - _public_names(package))
        if hidden:
            wrong.append(f"{module} imports {', '.join(hidden)} from {package}, not in its "
                         f"__all__ (line {line})")
    assert not wrong, "; ".join(sorted(wrong))


def test_every_stage_exists_and_the_root_shows_only_the_stages():
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
    root = {path.stem for path in PACKAGE.glob("*.py")} | \
        {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    extra = root - ROOT_MODULES - set(STAGES)
    assert not extra, f"modules at the root that belong in a stage: {sorted(extra)}"
    assert len(root - {"__init__", "__main__"}) <= 10


# Imports of the package's own modules inside a function, each kept because it defers a heavy
# library (Jinja2, python-docx, reportlab) that the importing module must not load.
_DEFERRED = {
    ("yiwu_reports.renderers.html", "yiwu_reports.renderers.html.page"):
        "Jinja2: --check reads the page back without it",
    ("yiwu_reports.renderers.docx", "yiwu_reports.renderers.docx.formatting"):
        "python-docx: preparing a run opens a template only when there is one",
    ("yiwu_reports.renderers.pdf.fonts", "yiwu_reports.renderers.pdf.reportlab_private"):
        "reportlab: choosing the PDF's font stays light; registering it needs reportlab",
    ("yiwu_reports.renderers.pdf.fonts", "yiwu_reports.renderers.pdf.font_cache"):
        "reportlab (through the cache's faces): as above",
    ("yiwu_reports.renderers.pdf.font_cache", "yiwu_reports.renderers.pdf.reportlab_private"):
        "reportlab: the cache is read before the font is registered",
}


def _imports_in_functions(tree: ast.AST) -> list[ast.ImportFrom]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.extend(child for child in ast.walk(node) if isinstance(child, ast.ImportFrom))
    return found


def test_the_package_imports_its_own_modules_at_the_top():
    inside = []
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in _imports_in_functions(ast.parse(path.read_text(encoding="utf-8"))):
            if not node.level and not (node.module or "").startswith("yiwu_reports"):
                continue
            base = here[: len(here) - (node.level - 1)] if node.level else []
            origin = ".".join(base + ([node.module] if node.module else [])) if node.level \
                else node.module or ""
            if (name, origin) not in _DEFERRED:
                inside.append(f"{name} line {node.lineno}: from {origin} import …")
    assert not inside, "imports inside functions: " + "; ".join(sorted(inside))
