"""Errors with codes and a message that says what to do next.

Every error newsgraph raises on purpose derives from :class:`NewsgraphError`; its message starts
with its code in brackets (``[E201] unknown stage 'x'; registered stages: …``), so a user can look
the code up and a script can match on it. A class gives the default code of its family; a raise
site may give a more precise one (``PipelineError("…", code="E202")``).

Families: E1xx input, E2xx pipeline and stage configuration, E3xx store, E4xx fetching,
E5xx knowledge base.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""

    code = "E000"

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" if self.message else f"[{self.code}]"

    def __reduce__(self):  # picklable across worker processes, whatever a subclass's __init__ takes
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[NewsgraphError], args: tuple, state: dict) -> NewsgraphError:
    exc = cls.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class InputError(NewsgraphError, ValueError):
    """One input (a file, a record inside it, a URL) could not be read or made sense of.

    ``origin`` names the input (path, URL, ``path#record``); ``reason`` says why, in words a user
    can act on. Processing of other inputs goes on.
    """

    code = "E100"

    def __init__(self, origin: str, reason: str, *, code: str | None = None) -> None:
        super().__init__(f"{origin}: {reason}", code=code)
        self.origin = origin
        self.reason = reason



class PipelineError(NewsgraphError):
    """The pipeline was configured wrongly: an unknown stage, or a stage whose needs come later."""

    code = "E200"
