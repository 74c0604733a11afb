"""A request body limit, as plain ASGI middleware around the whole app.

A body declared longer than ``max_body`` bytes (``Content-Length``) is answered 413 before it is
read; a body sent without a length (chunked) is counted as it arrives and answered 413 as soon as
it passes the limit, so a worker never holds more than ``max_body`` bytes of one request (a 400 MB
POST took a worker from 181 MB to 1.41 GB before).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(Exception):
    """Raised inside the app's ``receive`` once a body passes the limit."""


class BodyLimit:
    """Answers 413 to any HTTP request whose body is longer than ``max_body`` bytes."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_body:
            await self.refuse(send, int(declared) if declared.isdigit() else None)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise BodyTooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except BodyTooLarge:
            if started:
                raise
            await self.refuse(send, None)

    async def refuse(self, send: Send, length: int | None) -> None:
        """The 413 answer, saying the limit and the setting that raises it."""
        size = f" ({length} bytes)" if length is not None else ""
        message = {
            "error": f"the request body{size} is over the limit of {self.max_body} bytes",
            "suggestion": "send a shorter query (variables included), or raise CAACGRAPH_MAX_BODY",
        }
        body = json.dumps(message).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": [*headers, (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
