"""Publishing into a folder that holds an earlier site rewrites only what changed, and the
result is the bytes of a full publish into a new folder: for each kind of change (a resource
added, removed, relabelled, relinked), every file, the publish state included, is compared.
A publish that fails leaves the earlier site whole."""

from __future__ import annotations

import errno
import multiprocessing
import os
import re
from pathlib import Path

import pytest

from coekg.project import bundled as bundled_project
from coekg.publish import (
    downloads,
    dump_process,
    gzip_pieces,
    in_place,
    manifest,
    pages,
    publish,
    query_rows,
    settled,
)
from coekg.publish.graphview import GraphView, ontology_digest, sorted_triples
from coekg.publish.resource_files import ResourceRenderer
from coekg.publish.statements import ontology_triples
from coekg.rdf import export_pieces
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


@pytest.fixture(params=["in place", "swapped"])
def goes_in_place(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways a change is put into the earlier site: its changed files moved in one by
    one (a small change), or a whole new site swapped in."""
    if request.param == "swapped":
        monkeypatch.setattr(in_place, "MOST_RESOURCES", -1)
    return bool(request.param == "in place")


CHANGES = [added, removed, relabelled, relinked]
#: changes whose reach only a careful reading of the statements finds
FAR_CHANGES = [value_relabelled, property_labelled, class_labelled, blank_node_added]


@pytest.mark.parametrize("change", CHANGES)
def test_publishing_over_an_earlier_site_gives_the_bytes_of_a_full_publish(
    synthetic: str, tmp_path: Path, change: object, dumps_forked: bool, goes_in_place: bool
) -> None:
    same_bytes_as_a_full_publish(synthetic, tmp_path, change, goes_in_place)


@pytest.mark.parametrize("change", FAR_CHANGES)
def test_changes_that_reach_far_give_the_bytes_of_a_full_publish(
    synthetic: str, tmp_path: Path, change: object, goes_in_place: bool
) -> None:
    same_bytes_as_a_full_publish(synthetic, tmp_path, change, goes_in_place)


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


def same_bytes_as_a_full_publish(
    synthetic: str, tmp_path: Path, change: object, goes_in_place: bool | None = None
) -> None:
    """Publish ``synthetic``, then ``change`` of it into the same folder: the files and
    folders are those of a full publish. With ``goes_in_place``, check which way the change
    went: in place (the site's folder and its unchanged files are where they were), or
    swapped."""
    assert callable(change)
    site = tmp_path / "site"
    _written, before = site_of(synthetic, tmp_path, site)
    was = where_they_are(site)
    changed = change(synthetic)
    assert changed != synthetic
    written, total = site_of(changed, tmp_path, site)
    full = tmp_path / "full"
    full_written, full_total = site_of(changed, tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)
    now = where_they_are(site)
    assert set(now) == set(where_they_are(full))  # no folder left or missing
    assert total == full_total == full_written == len(files_of(full))
    assert 0 < written < total / 2, f"{written} of {total} files were written again"
    assert before > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.ttl", "full", "site"]
    if goes_in_place is not None:
        assert (now["."][0] == was["."][0]) == goes_in_place, "the site's folder"
        if goes_in_place:  # most files stay where they were, untouched
            same = [path for path, place in now.items() if was.get(path) == place]
            assert len(same) > len(now) / 2


def where_they_are(site: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder of ``site``, with its inode and time of last change."""
    found = {p.relative_to(site).as_posix(): p.stat() for p in [site, *site.rglob("*")]}
    return {path: (st.st_ino, st.st_mtime_ns) for path, st in found.items()}


def test_publishing_the_same_data_again_writes_nothing(
    synthetic: str, tmp_path: Path, dumps_forked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site is found up to date: not a file written, linked or moved, no folder made
    beside it; the process forked (large data) to answer the queries while the earlier site
    is checked is stopped, having sent nothing; the count of files is the full publish's."""
    started: list[query_rows.Answers] = []
    start = query_rows.Answers.start

    def counted(self: query_rows.Answers) -> None:
        started.append(self)
        start(self)

    monkeypatch.setattr(query_rows.Answers, "start", counted)
    site = tmp_path / "site"
    _written, total = site_of(synthetic, tmp_path, site)
    assert len(started) == int(dumps_forked)
    before = where_they_are(site)
    first = files_of(site)
    written, again = site_of(synthetic, tmp_path, site)
    assert len(started) == 2 * int(dumps_forked)
    assert all(a.received == {} and a.process is None for a in started[1:])
    assert multiprocessing.active_children() == []
    assert (written, again) == (0, total)
    assert where_they_are(site) == before
    assert files_of(site) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.ttl", "site"]


def test_the_answering_process_stopped_while_it_reads_the_store_ends_at_once(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command makes SIGTERM raise, so that a stopped publish cleans up; a Python
    handler runs only when a long call into Rust returns (reading a million statements into
    a store: seconds), so a publish that found the site up to date waited that long for the
    process it forked to answer the queries. That process leaves nothing behind: it takes
    back SIGTERM's default action, and is reading the store by then."""
    import signal
    import sys

    from coekg.rdf.dataset import KnowledgeGraph
    from coekg.termination import raise_on_sigterm

    seen = tmp_path / "sigterm-in-the-answering-process"
    fill = KnowledgeGraph.fill
    publisher = os.getpid()

    def noted(self: KnowledgeGraph, store: object) -> None:
        if os.getpid() != publisher:
            seen.write_text(
                "default" if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL else "handled"
            )
        fill(self, store)  # type: ignore[arg-type]

    monkeypatch.setattr(dump_process, "FORK_FROM", 0)
    monkeypatch.setattr(KnowledgeGraph, "fill", noted)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    before = signal.getsignal(signal.SIGTERM)
    raise_on_sigterm()
    try:
        site_of(synthetic, tmp_path, tmp_path / "site")
    finally:
        signal.signal(signal.SIGTERM, before)
    assert seen.read_text() == "default"


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
    unchanged files are copied into the new site: the same bytes, and no file shared with
    the earlier site."""
    monkeypatch.setattr(in_place, "MOST_RESOURCES", -1)  # a new site swapped in
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
    of the same data; the rest is linked, and no query page is made for the same
    statements."""
    made: list[int] = []
    query_page = pages.query_page

    def counted(*args: object) -> bytes:
        made.append(1)
        return query_page(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pages, "query_page", counted)
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    queries = len(made)
    assert queries > 0
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
    assert len(made) == queries, "query pages were made for the same data"
    site_of(relabelled(synthetic), tmp_path, site)
    assert len(made) == 2 * queries


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


# changes put in place ---------------------------------------------------------------


def test_a_change_in_place_needs_no_hard_link(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without hard links, the files a change replaces are copied aside (to put them back
    on an error): the same bytes as a full publish."""
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)

    def no_links(source: object, target: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    inode = site.stat().st_ino
    site_of(removed(relabelled(synthetic)), tmp_path, site)
    monkeypatch.undo()
    full = tmp_path / "full"
    site_of(removed(relabelled(synthetic)), tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)
    assert site.stat().st_ino == inode


def test_a_change_reaching_many_resources_swaps_a_new_site_in(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past :data:`~coekg.publish.in_place.MOST_RESOURCES` resources to look at, a new
    site is swapped in: the site is never long half-changed."""
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    monkeypatch.setattr(in_place, "MOST_RESOURCES", 3)
    inode = site.stat().st_ino
    site_of(relabelled(synthetic), tmp_path, site)  # the section and those citing it
    assert site.stat().st_ino != inode
    monkeypatch.setattr(in_place, "MOST_RESOURCES", 1000)
    inode = site.stat().st_ino
    site_of(synthetic, tmp_path, site)
    assert site.stat().st_ino == inode


def test_a_file_added_by_hand_beside_the_resources_goes_as_with_a_new_site(
    synthetic: str, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    (site / "notes.txt").write_text("by hand")
    (site / "downloads" / "old.nt.gz").write_bytes(b"by hand")
    same_bytes_as_a_full_publish(synthetic, tmp_path, relabelled, True)


@pytest.mark.parametrize("change", [relabelled, removed, added])
@pytest.mark.parametrize("fail_at", [1, 2, 5, -1])
def test_an_error_while_moving_the_files_in_puts_the_site_back(
    synthetic: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: object,
    fail_at: int,
) -> None:
    """A folder that cannot be written, found at the first, second or fifth file moved in
    or at the last (the publish state): every file and folder is as it was, and nothing is
    left beside the site."""
    assert callable(change)
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    before = files_of(site)
    folders = set(where_they_are(site))
    replace = os.replace
    moves: list[str] = []

    def refused(source: object, target: object) -> None:
        if str(target).startswith(str(site)):
            moves.append(str(target))
            last = fail_at == -1 and str(target).endswith(manifest.PATH)
            if len(moves) == fail_at or last:
                fail_at_once.append(1)
                if len(fail_at_once) == 1:  # putting the file back works
                    raise PermissionError(errno.EACCES, "Permission denied", str(target))
        replace(source, target)  # type: ignore[arg-type]

    fail_at_once: list[int] = []

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(Exception, match="Permission denied"):
        site_of(change(synthetic), tmp_path, site)
    monkeypatch.undo()
    assert moves, "nothing was moved in"
    assert files_of(site) == before
    assert set(where_they_are(site)) == folders
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.ttl", "site"]


def test_a_site_left_half_changed_is_written_whole_by_the_next_publish(
    synthetic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The machine stops while the files are moved in (simulated: an error, and no undo):
    the site has no publish state then, so the next publish writes a whole new site."""
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    replace = os.replace
    moves: list[str] = []

    def stops(source: object, target: object) -> None:
        if str(target).startswith(str(site)):
            moves.append(str(target))
            if len(moves) == 3:
                raise OSError(errno.EIO, "Input/output error")
        replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", stops)
    monkeypatch.setattr(in_place._Moves, "put_back", lambda self: None)
    with pytest.raises(Exception, match="Input/output error"):
        site_of(relabelled(synthetic), tmp_path, site)
    monkeypatch.undo()
    assert not (site / manifest.PATH).exists()
    written, total = site_of(synthetic, tmp_path, site)
    assert written == total
    full = tmp_path / "full"
    site_of(synthetic, tmp_path, full, incremental=False)
    assert files_of(site) == files_of(full)


@pytest.mark.parametrize("subjects", [4, 1000])
@pytest.mark.parametrize("change", CHANGES + FAR_CHANGES)
def test_the_dumps_tell_the_statements_that_changed_as_the_comparing_does(
    synthetic: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: object,
    subjects: int,
) -> None:
    """Large data: the process writing the dumps tells which statements changed, from the
    pieces of the N-Quads dump it did not copy; the same lines as comparing every statement
    with the earlier dump's (in pieces of a few subjects, or of all of them)."""
    assert callable(change)
    monkeypatch.setattr(export_pieces, "SUBJECTS", subjects)
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    (tmp_path / "changed").mkdir()
    data = tmp_path / "changed" / "data.ttl"  # the same graph
    data.write_text(change(synthetic))
    kg = bundled_project().load([data])
    earlier = manifest.read(site)
    assert earlier is not None
    told: list[list[bytes] | None] = []

    def tell(nquads: downloads.Download, made: list[bytes]) -> None:
        dumps = earlier.earlier_dumps(site, downloads.FOLDER)
        told.append(settled.changed_in_pieces(made, dumps[nquads.name], nquads.pieces))

    dumps = earlier.earlier_dumps(site, downloads.FOLDER)
    downloads.write_downloads(kg, tmp_path / "new", earlier=dumps, on_nquads=tell)
    compared = settled.changed_statements(kg, site)
    assert len(told) == 1
    if compared is None:
        assert change is blank_node_added and told[0] is None
    else:
        assert told[0] is not None and sorted(told[0]) == sorted(compared)
        assert 0 < len(compared) < 20


def test_the_dumps_tell_nothing_against_a_dump_changed_by_hand(
    synthetic: str, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site_of(synthetic, tmp_path, site)
    earlier = manifest.read(site)
    assert earlier is not None
    dumps = earlier.earlier_dumps(site, downloads.FOLDER)
    nquads = site / downloads.FOLDER / "coekg.nq.gz"
    spoilt = bytearray(nquads.read_bytes())
    spoilt[len(spoilt) // 2] ^= 1
    nquads.write_bytes(bytes(spoilt))
    told: list[list[bytes] | None] = []

    def tell(written: downloads.Download, made: list[bytes]) -> None:
        told.append(settled.changed_in_pieces(made, dumps[written.name], written.pieces))

    (tmp_path / "changed").mkdir()
    data = tmp_path / "changed" / "data.ttl"
    data.write_text(relabelled(synthetic))
    downloads.write_downloads(
        bundled_project().load([data]), tmp_path / "new", earlier=dumps, on_nquads=tell
    )
    assert told == [None]
