"""The traits source: what a candidate shares with the items mentioned (genres, people, era)."""

from __future__ import annotations

import numpy as np

from pickwise.retrieval.genres import GenreSource
from pickwise.retrieval.index import CatalogIndex, VectorSearch
from pickwise.retrieval.items import Item
from pickwise.retrieval.recommender import Recommender, Request
from pickwise.retrieval.sources import Context, QuerySource
from pickwise.retrieval.traits import TraitsSource, year_field
from tests.conftest import HashEmbeddings

KINDS = {
    "year": "number",
    "genres": "list",
    "language": "category",
    "director": "list",
    "cast": "list",
}
ITEMS = [
    Item("arrival", "Arrival", "", {"year": 2016, "genres": ("Drama", "Science Fiction"),
         "director": ("Denis Villeneuve",), "cast": ("Amy Adams", "Jeremy Renner")}),
    Item("dune", "Dune", "", {"year": 2021, "genres": ("Adventure", "Science Fiction"),
         "director": ("Denis Villeneuve",), "cast": ("Timothée Chalamet",)}),
    Item("contact", "Contact", "", {"year": 1997, "genres": ("Drama", "Science Fiction"),
         "director": ("Robert Zemeckis",), "cast": ("Jodie Foster",)}),
    Item("sicario", "Sicario", "", {"year": 2015, "genres": ("Crime", "Thriller"),
         "director": ("Denis Villeneuve",), "cast": ("Emily Blunt",)}),
    Item("enchanted", "Enchanted", "", {"year": 2007, "genres": ("Comedy", "Romance"),
         "cast": ("Amy Adams",)}),
    Item("grease", "Grease", "", {"year": 1978, "genres": ("Musical", "Romance"),
         "cast": ("John Travolta",)}),
    Item("no-facts", "No Facts", "", {}),
]  # fmt: skip


def index(items: list[Item] = ITEMS, kinds: dict = KINDS) -> CatalogIndex:
    return CatalogIndex(list(items), HashEmbeddings().encode([i.title for i in items]), kinds)


def ctx(idx: CatalogIndex, mentioned: tuple[str, ...]) -> Context:
    empty = np.zeros(0, dtype=np.int64)
    return Context(idx, None, None, empty, mentioned_rows=idx.rows(mentioned))


def scored(idx: CatalogIndex, mentioned: tuple[str, ...], ids: list[str]) -> dict[str, float]:
    scores, _ = TraitsSource(idx).score(ctx(idx, mentioned), idx.rows(ids))
    return dict(zip(ids, scores.tolist(), strict=True))


def test_genres_people_and_era_shared_with_the_mentioned_items_rank_first() -> None:
    idx = index()
    s = scored(idx, ("arrival",), ["dune", "contact", "sicario", "enchanted", "grease", "no-facts"])
    # Dune: sci-fi, Villeneuve, five years on; Contact: the same genres, older; Grease: nothing
    assert s["dune"] > s["contact"] > s["grease"]
    assert s["sicario"] > s["grease"] and s["enchanted"] > s["grease"]  # a director, an actress
    assert s["no-facts"] == min(s.values())  # no metadata at all: shares nothing


def test_each_part_counts_alone() -> None:
    idx = index()
    ids = ["contact", "sicario", "enchanted", "grease"]
    only = {
        part: scored_with(idx, {"genres": 0.0, "people": 0.0, "era": 0.0, part: 1.0}, ids)
        for part in ("genres", "people", "era")
    }
    assert max(only["genres"], key=only["genres"].get) == "contact"  # drama and sci-fi
    assert max(only["people"], key=only["people"].get) in ("sicario", "enchanted")
    assert only["people"]["contact"] == only["people"]["grease"]  # neither shares anyone
    assert max(only["era"], key=only["era"].get) == "sicario"  # 2015, against 2016
    assert min(only["era"], key=only["era"].get) == "grease"


def scored_with(idx: CatalogIndex, parts: dict[str, float], ids: list[str]) -> dict[str, float]:
    scores, _ = TraitsSource(idx, parts).score(ctx(idx, ("arrival",)), idx.rows(ids))
    return dict(zip(ids, scores.tolist(), strict=True))


def test_the_evidence_is_the_mentioned_item_shared_with_most() -> None:
    idx = index()
    source = TraitsSource(idx)
    c = ctx(idx, ("arrival", "grease"))
    assert source.active(c)
    assert len(source.candidates(c, 10)) == 0  # it re-scores, it proposes nothing
    _, evidence = source.score(c, idx.rows(["dune", "enchanted", "no-facts"]))
    assert evidence[0] == ("arrival",)
    assert evidence[1] in (("arrival",), ("grease",))  # Amy Adams / romance: both share one
    assert evidence[2] == ()  # shares nothing with either


def test_nothing_mentioned_or_no_metadata_means_inactive() -> None:
    idx = index()
    assert not TraitsSource(idx).active(ctx(idx, ()))
    plain = index([Item("a", "A", "", {}), Item("b", "B", "", {})], {})
    assert not TraitsSource(plain).active(ctx(plain, ("a",)))


def test_a_catalog_without_years_or_people_still_scores_genres() -> None:
    items = [Item(i.id, i.title, "", {"genres": i.metadata.get("genres", ())}) for i in ITEMS]
    idx = index(items, {"genres": "list"})
    s = scored(idx, ("arrival",), ["contact", "grease"])
    assert s["contact"] > s["grease"]


def test_mentioned_items_without_a_year_leave_the_era_out() -> None:
    items = [*ITEMS, Item("undated", "Undated", "", {"genres": ("Drama", "Science Fiction")})]
    idx = index(items)
    source = TraitsSource(idx, {"genres": 0.0, "people": 0.0, "era": 1.0})
    scores, _ = source.score(ctx(idx, ("undated",)), idx.rows(["dune", "grease"]))
    assert scores.tolist() == [0.0, 0.0]  # no year to be close to


def test_year_field_is_a_number_field_named_like_a_year() -> None:
    assert year_field({"Year": "number", "genres": "list"}) == "Year"
    assert year_field({"release_year": "number"}) == "release_year"
    assert year_field({"year": "category"}) is None


def test_traits_lift_the_candidates_like_the_liked_film_with_a_reason() -> None:
    idx = index()
    sources = [QuerySource(VectorSearch(idx)), TraitsSource(idx)]
    rec = Recommender(idx, HashEmbeddings(), sources, {"query": 0.0, "traits": 1.0})
    got = rec.recommend(Request(query="a film", liked=("grease",), k=3))
    assert "grease" not in [r.item.id for r in got]  # liked items are never returned
    assert got[0].item.id == "enchanted"  # romance, the closest years after Contact's
    assert got[0].reason() == "Because it shares romance with Grease."  # not the 1970s


def test_details_name_the_genres_people_and_decade_shared() -> None:
    idx = index()
    source = TraitsSource(idx)
    row = idx.row_of
    dune = ("science fiction", "Denis Villeneuve", "the same era")  # 2021 and 2016
    assert source.details(row["dune"], ("arrival",)) == dune
    assert source.details(row["sicario"], ("arrival",)) == ("Denis Villeneuve", "the 2010s")
    assert source.details(row["enchanted"], ("arrival",)) == ("Amy Adams", "the same era")
    assert source.details(row["grease"], ("arrival",)) == ()  # nothing shared
    assert source.details(row["dune"], ()) == ()  # no evidence item
    assert source.details(row["dune"], ("gone",)) == ()  # an id the catalog lacks


def test_a_genre_the_request_would_rather_avoid_is_not_shared() -> None:
    """ "Like Alien but less horror" put Aliens second, "it shares science fiction, horror ...
    with Alien": what a candidate shares with the liked film leaves the avoided genre out, in
    the score and in the reason."""
    idx = index()
    source = TraitsSource(idx, {"genres": 1.0, "people": 0.0, "era": 0.0}, GenreSource(idx))
    rows = idx.rows(["contact", "dune"])
    mentioned = idx.rows(("arrival",))
    empty = np.zeros(0, dtype=np.int64)
    plain = Context(idx, None, None, empty, mentioned_rows=mentioned, text="like Arrival")
    less = Context(idx, None, None, empty, mentioned_rows=mentioned, text="", avoid="drama")
    contact, dune = source.score(plain, rows)[0]
    assert contact > dune  # drama and science fiction in common, against science fiction
    contact, dune = source.score(less, rows)[0]
    assert contact == dune  # science fiction each
    row = idx.row_of["contact"]
    assert source.details(row, ("arrival",), plain) == ("drama", "science fiction")
    assert source.details(row, ("arrival",), less) == ("science fiction",)
    assert TraitsSource(idx).details(row, ("arrival",), less) == ("drama", "science fiction")


def test_details_name_a_genre_field_before_a_country() -> None:
    kinds = {"genres": "list", "country": "category", "year": "number"}
    items = [
        Item("a", "A", "", {"genres": ("Drama",), "country": "France", "year": 1961}),
        Item("b", "B", "", {"genres": ("Drama",), "country": "France", "year": 1979}),
    ]
    idx = index(items, kinds)
    assert TraitsSource(idx).details(1, ("a",)) == ("drama",)  # not "france"
    no_genres = index(items, {"country": "category", "year": "number"})
    assert TraitsSource(no_genres).details(1, ("a",)) == ("France (country)",)
    other = [*items, Item("c", "C", "", {"genres": ("Comedy",), "country": "France"})]
    assert TraitsSource(index(other, kinds)).details(2, ("a",)) == ("France (country)",)
    # a person in common says more: "shares Leonardo DiCaprio", not "United States (country)"
    kinds = {**kinds, "cast": "list"}
    cast = [Item(i.id, i.title, "", {**i.metadata, "cast": ("Jeanne Moreau",)}) for i in other]
    assert TraitsSource(index(cast, kinds)).details(2, ("a",)) == ("Jeanne Moreau",)


def test_the_reason_names_what_is_shared() -> None:
    idx = index()
    sources = [QuerySource(VectorSearch(idx)), TraitsSource(idx)]
    rec = Recommender(idx, HashEmbeddings(), sources, {"query": 0.0, "traits": 1.0})
    got = rec.recommend(Request(query="a film", mentioned=("arrival",), k=1))
    assert got[0].item.id == "dune"
    traits = next(s for s in got[0].signals if s.source == "traits")
    assert traits.shared == ("science fiction", "Denis Villeneuve", "the same era")
    why = "it shares science fiction, Denis Villeneuve and the same era with Arrival"
    assert got[0].reason() == f"Because {why}."


def test_a_mentioned_item_itself_is_left_to_the_mentioned_source() -> None:
    idx = index()
    rows = idx.rows(["arrival", "dune", "grease"])
    scores, evidence = TraitsSource(idx).score(ctx(idx, ("arrival",)), rows)
    assert scores[0] == 0.0 and evidence[0] == ()  # not "shares everything with Arrival"
    assert scores[1] > scores[2] and evidence[1] == ("arrival",)
    # the others are compared among themselves: the same scores without the seed in the union
    alone, _ = TraitsSource(idx).score(ctx(idx, ("arrival",)), rows[1:])
    assert alone.tolist() == scores[1:].tolist()


def test_an_items_field_reads_as_a_tuple_of_values() -> None:
    item = Item("x", "X", "", {"genres": ("Drama", "War"), "language": "French", "year": 1999})
    assert item.values("genres") == ("Drama", "War")
    assert item.values("language") == ("French",)
    assert item.values("year") == (1999,)
    assert item.values("cast") == ()


def test_one_person_shared_with_one_candidate_does_not_outweigh_the_genres() -> None:
    # After "I loved Toy Story", Saving Private Ryan (Tom Hanks, no genre in common) came before
    # Shrek: one person shared with one candidate of many is a z-score above 10 uncapped.
    family = [
        Item(
            f"cartoon-{i}",
            f"Cartoon {i}",
            "",
            {
                "year": 1990 + i,
                "genres": ("Animation", "Comedy", "Family"),
                "cast": (f"Voice {i}",),
            },
        )
        for i in range(20)
    ]
    others = [
        Item(
            f"drama-{i}",
            f"Drama {i}",
            "",
            {"year": 1960 + i, "genres": ("Drama",), "cast": (f"Actor {i}",)},
        )
        for i in range(60)
    ]
    toy = Item(
        "toy",
        "Toy Story",
        "",
        {
            "year": 1995,
            "genres": ("Animation", "Comedy", "Family"),
            "cast": ("Tom Hanks", "Tim Allen"),
        },
    )
    ryan = Item(
        "ryan",
        "Saving Private Ryan",
        "",
        {"year": 1998, "genres": ("War", "Drama"), "cast": ("Tom Hanks", "Matt Damon")},
    )
    idx = index([toy, ryan, *family, *others])
    s = scored(idx, ("toy",), ["ryan", *(i.id for i in family), *(i.id for i in others)])
    assert s["ryan"] < s["cartoon-5"]  # the same genres, 1995 too
    assert s["ryan"] > max(s[i.id] for i in others)  # sharing Tom Hanks still counts
