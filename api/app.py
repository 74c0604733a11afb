"""The HTTP app: GraphQL at ``/graphql``, subgraph exports at ``/export``, a health check at ``/health``
and the explorer at ``/`` (``api/web.py``).

``create_app`` builds one app around one store; uvicorn calls it as a factory, once per worker.
Each GraphQL request gets its own ``Context`` (a fresh view and DataLoaders) and runs under the
time limit of the settings. Batched GraphQL requests are off.

Nothing that reads the store runs on the event loop: a GraphQL operation, an export and the
health check each run in a pool thread (``Offload``), so a Bolt server that is slow or down, or a
long named query, never stops the loop from answering ``/health`` or from ending a request at its
time limit. Bodies are bounded (``api/body.py``) and a body that is not a JSON object is answered 400.

GraphQL operations have a pool of their own, and a gate that lets ``operations_at_once`` of them
run at once in a worker. On the embedded store an operation is Python computing under the GIL, and
two run at once only take turns: each takes twice as long, and the loop thread waits its turn too
to read and write sockets. So a worker runs one at a time there and the next waits its turn (its
time limit counting), which at 1M relationships took the p95 of four clients over two workers from
46 to 39 ms for a hub's members and from 371 to 162 ms for the busiest region (``bench/http.py``).
An operation past its time limit leaves the gate at once (its thread finishes on its own, stopping
at its next charge to the budget), so one runaway query never makes the requests behind it time
out too. A Bolt store's operations mostly wait for the server, so eight run at once.
``CAACGRAPH_OPERATIONS`` sets either. Health checks and exports keep the other pool, so they are
answered while an operation runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from typing import Any
from weakref import WeakKeyDictionary

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from api import web
from api.body import BodyLimit
from api.context import Context
from api.memo import AnswerCache, Asked, Encoded, ResponseCache
from api.offload import THREADS, Offload
from api.schema import build_schema
from api.selection import select
from api.settings import Settings
from graph import export
from graph.errors import CaacgraphError, StoreError
from graph.memory import MemoryStore
from graph.open import is_bolt, open_store
from graph.store import GraphStore


class CaacGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app, handing each request a fresh context and a time limit."""

    def __init__(self, store: GraphStore, settings: Settings, offload: Offload, permits: int = 1) -> None:
        super().__init__(
            build_schema(settings),
            allow_queries_via_get=True,
            graphql_ide="graphiql" if settings.introspection else None,
        )
        self._store = store
        self._settings = settings
        self._offload = offload
        self._permits = permits  # operations running at once (api/app.py's docstring)
        self._gates: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()
        self._answers = AnswerCache(settings.answer_cache)
        self.responses = ResponseCache(settings.response_cache * 1_000_000)

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse(web.graphiql_html())  # strawberry's page loads GraphiQL from a CDN

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        return Context.create(self._settings, store=self._store, answers=self._answers)

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        # A request asked before on this version of the graph is answered with the JSON text kept of it
        # (api/memo.py); ``encode_json`` writes it out as it is.
        request, context = _request_of(kwargs.get("request_data")), kwargs.get("context")
        if request is None or not isinstance(context, Context):
            result, _ = await self._timed_operation(*args, **kwargs)
            return result
        version = context.view.version()
        text = self.responses.get(version, request)
        if text is None:
            result, seconds = await self._timed_operation(*args, **kwargs)
            if not isinstance(result, ExecutionResult) or result.errors or result.extensions or result.data is None:
                return result
            if context.view.version() == version:
                text = self.responses.offer(version, request, result.data, seconds)
            if text is None:
                return result
        return ExecutionResult(data=text, errors=None)  # type: ignore[arg-type]  # data as its JSON text

    async def _timed_operation(self, *args: Any, **kwargs: Any) -> tuple[Any, float]:
        """The operation's result and the seconds it ran (not those it waited for a thread).

        It runs on a loop of its own in a pool thread; this loop only waits for it, so the time limit
        fires even while a resolver blocks (the operation then stops at its next charge to the budget,
        which checks the time too)."""
        operation = super().execute_operation

        async def timed() -> tuple[Any, float]:
            started = time.perf_counter()
            result = await operation(*args, **kwargs)
            return result, time.perf_counter() - started

        try:
            async with asyncio.timeout(self._settings.timeout), self._gate():
                return await self._offload.run_async(timed)
        except TimeoutError:
            error = GraphQLError(f"this request ran longer than {self._settings.timeout:g} s (ask for less at once)")
            return ExecutionResult(data=None, errors=[error]), 0.0

    def _gate(self) -> asyncio.Semaphore:
        """The gate of operations on the running loop (uvicorn's one; a test's ``asyncio.run`` makes others)."""
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self._permits)
        return gate

    def encode_json(self, data: object) -> str | bytes:
        """The response as JSON text; a kept result's data is already JSON text and goes out as it is."""
        if isinstance(data, dict) and len(data) == 1 and isinstance(kept := data.get("data"), Encoded):
            return '{"data":' + kept + "}"
        return super().encode_json(data)

    def parse_json(self, data: str | bytes) -> Any:
        """The body as JSON: 400, not 500, for text that is not UTF-8, nested too deep, or not an object."""
        try:
            parsed = json.loads(data)
        except RecursionError:
            raise HTTPException(400, 'the JSON is nested too deep (send {"query": "..."})') from None
        except ValueError as exc:
            if "integer string conversion" in str(exc):
                raise HTTPException(400, "a number in the body has more than 4300 digits") from None
            raise HTTPException(400, 'the body is not JSON text in UTF-8 (send {"query": "..."})') from None
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, 'the body must be a JSON object: {"query": "...", "variables": {...}}')
        return parsed


def _request_of(data: object) -> Asked | None:
    """The key of a single HTTP GraphQL request a response may be kept for (None: never kept)."""
    if not isinstance(data, GraphQLRequestData) or data.protocol != "http" or data.extensions:
        return None
    if not isinstance(data.query, str) or not isinstance(data.operation_name, str | None):
        return None  # graphql-core refuses an operation name that is not a string
    return ResponseCache.request(data.query, data.variables, data.operation_name)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> Starlette:
    """The app serving ``store`` (opened from the settings when not given)."""
    settings = settings or Settings.from_env()
    if store is None:
        store = open_store(settings.store, settings.bolt())
        if isinstance(store, MemoryStore):
            store.reload_in_background()  # a load by another process never makes a request wait for it
    permits = operations_at_once(settings, store)
    offload, operations = Offload(), Offload(max(THREADS, permits))  # threads for those past their limit too
    graphql = CaacGraphQL(store, settings, operations, permits)
    # Anonymous clients learn what kind of store answers, not where it is (its path or server address).
    where = store.location if settings.debug else ("bolt" if is_bolt(store.location) else "embedded")

    async def health(request: Request) -> JSONResponse:
        # The worker answering: with several, a client (bench/http.py) waits until each one has answered.
        about = {"store": where, "worker": os.getpid()}
        try:
            async with asyncio.timeout(settings.timeout):
                stats = await offload.run(lambda: store.view().stats())
        except (StoreError, TimeoutError):
            return JSONResponse({"status": "store unreachable", **about}, status_code=503)
        counts = {"nodes": stats.node_count, "relationships": stats.edge_count}
        return JSONResponse({"status": "ok", **counts, **about})

    async def export_route(request: Request) -> Response:
        params = dict(request.query_params)
        try:
            writer, media, extension = export.writer_for(params.get("format", "json"))
            async with asyncio.timeout(settings.timeout):
                sub = await offload.run(lambda: select(store, params, settings))
        except CaacgraphError as exc:
            return JSONResponse({"error": exc.message, "suggestion": exc.suggestion}, status_code=400)
        except TimeoutError:
            message = f"this export ran longer than {settings.timeout:g} s"
            return JSONResponse({"error": message, "suggestion": "export less at once"}, status_code=400)
        name = f"caacgraph-{_slug(params)}.{extension}"
        return StreamingResponse(
            offload.iterate(_chunks(writer(sub))),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    middleware = [Middleware(BodyLimit, max_body=settings.max_body)]
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
        routes=[
            Route("/health", health),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/export", export_route, methods=["GET"]),
            *web.routes(),
        ],
        middleware=middleware,
        lifespan=_lifespan(store, offload, operations),
    )
    app.state.responses = graphql.responses  # what this worker keeps of its responses (tests read it)
    return app


def _slug(params: Any) -> str:
    raw = params.get("ids") or params.get("neighborhood") or params.get("query") or "graph"
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in raw.split(",")[0])[:60]


def _chunks(lines: Iterator[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    size = 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size > 65536:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def operations_at_once(settings: Settings, store: GraphStore) -> int:
    """GraphQL operations one worker runs at once: the setting, else one on the embedded store (they
    compute under the GIL) and ``THREADS`` on a Bolt store (they wait for the server)."""
    if settings.operations > 0:
        return settings.operations
    return THREADS if is_bolt(store.location) else 1


def _lifespan(store: GraphStore, *pools: Offload) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        for pool in pools:
            pool.close()
        store.close()

    return lifespan
