"""The canned SPARQL queries: a catalogue of questions with typed parameters.

Each query is one file ``queries/{name}.rq`` with its metadata beside it in
``queries/{name}.toml`` (title, description, keywords and parameters; see
``queries/README.md``). :func:`catalogue` reads them all, :func:`get` one by name and
:func:`load_file` any query file; :func:`bind` types the values given for its parameters
and :func:`bound_text` prepares it for a remote endpoint. Answering a query is
:mod:`coekg.query.evaluate`; the catalogue as RDF is :mod:`coekg.query.catalogue_rdf`.

Parameters are bound as RDF terms, never spliced into the text. On Oxigraph they are
substitutions; for other endpoints (and for ASK queries, which project nothing) a ``VALUES``
block of serialised terms is put first in the WHERE clause. For the two to agree, a SELECT
query must project each parameter (Oxigraph requires it) and use it in the top-level group
of the WHERE clause, or in nested groups only where a triple pattern binds it, never in a
sub-query (see ``queries/README.md``); the tests check that both ways give the same answer.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coekg import namespaces
from coekg.errors import EXIT_USAGE, CoekgError, InputError, ParseError, QueryParameterError
from coekg.query.parameters import PARAMETER_TYPES, Parameter, parameter_term, term_syntax
from coekg.query.sparql_text import has_order_by, projection, query_form, where_start

if TYPE_CHECKING:
    from coekg.query.results import Term

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_METADATA_KEYS = {"title", "description", "keywords", "parameters"}
_PARAMETER_KEYS = {"name", "type", "default", "description"}


class UnknownQueryError(CoekgError):
    """No canned query has the name asked for (a usage error)."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class CannedQuery:
    """One SPARQL query with its metadata."""

    name: str
    title: str
    description: str
    keywords: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    text: str
    source: Path | None = field(default=None, compare=False)

    @property
    def iri(self) -> str:
        return namespaces.QUERY + self.name

    @property
    def form(self) -> str:
        """``select``, ``ask``, ``construct`` or ``describe``."""
        return query_form(self.text)

    @property
    def ordered(self) -> bool:
        """Whether the query orders its results (ORDER BY outside any sub-query)."""
        return has_order_by(self.text)

    @property
    def where(self) -> str:
        """Where the query comes from, for messages: its file, or its name."""
        return str(self.source) if self.source else self.name


# --------------------------------------------------------------------------------------
# Reading the catalogue
# --------------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(path, "not UTF-8 text") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def _metadata(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"line (\d+)", str(e))
        line = int(found.group(1)) if found else None
        raise ParseError(path, str(e).split(" (at ")[0], line) from None
    unknown = sorted(set(data) - _METADATA_KEYS)
    if unknown:
        raise InputError(f"{path}: unknown key {unknown[0]!r} (expected {sorted(_METADATA_KEYS)})")
    return data


def _string(path: Path, data: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{path}: {key!r} must be a string")
    return value.strip()


def _parameters(path: Path, raw: Any, text: str) -> tuple[Parameter, ...]:
    if not isinstance(raw, list):
        raise InputError(f"{path}: 'parameters' must be an array of tables ([[parameters]])")
    out: list[Parameter] = []
    projected = projection(text) if raw and query_form(text) == "select" else None
    for item in raw:
        if not isinstance(item, dict):
            raise InputError(f"{path}: each [[parameters]] entry must be a table")
        unknown = sorted(set(item) - _PARAMETER_KEYS)
        if unknown:
            raise InputError(f"{path}: unknown parameter key {unknown[0]!r}")
        p = Parameter(
            name=_string(path, item, "name", ""),
            type=_string(path, item, "type", "string"),
            default=_string(path, item, "default", ""),
            description=_string(path, item, "description", ""),
        )
        if not _VARIABLE.match(p.name):
            raise InputError(f"{path}: parameter name {p.name!r} is not a SPARQL variable name")
        if p.type not in PARAMETER_TYPES:
            raise InputError(
                f"{path}: parameter {p.name!r} has unknown type {p.type!r} "
                f"(one of {', '.join(PARAMETER_TYPES)})"
            )
        if p.name in {q.name for q in out}:
            raise InputError(f"{path}: parameter {p.name!r} is declared twice")
        if projected is not None and p.name not in projected:
            raise InputError(f"{path}: parameter {p.name!r}: the query must project ?{p.name}")
        if not p.required:
            try:
                parameter_term(p, p.default, path.stem)
            except QueryParameterError as e:
                raise InputError(f"{path}: default of {e}") from None
        out.append(p)
    return tuple(out)


def load_file(path: Path, *, metadata_required: bool = False) -> CannedQuery:
    """The query in ``path`` (a ``.rq`` file), with the metadata of the ``.toml`` beside it.

    Without a ``.toml`` the query takes no parameters and its title is the file name
    (unless ``metadata_required``, as in the bundled catalogue).
    """
    text = _read_text(path)
    try:
        query_form(text)
    except ValueError as e:
        raise ParseError(path, str(e)) from None
    meta_path = path.with_suffix(".toml")
    if meta_path.is_file():
        meta = _metadata(meta_path)
    elif metadata_required:
        raise InputError(f"{path}: no metadata file {meta_path.name} beside it")
    else:
        meta, meta_path = {}, path
    if metadata_required:
        for key in ("title", "description", "keywords"):
            if not meta.get(key):
                raise InputError(f"{meta_path}: {key!r} is missing")
    keywords = meta.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise InputError(f"{meta_path}: 'keywords' must be an array of strings")
    return CannedQuery(
        name=path.stem,
        title=_string(meta_path, meta, "title", path.stem),
        description=_string(meta_path, meta, "description", ""),
        keywords=tuple(keywords),
        parameters=_parameters(meta_path, meta.get("parameters", []), text),
        text=text,
        source=path,
    )


def catalogue(folder: Path) -> list[CannedQuery]:
    """Every canned query of the ``queries`` folder ``folder``, sorted by name."""
    out: list[CannedQuery] = []
    for path in sorted(folder.glob("*.rq")):
        if not _NAME.match(path.stem):
            raise InputError(f"{path}: query names are lowercase words joined by '-'")
        out.append(load_file(path, metadata_required=True))
    return out


def get(name: str, folder: Path) -> CannedQuery:
    """The canned query called ``name`` in the queries folder ``folder``;
    :class:`UnknownQueryError` lists close matches."""
    path = folder / f"{name}.rq"
    if _NAME.match(name) and path.is_file():
        return load_file(path, metadata_required=True)  # not the whole catalogue
    queries = {q.name: q for q in catalogue(folder)}
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UnknownQueryError(f"no query called {name!r}{hint} ('coekg queries' lists them all)")


# --------------------------------------------------------------------------------------
# Binding parameters
# --------------------------------------------------------------------------------------


def bind(query: CannedQuery, params: Mapping[str, str] | None = None) -> dict[str, Term]:
    """The RDF term of every parameter: the given value, typed, or the default.

    Raises :class:`QueryParameterError` (a usage error) for an unknown, missing or
    ill-typed parameter, naming it.
    """
    given = dict(params or {})
    names = [p.name for p in query.parameters]
    for key in sorted(given):
        if key not in names:
            takes = f"it takes {', '.join(names)}" if names else "it takes none"
            raise QueryParameterError(f"query {query.name!r} has no parameter {key!r} ({takes})")
    out: dict[str, Term] = {}
    for p in query.parameters:
        if p.name not in given and p.required:
            raise QueryParameterError(
                f"parameter {p.name!r} of query {query.name!r} is missing "
                f"(give --param {p.name}=VALUE: {PARAMETER_TYPES[p.type]})"
            )
        out[p.name] = parameter_term(p, given.get(p.name, p.default), query.name)
    return out


def bound_text(query: CannedQuery, params: Mapping[str, str] | None = None) -> str:
    """The query text with its parameters bound by a ``VALUES`` block, for any endpoint.

    The block is the first thing in the WHERE clause; each value is one serialised RDF
    term (:func:`term_syntax`, which never contains a newline), so no value can change
    the structure of the query.
    """
    bindings = bind(query, params)
    if not bindings:
        return query.text
    try:
        at = where_start(query.text)
    except ValueError as e:
        raise ParseError(query.where, str(e)) from None
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(term_syntax(v) for v in bindings.values())
    # on the line of the brace, so line numbers in messages about the query stay right
    return f"{query.text[:at]} VALUES ({names}) {{ ({values}) }} {query.text[at:]}"
