"""``pickwise llm status`` in-process; ``pickwise llm serve`` for real, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from pickwise.cli import app
from pickwise.errors import ConfigError
from tests.llm.fake_server import FakeOpenAI, fake_openai

SCRIPT = shutil.which("pickwise", path=str(Path(sys.executable).parent)) or "pickwise"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in os.environ:
        if name.startswith("PICKWISE_"):
            monkeypatch.delenv(name)


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with fake_openai() as server:
        yield server


def status(home: Path) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["--home", str(home), "llm", "status", "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def test_status_without_an_llm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICKWISE_LLM_BACKEND", "none")
    assert status(tmp_path) == {"backend": "none", "model": None, "url": None}


def test_status_of_a_local_server_not_started(tmp_path: Path) -> None:
    data = status(tmp_path)
    assert (data["backend"], data["url"], data["healthy"]) == ("local", None, False)
    assert data["json_mode"] == "json_object"
    assert data["log"] == str(tmp_path / "logs" / "llm-server.log")
    assert not (tmp_path / "llm" / "server.json").exists()  # status starts nothing


def test_status_of_an_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeOpenAI
) -> None:
    monkeypatch.setenv("PICKWISE_LLM_BASE_URL", fake.url)
    monkeypatch.setenv("PICKWISE_LLM_MODEL", "qwen")
    data = status(tmp_path)
    assert data == {
        "backend": "openai",
        "model": "qwen",
        "url": fake.url,
        "healthy": True,
        "json_mode": "json_schema",
    }
    text = CliRunner().invoke(app, ["--home", str(tmp_path), "llm", "status"]).stdout
    assert "healthy: yes" in text and fake.url in text


def test_status_explains_a_missing_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PICKWISE_LLM_BACKEND", "openai")
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "llm", "status"])
    assert isinstance(result.exception, ConfigError)
    assert "PICKWISE_LLM_BASE_URL" in str(result.exception)


def test_status_of_an_endpoint_that_does_not_answer_says_why_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeOpenAI
) -> None:
    """It printed "healthy: no" with no reason, and exited 0."""
    monkeypatch.setenv("PICKWISE_LLM_BACKEND", "openai")
    monkeypatch.setenv("PICKWISE_LLM_BASE_URL", f"{fake.url}/nowhere")
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "llm", "status"])
    assert result.exit_code == 1
    assert f"reason: GET {fake.url}/nowhere/models answered HTTP 404 (check " in result.stdout
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    monkeypatch.setenv("PICKWISE_LLM_BASE_URL", closed)
    result = CliRunner().invoke(app, ["--home", str(tmp_path), "llm", "status", "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["healthy"] is False
    assert data["reason"].startswith(f"cannot connect to {closed} (is the server running?")


@pytest.mark.slow
def _sigint_as_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serve_runs_until_ctrl_c(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICKWISE_")}
    proc = subprocess.Popen(
        [SCRIPT, "--home", str(tmp_path), "llm", "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Ctrl-C as a terminal sends it: a test run started in the background with SIGINT
        # ignored (`nohup pytest &`) would hand that on, and the server never saw the signal
        preexec_fn=_sigint_as_default,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert "started" in first, first + (proc.stderr.read() if proc.stderr else "")
        url = first.split(": ", 1)[1].split()[0]
        assert f"PICKWISE_LLM_BASE_URL={url}" in proc.stdout.readline()
        pid = json.loads((tmp_path / "llm" / "server.json").read_text())["pid"]
        data = status(tmp_path)
        assert (data["url"], data["healthy"]) == (url, True)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not (tmp_path / "llm" / "server.json").exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/models")
    deadline = time.monotonic() + 5
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists()
