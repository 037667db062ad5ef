"""Article tone (newsgraph.tone.v1): GDELT-style (positive − negative) / words × 100, VADER lexicon.

Empty text (no words) gets ``tone = None``: undefined, not neutral.
"""

from __future__ import annotations

import json

import pytest

from newsgraph.article import Article
from newsgraph.language.tone import ToneStage, tone
from newsgraph.pipeline import DEFAULT_STAGES, Pipeline

POSITIVE = (
    "Rescuers brought all twelve miners out alive on Sunday, and relieved families celebrated the "
    "safe return, praising the brave crews for a remarkable success."
)
NEGATIVE = (
    "A bomb killed thirty people and wounded dozens at a crowded market, leaving the city in fear "
    "and grief as the attack was condemned."
)
NEUTRAL = "The committee will meet on Tuesday at ten in the town hall to review the schedule for next year."


def test_clearly_positive_news_scores_above_zero() -> None:
    assert tone(POSITIVE) > 2


def test_clearly_negative_news_scores_below_zero() -> None:
    assert tone(NEGATIVE) < -2


def test_neutral_news_scores_near_zero() -> None:
    assert abs(tone(NEUTRAL)) < 2


def test_score_is_the_word_percentage_difference() -> None:
    # 5 words, one positive ("great"), none negative: (1 - 0) / 5 * 100.
    assert tone("It was a great day.") == pytest.approx(20.0)


def test_negation_flips_a_word_within_three_tokens() -> None:
    assert tone("The talks were successful.") > 0
    assert tone("The talks were not successful.") < 0
    assert tone("The talks weren't very successful.") < 0


def test_capitalised_words_inside_a_sentence_are_names_not_opinions() -> None:
    assert tone("Delegates met at the United Nations in Hope Street.") == 0.0
    assert tone("Hope remains for the talks.") > 0  # a sentence's first word still counts


@pytest.mark.parametrize("text", ["", "   \n ", "— … —"])
def test_text_without_words_has_no_tone(text: str) -> None:
    assert tone(text) is None


def test_stage_leaves_non_english_articles_without_tone() -> None:
    stage = ToneStage()
    stage.setup()
    assert stage(Article(title="t", text=NEGATIVE, language="de")).tone is None
    assert stage(Article(title="t", text=NEGATIVE, language="en-GB")).tone < 0
    assert stage(Article(title="t", text=NEGATIVE)).tone < 0  # language unknown: scored


def test_tone_stage_runs_last_in_the_default_pipeline() -> None:
    Pipeline()  # loads the built-in stages and sets the default order
    assert DEFAULT_STAGES[-1] == "newsgraph.tone.v1"
    only_tone = Pipeline(["newsgraph.tone.v1"])
    assert only_tone.annotate(Article(title="t", text=POSITIVE)).tone > 0


def test_article_round_trip_keeps_tone() -> None:
    article = ToneStage()(Article(title="t", text=NEGATIVE))
    back = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert back.tone == article.tone
    assert back.tone is not None


def test_summary_card_shows_tone_only_when_set() -> None:
    from newsgraph.render import summary

    assert "  tone       -25.00" in summary(Article(title="t", text=NEGATIVE, tone=-25.0))
    assert "tone" not in summary(Article(title="t", text=NEGATIVE))
