"""A synthetic Council-wide graph in the coekg ontology, for benchmarks and tests.

The graph is shaped like the bundled data (every resource has one most specific class, an
English label and description, and the document section it comes from) but describes a
Council of 46 *synthetic* member states: every label says "Synthetic", treaty numbers are
in a range no real treaty uses (CETS 901 onwards), and nothing in it is a fact about any
real state or organisation. It is never published as data.

:func:`generate` writes about ``triples`` triples as N-Triples or Turtle, streaming, and is
deterministic: the same ``triples`` and ``seed`` give byte-identical output. This module
says what the graph holds, as blocks; :mod:`coekg.synth.writers` writes them.

Length: one module, because it is one description of the synthetic world, read top to
bottom: each resource kind is a short function of what it links to, and the blocks of one
kind refer to the others' IRIs. Split, the description would be scattered over files that
each make sense only with the rest.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from coekg.synth.writers import Block, BlockWriter, Obj, Pair

STATES = 46
REGIONS = 4

LABEL, DESCRIPTION, SECTION = "rdfs:label", "dcterms:description", "coekg:sourceSection"


def _id(kind: str, slug: str) -> Obj:
    return ("id", f"{kind}/{slug}")


def _en(text: str) -> Obj:
    return ("en", text)


def _day(rng: random.Random, year: int) -> Obj:
    return ("date", f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")


def _in_year(rng: random.Random, year: int, precision: float) -> Obj:
    """A day in ``year`` if ``precision`` is below 0.6, a month if below 0.8, else the year."""
    if precision < 0.6:
        return _day(rng, year)
    if precision < 0.8:
        return ("gYearMonth", f"{year:04d}-{rng.randint(1, 12):02d}")
    return ("gYear", f"{year:04d}")


def _date(rng: random.Random, year: int) -> Obj:
    """A date as precise as a source might give it: a day, a month or a year."""
    return _in_year(rng, year, rng.random())


def _period(rng: random.Random, first: int, last: int) -> tuple[Obj, Obj]:
    """A start and an end of the same precision, at least two years apart."""
    start = rng.randint(first, last - 2)
    end = rng.randint(start + 2, last)
    precision = rng.random()
    return _in_year(rng, start, precision), _in_year(rng, end, precision)


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

    def themes(self, low: int, high: int, predicate: str = "coekg:theme") -> list[Pair]:
        count = self.rng.randint(low, high)
        picked = sorted(self.rng.sample(range(1, self.themes_count + 1), count))
        return [(predicate, _id("theme", f"synthetic-theme-{t}")) for t in picked]

    def resource(
        self,
        subject: str,
        cls: str,
        label: str,
        description: str,
        *pairs: Pair,
        section: Obj | None = None,
    ) -> Block:
        """A resource as most are written: its label, description, ``pairs``, and last the
        section it comes from (a random one unless ``section`` is given)."""
        return (
            subject,
            cls,
            [
                (LABEL, _en(label)),
                (DESCRIPTION, _en(description)),
                *pairs,
                (SECTION, section or self.section()),
            ],
        )


def _state(i: int) -> Obj:
    return _id("state", f"synthetic-state-{i}")


def _city(i: int, j: int) -> Obj:
    return _id("place", f"synthetic-city-{i}-{j}")


COUNCIL = _id("organisation", "synthetic-council")
UNION = _id("organisation", "synthetic-union")
DOCUMENT = _id("document", "synthetic-cooperation-report")
THEMES = _id("scheme", "synthetic-themes")


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
        yield w.resource(
            f"section/synthetic-section-{n}",
            "DocumentSection",
            f"Synthetic section {n}",
            f"Section {n} of the synthetic co-operation report.",
            ("coekg:partOfDocument", DOCUMENT),
            ("coekg:sectionOrder", ("integer", str(n))),
            section=_id("section", f"synthetic-section-{n}"),
        )
    yield w.resource(
        "organisation/synthetic-council",
        "InternationalOrganisation",
        "Synthetic Council",
        "A synthetic international organisation of 46 synthetic member states.",
    )
    yield w.resource(
        "organisation/synthetic-union",
        "InternationalOrganisation",
        "Synthetic Union",
        "A synthetic international organisation that co-funds projects.",
    )
    bodies = [
        ("StatutoryOrgan", "synthetic-committee-of-ministers", "Synthetic committee of ministers"),
        ("Court", "synthetic-court", "Synthetic court"),
        *[
            ("MonitoringBody", f"synthetic-monitoring-body-{n}", f"Synthetic monitoring body {n}")
            for n in (1, 2, 3)
        ],
        *[
            ("ExpertBody", f"synthetic-expert-body-{n}", f"Synthetic expert body {n}")
            for n in (1, 2)
        ],
    ]
    for cls, slug, label in bodies:
        body = w.resource(
            f"organisation/{slug}",
            cls,
            label,
            f"{label} of the Synthetic Council.",
            ("coekg:subOrganisationOf", COUNCIL),
        )
        if cls == "MonitoringBody":  # the treaty it monitors is drawn, and written, last
            treaty = _id("treaty", f"synthetic-treaty-{rng.randint(1, w.treaties)}")
            body[2].append(("coekg:monitors", treaty))
        yield body
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
        yield (
            f"theme/synthetic-theme-{t}",
            "Theme",
            [
                (LABEL, _en(f"synthetic theme {t}")),
                ("skos:prefLabel", _en(f"synthetic theme {t}")),
                (DESCRIPTION, _en(f"Synthetic co-operation theme number {t}.")),
                ("skos:inScheme", THEMES),
                ("skos:topConceptOf", THEMES)
                if t <= 5
                else ("skos:broader", _id("theme", f"synthetic-theme-{1 + t % 5}")),
                (SECTION, w.section()),
            ],
        )
    for t in range(1, w.treaties + 1):
        yield w.resource(
            f"treaty/synthetic-treaty-{t}",
            "Treaty",
            f"Synthetic treaty {t}",
            f"Synthetic convention number {t} of the Synthetic Council.",
            ("coekg:treatyNumber", ("str", f"CETS {900 + t:03d}")),
            ("coekg:treatyField", w.theme()),
        )
    for r in range(1, REGIONS + 1):
        yield w.resource(
            f"place/synthetic-region-{r}",
            "Region",
            f"Synthetic region {r}",
            f"A group of synthetic states ({r}).",
        )
    order = list(range(1, STATES + 1))
    rng.shuffle(order)
    for i in range(1, STATES + 1):
        yield w.resource(
            f"state/synthetic-state-{i}",
            "MemberState",
            f"Synthetic state {i}",
            f"Synthetic member state {i} of the Synthetic Council.",
            *w.themes(2, 2, "coekg:ratifiedTreatiesInField"),
        )
        yield w.resource(
            f"membership/synthetic-state-{i}-synthetic-council",
            "StateMembership",
            f"Membership of synthetic state {i} in the Synthetic Council",
            f"Synthetic state {i} became member {order[i - 1]}.",
            ("coekg:memberState", _state(i)),
            ("coekg:memberOf", COUNCIL),
            ("coekg:accessionDate", _day(rng, 1949 + order[i - 1])),
            ("coekg:accessionOrder", ("integer", str(order[i - 1]))),
        )


def _state_details(w: _World, i: int) -> Iterator[Block]:
    """A state's cities, Council office, ministries and action-plan series, given with the
    first unit of co-operation that needs them."""
    for j in (1, 2, 3):
        yield w.resource(
            f"place/synthetic-city-{i}-{j}",
            "City",
            f"Synthetic city {i}-{j}",
            f"City {j} of synthetic state {i}.",
            ("coekg:locatedIn", _state(i)),
        )
    yield w.resource(
        f"organisation/synthetic-office-{i}",
        "FieldOffice",
        f"Synthetic Council office in synthetic state {i}",
        f"The field office of the Synthetic Council in synthetic state {i}.",
        ("coekg:subOrganisationOf", COUNCIL),
        ("coekg:locatedIn", _city(i, 1)),
    )
    for m in (1, 2):
        yield w.resource(
            f"organisation/synthetic-ministry-{i}-{m}",
            "Ministry",
            f"Synthetic ministry {m} of synthetic state {i}",
            f"A ministry of synthetic state {i}.",
            ("coekg:institutionOf", _state(i)),
        )
    yield w.resource(
        f"action-plan-series/synthetic-state-{i}",
        "ActionPlanSeries",
        f"Synthetic action plans for synthetic state {i}",
        f"The successive synthetic action plans for synthetic state {i}.",
        ("coekg:beneficiaryState", _state(i)),
    )


_EVENTS = ["Training", "Workshop", "Seminar", "Ceremony", "StudyVisit", "Meeting", "PublicEvent"]
_HONORIFICS = ["Ms.", "Mr.", "Dr."]
_QUALIFIERS = ("Exactly", "MoreThan", "Nearly", "TotalOf")


def _units(w: _World) -> Iterator[list[Block]]:
    """Endless units of co-operation, state after state: projects with their funders,
    outcomes, events and people; treaty actions; action plans; programmes."""
    u = 0
    plans: dict[int, int] = {}
    programmes: list[Obj] = []
    treaties: dict[int, int] = {}
    while True:
        u += 1
        i = 1 + (u - 1) % STATES
        series = _id("action-plan-series", f"synthetic-state-{i}")
        blocks: list[Block] = list(_state_details(w, i)) if u <= STATES else []
        if u % 7 == 1:
            plans[i] = plans.get(i, 0) + 1
            blocks += _action_plan(w, i, plans[i], series)
        if u % 11 == 2:
            slug = f"synthetic-programme-{u}"
            programmes.append(_id("programme", slug))
            blocks.append(
                w.resource(
                    f"programme/{slug}",
                    "Programme",
                    f"Synthetic programme {u}",
                    f"A synthetic co-operation programme ({u}).",
                    ("coekg:fundedBy", COUNCIL),
                    ("coekg:implementedBy", COUNCIL),
                    ("coekg:region", _id("place", f"synthetic-region-{w.rng.randint(1, REGIONS)}")),
                    *w.themes(1, 2),
                )
            )
        if u % 5 == 3:
            blocks += _treaty_actions(w, i, treaties)
        blocks += _project(w, u, i, series, programmes)
        yield blocks


def _action_plan(w: _World, i: int, n: int, series: Obj) -> list[Block]:
    """Action plan ``n`` for state ``i``, four years after the one before, and its budget."""
    rng = w.rng
    state = _state(i)
    start = 2000 + 4 * ((n - 1) % 6)
    slug = f"synthetic-state-{i}-{n}"
    previous = _id("action-plan", f"synthetic-state-{i}-{n - 1}")
    plan = w.resource(
        f"action-plan/{slug}",
        "ActionPlan",
        f"Synthetic action plan {n} for synthetic state {i}",
        f"Synthetic action plan {n} for synthetic state {i}, {start}-{start + 3}.",
        ("coekg:beneficiaryState", state),
        ("coekg:preparedWith", state),
        ("coekg:inSeries", series),
        ("coekg:startDate", ("gYear", str(start))),
        ("coekg:endDate", ("gYear", str(start + 3))),
        ("coekg:launchDate", _day(rng, start)),
        ("coekg:budget", _id("amount", f"synthetic-action-plan-{slug}")),
        *w.themes(3, 3, "coekg:priority"),
        *([("coekg:previousActionPlan", previous)] if n > 1 else []),
    )
    budget = w.resource(
        f"amount/synthetic-action-plan-{slug}",
        "MonetaryAmount",
        f"Synthetic budget of action plan {n} for synthetic state {i}",
        "A synthetic amount of money.",
        ("coekg:amount", ("decimal", str(rng.randint(1, 200) * 100000))),
        ("coekg:currency", ("str", "EUR")),
    )
    return [plan, budget]


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
        blocks += [
            w.resource(
                f"{kind}/synthetic-state-{i}-synthetic-treaty-{t}",
                cls,
                f"{cls} of synthetic treaty {t} by synthetic state {i}",
                f"A synthetic {kind} of a synthetic treaty.",
                ("coekg:actingState", _state(i)),
                ("coekg:treaty", _id("treaty", f"synthetic-treaty-{t}")),
                ("coekg:actionDate", _day(rng, year)),
            )
            for kind, cls, year in dates
        ]
    return blocks


def _project(w: _World, u: int, i: int, series: Obj, programmes: list[Obj]) -> list[Block]:
    """Project ``u`` with state ``i``: its outcomes, its events, and maybe a person met."""
    rng = w.rng
    project = _id("project", f"synthetic-project-{u}")
    start, end = _period(rng, 2005, 2023)
    funders = [COUNCIL] + ([UNION] if rng.random() < 0.5 else [])
    pairs: list[Pair] = [
        ("coekg:status", ("coekg", "Completed" if end[1][:4] < "2022" else "Ongoing")),
        ("coekg:startDate", start),
        ("coekg:endDate", end),
        *[("coekg:fundedBy", f) for f in funders],
        ("coekg:implementedBy", COUNCIL),
        ("coekg:partner", _id("organisation", f"synthetic-ministry-{i}-{rng.randint(1, 2)}")),
        ("coekg:beneficiaryState", _state(i)),
        ("coekg:underActionPlan", series),
        *w.themes(1, 3),
    ]
    if programmes and rng.random() < 0.5:
        pairs.append(("coekg:partOfProgramme", rng.choice(programmes)))
    blocks = [
        w.resource(
            f"project/synthetic-project-{u}",
            "Project",
            f"Synthetic project {u}",
            f"Synthetic co-operation project {u} with synthetic state {i}.",
            *pairs,
        )
    ]
    for k in range(1, rng.randint(1, 3) + 1):
        blocks.append(_outcome(w, u, k, project))
    person = _id("person", f"synthetic-person-{u}")
    with_person = rng.random() < 0.4
    years = int(start[1][:4]) + 1, int(end[1][:4]) - 1
    for k in range(1, rng.randint(1, 3) + 1):
        blocks.append(
            _event(w, u, k, i, years, project, person if with_person and k == 1 else None)
        )
    if with_person:
        blocks += _person(w, u, i, person)
    return blocks


def _outcome(w: _World, u: int, k: int, project: Obj) -> Block:
    """Outcome ``k`` of project ``u``: counted half of the time, else in words only."""
    rng = w.rng
    subject, label = f"outcome/synthetic-outcome-{u}-{k}", f"Synthetic outcome {u}-{k}"
    if rng.random() < 0.5:
        return w.resource(
            subject,
            "QuantifiedOutcome",
            label,
            f"A counted synthetic result of synthetic project {u}.",
            ("coekg:outcomeOf", project),
            ("coekg:about", project),
            ("coekg:measure", ("str", "synthetic participants trained")),
            ("coekg:count", ("integer", str(rng.randint(5, 5000)))),
            ("coekg:qualifier", ("coekg", rng.choice(_QUALIFIERS))),
            ("coekg:targetGroup", ("str", "synthetic professionals")),
            ("coekg:asOf", ("gYear", str(rng.randint(2010, 2022)))),
        )
    return w.resource(
        subject,
        "Outcome",
        label,
        f"A synthetic result of synthetic project {u}, in words.",
        ("coekg:outcomeOf", project),
    )


def _event(
    w: _World, u: int, k: int, i: int, years: tuple[int, int], project: Obj, participant: Obj | None
) -> Block:
    """Event ``k`` of project ``u`` in a year within ``years``, on one date or over a few days."""
    rng = w.rng
    cls = rng.choice(_EVENTS)
    year = rng.randint(*years)
    when: list[Pair]
    if rng.random() < 0.5:
        when = [("coekg:date", _date(rng, year))]
    else:
        day = rng.randint(1, 20)
        month = rng.randint(1, 12)
        last = day + rng.randint(1, 5)
        when = [
            ("coekg:startDate", ("date", f"{year}-{month:02d}-{day:02d}")),
            ("coekg:endDate", ("date", f"{year}-{month:02d}-{last:02d}")),
        ]
    return w.resource(
        f"event/synthetic-event-{u}-{k}",
        cls,
        f"Synthetic {cls.lower()} {u}-{k}",
        f"A synthetic event of synthetic project {u}.",
        *when,
        ("coekg:place", _city(i, rng.randint(1, 3))),
        ("coekg:relatedProject", project),
        ("coekg:organisedBy", _id("organisation", f"synthetic-office-{i}")),
        *([("coekg:participant", participant)] if participant else []),
        *w.themes(0, 1),
        ("coekg:photoCaption", ("boolean", "true")),
    )


def _person(w: _World, u: int, i: int, person: Obj) -> list[Block]:
    """The person met at project ``u``'s first event, the post they hold, and the holding."""
    rng = w.rng
    post = _id("post", f"synthetic-post-{u}")
    return [
        w.resource(
            person[1],
            "Person",
            f"Synthetic person {u}",
            f"A synthetic official who took part in synthetic project {u}.",
            ("coekg:honorific", ("str", rng.choice(_HONORIFICS))),
        ),
        w.resource(
            post[1],
            "Post",
            f"Synthetic post {u}",
            f"A synthetic post in synthetic state {i}.",
            ("coekg:postIn", _id("organisation", f"synthetic-ministry-{i}-1")),
        ),
        w.resource(
            f"post-holding/synthetic-person-{u}-synthetic-post-{u}",
            "PostHolding",
            f"Synthetic person {u} as synthetic post {u}",
            "A synthetic post holding, as a synthetic event attests it.",
            ("coekg:holder", person),
            ("coekg:post", post),
            ("coekg:attestedBy", _id("event", f"synthetic-event-{u}-1")),
            ("coekg:attestedOn", ("gYear", str(rng.randint(2005, 2022)))),
        ),
    ]


def generate(triples: int, output: IO[bytes], *, seed: int = 0, fmt: str = "nt") -> int:
    """Write a synthetic graph of about ``triples`` triples; return the exact count."""
    writer = BlockWriter(output, fmt)
    w = _World.for_size(triples, seed)
    for block in _skeleton(w):
        writer.write(block)
    units = _units(w)
    while writer.triples < triples:
        for block in next(units):
            writer.write(block)
    writer.flush()
    return writer.triples
