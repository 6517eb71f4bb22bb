"""Rules of the code itself, read from the source: an app uses only another app's public names,
nothing steers CPython's garbage collector, and forms validate through Django's public API
(clean(), full_clean(), add_error), never its private _post_clean or _update_errors."""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
PRIVATE_FORM_HOOKS = {"_post_clean", "_update_errors"}


def _sources():
    """(path relative to the root, parsed module) of every Python file of the project."""
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name != "node_modules"]
        for name in files:
            if name.endswith(".py"):
                path = Path(folder, name)
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"), str(path))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _imported(node) -> list[str]:
    """The dotted names an import statement brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _named(node) -> str | None:
    """The name a function definition, an attribute or a variable uses."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return node.name
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _offences(path: str, tree) -> list[tuple[str, str, int]]:
    app = path.split("/")[0]
    found = []
    for node in ast.walk(tree):
        for name in _imported(node):
            parts = name.split(".")
            if parts[0] == "gc":
                found.append((path, "import gc", node.lineno))
            elif parts[0] in APPS and parts[0] != app and app in APPS and any(map(_private, parts[1:])):
                found.append((path, f"import {name}", node.lineno))
        if _named(node) in PRIVATE_FORM_HOOKS:
            found.append((path, _named(node), node.lineno))
    return found


def _all_offences() -> list[tuple[str, str, int]]:
    return [offence for path, tree in _sources() for offence in _offences(path, tree)]


def test_the_rules_see_an_offence_of_each_kind():
    source = ast.parse(
        "import gc\nfrom projects.services import _write, save_enterprises\nimport dashboard._charts\n"
        "from .models import _local\nclass F:\n    def _post_clean(self):\n        self._update_errors(None)\n")
    assert [(what, line) for _path, what, line in _offences("grading/x.py", source)] == [
        ("import gc", 1), ("import projects.services._write", 2), ("import dashboard._charts", 3),
        ("_post_clean", 6), ("_update_errors", 7)]
    # Within its own app a private name is the app's business.
    assert _offences("projects/x.py", ast.parse("from projects.services import _write\n")) == []


def test_no_private_names_across_apps_no_gc_steering_no_private_form_hooks():
    new = [f"{path}:{line}: {what}" for path, what, line in _all_offences()]
    assert not new, "\n".join(new)
