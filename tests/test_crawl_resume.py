"""Kill -9 the watch five times at random moments of its rounds, restart it, and compare the end
with a clean run's: same articles, same frontier states, each page captured once, and no page
fetched again except the few a kill caught between the fetch and its record.

The moments are random (seeded) but tied to progress, so they fall inside the work: four kills
after a random number of new page fetches (plus up to 50 ms), the fifth after the last page was
fetched, while the captures are being ingested."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from localsite import Site, html, rss
from warcio.archiveiterator import ArchiveIterator

HOSTS, PAGES, KILLS = 3, 15, 5
SRC = Path(__file__).resolve().parents[1] / "src"

SCRIPT = """
import sys
from newsgraph.crawl.fetch import Politeness
from newsgraph.crawl.watch import watch_round
manners = Politeness(delay=0.03, allow_private=True, connect_timeout=1.0, read_timeout=1.0)
watch_round(sys.argv[2:], sys.argv[1], manners, workers=0, stages=[])
"""


def sites() -> list[Site]:
    made = []
    for h in range(HOSTS):
        site = Site({f"/p/{n}": html(f"Host {h} story {n}", f"Body of story {n} on host {h}.") for n in range(PAGES)})
        site.routes["/feed"] = rss([(f"S{n}", site.url(f"/p/{n}")) for n in range(PAGES)])
        made.append(site)
    return made


def start(db: Path, feeds: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", SCRIPT, str(db), *feeds], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip


def finish(db: Path, feeds: list[str]) -> None:
    proc = start(db, feeds)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()


def hits(hosts: list[Site]) -> int:
    """Distinct article pages fetched so far, over all hosts."""
    return sum(1 for site in hosts for n in range(PAGES) if site.hits[f"/p/{n}"])


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the watch made no progress"
        time.sleep(0.005)


def snapshot(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT id, url, title FROM articles ORDER BY id").fetchall()
        frontier = conn.execute("SELECT url, state, attempts, code, status FROM crawl_urls ORDER BY url").fetchall()
    return articles, frontier


def captured(folder: Path) -> list[str]:
    urls = []
    for path in sorted(folder.glob("crawl-*.warc.gz")):
        with open(path, "rb") as stream:
            urls += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                     if r.rec_type == "response"]  # fmt: skip
    return urls


def test_kill_nine_five_times_then_resume_equals_a_clean_run(tmp_path):
    clean_dir, killed_dir = tmp_path / "clean", tmp_path / "killed"
    clean_dir.mkdir()
    killed_dir.mkdir()
    chance = random.Random(14)
    hosts = sites()
    try:
        feeds = [site.url("/feed") for site in hosts]
        finish(clean_dir / "news.db", feeds)
        for site in hosts:
            site.hits.clear()
        kills = 0
        for attempt in range(KILLS):
            proc = start(killed_dir / "news.db", feeds)
            goal = HOSTS * PAGES if attempt == KILLS - 1 else hits(hosts) + chance.randint(1, 7)
            wait_for(lambda goal=goal, proc=proc: hits(hosts) >= goal or proc.poll() is not None)
            time.sleep(chance.uniform(0.0, 0.05 if attempt < KILLS - 1 else 0.5))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(timeout=30)
        finish(killed_dir / "news.db", feeds)
        page_hits = [site.hits[f"/p/{n}"] for site in hosts for n in range(PAGES)]
    finally:
        for site in hosts:
            site.close()
    clean, killed = snapshot(clean_dir / "news.db"), snapshot(killed_dir / "news.db")
    assert len(clean[0]) == HOSTS * PAGES and killed == clean
    assert kills == KILLS  # every kill fell inside a round
    assert min(page_hits) == 1 and sum(page_hits) - len(page_hits) <= kills * HOSTS
    urls = captured(killed_dir)
    assert len(urls) == len(set(urls)) == HOSTS * PAGES  # every page captured exactly once


def test_recover_records_a_capture_the_frontier_never_heard_of(tmp_path):
    """The moment the random kills rarely hit: a capture on disk, the process gone before the
    frontier said "fetched", and a torn write after it. The complete capture is recorded from the
    file (its page is not fetched again, its redirect target becomes an alias); the torn write is
    cut off."""
    import httpx

    from newsgraph.crawl.capture import Capture
    from newsgraph.crawl.fetch import Response
    from newsgraph.crawl.frontier import Frontier
    from newsgraph.crawl.watch import recover
    from newsgraph.store import Store, connect

    db = tmp_path / "news.db"
    Store(db).close()
    conn = connect(db)
    frontier = Frontier(conn)
    frontier.add(["http://example.org/a", "http://example.org/b", "http://example.org/c"], "http://example.org/feed")
    name = "crawl-test.warc.gz"
    frontier.capture_started(name)
    capture = Capture(tmp_path / name)

    def response(path: str, final: str | None = None) -> Response:
        body = html(f"Story {path}", f"The body of story {path}.")[2]
        return Response(f"http://example.org/{path}", f"http://example.org/{final or path}", 200,
                        httpx.Headers({"Content-Type": "text/html"}), body, {"User-Agent": "t"})  # fmt: skip

    start, end = capture.write(response("a"))
    frontier.fetched("http://example.org/a", "http://example.org/a", 200, name, start, end, [])
    b_start, b_end = capture.write(response("b", final="b-moved"))  # written, never recorded: the kill came here
    capture._file.write(b"\x1f\x8b\x08half a gzip member")  # and a torn write after it
    capture.close()
    ingested: list[Path] = []

    def ingest_warc(path: Path) -> int:
        ingested.append(path)
        return 2

    assert recover(db, ingest_warc) == 2
    assert (tmp_path / name).stat().st_size == b_end and ingested == [tmp_path / name]
    assert captured(tmp_path) == ["http://example.org/a", "http://example.org/b-moved"]
    row = conn.execute("SELECT state, final_url, warc_offset, warc_end FROM crawl_urls WHERE url = ?",
                       ("http://example.org/b",)).fetchone()
    assert tuple(row) == ("fetched", "http://example.org/b-moved", b_start, b_end)
    assert frontier.known("http://example.org/b-moved") == "alias"
    assert frontier.known("http://example.org/c") == "queued" and frontier.pending_captures() == []
    assert recover(db, ingest_warc) == 0  # done once
    conn.close()


def test_recover_cuts_a_write_torn_inside_the_response(tmp_path):
    """A kill in the middle of writing a capture: the request record is whole, the response is
    not. Nothing of it is recorded; the URL stays queued and the file ends after the last whole
    capture."""
    import httpx

    from newsgraph.crawl.capture import Capture, unrecorded
    from newsgraph.crawl.fetch import Response

    path = tmp_path / "crawl-torn.warc.gz"
    capture = Capture(path)
    resp = Response("http://example.org/x", "http://example.org/x", 200, httpx.Headers({"Content-Type": "text/html"}),
                    html("X", "The body of story x. " * 50)[2], {"User-Agent": "t"})  # fmt: skip
    _, end = capture.write(resp)
    _, second = capture.write(resp)
    capture.close()
    with open(path, "r+b") as handle:
        handle.truncate(second - 40)  # the second capture's response member loses its end
    found = unrecorded(path, 0)
    assert [(f.url, f.end) for f in found] == [("http://example.org/x", end)]
