"""The bundled demo catalog with the real embedding model and a real Chroma store on disk.

These check what a user would expect of the semantic search, not exact scores.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pickwise.data import demo_catalog_path
from pickwise.retrieval import Catalog, IngestReport, Recommendation, Request
from pickwise.retrieval.embeddings import SentenceEmbeddings

pytestmark = pytest.mark.slow

DEMO = [json.loads(line) for line in demo_catalog_path().read_text(encoding="utf-8").splitlines()]
JAPANESE = {f["id"] for f in DEMO if f.get("language") == "Japanese"}
FILMS = 513
#: The fixed list of genres the demo catalog uses (pickwise/data/README.md).
GENRES = {
    "Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Family",
    "Fantasy", "History", "Horror", "Music", "Mystery", "Romance", "Science Fiction", "Thriller",
    "War", "Western",
}  # fmt: skip
FIELDS = ["id", "title", "year", "genres", "directors", "cast", "runtime", "language", "country",
          "synopsis"]  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, IngestReport]:
    """The demo catalog, ingested once with the default model into a fresh home."""
    home = tmp_path_factory.mktemp("real-model")
    catalog = Catalog.open(home, "demo")
    return catalog, catalog.ingest(demo_catalog_path())


@pytest.fixture
def catalog(demo: tuple[Catalog, IngestReport]) -> Catalog:
    return demo[0]


def ids(results: list[Recommendation]) -> list[str]:
    return [r.item.id for r in results]


def test_demo_data_has_the_films_the_tests_name() -> None:
    names = {f["id"] for f in DEMO}
    assert len(DEMO) == len(names) == FILMS
    assert {
        "interstellar-2014",
        "spirited-away-2001",
        "arrival-2016",
        "seven-samurai-1954",
    } <= names
    assert len(JAPANESE) >= 10


def test_demo_data_keeps_the_rules_of_the_file() -> None:
    """Every line has the fields in order, a slug-year id, genres from the fixed list, 2-4 cast
    members, a plausible year and runtime, and a one-to-three-sentence synopsis."""
    titles: set[tuple[str, int]] = set()
    for film in DEMO:
        assert list(film) == FIELDS, film["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-" + str(film["year"]), film["id"]), film["id"]
        assert (film["title"], film["year"]) not in titles, film["id"]
        titles.add((film["title"], film["year"]))
        assert film["genres"] and set(film["genres"]) <= GENRES, film["id"]
        assert len(set(film["genres"])) == len(film["genres"]), film["id"]
        assert 1 <= len(film["directors"]) <= 3 and 2 <= len(film["cast"]) <= 4, film["id"]
        assert all(name.strip() == name and name for name in film["directors"] + film["cast"])
        assert 1900 <= film["year"] <= 2025 and 40 <= film["runtime"] <= 600, film["id"]
        assert film["language"] and film["country"], film["id"]
        synopsis = film["synopsis"]  # ". " also follows initials, so up to 4 pieces
        assert synopsis.count(". ") <= 3 and 40 < len(synopsis) < 600, film["id"]
    assert {g for film in DEMO for g in film["genres"]} == GENRES


def test_ingest_embeds_every_film_with_the_real_model(demo: tuple[Catalog, IngestReport]) -> None:
    catalog, report = demo
    assert (report.added, report.embedded, report.total, report.rejected) == (
        (FILMS, FILMS, FILMS, [])
    )
    assert isinstance(catalog.embedder, SentenceEmbeddings)
    info = catalog.info()
    assert info.embedding_model == "all-MiniLM-L6-v2"
    assert catalog.index.vectors.shape == (FILMS, 384)
    assert info.fields["year"] == "number" and info.fields["genres"] == "list"
    assert info.fields["language"] == "category"


def test_reingest_is_a_no_op(catalog: Catalog) -> None:
    collection = catalog.manifest.collection
    report = catalog.ingest(demo_catalog_path())
    assert (report.added, report.updated, report.unchanged, report.embedded) == (0, 0, FILMS, 0)
    assert catalog.manifest.collection == collection


@pytest.mark.parametrize(
    ("query", "film", "within"),
    [
        (
            "astronauts travel through a wormhole to find a new home for humanity",
            "interstellar-2014",
            3,
        ),
        ("animated film about a girl in a world of spirits", "spirited-away-2001", 5),
        ("a linguist learns to talk with aliens who see time differently", "arrival-2016", 3),
    ],
)
def test_query_finds_the_film_a_user_means(
    catalog: Catalog, query: str, film: str, within: int
) -> None:
    results = catalog.recommend(Request(query=query, k=within))
    assert film in ids(results), [r.item.title for r in results]
    assert results[0].signals[0].source == "query"


def test_mood_words_are_spelled_out_to_what_they_mean(catalog: Catalog) -> None:
    """ "Something cozy" searched as "cozy, warm, gentle" found Cold War and Winter Sleep:
    MiniLM reads winter and cold into "cozy". The agent spells moods out (MOODS)."""
    from pickwise.agent.turn import retrieval_text

    text = retrieval_text(["something cozy"])
    cozy = catalog.recommend(Request(query=text, context=text, k=5))
    genres = [{g.lower() for g in r.item.values("genres")} for r in cozy]
    assert all(g & {"comedy", "family", "animation"} for g in genres), ids(cozy)
    assert not {"cold-war-2018", "winter-sleep-2014"} & set(ids(cozy))


def test_liked_film_with_a_year_constraint(catalog: Catalog) -> None:
    results = catalog.recommend(
        Request(liked=("arrival-2016",), where=(catalog.where("year>=2000"),), k=20)
    )
    assert len(results) == 20
    assert "arrival-2016" not in ids(results)
    assert all(r.item.metadata["year"] >= 2000 for r in results)
    assert "Science Fiction" in results[0].item.metadata["genres"]  # like Arrival
    liked = next(s for s in results[0].signals if s.source == "liked")
    assert liked.because == ("arrival-2016",)
    assert "close to Arrival, which you liked" in results[0].reason()


def test_language_filter_returns_only_japanese_films(catalog: Catalog) -> None:
    results = catalog.recommend(
        Request(query="a samurai story", where=(catalog.where("language=Japanese"),), k=50)
    )
    assert set(ids(results)) == JAPANESE  # every Japanese film, and nothing else
    assert all(r.item.metadata["language"] == "Japanese" for r in results)
    assert "seven-samurai-1954" in ids(results)[:3]


def test_every_result_has_a_reason(catalog: Catalog) -> None:
    results = catalog.recommend(
        Request(query="a gentle family comedy", liked=("spirited-away-2001",), k=15)
    )
    assert len(results) == 15
    for r in results:
        assert r.reason().strip()
        assert r.signals and r.score > 0


def test_a_reopened_catalog_gives_the_same_answers(catalog: Catalog) -> None:
    request = Request(query="a heist that goes wrong", where=(catalog.where("year<2000"),), k=5)
    again = Catalog.open(catalog.home, "demo")
    assert len(again) == FILMS
    assert ids(again.recommend(request)) == ids(catalog.recommend(request))


def test_langchain_retriever(catalog: Catalog) -> None:
    store = catalog.as_vectorstore()
    docs = store.as_retriever(search_kwargs={"k": 3}).invoke(
        "astronauts travel through a wormhole to find a new home for humanity"
    )
    assert len(docs) == 3
    assert docs[0].metadata["title"] == "Interstellar"
    assert "wormhole" in docs[0].page_content.lower()
    japanese = store.as_retriever(search_kwargs={"k": 5, "filter": {"language": "Japanese"}})
    found = japanese.invoke("a samurai story")
    assert len(found) == 5
    assert all(d.metadata["language"] == "Japanese" for d in found)


def test_store_lives_in_the_home(catalog: Catalog) -> None:
    assert Path(catalog.info().store) == catalog.home / "chroma"
    assert (catalog.home / "chroma").is_dir()
