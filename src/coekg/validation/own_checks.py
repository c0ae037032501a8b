"""coekg's own checks, beside the shapes': what a SHACL engine cannot see, because it sees one
graph as its RDF library reads it.

* how literals are written (:mod:`coekg.validation.lexical`): an ill-formed literal said as
  such, and numbers and booleans in the canonical form stores write back;
* where resources are described (:mod:`coekg.validation.duplicates`): one resource typed or
  labelled in two files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coekg.validation.duplicates import duplicate_findings
from coekg.validation.findings import Finding
from coekg.validation.lexical import literal_findings

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph


def own_findings(kg: KnowledgeGraph) -> list[Finding]:
    """The findings of coekg's own checks on the data of ``kg``."""
    return literal_findings(kg) + duplicate_findings(kg)
