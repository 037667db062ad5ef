"""Rebuild the two generated examples from the HTML written below:

- ``crawl-sample.warc.gz``: a WARC with a warcinfo record and three HTML response records;
- ``meridian-pope-leo-xiv.html.gz``: one gzipped HTML page.

Both are byte-for-byte reproducible: record ids and dates are fixed instead of random or "now",
and gzip headers carry no timestamp, so every build gives the same bytes. ``make demo``, ``make test`` and the test suite's conftest run it;
the outputs are not kept in git.

    .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

import gzip
import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
NOTE = "Fictional outlet (Baltic Beacon / The Meridian Ledger) for newsgraph examples"

PAGE_SCHENGEN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Romania and Bulgaria join Schengen fully as land border checks end | Baltic Beacon</title>
<meta name="newsgraph-note" content="{note}; the event is real and described in our own words.">
<meta property="og:site_name" content="Baltic Beacon">
<meta property="article:published_time" content="2025-01-01T11:00:00+02:00">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Romania and Bulgaria join Schengen fully as land border checks end",
"datePublished":"2025-01-01T11:00:00+02:00","author":{{"@type":"Person","name":"Liisa Kask"}}}}</script>
</head><body><header><nav><a href="/">Baltic Beacon</a> <a href="/europe">Europe</a></nav></header>
<main><article><h1>Romania and Bulgaria join Schengen fully as land border checks end</h1>
<p class="byline">By Liisa Kask · <time datetime="2025-01-01T11:00:00+02:00">1 January 2025</time></p>
<p>Romania and Bulgaria became full members of the Schengen area on Wednesday, when checks on
their land borders with other member states were lifted at midnight.</p>
<p>The two countries joined the passport-free zone for air and sea travel in March last year,
but Austria had blocked the lifting of land border controls over concerns about irregular
migration. EU interior ministers agreed in December to end the checks from January 1.</p>
<p>Lorry drivers had for years queued for hours at crossings on the Danube and on the border
with Hungary, according to hauliers' associations in both countries.</p>
</article></main><footer>Baltic Beacon (fictional)</footer></body></html>
"""

PAGE_CROATIA = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Croatia adopts the euro and joins the Schengen area | The Meridian Ledger</title>
<meta name="newsgraph-note" content="{note}; the event is real and described in our own words.">
<meta property="og:site_name" content="The Meridian Ledger">
<meta property="article:published_time" content="2023-01-01T09:30:00+01:00">
</head><body><header><a class="logo" href="/">The Meridian Ledger</a></header>
<main><article><h1>Croatia adopts the euro and joins the Schengen area</h1>
<div class="byline">By Anneke Vos in Zagreb · <time datetime="2023-01-01T09:30:00+01:00">January 1, 2023</time></div>
<figure><img src="/img/zagreb-euro.jpg" alt=""><figcaption>A cash machine in central Zagreb dispensing euro
notes on Sunday. Photo: Meridian Ledger / Ana Horvat</figcaption></figure>
<p>ZAGREB — Croatia replaced its kuna with the euro on Sunday, becoming the 20th country to use
the single currency, and on the same day joined the Schengen area, removing checks at its land
borders with Slovenia and Hungary.</p>
<p>Checks at airports were to end in March because of the timing of the airline schedule,
officials said. Croatia joined the European Union in 2013.</p>
</article></main><footer>The Meridian Ledger (fictional)</footer></body></html>
"""

PAGE_LIBRARY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fictional example: Tartu library reopens after flood repairs | Baltic Beacon</title>
<meta name="newsgraph-note" content="Fictional example: the people and the library are invented; the city is real.">
<meta property="article:published_time" content="2025-05-20T15:00:00+03:00">
</head><body><nav>Baltic Beacon · Culture</nav>
<main><h1>Fictional example: Tartu library reopens after flood repairs</h1>
<p class="byline">By Mart Saar, May 20, 2025</p>
<p>TARTU, Estonia — The Emajõe Reading House reopened on Tuesday, fourteen months after a burst
pipe flooded its basement archive. "We saved nine in ten of the old maps," said its director,
Kadri Lepp. The city council paid for most of the repairs, according to the library.</p>
<p>Readers queued outside before the doors opened at ten.</p>
</main></body></html>
"""

POPE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Robert Prevost elected Pope Leo XIV, the first pope from the United States | The Meridian Ledger</title>
<meta name="newsgraph-note" content="{note}; the event is real and described in our own words.">
<link rel="canonical" href="https://meridianledger.example/world/europe/2025/05/08/pope-leo-xiv-elected">
<meta property="og:site_name" content="The Meridian Ledger">
<meta property="og:title" content="Robert Prevost elected Pope Leo XIV">
<meta property="article:published_time" content="2025-05-08T21:10:00+02:00">
<meta property="article:tag" content="Vatican">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Robert Prevost elected Pope Leo XIV, the first pope from the United States",
"datePublished":"2025-05-08T21:10:00+02:00","author":{{"@type":"Person","name":"Paolo Ricci"}},
"publisher":{{"@type":"Organization","name":"The Meridian Ledger"}}}}</script>
</head><body>
<header class="site-header"><a class="logo" href="/">The Meridian Ledger</a>
<nav><a href="/world">World</a> <a href="/world/europe">Europe</a></nav></header>
<main><article>
<h1>Robert Prevost elected Pope Leo XIV, the first pope from the United States</h1>
<div class="byline">By Paolo Ricci · <time datetime="2025-05-08T21:10:00+02:00">May 8, 2025</time></div>
<figure><img src="/img/2025/05/st-peters-square.jpg" alt="Crowds in St Peter's Square">
<figcaption>Crowds in St Peter's Square after white smoke rose from the Sistine Chapel on Thursday.
Photo: Meridian Ledger / Giulia Conti</figcaption></figure>
<p>VATICAN CITY — Cardinal Robert Francis Prevost, born in Chicago, was elected pope on Thursday
and took the name Leo XIV, becoming the first pope from the United States.</p>
<p>White smoke rose from the chimney of the Sistine Chapel on the second day of the conclave, in
which 133 cardinal electors took part. The new pope appeared on the central balcony of St Peter's
Basilica about an hour later.</p>
<p>Prevost, 69, spent many years as a missionary in Peru and was bishop of Chiclayo before Pope
Francis appointed him in 2023 to lead the Dicastery for Bishops in Rome. He also holds Peruvian
citizenship.</p>
<p>Pope Francis died on April 21, Easter Monday, at the age of 88.</p>
</article>
<ul class="tags"><li><a href="/topics/vatican">Vatican</a></li><li><a href="/topics/pope">Pope</a></li></ul>
</main><footer>© 2025 The Meridian Ledger (fictional)</footer></body></html>
"""

#: (url, capture date, page) for each response record.
CAPTURES = [
    ("https://balticbeacon.example/europe/2025/01/01/romania-bulgaria-schengen", "2025-01-01T10:15:02Z",
     PAGE_SCHENGEN),
    ("https://meridianledger.example/world/europe/2023/01/01/croatia-euro-schengen", "2023-01-01T09:45:40Z",
     PAGE_CROATIA),
    ("https://balticbeacon.example/culture/2025/05/20/tartu-library-reopens", "2025-05-20T12:30:00Z",
     PAGE_LIBRARY),
]


def _record_id(name: str) -> str:
    # uuid5 of a fixed name: unique per record, identical on every run
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def build_warc(path: Path) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(path.name, {"software": "newsgraph examples/make_warc.py",
                                                         "description": NOTE})
        info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo:" + path.name))
        info.rec_headers.replace_header("WARC-Date", "2025-06-01T00:00:00Z")
        writer.write_record(info)
        for url, date, page in CAPTURES:
            body = page.format(note=NOTE).encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(url)},
            )
            writer.write_record(record)


def build_gzipped_page(path: Path) -> None:
    data = POPE_PAGE.format(note=NOTE).encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(data)


def main() -> None:
    build_warc(HERE / "crawl-sample.warc.gz")
    build_gzipped_page(HERE / "meridian-pope-leo-xiv.html.gz")
    print("wrote crawl-sample.warc.gz and meridian-pope-leo-xiv.html.gz in", HERE)


if __name__ == "__main__":
    main()
