"""A stage for tests only: it kills its own process on a marked document, as an out-of-memory kill
or a crash in a native library would. Loaded in workers through NEWSGRAPH_STAGE_MODULES."""

from __future__ import annotations

import os

from newsgraph.pipeline import Stage, register

MARK = "KILL-THE-WORKER"


@register("test.killer.v1", requires=["text"], assigns=[])
class KillerStage(Stage):
    def __call__(self, article):
        if MARK in article.text:
            os._exit(9)
        return article
