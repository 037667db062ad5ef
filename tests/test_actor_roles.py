"""Actors with dated roles: the Phoenix dictionaries as converted package data, their loading into
the KB, and the coding of people and groups with the role valid at the article's date."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import pytest

from newsgraph.article import Article, Entity, Mention
from newsgraph.errors import InputError
from newsgraph.knowledge import KBEntry, get_kb
from newsgraph.knowledge import cache as kbcache
from newsgraph.knowledge.actors import agents, group_names, latest, role_at, short_name, split_code
from newsgraph.knowledge.base import OfflineKB
from newsgraph.knowledge.phoenix import (
    convert,
    convert_actors,
    convert_agents,
    iso_date,
    parse_role,
    read_actor_records,
)
from newsgraph.knowledge.user import import_file, load_user_tables
from newsgraph.language.actors import ActorContext, code_actor, code_actors
from newsgraph.language.roles import cameo_code

VENDOR = Path(__file__).resolve().parents[1].parent / "shared" / "vendor" / "petrarch2"
PHOENIX = resources.files("newsgraph.knowledge").joinpath("data", "phoenix")

# Roles as the dictionary gives them, for the pure date logic (no KB needed).
VUCIC = [("SRBGOV", "2012-07-27", None), ("SRBGOVMIL", "2012-07-27", "2013-09-02"),
         ("SRBGOVMED", "1998-03-24", "2000-10-24")]
PUTIN = [("RUSELI", "1970-01-01", "1999-08-09"), ("RUSGOV", "1999-12-31", "2008-05-07"),
         ("RUSGOV", "2008-05-08", None), ("RUSELI", None, None)]


@pytest.fixture(scope="module")
def kb():
    return get_kb()


# --- the date logic --------------------------------------------------------------------------


@pytest.mark.parametrize(("roles", "date", "code"), [
    (VUCIC, "2025-03-20", "SRBGOV"),
    (VUCIC, "2013-01-01", "SRBGOVMIL"),  # the narrower window wins over the open one
    (VUCIC, "1999-05-01", "SRBGOVMED"),
    (VUCIC, "1990-01-01", None),  # no role then, and no undated default
    (PUTIN, "2005-06-01", "RUSGOV"),
    (PUTIN, "1995-06-01", "RUSELI"),
    (PUTIN, "1950-01-01", "RUSELI"),  # the undated default outside every window
    (PUTIN, None, "RUSGOV"),  # no date: the latest role
])
def test_role_at(roles, date, code):
    assert role_at(roles, date) == code


def test_latest_prefers_a_dated_role_to_the_default():
    assert latest([("USAELI", "1964-01-01", "2001-01-20"), ("USAGOV", "2001-01-20", "2009-01-20"),
                   ("USAELI", None, None)]) == "USAGOV"


@pytest.mark.parametrize(("code", "parts"), [
    ("SRBGOV", ("SRB", "GOV")), ("IGOWSTNAT", (None, "IGO")), ("PSEREBHMS", ("PSE", "REB")),
    ("MNCUSA", (None, "BUS")), ("ROMGOV", ("ROU", "GOV")), ("USA", ("USA", None)), ("WEUREB", (None, "REB")),
])
def test_split_code(code, parts):
    assert split_code(code) == parts


@pytest.mark.parametrize(("parts", "code"), [
    (("SRB", "GOV", None), "SRBGOV"), ((None, "IGO", "IGOWSTNAT"), "IGOWSTNAT"),
    (("BEL", "IGO", None), "IGO"), (("SYR", "REB", None), "SYRREB"), (("SRB", None, None), "SRB"),
    ((None, "REB", None), "REB"), ((None, "GOV", None), None),
])
def test_cameo_code(parts, code):
    assert cameo_code(*parts) == code


# --- the converter ---------------------------------------------------------------------------

SAMPLE = """# a comment
EXAMPLIA_  [EXA]
+EXAMPLIAN_
JANE_ROE_  # CountryInfo.txt
+ROE_
\t[EXAELI 550101-980301]
\t[EXAGOV >980301]
BAD_DATES_PERSON_
\t[EXAGOV 2004017-20061201]
SOUTHERN_LIBERATION_FRONT_  [EXAREB]
+SLF
NOBODY_AT_ALL_
"""


def test_a_bare_kind_of_actor_is_no_country_record():
    """'[IGOUNO …] [ELI]': an official whose default is a bare kind (ELI, MED, NGO) is a person or
    group, not a state like 'EXAMPLIA_ [EXA]'."""
    actors = convert_actors(read_actor_records(
        "JOHN_EXAMPLE_\n+SECRETARY-GENERAL_JOHN_EXAMPLE\n\t[IGOUNO 970101-061231]\n\t[ELI]\n"
        "DAILY_EXAMPLE_  [MED]\n"))
    assert actors["JOHN_EXAMPLE"][0] == "PERSON" and ("ELI", None, None) in actors["JOHN_EXAMPLE"][3]
    assert actors["DAILY_EXAMPLE"][3] == [("MED", None, None)]


def test_synonyms_written_without_the_plus_mark_join_their_record():
    """'JOHN_DOE_' / 'PRESIDENT_DOE' / 'DOE_ADMINISTRATION' then the codes: one person; a codeless
    record of another name before a coded one stays apart (and is dropped)."""
    actors = convert_actors(read_actor_records(
        "JOHN_DOE_  # CountryInfo.txt\n+JOHNNY_DOE\nPRESIDENT_DOE\nDOE_ADMINISTRATION\nEXAMPLIAN_PRESIDENT_DOE\n"
        "\t[EXAGOV 900101-991231]\nMARY_MAJOR_\nRICHARD_ROE_\n\t[EXAGOV >000101]\n"
        "SOUTHERN_FRONT_\nNORTHERN_FRONT_  [EXAREB]\n"))
    assert set(actors) == {"JOHN_DOE", "RICHARD_ROE", "NORTHERN_FRONT"}
    assert actors["JOHN_DOE"][2] == ["Johnny Doe", "President Doe", "Doe Administration", "Examplian President Doe"]
    assert actors["JOHN_DOE"][0] == "PERSON" and actors["RICHARD_ROE"][2] == []


@pytest.mark.parametrize(("name", "short"), [
    ("Carlos Saul Menem", ("Carlos Menem",)), ("Kofi Atta Annan", ("Kofi Annan",)),
    ("Fernando De La Rua", ()), ("Osama Bin Laden", ()), ("George H. W. Bush", ()), ("Jane Roe", ()),
])
def test_news_drops_a_middle_name(name, short):
    assert short_name(name) == short


@pytest.mark.parametrize(("name", "short"), [
    ("Moro Islamic Liberation Front (Milf)", ("Moro Islamic Liberation Front", "MILF")),
    ("Black Panthers (West Bank/gaza)", ()), ("Virgin Islands (Us)", ()),  # a qualifier, no acronym
    ("Al-Fatah", ("Fatah",)), ("Al Shabaab (As)", ("Al Shabaab", "AS", "Shabaab")),
    ("National Liberation Army", ()),
])
def test_groups_are_found_without_their_parenthesis_or_article(name, short):
    assert group_names(name) == short


def test_people_are_found_by_first_and_last_name(kb):
    assert code_actor("Carlos Menem", ActorContext(kb=kb, date="1995-01-01")).code == "ARGGOV"
    assert code_actor("former president Carlos Menem", ActorContext(kb=kb, date="2005-01-01")).code == "ARGELI"
    assert code_actor("Kofi Annan", ActorContext(kb=kb, date="2000-01-01")).code == "IGOUNO"


def test_actor_records_people_groups_and_dates():
    actors = convert_actors(read_actor_records(SAMPLE))
    assert "EXAMPLIA" not in actors  # a country record: the KB has its own countries
    assert "NOBODY_AT_ALL" not in actors and "BAD_DATES_PERSON" not in actors  # nothing to code with
    assert actors["JANE_ROE"] == ("PERSON", "Jane Roe", ["Roe"], [
        ("EXAELI", "1955-01-01", "1998-03-01"), ("EXAGOV", "1998-03-01", None)])
    assert actors["SOUTHERN_LIBERATION_FRONT"][:3] == ("ORG", "Southern Liberation Front", ["SLF"])


@pytest.mark.parametrize(("text", "iso"), [("980301", "1998-03-01"), ("120727", "2012-07-27"),
                                           ("20120727", "2012-07-27"), ("2004017", None), ("991399", None)])
def test_iso_date(text, iso):
    assert iso_date(text) == iso


def test_parse_role_forms():
    assert parse_role("SRBGOV <20120727") == ("SRBGOV", None, "2012-07-27")
    assert parse_role("IGOUNO  >070201") == ("IGOUNO", "2007-02-01", None)
    assert parse_role("---") is None and parse_role("ELI") == ("ELI", None, None)


def test_agents_expand_substitutions_and_plurals():
    table = convert_agents("!PERSON! = MAN, WOMAN\nREBEL [~REB]\nPOLICE {} [~COP]\nCONGRESS!PERSON! [~LEG]\n"
                           "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nHUMAN_RIGHTS_BODY [NGO~]\n")
    assert table == {"rebel": "~REB", "rebels": "~REB", "police": "~COP", "congressman": "~LEG",
                     "congresswoman": "~LEG", "attorney general": "~GOVATG", "attorneys general": "~GOVATG",
                     "human rights body": "NGO~", "human rights bodies": "NGO~"}


@pytest.mark.skipif(not VENDOR.is_dir(), reason="vendored dictionaries absent")
def test_committed_data_is_what_the_converter_makes(tmp_path):
    counts = convert(VENDOR, tmp_path)
    assert counts["people"] > 15_000 and counts["groups"] > 2_000
    for name in ("actors.tsv.gz", "agents.tsv.gz"):
        assert (tmp_path / name).read_bytes() == PHOENIX.joinpath(name).read_bytes(), name


def test_licence_and_provenance_ship_with_the_data():
    assert "MIT License" in PHOENIX.joinpath("LICENSE").read_text()
    assert "Open Event Data" in PHOENIX.joinpath("LICENSE").read_text()
    provenance = PHOENIX.joinpath("PROVENANCE.md").read_text()
    assert "openeventdata/petrarch2" in provenance and "676801cd9cb2924bbbad09f86d15c9323e7097bf" in provenance
    lines = gzip.decompress(PHOENIX.joinpath("actors.tsv.gz").read_bytes()).decode().splitlines()
    assert all(len(line.split("\t")) == 5 for line in lines)


# --- the KB ----------------------------------------------------------------------------------


def test_people_with_dated_roles_are_in_the_kb(kb):
    vucic = kb.lookup("Vucic", type="PERSON")[0]
    assert (vucic.id, vucic.name, vucic.country) == ("actor:ALEKSANDAR_VUCIC", "Aleksandar Vucic", "SRB")
    assert ("SRBGOV", "2012-07-27", None) in vucic.roles
    putin = kb.lookup("Vladimir Putin", type="PERSON")[0]
    assert role_at(putin.roles, "2005-01-01") == "RUSGOV"


def test_groups_get_codes_and_curated_organisations_keep_their_row(kb):
    nato = kb.lookup("NATO")[0]
    assert nato.id == "org:NATO" and nato.roles == [("IGOWSTNAT", None, None)]
    assert not [e for e in kb.lookup("NATO", type="PERSON")]
    taliban = kb.lookup("Taliban", type="ORG")[0]
    assert (taliban.country, taliban.sector, taliban.roles[0][0]) == ("AFG", "REB", "AFGREB")


def test_people_never_outrank_places_or_countries(kb):
    # "Obama" is a Japanese city as well as a president: an untyped lookup puts the place first,
    # and gazetteer lookups never see people at all
    assert kb.lookup("Obama")[0].type == "GPE"
    assert kb.lookup("Obama", type="PERSON")[0].id == "actor:BARACK_OBAMA"
    assert all(e.type in ("GPE", "LOC") for name in ("Obama", "Bush", "Paris") for e in kb.places(name))
    assert kb.country("Serbia").id == "country:SRB"


def test_kb_loads_from_its_cache_with_the_actors(kb):
    # Timing is measured by `newsgraph kb info` / the benchmarks; here: the load path is the cache.
    kbcache.LAST_BUILD.clear()
    tables = kbcache.load_tables()
    assert "load_s" in kbcache.LAST_BUILD and "build_s" not in kbcache.LAST_BUILD
    assert sum(1 for row in tables.rows if row[0].startswith("actor:")) > 15_000
    assert all(len(row) == len(tables.rows[0]) for row in tables.rows[::997])


# --- coding ----------------------------------------------------------------------------------


def _article(text: str, published: str, spans: list[tuple[str, str, str]]) -> Article:
    ents, ments = {}, []
    for surface, label, eid in spans:
        start = text.index(surface)
        ments.append(Mention(start, start + len(surface), surface, label, eid))
        ents.setdefault(eid, Entity(eid, surface, label))
    return Article(text=text, published=published, entities=list(ents.values()), mentions=ments)


@pytest.mark.parametrize(("name", "date", "code"), [
    ("Vucic", "2025-03-20", "SRBGOV"),
    ("Putin", "2005-06-01", "RUSGOV"),
    ("Putin", "1995-06-01", "RUSELI"),
])
def test_people_are_coded_with_the_role_of_the_day(kb, name, date, code):
    text = f"{name} spoke to reporters on Monday."
    art = code_actors(_article(text, date, [(name, "PERSON", "p1")]), kb)
    person = art.entities[0]
    assert person.code == code
    assert person.kb["newsgraph"].startswith("actor:")
    assert person.country == code[:3]


def test_a_title_in_the_text_beats_the_old_dictionary_role(kb):
    # The dictionary (2014) knows Rutte only as a Dutch politician; the text says what he is now.
    text = "Vucic met NATO Secretary General Mark Rutte in Brussels."
    art = code_actors(_article(text, "2025-03-20", [("Vucic", "PERSON", "p1"), ("Mark Rutte", "PERSON", "p2"),
                                                    ("NATO", "ORG", "o1")]), kb)
    codes = {e.name: e.code for e in art.entities}
    assert codes == {"Vucic": "SRBGOV", "Mark Rutte": "IGOWSTNAT", "NATO": "IGOWSTNAT"}
    rutte = next(e for e in art.entities if e.name == "Mark Rutte")
    assert rutte.kb["newsgraph"] == "actor:MARK_RUTTE" and rutte.country is None


def test_without_a_title_the_dictionary_role_stands(kb):
    text = "Mark Rutte spoke to reporters."
    art = code_actors(_article(text, "2012-05-01", [("Mark Rutte", "PERSON", "p1")]), kb)
    assert art.entities[0].code == "NLDGOV"


@pytest.mark.parametrize(("span", "code"), [
    ("the Serbian president", "SRBGOV"),
    ("rebels in Idlib", "SYRREB"),
    ("Syrian insurgents", "SYRREB"),  # "insurgent" comes from the agents dictionary
    ("the US military", "USAMIL"),
    ("NATO Secretary General", "IGOWSTNAT"),
    ("the Taliban", "AFGREB"),
])
def test_titles_and_agents_code_unknown_actors(kb, span, code):
    assert code_actor(span, ActorContext(kb=kb)).code == code


def test_a_person_named_in_a_span_is_coded_at_the_context_date(kb):
    assert code_actor("Putin", ActorContext(kb=kb, date="2005-01-01")).code == "RUSGOV"
    assert code_actor("Putin", ActorContext(kb=kb, date="1990-01-01")).code == "RUSELI"
    assert code_actor("President Putin", ActorContext(kb=kb, date="2005-01-01")).code == "RUSGOV"


def test_outside_every_role_window_only_the_country_is_known(kb):
    # Vucic's first role begins in 1998 and the dictionary gives him no default
    code = code_actor("Vucic", ActorContext(kb=kb, date="1990-01-01"))
    assert (code.country, code.sector, code.code) == ("SRB", None, "SRB")


def test_a_single_name_alias_needs_the_whole_name(kb):
    # "Abdullah" alone is a Saudi king in the dictionary; "Abdullah Ocalan" is not him
    assert code_actor("its leader Abdullah Ocalan", ActorContext(kb=kb, date="2000-01-01")).country != "SAU"


def test_a_regional_group_keeps_the_country_its_name_states(kb):
    # the dictionary codes Palestinian Islamic Jihad by region (MEAREB); its name says Palestinian
    assert code_actor("the Palestinian Islamic Jihad", ActorContext(kb=kb)).country == "PSE"


def test_agents_table_is_loaded():
    table = agents()
    assert table[("police",)] == "~COP" and table[("rebels",)] == "~REB"


# --- user rows with roles --------------------------------------------------------------------


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_KB_DIR", str(tmp_path / "userkb"))
    yield tmp_path / "userkb"


def test_user_rows_add_people_with_roles(user_dir, tmp_path, kb):
    src = tmp_path / "people.csv"
    src.write_text("id,name,aliases,type,roles\n"
                   "jroe,Jane Roe,Roe,PERSON,EXAELI 2001-01-01/2019-12-31; FRAGOV 2020-01-01/\n"
                   "bad,Bad Role,,PERSON,FRAGOV 2020/\n", encoding="utf-8")
    count, errors = import_file(src)
    assert count == 1 and [e.code for e in errors] == ["E509"]
    assert isinstance(errors[0], InputError) and "ISO date" in errors[0].reason
    merged = OfflineKB(kb._tables, load_user_tables())
    art = code_actors(_article("Roe spoke on Monday.", "2024-02-02", [("Roe", "PERSON", "p1")]), merged)
    assert (art.entities[0].code, art.entities[0].kb["newsgraph"]) == ("FRAGOV", "user:jroe")
    stored = json.loads((user_dir / "user-entries.jsonl").read_text().splitlines()[0])
    assert stored["roles"] == [["EXAELI", "2001-01-01", "2019-12-31"], ["FRAGOV", "2020-01-01", None]]


def test_entries_without_roles_still_work():
    assert KBEntry("user:x", "X", "PERSON").roles == []


def test_a_dated_event_recodes_a_dictionary_role():
    import newsgraph

    text = ("Moscow, 20 March 2025 - Russian officials recalled the 1995 talks. In 1995, Vladimir Putin "
            "met Boris Yeltsin in Moscow. Vladimir Putin praised the Serbian government on Tuesday.")
    art = newsgraph.analyze(text)
    putin = [(e.date.value if e.date else None, p.code) for e in art.events for p in e.actors + e.recipients
             if p.entity_id and "Putin" in next(x.name for x in art.entities if x.id == p.entity_id)]
    assert ("1995", "RUSELI") in putin, putin
    assert any(code == "RUSGOV" for date, code in putin if date != "1995"), putin


def test_a_group_known_by_region_and_by_country_takes_the_country(kb):
    # the dictionary has the MILF twice: by region (IMGSEAMUSASF) and, under "… (Milf)", as PHLREB
    assert code_actor("the Moro Islamic Liberation Front", ActorContext(kb=kb)).country == "PHL"
