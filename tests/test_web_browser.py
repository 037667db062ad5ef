"""The web app in a real browser: Playwright driving Debian's chromium against uvicorn on a free
localhost port, over a store ingested from the whole ``../shared/data/corpus/wikinews`` corpus plus
``examples/``. Each page loads without console errors; a search leads to an article; an entity
profile draws its chart; the network draws nodes; the map draws markers. Screenshots go to
``benchmarks/screenshots/`` (git-ignored) for review.

Never downloads a browser: chromium comes from Debian (installed here with apt-get when missing
and running as root), else the tests skip and say why.
"""

from __future__ import annotations

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
