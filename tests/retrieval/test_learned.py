"""The sources that read the items talked about so far: ``mentioned`` and ``alike``."""

from __future__ import annotations

import numpy as np
import pytest

from pickwise.retrieval.catalog import DEFAULT_WEIGHTS
from pickwise.retrieval.fusion import fuse
from pickwise.retrieval.index import CatalogIndex, VectorSearch
from pickwise.retrieval.learned import (
    TRUSTED_EXAMPLES,
    AlikeSource,
    LearnedModel,
    MentionedSource,
    TrainingExample,
    fit_learned,
)
from pickwise.retrieval.recommender import Recommender, Request
from pickwise.retrieval.sources import Context, QuerySource, Source
from tests.conftest import HashEmbeddings
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


def fitted_on(index: CatalogIndex, copies: int) -> LearnedModel:
    """Made-up conversations: ``copies`` times "space" -> films 0-2 and "family" -> film 4."""
    emb = HashEmbeddings()
    ids = index.ids
    talks = [("time travel and space", tuple(ids[:3])), ("a funny family film", (ids[4],))]
    examples = [TrainingExample(emb.encode_query(t), i) for t, i in talks * copies]
    return fit_learned(examples, [i for _, i in talks * copies], [])


def learned_recommender(index: CatalogIndex, model: LearnedModel) -> Recommender:
    sources = [QuerySource(VectorSearch(index)), *model.sources(index.row_of, len(index))]
    return Recommender(index, HashEmbeddings(), sources, dict(DEFAULT_WEIGHTS))


def test_a_model_fitted_on_few_examples_counts_for_less_and_claims_nothing_thin(
    index: CatalogIndex,
) -> None:
    """8 hand-written dialogues put a learned reason on nearly every pick: a source fitted on
    a few rows weighed, z-normalised, as much as one fitted on thousands."""
    ids = index.ids
    small = fitted_on(index, 1)  # 2 examples; film 0 led to once
    assert (small.examples, small.trust) == (2, 2 / TRUSTED_EXAMPLES)
    request = Request(query="space", context="time travel and space", k=len(index))
    recommender = learned_recommender(index, small)
    _, union, scored = recommender.score(request)
    _, full = fuse({k: v[0] for k, v in scored.items()}, DEFAULT_WEIGHTS)
    at = {int(row): i for i, row in enumerate(union)}
    results = recommender.recommend(request)
    for r in results:
        i = at[index.row_of[r.item.id]]
        for signal in r.signals:
            if signal.source in ("comention", "context", "neighbours", "recommended"):
                # the weight is scaled by the trust, and one conversation is not "often"
                assert signal.contribution == pytest.approx(small.trust * full[signal.source][i])
                assert not signal.explains
            else:
                assert signal.contribution == pytest.approx(full[signal.source][i])
        assert "often" not in r.reason()
    assert any(s.source == "context" and s.contribution > 0 for r in results for s in r.signals)
    # three conversations that led to film 0 are enough to say so, even from a small model
    some = fitted_on(index, 3)
    assert some.trust < 1.0
    top = learned_recommender(index, some).recommend(request)
    said = {r.item.id: {s.source: s.explains for s in r.signals} for r in top}
    assert said[ids[0]]["context"] and said[ids[0]]["neighbours"]
    assert not said[ids[6]]["context"]  # no conversation led to it


def test_a_model_fitted_on_enough_examples_is_unchanged(index: CatalogIndex) -> None:
    """From TRUSTED_EXAMPLES on (ReDial's folds fit on thousands) weights and reasons are as
    they were before trust: the fused scores equal those of the plain default weights."""
    model = fitted_on(index, TRUSTED_EXAMPLES // 2)
    assert model.trust == 1.0
    request = Request(query="space", context="time travel and space", k=len(index))
    recommender = learned_recommender(index, model)
    scored = recommender.score(request)[2]
    expected, _ = fuse({k: v[0] for k, v in scored.items()}, DEFAULT_WEIGHTS)
    results = recommender.recommend(request)
    assert [r.score for r in results] == pytest.approx(sorted(expected, reverse=True))
    assert all(s.explains for r in results for s in r.signals)


def test_a_pick_turned_down_counts_against_it_for_requests_like_that_one(
    index: CatalogIndex,
) -> None:
    """A thumbs down on a pick: a negative target of the context ridge and of the nearest past
    conversations' votes (their other picks still count for), and no support for a reason."""
    emb = HashEmbeddings()
    ids = index.ids
    space = emb.encode_query("time travel and space")
    family = emb.encode_query("a funny family film")
    shown = [TrainingExample(space, tuple(ids[:3])), TrainingExample(family, (ids[4],))]
    turned_down = [
        TrainingExample(space, tuple(ids[:2]), rejected=(ids[2],)),
        TrainingExample(family, (ids[4],)),
    ]
    liked = fit_learned(shown * 3, [], [])
    disliked = fit_learned(turned_down * 3, [], [])
    ctx = Context(index, None, None, np.zeros(0, dtype=np.int64), space, np.zeros(0, np.int64))
    n = len(index)
    for name in ("context", "neighbours"):
        before = {s.name: s for s in liked.sources(index.row_of, n)}[name]
        after = {s.name: s for s in disliked.sources(index.row_of, n)}[name]
        row = index.row_of[ids[2]]
        assert (
            before.score(ctx, np.array([row]))[0][0] > 0 > after.score(ctx, np.array([row]))[0][0]
        )
        kept = index.row_of[ids[0]]  # the picks not turned down are unchanged
        assert after.score(ctx, np.array([kept]))[0][0] > 0
        assert after.support is not None and after.support[row] == 0
        assert after.support[kept] == 3
