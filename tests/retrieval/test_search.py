"""VectorSearch picks a strategy per filter selectivity and always returns exact-filtered rows."""

from __future__ import annotations

import numpy as np

from pickwise.retrieval.index import CatalogIndex, VectorSearch
from pickwise.retrieval.items import Item


def make(n: int = 2000, dim: int = 16) -> tuple[CatalogIndex, np.ndarray]:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    items = [Item(str(i), f"t{i}", metadata={"year": 1900 + i % 120}) for i in range(n)]
    return CatalogIndex(items, vectors, {"year": "number"}), vectors


def exact_ann(vectors: np.ndarray):  # type: ignore[no-untyped-def]
    calls = []

    def ann(q: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        calls.append(n)
        sims = vectors @ q
        order = np.argsort(-sims)[:n]
        return order, sims[order]

    return ann, calls


def test_unfiltered_uses_ann() -> None:
    index, vectors = make()
    ann, calls = exact_ann(vectors)
    search = VectorSearch(index, ann)
    rows, sims = search.search(vectors[0], 10)
    assert search.last_strategy == "ann" and calls == [10]
    assert rows[0] == 0 and np.all(np.diff(sims) <= 1e-6)


def test_selective_filter_is_exact_over_allowed_rows() -> None:
    index, vectors = make()
    ann, calls = exact_ann(vectors)
    search = VectorSearch(index, ann)
    mask = index.mask([])  # None
    assert mask is None
    from pickwise.retrieval.constraints import Range

    mask = index.mask([Range("year", 1950, 1955)])
    assert mask is not None and mask.mean() < 0.1
    rows, _ = search.search(vectors[3], 20, mask)
    assert search.last_strategy == "exact" and not calls
    expected = np.flatnonzero(mask)[np.argsort(-(vectors[mask] @ vectors[3]))[:20]]
    assert rows.tolist() == expected.tolist()


def test_broad_filter_overfetches_and_postfilters() -> None:
    index, vectors = make()
    ann, calls = exact_ann(vectors)
    search = VectorSearch(index, ann)
    from pickwise.retrieval.constraints import Range

    mask = index.mask([Range("year", min=1930)])
    assert mask is not None and mask.mean() > 0.7
    rows, _ = search.search(vectors[5], 20, mask)
    assert search.last_strategy == "ann+postfilter" and calls[0] > 20
    assert all(mask[rows]) and len(rows) == 20
    expected = np.flatnonzero(mask)[np.argsort(-(vectors[mask] @ vectors[5]))[:20]]
    assert rows.tolist() == expected.tolist()


def test_falls_back_to_exact_when_ann_returns_too_few() -> None:
    index, vectors = make()

    def weak_ann(q: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        return np.array([0, 1]), np.array([1.0, 0.9])

    from pickwise.retrieval.constraints import Range

    search = VectorSearch(index, weak_ann)
    mask = index.mask([Range("year", min=1930)])
    rows, _ = search.search(vectors[5], 20, mask)
    assert search.last_strategy == "exact" and len(rows) == 20
