"""``Article.declared_title``: the title a page's metadata declares, as written, beside ``title``
(the visible headline), on pages written here; and the field's way through the store, its
migration and the exports."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from newsgraph.article import Article, Origin
from newsgraph.extract import extract
from newsgraph.extract.metadata import extract_metadata
from newsgraph.sources.base import RawDocument
from newsgraph.store import connect, open_store
from newsgraph.store.schema import MIGRATIONS, migrate

URL = "https://lakeside-courier.example/news/ferry-returns"


def page(head: str, body: str = "<h1>Ferry returns to the lake</h1><p>The ferry sailed again.</p>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def declared(html: str, url: str | None = URL) -> str | None:
    return extract_metadata(lxml.html.fromstring(html), url, html)["declared_title"]


#: every kind of declaration with what it declares, in the documented order
SOURCES = [
    (ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "From JSON-LD"}), "From JSON-LD"),
    ('<meta property="og:title" content="From og:title">', "From og:title"),
    ('<meta name="twitter:title" content="From twitter:title">', "From twitter:title"),
    ('<meta name="DC.title" content="From dc.title">', "From dc.title"),
    ('<meta name="citation_title" content="From citation_title">', "From citation_title"),
    ('<meta name="title" content="From meta title">', "From meta title"),
    ("<title>From the title element</title>", "From the title element"),
]
OG = SOURCES[1][0]


@pytest.mark.parametrize("dropped", range(len(SOURCES)))
def test_priority_order(dropped: int) -> None:
    """With the first ``dropped`` sources removed, the next one in the documented order wins,
    whatever order the page gives them in."""
    kept = SOURCES[dropped:]
    head = "".join(markup for markup, _ in reversed(kept))
    assert declared(page(head)) == kept[0][1]


def test_site_and_author_suffixes_are_kept_while_the_title_drops_them() -> None:
    html = page('<meta property="og:title" content="Ferry returns to the lake | Lakeside Courier">'
                '<meta property="og:site_name" content="Lakeside Courier">'
                "<title>Ferry returns to the lake | Lakeside Courier</title>")
    meta = extract_metadata(lxml.html.fromstring(html), URL, html)
    assert meta["declared_title"] == "Ferry returns to the lake | Lakeside Courier"
    assert meta["title"] == "Ferry returns to the lake"
    columnist = page(ld({"@type": "Article", "headline": "Why the ferry matters | Mira Olsen"}))
    assert declared(columnist) == "Why the ferry matters | Mira Olsen"


@pytest.mark.parametrize("kind", ["WebSite", "Organization", "NewsMediaOrganization", "BreadcrumbList",
                                  "Person", "WebPage", "ImageObject"])
def test_jsonld_that_does_not_describe_the_article_is_not_read(kind: str) -> None:
    html = page(ld({"@context": "https://schema.org", "@type": kind, "name": "Lakeside Courier",
                    "headline": "Lakeside Courier home"}) + OG)
    assert declared(html) == "From og:title"


def test_jsonld_article_in_a_graph_gives_its_headline_else_its_name() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Lakeside Courier"},
        {"@type": ["NewsArticle", "Thing"], "name": "Ferry (name)", "headline": "Ferry (headline)"}]}
    assert declared(page(ld(graph) + OG)) == "Ferry (headline)"
    named = {"@type": "BlogPosting", "name": "A blog post's name"}
    assert declared(page(ld(named) + OG)) == "A blog post's name"


def test_nothing_declared_gives_none_not_the_visible_headline() -> None:
    assert declared(page("", "<svg><title>Menu icon</title></svg><h1>Ferry returns</h1><p>Text.</p>")) is None
    html = page("")
    article = extract(RawDocument(content=html.encode(), origin=Origin("p.html"), kind="html", url=URL))
    assert article.title == "Ferry returns to the lake" and article.declared_title is None
    empty = page('<meta property="og:title" content="  "><title> </title>')
    assert declared(empty) is None


def test_a_feed_items_title_is_not_the_pages_declaration() -> None:
    """``doc.meta`` (a feed item, a JSONL record) may fill ``title`` when the page lacks one, but the
    declared title is what the page itself says."""
    html = page("", "<p>The ferry sailed again on Monday after a winter in the yard.</p>")
    doc = RawDocument(content=html.encode(), origin=Origin("feed#1"), kind="html", url=URL,
                      meta={"title": "Ferry back (feed)"})
    article = extract(doc)
    assert article.title == "Ferry back (feed)" and article.declared_title is None


def test_entities_are_decoded_and_whitespace_collapsed() -> None:
    jsonld = ld({"@type": "NewsArticle", "headline": "Rock &amp; roll&#8217;s\n\t return"})
    assert declared(page(jsonld)) == "Rock & roll\u2019s return"
    twice = page('<meta property="og:title" content="Fish &amp;amp; chips &amp;#8211;  a\n history">')
    assert declared(twice) == "Fish & chips \u2013 a history"
    assert declared(page("<title>\n  Caf&eacute;   reopens \n</title>")) == "Caf\u00e9 reopens"


def test_full_extraction_fills_the_field() -> None:
    html = page(OG + SOURCES[-1][0])
    article = extract(RawDocument(content=html.encode(), origin=Origin("p.html"), kind="html", url=URL))
    assert article.declared_title == "From og:title"
    assert Article.from_dict(json.loads(json.dumps(article.to_dict()))).declared_title == "From og:title"


# ---- store, migration, exports


def sample(n: int, declared_title: str | None) -> Article:
    return Article(url=f"https://lakeside-courier.example/{n}", source="Lakeside Courier", language="en",
                   title=f"Ferry story {n}", declared_title=declared_title, published="2025-04-01",
                   text=f"The ferry sailed again, story {n}.", origin=Origin(f"story-{n}.html"))


def write(store, articles: list[Article]) -> None:
    writer = store.writer()
    for a in articles:
        writer.add(a, a.origin.input, "hash-" + a.id, a.origin.input)
    writer.flush()
    writer.conn.close()


def test_round_trip_through_the_store(tmp_path: Path) -> None:
    stories = [sample(1, "Ferry story 1 | Lakeside Courier"), sample(2, None)]
    with open_store(tmp_path / "s.db") as store:
        write(store, stories)
        for original in stories:
            assert store.article(original.id).declared_title == original.declared_title
        rows = dict(store.conn.execute("SELECT id, declared_title FROM articles"))
    assert rows == {a.id: a.declared_title for a in stories}


def test_an_old_store_gains_the_column(tmp_path: Path) -> None:
    """A store made before migration 0014 opens, gains ``articles.declared_title`` (NULL for what it
    held: that JSON has no such field either) and stores it for new articles."""
    db = tmp_path / "old.db"
    names = [name for name, _ in MIGRATIONS]
    conn = connect(db)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, step in MIGRATIONS[: names.index("0014_declared_title")]:
        step(conn)
        conn.execute("INSERT INTO migrations VALUES (?, '')", (name,))
    old = sample(1, None)
    body = {k: v for k, v in old.to_dict().items() if k != "declared_title"}
    conn.execute("INSERT INTO articles(id, title, text, schema_version, ingested_at, json) VALUES (?,?,?,?,?,?)",
                 (old.id, old.title, old.text, 1, "2025-04-01", json.dumps(body)))
    conn.commit()
    conn.close()
    with open_store(db) as store:
        columns = [r[1] for r in store.conn.execute("PRAGMA table_info(articles)")]
        assert "declared_title" in columns
        assert store.article(old.id).declared_title is None
        new = sample(2, "Ferry story 2 - Lakeside Courier")
        write(store, [new])
        assert store.conn.execute("SELECT declared_title FROM articles WHERE id = ?", (new.id,)).fetchone()[0] \
            == "Ferry story 2 - Lakeside Courier"
    again = connect(db)
    assert migrate(again) == []
    again.close()


def test_parquet_and_csv_exports_carry_it(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from newsgraph.export.store import write_parquet
    from newsgraph.export.tables import write_csv

    story = sample(1, "Ferry story 1 | Lakeside Courier")
    with open_store(tmp_path / "s.db") as store:
        write(store, [story])
        write_parquet(store.conn, tmp_path / "parquet", None)
    table = pq.read_table(tmp_path / "parquet" / "articles.parquet")
    assert table.column("declared_title").to_pylist() == ["Ferry story 1 | Lakeside Courier"]
    write_csv([story], tmp_path / "csv")
    header, row = (tmp_path / "csv" / "articles.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert "declared_title" in header.split(",") and "Ferry story 1 | Lakeside Courier" in row


def test_an_inline_svg_icon_title_is_never_the_page_title() -> None:
    html = page("", '<header><svg role="img"><title>Menu</title><path d="M0 0h24"/></svg></header>'
                    "<h1>Ferry returns to the lake</h1><p>The ferry sailed again on Monday, the harbour "
                    "master said.</p>")
    article = extract(RawDocument(content=html.encode(), origin=Origin("p.html"), kind="html", url=URL))
    assert article.title == "Ferry returns to the lake"
    assert article.declared_title is None


def test_an_entity_in_a_json_ld_headline_is_decoded_in_the_title_too() -> None:
    html = page(ld({"@context": "https://schema.org", "@type": "NewsArticle",
                    "headline": "Harbour&#8217;s ferry returns to the lake"}),
                "<p>The ferry sailed again on Monday, the harbour master said.</p>")
    article = extract(RawDocument(content=html.encode(), origin=Origin("p.html"), kind="html", url=URL))
    assert article.title == "Harbour\u2019s ferry returns to the lake"
    assert article.declared_title == "Harbour\u2019s ferry returns to the lake"
