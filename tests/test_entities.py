"""Entities stage: repair rules on hand-set spans, and the stage end to end on our own sentences."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span
from test_resolve import TinyKB

from newsgraph.article import Article, Caption, Embed
from newsgraph.knowledge import KBEntry
from newsgraph.knowledge.normalize import mention_key
from newsgraph.language import nlp
from newsgraph.language.entities import stage as entities
from newsgraph.language.entities.rules import RuleContext, merge_coarse, repair
from newsgraph.language.resources import Batch, Resources
from newsgraph.pipeline import DEFAULT_STAGES

BLANK = spacy.blank("en")
KB = TinyKB([
    KBEntry("org:SADC", "Southern African Development Community", "ORG", ["SADC"]),
    KBEntry("norp:HRV", "Croatian", "NORP", ["Croat"], country="HRV"),
    KBEntry("country:HRV", "Croatia", "GPE", [], country="HRV"),
])


def doc_with(text: str, ents: list[tuple[str, str]]):
    """A blank-model Doc of ``text`` with the given (surface, label) spans set as its entities."""
    doc = BLANK(text)
    spans, pos = [], 0
    for surface, label in ents:
        start = text.index(surface, pos)
        pos = start + len(surface)
        spans.append(doc.char_span(start, pos, label=label))
    doc.ents = spans
    return doc


def labels(found):
    return [(f.text, f.label) for f in found]


def test_title_and_possessive_owner_leave_the_name():
    doc = doc_with("Croatia's President Zoran Milanovic spoke.", [("Croatia's President Zoran Milanovic", "PERSON")])
    (person,) = [f for f in repair(doc, RuleContext()) if f.label == "PERSON"]
    assert (person.text, person.title, person.title_text) == ("Zoran Milanovic", "President", "Croatia's President")


def test_title_before_the_span_is_recorded():
    doc = doc_with("The Bank Governor Ana Kovac and Prime Minister Ivo Sanader met.",
                   [("Ana Kovac", "PERSON"), ("Ivo Sanader", "ORG")])
    found = repair(doc, RuleContext())
    assert labels(found) == [("Ana Kovac", "PERSON"), ("Ivo Sanader", "PERSON")]
    assert [f.title for f in found] == ["Governor", "Prime Minister"]


def test_a_one_word_organisation_after_a_title_word_is_not_split():
    doc = doc_with("General Motors cut jobs, said Chancellor Olaf Scholz.",
                   [("General Motors", "ORG"), ("Chancellor Olaf Scholz", "ORG")])
    assert labels(repair(doc, RuleContext())) == [("General Motors", "ORG"), ("Olaf Scholz", "PERSON")]


def test_one_name_after_a_title_is_a_person_the_kb_knows_by_it():
    """'President Doe' tagged as a place is the person the KB knows as 'President Doe'; 'President
    Croatia' is no person, nor is a one-word name the KB does not know as one."""
    kb = TinyKB([*KB.entries, KBEntry("actor:JOHN_DOE", "John Doe", "PERSON", ["President Doe"], country="HRV")])
    doc = doc_with("President Doe met President Croatia and Minister Nobody.",
                   [("Doe", "GPE"), ("Croatia", "GPE"), ("Nobody", "GPE")])
    assert labels(repair(doc, RuleContext(kb=kb))) == [("Doe", "PERSON"), ("Croatia", "GPE"), ("Nobody", "GPE")]


def test_leaked_boundaries_are_trimmed():
    doc = doc_with('He praised "the Kremlin\'s" line.', [('"the Kremlin\'s"', "ORG")])
    assert labels(repair(doc, RuleContext())) == [("Kremlin", "ORG")]


def test_exercise_codenames_are_events_not_people():
    doc = doc_with("Troops joined the Silver Lynx drills and Operation Northern Gate.",
                   [("Lynx", "PERSON"), ("Northern Gate", "ORG")])
    assert labels(repair(doc, RuleContext())) == [("Lynx", "EVENT"), ("Operation Northern Gate", "EVENT")]


def test_byline_author_is_a_person_even_when_untagged():
    doc = doc_with("By Petra Novak in Zagreb. Petra Novak reports.", [("Zagreb", "GPE")])
    found = repair(doc, RuleContext(authors=["Petra Novak"]))
    assert labels(found) == [("Petra Novak", "PERSON"), ("Zagreb", "GPE"), ("Petra Novak", "PERSON")]
    doc = doc_with("Petra Novak reports.", [("Petra Novak", "ORG")])
    assert labels(repair(doc, RuleContext(authors=["Petra Novak"]))) == [("Petra Novak", "PERSON")]


def test_kb_acronym_is_org_and_demonym_is_norp_but_country_stays():
    doc = doc_with("Mr SADC met Croatian and Croatia officials.",
                   [("SADC", "PERSON"), ("Croatian", "GPE"), ("Croatia", "GPE")])
    found = repair(doc, RuleContext(kb=KB))
    assert labels(found) == [("SADC", "ORG"), ("Croatian", "NORP"), ("Croatia", "GPE")]
    assert labels(repair(doc, RuleContext())) == [("SADC", "PERSON"), ("Croatian", "GPE"), ("Croatia", "GPE")]


def test_mention_key_folds_diacritics_case_possessive_and_article():
    assert mention_key("Vučić's") == mention_key("VUCIC") == "vucic"
    assert mention_key("the Bosnia & Herzegovina") == "bosnia and herzegovina"


def test_stage_is_registered_first_among_language_stages():
    assert "newsgraph.entities.v1" in DEFAULT_STAGES
    language = [s for s in DEFAULT_STAGES if s.startswith("newsgraph.")]
    assert language.index("newsgraph.entities.v1") == 0


@pytest.fixture(scope="module")
def article():
    a = Article(
        text="Poland's President Andrzej Duda met Chancellor Olaf Scholz in Warsaw on Monday. "
             "Duda said Scholz's visit went well. Polish troops joined the Baltic Falcon drills.",
        authors=["Maria Lindqvist"],
        captions=[Caption("Andrzej Duda in Warsaw.", credit="Reuters")],
        embeds=[Embed("x", author="Andrzej Duda", handle="@AndrzejDuda", text="Great talks with Olaf Scholz.")],
        tags=["Poland", "Duda", "Germany"],
    )
    return entities.annotate(a)


def test_stage_end_to_end(article):
    people = {e.name: e for e in article.entities if e.type == "PERSON"}
    assert set(people) == {"Andrzej Duda", "Olaf Scholz"}
    duda = people["Andrzej Duda"]
    assert duda.title == "President" and "Duda" in duda.aliases and "@AndrzejDuda" in duda.aliases
    assert duda.mentions == 3  # body twice, caption once, and never the tag
    scholz = people["Olaf Scholz"]
    assert scholz.title == "Chancellor" and scholz.mentions == 3
    assert {m.text for m in article.mentions if m.entity_id == scholz.id} == {"Olaf Scholz", "Scholz"}
    assert ("Baltic Falcon", "EVENT") in {(m.text, m.label) for m in article.mentions}


def test_mentions_carry_zones_and_offsets(article):
    zones = {"text": article.text, "caption:0": article.captions[0].text, "embed:0": article.embeds[0].text}
    assert {m.zone for m in article.mentions} == set(zones)
    for m in article.mentions:
        assert zones[m.zone][m.start:m.end] == m.text
        assert m.entity_id in {e.id for e in article.entities}
    assert sum(e.mentions for e in article.entities) == len(article.mentions)


def test_parsed_docs_stay_in_the_batch_for_later_stages():
    batch, resources = Batch(), Resources()
    a = entities.annotate(Article(text="Olaf Scholz met Andrzej Duda in Warsaw."), resources, batch)
    doc = batch.doc(a.id, a.text, "text", resources.model_name)
    assert doc is not None and doc.text == a.text
    assert batch.doc_for(a.id, a.text, "text", resources) is doc  # later stages reuse it
    assert batch.doc(a.id, a.text + " Then he left.", "text", resources.model_name) is None  # never stale
    assert isinstance(doc.ents[0], Span)
    assert "doc" not in a.to_dict()  # no parse tree in the Article


def test_empty_article_gives_no_entities():
    a = entities.annotate(Article(text=""))
    assert a.mentions == [] and a.entities == []


def test_coarse_tagger_spans_keep_the_fine_type_of_the_general_model():
    doc = doc_with("Fans of Leeds United cheered in Leeds on 3 May with Dutch flags.",
                   [("Leeds", "GPE"), ("Leeds", "GPE"), ("3 May", "DATE")])
    # token indices: Fans0 of1 Leeds2 United3 cheered4 in5 Leeds6 on7 3(8) May9 with10 Dutch11 flags12
    merge_coarse(doc, [(2, 4, "ORG"), (6, 7, "LOC"), (11, 12, "MISC")], KB)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Leeds United", "ORG"), ("Leeds", "GPE"), ("3 May", "DATE"), ("Dutch", "MISC")]


GAZETTEER = TinyKB([
    KBEntry("country:HRV", "Croatia", "GPE", [], country="HRV", feature="PCLI"),
    KBEntry("geonames:1", "Hanoi", "GPE", [], country="VNM", feature="PPLC"),
    KBEntry("geonames:2", "Leeds", "GPE", [], country="GBR", feature="PPL"),
])


def test_the_gazetteer_settles_what_the_two_taggers_disagree_on():
    doc = doc_with("Cerar met Hanoi officials, Croatia and Leeds before LINK closed.",
                   [("Cerar", "PERSON"), ("Hanoi", "GPE"), ("Croatia", "GPE"), ("Leeds", "GPE")])
    # Cerar0 met1 Hanoi2 officials3 ,4 Croatia5 and6 Leeds7 before8 LINK9 closed10 .11
    merge_coarse(doc, [(0, 1, "LOC"), (2, 3, "PER"), (5, 6, "ORG"), (7, 8, "ORG"), (9, 10, "LOC")],
                 GAZETTEER)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Cerar", "PERSON"),  # no place of that name: the general model's person stands
        ("Hanoi", "GPE"),  # a known place the general model saw is no person
        ("Croatia", "GPE"),  # a country stays the country against ORG
        ("Leeds", "ORG"),  # a town's name can be its club
    ]  # and "LINK", a place for neither the general model nor the gazetteer, is dropped


def test_names_do_not_cross_lines_or_hashtags_and_places_after_in_stay_places():
    doc = doc_with("Pipes were laid across Leeds and Hanoi\n#NATOSummit now.",
                   [("Leeds", "GPE")])
    # Pipes0 were1 laid2 across3 Leeds4 and5 Hanoi6 \n7 #8 NATOSummit9 now10 .11
    merge_coarse(doc, [(4, 5, "ORG"), (6, 10, "MISC")], GAZETTEER)
    assert [(e.text, e.label_) for e in doc.ents] == [("Leeds", "GPE")]


def test_a_name_part_does_not_replace_the_whole_name():
    doc = doc_with("King Willem-Alexander hosted them at Huis ten Bosch palace.",
                   [("King Willem-Alexander", "PERSON"), ("Huis ten Bosch", "FAC")])
    # King0 Willem1 -2 Alexander3 hosted4 them5 at6 Huis7 ten8 Bosch9 palace10 .11
    merge_coarse(doc, [(3, 4, "PER"), (9, 10, "PER")], GAZETTEER)
    assert [(e.text, e.label_) for e in doc.ents] == [("King Willem-Alexander", "PERSON"), ("Huis ten Bosch", "FAC")]


def test_a_dateline_or_a_neighbourhood_after_in_the_is_a_place():
    doc = doc_with("LEEDS — Work begins in the Slavic Village district.",
                   [("LEEDS", "GPE"), ("Slavic Village", "LOC")])
    # LEEDS0 —1 Work2 begins3 in4 the5 Slavic6 Village7 district8 .9
    merge_coarse(doc, [(0, 1, "ORG"), (6, 8, "PER")], GAZETTEER)
    assert [(e.text, e.label_) for e in doc.ents] == [("LEEDS", "GPE"), ("Slavic Village", "LOC")]


def test_a_name_ending_in_an_organisation_word_is_no_person():
    doc = doc_with("Nordlink Lines said the Scheldt Courier filmed it.",
                   [("Nordlink Lines", "ORG"), ("Scheldt", "FAC")])
    # Nordlink0 Lines1 said2 the3 Scheldt4 Courier5 filmed6 it7 .8
    merge_coarse(doc, [(0, 2, "PER"), (4, 6, "PER")], GAZETTEER)
    assert [(e.text, e.label_) for e in doc.ents] == [("Nordlink Lines", "ORG"), ("Scheldt Courier", "ORG")]


def test_general_places_the_coarse_tagger_missed_stay_when_the_gazetteer_knows_them():
    doc = doc_with("Police in Hanoi and Zorblax said.", [("Hanoi", "GPE"), ("Zorblax", "GPE")])
    merge_coarse(doc, [], GAZETTEER)
    assert [(e.text, e.label_) for e in doc.ents] == [("Hanoi", "GPE")]


def test_training_reader_handles_iob1_documents(tmp_path):
    from newsgraph.language.entities.train import read_iob, to_biluo_spans

    assert to_biluo_spans(["I-ORG", "I-ORG", "B-ORG", "O", "I-PER"]) == [(0, 2, "ORG"), (2, 3, "ORG"),
                                                                        (4, 5, "PER")]
    sample = tmp_path / "tiny.iob"
    sample.write_text("-DOCSTART- -X- -X- O\n\nAnna NNP I-NP I-PER\nran VBD I-VP O\n\n"
                      "-DOCSTART- -X- -X- O\n\nOslo NNP I-NP I-LOC\n", encoding="utf-8")
    assert read_iob(sample) == [[(["Anna", "ran"], ["I-PER", "O"])], [(["Oslo"], ["I-LOC"])]]


PLACES_KB = TinyKB([
    KBEntry("country:TTO", "Trinidad and Tobago", "GPE", [], country="TTO"),
    KBEntry("country:ESP", "Spain", "GPE", [], country="ESP"),
    KBEntry("country:PRT", "Portugal", "GPE", [], country="PRT"),
    KBEntry("territory:XX-NT", "Nova Terra", "GPE", [], country="XXX"),
])


def test_conjoined_place_joins_only_when_the_kb_knows_the_whole():
    doc = doc_with("Flights to Trinidad and Tobago, Spain and Portugal resumed.",
                   [("Trinidad", "GPE"), ("Tobago", "GPE"), ("Spain", "GPE"), ("Portugal", "GPE")])
    found = repair(doc, RuleContext(kb=PLACES_KB))
    assert labels(found) == [("Trinidad and Tobago", "GPE"), ("Spain", "GPE"), ("Portugal", "GPE")]


def test_name_cut_short_grows_to_the_kb_name():
    doc = doc_with("Police in Nova Terra struck.", [("Nova", "ORG")])
    for token in doc:
        token.pos_ = "PROPN" if token.text[:1].isupper() else "NOUN"
    assert labels(repair(doc, RuleContext(kb=PLACES_KB))) == [("Nova Terra", "GPE")]
    assert labels(repair(doc, RuleContext())) == [("Nova", "ORG")]


def test_untagged_surname_of_a_person_becomes_a_mention():
    from newsgraph.language.entities.rules import Found, person_surnames_win

    text = "Ivana Kral won. Kral's team cheered, and @Kral fans too. Kralovec lost."
    zones = {"text": [Found(0, 10, "PERSON", "Ivana Kral")]}
    fixed = person_surnames_win(zones, {"text": text})["text"]
    assert [(f.text, f.start) for f in fixed] == [("Ivana Kral", 0), ("Kral", 16)]


def test_long_text_is_parsed_in_pieces_with_exact_offsets(monkeypatch):
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 60)
    text = "Anna Berg flew to Oslo.\n\nShe met Jonas Lie there. " * 4 + "Nobody else came."
    (doc,) = nlp.parse_many([text, "short"])[:1]
    assert doc.text == text
    for ent in doc.ents:
        assert text[ent.start_char : ent.end_char] == ent.text
    a = entities.annotate(Article(text=text))
    assert all(a.text[m.start : m.end] == m.text for m in a.mentions)
    assert any(e.name == "Anna Berg" and e.mentions == 4 for e in a.entities)


def test_employer_before_a_corporate_title_is_an_org_across_the_article():
    from newsgraph.language.entities.rules import person_surnames_win

    doc = doc_with("Flyco CEO Tom Hart said Flyco would grow.",
                   [("Flyco", "PERSON"), ("Tom Hart", "PERSON"), ("Flyco", "PERSON")])
    fixed = person_surnames_win({"text": repair(doc, RuleContext())})["text"]
    assert labels(fixed) == [("Flyco", "ORG"), ("Tom Hart", "PERSON"), ("Flyco", "ORG")]
    assert fixed[1].title == "CEO"


def test_only_a_prefix_of_a_giant_zone_is_parsed_and_the_batch_still_hits(monkeypatch):
    monkeypatch.setattr(nlp, "MAX_CHARS", 80)
    text = "Anna Berg flew to Oslo on Monday.\n" * 10
    batch, resources = Batch(), Resources()
    a = entities.annotate(Article(text=text), resources, batch)
    doc = batch.doc(a.id, text, "text", resources.model_name)
    assert text.startswith(doc.text) and 40 < len(doc.text) <= 80
    assert batch.doc_for(a.id, text, "text", resources) is doc
    assert all(a.text[m.start : m.end] == m.text for m in a.mentions)


def test_doc_text_is_computed_once_and_equals_spacys():
    doc = BLANK("Vučić met Rutte in Brussels.")
    assert nlp.doc_text(doc) == doc.text
    assert doc.user_data["newsgraph.text"] == doc.text
