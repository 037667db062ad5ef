"""Acceptance: every item of the "Article fields" part of the worked example's expected.md.

The page and its expectations live in ``../shared/examples`` and are read at run time, never
copied here. The values below are what that file states in prose; the code under test holds no
string from the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.article import Origin
from newsgraph.extract.text import extract_text
from newsgraph.sources.base import RawDocument

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGE = SHARED / "examples" / "bne-vucic-rutte-dinner.txt"
EXPECTED = SHARED / "examples" / "bne-vucic-rutte-dinner.expected.md"


@pytest.fixture(scope="module")
def article():
    if not PAGE.is_file() or not EXPECTED.is_file():
        pytest.skip(f"shared example absent: {PAGE} not found")
    doc = RawDocument(PAGE.read_bytes(), Origin(str(PAGE), kind="file"), kind="text")
    return extract_text(doc)


@pytest.fixture(scope="module")
def expected() -> str:
    if not EXPECTED.is_file():
        pytest.skip(f"shared example absent: {EXPECTED} not found")
    text = EXPECTED.read_text(encoding="utf-8")
    return text.split("## Article fields", 1)[1].split("\n## ", 1)[0]


def _item(expected: str, key: str) -> str:
    match = re.search(rf"^- {key}:(.*?)(?=^- |\Z)", expected, re.MULTILINE | re.DOTALL)
    assert match, f"expected.md has no '{key}' item"
    return " ".join(match.group(1).split())


def test_title(article, expected):
    title, chrome = re.findall(r'"([^"]+)"', _item(expected, "title"))[:2]
    assert article.title == title
    assert not article.text.startswith(chrome)
    assert chrome not in article.title


def test_caption_and_credit(article, expected):
    item = _item(expected, "caption")
    text, credit = re.findall(r'"([^"]+)"', item)[:2]
    assert [(c.text, c.credit) for c in article.captions] == [(text, credit)]


def test_authors_dateline_published(article, expected):
    item = _item(expected, "authors")
    authors = re.findall(r'"([^"]+)"', item.split(";")[0])
    place, date = re.search(r"dateline: place (\w+), date (\d{4}-\d{2}-\d{2})", item).groups()
    published = re.search(r"published (\d{4}-\d{2}-\d{2})", item).group(1)
    assert article.authors == authors
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.date) == (place, date)
    assert article.published == published


def test_body_start_end_and_joined_paragraph(article, expected):
    item = _item(expected, "text")
    quoted = re.findall(r'"([^"]+)"', item)
    start, end = quoted[0].rstrip("…"), quoted[1].lstrip("…")
    broken_first, broken_second = quoted[2], quoted[3].rstrip("…")
    assert article.text.startswith(start)
    assert article.text.endswith(end)
    joined = f"{broken_first} {broken_second}"
    assert joined in article.text
    assert all(joined in p or broken_first not in p for p in article.text.split("\n\n"))
    # Nothing that is not body: no chrome, caption, byline, hashtag, notice or post.
    assert "#" not in article.text
    assert article.captions[0].text not in article.text
    assert article.disclosures[0].text not in article.text
    assert article.embeds[0].text not in article.text


def test_tags(article, expected):
    tags = [t.strip() for t in _item(expected, "tags").split("(")[0].split(",")]
    assert article.tags == tags


def test_disclosure(article, expected):
    item = _item(expected, "disclosure")
    kind = re.search(r"kind (\w+)", item).group(1)
    agent, principal = re.findall(r'"([^"]+)"', item)[:2]
    assert [(d.kind, d.agent, d.principal) for d in article.disclosures] == [(kind, agent, principal)]


def test_embed(article, expected):
    item = _item(expected, "embed")
    author, handle = re.findall(r'"([^"]+)"', item)[:2]
    mention = re.findall(r'"([^"]+)"', item)[-1]
    day, clock = re.search(r"posted (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})", item).groups()
    views = int(re.search(r"views ([\d,]+)", item).group(1).replace(",", ""))
    assert len(article.embeds) == 1
    embed = article.embeds[0]
    assert "X" in item and embed.platform == "x"
    assert (embed.author, embed.handle) == (author, handle)
    assert embed.posted == f"{day}T{clock}"  # zone unknown: no offset invented
    assert embed.metrics.get("views") == views
    assert embed.mentions == [mention]
    # Its text is a stretch of the page (markdown link leftovers undone), and not body text.
    page = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", PAGE.read_text(encoding="utf-8")).split())
    assert embed.text and len(embed.text) > 40 and embed.text in page
    assert mention in embed.text
    assert embed.text not in article.text
