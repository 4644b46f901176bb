"""The LLM backend down, slow (beyond the timeout) or answering garbage: every turn still
answers with picks and template explanations and says it is degraded; ``/readyz`` reports a
backend that is down (503), or degraded (200) with the reason while its latest call failed; after
timeouts in a row turns skip the LLM at once; everything recovers by itself when the backend is
back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pickwise.api import create_app
from pickwise.llm.backends import ChatBackend
from tests.agent.conftest import make_agent
from tests.api.conftest import new_user, serving
from tests.reliability.switchable import SwitchableLLM

TIMEOUT = 1.0
#: The slow backend answers this late: far past the timeout, so a turn that waited for it stands
#: apart from one cut off at the timeout even on a loaded machine (at TIMEOUT + 2, a cut-off turn
#: took 3.1-3.4 s with the load at 6.5 on 2 cores and failed the check).
SLOW = TIMEOUT + 10
COOLDOWN = 2.0
DEGRADED_NOTE = "language model is not available right now"


@pytest.fixture
def llm() -> Iterator[SwitchableLLM]:
    server = SwitchableLLM(slow_seconds=SLOW)
    yield server
    server.close()


@pytest.fixture
def http(demo_home: Path, llm: SwitchableLLM) -> Iterator[httpx.Client]:
    backend = ChatBackend(
        "openai", model="fake", base_url=llm.url, api_key="sk-test", timeout=TIMEOUT, max_retries=0
    )
    backend.health.cooldown = COOLDOWN
    agent = make_agent(demo_home, backend, llm_explanations=False)
    try:
        with serving(create_app(agent)) as url, httpx.Client(base_url=url, timeout=30) as client:
            yield client
    finally:
        agent.close()


def turn(http: httpx.Client, message: str = "a tense thriller, no horror") -> dict[str, Any]:
    body = {"model": "pickwise", "messages": [{"role": "user", "content": message}]}
    start = time.monotonic()
    r = http.post("/v1/chat/completions", json=body, headers={"X-Pickwise-User": new_user()})
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    data["seconds"] = time.monotonic() - start
    return data


def assert_degraded(data: dict[str, Any]) -> None:
    extra = data["pickwise"]
    assert extra["degraded"], "the reply should say the LLM was not used"
    assert DEGRADED_NOTE in data["choices"][0]["message"]["content"]
    assert len(extra["picks"]) == 5
    assert all(p["explained_by"] == "template" and p["explanation"] for p in extra["picks"])
    # retrieval's order, and the hard constraint of the message still holds
    assert all("horror" not in p["explanation"].lower() for p in extra["picks"])


def assert_healthy(data: dict[str, Any]) -> None:
    extra = data["pickwise"]
    assert extra["degraded"] == ""
    assert len(extra["picks"]) == 5
    assert DEGRADED_NOTE not in data["choices"][0]["message"]["content"]


def readiness(http: httpx.Client) -> tuple[int, dict[str, Any]]:
    r = http.get("/readyz")
    return r.status_code, r.json()


def test_a_working_backend_is_used(http: httpx.Client, llm: SwitchableLLM) -> None:
    assert_healthy(turn(http))
    assert llm.calls >= 1
    assert readiness(http)[0] == 200


def test_backend_down_degrades_reports_and_recovers(http: httpx.Client, llm: SwitchableLLM) -> None:
    llm.switch("down")
    for message in ["a tense thriller, no horror", "a funny animated film for the family"]:
        data = turn(http, message)
        assert_degraded(data)
        assert data["seconds"] < 5, "a refused connection should fail fast"
    status, body = readiness(http)
    assert status == 503 and body["llm"]["ok"] is False and body["catalog"]["ok"] is True
    llm.switch("ok")  # the same address answers again: nothing to restart
    assert readiness(http)[0] == 200
    assert_healthy(turn(http))


def assert_reported(http: httpx.Client, reason: str) -> dict[str, Any]:
    status, body = readiness(http)
    assert status == 200 and body["status"] == "degraded", body  # turns still answer
    assert body["llm"]["ok"] is True and reason in body["llm"]["degraded"], body
    assert body["llm"]["recent_failures"] >= 1
    return body


def assert_recovered(http: httpx.Client) -> None:
    status, body = readiness(http)
    assert status == 200 and body["status"] == "ready" and body["llm"]["degraded"] == "", body


def test_slow_backend_is_cut_off_at_the_timeout(http: httpx.Client, llm: SwitchableLLM) -> None:
    llm.switch("slow")
    data = turn(http)
    assert_degraded(data)
    assert "no answer within" in data["pickwise"]["degraded"]
    assert data["seconds"] < SLOW - 2, "the turn must not wait for the slow answer"
    assert_reported(http, "timeout: no answer within")
    llm.switch("ok")
    assert_healthy(turn(http))
    assert_recovered(http)


def test_garbage_from_the_backend_falls_back(http: httpx.Client, llm: SwitchableLLM) -> None:
    llm.switch("garbage")
    for _ in range(3):
        assert_degraded(turn(http))
    assert_reported(http, "invalid: invalid JSON")
    llm.switch("ok")
    assert_healthy(turn(http))
    assert_recovered(http)


def test_answers_outside_the_schema_are_reported(http: httpx.Client, llm: SwitchableLLM) -> None:
    llm.switch("off-schema")
    assert_degraded(turn(http))
    assert_reported(http, "invalid: ")
    llm.switch("ok")
    assert_healthy(turn(http))
    assert_recovered(http)


def test_timeouts_in_a_row_make_turns_skip_the_llm(http: httpx.Client, llm: SwitchableLLM) -> None:
    llm.switch("slow")
    for _ in range(3):
        assert "no answer within" in turn(http)["pickwise"]["degraded"]
    calls = llm.calls
    data = turn(http)  # the breaker is open: no waiting for a backend that keeps timing out
    assert_degraded(data)
    assert "skipped after 3 failed calls in a row" in data["pickwise"]["degraded"]
    assert data["seconds"] < TIMEOUT and llm.calls == calls
    body = assert_reported(http, "timeout")
    assert body["llm"]["breaker_open_s"] > 0
    llm.switch("ok")
    time.sleep(COOLDOWN)  # then one turn probes the backend again, and it answers
    assert_healthy(turn(http))
    assert_recovered(http)


def test_streamed_turns_degrade_too(http: httpx.Client, llm: SwitchableLLM) -> None:
    llm.switch("down")
    body = {
        "model": "pickwise",
        "stream": True,
        "messages": [{"role": "user", "content": "a comedy"}],
    }
    with http.stream("POST", "/v1/chat/completions", json=body) as r:
        assert r.status_code == 200
        text = "".join(r.iter_text())
    assert DEGRADED_NOTE in text and '"degraded": "LLM unavailable' in text
    assert text.rstrip().endswith("data: [DONE]")
