"""The data holds every fact of the source document, and every resource is well described.

* ``test_fact``: one test per fact of ``tests/coverage_facts.py`` (section by section), each an
  ASK query over the union of the named graphs; a fact left out or distorted fails its test.
* ``test_every_section_has_facts``: the fact table walks every section of the source.
* ``test_resource_is_well_described``: every resource under ``https://w3id.org/coekg/id/`` has
  exactly one English label, exactly one class (declared by the ontology), an English
  description and the section of the source it comes from.
* ``test_every_photo_caption_is_an_event``: the captions are counted in the source text itself
  (a short paragraph ending in "(Place, date)") and each must be an event with that place and
  date; needs ``../shared`` (skips without it, fails under CI: ``tests/requirements.py``).
* ``test_literal_datatypes_in_files``: counts, orders, amounts and dates carry the XSD
  datatype the data model asks for (xsd:integer for counts and orders, which every store
  keeps as written), read from the files themselves.
* ``test_descriptions_are_not_copied``: no description repeats eight words in a row of the
  source (descriptions are written in our own words); needs ``../shared``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from coekg import resources
from coekg.project import bundled
from coekg.rdf.dataset import KnowledgeGraph
from tests.coverage_facts import FACTS, PROLOGUE, Fact
from tests.requirements import source_text

ID = "https://w3id.org/coekg/id/"
ONTOLOGY_GRAPH = "https://w3id.org/coekg/graph/ontology"
DEF = "https://w3id.org/coekg/def#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_DATATYPES = {
    "count": {"integer"},
    "accessionOrder": {"integer"},
    "sectionOrder": {"integer"},
    "amount": {"decimal"},
    "photoCaption": {"boolean"},
    **{
        date: {"date", "gYearMonth", "gYear"}
        for date in (
            "date", "startDate", "endDate", "launchDate", "accessionDate", "actionDate",
            "attestedOn", "asOf",
        )
    },
}  # fmt: skip

_CAPTION = re.compile(r"^(?P<text>.+) \((?P<place>[A-Z][a-z]+), (?P<when>[^()]*\d{4})\)$")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return bundled().load()


def ask(store: ox.Store, pattern: str) -> bool:
    result = store.query(f"{PROLOGUE}ASK {{\n{pattern}\n}}", use_default_graph_as_union=True)
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def select(store: ox.Store, query: str) -> Iterator[ox.QuerySolution]:
    result = store.query(PROLOGUE + query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    yield from result


# --------------------------------------------------------------------------- facts


@pytest.mark.parametrize("fact", FACTS, ids=[f.name for f in FACTS])
def test_fact(kg: KnowledgeGraph, fact: Fact) -> None:
    assert ask(kg.store, fact.pattern), f"[{fact.section}] not in the graph: {fact.pattern}"


def test_fact_names_are_unique() -> None:
    names = [f.name for f in FACTS]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_every_section_has_facts(kg: KnowledgeGraph) -> None:
    sections = {
        str(row["s"].value).removeprefix(ID + "section/")
        for row in select(kg.store, "SELECT ?s WHERE { ?s a coekg:DocumentSection }")
    }
    # the two chapter headings have no text of their own; their facts are their subsections'
    with_text = sections - {"human-rights", "democracy"}
    covered = {f.section for f in FACTS}
    assert covered <= sections, f"facts cite unknown sections: {sorted(covered - sections)}"
    assert with_text <= covered, f"sections without facts: {sorted(with_text - covered)}"


# --------------------------------------------------------------------------- resources


def _data_resources(kg: KnowledgeGraph) -> list[str]:
    graphs = " ".join(f"<{g}>" for g in kg.graphs("data"))
    query = f"""
        SELECT DISTINCT ?x WHERE {{
          VALUES ?g {{ {graphs} }}
          GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }}
          FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{ID}"))
        }} ORDER BY ?x"""
    return [str(row["x"].value) for row in select(kg.store, query)]


def _problems(store: ox.Store, iri: str) -> list[str]:
    node = f"<{iri}>"
    problems: list[str] = []
    labels = [row["l"] for row in select(store, f"SELECT ?l WHERE {{ {node} rdfs:label ?l }}")]
    english = [lab for lab in labels if isinstance(lab, ox.Literal) and lab.language == "en"]
    if len(labels) != 1 or len(english) != 1:
        problems.append(f"{len(labels)} labels, {len(english)} in English (want exactly 1)")
    types = [str(row["t"].value) for row in select(store, f"SELECT ?t WHERE {{ {node} a ?t }}")]
    if len(types) != 1:
        problems.append(f"{len(types)} classes {sorted(types)} (want exactly 1)")
    for t in types:
        declared = f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{t}> a owl:Class }} }}"
        if not store.query(PROLOGUE + declared):
            problems.append(f"class {t} is not declared by the ontology")
    if not ask(store, f'{node} dcterms:description ?d . FILTER(LANGMATCHES(LANG(?d), "en"))'):
        problems.append("no English dcterms:description")
    if not ask(store, f"{node} coekg:sourceSection ?s . ?s a coekg:DocumentSection ."):
        problems.append("no coekg:sourceSection naming a coekg:DocumentSection")
    return problems


def test_resource_is_well_described(kg: KnowledgeGraph) -> None:
    resources = _data_resources(kg)
    assert len(resources) > 200, "the data should describe a few hundred resources"
    report = {iri: p for iri in resources if (p := _problems(kg.store, iri))}
    assert not report, "\n".join(f"{iri}: {'; '.join(p)}" for iri, p in report.items())


def test_literal_datatypes_in_files() -> None:
    wrong = []
    seen = 0
    for path in resources.rdf_files(resources.data_dir()):
        for triple in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            name = triple.predicate.value.removeprefix(DEF)
            if name in _DATATYPES and triple.predicate.value.startswith(DEF):
                seen += 1
                value = triple.object
                kind = (
                    value.datatype.value.removeprefix(XSD)
                    if isinstance(value, ox.Literal)
                    else None
                )
                if kind not in _DATATYPES[name]:
                    wrong.append(f"{path.name}: {triple.subject} coekg:{name} {value}")
    assert seen > 100, "expected well over a hundred dated or counted values"
    assert not wrong, "literals with the wrong datatype:\n" + "\n".join(wrong)


# --------------------------------------------------------------------------- source text


def _source_text() -> str:
    return source_text()


def _caption_dates(when: str) -> str:
    """The date pattern of an event for a caption's date as written in the source."""
    parts = when.split()
    year = int(parts[-1])
    month = _MONTHS[parts[-2]]
    if len(parts) == 2:  # "June 2014"
        return f'coekg:date "{year:04d}-{month:02d}"^^xsd:gYearMonth'
    if "-" in parts[0]:  # "19-21 June 2022"
        start, end = (int(d) for d in parts[0].split("-"))
        return (
            f'coekg:startDate "{year:04d}-{month:02d}-{start:02d}"^^xsd:date ; '
            f'coekg:endDate "{year:04d}-{month:02d}-{end:02d}"^^xsd:date'
        )
    return f'coekg:date "{year:04d}-{month:02d}-{int(parts[0]):02d}"^^xsd:date'


def captions(text: str) -> list[tuple[str, str, str]]:
    """(caption text, place, date) of every photo caption: a paragraph ending "(Place, date)"."""
    found = []
    for line in text.splitlines():
        match = _CAPTION.match(line.strip())
        if match:
            found.append((match["text"], match["place"], match["when"]))
    return found


def test_caption_parser_reads_the_three_date_forms() -> None:
    sample = (
        "Address of someone (Strasbourg, 25 January 2001)\n"
        "Signing a book (Strasbourg, January 2001)\n"
        "A training (Baku, 19-21 June 2022)\n"
        "Body text that mentions (ECtHR) but is not a caption.\n"
    )
    found = captions(sample)
    assert [c[1:] for c in found] == [
        ("Strasbourg", "25 January 2001"),
        ("Strasbourg", "January 2001"),
        ("Baku", "19-21 June 2022"),
    ]
    assert _caption_dates("January 2001") == 'coekg:date "2001-01"^^xsd:gYearMonth'
    assert _caption_dates("19-21 June 2022") == (
        'coekg:startDate "2022-06-19"^^xsd:date ; coekg:endDate "2022-06-21"^^xsd:date'
    )


def test_every_photo_caption_is_an_event(kg: KnowledgeGraph) -> None:
    found = captions(_source_text())
    assert len(found) >= 18, f"expected the source's 18 captions, parsed {len(found)}"
    matched: set[str] = set()
    missing = []
    for text, place, when in found:
        query = f"""
            SELECT ?e WHERE {{
              ?e coekg:photoCaption true ; coekg:place ?p ; {_caption_dates(when)} .
              ?p rdfs:label "{place}"@en .
            }} ORDER BY ?e"""
        events = [str(row["e"].value) for row in select(kg.store, query)]
        free = [e for e in events if e not in matched]
        if not free:
            missing.append(f"{text} ({place}, {when})")
        else:
            matched.add(free[0])
    assert not missing, "captions without an event:\n" + "\n".join(missing)
    flagged = {
        str(row["e"].value)
        for row in select(kg.store, "SELECT ?e WHERE { ?e coekg:photoCaption true }")
    }
    assert flagged == matched, (
        f"events flagged as captions but not in the source: {flagged - matched}"
    )


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _shingles(text: str, names: list[str], n: int) -> set[tuple[str, ...]]:
    """Runs of ``n`` words of ``text``; the names in ``names`` break runs (names may repeat)."""
    chunks = [f" {_words(text)} "]
    for name in names:
        chunks = [piece for chunk in chunks for piece in chunk.split(f" {name} ")]
    out: set[tuple[str, ...]] = set()
    for chunk in chunks:
        words = chunk.split()
        out.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return out


def test_descriptions_are_not_copied(kg: KnowledgeGraph) -> None:
    text = _source_text()
    query = """SELECT DISTINCT ?n WHERE {
        { ?x rdfs:label ?n } UNION { ?x skos:altLabel ?n } UNION { ?x dcterms:title ?n } }"""
    names = sorted(
        {w for row in select(kg.store, query) if " " in (w := _words(str(row["n"].value)))},
        key=len,
        reverse=True,
    )
    source = _shingles(text, names, 8)
    copied = []
    for row in select(kg.store, "SELECT ?x ?d WHERE { ?x dcterms:description ?d }"):
        subject, description = row["x"], str(row["d"].value)
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(ID):
            common = _shingles(description, names, 8) & source
            if common:
                copied.append(f"{subject.value}: '{' '.join(sorted(common)[0])} ...'")
    assert not copied, "descriptions repeating the source word for word:\n" + "\n".join(copied)
