"""Rewrite the two lists of shapes:KnownTermsShape in shapes/coekg-shapes.ttl: the classes
and the properties the data may use. Run after declaring a term in the ontology:

    .venv/bin/python scripts/known-terms.py

They are the ontology's declarations (classes: owl:Class, rdfs:Class; properties:
owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty, rdf:Property), the terms
of RDF, RDFS and OWL (from the shipped term lists), and the SHACL and schema.org terms of the
query catalogue, which exports hold beside the data. tests/test_vocabulary.py checks that
the shapes hold exactly these.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from coekg import namespaces  # noqa: E402
from coekg.validation.known_terms import known_terms  # noqa: E402
from coekg.validation.wording import compact  # noqa: E402

SHAPES = ROOT / "shapes" / "coekg-shapes.ttl"


def block(items: set[str]) -> str:
    def key(iri: str) -> tuple[int, str]:
        return (0 if iri.startswith(namespaces.DEF) else 1, compact(iri))

    lines: list[str] = []
    line = ""
    for name in (compact(i) for i in sorted(items, key=key)):
        if line and len(line) + len(name) + 1 > 92:
            lines.append(line)
            line = name
        else:
            line = f"{line} {name}" if line else name
    lines.append(line)
    return "\n        ".join(lines)


def main() -> None:
    classes, properties = known_terms(ROOT / "ontology")
    text = SHAPES.read_text(encoding="utf-8")
    for name, items in (("sh:ignoredProperties", properties), ("sh:in", classes)):
        pattern = re.compile(
            rf"(shapes:KnownTermsShape(?:-type)? a [^.]*?{re.escape(name)} \(\n        )"
            r"(.*?)(\n    \) ;)",
            re.DOTALL,
        )
        text, n = pattern.subn(lambda m, items=items: m.group(1) + block(items) + m.group(3), text)
        assert n == 1, name
    SHAPES.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
