"""A tiny knowledge base with the same interface as newsgraph.knowledge's, for offline tests."""

from __future__ import annotations

from newsgraph.knowledge import KBEntry


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


class FakeKB:
    def __init__(self, entries: list[KBEntry]) -> None:
        self.entries = entries

    def _match(self, entry: KBEntry, name: str) -> bool:
        return _norm(name) in {_norm(n) for n in [entry.name, *entry.aliases]}

    def lookup(self, name: str, type: str | None = None) -> list[KBEntry]:
        return [e for e in self.entries if self._match(e, name) and (type is None or e.type == type)
                and not e.id.startswith("geonames:")]

    def country(self, code_or_name: str) -> KBEntry | None:
        for e in self.entries:
            if e.id.startswith("country:") and (e.country == code_or_name.upper() or self._match(e, code_or_name)):
                return e
        return None

    def places(self, name: str) -> list[KBEntry]:
        return [e for e in self.entries if e.id.startswith("geonames:") and self._match(e, name)]

    def get(self, id: str) -> KBEntry | None:
        return next((e for e in self.entries if e.id == id), None)


def _country(code: str, name: str, lat: float, lon: float, pop: int, aliases=(), gid=None) -> KBEntry:
    return KBEntry(f"country:{code}", name, "GPE", list(aliases), country=code, lat=lat, lon=lon,
                   population=pop, feature="PCLI", geonames=gid)


def _place(gid: int, name: str, code: str, lat: float, lon: float, pop: int, feature: str = "PPL",
           admin1: str | None = None, aliases=()) -> KBEntry:
    return KBEntry(f"geonames:{gid}", name, "GPE", list(aliases), country=code, geonames=gid, lat=lat,
                   lon=lon, population=pop, feature=feature, admin1=admin1)


def fake_kb() -> FakeKB:
    return FakeKB([
        _country("FRA", "France", 46.0, 2.0, 67_000_000, gid=3017382),
        _country("USA", "United States", 39.8, -98.5, 330_000_000, ["US", "USA", "America"], gid=6252001),
        _country("GEO", "Georgia", 42.0, 43.5, 3_700_000, gid=614540),
        _country("HRV", "Croatia", 45.1, 15.2, 4_000_000, gid=3202326),
        _country("CAN", "Canada", 60.0, -95.0, 38_000_000, gid=6251999),
        _country("GBR", "United Kingdom", 54.0, -2.0, 67_000_000, ["Britain", "UK"], gid=2635167),
        KBEntry("norp:FRA", "French", "NORP", ["Frenchman"], country="FRA"),
        KBEntry("norp:HRV", "Croatian", "NORP", ["Croat", "Croats"], country="HRV"),
        KBEntry("norp:CAN", "Canadian", "NORP", [], country="CAN"),
        KBEntry("norp:GEO", "Georgian", "NORP", [], country="GEO"),
        KBEntry("org:NATO", "NATO", "ORG", ["Nato", "North Atlantic Treaty Organization"], sector="IGO"),
        KBEntry("org:UN", "United Nations", "ORG", ["UN", "U.N."], sector="IGO"),
        KBEntry("org:EU", "European Union", "ORG", ["EU"], sector="IGO"),
        KBEntry("media:reuters", "Reuters", "ORG", [], country="GBR", sector="MED"),
        KBEntry("region:balkans", "Balkans", "LOC", ["Balkan Peninsula"], lat=42.0, lon=21.0),
        _place(2988507, "Paris", "FRA", 48.853, 2.349, 2_138_551, "PPLC", "11"),
        _place(4717560, "Paris", "USA", 33.661, -95.556, 24_171, "PPL", "TX"),
        _place(6942553, "Paris", "CAN", 43.2, -80.383, 12_310, "PPL", "08"),
        _place(4736286, "Texas", "USA", 31.25, -99.25, 29_000_000, "ADM1", "TX"),
        _place(4684888, "Dallas", "USA", 32.783, -96.807, 1_300_000, "PPL", "TX"),
        _place(4197000, "Georgia", "USA", 32.75, -83.5, 10_700_000, "ADM1", "GA"),
        _place(4180439, "Atlanta", "USA", 33.749, -84.388, 498_000, "PPLA", "GA"),
        _place(611717, "Tbilisi", "GEO", 41.694, 44.834, 1_100_000, "PPLC", "51"),
        _place(3186886, "Zagreb", "HRV", 45.814, 15.978, 700_000, "PPLC", "21"),
        _place(6167865, "Toronto", "CAN", 43.7, -79.416, 2_600_000, "PPLA", "08"),
        _place(2643743, "London", "GBR", 51.508, -0.126, 8_900_000, "PPLC", "ENG"),
        _place(6058560, "London", "CAN", 42.983, -81.233, 346_765, "PPL", "08"),
        _place(6093943, "Ontario", "CAN", 49.25, -84.5, 13_000_000, "ADM1", "08"),
        _place(6174041, "Victoria", "CAN", 48.43, -123.37, 91_867, "PPLA", "02"),
        _place(241131, "Victoria", "SYC", -4.62, 55.45, 22_881, "PPLC", "17"),
        _place(3337531, "Quebec", "CAN", 52.0, -72.0, 8_000_000, "ADM1", "10", ["Québec"]),
        _place(6255148, "Europe", None, 48.7, 9.1, 741_000_000, "CONT"),
        _place(4896861, "Illinois", "USA", 40.0, -89.25, 12_800_000, "ADM1", "IL"),
        _place(4250542, "Springfield", "USA", 39.80, -89.64, 116_000, "PPLA", "IL"),
        _place(4409896, "Springfield", "USA", 37.21, -93.29, 169_000, "PPL", "MO"),
        _place(3019329, "Eu", "FRA", 50.05, 1.42, 7_000, "PPL", "28"),
        _place(5105608, "Union", "USA", 40.7, -74.26, 58_000, "PPL", "NJ"),
        _place(9000001, "Smallbrook", "GBR", 52.0, -1.0, 3_000, "PPL", "ENG", ["Hargreave"]),
        _place(3191648, "Split", "HRV", 43.508, 16.44, 160_000, "PPLA", "15"),
    ])
