"""The package's layout shows the pipeline: stages import only the stages below them, modules stay small, and no
two modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generators"
LEAVES = {"escape", "forked", "collector"}
BELOW = {"escape": set(), "forked": set(), "collector": set(), "kb": LEAVES, "live": {"kb", *LEAVES},
         "interop": {"kb", "live", *LEAVES},
         "site": {"kb", "live", "interop", *LEAVES}, "cli": {"kb", "live", "interop", "site", *LEAVES}}
"""What each stage may import. `escape` (one escape per sink), `forked` (work shared among forked processes) and
`collector` (when the cyclic garbage collector runs) are leaves every stage may use; the importers read feeds
through the live stage's wire formats (one definition of each), never the reverse; the CLI drives them all."""


def stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else module


def imports(path: Path) -> set[str]:
    name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Imports only a type checker reads (`if TYPE_CHECKING:`) never run, so they make no import cycle.
    for block in [n for n in ast.walk(tree) if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING"]:
        block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("generators"):
                found |= {f"{target}.{alias.name}" for alias in node.names} if node.module is None else {target}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generators")}
    return found


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(REPO).with_suffix("").parts): p for p in PACKAGE.rglob("*.py")}


def test_every_stage_imports_only_the_stages_below_it() -> None:
    wrong = []
    for name, path in modules().items():
        own = stage(name)
        for target in imports(path):
            other = stage(target)
            if other not in (own, "generators") and other not in BELOW.get(own, set()):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_module_is_over_300_lines() -> None:
    long = {name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > 300}
    assert long == {}


def test_no_two_modules_import_each_other() -> None:
    graph = {name: {t for t in imports(path) if t in modules()} for name, path in modules().items()}
    cycles = [(a, b) for a, targets in graph.items() for b in targets if a in graph.get(b, set()) and a < b]
    assert cycles == []
