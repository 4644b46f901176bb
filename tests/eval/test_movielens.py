"""MovieLens leave-last-out: the split, the metrics, the baselines and the command's outputs."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from pickwise.errors import CatalogError
from pickwise.eval import movielens as ml
from pickwise.eval.ranking import ndcg_at_k, recall_at_k
from pickwise.retrieval.catalog import DEFAULT_WEIGHTS
from pickwise.retrieval.items import Item
from tests.conftest import HashEmbeddings

GENRES = ["Comedy", "Drama", "Horror", "Sci-Fi"]


def write_toy(folder: Path) -> tuple[Path, Path]:
    """12 movies in 4 genres; 30 users who each rate movies of one genre, plus some noise."""
    movies = folder / "movies.csv"
    lines = ["movieId,title,genres"]
    for m in range(12):
        lines.append(f'{m + 1},"Film {m + 1} ({1990 + m})",{GENRES[m % 4]}|Extra')
    movies.write_text("\n".join(lines) + "\n")
    ratings = folder / "ratings.csv"
    rows = ["userId,movieId,rating,timestamp"]
    rng = np.random.default_rng(0)
    for u in range(30):
        genre = u % 4
        mine = [m for m in range(12) if m % 4 == genre]
        for t, m in enumerate(rng.permutation(mine)):
            rows.append(f"{u + 1},{m + 1},{4.5 if t % 2 == 0 else 4.0},{1000 + t * 10 + u}")
        rows.append(f"{u + 1},{(genre + 1) % 4 + 1},2.0,{900 + u}")
    ratings.write_text("\n".join(rows) + "\n")
    return ratings, movies


def r(user: str, item: str, ts: int, rating: float = 4.0) -> ml.Rating:
    return ml.Rating(user, item, rating, ts)


def test_leave_last_out_holds_out_the_last_rating_by_timestamp() -> None:
    rows = [r("1", "a", 30), r("1", "b", 10), r("1", "c", 20), r("2", "x", 5), r("2", "y", 7)]
    rows += [r("3", "solo", 1)]
    split = ml.leave_last_out(rows)
    assert split.test == {"1": "a", "2": "y"}
    train = {(t.user, t.item) for t in split.train}
    assert train == {("1", "b"), ("1", "c"), ("2", "x"), ("3", "solo")}
    for user, item in split.test.items():
        assert (user, item) not in train


def test_leave_last_out_never_trains_on_a_rerated_test_item() -> None:
    split = ml.leave_last_out([r("1", "a", 1), r("1", "b", 2), r("1", "a", 3)])
    assert split.test == {"1": "a"}
    assert [t.item for t in split.train] == ["b"]


def test_ndcg_and_recall_on_hand_computed_cases() -> None:
    assert ndcg_at_k(["a", "b", "c"], {"a"}, 10) == pytest.approx(1.0)
    assert ndcg_at_k(["a", "b", "c"], {"c"}, 10) == pytest.approx(1 / math.log2(4))
    assert ndcg_at_k(["a", "b", "c"], {"c"}, 2) == 0.0
    # two relevant at ranks 1 and 3: (1 + 1/2) / (1 + 1/log2(3))
    assert ndcg_at_k(["a", "b", "c"], {"a", "c"}, 10) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert recall_at_k(["a", "b", "c"], {"c", "z"}, 3) == 0.5
    assert recall_at_k(["a", "b", "c"], {"c"}, 2) == 0.0


def toy_data() -> ml.Data:
    items = [Item(i, i.upper()) for i in "abcde"]
    # a and b always go together; e is the most popular
    train = [r(str(u), i, t) for u in range(6) for t, i in enumerate("abe")]
    train += [r("9", "a", 1), r("9", "e", 2), r("8", "e", 1), r("8", "c", 2)]
    return ml.Data.build(items, train, ["9"])


@pytest.mark.parametrize("make", [ml.item_knn_scorer, ml.ease_scorer, ml.als_scorer])
def test_collaborative_baselines_rank_the_co_liked_item_first(
    make: Callable[[ml.Data], ml.Scorer],
) -> None:
    data = toy_data()
    u = data.user_index["9"]
    top = ml.top_k(make(data)("9", u), data.matrix[u].indices, k=2)
    assert data.items[top[0]].id == "b"


def test_popularity_ranks_by_training_counts() -> None:
    data = toy_data()
    u = data.user_index["9"]
    top = ml.top_k(ml.popularity_scorer(data)("9", u), data.matrix[u].indices, k=3)
    assert [data.items[i].id for i in top] == ["b", "c", "d"]


def test_pickwise_ranking_excludes_the_training_items() -> None:
    data = toy_data()
    vectors = HashEmbeddings().encode([it.document() for it in data.items])
    rec = ml.pickwise_recommender(data, vectors, HashEmbeddings(), DEFAULT_WEIGHTS)
    ranked = ml.pickwise_ranking(rec, data, "9", k=3)
    assert ranked[0] == "b"
    assert not {"a", "e"} & set(ranked)


def test_run_is_deterministic_and_reports_every_method(tmp_path: Path) -> None:
    ratings, movies = write_toy(tmp_path)
    first, ranks = ml.run_movielens(ratings, movies, HashEmbeddings())
    second, _ = ml.run_movielens(ratings, movies, HashEmbeddings())
    assert first == second
    assert set(first["results"]) == {
        "popularity",
        "item-knn",
        "ease",
        "seed-style dense",
        "als (implicit)",
        "pickwise (default weights)",
        "pickwise (tuned weights)",
    }
    assert first["users"] == 30 and all(len(v) == 30 for v in ranks.values())
    # the genre structure is easy: the collaborative methods find most held-out items
    assert first["results"]["ease"]["recall@10"] > 0.5
    assert first["results"]["pickwise (tuned weights)"]["recall@10"] > 0.5


def test_cli_writes_json_markdown_and_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pickwise.cli import app
    from pickwise.cli import eval as eval_cli

    monkeypatch.setattr(eval_cli, "_embedder", HashEmbeddings)
    ratings, movies = write_toy(tmp_path)
    out = tmp_path / "out"
    args = ["eval", "movielens", "--ratings", str(ratings), "--movies", str(movies)]
    args += ["--limit-users", "10", "--out", str(out)]
    monkeypatch.setattr("sys.argv", ["pickwise", *args])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "movielens.json").read_text())
    assert payload["command"].startswith("pickwise eval movielens")
    assert payload["users"] == 10
    assert set(payload["data"].values()) == {ml.sha256(ratings), ml.sha256(movies)}
    assert "| pickwise (tuned weights) |" in (out / "movielens.md").read_text()
    assert (out / "movielens.png").read_bytes()[:4] == b"\x89PNG"


def test_profile_is_the_whole_history_oldest_first() -> None:
    items = [Item(i, i.upper()) for i in "abcd"]
    train = [r("1", "c", 30, 1.0), r("1", "a", 10, 5.0), r("1", "b", 20, 2.0), r("1", "a", 40)]
    data = ml.Data.build(items, train, ["1"])
    assert data.profile("1") == ["b", "c", "a"]  # a re-rated item sits at its latest place
    assert data.liked("1") == ["a"]  # the seed-style baseline still reads liked titles only
    request = ml.pickwise_request(data, "1")
    assert request.liked == ("b", "c", "a") and request.excluded == ("b", "c", "a")


def test_pickwise_uses_the_model_that_ingest_interactions_fits() -> None:
    assert ml.collaborative_model(toy_data()).kind == "ease"


def test_tuning_never_looks_at_the_test_items(tmp_path: Path) -> None:
    ratings, movies = write_toy(tmp_path)
    items = ml.read_movies(movies)
    split = ml.leave_last_out(ml.read_ratings(ratings))
    vectors = HashEmbeddings().encode([it.document() for it in items])
    users = sorted(split.test, key=int)
    # the same training data with other held-out items: the same choice, the same trials
    moved = ml.Split(split.train, {u: str(int(i) % 12 + 1) for u, i in split.test.items()})
    first = ml.tune_weights(split, items, vectors, HashEmbeddings(), users)
    second = ml.tune_weights(moved, items, vectors, HashEmbeddings(), users)
    assert first == second
    assert first.half_life in ml.HALF_LIFE_GRID and first.users == 30
    assert len(first.trials) == len(ml.HALF_LIFE_GRID) * math.prod(
        len(v) for v in ml.WEIGHT_GRID.values()
    )


def test_the_json_states_the_protocol_and_the_choice(tmp_path: Path) -> None:
    ratings, movies = write_toy(tmp_path)
    result, _ = ml.run_movielens(ratings, movies, HashEmbeddings(), als=False)
    assert "validation split" in result["protocol"]
    assert result["half_life_tuned"] in ml.HALF_LIFE_GRID
    assert set(result["fusion_weights_tuned"]) >= set(ml.WEIGHT_GRID)
    assert result["validation_users"] == 30


def test_ratings_are_linked_to_another_catalog_by_imdb_id(tmp_path: Path) -> None:
    from pickwise.eval.data import imdb_key, metadata_imdb_ids
    from pickwise.eval.movielens import Rating, linked_ratings, read_links

    assert imdb_key("114709") == "tt0114709" == imdb_key("tt0114709") == imdb_key(" TT114709 ")
    assert imdb_key("") == imdb_key("n/a") == ""
    links = tmp_path / "links.csv"
    links.write_text("movieId,imdbId,tmdbId\n1,0114709,862\n2,,\n3,0113497,8844\n")
    assert read_links(links) == {"1": "tt0114709", "3": "tt0113497"}
    meta = tmp_path / "id2info.json"
    meta.write_text(
        '{"9": {"name": "Toy Story (1995)", "imdb_id": "tt0114709"}, "8": {"name": "X"}}'
    )
    assert metadata_imdb_ids(meta) == {"tt0114709": "9"}
    ratings = [Rating("u", "1", 4.0, 1), Rating("u", "3", 5.0, 2), Rating("v", "2", 3.0, 3)]
    assert linked_ratings(ratings, read_links(links), metadata_imdb_ids(meta)) == [("u", "9", 4.0)]
    links.write_text("movie,imdb\n1,2\n")
    with pytest.raises(CatalogError, match=r"links\.csv"):
        read_links(links)
