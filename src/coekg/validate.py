"""Validating the data against the ontology and the SHACL shapes.

pySHACL is the reference engine; the compiled engine of :mod:`coekg.shacl` (the default)
reports the same findings faster. The data graph they validate is the union of the data
graphs with the ontology's terminology mixed in (:func:`validation_triples`), so that
``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf`` and the SPARQL-based
constraints see which classes, properties and individuals the ontology declares. Literals
are validated exactly as the files write them (see :meth:`coekg.dataset.KnowledgeGraph.quads`).

Findings are grouped by resource and carry the data file that states the offending value
(else the one that describes the resource), so a data steward knows where to look.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from coekg import resources
from coekg.errors import InputError, NonConformingError

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

    from coekg.dataset import KnowledgeGraph

SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_RDF_TYPE = _RDF + "type"
#: types that make a subject part of the ontology's terminology
_TERMINOLOGY = {
    _OWL + "Ontology",
    _OWL + "Class",
    _RDFS + "Class",
    _RDFS + "Datatype",
    _RDF + "Property",
    _OWL + "ObjectProperty",
    _OWL + "DatatypeProperty",
    _OWL + "AnnotationProperty",
}


@dataclass(frozen=True)
class Finding:
    """One result of the SHACL report, in plain strings."""

    focus: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str
    path: str | None = None
    value: str | None = None  # the offending value: an IRI or a literal's lexical form
    shape: str | None = None  # sh:sourceShape (a node shape or a property shape)
    component: str | None = None  # e.g. "MinCountConstraintComponent"
    file: str | None = None  # the data file that states it, or describes the resource
    node_shape: str | None = None  # the node shape that ``shape`` is, or belongs to
    constraint: str | None = None  # sh:sourceConstraint of a SPARQL-based constraint
    value_term: str | None = None  # the value in N-Triples syntax (keeps datatype, language)

    def sort_key(self) -> tuple[str, ...]:
        """Resource first, then severity, property, message and value; missing parts first."""
        return tuple(
            v or ""
            for v in (
                self.focus,
                self.severity,
                self.path,
                self.message,
                self.value_term,
                self.node_shape,
                self.shape,
                self.component,
                self.constraint,
                self.file,
            )
        )


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def conforms(self, strict: bool = False) -> bool:
        """True without violations (and, when ``strict``, without warnings either)."""
        bad = self.findings if strict else self.violations
        return not [f for f in bad if f.severity != "Info"]


@functools.lru_cache(maxsize=1)
def _shapes_ntriples() -> str:
    import rdflib

    g = rdflib.Graph()
    for path in resources.rdf_files(resources.shapes_dir()):
        try:
            g.parse(path, format=resources.RDF_SUFFIXES[path.suffix.lower()])
        except Exception as e:  # rdflib raises many kinds of error for bad syntax
            raise InputError(f"{path}: cannot read the shapes: {e}") from None
    return g.serialize(format="nt")


def shapes_graph() -> rdflib.Graph:
    """The bundled SHACL shapes as a new rdflib graph (parsed once per process)."""
    import rdflib

    return rdflib.Graph().parse(data=_shapes_ntriples(), format="nt")


def validation_triples(kg: KnowledgeGraph) -> set[ox.Triple]:
    """The triples pySHACL validates: the data graphs plus the ontology's terminology.

    From the ontology come every triple about its classes, properties and header and about
    the blank nodes of its axioms, and a declaration ``owl:NamedIndividual`` of each other
    named resource it describes (such as ``coekg:Exactly`` or the scheme
    ``coekg:qualifiers``). The ontology's own individuals are declared but not described,
    so no shape takes them for data to validate. (pySHACL's ``ont_graph`` mixing copies
    the individuals' descriptions but, for some, not their types, and costs half a second
    per run.)
    """
    import pyoxigraph as ox

    data_graphs = set(kg.graphs("data"))
    ontology_graphs = set(kg.graphs("ontology"))
    triples: set[ox.Triple] = set()
    ontology: list[ox.Triple] = []
    for q in kg.quads():
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        if graph in data_graphs:
            triples.add(q.triple)
        elif graph in ontology_graphs:
            ontology.append(q.triple)
    terms = {
        t.subject
        for t in ontology
        if t.predicate.value == _RDF_TYPE and getattr(t.object, "value", None) in _TERMINOLOGY
    }
    individual = ox.NamedNode(_OWL + "NamedIndividual")
    rdf_type = ox.NamedNode(_RDF_TYPE)
    for t in ontology:
        if isinstance(t.subject, ox.BlankNode) or t.subject in terms:
            triples.add(t)
        elif isinstance(t.subject, ox.NamedNode):
            triples.add(ox.Triple(t.subject, rdf_type, individual))
    return triples


def _as_rdflib(triples: set[ox.Triple]) -> rdflib.Graph:
    import pyoxigraph as ox
    import rdflib

    g = rdflib.Graph()
    if triples:
        g.parse(data=ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES), format="nt")
    return g


def _located(kg: KnowledgeGraph, findings: list[Finding]) -> list[Finding]:
    """``findings`` with the data file each comes from, sorted.

    A finding with a property (a plain predicate) comes from the file that states the
    offending triple: the focus, the property and the value, or, for a finding without a
    value (too many values, say), any value of the property. Where several files state it,
    a file other than the one that describes the resource is named, as it is the one that
    added to what the resource's own file says. Any other finding comes from the file that
    describes its focus (preferring the file that types it), else from the file that uses
    its value.
    """
    import pyoxigraph as ox

    wanted = {(f.focus, f.path) for f in findings if f.path}
    properties = {p for _focus, p in wanted}
    file_of_graph = {s.graph: str(s.path) for s in kg.sources if s.role == "data"}
    typed: dict[str, str] = {}
    described: dict[str, str] = {}
    mentioned: dict[str, str] = {}
    stated: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (file, value) in load order
    for q in kg.quads():
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        file = file_of_graph.get(graph or "")
        if file is None:
            continue
        predicate = q.predicate.value
        if isinstance(q.subject, ox.NamedNode):
            subject = q.subject.value
            described.setdefault(subject, file)
            if predicate == _RDF_TYPE:
                typed.setdefault(subject, file)
            if predicate in properties and (subject, predicate) in wanted:
                o = q.object
                value = o.value if isinstance(o, ox.NamedNode | ox.Literal) else str(o)
                stated.setdefault((subject, predicate), []).append((file, value))
        if predicate != _RDF_TYPE:
            mentioned.setdefault(predicate, file)
        if isinstance(q.object, ox.NamedNode):
            mentioned.setdefault(q.object.value, file)
    home = {**described, **typed}

    def file_of(f: Finding) -> str | None:
        statements = stated.get((f.focus, f.path or ""), [])
        stating = [file for file, value in statements if f.value is None or value == f.value]
        if stating:
            return next((file for file in stating if file != home.get(f.focus)), stating[0])
        if f.focus in home or f.value is None:
            return home.get(f.focus)
        return home.get(f.value) or mentioned.get(f.value)

    return sorted((replace(f, file=file_of(f)) for f in findings), key=Finding.sort_key)


#: validation engines: "fast" compiles the shapes to SPARQL (coekg.shacl), and must report
#: what "pyshacl", the reference, reports
ENGINES = ("fast", "pyshacl")


def validate(kg: KnowledgeGraph, engine: str = "fast") -> Report:
    """Validate the data graphs of ``kg`` against the shapes, with the ontology mixed in.

    The cyclic garbage collector is paused meanwhile: validation makes millions of
    short-lived objects without cycles, and collections that scan them all cost a sixth
    of the time at a million triples.
    """
    from coekg.dataset import gc_paused

    with gc_paused():
        if engine == "fast":
            from coekg.shacl.findings import kg_findings

            return Report(_located(kg, kg_findings(kg)))
        return Report(_located(kg, _pyshacl_findings(kg)))


def _pyshacl_findings(kg: KnowledgeGraph) -> list[Finding]:
    """The results of pySHACL's report, in no order and without files."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH as SHNS

    shapes = shapes_graph()
    _conforms, results, text = pyshacl.validate(
        _as_rdflib(validation_triples(kg)),
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        allow_warnings=True,
        allow_infos=True,
    )
    if not isinstance(results, rdflib.Graph):
        raise InputError(f"{resources.shapes_dir()}: the shapes cannot be used: {text}")
    owner = {str(ps): str(ns) for ns, ps in shapes.subject_objects(SHNS.property)}

    def one(node: rdflib.term.Node, prop: rdflib.URIRef) -> str | None:
        value = results.value(node, prop)
        return None if value is None else str(value)

    findings: list[Finding] = []
    report = results.value(predicate=rdflib.RDF.type, object=SHNS.ValidationReport)
    # the report's own results: not those nested in them by sh:detail (sh:node, for one)
    for r in results.objects(report, SHNS.result):
        value = results.value(r, SHNS.value)
        shape = one(r, SHNS.sourceShape)
        findings.append(
            Finding(
                focus=one(r, SHNS.focusNode) or "",
                severity=(one(r, SHNS.resultSeverity) or SH + "Violation").removeprefix(SH),
                message=one(r, SHNS.resultMessage) or "",
                path=one(r, SHNS.resultPath),
                value=None if value is None else str(value),
                shape=shape,
                component=(one(r, SHNS.sourceConstraintComponent) or "").removeprefix(SH) or None,
                node_shape=owner.get(shape, shape) if shape else None,
                constraint=one(r, SHNS.sourceConstraint),
                value_term=None if value is None else value.n3(),
            )
        )
    return findings


def ensure_conforms(kg: KnowledgeGraph) -> None:
    """Raise :class:`NonConformingError` when the data has a violation."""
    report = validate(kg)
    if not report.conforms():
        first = report.violations[0]
        raise NonConformingError(
            f"the data does not conform: {len(report.violations)} violation(s); first: "
            f"{first.file or '?'}: <{first.focus}>: {first.message} "
            "(run 'coekg validate' for the full report, or pass --no-validate)"
        )
