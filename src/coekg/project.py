"""The project: its folders (ontology, data, shapes, queries), its identity, and its dataset.

Every command works on one project, found by :func:`find`:

* inside a project folder (the current folder or a parent of it that holds the project file
  ``coekg.toml``, or the three folders ``ontology/``, ``data/`` and ``shapes/``), that
  folder's files, so a data steward's edits are what every command reads;
* anywhere else, the copy bundled with the package.

An installed copy is never used inside a project. Paths under the current folder are kept
relative to it, so messages name ``data/projects.ttl``, as the steward's editor does.

The project file (schema in ``docs/project-file.md``) may name other folders and holds the
deployment's identity: base URL, publisher, contact point, licence, titles, descriptions and
keywords in one or more languages, the languages of the data, and the edition's dates and
version. Without it, or for a key it leaves out, the defaults of :class:`Identity` hold.

:meth:`Project.load` reads the ontology, the data and the query catalogue into one
:class:`~coekg.rdf.dataset.KnowledgeGraph`, each file its own named graph.
"""

from __future__ import annotations

import datetime
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from coekg import namespaces, resources
from coekg.errors import InputError, ParseError
from coekg.query.catalogue_rdf import catalogue_quads, catalogue_source
from coekg.rdf.dataset import (
    KnowledgeGraph,
    Part,
    Source,
    StatementFeed,
    expand,
    parse_source,
)

PROJECT_FILE = "coekg.toml"
#: the folders of a project, and their default names
FOLDERS = ("ontology", "data", "shapes", "queries")

EU = "http://publications.europa.eu/resource/authority/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
#: the ADMS publisher types (DCAT-AP's controlled vocabulary for ``dcterms:type`` of a publisher)
PUBLISHER_TYPES = (
    "Academia-ScientificOrganisation",
    "Company",
    "IndustryConsortium",
    "LocalAuthority",
    "NationalAuthority",
    "NonGovernmentalOrganisation",
    "NonProfitOrganisation",
    "PrivateIndividual(s)",
    "RegionalAuthority",
    "StandardisationBody",
    "SupraNationalAuthority",
)

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the syntax of a version: letters, digits and ``. + _ -``, starting with a letter or digit
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+_-]*$")


@dataclass(frozen=True)
class Identity:
    """Who publishes the dataset, under which address, licence and titles.

    Texts are mappings from a language tag to the text (``{"en": "..."}``); keywords map a
    language to a tuple of keywords.
    """

    base_url: str = namespaces.BASE
    title: Mapping[str, str] = field(
        default_factory=lambda: {"en": "Council of Europe co-operation with Azerbaijan"}
    )
    description: Mapping[str, str] = field(
        default_factory=lambda: {
            "en": "A knowledge graph of the co-operation between the Council of Europe and "
            "the Republic of Azerbaijan: organisations and bodies, treaties, action plans, "
            "programmes, projects, events and people. Every fact cites the section of the "
            "Council of Europe Office in Baku's publication (2022) that it comes from."
        }
    )
    keywords: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: {
            "en": (
                "Council of Europe",
                "Azerbaijan",
                "co-operation",
                "human rights",
                "rule of law",
                "democracy",
                "linked open data",
            )
        }
    )
    #: the languages the data's texts are written in (BCP 47 tags); the first is required
    languages: tuple[str, ...] = ("en",)
    licence: str = EU + "licence/CC_BY_4_0"
    publisher_name: str = "The coekg developers"
    publisher_iri: str | None = None
    publisher_type: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_url: str | None = None
    #: the edition: dates (``YYYY-MM-DD``) and version; never taken from the clock
    issued: str | None = None
    modified: str | None = None
    version: str | None = None
    version_notes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """A project folder (or the bundled copy) and what its project file says."""

    root: Path
    bundled: bool
    ontology: Path
    data: Path
    shapes: Path
    queries: Path
    file: Path | None = None
    identity: Identity = field(default_factory=Identity)

    # --- what the folders hold ------------------------------------------------------------

    def ontology_sources(self) -> list[Source]:
        """The ontology's files, all in the ontology's named graph."""
        return [
            Source(p, namespaces.ONTOLOGY_GRAPH, "ontology")
            for p in resources.rdf_files(self.ontology)
        ]

    def data_sources(self, paths: Sequence[str | Path] | None = None) -> list[Source]:
        """The data files: ``paths`` if given (files or folders), else the data folder."""
        return expand(paths if paths else [self.data], "data")

    def shape_files(self) -> list[Path]:
        """The SHACL shapes files, sorted by name."""
        files = resources.rdf_files(self.shapes) if self.shapes.is_dir() else []
        if not files:
            raise InputError(f"{self.shapes}: no shapes file (Turtle) in the shapes folder")
        return files

    def load(
        self,
        paths: Sequence[str | Path] | None = None,
        *,
        ontology: bool = True,
        queries: bool | None = None,
        extra: Sequence[Source] = (),
        feed: StatementFeed | None = None,
    ) -> KnowledgeGraph:
        """Read the data (``paths``, or the data folder), plus the ontology unless told not to.

        The query catalogue (graph ``.../graph/queries``, role "queries") is added after the
        data when ``queries`` is true; by default it comes with the ontology. A ``feed``
        hears of the statements as they are read (:class:`StatementFeed`).
        """
        sources = (self.ontology_sources() if ontology else []) + self.data_sources(paths)
        parts = [parse_source(s, feed) for s in [*sources, *extra]]
        if ontology if queries is None else queries:
            parts.append(Part(catalogue_source(self.queries), catalogue_quads(self.queries), None))
        if feed is not None:
            feed.read(parts)
        return KnowledgeGraph(parts)

    def describe(self) -> str:
        """Which data a command read, in words: ``project ./`` or ``the bundled copy``."""
        if self.bundled:
            return "the bundled copy"
        return f"project {shown(self.root)}"


def shown(path: Path) -> str:
    """``path`` as messages show it: relative to the current folder when under it."""
    try:
        here = Path.cwd()
    except OSError:
        return str(path)
    absolute = Path(os.path.abspath(path))
    if absolute == here:
        return "./"
    if absolute.is_relative_to(here):
        return str(absolute.relative_to(here))
    return str(path)


def _relative(path: Path) -> Path:
    """``path`` relative to the current folder when it is under it, else absolute."""
    text = shown(path)
    return Path(".") if text == "./" else Path(text)


def _is_project(folder: Path) -> bool:
    if (folder / PROJECT_FILE).is_file():
        return True
    return all((folder / name).is_dir() for name in ("ontology", "data", "shapes"))


def find(start: Path | None = None) -> Project:
    """The project of ``start`` (default: the current folder) or of its nearest parent that
    is one; else the bundled copy."""
    try:
        here = Path(os.path.abspath(start or Path.cwd()))
    except OSError:  # the current folder was removed
        return bundled()
    for folder in (here, *here.parents):
        if _is_project(folder):
            return at(folder)
    return bundled()


def bundled() -> Project:
    """The copy of the ontology, data, shapes and queries that comes with the package, with
    the identity of the project file packaged beside them (its folders are the package's)."""
    root = resources.content_root()
    file = root / PROJECT_FILE
    identity = Identity()
    if file.is_file():
        config = _Config(file, _read(file))
        identity = _identity(config)
        config.done()
    return Project(
        root=root,
        bundled=True,
        ontology=resources.ontology_dir(),
        data=resources.data_dir(),
        shapes=resources.shapes_dir(),
        queries=resources.queries_dir(),
        file=file if file.is_file() else None,
        identity=identity,
    )


def at(folder: Path) -> Project:
    """The project in ``folder``, with its project file if it has one."""
    root = _relative(folder)
    file = folder / PROJECT_FILE
    if not file.is_file():
        o, d, s, q = (root / name for name in FOLDERS)
        return Project(root, False, o, d, s, q)
    shown_file = _relative(file)
    table = _read(shown_file)
    config = _Config(shown_file, table)
    folders = config.table("paths")
    paths = [
        root / config.string(folders, name, default=name, where=f"paths.{name}") for name in FOLDERS
    ]
    identity = _identity(config)
    config.done()
    o, d, s, q = paths
    return Project(root, False, o, d, s, q, file=shown_file, identity=identity)


# --- reading the project file -------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(path, "not UTF-8 text", 1) from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"line (\d+)", str(e))
        line = int(found.group(1)) if found else None
        raise ParseError(path, str(e).split(" (at ")[0], line) from None


class _Config:
    """The project file's tables, read key by key; every key read is marked, and
    :meth:`done` refuses the keys nobody read (a typo must not be ignored)."""

    SCHEMA: Mapping[str, tuple[str, ...]] = {
        "paths": FOLDERS,
        "site": ("base-url",),
        "dataset": (
            "title",
            "description",
            "keywords",
            "languages",
            "licence",
            "issued",
            "modified",
            "version",
            "version-notes",
        ),
        "publisher": ("name", "iri", "type"),
        "contact": ("name", "email", "url"),
    }

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.lines = path.read_text(encoding="utf-8-sig").splitlines()

    def line_of(self, where: str) -> int | None:
        """The line that sets ``table.key`` (or opens ``[table]``), for messages."""
        table, _, key = where.partition(".")
        in_table = False
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                in_table = stripped.strip("[] ") == table
                if in_table and not key:
                    return number
            elif in_table and key and re.match(rf"^{re.escape(key)}\s*[=.]", stripped):
                return number
        return None

    def error(self, where: str, message: str) -> ParseError:
        return ParseError(self.path, f"{where}: {message}", self.line_of(where))

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise self.error(name, "must be a table ([" + name + "])")
        return value

    def string(
        self, table: Mapping[str, Any], key: str, *, default: str | None = None, where: str
    ) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error(where, "must be a non-empty string")
        return value.strip()

    def optional(self, table: Mapping[str, Any], key: str, where: str) -> str | None:
        return self.string(table, key, where=where) if key in table else None

    def texts(self, table: Mapping[str, Any], key: str, where: str) -> dict[str, str] | None:
        """A text in languages: ``{ en = "...", fr = "..." }`` (a plain string is English)."""
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, str):
            value = {"en": value}
        if not isinstance(value, dict) or not value:
            raise self.error(where, 'must be a string or a table of languages: { en = "..." }')
        out: dict[str, str] = {}
        for lang, text in value.items():
            self.language(lang, where)
            if not isinstance(text, str) or not text.strip():
                raise self.error(where, f"the {lang} text must be a non-empty string")
            out[lang] = " ".join(text.split())
        return out

    def language(self, tag: Any, where: str) -> str:
        if not isinstance(tag, str) or not _LANGUAGE_TAG.match(tag):
            raise self.error(where, f"{tag!r} is not a language tag (BCP 47, such as en or fr)")
        return tag

    def iri(self, table: Mapping[str, Any], key: str, where: str) -> str | None:
        value = self.optional(table, key, where)
        if value is not None and not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value):
            raise self.error(where, f"{value!r} is not an absolute http(s) IRI")
        return value

    def date(self, table: Mapping[str, Any], key: str, where: str) -> str | None:
        if key not in table:
            return None
        value = table[key]
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        if isinstance(value, str) and _DATE.match(value):
            try:
                return datetime.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        raise self.error(where, f"{value!r} is not a date (YYYY-MM-DD)")

    def done(self) -> None:
        for name, value in self.data.items():
            if name not in self.SCHEMA:
                known = ", ".join(f"[{t}]" for t in self.SCHEMA)
                raise self.error(name, f"unknown table (the project file has {known})")
            if isinstance(value, dict):
                for key in value:
                    if key not in self.SCHEMA[name]:
                        known = ", ".join(self.SCHEMA[name])
                        raise self.error(
                            f"{name}.{key}", f"unknown key (the [{name}] table has {known})"
                        )


def normalise_base_url(url: str) -> str:
    """An absolute http(s) URL ending in ``/``; :class:`ValueError` for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an absolute http or https URL")
    if parts.query or parts.fragment or "@" in parts.netloc:
        raise ValueError(f"{url!r}: a base URL has no user, query or fragment")
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:[]%")
    if not set(parts.netloc + parts.path) <= allowed:
        raise ValueError(f"{url!r}: unexpected characters in the base URL")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _identity(config: _Config) -> Identity:
    default = Identity()
    site = config.table("site")
    base_url = default.base_url
    if "base-url" in site:
        raw = config.string(site, "base-url", where="site.base-url")
        try:
            base_url = normalise_base_url(raw)
        except ValueError as e:
            raise config.error("site.base-url", str(e)) from None
    d = config.table("dataset")
    keywords: dict[str, tuple[str, ...]] | None = None
    if "keywords" in d:
        raw_keywords = d["keywords"]
        if isinstance(raw_keywords, list):
            raw_keywords = {"en": raw_keywords}
        if not isinstance(raw_keywords, dict) or not raw_keywords:
            raise config.error("dataset.keywords", 'must be a list, or { en = ["...", ...] }')
        keywords = {}
        for lang, words in raw_keywords.items():
            config.language(lang, "dataset.keywords")
            if not isinstance(words, list) or not all(
                isinstance(w, str) and w.strip() for w in words
            ):
                raise config.error("dataset.keywords", f"{lang}: must be a list of strings")
            keywords[lang] = tuple(w.strip() for w in words)
    languages = default.languages
    if "languages" in d:
        raw_languages = d["languages"]
        if not isinstance(raw_languages, list) or not raw_languages:
            raise config.error("dataset.languages", 'must be a list such as ["en", "fr"]')
        languages = tuple(config.language(t, "dataset.languages") for t in raw_languages)
    p = config.table("publisher")
    publisher_type = config.optional(p, "type", "publisher.type")
    if publisher_type is not None:
        local = publisher_type.removeprefix(ADMS_PUBLISHER_TYPE)
        if local not in PUBLISHER_TYPES:
            raise config.error(
                "publisher.type",
                f"{publisher_type!r} is not an ADMS publisher type (one of "
                f"{', '.join(PUBLISHER_TYPES)})",
            )
        publisher_type = ADMS_PUBLISHER_TYPE + local
    c = config.table("contact")
    email = config.optional(c, "email", "contact.email")
    if email is not None:
        email = email.removeprefix("mailto:")
        if not _EMAIL.match(email):
            raise config.error("contact.email", f"{email!r} is not an email address")
    version = config.optional(d, "version", "dataset.version")
    if version is not None and not VERSION.match(version):
        raise config.error("dataset.version", f"{version!r}: letters, digits and . + _ - only")
    issued = config.date(d, "issued", "dataset.issued")
    modified = config.date(d, "modified", "dataset.modified")
    if issued and modified and modified < issued:
        raise config.error("dataset.modified", f"{modified} is before dataset.issued {issued}")
    return Identity(
        base_url=base_url,
        title=config.texts(d, "title", "dataset.title") or default.title,
        description=config.texts(d, "description", "dataset.description") or default.description,
        keywords=keywords or default.keywords,
        languages=languages,
        licence=config.iri(d, "licence", "dataset.licence") or default.licence,
        publisher_name=config.optional(p, "name", "publisher.name") or default.publisher_name,
        publisher_iri=config.iri(p, "iri", "publisher.iri"),
        publisher_type=publisher_type,
        contact_name=config.optional(c, "name", "contact.name"),
        contact_email=email,
        contact_url=config.iri(c, "url", "contact.url"),
        issued=issued,
        modified=modified,
        version=version,
        version_notes=config.texts(d, "version-notes", "dataset.version-notes") or {},
    )
