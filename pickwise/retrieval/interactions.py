"""Interaction data (ratings, clicks) and the collaborative signal learned from it.

The collaborative model is an item-to-item weight matrix, not a latent-factor model (e.g.
``implicit``'s ALS): a conversational user is not in the interaction data, so the model must score
items from the items the user names alone. An item-item model does that directly, exactly and
deterministically, and its evidence ("people who liked X also liked this") grounds explanations.

Two fits produce the same sparse matrix ``W`` (an item's score is the sum of ``W[i, item]`` over
the user's items ``i``):

- :func:`fit_ease` (the default of :func:`fit_collaborative`): EASE (Steck, 2019), the closed-form
  ridge regression of each item on all others over the binary user x item matrix,
  ``B = I - P diagMat(1 / diag(P))`` with ``P = (X'X + lambda I)^-1``. It is the strongest
  simple baseline on MovieLens; the dense ``B`` is pruned to each item's strongest neighbours so
  that scoring stays a sparse row sum (a few ms on a 10k catalog).
- :func:`fit_item_knn`: cosine item-item similarity, the earlier model.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from pickwise.errors import CatalogError, RowError

__all__ = [
    "CollaborativeModel",
    "InteractionReport",
    "fit_collaborative",
    "fit_ease",
    "fit_item_knn",
    "load_rows",
    "read_interactions",
    "save_arrays",
    "save_rows",
]

USER_FIELDS = ("user", "user_id", "userId", "uid")
ITEM_FIELDS = ("item", "item_id", "itemId", "movieId", "movie_id", "id")
RATING_FIELDS = ("rating", "score", "value", "weight")
TIME_FIELDS = ("timestamp", "time", "ts", "date")
#: EASE's ridge strength: the EASE baseline's standard value, not tuned (docs/EVALUATION.md).
EASE_LAMBDA = 500.0
#: Neighbours kept per item (the strongest weights of its row in ``B``).
NEIGHBOURS = 200
#: EASE inverts a dense item x item matrix: at most this many items (the most interacted-with)
#: take part, 4 bytes each squared (20,000 items: 1.6 GB during the fit, float32).
EASE_MAX_ITEMS = 20_000


@dataclass
class InteractionReport:
    """What an interactions file held and what was kept."""

    rows: int = 0
    kept: int = 0
    users: int = 0
    items: int = 0
    unknown_items: int = 0
    below_min_rating: int = 0
    rejected: list[RowError] = field(default_factory=list)
    #: Interactions stored before this file: replaced by it, or kept with ``appended``.
    earlier: int = 0
    appended: bool = False
    #: Interactions stored after it, the ones the model was fitted on.
    total: int = 0

    def to_dict(self, catalog: str) -> dict[str, Any]:
        return {
            "catalog": catalog,
            "rows": self.rows,
            "kept": self.kept,
            "users": self.users,
            "items": self.items,
            "unknown_items": self.unknown_items,
            "below_min_rating": self.below_min_rating,
            "rejected": len(self.rejected),
            "earlier": self.earlier,
            "appended": self.appended,
            "total": self.total,
            "rejected_rows": [
                {"file": e.path, "row": e.row, "field": e.field, "error": e.reason}
                for e in self.rejected
            ],
        }


@dataclass(frozen=True)
class CollaborativeModel:
    """Item ids, their sparse item-item weights and interaction counts (popularity).

    ``similarity[i, j]`` is how much interacting with item ``i`` speaks for item ``j``; ``kind``
    names the fit (``"ease"`` or ``"item-knn"``; files written before it existed are item-kNN).
    """

    item_ids: tuple[str, ...]
    similarity: sp.csr_matrix
    counts: np.ndarray
    kind: str = "item-knn"

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves the previous model in place."""
        sim = self.similarity.tocsr()
        save_arrays(
            path,
            compressed=True,
            ids=np.array(self.item_ids, dtype=object).astype(str),
            data=sim.data,
            indices=sim.indices,
            indptr=sim.indptr,
            shape=np.array(sim.shape),
            counts=self.counts,
            kind=np.array(self.kind),
        )

    @classmethod
    def load(cls, path: Path) -> CollaborativeModel:
        with np.load(path, allow_pickle=False) as z:
            sim = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
            kind = str(z["kind"]) if "kind" in z.files else "item-knn"
            return cls(tuple(str(i) for i in z["ids"]), sim, z["counts"], kind)

    def aligned(self, row_of: dict[str, int], n: int) -> tuple[sp.csr_matrix, np.ndarray]:
        """The similarity matrix and counts re-indexed to catalog rows (unknown ids dropped)."""
        mine = np.array([row_of.get(i, -1) for i in self.item_ids], dtype=np.int64)
        keep = mine >= 0
        counts = np.zeros(n, dtype=np.float64)
        counts[mine[keep]] = self.counts[keep]
        coo = self.similarity.tocoo()
        ok = keep[coo.row] & keep[coo.col]
        sim = sp.csr_matrix((coo.data[ok], (mine[coo.row[ok]], mine[coo.col[ok]])), shape=(n, n))
        return sim, counts


def save_arrays(path: Path, compressed: bool = False, **arrays: Any) -> None:
    """``np.savez`` to a temporary file, then an atomic rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    os.close(fd)
    try:
        with open(tmp, "wb") as fh:
            (np.savez_compressed if compressed else np.savez)(fh, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def save_rows(path: Path, triples: Sequence[tuple[str, str, float]]) -> None:
    """Keep the interactions a model was fitted on (user and item ids as codes into their
    distinct values), so that ``--append`` can fit again on them and new ones."""
    users, user_codes = np.unique(
        np.array([u for u, _, _ in triples], dtype=str), return_inverse=True
    )
    items, item_codes = np.unique(
        np.array([i for _, i, _ in triples], dtype=str), return_inverse=True
    )
    save_arrays(
        path,
        compressed=True,
        users=users,
        user_codes=user_codes.astype(np.int64),
        items=items,
        item_codes=item_codes.astype(np.int64),
        ratings=np.array([r for _, _, r in triples], dtype=np.float64),
    )


def load_rows(path: Path) -> list[tuple[str, str, float]]:
    """The interactions :func:`save_rows` kept, in their order."""
    with np.load(path, allow_pickle=False) as z:
        users, items = z["users"].tolist(), z["items"].tolist()
        return [
            (users[u], items[i], float(r))
            for u, i, r in zip(z["user_codes"], z["item_codes"], z["ratings"], strict=True)
        ]


def read_interactions(
    path: str | Path,
    known_items: Iterable[str],
    min_rating: float | None = None,
    on_error: str = "fail",
) -> tuple[list[tuple[str, str, float]], InteractionReport]:
    """Read ``user,item[,rating][,timestamp]`` rows (header required) for items in the catalog."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise CatalogError(f"interactions file {path} is missing or empty.")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"{path} is not UTF-8 text ({exc.reason}); convert it to UTF-8."
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    user_col, item_col = _pick(USER_FIELDS, columns), _pick(ITEM_FIELDS, columns)
    rating_col = _pick(RATING_FIELDS, columns)
    if user_col is None or item_col is None:
        raise CatalogError(
            f"{path}: need a user column ({'/'.join(USER_FIELDS)}) and an item "
            f"column ({'/'.join(ITEM_FIELDS)}); the header has {columns}."
        )
    known = set(known_items)
    report = InteractionReport()
    triples: list[tuple[str, str, float]] = []
    for record in reader:
        report.rows += 1
        line = reader.line_num
        try:
            user, item = (record.get(user_col) or "").strip(), (record.get(item_col) or "").strip()
            if not user or not item:
                raise RowError(
                    str(path), line, "missing user or item.", user_col if not user else item_col
                )
            weight = 1.0
            if rating_col and record.get(rating_col):
                try:
                    weight = float(record[rating_col])
                except ValueError as exc:
                    raise RowError(
                        str(path),
                        line,
                        f"rating '{record[rating_col]}' is not a number.",
                        rating_col,
                    ) from exc
        except RowError as err:
            if on_error == "fail":
                raise
            report.rejected.append(err)
            continue
        if item not in known:
            report.unknown_items += 1
            continue
        if min_rating is not None and weight < min_rating:
            report.below_min_rating += 1
            continue
        triples.append((user, item, weight))
    report.kept = len(triples)
    report.users = len({u for u, _, _ in triples})
    report.items = len({i for _, i, _ in triples})
    if not triples:
        raise CatalogError(
            f"{path}: no usable interactions ({report.unknown_items} rows name "
            "items that are not in the catalog; item ids must match catalog ids)."
        )
    return triples, report


def fit_collaborative(
    triples: Sequence[tuple[str, str, float]],
    neighbours: int | None = None,
    kind: str = "ease",
    lam: float = EASE_LAMBDA,
) -> CollaborativeModel:
    """The collaborative model ``pickwise ingest-interactions`` stores: EASE by default."""
    if kind == "ease":
        return fit_ease(triples, lam, NEIGHBOURS if neighbours is None else neighbours)
    if kind == "item-knn":
        return fit_item_knn(triples, 100 if neighbours is None else neighbours)
    raise CatalogError(f"unknown collaborative model '{kind}'; use 'ease' or 'item-knn'.")


def _binary_matrix(
    triples: Sequence[tuple[str, str, float]],
) -> tuple[dict[str, int], sp.csr_matrix, np.ndarray]:
    """Item ids (first-seen order), the binary user x item matrix and per-item user counts."""
    users = {u: i for i, u in enumerate(dict.fromkeys(u for u, _, _ in triples))}
    items = {it: i for i, it in enumerate(dict.fromkeys(it for _, it, _ in triples))}
    rows = np.array([users[u] for u, _, _ in triples], dtype=np.int64)
    cols = np.array([items[i] for _, i, _ in triples], dtype=np.int64)
    matrix = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(users), len(items))
    )
    matrix.data[:] = 1.0  # duplicates count once
    counts = np.asarray(matrix.getnnz(axis=0), dtype=np.float64)
    return items, matrix, counts


def fit_ease(
    triples: Sequence[tuple[str, str, float]],
    lam: float = EASE_LAMBDA,
    neighbours: int = NEIGHBOURS,
    max_items: int = EASE_MAX_ITEMS,
) -> CollaborativeModel:
    """EASE over binary interactions (every rating counts as one), pruned to the ``neighbours``
    largest weights per item row.

    Only items with at least two users take part (a single user's item has no co-occurrence to
    learn from), at most ``max_items`` of them; the rest keep their counts for popularity.
    """
    if lam <= 0:
        raise CatalogError(f"EASE needs a positive lambda, got {lam}.")
    items, matrix, counts = _binary_matrix(triples)
    active = np.flatnonzero(counts >= 2)
    if len(active) > max_items:
        order = np.argsort(-counts[active], kind="stable")[:max_items]
        active = np.sort(active[order])
    n = len(items)
    if len(active) < 2:
        return CollaborativeModel(tuple(items), sp.csr_matrix((n, n)), counts, "ease")
    x = matrix[:, active]
    gram = (x.T @ x).toarray().astype(np.float32)
    gram[np.diag_indices_from(gram)] += np.float32(lam)
    p = np.linalg.inv(gram)
    del gram
    p /= -np.diag(p)  # B = -P / diag(P) column-wise, in place
    np.fill_diagonal(p, 0.0)
    pruned = _top_k_dense(p, neighbours).tocoo()
    weights = sp.csr_matrix(
        (pruned.data, (active[pruned.row], active[pruned.col])), shape=(n, n), dtype=np.float32
    )
    return CollaborativeModel(tuple(items), weights, counts, "ease")


def _top_k_dense(weights: np.ndarray, k: int, chunk: int = 1024) -> sp.csr_matrix:
    """The ``k`` largest positive entries of each row of a dense matrix, as sparse rows."""
    n, m = weights.shape
    k = max(1, min(k, m))
    rows, cols, vals = [], [], []
    for lo in range(0, n, chunk):
        block = weights[lo : lo + chunk]
        top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < m else None
        picked = block if top is None else np.take_along_axis(block, top, axis=1)
        r, c = np.nonzero(picked > 0)
        rows.append(r + lo)
        cols.append(c if top is None else top[r, c])
        vals.append(picked[r, c])
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n, m),
        dtype=np.float32,
    )


def fit_item_knn(
    triples: Sequence[tuple[str, str, float]], neighbours: int = 100
) -> CollaborativeModel:
    """Cosine item-item similarity over binary interactions, top ``neighbours`` per item."""
    items, matrix, counts = _binary_matrix(triples)
    matrix = matrix.astype(np.float64)
    norms = np.sqrt(np.maximum(counts, 1.0))
    normed = matrix @ sp.diags(1.0 / norms)
    sim = (normed.T @ normed).tocsr()
    sim.setdiag(0.0)
    sim.eliminate_zeros()
    return CollaborativeModel(tuple(items), _top_k_per_row(sim, neighbours), counts)


def _top_k_per_row(sim: sp.csr_matrix, k: int) -> sp.csr_matrix:
    data, indices, indptr = [], [], [0]
    for r in range(sim.shape[0]):
        lo, hi = sim.indptr[r], sim.indptr[r + 1]
        vals, cols = sim.data[lo:hi], sim.indices[lo:hi]
        if len(vals) > k:
            keep = np.argpartition(-vals, k - 1)[:k]
            vals, cols = vals[keep], cols[keep]
        data.append(vals)
        indices.append(cols)
        indptr.append(indptr[-1] + len(vals))
    return sp.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0),
            np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
            np.array(indptr),
        ),
        shape=sim.shape,
    )


def _pick(names: Sequence[str], columns: Sequence[str]) -> str | None:
    lowered = {c.lower(): c for c in columns}
    return next((lowered[n.lower()] for n in names if n.lower() in lowered), None)
