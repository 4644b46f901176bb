"""The catalog: one named set of items in the store, ready for ingestion and retrieval.

This is the public entry point of the retrieval layer::

    catalog = Catalog.open(home, "films")
    catalog.ingest("films.jsonl")
    catalog.recommend(Request(query="a gentle comedy", where=(catalog.where("year>=1990"),)))
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pickwise.config import DEFAULT_EMBEDDING_MODEL
from pickwise.errors import CatalogError, NotFoundError, RowError, StoreError
from pickwise.retrieval.constraints import Constraint, parse_where
from pickwise.retrieval.embeddings import SentenceEmbeddings, VectorEmbeddings
from pickwise.retrieval.index import CatalogIndex, VectorSearch
from pickwise.retrieval.interactions import (
    CollaborativeModel,
    InteractionReport,
    fit_item_knn,
    read_interactions,
)
from pickwise.retrieval.items import CatalogSpec, FieldKind, Item
from pickwise.retrieval.learned import LearnedModel
from pickwise.retrieval.loaders import OnError, load_items
from pickwise.retrieval.recommender import Recommendation, Recommender, Request
from pickwise.retrieval.sources import (
    CollaborativeSource,
    LikedItemsSource,
    PopularitySource,
    QuerySource,
    Source,
)
from pickwise.retrieval.store import CatalogStore, Manifest, collection_prefix, connect

__all__ = ["DEFAULT_WEIGHTS", "Catalog", "CatalogInfo", "IngestReport", "Progress"]

#: ``(phase, done, total)``: called as ingestion embeds and writes items.
Progress = Callable[[str, int, int], None]

DEFAULT_WEIGHTS: dict[str, float] = {
    "query": 1.0,
    "liked": 0.5,
    "collaborative": 0.5,
    "popularity": 0.1,
    # learned from past conversations; tuned on ReDial by cross-validation (docs/EVALUATION.md)
    "comention": 1.0,
    "context": 0.5,
    "neighbours": 0.5,
    "recommended": 0.25,
}
#: Number fields that stand for popularity when no interaction data was ingested.
POPULARITY_FIELDS = ("popularity", "num_ratings", "votes", "vote_count")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


@dataclass
class IngestReport:
    """The outcome of an ingest or removal."""

    catalog: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    embedded: int = 0
    total: int = 0
    seconds: float = 0.0
    rejected: list[RowError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "rejected": len(self.rejected),
            "embedded": self.embedded,
            "total": self.total,
            "seconds": round(self.seconds, 3),
            "rejected_rows": [
                {"file": e.path, "row": e.row, "field": e.field, "error": e.reason}
                for e in self.rejected
            ],
        }


@dataclass(frozen=True)
class CatalogInfo:
    """What ``pickwise info`` shows."""

    catalog: str
    items: int
    fields: Mapping[str, FieldKind]
    store: str
    collection: str | None
    embedding_model: str
    interactions: bool
    updated: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog,
            "items": self.items,
            "fields": dict(self.fields),
            "store": self.store,
            "collection": self.collection,
            "embedding_model": self.embedding_model,
            "interactions": self.interactions,
            "updated": self.updated,
        }


class Catalog:
    """A named catalog in a Chroma store, with its embeddings and retrieval."""

    def __init__(
        self,
        store: CatalogStore,
        name: str,
        embedder: VectorEmbeddings,
        home: Path,
        weights: Mapping[str, float] | None = None,
        per_source: int = 100,
        store_label: str = "",
    ) -> None:
        if not _NAME.match(name):
            raise CatalogError(
                f"catalog name '{name}' is not allowed; use 1-40 letters, digits, "
                "'_', '-' or '.', starting with a letter or digit."
            )
        self.store = store
        self.name = name
        self.embedder = embedder
        self.home = Path(home)
        self.weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
        self.per_source = per_source
        self.store_label = store_label or str(self.home / "chroma")
        self._state: tuple[Manifest, CatalogIndex, Recommender] | None = None
        self._state_lock = threading.Lock()  # server threads load the index once, not each

    @classmethod
    def open(
        cls,
        home: str | Path,
        name: str = "demo",
        *,
        embedding_model: str | None = None,
        embedder: VectorEmbeddings | None = None,
        chroma_url: str | None = None,
        chroma_host: str | None = None,
        chroma_port: int = 8000,
        weights: Mapping[str, float] | None = None,
        per_source: int = 100,
        batch_size: int = 64,
        device: str | None = None,
    ) -> Catalog:
        """Open (or create) catalog ``name`` in the store under ``home`` or on a Chroma server."""
        home = Path(home)
        client = connect(home / "chroma", chroma_url, chroma_host, chroma_port)
        if embedder is None:
            embedder = SentenceEmbeddings(
                embedding_model or DEFAULT_EMBEDDING_MODEL, batch_size=batch_size, device=device
            )
        label = chroma_url or (
            f"{chroma_host}:{chroma_port}" if chroma_host else str(home / "chroma")
        )
        return cls(CatalogStore(client), name, embedder, home, weights, per_source, label)

    # --- reading -------------------------------------------------------------------------
    @property
    def manifest(self) -> Manifest | None:
        return self.store.manifest(self.name)

    def _current(self) -> tuple[Manifest, CatalogIndex, Recommender]:
        manifest = self.manifest
        if manifest is None:
            raise NotFoundError(
                f"catalog '{self.name}' is empty; load items with "
                f"`pickwise ingest FILE --catalog {self.name}`."
            )
        state = self._state
        if state is None or state[0].collection != manifest.collection:
            with self._state_lock:
                state = self._state
                if state is None or state[0].collection != manifest.collection:
                    index = self._load_index(manifest)
                    state = self._state = (manifest, index, self._recommender(manifest, index))
        return state

    @property
    def index(self) -> CatalogIndex:
        return self._current()[1]

    def __len__(self) -> int:
        manifest = self.manifest
        return manifest.count if manifest else 0

    def get(self, item_id: str) -> Item:
        index = self.index
        row = index.row_of.get(item_id)
        if row is None:
            raise NotFoundError(
                f"no item with id '{item_id}' in catalog '{self.name}'; find ids "
                "with `pickwise search`."
            )
        return index.items[row]

    def items(self) -> list[Item]:
        return list(self.index.items)

    def where(self, expr: str) -> Constraint:
        """Parse a constraint such as ``year>=1990`` against this catalog's fields."""
        return parse_where(expr, self.index.kinds)

    def recommend(self, request: Request | None = None, /, **kwargs: Any) -> list[Recommendation]:
        """Ranked, filtered candidates with attribution; keywords build a :class:`Request`."""
        request = request or Request(**kwargs)
        recommender = self._current()[2]
        unknown = [
            i
            for i in request.liked + request.disliked + request.seen
            if i not in recommender.index.row_of
        ]
        if unknown:
            raise NotFoundError(
                f"unknown item id(s) {unknown[:5]} in catalog '{self.name}'; "
                "find ids with `pickwise search`."
            )
        return recommender.recommend(request)

    def info(self) -> CatalogInfo:
        manifest = self.manifest
        model = manifest.model if manifest else self.embedder.model_name
        return CatalogInfo(
            self.name,
            manifest.count if manifest else 0,
            dict(manifest.kinds) if manifest else {},
            self.store_label,
            manifest.collection if manifest else None,
            model,
            self._interactions_path.exists(),
            manifest.updated if manifest else None,
        )

    def as_vectorstore(self) -> Any:
        """This catalog as a LangChain ``Chroma`` vector store (use ``.as_retriever()`` on it)."""
        from langchain_chroma import Chroma

        manifest, _, _ = self._current()
        return Chroma(
            client=self.store.client,
            collection_name=manifest.collection,
            embedding_function=self.embedder,
        )

    # --- writing -------------------------------------------------------------------------
    def ingest(
        self,
        path: str | Path,
        spec: CatalogSpec | None = None,
        fmt: str | None = None,
        on_error: OnError = "fail",
        replace: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Upsert the items of a file; with ``replace`` items not in the file are removed."""
        result = load_items(path, spec, fmt, on_error)
        assert result.spec is not None
        report = self.upsert(result.items, result.spec.metadata, replace=replace, progress=progress)
        report.rejected = result.rejected
        return report

    def upsert(
        self,
        items: Sequence[Item],
        kinds: Mapping[str, FieldKind],
        replace: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Write items as a new catalog version; unchanged items keep their vectors."""
        start = time.perf_counter()
        with self._lock():
            old = self._old_entries()
            old_kinds = {} if replace or self.manifest is None else dict(self.manifest.kinds)
            final: dict[str, Item] = {} if replace else {i: e[0] for i, e in old.items()}
            report = IngestReport(self.name)
            for item in items:
                before = old.get(item.id)
                if before is None:
                    report.added += 1
                elif before[0].content_hash() != item.content_hash():
                    report.updated += 1
                else:
                    report.unchanged += 1
                final[item.id] = item
            report.removed = sum(1 for i in old if i not in final)
            merged = {**old_kinds, **kinds}
            same_model = self.manifest is not None and self.manifest.model == self._model_id
            if (
                report.added == report.updated == report.removed == 0
                and same_model
                and merged == old_kinds
            ):
                report.total = len(final)
                report.seconds = time.perf_counter() - start
                return report
            self._write(list(final.values()), old, merged, report, progress)
        report.seconds = time.perf_counter() - start
        return report

    def remove(self, ids: Iterable[str]) -> IngestReport:
        """Remove items by id (a new version without them); unknown ids are an error."""
        ids = list(dict.fromkeys(ids))
        with self._lock():
            old = self._old_entries()
            missing = [i for i in ids if i not in old]
            if missing:
                raise NotFoundError(
                    f"no item(s) {missing[:5]} in catalog '{self.name}'; nothing was removed."
                )
            start = time.perf_counter()
            keep = [e[0] for i, e in old.items() if i not in set(ids)]
            report = IngestReport(self.name, removed=len(ids), unchanged=len(keep))
            assert self.manifest is not None
            self._write(keep, old, dict(self.manifest.kinds), report, None)
        report.seconds = time.perf_counter() - start
        return report

    def delete(self) -> bool:
        """Delete the whole catalog and its interaction model."""
        with self._lock():
            self._state = None
            self._interactions_path.unlink(missing_ok=True)
            self._learned_path.unlink(missing_ok=True)
            return self.store.delete_catalog(self.name)

    def ingest_interactions(
        self,
        path: str | Path,
        min_rating: float | None = None,
        on_error: str = "fail",
        neighbours: int = 100,
    ) -> InteractionReport:
        """Learn the collaborative and popularity signals from a ``user,item[,rating]`` file."""
        triples, report = read_interactions(path, self.index.row_of, min_rating, on_error)
        fit_item_knn(triples, neighbours).save(self._interactions_path)
        self._state = None
        return report

    def save_learned(self, model: LearnedModel) -> None:
        """Store a model learned from past conversations; retrieval uses it from now on."""
        model.save(self._learned_path)
        self._state = None

    # --- internals -----------------------------------------------------------------------
    @property
    def _model_id(self) -> str:
        return self.embedder.model_name

    @property
    def _interactions_path(self) -> Path:
        return self.home / "interactions" / f"{self.name}.npz"

    @property
    def _learned_path(self) -> Path:
        return self.home / "learned" / f"{self.name}.npz"

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """One writer per catalog on this machine."""
        path = self.home / "locks" / f"{self.name}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreError(
                    f"catalog '{self.name}' is being written by another process; "
                    "wait for it to finish."
                ) from exc
            yield

    def _old_entries(self) -> dict[str, tuple[Item, np.ndarray, str]]:
        stored = self.store.load(self.name)
        if stored is None:
            return {}
        return {
            item.id: (item, stored.vectors[i], stored.document_hashes[i])
            for i, item in enumerate(stored.items)
        }

    def _write(
        self,
        items: list[Item],
        old: Mapping[str, tuple[Item, np.ndarray, str]],
        kinds: dict[str, FieldKind],
        report: IngestReport,
        progress: Progress | None,
    ) -> None:
        model = self._model_id
        hashes = [item.document_hash(model) for item in items]
        todo = [
            i for i, item in enumerate(items) if item.id not in old or old[item.id][2] != hashes[i]
        ]
        done = [0]

        def tick(phase: str, total: int) -> Callable[[int], None]:
            done[0] = 0

            def step(n: int) -> None:
                done[0] += n
                if progress:
                    progress(phase, done[0], total)

            return step

        fresh = self.embedder.encode(
            [items[i].document() for i in todo], progress=tick("embedding", len(todo))
        )
        dim = fresh.shape[1] if len(todo) else (len(next(iter(old.values()))[1]) if old else 0)
        vectors = np.zeros((len(items), dim), dtype=np.float32)
        todo_set = set(todo)
        for i, item in enumerate(items):
            if i not in todo_set:
                vectors[i] = old[item.id][1]
        if todo:
            vectors[todo] = fresh
        self.store.write_version(
            self.name, items, vectors, hashes, model, kinds, progress=tick("storing", len(items))
        )
        report.embedded = len(todo)
        report.total = len(items)
        self._state = None

    def _load_index(self, manifest: Manifest) -> CatalogIndex:
        cache = self.home / "cache" / f"{manifest.collection}.npz"
        if cache.exists():
            try:
                with np.load(cache, allow_pickle=False) as z:
                    items = [Item.from_dict(d) for d in json.loads(str(z["items"]))]
                    return CatalogIndex(items, z["vectors"], manifest.kinds)
            except Exception:  # a damaged cache is rebuilt from the store
                cache.unlink(missing_ok=True)
        stored = self.store.load(self.name)
        if stored is None or stored.manifest.collection != manifest.collection:
            raise StoreError(f"catalog '{self.name}' changed while it was being read; retry.")
        index = CatalogIndex(stored.items, stored.vectors, manifest.kinds)
        self._write_cache(cache, index)
        return index

    def _write_cache(self, cache: Path, index: CatalogIndex) -> None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for stale in cache.parent.glob(f"{collection_prefix(self.name)}*.npz"):
            stale.unlink(missing_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            np.savez(
                fh,
                vectors=index.vectors,
                items=np.array(json.dumps([i.to_dict() for i in index.items])),
            )
        tmp.replace(cache)

    def _recommender(self, manifest: Manifest, index: CatalogIndex) -> Recommender:
        collection = self.store.collection(manifest)

        def ann(vector: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
            ids, sims = self.store.query(manifest, vector[None, :], n, collection)[0]
            rows = np.array([index.row_of[i] for i in ids], dtype=np.int64)
            return rows, sims

        search = VectorSearch(index, ann)
        sources: list[Source] = [QuerySource(search), LikedItemsSource(search)]
        counts = None
        if self._interactions_path.exists():
            model = CollaborativeModel.load(self._interactions_path)
            similarity, counts = model.aligned(index.row_of, len(index))
            sources.append(CollaborativeSource(similarity))
        else:
            field_name = next(
                (f for f in POPULARITY_FIELDS if index.kinds.get(f) == "number"), None
            )
            if field_name:
                counts = np.nan_to_num(index.number_column(field_name))
        if counts is not None:
            sources.append(PopularitySource(counts))
        if self._learned_path.exists():
            sources.extend(LearnedModel.load(self._learned_path).sources(index.row_of, len(index)))
        return Recommender(index, self.embedder, sources, self.weights, self.per_source)
