"""The record of recent LLM outcomes and its breaker, on a fake clock."""

from __future__ import annotations

from pickwise.llm.health import LLMHealth


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_degraded_while_the_latest_call_failed() -> None:
    health = LLMHealth(clock=Clock())
    assert health.degraded == "" and health.status()["degraded"] is False
    health.record("ok")
    health.record("invalid", "invalid JSON: {picks: c2,,}")
    assert health.degraded == "invalid: invalid JSON: {picks: c2,,}"
    status = health.status()
    assert status["recent_calls"] == 2 and status["recent_failures"] == 1
    assert status["outcomes"] == {"ok": 1, "timeout": 0, "error": 0, "invalid": 1}
    health.record("ok")
    assert health.degraded == "" and health.status()["reason"] == ""


def test_timeouts_in_a_row_open_the_breaker_then_one_probe_closes_it() -> None:
    clock = Clock()
    health = LLMHealth(trip_after=3, cooldown=10, clock=clock)
    for _ in range(2):
        assert health.allow() is None
        health.record("timeout", "no answer within 10 s")
    health.record("error", "HTTP 500")  # quick failures neither count nor reset
    assert health.allow() is None
    health.record("timeout", "no answer within 10 s")
    skipped = health.allow()
    assert skipped and "3 failed calls in a row" in skipped and "no answer" in skipped
    assert health.status()["breaker_open_s"] == 10
    clock.now += 10
    assert health.allow() is None  # the probe
    assert health.allow() is not None  # the others wait for it
    health.record("timeout", "no answer within 10 s")  # the probe failed: open again
    assert health.allow() is not None
    clock.now += 10
    assert health.allow() is None
    health.record("ok")
    assert health.allow() is None and health.allow() is None
    assert health.status()["breaker_open_s"] is None and health.degraded == ""


def test_invalid_answers_never_open_the_breaker() -> None:
    health = LLMHealth(trip_after=2, clock=Clock())
    for _ in range(5):
        health.record("invalid", "not JSON")
    assert health.allow() is None and health.degraded.startswith("invalid")


def test_a_failed_warm_up_leaves_the_backend_ready() -> None:
    from pickwise.agent.app import warm_up

    class Failing:
        def __init__(self) -> None:
            self.health = LLMHealth(clock=Clock())

        def structured(self, *args: object, **kwargs: object) -> dict[str, object]:
            self.health.record("error", "length limit reached")
            raise RuntimeError("length limit reached")

    backend = Failing()
    warm_up(backend)  # never raises
    assert backend.health.degraded == "" and backend.health.status()["recent_calls"] == 0


def test_clear_forgets_calls_and_closes_the_breaker() -> None:
    health = LLMHealth(clock=Clock())
    for _ in range(3):
        health.record("timeout", "no answer within 10 s")
    assert health.allow() is not None
    health.clear()
    assert health.allow() is None and health.degraded == ""


def test_busy_after_a_timeout_for_busy_for_seconds() -> None:
    """A server may go on computing a call that timed out: a health check it does not answer
    then means busy, not dead, until a call succeeds or ``busy_for`` has passed."""
    clock = Clock()
    health = LLMHealth(busy_for=60, clock=clock)
    assert not health.busy()  # no calls yet
    health.record("timeout", "no answer within 1 s")
    assert health.busy()
    clock.now += 59
    assert health.busy()
    clock.now += 2
    assert not health.busy()
    for outcome in ("ok", "error", "invalid"):
        health.record("timeout", "no answer within 1 s")
        health.record(outcome, "why")
        assert not health.busy(), outcome  # it answered since, or failed quickly
