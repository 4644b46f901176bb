"""Fusion: z-scores weighted and summed, with each source's contribution kept."""

from __future__ import annotations

import numpy as np
import pytest

from pickwise.retrieval.fusion import Z_CAPS, fuse, zscore


def test_sources_are_put_on_one_scale_and_weighted() -> None:
    cosine = np.array([0.9, 0.5, 0.1])
    counts = np.array([10.0, 300.0, 20.0])
    total, parts = fuse({"query": cosine, "popularity": counts}, {"query": 1.0, "popularity": 0.5})
    assert np.allclose(parts["query"], zscore(cosine))
    assert np.allclose(parts["popularity"], 0.5 * zscore(counts))
    assert np.allclose(total, parts["query"] + parts["popularity"])
    # a source that says nothing (all equal) adds nothing
    assert not fuse({"flat": np.ones(3)}, {})[1]["flat"].any()


def test_one_outlier_of_a_capped_source_cannot_outvote_the_rest() -> None:
    # one candidate shares an actor with a liked film; the 99 others share nothing
    lonely = np.r_[np.zeros(99), 1.0]
    assert zscore(lonely).max() == pytest.approx(9.95, abs=0.01)
    _, parts = fuse({"traits": lonely, "query": lonely}, {"traits": 1.0, "query": 1.0})
    assert parts["traits"].max() == Z_CAPS["traits"] == 4.0
    assert parts["query"].max() == pytest.approx(9.95, abs=0.01)  # other sources: uncapped
    assert np.allclose(parts["traits"][:99], zscore(lonely)[:99])  # the rest is unchanged
