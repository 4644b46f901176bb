"""A real uvicorn server on a loopback port, serving the API over an agent on the demo catalog
(fake embeddings, a real Chroma store, SQLite profiles and threads)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from pickwise.agent.app import Pickwise
from pickwise.api import create_app
from tests.agent.conftest import demo_home, make_agent

__all__ = ["Served", "demo_home", "make_agent", "new_user", "serving"]


@dataclass(frozen=True)
class Served:
    url: str
    agent: Pickwise

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)


def new_user() -> str:
    return f"u{uuid.uuid4().hex[:10]}"


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a background thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@contextlib.contextmanager
def served_agent(home: Path, llm: object | None = None, **app_options: Any) -> Iterator[Served]:
    agent = make_agent(home, llm)
    try:
        with serving(create_app(agent, **app_options)) as url:
            yield Served(url, agent)
    finally:
        agent.close()


@pytest.fixture(scope="module")
def served(demo_home: Path) -> Iterator[Served]:
    """The API without keys, over an agent with no LLM (templates only)."""
    with served_agent(demo_home) as s:
        yield s


@pytest.fixture
def http(served: Served) -> Iterator[httpx.Client]:
    with served.client() as client:
        yield client
