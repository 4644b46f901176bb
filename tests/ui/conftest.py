"""The UI served for real: FastAPI + ``gr.mount_gradio_app`` + uvicorn on a loopback port."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import gradio as gr
import httpx
import uvicorn
from fastapi import FastAPI

from pickwise.ui import mount_options
from tests.agent.conftest import demo_home, make_agent

__all__ = ["demo_home", "make_agent", "serve"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(ui: gr.Blocks, timeout: float = 30.0) -> Iterator[str]:
    """Serve the UI as ``pickwise serve`` will (mounted at ``/``); yields its URL."""
    app = gr.mount_gradio_app(FastAPI(), ui, path="/", **mount_options())
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                break
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"the UI did not come up on {url}")
        time.sleep(0.1)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
