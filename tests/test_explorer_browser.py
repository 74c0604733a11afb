"""The explorer and GraphiQL in real Chromium (Debian's, driven by Playwright), on the real app under
real uvicorn, serving what ``make serve`` loads from ../shared with the real loaders.

The browser cannot reach any other host: every request to one is aborted and recorded, and a test
fails on any. Each view is saved under ``.caacgraph/screenshots/``; the timings (first useful paint,
drawing and expanding) under ``.caacgraph/explorer-timings.json``: reported, not asserted.
Required when CI is set (``.ci/run`` installs chromium when missing); skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import networkx as nx
import pytest

from tests.conftest import ROOT, run_cli
from tests.test_serve import serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("CAACGRAPH_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / ".caacgraph" / "screenshots"
TIMINGS = ROOT / ".caacgraph" / "explorer-timings.json"
# The nodes with the most neighbours in the seed graph after ISIL (about 110 to 140 each).
BIG = [
    "un:secretary-general",
    "region:democratic-republic-of-the-congo",
    "region:mali",
    "region:nigeria",
    "un:security-council",
    "region:syria",
    "un:wg-caac",
    "region:afghanistan",
    "region:iraq",
    "region:somalia",
]
MNLA_QUOTE = "CMA, including the Mouvement national pour la libération de l’Azawad"
pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``caacgraph serve`` on a free port, with what ``make serve`` loads."""
    store = tmp_path_factory.mktemp("explorer") / "graph.json.gz"
    data = [shared / "seeds", shared / "corpus", *sorted((shared / "data" / "ucdp").glob("*.csv"))]
    loaded = run_cli("load", "--reference", *map(str, data), store=store)
    assert loaded.returncode == 0, loaded.stderr
    process, url = serving(store)
    yield url
    process.terminate()
    process.communicate(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless (never a browser downloaded by ``playwright install``)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium; .ci/run does it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def timings() -> Iterator[dict[str, Any]]:
    measured: dict[str, Any] = {}
    yield measured
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(measured, indent=1) + "\n", encoding="utf-8")


class Visit:
    """A page of the browser, offline: requests to any host but the server are aborted and kept."""

    def __init__(self, browser: Browser, server: str) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
        self.elsewhere: list[str] = []
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.asked.append(url)
        if urlsplit(url).netloc == urlsplit(self.server).netloc or url.startswith("data:"):
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort("internetdisconnected")

    def open(self, address: str = "/") -> Page:
        self.page.goto(self.server + address)
        return self.page

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Visit]:
    opened = Visit(browser, server)
    yield opened
    opened.close()
    assert opened.elsewhere == [], "the page asked another host"
    assert opened.errors == [], "the page raised errors"


def graph_ready(page: Page) -> None:
    page.wait_for_selector("#cy[data-ready=true]")


def click_element(page: Page, element_id: str) -> None:
    """A real mouse click on a node or edge of the drawing, where Cytoscape drew it."""
    point = page.evaluate(
        """(id) => {
            const el = window.caacgraphCy.getElementById(id);
            const p = el.isEdge() ? el.renderedMidpoint() : el.renderedPosition();
            const box = document.getElementById("cy").getBoundingClientRect();
            return { x: box.left + p.x, y: box.top + p.y };
        }""",
        element_id,
    )
    page.mouse.click(point["x"], point["y"])


def edge_id(page: Page, source: str, kind: str, target: str) -> str:
    found = page.evaluate(
        "([s, t, k]) => window.caacgraphCy.edges().filter(e => e.data('source') === s && e.data('target') === t"
        " && e.data('type') === k).map(e => e.id())",
        [source, target, kind],
    )
    assert found, f"no {source} {kind} {target} drawn"
    return str(found[0])


def test_search_cma_then_the_actor_page_shows_mnla_with_its_quote(visit: Visit, timings: dict[str, Any]) -> None:
    page = visit.open("/")
    page.wait_for_selector("h1")
    visit.shot("home")
    search = page.get_by_role("combobox", name="Search")
    search.focus()
    page.keyboard.type("cma")  # from the keyboard only: type, pick the first hit, Enter
    option = page.get_by_role("option").filter(has_text="Coordination des mouvements de l'Azawad").first
    option.wait_for()
    visit.shot("search")
    started = time.monotonic()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Coordination des mouvements de l'Azawad").wait_for()
    timings["actor page after Enter (s)"] = round(time.monotonic() - started, 3)
    assert re.search(r"#/actor/coalition%3Acma$", page.url)
    assert "ucdp:1158" in page.locator("dl.facts-about").inner_text()
    members = page.get_by_role("region", name="MEMBER_OF ←")
    fact = members.locator("details").filter(has_text="Mouvement national pour la libération de l'Azawad")
    fact.locator("summary").click()
    source = fact.locator("li.source").filter(has_text="¶ 5 (w)")
    assert source.locator("blockquote").inner_text() == MNLA_QUOTE
    assert "S/AC.51/2018/1/Rev.1" in source.inner_text() and "(2018-05-04)" in source.inner_text()
    fact.scroll_into_view_if_needed()
    visit.shot("actor")


def test_search_finds_a_name_no_node_has_in_the_paragraphs_that_say_it(visit: Visit) -> None:
    page = visit.open("/")
    search = page.get_by_role("combobox", name="Search")
    # no node is called so; S/2017/304's footnote says "Boko Haram means “Western education is a sin”"
    search.fill("Western education")
    page.get_by_text("nothing named like “Western education”; said in these paragraphs:").wait_for()
    hit = page.locator("#search-results .paragraph-hit").first
    assert hit.locator("mark").first.inner_text() == "Western education"
    hit.dispatch_event("mousedown")
    page.wait_for_url(re.compile(r"#/document/.*p="))
    target = page.locator(".paragraph.cited")
    target.wait_for()
    assert "Western education" in target.inner_text()


def test_the_keyboard_reaches_the_page_in_reading_order(visit: Visit) -> None:
    page = visit.open("/#/actor/coalition%3Acma")
    page.get_by_role("heading", level=1).wait_for()
    focused = "document.activeElement.textContent.trim() || document.activeElement.id"
    assert page.evaluate(focused).startswith("Coalition")  # a new view takes the focus
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Graph view"
    stops = []
    for _ in range(4):  # back through the header: GraphiQL, the search box, caacgraph, the skip link
        page.keyboard.press("Shift+Tab")
        stops.append(page.evaluate(focused))
    assert stops == ["GraphiQL", "search", "caacgraph", "Skip to content"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "view"
    assert page.url.endswith("#/actor/coalition%3Acma")  # skipping does not leave the view
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    graph_ready(page)
    assert page.get_by_label("As of").is_visible() and page.get_by_label("Year").is_visible()


def test_first_useful_paint_of_the_explorer(visit: Visit, timings: dict[str, Any]) -> None:
    visit.open("/#/actor/coalition%3Acma")
    visit.page.get_by_role("heading", level=1, name="Coordination des mouvements de l'Azawad").wait_for()
    paint = visit.page.evaluate(
        "performance.getEntriesByType('paint').map(e => [e.name, e.startTime])"
        ".concat([['actor page drawn', performance.now()]])"
    )
    timings["actor page, cold (ms)"] = {name: round(ms) for name, ms in paint}


def test_graph_view_members_edge_quote_and_the_cited_paragraph(visit: Visit, timings: dict[str, Any]) -> None:
    page = visit.open("/#/actor/coalition%3Acma")
    page.get_by_role("link", name="Graph view").click()
    graph_ready(page)
    timings["graph of CMA drawn (ms)"] = int(page.locator("#cy").get_attribute("data-draw-ms") or 0)
    drawn = page.evaluate("window.caacgraphCy.nodes(':visible').map(n => n.id())")
    assert {"coalition:cma", "group:mnla", "commitment:cma-action-plan-2017-03"} <= set(drawn)
    visit.shot("graph")

    click_element(page, edge_id(page, "group:mnla", "MEMBER_OF", "coalition:cma"))
    panel = page.get_by_role("complementary", name="Selection")
    source = panel.locator("li.source").filter(has_text="¶ 5 (w)")
    assert source.locator("blockquote").inner_text() == MNLA_QUOTE
    visit.shot("graph-edge")

    source.get_by_role("link", name="S/AC.51/2018/1/Rev.1").click()
    cited = page.locator("section.paragraph.cited")
    cited.wait_for()
    assert cited.get_attribute("data-locator") == "5 (w)"
    assert cited.locator("mark.quote").inner_text().startswith("CMA, including the Mouvement national")
    assert cited.evaluate("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    assert page.locator("section.paragraph").count() > 50  # the whole document, in order
    first_two = page.locator("section.paragraph").evaluate_all("els => els.slice(0, 2).map(e => e.dataset.locator)")
    assert first_two == ["1", "2"]
    visit.shot("document")


def test_expand_a_node_keeps_the_drawing_in_place(visit: Visit, timings: dict[str, Any]) -> None:
    page = visit.open("/#/graph/coalition%3Acma")
    graph_ready(page)
    before = page.evaluate("window.caacgraphCy.getElementById('coalition:cma').position()")
    count = page.evaluate("window.caacgraphCy.nodes().length")
    click_element(page, "group:mnla")
    page.wait_for_function(f"window.caacgraphCy.nodes().length > {count}")
    assert "expand=group%3Amnla" in page.url
    assert page.evaluate("window.caacgraphCy.getElementById('coalition:cma').position()") == before
    timings["expand MNLA (ms)"] = int(page.locator("#cy").get_attribute("data-expand-ms") or 0)
    visit.shot("graph-expanded")

    page.reload()  # the address is the view: a colleague opening the link sees the same drawing
    graph_ready(page)
    assert page.evaluate("window.caacgraphCy.nodes('.expanded').map(n => n.id())") == ["group:mnla"]


def test_the_date_control_removes_facts_that_start_later(visit: Visit) -> None:
    page = visit.open("/#/graph/coalition%3Acma")
    graph_ready(page)
    signed = edge_id(page, "coalition:cma", "SIGNED", "commitment:cma-action-plan-2017-03")
    assert page.evaluate(f"window.caacgraphCy.getElementById('{signed}').visible()")
    page.get_by_label("As of").fill("2012")
    page.get_by_label("As of").press("Enter")
    assert "at=2012" in page.url
    assert not page.evaluate(f"window.caacgraphCy.getElementById('{signed}').visible()")
    later = page.evaluate(
        "window.caacgraphCy.edges(':visible').filter(e => (e.data('since') || '') > '2012-12-31').length"
    )
    assert later == 0
    assert "as of 2012" in page.locator("#graph-summary").inner_text()
    undated = page.evaluate(
        "window.caacgraphCy.edges(':visible').filter(e => !e.data('since') && !e.data('until'))"
        ".every(e => e.hasClass('undated'))"
    )
    assert undated  # drawn dashed: kept at every date, but not claimed for 2012
    visit.shot("graph-2012")
    page.get_by_role("button", name="Any date").click()
    assert page.evaluate(f"window.caacgraphCy.getElementById('{signed}').visible()")


def test_a_relation_type_filter_redraws_without_it(visit: Visit) -> None:
    page = visit.open("/#/graph/coalition%3Acma")
    graph_ready(page)
    assert page.evaluate("window.caacgraphCy.edges('[type = \"AFFILIATED_WITH\"]').length") > 0
    page.get_by_role("checkbox", name="AFFILIATED_WITH").uncheck()
    graph_ready(page)
    assert page.evaluate("window.caacgraphCy.edges('[type = \"AFFILIATED_WITH\"]').length") == 0
    assert "AFFILIATED_WITH" not in page.url
    assert page.evaluate("window.caacgraphCy.getElementById('group:mnla').nonempty()")


def test_export_of_the_drawing_is_graphml_networkx_reads(visit: Visit, tmp_path: Path) -> None:
    page = visit.open("/#/graph/coalition%3Acma")
    graph_ready(page)
    page.get_by_label(re.compile("^Export the .* nodes drawn")).select_option("graphml")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    graph = nx.read_graphml(saved)
    assert {"coalition:cma", "group:mnla"} <= set(graph.nodes)
    assert graph.has_edge("group:mnla", "coalition:cma")


def test_the_commitment_page_lists_bound_parties_and_their_chain(visit: Visit) -> None:
    page = visit.open("/#/commitment/commitment%3Acma-action-plan-2017-03")
    table = page.get_by_role("table")
    row = table.locator("tr[data-actor='group:mnla']")
    row.wait_for()
    assert "Coordination des mouvements de l'Azawad" in row.locator("td").first.inner_text()
    chain = [step.inner_text() for step in row.locator("ol.chain > li").all()]
    assert len(chain) == 2
    assert chain[0].startswith("CMA action plan") and "—BINDS→ Coordination des mouvements de l'Azawad" in chain[0]
    assert chain[1].startswith("Mouvement national pour la libération de l'Azawad —MEMBER_OF→ Coordination")
    signed_by = page.locator("h2:text('Signed by') + ul").inner_text()
    assert "Coordination des mouvements de l'Azawad" in signed_by and "United Nations" in signed_by
    visit.shot("commitment")


def test_graphiql_renders_and_runs_a_query_offline(visit: Visit) -> None:
    page = visit.open("/graphql")
    page.locator(".graphiql-query-editor").wait_for()
    page.get_by_role("button", name=re.compile("Execute query")).click()
    page.locator(".result-window").filter(has_text="coalition:cma").wait_for()
    assert any(url.endswith("/explorer/vendor/graphiql/graphiql.min.js") for url in visit.asked)
    visit.shot("graphiql")


def test_no_view_asks_another_host(visit: Visit) -> None:
    page = visit.open("/")
    for address in [
        "#/actor/coalition%3Acma",
        "#/graph/coalition%3Acma",
        "#/commitment/commitment%3Acma-action-plan-2017-03",
        "#/document/doc%3As-ac-51-2018-1-rev-1",
    ]:
        page.goto(visit.server + "/" + address)
        page.locator("main h1").wait_for()
    page.goto(visit.server + "/graphql")
    page.locator(".graphiql-query-editor").wait_for()
    hosts = {urlsplit(url).netloc for url in visit.asked if not url.startswith("data:")}
    assert hosts == {urlsplit(visit.server).netloc}
    assert visit.elsewhere == []


def test_a_big_neighbourhood_draws_and_expands(visit: Visit, timings: dict[str, Any]) -> None:
    """ISIL has the most neighbours in the seed graph (180 over every relation type); expanding the
    regions and UN bodies around it grows the drawing towards a thousand nodes."""
    page = visit.open("/#/graph/group%3Aisil")
    graph_ready(page)
    types = page.evaluate("[...document.querySelectorAll('input[name=type]')].map(b => b.value)")
    page.goto(f"{visit.server}/#/graph/group%3Aisil?types={','.join(types)}")
    page.reload()
    graph_ready(page)
    nodes = page.evaluate("window.caacgraphCy.nodes().length")
    assert nodes > 150
    measured: dict[str, Any] = {
        "ISIL drawn": {"nodes": nodes, "ms": int(page.locator("#cy").get_attribute("data-draw-ms") or 0)}
    }
    visit.shot("graph-isil")
    page.locator("details.node-list > summary").click()
    drawn = set(page.evaluate("window.caacgraphCy.nodes().map(n => n.id())"))
    for node_id in [n for n in BIG if n in drawn]:
        count = page.evaluate("window.caacgraphCy.nodes().length")
        page.locator(f"button[data-expand='{node_id}']").click()
        page.wait_for_function(f"window.caacgraphCy.getElementById('{node_id}').hasClass('expanded')")
        cy = page.locator("#cy")
        measured[f"expand {node_id}"] = {
            "neighbours": int(cy.get_attribute("data-expand-nodes") or 0),
            "ms": int(cy.get_attribute("data-expand-ms") or 0),
            "of which the API (ms)": int(cy.get_attribute("data-fetch-ms") or 0),
            "nodes drawn before": count,
        }
    total = page.evaluate("window.caacgraphCy.nodes().length")
    frame = page.evaluate(
        """() => new Promise((done) => {
            const cy = window.caacgraphCy;
            const started = performance.now();
            cy.panBy({ x: 40, y: 20 });
            cy.zoom(cy.zoom() * 1.1);
            requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
        })"""
    )
    measured["whole drawing"] = {
        "nodes": total,
        "edges": page.evaluate("window.caacgraphCy.edges().length"),
        "pan and zoom, next frame (ms)": round(frame),
    }
    timings["big drawing"] = measured
    visit.shot("graph-big")
