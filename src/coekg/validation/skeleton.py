"""A Turtle skeleton of a new resource, from the shapes: ``coekg new KIND SLUG``.

The kind (``project``, ``event``, ``treaty``...) is the one of the IRIs
(``https://w3id.org/coekg/id/{kind}/{slug}``); the shape whose IRI pattern names it gives
the class, and every node shape that targets that class or a superclass gives properties.
Each required property (``sh:minCount`` or ``sh:qualifiedMinCount`` of at least 1) is a line
whose value is a placeholder ``<todo:...>``, which no shape accepts, so an unfilled
skeleton never conforms; each optional one is a commented line. Every line says what the
shapes expect, and an example taken from the project's data where a resource of the
expected class exists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.errors import NonConformingError
from coekg.validation.graph import shapes_graph

if TYPE_CHECKING:
    import rdflib

    from coekg.rdf.dataset import KnowledgeGraph

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: the scheme of the placeholders: ``<todo:label>``
PLACEHOLDER = "todo:"
_SUCH_AS = re.compile(r'such as "([^"]+)"')
#: example literals by datatype
_EXAMPLES = {
    XSD + "string": '"text"',
    XSD + "integer": '"1"^^xsd:integer',
    XSD + "decimal": '"1000"^^xsd:decimal',
    XSD + "date": '"2022-10-21"^^xsd:date',
    XSD + "boolean": "true",
    RDF + "langString": '"Text in English"@en',
}


@dataclass
class Expectation:
    """What the shapes expect of one property of the new resource."""

    path: str
    required: bool = False
    messages: list[str] = field(default_factory=list)
    datatypes: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # sh:in
    english: bool = False


def _compact(iri: str, used: set[str]) -> str:
    best = ""
    for prefix, ns in namespaces.PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(namespaces.PREFIXES.get(best, "")):
            best = prefix
    local = iri[len(namespaces.PREFIXES[best]) :] if best else ""
    if best and local and all(c.isalnum() or c in "-_" for c in local):
        used.add(best)
        return f"{best}:{local}"
    return f"<{iri}>"


def _list(g: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.term.Node]:
    import rdflib

    return list(rdflib.collection.Collection(g, node))


def kind_class(g: rdflib.Graph, kind: str, supers: dict[str, set[str]]) -> tuple[str, str]:
    """(the node shape of ``kind``, the class a new resource of that kind has)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    wanted = f"/id/{kind}/"
    for shape in sorted(set(g.subjects(rdflib.RDF.type, sh.NodeShape)), key=str):
        patterns = [str(p) for p in g.objects(shape, sh.pattern)]
        for member_list in g.objects(shape, sh["or"]):
            for member in _list(g, member_list):
                patterns += [str(p) for p in g.objects(member, sh.pattern)]
        if not any(wanted.replace("/", "\\/") in p or wanted in p for p in patterns):
            continue
        targets = sorted(str(c) for c in g.objects(shape, sh.targetClass))
        # the most general target: the one every other target is a subclass of
        for target in targets:
            if all(target in supers.get(t, set()) | {t} for t in targets):
                return str(shape), target
        return str(shape), targets[0]
    raise NonConformingError(f"no shape gives IRIs of kind {kind!r}")


def superclasses(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Every class of the ontology with its superclasses (transitively, itself excluded)."""
    direct: dict[str, set[str]] = {}
    for q in kg.quads("ontology"):
        if q.predicate.value == RDFS + "subClassOf" and hasattr(q.object, "value"):
            direct.setdefault(q.subject.value, set()).add(q.object.value)  # type: ignore[union-attr]
    out: dict[str, set[str]] = {}
    for cls in direct:
        seen: set[str] = set()
        stack = list(direct[cls])
        while stack:
            c = stack.pop()
            if c not in seen:
                seen.add(c)
                stack.extend(direct.get(c, ()))
        out[cls] = seen
    return out


def expectations(g: rdflib.Graph, cls: str, supers: dict[str, set[str]]) -> list[Expectation]:
    """What the node shapes targeting ``cls`` (or a superclass) expect, property by property."""
    import rdflib

    sh = rdflib.Namespace(SH)
    classes = {cls} | supers.get(cls, set())
    by_path: dict[str, Expectation] = {}
    for shape in sorted(set(g.subjects(sh.targetClass, None)), key=str):
        if not {str(c) for c in g.objects(shape, sh.targetClass)} & classes:
            continue
        for prop in g.objects(shape, sh.property):
            path = g.value(prop, sh.path)
            if not isinstance(path, rdflib.URIRef) or str(path) == RDF + "type":
                continue
            e = by_path.setdefault(str(path), Expectation(str(path)))
            low = max(
                [0, *(int(str(v)) for v in g.objects(prop, sh.minCount))],
                default=0,
            )
            low = max([low, *(int(str(v)) for v in g.objects(prop, sh.qualifiedMinCount))])
            e.required = e.required or low >= 1
            e.messages += [str(m) for m in g.objects(prop, sh.message) if str(m) not in e.messages]
            e.datatypes += [str(d) for d in g.objects(prop, sh.datatype)]
            e.classes += [str(c) for c in g.objects(prop, sh["class"])]
            for member_list in g.objects(prop, sh["or"]):
                for member in _list(g, member_list):
                    e.datatypes += [str(d) for d in g.objects(member, sh.datatype)]
                    e.classes += [str(c) for c in g.objects(member, sh["class"])]
            for in_list in g.objects(prop, sh["in"]):
                e.values += [str(v) for v in _list(g, in_list)]
            languages = {*g.objects(prop, sh.qualifiedValueShape), *g.objects(prop, sh.languageIn)}
            e.english = e.english or bool(languages)
    return sorted(
        by_path.values(), key=lambda e: (not e.required, e.path != RDFS + "label", e.path)
    )


def instances(kg: KnowledgeGraph, supers: dict[str, set[str]]) -> dict[str, str]:
    """An existing resource of each class (and of each superclass), the first by IRI."""
    import pyoxigraph as ox

    out: dict[str, str] = {}
    for q in sorted(kg.quads("data"), key=lambda q: str(q.subject)):
        if q.predicate.value == RDF + "type" and isinstance(q.object, ox.NamedNode):
            for c in {q.object.value} | supers.get(q.object.value, set()):
                out.setdefault(c, q.subject.value)  # type: ignore[union-attr]
    return out


def _example(e: Expectation, examples: dict[str, str], used: set[str]) -> str | None:
    if e.values:
        return _compact(e.values[0], used)
    for c in e.classes:
        if c in examples:
            return _compact(examples[c], used)
    found = next((m.group(1) for text in e.messages if (m := _SUCH_AS.search(text))), None)
    if found:
        return f'"{found}"'
    for d in e.datatypes:
        if d in _EXAMPLES:
            if ":" in _EXAMPLES[d] and "^^xsd" in _EXAMPLES[d]:
                used.add("xsd")
            return _EXAMPLES[d]
    if e.english or e.path in (RDFS + "label", namespaces.PREFIXES["dcterms"] + "description"):
        return _EXAMPLES[RDF + "langString"]
    return None


def skeleton(kind: str, slug: str, kg: KnowledgeGraph, shape_files: Sequence[Path]) -> str:
    """The Turtle skeleton of ``kind:slug``; refuses a kind no shape gives IRIs of, a slug
    that is not lowercase words joined by ``-``, and an IRI the data already describes."""
    import pyoxigraph as ox

    if kind not in namespaces.KINDS:
        raise NonConformingError(f"unknown kind {kind!r} (one of {', '.join(namespaces.KINDS)})")
    if not SLUG.match(slug):
        raise NonConformingError(f"{slug!r}: a slug is lowercase ASCII words joined by '-'")
    iri = namespaces.kind_namespace(kind) + slug
    for part in kg.parts:
        if part.source.role != "data":
            continue
        for q in kg.part_quads(part):
            if isinstance(q.subject, ox.NamedNode) and q.subject.value == iri:
                raise NonConformingError(
                    f"{kind}:{slug} already exists: {part.source.path} describes it"
                )
    g = shapes_graph(shape_files)
    supers = superclasses(kg)
    _shape, cls = kind_class(g, kind, supers)
    examples = instances(kg, supers)
    used: set[str] = {kind}
    subject = f"{kind}:{slug}"
    lines = [f"{subject} a {_compact(cls, used)} ;"]
    optional: list[str] = []
    for e in expectations(g, cls, supers):
        prop = _compact(e.path, used)
        what = " ".join(e.messages) or "see the shapes"
        example = _example(e, examples, used)
        hint = f"  # e.g. {example}" if example else ""
        if e.required:
            name = prop.split(":")[-1]
            lines.append(f"    # required. {what}")
            lines.append(f"    {prop} <{PLACEHOLDER}{name}> ;{hint}")
        else:
            optional.append(f"    # {prop} {example or '<todo>'} ;  # optional. {what}")
    use = "    # optional: remove the '#' at the start of a line to use it"
    body = [*lines, use, *optional, "    ."]
    used |= {"coekg"}
    prefixes = [
        f"@prefix {p}: <{namespaces.PREFIXES[p]}> ." for p in namespaces.PREFIXES if p in used
    ]
    head = [
        f"# A new {kind}, {subject}, written by: coekg new {kind} {slug}",
        "# Replace each <todo:...> with a value (the example after it, or another), then",
        "# run: coekg validate",
        "",
    ]
    return "\n".join([*head, *prefixes, "", *body]) + "\n"
