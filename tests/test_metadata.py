"""Metadata, dates, authors and captions on small pages written here."""

from __future__ import annotations

import json

import lxml.html
import pytest

from newsgraph.extract.authors import split_names
from newsgraph.extract.captions import extract_captions, split_credit
from newsgraph.extract.dates import find_published, parse_date, url_date
from newsgraph.extract.metadata import extract_metadata, guess_language, strip_site_name


def page(head: str = "", body: str = "", lang: str | None = None) -> lxml.html.HtmlElement:
    attr = f' lang="{lang}"' if lang else ""
    return lxml.html.fromstring(f"<!DOCTYPE html><html{attr}><head>{head}</head><body>{body}</body></html>")


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


ARTICLE_LD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebSite", "name": "Harbour Herald"},
        {
            "@type": "NewsArticle",
            "headline": "Port strike ends after three weeks",
            "datePublished": "2024-03-05T21:30:00-05:00",
            "dateModified": "2024-03-06T08:00:00-05:00",
            "author": [{"@type": "Person", "name": "Ana Lima"}, {"@type": "Organization", "name": "Harbour Herald"}],
            "publisher": {"@type": "NewsMediaOrganization", "name": "Harbour Herald"},
            "keywords": ["labour", "ports"],
            "image": {"@type": "ImageObject", "caption": "Dockers leave the gate", "creditText": "Lee Park"},
        },
    ],
}


def test_jsonld_graph_gives_title_authors_dates_source_and_tags() -> None:
    tree = page(
        ld(ARTICLE_LD) + '<title>Port strike ends after three weeks | Harbour Herald</title>'
        '<meta property="article:tag" content="Strikes">',
        "<h1>Port strike ends after three weeks</h1><p>text</p>",
        lang="en-GB",
    )
    meta = extract_metadata(tree, "https://harbourherald.example/news/strike", "")
    assert meta["title"] == "Port strike ends after three weeks"
    assert meta["authors"] == ["Ana Lima"]  # the organisation is not an author when a person is
    assert meta["published"] == "2024-03-05T21:30:00-05:00"  # the zone is kept, so is the local day
    assert meta["modified"] == "2024-03-06T08:00:00-05:00"
    assert meta["source"] == "Harbour Herald"
    assert meta["language"] == "en"
    assert meta["tags"] == ["Strikes", "labour", "ports"]
    assert meta["canonical_url"] == "https://harbourherald.example/news/strike"


def test_meta_tags_when_there_is_no_jsonld() -> None:
    tree = page(
        '<meta property="og:title" content="Rates held again - The Ledger">'
        '<meta property="og:site_name" content="The Ledger">'
        '<meta property="article:published_time" content="2023-11-02T10:15:00Z">'
        '<meta name="author" content="By Tom Reyes and Mia Chen, Staff Writers">'
        '<meta name="keywords" content="economy, rates , Economy">'
        '<meta property="og:locale" content="de_DE">'
        '<link rel="canonical" href="/a/rates">'
    )
    meta = extract_metadata(tree, "https://ledger.example/x?utm=1", "")
    assert meta["title"] == "Rates held again"
    assert meta["authors"] == ["Tom Reyes", "Mia Chen"]
    assert meta["published"] == "2023-11-02T10:15:00Z"
    assert meta["canonical_url"] == "https://ledger.example/a/rates"
    assert meta["language"] == "de"
    assert meta["tags"] == ["economy", "rates"]


def test_profile_url_in_article_author_is_not_a_name() -> None:
    tree = page(
        '<meta property="article:author" content="https://www.facebook.com/someone">',
        '<div class="byline">By <a rel="author" href="/p/jo">Jo Park</a> | Reuters</div>',
    )
    assert extract_metadata(tree, None, "")["authors"] == ["Jo Park"]


def test_source_falls_back_to_domain_and_language_to_text() -> None:
    text = "Der Bürgermeister hat am Montag die neue Brücke eröffnet, die für den Verkehr und die Stadt " * 3
    tree = page("<title>Neue Brücke</title>", f"<p>{text}</p>")
    meta = extract_metadata(tree, "https://www.stadtblatt.example/lokal/bruecke", "")
    assert meta["source"] == "stadtblatt.example"
    assert meta["language"] == "de"


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("by Kim Lee | Reuters", ["Kim Lee"]),
        ("Von Max Muster und Erika Beispiel", ["Max Muster", "Erika Beispiel"]),
        ("Jane Doe jane.doe@example.com March 4, 2024", ["Jane Doe"]),
        ("Alex Wong, Senior Correspondent; Sam Ortiz", ["Alex Wong", "Sam Ortiz"]),
        ("Posted by admin", []),
    ],
)
def test_byline_strings_become_clean_names(raw: str, names: list[str]) -> None:
    assert split_names(raw) == names


@pytest.mark.parametrize(
    ("title", "site", "url", "clean"),
    [
        ("Storm hits coast - The Guardian", "The Guardian", None, "Storm hits coast"),
        ("CNN | Markets fall on rate fears", None, "https://edition.cnn.com/a", "Markets fall on rate fears"),
        ("Markets fall on rate fears | Business", None, None, "Markets fall on rate fears"),
        ("Review: a quiet film - and a loud one", None, None, "Review: a quiet film - and a loud one"),
    ],
)
def test_site_name_suffix_is_stripped(title: str, site: str | None, url: str | None, clean: str) -> None:
    assert strip_site_name(title, site, url) == clean


@pytest.mark.parametrize(
    ("head", "body", "url", "title"),
    [
        # the logo is the first h1, and the "| Site" segment of <title> agrees with it
        ("<title>Ferry timetable changes for winter | Harbour Herald</title>"
         + "<meta property='og:site_name' content='Harbour Herald'>",
         "<h1>Harbour Herald</h1><h2>Ferry timetable changes for winter</h2>", None,
         "Ferry timetable changes for winter"),
        # no og:site_name: the host names the site ("quietgardens" = "Quiet Gardens")
        ("<meta property='og:title' content='Pruning roses before the frost — Quiet Gardens'>",
         "<h1>Quiet Gardens</h1><p>Text.</p>", "https://www.quietgardens.org/blog/roses",
         "Pruning roses before the frost"),
        # the shown headline agrees with og:title, site name and all: the name goes...
        ("<meta property='og:title' content='Bus lanes open on Main Street | Harbour Herald'>"
         + "<meta property='og:site_name' content='Harbour Herald'>",
         "<h1>Bus lanes open on Main Street | Harbour Herald</h1>", None, "Bus lanes open on Main Street"),
        # ...but a short segment that names no site is part of what the reader sees
        ("<meta property='og:title' content='Winter Light · The Harbour Paintings'>",
         "<h1>Winter Light · The Harbour Paintings</h1>", "https://quietgardens.org/a", "Winter Light · The Harbour Paintings"),
        # a page whose only title is the site's name keeps it
        ("<title>Harbour Herald</title><meta property='og:site_name' content='Harbour Herald'>",
         "<h1>Harbour Herald</h1>", None, "Harbour Herald"),
    ],
)
def test_the_site_name_is_not_the_title_when_the_page_declares_another(
        head: str, body: str, url: str | None, title: str) -> None:
    assert extract_metadata(page(head, body), url)["title"] == title


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2021-07-04", "2021-07-04"),
        ("2021-07-04T09:05:00+0200", "2021-07-04T09:05:00+02:00"),
        ("2021-07-04T09:05:00.000Z", "2021-07-04T09:05:00Z"),
        ("20210704", "2021-07-04"),
        ("04.07.2021", "2021-07-04"),
        ("July 4, 2021", "2021-07-04"),
        ("Sun, 04 Jul 2021 09:05:00 GMT", "2021-07-04T09:05:00Z"),
        ("not a date", None),
        ("2021-13-45", None),
        ("1850-01-02", None),
    ],
)
def test_parse_date(raw: str, iso: str | None) -> None:
    assert parse_date(raw) == iso


def test_url_date() -> None:
    assert url_date("https://news.example/2019/03/12/story") == "2019-03-12"
    assert url_date("https://news.example/2019-03-12-story.html") == "2019-03-12"
    assert url_date("https://news.example/story-123456") is None


def test_published_prefers_article_over_video_and_url_over_a_utc_stamp() -> None:
    video = {"@type": "VideoObject", "uploadDate": "2018-02-23"}
    art = {"@type": "NewsArticle", "datePublished": "2020-10-13T20:48:33Z"}
    tree = page(ld(video) + ld(art))
    assert find_published(tree, "", None, fallback=False) == "2020-10-13T20:48:33Z"
    late = page(ld({"@type": "NewsArticle", "datePublished": "2020-02-18T02:18:11Z"}))
    assert find_published(late, "", "https://x.example/2020/02/17/story", fallback=False) == "2020-02-17"


def test_utc_stamp_gives_way_to_the_same_instant_in_local_time() -> None:
    tree = page(
        ld({"@type": "NewsArticle", "datePublished": "2019-10-18T22:04:00Z"})
        + '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">'
    )
    assert find_published(tree, "", None, fallback=False) == "2019-10-19T00:04:00+02:00"


def test_many_teaser_times_are_not_the_publication() -> None:
    teasers = "".join(f'<time datetime="2019-09-{d:02d}" pubdate>x</time>' for d in (10, 11, 12))
    assert find_published(page("", teasers), "", None, fallback=False) is None
    one = page("", '<p class="published"><time datetime="2019-09-10T08:00:00">x</time></p>')
    assert find_published(one, "", None, fallback=False) == "2019-09-10T08:00:00"


def test_a_one_digit_seconds_field_keeps_the_zone() -> None:
    # cause: "23:15:0Z" lost its "Z", so the stamp read as local time and the day was wrong
    assert parse_date("2020-12-05T23:15:0Z") == "2020-12-05T23:15:00Z"


def test_utc_stamp_is_read_in_the_zone_of_a_single_zone_country() -> None:
    # cause: a story stamped late evening UTC came out after midnight where it was published
    stamp = ld({"@type": "NewsArticle", "datePublished": "2020-12-05T23:15:00Z"})
    assert find_published(page(stamp), "", "https://giornale.example.it/news/1", fallback=False) == (
        "2020-12-06T00:15:00+01:00"
    )
    # several zones (.com, .us, .au) or a URL that already names the day: left as written
    assert find_published(page(stamp), "", "https://paper.example.com/news/1", fallback=False) == (
        "2020-12-05T23:15:00Z"
    )
    assert find_published(page(stamp), "", "https://x.example.it/2020/12/05/news", fallback=False) == (
        "2020-12-05T23:15:00Z"
    )


def test_unmarked_time_elements_that_agree_on_one_day_give_it() -> None:
    # cause: a page whose only stamps are <time> elements without a "published" class (or with
    # the date only in their text) fell through to a text search that found another day
    body = '<p>Kommentar</p><time class="meta__label" datetime="2022-01-21">21.01.2022 - 13:30</time>'
    assert find_published(page("", body), "", None, fallback=False) == "2022-01-21"
    text_only = '<time class="field">31.03.2020</time><div><time>31.03.2020</time></div>'
    assert find_published(page("", text_only), "", None, fallback=False) == "2020-03-31"
    comments = '<time datetime="2020-09-22">a</time><time datetime="2020-09-26">b</time>'
    assert find_published(page("", comments), "", None, fallback=False) is None


def test_find_published_leaves_the_tree_untouched() -> None:
    tree = page("<title>t</title>", "<p>Published on 3 May 2021</p><script>var a=1;</script>")
    before = lxml.html.tostring(tree)
    find_published(tree, "", None)
    assert lxml.html.tostring(tree) == before


def test_captions_with_credits() -> None:
    body = (
        "<figure><img src=a.jpg><figcaption>Crowds gather on Monday. (AP Photo/Jane Doe)</figcaption></figure>"
        '<figure><img src=b.jpg><figcaption>The minister arrives <span class="credit">Photo: Jo Roe</span>'
        "</figcaption></figure>"
        '<div class="wp-caption"><p class="wp-caption-text">The harbour at dawn / Source: Port Office</p></div>'
        "<figure><figcaption>Advertisement</figcaption></figure>"
        "<figure><figcaption>Smoke over the city <small>© Max Muster</small></figcaption></figure>"
        "<figure><figcaption>Crowds gather on Monday. (AP Photo/Jane Doe)</figcaption></figure>"
    )
    caps = [(c.text, c.credit) for c in extract_captions(page("", body))]
    assert caps == [
        ("Crowds gather on Monday.", "AP Photo/Jane Doe"),
        ("The minister arrives", "Jo Roe"),
        ("Smoke over the city", "© Max Muster"),
        ("The harbour at dawn", "Port Office"),
    ]


def test_jsonld_image_caption() -> None:
    caps = extract_captions(page(ld(ARTICLE_LD)))
    assert [(c.text, c.credit) for c in caps] == [("Dockers leave the gate", "Lee Park")]


def test_split_credit_leaves_plain_captions_alone() -> None:
    assert split_credit("A plain caption about a photo") == ("A plain caption about a photo", None)
    assert split_credit("Flooded streets. Credit: City Council") == ("Flooded streets.", "Credit: City Council")


def test_broken_jsonld_and_empty_pages_do_not_crash() -> None:
    tree = page('<script type="application/ld+json">{"@type": "NewsArticle", </script>', "")
    meta = extract_metadata(tree, None, "")
    assert meta["title"] is None and meta["authors"] == [] and meta["tags"] == []
    assert extract_captions(tree) == []


def test_guess_language_needs_enough_text() -> None:
    assert guess_language("the cat") is None
    assert guess_language("The council said that the plan was on track and that it is for the people " * 3) == "en"


def test_teaser_cards_are_not_captions() -> None:
    body = (
        '<figure><img src=a.jpg><figcaption>Flood water in the old town. Photograph: Ana Ruiz/AFP</figcaption></figure>'
        '<a href="/other-story"><figure><img src=t.jpg><figcaption><h5>Another story entirely</h5>'
        "</figcaption></figure></a>"
        '<p class="caption"><a href="/more">Read more about the floods here</a></p>'
    )
    caps = [(c.text, c.credit) for c in extract_captions(page("", body))]
    assert caps == [("Flood water in the old town.", "Ana Ruiz/AFP")]


def test_signals_hold_the_class_and_id_values_the_class_readers_share() -> None:
    from newsgraph.extract.signals import collect

    tree = page("", '<div id="main" class="story"><p class="wp-caption-text">Dockers leave the gate</p>'
                    '<span class="byline">By Ana Lima</span></div>')
    assert collect(tree).labels == ["main", "story", "wp-caption-text", "byline"]
    assert [c.text for c in extract_captions(tree)] == ["Dockers leave the gate"]
    assert extract_metadata(tree, None)["authors"] == ["Ana Lima"]


def test_a_labelled_date_in_the_text_beats_a_bare_meta_date() -> None:
    # cause: a bare <meta name="date"> (the day the page was rebuilt) won over the date the
    # page tells its readers under a "published" label
    head = '<meta name="date" content="2021-10-15">'
    german = page(head, "<h1>Neue Präsidentin</h1><span>Erschienen am:</span> <h2>13.10.2021</h2><p>Text.</p>")
    assert find_published(german, "", None, fallback=False) == "2021-10-13"
    french = page(head, "<h1>Titre</h1><p>Publié le 9 juin 2019</p><p>Texte.</p>")
    assert find_published(french, "", None, fallback=False) == "2019-06-09"
    english = page(head, "<p>Posted on March 3, 2020 by Ann</p>")
    assert find_published(english, "", None, fallback=False) == "2020-03-03"
    # labels naming several days are teasers of other stories: the meta date stands
    teasers = page(head, "<p>Published: 1 May 2021</p><p>Published: 2 May 2021</p>")
    assert find_published(teasers, "", None, fallback=False) == "2021-10-15"
    # a label whose date is not written right after it (or is in a script) is not read
    loose = page(head, "<p>Published by the city council in 2019, on 3 May 2020.</p>"
                       "<script>var x = 'published: 2020-01-01';</script>")
    assert find_published(loose, "", None, fallback=False) == "2021-10-15"


def test_the_date_beside_the_byline_beats_comment_and_teaser_dates() -> None:
    # cause: with no date in the markup, htmldate's text search took a comment's stamp
    byline = ('<div class="meta">Par <span class="vcard author"><a href="/a/lc">Loïc Clerc</a></span>'
              " | 30 septembre 2018</div>")
    comments = '<div class="comments"><abbr class="date" title="2018-09-11T10:57:27Z">11 septembre 2018</abbr></div>'
    tree = page("", f"<h1>Titre</h1>{byline}<p>{'Texte. ' * 80}</p>{comments}")
    assert find_published(tree, "", None, fallback=False) == "2018-09-30"
    assert find_published(tree, "", None) == "2018-09-30"
    # a capitalised class word is the same byline; a long box is body text, not a byline line
    caps = page("", '<ul class="Infoline"><li class="Author">Von Moritz W.</li><li>29.04.2020, 12:01 Uhr</li></ul>')
    assert find_published(caps, "", None, fallback=False) == "2020-04-29"
    long_box = page("", f'<div><span class="author">Ann</span> {"words " * 80} 3 May 2020</div>')
    assert find_published(long_box, "", None, fallback=False) is None
