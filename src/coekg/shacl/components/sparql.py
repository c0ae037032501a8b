"""SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``): SPARQLConstraintComponent.

pySHACL runs the SELECT query once per focus node with ``$this`` pre-bound. Here the query
runs once: the focus pattern is joined into its WHERE clause, binding ``?this`` to every focus
node at once (``$this`` and ``?this`` are one variable in SPARQL), and ``?this`` is added to
the projection. Queries where a join is not the same as pre-binding (aggregates, sub-queries,
LIMIT) run once per focus node instead, with Oxigraph's substitution of ``?this``.
``$PATH`` is replaced by the shape's path, prefixes are declared as pySHACL declares them,
and ``{$this}``/``{?value}``-style placeholders in messages are filled in as pySHACL fills them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from coekg.shacl.components.base import Component, Evaluator
from coekg.shacl.focus import Focus
from coekg.shacl.literals import decode
from coekg.shacl.paths import NotCompilable, sparql_path
from coekg.shacl.results import Result
from coekg.shacl.shapes import OWL, RDF, RDF_TYPE, RDFS, SH, Shape, Term
from coekg.shacl.stringify import Stringifier

_THIS = re.compile(r"([\s{}()])[\$\?]this", re.M)
_PATH = re.compile(r"([\s{}()])[\$\?]PATH", re.M)
_SHAPES_GRAPH = re.compile(r"([\s{}()])[\$\?]shapesGraph", re.M)
_CURRENT_SHAPE = re.compile(r"([\s{}()])[\$\?]currentShape", re.M)
_MINUS = re.compile(r"^(?:[^#]*|M)(?!#)#?[^\?\$\#]M?INUS[\s\{]", re.M | re.I)
_VALUES = re.compile(
    r"^(?!\s*#).*?(?<![\w\-\:])VALUES\b(?:\s*(?:\(|[\?\$]\w+|\{|\w|\s))", re.M | re.I
)
_SERVICE = re.compile(r"^(?:[^#]*|S)(?!#)#?[^\?\$\#]S?ERVICE[\s\<]", re.M | re.I)
_AGGREGATE = re.compile(
    r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(|\bGROUP\s+BY\b|\bHAVING\b|\bLIMIT\b|\bOFFSET\b",
    re.I,
)
_SELECT = re.compile(r"\bSELECT\b", re.I)


def _prefixes(engine: Evaluator, node: Term) -> dict[str, str]:
    """The prefixes pySHACL declares for a query: rdf, rdfs, owl and the sh:declare'd ones."""
    sg = engine.sg
    prefixes = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}
    values = sg.objects(node, SH + "prefixes")
    if not values:
        return prefixes
    ontologies = set(sg.subjects(RDF_TYPE, ox.NamedNode(OWL + "Ontology")))
    global_declares: list[Term] = []
    for o in ontologies:
        global_declares += sg.objects(o, SH + "declare")
    for value in values:
        own = sg.objects(value, SH + "declare")
        declares = own if own and value in ontologies else global_declares + own
        for dec in declares:
            prefix = sg.objects(dec, SH + "prefix")
            namespace = sg.objects(dec, SH + "namespace")
            if len(prefix) != 1 or len(namespace) != 1:
                raise NotCompilable("sh:declare needs exactly one sh:prefix and sh:namespace")
            prefixes[prefix[0].value] = namespace[0].value
    return prefixes


def _skip(text: str, i: int) -> int:
    """The index after a string, comment or IRI starting at ``i`` (or ``i`` itself)."""
    c = text[i]
    if c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if c in "\"'":
        quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
        j = i + len(quote)
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(text)
    if c == "<":
        m = re.compile(r"<[^<>\"{}|^`\\\s]*>").match(text, i)
        if m:
            return m.end()
    return i


def _where_brace(text: str) -> int:
    """The index of the ``{`` that opens the WHERE clause of the top-level SELECT."""
    m = _SELECT.search(text)
    if m is None:
        raise NotCompilable("sh:select is not a SELECT query")
    i = m.end()
    while i < len(text):
        j = _skip(text, i)
        if j != i:
            i = j
            continue
        if text[i] == "{":
            return i
        i += 1
    raise NotCompilable("sh:select has no WHERE clause")


_TERM = re.compile(
    r"""\s*(?:
        (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<var>[?$][A-Za-z_][\w]*)
      | (?P<lit>"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z][\w-]*|\^\^(?:<[^<>\s]*>|[A-Za-z][\w-]*:[\w-]*))?)
      | (?P<num>[+-]?[0-9]+(?:\.[0-9]+)?)
      | (?P<a>a(?=\s))
      | (?P<pname>[A-Za-z][\w-]*:(?:[\w-]|\.(?=[\w-]))*|:(?:[\w-]|\.(?=[\w-]))*)
      | (?P<punct>[.;,])
    )""",
    re.VERBOSE,
)


def _triples(body: str) -> list[str] | None:
    """The triple patterns of a group that holds nothing else, or None."""
    terms: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        if body[i:].strip() == "":
            break
        m = _TERM.match(body, i)
        if m is None or m.lastgroup is None:
            return None
        terms.append((m.lastgroup, m.group(m.lastgroup)))
        i = m.end()
    triples: list[str] = []
    subject = predicate = None
    expect = "s"
    for kind, text in terms:
        if kind == "punct":
            if expect != "sep":
                return None
            expect = {".": "s", ";": "p", ",": "o"}[text]
            continue
        if expect == "sep":
            return None
        if expect == "s":
            if kind in ("lit", "num", "a"):
                return None
            subject, expect = text, "p"
        elif expect == "p":
            if kind not in ("iri", "var", "pname", "a"):
                return None
            predicate, expect = text, "o"
        else:
            triples.append(f"{subject} {predicate} {text}")
            expect = "sep"
    if expect not in ("sep", "s") or not triples:
        return None
    return triples


def nest_exists(query: str) -> str:
    """Write ``EXISTS { t1 . t2 ... }`` over plain triple patterns as
    ``EXISTS { t1 FILTER EXISTS { t2 ... } }``: the same condition, but Oxigraph then
    evaluates the patterns in the order written (the bound variable first) instead of
    starting from a pattern with a constant that matches every node of a kind."""
    out: list[str] = []
    i = 0
    keyword = re.compile(r"\bEXISTS\s*\{", re.I)
    while i < len(query):
        j = _skip(query, i)
        if j != i:
            out.append(query[i:j])
            i = j
            continue
        m = keyword.match(query, i)
        if m is None:
            out.append(query[i])
            i += 1
            continue
        end = m.end()
        depth, k = 1, end
        while k < len(query) and depth:
            skipped = _skip(query, k)
            if skipped != k:
                k = skipped
                continue
            depth += {"{": 1, "}": -1}.get(query[k], 0)
            k += 1
        body = query[end : k - 1]
        triples = _triples(body) if depth == 0 else None
        if triples is None or len(triples) < 2:
            out.append(query[i:end])
            i = end
            continue
        nested = triples[-1]
        for t in reversed(triples[:-1]):
            nested = f"{t} FILTER EXISTS {{ {nested} }}"
        out.append(f"EXISTS {{ {nested} }}")
        i = k
    return "".join(out)


@dataclass
class SparqlConstraint:
    shape: Shape
    node: Term
    query: str  # with prefixes and $PATH replaced
    messages: list[ox.Literal]
    binds_this: bool
    current_shape: bool
    joined: bool
    projects_this: bool = True
    _cache: dict[str, str] = field(default_factory=dict)

    def _joined_query(self, engine: Evaluator, focus: Focus) -> str:
        text = self.query
        brace = _where_brace(text)
        head, body = text[:brace], text[brace + 1 :]
        if not self.projects_this:
            select = list(re.finditer(r"\bSELECT\s+((DISTINCT|REDUCED)\s+)?", head, re.I))[-1]
            head = head[: select.end()] + "?this " + head[select.end() :]
        return f"{head}{{ {focus.pattern('?this', engine.fresh)} {body}"

    def run(self, engine: Evaluator, focus: Focus) -> list[Result]:
        subs: dict[ox.Variable, Term] = {}
        if self.current_shape:
            subs[ox.Variable("currentShape")] = self.shape.node
        rows: list[tuple[Term, dict[str, Term]]] = []
        if self.joined:
            solutions = engine.store.select(self._joined_query(engine, focus), substitutions=subs)
            names = [v.value for v in solutions.variables]
            for sol in solutions:
                bound = {n: decode(sol[n]) for n in names if sol[n] is not None}
                f = bound["this"]
                if not self.projects_this:
                    del bound["this"]
                rows.append((f, bound))
        else:
            for f in engine.nodes(focus):
                local = dict(subs)
                if self.binds_this:
                    local[ox.Variable("this")] = engine.store.encode(f)
                solutions = engine.store.select(self.query, substitutions=local)
                names = [v.value for v in solutions.variables]
                for sol in solutions:
                    rows.append((f, {n: decode(sol[n]) for n in names if sol[n] is not None}))
        return self._results(rows)

    def _results(self, rows: list[tuple[Term, dict[str, Term]]]) -> list[Result]:
        shape = self.shape
        seen: dict[Term, list[object]] = {}
        out: list[Result] = []
        for f, bound in rows:
            done = seen.setdefault(f, [])
            var_dict = dict(bound)
            result_val = None if shape.is_property else f
            if var_dict.pop("failure", None) is not None:
                if True in done:
                    continue
                done.append(True)
                out.append(self._result(f, result_val, None, var_dict))
                continue
            p = var_dict.pop("path", None)
            v = var_dict.pop("value", None)
            t = var_dict.pop("this", None)
            if p is None and v is None and t is None:
                continue
            key = (t, p, v, var_dict)
            if key in done:
                continue
            done.append(key)
            value = v if v is not None else result_val
            fills: dict[str, Term] = dict(var_dict)
            if t is not None:
                fills["this"] = t
            if p is not None:
                fills["path"] = p
            if value is not None:
                fills["value"] = value
            out.append(self._result(t or f, value, p, fills))
        return out

    def _result(
        self, focus: Term, value: Term | None, path: Term | None, fills: dict[str, Term]
    ) -> Result:
        texts: list[str] = []
        shape_messages = [(m.value, m.language) for m in self.shape.messages]
        for m in self.messages:
            if (m.value, m.language) in shape_messages:
                continue
            texts.append(_fill(m.value, fills))
        texts += [_fill(m.value, fills) for m in self.shape.messages]
        return Result(
            focus,
            self.shape,
            "SPARQLConstraintComponent",
            value,
            path if path is not None else self.shape.path,
            self.node,
            tuple(texts),
            fills,
        )


def _fill(message: str, fills: dict[str, Term]) -> str:
    """pySHACL's substitution of ``{?var}`` and ``{$var}`` in a message."""
    for name, val in fills.items():
        message = re.sub(f"{{[?$]{name}}}", val.value, message)
    return message


def compile_constraints(engine: Evaluator, shape: Shape) -> list[SparqlConstraint]:
    sg = engine.sg
    out: list[SparqlConstraint] = []
    for node in sg.objects(shape.node, SH + "sparql"):
        selects = sg.objects(node, SH + "select")
        if len(selects) != 1 or not isinstance(selects[0], ox.Literal):
            raise NotCompilable("sh:sparql needs exactly one sh:select string")
        deactivated = sg.value(node, SH + "deactivated")
        if isinstance(deactivated, ox.Literal) and deactivated.value == "true":
            continue
        text = selects[0].value
        if _MINUS.search(text) or _VALUES.search(text) or _SERVICE.search(text):
            raise NotCompilable("a SPARQL constraint must not use MINUS, VALUES or SERVICE")
        if _SHAPES_GRAPH.search(text):
            raise NotCompilable("$shapesGraph is not supported")
        if shape.is_property:
            assert shape.path is not None
            path = sparql_path(sg, shape.path)
            text = _PATH.sub(lambda m, path=path: m.group(1) + path, text)  # type: ignore[misc]
        elif _PATH.search(text):
            raise NotCompilable("$PATH in a SPARQL constraint of a node shape")
        prefixes = _prefixes(engine, node)
        header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
        query = f"{header}\n{nest_exists(text)}"
        messages = [m for m in sg.objects(node, SH + "message") if isinstance(m, ox.Literal)]
        binds_this = bool(_THIS.search(text))
        nested = len(_SELECT.findall(query)) > 1
        joined = binds_this and not nested and not _AGGREGATE.search(text)
        constraint = SparqlConstraint(
            shape=shape,
            node=node,
            query=query,
            messages=messages,
            binds_this=binds_this,
            current_shape=bool(_CURRENT_SHAPE.search(text)),
            joined=joined,
        )
        if joined:
            brace = _where_brace(query)
            projection = query[_SELECT.search(query).end() : brace]  # type: ignore[union-attr]
            constraint.projects_this = "*" in projection or bool(
                re.search(r"[?$]this\b", projection)
            )
        try:
            ox_query_check(query)
        except SyntaxError as e:
            raise NotCompilable(f"SPARQL constraint {node}: {e}") from None
        out.append(constraint)
    return out


def ox_query_check(query: str) -> None:
    """Raise SyntaxError if Oxigraph cannot parse ``query``."""
    ox.Store().query(query)


class Sparql(Component):
    """sh:sparql: each SELECT query gives the results of its constraint, with the messages
    of the constraint and of the shape (their placeholders filled in), never a generic one."""

    name = "sparql"
    parameters = ("sparql",)
    optional = ("prefixes",)
    reports = ("SPARQLConstraintComponent",)

    def check(self, ev: Evaluator, shape: Shape) -> None:
        compile_constraints(ev, shape)

    def evaluate(self, ev: Evaluator, shape: Shape, focus: Focus) -> list[Result]:
        out: list[Result] = []
        for constraint in compile_constraints(ev, shape):
            out += constraint.run(ev, focus)
        return out

    def message(self, r: Result, s: Stringifier) -> None:
        return None
