"""Reading the ontology and the data into one RDF dataset, each file its own named graph.

Everything that reads data goes through :func:`load`: it expands folders, parses every file
with Oxigraph (one to two orders of magnitude faster than rdflib), maps syntax errors to a
:class:`~coekg.errors.ParseError` naming the file and line, and keeps track of which file
each named graph came from.

A file ``data/projects.ttl`` becomes the named graph ``https://w3id.org/coekg/graph/projects``;
the ontology is ``.../graph/ontology``. TriG, N-Quads and JSON-LD files keep the graphs they
name (statements in their default graph go to the file's graph). A compressed file
(``coekg.ttl.gz``, as the published downloads are) is read as the format its name gives.
An export read back as data keeps only its data: the statements restating the ontology or
the query catalogue are set aside (:mod:`coekg.rdf.restated`).
"""

from __future__ import annotations

import contextlib
import gc
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from coekg import namespaces, resources
from coekg.errors import InputError, ParseError
from coekg.rdf import input_checks, line_search, restated

if TYPE_CHECKING:
    import pyoxigraph as ox

_BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"line (\d+)")
#: bytes a compressed file may expand to (a few kilobytes can expand to gigabytes)
GZIP_LIMIT = 4 * 1024**3
#: formats that name graphs: their statements keep the graphs they name
DATASET_FORMATS = ("trig", "nq", "jsonld")
#: statements of a file of one graph told to a :class:`StatementFeed` at a time
FEED_BATCH = 100_000


class StatementFeed(Protocol):
    """Hears of the statements as they are read, to put them elsewhere at the same time (a
    SPARQL store in another process: :mod:`coekg.publish.early_answers`).

    :func:`parse_source` tells the N-Triples lines of a file of one graph in batches as the
    file is parsed (:meth:`lines`) and then that the part holds exactly those
    (:meth:`streamed`), or that they must be forgotten (:meth:`restart`: the file restated
    the ontology, whose statements are set aside once it is all read). When every file is
    read, :meth:`read` hears of all the parts: those not streamed are to be taken whole.
    """

    def lines(self, text: bytes, graph: str) -> None: ...

    def streamed(self, part: Part) -> None: ...

    def restart(self) -> None: ...

    def read(self, parts: Sequence[Part]) -> None: ...


@dataclass(frozen=True)
class Source:
    """One RDF file and the named graph it is loaded into."""

    path: Path
    graph: str
    role: str = "data"  # "ontology", "data" or "queries"

    @property
    def format(self) -> str:
        return resources.RDF_SUFFIXES[resources.rdf_suffix(self.path)]


def _graph_name(path: Path) -> str:
    stem = path.name.lower().removesuffix(resources.GZIP_SUFFIX)
    stem = stem[: len(stem) - len(resources.rdf_suffix(path))] or stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return namespaces.graph_iri(slug or "data")


def expand(paths: Sequence[str | Path], role: str = "data") -> list[Source]:
    """The RDF files named by ``paths`` (files, or folders of RDF files), in a stable order.

    Raises :class:`InputError` for a missing path, a folder without RDF, or a file whose
    suffix is not an RDF format.
    """
    sources: list[Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = resources.rdf_files(path)
            if not files:
                raise InputError(f"{path}: folder holds no RDF file ({_suffix_list()})")
            sources.extend(Source(f, _graph_name(f), role) for f in files)
        elif path.is_file():
            if resources.rdf_suffix(path) not in resources.RDF_SUFFIXES:
                raise InputError(f"{path}: not an RDF file (expected one of {_suffix_list()})")
            sources.append(Source(path, _graph_name(path), role))
        elif path.exists():
            raise InputError(f"{path}: not a regular file")
        else:
            raise InputError(f"{path}: no such file or folder")
    seen: dict[str, Path] = {}
    for s in sources:
        if s.graph in seen and seen[s.graph] != s.path:
            raise InputError(
                f"{s.path}: same graph name as {seen[s.graph]} ({s.graph}); rename one of them"
            )
        seen[s.graph] = s.path
    return sources


def _suffix_list() -> str:
    return ", ".join(sorted(resources.RDF_SUFFIXES)) + ", each also compressed (.gz)"


def _oxformat(name: str) -> ox.RdfFormat:
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nq": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }[name]


def read_bytes(path: Path) -> bytes:
    """The file's bytes, with a UTF-8 byte-order mark removed; clear errors otherwise."""
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if resources.is_gzip(path):
        data = gunzip(path, data)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(path, "encoded in UTF-16; RDF files must be UTF-8", 1)
    if not data.strip():
        raise ParseError(path, "empty file: no RDF in it", 1)
    return data


def gunzip(path: Path, data: bytes) -> bytes:
    """The content of a gzip file, at most :data:`GZIP_LIMIT` bytes of it."""
    inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer
    try:
        out = inflate.decompress(data, GZIP_LIMIT + 1)
    except zlib.error as e:
        raise ParseError(path, f"not a readable gzip file ({e})", None) from None
    if len(out) > GZIP_LIMIT:
        raise ParseError(path, f"expands to more than {GZIP_LIMIT} bytes; refused", None)
    if not inflate.eof:
        raise ParseError(path, "truncated gzip file", None)
    return out


def parse_error(path: Path, err: SyntaxError) -> ParseError:
    """A :class:`ParseError` from Oxigraph's ``SyntaxError``."""
    line = err.lineno
    message = err.msg or str(err)
    if line is None:
        found = _LINE.search(message)
        line = int(found.group(1)) if found else None
    message = re.sub(r"\s*\([^()]*, line \d+\)\s*$", "", message)
    message = re.sub(r"^Parser error (at|between) [^:]*:\s*", "", message)
    return ParseError(path, message.strip() or "syntax error", line)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic garbage collection off inside (restored after).

    Making a million quads (which hold no reference cycles) otherwise sets off collections
    that scan every object made so far: they double the time of a parse.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Part:
    """The statements parsed from one source, exactly as written (literals not normalised).

    ``graph`` is the named graph the statements belong to; ``None`` keeps the graphs the
    quads name themselves (TriG, N-Quads, generated quads).

    A part holds its statements as :attr:`text`, the N-Quads Oxigraph writes for them, and
    makes the Python objects (:attr:`quads`) only when asked: a million quads take seconds
    to make, and export, for one, works on the lines.
    """

    def __init__(
        self,
        source: Source,
        quads: list[ox.Quad] | None,
        graph: ox.NamedNode | None,
        *,
        text: bytes | None = None,
        set_aside: int = 0,
    ) -> None:
        if quads is None and text is None:
            raise ValueError("a Part needs its quads or their text")
        self.source = source
        self.graph = graph
        self._quads = quads
        self._text = text
        #: statements of the file left out as restating the ontology or query catalogue
        self.set_aside = set_aside
        self._graph_names: list[str] | None = None

    @property
    def graph_names(self) -> list[str]:
        """The named graphs the part's statements are in, in order of appearance."""
        if self._graph_names is None:
            if self.graph is not None:
                self._graph_names = [self.graph.value]
            else:
                import pyoxigraph as ox

                names = (q.graph_name for q in self.quads)
                found = dict.fromkeys(g.value for g in names if isinstance(g, ox.NamedNode))
                self._graph_names = list(found)
        return self._graph_names

    @property
    def quads(self) -> list[ox.Quad]:
        """The quads in file order, as parsed: those of a file of one graph are in the
        default graph (:meth:`KnowledgeGraph.quads` puts them in :attr:`graph`)."""
        if self._quads is None:
            import pyoxigraph as ox

            with gc_paused():
                # lenient: the text is Oxigraph's own serialisation of checked terms
                self._quads = list(ox.parse(self.text, ox.RdfFormat.N_QUADS, lenient=True))
        return self._quads

    @property
    def text(self) -> bytes:
        """The statements as N-Quads lines; when :attr:`graph` is set, N-Triples lines (the
        graph is :attr:`graph`, not written)."""
        if self._text is None:
            import pyoxigraph as ox

            quads = self._quads or []
            if self.graph is None:
                self._text = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
            else:
                triples = (q.triple for q in quads)
                self._text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return self._text

    def nquads(self) -> bytes:
        """The statements as N-Quads lines, each in its graph."""
        if self.graph is None:
            return self.text
        # a raw line break only ends a line (a literal's is escaped): " .\n" ends a statement
        return self.text.replace(b" .\n", f" {self.graph} .\n".encode())


class KnowledgeGraph:
    """The loaded dataset: every quad exactly as parsed, and where each graph came from.

    :attr:`store` is an Oxigraph store of the same quads for SPARQL, built on first use.
    An Oxigraph ``Store`` normalises literals (``"43"^^xsd:positiveInteger`` is read back
    as ``"43"^^xsd:integer``, ``"1.50"^^xsd:decimal`` as ``"1.5"``), so everything that
    must keep the data as written (export, validation) reads :meth:`quads` instead.
    """

    def __init__(self, parts: list[Part]) -> None:
        self.parts = parts
        self._store: ox.Store | None = None

    @property
    def sources(self) -> list[Source]:
        return [p.source for p in self.parts]

    @property
    def store(self) -> ox.Store:
        """An in-memory Oxigraph store of every quad (for SPARQL), built on first use."""
        if self._store is None:
            import pyoxigraph as ox

            store = ox.Store()
            self.fill(store)
            self._store = store
        return self._store

    def fill(self, store: ox.Store) -> None:
        """Add every quad to ``store`` (in memory or on disk), each file's statements as
        its N-Triples or N-Quads text (Rust, no Python object per quad); blank nodes were
        given labels of their own when the file was read, so no two files share one. The
        text is Oxigraph's own serialisation of terms checked when the file was read, so it
        is read leniently (a quarter less time: 2.2 s instead of 2.9 s at a million)."""
        import pyoxigraph as ox

        for part in self.parts:
            if part.graph is None:
                store.bulk_load(part.text, format=ox.RdfFormat.N_QUADS, lenient=True)
            else:
                store.bulk_load(
                    part.text, format=ox.RdfFormat.N_TRIPLES, to_graph=part.graph, lenient=True
                )

    def graphs(self, role: str | None = None) -> list[str]:
        """Named graph IRIs, in source order, optionally only those of one role."""
        out: dict[str, None] = {}
        for part in self.parts:
            if role is None or part.source.role == role:
                out.update(dict.fromkeys(part.graph_names))
        return list(out)

    def source_of_graph(self, graph: str) -> Source | None:
        for part in self.parts:
            if graph in part.graph_names:
                return part.source
        return None

    def quads(self, role: str | None = None) -> Iterator[ox.Quad]:
        """Every quad as written in its file, or only those of sources of one role."""
        for part in self.parts:
            if role is not None and part.source.role != role:
                continue
            yield from self.part_quads(part)

    @staticmethod
    def part_quads(part: Part) -> Iterator[ox.Quad]:
        """The quads of one part, each in its graph."""
        import pyoxigraph as ox

        if part.graph is None:
            yield from part.quads
        else:  # made by Oxigraph from the lines, not quad by quad in Python
            yield from ox.parse(part.nquads(), ox.RdfFormat.N_QUADS, lenient=True)

    def quads_holding(self, needles: Sequence[bytes], role: str | None = None) -> Iterator[ox.Quad]:
        """The quads of :meth:`quads` whose line may hold one of ``needles``, in the same
        order (see :meth:`part_quads_holding`)."""
        for part in self.parts:
            if role is None or part.source.role == role:
                yield from self.part_quads_holding(part, needles)

    @staticmethod
    def part_quads_holding(part: Part, needles: Sequence[bytes]) -> Iterator[ox.Quad]:
        """The quads of :meth:`part_quads` whose line may hold one of ``needles`` (as
        N-Triples writes the statement): a file of one graph is searched as bytes
        (:mod:`coekg.rdf.line_search`) and only the lines found are parsed, not a Python
        object per statement; a file that names graphs gives every quad."""
        import pyoxigraph as ox

        if part.graph is None:
            yield from part.quads
            return
        text, _numbers = line_search.lines_with(part.text, needles)
        for q in ox.parse(text, ox.RdfFormat.N_TRIPLES, lenient=True):
            yield ox.Quad(q.subject, q.predicate, q.object, part.graph)

    def triples(self, role: str | None = None) -> Iterator[ox.Triple]:
        """Every triple (graphs ignored; may repeat a triple found in two graphs)."""
        for part in self.parts:
            if role is None or part.source.role == role:
                for q in part.quads:
                    yield q.triple

    def __len__(self) -> int:
        """The number of distinct quads."""
        return len(self.store)


def parse_source(source: Source, feed: StatementFeed | None = None) -> Part:
    """Parse one source file; raise :class:`ParseError` naming the file and line. A
    ``feed`` hears of the statements of a file of one graph as they are parsed."""
    import pyoxigraph as ox

    data = input_checks.before_parse(source.path, read_bytes(source.path), source.format)
    graph = ox.NamedNode(source.graph)
    try:
        statements = ox.parse(
            data,
            format=_oxformat(source.format),
            base_iri=source.path.resolve().as_uri(),
            rename_blank_nodes=True,
        )
        with gc_paused():
            if source.format in DATASET_FORMATS:
                part = _dataset_part(source, statements, graph)
            elif feed is None:  # default-graph quads, whose N-Quads lines are N-Triples
                text = ox.serialize(statements, format=ox.RdfFormat.N_QUADS) or b""
                part = _graph_part(source, text, graph)
            else:
                part = _fed_graph_part(source, statements, graph, feed)
    except SyntaxError as e:
        error = parse_error(source.path, e)
        raise input_checks.after_error(source.path, data, source.format, error) from None
    except ValueError as e:
        raise ParseError(source.path, str(e)) from None
    input_checks.after_parse(source.path, data, source.format)
    if not (part.quads if part.graph is None else part.text):
        if part.set_aside:
            raise ParseError(
                source.path, "holds only the ontology and query catalogue (an export's), no data"
            )
        raise ParseError(source.path, "no RDF statement in the file", 1)
    return part


def _dataset_part(source: Source, statements: Iterator[ox.Quad], graph: ox.NamedNode) -> Part:
    """A file that names graphs: default-graph statements go to the file's graph; in a data
    file, the graphs of the ontology and query catalogue are set aside."""
    import pyoxigraph as ox

    kept: list[ox.Quad] = []
    set_aside = 0
    for q in statements:
        name = q.graph_name
        if isinstance(name, ox.DefaultGraph):
            q = ox.Quad(q.subject, q.predicate, q.object, graph)
        elif source.role == "data" and name.value in restated.RESTATED_GRAPHS:
            set_aside += 1
            continue
        kept.append(q)
    return Part(source, kept, None, set_aside=set_aside)


def _fed_graph_part(
    source: Source, statements: Iterator[ox.Quad], graph: ox.NamedNode, feed: StatementFeed
) -> Part:
    """:func:`_graph_part` of the statements, told to ``feed`` in batches as they are
    parsed (the same text: a batch's lines are those the whole file's would hold)."""
    import pyoxigraph as ox

    batches = []
    while batch := ox.serialize(islice(statements, FEED_BATCH), format=ox.RdfFormat.N_QUADS):
        batches.append(batch)
        feed.lines(batch, graph.value)
    text = b"".join(batches)
    del batches
    part = _graph_part(source, text, graph)
    if part.text is text:
        feed.streamed(part)
    else:  # statements set aside: what the feed heard is not the part's
        feed.restart()
    return part


def _graph_part(source: Source, text: bytes, graph: ox.NamedNode) -> Part:
    """A file of one graph (its N-Triples lines); an export's ontology and query catalogue
    are set aside when it is read as data."""
    import pyoxigraph as ox

    if source.role != "data" or not restated.restates(text):
        return Part(source, None, graph, text=text)
    triples = [q.triple for q in ox.parse(text, ox.RdfFormat.N_TRIPLES, lenient=True)]
    kept, set_aside = restated.data_triples(triples)
    text = ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES) or b""
    return Part(source, None, graph, text=text, set_aside=set_aside)
