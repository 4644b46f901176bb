"""Readers trust the catalog pointer they read for a short while (no store read per request),
yet see a new version at once when it is written through this home, after the TTL when it is
written elsewhere; a failed read is not trusted; small catalogs search exactly, without Chroma."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from pickwise.errors import NotFoundError, StoreError
from pickwise.retrieval import Catalog, Item, Request
from pickwise.retrieval import catalog as catalog_module
from pickwise.retrieval.learned import TrainingExample, fit_learned
from tests.conftest import FILMS, KINDS, HashEmbeddings

NEW = Item("new-film-2030", "A Film From The Future", "A tender robot comedy.", {"year": 2030})


def open_catalog(home: Path, ttl: float = 3600.0) -> Catalog:
    return Catalog.open(home, "films", embedder=HashEmbeddings(), manifest_ttl=ttl)


def count_pointer_reads(cat: Catalog, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = cat.store.manifest

    def counted(name: str) -> Any:
        reads.append(name)
        return real(name)

    monkeypatch.setattr(cat.store, "manifest", counted)
    return reads


def test_requests_do_not_read_the_pointer_within_the_ttl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = open_catalog(tmp_path)
    cat.upsert(FILMS, KINDS)
    cat.recommend(Request(query="bear"))
    reads = count_pointer_reads(cat, monkeypatch)
    for _ in range(20):
        cat.recommend(Request(query="a heist in Paris", k=3))
        cat.get(FILMS[0].id)
        cat.where("year>=1990")
    assert reads == []
    assert len(cat) == 10 and reads == ["films"]  # len and readiness read the store itself


def test_a_version_written_through_this_home_is_seen_at_once(tmp_path: Path) -> None:
    reader, writer = open_catalog(tmp_path), open_catalog(tmp_path)
    writer.upsert(FILMS, KINDS)
    assert reader.get(FILMS[0].id).title == FILMS[0].title  # caches the pointer for an hour
    writer.upsert([NEW], {"year": "number"})
    assert reader.get(NEW.id).title == NEW.title
    writer.remove([FILMS[0].id])
    with pytest.raises(NotFoundError):
        reader.get(FILMS[0].id)
    assert len(reader.items()) == 10
    writer.delete()
    with pytest.raises(NotFoundError, match="is empty"):
        reader.recommend(Request(query="bear"))


def test_a_version_written_elsewhere_is_seen_after_the_ttl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another home sharing a Chroma server writes the pointer without this home's stamp."""
    patient, prompt, writer = (
        open_catalog(tmp_path),
        open_catalog(tmp_path, 0.2),
        open_catalog(tmp_path),
    )
    writer.upsert(FILMS, KINDS)
    assert patient.get(FILMS[0].id) and prompt.get(FILMS[0].id)
    monkeypatch.setattr(writer, "_bump_stamp", lambda collection: None)
    writer.upsert([NEW], {"year": "number"})
    time.sleep(0.3)
    assert prompt.get(NEW.id).title == NEW.title
    with pytest.raises(NotFoundError):  # still within its hour: the old version, whole
        patient.get(NEW.id)


def sources_of(cat: Catalog, request: Request, item_id: str) -> dict[str, float]:
    found = next(r for r in cat.recommend(request) if r.item.id == item_id)
    return {s.source: s.score for s in found.signals}


def test_new_interactions_and_learned_models_written_through_this_home_are_seen_at_once(
    tmp_path: Path,
) -> None:
    """A server's catalog saw them only after the next catalog version or a restart."""
    reader, writer = open_catalog(tmp_path), open_catalog(tmp_path)
    writer.upsert(FILMS, KINDS)
    target, request = FILMS[3].id, Request(liked=(FILMS[0].id,), k=10)
    assert "popularity" not in sources_of(reader, request, target)  # caches its pointer
    ratings = tmp_path / "ratings.csv"
    rows = [f"u{n},{FILMS[0].id},5\nu{n},{target},5" for n in range(8)]
    ratings.write_text("user,item,rating\n" + "\n".join(rows) + "\n")
    writer.ingest_interactions(ratings)
    seen = sources_of(reader, request, target)
    assert seen["popularity"] > 0 and seen["collaborative"] > 0
    emb = HashEmbeddings()
    examples = [TrainingExample(emb.encode_query("a polite bear"), (target,))] * 3
    writer.save_learned(fit_learned(examples, [(target,)] * 3, [target] * 3))
    assert "recommended" in sources_of(reader, request, target)
    writer.delete()  # the models go with the catalog
    writer.upsert(FILMS, KINDS)
    assert not {"popularity", "recommended"} & sources_of(reader, request, target).keys()


def test_a_failed_pointer_read_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = open_catalog(tmp_path)
    cat.upsert(FILMS, KINDS)
    assert cat.recommend(Request(query="bear"))
    real = cat.store.manifest

    def gone(name: str) -> Any:
        raise StoreError("the Chroma server went away")

    monkeypatch.setattr(cat.store, "manifest", gone)
    with pytest.raises(StoreError):
        len(cat)  # what /readyz asks
    with pytest.raises(StoreError):  # requests go back to the store too, and say so
        cat.recommend(Request(query="bear"))
    monkeypatch.setattr(cat.store, "manifest", real)
    assert cat.recommend(Request(query="bear"))


def test_small_catalogs_search_exactly_without_chroma(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queried: list[int] = []
    cat = open_catalog(tmp_path)
    cat.upsert(FILMS, KINDS)
    real = cat.store.query

    def query(*args: Any, **kwargs: Any) -> Any:
        queried.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(cat.store, "query", query)
    exact = [r.item.id for r in cat.recommend(Request(query="polite bear", k=3))]
    assert exact[0] == "paddington-2-2017" and queried == []
    monkeypatch.setattr(catalog_module, "EXACT_SEARCH_ITEMS", 5)
    # over the limit (and asking for fewer than it holds), Chroma's index answers
    bigger = Catalog.open(tmp_path, "films", embedder=HashEmbeddings(), per_source=4)
    monkeypatch.setattr(bigger.store, "query", query)
    assert bigger.recommend(Request(query="polite bear", k=3))[0].item.id == exact[0]
    assert queried
