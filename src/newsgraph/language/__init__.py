"""NLP on an Article: entities, resolution, places, actors, time, quotes, events, tone.

One package per capability (``entities``, ``places``, ``quotes``, ``events``) and the modules
``actors``, ``time`` (with its date rules in ``dates``) and ``tone``; ``nlp`` loads and caches the
parses. Word lists are data in ``data/``, read once by ``wordlists.words``.

Importing this package registers its stages with the pipeline and sets the default order, which is
the flow: names first, then what is known of them, then who said and did what.
"""

from ..pipeline import DEFAULT_STAGES
from . import actors, time, tone  # noqa: F401  (register stages)
from .entities import stage as _entities  # noqa: F401
from .events import stage as _events  # noqa: F401
from .places import stage as _places  # noqa: F401
from .quotes import stage as _quotes  # noqa: F401

DEFAULT_STAGES[:] = [
    "newsgraph.entities.v1",  # spaCy NER + news repair rules, within-article resolution
    "newsgraph.places.v1",  # geoparsing with the article's context
    "newsgraph.actors.v1",  # country + sector + title of people and organisations
    "newsgraph.time.v1",  # date expressions resolved against the article's date
    "newsgraph.quotes.v1",  # direct, indirect and social quotations with speakers
    "newsgraph.events.v1",  # PLOVER events with actors, recipients, place and date
    "newsgraph.tone.v1",  # GDELT-style tone from the VADER lexicon
]
