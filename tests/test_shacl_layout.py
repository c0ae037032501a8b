"""The layout of the compiled SHACL engine (``src/coekg/shacl/``): no import cycle, no private
name taken from another module, no module longer than 500 lines, and every constraint
parameter dispatched through the table of components.

Imports are counted wherever they are: at the top, inside functions and under
``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from coekg.shacl.components import COMPONENTS, OPTIONAL, PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "coekg" / "shacl"
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT / "src").with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names taken from it) for every import in the file, wherever it is."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            out.append((node.module, [a.name for a in node.names]))
    return out


def graph() -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (``from pkg import mod`` included)."""
    edges: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        found: set[str] = set()
        for module, names in imports(path):
            if module in MODULES:
                found.add(module)
            found.update(f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES)
        edges[name] = found - {name}
    return edges


def test_the_layout_is_read() -> None:
    assert "coekg.shacl.engine" in MODULES
    assert "coekg.shacl.components" in graph()["coekg.shacl.engine"]


def test_no_import_cycle() -> None:
    edges = graph()
    done: set[str] = set()

    def visit(name: str, stack: list[str]) -> None:
        if name in stack:
            cycle = [*stack[stack.index(name) :], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for other in sorted(edges[name]):
            visit(other, [*stack, name])
        done.add(name)

    for name in sorted(edges):
        visit(name, [])


def test_no_private_name_from_another_module() -> None:
    """Neither ``from m import _x`` nor ``m._x`` on an imported module of the package."""
    taken = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module != name:
                for a in node.names:
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        taken.append(f"{name}: from {node.module} import {a.name}")
                    if f"{node.module}.{a.name}" in MODULES:
                        aliases.add(a.asname or a.name)
            elif isinstance(node, ast.Import):
                aliases.update(a.asname or a.name for a in node.names if a.name in MODULES)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
            ):
                taken.append(f"{name}: {node.value.id}.{node.attr}")
    assert not taken, taken


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_short(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_components_are_one_table() -> None:
    """Each parameter, qualifier and reported component belongs to one unit, and each unit
    has a name of its own."""
    names = [c.name for c in COMPONENTS]
    assert len(names) == len(set(names))
    parameters = [p for c in COMPONENTS for p in (*c.parameters, *c.optional)]
    assert len(parameters) == len(set(parameters)) == len(PARAMETERS) + len(OPTIONAL)
    reported = [r for c in COMPONENTS for r in c.reports]
    assert len(reported) == len(set(reported))
    assert all(r.endswith("ConstraintComponent") for r in reported)


def test_the_engine_core_names_no_constraint_parameter() -> None:
    """The core dispatches through the table: no constraint parameter is a string in it."""
    tree = ast.parse((PACKAGE / "engine.py").read_text(encoding="utf-8"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    named = [p for c in COMPONENTS for p in (*c.parameters, *c.optional) if p in strings]
    assert "targetClass" in strings  # shape keywords are named there
    assert not named
