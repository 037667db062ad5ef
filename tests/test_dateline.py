"""Bylines, datelines and written dates, on lines written for these tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from newsgraph.extract.dateline import find_date, find_dateline, normalize_date, parse_byline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe in Kyiv March 3, 2025", (["Jane Doe"], "Kyiv", "2025-03-03")),
        ("By Jane Doe and John Roe | Reuters", (["Jane Doe", "John Roe"], None, None)),
        ("By Jane Doe and John Roe, London", (["Jane Doe", "John Roe"], "London", None)),
        ("By Jane Doe, John Roe and Ann Lee", (["Jane Doe", "John Roe", "Ann Lee"], None, None)),
        ("By Jane Doe, John Roe", (["Jane Doe", "John Roe"], None, None)),
        ("By Jane Doe, New York", (["Jane Doe"], "New York", None)),
        ("By Jane Doe, Senior Correspondent", (["Jane Doe"], None, None)),
        ("By JANE DOE and JOHN ROE", (["Jane Doe", "John Roe"], None, None)),
        ("Written by Ana de la Cruz, 12 April 2024", (["Ana de la Cruz"], None, "2024-04-12")),
        ("By Piet van der Berg in The Hague", (["Piet van der Berg"], "The Hague", None)),
        ("By Sam Jones in Madrid and Ann Lee in Rome", (["Sam Jones", "Ann Lee"], "Rome", None)),
        ("Por Ana Souza e Rui Lima", (["Ana Souza", "Rui Lima"], None, None)),
        ("Von Anna Müller und Jan Berg", (["Anna Müller", "Jan Berg"], None, None)),
    ],
)
def test_parse_byline(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("ZAGREB, March 20 (Reuters) - Croatia's government said", "Zagreb", "2025-03-20"),
        ("WASHINGTON (AP) — The Senate voted", "Washington", None),
        ("KYIV, Ukraine — Russian drones struck", "Kyiv, Ukraine", None),
        ("NEW YORK--(BUSINESS WIRE)--Acme Corp. today announced", "New York", None),
        ("CHICAGO, March 3, 2024 /PRNewswire/ -- Widget Inc. said", "Chicago", "2024-03-03"),
        ("RIO DE JANEIRO, Jan. 5 (AFP) - Floods", "Rio De Janeiro", "2025-01-05"),
    ],
)
def test_find_dateline(text, place, date):
    found = find_dateline(text, year=2025)
    assert found is not None and (found.place, found.date) == (place, date)
    assert text.startswith(found.text)


@pytest.mark.parametrize(
    "text",
    ["US - China trade talks resumed", "The minister said on Monday", "A — B", "NATO allies met in Brussels"],
)
def test_no_dateline(text):
    assert find_dateline(text) is None


def test_dateline_without_year_and_no_reference_keeps_place_only():
    found = find_dateline("LONDON, May 2 (Reuters) - Shares rose")
    assert (found.place, found.date) == ("London", None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("6:14 PM · Mar 19, 2025 · 21.7K Views", "2025-03-19T18:14"),
        ("Published March 20, 2025 at 10:05 am EDT", "2025-03-20T10:05-04:00"),
        ("Thursday 20 March 2025 14:05 GMT", "2025-03-20T14:05+00:00"),
        ("Updated 2024-02-29", "2024-02-29"),
        ("on Sept. 9, 2023", "2023-09-09"),
        ("February 30, 2025 is not a day; March 1, 2025 is", "2025-03-01"),
    ],
)
def test_find_date(text, value):
    assert find_date(text)[0] == value


def test_normalize_date_forms():
    assert normalize_date("Thu, 20 Mar 2025 10:00:00 GMT") == "2025-03-20T10:00:00+00:00"
    assert normalize_date("2025-03-20") == "2025-03-20"
    assert normalize_date(time.strptime("2025-03-20 08:30", "%Y-%m-%d %H:%M")) == "2025-03-20T08:30:00+00:00"
    assert normalize_date(datetime(2025, 3, 20, 8, tzinfo=UTC)) == "2025-03-20T08:00:00+00:00"
    assert normalize_date("") is None and normalize_date(None) is None
    assert normalize_date("not a date at all") is None
