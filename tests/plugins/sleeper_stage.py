"""A stage for tests only: on a marked document it never returns, as a pathological page in a
library with no time limit would. It first writes its process id into the folder named by env
``NEWSGRAPH_TEST_SLEEPERS`` (if set), so a test knows which workers hang. Loaded in workers through
NEWSGRAPH_STAGE_MODULES."""

from __future__ import annotations

import os
import time
from pathlib import Path

from newsgraph.pipeline import Stage, register

MARK = "SLEEP-FOREVER"


@register("test.sleeper.v1", requires=["text"], assigns=[])
class SleeperStage(Stage):
    def __call__(self, article):
        if MARK in article.text:
            folder = os.environ.get("NEWSGRAPH_TEST_SLEEPERS")
            if folder:
                Path(folder, str(os.getpid())).touch()
            while True:
                time.sleep(0.1)
        return article
