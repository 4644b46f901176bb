"""The in-memory view of a stored catalog: items, vectors and fast metadata masks.

Chroma is the store of record and answers unfiltered nearest-neighbour queries. Filtered queries are
where an HNSW index is weak (a broad metadata filter made Chroma ~50x slower at 100k items), so
:class:`VectorSearch` decides per query: exact search over the few allowed rows for a selective
filter, or an over-fetched approximate search with exact post-filtering for a broad one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from pickwise.retrieval.constraints import AnyOf, Constraint, NoneOf, Range
from pickwise.retrieval.items import FieldKind, Item

__all__ = ["AnnSearch", "CatalogIndex", "VectorSearch", "spread_rows", "top_rows"]

#: ``(query vector, n) -> (rows, similarities)``, best first: an approximate search over all items.
AnnSearch = Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]]


@dataclass
class CatalogIndex:
    """Items in row order with their unit vectors and per-field columns for filtering."""

    items: list[Item]
    vectors: np.ndarray
    kinds: Mapping[str, FieldKind]
    #: Field -> the role a catalog spec gave it (see :func:`~.items.role_name`).
    roles: Mapping[str, str] = field(default_factory=dict)
    row_of: dict[str, int] = field(init=False)
    _numbers: dict[str, np.ndarray] = field(init=False, default_factory=dict)
    _postings: dict[str, dict[str, np.ndarray]] = field(init=False, default_factory=dict)
    _vocabulary: dict[str, list[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.row_of = {item.id: row for row, item in enumerate(self.items)}
        if len(self.vectors) != len(self.items):
            raise ValueError("one vector per item is required")

    def __len__(self) -> int:
        return len(self.items)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]

    def rows(self, ids: Iterable[str]) -> np.ndarray:
        """Rows of the ids that are in the catalog (unknown ids are dropped)."""
        return np.array([self.row_of[i] for i in ids if i in self.row_of], dtype=np.int64)

    def mask(
        self, constraints: Sequence[Constraint], exclude: Iterable[str] = ()
    ) -> np.ndarray | None:
        """Boolean row mask of the items allowed, or ``None`` when every item is."""
        excluded = self.rows(exclude)
        if not constraints and not len(excluded):
            return None
        allowed = np.ones(len(self.items), dtype=bool)
        for c in constraints:
            allowed &= self._constraint_mask(c)
        allowed[excluded] = False
        return allowed

    def _constraint_mask(self, c: Constraint) -> np.ndarray:
        if isinstance(c, Range):
            values = self.number_column(c.field)
            ok = ~np.isnan(values)
            with np.errstate(invalid="ignore"):
                if c.min is not None:
                    ok &= (values > c.min) if c.min_strict else (values >= c.min)
                if c.max is not None:
                    ok &= (values < c.max) if c.max_strict else (values <= c.max)
            return ok
        hits = np.zeros(len(self.items), dtype=bool)
        postings = self._posting_lists(c.field)
        for value in c.values:
            rows = postings.get(value)
            if rows is not None:
                hits[rows] = True
        if isinstance(c, AnyOf):
            return hits
        assert isinstance(c, NoneOf)
        return ~hits

    def number_column(self, name: str) -> np.ndarray:
        column = self._numbers.get(name)
        if column is None:
            column = np.array(
                [_as_float(item.metadata.get(name)) for item in self.items], dtype=np.float64
            )
            self._numbers[name] = column
        return column

    def _posting_lists(self, name: str) -> dict[str, np.ndarray]:
        postings = self._postings.get(name)
        if postings is None:
            lists: dict[str, list[int]] = {}
            for row, item in enumerate(self.items):
                for v in {str(v).lower() for v in item.values(name)}:
                    lists.setdefault(v, []).append(row)
            postings = {k: np.array(v, dtype=np.int64) for k, v in lists.items()}
            self._postings[name] = postings
        return postings

    def vocabulary(self, name: str) -> list[str]:
        """The distinct values of a category or list field, as they are written in the catalog.

        Computed once per field (the agent's vocabulary and the people and genres sources all read
        it); callers get a copy.
        """
        values = self._vocabulary.get(name)
        if values is None:
            seen: dict[str, str] = {}
            for item in self.items:
                for v in item.values(name):
                    seen.setdefault(str(v).lower(), str(v))
            values = sorted(seen.values())
            self._vocabulary[name] = values
        return list(values)


def top_rows(
    scores: np.ndarray, n: int, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``n`` best (rows, scores), best first; ``rows`` maps score positions to rows."""
    n = min(n, len(scores))
    if n <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    part = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    order = part[np.argsort(-scores[part], kind="stable")]
    picked = order if rows is None else rows[order]
    return picked.astype(np.int64), scores[order]


def spread_rows(vectors: np.ndarray, rows: np.ndarray, k: int, balance: float = 0.5) -> np.ndarray:
    """``k`` of ``rows`` that show the range of a set of items: maximal marginal relevance with
    typicality (cosine to the rows' mean vector) as relevance, so each pick is typical of the
    set and unlike the picks before it. Deterministic; k matrix-vector products over the
    catalog, and no copy of its vectors."""
    k = min(k, len(rows))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    weights = np.zeros(len(vectors), dtype=vectors.dtype)
    weights[rows] = 1.0
    centre = weights @ vectors  # the rows' summed vector: only its direction counts
    typical = (vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-9)))[rows]
    closest = np.zeros(len(rows), dtype=np.float32)  # max similarity to the picks so far
    picked: list[int] = []
    for _ in range(k):
        gain = balance * typical - (1 - balance) * closest
        gain[picked] = -np.inf
        best = int(np.argmax(gain))
        picked.append(best)
        sims = (vectors @ vectors[rows[best]])[rows]
        closest = sims if len(picked) == 1 else np.maximum(closest, sims)
    return rows[np.array(picked)].astype(np.int64)


class VectorSearch:
    """Nearest items to a query vector under a row mask, fast for any filter selectivity."""

    def __init__(
        self,
        index: CatalogIndex,
        ann: AnnSearch | None = None,
        selective_fraction: float = 0.1,
        overfetch: float = 1.5,
    ) -> None:
        self.index = index
        self.ann = ann
        self.selective_fraction = selective_fraction
        self.overfetch = overfetch
        self.last_strategy = ""

    def search(
        self, query: np.ndarray, n: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        total = len(self.index)
        allowed = total if mask is None else int(mask.sum())
        if allowed == 0 or n <= 0:
            self.last_strategy = "empty"
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self.ann is not None and allowed > self.selective_fraction * total and allowed > n:
            fetch = n if mask is None else math.ceil(n * total / allowed * self.overfetch) + 10
            rows, sims = self.ann(query, min(fetch, total))
            if mask is not None:
                keep = mask[rows]
                rows, sims = rows[keep], sims[keep]
            if len(rows) >= n or len(rows) == allowed:
                self.last_strategy = "ann" if mask is None else "ann+postfilter"
                return rows[:n], sims[:n]
        self.last_strategy = "exact"
        if mask is None:
            return top_rows(self.index.vectors @ query, n)
        candidates = np.flatnonzero(mask)
        return top_rows(self.index.vectors[candidates] @ query, n, candidates)


def _as_float(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan
