"""Which event a sentence reports and of what type: the main clause over its background, a directive
verb, yielding verbs without an object, an event nominal named by a gathering's purpose, and the
dictionary pattern nearest the verb's object (sentences written for these tests)."""

from __future__ import annotations

import pytest

from newsgraph.article import Article
from newsgraph.pipeline import Pipeline


@pytest.fixture(scope="module")
def annotate():
    pipeline = Pipeline()
    pipeline.setup()
    return lambda text: pipeline.annotate(Article(text=text, published="2024-06-14"))


def _best(events):
    return max(events, key=lambda e: e.confidence, default=None)


def test_the_main_clause_outranks_its_background(annotate):
    events = annotate("The Egyptian government rejected the plan on Sunday, urging Israel to withdraw its "
                      "troops from Gaza.").events
    assert {e.type for e in events} >= {"REJECT", "REQUEST"}  # both are coded
    assert _best(events).type == "REJECT"  # the sentence reports the rejection, "urging" its manner


def test_a_verb_that_directs_its_object_is_a_demand(annotate):
    best = _best(annotate("The Egyptian president ordered the army to leave the capital.").events)
    assert best is not None and (best.type, best.trigger.text) == ("REQUEST", "ordered")


def test_yielding_needs_something_given_up(annotate):
    assert annotate("The Iranian delegation returned to Vienna on Monday.").events == []
    returned = _best(annotate("Israel returned the bodies of two soldiers to Lebanon.").events)
    assert returned is not None and returned.type == "CONCEDE"


def test_a_gathering_for_a_protest_is_the_protest(annotate):
    best = _best(annotate("Thousands of Kenyan farmers gathered in Nairobi for a protest against the "
                          "new tax.").events)
    assert best is not None and best.type == "PROTEST"


def test_the_pattern_nearest_the_object_wins(annotate):
    # "launch" has a pattern for "border" (080) and one for "fire" (193): the border is a place
    best = _best(annotate("The Pakistani army launched rocket fire against militant camps near the Afghan "
                          "border.").events)
    assert best is not None and best.type == "ASSAULT"


def test_exercises_held_together_are_cooperation_held_alone_a_show_of_force(annotate):
    joint = _best(annotate("Greek and Cypriot warships began five days of naval manoeuvres off Crete on "
                           "Tuesday.").events)
    assert joint is not None and (joint.type, joint.cameo) == ("COOPERATE", "062")
    partner = _best(annotate("The Indian navy held exercises with the Japanese navy in the Bay of Bengal.").events)
    assert partner is not None and partner.type == "COOPERATE"
    alone = _best(annotate("The Iranian army staged war games near the Iraqi border.").events)
    assert alone is not None and (alone.type, alone.cameo) == ("MOBILIZE", "150")
    assert all(e.type != "ASSAULT" for e in annotate("The Iranian army staged war games.").events)  # "war" modifies


def test_an_exercise_without_forces_is_no_military_event(annotate):
    events = annotate("Pupils in Ghana wrote essays on the election as a learning exercise.").events
    assert all(e.type not in ("COOPERATE", "MOBILIZE") for e in events)


def test_a_light_head_noun_stands_for_the_event_its_modifier_names(annotate):
    best = _best(annotate("The Qatari government ended its mediation efforts between the Sudanese army and "
                          "the rebels.").events)
    assert best is not None and best.type == "SANCTION"  # halting mediation (CAMEO 165)


def test_halting_a_protest_concedes_halting_force_retreats(annotate):
    strike = _best(annotate("The Kenyan teachers' union called off its nationwide strike on Friday.").events)
    assert strike is not None and (strike.type, strike.cameo) == ("CONCEDE", "082")
    offensive = _best(annotate("The Ethiopian army ended its offensive against the Tigrayan rebels.").events)
    assert offensive is not None and (offensive.type, offensive.cameo) == ("RETREAT", "087")


@pytest.mark.parametrize("text", [
    "The Thai army declared martial law in Bangkok on Tuesday.",
    "The Bolivian government declared a state of siege in La Paz.",
])
def test_martial_law_and_states_of_emergency_are_coercion(annotate, text):
    best = _best(annotate(text).events)
    assert best is not None and (best.type, best.cameo) == ("COERCE", "1724")


def test_letting_monitors_in_allows_involvement_taking_them_out_reduces_it(annotate):
    received = _best(annotate("The Iranian government received a team of IAEA inspectors on Monday.").events)
    assert received is not None and (received.type, received.cameo) == ("RETREAT", "0862")
    accepted = _best(annotate("The Sudanese government accepted African Union peacekeepers in Darfur.").events)
    assert accepted is not None and (accepted.type, accepted.cameo) == ("RETREAT", "0861")
    withdrawn = _best(annotate("The United Nations withdrew its weapons inspectors from Iraq.").events)
    assert withdrawn is not None and (withdrawn.type, withdrawn.cameo) == ("SANCTION", "1662")
    visit = _best(annotate("The Iranian president received the Turkish foreign minister in Tehran.").events)
    assert visit is not None and visit.type == "CONSULT"  # a visitor is no monitor


def test_a_pattern_on_the_object_outranks_one_on_a_particle_or_the_objects_phrase(annotate):
    # "BREAK * OFF" and "BREAK * (WITH)" are 130, "BREAK * RELATIONS" 161: the relations are what is broken
    best = _best(annotate("Georgia broke off diplomatic relations with Russia on Friday.").events)
    assert best is not None and (best.type, best.cameo) == ("SANCTION", "161")


def test_expelling_diplomats_is_a_sanction_expelling_private_people_a_deportation(annotate):
    diplomats = _best(annotate("Poland expelled three Belarusian diplomats on Monday.").events)
    assert diplomats is not None and diplomats.type == "SANCTION"
    reporters = _best(annotate("The Ethiopian government expelled two Kenyan journalists.").events)
    assert reporters is not None and (reporters.type, reporters.cameo) == ("COERCE", "174")


def test_a_synset_phrase_needs_all_its_words(annotate):
    # &WEAPON holds "tear gas": gas deliveries are no weapon, so halting them is no de-escalation
    best = _best(annotate("Russia halted gas deliveries to Ukraine on Thursday.").events)
    assert best is not None and best.type == "SANCTION"
    tear_gas = _best(annotate("Riot police fired tear gas at the protesters in Nairobi.").events)
    assert tear_gas is not None and tear_gas.type == "ASSAULT"


def test_voting_against_a_policy_is_a_rejection(annotate):
    # "VOTE * (AGAINST)": a bare "against" names what is opposed, a party or a policy
    best = _best(annotate("The Serbian parliament voted against the peace plan on Friday.").events)
    assert best is not None and best.type == "REJECT"


def test_a_plan_announced_is_the_intent_of_what_is_planned(annotate):
    # "ANNOUNCE * PLANS" is an intent to cooperate whatever the plan; the plan says which intent
    best = _best(annotate("The Iranian government announced plans to expel the UN inspectors.").events)
    assert best is not None and best.type == "THREATEN" and best.future
    rejected = annotate("China rejected a plan to impose sanctions on North Korea.").events
    assert _best(rejected).type == "REJECT" and all(e.type != "THREATEN" for e in rejected)


def test_demonstrating_something_is_no_protest(annotate):
    for text in ("The Kenyan opposition demonstrated its strength in Nairobi.",
                 "The Kenyan government demonstrated that it had kept its promise."):
        assert all(e.type not in ("PROTEST", "ACCUSE") for e in annotate(text).events)
    marched = _best(annotate("Thousands of students demonstrated in Tehran against the election results.").events)
    assert marched is not None and marched.type == "PROTEST"


def test_phrasal_rejections_and_handovers(annotate):
    declined = _best(annotate("Syria turned down an invitation to attend the peace conference.").events)
    assert declined is not None and declined.type == "REJECT"
    handed = _best(annotate("The Ugandan rebels handed over 200 prisoners to the Red Cross.").events)
    assert handed is not None and handed.type == "CONCEDE"


def test_a_mission_is_the_event_its_modifier_names(annotate):
    # "undertook a mediation mission" is mediation, as "mediation efforts" is: the light verb carries it
    best = _best(annotate("The Qatari foreign minister undertook a mediation mission between Sudan and Chad.").events)
    assert best is not None and best.type == "CONSULT"
    # a mission that names no event is none: "the UN mission" is an organisation
    assert all(e.trigger.text != "mission" for e in annotate(
        "The UN mission in Congo reported the new figures on Monday.").events)


def test_allowing_is_a_concession(annotate):
    # CAMEO codes ALLOW / PERMIT as yielding (080), which PLOVER reads as CONCEDE, not an intent
    best = _best(annotate("The Egyptian government allowed the opposition party to hold a rally in Cairo.").events)
    assert best is not None and (best.type, best.trigger.text) == ("CONCEDE", "allowed")
    permitted = _best(annotate("Israel permitted Palestinian farmers to enter the border zone.").events)
    assert permitted is not None and permitted.type == "CONCEDE"


def test_failing_to_act_is_not_the_act(annotate):
    events = annotate("The Serbian government failed to comply with the tribunal's orders.").events
    assert _best(events) is not None and _best(events).type == "REJECT"  # as "did not comply"
    kept = [e for e in annotate("The Kenyan police failed to protect the protesters in Nairobi.").events
            if e.trigger.text == "protect"]
    assert kept and all(e.negated for e in kept)


def test_an_obligation_in_a_noun_of_saying_is_a_demand(annotate):
    # "said Y must" and "issued a statement that Y must" are both the speaker's demand of Y
    best = _best(annotate("The German chancellor issued a statement on Friday that Serbia must withdraw "
                          "its troops from the border.").events)
    assert best is not None and best.type == "REQUEST"
    assert [p.text for p in best.actors] and all("Serbia" not in p.text for p in best.actors)
    stated = annotate("The Kenyan minister issued a statement that the talks will resume in Nairobi.").events
    assert all(e.type != "REQUEST" for e in stated)  # no obligation stated, no demand
