"""Where an actor without a country belongs, read from the event it takes part in (CAMEO codes a
domestic actor by the country it acts in):

1. :func:`share_home_country`: a domestic group ("demonstrators", "Darfur rebels") takes the one
   country all the event's other parties share (police dispersing demonstrators);
2. :func:`acts_at_home`: a domestic group or the police take the country of the place the sentence
   says the event happens in ("police arrested protesters in Cairo").
Soldiers, officials, firms, media, churches and refugees are left alone: they are as often abroad.
"""

from __future__ import annotations

from .roles import cameo_code

#: Groups that act at home: civilians and protesters, the opposition and parties, rebels and
#: insurgents, unions, students, farmers. Firms, media, churches and refugees are left out: they are
#: as often abroad ("Boeing sold jets to Aeroflot", "Syrian refugees in Turkey").
_DOMESTIC = frozenset({"CVL", "OPP", "PTY", "REB", "INS", "LAB", "EDU", "AGR"})


def share_home_country(parties: list) -> None:
    """Give a domestic group without a country ("demonstrators", "Darfur rebels", "opposition
    leaders") the country of the event's other parties, when they all have the same one: police
    dispersing demonstrators, rebels defying their government (CAMEO codes a domestic actor by the
    country it acts in). A party whose code already says more (a KB group's own code) keeps it."""
    countries = {p.country for p in parties if p.country}
    if len(countries) != 1:
        return
    (country,) = countries
    _place_at_home(parties, country, _DOMESTIC)


def acts_at_home(parties: list, country: str | None) -> None:
    """Give a domestic group or the police without a country ("rebels burned houses in Darfur",
    "police arrested protesters in Cairo") the country of the place the event happens in: they
    act at home. Soldiers and officials are left alone: they are as often abroad."""
    if country:
        _place_at_home(parties, country, _DOMESTIC | {"COP"})


def _place_at_home(parties: list, country: str, sectors: frozenset[str]) -> None:
    """Code the parties of ``sectors`` that have no country, and no code saying more, in ``country``."""
    for p in parties:
        if not p.country and p.sector in sectors and p.code in (None, p.sector):
            p.country, p.code = country, cameo_code(country, p.sector)
