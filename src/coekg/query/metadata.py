"""The metadata of a query: title, description, keywords, parameters, and what a table shows
where a variable has no value.

It is TOML, in one of two places: a file beside the query (``queries/{name}.toml``, as in the
bundled catalogue), or the query file's own comment lines that start with ``#+`` (the marker
grlc uses for its decorators), so that one file holds a whole query::

    #+ title = "Projects of a funder"
    #+ [[parameters]]
    #+ name = "funder"
    #+ type = "iri"
    #+ class = "coekg:Agent"
    #+ optional = true
    SELECT ?project ?funder WHERE { ... }

The keys are the same in both places (``queries/README.md``); unknown keys are refused, so a
typo does not go unnoticed, and errors name the file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coekg.errors import InputError, ParseError, QueryParameterError
from coekg.query.parameters import PARAMETER_TYPES, Parameter, parameter_term, resource_iri

METADATA_KEYS = ("title", "description", "keywords", "parameters", "unbound")
PARAMETER_KEYS = ("name", "type", "default", "description", "optional", "class", "values")
#: the comment marker of metadata lines in a query file
HEADER_MARK = "#+"

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_LINE = re.compile(r"^[ \t]*#\+ ?(.*)$")
_TOML_LINE = re.compile(r"line (\d+)")


@dataclass(frozen=True)
class Metadata:
    """Where the metadata was read (for messages) and its TOML table."""

    where: Path
    data: Mapping[str, Any]
    lines: tuple[int, ...] = ()  # header metadata: the file line of each TOML line

    def line(self, toml_line: int | None) -> int | None:
        if toml_line is None or not self.lines:
            return toml_line
        return self.lines[toml_line - 1] if 0 < toml_line <= len(self.lines) else None


def header_lines(text: str) -> tuple[list[str], list[int]]:
    """The ``#+`` lines of a query text (without the marker) and their line numbers."""
    found: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        matched = _HEADER_LINE.match(line)
        if matched:
            found.append(matched.group(1))
            numbers.append(number)
    return found, numbers


def _parse_toml(where: Path, text: str, lines: tuple[int, ...] = ()) -> Metadata:
    meta = Metadata(where, {}, lines)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = _TOML_LINE.search(str(e))
        line = meta.line(int(found.group(1))) if found else None
        raise ParseError(where, str(e).split(" (at ")[0], line) from None
    unknown = sorted(set(data) - set(METADATA_KEYS))
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r} (expected one of {METADATA_KEYS})")
    return Metadata(where, data, lines)


def read(query_path: Path, text: str, sidecar: Path | None) -> Metadata | None:
    """The metadata of the query in ``query_path`` (text ``text``): from its ``#+`` lines or
    from ``sidecar`` (a ``.toml`` file beside it, if any); ``None`` when it has neither."""
    lines, numbers = header_lines(text)
    if lines and sidecar is not None:
        raise InputError(
            f"{query_path}: metadata in both its {HEADER_MARK} lines and {sidecar.name}; "
            "keep one of them"
        )
    if lines:
        return _parse_toml(query_path, "\n".join(lines) + "\n", tuple(numbers))
    if sidecar is not None:
        return _parse_toml(sidecar, read_text(sidecar))
    return None


def read_text(path: Path) -> str:
    """A UTF-8 text file (a byte-order mark is dropped); clear errors otherwise."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(path, "not UTF-8 text") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a query file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def string(
    meta: Metadata, key: str, default: str = "", data: Mapping[str, Any] | None = None
) -> str:
    """The text of ``key`` (of ``data``, else of the metadata's top level)."""
    value = (meta.data if data is None else data).get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{meta.where}: {key!r} must be a string")
    return value.strip()


def keywords(meta: Metadata) -> tuple[str, ...]:
    found = meta.data.get("keywords", [])
    if not isinstance(found, list) or not all(isinstance(k, str) for k in found):
        raise InputError(f"{meta.where}: 'keywords' must be an array of strings")
    return tuple(found)


def unbound(meta: Metadata, projected: set[str] | None) -> tuple[tuple[str, str], ...]:
    """What a table shows in place of no value, per variable (``[unbound]``)."""
    table = meta.data.get("unbound", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise InputError(f"{meta.where}: 'unbound' must be a table of texts ([unbound])")
    for variable in table:
        if projected is not None and variable not in projected:
            raise InputError(
                f"{meta.where}: [unbound] {variable}: the query projects no ?{variable}"
            )
    return tuple(sorted(table.items()))


def parameters(
    meta: Metadata,
    query_name: str,
    projected: set[str] | None,
    prefixes: Mapping[str, str],
) -> tuple[Parameter, ...]:
    """The parameters declared in ``meta``, checked.

    ``projected``: the variables of a SELECT query (``None`` for other forms, and for
    ``SELECT *``); a parameter with a default must be one of them (the embedded store binds
    it by substitution, which needs that), an optional one need not.
    """
    raw = meta.data.get("parameters", [])
    where = meta.where
    if not isinstance(raw, list):
        raise InputError(f"{where}: 'parameters' must be an array of tables ([[parameters]])")
    out: list[Parameter] = []
    for item in raw:
        if not isinstance(item, dict):
            raise InputError(f"{where}: each [[parameters]] entry must be a table")
        unknown = sorted(set(item) - set(PARAMETER_KEYS))
        if unknown:
            raise InputError(f"{where}: unknown parameter key {unknown[0]!r}")
        p = _parameter(meta, item, prefixes)
        if p.name in {q.name for q in out}:
            raise InputError(f"{where}: parameter {p.name!r} is declared twice")
        if projected is not None and not p.optional and p.name not in projected:
            raise InputError(f"{where}: parameter {p.name!r}: the query must project ?{p.name}")
        if p.default:
            try:
                parameter_term(p, p.default, query_name, prefixes)
            except QueryParameterError as e:
                raise InputError(f"{where}: default of {e}") from None
        out.append(p)
    return tuple(out)


def _is_iri(text: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _parameter(meta: Metadata, item: Mapping[str, Any], prefixes: Mapping[str, str]) -> Parameter:
    where = meta.where
    name = string(meta, "name", "", item)
    if not _VARIABLE.match(name):
        raise InputError(f"{where}: parameter name {name!r} is not a SPARQL variable name")
    kind = string(meta, "type", "string", item)
    if kind not in PARAMETER_TYPES:
        raise InputError(
            f"{where}: parameter {name!r} has unknown type {kind!r} "
            f"(one of {', '.join(PARAMETER_TYPES)})"
        )
    optional = item.get("optional", False)
    if not isinstance(optional, bool):
        raise InputError(f"{where}: parameter {name!r}: 'optional' must be true or false")
    default = string(meta, "default", "", item)
    if optional and default:
        raise InputError(
            f"{where}: parameter {name!r} is optional and has a default; an optional "
            "parameter left out means every value"
        )
    resource_class = None
    if "class" in item:
        if kind != "iri":
            raise InputError(f"{where}: parameter {name!r}: only an iri parameter has a class")
        resource_class = resource_iri(string(meta, "class", "", item), prefixes)
        if not _is_iri(resource_class):
            raise InputError(f"{where}: parameter {name!r}: class {resource_class!r} is no IRI")
    values = item.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InputError(f"{where}: parameter {name!r}: 'values' must be an array of strings")
    if values and kind != "string":
        raise InputError(f"{where}: parameter {name!r}: only a string parameter lists values")
    return Parameter(
        name=name,
        type=kind,
        default=default,
        description=string(meta, "description", "", item),
        optional=optional,
        resource_class=resource_class,
        values=tuple(values),
    )
