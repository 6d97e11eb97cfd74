"""A string translated when its module is imported stays in the language active at that moment (usually Thai,
whoever reads it later): outside functions, only the lazy gettext variants may be used."""

import ast
from pathlib import Path

from django.conf import settings

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
SKIPPED = {".venv", "tests", "bench", "node_modules"}


def _eager_names(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }


def _calls_at_import(node: ast.AST, names: set[str]):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue  # runs when called, in the caller's language
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
            yield child.lineno
        yield from _calls_at_import(child, names)


def test_no_string_is_translated_at_import_time():
    root = Path(settings.BASE_DIR)
    found = []
    for path in sorted(root.rglob("*.py")):
        if SKIPPED & set(path.relative_to(root).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(root)}:{line}" for line in _calls_at_import(tree, _eager_names(tree))]
    assert found == [], "use gettext_lazy for these module-level strings"
