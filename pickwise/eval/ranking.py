"""Top-k ranking metrics for held-out items (binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

__all__ = ["hit_at_k", "ndcg_at_k", "recall_at_k"]


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """DCG of the top ``k`` over the ideal DCG; gains 1 for relevant items, log2 discount."""
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal


def recall_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant items found in the top ``k``."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def hit_at_k(ranked: Sequence[str], target: str, k: int) -> bool:
    return target in ranked[:k]
