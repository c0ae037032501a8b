"""``coekg publish``: the static site, its pages, documents, catalogue, VoID and downloads."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from coekg import namespaces
from coekg.cli import cli
from coekg.errors import OutputError
from coekg.project import bundled as bundled_project
from coekg.publish import publish
from tests.dcat_ap import dcat_ap_violations
from tests.requirements import missing

FIXTURES = Path(__file__).parent / "fixtures" / "publish"
HOSTILE = FIXTURES / "hostile.ttl"
SLUG_PATH = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)+")


def parse_triples(data: bytes, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(data, fmt)]


def described_resources(store: ox.Store) -> set[str]:
    """Every IRI under .../id/ that is the subject of a triple outside the ontology graph."""
    rows = store.query(
        "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(?g != <{namespaces.ONTOLOGY_GRAPH}> && STRSTARTS(STR(?s), '{namespaces.ID}')) }}"
    )
    found = {r["s"].value for r in rows}  # type: ignore[index,union-attr]
    return {i for i in found if SLUG_PATH.fullmatch(i[len(namespaces.ID) :])}


@pytest.fixture(scope="module")
def bundled() -> object:
    return bundled_project().load()


@pytest.fixture(scope="module")
def site(bundled: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled") / "site"
    publish(bundled, out, bundled_project())  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    publish(bundled_project().load([HOSTILE]), out, bundled_project(), "http://127.0.0.1:9/test/")
    return out


class Page(HTMLParser):
    """What the tests read from a page: headings, links, lang attributes, scripts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.alternates: dict[str, str] = {}
        self.scripts: list[tuple[str, str]] = []
        self.html_lang: str | None = None
        self.imgs_without_alt = 0
        self._script: str | None = None
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a.get("type") or ""] = a.get("href") or ""
        if tag == "link" and a.get("rel") == "stylesheet":
            self.hrefs.append(a.get("href") or "")
        if tag == "img" and not a.get("alt"):
            self.imgs_without_alt += 1
        if tag == "script":
            self._script = a.get("type") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------
# Layout and documents
# --------------------------------------------------------------------------------------


def test_site_has_the_contract_layout(site: Path) -> None:
    for name in (
        "index.html",
        "def.html",
        "def.ttl",
        "catalog.ttl",
        ".well-known/void",
        "sitemap.xml",
        "downloads/SHA256SUMS",
        ".htaccess",
        "nginx.conf",
        "context.jsonld",
        "style.css",
        "404.html",
        "robots.txt",
        "browse.html",
    ):
        assert (site / name).is_file(), name
    assert not (site / "w3id.htaccess").exists(), "the default base is w3id.org itself"


def test_every_resource_has_its_three_documents(bundled: object, site: Path) -> None:
    store = bundled.store  # type: ignore[attr-defined]
    resources = described_resources(store)
    assert len(resources) > 10
    for iri in resources:
        stem = site / ("id/" + iri[len(namespaces.ID) :])
        for suffix in (".html", ".ttl", ".jsonld"):
            assert stem.with_name(stem.name + suffix).is_file(), (iri, suffix)
    written = {p.relative_to(site).as_posix()[: -len(".html")] for p in site.glob("id/**/*.html")}
    assert written == {"id/" + i[len(namespaces.ID) :] for i in resources}


def test_resource_documents_hold_what_the_store_says(bundled: object, site: Path) -> None:
    store = bundled.store  # type: ignore[attr-defined]
    for iri in sorted(described_resources(store))[:40]:
        stem = "id/" + iri[len(namespaces.ID) :]
        expected = {
            q.triple
            for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None)
            if q.graph_name != ox.NamedNode(namespaces.ONTOLOGY_GRAPH)
            and not isinstance(q.object, ox.BlankNode)
        }
        turtle = {
            t
            for t in parse_triples((site / f"{stem}.ttl").read_bytes(), ox.RdfFormat.TURTLE)
            if t.subject == ox.NamedNode(iri) and not isinstance(t.object, ox.BlankNode)
        }
        assert turtle == expected, iri
        jsonld = parse_triples(
            json.dumps(_with_inline_context(site, stem)).encode(), ox.RdfFormat.JSON_LD
        )
        assert {
            t
            for t in jsonld
            if t.subject == ox.NamedNode(iri) and not isinstance(t.object, ox.BlankNode)
        } == expected, iri


def _with_inline_context(site: Path, stem: str) -> dict[str, object]:
    """The JSON-LD document with its remote context replaced by the published one."""
    doc = json.loads((site / f"{stem}.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == namespaces.CONTEXT
    doc["@context"] = json.loads((site / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    return doc  # type: ignore[no-any-return]


def test_resource_page_shows_label_class_description_links_and_provenance(
    hostile_site: Path,
) -> None:
    html = (hostile_site / "id/event/closing-tag.html").read_text(encoding="utf-8")
    parsed = Page(html)
    assert parsed.alternates == {
        "text/turtle": "closing-tag.ttl",
        "application/ld+json": "closing-tag.jsonld",
    }
    assert '<a href="../../def.html#Event" lang="en">event</a>' in html
    assert "../../id/project/script-label.html" in parsed.hrefs
    assert "../../id/person/test-person.html" in parsed.hrefs
    provenance = html[html.index('id="provenance"') :]
    assert "../../id/section/test-section.html" in provenance
    assert "Test section &amp; &lt;b&gt;bold&lt;/b&gt;" in provenance
    person = (hostile_site / "id/person/test-person.html").read_text(encoding="utf-8")
    referenced = person[person.index('id="referenced-by"') :]
    assert "../../id/event/closing-tag.html" in referenced
    assert "participant" in referenced
    assert 'lang="es"' in (hostile_site / "id/project/script-label.html").read_text()


# --------------------------------------------------------------------------------------
# Escaping: markup in the data is shown, never run
# --------------------------------------------------------------------------------------


def test_markup_in_labels_is_escaped_everywhere(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert "<b>bold</b>" not in html and "<u>underlined</u>" not in html, path
        assert 'href="javascript:' not in html.lower(), path
        for kind, body in Page(html).scripts:
            assert kind == "application/ld+json", path
            assert "<" not in body and ">" not in body, path
            json.loads(body)
    project = (hostile_site / "id/project/script-label.html").read_text(encoding="utf-8")
    assert '<h1 lang="en">&lt;script&gt;alert(1)&lt;/script&gt; project</h1>' in project
    assert 'href="https://example.org/see?a=1&amp;b=2"' in project
    assert "javascript:alert(3)" in project  # shown as text


def test_json_ld_blocks_survive_a_closing_script_tag(hostile_site: Path) -> None:
    html = (hostile_site / "id/event/closing-tag.html").read_text(encoding="utf-8")
    scripts = Page(html).scripts
    assert len(scripts) == 1
    embedded = json.loads(scripts[0][1])
    document = json.loads((hostile_site / "id/event/closing-tag.jsonld").read_text())
    assert embedded == document
    labels = [
        v["@value"]
        for node in embedded["@graph"]
        for v in node.get("rdfs:label", [])
        if isinstance(v, dict) and "@value" in v
    ]
    assert "Event </script> with \" quotes and ' apostrophes" in labels


# --------------------------------------------------------------------------------------
# Accessibility and links
# --------------------------------------------------------------------------------------


def test_pages_have_one_h1_ordered_headings_and_lang(site: Path, hostile_site: Path) -> None:
    for root in (site, hostile_site):
        for path in root.rglob("*.html"):
            p = page(path)
            assert p.html_lang == "en", path
            assert p.headings.count(1) == 1 and p.headings[0] == 1, path
            for before, after in zip(p.headings, p.headings[1:], strict=False):
                assert after <= before + 1, (path, p.headings)
            assert p.imgs_without_alt == 0, path


def test_every_relative_link_resolves(site: Path) -> None:
    pages = {path: page(path) for path in site.rglob("*.html") if path.name != "404.html"}
    for path, p in pages.items():
        for href in p.hrefs:
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            target, _, fragment = href.partition("#")
            target = target.partition("?")[0]
            resolved = (path.parent / unquote(target)).resolve() if target else path
            if resolved == site.resolve() / "sparql":
                continue  # the SPARQL endpoint, which a server answers (coekg serve does)
            assert resolved.is_file(), (path, href)
            if fragment and resolved.suffix == ".html":
                assert fragment in pages[resolved].ids, (path, href)


# --------------------------------------------------------------------------------------
# Index, ontology documentation, sitemap
# --------------------------------------------------------------------------------------


def test_index_has_schema_org_dataset_for_google(site: Path) -> None:
    scripts = page(site / "index.html").scripts
    assert len(scripts) == 1
    data = json.loads(scripts[0][1])
    assert data["@context"] == "https://schema.org/" and data["@type"] == "Dataset"
    assert data["name"]
    assert 50 <= len(data["description"]) <= 5000
    assert data["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert data["creator"]["@type"] in ("Organization", "Person") and data["creator"]["name"]
    downloads = sorted(p.name for p in (site / "downloads").glob("*.gz"))
    assert sorted(d["contentUrl"].rsplit("/", 1)[1] for d in data["distribution"]) == downloads
    assert all(d["@type"] == "DataDownload" and d["encodingFormat"] for d in data["distribution"])


def test_index_counts_every_class_and_links_every_canned_query(bundled: object, site: Path) -> None:
    from coekg.publish.graphview import curie
    from coekg.query import catalogue

    html = (site / "index.html").read_text(encoding="utf-8")
    parsed = page(site / "index.html")
    for q in catalogue.catalogue(bundled_project().queries):
        assert f"query-{q.name}" in parsed.ids
        assert f"query/{q.name}.html" in parsed.hrefs
        assert str(Markup_escape(q.title)) in html
        assert str(Markup_escape(q.description)) in html
    assert "<table>" not in html.split('id="queries"')[1], "no answer is inlined on the home page"
    store = bundled.store  # type: ignore[attr-defined]
    counts = {
        r["c"].value: int(r["n"].value)  # type: ignore[index,union-attr]
        for r in store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c "
            f"FILTER(STRSTARTS(STR(?s), '{namespaces.ID}')) }} GROUP BY ?c",
            use_default_graph_as_union=True,
        )
    }
    shown = dict(
        re.findall(
            r'<a href="browse.html#class-([^"]+)">[^<]+</a> <span class="count">(\d+)</span>', html
        )
    )
    assert len(shown) >= 20
    checked = 0
    for class_iri, n in counts.items():
        anchor = re.sub(r"[^A-Za-z0-9_-]+", "-", curie(class_iri)).strip("-")
        if anchor in shown:
            assert int(shown[anchor]) == n, class_iri
            checked += 1
    assert checked == len(shown)


def test_browse_page_links_every_resource(bundled: object, site: Path) -> None:
    parsed = page(site / "browse.html")
    store = bundled.store  # type: ignore[attr-defined]
    for iri in described_resources(store):
        assert ("id/" + iri[len(namespaces.ID) :] + ".html") in parsed.hrefs, iri


def Markup_escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_each_canned_query_has_a_page_with_its_answer(bundled: object, site: Path) -> None:
    from coekg.query import catalogue, evaluate

    for q in catalogue.catalogue(bundled_project().queries):
        html = (site / "query" / f"{q.name}.html").read_text(encoding="utf-8")
        assert str(Markup_escape(q.title)) in html
        assert f"<code>{namespaces.QUERY}{q.name}</code>" in html
        if any(p.required for p in q.parameters):
            assert "needs a value for" in html
            continue
        results = evaluate.run(bundled.store, q)  # type: ignore[attr-defined]
        section = html[html.index('id="answer"') :]
        for v in results.variables:
            assert f'<th scope="col">{v}</th>' in section
        assert section.count("<tr>") == min(len(results.rows), 500) + 1, q.name


def test_def_page_documents_every_term_with_usage(bundled: object, site: Path) -> None:
    store = bundled.store  # type: ignore[attr-defined]
    terms = {
        r["t"].value  # type: ignore[index,union-attr]
        for r in store.query(
            "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT DISTINCT ?t WHERE { GRAPH ?g "
            "{ ?t a ?k } VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty "
            f"owl:AnnotationProperty }} FILTER(STRSTARTS(STR(?t), '{namespaces.DEF}')) }}"
        )
    }
    assert terms
    ids = page(site / "def.html").ids
    html = (site / "def.html").read_text(encoding="utf-8")
    for t in terms:
        assert t.removeprefix(namespaces.DEF) in ids, t
    counts = store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(?g != <{namespaces.ONTOLOGY_GRAPH}>) }} GROUP BY ?p"
    )
    usage = {r["p"].value: int(r["n"].value) for r in counts}  # type: ignore[index,union-attr]
    for p, n in usage.items():
        if p in terms:
            anchor = p.removeprefix(namespaces.DEF)
            block = html[html.index(f'id="{anchor}"') :]
            block = block[: block.index("</section>")]
            assert f"{n} triple{'s' if n != 1 else ''}</dd>" in block, p
    ontology = parse_triples((site / "def.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    stored = [
        q.triple
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(namespaces.ONTOLOGY_GRAPH))
    ]
    assert len(set(ontology)) == len(set(stored))

    def named(triples: list[ox.Triple]) -> set[ox.Triple]:
        return {
            t
            for t in triples
            if not isinstance(t.subject, ox.BlankNode | ox.Triple)
            and not isinstance(t.object, ox.BlankNode)
        }

    assert named(ontology) == named(stored)


def test_sitemap_lists_every_page_at_the_base_url(hostile_site: Path) -> None:
    text = (hostile_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", text)
    pages = sorted(
        "http://127.0.0.1:9/test/" + p.relative_to(hostile_site).as_posix()
        for p in hostile_site.rglob("*.html")
        if p.name != "404.html"
    )
    assert locs == pages


# --------------------------------------------------------------------------------------
# Catalogue, VoID, downloads
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["site", "hostile_site"])
def test_catalogue_conforms_to_dcat_ap_3(which: str, request: pytest.FixtureRequest) -> None:
    """The catalogue conforms to the DCAT-AP 3.0.1 shapes in ../shared/conformance."""
    folder: Path = request.getfixturevalue(which)
    assert dcat_ap_violations(folder / "catalog.ttl") is None


def test_catalogue_describes_each_download_truly(site: Path) -> None:
    g = ox.Store()
    g.load((site / "catalog.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    rows = list(
        g.query(
            "PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX spdx: <http://spdx.org/rdf/terms#> "
            "PREFIX dct: <http://purl.org/dc/terms/> "
            "SELECT ?url ?size ?sum ?media WHERE { ?d a dcat:Distribution ; "
            "dcat:downloadURL ?url ; dcat:byteSize ?size ; dcat:mediaType ?media ; "
            "dct:format ?fmt ; "
            "spdx:checksum [ spdx:checksumValue ?sum ; spdx:algorithm ?alg ] . "
            "?media a dct:MediaType . }"
        )
    )
    files = sorted((site / "downloads").glob("*.gz"))
    assert len(rows) == len(files) == 6
    sums = {
        line.split()[1]: line.split()[0]
        for line in (site / "downloads/SHA256SUMS").read_text().splitlines()
    }
    for r in rows:
        name = r["url"].value.rsplit("/", 1)[1]  # type: ignore[index,union-attr]
        data = (site / "downloads" / name).read_bytes()
        assert int(r["size"].value) == len(data)  # type: ignore[index,union-attr]
        assert r["sum"].value == hashlib.sha256(data).hexdigest() == sums[name]  # type: ignore[index,union-attr]
        assert r["media"].value.startswith("https://www.iana.org/assignments/media-types/")  # type: ignore[index,union-attr]
    service = list(
        g.query(
            "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?e WHERE "
            "{ ?s a dcat:DataService ; dcat:endpointURL ?e ; dcat:servesDataset ?d }"
        )
    )
    assert [r["e"].value for r in service] == ["https://w3id.org/coekg/sparql"]  # type: ignore[index,union-attr]


def test_downloads_are_deterministic_gzip_of_every_format(bundled: object, site: Path) -> None:
    from coekg.rdf.export import FORMATS

    names = sorted(p.name for p in (site / "downloads").glob("*.gz"))
    assert names == sorted(f"coekg{suffix}.gz" for _m, suffix, _g in FORMATS.values())
    store = bundled.store  # type: ignore[attr-defined]
    distinct = {q.triple for q in store}
    for name in names:
        raw = (site / "downloads" / name).read_bytes()
        assert raw[4:8] == b"\0\0\0\0", "gzip mtime must be zero"
        fmt = {
            ".ttl": ox.RdfFormat.TURTLE,
            ".nt": ox.RdfFormat.N_TRIPLES,
            ".nq": ox.RdfFormat.N_QUADS,
            ".trig": ox.RdfFormat.TRIG,
            ".rdf": ox.RdfFormat.RDF_XML,
        }.get(name[5:-3])
        if fmt is None:
            continue
        parsed = list(ox.parse(gzip.decompress(raw), fmt))
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            assert len(parsed) == len(store)
        else:
            assert len({q.triple for q in parsed}) == len(distinct)


class _AsWritten:
    """The N-Triples dump read by rdflib, which keeps every literal as written (an Oxigraph
    store would count "43"^^xsd:positiveInteger and "43"^^xsd:integer as one object)."""

    def __init__(self, site: Path) -> None:
        import rdflib

        self.graph = rdflib.Graph()
        self.graph.parse(
            data=gzip.decompress((site / "downloads/coekg.nt.gz").read_bytes()), format="nt"
        )

    def query(self, text: str, **_ignored: object) -> list[dict[str, ox.NamedNode | ox.Literal]]:
        return [
            {str(k): _Plain(str(v)) for k, v in row.asdict().items()}  # type: ignore[union-attr]
            for row in self.graph.query(text)
        ]


class _Plain:
    def __init__(self, value: str) -> None:
        self.value = value


def test_void_statistics_equal_the_real_counts(bundled: object, site: Path) -> None:
    store = _AsWritten(site)

    def one(query: str) -> int:
        return int(next(iter(store.query(query)))["n"].value)

    expected = {
        "triples": one("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"),
        "distinctSubjects": one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"),
        "distinctObjects": one("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "properties": one("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }"),
        "classes": one("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) }"),
        "entities": len(described_resources(bundled.store)),  # type: ignore[attr-defined]
    }
    void = ox.Store()
    void.load((site / ".well-known/void").read_bytes(), ox.RdfFormat.TURTLE)
    V = "http://rdfs.org/ns/void#"
    dataset = ox.NamedNode(namespaces.DATASET)
    for key, value in expected.items():
        got = [q.object.value for q in void.quads_for_pattern(dataset, ox.NamedNode(V + key), None)]
        assert got == [str(value)], key
    partitions = {
        r["p"].value: int(r["n"].value)  # type: ignore[index,union-attr]
        for r in void.query(
            f"SELECT ?p ?n WHERE {{ ?d <{V}propertyPartition> "
            f"[ <{V}property> ?p ; <{V}triples> ?n ] }}"
        )
    }
    real = {
        r["p"].value: int(r["n"].value)  # type: ignore[index,union-attr]
        for r in store.query(
            "SELECT ?p (COUNT(*) AS ?n) "
            "WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } } GROUP BY ?p",
            use_default_graph_as_union=True,
        )
    }
    assert partitions == real
    classes = {
        r["c"].value: int(r["n"].value)  # type: ignore[index,union-attr]
        for r in void.query(
            f"SELECT ?c ?n WHERE {{ ?d <{V}classPartition> [ <{V}class> ?c ; <{V}entities> ?n ] }}"
        )
    }
    real_classes = {
        r["c"].value: int(r["n"].value)  # type: ignore[index,union-attr]
        for r in store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c",
            use_default_graph_as_union=True,
        )
    }
    assert classes == real_classes
    dumps = {
        q.object.value for q in void.quads_for_pattern(dataset, ox.NamedNode(V + "dataDump"), None)
    }
    assert dumps == {
        namespaces.BASE + "downloads/" + p.name for p in (site / "downloads").glob("*.gz")
    }
    assert list(void.quads_for_pattern(dataset, ox.NamedNode(V + "sparqlEndpoint"), None))
    assert list(void.quads_for_pattern(dataset, ox.NamedNode(V + "vocabulary"), None))
    assert list(void.quads_for_pattern(dataset, ox.NamedNode(V + "exampleResource"), None))


def test_context_document_is_the_export_context(site: Path) -> None:
    from coekg.rdf.jsonld_layout import jsonld_context

    assert json.loads((site / "context.jsonld").read_text()) == jsonld_context()


# --------------------------------------------------------------------------------------
# Base URL and web-server rules
# --------------------------------------------------------------------------------------


def test_base_url_rewrites_absolute_links_and_server_rules(hostile_site: Path) -> None:
    catalog = (hostile_site / "catalog.ttl").read_text()
    assert "<http://127.0.0.1:9/test/downloads/coekg.ttl.gz>" in catalog
    assert "<http://127.0.0.1:9/test/sparql>" in catalog
    htaccess = (hostile_site / ".htaccess").read_text()
    assert "RewriteBase /test/\n" in htaccess
    assert "ErrorDocument 404 /test/404.html" in htaccess
    assert "[R=303,L]" in htaccess
    nginx = (hostile_site / "nginx.conf").read_text()
    assert "return 303 /test/$coekg_resource$coekg_resource_suffix;" in nginx
    w3id = (hostile_site / "w3id.htaccess").read_text()
    assert (
        "RewriteRule ^(id/[a-z0-9-]+(?:/[a-z0-9-]+)+)$ http://127.0.0.1:9/test/$1.ttl [R=303,L]"
        in w3id
    )
    html = (hostile_site / "index.html").read_text()
    assert 'href="http://127.0.0.1:9/test/index.html"' in html  # canonical


@pytest.mark.parametrize(
    "bad", ["ftp://example.org/", "example.org", "http://example.org/?q=1", "http://a b/"]
)
def test_bad_base_url_is_a_usage_error(bad: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["publish", "-o", str(tmp_path / "s"), "--no-validate", "--base-url", bad]
    )
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "s").exists()


# --------------------------------------------------------------------------------------
# Determinism and atomic replacement
# --------------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_publishing_twice_gives_identical_bytes(tmp_path: Path) -> None:
    kg = bundled_project().load([HOSTILE])
    out = tmp_path / "site"
    publish(kg, out, bundled_project(), "http://127.0.0.1:9/test/")
    first = _snapshot(out)
    publish(bundled_project().load([HOSTILE]), out, bundled_project(), "http://127.0.0.1:9/test/")
    assert _snapshot(out) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "no temporary folder left"


def test_a_failed_publish_leaves_the_old_site_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coekg.publish import pages

    out = tmp_path / "site"
    publish(bundled_project().load([HOSTILE]), out, bundled_project())
    before = _snapshot(out)

    def disk_full(*args: object, **kwargs: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pages, "index_page", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        publish(bundled_project().load([HOSTILE]), out, bundled_project())
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not empty"):
        publish(bundled_project().load([HOSTILE]), tmp_path, bundled_project())
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# --------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------


def test_cli_publishes_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["publish", "-o", str(out), "--data", str(HOSTILE), "--no-validate"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"published 4 resources (52 files) to {out}\n"
    assert len(_snapshot(out)) == 52


def test_cli_output_that_is_a_file_fails_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(
        cli, ["publish", "-o", str(target), "--data", str(HOSTILE), "--no-validate"]
    )
    assert result.exit_code in (2, 3), result.output
    assert target.read_text() == "x"


def test_cli_bad_input_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    out = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["publish", "-o", str(out), "--data", str(bad), "--no-validate"]
    )
    assert result.exit_code == 3, result.output
    assert f"{bad}:1:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_failed_dump_process_fails_the_publish_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dumps written by a forked process: its error is the publish's error, and the old
    site stays whole."""
    import multiprocessing

    from coekg.publish import dump_process

    if "fork" not in multiprocessing.get_all_start_methods():
        missing("this system does not fork (Linux and macOS do)")
    out = tmp_path / "site"
    publish(bundled_project().load([HOSTILE]), out, bundled_project())
    before = _snapshot(out)

    def disk_full(*args: object, **kwargs: object) -> list[object]:
        raise OSError(28, f"No space left on device (process {os.getpid()})")

    monkeypatch.setattr(dump_process, "FORK_FROM", 0)
    monkeypatch.setattr(dump_process, "core_count", lambda: 2)
    monkeypatch.setattr(dump_process, "write_downloads", disk_full)
    with pytest.raises(OutputError, match="No space left on device") as failed:
        publish(bundled_project().load([HOSTILE]), out, bundled_project(), incremental=False)
    assert f"(process {os.getpid()})" not in str(failed.value), "written by a forked process"
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
