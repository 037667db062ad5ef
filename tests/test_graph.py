"""Across articles: entity merging, near-duplicates, stories and event aggregation.

The articles are written here (invented texts and entities), so every expectation follows from
the merge rules, not from what the language layer happens to find.
"""

from __future__ import annotations

import random

from newsgraph.article import Article, Entity, Event, Participant, Span, TimeValue
from newsgraph.graph import Graph, build
from newsgraph.graph.duplicates import DuplicateIndex, shingles, signature, similarity
from newsgraph.graph.entities import EntityIndex
from newsgraph.graph.events import EventAggregator
from newsgraph.graph.stories import StoryIndex
from newsgraph.knowledge.normalize import name_key

WIRE = (
    "Serbian President Aleksandar Vucic met NATO Secretary General Mark Rutte in Brussels on Tuesday "
    "to discuss security in the Western Balkans and the alliance's peacekeeping mission in Kosovo. "
    "Vucic said after the talks that Serbia would remain militarily neutral but wanted closer "
    "cooperation with the alliance on crisis management and training. Rutte praised the dialogue "
    "and urged Belgrade and Pristina to lower tensions in the north of Kosovo, where clashes last "
    "year injured dozens of peacekeepers. Officials from both sides said a further round of talks "
    "on regional stability would take place in Belgrade before the end of the year."
)


def person(eid: str, name: str, country: str | None = None, **kb: str) -> Entity:
    return Entity(eid, name, "PERSON", country=country, kb=dict(kb), mentions=1)


def org(eid: str, name: str, **kb: str) -> Entity:
    return Entity(eid, name, "ORG", kb=dict(kb), sector="IGO", mentions=1)


def event(eid: str, etype: str, actor: Participant, recipient: Participant, day: str, **flags: object) -> Event:
    return Event(eid, etype, Span(0, 40, "Vucic met Rutte in Brussels on Tuesday."), Span(13, 16, "met"),
                 cameo="040", quad_class=1, score=1.0, actors=[actor], recipients=[recipient],
                 date=TimeValue(day, "day"), confidence=0.8, **flags)  # type: ignore[arg-type]


def wire_copy(url: str, source: str, byline: str = "", published: str = "2025-03-04T10:00:00+00:00") -> Article:
    """One syndicated copy: the same agency text under another outlet's URL and byline."""
    vucic = person("e1", "Aleksandar Vučić", "SRB")
    rutte = person("e2", "Mark Rutte", "NLD", wikidata="Q57792")
    nato = org("e3", "NATO", wikidata="Q7184")
    meeting = event("v1", "CONSULT", Participant("Vucic", "e1", "SRB", "GOV"),
                    Participant("Rutte", "e2", None, "IGO"), "2025-03-04")
    return Article(url=url, source=source, title="Vucic meets Rutte in Brussels", published=published,
                   text=(byline + "\n\n" if byline else "") + WIRE, entities=[vucic, rutte, nato], events=[meeting])


# -- entities -------------------------------------------------------------------------------------
def test_names_normalise_across_script_case_and_possessive() -> None:
    assert name_key("Vučić") == name_key("Vucic") == name_key("Vučić's")
    assert name_key("NATO") == name_key("Nato")
    assert name_key("Rutte") != name_key("Rutter")


def test_entities_merge_across_articles_by_name_and_kb() -> None:
    a = Article(url="https://a.example/1", text="a", entities=[
        person("p", "Aleksandar Vučić", "SRB"), org("o", "NATO", wikidata="Q7184")])
    b = Article(url="https://b.example/2", text="b", entities=[
        person("x", "Aleksandar Vucic"), org("y", "Nato"),
        org("z", "North Atlantic Treaty Organization", wikidata="Q7184")])
    index = EntityIndex()
    index.add_articles([a, b])
    vucic = index.node_of(a.id, "p")
    assert vucic == index.node_of(b.id, "x")
    node = index.nodes[vucic]
    assert node.article_count == 2 and set(node.aliases) == {"Aleksandar Vučić", "Aleksandar Vucic"}
    assert node.country == "SRB"
    nato = index.node_of(a.id, "o")
    assert nato == index.node_of(b.id, "y") == index.node_of(b.id, "z")  # by name, and by Wikidata id
    assert index.nodes[nato].article_count == 2  # one article counts once, whatever merged inside it
    assert index.nodes[nato].kb["wikidata"] == "Q7184"


def test_same_surname_different_people_stay_apart_and_a_lone_surname_waits() -> None:
    index = EntityIndex()
    first = Article(url="u1", text="1", entities=[person("a", "John Smith")])
    second = Article(url="u2", text="2", entities=[person("b", "Jane Smith")])
    third = Article(url="u3", text="3", entities=[person("c", "Smith")])
    index.add_articles([first, second, third])
    john, jane, smith = (index.node_of(x.id, e) for x, e in ((first, "a"), (second, "b"), (third, "c")))
    assert len({john, jane, smith}) == 3  # "Smith" alone could be either: it joins neither


def test_a_lone_surname_joins_the_only_full_name() -> None:
    index = EntityIndex()
    full = Article(url="u1", text="1", entities=[person("a", "Aleksandar Vučić", "SRB")])
    short = Article(url="u2", text="2", entities=[person("b", "Vucic")])
    index.add_articles([full, short])
    assert index.node_of(short.id, "b") == index.node_of(full.id, "a")
    assert index.nodes[index.node_of(full.id, "a")].name == "Aleksandar Vučić"  # full name wins as the label


def test_a_surname_node_made_first_is_merged_when_the_full_name_arrives() -> None:
    index = EntityIndex()
    short = Article(url="u1", text="1", entities=[person("b", "Rutte")])
    full = Article(url="u2", text="2", entities=[person("a", "Mark Rutte")])
    index.add_article(short)
    lone = index.node_of(short.id, "b")
    result = index.add_articles([full])
    kept = index.node_of(full.id, "a")
    assert result.merged == {lone: kept}
    assert index.node_of(short.id, "b") == kept and lone not in index.nodes
    assert index.nodes[kept].article_count == 2


def test_same_name_in_other_country_or_other_kb_id_is_another_entity() -> None:
    index = EntityIndex()
    a = Article(url="u1", text="1", entities=[Entity("a", "Paris", "GPE", country="FRA")])
    b = Article(url="u2", text="2", entities=[Entity("b", "Paris", "GPE", country="USA")])
    c = Article(url="u3", text="3", entities=[person("c", "John Smith", wikidata="Q1")])
    d = Article(url="u4", text="4", entities=[person("d", "John Smith", wikidata="Q2")])
    index.add_articles([a, b, c, d])
    assert index.node_of(a.id, "a") != index.node_of(b.id, "b")
    assert index.node_of(c.id, "c") != index.node_of(d.id, "d")


def test_entity_index_is_idempotent_and_survives_persistence() -> None:
    a = wire_copy("https://one.example/a", "One")
    b = wire_copy("https://two.example/b", "Two")
    c = Article(url="u3", text="3", entities=[person("q", "Vucic")])
    whole = EntityIndex()
    whole.add_articles([a, b, c])
    part = EntityIndex()
    part.add_articles([a, b])
    part.add_article(a)  # the same article again changes nothing
    restored = EntityIndex.from_rows(part.rows())
    restored.add_article(c)
    assert {n.id: n.to_row() for n in restored.nodes.values()} == {n.id: n.to_row() for n in whole.nodes.values()}
    assert restored.node_of(c.id, "q") == whole.node_of(a.id, "e1")


# -- near-duplicates ------------------------------------------------------------------------------
def test_syndicated_copies_form_one_group_and_a_rewrite_does_not() -> None:
    first = wire_copy("https://one.example/a", "One Wire", published="2025-03-04T08:00:00+00:00")
    copy = wire_copy("https://two.example/b", "Two Daily", byline="By Staff and Agencies")
    half = WIRE.split(". ")
    rewrite = Article(url="https://three.example/c", text=". ".join(half[:3]) + ". The meeting came as "
                      "diplomats in the region warned of a new stand-off over licence plates, energy "
                      "supplies and the status of Serb municipalities, which the government rejects.")
    index = DuplicateIndex()
    assert index.add(first) is None
    group = index.add(copy)
    assert group is not None and index.add(rewrite) is None
    assert index.groups[group].members == [first.id, copy.id]
    assert index.groups[group].representative == first.id  # the earliest published
    exact = len(shingles(first.text) & shingles(rewrite.text)) / len(shingles(first.text) | shingles(rewrite.text))
    assert exact < 0.8 and similarity(signature(first.text), signature(rewrite.text)) < 0.8
    # persisted and restored, a third copy still finds its group
    again = DuplicateIndex.from_rows(index.rows())
    third = wire_copy("https://four.example/d", "Four", byline="From our correspondent")
    assert again.add(third) == group and again.group_key(third.id) == first.id


def test_the_threshold_decides_between_a_copy_and_an_edited_copy() -> None:
    first = wire_copy("https://one.example/a", "One")
    copy = wire_copy("https://two.example/b", "Two", byline="By Staff and Agencies")
    score = similarity(signature(first.text), signature(copy.text))
    assert 0.8 <= score < 1.0  # a byline added: still a near-duplicate at the default threshold
    strict = DuplicateIndex(threshold=0.99)
    strict.add(first)
    assert strict.add(copy) is None and strict.query(copy) == []
    default = DuplicateIndex()
    default.add(first)
    assert default.query(copy) == [(first.id, score)]


def test_lsh_compares_a_new_article_with_few_candidates() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    index = DuplicateIndex()
    for n in range(300):
        index.add(Article(url=f"u{n}", text=" ".join(rng.choice(vocabulary) for _ in range(200))))
    target = Article(url="u-copy", text=" ".join(rng.choice(vocabulary) for _ in range(200)))
    index.add(target)
    copy = Article(url="u-copy-2", text=target.text + " updated")
    sig = signature(copy.text)
    assert sig is not None
    candidates = index.candidates(sig)
    assert target.id in candidates and len(candidates) < 5
    assert index.add(copy) == index.group_of[target.id]


def test_empty_bodies_are_never_duplicates() -> None:
    index = DuplicateIndex()
    assert index.add(Article(url="a", title="x")) is None
    assert index.add(Article(url="b", title="y")) is None
    assert not index.groups


# -- stories --------------------------------------------------------------------------------------
def test_stories_cluster_by_entities_time_and_text() -> None:
    a = wire_copy("https://one.example/a", "One", published="2025-03-04T08:00:00+00:00")
    follow = Article(url="https://two.example/f", published="2025-03-05T09:00:00+00:00", entities=a.entities,
                     title="Serbia to stay neutral, Vucic tells NATO chief",
                     text="Aleksandar Vucic told NATO Secretary General Mark Rutte that Serbia would stay "
                          "militarily neutral, a day after their talks in Brussels on security in Kosovo "
                          "and the Western Balkans. Rutte urged Belgrade and Pristina to lower tensions.")
    later = Article(url="https://three.example/l", published="2025-04-20T09:00:00+00:00", entities=a.entities,
                    text=follow.text)
    other = Article(url="https://four.example/o", published="2025-03-04T12:00:00+00:00",
                    text="Heavy snow closed schools and roads across the northern highlands on Tuesday, "
                         "and forecasters expect more storms over the weekend in the mountain passes.")
    graph = build([a, follow, later, other])
    story = graph.stories.story_of
    assert story[a.id] == story[follow.id]
    assert story[later.id] != story[a.id]  # the same actors six weeks on: another happening
    assert story[other.id] not in (story[a.id], story[later.id])
    row = graph.stories.stories[story[a.id]].to_row()
    assert row["num_articles"] == 2 and row["first_seen"] == "2025-03-04" and row["last_seen"] == "2025-03-05"


def test_story_index_survives_persistence() -> None:
    a = wire_copy("https://one.example/a", "One")
    b = wire_copy("https://two.example/b", "Two", byline="By Staff")
    index = StoryIndex()
    sid = index.add(a, ["n1", "n2"], "One")
    restored = StoryIndex.from_rows(index.rows())
    assert restored.add(b, ["n1", "n2"], "Two") == sid
    assert restored.stories[sid].sources == {"One", "Two"}


# -- events ---------------------------------------------------------------------------------------
def test_two_syndicated_copies_give_one_event_with_two_sources() -> None:
    copies = [wire_copy("https://one.example/a", "One Wire"), wire_copy("https://two.example/b", "Two Daily")]
    graph = build(copies)
    assert len(graph.duplicates.groups) == 1
    (agg,) = graph.events.events.values()
    assert (agg.num_mentions, agg.num_articles, agg.num_sources, agg.num_independent) == (2, 2, 2, 1)
    assert agg.type == "CONSULT" and agg.day == "2025-03-04"
    assert [p["name"] for p in agg.actors] == ["Aleksandar Vučić"] and [p["name"] for p in agg.recipients] == ["Mark Rutte"]
    row = agg.to_row()
    assert row["cameo_root"] == "04" and row["avg_confidence"] == 0.8 and row["first_seen"] == "2025-03-04T10:00:00+00:00"


def test_events_split_by_date_window_polarity_and_participants() -> None:
    def report(url: str, source: str, day: str, negated: bool = False, recipient: str = "NLD") -> Article:
        ev = event("v", "CONSULT", Participant("Serbia", None, "SRB", "GOV"),
                   Participant("the Dutch", None, recipient, "GOV"), day, negated=negated)
        return Article(url=url, source=source, text=f"{url} {day}", events=[ev])

    aggregator = EventAggregator()
    same = [report("a", "A", "2025-03-04"), report("b", "B", "2025-03-05")]  # within one day: one event
    apart = report("c", "C", "2025-03-09")
    denied = report("d", "D", "2025-03-04", negated=True)
    other = report("e", "E", "2025-03-04", recipient="BEL")
    ids = [aggregator.add(a)[0] for a in [*same, apart, denied, other]]
    assert ids[0] == ids[1] and len(set(ids)) == 4
    assert aggregator.events[ids[0]].num_sources == 2 and aggregator.events[ids[0]].last_day == "2025-03-05"
    assert aggregator.add(same[0]) == [ids[0]] and aggregator.events[ids[0]].num_mentions == 2  # idempotent
    restored = EventAggregator.from_rows(aggregator.rows())
    late = report("f", "F", "2025-03-03")
    assert restored.add(late) == [ids[0]] and restored.events[ids[0]].num_sources == 3


def test_graph_persists_as_rows_and_resumes() -> None:
    a, b = wire_copy("https://one.example/a", "One"), wire_copy("https://two.example/b", "Two", byline="By Staff")
    graph = Graph()
    graph.add([a])
    resumed = Graph.from_rows(graph.rows())
    batch = resumed.add([b])
    assert batch.duplicate_group[b.id] == batch.duplicate_group[a.id]
    assert batch.story[b.id] == resumed.stories.story_of[a.id]
    (agg,) = resumed.events.events.values()
    assert agg.num_sources == 2 and agg.num_independent == 1


def test_evicted_stories_leave_memory_and_take_no_new_articles() -> None:
    index = StoryIndex()
    old = wire_copy("https://one.example/a", "One", published="2025-01-02T08:00:00+00:00")
    sid = index.add(old, ["n1", "n2"], "One")
    rows = index.evict("2025-02-01")
    assert [r["id"] for r in rows] == [sid] and sid not in index.stories
    late = wire_copy("https://two.example/b", "Two", published="2025-01-03T08:00:00+00:00")
    assert index.add(late, ["n1", "n2"], "Two") != sid


def test_evicted_events_are_returned_and_never_double_counted() -> None:
    aggregator = EventAggregator()
    a = wire_copy("https://one.example/a", "One")
    (agg_id,) = aggregator.add(a)
    (row,) = aggregator.evict("2025-03-10")
    assert row["id"] == agg_id and row["num_mentions"] == 1 and not aggregator.events
    assert aggregator.add(a) == [agg_id] and not aggregator.events  # already counted before eviction


def test_surname_then_full_name_in_one_article_counts_the_article_once() -> None:
    index = EntityIndex()
    both = Article(url="u1", text="1", entities=[person("s", "Rutte"), person("f", "Mark Rutte")])
    index.add_article(both)
    (node,) = index.nodes.values()
    assert node.article_count == 1 and index.node_of(both.id, "s") == index.node_of(both.id, "f") == node.id


def test_events_without_participants_merge_only_at_one_place_or_across_copies() -> None:
    def bare(url: str, place: str | None, text: str = "x") -> Article:
        ev = Event("v", "PROTEST", Span(0, 1), Span(0, 1), place=place, date=TimeValue("2025-03-04", "day"))
        ents = [Entity("g", "Antwerp", "GPE", kb={"geonames": "2803138"})] if place else []
        return Article(url=url, source=url, text=text, entities=ents, events=[ev])

    graph = build([bare("a", None, WIRE), bare("b", None, "Another text entirely about something else."),
                   bare("c", None, WIRE), bare("d", "g"), bare("e", "g")])
    sizes = sorted(agg.num_articles for agg in graph.events.events.values())
    assert sizes == [1, 2, 2]  # a+c are copies; d+e share a place; b stands alone
