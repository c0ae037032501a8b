"""``catalog.ttl``: a DCAT-AP 3 catalogue of the dataset, its downloads and SPARQL service.

The publisher, contact point, titles, licence, languages, dates and version come from the
project file (:class:`coekg.project.Identity`), the provenance from the source documents the
data describes. Every referenced thing states its class, as the DCAT-AP SHACL shapes check with
``sh:class``. Controlled values come from the EU authority tables (licence, language,
country, themes, file types) and the IANA media-types registry. Nodes of the catalogue are
fragments of the catalogue document itself, so each of them resolves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.project import EU
from coekg.publish import metadata as md
from coekg.publish.graphview import DCTERMS, RDF_TYPE, RDFS, XSD

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pyoxigraph as ox

    from coekg.publish.downloads import Download
    from coekg.publish.metadata import DatasetInfo

DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = EU + "file-type/"
ADMS = "http://www.w3.org/ns/adms#"
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


def _texts(g: _Triples, subject: str, predicate: str, texts: Mapping[str, str]) -> None:
    for lang, text in sorted(texts.items()):
        g.add(subject, predicate, lit(text, lang=lang))


def _agents(g: _Triples, info: DatasetInfo, doc: str) -> tuple[str, str]:
    """The publisher (an agent with its ADMS type) and the contact point; their IRIs."""
    i = info.identity
    publisher = i.publisher_iri or doc + "#publisher"
    g.a(publisher, FOAF + "Agent")
    g.add(publisher, FOAF + "name", lit(i.publisher_name))
    if i.publisher_type:
        g.add(publisher, DCTERMS + "type", i.publisher_type)
        g.a(i.publisher_type, SKOS + "Concept")
        g.add(
            i.publisher_type,
            SKOS + "prefLabel",
            lit(md.publisher_type_label(i.publisher_type), lang="en"),
        )
    contact = doc + "#contact"
    g.a(contact, VCARD + "Kind")
    g.add(contact, VCARD + "fn", lit(i.contact_name or i.publisher_name))
    if i.contact_email:
        g.add(contact, VCARD + "hasEmail", "mailto:" + i.contact_email)
    if i.contact_url:
        g.add(contact, VCARD + "hasURL", i.contact_url)
    return publisher, contact


def _edition(g: _Triples, subject: str, info: DatasetInfo) -> None:
    """Release and modification dates (from the project file, never the clock)."""
    if info.identity.issued:
        g.add(subject, DCTERMS + "issued", lit(info.identity.issued, XSD + "date"))
    if info.identity.modified:
        g.add(subject, DCTERMS + "modified", lit(info.identity.modified, XSD + "date"))


def catalog_triples(info: DatasetInfo, downloads: list[Download]) -> list[ox.Triple]:
    """The DCAT-AP 3 catalogue: every mandatory and recommended property we have a value for."""
    i = info.identity
    doc = info.url(PATH)
    catalog, service, sparql = doc + "#catalog", doc + "#sparql-service", info.sparql_url
    dataset = namespaces.DATASET
    home = info.url("index.html")
    licence = i.licence
    g = _Triples()
    publisher, contact = _agents(g, info, doc)

    g.a(catalog, DCAT + "Catalog")
    _texts(g, catalog, DCTERMS + "title", {k: f"{v}: catalogue" for k, v in i.title.items()})
    _texts(
        g,
        catalog,
        DCTERMS + "description",
        {k: f"The datasets and data services of {v}." for k, v in i.title.items()},
    )
    g.add(catalog, DCTERMS + "publisher", publisher)
    g.add(catalog, DCAT + "dataset", dataset)
    g.add(catalog, DCAT + "service", service)
    g.add(catalog, FOAF + "homepage", home)
    for language in info.language_iris:
        g.add(catalog, DCTERMS + "language", language)
    g.add(catalog, DCTERMS + "license", licence)
    g.add(catalog, DCTERMS + "spatial", md.COUNTRY_EU)
    g.add(catalog, DCAT + "themeTaxonomy", md.THEME_SCHEME)
    _edition(g, catalog, info)

    _dataset(g, info, dataset, doc, home, (publisher, contact), downloads)

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
    g.add(endpoint_dist, DCTERMS + "license", licence)

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
    g.add(service, DCTERMS + "license", licence)
    g.add(service, DCAT + "landingPage", info.url("sparql.html"))
    for keyword in ("SPARQL", *info.keywords[:2]):
        g.add(service, DCAT + "keyword", lit(keyword, lang="en"))

    g.a(info.url("sparql.html"), FOAF + "Document")
    return g.items


def dataset_triples(
    info: DatasetInfo, downloads: list[Download], dataset: str, doc: str, landing_page: str
) -> list[ox.Triple]:
    """``dataset`` described alone in the document at ``doc`` (an edition of the dataset, in
    its release's folder): the same properties as the catalogue's dataset, its publisher and
    contact point, one distribution per download, and the classes of what it references."""
    g = _Triples()
    agents = _agents(g, info, doc)
    _dataset(g, info, dataset, doc, landing_page, agents, downloads)
    return g.items


def _dataset(
    g: _Triples,
    info: DatasetInfo,
    dataset: str,
    doc: str,
    home: str,
    agents: tuple[str, str],
    downloads: list[Download],
) -> None:
    """The dataset, its distributions (one per download) and the classes of what they name."""
    i = info.identity
    licence = i.licence
    publisher, contact = agents
    g.a(dataset, DCAT + "Dataset")
    _texts(g, dataset, DCTERMS + "title", i.title)
    _texts(g, dataset, DCTERMS + "description", i.description)
    g.add(dataset, DCTERMS + "identifier", lit(dataset))
    g.add(dataset, DCTERMS + "publisher", publisher)
    g.add(dataset, DCTERMS + "creator", publisher)
    g.add(dataset, DCAT + "contactPoint", contact)
    g.add(dataset, DCAT + "landingPage", home)
    for language in info.language_iris:
        g.add(dataset, DCTERMS + "language", language)
    g.add(dataset, DCTERMS + "spatial", md.COUNTRY_EU)
    g.add(dataset, DCTERMS + "conformsTo", namespaces.BASE + "def")
    _edition(g, dataset, info)
    if i.version:
        g.add(dataset, DCAT + "version", lit(i.version))
    _texts(g, dataset, ADMS + "versionNotes", i.version_notes)
    for lang, words in sorted(i.keywords.items()):
        for keyword in words:
            g.add(dataset, DCAT + "keyword", lit(keyword, lang=lang))
    for theme, label in md.THEMES.items():
        g.add(dataset, DCAT + "theme", theme)
        g.a(theme, SKOS + "Concept")
        g.add(theme, SKOS + "prefLabel", lit(label, lang="en"))
        g.add(theme, SKOS + "inScheme", md.THEME_SCHEME)
    g.a(md.THEME_SCHEME, SKOS + "ConceptScheme")
    g.add(md.THEME_SCHEME, DCTERMS + "title", lit(md.THEME_SCHEME_TITLE, lang="en"))
    if info.sources:
        provenance = doc + "#provenance"
        g.add(dataset, DCTERMS + "provenance", provenance)
        g.a(provenance, DCTERMS + "ProvenanceStatement")
        for source in info.sources:
            by = f", published by the {source.publisher}" if source.publisher else ""
            year = f" ({source.year})" if source.year else ""
            g.add(
                provenance,
                RDFS + "label",
                lit(
                    f"Every fact is taken from “{source.title}”{by}{year}, and cites the "
                    "section it comes from.",
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
        g.add(dist, DCTERMS + "license", licence)
        _edition(g, dist, info)
        checksum = f"{dist}-sha256"
        g.add(dist, SPDX + "checksum", checksum)
        g.a(checksum, SPDX + "Checksum")
        g.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        g.add(checksum, SPDX + "checksumValue", lit(d.sha256, XSD + "hexBinary"))
    g.a(SPDX + "checksumAlgorithm_sha256", SPDX + "ChecksumAlgorithm")
    g.a(IANA + "application/gzip", DCTERMS + "MediaType")

    g.a(licence, DCTERMS + "LicenseDocument")
    licence_type = md.LICENCE_TYPES.get(licence)
    if licence_type:
        g.add(licence, DCTERMS + "type", licence_type)
        g.a(licence_type, SKOS + "Concept")
        label = licence_type.rsplit("/", 1)[-1]
        g.add(licence_type, SKOS + "prefLabel", lit(label, lang="en"))
    for language in info.language_iris:
        g.a(language, DCTERMS + "LinguisticSystem")
    g.a(md.COUNTRY_EU, DCTERMS + "Location")
    g.a(home, FOAF + "Document")
    g.a(namespaces.BASE + "def", DCTERMS + "Standard")
