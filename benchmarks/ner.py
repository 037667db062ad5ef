"""NER quality on CoNLL-2003 (IOB1): newsgraph's NER vs the raw spaCy model, in the same run.

    .venv/bin/python -m benchmarks ner --data ../shared/data/ner/conll2003/eng.testa [--json]
        [--models sm,md] [--limit N] [--trained PATH|off]

Systems: ``newsgraph`` is the entities stage as shipped (spaCy + the packaged coarse news NER,
trained on ``eng.train`` only, + repair rules); ``newsgraph_rules_only`` the same without the
trained NER; ``spacy_raw`` the packaged spaCy model alone; ``trained_raw`` the trained NER alone.

Metric: exact-span entity micro precision / recall / F1, overall and per CoNLL type, as conlleval
and seqeval (default mode) count them. The file is read here (IOB1: ``I-X`` continues an entity of
type X, ``B-X`` starts a new one next to another X; documents split by ``-DOCSTART-``). Each
document is given to spaCy as its gold tokens with the gold sentence starts, so the score measures
recognition, not tokenisation. Both systems use the same parse of the same model, mapped to the
CoNLL types by :data:`LABEL_MAP`; newsgraph adds the trained NER's spans and the repairs of
``newsgraph.language.entities.rules`` run per document (the byline is unknown here, so the author rule is idle).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from benchmarks.common import parser, report, require

DEFAULT = "../shared/data/ner/conll2003/eng.testa"
TYPES = ("PER", "ORG", "LOC", "MISC")

#: OntoNotes → CoNLL. Dates, times, numbers, money and quantities are not CoNLL entities.
LABEL_MAP = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC", "MISC": "MISC",
}

Span = tuple[int, int, str]  # token start, token end (exclusive), CoNLL type


def read_conll(path: Path) -> list[tuple[list[list[str]], list[list[str]]]]:
    """Documents as (sentences of tokens, sentences of tags)."""
    docs: list[tuple[list[list[str]], list[list[str]]]] = []
    words: list[list[str]] = []
    tags: list[list[str]] = []
    sent_w: list[str] = []
    sent_t: list[str] = []

    def close_sentence() -> None:
        if sent_w:
            words.append(sent_w.copy())
            tags.append(sent_t.copy())
            sent_w.clear()
            sent_t.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_sentence()
            if words:
                docs.append((words, tags))
            words, tags = [], []
        elif not line.strip():
            close_sentence()
        else:
            cols = line.split()
            sent_w.append(cols[0])
            sent_t.append(cols[-1])
    close_sentence()
    if words:
        docs.append((words, tags))
    return docs


def iob1_spans(tags: list[str]) -> list[Span]:
    """Entity spans of one sentence (or a document's concatenated tags) in IOB1 or IOB2: the same
    reading the training script uses."""
    from newsgraph.language.entities.train import to_biluo_spans

    return to_biluo_spans(tags)


def gold_spans(docs: list[tuple[list[list[str]], list[list[str]]]]) -> list[set[Span]]:
    """Gold entity spans per document, as token offsets into the document's concatenated tokens."""
    gold = []
    for _, tags in docs:
        spans: set[Span] = set()
        offset = 0
        for sent in tags:  # entities never cross a sentence boundary
            spans.update((s + offset, e + offset, k) for s, e, k in iob1_spans(sent))
            offset += len(sent)
        gold.append(spans)
    return gold


def score(gold: Iterable[set[Span]], pred: Iterable[set[Span]]) -> dict[str, float]:
    tp: Counter = Counter()
    n_gold: Counter = Counter()
    n_pred: Counter = Counter()
    for g, p in zip(gold, pred, strict=True):
        for span in g:
            n_gold[span[2]] += 1
        for span in p:
            n_pred[span[2]] += 1
        for span in g & p:
            tp[span[2]] += 1
    out = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    for t in TYPES:
        for metric, value in _prf(tp[t], n_pred[t], n_gold[t]).items():
            out[f"{metric}_{t}"] = value
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": round(f, 4), "precision": round(p, 4), "recall": round(r, 4)}


def _to_spans(doc, found: Iterable[tuple[int, int, str]]) -> set[Span]:
    out: set[Span] = set()
    for start, end, label in found:
        kind = LABEL_MAP.get(label)
        span = doc.char_span(start, end, alignment_mode="expand")
        if kind and span is not None:
            out.add((span.start, span.end, kind))
    return out


def run_model(model: str, docs_in: list, kb, taggers: dict) -> tuple[dict, list[set[Span]], dict]:
    """Parse once; score the raw model, and newsgraph with each coarse tagger of ``taggers``
    (name → tagger or None for the rules alone), each on its own copy of the parses.

    Returns the raw model's speed and spans, and per name its speed and spans."""
    from spacy.tokens import Doc

    from newsgraph.language import nlp as nlp_mod

    nlp = nlp_mod.setup(model)
    raw_docs = []
    for sentences, _ in docs_in:
        words = [w for s in sentences for w in s]
        starts = [i == 0 for s in sentences for i in range(len(s))]
        raw_docs.append(Doc(nlp.vocab, words=words, sent_starts=starts))
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(raw_docs, batch_size=16))
    t_parse = time.perf_counter() - t0
    n = len(parsed)
    raw = [_to_spans(d, ((e.start_char, e.end_char, e.label_) for e in d.ents)) for d in parsed]
    systems = {}
    for name, tagger in taggers.items():
        copies = [d.copy() for d in parsed]
        t0 = time.perf_counter()
        spans = newsgraph_spans(copies, nlp, kb, tagger)
        systems[name] = ({"docs_per_s": round(n / (t_parse + time.perf_counter() - t0), 1)}, spans)
    return {"docs_per_s": round(n / t_parse, 1)}, raw, systems


def trained_alone(docs_in: list, trained) -> list[set[Span]]:
    """The trained coarse tagger by itself (its labels are CoNLL's already)."""
    from spacy.tokens import Doc

    out = []
    for sentences, _ in docs_in:
        words = [w for s in sentences for w in s]
        doc = trained(Doc(trained.vocab, words=words, sent_starts=[i == 0 for s in sentences for i in range(len(s))]))
        out.append({(e.start, e.end, e.label_) for e in doc.ents})
    return out


def newsgraph_spans(parsed: list, nlp, kb, trained=None) -> list[set[Span]]:
    """What the entities stage does to each zone's Doc (its own functions), scored as CoNLL spans."""
    from newsgraph.language.entities.stage import prepare_docs, repaired_names

    prepare_docs(parsed, nlp, kb, trained)
    ours = []
    for d in parsed:
        found = repaired_names({"text": d}, {"text": d.text}, kb=kb)["text"]
        ours.append(_to_spans(d, ((f.start, f.end, f.label) for f in found)))
    return ours


def main(argv: list[str]) -> int:
    p = parser("ner", DEFAULT)
    p.add_argument("--models", default=None, help="spaCy models to score, comma-separated (sm, md)")
    p.add_argument("--trained", default=None,
                   help="coarse NER to merge (default: the packaged one; a path from "
                        "newsgraph.language.entities.train, or 'off')")
    p.add_argument("--no-kb", action="store_true", help="run the rules without the knowledge base")
    args = p.parse_args(argv)
    path = require(args.data)
    from newsgraph.language import nlp as nlp_mod
    from newsgraph.language.entities.rules import kb_or_none

    docs = read_conll(path)[: args.limit]
    gold = gold_spans(docs)
    kb = None if args.no_kb else kb_or_none()
    trained = nlp_mod.trained_tagger(args.trained)
    systems: dict[str, dict] = {}
    models = (args.models or nlp_mod.model_name()).split(",")
    for model in models:
        suffix = "" if model == models[0] else f"_{model}"
        variants = {"newsgraph": trained, "newsgraph_rules_only": None} if trained is not None else {"newsgraph": None}
        raw_speed, raw, scored = run_model(model, docs, kb, variants)
        for name, (speed, spans) in scored.items():
            label = f"{model}+trained" if name == "newsgraph" and trained is not None else model
            systems[f"{name}{suffix}"] = {**score(gold, spans), **speed, "model": label}
        systems[f"spacy_raw{suffix}"] = {**score(gold, raw), **raw_speed, "model": model}
        if trained is not None and model == models[0]:
            systems["trained_raw"] = {**score(gold, trained_alone(docs, trained)), "model": "trained"}
    notes = [
        "label map (OntoNotes -> CoNLL): " + ", ".join(f"{k}->{v}" for k, v in LABEL_MAP.items())
        + "; DATE/TIME/CARDINAL/ORDINAL/MONEY/PERCENT/QUANTITY dropped",
        (f"knowledge base: {'used' if kb is not None else 'absent (KB rules idle)'}; "
         "docs_per_s = CoNLL documents per second on this machine (parse [+ rules])"),
    ]
    report("ner", args.data, len(docs), systems, args.json, notes)
    return 0
