"""A tiny OpenAI-compatible HTTP server on loopback: scripted replies, recorded requests."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer to ``POST /v1/chat/completions``."""

    content: str = "{}"
    status: int = 200
    error: str = "scripted failure"
    delay: float = 0.0
    #: Seconds between the pieces of a streamed answer (a model still writing).
    piece_delay: float = 0.0


@dataclass
class FakeOpenAI:
    """Answers with ``replies`` in order (then ``{}``); keeps every request it got."""

    url: str = ""
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    #: Answer one request at a time, as llama-cpp-python does: ``GET /models`` waits for a
    #: completion in progress, even one whose client has gone.
    one_at_a_time: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Pieces of a streamed answer left unsent because the client went (closed the stream).
    unsent: list[int] = field(default_factory=list)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r.get("path") == "/v1/chat/completions"]

    def reset(self) -> None:
        self.replies.clear()
        self.requests.clear()
        self.headers.clear()
        self.unsent.clear()
        self.one_at_a_time = False


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            with self.turn():
                self.answer_get()

        def do_POST(self) -> None:
            with self.turn():
                self.answer_post()

        def turn(self) -> contextlib.AbstractContextManager[Any]:
            return fake.lock if fake.one_at_a_time else contextlib.nullcontext()

        def answer_get(self) -> None:
            self.headers_seen()
            if self.path == "/v1/models":
                self.send_json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
            else:
                self.send_json(404, {"error": {"message": "not found"}})

        def answer_post(self) -> None:
            self.headers_seen()
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"path": self.path, **body})
            reply = fake.replies.pop(0) if fake.replies else Reply()
            time.sleep(reply.delay)
            try:
                if reply.status != 200:
                    self.send_json(reply.status, {"error": {"message": reply.error}})
                elif body.get("stream"):
                    self.send_stream(reply.content, reply.piece_delay)
                else:
                    self.send_json(200, completion(reply.content))
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                pass

        def headers_seen(self) -> None:
            fake.headers.append({k.lower(): v for k, v in self.headers.items()})

        def send_json(self, status: int, data: dict[str, Any]) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def send_stream(self, content: str, piece_delay: float = 0.0) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            pieces = [content[i : i + 3] for i in range(0, len(content), 3)]
            deltas = [{"role": "assistant"}, *({"content": p} for p in pieces)]
            for sent, delta in enumerate(deltas):
                if sent > 1:
                    time.sleep(piece_delay)
                chunk = {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": "fake",
                    "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                }
                try:
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):  # the client closed the stream
                    fake.unsent.append(len(deltas) - sent)
                    return
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


def completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


@contextmanager
def fake_openai() -> Iterator[FakeOpenAI]:
    """Serve a :class:`FakeOpenAI` on a free loopback port for the duration of the block."""
    fake = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
