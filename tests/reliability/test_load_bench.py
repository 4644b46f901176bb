"""The load benchmark's bookkeeping and the size of the queue in front of the LLM."""

from __future__ import annotations

import os

from pickwise.bench.load import LoadResult, _rss_of_tree, render
from pickwise.cli.serve import NO_LLM_TURNS, _max_turns


def test_figures_count_statuses_refusals_and_latency() -> None:
    result = LoadResult("none", 2, 1.0, elapsed=2.0)
    for ms in (10.0, 20.0, 30.0):
        result.record("recommendations", 200, ms)
    result.record("chat", 503, 5.0)
    result.record("chat", 422, 1.0)
    result.rss = [(0.0, 100 * 2**20), (1.0, 150 * 2**20)]
    d = result.to_dict()
    assert d["requests"] == 5 and d["throughput_rps"] == 2.5
    assert d["errors"] == {"422": 1} and d["refused_503"] == 1
    assert d["endpoints"]["recommendations"]["p50_ms"] == 20.0
    assert d["peak_rss_mb"] == 150
    text = render(result)
    assert "| recommendations | 3 | 200: 3 |" in text and "peak 150" in text


def test_rss_of_this_process_is_read() -> None:
    assert _rss_of_tree(os.getpid()) > 10 * 2**20


def test_turn_slots_follow_the_backend() -> None:
    assert _max_turns(0, None) == NO_LLM_TURNS
    assert _max_turns(0, "local") == 1
    assert _max_turns(0, "openai") == 4
    assert _max_turns(3, "local") == 3
