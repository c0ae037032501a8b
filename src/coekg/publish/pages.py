"""The HTML pages: one Jinja2 environment (autoescaping on) and the context of each page.

The home page summarises the dataset (what, who, licence, how to download, query and cite,
counts per class, the canned queries) and links to the rest: ``browse.html`` lists every
resource by class, ``query/{name}.html`` is each canned query with its answer, ``def.html``
the ontology. Templates receive plain values (:mod:`coekg.publish.values`), never RDF terms,
and every text reaches the HTML through autoescaping; JSON-LD blocks go through
:func:`coekg.publish.rdfdoc.script_json`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from coekg import namespaces
from coekg.publish import metadata as md
from coekg.publish.graphview import curie
from coekg.publish.markup import esc, link_html, template_globals
from coekg.publish.ontology_docs import ontology_doc
from coekg.publish.rdfdoc import script_json
from coekg.publish.values import Linker, Value

if TYPE_CHECKING:
    import jinja2

    from coekg.publish.downloads import Download
    from coekg.publish.graphview import GraphView
    from coekg.publish.metadata import DatasetInfo, SourceDoc
    from coekg.query.catalogue import CannedQuery
    from coekg.query.results import Results
    from coekg.rdf.dataset import KnowledgeGraph

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: rows of a canned query's results shown on its page (the downloads hold them all)
MAX_QUERY_ROWS = 500
#: folder of the canned queries' pages: ``query/{name}.html``, as their IRIs
QUERY_FOLDER = "query"


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment of the site (autoescaping on for every template)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.globals.update(template_globals())
    return env


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def site_context(info: DatasetInfo) -> dict[str, Any]:
    """What every page shows about the dataset: title, licence, source, publisher."""
    return {
        "title": info.title,
        "description": info.description,
        "language": info.language,
        "base_url": info.base_url,
        "sparql_url": info.sparql_url,
        "licence_url": info.licence_url,
        "licence_name": info.licence_name,
        "publisher": info.identity.publisher_name,
        "sources": info.sources,
    }


def _script(value: object) -> str:
    """JSON for a script block, marked safe for Jinja2: :func:`script_json` escaped it."""
    from markupsafe import Markup

    return Markup(script_json(value))


def _root(path: str) -> str:
    return "../" * path.count("/")


def _anchor(iri: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", curie(iri)).strip("-") or "class"


def query_path(name: str) -> str:
    """The page of a canned query, relative to the site root."""
    return f"{QUERY_FOLDER}/{name}.html"


def _query_summary(q: CannedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "keywords": list(q.keywords),
        "parameters": list(q.parameters),
        "href": query_path(q.name),
    }


#: the first rows of a canned query's answer with its default parameters, and how many
#: rows it has (:func:`coekg.query.evaluate.first_rows` on the graph's store)
FirstRows = Callable[["CannedQuery", int], tuple["Results", int]]


def query_page(rows_of: FirstRows, view: GraphView, info: DatasetInfo, q: CannedQuery) -> bytes:
    """One canned query: what it asks, its parameters, its SPARQL text and its answer with
    the default parameters (computed when the site was published), whose rows ``rows_of``
    gives."""
    root = _root(query_path(q.name))
    linker = Linker(view, root)
    variables: list[str] = []
    rows: list[list[Value | None]] = []
    total = 0
    needs = [p.name for p in q.parameters if p.required]
    if not needs:
        results, total = rows_of(q, MAX_QUERY_ROWS)
        variables = list(results.variables)
        for row in results.rows:
            cells = [row.get(v) for v in variables]
            rows.append([None if c is None else linker.value(c) for c in cells])
    page = {
        **_query_summary(q),
        "iri": q.iri,
        "canonical": info.url(query_path(q.name)),
        "text": q.text,
        "needs": needs,
        "variables": variables,
        "rows": rows,
        "shown": len(rows),
        "total": total,
    }
    return render("query.html.j2", site=site_context(info), root=root, query=page)


def schema_org_dataset(info: DatasetInfo, downloads: list[Download]) -> dict[str, Any]:
    """The schema.org ``Dataset`` that Google Dataset Search reads from the index page."""
    i = info.identity
    creator: dict[str, Any] = {"@type": "Organization", "name": i.publisher_name}
    if i.publisher_iri:
        creator["@id"] = i.publisher_iri
    if i.contact_email or i.contact_url:
        point: dict[str, Any] = {
            "@type": "ContactPoint",
            "name": i.contact_name or i.publisher_name,
        }
        if i.contact_email:
            point["email"] = i.contact_email
        if i.contact_url:
            point["url"] = i.contact_url
        creator["contactPoint"] = point
    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": namespaces.DATASET,
        "name": info.title,
        "description": info.description,
        "url": info.url("index.html"),
        "identifier": namespaces.DATASET,
        "license": info.licence_url,
        "isAccessibleForFree": True,
        "inLanguage": list(i.languages) if len(i.languages) > 1 else i.languages[0],
        "keywords": list(info.keywords),
        "creator": creator,
        "publisher": creator,
        "citation": info.citation(),
        "isBasedOn": [_schema_org_source(s) for s in info.sources],
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
    if i.version:
        doc["version"] = i.version
    if i.issued:
        doc["datePublished"] = i.issued
    if i.modified:
        doc["dateModified"] = i.modified
    return doc


def _schema_org_source(source: SourceDoc) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "@id": source.iri, "name": source.title}
    if source.year:
        work["datePublished"] = source.year
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    return work


def _class_groups(view: GraphView, linker: Linker, members: bool) -> list[dict[str, Any]]:
    """Every class with resources that have pages, its definition, how many members it has
    and, with ``members``, the list items linking them (made here: a template's loop took
    half the time of the browse page, a hundred thousand items at a million statements)."""
    groups = []
    for c in view.classes_in_use():
        instances = view.instances(c)
        if not instances:
            continue
        definition = view.definition(c)
        group = {
            "anchor": _anchor(c),
            "label": view.label(c),
            "term": linker.iri_value(c),
            "definition": definition.value if definition is not None else None,
            "count": len(instances),
        }
        if members:
            items = (_member_html(view, linker, r) for r in instances)
            group["members_html"] = Markup("".join(items))
        groups.append(group)
    return groups


def _member_html(view: GraphView, linker: Linker, iri: str) -> str:
    """A resource's item on the browse page: the link that
    :func:`~coekg.publish.markup.show_html` writes for ``linker.iri_value(iri)``, made
    without the value (a hundred thousand at a million statements)."""
    page = linker.page(iri)
    assert page is not None, "the members of a class are resources with pages"
    return f"<li>{link_html(view.label(iri), page, view.label_language(iri))}</li>\n"


def index_page(
    kg: KnowledgeGraph,
    view: GraphView,
    info: DatasetInfo,
    downloads: list[Download],
    queries: list[CannedQuery],
) -> bytes:
    """The home page: what the dataset is, who publishes it, its licence, how to download,
    query and cite it, counts per class and the canned queries (each linked to its page)."""
    linker = Linker(view, "")
    classes = _class_groups(view, linker, members=False)
    i = info.identity
    index = {
        "resource_count": len(view.resources),
        "class_count": len(classes),
        "triple_count": view.triple_count,
        "classes": classes,
        "queries": [_query_summary(q) for q in queries],
        "downloads": downloads,
        "citation": info.citation(),
        "publisher_type": md.publisher_type_label(i.publisher_type) if i.publisher_type else None,
        "identity": i,
        "version_notes": info.version_notes,
        "release": info.release,
        "sources": [(s, linker.page(s.iri)) for s in info.sources],
        "first_date": info.first_date,
        "last_date": info.last_date,
        "jsonld": _script(schema_org_dataset(info, downloads)),
    }
    return render("index.html.j2", site=site_context(info), root="", index=index)


def browse_page(view: GraphView, info: DatasetInfo) -> bytes:
    """Every resource that has a page, grouped by class."""
    linker = Linker(view, "")
    return render(
        "browse.html.j2",
        site=site_context(info),
        root="",
        classes=_class_groups(view, linker, members=True),
        resource_count=len(view.resources),
    )


def def_page(view: GraphView, info: DatasetInfo) -> bytes:

    return render("def.html.j2", site=site_context(info), root="", onto=ontology_doc(view))


def not_found_page(info: DatasetInfo) -> bytes:
    """The 404 page. Its links are relative to the site root, as those of ``index.html``:
    no absolute path, so that it works at whatever address the site is served; a server
    answering a deeper path with it adjusts them (see docs/publishing.md)."""
    return render("404.html.j2", site=site_context(info), root="")


def sitemap(urls: list[str]) -> bytes:
    """The sitemap of the pages at ``urls`` (each entry made here, escaped as the template
    would: its loop took most of the time at a hundred thousand pages)."""
    entries = "".join(f"<url><loc>{esc(url)}</loc></url>\n" for url in sorted(urls))
    return render("sitemap.xml.j2", entries=Markup(entries))


def robots(info: DatasetInfo) -> bytes:
    """``robots.txt``: every page may be crawled; the sitemap's address."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {info.url('sitemap.xml')}\n".encode()
