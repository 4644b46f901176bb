"""One reusable suite for the candidate-source protocol, run against every source."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from pickwise.retrieval.index import CatalogIndex, VectorSearch
from pickwise.retrieval.learned import TrainingExample, fit_learned
from pickwise.retrieval.sources import (
    CollaborativeSource,
    Context,
    LikedItemsSource,
    PopularitySource,
    QuerySource,
    Source,
)
from tests.conftest import FILMS, KINDS, HashEmbeddings

LEARNED = ["comention", "context", "neighbours", "recommended"]


def build_index() -> CatalogIndex:
    vectors = HashEmbeddings().encode([f.document() for f in FILMS])
    return CatalogIndex(list(FILMS), vectors, KINDS)


def make_sources(index: CatalogIndex) -> dict[str, Source]:
    search = VectorSearch(index)
    n = len(index)
    sim = sp.random(n, n, density=0.5, random_state=0, format="csr")
    return {
        "query": QuerySource(search),
        "liked": LikedItemsSource(search),
        "collaborative": CollaborativeSource(sim),
        "popularity": PopularitySource(np.arange(n, dtype=float)),
        **{s.name: s for s in learned_model(index).sources(index.row_of, n)},
    }


def learned_model(index: CatalogIndex):  # type: ignore[no-untyped-def]
    """Fitted on made-up conversations over the fixture films."""
    emb = HashEmbeddings()
    ids = index.ids
    talks = [("time travel and space", ids[:3]), ("a funny family film", ids[2:5])] * 3
    examples = [TrainingExample(emb.encode_query(t), tuple(i)) for t, i in talks]
    return fit_learned(
        examples, [i for _, i in talks], [item for _, items in talks for item in items], 1.0
    )


@pytest.fixture(params=["query", "liked", "collaborative", "popularity", *LEARNED])
def source_and_ctx(request: pytest.FixtureRequest) -> tuple[Source, Context]:
    index = build_index()
    mask = index.mask([], exclude=["arrival-2016"])
    assert mask is not None
    mask &= np.array(["Horror" not in f.metadata["genres"] for f in FILMS])
    ctx = Context(
        index,
        mask,
        HashEmbeddings().encode_query("time comedy"),
        index.rows(["arrival-2016", "interstellar-2014"]),
        HashEmbeddings().encode_query("space and time"),
        index.rows(["arrival-2016", "interstellar-2014"]),
    )
    return make_sources(index)[request.param], ctx


def test_source_is_active_for_this_request(source_and_ctx: tuple[Source, Context]) -> None:
    source, ctx = source_and_ctx
    assert source.active(ctx)


def test_candidates_respect_the_mask_and_n(source_and_ctx: tuple[Source, Context]) -> None:
    source, ctx = source_and_ctx
    rows = source.candidates(ctx, 4)
    assert ctx.mask is not None
    assert len(rows) <= 4 * max(1, len(ctx.liked_rows))
    assert all(ctx.mask[r] for r in rows)
    assert len(set(rows.tolist())) == len(rows)


def test_scores_cover_any_rows_with_evidence(source_and_ctx: tuple[Source, Context]) -> None:
    source, ctx = source_and_ctx
    rows = np.arange(len(ctx.index))
    scores, evidence = source.score(ctx, rows)
    assert scores.shape == (len(rows),) and np.isfinite(scores).all()
    assert len(evidence) == len(rows)
    for ids in evidence:
        assert all(i in ctx.index.row_of for i in ids)


def test_query_candidates_are_the_best_scored(source_and_ctx: tuple[Source, Context]) -> None:
    source, ctx = source_and_ctx
    rows = source.candidates(ctx, 3)
    allowed = np.flatnonzero(ctx.mask)
    scores, _ = source.score(ctx, allowed)
    if source.name in ("query", "popularity"):  # single-list sources return the exact top
        best = set(allowed[np.argsort(-scores, kind="stable")[:3]].tolist())
        assert set(rows.tolist()) == best or np.allclose(
            sorted(source.score(ctx, rows)[0]), sorted(np.sort(scores)[-3:])
        )


def test_collaborative_seeds_on_mentioned_items_when_nothing_is_liked() -> None:
    """A conversation that only names films still gets "people who liked X" picks."""
    index = build_index()
    n = len(index)
    arrival, amelie = index.row_of["arrival-2016"], index.row_of["amelie-2001"]
    sim = sp.lil_matrix((n, n))
    sim[arrival, amelie] = 1.0
    source = CollaborativeSource(sim.tocsr())
    empty = np.zeros(0, dtype=np.int64)
    silent = Context(index, None, None, empty)
    assert not source.active(silent)
    talked = Context(index, None, None, empty, mentioned_rows=np.array([arrival]))
    assert source.active(talked)
    assert source.candidates(talked, 5).tolist() == [amelie]
    scores, evidence = source.score(talked, np.array([amelie]))
    assert scores[0] == 1.0 and evidence == [("arrival-2016",)]
    # liked items, when there are any, are the seeds (the mentioned ones are left out)
    liked = Context(index, None, None, np.array([amelie]), mentioned_rows=np.array([arrival]))
    assert not source.active(liked)
