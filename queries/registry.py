"""The registry of named queries: each function registers itself, and the API is made from it.

``@named_query("boundBy")`` above a query function puts it in ``NAMED`` under the name the API,
the export (``/export?query=boundBy``) and the docs use. The API's field for it is made from the
function alone: its parameters (after the view) are the field's arguments, with their types and
defaults; its return type gives the answer's type (``api/derive.py``); ``description`` (else the
docstring's first paragraph) describes the field. A parameter says more with ``Annotated``:
``NodeId`` is a node's id, ``Arg("...")`` describes it, ``Arg(asked=False)`` keeps it out of the
API, ``Arg(budget=True)`` too, and an export over HTTP bounds it by the node budget. ``paged=True``
serves the answer a page at a time (``first``/``after``): a list as a connection, a record by the
list its ``PAGED`` names.

The decorator returns the function itself, so Python callers call it directly and mypy checks
each call; the API's calls are made from the same signature, so they cannot disagree with it.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Arg:
    """What the API makes of a query's parameter, given as ``Annotated[type, Arg(...)]``."""

    description: str | None = None
    node_id: bool = False  # a node's id: the GraphQL type ID
    asked: bool = True  # False: not an argument of the API or of an export (the default holds)
    budget: bool = False  # not an argument of the API: an export over HTTP sets it to at most the node budget


AT = 'facts valid at this partial date: "2017-03"'
TYPES = "relationship types, e.g. [MEMBER_OF]"
NODE_ID = "a node id, e.g. coalition:cma"

NodeId = Annotated[str, Arg(NODE_ID, node_id=True)]
MaybeNodeId = Annotated[str | None, Arg(node_id=True)]
At = Annotated[str | None, Arg(AT)]
Types = Annotated[Iterable[str] | None, Arg(TYPES)]


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query's function, as the API asks for it."""

    name: str  # the Python parameter
    argument: str  # the GraphQL argument
    hint: Any  # its type, without ``Annotated``
    arg: Arg
    default: Any  # ``inspect.Parameter.empty`` when it must be given


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its GraphQL name, its function, and how the API presents it."""

    name: str
    function: Callable[..., Any]
    arguments: Mapping[str, str] = field(default_factory=dict)  # GraphQL name -> Python parameter
    description: str | None = None
    paged: bool = False

    def parameter(self, argument: str) -> str:
        """The Python parameter of a GraphQL argument: ``from`` -> ``start``, ``maxHops`` -> ``max_hops``."""
        return self.arguments.get(argument) or snake(argument)

    def argument(self, parameter: str) -> str:
        """The GraphQL argument of a Python parameter: ``start`` -> ``from``, ``max_hops`` -> ``maxHops``."""
        for argument, python in self.arguments.items():
            if python == parameter:
                return argument
        return camel(parameter)

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        """The function's parameters after the view, each with its type and what ``Arg`` says of it."""
        hints = typing.get_type_hints(self.function, include_extras=True)
        found = []
        for name, parameter in list(inspect.signature(self.function).parameters.items())[1:]:
            hint, arg = hints[name], Arg()
            if typing.get_origin(hint) is Annotated:
                hint, *extras = typing.get_args(hint)
                arg = next((e for e in extras if isinstance(e, Arg)), arg)
            found.append(Parameter(name, self.argument(name), hint, arg, parameter.default))
        return tuple(found)

    @cached_property
    def answer(self) -> Any:
        """The function's return type."""
        return typing.get_type_hints(self.function)["return"]

    @cached_property
    def summary(self) -> str:
        """What the API says of the query: ``description``, else the docstring's first paragraph."""
        if self.description:
            return self.description
        first = (inspect.getdoc(self.function) or self.name).split("\n\n")[0]
        return " ".join(first.replace("``", "`").split())


def snake(name: str) -> str:
    """A GraphQL name in Python's case: ``maxHops`` -> ``max_hops``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def camel(name: str) -> str:
    """A Python name in GraphQL's case: ``max_hops`` -> ``maxHops``."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def listed(hint: Any) -> Any | None:
    """The item type of a list, tuple, ``Iterable`` or ``Sequence`` hint; ``None`` for any other."""
    if typing.get_origin(hint) in {list, tuple, Iterable, Sequence}:
        return typing.get_args(hint)[0]
    return None


NAMED: dict[str, NamedQuery] = {}


def named_query(
    name: str, *, arguments: Mapping[str, str] | None = None, description: str | None = None, paged: bool = False
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register the decorated function as the named query ``name`` (its GraphQL field's name)."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        known = NAMED.get(name)
        if known is not None and known.function is not function:
            raise ValueError(
                f"two named queries are called {name!r}: {known.function.__module__} and {function.__module__}"
            )
        mapping = MappingProxyType(dict(arguments or {}))
        NAMED[name] = NamedQuery(name, function, mapping, description, paged)
        return function

    return register
