"""Catalogs that are not films: a books catalog (author, pages, price) and a games one (designer).

Before, chat called every item "a film" ("A film.", "Tell me a film you loved", "I have no film by
..."), read no bound on the catalog's own number fields ("under 300 pages" noted "you want
under"), answered no question about them ("how much does the third one cost?" gave new picks,
"which is the cheapest?" said the catalog doesn't say), and missed people named without their
middle initial ("Octavia Butler" for "Octavia E. Butler") or in a field such as ``designer``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pickwise.agent.answers import field_answer
from pickwise.agent.app import AgentConfig, Pickwise, catalog_noun, open_checkpointer
from pickwise.agent.explain import describe, fact_answer, kept_answer
from pickwise.agent.profile import ProfileStore
from pickwise.agent.titles import TitleMatcher
from pickwise.agent.turn import as_said
from pickwise.agent.understanding import Understanding, Vocabulary, understand
from pickwise.retrieval import Catalog
from pickwise.retrieval.constraints import AnyOf, Range
from pickwise.retrieval.items import CatalogSpec, Item
from pickwise.text import a_or_an, plural
from tests.conftest import HashEmbeddings

BOOKS = [
    ("kindred", "Kindred", "Octavia E. Butler", 264, 11.99, 1979, ["science fiction"]),
    ("sower", "Parable of the Sower", "Octavia E. Butler", 345, 14.5, 1993, ["dystopian"]),
    ("left-hand", "The Left Hand of Darkness", "Ursula K. Le Guin", 304, 12.99, 1969, ["sf"]),
    ("earthsea", "A Wizard of Earthsea", "Ursula K. Le Guin", 183, 8.99, 1968, ["fantasy"]),
    ("dune", "Dune", "Frank Herbert", 412, 10.99, 1965, ["science fiction"]),
    ("beloved", "Beloved", "Toni Morrison", 324, 16.0, 1987, ["literary fiction"]),
    ("hobbit", "The Hobbit", "J. R. R. Tolkien", 310, 7.99, 1937, ["fantasy"]),
    ("road", "The Road", "Cormac McCarthy", 287, 10.0, 2006, ["literary fiction"]),
    ("circe", "Circe", "Madeline Miller", 393, 14.99, 2018, ["fantasy", "mythology"]),
    ("gatsby", "The Great Gatsby", "F. Scott Fitzgerald", 180, 6.99, 1925, ["romance"]),
]
KINDS = {
    "author": "category",
    "pages": "number",
    "price": "number",
    "year": "number",
    "tags": "list",
}


def book(row: tuple[object, ...]) -> Item:
    id_, title, author, pages, price, year, tags = row
    metadata = {
        "author": author,
        "pages": pages,
        "price": price,
        "year": year,
        "tags": tuple(tags),  # type: ignore[arg-type]
    }
    return Item(str(id_), str(title), f"A book called {title}.", metadata)  # type: ignore[arg-type]


ITEMS = [book(r) for r in BOOKS]
VOCAB = Vocabulary.from_items(ITEMS, KINDS)  # type: ignore[arg-type]
MATCHER = TitleMatcher(ITEMS)


def read(text: str, vocab: Vocabulary = VOCAB) -> Understanding:
    return understand(text, MATCHER, vocab)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pickwise]:
    home = tmp_path_factory.mktemp("books-home")
    path = home / "books.jsonl"
    rows = [
        {"id": i.id, "title": i.title, "description": i.text, **dict(i.metadata)} for i in ITEMS
    ]
    path.write_text("\n".join(json.dumps({**r, "tags": list(r["tags"])}) for r in rows))
    catalog = Catalog.open(home, "books", embedder=HashEmbeddings())
    catalog.ingest(path)
    noun = catalog_noun("", "books", catalog.index.kinds)
    agent = Pickwise(
        catalog,
        ProfileStore(home / "profiles.sqlite3"),
        None,
        open_checkpointer(home),
        AgentConfig(noun=noun),
    )
    yield agent
    agent.close()


# --- 1. what the items are called ------------------------------------------------------------
def test_the_noun_is_film_for_film_catalogs_else_item_unless_configured() -> None:
    """Every catalog was "films": now the setting, else "film" for the demo and catalogs with
    directors, cast or runtimes, else "item"."""
    assert catalog_noun("", "demo", {}) == "film"
    assert catalog_noun("", "redial", {"directors": "list", "year": "number"}) == "film"
    assert catalog_noun("", "shop", {"runtime": "number"}) == "film"
    assert catalog_noun("", "books", KINDS) == "item"
    assert catalog_noun(" book ", "books", KINDS) == "book"
    assert (plural("book"), plural("story"), plural("box"), plural("series")) == (
        "books",
        "stories",
        "boxes",
        "series",
    )
    assert (a_or_an("item"), a_or_an("film")) == ("an item", "a film")


def test_a_book_is_described_by_its_author_and_numbers_not_as_a_film() -> None:
    """ "Kindred (1979): A film." said nothing the catalog knows."""
    said = describe(ITEMS[0], "book")
    assert said == "Kindred (1979) is a book by Octavia E. Butler, 264 pages, price 11.99."
    game = Item("p", "Pandemic", "", {"designer": ("Matt Leacock",), "players": 4})
    assert describe(game, "game") == "Pandemic is a game by Matt Leacock, 4 players."


def test_chat_over_books_never_says_film(books: Pickwise) -> None:
    """The greeting, the explanations and the unknown-person line said "film"."""
    hello = books.chat("hi", user_id="noun", thread_id="t1").text
    assert "Tell me an item you loved" in hello
    reply = books.chat("a dystopian book please", user_id="noun", thread_id="t2")
    assert reply.picks and "film" not in reply.text.lower()
    assert "Octavia E. Butler" in reply.text
    stranger = books.chat("anything by Samuel Delany?", user_id="noun", thread_id="t3").text
    assert "film" not in stranger.lower()
    profile = books.chat("show my profile", user_id="noun-empty", thread_id="t4").text
    assert "Tell me items you liked" in profile
    helped = books.chat("what can you do?", user_id="noun", thread_id="t5").text
    assert helped.startswith("I recommend items from this catalog")
    assert "film" not in helped.lower() and "Arrival" not in helped


# --- 2. bounds on the catalog's number fields --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("something under 300 pages", Range("pages", max=300, max_strict=True)),
        ("pages<300", Range("pages", max=300, max_strict=True)),
        ("pages <= 300", Range("pages", max=300)),
        ("less than 300 pages", Range("pages", max=300, max_strict=True)),
        ("fewer than 300 pages please", Range("pages", max=300, max_strict=True)),
        ("300 pages or less", Range("pages", max=300)),
        ("nothing over 400 pages", Range("pages", max=400)),
        ("at least 250 pages", Range("pages", min=250)),
        ("more than 1 page", Range("pages", min=1, min_strict=True)),
        ("between 200 and 300 pages", Range("pages", min=200, max=300)),
        ("cheaper than 10", Range("price", max=10, max_strict=True)),
        ("price below 12", Range("price", max=12, max_strict=True)),
        ("under $15", Range("price", max=15, max_strict=True)),
        ("less than 10 dollars", Range("price", max=10, max_strict=True)),
        ("no more than 12 euros", Range("price", max=12)),
    ],
)
def test_number_fields_are_read(text: str, want: Range) -> None:
    """These noted nothing, or "you want under"."""
    u = read(text)
    assert u.add_constraints == (want,)
    assert "under" not in u.aspects and "under" not in u.query


def test_a_kind_and_a_price_in_one_request() -> None:
    """ "a science fiction book under $15" set no price bound."""
    u = read("a science fiction book under $15")
    assert Range("price", max=15, max_strict=True) in u.add_constraints
    assert "science fiction" in u.aspects


def test_a_bare_number_is_no_bound_and_years_still_read() -> None:
    """Only a number with its field, unit or a price word is read; years keep their reader."""
    assert read("under 300").add_constraints == ()
    u = read("a book from the 80s under 300 pages")
    assert Range("year", min=1980, max=1989) in u.add_constraints
    assert Range("pages", max=300, max_strict=True) in u.add_constraints


def test_chat_keeps_a_page_bound(books: Pickwise) -> None:
    reply = books.chat("something under 300 pages", user_id="pages", thread_id="t1")
    assert reply.changes == ["pages under 300"]
    assert reply.picks and all(
        float(p.recommendation.item.metadata["pages"]) < 300  # type: ignore[arg-type]
        for p in reply.picks
    )


# --- 4. people fields ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a book by Octavia Butler", "octavia e. butler"),
        ("something by Ursula Le Guin", "ursula k. le guin"),
        ("anything by Octavia E. Butler?", "octavia e. butler"),
    ],
)
def test_names_match_without_middle_initials(text: str, value: str) -> None:
    """ "I have no film by Octavia Butler" though the catalog has "Octavia E. Butler"."""
    assert read(text).turn_constraints == (AnyOf("author", frozenset({value})),)


def test_initials_said_that_the_catalog_leaves_out() -> None:
    vocab = Vocabulary.from_index({"author": "category"}, {"author": ["Octavia Butler"]})
    u = read("a book by Octavia E. Butler", vocab)
    assert u.turn_constraints == (AnyOf("author", frozenset({"octavia butler"})),)


def test_a_designer_is_a_person_made_by() -> None:
    """A games catalog's ``designer``: "anything by Matt Leacock?" was no person."""
    vocab = Vocabulary.from_index(
        {"designer": "list", "players": "number"}, {"designer": ["Matt Leacock"]}
    )
    u = read("anything by Matt Leacock?", vocab)
    assert u.turn_constraints == (AnyOf("designer", frozenset({"matt leacock"})),)


def test_chat_finds_an_author_without_initials(books: Pickwise) -> None:
    reply = books.chat("a book by Octavia Butler", user_id="people", thread_id="t1")
    assert "I have no" not in reply.text
    assert {p.item_id for p in reply.picks} == {"kindred", "sower"}


def test_fact_answer_keeps_film_words_for_films() -> None:
    """The film catalog's answers are as before."""
    film = Item("alien", "Alien", "", {"year": 1979, "runtime": 117, "genres": ("Horror",)})
    assert fact_answer(film, "runtime") == "Alien (1979) runs 117 minutes."
    assert describe(film) == "Alien (1979) is a horror film."


# --- 3. questions about the catalog's fields -----------------------------------------------------
def test_questions_about_pages_and_price(books: Pickwise) -> None:
    """ "How much does the third one cost?" gave new picks; "which is the cheapest?" and "which
    one is the longest?" said the catalog doesn't say; "how long is the first one?" too; "is the
    first one a short read?" answered a confident "No: ... film" from the tags."""
    user, thread = "fields", "t1"
    picks = books.chat("something with fantasy", user_id=user, thread_id=thread).picks
    items = [p.recommendation.item for p in picks]
    third, first = items[2], items[0]
    cost = books.chat("how much does the third one cost?", user_id=user, thread_id=thread)
    assert cost.text == f"{third.heading()} costs {third.metadata['price']:.2f}."
    assert not cost.picks
    cheapest = min(items, key=lambda i: i.metadata["price"])  # type: ignore[arg-type,return-value]
    said = books.chat("which is the cheapest?", user_id=user, thread_id=thread).text
    assert said.startswith(f"Of these, {cheapest.heading()} is the cheapest, at ")
    longest = max(items, key=lambda i: i.metadata["pages"])  # type: ignore[arg-type,return-value]
    said = books.chat("which one is the longest?", user_id=user, thread_id=thread).text
    assert said == (
        f"Of these, {longest.heading()} is the longest, at {longest.metadata['pages']} pages."
    )
    pages = f"{first.heading()} has {first.metadata['pages']} pages."
    assert books.chat("how long is the first one?", user_id=user, thread_id=thread).text == pages
    short = books.chat("is the first one a short read?", user_id=user, thread_id=thread).text
    assert short == pages


def test_a_film_without_a_runtime_still_says_so() -> None:
    """A catalog with neither a runtime nor pages says it doesn't know, as before."""
    film = Item("alien", "Alien", "", {"year": 1979})
    assert fact_answer(film, "runtime") == "The catalog doesn't say how long Alien (1979) runs."
    assert fact_answer(film, "price") == "The catalog doesn't say what Alien (1979) costs."


# --- 5. a home with catalogs of its own: board games -------------------------------------------
GAMES = [
    # id, title, designer, min and max players, playtime, categories, mechanics, year, price
    ("duel", "Duel Pass", "Bruno Cathala", 2, 2, 30, ["strategy"], ["drafting"], 2015, 25.0),
    ("patch", "Patchwork Lane", "Uwe Rosenberg", 2, 2, 20, ["abstract"], ["tiles"], 2014, 22.0),
    ("harvest", "Harvest Moon", "Uwe Rosenberg", 1, 4, 90, ["strategy"], ["workers"], 2007, 60.0),
    ("lantern", "Lantern Bay", "Antoine Bauza", 2, 7, 30, ["family"], ["drafting"], 2010, 35.0),
    ("cannon", "Cannonade", "Matt Leacock", 2, 4, 45, ["cooperative"], ["hands"], 2014, 40.0),
    ("party", "Parlor Night", "Antoine Bauza", 4, 10, 15, ["party"], ["bluffing"], 2018, 18.0),
    ("rails", "Iron Rails", "Vlaada Chvatil", 3, 5, 120, ["economic"], ["routes"], 2003, 70.0),
    ("quick", "Quickfire", "Reiner Knizia", 2, 6, 20, ["family"], ["dice"], 2019, 15.0),
]
GAME_KINDS = {
    "designer": "category",
    "min_players": "number",
    "max_players": "number",
    "playtime": "number",
    "categories": "list",
    "mechanics": "list",
    "year": "number",
    "price": "number",
}


def game(row: tuple[object, ...], length: str = "playtime") -> dict[str, object]:
    id_, title, designer, low, high, minutes, categories, mechanics, year, price = row
    return {
        "id": id_,
        "title": title,
        "description": f"{title} is a board game.",
        "designer": designer,
        "min_players": low,
        "max_players": high,
        length: minutes,
        "categories": categories,
        "mechanics": mechanics,
        "year": year,
        "price": price,
    }


def game_agent(home: Path, name: str, length: str) -> Pickwise:
    path = home / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps(game(r, length)) for r in GAMES))
    catalog = Catalog.open(home, name, embedder=HashEmbeddings())
    catalog.ingest(path)
    store = ProfileStore(home / "profiles.sqlite3")  # one per home, as `Pickwise.open` has
    return Pickwise(catalog, store, None, open_checkpointer(home / name), AgentConfig(noun="game"))


@pytest.fixture(scope="module")
def games_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pickwise, Pickwise]]:
    """Two catalogs of one home: ``games`` (its length field is ``playtime``) and ``games2``
    (the same games, with ``duration``)."""
    home = tmp_path_factory.mktemp("games-home")
    games, games2 = game_agent(home, "games", "playtime"), game_agent(home, "games2", "duration")
    yield games, games2
    games.close()
    games2.close()


@pytest.fixture(scope="module")
def games(games_home: tuple[Pickwise, Pickwise]) -> Pickwise:
    return games_home[0]


def test_a_limit_saved_on_another_catalog_is_kept_but_not_used(
    games_home: tuple[Pickwise, Pickwise],
) -> None:
    """A profile is the home's: "under 30 minutes" said on ``games2`` stored duration<=30, and
    then every turn on ``games`` raised "unknown field 'duration'" until the profile was reset."""
    games, games2 = games_home
    user = "two-catalogs"
    first = games2.chat("a quick game under 30 minutes", user_id=user, thread_id="t1")
    assert first.changes == ["up to 30 minutes"]
    reply = games.chat("something cooperative", user_id=user, thread_id="t2")
    assert reply.picks
    note = "Your saved limit on duration doesn't apply to this catalog, which has no duration "
    assert note in reply.text
    again = games.chat("something else", user_id=user, thread_id="t2")
    assert again.picks and "duration" not in again.text  # said once a thread
    assert games.recommend(user)  # the profile's picks (POST /v1/recommendations)
    assert Range("duration", max=30) in games.profile(user).constraints  # nothing lost
    back = games2.chat("a family game", user_id=user, thread_id="t3")
    assert back.picks and all(
        float(p.recommendation.item.metadata["duration"]) <= 30  # type: ignore[arg-type]
        for p in back.picks
    )
    assert "doesn't apply" not in back.text


GAME_VOCAB = Vocabulary.from_items(
    [
        Item(str(r[0]), str(r[1]), "", {k: v for k, v in game(r).items() if k in GAME_KINDS})  # type: ignore[misc]
        for r in GAMES
    ],
    GAME_KINDS,  # type: ignore[arg-type]
)


def test_a_playtime_is_a_length_in_minutes(games: Pickwise) -> None:
    """With the length field named ``playtime``, "under 30 minutes" brought 90-minute games,
    "how long is the first one?" said "The catalog doesn't say how long ... runs", and "which
    one is the shortest?" didn't know; a field named ``duration`` worked."""
    assert GAME_VOCAB.runtime_field == "playtime"
    user, thread = "playtime", "t1"
    reply = games.chat("a family game under 30 minutes", user_id=user, thread_id=thread)
    assert "up to 30 minutes" in reply.changes
    items = [p.recommendation.item for p in reply.picks]
    assert items and all(float(i.metadata["playtime"]) <= 30 for i in items)  # type: ignore[arg-type]
    first = items[0]
    said = games.chat("how long is the first one?", user_id=user, thread_id=thread).text
    assert said == f"{first.heading()} takes {first.metadata['playtime']} minutes."  # not "runs"
    shortest = min(items, key=lambda i: i.metadata["playtime"])  # type: ignore[arg-type,return-value]
    said = games.chat("which one is the shortest?", user_id=user, thread_id=thread).text
    assert said.startswith(f"Of these, {shortest.heading()} is the shortest, at ")
    # a playtime makes no catalog one of films, as a runtime does
    assert catalog_noun("", "games", GAME_KINDS) == "item"


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("a 2-player game", 2),
        ("a two-player game", 2),
        ("something for 8 people", 8),
        ("a game for two", 2),
        ("a game for the four of us", 4),
        ("a party game for a group of 6 please", 6),
        ("a cooperative game with 5 friends", 6),
        ("3 players, nothing too long", 3),
    ],
)
def test_a_group_size_is_read_against_the_player_counts(text: str, size: int) -> None:
    """ "a 2-player game", "for 8 people" were never read against min_players/max_players."""
    u = read(text, GAME_VOCAB)
    assert Range("min_players", max=size) in u.add_constraints
    assert Range("max_players", min=size) in u.add_constraints


@pytest.mark.parametrize(
    "text",
    [
        "a game for two hours",
        "something for 2024",
        "the second one",
        "at least 4 players",  # a bound of its own, not a group
        "top 5 strategy games",
    ],
)
def test_no_group_size_without_people(text: str) -> None:
    u = read(text, GAME_VOCAB)
    assert not any(c.field in ("min_players", "max_players") for c in u.add_constraints) or (
        text == "at least 4 players"
        and Range("max_players", min=2) not in u.add_constraints
        and Range("min_players", max=4) not in u.add_constraints
    )
    films = read("something for 2 people")  # a catalog without player counts reads none
    assert not any("player" in c.field for c in films.add_constraints)


def test_chat_keeps_to_the_group_size(games: Pickwise) -> None:
    reply = games.chat("a game for 8 people", user_id="group", thread_id="t1")
    assert reply.changes == ["for 8 players"]
    items = [p.recommendation.item for p in reply.picks]
    assert [i.id for i in items] == ["party"]  # 4-10 players; the others stop before 8
    profile = games.chat("show my profile", user_id="group", thread_id="t1").text
    assert profile.count("for 8 players") == 1


def test_game_replies_use_no_film_words(games: Pickwise) -> None:
    """ "where can I buy it?" said where it "can be watched"; mashed keys asked what they'd like
    to "watch"; "what did I pick yesterday?" said "Tell me what you watched"."""
    user = "wording"
    games.chat("a family game", user_id=user, thread_id="t1")
    buy = games.chat("where can I buy it?", user_id=user, thread_id="t1").text
    assert buy.startswith("The catalog doesn't say where to get ") and "watch" not in buy
    mashed = games.chat("asdfghjkl", user_id=user, thread_id="t1").text
    assert "What would you like to try? Tell me a game you loved" in mashed
    recall = games.chat("what did I pick yesterday?", user_id="wording-2", thread_id="t1").text
    assert "watch" not in recall and "Tell me which one you picked" in recall


@pytest.mark.parametrize(
    ("text", "off"),
    [
        ("any good movies?", True),
        ("recommend a film", True),
        ("any good tv series?", True),
        ("a game about movies", False),
        ("a board game for movie night", False),
        ("a trivia game about cinema", False),
        ("a cooperative game", False),
    ],
)
def test_films_are_off_domain_for_games(games: Pickwise, text: str, off: bool) -> None:
    """Over a games catalog "any good movies?" brought five games, while "any good tv series?"
    said "I can only help with games from this catalog." """
    reply = games.chat(text, user_id="domain", thread_id=text)
    assert reply.text.startswith("I can only help with games from this catalog.") is off
    assert bool(reply.picks) is not off


def test_a_recommendation_for_a_query_quotes_the_query_not_the_profile(books: Pickwise) -> None:
    """`POST /v1/recommendations` with a query quoted the profile's older wish as what was
    asked for, of items without it."""
    books.chat("something with mythology", user_id="quoted", thread_id="t")
    assert books.profiles.get("quoted").aspects
    for pick in books.recommend("quoted", "something for a rainy afternoon", k=4):
        assert "(mythology)" not in pick.explanation


# --- questions about a pick's own fields ------------------------------------------------------
DATA = Path(__file__).parent / "data"


def fixture_agent(home: Path, name: str, noun: str, spec: CatalogSpec | None = None) -> Pickwise:
    """An agent over one of the catalogs in ``data/`` (``boardgames``, ``recipes``)."""
    catalog = Catalog.open(home, name, embedder=HashEmbeddings())
    catalog.ingest(DATA / f"{name}.jsonl", spec=spec)
    store = ProfileStore(home / "profiles.sqlite3")
    return Pickwise(catalog, store, None, open_checkpointer(home / name), AgentConfig(noun=noun))


@pytest.fixture(scope="module")
def shelves(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pickwise, Pickwise]]:
    """A board games catalog (designers, publisher, player counts) and a recipes one (cuisine,
    author, ingredients)."""
    home = tmp_path_factory.mktemp("shelves-home")
    games, recipes = (
        fixture_agent(home, "boardgames", "game"),
        fixture_agent(home, "recipes", "recipe"),
    )
    yield games, recipes
    games.close()
    recipes.close()


def _first_then(agent: Pickwise, first: str, question: str, user: str) -> tuple[list[str], str]:
    shown = agent.chat(first, user_id=user, thread_id="t")
    titles = [p.recommendation.item.title for p in shown.picks]
    return titles, agent.chat(question, user_id=user, thread_id="t").text


def user_of(text: str) -> str:
    """A user id of its own for each phrasing (ids allow letters, digits and ._-@+)."""
    return re.sub(r"[^\w.@+-]+", "-", text)


@pytest.mark.parametrize(
    ("question", "place", "answer"),
    [
        ("who designed it?", 0, "{} was designed by "),
        ("who designed the second one?", 1, "{} was designed by "),
        ("the second one, who's the designer?", 1, "{} was designed by "),
        ("how many players for the first one?", 0, "{} is for "),
        ("for how many players is the third one?", 2, "{} is for "),
        ("what does the third one cost?", 2, "{} costs "),
        ("who published it?", 0, "{} was published by "),
        ("who is the publisher of the third one?", 2, "{} was published by "),
        ("what category is it?", 0, "The categories of {} are "),
    ],
)
def test_a_game_field_is_answered(
    shelves: tuple[Pickwise, Pickwise], question: str, place: int, answer: str
) -> None:
    """ "who designed it?", "who published it?" brought new lists, and "how many players for the
    first one?" counted the catalog ("I have 32 games")."""
    games, _ = shelves
    titles, said = _first_then(games, "a cooperative game", question, user_of(f"g-{question}"))
    item = next(i for i in games.catalog.index.items if i.title == titles[place])
    assert said.startswith(answer.format(item.heading())), said


def test_a_game_field_answer_is_the_catalog_s(shelves: tuple[Pickwise, Pickwise]) -> None:
    games, _ = shelves
    said = games.chat("who designed Brass: Birmingham?", user_id="g-brass", thread_id="t").text
    assert said == (
        "Brass: Birmingham (2018) was designed by Gavan Brown, Matt Tolman and Martin Wallace."
    )
    said = games.chat("how many players for Patchwork?", user_id="g-patch", thread_id="t").text
    assert said == "Patchwork (2014) is for 2 players."


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what cuisine is it?", "The cuisine of {} is "),
        ("who wrote the recipe?", "{} was written by "),
        ("who's the author?", "{} was written by "),
        ("what are the ingredients of it?", "The ingredients of {} are "),
        ("who designed it?", "The catalog doesn't say who designed {}."),
        ("who published it?", "The catalog doesn't say who published {}."),
    ],
)
def test_a_recipe_field_is_answered_or_said_missing(
    shelves: tuple[Pickwise, Pickwise], question: str, answer: str
) -> None:
    _, recipes = shelves
    titles, said = _first_then(recipes, "something with eggs", question, user_of(f"r-{question}"))
    assert said.startswith(answer.format(titles[0])), said


@pytest.mark.parametrize(
    "text",
    [
        "any games designed by Uwe Rosenberg?",
        "a game for 4 players",
        "which publisher is best?",
        "something by a good designer",
    ],
)
def test_field_words_in_a_request_ask_for_games(
    shelves: tuple[Pickwise, Pickwise], text: str
) -> None:
    """Words of a field's question in a request ask for no field: they bring picks."""
    games, _ = shelves
    assert games.chat(text, user_id=user_of(f"g-req-{text}"), thread_id="t").picks


@pytest.mark.parametrize("text", ["any Indian cuisine?", "what cuisine do you like?"])
def test_a_cuisine_asked_for_is_no_question_about_a_pick(
    shelves: tuple[Pickwise, Pickwise], text: str
) -> None:
    _, recipes = shelves
    recipes.chat("something with eggs", user_id=user_of(f"r-req-{text}"), thread_id="t")
    said = recipes.chat(text, user_id=user_of(f"r-req-{text}"), thread_id="t").text
    assert not said.startswith(("The cuisine of", "The catalog doesn't say")), said


def test_a_film_catalog_says_it_has_no_writer() -> None:
    """A question about a field the catalog lacks is said plainly: films record no writer."""
    u = understand("who wrote it?", MATCHER, VOCAB, ("kindred",))
    assert (u.intent, u.asks) == ("about", "field:author")
    film = Item("a", "Arrival", "", {"directors": ("Denis Villeneuve",), "year": 2016})
    assert field_answer(film, "designer") == "The catalog doesn't say who designed Arrival (2016)."
    assert field_answer(film, "author") == "The catalog doesn't say who wrote Arrival (2016)."


def test_replies_over_games_use_no_film_words(shelves: tuple[Pickwise, Pickwise]) -> None:
    """ "not that one" noted "you would rather not watch Just One", and a country asked for over
    recipes was "films from Mexico"; "why do you keep suggesting ..." said "films"."""
    games, _ = shelves
    games.chat("a cooperative game", user_id="words", thread_id="t")
    turned = games.chat("not that one", user_id="words", thread_id="t")
    assert any(c.startswith("you would rather skip ") for c in turned.changes), turned.changes
    said = kept_answer([("designers", "uwe rosenberg")], [], [], "Uwe Rosenberg", "game")
    assert "Uwe Rosenberg games" in said and "film" not in said
    vocab = Vocabulary.from_items(
        [Item("t", "Tacos", "", {"country": "Mexico"})], {"country": "category"}
    )
    assert as_said("mexico", vocab, "recipe") == "recipes from Mexico"
    assert as_said("mexico", vocab) == "films from Mexico"
    for text in ("a cooperative game", "not that one", "what do you know about me?"):
        reply = games.chat(text, user_id="words-2", thread_id="t")
        said = " ".join([reply.text, *reply.changes]).lower()
        assert not any(word in said for word in ("watch", "film", "movie")), said


# --- roles a spec gives fields ----------------------------------------------------------------
@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pickwise, Pickwise]]:
    """The board games with fields no role is guessed by (``duration_min``, ``makers``,
    ``published``): ingested with a spec that gives them their roles, and without one."""
    home = tmp_path_factory.mktemp("renamed-home")
    rows = [json.loads(line) for line in (DATA / "boardgames.jsonl").read_text().splitlines()]
    for row in rows:
        row["duration_min"], row["makers"] = row.pop("playtime"), row.pop("designers")
        row["published"] = row.pop("year")
    path = home / "renamed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    spec = home / "spec.yaml"
    spec.write_text("roles: {length: duration_min, people: [makers], year: published}\n")
    agents = []
    for name, given in (("declared", CatalogSpec.from_file(spec)), ("guessed", None)):
        catalog = Catalog.open(home, name, embedder=HashEmbeddings())
        catalog.ingest(path, spec=given)
        store = ProfileStore(home / "profiles.sqlite3")
        checkpoints = open_checkpointer(home / name)
        agents.append(Pickwise(catalog, store, None, checkpoints, AgentConfig(noun="game")))
    yield agents[0], agents[1]
    for agent in agents:
        agent.close()


def test_declared_roles_are_kept_with_the_catalog(renamed: tuple[Pickwise, Pickwise]) -> None:
    declared, guessed = renamed
    assert declared.catalog.index.roles == {
        "duration_min": "length",
        "makers": "people",
        "published": "year",
    }
    vocab = declared.vocabulary
    assert (vocab.runtime_field, vocab.year_field) == ("duration_min", "published")
    assert [f for f, _ in vocab.people] == ["makers"]
    assert guessed.vocabulary.runtime_field is None and not guessed.vocabulary.people


def test_declared_roles_filter_answer_and_explain(renamed: tuple[Pickwise, Pickwise]) -> None:
    """Without roles "under 30 minutes" was no filter, "how long is the first one?" said the
    catalog doesn't say, and a maker was no person to ask for."""
    declared, guessed = renamed
    shown = declared.chat("a cooperative game under 30 minutes", user_id="roles", thread_id="t")
    assert "Noted: up to 30 minutes" in shown.text
    assert all(p.recommendation.item.metadata["duration_min"] <= 30 for p in shown.picks)
    first = shown.picks[0].recommendation.item
    assert f"by {first.metadata['makers'][0]}" in shown.picks[0].explanation  # type: ignore[index]
    minutes = first.metadata["duration_min"]
    said = declared.chat("how long is the first one?", user_id="roles", thread_id="t").text
    assert said == f"{first.title} takes {minutes} minutes."
    year = declared.chat("when did it come out?", user_id="roles", thread_id="t").text
    assert year == f"{first.title} came out in {first.metadata['published']}."
    by = declared.chat("something by Uwe Rosenberg", user_id="roles-2", thread_id="t")
    assert {p.recommendation.item.title for p in by.picks} == {"Agricola", "Patchwork"}
    before = guessed.chat("a cooperative game under 30 minutes", user_id="roles", thread_id="t")
    assert "30 minutes" not in before.text
    said = guessed.chat("how long is the first one?", user_id="roles", thread_id="t").text
    assert said.startswith("The catalog doesn't say how long")
