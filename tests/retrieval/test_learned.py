"""The sources that read the items talked about so far: ``mentioned`` and ``alike``."""

from __future__ import annotations

import numpy as np
import pytest

from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.learned import AlikeSource, MentionedSource
from pickwise.retrieval.sources import Context, Source
from tests.retrieval.test_sources import build_index, learned_model


def context(index: CatalogIndex, mentioned: list[str], exclude: tuple[str, ...] = ()) -> Context:
    return Context(
        index,
        index.mask([], exclude=exclude),
        None,
        np.zeros(0, dtype=np.int64),
        None,
        index.rows(mentioned),
    )


@pytest.fixture
def index() -> CatalogIndex:
    return build_index()


def test_both_come_with_the_learned_model(index: CatalogIndex) -> None:
    names = [s.name for s in learned_model(index).sources(index.row_of, len(index))]
    assert {"mentioned", "alike"} <= set(names)


def test_mentioned_ranks_the_latest_mention_first(index: CatalogIndex) -> None:
    ids = index.ids
    ctx = context(index, [ids[0], ids[3], ids[1]])
    source = MentionedSource(decay=0.5)
    assert source.active(ctx)
    assert [ids[r] for r in source.candidates(ctx, 10)] == [ids[1], ids[3], ids[0]]
    scores, evidence = source.score(ctx, np.arange(len(index)))
    assert scores[index.row_of[ids[1]]] == 1.0 and scores[index.row_of[ids[0]]] == 0.25
    assert np.count_nonzero(scores) == 3 and len(evidence) == len(index)


def test_mentioned_respects_exclusions(index: CatalogIndex) -> None:
    ids = index.ids
    source = MentionedSource()
    ctx = context(index, [ids[0], ids[1]], exclude=(ids[1],))
    assert [ids[r] for r in source.candidates(ctx, 10)] == [ids[0]]
    assert not source.active(context(index, [ids[0]], exclude=(ids[0],)))
    assert not source.active(context(index, []))


def test_alike_finds_neighbours_of_the_mentioned_items_not_themselves(
    index: CatalogIndex,
) -> None:
    ids = index.ids
    seed = index.row_of[ids[2]]
    ctx = context(index, [ids[2]], exclude=(ids[4],))
    source: Source = AlikeSource()
    assert source.active(ctx)
    rows = source.candidates(ctx, 3)
    assert seed not in rows and index.row_of[ids[4]] not in rows and len(rows) == 3
    sims = index.vectors @ index.vectors[seed]
    sims[[seed, index.row_of[ids[4]]]] = -np.inf
    assert set(rows.tolist()) == set(np.argsort(-sims)[:3].tolist())
    scores, evidence = source.score(ctx, rows)
    assert np.allclose(scores, index.vectors[rows] @ index.vectors[seed], atol=1e-5)
    assert evidence == [(ids[2],)] * 3
    assert not source.active(context(index, []))


def test_alike_weights_recent_mentions_more(index: CatalogIndex) -> None:
    ids = index.ids
    a, b = index.row_of[ids[0]], index.row_of[ids[5]]
    source = AlikeSource(decay=0.1)
    scores, _ = source.score(context(index, [ids[0], ids[5]]), np.arange(len(index)))
    near_b = index.vectors @ index.vectors[b]
    near_a = index.vectors @ index.vectors[a]
    others = [r for r in range(len(index)) if r not in (a, b)]
    # mostly the latest mention (b) decides
    assert (
        np.corrcoef(scores[others], near_b[others])[0, 1]
        > np.corrcoef(scores[others], near_a[others])[0, 1]
    )


def test_a_request_never_gets_the_scores_of_a_concurrent_one(index: CatalogIndex) -> None:
    """The source is shared by the server's threads: another request computing its scores in
    the middle of this one's must not hand this one its result."""
    from pickwise.retrieval.learned import _Aligned, _LearnedSource

    n = len(index)
    a, b = context(index, []), context(index, [])

    class Interleaved(_LearnedSource):
        @property  # type: ignore[override]
        def _last(self) -> tuple[Context, np.ndarray] | None:
            return self.__dict__.get("cache")

        @_last.setter
        def _last(self, value: tuple[Context, np.ndarray] | None) -> None:
            self.__dict__["cache"] = value
            if value is not None and value[0] is a:
                self._scores(b)  # "another thread" stores its scores right after this one

        def _model_scores(self, ctx: Context) -> np.ndarray:
            return np.full(n, 1.0 if ctx is a else 2.0)

    source = Interleaved(_Aligned(np.arange(n), n))
    assert set(source._scores(a)) == {1.0}
    assert set(source._scores(b)) == {2.0}
