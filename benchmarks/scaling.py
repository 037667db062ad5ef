"""Cost against text length: one document of 10 KB, 100 KB and 1 MB of news text, analysed whole.

    python -m benchmarks scaling --data ../shared/data/corpus/wikinews/articles.jsonl

Each text is news paragraphs joined (the corpus' articles in order, again from the first when it
runs out), built at run time and never stored. Each size runs in a fresh Python process, so its
peak memory (the process's maximum RSS, models included) is its own; the models are loaded and a
short warm-up document analysed before the clock starts. Reported per size: wall and CPU seconds of
``Pipeline.process`` (extraction and every stage), seconds per KB, that cost relative to the 10 KB
one, peak RSS and what was found. The goals (issue 13): cost per KB within 1.5x from 10 KB to 1 MB,
and 1 MB analysed in under 60 s and 1.5 GB. Wall seconds depend on what else the machine runs;
the load average is printed with them, and CPU seconds are less sensitive to it.

Without the dataset the texts are built from the project's own examples (``examples/*.txt`` and
the texts of ``examples/articles.jsonl``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import parser, report

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10 KB": 10_000, "100 KB": 100_000, "1 MB": 1_000_000}
#: The goals of issue 13.
MAX_RATIO, MAX_SECONDS, MAX_PEAK_MB = 1.5, 60.0, 1500.0


def paragraphs(data: Path) -> list[str]:
    """News texts to join: the corpus' texts (JSONL with a ``text`` field), else our examples."""
    if data.exists():
        with open(data, encoding="utf-8") as handle:
            return [t for t in (json.loads(line).get("text", "") for line in handle if line.strip()) if t.strip()]
    examples = ROOT / "examples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(examples.glob("*.txt"))]
    jsonl = examples / "articles.jsonl"
    if jsonl.exists():
        texts += [json.loads(line).get("text", "") for line in jsonl.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return [t for t in texts if t.strip()]


def build(texts: list[str], size: int) -> str:
    """``size`` characters of ``texts`` joined by blank lines, cut at the last paragraph break."""
    parts, length, i = [], 0, 0
    while length < size:
        parts.append(texts[i % len(texts)].strip())
        length += len(parts[-1]) + 2
        i += 1
    text = "\n\n".join(parts)[:size]
    cut = text.rfind("\n\n")
    return text[:cut] if cut > size // 2 else text


def child(path: str) -> int:
    """In a fresh process: load, warm up, then analyse the text file at ``path`` once."""
    from newsgraph import Pipeline, read

    pipeline = Pipeline()
    pipeline.setup()
    warm = Path(path).with_name("warm-up.txt")
    warm.write_text("Ministers met in Oslo on Monday. \"We agreed,\" said Anna Berg.\n", encoding="utf-8")
    pipeline.process(next(iter(read([str(warm)]))))
    (doc,) = list(read([path]))  # read as the CLI reads it, before the clock starts
    wall, cpu = time.monotonic(), time.process_time()
    article = pipeline.process(doc)
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(json.dumps({
        "chars": len(article.text), "seconds": wall, "cpu_seconds": cpu, "peak_mb": peak,
        "mentions": len(article.mentions), "quotes": len(article.quotes), "events": len(article.events),
        "dates": len(article.dates), "capped": [n.stage for n in article.stage_notes if n.status == "capped"],
    }))
    return 0


def measure(text: str, folder: Path, name: str) -> dict:
    path = folder / f"{name.replace(' ', '')}.txt"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "benchmarks", "scaling", "--child", str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {name} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    p = parser("scaling", "../shared/data/corpus/wikinews/articles.jsonl")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args.child)
    data = Path(args.data)
    texts = paragraphs(data)
    source = str(data) if data.exists() else "examples/ (dataset absent)"
    notes = [f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"]
    systems: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, size in SIZES.items():
            systems[name] = measure(build(texts, size), Path(tmp), name)
    base = systems["10 KB"]
    for row in systems.values():
        kb = row["chars"] / 1000
        row["s_per_kb"], row["cpu_s_per_kb"] = row["seconds"] / kb, row["cpu_seconds"] / kb
        row["ratio"] = row["s_per_kb"] / (base["seconds"] / (base["chars"] / 1000))
        row["cpu_ratio"] = row["cpu_s_per_kb"] / (base["cpu_seconds"] / (base["chars"] / 1000))
        row["capped"] = ",".join(row["capped"]) or "no"
    big = systems["1 MB"]
    notes.append(f"load average at the end {os.getloadavg()[0]:.1f}")
    notes.append(f"goals: cost per KB 1 MB / 10 KB {big['ratio']:.2f}x wall, {big['cpu_ratio']:.2f}x CPU "
                 f"(<= {MAX_RATIO}); 1 MB in {big['seconds']:.1f} s wall, {big['cpu_seconds']:.1f} s CPU "
                 f"(< {MAX_SECONDS:g}); peak {big['peak_mb']:.0f} MB (< {MAX_PEAK_MB:g})")
    report("scaling", source, len(SIZES), systems, args.json, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
