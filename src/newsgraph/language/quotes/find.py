"""Who said what: direct, partial, indirect and social quotations with their speakers.

Direct quotes come from :mod:`.spans` (any quotation style, paragraph-safe). Each is attributed
by looking, in the sentences it touches, outside the marks, for:
1. a speech cue verb and its subject ("…," he said / said Vucic / Vucic added / X told reporters);
2. "according to X";
3. "X: “…”" (a name and a colon before the quote) or "“…” — X" (a dash after it);
4. for a short quote inside a sentence, the sentence's subject ("X praised Y, calling him “…”");
5. otherwise, when the quote stands alone, the previous quote's speaker (a quote continued across
   sentences or paragraphs).
Reported speech comes from cue verbs, cognition verbs and cue nouns with a content clause
("X said that…", "X expressed his belief that…"). A direct quote nested in a reported clause is
reported once, as the clause. Speakers that are pronouns or titles are resolved to the article's
entities by :mod:`speakers`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...article import Quote, Speaker
from ..wordlists import words
from .cues import (
    CHANNEL_RE,
    CHANNEL_VERBS,
    CHANNELS,
    COGNITION_VERBS,
    NOMINAL_CUES,
    PARTIAL_CUES,
    SPEECH_VERBS,
)
from .spans import QuoteSpan, find_quote_spans

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CLIMB = ("conj", "xcomp", "advcl", "pcomp", "prep", "acl")
_RELATIVES = frozenset(("who", "that", "which"))
_DASHES = "\u2014\u2013\u2015-"
# "PENCE: Well, …" — a transcript line names its speaker inside the quote
_TRANSCRIPT = re.compile(r"\s*([A-Z][A-Z'.\- ]{1,40}[A-Z])\s*:\s")
_SMALL_WORDS = words("title_small_words")
_MAX_SCARE_WORDS = 3  # a short quoted phrase with no speaker is a title or a scare quote, not a quote


@dataclass
class _Attribution:
    speaker_start: int
    speaker_end: int
    cue: str | None
    cue_token: object | None = None


def find_quotes(text: str, doc, spans: list[QuoteSpan] | None = None) -> list[Quote]:
    """Quotes in ``text`` (parsed as spaCy ``doc``), in text order; ``spans`` are its quoted spans
    when the caller already found them."""
    spans = find_quote_spans(text) if spans is None else spans
    inside = quoted_mask(len(text), spans)
    results: list[Quote] = []
    previous: Quote | None = None
    for span in spans:
        quote = _direct(text, doc, span, inside)
        if quote.speaker is None and previous is not None and _stands_alone(text, doc, span, inside, previous):
            quote.speaker = Speaker(previous.speaker.text, previous.speaker.entity_id,
                                    previous.speaker.start, previous.speaker.end)
            quote.cue = quote.cue or previous.cue
            quote.channel = quote.channel or previous.channel
        if quote.speaker is None and len(quote.text.split()) <= _MAX_SCARE_WORDS or _is_title(quote.text):
            continue
        results.append(quote)
        if quote.speaker is not None:
            previous = quote
    indirect = _indirect(text, doc, inside)
    return _merge_nested(results, indirect)


def quoted_mask(n: int, spans: list[QuoteSpan]) -> bytearray:
    """One byte per character of the text: 1 inside a quotation (marks included), else 0."""
    mask = bytearray(n)
    for s in spans:
        end = s.close_mark + 1 if s.close_mark is not None else s.end
        mask[s.open_mark : end] = b"\x01" * (end - s.open_mark)
    return mask


def _outside(tok, inside: bytearray) -> bool:
    return not inside[tok.idx]


def _direct(text: str, doc, span: QuoteSpan, inside: bytearray) -> Quote:
    quote = Quote(start=span.start, end=span.end, text=text[span.start : span.end], kind="direct")
    first = _sentence_at(doc, span.open_mark)
    last = _sentence_at(doc, span.close_mark if span.close_mark is not None else span.end - 1)
    if first is None or last is None:
        return quote
    p_start, p_end = _paragraph_of(text, span.open_mark)
    frame = [t for t in doc[first.start : last.end] if _outside(t, inside) and p_start <= t.idx < p_end]
    attribution = (
        _by_transcript(text, span)
        or _by_cue_verb(frame, span, inside)
        or _by_according_to(frame)
        or _by_colon_or_dash(text, doc, span, frame)
        or _by_sentence_subject(frame, span, inside)
        or _by_lead_in(text, doc, span, inside)
    )
    if attribution is None:
        return quote
    quote.speaker = Speaker(text[attribution.speaker_start : attribution.speaker_end], None,
                            attribution.speaker_start, attribution.speaker_end)
    quote.cue = attribution.cue
    quote.channel = _channel(text, frame, attribution.cue_token)
    return quote


def _paragraph_of(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)


def _sentence_at(doc, char: int):
    tok = _token_at(doc, char)
    return tok.sent if tok is not None else None


def _token_at(doc, char: int):
    """The token at (or right after) a character offset, by bisection over token starts."""
    if not len(doc):
        return None
    i = bisect.bisect_right(_starts(doc), char) - 1
    return doc[max(i, 0)]


def _starts(doc) -> list[int]:
    """The character offset of every token, computed once per Doc and kept on it (as
    ``nlp.doc_text`` keeps its text)."""
    store = getattr(doc, "user_data", None)
    if store is None:  # a Doc-like object without spaCy's user_data
        return [t.idx for t in doc]
    starts = store.get("newsgraph.starts")
    if starts is None:
        starts = store["newsgraph.starts"] = [t.idx for t in doc]
    return starts


def _by_cue_verb(frame: list, span: QuoteSpan, inside: bytearray) -> _Attribution | None:
    cues = [t for t in frame if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")]
    if not cues:
        return None
    # the cue nearest to the quote wins ("…," he said, and then added)
    cues.sort(key=lambda t: min(abs(t.idx - span.open_mark), abs(t.idx - span.end)))
    for cue in cues:
        subject = _subject_of(cue, inside)
        if subject is not None:
            start, end = _noun_phrase(subject, inside)
            return _Attribution(start, end, cue.lemma_.lower(), cue)
    return None


def _subject_of(verb, inside: bytearray):
    """The verb's subject outside quotes. A conjoined or subordinate verb ("stood and said",
    "before asking her") shares its head's; a relative pronoun stands for the noun it modifies."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in _SUBJECTS and _outside(child, inside) and child.ent_type_ not in ("TIME", "DATE"):
                if child.lower_ in _RELATIVES and verb.dep_ == "relcl":
                    return verb.head
                return child
        if verb.dep_ in _CLIMB and verb.head.i != verb.i:
            verb = verb.head
        else:
            break
    return None


def _noun_phrase(tok, inside: bytearray) -> tuple[int, int]:
    """The subject's name or noun phrase: its left modifiers and name parts, not clauses."""
    keep = {"compound", "flat", "det", "amod", "poss", "nmod", "case", "nummod", "appos", "prep", "pobj"}
    tokens = [tok]
    for child in tok.subtree:
        if child.i == tok.i or not _outside(child, inside):
            continue
        path_ok = True
        node = child
        while node.i != tok.i:
            if node.dep_ not in keep or node.dep_ in ("appos", "prep") and node.head.i == tok.i and node.i > tok.i:
                path_ok = False
                break
            node = node.head
        if path_ok:
            tokens.append(child)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _by_according_to(frame: list) -> _Attribution | None:
    for i, tok in enumerate(frame[:-2]):
        if tok.lower_ == "according" and frame[i + 1].lower_ == "to":
            obj = next((c for c in frame[i + 1].children if c.dep_ == "pobj"), frame[i + 2])
            return _Attribution(obj.left_edge.idx, obj.idx + len(obj.text), "according to", tok)
    return None


def _by_colon_or_dash(text: str, doc, span: QuoteSpan, frame: list) -> _Attribution | None:
    before = text[max(0, span.open_mark - 3) : span.open_mark].strip()
    if before.endswith(":"):
        names = [t for t in frame if t.idx < span.open_mark and t.pos_ == "PROPN"]
        if names:
            last = names[-1]
            start, end = last.idx, last.idx + len(last.text)
            for t in reversed(names[:-1]):  # the whole name run right before the colon
                if t.i == last.i - 1:
                    start, last = t.idx, t
            return _Attribution(start, end, None)
    if span.close_mark is not None:
        after = text[span.close_mark + 1 : span.close_mark + 4].lstrip(" ,")
        if after[:1] and after[0] in _DASHES:
            line_end = text.find("\n", span.close_mark)
            line_end = len(text) if line_end < 0 else line_end
            starts = _starts(doc)  # the tokens between the mark and the line's end, not all of them
            after = doc[bisect.bisect_right(starts, span.close_mark) : bisect.bisect_left(starts, line_end)]
            names = [t for t in after if t.pos_ == "PROPN"]
            if names:
                run = [names[0]]
                for t in names[1:]:
                    if t.i == run[-1].i + 1:
                        run.append(t)
                return _Attribution(run[0].idx, run[-1].idx + len(run[-1].text), None)
    return None


def _by_transcript(text: str, span: QuoteSpan) -> _Attribution | None:
    m = _TRANSCRIPT.match(text, span.start, span.end)
    if m is None or len(m.group(1).split()) > 4:
        return None
    return _Attribution(m.start(1), m.end(1), None)


def _by_lead_in(text: str, doc, span: QuoteSpan, inside: bytearray) -> _Attribution | None:
    """A quote opening its paragraph, introduced by the previous one ("…, Caddell explained:")."""
    p_start, _ = _paragraph_of(text, span.open_mark)
    if text[p_start : span.open_mark].strip() or p_start < 2:
        return None
    prev_end = len(text[: p_start].rstrip())
    if not text[:prev_end].endswith(":"):
        return None
    sent = _sentence_at(doc, prev_end - 1)
    if sent is None:
        return None
    frame = [t for t in sent if _outside(t, inside)]
    return _by_cue_verb(frame, span, inside)


def _is_title(quoted: str) -> bool:
    """“Fox News Sunday”, “The Art of the Deal”: a short Title Case name is not a quotation."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", quoted)
    if not words or len(words) > 6 or quoted.rstrip(" ,").endswith(("!", "?")):
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words) and words[0][0].isupper()


def _by_sentence_subject(frame: list, span: QuoteSpan, inside: bytearray) -> _Attribution | None:
    """A partial quote inside a sentence belongs to the sentence's subject, given a fitting verb."""
    before = [t for t in frame if t.idx < span.open_mark]
    if not before:
        return None
    verbs = [t for t in frame if t.pos_ == "VERB" and t.idx < span.open_mark]
    partial_cue = next((t for t in reversed(verbs) if t.lemma_.lower() in PARTIAL_CUES), None)
    if partial_cue is None:
        return None
    root = partial_cue
    while root.dep_ in ("advcl", "xcomp", "conj", "acl") and root.head.i != root.i:
        root = root.head
    subject = _subject_of(root, inside)
    if subject is None:
        return None
    start, end = _noun_phrase(subject, inside)
    return _Attribution(start, end, partial_cue.lemma_.lower(), partial_cue)


def _stands_alone(text: str, doc, span: QuoteSpan, inside: bytearray, previous: Quote) -> bool:
    """A quote with no frame of its own, or one continuing the previous paragraph's quote."""
    if span.continues:
        return True
    sent = _sentence_at(doc, span.open_mark)
    if sent is None:
        return False
    words = [t for t in sent if _outside(t, inside) and not t.is_punct and not t.is_space]
    return len(words) == 0 and span.open_mark - previous.end < 1500


def _channel(text: str, frame: list, cue) -> str | None:
    if cue is not None and getattr(cue, "lemma_", "").lower() in CHANNEL_VERBS:
        return CHANNEL_VERBS[cue.lemma_.lower()]
    if not frame:
        return None
    region = text[frame[0].idx : frame[-1].idx + len(frame[-1].text)]
    for m in CHANNEL_RE.finditer(region):
        word = m.group(1)
        if word.lower() == "x" and word != "X":
            continue
        return CHANNELS[word.lower()]
    return None


#: The parts of speech of a cue: a speech or cognition verb, or a noun such as "claim".
_CUE_POS = frozenset({"VERB", "AUX", "NOUN"})


def _indirect(text: str, doc, inside: bytearray) -> list[Quote]:
    """Reported speech and belief: a cue with a subject and a content clause."""
    out = []
    for tok in doc:
        pos = tok.pos_
        if pos not in _CUE_POS or not _outside(tok, inside):  # most tokens: no cue, skipped at once
            continue
        lemma = tok.lemma_.lower()
        if pos in ("VERB", "AUX") and (lemma in SPEECH_VERBS or lemma in COGNITION_VERBS):
            clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            holder = tok
        elif pos == "NOUN" and lemma in NOMINAL_CUES:
            clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and _has_that(c)), None)
            holder = tok.head if tok.dep_ in ("dobj", "obj") else None
            if holder is None:
                continue
        else:
            continue
        if clause is None:
            continue
        subject = _subject_of(holder, inside)
        if subject is None:
            continue
        span = _clause_span(clause)
        if span is None:
            continue
        start, end = span
        p_start, p_end = _paragraph_of(text, tok.idx)  # reported speech stays in its paragraph
        start, end = max(start, p_start), min(end, p_end)
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start < 12:
            continue
        s_start, s_end = _noun_phrase(subject, inside)
        cue = lemma if holder.i == tok.i else f"{holder.lemma_.lower()} {lemma}"
        quote = Quote(start, end, text[start:end], Speaker(text[s_start:s_end], None, s_start, s_end),
                      cue=cue, kind="indirect")
        quote.channel = _channel(text, list(tok.sent), tok)
        out.append(quote)
    return out


def _has_that(clause) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in clause.children)


def _clause_span(clause) -> tuple[int, int] | None:
    """The clause's characters without its closing punctuation; None when that leaves nothing (the
    parser can hang a lone punctuation mark under a cue as its "clause")."""
    tokens = [t for t in clause.subtree if not t.is_space and not (t.is_punct and t.i == clause.right_edge.i)]
    if not tokens:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _merge_nested(direct: list[Quote], indirect: list[Quote]) -> list[Quote]:
    """One record per attribution: a direct quote inside a reported clause is reported as the clause;
    a reported clause that merely restates a direct quote's own frame is dropped."""
    kept_direct = [d for d in direct if not any(q.start <= d.start and d.end <= q.end for q in indirect)]
    kept_indirect = [
        q for q in indirect
        if not any(d.start <= q.start < d.end or q.start <= d.start < q.end for d in kept_direct)
    ]
    return sorted(kept_direct + kept_indirect, key=lambda q: q.start)


def social_quotes(article) -> list[Quote]:
    """The text of an embedded post is a quote by its author, on the post's platform."""
    out = []
    for i, embed in enumerate(article.embeds):
        if not embed.text or not (embed.author or embed.handle):
            continue
        who = embed.author or embed.handle
        out.append(Quote(0, len(embed.text), embed.text, Speaker(who), cue="posted", kind="social",
                         channel=CHANNELS.get(embed.platform.lower(), embed.platform),
                         zone=f"embed:{i}"))
    return out
