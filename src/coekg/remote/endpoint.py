"""Asking a remote SPARQL endpoint: the query, its answer, and the endpoint's errors.

``coekg query --endpoint`` and the checks of ``coekg load`` ask their questions here, so
both go through the one HTTP client of :mod:`coekg.remote.http`: the same user agent,
authentication (basic and digest, the password from ``COEKG_PASSWORD`` or ``.netrc``),
retries, redaction and error messages.

Where SPARQLWrapper serves, and why only there: it composes the SPARQL 1.1 Protocol request
(:func:`query_request`): the query in a form-encoded ``POST`` body, the ``default-graph-uri``
parameters, and the ``Accept`` header for the query form and results format, which it has
been tuned on against many stores over the years. Its transport is not used: for digest
authentication it installs a process-wide ``urllib`` opener, it sends credentials to a
server that did not ask for them, it cannot tell a slow connect from a slow answer, and its
exceptions carry the server's answer only as the ``repr`` of a byte string. The request it
builds is handed to :class:`~coekg.remote.http.HttpClient` instead.

Answers are SPARQL 1.1 JSON results; a SELECT or ASK answer becomes the same
:class:`~coekg.query.results.Results` as the embedded store gives.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from coekg.errors import EndpointError
from coekg.query.results import from_json
from coekg.remote.http import HttpClient, Response, display_url

if TYPE_CHECKING:
    from coekg.query.results import Results

#: the headers of SPARQLWrapper's request that the HTTP client sets itself
_CLIENT_HEADERS = {"user-agent", "content-length", "host", "connection"}


def query_request(
    url: str, text: str, default_graphs: Sequence[str] = ()
) -> tuple[str, bytes, dict[str, str]]:
    """The SPARQL 1.1 Protocol request for the SELECT or ASK query ``text``: its URL, its
    form-encoded body and its headers (without ``User-Agent``, which the client sets).

    ``default_graphs``: the IRIs of the graphs whose merge is the query's default graph
    (``default-graph-uri``); without them the endpoint chooses (Oxigraph: its own default
    graph; Virtuoso: the union of all graphs).
    """
    from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper

    wrapper = SPARQLWrapper(url)
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setOnlyConneg(True)  # no format=json parameter: some stores refuse unknown ones
    wrapper.setReturnFormat(JSON)
    wrapper.setQuery(text)
    for graph in default_graphs:
        wrapper.addDefaultGraph(graph)
    # builds the urllib request without sending it (SPARQLWrapper 2.0; pinned below 3)
    request = wrapper._createRequest()
    headers = {k: v for k, v in request.header_items() if k.lower() not in _CLIENT_HEADERS}
    body = request.data if isinstance(request.data, bytes) else b""
    return request.full_url, body, headers


def send_query(
    client: HttpClient, url: str, text: str, default_graphs: Sequence[str] = ()
) -> Answer:
    """Send the SELECT or ASK query ``text`` to ``url``; the SPARQL JSON results it answers.

    A query changes nothing, so it is retried as the client allows. Raises
    :class:`EndpointError` naming the endpoint when it fails or says its answer is partial
    (Virtuoso's "anytime" queries).
    """
    target, body, headers = query_request(url, text, default_graphs)
    response = client.request("POST", target, [body], headers)
    if "x-sql-state" in response.headers:
        # Virtuoso's "anytime" queries answer 200 with a partial result and say so here
        state = response.headers.get("x-sql-message", response.headers["x-sql-state"])
        raise EndpointError(
            f"endpoint {display_url(url)}: the endpoint returned a partial result ({state})"
        )
    return Answer(url, response)


class Answer:
    """An endpoint's answer to a query, read as SPARQL 1.1 JSON results."""

    def __init__(self, url: str, response: Response) -> None:
        self.url = url
        self.response = response

    def error(self, detail: str = "") -> EndpointError:
        kind = self.response.headers.get("content-type") or "no content type"
        return EndpointError(
            f"endpoint {display_url(self.url)}: the answer is not SPARQL JSON results "
            f"({kind})" + (f": {detail}" if detail else "")
        )

    def document(self) -> Any:
        try:
            return json.loads(self.response.body)
        except ValueError:
            raise self.error() from None

    def results(self, *, ordered: bool) -> Results:
        """The answer as the embedded store would give it (blank nodes relabelled)."""
        try:
            return from_json(_blank_nodes_relabelled(self), ordered=ordered)
        except (SyntaxError, ValueError) as e:
            raise self.error(str(e)) from None


def select(
    client: HttpClient,
    url: str,
    text: str,
    *,
    ordered: bool,
    default_graphs: Sequence[str] = (),
) -> Results:
    """The answer of the endpoint ``url`` to the SELECT or ASK query ``text``, as the
    embedded store would give it (see :func:`coekg.query.results.from_json`)."""
    return send_query(client, url, text, default_graphs).results(ordered=ordered)


def bindings(client: HttpClient, url: str, text: str) -> list[dict[str, dict[str, str]]]:
    """The rows of the SELECT query ``text`` as SPARQL JSON bindings (for checks)."""
    answer = send_query(client, url, text)
    doc = answer.document()
    try:
        rows: list[dict[str, dict[str, str]]] = doc["results"]["bindings"]
    except (KeyError, TypeError):
        raise answer.error() from None
    return rows


def ask(client: HttpClient, url: str, text: str) -> bool:
    """The answer of the endpoint ``url`` to the ASK query ``text``."""
    answer = send_query(client, url, text)
    doc = answer.document()
    value = doc.get("boolean") if isinstance(doc, dict) else None
    if not isinstance(value, bool):
        raise answer.error()
    return value


def count(client: HttpClient, url: str, graph: str) -> int:
    """How many triples the graph ``graph`` holds, asked at ``url``."""
    rows = bindings(
        client, url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    try:
        return int(rows[0]["n"]["value"])
    except (IndexError, KeyError, ValueError):
        raise EndpointError(
            f"endpoint {display_url(url)}: the count query gave no number"
        ) from None


def _blank_nodes_relabelled(answer: Answer) -> bytes:
    """The SPARQL JSON results document with its blank nodes labelled ``b0``, ``b1``, ...

    Virtuoso 7 labels blank nodes ``nodeID://b10053``, which is no blank node label of
    RDF syntax, so pyoxigraph refuses the answer. A label only names a node within one
    answer, so each distinct label becomes ``b`` and its rank of first appearance.
    Documents without blank nodes are returned as they are.
    """
    body = answer.response.body
    if b'"bnode"' not in body:
        return body
    doc = answer.document()
    labels: dict[str, str] = {}

    def relabel(term: Any) -> None:
        if not isinstance(term, dict):
            return
        if term.get("type") == "bnode" and isinstance(term.get("value"), str):
            term["value"] = labels.setdefault(term["value"], f"b{len(labels)}")
        elif term.get("type") == "triple" and isinstance(term.get("value"), dict):
            for part in term["value"].values():
                relabel(part)

    results = doc.get("results") if isinstance(doc, dict) else None
    rows = results.get("bindings") if isinstance(results, dict) else None
    for row in rows if isinstance(rows, list) else []:
        for term in row.values() if isinstance(row, dict) else []:
            relabel(term)
    return json.dumps(doc).encode()
