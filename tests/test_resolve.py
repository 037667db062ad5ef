"""Within-article resolution on hand-made mentions (no spaCy needed)."""

from __future__ import annotations

from collections.abc import Iterable

from newsgraph.article import Embed, Mention
from newsgraph.knowledge import KBEntry
from newsgraph.language.entities.resolve import Resolver, canonical_name, entity_hash
from newsgraph.language.entities.rules import Found, person_surnames_win


class TinyKB:
    """The four methods of the KB interface over a handful of entries."""

    def __init__(self, entries: list[KBEntry]) -> None:
        self.entries = entries

    def lookup(self, name: str, type: str | Iterable[str] | None = None) -> list[KBEntry]:
        key = name.casefold()
        types = {type} if isinstance(type, str) else set(type or ())
        return [e for e in self.entries if key in {n.casefold() for n in [e.name, *e.aliases]}
                and (not types or e.type in types)]

    def country(self, name: str) -> KBEntry | None:
        return next((e for e in self.lookup(name) if e.id.startswith("country:")), None)

    def places(self, name: str) -> list[KBEntry]:
        return []

    def get(self, id: str) -> KBEntry | None:
        return next((e for e in self.entries if e.id == id), None)


KB = TinyKB([
    KBEntry("org:NATO", "North Atlantic Treaty Organization", "ORG", ["NATO", "Nato", "OTAN"], wikidata="Q7184"),
    KBEntry("country:CZE", "Czechia", "GPE", ["Czech Republic"], country="CZE", wikidata="Q213"),
])


def items(*specs: tuple) -> list[tuple[Mention, Found]]:
    """(text, label[, zone[, title[, title_text]]]) → mention/found pairs at increasing offsets."""
    out = []
    pos = 0
    for spec in specs:
        text, label = spec[0], spec[1]
        zone = spec[2] if len(spec) > 2 else "text"
        found = Found(pos, pos + len(text), label, text,
                      title=spec[3] if len(spec) > 3 else None, title_text=spec[4] if len(spec) > 4 else None)
        out.append((Mention(pos, pos + len(text), text, label, zone=zone), found))
        pos += len(text) + 10
    return out


def resolve(specs, kb=None, embeds=(), zones=None):
    r = Resolver("article1", kb)
    pairs = items(*specs)
    r.add_all(pairs)
    if zones:
        r.link_titles(zones, {})
    r.link_handles(list(embeds))
    return r.entities(), [m for m, _ in pairs]


def by_name(entities):
    return {e.name: e for e in entities}


def test_surname_and_transliteration_join_the_full_name():
    ents, mentions = resolve([("Vucic", "PERSON"), ("Aleksandar Vučić", "PERSON"), ("Aleksandar Vucic", "PERSON"),
                              ("Vucic's", "PERSON")])
    assert len(ents) == 1
    person = ents[0]
    assert person.name == "Aleksandar Vučić"  # the diacritic form wins when both are seen
    assert {"Vucic", "Aleksandar Vucic"} <= set(person.aliases)
    assert person.mentions == 4
    assert {m.entity_id for m in mentions} == {person.id}


def test_shared_surname_stays_ambiguous():
    ents, _ = resolve([("John Smith", "PERSON"), ("Mary Smith", "PERSON"), ("Smith", "PERSON")])
    assert sorted(e.name for e in ents) == ["John Smith", "Mary Smith", "Smith"]


def test_acronym_joins_long_form_by_initials_without_kb():
    ents, _ = resolve([("European Central Bank", "ORG"), ("ECB", "ORG"), ("the ECB", "ORG")])
    assert len(ents) == 1 and ents[0].name == "European Central Bank"


def test_kb_aliases_join_acronym_case_variants_and_long_form():
    ents, _ = resolve([("Nato", "ORG"), ("NATO", "ORG"), ("North Atlantic Treaty Organization", "ORG")], kb=KB)
    assert len(ents) == 1
    assert ents[0].kb == {"newsgraph": "org:NATO", "wikidata": "Q7184"}
    assert ents[0].name == "North Atlantic Treaty Organization"


def test_places_join_through_the_kb_but_not_different_types():
    ents, _ = resolve([("Czech Republic", "GPE"), ("Czechia", "GPE"), ("Czechia", "NORP")], kb=KB)
    types = sorted((e.type, e.mentions) for e in ents)
    assert types == [("GPE", 2), ("NORP", 1)]


def test_unique_title_links_but_shared_title_does_not():
    zones = {"text": "Prime Minister Ana Brnabic spoke. Later the prime minister left."}
    ents, _ = resolve([("Ana Brnabic", "PERSON", "text", "Prime Minister", "Prime Minister")], zones=zones)
    assert ents[0].mentions == 2 and "the prime minister" in ents[0].aliases
    zones = {"text": "President A spoke, President B too. Later the president left."}
    ents, _ = resolve([("Anne Alpha", "PERSON", "text", "President"), ("Bob Beta", "PERSON", "text", "President")],
                      zones=zones)
    assert all(e.mentions == 1 for e in ents)


def test_embed_author_and_handle_join_the_person():
    embed = Embed("x", author="Jens Olsen", handle="@jensolsen_official", text="Hello")
    ents, _ = resolve([("Jens Olsen", "PERSON"), ("Olsen", "PERSON")], embeds=[embed])
    assert len(ents) == 1 and "@jensolsen_official" in ents[0].aliases


def test_handle_of_unnamed_account_is_not_guessed():
    embed = Embed("x", author="someone else", handle="@else", text="Hi")
    ents, _ = resolve([("Jens Olsen", "PERSON")], embeds=[embed])
    assert "@else" not in ents[0].aliases


def test_ids_are_stable_and_depend_on_article_name_type():
    assert entity_hash("a", "X Y", "PERSON") == entity_hash("a", "X Y", "PERSON")
    assert len({entity_hash("a", "X Y", "PERSON"), entity_hash("b", "X Y", "PERSON"),
                entity_hash("a", "X Y", "ORG")}) == 3
    first, _ = resolve([("Karl Berg", "PERSON")])
    second, _ = resolve([("Karl Berg", "PERSON")])
    assert first[0].id == second[0].id


def test_canonical_name_prefers_longest_then_diacritics():
    assert canonical_name(["Rutte", "Mark Rutte"]) == "Mark Rutte"
    assert canonical_name(["Andrej Plenkovic", "Andrej Plenković"]) == "Andrej Plenković"


def test_surname_of_a_person_is_never_a_place_or_org():
    zones = {
        "text": [Found(0, 12, "PERSON", "Milan Horvat"), Found(20, 26, "GPE", "Horvat"),
                 Found(30, 36, "ORG", "Zagreb")],
        "caption:0": [Found(0, 8, "LOC", "Horvat's")],
    }
    fixed = person_surnames_win(zones)
    assert [f.label for f in fixed["text"]] == ["PERSON", "PERSON", "ORG"]
    assert fixed["caption:0"][0].label == "PERSON"


def test_author_of_a_post_never_named_in_the_text_gets_an_entity():
    embed = Embed("x", author="Lena Fischer", handle="@lenafischer", text="Hi")
    ents, _ = resolve([("Jens Olsen", "PERSON")], embeds=[embed])
    lena = by_name(ents)["Lena Fischer"]
    assert (lena.type, lena.mentions, lena.aliases) == ("PERSON", 0, ["@lenafischer"])
    nick = Embed("x", author="daily vibes ✨", handle="@vibes", text="Hi")
    ents, _ = resolve([("Jens Olsen", "PERSON")], embeds=[nick])
    assert len(ents) == 1
