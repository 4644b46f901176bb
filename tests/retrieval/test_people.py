"""The people source: items featuring the people named in the conversation."""

from __future__ import annotations

import numpy as np

from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import Item
from pickwise.retrieval.people import PeopleSource, named_people, short_names
from pickwise.retrieval.recommender import Recommender, Request
from pickwise.retrieval.sources import Context
from tests.conftest import HashEmbeddings

KINDS = {"year": "number", "directors": "list", "cast": "list"}
ITEMS = [
    Item("training-day", "Training Day", "", {"directors": ("Antoine Fuqua",),
         "cast": ("Denzel Washington", "Ethan Hawke")}),
    Item("man-on-fire", "Man on Fire", "", {"directors": ("Tony Scott",),
         "cast": ("Denzel Washington", "Dakota Fanning")}),
    Item("unstoppable", "Unstoppable", "", {"directors": ("Tony Scott",),
         "cast": ("Denzel Washington", "Chris Pine")}),
    Item("top-gun", "Top Gun", "", {"directors": ("Tony Scott",), "cast": ("Tom Cruise",)}),
    Item("pans-labyrinth", "Pan's Labyrinth", "", {"directors": ("Guillermo del Toro",)}),
    Item("amelie", "Amélie", "", {"directors": ("Jean-Pierre Jeunet",),
         "cast": ("Audrey Tautou",)}),
    Item("washington-square", "Washington Square", "", {"directors": ("Agnieszka Holland",)}),
]  # fmt: skip


def index() -> CatalogIndex:
    return CatalogIndex(list(ITEMS), HashEmbeddings().encode([i.title for i in ITEMS]), KINDS)


def ctx(idx: CatalogIndex, text: str, mask: np.ndarray | None = None) -> Context:
    return Context(idx, mask, None, np.zeros(0, dtype=np.int64), text=text)


KEYS = {"denzel washington", "guillermo del toro", "del toro", "audrey tautou", "tony scott"}


def test_full_names_match_folded_longest_first_and_once() -> None:
    said = "I love DENZEL washington. Guillermo del Toro too, and Audréy Tautou; denzel Washington!"
    assert named_people(said, KEYS) == ["denzel washington", "guillermo del toro", "audrey tautou"]


def test_the_first_two_words_of_a_long_name_stand_for_it_when_only_one_name_starts_so() -> None:
    keys = {"tony leung chiu-wai", "tony leung ka-fai", "gong li", "guillermo del toro"}
    assert short_names(keys) == {"guillermo del": "guillermo del toro"}
    assert short_names({"tony leung chiu-wai", "gong li"}) == {"tony leung": "tony leung chiu-wai"}
    assert short_names({"tony leung chiu-wai", "tony leung"}) == {}  # a full name wins


def test_a_surname_alone_or_a_name_across_a_sentence_end_is_not_a_name() -> None:
    assert named_people("Washington is a city. I liked Tony. Scott was there.", KEYS) == []
    assert named_people("", KEYS) == []


def test_a_name_right_after_a_negation_in_its_clause_does_not_count() -> None:
    assert named_people("I didn't like Denzel Washington in it", KEYS) == []
    assert named_people("not a fan of Tony Scott, but Audrey Tautou yes", KEYS) == ["audrey tautou"]
    assert named_people("No. Denzel Washington is great", KEYS) == ["denzel washington"]


def test_long_or_hostile_text_is_read_as_words() -> None:
    """Punctuation, regex characters and a request-sized text are only words to look up."""
    hostile = "(.*)+[denzel] washington\\ ${tony} {scott} \x00 " * 220
    assert len(hostile) > 9000
    assert named_people(hostile, KEYS) == ["denzel washington", "tony scott"]
    idx = index()
    assert PeopleSource(idx).active(ctx(idx, hostile))


def test_the_items_featuring_the_named_people_are_candidates_with_the_names_as_evidence() -> None:
    idx = index()
    source = PeopleSource(idx)
    c = ctx(idx, "Something like Training Day? Denzel Washington is my favourite, or Tony Scott")
    assert source.active(c)
    rows = source.candidates(c, 10)
    assert {idx.items[r].id for r in rows} == {"training-day", "man-on-fire", "unstoppable",
                                               "top-gun"}  # fmt: skip
    # the films of both people come first
    assert {idx.items[r].id for r in rows[:2]} == {"man-on-fire", "unstoppable"}
    scores, evidence = source.score(c, np.array([idx.row_of["unstoppable"], idx.row_of["amelie"]]))
    assert scores.tolist() == [2.0, 0.0]
    assert evidence == [("Denzel Washington", "Tony Scott"), ()]


def test_the_mask_is_respected_and_no_name_means_inactive() -> None:
    idx = index()
    source = PeopleSource(idx)
    mask = idx.mask([], exclude=["man-on-fire", "unstoppable"])
    rows = source.candidates(ctx(idx, "anything with denzel washington", mask), 10)
    assert [idx.items[r].id for r in rows] == ["training-day"]
    # "Washington" alone, a title word, is not a person
    assert not source.active(ctx(idx, "I liked Washington Square"))
    assert not source.active(ctx(idx, ""))


def test_a_catalog_without_people_fields_never_activates_it() -> None:
    plain = [Item(i.id, i.title, "", {"year": 2000}) for i in ITEMS]
    idx = CatalogIndex(plain, HashEmbeddings().encode([i.title for i in plain]), {"year": "number"})
    assert not PeopleSource(idx).active(ctx(idx, "Denzel Washington please"))


def test_the_recommender_names_the_person_in_the_reason() -> None:
    idx = index()
    recommender = Recommender(idx, HashEmbeddings(), [PeopleSource(idx)], {"people": 1.0})
    out = recommender.recommend(
        Request(query="a thriller", context="I loved Denzel Washington in that", k=3)
    )
    assert {r.item.id for r in out} == {"training-day", "man-on-fire", "unstoppable"}
    signal = out[0].signals[0]
    assert signal.source == "people" and signal.because_titles == ("Denzel Washington",)
    # the request's query is read when there is no context
    alone = recommender.recommend(Request(query="films with Guillermo del Toro", k=3))
    assert [r.item.id for r in alone] == ["pans-labyrinth"]
