"""Recall@K over (sample, ground-truth item) pairs, as in CRSLab and the ReDial literature.

Each ground-truth item of a sample counts once: a turn that mentions two movies is two targets.
We keep each target's rank (or -1 when it is not in the list), so any Recall@K and the
Recall@K curve come from the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ranks", "recall_at", "recall_curve"]


def ranks(ranked: Sequence[str], targets: Sequence[str]) -> list[int]:
    """0-based rank of each target in ``ranked``; -1 when it is missing."""
    position: dict[str, int] = {}
    for i, item in enumerate(ranked):
        position.setdefault(item, i)
    return [position.get(t, -1) for t in targets]


def recall_at(target_ranks: Sequence[int], k: int) -> float:
    """Share of targets ranked in the top ``k`` (0.0 when there are no targets)."""
    r = np.asarray(target_ranks, dtype=np.int64)
    if r.size == 0:
        return 0.0
    return float(((r >= 0) & (r < k)).mean())


def recall_curve(target_ranks: Sequence[int], max_k: int) -> list[float]:
    """Recall@1..max_k."""
    return [recall_at(target_ranks, k) for k in range(1, max_k + 1)]
