"""The limits of the HTTP API, in one place; a request over one gets a clear 4xx.

They bound what one request can make the server hold or compute. The "Limits" table of
docs/OPERATIONS.md lists them.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pickwise.agent.app import MAX_MESSAGE_CHARS
from pickwise.retrieval.recommender import MAX_QUERY_CHARS

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_IDS",
    "MAX_MESSAGES",
    "MAX_MESSAGE_CHARS",
    "MAX_QUERY_CHARS",
    "MAX_RESULTS",
    "MAX_WHERE",
    "BodyLimit",
]

#: Bytes of a request body (413 above).
MAX_BODY_BYTES = 1_000_000
#: Messages in one chat completion request (422 above); the history a front end resends.
MAX_MESSAGES = 200
#: Results of a recommendation or search, picks of a user's recommendations (``k``; 422 above).
MAX_RESULTS = 100
#: Item ids in one list of a request (liked, disliked, seen, like...; 422 above).
MAX_IDS = 200
#: Constraints, aspects or removals in one request (422 above).
MAX_WHERE = 50


class BodyLimit:
    """ASGI middleware: a ``/v1`` request whose body is over ``limit`` bytes gets a 413.

    A declared ``Content-Length`` is checked before anything is read; a chunked body is read up
    to the limit and then handed on whole.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, prefix: str = "/v1") -> None:
        self.app = app
        self.limit = limit
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.limit:
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        from pickwise.api.errors import error_body

        message = (
            f"the request body is over {self.limit:,} bytes, the limit; send less "
            "(fewer messages or ids, shorter texts)."
        )
        response = JSONResponse(error_body("PayloadTooLarge", message), 413)
        await response(scope, receive, send)
