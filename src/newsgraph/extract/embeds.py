"""Social posts embedded in a page: who posted what, when, and how far it travelled.

Trafilatura drops embeds as boilerplate, yet for a story built on a tweet the tweet is the
evidence. Publishers embed posts with each platform's own snippet (a ``blockquote`` the platform's
script upgrades, or an ``iframe``), so :func:`embeds_from_html` reads those snippets. A scraper that
saved the page as text keeps the rendered card instead (author line, ``@handle``, text, then
"6:14 PM · Mar 19, 2025 · 21.7K Views"): :func:`embed_from_text` reads one such block.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urljoin, urlparse

from ..article import Embed
from .dateline import find_date, normalize_date
from .signals import document_root

HANDLE_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
HASHTAG_RE = re.compile(r"(?<![\w#&/])#([^\W\d_][\w]{0,99})")
_METRIC_WORDS = {
    "view": "views",
    "views": "views",
    "like": "likes",
    "likes": "likes",
    "repost": "reposts",
    "reposts": "reposts",
    "retweet": "reposts",
    "retweets": "reposts",
    "reply": "replies",
    "replies": "replies",
    "quote": "quotes",
    "quotes": "quotes",
    "bookmark": "bookmarks",
    "bookmarks": "bookmarks",
    "comment": "comments",
    "comments": "comments",
    "share": "shares",
    "shares": "shares",
    "play": "views",
    "plays": "views",
}
_COUNT = r"\d[\d,]*(?:\.\d+)?\s*[KkMmBb]?"
_METRIC_RE = re.compile(rf"(?<![\w.])({_COUNT})\s+({'|'.join(_METRIC_WORDS)})\b", re.IGNORECASE)
# The signature of a tweet blockquote: "— Name (@handle) March 19, 2025".
SIGNATURE_RE = re.compile(r"^\s*[—–-]+\s*(?P<author>[^()@\n]+?)\s*\(@(?P<handle>\w+)\)\s*(?P<rest>.*)$")
SHARED_BY_RE = re.compile(
    r"^A (?:post|video|photo|reel) shared by\s+(?P<author>.+?)\s*\(@(?P<handle>[\w.]+)\)", re.IGNORECASE
)
_MD_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_MD_LINK_RE = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_POST_URL_RE = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:(?:twitter|x)\.com/\w+/status/\d+|instagram\.com/(?:p|reel|tv)/[\w-]+"
    r"|tiktok\.com/@[\w.]+/video/\d+|t\.me/\w+/\d+|facebook\.com/\S+|youtube\.com/watch\?v=[\w-]+"
    r"|youtu\.be/[\w-]+)"
)
# Lines of a rendered card that are buttons, not content.
CARD_CHROME = re.compile(
    r"^(?:·|Follow|Following|Subscribe|Copy link|Read \d[\d.,]*[KM]? repl(?:y|ies)|Reply|Repost|Share|"
    r"View this (?:post|video|photo) on \w+|Watch on \w+|Show more|Translate post|Replying to .*|"
    r"See more on \w+|Load more|Posted on \w+|Verified account|Explore what's happening on X)$",
    re.IGNORECASE,
)


def parse_count(text: str) -> int | None:
    """ "21.7K" → 21700, "1.2M" → 1200000, "1,234" → 1234."""
    match = re.fullmatch(r"\s*(\d[\d,]*(?:\.\d+)?)\s*([KkMmBb]?)\s*", text)
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    scale = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}[match.group(2).lower()]
    return round(number * scale)


def metrics_from_text(text: str) -> dict[str, int]:
    metrics: dict[str, int] = {}
    for count, word in _METRIC_RE.findall(clean_markdown(text).replace("\n", " ")):
        value = parse_count(count)
        if value is not None:
            metrics.setdefault(_METRIC_WORDS[word.lower()], value)
    return metrics


def clean_markdown(text: str) -> str:
    """Drop what a markdown-producing scraper leaves around words: **bold**, [label](#) links, images."""
    text = _MD_IMAGE_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)


def embed_from_text(block: str) -> Embed | None:
    """One post from a block of scraped text, or None when the block is not a post."""
    urls = [m.group(0) for m in _POST_URL_RE.finditer(block)] + [
        u for u in (m.group(2) for m in _MD_LINK_RE.finditer(block)) if _POST_URL_RE.match(u)
    ]
    lines = [ln.strip() for ln in clean_markdown(block).splitlines() if ln.strip()]
    embed = _from_signature(lines) or _from_shared_by(lines) or _from_card(lines)
    if embed is None:
        return None
    embed.url = embed.url or (urls[0] if urls else None)
    if embed.platform == "x" and embed.url is None and embed.handle is None:
        return None
    _add_mentions(embed)
    return embed


def _from_signature(lines: list[str]) -> Embed | None:
    for i, line in enumerate(lines):
        match = SIGNATURE_RE.match(line)
        if match and i > 0:
            found = find_date(match["rest"])
            return Embed(
                platform="x",
                author=match["author"].strip(),
                handle="@" + match["handle"],
                text=" ".join(lines[:i]),
                posted=found[0] if found else None,
            )
    return None


def _from_shared_by(lines: list[str]) -> Embed | None:
    for i, line in enumerate(lines):
        match = SHARED_BY_RE.match(line)
        if match:
            platform = "tiktok" if any("tiktok" in ln.lower() for ln in lines) else "instagram"
            rest = [ln for j, ln in enumerate(lines) if j != i and not CARD_CHROME.match(ln)]
            body = [ln for ln in rest if not is_meta_line(ln)]
            meta = " ".join(ln for ln in rest if is_meta_line(ln))
            found = find_date(meta) if meta else None
            return Embed(
                platform=platform,
                author=match["author"].strip(),
                handle="@" + match["handle"],
                text=" ".join(body) or None,
                posted=found[0] if found else None,
                metrics=metrics_from_text(meta),
            )
    return None


def _from_card(lines: list[str]) -> Embed | None:
    """Author line, "@handle" line, the post, then a time/metrics line (X's rendered card)."""
    for i, line in enumerate(lines[:4]):
        match = re.fullmatch(r"(?:(?P<author>[^@]{1,60}?)\s+)?@(?P<handle>\w{1,30})(?:\s*·.*)?", line)
        if not match:
            continue
        author = match["author"] or (lines[i - 1] if i > 0 and _is_author_line(lines[i - 1]) else None)
        rest = [ln for ln in lines[i + 1 :] if not CARD_CHROME.match(ln)]
        body = []
        while rest and not is_meta_line(rest[0]):
            body.append(rest.pop(0))
        meta = " ".join(rest)
        found = find_date(meta) or find_date(line)  # "Name @handle · Jun 6, 2025" dates the post itself
        if not body and not found:
            return None
        return Embed(
            platform=_platform_hint(" ".join(lines)),
            author=author,
            handle="@" + match["handle"],
            text=" ".join(body) or None,
            posted=found[0] if found else None,
            metrics=metrics_from_text(meta),
        )
    return None


def _is_author_line(line: str) -> bool:
    return len(line) <= 60 and not re.search(r"[.!?:]$", line) and len(line.split()) <= 6


def is_meta_line(line: str) -> bool:
    """A card's footer: its time stamp, or a bare count and its label ("21.7K", "Views")."""
    if find_date(line) and len(line) < 80:
        return True
    if re.fullmatch(_COUNT, line.strip()) or (
        _METRIC_RE.search(line) and not re.sub(r"[\s·|•,]+", "", _METRIC_RE.sub("", line))
    ):
        return True  # "21.7K", "12 Replies 40 Reposts 300 Likes"
    return line.strip().lower() in _METRIC_WORDS


def _platform_hint(text: str) -> str:
    lowered = text.lower()
    for platform in ("instagram", "tiktok", "telegram", "facebook", "threads", "bluesky"):
        if platform in lowered:
            return platform
    return "x"


def _add_mentions(embed: Embed) -> None:
    text = embed.text or ""
    own = (embed.handle or "").lower()
    for handle in HANDLE_RE.findall(text):
        tagged = "@" + handle
        if tagged.lower() != own and tagged not in embed.mentions:
            embed.mentions.append(tagged)
    for tag in HASHTAG_RE.findall(text):
        if tag not in embed.hashtags:
            embed.hashtags.append(tag)


# ---------------------------------------------------------------- HTML


def _candidates(tree) -> list:
    """The only elements that can hold an embed, in page order: one walk over five tags in C,
    testing the attribute each needs in Python (an XPath union walks the tree once per tag and
    took twice as long; a Python walk over every element costs more than the rest of this module)."""
    root = document_root(tree)
    found = []
    for el in root.iter("blockquote", "iframe", "embed", "div", "script"):
        tag = el.tag
        if tag == "div":
            needed = el.get("data-href") is not None
        elif tag == "blockquote":
            needed = el.get("class") is not None
        elif tag == "script":
            needed = el.get("data-telegram-post") is not None
        else:  # iframe, embed
            needed = el.get("src") is not None or el.get("data-src") is not None
        if needed:
            found.append(el)
    return found


def embeds_from_html(tree, base_url: str | None = None) -> list[Embed]:
    """Every embedded post in an lxml.html tree, in page order; the tree is not modified."""
    found: list[Embed] = []
    seen: set[str] = set()
    for element in _candidates(tree):
        embed = _embed_of(element, base_url)
        if embed is None:
            continue
        key = embed.url or f"{embed.platform}:{embed.handle}:{embed.text}"
        if key in seen:
            continue
        seen.add(key)
        _add_mentions(embed)
        found.append(embed)
    return found


def _embed_of(element, base_url: str | None) -> Embed | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    classes = set((element.get("class") or "").lower().split())
    if tag == "blockquote":
        if classes & {"twitter-tweet", "twitter-video"}:
            return _twitter_blockquote(element, base_url)
        if "instagram-media" in classes:
            return _instagram_blockquote(element, base_url)
        if "tiktok-embed" in classes:
            return _tiktok_blockquote(element, base_url)
        return None
    if tag in ("iframe", "embed"):
        src = element.get("src") or element.get("data-src") or ""
        return embed_from_url(urljoin(base_url or "", src)) if src else None
    if tag == "div" and classes & {"fb-post", "fb-video"} and element.get("data-href"):
        return _facebook_div(element, base_url)
    if tag == "script" and element.get("data-telegram-post"):
        post = element.get("data-telegram-post").strip("/")
        return Embed(platform="telegram", url=f"https://t.me/{post}", handle="@" + post.split("/")[0])
    return None


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _twitter_blockquote(element, base_url: str | None) -> Embed:
    para = element.find(".//p")
    text = _text(para) if para is not None else None
    whole = _text(element)
    signature = whole[len(text) :] if text and whole.startswith(text) else whole
    match = SIGNATURE_RE.match(signature) or SIGNATURE_RE.search(signature)
    links = [urljoin(base_url or "", a.get("href") or "") for a in element.iter("a")]
    url = next((_strip_query(u) for u in reversed(links) if re.search(r"/status(?:es)?/\d+", u)), None)
    found = find_date(match["rest"]) if match else None
    return Embed(
        platform="x",
        url=url,
        text=text,
        author=match["author"].strip() if match else None,
        handle="@" + match["handle"] if match else None,
        posted=found[0] if found else None,
    )


def _instagram_blockquote(element, base_url: str | None) -> Embed:
    link = element.get("data-instgrm-permalink") or next(
        (a.get("href") for a in element.iter("a") if "instagram.com" in (a.get("href") or "")), None
    )
    embed = Embed(platform="instagram", url=_strip_query(urljoin(base_url or "", link)) if link else None)
    for para in element.iter("p"):
        text = _text(para)
        shared = SHARED_BY_RE.match(text)
        if shared:
            embed.author, embed.handle = shared["author"].strip(), "@" + shared["handle"]
        elif text and not CARD_CHROME.match(text) and embed.text is None:
            embed.text = text
    stamp = element.find(".//time")
    if stamp is not None:
        embed.posted = normalize_date(stamp.get("datetime")) or normalize_date(_text(stamp))
    return embed


def _tiktok_blockquote(element, base_url: str | None) -> Embed:
    url = element.get("cite")
    embed = Embed(platform="tiktok", url=urljoin(base_url or "", url) if url else None)
    handle = re.search(r"tiktok\.com/@([\w.]+)", url or "")
    for a in element.iter("a"):
        label = _text(a)
        if label.startswith("@") and not embed.handle:
            embed.handle = label.split()[0]
    if not embed.handle and handle:
        embed.handle = "@" + handle.group(1)
    section = element.find(".//section")
    if section is not None:
        lines = [_text(p) for p in section.iter("p")] or [_text(section)]
        embed.text = " ".join(t for t in lines if t) or None
    return embed


def _facebook_div(element, base_url: str | None) -> Embed:
    embed = Embed(platform="facebook", url=urljoin(base_url or "", element.get("data-href")))
    quote = element.find(".//blockquote")
    if quote is not None:
        para = quote.find(".//p")
        embed.text = _text(para) if para is not None else None
        authors = [_text(a) for a in quote.iter("a") if _text(a)]
        if authors:
            embed.author = authors[0] if para is None or authors[0] not in embed.text else authors[-1]
    return embed


def embed_from_url(url: str) -> Embed | None:
    """An embed from an iframe's address, with the post's public URL when it can be rebuilt."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.")
    path, query = parsed.path, parse_qs(parsed.query)
    if host in ("platform.twitter.com", "twitter.com", "x.com", "mobile.twitter.com"):
        tweet = (query.get("id") or [None])[0]
        status = re.search(r"/(\w+)/status/(\d+)", path)
        if status:
            return Embed(
                platform="x", url=f"https://x.com/{status[1]}/status/{status[2]}", handle="@" + status[1]
            )
        return Embed(platform="x", url=f"https://x.com/i/status/{tweet}") if tweet else None
    if host.endswith("instagram.com"):
        post = re.search(r"/(p|reel|tv)/([\w-]+)", path)
        return (
            Embed(platform="instagram", url=f"https://www.instagram.com/{post[1]}/{post[2]}/")
            if post
            else None
        )
    # Only post and video plugins carry a post; like buttons and page boxes point at anything.
    if host.endswith("facebook.com") and re.match(r"/plugins/(?:post|video|comment_embed)\.php", path):
        href = (query.get("href") or [None])[0]
        return Embed(platform="facebook", url=unquote(href)) if href else None
    if host in ("youtube.com", "youtube-nocookie.com", "m.youtube.com", "youtu.be"):
        return _youtube(path, query, host)
    if host.endswith("tiktok.com"):
        video = re.search(r"/(?:embed(?:/v2)?|video)/(\d+)", path)
        return Embed(platform="tiktok", url=f"https://www.tiktok.com/embed/v2/{video[1]}") if video else None
    if host == "t.me":
        post = re.match(r"/(?:s/)?(\w+)/(\d+)", path)
        return (
            Embed(platform="telegram", url=f"https://t.me/{post[1]}/{post[2]}", handle="@" + post[1])
            if post
            else None
        )
    return None


def _youtube(path: str, query: dict[str, list[str]], host: str) -> Embed | None:
    playlist = (query.get("list") or [None])[0]
    if path.rstrip("/").endswith("/videoseries") and playlist:  # an embedded playlist, not one video
        return Embed(platform="youtube", url=f"https://www.youtube.com/playlist?list={playlist}")
    video = re.search(r"/(?:embed|v|shorts)/([\w-]{6,})", path) or (
        re.match(r"/([\w-]{6,})", path) if host == "youtu.be" else None
    )
    return Embed(platform="youtube", url=f"https://www.youtube.com/watch?v={video[1]}") if video else None


def _strip_query(url: str) -> str:
    return url.split("?", 1)[0]
