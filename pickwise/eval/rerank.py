"""The LLM re-rank measured on a benchmark's samples: one LLM call per sample, a sweep of weights.

For each measured sample, the fused retrieval's top candidates (as many as the live agent
retrieves per turn, the LLM seeing as many as it would) go once through pickwise's own
:func:`pickwise.agent.rerank.rerank` (same prompt, schema, validation and fallback) with an empty
profile and the user's recent turns as the message. The LLM's order is read off that call and
fused with the retrieval order under every weight of a grid (:func:`fuse_orders`, as the agent
does), so the sweep costs no extra calls. Only the candidates the LLM sees can move: Recall@K for
K at or beyond that window equals retrieval alone by construction.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.messages import BaseMessage

from pickwise.agent.explain import Grounding, catalog_grounding
from pickwise.agent.profile import Profile
from pickwise.agent.rerank import StructuredLLM, fuse_orders, rerank
from pickwise.agent.titles import TitleMatcher
from pickwise.eval.data import Dialogue
from pickwise.eval.metrics import ranks, recall_at
from pickwise.eval.samples import Sample, user_text
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.recommender import Recommendation

if TYPE_CHECKING:
    from pickwise.config import Settings
    from pickwise.eval.runner import Progress

__all__ = [
    "KS",
    "MESSAGE_CHARS",
    "WEIGHTS",
    "RerankSetup",
    "measure_rerank",
]

KS = (1, 5, 10)
WEIGHTS = (0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0)
#: The re-rank prompt keeps this many characters of the message (``build_messages``).
MESSAGE_CHARS = 500
#: Samples whose failures are quoted in the output.
FAILURE_EXAMPLES = 5


@dataclass(frozen=True)
class RerankSetup:
    """How the live agent re-ranks with this backend (see ``Pickwise.open``)."""

    backend: str
    #: Retrieved candidates per turn (``PICKWISE_RERANK_CANDIDATES``): the list that is fused.
    candidates: int = 20
    #: Candidates the LLM sees (``PICKWISE_LOCAL_RERANK_CANDIDATES`` for the local model).
    shown: int = 8
    #: Picks per reply (``PICKWISE_PICKS``): the k of the prompt and schema.
    picks: int = 5
    #: Whether the LLM writes reasons (``PICKWISE_LLM_EXPLANATIONS``; auto: openai only).
    reasons: bool = False
    #: The weight in force for this backend.
    weight: float = 0.1
    #: Samples to re-rank (drawn evenly from the scored ones).
    limit: int = 300
    weights: tuple[float, ...] = WEIGHTS

    @classmethod
    def from_settings(cls, s: Settings, backend: str, limit: int) -> RerankSetup:
        local = backend == "local"
        mode = s.llm_explanations
        return cls(
            backend,
            candidates=s.rerank_candidates,
            shown=s.local_rerank_candidates if local else s.rerank_candidates,
            picks=s.picks,
            reasons=mode == "on" or (mode == "auto" and backend == "openai"),
            weight=s.rerank_weight_local if local else s.rerank_weight_openai,
            limit=limit,
        )


class _Timed:
    """The backend, with each ``structured`` call timed and counted."""

    def __init__(self, llm: StructuredLLM) -> None:
        self.llm = llm
        self.name = llm.name
        self.seconds: list[float] = []

    def structured(
        self,
        messages: list[BaseMessage],
        schema: dict[str, Any],
        name: str,
        max_tokens: int | None = None,
    ) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            return self.llm.structured(messages, schema, name, max_tokens)
        finally:
            self.seconds.append(time.perf_counter() - start)


def _label(weight: float) -> str:
    return f"weight {weight:g}"


def _evenly(n: int, limit: int) -> list[int]:
    if limit >= n:
        return list(range(n))
    return sorted({round(i * (n - 1) / max(limit - 1, 1)) for i in range(limit)})


def _failure_kind(degraded: str) -> str:
    text = degraded.lower()
    if "no usable picks" in text:
        return "no usable picks"
    if "does not match the schema" in text:
        return "answer not matching the schema"
    if "invalid json" in text or "not an object" in text:
        return "invalid JSON"
    if "no answer within" in text:
        return "timeout"
    return "call failed"


def _sign_test(gained: int, lost: int) -> float:
    """Two-sided exact sign test p-value of ``gained`` vs ``lost`` (ties dropped)."""
    n = gained + lost
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(gained, lost) + 1)) / 2**n
    return round(min(1.0, 2 * tail), 4)


def measure_rerank(
    top: Sequence[tuple[Sample, Sequence[str]]],
    dialogues: Sequence[Dialogue],
    index: CatalogIndex,
    llm: StructuredLLM,
    setup: RerankSetup,
    grounding: Grounding | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Re-rank up to ``setup.limit`` samples once each; Recall@1/5/10 for every weight.

    ``top`` holds each scored sample with its fused retrieval ranking (ALL setting). Samples
    without user text are not measured (the agent never re-ranks without a message).
    """
    usable = sorted(
        (
            (s, list(ids))
            for s, ids in top
            if ids and user_text(dialogues[s.dialogue], s.turn, MESSAGE_CHARS)
        ),
        key=lambda t: (t[0].dialogue, t[0].turn),
    )
    chosen = [usable[i] for i in _evenly(len(usable), setup.limit)]
    grounding = grounding or catalog_grounding(index, TitleMatcher(index.items))
    timed = _Timed(llm)
    weights = sorted({0.0, *setup.weights, setup.weight})
    target_ranks: dict[float, list[int]] = {w: [] for w in weights}
    failures: Counter[str] = Counter()
    examples: list[str] = []
    per_sample_seconds: list[float] = []
    picked: list[int] = []
    same_as_retrieval = 0
    start = time.perf_counter()
    for done, (sample, ids) in enumerate(chosen, 1):
        n = min(setup.candidates, len(ids))
        candidates = [
            Recommendation(index.items[index.row_of[i]], 1.0 - j / n) for j, i in enumerate(ids[:n])
        ]
        message = user_text(dialogues[sample.dialogue], sample.turn, MESSAGE_CHARS)
        calls = len(timed.seconds)
        # weight 1: the picks come back in the LLM's order (score > 0), the rest after them
        result = rerank(
            candidates,
            Profile("eval"),
            message,
            setup.picks,
            timed,
            1.0,
            grounding,
            "film",
            setup.shown,
            setup.reasons,
        )
        assert len(timed.seconds) - calls == 1, "one LLM call per sample"
        per_sample_seconds.append(sum(timed.seconds[calls:]))
        position = {c.item.id: j for j, c in enumerate(candidates)}
        order = (
            [] if result.degraded else [position[p.item_id] for p in result.picks if p.score > 0]
        )
        if result.degraded:
            failures[_failure_kind(result.degraded)] += 1
            if len(examples) < FAILURE_EXAMPLES:
                examples.append(result.degraded[:200])
        else:
            picked.append(len(order))
            same_as_retrieval += order == list(range(len(order)))
        for w in weights:
            fused = fuse_orders(n, order, w if order else 0.0)
            ranking = [ids[j] for j, _ in fused] + ids[n:]
            target_ranks[w].extend(ranks(ranking, sample.targets))
        if progress:
            progress(f"re-ranking ({setup.backend} LLM)", done, len(chosen))
    return _summary(
        setup,
        weights,
        target_ranks,
        len(chosen),
        len(top) - len(usable),
        failures,
        examples,
        per_sample_seconds,
        picked,
        same_as_retrieval,
        time.perf_counter() - start,
    )


def _summary(
    setup: RerankSetup,
    weights: list[float],
    target_ranks: dict[float, list[int]],
    measured: int,
    skipped: int,
    failures: Counter[str],
    examples: list[str],
    seconds: list[float],
    picked: list[int],
    same_as_retrieval: int,
    wall: float,
) -> dict[str, Any]:
    base = target_ranks[0.0]
    results: dict[str, dict[str, float]] = {}
    delta: dict[str, dict[str, float]] = {}
    paired: dict[str, dict[str, dict[str, float]]] = {}
    objective: dict[float, float] = {}
    for w, r in target_ranks.items():
        label = _label(w)
        results[label] = {f"recall@{k}": round(recall_at(r, k), 4) for k in KS}
        delta[label] = {f"recall@{k}": round(recall_at(r, k) - recall_at(base, k), 4) for k in KS}
        paired[label] = {}
        for k in KS:
            gained = sum(0 <= a < k and not 0 <= b < k for a, b in zip(r, base, strict=True))
            lost = sum(0 <= b < k and not 0 <= a < k for a, b in zip(r, base, strict=True))
            paired[label][f"recall@{k}"] = {
                "gained": gained,
                "lost": lost,
                "sign_test_p": _sign_test(gained, lost),
            }
        objective[w] = sum(recall_at(r, k) for k in KS) / len(KS)
    # the smallest weight among the best: a tie means the LLM adds nothing for its cost
    best = min(objective, key=lambda w: (-round(objective[w], 9), w)) if objective else 0.0
    calls = len(seconds)
    failed = sum(failures.values())
    return {
        "backend": setup.backend,
        "setup": {**asdict(setup), "weights": weights},
        "samples": measured,
        "skipped_without_user_text": skipped,
        "targets": len(base),
        "window": {
            "fused_candidates": setup.candidates,
            "shown_to_llm": setup.shown,
            "note": f"only the first {setup.shown} candidates can move: Recall@K for "
            f"K >= {setup.shown} equals retrieval alone",
        },
        "results": results,
        "delta_vs_retrieval": delta,
        "paired_vs_retrieval": paired,
        "objective": "mean of Recall@1, @5 and @10",
        "best_weight": best,
        "best_objective": round(objective.get(best, 0.0), 4),
        "retrieval_objective": round(objective.get(0.0, 0.0), 4),
        "weight_in_force": setup.weight,
        "llm": {
            "calls": calls,
            "fallbacks": failed,
            "fallback_rate": round(failed / calls, 4) if calls else 0.0,
            "fallback_kinds": dict(failures),
            "fallback_examples": examples,
            "mean_valid_picks": round(statistics.mean(picked), 2) if picked else 0.0,
            "same_order_as_retrieval": round(same_as_retrieval / len(picked), 4) if picked else 0.0,
            "latency_ms": {
                "median": round(1000 * statistics.median(seconds), 1) if seconds else 0.0,
                "p95": round(1000 * _percentile(seconds, 95), 1) if seconds else 0.0,
                "mean": round(1000 * statistics.mean(seconds), 1) if seconds else 0.0,
                "max": round(1000 * max(seconds), 1) if seconds else 0.0,
            },
            "seconds_total": round(wall, 1),
        },
    }


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
