"""Chat benchmark: turn latency and time to first streamed text, per LLM backend, in one run."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pickwise.config import Settings

__all__ = ["CONVERSATIONS", "render", "run"]

CONVERSATIONS: list[list[str]] = [
    [
        "I loved Arrival and Interstellar, something lighter this time, nothing before 1990",
        "more like the second one",
        "not that one, I've seen it",
        "something else",
    ],
    ["a tense thriller, no horror", "only ones from the 90s", "why that one?", "something else"],
    [
        "I hated Titanic but loved Amélie, something romantic",
        "in French",
        "more like the first one",
        "what do you know about me?",
    ],
    [
        "a funny animated film for the whole family",
        "under two hours",
        "I've seen Toy Story",
        "something else",
    ],
    [
        "Spirited Away is my favourite",
        "something darker",
        "nothing before 2000",
        "actually, I'd be fine with older films",
    ],
]


def _percentiles(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": float(np.percentile(values, 50)),
        "p95_ms": float(np.percentile(values, 95)),
        "mean_ms": float(np.mean(values)),
    }


def bench_backend(
    settings: Settings,
    conversations: list[list[str]],
    say: Callable[[str], None],
    label: str | None = None,
) -> dict[str, Any]:
    from pickwise.agent.app import Pickwise

    t = time.perf_counter()
    agent = Pickwise.open(settings)
    opened = time.perf_counter() - t
    # what `pickwise serve` loads before it listens (the index, the embedding model, the title
    # matcher), then one turn through the graph: a bare "hello" loaded none of the first, and
    # the first turn measured took 0.4 s that no served user waits for
    agent.warm()
    agent.chat("hello", "warmup", "w")
    turns, firsts, llm_turns = [], [], []
    degraded = 0
    for n, conversation in enumerate(conversations):
        for message in conversation:
            start = time.perf_counter()
            first = None
            for event in agent.stream(message, f"bench-{n}", "t"):
                if event["type"] == "text" and first is None:
                    first = time.perf_counter() - start
                if event["type"] == "done":
                    reply = event["reply"]
            total = time.perf_counter() - start
            turns.append(total * 1000)
            firsts.append((first or total) * 1000)
            if reply.picks:
                llm_turns.append(total * 1000)
            degraded += bool(reply.degraded)
        agent.forget(f"bench-{n}")
    agent.forget("warmup")
    label = label or settings.resolved_llm_backend
    say(f"  {label}: {len(turns)} turns, opened in {opened:.1f}s")
    agent.close()
    return {
        "backend": label,
        "turns": len(turns),
        "turn": _percentiles(turns),
        "first_text": _percentiles(firsts),
        "recommending_turn": _percentiles(llm_turns or [0.0]),
        "degraded_turns": degraded,
    }


#: ``local-asked``: the local model asked to re-rank every turn (its default weight, 0, skips it).
VARIANTS: dict[str, dict[str, Any]] = {
    "local-asked": {"llm_backend": "local", "rerank_weight_local": 0.1},
}


def run(
    backends: Sequence[str] = ("none", "local", "local-asked"),
    home: Path | None = None,
    say: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    from pickwise import open_catalog
    from pickwise.data import demo_catalog_path

    with tempfile.TemporaryDirectory(prefix="pickwise-bench-chat-") as tmp:
        root = home or Path(tmp)
        base = Settings(home=root, catalog="demo", _env_file=None)  # type: ignore[call-arg]
        say("Loading the demo catalog...")
        open_catalog(base).ingest(demo_catalog_path())
        results = []
        for backend in backends:
            s = base.model_copy(update=VARIANTS.get(backend, {"llm_backend": backend}))
            results.append(bench_backend(s, CONVERSATIONS, say, backend))
        return results


def render(results: list[dict[str, Any]]) -> str:
    lines = [
        "| backend | turns | turn p50 ms | turn p95 ms | recommending turn p50 ms | "
        "first text p50 ms | first text p95 ms | degraded |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | {r['turns']} | {r['turn']['p50_ms']:.0f} | "
            f"{r['turn']['p95_ms']:.0f} | {r['recommending_turn']['p50_ms']:.0f} | "
            f"{r['first_text']['p50_ms']:.0f} | {r['first_text']['p95_ms']:.0f} | "
            f"{r['degraded_turns']} |"
        )
    return "\n".join(lines)
