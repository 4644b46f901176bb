"""Candidate sources: each proposes rows for a request and scores any row asked about.

Separating ``candidates`` (recall) from ``score`` (a value for every candidate in the union)
lets the fusion compare all sources on the same set of items, with no guessing for missing scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import scipy.sparse as sp

from pickwise.retrieval.index import CatalogIndex, VectorSearch, top_rows
from pickwise.retrieval.items import words_pattern

if TYPE_CHECKING:
    from pickwise.retrieval.genres import GenreSource

__all__ = [
    "AvoidSource",
    "CollaborativeSource",
    "Context",
    "DetailedSource",
    "DislikedItemsSource",
    "LikedItemsSource",
    "PopularitySource",
    "QuerySource",
    "Source",
    "top_scored",
]

#: Liked items beyond this many (the most recent ones count) add little and cost a search each.
MAX_LIKED_SEEDS = 10
#: Recency of the collaborative source: a liked item this many places before the last counts half
#: (chosen on MovieLens-small's validation split, docs/EVALUATION.md; ``None`` turns it off).
HALF_LIFE: float | None = 2.0


@dataclass(frozen=True)
class Context:
    """What every source needs to know about one request."""

    index: CatalogIndex
    mask: np.ndarray | None
    query_vector: np.ndarray | None
    liked_rows: np.ndarray
    #: The conversation's embedding (for sources learned from past conversations).
    context_vector: np.ndarray | None = None
    #: Rows of the items mentioned so far, liked ones included.
    mentioned_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: The conversation's text (the request's context, and its query when that says more), for
    #: the people and genres sources.
    text: str = ""
    #: The embedding of what the request would rather avoid ("gory"), for the ``avoid`` source.
    avoid_vector: np.ndarray | None = None
    #: Rows of the disliked items, for the ``disliked`` source.
    disliked_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: What the request would rather avoid, in words ("gory; anime").
    avoid: str = ""
    #: The request's own free text ("a heist movie"), for the ``keywords`` source.
    query: str = ""
    #: People the user likes, by name, for the ``people`` source (a softer signal than a name
    #: said in :attr:`text`).
    people: tuple[str, ...] = ()


class Source(Protocol):
    """One signal: ``candidates`` proposes rows, ``score`` rates rows with evidence ids.

    A source that reads ``Context.context_vector`` sets a class attribute ``uses_context = True``;
    without one, the recommender does not encode the conversation at all. A source that only
    re-scores the others' candidates sets ``proposes = False`` (its ``candidates`` go unused).
    """

    name: str

    def active(self, ctx: Context) -> bool: ...

    def candidates(self, ctx: Context, n: int) -> np.ndarray: ...

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]: ...


class DetailedSource(Source, Protocol):
    """A source that also says what an item shares with its evidence (short phrases for the
    reason shown to the user), for the few results returned rather than every candidate; the
    request's context, when given, may leave some out (what the request would rather avoid)."""

    def details(
        self, row: int, evidence: tuple[str, ...], ctx: Context | None = None
    ) -> tuple[str, ...]: ...


def top_scored(scores: np.ndarray, mask: np.ndarray | None, n: int) -> np.ndarray:
    """The ``n`` best rows of a full score vector among those allowed with a non-zero score."""
    allowed = scores != 0 if mask is None else (scores != 0) & mask
    rows = np.flatnonzero(allowed)
    return top_rows(scores[rows], n, rows)[0]


def _no_evidence(rows: np.ndarray) -> list[tuple[str, ...]]:
    return [()] * len(rows)


class QuerySource:
    """Dense similarity of the request's free text to the item text."""

    name = "query"

    def __init__(self, search: VectorSearch) -> None:
        self.search = search

    def active(self, ctx: Context) -> bool:
        return ctx.query_vector is not None

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        assert ctx.query_vector is not None
        return self.search.search(ctx.query_vector, n, ctx.mask)[0]

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        assert ctx.query_vector is not None
        return ctx.index.vectors[rows] @ ctx.query_vector, _no_evidence(rows)


#: How much an item of a genre to avoid is pushed down, in standard deviations of similarity.
GENRE_PENALTY = 2.0
#: How much an item whose description says a word to avoid ("no zombies") is pushed down.
WORD_PENALTY = 2.0
#: Words of three letters worth finding in a description ("sad" itself finds little).
_SHORT_OK = frozenset(["sex", "gun", "war"])
#: Words of what to avoid that say nothing on their own ("too much", "stuff").
_AVOID_GENERIC = frozenset(
    ["much", "many", "stuff", "things", "thing", "films", "movies", "film", "movie", "anything"]
)


#: Words a description uses for what people would avoid, by the beginnings of the words they
#: say it with: "too violent" also finds "brutal" and "grisly" (The Raid, "a brutal ... action
#: film", came after "the first one is too violent"), "nothing with death in it" finds "grief".
AVOID_FAMILIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (
        ("violen", "gory", "gore", "blood", "brutal", "graphic"),
        ("violen", "brutal", "bloody", "bloodbath", "gory", "gore", "gruesome", "grisly",
         "savage", "carnage", "massacre", "slaughter", "disturbing", "shocking", "shocker",
         "harrowing", "nightmarish", "sadistic"),
    ),
    (
        ("death", "dying", "dead", "kill", "murder"),
        ("death", "dying", "grief", "grieving", "funeral", "mourning", "killing", "killed",
         "murder", "widow"),
    ),
    (
        ("sad", "cry", "depress", "tearjerk", "tragic", "heartbreak", "bleak", "upsetting"),
        ("tragic", "tragedy", "heartbreak", "grief", "grieving", "mourning", "bleak",
         "devastating", "depress"),
    ),
    (
        ("scar", "frighten", "terrif", "creepy", "spooky", "horror"),
        ("terrif", "terror", "frighten", "scary", "creepy", "dread", "nightmare", "unnerving",
         "disturbing", "chilling", "eerie", "shocker"),
    ),
    (("sex", "nude", "nudity", "erotic", "steamy"), ("sex", "erotic", "nudity", "seduct")),
    (("swear", "profan", "cursing"), ("profan", "swear", "foul-mouth")),
    (("drug",), ("drug", "heroin", "cocaine", "addict")),
    (
        ("chees", "corny", "sappy", "schmaltz", "saccharin", "mushy", "soppy", "syrup", "sugary",
         "mawkish", "sentimental"),
        ("cheesy", "corny", "sappy", "schmaltz", "saccharin", "mushy", "soppy", "syrup", "sugary",
         "mawkish", "sentimental"),
    ),
)  # fmt: skip


def _saying(ctx: Context, rows: np.ndarray, avoid: str) -> np.ndarray:
    """1.0 for the items whose title or description says a word of ``avoid`` (four letters or
    more, :meth:`Item.says`) or of its family (:data:`AVOID_FAMILIES`), else 0.0. A family's word
    that the request asks for is no word to avoid: "films about grief, not depressing" pushed
    down every film that says "grief" ("depressing" finds "grief" too)."""
    words = {w for w in re.findall(r"[a-z][a-z'-]{2,}", avoid.lower()) if w not in _AVOID_GENERIC}
    said = set(words)
    for triggers, family in AVOID_FAMILIES:
        if any(w.startswith(triggers) for w in said):
            words |= set(family) - _asked_for(ctx.query, family)
    words = {w for w in words if len(w) >= 4 or w in _SHORT_OK}
    pattern, items = words_pattern(sorted(words)), ctx.index.items
    return np.array([float(items[r].says_any(pattern)) for r in rows])


def _asked_for(query: str, family: tuple[str, ...]) -> set[str]:
    """The words of an avoided word's ``family`` that the request's own words begin with
    ("films about grief" asks for "grief")."""
    said = re.findall(r"[a-z][a-z'-]{2,}", query.lower())
    return {w for w in family if any(s.startswith(w) for s in said)}


def _above_mean(sims: np.ndarray) -> np.ndarray:
    """How far above the mean each value is, in standard deviations (0 at or below it)."""
    spread = sims.std()
    if not np.isfinite(spread) or spread < 1e-12:
        return np.zeros_like(sims)
    return np.maximum(sims - sims.mean(), 0.0) / spread


class AvoidSource:
    """Pushes down the candidates whose text is most like what the request would rather avoid
    ("a scary movie, not too gory").

    Only the candidates closer to the avoided words than the candidates' mean are penalised (the
    positive part of the z-scored similarity): a sentence embedding of one word ("gory") is a
    rough signal, good at telling which items are most about it and poor at ordering the rest,
    which keep their order. A word that names a genre ("anime" -> Animation) also penalises the
    items of that genre by :data:`GENRE_PENALTY`, unless the conversation asks for that genre
    ("horror but not slashers" keeps horror), and the items whose description says a word to
    avoid are penalised by :data:`WORD_PENALTY` ("a scary movie, nothing with zombies" put Night
    of the Living Dead first). It proposes nothing.
    """

    name = "avoid"
    proposes = False
    #: It only pushes candidates down: alone, it leaves nothing to rank by.
    pushes_down = True

    def __init__(self, genres: GenreSource | None = None) -> None:
        self.genres = genres

    def active(self, ctx: Context) -> bool:
        return ctx.avoid_vector is not None

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        return np.zeros(0, dtype=np.int64)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        assert ctx.avoid_vector is not None
        penalty = _above_mean(ctx.index.vectors[rows] @ ctx.avoid_vector)
        if ctx.avoid:
            penalty = penalty + WORD_PENALTY * _saying(ctx, rows, ctx.avoid)
        if self.genres is not None:
            for _, hit in self.genres.avoided(ctx):
                penalty = penalty + GENRE_PENALTY * hit[rows]
        return -penalty, _no_evidence(rows)


class DislikedItemsSource:
    """Pushes down the candidates most like an item the user disliked (negative feedback).

    As :class:`AvoidSource`: only the candidates closer than the mean to their nearest disliked
    item are penalised, by how much; the evidence is that item. It proposes nothing.
    """

    name = "disliked"
    proposes = False
    #: It only pushes candidates down: alone, it leaves nothing to rank by.
    pushes_down = True

    def active(self, ctx: Context) -> bool:
        return len(ctx.disliked_rows) > 0

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        return np.zeros(0, dtype=np.int64)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        seeds = ctx.disliked_rows[-MAX_LIKED_SEEDS:]
        sims = ctx.index.vectors[rows] @ ctx.index.vectors[seeds].T
        nearest = seeds[np.argmax(sims, axis=1)]
        evidence: list[tuple[str, ...]] = [(ctx.index.items[r].id,) for r in nearest]
        return -_above_mean(sims.max(axis=1)), evidence


class LikedItemsSource:
    """Item-to-item similarity of the embeddings to the liked items (mean over them)."""

    name = "liked"

    def __init__(self, search: VectorSearch) -> None:
        self.search = search

    def active(self, ctx: Context) -> bool:
        return len(ctx.liked_rows) > 0

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        seeds = ctx.liked_rows[-MAX_LIKED_SEEDS:]
        found = [self.search.search(ctx.index.vectors[r], n, ctx.mask)[0] for r in seeds]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        seeds = ctx.liked_rows[-MAX_LIKED_SEEDS:]
        sims = ctx.index.vectors[rows] @ ctx.index.vectors[seeds].T
        best = seeds[np.argmax(sims, axis=1)]
        return sims.mean(axis=1), [(ctx.index.items[b].id,) for b in best]


class CollaborativeSource:
    """Item-item weights learned from interactions, summed over the liked items.

    Without liked items, the items talked about in the conversation (``mentioned_rows``) are the
    seeds: naming a film is the conversational way of saying what one has in mind. With a
    ``half_life``, later liked items count more: the last one weighs 1, the one
    ``half_life`` places before it 0.5 (a history is passed oldest first; recent tastes predict
    the next pick better than old ones). The evidence is the liked item that adds the most.
    """

    name = "collaborative"

    def __init__(self, similarity: sp.csr_matrix, half_life: float | None = HALF_LIFE) -> None:
        self.similarity = similarity.tocsr()
        self.half_life = half_life

    @staticmethod
    def seeds(ctx: Context) -> np.ndarray:
        """The liked rows (oldest first), or else the rows mentioned so far (latest last)."""
        return ctx.liked_rows if len(ctx.liked_rows) else ctx.mentioned_rows

    def active(self, ctx: Context) -> bool:
        seeds = self.seeds(ctx)
        return len(seeds) > 0 and self.similarity[seeds].nnz > 0

    def _weights(self, n: int) -> np.ndarray:
        if not self.half_life:
            return np.ones(n)
        return np.power(0.5, np.arange(n - 1, -1, -1) / self.half_life)

    def _totals(self, ctx: Context) -> np.ndarray:
        seeds = self.seeds(ctx)
        return np.asarray(self.similarity[seeds].T @ self._weights(len(seeds))).ravel()

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        # the model keeps positive weights only: a non-zero total is a positive one
        return top_scored(self._totals(ctx), ctx.mask, n)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        seeds = self.seeds(ctx)
        block = self.similarity[seeds][:, rows].toarray()
        block *= self._weights(len(seeds))[:, None]
        totals = block.sum(axis=0)
        best = seeds[np.argmax(block, axis=0)]
        evidence: list[tuple[str, ...]] = [
            (ctx.index.items[b].id,) if t > 0 else () for b, t in zip(best, totals, strict=True)
        ]
        return totals, evidence


class PopularitySource:
    """How often items were interacted with (log-scaled)."""

    name = "popularity"

    def __init__(self, counts: np.ndarray) -> None:
        self.scores = np.log1p(np.maximum(counts, 0.0))
        self.order = np.argsort(-self.scores, kind="stable")

    def active(self, ctx: Context) -> bool:
        return bool(self.scores.any())

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        order = self.order if ctx.mask is None else self.order[ctx.mask[self.order]]
        return order[:n]

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        return self.scores[rows], _no_evidence(rows)
