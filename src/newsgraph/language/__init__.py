"""NLP on an Article: entities, resolution, places, actors, time, quotes, events, tone.

One package per capability (``entities``, ``places``, ``quotes``, ``events``, ``gkg``) and the modules
``actors``, ``time`` (with its date rules in ``dates``) and ``tone``; ``nlp`` loads spaCy and parses,
:mod:`.resources` holds what the stages share (the model, the trained tagger, the knowledge base).
Word lists are data in ``data/``, read once by ``wordlists.words``.

Importing this package registers its stages with the pipeline; their default order is
``newsgraph.pipeline.DEFAULT_STAGES``, which is the flow: names first, then what is known of them,
then who said and did what.
"""

from . import actors, time, tone  # noqa: F401  (register stages)
from .entities import stage as _entities  # noqa: F401
from .events import stage as _events  # noqa: F401
from .gkg import stage as _gkg  # noqa: F401
from .places import stage as _places  # noqa: F401
from .quotes import stage as _quotes  # noqa: F401
