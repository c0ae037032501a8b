"""What a visitor sees at desktop and phone widths: no text over other text (issue 16).

Headless Chromium (Debian's, through Playwright) opens the home page, a resource page, a
canned query's page, the browse page and the ontology documentation at 1280 and 390 pixels
wide, saves a full-page screenshot of each in the test's folder, and checks that no two
boxes of text overlap (each line of each text node is a box) and that the page is not wider
than the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coekg.project import bundled
from coekg.publish import publish
from tests.requirements import need_tool
from tests.test_browser import ARGS

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
PAGES = (
    "index.html",
    "id/project/support-execution-ecthr-judgments.html",
    "query/projects.html",
    "browse.html",
    "def.html",
)
#: text boxes may touch (anti-aliasing, line boxes): an overlap counts from this many pixels
#: in both directions
TOLERANCE = 2

#: every line box of every visible text node (not inside a closed <details>, say), with a
#: short sample of its text
TEXT_BOXES = """() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let index = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode(), index++) {
    if (!node.textContent.trim()) continue;
    if (!node.parentElement.checkVisibility({visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      boxes.push({node: index, text: node.textContent.trim().slice(0, 40),
                  left: r.left + scrollX, top: r.top + scrollY,
                  right: r.right + scrollX, bottom: r.bottom + scrollY});
    }
  }
  return boxes;
}"""


def overlapping(boxes: list[dict[str, object]]) -> list[tuple[str, str]]:
    """Pairs of texts of different nodes whose boxes overlap by more than the tolerance."""
    ordered = sorted(boxes, key=lambda b: float(b["top"]))  # type: ignore[arg-type]
    found = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if float(b["top"]) >= float(a["bottom"]) - TOLERANCE:  # type: ignore[arg-type]
                break
            if a["node"] == b["node"]:
                continue
            dx = min(a["right"], b["right"]) - max(a["left"], b["left"])  # type: ignore[type-var,operator]
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])  # type: ignore[type-var,operator]
            if dx > TOLERANCE and dy > TOLERANCE:
                found.append((str(a["text"]), str(b["text"])))
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = need_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "site"
    publish(bundled().load(), out, bundled())
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_overlaps_other_text(
    browser: object, site: Path, width: int, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    problems: dict[str, object] = {}
    for name in PAGES:
        page.goto((site / name).as_uri())
        shot = tmp_path / f"{name.replace('/', '_')}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 1000
        overlaps = overlapping(page.evaluate(TEXT_BOXES))
        if overlaps:
            problems[name] = overlaps[:5]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems[f"{name} width"] = scroll_width
    page.close()
    assert problems == {}


def test_the_home_page_is_a_summary_not_every_answer(browser: object, site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto((site / "index.html").as_uri())
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, height  # 49,968 px when every answer was inlined
    for heading in ("About this dataset", "Browse by class", "Download", "Query", "Cite"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible(), heading
    page.get_by_role("link", name="Projects active on a date", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("query/active-projects.html")
    assert page.locator("section:has(#answer) table").count() == 1
    page.close()
