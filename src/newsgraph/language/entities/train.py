"""Train the coarse news NER (PER/ORG/LOC/MISC) that ships in the package, on CPU, reproducibly.

    make ner-model          # = python -m newsgraph.language.entities.train \
                            #     --data ../shared/data/ner/conll2003/eng.train --install

The general spaCy model is trained on OntoNotes and misses many names of wire news (sports
clubs, agencies, names in capitals); a small CNN tagger trained on annotated news finds them
(CoNLL-2003 dev F1 0.881 inside newsgraph vs 0.710 without it). The entities stage merges its
spans with the general model's finer types (:func:`newsgraph.language.entities.coarse.merge_coarse`).

Everything that decides the weights is in the repository: the training config
(``ner_train.cfg``, spaCy's own format, seed 0), this script's conversion of the CoNLL file (the
last tenth of its documents is held out for spaCy's model selection, so no evaluation split is
used for training) and the versions recorded in the model's ``MANIFEST.json`` with the SHA-256 of
the training file. ``--install`` copies the best model into ``models/ner_conll`` with an empty string
table: the weights hash token features, so no word list of the training text is shipped. ``--out`` alone leaves the full spaCy output for inspection.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ...errors import InputError
from ..nlp import PACKAGED_NER as PACKAGED


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


CONFIG = Path(__file__).with_name("ner_train.cfg")


def train(data: Path, out: Path, steps: int | None = None) -> Path:
    """Train with the repository's config and return the best model's path (``out/model-best``)."""
    import spacy
    from spacy.cli.train import train as spacy_train

    docs = read_iob(data)
    cut = max(1, len(docs) // 10)
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("en").vocab
    docbin(docs[:-cut], vocab).to_disk(out / "train.spacy")
    docbin(docs[-cut:], vocab).to_disk(out / "dev.spacy")
    overrides = {"paths.train": str(out / "train.spacy"), "paths.dev": str(out / "dev.spacy")}
    if steps:
        overrides["training.max_steps"] = steps
    spacy_train(CONFIG, out, overrides=overrides)
    return out / "model-best"


def sha256(path: Path) -> str:
    import hashlib

    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def install(best: Path, data: Path, dest: Path = PACKAGED, steps: int | None = None) -> Path:
    """Copy a trained model into the package with a minimal string table and a manifest."""
    import json
    import shutil

    import spacy
    import thinc

    if dest.exists():
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    spacy.load(best).to_disk(dest)
    # The weights hash each token's features and the labels live in the NER's own files, so the
    # string table (every word of the training text) is not needed: predictions are identical.
    (dest / "vocab" / "strings.json").write_text("[]", encoding="utf-8")
    config = (dest / "config.cfg").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(train|dev) = .*$", r"\1 = null", config)  # the working folder's paths
    (dest / "config.cfg").write_text(config, encoding="utf-8")
    meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    manifest = {
        "trained_with": "python -m newsgraph.language.entities.train --data eng.train --install",
        "training_file_sha256": sha256(data),
        "config_sha256": sha256(CONFIG),
        "max_steps_override": steps,
        "spacy": spacy.__version__,
        "thinc": thinc.__version__,
        "dev_scores": meta.get("performance", {}),
    }
    (dest / "MANIFEST.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                        encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m newsgraph.language.entities.train")
    p.add_argument("--data", required=True, help="CoNLL-2003-format training file (IOB tags)")
    p.add_argument("--out", default=None, help="working directory for spaCy's output (default: a temporary one)")
    p.add_argument("--install", action="store_true", help=f"copy the best model into the package ({PACKAGED})")
    p.add_argument("--steps", type=int, default=None, help="override the config's max_steps (4000)")
    args = p.parse_args(argv)
    if not args.out and not args.install:
        p.error("give --out DIR, --install, or both")
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix="newsgraph-ner-") as tmp:
            out = Path(args.out).expanduser() if args.out else Path(tmp)
            best = train(Path(args.data), out, args.steps)
            if args.install:
                best = install(best, Path(args.data), steps=args.steps)
    except (InputError, OSError) as exc:
        print(f"cannot train: {exc}", file=sys.stderr)
        return 2
    print(f"trained model: {best}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
