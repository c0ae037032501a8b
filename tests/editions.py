"""Two editions of the bundled data for the tests of ``coekg diff`` and ``coekg load --since``.

The old edition is a copy of the bundled data folder plus ``structures.ttl`` (blank nodes,
which the bundled data has none of outside the ontology). The new edition is the same with
one change of every kind ``coekg diff`` tells apart, each applied to text that must be
found exactly once (so the fixture cannot silently stop changing anything):

* a property's value changed (an IRI), a typed literal's value changed (an ``xsd:decimal``,
  which Virtuoso rewrites unless told not to), a boolean flipped;
* a literal whose datatype alone changed, another whose language alone changed;
* a property added to a resource, another removed;
* a resource added (in a new file), a resource removed;
* blank-node structures: one unchanged but written differently, one changed deep inside,
  one added, one removed, an OWL-style list that gained an item, and one moved to another
  file (no change).

These are test edits, not facts: the changed values are named below and nowhere else.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from coekg import resources

EX = "http://example.org/coekg-test/"
PROJECT = "https://w3id.org/coekg/id/project/support-execution-ecthr-judgments"

OLD_STRUCTURES = f"""@prefix ex: <{EX}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

ex:holder ex:unchanged [ ex:label "stays the same" ; ex:inner [ ex:label "inner" ] ] ;
    ex:changing [ ex:label "before" ; ex:inner [ ex:label "deep" ; ex:order 1 ] ] ;
    ex:going [ ex:label "goes" ] .

[] a owl:AllDisjointClasses ; owl:members ( ex:A ex:B ) .

ex:mover ex:moves [ ex:label "moves to another file" ] .
"""

NEW_STRUCTURES = f"""@prefix ex: <{EX}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

_:inner ex:label "inner" .
ex:holder ex:unchanged _:same .
_:same ex:inner _:inner ; ex:label "stays the same" .
ex:holder ex:changing [ ex:label "before" ; ex:inner [ ex:label "deep" ; ex:order 2 ] ] ;
    ex:coming [ ex:label "comes" ; ex:count "3"^^<http://www.w3.org/2001/XMLSchema#decimal> ] .

[] a owl:AllDisjointClasses ; owl:members ( ex:A ex:B ex:C ) .
"""

MOVED = f"""@prefix ex: <{EX}> .
ex:mover ex:moves [ ex:label "moves to another file" ] .
"""

ADDED = f"""@prefix ex: <{EX}> .
@prefix coekg: <https://w3id.org/coekg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:added-project a coekg:Project ;
    rdfs:label "A project the test adds"@en .
"""

#: (file, text in the old edition, text in the new one)
EDITS = [
    (
        "projects.ttl",
        '    coekg:status coekg:Ongoing ;\n    coekg:launchDate "2022-10-21"^^xsd:date ;\n',
        '    coekg:status coekg:Completed ;\n    coekg:launchDate "2022-10-21" ;\n',
    ),
    (
        "projects.ttl",
        '"Support for the Improvement of the Execution of the European Court Judgments by '
        'Azerbaijan"@en',
        '"Support for the Improvement of the Execution of the European Court Judgments by '
        'Azerbaijan"@fr',
    ),
    (
        "action-plans.ttl",
        'coekg:amount "9600000"^^xsd:decimal ;',
        'coekg:amount "9700000"^^xsd:decimal ;',
    ),
    (
        "people.ttl",
        "President of the Republic of Azerbaijan, shown speaking in Strasbourg in June 2014 and "
        'meeting the Secretary General in Baku in April 2022."@en ;\n'
        '    coekg:honorific "H.E. Mr." ;\n',
        "President of the Republic of Azerbaijan, shown speaking in Strasbourg in June 2014 and "
        'meeting the Secretary General in Baku in April 2022."@en ;\n'
        f'    <{EX}note> "a note the test adds" ;\n',
    ),
    (
        "people.ttl",
        "person:heydar-aliyev a coekg:Person ;\n"
        '    rdfs:label "Heydar Aliyev"@en ;\n'
        '    dcterms:description "President of the Republic of Azerbaijan when the country '
        'joined the Council of Europe in January 2001."@en ;\n'
        '    coekg:honorific "H.E. Mr." ;\n'
        "    coekg:sourceSection section:opening .\n",
        "",
    ),
]


@dataclass(frozen=True)
class Editions:
    """The folders of the old and the new edition."""

    old: Path
    new: Path


def make(folder: Path) -> Editions:
    """Write both editions under ``folder``."""
    old, new = folder / "old", folder / "new"
    shutil.copytree(resources.data_dir(), old)
    (old / "structures.ttl").write_text(OLD_STRUCTURES, encoding="utf-8")
    shutil.copytree(old, new)
    (new / "structures.ttl").write_text(NEW_STRUCTURES, encoding="utf-8")
    (new / "moved.ttl").write_text(MOVED, encoding="utf-8")
    (new / "added.ttl").write_text(ADDED, encoding="utf-8")
    for name, before, after in EDITS:
        path = new / name
        text = path.read_text(encoding="utf-8")
        assert text.count(before) == 1, f"{name}: the text to edit is not there once"
        path.write_text(text.replace(before, after), encoding="utf-8")
    flip_first_boolean(new / "events.ttl")
    return Editions(old, new)


def flip_first_boolean(path: Path) -> None:
    """The first ``coekg:photoCaption true`` of ``path`` becomes ``false``."""
    text = path.read_text(encoding="utf-8")
    assert "coekg:photoCaption true ;" in text
    path.write_text(
        text.replace("coekg:photoCaption true ;", "coekg:photoCaption false ;", 1),
        encoding="utf-8",
    )
