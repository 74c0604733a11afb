"""Named queries: each a documented function of a ``GraphView`` and its arguments.

Every module of this package is imported here, and each query function in it registers itself with
``@named_query`` (``queries.registry``): ``REGISTRY`` maps the name the API and the docs use to the
function, and ``run`` calls one by that name (the export and the benchmarks do; the GraphQL
resolvers call the functions themselves). Every function reads the graph only through the
``GraphView`` contract, so a backend may speed up the methods it calls, and returns plain
dataclasses (``queries.results``) that carry the facts and sources behind the answer.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from queries import search as _search
from queries.registry import NAMED, named_query

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
named_query("search")(_search.search)  # queries/search.py is not decorated (yet): it registers here


class _Functions(Mapping[str, Callable[..., Any]]):
    """The registered functions by name, in name order (read from ``NAMED`` each time)."""

    def __getitem__(self, name: str) -> Callable[..., Any]:
        return NAMED[name].function

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(NAMED))

    def __len__(self) -> int:
        return len(NAMED)


REGISTRY: Mapping[str, Callable[..., Any]] = _Functions()


def run(view: object, name: str, *args: Any, **kwargs: Any) -> Any:
    """Answer the named query ``name`` on ``view``."""
    return REGISTRY[name](view, *args, **kwargs)


__all__ = ["NAMED", "REGISTRY", "run"]
