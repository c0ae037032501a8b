"""Publishing into a folder that holds an earlier site rewrites only what changed, and the
result is the bytes of a full publish into a new folder: for each kind of change (a resource
added, removed, relabelled, relinked), every file, the publish state included, is compared.
A publish that fails leaves the earlier site whole."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from coekg.project import bundled as bundled_project
from coekg.publish import dump_process, gzip_pieces, publish, settled
from coekg.publish.graphview import GraphView, ontology_digest, sorted_triples
from coekg.publish.resource_files import ResourceRenderer
from coekg.publish.statements import ontology_triples
from coekg.rdf import export_pieces
from coekg.rdf.dataset import KnowledgeGraph
from coekg.synth.generator import generate


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The Turtle of a small synthetic graph."""
    path = tmp_path_factory.mktemp("incremental") / "synthetic.ttl"
    with path.open("wb") as out:
        generate(3000, out, seed=5, fmt="turtle")
    return path.read_text()


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def site_of(text: str, folder: Path, site: Path, *, incremental: bool = True) -> tuple[int, int]:
    """Publish the Turtle ``text`` into ``site``; return the files written and in all."""
    data = folder / "data.ttl"
    data.write_text(text)
    project = bundled_project()
    published = publish(project.load([data]), site, project, incremental=incremental)
    return published.written, published.files


def without_block(text: str, subject: str) -> str:
    """``text`` without the statements about ``subject`` (its block, up to a blank line)."""
    changed, count = re.subn(rf"\n{re.escape(subject)} a .*?\n\n", "\n\n", text, flags=re.S)
    assert count == 1
    return changed


def added(text: str) -> str:
    return text + (
        "\n<organisation/synthetic-tribunal> a coekg:Court ;\n"
        '    rdfs:label "Synthetic tribunal"@en ;\n'
        "    coekg:sourceSection <section/synthetic-section-4> .\n"
    )


def relabelled(text: str) -> str:
    old = 'rdfs:label "Synthetic section 2"@en'
    assert old in text
    return text.replace(old, 'rdfs:label "Synthetic chapter 2"@en')


def relinked(text: str) -> str:
    old = "coekg:subOrganisationOf <organisation/synthetic-council>"
    assert old in text
    return text.replace(old, "coekg:subOrganisationOf <organisation/synthetic-union>", 1)


def removed(text: str) -> str:
    return without_block(text, "<section/synthetic-section-3>")


def value_relabelled(text: str) -> str:
    """A label for a controlled value, given in the data: every page citing it changes."""
    return text + (
        '\ncoekg:Ongoing skos:prefLabel "Still running"@en ; rdfs:label "Still running"@en .\n'
    )


def property_labelled(text: str) -> str:
    """A label for a property, given in the data: it is named by every line using it."""
    return text + '\ncoekg:partOfDocument rdfs:label "Part of the report"@en .\n'


def class_labelled(text: str) -> str:
    return text + '\ncoekg:DocumentSection rdfs:label "Chapter"@en .\n'


def blank_node_added(text: str) -> str:
    """A statement with a blank node: the statements do not tell whose description it
    is part of, so every resource's digests are computed."""
    return text + "\n<section/synthetic-section-2> coekg:budget [ coekg:amount 5 ] .\n"


@pytest.fixture(params=["in this process", "forked"])
def dumps_forked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways the dumps are written: in the publishing process (small data), or by a
    process forked as soon as the data is read (large data), which an incremental publish
    stops when the earlier site's dumps can be kept."""
    if request.param == "forked":
        monkeypatch.setattr(dump_process, "FORK_FROM", 0)
    return bool(request.param == "forked")


CHANGES = [added, removed, relabelled, relinked]
#: changes whose reach only a careful reading of the statements finds
FAR_CHANGES = [value_relabelled, property_labelled, class_labelled, blank_node_added]


@pytest.mark.parametrize("change", CHANGES)
def test_publishing_over_an_earlier_site_gives_the_bytes_of_a_full_publish(
    synthetic: str, tmp_path: Path, change: object, dumps_forked: bool
) -> None:
    same_bytes_as_a_full_publish(synthetic, tmp_path, change)


@pytest.mark.parametrize("change", FAR_CHANGES)
def test_changes_that_reach_far_give_the_bytes_of_a_full_publish(
    synthetic: str, tmp_path: Path, change: object
) -> None:
    same_bytes_as_a_full_publish(synthetic, tmp_path, change)


@pytest.mark.parametrize("change", CHANGES)
def test_dumps_cut_in_small_pieces_give_the_bytes_of_a_full_publish(
    synthetic: str, tmp_path: Path, change: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A piece of a dump every few subjects (a hundred pieces or more each): the pieces
    the change does not reach are copied from the earlier dumps."""
    monkeypatch.setattr(export_pieces, "SUBJECTS", 4)
    same_bytes_as_a_full_publish(synthetic, tmp_path, change)


def test_one_label_changed_compresses_one_piece_of_each_dump_again(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_pieces, "SUBJECTS", 4)
    made: list[gzip_pieces.Written] = []
    write = gzip_pieces.write

    def noted(*args: object, **kwargs: object) -> gzip_pieces.Written:
        made.append(write(*args, **kwargs))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(gzip_pieces, "write", noted)
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    assert len(made) == 6 and not any(w.reused for w in made)
    made.clear()
    site_of(relabelled(synthetic), tmp_path, site)
    assert len(made) == 6
    for written in made:
        assert len(written.pieces) > 100
        assert written.reused == len(written.pieces) - 1


def test_a_dump_changed_by_hand_is_not_copied_from(synthetic: str, tmp_path: Path) -> None:
    """The earlier dump's checksum is checked before any of its pieces is copied."""
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    for name in ("coekg.nt.gz", "coekg.jsonld.gz"):
        dump = site / "downloads" / name
        data = bytearray(dump.read_bytes())
        data[len(data) // 2] ^= 1
        dump.unlink()  # not through a hard link: a new file
        dump.write_bytes(bytes(data))
    site_of(relabelled(synthetic), tmp_path, site)
    full = tmp_path / "full"
    site_of(relabelled(synthetic), tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)


def same_bytes_as_a_full_publish(synthetic: str, tmp_path: Path, change: object) -> None:
    assert callable(change)
    site = tmp_path / "site"
    _written, before = site_of(synthetic, tmp_path, site)
    changed = change(synthetic)
    assert changed != synthetic
    written, total = site_of(changed, tmp_path, site)
    full = tmp_path / "full"
    full_written, full_total = site_of(changed, tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)
    assert total == full_total == full_written == len(files_of(full))
    assert 0 < written < total / 2, f"{written} of {total} files were written again"
    assert before > 0


def where_they_are(site: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder of ``site``, with its inode and time of last change."""
    found = {p.relative_to(site).as_posix(): p.stat() for p in [site, *site.rglob("*")]}
    return {path: (st.st_ino, st.st_mtime_ns) for path, st in found.items()}


def test_publishing_the_same_data_again_writes_nothing(synthetic: str, tmp_path: Path) -> None:
    """The site is found up to date: not a file written, linked or moved, no folder made
    beside it; the count of files is the full publish's."""
    site = tmp_path / "site"
    _written, total = site_of(synthetic, tmp_path, site)
    before = where_they_are(site)
    first = files_of(site)
    written, again = site_of(synthetic, tmp_path, site)
    assert (written, again) == (0, total)
    assert where_they_are(site) == before
    assert files_of(site) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.ttl", "site"]


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda site: (site / "id/section/synthetic-section-2.html").unlink(),
            id="a resource's file deleted",
        ),
        pytest.param(
            lambda site: (site / "id/section/stray.html").write_text("stray"), id="a stray file"
        ),
        pytest.param(lambda site: (site / "id/stray").mkdir(), id="a stray folder"),
        pytest.param(
            lambda site: (site / "id/section/synthetic-section-2.ttl").rename(
                site / "id/synthetic-section-2.ttl"
            ),
            id="a file moved",
        ),
    ],
)
def test_a_site_whose_resources_folder_was_changed_by_hand_is_published_again(
    synthetic: str, tmp_path: Path, spoil: object
) -> None:
    """The same data, but not the files a publish leaves: the publish puts them right."""
    assert callable(spoil)
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    first = files_of(site)
    spoil(site)
    written, _total = site_of(synthetic, tmp_path, site)
    assert files_of(site) == first
    assert written > 0
    full = tmp_path / "full"
    site_of(synthetic, tmp_path, full, incremental=False)
    assert set(where_they_are(site)) == set(where_they_are(full))  # no stray folder either


def test_another_address_is_not_up_to_date(synthetic: str, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(synthetic)
    project = bundled_project()
    site = tmp_path / "site"
    publish(project.load([data]), site, project)
    moved = publish(project.load([data]), site, project, "https://example.org/coekg/")
    full = tmp_path / "full"
    publish(project.load([data]), full, project, "https://example.org/coekg/")
    assert moved.written > 0
    assert files_of(site) == files_of(full)


def test_the_ontology_digest_without_the_graphs_index_is_the_indexes(tmp_path: Path) -> None:
    """The check that a site is up to date sums up the ontology as the index does."""
    project = bundled_project()
    kg = project.load()
    assert ontology_digest(sorted_triples(ontology_triples(kg))) == GraphView(kg).ontology_digest


def test_a_failed_publish_leaves_the_earlier_site_whole(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    before = files_of(site)
    rendered = ResourceRenderer.files
    calls = 0

    def fails_half_way(self: ResourceRenderer, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise OSError(28, "No space left on device")
        return rendered(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ResourceRenderer, "files", fails_half_way)
    with pytest.raises(Exception, match="No space left on device"):
        site_of(relabelled(synthetic), tmp_path, site)
    assert calls > 3, "the publish did not render in this process"
    assert files_of(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.ttl", "site"]


def test_where_files_cannot_be_hard_linked_they_are_copied(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links (or past its limit of links per file) the
    unchanged files are copied: the same bytes, and no file shared with the earlier site."""
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    links: list[str] = []

    def no_links(source: object, target: object, *args: object, **kwargs: object) -> None:
        links.append(str(source))
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    written, total = site_of(relabelled(synthetic), tmp_path, site)
    monkeypatch.undo()
    full = tmp_path / "full"
    site_of(relabelled(synthetic), tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)
    assert len(links) > total / 2, "the unchanged files were not offered to a hard link"
    assert written < total / 2
    assert all(p.stat().st_nlink == 1 for p in site.rglob("*") if p.is_file())


def test_a_file_missing_from_the_earlier_site_is_written_again(
    synthetic: str, tmp_path: Path, dumps_forked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file deleted by hand from the published site comes back at the next publish, even
    of the same data; the rest is linked, and the SPARQL store is not read beside the
    indexing (large data): no query page is made for the same statements."""
    stores: list[int] = []
    start_store = KnowledgeGraph.start_store

    def counted(self: KnowledgeGraph) -> None:
        stores.append(1)
        start_store(self)

    monkeypatch.setattr(KnowledgeGraph, "start_store", counted)
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    assert len(stores) == int(dumps_forked)  # a new site: read beside the indexing if large
    first = files_of(site)
    gone = [
        site / "id/section/synthetic-section-2.html",
        site / "id/section/synthetic-section-3.ttl",
    ]
    for path in gone:
        path.unlink()
    written, _total = site_of(synthetic, tmp_path, site)
    assert files_of(site) == first
    assert written == 1 + len(gone)  # and the publish state
    assert len(stores) == int(dumps_forked), "the store was read for the same statements"
    site_of(relabelled(synthetic), tmp_path, site)
    assert len(stores) == 2 * int(dumps_forked)


def digests_computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The IRIs whose digests are computed from now on, in the order they are."""
    computed = ResourceRenderer.digests
    calls: list[str] = []

    def counted(self: ResourceRenderer, iri: str, *args: object) -> object:
        calls.append(iri)
        return computed(self, iri, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ResourceRenderer, "digests", counted)
    return calls


@pytest.mark.parametrize(
    ("change", "all_computed"),
    [(relabelled, False), (removed, False), (value_relabelled, False), (blank_node_added, True)],
)
def test_only_the_resources_the_changed_statements_reach_have_their_digests_computed(
    synthetic: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: object,
    all_computed: bool,
) -> None:
    assert callable(change)
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    calls = digests_computed(monkeypatch)
    site_of(change(synthetic), tmp_path, site)
    resources = len(list((site / "id").rglob("*.ttl")))
    if all_computed:
        assert len(calls) == resources
    else:
        assert 0 < len(calls) < resources / 2, f"{len(calls)} digests computed of {resources}"


def test_swapping_two_labels_that_rank_the_same_changes_nothing(
    synthetic: str, tmp_path: Path
) -> None:
    """Two labels that rank the same: which one the pages show must not depend on the
    order of the lines (no statement changes when they are swapped)."""
    tie = (
        "\n<organisation/synthetic-tie> a coekg:Court ;\n"
        '    rdfs:label "Tie"@fr , "Tie"@de .\n'
        "<organisation/synthetic-council> coekg:partner <organisation/synthetic-tie> .\n"
    )
    swapped = tie.replace('"Tie"@fr , "Tie"@de', '"Tie"@de , "Tie"@fr')
    site, full = tmp_path / "site", tmp_path / "full"
    site_of(synthetic + tie, tmp_path, site)
    site_of(synthetic + swapped, tmp_path, site)
    site_of(synthetic + swapped, tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)


def test_a_label_shown_through_a_blank_node_is_followed(synthetic: str, tmp_path: Path) -> None:
    """A page shows its blank nodes' statements, with the labels of the IRIs they name: a
    label changed there changes the page, though no changed statement names a blank node.
    (Both sites' publish states are equal too: the digests of a page that a blank node
    cites do not depend on the labels its blank nodes get when the data is read.)"""
    nested = (
        "\n<section/synthetic-section-1> coekg:budget [ a coekg:MonetaryAmount ;\n"
        "    coekg:amount 5 ; coekg:fundedBy <organisation/synthetic-council> ] .\n"
    )
    old = 'rdfs:label "Synthetic Council"@en'
    assert old in synthetic
    renamed = synthetic.replace(old, 'rdfs:label "Synthetic Assembly"@en')
    site, full = tmp_path / "site", tmp_path / "full"
    site_of(synthetic + nested, tmp_path, site)
    before = files_of(site)
    site_of(renamed + nested, tmp_path, site)
    site_of(renamed + nested, tmp_path, full, incremental=False)
    after = files_of(site)
    assert after == files_of(full)
    page = "id/section/synthetic-section-1.html"
    assert b"Synthetic Assembly" in after[page] and before[page] != after[page]


@pytest.mark.parametrize("limit", ["MOST_CHANGES", "MOST_SUBJECTS"])
def test_past_the_limits_every_digest_is_computed(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    site, full = tmp_path / "site", tmp_path / "full"
    site_of(synthetic, tmp_path, site)
    monkeypatch.setattr(settled, limit, 1)  # the relinked resource's change is 2 lines
    calls = digests_computed(monkeypatch)
    site_of(relinked(relabelled(synthetic)), tmp_path, site)
    assert len(calls) == len(list((site / "id").rglob("*.ttl")))
    site_of(relinked(relabelled(synthetic)), tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)
