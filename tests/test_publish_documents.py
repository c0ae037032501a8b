"""The published site's RDF documents hold the data exactly as written (issue 13.4), and what
a site must hold wherever it is served: its own context, robots.txt, a 404 page and a SPARQL
form without absolute paths (issue 13.6, the static part)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg import namespaces
from coekg.cli import cli
from coekg.project import bundled as bundled_project
from coekg.publish import publish

BASE = "http://127.0.0.1:9/mirror/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("documents") / "site"
    publish(bundled_project().load(), out, bundled_project(), BASE)
    return out


def _data_graphs(site: Path):  # type: ignore[no-untyped-def]
    """The export's data graphs (not the ontology, not the query catalogue), merged."""
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(
        data=gzip.decompress((site / "downloads/coekg.nq.gz").read_bytes()), format="nquads"
    )
    merged = rdflib.Graph()
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if name.startswith(namespaces.GRAPH) and name not in (
            namespaces.ONTOLOGY_GRAPH,
            namespaces.QUERIES_GRAPH,
        ):
            for t in graph:
                merged.add(t)
    return merged


def _crawl(site: Path):  # type: ignore[no-untyped-def]
    """Every ``id/*/*.ttl`` and ``id/*/*.jsonld`` of the site, merged (offline: the JSON-LD
    documents' context is the site's own file)."""
    import json

    import rdflib

    context = json.loads((site / "context.jsonld").read_text())["@context"]
    merged = rdflib.Graph()
    for path in sorted(site.glob("id/*/*.ttl")):
        merged.parse(path, format="turtle")
    for path in sorted(site.glob("id/*/*.jsonld")):
        doc = json.loads(path.read_text())
        assert doc["@context"] == BASE + "context.jsonld"
        doc["@context"] = context
        merged.parse(data=json.dumps(doc), format="json-ld")
    return merged


def _about(graph, subject):  # type: ignore[no-untyped-def]
    """The triples about ``subject``, with those of the blank nodes it leads to."""
    import rdflib

    out = rdflib.Graph()
    todo, seen = [subject], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            out.add((node, p, o))
            if isinstance(o, rdflib.BNode):
                todo.append(o)
    return out


def test_crawled_documents_hold_each_resource_exactly_as_the_export(site: Path) -> None:
    """Literals keep their datatype and lexical form: "43"^^xsd:positiveInteger stays so."""
    import rdflib
    from rdflib.compare import isomorphic, to_isomorphic

    data = _data_graphs(site)
    crawled = _crawl(site)
    pages = {
        rdflib.URIRef(namespaces.ID + p.relative_to(site / "id").with_suffix("").as_posix())
        for p in site.glob("id/*/*.html")
    }
    assert len(pages) > 200
    for subject in sorted(pages):
        ours, theirs = _about(crawled, subject), _about(data, subject)
        assert len(theirs) > 0, subject
        assert isomorphic(ours, theirs), (
            subject,
            sorted(set(to_isomorphic(ours)) ^ set(to_isomorphic(theirs)))[:5],
        )
    typed = {
        (o.datatype, str(o))
        for o in crawled.objects()
        if isinstance(o, rdflib.Literal) and o.datatype is not None
    }
    written = {
        (o.datatype, str(o))
        for o in data.objects()
        if isinstance(o, rdflib.Literal) and o.datatype is not None
    }
    assert typed <= written, sorted(typed - written)[:5]


def test_no_query_catalogue_triple_in_a_resource_document(site: Path) -> None:
    crawled = _crawl(site)
    catalogue = {str(s) for s in crawled.subjects() if str(s).startswith(namespaces.QUERY)}
    assert catalogue == set()
    for path in site.glob("id/*/*.html"):
        html = path.read_text(encoding="utf-8")
        referenced = html[html.index('id="referenced-by"') : html.index('id="provenance"')]
        assert "sh:defaultValue" not in referenced and "default value" not in referenced, path
        assert "/query/" not in referenced, path


def test_the_crawled_documents_conform(site: Path, tmp_path: Path) -> None:
    merged = tmp_path / "crawled.nt"
    _crawl(site).serialize(merged, format="nt", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(merged)])
    assert result.exit_code == 0, result.output


# --- what works wherever the site is served ---------------------------------------------


def test_robots_txt_names_the_sitemap(site: Path) -> None:
    text = (site / "robots.txt").read_text()
    assert text.splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {BASE}sitemap.xml"]
    assert (site / "sitemap.xml").is_file()


def _links(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', html)


def test_404_page_and_sparql_form_use_no_absolute_path(site: Path) -> None:
    for name in ("404.html", "sparql.html"):
        html = (site / name).read_text(encoding="utf-8")
        for link in _links(html):
            assert not link.startswith("/"), (name, link)
            if not link.startswith(("http://", "https://")):
                target = link.partition("#")[0].partition("?")[0]  # sparql?query=...
                assert target in ("", "sparql") or (site / target).is_file(), (name, link)
    sparql = (site / "sparql.html").read_text(encoding="utf-8")
    assert re.search(r'<form action="sparql" method="get">', sparql), "posts to its own origin"
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="style.css"' in missing and 'href="index.html"' in missing


def test_def_page_documents_every_controlled_value_with_its_anchor(site: Path) -> None:
    import pyoxigraph as ox

    from tests.test_publish import Page

    ids = Page((site / "def.html").read_text(encoding="utf-8")).ids
    ontology = ox.Store()
    ontology.load((site / "def.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    values = {
        r["v"].value  # type: ignore[index,union-attr]
        for r in ontology.query(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
            "SELECT ?v WHERE { { ?v skos:inScheme ?s } UNION { ?v a skos:ConceptScheme } "
            "UNION { ?c owl:oneOf/rdf:rest*/rdf:first ?v } }"
        )
    }
    assert {namespaces.DEF + "Ongoing", namespaces.DEF + "MoreThan"} <= values
    for iri in values:
        assert iri.removeprefix(namespaces.DEF) in ids, iri
    project = (site / "id/project/support-execution-ecthr-judgments.html").read_text()
    assert 'href="../../def.html#Ongoing"' in project


def test_def_page_indexes_every_term(site: Path) -> None:
    html = (site / "def.html").read_text(encoding="utf-8")
    index = html[html.index('id="index"') : html.index('id="classes"')]
    documented = set(re.findall(r'<h[34] id="([A-Za-z][^"]*)"', html[html.index('id="classes"') :]))
    documented -= {a for a in documented if a.startswith("index-")}
    linked = set(re.findall(r'<a href="#([^"]+)">', index))
    assert len(documented) > 140
    assert documented <= linked, sorted(documented - linked)[:10]
