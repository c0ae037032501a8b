"""The project folder: which files a command reads, and the project file (coekg.toml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coekg import project, resources
from coekg.cli import cli
from coekg.errors import ParseError

ROOT = Path(__file__).resolve().parents[1]


def copy_project(target: Path) -> Path:
    """A copy of the checkout's content folders (no project file) in ``target``."""
    for name in ("ontology", "data", "shapes", "queries"):
        shutil.copytree(ROOT / name, target / name)
    return target


def test_the_checkout_is_a_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    found = project.find()
    assert not found.bundled
    assert found.root == Path(".")
    assert found.data == Path("data")
    assert found.describe() == "project ./"


def test_a_subfolder_finds_the_project_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "data")
    found = project.find()
    assert found.root == ROOT
    assert found.data == ROOT / "data"


def test_outside_any_project_the_bundled_copy_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    found = project.find()
    assert found.bundled
    assert found.data == resources.data_dir()
    assert found.describe() == "the bundled copy"


def test_a_folder_with_the_three_content_folders_is_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_project(tmp_path)
    (tmp_path / "deep").mkdir()
    monkeypatch.chdir(tmp_path / "deep")
    found = project.find()
    assert not found.bundled
    assert found.root == tmp_path


def test_a_stewards_edit_is_what_validate_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blocker of issue 14: an edit in the checkout was ignored in favour of a copy."""
    copy_project(tmp_path)
    projects = tmp_path / "data" / "projects.ttl"
    text = projects.read_text(encoding="utf-8")
    broken = text.replace('"2022-10-21"^^xsd:date', '"2022-10-32"^^xsd:date', 1)
    assert broken != text
    projects.write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1, result.output
    assert "data/projects.ttl" in result.output
    assert str(resources.content_root()) not in result.output


def test_the_project_file_names_other_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "ontology", tmp_path / "vocabulary")
    shutil.copytree(ROOT / "data", tmp_path / "facts")
    shutil.copytree(ROOT / "shapes", tmp_path / "shapes")
    shutil.copytree(ROOT / "queries", tmp_path / "queries")
    (tmp_path / "coekg.toml").write_text(
        '[paths]\nontology = "vocabulary"\ndata = "facts"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    found = project.find()
    assert found.ontology == Path("vocabulary")
    assert found.data == Path("facts")
    assert found.file == Path("coekg.toml")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output


def test_the_project_file_sets_the_identity(tmp_path: Path) -> None:
    copy_project(tmp_path)
    (tmp_path / "coekg.toml").write_text(
        """
[site]
base-url = "https://data.example.org/coekg"

[dataset]
title = { en = "Co-operation", fr = "Coopération" }
keywords = ["one", "two"]
languages = ["en", "fr"]
issued = 2026-11-01
modified = "2026-12-01"
version = "2026.12"

[publisher]
name = "Example publisher"
iri = "https://example.org/publisher"
type = "NonProfitOrganisation"

[contact]
email = "mailto:data@example.org"
""",
        encoding="utf-8",
    )
    identity = project.at(tmp_path).identity
    assert identity.base_url == "https://data.example.org/coekg/"
    assert identity.title == {"en": "Co-operation", "fr": "Coopération"}
    assert identity.keywords == {"en": ("one", "two")}
    assert identity.languages == ("en", "fr")
    assert (identity.issued, identity.modified, identity.version) == (
        "2026-11-01",
        "2026-12-01",
        "2026.12",
    )
    assert identity.publisher_type == "http://purl.org/adms/publishertype/NonProfitOrganisation"
    assert identity.contact_email == "data@example.org"
    assert identity.description == project.Identity().description  # the default stays


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[dataset]\ntitel = 'x'\n", 2, "dataset.titel: unknown key"),
        ("[datset]\n", 1, "datset: unknown table"),
        ("[site]\nbase-url = 'ftp://x/'\n", 2, "not an absolute http or https URL"),
        ("[publisher]\ntype = 'Charity'\n", 2, "not an ADMS publisher type"),
        ("[contact]\nemail = 'nobody'\n", 2, "not an email address"),
        ("[dataset]\nlanguages = ['english']\n", 2, "not a language tag"),
        ("[dataset]\nissued = '2026-13-01'\n", 2, "not a date"),
        ("[dataset]\nissued = 2026-12-01\nmodified = 2026-11-01\n", 3, "before dataset.issued"),
        ("[dataset]\ntitle = \n", 2, "Invalid value"),
    ],
)
def test_a_bad_project_file_names_file_line_and_what_is_wrong(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    copy_project(tmp_path)
    (tmp_path / "coekg.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as err:
        project.at(tmp_path)
    assert err.value.line == line
    assert message in str(err.value)


def test_a_bad_project_file_is_exit_3_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_project(tmp_path)
    (tmp_path / "coekg.toml").write_text("[dataset]\ntitel = 'x'\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 3
    assert result.output.strip().splitlines() == [
        "coekg: error: coekg.toml:2: dataset.titel: unknown key (the [dataset] table has "
        "title, description, keywords, languages, licence, issued, modified, version, "
        "version-notes)"
    ]
