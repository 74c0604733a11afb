"""The HTTP app: GraphQL at ``/graphql`` and a health check at ``/health``, on starlette.

``create_app`` builds one app around one store; uvicorn calls it as a factory, once per worker.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.schema import Context, schema
from api.settings import Settings
from graph.open import open_store
from graph.store import GraphStore


class CaacGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app, handing each request the store and the settings."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        super().__init__(schema, allow_queries_via_get=True)
        self._context = Context(store=store, settings=settings)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        return self._context


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> Starlette:
    """The app serving ``store`` (opened from the settings when not given)."""
    settings = settings or Settings.from_env()
    store = store or open_store(settings.store, settings)
    graphql = CaacGraphQL(store, settings)

    async def health(request: Request) -> JSONResponse:
        stats = store.view().stats()
        return JSONResponse(
            {"status": "ok", "store": store.location, "nodes": stats.node_count, "relationships": stats.edge_count}
        )

    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["content-type"],
            )
        )
    app = Starlette(
        routes=[Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])],
        middleware=middleware,
        lifespan=_lifespan(store),
    )
    return app


def _lifespan(store: GraphStore) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    return lifespan
