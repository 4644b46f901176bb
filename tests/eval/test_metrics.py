"""Recall@K math and the fold split."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from pickwise.eval.metrics import ranks, recall_at, recall_curve
from pickwise.eval.runner import fold_of


def test_ranks_and_recall() -> None:
    r = ranks(["a", "b", "c", "d"], ["c", "z", "a"])
    assert r == [2, -1, 0]
    assert recall_at(r, 1) == 1 / 3
    assert recall_at(r, 3) == 2 / 3
    assert recall_at([], 10) == 0.0
    assert recall_curve(r, 4) == [1 / 3, 1 / 3, 2 / 3, 2 / 3]


@given(st.lists(st.integers(min_value=-1, max_value=60), max_size=30))
def test_recall_is_monotone_in_k(values: list[int]) -> None:
    curve = recall_curve(values, 50)
    assert all(0.0 <= a <= b <= 1.0 for a, b in itertools.pairwise(curve))


def test_folds_partition_dialogues_evenly() -> None:
    folds = fold_of(103, 5, seed=1)
    counts = np.bincount(folds)
    assert len(counts) == 5 and counts.max() - counts.min() <= 1
    assert (fold_of(103, 5, seed=1) == folds).all()
