"""The project file's identity in what ``coekg publish`` writes (issue 16), read as portals
read it: the official DCAT-AP 3.0.1 shapes, and the fields CKAN's DCAT harvester takes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg import namespaces, project
from coekg.cli import cli
from tests.dcat_ap import dcat_ap_violations

ROOT = Path(__file__).resolve().parents[1]
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
ADMS = "http://www.w3.org/ns/adms#"

PROJECT_FILE = """
[site]
base-url = "https://data.example.org/coe"

[dataset]
title = { en = "Co-operation data", fr = "Données de coopération" }
description.en = "What the Council of Europe did with Azerbaijan."
description.fr = "Ce que le Conseil de l'Europe a fait avec l'Azerbaïdjan."
keywords = { en = ["co-operation"], fr = ["coopération"] }
languages = ["en", "fr"]
issued = 2026-11-01
modified = 2026-12-01
version = "2026.12"
version-notes = { en = "Second edition." }

[publisher]
name = "Example Data Office"
iri = "https://example.org/data-office"
type = "NonProfitOrganisation"

[contact]
name = "Data desk"
email = "data@example.org"
url = "https://example.org/contact"
"""


def _project(folder: Path, text: str | None) -> Path:
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    if text is not None:
        (folder / "coekg.toml").write_text(text, encoding="utf-8")
    return folder


def _publish(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Path:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["publish", "-o", "site", *args])
    assert result.exit_code == 0, result.output
    return folder / "site"


def _catalogue(site: Path):  # type: ignore[no-untyped-def]
    """The catalogue as CKAN's harvester reads it: rdflib's Turtle parser."""
    import rdflib

    return rdflib.Graph().parse(site / "catalog.ttl", format="turtle")


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _project(tmp_path_factory.mktemp("configured"), PROJECT_FILE)
    with pytest.MonkeyPatch.context() as mp:
        return _publish(folder, mp)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of this repository, with the coekg.toml it ships."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        out = tmp_path_factory.mktemp("shipped") / "site"
        result = CliRunner().invoke(cli, ["publish", "-o", str(out)])
        assert result.exit_code == 0, result.output
        return out


def test_the_catalogue_says_what_the_project_file_says(configured: Path) -> None:
    import rdflib
    from rdflib import Literal, URIRef

    g = _catalogue(configured)
    R = rdflib.Namespace
    dcat, dct, foaf, vcard, adms = R(DCAT), R(DCT), R(FOAF), R(VCARD), R(ADMS)
    dataset = URIRef(namespaces.DATASET)
    [catalog] = list(g.subjects(rdflib.RDF.type, dcat.Catalog))
    for node in (catalog, dataset):
        assert g.value(node, dct.issued) == Literal("2026-11-01", datatype=rdflib.XSD.date)
        assert g.value(node, dct.modified) == Literal("2026-12-01", datatype=rdflib.XSD.date)
    assert g.value(dataset, dcat.version) == Literal("2026.12")
    assert g.value(dataset, adms.versionNotes) == Literal("Second edition.", lang="en")
    assert set(g.objects(dataset, dct.title)) == {
        Literal("Co-operation data", lang="en"),
        Literal("Données de coopération", lang="fr"),
    }
    assert set(g.objects(dataset, dcat.keyword)) == {
        Literal("co-operation", lang="en"),
        Literal("coopération", lang="fr"),
    }
    eu = "http://publications.europa.eu/resource/authority/language/"
    assert set(g.objects(dataset, dct.language)) == {URIRef(eu + "ENG"), URIRef(eu + "FRA")}
    publisher = g.value(dataset, dct.publisher)
    assert publisher == URIRef("https://example.org/data-office")
    assert g.value(publisher, foaf.name) == Literal("Example Data Office")
    kind = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
    assert g.value(publisher, dct.type) == kind
    assert (kind, rdflib.RDF.type, rdflib.SKOS.Concept) in g
    contact = g.value(dataset, dcat.contactPoint)
    assert g.value(contact, vcard.hasEmail) == URIRef("mailto:data@example.org")
    assert g.value(contact, vcard.hasURL) == URIRef("https://example.org/contact")
    assert g.value(contact, vcard.fn) == Literal("Data desk")
    assert g.value(dataset, dcat.landingPage) == URIRef("https://data.example.org/coe/index.html")
    html = (configured / "index.html").read_text(encoding="utf-8")
    assert '<a href="mailto:data@example.org">data@example.org</a>' in html
    assert "Example Data Office" in html and "Non profit organisation" in html
    assert "Example Data Office (2026). Co-operation data, version 2026.12" in html
    assert 'href="https://data.example.org/coe/index.html"' in html


def test_base_url_on_the_command_line_overrides_the_project_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path, PROJECT_FILE)
    site = _publish(folder, monkeypatch, "--base-url", "http://127.0.0.1:9/other/")
    catalog = (site / "catalog.ttl").read_text()
    assert "<http://127.0.0.1:9/other/downloads/coekg.ttl.gz>" in catalog
    assert "data.example.org" not in catalog
    doc = (site / "id/state/azerbaijan.jsonld").read_text()
    assert '"@context": "http://127.0.0.1:9/other/context.jsonld"' in doc


def test_a_bad_project_file_stops_publish_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _project(tmp_path, "[publisher]\nname = 'x'\ntype = 'Charity'\n")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["publish", "-o", "site"])
    assert result.exit_code == 3
    assert result.output.startswith("coekg: error: coekg.toml:3: publisher.type: ")
    assert not (folder / "site").exists()


@pytest.mark.parametrize("which", ["configured", "shipped"])
def test_both_catalogues_conform_to_dcat_ap_3(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    assert dcat_ap_violations(site / "catalog.ttl") is None


@pytest.mark.parametrize("which", ["configured", "shipped"])
def test_a_ckan_harvester_finds_the_dataset_and_every_download(
    which: str, request: pytest.FixtureRequest
) -> None:
    """What ckanext-dcat's DCAT-AP 3 profile reads (``euro_dcat_ap_base._parse_dataset_base``,
    ckanext-dcat 2.4): ckanext-dcat needs a CKAN installation, so its reading is done here
    with the same parser (rdflib) and the same properties, field by field."""
    import hashlib

    import rdflib
    from rdflib import URIRef

    site: Path = request.getfixturevalue(which)
    g = _catalogue(site)
    R = rdflib.Namespace
    dcat, dct, foaf, vcard, spdx = R(DCAT), R(DCT), R(FOAF), R(VCARD), R(SPDX)
    datasets = list(g.subjects(rdflib.RDF.type, dcat.Dataset))  # RDFParser._datasets()
    assert datasets == [URIRef(namespaces.DATASET)]
    dataset = datasets[0]
    ckan = {
        "title": g.value(dataset, dct.title),
        "notes": g.value(dataset, dct.description),
        "url": g.value(dataset, dcat.landingPage),
        "version": g.value(dataset, dcat.version),
        "issued": g.value(dataset, dct.issued),
        "modified": g.value(dataset, dct.modified),
        "tags": list(g.objects(dataset, dcat.keyword)),
        "publisher_name": g.value(g.value(dataset, dct.publisher), foaf.name),
        "publisher_type": g.value(g.value(dataset, dct.publisher), dct.type),
        "contact_name": g.value(g.value(dataset, dcat.contactPoint), vcard.fn),
    }
    assert all(ckan.values()), ckan
    resources = []
    for distribution in g.objects(dataset, dcat.distribution):  # _distributions()
        url = g.value(distribution, dcat.downloadURL) or g.value(distribution, dcat.accessURL)
        checksum = g.value(distribution, spdx.checksum)
        resources.append(
            {
                "url": str(url),
                "download_url": g.value(distribution, dcat.downloadURL),
                "license": g.value(distribution, dct.license),
                "hash": g.value(checksum, spdx.checksumValue) if checksum else None,
                "hash_algorithm": g.value(checksum, spdx.algorithm) if checksum else None,
                "size": g.value(distribution, dcat.byteSize),
            }
        )
    downloads = sorted((site / "downloads").glob("*.gz"))
    dumps = [r for r in resources if r["download_url"] is not None]
    assert len(dumps) == len(downloads) == 6
    assert len(resources) == 7  # and the SPARQL endpoint
    base = str(ckan["url"]).removesuffix("index.html")
    for r in dumps:
        path = site / r["url"].removeprefix(base)
        data = path.read_bytes()
        assert str(r["hash"]) == hashlib.sha256(data).hexdigest(), r
        assert str(r["hash_algorithm"]).endswith("checksumAlgorithm_sha256")
        assert int(r["size"]) == len(data)  # type: ignore[arg-type]
    licence = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
    assert {str(r["license"]) for r in resources} == {licence}


def test_the_shipped_project_file_describes_this_repository_truthfully() -> None:
    identity = project.at(ROOT).identity
    assert identity.publisher_name == "The coekg developers"
    assert "Council of Europe" not in identity.publisher_name
    assert identity.publisher_iri is None, "the developers have no organisation IRI"
    assert identity.publisher_type == "http://purl.org/adms/publishertype/PrivateIndividual(s)"
    assert identity.contact_email is None, "no e-mail address exists: none is invented"
    description = identity.description["en"]
    assert "not by the Council of Europe" in description
    assert "Council of Europe Office in Baku" in description
    assert identity.version == "0.1.0"
    assert identity.issued and identity.modified and identity.issued <= identity.modified
    assert project.bundled().identity == identity, "the package carries the same identity"


def test_the_shipped_site_says_who_publishes_and_that_no_contact_is_published(
    shipped: Path,
) -> None:
    html = (shipped / "index.html").read_text(encoding="utf-8")
    assert "The coekg developers" in html
    assert "No contact address is published." in html
    assert "Private individual(s)" in html
    g = _catalogue(shipped)
    import rdflib

    contact = rdflib.URIRef(namespaces.BASE + "catalog.ttl#contact")
    assert g.value(contact, rdflib.URIRef(VCARD + "hasEmail")) is None
    assert str(g.value(contact, rdflib.URIRef(VCARD + "fn"))) == "The coekg developers"
