"""Disclosures in text and in marked-up pages, on notices written for these tests."""

from __future__ import annotations

import lxml.html
import pytest

from newsgraph.extract.disclosures import disclosures_from_html, find_disclosures


def _one(text: str):
    found = find_disclosures(text)
    assert len(found) == 1, found
    start, end, disclosure = found[0]
    assert text[start:end] == disclosure.text
    return disclosure


def test_fara_notice_with_follow_up_sentence():
    text = (
        "The ministers met twice.\n\nThis material is distributed by Harbour Strategies, Inc. on behalf of the "
        "Ministry of Tourism of Ruritania. Additional information is available at the Department of Justice, "
        "Washington, DC.\n\nNext story"
    )
    notice = _one(text)
    assert (notice.kind, notice.agent, notice.principal) == (
        "foreign_agent",
        "Harbour Strategies, Inc.",
        "Ministry of Tourism of Ruritania",
    )
    assert notice.text.endswith("Washington, DC.")


def test_fara_variant_inside_a_paragraph():
    text = "Footer text. This video is distributed by Blue Line LLC on behalf of the Government of Freedonia."
    notice = _one(text)
    assert (notice.kind, notice.agent, notice.principal) == (
        "foreign_agent",
        "Blue Line LLC",
        "Government of Freedonia",
    )
    assert notice.text.startswith("This video")


@pytest.mark.parametrize(
    ("text", "kind", "agent", "principal"),
    [
        ("Sponsored content", "sponsored", None, None),
        ("Paid post", "sponsored", None, None),
        ("Sponsored by Acme Bank", "sponsored", None, "Acme Bank"),
        ("Presented by Nordvik Energy", "sponsored", None, "Nordvik Energy"),
        ("In partnership with the Lake Foundation", "partner", None, "Lake Foundation"),
        ("Partner content", "partner", None, None),
        ("Advertorial", "advertorial", None, None),
        ("Advertisement feature", "advertorial", None, None),
        ("PRESS RELEASE", "press_release", None, None),
        (
            "This article was produced by the Daily Planet's content studio for Acme Corp.",
            "sponsored",
            "Daily Planet's content studio",
            "Acme Corp.",
        ),
        ("This content was paid for by Solar Partners.", "sponsored", None, "Solar Partners"),
        (
            "This content was paid for by Solar Partners and produced by the Daily Planet's studio.",
            "sponsored",
            "Daily Planet's studio",
            "Solar Partners",
        ),
        (
            "This video was produced by Studio Nine on behalf of the Port Authority.",
            "sponsored",
            "Studio Nine",
            "Port Authority",
        ),
        ("Correction, March 3, 2022: The vote count was 141, not 140.", "correction", None, None),
        ("We may earn a commission when you buy through links on our site.", "affiliate", None, None),
        ("Correction: An earlier version of this story misstated the vote count.", "correction", None, None),
        ("An earlier version of this article gave the wrong date for the vote.", "correction", None, None),
        ("This story has been corrected to show the mayor's full name.", "correction", None, None),
    ],
)
def test_kinds(text, kind, agent, principal):
    notice = _one(text)
    assert (notice.kind, notice.agent, notice.principal) == (kind, agent, principal)


def test_wire_markers_name_the_wire_and_the_issuer():
    bw = _one("NEW YORK--(BUSINESS WIRE)--Acme Corp. (NYSE: ACME) today announced results.")
    assert (bw.kind, bw.agent, bw.principal) == ("press_release", "Business Wire", "Acme Corp.")
    pr = find_disclosures("CHICAGO, May 1, 2024 /PRNewswire/ -- Widget Inc. said.\nSOURCE Widget Holdings")
    assert [(d.kind, d.agent, d.principal) for _, _, d in pr] == [
        ("press_release", "PR Newswire", "Widget Holdings")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The award, presented by the mayor, went to a teacher.",
        "The fund is sponsored by three banks and was set up in 2019, officials said.",
        "He was distributed leaflets on behalf of nobody.",  # no "by AGENT": not a notice
        "The correction in stock prices continued on Monday.",
    ],
)
def test_ordinary_sentences_are_not_disclosures(text):
    assert find_disclosures(text) == []


def test_ad_slots_and_sponsor_boxes_in_html():
    tree = lxml.html.fromstring(
        "<html><body><div class='sponsored-links'>Sponsored Links</div><div class='sponsor'>Promoted Stories</div>"
        "<div class='partner-banner'><span>PAID POST</span> Sponsored by <b>Northwind Grid</b></div></body></html>"
    )
    assert [(d.kind, d.principal) for d in disclosures_from_html(tree, "")] == [
        ("sponsored", "Northwind Grid")
    ]


def test_disclosures_from_html_reads_marked_boxes_and_text():
    tree = lxml.html.fromstring(
        "<html><body><div class='sponsor-label'>Brought to you by Nordvik Bank</div>"
        "<aside class='article-correction'>The date of the vote was corrected.</aside>"
        "<div class='disclosure'>Sponsored</div><article><p>Body.</p></article></body></html>"
    )
    text = "Body.\n\nThis material is distributed by Blue Line LLC on behalf of the Government of Freedonia."
    found = [(d.kind, d.principal) for d in disclosures_from_html(tree, text)]
    assert found == [
        ("sponsored", "Nordvik Bank"),
        ("correction", None),
        ("sponsored", None),
        ("foreign_agent", "Government of Freedonia"),
    ]
