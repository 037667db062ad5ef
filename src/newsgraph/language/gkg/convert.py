"""Convert the Phoenix issue dictionary (PETRARCH2's ``Phoenix.IssueCoding.txt``, MIT) into the
phrase → theme table the themes matcher reads (``data/themes.tsv``).

Run once when the dictionary changes::

    python -m newsgraph.language.gkg.convert ../shared/vendor/petrarch2/Phoenix.IssueCoding.txt

What the dictionary's format means (PETRARCH2's ``dictionaries.rst``, "Issues List") and how each
line is converted:

1. ``phrase [CODE]``: the phrase gives the theme CODE. Expansions apply to the word that follows
   them: ``n:`` the noun's singular and plural, ``v:`` the regular verb forms (-s, -ed, -ing),
   ``+`` a space or a hyphen between two words. Every form is written out, lower-cased, one row
   per form; since the matcher splits text and phrases on spaces and hyphens alike, ``+``
   becomes a space.
2. ``~phrase`` and ``~~phrase``: ignore phrases. PETRARCH2 cancels the sentence's issues when one
   occurs; here an ignore phrase cancels the themes of its own ``<ISSUE>`` block only (``~``: in
   that sentence, ``~~``: in the whole article), so "financial literacy" does not silence an
   unrelated theme of the same sentence.
3. ``#`` starts a comment; a line without a ``[CODE]`` (an unfinished entry) is skipped.

Output rows: ``form<TAB>theme<TAB>block`` with ``theme`` ``~`` / ``~~`` for ignore phrases.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_BLOCK = re.compile(r'<ISSUE CATEGORY="([^"]+)"')
_ENTRY = re.compile(r"^(?P<phrase>[^\[]+?)\s*\[(?P<code>[A-Z0-9_\-]+)\]")
_WORD = re.compile(r"[^\W_]+")


def plural(noun: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def verb_forms(verb: str) -> list[str]:
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if re.search(r"[^aeiou]y$", verb):
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    return [verb, plural(verb), verb + "ed", verb + "ing"]


def expand(phrase: str) -> list[str]:
    """Every form of a dictionary phrase, as words joined by single spaces."""
    forms = [[]]
    for word in phrase.lower().split():
        if word.startswith("n:"):
            options = [word[2:], plural(word[2:])]
        elif word.startswith("v:"):
            options = verb_forms(word[2:])
        else:
            options = [word]
        forms = [[*done, option] for done in forms for option in options]
    return sorted({key(" ".join(words)) for words in forms} - {""})


def key(text: str) -> str:
    """The matching key of a phrase or of text: its words, lower-cased, joined by spaces (``+``,
    hyphens and apostrophes separate words, as they do in the matcher)."""
    return " ".join(_WORD.findall(text.lower()))


def convert(lines: list[str]) -> list[tuple[str, str, str]]:
    rows: set[tuple[str, str, str]] = set()
    block = ""
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        found = _BLOCK.search(raw)
        if found:
            block = found.group(1)
            continue
        if not line or line.startswith("<"):
            continue
        if line.startswith("~"):
            marker = "~~" if line.startswith("~~") else "~"
            rows.update((form, marker, block) for form in expand(line.lstrip("~")))
            continue
        entry = _ENTRY.match(line)
        if entry:
            rows.update((form, entry.group("code"), block) for form in expand(entry.group("phrase")))
    return sorted(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m newsgraph.language.gkg.convert Phoenix.IssueCoding.txt", file=sys.stderr)
        return 2
    source = Path(argv[0])
    rows = convert(source.read_text("utf-8", errors="replace").splitlines())
    out = Path(__file__).parent / "data" / "themes.tsv"
    header = ("# phrase form\ttheme (~ ~~: ignore in sentence, article)\tissue block; converted from "
              "PETRARCH2 Phoenix.IssueCoding.txt (MIT, see LICENSE.txt and PROVENANCE.md)\n")
    out.write_text(header + "".join("\t".join(row) + "\n" for row in rows), "utf-8")
    print(f"{len(rows)} rows written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
