"""What every resolver may use: one view of the store per request, its DataLoaders, the settings,
and the request's budget (nodes returned, time spent).

No resolver reads a global: the app builds a ``Context`` for each request, tests build one with
``Context.create``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from api.loaders import Loaders
from api.memo import AnswerCache
from api.settings import Settings
from graph.errors import QueryError
from graph.store import GraphStore, GraphView


@dataclass
class Context:
    """The store's view for this request, its loaders, the settings and what the request has spent."""

    view: GraphView
    settings: Settings
    loaders: Loaders
    store: GraphStore | None = None
    answers: AnswerCache | None = None  # the server's costly answers, kept for their next page
    started: float = field(default_factory=time.monotonic)
    spent: int = 0

    @classmethod
    def create(
        cls,
        settings: Settings,
        store: GraphStore | None = None,
        view: GraphView | None = None,
        answers: AnswerCache | None = None,
    ) -> Context:
        """A fresh context: a new view (unless given) and new loaders; only ``answers`` (the server's
        kept answers, each under the graph's version) is shared between requests."""
        if view is None:
            if store is None:
                raise QueryError("no store to read", "give a store or a view")
            view = store.view()
        return cls(view=view, settings=settings, loaders=Loaders(view), store=store, answers=answers)

    def charge(self, nodes: int) -> None:
        """Count ``nodes`` against the request's node budget and check its time limit."""
        self.spent += nodes
        if self.spent > self.settings.node_budget:
            raise QueryError(
                f"this request would return more than {self.settings.node_budget} nodes",
                "ask for fewer (smaller first, depth or limit) or page with after",
            )
        if time.monotonic() - self.started > self.settings.timeout:
            raise QueryError(f"this request ran longer than {self.settings.timeout:g} s", "ask for less at once")
