"""Measuring the LLM re-rank: one call per sample, the weight sweep, fallbacks, the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import BaseMessage
from typer.testing import CliRunner

import pickwise.llm
import pickwise.retrieval
from pickwise.cli import app
from pickwise.errors import BackendError
from pickwise.eval.conversational import open_benchmark_catalog
from pickwise.eval.data import Dialogue, Turn
from pickwise.eval.rerank import MESSAGE_CHARS, RerankSetup, measure_rerank
from pickwise.eval.samples import Sample, user_text
from tests.conftest import HashEmbeddings
from tests.fakes import FakeLLM

RETRIEVED = ["101", "102", "103", "104", "105", "106"]


@pytest.fixture
def catalog(data_dir: Path, tmp_path: Path) -> Any:
    return open_benchmark_catalog(data_dir / "id2info.json", tmp_path / "home", HashEmbeddings())


def _dialogue(*user: str) -> Dialogue:
    turns: list[Turn] = []
    for text in user:
        turns += [Turn("user", text), Turn("assistant", "How about this?")]
    return Dialogue("d", tuple(turns))


def _picks(*ids: str) -> dict[str, Any]:
    return {"picks": list(ids)}


def reversed_ids(messages: list[BaseMessage], schema: dict[str, Any]) -> dict[str, Any]:
    """Picks the candidates in reverse retrieval order, with or without reasons."""
    item = schema["properties"]["picks"]["items"]
    enum = item.get("enum") or item["properties"]["id"]["enum"]
    k = schema["properties"]["picks"]["maxItems"]
    ids = list(reversed(enum))[:k]
    if "enum" in item:
        return {"picks": ids}
    return {"picks": [{"id": i, "reason": "A fine choice."} for i in ids]}


def test_the_llm_gets_the_latest_user_turns_that_fit() -> None:
    d = _dialogue("old " * 200, "I loved Alien", "something scarier")
    assert user_text(d, len(d.turns), MESSAGE_CHARS) == "I loved Alien something scarier"
    long = user_text(d, 2, MESSAGE_CHARS)  # the end of one long turn, from a word
    assert 0 < len(long) <= MESSAGE_CHARS and set(long.split()) == {"old"}
    assert user_text(d, 0, MESSAGE_CHARS) == ""


def test_one_call_per_sample_and_every_weight_from_it(catalog: Any) -> None:
    dialogues = [_dialogue(f"user wish {i}") for i in range(4)]
    top = [
        (Sample(0, 1, "", "", (), ("103",)), RETRIEVED),  # the LLM lifts it to the top
        (Sample(1, 1, "", "", (), ("103",)), RETRIEVED),  # again
        (Sample(2, 1, "", "", (), ("101",)), RETRIEVED),  # the LLM pushes it down
        (Sample(3, 1, "", "", (), ("101",)), RETRIEVED),  # the LLM fails: retrieval order
        (Sample(3, 0, "", "", (), ("101",)), RETRIEVED),  # no user text yet: not measured
    ]
    fake = FakeLLM(_picks("c3", "c1"), _picks("c3", "c1"), _picks("c3", "c1"), BackendError("down"))
    setup = RerankSetup("local", candidates=6, shown=4, picks=2, weight=0.1)
    out = measure_rerank(top, dialogues, catalog.index, fake, setup)

    assert len(fake.calls) == out["llm"]["calls"] == out["samples"] == 4
    assert out["skipped_without_user_text"] == 1
    messages, schema = fake.calls[0]
    assert "user wish 0" in str(messages[-1].content)
    assert schema["properties"]["picks"]["items"]["enum"] == ["c1", "c2", "c3", "c4"]
    assert schema["properties"]["picks"]["maxItems"] == 2
    r = out["results"]
    assert r["weight 0"]["recall@1"] == 0.5
    assert r["weight 0.1"]["recall@1"] == 0.5  # a small weight moves the LLM's pick one place
    assert r["weight 0.5"]["recall@1"] == r["weight 1"]["recall@1"] == 0.75
    assert {v["recall@5"] for v in r.values()} == {1.0}  # the window holds every target
    assert out["best_weight"] == 0.5  # the smallest of the best
    paired = out["paired_vs_retrieval"]["weight 1"]["recall@1"]
    assert (paired["gained"], paired["lost"]) == (2, 1)
    assert out["delta_vs_retrieval"]["weight 1"]["recall@1"] == 0.25
    assert out["llm"]["fallbacks"] == 1 and out["llm"]["fallback_rate"] == 0.25
    assert out["llm"]["fallback_kinds"] == {"call failed": 1}
    assert out["llm"]["latency_ms"]["median"] >= 0


def test_a_failing_or_useless_llm_never_beats_retrieval(catalog: Any) -> None:
    dialogues = [_dialogue("scary please")]
    top = [(Sample(0, 1, "", "", (), ("102",)), RETRIEVED)] * 3
    fake = FakeLLM({"picks": "not a list"}, _picks("c9", "nope"), BackendError("timeout"))
    out = measure_rerank(top, dialogues, catalog.index, fake, RerankSetup("local", 6, 4, 2))
    assert out["llm"]["fallback_rate"] == 1.0
    assert out["llm"]["fallback_kinds"] == {
        "answer not matching the schema": 1,
        "no usable picks": 1,
        "call failed": 1,
    }
    assert len({json.dumps(v) for v in out["results"].values()}) == 1
    assert out["best_weight"] == 0.0


def test_an_llm_that_repeats_retrieval_is_reported(catalog: Any) -> None:
    top = [(Sample(0, 1, "", "", (), ("102",)), RETRIEVED)]
    fake = FakeLLM(_picks("c1", "c2"))
    out = measure_rerank(
        top, [_dialogue("x")], catalog.index, fake, RerankSetup("local", 6, 4, 2, limit=5)
    )
    assert out["llm"]["same_order_as_retrieval"] == 1.0
    assert out["llm"]["mean_valid_picks"] == 2


def test_limit_draws_samples_evenly(catalog: Any) -> None:
    dialogues = [_dialogue(f"wish {i}") for i in range(10)]
    top = [(Sample(i, 1, "", "", (), ("101",)), RETRIEVED) for i in range(10)]
    fake = FakeLLM(_picks("c1"))
    out = measure_rerank(top, dialogues, catalog.index, fake, RerankSetup("local", limit=3))
    assert out["samples"] == len(fake.calls) == 3
    assert "wish 0" in str(fake.calls[0][0][-1].content)
    assert "wish 9" in str(fake.calls[-1][0][-1].content)


def _cli(data_dir: Path, tmp_path: Path, *extra: str) -> Any:
    args = ["eval", "redial", "--dialogues", str(data_dir / "redial.jsonl")]
    args += ["--metadata", str(data_dir / "id2info.json"), "--folds", "2"]
    return CliRunner().invoke(app, [*args, "--out", str(tmp_path / "out"), *extra])


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICKWISE_HOME", str(tmp_path / "home"))
    for key in ("PICKWISE_LLM_BASE_URL", "PICKWISE_LLM_API_KEY", "PICKWISE_LLM_BACKEND"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setattr(pickwise.retrieval, "SentenceEmbeddings", lambda *a, **k: HashEmbeddings())


@pytest.mark.parametrize("backend", ["local", "openai"])
def test_eval_with_an_llm_backend_measures_the_rerank(
    backend: str,
    data_dir: Path,
    tmp_path: Path,
    offline: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fakes: list[FakeLLM] = []

    def make_backend(config: Any, start: bool = True) -> FakeLLM:
        fakes.append(FakeLLM(reversed_ids, name=config.backend))
        return fakes[-1]

    monkeypatch.setattr(pickwise.llm, "make_backend", make_backend)
    result = _cli(data_dir, tmp_path, "--backend", backend, "--rerank-limit", "5")
    assert result.exit_code == 0, result.output
    payload = json.loads((tmp_path / "out" / "redial.json").read_text())
    assert payload["protocol"]["backend"] == backend
    r = payload["rerank"]
    assert r["samples"] == 5 and r["llm"]["calls"] == 5 and r["llm"]["fallbacks"] == 0
    rerank_calls = [s for _, s in fakes[0].calls if "picks" in s["properties"]]
    assert len(rerank_calls) == 5  # plus the local warm-up call
    item = rerank_calls[0]["properties"]["picks"]["items"]
    # the agent's settings: the local model sees 8 ids, no reasons; openai 20, with reasons
    assert ("enum" in item) == (backend == "local")
    assert r["setup"]["shown"] == (8 if backend == "local" else 20)
    assert r["weight_in_force"] == (0.0 if backend == "local" else 0.5)  # the measured defaults
    assert "weight 0.25" in r["results"] and "weight 0" in r["results"]
    md = (tmp_path / "out" / "redial.md").read_text()
    assert f"## LLM re-rank ({backend}" in md and "(retrieval alone)" in md
    assert json.loads(result.stdout[result.stdout.index("{") :])["rerank"]["samples"] == 5


def test_eval_openai_without_an_endpoint_fails_before_the_run(
    data_dir: Path, tmp_path: Path, offline: None
) -> None:
    result = _cli(data_dir, tmp_path, "--backend", "openai")
    assert result.exit_code != 0
    assert "PICKWISE_LLM_BASE_URL" in result.output + str(result.exception)
    assert not (tmp_path / "out").exists()


def test_eval_rejects_an_unknown_backend(data_dir: Path, tmp_path: Path, offline: None) -> None:
    result = _cli(data_dir, tmp_path, "--backend", "gpt")
    assert result.exit_code != 0
    assert "none, local, openai" in result.output + str(result.exception)
