"""The pages a browser gets: the explorer at ``/``, its files under ``/explorer/``, and GraphiQL.

Everything is served from ``api/explorer/`` (shipped as package data): the explorer's HTML, scripts
and styles, and the third-party builds under ``vendor/`` (Cytoscape.js, GraphiQL, React; see
``vendor/README.md``), so both pages work on a machine with no internet. The explorer talks to the
public API only (``/graphql`` and ``/export``).
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent / "explorer"


@functools.cache
def graphiql_html() -> str:
    """GraphiQL's page, loading its scripts from ``/explorer/vendor/`` instead of a CDN."""
    return (ASSETS / "graphiql.html").read_text(encoding="utf-8")


async def index(request: Request) -> Response:
    """The explorer: one page; the view it shows is in the address's fragment (``#/actor/...``)."""
    return FileResponse(ASSETS / "index.html", media_type="text/html; charset=utf-8")


def routes() -> list[Route | Mount]:
    """``/`` and ``/explorer/...`` (the app adds them beside ``/graphql`` and ``/export``)."""
    return [
        Route("/", index, methods=["GET"]),
        Mount("/explorer", StaticFiles(directory=ASSETS), name="explorer"),
    ]
