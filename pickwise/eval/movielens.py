"""MovieLens leave-last-out: pickwise's non-conversational mode against well-known baselines.

Per user, the last rating by timestamp is the test item; everything before it is training data.
Every method ranks all items the user has not rated in training; we report NDCG@10 and
Recall@10 (one relevant item per user, so Recall@10 is the hit rate). The collaborative and
popularity signals, and every baseline, are fitted on the training ratings only.

pickwise's profile is the user's training history, oldest first, as liked items (implicit
feedback: every rating is an interaction, as for the EASE and ALS baselines). Its fusion weights
and the collaborative source's recency half-life are chosen on a validation split *inside* the
training data (each user's last training item held out, the test item removed); the test items
are never looked at to choose them.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from pickwise.errors import CatalogError
from pickwise.eval.data import imdb_key
from pickwise.eval.metrics import ranks
from pickwise.eval.ranking import ndcg_at_k, recall_at_k
from pickwise.eval.report import provenance, sha256, write_outputs
from pickwise.retrieval.catalog import DEFAULT_WEIGHTS
from pickwise.retrieval.embeddings import VectorEmbeddings
from pickwise.retrieval.fusion import fuse
from pickwise.retrieval.index import CatalogIndex, VectorSearch, top_rows
from pickwise.retrieval.interactions import CollaborativeModel, fit_collaborative, fit_item_knn
from pickwise.retrieval.items import Item
from pickwise.retrieval.recommender import Recommender, Request
from pickwise.retrieval.sources import (
    HALF_LIFE,
    CollaborativeSource,
    LikedItemsSource,
    PopularitySource,
    QuerySource,
    Source,
)
from pickwise.retrieval.traits import TraitsSource

__all__ = [
    "Rating",
    "Split",
    "leave_last_out",
    "linked_ratings",
    "read_links",
    "read_movies",
    "read_ratings",
    "run_movielens",
]

K = 10
#: Recall is also reported at these cut-offs (the chart's curve); rankings are this deep.
CUTOFFS = (1, 5, 10, 20)
DEPTH = max(CUTOFFS)
LIKED_RATING = 4.0
#: Seed-style baseline: at most this many (most recent) liked titles go into the one text.
SEED_TITLES = 20
WEIGHT_GRID = {
    "liked": (0.0, 0.25, 0.5, 1.0),
    "collaborative": (0.5, 1.0),
    "popularity": (0.0, 0.1, 0.25, 0.5),
    "traits": (0.0, 0.5, 1.0),
}
#: Recency half-lives of the collaborative source tried on the validation split (None: off).
HALF_LIFE_GRID: tuple[float | None, ...] = (None, 1.0, 2.0, 3.0, 5.0, 10.0)
PROTOCOL = (
    "Test: each user's last rating by timestamp; every method ranks all items the user did not "
    "rate in training. pickwise's fusion weights and collaborative half-life are chosen by grid "
    "search on a validation split of the training ratings (each user's last training rating held "
    "out, signals refitted without it; test items removed), maximising NDCG@10 then Recall@10; "
    "the test figures use the chosen values."
)
Progress = Callable[[str, int, int], None]
SETTING = "leave-last-out"


@dataclass(frozen=True)
class Rating:
    user: str
    item: str
    rating: float
    timestamp: int


@dataclass(frozen=True)
class Split:
    """Training ratings and one held-out (last) item per user."""

    train: tuple[Rating, ...]
    test: Mapping[str, str]


def read_ratings(path: str | Path) -> list[Rating]:
    """``userId,movieId,rating,timestamp`` rows (MovieLens ``ratings.csv``)."""
    rows: list[Rating] = []
    try:
        with Path(path).open(newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                rows.append(
                    Rating(r["userId"], r["movieId"], float(r["rating"]), int(r["timestamp"]))
                )
    except (OSError, KeyError, ValueError) as exc:
        raise CatalogError(
            f"cannot read ratings {path}: {exc}; expected a CSV with the header "
            "userId,movieId,rating,timestamp (MovieLens ratings.csv)."
        ) from exc
    if not rows:
        raise CatalogError(f"ratings file {path} has no rows.")
    return rows


def read_links(path: str | Path) -> dict[str, str]:
    """MovieLens ``links.csv`` (``movieId,imdbId,tmdbId``): movieId -> IMDb id (``tt0114709``)."""
    out: dict[str, str] = {}
    try:
        with Path(path).open(newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["imdbId"].strip().isdigit():
                    out[r["movieId"]] = imdb_key(r["imdbId"])
    except (OSError, KeyError) as exc:
        raise CatalogError(
            f"cannot read links {path}: {exc}; expected a CSV with the header "
            "movieId,imdbId,tmdbId (MovieLens links.csv)."
        ) from exc
    return out


def linked_ratings(
    ratings: Sequence[Rating], links: Mapping[str, str], imdb_to_item: Mapping[str, str]
) -> list[tuple[str, str, float]]:
    """Ratings re-keyed to another catalog's item ids through IMDb ids (unmatched ones dropped).

    This is how MovieLens interactions feed a catalog built from other metadata (ReDial's).
    """
    out = []
    for r in ratings:
        item = imdb_to_item.get(links.get(r.item, ""))
        if item is not None:
            out.append((r.user, item, r.rating))
    return out


def read_movies(path: str | Path) -> list[Item]:
    """``movieId,title,genres`` rows (MovieLens ``movies.csv``) as items: title + genres text."""
    items: list[Item] = []
    try:
        with Path(path).open(newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                genres = tuple(g for g in r["genres"].split("|") if g and g != "(no genres listed)")
                items.append(Item(r["movieId"], r["title"], "", {"genres": genres}))
    except (OSError, KeyError) as exc:
        raise CatalogError(
            f"cannot read movies {path}: {exc}; expected a CSV with the header "
            "movieId,title,genres (MovieLens movies.csv)."
        ) from exc
    return items


def leave_last_out(ratings: Sequence[Rating], min_ratings: int = 2) -> Split:
    """Hold out each user's last rating by timestamp (ties: the later row in the file)."""
    by_user: dict[str, list[tuple[int, int, Rating]]] = {}
    for pos, r in enumerate(ratings):
        by_user.setdefault(r.user, []).append((r.timestamp, pos, r))
    train: list[Rating] = []
    test: dict[str, str] = {}
    for user, rows in by_user.items():
        rows.sort(key=lambda t: (t[0], t[1]))
        if len(rows) < min_ratings:
            train.extend(r for _, _, r in rows)
            continue
        last = rows[-1][2]
        test[user] = last.item
        # a movie rated twice must not leak its test copy into training
        train.extend(r for _, _, r in rows[:-1] if r.item != last.item)
    return Split(tuple(train), test)


# --- the interaction matrix and the baselines -----------------------------------------------
@dataclass(frozen=True)
class Data:
    """Training data over catalog rows: binary user x item matrix and per-user history."""

    items: list[Item]
    row_of: dict[str, int]
    users: list[str]
    matrix: sp.csr_matrix
    history: dict[str, list[Rating]]
    user_index: dict[str, int]

    @classmethod
    def build(cls, items: list[Item], train: Sequence[Rating], users: Sequence[str]) -> Data:
        row_of = {it.id: i for i, it in enumerate(items)}
        history: dict[str, list[Rating]] = {}
        for r in train:
            if r.item in row_of:
                history.setdefault(r.user, []).append(r)
        for rows in history.values():
            rows.sort(key=lambda r: r.timestamp)
        all_users = sorted(history, key=_user_key)
        u_of = {u: i for i, u in enumerate(all_users)}
        rr = [u_of[r.user] for rows in history.values() for r in rows]
        cc = [row_of[r.item] for rows in history.values() for r in rows]
        m = sp.csr_matrix((np.ones(len(rr)), (rr, cc)), shape=(len(all_users), len(items)))
        m.data[:] = 1.0
        return cls(items, row_of, [u for u in users if u in u_of], m, history, u_of)

    def profile(self, user: str) -> list[str]:
        """Every training item, oldest first (a re-rated item at its latest place): the history
        as implicit feedback, the way the EASE and ALS baselines see it."""
        return list(dict.fromkeys(r.item for r in reversed(self.history[user])))[::-1]

    def liked(self, user: str) -> list[str]:
        """High-rated training items, oldest first (the user's mean when none reach 4)."""
        rows = self.history[user]
        bar = LIKED_RATING if any(r.rating >= LIKED_RATING for r in rows) else _mean(rows)
        return list(dict.fromkeys(r.item for r in rows if r.rating >= bar))


def _mean(rows: Sequence[Rating]) -> float:
    return sum(r.rating for r in rows) / len(rows)


def _user_key(user: str) -> tuple[int, str]:
    return (int(user), user) if user.isdigit() else (1 << 62, user)


Scorer = Callable[[str, int], np.ndarray]


def popularity_scorer(data: Data) -> Scorer:
    counts = np.asarray(data.matrix.sum(axis=0)).ravel()
    return lambda user, u: counts


def item_knn_scorer(data: Data, neighbours: int = 100) -> Scorer:
    sim = _knn_similarity(data, neighbours)
    return lambda user, u: np.asarray((data.matrix[u] @ sim).todense()).ravel()


def _knn_similarity(data: Data, neighbours: int) -> sp.csr_matrix:
    triples = [(r.user, r.item, r.rating) for rows in data.history.values() for r in rows]
    model = fit_item_knn(triples, neighbours)
    sim, _ = model.aligned(data.row_of, len(data.items))
    return sim


def ease_scorer(data: Data, lam: float = 500.0) -> Scorer:
    """EASE (Steck, 2019): ``B = I - P diagMat(1 / diag(P))`` with ``P = (X'X + lam I)^-1``."""
    active = np.flatnonzero(np.asarray(data.matrix.sum(axis=0)).ravel() > 0)
    x = data.matrix[:, active]
    gram = (x.T @ x).toarray().astype(np.float32)
    gram[np.diag_indices_from(gram)] += lam
    p = np.linalg.inv(gram)
    b = -p / np.diag(p)
    b[np.diag_indices_from(b)] = 0.0

    def score(user: str, u: int) -> np.ndarray:
        out = np.zeros(len(data.items))
        out[active] = b[x[u].indices].sum(axis=0)  # the binary row times B, without a matmul
        return out

    return score


def als_scorer(data: Data, factors: int = 64, iterations: int = 15) -> Scorer:
    """Implicit-feedback ALS from the ``implicit`` package (seeded, single-threaded)."""
    try:
        from implicit.cpu.als import AlternatingLeastSquares
    except ImportError as exc:
        raise CatalogError(
            f"the ALS baseline needs the 'implicit' package: pip install implicit ({exc})"
        ) from exc
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, "blas"):  # implicit's advice: BLAS threads slow ALS down
        model = AlternatingLeastSquares(
            factors=factors,
            iterations=iterations,
            regularization=0.05,
            random_state=0,
            num_threads=1,
        )
        model.fit(data.matrix.astype(np.float32), show_progress=False)
    users, items = np.asarray(model.user_factors), np.asarray(model.item_factors)
    return lambda user, u: items @ users[u]


def seed_scorer(data: Data, vectors: np.ndarray, embedder: VectorEmbeddings) -> Scorer:
    """One embedding of the user's liked titles against the item texts (the blog post's way)."""
    title = {it.id: it.title for it in data.items}

    def score(user: str, u: int) -> np.ndarray:
        text = "; ".join(title[i] for i in data.liked(user)[-SEED_TITLES:])
        return vectors @ embedder.encode_query(text)

    return score


def top_k(scores: np.ndarray, seen: np.ndarray, k: int = DEPTH) -> np.ndarray:
    """The ``k`` best rows not in ``seen``, best first (ties: lower row first)."""
    scores = np.asarray(scores, dtype=np.float64).copy()
    scores[seen] = -np.inf
    allowed = np.flatnonzero(np.isfinite(scores))
    return top_rows(scores[allowed], k, allowed)[0]


# --- pickwise ---------------------------------------------------------------------------------
def collaborative_model(data: Data) -> CollaborativeModel:
    """What ``pickwise ingest-interactions`` fits (``fit_collaborative``) on the training data."""
    triples = [(r.user, r.item, r.rating) for rows in data.history.values() for r in rows]
    return fit_collaborative(triples)


def pickwise_recommender(
    data: Data,
    vectors: np.ndarray,
    embedder: VectorEmbeddings,
    weights: Mapping[str, float],
    half_life: float | None = HALF_LIFE,
    model: CollaborativeModel | None = None,
) -> Recommender:
    """The retrieval layer's own Recommender and sources, with signals fitted on ``data``
    (``model``, when given, must have been fitted on ``data``)."""
    index = CatalogIndex(data.items, vectors, {"genres": "list"})
    # the catalog searches ANN-then-filter (Chroma); an exact, unfiltered search plays that part
    search = VectorSearch(index, lambda v, n: top_rows(index.vectors @ v, n))
    sim, counts = (model or collaborative_model(data)).aligned(data.row_of, len(data.items))
    sources: list[Source] = [
        QuerySource(search),
        LikedItemsSource(search),
        CollaborativeSource(sim, half_life),
        PopularitySource(counts),
        TraitsSource(index),
    ]
    return Recommender(index, embedder, sources, weights)


def pickwise_request(data: Data, user: str, k: int = DEPTH) -> Request:
    """The non-conversational request: the whole training history as liked items, in order."""
    return Request(liked=tuple(data.profile(user)), k=k)


def _source_scores(
    rec: Recommender, data: Data, user: str
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Each source's scores over the candidate union, as ``Recommender.recommend`` computes
    them; weights only enter afterwards, so a weight grid re-fuses these without re-scoring."""
    _, union, scored = rec.score(pickwise_request(data, user))
    return union, {name: values for name, (values, _) in scored.items()}


def pickwise_ranking(rec: Recommender, data: Data, user: str, k: int = DEPTH) -> list[str]:
    return [r.item.id for r in rec.recommend(pickwise_request(data, user, k))]


# --- running -----------------------------------------------------------------------------------
def metrics_of(rankings: Mapping[str, Sequence[str]], test: Mapping[str, str]) -> dict[str, float]:
    """Mean NDCG@10 and Recall@k over the users of ``rankings``."""
    users = list(rankings)
    out = {f"ndcg@{K}": float(np.mean([ndcg_at_k(rankings[u], {test[u]}, K) for u in users]))}
    for k in CUTOFFS:
        out[f"recall@{k}"] = float(np.mean([recall_at_k(rankings[u], {test[u]}, k) for u in users]))
    return out


@dataclass(frozen=True)
class Tuned:
    """What the validation split chose, and every trial of the grid."""

    weights: dict[str, float]
    half_life: float | None
    trials: list[dict[str, Any]]
    users: int


def tune_weights(
    split: Split,
    items: list[Item],
    vectors: np.ndarray,
    embedder: VectorEmbeddings,
    users: Sequence[str],
    progress: Progress | None = None,
) -> Tuned:
    """Grid-search the fusion weights and the collaborative half-life on a validation split.

    The validation item is each user's last *training* rating; every signal is refitted without
    it; the test items are not in ``split.train`` and are never looked at.
    """
    inner = leave_last_out(split.train)
    data = Data.build(items, inner.train, [u for u in users if u in inner.test])
    val = [u for u in data.users if inner.test[u] in data.row_of]
    model = collaborative_model(data)
    grid = [
        dict(zip(WEIGHT_GRID, c, strict=True)) for c in itertools.product(*WEIGHT_GRID.values())
    ]
    trials: list[dict[str, Any]] = []
    total_steps, step = len(HALF_LIFE_GRID) * (len(val) + len(grid)), 0
    for half_life in HALF_LIFE_GRID:
        rec = pickwise_recommender(data, vectors, embedder, DEFAULT_WEIGHTS, half_life, model)
        scored = {}
        for u in val:
            scored[u] = _source_scores(rec, data, u)
            step += 1
            if progress:
                progress("tuning on a validation split", step, total_steps)
        for combo in grid:
            ndcg, recall = [], []
            for u in val:
                union, scores = scored[u]
                total, _ = fuse(scores, {**DEFAULT_WEIGHTS, **combo})
                ranked = [data.items[r].id for r in union[np.argsort(-total, kind="stable")[:K]]]
                ndcg.append(ndcg_at_k(ranked, {inner.test[u]}, K))
                recall.append(recall_at_k(ranked, {inner.test[u]}, K))
            trials.append(
                {
                    "weights": combo,
                    "half_life": half_life,
                    f"ndcg@{K}": float(np.mean(ndcg)),
                    f"recall@{K}": float(np.mean(recall)),
                }
            )
            step += 1
            if progress:
                progress("tuning on a validation split", step, total_steps)
    best = max(trials, key=lambda t: (t[f"ndcg@{K}"], t[f"recall@{K}"]))
    return Tuned({**DEFAULT_WEIGHTS, **best["weights"]}, best["half_life"], trials, len(val))


def run_movielens(
    ratings_path: str | Path,
    movies_path: str | Path,
    embedder: VectorEmbeddings,
    limit_users: int | None = None,
    tune: bool = True,
    als: bool = True,
    progress: Progress | None = None,
) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The whole protocol: the JSON-ready result and each method's 0-based target ranks."""
    items = read_movies(movies_path)
    split = leave_last_out(read_ratings(ratings_path))
    row_of = {it.id: i for i, it in enumerate(items)}
    users = sorted((u for u, i in split.test.items() if i in row_of), key=_user_key)
    users = users[:limit_users] if limit_users else users
    data = Data.build(items, split.train, users)
    users = data.users
    docs = [it.document() for it in items]
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if progress:
            progress("embedding item texts", done[0], len(docs))

    vectors = np.asarray(embedder.encode(docs, progress=step), dtype=np.float32)
    tuned = tune_weights(split, items, vectors, embedder, users, progress) if tune else None
    methods = _methods(data, vectors, embedder, tuned, als)
    results: dict[str, dict[str, float]] = {}
    target_ranks: dict[str, list[int]] = {}
    for name, rank in methods.items():
        rankings: dict[str, list[str]] = {}
        for n, user in enumerate(users):
            rankings[user] = rank(user)
            if progress:
                progress(f"ranking: {name}", n + 1, len(users))
        results[name] = metrics_of(rankings, split.test)
        target_ranks[name] = [ranks(rankings[u], [split.test[u]])[0] for u in users]
    result = {
        "benchmark": "movielens-leave-last-out",
        "users": len(users),
        "items": len(items),
        "train_ratings": len(split.train),
        "liked_rating": LIKED_RATING,
        "embedding_model": embedder.model_name,
        "protocol": PROTOCOL,
        "pickwise_profile": "every training rating, oldest first, as a liked item",
        "collaborative_model": "EASE (fit_collaborative, as pickwise ingest-interactions)",
        "fusion_weights_default": dict(DEFAULT_WEIGHTS),
        "half_life_default": HALF_LIFE,
        "fusion_weights_tuned": tuned.weights if tuned else None,
        "half_life_tuned": tuned.half_life if tuned else None,
        "validation_users": tuned.users if tuned else 0,
        "weight_grid": {**WEIGHT_GRID, "half_life": HALF_LIFE_GRID},
        "tuning_trials": tuned.trials if tuned else [],
        "results": results,
    }
    return result, target_ranks


def _methods(
    data: Data,
    vectors: np.ndarray,
    embedder: VectorEmbeddings,
    tuned: Tuned | None,
    als: bool,
) -> dict[str, Callable[[str], list[str]]]:
    def from_scorer(scorer: Scorer) -> Callable[[str], list[str]]:
        def rank(user: str) -> list[str]:
            u = data.user_index[user]
            seen = data.matrix[u].indices
            return [data.items[i].id for i in top_k(scorer(user, u), seen)]

        return rank

    scorers: dict[str, Scorer] = {
        "popularity": popularity_scorer(data),
        "item-knn": item_knn_scorer(data),
        "ease": ease_scorer(data),
        "seed-style dense": seed_scorer(data, vectors, embedder),
    }
    if als:
        scorers["als (implicit)"] = als_scorer(data)
    methods = {name: from_scorer(s) for name, s in scorers.items()}
    model = collaborative_model(data)
    default = pickwise_recommender(data, vectors, embedder, DEFAULT_WEIGHTS, HALF_LIFE, model)
    methods["pickwise (default weights)"] = lambda u: pickwise_ranking(default, data, u)
    if tuned:
        best = pickwise_recommender(data, vectors, embedder, tuned.weights, tuned.half_life, model)
        methods["pickwise (tuned weights)"] = lambda u: pickwise_ranking(best, data, u)
    return methods


def run_and_write(
    ratings_path: Path,
    movies_path: Path,
    embedder: VectorEmbeddings,
    out: Path,
    command: str,
    limit_users: int | None = None,
    tune: bool = True,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run the protocol and write ``movielens.json``/``.md``/``.png`` into ``out``."""
    code = provenance()  # the code as it was when the run started
    result, target_ranks = run_movielens(
        ratings_path, movies_path, embedder, limit_users, tune, progress=progress
    )
    payload = {
        "command": command,
        "code": code,
        "data": {str(p): sha256(p) for p in (ratings_path, movies_path)},
        **result,
        "results": {SETTING: result["results"]},
        "targets": {SETTING: result["users"]},
    }
    paths = write_outputs(out, "movielens", payload, {SETTING: target_ranks}, DEPTH)
    return {**payload, "outputs": [str(p) for p in paths]}
