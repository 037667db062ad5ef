"""``newsgraph.analyze`` on a string: a path-shaped string that names no file is an InputError
(issue 13: it used to come back as an Article whose text was the path); text stays text."""

from __future__ import annotations

import pytest

import newsgraph
from newsgraph.errors import InputError


@pytest.mark.parametrize("value", ["missing/page.html", "nowhere.html", "feeds/latest", "crawl.warc.gz",
                                   "C:\\news\\page.htm"])
def test_a_missing_path_raises_input_error_naming_it(value: str) -> None:
    with pytest.raises(InputError) as err:
        newsgraph.analyze(value, stages=[])
    assert value in str(err.value)


@pytest.mark.parametrize("text", ["Talks in Kyiv/Kiev resumed on Monday, officials said.",
                                  "<p>See missing/page.html</p>", "one line\nand page.html"])
def test_text_that_merely_mentions_a_path_is_analysed_as_text(text: str) -> None:
    article = newsgraph.analyze(text, stages=[])
    assert article.text


def test_an_existing_path_is_read(tmp_path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A council meeting in Ghent approved the budget on Monday.\n")
    assert "Ghent" in newsgraph.analyze(str(page), stages=[]).text
