"""Convert the PETRARCH2 verb dictionary, discard list and the PLOVER CAMEO table into package data.

    python tools/convert_cameo_verbs.py /work/shared/vendor

writes ``src/newsgraph/language/events/data/``: ``cameo_verbs.json`` (synsets, verbs, pattern blocks
from ``petrarch2/CAMEO.2.0.txt``), ``discards.txt`` (``petrarch2/Phoenix.discards.txt``) and
``cameo_plover.json`` (``plover/CAMEO2PLOVER-2021.txt``). What is kept and what is dropped is said
in ``data/PROVENANCE.md``; this script is the exact record of it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "language" / "events" / "data"
_CODE = re.compile(r"\[([^\]]*)\]")


def _strip(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _plurals(word: str) -> list[str]:
    """The regular plurals the dictionary format generates for a noun (dictionaries.rst)."""
    if word.endswith("ss"):
        return [word, word + "es"]
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return [word, word[:-1] + "ies"]
    return [word, word + "s"]


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    name = None
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            break
        line = _strip(raw).strip()
        if line.startswith("&"):
            name = line[1:].strip()
            synsets[name.rstrip("_")] = []
        elif line.startswith("+") and name:
            phrase = line[1:].strip()
            no_plural = name.endswith("_") or phrase.endswith("_")
            phrase = phrase.rstrip("_").replace("_", " ").lower()
            forms = [phrase] if no_plural or " " in phrase else _plurals(phrase)
            synsets[name.rstrip("_")].extend(forms)
    return {k: sorted(set(v)) for k, v in synsets.items()}


def _terms(text: str) -> list[str]:
    """Pattern half → terms: "word", "a b" (a phrase, last word its head), "&SYN", "prep:term"."""
    text = text.replace("$", " ").replace("+", " ").replace("%", " ").replace("^", " ")
    out: list[str] = []
    for m in re.finditer(r"\(([^)]*)\)|\{([^}]*)\}|(\S+)", text):
        if m.group(1) is not None:
            inner = m.group(1).replace("{", " ").replace("}", " ").split()
            if inner:
                out.append(f"{inner[0].lower()}:{' '.join(_word(w) for w in inner[1:])}")
        elif m.group(2) is not None:
            words = m.group(2).split()
            if words:
                out.append(" ".join(_word(w) for w in words))
        else:
            out.append(_word(m.group(3)))
    return [t for t in out if t]


def _word(w: str) -> str:
    return w if w.startswith("&") else w.replace("_", " ").lower()


def _verb(entry: str) -> tuple[str, list[str], list[str]] | None:
    """A verb line → (verb word, words before it, words after it); "+CORDON_OFF" → cordon, [], [off]."""
    head = entry.split("{", 1)[0].strip().lstrip("+") if entry.startswith("+") else entry.split("{", 1)[0]
    words = head.strip().split("_") if "_" in head.strip() else head.split()
    if not words:
        return None
    marked = next((i for i, w in enumerate(words) if w.startswith("+")), 0 if entry.startswith("+") else None)
    if marked is None:
        marked = 0
    words = [w.lstrip("+").lower() for w in words if w.lstrip("+")]
    if not words or marked >= len(words):
        return None
    return words[marked], words[:marked], words[marked + 1 :]


def read_verbs(lines: list[str]) -> tuple[dict, list]:
    verbs: dict[str, list] = {}
    blocks: list[dict] = []
    started = False
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            started = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line = _strip(raw)
        if not started or not line.strip():
            continue
        if line.startswith("---"):
            code = _CODE.search(line)
            blocks.append({"code": _first(code.group(1)) if code else None, "patterns": []})
        elif line.startswith("-") and blocks:
            code = _CODE.search(line)
            if not code:
                continue
            body = line[1 : code.start()]
            pre, _, post = body.partition("*")
            blocks[-1]["patterns"].append([_first(code.group(1)), _terms(pre), _terms(post)])
        elif blocks and not line.startswith(("~", "&", " ")):
            code = _CODE.search(line)
            found = _verb(line[: code.start()] if code else line)
            if found is None:
                continue
            word, before, after = found
            own = _first(code.group(1)) if code else None
            verbs.setdefault(word, []).append([len(blocks) - 1, own, before, after])
    for block in blocks:
        block["patterns"] = _last_wins(block["patterns"])
    return verbs, blocks


def _last_wins(patterns: list) -> list:
    """PETRARCH2 stores patterns in a trie, so a pattern written twice keeps its last code."""
    kept: dict[str, list] = {}
    for code, pre, post in patterns:
        key = json.dumps([pre, post])
        kept.pop(key, None)
        kept[key] = [code, pre, post]
    return list(kept.values())


def _first(code: str) -> str | None:
    """"042:043" codes the source's act first (the second is the reverse reading): keep the first;
    "---" is the null code (no event)."""
    first = code.split(":")[0].strip()
    return None if not first or first.startswith("-") else first


#: TABARI's chronology markers ("years ago", "world war ii", "april 1942"): newsgraph flags a past
#: event as historical instead of dropping the sentence.
_HISTORY = re.compile(r"\bago\b|world war|centur|pearl harbor|\b1[0-9]{3}\b")


def read_discards(lines: list[str]) -> list[str]:
    """Phrases, lower case; a trailing "_" (whole word) is kept, "+" (story-level) is dropped since we
    read them per sentence; chronology markers are dropped."""
    out = set()
    for raw in lines:
        line = _strip(raw).strip()
        if not line or line.startswith("<"):
            continue
        phrase = " ".join(line.lstrip("+").lower().split())
        if phrase.rstrip("_").isdigit() or _HISTORY.search(phrase):
            continue
        out.add(phrase)
    return sorted(out)


def read_plover(lines: list[str]) -> dict[str, list]:
    table: dict[str, list] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("~") or ":" not in line:
            continue
        code, _, rest = line.partition(":")
        parts = [p.strip() for p in rest.split(",")]
        kind = parts[0]
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        context = parts[2] if len(parts) > 2 and parts[2] else None
        table.setdefault(code.strip(), [kind, mode, context])
    return table


def main(argv: list[str]) -> int:
    vendor = Path(argv[0]) if argv else Path("/work/shared/vendor")
    cameo = (vendor / "petrarch2" / "CAMEO.2.0.txt").read_text("latin-1").splitlines()
    verbs, blocks = read_verbs(cameo)
    about = ("CAMEO verb dictionary converted from PETRARCH2 CAMEO.2.0.txt (MIT, (c) 2015 Open Event Data "
             "Alliance; see LICENSE-petrarch2.txt, PROVENANCE.md). verbs: lemma -> [[block, own code, words "
             "before, words after]]; blocks: [{code, patterns: [[code, terms before *, terms after *]]}]; "
             "a term is a word, a phrase (last word its head), &SYNSET, or prep:term.")
    data = {"_about": about, "synsets": read_synsets(cameo), "verbs": verbs, "blocks": blocks}
    (OUT / "cameo_verbs.json").write_text(json.dumps(data, separators=(",", ":")) + "\n", "utf-8")
    discards = read_discards((vendor / "petrarch2" / "Phoenix.discards.txt").read_text("latin-1").splitlines())
    header = ("# Discard phrases converted from PETRARCH2 Phoenix.discards.txt (MIT, (c) Open Event Data "
              "Alliance; LICENSE-petrarch2.txt).\n# A trailing _ means the phrase ends at a word boundary.\n")
    (OUT / "discards.txt").write_text(header + "\n".join(discards) + "\n", "utf-8")
    plover = read_plover((vendor / "plover" / "CAMEO2PLOVER-2021.txt").read_text("utf-8").splitlines())
    note = ("Derived from CAMEO2PLOVER-2021.txt, PLOVER manual draft 0.8 (2021), ed. Philip Schrodt, "
            "openeventdata/PLOVER; licensed CC BY-SA 4.0 (PLOVER-LICENSE.txt). CAMEO code -> [PLOVER type, "
            "mode, context].")
    out = {"_about": note, **plover}
    (OUT / "cameo_plover.json").write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", "utf-8")
    print(f"{len(verbs)} verbs, {len(blocks)} blocks, "
          f"{sum(len(b['patterns']) for b in blocks)} patterns, {len(discards)} discards, {len(plover)} codes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
