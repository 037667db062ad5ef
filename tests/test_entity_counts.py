"""One entity per referent across a stored corpus (issue 12): articles analysed by the pipeline from
text written here are stored, and the entity page, the search facet and the events filter then
count the same articles and events for the same person, however each article named him."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph import ingest
from newsgraph.api import analyze
from newsgraph.export.jsonl import write_jsonl
from newsgraph.store import open_store
from newsgraph.web import queries as web_queries

TEXTS = [
    ("https://a.example/1", "2025-01-06",
     ("US President Barack Obama met Vice President Joe Biden in Washington on Monday. Obama said the talks "
      "were useful.")),
    ("https://b.example/2", "2025-01-07", "Barack Obama criticized Russia on Tuesday. Officials said more would follow."),
    ("https://c.example/3", "2025-01-08", "US President Obama met Prime Minister Justin Trudeau in Ottawa on Wednesday."),
    ("https://d.example/4", "2025-01-09", "Apple Inc. sued Samsung on Thursday. Apple said the phones copied its design."),
    ("https://e.example/5", "2025-01-10", "Apple released a new phone in Cupertino on Friday."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("counts")
    articles = []
    for url, day, text in TEXTS:
        article = analyze(text, url=url)
        article.published = f"{day}T09:00:00+00:00"
        articles.append(article)
    write_jsonl(articles, tmp / "articles.jsonl")
    ingest([tmp / "articles.jsonl"], db=tmp / "store.db", workers=0)
    return tmp / "store.db"


def test_every_form_of_a_name_is_one_node(db: Path) -> None:
    with open_store(db) as store:
        nodes = {r[0] for r in store.conn.execute(
            "SELECT DISTINCT graph_id FROM entities WHERE name LIKE '%Obama%'")}
        assert len(nodes) == 1
        apple = {r[0] for r in store.conn.execute("SELECT DISTINCT graph_id FROM entities WHERE name LIKE 'Apple%'")}
        assert len(apple) == 1  # "Apple Inc." (with its alias "Apple") and "Apple" alone next day


def test_entity_page_facet_and_events_filter_agree(db: Path) -> None:
    with open_store(db) as store:
        page = store.entity("Obama")
        assert page is not None and page["name"] == "Barack Obama" and page["article_count"] == 3
        assert store.entity("Barack Obama")["id"] == page["id"]
        facet = web_queries.search(store.conn, None, {})["facets"]["entity"]
        assert {f["value"]: f["count"] for f in facet}[page["id"]] == 3
        as_actor = store.events(actor="Obama")
        assert len({e["article_id"] for e in as_actor}) == 3
        assert store.events(actor="Barack Obama") == as_actor
        assert len(page["events"]) == len(as_actor) + len(store.events(recipient="Obama"))
        assert sum(r["articles"] for r in page["counts"]) == 3
        stored = store.conn.execute("SELECT count(DISTINCT article_id) FROM entities WHERE graph_id = ?",
                                    (page["id"],)).fetchone()[0]
        assert stored == 3


def test_on_the_wikinews_corpus_page_facet_and_events_agree(shared_dir: Path, tmp_path: Path) -> None:
    """The same check over real news: 40 wikinews articles stored, and for each of the most cited
    people and organisations the entity page, the search facet, the stored rows and the events
    filters give the same counts."""
    corpus = shared_dir / "data" / "corpus" / "wikinews" / "articles.jsonl"
    if not corpus.is_file():
        pytest.skip(f"{corpus} is absent (shared evaluation data)")
    part = tmp_path / "wikinews-40.jsonl"
    with corpus.open(encoding="utf-8") as source:
        part.write_text("".join(line for _, line in zip(range(40), source)), encoding="utf-8")
    db = tmp_path / "store.db"
    ingest([part], db=db, workers=0)
    with open_store(db) as store:
        top = [r[0] for r in store.conn.execute(
            "SELECT id FROM graph_entities WHERE type IN ('PERSON', 'ORG') ORDER BY article_count DESC, id LIMIT 8")]
        assert len(top) == 8
        facet = {f["value"]: f["count"] for f in web_queries.search(store.conn, None, {})["facets"]["entity"]}
        for gid in top:
            page = store.entity(gid)
            stored = store.conn.execute("SELECT count(DISTINCT article_id) FROM entities WHERE graph_id = ?",
                                        (gid,)).fetchone()[0]
            assert page["article_count"] == stored == sum(r["articles"] for r in page["counts"]), page["name"]
            if gid in facet:
                assert facet[gid] == stored, page["name"]
            roles = store.events(actor=gid, limit=1000) + store.events(recipient=gid, limit=1000)
            assert len(page["events"]) == len({(e["article_id"], e["id"]) for e in roles}), page["name"]
