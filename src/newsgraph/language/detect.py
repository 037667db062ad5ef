"""The language of an Article's text, checked against the language its page declares.

1. The page's own declaration (``<html lang>``, og:locale, a record's ``language``) is what
   extraction put in ``Article.language``; it is kept when the text agrees or is too short to say.
2. Otherwise the text decides: py3langid (langid.py's model, shipped inside the wheel, no download)
   over the first :data:`SAMPLE` characters of the body, title included. A page may declare
   nothing (one French page of the 60 below, which the function-word guess takes for Spanish) or
   carry a template's wrong ``lang``, and which stages run depends on the answer.
3. A guess below :data:`CONFIDENT` (short, mixed or unusual text) changes nothing.

Measured on the 60 pages of ``../shared/data/pages`` (languages as their provenance lists them:
45 English, 15 in seven other languages): :func:`article_language` is right on 60, py3langid alone
on 60, the declaration (else the function-word guess of :mod:`newsgraph.extract.metadata`) on 59,
that guess alone on 58. It costs 1–2 ms per article (about 2% of bare spaCy's parse of the same
wikinews texts) after loading its model once per process (0.06 s from the
cache directory; the first run unpacks it there, 0.4 s). On the English sets (wikinews, GeoWebNews,
the PLOVER sentences) it never answers another language: short sentences get None, the rest "en".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

    from ..article import Article

#: Characters of text the detector reads: enough for a stable answer, cheap on long pages. The
#: detector's cost grows with the sample; 2000 gives the same answer as 5000 on all 223 articles
#: of wikinews and ``../shared/data/pages`` (60 pages, 15 not in English) at two thirds of the cost.
SAMPLE = 2000
#: Normalised probability under which a detection is not trusted.
CONFIDENT = 0.9
#: Fewer letters than this and the text cannot overrule a declaration (a caption, a headline).
MIN_LETTERS = 80

_LETTER = re.compile(r"[^\W\d_]")
_DECLARED = re.compile(r"\s*([a-zA-Z]{2})(?:$|[-_\s])")
_IDENTIFIER: list[LanguageIdentifier] = []


def _identifier() -> LanguageIdentifier:
    if not _IDENTIFIER:
        _IDENTIFIER.append(_load_identifier())
    return _IDENTIFIER[0]


def _load_identifier() -> LanguageIdentifier:
    """py3langid's model, unpacked once per installed version and then read from the cache
    directory: the wheel ships it LZMA-compressed, and unpacking it costs every process (each
    ingest or Spark worker) 0.3–0.4 s; the unpacked copy (~70 MB) loads in about 0.06 s."""
    from importlib import metadata

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from ..knowledge.cache import cached

    def build() -> LanguageIdentifier:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

    try:
        version = metadata.version("py3langid")
    except metadata.PackageNotFoundError:
        return build()
    return cached("langid", version, build, LanguageIdentifier)


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when the text is too short or the guess unsure."""
    sample = text[:SAMPLE]
    if len(_LETTER.findall(sample[:4 * MIN_LETTERS])) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= CONFIDENT else None


def article_language(article: Article) -> str | None:
    """The language to record for ``article``: its declared one unless the text confidently says
    otherwise (see the module's steps)."""
    match = _DECLARED.match(article.language or "")
    declared = match.group(1).lower() if match else None
    detected = detect(f"{article.title or ''}\n{article.text}")
    return detected or declared
