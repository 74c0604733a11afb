"""Named queries: each a documented function of a ``GraphView`` and its arguments.

``REGISTRY`` maps the name the API and the docs use to the function; ``run`` calls one, or the
backend's own version when its view has a ``named_queries`` mapping (a Cypher implementation, say).
Every function reads the graph only through the ``GraphView`` contract, so a backend may also
speed up the methods it calls, and returns plain dataclasses (``queries.results``) that carry the
facts and sources behind the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from queries.citations import citations, cites
from queries.coalitions import bound_by, members
from queries.commitments import commitments, signed
from queries.documents import document_facts
from queries.figures import figures
from queries.paths import neighborhood, path
from queries.regions import coexisting
from queries.search import search
from queries.search_text import search_text
from queries.statements import statements
from queries.timeline import participants, timeline

REGISTRY: dict[str, Callable[..., Any]] = {
    "boundBy": bound_by,
    "members": members,
    "coexisting": coexisting,
    "commitments": commitments,
    "signed": signed,
    "statements": statements,
    "citations": citations,
    "cites": cites,
    "path": path,
    "neighborhood": neighborhood,
    "figures": figures,
    "documentFacts": document_facts,
    "timeline": timeline,
    "participants": participants,
    "search": search,
    "searchText": search_text,
}


def run(view: object, name: str, *args: Any, **kwargs: Any) -> Any:
    """Answer the named query ``name`` on ``view``, preferring the view's own implementation."""
    overrides: dict[str, Callable[..., Any]] = getattr(view, "named_queries", None) or {}
    return overrides.get(name, REGISTRY[name])(view, *args, **kwargs)


__all__ = ["REGISTRY", "run"]
