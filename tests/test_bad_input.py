"""Bad input, end to end through `newsgraph analyze`: one clear error per bad input, naming it and the
reason; every good input still processed; exit code 1. Wrongly or un-declared encodings are not
errors: they must decode to the right text."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from click.testing import CliRunner

from newsgraph import api
from newsgraph.cli import main
from newsgraph.pipeline import Pipeline

PAGE = """<html><head><meta charset="{charset}"><title>{title}</title></head><body><article>
<h1>{title}</h1><p>{body}</p><p>A second paragraph keeps the page long enough to be an article body,
with a few more words about the council meeting and its outcome for the region.</p></article></body></html>"""


@pytest.fixture(autouse=True)
def extraction_only(monkeypatch):
    """These cases are about reading inputs: run extraction without the NLP stages, to stay fast."""
    monkeypatch.setitem(api._PIPELINES, None, Pipeline([]))


def write_inputs(tmp_path):
    good = tmp_path / "good.html"
    good.write_text(PAGE.format(charset="utf-8", title="Council meets", body="The council met today."), "utf-8")
    bad = {
        "empty.html": b"",
        "garbage.html": bytes(range(256)) * 40,
        "truncated.html.gz": gzip.compress(PAGE.format(charset="utf-8", title="T", body="x" * 500).encode())[:60],
        "notxml.rss": b"this is not a feed at all, just words",
        "truncated.warc.gz": _warc_bytes()[:300],
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text(
        json.dumps({"url": "https://example.org/a", "title": "Row one", "text": "Ministers met in Oslo."})
        + "\n{not json\n"
        + json.dumps({"url": "https://example.org/b", "title": "Row three", "text": "Talks resumed in Rome."})
        + "\n",
        "utf-8",
    )
    return good, list(bad), jsonl


def _warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i in range(3):
        body = PAGE.format(charset="utf-8", title=f"Page {i}", body="Words " * 50).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://example.org/{i}", "response", payload=io.BytesIO(body),
                                           http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


def test_each_bad_input_is_one_clear_error_and_the_rest_go_on(tmp_path):
    good, bad_names, jsonl = write_inputs(tmp_path)
    inputs = [str(good), *(str(tmp_path / n) for n in bad_names), str(jsonl), str(tmp_path / "missing.html")]
    result = CliRunner().invoke(main, ["analyze", "--jsonl", "--silent", *inputs])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    for name in [*bad_names, "missing.html"]:
        mine = [e for e in errors if name in e]
        assert len(mine) == 1, (name, errors)
        assert len(mine[0].split(": ", 2)[-1]) > 5  # a reason, not just the name
    assert sum("rows.jsonl" in e and "line 2" in e for e in errors) == 1
    titles = {json.loads(line)["title"] for line in result.stdout.splitlines()}
    assert {"Council meets", "Row one", "Row three"} <= titles


@pytest.mark.parametrize(
    ("charset_declared", "encoding", "text"),
    [
        (None, "cp1251", "Совет министров собрался в Москве во вторник и обсудил бюджет."),
        (None, "shift_jis", "東京で閣僚会議が火曜日に開かれ、予算について話し合った。"),
        ("utf-8", "latin-1", "Le conseil s'est réuni à Genève mardi; les délégués étaient très satisfaits."),
    ],
)
def test_wrong_or_missing_encodings_decode_right(tmp_path, charset_declared, encoding, text):
    head = f'<meta charset="{charset_declared}">' if charset_declared else ""
    html = (f"<html><head>{head}<title>t</title></head><body><article><p>{text}</p>"
            f"<p>{text}</p><p>{text}</p></article></body></html>")
    path = tmp_path / "page.html"
    path.write_bytes(html.encode(encoding))
    result = CliRunner().invoke(main, ["analyze", "--json", "--silent", str(path)])
    assert result.exit_code == 0, result.stderr
    assert text in json.loads(result.stdout)["text"]


def test_fifty_megabyte_pages(tmp_path):
    """Scripts and styles are cut before parsing, so a 50 MB page that is mostly script keeps its
    whole article; 50 MB of real markup is refused with a clear error rather than cut short."""
    paragraph = "<p>The committee met again on Tuesday to discuss the agreement in detail, officials said.</p>\n"
    script = "<script>var payload = '" + "z" * 10_000 + "';</script>\n"
    mostly_script = tmp_path / "scripts.html"
    numbered = "".join(f"<p>Paragraph {i}: the committee met again to discuss clause {i} of the agreement, "
                       f"officials said on the record.</p>\n" for i in range(40))
    mostly_script.write_text(f"<html><head><title>Scripts</title>{script * 5000}</head><body><article>"
                             f"{numbered}</article></body></html>")
    huge = tmp_path / "huge.html"
    huge.write_text(f"<html><head><title>Huge</title></head><body><article>"
                    f"{paragraph * (50_000_000 // len(paragraph))}</article></body></html>")
    result = CliRunner().invoke(main, ["analyze", "--jsonl", "--silent", str(mostly_script), str(huge)])
    assert result.exit_code == 1
    [article] = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(f"Paragraph {i}: the committee" in article["text"] for i in range(40))
    [error] = [e for e in result.stderr.splitlines() if e.startswith("error: ")]
    assert "huge.html" in error and "too large" in error
