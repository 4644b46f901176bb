"""``pickwise llm ...``: run the bundled model's server, check the configured backend.

The LLM modules import LangChain and the OpenAI SDK, so they load inside the commands only.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

import typer

from pickwise.cli.common import emit_json, settings

__all__ = ["llm_app"]

llm_app = typer.Typer(
    help="The LLM backend: serve the bundled local model, check the configured backend.",
    no_args_is_help=True,
)


@llm_app.command("serve")
def serve(
    port: int = typer.Option(None, "--port", "-p", help="Loopback port (default: a free one)."),
) -> None:
    """Run the bundled local model's server in the foreground until Ctrl-C."""
    from pickwise.llm import LLMConfig, LocalServer

    config = LLMConfig.from_settings(settings())
    server = LocalServer(
        config.home, config.local_model_path, config.local_context, config.local_threads, port
    )

    def ready(url: str) -> None:
        owner = "started" if server.started else "already running for this home"
        typer.echo(
            f"Local model server {owner}: {url} (pid {server.pid}, model {server.model_path})"
        )
        typer.echo(f"Use it from other processes with PICKWISE_LLM_BASE_URL={url}")
        typer.echo("Press Ctrl-C to stop.")

    typer.echo(f"Starting the local model server (log: {server.log_path})...", err=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the model server too, like Ctrl-C
    server.serve_forever(on_ready=ready)
    typer.echo("Stopped.", err=True)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@llm_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Which LLM backend is configured, where it is and whether it answers (starts nothing).

    Exits with 1 when an endpoint was asked and did not answer."""
    from pickwise.llm import LLMConfig, make_backend

    config = LLMConfig.from_settings(settings())
    backend = make_backend(config, start=False)
    data: dict[str, Any] = {"backend": config.backend, "model": None, "url": None}
    failed = False
    if backend is not None:
        url = backend.base_url or (backend.server.find() if backend.server else None)
        problem = backend.problem()
        data.update(model=backend.model, url=url, healthy=problem is None)
        if problem is not None and url is not None:  # a local server not started is no failure
            data["reason"] = problem
            failed = True
        data["json_mode"] = backend.json_mode
    if backend is not None and backend.server is not None:
        data.update(model_path=backend.server.model_path, log=str(backend.server.log_path))
    if as_json:
        emit_json(data)
    else:
        for key, value in data.items():
            if key == "url" and value is None:
                value = "-" if backend is None else "not running (starts on first use)"
            elif isinstance(value, bool):
                value = "yes" if value else "no"
            typer.echo(f"{key.replace('_', ' '):>10}: {'-' if value is None else value}")
    if failed:
        raise typer.Exit(1)
