"""The project: where the ontology, data, shapes and queries are, read into one dataset.

:func:`load` is what every command that reads data calls: the ontology, the data (the files
given, or the project's ``data/``) and the query catalogue, each file its own named graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coekg.query.catalogue_rdf import catalogue_quads, catalogue_source
from coekg.rdf.dataset import (
    KnowledgeGraph,
    Part,
    Source,
    data_sources,
    ontology_sources,
    parse_source,
)


def load(
    paths: Sequence[str | Path] | None = None,
    *,
    ontology: bool = True,
    queries: bool | None = None,
    extra: Sequence[Source] = (),
) -> KnowledgeGraph:
    """Load the data (``paths`` or the bundled data), plus the ontology unless told not to.

    The query catalogue (graph ``.../graph/queries``, role "queries") is added after the
    data when ``queries`` is true; by default it comes with the ontology.
    """
    sources = (ontology_sources() if ontology else []) + data_sources(paths) + list(extra)
    parts = [parse_source(s) for s in sources]
    if ontology if queries is None else queries:
        parts.append(Part(catalogue_source(), list(catalogue_quads()), None))
    return KnowledgeGraph(parts)
