"""``coekg publish --release VERSION`` (issue 16, releases): three successive editions of
changed data published into one folder, read as a portal, a crawler and a person would.

The editions are the bundled data as ``tests/editions.py`` edits it (old, then new), then
the new one with two more edits; each release's project file names its version and dates
(test values, as in ``test_publish_identity.py``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from coekg import namespaces
from coekg.cli import cli
from tests import editions
from tests.dcat_ap import dcat_ap_violations
from tests.requirements import need_tool

ROOT = Path(__file__).resolve().parents[1]
BASE = namespaces.BASE
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
SPDX = "http://spdx.org/rdf/terms#"
ADMS = "http://www.w3.org/ns/adms#"
VERSIONS = ("0.1.0", "0.2.0", "0.3.0")
#: (version, issued, notes) of each release's project file
RELEASES = {
    "0.1.0": ("2026-11-28", "First edition."),
    "0.2.0": ("2026-12-01", "Second edition: the test's edits."),
    "0.3.0": ("2026-12-02", "Third edition: an amount changed, the added project gone."),
}
#: the third edition's edits of the second's data: (file, before, after)
THIRD_EDITS = [
    (
        "action-plans.ttl",
        'coekg:amount "9700000"^^xsd:decimal ;',
        'coekg:amount "9800000"^^xsd:decimal ;',
    ),
]


def project_file(version: str) -> str:
    """The shipped ``coekg.toml`` describing the edition ``version``."""
    issued, notes = RELEASES[version]
    text = (ROOT / "coekg.toml").read_text(encoding="utf-8")
    for pattern, value in (
        (r'^version = ".*"$', f'version = "{version}"'),
        (r"^version-notes = .*$", f'version-notes = {{ en = "{notes}" }}'),
        (r"^issued = .*$", f"issued = {issued}"),
        (r"^modified = .*$", f"modified = {issued}"),
    ):
        text, n = re.subn(pattern, value, text, flags=re.M)
        assert n == 1, pattern
    return text


def make_project(folder: Path) -> Path:
    """A project folder with the three editions' data beside it: ``data-0.1.0`` ..."""
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    made = editions.make(folder / "editions")
    made.old.rename(folder / "data-0.1.0")
    made.new.rename(folder / "data-0.2.0")
    third = folder / "data-0.3.0"
    shutil.copytree(folder / "data-0.2.0", third)
    (third / "added.ttl").unlink()
    for name, before, after in THIRD_EDITS:
        text = (third / name).read_text(encoding="utf-8")
        assert text.count(before) == 1, f"{name}: the text to edit is not there once"
        (third / name).write_text(text.replace(before, after), encoding="utf-8")
    return folder


def release(
    folder: Path, version: str, monkeypatch: pytest.MonkeyPatch, data: str | None = None
) -> Result:
    """``coekg publish --release version -o site`` in ``folder``, its project file naming
    ``version`` and its data the edition's (the test data is not the shapes' business)."""
    (folder / "coekg.toml").write_text(project_file(version), encoding="utf-8")
    monkeypatch.chdir(folder)
    args = ["publish", "--release", version, "-o", "site", "--no-validate"]
    return CliRunner().invoke(cli, [*args, "--data", data or f"data-{version}"])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Published:
    project: Path
    site: Path
    #: the site after each release, as it was then
    after: dict[str, dict[str, bytes]]
    #: the command's output for each release
    output: dict[str, str]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    folder = make_project(tmp_path_factory.mktemp("releases"))
    after, output = {}, {}
    with pytest.MonkeyPatch.context() as mp:
        for version in VERSIONS:
            result = release(folder, version, mp)
            assert result.exit_code == 0, result.output
            after[version] = tree(folder / "site")
            output[version] = result.output
    return Published(folder, folder / "site", after, output)


def graph(path: Path):  # type: ignore[no-untyped-def]
    import rdflib

    return rdflib.Graph().parse(path, format="turtle")


def edition(version: str) -> str:
    return f"{BASE}releases/{version}/catalog.ttl#dataset"


def text_of(page: Path) -> str:
    """The words of an HTML page's ``<main>``, spaces collapsed."""

    class Words(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.words: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.depth += tag == "main"

        def handle_endtag(self, tag: str) -> None:
            self.depth -= tag == "main"

        def handle_data(self, data: str) -> None:
            if self.depth:
                self.words.append(data)

    parser = Words()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.words).split())


def links_of(page: Path) -> list[str]:
    return re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8"))


# --- what each release says ---------------------------------------------------------------


def test_each_release_says_what_it_kept_and_what_changed(published: Published) -> None:
    first, second, third = (published.output[v].splitlines()[-1] for v in VERSIONS)
    assert first == "edition 0.1.0 in site/releases/0.1.0: the first edition"
    assert second.endswith(
        "since 0.1.0: 2 resources added, 5 changed, 2 removed; earlier editions kept: 0.1.0"
    )
    assert third.endswith(
        "since 0.2.0: 0 resources added, 1 changed, 1 removed; earlier editions kept: 0.1.0, 0.2.0"
    )


def test_every_edition_keeps_its_files_byte_for_byte(published: Published) -> None:
    site = tree(published.site)
    for version in VERSIONS:
        prefix = f"releases/{version}/"
        written = {k: v for k, v in published.after[version].items() if k.startswith(prefix)}
        assert sorted(k.removeprefix(prefix) for k in written) == sorted(
            ["SHA256SUMS", "catalog.ttl", "def.ttl", "index.html"]
            + (["changes.json"] if version != "0.1.0" else [])
            + [f"coekg.{s}.gz" for s in ("jsonld", "nq", "nt", "rdf", "trig", "ttl")]
        )
        assert {k: site[k] for k in written} == written, version
        # when it was the latest, its dumps were the site's downloads
        for name, data in written.items():
            if name.endswith(".gz"):
                assert published.after[version]["downloads/" + name.removeprefix(prefix)] == data


def test_sha256sum_checks_every_edition_folder(published: Published) -> None:
    sha256sum = need_tool("sha256sum")
    for version in VERSIONS:
        folder = published.site / "releases" / version
        listed = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        assert sorted(line.split("  ")[1] for line in listed) == sorted(
            p.name for p in folder.iterdir() if p.name != "SHA256SUMS"
        )
        done = subprocess.run(
            [sha256sum, "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_an_old_dump_holds_the_old_data(published: Published) -> None:
    from coekg.diff import edition as editions_of
    from coekg.diff.changes import compare

    for version in VERSIONS:
        dumped = editions_of.read([published.site / f"releases/{version}/coekg.nq.gz"])
        source = editions_of.read([published.project / f"data-{version}"])
        assert compare(source, dumped).same, version


def test_the_catalogue_links_the_dataset_to_every_edition(published: Published) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    g = graph(published.site / "catalog.ttl")
    dataset = URIRef(namespaces.DATASET)
    assert set(g.objects(dataset, URIRef(DCAT + "hasVersion"))) == {
        URIRef(edition(v)) for v in VERSIONS
    }
    assert list(g.objects(dataset, URIRef(DCAT + "hasCurrentVersion"))) == [
        URIRef(edition("0.3.0"))
    ]
    assert g.value(dataset, URIRef(DCAT + "version")) == Literal("0.3.0")
    previous = {v: g.value(URIRef(edition(v)), URIRef(DCAT + "previousVersion")) for v in VERSIONS}
    assert previous == {
        "0.1.0": None,
        "0.2.0": URIRef(edition("0.1.0")),
        "0.3.0": URIRef(edition("0.2.0")),
    }
    for v in VERSIONS:
        node = URIRef(edition(v))
        assert g.value(node, URIRef(DCT + "isVersionOf")) == dataset
        assert g.value(node, URIRef(DCAT + "version")) == Literal(v)
        issued, notes = RELEASES[v]
        assert g.value(node, URIRef(DCT + "issued")) == Literal(issued, datatype=XSD.date)
        assert g.value(node, URIRef(ADMS + "versionNotes")) == Literal(notes, lang="en")


def test_every_editions_downloads_are_reachable_with_their_checksums(
    published: Published,
) -> None:
    from rdflib import URIRef

    g = graph(published.site / "catalog.ttl")
    for v in VERSIONS:
        urls = []
        for dist in g.objects(URIRef(edition(v)), URIRef(DCAT + "distribution")):
            url = str(g.value(dist, URIRef(DCAT + "downloadURL")))
            checksum = g.value(dist, URIRef(SPDX + "checksum"))
            path = published.site / url.removeprefix(BASE)
            data = path.read_bytes()
            assert (
                str(g.value(checksum, URIRef(SPDX + "checksumValue")))
                == hashlib.sha256(data).hexdigest()
            )
            assert int(g.value(dist, URIRef(DCAT + "byteSize"))) == len(data)  # type: ignore[arg-type]
            urls.append(url)
        assert sorted(urls) == [
            f"{BASE}releases/{v}/coekg.{s}.gz" for s in ("jsonld", "nq", "nt", "rdf", "trig", "ttl")
        ]
    # and an edition's own description says the same as the site's catalogue
    for v in VERSIONS:
        own = graph(published.site / f"releases/{v}/catalog.ttl")
        assert set(own) <= set(g), v


def test_the_pages_link_every_edition_and_every_link_resolves(published: Published) -> None:
    site = published.site
    listing = site / "releases/index.html"
    assert [h for h in links_of(listing) if re.match(r"^\d[\d.]*/index\.html$", h)] == [
        f"{v}/index.html" for v in reversed(VERSIONS)
    ]
    assert "releases/0.3.0/index.html" in links_of(site / "index.html")
    for page in [listing] + [site / f"releases/{v}/index.html" for v in VERSIONS]:
        for href in links_of(page):
            if href.startswith(("http://", "https://")):
                continue
            assert (page.parent / href).resolve().is_file(), f"{page}: {href}"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for v in VERSIONS:
        assert f"<loc>{BASE}releases/{v}/index.html</loc>" in sitemap


def test_each_editions_ontology_carries_its_version(published: Published) -> None:
    from rdflib import Literal, URIRef

    ontology = URIRef(BASE + "def")
    for v, path in [(v, f"releases/{v}/def.ttl") for v in VERSIONS] + [("0.3.0", "def.ttl")]:
        g = graph(published.site / path)
        assert list(g.objects(ontology, URIRef(OWL + "versionIRI"))) == [
            URIRef(f"{BASE}releases/{v}/def.ttl")
        ], path
        assert list(g.objects(ontology, URIRef(OWL + "versionInfo"))) == [Literal(v)], path


# --- the changelog pages ------------------------------------------------------------------


def sections(page: Path) -> dict[str, str]:
    """The words of each class's section of an edition's page, by the class's heading."""
    html = page.read_text(encoding="utf-8")
    found = {}
    for part in html.split('<section aria-labelledby="class-')[1:]:
        anchor, body = part.split('">', 1)
        body = body.split("</section>", 1)[0]
        found[anchor] = " ".join(unescape(re.sub(r"<[^>]+>", "", body)).split())
    return found


def test_the_second_editions_page_tells_every_change_by_class(published: Published) -> None:
    page = published.site / "releases/0.2.0/index.html"
    words = text_of(page)
    assert "Since edition 0.1.0: 2 resources added, 5 changed, 2 removed" in words
    by_class = sections(page)
    assert list(by_class) == [
        "owl-AllDisjointClasses",
        "coekg-Address",
        "coekg-MonetaryAmount",
        "coekg-Person",
        "coekg-Project",
        "no-class",
    ]
    project = by_class["coekg-Project"]
    assert project.startswith("project (1 added, 1 changed)")
    assert "A project the test adds" in project and "was added" in project
    assert "status: ongoing → completed" in project
    assert "(only the datatype changed)" in project
    assert "(only the language changed)" in project
    person = by_class["coekg-Person"]
    assert "Heydar Aliyev (person:heydar-aliyev) was removed" in person
    assert "removed honorific: “H.E. Mr.”" in person
    assert "added http://example.org/coekg-test/note: “a note the test adds”" in person
    amount = by_class["coekg-MonetaryAmount"]
    assert "amount: “9600000” (xsd:decimal) → “9700000” (xsd:decimal)" in amount
    assert (
        "photo caption: “true” (xsd:boolean) → “false” (xsd:boolean)" in by_class["coekg-Address"]
    )


def test_the_third_editions_page_tells_only_what_changed_since_the_second(
    published: Published,
) -> None:
    page = published.site / "releases/0.3.0/index.html"
    assert "Since edition 0.2.0: 0 resources added, 1 changed, 1 removed" in text_of(page)
    by_class = sections(page)
    assert list(by_class) == ["coekg-MonetaryAmount", "coekg-Project"]
    assert "“9700000” (xsd:decimal) → “9800000” (xsd:decimal)" in by_class["coekg-MonetaryAmount"]
    assert by_class["coekg-Project"].startswith("project (1 removed) A project the test adds")


def test_the_changelog_is_what_coekg_diff_says(published: Published) -> None:
    import json

    for previous, version in itertools.pairwise(VERSIONS):
        diffed = CliRunner().invoke(
            cli,
            [
                "diff",
                str(published.project / f"data-{previous}"),
                str(published.project / f"data-{version}"),
                "--format",
                "json",
            ],
        )
        assert diffed.exit_code == 1, diffed.output
        kept = json.loads(
            (published.site / f"releases/{version}/changes.json").read_text(encoding="utf-8")
        )
        assert kept["resources"] == json.loads(diffed.stdout)["resources"]
        assert kept["classes"] == json.loads(diffed.stdout)["classes"]


def test_the_list_of_editions_says_when_and_how_much(published: Published) -> None:
    words = text_of(published.site / "releases/index.html")
    assert (
        "0.3.0 (latest) 2026-12-02 0 resources added, 1 changed, 1 removed "
        "Third edition: an amount changed, the added project gone. "
        "0.2.0 2026-12-01 2 resources added, 5 changed, 2 removed "
        "Second edition: the test's edits. "
        "0.1.0 2026-11-28 the first edition First edition."
    ) in words


# --- portals and determinism ----------------------------------------------------------------


@pytest.mark.parametrize(
    "document", ["catalog.ttl", *(f"releases/{v}/catalog.ttl" for v in VERSIONS)]
)
def test_the_official_dcat_ap_shapes_pass(published: Published, document: str) -> None:
    assert dcat_ap_violations(published.site / document) is None


def test_the_same_releases_give_the_same_bytes(
    published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another folder, the same two releases: the same files; the latest again: unchanged."""
    folder = make_project(tmp_path / "again")
    for version in VERSIONS[:2]:
        result = release(folder, version, monkeypatch)
        assert result.exit_code == 0, result.output
    assert tree(folder / "site") == published.after["0.2.0"]
    again = release(folder, "0.2.0", monkeypatch)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1].endswith(
        "published before, kept as it was; earlier editions kept: 0.1.0"
    )
    assert tree(folder / "site") == published.after["0.2.0"]


# --- what is refused --------------------------------------------------------------------


@pytest.fixture
def copied(published: Published, tmp_path: Path) -> Path:
    """A copy of the project and its site after the three releases."""
    folder = tmp_path / "copy"
    shutil.copytree(published.project, folder)
    return folder


def refused(result: Result, code: int, start: str) -> str:
    assert result.exit_code == code, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(start), lines[0]
    return lines[0]


def test_a_published_version_with_other_data_is_refused(
    copied: Path, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = refused(
        release(copied, "0.3.0", monkeypatch, data="data-0.2.0"),
        1,
        "coekg: error: site/releases/0.3.0: edition 0.3.0 is published already with other "
        "statements",
    )
    assert "release this data under a new version" in line
    assert tree(copied / "site") == published.after["0.3.0"]


def test_an_earlier_version_is_refused_even_with_its_own_data(
    copied: Path, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused(
        release(copied, "0.2.0", monkeypatch),
        1,
        "coekg: error: site: 0.2.0 is an earlier edition (the latest is 0.3.0)",
    )
    assert tree(copied / "site") == published.after["0.3.0"]


def test_a_release_dated_before_the_previous_one_is_refused(
    copied: Path, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = project_file("0.3.0").replace("0.3.0", "0.4.0").replace("2026-12-02", "2026-11-30")
    (copied / "coekg.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(copied)
    result = CliRunner().invoke(
        cli,
        ["publish", "--release", "0.4.0", "-o", "site", "--no-validate", "--data", "data-0.3.0"],
    )
    refused(result, 1, "coekg: error: release 0.4.0: its date 2026-11-30 (issued, in coekg.toml)")
    assert tree(copied / "site") == published.after["0.3.0"]


@pytest.mark.parametrize("version", ["../up", "v 1", "-1", "1/2", "x" * 65])
def test_a_bad_version_is_refused_in_one_line(
    version: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["publish", "--release", version, "-o", "site"])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: Invalid value for '--release': {version!r} is not a version: letters, digits "
        "and . + _ - only, starting with a letter or digit, at most 64 characters (such as "
        "1.0.0 or 2026-12)"
    ]
    assert not (tmp_path / "site").exists()


def test_a_version_other_than_the_project_files_is_refused(
    copied: Path, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    (copied / "coekg.toml").write_text(project_file("0.3.0"), encoding="utf-8")
    monkeypatch.chdir(copied)
    result = CliRunner().invoke(cli, ["publish", "--release", "0.4.0", "-o", "site"])
    refused(
        result,
        2,
        "coekg: error: release 0.4.0: the project file coekg.toml says version '0.3.0'; "
        'set version = "0.4.0"',
    )
    assert tree(copied / "site") == published.after["0.3.0"]


def test_publishing_without_release_over_editions_is_refused(
    copied: Path, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(copied)
    result = CliRunner().invoke(cli, ["publish", "-o", "site", "--no-validate"])
    refused(
        result,
        2,
        "coekg: error: site: holds released editions (0.1.0, 0.2.0, 0.3.0), which publishing "
        "without --release would drop",
    )
    assert tree(copied / "site") == published.after["0.3.0"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("change", "releases/0.1.0/coekg.nt.gz: SHA-256 differs from"),
        ("remove", "releases/0.1.0/coekg.nt.gz: missing, listed in"),
        ("add", "releases/0.1.0/extra.txt: not listed in"),
    ],
)
def test_a_damaged_earlier_edition_stops_the_release(
    damage: str,
    message: str,
    copied: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = copied / "site/releases/0.1.0"
    if damage == "change":
        (folder / "coekg.nt.gz").write_bytes(b"not the published dump")
    elif damage == "remove":
        (folder / "coekg.nt.gz").unlink()
    else:
        (folder / "extra.txt").write_text("added later\n", encoding="utf-8")
    before = tree(copied / "site")
    text = project_file("0.3.0").replace("0.3.0", "0.4.0")
    (copied / "coekg.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(copied)
    result = CliRunner().invoke(
        cli,
        ["publish", "--release", "0.4.0", "-o", "site", "--no-validate", "--data", "data-0.3.0"],
    )
    line = refused(result, 3, "coekg: error: site/releases/0.1.0/")
    assert message in line
    assert "restore the folder" in line
    assert tree(copied / "site") == before


def test_a_release_over_an_unversioned_site_is_the_first_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project(tmp_path / "unversioned")
    monkeypatch.chdir(folder)
    plain = CliRunner().invoke(cli, ["publish", "-o", "site", "--no-validate"])
    assert plain.exit_code == 0, plain.output
    assert not (folder / "site/releases").exists()
    result = release(folder, "0.1.0", monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "edition 0.1.0 in site/releases/0.1.0: the first edition"
    )


def test_a_new_version_of_the_same_data_says_so(
    copied: Path, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = project_file("0.3.0").replace('"0.3.0"', '"0.4.0"')
    (copied / "coekg.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(copied)
    result = CliRunner().invoke(
        cli,
        ["publish", "--release", "0.4.0", "-o", "site", "--no-validate", "--data", "data-0.3.0"],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "edition 0.4.0 in site/releases/0.4.0, since 0.3.0: the same data as 0.3.0; "
        "earlier editions kept: 0.1.0, 0.2.0, 0.3.0"
    )
    page = copied / "site/releases/0.4.0/index.html"
    assert "The data is the same as in edition 0.3.0." in text_of(page)
    assert sections(page) == {}
    site = tree(copied / "site")
    for name, data in published.after["0.3.0"].items():
        if name.startswith("releases/0."):
            assert site[name] == data, name
