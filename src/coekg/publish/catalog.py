"""``catalog.ttl``: a DCAT-AP 3 catalogue of the dataset, its downloads and SPARQL service.

Every referenced thing states its class, as the DCAT-AP SHACL shapes check with
``sh:class``. Controlled values come from the EU authority tables (licence, language,
country, themes, file types) and the IANA media-types registry. Nodes of the catalogue are
fragments of the catalogue document itself, so each of them resolves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.publish import metadata as md
from coekg.publish.graphview import DCTERMS, RDF_TYPE, RDFS, XSD

if TYPE_CHECKING:
    import pyoxigraph as ox

    from coekg.publish.downloads import Download
    from coekg.publish.metadata import DatasetInfo

DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = md.EU + "file-type/"
PATH = "catalog.ttl"


class _Triples:
    """Collects triples; IRIs as strings, literals made with :meth:`lit`."""

    def __init__(self) -> None:
        self.items: list[ox.Triple] = []

    def add(self, s: str, p: str, o: str | ox.Literal) -> None:
        import pyoxigraph as ox

        obj = ox.NamedNode(o) if isinstance(o, str) else o
        self.items.append(ox.Triple(ox.NamedNode(s), ox.NamedNode(p), obj))

    def a(self, s: str, *classes: str) -> None:
        for c in classes:
            self.add(s, RDF_TYPE, c)


def lit(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    import pyoxigraph as ox

    if lang:
        return ox.Literal(value, language=lang)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def catalog_triples(info: DatasetInfo, downloads: list[Download]) -> list[ox.Triple]:
    doc = info.url(PATH)
    catalog, publisher, contact = doc + "#catalog", doc + "#publisher", doc + "#contact"
    service, sparql = doc + "#sparql-service", info.sparql_url
    dataset = namespaces.DATASET
    g = _Triples()

    g.a(catalog, DCAT + "Catalog")
    g.add(catalog, DCTERMS + "title", lit(f"{info.title}: catalogue", lang="en"))
    g.add(
        catalog,
        DCTERMS + "description",
        lit(f"The datasets and data services of {info.title}.", lang="en"),
    )
    g.add(catalog, DCTERMS + "publisher", publisher)
    g.add(catalog, DCAT + "dataset", dataset)
    g.add(catalog, DCAT + "service", service)
    g.add(catalog, FOAF + "homepage", info.url("index.html"))
    g.add(catalog, DCTERMS + "language", md.LANGUAGE_EU)
    g.add(catalog, DCTERMS + "license", md.LICENCE_EU)
    g.add(catalog, DCTERMS + "spatial", md.COUNTRY_EU)
    g.add(catalog, DCAT + "themeTaxonomy", md.THEME_SCHEME)

    g.a(publisher, FOAF + "Agent", FOAF + "Organization")
    g.add(publisher, FOAF + "name", lit(md.PUBLISHER, lang="en"))
    g.add(publisher, FOAF + "homepage", info.url("index.html"))
    g.a(contact, VCARD + "Kind", VCARD + "Organization")
    g.add(contact, VCARD + "fn", lit(md.PUBLISHER, lang="en"))
    g.add(contact, VCARD + "hasURL", info.url("index.html"))

    g.a(dataset, DCAT + "Dataset")
    g.add(dataset, DCTERMS + "title", lit(info.title, lang="en"))
    g.add(dataset, DCTERMS + "description", lit(info.description, lang="en"))
    g.add(dataset, DCTERMS + "identifier", lit(dataset))
    g.add(dataset, DCTERMS + "publisher", publisher)
    g.add(dataset, DCTERMS + "creator", publisher)
    g.add(dataset, DCAT + "contactPoint", contact)
    g.add(dataset, DCAT + "landingPage", info.url("index.html"))
    g.add(dataset, DCTERMS + "language", md.LANGUAGE_EU)
    g.add(dataset, DCTERMS + "spatial", md.COUNTRY_EU)
    g.add(dataset, DCTERMS + "conformsTo", namespaces.BASE + "def")
    for keyword in md.KEYWORDS:
        g.add(dataset, DCAT + "keyword", lit(keyword, lang="en"))
    for theme, label in md.THEMES.items():
        g.add(dataset, DCAT + "theme", theme)
        g.a(theme, SKOS + "Concept")
        g.add(theme, SKOS + "prefLabel", lit(label, lang="en"))
        g.add(theme, SKOS + "inScheme", md.THEME_SCHEME)
    g.a(md.THEME_SCHEME, SKOS + "ConceptScheme")
    g.add(md.THEME_SCHEME, DCTERMS + "title", lit(md.THEME_SCHEME_TITLE, lang="en"))
    provenance = doc + "#provenance"
    g.add(dataset, DCTERMS + "provenance", provenance)
    g.a(provenance, DCTERMS + "ProvenanceStatement")
    g.add(
        provenance,
        RDFS + "label",
        lit(
            f"Every fact is taken from “{md.SOURCE_TITLE}”, published by the "
            f"{md.SOURCE_PUBLISHER} (2022), and cites the section it comes from.",
            lang="en",
        ),
    )
    if info.first_date and info.last_date:
        period = doc + "#temporal"
        g.add(dataset, DCTERMS + "temporal", period)
        g.a(period, DCTERMS + "PeriodOfTime")
        g.add(period, DCAT + "startDate", lit(info.first_date, XSD + "date"))
        g.add(period, DCAT + "endDate", lit(info.last_date, XSD + "date"))

    for d in downloads:
        dist = f"{doc}#download-{d.fmt}"
        url = info.url(d.path)
        g.add(dataset, DCAT + "distribution", dist)
        g.a(dist, DCAT + "Distribution")
        g.add(dist, DCTERMS + "title", lit(f"{info.title} ({d.title}, gzip)", lang="en"))
        graphs = "with its named graphs" if d.keeps_graphs else "as one graph"
        g.add(
            dist,
            DCTERMS + "description",
            lit(f"The whole dataset in {d.title}, {graphs}, gzip-compressed.", lang="en"),
        )
        g.add(dist, DCAT + "accessURL", url)
        g.add(dist, DCAT + "downloadURL", url)
        g.add(dist, DCAT + "mediaType", IANA + d.media_type)
        g.a(IANA + d.media_type, DCTERMS + "MediaType")
        g.add(dist, DCAT + "compressFormat", IANA + "application/gzip")
        g.add(dist, DCTERMS + "format", FILE_TYPE + d.file_type)
        g.a(FILE_TYPE + d.file_type, DCTERMS + "MediaTypeOrExtent")
        g.add(dist, DCAT + "byteSize", lit(str(d.size), XSD + "nonNegativeInteger"))
        g.add(dist, DCTERMS + "license", md.LICENCE_EU)
        checksum = f"{dist}-sha256"
        g.add(dist, SPDX + "checksum", checksum)
        g.a(checksum, SPDX + "Checksum")
        g.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        g.add(checksum, SPDX + "checksumValue", lit(d.sha256, XSD + "hexBinary"))
    g.a(SPDX + "checksumAlgorithm_sha256", SPDX + "ChecksumAlgorithm")
    g.a(IANA + "application/gzip", DCTERMS + "MediaType")

    endpoint_dist = doc + "#sparql"
    g.add(dataset, DCAT + "distribution", endpoint_dist)
    g.a(endpoint_dist, DCAT + "Distribution")
    g.add(endpoint_dist, DCTERMS + "title", lit(f"{info.title} (SPARQL endpoint)", lang="en"))
    g.add(
        endpoint_dist,
        DCTERMS + "description",
        lit("Query the dataset live with SPARQL 1.1 (read-only).", lang="en"),
    )
    g.add(endpoint_dist, DCAT + "accessURL", sparql)
    g.add(endpoint_dist, DCAT + "accessService", service)
    g.add(endpoint_dist, DCTERMS + "license", md.LICENCE_EU)

    g.a(service, DCAT + "DataService")
    g.add(service, DCTERMS + "title", lit(f"{info.title}: SPARQL endpoint", lang="en"))
    g.add(
        service,
        DCTERMS + "description",
        lit(
            "A read-only SPARQL 1.1 Protocol endpoint over the whole dataset; results as "
            "JSON, XML, CSV or TSV.",
            lang="en",
        ),
    )
    g.add(service, DCAT + "endpointURL", sparql)
    g.add(service, DCAT + "endpointDescription", sparql)
    g.a(sparql, RDFS + "Resource")
    g.add(service, DCAT + "servesDataset", dataset)
    g.add(service, DCTERMS + "publisher", publisher)
    g.add(service, DCAT + "contactPoint", contact)
    g.add(service, DCTERMS + "license", md.LICENCE_EU)
    for keyword in ("SPARQL", *md.KEYWORDS[:2]):
        g.add(service, DCAT + "keyword", lit(keyword, lang="en"))

    g.a(md.LICENCE_EU, DCTERMS + "LicenseDocument")
    g.a(md.LANGUAGE_EU, DCTERMS + "LinguisticSystem")
    g.a(md.COUNTRY_EU, DCTERMS + "Location")
    g.a(info.url("index.html"), FOAF + "Document")
    g.a(namespaces.BASE + "def", DCTERMS + "Standard")
    return g.items
