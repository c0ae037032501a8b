# ruff: noqa: E501  (SPARQL patterns quote long titles from the source verbatim)
"""Every fact of the source document, section by section, as a SPARQL ASK pattern.

The source is ``../shared/source/000_f2046728d57952ad.txt``. Each entry names one fact (a
date, number, name, place, title or relation the source states, or a check that nothing was
invented where the source is silent) and gives the graph pattern that must match the data
for the fact to be held. ``tests/test_coverage.py`` runs each one as its own test, over the
union of the named graphs, with the prefixes and the ``BASE`` below (so ``<project/x>`` is
``https://w3id.org/coekg/id/project/x``).
"""

from __future__ import annotations

from typing import NamedTuple

PROLOGUE = """\
BASE <https://w3id.org/coekg/id/>
PREFIX coekg: <https://w3id.org/coekg/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""


class Fact(NamedTuple):
    section: str  # slug of the coekg:DocumentSection the fact comes from
    name: str  # short, unique test id
    pattern: str  # SPARQL group graph pattern (the body of ASK { ... })


def _caption(
    event: str,
    cls: str,
    place: str,
    section: str,
    when: str,
) -> str:
    """Pattern for a photo caption: class, place, date(s), photo flag and section."""
    return f"""
        <event/{event}> a coekg:{cls} ; coekg:place <place/{place}> ;
            coekg:photoCaption true ; coekg:sourceSection <section/{section}> ; {when} ."""


def _day(d: str) -> str:
    return f'coekg:date "{d}"^^xsd:date'


def _days(start: str, end: str) -> str:
    return f'coekg:startDate "{start}"^^xsd:date ; coekg:endDate "{end}"^^xsd:date'


def _priority(label: str) -> str:
    return f"""
        <action-plan/azerbaijan-2022-2025> coekg:priority ?c .
        ?c a coekg:Theme ; skos:prefLabel "{label}"@en ; rdfs:label "{label}"@en ;
            skos:inScheme <scheme/themes> ."""


def _new_area(label: str) -> str:
    return f"""
        <action-plan/azerbaijan-2022-2025> coekg:newArea ?c .
        ?c a coekg:Theme ; skos:prefLabel "{label}"@en ; skos:inScheme <scheme/themes> ."""


def _field(label: str) -> str:
    return f"""
        <state/azerbaijan> coekg:ratifiedTreatiesInField ?c .
        ?c a coekg:Theme ; skos:prefLabel "{label}"@en ; skos:broader <theme/treaty-fields> ."""


def _figure(subject: str, count: int, qualifier: str, outcome_of: str | None = None) -> str:
    link = f"coekg:outcomeOf {outcome_of} ;" if outcome_of else f"coekg:about {subject} ;"
    return f"""
        ?f {link} coekg:count "{count}"^^xsd:integer ;
            coekg:qualifier coekg:{qualifier} ."""


def _post(person: str, name: str, honorific: str, post_label: str, on: str) -> str:
    return f"""
        <person/{person}> a coekg:Person ; rdfs:label "{name}"@en ;
            coekg:honorific "{honorific}" .
        ?h a coekg:PostHolding ; coekg:holder <person/{person}> ; coekg:post ?p ;
            coekg:attestedOn {on} .
        ?p a coekg:Post ; rdfs:label "{post_label}"@en ."""


_OPENING = "opening"
_PLANS = "action-plans"
_OFFICE = "office-in-baku"
_ECHR = "effectiveness-echr-national-level"
_NONDISC = "non-discrimination"
_MEDIA = "promoting-media-professionalism"
_GENDER = "gender-equality-violence-against-women"
_JUSTICE = "independence-efficiency-justice"
_CORRUPTION = "corruption-money-laundering"
_CYBER = "cybercrime"
_PRISONS = "prisons-and-police"
_YOUTH = "youth-for-democracy"
_CONTACT = "contact-details"
_CLOSING = "about-council-of-europe"
_FOOTNOTES = "footnotes"

FACTS: list[Fact] = [
    # ------------------------------------------------------------------ the document
    Fact(
        _OPENING,
        "document-title",
        """
        <document/coe-azerbaijan-cooperation-2022> a coekg:SourceDocument ;
            dcterms:title "Co-operation between the Council of Europe and the Republic of Azerbaijan"@en .""",
    ),
    Fact(
        _OPENING,
        "document-issued-2022",
        """
        <document/coe-azerbaijan-cooperation-2022> dcterms:issued "2022"^^xsd:gYear .""",
    ),
    Fact(
        _OPENING,
        "document-published-by-office-in-baku",
        """
        <document/coe-azerbaijan-cooperation-2022>
            dcterms:publisher <organisation/council-of-europe-office-baku> .""",
    ),
    Fact(
        _OPENING,
        "document-in-english",
        """
        <document/coe-azerbaijan-cooperation-2022> dcterms:language
            <http://publications.europa.eu/resource/authority/language/ENG> .""",
    ),
    Fact(
        _OPENING,
        "document-has-17-ordered-sections",
        """
        { SELECT (COUNT(DISTINCT ?s) AS ?n) (COUNT(DISTINCT ?o) AS ?k) WHERE {
            ?s a coekg:DocumentSection ;
               coekg:partOfDocument <document/coe-azerbaijan-cooperation-2022> ;
               coekg:sectionOrder ?o } }
        FILTER(?n = 17 && ?k = 17)""",
    ),
    Fact(
        _OPENING,
        "section-headings-human-rights-subsections",
        """
        <section/human-rights> rdfs:label "HUMAN RIGHTS"@en .
        FILTER NOT EXISTS {
          VALUES ?heading {
            "Enhancing the effectiveness of the European Convention on Human Rights at national level"@en
            "Non-discrimination"@en "Promoting media professionalism"@en
            "Promoting Gender Equality and Combating Violence against Women and Domestic Violence"@en
            "Independence and efficiency of justice"@en
            "Fight against corruption and money laundering"@en "Cybercrime"@en
            "Prisons and police"@en }
          FILTER NOT EXISTS { ?s a coekg:DocumentSection ; rdfs:label ?heading ;
                                dcterms:isPartOf <section/human-rights> } }""",
    ),
    Fact(
        _YOUTH,
        "section-heading-youth-for-democracy-under-democracy",
        """
        <section/youth-for-democracy> rdfs:label "Youth for democracy"@en ;
            dcterms:isPartOf <section/democracy> .
        <section/democracy> rdfs:label "DEMOCRACY"@en .""",
    ),
    # ------------------------------------------------------------------ untitled opening
    Fact(
        _OPENING,
        "azerbaijan-is-a-member-state",
        """
        <state/azerbaijan> a coekg:MemberState ; rdfs:label "Azerbaijan"@en ;
            skos:altLabel "Republic of Azerbaijan"@en .""",
    ),
    Fact(
        _OPENING,
        "azerbaijan-joined-council-of-europe-2001-01-25",
        """
        ?m a coekg:StateMembership ; coekg:memberState <state/azerbaijan> ;
            coekg:memberOf <organisation/council-of-europe> ;
            coekg:accessionDate "2001-01-25"^^xsd:date .""",
    ),
    Fact(
        _OPENING,
        "azerbaijan-43rd-member-state",
        """
        ?m coekg:memberState <state/azerbaijan> ;
            coekg:accessionOrder "43"^^xsd:integer .""",
    ),
    Fact(
        _OPENING,
        "council-of-europe-international-organisation",
        """
        <organisation/council-of-europe> a coekg:InternationalOrganisation ;
            rdfs:label "Council of Europe"@en .""",
    ),
    Fact(
        _OPENING,
        "65-treaties-ratified-to-date",
        _figure("<state/azerbaijan>", 65, "Exactly")
        + """ ?f coekg:asOf "2022"^^xsd:gYear ; coekg:measure ?m .
         FILTER(CONTAINS(?m, "ratified"))""",
    ),
    Fact(
        _OPENING,
        "7-more-treaties-signed",
        _figure("<state/azerbaijan>", 7, "Exactly")
        + """ ?f coekg:asOf "2022"^^xsd:gYear ; coekg:measure ?m .
         FILTER(CONTAINS(?m, "signed"))""",
    ),
    Fact(
        _OPENING,
        "ratified-echr-ets-005",
        """
        ?r a coekg:Ratification ; coekg:actingState <state/azerbaijan> ; coekg:treaty ?t .
        ?t a coekg:Treaty ; coekg:treatyNumber "ETS 005" ;
            rdfs:label "European Convention on Human Rights"@en .""",
    ),
    Fact(
        _OPENING,
        "echr-full-title",
        """
        <treaty/european-convention-on-human-rights> skos:altLabel
            "European Convention for the Protection of Human Rights and Fundamental Freedoms"@en .""",
    ),
    Fact(
        _OPENING,
        "echr-ratified-with-its-protocols",
        """
        ?r coekg:treaty <treaty/european-convention-on-human-rights> ;
            coekg:actingState <state/azerbaijan> ; dcterms:description ?d .
        FILTER(CONTAINS(?d, "Protocols"))""",
    ),
    Fact(
        _OPENING,
        "ratified-european-social-charter-without-number",
        """
        ?r a coekg:Ratification ; coekg:actingState <state/azerbaijan> ; coekg:treaty ?t .
        ?t rdfs:label "European Social Charter"@en .
        FILTER NOT EXISTS { ?t coekg:treatyNumber ?n }""",
    ),
    Fact(
        _OPENING,
        "ratified-european-cultural-convention-ets-018",
        """
        ?r a coekg:Ratification ; coekg:actingState <state/azerbaijan> ; coekg:treaty ?t .
        ?t rdfs:label "European Cultural Convention"@en ; coekg:treatyNumber "ETS 018" .""",
    ),
    Fact(_OPENING, "treaty-field-fight-against-terrorism", _field("fight against terrorism")),
    Fact(_OPENING, "treaty-field-money-laundering", _field("combating money laundering")),
    Fact(_OPENING, "treaty-field-corruption", _field("combating corruption")),
    Fact(
        _OPENING,
        "treaty-field-children-sexual-abuse",
        _field("protection of children against sexual abuse"),
    ),
    Fact(_OPENING, "treaty-field-prevention-of-torture", _field("prevention of torture")),
    Fact(_OPENING, "treaty-field-cybercrime", _field("cybercrime")),
    Fact(_OPENING, "treaty-field-anti-doping", _field("anti-doping")),
    Fact(_OPENING, "treaty-field-higher-education", _field("higher education")),
    Fact(_OPENING, "treaty-field-national-minorities", _field("protection of national minorities")),
    Fact(_OPENING, "treaty-field-cross-border-co-operation", _field("cross-border co-operation")),
    Fact(_OPENING, "treaty-field-sport", _field("sport")),
    Fact(
        _OPENING,
        "exactly-11-treaty-fields",
        """
        { SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
            <state/azerbaijan> coekg:ratifiedTreatiesInField ?c } }
        FILTER(?n = 11)""",
    ),
    Fact(
        _OPENING,
        "field-treaties-carry-their-numbers",
        """
        FILTER NOT EXISTS {
        VALUES (?field ?number) {
          (<theme/fight-against-terrorism> "CETS 196")
          (<theme/combating-money-laundering> "CETS 198")
          (<theme/combating-corruption> "ETS 173") (<theme/combating-corruption> "ETS 174")
          (<theme/protection-of-children-against-sexual-abuse> "CETS 201")
          (<theme/prevention-of-torture> "ETS 126") (<theme/anti-doping> "ETS 135")
          (<theme/higher-education> "ETS 165")
          (<theme/protection-of-national-minorities> "ETS 157")
          (<theme/cross-border-co-operation> "ETS 106") (<theme/cybercrime> "ETS 185") }
        FILTER NOT EXISTS { ?t coekg:treatyField ?field ; coekg:treatyNumber ?number } }""",
    ),
    Fact(
        _OPENING,
        "treaty-pages-follow-treaty-office-pattern",
        """
        { SELECT (COUNT(?t) AS ?n) WHERE { ?t coekg:treatyNumber ?x } } FILTER(?n = 14)
        FILTER NOT EXISTS {
          ?t coekg:treatyNumber ?number .
          BIND(CONCAT("https://www.coe.int/en/web/conventions/full-list/-/conventions/treaty/",
                      REPLACE(?number, "^C?ETS ", "")) AS ?page)
          FILTER NOT EXISTS { ?t rdfs:seeAlso ?u FILTER(STR(?u) = ?page) } }""",
    ),
    Fact(
        _OPENING,
        "no-ratification-beyond-what-sources-state",
        """
        FILTER NOT EXISTS {
          ?r a coekg:Ratification ; coekg:treaty ?t .
          FILTER(?t NOT IN (<treaty/european-convention-on-human-rights>,
                            <treaty/european-social-charter>,
                            <treaty/european-cultural-convention>,
                            <treaty/budapest-convention-on-cybercrime>)) }
        FILTER NOT EXISTS {
          ?s a coekg:Signature ; coekg:treaty ?t .
          FILTER(?t != <treaty/budapest-convention-on-cybercrime>) }""",
    ),
    Fact(
        _OPENING,
        "caption-address-heydar-aliyev-accession",
        _caption(
            "address-heydar-aliyev-accession-2001",
            "Address",
            "strasbourg",
            _OPENING,
            _day("2001-01-25"),
        )
        + """ <event/address-heydar-aliyev-accession-2001>
                 coekg:participant <person/heydar-aliyev> ;
                 coekg:occasion <membership/azerbaijan-council-of-europe> .""",
    ),
    Fact(
        _OPENING,
        "heydar-aliyev-president-2001",
        _post(
            "heydar-aliyev",
            "Heydar Aliyev",
            "H.E. Mr.",
            "President of the Republic of Azerbaijan",
            '"2001-01-25"^^xsd:date',
        ),
    ),
    Fact(
        _OPENING,
        "heydar-aliyev-attested-at-both-2001-events",
        """
        ?h coekg:holder <person/heydar-aliyev> ; coekg:attestedOn "2001-01"^^xsd:gYearMonth ;
            coekg:attestedBy <event/address-heydar-aliyev-accession-2001> ,
                <event/golden-book-signing-heydar-aliyev-2001> .""",
    ),
    Fact(
        _OPENING,
        "caption-golden-book-signing-january-2001",
        _caption(
            "golden-book-signing-heydar-aliyev-2001",
            "Ceremony",
            "strasbourg",
            _OPENING,
            'coekg:date "2001-01"^^xsd:gYearMonth',
        )
        + """ <event/golden-book-signing-heydar-aliyev-2001>
                 coekg:participant <person/heydar-aliyev> ; rdfs:label ?l .
               FILTER(CONTAINS(?l, "Golden Book of the Council of Europe"))""",
    ),
    Fact(
        _OPENING,
        "caption-address-ilham-aliyev-chairmanship-june-2014",
        _caption(
            "address-ilham-aliyev-chairmanship-2014",
            "Address",
            "strasbourg",
            _OPENING,
            'coekg:date "2014-06"^^xsd:gYearMonth',
        )
        + """ <event/address-ilham-aliyev-chairmanship-2014>
                 coekg:participant <person/ilham-aliyev> ;
                 coekg:occasion <chairmanship/azerbaijan-committee-of-ministers-2014> .""",
    ),
    Fact(
        _OPENING,
        "ilham-aliyev-president-2014",
        _post(
            "ilham-aliyev",
            "Ilham Aliyev",
            "H.E. Mr.",
            "President of the Republic of Azerbaijan",
            '"2014-06"^^xsd:gYearMonth',
        ),
    ),
    Fact(
        _OPENING,
        "ilham-aliyev-attested-in-2014-and-2022",
        """
        ?h coekg:holder <person/ilham-aliyev> ;
            coekg:attestedBy <event/address-ilham-aliyev-chairmanship-2014> ,
                <event/meeting-secretary-general-president-2022> .""",
    ),
    Fact(
        _OPENING,
        "president-is-a-post-of-azerbaijan",
        """
        <post/president-of-azerbaijan> coekg:postIn <state/azerbaijan> .""",
    ),
    Fact(
        _OPENING,
        "chairmanship-of-committee-of-ministers-june-2014",
        """
        ?c a coekg:Chairmanship ; coekg:chairState <state/azerbaijan> ;
            coekg:chairedBody <organisation/committee-of-ministers> ;
            coekg:attestedOn "2014-06"^^xsd:gYearMonth ;
            coekg:attestedBy <event/address-ilham-aliyev-chairmanship-2014> .""",
    ),
    Fact(
        _OPENING,
        "committee-of-ministers-statutory-organ-of-coe",
        """
        <organisation/committee-of-ministers> a coekg:StatutoryOrgan ;
            rdfs:label "Committee of Ministers of the Council of Europe"@en ;
            coekg:subOrganisationOf <organisation/council-of-europe> .""",
    ),
    Fact(
        _OPENING,
        "20-years-of-membership",
        _figure("<membership/azerbaijan-council-of-europe>", 20, "Exactly")
        + ' ?f coekg:measure "years of membership" ; coekg:asOf "2022"^^xsd:gYear .',
    ),
    Fact(
        _OPENING,
        "technical-co-operation-programmes",
        """
        ?a a coekg:Activity ; coekg:implementedBy <organisation/council-of-europe> ;
            coekg:partner <state/azerbaijan> ; coekg:theme <theme/co-operation> .""",
    ),
    Fact(
        _OPENING,
        "strategic-triangle-standard-setting-monitoring-co-operation",
        """
        <theme/strategic-triangle> skos:prefLabel "strategic triangle"@en ;
            skos:topConceptOf <scheme/themes> .
        <theme/standard-setting> skos:broader <theme/strategic-triangle> ;
            skos:prefLabel "standard-setting"@en .
        <theme/monitoring> skos:broader <theme/strategic-triangle> ;
            skos:prefLabel "monitoring"@en .
        <theme/co-operation> skos:broader <theme/strategic-triangle> ;
            skos:prefLabel "co-operation"@en .
        <theme/standard-setting> dcterms:description ?s .
        <theme/monitoring> dcterms:description ?m .
        <theme/co-operation> dcterms:description ?c .
        FILTER(CONTAINS(?s, "legally binding") && CONTAINS(?m, "independent")
               && CONTAINS(?c, "practice"))""",
    ),
    Fact(
        _OPENING,
        "pillars-are-top-concepts",
        """
        <scheme/themes> a skos:ConceptScheme ;
            skos:hasTopConcept <theme/human-rights> , <theme/rule-of-law> , <theme/democracy> .
        <theme/human-rights> skos:prefLabel "human rights"@en .
        <theme/rule-of-law> skos:prefLabel "rule of law"@en .
        <theme/democracy> skos:prefLabel "democracy"@en .""",
    ),
    # ------------------------------------------------------------------ untitled: action plans
    Fact(
        _PLANS,
        "action-plans-since-2014",
        """
        <action-plan-series/azerbaijan> a coekg:ActionPlanSeries ;
            coekg:startDate "2014"^^xsd:gYear ; coekg:beneficiaryState <state/azerbaijan> .""",
    ),
    Fact(
        _PLANS,
        "action-plans-prepared-jointly-with-national-authorities",
        """
        <action-plan/azerbaijan-2022-2025> coekg:preparedWith <state/azerbaijan> .
        <action-plan/azerbaijan-2018-2021> coekg:preparedWith <state/azerbaijan> .""",
    ),
    Fact(
        _PLANS,
        "action-plans-aim-at-european-and-international-standards",
        """
        <action-plan-series/azerbaijan> dcterms:description ?d .
        FILTER(CONTAINS(?d, "European and international standards") && CONTAINS(?d, "reforms"))""",
    ),
    Fact(
        _PLANS,
        "action-plan-2022-2025-period",
        """
        <action-plan/azerbaijan-2022-2025> a coekg:ActionPlan ;
            rdfs:label "Council of Europe Action Plan for Azerbaijan 2022-2025"@en ;
            coekg:inSeries <action-plan-series/azerbaijan> ;
            coekg:startDate "2022"^^xsd:gYear ; coekg:endDate "2025"^^xsd:gYear .""",
    ),
    Fact(
        _PLANS,
        "action-plan-2022-2025-launched-2022-04-05",
        """
        <action-plan/azerbaijan-2022-2025> coekg:launchDate "2022-04-05"^^xsd:date ;
            coekg:launchEvent <event/launch-action-plan-2022-2025> .""",
    ),
    Fact(
        _PLANS,
        "action-plan-2022-2025-launched-in-baku",
        """
        <action-plan/azerbaijan-2022-2025> coekg:launchEvent ?e .
        ?e coekg:place <place/baku> ; coekg:date "2022-04-05"^^xsd:date .""",
    ),
    Fact(
        _PLANS,
        "action-plan-launched-by-secretary-general",
        """
        <action-plan/azerbaijan-2022-2025> coekg:launchedBy <person/marija-pejcinovic-buric> .
        """
        + _post(
            "marija-pejcinovic-buric",
            "Marija Pejčinović Burić",
            "Ms.",
            "Secretary General of the Council of Europe",
            '"2022-04-05"^^xsd:date',
        )
        + """ ?p coekg:postIn <organisation/council-of-europe> .
               ?h coekg:attestedBy <event/launch-action-plan-2022-2025> ,
                   <event/meeting-secretary-general-president-2022> .""",
    ),
    Fact(
        _PLANS,
        "action-plan-launched-by-minister-of-justice",
        """
        <action-plan/azerbaijan-2022-2025> coekg:launchedBy <person/fikrat-mammadov> .
        """
        + _post(
            "fikrat-mammadov",
            "Fikrat Mammadov",
            "Mr.",
            "Minister of Justice of the Republic of Azerbaijan",
            '"2022-04-05"^^xsd:date',
        )
        + """ ?p coekg:postIn <organisation/ministry-of-justice-azerbaijan> .
               ?h coekg:attestedBy <event/launch-action-plan-2022-2025> .""",
    ),
    Fact(
        _PLANS,
        "ministry-of-justice-of-azerbaijan",
        """
        <organisation/ministry-of-justice-azerbaijan> a coekg:Ministry ;
            rdfs:label "Ministry of Justice of the Republic of Azerbaijan"@en ;
            coekg:institutionOf <state/azerbaijan> .""",
    ),
    Fact(
        _PLANS,
        "action-plan-has-15-priorities",
        """
        { SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
            <action-plan/azerbaijan-2022-2025> coekg:priority ?c } }
        FILTER(?n = 15)""",
    ),
    Fact(
        _PLANS,
        "priority-ecthr-case-law-and-judgments",
        _priority(
            "implementation of the case law and judgments of the European Court of Human Rights"
        ),
    ),
    Fact(_PLANS, "priority-criminal-justice-system", _priority("criminal justice system")),
    Fact(_PLANS, "priority-media-capacities", _priority("capacities of the media")),
    Fact(_PLANS, "priority-data-protection", _priority("data protection")),
    Fact(
        _PLANS,
        "priority-gender-equality-violence-against-women",
        _priority("gender equality and combating violence against women and domestic violence"),
    ),
    Fact(_PLANS, "priority-childrens-rights", _priority("children's rights")),
    Fact(_PLANS, "priority-social-rights", _priority("social rights")),
    Fact(
        _PLANS,
        "priority-judiciary-including-constitutional-justice",
        _priority(
            "effectiveness, accountability and transparency of the judiciary, including "
            "constitutional justice"
        ),
    ),
    Fact(
        _PLANS,
        "priority-corruption-and-money-laundering",
        _priority("fight against corruption and money laundering"),
    ),
    Fact(_PLANS, "priority-cybercrime", _priority("cybercrime")),
    Fact(_PLANS, "priority-prison-reform", _priority("reform of the prison system")),
    Fact(_PLANS, "priority-electoral-reform", _priority("electoral reform")),
    Fact(
        _PLANS,
        "priority-dialogue-authorities-civil-society",
        _priority("dialogue between the national authorities and civil society organisations"),
    ),
    Fact(_PLANS, "priority-environmental-protection", _priority("environmental protection")),
    Fact(
        _PLANS,
        "priority-human-rights-education-democratic-schools",
        _priority(
            "human rights education for young people and a democratic and inclusive climate in "
            "schools"
        ),
    ),
    Fact(
        _PLANS,
        "action-plan-has-5-new-areas",
        """
        { SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
            <action-plan/azerbaijan-2022-2025> coekg:newArea ?c } }
        FILTER(?n = 5)""",
    ),
    Fact(_PLANS, "new-area-anti-discrimination", _new_area("anti-discrimination")),
    Fact(
        _PLANS, "new-area-freedom-of-expression", _new_area("freedom of expression and the media")
    ),
    Fact(_PLANS, "new-area-artificial-intelligence", _new_area("artificial intelligence")),
    Fact(
        _PLANS,
        "new-area-drug-abuse-illicit-trafficking",
        _new_area("combating drug abuse and illicit trafficking"),
    ),
    Fact(
        _PLANS,
        "new-area-trafficking-in-human-beings",
        _new_area("combating trafficking in human beings"),
    ),
    Fact(
        _PLANS,
        "caption-launching-ceremony-action-plan",
        _caption("launch-action-plan-2022-2025", "Ceremony", "baku", _PLANS, _day("2022-04-05"))
        + """ <event/launch-action-plan-2022-2025>
                 coekg:participant <person/marija-pejcinovic-buric> , <person/fikrat-mammadov> ,
                     <person/zoltan-hernyes> ;
                 coekg:occasion <action-plan/azerbaijan-2022-2025> .""",
    ),
    Fact(
        _PLANS,
        "zoltan-hernyes-head-of-office-in-baku",
        _post(
            "zoltan-hernyes",
            "Zoltan Hernyes",
            "Mr.",
            "Head of the Council of Europe Office in Baku",
            '"2022-04-05"^^xsd:date',
        )
        + """ ?p coekg:postIn <organisation/council-of-europe-office-baku> .
               ?h coekg:attestedBy <event/launch-action-plan-2022-2025> .""",
    ),
    Fact(
        _PLANS,
        "caption-meeting-secretary-general-president",
        _caption(
            "meeting-secretary-general-president-2022",
            "Meeting",
            "baku",
            _PLANS,
            _day("2022-04-04"),
        )
        + """ <event/meeting-secretary-general-president-2022>
                 coekg:participant <person/marija-pejcinovic-buric> , <person/ilham-aliyev> .""",
    ),
    Fact(
        _PLANS,
        "ilham-aliyev-president-2022",
        _post(
            "ilham-aliyev",
            "Ilham Aliyev",
            "H.E. Mr.",
            "President of the Republic of Azerbaijan",
            '"2022-04-04"^^xsd:date',
        ),
    ),
    Fact(
        _PLANS,
        "secretary-general-in-post-2022-04-04",
        _post(
            "marija-pejcinovic-buric",
            "Marija Pejčinović Burić",
            "Ms.",
            "Secretary General of the Council of Europe",
            '"2022-04-04"^^xsd:date',
        ),
    ),
    Fact(
        _PLANS,
        "contributes-to-un-2030-agenda",
        """
        <action-plan/azerbaijan-2022-2025> coekg:contributesTo ?a .
        ?a a coekg:Agenda ; rdfs:label "UN 2030 Agenda for Sustainable Development"@en .""",
    ),
    Fact(
        _PLANS,
        "action-plan-budget-9.6-million-eur",
        """
        <action-plan/azerbaijan-2022-2025> coekg:budget ?b .
        ?b a coekg:MonetaryAmount ; coekg:amount "9600000"^^xsd:decimal ;
            coekg:currency "EUR" ; dcterms:description ?d .
        FILTER(CONTAINS(?d, "overall funding"))""",
    ),
    Fact(
        _PLANS,
        "funded-by-joint-programmes-with-eu",
        """
        <action-plan-series/azerbaijan> coekg:fundingSource ?f .
        ?f a coekg:FundingSource ; rdfs:label "Joint Programmes with the European Union"@en ;
            coekg:providedBy <organisation/european-union> .""",
    ),
    Fact(
        _PLANS,
        "funded-by-voluntary-contributions",
        """
        <action-plan-series/azerbaijan> coekg:fundingSource ?f .
        ?f rdfs:label "Voluntary contributions from Council of Europe member states"@en .""",
    ),
    Fact(
        _PLANS,
        "funded-by-ordinary-budget",
        """
        <action-plan-series/azerbaijan> coekg:fundingSource ?f .
        ?f rdfs:label "Ordinary budget of the Council of Europe"@en ;
            coekg:providedBy <organisation/council-of-europe> .""",
    ),
    Fact(
        _PLANS,
        "funded-by-human-rights-trust-fund",
        """
        <action-plan-series/azerbaijan> coekg:fundingSource ?f .
        ?f rdfs:label "Council of Europe Human Rights Trust Fund"@en .""",
    ),
    Fact(
        _PLANS,
        "pgg-joint-initiative-launched-by-eu-and-coe",
        """
        <programme/partnership-for-good-governance> a coekg:Programme ;
            rdfs:label "Partnership for Good Governance"@en ;
            coekg:launchedBy <organisation/european-union> , <organisation/council-of-europe> .""",
    ),
    Fact(
        _PLANS,
        "pgg-for-eastern-partnership-countries",
        """
        <programme/partnership-for-good-governance> coekg:region ?r .
        ?r a coekg:Region ; rdfs:label "Eastern Partnership countries"@en .""",
    ),
    Fact(
        _PLANS,
        "pgg-fields-human-rights-rule-of-law-democracy",
        """
        <programme/partnership-for-good-governance>
            coekg:theme <theme/human-rights> , <theme/rule-of-law> , <theme/democracy> .""",
    ),
    Fact(
        _PLANS,
        "european-union-international-organisation",
        """
        <organisation/european-union> a coekg:InternationalOrganisation ;
            rdfs:label "European Union"@en .""",
    ),
    # ------------------------------------------------------------------ untitled: office
    Fact(
        _OFFICE,
        "office-in-baku-supports-and-co-ordinates",
        """
        <organisation/council-of-europe-office-baku> a coekg:FieldOffice ;
            rdfs:label "Council of Europe Office in Baku"@en ;
            coekg:subOrganisationOf <organisation/council-of-europe> .
        <action-plan-series/azerbaijan>
            coekg:supportedBy <organisation/council-of-europe-office-baku> .""",
    ),
    Fact(
        _OFFICE,
        "office-in-baku-is-in-baku",
        """
        <organisation/council-of-europe-office-baku> coekg:locatedIn <place/baku> .
        <organisation/council-of-europe> coekg:locatedIn <place/strasbourg> .""",
    ),
    Fact(
        _OFFICE,
        "council-of-europe-bodies",
        """
        FILTER NOT EXISTS {
          VALUES ?body { <organisation/committee-of-ministers>
                         <organisation/european-court-of-human-rights>
                         <organisation/european-commission-for-the-efficiency-of-justice>
                         <organisation/greco> <organisation/moneyval>
                         <organisation/council-of-europe-office-baku> }
          FILTER NOT EXISTS { ?body coekg:subOrganisationOf <organisation/council-of-europe> } }""",
    ),
    Fact(
        _OFFICE,
        "caption-open-day-70th-anniversary",
        _caption("open-day-office-baku-2019", "PublicEvent", "baku", _OFFICE, _day("2019-05-05"))
        + """ <event/open-day-office-baku-2019> coekg:occasion ?o ;
                 coekg:organisedBy <organisation/council-of-europe-office-baku> .
               ?o rdfs:label "70th Anniversary of the Council of Europe"@en .""",
    ),
    Fact(
        _OFFICE,
        "caption-eurovillage-2022",
        _caption("eurovillage-2022", "PublicEvent", "baku", _OFFICE, _day("2022-05-14"))
        + """ <event/eurovillage-2022> rdfs:label ?l . FILTER(CONTAINS(?l, "EuroVillage 2022"))""",
    ),
    # ------------------------------------------------------------------ footnotes
    Fact(
        _FOOTNOTES,
        "footnote-1-pgg-funded-by-eu-and-coe",
        """
        <programme/partnership-for-good-governance>
            coekg:fundedBy <organisation/european-union> , <organisation/council-of-europe> ;
            coekg:sourceSection <section/footnotes> .""",
    ),
    Fact(
        _FOOTNOTES,
        "footnote-1-pgg-implemented-by-coe",
        """
        <programme/partnership-for-good-governance>
            coekg:implementedBy <organisation/council-of-europe> .""",
    ),
    Fact(
        _FOOTNOTES,
        "footnote-1-applies-to-pgg-projects",
        """
        FILTER NOT EXISTS {
          ?p coekg:partOfProgramme <programme/partnership-for-good-governance> .
          FILTER NOT EXISTS { ?p coekg:fundedBy <organisation/european-union> ,
                                  <organisation/council-of-europe> ;
                              coekg:implementedBy <organisation/council-of-europe> } }""",
    ),
    Fact(
        _FOOTNOTES,
        "footnote-2-project-funded-by-eu-and-coe",
        """
        <project/further-support-penitentiary-reform>
            coekg:fundedBy <organisation/european-union> , <organisation/council-of-europe> ;
            coekg:implementedBy <organisation/council-of-europe> ;
            coekg:sourceSection <section/footnotes> .""",
    ),
    # ------------------------------------------------------------------ ECHR at national level
    Fact(
        _ECHR,
        "training-legal-professionals-priority-of-all-plans",
        """
        <action-plan-series/azerbaijan> coekg:recurringPriority ?c .
        ?c skos:prefLabel "training of legal professionals"@en .""",
    ),
    Fact(
        _ECHR,
        "assistance-to-justice-academy",
        """
        ?a a coekg:Activity ; coekg:beneficiary <organisation/justice-academy-azerbaijan> ;
            coekg:implementedBy <organisation/council-of-europe> ;
            coekg:targetGroup "national training institutions" ;
            coekg:underActionPlan <action-plan-series/azerbaijan> .
        <organisation/justice-academy-azerbaijan> a coekg:NationalInstitution ;
            rdfs:label "Justice Academy"@en ; coekg:institutionOf <state/azerbaijan> .""",
    ),
    Fact(
        _ECHR,
        "help-programme",
        """
        <programme/help> a coekg:Programme ; coekg:acronym "HELP" ;
            rdfs:label "European Programme for Human Rights Education for Legal Professionals"@en ;
            skos:altLabel "Council of Europe Human Rights Education for Legal Professionals Programme"@en ;
            coekg:implementedBy <organisation/council-of-europe> ;
            coekg:underActionPlan <action-plan-series/azerbaijan> .""",
    ),
    Fact(
        _ECHR,
        "50-lawyers-awarded-help-certificates",
        _figure("<programme/help>", 50, "Exactly", "<programme/help>")
        + """ ?f a coekg:QuantifiedOutcome ; coekg:targetGroup "lawyers" ; coekg:measure ?m ;
                   coekg:asOf "2022"^^xsd:gYear .
               FILTER(CONTAINS(?m, "procedures and admissibility criteria"))""",
    ),
    Fact(
        _ECHR,
        "project-execution-of-ecthr-judgments-title",
        """
        <project/support-execution-ecthr-judgments> a coekg:Project ;
            rdfs:label "Support for the Improvement of the Execution of the ECtHR Judgements by Azerbaijan"@en ;
            skos:altLabel "Support for the Improvement of the Execution of the European Court Judgments by Azerbaijan"@en .""",
    ),
    Fact(
        _ECHR,
        "project-execution-of-ecthr-judgments-launched-2022-10-21",
        """
        <project/support-execution-ecthr-judgments> coekg:launchDate "2022-10-21"^^xsd:date ;
            coekg:status coekg:Ongoing ;
            coekg:launchEvent <event/launch-project-execution-ecthr-judgments-2022> .""",
    ),
    Fact(
        _ECHR,
        "caption-launching-event-ecthr-judgments-project",
        _caption(
            "launch-project-execution-ecthr-judgments-2022",
            "Ceremony",
            "baku",
            _ECHR,
            _day("2022-10-21"),
        )
        + """ <event/launch-project-execution-ecthr-judgments-2022>
                 coekg:relatedProject <project/support-execution-ecthr-judgments> .""",
    ),
    Fact(
        _ECHR,
        "caption-help-certificate-award-ceremony",
        _caption(
            "help-certificate-award-ceremony-2019", "Ceremony", "baku", _ECHR, _day("2019-02-20")
        )
        + " <event/help-certificate-award-ceremony-2019> coekg:relatedProject <programme/help> .",
    ),
    Fact(
        _ECHR,
        "caption-training-of-trainers-combating-discrimination",
        _caption(
            "training-of-trainers-combating-discrimination-2022",
            "Training",
            "baku",
            _ECHR,
            _days("2022-06-19", "2022-06-21"),
        )
        + """ <event/training-of-trainers-combating-discrimination-2022>
                 coekg:participant <person/sabina-aliyeva> .""",
    ),
    Fact(
        _ECHR,
        "sabina-aliyeva-commissioner-for-human-rights",
        _post(
            "sabina-aliyeva",
            "Sabina Aliyeva",
            "Ms.",
            "Commissioner for Human Rights of the Republic of Azerbaijan (Ombudsperson)",
            '"2022-06-19"^^xsd:date',
        )
        + """ ?p coekg:postIn <organisation/ombudsperson-office-azerbaijan> .
               ?h coekg:attestedOn "2022-06-21"^^xsd:date ;
                   coekg:attestedBy <event/training-of-trainers-combating-discrimination-2022> .""",
    ),
    Fact(
        _ECHR,
        "ecthr-court-of-the-council-of-europe",
        """
        <organisation/european-court-of-human-rights> a coekg:Court ;
            rdfs:label "European Court of Human Rights"@en ; coekg:acronym "ECtHR" ;
            coekg:subOrganisationOf <organisation/council-of-europe> .""",
    ),
    # ------------------------------------------------------------------ non-discrimination
    Fact(
        _NONDISC,
        "pgg-project-discrimination-hate-crime-hate-speech",
        """
        ?p a coekg:Project ;
            rdfs:label "Fighting discrimination, hate crime and hate speech in Eastern Partnership countries"@en ;
            coekg:partOfProgramme <programme/partnership-for-good-governance> ;
            coekg:region <place/eastern-partnership-countries> .""",
    ),
    Fact(
        _NONDISC,
        "meetings-civil-society-and-ombudsperson-office",
        """
        ?a a coekg:Activity ;
            coekg:partOfProject <project/fighting-discrimination-hate-crime-hate-speech> ;
            coekg:partner <organisation/ombudsperson-office-azerbaijan> ;
            coekg:supportedBy <organisation/council-of-europe> ;
            coekg:targetGroup "civil society actors" .
        <organisation/ombudsperson-office-azerbaijan> a coekg:NationalInstitution ;
            rdfs:label "Ombudsperson's Office"@en ; coekg:institutionOf <state/azerbaijan> .""",
    ),
    Fact(
        _NONDISC,
        "structured-dialogue-on-discrimination-promoted",
        """
        ?o a coekg:Outcome ;
            coekg:outcomeOf <project/fighting-discrimination-hate-crime-hate-speech> ;
            dcterms:description ?d .
        FILTER(CONTAINS(?d, "civil society") && CONTAINS(?d, "government agencies"))""",
    ),
    # ------------------------------------------------------------------ media
    Fact(
        _MEDIA,
        "caption-training-hate-speech-qabala",
        _caption(
            "training-social-media-activists-hate-speech-2022",
            "Training",
            "qabala",
            _MEDIA,
            _days("2022-04-09", "2022-04-10"),
        )
        + """ <event/training-social-media-activists-hate-speech-2022>
                 coekg:targetGroup "regional social media activists" .""",
    ),
    Fact(
        _MEDIA,
        "journalists-trained-under-previous-plans",
        """
        ?a a coekg:Activity ; coekg:underActionPlan <action-plan-series/azerbaijan> ;
            coekg:targetGroup "journalists and social media representatives from Baku and various regions of Azerbaijan" ;
            dcterms:description ?d .
        FILTER(CONTAINS(?d, "sensitive reporting") && CONTAINS(?d, "elections")
               && CONTAINS(?d, "pandemics") && CONTAINS(?d, "gender-based violence"))""",
    ),
    Fact(
        _MEDIA,
        "lawyers-judges-prosecutors-trained-data-protection",
        """
        ?a a coekg:Activity ; coekg:targetGroup "lawyers" , "judges" , "prosecutors" ;
            coekg:theme <theme/data-protection> ; dcterms:description ?d .
        FILTER(CONTAINS(?d, "privacy") && CONTAINS(?d, "access to information"))""",
    ),
    Fact(
        _MEDIA,
        "project-reinforcing-gender-equality-media-completed-june-2022",
        """
        ?p a coekg:Project ;
            rdfs:label "Reinforcing Gender Equality and other Ethical Standards in Azerbaijani Media"@en ;
            coekg:status coekg:Completed ; coekg:endDate "2022-06"^^xsd:gYearMonth .""",
    ),
    Fact(
        _MEDIA,
        "project-promoting-media-professionalism-since-july-2022",
        """
        ?p a coekg:Project ;
            rdfs:label "Promoting Media Professionalism and Freedom of Information in Azerbaijan"@en ;
            coekg:status coekg:Ongoing ; coekg:startDate "2022-07"^^xsd:gYearMonth .""",
    ),
    # ------------------------------------------------------------------ gender equality
    Fact(
        _GENDER,
        "previous-action-plan-2018-2021",
        """
        <action-plan/azerbaijan-2022-2025> coekg:previousActionPlan ?p .
        ?p a coekg:ActionPlan ; coekg:inSeries <action-plan-series/azerbaijan> ;
            coekg:startDate "2018"^^xsd:gYear ; coekg:endDate "2021"^^xsd:gYear .""",
    ),
    Fact(
        _GENDER,
        "gap-analysis-presented-to-national-authorities",
        """
        ?o a coekg:Outcome ; rdfs:label ?l ; dcterms:description ?d .
        FILTER(CONTAINS(?l, "Gap analysis") && CONTAINS(?d, "national authorities")
               && CONTAINS(?d, "amend"))""",
    ),
    Fact(
        _GENDER,
        "project-istanbul-convention-awareness-launched-2020",
        """
        <project/raising-awareness-istanbul-convention> a coekg:Project ;
            rdfs:label "Raising Awareness on the Istanbul Convention and other Gender Equality Standards in Azerbaijan"@en ;
            coekg:launchDate "2020"^^xsd:gYear ;
            coekg:launchedBy <organisation/council-of-europe> ;
            coekg:partOfProgramme <programme/partnership-for-good-governance> .""",
    ),
    Fact(
        _GENDER,
        "istanbul-convention-cets-210-subject-of-project",
        """
        <project/raising-awareness-istanbul-convention> coekg:concerns ?t .
        ?t a coekg:Treaty ; coekg:treatyNumber "CETS 210" ; rdfs:label "Istanbul Convention"@en ;
            coekg:treatyField <theme/gender-equality-violence-against-women> .""",
    ),
    Fact(
        _GENDER,
        "istanbul-convention-neither-signed-nor-ratified",
        """
        FILTER NOT EXISTS { ?a coekg:treaty <treaty/istanbul-convention> }""",
    ),
    Fact(
        _GENDER,
        "more-than-50000-people-reached",
        _figure("", 50000, "MoreThan", "<project/raising-awareness-istanbul-convention>")
        + """ ?f a coekg:QuantifiedOutcome ;
               coekg:measure "people reached through publications, the media and social media campaigns" .""",
    ),
    Fact(
        _GENDER,
        "nearly-300-officials-and-civil-society-trained",
        _figure("", 300, "Nearly", "<project/raising-awareness-istanbul-convention>")
        + """ ?f coekg:targetGroup "officials" , "representatives of civil society organisations" ;
               coekg:measure "officials and representatives of civil society organisations trained" .""",
    ),
    Fact(
        _GENDER,
        "caption-workshop-violence-against-women-shaki",
        _caption(
            "workshop-violence-against-women-shaki-2021",
            "Workshop",
            "shaki",
            _GENDER,
            _day("2021-12-01"),
        ),
    ),
    Fact(
        _GENDER,
        "caption-role-of-national-parliaments",
        _caption(
            "national-parliaments-violence-against-women-2022",
            "Event",
            "baku",
            _GENDER,
            _day("2022-05-19"),
        )
        + """ <event/national-parliaments-violence-against-women-2022> rdfs:label
               "Event on the Role of National Parliaments in Preventing and Combating Violence against Women and Domestic Violence"@en .""",
    ),
    # ------------------------------------------------------------------ justice
    Fact(
        _JUSTICE,
        "pgg-project-efficiency-quality-judicial-system",
        """
        <project/strengthening-efficiency-quality-judicial-system> a coekg:Project ;
            rdfs:label "Strengthening the Efficiency and Quality of the Judicial System"@en ;
            coekg:partOfProgramme <programme/partnership-for-good-governance> ;
            coekg:underActionPlan <action-plan-series/azerbaijan> .""",
    ),
    Fact(
        _JUSTICE,
        "court-management-capacities-improved",
        """
        ?o a coekg:Outcome ;
            coekg:outcomeOf <project/strengthening-efficiency-quality-judicial-system> ;
            rdfs:label ?l . FILTER(CONTAINS(?l, "court management"))""",
    ),
    Fact(
        _JUSTICE,
        "road-map-for-cepej-tools",
        """
        ?o a coekg:Outcome ;
            coekg:outcomeOf <project/strengthening-efficiency-quality-judicial-system> ;
            coekg:concerns ?c ; rdfs:label ?l .
        ?c a coekg:ExpertBody ; coekg:acronym "CEPEJ" ;
            rdfs:label "European Commission for the Efficiency of Justice"@en .
        FILTER(CONTAINS(?l, "Road map") && CONTAINS(?l, "Azerbaijani courts"))""",
    ),
    Fact(
        _JUSTICE,
        "justice-results-of-action-plans-and-project",
        """
        FILTER NOT EXISTS {
          ?o coekg:outcomeOf <project/strengthening-efficiency-quality-judicial-system> .
          FILTER NOT EXISTS { ?o coekg:outcomeOf <action-plan-series/azerbaijan> } }""",
    ),
    Fact(
        _JUSTICE,
        "tools-access-to-courts-vulnerable-groups",
        """
        ?o coekg:outcomeOf <project/strengthening-efficiency-quality-judicial-system> ;
            rdfs:label "Tools on access to courts for vulnerable groups developed"@en .""",
    ),
    Fact(
        _JUSTICE,
        "tools-judiciary-communication-strategy",
        """
        ?o coekg:outcomeOf <project/strengthening-efficiency-quality-judicial-system> ;
            rdfs:label "Tools on the communication strategy for the judiciary developed"@en .""",
    ),
    Fact(
        _JUSTICE,
        "support-for-enforcement-reform-launched",
        """
        ?o coekg:outcomeOf <project/strengthening-efficiency-quality-judicial-system> ;
            rdfs:label "Support for reform of the judgements enforcement system launched"@en .""",
    ),
    Fact(
        _JUSTICE,
        "caption-study-visit-private-enforcement-paris",
        _caption(
            "study-visit-private-enforcement-2019",
            "StudyVisit",
            "paris",
            _JUSTICE,
            _days("2019-09-16", "2019-09-19"),
        )
        + """ <event/study-visit-private-enforcement-2019>
                 coekg:concerns <place/france> , <place/netherlands> .""",
    ),
    Fact(
        _JUSTICE,
        "paris-in-france",
        """
        <place/paris> a coekg:City ; rdfs:label "Paris"@en ; coekg:locatedIn <place/france> .
        <place/france> a coekg:Country ; rdfs:label "France"@en .
        <place/netherlands> a coekg:Country ; rdfs:label "Netherlands"@en .""",
    ),
    # ------------------------------------------------------------------ corruption, AML
    Fact(
        _CORRUPTION,
        "pgg-project-aml-asset-recovery",
        """
        <project/anti-money-laundering-asset-recovery> a coekg:Project ;
            rdfs:label "Strengthening Anti-Money Laundering and Asset Recovery"@en ;
            coekg:partOfProgramme <programme/partnership-for-good-governance> ;
            coekg:underActionPlan <action-plan-series/azerbaijan> .""",
    ),
    Fact(
        _CORRUPTION,
        "a-total-of-615-representatives",
        _figure("", 615, "TotalOf", "<project/anti-money-laundering-asset-recovery>")
        + """ ?f a coekg:QuantifiedOutcome ; coekg:measure ?m .
               FILTER(CONTAINS(?m, "AML/CFT") && CONTAINS(?m, "asset recovery"))""",
    ),
    Fact(
        _CORRUPTION,
        "615-include-financial-monitoring-service",
        """
        ?f coekg:count "615"^^xsd:integer ;
            coekg:beneficiary <organisation/financial-monitoring-service-azerbaijan> .
        <organisation/financial-monitoring-service-azerbaijan> a coekg:NationalInstitution ;
            rdfs:label "Financial Monitoring Service"@en ; coekg:institutionOf <state/azerbaijan> .""",
    ),
    Fact(
        _CORRUPTION,
        "615-target-groups",
        """
        ?f coekg:count "615"^^xsd:integer ;
            coekg:outcomeOf <action-plan-series/azerbaijan> ;
            coekg:targetGroup "representatives of the Financial Monitoring Service" ,
                "law enforcement agencies" , "the judiciary" ,
                "other relevant government institutions" ,
                "private sector entities (banks, investment companies)" ,
                "non-governmental organisations" , "religious entities" .""",
    ),
    Fact(
        _CORRUPTION,
        "advice-on-aml-cft-legislation",
        """
        ?o a coekg:Outcome ; coekg:outcomeOf <project/anti-money-laundering-asset-recovery> ;
            rdfs:label "Advice on the adoption of AML/CFT legislation"@en .""",
    ),
    Fact(
        _CORRUPTION,
        "advice-on-targeted-financial-sanctions",
        """
        ?o a coekg:Outcome ; coekg:outcomeOf <project/anti-money-laundering-asset-recovery> ;
            rdfs:label "Advice on strengthening the legislation on targeted financial sanctions"@en .""",
    ),
    Fact(
        _CORRUPTION,
        "advice-on-beneficial-ownership-register",
        """
        ?o a coekg:Outcome ; coekg:outcomeOf <project/anti-money-laundering-asset-recovery> ;
            rdfs:label "Advice on setting up a beneficial ownership register"@en .""",
    ),
    Fact(
        _CORRUPTION,
        "contribution-to-asset-recovery-regime",
        """
        ?o a coekg:Outcome ; coekg:outcomeOf <project/anti-money-laundering-asset-recovery> ;
            rdfs:label "Contribution to enhancing the asset recovery regime"@en .""",
    ),
    Fact(
        _CORRUPTION,
        "caption-workshop-asset-recovery",
        _caption(
            "workshop-asset-recovery-2022",
            "Workshop",
            "baku",
            _CORRUPTION,
            _days("2022-06-16", "2022-06-17"),
        )
        + """ <event/workshop-asset-recovery-2022>
                 coekg:relatedProject <project/anti-money-laundering-asset-recovery> .""",
    ),
    Fact(
        _CORRUPTION,
        "greco-monitoring-body",
        """
        <organisation/greco> a coekg:MonitoringBody ; coekg:acronym "GRECO" ;
            rdfs:label "Group of States against Corruption"@en ;
            skos:altLabel "Groups of States against Corruption"@en ;
            coekg:monitors <theme/combating-corruption> .""",
    ),
    Fact(
        _CORRUPTION,
        "moneyval-monitoring-body",
        """
        <organisation/moneyval> a coekg:MonitoringBody ;
            rdfs:label "Committee of Experts on the Evaluation of Anti-Money Laundering Measures and the Financing of Terrorism"@en ;
            skos:altLabel "Moneyval"@en ; coekg:acronym "MONEYVAL" ;
            coekg:monitors <theme/combating-money-laundering> , <theme/financing-of-terrorism> .""",
    ),
    Fact(
        _CORRUPTION,
        "greco-regular-visits-to-azerbaijan",
        """
        ?v a coekg:MonitoringVisit ; coekg:visitingBody <organisation/greco> ;
            coekg:visitedState <state/azerbaijan> ; coekg:frequency "regular" .""",
    ),
    Fact(
        _CORRUPTION,
        "moneyval-regular-visits-to-azerbaijan",
        """
        ?v a coekg:MonitoringVisit ; coekg:visitingBody <organisation/moneyval> ;
            coekg:visitedState <state/azerbaijan> ; coekg:frequency "regular" .""",
    ),
    Fact(
        _CORRUPTION,
        "co-operation-takes-greco-recommendations-into-account",
        """
        <action-plan-series/azerbaijan> coekg:takesIntoAccount ?r .
        ?r a coekg:Recommendation ; coekg:recommendedBy <organisation/greco> ;
            coekg:addressedTo <state/azerbaijan> .""",
    ),
    Fact(
        _CORRUPTION,
        "co-operation-takes-moneyval-recommendations-into-account",
        """
        <action-plan-series/azerbaijan> coekg:takesIntoAccount ?r .
        ?r a coekg:Recommendation ; coekg:recommendedBy <organisation/moneyval> ;
            coekg:addressedTo <state/azerbaijan> .""",
    ),
    Fact(
        _CORRUPTION,
        "caption-national-workshop-cybercrime-reporting",
        _caption(
            "national-workshop-cybercrime-reporting-2022",
            "Workshop",
            "baku",
            _CORRUPTION,
            _days("2022-09-26", "2022-09-27"),
        )
        + """ <event/national-workshop-cybercrime-reporting-2022> rdfs:label ?l .
               FILTER(CONTAINS(?l, "Cyber Taxonomies") && CONTAINS(?l, "iOCTA"))""",
    ),
    # ------------------------------------------------------------------ cybercrime
    Fact(
        _CYBER,
        "eu-coe-joint-programmes-on-cybercrime",
        """
        ?p a coekg:Programme ; coekg:theme <theme/cybercrime> ;
            coekg:fundedBy <organisation/european-union> , <organisation/council-of-europe> ;
            coekg:implementedBy <organisation/council-of-europe> ;
            coekg:underActionPlan <action-plan-series/azerbaijan> .""",
    ),
    Fact(
        _CYBER,
        "budapest-convention-ets-185",
        """
        <treaty/budapest-convention-on-cybercrime> a coekg:Treaty ;
            rdfs:label "Budapest Convention on Cybercrime"@en ; coekg:treatyNumber "ETS 185" ;
            coekg:treatyField <theme/cybercrime> .""",
    ),
    Fact(
        _CYBER,
        "budapest-convention-signed-2008-06-30",
        """
        ?s a coekg:Signature ; coekg:actingState <state/azerbaijan> ;
            coekg:treaty <treaty/budapest-convention-on-cybercrime> ;
            coekg:actionDate "2008-06-30"^^xsd:date .""",
    ),
    Fact(
        _CYBER,
        "budapest-convention-ratified-in-2010",
        """
        ?r a coekg:Ratification ; coekg:actingState <state/azerbaijan> ;
            coekg:treaty <treaty/budapest-convention-on-cybercrime> ; coekg:actionDate ?d .
        FILTER(YEAR(?d) = 2010)""",
    ),
    Fact(
        _CYBER,
        "assistance-on-legislation-under-present-plan",
        """
        ?a a coekg:Activity ; coekg:underActionPlan <action-plan/azerbaijan-2022-2025> ;
            coekg:concerns <treaty/budapest-convention-on-cybercrime> ;
            coekg:implementedBy <organisation/council-of-europe> ;
            coekg:targetGroup "Azerbaijani national authorities" .""",
    ),
    Fact(
        _CYBER,
        "priority-national-cybercrime-strategy",
        """
        ?a coekg:concerns <treaty/budapest-convention-on-cybercrime> ; coekg:theme ?c .
        ?c skos:prefLabel "national strategy on fighting cybercrime"@en ;
            skos:broader <theme/cybercrime> .""",
    ),
    Fact(
        _CYBER,
        "priority-interagency-international-public-private-co-operation",
        """
        ?a coekg:concerns <treaty/budapest-convention-on-cybercrime> ; coekg:theme ?c .
        ?c skos:prefLabel "interagency, international and public-private co-operation on cybercrime"@en .""",
    ),
    Fact(
        _CYBER,
        "priority-skills-investigators-prosecutors-judges",
        """
        ?a coekg:concerns <treaty/budapest-convention-on-cybercrime> ;
            coekg:targetGroup "investigators" , "prosecutors" , "judges" ; coekg:theme ?c .
        ?c skos:prefLabel "skills in cybercrime and electronic evidence"@en .""",
    ),
    Fact(
        _CYBER,
        "caption-training-detainees-rights",
        _caption(
            "training-detainees-rights-2022",
            "Training",
            "baku",
            _CYBER,
            _days("2022-04-26", "2022-04-27"),
        )
        + """ <event/training-detainees-rights-2022>
                 coekg:organisedBy <organisation/council-of-europe> ;
                 coekg:partner <organisation/ministry-of-internal-affairs-azerbaijan> .""",
    ),
    Fact(
        _CYBER,
        "ministry-of-internal-affairs",
        """
        <organisation/ministry-of-internal-affairs-azerbaijan> a coekg:Ministry ;
            rdfs:label "Ministry of Internal Affairs of the Republic of Azerbaijan"@en ;
            coekg:institutionOf <state/azerbaijan> .""",
    ),
    # ------------------------------------------------------------------ prisons and police
    Fact(
        _PRISONS,
        "support-prison-management-and-health-promotion",
        """
        ?a a coekg:Activity ; coekg:underActionPlan <action-plan-series/azerbaijan> ;
            coekg:theme <theme/prison-reform> ; dcterms:description ?d .
        FILTER(CONTAINS(?d, "prisons are managed") && CONTAINS(?d, "health promotion"))""",
    ),
    Fact(
        _PRISONS,
        "gender-sensitive-approach",
        """
        ?a coekg:theme <theme/prison-reform> , ?c .
        ?c skos:prefLabel "gender-sensitive approach"@en .""",
    ),
    Fact(
        _PRISONS,
        "penitentiary-project-completed-2021",
        """
        <project/further-support-penitentiary-reform> a coekg:Project ;
            rdfs:label "Further Support to the Penitentiary Reform"@en ;
            coekg:status coekg:Completed ; coekg:endDate "2021"^^xsd:gYear .""",
    ),
    Fact(
        _PRISONS,
        "penitentiary-project-with-local-ngos",
        """
        <project/further-support-penitentiary-reform> coekg:partner ?n .
        ?n a coekg:Organisation ; rdfs:label ?l . FILTER(CONTAINS(?l, "Local NGOs"))""",
    ),
    Fact(
        _PRISONS,
        "a-total-of-16-released-persons-started-businesses",
        _figure("", 16, "TotalOf", "<project/further-support-penitentiary-reform>")
        + """ ?f coekg:targetGroup "released persons" ; coekg:measure ?m .
               FILTER(CONTAINS(?m, "small family businesses"))""",
    ),
    Fact(
        _PRISONS,
        "122-released-persons-vocational-training",
        _figure("", 122, "Exactly", "<project/further-support-penitentiary-reform>")
        + """ ?f coekg:targetGroup "released persons" ; coekg:measure ?m .
               FILTER(CONTAINS(?m, "vocational training"))""",
    ),
    Fact(
        _PRISONS,
        "342-released-persons-legal-aid",
        _figure("", 342, "Exactly", "<project/further-support-penitentiary-reform>")
        + """ ?f coekg:targetGroup "released persons" ; coekg:measure ?m .
               FILTER(CONTAINS(?m, "legal aid"))""",
    ),
    Fact(
        _PRISONS,
        "398-released-persons-psycho-social-support",
        _figure("", 398, "Exactly", "<project/further-support-penitentiary-reform>")
        + """ ?f coekg:targetGroup "released persons" ; coekg:measure ?m .
               FILTER(CONTAINS(?m, "psycho-social support"))""",
    ),
    # ------------------------------------------------------------------ youth
    Fact(
        _YOUTH,
        "co-operation-with-ministry-of-youth-and-sport",
        """
        ?a a coekg:Activity ; coekg:partner <organisation/ministry-of-youth-and-sport-azerbaijan> ;
            coekg:underActionPlan <action-plan-series/azerbaijan> .
        <organisation/ministry-of-youth-and-sport-azerbaijan> a coekg:Ministry ;
            rdfs:label "Ministry of Youth and Sport of the Republic of Azerbaijan"@en ;
            coekg:institutionOf <state/azerbaijan> .""",
    ),
    Fact(
        _YOUTH,
        "regional-training-seminars-youth-activists",
        """
        ?a a coekg:Activity ;
            coekg:targetGroup "youth activists and leaders living in remote areas of Azerbaijan" ;
            coekg:partner <organisation/youth-trainers-network-azerbaijan> ;
            coekg:theme <theme/youth-participation> , <theme/human-rights-education> .""",
    ),
    Fact(
        _YOUTH,
        "youth-trainers-network-created-2017-2018",
        """
        ?a prov:generated ?n ; coekg:startDate "2017"^^xsd:gYear ; coekg:endDate "2018"^^xsd:gYear .
        ?n a coekg:Network ; rdfs:label "Informal network of youth trainers"@en .""",
    ),
    Fact(
        _YOUTH,
        "azerbaijan-in-youth-co-operation-programme",
        """
        <programme/youth-co-operation> a coekg:Programme ;
            rdfs:label "Council of Europe Youth Co-operation programme"@en ;
            coekg:beneficiaryState <state/azerbaijan> ;
            coekg:targetGroup "young people and youth organisations" ; dcterms:description ?d .
        FILTER(CONTAINS(?d, "decision making"))""",
    ),
    Fact(
        _YOUTH,
        "youth-policies-project",
        """
        <project/youth-policies-values-based-youth-work> a coekg:Project ;
            rdfs:label "Supporting the Development of the Participative and Rights-Based Youth Policies and Values-Based Youth Work"@en ;
            coekg:theme <theme/human-rights-education> , <theme/social-rights> ,
                <theme/non-formal-education> ;
            coekg:status coekg:Ongoing ; coekg:targetGroup "young people" ;
            dcterms:description ?d .
        FILTER(CONTAINS(?d, "young trainers") && CONTAINS(?d, "youth centres"))""",
    ),
    Fact(
        _YOUTH,
        "caption-seminar-trainers-youth-workers",
        _caption(
            "seminar-trainers-youth-workers-2022",
            "Seminar",
            "baku",
            _YOUTH,
            _days("2022-09-28", "2022-09-30"),
        )
        + """ <event/seminar-trainers-youth-workers-2022> coekg:targetGroup
               "trainers and youth workers involved in non-formal education in Azerbaijan" .""",
    ),
    # ------------------------------------------------------------------ contact block
    Fact(
        _CONTACT,
        "office-street-address",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint ?c .
        ?c coekg:postalAddress ?a .
        ?a vcard:street-address "62 Uzeyir Hajibeyli Street" ;
            vcard:extended-address "Marine Plaza Premium Offices" .""",
    ),
    Fact(
        _CONTACT,
        "office-postcode-city-country",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint/coekg:postalAddress ?a .
        ?a vcard:postal-code "1010" ; vcard:locality "Baku" ; vcard:country-name "Azerbaijan" .""",
    ),
    Fact(
        _CONTACT,
        "office-telephone",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint ?c .
        ?c coekg:telephone "(+994 12) 599 11 62/63/64/65" .""",
    ),
    Fact(
        _CONTACT,
        "office-fax",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint ?c .
        ?c coekg:fax "(+994 12) 599 05 30" .""",
    ),
    Fact(
        _CONTACT,
        "office-email",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint ?c .
        ?c coekg:email <mailto:fieldbaku@coe.int> .""",
    ),
    Fact(
        _CONTACT,
        "office-web-site",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint ?c .
        ?c coekg:website <https://www.coe.int/en/web/baku> .""",
    ),
    Fact(
        _CONTACT,
        "office-facebook",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint ?c .
        ?c coekg:socialMedia <https://www.facebook.com/CoEinBaku/> .""",
    ),
    Fact(
        _CONTACT,
        "office-twitter",
        """
        <organisation/council-of-europe-office-baku> coekg:contactPoint ?c .
        ?c coekg:socialMedia <https://twitter.com/coe_baku> .""",
    ),
    Fact(
        _CONTACT,
        "headquarters-address-strasbourg",
        """
        <organisation/council-of-europe> coekg:contactPoint/coekg:postalAddress ?a .
        ?a vcard:street-address "Avenue de l'Europe" ; vcard:postal-code "F-67075" ;
            vcard:locality "Strasbourg Cedex" ; vcard:country-name "France" .""",
    ),
    Fact(
        _CONTACT,
        "headquarters-telephone",
        """
        <organisation/council-of-europe> coekg:contactPoint ?c .
        ?c coekg:telephone "+33 (0)3 88 41 20 00" .""",
    ),
    Fact(
        _CONTACT,
        "headquarters-web-site",
        """
        <organisation/council-of-europe> coekg:contactPoint ?c .
        ?c coekg:website <https://www.coe.int> .""",
    ),
    Fact(
        _CONTACT,
        "baku-in-azerbaijan-strasbourg-in-france",
        """
        <place/baku> a coekg:City ; rdfs:label "Baku"@en ; coekg:locatedIn <state/azerbaijan> .
        <place/strasbourg> a coekg:City ; rdfs:label "Strasbourg"@en ;
            coekg:locatedIn <place/france> .""",
    ),
    # ------------------------------------------------------------------ closing text
    Fact(
        _CLOSING,
        "council-of-europe-46-member-states",
        _figure("<organisation/council-of-europe>", 46, "Exactly")
        + ' ?f coekg:measure "member states" ; coekg:asOf "2022"^^xsd:gYear .',
    ),
    Fact(
        _CLOSING,
        "member-states-include-all-eu-members",
        """
        <organisation/council-of-europe> coekg:includesAllMembersOf <organisation/european-union> .""",
    ),
    Fact(
        _CLOSING,
        "all-member-states-signed-up-to-echr",
        """
        <organisation/council-of-europe>
            coekg:allMembersSignedUpTo <treaty/european-convention-on-human-rights> .""",
    ),
    Fact(
        _CLOSING,
        "echr-protects-human-rights-democracy-rule-of-law",
        """
        <treaty/european-convention-on-human-rights>
            coekg:theme <theme/human-rights> , <theme/democracy> , <theme/rule-of-law> .""",
    ),
    Fact(
        _CLOSING,
        "ecthr-oversees-echr",
        """
        <organisation/european-court-of-human-rights>
            coekg:monitors <treaty/european-convention-on-human-rights> .""",
    ),
    Fact(
        _CLOSING,
        "cut-text-rights-organisation",
        """
        <organisation/council-of-europe> dcterms:description ?d ;
            coekg:sourceSection <section/about-council-of-europe> .
        FILTER(CONTAINS(?d, "rights organisation"))""",
    ),
    Fact(
        _PLANS,
        "every-project-is-co-operation-with-azerbaijan",
        """
        { SELECT (COUNT(?p) AS ?n) WHERE { ?p a coekg:Project } } FILTER(?n = 9)
        FILTER NOT EXISTS { ?p a coekg:Project .
                            FILTER NOT EXISTS { ?p coekg:beneficiaryState <state/azerbaijan> } }""",
    ),
    # ------------------------------------------------------------------ external links
    Fact(_OPENING, "wikidata-azerbaijan", "<state/azerbaijan> owl:sameAs wd:Q227 ."),
    Fact(
        _OPENING,
        "wikidata-council-of-europe",
        "<organisation/council-of-europe> owl:sameAs wd:Q8908 .",
    ),
    Fact(
        _CLOSING,
        "wikidata-ecthr",
        "<organisation/european-court-of-human-rights> owl:sameAs wd:Q122880 .",
    ),
    Fact(_PLANS, "wikidata-european-union", "<organisation/european-union> owl:sameAs wd:Q458 ."),
    Fact(_CONTACT, "wikidata-baku", "<place/baku> owl:sameAs wd:Q9248 ."),
    Fact(_CONTACT, "wikidata-strasbourg", "<place/strasbourg> owl:sameAs wd:Q6602 ."),
    Fact(
        _OPENING,
        "no-other-wikidata-links",
        """
        FILTER NOT EXISTS {
          { ?x owl:sameAs ?w } UNION { ?x skos:exactMatch ?w }
          FILTER(STRSTARTS(STR(?w), "http://www.wikidata.org/"))
          FILTER(?w NOT IN (wd:Q227, wd:Q8908, wd:Q122880, wd:Q458, wd:Q9248, wd:Q6602)) }""",
    ),
]
