"""The layout of the project's JSON-LD documents: the context, and what stands around and
between the top-level objects (the default graph's nodes, and each named graph with its
nodes). :mod:`coekg.rdf.jsonld` writes whole documents with it; a dump is compressed piece
by piece (:mod:`coekg.rdf.export_pieces`), each piece with the separators around its nodes.
"""

from __future__ import annotations

from coekg import namespaces
from coekg.rdf import json_text

#: between two top-level objects
TOP_SEPARATOR = ",\n  "
#: between two nodes of a named graph
GRAPH_SEPARATOR = ",\n    "
#: before the first node of a named graph
GRAPH_OPEN = '{\n   "@graph": [\n    '
#: after the last top-level object
DOCUMENT_END = "\n ]\n}\n"


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context: a site serves it as ``context.jsonld``; exports embed it."""
    return {"@context": dict(namespaces.PREFIXES)}


def _context_text(context: str | None) -> str:
    return json_text.text(context if context is not None else jsonld_context()["@context"], "\n ")


def document_start(context: str | None) -> str:
    """What comes before the first top-level object (the context embedded if ``None``)."""
    return '{\n "@context": ' + _context_text(context) + ',\n "@graph": [\n  '


def empty_document(context: str | None) -> str:
    """The document of no statement."""
    return '{\n "@context": ' + _context_text(context) + ',\n "@graph": []\n}\n'


def graph_close(quoted_id: str) -> str:
    """What follows the last node of the named graph whose ``@id`` is ``quoted_id`` (a JSON
    string)."""
    return '\n   ],\n   "@id": ' + quoted_id + "\n  }"
