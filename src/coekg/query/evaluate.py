"""Answering a query on an Oxigraph store, in any output format.

:func:`run` gives :class:`~coekg.query.results.Results`; :func:`answer_as` gives the bytes of
an output format, written straight by Oxigraph where it can. Resources given as parameter
values are looked up in the store first (:mod:`coekg.query.known_values`). Parameters with a
default are bound as Oxigraph substitutions; optional parameters, and every parameter of a
query that projects nothing, as the ``VALUES`` block a remote endpoint gets. Orders made of
``STR`` and ``LANG`` keys are applied in Python (:mod:`coekg.query.tsv_order`), other orders
of an on-disk store in memory (:mod:`coekg.query.ordering`). CONSTRUCT and DESCRIBE answers
are graphs, written in an RDF format (:mod:`coekg.query.graph_answers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from coekg.errors import EXIT_USAGE, CoekgError
from coekg.query import graph_answers, known_values, ordering, tsv_order
from coekg.query.catalogue import CannedQuery, bind, bound_text, values_block, with_values
from coekg.query.results import FORMATS, Results, from_answer, render, standard_direct
from coekg.query.syntax_errors import syntax_error

if TYPE_CHECKING:
    import pyoxigraph as ox


class QueryError(CoekgError):
    """A query could not be evaluated by the store."""


class FormatError(CoekgError):
    """The output format does not suit the query's form (a usage error)."""

    exit_code = EXIT_USAGE


def check_format(query: CannedQuery, fmt: str) -> None:
    """Raise :class:`FormatError` unless ``fmt`` suits ``query``: a results format for
    SELECT and ASK, an RDF format for CONSTRUCT and DESCRIBE."""
    graph = query.form in ("construct", "describe")
    if graph and fmt not in graph_answers.GRAPH_FORMATS:
        raise FormatError(
            f"{query.where}: a {query.form.upper()} query gives a graph: give --format "
            f"{'|'.join(graph_answers.GRAPH_FORMATS)}"
        )
    if not graph and fmt not in FORMATS:
        raise FormatError(
            f"{query.where}: a {query.form.upper()} query gives a table: give --format "
            f"{'|'.join(FORMATS)}"
        )


def store_ask(store: ox.Store) -> known_values.Ask:
    """A function that answers a SELECT or ASK query text on ``store``."""

    def ask(text: str) -> Results:
        return from_answer(store.query(text, use_default_graph_as_union=True), ordered=True)

    return ask


def evaluate(
    store: ox.Store,
    query: CannedQuery,
    params: Mapping[str, str] | None,
    *,
    order_in_memory: bool = False,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Oxigraph's answer to ``query`` on ``store``, with the parameters bound.

    An order made of ``STR`` and ``LANG`` keys is applied in Python to the store's
    unordered answer (:mod:`coekg.query.tsv_order`), which is much faster on large answers.
    ``order_in_memory`` (for an on-disk store) applies any other ``ORDER BY`` to the rows
    in memory where it can (:mod:`coekg.query.ordering`).
    """
    import pyoxigraph as ox

    answer = _evaluate(store, query, params, order_in_memory)
    if isinstance(answer, bytes):
        return ox.parse_query_results(answer, ox.QueryResultsFormat.TSV)
    return answer


def _evaluate(
    store: ox.Store, query: CannedQuery, params: Mapping[str, str] | None, order_in_memory: bool
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | bytes:
    """:func:`evaluate`'s answer; one ordered here is the SPARQL TSV it was ordered as."""
    import pyoxigraph as ox

    bindings = bind(query, params)
    text = query.text
    optional = [p.name for p in query.parameters if p.optional and p.name in bindings]
    substituted = {k: v for k, v in bindings.items() if k not in optional}
    if query.form != "select":
        text, substituted = bound_text(query, params), {}
    elif optional:
        text = with_values(query, values_block(bindings, optional))
    substitutions = {ox.Variable(k): v for k, v in substituted.items()}
    try:
        keyed = tsv_order.plan(text) if query.form == "select" else None
        if keyed is not None:
            head = store.query(
                keyed.head, use_default_graph_as_union=True, substitutions=substitutions
            )
            if isinstance(head, ox.QuerySolutions):
                tsv = head.serialize(format=ox.QueryResultsFormat.TSV) or b""
                return tsv_order.order(tsv, keyed)
        cut = ordering.split(text) if order_in_memory else None
        if cut is not None:
            head = store.query(
                cut.head, use_default_graph_as_union=True, substitutions=substitutions
            )
            if isinstance(head, ox.QuerySolutions):
                return ordering.ordered(head, cut)
        return store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
    except SyntaxError as e:
        raise syntax_error(query.where, query.text, e, query.added) from None
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"{query.where}: cannot run the query: {e}") from None


def run(store: ox.Store, query: CannedQuery, params: Mapping[str, str] | None = None) -> Results:
    """Answer the SELECT or ASK ``query`` on ``store``, whose default graph is the union
    of its graphs.

    Resources given in ``params`` must be in the store (else a usage error naming the
    nearest ones). Parameters with a default are Oxigraph substitutions; Oxigraph
    substitutes only projected variables, so optional parameters, and the parameters of an
    ASK query, get the ``VALUES`` block of :func:`bound_text`, as a remote endpoint would.
    """
    known_values.check(query, params, store_ask(store))
    answer = evaluate(store, query, params)
    try:
        # the store's own answer: its literals are already as it keeps them
        return from_answer(answer, ordered=query.ordered, stored=True)
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"{query.where}: cannot run the query: {e}") from None


def first_rows(store: ox.Store, query: CannedQuery, limit: int) -> tuple[Results, int]:
    """The first ``limit`` rows of :func:`run`'s answer to the SELECT or ASK ``query`` with
    its default parameters (the same rows, the same terms), and how many rows it has.

    An ordered answer is written by the store as SPARQL TSV, one row a line, so the rows are
    counted there and only the first ``limit`` become Python objects: a query page shows
    500 of the 87,872 rows of ``organisations`` at a million statements, and making all of
    them took half of its time.
    """
    import pyoxigraph as ox

    known_values.check(query, None, store_ask(store))
    answer = _evaluate(store, query, None, order_in_memory=False)
    try:
        if isinstance(answer, bytes):  # ordered here, as TSV
            tsv = answer
        elif isinstance(answer, ox.QuerySolutions) and query.ordered:
            tsv = answer.serialize(format=ox.QueryResultsFormat.TSV) or b""
        else:
            results = from_answer(answer, ordered=query.ordered, stored=True)
            head = Results(results.variables, results.rows[:limit], results.boolean)
            return head, len(results.rows)
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"{query.where}: cannot run the query: {e}") from None
    total = tsv.count(b"\n") - 1
    end = -1
    for _ in range(min(limit, total) + 1):  # the header, then the rows shown
        end = tsv.index(b"\n", end + 1)
    parsed = ox.parse_query_results(tsv[: end + 1], ox.QueryResultsFormat.TSV)
    return from_answer(parsed, ordered=True, stored=True), total


def answer_as(
    store: ox.Store,
    query: CannedQuery,
    params: Mapping[str, str] | None,
    fmt: str,
    *,
    on_disk: bool = False,
    width: int | None = None,
) -> bytes:
    """The answer to ``query`` on ``store`` in output format ``fmt``, as :func:`run` and
    :func:`coekg.query.results.render` give it (``width``: the columns a table may take);
    for a CONSTRUCT or DESCRIBE query, the graph in an RDF format
    (:data:`coekg.query.graph_answers.GRAPH_FORMATS`).

    An ordered SELECT answer without blank nodes is written by Oxigraph as it is read
    (no Python object per value), straight in the standard formats, which is what makes
    large answers fast; any other answer goes through :class:`~coekg.query.results.Results`.
    For a store ``on_disk``, the rows are ordered in memory (:mod:`coekg.query.ordering`).
    """
    import pyoxigraph as ox

    check_format(query, fmt)
    known_values.check(query, params, store_ask(store))
    unbound = dict(query.unbound)
    answer = evaluate(store, query, params, order_in_memory=on_disk)
    try:  # Oxigraph evaluates as the answer is read: errors show here
        if isinstance(answer, ox.QueryTriples):
            return graph_answers.serialize(answer, fmt)
        if not isinstance(answer, ox.QuerySolutions) or not query.ordered:
            results = from_answer(answer, ordered=query.ordered, stored=True)
            return render(results, fmt, width=width, unbound=unbound)
        if fmt in ("json", "xml", "csv", "tsv"):
            out = standard_direct(answer, fmt)
            if out is not None:
                return out
            # blank nodes (rare): ask again, and label them through Results
            answer = evaluate(store, query, params, order_in_memory=on_disk)
            assert isinstance(answer, ox.QuerySolutions)
        tsv = answer.serialize(format=ox.QueryResultsFormat.TSV) or b""
    except (OSError, RuntimeError, ValueError) as e:
        raise QueryError(f"{query.where}: cannot run the query: {e}") from None
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return render(from_answer(parsed, ordered=True, stored=True), fmt, width=width, unbound=unbound)
