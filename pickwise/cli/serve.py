"""``pickwise serve``: the web UI and the HTTP API in one uvicorn server."""

from __future__ import annotations

import contextlib
import errno
import signal
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

import typer
from rich.console import Console

from pickwise.cli.chat import open_agent, step
from pickwise.cli.common import settings, with_backend
from pickwise.config import Settings
from pickwise.errors import ConfigError

__all__ = ["listen_socket", "serve"]

LOOPBACK = ("127.0.0.1", "localhost", "::1")
NO_LLM_TURNS = 1000


def serve(
    host: str = typer.Option(None, "--host", help="Address to listen on (PICKWISE_HOST)."),
    port: int = typer.Option(
        None, "--port", "-p", min=1, max=65535, help="Port (PICKWISE_PORT, default 8000)."
    ),
    no_ui: bool = typer.Option(False, "--no-ui", help="Serve the HTTP API only."),
    backend: str = typer.Option(
        None, "--backend", help="LLM backend: local, openai or none (PICKWISE_LLM_BACKEND)."
    ),
) -> None:
    """Serve the chat UI at / and the HTTP API at /v1 (OpenAI-compatible chat and REST)."""
    console = Console()
    updates = {"host": host, "port": port}
    s = with_backend(settings(), backend)
    s = s.model_copy(update={k: v for k, v in updates.items() if v is not None})
    sock = listen_socket(s.host, s.port)  # before the slow start: a port in use fails at once
    try:
        _start(s, sock, console, no_ui)
    finally:
        sock.close()


def _start(s: Settings, sock: socket.socket, console: Console, no_ui: bool) -> None:
    """Load the catalog, the models and the UI, saying each step, then serve on ``sock``."""
    import uvicorn

    from pickwise.api import create_app

    agent = open_agent(s, console, lines=True)
    try:
        with step(console, "Loading the search index and the embedding model...", lines=True):
            agent.warm()
        ui = None
        if not no_ui:
            with step(console, "Building the web UI...", lines=True):
                ui = _build_ui(agent, console)
        app = create_app(
            agent,
            api_keys=s.api_keys,
            admin_keys=s.admin_keys,
            ui=ui,
            max_turns=_max_turns(s.max_turns, getattr(agent.llm, "name", None)),
            turn_wait=s.turn_wait,
        )
        if s.host not in LOOPBACK and not (s.api_keys or s.admin_keys):
            console.print(
                f"[yellow]Serving on {s.host} without API keys: anyone who can reach it can "
                "read and change every profile. Set PICKWISE_API_KEYS.[/]"
            )
        base = _url(s.host, s.port)
        config = uvicorn.Config(app, host=s.host, port=s.port, log_level="info")
        # uvicorn shuts down gracefully, then re-raises the signal: make SIGTERM (`kill`, a
        # container stopping) end here like Ctrl-C, so the agent and a local model close
        signal.signal(signal.SIGTERM, _interrupt)
        with contextlib.suppress(KeyboardInterrupt):
            _run(config, sock, lambda: _announce(console, base, ui is not None))
        console.print("Stopped.")
    finally:
        agent.close()


def _max_turns(setting: int, backend: str | None) -> int:
    """Slots of the queue in front of the LLM: none needed without one; the local model
    answers one request at a time, so a second turn would only wait inside llama.cpp."""
    if backend is None:
        return NO_LLM_TURNS
    return setting or (1 if backend == "local" else 4)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _build_ui(agent: Any, console: Console) -> Any | None:
    """The Gradio app, when this install has one."""
    try:
        from pickwise.ui import build_ui
    except ImportError as exc:
        console.print(f"[yellow]The web UI is not available ({exc}); serving the API only.[/]")
        return None
    return build_ui(agent)


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def _announce(console: Console, base: str, ui: bool) -> None:
    if ui:
        console.print(f"[bold]pickwise[/] is ready: open [bold]{base}/[/] to chat.", soft_wrap=True)
    else:
        console.print(f"[bold]pickwise[/] is ready at {base}.", soft_wrap=True)
    console.print(f"HTTP API: {base}/v1 (OpenAI-compatible, model 'pickwise')", soft_wrap=True)
    console.print(f"API docs: {base}/docs. Ctrl-C stops.", soft_wrap=True)


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` for uvicorn to listen on, bound before anything slow
    starts; a port in use or an address this machine does not have is a ConfigError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} is in use (another pickwise?); stop it or pass --port N"
            ) from exc
        raise ConfigError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); pass --host or --port "
            "(PICKWISE_HOST, PICKWISE_PORT)"
        ) from exc
    return sock


def _run(config: Any, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Run uvicorn's server on ``sock``, calling ``on_ready`` once it listens."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                on_ready()

    Server(config).run(sockets=[sock])
