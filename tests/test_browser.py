"""What a reader sees: headless Chromium (Debian's) browses the served site.

Playwright drives the system ``chromium`` (never a downloaded browser). The test opens the
index, follows links to a project, an event and a person, checks the visible text against
the data, and saves a screenshot of each page in the test's temporary folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
