"""The canned SPARQL queries: a catalogue of questions with typed parameters.

Each query is one file ``queries/{name}.rq`` with its metadata beside it in
``queries/{name}.toml`` (title, description, keywords and parameters; see
``queries/README.md``). :func:`catalogue` reads them, :func:`run` answers one on an Oxigraph
store, :func:`bound_text` prepares one for a remote endpoint, and :func:`catalogue_quads` is
the catalogue as RDF in the style of sib-swiss/sparql-examples (``sh:SPARQLExecutable``),
loaded into the named graph ``https://w3id.org/coekg/graph/queries``.

Parameters are bound as RDF terms, never spliced into the text. On Oxigraph they are
substitutions; for other endpoints (and for ASK queries, which project nothing) a ``VALUES``
block of serialised terms is put first in the WHERE clause. For the two to agree, a SELECT
query must project each parameter (Oxigraph requires it) and use it in the top-level group
of the WHERE clause, or in nested groups only where a triple pattern binds it, never in a
sub-query (see ``queries/README.md``); the tests check that both ways give the same answer.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coekg import namespaces, resources
from coekg.errors import EXIT_USAGE, CoekgError, InputError, ParseError, QueryParameterError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.dataset import Source
    from coekg.results import Results, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"

#: the catalogue itself, and the SPARQL service the queries are written for
CATALOGUE = namespaces.QUERY
SPARQL_SERVICE = namespaces.BASE + "sparql"

#: parameter type -> what a value must look like (for messages)
PARAMETER_TYPES: dict[str, str] = {
    "string": "any text",
    "iri": "an absolute IRI such as https://w3id.org/coekg/id/project/...",
    "date": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "integer": "an integer",
}

_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_METADATA_KEYS = {"title", "description", "keywords", "parameters"}
_PARAMETER_KEYS = {"name", "type", "default", "description"}


class UnknownQueryError(CoekgError):
    """No canned query has the name asked for (a usage error)."""

    exit_code = EXIT_USAGE


class QueryError(CoekgError):
    """A query could not be evaluated by the store."""


@dataclass(frozen=True)
class Parameter:
    """A typed parameter of a canned query, bound to the variable ``?{name}``."""

    name: str
    type: str  # a key of PARAMETER_TYPES
    default: str  # "" means the parameter has no default: it must be given
    description: str

    @property
    def required(self) -> bool:
        return self.default == ""


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
# A small SPARQL lexer: enough to find the query form, the projection, a top-level
# ORDER BY and the WHERE clause, skipping strings, IRIs and comments.
# --------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"
               |'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*(?::[^\s{}()\[\];,"'<>\#]*)?|:[^\s{}()\[\];,"'<>\#]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # string, iri, var, word or other
    text: str
    start: int
    depth: int  # nesting of { } before the token


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        token = m.group()
        if token == "}":
            depth -= 1
        out.append(_Token(kind, token, m.start(), depth))
        if token == "{":
            depth += 1
    return out


def _is_word(token: _Token, word: str) -> bool:
    return token.kind == "word" and token.text.upper() == word


def query_form(text: str) -> str:
    """The form of the query: ``select``, ``ask``, ``construct`` or ``describe``."""
    for t in _tokens(text):
        if t.kind == "word" and t.depth == 0 and t.text.upper() in _FORMS:
            return t.text.lower()
    raise ValueError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def has_order_by(text: str) -> bool:
    """Whether the query itself (not a sub-query) has an ORDER BY."""
    tokens = _tokens(text)
    return any(
        _is_word(a, "ORDER") and _is_word(b, "BY") and a.depth == 0
        for a, b in itertools.pairwise(tokens)
    )


def projection(text: str) -> set[str] | None:
    """The variables a SELECT query projects (``None`` for ``SELECT *``)."""
    tokens = _tokens(text)
    start = next(i for i, t in enumerate(tokens) if _is_word(t, "SELECT") and t.depth == 0)
    names: set[str] = set()
    parens = 0
    after_as = False
    for t in tokens[start + 1 :]:
        if t.text == "{" or (t.kind == "word" and t.text.upper() in ("WHERE", "FROM")):
            break
        if t.text == "*" and parens == 0:
            return None
        if t.text == "(":
            parens += 1
        elif t.text == ")":
            parens -= 1
        elif t.kind == "var" and (parens == 0 or after_as):
            names.add(t.text[1:])
        after_as = _is_word(t, "AS")
    return names


def _where_start(text: str) -> int:
    """The offset just after the ``{`` that opens the WHERE clause."""
    tokens = _tokens(text)
    braces = [i for i, t in enumerate(tokens) if t.text == "{" and t.depth == 0]
    if not braces:
        raise ValueError("the query has no WHERE clause to bind parameters in")
    first = braces[0]
    if query_form(text) == "construct" and not (first > 0 and _is_word(tokens[first - 1], "WHERE")):
        if len(braces) < 2:
            raise ValueError("the query has no WHERE clause to bind parameters in")
        first = braces[1]
    return tokens[first].start + 1


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
                _term(p, p.default, path.stem)
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


def catalogue(folder: Path | None = None) -> list[CannedQuery]:
    """Every canned query, sorted by name (default: the bundled ``queries/`` folder)."""
    folder = folder or resources.queries_dir()
    out: list[CannedQuery] = []
    for path in sorted(folder.glob("*.rq")):
        if not _NAME.match(path.stem):
            raise InputError(f"{path}: query names are lowercase words joined by '-'")
        out.append(load_file(path, metadata_required=True))
    return out


def get(name: str) -> CannedQuery:
    """The canned query called ``name``; :class:`UnknownQueryError` lists close matches."""
    path = resources.queries_dir() / f"{name}.rq"
    if _NAME.match(name) and path.is_file():
        return load_file(path, metadata_required=True)  # not the whole catalogue
    queries = {q.name: q for q in catalogue()}
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise UnknownQueryError(f"no query called {name!r}{hint} ('coekg queries' lists them all)")


# --------------------------------------------------------------------------------------
# Binding parameters
# --------------------------------------------------------------------------------------


def _term(p: Parameter, value: str, query: str) -> ox.NamedNode | ox.Literal:
    import pyoxigraph as ox

    def bad(why: str) -> QueryParameterError:
        return QueryParameterError(
            f"parameter {p.name!r} of query {query!r}: {value!r} {why} "
            f"(expected {PARAMETER_TYPES[p.type]})"
        )

    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad("is not valid text") from None
    if p.type == "string":
        return ox.Literal(value)
    if p.type == "iri":
        try:
            return ox.NamedNode(value)
        except ValueError as e:
            raise bad(f"is not an absolute IRI: {e}") from None
    if p.type == "integer":
        if not _INTEGER.match(value):
            raise bad("is not an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    found = _DATE.match(value)
    if not found:
        raise bad("is not a date")
    year, month, day = found.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise bad("is not a date of the calendar") from None
    datatype = "date" if day else "gYearMonth" if month else "gYear"
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


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
        out[p.name] = _term(p, given.get(p.name, p.default), query.name)
    return out


_HEX = frozenset("0123456789abcdefABCDEF")
_ESCAPE_OR_CHAR = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|[^\\]", re.DOTALL)


def _portable_escapes(text: str) -> str:
    """``text`` (a serialised term) with escapes that every SPARQL parser reads alike.

    SPARQL processes ``\\uXXXX`` escapes before parsing, and some parsers do so without
    regard to a preceding escaped backslash, or read up to eight hex digits after ``\\u``,
    or only lowercase hex. So a ``u`` or ``U`` right after an escaped backslash is written as
    an escape, hex digits right after an escape are escapes too, and escapes use lowercase.
    """
    out: list[str] = []
    previous = ""
    hex_run = False
    for m in _ESCAPE_OR_CHAR.finditer(text):
        token = m.group()
        if token[:2] in ("\\u", "\\U"):
            out.append(token.lower() if token[1] == "u" else f"\\u{int(token[2:], 16):04x}")
            hex_run = True
        elif (previous == "\\\\" and token in ("u", "U")) or (hex_run and token in _HEX):
            out.append(f"\\u{ord(token):04x}")
            hex_run = True
        else:
            out.append(token)
            hex_run = False
        previous = token
    return "".join(out)


def term_syntax(term: Term) -> str:
    """``term`` in N-Triples syntax (also valid SPARQL), checked to read back as itself."""
    import pyoxigraph as ox

    text = _portable_escapes(str(term))
    triple = f"<urn:coekg:s> <urn:coekg:p> {text} .\n"
    try:
        parsed = list(ox.parse(triple.encode(), ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        parsed = []
    if len(parsed) != 1 or parsed[0].object != term:
        raise ValueError(f"cannot write {term!r} as one SPARQL term")
    return text


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
        at = _where_start(query.text)
    except ValueError as e:
        raise ParseError(query.where, str(e)) from None
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(term_syntax(v) for v in bindings.values())
    # on the line of the brace, so line numbers in messages about the query stay right
    return f"{query.text[:at]} VALUES ({names}) {{ ({values}) }} {query.text[at:]}"


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings (from ``--param``) as a dict; a usage error if malformed."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryParameterError(f"--param {pair!r}: expected KEY=VALUE")
        if key in out:
            raise QueryParameterError(f"--param {key}: given twice")
        out[key] = value
    return out


# --------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------


def _evaluate(
    store: ox.Store,
    query: CannedQuery,
    params: Mapping[str, str] | None,
    *,
    order_in_memory: bool = False,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Oxigraph's answer to ``query`` on ``store``, with the parameters bound.

    An order made of ``STR`` and ``LANG`` keys is applied in Python to the store's
    unordered answer (:mod:`coekg.tsv_order`), which is much faster on large answers.
    ``order_in_memory`` (for an on-disk store) applies any other ``ORDER BY`` to the rows
    in memory where it can (:mod:`coekg.ordering`).
    """
    import pyoxigraph as ox

    from coekg import ordering, tsv_order
    from coekg.dataset import parse_error

    bindings = bind(query, params)
    text = query.text
    substitutions = {ox.Variable(k): v for k, v in bindings.items()}
    if bindings and query.form != "select":
        text, substitutions = bound_text(query, params), {}
    try:
        keyed = tsv_order.plan(text)
        if keyed is not None:
            head = store.query(
                keyed.head, use_default_graph_as_union=True, substitutions=substitutions
            )
            if isinstance(head, ox.QuerySolutions):
                tsv = head.serialize(format=ox.QueryResultsFormat.TSV) or b""
                return ox.parse_query_results(
                    tsv_order.order(tsv, keyed), ox.QueryResultsFormat.TSV
                )
        cut = ordering.split(text) if order_in_memory else None
        if cut is not None:
            head = store.query(
                cut.head, use_default_graph_as_union=True, substitutions=substitutions
            )
            if isinstance(head, ox.QuerySolutions):
                return ordering.ordered(head, cut)
        return store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
    except SyntaxError as e:
        raise parse_error(Path(query.where), e) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"{query.where}: cannot run the query: {e}") from None


def run(store: ox.Store, query: CannedQuery, params: Mapping[str, str] | None = None) -> Results:
    """Answer ``query`` on ``store``, whose default graph is the union of its graphs.

    Parameters of a SELECT query are Oxigraph substitutions; Oxigraph substitutes only
    projected variables, so an ASK query gets them as the ``VALUES`` block of
    :func:`bound_text`, as a remote endpoint would.
    """
    from coekg.results import from_answer

    answer = _evaluate(store, query, params)
    try:
        # the store's own answer: its literals are already as it keeps them
        return from_answer(answer, ordered=query.ordered, stored=True)
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"{query.where}: cannot run the query: {e}") from None


def answer_as(
    store: ox.Store,
    query: CannedQuery,
    params: Mapping[str, str] | None,
    fmt: str,
    *,
    on_disk: bool = False,
) -> bytes:
    """The answer to ``query`` on ``store`` in output format ``fmt``, as :func:`run` and
    :func:`coekg.results.render` give it.

    An ordered SELECT answer without blank nodes is written by Oxigraph as it is read
    (no Python object per value), straight in the standard formats, which is what makes
    large answers fast; any other answer goes through :class:`~coekg.results.Results`.
    For a store ``on_disk``, the rows are ordered in memory (:mod:`coekg.ordering`).
    """
    import pyoxigraph as ox

    from coekg.results import from_answer, render, standard_direct

    answer = _evaluate(store, query, params, order_in_memory=on_disk)
    try:  # Oxigraph evaluates as the answer is read: errors show here
        if not isinstance(answer, ox.QuerySolutions) or not query.ordered:
            results = from_answer(answer, ordered=query.ordered, stored=True)
            return render(results, fmt)
        if fmt in ("json", "xml", "csv", "tsv"):
            out = standard_direct(answer, fmt)
            if out is not None:
                return out
            # blank nodes (rare): ask again, and label them through Results
            answer = _evaluate(store, query, params, order_in_memory=on_disk)
            assert isinstance(answer, ox.QuerySolutions)
        tsv = answer.serialize(format=ox.QueryResultsFormat.TSV) or b""
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"{query.where}: cannot run the query: {e}") from None
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return render(from_answer(parsed, ordered=True, stored=True), fmt)


# --------------------------------------------------------------------------------------
# The catalogue as RDF
# --------------------------------------------------------------------------------------

_EXECUTABLE = {
    "select": ("SPARQLSelectExecutable", "select"),
    "ask": ("SPARQLAskExecutable", "ask"),
    "construct": ("SPARQLConstructExecutable", "construct"),
    "describe": ("SPARQLDescribeExecutable", "describe"),
}

_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.I | re.M)


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX`` declarations of a query text."""
    return {p or "": ns for p, ns in _PREFIX_DECL.findall(text)}


def catalogue_quads(queries: Sequence[CannedQuery] | None = None) -> list[ox.Quad]:
    """The catalogue as quads in the graph ``.../graph/queries`` (sparql-examples style)."""
    import pyoxigraph as ox

    queries = catalogue() if queries is None else queries
    graph = ox.NamedNode(namespaces.QUERIES_GRAPH)
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, graph))

    def text(value: str, lang: str | None = None) -> ox.Literal:
        return ox.Literal(value, language=lang)

    iri = ox.NamedNode
    add(CATALOGUE, RDF_TYPE, iri(SCHEMA + "Collection"))
    add(CATALOGUE, RDFS + "label", text("Canned SPARQL queries of the coekg dataset", "en"))
    prefixes: dict[str, str] = {}
    for q in queries:
        prefixes.update(declared_prefixes(q.text))
    for prefix, ns in sorted(prefixes.items()):
        decl = f"{CATALOGUE}#prefix-{prefix or 'default'}"
        add(CATALOGUE, SH + "declare", iri(decl))
        add(decl, SH + "prefix", text(prefix))
        add(decl, SH + "namespace", ox.Literal(ns, datatype=iri(XSD + "anyURI")))
    for q in queries:
        kind, prop = _EXECUTABLE[q.form]
        add(CATALOGUE, SCHEMA + "hasPart", iri(q.iri))
        add(q.iri, RDF_TYPE, iri(SH + "SPARQLExecutable"))
        add(q.iri, RDF_TYPE, iri(SH + kind))
        add(q.iri, RDFS + "label", text(q.title, "en"))
        add(q.iri, RDFS + "comment", text(q.description, "en"))
        add(q.iri, SH + prop, text(q.text))
        add(q.iri, SH + "prefixes", iri(CATALOGUE))
        add(q.iri, SCHEMA + "target", iri(SPARQL_SERVICE))
        for keyword in q.keywords:
            add(q.iri, SCHEMA + "keywords", text(keyword))
        for p in q.parameters:
            node = f"{q.iri}#parameter-{p.name}"
            add(q.iri, SH + "parameter", iri(node))
            add(node, RDF_TYPE, iri(SH + "Parameter"))
            add(node, SH + "path", iri(f"{q.iri}#{p.name}"))
            add(node, SH + "name", text(p.name))
            add(node, SH + "description", text(p.description, "en"))
            if p.type == "iri":
                add(node, SH + "nodeKind", iri(SH + "IRI"))
            elif p.type in ("string", "integer"):
                add(node, SH + "datatype", iri(XSD + p.type))
            if not p.required:
                add(node, SH + "defaultValue", _term(p, p.default, q.name))
                add(node, SH + "optional", ox.Literal("true", datatype=iri(XSD + "boolean")))
    return quads


def catalogue_source() -> Source:
    """The :class:`~coekg.dataset.Source` record of the catalogue graph (role "queries")."""
    from coekg.dataset import Source

    return Source(resources.queries_dir(), namespaces.QUERIES_GRAPH, "queries")
