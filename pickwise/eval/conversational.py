"""One conversational benchmark run (ReDial or INSPIRED format), end to end.

Builds (or reuses) the catalog from the metadata file, runs every method over the samples, measures
per-turn latency beside the cost of one sentence-transformer encoding, tunes the fusion weights by
re-fusing the cross-validated scores, and writes the JSON, Markdown and PNG outputs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pickwise.errors import CatalogError
from pickwise.eval.data import Dialogue, metadata_imdb_ids, read_dialogues, read_metadata
from pickwise.eval.report import provenance, sha256, write_outputs
from pickwise.eval.runner import (
    MAX_K,
    Progress,
    nested_tuning,
    run_benchmark,
    text_sources,
    tune_weights,
)
from pickwise.eval.samples import build_samples
from pickwise.retrieval.catalog import Catalog
from pickwise.retrieval.embeddings import VectorEmbeddings
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.interactions import fit_collaborative
from pickwise.retrieval.learned import LearnedModel
from pickwise.retrieval.recommender import Recommender, Request
from pickwise.retrieval.sources import (
    CollaborativeSource,
    PopularitySource,
    Source,
)
from pickwise.retrieval.tuning import TuningConfig

if TYPE_CHECKING:
    from pickwise.agent.rerank import StructuredLLM
    from pickwise.eval.rerank import RerankSetup

__all__ = ["evaluate", "open_benchmark_catalog"]

#: Samples timed end to end with real encodings (the rest reuse a batch encoding).
LATENCY_SAMPLES = 100


def open_benchmark_catalog(
    metadata: Path, home: Path, embedder: VectorEmbeddings, progress: Progress | None = None
) -> Catalog:
    """The catalog of ``metadata`` under ``home``, built once per file content and model."""
    digest = sha256(metadata)[:16]
    catalog = Catalog.open(
        home / f"{digest}-{_slug(embedder.model_name)}", "bench", embedder=embedder
    )
    if catalog.manifest is None:
        items, kinds = read_metadata(metadata)
        catalog.upsert(items, kinds, progress=progress)
    return catalog


def evaluate(
    name: str,
    dialogues_path: Path,
    fmt: str,
    metadata: Path,
    catalog: Catalog,
    weights: Mapping[str, float],
    out: Path,
    command: str,
    fit_path: Path | None = None,
    folds: int = 5,
    limit: int | None = None,
    tune: bool = True,
    progress: Progress | None = None,
    llm: StructuredLLM | None = None,
    rerank_setup: RerankSetup | None = None,
    ratings: tuple[Path, Path] | None = None,
    tuning: TuningConfig | None = None,
) -> dict[str, Any]:
    """Run the benchmark and write its outputs; returns the JSON payload.

    With ``tuning``, each fold fine-tunes the encoder on its training dialogues first
    (``pickwise learn --tune-encoder``, per fold).
    With an ``llm``, the LLM re-rank is measured on top of the fused retrieval (``rerank``).
    With ``ratings`` (MovieLens ``ratings.csv`` and ``links.csv``), the interaction sources of a
    catalog with ``pickwise ingest-interactions`` data take part too, seeded by the movies
    mentioned so far.
    """
    code = provenance()  # the code as it was when the run started
    index = catalog.index
    titles = {i.id: i.title for i in index.items}
    dialogues = read_dialogues(dialogues_path, fmt, titles)
    fit = read_dialogues(fit_path, fmt, titles) if fit_path else None
    extra, interactions = _interaction_sources(ratings, metadata, index) if ratings else ([], None)
    start = time.perf_counter()
    cached = _DiskCached(catalog.embedder, catalog.home / "conversation-vectors.npz")
    result = run_benchmark(
        dialogues,
        index,
        cached,
        weights,
        folds,
        fit,
        limit,
        progress=progress,
        extra=extra,
        tuning=tuning,
    )
    files = (dialogues_path, metadata, fit_path, *(ratings or ()))
    payload: dict[str, Any] = {
        "benchmark": name,
        "command": command,
        "code": code,
        "data": {str(p): sha256(p) for p in files if p},
        "protocol": {
            "folds": None if fit else folds,
            "fit": str(fit_path) if fit_path else None,
            "limit": limit,
            "dialogues": len(dialogues),
            "catalog_items": len(index),
            "embedding_model": catalog.embedder.model_name,
            "encoder_tuning": dataclasses.asdict(tuning) if tuning else None,
            "backend": llm.name if llm is not None else "none",
            "interactions": interactions,
        },
        "samples": result.samples,
        "targets": {s: len(next(iter(r.values()), [])) for s, r in result.ranks.items()},
        "weights": dict(weights),
        "results": result.recall(),
        "folds": result.folds,
        "seconds": round(time.perf_counter() - start, 1),
    }
    if llm is not None:
        from pickwise.eval.rerank import RerankSetup, measure_rerank  # imports the agent layer

        setup = rerank_setup or RerankSetup(llm.name)
        payload["rerank"] = measure_rerank(
            result.top, dialogues, index, llm, setup, progress=progress
        )
    payload["latency_ms"] = _latency(
        dialogues, result.model, catalog, weights, result.seconds, extra
    )
    if tune:
        tuned, score = tune_weights(result.records, weights)
        payload["tuned_weights"] = {"weights": tuned, "objective": round(score, 4)}
        nested = nested_tuning(result, weights, progress)
        if nested:
            payload["nested_tuning"] = nested
    payload["outputs"] = [str(p) for p in write_outputs(out, name, payload, result.ranks, MAX_K)]
    return payload


def _interaction_sources(
    ratings: tuple[Path, Path], metadata: Path, index: CatalogIndex
) -> tuple[list[Source], dict[str, Any]]:
    """The collaborative and popularity sources from MovieLens ratings linked by IMDb id."""
    from pickwise.eval.movielens import linked_ratings, read_links, read_ratings

    ratings_path, links_path = ratings
    raw = read_ratings(ratings_path)
    triples = linked_ratings(raw, read_links(links_path), metadata_imdb_ids(metadata))
    if not triples:
        raise CatalogError(
            f"no rating in {ratings_path} matched a movie of {metadata} by IMDb id; the metadata "
            "needs an imdb_id per movie and --links the MovieLens links.csv of these ratings."
        )
    model = fit_collaborative(triples)
    similarity, counts = model.aligned(index.row_of, len(index))
    info = {
        "ratings": len(raw),
        "linked_ratings": len(triples),
        "linked_items": len(model.item_ids),
        "model": model.kind,
    }
    return [CollaborativeSource(similarity), PopularitySource(counts)], info


def _latency(
    dialogues: list[Dialogue],
    model: LearnedModel | None,
    catalog: Catalog,
    weights: Mapping[str, float],
    fused_seconds: list[float],
    extra: Sequence[Source] = (),
) -> dict[str, float]:
    """Median ms per turn: retrieval with a real encoding, and one encoding alone, side by side."""
    index, embedder = catalog.index, catalog.embedder
    known = frozenset(index.row_of)
    sources = text_sources(index)
    if model is not None:
        sources += model.sources(index.row_of, len(index))
    recommender = Recommender(index, embedder, [*sources, *extra], weights)
    samples = [s for s in build_samples(dialogues, known) if s.user_text]
    step = max(1, len(samples) // LATENCY_SAMPLES)
    turn, encode = [], []
    for s in samples[::step][:LATENCY_SAMPLES]:
        text = s.user_text + " "  # a text the query cache has not seen
        t0 = time.perf_counter()
        recommender.recommend(Request(query=text, context=text, mentioned=s.mentioned, k=MAX_K))
        t1 = time.perf_counter()
        embedder.encode([text])
        t2 = time.perf_counter()
        turn.append(t1 - t0)
        encode.append(t2 - t1)
    if not turn:
        return {}
    med_turn, med_encode = statistics.median(turn), statistics.median(encode)
    return {
        "turn_median": round(1000 * med_turn, 2),
        "turn_p95": round(1000 * float(np.percentile(turn, 95)), 2),
        "one_encoding_median": round(1000 * med_encode, 2),
        "turn_over_encoding": round(med_turn / med_encode, 2) if med_encode else 0.0,
        "retrieval_only_median": round(1000 * statistics.median(fused_seconds), 2)
        if fused_seconds
        else 0.0,
        "timed_turns": len(turn),
    }


class _DiskCached(VectorEmbeddings):
    """Conversation vectors kept on disk between runs (keyed by text), so reruns skip encoding."""

    def __init__(self, inner: VectorEmbeddings, path: Path) -> None:
        self.inner, self.path, self.model_name = inner, path, inner.model_name
        self.known: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path, allow_pickle=False) as z:
                self.known = dict(zip((str(k) for k in z["keys"]), z["vectors"], strict=True))

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = list(
            dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self.known)
        )
        if progress:
            progress(len(texts) - len(missing))
        if missing:
            fresh = self.inner.encode(missing, progress=progress)
            self.known.update(zip((_key(t) for t in missing), fresh, strict=True))
            tmp = self.path.with_suffix(".tmp.npz")
            np.savez(
                tmp, keys=np.array(list(self.known)), vectors=np.vstack(list(self.known.values()))
            )
            tmp.replace(self.path)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([self.known[k] for k in keys])

    def encode_query(self, text: str) -> np.ndarray:
        return self.inner.encode_query(text)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text)[-40:]
