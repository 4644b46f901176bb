"""Candidate sources learned from past conversations.

Four signals fitted in closed form with numpy (seconds on thousands of dialogues), and two read
from the current conversation alone (``mentioned``, ``alike``):

- ``comention``: an EASE item-item model (Steck, 2019) over the conversation x item matrix of
  items mentioned together, scored from the items mentioned so far;
- ``context``: ridge regression from the conversation's embedding to the items it led to;
- ``neighbours``: the nearest past conversations (cosine of embeddings) vote for their items;
- ``recommended``: how often items were recommended in past conversations (log-scaled);
- ``mentioned``: the items already talked about in this conversation, the latest first (nothing is
  fitted: recommenders often come back to a movie just named);
- ``alike``: items whose text embedding is close to the items talked about so far (the recency
  weighted mean of their vectors, nothing fitted).

A fitted :class:`LearnedModel` is stored per catalog and aligned to catalog rows at load time.
A model fitted on few examples is trusted in part (:attr:`LearnedModel.trust`): its sources count
for less in the fusion, and say "people who asked for something like this often chose it" only of
items that several past conversations led to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from pickwise.retrieval.index import top_rows
from pickwise.retrieval.interactions import save_arrays
from pickwise.retrieval.sources import Context, Source, top_scored

__all__ = [
    "MIN_SUPPORT",
    "REJECTED_TARGET",
    "TRUSTED_EXAMPLES",
    "AlikeSource",
    "CoMentionSource",
    "ContextRidgeSource",
    "LearnedModel",
    "MentionedSource",
    "NeighbourSource",
    "RecommendedSource",
    "TrainingExample",
    "fit_learned",
    "recent_text",
]

#: Fitting defaults, chosen by 5-fold cross-validation on ReDial (docs/EVALUATION.md).
EASE_LAMBDA = 500.0
RIDGE_LAMBDA = 50.0
NEIGHBOURS = 50
#: Weight of a mentioned item as a seed of ``alike``: ``MENTIONED_DECAY ** age`` (age 0 = the
#: latest mentioned).
MENTIONED_DECAY = 0.6
#: Score of a mentioned item in the ``mentioned`` source: ``REPEAT_DECAY ** age``. Older
#: mentions come back more often than 0.6 ** age said (docs/EVALUATION.md).
REPEAT_DECAY = 0.8
#: The conversation text the context sources read, in characters: MiniLM reads ~256 word pieces
#: from the start and drops the rest, so only the most recent turns that fit are kept.
CONTEXT_CHARS = 1000
#: Training examples (past recommender turns) from which a learned model is trusted in full.
#: Below it, the fitted sources' fusion weights are scaled by ``examples / TRUSTED_EXAMPLES``:
#: with fewer than twice :data:`NEIGHBOURS` examples, the 50 "nearest" past conversations are
#: most of them, and ridge on a 384-dimensional embedding from a few dozen rows recalls them
#: as neighbours do, so the same few items come back for any request (8 dialogues put a
#: children's game first for "game night with 5 friends"). ReDial's folds fit on thousands.
TRUSTED_EXAMPLES = 100
#: Training examples (past recommender turns, each from a conversation) that must have led to
#: an item before a model trusted in part gives "people who asked for something like this
#: often chose it" (or who talked about a title) as its reason: "often" is three at least.
MIN_SUPPORT = 3
#: The target of a pick turned down, in the ``context`` ridge and the ``neighbours`` votes (a pick
#: the turn led to is 1): such a conversation counts against the item instead of for it. Chosen
#: on ReDial's suggestions the seeker said they did not like (docs/EVALUATION.md).
REJECTED_TARGET = -0.5


@dataclass(frozen=True)
class TrainingExample:
    """One past turn: its conversation embedding, the items it led to, the items said before,
    and the items it showed that the user turned down (a thumbs down: ``rejected``)."""

    vector: np.ndarray
    targets: tuple[str, ...]
    mentioned: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()


@dataclass(frozen=True)
class LearnedModel:
    """The fitted parameters, over the model's own item ids."""

    item_ids: tuple[str, ...]
    ease: np.ndarray  # items x items
    ridge: np.ndarray  # dim x items
    memory: np.ndarray  # examples x dim (unit vectors)
    memory_targets: sp.csr_matrix  # examples x items
    counts: np.ndarray  # items
    neighbours: int = NEIGHBOURS

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves the previous model in place."""
        t = self.memory_targets.tocsr()
        save_arrays(
            path,
            ids=np.array(self.item_ids, dtype=str),
            ease=self.ease,
            ridge=self.ridge,
            memory=self.memory,
            t_data=t.data,
            t_indices=t.indices,
            t_indptr=t.indptr,
            t_shape=np.array(t.shape),
            counts=self.counts,
            neighbours=np.array(self.neighbours),
        )

    @classmethod
    def load(cls, path: Path) -> LearnedModel:
        with np.load(path, allow_pickle=False) as z:
            targets = sp.csr_matrix(
                (z["t_data"], z["t_indices"], z["t_indptr"]), shape=tuple(z["t_shape"])
            )
            return cls(
                tuple(str(i) for i in z["ids"]),
                z["ease"],
                z["ridge"],
                z["memory"],
                targets,
                z["counts"],
                int(z["neighbours"]),
            )

    @property
    def examples(self) -> int:
        """The training examples it was fitted on (past recommender turns)."""
        return int(self.memory.shape[0])

    @property
    def trust(self) -> float:
        """How far its sources are trusted: ``examples / TRUSTED_EXAMPLES``, at most 1."""
        return min(1.0, self.examples / TRUSTED_EXAMPLES)

    def sources(self, row_of: dict[str, int], n: int) -> list[Source]:
        """The six sources, scoring catalog rows (items unknown to the catalog are dropped)."""
        rows = np.array([row_of.get(i, -1) for i in self.item_ids], dtype=np.int64)
        aligned = _Aligned(rows, n)
        # how many past turns led to each item: what a reason of a model trusted in part needs
        # (a turn whose pick was turned down has a negative target: it is no support)
        led = (self.memory_targets > 0).astype(np.float64)
        support = aligned.to_rows(np.asarray(led.sum(axis=0)).ravel())
        fitted = {"trust": self.trust, "support": support}
        return [
            CoMentionSource(self.ease, aligned, **fitted),
            ContextRidgeSource(self.ridge, aligned, **fitted),
            NeighbourSource(self.memory, self.memory_targets, aligned, self.neighbours, **fitted),
            RecommendedSource(self.counts, aligned, **fitted),
            MentionedSource(),
            AlikeSource(),
        ]


def fit_learned(
    examples: Sequence[TrainingExample],
    conversations: Sequence[Sequence[str]],
    recommended: Sequence[str],
    ease_lambda: float = EASE_LAMBDA,
    ridge_lambda: float = RIDGE_LAMBDA,
    neighbours: int = NEIGHBOURS,
    rejected_target: float = REJECTED_TARGET,
) -> LearnedModel:
    """Fit every learned signal.

    ``examples`` train the context models, ``conversations`` (the items of each past
    conversation) the co-mention model and ``recommended`` (one id per recommendation) popularity.
    An example's ``rejected`` items get the target ``rejected_target`` (negative: the
    conversation counts against them); the callers leave them out of ``conversations`` and
    ``recommended``.
    """
    ids = list(
        dict.fromkeys(
            [i for e in examples for i in e.targets]
            + [i for e in examples for i in e.rejected]
            + [i for c in conversations for i in c]
            + list(recommended)
        )
    )
    col = {i: j for j, i in enumerate(ids)}
    m = len(ids)
    dim = examples[0].vector.shape[0] if examples else 0
    # co-mention: EASE, B = I - P / diag(P) with P = (X'X + lambda I)^-1, zero diagonal
    x = _binary([[col[i] for i in c] for c in conversations], m)
    gram = (x.T @ x).toarray() + ease_lambda * np.eye(m)
    p = np.linalg.inv(gram)
    ease = -p / np.diag(p)
    np.fill_diagonal(ease, 0.0)
    # context: ridge from embeddings to the targets (1 for an item led to, rejected_target for
    # one turned down)
    if examples:
        feats = np.vstack([e.vector for e in examples]).astype(np.float64)
        y = _binary([[col[i] for i in e.targets] for e in examples], m)
        if any(e.rejected for e in examples):
            down = _binary(
                [[col[i] for i in e.rejected if i not in e.targets] for e in examples], m
            )
            y = (y + rejected_target * down).tocsr()
        a = feats.T @ feats + ridge_lambda * np.eye(dim)
        ridge = np.linalg.solve(a, np.asarray((y.T @ feats).T))
        memory = feats / np.maximum(np.linalg.norm(feats, axis=1, keepdims=True), 1e-12)
    else:
        ridge, memory, y = np.zeros((dim, m)), np.zeros((0, dim)), _binary([], m)
    counts = np.zeros(m)
    for i in recommended:
        counts[col[i]] += 1
    return LearnedModel(
        tuple(ids),
        ease.astype(np.float32),
        ridge.astype(np.float32),
        memory.astype(np.float32),
        y,
        counts,
        neighbours,
    )


def recent_text(parts: Sequence[str], limit: int = CONTEXT_CHARS) -> str:
    """The latest ``parts`` joined by spaces, at most ``limit`` characters (the end kept)."""
    kept: list[str] = []
    size = 0
    for part in reversed(parts):
        if size + len(part) + (1 if kept else 0) > limit:
            if not kept:  # one long part: its end, from a word boundary
                tail = part[-limit:]
                space = -1 if part[-limit - 1 : -limit] == " " else tail.find(" ")
                kept.append(tail[space + 1 :] if space < len(tail) - 1 else tail)
            break
        kept.append(part)
        size += len(part) + (1 if len(kept) > 1 else 0)
    return " ".join(reversed(kept))


def _binary(lists: Sequence[Sequence[int]], m: int) -> sp.csr_matrix:
    rows = [r for r, cols in enumerate(lists) for _ in cols]
    cols = [c for cs in lists for c in cs]
    mat = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(lists), m))
    mat.data[:] = 1.0
    return mat


class _Aligned:
    """Maps scores over the model's items to scores over catalog rows."""

    def __init__(self, rows: np.ndarray, n: int) -> None:
        self.keep = rows >= 0
        self.rows = rows[self.keep]
        self.n = n
        self.col_of_row = np.full(n, -1, dtype=np.int64)
        self.col_of_row[self.rows] = np.flatnonzero(self.keep)

    def to_rows(self, model_scores: np.ndarray) -> np.ndarray:
        out = np.zeros(self.n, dtype=np.float64)
        out[self.rows] = model_scores[self.keep]
        return out

    def cols(self, rows: np.ndarray) -> np.ndarray:
        cols = self.col_of_row[rows]
        return cols[cols >= 0]


class _FullScores:
    """Shared part: one score per catalog row, computed once per request; the candidates are the
    top allowed rows with a non-zero score."""

    name = "scores"

    def __init__(self) -> None:
        self._last: tuple[Context, np.ndarray] | None = None

    def _full_scores(self, ctx: Context) -> np.ndarray:
        raise NotImplementedError

    def _scores(self, ctx: Context) -> np.ndarray:
        # read once: the source serves concurrent requests, each with its own ctx
        last = self._last
        if last is None or last[0] is not ctx:
            last = (ctx, self._full_scores(ctx))
            self._last = last
        return last[1]

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        return top_scored(self._scores(ctx), ctx.mask, n)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        return self._scores(ctx)[rows], [()] * len(rows)


class _LearnedSource(_FullScores):
    """A fitted model's scores over its own items, aligned to catalog rows.

    ``trust`` (:attr:`LearnedModel.trust`) scales the source's fusion weight; ``support``, per
    catalog row, counts the past turns that led to the item (see :meth:`explains`)."""

    name = "learned"

    def __init__(
        self, aligned: _Aligned, trust: float = 1.0, support: np.ndarray | None = None
    ) -> None:
        super().__init__()
        self.aligned = aligned
        self.trust = trust
        self.support = support

    def explains(self, row: int) -> bool:
        """Whether its part in ``row``'s score may be given as a reason: always for a model
        trusted in full, else when :data:`MIN_SUPPORT` examples or more led to the item."""
        if self.trust >= 1.0 or self.support is None:
            return True
        return bool(self.support[row] >= MIN_SUPPORT)

    def _model_scores(self, ctx: Context) -> np.ndarray:
        raise NotImplementedError

    def _full_scores(self, ctx: Context) -> np.ndarray:
        return self.aligned.to_rows(self._model_scores(ctx))


class CoMentionSource(_LearnedSource):
    """Items mentioned together with the ones mentioned so far (EASE weights)."""

    name = "comention"

    def __init__(self, ease: np.ndarray, aligned: _Aligned, **fitted: Any) -> None:
        super().__init__(aligned, **fitted)
        self.ease = ease

    def active(self, ctx: Context) -> bool:
        return len(self.aligned.cols(ctx.mentioned_rows)) > 0

    def _model_scores(self, ctx: Context) -> np.ndarray:
        return np.asarray(self.ease[self.aligned.cols(ctx.mentioned_rows)].sum(axis=0))

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        seeds = ctx.mentioned_rows[self.aligned.col_of_row[ctx.mentioned_rows] >= 0]
        cols = self.aligned.col_of_row[rows]
        block = self.ease[np.ix_(self.aligned.col_of_row[seeds], np.maximum(cols, 0))]
        block[:, cols < 0] = 0.0
        best = seeds[np.argmax(block, axis=0)]
        evidence: list[tuple[str, ...]] = [
            (ctx.index.items[b].id,) if v > 0 else ()
            for b, v in zip(best, block.max(axis=0), strict=True)
        ]
        return self._scores(ctx)[rows], evidence


class ContextRidgeSource(_LearnedSource):
    """Ridge regression from the conversation's embedding to the items it leads to."""

    name = "context"
    uses_context = True

    def __init__(self, ridge: np.ndarray, aligned: _Aligned, **fitted: Any) -> None:
        super().__init__(aligned, **fitted)
        self.ridge = ridge

    def active(self, ctx: Context) -> bool:
        return ctx.context_vector is not None and self.ridge.shape[0] == len(ctx.context_vector)

    def _model_scores(self, ctx: Context) -> np.ndarray:
        assert ctx.context_vector is not None
        return np.asarray(ctx.context_vector @ self.ridge)


class NeighbourSource(_LearnedSource):
    """The most similar past conversations vote for their items, weighted by similarity."""

    name = "neighbours"
    uses_context = True

    def __init__(
        self,
        memory: np.ndarray,
        targets: sp.csr_matrix,
        aligned: _Aligned,
        k: int,
        **fitted: Any,
    ) -> None:
        super().__init__(aligned, **fitted)
        self.memory = memory
        self.targets = targets
        self.k = k

    def active(self, ctx: Context) -> bool:
        return (
            ctx.context_vector is not None
            and len(self.memory) > 0
            and self.memory.shape[1] == len(ctx.context_vector)
        )

    def _model_scores(self, ctx: Context) -> np.ndarray:
        assert ctx.context_vector is not None
        near, sims = top_rows(self.memory @ ctx.context_vector, self.k)
        return np.asarray(self.targets[near].T @ np.maximum(sims, 0.0)).ravel()


class RecommendedSource(_LearnedSource):
    """How often items were recommended in past conversations (log-scaled)."""

    name = "recommended"

    def __init__(self, counts: np.ndarray, aligned: _Aligned, **fitted: Any) -> None:
        super().__init__(aligned, **fitted)
        self.log_counts = np.log1p(counts)

    def active(self, ctx: Context) -> bool:
        return bool(self.log_counts[self.aligned.keep].any())

    def _model_scores(self, ctx: Context) -> np.ndarray:
        return self.log_counts


def _recent(rows: np.ndarray, decay: float) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``rows`` in order of their latest occurrence, weighted ``decay ** age``."""
    rows = np.asarray(rows, dtype=np.int64)
    latest = len(rows) - 1 - np.unique(rows[::-1], return_index=True)[1]
    rows = rows[np.sort(latest)]
    return rows, decay ** np.arange(len(rows) - 1, -1, -1, dtype=np.float64)


class MentionedSource:
    """The items already talked about in this conversation, the most recently mentioned first.

    ``ctx.mentioned_rows`` is in order of mention (the latest last); an item scores
    ``decay ** age``. Nothing is learned; excluded items (seen, liked) are never proposed.
    """

    name = "mentioned"

    def __init__(self, decay: float = REPEAT_DECAY) -> None:
        self.decay = decay

    def _rows(self, ctx: Context) -> tuple[np.ndarray, np.ndarray]:
        return _recent(ctx.mentioned_rows, self.decay)

    def active(self, ctx: Context) -> bool:
        rows = ctx.mentioned_rows
        return len(rows) > 0 and (ctx.mask is None or bool(ctx.mask[rows].any()))

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        rows, scores = self._rows(ctx)
        if ctx.mask is not None:
            keep = ctx.mask[rows]
            rows, scores = rows[keep], scores[keep]
        return rows[np.argsort(-scores, kind="stable")][:n]

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        seeds, values = self._rows(ctx)
        full = np.zeros(len(ctx.index), dtype=np.float64)
        full[seeds] = values
        return full[rows], [()] * len(rows)


class AlikeSource(_FullScores):
    """Items whose text is close to the items talked about so far (exact cosine search).

    The query is the recency-weighted mean of the mentioned items' unit vectors; a mentioned item
    itself is left to the ``mentioned`` source. Evidence: the mentioned item closest to each row.
    """

    name = "alike"

    def __init__(self, decay: float = MENTIONED_DECAY) -> None:
        super().__init__()
        self.decay = decay

    def active(self, ctx: Context) -> bool:
        return len(ctx.mentioned_rows) > 0 and len(ctx.index.vectors) > 0

    def _full_scores(self, ctx: Context) -> np.ndarray:
        rows, weights = _recent(ctx.mentioned_rows, self.decay)
        query = weights @ np.asarray(ctx.index.vectors[rows], dtype=np.float64)
        query /= max(float(np.linalg.norm(query)), 1e-12)
        scores = np.asarray(ctx.index.vectors @ query, dtype=np.float64)
        scores[rows] = 0.0
        return scores

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        seeds = _recent(ctx.mentioned_rows, self.decay)[0]
        sims = np.asarray(ctx.index.vectors[rows]) @ np.asarray(ctx.index.vectors[seeds]).T
        best = seeds[np.argmax(sims, axis=1)] if len(seeds) else np.zeros(len(rows), np.int64)
        evidence: list[tuple[str, ...]] = [(ctx.index.items[b].id,) for b in best]
        return self._scores(ctx)[rows], evidence
