"""The managed llama.cpp server with the real bundled model, answering through ChatOpenAI.

One module-wide server serves most tests; a few tests start their own (a start takes a few
seconds). Every server pid any test sees is checked dead at the end of the module.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import httpx
import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from pickwise.errors import BackendError, ConfigError
from pickwise.llm import (
    BUNDLED_MODEL_FILE,
    LOCAL_MODEL_NAME,
    ChatBackend,
    LLMConfig,
    LocalServer,
    default_model_path,
    make_backend,
)

LETTERS = {
    "type": "object",
    "properties": {
        "ids": {"type": "array", "items": {"type": "string", "enum": ["a", "b", "c"]}},
    },
    "required": ["ids"],
}


class Letters(BaseModel):
    ids: list[Literal["a", "b", "c"]] = Field(min_length=0)


def alive(pid: int) -> bool:
    """True for a running process (not a zombie); reaps it if it is our child."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def state(home: Path) -> dict[str, object] | None:
    path = home / "llm" / "server.json"
    return json.loads(path.read_text()) if path.exists() else None


def run_python(code: str, timeout: float = 180) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


# --- without a server ------------------------------------------------------------------------


def test_the_bundled_model_is_found() -> None:
    path = Path(default_model_path())
    assert path.name == BUNDLED_MODEL_FILE and path.stat().st_size > 50_000_000


def test_a_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PICKWISE_LOCAL_MODEL_PATH"):
        LocalServer(tmp_path, str(tmp_path / "missing.gguf"))


def test_a_stale_state_file_is_not_a_server(tmp_path: Path) -> None:
    done = subprocess.Popen(["true"])
    done.wait()
    server = LocalServer(tmp_path)
    stale = {"pid": done.pid, "port": 9, "model": server.model_path, "context": 4096}
    (tmp_path / "llm").mkdir()
    (tmp_path / "llm" / "server.json").write_text(json.dumps(stale))
    assert server.find() is None
    server.stop()  # nothing to stop; the stale record goes
    assert state(tmp_path) is None


# --- the real server -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pids() -> Iterator[list[int]]:
    """Pids of every server the tests saw; all must be gone at the end (killed if not)."""
    seen: list[int] = []
    yield seen
    left = [pid for pid in seen if alive(pid)]
    for pid in left:
        os.kill(pid, 9)
    assert not left, f"server processes left running: {left}"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("llm-home")


@pytest.fixture(scope="module")
def server(home: Path, pids: list[int]) -> Iterator[LocalServer]:
    server = LocalServer(home)
    server.ensure_running(timeout=120)
    assert server.pid is not None
    pids.append(server.pid)
    yield server
    server.stop()
    assert not alive(pids[0]) and state(home) is None


@pytest.fixture(scope="module")
def backend(server: LocalServer) -> ChatBackend:
    return ChatBackend(
        "local", model=LOCAL_MODEL_NAME, server=server, timeout=300, max_retries=0
    ).start()


@pytest.mark.slow
def test_the_server_answers_and_records_itself(
    server: LocalServer, backend: ChatBackend, home: Path
) -> None:
    assert server.url and re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", server.url)
    models = httpx.get(f"{server.url}/models").json()
    assert [m["id"] for m in models["data"]] == [server.model_path]
    assert state(home) == {
        "pid": server.pid,
        "port": int(server.url.rsplit(":", 1)[1].split("/")[0]),
        "model": server.model_path,
        "context": 4096,
    }
    assert server.started and backend.healthy() and backend.base_url == server.url
    assert "Uvicorn running" in server.log_path.read_text(errors="replace")


@pytest.mark.slow
def test_structured_output_follows_the_schema(backend: ChatBackend) -> None:
    messages = [
        SystemMessage("You answer with JSON only."),
        HumanMessage('Which of the letters "a", "b", "c" are vowels? Answer as {"ids": [...]}'),
    ]
    result = backend.structured(messages, LETTERS, "letters", max_tokens=60)
    assert set(result) == {"ids"}
    Letters.model_validate(result)


@pytest.mark.slow
def test_stream_text_yields_text_and_honours_max_tokens(backend: ChatBackend) -> None:
    pieces = list(backend.stream_text([HumanMessage("Name a famous film.")], max_tokens=8))
    assert "".join(pieces).strip()
    assert 1 <= len(pieces) <= 8  # llama.cpp streams one token per chunk
    assert backend.text([HumanMessage("Say hello.")], max_tokens=8).strip()


@pytest.mark.slow
def test_a_second_server_object_reuses_the_running_server(server: LocalServer, home: Path) -> None:
    other = LocalServer(home)
    assert other.ensure_running() == server.url
    assert not other.started and other.pid == server.pid
    backend = make_backend(LLMConfig(home=home))
    assert backend is not None and backend.base_url == server.url and backend.healthy()


@pytest.mark.slow
def test_another_process_reuses_the_server_and_leaves_it_running(
    server: LocalServer, home: Path
) -> None:
    url = run_python(
        f"""
        from pathlib import Path
        from pickwise.llm.local import LocalServer
        print(LocalServer(Path({str(home)!r})).ensure_running())
        """
    )
    assert url == server.url
    assert server.started and state(home) is not None  # its exit did not stop our server


@pytest.mark.slow
def test_a_process_stops_the_server_it_started_when_it_exits(
    tmp_path: Path, pids: list[int]
) -> None:
    pid = int(
        run_python(
            f"""
            from pathlib import Path
            from pickwise.llm.local import LocalServer
            server = LocalServer(Path({str(tmp_path)!r}))
            server.ensure_running()
            print(server.pid)
            """
        )
    )
    pids.append(pid)
    assert not alive(pid) and state(tmp_path) is None


@pytest.mark.slow
def test_concurrent_starts_for_one_home_share_one_server(tmp_path: Path, pids: list[int]) -> None:
    """Two processes ask at the same instant: the lock makes one start and the other reuse."""
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from pickwise.llm.local import LocalServer
        server = LocalServer(Path({str(tmp_path)!r}))
        time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
        print(server.ensure_running(), server.pid, server.started, flush=True)
        sys.stdin.readline()  # stay alive until told, so the starter outlives the reuser's call
        """
    )
    at = str(time.time() + 8)  # after both have imported pickwise
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, at],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        answers = [p.stdout.readline().split() for p in procs if p.stdout]
    finally:
        for p in procs:
            p.communicate("\n", timeout=60)
    assert len(answers) == 2 and answers[0][:2] == answers[1][:2], answers
    pids.append(int(answers[0][1]))
    assert sorted(a[2] for a in answers) == ["False", "True"]  # one started it, one reused it
    assert not alive(int(answers[0][1])) and state(tmp_path) is None  # the starter stopped it


@pytest.mark.slow
def test_another_configuration_replaces_the_server_and_stop_really_stops(
    tmp_path: Path, pids: list[int]
) -> None:
    first = LocalServer(tmp_path, context=1024)
    first.ensure_running(timeout=120)
    assert first.pid is not None
    pids.append(first.pid)
    second = LocalServer(tmp_path, context=2048)
    url = second.ensure_running(timeout=120)
    assert second.pid is not None
    pids.append(second.pid)
    assert not alive(first.pid) and second.pid != first.pid and second.started
    assert LocalServer(tmp_path, context=1024).find() is None
    LocalServer(tmp_path, context=2048).stop()  # stops it although another object started it
    assert not alive(second.pid) and state(tmp_path) is None
    assert not second.started
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/models")
    second.stop()  # stopping again is harmless


@pytest.mark.slow
def test_a_file_that_is_not_a_model_fails_with_the_log(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_text("this is not a GGUF file\n")
    server = LocalServer(tmp_path / "home", str(bad))
    with pytest.raises(BackendError) as info:
        server.ensure_running(timeout=60)
    message = str(info.value)
    assert "exited with code" in message
    assert str(server.log_path) in message and "Last lines of" in message
    assert "llama-cpp-python[server]" in message and "PICKWISE_LLM_BACKEND=none" in message
    assert state(tmp_path / "home") is None and not server.started
