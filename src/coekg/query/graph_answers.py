"""Answers that are graphs: CONSTRUCT and DESCRIBE queries, in an RDF format.

The triples are written as ``coekg export`` writes data: sorted, with canonical blank node
labels (:func:`coekg.rdf.canonical.canonical_quads`) and the project's prefixes (in Turtle,
only those the answer uses), so the same answer gives the same bytes every time; JSON-LD is
compacted against the project's context, as the export is. A remote endpoint is asked for
N-Triples (Turtle if that is all it gives) and its answer is written the same way, so the
embedded store and an endpoint holding the same data print the same bytes.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.errors import EndpointError
from coekg.rdf.canonical import canonical_quads
from coekg.rdf.jsonld import jsonld_document
from coekg.remote.http import display_url

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.remote.http import HttpClient

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: the formats a graph answer is written in
GRAPH_FORMATS = ("turtle", "nt", "jsonld")
_ACCEPT = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"


def _used_prefixes(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """The project's prefixes that name some IRI of ``triples``, in the project's order."""
    import pyoxigraph as ox

    used: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.Literal):
                if term.language or term.datatype.value == XSD_STRING:
                    continue  # written without its datatype
                term = term.datatype
            if isinstance(term, ox.NamedNode):
                name = namespaces.short_name(term.value)
                if not name.startswith("<"):
                    used.add(name.partition(":")[0])
    return {p: ns for p, ns in namespaces.PREFIXES.items() if p in used}


def serialize(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """``triples`` in format ``fmt`` (one of :data:`GRAPH_FORMATS`), deterministically."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    quads = canonical_quads(ox.Quad(t.subject, t.predicate, t.object, default) for t in triples)
    if fmt == "jsonld":
        return jsonld_document(quads)
    ordered = [q.triple for q in quads]
    if fmt == "nt":
        return ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES) or b""
    out = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=_used_prefixes(ordered))
    return out or b""


def from_endpoint(
    client: HttpClient, url: str, text: str, *, default_graphs: Sequence[str] = ()
) -> list[ox.Triple]:
    """The triples the endpoint ``url`` answers to the CONSTRUCT or DESCRIBE query ``text``,
    asked through ``client`` (``default_graphs`` as in :func:`coekg.remote.endpoint.select`)."""
    import pyoxigraph as ox

    form = [("query", text), *(("default-graph-uri", g) for g in default_graphs)]
    body = urllib.parse.urlencode(form).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT}
    response = client.request("POST", url, [body], headers)
    kind = next((v for k, v in response.headers.items() if k.lower() == "content-type"), "")
    kind = kind.split(";")[0].strip().lower()
    fmt = ox.RdfFormat.TURTLE if kind == "text/turtle" else ox.RdfFormat.N_TRIPLES
    try:
        return [q.triple for q in ox.parse(response.body, fmt)]
    except SyntaxError as e:
        raise EndpointError(
            f"endpoint {display_url(url)}: the answer is not RDF ({kind or 'no content type'}): {e}"
        ) from None
