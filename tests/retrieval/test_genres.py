"""The genres source: the genres named in the conversation re-rank the candidates."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from pickwise.retrieval.genres import (
    GenreSource,
    compact,
    genre_fields,
    genre_list,
    genre_terms,
    named_genres,
    names_an_event,
    region_of,
    terms_pattern,
)
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import Item
from pickwise.retrieval.recommender import Recommender, Request
from pickwise.retrieval.sources import Context
from tests.conftest import HashEmbeddings

KINDS = {"year": "number", "genres": "list", "language": "category", "director": "list"}
ITEMS = [
    Item("halloween", "Halloween", "", {"genres": ("Horror",), "language": "English",
         "director": ("John Carpenter",)}),
    Item("the-thing", "The Thing", "", {"genres": ("Horror", "Science Fiction"),
         "language": "English", "director": ("John Carpenter",)}),
    Item("alien", "Alien", "", {"genres": ("Horror", "Science Fiction"), "language": "English"}),
    Item("notting-hill", "Notting Hill", "", {"genres": ("Romance", "Comedy"),
         "language": "English"}),
    Item("amelie", "Amélie", "", {"genres": ("Romance", "Comedy"), "language": "French"}),
    Item("heat", "Heat", "", {"genres": ("Crime",), "language": "English"}),
]  # fmt: skip


def index(items: list[Item] = ITEMS, kinds: dict = KINDS) -> CatalogIndex:
    return CatalogIndex(list(items), HashEmbeddings().encode([i.title for i in items]), kinds)


def ctx(idx: CatalogIndex, text: str) -> Context:
    return Context(idx, None, None, np.zeros(0, dtype=np.int64), text=text)


FIELDS = (("genres", ("Horror", "Science Fiction", "Romance", "Comedy", "Crime")),)
TERMS = genre_terms(FIELDS)
PATTERN = terms_pattern(TERMS)
COMPACT = {compact(k): v for k, v in TERMS.items()}


def said(text: str) -> list[str]:
    return [value for _, value in named_genres(text, PATTERN, COMPACT)]


def test_values_plurals_and_everyday_words_name_genres_once_each() -> None:
    assert said("Something SCARY, or horror films. Comedies too, and a rom-com; horror!") == [
        "horror",
        "comedy",
        "romance",
    ]
    assert said("I like sci fi and science-fiction and scifi") == ["science fiction"]
    assert said("nothing in particular, surprise me") == []
    assert said("") == []


@pytest.mark.parametrize(
    "text",
    [
        "no horror please",
        "I don't like comedies",
        "not a fan of horror",
        "anything but comedy",
        "I hate romance",
        "nothing too scary",
        # a complaint (these lifted horror: "too scary" after "a mystery" brought Ring first)
        "too scary",
        "the second one looks too scary",
        "a bit less scary please",
    ],
)
def test_a_negated_genre_word_does_not_count(text: str) -> None:
    assert said(text) == []


def test_a_genre_refused_later_is_taken_back() -> None:
    """ "dark sci-fi", then "actually scratch the sci-fi": the list stayed sci-fi."""
    assert said("dark horror from the 70s. actually scratch the horror, just dark") == []
    assert said("a comedy or a horror. no horror after all") == ["comedy"]
    assert said("no horror. ok horror is fine") == ["horror"]  # the latest word holds


def test_a_genre_said_with_too_as_also_counts() -> None:
    assert said("I like horror too") == ["horror"]


def test_a_negation_reaches_only_its_own_clause() -> None:
    assert said("Not horror, but I love a romance") == ["romance"]
    assert said("No. Horror is what I want") == ["horror"]
    assert said("I don't know, maybe crime") == ["crime"]


def test_family_as_a_theme_names_no_family_film() -> None:
    """ "found family" counted Family as a genre asked for (it brought Totoro and E.T.)."""
    terms = genre_terms((("genres", ("Family", "Drama")),))
    pattern, keyed = terms_pattern(terms), {compact(k): v for k, v in terms.items()}

    def family(text: str) -> list[str]:
        return [value for _, value in named_genres(text, pattern, keyed)]

    assert family("found family") == []
    assert family("a drama about a chosen family") == ["drama"]
    assert family("something with street kids") == []
    assert family("a fun family movie") == ["family"]
    assert family("something for the family, a drama") == ["family", "drama"]


def test_the_cold_war_names_no_war_film() -> None:
    """ "a thriller about the cold war" asked for war films (Civil War, Das Boot, 1917)."""
    terms = genre_terms((("genres", ("War", "Thriller")),))
    pattern, keyed = terms_pattern(terms), {compact(k): v for k, v in terms.items()}

    def kinds(text: str) -> list[str]:
        return [value for _, value in named_genres(text, pattern, keyed)]

    assert kinds("a thriller about the cold war") == ["thriller"]
    assert kinds("a comedy about a trade war") == []
    assert kinds("a war thriller") == ["war", "thriller"]
    assert kinds("a film about the war in the pacific") == ["war"]
    assert names_an_event("cold war") and names_an_event("Cold Wars")
    assert not names_an_event("world war") and not names_an_event("cold feet")


def test_genre_fields_leave_out_people_language_numbers_and_open_ended_fields() -> None:
    values = {
        "genres": ["Horror", "Comedy"],
        "language": ["English", "French"],
        "director": ["John Carpenter"],
        "tags": [f"tag {i}" for i in range(61)],
    }
    kinds = {**KINDS, "tags": "list"}
    assert genre_fields(kinds, values) == (("genres", ("Horror", "Comedy")),)  # type: ignore[arg-type]


def test_items_of_the_named_genres_score_a_point_each_with_the_genres_as_evidence() -> None:
    idx = index()
    source = GenreSource(idx)
    c = ctx(idx, "I want something scary, maybe sci-fi. Not a romance.")
    assert source.active(c)
    assert len(source.candidates(c, 10)) == 0  # it re-scores, it proposes nothing
    rows = np.array([idx.row_of[i] for i in ("halloween", "the-thing", "amelie")])
    scores, evidence = source.score(c, rows)
    assert scores.tolist() == [1.0, 2.0, 0.0]
    assert evidence == [("Horror",), ("Horror", "Science Fiction"), ()]


def test_no_genre_word_or_no_genre_field_means_inactive() -> None:
    idx = index()
    assert not GenreSource(idx).active(ctx(idx, "something with John Carpenter, in French"))
    plain = index([Item("a", "A", "", {}), Item("b", "B", "", {})], {})
    assert not GenreSource(plain).active(ctx(plain, "horror comedy"))
    # a genre the filters rule out tells no candidate from another ("no comedy", then a mood
    # read as "funny": every pick was "not of the kind you named")
    funny = ctx(idx, "something funny")
    assert GenreSource(idx).active(funny)
    no_comedy = ~np.array(["Comedy" in i.values("genres") for i in idx.items])
    assert not GenreSource(idx).active(replace(funny, mask=no_comedy))
    assert GenreSource(idx).active(replace(funny, mask=~no_comedy))


def test_long_or_hostile_text_is_read_as_words() -> None:
    idx = index()
    hostile = "(.*)+[horror] \\ ${comedy} \x00 no no no " * 270
    assert 9000 < len(hostile) <= 10_000
    source = GenreSource(idx)
    assert source.active(ctx(idx, hostile))
    _, evidence = source.score(ctx(idx, hostile), np.array([idx.row_of["notting-hill"]]))
    assert evidence == [("Comedy",)]


def test_genres_lift_their_items_and_alone_rank_the_catalog() -> None:
    idx = index()
    source = GenreSource(idx)
    rec = Recommender(idx, HashEmbeddings(), [source], {"genres": 1.0})
    # the genres are the request's only signal: the allowed catalog, the named genres first
    got = rec.recommend(Request(context="a scary sci-fi film, not a comedy", k=3, seen=("alien",)))
    assert [r.item.id for r in got] == ["the-thing", "halloween", "notting-hill"]
    assert got[0].reason() == "Because it is in genres you asked for (horror and science fiction)."


def test_the_query_counts_when_it_says_more_than_the_conversation() -> None:
    """The agent spells a mood out in the query ("feel-good" -> "... funny and hopeful"); its
    genre words count beside the conversation's own."""
    idx = index()
    rec = Recommender(idx, HashEmbeddings(), [GenreSource(idx)], {"genres": 1.0})
    mood = Request(query="uplifting, warm, funny", context="a feel-good one please", k=2)
    assert {r.item.id for r in rec.recommend(mood)} == {"notting-hill", "amelie"}
    both = Request(query="a scary one", context="something new. a scary one", k=1)
    got = rec.recommend(both)  # the query is part of the conversation: read once
    assert got[0].signals[0].because == ("Horror",) and got[0].signals[0].score == 1.0


def test_genre_list_reads_as_a_phrase() -> None:
    assert genre_list(["Horror"]) == "horror"
    assert genre_list(["Comedy", "Romance"]) == "comedy and romance"
    assert genre_list(["A", "B", "C"]) == "a, b and c"


def test_the_index_vocabulary_is_read_once_and_handed_out_as_a_copy() -> None:
    """The agent's vocabulary and the people and genres sources share one scan per field."""
    idx = index()
    first = idx.vocabulary("genres")
    assert first == ["Comedy", "Crime", "Horror", "Romance", "Science Fiction"]
    first.append("Western")
    idx.items.append(Item("x", "X", "", {"genres": ("Western",)}))  # not re-read: computed once
    assert idx.vocabulary("genres") == ["Comedy", "Crime", "Horror", "Romance", "Science Fiction"]


def test_a_region_is_named_by_the_smallest_one_holding_its_countries() -> None:
    assert region_of({"sweden", "denmark", "norway"}) == "Scandinavia"
    assert region_of({"sweden", "france", "italy"}) == "Europe"
    assert region_of({"japan", "france", "italy"}) is None
    assert region_of({"japan", "china"}) is None  # two are said by name


def test_a_region_holds_every_name_a_catalog_gives_its_countries() -> None:
    # "germany|west germany" took the first the catalog had: Aguirre (West Germany) and
    # Solaris (Soviet Union) were no films from Europe when it also had a film from Germany
    facets = [("country", ["Germany", "West Germany", "Soviet Union", "France", "Japan"])]
    europe = set(genre_terms(facets)["european"])
    assert {("country", "west germany"), ("country", "soviet union")} <= europe
    assert ("country", "germany") in europe and ("country", "japan") not in europe
    assert region_of({"west germany", "soviet union", "france"}) == "Europe"
