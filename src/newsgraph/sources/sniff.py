"""Tell what a blob of bytes is from its name and its first few KB: gzip, WARC, ARC, a feed, a
sitemap, JSON, JSONL, HTML, plain text or binary. Only the head is looked at, so a 50 MB page is
never scanned twice.
"""

from __future__ import annotations

import re

GZIP_MAGIC = b"\x1f\x8b"
HEAD = 65536  # enough to get past an XML prolog, comments and a long doctype

#: Extension (without ``.gz``) → format. Anything else is sniffed from the content.
EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "text", ".text": "text",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".arc": "warc",
    ".xml": "xml", ".rss": "xml", ".atom": "xml", ".rdf": "xml",
}  # fmt: skip

#: Extensions a directory walk skips without opening the file (media, archives, office, code).
SKIP_EXTENSIONS = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".bmp",
        ".ico",
        ".svg",
        ".tif",
        ".tiff",
        ".mp3",
        ".mp4",
        ".m4a",
        ".wav",
        ".ogg",
        ".webm",
        ".avi",
        ".mov",
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".zip",
        ".tar",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".rar",
        ".zst",
        ".lz4",
        ".exe",
        ".dll",
        ".so",
        ".o",
        ".a",
        ".pyc",
        ".class",
        ".jar",
        ".whl",
        ".egg",
        ".parquet",
        ".sqlite",
        ".db",
        ".bin",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".css",
        ".js",
        ".map",
        ".py",
        ".md",
        ".rst",
        ".csv",
        ".tsv",
        ".yaml",
        ".yml",
        ".toml",
        ".ini",
        ".cfg",
        ".lock",
        ".log",
        ".pickle",
        ".pkl",
        ".npy",
    ]
)

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# The XML prolog a feed may open with: declaration, processing instructions, comments, doctype.
_PROLOG = re.compile(
    rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL | re.IGNORECASE
)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
FEED_ROOTS = frozenset({"rss", "rdf", "feed", "channel"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|div|p|meta|title|br|span|a)[\s>/]", re.IGNORECASE
)
_ARC_HEADER = re.compile(rb"^filedesc://\S+ \S+ \d{14} ")
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")


def split_gz(name: str) -> tuple[str, bool]:
    """The name without a ``.gz`` suffix, and whether there was one."""
    if name.lower().endswith(".gz"):
        return name[:-3], True
    return name, False


def extension_format(name: str) -> str | None:
    """The format an extension promises (``.warc.gz`` → warc), or None when unknown."""
    base, _ = split_gz(name)
    dot = base.rfind(".")
    slash = max(base.rfind("/"), base.rfind("\\"))
    if dot <= slash + 1:  # no extension, or a dotfile name
        return None
    return EXTENSIONS.get(base[dot:].lower())


def xml_root(head: bytes) -> str | None:
    """The local name of the first element after the XML prolog, lower-cased (``rss``, ``html``)."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:2] in (b"\x00<", b"<\x00"):  # UTF-16 without BOM: crude but enough to find the root
        head = head.replace(b"\x00", b"")
    pos = 0
    while True:
        match = _PROLOG.match(head, pos)
        if not match:
            break
        pos = match.end()
    root = _ROOT.match(head, pos)
    return root.group(2).decode("ascii").lower() if root else None


def is_binary(head: bytes) -> bool:
    """True when the bytes are not text in any common encoding (NULs, many control characters)."""
    if not head:
        return False
    if head.startswith(_BOMS[1:]):  # UTF-16 text legitimately holds NUL bytes
        return False
    sample = head[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls / len(sample) > 0.05


def sniff(head: bytes) -> str:
    """The format of (decompressed) content from its head: warc, feed, sitemap, json, html, text
    or binary. JSONL and JSON both start with ``{``; the caller tells them apart by parsing."""
    stripped = head.lstrip()
    for bom in _BOMS:
        if stripped.startswith(bom):
            stripped = stripped[len(bom) :].lstrip()
    if stripped.startswith(b"WARC/") or _ARC_HEADER.match(stripped):
        return "warc"
    if stripped[:1] in (b"{", b"["):
        return "json"
    root = xml_root(head)
    if root in FEED_ROOTS:
        return "feed"
    if root in SITEMAP_ROOTS:
        return "sitemap"
    if is_binary(head):
        return "binary"
    if root == "html" or _HTML.search(head[:4096]):
        return "html"
    return "text"
