"""The retrieval layer against a real Chroma server on loopback (``chroma run``).

The catalog and recommender tests that take the ``catalog`` fixture are imported below and run
again here, with ``catalog`` overridden to live on the server; a few server-only checks follow.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest

from pickwise.errors import ConfigError, NotFoundError, StoreError
from pickwise.retrieval import Catalog, Item, Request
from tests.conftest import FILMS, KINDS, HashEmbeddings
from tests.retrieval import test_catalog, test_recommender

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).parent / "chroma"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A Chroma server on a free loopback port, for the whole module."""
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (root / "server.log").open("wb")
    cmd = [str(CHROMA), "run", "--path", str(root / "data"), "--port", str(port), "--host", HOST]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma server exited with {proc.returncode}: {_tail(root)}")
            try:
                chromadb.HttpClient(host=HOST, port=port).heartbeat()
                break
            except Exception:
                if time.monotonic() > deadline:
                    pytest.fail(f"chroma server did not answer within 30 s: {_tail(root)}")
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _tail(root: Path) -> str:
    return (root / "server.log").read_text(errors="replace")[-2000:]


def server_collections(port: int) -> list[str]:
    return [c.name for c in chromadb.HttpClient(host=HOST, port=port).list_collections()]


@pytest.fixture
def catalog(chroma_port: int, tmp_path: Path, embedder: HashEmbeddings) -> Iterator[Catalog]:
    """Overrides the conftest fixture: the ten films, stored on the server instead of on disk."""
    cat = Catalog.open(
        tmp_path / "home", "films", embedder=embedder, chroma_host=HOST, chroma_port=chroma_port
    )
    cat.upsert(FILMS, KINDS)
    yield cat
    cat.delete()  # the server outlives the test


# --- the shared suite, run against the server --------------------------------------------
test_info_and_langchain_vectorstore = test_catalog.test_info_and_langchain_vectorstore
test_query_ranks_the_matching_item_first = test_recommender.test_query_ranks_the_matching_item_first
test_liked_items_are_excluded_and_attributed = (
    test_recommender.test_liked_items_are_excluded_and_attributed
)
test_constraints_and_exclusions_hold = test_recommender.test_constraints_and_exclusions_hold
test_selective_filter_returns_exactly_the_allowed = (
    test_recommender.test_selective_filter_returns_exactly_the_allowed
)
test_impossible_constraints_give_no_results = (
    test_recommender.test_impossible_constraints_give_no_results
)
test_no_signal_shows_the_range_of_what_fits = (
    test_recommender.test_no_signal_shows_the_range_of_what_fits
)
test_bad_requests = test_recommender.test_bad_requests
test_collaborative_signal_from_interactions = (
    test_recommender.test_collaborative_signal_from_interactions
)
test_interactions_with_no_known_items = test_recommender.test_interactions_with_no_known_items


# --- server-only checks ----------------------------------------------------------------------
def test_catalog_lives_on_the_server(catalog: Catalog, chroma_port: int, tmp_path: Path) -> None:
    assert catalog.manifest.collection in server_collections(chroma_port)
    assert catalog.info().store == f"{HOST}:{chroma_port}"
    assert not (tmp_path / "home" / "chroma").exists()  # nothing went to a local store


def test_ingest_and_idempotent_reingest(chroma_port: int, tmp_path: Path) -> None:
    emb = HashEmbeddings()
    cat = Catalog.open(
        tmp_path, "ingest-test", embedder=emb, chroma_host=HOST, chroma_port=chroma_port
    )
    try:
        first = cat.upsert(FILMS, KINDS)
        assert (first.added, first.updated, first.unchanged, first.embedded) == (10, 0, 0, 10)
        collection = cat.manifest.collection
        again = cat.upsert(FILMS, KINDS)
        assert (again.added, again.updated, again.unchanged, again.embedded) == (0, 0, 10, 0)
        assert cat.manifest.collection == collection
        changed = Item(FILMS[0].id, FILMS[0].title, "A new synopsis.", FILMS[0].metadata)
        report = cat.upsert([changed], KINDS)
        assert (report.updated, report.embedded, report.total) == (1, 1, 10)
        assert emb.encoded == 11
        versions = [n for n in server_collections(chroma_port) if n.startswith("pw_ingest-test_")]
        assert versions == [cat.manifest.collection]  # the old version was dropped
        assert cat.get(FILMS[0].id).text == "A new synopsis."
    finally:
        cat.delete()
    assert not [n for n in server_collections(chroma_port) if n.startswith("pw_ingest-test_")]


def test_ingest_file_and_recommend_with_constraints(chroma_port: int, tmp_path: Path) -> None:
    path = tmp_path / "films.jsonl"
    path.write_text(
        '{"id": "a", "title": "Space Bears", "year": 1985, "plot": "bears in space"}\n'
        '{"id": "b", "title": "Space Cats", "year": 2005, "plot": "cats in space"}\n'
        '{"id": "c", "title": "River Cats", "year": 2010, "plot": "cats on a river"}\n'
        "{oops\n",
        encoding="utf-8",
    )
    cat = Catalog.open(
        tmp_path, "file-test", embedder=HashEmbeddings(), chroma_port=chroma_port, chroma_host=HOST
    )
    try:
        report = cat.ingest(path, on_error="skip")
        assert (report.added, len(report.rejected), report.rejected[0].row) == (3, 1, 4)
        results = cat.recommend(Request(query="space", where=(cat.where("year>=2000"),), k=3))
        assert results[0].item.id == "b"
        assert all(r.item.metadata["year"] >= 2000 for r in results)
    finally:
        cat.delete()


def test_remove(catalog: Catalog, chroma_port: int, tmp_path: Path) -> None:
    report = catalog.remove(["alien-1979", "the-shining-1980"])
    assert (report.removed, report.total, len(catalog)) == (2, 8, 8)
    reopened = Catalog.open(
        tmp_path / "other",
        "films",
        embedder=HashEmbeddings(),
        chroma_host=HOST,
        chroma_port=chroma_port,
    )
    assert len(reopened) == 8
    with pytest.raises(NotFoundError):
        reopened.get("alien-1979")
    results = reopened.recommend(Request(query="space crew hunted by a creature", k=10))
    assert len(results) == 8 and "alien-1979" not in {r.item.id for r in results}


def test_url_sees_the_same_catalog(catalog: Catalog, chroma_port: int, tmp_path: Path) -> None:
    url = f"http://{HOST}:{chroma_port}"
    by_url = Catalog.open(
        tmp_path / "elsewhere", "films", embedder=HashEmbeddings(), chroma_url=url
    )
    assert by_url.info().store == url
    assert len(by_url) == 10
    assert by_url.manifest.collection == catalog.manifest.collection
    request = Request(query="funny comedy", where=(by_url.where("language=English"),), k=5)
    assert [r.item.id for r in by_url.recommend(request)] == [
        r.item.id for r in catalog.recommend(request)
    ]


@pytest.mark.parametrize("how", ["host", "url"])
def test_no_server_is_a_clear_store_error(how: str, tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    where = (
        {"chroma_host": HOST, "chroma_port": port}
        if how == "host"
        else {"chroma_url": f"http://{HOST}:{port}"}
    )
    with pytest.raises(StoreError) as info:
        Catalog.open(tmp_path, "films", embedder=HashEmbeddings(), **where)  # type: ignore[arg-type]
    message = str(info.value)
    assert "Chroma server" in message and str(port) in message
    assert "Check that it is running" in message
    assert "unset PICKWISE_CHROMA_URL" in message


def test_url_without_host_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="has no host"):
        Catalog.open(tmp_path, "films", embedder=HashEmbeddings(), chroma_url="localhost-8000")
