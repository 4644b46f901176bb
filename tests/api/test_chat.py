"""The OpenAI-compatible endpoints against a real server: with httpx (the wire format) and with
the official ``openai`` SDK, as a chatbot would use them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from openai import OpenAI

from pickwise.api.chat import _sse
from pickwise.errors import BackendError
from tests.api.conftest import Served, new_user
from tests.api.test_rest import error_of


def ask(http: httpx.Client, messages: list[dict[str, Any]], **extra: Any) -> httpx.Response:
    headers = extra.pop("headers", {})
    body = {"model": "pickwise", "messages": messages, **extra}
    return http.post("/v1/chat/completions", json=body, headers=headers)


def user_says(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def sse_events(reply: httpx.Response) -> list[str]:
    """The ``data:`` payloads of an SSE body, checking the framing on the way."""
    text = reply.read().decode()
    assert text.endswith("\n\n")
    events = text[:-2].split("\n\n")
    assert all(e.startswith("data: ") for e in events), events
    return [e.removeprefix("data: ") for e in events]


@pytest.fixture
def sdk(served: Served) -> Iterator[OpenAI]:
    client = OpenAI(base_url=f"{served.url}/v1", api_key="x", max_retries=0)
    yield client
    client.close()


# --- the wire format, with httpx --------------------------------------------------------------
def test_completion(http: httpx.Client) -> None:
    uid = new_user()
    reply = ask(http, [user_says("I loved Arrival, something lighter")], user=uid)
    assert reply.status_code == 200
    body = reply.json()
    assert body["object"] == "chat.completion" and body["model"] == "pickwise"
    assert body["id"].startswith("chatcmpl-") and isinstance(body["created"], int)
    [choice] = body["choices"]
    assert choice["finish_reason"] == "stop" and choice["message"]["role"] == "assistant"
    extra = body["pickwise"]
    assert extra["user_id"] == uid and extra["thread_id"].startswith("chat-")
    assert reply.headers["X-Pickwise-Thread"] == extra["thread_id"]
    assert "you liked Arrival" in extra["changes"] and extra["degraded"] == ""
    assert len(extra["picks"]) == 5
    for pick in extra["picks"]:
        assert set(pick) == {
            "id",
            "title",
            "year",
            "score",
            "retrieval_score",
            "explanation",
            "explained_by",
        }
        assert pick["title"] in choice["message"]["content"] and pick["explanation"]
        assert pick["id"] != "arrival-2016"
    profile = http.get(f"/v1/users/{uid}/profile").json()
    assert [i["id"] for i in profile["liked"]] == ["arrival-2016"]


def test_a_retried_request_gets_the_same_answer(http: httpx.Client) -> None:
    """The openai SDK retries a call that timed out: the same body three times gave three
    lists, each leaving out the picks the client never got, and changed the profile again."""
    uid = new_user()
    said = [user_says("I loved Alien, something tense")]
    replies = [ask(http, said, user=uid).json() for _ in range(3)]
    ids = [[p["id"] for p in r["pickwise"]["picks"]] for r in replies]
    assert ids[0] and ids[0] == ids[1] == ids[2]
    texts = {r["choices"][0]["message"]["content"] for r in replies}
    assert len(texts) == 1
    events = sse_events(
        http.post(
            "/v1/chat/completions",
            json={"model": "pickwise", "messages": said, "user": uid, "stream": True},
        )
    )
    chunks = [json.loads(e) for e in events if e != "[DONE]"]
    streamed = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert {streamed} == texts  # streamed, the retry is the same answer too
    # the next turn, with the answer in the history, is a turn of its own
    answer = {"role": "assistant", "content": replies[0]["choices"][0]["message"]["content"]}
    more = ask(http, [*said, answer, user_says("more")], user=uid).json()
    assert not {p["id"] for p in more["pickwise"]["picks"]} & set(ids[0])


def test_content_parts_and_the_user_header(http: httpx.Client) -> None:
    uid = new_user()
    parts = [{"type": "text", "text": "a funny animated film"}, {"type": "image_url"}]
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": parts}]
    body = ask(http, messages, headers={"X-Pickwise-User": uid}).json()
    assert body["pickwise"]["user_id"] == uid and len(body["pickwise"]["picks"]) == 5


def test_the_last_user_message_is_the_turn_and_the_first_names_the_thread(
    http: httpx.Client,
) -> None:
    uid = new_user()
    first = ask(http, [user_says("a funny animated film")], user=uid).json()
    history = [
        user_says("a funny animated film"),
        {"role": "assistant", "content": first["choices"][0]["message"]["content"]},
        user_says("something else"),
    ]
    second = ask(http, history, user=uid).json()
    assert second["pickwise"]["thread_id"] == first["pickwise"]["thread_id"]
    shown = {p["id"] for p in first["pickwise"]["picks"]}
    assert shown.isdisjoint(p["id"] for p in second["pickwise"]["picks"])
    other = ask(http, [user_says("a tense thriller")], user=uid).json()
    assert other["pickwise"]["thread_id"] != first["pickwise"]["thread_id"]
    someone_else = ask(http, [user_says("a funny animated film")], user=new_user()).json()
    assert someone_else["pickwise"]["thread_id"] != first["pickwise"]["thread_id"]
    assert {p["id"] for p in someone_else["pickwise"]["picks"]} == shown  # a fresh thread


@pytest.mark.parametrize("stream", [False, True])
def test_a_conversation_held_elsewhere_becomes_the_threads_memory(
    http: httpx.Client, stream: bool
) -> None:
    """Another chatbot's conversation, new to pickwise: "the second one" is the second title its
    last assistant message listed, and the titles listed are not proposed again. Before, the
    history was ignored and "the second one" had nothing to point at."""
    elsewhere = [
        user_says("any good space films?"),
        {
            "role": "assistant",
            "content": "Try these:\n1. **Alien** (1979): a classic.\n"
            "2. **Arrival** (2016): first contact.\n3. **Solaris** (1972): slow and strange.",
        },
        user_says("tell me more about the second one"),
    ]
    headers = {"X-Pickwise-Thread": f"elsewhere-{stream}"}
    reply = ask(http, elsewhere, user=new_user(), headers=headers, stream=stream)
    text = (
        "".join(
            json.loads(e)["choices"][0]["delta"].get("content", "")
            for e in sse_events(reply)
            if e != "[DONE]" and "choices" in json.loads(e)
        )
        if stream
        else reply.json()["choices"][0]["message"]["content"]
    )
    assert "Arrival" in text and "Alien" not in text, text
    more = ask(http, [*elsewhere, user_says("something else")], user=new_user(), headers={})
    assert {p["id"] for p in more.json()["pickwise"]["picks"]}.isdisjoint(
        {"alien-1979", "arrival-2016", "solaris-1972"}
    )


def test_thread_header_wins(http: httpx.Client) -> None:
    uid = new_user()
    headers = {"X-Pickwise-Thread": "my-thread"}
    first = ask(http, [user_says("a funny animated film")], user=uid, headers=headers).json()
    second = ask(http, [user_says("something else")], user=uid, headers=headers).json()
    assert first["pickwise"]["thread_id"] == second["pickwise"]["thread_id"] == "my-thread"
    shown = {p["id"] for p in first["pickwise"]["picks"]}
    assert shown.isdisjoint(p["id"] for p in second["pickwise"]["picks"])


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        ({"messages": [{"role": "system", "content": "hi"}]}, 422, "RequestError"),
        ({"messages": []}, 422, "RequestError"),
        ({"messages": [{"role": "user", "content": "   "}]}, 422, "RequestError"),
        ({"messages": [{"role": "user", "content": "hi"}], "user": "no spaces!"}, 422, None),
        ({"messages": [{"role": "user", "content": "x" * 5000}]}, 422, "RequestError"),
        ({"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}, 404, None),
        ({"messages": "hello"}, 422, "RequestError"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_bad_chat_request(
    http: httpx.Client, body: dict[str, Any], status: int, kind: str | None, stream: bool
) -> None:
    reply = http.post("/v1/chat/completions", json={**body, "stream": stream})
    assert reply.headers["content-type"] == "application/json"  # an error, not a stream
    error_of(reply, status, kind or ("NotFoundError" if status == 404 else "RequestError"))


@pytest.mark.parametrize("stream", [False, True])
def test_an_empty_user_or_thread_is_422_as_in_rest(http: httpx.Client, stream: bool) -> None:
    """An empty user id is refused, not read as no user (the shared ``default``), with REST's
    message; so is an empty thread header."""
    rest = error_of(http.post("/v1/recommendations", json={"user_id": ""}), 422, "RequestError")
    hi = [user_says("a funny animated film")]
    for reply in (
        ask(http, hi, user="", stream=stream),
        ask(http, hi, stream=stream, headers={"X-Pickwise-User": ""}),
    ):
        assert error_of(reply, 422, "RequestError") == rest
    reply = ask(http, hi, user=new_user(), stream=stream, headers={"X-Pickwise-Thread": ""})
    assert "thread id must be 1-128 characters" in error_of(reply, 422, "RequestError")


def test_streaming_wire_format(http: httpx.Client) -> None:
    uid = new_user()
    body = {"model": "pickwise", "messages": [user_says("I loved Arrival")], "stream": True}
    with http.stream("POST", "/v1/chat/completions", json={**body, "user": uid}) as reply:
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("text/event-stream")
        thread = reply.headers["X-Pickwise-Thread"]
        events = sse_events(reply)
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert len({c["id"] for c in chunks}) == 1 and chunks[0]["id"].startswith("chatcmpl-")
    assert all(c["object"] == "chat.completion.chunk" and c["model"] == "pickwise" for c in chunks)
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {"role": "assistant", "content": ""}
    assert deltas[-1] == {} and chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])
    assert all(set(d) == {"content"} and d["content"] for d in deltas[1:-1]) and deltas[1:-1]
    assert ["pickwise" in c for c in chunks] == [False] * (len(chunks) - 1) + [True]
    extra = chunks[-1]["pickwise"]
    text = "".join(d["content"] for d in deltas[1:-1])
    assert extra["thread_id"] == thread and len(extra["picks"]) == 5
    assert all(p["title"] in text for p in extra["picks"])


def test_a_failure_mid_stream_is_an_error_event() -> None:
    def events() -> Iterator[dict[str, Any]]:
        yield {"type": "text", "delta": "Looking..."}
        raise BackendError("the model went away")

    out = list(_sse(events(), "chatcmpl-1", 0))
    assert json.loads(out[1].removeprefix("data: "))["choices"][0]["delta"] == {
        "content": "Looking..."
    }
    assert json.loads(out[-1].removeprefix("data: ")) == {
        "error": {"type": "BackendError", "message": "the model went away"}
    }


def test_models(http: httpx.Client) -> None:
    models = http.get("/v1/models").json()
    assert models["object"] == "list"
    assert [(m["id"], m["object"]) for m in models["data"]] == [("pickwise", "model")]
    error_of(http.get("/v1/models/gpt-4o"), 404, "NotFoundError")


# --- the official SDK, as a chatbot uses it ---------------------------------------------------
def test_sdk_models(sdk: OpenAI) -> None:
    assert [m.id for m in sdk.models.list()] == ["pickwise"]
    assert sdk.models.retrieve("pickwise").owned_by == "pickwise"


def test_sdk_conversation(sdk: OpenAI) -> None:
    uid = new_user()
    messages: list[Any] = [{"role": "user", "content": "I loved Arrival, something lighter"}]
    first = sdk.chat.completions.create(model="pickwise", messages=messages, user=uid)
    text = first.choices[0].message.content
    assert text and first.choices[0].finish_reason == "stop"
    assert first.model_extra is not None
    picks = first.model_extra["pickwise"]["picks"]
    assert len(picks) == 5 and all(p["title"] in text for p in picks)

    messages += [
        {"role": "assistant", "content": text},
        {"role": "user", "content": "something else"},
    ]
    second = sdk.chat.completions.create(model="pickwise", messages=messages, user=uid)
    assert second.model_extra is not None
    again = second.model_extra["pickwise"]
    assert again["thread_id"] == first.model_extra["pickwise"]["thread_id"]
    assert {p["id"] for p in picks}.isdisjoint(p["id"] for p in again["picks"])
    assert again["picks"]


def test_sdk_streaming(sdk: OpenAI) -> None:
    uid = new_user()
    stream = sdk.chat.completions.create(
        model="pickwise",
        messages=[{"role": "user", "content": "a funny animated film"}],
        user=uid,
        stream=True,
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra is not None
    extra = chunks[-1].model_extra["pickwise"]
    assert extra["user_id"] == uid and len(extra["picks"]) == 5
    assert all(p["title"] in text for p in extra["picks"])


def test_sdk_errors(sdk: OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="use model 'pickwise'"):
        sdk.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.UnprocessableEntityError, match="no user message"):
        sdk.chat.completions.create(
            model="pickwise", messages=[{"role": "system", "content": "hi"}], stream=True
        )


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ({"tool_choice": "required"}, "tool_choice 'required' is not supported"),
        (
            {"tool_choice": {"type": "function", "function": {"name": "f"}}},
            "tool_choice a named function is not supported",
        ),
        ({"function_call": {"name": "f"}}, "function_call a named function is not supported"),
        ({"response_format": {"type": "json_object"}}, "response_format 'json_object'"),
        ({"response_format": {"type": "json_schema", "json_schema": {}}}, "'json_schema'"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_tool_calls_and_json_answers_are_refused(
    http: httpx.Client, extra: dict[str, Any], says: str, stream: bool
) -> None:
    """pickwise cannot call tools or answer in JSON: said, not silently ignored."""
    body = {"model": "pickwise", "messages": [user_says("hi")], "stream": stream, **extra}
    reply = http.post("/v1/chat/completions", json=body)
    assert reply.headers["content-type"] == "application/json"
    message = error_of(reply, 422, "RequestError")
    assert says in message and "pickwise answers in text" in message


TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}


@pytest.mark.parametrize(
    "extra",
    [
        {"tools": [TOOL]},
        {"tools": [TOOL], "tool_choice": "auto"},
        {"tool_choice": "none"},
        {"response_format": {"type": "text"}},
    ],
)
def test_tools_not_required_are_ignored(http: httpx.Client, extra: dict[str, Any]) -> None:
    body = {"model": "pickwise", "messages": [user_says("a funny film")], **extra}
    reply = http.post("/v1/chat/completions", json=body)
    assert reply.status_code == 200 and reply.json()["pickwise"]["picks"]


def test_stream_must_be_a_boolean(http: httpx.Client) -> None:
    body = {"model": "pickwise", "messages": [user_says("hi")], "stream": "yes"}
    assert "stream" in error_of(http.post("/v1/chat/completions", json=body), 422, "RequestError")
