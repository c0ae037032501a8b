"""Checks of an input file that the RDF parsers do not make, each naming the line.

- Encoding: RDF files are UTF-8. UTF-16 without a byte-order mark, Latin-1 and binary data
  get a message that says so, instead of a parser's complaint about an odd character.
- RDF/XML: the entities of a document type declaration may not expand to more than
  :data:`ENTITY_LIMIT` characters ("billion laughs": a few kilobytes that expand to
  gigabytes in memory). A syntax error gets its line from expat when Oxigraph gives none.
- JSON-LD: a JSON-LD processor silently drops a key that no context defines and a value
  with an invalid language tag. A data steward's typo must not lose data quietly, so both
  are errors here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coekg import namespaces
from coekg.errors import ParseError
from coekg.rdf.jsonld_layout import jsonld_context

#: characters that the entities of one RDF/XML document may expand to, in all
ENTITY_LIMIT = 16 * 1024 * 1024

_ENTITY = re.compile(rb"<!ENTITY\s+([^\s%]+)\s+(\"[^\"]*\"|'[^']*')\s*>")
_EXTERNAL = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s%]+)\s+(?:SYSTEM|PUBLIC)\b")
_REFERENCE = re.compile(rb"&([A-Za-z_:][-\w.:]*);")
_UTF16_SAMPLE = 4096
_MAP_CONTAINERS = {"@language", "@index", "@id", "@type", "@graph"}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_like_utf16(sample: bytes) -> bool:
    """Most of the even or of the odd bytes are zero: ASCII text encoded in UTF-16."""
    if len(sample) < 4:
        return False
    half = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    return max(even, odd) >= half * 0.3


def before_parse(path: Path, data: bytes, fmt: str) -> bytes:
    """Check ``data`` (a file of format ``fmt``) before parsing; the bytes to parse.

    A JSON-LD document whose context is the project's published context gets that context
    inline, so ``coekg export --format jsonld`` reads back without fetching anything.
    """
    check_encoding(path, data)
    if fmt == "xml":
        check_xml_entities(path, data)
    if fmt == "jsonld":
        return inline_project_context(data)
    return data


def after_error(path: Path, data: bytes, fmt: str, error: ParseError) -> ParseError:
    """``error`` with a line from expat (RDF/XML) and a plainer message where needed."""
    if "LoadDocumentCallback" in error.detail:
        return ParseError(
            path,
            "the @context is a remote document, and coekg fetches nothing from the network; "
            f"put the context in the file (only {namespaces.CONTEXT} is known)",
            _find_line(data, "@context"),
        )
    if error.line is None and fmt == "xml":
        line = xml_error_line(data) or _quoted_line(data, error.detail)
        return ParseError(path, error.detail, line)
    return error


def _quoted_line(data: bytes, message: str) -> int | None:
    """The line of the first text that ``message`` quotes ('...' or `...`) in ``data``."""
    for quoted in re.findall(r"'([^']+)'|`([^`]+)`", message):
        text = (quoted[0] or quoted[1]).encode("utf-8")
        at = data.find(text)
        if at >= 0:
            return _line_of(data, at)
    return None


def after_parse(path: Path, data: bytes, fmt: str) -> None:
    """Checks of a file that parsed: JSON-LD keys and language tags that were dropped."""
    if fmt == "jsonld":
        check_jsonld(path, data)


_PROJECT_CONTEXT = re.compile(
    rb'("@context"\s*:\s*)"' + re.escape(namespaces.CONTEXT.encode()) + rb'"'
)


def inline_project_context(data: bytes) -> bytes:
    """``data`` with each ``"@context": "<the project's context>"`` replaced by the context
    itself, on the same line (so line numbers in messages stay right)."""
    if namespaces.CONTEXT.encode() not in data:
        return data

    inline = json.dumps(jsonld_context()["@context"], ensure_ascii=False).encode("utf-8")
    return _PROJECT_CONTEXT.sub(lambda m: m.group(1) + inline, data)


def check_encoding(path: Path, data: bytes) -> None:
    """Raise :class:`ParseError` unless ``data`` (without byte-order mark) is UTF-8 text."""
    if _looks_like_utf16(data[:_UTF16_SAMPLE]):
        raise ParseError(
            path, "encoded in UTF-16 (without a byte-order mark); RDF files must be UTF-8", 1
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = _line_of(data, e.start)
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ParseError(
            path,
            f"not UTF-8 text: byte 0x{data[e.start]:02X} at column {column} (binary data, or "
            "another encoding such as Latin-1; RDF files must be UTF-8)",
            line,
        ) from None


def check_xml_entities(path: Path, data: bytes) -> None:
    """Refuse RDF/XML whose internal entities expand to more than :data:`ENTITY_LIMIT`."""
    if b"<!ENTITY" not in data:
        return
    external = _EXTERNAL.search(data)
    if external:
        name = external.group(1).decode("utf-8", "replace")
        raise ParseError(
            path,
            f"external entity {name!r}: coekg reads no other file or URL than those it is given",
            _line_of(data, external.start()),
        )
    sizes: dict[bytes, int] = {}
    last_declaration = 0
    for m in _ENTITY.finditer(data):
        name, value = m.group(1), m.group(2)[1:-1]
        size = len(_REFERENCE.sub(b"", value))
        size += sum(sizes.get(r, 0) for r in _REFERENCE.findall(value))
        sizes[name] = size
        last_declaration = m.end()
        if size > ENTITY_LIMIT:
            raise ParseError(path, _too_large(name, size), _line_of(data, m.start()))
    total = 0
    for m in _REFERENCE.finditer(data, last_declaration):
        total += sizes.get(m.group(1), 0)
        if total > ENTITY_LIMIT:
            raise ParseError(path, _too_large(m.group(1), total), _line_of(data, m.start()))


def _too_large(name: bytes, size: int) -> str:
    return (
        f"entities (here &{name.decode('utf-8', 'replace')};) expand to more than "
        f"{ENTITY_LIMIT} characters ({size}); refused (an entity-expansion attack?)"
    )


def xml_error_line(data: bytes) -> int | None:
    """The line of the first well-formedness error of an XML document, if expat finds one."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as e:
        return int(e.lineno)
    return None


def check_jsonld(path: Path, data: bytes) -> None:
    """Refuse keys and language tags that JSON-LD processing would drop without a word."""
    import pyoxigraph as ox

    try:
        doc = json.loads(data)
    except ValueError:
        return  # the parser has said what is wrong
    terms, containers, json_terms, vocab = _context_terms(doc)
    for language in _language_tags(doc):
        try:
            ox.Literal("x", language=language)
        except ValueError as e:
            raise ParseError(
                path,
                f"invalid language tag {language!r} ({e}); JSON-LD would drop the value",
                _find_line(data, language),
            ) from None
    if vocab:
        return
    for key in _node_keys(doc, containers, json_terms):
        if ":" not in key and key not in terms:
            raise ParseError(
                path,
                f"key {key!r} is not defined by any @context; JSON-LD would drop its values "
                "(a typo? define it in the @context or use a full IRI)",
                _find_line(data, key),
            )


def _find_line(data: bytes, text: str) -> int | None:
    at = data.find(json.dumps(text, ensure_ascii=False).encode("utf-8"))
    return _line_of(data, at) if at >= 0 else None


def _contexts(doc: Any) -> Iterator[dict[str, Any]]:
    """Every context object in the document (embedded, scoped, or in arrays)."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, dict):
                            yield ctx
                            stack.extend(v for v in ctx.values() if isinstance(v, dict))
                else:
                    stack.append(value)


def _context_terms(doc: Any) -> tuple[set[str], dict[str, set[str]], set[str], bool]:
    """Terms defined anywhere, their containers, terms of JSON literals, and whether any
    context sets ``@vocab`` (then no key is dropped)."""
    terms: set[str] = set()
    containers: dict[str, set[str]] = {}
    json_terms: set[str] = set()
    vocab = False
    for ctx in _contexts(doc):
        for term, definition in ctx.items():
            if term == "@vocab" and definition is not None:
                vocab = True
            if term.startswith("@"):
                continue
            terms.add(term)
            if isinstance(definition, dict):
                container = definition.get("@container")
                kinds = container if isinstance(container, list) else [container]
                containers.setdefault(term, set()).update(k for k in kinds if isinstance(k, str))
                if definition.get("@type") == "@json":
                    json_terms.add(term)
    return terms, containers, json_terms, vocab


def _language_tags(doc: Any) -> Iterator[str]:
    """Every language tag given by ``@language``, in a context or in a value object."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if node.get("@type") == "@json" and "@value" in node:
                continue
            for key, value in node.items():
                if key == "@language" and isinstance(value, str):
                    yield value
                elif isinstance(value, dict | list):
                    stack.append(value)


def _node_keys(doc: Any, containers: dict[str, set[str]], json_terms: set[str]) -> Iterator[str]:
    """The keys of node objects (not of contexts, value objects, maps or JSON literals)."""
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict) or "@value" in node:
            continue
        for key, value in node.items():
            if key == "@context" or key in json_terms:
                continue
            if not key.startswith("@"):
                yield key
            if containers.get(key, set()) & _MAP_CONTAINERS and isinstance(value, dict):
                stack.extend(value.values())  # a map: its keys are languages, ids, indexes
            else:
                stack.append(value)
