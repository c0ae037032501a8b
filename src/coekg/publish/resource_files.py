"""A resource's three files (Turtle, JSON-LD, HTML page) and digests of what they show.

:class:`ResourceRenderer` is the one place those files are made, for ``coekg publish``
(every resource, in worker processes) and for ``coekg serve`` (the resource a reader asks
for), so the bytes are the same whoever makes them.

Incremental publishing rewrites a resource's files only when what they show changed. What
they show is summed up in two digests, computed from the graph without rendering anything:

* the description digest: the resource's description (its statements, its blank nodes'
  statements, the statements citing it), each once, sorted, blank nodes labelled
  canonically. The Turtle is a function of it; the JSON-LD of it and the context's address.
* the page digest: the description, the statements of blank nodes that cite the resource,
  the named graphs it is described in, and for every IRI those statements name, its label
  and whether it has a page; with the site's own digest (:meth:`ResourceRenderer.site_digest`:
  the dataset's title, licence, sources and other site-wide texts, the ontology, and the
  renderer's own source and library versions).

Everything the page renderer reads about the graph is among these, so equal digests mean
equal bytes. The statements of blank nodes citing the resource are summed up with their
blank nodes labelled canonically, as the description's are: their labels as read change at
every reading, and the digests, like every file of the site, are the same for the same data.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coekg.publish import rdfdoc, resource_page
from coekg.publish.graphview import blank_closure, description_lines
from coekg.publish.statements import iri_tokens, token

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.publish.graphview import GraphView
    from coekg.publish.metadata import DatasetInfo

#: bytes of each digest
DIGEST_SIZE = 16
#: the source that makes the files: the site package and the serialisers it relies on
_RENDERER_SOURCES = (
    Path(__file__).resolve().parent,
    Path(__file__).resolve().parents[1] / "rdf",
    Path(__file__).resolve().parents[1] / "namespaces.py",
)


@dataclass(frozen=True)
class ResourceFiles:
    ttl: bytes
    jsonld: bytes
    html: bytes


@dataclass(frozen=True)
class Digests:
    """What a resource's files show, summed up (see the module's documentation)."""

    description: bytes
    page: bytes


def _digest() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=DIGEST_SIZE)


@functools.cache
def renderer_version() -> str:
    """A digest of the code that writes the site (this package, the RDF serialisers, the
    IRIs) and of the versions of the libraries it calls: another renderer, another site."""
    import jinja2
    import pyoxigraph as ox

    from coekg import __version__

    h = _digest()
    h.update(
        f"coekg {__version__} pyoxigraph {ox.__version__} jinja2 {jinja2.__version__}".encode()
    )
    for root in _RENDERER_SOURCES:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if path.suffix in (".py", ".j2", ".css"):
                h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def canonical_lines(lines: bytes) -> bytes:
    """A description's N-Triples ``lines`` as its documents hold them: each statement
    once, sorted, blank nodes labelled canonically."""
    if b"_:" not in lines:
        return b"".join(sorted(set(lines.splitlines(keepends=True))))
    import pyoxigraph as ox

    triples = [q.triple for q in rdfdoc.canonical_description(lines)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _tokens(lines: bytes) -> set[bytes]:
    """The IRIs ``lines`` name (:func:`iri_tokens`), from the parsed statements where the
    text does not tell."""
    found = iri_tokens(lines)
    if found is not None:
        return found
    import pyoxigraph as ox

    found = set()
    for q in ox.parse(lines, ox.RdfFormat.N_TRIPLES, lenient=True):
        for term in (q.subject, q.predicate, q.object):
            for iri in _iris_in(term):
                found.add(b"<" + iri.encode() + b">")
    return found


def _iris_in(term: object) -> list[str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return [term.value]
    if isinstance(term, ox.Literal):
        return [term.datatype.value]
    if isinstance(term, ox.Triple):
        return [i for t in (term.subject, term.predicate, term.object) for i in _iris_in(t)]
    return []


@dataclass(frozen=True)
class Described:
    """A resource's description (:func:`canonical_lines`) and the IRIs it names."""

    lines: bytes
    iris: set[bytes]


class ResourceRenderer:
    """Makes the files of the resources of ``view`` for the site described by ``info``."""

    def __init__(self, view: GraphView, info: DatasetInfo) -> None:
        self.view = view
        self.info = info
        self.site_digest = self._site_digest()

    def _site_digest(self) -> bytes:
        """What every page shows of the site, the ontology and the renderer, summed up."""
        from coekg.publish.pages import site_context

        view, info = self.view, self.info
        context = site_context(info)
        context["sources"] = [vars(s) for s in info.sources]
        h = _digest()
        h.update(renderer_version().encode())
        h.update(json.dumps(context, sort_keys=True, ensure_ascii=False).encode())
        h.update(info.url("").encode() + b"\0" + info.context_url.encode() + b"\0")
        h.update("\0".join(sorted(view.provenance_properties)).encode())
        h.update(view.ontology_digest)
        return h.digest()

    def describe(self, iri: str) -> Described:
        """The resource's description, canonical (see :func:`canonical_lines`)."""
        lines = canonical_lines(description_lines(self.view.data, iri))
        return Described(lines, _tokens(lines))

    def digests(self, iri: str, described: Described | None = None) -> Digests:
        """The digests of the resource's files (see the module's documentation)."""
        view = self.view
        if described is None:
            described = self.describe(iri)
        page = _digest()
        page.update(self.site_digest)
        page.update(described.lines)
        iris = described.iris
        citing = [
            lines
            for line in view.data.incoming_lines(token(iri))
            if line[:2] == b"_:"  # a blank node citing the resource: the page shows it
            for lines in blank_closure(view.data, line[: line.index(b" ")])
        ]
        if citing:  # labelled canonically: the labels as read change at every reading
            shown = canonical_lines(b"".join(citing))
            page.update(b"\0" + shown)
            iris = iris | _tokens(shown)
        page.update(b"\0" + "\0".join(sorted(view.graphs_of.get(iri, ()))).encode() + b"\0")
        page.update(b"".join(map(view.fact, sorted(iris))))
        description = _digest()
        description.update(described.lines)
        return Digests(description.digest(), page.digest())

    def files(self, iri: str, path: str, described: Described | None = None) -> ResourceFiles:
        """The Turtle, JSON-LD and HTML page of the resource ``iri`` at ``path``."""
        if described is None:
            described = self.describe(iri)
        quads = _parse(described.lines)
        jsonld = rdfdoc.canonical_jsonld(quads, self.info.context_url, described.lines)
        return ResourceFiles(
            rdfdoc.canonical_turtle(quads, described.iris),
            jsonld,
            resource_page.render(self.view, iri, path, self.info, jsonld),
        )

    def file(self, iri: str, path: str, suffix: str) -> bytes:
        """One of the files :meth:`files` gives (``suffix``: ``.ttl``, ``.jsonld`` or
        ``.html``), the same bytes, making only what it needs: ``coekg serve`` is asked for
        one file at a time, and the Turtle alone is a third of the work of all three."""
        lines = canonical_lines(description_lines(self.view.data, iri))
        if suffix == ".ttl":  # the only file that needs the IRIs named (for its prefixes)
            return rdfdoc.canonical_turtle(_parse(lines), _tokens(lines))
        jsonld = rdfdoc.canonical_jsonld(None, self.info.context_url, lines)
        if suffix == ".jsonld":
            return jsonld
        if suffix == ".html":
            return resource_page.render(self.view, iri, path, self.info, jsonld)
        raise ValueError(f"{suffix}: a resource has no such file")


def _parse(lines: bytes) -> list[ox.Quad]:
    import pyoxigraph as ox

    return list(ox.parse(lines, ox.RdfFormat.N_TRIPLES, lenient=True))
