"""The events benchmark's CAMEO-gold format, scored on events built by hand (no model)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import events as bench
from newsgraph.article import Event, Participant, Span

DATA = Path(__file__).parent / "data" / "cameo_sentences.jsonl"


def _event(cameo: str, actor: str | None, recipient: str | None, confidence: float = 0.5) -> Event:
    span = Span(0, 1, "x")
    return Event(id=cameo, type="X", sentence=span, trigger=span, cameo=cameo, confidence=confidence,
                 actors=[Participant("a", None, actor)] if actor else [],
                 recipients=[Participant("b", None, recipient)] if recipient else [])


def test_the_cameo_file_reads_as_the_second_format():
    rows = bench.load(DATA)
    assert bench.cameo_format(rows) and len(rows) == 12
    assert sum(bool(r["noevents"]) for r in rows) == 3


def test_score_cameo_pairs_gold_with_the_same_root_and_counts_false_events():
    rows = [
        {"text": "a", "events": [{"eventcode": "195", "sourcecode": "CHNMIL", "targetcode": "REB"}]},
        {"text": "b", "events": [{"eventcode": "040", "sourcecode": "BRAGOV", "targetcode": "ARGGOV"}]},
        {"text": "c", "events": [], "noevents": True},
        {"text": "d", "events": [], "noevents": True},
    ]
    coded = [
        [_event("0874", "CHN", None, 0.9), _event("190", "CHN", "USA", 0.2)],  # same root wins
        [_event("111", "BRA", "ARG")],  # wrong root, right parties
        [_event("190", "RUS", None)],  # a false event
        [],
    ]
    got = bench.score_cameo(rows, coded)
    assert got["cameo_root_acc"] == 0.5 and got["quad_class_acc"] == 0.5
    assert got["source_country_acc"] == 1.0  # CHN and BRA
    assert got["target_country_acc"] == 1.0  # REB is a role without a country; ARG found
    assert got["false_event_rate"] == 0.5 and got["coded"] == 1.0


def test_actor_country_reads_the_code_head():
    assert bench.actor_country("SRBGOV") == "SRB" and bench.actor_country("IGOWSTNAT") == "IGO"
    assert bench.actor_country("GOV") is None and bench.actor_country("") is None


def test_half_splits_by_the_ids_last_number():
    rows = [{"id": "GSR-AGREE-0001"}, {"id": "GSR-AGREE-0004"}, {"id": "GSR-FIGHT-0013"}, {"id": "x"}]
    assert [bench._half(r) for r in rows] == ["odd", "even", "odd", "even"]


def test_print_errors_lists_each_sentence_typed_wrong(capsys):
    rows = [{"id": "a-1", "text": "A met B.", "event": "CONSULT", "event_text": "met"},
            {"id": "a-2", "text": "A hit B.", "event": "FIGHT", "event_text": "hit"}]
    consult = _event("040", "AAA", "BBB")
    consult.type = "CONSULT"
    bench.print_errors(rows, [[consult], []])
    out = capsys.readouterr().out
    assert "ASSAULT    → -          1" in out  # FIGHT is read as ASSAULT; nothing was coded
    assert "a-2 gold ASSAULT [hit] coded: none" in out and "a-1" not in out
