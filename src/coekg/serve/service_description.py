"""The SPARQL 1.1 Service Description of the endpoint, in every RDF format it offers.

``GET /sparql`` without a query answers it to a client that asks for RDF (the protocol
leaves a request without a query to the service description; a browser gets the query
form instead).
"""

from __future__ import annotations

import io

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
#: media type -> Oxigraph's name of the format
MEDIA_TYPES = {
    "text/turtle": "TURTLE",
    "application/ld+json": "JSON_LD",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def describe(endpoint: str, media_type: str) -> bytes:
    """The service description of the endpoint at ``endpoint``, as ``media_type`` (a key
    of :data:`MEDIA_TYPES`)."""
    import pyoxigraph as ox

    service = ox.NamedNode(endpoint)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        *(
            ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name))
            for name in _RESULT_FORMATS
        ),
    ]
    out = io.BytesIO()
    fmt = getattr(ox.RdfFormat, MEDIA_TYPES[media_type])
    prefixes = {"sd": SD} if media_type in ("text/turtle", "application/rdf+xml") else None
    ox.serialize(triples, out, fmt, prefixes=prefixes)
    return out.getvalue()
