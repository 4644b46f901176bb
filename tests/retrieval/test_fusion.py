"""Fusion: z-scores weighted and summed, with each source's contribution kept."""

from __future__ import annotations

import numpy as np
import pytest

from pickwise.retrieval.fusion import (
    KEYWORDS_CAP,
    PHRASE_CAP,
    Z_CAPS,
    fuse,
    interleave,
    normalised,
    zscore,
)


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


def test_interleave_takes_turns_and_puts_what_fits_every_list_first() -> None:
    romcoms, scifi = ["a", "b", "c", "d"], ["x", "b", "y", "z"]
    assert interleave([romcoms, scifi], str) == ["b", "a", "x", "c", "y", "d", "z"]
    # "one comedy and one horror": no item comes first for being in both
    assert interleave([romcoms, scifi], str, common_first=False) == list("axbyczd")
    # two of the first, one of the second, in every three slots
    assert interleave([list("abcdef"), list("xyz")], str, [2, 1], False)[:6] == list("axbcyd")


def test_interleave_skips_empty_lists_and_refuses_bad_shares() -> None:
    assert interleave([[], ["a", "b"]], str) == ["a", "b"]
    assert interleave([[], ["a", "b"], ["x"]], str, [3, 1, 1], False) == ["a", "x", "b"]
    assert interleave([], str) == []
    with pytest.raises(ValueError, match="one share of 1 or more per list"):
        interleave([["a"], ["b"]], str, [1, 0])
    with pytest.raises(ValueError, match="one share of 1 or more per list"):
        interleave([["a"], ["b"]], str, [1])


def test_one_word_in_few_items_cannot_outvote_the_request() -> None:
    """A sparse keyword match gave its one film a z-score near 10."""
    sparse = np.zeros(100)
    sparse[3] = 5.0
    assert zscore(sparse)[3] > 9
    assert normalised("keywords", sparse)[3] == KEYWORDS_CAP


def test_caps_per_candidate_replace_the_source_cap() -> None:
    values = np.array([100.0, *([1.0] * 50)])
    capped = fuse({"keywords": values}, {"keywords": 1.0})[0]
    assert capped[0] == KEYWORDS_CAP
    caps = np.array([PHRASE_CAP, *([KEYWORDS_CAP] * 50)])
    raised = fuse({"keywords": values}, {"keywords": 1.0}, {"keywords": caps})[0]
    assert raised[0] == PHRASE_CAP and np.allclose(raised[1:], capped[1:])
