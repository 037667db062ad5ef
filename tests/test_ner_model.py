"""The packaged news NER: present, loadable, tied to the training config in the repository,
switchable off, and a clear error when a configured model is missing."""

from __future__ import annotations

import json

import pytest

from newsgraph.errors import PipelineError
from newsgraph.language import nlp as nlp_mod
from newsgraph.language.entities import train as ner_train


def test_packaged_model_is_the_one_the_repository_config_trains():
    manifest = json.loads((nlp_mod.PACKAGED_NER / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["config_sha256"] == ner_train.sha256(ner_train.CONFIG)
    assert len(manifest["training_file_sha256"]) == 64
    shipped = (nlp_mod.PACKAGED_NER / "config.cfg").read_text(encoding="utf-8")
    trained = ner_train.CONFIG.read_text(encoding="utf-8")
    assert shipped == trained  # same settings, and no working-folder paths left in it
    size = sum(f.stat().st_size for f in nlp_mod.PACKAGED_NER.rglob("*") if f.is_file())
    assert size < 50 * 2**20


def test_packaged_model_ships_no_word_list_and_still_tags():
    strings = json.loads((nlp_mod.PACKAGED_NER / "vocab" / "strings.json").read_text(encoding="utf-8"))
    assert strings == []
    tagger = nlp_mod.trained_tagger()
    assert sorted(tagger.get_pipe("ner").labels) == ["LOC", "MISC", "ORG", "PER"]
    doc = tagger("Juventus beat Lazio 2-1 in Turin on Sunday , said coach Marcello Lippi .")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Marcello Lippi", "PER") in found and ("Turin", "LOC") in found


@pytest.mark.parametrize("value", ["off", "OFF", "none", "false", "0", False])
def test_trained_ner_can_be_turned_off(value, monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_NER_TRAINED", raising=False)
    assert nlp_mod.trained_path(value) is None
    assert nlp_mod.trained_tagger(value) is None


def test_env_and_default_choose_the_model(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSGRAPH_NER_TRAINED", raising=False)
    assert nlp_mod.trained_path() == str(nlp_mod.PACKAGED_NER)
    monkeypatch.setenv("NEWSGRAPH_NER_TRAINED", "off")
    assert nlp_mod.trained_path() is None
    assert nlp_mod.trained_path(str(tmp_path)) == str(tmp_path)  # the stage config wins
    monkeypatch.setenv("NEWSGRAPH_NER_TRAINED", str(tmp_path / "nowhere"))
    with pytest.raises(PipelineError, match="not found.*NEWSGRAPH_NER_TRAINED=off"):
        nlp_mod.trained_tagger()


def test_rules_only_pipeline_still_finds_entities(monkeypatch):
    import newsgraph

    monkeypatch.setenv("NEWSGRAPH_NER_TRAINED", "off")
    article = newsgraph.analyze(b"<html><body><article><p>President Emmanuel Macron met Olaf Scholz "
                                b"in Berlin on Monday to discuss NATO spending.</p></article></body></html>")
    names = {e.name for e in article.entities}
    assert {"Emmanuel Macron", "Olaf Scholz"} <= names
