"""The catalog: one named set of items in the store, ready for ingestion and retrieval.

This is the public entry point of the retrieval layer::

    catalog = Catalog.open(home, "films")
    catalog.ingest("films.jsonl")
    catalog.recommend(Request(query="a gentle comedy", where=(catalog.where("year>=1990"),)))
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pickwise.config import DEFAULT_EMBEDDING_MODEL
from pickwise.errors import CatalogError, ConfigError, NotFoundError, RequestError, StoreError
from pickwise.retrieval import ingest as writing
from pickwise.retrieval.constraints import AnyOf, Constraint, NoneOf, Range, parse_where
from pickwise.retrieval.embeddings import SentenceEmbeddings, VectorEmbeddings, same_model
from pickwise.retrieval.genres import GenreSource, genre_terms, index_genre_fields
from pickwise.retrieval.index import CatalogIndex, VectorSearch
from pickwise.retrieval.ingest import IngestReport, Progress, stamp_path
from pickwise.retrieval.interactions import (
    CollaborativeModel,
    InteractionReport,
)
from pickwise.retrieval.items import CatalogSpec, FieldKind, Item
from pickwise.retrieval.keywords import KeywordSource
from pickwise.retrieval.learned import LearnedModel
from pickwise.retrieval.loaders import OnError, load_items
from pickwise.retrieval.people import PeopleSource, fold_text, name_key
from pickwise.retrieval.recommender import Recommendation, Recommender, Request
from pickwise.retrieval.sources import (
    AvoidSource,
    CollaborativeSource,
    DislikedItemsSource,
    LikedItemsSource,
    PopularitySource,
    QuerySource,
    Source,
)
from pickwise.retrieval.store import CatalogStore, Manifest, collection_prefix, connect
from pickwise.retrieval.traits import TraitsSource
from pickwise.retrieval.tuning import tuned_base

__all__ = [
    "DEFAULT_WEIGHTS",
    "Catalog",
    "CatalogInfo",
    "IngestReport",
    "Progress",
    "check_values",
]


DEFAULT_WEIGHTS: dict[str, float] = {
    "query": 1.0,
    "liked": 0.5,
    "collaborative": 1.0,
    "popularity": 0.1,
    # learned from past conversations; tuned on ReDial by cross-validation (docs/EVALUATION.md)
    "comention": 1.0,
    "context": 1.0,
    "neighbours": 0.25,
    "recommended": 0.5,
    "mentioned": 3.0,
    "alike": 1.0,
    # read from the conversation's text, nothing fitted; tuned on ReDial the same way
    "people": 2.0,
    "genres": 1.0,
    # what a candidate shares with the items talked about (genres, people, era); tuned the same way
    "traits": 1.0,
    # the request's own words in the item text (BM25): ReDial within noise from 0.1 to 0.5
    "keywords": 0.25,
    # push down what the user would rather avoid ("not too gory") and items like the disliked
    # ones; set by hand on the demo catalog (no benchmark has either)
    "avoid": 1.0,
    "disliked": 0.5,
}
#: Number fields that stand for popularity when no interaction data was ingested.
POPULARITY_FIELDS = ("popularity", "num_ratings", "votes", "vote_count")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
#: Seconds a process trusts the catalog pointer it read before reading it again from the store.
#: A new version written through any :class:`Catalog` of the same home is seen at once (the
#: version stamp file); one written by a process of another home into a shared Chroma server,
#: within this many seconds.
MANIFEST_TTL = 2.0
#: Up to this many items, nearest-neighbour search is an exact product over the in-memory
#: vectors (microseconds) instead of a query to Chroma's HNSW index (milliseconds).
EXACT_SEARCH_ITEMS = 2000


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
        manifest_ttl: float = MANIFEST_TTL,
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
        self.manifest_ttl = manifest_ttl
        # (pointer, index, recommender, stamp of the fitted models it was built with)
        self._state: tuple[Manifest, CatalogIndex, Recommender, Any] | None = None
        self._state_lock = threading.Lock()  # server threads load the index once, not each
        # (pointer, version stamp, monotonic time read): the hot paths read no store record
        self._pointer: tuple[Manifest | None, Any, float] | None = None
        self._tuned: dict[str, VectorEmbeddings] = {}  # tuned encoders loaded, by folder
        self._tuned_lock = threading.Lock()  # taken inside _state_lock: a lock of its own

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
        manifest_ttl: float = MANIFEST_TTL,
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
        return cls(
            CatalogStore(client), name, embedder, home, weights, per_source, label, manifest_ttl
        )

    # --- reading -------------------------------------------------------------------------
    @property
    def manifest(self) -> Manifest | None:
        """The catalog pointer, read from the store now (a failed read forgets the cached one,
        so requests go back to the store too and report it)."""
        stamp = self._stamp()
        try:
            manifest = self.store.manifest(self.name)
        except Exception:
            self._pointer = None
            raise
        self._pointer = (manifest, stamp, time.monotonic())
        return manifest

    def _cached_manifest(self) -> Manifest | None:
        """The catalog pointer as of at most ``manifest_ttl`` seconds ago, or newer: a changed
        version stamp (a write through any Catalog of this home) means a fresh read at once."""
        cached = self._pointer
        if (
            cached is not None
            and time.monotonic() - cached[2] < self.manifest_ttl
            and cached[1] == self._stamp()
        ):
            return cached[0]
        return self.manifest

    def _current(self) -> tuple[Manifest, CatalogIndex, Recommender]:
        """The pointer, its index and recommender; rebuilt when the pointer moved, and the
        recommender alone when the fitted models on disk changed (``ingest-interactions`` or
        ``learn`` in another process of this home: seen at the next request)."""
        manifest = self._cached_manifest()
        if manifest is None:
            raise NotFoundError(
                f"catalog '{self.name}' is empty; load items with "
                f"`pickwise --catalog {self.name} ingest FILE`."
            )
        models = self._models_stamp()
        state = self._state
        if state is None or state[0].collection != manifest.collection or state[3] != models:
            with self._state_lock:
                state = self._state
                if state is None or state[0].collection != manifest.collection:
                    index = self._load_index(manifest)
                    state = (manifest, index, self._recommender(manifest, index), models)
                elif state[3] != models:  # new interactions or a new learned model: same items
                    state = (manifest, state[1], self._recommender(manifest, state[1]), models)
                self._state = state
        return state[:3]

    @property
    def index(self) -> CatalogIndex:
        return self._current()[1]

    @property
    def encoder(self) -> VectorEmbeddings:
        """The model that embedded this catalog's items, which queries must use too: the
        configured embeddings, or the encoder ``pickwise learn --tune-encoder`` tuned from them."""
        return self._current()[2].embedder

    def encoder_for(self, model: str) -> VectorEmbeddings | None:
        """The embeddings that read vectors made by ``model``: the configured ones, or a
        pickwise-tuned encoder of them (loaded once); None when ``model`` is neither."""
        if same_model(model, self.embedder.model_name):
            return self.embedder
        base = tuned_base(model)
        if base is None or not same_model(base, self.embedder.model_name):
            return None
        with self._tuned_lock:
            if model not in self._tuned:
                self._tuned[model] = SentenceEmbeddings(
                    model,
                    batch_size=getattr(self.embedder, "batch_size", 64),
                    device=getattr(self.embedder, "_device", None),
                )
            return self._tuned[model]

    def _query_encoder(self, manifest: Manifest) -> VectorEmbeddings:
        """The encoder of the catalog's vectors; when the model set is another, a stand-in
        whose first query says so (reading items, profiles and titles still works)."""
        encoder = self.encoder_for(manifest.model)
        if encoder is None:
            return _OtherModel(
                manifest.model,
                f"catalog '{self.name}' was embedded with model '{manifest.model}', but the "
                f"embedding model set is '{self.embedder.model_name}' "
                "(PICKWISE_EMBEDDING_MODEL); a query embedded by one does not compare with "
                "items embedded by the other. Set PICKWISE_EMBEDDING_MODEL back, or ingest the "
                f"catalog's file again (`pickwise --catalog {self.name} ingest FILE`) to embed "
                "it with the model set.",
            )
        return encoder

    @property
    def _writing_encoder(self) -> VectorEmbeddings:
        """What an ingest embeds new items with: the catalog's tuned encoder if it has one of
        the configured model, else the configured model (every item is embedded again when
        the stored vectors came from another)."""
        manifest = self.manifest
        return (manifest and self.encoder_for(manifest.model)) or self.embedder

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
        """Parse a constraint such as ``year>=1990`` against this catalog's fields and values:
        a text value the catalog does not have is an error (see :func:`check_values`)."""
        index = self.index
        constraint = parse_where(expr, index.kinds)
        if not isinstance(constraint, Range):
            check_values(constraint, index)
        return constraint

    def recommend(self, request: Request | None = None, /, **kwargs: Any) -> list[Recommendation]:
        """Ranked, filtered candidates with attribution; keywords build a :class:`Request`."""
        request = request or Request(**kwargs)
        if any(isinstance(c, str) for c in request.where):  # read as --where reads them
            where = tuple(self.where(c) if isinstance(c, str) else c for c in request.where)
            request = dataclasses.replace(request, where=where)
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
        """This catalog as a LangChain ``Chroma`` vector store (use ``.as_retriever()`` on it).

        Its documents carry the item's metadata and title, not the store's own keys (``_item``,
        ``_doc_hash``: how pickwise reads a version back)."""
        from langchain_chroma import Chroma
        from langchain_core.documents import Document

        def public(doc: Document) -> Document:
            meta = {k: v for k, v in doc.metadata.items() if not k.startswith("_")}
            return doc.model_copy(update={"metadata": meta})

        class CatalogChroma(Chroma):
            def similarity_search_with_score(self, *a: Any, **kw: Any) -> Any:
                return [(public(d), s) for d, s in super().similarity_search_with_score(*a, **kw)]

            def similarity_search_by_vector(self, *a: Any, **kw: Any) -> Any:
                return [public(d) for d in super().similarity_search_by_vector(*a, **kw)]

            def similarity_search_by_vector_with_relevance_scores(self, *a: Any, **kw: Any) -> Any:
                found = super().similarity_search_by_vector_with_relevance_scores(*a, **kw)
                return [(public(d), s) for d, s in found]

            def similarity_search_with_vectors(self, *a: Any, **kw: Any) -> Any:
                found = super().similarity_search_with_vectors(*a, **kw)
                return [(public(d), v) for d, v in found]

            def max_marginal_relevance_search_by_vector(self, *a: Any, **kw: Any) -> Any:
                found = super().max_marginal_relevance_search_by_vector(*a, **kw)
                return [public(d) for d in found]

            def get_by_ids(self, *a: Any, **kw: Any) -> Any:
                return [public(d) for d in super().get_by_ids(*a, **kw)]

        manifest, _, _ = self._current()
        return CatalogChroma(
            client=self.store.client,
            collection_name=manifest.collection,
            embedding_function=self.encoder,
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
        """Upsert the items of a file; with ``replace`` items not in the file are removed, except
        those whose rows were rejected (nothing valid replaced them).

        Added to a catalog (no ``replace``), the file's fields keep the kinds the catalog has
        for them unless the spec declares others: a value that does not fit is a bad row."""
        manifest = None if replace else self.manifest
        stored = dict(manifest.kinds) if manifest is not None else None
        result = load_items(path, spec, fmt, on_error, stored)
        assert result.spec is not None
        unread = [e.row for e in result.rejected if e.item_id is None]
        keep = None if unread else {e.item_id for e in result.rejected if e.item_id}
        report = writing.upsert(
            self,
            result.items,
            result.spec.metadata,
            replace,
            progress,
            keep=keep,
            roles=result.spec.roles if spec is not None and spec.roles is not None else None,
        )
        report.rejected = result.rejected
        report.warnings = [*result.spec.warnings, *report.warnings]
        textless = [item.id for item in result.items if not item.text.strip()]
        if textless:
            ids = ", ".join(textless[:5]) + (" ..." if len(textless) > 5 else "")
            report.warnings.append(
                f"1 item has no text: {ids}; it can only be found by its title and fields."
                if len(textless) == 1
                else f"{len(textless)} items have no text: {ids}; they can only be found by "
                "their titles and fields."
            )
        if replace and unread and report.kept:
            rows = ", ".join(map(str, unread[:5])) + (" ..." if len(unread) > 5 else "")
            report.warnings.append(
                f"{report.kept} stored item(s) missing from the file were kept, not removed: "
                f"the id of rejected row(s) {rows} could not be read, so any of them may be "
                "one of those; fix the rows and ingest again with --replace."
            )
        return report

    def upsert(
        self,
        items: Sequence[Item],
        kinds: Mapping[str, FieldKind],
        replace: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Write items as a new catalog version; unchanged items keep their vectors."""
        return writing.upsert(self, items, kinds, replace, progress)

    def remove(self, ids: Iterable[str]) -> IngestReport:
        """Remove items by id (a new version without them); unknown ids are an error."""
        return writing.remove(self, ids)

    def delete(self) -> bool:
        """Delete the whole catalog and its interaction model."""
        return writing.delete(self)

    def ingest_interactions(
        self,
        path: str | Path,
        min_rating: float | None = None,
        on_error: str = "fail",
        neighbours: int | None = None,
        append: bool = False,
    ) -> InteractionReport:
        """Learn the collaborative (EASE) and popularity signals from a ``user,item[,rating]``
        file, which replaces the stored interactions (``append``: is added to them)."""
        return writing.ingest_interactions(self, path, min_rating, on_error, neighbours, append)

    def use_encoder(
        self, encoder: VectorEmbeddings | None = None, progress: Progress | None = None
    ) -> IngestReport:
        """Embed every item again with ``encoder`` (None: the configured embeddings), as a new
        version; queries use it from then on. Fit the learned sources again after this: they
        read conversations through the encoder."""
        return writing.reembed(self, encoder or self.embedder, progress)

    def save_learned(self, model: LearnedModel) -> None:
        """Store a model learned from past conversations; retrieval uses it from now on."""
        model.save(self._learned_path)
        self._state = None

    # --- internals -----------------------------------------------------------------------
    @property
    def _model_id(self) -> str:
        return self._writing_encoder.model_name

    @property
    def _interactions_path(self) -> Path:
        return self.home / "interactions" / f"{self.name}.npz"

    @property
    def _interaction_rows_path(self) -> Path:
        return self.home / "interactions" / "rows" / f"{self.name}.npz"

    @property
    def _learned_path(self) -> Path:
        return self.home / "learned" / f"{self.name}.npz"

    @property
    def _stamp_path(self) -> Path:
        return stamp_path(self.home, self.name)

    def _stamp(self) -> tuple[int, int, int] | None:
        """What identifies the last version written through this home (one ``stat``)."""
        return _file_stamp(self._stamp_path)

    def _models_stamp(self) -> tuple[tuple[int, int, int] | None, ...]:
        """What identifies the interaction and learned models on disk (two ``stat`` calls;
        both are replaced by a rename when written, so a new one has a new inode)."""
        return tuple(_file_stamp(p) for p in (self._interactions_path, self._learned_path))

    def _bump_stamp(self, collection: str) -> None:
        writing.bump_stamp(self, collection)

    def _lock(self) -> contextlib.AbstractContextManager[None]:
        """One writer per catalog on this machine."""
        return writing.write_lock(self)

    def _old_entries(self) -> dict[str, tuple[Item, np.ndarray, str]]:
        return writing.old_entries(self)

    def _write(
        self,
        items: list[Item],
        old: Mapping[str, tuple[Item, np.ndarray, str]],
        kinds: dict[str, FieldKind],
        report: IngestReport,
        progress: Progress | None,
        roles: Mapping[str, str] | None = None,
    ) -> None:
        writing.write_version(self, items, old, kinds, report, progress, roles)

    def _ann(
        self, manifest: Manifest, index: CatalogIndex
    ) -> Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]] | None:
        """Chroma's HNSW search over this version, or None (exact search) for a small catalog."""
        if len(index) <= EXACT_SEARCH_ITEMS:
            return None
        collection = self.store.collection(manifest)

        def ann(vector: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
            ids, sims = self.store.query(manifest, vector[None, :], n, collection)[0]
            rows = np.array([index.row_of[i] for i in ids], dtype=np.int64)
            return rows, sims

        return ann

    def _load_index(self, manifest: Manifest) -> CatalogIndex:
        cache = self.home / "cache" / f"{manifest.collection}.npz"
        if cache.exists():
            try:
                with np.load(cache, allow_pickle=False) as z:
                    items = [Item.from_dict(d) for d in json.loads(str(z["items"]))]
                    return CatalogIndex(items, z["vectors"], manifest.kinds, manifest.roles)
            except Exception:  # a damaged cache is rebuilt from the store
                cache.unlink(missing_ok=True)
        stored = self.store.load(self.name)
        if stored is None or stored.manifest.collection != manifest.collection:
            raise StoreError(f"catalog '{self.name}' changed while it was being read; retry.")
        index = CatalogIndex(stored.items, stored.vectors, manifest.kinds, manifest.roles)
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
        search = VectorSearch(index, self._ann(manifest, index))
        sources: list[Source] = [
            QuerySource(search),
            LikedItemsSource(search),
            PeopleSource(index),
            genres := GenreSource(index),
            TraitsSource(index, genres=genres),
            KeywordSource(index),
            AvoidSource(genres),
            DislikedItemsSource(),
        ]
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
        encoder = self._query_encoder(manifest)
        return Recommender(index, encoder, sources, self.weights, self.per_source)


class _OtherModel(VectorEmbeddings):
    """Embeddings of a model that is not set here: embedding with them is an error that says
    how to fix it (a query must not be compared with items another model embedded)."""

    def __init__(self, model: str, problem: str) -> None:
        self.model_name = model
        self._problem = problem

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        raise ConfigError(self._problem)


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    """A file's inode, modification time and size, or None when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def check_values(constraint: AnyOf | NoneOf, index: CatalogIndex) -> None:
    """Raise a :class:`RequestError` for a value the catalog does not have in that field: it
    could never match (``genres=sci-fi`` where the catalog says Science Fiction) or never
    exclude anything. The message names what was likely meant, and some of the values."""
    written = {v.lower(): v for v in index.vocabulary(constraint.field)}
    unknown = sorted(constraint.values - written.keys())
    if not unknown:
        return
    value, field = unknown[0], constraint.field
    synonyms = genre_terms(index_genre_fields(index)).get(fold_text(value), ())
    meant = (
        [written[v] for f, v in synonyms if f == field and v in written]
        or part_matches(value, list(written.values()))
        or [written[v] for v in difflib.get_close_matches(value, list(written), n=3)]
    )
    hint = f" (did you mean {' or '.join(meant)}?)" if meant else ""
    values = sorted(written.values())
    some = (
        f"its {len(values)} values include {', '.join(values[:12])} and {len(values) - 12} more"
        if len(values) > 12
        else f"its values: {', '.join(values) or 'none'}"
    )
    raise RequestError(f"'{constraint}': this catalog has no {field} '{value}'{hint}; {some}.")


def part_matches(value: str, written: Sequence[str], limit: int = 3) -> list[str]:
    """The values ``value`` names by some of their words, case and accents aside: a surname of
    one word or several ("kubrick": Stanley Kubrick, "le guin": Ursula K. Le Guin), written
    with or without its spaces ("leguin"), or misspelt by a letter or two ("kubrik"). Values
    whose last words match come first."""
    words = name_key(value).split()
    if not words:
        return []
    n, compact = len(words), "".join(words)
    last: list[str] = []
    inner: list[str] = []
    close: list[tuple[float, str]] = []
    for full in written:
        parts = name_key(full).split()
        runs = {
            "".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)
        }
        if compact in {"".join(parts[i:]) for i in range(len(parts))}:
            last.append(full)
        elif compact in runs:
            inner.append(full)
        elif len(parts) > n:  # a misspelt surname: "kubrik"
            tail = "".join(parts[-n:])
            ratio = difflib.SequenceMatcher(None, compact, tail).ratio()
            if len(tail) >= 4 and ratio >= 0.8:
                close.append((ratio, full))
    ordered = last + inner + [full for _, full in sorted(close, key=lambda c: -c[0])]
    return ordered[:limit]
