"""A named query's arguments from text (a URL's parameters, the command line's ``--arg k=v``), typed.

Each argument is converted to what the query's function declares: whole numbers for ``int``, true
or false for ``bool``, a comma-separated list for ``Iterable[str]``, text otherwise. GraphQL's names
are accepted beside
the Python ones (``maxHops`` for ``max_hops``, and the names each query registers with
``@named_query``: ``from``/``to`` for ``path``'s ``start``/``end``, ``id`` for ``neighborhood``'s
``node_id``), so a URL reads like the GraphQL query it stands for.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Mapping
from typing import Any

from graph.errors import QueryError
from queries.registry import NamedQuery, listed


def typed_arguments(query: NamedQuery, text: Mapping[str, str], budget: int | None = None) -> dict[str, Any]:
    """``text`` as the keyword arguments of the named query's function, converted to their types;
    a parameter the node budget fills is at most ``budget`` (when one is given)."""
    name = query.name
    parameters = {p.name: p for p in query.parameters if p.arg.asked}  # Arg(asked=False): the default holds
    arguments: dict[str, Any] = {}
    for key, value in text.items():
        python = query.parameter(key)
        if python not in parameters:
            accepted = ", ".join(p.argument for p in parameters.values())
            raise QueryError(f"query {name!r} takes no argument {key!r}", f"it takes {accepted} (see docs/queries.md)")
        arguments[python] = convert(parameters[python].hint, key, value)
    for parameter in query.parameters:
        if budget is not None and parameter.arg.budget:
            arguments[parameter.name] = min(arguments.get(parameter.name, budget), budget)
    try:
        inspect.signature(query.function).bind(None, **arguments)
    except TypeError as exc:
        raise QueryError(f"query {name!r}: {exc}", "see docs/queries.md for its arguments") from None
    return arguments


def convert(hint: Any, key: str, value: str) -> Any:
    """``value`` as the type ``hint`` names: a whole number, true or false, a comma-separated list, or text."""
    inner = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in {typing.Union, types.UnionType} and len(inner) == 1:
        hint = inner[0]
    if hint is int:
        return whole(key, value)
    if hint is bool:
        return truth(key, value)
    if listed(hint) is not None:
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def truth(key: str, value: str) -> bool:
    """``value`` as true or false, or a ``QueryError`` naming the argument."""
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise QueryError(f"{key}={value!r} is not true or false", f"give {key}=true or {key}=false")


def whole(key: str, value: str) -> int:
    """``value`` as a whole number, or a ``QueryError`` naming the argument."""
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{key}={value!r} is not a whole number", f"give {key} as a number, e.g. {key}=5") from None
