"""Embedded posts from HTML snippets and from scraped text, written for these tests."""

from __future__ import annotations

import copy

import lxml.html
import pytest

from newsgraph.extract.embeds import (
    embed_from_text,
    embed_from_url,
    embeds_from_html,
    metrics_from_text,
    parse_count,
)

PAGE = """<html><body><article>
<p>Intro.</p>
<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Ferries run again from Monday. Thanks
<a href="https://twitter.com/portcrew">@portcrew</a> <a href="https://twitter.com/hashtag/Ports">#Ports</a>
<a href="https://t.co/x1">pic.twitter.com/x1</a></p>&mdash; Harbour Office (@harbouroffice)
<a href="https://twitter.com/harbouroffice/status/1901234567890?ref_src=twsrc%5Etfw">March 19, 2025</a></blockquote>
<iframe src="https://platform.twitter.com/embed/Tweet.html?id=1901234567999"></iframe>
<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/C4xYz/?utm_source=ig_embed">
<div><a href="https://www.instagram.com/p/C4xYz/">View this post on Instagram</a></div>
<p><a href="https://www.instagram.com/p/C4xYz/">A post shared by Mia Holm (@mia.holm)</a></p>
<time datetime="2025-03-18T09:00:00+00:00">Mar 18, 2025</time></blockquote>
<iframe src="https://www.instagram.com/reel/Rx12/embed/"></iframe>
<div class="fb-post" data-href="https://www.facebook.com/cityhall/posts/123"><blockquote cite="https://www.facebook.com/cityhall/posts/123"><p>Road works end today.</p>Posted by <a href="https://www.facebook.com/cityhall">City Hall</a></blockquote></div>
<iframe src="https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fcityhall%2Fvideos%2F55%2F"></iframe>
<iframe data-src="//www.youtube-nocookie.com/embed/AbCdEfGh123?start=5"></iframe>
<embed src="https://youtu.be/ZyXwVuT9876">
<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@dockdancer/video/7301" data-video-id="7301">
<section><a target="_blank" title="@dockdancer" href="https://www.tiktok.com/@dockdancer">@dockdancer</a>
<p>Night shift at the port #dock</p></section></blockquote>
<script async src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="portnews/812"></script>
<iframe src="https://t.me/portnews/813?embed=1"></iframe>
<iframe src="https://maps.example.com/embed?x=1"></iframe>
</article></body></html>"""


@pytest.fixture(scope="module")
def embeds():
    tree = lxml.html.fromstring(PAGE)
    before = lxml.html.tostring(copy.deepcopy(tree))
    found = embeds_from_html(tree, "https://news.example/story")
    assert lxml.html.tostring(tree) == before  # the tree is read, never changed
    return found


def test_every_platform_in_page_order(embeds):
    assert [e.platform for e in embeds] == [
        "x",
        "x",
        "instagram",
        "instagram",
        "facebook",
        "facebook",
        "youtube",
        "youtube",
        "tiktok",
        "telegram",
        "telegram",
    ]


def test_tweet_blockquote(embeds):
    tweet = embeds[0]
    assert (tweet.author, tweet.handle, tweet.posted) == ("Harbour Office", "@harbouroffice", "2025-03-19")
    assert tweet.url == "https://twitter.com/harbouroffice/status/1901234567890"
    assert tweet.text.startswith("Ferries run again from Monday.")
    assert tweet.mentions == ["@portcrew"] and tweet.hashtags == ["Ports"]
    assert embeds[1].url == "https://x.com/i/status/1901234567999"


def test_instagram_facebook_youtube_tiktok_telegram(embeds):
    insta = embeds[2]
    assert (insta.url, insta.author, insta.handle) == (
        "https://www.instagram.com/p/C4xYz/",
        "Mia Holm",
        "@mia.holm",
    )
    assert insta.posted == "2025-03-18T09:00:00+00:00"
    assert embeds[3].url == "https://www.instagram.com/reel/Rx12/"
    assert (embeds[4].url, embeds[4].text, embeds[4].author) == (
        "https://www.facebook.com/cityhall/posts/123",
        "Road works end today.",
        "City Hall",
    )
    assert embeds[5].url == "https://www.facebook.com/cityhall/videos/55/"
    assert [e.url for e in embeds[6:8]] == [
        "https://www.youtube.com/watch?v=AbCdEfGh123",
        "https://www.youtube.com/watch?v=ZyXwVuT9876",
    ]
    tiktok = embeds[8]
    assert (tiktok.url, tiktok.handle, tiktok.text, tiktok.hashtags) == (
        "https://www.tiktok.com/@dockdancer/video/7301",
        "@dockdancer",
        "Night shift at the port #dock",
        ["dock"],
    )
    assert [(e.url, e.handle) for e in embeds[9:]] == [
        ("https://t.me/portnews/812", "@portnews"),
        ("https://t.me/portnews/813", "@portnews"),
    ]


def test_unknown_iframe_is_not_an_embed():
    assert embed_from_url("https://maps.example.com/embed?x=1") is None
    assert embed_from_url("https://platform.twitter.com/widgets/follow_button.html?screen_name=x") is None
    playlist = embed_from_url("https://www.youtube.com/embed/videoseries?list=PLabc123")
    assert playlist is not None and playlist.url == "https://www.youtube.com/playlist?list=PLabc123"
    like_button = "https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fnews.example%2Fstory"
    assert embed_from_url(like_button) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("21.7K", 21700), ("1.2M", 1_200_000), ("1,234", 1234), ("987", 987), ("2B", 2 * 10**9)],
)
def test_parse_count(text, value):
    assert parse_count(text) == value


def test_metrics_from_text():
    assert metrics_from_text("**3.4K** Likes · 512 Reposts · 48 Replies · 1.1M Views") == {
        "likes": 3400,
        "reposts": 512,
        "replies": 48,
        "views": 1_100_000,
    }


def test_card_block_with_metrics_on_their_own_lines():
    block = (
        "Harbour Office\n@harbouroffice\n·\nFollow\nFerries run again. Thanks [@portcrew](#)!\n"
        "8:05 AM · Apr 2, 2024\n1.2M\nViews\n3,400\nReposts"
    )
    embed = embed_from_text(block)
    assert (embed.platform, embed.author, embed.handle) == ("x", "Harbour Office", "@harbouroffice")
    assert embed.text == "Ferries run again. Thanks @portcrew!"
    assert embed.posted == "2024-04-02T08:05"
    assert embed.metrics == {"views": 1_200_000, "reposts": 3400}
    assert embed.mentions == ["@portcrew"]


def test_signature_and_shared_by_blocks():
    tweet = embed_from_text(
        "Ferries run again https://t.co/x\n— Harbour Office (@harbouroffice) April 2, 2024"
    )
    assert (tweet.author, tweet.handle, tweet.posted) == ("Harbour Office", "@harbouroffice", "2024-04-02")
    insta = embed_from_text("View this post on Instagram\nA post shared by Mia Holm (@mia.holm)")
    assert (insta.platform, insta.author, insta.handle, insta.text) == (
        "instagram",
        "Mia Holm",
        "@mia.holm",
        None,
    )


def test_plain_paragraphs_are_not_posts():
    assert embed_from_text("The minister said on Monday that talks would resume.") is None
    assert embed_from_text("Contact us at desk@example.org\nMarch 3, 2025") is None
