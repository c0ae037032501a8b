# ruff: noqa: E501  (the source is quoted verbatim, in long lines)
"""What the canned queries answer, checked against the source document by hand.

The expected answers in ``tests/expected/*.tsv`` are reviewed snapshots of the engine's own
output; nothing there says that a row is right. Here each canned query gets at least one
test written from the source document (``../shared/source/000_f2046728d57952ad.txt``): the
test quotes the words of the source it relies on (:func:`source`) and asserts the rows those
words imply, on the bundled data, through ``coekg query NAME --format csv``. Where the
source lists things completely (the people it names, the new areas of the Action Plan, the
places of the photo captions) the test asserts the complete set, so a row that goes missing
is noticed wherever it was.

``test_every_quote_is_in_the_source`` checks, with ``../shared`` present, that every quote
is in the source (whitespace normalised); without it the quotes are not checked (a skip
locally, a failure under CI), but the rows still are.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

from coekg.cli import cli
from coekg.project import bundled
from coekg.query import catalogue
from tests.requirements import source_text

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/coekg/id/"
DEF = "https://w3id.org/coekg/def#"
CATALOGUE = {q.name for q in catalogue.catalogue(bundled().queries)}

F = TypeVar("F", bound=Callable[..., None])
#: test name -> (the canned queries it checks, the words of the source it relies on)
QUOTES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def source(query_names: str, *quotes: str) -> Callable[[F], F]:
    """Mark a test as checking the queries ``query_names`` (space-separated) against the
    source's words ``quotes``."""

    def mark(test: F) -> F:
        QUOTES[test.__name__] = (tuple(query_names.split()), quotes)
        return test

    return mark


@cache
def _answer(name: str, params: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], ...]:
    args = ["query", name, "--format", "csv"]
    for key, value in params:
        args += ["--param", f"{key}={value}"]
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return tuple(csv.DictReader(io.StringIO(result.stdout)))


def answer(name: str, **params: str) -> list[dict[str, str]]:
    """The rows of ``coekg query NAME --format csv`` on the bundled data, as dictionaries."""
    return list(_answer(name, tuple(sorted(params.items()))))


def has_row(rows: list[dict[str, str]], **cells: str) -> bool:
    """Whether a row holds all of ``cells`` (column name -> value)."""
    return any(all(row[k] == v for k, v in cells.items()) for row in rows)


def column(rows: list[dict[str, str]], name: str, **where: str) -> list[str]:
    """The values of column ``name`` in the rows that hold ``where``."""
    return [row[name] for row in rows if all(row[k] == v for k, v in where.items())]


# ----------------------------------------------------------------------------- projects


@source(
    "active-projects projects",
    'After the successful completion of the project on "Reinforcing Gender Equality and other Ethical Standards in Azerbaijani Media" in June 2022, a new project on "Promoting Media Professionalism and Freedom of Information in Azerbaijan" is being implemented since July 2022.',
    'A new project on "Support for the Improvement of the Execution of the ECtHR Judgements by Azerbaijan" was launched on 21 October 2022.',
    'The EU/Council of Europe joint project on "Further Support to the Penitentiary Reform" was successfully completed in 2021',
)
def test_projects_running_in_2022() -> None:
    """Both media projects ran in 2022 for certain (one ended in June, one began in July),
    so did the ECtHR judgments project (launched in October); the penitentiary project,
    completed in 2021, did not."""
    rows = answer("active-projects")
    assert has_row(
        rows,
        date="2022",
        project=ID + "project/promoting-media-professionalism-freedom-of-information",
        status="ongoing",
        start="2022-07",
        end="",
        overlap="certain",
    )
    assert has_row(
        rows,
        project=ID + "project/reinforcing-gender-equality-ethical-standards-media",
        status="completed",
        end="2022-06",
        overlap="certain",
    )
    assert has_row(
        rows,
        project=ID + "project/support-execution-ecthr-judgments",
        status="ongoing",
        start="2022-10-21",
        overlap="certain",
    )
    assert not has_row(rows, project=ID + "project/further-support-penitentiary-reform")
    projects = answer("projects")
    assert set(
        column(projects, "end", project=ID + "project/further-support-penitentiary-reform")
    ) == {"2021"}
    assert set(
        column(projects, "status", project=ID + "project/further-support-penitentiary-reform")
    ) == {DEF + "Completed"}


@source(
    "active-projects",
    'In 2020, the Council of Europe launched the project on "Raising Awareness on the Istanbul Convention and other Gender Equality Standards in Azerbaijan"',
    'a new project on "Promoting Media Professionalism and Freedom of Information in Azerbaijan" is being implemented since July 2022',
)
def test_projects_not_yet_running_in_2019() -> None:
    rows = answer("active-projects", date="2019")
    assert rows, "other projects may have been running in 2019"
    assert not has_row(rows, project=ID + "project/raising-awareness-istanbul-convention")
    assert not has_row(
        rows, project=ID + "project/promoting-media-professionalism-freedom-of-information"
    )
    assert not has_row(rows, project=ID + "project/support-execution-ecthr-judgments")


#: the projects the source names, by their slugs
PROJECTS = {
    "support-execution-ecthr-judgments",
    "fighting-discrimination-hate-crime-hate-speech",
    "reinforcing-gender-equality-ethical-standards-media",
    "promoting-media-professionalism-freedom-of-information",
    "raising-awareness-istanbul-convention",
    "strengthening-efficiency-quality-judicial-system",
    "anti-money-laundering-asset-recovery",
    "further-support-penitentiary-reform",
    "youth-policies-values-based-youth-work",
}
#: the projects the source calls Partnership for Good Governance projects
PGG_PROJECTS = {
    "fighting-discrimination-hate-crime-hate-speech",
    "raising-awareness-istanbul-convention",
    "strengthening-efficiency-quality-judicial-system",
    "anti-money-laundering-asset-recovery",
}


@source(
    "projects",
    'A new project on "Support for the Improvement of the Execution of the ECtHR Judgements by Azerbaijan"',
    "As part of the EU/Council of Europe joint Partnership for Good Governance project on fighting discrimination, hate crime and hate speech in Eastern Partnership countries",
    'After the successful completion of the project on "Reinforcing Gender Equality and other Ethical Standards in Azerbaijani Media"',
    'a new project on "Promoting Media Professionalism and Freedom of Information in Azerbaijan"',
    'launched the project on "Raising Awareness on the Istanbul Convention and other Gender Equality Standards in Azerbaijan" as part of the EU/Council of Europe Partnership for Good Governance',
    "the EU/Council of Europe Partnership for Good Governance project on Strengthening the Efficiency and Quality of the Judicial System",
    "the EU/Council of Europe Partnership for Good Governance project on Strengthening Anti-Money Laundering and Asset Recovery",
    'The EU/Council of Europe joint project on "Further Support to the Penitentiary Reform"',
    'A project on "Supporting the Development of the Participative and Rights-Based Youth Policies and Values-Based Youth Work"',
    "The Partnership for Good Governance is funded by the European Union and the Council of Europe and implemented by the Council of Europe",
)
def test_the_nine_projects_and_who_funds_the_joint_ones() -> None:
    """The source names nine projects; each EU/Council of Europe Partnership for Good
    Governance project has both funders and the Council of Europe as implementer."""
    rows = answer("projects")
    assert {row["project"] for row in rows} == {ID + "project/" + p for p in PROJECTS}
    for slug in PGG_PROJECTS:
        project = ID + "project/" + slug
        assert sorted(column(rows, "funder", project=project)) == [
            ID + "organisation/council-of-europe",
            ID + "organisation/european-union",
        ], slug
        assert set(column(rows, "implementer", project=project)) == {
            ID + "organisation/council-of-europe"
        }
        assert set(column(rows, "programme", project=project)) == {
            ID + "programme/partnership-for-good-governance"
        }


@source(
    "projects funding",
    "As part of the EU/Council of Europe joint Partnership for Good Governance project on fighting discrimination, hate crime and hate speech in Eastern Partnership countries",
    "the EU/Council of Europe Partnership for Good Governance project on Strengthening the Efficiency and Quality of the Judicial System",
    "the EU/Council of Europe Partnership for Good Governance project on Strengthening Anti-Money Laundering and Asset Recovery",
    'The EU/Council of Europe joint project on "Further Support to the Penitentiary Reform"',
    "The Partnership for Good Governance is funded by the European Union and the Council of Europe and implemented by the Council of Europe",
    "The overall funding foreseen for this Action Plan is € 9.6 million.",
)
def test_the_projects_the_eu_funds_and_the_amounts_the_source_gives() -> None:
    """The EU question: the five EU/Council of Europe joint projects, each once, with the EU
    as funder; the source gives an amount only for the whole Action Plan, so no project has
    a budget (left unbound in CSV; the table says "not recorded")."""
    eu = ID + "organisation/european-union"
    rows = answer("projects", funder="organisation:european-union")
    joint = PGG_PROJECTS | {"further-support-penitentiary-reform"}
    assert [row["project"] for row in rows] == sorted(
        (ID + "project/" + p for p in joint),
        key=lambda p: next(r["title"] for r in answer("projects") if r["project"] == p),
    )
    assert {(row["funder"], row["budget"], row["currency"]) for row in rows} == {(eu, "", "")}
    assert rows == [r for r in answer("projects") if r["funder"] == eu]
    funded = answer("funding", funder=eu)
    assert {row["funded"] for row in funded if row["kind"] == "funder"} == {
        ID + "project/" + p for p in joint
    } | {
        ID + "programme/partnership-for-good-governance",
        ID + "programme/eu-council-of-europe-joint-programmes-on-cybercrime",
    }
    assert {row["amount"] for row in funded} == {""}
    assert has_row(answer("funding"), kind="budget", amount="9600000", currency="EUR")


@source(
    "timeline events-by-place",
    "70th Anniversary of the Council of Europe",
    "Ms. Sabina Aliyeva (Baku, 19-21 June 2022)",
    "Hate Speech in the Media (Qabala, 9-10 April 2022)",
    "Domestic Violence (Shaki, 1 December 2021)",
    "France and the Netherlands (Paris, 16-19 September 2019)",
)
def test_a_period_keeps_the_events_that_fall_in_it() -> None:
    """``from`` and ``to`` are read as the periods they name, and so are the dates: the
    Paris study visit (16-19 September 2019) is in September 2019, the Shaki workshop (1
    December 2021) in 2021, and an event the data dates by its year only overlaps every month
    of it; the Qabala training (9-10 April 2022) is not in June 2022 or after."""
    in_2021 = answer("timeline", **{"from": "2021", "to": "2021"})
    assert [(r["date"], r["placeLabel"]) for r in in_2021] == [("2021-12-01", "Shaki")]
    september = answer("timeline", **{"from": "2019-09", "to": "2019-09-30"})
    assert [(r["date"], r["end"], r["placeLabel"]) for r in september] == [
        ("2019", "", ""),  # the 70th anniversary, dated by its year only: it may be then
        ("2019-09-16", "2019-09-19", "Paris"),
    ]
    from_june = {r["placeLabel"] for r in answer("timeline", **{"from": "2022-06"})}
    assert from_june == {"Baku"}
    places = answer("events-by-place", country=ID + "state/azerbaijan", to="2021")
    assert {(r["placeLabel"], r["events"]) for r in places} == {("Baku", "2"), ("Shaki", "1")}


@source(
    "programme-projects",
    "As part of the EU/Council of Europe joint Partnership for Good Governance project on fighting discrimination",
    'In 2020, the Council of Europe launched the project on "Raising Awareness on the Istanbul Convention and other Gender Equality Standards in Azerbaijan" as part of the EU/Council of Europe Partnership for Good Governance',
    "the EU/Council of Europe Partnership for Good Governance project on Strengthening the Efficiency and Quality of the Judicial System",
    "the EU/Council of Europe Partnership for Good Governance project on Strengthening Anti-Money Laundering and Asset Recovery",
)
def test_the_four_projects_of_the_partnership_for_good_governance() -> None:
    rows = answer("programme-projects")
    assert {row["project"] for row in rows} == {ID + "project/" + p for p in PGG_PROJECTS}
    assert set(column(rows, "programme")) == {ID + "programme/partnership-for-good-governance"}
    assert column(rows, "start", project=ID + "project/raising-awareness-istanbul-convention") == [
        "2020"
    ]


@source(
    "programme-projects",
    "Under the Council of Europe Human Rights Education for Legal Professionals Programme (HELP), 50 lawyers were awarded HELP certificates",
)
def test_the_help_programme_has_no_project() -> None:
    """The source names no project of the HELP programme: nothing is invented."""
    assert answer("programme-projects", programme=ID + "programme/help") == []


# ------------------------------------------------------------------------------ figures

#: every number the source states as a count: (count, qualifier)
STATED_FIGURES = {
    (50000, "more than"),  # more than 50 000 people were reached
    (615, "a total of"),  # a total of 615 representative
    (398, "exactly"),  # 398 released persons received psycho-social support
    (342, "exactly"),  # 342 released persons received legal aid
    (300, "nearly"),  # nearly 300 officials and representatives
    (122, "exactly"),  # 122 released persons enhanced their professional skills
    (65, "exactly"),  # ratified 65 Council of Europe treaties
    (50, "exactly"),  # 50 lawyers were awarded HELP certificates
    (46, "exactly"),  # It comprises 46 member states
    (20, "exactly"),  # 20 years of membership
    (16, "a total of"),  # A total of 16 released persons
    (7, "exactly"),  # (and signed seven more)
}


@source(
    "figures",
    "more than 50 000 people were reached through publications, the media, and social media campaigns",
    "a total of 615 representative of the Financial Monitoring Service",
    "398 released persons received psycho-social support",
    "342 released persons received legal aid",
    "nearly 300 officials and representatives of civil society organisations were trained on the topic",
    "122 released persons enhanced their professional skills through vocational training",
    "To date, the country has ratified 65 Council of Europe treaties (and signed seven more)",
    "50 lawyers were awarded HELP certificates for the courses on European Court of Human Rights procedures and admissibility criteria",
    "It comprises 46 member states",
    "Over the course of 20 years of membership",
    "A total of 16 released persons from Azerbaijani prisons started their small family businesses",
)
def test_figures_are_the_numbers_the_source_states() -> None:
    """Every count the source states, with its qualifier, and no other."""
    rows = answer("figures")
    assert {(int(row["count"]), row["qualifier"]) for row in rows} == STATED_FIGURES
    assert has_row(
        rows,
        figure=ID + "outcome/help-certificates-awarded-to-lawyers",
        count="50",
        qualifier="exactly",
    )
    assert has_row(
        rows, figure=ID + "figure/azerbaijan-treaties-ratified", subject="Azerbaijan", count="65"
    )


@source(
    "outcomes",
    "Under the Council of Europe Human Rights Education for Legal Professionals Programme (HELP), 50 lawyers were awarded HELP certificates",
    "Under the Action Plans and in particular the EU/Council of Europe Partnership for Good Governance project on Strengthening Anti-Money Laundering and Asset Recovery, a total of 615 representative",
    "more than 50 000 people were reached through publications, the media, and social media campaigns. Furthermore, nearly 300 officials and representatives of civil society organisations were trained on the topic.",
    "A total of 16 released persons from Azerbaijani prisons started their small family businesses, 122 released persons enhanced their professional skills through vocational training, 342 released persons received legal aid, and 398 released persons received psycho-social support.",
)
def test_outcomes_are_the_results_the_source_counts() -> None:
    """Each quantified result with what produced it: the 615 trained representatives come
    from the Action Plans and, in particular, the anti-money-laundering project."""
    rows = answer("outcomes")
    found = Counter((row["activity"], int(row["count"]), row["qualifier"]) for row in rows)
    penitentiary = ID + "project/further-support-penitentiary-reform"
    istanbul = ID + "project/raising-awareness-istanbul-convention"
    assert found == Counter(
        {
            (ID + "action-plan-series/azerbaijan", 615, "a total of"): 1,
            (ID + "project/anti-money-laundering-asset-recovery", 615, "a total of"): 1,
            (ID + "programme/help", 50, "exactly"): 1,
            (istanbul, 50000, "more than"): 1,
            (istanbul, 300, "nearly"): 1,
            (penitentiary, 16, "a total of"): 1,
            (penitentiary, 122, "exactly"): 1,
            (penitentiary, 342, "exactly"): 1,
            (penitentiary, 398, "exactly"): 1,
        }
    )


@source(
    "funding",
    "The overall funding foreseen for this Action Plan is € 9.6 million.",
    "Action Plans are funded from multiple sources, including Joint Programmes with the European Union, voluntary contributions from Council of Europe member states, as well as the Organisation's ordinary budget and the Council of Europe Human RightsTrustFund.",
    "through EU/Council of Europe joint programmes funded by both institutions and implemented by the Council of Europe",
)
def test_funding_of_the_action_plans() -> None:
    rows = answer("funding")
    assert has_row(
        rows,
        funded=ID + "action-plan/azerbaijan-2022-2025",
        kind="budget",
        amount="9600000",
        currency="EUR",
    )
    assert sorted(
        column(
            rows, "fundingLabel", funded=ID + "action-plan-series/azerbaijan", kind="funding source"
        )
    ) == [
        "Council of Europe Human Rights Trust Fund",
        "Joint Programmes with the European Union",
        "Ordinary budget of the Council of Europe",
        "Voluntary contributions from Council of Europe member states",
    ]
    cybercrime = ID + "programme/eu-council-of-europe-joint-programmes-on-cybercrime"
    assert sorted(column(rows, "fundingLabel", funded=cybercrime, kind="funder")) == [
        "Council of Europe",
        "European Union",
    ]


# ------------------------------------------------------------------- people and bodies


@source(
    "people",
    "Address of the President of the Republic of Azerbaijan, H.E. Mr. Heydar Aliyev",
    "Address of the President of the Republic of Azerbaijan, H.E. Mr. Ilham Aliyev",
    "by Ms. Marija Pejčinović Burić, Council of Europe Secretary General, and Mr. Fikrat Mammadov, Minister of Justice of the Republic of Azerbaijan.",
    "the Head of the Council of Europe Office in Baku, Mr. Zoltan Hernyes (Baku, 5 April 2022)",
    "the Commissioner for Human Rights of the Republic of Azerbaijan (Ombudsperson), Ms. Sabina Aliyeva (Baku, 19-21 June 2022)",
)
def test_the_six_people_the_source_names_and_their_posts() -> None:
    rows = answer("people")
    assert {(row["name"], row["honorific"]) for row in rows} == {
        ("Heydar Aliyev", "H.E. Mr."),
        ("Ilham Aliyev", "H.E. Mr."),
        ("Marija Pejčinović Burić", "Ms."),
        ("Fikrat Mammadov", "Mr."),
        ("Zoltan Hernyes", "Mr."),
        ("Sabina Aliyeva", "Ms."),
    }
    assert has_row(
        rows,
        name="Fikrat Mammadov",
        relation="holds post",
        whatLabel="Minister of Justice of the Republic of Azerbaijan",
        **{"from": "2022-04-05"},
    )
    assert has_row(
        rows,
        name="Zoltan Hernyes",
        relation="holds post",
        whatLabel="Head of the Council of Europe Office in Baku",
        **{"from": "2022-04-05", "to": "2022-04-05"},
    )
    assert has_row(
        rows,
        name="Sabina Aliyeva",
        relation="took part in",
        what=ID + "event/training-of-trainers-combating-discrimination-2022",
        **{"from": "2022-06-19", "to": "2022-06-21"},
    )


@source(
    "organisations",
    "the Council of Europe and the Republic of Azerbaijan have developed technical co-operation programmes",
    "The current Action Plan for 2022-2025 was launched in Baku on 5 April 2022 by Ms. Marija Pejčinović Burić, Council of Europe Secretary General, and Mr. Fikrat Mammadov, Minister of Justice of the Republic of Azerbaijan.",
    "organised by the Council of Europe in partnership with the Ministry of Internal Affairs of the Republic of Azerbaijan (Baku, 26-27 April 2022)",
)
def test_who_launched_organised_and_took_part() -> None:
    rows = answer("organisations")
    co_operation = ID + "activity/technical-co-operation-azerbaijan"
    assert has_row(rows, agent=ID + "state/azerbaijan", role="partner", activity=co_operation)
    assert has_row(
        rows, agent=ID + "organisation/council-of-europe", role="implementer", activity=co_operation
    )
    plan = ID + "action-plan/azerbaijan-2022-2025"
    assert sorted(column(rows, "name", role="launcher", activity=plan)) == [
        "Fikrat Mammadov",
        "Marija Pejčinović Burić",
    ]
    training = ID + "event/training-detainees-rights-2022"
    assert has_row(rows, name="Council of Europe", role="organiser", activity=training)
    assert has_row(
        rows,
        name="Ministry of Internal Affairs of the Republic of Azerbaijan",
        role="partner",
        activity=training,
    )


@source(
    "monitoring",
    "the recommendations of the Groups of States against Corruption (GRECO) and the Committee of Experts on the Evaluation of Anti-Money Laundering Measures and the Financing of Terrorism (Moneyval) which conduct regular visits to Azerbaijan.",
    "The European Court of Human Rights oversees the implementation of the Convention in the member states.",
)
def test_the_monitoring_bodies_what_they_monitor_and_their_visits() -> None:
    rows = answer("monitoring")
    monitors = {(row["body"], row["target"]) for row in rows if row["relation"] == "monitors"}
    assert monitors == {
        (ID + "organisation/moneyval", ID + "theme/combating-money-laundering"),
        (ID + "organisation/moneyval", ID + "theme/financing-of-terrorism"),
        (ID + "organisation/greco", ID + "theme/combating-corruption"),
        (
            ID + "organisation/european-court-of-human-rights",
            ID + "treaty/european-convention-on-human-rights",
        ),
    }
    visits = {(row["body"], row["target"]) for row in rows if row["relation"] == "visits (regular)"}
    assert visits == {
        (ID + "organisation/greco", ID + "state/azerbaijan"),
        (ID + "organisation/moneyval", ID + "state/azerbaijan"),
    }


# -------------------------------------------------------------------- the action plan

#: the new areas for co-operation the Action Plan 2022-2025 names
NEW_AREAS = [
    "anti-discrimination",
    "artificial intelligence",
    "combating drug abuse and illicit trafficking",
    "combating trafficking in human beings",
    "freedom of expression and the media",
]


@source(
    "priorities",
    "The Action Plan has also identified new areas for co-operation, namely anti-discrimination, freedom of expression and the media, artificial intelligence, combating drug abuse and illicit trafficking and combating trafficking in human beings.",
    "- combat cybercrime,",
    "- promote children's rights,",
    "Training of legal professionals is one of the priorities under the successive Action Plans for Azerbaijan.",
)
def test_priorities_and_new_areas_of_the_action_plan() -> None:
    """Five new areas; fifteen priorities, one per line of the list that follows "with a
    view to:"; one priority that recurs under every Action Plan."""
    rows = answer("priorities")
    plan = ID + "action-plan/azerbaijan-2022-2025"
    assert sorted(column(rows, "areaLabel", actionPlan=plan, kind="new area")) == NEW_AREAS
    priorities = column(rows, "areaLabel", actionPlan=plan, kind="priority")
    assert len(priorities) == len(set(priorities)) == 15
    assert {"cybercrime", "children's rights"} <= set(priorities)
    assert column(rows, "areaLabel", kind="recurring priority") == [
        "training of legal professionals"
    ]


@source(
    "themes",
    'launched the project on "Raising Awareness on the Istanbul Convention and other Gender Equality Standards in Azerbaijan"',
    'the project on "Reinforcing Gender Equality and other Ethical Standards in Azerbaijani Media"',
    "Workshop on Preventing and Combating Violence against Women and Domestic Violence (Shaki, 1 December 2021)",
    "Event on the Role of National Parliaments in Preventing and Combating Violence against Women and Domestic Violence (Baku, 19 May 2022)",
    "new areas for co-operation, namely anti-discrimination, freedom of expression and the media, artificial intelligence,",
)
def test_themes_count_the_projects_and_events_the_source_gives_them() -> None:
    """Gender equality: the two projects with it in their title, and the two events on
    violence against women. Artificial intelligence is a new area only: no project or
    event of the source is about it."""
    rows = answer("themes")
    assert has_row(
        rows,
        theme=ID + "theme/gender-equality-violence-against-women",
        projects="2",
        events="2",
    )
    assert has_row(rows, label="artificial intelligence", projects="0", events="0")


# ----------------------------------------------------------------- events and places

#: every photo caption of the source: (its closing words, date, end date, place)
CAPTIONS = [
    ("Council of Europe (Strasbourg, 25 January 2001)", "2001-01-25", "", "Strasbourg"),
    (
        "Golden Book of the Council of Europe (Strasbourg, January 2001)",
        "2001-01",
        "",
        "Strasbourg",
    ),
    (
        "Committee of Ministers of the Council of Europe (Strasbourg, June 2014)",
        "2014-06",
        "",
        "Strasbourg",
    ),
    ("Office in Baku, Mr. Zoltan Hernyes (Baku, 5 April 2022)", "2022-04-05", "", "Baku"),
    ("H.E. Mr. Ilham Aliyev (Baku, 4 April 2022)", "2022-04-04", "", "Baku"),
    ("70th Anniversary of the Council of Europe (Baku, 5 May 2019)", "2019-05-05", "", "Baku"),
    ('"EuroVillage 2022" (Baku, 14 May 2022)', "2022-05-14", "", "Baku"),
    ("European Court Judgments by Azerbaijan (Baku, 21 October 2022)", "2022-10-21", "", "Baku"),
    ("Legal Professionals (HELP) (Baku, 20 February 2019)", "2019-02-20", "", "Baku"),
    ("Ms. Sabina Aliyeva (Baku, 19-21 June 2022)", "2022-06-19", "2022-06-21", "Baku"),
    ("Hate Speech in the Media (Qabala, 9-10 April 2022)", "2022-04-09", "2022-04-10", "Qabala"),
    ("Domestic Violence (Shaki, 1 December 2021)", "2021-12-01", "", "Shaki"),
    ("Domestic Violence (Baku, 19 May 2022)", "2022-05-19", "", "Baku"),
    (
        "France and the Netherlands (Paris, 16-19 September 2019)",
        "2019-09-16",
        "2019-09-19",
        "Paris",
    ),
    (
        "Mutual Legal Assistance for Asset Recovery (Baku, 16-17 June 2022)",
        "2022-06-16",
        "2022-06-17",
        "Baku",
    ),
    (
        "Coordinated iOCTA reporting (Baku, 26-27 September 2022)",
        "2022-09-26",
        "2022-09-27",
        "Baku",
    ),
    (
        "Ministry of Internal Affairs of the Republic of Azerbaijan (Baku, 26-27 April 2022)",
        "2022-04-26",
        "2022-04-27",
        "Baku",
    ),
    (
        "non-formal education in Azerbaijan (Baku, 28-30 September 2022)",
        "2022-09-28",
        "2022-09-30",
        "Baku",
    ),
]


@source("timeline", *(caption for caption, *_ in CAPTIONS))
def test_the_timeline_has_every_photo_caption_with_its_date_and_place() -> None:
    """Each caption is an event on its day (or days) at its place; the one event without
    a place is the 70th anniversary, which the source dates by the Open Day of 2019."""
    rows = answer("timeline")
    placed = Counter((row["date"], row["end"], row["placeLabel"]) for row in rows if row["place"])
    assert placed == Counter((date, end, place) for _caption, date, end, place in CAPTIONS)
    assert [row["title"] for row in rows if not row["place"]] == [
        "70th Anniversary of the Council of Europe"
    ]
    assert has_row(
        rows,
        date="2001-01",
        kind="ceremony",
        title="President Heydar Aliyev signing the Golden Book of the Council of Europe",
    )


@source(
    "events-by-place",
    "Legal Professionals (HELP) (Baku, 20 February 2019)",
    "European Court Judgments by Azerbaijan (Baku, 21 October 2022)",
    "(Strasbourg, January 2001)",
    "(Strasbourg, June 2014)",
    "(Paris, 16-19 September 2019)",
    "(Qabala, 9-10 April 2022)",
    "(Shaki, 1 December 2021)",
)
def test_events_by_place_count_the_captions_of_each_place() -> None:
    rows = answer("events-by-place")
    table = {
        row["placeLabel"]: (row["country"], int(row["events"]), row["first"], row["last"])
        for row in rows
    }
    azerbaijan, france = ID + "state/azerbaijan", ID + "place/france"
    assert table == {
        "Baku": (azerbaijan, 12, "2019-02-20", "2022-10-21"),
        "Strasbourg": (france, 3, "2001-01", "2014-06"),
        "Paris": (france, 1, "2019-09-16", "2019-09-16"),
        "Qabala": (azerbaijan, 1, "2022-04-09", "2022-04-09"),
        "Shaki": (azerbaijan, 1, "2021-12-01", "2021-12-01"),
    }
    assert len(rows) == len(table)


# ------------------------------------------------------------ treaties and membership


@source(
    "treaties",
    "most importantly the European Convention for the Protection of Human Rights and Fundamental Freedoms and its Protocols, European Social Charter, European Cultural Convention,",
    "the Council of Europe Budapest Convention on Cybercrime that Azerbaijan ratified in 2010.",
)
def test_the_treaties_the_source_names_are_ratified() -> None:
    rows = answer("treaties")
    assert {row["title"]: row["ratified"] for row in rows} == {
        "Budapest Convention on Cybercrime": "true",
        "European Convention on Human Rights": "true",
        "European Cultural Convention": "true",
        "European Social Charter": "true",
    }
    assert set(column(rows, "state")) == {ID + "state/azerbaijan"}
    (budapest,) = column(rows, "ratificationDate", title="Budapest Convention on Cybercrime")
    assert budapest.startswith("2010")


@source(
    "summary",
    "Ms. Marija Pejčinović Burić, Council of Europe Secretary General, and Mr. Fikrat Mammadov, Minister of Justice of the Republic of Azerbaijan.",
    "H.E. Mr. Heydar Aliyev",
    "H.E. Mr. Ilham Aliyev",
    "Mr. Zoltan Hernyes",
    "Ms. Sabina Aliyeva",
    "the Groups of States against Corruption (GRECO) and the Committee of Experts on the Evaluation of Anti-Money Laundering Measures and the Financing of Terrorism (Moneyval)",
    "Study visit to explore private enforcement system in France and the Netherlands",
)
def test_summary_counts_what_the_source_names() -> None:
    """Six people holding six posts (two presidents hold the same one); nine projects
    (see PROJECTS); two monitoring bodies; five cities, the places of the captions; two
    other countries; and at least the 20 themes of the Action Plan (15 priorities and 5
    new areas)."""
    counts = {row["class"].removeprefix(DEF): int(row["resources"]) for row in answer("summary")}
    assert counts["Person"] == 6
    assert counts["PostHolding"] == 6
    assert counts["Post"] == 5
    assert counts["Project"] == len(PROJECTS)
    assert counts["MonitoringBody"] == 2
    assert counts["City"] == len({place for *_c, place in CAPTIONS})
    assert counts["Country"] == 2
    assert counts["Theme"] >= 15 + len(NEW_AREAS)


# -------------------------------------------------------------- names and provenance


@source(
    "search",
    "(Baku, 5 April 2022)",
    "The implementation of co-operation activities is supported and co-ordinated by the Office of the Council of Europe in Baku.",
    "Council of Europe Office in Baku 62 Uzeyir Hajibeyli Street",
    "Ms. Marija Pejčinović Burić",
)
def test_search_finds_baku_and_the_office() -> None:
    rows = answer("search")
    assert has_row(rows, resource=ID + "place/baku", label="Baku", classLabel="city")
    assert has_row(
        rows,
        resource=ID + "organisation/council-of-europe-office-baku",
        label="Council of Europe Office in Baku",
    )
    assert set(column(rows, "text")) == {"baku"}
    found = answer("search", text="BURIĆ")
    assert has_row(found, resource=ID + "person/marija-pejcinovic-buric", classLabel="person")


#: the section headings of the source, in their order
HEADINGS = [
    "HUMAN RIGHTS",
    "Enhancing the effectiveness of the European Convention on Human Rights at national level",
    "Non-discrimination",
    "Promoting media professionalism",
    "Promoting Gender Equality and Combating Violence against Women and Domestic Violence",
    "Independence and efficiency of justice",
    "Fight against corruption and money laundering",
    "Cybercrime",
    "Prisons and police",
    "DEMOCRACY",
    "Youth for democracy",
    "Council of Europe Office in Baku",
]


@source("sections", *HEADINGS)
def test_sections_follow_the_headings_of_the_source() -> None:
    """Every heading is a section, in the order of the source, numbered from 1 without a
    gap; untitled stretches of text and the footnotes are sections of their own."""
    rows = answer("sections")
    assert [int(row["order"]) for row in rows] == list(range(1, len(rows) + 1))
    titled = [row["label"] for row in rows if not row["label"].startswith("Untitled")]
    assert titled == [*HEADINGS, "Footnotes"]
    assert rows[0]["label"].startswith("Untitled opening")
    assert all(int(row["resources"]) > 0 for row in rows)


@source(
    "describe",
    "the EU/Council of Europe Partnership for Good Governance project on Strengthening Anti-Money Laundering and Asset Recovery, a total of 615 representative",
    "Workshop on Good practices in International Co-operation and Mutual Legal Assistance for Asset Recovery (Baku, 16-17 June 2022)",
)
def test_describe_the_anti_money_laundering_project() -> None:
    rows = answer("describe")
    project = ID + "project/anti-money-laundering-asset-recovery"
    assert set(column(rows, "iri")) == {project}
    assert has_row(
        rows,
        direction="out",
        property="http://www.w3.org/2000/01/rdf-schema#label",
        value="Strengthening Anti-Money Laundering and Asset Recovery",
    )
    assert has_row(
        rows,
        direction="out",
        property=DEF + "partOfProgramme",
        value=ID + "programme/partnership-for-good-governance",
    )
    assert has_row(
        rows,
        direction="in",
        property=DEF + "outcomeOf",
        value=ID + "outcome/aml-cft-asset-recovery-knowledge-increased",
    )
    assert has_row(
        rows,
        direction="in",
        property=DEF + "relatedProject",
        value=ID + "event/workshop-asset-recovery-2022",
    )


# ------------------------------------------------------------------ the quotes themselves


def test_every_canned_query_has_a_fact_from_the_source() -> None:
    checked = {name for names, _quotes in QUOTES.values() for name in names}
    assert checked <= CATALOGUE, checked - CATALOGUE
    assert checked == CATALOGUE, f"no test quotes the source for {sorted(CATALOGUE - checked)}"


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("test", "quote"),
    [
        pytest.param(test, quote, id=f"{test}-{i}")
        for test, (_names, quotes) in QUOTES.items()
        for i, quote in enumerate(quotes)
    ],
)
def test_every_quote_is_in_the_source(test: str, quote: str) -> None:
    assert normalised(quote) in normalised(source_text()), f"{test} quotes: {quote!r}"


def test_the_captions_are_all_the_captions_of_the_source() -> None:
    """CAPTIONS, written by hand, holds every "(Place, date)" of the source, once each."""
    places = re.findall(r"\(([A-Z][a-z]+), (?:[0-9-]+ )?[A-Z][a-z]+ [0-9]{4}\)", source_text())
    assert Counter(places) == Counter(place for *_c, place in CAPTIONS)


def test_the_headings_are_in_the_order_of_the_source() -> None:
    text = source_text()
    at = [re.search(rf"^(?:■ )?{re.escape(h)}$", text, re.MULTILINE) for h in HEADINGS]
    assert all(at), [h for h, m in zip(HEADINGS, at, strict=True) if m is None]
    starts = [m.start() for m in at if m is not None]
    assert starts == sorted(starts)
