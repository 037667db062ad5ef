"""The web app in process (FastAPI TestClient): every page and API route on a small store built
from a few ``examples/`` files plus one hostile article, the escaping of article content, the
Content-Security-Policy, static-file traversal, 404s, read-only access, and schemathesis against
the OpenAPI description (no server error)."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")  # starlette prefers httpx2; httpx works
from fastapi.testclient import TestClient

from newsgraph.article import Article, Entity, Mention, Quote, Speaker
from newsgraph.ingest import ingest
from newsgraph.store import open_store
from newsgraph.web import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLE = ("northgate-eu-sixteenth-sanctions.html", "meridian-nato-hague-summit.html",
          "northgate-un-general-assembly-ukraine-vote.html", "fiction-fara-adriatic-trade-mission.html")
XSS_TITLE = '<script>alert("title")</script> Harbour council <b>votes</b>'
XSS_DECLARED = "<svg onload=alert(5)> Harbour council votes | Bad <i>Outlet</i>"
XSS_BODY = ('Mayor Ilse Brandt said "<img src=x onerror=alert(1)> is not a plan" on Monday. '
            "The council in Ghent then voted 31-4. <script>document.title='pwned'</script> Ends.")


def hostile_article() -> Article:
    """Markup in every field a page shows, and annotations whose labels and names carry markup."""
    img = XSS_BODY.index("<img")
    quote_end = XSS_BODY.index(" is not a plan") + len(" is not a plan")
    ghent = XSS_BODY.index("Ghent")
    return Article(
        url="javascript:alert(3)", source="Bad <i>Outlet</i>", language="en", title=XSS_TITLE,
        declared_title=XSS_DECLARED,
        published="2025-03-03", text=XSS_BODY, tags=["<svg onload=alert(4)>"],
        mentions=[Mention(6, 17, "Ilse Brandt", "PERSON", "e1"), Mention(ghent, ghent + 5, "Ghent", "GPE", "e2"),
                  Mention(img, img + 4, "<img", 'PERSON" onmouseover="x', "e3")],
        entities=[Entity("e1", "Ilse Brandt", "PERSON", mentions=1),
                  Entity("e2", "Ghent", "GPE", country="BEL", lat=51.05, lon=3.72, mentions=1),
                  Entity("e3", "<img src=x onerror=alert(2)>", "PERSON", mentions=1)],
        quotes=[Quote(img, quote_end, XSS_BODY[img:quote_end], Speaker("<b>Ilse</b>", "e1"), "said")])


def build_store(path: Path, files: tuple[str, ...] = SAMPLE) -> Article:
    """Ingest ``files`` from examples/ into ``path`` in this process and add the hostile article."""
    result = ingest([str(EXAMPLES / name) for name in files], path, workers=0)
    assert result.failed == 0, result.to_dict()
    bad = hostile_article()
    with open_store(path) as store:
        writer = store.writer()
        writer.add(bad, "hostile#1", "0" * 64, "hostile")
        writer.flush()
        writer.conn.close()
    return bad


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, Article]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    bad = build_store(path)
    return path, bad


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store[0]), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def ids(client) -> dict[str, str]:
    """One real article, entity and place id from the store, found through the API."""
    hit = client.get("/api/search", params={"q": "sanctions"}).json()["results"][0]
    top = client.get("/api/entities", params={"type": "GPE"}).json()[0]
    return {"article": hit["id"], "entity": top["id"], "entity_name": top["name"]}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def assert_no_active_markup(html: str) -> None:
    """No event-handler attribute, no javascript: link, every script external or a JSON block."""
    tags = parse(html)
    for tag, attrs in tags.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src"):
            assert not (attrs.get(key) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/") or attrs.get("type") == "application/json", attrs
    assert tags.tags[0][0] == "html" or any(t == "html" for t, _ in tags.tags)


PAGES = ["/", "/search", "/search?q=NATO", "/search?q=sanctions&page=1", "/entities", "/entities?type=PERSON",
         "/events", "/events?chart=quad", "/network", "/map", "/watch"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert_no_active_markup(r.text)


def test_article_and_entity_pages(client, ids):
    page = client.get(f"/article/{ids['article']}")
    assert page.status_code == 200
    article = client.get(f"/api/articles/{ids['article']}").json()
    # the declared title is shown under the headline only when it says something else
    differs = bool(article["declared_title"]) and article["declared_title"] != article["title"]
    assert ('id="declared-title"' in page.text) == differs
    assert 'class="entity-' in page.text or 'hl-entity' in page.text  # annotations highlighted
    assert "/entity/" in page.text
    assert_no_active_markup(page.text)
    profile = client.get(f"/entity/{ids['entity']}")
    assert profile.status_code == 200 and ids["entity_name"] in profile.text
    assert 'data-chart="mentions-chart"' in profile.text
    assert_no_active_markup(profile.text)


def test_search_api_facets_and_pages(client):
    data = client.get("/api/search", params={"q": "sanctions", "per_page": 1}).json()
    assert data["total"] >= 1 and len(data["results"]) == 1
    assert set(data["facets"]) == {"source", "language", "entity", "event_type"}
    first = data["results"][0]
    assert first["snippet"] and "\ue000" in first["snippet"]  # the match is marked for <mark>
    source = data["facets"]["source"][0]["value"]
    narrowed = client.get("/api/search", params={"q": "sanctions", "source": source}).json()
    assert narrowed["total"] == data["facets"]["source"][0]["count"]  # facets count what the filter finds
    assert all(r["source"] == source for r in narrowed["results"])
    nothing = client.get("/api/search", params={"q": "sanctions", "since": "2999-01-01"}).json()
    assert nothing["total"] == 0 and nothing["results"] == []
    everything = client.get("/api/search", params={"per_page": 2, "page": 2}).json()
    assert everything["total"] == 5 and len(everything["results"]) == 2  # 4 examples + the hostile one


def test_search_page_marks_matches(client):
    page = client.get("/search", params={"q": "sanctions"}).text
    assert "<mark>" in page and "\ue000" not in page


@pytest.mark.parametrize("q", ['"unbalanced', "U.S.", "a" * 200, "EU's \"top"])
def test_search_accepts_pasted_text(client, q):
    assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/search", params={"q": q}).status_code == 200


@pytest.mark.parametrize("q", ["AND OR (", "*", "NEAR(", "-", "a\x00b"])
def test_search_says_what_is_wrong_with_broken_syntax(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 422 and r.json()["code"] == "E218", r.text
    assert client.get("/search", params={"q": q}).status_code == 422


def test_events_api_filters(client):
    data = client.get("/api/events").json()
    assert data["total"] >= 1 and data["results"]
    kind = data["results"][0]["type"]
    typed = client.get("/api/events", params={"type": kind}).json()
    assert typed["total"] >= 1 and all(ev["type"] == kind for ev in typed["results"])
    assert {row["type"] for row in typed["timeline"]} == {kind}
    actor = next((ev["actors"][0] for ev in data["results"] if ev["actors"] and ev["actors"][0]["id"]), None)
    if actor:
        mine = client.get("/api/events", params={"actor": actor["id"]}).json()
        assert mine["total"] >= 1 and all(actor["id"] in [a["id"] for a in ev["actors"]] for ev in mine["results"])
    assert client.get("/api/events", params={"since": "2999-01-01"}).json()["total"] == 0


def test_events_chart_by_quad_class(client):
    by_type = client.get("/api/events").json()["timeline"]
    by_quad = client.get("/api/events", params={"chart": "quad"}).json()["timeline"]
    assert sum(r["count"] for r in by_type) == sum(r["count"] for r in by_quad) > 0
    assert all(r["type"][0] in "1234" or r["type"] == "no quad class" for r in by_quad)


def test_entity_api(client, ids):
    data = client.get(f"/api/entities/{ids['entity']}").json()
    assert data["id"] == ids["entity"] and data["chart"]
    assert sum(row["count"] for row in data["chart"]) == data["article_count"]
    by_name = client.get(f"/api/entities/{ids['entity_name']}").json()
    assert by_name["id"] == ids["entity"]


def test_network_and_map_api(client):
    net = client.get("/api/network").json()
    ids = {n["id"] for n in net["nodes"]}
    assert net["nodes"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    people = client.get("/api/network", params={"type": "PERSON"}).json()
    assert all(n["type"] == "PERSON" for n in people["nodes"])
    events_only = client.get("/api/network", params={"kind": "event"}).json()
    assert all(e["kind"] == "event" for e in events_only["edges"])
    places = client.get("/api/places").json()
    assert places and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)
    assert any(p["name"] == "Ghent" for p in places)
    world = client.get("/api/countries").json()
    assert world["type"] == "FeatureCollection" and len(world["features"]) > 150


def test_network_matches_the_store_query(client, store):
    """The web's faster network plan gives the store's edges over the same article window."""
    from newsgraph.store.queries import network as store_network

    ours = client.get("/api/network", params={"window": 2000}).json()
    conn = client.app.state.store.conn()
    theirs = store_network(conn, None, None, None, 150, 2000)

    def key(edge):
        return (edge["source"], edge["target"], edge["kind"], edge["weight"])

    assert sorted(map(key, ours["edges"])) == sorted(map(key, theirs["edges"]))
    assert ours["articles"] == theirs["articles"]


@pytest.mark.parametrize("fmt", ["jsonl", "gkg", "events", "plover", "graphml"])
def test_export_downloads(client, fmt):
    r = client.get(f"/api/export/{fmt}", params={"q": "sanctions"})
    assert r.status_code == 200 and r.content
    assert r.headers["content-disposition"].startswith("attachment; filename=\"newsgraph-export.")
    if fmt == "jsonl":
        import json

        hits = client.get("/api/search", params={"q": "sanctions"}).json()["results"]
        exported = [Article.from_dict(json.loads(line)) for line in r.text.splitlines()]
        assert [a.id for a in exported] == [h["id"] for h in hits]


def test_jsonl_download_has_the_values_newsgraph_export_writes(client, store):
    """The JSONL download is the stored records themselves: the same JSON values, line for line,
    as ``export("jsonl")`` writes from the Articles."""
    import io
    import json
    import sqlite3

    from newsgraph.export import export

    lines = client.get("/api/export/jsonl", params={"limit": 200}).text.splitlines()
    with sqlite3.connect(store[0]) as conn:
        stored = dict(conn.execute("SELECT id, json FROM articles"))
    conn.close()
    ids = [json.loads(line)["id"] for line in lines]
    assert sorted(ids) == sorted(stored)
    out = io.StringIO()
    export("jsonl", [Article.from_dict(json.loads(stored[i])) for i in ids], out)
    assert [json.loads(line) for line in lines] == [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("path", ["/api/export/csv", "/api/export/..%2f..%2fetc%2fpasswd", "/api/export/jsonl?limit=100000"])
def test_export_rejects_unknown_formats(client, path):
    r = client.get(path)
    assert r.status_code in (404, 422) and "root:" not in r.text


@pytest.mark.parametrize("path", ["/api/overview", "/api/stats", "/api/quotes", "/api/timeline?interval=month",
                                  "/api/entities?type=PERSON", "/openapi.json"])
def test_other_api_routes(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")


def test_overview_counts(client, store):
    data = client.get("/api/overview").json()
    assert data["counts"]["articles"] == 5
    with sqlite3.connect(store[0]) as conn:
        assert data["counts"]["events"] == conn.execute("SELECT count(*) FROM events").fetchone()[0]


def test_hostile_article_is_shown_as_text(client, store):
    bad = store[1]
    page = client.get(f"/article/{bad.id}")
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>votes" not in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html or "&lt;script&gt;alert(&quot;title&quot;)" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'id="declared-title"' in html and "&lt;svg onload=alert(5)&gt; Harbour council votes" in html
    assert "document.title=" not in html or "&lt;script&gt;document.title=" in html
    assert_no_active_markup(html)
    assert 'onmouseover="x' not in html  # a label with quotes cannot open an attribute
    assert 'href="javascript:' not in html
    for path in ("/", "/search?q=harbour", "/search?q=onerror", "/entities?name=Ilse%20Brandt"):
        other = client.get(path).text
        assert "<script>alert" not in other and "<img src=x" not in other, path
        assert_no_active_markup(other)
    hit = client.get("/search", params={"q": "onerror"}).text
    assert "&lt;img src=x" in hit


def test_csp_and_headers(client, ids):
    for path in ("/", f"/article/{ids['article']}", "/api/overview", "/static/app.css", "/nope"):
        r = client.get(path)
        csp = r.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'self'" in csp, path
        assert r.headers.get("x-content-type-options") == "nosniff"


@pytest.mark.parametrize("path", ["/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fcli.py",
                                  "/static/..%5capp.py", "/static/%2fetc%2fpasswd", "/static//etc/passwd",
                                  "/static/....//app.py"])
def test_static_traversal(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "def create_app" not in r.text and "root:" not in r.text


def test_static_files_served(client):
    for name in ("app.css", "charts.js", "network.js", "map.js"):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and len(r.content) > 500, name


@pytest.mark.parametrize("path", ["/article/0000000000000000", "/entity/no-such-entity-xyz", "/api/articles/nope",
                                  "/api/entities/no-such-entity-xyz", "/no/such/page"])
def test_unknown_ids_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404


@pytest.mark.parametrize("path", ["/api/search?page=0", "/api/search?per_page=1000", "/api/events?since=2024-01-01-extra",
                                  "/api/timeline?interval=hour", "/api/network?kind=bogus", "/search?page=-1"])
def test_bad_parameters_are_client_errors(client, path):
    assert client.get(path).status_code == 422


def test_store_is_never_written(store, client, ids):
    path = store[0]
    client.get("/api/network")  # the store's network query uses a TEMP table: in memory, not the file
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for url in ("/", "/search?q=NATO", f"/article/{ids['article']}", f"/entity/{ids['entity']}", "/api/network",
                "/events", "/api/places"):
        assert client.get(url).status_code == 200
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    conn = client.app.state.store.conn()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("CREATE TABLE intruder (x)")


def test_loopback_app_refuses_other_hosts(store):
    """Bound to loopback, the app answers only loopback Host headers (no DNS rebinding)."""
    app = create_app(store[0], allowed_hosts=["127.0.0.1", "localhost"])
    local = TestClient(app, base_url="http://127.0.0.1:8000")
    assert local.get("/api/overview").status_code == 200
    foreign = TestClient(app, base_url="http://attacker.example")
    assert foreign.get("/api/overview").status_code == 400


def test_serve_command(store):
    from click.testing import CliRunner

    from newsgraph.cli import main

    help_text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "127.0.0.1" in help_text
    missing = CliRunner().invoke(main, ["serve", "--db", str(store[0].parent / "absent.db")])
    assert missing.exit_code != 0 and "no store" in missing.output
    garbage = store[0].parent / "garbage.db"
    garbage.write_text("not a database", encoding="utf-8")
    refused = CliRunner().invoke(main, ["serve", "--db", str(garbage)])
    assert refused.exit_code != 0 and "not a newsgraph store" in refused.output
    old = store[0].parent / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        conn.execute("INSERT INTO migrations VALUES ('0001_initial', 'then')")
    refused = CliRunner().invoke(main, ["serve", "--db", str(old)])
    assert refused.exit_code != 0 and "needs the migrations" in refused.output


# -- schemathesis: generated requests against the OpenAPI description, no server error --------------------
schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings


def test_api_never_fails_with_a_server_error(client):
    """Every operation of /openapi.json, a dozen generated requests each (bounded, derandomized)."""
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")

        check()
    assert not failures, failures[:5]


# -- highlighting from offsets ---------------------------------------------------------------------------
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.web import highlight


def _text_of(html: str) -> str:
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]*>", "", html))


@given(st.text(alphabet=st.sampled_from("ab <>&\"'\n"), max_size=40),
       st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["entity", "quote", "trigger"])),
                max_size=6))
@settings(max_examples=60, deadline=None, derandomize=True, database=None)
def test_highlight_keeps_the_text_and_escapes_it(text, spans):
    marks = [highlight.Mark(a, b, kind, "x", '"t<', "/entity/a\"b") for a, b, kind in spans if a < b <= len(text)]
    html = highlight.render(text, marks)
    assert _text_of(html) == text  # every character once, in order, whatever the overlaps
    assert "<" not in re.sub(r"</?(span|a)\b[^>]*>", "", html)  # no markup but our own spans and links


def test_highlight_overlaps_nest_classes():
    text = 'She said "Paris agreed" today.'
    q0, q1 = text.index('"'), text.rindex('"') + 1
    p0 = text.index("Paris")
    marks = [highlight.Mark(q0, q1, "quote", "direct", "quote"),
             highlight.Mark(p0, p0 + 5, "entity", "gpe", "GPE: Paris", "/entity/g1"),
             highlight.Mark(text.index("agreed"), text.index("agreed") + 6, "trigger", "agree", "event AGREE",
                            anchor="ev-e1")]
    html = highlight.render(text, marks)
    assert '<a class="entity-gpe hl-entity hl-quote quote-direct"' in html and 'href="/entity/g1">Paris</a>' in html
    assert 'id="ev-e1">agreed</span>' in html and "hl-trigger" in html
