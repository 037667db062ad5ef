"""Build the optional trained coarse NER (PER/ORG/LOC/MISC) from CoNLL-format news, on CPU.

    python -m newsgraph.language.ner_train --data ../shared/data/ner/conll2003/eng.train \\
        --out ~/.cache/newsgraph/ner-conll [--steps 4000]

The general spaCy model is trained on OntoNotes and misses many names of wire news (sports
clubs, agencies, names in capitals); a small CNN tagger trained on annotated news finds them.
The entities stage uses it when given its path (stage config ``trained`` or env
``NEWSGRAPH_NER_TRAINED``) and keeps the general model's finer types (see
:func:`newsgraph.language.ner_rules.merge_coarse`). The model is built by the user from data
they hold; it is never shipped in the package nor downloaded. The last tenth of the documents is
held out for spaCy's model selection, so no evaluation split is used for training.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError


def read_iob(path: Path) -> list[list[tuple[list[str], list[str]]]]:
    """Documents of sentences (words, IOB tags) from a CoNLL-2003 file (last column = tag)."""
    docs: list[list[tuple[list[str], list[str]]]] = [[]]
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("-DOCSTART-") or not line.strip():
            if words:
                docs[-1].append((words, tags))
                words, tags = [], []
            if line.startswith("-DOCSTART-") and docs[-1]:
                docs.append([])
            continue
        cols = line.split()
        words.append(cols[0])
        tags.append(cols[-1])
    docs = [d for d in docs if d]
    if not docs:
        raise InputError(str(path), "holds no CoNLL sentences (expected 'WORD ... TAG' lines)")
    return docs


def to_biluo_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity token spans from IOB1 or IOB2 tags."""
    spans, start, kind = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if kind is not None and (tag == "O" or begins):
            spans.append((start, i, kind))
            start, kind = None, None
        if begins:
            start, kind = i, label
    return spans


def docbin(docs, vocab):
    from spacy.tokens import Doc, DocBin, Span

    out = DocBin()
    for sentences in docs:
        words = [w for s, _ in sentences for w in s]
        starts = [i == 0 for s, _ in sentences for i in range(len(s))]
        doc = Doc(vocab, words=words, sent_starts=starts)
        ents, offset = [], 0
        for s, tags in sentences:
            ents += [Span(doc, a + offset, b + offset, label=k) for a, b, k in to_biluo_spans(tags)]
            offset += len(s)
        doc.ents = ents
        out.add(doc)
    return out


def train(data: Path, out: Path, steps: int = 4000) -> Path:
    """Train and return the path of the best model (``out/model-best``)."""
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.cli.train import train as spacy_train

    docs = read_iob(data)
    cut = max(1, len(docs) // 10)
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("en").vocab
    docbin(docs[:-cut], vocab).to_disk(out / "train.spacy")
    docbin(docs[-cut:], vocab).to_disk(out / "dev.spacy")
    config = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False)
    config["training"]["max_steps"] = steps
    config["training"]["eval_frequency"] = 500
    config.to_disk(out / "config.cfg")
    spacy_train(out / "config.cfg", out, overrides={"paths.train": str(out / "train.spacy"),
                                                    "paths.dev": str(out / "dev.spacy")})
    return out / "model-best"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m newsgraph.language.ner_train")
    p.add_argument("--data", required=True, help="CoNLL-2003-format training file (IOB tags)")
    p.add_argument("--out", required=True, help="directory for the model")
    p.add_argument("--steps", type=int, default=4000)
    args = p.parse_args(argv)
    try:
        best = train(Path(args.data), Path(args.out).expanduser(), args.steps)
    except (InputError, OSError) as exc:
        print(f"cannot train: {exc}", file=sys.stderr)
        return 2
    print(f"trained model: {best}  (use it with NEWSGRAPH_NER_TRAINED={best})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
