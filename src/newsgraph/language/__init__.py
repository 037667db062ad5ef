"""NLP on an Article: entities, resolution, places, actors, time, quotes, events, tone.

Importing this package registers its stages with the pipeline; each module appends its stage
name to ``pipeline.DEFAULT_STAGES`` in flow order.
"""

from . import entities  # noqa: F401  (newsgraph.entities.v1, first language stage)
from . import places  # noqa: F401  (newsgraph.places.v1, after entities)
from . import actors  # noqa: F401  (newsgraph.actors.v1)
from . import time  # noqa: F401  (newsgraph.time.v1)
from . import quote_stage  # noqa: F401  (newsgraph.quotes.v1, after entities)
from . import event_stage  # noqa: F401  (newsgraph.events.v1, after quotes and time)
