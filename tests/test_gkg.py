"""GKG counts, amounts and themes (stage newsgraph.gkg.v1), on sentences written for these tests."""

from __future__ import annotations

import pytest

from newsgraph.article import Article
from newsgraph.language.gkg import convert, numbers, themes
from newsgraph.pipeline import DEFAULT_STAGES, Pipeline


@pytest.mark.parametrize(("words", "expected"), [
    (["107"], 107), (["5,000"], 5000), (["1.2", "million"], 1_200_000), (["three"], 3),
    (["twenty-five"], 25), (["two", "hundred", "thousand"], 200_000), (["a", "million"], 1_000_000),
    (["US$30"], 30), (["3bn"], 3e9), (["1,2"], None), (["dozens"], None), (["thousands"], None),
])
def test_written_numbers(words, expected):
    assert numbers.value(words) == expected


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def _analyse(pipeline, text: str, title: str = "Report") -> Article:
    return pipeline.annotate(Article(title=title, text=text, published="2025-03-03"))


def _counts(article: Article) -> set[tuple]:
    names = {e.id: e.name for e in article.entities}
    return {(c.kind, c.number, c.object, names.get(c.place)) for c in article.counts}


def test_stage_runs_after_events_by_default():
    assert DEFAULT_STAGES.index("newsgraph.gkg.v1") == DEFAULT_STAGES.index("newsgraph.events.v1") + 1


@pytest.mark.parametrize(("text", "expected"), [
    ("At least 107 people were killed in Baghdad on Monday.", ("KILL", 107, "people", "Baghdad")),
    ("Police arrested 30 protesters in Belgrade.", ("ARREST", 30, "protesters", "Belgrade")),
    ("Three soldiers died in an ambush near Aleppo.", ("KILL", 3, "soldiers", "Aleppo")),
    ("Twelve dead after a bus crash near Lima.", ("KILL", 12, None, "Lima")),
    ("The death toll rose to 45 in Gaza.", ("KILL", 45, None, "Gaza")),
    ("Gunmen kidnapped two aid workers in Niger.", ("KIDNAP", 2, "aid workers", "Niger")),
    ("More than 5,000 refugees crossed into Chad.", ("REFUGEES", 5000, "refugees", "Chad")),
    ("About 1.2 million people fled the fighting in Sudan.", ("DISPLACED", 1_200_000, "people", "Sudan")),
    ("Ten thousand demonstrators marched through Tbilisi.", ("PROTEST", 10_000, "demonstrators", "Tbilisi")),
    ("Two people have died in Lagos.", ("KILL", 2, "people", "Lagos")),
    ("Over 3,000 people were evacuated from Valencia.", ("EVACUATE", 3000, "people", "Valencia")),
    ("Authorities seized 2 tonnes of cocaine in Rotterdam.", ("SEIZE", 2, "tonnes", "Rotterdam")),
    ("The shooting left five wounded in Memphis.", ("WOUND", 5, None, "Memphis")),
])
def test_counts(pipeline, text, expected):
    assert expected in _counts(_analyse(pipeline, text))


def test_counts_of_a_sentence_with_two(pipeline):
    article = _analyse(pipeline, "At least 107 people were killed and 30 injured in Baghdad on Monday.")
    assert {(k, n) for k, n, _, _ in _counts(article)} == {("KILL", 107), ("WOUND", 30)}


@pytest.mark.parametrize("text", [
    "Dozens were killed in Kabul.",  # not a number
    "No one was hurt in the fire in Lyon.",  # "no one" is not the number one
    "The storm could kill 1,000 people in Manila.",  # did not happen
    "Rescuers said 40 people were not injured.",  # negated
    "The minister met 30 students in Oslo.",  # no count verb
    "Sales rose 5 percent in 2024.",  # a percentage and a year
    "He scored two goals against Chelsea in London.",
    "The company hired 300 workers in Ohio.",
])
def test_no_counts(pipeline, text):
    assert _analyse(pipeline, text).counts == []


def test_the_active_subject_is_not_the_count(pipeline):
    counts = _counts(_analyse(pipeline, "Thirty gunmen killed three soldiers in Mosul."))
    assert {(k, n, o) for k, n, o, _ in counts} == {("KILL", 3, "soldiers")}


def test_amounts(pipeline):
    article = _analyse(pipeline, "The deal is worth US$30 billion. Britain will send 5,000 troops. "
                                 "The company lost $3bn and €5 million.")
    amounts = {(a.value, a.object) for a in article.amounts}
    assert {(30e9, "US$"), (5000, "troops"), (3e9, "$"), (5e6, "€")} <= amounts
    assert all(a.sentence.text in article.text for a in article.amounts)


def test_themes_match_forms_and_honour_ignore_phrases(pipeline):
    article = _analyse(pipeline, "Teachers protested the war crimes trial. The plan teaches financial literacy.",
                       title="Strike at the university")
    assert {"TEACHERS", "ID_ATROCITY", "POSTSECONDARY_EDUCATION"} <= set(article.themes)
    assert "LITERACY" not in article.themes  # "financial literacy" is an ignore phrase of its block
    assert len(article.themes) == len(set(article.themes))


def test_theme_offsets_point_at_the_match():
    text = "Officials discussed the bailout. Another earthquake struck."  # bailout: BANKRUPTCY in Phoenix
    found = themes.find_themes(text)
    assert ("BANKRUPTCY", text.index("bailout")) in found
    assert ("NATURAL_DISASTER", text.index("earthquake")) in found


def test_converter_expands_the_dictionary_forms():
    assert convert.expand("n:atrocity") == ["atrocities", "atrocity"]
    assert convert.expand("ethnic v:purge") == ["ethnic purge", "ethnic purged", "ethnic purges", "ethnic purging"]
    assert convert.expand("pre+k") == ["pre k"]
    rows = convert.convert(['<ISSUE CATEGORY="X" TYPE="ALL">', "n:genocide [ID_ATROCITY]  # note",
                            "~Saturday Night massacre", "european central bank", "</ISSUE>"])
    assert ("genocides", "ID_ATROCITY", "X") in rows and ("saturday night massacre", "~", "X") in rows
    assert not any(r[0] == "european central bank" for r in rows)  # no code: skipped


def test_empty_article_has_no_counts(pipeline):
    article = pipeline.annotate(Article(title="Only a title", text=""))
    assert article.counts == [] and article.amounts == []
