"""The live agent hands the conversation to retrieval as the benchmarks do: the user's latest
words as context and the items talked about in the thread as mentioned items."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pickwise.agent.app import Pickwise
from pickwise.agent.turn import (
    MOODS,
    joined,
    storable_tastes,
    storable_where,
    stored_tastes,
    stored_where,
)
from pickwise.agent.understanding.result import Taste
from pickwise.data import demo_catalog_path, demo_needs_loading, load_demo
from pickwise.eval.data import read_dialogues
from pickwise.eval.learning import fit_from_dialogues
from pickwise.retrieval import Catalog, Recommendation, Request
from pickwise.retrieval.constraints import AnyOf, NoneOf, Range, any_of
from pickwise.retrieval.learned import TrainingExample, fit_learned
from tests.agent.conftest import make_agent
from tests.conftest import HashEmbeddings
from tests.fakes import FakeLLM, first_ids


class Spy:
    """Records every request the agent sends to the catalog and what came back."""

    def __init__(self, agent: Pickwise) -> None:
        self.requests: list[Request] = []
        self.results: list[list[Recommendation]] = []
        self.inner = agent.catalog.recommend
        agent.catalog.recommend = self  # type: ignore[method-assign]

    def __call__(self, request: Request, *args: Any, **kwargs: Any) -> list[Recommendation]:
        self.requests.append(request)
        self.results.append(self.inner(request, *args, **kwargs))
        return self.results[-1]


def test_requests_carry_the_conversation_and_the_titles_talked_about(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.chat("I want a film about space travel", user_id="talker", thread_id="t1")
    # (not "anything like Interstellar?": that turn reads Interstellar alone, tested below)
    agent.chat("Arrival was great, and so was Interstellar", user_id="talker", thread_id="t1")
    agent.chat("I hated Toy Story. Something else please", user_id="talker", thread_id="t1")
    first, *_, last = spy.requests
    assert first.context == "I want a film about space travel" and not first.mentioned
    assert last.context.startswith("I want a film about space travel Arrival was great, and")
    assert last.context.endswith("I hated Toy Story. Something else please")
    assert set(last.mentioned) == {"arrival-2016", "interstellar-2014"}
    assert "toy-story-1995" not in last.mentioned  # disliked: not a seed
    # the titles talked about are never proposed again
    assert {"arrival-2016", "interstellar-2014"} <= set(last.excluded)
    # another thread starts afresh
    agent.chat("a heist film", user_id="talker", thread_id="t2")
    assert spy.requests[-1].context == "a heist film" and not spy.requests[-1].mentioned


def genre_evidence(results: list[Recommendation]) -> set[str]:
    return {e for r in results for s in r.signals if s.source == "genres" for e in s.because}


def test_a_request_asked_anew_starts_a_new_topic(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.chat("I want a tense thriller", user_id="shifter", thread_id="t")
    thrillers = [r.item.id for r in spy.results[-1]]
    assert "Thriller" in genre_evidence(spy.results[-1])
    agent.chat("what's the best film about space?", user_id="shifter", thread_id="t")
    space = spy.requests[-1]
    # the thriller turn no longer steers: neither its words nor its genre
    assert space.context == "what's the best film about space?"
    assert "Thriller" not in genre_evidence(spy.results[-1])
    # but what was shown stays shown
    assert set(thrillers[:5]) <= set(space.excluded)
    # a follow-up and a refinement build on the new topic, not on the old one
    agent.chat("something with Tom Hanks", user_id="shifter", thread_id="t")
    assert spy.requests[-1].context == "what's the best film about space? something with Tom Hanks"
    agent.chat("I also want it to be funny", user_id="shifter", thread_id="t")
    assert spy.requests[-1].context.startswith("what's the best film about space?")


def test_a_pick_taken_up_on_the_way_to_a_new_request(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.chat("I want a tense thriller", user_id="taker", thread_id="t")
    second = spy.results[-1][1].item.id
    agent.chat("the second one sounds great. Now I want a comedy", user_id="taker", thread_id="t")
    comedy = spy.requests[-1]
    assert comedy.context == "the second one sounds great. Now I want a comedy"  # a new topic
    assert not comedy.mentioned  # not seeded by the thriller taken up
    assert second in comedy.excluded  # nor proposed again
    assert second not in agent.profile("taker").seen  # taken up, not seen


def test_a_japanese_film_that_isnt_anime(agent: Pickwise) -> None:
    """ "Isn't" was no negation ("Noted: you want anime"); and the embedding of "anime" alone
    did not push the animated films down: the genre the word names does."""
    reply = agent.chat("a japanese film that isn't anime", user_id="otaku", thread_id="t")
    assert "you'd rather avoid anime" in reply.text
    assert reply.picks
    for pick in reply.picks:
        item = pick.recommendation.item
        assert item.metadata["language"] == "Japanese" and "Animation" not in item.values("genres")


def test_a_correction_of_a_filter_keeps_the_request(agent: Pickwise) -> None:
    """ "No I meant the 90s" used to search for "no i meant", a new topic without the thriller,
    while the picks still said "what you asked for (thriller)"."""
    spy = Spy(agent)
    agent.chat("a thriller from the 70s", user_id="corrector", thread_id="t")
    reply = agent.chat("no i meant the 90s", user_id="corrector", thread_id="t")
    assert "thriller" in spy.requests[-1].query and "meant" not in spy.requests[-1].query
    # a span of years asked in passing filters the request, and is not kept for later
    # conversations (it was a profile constraint, and blocked "korean films" in a new thread)
    assert Range("year", 1990, 1999) in spy.requests[-1].where
    assert not agent.profile("corrector").constraints
    assert "Looking for thriller" in reply.text
    agent.chat("a film about the sea", user_id="corrector", thread_id="t2")
    sea = agent.chat("something from the 80s", user_id="corrector", thread_id="t2")
    assert "(thriller)" not in sea.text  # the reasons quote this request, not an old wish


def test_a_pick_only_seen_or_turned_down_is_excluded_not_followed(agent: Pickwise) -> None:
    """ "Seen it" used to make every next pick "share drama and music with" the film seen."""
    spy = Spy(agent)
    agent.chat("something cozy for tonight", user_id="viewer", thread_id="t")
    first = spy.results[-1][0].item.id
    agent.chat("seen it", user_id="viewer", thread_id="t")
    assert first in agent.profile("viewer").seen
    assert first not in spy.requests[-1].mentioned and first in spy.requests[-1].excluded
    assert all(first not in s.because for r in spy.results[-1] for s in r.signals)
    agent.chat("not the first one, something newer", user_id="viewer", thread_id="t")
    refused = spy.results[-2][0].item.id
    assert refused not in spy.requests[-1].mentioned and refused in spy.requests[-1].excluded
    agent.chat("I loved the second one", user_id="viewer", thread_id="t")  # liked: it seeds
    assert spy.results[-2][1].item.id in spy.requests[-1].mentioned


def test_titles_of_an_earlier_topic_stop_seeding_but_stay_excluded(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.chat("anything like Interstellar?", user_id="seeder", thread_id="t")
    assert spy.requests[-1].mentioned == ("interstellar-2014",)
    agent.chat("no, I meant a comedy from the 90s", user_id="seeder", thread_id="t")
    comedy = spy.requests[-1]
    assert not comedy.mentioned and comedy.context == "no, I meant a comedy from the 90s"
    assert "interstellar-2014" in comedy.excluded
    # a title named in the new topic seeds it again, alone
    agent.chat("I liked Groundhog Day, more like that", user_id="seeder", thread_id="t")
    assert "interstellar-2014" not in spy.requests[-1].mentioned


def test_a_refinement_adds_to_the_request_and_a_mood_replaces_it(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.chat("I want a tense thriller", user_id="refiner", thread_id="t")
    first = spy.requests[-1].query
    reply = agent.chat("with a twist ending", user_id="refiner", thread_id="t")
    refined = spy.requests[-1].query
    assert refined.startswith(first) and refined.endswith("with a twist ending")
    assert "Looking for tense, thriller..." in reply.text  # the request as it stands
    for more in ("set in a big city", "at night", "in winter"):  # only the latest parts stay
        agent.chat(more, user_id="refiner", thread_id="t")
    assert spy.requests[-1].query.split("; ")[-3:] == ["set in a big city", "at night", "in winter"]
    assert len(spy.requests[-1].query.split("; ")) == 4
    agent.chat("something lighter", user_id="refiner", thread_id="t")
    assert "thriller" not in spy.requests[-1].query  # a change of tone
    agent.chat("what's the best film about space?", user_id="refiner", thread_id="t")
    assert "lighter" not in spy.requests[-1].query and "space" in spy.requests[-1].query


def test_a_language_asked_for_holds_until_the_user_sets_another(agent: Pickwise) -> None:
    spy = Spy(agent)
    reply = agent.chat("a French comedy", user_id="polyglot", thread_id="t")
    french = any_of("language", "french")
    assert french in spy.requests[-1].where
    assert "something in French" in reply.text
    assert all(r.item.metadata["language"] == "French" for r in spy.results[-1])
    agent.chat("with a twist ending", user_id="polyglot", thread_id="t")
    assert french in spy.requests[-1].where
    reply = agent.chat("no subtitles", user_id="polyglot", thread_id="t")
    assert "Noted: in English." in reply.text
    # beside the comedies asked for (a ranking filtered to them comes first), English only
    asked = [c for c in spy.requests[-1].where if c != any_of("genres", "comedy")]
    assert asked == [any_of("language", "english")]
    assert "in French" not in reply.text


def test_something_short_filters_that_request_and_its_follow_ups(agent: Pickwise) -> None:
    spy = Spy(agent)
    reply = agent.chat("a short comedy", user_id="hurried", thread_id="t")
    short = Range("runtime", max=100.0)
    assert short in spy.requests[-1].where and "short" not in spy.requests[-1].query
    assert "something up to 100 minutes" in reply.text
    assert spy.results[-1] and all(r.item.metadata["runtime"] <= 100 for r in spy.results[-1])
    assert not agent.profile("hurried").constraints  # tonight's wish, not the profile's
    agent.chat("something else", user_id="hurried", thread_id="t")  # a follow-up keeps it
    assert short in spy.requests[-1].where
    agent.chat("any length is fine", user_id="hurried", thread_id="t")
    assert short not in spy.requests[-1].where


def test_older_or_shorter_after_a_list_is_read_against_that_list(agent: Pickwise) -> None:
    """ "Something older" was searched as a word (No Country for Old Men, Blade Runner 2049)."""
    spy = Spy(agent)
    agent.chat("a comedy", user_id="older", thread_id="t")
    years = sorted(r.item.metadata["year"] for r in spy.results[-1][:5])
    agent.chat("something older", user_id="older", thread_id="t")
    request = spy.requests[-1]
    middle = float(years[len(years) // 2])
    assert Range("year", max=middle, max_strict=True) in request.where
    assert "older" not in request.query and "comedy" in request.query
    assert all(r.item.metadata["year"] < middle for r in spy.results[-1])
    agent.chat("shorter ones", user_id="older", thread_id="t")  # narrows, keeps the year bound
    where = spy.requests[-1].where
    assert [c.field for c in where][:2] == ["year", "runtime"]
    # "ones" of a list of comedies may keep them comedies, and nothing else
    assert set(where[2:]) <= {AnyOf("genres", frozenset({"comedy"}))}


def test_a_change_of_mood_keeps_who_it_is_for(agent: Pickwise) -> None:
    """ "Something funnier" after "family night, kids are 6 and 9" brought Dr. Strangelove."""
    spy = Spy(agent)
    agent.chat("family night, kids are 6 and 9", user_id="family", thread_id="t")
    agent.chat("something funnier", user_id="family", thread_id="t")
    parts = spy.requests[-1].query.split("; ")
    assert "kids" in parts and MOODS["funnier"] in parts and "family night" not in parts


def test_a_mood_is_searched_as_spelled_out_not_as_said(agent: Pickwise) -> None:
    """ "A feel good movie" searched "good" too and brought The Good, the Bad and the Ugly."""
    spy = Spy(agent)
    agent.chat("a feel good movie", user_id="mood", thread_id="t")
    assert spy.requests[-1].query == MOODS["feel-good"]


def test_smart_is_searched_as_what_smart_films_are(agent: Pickwise) -> None:
    """ "we are 4 friends, want something funny but smart" brought Dumb and Dumber first: in a
    sentence embedding "smart" (and "witty": "dim-witted") sits near its opposite."""
    spy = Spy(agent)
    agent.chat("we are 4 friends, want something funny but smart", user_id="smart", thread_id="t")
    parts = spy.requests[-1].query.split("; ")
    assert "funny" in parts and MOODS["smart"] in parts
    assert not {"smart", "witty"} & set(re.findall(r"[a-z-]+", spy.requests[-1].query))


def test_a_happy_ending_is_searched_as_what_such_films_are(agent: Pickwise) -> None:
    """ "I want a tearjerker but with a happy ending" brought Se7en ("a shattering ending") and
    Dog Day Afternoon: "ending" was searched word for word."""
    spy = Spy(agent)
    agent.chat("something with a happy ending", user_id="ending", thread_id="t")
    request = spy.requests[-1]
    assert request.query == MOODS["happy ending"] and "ending" not in request.query
    assert {"horror", "war"} <= set(request.avoid)  # a light mood


def test_a_mood_pushes_down_the_kinds_it_rules_out_but_not_the_seed_s(agent: Pickwise) -> None:
    """ "something to fall asleep to" brought Hereditary; "like Get Out but funnier" must not
    push horror down with it (horror comedies are what it asks for)."""
    spy = Spy(agent)
    agent.chat("something to fall asleep to", user_id="calm", thread_id="t")
    assert {"horror", "war"} <= set(spy.requests[-1].avoid)
    agent.chat("something like Get Out but funnier", user_id="peele", thread_id="t")
    avoid = set(spy.requests[-1].avoid)
    assert "war" in avoid and "horror" not in avoid
    agent.chat("a scary movie", user_id="scary", thread_id="t")
    assert not spy.requests[-1].avoid  # a kind asked for keeps to its own already


def test_a_twist_ending_is_searched_as_what_such_films_are(agent: Pickwise) -> None:
    """ "something with a twist ending" brought Twister first: the word, in its title."""
    spy = Spy(agent)
    agent.chat("something with a twist ending", user_id="twist", thread_id="t")
    assert spy.requests[-1].query == MOODS["twist ending"]
    assert "twist" not in spy.requests[-1].query


def test_the_words_beside_a_comparative_are_still_searched(agent: Pickwise) -> None:
    """ "classic noir from the 40s" searched nothing: "classic" was read as older, and the rest
    of the message was dropped with it."""
    spy = Spy(agent)
    agent.chat("classic noir from the 40s", user_id="noir", thread_id="t")
    request = spy.requests[-1]
    assert request.query == "noir"
    assert Range("year", min=1940, max=1949) in request.where
    agent.chat("a comedy", user_id="older", thread_id="t")
    asked = spy.requests[-1].query
    agent.chat("something older", user_id="older", thread_id="t")
    assert spy.requests[-1].query == asked  # a comparative alone goes on with the request


def test_filters_of_a_more_like_request_hold_for_that_request(agent: Pickwise) -> None:
    """ "Like The Matrix but in Japanese" made every later request Japanese (the Mad Max
    request brought Grave of the Fireflies and Totoro)."""
    spy = Spy(agent)
    agent.chat("something like The Matrix but in japanese", user_id="asker", thread_id="t")
    japanese = any_of("language", "japanese")
    assert japanese in spy.requests[-1].where
    assert all(r.item.metadata["language"] == "Japanese" for r in spy.results[-1])
    assert not agent.profile("asker").constraints
    agent.chat("something else", user_id="asker", thread_id="t")  # its follow-up keeps it
    assert japanese in spy.requests[-1].where
    agent.chat("something like Parasite but funnier", user_id="asker", thread_id="t")
    assert japanese not in spy.requests[-1].where
    agent.chat("anything similar but not animated?", user_id="asker", thread_id="t")
    no_animation = NoneOf("genres", frozenset({"animation"}))
    assert no_animation in spy.requests[-1].where
    agent.chat("something else", user_id="asker", thread_id="t")  # stored and read back
    assert no_animation in spy.requests[-1].where


def test_like_a_title_but_shorter_is_shorter_than_that_title(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.chat("something for a family movie night", user_id="relative", thread_id="t")
    said = agent.chat("a movie like Inception but shorter", user_id="relative", thread_id="t")
    assert "don't have Inception" not in said.text  # it has it, and goes by it
    request = spy.requests[-1]
    inception = agent.catalog.get("inception-2010").metadata["runtime"]
    assert Range("runtime", max=float(inception), max_strict=True) in request.where
    assert spy.results[-1] and all(r.item.metadata["runtime"] < inception for r in spy.results[-1])
    assert "shorter" not in request.query  # not a film about being short
    # a title of its own, asked for anew: the family night no longer steers
    assert request.context == "a movie like Inception but shorter"
    assert request.mentioned == ("inception-2010",)
    agent.chat("something like Alien but newer", user_id="relative", thread_id="t")
    assert Range("year", min=1979.0, min_strict=True) in spy.requests[-1].where
    assert all(r.item.metadata["year"] > 1979 for r in spy.results[-1])


def test_what_the_user_would_avoid_is_pushed_down_for_the_topic(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.chat("I want a scary movie", user_id="avoider", thread_id="t")
    scary = spy.requests[-1]
    assert not scary.avoid
    reply = agent.chat("not too gory please", user_id="avoider", thread_id="t")
    refined = spy.requests[-1]
    # the request goes on, with gore pushed down (never searched for: "not gory" finds gore)
    assert refined.avoid == ("gory",) and refined.query == scary.query
    assert "gory" not in refined.query
    assert "you'd rather avoid gory" in reply.text and "(avoiding: gory)..." in reply.text
    agent.chat("something else", user_id="avoider", thread_id="t")
    assert spy.requests[-1].avoid == ("gory",)
    agent.chat("what's the best film about space?", user_id="avoider", thread_id="t")
    assert not spy.requests[-1].avoid  # a new topic


def test_less_of_a_word_than_a_title_is_like_that_title_with_the_word_pushed_down(
    agent: Pickwise,
) -> None:
    """ "Like Inception but less confusing" read no "less confusing" (Memento came first), and
    "something less violent than Alien" after a French comedy went on asking for French comedy,
    avoiding violent, with no Alien."""
    spy = Spy(agent)
    reply = agent.chat("something like Inception but less confusing", user_id="less", thread_id="t")
    assert spy.requests[-1].avoid == ("confusing",)
    assert spy.requests[-1].mentioned == ("inception-2010",)
    assert "you'd rather avoid confusing" in reply.text
    agent.chat("a french comedy from before 1930", user_id="less2", thread_id="t")
    reply = agent.chat("something less violent than Alien", user_id="less2", thread_id="t")
    request = spy.requests[-1]
    assert request.mentioned == ("alien-1979",) and request.avoid == ("violent",)
    assert "Looking for more like Alien" in reply.text and "comedy" not in request.query
    agent.chat("something not as long as Oppenheimer", user_id="less3", thread_id="t")
    oppenheimer = agent.catalog.get("oppenheimer-2023").metadata["runtime"]
    assert Range("runtime", max=float(oppenheimer), max_strict=True) in spy.requests[-1].where


def test_what_an_llm_reads_as_to_avoid_is_pushed_down(demo_home: Path) -> None:
    def answer(messages: list[Any], schema: dict[str, Any]) -> dict[str, Any]:
        if "picks" not in schema["properties"]:  # profile extraction
            return {"avoid": ["gore", "http://x.example", "one two three four"]}
        return first_ids(3)(messages, schema)

    agent = make_agent(demo_home, FakeLLM(answer), llm_extraction=True, picks=3)
    try:
        spy = Spy(agent)
        reply = agent.chat("a scary film, but I am squeamish", user_id="llm", thread_id="t")
        assert spy.requests[-1].avoid == ("gore",)  # plain words only: the reply repeats them
        assert "you'd rather avoid gore" in reply.text and "http" not in reply.text
    finally:
        agent.close()


@pytest.fixture
def learned_agent(tmp_path: Path) -> Iterator[Pickwise]:
    """The demo catalog with a model learned from made-up past conversations."""
    emb = HashEmbeddings()
    catalog = Catalog.open(tmp_path, "demo", embedder=emb)
    catalog.ingest(demo_catalog_path())
    talks = [
        ("a cute bear in london", ("paddington-2-2017",)),
        ("dreams inside dreams heist", ("inception-2010",)),
    ] * 4
    examples = [TrainingExample(emb.encode_query(text), items) for text, items in talks]
    catalog.save_learned(
        fit_learned(examples, [items for _, items in talks], [i for _, t in talks for i in t])
    )
    a = make_agent(tmp_path)
    yield a
    a.close()


def test_context_sources_learned_from_conversations_take_part_live(
    learned_agent: Pickwise,
) -> None:
    spy = Spy(learned_agent)
    learned_agent.chat("a cute bear in london", user_id="u")
    signals = {s.source for r in spy.results[-1] for s in r.signals}
    assert {"context", "neighbours"} <= signals
    # the film those conversations led to gets the most from them (by its text alone Paddington
    # (2014) ranks first: both films are about a bear in London)
    results = spy.results[-1]
    learned = {
        r.item.id: sum(s.contribution for s in r.signals if s.source == "context") for r in results
    }
    assert max(learned, key=learned.__getitem__) == "paddington-2-2017"
    assert "paddington-2-2017" in [r.item.id for r in results[:2]]


def test_a_deployment_learns_from_its_own_log(tmp_path: Path) -> None:
    """`pickwise log export`, then `pickwise learn`: the threads pickwise held, written in the
    pickwise dialogue format (nothing wrote it: a tester wrote 8 dialogues by hand), read back
    and fitted; the learned sources then score a new conversation."""
    catalog = Catalog.open(tmp_path, "demo", embedder=HashEmbeddings())
    catalog.ingest(demo_catalog_path())
    agent = make_agent(tmp_path)
    first = agent.chat("I loved Arrival, a cute bear in london", user_id="ana", thread_id="t1")
    agent.chat("the first one, we'll watch it", user_id="ana", thread_id="t1")
    agent.feedback("ana", first.picks[1].item_id, False, "t1")
    heist = agent.chat("dreams inside dreams heist", user_id="bo", thread_id="t9")
    log = list(agent.export_log())
    agent.close()
    assert len(log) == 2 and "ana" not in json.dumps(log)  # no user ids
    ana = log[0]
    assert ana["messages"][0] == {
        "role": "user",
        "text": "I loved Arrival, a cute bear in london",
        "mentioned": ["arrival-2016"],
    }
    shown = [p.item_id for p in first.picks]
    assert ana["messages"][1]["role"] == "assistant"
    assert ana["messages"][1]["mentioned"] == shown  # the picks that message showed
    assert ana["mentioned"][:5] == shown
    assert ana["accepted"] == [shown[0]]
    assert ana["liked"] == ["arrival-2016"] and ana["disliked"] == [shown[1]]
    assert log[1]["mentioned"] == [p.item_id for p in heist.picks]
    known = catalog.index.row_of
    for record in log:
        ids = [i for k in ("mentioned", "accepted", "liked", "disliked") for i in record[k]]
        assert all(i in known for i in ids)
    assert list(make_agent(tmp_path).export_log(since=datetime(2100, 1, 1))) == []

    path = tmp_path / "chats.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in log), encoding="utf-8")
    dialogues = read_dialogues(path, "pickwise")
    model, samples = fit_from_dialogues(dialogues, HashEmbeddings(), frozenset(known))
    # two turns with picks ("the first one, we'll watch it" takes one up, no list): trusted in part
    assert samples >= 2 and model.trust < 1.0
    catalog.save_learned(model)
    learned = make_agent(tmp_path)
    try:
        spy = Spy(learned)
        learned.chat("I loved Arrival, a cute bear in london", user_id="cy", thread_id="t1")
        scored = {s.source for r in spy.results[-1] for s in r.signals if s.score > 0}
        assert {"context", "neighbours", "recommended"} <= scored
        # the pick ana took up, for words like hers: the sources learned from her thread
        request = Request(query="a cute bear", context="a cute bear in london", k=len(known))
        taken = next(r for r in learned.catalog.recommend(request) if r.item.id == shown[0])
        assert {s.source for s in taken.signals if s.score > 0} >= {"context", "neighbours"}
    finally:
        learned.close()


def test_a_thumbs_down_in_the_log_pushes_the_pick_down_for_requests_like_it(
    tmp_path: Path,
) -> None:
    """Chat, a thumbs down on a pick, `log export`, `learn`: for a request like the ones that
    showed it, the disliked pick ranks lower than with a model learned from the same log without
    the dislike (before, a pick shown and disliked counted as a success of the request)."""
    catalog = Catalog.open(tmp_path, "demo", embedder=HashEmbeddings())
    catalog.ingest(demo_catalog_path())
    agent = make_agent(tmp_path)
    asks = ["a cute bear in london", "a funny bear in london for the kids", "a bear in london"]
    shown = [[p.item_id for p in agent.chat(t, user_id=f"b{n}").picks] for n, t in enumerate(asks)]
    down = shown[0][2]  # neither the first pick nor one that only one thread showed
    assert sum(down in s for s in shown) >= 2
    for n, picks in enumerate(shown):
        if down in picks:
            agent.feedback(f"b{n}", down, False, "default")
    log = list(agent.export_log())
    agent.close()
    assert sum(down in r["disliked"] for r in log) >= 2
    known = frozenset(catalog.index.row_of)

    def rank(records: list[dict[str, Any]], text: str) -> tuple[int, set[str]]:
        path = tmp_path / "chats.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        model, _ = fit_from_dialogues(read_dialogues(path, "pickwise"), HashEmbeddings(), known)
        catalog.save_learned(model)
        learned = Catalog.open(tmp_path, "demo", embedder=HashEmbeddings())
        results = learned.recommend(Request(query=text, context=text, k=len(known)))
        ids = [r.item.id for r in results]
        against = {s.source for s in results[ids.index(down)].signals if s.score < 0}
        return ids.index(down), against

    no_dislike = [dict(r, disliked=[]) for r in log]
    for text in ("a cute bear film in london", "bear in london"):
        (with_it, against), (without, _) = rank(log, text), rank(no_dislike, text)
        assert with_it > without, text
        assert {"context", "neighbours"} <= against  # counted against it, not only left out


def test_a_recommendation_without_a_chat_reads_mood_words_as_a_chat_does(agent: Pickwise) -> None:
    spy = Spy(agent)
    agent.recommend("mood-reader", "lighter", k=3)
    agent.recommend("mood-reader", "a tense thriller", k=3)
    agent.recommend("mood-reader", "", k=3)
    # (a kind asked for, "thriller", may take two rankings: its own films, then the rest)
    assert list(dict.fromkeys(r.query for r in spy.requests)) == [
        "light-hearted, funny, warm and uplifting",
        "a tense thriller",
        "",
    ]


def test_a_recommendation_without_a_chat_puts_the_kind_asked_for_first(agent: Pickwise) -> None:
    picks = agent.recommend("kind-reader", "a romcom", k=5)
    assert len(picks) == 5
    genres = [{g.lower() for g in p.recommendation.item.values("genres")} for p in picks]
    assert all({"romance", "comedy"} <= g for g in genres)
    mixed = agent.recommend("kind-reader", "a western or a musical", k=4)
    genres = [{g.lower() for g in p.recommendation.item.values("genres")} for p in mixed]
    assert any("western" in g for g in genres) and any("music" in g for g in genres)


def test_a_thread_goes_on_after_items_it_named_or_showed_leave_the_catalog(
    tmp_path: Path,
) -> None:
    """Stale ids in a profile or a thread are not the user's error: the turn still answers."""
    catalog = Catalog.open(tmp_path, "demo", embedder=HashEmbeddings())
    catalog.ingest(demo_catalog_path())
    agent = make_agent(tmp_path)
    try:
        first = agent.chat("I loved Arrival, anything like Interstellar?", user_id="u")
        gone = ["arrival-2016", "interstellar-2014", first.picks[0].item_id]
        agent.catalog.remove(gone)
        again = agent.chat("something else", user_id="u")
        assert again.picks and not {p.item_id for p in again.picks} & set(gone)
        assert "arrival-2016" in agent.profile("u").liked  # nothing stored is lost
    finally:
        agent.close()


def test_a_mood_asked_for_mutes_what_the_liked_films_share(agent: Pickwise) -> None:
    """ "Something lighter this time" is about this pick: the traits the liked films share
    (genres, people, years) would pull the picks back toward them."""
    spy = Spy(agent)
    agent.chat("I loved Arrival and Interstellar", user_id="moody", thread_id="t1")
    # traits at the catalog's weight; a chat turn's own words at the chat weight
    assert spy.requests[-1].weights == {"keywords": agent.config.weight_keywords_chat}
    seeded = spy.results[-1]
    assert any(s.source == "traits" and s.contribution > 0 for r in seeded for s in r.signals)
    agent.chat("something lighter this time", user_id="moody", thread_id="t1")
    assert spy.requests[-1].weights.get("traits") == 0.0
    assert all(
        s.source != "traits" or s.contribution == 0 for r in spy.results[-1] for s in r.signals
    )
    agent.chat("something else", user_id="moody", thread_id="t1")  # still asking for lighter
    assert spy.requests[-1].weights.get("traits") == 0.0
    agent.chat("a film about the sea", user_id="moody", thread_id="t2")
    assert "traits" not in spy.requests[-1].weights
    # "like Get Out but funnier" names the film it is about: what it shares still counts
    agent.chat("something like Get Out but funnier", user_id="moody", thread_id="t3")
    assert spy.requests[-1].mentioned == ("get-out-2017",)
    assert "traits" not in spy.requests[-1].weights
    assert "funny" in spy.requests[-1].query


def test_more_like_one_title_reads_that_title_not_the_whole_thread(agent: Pickwise) -> None:
    """ "More like the second one": the sources that read the items talked about (what they
    share, what was chosen beside them) read that one; the others are still never proposed."""
    spy = Spy(agent)
    agent.chat("I loved Arrival and Interstellar", user_id="focus", thread_id="t1")
    assert set(spy.requests[-1].mentioned) == {"arrival-2016", "interstellar-2014"}
    reply = agent.chat("more like Paddington 2", user_id="focus", thread_id="t1")
    assert spy.requests[-1].mentioned == ("paddington-2-2017",)
    assert {"arrival-2016", "interstellar-2014"} <= set(spy.requests[-1].excluded)
    for pick in reply.picks:
        for s in pick.recommendation.signals:
            if s.source == "traits" and s.because:
                assert s.because == ("paddington-2-2017",)  # not "shares ... with Arrival"
    agent.chat("something else", user_id="focus", thread_id="t1")  # still like Paddington 2
    assert spy.requests[-1].mentioned == ("paddington-2-2017",)


def test_when_nothing_new_fits_the_picks_shown_before_that_fit_come_back(
    agent: Pickwise,
) -> None:
    """ "No war movies" after every Nolan film was shown: the ones that still fit, said so,
    rather than "nothing fits"."""
    spy = Spy(agent)
    first = agent.chat("something by Christopher Nolan", user_id="nolan", thread_id="t1")
    nolan = {p.item_id for p in first.picks}
    again = agent.chat("something else", user_id="nolan", thread_id="t1")
    nolan |= {p.item_id for p in again.picks}
    # every Nolan film of the demo catalog has been shown; one more refinement
    refined = agent.chat("no war movies please", user_id="nolan", thread_id="t1")
    assert not spy.results[-2]  # nothing new fitted
    assert refined.picks and {p.item_id for p in refined.picks} <= nolan
    assert "dunkirk-2017" not in {p.item_id for p in refined.picks}  # the new constraint holds
    assert "Nothing new fits that, but these ones from before do:" in refined.text


def test_request_filters_are_stored_as_constraint_dicts_and_old_threads_still_read() -> None:
    where = (
        any_of("language", "french"),
        NoneOf("genres", frozenset({"animation"})),
        Range("runtime", max=100.0),
    )
    assert stored_where(storable_where(where)) == where
    assert stored_where([["language", ["french"]]]) == (any_of("language", "french"),)


def test_tastes_are_stored_as_dicts_and_what_cannot_be_read_is_left_out() -> None:
    tastes = (
        Taste("rom-coms", (("genres", "romance"), ("genres", "comedy"))),
        Taste("sci-fi", (("genres", "science fiction"),), 2),
    )
    assert stored_tastes(storable_tastes(tastes)) == tastes
    broken = [*storable_tastes(tastes), {"label": "x"}, "not a dict", {"genres": [[1]]}]
    assert stored_tastes(broken) == tastes
    assert stored_tastes(storable_tastes(tastes[:1])) == tastes[:1]  # one kind: its films first
    assert stored_tastes([]) == ()
    # a film for both of two people keeps the kinds it joins
    both = Taste("rom-coms sci-fi", (*tastes[0].genres, *tastes[1].genres), parts=tastes)
    assert stored_tastes(storable_tastes([both])) == (both,)


def test_a_request_keeps_who_it_is_for_however_long_it_grows() -> None:
    query = "kids"
    for part in ("funny", "with animals", "set at sea", "in winter", "a bit scary"):
        query = joined(query, part, "; ")
    assert query == "kids; set at sea; in winter; a bit scary"  # four parts, "kids" kept
    assert joined("funny; kids", "short", "; ") == "kids; funny; short"
    assert joined("a; b; c", "d; e", "; ") == "b; c; d; e"  # four parts, the latest


def test_a_complaint_about_films_like_one_keeps_looking_like_it(agent: Pickwise) -> None:
    """ "something like hereditary", then "too slow", brought Little Miss Sunshine and
    Nomadland: the film it was like was dropped."""
    spy = Spy(agent)
    agent.chat("something like hereditary", user_id="slow", thread_id="t")
    agent.chat("too slow", user_id="slow", thread_id="t")
    assert "hereditary-2018" in spy.requests[-1].liked
    assert "slow" in spy.requests[-1].avoid


def test_opening_the_agent_on_the_demo_catalog_loads_it_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's Python example failed on a fresh home: ``Pickwise.open()`` worked, then the
    first chat raised "catalog 'demo' is empty" (only `pickwise chat` and `serve` loaded it)."""
    import pickwise
    from pickwise.config import Settings

    def hashed(s: Settings) -> Catalog:
        return Catalog.open(s.home, s.catalog, embedder=HashEmbeddings())

    monkeypatch.setattr(pickwise, "open_catalog", hashed)
    settings = Settings(home=tmp_path, catalog="demo", llm_backend="none", _env_file=None)  # type: ignore[call-arg]
    agent = Pickwise.open(settings, start_llm=False)
    try:
        assert len(agent.catalog) > 300
        assert agent.chat("I loved Arrival, something lighter", "ana", "t1").picks
    finally:
        agent.close()
    other = Settings(home=tmp_path / "b", catalog="books", llm_backend="none", _env_file=None)  # type: ignore[call-arg]
    empty = Pickwise.open(other, start_llm=False)
    try:
        assert len(empty.catalog) == 0  # only the demo catalog is loaded for you
    finally:
        empty.close()


def _older_demo(home: Path, lines: list[str]) -> Catalog:
    """A home whose demo catalog was loaded from an earlier release's file (these lines)."""
    old = home / "old_demo.jsonl"
    old.write_text("".join(lines), encoding="utf-8")
    catalog = Catalog.open(home, "demo", embedder=HashEmbeddings())
    catalog.ingest(old)
    return catalog


def test_a_home_with_an_older_demo_catalog_gets_the_newer_films(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home that loaded the 320-film demo kept it forever: the demo was loaded only into an
    empty catalog, so films a release added (Heat, Ocean's Eleven ...) never reached it."""
    import pickwise
    from pickwise.config import Settings

    bundled = demo_catalog_path().read_text(encoding="utf-8").splitlines(keepends=True)
    assert not any('"heat-1995"' in line for line in bundled[:320])
    _older_demo(tmp_path, bundled[:320])
    monkeypatch.setattr(
        pickwise,
        "open_catalog",
        lambda s: Catalog.open(s.home, s.catalog, embedder=HashEmbeddings()),
    )
    settings = Settings(home=tmp_path, catalog="demo", llm_backend="none", _env_file=None)  # type: ignore[call-arg]
    agent = Pickwise.open(settings, start_llm=False)
    try:
        assert len(agent.catalog) == len(bundled)
        assert agent.catalog.get("heat-1995").title == "Heat"
    finally:
        agent.close()
    # checked once per bundled file: a film the user removes afterwards stays removed
    catalog = Catalog.open(tmp_path, "demo", embedder=HashEmbeddings())
    catalog.remove(["heat-1995"])
    assert not demo_needs_loading(catalog) and load_demo(catalog) is None
    assert len(catalog) == len(bundled) - 1


def test_a_release_that_corrects_and_drops_films_updates_an_unchanged_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home records what it loaded, so a later release may correct or drop films too; once
    the user changes the catalog, no release touches it."""
    import pickwise.data

    bundled = demo_catalog_path().read_text(encoding="utf-8").splitlines(keepends=True)
    first = json.loads(bundled[0])
    dropped = {**first, "id": "dropped-film-2020", "title": "Dropped Film"}
    older = tmp_path / "older.jsonl"
    older.write_text(
        "".join([json.dumps({**first, "synopsis": "A typo."}) + "\n", *bundled[1:320]])
        + json.dumps(dropped)
        + "\n",
        encoding="utf-8",
    )
    newer = pickwise.data.demo_catalog_path
    catalog = Catalog.open(tmp_path / "home", "demo", embedder=HashEmbeddings())
    monkeypatch.setattr(pickwise.data, "demo_catalog_path", lambda: older)
    assert load_demo(catalog) is not None and len(catalog) == 321
    monkeypatch.setattr(pickwise.data, "demo_catalog_path", newer)
    report = load_demo(catalog)
    assert report is not None and (report.updated, report.removed) == (1, 1)
    assert len(catalog) == len(bundled) and catalog.get(first["id"]).text != "A typo."
    # changed by the user since: the next release leaves it alone
    catalog.remove(["heat-1995"])
    monkeypatch.setattr(pickwise.data, "demo_catalog_path", lambda: older)
    assert demo_needs_loading(catalog) and load_demo(catalog) is None
    assert len(catalog) == len(bundled) - 1


@pytest.mark.parametrize("change", ["a film of its own", "an edited film"])
def test_a_demo_catalog_the_user_changed_is_not_updated(tmp_path: Path, change: str) -> None:
    """Only an unedited older copy of the demo is brought up to date; films a user added or
    edited are never overwritten by the bundled ones."""
    bundled = demo_catalog_path().read_text(encoding="utf-8").splitlines(keepends=True)
    lines = bundled[:320]
    if change == "a film of its own":
        film = {**json.loads(lines[0]), "id": "home-movie-2020", "title": "Home Movie"}
        lines = [*lines, json.dumps(film) + "\n"]
    else:
        film = json.loads(lines[0])
        lines = [json.dumps({**film, "synopsis": "My own words."}) + "\n", *lines[1:]]
    catalog = _older_demo(tmp_path, lines)
    assert demo_needs_loading(catalog)
    assert load_demo(catalog) is None
    assert len(catalog) == len(lines) and "heat-1995" not in {i.id for i in catalog.items()}
    assert not demo_needs_loading(catalog)  # and it is not read again at every start
