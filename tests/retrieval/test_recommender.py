"""Candidate retrieval: ranking, attribution, hard constraints (property-tested), signals."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pickwise.errors import CatalogError, NotFoundError, RequestError
from pickwise.retrieval import Catalog, Item, Request
from pickwise.retrieval.constraints import AnyOf, NoneOf, Range, satisfies
from pickwise.retrieval.embeddings import VectorEmbeddings
from pickwise.retrieval.index import CatalogIndex, VectorSearch, spread_rows
from pickwise.retrieval.items import words_pattern
from pickwise.retrieval.recommender import Recommender
from pickwise.retrieval.sources import (
    GENRE_PENALTY,
    WORD_PENALTY,
    LikedItemsSource,
    PopularitySource,
    QuerySource,
)
from tests.conftest import HashEmbeddings


def titles(results: list) -> list[str]:
    return [r.item.title for r in results]


def test_query_ranks_the_matching_item_first(catalog: Catalog) -> None:
    results = catalog.recommend(Request(query="polite bear framed for theft", k=3))
    assert titles(results)[0] == "Paddington 2"
    assert results[0].signals[0].source == "query"
    assert results[0].score >= results[1].score >= results[2].score


def test_liked_items_are_excluded_and_attributed(catalog: Catalog) -> None:
    results = catalog.recommend(Request(liked=("arrival-2016",), k=9))
    assert "Arrival" not in titles(results)
    liked = next(s for s in results[0].signals if s.source == "liked")
    assert liked.because == ("arrival-2016",) and liked.because_titles == ("Arrival",)
    assert "Arrival, which you liked" in results[0].reason()


def test_constraints_and_exclusions_hold(catalog: Catalog) -> None:
    request = Request(
        query="funny comedy",
        disliked=("paddington-2-2017",),
        seen=("groundhog-day-1993",),
        where=(catalog.where("year>=1990"), catalog.where("genres!=horror")),
        k=10,
    )
    results = catalog.recommend(request)
    assert results
    for r in results:
        assert r.item.id not in request.excluded
        assert r.item.metadata["year"] >= 1990 and "Horror" not in r.item.metadata["genres"]


def test_selective_filter_returns_exactly_the_allowed(catalog: Catalog) -> None:
    results = catalog.recommend(
        Request(query="anything", where=(catalog.where("language=French"),), k=10)
    )
    assert sorted(titles(results)) == ["Amélie", "La Haine"]


def test_impossible_constraints_give_no_results(catalog: Catalog) -> None:
    assert catalog.recommend(Request(query="x", where=(catalog.where("year<1900"),))) == []


def test_no_signal_shows_the_range_of_what_fits(catalog: Catalog) -> None:
    results = catalog.recommend(Request(where=(catalog.where("genres=horror"),), k=5))
    assert sorted(titles(results)) == ["Alien", "The Shining"]  # every one that fits, once
    spread = catalog.recommend(Request(k=4))
    assert len({r.item.id for r in spread}) == 4 and all(r.score == 0 for r in spread)


def test_a_spread_is_typical_and_varied() -> None:
    """Two tight clusters and an outlier: the first pick is the most typical item, the second
    comes from the other cluster, not the near-copy of the first."""
    vectors = np.array(
        [[1, 0.05, 0], [1, 0, 0], [1, -0.05, 0], [0.2, 1, 0], [0.25, 1, 0], [0, 0, 1]],
        dtype=np.float32,
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    picked = list(spread_rows(vectors, np.arange(6), 3))
    assert picked[0] in (0, 1, 2) and picked[1] in (3, 4)
    assert len(set(picked)) == 3
    assert list(spread_rows(vectors, np.array([5, 3]), 5)) in ([5, 3], [3, 5])  # at most all
    assert list(spread_rows(vectors, np.array([], dtype=np.int64), 3)) == []


def test_bad_requests(catalog: Catalog) -> None:
    with pytest.raises(RequestError, match="k must be between"):
        Request(k=0)
    with pytest.raises(RequestError, match="characters"):
        Request(query="x" * 20_000)
    with pytest.raises(NotFoundError, match="unknown item id"):
        catalog.recommend(Request(liked=("nope",)))
    with pytest.raises(RequestError, match="not a number field"):
        catalog.recommend(Request(query="x", where=(Range("genres", min=1),)))
    for bad in (-1.0, float("nan"), "2"):
        with pytest.raises(RequestError, match=r"weight of source 'query'.*0 or more"):
            Request(query="x", weights={"query": bad})  # type: ignore[dict-item]


def test_weights_for_one_request_override_the_catalogs(catalog: Catalog) -> None:
    liked = ("alien-1979",)
    usual = catalog.recommend(Request(query="a gentle romantic comedy", liked=liked, k=3))
    only_likes = Request(query="a gentle romantic comedy", liked=liked, k=3, weights={"query": 0})
    got = catalog.recommend(only_likes)
    assert titles(got) != titles(usual)
    assert all(s.contribution == 0 for r in got for s in r.signals if s.source == "query")
    assert catalog.recommend(Request(query="a gentle romantic comedy", liked=liked, k=3)) == usual
    with pytest.raises(RequestError, match=r"unknown source\(s\) \['qurey'\].*query"):
        catalog.recommend(Request(query="x", weights={"qurey": 0.0}))


def test_what_to_avoid_is_pushed_down_not_filtered(catalog: Catalog) -> None:
    usual = titles(catalog.recommend(Request(query="time", k=10)))
    assert usual[:2] == ["Arrival", "Interstellar"]
    got = catalog.recommend(Request(query="time", avoid=("grief",), k=10))
    order = titles(got)
    assert order.index("Arrival") > order.index("Interstellar")  # "time and grief" went down
    assert set(order) == set(usual)  # nothing was filtered out
    # the candidates unlike what is avoided keep their order
    unlike = [t for t in usual if t != "Arrival"]
    assert [t for t in order if t in unlike] == unlike
    assert any(s.source == "avoid" for s in got[0].signals)
    assert "avoid" not in got[0].reason()  # it pushes down; it is no reason for a pick
    with pytest.raises(RequestError, match="avoid must be a list"):
        Request(query="x", avoid=(1,))  # type: ignore[arg-type]
    with pytest.raises(RequestError, match="the avoid has 12000 characters"):
        Request(query="x", avoid=("gory " * 2_400,))
    # blank words avoid nothing: no source, the usual order
    blank = catalog.recommend(Request(query="time", avoid=("", "   "), k=10))
    assert titles(blank) == usual
    assert not [s for r in blank for s in r.signals if s.source == "avoid"]


def test_what_fits_is_found_when_the_sources_proposed_none_of_it(tmp_path: Path) -> None:
    """ "Anything by Agnès Varda?", then "and by Takahata?": the names in the conversation
    proposed Varda's film only, the filter asked for Takahata's, and nothing was found."""
    films = [
        Item("faces", "Faces Places", "A road trip.", {"directors": ("Agnès Varda",)}),
        Item("grave", "Grave of the Fireflies", "Two children.", {"directors": ("Isao Takahata",)}),
        *(Item(f"f{i}", f"Film {i}", "Other.", {"directors": (f"Someone {i}",)}) for i in range(8)),
    ]
    catalog = Catalog.open(tmp_path / "home", "people", embedder=HashEmbeddings())
    catalog.upsert(films, {"directors": "list"})
    request = Request(
        context="anything by Agnès Varda? and by Takahata?",
        where=(AnyOf("directors", frozenset({"isao takahata"})),),
        k=5,
    )
    assert titles(catalog.recommend(request)) == ["Grave of the Fireflies"]


def test_a_word_to_avoid_that_names_a_genre_pushes_that_genre_down(catalog: Catalog) -> None:
    """ "A Japanese film that isn't anime": the embedding of "anime" alone did not tell the
    animated films apart; the genre it names does, unless the genre itself is asked for."""

    def avoid_score(request: Request) -> float:
        got = catalog.recommend(request)
        spirited = next(r for r in got if r.item.title == "Spirited Away")
        return next(s.score for s in spirited.signals if s.source == "avoid")

    recent = (catalog.where("year>=1990"),)
    not_wanted = Request(query="fantasy", avoid=("anime",), where=recent, k=10)
    assert avoid_score(not_wanted) <= -GENRE_PENALTY  # the only animated film
    usual = {r.item.title: r.score for r in catalog.recommend(Request(query="fantasy", k=10))}
    got = {r.item.title: r.score for r in catalog.recommend(not_wanted)}
    assert got["Spirited Away"] < usual["Spirited Away"]
    # asked for ("something animated", then "not anime"): the genre stays, the words still act
    wanted = Request(
        query="fantasy", context="something animated", avoid=("anime",), where=recent, k=10
    )
    assert avoid_score(wanted) > -GENRE_PENALTY


def test_violence_to_avoid_pushes_horror_down(catalog: Catalog) -> None:
    """ "She doesn't like swearing or violence" brought The Exorcist and The Babadook: the words
    alone did not tell them apart. Violence and gore now push horror (and war) films down."""

    def avoid_scores(request: Request) -> dict[str, float]:
        got = catalog.recommend(request)
        return {r.item.title: next(s.score for s in r.signals if s.source == "avoid") for r in got}

    scores = avoid_scores(Request(query="a film", avoid=("swearing", "violence"), k=10))
    assert scores["The Shining"] <= -GENRE_PENALTY and scores["Alien"] <= -GENRE_PENALTY
    assert all(v > -GENRE_PENALTY for t, v in scores.items() if t not in ("The Shining", "Alien"))
    asked = Request(query="a horror film", context="a horror film", avoid=("gory",), k=10)
    assert avoid_scores(asked)["The Shining"] > -GENRE_PENALTY  # horror asked for: words only


def test_what_is_avoided_goes_down_as_far_however_many_candidates_it_hits(
    catalog: Catalog,
) -> None:
    """ "I scare easily, what's a good mystery?" kept The Thing fourth: z-scored again over the
    candidates, the push-down shrank where many of them were horror, and the others went up."""
    got = catalog.recommend(Request(query="a scary film", avoid=("horror",), k=10))
    part = {
        r.item.title: next(s.contribution for s in r.signals if s.source == "avoid") for r in got
    }
    horror = {r.item.title for r in got if "Horror" in r.item.values("genres")}
    assert horror and len(horror) < len(part)
    assert all(part[t] <= -GENRE_PENALTY for t in horror)
    assert all(part[t] <= 0 for t in part)  # sparing an item is no reason for it
    assert not any(s.source == "avoid" for r in got for s in r.signals if s.contribution > 0)


def test_a_genre_to_avoid_is_no_trait_shared_with_a_liked_film(catalog: Catalog) -> None:
    """ "Like Alien but less horror": a pick "shares science fiction, horror ... with Alien"."""

    def shared(avoid: tuple[str, ...]) -> set[str]:
        got = catalog.recommend(Request(liked=("alien-1979",), avoid=avoid, k=10))
        return {d for r in got for s in r.signals if s.source == "traits" for d in s.shared}

    assert "horror" in shared(())
    assert "horror" not in shared(("horror",)) and "horror" not in shared(("scary",))


def test_a_word_to_avoid_that_a_description_says_pushes_that_item_down(catalog: Catalog) -> None:
    """ "A scary movie, but nothing with zombies or ghosts" put Night of the Living Dead first:
    the embedding of two words did not find the film whose description says them."""

    def avoid_score(avoid: tuple[str, ...]) -> float:
        got = catalog.recommend(Request(query="a film", avoid=avoid, k=10))
        arrival = next(r for r in got if r.item.title == "Arrival")
        return next(s.score for s in arrival.signals if s.source == "avoid")

    # Arrival's description says "linguist" and "languages" ("language" finds "languages" too)
    assert avoid_score(("linguists",)) <= -WORD_PENALTY
    assert avoid_score(("no languages please",)) <= -WORD_PENALTY
    assert avoid_score(("dinosaurs",)) > -WORD_PENALTY
    # a word's family: "nothing with death in it" and "nothing sad" find Arrival's "grief"
    # (Up, "about loss", came for "something comforting that won't make me cry")
    assert avoid_score(("death",)) <= -WORD_PENALTY
    assert avoid_score(("sad",)) <= -WORD_PENALTY
    assert avoid_score(("too violent",)) > -WORD_PENALTY  # its text has no violence
    # a family's word the request asks for is no word to avoid: "films about grief, not
    # depressing" pushed down every film that says "grief"
    got = catalog.recommend(Request(query="a film about grief", avoid=("sad",), k=10))
    arrival = next(r for r in got if r.item.title == "Arrival")
    assert next(s.score for s in arrival.signals if s.source == "avoid") > -WORD_PENALTY


def test_an_item_says_a_word_its_plural_finds_and_odd_words_say_nothing() -> None:
    item = Item("z", "Night of the Living Dead", "The modern ZOMBIE film, in a farmhouse.")
    assert item.says("zombies") and item.says("Zombie") and item.says("farm")
    assert not item.says("ghosts") and not item.says("") and not item.says("   ")
    assert not item.says("(.*)")  # a word, not a pattern
    assert words_pattern([]) is None and not item.says_any(None)


def test_items_like_a_disliked_one_are_pushed_down(catalog: Catalog) -> None:
    usual = titles(catalog.recommend(Request(query="time", k=10)))
    assert usual[:2] == ["Arrival", "Interstellar"]
    got = catalog.recommend(Request(query="time", disliked=("arrival-2016",), k=10))
    order = titles(got)
    assert "Arrival" not in order  # excluded, as always
    disliked = {r.item.title: s for r in got for s in r.signals if s.source == "disliked"}
    assert set(disliked) == set(order)  # it rates every candidate, proposes none
    closest = max(order, key=lambda t: -disliked[t].contribution)
    assert disliked[closest].because == ("arrival-2016",)
    assert disliked[closest].contribution < 0  # the one most like Arrival went down
    # Arrival's removal moves every later one up by one place; the closest one did not move up
    assert order.index(closest) > usual.index(closest) - 1
    assert "disliked" not in got[0].reason()


def test_collaborative_signal_from_interactions(catalog: Catalog, tmp_path: Path) -> None:
    ratings = tmp_path / "ratings.csv"
    rows = ["userId,movieId,rating"]
    for user in range(6):  # everyone who liked Arrival also liked Paddington 2
        rows += [f"{user},arrival-2016,5", f"{user},paddington-2-2017,4"]
    rows += ["9,alien-1979,2", "9,unknown-film,5"]
    ratings.write_text("\n".join(rows) + "\n")
    before = titles(catalog.recommend(Request(liked=("arrival-2016",), k=9)))
    report = catalog.ingest_interactions(ratings, min_rating=3)
    assert (report.kept, report.unknown_items, report.below_min_rating) == (12, 1, 1)
    after = titles(catalog.recommend(Request(liked=("arrival-2016",), k=9)))
    assert after.index("Paddington 2") < before.index("Paddington 2")
    results = catalog.recommend(Request(liked=("arrival-2016",), k=9))
    top = results[after.index("Paddington 2")]
    collab = next(s for s in top.signals if s.source == "collaborative")
    assert collab.because_titles == ("Arrival",) and collab.contribution > 0
    assert "people who liked Arrival also liked it" in top.reason()
    assert catalog.info().interactions


def test_interactions_replace_the_stored_ones_or_are_appended_to_them(
    catalog: Catalog, tmp_path: Path
) -> None:
    def popularity(item_id: str) -> float:
        found = catalog.recommend(Request(query="", where=(catalog.where("year>0"),), k=10))
        rec = next(r for r in found if r.item.id == item_id)
        return next((s.score for s in rec.signals if s.source == "popularity"), 0.0)

    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text("user,item\n" + "".join(f"u{n},alien-1979\n" for n in range(5)))
    new.write_text("user,item\n" + "".join(f"v{n},arrival-2016\n" for n in range(3)))
    catalog.ingest_interactions(old)
    report = catalog.ingest_interactions(new)
    assert (report.earlier, report.appended, report.total) == (5, False, 3)
    assert popularity("alien-1979") == 0.0 and popularity("arrival-2016") > 0
    catalog.ingest_interactions(old)
    report = catalog.ingest_interactions(new, append=True)
    assert (report.earlier, report.appended, report.total) == (5, True, 8)
    assert popularity("alien-1979") > popularity("arrival-2016") > 0
    catalog._interaction_rows_path.unlink()  # a model stored before the rows were kept
    with pytest.raises(CatalogError, match="without --append"):
        catalog.ingest_interactions(new, append=True)
    assert catalog.ingest_interactions(new).earlier == 8  # its distinct pairs
    catalog.delete()
    assert not catalog._interaction_rows_path.exists()


def test_interactions_with_no_known_items(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("user,item\n1,zzz\n")
    with pytest.raises(Exception, match="not in the catalog"):
        catalog.ingest_interactions(path)


# --- property: hard constraints hold for any catalog and request --------------------------
GENRES = ["Drama", "Comedy", "Horror", "Romance"]
WORDS = ["space", "love", "war", "bear", "city", "ghost", "time", "river"]


@st.composite
def catalogs_and_requests(draw: st.DrawFn) -> tuple[list[Item], Request]:
    n = draw(st.integers(1, 30))
    items = []
    for i in range(n):
        meta: dict = {
            "genres": tuple(draw(st.lists(st.sampled_from(GENRES), max_size=2, unique=True)))
        }
        if draw(st.booleans()):
            meta["year"] = draw(st.integers(1950, 2020))
        text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
        items.append(Item(f"i{i}", f"Title {i}", text, meta))
    ids = [it.id for it in items]
    pick = st.lists(st.sampled_from(ids), max_size=3, unique=True)
    where = draw(
        st.lists(
            st.one_of(
                st.builds(lambda lo: Range("year", min=lo), st.integers(1950, 2020)),
                st.builds(
                    lambda g: NoneOf("genres", frozenset({g.lower()})), st.sampled_from(GENRES)
                ),
                st.builds(
                    lambda g: AnyOf("genres", frozenset({g.lower()})), st.sampled_from(GENRES)
                ),
            ),
            max_size=2,
        )
    )
    request = Request(
        query=draw(st.sampled_from(["", *WORDS])),
        liked=tuple(draw(pick)),
        disliked=tuple(draw(pick)),
        seen=tuple(draw(pick)),
        where=tuple(where),
        k=draw(st.integers(1, 40)),
    )
    return items, request


def make_recommender(
    items: list[Item], embedder: VectorEmbeddings, with_popularity: bool
) -> Recommender:
    vectors = embedder.encode([it.document() for it in items])
    index = CatalogIndex(items, vectors, {"year": "number", "genres": "list"})

    def ann(q: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        sims = vectors @ q
        order = np.argsort(-sims)[:n]
        return order, sims[order]

    search = VectorSearch(index, ann, selective_fraction=0.3)
    sources: list = [QuerySource(search), LikedItemsSource(search)]
    if with_popularity:
        sources.append(PopularitySource(np.arange(len(items), dtype=float)))
    return Recommender(
        index, embedder, sources, {"query": 1, "liked": 1, "popularity": 0.2}, per_source=5
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs_and_requests(), st.booleans())
def test_results_always_honour_hard_constraints(
    case: tuple[list[Item], Request], with_popularity: bool
) -> None:
    items, request = case
    results = make_recommender(items, HashEmbeddings(), with_popularity).recommend(request)
    ids = [r.item.id for r in results]
    assert len(ids) == len(set(ids)) <= request.k
    for r in results:
        assert r.item.id not in request.excluded
        assert satisfies(r.item, request.where)
    allowed = [it for it in items if it.id not in request.excluded and satisfies(it, request.where)]
    active = bool(request.query) or bool(request.liked) or with_popularity
    if active and allowed:  # a signal that can reach every allowed item fills the list
        assert len(results) >= min(request.k, len(allowed)) or not with_popularity


def test_request_takes_constraints_written_as_for_where(catalog: Catalog) -> None:
    """`Request(where=("year<2000",))` crashed with AttributeError: 'str' object has no
    attribute 'field'."""
    results = catalog.recommend(Request(query="a film", where=("year<2000",), k=3))
    assert results and all(r.item.metadata["year"] < 2000 for r in results)
    one = catalog.recommend(Request(query="a film", where="language=French", k=5))
    assert {r.item.metadata["language"] for r in one} == {"French"}
    exact = catalog.recommend(Request(where=("year=2016",), k=5))  # a number field: a range
    assert [r.item.id for r in exact] == ["arrival-2016"]
    mixed = catalog.recommend(Request(where=("year>=1990", catalog.where("genres!=horror"))))
    assert mixed and all(r.item.metadata["year"] >= 1990 for r in mixed)
    # read against the catalog as --where is: the same errors and suggestions
    with pytest.raises(RequestError, match="did you mean Science Fiction"):
        catalog.recommend(Request(where=("genres=sci-fi",)))
    with pytest.raises(RequestError, match="unknown field 'pages'"):
        catalog.recommend(Request(where=("pages<300",)))
    recommender = catalog._current()[2]  # the lower layer reads them too
    assert recommender.recommend(Request(query="a film", where=("year<2000",), k=3))


def test_request_says_what_where_takes(catalog: Catalog) -> None:
    with pytest.raises(RequestError, match="cannot read constraint 'year'"):
        Request(where=("year",))  # its syntax is read at once
    with pytest.raises(RequestError, match="'<2000' is not a number"):
        Request(where=("year<<2000",))
    with pytest.raises(RequestError, match=r"where takes constraints .* 'year>=1990'.*got 5"):
        Request(where=(5,))  # type: ignore[arg-type]


def test_no_negative_zero_in_attribution(catalog: Catalog) -> None:
    """A source weighted 0 gave contributions of -0.0 (printed "-0.0") for negative scores."""
    request = Request(query="a polite bear in london", k=10, weights={"query": 0.0})
    signals = [s for r in catalog.recommend(request) for s in r.signals if s.source == "query"]
    assert len(signals) == 10 and len({s.score for s in signals}) > 1  # z-scores below 0 too
    assert all(math.copysign(1.0, s.contribution) == 1.0 for s in signals if s.contribution == 0)


def test_a_reason_names_a_liked_item_once_and_calls_no_weak_item_a_good_fit() -> None:
    from pickwise.retrieval.recommender import Recommendation, Signal

    dune = Item("dune-2021", "Dune", "", {})
    liked = Signal("liked", 0.9, 0.5, ("dune-2021",), ("Dune",))
    alike = Signal("alike", 0.8, 0.6, ("dune-2021",), ("Dune",))
    reason = Recommendation(dune, 1.1, (alike, liked)).reason()
    assert reason == "Because it is close to Dune, which you liked."  # not "which came up" too
    other = Signal("alike", 0.8, 0.6, ("alien-1979",), ("Alien",))
    assert "it is like Alien, which came up" in Recommendation(dune, 1.1, (other, liked)).reason()
    pushed = Signal("disliked", 0.7, -0.4, ("alien-1979",), ("Alien",))
    assert Recommendation(dune, -0.4, (pushed,)).reason() == (
        "Nothing you asked for points to it; it only fills the list."
    )
    assert Recommendation(dune, 0.3, ()).reason() == "A good fit for your request."


def test_a_source_that_scored_every_candidate_alike_still_gives_its_reason() -> None:
    """The films of a person the profile likes, asked for with no query, all scored alike (a
    z-score of 0 each) and each said "Nothing you asked for points to it"."""
    from pickwise.retrieval.recommender import Recommendation, Signal

    arrival = Item("arrival-2016", "Arrival", "", {})
    person = Signal("people", 0.5, 0.0, ("Denis Villeneuve",))
    assert Recommendation(arrival, 0.0, (person,)).reason() == (
        "Because Denis Villeneuve, whom you mentioned, worked on it."
    )
    nothing = Signal("people", 0.0, 0.0, ())  # no score, no evidence: nothing to say
    assert Recommendation(arrival, 0.0, (nothing,)).reason().startswith("Nothing you asked for")


def test_a_result_of_filters_alone_says_it_meets_them(catalog: Catalog) -> None:
    """It said "Nothing you asked for points to it; it only fills the list." of items that met
    every filter given."""
    request = Request(where=("genres=drama", "year<2000"), k=3)
    results = catalog.recommend(request)
    assert results and all(r.fits == ("genres=drama", "year<2000") for r in results)
    assert {r.reason() for r in results} == {
        "It meets every filter you gave (genres=drama, year<2000)."
    }
    assert all(not r.fits for r in catalog.recommend(Request(query="a polite bear")))
