"""A named query's arguments from text (a URL's parameters, the command line's ``--arg k=v``), typed.

Each argument is converted to what the query's function declares: whole numbers for ``int``, a
comma-separated list for ``Iterable[str]``, text otherwise. GraphQL's names are accepted beside
the Python ones (``maxHops`` for ``max_hops``, and the names each query registers with
``@named_query``: ``from``/``to`` for ``path``'s ``start``/``end``, ``id`` for ``neighborhood``'s
``node_id``), so a URL reads like the GraphQL query it stands for.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from graph.errors import QueryError
from queries.registry import NamedQuery


def typed_arguments(query: NamedQuery, text: Mapping[str, str]) -> dict[str, Any]:
    """``text`` as the keyword arguments of the named query's function, converted to their types."""
    name = query.name
    signature = inspect.signature(query.function)
    parameters = dict(list(signature.parameters.items())[1:])  # the first is the view
    arguments: dict[str, Any] = {}
    for key, value in text.items():
        python = query.parameter(key)
        if python not in parameters:
            accepted = ", ".join(query.argument(p) for p in parameters)
            raise QueryError(f"query {name!r} takes no argument {key!r}", f"it takes {accepted} (see docs/queries.md)")
        arguments[python] = convert(str(parameters[python].annotation), key, value)
    try:
        signature.bind(None, **arguments)
    except TypeError as exc:
        raise QueryError(f"query {name!r}: {exc}", "see docs/queries.md for its arguments") from None
    return arguments


def convert(annotation: str, key: str, value: str) -> Any:
    """``value`` as the type ``annotation`` names (a string: the queries use postponed annotations)."""
    if annotation.startswith("int"):
        return whole(key, value)
    if annotation.startswith(("Iterable[", "list[", "Sequence[")):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def whole(key: str, value: str) -> int:
    """``value`` as a whole number, or a ``QueryError`` naming the argument."""
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"{key}={value!r} is not a whole number", f"give {key} as a number, e.g. {key}=5") from None
