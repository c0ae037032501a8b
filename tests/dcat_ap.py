"""The official DCAT-AP 3.0.1 shapes (in ``../shared/conformance``) run on a catalogue."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from tests.requirements import need_shared


@functools.cache
def _shapes() -> Any:
    import rdflib
    from rdflib.namespace import SH

    shapes = rdflib.Graph()
    dcat_ap = need_shared("conformance/dcat-ap-3.0.1")
    for name in ("dcat-ap-SHACL.ttl", "ranges.ttl"):
        shapes.parse(dcat_ap / name, format="turtle")
    for shape, prop in list(shapes.subject_objects(SH.property)):
        if shapes.value(prop, SH.path) is None:  # upstream defect, see the README there
            shapes.remove((shape, SH.property, prop))
    return shapes


def dcat_ap_violations(catalog: Path) -> str | None:
    """pySHACL's report of the Turtle file ``catalog`` against the official shapes, or
    ``None`` when it conforms without a warning."""
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(catalog, format="turtle")
    conforms, _graph, text = pyshacl.validate(
        data, shacl_graph=_shapes(), inference="none", allow_warnings=True
    )
    return None if conforms and "Warning" not in text else str(text)
