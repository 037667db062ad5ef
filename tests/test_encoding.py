"""Bytes → text: BOMs, declarations checked against the bytes, detection when undeclared."""

from __future__ import annotations

import codecs
import random

import pytest

from newsgraph.errors import InputError
from newsgraph.extract.encoding import declared_in_markup, decode, normalise_label

RUSSIAN = (
    "<html><head><title>Новости дня</title></head><body><p>Президент России провёл встречу с "
    "министрами и обсудил экономическую ситуацию в стране. Правительство подготовит новые меры "
    "поддержки для малого бизнеса до конца года.</p></body></html>"
)
JAPANESE = (
    "<html><head><title>ニュース</title></head><body><p>東京都は今日、新しい交通政策を発表しました。"
    "これは市民の生活に大きな影響を与えるでしょう。経済の専門家は慎重な見方をしています。</p></body></html>"
)
KOREAN = (
    "<html><body><p>서울시는 오늘 새로운 교통 정책을 발표했습니다. 시민들의 생활에 큰 영향을 미칠 것으로 "
    "예상됩니다. 전문가들은 신중한 입장입니다.</p></body></html>"
)
CHINESE = (
    "<html><body><p>北京市今天发布了新的交通政策，预计将对市民的生活产生重大影响。专家们对此持谨慎态度，"
    "认为需要进一步观察。</p></body></html>"
)
FRENCH = (
    "<html><head><meta charset=\"utf-8\"></head><body><p>Le président a déclaré que l'économie "
    "française était résiliente malgré les difficultés. À bientôt, café crème et crème brûlée "
    "pour tout le monde à l'Élysée.</p></body></html>"
)


@pytest.mark.parametrize(
    ("page", "codec"),
    [(RUSSIAN, "cp1251"), (JAPANESE, "shift_jis"), (KOREAN, "euc_kr"), (CHINESE, "gb2312")],
)
def test_undeclared_legacy_encodings_are_detected(page: str, codec: str) -> None:
    assert decode(page.encode(codec)) == page


def test_latin1_bytes_declared_as_utf8_are_not_mangled() -> None:
    data = FRENCH.encode("latin-1")  # the meta tag says utf-8, the bytes are Latin-1
    text = decode(data)
    assert "président" in text and "À bientôt" in text
    assert "\ufffd" not in text


def test_transport_charset_wins_when_the_bytes_agree() -> None:
    page = RUSSIAN.replace("<head>", "<head><meta charset='windows-1252'>")
    assert decode(page.encode("koi8_r"), "koi8-r") == page


def test_utf8_labelled_latin1_by_the_transport_is_read_as_utf8() -> None:
    assert decode(FRENCH.encode("utf-8"), "iso-8859-1") == FRENCH


def test_boms() -> None:
    assert decode(codecs.BOM_UTF8 + FRENCH.encode("utf-8")) == FRENCH
    assert decode(codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le")) == RUSSIAN
    assert decode(RUSSIAN.encode("utf-16-le")) == RUSSIAN  # no BOM: NULs every other byte


def test_labels_widen_to_what_browsers_use() -> None:
    assert normalise_label("ISO-8859-1") == "cp1252"
    assert normalise_label("gb2312") == "gb18030"
    assert normalise_label("Shift_JIS") == "cp932"
    assert normalise_label("no-such-charset") is None
    assert declared_in_markup(b'<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">') == "euc-kr"


def test_a_few_stray_bytes_in_a_utf8_page_keep_it_utf8() -> None:
    data = (FRENCH * 5).encode("utf-8") + b" prix: 10\x80 "
    text = decode(data)
    assert "président" in text and text.count("\ufffd") == 1


def test_empty_and_whitespace() -> None:
    assert decode(b"") == ""
    assert decode(b"  \n\t ") .strip() == ""
    assert decode("déjà") == "déjà"


def test_binary_content_is_refused() -> None:
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(20_000))
    with pytest.raises(InputError, match="binary content"):
        decode(noise)
    with pytest.raises(InputError, match="binary content"):
        decode(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 500, origin="photo.png")


@pytest.mark.parametrize("where", ["transport", "markup"])
def test_one_stray_byte_in_a_short_declared_utf8_page_costs_only_that_byte(where: str) -> None:
    page = "<html><head>{}<title>Zürich</title></head><body><p>Talks in Zürich resumed on Monday.</p></body></html>"
    data = page.format("" if where == "transport" else '<meta charset="utf-8">').encode().replace(b"Mon", b"Mon\x92")
    text = decode(data, "utf-8" if where == "transport" else None)
    assert "Talks in Zürich resumed on Mon\ufffdday." in text and "Ã" not in text
