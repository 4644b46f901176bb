"""Backends against a fake OpenAI-compatible server on loopback: what is sent, what comes back.

The fake records every request body, so the tests assert the exact ``response_format`` each
JSON mode sends, and script the failures a real server produces (bad JSON, HTTP 500, slowness).
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from pickwise.config import Settings
from pickwise.errors import BackendError, ConfigError
from pickwise.llm import (
    LOCAL_MODEL_NAME,
    OPENAI_DEFAULT_MODEL,
    OPENAI_DEFAULT_URL,
    BackendName,
    ChatBackend,
    LLMConfig,
    make_backend,
)
from tests.llm.fake_server import FakeOpenAI, Reply, fake_openai

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"ids": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}},
    "required": ["ids"],
}
MESSAGES: list[BaseMessage] = [SystemMessage("Answer in JSON."), HumanMessage("Pick ids.")]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with fake_openai() as fake:
        yield fake


@pytest.fixture
def fake(server: FakeOpenAI) -> FakeOpenAI:
    server.reset()
    return server


def backend_for(
    fake: FakeOpenAI,
    json_mode: Any = None,
    timeout: float = 5.0,
    max_retries: int = 0,
    stream_calls: bool | None = None,
) -> ChatBackend:
    return ChatBackend(
        "openai",
        model="test-model",
        base_url=fake.url,
        api_key="sk-test",
        timeout=timeout,
        max_retries=max_retries,
        json_mode=json_mode,
        stream_calls=stream_calls,
    )


def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **values: Any) -> Settings:
    for name in os.environ:
        if name.startswith("PICKWISE_"):
            monkeypatch.delenv(name)
    return Settings(_env_file=None, home=tmp_path, **values)  # type: ignore[call-arg]


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/v1"


# --- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "local"),
        ({"llm_base_url": "http://127.0.0.1:9/v1"}, "openai"),
        ({"llm_backend": "none", "llm_base_url": "http://127.0.0.1:9/v1"}, "none"),
        ({"llm_backend": "local", "llm_base_url": "http://127.0.0.1:9/v1"}, "local"),
        ({"llm_backend": "openai"}, "openai"),
        ({"llm_backend": ""}, "local"),
    ],
)
def test_config_resolves_the_backend(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, values: dict[str, Any], expected: BackendName
) -> None:
    assert LLMConfig.from_settings(settings(tmp_path, monkeypatch, **values)).backend == expected


def test_config_copies_every_llm_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = settings(
        tmp_path,
        monkeypatch,
        llm_base_url="http://h/v1",
        llm_api_key="k",
        llm_model="m",
        llm_timeout=7,
        llm_max_retries=3,
        llm_temperature=0.5,
        local_model_path="/x.gguf",
        local_context=1024,
        local_threads=2,
    )
    config = LLMConfig.from_settings(s)
    assert config == LLMConfig(
        backend="openai",
        base_url="http://h/v1",
        api_key="k",
        model="m",
        timeout=7.0,
        max_retries=3,
        temperature=0.5,
        local_model_path="/x.gguf",
        local_context=1024,
        local_threads=2,
        home=tmp_path,
    )


def test_none_backend_is_none(tmp_path: Path) -> None:
    assert make_backend(LLMConfig(backend="none", home=tmp_path)) is None


def test_openai_backend_needs_an_endpoint(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"PICKWISE_LLM_BASE_URL.*PICKWISE_LLM_API_KEY"):
        make_backend(LLMConfig(backend="openai", home=tmp_path))


def test_openai_backend_with_only_a_key_goes_to_openai(tmp_path: Path) -> None:
    backend = make_backend(LLMConfig(backend="openai", api_key="sk-x", home=tmp_path))
    assert backend is not None
    assert (backend.name, backend.base_url, backend.model) == (
        "openai",
        OPENAI_DEFAULT_URL,
        OPENAI_DEFAULT_MODEL,
    )
    assert backend.json_mode == "json_schema" and not backend.stream_calls
    model = backend.chat_model
    assert isinstance(model, ChatOpenAI) and model.openai_api_base == OPENAI_DEFAULT_URL


def test_local_backend_without_start_starts_nothing(tmp_path: Path) -> None:
    backend = make_backend(LLMConfig(home=tmp_path, timeout=3, max_retries=2), start=False)
    assert backend is not None and backend.server is not None
    assert (backend.name, backend.model, backend.json_mode) == (
        "local",
        LOCAL_MODEL_NAME,
        "json_object",
    )
    assert backend.base_url is None and not backend.healthy()
    assert (backend.timeout, backend.max_retries) == (3, 2)
    assert backend.stream_calls  # closed at the deadline, so llama.cpp stops writing
    assert not (tmp_path / "llm" / "server.json").exists()


def test_local_backend_with_a_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    config = LLMConfig(home=tmp_path, local_model_path=str(tmp_path / "nope.gguf"))
    with pytest.raises(ConfigError, match="PICKWISE_LOCAL_MODEL_PATH"):
        make_backend(config, start=False)


# --- structured output -----------------------------------------------------------------------


def test_json_object_mode_sends_the_schema_inline(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply('{"ids": ["a"]}'))
    result = backend_for(fake, "json_object").structured(MESSAGES, SCHEMA, "pick", max_tokens=50)
    assert result == {"ids": ["a"]}
    [body] = fake.bodies
    assert body["response_format"] == {"type": "json_object", "schema": SCHEMA}
    # llama-cpp-python knows max_tokens only; ChatOpenAI would send max_completion_tokens
    assert body["max_tokens"] == 50 and "max_completion_tokens" not in body
    assert body["model"] == "test-model" and body["temperature"] == 0.0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert fake.headers[-1]["authorization"] == "Bearer sk-test"


def test_json_schema_mode_sends_a_named_strict_schema(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply('{"ids": ["b"]}'))
    result = backend_for(fake).structured(MESSAGES, SCHEMA, "pick", max_tokens=50)
    assert result == {"ids": ["b"]}
    [body] = fake.bodies
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "pick", "schema": SCHEMA, "strict": True},
    }
    assert body["max_completion_tokens"] == 50 and "max_tokens" not in body


def test_result_is_not_validated_beyond_being_an_object(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply('{"other": 1}'))
    assert backend_for(fake).structured(MESSAGES, SCHEMA, "pick") == {"other": 1}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"ids": ["a"', "invalid JSON"),
        ("Sure! Here are the ids: a, b", "invalid JSON"),
        ("", "invalid JSON"),
        ('["a", "b"]', "not an object"),
        ("42", "not an object"),
    ],
)
def test_bad_content_is_a_backend_error(fake: FakeOpenAI, content: str, reason: str) -> None:
    fake.replies.append(Reply(content))
    with pytest.raises(BackendError, match=reason):
        backend_for(fake).structured(MESSAGES, SCHEMA, "pick")


def test_http_error_is_a_backend_error_with_the_status(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply(status=500, error="the model fell over"))
    with pytest.raises(BackendError, match=r"HTTP 500: the model fell over") as info:
        backend_for(fake, "json_object").structured(MESSAGES, SCHEMA, "pick")
    assert fake.url in str(info.value)
    assert len(fake.bodies) == 1  # max_retries=0


def test_unauthorised_says_which_setting_to_check(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply(status=401, error="bad key"))
    with pytest.raises(BackendError, match=r"HTTP 401: bad key.*PICKWISE_LLM_API_KEY"):
        backend_for(fake).text(MESSAGES)


def test_a_failed_call_is_retried_max_retries_times(fake: FakeOpenAI) -> None:
    fake.replies += [Reply(status=500), Reply('{"ids": []}')]
    assert backend_for(fake, max_retries=1).structured(MESSAGES, SCHEMA, "pick") == {"ids": []}
    assert len(fake.bodies) == 2


def test_a_slow_reply_times_out(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply('{"ids": []}', delay=3.0))
    with pytest.raises(BackendError, match=r"no answer within 0.5 s.*PICKWISE_LLM_TIMEOUT"):
        backend_for(fake, timeout=0.5).structured(MESSAGES, SCHEMA, "pick")


def test_a_timeout_is_not_retried_and_is_recorded(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply('{"ids": []}', delay=2.0))
    backend = backend_for(fake, timeout=0.5, max_retries=2)
    with pytest.raises(BackendError, match=r"no answer within 0.5 s"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert len(fake.bodies) == 1  # the turn has waited long enough: it degrades instead
    assert backend.health.degraded.startswith("timeout: no answer within 0.5 s")


def test_outcomes_are_recorded_and_garbage_counts_as_invalid(fake: FakeOpenAI) -> None:
    fake.replies += [Reply("I think c2! {picks: c2,,}"), Reply('{"ids": []}')]
    backend = backend_for(fake)
    with pytest.raises(BackendError, match="invalid JSON"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert backend.health.degraded.startswith("invalid: invalid JSON")
    backend.structured(MESSAGES, SCHEMA, "pick")
    assert backend.health.degraded == ""
    assert backend.health.status()["outcomes"] == {"ok": 2, "timeout": 0, "error": 0, "invalid": 1}


def test_an_open_breaker_skips_the_call(fake: FakeOpenAI) -> None:
    backend = backend_for(fake)
    for _ in range(backend.health.trip_after):
        backend.health.record("timeout", "no answer within 5 s")
    with pytest.raises(BackendError, match="skipped after 3 failed calls in a row"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert fake.bodies == []


def test_no_server_is_a_backend_error() -> None:
    backend = ChatBackend("openai", model="m", base_url=closed_port_url(), max_retries=0)
    with pytest.raises(BackendError, match=r"cannot connect.*PICKWISE_LLM_BASE_URL"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert not backend.healthy()


def test_a_server_refusing_json_schema_gets_json_object_from_then_on(fake: FakeOpenAI) -> None:
    """llama-cpp-python's server answers a json_schema response_format with HTTP 500."""
    refusal = "Input should be 'text' or 'json_object' ... 'input': 'json_schema'"
    fake.replies += [Reply(status=500, error=refusal), Reply('{"ids": ["a"]}'), Reply("{}")]
    backend = backend_for(fake)
    assert backend.structured(MESSAGES, SCHEMA, "pick") == {"ids": ["a"]}
    assert backend.json_mode == "json_object"
    backend.structured(MESSAGES, SCHEMA, "pick")
    types = [b["response_format"]["type"] for b in fake.bodies]
    assert types == ["json_schema", "json_object", "json_object"]


def test_when_the_fallback_fails_too_the_first_error_is_raised(fake: FakeOpenAI) -> None:
    fake.replies += [Reply(status=400, error="json_schema unsupported"), Reply(status=400)]
    backend = backend_for(fake)
    with pytest.raises(BackendError, match="json_schema unsupported"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert backend.json_mode == "json_schema"


# --- text and streaming ----------------------------------------------------------------------


def test_text_returns_the_reply(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply("Try Arrival."))
    assert backend_for(fake).text(MESSAGES) == "Try Arrival."
    assert "response_format" not in fake.bodies[0]


def test_stream_text_yields_the_pieces(fake: FakeOpenAI) -> None:
    reply = "You might like Arrival (2016), a quiet film about language."
    fake.replies.append(Reply(reply))
    pieces = list(backend_for(fake).stream_text(MESSAGES, max_tokens=30))
    assert len(pieces) > 1 and "".join(pieces) == reply
    assert fake.bodies[0]["stream"] is True


def test_stream_text_errors_are_backend_errors(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply(status=503, error="overloaded"))
    with pytest.raises(BackendError, match="HTTP 503: overloaded"):
        list(backend_for(fake).stream_text(MESSAGES))


def test_chat_model_is_usable_through_langchain(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply("hello"))
    reply = backend_for(fake).chat_model.invoke("hi")
    assert reply.content == "hello" and json.loads(json.dumps(fake.bodies[0]))["model"]


def test_readiness_is_busy_while_the_server_computes_a_call_that_timed_out(
    fake: FakeOpenAI,
) -> None:
    """llama-cpp-python finishes a completion whose client has gone, and answers nothing else
    meanwhile: its health check then times out, and that means busy, not down."""
    fake.one_at_a_time = True
    backend = backend_for(fake, timeout=0.3)
    assert backend.readiness(timeout=0.5) == "ok"
    fake.replies.append(Reply('{"ids": []}', delay=2.5))
    with pytest.raises(BackendError, match=r"no answer within 0\.3 s"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert backend.readiness(timeout=0.5) == "busy"
    with fake.lock:  # busy without a call of ours timing out: nothing says it is alive
        assert backend_for(fake).readiness(timeout=0.3) == "down"
    assert backend.readiness(timeout=5) == "ok"  # once it is done


# --- streamed calls (the local backend's) ---------------------------------------------------
LONG = json.dumps({"ids": ["a", "b"] * 12})  # ~30 pieces of the fake's stream


def test_a_streamed_call_answers_as_a_plain_one(fake: FakeOpenAI) -> None:
    fake.replies += [Reply('{"ids": ["b"]}'), Reply("Try Arrival.")]
    backend = backend_for(fake, json_mode="json_object", stream_calls=True)
    assert backend.structured(MESSAGES, SCHEMA, "pick", max_tokens=40) == {"ids": ["b"]}
    assert backend.text(MESSAGES) == "Try Arrival."
    sent = fake.bodies[0]
    assert sent["stream"] is True and sent["max_tokens"] == 40
    assert sent["response_format"] == {"type": "json_object", "schema": SCHEMA}
    assert fake.bodies[1]["stream"] is True and "response_format" not in fake.bodies[1]
    assert backend.health.status()["outcomes"]["ok"] == 2


def test_a_streamed_call_is_closed_at_its_deadline(fake: FakeOpenAI) -> None:
    """A plain call that timed out left llama.cpp writing its answer, and answering nothing
    else, for as long as it took; a streamed one is closed at the deadline, which stops it."""
    fake.replies.append(Reply(LONG, piece_delay=0.1))  # ~3 s to write it all
    backend = backend_for(fake, json_mode="json_object", timeout=0.5, max_retries=2)
    backend.stream_calls = True
    started = time.monotonic()
    with pytest.raises(BackendError, match=r"no answer within 0\.5 s \(raise PICKWISE_LLM"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert time.monotonic() - started < 1.5
    assert len(fake.bodies) == 1  # a timeout is not retried
    assert backend.health.degraded.startswith("timeout: no answer within 0.5 s")
    deadline = time.monotonic() + 5
    while not fake.unsent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake.unsent and fake.unsent[0] > 15  # the server stopped writing


def test_streamed_text_stops_at_the_deadline(fake: FakeOpenAI) -> None:
    fake.replies.append(Reply(LONG, piece_delay=0.1))
    pieces: list[str] = []
    with pytest.raises(BackendError, match=r"no answer within 0\.5 s"):
        pieces.extend(backend_for(fake, timeout=0.5).stream_text(MESSAGES))
    assert pieces and len("".join(pieces)) < len(LONG) / 2


def test_a_call_behind_one_that_timed_out_is_skipped_at_once(fake: FakeOpenAI) -> None:
    """The server still computing an abandoned call answered the next call only after it:
    the next turn waited its whole timeout and timed out in turn. Now a server that cannot
    answer GET /models quickly, right after a timeout, is skipped without a call."""
    fake.one_at_a_time = True
    fake.replies += [Reply('{"ids": []}', delay=2.5), Reply('{"ids": ["a"]}')]
    backend = backend_for(fake, timeout=1.0)
    with pytest.raises(BackendError, match=r"no answer within 1 s"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    started = time.monotonic()
    with pytest.raises(BackendError, match=r"still busy with an earlier call that timed out"):
        backend.structured(MESSAGES, SCHEMA, "pick")
    assert time.monotonic() - started < 0.9 and len(fake.bodies) == 1  # no call was sent
    assert backend.health.degraded.startswith("timeout: no answer within 1 s")
    time.sleep(2)  # the server is done with it
    assert backend.structured(MESSAGES, SCHEMA, "pick") == {"ids": ["a"]}
    assert not backend.health.busy()


def test_readiness_is_down_when_nothing_listens_even_after_a_timeout() -> None:
    backend = ChatBackend("openai", model="m", base_url=closed_port_url(), timeout=1)
    backend.health.record("timeout", "no answer within 1 s")
    assert backend.readiness(timeout=0.5) == "down"


def test_healthy_checks_the_models_endpoint(fake: FakeOpenAI) -> None:
    assert backend_for(fake).healthy()
    assert fake.requests == []  # a GET, not a completion
    assert fake.headers[-1]["authorization"] == "Bearer sk-test"
