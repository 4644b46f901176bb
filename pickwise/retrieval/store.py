"""The Chroma store: versioned catalog collections behind an atomic pointer.

Each ingest writes a complete new collection and then flips one record in a small manifest
collection to point at it. A failed or interrupted ingest leaves the old pointer, so readers always
see a whole catalog, old or new, never half of one. Unchanged items keep their stored vectors.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from pickwise.errors import ConfigError, StoreError
from pickwise.retrieval.items import FieldKind, Item

__all__ = ["CatalogStore", "Manifest", "StoredCatalog", "collection_prefix", "connect"]

_MANIFEST = "pickwise_manifest"
_PAGE = 5000


def connect(path: Path, url: str | None = None, host: str | None = None, port: int = 8000) -> Any:
    """A Chroma client: a server when a URL or host is given, else a persistent local store."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if url or host:
            if url:
                parsed = urlparse(url)
                if not parsed.hostname:
                    raise ConfigError(
                        f"PICKWISE_CHROMA_URL '{url}' has no host; use http://HOST:PORT."
                    )
                host, port = (
                    parsed.hostname,
                    parsed.port or (443 if parsed.scheme == "https" else 8000),
                )
                ssl = parsed.scheme == "https"
            else:
                ssl = False
            assert host is not None
            client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
            client.heartbeat()
            return client
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    except ConfigError:
        raise
    except Exception as exc:
        where = f"Chroma server {url or f'{host}:{port}'}" if (url or host) else f"store {path}"
        raise StoreError(
            f"cannot open the {where}: {exc}. Check that it is running and "
            "reachable, or unset PICKWISE_CHROMA_URL to use the local store."
        ) from exc


@dataclass(frozen=True)
class Manifest:
    """What the pointer record says about the active version of a catalog."""

    catalog: str
    collection: str
    model: str
    dimension: int
    count: int
    kinds: dict[str, FieldKind]
    updated: float
    #: Field -> the role a catalog spec gave it (``roles:``; see :data:`~.items.ROLES`).
    roles: dict[str, str] = field(default_factory=dict)


@dataclass
class StoredCatalog:
    """Everything read back from one catalog version."""

    manifest: Manifest
    items: list[Item]
    vectors: np.ndarray
    document_hashes: list[str]


class CatalogStore:
    """Reads and writes the catalogs of one Chroma client."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._manifest = client.get_or_create_collection(
            _MANIFEST, embedding_function=None, metadata={"pickwise": "manifest"}
        )

    # --- reading -------------------------------------------------------------------------
    def manifest(self, catalog: str) -> Manifest | None:
        try:
            got = self._manifest.get(ids=[catalog], include=["metadatas"])
        except Exception as exc:  # a Chroma server gone away, most often
            raise StoreError(
                f"cannot read catalog '{catalog}' from the Chroma store ({exc}); check that "
                "the Chroma server is running and reachable (PICKWISE_CHROMA_URL)."
            ) from exc
        if not got["ids"]:
            return None
        meta = got["metadatas"][0]
        return Manifest(
            catalog=catalog,
            collection=meta["collection"],
            model=meta["model"],
            dimension=int(meta["dimension"]),
            count=int(meta["count"]),
            kinds=json.loads(meta["kinds"]),
            updated=float(meta["updated"]),
            roles=json.loads(str(meta.get("roles") or "{}")),
        )

    def catalogs(self) -> list[str]:
        return sorted(self._manifest.get(include=[])["ids"])

    def collection(self, manifest: Manifest) -> Any:
        try:
            return self.client.get_collection(manifest.collection, embedding_function=None)
        except Exception as exc:
            raise StoreError(
                f"catalog '{manifest.catalog}' points at collection "
                f"'{manifest.collection}', which cannot be opened: {exc}"
            ) from exc

    def load(self, catalog: str) -> StoredCatalog | None:
        """Read a whole catalog version (items, vectors, hashes), or ``None`` if there is none."""
        manifest = self.manifest(catalog)
        if manifest is None:
            return None
        items: list[Item] = []
        vectors: list[np.ndarray] = []
        hashes: list[str] = []
        for page in _pages(self.collection(manifest), manifest.count):
            for meta, vector in zip(page["metadatas"], page["embeddings"], strict=True):
                items.append(Item.from_dict(json.loads(meta["_item"])))
                hashes.append(meta["_doc_hash"])
                vectors.append(np.asarray(vector, dtype=np.float32))
        matrix = (
            np.vstack(vectors) if vectors else np.zeros((0, manifest.dimension), dtype=np.float32)
        )
        return StoredCatalog(manifest, items, matrix, hashes)

    def query(
        self, manifest: Manifest, vectors: np.ndarray, n: int, collection: Any | None = None
    ) -> list[tuple[list[str], np.ndarray]]:
        """Approximate nearest items per query vector: ``[(ids, cosine similarities)]``."""
        coll = collection or self.collection(manifest)
        got = coll.query(
            query_embeddings=np.asarray(vectors, dtype=np.float32),
            n_results=max(1, min(n, manifest.count)),
            include=["distances"],
        )
        return [
            (ids, 1.0 - np.asarray(dist, dtype=np.float32))
            for ids, dist in zip(got["ids"], got["distances"], strict=True)
        ]

    # --- writing -------------------------------------------------------------------------
    def write_version(
        self,
        catalog: str,
        items: Sequence[Item],
        vectors: np.ndarray,
        document_hashes: Sequence[str],
        model: str,
        kinds: dict[str, FieldKind],
        progress: Callable[[int], None] | None = None,
        roles: Mapping[str, str] | None = None,
    ) -> Manifest:
        """Write a complete new version of a catalog, then point the catalog at it."""
        name = f"{collection_prefix(catalog)}{time.time_ns():x}"
        coll = self.client.create_collection(
            name,
            embedding_function=None,
            # Chroma's default graph settings: half the build time of a denser graph, and the
            # filtered paths re-check candidates exactly anyway.
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"pickwise_catalog": catalog},
        )
        batch = min(self._max_batch(), 2000)
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            coll.add(
                ids=[it.id for it in chunk],
                embeddings=vectors[start : start + batch],
                documents=[it.document() for it in chunk],
                metadatas=[_metadata(it, document_hashes[start + i]) for i, it in enumerate(chunk)],
            )
            if progress:
                progress(len(chunk))
        manifest = Manifest(
            catalog,
            name,
            model,
            int(vectors.shape[1]) if len(items) else 0,
            len(items),
            dict(kinds),
            time.time(),
            dict(roles or {}),
        )
        self._point(manifest)
        self.drop_stale(catalog)
        return manifest

    def delete_catalog(self, catalog: str) -> bool:
        manifest = self.manifest(catalog)
        if manifest is None:
            return False
        self._manifest.delete(ids=[catalog])
        self.drop_stale(catalog)
        return True

    def drop_stale(self, catalog: str) -> None:
        """Delete versions of a catalog that the pointer no longer names (e.g. interrupted)."""
        manifest = self.manifest(catalog)
        prefix = collection_prefix(catalog)
        for coll in self.client.list_collections():
            name = coll if isinstance(coll, str) else coll.name
            if name.startswith(prefix) and (manifest is None or name != manifest.collection):
                # another process may have removed it already
                with contextlib.suppress(Exception):
                    self.client.delete_collection(name)

    def _point(self, m: Manifest) -> None:
        self._manifest.upsert(
            ids=[m.catalog],
            embeddings=[[1.0]],
            metadatas=[
                {
                    "collection": m.collection,
                    "model": m.model,
                    "dimension": m.dimension,
                    "count": m.count,
                    "kinds": json.dumps(m.kinds),
                    "updated": m.updated,
                    "roles": json.dumps(m.roles),
                }
            ],
        )

    def _max_batch(self) -> int:
        try:
            return int(self.client.get_max_batch_size())
        except Exception:
            return 1000


def _metadata(item: Item, document_hash: str) -> dict[str, Any]:
    """Chroma metadata: scalar facts for filtering (lists joined), plus the full item as JSON."""
    meta: dict[str, Any] = {}
    for key, value in item.metadata.items():
        if key.startswith("_"):
            continue
        meta[key] = " | ".join(value) if isinstance(value, tuple) else value
    meta["title"] = item.title
    meta["_item"] = json.dumps(item.to_dict(), ensure_ascii=False)
    meta["_doc_hash"] = document_hash
    return {k: v for k, v in meta.items() if v != ""}


def _pages(collection: Any, count: int) -> Iterator[dict[str, Any]]:
    for offset in range(0, max(count, 1), _PAGE):
        page = collection.get(include=["metadatas", "embeddings"], limit=_PAGE, offset=offset)
        if not page["ids"]:
            return
        yield page


def collection_prefix(catalog: str) -> str:
    """Chroma collection names of a catalog's versions start with this."""
    safe = "".join(ch if ch.isalnum() else "-" for ch in catalog.lower())[:40] or "catalog"
    return f"pw_{safe}_"
