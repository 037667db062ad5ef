"""Export writers: each format written, then read back with a plain parser and checked field by field."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newsgraph.article import (
    Amount,
    Article,
    Caption,
    Count,
    Dateline,
    Disclosure,
    Embed,
    Entity,
    Event,
    Mention,
    Origin,
    Participant,
    Quote,
    Span,
    Speaker,
    TimeExpr,
    TimeValue,
)
from newsgraph.errors import InputError
from newsgraph.export import export
from newsgraph.export.gdelt_events import COLUMNS as EVENT_COLUMNS
from newsgraph.export.gdelt_events import read_events
from newsgraph.export.gkg import COLUMNS, parse_field, read_gkg
from newsgraph.export.jsonl import is_article_record, read_jsonl, write_jsonl
from newsgraph.graph import build

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

TEXT = ('Belgrade – President Ana Petrovic met the head of Acme & Sons <Ltd> in Belgrade on 4 March 2025. '
        '"We will build the plant here," Petrovic said.')


def rich_article(url: str = "https://one.example/a", source: str = "One Wire") -> Article:
    """An article with every record type filled, offsets pointing into its own text."""
    start = TEXT.index('"We') + 1
    quote_end = TEXT.index('," Petrovic')
    ents = [
        Entity("p1", "Ana Petrovic", "PERSON", country="SRB", sector="GOV", title="President", mentions=2),
        Entity("o1", "Acme & Sons <Ltd>", "ORG", sector="BUS", mentions=1),
        Entity("g1", "Belgrade", "GPE", kb={"geonames": "792680", "wikidata": "Q3711"}, country="SRB",
               lat=44.804, lon=20.4651, admin1="SE", mentions=2),
        Entity("c1", "Serbia", "GPE", kb={"newsgraph": "country:SRB", "wikidata": "Q403"}, country="SRB",
               lat=44.0, lon=21.0, mentions=0),
    ]
    mentions = [Mention(TEXT.index("Ana"), TEXT.index("Ana") + 12, "Ana Petrovic", "PERSON", "p1"),
                Mention(TEXT.index("Acme"), TEXT.index("Acme") + 17, "Acme & Sons <Ltd>", "ORG", "o1"),
                Mention(0, 8, "Belgrade", "GPE", "g1"),
                Mention(TEXT.index("in Belgrade") + 3, TEXT.index("in Belgrade") + 11, "Belgrade", "GPE", "g1"),
                Mention(TEXT.rindex("Petrovic"), TEXT.rindex("Petrovic") + 8, "Petrovic", "PERSON", "p1")]
    meeting = Event("v1", "CONSULT", Span(0, TEXT.index('"'), TEXT[:TEXT.index('"')]), Span(35, 38, "met"),
                    cameo="040", quad_class=1, score=1.0, place="g1", date=TimeValue("2025-03-04", "day"),
                    actors=[Participant("President Ana Petrovic", "p1", "SRB", "GOV")],
                    recipients=[Participant("the head of Acme & Sons <Ltd>", "o1", None, "BUS")], confidence=0.7)
    return Article(
        url=url, source=source, language="en", title="Plant\tdeal in Belgrade", authors=["Mila Jovic"],
        published="2025-03-04T10:15:00+01:00", dateline=Dateline("Belgrade", None, "Belgrade –"), text=TEXT,
        captions=[Caption("The plant site", "Photo: Wire")], tags=["industry"],
        embeds=[Embed("youtube", "https://youtube.example/v/1", metrics={"views": 10}),
                Embed("instagram", "https://instagram.example/p/2", hashtags=["plant"])],
        disclosures=[Disclosure("sponsored", "Paid content", agent="Acme")], mentions=mentions, entities=ents,
        quotes=[Quote(start, quote_end, TEXT[start:quote_end], Speaker("Petrovic", "p1"), "said")],
        events=[meeting], dates=[TimeExpr(TEXT.index("4 March"), TEXT.index("4 March") + 12, "4 March 2025",
                                          "2025-03-04", "day"),
                                 TimeExpr(0, 0, "2024", "2024", "year")],
        tone=-1.25, origin=Origin("pages/a.html", None, "file", "2025-03-05T00:00:00Z"))


def syndicated_pair() -> list[Article]:
    return [rich_article(), rich_article("https://two.example/b", "Two Daily")]


def test_gkg_tone_has_its_six_scores_and_the_word_count() -> None:
    """The codebook's V1.5TONE: tone, positive, negative, polarity, activity and self/group
    reference densities (percentages of all words), then the word count."""
    from newsgraph.export.gkg import tone_fields
    from newsgraph.language.tone import tone

    text = "We love peace but we hate war."  # + love, peace; - hate, war; pronouns We, we
    hate = text.index("hate")
    article = Article(url="https://x.example/t", title="t", text=text, tone=tone(text),
                      events=[Event("v1", "REJECT", Span(0, len(text), text), Span(hate, hate + 4, "hate"))])
    assert tone_fields(article) == ["0.0000", "28.5714", "28.5714", "57.1429", "14.2857", "28.5714", "7"]
    german = dataclasses.replace(article, language="de", tone=None)
    assert tone_fields(german) == ["", "", "", "", "", "", "7"]  # undefined, not neutral


# -- JSONL ----------------------------------------------------------------------------------------
def test_jsonl_round_trip_is_lossless(tmp_path: Path) -> None:
    articles = syndicated_pair()
    path = tmp_path / "out.jsonl"
    assert write_jsonl(articles, path) == 2
    back = list(read_jsonl(path))
    assert [a.to_dict() for a in back] == [a.to_dict() for a in articles]
    assert all(isinstance(a.entities[2].lat, float) and isinstance(a.quotes[0].speaker, Speaker) for a in back)


def test_jsonl_reader_tells_records_from_articles(tmp_path: Path) -> None:
    assert is_article_record(rich_article().to_dict())
    assert not is_article_record({"id": "1", "title": "t", "text": "scraped", "url": "https://x.example"})
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(rich_article().to_dict()) + "\n{not json\n" + json.dumps({"text": "scraped"}) + "\n",
                    encoding="utf-8")
    items = list(read_jsonl(path))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError) and items[1].origin.endswith("#line 2")
    assert isinstance(items[2], InputError) and "not a newsgraph Article" in items[2].reason


# -- GKG ------------------------------------------------------------------------------------------
def test_gkg_written_then_parsed_back_column_by_column(tmp_path: Path) -> None:
    path = tmp_path / "out.gkg.csv"
    assert export("gkg", syndicated_pair(), path) == 2
    raw = path.read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 27 for line in raw)
    row = read_gkg(path)[0]
    assert list(row) == list(COLUMNS) and len(COLUMNS) == 27
    assert row["GKGRECORDID"] == "20250304091500-1" and row["V2.1DATE"] == "20250304091500"  # UTC
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "1" and row["V2SOURCECOMMONNAME"] == "One Wire"
    assert row["V2DOCUMENTIDENTIFIER"] == "https://one.example/a"
    for empty in ("V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V2.1SHARINGIMAGE",
                  "V2.1RELATEDIMAGES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO"):  # this article has none
        assert row[empty] == ""
    belgrade, serbia = parse_field("V1LOCATIONS", row["V1LOCATIONS"])
    assert belgrade == ["4", "Belgrade, Serbia", "RI", "RISE", "44.8040", "20.4651", "792680"]  # FIPS codes
    assert serbia[:4] == ["1", "Serbia", "RI", "RI"]
    enhanced = parse_field("V2ENHANCEDLOCATIONS", row["V2ENHANCEDLOCATIONS"])
    assert enhanced[0][4] == "" and enhanced[0][-1] == "0" and enhanced[1][-1] == ""  # ADM2, offsets
    assert parse_field("V1PERSONS", row["V1PERSONS"]) == ["Ana Petrovic"]
    persons = parse_field("V2ENHANCEDPERSONS", row["V2ENHANCEDPERSONS"])
    assert persons == [("Ana Petrovic", TEXT.index("Ana")), ("Ana Petrovic", TEXT.rindex("Petrovic"))]
    assert parse_field("V1ORGANIZATIONS", row["V1ORGANIZATIONS"]) == ["Acme & Sons <Ltd>"]
    assert parse_field("V2ENHANCEDORGANIZATIONS", row["V2ENHANCEDORGANIZATIONS"]) == [
        ("Acme & Sons <Ltd>", TEXT.index("Acme"))]
    tone = parse_field("V1.5TONE", row["V1.5TONE"])
    assert tone["tone"] == "-1.2500" and tone["word_count"] == "25"  # "–" and "&" are no words
    assert tone["activity_density"] == "4.0000"  # "met": 1 trigger word of 25
    assert tone["self_density"] == "4.0000"  # "We": 1 pronoun of 25
    assert parse_field("V2.1ENHANCEDDATES", row["V2.1ENHANCEDDATES"]) == [
        (4, 3, 4, 2025, TEXT.index("4 March")), (1, 0, 0, 2024, 0)]
    assert parse_field("V2GCAM", row["V2GCAM"]) == {"wc": tone["word_count"]}
    assert parse_field("V2.1SOCIALIMAGEEMBEDS", row["V2.1SOCIALIMAGEEMBEDS"]) == ["https://instagram.example/p/2"]
    assert parse_field("V2.1SOCIALVIDEOEMBEDS", row["V2.1SOCIALVIDEOEMBEDS"]) == ["https://youtube.example/v/1"]
    ((offset, length, verb, quote),) = parse_field("V2.1QUOTATIONS", row["V2.1QUOTATIONS"])
    assert TEXT[int(offset):int(offset) + int(length)] == "We will build the plant here"
    assert (verb, quote) == ("said", "We will build the plant here")
    names = parse_field("V2.1ALLNAMES", row["V2.1ALLNAMES"])
    assert ("Belgrade", 0) in names and len(names) == 5
    extras = parse_field("V2EXTRASXML", row["V2EXTRASXML"])
    assert extras["PAGE_TITLE"] == "Plant deal in Belgrade" and extras["PAGE_AUTHORS"] == "Mila Jovic"
    assert read_gkg(path)[1]["GKGRECORDID"].endswith("-2")


def test_gkg_counts_amounts_and_themes(tmp_path: Path) -> None:
    text = "At least 107 people were killed in Belgrade. The bailout is worth US$30 billion."
    first = Span(0, text.index(" The"), text[:text.index(" The")])
    second = Span(text.index("The"), len(text), text[text.index("The"):])
    article = dataclasses.replace(
        rich_article(), text=text, quotes=[], events=[], dates=[], mentions=[],
        counts=[Count("KILL", 107, "people", first, "g1"), Count("ARREST", 3, None, second)],
        amounts=[Amount(30e9, "US$", second), Amount(107, "people", first)], themes=["BANKRUPTCY", "TERROR"])
    path = tmp_path / "out.gkg"
    export("gkg", [article], path)
    (row,) = read_gkg(path)
    kill, arrest = parse_field("V1COUNTS", row["V1COUNTS"])
    assert kill == ["KILL", "107", "people", "4", "Belgrade, Serbia", "RI", "RISE", "44.8040", "20.4651", "792680"]
    assert arrest == ["ARREST", "3", "", "", "", "", "", "", "", ""]  # no place: empty location fields
    v2 = parse_field("V2.1COUNTS", row["V2.1COUNTS"])
    assert [block[:-1] for block in v2] == [kill, arrest] and [block[-1] for block in v2] == ["0", str(second.start)]
    assert parse_field("V2.1AMOUNTS", row["V2.1AMOUNTS"]) == [("30000000000", "US$", str(second.start)),
                                                              ("107", "people", "0")]
    assert parse_field("V1THEMES", row["V1THEMES"]) == ["BANKRUPTCY", "TERROR"]
    # offsets of the body's matches of the article's own themes ("TERROR" is in no match here)
    assert parse_field("V2ENHANCEDTHEMES", row["V2ENHANCEDTHEMES"]) == [("BANKRUPTCY", str(text.index("bailout")))]


def test_gkg_reader_rejects_a_row_with_the_wrong_number_of_fields(tmp_path: Path) -> None:
    path = tmp_path / "bad.gkg"
    path.write_text("a\tb\tc\n", encoding="utf-8")
    with pytest.raises(ValueError, match="3 fields, expected 27"):
        read_gkg(path)


# -- GDELT events, PLOVER -------------------------------------------------------------------------
def test_gdelt_events_count_syndicated_copies_as_one_event_with_two_sources(tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    assert export("events", syndicated_pair(), path) == 1
    (row,) = read_events(path)
    assert len(row) == len(EVENT_COLUMNS) == 61
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("2", "2", "2")
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20250304", "202503", "2025")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("040", "040", "04", "1")
    assert row["Actor1Name"] == "Ana Petrovic" and row["Actor1Code"] == "SRBGOV" and row["Actor1CountryCode"] == "SRB"
    assert row["Actor2Name"] == "Acme & Sons <Ltd>" and row["Actor2Type1Code"] == "BUS"
    assert row["ActionGeo_FullName"] == "Belgrade, Serbia" and row["ActionGeo_CountryCode"] == "RI"
    assert row["ActionGeo_Lat"] == "44.8040" and row["IsRootEvent"] == "1" and row["AvgTone"] == "-1.25"
    assert row["SOURCEURL"] == "https://one.example/a" and row["DATEADDED"] == "20250304091500"
    assert row["GoldsteinScale"] == ""  # no mention carries Event.goldstein


def test_gdelt_events_full_codes_goldstein_and_action_geo_fallbacks(tmp_path: Path) -> None:
    articles = syndicated_pair()
    for article in articles:
        (event,) = article.events
        event.cameo, event.goldstein, event.place = "0411", 1.0, None  # the place named without "in"
        event.actors[0].code = "SRBGOVHOS"
    path = tmp_path / "events.tsv"
    export("events", articles, path)
    (row,) = read_events(path)
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("0411", "041", "04")
    assert row["Actor1Code"] == "SRBGOVHOS" and row["Actor2Code"] == "BUS"  # full code, else country + sector
    assert row["GoldsteinScale"] == "1.0" and row["AvgTone"] == "-1.25"
    assert row["ActionGeo_FullName"] == "Belgrade, Serbia"  # the sentence's place
    for article in articles:
        article.mentions = [m for m in article.mentions if m.label != "GPE"]
    export("events", articles, path)
    (row,) = read_events(path)
    assert row["ActionGeo_FullName"] == "Belgrade, Serbia"  # the dateline's place
    for article in articles:
        article.dateline = None
    export("events", articles, path)
    assert read_events(path)[0]["ActionGeo_FullName"] == ""


def test_plover_json_records(tmp_path: Path) -> None:
    path = tmp_path / "plover.json"
    assert export("plover", syndicated_pair(), path) == 1
    (record,) = json.loads(path.read_text(encoding="utf-8"))
    assert record["event_type"] == "CONSULT" and record["event_date"] == "2025-03-04" and record["quad_code"] == 1
    assert record["actor_name"] == "Ana Petrovic" and record["actor_country"] == "SRB" and record["actor_sector"] == "GOV"
    assert record["recipient_name"] == "Acme & Sons <Ltd>" and record["recipient_sector"] == "BUS"
    assert record["location"]["placename"] == "Belgrade" and record["location"]["geonames_id"] == "792680"
    assert record["event_text"].startswith("Belgrade – President Ana Petrovic met")
    assert (record["num_sources"], record["num_articles"]) == (2, 2)
    assert {m["source"] for m in record["mentions"]} == {"One Wire", "Two Daily"}


# -- GraphML, CSV ---------------------------------------------------------------------------------
def test_graphml_parses_with_etree(tmp_path: Path) -> None:
    articles = syndicated_pair()
    graph = build(articles)
    path = tmp_path / "network.graphml"
    edges = export("graphml", articles, path, graph)
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}

    def attrs(element: ET.Element) -> dict[str, str]:
        return {keys[d.get("key")]: d.text or "" for d in element.iter(f"{GRAPHML}data")}

    nodes = {n.get("id"): attrs(n) for n in root.iter(f"{GRAPHML}node")}
    assert set(nodes) == set(graph.entities.nodes)
    names = {a["name"] for a in nodes.values()}
    assert {"Ana Petrovic", "Acme & Sons <Ltd>", "Belgrade", "Serbia"} == names  # escaped and read back
    all_edges = [(e.get("source"), e.get("target"), attrs(e)) for e in root.iter(f"{GRAPHML}edge")]
    assert len(all_edges) == edges
    (event_edge,) = [e for e in all_edges if e[2]["kind"] == "event"]
    assert nodes[event_edge[0]]["name"] == "Ana Petrovic" and nodes[event_edge[1]]["name"] == "Acme & Sons <Ltd>"
    assert event_edge[2]["event_type"] == "CONSULT" and event_edge[2]["sources"] == "2"
    cooccurrence = [e for e in all_edges if e[2]["kind"] == "cooccurrence"]
    assert len(cooccurrence) == 6 and {e[2]["weight"] for e in cooccurrence} == {"2"}  # 4 entities, 2 articles


def test_graphml_in_networkx_has_labels_and_names_nodes_by_a_name(tmp_path: Path) -> None:
    """Gephi and yEd show a node's ``label``; a node linked to the KB by a currency marker as
    often as by its name ("US$ 7 bn" beside "American") is still named by the name."""
    nx = pytest.importorskip("networkx")
    usa = {"newsgraph": "norp:USA"}
    articles = []
    for i, surface in enumerate(["US$", "US$", "US$", "American", "American"]):
        text = f"{surface} buyers spent a lot, story {i}."
        articles.append(Article(url=f"https://x.example/{i}", title=f"t{i}", text=text, entities=[
            Entity("n1", surface, "NORP", country="USA", kb=usa, mentions=1)],
            mentions=[Mention(0, len(surface), surface, "NORP", "n1")]))
    path = tmp_path / "network.graphml"
    export("graphml", articles, path)
    graph = nx.read_graphml(path)
    assert all(data.get("label") for _, data in graph.nodes(data=True))
    assert [data["label"] for _, data in graph.nodes(data=True)] == ["American"]


def test_csv_one_file_per_record_type(tmp_path: Path) -> None:
    other = Article(url="https://three.example/c", title="Rain", text="Another story entirely, about rain.",
                    counts=[Count("DISPLACED", 300, "people", Span(0, 7, "Another"))],
                    amounts=[Amount(300, "people", Span(0, 7, "Another"))], themes=["NATURAL_DISASTER"])
    articles = [*syndicated_pair(), other]
    rows = export("csv", articles, tmp_path / "csv")
    tables = {p.stem: list(csv.DictReader(p.open(encoding="utf-8"))) for p in (tmp_path / "csv").glob("*.csv")}
    assert sum(len(t) for t in tables.values()) == rows
    assert len(tables["articles"]) == 3 and len(tables["events"]) == 2 and len(tables["aggregated_events"]) == 1
    assert tables["aggregated_events"][0]["num_sources"] == "2"
    assert [(r["kind"], r["number"], r["object"]) for r in tables["counts"]] == [("DISPLACED", "300", "people")]
    assert [r["theme"] for r in tables["themes"]] == ["NATURAL_DISASTER"] and len(tables["amounts"]) == 1
    assert [r["article_id"] for r in tables["duplicate_groups"]] == [articles[0].id, articles[1].id]
    assert len({r["story_id"] for r in tables["articles"]}) == 2
    assert len(tables["entities"]) == 4 and {r["node_id"] for r in tables["article_entities"]} == {
        r["id"] for r in tables["entities"]}


def test_unknown_format_and_stream_targets() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export("xlsx", [rich_article()], io.StringIO())
    buffer = io.StringIO()
    assert export("jsonl", [rich_article()], buffer) == 1 and buffer.getvalue().count("\n") == 1


# -- the real pipeline ----------------------------------------------------------------------------
def test_exports_of_analysed_examples_with_a_syndicated_copy(tmp_path: Path) -> None:
    from newsgraph import analyze

    page = EXAMPLES / "northgate-eu-sixteenth-sanctions.html"
    if not page.exists():
        pytest.skip(f"example page absent: {page}")
    original = analyze(page)
    copy = dataclasses.replace(original, id="", url="https://copy.example/eu-sanctions", canonical_url=None,
                               source="Copy Daily")
    graph = build([original, copy])
    assert len(graph.duplicates.groups) == 1 and original.events
    assert all(agg.num_sources == 2 and agg.num_independent == 1 for agg in graph.events.events.values())
    export("jsonl", [original, copy], tmp_path / "a.jsonl")
    assert [a.to_dict() for a in read_jsonl(tmp_path / "a.jsonl")] == [original.to_dict(), copy.to_dict()]
    export("gkg", [original, copy], tmp_path / "a.gkg")
    rows = read_gkg(tmp_path / "a.gkg")
    persons = parse_field("V2ENHANCEDPERSONS", rows[0]["V2ENHANCEDPERSONS"])
    people = {e.id: e.name for e in original.entities if e.type == "PERSON"}
    assert persons == [(people[m.entity_id], m.start) for m in original.mentions
                       if m.zone == "text" and m.entity_id in people]
    export("graphml", [original, copy], tmp_path / "a.graphml", graph)
    assert ET.parse(tmp_path / "a.graphml").getroot().tag == f"{GRAPHML}graphml"
