"""Fusion of source scores into one ranking, keeping each source's contribution.

Each source's scores over the candidate union are z-normalised (so a cosine and a log-count can be
added), weighted and summed. The per-source contributions are the attribution that later grounds
the explanations.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["Z_CAPS", "fuse", "normalised", "zscore"]

#: Upper bounds on a source's z-scores. ``traits`` can give one candidate six standard deviations
#: when almost no candidate shares anything with the liked items: after "I loved Arrival", "a
#: comedy instead, no romance" put Platoon first (Forest Whitaker is in both). At 4 the ReDial
#: figures stay within noise (docs/EVALUATION.md).
Z_CAPS: dict[str, float] = {"traits": 4.0}


def zscore(values: np.ndarray) -> np.ndarray:
    """``(x - mean) / std``; all zeros when the values do not vary (no information)."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    std = values.std()
    if not np.isfinite(std) or std < 1e-12:
        return np.zeros_like(values)
    return (values - values.mean()) / std


def normalised(name: str, values: np.ndarray) -> np.ndarray:
    """A source's z-scores, capped where :data:`Z_CAPS` says."""
    z = zscore(values)
    cap = Z_CAPS.get(name)
    return np.minimum(z, cap) if cap is not None else z


def fuse(
    scores: Mapping[str, np.ndarray], weights: Mapping[str, float]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Fused score per candidate and each source's contribution ``weight * z`` (capped z)."""
    contributions = {
        name: weights.get(name, 1.0) * normalised(name, values) for name, values in scores.items()
    }
    sizes = {len(v) for v in scores.values()}
    if len(sizes) > 1:
        raise ValueError("every source must score the same candidates")
    total = np.zeros(sizes.pop() if sizes else 0)
    for values in contributions.values():
        total = total + values
    return total, contributions
