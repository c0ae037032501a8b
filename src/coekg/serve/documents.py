"""The documents of a resource ``/id/{kind}/{slug}``, in every RDF format the site writes.

The site holds three files per resource: the page (``.html``), Turtle (``.ttl``) and
JSON-LD (``.jsonld``). The server also answers the other formats of the dumps, each made
from the Turtle document's triples as they are written there (the same datatypes and
lexical forms; never through a store, which would rewrite some values):

- N-Triples (``.nt``) and N-Quads (``.nq``): one line per triple, in the default graph;
- TriG (``.trig``): the Turtle document itself (Turtle is TriG with only a default graph);
- RDF/XML (``.rdf``).

A request for the resource IRI is negotiated on ``Accept`` (:data:`FORMATS` in order of
preference for a client that takes anything) and answered with a 303 to the document;
every answer about a resource lists the other documents in ``Link: <...>;
rel="alternate"; type="..."`` headers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    suffix: str
    media_type: str
    #: a file of the site; the others are made by :func:`convert` from the Turtle file
    stored: bool


#: every document of a resource; the first the client accepts wins ties
FORMATS = (
    Format(".html", "text/html", True),
    Format(".ttl", "text/turtle", True),
    Format(".jsonld", "application/ld+json", True),
    Format(".nt", "application/n-triples", False),
    Format(".nq", "application/n-quads", False),
    Format(".trig", "application/trig", False),
    Format(".rdf", "application/rdf+xml", False),
)
#: media types a client may ask for, each with its document
OFFERED = {f.media_type: f for f in FORMATS} | {"application/xhtml+xml": FORMATS[0]}
BY_SUFFIX = {f.suffix: f for f in FORMATS}
#: the Content-Type sent with each document
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
}


def split_document(path: str) -> tuple[str, Format] | None:
    """``(stem, format)`` for the path of a made document (``id/a/b.nt``), else None."""
    for fmt in FORMATS:
        if not fmt.stored and path.endswith(fmt.suffix):
            return path[: -len(fmt.suffix)], fmt
    return None


def alternates(prefix: str, stem: str, but: str | None = None) -> str:
    """The ``Link`` header listing the documents of ``stem`` (all but the one ``but``)."""
    return ", ".join(
        f'<{prefix}{stem}{f.suffix}>; rel="alternate"; type="{f.media_type}"'
        for f in FORMATS
        if f.suffix != but
    )


def convert(turtle: bytes, fmt: Format) -> bytes:
    """The Turtle document ``turtle`` in the format ``fmt`` (one that is not stored)."""
    import pyoxigraph as ox

    if fmt.suffix == ".trig":
        return turtle
    parser = ox.parse(turtle, ox.RdfFormat.TURTLE)
    triples = [q.triple for q in parser]
    out = io.BytesIO()
    if fmt.suffix in (".nt", ".nq"):
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    else:  # the namespaces of the Turtle document's prefixes
        ox.serialize(triples, out, ox.RdfFormat.RDF_XML, prefixes=parser.prefixes)
    return out.getvalue()
