"""The registry of named queries: each function registers itself with its GraphQL name.

``@named_query("boundBy")`` above a query function puts it in ``NAMED`` under the name the API,
the export (``/export?query=boundBy``) and the docs use, with the GraphQL names of the arguments
whose Python names differ (``path``'s ``from`` is the parameter ``start``). The decorator returns
the function itself, so callers (the GraphQL resolvers first) call it directly and mypy checks
each call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its GraphQL name, its function, and GraphQL argument names that differ from Python's."""

    name: str
    function: Callable[..., Any]
    arguments: Mapping[str, str] = field(default_factory=dict)  # GraphQL name -> Python parameter

    def parameter(self, argument: str) -> str:
        """The Python parameter of a GraphQL argument: ``from`` -> ``start``, ``maxHops`` -> ``max_hops``."""
        return self.arguments.get(argument) or "".join(f"_{c.lower()}" if c.isupper() else c for c in argument)

    def argument(self, parameter: str) -> str:
        """The GraphQL argument of a Python parameter: ``start`` -> ``from``, ``max_hops`` -> ``maxHops``."""
        for argument, python in self.arguments.items():
            if python == parameter:
                return argument
        head, *rest = parameter.split("_")
        return head + "".join(part.title() for part in rest)


NAMED: dict[str, NamedQuery] = {}


def named_query(name: str, *, arguments: Mapping[str, str] | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register the decorated function as the named query ``name`` (its GraphQL field's name)."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        known = NAMED.get(name)
        if known is not None and known.function is not function:
            raise ValueError(
                f"two named queries are called {name!r}: {known.function.__module__} and {function.__module__}"
            )
        NAMED[name] = NamedQuery(name, function, MappingProxyType(dict(arguments or {})))
        return function

    return register
