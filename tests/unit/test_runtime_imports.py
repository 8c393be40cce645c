"""Runtime code imports only runtime dependencies: a production install (`pip install hotel-agent`, plus the
`voice` extra for audio/) must be able to import every module under src/."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "hotel_agent"


def _names(requirements: list[str]) -> set[str]:
    return {
        re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in requirements
    }


def _with_their_dependencies(names: set[str]) -> set[str]:
    """The distributions and everything they install (not their extras)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        todo.extend(_names([r for r in requires if "extra ==" not in r]))
    return seen


def test_src_imports_only_declared_runtime_dependencies() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _with_their_dependencies(_names(project["dependencies"]))
    voice = _with_their_dependencies(_names(project["optional-dependencies"]["voice"]))
    distributions = packages_distributions()
    offending: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        allowed = runtime | voice if "audio" in path.relative_to(PACKAGE).parts else runtime
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                else []
            )
            for module in modules:
                top = module.split(".")[0]
                if top == "hotel_agent" or top in sys.stdlib_module_names or top == "__future__":
                    continue
                owners = {name.lower().replace("_", "-") for name in distributions.get(top, [top])}
                if not owners & allowed:
                    offending.append(f"{path.relative_to(ROOT)}: {module} ({', '.join(sorted(owners))})")
    assert offending == [], "runtime code imports a dependency that is not a runtime one:\n" + "\n".join(
        offending
    )
