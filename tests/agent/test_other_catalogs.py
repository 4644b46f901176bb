"""Catalogs that are not films: a books catalog (author, pages, price) and a games one (designer).

Before, chat called every item "a film" ("A film.", "Tell me a film you loved", "I have no film by
..."), read no bound on the catalog's own number fields ("under 300 pages" noted "you want
under"), answered no question about them ("how much does the third one cost?" gave new picks,
"which is the cheapest?" said the catalog doesn't say), and missed people named without their
middle initial ("Octavia Butler" for "Octavia E. Butler") or in a field such as ``designer``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from pickwise.agent.app import AgentConfig, Pickwise, catalog_noun, open_checkpointer
from pickwise.agent.explain import describe, fact_answer
from pickwise.agent.profile import ProfileStore
from pickwise.agent.titles import TitleMatcher
from pickwise.agent.understanding import Understanding, Vocabulary, understand
from pickwise.retrieval import Catalog
from pickwise.retrieval.constraints import AnyOf, Range
from pickwise.retrieval.items import Item
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


def test_a_recommendation_for_a_query_quotes_the_query_not_the_profile(books: Pickwise) -> None:
    """`POST /v1/recommendations` with a query quoted the profile's older wish as what was
    asked for, of items without it."""
    books.chat("something with mythology", user_id="quoted", thread_id="t")
    assert books.profiles.get("quoted").aspects
    for pick in books.recommend("quoted", "something for a rainy afternoon", k=4):
        assert "(mythology)" not in pick.explanation
