"""Watching sources: polite fetching, the frontier in the store, WARC captures, rounds of the watch.

``fetch`` is the polite HTTP client, ``frontier`` the crawl state kept in the store, ``capture``
the WARC files of everything fetched, ``watch`` one round (poll sources → fetch new pages →
capture → ingest through :func:`newsgraph.ingest.ingest`), ``cli`` the ``newsgraph watch`` command.
"""
