"""Where each statement of an RDF file is written: the line of every subject, property and
value, so that a finding can name ``file:line`` as an editor shows it.

Oxigraph (and rdflib) give no positions for the statements they parse, so the file is read
a second time by a small position-aware reader, only for files that have findings:

* Turtle, TriG, N-Triples and N-Quads: a tokenizer that follows the grammar's terms
  (IRIs, prefixed names, blank nodes, strings of the four kinds with their escapes,
  numbers, booleans, ``a``, collections, ``[ ]`` property lists, graphs);
* RDF/XML: expat, which gives the line of every element (node and property elements,
  ``rdf:resource``, ``rdf:datatype``, ``xml:lang``, ``xml:base``, ``rdf:ID``);
* JSON-LD: only the line of each node's ``"@id"`` (no JSON parser here gives positions).

The file has already been parsed and checked by Oxigraph, so this reader can be lenient: it
never raises, and at worst knows fewer lines. Terms are compared as plain strings: an IRI,
or a literal's lexical form.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

from coekg import namespaces
from coekg.rdf.line_search import lines_with, term_needles

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE = _RDF + "type"

#: formats the reader gives a line for every statement in (JSON-LD: a line per node)
LINE_FORMATS = ("turtle", "trig", "nt", "nq", "xml")


@dataclass
class Positions:
    """The first line of each subject, each (subject, property), each statement, and of
    each use of a term as a property or a value."""

    subjects: dict[str, int] = field(default_factory=dict)
    properties: dict[tuple[str, str], int] = field(default_factory=dict)
    statements: dict[tuple[str, str, str], int] = field(default_factory=dict)
    uses: dict[str, int] = field(default_factory=dict)
    #: the only terms to keep positions of (all when None): a big file's findings are few
    wanted: frozenset[str] | None = None

    def add(self, s: str | None, p: str, o: str | None, line: int, s_line: int) -> None:
        wanted = self.wanted
        if wanted is not None:
            if p in wanted:
                self.uses.setdefault(p, line)
            if o is not None and o in wanted:
                self.uses.setdefault(o, line)
            if s is None or s not in wanted:
                return
        else:
            self.uses.setdefault(p, line)
            if o is not None:
                self.uses.setdefault(o, line)
            if s is None:
                return
        self.subjects.setdefault(s, s_line)
        self.properties.setdefault((s, p), line)
        if o is not None:
            self.statements.setdefault((s, p, o), line)

    def line(self, subject: str, prop: str | None = None, value: str | None = None) -> int | None:
        """The line stating ``value`` for ``prop`` of ``subject``; without a value (or
        when no such statement is found), the first line giving the property; without a
        property, the subject's first statement."""
        if prop is not None:
            if value is not None and (subject, prop, value) in self.statements:
                return self.statements[(subject, prop, value)]
            if (subject, prop) in self.properties:
                return self.properties[(subject, prop)]
        return self.subjects.get(subject)


def positions(text: str, fmt: str, base: str, wanted: frozenset[str] | None = None) -> Positions:
    """The positions of the statements of ``text``, a file in format ``fmt``; with
    ``wanted``, only of the statements about those subjects and the uses of those terms."""
    out = Positions(wanted=wanted)
    if fmt == "xml":
        return _xml_positions(text, base, out)
    if fmt == "jsonld":
        return _jsonld_positions(text, out)
    return _TurtleReader(text, base, flat=fmt in ("nt", "nq"), out=out).read()


def file_positions(
    path: Path, fmt: str, data: bytes, wanted: frozenset[str] | None = None
) -> Positions:
    """:func:`positions` of a file's bytes (as read: decompressed, without BOM).

    In N-Triples and N-Quads, one statement a line, only the lines that hold a wanted term
    as the format writes it (``<iri>``, ``"text"``, ``_:label``) or an escape, behind which a
    term may hide, are read (:mod:`coekg.rdf.line_search`).
    """
    base = path.resolve().as_uri()
    if wanted is None or fmt not in ("nt", "nq"):
        return positions(data.decode("utf-8", "replace"), fmt, base, wanted)
    text, numbers = lines_with(data, [b"\\", *term_needles(wanted)])
    found = positions(text.decode("utf-8", "replace"), fmt, base, wanted)
    return _renumbered(found, numbers)


def _renumbered(found: Positions, numbers: list[int]) -> Positions:
    """``found`` with line ``n`` made ``numbers[n - 1]``."""

    def of(line: int) -> int:
        return numbers[line - 1]

    return Positions(
        subjects={k: of(v) for k, v in found.subjects.items()},
        properties={k: of(v) for k, v in found.properties.items()},
        statements={k: of(v) for k, v in found.statements.items()},
        uses={k: of(v) for k, v in found.uses.items()},
        wanted=found.wanted,
    )


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@functools.lru_cache(maxsize=65536)
def resolve(base: str, ref: str) -> str:
    """``ref`` resolved against ``base`` (RFC 3986), keeping an empty fragment (``def#``),
    which :func:`urllib.parse.urljoin` drops."""
    if _SCHEME.match(ref):
        return ref
    out = urljoin(base, ref)
    return out + "#" if ref.endswith("#") and not out.endswith("#") else out


# --- Turtle, TriG, N-Triples, N-Quads --------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?:[ \t\r\n]+|\#[^\n]*)*
    (?:
    (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<dt>\^\^)
  | (?P<bnode>_:[^\s<>"'{}()\[\],;]+)
  | (?P<number>[+-]?(?:[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?
                  |[0-9]+(?:\.[0-9]*)?[eE][+-]?[0-9]+|[0-9]+))
  | (?P<pname>(?:[^\s<>"'{}()\[\],;:\#^@]*):(?:[^\s<>"'{}()\[\],;\#^]|\\.)*)
  | (?P<word>[A-Za-z]+)
  | (?P<punct><<|>>|[.;,\[\](){}])
    )
    """,
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        if code:
            return chr(int(code, 16))
        return _SIMPLE.get(m.group(3), m.group(3))

    return _ESCAPE.sub(one, text) if "\\" in text else text


class _Tok(NamedTuple):
    kind: str
    text: str
    line: int  # the offset in the text: made a line number only where one is kept


class _TurtleReader:
    """A lenient reader of Turtle and TriG (and N-Triples, N-Quads: ``flat``)."""

    def __init__(self, text: str, base: str, flat: bool, out: Positions) -> None:
        self.tokens = list(self._tokens(text))
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.i = 0
        self.base = base
        self.prefixes: dict[str, str] = {}
        self.flat = flat
        self.out = out
        self.blank = 0

    @staticmethod
    def _tokens(text: str) -> Iterator[_Tok]:
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            if kind is None:  # white space or comments only, at the end
                continue
            value = m.group(kind)
            at = m.start(kind)
            if kind in ("pname", "bnode") and value.endswith(".") and not value.endswith("\\."):
                stripped = value.rstrip(".")  # a name does not end with '.': a full stop
                yield _Tok(kind, stripped, at)
                yield _Tok("punct", ".", at + len(stripped))
                continue
            yield _Tok(kind, value, at)

    def add(self, s: str | None, p: str, o: str | None, at: int, s_at: int) -> None:
        """Keep a statement's place (offsets made line numbers only if it is kept)."""
        wanted = self.out.wanted
        if wanted is not None and s not in wanted and p not in wanted and o not in wanted:
            return
        line = bisect.bisect_right(self.newlines, at) + 1
        s_line = bisect.bisect_right(self.newlines, s_at) + 1
        self.out.add(s, p, o, line, s_line)

    # reading ---------------------------------------------------------------------------

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self) -> _Tok | None:
        tok = self.peek()
        self.i += 1
        return tok

    def read(self) -> Positions:
        while self.peek() is not None:
            start = self.i
            with contextlib.suppress(IndexError, KeyError, ValueError, AssertionError):
                self._statement()
            if self.i == start:
                self.i += 1
        return self.out

    def _statement(self) -> None:
        tok = self.peek()
        assert tok is not None
        low = tok.text.lower()
        if (tok.kind == "lang" and low in ("@prefix", "@base")) or (
            tok.kind == "word" and low in ("prefix", "base")
        ):
            self._directive(low.lstrip("@"), tok.kind == "lang")
            return
        if self.flat:
            self._flat_statement()
            return
        if tok.kind == "word" and low == "graph":
            self.next()
            self.next()  # the graph's name
        elif tok.text == "{":
            pass
        else:
            subject, line = self._subject()
            nxt = self.peek()
            if nxt is not None and nxt.text == "{":  # TriG: a graph's name, then its block
                self._block()
                return
            if not (nxt is not None and nxt.text == "." and subject.startswith("_:anon")):
                self._predicate_objects(subject, line)
            self._expect(".")
            return
        self._block()

    def _block(self) -> None:
        self._expect("{")
        while (tok := self.peek()) is not None and tok.text != "}":
            subject, line = self._subject()
            self._predicate_objects(subject, line)
            if (tok := self.peek()) is not None and tok.text == ".":
                self.next()
        self._expect("}")

    def _flat_statement(self) -> None:
        terms: list[tuple[str, int]] = []
        while (tok := self.peek()) is not None and tok.text != ".":
            terms.append(self._object())
        self.next()
        if len(terms) >= 3:
            (s, s_line), (p, _), (o, line) = terms[:3]
            self.add(s, p, o, line, s_line)

    def _directive(self, name: str, turtle_style: bool) -> None:
        self.next()
        if name == "prefix":
            prefix = self.next()
            iri = self.next()
            if prefix is not None and iri is not None:
                self.prefixes[prefix.text.rstrip(":")] = self._iri(iri.text)
        else:
            iri = self.next()
            if iri is not None:
                self.base = self._iri(iri.text)
        if turtle_style:
            self._expect(".")

    def _expect(self, text: str) -> None:
        tok = self.peek()
        if tok is not None and tok.text == text:
            self.next()

    def _iri(self, ref: str) -> str:
        return resolve(self.base, _unescape(ref[1:-1]))

    def _fresh(self) -> str:
        self.blank += 1
        return f"_:anon{self.blank}"

    def _subject(self) -> tuple[str, int]:
        tok = self.peek()
        assert tok is not None
        if tok.text == "[":
            self.next()
            node = self._fresh()
            if (nxt := self.peek()) is not None and nxt.text != "]":
                self._predicate_objects(node, tok.line)
            self._expect("]")
            return node, tok.line
        return self._object()

    def _predicate_objects(self, subject: str, s_line: int) -> None:
        while True:
            tok = self.peek()
            if tok is None or tok.text in (".", "]", "}"):
                return
            if tok.text == ";":
                self.next()
                continue
            self.next()
            predicate = _TYPE if tok.kind == "word" and tok.text == "a" else self._term(tok)
            while True:
                value, line = self._object()
                self.add(
                    None if subject.startswith("_:") else subject, predicate, value, line, s_line
                )
                if (tok := self.peek()) is not None and tok.text == ",":
                    self.next()
                    continue
                break

    def _object(self) -> tuple[str, int]:
        tok = self.next()
        assert tok is not None
        if tok.text == "[":
            node = self._fresh()
            if (nxt := self.peek()) is not None and nxt.text != "]":
                self._predicate_objects(node, tok.line)
            self._expect("]")
            return node, tok.line
        if tok.text == "(":
            node = self._fresh()
            while (nxt := self.peek()) is not None and nxt.text != ")":
                self._object()
            self._expect(")")
            return node, tok.line
        if tok.text == "<<":
            depth = 1
            while depth and (nxt := self.next()) is not None:
                depth += {"<<": 1, ">>": -1}.get(nxt.text, 0)
            return self._fresh(), tok.line
        if tok.kind in ("string", "long"):
            quote = 3 if tok.kind == "long" else 1
            value = _unescape(tok.text[quote:-quote])
            if (nxt := self.peek()) is not None and nxt.kind == "lang":
                self.next()
            elif nxt is not None and nxt.kind == "dt":
                self.next()
                self.next()
            return value, tok.line
        return self._term(tok), tok.line

    def _term(self, tok: _Tok) -> str:
        if tok.kind == "iri":
            return self._iri(tok.text)
        if tok.kind == "pname":
            prefix, _, local = tok.text.partition(":")
            return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        if tok.kind == "bnode":
            return tok.text
        return tok.text  # numbers and booleans: their lexical form


# --- RDF/XML --------------------------------------------------------------------------


def _xml_positions(text: str, base: str, out: Positions) -> Positions:
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    # one entry per open element: (is a node element, subject, base, property, line, text)
    stack: list[dict[str, object]] = []

    def uri(name: str) -> str:
        ns, _, local = name.partition(" ")
        return ns + local if local else name

    def node(attrs: dict[str, str], tag: str, line: int, where: str) -> str | None:
        subject: str | None = None
        about = attrs.get(_RDF + " about")
        ident = attrs.get(_RDF + " ID")
        if about is not None:
            subject = resolve(where, about)
        elif ident is not None:
            subject = resolve(where, "#" + ident)
        if tag != _RDF + "Description":
            out.add(subject, _TYPE, tag, line, line)
        for key, value in attrs.items():
            name = uri(key)
            if name.startswith(_RDF) or name.startswith("http://www.w3.org/XML/1998/namespace"):
                continue
            out.add(subject, name, value, line, line)
        if subject is not None and (out.wanted is None or subject in out.wanted):
            out.subjects.setdefault(subject, line)
        return subject

    def start(name: str, attrs: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        tag = uri(name)
        parent = stack[-1] if stack else None
        outer = str(parent["base"]) if parent else base
        own = attrs.get("http://www.w3.org/XML/1998/namespace base")
        where = resolve(outer, own) if own else outer
        if tag == _RDF + "RDF":
            stack.append({"node": False, "subject": None, "base": where, "prop": None})
            return
        if parent is None or not parent["node"]:
            # a node element: at the top, or the value of a property element
            subject = node(attrs, tag, line, where)
            if parent is not None and parent["prop"] is not None and parent["subject"]:
                prop_line = int(str(parent["line"]))
                out.add(str(parent["subject"]), str(parent["prop"]), subject, prop_line, line)
                parent["done"] = True
            stack.append({"node": True, "subject": subject, "base": where, "prop": None})
            return
        # a property element of the node element ``parent``
        resource = attrs.get(_RDF + " resource")
        value = resolve(where, resource) if resource is not None else None
        owner = parent["subject"]
        if owner is not None:
            out.add(str(owner), tag, value, line, line)
        stack.append(
            {
                "node": False,
                "subject": owner,
                "base": where,
                "prop": tag,
                "line": line,
                "text": "",
            }
        )

    def end(name: str) -> None:
        entry = stack.pop()
        literal_value = entry.get("prop") and entry.get("subject") and not entry.get("done")
        if not entry["node"] and literal_value:
            subject = str(entry["subject"])
            if out.wanted is None or subject in out.wanted:
                literal = str(entry.get("text") or "")
                out.statements.setdefault(
                    (subject, str(entry["prop"]), literal), int(str(entry["line"]))
                )

    def chars(data: str) -> None:
        if stack and not stack[-1]["node"] and stack[-1].get("prop"):
            stack[-1]["text"] = str(stack[-1].get("text") or "") + data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    with contextlib.suppress(xml.parsers.expat.ExpatError):
        parser.Parse(text, True)
    return out


# --- JSON-LD --------------------------------------------------------------------------

_ID = re.compile(r'"@id"\s*:\s*("(?:[^"\\]|\\.)*")')


def _jsonld_positions(text: str, out: Positions) -> Positions:
    """The line of each ``"@id"``, as written (full IRI) and with the project's prefixes
    expanded (``"project:x"``), as the subject's line."""
    for number, line in enumerate(text.splitlines(), start=1):
        for m in _ID.finditer(line):
            try:
                ident = json.loads(m.group(1))
            except ValueError:
                continue
            prefix, _, local = ident.partition(":")
            full = namespaces.PREFIXES[prefix] + local if prefix in namespaces.PREFIXES else ident
            out.subjects.setdefault(full, number)
    return out
