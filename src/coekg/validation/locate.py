"""Where each finding comes from: the data file and the line, as the steward's editor shows
them.

The file: a finding with a property (a plain predicate) comes from the file that states the
offending triple: the focus, the property and the value, or, for a finding without a value
(too many values, say), any value of the property. Where several files state it, a file
other than the one that describes the resource is named, as it is the one that added to
what the resource's own file says. Any other finding comes from the file that describes its
focus (preferring the file that types it), else from the file that uses its value.

The line (:mod:`coekg.rdf.positions`, read again only for the files with findings): the line
of the statement that gives the offending value; without a value, the first line giving the
property; for a missing property, or a finding about the resource itself, the resource's
first statement; for a finding about the whole dataset, the first use of the offending term.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from coekg import namespaces
from coekg.rdf.dataset import read_bytes
from coekg.rdf.positions import Positions, file_positions
from coekg.validation.findings import Finding

if TYPE_CHECKING:
    from coekg.rdf.dataset import KnowledgeGraph

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Lines:
    """The positions of the statements of each data file, read on first use."""

    def __init__(self, kg: KnowledgeGraph, wanted: dict[str, set[str]]) -> None:
        self.formats = {str(s.path): s.format for s in kg.sources if s.role == "data"}
        self.wanted = wanted  # file -> the subjects and terms its findings are about
        self._read: dict[str, Positions] = {}

    def of(self, file: str) -> Positions:
        if file not in self._read:
            path = Path(file)
            wanted = frozenset(self.wanted.get(file, ()))
            try:
                data = read_bytes(path)
                self._read[file] = file_positions(path, self.formats[file], data, wanted)
            except Exception:  # the file was read before: never fail on a second reading
                self._read[file] = Positions()
        return self._read[file]

    def line(self, f: Finding) -> int | None:
        if f.file is None or f.file not in self.formats:
            return None
        positions = self.of(f.file)
        if f.focus == namespaces.DATASET:
            return positions.uses.get(f.value or "") or positions.subjects.get(f.value or "")
        prop = f.path if f.path and not f.path.startswith(("<", "^", "(")) else None
        found = positions.line(f.focus, prop, f.value)
        if found is None and f.value is not None:
            found = positions.uses.get(f.value)
        return found


def located(kg: KnowledgeGraph, findings: list[Finding]) -> list[Finding]:
    """``findings`` with the data file and line each comes from, sorted."""
    import pyoxigraph as ox

    wanted = {(f.focus, f.path) for f in findings if f.path}
    properties = {p for _focus, p in wanted}
    file_of_graph = {
        g: str(p.source.path) for p in kg.parts if p.source.role == "data" for g in p.graph_names
    }
    typed: dict[str, str] = {}
    described: dict[str, str] = {}
    mentioned: dict[str, str] = {}
    stated: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (file, value) in load order
    for q in kg.quads():
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        file = file_of_graph.get(graph or "")
        if file is None:
            continue
        predicate = q.predicate.value
        if isinstance(q.subject, ox.NamedNode):
            subject = q.subject.value
            described.setdefault(subject, file)
            if predicate == _RDF_TYPE:
                typed.setdefault(subject, file)
            if predicate in properties and (subject, predicate) in wanted:
                o = q.object
                value = o.value if isinstance(o, ox.NamedNode | ox.Literal) else str(o)
                stated.setdefault((subject, predicate), []).append((file, value))
        if predicate != _RDF_TYPE:
            mentioned.setdefault(predicate, file)
        if isinstance(q.object, ox.NamedNode):
            mentioned.setdefault(q.object.value, file)
    home = {**described, **typed}

    def file_of(f: Finding) -> str | None:
        statements = stated.get((f.focus, f.path or ""), [])
        stating = [file for file, value in statements if f.value is None or value == f.value]
        if stating:
            return next((file for file in stating if file != home.get(f.focus)), stating[0])
        if f.focus in home or f.value is None:
            return home.get(f.focus)
        return home.get(f.value) or mentioned.get(f.value)

    from coekg.project import shown

    with_files = [f if f.file is not None else replace(f, file=file_of(f)) for f in findings]
    about: dict[str, set[str]] = {}  # file -> the subjects and terms of its findings
    for f in with_files:
        for file in (f.file, *f.also):
            if file is not None:
                about.setdefault(file, set()).update(t for t in (f.focus, f.value) if t)
    lines = Lines(kg, about)
    out: list[Finding] = []
    for with_file in with_files:
        f = with_file
        if with_file.line is None:
            with_file = replace(with_file, line=lines.line(with_file))
        if with_file.also:  # other places: the resource's first statement in each file
            also = tuple(_place(shown(Path(a)), lines.of(a).subjects.get(f.focus)) for a in f.also)
            with_file = replace(with_file, also=also)
        if with_file.file is not None:  # as messages show paths: relative when under here
            with_file = replace(with_file, file=shown(Path(with_file.file)))
        out.append(with_file)
    return sorted(out, key=Finding.sort_key)


def _place(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line is not None else file
