"""The web app in a real browser: Playwright driving Debian's chromium against uvicorn on a free
localhost port, over a store ingested from the whole ``../shared/data/corpus/wikinews`` corpus plus
``examples/``. Each page loads without console errors; a search leads to an article; an entity
profile draws its chart; the network draws nodes; the map draws markers. Screenshots go to
``benchmarks/screenshots/`` (git-ignored) for review.

Never downloads a browser: chromium comes from Debian (installed here with apt-get when missing
and running as root), else the tests skip and say why.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WIKINEWS = REPO.parent / "shared" / "data" / "corpus" / "wikinews" / "articles.jsonl"
SHOTS = REPO / "benchmarks" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def _chromium() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=900, check=False)
        if not os.path.exists(CHROMIUM):  # the package lists may be stale or absent
            subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=600, check=False)
            subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=900,
                           check=False)
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian chromium is not installed at {CHROMIUM} and could not be installed with apt-get")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    pytest.importorskip("playwright")
    import uvicorn
    from test_web import build_store

    from newsgraph.ingest import ingest
    from newsgraph.web import create_app

    if not WIKINEWS.is_file():
        pytest.skip(f"shared evaluation data absent: {WIKINEWS} not found")
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "browser.db"
    ingest([str(WIKINEWS)], db, workers=0)  # all 163 articles: ~20-60 s of NLP, once per session
    build_store(db, files=tuple(p.name for p in (REPO / "examples").iterdir()
                                if p.is_file() and p.suffix in (".html", ".txt", ".rss", ".atom")))
    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that records console errors and uncaught exceptions; the test fails on any."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    page.errors = errors
    yield page
    context.close()
    assert not errors, errors


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path,name", [("/", "overview"), ("/search?q=president", "search"), ("/entities", "entities"),
                                       ("/events", "events")])
def test_pages_load(server, page, path, name):
    response = page.goto(server + path)
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("main h1").count() == 1
    if name == "events":
        page.wait_for_selector("[data-chart][data-drawn]", state="attached")
    shot(page, name)


def test_search_then_article(server, page):
    page.goto(server + "/")
    page.fill("header input[name=q]", "minister")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=minister*")
    assert page.locator(".results-list mark").count() > 0
    first = page.locator("a.result-title").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/article/**")
    assert page.locator("#article-title").inner_text() == title
    assert page.locator("#article-body .hl-entity").count() > 0
    shot(page, "article")


def test_entity_profile_chart(server, page):
    page.goto(server + "/entities?type=GPE")
    page.locator("table a.ent-link").first.click()
    page.wait_for_url("**/entity/**")
    page.wait_for_selector("[data-chart] svg rect.bar")
    assert page.locator("[data-chart] svg rect.bar").count() >= 1
    page.wait_for_selector("#network[data-nodes]", state="attached")  # its neighbourhood loaded
    shot(page, "entity")


def test_network_draws_nodes(server, page):
    page.goto(server + "/network")
    page.wait_for_selector("#network[data-nodes]", state="attached")
    nodes = int(page.locator("#network").get_attribute("data-nodes"))
    assert nodes > 0, page.locator(".net-status").inner_text()
    page.wait_for_timeout(1500)  # let the layout settle for the screenshot
    shot(page, "network")
    box = page.locator("#network canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)  # zoom must not throw
    page.wait_for_timeout(300)
    painted = page.evaluate("""() => { const c = document.querySelector('#network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""")
    assert painted > 500


def test_map_draws_markers(server, page):
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-markers]", state="attached")
    markers = int(page.locator("#map").get_attribute("data-markers"))
    assert markers > 0, page.locator(".map-status").inner_text()
    assert "country outlines" in page.locator(".map-status").inner_text()
    shot(page, "map")


def test_overview_has_its_chart_actors_and_places(server, page):
    page.goto(server + "/")
    page.wait_for_selector("[data-chart] svg rect.bar")
    data = page.request.get(server + "/api/overview").json()
    span = f"{data['first_day'][:4]}–{data['last_day'][:4]}"
    assert span in page.locator("main").inner_text()  # the corpus's own years, not its last week
    assert page.locator("#active-actors li").count() >= 5 and page.locator("#top-places li").count() >= 5
    stories = page.locator("#stories").inner_text()
    assert " 1 articles" not in stories and " 1 sources" not in stories
    shot(page, "overview")


def test_events_chart_axes_span_and_distinct_colours(server, page):
    page.goto(server + "/events")
    page.wait_for_selector("[data-chart] svg rect.bar")
    data = page.request.get(server + "/api/events").json()
    labels = page.locator("[data-chart] svg text.axis-label").all_text_contents()
    assert labels == [data["interval"], "events"]
    assert f"Events per {data['interval']}" in page.locator("figure.chart figcaption").inner_text()
    first_tick = page.locator("[data-chart] svg text.tick").nth(3).text_content()  # after the three y ticks
    assert first_tick[:4] == data["span"][0][:4]  # the axis starts with the corpus, not decades before
    swatches = page.locator("[data-chart] svg rect.legend-swatch")
    fills = [swatches.nth(i).get_attribute("fill") for i in range(swatches.count())]
    assert len(fills) >= 3 and len(set(fills)) == len(fills)
    page.set_viewport_size({"width": 1280, "height": 700})
    shot(page, "events")


def test_network_legend_labels_and_focus(server, page):
    page.goto(server + "/network")
    page.wait_for_selector("#network[data-labels]", state="attached")
    assert page.locator(".net-legend .swatch").count() >= 6
    boxes = json.loads(page.locator("#network").get_attribute("data-label-boxes"))
    assert len(boxes) >= 5
    for i, (x, y, w, h) in enumerate(boxes):  # no two names drawn over each other
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert not (x < x2 + w2 and x2 < x + w and y < y2 + h2 and y2 < y + h)
    data = page.request.get(server + "/api/network").json()
    assert "NORP" not in {n["type"] for n in data["nodes"]}
    busiest = max(data["nodes"], key=lambda n: n["article_count"])
    page.goto(server + "/network?entity=" + busiest["id"])
    page.wait_for_selector("#network[data-labels]", state="attached")
    page.wait_for_timeout(800)
    assert json.loads(page.locator("#network").get_attribute("data-labels"))[0] == busiest["id"]
    shot(page, "network-focus")


def test_map_legend_labels_and_tooltip(server, page):
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-labels]", state="attached")
    assert page.locator(".map-legend .swatch").count() == 3
    assert len(json.loads(page.locator("#map").get_attribute("data-labels"))) >= 5
    canvas = page.locator("#map canvas").bounding_box()
    spot = page.evaluate("""() => { const c = document.querySelector('#map canvas'), ctx = c.getContext('2d');
        const r = window.devicePixelRatio || 1, w = c.width / r, h = c.height / r;
        for (let y = 5; y < h; y += 3) for (let x = 5; x < w; x += 3) {
          const d = ctx.getImageData(x * r, y * r, 1, 1).data;
          if (d[0] < 40 && d[1] > 90 && d[1] < 140 && d[2] > 150) return [x, y]; }
        return null; }""")  # a blue place marker
    assert spot, "no place marker found"
    page.mouse.move(canvas["x"] + spot[0], canvas["y"] + spot[1])
    page.wait_for_selector(".map-tip:not([hidden])")
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(200)
    assert page.locator(".map-tip").is_hidden()  # the markers moved: the old tooltip is gone
