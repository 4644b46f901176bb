"""API keys and users' isolation over a real server; the request limits; no secrets in logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pickwise.api.deps import parse_keys
from pickwise.api.limits import MAX_BODY_BYTES, MAX_IDS, MAX_MESSAGES, MAX_RESULTS
from pickwise.errors import BackendError, ConfigError
from tests.api.conftest import Served, new_user, served_agent
from tests.api.test_rest import error_of
from tests.fakes import FakeLLM, first_ids

SERVICE, ADMIN, ANA_KEY, BOB_KEY = "svc-key", "adm-key", "ana-key", "bob-key"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def chat(user: str | None = None, text: str = "a funny animated film") -> dict[str, Any]:
    body: dict[str, Any] = {"model": "pickwise", "messages": [{"role": "user", "content": text}]}
    return {**body, "user": user} if user else body


@pytest.fixture(scope="module")
def keyed(demo_home: Path) -> Iterator[tuple[Served, str, str]]:
    ana, bob = new_user(), new_user()
    keys = [SERVICE, f"{ANA_KEY}:{ana}", f"{BOB_KEY}:{bob}"]
    with served_agent(demo_home, api_keys=keys, admin_keys=[ADMIN]) as s:
        yield s, ana, bob


def concrete(path: str, user: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda m: user if "user" in m.group() else "arrival-2016", path)


def test_every_v1_route_needs_a_key(keyed: tuple[Served, str, str]) -> None:
    """Walk the app's own OpenAPI schema: no /v1 operation answers without a valid key."""
    s, ana, _ = keyed
    with s.client() as http:
        paths = http.get("/openapi.json").json()["paths"]
        operations = [(m, p) for p, ops in paths.items() for m in ops if p.startswith("/v1")]
        assert len(operations) >= 10  # the walk sees the whole API
        for method, path in operations:
            for headers in ({}, bearer("wrong"), {"Authorization": SERVICE}):
                reply = http.request(method, concrete(path, ana), headers=headers, json={})
                error_of(reply, 401, "Unauthorized")
        assert {p for p in paths if not p.startswith("/v1")} <= {"/healthz", "/readyz"}


def test_the_key_is_checked_before_anything_else(keyed: tuple[Served, str, str]) -> None:
    """Without a valid key, a malformed body, an unknown path or a wrong method is a 401 too
    (not a 422, 404 or 405): nothing about the request is read before the key."""
    s, ana, _ = keyed
    json_type = {"Content-Type": "application/json"}
    wrong = [
        ("POST", "/v1/recommendations", {"content": b"{not json", "headers": json_type}),
        ("POST", "/v1/chat/completions", {"json": {"messages": "hi"}}),
        ("GET", "/v1/items?k=0", {}),
        ("GET", "/v1/no-such-thing", {}),
        ("PUT", f"/v1/users/{ana}/profile", {}),
    ]
    with s.client() as http:
        for method, path, kwargs in wrong:
            error_of(http.request(method, path, **kwargs), 401, "Unauthorized")
    with s.client(headers=bearer(SERVICE)) as http:
        answers = [http.request(method, path, **kwargs) for method, path, kwargs in wrong]
        assert [a.status_code for a in answers] == [422, 422, 422, 404, 405]


def test_a_user_key_acts_only_for_its_user(keyed: tuple[Served, str, str]) -> None:
    s, ana, bob = keyed
    with s.client(headers=bearer(ANA_KEY)) as http:
        edit = {"like": ["amelie-2001"]}
        assert http.patch(f"/v1/users/{ana}/profile", json=edit).status_code == 200
        assert http.get(f"/v1/users/{ana}/profile").json()["liked"][0]["id"] == "amelie-2001"
        like = {"item_id": "arrival-2016", "liked": True}
        assert http.post(f"/v1/users/{ana}/feedback", json=like).status_code == 200
        assert http.get(f"/v1/users/{ana}/export").json()["feedback"][0]["item_id"]
        mine = http.post("/v1/chat/completions", json=chat()).json()  # no user: the key's own
        assert mine["pickwise"]["user_id"] == ana
        assert http.post("/v1/recommendations", json={"user_id": ana}).status_code == 200
        assert http.post("/v1/recommendations", json={"query": "space"}).status_code == 200
        assert http.get("/v1/items/arrival-2016").status_code == 200
        for method, path, body in [
            ("GET", f"/v1/users/{bob}/profile", None),
            ("PATCH", f"/v1/users/{bob}/profile", edit),
            ("DELETE", f"/v1/users/{bob}/profile", None),
            ("GET", f"/v1/users/{bob}/export", None),
            ("POST", f"/v1/users/{bob}/feedback", like),
            ("POST", "/v1/chat/completions", chat(bob)),
            ("POST", "/v1/recommendations", {"user_id": bob}),
        ]:
            message = error_of(http.request(method, path, json=body), 403, "Forbidden")
            assert ana in message and bob in message
        reply = http.post("/v1/chat/completions", json=chat(), headers={"X-Pickwise-User": bob})
        error_of(reply, 403, "Forbidden")
    assert s.agent.profile(bob).is_empty()  # nothing of bob's was touched


@pytest.mark.parametrize("key", [SERVICE, ADMIN])
def test_service_and_admin_keys_act_for_any_user(keyed: tuple[Served, str, str], key: str) -> None:
    s, ana, bob = keyed
    with s.client(headers=bearer(key)) as http:
        for uid in (ana, bob, new_user()):
            reply = http.patch(f"/v1/users/{uid}/profile", json={"seen": ["up-2009"]})
            assert reply.status_code == 200, reply.text
            assert http.get(f"/v1/users/{uid}/export").status_code == 200
            assert http.post("/v1/chat/completions", json=chat(uid)).status_code == 200


def test_keys_are_parsed_into_callers() -> None:
    keys = dict(parse_keys(["plain", "k:ana", "a:b:bob", " "], ["root"]))
    assert {k: (c.kind, c.user_id) for k, c in keys.items()} == {
        b"plain": ("service", None),
        b"k": ("user", "ana"),
        b"a:b": ("user", "bob"),
        b"root": ("admin", None),
    }
    with pytest.raises(ConfigError, match="PICKWISE_API_KEYS is KEY:USER_ID, but user id"):
        parse_keys(["k:not a user"], [])


# --- limits ---------------------------------------------------------------------------------
def test_body_over_the_limit_is_413(http: httpx.Client) -> None:
    big = chat(text="x" * (MAX_BODY_BYTES + 10))
    message = error_of(http.post("/v1/chat/completions", json=big), 413, "PayloadTooLarge")
    assert "1,000,000 bytes" in message

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"model": "pickwise", "messages": [{"role": "user", "content": "'
        for _ in range(20):
            yield b"y" * 100_000
        yield b'"}]}'

    reply = http.post("/v1/chat/completions", content=chunks())
    error_of(reply, 413, "PayloadTooLarge")
    small = b'{"model": "pickwise", "messages": [{"role": "user", "content": "hi"}]}'
    json_type = {"Content-Type": "application/json"}
    reply = http.post("/v1/chat/completions", content=iter([small]), headers=json_type)
    assert reply.status_code == 200, reply.text


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/v1/chat/completions", chat(text="x" * 4001), "4000"),
        (
            "POST",
            "/v1/chat/completions",
            {"model": "pickwise", "messages": [{"role": "user", "content": "hi"}] * 201},
            "messages",
        ),
        ("POST", "/v1/recommendations", {"query": "x", "k": MAX_RESULTS + 1}, "body.k"),
        ("POST", "/v1/recommendations", {"liked": ["up-2009"] * (MAX_IDS + 1)}, "body.liked"),
        ("PATCH", "/v1/users/ana/profile", {"where": ["year>=1990"] * 51}, "body.where"),
        ("GET", f"/v1/items?k={MAX_RESULTS + 1}", None, "query.k"),
    ],
)
def test_limits_are_clear_422s(
    http: httpx.Client, method: str, path: str, body: Any, field: str
) -> None:
    assert MAX_MESSAGES == 200
    message = error_of(http.request(method, path, json=body), 422, "RequestError")
    assert field in message


def test_limits_at_the_edge_are_accepted(http: httpx.Client) -> None:
    ok = http.post("/v1/chat/completions", json=chat(new_user(), "a funny film " + "x" * 3980))
    assert ok.status_code == 200
    many = {"model": "pickwise", "messages": [{"role": "user", "content": "hi"}] * MAX_MESSAGES}
    assert http.post("/v1/chat/completions", json=many).status_code == 200
    recs = http.post("/v1/recommendations", json={"query": "space", "k": MAX_RESULTS})
    assert recs.status_code == 200 and len(recs.json()["results"]) == MAX_RESULTS


# --- logs -----------------------------------------------------------------------------------
def test_logs_hold_no_key_and_no_prompt(demo_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    """At the default level (INFO), a chat with an LLM and a key logs neither the key nor the
    prompt, also when the LLM fails and when a wrong key is sent."""
    secret = "sk-very-secret-key-123"
    llm = FakeLLM(first_ids(5), BackendError("timed out"))
    with (
        caplog.at_level(logging.INFO),
        served_agent(demo_home, llm, api_keys=[secret]) as s,
        s.client(headers=bearer(secret)) as http,
    ):
        for _ in range(2):  # the second turn's LLM call fails: the degraded path logs
            reply = http.post("/v1/chat/completions", json=chat(new_user()))
            assert reply.status_code == 200
        error_of(http.get("/v1/models", headers=bearer(secret + "x")), 401, "Unauthorized")
    assert len(llm.calls) == 2 and caplog.records  # prompts were sent, and something logged
    system, user = (str(m.content) for m in llm.calls[0][0])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert secret not in logged
    assert system[:40] not in logged and user[:40] not in logged
    assert "You are pickwise" not in logged and "DATA:" not in logged
