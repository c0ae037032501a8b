"""Every canned query orders its rows totally, also where a resource has two labels.

Rows that agree on every ``ORDER BY`` key come in the order of the store's plan, so the
embedded store and an endpoint can print them differently. The bundled data has one label
and one value of most things; here every literal of it (labels, names, dates, numbers, and
the labels of the ontology's classes and properties) gets a second value: the same text in
another language (British English, which a filter on English lets through) for some
resources, another text or date for the others. On that data no two rows of a query's
answer may share all its sort keys.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

import pytest

from coekg import project
from coekg.project import bundled
from coekg.query import catalogue

XSD = "http://www.w3.org/2001/XMLSchema#"
#: a second value of each datatype that the data's dates and numbers have
SECOND_VALUE = {
    XSD + "date": "1999-09-09",
    XSD + "gYearMonth": "1999-09",
    XSD + "gYear": "1999",
    XSD + "integer": "99",
    XSD + "nonNegativeInteger": "99",
    XSD + "positiveInteger": "99",
    XSD + "decimal": "99.5",
}


def second_values(quads: Iterator[object]) -> list[object]:
    """A second literal beside every literal of ``quads`` (in a graph of its own)."""
    import pyoxigraph as ox

    graph = ox.NamedNode("https://example.org/coekg-test/second-values")
    out = []
    for quad in quads:
        assert isinstance(quad, ox.Quad)
        value = quad.object
        if not isinstance(value, ox.Literal):
            continue
        same_text = zlib.crc32(str(quad.subject).encode()) % 2 == 0
        if value.language or value.datatype.value == XSD + "string":
            if same_text:
                language = "en-gb" if value.language != "en-gb" else "en"
                second = ox.Literal(value.value, language=language)
            else:
                second = ox.Literal(value.value + " (2)", language=value.language)
        elif value.datatype.value in SECOND_VALUE:
            second = ox.Literal(SECOND_VALUE[value.datatype.value], datatype=value.datatype)
        else:
            continue
        out.append(ox.Quad(quad.subject, quad.predicate, second, graph))
    return out


@pytest.fixture(scope="module")
def store() -> object:
    kg = project.bundled().load()
    kg.store.extend(second_values(iter(kg.store)))
    return kg.store


def sort_keys(text: str) -> tuple[str, list[str]]:
    """The query without its final ``ORDER BY``, and the expressions of its keys."""
    assert text.count("ORDER BY") == 1, "one ORDER BY, at the end of the query"
    body, clause = text.split("ORDER BY")
    keys: list[str] = []
    depth, current = 0, ""
    for char in clause.strip() + " ":
        depth += (char == "(") - (char == ")")
        if char.isspace() and depth == 0:
            if current:
                keys.append(current)
            current = ""
        else:
            current += char
    unwrapped = [re.sub(r"^(?:ASC|DESC)\((.*)\)$", r"\1", key, flags=re.I) for key in keys]
    return body, unwrapped


def keyed_query(query: catalogue.CannedQuery) -> str:
    """The query (its parameters bound) as a sub-query, each row with its sort keys."""
    body, keys = sort_keys(catalogue.bound_text(query))
    select = re.search(r"^SELECT\b", body, re.M)
    assert select is not None
    binds = " ".join(f"BIND ({key} AS ?sortKey{i})" for i, key in enumerate(keys))
    return f"{body[: select.start()]}SELECT * WHERE {{ {{ {body[select.start() :]} }} {binds} }}"


def test_sort_keys_are_read_with_their_arguments() -> None:
    body, keys = sort_keys(
        "SELECT ?a WHERE {}\nORDER BY DESC(?n) STR(?a)\n  SUBSTR(STR(?v), 1, 400) ?b\n"
    )
    assert body == "SELECT ?a WHERE {}\n"
    assert keys == ["?n", "STR(?a)", "SUBSTR(STR(?v), 1, 400)", "?b"]


def test_every_literal_gets_a_second_value(store: object) -> None:
    import pyoxigraph as ox

    assert isinstance(store, ox.Store)
    labels = store.query(
        "SELECT ?label WHERE { <https://w3id.org/coekg/def#Event> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        use_default_graph_as_union=True,
    )
    assert isinstance(labels, ox.QuerySolutions)
    assert len({str(row["label"]) for row in labels}) == 2


@pytest.mark.parametrize("query", catalogue.catalogue(bundled().queries), ids=lambda q: q.name)
def test_no_two_rows_share_all_sort_keys(store: object, query: catalogue.CannedQuery) -> None:
    import pyoxigraph as ox

    assert isinstance(store, ox.Store)
    answer = store.query(keyed_query(query), use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    names = [v.value for v in answer.variables]
    projected = [n for n in names if not n.startswith("sortKey")]
    rows: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for solution in answer:
        key = tuple(str(solution[n]) for n in names if n.startswith("sortKey"))
        rows.setdefault(key, set()).add(tuple(str(solution[n]) for n in projected))
    assert len(rows) > 1, "the query answers more than one row"
    ties = [sorted(tied) for tied in rows.values() if len(tied) > 1]
    assert not ties, f"{len(ties)} groups of rows tie on every sort key, e.g. {ties[0]}"
