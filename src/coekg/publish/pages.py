"""The HTML pages: one Jinja2 environment (autoescaping on) and the context of each page.

Templates receive plain values (:mod:`coekg.publish.values`), never RDF terms, and every
text reaches the HTML through autoescaping; JSON-LD blocks go through
:func:`coekg.publish.rdfdoc.script_json`.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from coekg import namespaces
from coekg.publish import metadata as md
from coekg.publish.graphview import DESCRIPTION, LABEL_PROPERTIES, RDF_TYPE, curie
from coekg.publish.ontology_docs import ontology_doc
from coekg.publish.rdfdoc import script_json
from coekg.publish.values import Linker, Row, Value, literal_value
from coekg.query import evaluate

if TYPE_CHECKING:
    import jinja2

    from coekg.publish.downloads import Download
    from coekg.publish.graphview import GraphView
    from coekg.publish.metadata import DatasetInfo
    from coekg.query.catalogue import CannedQuery
    from coekg.rdf.dataset import KnowledgeGraph

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: rows of a canned query's results shown on the index page
MAX_QUERY_ROWS = 50
EXAMPLE_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (COUNT(?resource) AS ?resources)
WHERE { ?resource a ?class }
GROUP BY ?class
ORDER BY DESC(?resources)
LIMIT 20"""


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment of the site (autoescaping on for every template)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def site_context(info: DatasetInfo) -> dict[str, str]:
    return {
        "title": info.title,
        "description": info.description,
        "base_url": info.base_url,
        "sparql_url": info.sparql_url,
        "licence_url": md.LICENCE_URL,
        "licence_name": md.LICENCE_NAME,
        "source_title": md.SOURCE_TITLE,
        "source_publisher": md.SOURCE_PUBLISHER,
    }


def _script(value: object) -> str:
    """JSON for a script block, marked safe for Jinja2: :func:`script_json` escaped it."""
    from markupsafe import Markup

    return Markup(script_json(value))


def _root(path: str) -> str:
    return "../" * path.count("/")


@dataclass(frozen=True)
class Incoming:
    subject: Value
    label: str
    href: str | None


def resource_page(
    view: GraphView, iri: str, path: str, info: DatasetInfo, jsonld_doc: bytes
) -> bytes:
    """The HTML page of one resource."""
    import pyoxigraph as ox

    root = _root(path)
    linker = Linker(view, root)
    label = view.label(iri)
    label_lit = view.label_literal(iri)
    subject = ox.NamedNode(iri)
    rows: list[Row] = []
    provenance: list[Row] = []
    for row in linker.rows(subject, frozenset({RDF_TYPE, DESCRIPTION})):
        if row.iri in view.provenance_properties:
            provenance.append(row)
        elif not (
            row.iri in LABEL_PROPERTIES and len(row.values) == 1 and row.values[0].text == label
        ):
            rows.append(row)
    incoming = sorted(
        (
            Incoming(
                linker.value(t.subject),
                view.label(t.predicate.value),
                linker.term_href(t.predicate.value),
            )
            for t in view.incoming.get(iri, [])
        ),
        key=lambda i: (i.label.lower(), i.subject.text.lower(), i.subject.href or ""),
    )
    page = {
        "iri": iri,
        "label": label,
        "label_lang": label_lit.language if label_lit is not None and label_lit.language else None,
        "slug": path.rsplit("/", 1)[-1],
        "canonical": info.url(path + ".html"),
        "classes": [linker.iri_value(c) for c in view.types.get(iri, [])],
        "descriptions": [literal_value(d) for d in view.literal_values(subject, (DESCRIPTION,))],
        "rows": rows,
        "provenance": provenance,
        "incoming": incoming,
        "graphs": sorted(view.graphs_of.get(iri, set())),
        "jsonld": _script(json.loads(jsonld_doc)),
    }
    return render("resource.html.j2", site=site_context(info), root=root, page=page)


def _anchor(iri: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", curie(iri)).strip("-") or "class"


def _query_section(
    kg: KnowledgeGraph, linker: Linker, queries: list[CannedQuery]
) -> list[dict[str, Any]]:
    """Every canned query with its description and the results with default parameters."""
    sections = []
    for q in queries:
        variables: list[str] = []
        rows: list[list[Value | None]] = []
        total = 0
        needs = [p.name for p in q.parameters if p.required]
        if not needs:
            results = evaluate.run(kg.store, q)
            variables = list(results.variables)
            total = len(results.rows)
            for row in results.rows[:MAX_QUERY_ROWS]:
                cells = [row.get(v) for v in variables]
                rows.append([None if c is None else linker.value(c) for c in cells])
        sections.append(
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "keywords": list(q.keywords),
                "parameters": list(q.parameters),
                "text": q.text,
                "needs": needs,
                "variables": variables,
                "rows": rows,
                "shown": len(rows),
                "total": total,
            }
        )
    return sections


def schema_org_dataset(info: DatasetInfo, downloads: list[Download]) -> dict[str, Any]:
    """The schema.org ``Dataset`` that Google Dataset Search reads from the index page."""
    creator = {"@type": "Organization", "name": md.PUBLISHER, "url": info.url("index.html")}
    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": namespaces.DATASET,
        "name": info.title,
        "description": info.description,
        "url": info.url("index.html"),
        "identifier": namespaces.DATASET,
        "license": md.LICENCE_URL,
        "isAccessibleForFree": True,
        "inLanguage": "en",
        "keywords": list(md.KEYWORDS),
        "creator": creator,
        "publisher": creator,
        "isBasedOn": {
            "@type": "CreativeWork",
            "name": md.SOURCE_TITLE,
            "datePublished": "2022",
            "publisher": {"@type": "Organization", "name": md.SOURCE_PUBLISHER},
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{d.title} (gzip)",
                "encodingFormat": d.media_type,
                "contentUrl": info.url(d.path),
                "contentSize": f"{d.size} B",
                "sha256": d.sha256,
            }
            for d in downloads
        ],
    }
    if info.first_date and info.last_date:
        doc["temporalCoverage"] = f"{info.first_date}/{info.last_date}"
    return doc


def index_page(
    kg: KnowledgeGraph,
    view: GraphView,
    info: DatasetInfo,
    downloads: list[Download],
    queries: list[CannedQuery],
) -> bytes:
    linker = Linker(view, "")
    classes = []
    for c in view.classes_in_use():
        members = [linker.iri_value(r) for r in view.instances(c)]
        if not members:
            continue
        definition = view.definition(c)
        classes.append(
            {
                "anchor": _anchor(c),
                "label": view.label(c),
                "definition": definition.value if definition is not None else None,
                "members": members,
            }
        )
    index = {
        "resource_count": len(view.resources),
        "class_count": len(classes),
        "triple_count": len(view.all_triples),
        "classes": classes,
        "queries": _query_section(kg, linker, queries),
        "downloads": downloads,
        "jsonld": _script(schema_org_dataset(info, downloads)),
    }
    return render("index.html.j2", site=site_context(info), root="", index=index)


def def_page(view: GraphView, info: DatasetInfo) -> bytes:

    return render("def.html.j2", site=site_context(info), root="", onto=ontology_doc(view))


def sparql_page(info: DatasetInfo) -> bytes:
    return render("sparql.html.j2", site=site_context(info), root="", example=EXAMPLE_QUERY)


def not_found_page(info: DatasetInfo) -> bytes:
    """The 404 page, with links from the site root since it answers at any depth."""
    root = urlsplit(info.base_url).path
    return render("404.html.j2", site=site_context(info), root=root)


def sitemap(urls: list[str]) -> bytes:
    return render("sitemap.xml.j2", urls=sorted(urls))
