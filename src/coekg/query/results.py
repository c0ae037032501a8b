"""Query results, whichever store answered, and their output formats.

Answers of the embedded store and of a remote endpoint become the same :class:`Results`, so
both print byte for byte the same: typed literals are written as the embedded store keeps
them (:func:`as_stored`, which says what each store does). Rows of a query without ORDER BY
are sorted (by each variable in turn, on the term's N-Triples form, unbound first) so output
is deterministic; a query with ORDER BY keeps the order the store gives.

``json``, ``xml``, ``csv`` and ``tsv`` are the standard SPARQL 1.1 results formats, written by
Oxigraph; ``table`` is a terminal table that fits a width (:mod:`coekg.query.text_table`) and
``md`` a Markdown table, both showing resources by a name valid in SPARQL and Turtle
(``state:azerbaijan``, else ``<iri>``: :func:`coekg.namespaces.short_name`), literals by
their value, and, where a variable has no value, what the query says that means ("not
recorded"); the standard formats leave it unbound.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from coekg import namespaces
from coekg.query import text_table

if TYPE_CHECKING:
    import pyoxigraph as ox

    Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

FORMATS = ("table", "csv", "tsv", "json", "xml", "md")
#: the width of a table when none is given (a terminal's usual width)
TABLE_WIDTH = 80
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Results:
    """The answer to a SELECT (``variables`` and ``rows``) or an ASK (``boolean``) query."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term | None]] = field(default_factory=list)
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)


def _rank(term: Term | None) -> tuple[int, str]:
    if term is None:
        return (0, "")
    kind = type(term).__name__
    return ({"NamedNode": 1, "BlankNode": 2, "Literal": 3}.get(kind, 4), str(term))


def sort_rows(variables: list[str], rows: list[dict[str, Term | None]]) -> None:
    """Sort ``rows`` in place by each variable in turn (the order of unordered results)."""
    rows.sort(key=lambda row: [_rank(row.get(v)) for v in variables])


#: literals that every store gives as they were written (text, with or without language)
_PLAIN_DATATYPES = frozenset({XSD_STRING, RDF_LANG_STRING})


def as_stored(rows: list[dict[str, Term | None]]) -> None:
    """Write every typed literal of ``rows`` (in place) as the embedded store writes it.

    Stores spell some values their own way. Oxigraph, the embedded store, keeps a typed
    literal by its value, in the canonical form of its datatype: it keeps
    ``"65"^^xsd:nonNegativeInteger`` and ``"5"^^xsd:positiveInteger`` as ``xsd:integer``,
    ``"1.50"^^xsd:decimal`` as ``"1.5"`` and ``"1"^^xsd:boolean`` as ``true``. Other stores
    answer otherwise for the same value:

    * Virtuoso 7 keeps the datatype of integers as the data states it
      (``"5"^^xsd:positiveInteger``);
    * Virtuoso 7 answers every boolean, of the data or of a cast to ``xsd:boolean``, as
      ``"1"`` or ``"0"`` (XSD spells ``true`` and ``false`` both ways).

    So each typed literal is passed through an in-memory Oxigraph store, which only ever
    changes how a value is written, never the value. Text (``xsd:string``, with or without
    a language tag) is left alone: stores give it as written, and pyoxigraph lowers the case
    of language tags as it reads an answer, as Oxigraph stores them. The same answer from
    any store then prints byte for byte the same.
    """
    import pyoxigraph as ox

    typed = list(
        dict.fromkeys(
            term
            for row in rows
            for term in row.values()
            if isinstance(term, ox.Literal) and term.datatype.value not in _PLAIN_DATATYPES
        )
    )
    if not typed:
        return
    store = ox.Store()
    value = ox.NamedNode("urn:coekg:value")
    store.extend(
        ox.Quad(ox.NamedNode(f"urn:coekg:literal:{i}"), value, term) for i, term in enumerate(typed)
    )
    stored: dict[Term, Term] = {
        typed[int(quad.subject.value.rsplit(":", 1)[1])]: quad.object for quad in store
    }
    for row in rows:
        for variable, term in row.items():
            if term is not None and term in stored:
                row[variable] = stored[term]


def from_answer(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    *,
    ordered: bool,
    stored: bool = False,
) -> Results:
    """:class:`Results` from what Oxigraph's ``Store.query`` or ``parse_query_results`` gives.

    Typed literals are written as the embedded store keeps them (:func:`as_stored`; not
    needed when ``stored`` says the answer is the embedded store's own), before the rows of
    an unordered answer are sorted.
    """
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return Results(boolean=bool(answer))
    if not isinstance(answer, ox.QuerySolutions):
        raise ValueError("a CONSTRUCT or DESCRIBE query gives a graph, not a table of results")
    variables = [v.value for v in answer.variables]
    rows: list[dict[str, Term | None]] = [
        {v: solution[v] for v in variables} for solution in answer
    ]
    if not stored:
        as_stored(rows)
    _relabel_blank_nodes(rows)
    if not ordered:
        sort_rows(variables, rows)
    return Results(variables, rows)


def _relabel_blank_nodes(rows: list[dict[str, Term | None]]) -> None:
    """Label blank nodes ``b0``, ``b1``... in order of appearance (in place).

    Stores give blank nodes labels of their own, new on every run; numbering them in the
    answer keeps the output of the same answer byte for byte the same.
    """
    import pyoxigraph as ox

    labels: dict[ox.BlankNode, ox.BlankNode] = {}
    for row in rows:
        for variable, term in row.items():
            if isinstance(term, ox.BlankNode):
                row[variable] = labels.setdefault(term, ox.BlankNode(f"b{len(labels)}"))


def from_json(data: bytes, *, ordered: bool) -> Results:
    """:class:`Results` from a SPARQL 1.1 JSON results document."""
    import pyoxigraph as ox

    return from_answer(ox.parse_query_results(data, ox.QueryResultsFormat.JSON), ordered=ordered)


def _json_term(term: Term) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def to_json(results: Results) -> bytes:
    """The SPARQL 1.1 JSON results document (our intermediate form for every format)."""
    if results.boolean is not None:
        doc: dict[str, Any] = {"head": {}, "boolean": results.boolean}
    else:
        bindings = [
            {v: _json_term(t) for v in results.variables if (t := row.get(v)) is not None}
            for row in results.rows
        ]
        doc = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode()


def results_format(fmt: str) -> ox.QueryResultsFormat:
    import pyoxigraph as ox

    return {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }[fmt]


def _reserialize(data: bytes, source: ox.QueryResultsFormat, fmt: str) -> bytes:
    """Results read from ``data`` and written by Oxigraph in standard format ``fmt``."""
    import pyoxigraph as ox

    parsed = ox.parse_query_results(data, source)
    out = parsed.serialize(format=results_format(fmt)) or b""
    return out + b"\n" if fmt in ("json", "xml") else out


def _standard(results: Results, fmt: str) -> bytes:
    import pyoxigraph as ox

    return _reserialize(to_json(results), ox.QueryResultsFormat.JSON, fmt)


#: what a blank node looks like in each standard format (a literal may also hold the text)
_BLANK_MARKS = {"tsv": b"_:", "csv": b"_:", "json": b'"bnode"', "xml": b"<bnode>"}


def standard_direct(answer: ox.QuerySolutions, fmt: str) -> bytes | None:
    """An ordered SELECT answer written by Oxigraph straight in standard format ``fmt``:
    the same bytes as :func:`render` of its :class:`Results`; ``None`` (the answer is used
    up) when it may hold blank nodes, which need labels of their own."""
    out = answer.serialize(format=results_format(fmt)) or b""
    if _BLANK_MARKS[fmt] in out:
        return None
    return out + b"\n" if fmt in ("json", "xml") else out


def display(term: Term | None) -> str:
    """A term as a person reads it: a resource's name, a literal's value, ``_:b`` for blank
    nodes."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return namespaces.short_name(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        value = term.value
        return " ".join(value.split()) if any(c in value for c in "\n\r\t") else value
    return f"<< {display(term.subject)} {display(term.predicate)} {display(term.object)} >>"


def _shown(term: Term | None, variable: str, unbound: Mapping[str, str]) -> str:
    return unbound.get(variable, "") if term is None else display(term)


def _table(results: Results, width: int, unbound: Mapping[str, str]) -> str:
    import pyoxigraph as ox

    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    header = results.variables
    # values repeat down a column (a status, a funder): each distinct cell is made once
    made: dict[tuple[str, Term | None], text_table.Cell] = {}

    def cell(variable: str, term: Term | None) -> text_table.Cell:
        found = made.get((variable, term))
        if found is None:
            whole = isinstance(term, ox.NamedNode | ox.BlankNode)
            found = made[(variable, term)] = text_table.Cell(_shown(term, variable, unbound), whole)
        return found

    rows = [[cell(v, row.get(v)) for v in header] for row in results.rows]
    return text_table.render(header, rows, width)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _markdown(results: Results, unbound: Mapping[str, str]) -> str:
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    header = results.variables
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    for row in results.rows:
        cells = (_md_cell(_shown(row.get(v), v, unbound)) for v in header)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render(
    results: Results,
    fmt: str,
    *,
    width: int | None = None,
    unbound: Mapping[str, str] | None = None,
) -> bytes:
    """``results`` in output format ``fmt`` (one of :data:`FORMATS`).

    ``width``: the columns a table may take (default :data:`TABLE_WIDTH`); ``unbound``:
    what the table and Markdown formats show where a variable has no value, by variable.
    """
    shown = unbound or {}
    if fmt == "table":
        return _table(results, width or TABLE_WIDTH, shown).encode()
    if fmt == "md":
        return _markdown(results, shown).encode()
    if fmt in ("json", "xml", "csv", "tsv"):
        return _standard(results, fmt)
    raise ValueError(f"unknown results format {fmt!r}")
