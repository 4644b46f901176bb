"""Fusion of source scores into one ranking, keeping each source's contribution.

Each source's scores over the candidate union are z-normalised (so a cosine and a log-count can be
added), weighted and summed. The per-source contributions are the attribution that later grounds
the explanations.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np

__all__ = [
    "KEYWORDS_CAP",
    "PHRASE_CAP",
    "PRESCALED",
    "Z_CAPS",
    "fuse",
    "interleave",
    "normalised",
    "zscore",
]

T = TypeVar("T")

#: One word of a request found in few items gives them a z-score of 10 or more ("a really long
#: week": the one film with "long" in its description came first).
KEYWORDS_CAP = 3.0
#: A phrase of the request found verbatim ("time loop") is no one word shared by chance: the
#: items that say it may stand this far out ("a time loop movie" brought Back to the Future and
#: Waltz with Bashir, which say "time", before Palm Springs, "trapped in a time loop").
PHRASE_CAP = 6.0
#: Upper bounds on a source's z-scores. ``traits`` can give one candidate six standard deviations
#: when almost no candidate shares anything with the liked items: after "I loved Arrival", "a
#: comedy instead, no romance" put Platoon first (Forest Whitaker is in both). At 4 the ReDial
#: figures stay within noise (docs/EVALUATION.md).
Z_CAPS: dict[str, float] = {"traits": 4.0, "keywords": KEYWORDS_CAP}
#: Sources whose scores are in standard deviations already and are added as they are. ``avoid``
#: gives 0 to what is not avoided and minus some deviations to what is: z-scored again, its
#: push-down shrank with the share of the candidates it hit ("I scare easily, what's a good
#: mystery?" kept The Thing fourth, 1.3 below the others where the source says 2 or more), and
#: the candidates it spared went up, as if avoiding were a reason for them.
PRESCALED = frozenset({"avoid"})


def zscore(values: np.ndarray) -> np.ndarray:
    """``(x - mean) / std``; all zeros when the values do not vary (no information)."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return values
    std = values.std()
    if not np.isfinite(std) or std < 1e-12:
        return np.zeros_like(values)
    return (values - values.mean()) / std


def normalised(name: str, values: np.ndarray, cap: np.ndarray | None = None) -> np.ndarray:
    """A source's z-scores, capped where :data:`Z_CAPS` says (or per candidate, ``cap``); the
    scores of a source in :data:`PRESCALED` as they are."""
    z = np.asarray(values, dtype=np.float64) if name in PRESCALED else zscore(values)
    bound = Z_CAPS.get(name) if cap is None else cap
    return np.minimum(z, bound) if bound is not None else z


def fuse(
    scores: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    caps: Mapping[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Fused score per candidate and each source's contribution ``weight * z`` (capped z);
    ``caps`` bounds a source's z-scores per candidate instead of :data:`Z_CAPS`."""
    caps = caps or {}
    contributions = {
        name: weights.get(name, 1.0) * normalised(name, values, caps.get(name))
        for name, values in scores.items()
    }
    sizes = {len(v) for v in scores.values()}
    if len(sizes) > 1:
        raise ValueError("every source must score the same candidates")
    total = np.zeros(sizes.pop() if sizes else 0)
    for values in contributions.values():
        total = total + values
    return total, contributions


def interleave(
    lists: Sequence[Sequence[T]],
    key: Callable[[T], Hashable],
    shares: Sequence[int] | None = None,
    common_first: bool = True,
) -> list[T]:
    """One ranking mixing several (one per kind asked for: "rom-coms or sci-fi"), each item once.

    Each slot goes to the list furthest below its share of the slots so far (``shares``, default
    equal; ties to the earlier list), which gives its best item not taken yet. With
    ``common_first``, the items every list holds (they fit every kind) take turns too, first, by
    their worst rank: "a comedy or a horror" starts with a horror comedy, then a comedy and a
    horror. Without it ("one comedy and one horror" asks for one of each), they are only ranked
    in their own lists.
    """
    shares = list(shares) if shares is not None else [1] * len(lists)
    if len(shares) != len(lists) or any(s < 1 for s in shares):
        raise ValueError("give one share of 1 or more per list")
    shares = [s for s, ranked in zip(shares, lists, strict=True) if ranked]
    lists = [list(ranked) for ranked in lists if ranked]
    if not lists:
        return []
    queues = [list(ranked) for ranked in lists]
    if common_first and len(lists) > 1:
        ranks = [{key(x): i for i, x in enumerate(ranked)} for ranked in lists]
        common = [x for x in lists[0] if all(key(x) in r for r in ranks[1:])]
        common.sort(key=lambda x: max(r[key(x)] for r in ranks))
        queues.insert(0, common)
        shares = [1, *shares]
    taken: dict[Hashable, T] = {}
    given = [0] * len(queues)
    while open_ := [i for i, q in enumerate(queues) if q]:
        i = min(open_, key=lambda j: (given[j] / shares[j], j))
        x = queues[i].pop(0)
        if key(x) in taken:
            continue
        taken[key(x)] = x
        given[i] += 1
    return list(taken.values())
