"""The conversational benchmark: samples, folds, every method on the same samples, metrics.

Learned sources are fitted per fold on the other folds' dialogues (or on a separate ``fit`` set)
and never see the dialogues they score. Every method ranks the same samples in one run.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pickwise.eval.data import Dialogue
from pickwise.eval.learning import fit_from_samples, tuning_pairs
from pickwise.eval.metrics import ranks, recall_at
from pickwise.eval.samples import Sample, build_samples
from pickwise.retrieval.embeddings import VectorEmbeddings
from pickwise.retrieval.fusion import fuse, normalised
from pickwise.retrieval.genres import GenreSource
from pickwise.retrieval.index import CatalogIndex, VectorSearch
from pickwise.retrieval.keywords import KeywordSource
from pickwise.retrieval.learned import LearnedModel
from pickwise.retrieval.people import PeopleSource
from pickwise.retrieval.recommender import Recommender, Request
from pickwise.retrieval.sources import QuerySource, Source
from pickwise.retrieval.traits import TraitsSource
from pickwise.retrieval.tuning import TuningConfig, tune_encoder

__all__ = [
    "KS",
    "MAX_K",
    "BenchmarkResult",
    "fold_of",
    "nested_tuning",
    "run_benchmark",
    "text_sources",
    "tune_weights",
]

KS = (1, 10, 50)
MAX_K = 50
SETTINGS = ("ALL", "NEW")
#: Methods read off the fused scores: a single source ranks the candidate union alone.
SINGLE = {"dense": "query", "popularity": "recommended", "ratings": "collaborative"}
LEARNED = (
    *("comention", "context", "neighbours", "alike", "people", "genres", "traits"),
    "keywords",
)
WORD = re.compile(r"[a-z0-9]+")
#: (phase, done, total)
Progress = Callable[[str, int, int], None]


@dataclass
class BenchmarkResult:
    """Target ranks per setting and method, timings and fusion records for tuning."""

    samples: int = 0
    ranks: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    records: dict[str, list[tuple[dict[str, np.ndarray], np.ndarray, int]]] = field(
        default_factory=dict
    )
    folds: list[dict[str, Any]] = field(default_factory=list)
    #: The fold of each record (parallel to ``records``), for tuning on the other folds.
    record_folds: dict[str, list[int]] = field(default_factory=dict)
    #: The last fitted model (for timing turns without fitting again).
    model: LearnedModel | None = None
    #: Per scored sample, the fused top ids of the ALL setting (for the LLM re-rank measure).
    top: list[tuple[Sample, list[str]]] = field(default_factory=list)

    def recall(self) -> dict[str, dict[str, dict[str, float]]]:
        return {
            setting: {
                method: {f"recall@{k}": round(recall_at(r, k), 4) for k in KS}
                for method, r in by_method.items()
            }
            for setting, by_method in self.ranks.items()
        }


def fold_of(n_dialogues: int, folds: int, seed: int = 0) -> np.ndarray:
    """Fold number of each dialogue: a seeded shuffle dealt round-robin."""
    order = np.random.default_rng(seed).permutation(n_dialogues)
    out = np.zeros(n_dialogues, dtype=np.int64)
    out[order] = np.arange(n_dialogues) % folds
    return out


class _Bm25:
    def __init__(self, index: CatalogIndex) -> None:
        from rank_bm25 import BM25Okapi

        self.bm25 = BM25Okapi([WORD.findall(i.document().lower()) or ["_"] for i in index.items])
        self.ids = index.ids

    def rank(self, text: str, exclude: set[str]) -> list[str]:
        tokens = WORD.findall(text.lower())
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        order = np.argsort(-scores, kind="stable")
        out: list[str] = []
        for r in order:
            if scores[r] <= 0 or len(out) == MAX_K:
                break
            if self.ids[r] not in exclude:
                out.append(self.ids[r])
        return out


class _Precomputed(VectorEmbeddings):
    """Vectors computed in one batch up front; the retrieval code asks as it would per turn."""

    def __init__(self, vectors: Mapping[str, np.ndarray], fallback: VectorEmbeddings) -> None:
        self.vectors = vectors
        self.fallback = fallback
        self.model_name = fallback.model_name

    def encode(self, texts: Sequence[str], progress: Any = None) -> np.ndarray:
        return np.vstack([self.encode_query(t) for t in texts])

    def encode_query(self, text: str) -> np.ndarray:
        v = self.vectors.get(text)
        return v if v is not None else self.fallback.encode_query(text)


def run_benchmark(
    dialogues: Sequence[Dialogue],
    index: CatalogIndex,
    embedder: VectorEmbeddings,
    weights: Mapping[str, float],
    folds: int = 5,
    fit: Sequence[Dialogue] | None = None,
    limit: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
    extra: Sequence[Source] = (),
    tuning: TuningConfig | None = None,
) -> BenchmarkResult:
    """Score every sample (or ``limit`` of them, drawn evenly) with every method.

    ``extra`` sources (fitted on other data than the dialogues, e.g. ratings) join every fold.
    With ``tuning``, each fold tunes a copy of the encoder on its training samples and reads
    the items and conversations through it (every source that reads text, and BM25 aside).
    """
    known = frozenset(index.row_of)
    samples = build_samples(dialogues, known)
    fit_samples = build_samples(fit, known) if fit is not None else []
    scored = list(range(len(samples)))
    if limit is not None and limit < len(samples):
        pick = np.random.default_rng(seed).choice(len(samples), limit, replace=False)
        scored = sorted(int(i) for i in pick)
    texts = sorted({s.user_text for s in samples + fit_samples if s.user_text})
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress:
            progress("embedding conversations", done[0], len(texts))

    vectors = dict(zip(texts, embedder.encode(texts, progress=tick), strict=True))
    dim = len(index.vectors[0]) if len(index) else 0

    def vecs(group: Sequence[Sample], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
        zero = np.zeros(dim, dtype=np.float32)
        return np.vstack([vectors.get(s.user_text, zero) for s in group])

    bm25 = _Bm25(index)
    result = BenchmarkResult(len(scored))
    result.ranks = {s: {} for s in SETTINGS}
    result.records = {s: [] for s in SETTINGS}
    result.record_folds = {s: [] for s in SETTINGS}
    plan: list[tuple[int, list[int], list[Sample], Sequence[Dialogue]]]
    if fit is not None:
        plan = [(0, scored, fit_samples, fit)]
    else:
        fold = fold_of(len(dialogues), folds, seed)
        plan = [
            (
                f,
                [i for i in scored if fold[samples[i].dialogue] == f],
                [s for s in samples if fold[s.dialogue] != f],
                dialogues,
            )
            for f in range(folds)
        ]
    finished = 0
    for f, test, train, train_dialogues in plan:
        fold_index, fold_vectors, fold_embedder = index, vectors, embedder
        if tuning is not None:
            fold_index, fold_vectors, fold_embedder = _tuned_fold(
                embedder.model_name, tuning, train_dialogues, train, index, texts, progress
            )
        model = fit_from_samples(train_dialogues, train, vecs(train, fold_vectors), known)
        result.model = model
        test_dialogues = {samples[i].dialogue for i in test}
        train_dialogue_ids = {s.dialogue for s in train} if fit is None else set()
        assert not test_dialogues & train_dialogue_ids, "a scored dialogue was fitted on"
        result.folds.append({"fold": f, "train_samples": len(train), "scored_samples": len(test)})
        sources = text_sources(fold_index)
        sources += model.sources(fold_index.row_of, len(fold_index))
        sources += extra
        fast = _Precomputed(fold_vectors, fold_embedder)
        recommender = Recommender(fold_index, fast, sources, weights)
        for i in test:
            _score_sample(samples[i], recommender, bm25, weights, result)
            for setting, folds_of in result.record_folds.items():
                folds_of.extend([f] * (len(result.records[setting]) - len(folds_of)))
            finished += 1
            if progress:
                progress("scoring", finished, len(scored))
    return result


def _tuned_fold(
    base: str,
    config: TuningConfig,
    dialogues: Sequence[Dialogue],
    train: Sequence[Sample],
    index: CatalogIndex,
    texts: Sequence[str],
    progress: Progress | None,
) -> tuple[CatalogIndex, dict[str, np.ndarray], VectorEmbeddings]:
    """The encoder tuned on ``train``, with the items and conversation ``texts`` it embeds."""

    def tick(done: int, total: int) -> None:
        if progress:
            progress("tuning the encoder", done, total)

    encoder = tune_encoder(base, tuning_pairs(dialogues, train, index), config, progress=tick)
    items = encoder.encode([item.document() for item in index.items])
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))
    return CatalogIndex(index.items, items, index.kinds, index.roles), vectors, encoder


def text_sources(index: CatalogIndex) -> list[Source]:
    """The sources that read the conversation's text and need nothing fitted: dense similarity
    to the item text, the people and genres named, and what the mentioned items share."""
    return [
        QuerySource(VectorSearch(index)),
        PeopleSource(index),
        GenreSource(index),
        TraitsSource(index),
        KeywordSource(index),
    ]


def _score_sample(
    sample: Sample,
    recommender: Recommender,
    bm25: _Bm25,
    weights: Mapping[str, float],
    result: BenchmarkResult,
) -> None:
    ids = recommender.index.ids
    present = {s.name for s in recommender.sources}
    for setting in SETTINGS:
        targets = sample.targets if setting == "ALL" else sample.new_targets
        if not targets:
            continue
        seen = sample.mentioned if setting == "NEW" else ()
        request = Request(
            query=sample.user_text,
            context=sample.user_text,
            mentioned=sample.mentioned,
            seen=seen,
            k=MAX_K,
        )
        start = time.perf_counter()
        _, union, scored = recommender.score(request)
        raw = {name: values for name, (values, _) in scored.items()}
        total = fuse(raw, weights)[0] if raw else np.zeros(len(union))
        fused = [ids[union[j]] for j in np.argsort(-total, kind="stable")[:MAX_K]]
        if setting == "ALL":
            result.seconds.append(time.perf_counter() - start)
            result.top.append((sample, fused))
        out = result.ranks[setting]
        out.setdefault("pickwise", []).extend(ranks(fused, targets))
        for method in (*SINGLE, *LEARNED):
            if SINGLE.get(method, method) not in present:
                continue  # e.g. no ratings in this run
            values = raw.get(SINGLE.get(method, method))
            order: Any = [] if values is None else np.argsort(-values, kind="stable")[:MAX_K]
            out.setdefault(method, []).extend(
                ranks([ids[union[j]] for j in order if values is not None and values[j]], targets)
            )
        out.setdefault("bm25", []).extend(ranks(bm25.rank(sample.user_text, set(seen)), targets))
        target_rows = np.array([recommender.index.row_of[t] for t in targets])
        result.records[setting].append(
            (
                {k: normalised(k, v) for k, v in raw.items()},
                np.isin(union, target_rows),
                len(targets),
            )
        )


def tune_weights(
    records: Mapping[str, Sequence[tuple[dict[str, np.ndarray], np.ndarray, int]]],
    start: Mapping[str, float],
    grid: Sequence[float] = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0),
    rounds: int = 2,
) -> tuple[dict[str, float], float]:
    """Coordinate ascent on the mean of Recall@10 and @50 over both settings.

    Re-fuses the stored z-scores, so it costs no retrieval. Recall here counts targets inside the
    candidate union only, which is exactly what fusion weights can change.
    """
    names = sorted({n for recs in records.values() for z, _, _ in recs for n in z})
    weights = {n: float(start.get(n, 1.0)) for n in names}
    stacked = [_Stacked(recs, names) for recs in records.values()]

    def objective(w: Mapping[str, float]) -> float:
        total = []
        for st in stacked:
            hits, count = st.hits(w, (10, 50))
            total += [hits[k] / max(count, 1) for k in hits]
        return float(np.mean(total)) if total else 0.0

    best = objective(weights)
    for _ in range(rounds):
        for name in names:
            for value in grid:
                trial = {**weights, name: value}
                score = objective(trial)
                if score > best + 1e-9:
                    best, weights = score, trial
    return weights, best


class _Stacked:
    """Stored records laid end to end, to re-fuse them all at once for many weight trials.

    ``hits`` equals :func:`_hits` on the same records: a target's position is the number of
    candidates of its sample that score higher, plus the equal ones before it (a stable sort).
    """

    def __init__(
        self, recs: Sequence[tuple[dict[str, np.ndarray], np.ndarray, int]], names: Sequence[str]
    ) -> None:
        self.names = list(names)
        sizes = np.array([len(t) for _, t, _ in recs], dtype=np.int64)
        starts = np.cumsum(sizes) - sizes
        self.z = np.zeros((len(self.names), int(sizes.sum())), dtype=np.float64)
        for (z, _, _), start, size in zip(recs, starts, sizes, strict=True):
            for j, n in enumerate(self.names):
                if n in z:
                    self.z[j, start : start + size] = z[n]
        self.count = sum(n for _, _, n in recs)
        # each target (flat position, its sample), then each (target, candidate of its sample)
        record = np.repeat(np.arange(len(recs)), [int(t.sum()) for _, t, _ in recs])
        self.target = np.array(
            [
                start + j
                for (_, t, _), start in zip(recs, starts, strict=True)
                for j in np.flatnonzero(t)
            ],
            dtype=np.int64,
        )
        span = sizes[record]
        self.owner = np.repeat(np.arange(len(self.target)), span)
        within = np.arange(len(self.owner)) - np.repeat(np.cumsum(span) - span, span)
        self.other = np.repeat(starts[record], span) + within

    def hits(self, weights: Mapping[str, float], ks: Sequence[int]) -> tuple[dict[int, int], int]:
        score = np.zeros(self.z.shape[1], dtype=np.float64)
        for j, n in enumerate(self.names):
            w = weights.get(n, 0.0)
            if w:
                score += w * self.z[j]
        mine = score[self.target][self.owner]
        theirs = score[self.other]
        ahead = (theirs > mine) | ((theirs == mine) & (self.other < self.target[self.owner]))
        position = np.bincount(self.owner, weights=ahead, minlength=len(self.target))
        return {k: int((position < k).sum()) for k in ks}, self.count


def _hits(
    recs: Sequence[tuple[dict[str, np.ndarray], np.ndarray, int]],
    weights: Mapping[str, float],
    ks: Sequence[int],
) -> tuple[dict[int, int], int]:
    """Targets ranked within each cut-off when the stored z-scores are fused with ``weights``."""
    hits = dict.fromkeys(ks, 0)
    count = 0
    for z, is_target, n_targets in recs:
        score = sum((weights.get(n, 0.0) * v for n, v in z.items()), np.zeros(len(is_target)))
        pos = np.flatnonzero(is_target[np.argsort(-score, kind="stable")])
        count += n_targets
        for k in ks:
            hits[k] += int((pos < k).sum())
    return hits, count


def nested_tuning(
    result: BenchmarkResult, start: Mapping[str, float], progress: Progress | None = None
) -> dict[str, Any]:
    """Tune the weights on the other folds' scores, apply them to each fold, and report recall.

    The honest figure for "tune the weights, then use them": no sample's own scores choose the
    weights it is ranked with. Empty with a single fold (``--fit``).
    """
    folds = sorted({f for fs in result.record_folds.values() for f in fs})
    if len(folds) < 2:
        return {}
    totals = {s: (dict.fromkeys(KS, 0), [0]) for s in result.records}
    chosen = []
    for f in folds:
        train = {
            s: [r for r, g in zip(recs, result.record_folds[s], strict=True) if g != f]
            for s, recs in result.records.items()
        }
        if progress:
            progress("tuning weights on the other folds", f, len(folds))
        weights, _ = tune_weights(train, start)
        chosen.append({"fold": f, "weights": weights})
        for s, recs in result.records.items():
            held = [r for r, g in zip(recs, result.record_folds[s], strict=True) if g == f]
            hits, count = _hits(held, weights, KS)
            for k in KS:
                totals[s][0][k] += hits[k]
            totals[s][1][0] += count
    return {
        "results": {
            s: {f"recall@{k}": round(hits[k] / max(n[0], 1), 4) for k in KS}
            for s, (hits, n) in totals.items()
        },
        "weights_per_fold": chosen,
    }
