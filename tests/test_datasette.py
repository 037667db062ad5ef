"""The store in Datasette (installed from PyPI, run in process): its search box finds articles
through the FTS5 table, and `newsgraph export datasette-metadata` describes every table."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.article import Article
from newsgraph.cli import main
from newsgraph.export.datasette import TABLES, store_tables
from newsgraph.store import open_store

datasette_app = pytest.importorskip("datasette.app", reason="datasette not installed (pip install -e '.[test]')")

ARTICLES = [
    Article(url="https://x.example/ferry", title="Ferry operators sign a winter safety pact",
            text="Tallinn and Helsinki ferry operators signed a pact on Tuesday.", source="Baltic Wire"),
    Article(url="https://x.example/tram", title="Council approves tram line",
            text="Ghent council voted for the tram extension.", source="Scheldt Courier"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "news.db"
    with open_store(path) as store:
        writer = store.writer()
        for article in ARTICLES:
            writer.add(article, article.url, article.id, article.url)
        writer.flush()
        writer.conn.close()
    return path


def _get(db: Path, url: str, metadata: dict | None = None) -> dict:
    async def fetch() -> dict:
        ds = datasette_app.Datasette([str(db)], metadata=metadata)
        response = await ds.client.get(url)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_datasette_finds_the_fts_table_and_searches_articles(db: Path) -> None:
    info = _get(db, "/news/articles.json?_search=ferry&_shape=objects")  # no metadata: found by itself
    assert "articles_fts match" in info["query"]["sql"]
    assert [row["title"] for row in info["rows"]] == ["Ferry operators sign a winter safety pact"]


def test_metadata_describes_every_table_and_datasette_reads_it(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "metadata.json"
    result = CliRunner().invoke(main, ["export", "datasette-metadata", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        names = store_tables(store.conn)
    assert {"gdelt_events", "gdelt_gkg", "articles"} <= set(names)
    assert [n for n in names if n not in TABLES] == []  # a new table needs its description
    metadata = json.loads(out.read_text(encoding="utf-8"))
    tables = metadata["databases"]["news"]["tables"]
    assert all(tables[n]["description"] for n in names)
    page = _get(db, "/news/articles.json?_search=tram&_facet=source&_shape=objects", metadata)
    assert [row["title"] for row in page["rows"]] == ["Council approves tram line"]
    assert page["facet_results"]  # the facet the metadata offers
    served = _get(db, "/-/metadata.json", metadata)
    assert served["databases"]["news"]["tables"]["articles"]["description"].startswith("One row per article")
