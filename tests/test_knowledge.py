"""The offline knowledge base: lookups, gazetteer candidates, user imports, the disk cache.

The KB is built once per test session into a temporary cache directory (a few seconds), so the
tests neither read nor write the user's real cache or KB directory."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pycountry
import pytest
from click.testing import CliRunner

from newsgraph.errors import InputError
from newsgraph.knowledge import KBEntry, KnowledgeBase, OfflineKB, reset_kb
from newsgraph.knowledge import cache as kbcache
from newsgraph.knowledge.base import Tables
from newsgraph.knowledge.curated import read_jsonl
from newsgraph.knowledge.normalize import normalize
from newsgraph.knowledge.user import import_file, list_entries, load_user_tables


@pytest.fixture(scope="session")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Tables:
    cache = tmp_path_factory.mktemp("kbcache")
    old = os.environ.get("NEWSGRAPH_CACHE_DIR")
    os.environ["NEWSGRAPH_CACHE_DIR"] = str(cache)
    reset_kb()
    yield kbcache.load_tables()
    reset_kb()
    if old is None:
        os.environ.pop("NEWSGRAPH_CACHE_DIR", None)
    else:
        os.environ["NEWSGRAPH_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def kb(tables: Tables) -> KnowledgeBase:
    return OfflineKB(tables)


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tables: Tables) -> Path:
    kb_dir = tmp_path / "userkb"
    monkeypatch.setenv("NEWSGRAPH_KB_DIR", str(kb_dir))
    reset_kb()
    yield kb_dir
    reset_kb()


def first(kb: KnowledgeBase, name: str, type: str | None = None) -> KBEntry:
    hits = kb.lookup(name, type=type)
    assert hits, f"no entry for {name!r}"
    return hits[0]


# --- names and normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Vučić", "vucic"), ("Zürich", "zurich"), ("Bosnia & Herzegovina", "bosnia and herzegovina"),
     ("U.S.", "us"), ("the Netherlands", "netherlands"), ("Côte d'Ivoire", "cote divoire")],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize("name", ["NATO", "Nato", "North Atlantic Treaty Organization", "nato alliance"])
def test_nato_forms(kb: KnowledgeBase, name: str) -> None:
    if name == "nato alliance":  # not an alias: must not match anything called NATO
        assert all(e.id != "org:NATO" for e in kb.lookup(name))
        return
    nato = first(kb, name)
    assert (nato.id, nato.type, nato.sector, nato.wikidata) == ("org:NATO", "ORG", "IGO", "Q7184")


def test_lower_case_words_do_not_hit_acronyms(kb: KnowledgeBase) -> None:
    assert all(e.id != "org:WHO" for e in kb.lookup("who"))
    assert all(e.id != "country:USA" for e in kb.lookup("us"))
    assert first(kb, "WHO").id == "org:WHO"
    assert first(kb, "US").id == "country:USA"


@pytest.mark.parametrize(
    ("name", "alpha3"),
    [("Bosnia & Herzegovina", "BIH"), ("Bosnia", "BIH"), ("BiH", "BIH"), ("the US", "USA"),
     ("U.S.", "USA"), ("America", "USA"), ("UK", "GBR"), ("Britain", "GBR"), ("Russia", "RUS"),
     ("South Korea", "KOR"), ("Ivory Coast", "CIV"), ("Côte d'Ivoire", "CIV"), ("Czechia", "CZE"),
     ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Kosovo", "XKX"), ("Taiwan", "TWN"),
     ("Western Sahara", "ESH"), ("Palestine", "PSE"), ("Hong Kong", "HKG"), ("Burma", "MMR")],
)
def test_country_names(kb: KnowledgeBase, name: str, alpha3: str) -> None:
    entry = first(kb, name)
    assert (entry.id, entry.type, entry.country) == (f"country:{alpha3}", "GPE", alpha3)


@pytest.mark.parametrize(
    ("name", "alpha3"),
    [("Serbian", "SRB"), ("Serbs", "SRB"), ("Bosnian", "BIH"), ("American", "USA"),
     ("British", "GBR"), ("Chinese", "CHN"), ("French", "FRA"), ("Kosovar", "XKX"),
     ("Ukrainians", "UKR"), ("Dutch", "NLD")],
)
def test_demonyms_resolve_to_their_country(kb: KnowledgeBase, name: str, alpha3: str) -> None:
    entry = first(kb, name, type="NORP")
    assert (entry.type, entry.country) == ("NORP", alpha3)
    assert kb.lookup(name, type="ORG") == []


@pytest.mark.parametrize(
    ("name", "alpha3"),
    [("Republika Srpska", "BIH"), ("Crimea", "UKR"), ("Gaza Strip", "PSE"), ("West Bank", "PSE"),
     ("Northern Ireland", "GBR"), ("Scotland", "GBR"), ("Kurdistan Region", "IRQ"),
     ("Catalonia", "ESP"), ("Donetsk Oblast", "UKR"), ("Luhansk region", "UKR"),
     ("Transnistria", "MDA"), ("Bavaria", "DEU")],
)
def test_subnational_entities_carry_their_state(kb: KnowledgeBase, name: str, alpha3: str) -> None:
    entry = first(kb, name, type="GPE")
    assert entry.country == alpha3
    assert not entry.id.startswith("country:")


def test_wikidata_ids_come_from_rigour(kb: KnowledgeBase) -> None:
    assert kb.country("XKX").wikidata == "Q1246"
    assert first(kb, "Republika Srpska").wikidata == "Q11196"
    assert kb.country("SRB").wikidata == "Q403"


def test_country_by_code_and_name(kb: KnowledgeBase) -> None:
    for key in ("SRB", "srb", "RS", "688", "Serbia", "Republic of Serbia"):
        assert kb.country(key).id == "country:SRB", key
    assert kb.country("XK").id == "country:XKX"
    assert kb.country("Republika Srpska") is None
    assert kb.country("Atlantis") is None


def test_every_iso_country_is_present(kb: KnowledgeBase) -> None:
    missing = [c.alpha_3 for c in pycountry.countries if kb.country(c.alpha_3) is None]
    assert missing == []
    no_coordinates = [c.alpha_3 for c in pycountry.countries if kb.country(c.alpha_3).lat is None]
    assert set(no_coordinates) <= {"ATA", "BVT", "UMI"}  # uninhabited or scattered: no one centre
    for c in pycountry.countries:
        entry = kb.country(c.alpha_3)
        assert entry.wikidata and entry.wikidata.startswith("Q"), c.alpha_3


# --- curated data ---------------------------------------------------------------------------


def test_curated_organisations_are_well_formed() -> None:
    ids = set()
    for rec in read_jsonl("organisations.jsonl"):
        assert rec["id"] not in ids, rec["id"]
        ids.add(rec["id"])
        assert rec["sector"] in {"IGO", "NGO"}, rec["id"]
        if "country" in rec:
            assert rec["country"] == "XKX" or pycountry.countries.get(alpha_3=rec["country"]), rec
        if "wikidata" in rec:
            assert rec["wikidata"][0] == "Q" and rec["wikidata"][1:].isdigit(), rec
    for required in ("NATO", "EU", "UN", "UNSC", "UNHCR", "OSCE", "KFOR", "OHR", "EULEX", "UNMIK", "IMF"):
        assert required in ids


@pytest.mark.parametrize(
    ("name", "org_id"),
    [("European Commission", "org:EC"), ("Security Council", "org:UNSC"), ("UNHCR", "org:UNHCR"),
     ("Office of the High Representative", "org:OHR"), ("Doctors Without Borders", "org:MSF"),
     ("Reuters", "media:REUTERS"), ("Associated Press", "media:AP"), ("Instagram", "media:INSTAGRAM"),
     ("Sina Weibo", "media:WEIBO")],
)
def test_organisations_and_media(kb: KnowledgeBase, name: str, org_id: str) -> None:
    entry = first(kb, name, type="ORG")
    assert entry.id == org_id
    assert entry.sector in {"IGO", "NGO", "MED"}


# --- gazetteer ------------------------------------------------------------------------------


def test_places_brussels_includes_the_belgian_capital(kb: KnowledgeBase) -> None:
    capital = [e for e in kb.places("Brussels") if e.country == "BEL" and e.feature == "PPLC"]
    assert len(capital) == 1
    assert capital[0].geonames == 2800866 and capital[0].id == "geonames:2800866"
    assert capital[0].lat == pytest.approx(50.85, abs=0.05)
    assert capital[0].lon == pytest.approx(4.35, abs=0.05)


def test_places_paris_has_france_and_texas(kb: KnowledgeBase) -> None:
    places = kb.places("Paris")
    france = [e for e in places if e.country == "FRA"]
    texas = [e for e in places if e.country == "USA" and e.admin1 == "TX"]
    assert france and france[0].population > 1_000_000 and france[0].feature == "PPLC"
    assert texas and texas[0].lat == pytest.approx(33.66, abs=0.1)


@pytest.mark.parametrize(("a", "b"), [("Zürich", "Zurich"), ("Priština", "Pristina"), ("Beograd", "Belgrade")])
def test_places_fold_diacritics_and_alternate_names(kb: KnowledgeBase, a: str, b: str) -> None:
    ids_a, ids_b = {e.id for e in kb.places(a)}, {e.id for e in kb.places(b)}
    assert ids_a and ids_a & ids_b


@pytest.mark.parametrize("name", ["the Balkans", "Middle East", "Sahel", "Donbas", "Caucasus", "Kashmir"])
def test_regions_have_coordinates(kb: KnowledgeBase, name: str) -> None:
    regions = [e for e in kb.places(name) if e.id.startswith("region:")]
    assert regions and regions[0].lat is not None and regions[0].feature == "RGN"


def test_places_are_only_located_gpe_and_loc(kb: KnowledgeBase) -> None:
    for name in ("Serbia", "Georgia", "Gaza", "NATO"):
        for e in kb.places(name):
            assert e.type in {"GPE", "LOC"} and e.lat is not None and e.lon is not None
    assert all(e.id != "org:NATO" for e in kb.places("NATO"))  # Nato, Philippines, may be there


def test_memoized_lookups_see_rows_added_later() -> None:
    """Lookups are memoized per name; a row added to either table afterwards must still be found,
    and a hit handed out must not be shared with the next caller."""
    tables, user = Tables(), Tables()
    tables.add(("org:A", "Acme Works", "ORG", (), None, None, None, None, None, None, 0, None, None))
    kb = OfflineKB(tables.freeze(), user)
    assert [e.id for e in kb.lookup("Acme Works")] == ["org:A"]
    assert kb.lookup("Zenith Mills") == []
    kb.lookup("Acme Works")[0].aliases.append("changed by a caller")
    assert kb.lookup("Acme Works")[0].aliases == []
    user.add(("user:Z", "Zenith Mills", "ORG", (), None, None, None, None, None, None, 0, None, None))
    tables.add(("org:B", "Acme Works", "ORG", (), None, None, None, None, None, None, 0, None, None))
    assert [e.id for e in kb.lookup("Zenith Mills")] == ["user:Z"]
    assert [e.id for e in kb.lookup("Acme Works")] == ["org:A", "org:B"]


def test_get_by_id(kb: KnowledgeBase) -> None:
    assert kb.get("geonames:2800866").name == "Brussels"
    assert kb.get("org:NATO").name == "North Atlantic Treaty Organization"
    assert kb.get("norp:SRB").country == "SRB"
    assert kb.get("nothing:here") is None


# --- user KB --------------------------------------------------------------------------------


def test_import_csv_reports_bad_rows_and_keeps_good_ones(user_dir: Path, tmp_path: Path, kb: KnowledgeBase) -> None:
    src = tmp_path / "mine.csv"
    src.write_text(
        "id,name,aliases,type,country,sector,wikidata,lat,lon\n"
        "acme,Acme Holdings,ACME;Acme Group,ORG,srb,BUS,,,\n"
        "nobody,,x,PERSON,,,,,\n"
        "hq,Acme Tower,,FAC,RS,,Q12,44.8,\n"
        "nato,Nato,,ORG,BE,GOV,,,\n",
        encoding="utf-8",
    )
    count, errors = import_file(src)
    assert count == 2
    assert [e.origin for e in errors] == [f"{src} row 3", f"{src} row 4"]
    assert "name" in errors[0].reason and "lat and lon" in errors[1].reason
    assert all(isinstance(e, InputError) for e in errors)
    assert (user_dir / "user-entries.jsonl").exists()
    merged = OfflineKB(kb._tables, load_user_tables())
    acme = first(merged, "Acme Group")
    assert (acme.id, acme.country, acme.sector) == ("user:acme", "SRB", "BUS")
    assert first(merged, "Nato").id == "user:nato"  # user entries win ties
    assert first(merged, "North Atlantic Treaty Organization").id == "org:NATO"


def test_import_jsonl_and_reimport_replaces(user_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "mine.jsonl"
    rows = [
        {"id": "p1", "name": "Jane Roe", "aliases": ["J. Roe"], "type": "PERSON", "country": "FRA",
         "wikidata": "Q1"},
        {"id": "v1", "name": "Villa Example", "type": "LOC", "lat": 45.1, "lon": 7.2},
        {"id": "bad", "name": "Bad Id", "type": "ORG", "wikidata": "42"},
    ]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    count, errors = import_file(src)
    assert count == 2
    assert [e.origin for e in errors] == [f"{src} line 3", f"{src} line 4"]
    src.write_text(json.dumps({**rows[0], "name": "Jane Q. Roe"}) + "\n", encoding="utf-8")
    assert import_file(src) == (1, [])
    entries = {e.id: e for e in list_entries()}
    assert set(entries) == {"user:p1", "user:v1"}
    assert entries["user:p1"].name == "Jane Q. Roe" and entries["user:v1"].lat == 45.1


def test_import_unreadable_file_is_an_input_error(user_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        import_file(tmp_path / "absent.csv")
    headerless = tmp_path / "bad.csv"
    headerless.write_text("name,type\nX,ORG\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks column"):
        import_file(headerless)
    assert list_entries() == []


def test_cli_kb_commands(user_dir: Path, tmp_path: Path) -> None:
    from newsgraph.cli import main

    src = tmp_path / "cli.csv"
    src.write_text("id,name,aliases,type,country,sector,wikidata\nzz,Zeta Zed Ltd,ZZL,ORG,DE,BUS,\n"
                   "broken,Broken,,NOTATYPE,,,\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["kb", "import", str(src)])
    assert result.exit_code == 1 and "imported 1 entry" in result.output
    result = runner.invoke(main, ["kb", "lookup", "Zeta Zed Ltd", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["id"] == "user:zz"
    result = runner.invoke(main, ["kb", "list"])
    assert result.exit_code == 0 and "user:zz" in result.output
    result = runner.invoke(main, ["kb", "lookup", "Bosnia & Herzegovina"])
    assert result.exit_code == 0 and result.output.startswith("country:BIH")


# --- disk cache -----------------------------------------------------------------------------


class CountingBuild:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Tables:
        self.calls += 1
        t = Tables()
        t.add(("org:X", f"Build {self.calls}", "ORG", (), None, None, None, None, None, None, 0, None, None))
        return t


@pytest.fixture
def fake_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CountingBuild:
    build = CountingBuild()
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(kbcache, "build_tables", build)
    return build


def test_cache_is_built_once_then_loaded(fake_build: CountingBuild, tmp_path: Path) -> None:
    first_load = kbcache.load_tables()
    second_load = kbcache.load_tables()
    assert fake_build.calls == 1
    assert second_load.rows == first_load.rows
    files = list((tmp_path / "cache").iterdir())
    assert [f.name for f in files] == [kbcache.cache_path().name]


def test_cache_rebuilds_when_version_changes_and_drops_stale_file(
    fake_build: CountingBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kbcache.load_tables()
    old = kbcache.cache_path()
    monkeypatch.setattr(kbcache, "KB_VERSION", kbcache.KB_VERSION + 1)
    assert kbcache.cache_path() != old
    assert kbcache.load_tables().rows[0][1] == "Build 2"
    assert not old.exists() and kbcache.cache_path().exists()


def test_cache_rebuilds_a_corrupt_file(fake_build: CountingBuild) -> None:
    kbcache.load_tables()
    kbcache.cache_path().write_bytes(b"\x80\x05 truncated")
    assert kbcache.load_tables().rows[0][1] == "Build 2"
    assert kbcache.load_tables().rows[0][1] == "Build 2"  # and the repaired file is used again


def test_concurrent_builds_leave_one_valid_file(fake_build: CountingBuild, tmp_path: Path) -> None:
    threads = [threading.Thread(target=kbcache.load_tables, kwargs={"rebuild": True}) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    names = sorted(f.name for f in (tmp_path / "cache").iterdir())
    assert names == [kbcache.cache_path().name]  # no temporary file left behind
    assert kbcache.load_tables().rows[0][1].startswith("Build ")


# --- additions: located demonyms, abbreviations, GeoNames ids of countries -------------------


def test_geonames_id_of_a_country_resolves(kb: KnowledgeBase) -> None:
    turkey = kb.get("geonames:298795")  # GeoNames cites countries by their own ids
    assert turkey is not None and turkey.id == "country:TUR"


def test_demonyms_carry_their_country_centre(kb: KnowledgeBase) -> None:
    syrian, syria = first(kb, "Syrian", type="NORP"), kb.country("SYR")
    assert (syrian.lat, syrian.lon) == (syria.lat, syria.lon)
    european = first(kb, "European", type="NORP")
    assert european.country is None and european.lat is not None


@pytest.mark.parametrize(("abbr", "state"), [("Calif.", "California"), ("N.J.", "New Jersey"), ("NJ", "New Jersey")])
def test_us_state_abbreviations(kb: KnowledgeBase, abbr: str, state: str) -> None:
    assert any(e.name == state and e.feature == "ADM1" for e in kb.places(abbr))


def test_abbreviations_need_capitals(kb: KnowledgeBase) -> None:
    assert any(e.name == "Pennsylvania" for e in kb.lookup("Pa."))
    assert all(e.name != "Pennsylvania" for e in kb.lookup("pa"))


def test_curated_wikidata_ids_are_unique() -> None:
    seen: dict[str, str] = {}
    for name in ("organisations.jsonl", "media.jsonl"):
        for rec in read_jsonl(name):
            if "wikidata" in rec:
                assert rec["wikidata"] not in seen, (rec["id"], seen.get(rec["wikidata"]))
                seen[rec["wikidata"]] = rec["id"]


@pytest.mark.parametrize(("name", "alpha3"), [("Scottish", "GBR"), ("Catalan", "ESP"), ("Bosnian Serbs", "BIH"),
                                              ("Kosovo Albanians", "XKX"), ("Korean", "KOR")])
def test_regional_demonyms(kb: KnowledgeBase, name: str, alpha3: str) -> None:
    assert first(kb, name, type="NORP").country == alpha3


@pytest.mark.parametrize(("name", "qid"), [("USSR", "Q15180"), ("Yugoslavia", "Q83286"), ("East Germany", "Q16957")])
def test_former_states(kb: KnowledgeBase, name: str, qid: str) -> None:
    entry = first(kb, name)
    assert (entry.feature, entry.wikidata, entry.country) == ("PCLH", qid, None)


def test_small_towns_do_not_inherit_foreign_words(kb: KnowledgeBase) -> None:
    # GeoNames lists "Ireland" among the old names of a Massachusetts town: not indexed
    assert [e.id for e in kb.places("Ireland")] == ["country:IRL"]
    assert kb.places("Beograd")[0].id == "geonames:792680"  # a big city's exonyms stay


def test_fingerprint_follows_curated_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.knowledge import curated

    before = kbcache.fingerprint()
    original = curated.data_bytes
    monkeypatch.setattr(curated, "data_bytes", lambda name: original(name) + b"\n// edited")
    assert kbcache.fingerprint() != before


def test_user_places_and_kb_info(user_dir: Path, tmp_path: Path, kb: KnowledgeBase) -> None:
    from newsgraph.cli import main

    src = tmp_path / "farm.jsonl"
    src.write_text(json.dumps({"id": "farm", "name": "Brussels Farm", "aliases": ["Brussels"], "type": "LOC",
                               "country": "BEL", "lat": 50.9, "lon": 4.5}) + "\n", encoding="utf-8")
    assert import_file(src) == (1, [])
    merged = OfflineKB(kb._tables, load_user_tables())
    assert merged.places("Brussels")[0].id == "user:farm"
    result = CliRunner().invoke(main, ["kb", "info", "--json"])
    assert result.exit_code == 0
    info = json.loads(result.output)
    assert info["by_kind"]["user"] == 1 and info["by_kind"]["country"] >= 249


def test_first_level_divisions_and_seas(kb: KnowledgeBase) -> None:
    tamil_nadu = [e for e in kb.places("Tamil Nadu") if e.feature == "ADM1"]
    assert tamil_nadu and tamil_nadu[0].country == "IND" and tamil_nadu[0].wikidata
    ontario = [e for e in kb.places("Ontario") if e.feature == "ADM1"]
    assert ontario and ontario[0].country == "CAN"
    assert [e.feature for e in kb.places("Atlantic Ocean")] == ["OCN"]
    texas = [e for e in kb.places("Texas") if e.feature == "ADM1"]
    assert len(texas) == 1 and texas[0].wikidata  # one Texas: GeoNames' state, with rigour's id


def test_damaged_user_store_is_skipped_with_a_warning(user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    good = {"id": "user:ok", "name": "Okay Org", "type": "ORG"}
    (user_dir / "user-entries.jsonl").write_text(json.dumps(good) + "\n{broken\n" + '{"nope": 1}\n',
                                                 encoding="utf-8")
    with pytest.warns(UserWarning, match="damaged") as caught:
        entries = list_entries()
    assert [e.id for e in entries] == ["user:ok"]
    assert ["line 2" in str(w.message) or "line 3" in str(w.message) for w in caught] == [True, True]


def test_cache_holding_something_else_is_rebuilt(fake_build: CountingBuild) -> None:
    import pickle

    kbcache.load_tables()
    kbcache.cache_path().write_bytes(pickle.dumps({"not": "tables"}))
    assert kbcache.load_tables().rows[0][1] == "Build 2"


def test_possessive_is_not_part_of_the_name(kb: KnowledgeBase) -> None:
    assert first(kb, "NATO's").id == "org:NATO"
    assert kb.country("Serbia’s").id == "country:SRB"


def test_divisions_carry_their_geonames_admin1(kb: KnowledgeBase) -> None:
    linked = [e for e in kb.entries("adm1:") if e.lat is not None]
    assert linked and all(e.admin1 for e in linked), [e.id for e in linked if not e.admin1]
    ontario = next(e for e in kb.places("Ontario") if e.feature == "ADM1")
    toronto = next(e for e in kb.places("Toronto") if e.country == "CAN")
    assert ontario.admin1 == toronto.admin1
    srpska, banja_luka = first(kb, "Republika Srpska"), kb.places("Banja Luka")[0]
    assert srpska.admin1 == banja_luka.admin1


def test_cached_builds_once_then_reads_the_file_and_replaces_other_versions(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path))
    built: list[str] = []

    def build(tag: str):
        return lambda: built.append(tag) or {"made": tag}

    assert kbcache.cached("model", "1.0", build("a"), dict) == {"made": "a"}
    assert kbcache.cached("model", "1.0", build("b"), dict) == {"made": "a"}  # from the file
    assert built == ["a"]
    assert kbcache.cached("model", "2.0", build("c"), dict) == {"made": "c"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model-2.0.pickle"]
    (tmp_path / "model-2.0.pickle").write_bytes(b"not a pickle")
    assert kbcache.cached("model", "2.0", build("d"), dict) == {"made": "d"}
    assert kbcache.cached("model", "2.0", lambda: ["fresh"], list) == ["fresh"]  # a file of another kind


def test_cached_works_without_a_writable_cache(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(blocker / "cache"))  # under a file: cannot be made
    assert kbcache.cached("model", "1.0", lambda: [1, 2], list) == [1, 2]
