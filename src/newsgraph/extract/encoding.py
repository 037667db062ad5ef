"""Bytes → text for web pages, trusting declarations only as far as the bytes agree.

Order of evidence: a byte-order mark; the charset the transport declared (HTTP header, WARC
record); the page's own ``<meta charset>`` / ``http-equiv``; UTF-8 when the bytes are valid UTF-8;
then statistical detection (charset-normalizer). Declarations are validated, because they are
often wrong in the wild: Latin-1/cp1252 pages labelled UTF-8, UTF-8 pages labelled ISO-8859-1,
and pages with no label at all (Cyrillic cp1251, Shift-JIS, EUC-KR, GB2312 sites).

Labels are widened to the superset browsers actually use (the WHATWG encoding standard does the
same): ISO-8859-1 and ASCII mean windows-1252, GB2312 means GB18030, Shift-JIS means cp932,
EUC-KR means cp949. Bytes never make :func:`decode` raise, except when they are not text at all.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

# WHATWG "encoding labels": what a label really means on the web.
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    "utf-16": "utf-8",  # a meta tag cannot truly say utf-16 in a byte stream we could read as ASCII
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]{2,40})""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([a-zA-Z0-9_:.\-]{2,40})""", re.IGNORECASE)

# Control bytes that never occur in text (everything below 0x20 except \t \n \f \r and ESC,
# which ISO-2022 encodings use).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SNIFF = 8192
_DETECT_SAMPLE = 200_000


def normalise_label(label: str | None) -> str | None:
    """A Python codec name for a charset label, widened to its web superset; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def declared_in_markup(head: bytes) -> str | None:
    """The charset a page declares in its first bytes (meta tag or XML declaration)."""
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return match.group(1).decode("ascii", "ignore") if match else None


def check_not_binary(data: bytes, origin: str = "<bytes>") -> None:
    """Raise InputError when ``data`` looks like a binary file rather than a page."""
    sample = data[:_SNIFF]
    if len(data) > 2 * _SNIFF:  # also look inside: a page can start clean and be junk after
        mid = len(data) // 2
        sample += data[mid : mid + _SNIFF]
    if not sample:
        return
    nul = sample.count(0)
    control = len(sample) - len(sample.translate(None, _CONTROL))
    if nul / len(sample) > 0.01 or control / len(sample) > 0.05:
        raise InputError(origin, "binary content, not a web page")


#: The control characters of _CONTROL in a str (a regex counts them in C, not per character).
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL.decode("ascii")) + "]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def _bom(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs at every other byte of its ASCII markup."""
    if len(sample) < 64:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.2 * len(odd) and even.count(0) < 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.2 * len(even) and odd.count(0) < 0.02 * len(odd):
        return "utf-16-be"
    return None


def _utf8_evidence(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 characters, invalid bytes). A valid multi-byte sequence is strong
    evidence of UTF-8: in Latin-1 or cp1252 text it would need a letter such as "Ã" followed by a
    symbol between 0x80 and 0xBF, which real text hardly ever has."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    return sum(1 for ch in text if ord(ch) > 127) - bad, bad


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 apart from a few stray bytes (a page mixing in one cp1252 snippet)."""
    multibyte, bad = _utf8_evidence(data)
    return multibyte >= 20 and bad * 20 <= multibyte


def _declared_utf8_holds(data: bytes) -> bool:
    """A page that says UTF-8 and has at least as many valid multi-byte characters as stray bytes
    is UTF-8 with damage: decoding it all as cp1252 would mangle every real character ("Zürich" →
    "ZÃ¼rich") to rescue one byte. A page that says UTF-8 but has no valid multi-byte character at
    all was saved by a Western editor and mislabelled: detection takes over."""
    multibyte, bad = _utf8_evidence(data)
    return multibyte > 0 and bad <= multibyte


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _single_byte(codec: str) -> bool:
    return codecs.lookup(codec).name.startswith(("cp", "iso8859", "koi8", "mac", "latin"))


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess, on a sample (it is slow on megabytes of markup)."""
    from charset_normalizer import from_bytes

    sample = data[:_DETECT_SAMPLE]
    # Markup is ASCII and dilutes the signal; detection works on the text between tags.
    stripped = re.sub(rb"<(script|style)\b.*?</\1\s*>|<[^>]*>", b" ", sample, flags=re.DOTALL | re.IGNORECASE)
    best = from_bytes(stripped if len(stripped.strip()) > 32 else sample).best()
    return normalise_label(best.encoding) if best else None


def decode(content: bytes | str, declared: str | None = None, *, html: bool = True,
           origin: str = "<bytes>") -> str:
    """Decode a page to text. Never raises for text; raises InputError for binary data."""
    if isinstance(content, str):
        if _control_ratio(content[:_SNIFF]) > 0.05:
            raise InputError(origin, "binary content, not a web page")
        return content
    data = bytes(content)
    if not data.strip():
        return data.decode("ascii", "ignore")
    bom = _bom(data)
    if bom:
        return data[len(codecs.BOM_UTF8) if bom == "utf-8" else 0 :].decode(bom, "replace").lstrip("\ufeff")
    utf16 = _utf16_without_bom(data[:_SNIFF])
    if utf16:
        return data.decode(utf16, "replace")
    check_not_binary(data, origin)

    labels = [declared]
    if html:
        labels.append(declared_in_markup(data[:_SNIFF]))
    for codec in dict.fromkeys(filter(None, map(normalise_label, labels))):
        text = _accept_declared(data, codec)
        if text is not None:
            return text
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    if _mostly_utf8(data):
        return data.decode("utf-8", "replace")
    codec = _detect(data) or "cp1252"
    if "utf-8" in map(normalise_label, labels) and _latin_script(codec) and _strict(data, "cp1252"):
        # Bytes labelled UTF-8 that are not UTF-8 were nearly always saved by a Western (Latin-1 /
        # cp1252) editor; detectors often mistake short French or Spanish text for cp1250/cp1257.
        codec = "cp1252"
    return data.decode(codec, "replace")


#: Single-byte codecs for Latin-script languages, between which detectors are often unsure.
_LATIN_CODECS = ("cp1250", "cp1252", "cp1254", "cp1257", "iso8859-1", "iso8859-2", "iso8859-3",
                 "iso8859-4", "iso8859-9", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
                 "iso8859-16", "mac-latin2", "mac-roman")


def _latin_script(codec: str) -> bool:
    try:
        return codecs.lookup(codec).name in _LATIN_CODECS
    except LookupError:
        return False


def _accept_declared(data: bytes, codec: str) -> str | None:
    """The text if ``codec`` is believable for ``data``, else None (so detection takes over)."""
    if codec == "utf-8":
        text = _strict(data, codec)
        if text is None and _declared_utf8_holds(data):
            text = data.decode("utf-8", "replace")
        return text
    if _single_byte(codec):
        # A single-byte codec decodes anything, so it proves nothing: valid UTF-8 with non-ASCII
        # text is far likelier to be UTF-8 mislabelled than Latin-1 that happens to look like it.
        utf8 = _strict(data, "utf-8")
        if utf8 is not None and not utf8.isascii():
            return utf8
    return _strict(data, codec)
