"""Full CAMEO actor codes, and the dated roles of people and groups the KB knows.

A person in the knowledge base with Phoenix roles is coded with the role valid at the article's
date, and an event's participant at the event's own date ("Putin" in 2005 → RUSGOV, in 1995 →
RUSELI). What the text says wins over the dictionary, which ends in 2014.
"""

from __future__ import annotations

from typing import Any

from ..article import Article, Entity
from ..knowledge.actors import NON_STATE, iso3, latest, role_at, split_code


def cameo_code(country: str | None, sector: str | None, org_code: str | None = None) -> str | None:
    """A full CAMEO actor code from its parts: an IGO's own code (IGOWSTNAT) for its officials,
    else country + sector (SRBGOV, SYRREB), the country alone, or a non-state kind alone (REB)."""
    if org_code and (sector in (None, "IGO") or org_code.startswith(("IGO", "NGO", "MNC"))):
        return org_code
    if sector == "IGO":  # an official of an organisation we have no code for: not its seat's country
        return "IGO"
    if country:
        return country + (sector if sector and sector != "IGO" else "")
    return sector if sector in NON_STATE else None


def role_of(roles, date: str | None) -> str | None:
    """The role held on ``date`` (None outside every window: we know who they are, not what
    office they held then), or the latest one when there is no date."""
    return role_at(roles, date) if date else latest(roles)


def dated(result: Any, entry: Any, code: str | None) -> Any:
    """The KB role ``code`` fills what the text left open; it is the entity's full code unless
    the text named another country."""
    country, sector = split_code(code or "", iso3())
    if result.country and country and result.country != country:
        return result  # "a Dutch-born French minister": the text is about now, the role may be old
    if sector == "IGO":
        result.sector, result.org_code, result.country = "IGO", code, None
        return result
    result.country = result.country or country or entry.country
    result.sector = result.sector or sector
    if code and result.country == country and (result.sector == sector or sector is None):
        result.full = code
    return result


def article_date(article: Article) -> str | None:
    """The date roles are read at: the article's publication, else its dateline's date."""
    if article.published:
        return article.published[:10]
    return article.dateline.date[:10] if article.dateline and article.dateline.date else None


def at_event_date(participants: list[Any], entities: dict[str, Entity], context: Any,
                  when: Any | None) -> None:
    """Recode, at the event's own date, participants whose entity was coded by a dated KB role
    ("in 1995, Putin …" in a 2005 article is RUSELI, not that year's RUSGOV). A code the text gave
    (a title naming another office) is left alone: it is what the article says they are."""
    day = _middle_day(getattr(when, "value", None) or "")
    if context.kb is None or not day or day[:4] == (context.date or "")[:4]:
        return
    for p in participants:
        entity = entities.get(p.entity_id or "")
        entry_id = entity.kb.get("newsgraph", "") if entity is not None else ""
        entry = context.kb.get(entry_id) if entry_id else None
        roles = getattr(entry, "roles", None)
        if not roles or entity.code != role_of(roles, context.date):
            continue
        code = role_at(roles, day)
        if code:
            country, sector = split_code(code)
            p.code, p.country, p.sector = code, country, sector


def _middle_day(value: str) -> str | None:
    """The middle of a year or month ("1999" → 1999-07-01), the day itself, the start of a range."""
    value = value.split("/")[0]
    if len(value) == 4 and value.isdigit():
        return f"{value}-07-01"
    if len(value) == 7 and value[:4].isdigit():
        return f"{value}-15"
    return value[:10] if len(value) >= 10 and value[:4].isdigit() else None
