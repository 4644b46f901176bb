"""How a pick is named and explained: the title with its year once, each reason once."""

from __future__ import annotations

import pytest

from pickwise.agent.explain import (
    MAX_FACTS_TEXT,
    describe,
    fact_answer,
    item_facts,
    reasons,
)
from pickwise.retrieval.genres import genres_reason
from pickwise.retrieval.items import Item
from pickwise.retrieval.recommender import Recommendation, Signal


@pytest.mark.parametrize(
    ("title", "year", "heading"),
    [
        ("Arrival", 2016, "Arrival (2016)"),
        ("It (2017)", 2017, "It (2017)"),  # ReDial's titles carry the year
        ("It (1990)", 2017, "It (1990) (2017)"),  # a different year is still shown
        ("Arrival", None, "Arrival"),
        ("Arrival", 2016.0, "Arrival (2016)"),
    ],
)
def test_the_year_is_shown_once(title: str, year: int | None, heading: str) -> None:
    item = Item("x", title, "", {} if year is None else {"year": year})
    assert item.heading() == heading
    assert describe(item).startswith(heading + " is a film")


def test_two_sources_with_the_same_reason_give_it_once() -> None:
    item = Item("x", "Scream (1996)", "", {"year": 1996})
    rec = Recommendation(item, 1.0, (Signal("context", 1.0, 0.6), Signal("neighbours", 1.0, 0.3)))
    assert reasons(rec) == ["people who asked for something like this often chose it"]
    assert rec.reason().count("people who asked") == 1


def test_a_liked_title_behind_two_sources_is_named_once() -> None:
    item = Item("up", "Up (2009)", "", {"year": 2009})
    toy = (("toy",), ("Toy Story (1995)",))
    rec = Recommendation(
        item, 1.0, (Signal("alike", 1.0, 0.6, *toy), Signal("liked", 1.0, 0.3, *toy))
    )
    assert reasons(rec, liked={"toy"}) == ["it is close to Toy Story (1995), which you liked"]
    assert reasons(rec) == [
        "it is like Toy Story (1995), which came up",
        "it is close to Toy Story (1995)",
    ]


def _western(shared: tuple[str, ...], asked: tuple[str, ...] = ("Western",)) -> Recommendation:
    item = Item(
        "w",
        "The Searchers",
        "",
        {"genres": ("Western", "Drama"), "cast": ("John Wayne", "Humphrey Bogart")},
    )
    casa = (("casablanca",), ("Casablanca",))
    return Recommendation(
        item,
        1.0,
        (
            Signal("query", 1.0, 0.6),
            Signal("traits", 1.0, 0.4, *casa, shared=shared),
            Signal("liked", 1.0, 0.3, *casa),
            *((Signal("genres", 1.0, 0.0, asked, asked),) if asked else ()),
        ),
    )


@pytest.mark.parametrize(
    ("shared", "asked", "cited"),
    [
        # "my grandma loved Casablanca, my grandpa likes westerns": the westerns were "close to
        # Casablanca, which you liked" for sharing drama
        (("drama",), ("Western",), False),
        (("United States (country)", "the same era"), ("Western",), False),
        # a person, the kind asked for, or more than one genre in common: related
        (("drama", "Humphrey Bogart"), ("Western",), True),
        (("romance", "drama"), ("Western",), True),
        (("western",), ("Western",), True),
        (("science fiction",), ("Western",), True),
        # no kind asked for ("more like Casablanca"): the like is the request
        (("drama",), (), True),
    ],
)
def test_a_like_is_cited_only_for_picks_it_relates_to(
    shared: tuple[str, ...], asked: tuple[str, ...], cited: bool
) -> None:
    why = reasons(_western(shared, asked), liked={"casablanca"})
    assert any("Casablanca" in w for w in why) == cited, why
    assert why[0].startswith("it is among the closest matches")


def test_a_named_person_is_given_as_the_reason() -> None:
    item = Item("u", "Unstoppable (2010)", "", {"cast": ("Denzel Washington", "Chris Pine")})
    who = (("Denzel Washington",), ("Denzel Washington",))
    rec = Recommendation(item, 1.0, (Signal("people", 1.0, 0.5, *who),))
    assert reasons(rec) == ["Denzel Washington, whom you mentioned, worked on it"]
    assert "Denzel Washington, whom you mentioned" in rec.reason()


def test_the_named_genres_are_given_as_the_reason() -> None:
    item = Item("s", "Scream (1996)", "", {"genres": ("Horror", "Mystery")})
    said = (("Horror", "Mystery"), ("Horror", "Mystery"))
    rec = Recommendation(item, 1.0, (Signal("genres", 2.0, 0.5, *said),))
    assert reasons(rec) == ["it is in genres you asked for (horror and mystery)"]
    assert rec.reason() == "Because it is in genres you asked for (horror and mystery)."
    one = Recommendation(item, 1.0, (Signal("genres", 1.0, 0.5, ("Thriller",), ("Thriller",)),))
    assert rec.reason() != one.reason() == "Because it is in a genre you asked for (thriller)."


@pytest.mark.parametrize(
    ("genres", "aspects", "said"),
    [
        (("Comedy",), [], "it is in a genre you asked for (comedy)"),
        (("Comedy",), ["comedies"], "it is in a genre you asked for (comedy)"),
        (("Comedy",), ["funny"], "it is in a genre you asked for (comedy)"),  # its synonym
        # "lighter" is searched as "light-hearted, funny, warm and uplifting": comedy is how the
        # mood was read, not what was asked
        (("Comedy",), ["lighter"], "its genre (comedy) suits what you asked for (lighter)"),
        (("Comedy",), ["feel-good"], "its genre (comedy) suits what you asked for (feel-good)"),
        (
            ("Comedy",),
            ["cozy", "a rainy day"],
            "its genre (comedy) suits what you asked for (cozy)",
        ),
        (
            ("Comedy", "Family"),
            ["cozy"],
            "its genres (comedy and family) suit what you asked for (cozy)",
        ),
        # "intense" reads as no comedy: the comedy asked for earlier in the conversation
        (("Comedy",), ["intense"], "it is in a genre you asked for (comedy)"),
        # "a down-to-earth comedy": comedy asked for, drama only how the mood was read
        (
            ("Comedy", "Drama"),
            ["down-to-earth", "comedy"],
            "it is in a genre you asked for (comedy)",
        ),
        (("Comedy", "Drama"), ["down-to-earth, comedy"], "it is in a genre you asked for (comedy)"),
        (
            ("Drama",),
            ["cozy, down-to-earth"],
            "its genre (drama) suits what you asked for (down-to-earth)",
        ),
    ],
)
def test_a_genre_only_a_mood_was_read_as_is_what_suits_it(
    genres: tuple[str, ...], aspects: list[str], said: str
) -> None:
    """ "Something lighter" gave "it is in a genre you asked for (comedy)": comedy is how the
    wish was read, not what was asked."""
    item = Item("p", "Paddington (2014)", "", {"genres": ("Family", "Comedy", "Drama")})
    rec = Recommendation(item, 1.0, (Signal("genres", 2.0, 0.5, genres, genres),))
    assert reasons(rec, aspects) == [said]


def test_the_wish_is_quoted_once() -> None:
    """ "Its genre (romance) suits what you asked for (date night); it is among the closest
    matches to what you asked for (date night)": the wish said twice in one explanation."""
    item = Item("a", "Amélie (2001)", "", {"genres": ("Comedy", "Romance")})
    genres = Signal("genres", 1.0, 0.9, ("Romance",), ("Romance",))
    query = Signal("query", 1.0, 0.5)
    rec = Recommendation(item, 1.0, (genres, query))
    assert reasons(rec, ["date night"]) == [
        "its genre (romance) suits what you asked for (date night)",
        "it is among the closest matches to what you asked for",
    ]
    query = Signal("query", 1.0, 1.5)
    rec = Recommendation(item, 1.0, (query, genres))
    assert reasons(rec, ["date night"]) == [
        "it is among the closest matches to what you asked for (date night)",
        "its genre (romance) suits it too",
    ]
    # a genre said in words is no quote of the wish
    assert reasons(rec, ["a romance"])[0].endswith("(a romance)")


def test_the_mentioned_film_shared_with_most_is_given_as_the_reason() -> None:
    item = Item("d", "Dune (2021)", "", {"director": ("Denis Villeneuve",)})
    seed = (("arrival",), ("Arrival (2016)",))
    rec = Recommendation(item, 1.0, (Signal("traits", 1.2, 0.4, *seed),))
    assert reasons(rec) == ["it shares genres, people or years with Arrival (2016)"]
    assert rec.reason() == "Because it shares genres, people or years with Arrival (2016)."
    shared = ("science fiction", "Denis Villeneuve", "the 2010s")
    named = Recommendation(item, 1.0, (Signal("traits", 1.2, 0.4, *seed, shared),))
    why = "it shares science fiction, Denis Villeneuve and the 2010s with Arrival (2016)"
    assert reasons(named) == [why]
    assert named.reason() == f"Because {why}."
    unnamed = Recommendation(item, 1.0, (Signal("traits", 1.2, 0.4),))
    assert reasons(unnamed) == []  # no mentioned item to name: no reason from it


def test_item_facts_stay_short_whatever_the_catalog_holds() -> None:
    """A question about an item quotes the catalog: a huge description ends at a sentence, a
    long list is cut, an item without metadata still gets its sentence."""
    long_text = "A sentence about the film. " * 100
    tags = tuple(f"tag{i}" for i in range(50))
    item = Item("x", "X", long_text, {"tags": tags, "runtime": 95, "cast": ("A", "B", "C")})
    facts = item_facts(item)
    assert facts.startswith("X is a film, with A and B. A sentence about the film.")
    assert len(facts) < MAX_FACTS_TEXT + 300
    assert "tag7" in facts and "tag8" not in facts  # at most MAX_FACTS_VALUES of a field
    assert "Runtime: 95 min" in facts and "Cast: A, B and C" in facts
    assert item_facts(Item("y", "Y", "", {})) == "Y is a film."


def test_a_fact_question_is_answered_from_the_catalog_or_said_missing() -> None:
    item = Item(
        "x",
        "X",
        "",
        {
            "year": 1999,
            "directors": ("Lana Wachowski", "Lilly Wachowski"),
            "cast": ("A", "B", "C"),
            "runtime": 136,
            "language": "English",
            "country": "United States",
            "genres": ("Action", "Science Fiction"),
        },
    )
    directed = "X (1999) was directed by Lana Wachowski and Lilly Wachowski."
    assert fact_answer(item, "director") == directed
    assert fact_answer(item, "cast") == "X (1999) stars A, B and C."
    assert fact_answer(item, "runtime") == "X (1999) runs 136 minutes."
    assert fact_answer(item, "year") == "X came out in 1999."
    assert fact_answer(item, "language") == "X (1999) is in English."
    assert fact_answer(item, "country") == "X (1999) is from the United States."
    assert fact_answer(item, "genre", "movie") == "X (1999) is an action and science fiction movie."
    bare = Item("y", "Y", "", {"author": ("Someone",)})
    assert fact_answer(bare, "director") == "Y is by Someone."  # a people field, not "directed"
    assert fact_answer(bare, "runtime") == "The catalog doesn't say how long Y runs."
    assert fact_answer(bare, "cast") == "The catalog doesn't say who is in Y."
    odd = Item("z", "Z", "", {"runtime": 95.5, "year": "circa 1950"})
    assert fact_answer(odd, "runtime") == "Z runs 95.5 minutes."
    assert fact_answer(odd, "year") == "Z came out in circa 1950."
    rated = Item("r", "R", "", {"certification": "PG-13", "streaming": ("Netflix", "Max")})
    assert fact_answer(rated, "rating") == "R is rated PG-13."
    assert fact_answer(rated, "streaming") == "R can be watched on Netflix and Max."
    assert fact_answer(bare, "streaming") == "The catalog doesn't say where Y can be watched."


def test_a_yes_or_no_question_is_answered_from_the_fields() -> None:
    meta = {"year": 2019, "genres": ("Thriller", "Comedy"), "language": "Korean"}
    item = Item("p", "P", "A family of grifters.", meta)
    yes = fact_answer(item, "check", checks=[("genres", "comedy")])
    assert yes == "Yes: P (2019) is a thriller and comedy film."  # every genre, not two
    assert fact_answer(item, "check", checks=[("genres", "horror")]).startswith("No: P (2019)")
    assert (
        fact_answer(item, "check", checks=[("language", "english")]) == "No: P (2019) is in Korean."
    )
    assert fact_answer(item, "check", checks=[("genres", "musical|music")]).startswith("No")
    unsure = fact_answer(item, "check")  # "is it violent?": no field says; the facts do
    assert unsure.startswith("The catalog doesn't say that directly.")
    assert "A family of grifters." in unsure


def test_a_facet_that_is_no_genre_is_said_as_what_it_is() -> None:
    assert genres_reason(["Thriller"]) == "it is in a genre you asked for (thriller)"
    assert genres_reason(["Iran (country)"]) == "it has what you asked for (Iran, country)"
    assert genres_reason(["Drama", "Iran (country)"]) == (
        "it is in a genre you asked for (drama) and it has what you asked for (Iran, country)"
    )


def test_a_kind_asked_for_is_quoted_only_for_an_item_of_that_kind() -> None:
    """Three games that are not cooperative were "among the closest matches to what you asked
    for (cooperative)"."""
    query = Signal("query", 0.9, 0.9)
    coop = Item("coop", "Pandemic", "", {"categories": ("Cooperative", "strategy")})
    party = Item("party", "Codenames", "", {"categories": ("party",)})
    vocabulary = {"cooperative", "strategy", "party"}
    said = "it is among the closest matches to what you asked for"
    for item, wish in ((coop, " (cooperative)"), (party, "")):
        rec = Recommendation(item, 0.9, (query,))
        assert reasons(rec, ["cooperative"], vocabulary=vocabulary) == [said + wish]
    # a wish that is no value of the catalog (a mood) is quoted as before
    rec = Recommendation(party, 0.9, (query,))
    assert reasons(rec, ["lighter"], vocabulary=vocabulary) == [said + " (lighter)"]
