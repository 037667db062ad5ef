"""HTML page → Article, on small pages written here (offline, no shared data)."""

from __future__ import annotations

import json
import random

import pytest
from lxml import etree

from newsgraph.article import Origin
from newsgraph.errors import InputError
from newsgraph.extract import extract
from newsgraph.extract import html as html_module
from newsgraph.extract.body import (
    clean_blocks,
    drop_closing_promos,
    drop_link_rails,
    extract_body,
    paragraph_text_length,
)
from newsgraph.extract.html import extract_html, parse, prepare, prepare_utf8
from newsgraph.sources.base import RawDocument

PARAGRAPHS = [
    ("The city council voted on Tuesday to expand the northern tram line by six kilometres, "
    "a project that has been debated for more than a decade and will cost an estimated 240 million."),
    ("Supporters said the extension would cut commuting times for tens of thousands of residents "
    "in the fast-growing suburbs, while opponents warned about the disruption of construction."),
    ("The mayor told reporters after the vote that work would begin next spring and that the first "
    "trams should run on the new section within three years, barring legal challenges."),
    ("Local business owners along the planned route have asked for compensation during the works, "
    "and the council agreed to study a support fund before the end of the year."),
]
TITLE = "Council approves northern tram extension"


def page(body_extra: str = "", head_extra: str = "", paragraphs: list[str] | None = None) -> str:
    paras = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{TITLE} | The Daily Example</title>"
        f"<meta property='og:title' content='{TITLE}'>{head_extra}</head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav></header>"
        f"<main><article><h1>{TITLE}</h1>{paras}{body_extra}</article></main>"
        "<footer><p>About us - Contact - Privacy</p></footer></body></html>"
    )


def doc(content: bytes | str, **kwargs) -> RawDocument:
    return RawDocument(content, Origin("test.html"), kind="html", url=kwargs.pop("url", None), **kwargs)


def test_body_is_clean_paragraphs_without_headline_or_chrome() -> None:
    article = extract(doc(page(body_extra="<p>Advertisement</p><p>Share this article</p>")))
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == TITLE
    assert "Home" not in article.text and "Privacy" not in article.text


def test_trailing_rail_of_headline_links_is_dropped() -> None:
    rail = "".join(
        f"<li><a href='/story/{i}'>{headline}</a></li>"
        for i, headline in enumerate(
            ["Bus fares to rise in January", "New bridge opens after four years of work",
             "Cycling lanes planned for the old harbour"]
        )
    )
    article = extract(doc(page(body_extra=f"<ul>{rail}</ul>")))
    assert "Bus fares" not in article.text
    assert article.text.split("\n\n") == PARAGRAPHS


def test_lists_inside_the_article_keep_one_item_per_line() -> None:
    items = "<ul><li>Six new stops in the northern suburbs</li><li>Trams every seven minutes at peak hours</li>" \
            "<li>A park-and-ride site by the ring road</li></ul>"
    more = PARAGRAPHS[:2] + ["The plan includes the following changes for passengers:"]
    article = extract(doc(page(paragraphs=more, body_extra=items + f"<p>{PARAGRAPHS[2]}</p>")))
    blocks = article.text.split("\n\n")
    listing = next(b for b in blocks if "Six new stops" in b)
    assert listing.count("\n") == 2
    assert blocks[-1] == PARAGRAPHS[2]


def test_cp1251_page_without_declaration() -> None:
    russian = [
        ("Городской совет во вторник проголосовал за продление северной трамвайной линии на шесть "
        "километров, проект обсуждался более десяти лет."),
        ("Сторонники считают, что продление сократит время в пути для десятков тысяч жителей "
        "быстро растущих пригородов, а противники опасаются неудобств во время строительства."),
        ("Мэр сообщил журналистам, что работы начнутся следующей весной, а первые трамваи пойдут "
        "по новому участку в течение трёх лет."),
    ]
    html = page(paragraphs=russian).replace(TITLE, "Совет одобрил продление трамвая")
    article = extract(doc(html.encode("cp1251")))
    assert article.text.split("\n\n") == russian
    assert article.title == "Совет одобрил продление трамвая"


def test_shift_jis_page_declared_in_meta() -> None:
    japanese = [
        "市議会は火曜日、北部の路面電車路線を六キロ延長する計画を承認した。この計画は十年以上にわたり議論されてきた。",
        "支持者は、延長によって急成長する郊外に住む何万人もの住民の通勤時間が短縮されると述べた。",
        "市長は採決後、来年の春に工事が始まり、三年以内に新区間で最初の電車が走る見通しだと記者団に語った。",
    ]
    html = page(paragraphs=japanese, head_extra="<meta charset='Shift_JIS'>")
    article = extract(doc(html.encode("shift_jis")))
    assert article.text.split("\n\n") == japanese


def test_latin1_bytes_declared_as_utf8() -> None:
    french = [
        ("Le conseil municipal a voté mardi le prolongement de la ligne de tramway nord de six "
        "kilomètres, un projet débattu depuis plus de dix ans et estimé à 240 millions d'euros."),
        ("Les partisans affirment que le prolongement réduira les temps de trajet de dizaines de "
        "milliers d'habitants des banlieues en pleine croissance, tandis que les opposants redoutent le chantier."),
        ("Le maire a déclaré après le vote que les travaux commenceraient au printemps prochain et "
        "que les premières rames circuleraient d'ici trois ans, sauf recours en justice."),
    ]
    html = page(paragraphs=french, head_extra="<meta charset='utf-8'>")
    article = extract(doc(html.encode("latin-1")))
    assert article.text.split("\n\n") == french


def test_feed_metadata_fills_what_the_page_lacks() -> None:
    html = page().replace(f"<title>{TITLE} | The Daily Example</title>", "")
    html = html.replace(f"<meta property='og:title' content='{TITLE}'>", "").replace(f"<h1>{TITLE}</h1>", "")
    meta = {"title": "Tram line to grow by six kilometres", "published": "2024-05-07T09:00:00Z",
            "authors": ["A. Reporter"]}
    article = extract(doc(html, url="https://news.example.org/tram", meta=meta))
    assert article.title == meta["title"]
    assert article.published == meta["published"]
    assert article.authors == meta["authors"]
    assert article.source == "news.example.org"


def test_jsonld_article_body_when_the_page_is_an_empty_shell() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
          "articleBody": "\n".join(PARAGRAPHS)}
    shell = (f"<html><head><title>{TITLE}</title><script type='application/ld+json'>{json.dumps(ld)}</script>"
             "</head><body><div id='app'>Loading…</div></body></html>")
    article = extract(doc(shell))
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("content", [b"", b"   \n  ", "", "<html><body>  </body></html>"])
def test_empty_pages_give_empty_articles(content: bytes | str) -> None:
    article = extract_html(doc(content))
    assert article.text == ""


def test_binary_garbage_is_an_input_error() -> None:
    rng = random.Random(3)
    garbage = bytes(rng.randrange(256) for _ in range(50_000))
    with pytest.raises(InputError, match="binary content") as info:
        extract_html(doc(garbage))
    assert info.value.origin == "test.html"


def test_huge_page_of_scripts_is_stripped_before_parsing() -> None:
    junk = "<script>var x = '" + "a" * 1000 + "';</script>\n"
    html = page(head_extra=junk * 6000)  # ~6 MB of script
    assert len(html) > html_module.STRIP_ABOVE
    article = extract(doc(html))
    assert article.text.split("\n\n") == PARAGRAPHS


def test_oversized_page_is_a_clear_error_not_a_truncation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "PARSE_LIMIT", 20_000)
    filler = [f"Paragraph {i} of a very long page about the tram line and its many stops." for i in range(2000)]
    with pytest.raises(InputError) as info:
        extract(doc(page(paragraphs=PARAGRAPHS + filler)))
    assert "test.html" in str(info.value) and "too large" in info.value.reason


def test_the_shared_tree_is_not_modified() -> None:
    tree = parse(prepare(page(body_extra="<ul><li><a href='/x'>Bus fares to rise in January</a></li></ul>")))
    before = etree.tostring(tree)
    extract_body(tree, titles=[TITLE])
    assert etree.tostring(tree) == before


def test_block_rules() -> None:
    blocks = [("p", TITLE), ("p", PARAGRAPHS[0]), ("p", "https://news.example.org/tram"),
              ("p", "2019-11-19T08:57:40+01:00"), ("p", "Sign up for our newsletter"),
              ("p", "(Reporting by A. Reporter; editing by B. Editor)"), ("p", PARAGRAPHS[1])]
    assert clean_blocks(blocks, [TITLE]) == [("p", PARAGRAPHS[0]), ("p", PARAGRAPHS[1])]
    # a long paragraph that merely starts like a prompt is kept
    long_one = "Subscribe " + PARAGRAPHS[2]
    assert clean_blocks([("p", long_one)], []) == [("p", long_one)]
    rails = [("p", PARAGRAPHS[0]), ("list", "- Bus fares to rise in January\n- New bridge opens today")]
    anchors = {"bus fares to rise in january", "new bridge opens today"}
    assert drop_link_rails(rails, anchors) == rails[:1]


def test_header_lines_above_the_story_are_dropped_and_its_sentences_kept() -> None:
    # cause: the extractor kept the header block (headline, date, byline, reading time) whole,
    # so the headline was not recognised and the stamp lines stayed in the body
    header = f"{TITLE}\nUpdated: Tue., Nov. 19, 2019\nBy Ann Lee and Bo Chan\n4 min read"
    blocks = [("head", header), ("p", PARAGRAPHS[0]), ("p", "March 3, 2020"), ("p", PARAGRAPHS[1])]
    # below the first line of prose a date line is the story's (a timeline entry), not the stamp
    assert clean_blocks(blocks, [TITLE]) == [("p", PARAGRAPHS[0]), ("p", "March 3, 2020"), ("p", PARAGRAPHS[1])]
    dek = "A six-kilometre line for the northern suburbs"
    assert clean_blocks([("head", f"{TITLE}\n{dek}"), ("p", PARAGRAPHS[0])], [TITLE]) == [
        ("head", dek), ("p", PARAGRAPHS[0])]


def test_reprint_notices_and_closing_calls_to_action_are_dropped() -> None:
    notice = ("This copy is for your personal, non-commercial use only. Distribution and use of this material "
              "are governed by our Subscriber Agreement and by copyright law. For non-personal use or to order "
              "multiple copies, please contact the reprints desk or visit the reprints site.")
    assert clean_blocks([("p", notice), ("p", PARAGRAPHS[0])], []) == [("p", PARAGRAPHS[0])]
    story = [("p", PARAGRAPHS[0]), ("p", "Why the tram was late [Bloomberg]")]
    closing = [("p", "There's plenty more where that came from. Sign up for our free daily letter today."),
               ("p", '[button link="/submit" type="big"] Send us your story[/button]')]
    assert drop_closing_promos(story + closing) == story
    # only the last blocks: a story about newsletters keeps its own sentences
    middle = [("p", PARAGRAPHS[0]), ("p", "Readers can subscribe to the council's newsletter."), ("p", PARAGRAPHS[1])]
    assert drop_closing_promos(middle) == middle
    assert drop_closing_promos([("p", "Subscribe " + " ".join(PARAGRAPHS[:2]))]) != []


def test_characters_lxml_refuses_are_removed_and_clean_pages_pass_unchanged() -> None:
    assert prepare("a\x00b\ud800c\ufffed\x0ce\tf\n") == "abcde\tf\n"
    clean = page()
    assert prepare(clean) == clean


def test_the_utf8_markup_is_the_prepared_markup_and_parses_to_the_same_tree() -> None:
    """``prepare_utf8`` gives ``prepare``'s markup as UTF-8 (U+FFFE/U+FFFF found in the string),
    and the page parsed from it is the page parsed from the string, even when its markup still
    declares the charset its bytes had before decoding."""
    for markup in ("a\x00b\ud800c\ufffed\x0ce\uffff\tf\n", "Zürich \u4e2d\u6587 \uffef", page()):
        assert prepare_utf8(markup) == prepare(markup).encode("utf-8")
    latin = page(head_extra="<meta charset='iso-8859-1'>", paragraphs=["Der Gemeinderat von Zürich und Genève "
                                                                         "stimmte am Dienstag zu. " * 5])
    from_bytes, from_str = parse(prepare_utf8(latin)), parse(prepare(latin))
    assert etree.tostring(from_bytes, encoding=str) == etree.tostring(from_str, encoding=str)
    assert "Zürich und Genève" in from_bytes.findtext(".//p")
    article = extract(RawDocument(latin.encode("cp1252"), Origin("p.html"), kind="html"))
    assert "Zürich und Genève" in article.text


def test_one_tree_serves_every_reader_and_machine_parts_go_before_the_body() -> None:
    """Scripts, styles, SVG, <meta> and <link> are cut once, after the readers that need them:
    the JSON-LD date, the embed script and the canonical link are all still read."""
    head = ("<link rel='canonical' href='https://news.example/tram'>"
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-05"}</script>'
            "<style>p { color: red }</style>")
    extra = ("<svg><title>share icon</title><path d='M0'/></svg><script>var ads = 1;</script>"
             "<script async data-telegram-post='durov/43' src='https://telegram.org/js/w.js'></script>")
    article = extract(doc(page(body_extra=extra, head_extra=head)))
    assert article.published == "2024-03-05" and article.canonical_url == "https://news.example/tram"
    assert [e.url for e in article.embeds] == ["https://t.me/durov/43"]
    assert article.text.split("\n\n") == PARAGRAPHS


def test_dropping_machine_parts_keeps_json_ld_and_tails() -> None:
    tree = parse("<html><head><meta name='a' content='b'><script type='application/ld+json'>{}</script>"
                 "</head><body><p>one <svg><path/></svg>two<script>x=1</script> three</p></body></html>")
    html_module.drop_machine_parts(tree)
    assert tree.xpath("string(//p)") == "one two three"
    assert len(tree.xpath("//script")) == 1 and not tree.xpath("//meta | //svg")


def test_asides_and_footers_are_cut_after_being_measured_and_read() -> None:
    """The cut parts still count: a sponsor note in an aside is a disclosure, the aside's links are
    the page's links for the rail test, and the footer's text counts in the page's size."""
    tree = parse(page(body_extra="<aside class='sponsor-note'><p>Sponsored by Acme Tram Works</p>"
                                 "<a href='/a'>Bus fares to rise in January</a></aside>"))
    footer_text = paragraph_text_length(tree.find(".//footer"))
    measures = html_module.drop_machine_parts(tree)
    assert not tree.xpath("//aside | //footer")
    assert measures.paragraph_text == paragraph_text_length(tree) + footer_text + len(
        "Sponsored by Acme Tram Works")
    assert measures.cut_anchors() == {"bus fares to rise in january"}
    article = extract(doc(page(body_extra="<aside class='sponsor-note'><p>Sponsored by Acme Tram Works</p></aside>")))
    assert [(d.kind, d.principal) for d in article.disclosures] == [("sponsored", "Acme Tram Works")]
    assert article.text.split("\n\n") == PARAGRAPHS
