"""What the routes share: the agent, the API key check and the gate on concurrent turns."""

from __future__ import annotations

import contextlib
import hmac
import threading
from collections.abc import Iterator, Sequence
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pickwise.agent.app import Pickwise
from pickwise.errors import BackendError

__all__ = ["AgentDep", "KeyCheck", "TurnGate", "agent_of", "gate_of"]


def agent_of(request: Request) -> Pickwise:
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


def gate_of(request: Request) -> TurnGate:
    gate: TurnGate = request.app.state.turns
    return gate


class KeyCheck:
    """A dependency: with keys configured, the request needs ``Authorization: Bearer KEY``."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = [k.encode() for k in keys if k]

    def __call__(
        self,
        credentials: Annotated[
            HTTPAuthorizationCredentials | None, Depends(HTTPBearer(auto_error=False))
        ],
    ) -> None:
        if not self.keys:
            return
        given = credentials.credentials.encode() if credentials else b""
        # compare with every key, so the time taken does not tell which one nearly matched
        if not any([hmac.compare_digest(given, key) for key in self.keys]):
            message = (
                "an API key is required; send 'Authorization: Bearer KEY' with a key from "
                "PICKWISE_API_KEYS."
                if credentials is None
                else "the API key is not valid; use one of PICKWISE_API_KEYS."
            )
            raise HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})
