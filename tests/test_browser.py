"""What a reader sees: headless Chromium (Debian's) browses the served site.

Playwright drives the system ``chromium`` (never a downloaded browser). The test opens the
index, follows links to a project, an event and a person, checks the visible text against
the data, and saves a screenshot of each page in the test's temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coekg import namespaces
from coekg.project import bundled
from coekg.serve.server import RunningServer, start
from coekg.serve.sparql import Limits
from tests.requirements import need_tool

pytestmark = pytest.mark.browser

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FIXTURE = Path(__file__).parent / "fixtures" / "publish" / "hostile.ttl"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = need_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        yield b
        b.close()


def _served(kg: object) -> RunningServer:
    return start(kg, bundled(), "127.0.0.1", 0, limits=Limits(query_workers=1, threads=4))  # type: ignore[arg-type]


def _label(kg: object, iri: str) -> str:
    rows = kg.store.query(  # type: ignore[attr-defined]
        f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        'FILTER(LANGMATCHES(LANG(?l), "en")) }',
        use_default_graph_as_union=True,
    )
    return str(next(iter(rows))["l"].value)


def test_reader_follows_links_to_a_project_an_event_and_a_person(
    browser: object, tmp_path: Path
) -> None:
    kg = bundled().load()
    srv = _served(kg)
    with srv.in_thread():
        page = browser.new_page()  # type: ignore[attr-defined]
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(srv.url)
        assert page.locator("h1").inner_text().strip() != ""
        assert page.get_by_role("heading", name="Browse by class").is_visible()
        page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
        for kind in ("project", "event", "person"):
            page.goto(srv.url)
            page.get_by_role("link", name="all resources").click()  # the browse page
            page.wait_for_load_state()
            link = page.locator(f'main a[href^="id/{kind}/"]').first
            href = link.get_attribute("href") or ""
            link_text = link.inner_text().strip()
            link.click()
            page.wait_for_load_state()
            assert page.url == srv.url + href
            iri = namespaces.ID + href.removeprefix("id/").removesuffix(".html")
            label = _label(kg, iri)
            heading = page.locator("h1")
            assert heading.inner_text().strip() == label == link_text
            assert page.get_by_role("heading", name="Properties").is_visible()
            assert page.get_by_role("heading", name="Provenance").is_visible()
            assert page.locator("p.iri").inner_text().strip() == f"IRI: {iri}"
            assert page.locator("#provenance ~ dl a").count() >= 1, "cites its source section"
            page.screenshot(path=str(tmp_path / f"{kind}.png"), full_page=True)
        assert errors == []
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "event.png",
        "index.png",
        "person.png",
        "project.png",
    ]


def test_markup_in_a_label_is_shown_and_never_run(browser: object, tmp_path: Path) -> None:
    kg = bundled().load([FIXTURE])
    srv = _served(kg)
    with srv.in_thread():
        page = browser.new_page()  # type: ignore[attr-defined]
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(srv.url + "id/project/script-label.html")
        assert page.locator("h1").inner_text() == "<script>alert(1)</script> project"
        assert "</script><script>alert(2)</script>" in page.locator("p.description").inner_text()
        page.goto(srv.url + "id/event/closing-tag.html")
        assert page.locator("h1").inner_text() == "Event </script> with \" quotes and ' apostrophes"
        assert page.locator("img").count() == 0
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        assert dialogs == []


# --------------------------------------------------------------------------------------
# The SPARQL page and the 404 page, wherever the site is served (issues 13.6 and 15.5)
# --------------------------------------------------------------------------------------

#: the background of the site's header in style.css, to tell a styled page
BAND = "rgb(242, 244, 247)"


class Console:
    """What a page reports: console errors (a CSP refusal is one) and failed requests,
    but for the icon the browser asks every site for by itself (the site has none)."""

    def __init__(self, page: object) -> None:
        self.errors: list[str] = []
        self.missing: list[str] = []
        page.on("console", self._console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "requestfailed", lambda r: self.errors.append(f"failed: {r.url}")
        )
        page.on("response", self._response)  # type: ignore[attr-defined]

    def _console(self, message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.missing.append(f"{response.status} {response.url}")

    def clear(self) -> None:
        self.errors.clear()
        self.missing.clear()

    @property
    def problems(self) -> list[str]:
        return self.errors + self.missing


@pytest.fixture(scope="module", params=["own-url", "site-for-another-url"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    """``coekg serve`` publishing for its own URL, and ``coekg serve --site DIR`` with a
    site published for https://example.org/coekg/ (its absolute links lead elsewhere)."""
    from coekg.publish import publish

    kg = bundled().load()
    site = None
    if request.param == "site-for-another-url":
        site = tmp_path_factory.mktemp("other") / "site"
        publish(kg, site, bundled(), "https://example.org/coekg/")
    srv = start(kg, bundled(), "127.0.0.1", 0, site, Limits(query_workers=1, threads=4))  # type: ignore[arg-type]
    with srv.in_thread():
        yield srv


def test_the_sparql_form_answers_with_a_table(
    browser: object, served: RunningServer, tmp_path: Path
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    console = Console(page)
    page.goto(served.url + "sparql.html")
    assert page.locator("header.site").evaluate("e => getComputedStyle(e).backgroundColor") == BAND
    query = (
        "SELECT ?project ?title WHERE { ?project a <https://w3id.org/coekg/def#Project> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?title } ORDER BY ?project LIMIT 5"
    )
    page.fill("#query", query)
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_load_state()
    assert page.url.startswith(served.url + "sparql?query="), "posted to this server"
    table = page.locator("#results table")
    assert table.locator("thead th").all_inner_texts() == ["project", "title"]
    assert table.locator("tbody tr").count() == 5
    assert page.locator("#query").input_value() == query
    page.screenshot(path=str(tmp_path / "sparql-results.png"), full_page=True)
    first = table.locator("tbody tr").first.locator("a").first
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(served.url + "id/project/") and page.locator("h1").inner_text()
    page.go_back()
    page.get_by_role("link", name="Permalink").click()
    page.wait_for_load_state()
    assert page.locator("#results tbody tr").count() == 5
    assert console.problems == []


def test_an_example_runs_from_the_page(browser: object, served: RunningServer) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    console = Console(page)
    page.goto(served.url + "sparql")
    example = page.locator("#query-treaties")
    assert example.locator("h3").inner_text().strip()
    example.get_by_role("link", name="Run with the defaults").click()
    page.wait_for_load_state()
    assert page.locator("#results tbody tr").count() >= 1
    page.goto(served.url + "sparql")
    form = page.locator("#query-active-projects form")
    form.locator("input[name=date]").fill("2021-06")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert "example=active-projects" in page.url and "date=2021-06" in page.url
    assert page.locator("#results table").count() == 1
    assert '"2021-06"' in page.locator("#query").input_value()
    assert console.problems == []


def test_the_404_page_is_styled_and_its_links_work(
    browser: object, served: RunningServer, tmp_path: Path
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    console = Console(page)
    answer = page.goto(served.url + "id/project/no-such-project")
    assert answer is not None and answer.status == 404
    assert page.locator("h1").inner_text() == "Not found"
    assert page.locator("header.site").evaluate("e => getComputedStyle(e).backgroundColor") == BAND
    page.screenshot(path=str(tmp_path / "404.png"), full_page=True)
    console.clear()  # the 404 answer itself
    page.locator("main a").first.click()
    page.wait_for_load_state()
    assert page.url == served.url + "index.html"
    assert page.get_by_role("heading", name="Browse by class").is_visible()
    assert console.problems == []
