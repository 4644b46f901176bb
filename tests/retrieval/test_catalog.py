"""Ingestion into a real Chroma store on disk: upserts, hashes, removal and atomic versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pickwise.errors import CatalogError, NotFoundError, StoreError
from pickwise.retrieval import Catalog, Item, Request
from tests.conftest import FILMS, KINDS, HashEmbeddings


def test_ingest_reports_and_reingest_is_idempotent(tmp_path: Path) -> None:
    emb = HashEmbeddings()
    cat = Catalog.open(tmp_path, "films", embedder=emb)
    first = cat.upsert(FILMS, KINDS)
    assert (first.added, first.updated, first.unchanged, first.embedded) == (10, 0, 0, 10)
    collection = cat.manifest.collection
    again = cat.upsert(FILMS, KINDS)
    assert (again.added, again.updated, again.unchanged, again.embedded) == (0, 0, 10, 0)
    assert cat.manifest.collection == collection  # nothing rewritten
    assert emb.encoded == 10


def test_changed_item_is_updated_and_only_it_is_reembedded(tmp_path: Path) -> None:
    emb = HashEmbeddings()
    cat = Catalog.open(tmp_path, "films", embedder=emb)
    cat.upsert(FILMS, KINDS)
    changed = Item(FILMS[0].id, FILMS[0].title, "A new synopsis.", FILMS[0].metadata)
    runtime_only = Item(
        FILMS[1].id, FILMS[1].title, FILMS[1].text, {**FILMS[1].metadata, "runtime": 170}
    )
    report = cat.upsert([changed, runtime_only], KINDS)
    assert (report.added, report.updated, report.unchanged) == (0, 2, 0)
    assert report.embedded == 1  # a runtime change does not alter the embedded text
    assert emb.encoded == 11
    assert cat.get(FILMS[0].id).text == "A new synopsis."
    assert cat.get(FILMS[1].id).metadata["runtime"] == 170
    assert len(cat) == 10


def test_replace_removes_missing_items_and_remove_by_id(tmp_path: Path) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    cat.upsert(FILMS, KINDS)
    report = cat.upsert(FILMS[:6], KINDS, replace=True)
    assert (report.removed, report.unchanged, len(cat)) == (4, 6, 6)
    report = cat.remove([FILMS[0].id])
    assert report.removed == 1 and len(cat) == 5
    with pytest.raises(NotFoundError):
        cat.get(FILMS[0].id)
    with pytest.raises(NotFoundError, match="nothing was removed"):
        cat.remove(["nope", FILMS[1].id])
    assert len(cat) == 5


def test_failed_ingest_leaves_the_old_catalog_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    cat.upsert(FILMS[:5], KINDS)
    before = cat.manifest.collection
    calls = {"n": 0}

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "storing":
            calls["n"] += 1
            raise KeyboardInterrupt  # as if Ctrl-C arrived after the first batch was written

    with pytest.raises(KeyboardInterrupt):
        cat.upsert(FILMS, KINDS, progress=progress)
    assert calls["n"] == 1
    reopened = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    assert reopened.manifest.collection == before
    assert len(reopened) == 5 and len(reopened.items()) == 5
    assert reopened.recommend(Request(query="space", k=3))
    # the next ingest clears the abandoned version
    reopened.upsert(FILMS, KINDS)
    names = [c.name for c in reopened.store.client.list_collections()]
    assert sum(n.startswith("pw_films_") for n in names) == 1


def test_bad_file_changes_nothing(tmp_path: Path) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    cat.upsert(FILMS, KINDS)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "title": "X"}) + "\n{oops\n")
    with pytest.raises(CatalogError):
        cat.ingest(bad)
    assert len(cat) == 10


def test_skip_bad_rows_ingests_the_rest(tmp_path: Path) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "x", "title": "X", "year": 2000}) + "\n{oops\n")
    report = cat.ingest(path, on_error="skip")
    assert (report.added, len(report.rejected)) == (1, 1)
    assert report.to_dict()["rejected_rows"][0]["row"] == 2


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    with cat._lock(), pytest.raises(StoreError, match="another process"):
        cat.upsert(FILMS, KINDS)


def test_bad_catalog_name() -> None:
    with pytest.raises(CatalogError, match="not allowed"):
        Catalog(None, "../etc", HashEmbeddings(), Path("."))  # type: ignore[arg-type]


def test_empty_catalog_says_how_to_fill_it(tmp_path: Path) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    with pytest.raises(NotFoundError, match="pickwise ingest"):
        cat.recommend(Request(query="x"))


def test_info_and_langchain_vectorstore(catalog: Catalog) -> None:
    info = catalog.info()
    assert info.items == 10 and info.fields["genres"] == "list"
    docs = catalog.as_vectorstore().similarity_search("polite bear framed for theft", k=1)
    assert docs[0].metadata["title"] == "Paddington 2"
    retriever = catalog.as_vectorstore().as_retriever(
        search_kwargs={"k": 2, "filter": {"language": "French"}}
    )
    assert {d.metadata["title"] for d in retriever.invoke("Paris")} == {"Amélie", "La Haine"}


def test_index_cache_is_used_and_survives_damage(catalog: Catalog, tmp_path: Path) -> None:
    assert catalog.index  # builds the cache
    cache = tmp_path / "home" / "cache" / f"{catalog.manifest.collection}.npz"
    assert cache.exists()
    cache.write_bytes(b"garbage")
    fresh = Catalog.open(tmp_path / "home", "films", embedder=HashEmbeddings())
    assert len(fresh.index) == 10
