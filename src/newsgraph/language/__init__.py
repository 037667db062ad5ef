"""NLP on an Article: entities, resolution, places, actors, time, quotes, events, tone.

Importing this package registers its stages with the pipeline (their default order is
``newsgraph.pipeline.DEFAULT_STAGES``); :mod:`.resources` holds what the stages share.
"""

from . import actors, time, tone  # noqa: F401  (register stages)
from .entities import stage as _entities  # noqa: F401
from .events import stage as _events  # noqa: F401
from .places import stage as _places  # noqa: F401
from .quotes import stage as _quotes  # noqa: F401
