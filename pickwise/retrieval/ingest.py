"""Writing a catalog: ingestion, upserts, removal and deletion, each a complete new version in
the store (see :mod:`pickwise.retrieval.store`), one writer per catalog on a machine.

:class:`~pickwise.retrieval.catalog.Catalog`'s writing methods call these; use them through it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pickwise.errors import CatalogError, NotFoundError, RowError, StoreError
from pickwise.retrieval.interactions import (
    CollaborativeModel,
    InteractionReport,
    fit_collaborative,
    load_rows,
    read_interactions,
    save_rows,
)
from pickwise.retrieval.items import FieldKind, Item, MetadataValue

if TYPE_CHECKING:
    from pickwise.retrieval.catalog import Catalog
    from pickwise.retrieval.embeddings import VectorEmbeddings

__all__ = [
    "IngestReport",
    "Progress",
    "bump_stamp",
    "delete",
    "ingest_interactions",
    "old_entries",
    "reembed",
    "remove",
    "stamp_path",
    "upsert",
    "write_lock",
    "write_version",
]

#: ``(phase, done, total)``: called as ingestion embeds and writes items.
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    """The outcome of an ingest or removal."""

    catalog: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    #: With ``replace``: stored items not removed although the file lacks them, because their
    #: rows were rejected (or a rejected row's id could not be read).
    kept: int = 0
    embedded: int = 0
    total: int = 0
    seconds: float = 0.0
    rejected: list[RowError] = field(default_factory=list)
    #: What the ingest did not take as it was, one sentence each (a field left out and why).
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "kept": self.kept,
            "rejected": len(self.rejected),
            "embedded": self.embedded,
            "total": self.total,
            "seconds": round(self.seconds, 3),
            "rejected_rows": [
                {"file": e.path, "row": e.row, "field": e.field, "error": e.reason}
                for e in self.rejected
            ],
            "warnings": list(self.warnings),
        }


def stamp_path(home: Path, name: str) -> Path:
    """The version stamp of a catalog: rewritten whenever its pointer changes, so readers of
    this home notice a new version with one ``stat``."""
    return home / "locks" / f"{name}.version"


def upsert(
    cat: Catalog,
    items: Sequence[Item],
    kinds: Mapping[str, FieldKind],
    replace: bool = False,
    progress: Progress | None = None,
    keep: Collection[str] | None = (),
    roles: Mapping[str, str] | None = None,
) -> IngestReport:
    """Write items as a new catalog version; unchanged items keep their vectors.

    With ``replace``, stored items missing from ``items`` are removed, except those in ``keep``
    (the ids of rejected rows: nothing replaced them); ``keep=None`` keeps every stored item
    (a rejected row whose id could not be read may have been any of them). ``roles`` (field ->
    role, from a spec) replace the stored ones; None keeps them.
    """
    start = time.perf_counter()
    with cat._lock():
        old = cat._old_entries()
        old_kinds = {} if replace or cat.manifest is None else dict(cat.manifest.kinds)
        final: dict[str, Item] = {} if replace else {i: e[0] for i, e in old.items()}
        report = IngestReport(cat.name)
        kept: list[str] = []
        if replace:
            new_ids = {item.id for item in items}
            wanted = None if keep is None else set(keep)
            kept = [i for i in old if i not in new_ids and (wanted is None or i in wanted)]
            report.kept = len(kept)
            if kept and cat.manifest is not None:  # their fields keep their kinds
                fields = {f for i in kept for f in old[i][0].metadata}
                old_kinds = {f: k for f, k in cat.manifest.kinds.items() if f in fields}
        for item in items:
            before = old.get(item.id)
            if before is None:
                report.added += 1
            elif before[0].content_hash() != item.content_hash():
                report.updated += 1
            else:
                report.unchanged += 1
            final[item.id] = item
        final.update((i, old[i][0]) for i in kept)
        report.removed = sum(1 for i in old if i not in final)
        merged = {**old_kinds, **kinds}
        if cat.manifest is not None:
            new_ids = {item.id for item in items}
            stored = {i: item for i, item in final.items() if i not in new_ids}
            converted = _recast(cat.name, stored, cat.manifest.kinds, merged, report.warnings)
            final.update(converted)
            report.updated += len(converted)
        old_roles = dict(cat.manifest.roles) if cat.manifest is not None else {}
        new_roles = old_roles if roles is None else dict(roles)
        same_model = cat.manifest is not None and cat.manifest.model == cat._model_id
        if (
            report.added == report.updated == report.removed == 0
            and same_model
            and merged == old_kinds
            and new_roles == old_roles
        ):
            report.total = len(final)
            report.seconds = time.perf_counter() - start
            return report
        cat._write(list(final.values()), old, merged, report, progress, new_roles)
    report.seconds = time.perf_counter() - start
    return report


def _recast(
    name: str,
    stored: Mapping[str, Item],
    before: Mapping[str, FieldKind],
    after: Mapping[str, FieldKind],
    warnings: list[str],
) -> dict[str, Item]:
    """The stored items (not in the file) whose values of a field whose kind changed were
    converted to the new kind, with a warning per such field: a declared kind (a spec, or
    ``--replace``) is the only way a field's kind changes, and it applies to the whole catalog.
    A stored value the new kind cannot hold is an error; nothing is written."""
    changed = {f: k for f, k in after.items() if f in before and before[f] != k}
    out: dict[str, Item] = {}
    for field_name, kind in changed.items():
        for item in stored.values():
            item = out.get(item.id, item)
            value = item.metadata.get(field_name)
            if value is None:
                continue
            new = _as_kind(value, kind)
            if new is None:
                raise CatalogError(
                    f"field '{field_name}' of catalog '{name}' is a {before[field_name]} field; "
                    f"it cannot become a {kind} field, because stored item '{item.id}' holds "
                    f"{value!r} in it. Nothing was stored. Ingest the whole catalog with "
                    "--replace to change the field's kind, or keep its kind."
                )
            if new != value:
                meta = {**item.metadata, field_name: new}
                out[item.id] = Item(item.id, item.title, item.text, meta)
        warnings.append(
            f"field '{field_name}' is now a {kind} field for the whole catalog (it was a "
            f"{before[field_name]} field); the stored items' values were converted."
        )
    return out


def _as_kind(value: MetadataValue, kind: FieldKind) -> MetadataValue | None:
    """A stored metadata value as a value of another kind, or None when it cannot be one."""
    if isinstance(value, tuple):
        if kind == "list":
            return value
        if len(value) != 1:
            return None
        value = value[0]
    if kind == "number":
        if isinstance(value, int | float):
            return value
        try:
            number = float(value)
        except ValueError:
            return None
        return int(number) if number.is_integer() and "." not in value else number
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return text if kind == "category" else (text,)


def reembed(cat: Catalog, encoder: VectorEmbeddings, progress: Progress | None) -> IngestReport:
    """Embed every stored item again with ``encoder``, as a new version."""
    start = time.perf_counter()
    with cat._lock():
        manifest = cat.manifest
        if manifest is None:
            raise NotFoundError(
                f"catalog '{cat.name}' is empty; load items with "
                f"`pickwise --catalog {cat.name} ingest FILE`."
            )
        items = [entry[0] for entry in cat._old_entries().values()]
        report = IngestReport(cat.name, updated=len(items))
        write_version(
            cat, items, {}, dict(manifest.kinds), report, progress, manifest.roles, encoder
        )
    report.seconds = time.perf_counter() - start
    return report


def remove(cat: Catalog, ids: Iterable[str]) -> IngestReport:
    """Remove items by id (a new version without them); unknown ids are an error."""
    ids = list(dict.fromkeys(ids))
    with cat._lock():
        old = cat._old_entries()
        missing = [i for i in ids if i not in old]
        if missing:
            raise NotFoundError(
                f"no item(s) {missing[:5]} in catalog '{cat.name}'; nothing was removed."
            )
        start = time.perf_counter()
        keep = [e[0] for i, e in old.items() if i not in set(ids)]
        report = IngestReport(cat.name, removed=len(ids), unchanged=len(keep))
        assert cat.manifest is not None
        cat._write(keep, old, dict(cat.manifest.kinds), report, None)
    report.seconds = time.perf_counter() - start
    return report


def delete(cat: Catalog) -> bool:
    """Delete the whole catalog and its interaction model."""
    with cat._lock():
        cat._state = None
        cat._interactions_path.unlink(missing_ok=True)
        cat._interaction_rows_path.unlink(missing_ok=True)
        cat._learned_path.unlink(missing_ok=True)
        try:
            return cat.store.delete_catalog(cat.name)
        finally:
            cat._bump_stamp("")


def ingest_interactions(
    cat: Catalog,
    path: str | Path,
    min_rating: float | None = None,
    on_error: str = "fail",
    neighbours: int | None = None,
    append: bool = False,
) -> InteractionReport:
    """Learn the collaborative (EASE) and popularity signals from a ``user,item[,rating]``
    file; ``neighbours`` caps the weights kept per item (the model's default when None).

    The file replaces the stored interactions, or with ``append`` is added to them (the model
    is fitted again on both)."""
    triples, report = read_interactions(path, cat.index.row_of, min_rating, on_error)
    with cat._lock():
        rows_path, model_path = cat._interaction_rows_path, cat._interactions_path
        earlier = load_rows(rows_path) if rows_path.exists() else []
        if not earlier and model_path.exists():  # stored before the rows were kept
            if append:
                raise CatalogError(
                    f"the interactions of catalog '{cat.name}' were stored before pickwise "
                    "kept them for --append; ingest all of them once without --append, then "
                    "add new files with it."
                )
            report.earlier = int(CollaborativeModel.load(model_path).counts.sum())
        else:
            report.earlier = len(earlier)
        report.appended = append
        if append:
            triples = earlier + triples
        report.total = len(triples)
        model = fit_collaborative(triples, neighbours)
        save_rows(rows_path, triples)  # first: if the model is not written, --append refits
        model.save(model_path)
    cat._state = None
    return report


def bump_stamp(cat: Catalog, collection: str) -> None:
    """Tell readers in every process of this home that the pointer changed (a new file
    each time, so its inode changes even within one mtime tick)."""
    cat._pointer = None
    path = cat._stamp_path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(f"{collection} {time.time_ns()}\n")
    tmp.replace(path)


@contextlib.contextmanager
def write_lock(cat: Catalog) -> Iterator[None]:
    """One writer per catalog on this machine."""
    path = cat.home / "locks" / f"{cat.name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(
                f"catalog '{cat.name}' is being written by another process; wait for it to finish."
            ) from exc
        yield


def old_entries(cat: Catalog) -> dict[str, tuple[Item, np.ndarray, str]]:
    stored = cat.store.load(cat.name)
    if stored is None:
        return {}
    return {
        item.id: (item, stored.vectors[i], stored.document_hashes[i])
        for i, item in enumerate(stored.items)
    }


def write_version(
    cat: Catalog,
    items: list[Item],
    old: Mapping[str, tuple[Item, np.ndarray, str]],
    kinds: dict[str, FieldKind],
    report: IngestReport,
    progress: Progress | None,
    roles: Mapping[str, str] | None = None,
    encoder: VectorEmbeddings | None = None,
) -> None:
    """Write ``items`` as the catalog's new version, embedding those whose text (or model)
    changed since ``old`` with ``encoder`` (default: what the catalog embeds new items with)."""
    encoder = encoder or cat._writing_encoder
    model = encoder.model_name
    hashes = [item.document_hash(model) for item in items]
    todo = [i for i, item in enumerate(items) if item.id not in old or old[item.id][2] != hashes[i]]
    done = [0]

    def tick(phase: str, total: int) -> Callable[[int], None]:
        done[0] = 0

        def step(n: int) -> None:
            done[0] += n
            if progress:
                progress(phase, done[0], total)

        return step

    fresh = encoder.encode(
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
    written = cat.store.write_version(
        cat.name,
        items,
        vectors,
        hashes,
        model,
        kinds,
        progress=tick("storing", len(items)),
        roles=roles,
    )
    cat._bump_stamp(written.collection)
    report.embedded = len(todo)
    report.total = len(items)
    cat._state = None
