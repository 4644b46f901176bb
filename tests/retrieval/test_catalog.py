"""Ingestion into a real Chroma store on disk: upserts, hashes, removal and atomic versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pickwise.errors import CatalogError, NotFoundError, RequestError, StoreError
from pickwise.retrieval import Catalog, CatalogSpec, Item, Request
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


def _film_rows(films: list[Item]) -> list[dict[str, object]]:
    return [
        {
            "id": f.id,
            "title": f.title,
            "synopsis": f.text,
            **{k: list(v) if isinstance(v, tuple) else v for k, v in f.metadata.items()},
        }
        for f in films
    ]


def test_replace_keeps_the_stored_item_of_a_rejected_row(tmp_path: Path) -> None:
    """`--replace --skip-bad-rows` with one bad row deleted the stored item of that row: it was
    counted "removed" although nothing valid replaced it."""
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    rows = _film_rows(FILMS)
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cat.ingest(path)
    rows[2] = {**rows[2], "runtime": "long"}  # a wrong type for the number field
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:-1]))  # the last one dropped
    spec = CatalogSpec(metadata={"runtime": "number"})
    report = cat.ingest(path, spec, on_error="skip", replace=True)
    assert (report.unchanged, report.removed, report.kept, len(report.rejected)) == (8, 1, 1, 1)
    assert report.rejected[0].item_id == FILMS[2].id
    assert cat.get(FILMS[2].id) == FILMS[2]  # kept as stored
    with pytest.raises(NotFoundError):
        cat.get(FILMS[-1].id)  # not in the file: removed
    assert report.to_dict()["kept"] == 1
    assert len(cat) == 9


def test_replace_removes_nothing_when_a_rejected_row_has_no_readable_id(tmp_path: Path) -> None:
    """A rejected row whose id cannot be read (not JSON) may stand for any stored item: with
    `--replace`, removing the items missing from the file could delete it."""
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    rows = _film_rows(FILMS)
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cat.ingest(path)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:8]) + "{oops\n")
    report = cat.ingest(path, on_error="skip", replace=True)
    assert (report.removed, report.kept, len(cat)) == (0, 2, 10)
    assert any("row(s) 9 could not be read" in w for w in report.warnings)


def _books(tmp_path: Path) -> Catalog:
    cat = Catalog.open(tmp_path, "books", embedder=HashEmbeddings())
    path = tmp_path / "books.jsonl"
    rows = [
        {"id": "b1", "title": "Kindred", "year": 1979, "genres": ["science fiction"]},
        {"id": "b2", "title": "Beloved", "year": 1987, "genres": ["historical"]},
        {"id": "b3", "title": "Gone Girl", "year": 2012, "genres": ["thriller"]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cat.ingest(path)
    return cat


_ODD_YEAR = "id,title,year\nx1,Good Book,2001\nx2,Third,notayear\n"


def test_adding_a_file_keeps_the_stored_field_kinds(tmp_path: Path) -> None:
    """A small CSV with one year "notayear" made 'year' a text field for the whole catalog:
    `--where year>=1990` then failed, and nothing said the stored kind would change. Now the
    value is a bad row (skipped, or an error that names it), and the kinds stay as stored."""
    cat = _books(tmp_path)
    before = cat.manifest.collection
    bad = tmp_path / "bad.csv"
    bad.write_text(_ODD_YEAR)
    with pytest.raises(CatalogError) as err:
        cat.ingest(bad)
    message = str(err.value)
    assert "row 3" in message and "'year'" in message and "notayear" in message
    assert "stores 'year' as a number field" in message and "--replace" in message
    assert cat.manifest.collection == before and len(cat) == 3  # nothing stored changed
    report = cat.ingest(bad, on_error="skip")
    assert (report.added, len(report.rejected)) == (1, 1)
    assert report.rejected[0].field == "year" and report.rejected[0].row == 3
    assert not any("read as text" in w for w in report.warnings)
    assert cat.info().fields["year"] == "number"
    found = cat.recommend(Request(query="a book", where=("year>=1990",), k=5))
    assert {r.item.id for r in found} == {"x1", "b3"}


def test_a_file_of_other_kinds_is_read_as_the_catalog_stores_them(tmp_path: Path) -> None:
    """One genre per row where the catalog stores lists (read alone, a category field): read as
    the catalog's kinds, not inferred again from the few rows of the new file."""
    cat = _books(tmp_path)
    path = tmp_path / "more.csv"
    path.write_text("id,title,text,year,genres\nx1,Solaris,A planet,1961,science fiction\n")
    report = cat.ingest(path)
    assert report.warnings == [] and cat.info().fields["genres"] == "list"
    assert cat.get("x1").metadata == {"year": 1961, "genres": ("science fiction",)}


def test_a_spec_or_replace_changes_a_field_kind_and_says_so(tmp_path: Path) -> None:
    cat = _books(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(_ODD_YEAR)
    report = cat.ingest(bad, CatalogSpec(metadata={"year": "category"}))
    assert cat.info().fields["year"] == "category"
    assert any(
        "'year' is now a category field" in w and "was a number" in w for w in report.warnings
    )
    assert cat.get("b1").metadata["year"] == "1979"  # stored values converted
    assert cat.get("x2").metadata["year"] == "notayear"
    assert (report.added, report.updated) == (2, 3)
    # back to numbers: the stored "notayear" cannot be one, so nothing changes
    before = cat.manifest.collection
    good = tmp_path / "good.csv"
    good.write_text("id,title,year\nx3,Fourth,1999\n")
    with pytest.raises(CatalogError, match=r"stored item 'x2' holds 'notayear'.*--replace"):
        cat.ingest(good, CatalogSpec(metadata={"year": "number"}))
    assert cat.manifest.collection == before and len(cat) == 5
    report = cat.ingest(bad, replace=True)  # the file alone decides the kinds
    assert cat.info().fields["year"] == "category" and len(cat) == 2
    path = tmp_path / "books.jsonl"
    report = cat.ingest(path, replace=True)
    assert cat.info().fields["year"] == "number"
    assert any("'year' is now a number field" in w for w in report.warnings)


def test_items_without_text_are_named_in_a_warning(tmp_path: Path) -> None:
    """An empty description was taken without a word: such an item is found by title and
    fields alone."""
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    rows = _film_rows(FILMS)
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert cat.ingest(path).warnings == []
    rows[3] = {**rows[3], "synopsis": " "}
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert cat.ingest(path).warnings == [
        f"1 item has no text: {FILMS[3].id}; it can only be found by its title and fields."
    ]
    for row in rows[:7]:
        row["synopsis"] = ""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    warning = cat.ingest(path).warnings[0]
    assert warning.startswith(f"7 items have no text: {FILMS[0].id}, ")
    assert warning.endswith(" ...; they can only be found by their titles and fields.")


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    with cat._lock(), pytest.raises(StoreError, match="another process"):
        cat.upsert(FILMS, KINDS)


def test_bad_catalog_name() -> None:
    with pytest.raises(CatalogError, match="not allowed"):
        Catalog(None, "../etc", HashEmbeddings(), Path("."))  # type: ignore[arg-type]


def test_empty_catalog_says_how_to_fill_it(tmp_path: Path) -> None:
    cat = Catalog.open(tmp_path, "films", embedder=HashEmbeddings())
    with pytest.raises(NotFoundError, match="`pickwise --catalog films ingest FILE`"):
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


def test_langchain_documents_carry_no_internal_keys(catalog: Catalog) -> None:
    """The retriever's documents exposed the store's own keys (`_doc_hash`, `_item`)."""
    store = catalog.as_vectorstore()
    found = [
        *store.similarity_search("bear", k=2),
        *(d for d, _ in store.similarity_search_with_relevance_scores("bear", k=2)),
        *store.max_marginal_relevance_search("bear", k=2, fetch_k=4),
        *store.as_retriever(search_kwargs={"k": 2}).invoke("bear"),
        *store.get_by_ids(["arrival-2016"]),
    ]
    assert len(found) == 9
    for doc in found:
        assert not [k for k in doc.metadata if k.startswith("_")], doc.metadata
        assert doc.metadata["title"] and "year" in doc.metadata


def test_index_cache_is_used_and_survives_damage(catalog: Catalog, tmp_path: Path) -> None:
    assert catalog.index  # builds the cache
    cache = tmp_path / "home" / "cache" / f"{catalog.manifest.collection}.npz"
    assert cache.exists()
    cache.write_bytes(b"garbage")
    fresh = Catalog.open(tmp_path / "home", "films", embedder=HashEmbeddings())
    assert len(fresh.index) == 10


def test_a_surname_of_several_words_suggests_the_full_name(tmp_path: Path) -> None:
    """`--where "author=le guin"` gave no "did you mean Ursula K. Le Guin" (the whole-name
    fuzzy match missed a two-word surname), and the message ended with "....\""""
    cat = Catalog.open(tmp_path, "books", embedder=HashEmbeddings())
    authors = ["Ursula K. Le Guin", "Gene Wolfe", *(f"Author {i}" for i in range(20))]
    items = [Item(f"b{i}", f"Book {i}", "", {"author": a}) for i, a in enumerate(authors)]
    cat.upsert(items, {"author": "category"})
    for asked in ("le guin", "Le Guin", "leguin", "guin", "le guinn"):
        with pytest.raises(RequestError, match=r"did you mean Ursula K\. Le Guin\?") as err:
            cat.where(f"author={asked}")
        assert str(err.value).endswith(", Author 19 and 10 more."), str(err.value)
    with pytest.raises(RequestError, match=r"did you mean Gene Wolfe\?"):
        cat.where("author!=wolfe")
    with pytest.raises(RequestError) as err:
        cat.where("author=Tolkien")
    assert "did you mean" not in str(err.value)
