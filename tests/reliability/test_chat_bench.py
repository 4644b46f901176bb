"""The chat benchmark measures turns as a served user meets them: after the warm-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pickwise.agent.app import Pickwise
from pickwise.bench import chat
from pickwise.config import Settings
from tests.agent.conftest import make_agent


def test_turns_are_timed_after_what_serve_loads_first(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare "hello" loaded neither the index nor the embedding model: the first turn timed
    took 0.4 s that `pickwise serve` (which calls ``warm()`` before it listens) never shows."""
    agent = make_agent(demo_home)
    calls: list[str] = []
    warm, stream = agent.warm, agent.stream

    def warmed() -> None:
        calls.append("warm")
        warm()

    def streamed(message: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(message)
        return stream(message, *args, **kwargs)

    monkeypatch.setattr(agent, "warm", warmed)
    monkeypatch.setattr(agent, "stream", streamed)
    monkeypatch.setattr(Pickwise, "open", classmethod(lambda cls, settings: agent))
    said: list[str] = []
    settings = Settings(home=demo_home, _env_file=None)  # type: ignore[call-arg]
    result = chat.bench_backend(settings, [["a tense thriller", "something else"]], said.append)
    assert calls[0] == "warm" and calls[-2:] == ["a tense thriller", "something else"]
    assert result["turns"] == 2 and result["degraded_turns"] == 0
    assert 0 < result["turn"]["p50_ms"] <= result["turn"]["p95_ms"]
    assert said and "2 turns" in said[0]
