"""The shape of the code: packages by concern, imports one way, no private names shared.

Every import of a coekg module counts, wherever it stands: at the top of a module, inside a
function, or under ``if TYPE_CHECKING:`` (a cycle hidden in a function is still a cycle a
reader must untangle). See docs/architecture.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "coekg"
#: longest module, in lines, that needs no word of explanation
MAX_LINES = 500
#: what a longer module's docstring says to explain its length
LENGTH_NOTE = "Length:"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@dataclass(frozen=True)
class Import:
    """One imported coekg module, and the names taken from it (with their line)."""

    module: str
    names: tuple[tuple[str, int], ...]


def _resolve(base: str, name: str | None) -> str:
    """The module that ``from base import name`` imports: the submodule if there is one."""
    if name and f"{base}.{name}" in MODULES:
        return f"{base}.{name}"
    return base


def imports_of(path: Path) -> Iterator[Import]:
    """Every coekg module ``path`` imports, anywhere in it."""
    tree = ast.parse(path.read_text(), str(path))
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "coekg":
                    aliases[alias.asname or alias.name] = alias.name
                    yield Import(alias.name, ())
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "coekg":
                continue
            taken: list[tuple[str, int]] = []
            for alias in node.names:
                target = _resolve(node.module, alias.name)
                if target != node.module:  # a submodule
                    aliases[alias.asname or alias.name] = target
                    yield Import(target, ())
                else:
                    taken.append((alias.name, node.lineno))
            if taken:
                yield Import(node.module, tuple(taken))
    # attributes read from an imported module: ``checks._helper``
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            yield Import(aliases[node.value.id], ((node.attr, node.lineno),))


GRAPH = {
    name: sorted({i.module for i in imports_of(path) if i.module != name})
    for name, path in MODULES.items()
}


def test_the_scan_sees_every_kind_of_import() -> None:
    """The scanner itself: top-level, in a function, under TYPE_CHECKING, and attributes."""
    found = {i.module for i in imports_of(PACKAGE / "cli" / "validate.py")}
    assert "coekg.cli.options" in found  # module level
    assert any(m.startswith("coekg.validation") for m in found)  # inside the command
    assert "coekg.rdf.dataset" in GRAPH["coekg.validation.validate"]  # under TYPE_CHECKING


def _cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, []):
            if w not in MODULES:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in MODULES:
        if v not in index:
            visit(v)
    return groups


def test_no_import_cycle() -> None:
    assert _cycles() == []


def test_no_module_imports_another_modules_private_name() -> None:
    offences = []
    for name, path in MODULES.items():
        for imp in imports_of(path):
            if imp.module == name:
                continue
            for taken, line in imp.names:
                if taken.startswith("_") and not taken.startswith("__"):
                    offences.append(f"{path.relative_to(SRC)}:{line}: {imp.module}.{taken}")
    assert offences == []


@pytest.mark.parametrize("name", sorted(MODULES), ids=str)
def test_long_modules_say_why(name: str) -> None:
    path = MODULES[name]
    lines = len(path.read_text().splitlines())
    if lines <= MAX_LINES:
        return
    docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
    assert LENGTH_NOTE in docstring, (
        f"{path.relative_to(SRC)} has {lines} lines: split it, or say in its docstring "
        f"why it is one module ('{LENGTH_NOTE} ...')"
    )


def test_only_shared_leaves_at_the_top() -> None:
    """Besides the command line and the concern packages, the top holds a few small modules
    that everything may use; each of them imports no concern package."""
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert top == {
        "errors",
        "namespaces",
        "resources",
        "atomic",
        "progress",
        "project",
        "termination",
    }
    leaves = top - {"project"}
    for leaf in leaves:
        assert all(m in {"coekg", "coekg.errors"} for m in GRAPH[f"coekg.{leaf}"]), leaf


def test_the_library_never_imports_the_command_line() -> None:
    users = [m for m, deps in GRAPH.items() if not m.startswith("coekg.cli") and m != "coekg"]
    assert [m for m in users if any(d.startswith("coekg.cli") for d in GRAPH[m])] == [
        "coekg.__main__"
    ]
