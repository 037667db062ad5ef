"""Errors with codes and a message that says what to do next."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""

    code = "E000"


class InputError(NewsgraphError, ValueError):
    """One input (a file, a record inside it, a URL) could not be read or made sense of.

    ``origin`` names the input (path, URL, ``path#record``); ``reason`` says why, in words a user
    can act on. Processing of other inputs goes on.
    """

    code = "E100"

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class PipelineError(NewsgraphError):
    """The pipeline was configured wrongly: an unknown stage, or a stage whose needs come later."""

    code = "E200"
