"""`pickwise serve` as a person starts it: the real command, the real embedding model, the
demo catalog loaded on first run, then a chatbot talking to it through the openai SDK."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from openai import OpenAI

from pickwise.cli.serve import listen_socket
from pickwise.errors import ConfigError

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_end_to_end(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICKWISE_")}
    env.update(PICKWISE_HOME=str(tmp_path), PICKWISE_API_KEYS="k1, k2", HF_HUB_OFFLINE="1")
    script = Path(sys.executable).parent / "pickwise"
    command = [str(script), "serve", "--no-ui", "--backend", "none", "--port", str(port)]
    proc = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, "the server did not come up"
            try:
                if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        sdk = OpenAI(base_url=f"{base}/v1", api_key="k2", max_retries=0)
        reply = sdk.chat.completions.create(
            model="pickwise",
            messages=[{"role": "user", "content": "I loved Arrival, nothing before 1990"}],
            user="ana",
        )
        assert reply.model_extra is not None
        picks = reply.model_extra["pickwise"]["picks"]
        assert len(picks) == 5 and all(p["year"] >= 1990 for p in picks)
        assert httpx.get(f"{base}/v1/users/ana/profile").status_code == 401
    finally:
        proc.send_signal(signal.SIGTERM)  # as `kill` or a container stopping does
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    assert f"HTTP API: {base}/v1 " in out and f"API docs: {base}/docs" in out
    assert "Stopped." in out and "Traceback" not in out
    # it said what it was doing during the slow start (it was silent for a minute)
    steps = [
        "Loading the catalog 'demo'...",
        "Loading the demo catalog (first run only)...",
        "Starting without an LLM...",
        "Loading the search index and the embedding model...",
        "is ready at",
    ]
    assert all(step in out for step in steps), out
    assert [out.index(step) for step in steps] == sorted(out.index(step) for step in steps)


def test_a_port_in_use_fails_at_once_with_a_clear_message(tmp_path: Path) -> None:
    """It loaded for 80 s, then failed with uvicorn's "[Errno 98] ... address already in use"
    (exit 3). The port is bound before anything slow starts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICKWISE_")}
    env.update(PICKWISE_HOME=str(tmp_path), HF_HUB_OFFLINE="1")
    script = Path(sys.executable).parent / "pickwise"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        done = subprocess.run(
            [str(script), "serve", "--backend", "none", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 2, done
    assert done.stderr.strip() == (
        f"error: port {port} is in use (another pickwise?); stop it or pass --port N"
    )
    assert "Loading" not in done.stdout and time.monotonic() - started < 60
    assert not (tmp_path / "chroma").exists()  # the demo catalog was not loaded


def test_an_address_this_machine_does_not_have_says_what_to_pass() -> None:
    with pytest.raises(ConfigError, match=r"cannot listen on 192\.0\.2\.1:8000 .*--host"):
        listen_socket("192.0.2.1", 8000)  # TEST-NET-1: never a local address
    with listen_socket("127.0.0.1", 0) as sock:  # a free port: bound, not yet listening
        assert sock.getsockname()[0] == "127.0.0.1"
