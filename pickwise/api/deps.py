"""What the routes share: the agent, the API key check (who is calling, for which users), the
gate on concurrent turns and the pool that turns and profile writes run on.

The dependencies are ``async``: FastAPI runs a plain function dependency in its thread pool, so
every request paid one trip through the (under load, full) pool per dependency before its own.
"""

from __future__ import annotations

import contextlib
import hmac
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, HTTPException, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from pickwise.agent.app import Pickwise
from pickwise.agent.profile import check_user_id
from pickwise.api.errors import error_body
from pickwise.errors import BackendError, ConfigError, RequestError

__all__ = [
    "AgentDep",
    "Caller",
    "CallerDep",
    "KeyCheck",
    "TurnGate",
    "WorkPool",
    "agent_of",
    "caller_of",
    "gate_of",
    "json_response",
    "known_query",
    "parse_keys",
    "pool_of",
    "valid_user_id",
]

T = TypeVar("T")


async def agent_of(request: Request) -> Pickwise:
    agent: Pickwise = request.app.state.agent
    return agent


AgentDep = Annotated[Pickwise, Depends(agent_of)]


class TurnGate:
    """At most ``limit`` turns that may call the LLM run at once; a turn that cannot start
    within ``wait`` seconds is refused with a :class:`BackendError` (503, Retry-After).

    A small local model serves one request at a time, so a queue of turns grows without bound
    otherwise; a client is better told to come back.
    """

    def __init__(self, limit: int, wait: float) -> None:
        if limit < 1:
            raise ValueError("the turn limit must be at least 1")
        self.limit = limit
        self.wait = wait
        self._slots = threading.BoundedSemaphore(limit)

    def acquire(self) -> None:
        if not self._slots.acquire(timeout=self.wait):
            raise BackendError(
                f"the LLM backend is busy ({self.limit} conversations in progress); "
                "try again in a few seconds."
            )

    def release(self) -> None:
        self._slots.release()

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()


async def known_query(request: Request) -> None:
    """A 422 naming the query parameters a route does not take, and those it does: FastAPI
    ignores them, so ``GET /v1/items?like=...`` searched as if no like had been given."""
    route = request.scope.get("route")
    found: Dependant | None = getattr(route, "dependant", None)
    accepted: set[str] = set()
    todo = [found] if found is not None else []
    while todo:
        dependant = todo.pop()
        accepted |= {p.alias for p in dependant.query_params}
        todo += dependant.dependencies
    unknown = sorted(set(request.query_params) - accepted)
    if unknown:
        takes = ", ".join(sorted(accepted)) or "none"
        raise RequestError(
            f"unknown query parameter(s) {', '.join(unknown)} of {request.method} "
            f"{_path_of(request, getattr(route, 'path_format', None))}; it takes {takes}."
        )


def _path_of(request: Request, template: str | None) -> str:
    """The path as /docs lists it (``/v1/users/{user_id}/profile``, not the user's id): the
    route's template holds its own part only, without the router's prefix."""
    path: str = request.scope["path"]
    if template is None:
        return path
    own = template.format(**request.path_params)
    return path.removesuffix(own) + template if path.endswith(own) else template


async def gate_of(request: Request) -> TurnGate:
    gate: TurnGate = request.app.state.turns
    return gate


class WorkPool:
    """Runs turns and profile writes on at most ``threads`` threads at once (None: FastAPI's
    shared pool, as plain endpoints).

    Without an LLM a turn is CPU work. On the shared pool, 50 users' turns and writes took every
    thread and shared the CPU (and Python's GIL) with the quick requests, which then waited
    behind them; on a few threads of their own they queue among themselves (without holding a
    thread while they wait), and quick requests keep their threads and their share of the CPU.
    """

    def __init__(self, threads: int | None) -> None:
        if threads is not None and threads < 1:
            raise ValueError("the work pool needs at least 1 thread")
        self.threads = threads
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[[], T]) -> T:
        if self.threads is None:
            return await anyio.to_thread.run_sync(work)
        if self._limiter is None:  # made in the event loop, on first use
            self._limiter = anyio.CapacityLimiter(self.threads)
        return await anyio.to_thread.run_sync(work, limiter=self._limiter)


def json_response(model: BaseModel, headers: dict[str, str] | None = None) -> Response:
    """The JSON answer, serialized where it is called (a worker thread): an ``async`` route's
    returned model would be validated and serialized again on the event loop, which every
    request waits for."""
    return Response(model.model_dump_json(), media_type="application/json", headers=headers)


async def pool_of(request: Request) -> WorkPool:
    pool: WorkPool = request.app.state.work
    return pool


@dataclass(frozen=True)
class Caller:
    """Who is calling: no keys configured (``open``), a service or admin key (any user), or a
    user key bound to ``user_id``."""

    kind: Literal["open", "service", "admin", "user"]
    user_id: str | None = None

    def check(self, user_id: str) -> str:
        """``user_id`` if it is a user id (else a 422) and the caller may act for that user
        (else a 403)."""
        valid_user_id(user_id)
        if self.kind == "user" and user_id != self.user_id:
            raise HTTPException(
                403,
                f"this API key belongs to user '{self.user_id}' and cannot act for "
                f"'{user_id}'; use that user's key, or a service or admin key.",
            )
        return user_id

    def default_user(self, given: str | None) -> str:
        """The user a call is for: the one given (even ``""``, which the user id check then
        refuses), else the key's own user, else ``default``."""
        return self.check(given if given is not None else self.user_id or "default")


#: How much of a user id that is not one an error shows.
SHOWN_ID_CHARS = 40


def valid_user_id(user_id: str) -> str:
    """``user_id``, if it is a valid user id; else the 422 of :func:`check_user_id`, which shows
    a long id cut short: an error does not echo a request's 500 characters back."""
    try:
        return check_user_id(user_id)
    except RequestError as exc:
        if not isinstance(user_id, str) or len(user_id) <= SHOWN_ID_CHARS:
            raise
        shown = f"{user_id[:SHOWN_ID_CHARS]!r}... ({len(user_id):,} characters)"
        raise RequestError(str(exc).replace(repr(user_id), shown, 1)) from None


async def caller_of(request: Request) -> Caller:
    caller: Caller = getattr(request.state, "caller", Caller("open"))
    return caller


CallerDep = Annotated[Caller, Depends(caller_of)]


def parse_keys(api_keys: Sequence[str], admin_keys: Sequence[str]) -> list[tuple[bytes, Caller]]:
    """``KEY`` (a service key) or ``KEY:USER_ID`` (a user key) from PICKWISE_API_KEYS; every
    admin key as it is. A user id never holds ``:``, so a key split at the last one."""
    keys: list[tuple[bytes, Caller]] = []
    for entry in (k.strip() for k in api_keys):
        key, sep, user_id = entry.rpartition(":")
        if sep and key and user_id:
            try:
                keys.append((key.encode(), Caller("user", check_user_id(user_id))))
            except RequestError as exc:
                raise ConfigError(
                    f"an entry of PICKWISE_API_KEYS is KEY:USER_ID, but {exc}"
                ) from exc
        elif entry:
            keys.append((entry.encode(), Caller("service")))
    keys += [(k.strip().encode(), Caller("admin")) for k in admin_keys if k.strip()]
    return keys


class KeyCheck:
    """ASGI middleware: with keys configured, a request under ``prefix`` needs ``Authorization:
    Bearer KEY`` before anything else about it is read (its path, its method, its body), so a
    call without a valid key gets the 401 and nothing else. The key's :class:`Caller` goes to
    ``request.state.caller`` for the routes to check users with.
    """

    def __init__(
        self,
        app: ASGIApp,
        api_keys: Sequence[str] = (),
        admin_keys: Sequence[str] = (),
        prefix: str = "/v1",
    ) -> None:
        self.app = app
        self.keys = parse_keys(api_keys, admin_keys)
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.keys or scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        authorization = Headers(scope=scope).get("Authorization")
        scheme, credentials = get_authorization_scheme_param(authorization)
        given = credentials.encode() if scheme.lower() == "bearer" else b""
        # compare with every key, so the time taken does not tell which one nearly matched
        found = [caller for key, caller in self.keys if hmac.compare_digest(given, key)]
        if found:
            scope.setdefault("state", {})["caller"] = found[0]
            await self.app(scope, receive, send)
            return
        message = (
            "the API key is not valid; use one of PICKWISE_API_KEYS."
            if given
            else "an API key is required; send 'Authorization: Bearer KEY' with a key from "
            "PICKWISE_API_KEYS."
        )
        headers = {"WWW-Authenticate": "Bearer"}
        response = JSONResponse(error_body("Unauthorized", message), 401, headers=headers)
        await response(scope, receive, send)
