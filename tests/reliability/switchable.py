"""An OpenAI-compatible server on a fixed loopback port that can be switched between answering
well, slowly, with garbage, with JSON off the schema, or not at all (the port closed), to test
pickwise's fallbacks."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Literal

from tests.llm.fake_server import FakeOpenAI, Reply, _handler

Mode = Literal["ok", "slow", "garbage", "off-schema", "down"]
GOOD = '{"picks": ["c2", "c1", "c3", "c4", "c5"]}'


class _Replies(list[Reply]):
    """Never empty: every request gets the reply of the current mode."""

    def __init__(self, llm: SwitchableLLM) -> None:
        super().__init__()
        self.llm = llm

    def __bool__(self) -> bool:
        return True

    def pop(self, index: int = -1) -> Reply:  # type: ignore[override]
        if self.llm.mode == "slow":
            return Reply(GOOD, delay=self.llm.slow_seconds)
        if self.llm.mode == "garbage":
            return Reply("I think you would like c2! ```json {picks: c2,,}")
        if self.llm.mode == "off-schema":  # JSON, but not the answer asked for
            return Reply('{"films": ["Arrival"]}')
        return Reply(GOOD)


class SwitchableLLM:
    """``mode`` picks how chat completions are answered; ``down`` closes the port."""

    def __init__(self, slow_seconds: float = 3.0) -> None:
        self.fake = FakeOpenAI()
        self.fake.replies = _Replies(self)
        self.slow_seconds = slow_seconds
        self.mode: Mode = "ok"
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self._open()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def calls(self) -> int:
        return len(self.fake.bodies)

    def _open(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self.fake))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(5)
            self._server = None

    def switch(self, mode: Mode) -> None:
        if mode == "down":
            self._close()
        elif self._server is None:
            self._open()
        self.mode = mode

    def close(self) -> None:
        self._close()
