"""The collaborative models (EASE, item-kNN), their file format and the recency half-life."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from pickwise.errors import CatalogError
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.interactions import (
    CollaborativeModel,
    fit_collaborative,
    fit_ease,
    fit_item_knn,
    load_rows,
    save_arrays,
    save_rows,
)
from pickwise.retrieval.items import Item
from pickwise.retrieval.sources import CollaborativeSource, Context

Triples = list[tuple[str, str, float]]


def clustered() -> Triples:
    """Two taste groups: users 0-9 watch a, b, c; users 10-19 watch x, y, z; 'solo' once."""
    rng = np.random.default_rng(0)
    rows: Triples = []
    for u in range(20):
        group = "abc" if u < 10 else "xyz"
        for item in group:
            if rng.random() < 0.8:
                rows.append((str(u), item, float(rng.integers(1, 6))))
    rows.append(("99", "solo", 5.0))
    return rows


def dense_ease(triples: Triples, lam: float) -> tuple[list[str], np.ndarray]:
    """The textbook closed form on the items with two or more users, unpruned."""
    users = sorted({u for u, _, _ in triples})
    items = list(dict.fromkeys(i for _, i, _ in triples))
    x = np.zeros((len(users), len(items)))
    for u, i, _ in triples:
        x[users.index(u), items.index(i)] = 1.0
    keep = [n for n in range(len(items)) if x[:, n].sum() >= 2]
    x = x[:, keep]
    p = np.linalg.inv(x.T @ x + lam * np.eye(len(keep)))
    b = np.eye(len(keep)) - p / np.diag(p)
    np.fill_diagonal(b, 0.0)
    return [items[n] for n in keep], b


def test_ease_matches_the_closed_form_where_weights_are_positive() -> None:
    triples = clustered()
    model = fit_ease(triples, lam=3.0, neighbours=100)
    ids, b = dense_ease(triples, 3.0)
    col = {i: n for n, i in enumerate(model.item_ids)}
    got = model.similarity.toarray()[np.ix_([col[i] for i in ids], [col[i] for i in ids])]
    np.testing.assert_allclose(got, np.where(b > 0, b, 0.0), rtol=1e-4, atol=1e-6)
    assert model.kind == "ease"


def test_ease_keeps_counts_for_every_item_and_weights_for_shared_ones() -> None:
    model = fit_ease(clustered(), lam=3.0)
    solo = model.item_ids.index("solo")
    assert model.counts[solo] == 1
    assert model.similarity[solo].nnz == 0 and model.similarity[:, solo].nnz == 0
    a, b, x = (model.item_ids.index(i) for i in "abx")
    assert model.similarity[a, b] > 0  # co-watched
    assert model.similarity[a, x] == 0  # never together: EASE weight <= 0, pruned


def test_ease_prunes_each_row_to_its_strongest_neighbours() -> None:
    rng = np.random.default_rng(1)
    triples = [(str(u), f"i{i}", 1.0) for u in range(60) for i in range(12) if rng.random() < 0.5]
    full = fit_ease(triples, lam=5.0, neighbours=100).similarity.toarray()
    pruned = fit_ease(triples, lam=5.0, neighbours=2).similarity.toarray()
    assert ((pruned > 0).sum(axis=1) <= 2).all()
    for row_full, row_pruned in zip(full, pruned, strict=True):
        kept = np.flatnonzero(row_pruned)
        np.testing.assert_allclose(row_pruned[kept], row_full[kept], rtol=1e-6)
        assert set(kept) <= set(np.argsort(-row_full)[:2])


def test_ease_caps_the_number_of_items() -> None:
    model = fit_ease(clustered(), lam=3.0, max_items=2)
    involved = set(sp.find(model.similarity)[0]) | set(sp.find(model.similarity)[1])
    assert len(involved) <= 2


def test_ease_needs_a_positive_lambda() -> None:
    with pytest.raises(CatalogError, match="positive lambda"):
        fit_ease(clustered(), lam=0.0)


def test_fit_collaborative_defaults_to_ease_and_names_the_model() -> None:
    assert fit_collaborative(clustered()).kind == "ease"
    assert fit_collaborative(clustered(), kind="item-knn").kind == "item-knn"
    with pytest.raises(CatalogError, match="unknown collaborative model"):
        fit_collaborative(clustered(), kind="als")


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = fit_ease(clustered(), lam=3.0)
    model.save(tmp_path / "m.npz")
    back = CollaborativeModel.load(tmp_path / "m.npz")
    assert back.kind == "ease" and back.item_ids == model.item_ids
    assert (back.similarity != model.similarity).nnz == 0
    np.testing.assert_array_equal(back.counts, model.counts)


def test_kept_rows_round_trip_in_order(tmp_path: Path) -> None:
    triples = [*clustered(), ("é-user", "a", 4.5), ("0", "a", 1.0)]
    save_rows(tmp_path / "rows.npz", triples)
    assert load_rows(tmp_path / "rows.npz") == triples


def test_a_file_from_before_the_kind_field_loads_as_item_knn(tmp_path: Path) -> None:
    sim = fit_item_knn(clustered()).similarity
    old = fit_item_knn(clustered())
    save_arrays(
        tmp_path / "old.npz",
        ids=np.array(old.item_ids),
        data=sim.data,
        indices=sim.indices,
        indptr=sim.indptr,
        shape=np.array(sim.shape),
        counts=old.counts,
    )
    assert CollaborativeModel.load(tmp_path / "old.npz").kind == "item-knn"


# --- the source over an EASE model: evidence and recency ------------------------------------
def index_of(ids: list[str]) -> CatalogIndex:
    items = [Item(i, i.upper()) for i in ids]
    return CatalogIndex(items, np.eye(len(ids), dtype=np.float32), {})


def test_ease_source_explains_each_pick_by_the_liked_item_behind_it() -> None:
    model = fit_ease(clustered(), lam=3.0)
    index = index_of(["a", "b", "c", "x", "y", "z", "solo"])
    sim, _ = model.aligned(index.row_of, len(index))
    source = CollaborativeSource(sim)
    liked = index.rows(["a", "x"])
    ctx = Context(index, index.mask((), ["a", "x"]), None, liked)
    rows = source.candidates(ctx, 10)
    scores, evidence = source.score(ctx, rows)
    why = {index.items[r].id: e for r, e in zip(rows, evidence, strict=True)}
    assert why["b"] == ("a",) and why["c"] == ("a",)
    assert why["y"] == ("x",) and why["z"] == ("x",)
    assert (scores > 0).all()


def test_half_life_favours_the_most_recent_liked_item() -> None:
    # two liked items, each the only neighbour of one candidate, with equal weight
    index = index_of(["old", "new", "after-old", "after-new"])
    sim = sp.csr_matrix((np.ones(2), ([0, 1], [2, 3])), shape=(4, 4), dtype=np.float32)
    ctx = Context(index, index.mask((), ["old", "new"]), None, index.rows(["old", "new"]))
    rows = np.array([2, 3])
    flat, _ = CollaborativeSource(sim, half_life=None).score(ctx, rows)
    assert flat[0] == flat[1]
    recent, evidence = CollaborativeSource(sim, half_life=1.0).score(ctx, rows)
    assert recent[1] == pytest.approx(1.0) and recent[0] == pytest.approx(0.5)
    assert evidence == [("old",), ("new",)]
    top = CollaborativeSource(sim, half_life=1.0).candidates(ctx, 1)
    assert index.items[int(top[0])].id == "after-new"
