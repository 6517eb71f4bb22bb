"""No app imports another app's private names (a leading underscore): what one app offers
another is public, so it can be found, documented and kept."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"core", "devzone"}


def private_imports():
    for path in sorted(ROOT.glob("*/**/*.py")):
        package = path.relative_to(ROOT).parts[0]
        if package not in PACKAGES or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                other = node.module.split(".")[0]
                if other in PACKAGES and other != package:
                    yield from (f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_"))


def test_no_app_imports_another_apps_private_names():
    assert list(private_imports()) == []
