"""Who paid for the story: foreign-agent notices, sponsored and partner content, press releases,
affiliate notes and corrections.

These notices are the page telling its reader that the text is not (only) the outlet's own
reporting. They are not body text: the text zoner cuts what :func:`find_disclosures` finds out of
the body and keeps it as :class:`~newsgraph.article.Disclosure` records.

Roles, as the US Foreign Agents Registration Act words them: the **agent** made or distributed the
material (a lobbying firm, a content studio, a wire service), the **principal** is on whose behalf
and usually at whose expense (a government, a company, a sponsor).
"""

from __future__ import annotations

import re
from functools import partial

from ..article import Disclosure
from .signals import LABELS, labelled

# Abbreviations whose period does not end a sentence inside a company name.
_ABBREV = re.compile(
    r"(?:\b(?:Inc|Ltd|Co|Corp|Bros|Jr|Sr|St|Mr|Mrs|Ms|Dr|No|U\.S|D\.C|S\.A|N\.V|Pty|Plc)|\b[A-Z])\.$"
)
# Words that open a new sentence, so "Sonic Ltd. It was…" ends at "Ltd." while "Acme Inc. on behalf" does not.
_STARTER = re.compile(
    r"\s+(?:It|Its|The|This|That|These|He|She|They|We|I|A|An|In|On|For|But|And|Additional|More|Further|"
    r"Information|Our|Read|See)\b"
)
_NAME = r"[^\n]{1,150}?"  # names are bounded: an unbounded lazy scan per near-miss is quadratic
_FARA_RE = re.compile(
    r"\b(?:is|are|was|were|has been|have been|being)\s+(?:distributed|disseminated|prepared|produced|"
    r"published|circulated)\s+by\s+(?P<agent>[^\n]{1,150}?)\s+on\s+behalf\s+of\s+(?P<principal>[^\n]{1,300})",
    re.IGNORECASE,
)
_FARA_FOLLOW = re.compile(
    r"^\s*(?:Additional|Further|More)\s+information\s+is\s+(?:available|on file)|"
    r"^\s*[^.\n]*\b(?:Department of Justice|Foreign Agents Registration Act|FARA)\b",
    re.IGNORECASE,
)
_FARA_HINT = re.compile(
    r"Department of Justice|Foreign Agents? Registration|\bFARA\b|distributed by", re.IGNORECASE
)

# Labels that open a line: (pattern, kind, which role the named party plays).
_LABELS: list[tuple[re.Pattern, str, str | None]] = [
    (
        re.compile(
            rf"^(?:Sponsored|Paid for|Funded|Underwritten)[ \t]+by[ \t]+(?P<name>{_NAME})[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        ),
        "sponsored",
        "principal",
    ),
    (
        re.compile(
            r"^(?:Sponsored(?:\s+(?:content|post|article|story|feature))?|Paid\s+(?:post|content|"
            r"partnership|promotion)|Promoted(?:\s+content)?|Brand(?:ed)?\s+content|Native\s+ad)[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        ),
        "sponsored",
        None,
    ),
    (
        re.compile(
            rf"^(?:Presented|Brought to you)[ \t]+by[ \t]+(?P<name>{_NAME})[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        ),
        "sponsored",
        "principal",
    ),
    (
        re.compile(
            r"^(?:Partner\s+content|Partner\s+(?:story|post)|Content\s+partnership)[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        ),
        "partner",
        None,
    ),
    (
        re.compile(
            rf"^(?:(?:Produced|Published|Created|Written)\s+)?in\s+(?:partnership|association|"
            rf"collaboration)\s+with[ \t]+(?P<name>{_NAME})\.?[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        ),
        "partner",
        "principal",
    ),
    (
        re.compile(
            r"^(?:Advertorial|Advertisement\s+feature|Advertiser\s+content|Paid\s+advertisement|"
            r"Special\s+advertising\s+(?:section|feature))[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        ),
        "advertorial",
        None,
    ),
    (
        re.compile(
            r"^(?:Press\s+release|News\s+release|Media\s+release)[ \t]*$", re.IGNORECASE | re.MULTILINE
        ),
        "press_release",
        None,
    ),
]
# "This article was produced by X('s content studio)[ for Y]" — a whole sentence anywhere.
_STUDIO_RE = re.compile(
    r"\bThis\s+(?:article|content|story|post|page|feature|series|video|podcast)\s+(?:was|is|has been)\s+"
    r"(?P<verb>produced|created|written|paid for|sponsored|funded|commissioned|underwritten)\s+(?:by|for|with)\s+"
    r"(?P<first>[^\n]{1,150}?)(?:\s+(?P<link>for|on behalf of|in partnership with|(?:and )?(?:paid for|sponsored|funded)"
    r" by|(?:and )?(?:produced|created|written) by)\s+(?P<second>[^\n]{1,150}?))?(?=\.(?:\s|$)|\n|$)",
    re.IGNORECASE,
)
_PAYS = re.compile(r"paid|sponsor|fund|commission|underwr|behalf|partnership|^for$", re.IGNORECASE)
_INLINE_SPONSOR = re.compile(
    r"\b(?i:sponsored|paid for|presented|brought to you|funded|underwritten) (?i:by)\s+(?P<name>[A-Z][^.;:\n]{1,80})"
)
_WIRES = {
    "business wire": "Business Wire",
    "globe newswire": "GlobeNewswire",
    "globenewswire": "GlobeNewswire",
    "accesswire": "ACCESSWIRE",
    "marketwired": "Marketwired",
    "prnewswire": "PR Newswire",
    "cnw": "CNW",
    "eprnewswire": "EPR Network",
}
_WIRE_RE = re.compile(
    r"[-–—]+\s*\(\s*(?P<wire>BUSINESS WIRE|GLOBE NEWSWIRE|ACCESSWIRE|Marketwired)\s*\)\s*[-–—]+"
    r"|/\s*(?P<slash>PRNewswire(?:-[\w-]+)?|CNW)\s*/\s*[-–—]*"
)
_WIRE_COMPANY = re.compile(
    r"^\s*(?P<name>[A-Z][\w&.,'’ -]{1,80}?)(?:\s*\(|,\s|\s+(?:today|announced|has|is|will|the)\b)"
)
_RELEASE_SOURCE = re.compile(r"^SOURCE:?\s+(?P<name>[^\n]{2,100})$", re.MULTILINE)
_AFFILIATE_RE = re.compile(
    r"\b(?:affiliate (?:links?|commission|partner)|(?:may|might|will) (?:earn|receive|get) (?:a |an )?"
    r"(?:small )?(?:commission|share of (?:the )?(?:revenue|sales)|compensation)|"
    r"when you (?:buy|purchase|shop) (?:something )?(?:through|via|using) (?:our |the )?links)",
    re.IGNORECASE,
)
_CORRECTION_RE = re.compile(
    r"^(?:Correction|Clarification|Corrected)\s*(?:\([^)]*\)|,[^:\n]{1,30})?\s*[:\-–—]"
    r"|\b(?:An|A)\s+earlier\s+version\s+of\s+this\s+(?:article|story|report|post|piece)"
    r"|\bThis\s+(?:article|story|report|post)\s+(?:has\s+been|was)\s+(?:corrected|amended|updated to correct)",
    re.IGNORECASE | re.MULTILINE,
)


def find_disclosures(text: str) -> list[tuple[int, int, Disclosure]]:
    """Every disclosure in ``text`` as (start, end, Disclosure), in text order, spans not overlapping."""
    found: list[tuple[int, int, Disclosure]] = []
    low = text.lower()
    for finder, needles in _FINDERS:
        # each finder's pattern cannot match without one of its words: a substring test in C
        # spares most texts the regex scans
        if needles is None or any(n in low for n in needles):
            found.extend(finder(text))
    found.sort(key=lambda item: (item[0], -item[1]))
    kept: list[tuple[int, int, Disclosure]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def _fara(text: str):
    for match in _FARA_RE.finditer(text):
        start = sentence_start(text, match.start())
        end = sentence_end(text, match.start("principal"))
        principal = _clean_name(text[match.start("principal") : end])
        while True:  # absorb "Additional information is available at the Department of Justice…"
            nxt = sentence_end(text, end)
            if nxt <= end or "\n" in text[end:nxt].strip() or not _FARA_FOLLOW.match(text[end:nxt]):
                break
            end = nxt
        span = text[start:end].strip()
        kind = "foreign_agent" if _FARA_HINT.search(span) else "sponsored"
        yield start, end, Disclosure(kind, span, agent=_clean_name(match["agent"]), principal=principal)


# Words one of which every match of the _LABELS pattern at the same index contains (lower case).
_LABEL_NEEDLES = (
    ("sponsor", "paid", "funded", "underwritten"),
    ("sponsor", "paid", "promoted", "brand", "native"),
    ("presented", "brought"),
    ("partner",),
    ("partner", "association", "collaboration"),
    ("advert",),
    ("release",),
)


def _label(pattern: re.Pattern[str], kind: str, role: str | None, text: str):
    """The matches of one line-label pattern (a finder of its own in ``_FINDERS``, gated by its own words)."""
    for match in pattern.finditer(text):
        name = _clean_name(match["name"]) if role and match.groupdict().get("name") else None
        yield (
            match.start(),
            match.end(),
            Disclosure(kind, match.group(0).strip(), principal=name if role == "principal" else None),
        )


def _studio(text: str):
    """ "This article was produced by X for Y", "This content was paid for by Y and produced by X"."""
    for match in _STUDIO_RE.finditer(text):
        start, end = sentence_start(text, match.start()), sentence_end(text, match.start("first"))
        # The last name runs to the sentence's end, so "Acme Corp." keeps the period of its "Corp.".
        first = _clean_name(match["first"] if match["second"] else text[match.start("first") : end])
        second = _clean_name(text[match.start("second") : end]) if match["second"] else None
        roles = {"agent": None, "principal": None}
        roles["principal" if _PAYS.search(match["verb"]) else "agent"] = first
        if second:
            roles["principal" if _PAYS.search(match["link"]) else "agent"] = second
        yield start, end, Disclosure("sponsored", text[start:end].strip(), **roles)


def _wire(text: str):
    for match in _WIRE_RE.finditer(text):
        wire = (match["wire"] or match["slash"]).lower().split("-")[0]
        company = _WIRE_COMPANY.match(text[match.end() :])
        source = _RELEASE_SOURCE.search(text)
        principal = (
            _clean_name(source["name"]) if source else (_clean_name(company["name"]) if company else None)
        )
        agent = _WIRES.get(wire, match.group(0).strip("-–—/() "))
        yield (
            match.start(),
            match.end(),
            Disclosure("press_release", match.group(0).strip(), agent, principal),
        )


def _affiliate(text: str):
    for match in _AFFILIATE_RE.finditer(text):
        start, end = sentence_start(text, match.start()), sentence_end(text, match.end())
        yield start, end, Disclosure("affiliate", text[start:end].strip())


def _corrections(text: str):
    for match in _CORRECTION_RE.finditer(text):
        start = sentence_start(text, match.start())
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        yield start, end, Disclosure("correction", text[start:end].strip())


#: Each finder with words one of which every match of its pattern contains (None: always run).
_FINDERS = (
    (_fara, ("behalf",)),
    *((partial(_label, *label), needles) for label, needles in zip(_LABELS, _LABEL_NEEDLES, strict=True)),
    (_studio, ("produced", "created", "written", "paid", "sponsored", "funded", "commissioned", "underwritten")),
    (_wire, ("wire", "cnw")),
    (_affiliate, ("affiliate", "commission", "share of", "compensation", "links")),
    (_corrections, ("correct", "clarification", "earlier version")),
)


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` begins (after the previous terminal mark or line break)."""
    i = pos
    while i > 0:
        ch = text[i - 1]
        if ch == "\n":
            break
        if (
            ch in ".!?"
            and i < len(text)
            and text[i].isspace()
            and not _ABBREV.search(text[max(0, i - 12) : i])
        ):
            break
        i -= 1
    while i < pos and text[i].isspace():
        i += 1
    return i


def sentence_end(text: str, pos: int) -> int:
    """Where the sentence running at ``pos`` ends (after its terminal mark), skipping "Inc." and kin."""
    i = pos
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            return i
        ends = ch in ".!?" and (i + 1 == len(text) or text[i + 1].isspace())
        if ends and (not _ABBREV.search(text[max(0, i - 12) : i + 1]) or _STARTER.match(text, i + 1)):
            return i + 1
        i += 1
    return i


def _clean_name(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    if name.endswith(".") and not _ABBREV.search(name):
        name = name[:-1]
    name = re.sub(r"^the\s+(?=[A-Z])", "", name)  # "on behalf of the Chamber…"; "The Times" keeps its "The"
    return name or None


_MARKED = re.compile(
    r"sponsor|disclos|advertorial|paid-?(?:post|content)|partner|branded|correction|fara", re.IGNORECASE
)
# Ad slots share the class names of sponsor labels ("Sponsored Links", "Promoted Stories").
_AD_SLOT = re.compile(
    r"\b(?:links?|stories|powered by|recommended|around the web|from (?:our|the) partners?|promoted)\b",
    re.IGNORECASE,
)


# Lower-case stems without which _MARKED cannot match.
_MARKER_STEMS = ("sponsor", "disclos", "advertorial", "paid", "partner", "branded", "correction", "fara")


def _marked_elements(tree, labels: list[str] | None = None) -> list:
    """Elements whose class or id carries a marker word, in document order, each once.

    The labels are read as plain strings, and most pages are answered by substring tests on all
    of them joined; on the others the labels that match are looked up in one XPath query. (A
    case-blind regex per label, or over the joined labels, cost a tenth of a page's time; the
    same test as XPath ``contains`` inside libxml2 was slower still.)"""
    labels = LABELS(tree) if labels is None else labels
    joined = "\n".join(labels).lower()
    if not any(stem in joined for stem in _MARKER_STEMS):  # most pages: substring tests run in C
        return []
    # each distinct label once, and the case-blind regex only on those holding a stem
    return labelled(tree, sorted(value for value in set(labels) if _has_stem(value.lower()) and _MARKED.search(value)))


def _has_stem(label: str) -> bool:
    return any(stem in label for stem in _MARKER_STEMS)


def disclosures_from_html(tree, text: str) -> list[Disclosure]:
    """Disclosures a page marks up (sponsor notes, correction boxes) and those in its body ``text``."""
    return with_text_disclosures(disclosures_in_markup(tree), text)


def disclosures_in_markup(tree, labels: list[str] | None = None) -> list[Disclosure]:
    """Disclosures in elements whose class or id marks them (sponsor notes, correction boxes);
    ``labels``: the page's class and id values when the caller has them (``Signals.labels``).

    A marked element counts only when its words are a notice :func:`find_disclosures` recognises, or
    a correction box that says something; a bare "Sponsored" class on an ad slot is not a disclosure.
    """
    found: list[Disclosure] = []
    for element in _marked_elements(tree, labels):
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "script", "style"):
            continue
        label = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if not label or not _MARKED.search(label):
            continue
        words = re.sub(r"\s+", " ", element.text_content()).strip()
        if not words or len(words) > 1000 or _AD_SLOT.search(words):
            continue
        spotted = [d for _, _, d in find_disclosures(words)]
        sponsor = _INLINE_SPONSOR.search(words)
        if not spotted and sponsor:  # a sponsor box: "PAID POST Sponsored by Acme"
            spotted = [Disclosure("sponsored", words, principal=_clean_name(sponsor["name"]))]
        if not spotted and "correction" in label.lower() and len(words.split()) >= 5:
            spotted = [Disclosure("correction", words)]
        found.extend(spotted)
    return found


def with_text_disclosures(marked: list[Disclosure], text: str) -> list[Disclosure]:
    """``marked`` followed by the disclosures of the body ``text``, each once."""
    found = marked + [d for _, _, d in find_disclosures(text or "")]
    unique: list[Disclosure] = []
    for item in found:
        if not any(_same(item, u) for u in unique):
            unique.append(item)
    return unique


def _same(a: Disclosure, b: Disclosure) -> bool:
    return a.kind == b.kind and (
        a.text == b.text or (a.agent, a.principal) == (b.agent, b.principal) != (None, None)
    )
