"""A synthetic Council-wide graph in the coekg ontology, for benchmarks and tests.

The graph is shaped like the bundled data (every resource has one most specific class, an
English label and description, and the document section it comes from) but describes a
Council of 46 *synthetic* member states: every label says "Synthetic", treaty numbers are
in a range no real treaty uses (CETS 901 onwards), and nothing in it is a fact about any
real state or organisation. It is never published as data.

:func:`generate` writes about ``triples`` triples as N-Triples or Turtle, streaming, and is
deterministic: the same ``triples`` and ``seed`` give byte-identical output.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from coekg import namespaces

STATES = 46
REGIONS = 4

_XSD = "http://www.w3.org/2001/XMLSchema#"
_PREFIXES = {
    "coekg": namespaces.DEF,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": _XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
}

# An object is ("id", "kind/slug"), ("def", "LocalName"), or a literal:
# ("en", text), ("str", text) or (datatype local name in xsd, lexical form).
Obj = tuple[str, str]
Block = tuple[str, str, list[tuple[str, Obj]]]  # subject "kind/slug", class, (predicate, object)

LABEL, DESCRIPTION, SECTION = "rdfs:label", "dcterms:description", "coekg:sourceSection"


def _id(kind: str, slug: str) -> Obj:
    return ("id", f"{kind}/{slug}")


def _en(text: str) -> Obj:
    return ("en", text)


def _date(rng: random.Random, year: int) -> Obj:
    """A date as precise as a source might give it: a day, a month or a year."""
    r = rng.random()
    if r < 0.6:
        return ("date", f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    if r < 0.8:
        return ("gYearMonth", f"{year:04d}-{rng.randint(1, 12):02d}")
    return ("gYear", f"{year:04d}")


def _period(rng: random.Random, first: int, last: int) -> tuple[Obj, Obj]:
    """A start and an end of the same precision, at least two years apart."""
    start = rng.randint(first, last - 2)
    end = rng.randint(start + 2, last)
    kind = rng.random()
    if kind < 0.6:
        return (
            ("date", f"{start:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
            ("date", f"{end:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
        )
    if kind < 0.8:
        return (
            ("gYearMonth", f"{start:04d}-{rng.randint(1, 12):02d}"),
            ("gYearMonth", f"{end:04d}-{rng.randint(1, 12):02d}"),
        )
    return ("gYear", f"{start:04d}"), ("gYear", f"{end:04d}")


@dataclass
class _World:
    """The random source and the sizes of the fixed part, which grow with the graph."""

    rng: random.Random
    sections: int
    themes_count: int
    treaties: int

    @classmethod
    def for_size(cls, triples: int, seed: int) -> _World:
        def scaled(per: int, low: int, high: int) -> int:
            return max(low, min(high, triples // per))

        return cls(
            random.Random(seed), scaled(5000, 4, 20), scaled(2500, 6, 40), scaled(1500, 4, 60)
        )

    def section(self) -> Obj:
        return _id("section", f"synthetic-section-{self.rng.randint(1, self.sections)}")

    def theme(self) -> Obj:
        return _id("theme", f"synthetic-theme-{self.rng.randint(1, self.themes_count)}")

    def themes(self, low: int, high: int, predicate: str = "coekg:theme") -> list[tuple[str, Obj]]:
        count = self.rng.randint(low, high)
        picked = sorted(self.rng.sample(range(1, self.themes_count + 1), count))
        return [(predicate, _id("theme", f"synthetic-theme-{t}")) for t in picked]


def _state(i: int) -> Obj:
    return _id("state", f"synthetic-state-{i}")


def _city(i: int, j: int) -> Obj:
    return _id("place", f"synthetic-city-{i}-{j}")


COUNCIL = _id("organisation", "synthetic-council")
UNION = _id("organisation", "synthetic-union")
DOCUMENT = _id("document", "synthetic-cooperation-report")


def _skeleton(w: _World) -> Iterator[Block]:
    """The fixed part: the council and its bodies, the document, themes, treaties, states."""
    rng = w.rng
    yield (
        "document/synthetic-cooperation-report",
        "SourceDocument",
        [
            (LABEL, _en("Synthetic co-operation report")),
            ("dcterms:title", _en("Synthetic co-operation report")),
            (
                DESCRIPTION,
                _en(
                    "A synthetic source document, generated for benchmarks; it states nothing real."
                ),
            ),
            (SECTION, _id("section", "synthetic-section-1")),
        ],
    )
    for n in range(1, w.sections + 1):
        yield (
            f"section/synthetic-section-{n}",
            "DocumentSection",
            [
                (LABEL, _en(f"Synthetic section {n}")),
                (DESCRIPTION, _en(f"Section {n} of the synthetic co-operation report.")),
                ("coekg:partOfDocument", DOCUMENT),
                ("coekg:sectionOrder", ("positiveInteger", str(n))),
                (SECTION, _id("section", f"synthetic-section-{n}")),
            ],
        )
    for slug, label, text in (
        (
            "synthetic-council",
            "Synthetic Council",
            "A synthetic international organisation of 46 synthetic member states.",
        ),
        (
            "synthetic-union",
            "Synthetic Union",
            "A synthetic international organisation that co-funds projects.",
        ),
    ):
        yield (
            f"organisation/{slug}",
            "InternationalOrganisation",
            [(LABEL, _en(label)), (DESCRIPTION, _en(text)), (SECTION, w.section())],
        )
    bodies = [
        ("StatutoryOrgan", "synthetic-committee-of-ministers", "Synthetic committee of ministers")
    ]
    bodies.append(("Court", "synthetic-court", "Synthetic court"))
    bodies += [
        ("MonitoringBody", f"synthetic-monitoring-body-{n}", f"Synthetic monitoring body {n}")
        for n in (1, 2, 3)
    ]
    bodies += [
        ("ExpertBody", f"synthetic-expert-body-{n}", f"Synthetic expert body {n}") for n in (1, 2)
    ]
    for cls, slug, label in bodies:
        pairs = [
            (LABEL, _en(label)),
            (DESCRIPTION, _en(f"{label} of the Synthetic Council.")),
            ("coekg:subOrganisationOf", COUNCIL),
            (SECTION, w.section()),
        ]
        if cls == "MonitoringBody":
            pairs.append(
                ("coekg:monitors", _id("treaty", f"synthetic-treaty-{rng.randint(1, w.treaties)}"))
            )
        yield (f"organisation/{slug}", cls, pairs)
    yield (
        "scheme/synthetic-themes",
        "",
        [
            ("rdf:type", ("skos", "ConceptScheme")),
            (LABEL, _en("Synthetic co-operation themes")),
            (DESCRIPTION, _en("The themes of the synthetic co-operation report.")),
            *[("skos:hasTopConcept", _id("theme", f"synthetic-theme-{t}")) for t in range(1, 6)],
            (SECTION, w.section()),
        ],
    )
    for t in range(1, w.themes_count + 1):
        pairs = [
            (LABEL, _en(f"synthetic theme {t}")),
            ("skos:prefLabel", _en(f"synthetic theme {t}")),
            (DESCRIPTION, _en(f"Synthetic co-operation theme number {t}.")),
            ("skos:inScheme", _id("scheme", "synthetic-themes")),
        ]
        if t <= 5:
            pairs.append(("skos:topConceptOf", _id("scheme", "synthetic-themes")))
        else:
            pairs.append(("skos:broader", _id("theme", f"synthetic-theme-{1 + t % 5}")))
        pairs.append((SECTION, w.section()))
        yield (f"theme/synthetic-theme-{t}", "Theme", pairs)
    for t in range(1, w.treaties + 1):
        yield (
            f"treaty/synthetic-treaty-{t}",
            "Treaty",
            [
                (LABEL, _en(f"Synthetic treaty {t}")),
                (DESCRIPTION, _en(f"Synthetic convention number {t} of the Synthetic Council.")),
                ("coekg:treatyNumber", ("str", f"CETS {900 + t:03d}")),
                ("coekg:treatyField", w.theme()),
                (SECTION, w.section()),
            ],
        )
    for r in range(1, REGIONS + 1):
        yield (
            f"place/synthetic-region-{r}",
            "Region",
            [
                (LABEL, _en(f"Synthetic region {r}")),
                (DESCRIPTION, _en(f"A group of synthetic states ({r}).")),
                (SECTION, w.section()),
            ],
        )
    order = list(range(1, STATES + 1))
    rng.shuffle(order)
    for i in range(1, STATES + 1):
        yield (
            f"state/synthetic-state-{i}",
            "MemberState",
            [
                (LABEL, _en(f"Synthetic state {i}")),
                (DESCRIPTION, _en(f"Synthetic member state {i} of the Synthetic Council.")),
                *w.themes(2, 2, "coekg:ratifiedTreatiesInField"),
                (SECTION, w.section()),
            ],
        )
        year = 1949 + order[i - 1]
        yield (
            f"membership/synthetic-state-{i}-synthetic-council",
            "StateMembership",
            [
                (LABEL, _en(f"Membership of synthetic state {i} in the Synthetic Council")),
                (
                    DESCRIPTION,
                    _en(f"Synthetic state {i} became member {order[i - 1]}."),
                ),
                ("coekg:memberState", _state(i)),
                ("coekg:memberOf", COUNCIL),
                (
                    "coekg:accessionDate",
                    ("date", f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
                ),
                ("coekg:accessionOrder", ("positiveInteger", str(order[i - 1]))),
                (SECTION, w.section()),
            ],
        )


def _state_details(w: _World, i: int) -> Iterator[Block]:
    """A state's cities, Council office, ministries and action-plan series, given with the
    first unit of co-operation that needs them."""
    for j in (1, 2, 3):
        yield (
            f"place/synthetic-city-{i}-{j}",
            "City",
            [
                (LABEL, _en(f"Synthetic city {i}-{j}")),
                (DESCRIPTION, _en(f"City {j} of synthetic state {i}.")),
                ("coekg:locatedIn", _state(i)),
                (SECTION, w.section()),
            ],
        )
    yield (
        f"organisation/synthetic-office-{i}",
        "FieldOffice",
        [
            (LABEL, _en(f"Synthetic Council office in synthetic state {i}")),
            (
                DESCRIPTION,
                _en(f"The field office of the Synthetic Council in synthetic state {i}."),
            ),
            ("coekg:subOrganisationOf", COUNCIL),
            ("coekg:locatedIn", _city(i, 1)),
            (SECTION, w.section()),
        ],
    )
    for m in (1, 2):
        yield (
            f"organisation/synthetic-ministry-{i}-{m}",
            "Ministry",
            [
                (LABEL, _en(f"Synthetic ministry {m} of synthetic state {i}")),
                (DESCRIPTION, _en(f"A ministry of synthetic state {i}.")),
                ("coekg:institutionOf", _state(i)),
                (SECTION, w.section()),
            ],
        )
    yield (
        f"action-plan-series/synthetic-state-{i}",
        "ActionPlanSeries",
        [
            (LABEL, _en(f"Synthetic action plans for synthetic state {i}")),
            (DESCRIPTION, _en(f"The successive synthetic action plans for synthetic state {i}.")),
            ("coekg:beneficiaryState", _state(i)),
            (SECTION, w.section()),
        ],
    )


_EVENTS = ["Training", "Workshop", "Seminar", "Ceremony", "StudyVisit", "Meeting", "PublicEvent"]
_HONORIFICS = ["Ms.", "Mr.", "Dr."]


def _units(w: _World) -> Iterator[list[Block]]:
    """Endless units of co-operation, state after state: projects with their funders,
    outcomes, events and people; treaty actions; action plans; programmes."""
    rng = w.rng
    u = 0
    plans: dict[int, int] = {}
    programmes: list[Obj] = []
    treaties: dict[int, int] = {}
    while True:
        u += 1
        i = 1 + (u - 1) % STATES
        state = _state(i)
        series = _id("action-plan-series", f"synthetic-state-{i}")
        blocks: list[Block] = list(_state_details(w, i)) if u <= STATES else []
        if u % 7 == 1:
            n = plans.get(i, 0) + 1
            plans[i] = n
            start = 2000 + 4 * ((n - 1) % 6)
            slug = f"synthetic-state-{i}-{n}"
            pairs = [
                (LABEL, _en(f"Synthetic action plan {n} for synthetic state {i}")),
                (
                    DESCRIPTION,
                    _en(f"Synthetic action plan {n} for synthetic state {i}, {start}-{start + 3}."),
                ),
                ("coekg:beneficiaryState", state),
                ("coekg:preparedWith", state),
                ("coekg:inSeries", series),
                ("coekg:startDate", ("gYear", str(start))),
                ("coekg:endDate", ("gYear", str(start + 3))),
                (
                    "coekg:launchDate",
                    ("date", f"{start}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
                ),
                ("coekg:budget", _id("amount", f"synthetic-action-plan-{slug}")),
                *w.themes(3, 3, "coekg:priority"),
            ]
            if n > 1:
                pairs.append(
                    ("coekg:previousActionPlan", _id("action-plan", f"synthetic-state-{i}-{n - 1}"))
                )
            pairs.append((SECTION, w.section()))
            blocks.append((f"action-plan/{slug}", "ActionPlan", pairs))
            blocks.append(
                (
                    f"amount/synthetic-action-plan-{slug}",
                    "MonetaryAmount",
                    [
                        (
                            LABEL,
                            _en(f"Synthetic budget of action plan {n} for synthetic state {i}"),
                        ),
                        (DESCRIPTION, _en("A synthetic amount of money.")),
                        ("coekg:amount", ("decimal", str(rng.randint(1, 200) * 100000))),
                        ("coekg:currency", ("str", "EUR")),
                        (SECTION, w.section()),
                    ],
                )
            )
        if u % 11 == 2:
            slug = f"synthetic-programme-{u}"
            programmes.append(_id("programme", slug))
            blocks.append(
                (
                    f"programme/{slug}",
                    "Programme",
                    [
                        (LABEL, _en(f"Synthetic programme {u}")),
                        (DESCRIPTION, _en(f"A synthetic co-operation programme ({u}).")),
                        ("coekg:fundedBy", COUNCIL),
                        ("coekg:implementedBy", COUNCIL),
                        (
                            "coekg:region",
                            _id("place", f"synthetic-region-{rng.randint(1, REGIONS)}"),
                        ),
                        *w.themes(1, 2),
                        (SECTION, w.section()),
                    ],
                )
            )
        if u % 5 == 3:
            blocks += _treaty_actions(w, i, treaties)
        blocks += _project(w, u, i, series, programmes)
        yield blocks


def _treaty_actions(w: _World, i: int, done: dict[int, int]) -> list[Block]:
    """The next two treaties for state ``i``: a signature, and mostly a later ratification."""
    rng = w.rng
    blocks: list[Block] = []
    for t in range(done.get(i, 0) + 1, min(done.get(i, 0) + 2, w.treaties) + 1):
        done[i] = t
        signed = rng.randint(1990, 2015)
        dates = [("signature", "Signature", signed)]
        if rng.random() < 0.7:
            dates.append(("ratification", "Ratification", rng.randint(signed + 1, 2022)))
        for kind, cls, year in dates:
            blocks.append(
                (
                    f"{kind}/synthetic-state-{i}-synthetic-treaty-{t}",
                    cls,
                    [
                        (LABEL, _en(f"{cls} of synthetic treaty {t} by synthetic state {i}")),
                        (DESCRIPTION, _en(f"A synthetic {kind} of a synthetic treaty.")),
                        ("coekg:actingState", _state(i)),
                        ("coekg:treaty", _id("treaty", f"synthetic-treaty-{t}")),
                        (
                            "coekg:actionDate",
                            ("date", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
                        ),
                        (SECTION, w.section()),
                    ],
                )
            )
    return blocks


def _project(w: _World, u: int, i: int, series: Obj, programmes: list[Obj]) -> list[Block]:
    rng = w.rng
    state = _state(i)
    project = _id("project", f"synthetic-project-{u}")
    start, end = _period(rng, 2005, 2023)
    funders = [COUNCIL] + ([UNION] if rng.random() < 0.5 else [])
    pairs = [
        (LABEL, _en(f"Synthetic project {u}")),
        (DESCRIPTION, _en(f"Synthetic co-operation project {u} with synthetic state {i}.")),
        ("coekg:status", ("def", "Completed" if end[1][:4] < "2022" else "Ongoing")),
        ("coekg:startDate", start),
        ("coekg:endDate", end),
        *[("coekg:fundedBy", f) for f in funders],
        ("coekg:implementedBy", COUNCIL),
        ("coekg:partner", _id("organisation", f"synthetic-ministry-{i}-{rng.randint(1, 2)}")),
        ("coekg:beneficiaryState", state),
        ("coekg:underActionPlan", series),
        *w.themes(1, 3),
    ]
    if programmes and rng.random() < 0.5:
        pairs.append(("coekg:partOfProgramme", rng.choice(programmes)))
    pairs.append((SECTION, w.section()))
    blocks: list[Block] = [(f"project/synthetic-project-{u}", "Project", pairs)]
    for k in range(1, rng.randint(1, 3) + 1):
        slug = f"synthetic-outcome-{u}-{k}"
        if rng.random() < 0.5:
            blocks.append(
                (
                    f"outcome/{slug}",
                    "QuantifiedOutcome",
                    [
                        (LABEL, _en(f"Synthetic outcome {u}-{k}")),
                        (DESCRIPTION, _en(f"A counted synthetic result of synthetic project {u}.")),
                        ("coekg:outcomeOf", project),
                        ("coekg:about", project),
                        ("coekg:measure", ("str", "synthetic participants trained")),
                        ("coekg:count", ("nonNegativeInteger", str(rng.randint(5, 5000)))),
                        (
                            "coekg:qualifier",
                            ("def", rng.choice(("Exactly", "MoreThan", "Nearly", "TotalOf"))),
                        ),
                        ("coekg:targetGroup", ("str", "synthetic professionals")),
                        ("coekg:asOf", ("gYear", str(rng.randint(2010, 2022)))),
                        (SECTION, w.section()),
                    ],
                )
            )
        else:
            blocks.append(
                (
                    f"outcome/{slug}",
                    "Outcome",
                    [
                        (LABEL, _en(f"Synthetic outcome {u}-{k}")),
                        (
                            DESCRIPTION,
                            _en(f"A synthetic result of synthetic project {u}, in words."),
                        ),
                        ("coekg:outcomeOf", project),
                        (SECTION, w.section()),
                    ],
                )
            )
    person_slug = f"synthetic-person-{u}"
    with_person = rng.random() < 0.4
    for k in range(1, rng.randint(1, 3) + 1):
        cls = rng.choice(_EVENTS)
        year = rng.randint(int(start[1][:4]) + 1, int(end[1][:4]) - 1)
        pairs = [
            (LABEL, _en(f"Synthetic {cls.lower()} {u}-{k}")),
            (DESCRIPTION, _en(f"A synthetic event of synthetic project {u}.")),
        ]
        if rng.random() < 0.5:
            pairs.append(("coekg:date", _date(rng, year)))
        else:
            day = rng.randint(1, 20)
            month = rng.randint(1, 12)
            pairs.append(("coekg:startDate", ("date", f"{year}-{month:02d}-{day:02d}")))
            pairs.append(
                ("coekg:endDate", ("date", f"{year}-{month:02d}-{day + rng.randint(1, 5):02d}"))
            )
        pairs += [
            ("coekg:place", _city(i, rng.randint(1, 3))),
            ("coekg:relatedProject", project),
            ("coekg:organisedBy", _id("organisation", f"synthetic-office-{i}")),
        ]
        if with_person and k == 1:
            pairs.append(("coekg:participant", _id("person", person_slug)))
        pairs += [
            *w.themes(0, 1),
            ("coekg:photoCaption", ("boolean", "true")),
            (SECTION, w.section()),
        ]
        blocks.append((f"event/synthetic-event-{u}-{k}", cls, pairs))
    if with_person:
        post = _id("post", f"synthetic-post-{u}")
        blocks += [
            (
                f"person/{person_slug}",
                "Person",
                [
                    (LABEL, _en(f"Synthetic person {u}")),
                    (
                        DESCRIPTION,
                        _en(f"A synthetic official who took part in synthetic project {u}."),
                    ),
                    ("coekg:honorific", ("str", rng.choice(_HONORIFICS))),
                    (SECTION, w.section()),
                ],
            ),
            (
                f"post/synthetic-post-{u}",
                "Post",
                [
                    (LABEL, _en(f"Synthetic post {u}")),
                    (DESCRIPTION, _en(f"A synthetic post in synthetic state {i}.")),
                    ("coekg:postIn", _id("organisation", f"synthetic-ministry-{i}-1")),
                    (SECTION, w.section()),
                ],
            ),
            (
                f"post-holding/synthetic-person-{u}-synthetic-post-{u}",
                "PostHolding",
                [
                    (LABEL, _en(f"Synthetic person {u} as synthetic post {u}")),
                    (
                        DESCRIPTION,
                        _en("A synthetic post holding, as a synthetic event attests it."),
                    ),
                    ("coekg:holder", _id("person", person_slug)),
                    ("coekg:post", post),
                    ("coekg:attestedBy", _id("event", f"synthetic-event-{u}-1")),
                    ("coekg:attestedOn", ("gYear", str(rng.randint(2005, 2022)))),
                    (SECTION, w.section()),
                ],
            ),
        ]
    return blocks


# --- writing -----------------------------------------------------------------------------


def _typed(block: Block) -> tuple[str, list[tuple[str, Obj]]]:
    subject, cls, pairs = block
    return subject, ([("rdf:type", ("def", cls))] if cls else []) + pairs


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _nt_writer() -> Callable[[Block], tuple[str, int]]:
    ids, defs = namespaces.ID, namespaces.DEF
    full = {k: v for k, v in _PREFIXES.items()}
    pred_cache: dict[str, str] = {}

    def pred(p: str) -> str:
        if p not in pred_cache:
            prefix, local = p.split(":", 1)
            pred_cache[p] = f"<{full[prefix]}{local}>"
        return pred_cache[p]

    def obj(o: Obj) -> str:
        kind, text = o
        if kind == "id":
            return f"<{ids}{text}>"
        if kind == "def":
            return f"<{defs}{text}>"
        if kind == "skos":
            return f"<{full['skos']}{text}>"
        if kind == "en":
            return f'"{_escape(text)}"@en'
        if kind == "str":
            return f'"{_escape(text)}"'
        return f'"{text}"^^<{_XSD}{kind}>'

    def write(block: Block) -> tuple[str, int]:
        subject, pairs = _typed(block)
        s = f"<{ids}{subject}>"
        return "".join(f"{s} {pred(p)} {obj(o)} .\n" for p, o in pairs), len(pairs)

    return write


def _turtle_header() -> str:
    lines = ["# Synthetic data for benchmarks and tests (coekg synth); it states no real facts.\n"]
    lines.append(f"@base <{namespaces.ID}> .\n")
    lines += [f"@prefix {p}: <{ns}> .\n" for p, ns in _PREFIXES.items()]
    return "".join(lines) + "\n"


def _turtle_writer() -> Callable[[Block], tuple[str, int]]:
    def obj(o: Obj) -> str:
        kind, text = o
        if kind == "id":
            return f"<{text}>"
        if kind == "def":
            return f"coekg:{text}"
        if kind == "skos":
            return f"skos:{text}"
        if kind == "en":
            return f'"{_escape(text)}"@en'
        if kind == "str":
            return f'"{_escape(text)}"'
        return f'"{text}"^^xsd:{kind}'

    def write(block: Block) -> tuple[str, int]:
        subject, pairs = _typed(block)
        body = ["a" if p == "rdf:type" else p for p, _ in pairs]
        text = " ;\n    ".join(f"{p} {obj(o)}" for p, (_, o) in zip(body, pairs, strict=True))
        return f"<{subject}> {text} .\n\n", len(pairs)

    return write


def generate(triples: int, output: IO[bytes], *, seed: int = 0, fmt: str = "nt") -> int:
    """Write a synthetic graph of about ``triples`` triples; return the exact count."""
    if fmt not in ("nt", "turtle"):
        raise ValueError(f"unknown synthetic format {fmt!r}")
    w = _World.for_size(triples, seed)
    write = _nt_writer() if fmt == "nt" else _turtle_writer()
    count = 0
    chunk: list[str] = []
    size = 0
    if fmt == "turtle":
        chunk.append(_turtle_header())

    def emit(block: Block) -> None:
        nonlocal count, size
        text, n = write(block)
        chunk.append(text)
        count += n
        size += len(text)
        if size > 1 << 20:
            flush()

    def flush() -> None:
        nonlocal size
        output.write("".join(chunk).encode("utf-8"))
        chunk.clear()
        size = 0

    for block in _skeleton(w):
        emit(block)
    units = _units(w)
    while count < triples:
        for block in next(units):
            emit(block)
    flush()
    return count
