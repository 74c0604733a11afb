"""Every error caacgraph raises on purpose, in one place.

    CaacgraphError                 base: a one-line message plus a suggestion; exit status 2
    ├── ModelError                 a fact that breaks the model (unknown kind, forbidden edge, ...)
    │   └── DateError              a malformed partial date
    ├── ValidationError            a change set that failed validation (carries every problem)
    ├── LoadError                  bad input: names the file, the line or paragraph, and the fix
    ├── StoreError                 the store cannot be used
    │   ├── StoreLockedError       another process is writing the same store
    │   ├── StoreCorruptError      the store file cannot be read back
    │   └── StoreUnavailableError  a database server is down or refuses the credentials
    ├── NotFoundError              no node with that id
    └── QueryError                 a named query was given arguments it cannot answer

Callers catch ``CaacgraphError`` and print ``str(error)``: the message already says what went wrong
and what to do about it.
"""

from __future__ import annotations


class CaacgraphError(Exception):
    """Base class: ``message`` says what is wrong, ``suggestion`` how to fix it."""

    exit_code = 2

    def __init__(self, message: str, suggestion: str = "") -> None:
        self.message = message
        self.suggestion = suggestion
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.suggestion:
            return f"{self.message} ({self.suggestion})"
        return self.message


class ModelError(CaacgraphError):
    """A node or relationship that the model does not allow."""


class DateError(ModelError):
    """A partial date that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""


class ValidationError(CaacgraphError):
    """A change set that failed validation; ``problems`` lists every one, first in the message."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}", "nothing was written; fix the input and load again")


class LoadError(CaacgraphError):
    """Bad input: where it is (file and line or paragraph), what was expected, how to fix it."""

    def __init__(self, path: str, where: str, problem: str, suggestion: str) -> None:
        self.path = path
        self.where = where
        location = f"{path}, {where}" if where else path
        super().__init__(f"{location}: {problem}", suggestion)


class StoreError(CaacgraphError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class StoreCorruptError(StoreError):
    """The store file exists but cannot be read back as a graph."""


class StoreUnavailableError(StoreError):
    """A database server cannot be reached or refuses the credentials."""


class NotFoundError(CaacgraphError):
    """No node has the id asked for."""


class QueryError(CaacgraphError):
    """A query was asked something it cannot answer (a bound exceeded, an unknown argument)."""
