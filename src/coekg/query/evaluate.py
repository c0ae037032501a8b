"""Answering a canned query on an Oxigraph store, in any output format.

:func:`run` gives :class:`~coekg.query.results.Results`; :func:`answer_as` gives the bytes of
an output format, written straight by Oxigraph where it can. Parameters are bound as
Oxigraph substitutions (or, for queries that project nothing, as the ``VALUES`` block a
remote endpoint gets). Orders made of ``STR`` and ``LANG`` keys are applied in Python
(:mod:`coekg.query.tsv_order`), other orders of an on-disk store in memory
(:mod:`coekg.query.ordering`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.errors import CoekgError
from coekg.query import ordering, tsv_order
from coekg.query.catalogue import CannedQuery, bind, bound_text
from coekg.query.results import Results, from_answer, render, standard_direct
from coekg.rdf.dataset import parse_error

if TYPE_CHECKING:
    import pyoxigraph as ox


class QueryError(CoekgError):
    """A query could not be evaluated by the store."""


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

    answer = evaluate(store, query, params)
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
    :func:`coekg.query.results.render` give it.

    An ordered SELECT answer without blank nodes is written by Oxigraph as it is read
    (no Python object per value), straight in the standard formats, which is what makes
    large answers fast; any other answer goes through :class:`~coekg.query.results.Results`.
    For a store ``on_disk``, the rows are ordered in memory (:mod:`coekg.query.ordering`).
    """
    import pyoxigraph as ox

    answer = evaluate(store, query, params, order_in_memory=on_disk)
    try:  # Oxigraph evaluates as the answer is read: errors show here
        if not isinstance(answer, ox.QuerySolutions) or not query.ordered:
            results = from_answer(answer, ordered=query.ordered, stored=True)
            return render(results, fmt)
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
    return render(from_answer(parsed, ordered=True, stored=True), fmt)
