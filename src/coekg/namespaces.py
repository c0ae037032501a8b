"""The IRIs of the project (see CONTRACT.md). Plain strings: no RDF library imported."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

BASE = "https://w3id.org/coekg/"
DEF = BASE + "def#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
DATASET = BASE + "dataset"
SHAPES = BASE + "shapes#"
QUERY = BASE + "query/"
CONTEXT = BASE + "context.jsonld"

#: the source document every fact comes from
SOURCE_DOCUMENT = ID + "document/coe-azerbaijan-cooperation-2022"

#: named graph of the ontology and of the query catalogue
ONTOLOGY_GRAPH = GRAPH + "ontology"
QUERIES_GRAPH = GRAPH + "queries"

#: the kinds of described resources: ``https://w3id.org/coekg/id/{kind}/{slug}``. Each kind is
#: also a prefix (``state:azerbaijan``), so every resource has a name that is valid in Turtle
#: and SPARQL alike (``id:state/azerbaijan`` is not: a local name holds no ``/``).
KINDS = (
    "action-plan",
    "action-plan-series",
    "activity",
    "address",
    "agenda",
    "amount",
    "chairmanship",
    "contact",
    "document",
    "event",
    "figure",
    "funding-source",
    "membership",
    "monitoring-visit",
    "organisation",
    "outcome",
    "person",
    "place",
    "post",
    "post-holding",
    "programme",
    "project",
    "ratification",
    "recommendation",
    "scheme",
    "section",
    "signature",
    "state",
    "theme",
    "treaty",
)


def kind_namespace(kind: str) -> str:
    """The namespace of the resources of one kind: ``https://w3id.org/coekg/id/{kind}/``."""
    return f"{ID}{kind}/"


#: prefixes used in every serialisation, in this order (deterministic output): the
#: vocabularies, then one per kind of resource
PREFIXES: dict[str, str] = {
    "coekg": DEF,
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
    **{kind: kind_namespace(kind) for kind in KINDS},
}


#: IRI beginnings whose matches a :class:`NamespaceIndex` keeps
_HEADS_KEPT = 1 << 12


class NamespaceIndex:
    """Finds, for an IRI, the namespaces of a prefix table it starts with, by looking up the
    IRI's own beginnings (up to each ``/`` or ``#``) rather than trying every namespace: a
    site or an export asks this of a hundred thousand IRIs."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace: dict[str, list[str]] = {}
        for prefix, ns in prefixes.items():
            self.by_namespace.setdefault(ns, []).append(prefix)
        #: namespaces that do not end with / or #: tried one by one
        self.others = [
            (prefix, ns) for prefix, ns in prefixes.items() if not ns.endswith(("/", "#"))
        ]
        #: the matches ending with / or # of an IRI's beginning up to its last / or #
        #: (a site's hundred thousand IRIs have a few dozen such beginnings)
        self._of_head: dict[str, list[tuple[str, str]]] = {}

    def matches(self, iri: str) -> list[tuple[str, str]]:
        """Every (prefix, namespace) whose namespace ``iri`` starts with, longest first."""
        head = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
        found = self._of_head.get(head)
        if found is None:
            if len(self._of_head) >= _HEADS_KEPT:
                self._of_head.clear()
            found = self._of_head[head] = self._ending_matches(head)
        if self.others:
            found = found + [(p, ns) for p, ns in self.others if iri.startswith(ns)]
            found.sort(key=lambda m: -len(m[1]))
        return found

    def _ending_matches(self, iri: str) -> list[tuple[str, str]]:
        """The (prefix, namespace) pairs whose namespace ends with / or # and ``iri``
        starts with, longest first."""
        found: list[tuple[str, str]] = []
        end = len(iri) + 1
        while True:
            end = max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))
            if end < 0:
                break
            ns = iri[: end + 1]
            for prefix in self.by_namespace.get(ns, ()):
                found.append((prefix, ns))
        return found


_PREFIX_INDEX: NamespaceIndex | None = None


def longest_prefix(iri: str) -> tuple[str, str]:
    """The prefix of :data:`PREFIXES` whose namespace ``iri`` starts with, the longest (the
    first of equal length), and that namespace; ``("", "")`` when there is none."""
    global _PREFIX_INDEX
    if _PREFIX_INDEX is None:
        _PREFIX_INDEX = NamespaceIndex(PREFIXES)
    found = _PREFIX_INDEX.matches(iri)
    return found[0] if found else ("", "")


def graph_iri(name: str) -> str:
    """The named graph IRI for a graph name such as ``projects``."""
    return GRAPH + name


# -- names people read and type back ---------------------------------------------------------

#: PN_CHARS_BASE of SPARQL 1.1 and Turtle 1.1 (the letters a prefixed name is made of)
_BASE_CHARS = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHARS = _BASE_CHARS + "_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040"


@functools.cache
def _local_name() -> re.Pattern[str]:
    """A local name valid in SPARQL and Turtle alike, without escapes or ':' (kept simple to
    read). Compiled on first use: the Unicode ranges take longer than ``coekg --help``."""
    return re.compile(
        rf"(?:[{_BASE_CHARS}_0-9]|%[0-9A-Fa-f]{{2}})"
        rf"(?:(?:[{_NAME_CHARS}.]|%[0-9A-Fa-f]{{2}})*(?:[{_NAME_CHARS}]|%[0-9A-Fa-f]{{2}}))?"
    )


@functools.cache
def _prefix_name() -> re.Pattern[str]:
    return re.compile(rf"[{_BASE_CHARS}](?:[{_NAME_CHARS}.]*[{_NAME_CHARS}])?")


def short_name(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The name of ``iri`` to show people: ``state:azerbaijan`` under the longest namespace
    of ``prefixes`` when that is a prefixed name valid in both SPARQL and Turtle, else
    ``<iri>``. Either form can be pasted into a query, a data file or ``--param``.

    (``id:state/azerbaijan`` is no such name: a local name holds no ``/``.)
    """
    best_prefix, best_ns = "", ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(best_ns) and _prefix_name().fullmatch(prefix):
            best_prefix, best_ns = prefix, ns
    local = iri[len(best_ns) :]
    if best_ns and _local_name().fullmatch(local):
        return f"{best_prefix}:{local}"
    return f"<{iri}>"


def expand_name(name: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """The IRI that ``name`` stands for: ``<iri>`` is ``iri``, and ``prefix:local`` under
    a prefix of ``prefixes`` is the namespace followed by ``local``; ``None`` otherwise
    (``name`` may then be an absolute IRI already, such as ``https://...`` or ``urn:...``)."""
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in prefixes and not local.startswith("//"):
        return prefixes[prefix] + local
    return None
