"""Fusion of source scores into one ranking, keeping each source's contribution.

Each source's scores over the candidate union are z-normalised (so a cosine and a log-count can be
added), weighted and summed. The per-source contributions are the attribution that later grounds
the explanations.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["fuse", "zscore"]


def zscore(values: np.ndarray) -> np.ndarray:
    """``(x - mean) / std``; all zeros when the values do not vary (no information)."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    std = values.std()
    if not np.isfinite(std) or std < 1e-12:
        return np.zeros_like(values)
    return (values - values.mean()) / std


def fuse(
    scores: Mapping[str, np.ndarray], weights: Mapping[str, float]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Fused score per candidate and each source's contribution ``weight * z``."""
    contributions = {
        name: weights.get(name, 1.0) * zscore(values) for name, values in scores.items()
    }
    sizes = {len(v) for v in scores.values()}
    if len(sizes) > 1:
        raise ValueError("every source must score the same candidates")
    total = np.zeros(sizes.pop() if sizes else 0)
    for values in contributions.values():
        total = total + values
    return total, contributions
