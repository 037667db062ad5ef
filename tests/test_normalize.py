"""The name keys of newsgraph.knowledge.normalize: each equals the function it replaced, and the
examples that show why they are kept apart (merging any two would change real keys)."""

from __future__ import annotations

import re

from anyascii import anyascii
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.knowledge.normalize import ascii_casefold_key, casefold_key, mention_key, name_key, normalize

# Names as news writes them: letters with diacritics, apostrophes of three kinds, dots, "&", hyphens.
NAMES = st.text(st.sampled_from(list("aAbBsSzZ éüčÉ'’ʼ.&-_@theTHE")), max_size=20) | st.text(max_size=20)

_OLD_POSSESSIVE = re.compile(r"(?:['’ʼ]s|s['’ʼ])$", re.IGNORECASE)


def old_graph_normalize_name(name: str) -> str:  # graph/entities.py before the keys were gathered
    stripped = _OLD_POSSESSIVE.sub(lambda m: "s" if m.group(0).lower().startswith("s") else "", name.strip())
    return normalize(stripped) or name.strip().casefold()


def old_rules_norm(text: str) -> str:  # language/entities/rules.py
    key = anyascii(text).lower().strip()
    key = re.sub(r"['’]s?$", "", key).strip()
    key = re.sub(r"^the\s+", "", key)
    key = key.replace("&", "and")
    return re.sub(r"[^\w]+", " ", key).strip()


def old_geoparse_norm(text: str) -> str:  # language/places/geoparse.py _norm
    return " ".join(text.casefold().split())


def old_geoparse_fold(text: str) -> str:  # language/places/geoparse.py _fold
    return old_geoparse_norm(anyascii(text)).replace("-", " ")


@given(NAMES)
def test_each_key_equals_the_function_it_replaced(name: str) -> None:
    assert name_key(name) == old_graph_normalize_name(name)
    assert mention_key(name) == old_rules_norm(name)
    assert casefold_key(name) == old_geoparse_norm(name)
    assert ascii_casefold_key(name) == old_geoparse_fold(name)


def test_name_key_drops_the_possessive_that_normalize_keeps() -> None:
    assert name_key("Vučić's") == name_key("Vucic") == "vucic"
    assert name_key("Reuters'") == "reuters"
    assert name_key("Downtown St. John's") == "downtown st john"
    assert normalize("Downtown St. John's") == "downtown st johns"


def test_mention_key_breaks_words_where_normalize_joins_them() -> None:
    assert (mention_key("U.S."), normalize("U.S.")) == ("u s", "us")
    assert (mention_key("Amazon.com"), normalize("Amazon.com")) == ("amazon com", "amazoncom")
    assert (mention_key("AT&T"), normalize("AT&T")) == ("atandt", "at and t")
    assert mention_key("the Bosnia & Herzegovina") == normalize("the Bosnia & Herzegovina") == "bosnia and herzegovina"


def test_casefold_keys_are_stricter_than_normalize() -> None:
    assert casefold_key("Zürich") != casefold_key("Zurich")
    assert ascii_casefold_key("Zürich") == ascii_casefold_key("Zurich") == "zurich"
    assert ascii_casefold_key("Saint-Denis") == ascii_casefold_key("saint denis")
    assert ascii_casefold_key("St. Louis") != ascii_casefold_key("St Louis")
    assert normalize("St. Louis") == normalize("St Louis")
    assert casefold_key("U.S.") != casefold_key("US") and normalize("U.S.") == normalize("US")
