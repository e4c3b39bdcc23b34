"""The assessment and the reader's layout stay readable: no function there, nested ones included,
is longer than LIMIT lines (from its `def` line, decorators aside, to its last line)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "yiwu_reports"
LIMIT = 60


def checked_files() -> list[Path]:
    return [*sorted((PACKAGE / "assessment").glob("*.py")), PACKAGE / "readers" / "layout.py"]


def function_sizes(path: Path) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of every function in the file, nested ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.name, node.lineno, (node.end_lineno or node.lineno) - node.lineno + 1)
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_the_files_are_there():
    assert len(checked_files()) > 10 and all(path.exists() for path in checked_files())


def test_no_function_is_longer_than_the_limit():
    too_long = [f"{path.relative_to(PACKAGE.parent)}:{line} {name} ({size} lines)"
                for path in checked_files() for name, line, size in function_sizes(path)
                if size > LIMIT]
    assert not too_long, f"functions over {LIMIT} lines: " + "; ".join(too_long)


def test_nested_functions_are_counted(tmp_path):
    path = tmp_path / "nested.py"
    path.write_text("def outer():\n    def inner():\n        return 1\n    return inner\n",
                    encoding="utf-8")
    assert sorted(function_sizes(path)) == [("inner", 2, 2), ("outer", 1, 4)]
