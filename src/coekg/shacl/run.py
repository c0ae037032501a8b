"""Validating RDF triples against shapes files with the compiled engine."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from coekg.shacl.engine import Engine
from coekg.shacl.fallback import pyshacl_results
from coekg.shacl.focus import targets
from coekg.shacl.literals import Codec, build_store
from coekg.shacl.messages import messages
from coekg.shacl.paths import NotCompilable, display_path
from coekg.shacl.results import Result
from coekg.shacl.shapes import RDF_TYPE, SH, Shape, ShapesGraph, Term, find_shapes, read_shapes
from coekg.shacl.store import Store
from coekg.shacl.stringify import Stringifier

log = logging.getLogger("coekg.validate")


@dataclass
class Outcome:
    """The results, and which shapes pySHACL validated instead (with the reason)."""

    results: list[Result]
    sg: ShapesGraph
    store: Store
    fallback: dict[str, str] = field(default_factory=dict)
    _stringifier: Stringifier | None = None

    @property
    def queries(self) -> int:
        return self.store.queries

    def messages(self, r: Result) -> tuple[str, ...]:
        """The result's messages: its shape's, or pySHACL's generic one."""
        if r.messages is None and not r.shape.messages and self._stringifier is None:
            self._stringifier = Stringifier(self.sg, self.store)
        return messages(r, self._stringifier)

    def path(self, r: Result) -> str | None:
        """The result path: a predicate IRI, or a complex path in SPARQL syntax."""
        if r.path is None:
            return None
        if isinstance(r.path, ox.NamedNode):
            return r.path.value
        try:
            return display_path(self.sg, r.path)
        except NotCompilable:
            return str(r.path)


def _top_level(sg: ShapesGraph, shapes: dict[Term, Shape]) -> list[Shape]:
    """Shapes with targets, in a stable order (pySHACL validates every shape this way)."""
    out = []
    for shape in shapes.values():
        try:
            if not targets(sg, shape).empty:
                out.append(shape)
        except NotCompilable:
            out.append(shape)
    return sorted(out, key=lambda s: str(s.node))


def _workers() -> int:
    """How many engines evaluate shapes at once: Oxigraph answers a query without holding
    Python's global lock, so each core can run one."""
    return max(1, min(4, os.cpu_count() or 1))


def _weight(sg: ShapesGraph, shape: Shape) -> int:
    """A rough measure of the work a shape takes: one for each property shape, four for
    each constraint that reads the whole of its focus nodes' data or of the dataset
    (``sh:sparql``, ``sh:closed``)."""
    whole = len(sg.objects(shape.node, SH + "sparql")) + len(sg.objects(shape.node, SH + "closed"))
    return len(sg.objects(shape.node, SH + "property")) + 4 * whole


def _evaluate(engine: Engine, shapes: list[Shape]) -> list[Result]:
    """The results of ``shapes``, in their order: the shapes are independent, so engines on
    several threads take them one by one, each keeping its focus sets apart. The heaviest
    are taken first, so that no thread is left alone with a long one at the end (at a
    million triples, ``shapes:ResourceShape`` is a third of the work)."""
    found: dict[int, list[Result]] = {}
    order = sorted(enumerate(shapes), key=lambda item: -_weight(engine.sg, item[1]))
    queue = iter(order)
    lock = threading.Lock()

    def work(one: Engine) -> None:
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                return
            i, shape = item
            found[i] = one.validate(shape)

    engines = [engine] + [
        Engine(engine.sg, engine.shapes, engine.store, name=f"{n}-") for n in range(1, _workers())
    ]
    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            for done in [pool.submit(work, one) for one in engines]:
                done.result()
    finally:
        engine.clear()
    return [r for i in range(len(shapes)) for r in found[i]]


def validate_triples(
    triples: Iterable[ox.Triple], shape_files: Sequence[Path], *, advanced: bool = False
) -> Outcome:
    """Validate the graph of ``triples`` against the shapes in ``shape_files``.

    ``advanced`` turns on SHACL-AF, as pySHACL's option of the same name does; the engine
    compiles none of it, so pySHACL validates the shapes that use it.
    """
    triples = list(triples)
    store, codec = build_store(triples)
    return validate_store(store, codec, shape_files, lambda: triples, advanced=advanced)


def validate_store(
    store: ox.Store,
    codec: Codec,
    shape_files: Sequence[Path],
    triples: Callable[[], list[ox.Triple]],
    *,
    advanced: bool = False,
) -> Outcome:
    """:func:`validate_triples` of a graph already in ``store`` (made by
    :func:`~coekg.shacl.literals.build_store` or its kin, with ``codec``); ``triples``
    gives the graph's triples if pySHACL must validate some shapes."""
    sg = read_shapes(shape_files)
    shapes = find_shapes(sg)
    runner = Store(store, codec=codec)
    engine = Engine(sg, shapes, runner)
    compiled: list[Shape] = []
    fallback: dict[str, str] = {}
    custom = sg.subjects(RDF_TYPE, ox.NamedNode(SH + "ConstraintComponent"))
    whole = bool(custom) or (advanced and bool(sg.pairs(SH + "rule")))
    for shape in _top_level(sg, shapes):
        try:
            if whole:
                raise NotCompilable("the shapes use SHACL rules or custom constraint components")
            engine.check_compilable(shape)
            targets(sg, shape, advanced=advanced)
            compiled.append(shape)
        except NotCompilable as e:
            fallback[shape.node.value] = str(e)
            whole = whole or isinstance(shape.node, ox.BlankNode)
    if whole and fallback:
        # pySHACL can run only named shapes on their own: run it for all of them
        for shape in compiled:
            fallback[shape.node.value] = "validated by pySHACL with the others"
        compiled = []
    results = _evaluate(engine, compiled)
    if fallback:
        for shape_id, reason in sorted(fallback.items()):
            log.warning("pySHACL validates %s: %s", shape_id, reason)
        only = None if whole else sorted(fallback)
        results += pyshacl_results(triples(), shape_files, sg, shapes, only, advanced=advanced)
    return Outcome(results, sg, runner, fallback)
