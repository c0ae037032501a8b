"""What the site says about the dataset as a whole: title, description, licence, publisher.

The data may describe the dataset itself (``https://w3id.org/coekg/dataset`` with a
``dcterms:title`` and ``dcterms:description``); otherwise the defaults below are used. The
controlled-vocabulary IRIs are the EU Publications Office authority tables listed in the
project's reference of checked identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.publish.graphview import DCTERMS, XSD

if TYPE_CHECKING:
    from coekg.publish.graphview import GraphView

EU = "http://publications.europa.eu/resource/authority/"
LICENCE_EU = EU + "licence/CC_BY_4_0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LANGUAGE_EU = EU + "language/ENG"
COUNTRY_EU = EU + "country/AZE"
THEME_SCHEME = EU + "data-theme"
THEME_SCHEME_TITLE = "Data theme"
#: theme -> its label in the authority table
THEMES = {
    EU + "data-theme/GOVE": "Government and public sector",
    EU + "data-theme/JUST": "Justice, legal system and public safety",
}

DEFAULT_TITLE = "Council of Europe co-operation with Azerbaijan"
DEFAULT_DESCRIPTION = (
    "A knowledge graph of the co-operation between the Council of Europe and the Republic "
    "of Azerbaijan: organisations and bodies, treaties, action plans, programmes, projects, "
    "events and people. Every fact cites the section of the Council of Europe Office in "
    "Baku's publication (2022) that it comes from."
)
KEYWORDS = (
    "Council of Europe",
    "Azerbaijan",
    "co-operation",
    "human rights",
    "rule of law",
    "democracy",
    "linked open data",
)
PUBLISHER = "The coekg developers"
SOURCE_TITLE = "Co-operation between the Council of Europe and the Republic of Azerbaijan"
SOURCE_PUBLISHER = "Council of Europe Office in Baku"


@dataclass(frozen=True)
class DatasetInfo:
    title: str
    description: str
    base_url: str
    #: earliest and latest xsd:date in the data, if any (the period the facts cover)
    first_date: str | None
    last_date: str | None

    def url(self, path: str = "") -> str:
        return self.base_url + path

    @property
    def sparql_url(self) -> str:
        return self.url("sparql")


def dataset_info(view: GraphView, base_url: str) -> DatasetInfo:
    import pyoxigraph as ox

    dataset = ox.NamedNode(namespaces.DATASET)
    titles = view.literal_values(dataset, (DCTERMS + "title",))
    descriptions = view.literal_values(dataset, (DCTERMS + "description",))
    dates = sorted(
        t.object.value
        for t in view.data_triples
        if isinstance(t.object, ox.Literal) and t.object.datatype.value == XSD + "date"
    )
    return DatasetInfo(
        title=titles[0].value if titles else DEFAULT_TITLE,
        description=descriptions[0].value if descriptions else DEFAULT_DESCRIPTION,
        base_url=base_url,
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )
