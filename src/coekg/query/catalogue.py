"""The canned SPARQL queries: a catalogue of questions with typed parameters.

Each query is one file ``queries/{name}.rq`` (or ``.sparql``) with its metadata (title,
description, keywords, parameters; see ``queries/README.md``) in a ``{name}.toml`` beside it
or in its own ``#+`` comment lines (:mod:`coekg.query.metadata`). :func:`catalogue` reads them
all, :func:`get` one by name and :func:`load_file` any query file; :func:`bind` types the
values given for its parameters and :func:`bound_text` prepares it for a remote endpoint.
Answering a query is :mod:`coekg.query.evaluate`; the catalogue as RDF is
:mod:`coekg.query.catalogue_rdf`. A query may use the project's prefixes (``coekg:``,
``state:``...) without declaring them: the declarations are added to its text as it is read.

Parameters are bound as RDF terms, never spliced into the text. On Oxigraph a parameter with
a default is a substitution; for other endpoints (for ASK, CONSTRUCT and DESCRIBE queries,
and for optional parameters everywhere) a ``VALUES`` block of serialised terms is put first
in the WHERE clause; an optional parameter left out is not bound at all. For the two ways to
agree, a SELECT query must project each parameter with a default (Oxigraph requires it) and
use every parameter in the top-level group of the WHERE clause, or in nested groups only
where a triple pattern binds it, never in a sub-query (see ``queries/README.md``); the tests
check that both ways give the same answer.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coekg import namespaces
from coekg.errors import EXIT_USAGE, CoekgError, InputError, ParseError, QueryParameterError
from coekg.query import metadata
from coekg.query.parameters import Parameter, parameter_term, term_syntax
from coekg.query.sparql_text import (
    declared_prefixes,
    has_order_by,
    projection,
    query_form,
    where_start,
    with_prefixes,
)

if TYPE_CHECKING:
    from coekg.query.results import Term

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: the file name endings of query files
QUERY_SUFFIXES = (".rq", ".sparql")


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
    #: what a table shows where a variable has no value ("not recorded"), by variable
    unbound: tuple[tuple[str, str], ...] = ()
    #: characters of PREFIX declarations added before the first line of the file's text
    added: int = field(default=0, compare=False)

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

    @property
    def prefixes(self) -> dict[str, str]:
        """The prefixes the query declares (those of the project included)."""
        return declared_prefixes(self.text)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


# --------------------------------------------------------------------------------------
# Reading the catalogue
# --------------------------------------------------------------------------------------


def load_file(path: Path, *, metadata_required: bool = False) -> CannedQuery:
    """The query in ``path`` (a ``.rq`` or ``.sparql`` file), with its metadata: its ``#+``
    lines, or the ``.toml`` file beside it.

    Without metadata the query takes no parameters and its title is the file name (unless
    ``metadata_required``, as in the bundled catalogue).
    """
    original = metadata.read_text(path)
    text, added = with_prefixes(original, namespaces.PREFIXES)
    try:
        form = query_form(text)
    except ValueError as e:
        raise ParseError(path, str(e)) from None
    sidecar = path.with_suffix(".toml")
    meta = metadata.read(path, original, sidecar if sidecar.is_file() else None)
    if meta is None:
        if metadata_required:
            raise InputError(
                f"{path}: no metadata: neither {metadata.HEADER_MARK} lines nor a "
                f"metadata file {sidecar.name} beside it"
            )
        meta = metadata.Metadata(path, {})
    if metadata_required:
        for key in ("title", "description", "keywords"):
            if not meta.data.get(key):
                raise InputError(f"{meta.where}: {key!r} is missing")
    projected = projection(text) if form == "select" else None
    return CannedQuery(
        name=path.stem,
        title=metadata.string(meta, "title", path.stem),
        description=metadata.string(meta, "description"),
        keywords=metadata.keywords(meta),
        parameters=metadata.parameters(meta, path.stem, projected, declared_prefixes(text)),
        text=text,
        source=path,
        unbound=metadata.unbound(meta, projected),
        added=added,
    )


def _query_files(folder: Path) -> dict[str, Path]:
    """The query files of ``folder`` by query name; a name given twice is an error."""
    found: dict[str, Path] = {}
    for path in sorted(p for suffix in QUERY_SUFFIXES for p in folder.glob(f"*{suffix}")):
        if path.stem in found:
            raise InputError(f"{path}: query {path.stem!r} is also {found[path.stem]}")
        found[path.stem] = path
    return dict(sorted(found.items()))


def catalogue(folder: Path) -> list[CannedQuery]:
    """Every canned query of the ``queries`` folder ``folder``, sorted by name."""
    out: list[CannedQuery] = []
    for name, path in _query_files(folder).items():
        if not _NAME.match(name):
            raise InputError(f"{path}: query names are lowercase words joined by '-'")
        out.append(load_file(path, metadata_required=True))
    return out


def get(name: str, folder: Path) -> CannedQuery:
    """The canned query called ``name`` in the queries folder ``folder``;
    :class:`UnknownQueryError` lists close matches."""
    if _NAME.match(name):
        paths = [folder / f"{name}{suffix}" for suffix in QUERY_SUFFIXES]
        found = [p for p in paths if p.is_file()]
        if len(found) == 1:
            return load_file(found[0], metadata_required=True)  # not the whole catalogue
    queries = {q.name: q for q in catalogue(folder)}
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UnknownQueryError(f"no query called {name!r}{hint} ('coekg queries' lists them all)")


# --------------------------------------------------------------------------------------
# Binding parameters
# --------------------------------------------------------------------------------------


def _check_names(query: CannedQuery, given: Mapping[str, str]) -> None:
    names = [p.name for p in query.parameters]
    for key in sorted(given):
        if key not in names:
            takes = f"it takes {', '.join(names)}" if names else "it takes none"
            raise QueryParameterError(f"query {query.name!r} has no parameter {key!r} ({takes})")


def bind(query: CannedQuery, params: Mapping[str, str] | None = None) -> dict[str, Term]:
    """The RDF term of every parameter that has one: the given value, typed, or the
    default. An optional parameter that is not given has none (it is left unbound).

    Raises :class:`QueryParameterError` (a usage error) for an unknown, missing or
    ill-typed parameter, naming it.
    """
    given = dict(params or {})
    _check_names(query, given)
    out: dict[str, Term] = {}
    prefixes = query.prefixes
    for p in query.parameters:
        if p.name not in given and p.required:
            raise QueryParameterError(
                f"parameter {p.name!r} of query {query.name!r} is missing "
                f"(give --param {p.name}=VALUE: {p.expected()})"
            )
        value = given.get(p.name, p.default)
        if p.optional and value == "":
            continue  # left out (or given empty): every value
        out[p.name] = parameter_term(p, value, query.name, prefixes)
    return out


def check_usage(query: CannedQuery, params: Mapping[str, str] | None = None) -> None:
    """What :func:`bind` checks, except the values of resource parameters with a class:
    those are checked against the data (:mod:`coekg.query.known_values`), which names the
    nearest resources when a value is not one."""
    given = dict(params or {})
    _check_names(query, given)
    lenient = {p.name for p in query.parameters if p.resource_class}
    bind(query, {k: v for k, v in given.items() if k not in lenient})


def values_block(bindings: Mapping[str, Term], names: list[str]) -> str:
    """``VALUES (?a ?b) { (term term) }``: the parameters ``names`` bound to their terms."""
    variables = " ".join(f"?{n}" for n in names)
    values = " ".join(term_syntax(bindings[n]) for n in names)
    return f"VALUES ({variables}) {{ ({values}) }}"


def with_values(query: CannedQuery, block: str) -> str:
    """The query text with ``block`` first in its WHERE clause."""
    try:
        at = where_start(query.text)
    except ValueError as e:
        raise ParseError(query.where, str(e)) from None
    # on the line of the brace, so line numbers in messages about the query stay right
    return f"{query.text[:at]} {block} {query.text[at:]}"


def bound_text(query: CannedQuery, params: Mapping[str, str] | None = None) -> str:
    """The query text with its parameters bound by a ``VALUES`` block, for any endpoint.

    The block is the first thing in the WHERE clause; each value is one serialised RDF
    term (:func:`term_syntax`, which never contains a newline), so no value can change
    the structure of the query. An optional parameter that is not given is not in the
    block (``UNDEF`` there loses rows on Virtuoso 7): its variable is simply unbound.
    """
    bindings = bind(query, params)
    if not bindings:
        return query.text
    return with_values(query, values_block(bindings, list(bindings)))


def as_json(queries: Sequence[CannedQuery]) -> list[dict[str, Any]]:
    """The catalogue as ``coekg queries --format json`` and the web API list it."""
    return [
        {
            "name": q.name,
            "iri": q.iri,
            "title": q.title,
            "description": q.description,
            "keywords": list(q.keywords),
            "parameters": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "optional": p.optional,
                    "description": p.description,
                    **({"class": p.resource_class} if p.resource_class else {}),
                    **({"values": list(p.values)} if p.values else {}),
                }
                for p in q.parameters
            ],
        }
        for q in queries
    ]
