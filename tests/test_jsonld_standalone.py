"""JSON-LD that others can read offline (issue 13.3).

``coekg export --format jsonld`` embeds its context: rdflib, PyLD and jsonld.js read it with
no network into exactly the quads of the N-Quads export. The published site's JSON-LD (every
``id/*/*.jsonld`` and the block in every page) refers to the ``context.jsonld`` that the site
itself serves, at the site's own address (``--base-url`` honoured), and reads with a document
loader that maps only that address. Every test runs with network access refused.
"""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from coekg.project import bundled as bundled_project
from coekg.publish import publish
from coekg.rdf.export import export
from tests.requirements import missing, need_module, need_tool

ROOT = Path(__file__).resolve().parents[1]
NODE_SCRIPT = Path(__file__).parent / "consumers" / "jsonld-to-nquads.mjs"
BASE = "http://127.0.0.1:9/elsewhere/"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any connection from this process fails: what passes here passes offline."""

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError("network access refused by the test")

    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    monkeypatch.setattr(socket, "getaddrinfo", refused)
    yield


def canonical(nquads: bytes | str) -> set[str]:
    """The quads, blank nodes relabelled canonically (Oxigraph's RDF canonicalisation)."""
    data = nquads.encode() if isinstance(nquads, str) else nquads
    dataset = ox.Dataset(ox.parse(data, ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("jsonld-export")
    kg = bundled_project().load()
    out = {}
    for fmt, name in (("jsonld", "dump.jsonld"), ("nq", "dump.nq")):
        out[fmt] = folder / name
        with out[fmt].open("wb") as handle:
            export(kg, fmt, handle)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("jsonld-site") / "site"
    publish(bundled_project().load(), out, bundled_project(), BASE)
    return out


def run_jsonld_js(contexts: dict[str, Path], files: list[Path], tmp_path: Path) -> dict[str, str]:
    node = need_tool("node")
    if not (ROOT / "node_modules" / "jsonld").is_dir():
        missing("jsonld.js is not installed (npm ci, as make setup-test runs it)")
    mapping = tmp_path / "contexts.json"
    mapping.write_text(json.dumps({url: str(path) for url, path in contexts.items()}))
    done = subprocess.run(
        [node, str(NODE_SCRIPT), str(mapping), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    out: dict[str, str] = {}
    current = ""
    for line in done.stdout.splitlines(keepends=True):
        if line.startswith("# "):
            current = line[2:].strip()
            out[current] = ""
        else:
            out[current] += line
    return out


# --- the export stands alone ----------------------------------------------------------


def test_export_embeds_its_context(exported: dict[str, Path]) -> None:
    from coekg.rdf.jsonld_layout import jsonld_context

    doc = json.loads(exported["jsonld"].read_bytes())
    assert isinstance(doc["@context"], dict)  # embedded, not an address to fetch
    assert doc["@context"] == jsonld_context()["@context"]


def test_rdflib_reads_the_export_offline_into_the_nquads(exported: dict[str, Path]) -> None:
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(exported["jsonld"], format="json-ld")
    assert canonical(dataset.serialize(format="nquads")) == canonical(exported["nq"].read_bytes())


def test_pyld_reads_the_export_offline_into_the_nquads(exported: dict[str, Path]) -> None:
    pyld = need_module("pyld")

    def loader(url: str, options: object = None) -> dict[str, object]:
        raise AssertionError(f"PyLD asked for {url}: the export must need no document")

    doc = json.loads(exported["jsonld"].read_bytes())
    nquads = pyld.jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": loader})
    assert canonical(nquads) == canonical(exported["nq"].read_bytes())


def test_jsonld_js_reads_the_export_offline_into_the_nquads(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    out = run_jsonld_js({}, [exported["jsonld"]], tmp_path)
    assert canonical(out[str(exported["jsonld"])]) == canonical(exported["nq"].read_bytes())


# --- the site's documents refer to the site's own context -----------------------------


def _resource_documents(site: Path) -> list[Path]:
    return sorted(site.glob("id/*/*.jsonld"))


def test_site_documents_refer_to_the_context_the_site_serves(site: Path) -> None:
    from coekg.rdf.jsonld_layout import jsonld_context

    assert json.loads((site / "context.jsonld").read_text()) == jsonld_context()
    documents = _resource_documents(site)
    assert len(documents) > 200
    for path in documents:
        assert json.loads(path.read_text())["@context"] == BASE + "context.jsonld", path


def _expected(site: Path, jsonld: Path) -> set[str]:
    """The triples of the resource's Turtle document, as N-Quads."""
    turtle = jsonld.with_suffix(".ttl").read_bytes()
    return canonical(
        ox.serialize(ox.parse(turtle, ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_QUADS) or b""
    )


def test_pyld_reads_every_site_document_with_only_the_sites_context(site: Path) -> None:
    pyld = need_module("pyld")
    asked: set[str] = set()
    context = json.loads((site / "context.jsonld").read_text())

    def loader(url: str, options: object = None) -> dict[str, object]:
        asked.add(url)
        if url != BASE + "context.jsonld":
            raise AssertionError(f"PyLD asked for {url}, which the site does not serve")
        return {"contextUrl": None, "documentUrl": url, "document": context}

    for path in _resource_documents(site):
        doc = json.loads(path.read_text())
        nquads = pyld.jsonld.to_rdf(
            doc, {"format": "application/n-quads", "documentLoader": loader}
        )
        assert canonical(nquads) == _expected(site, path), path
    assert asked == {BASE + "context.jsonld"}


def test_jsonld_js_reads_every_site_document_and_page_block(site: Path, tmp_path: Path) -> None:
    from tests.test_publish import Page

    documents = _resource_documents(site)
    blocks = []
    for path in documents:
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        [(kind, body)] = Page(html).scripts
        assert kind == "application/ld+json"
        block = tmp_path / (path.parent.name + "-" + path.stem + ".block.jsonld")
        block.write_text(body, encoding="utf-8")
        blocks.append((block, path))
    out = run_jsonld_js(
        {BASE + "context.jsonld": site / "context.jsonld"},
        documents + [b for b, _ in blocks],
        tmp_path,
    )
    for path in documents:
        assert canonical(out[str(path)]) == _expected(site, path), path
    for block, path in blocks:
        assert canonical(out[str(block)]) == _expected(site, path), path
