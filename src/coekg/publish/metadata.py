"""What the site says about the dataset as a whole: who publishes it, titles, licence, edition.

Everything here comes from two places only: the project file's identity
(:class:`coekg.project.Identity`: base URL, titles, descriptions and keywords per language,
languages, licence, publisher, contact point, dates and version) and the data itself (the
source documents it cites, the period its dates cover). Nothing comes from the clock, so the
same project gives the same site.

The controlled-vocabulary IRIs are the EU Publications Office authority tables listed in the
project's reference of checked identifiers, and the ADMS vocabularies that DCAT-AP names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.project import EU, Identity
from coekg.publish.graphview import DCTERMS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coekg.publish.graphview import GraphView

COUNTRY_EU = EU + "country/AZE"
THEME_SCHEME = EU + "data-theme"
THEME_SCHEME_TITLE = "Data theme"
#: theme -> its label in the authority table
THEMES = {
    EU + "data-theme/GOVE": "Government and public sector",
    EU + "data-theme/JUST": "Justice, legal system and public safety",
}
#: BCP 47 language tag -> the EU language authority table's code, for the languages the
#: Council of Europe works in and Azerbaijani; another language is shown on the pages but
#: not named in the catalogue's ``dcterms:language``
LANGUAGE_CODES = {"en": "ENG", "fr": "FRA", "de": "DEU", "it": "ITA", "ru": "RUS", "az": "AZE"}
#: licence IRI -> (the licence's own page, its name), for licences the pages name in words
LICENCES = {
    EU + "licence/CC_BY_4_0": (
        "https://creativecommons.org/licenses/by/4.0/",
        "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    ),
}
#: licence IRI -> its ADMS licence type (DCAT-AP recommends ``dcterms:type`` on a licence)
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"
LICENCE_TYPES = {EU + "licence/CC_BY_4_0": ADMS_LICENCE_TYPE + "Attribution"}
SOURCE_DOCUMENT_CLASS = namespaces.DEF + "SourceDocument"
PUBLISHER_PROPERTY = DCTERMS + "publisher"
CONTEXT_PATH = "context.jsonld"


@dataclass(frozen=True)
class SourceDoc:
    """A document the data's facts come from, as the data describes it."""

    iri: str
    title: str
    publisher: str | None
    year: str | None


@dataclass(frozen=True)
class DatasetInfo:
    """The dataset as the site presents it: the project's identity, for ``base_url``."""

    base_url: str
    identity: Identity = field(default_factory=Identity)
    #: earliest and latest xsd:date in the data, if any (the period the facts cover)
    first_date: str | None = None
    last_date: str | None = None
    sources: tuple[SourceDoc, ...] = ()
    #: the version published with ``--release``: its edition is kept under ``releases/``
    release: str | None = None

    def url(self, path: str = "") -> str:
        return self.base_url + path

    @property
    def sparql_url(self) -> str:
        return self.url("sparql")

    @property
    def context_url(self) -> str:
        """The JSON-LD context the site serves, which its JSON-LD documents refer to."""
        return self.url(CONTEXT_PATH)

    @property
    def language(self) -> str:
        """The first language of the data: the one pages are written for."""
        return self.identity.languages[0]

    def text(self, texts: Mapping[str, str]) -> str:
        """The text in the first language that has one (the data's languages first)."""
        for lang in (*self.identity.languages, "en"):
            if lang in texts:
                return texts[lang]
        return next(iter(texts.values()))

    @property
    def title(self) -> str:
        return self.text(self.identity.title)

    @property
    def description(self) -> str:
        return self.text(self.identity.description)

    @property
    def keywords(self) -> tuple[str, ...]:
        words = self.identity.keywords
        for lang in (*self.identity.languages, "en"):
            if lang in words:
                return words[lang]
        return next(iter(words.values()))

    @property
    def licence_url(self) -> str:
        """Where a person reads the licence: its own page, else its IRI."""
        return LICENCES.get(self.identity.licence, (self.identity.licence, ""))[0]

    @property
    def licence_name(self) -> str:
        return LICENCES.get(self.identity.licence, ("", self.identity.licence))[1]

    @property
    def language_iris(self) -> list[str]:
        """The EU authority IRIs of the data's languages (those that have one)."""
        codes = (LANGUAGE_CODES.get(t.split("-")[0].lower()) for t in self.identity.languages)
        return list(dict.fromkeys(EU + "language/" + c for c in codes if c))

    @property
    def version_notes(self) -> str | None:
        notes = self.identity.version_notes
        return self.text(notes) if notes else None

    def citation(self) -> str:
        """A citation of the dataset in words: publisher (year), title, version, address."""
        i = self.identity
        year = f" ({i.issued[:4]})" if i.issued else ""
        version = f", version {i.version}" if i.version else ""
        return f"{i.publisher_name}{year}. {self.title}{version} [data set]. {self.url()}"


def publisher_type_label(iri: str) -> str:
    """``Private individual(s)`` for ``.../publishertype/PrivateIndividual(s)``."""
    local = iri.rstrip("/").rsplit("/", 1)[-1]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).replace("-", " / ")
    return words[:1] + words[1:].lower()


def _sources(view: GraphView) -> tuple[SourceDoc, ...]:
    import pyoxigraph as ox

    found = []
    documents = (iri for iri, classes in view.types.items() if SOURCE_DOCUMENT_CLASS in classes)
    for iri in sorted(documents):
        node = ox.NamedNode(iri)
        titles = view.literal_values(node, (DCTERMS + "title",))
        publishers = [
            t.object.value
            for t in view.statements(node)
            if t.predicate.value == PUBLISHER_PROPERTY and isinstance(t.object, ox.NamedNode)
        ]
        issued = view.literal_values(node, (DCTERMS + "issued",))
        found.append(
            SourceDoc(
                iri=iri,
                title=titles[0].value if titles else view.label(iri),
                publisher=view.label(sorted(publishers)[0]) if publishers else None,
                year=issued[0].value[:4] if issued else None,
            )
        )
    return tuple(found)


def dataset_info(view: GraphView, base_url: str, identity: Identity | None = None) -> DatasetInfo:
    """The dataset's description for a site at ``base_url``: ``identity`` (default: the
    built-in one) with the sources and period found in the data."""

    dates = view.dates
    return DatasetInfo(
        base_url=base_url,
        identity=identity or Identity(),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        sources=_sources(view),
    )
