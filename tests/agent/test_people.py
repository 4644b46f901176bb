"""People named in a message: a wanted director or actor filters this request, a refused one is
kept out for good, a bare name asks for nothing."""

from __future__ import annotations

import pytest

from pickwise.agent.app import Pickwise
from pickwise.agent.titles import TitleMatcher
from pickwise.agent.turn import TurnPlan
from pickwise.agent.understanding import Understanding, Vocabulary, understand
from pickwise.retrieval.constraints import AnyOf, NoneOf
from pickwise.retrieval.items import Item

KINDS = {"genres": "list", "directors": "list", "cast": "list", "year": "number"}
VALUES = {
    "genres": ["Drama", "Science Fiction", "Horror"],
    "directors": [
        "Denis Villeneuve",
        "Stanley Kubrick",
        "Tony Scott",
        "Ridley Scott",
        "Clint Eastwood",
    ],
    "cast": [
        "Amy Adams",
        "Tom Hanks",
        "Adam Sandler",
        "John Malkovich",
        "Guillermo del Toro",
        "Clint Eastwood",
    ],
}
VOCAB = Vocabulary.from_index(KINDS, VALUES)  # type: ignore[arg-type]
MATCHER = TitleMatcher(
    [Item("bjm", "Being John Malkovich", "", {}), Item("arrival", "Arrival", "", {})]
)


def read(text: str) -> Understanding:
    return understand(text, MATCHER, VOCAB)


@pytest.mark.parametrize(
    ("text", "field", "name"),
    [
        ("I'd like one directed by Denis Villeneuve.", "directors", "denis villeneuve"),
        ("Maybe with Amy Adams in it", "cast", "amy adams"),
        ("something starring TOM HANKS", "cast", "tom hanks"),
        ("any Tom Hanks movies?", "cast", "tom hanks"),
        ("a Kubrick film", "directors", "stanley kubrick"),
        ("something by Villeneuve", "directors", "denis villeneuve"),
        ("with Guillermo del Toro", "cast", "guillermo del toro"),
        ("what about Ridley Scott?", "directors", "ridley scott"),  # it was searched as words
        # in both fields: the cue says which (both at once left only the films he directed
        # and starred in)
        ("anything with Clint Eastwood?", "cast", "clint eastwood"),
        ("something directed by Clint Eastwood", "directors", "clint eastwood"),
        ("how about something with amy adams", "cast", "amy adams"),
        # a surname misspelled by one letter, right after "by" (these found Parasite, Oldboy)
        ("anythin by kubrik?", "directors", "stanley kubrick"),
        ("something by villenueve", "directors", "denis villeneuve"),
        # a first name said right, its surname misspelled (it searched "tom hanx" as words)
        ("something with tom hanx", "cast", "tom hanks"),
        ("anything with amy adms?", "cast", "amy adams"),
    ],
)
def test_a_wanted_person_filters_this_request(text: str, field: str, name: str) -> None:
    u = read(text)
    assert u.turn_constraints == (AnyOf(field, frozenset({name})),)
    assert not u.add_constraints  # not kept in the profile
    assert name not in u.query.lower()


@pytest.mark.parametrize(
    "text",
    [
        "nothing with Adam Sandler please",
        "no Adam Sandler movies",
        "I can't stand Adam Sandler",
        "not a fan of Adam Sandler",
        "I really dislike Adam Sandler",  # it was searched as words
        "Adam Sandler is overrated",
        "honestly Adam Sandler is the worst",
    ],
)
def test_a_refused_person_is_kept_out_for_good(text: str) -> None:
    u = read(text)
    assert u.add_constraints == (NoneOf("cast", frozenset({"adam sandler"})),)
    assert not u.turn_constraints
    assert "sandler" not in u.query.lower()


@pytest.mark.parametrize(
    "text",
    [
        "I love Tom Hanks",  # an opinion about a person, not a request
        "Amy Adams, Tom Hanks",
        "something like Being John Malkovich",  # a title, not the actor
        "a Scott film",  # two directors are called Scott
        "Kubrick",  # a surname needs a cue beside it
        "with Tom. Hanks was great",  # not one name across a full stop
        "a movie by night",  # one letter from no surname of five letters or more
        "a kubrik film",  # a misspelling counts right after "by" or "with" only
    ],
)
def test_names_without_a_request_ask_for_nothing(text: str) -> None:
    u = read(text)
    assert not u.turn_constraints
    assert not u.add_constraints


def test_a_word_of_the_catalog_is_no_misspelled_surname() -> None:
    # "obsessed with trains" read "trains" as Claude Rains misspelled and lost the topic
    vocab = Vocabulary.from_index(KINDS, {**VALUES, "cast": [*VALUES["cast"], "Claude Rains"]})
    matcher = TitleMatcher(
        [Item("x", "The Express", "A runaway train, a herd of wild horses and a lost puppy.", {})]
    )
    for text in (
        "my son is obsessed with trains",  # the word of a description, as a plural
        "something with horses",
        "a film with puppies",
        "my kids love stories with trains and horses",
    ):
        u = understand(text, matcher, vocab)
        assert not u.turn_constraints, text
        assert text.split()[-1] in u.query, text
    for text in ("anything with rainz", "something with claude rins"):  # no word: a typo
        u = understand(text, matcher, vocab)
        assert u.turn_constraints == (AnyOf("cast", frozenset({"claude rains"})),), text


def test_a_misspelled_full_name_needs_one_person_close_enough() -> None:
    for text in (
        "films with tom and jerry",  # no surname
        "something with tom hardly",  # no Tom close enough
        "something with amy",  # a first name alone
    ):
        assert not read(text).turn_constraints, text


def test_a_title_with_a_name_in_it_is_still_the_title() -> None:
    assert read("more like Being John Malkovich").mentioned == ("bjm",)


def test_people_fields_are_not_genre_facets() -> None:
    assert [name for name, _ in VOCAB.facets] == ["genres"]
    assert [name for name, _ in VOCAB.people] == ["directors", "cast"]


def _directors(agent: Pickwise, ids: list[str]) -> set[tuple[str, ...]]:
    return {tuple(agent.catalog.get(i).metadata.get("directors") or ()) for i in ids}


def test_the_agent_filters_by_the_person_and_keeps_it_for_follow_ups(agent: Pickwise) -> None:
    reply = agent.chat("something directed by Christopher Nolan", user_id="nolan-fan")
    first = [p.item_id for p in reply.picks]
    assert first and _directors(agent, first) == {("Christopher Nolan",)}
    again = agent.chat("something else", user_id="nolan-fan")
    more = [p.item_id for p in again.picks]
    assert _directors(agent, more) <= {("Christopher Nolan",)}
    assert not set(first) & set(more)
    assert not agent.profile("nolan-fan").constraints  # not a lasting constraint
    fresh = agent.chat("a funny animated film", user_id="nolan-fan")
    assert _directors(agent, [p.item_id for p in fresh.picks]) != {("Christopher Nolan",)}


def _years(agent: Pickwise, ids: list[str]) -> list[int]:
    return [int(agent.catalog.get(i).metadata["year"]) for i in ids]


def test_newer_after_a_persons_films_keeps_them_while_they_have_newer(agent: Pickwise) -> None:
    """ "something newer" after someone's films asked for their films of the last ten years,
    and dead-ended ("I found nothing that fits all of these: with John Wayne; from 2016 on")."""
    uid = "newer-nolan"
    first = agent.chat("two films directed by Christopher Nolan", user_id=uid)
    shown = [p.item_id for p in first.picks]
    assert shown and _directors(agent, shown) == {("Christopher Nolan",)}
    newer = agent.chat("something newer", user_id=uid)
    ids = [p.item_id for p in newer.picks]
    assert ids and min(_years(agent, ids)) > max(_years(agent, shown))
    if max(_years(agent, shown)) < 2023:  # he has newer ones: his
        assert _directors(agent, ids) == {("Christopher Nolan",)}, newer.text


def test_newer_after_all_of_a_persons_films_says_so(agent: Pickwise) -> None:
    uid = "newer-wayne"
    first = agent.chat("John Wayne films", user_id=uid)
    shown = [p.item_id for p in first.picks]
    assert shown and all("John Wayne" in agent.catalog.get(i).metadata["cast"] for i in shown)
    newer = agent.chat("something newer", user_id=uid)
    ids = [p.item_id for p in newer.picks]
    assert ids and min(_years(agent, ids)) > max(_years(agent, shown))
    assert "I have no newer film with John Wayne than those" in newer.text, newer.text
    assert "found nothing" not in newer.text
    # not said when no one was asked for: "something newer" after a kind reads as before
    other = agent.chat("a western", user_id="newer-western")
    assert other.picks
    assert "I have no" not in agent.chat("something newer", user_id="newer-western").text


@pytest.mark.parametrize("then", ["what about Hayao Miyazaki?", "how about Hayao Miyazaki"])
def test_a_person_named_anew_replaces_the_earlier_one(agent: Pickwise, then: str) -> None:
    uid = f"anew-{len(then)}"
    agent.chat("John Wayne films", user_id=uid)
    reply = agent.chat(then, user_id=uid)
    ids = [p.item_id for p in reply.picks]
    assert ids and _directors(agent, ids) == {("Hayao Miyazaki",)}, reply.text
    assert "John Wayne" not in reply.text


def test_a_refused_actor_never_comes_back(agent: Pickwise) -> None:
    agent.chat("nothing with Charlie Chaplin", user_id="no-chaplin")
    reply = agent.chat("a silent comedy from the 1920s", user_id="no-chaplin")
    for pick in reply.picks:
        assert "Charlie Chaplin" not in (agent.catalog.get(pick.item_id).metadata.get("cast") or ())


def test_replies_name_people_as_the_catalog_writes_them(agent: Pickwise) -> None:
    reply = agent.chat("something directed by christopher nolan", user_id="casing")
    assert "Looking for something by Christopher Nolan" in reply.text
    refused = agent.chat("nothing with charlie chaplin", user_id="casing")
    assert "nothing with Charlie Chaplin" in refused.text


@pytest.mark.parametrize(
    ("words", "people"),
    [
        ("Tom Hanks", {("cast", frozenset({"tom hanks"}))}),
        (
            "Denis Villeneuve and Tom Hanks",
            {("directors", frozenset({"denis villeneuve"})), ("cast", frozenset({"tom hanks"}))},
        ),
        ("Amy Adams, Tom Hanks", {("cast", frozenset({"amy adams", "tom hanks"}))}),
        ("Tom Hanks; something funny", set()),  # a wish beside the name: searched as before
        ("a heist movie", set()),
        ("", set()),
    ],
)
def test_only_people_reads_a_query_that_names_people_and_nothing_else(
    words: str, people: set[tuple[str, frozenset[str]]]
) -> None:
    from pickwise.agent.turn import only_people

    found = only_people(words, VOCAB)
    assert {(c.field, c.values) for c in found if isinstance(c, AnyOf)} == people
    assert len(found) == len(people)


def test_a_person_liked_brings_theirs_then_the_closest_to_theirs(agent: Pickwise) -> None:
    """ "I love Audrey Hepburn" brought Roman Holiday, then The Great Beauty, Sunset Boulevard and
    Barbie "among the closest matches to what you asked for": her name searched as text. (Ingrid
    Bergman here: she has one film in the catalog, as Audrey Hepburn had before My Fair Lady.)"""
    uid = "bergman-fan"
    reply = agent.chat("I love Ingrid Bergman", uid, uid)
    ids = [p.item_id for p in reply.picks]
    assert ids[0] == "casablanca-1942" and len(ids) == 5
    assert "Looking for films with Ingrid Bergman, then the closest to theirs..." in reply.text
    assert "closest matches to what you asked for" not in reply.text
    assert "barbie-2023" not in ids
    # the rest: the closest to hers, said so
    assert all("Casablanca" in p.explanation for p in reply.picks[1:])
    more = agent.chat("more", uid, uid)  # all of hers shown: still the closest to hers
    assert more.picks and "Casablanca" in more.text and "closest matches" not in more.text
    # a filter asked for is unchanged: only her films
    with_her = agent.chat("anything with Sigourney Weaver", "weaver-fan", "weaver-fan")
    assert all("Sigourney Weaver" in p.recommendation.item.metadata["cast"] for p in with_her.picks)


def test_a_refusal_holds_for_a_list_of_people() -> None:
    """ "can't stand Tom Hanks or Adam Sandler": the second was searched as words."""
    u = read("I can't stand Tom Hanks or Adam Sandler")
    assert u.add_constraints == (NoneOf("cast", frozenset({"tom hanks", "adam sandler"})),)
    assert "sandler" not in u.query.lower()
    # said of someone else, a panning is no refusal of the user's
    assert not read("my wife thinks Adam Sandler is the worst").add_constraints


@pytest.mark.parametrize(
    ("text", "liked"),
    [
        ("I love Tom Hanks", [("cast", "tom hanks")]),
        ("big fan of Denis Villeneuve", [("directors", "denis villeneuve")]),
        ("I'm a huge fan of Amy Adams!", [("cast", "amy adams")]),
        ("honestly I really like Stanley Kubrick", [("directors", "stanley kubrick")]),
        ("Denis Villeneuve is my favourite director", [("directors", "denis villeneuve")]),
        ("I'm really into Amy Adams lately", [("cast", "amy adams")]),
        (
            "I love Denis Villeneuve and Stanley Kubrick",
            [("directors", "denis villeneuve"), ("directors", "stanley kubrick")],
        ),
        # in two fields: the cue says which, else the first field
        ("I love Clint Eastwood", [("directors", "clint eastwood")]),
        ("I like anything with Clint Eastwood", [("cast", "clint eastwood")]),
        # said of someone else beside: only the user's own
        ("she loves Amy Adams but I love Tom Hanks", [("cast", "tom hanks")]),
        # said in the past, or listed with titles liked (only the title was noted)
        ("I loved Denis Villeneuve", [("directors", "denis villeneuve")]),
        ("I liked Arrival and Denis Villeneuve", [("directors", "denis villeneuve")]),
        ("we enjoyed Arrival, and Amy Adams", [("cast", "amy adams")]),
        ("adored Arrival & Tom Hanks", [("cast", "tom hanks")]),
    ],
)
def test_a_person_the_user_likes_is_read(text: str, liked: list[tuple[str, str]]) -> None:
    assert list(read(text).liked_people) == liked


def test_a_person_liked_with_a_request_is_both_liked_and_asked_for() -> None:
    u = read("I like anything with Tom Hanks")
    assert u.liked_people == (("cast", "tom hanks"),)
    assert u.turn_constraints == (AnyOf("cast", frozenset({"tom hanks"})),)


@pytest.mark.parametrize(
    "text",
    [
        "she loves Tom Hanks",  # someone else's taste
        "my daughter loves Amy Adams, something for her",
        "my wife is a big fan of Tom Hanks",
        "I'd love something with Tom Hanks",  # asked for now
        "something with Tom Hanks",
        "I don't like Tom Hanks",  # refusals are constraints
        "I can't stand Adam Sandler",
        "not a fan of Adam Sandler",
        "I love Being John Malkovich",  # a title
        "forget Tom Hanks",
        # a title liked, then another wish or someone else's taste
        "I liked Arrival and want something with Tom Hanks",
        "my wife liked Arrival and Tom Hanks",
        "I liked Arrival but Tom Hanks was wasted in it",
    ],
)
def test_no_person_is_liked(text: str) -> None:
    assert read(text).liked_people == ()


def test_forget_a_person_names_them() -> None:
    u = read("forget Denis Villeneuve")
    assert u.intent == "remove"
    assert u.people == (("directors", "denis villeneuve"),)
    assert read("forget that I love Tom Hanks").people == (("cast", "tom hanks"),)


def test_a_liked_person_is_noted_kept_and_used_in_another_conversation(agent: Pickwise) -> None:
    uid = "villeneuve-fan"
    reply = agent.chat("I love Denis Villeneuve", user_id=uid, thread_id="first")
    assert "Noted: you like Denis Villeneuve." in reply.text
    assert reply.changes == ["you like Denis Villeneuve"]
    assert agent.profile(uid).liked_people == {"directors:denis villeneuve": "Denis Villeneuve"}
    again = agent.chat("I love Denis Villeneuve", user_id=uid, thread_id="first")
    assert again.changes == []  # known already: nothing new to note
    # a new conversation: the liking counts, and explanations say so
    profile = agent.profile(uid)
    request = agent.request_for(profile, TurnPlan("", query="a science fiction film"), ())
    assert request.people == ("Denis Villeneuve",)
    assert request.weights["people"] < agent.catalog.weights["people"]  # softer than a name said
    picks = agent.recommend(uid, "a science fiction film")
    theirs = [p for p in picks if "Denis Villeneuve" in _directors(agent, [p.item_id]).pop()]
    assert theirs and "Denis Villeneuve, whom you like" in theirs[0].explanation
    told = agent.chat("what do you know about me?", user_id=uid, thread_id="second")
    assert "- People you like: Denis Villeneuve" in told.text
    said = agent.request_for(
        profile, TurnPlan("", query="something by Denis Villeneuve"), (), context="by Villeneuve"
    )
    assert "people" not in said.weights or said.weights["people"] >= agent.catalog.weights["people"]
    gone = agent.chat("forget Denis Villeneuve", user_id=uid, thread_id="second")
    assert gone.changes == ["forgot that you like Denis Villeneuve"]
    assert agent.profile(uid).liked_people == {}


def test_someone_elses_favourite_is_not_kept(agent: Pickwise) -> None:
    agent.chat("my wife is a big fan of Hugh Grant", user_id="not-mine")
    assert agent.profile("not-mine").liked_people == {}


def test_a_person_refused_after_being_liked_is_kept_out(agent: Pickwise) -> None:
    uid = "changed-mind"
    agent.chat("I love Hugh Grant", user_id=uid)
    reply = agent.chat("actually I can't stand Hugh Grant", user_id=uid)
    assert "nothing with Hugh Grant" in reply.text
    profile = agent.profile(uid)
    assert profile.liked_people == {}
    assert NoneOf("cast", frozenset({"hugh grant"})) in profile.constraints
    for pick in reply.picks:
        assert "Hugh Grant" not in (agent.catalog.get(pick.item_id).metadata.get("cast") or ())
    agent.chat("I love Hugh Grant", user_id=uid)  # the later word holds
    assert agent.profile(uid).constraints == []


def test_forget_that_takes_back_a_person_just_liked(agent: Pickwise) -> None:
    uid = "took-it-back"
    agent.chat("big fan of Wes Anderson", user_id=uid)
    reply = agent.chat("forget that", user_id=uid)
    assert "forgot that you like Wes Anderson" in reply.text
    assert agent.profile(uid).liked_people == {}


def test_why_a_liked_persons_films_keep_coming_says_the_user_likes_them(agent: Pickwise) -> None:
    uid = "asks-why-villeneuve"
    agent.chat("I'm a huge fan of Denis Villeneuve", user_id=uid, thread_id="one")
    agent.chat("a science fiction film", user_id=uid, thread_id="two")
    reply = agent.chat("why do you keep suggesting Villeneuve?", user_id=uid, thread_id="two")
    assert "because you said you like Denis Villeneuve" in reply.text


def test_a_person_listed_with_a_title_liked_is_kept_too(agent: Pickwise) -> None:
    """ "I liked Arrival and Denis Villeneuve" noted Arrival only: he steered the turn but was
    not kept."""
    uid = "arrival-and-villeneuve"
    reply = agent.chat("I liked Arrival and Denis Villeneuve", user_id=uid, thread_id="t")
    assert reply.changes == ["you like Denis Villeneuve", "you liked Arrival"]
    assert agent.profile(uid).liked_people == {"directors:denis villeneuve": "Denis Villeneuve"}


@pytest.mark.parametrize(
    ("text", "strangers", "query"),
    [
        ("I adore Tom Cruise", [("with", "Tom Cruise")], ""),
        ("I love Tom Cruise films", [("with", "Tom Cruise")], ""),
        ("big fan of Amy Grant, something scary", [("with", "Amy Grant")], "something scary"),
        ("Tom Cruise is my favourite actor", [("with", "Tom Cruise")], ""),
        ("I loved Tom Adams", [("with", "Tom Adams")], ""),  # both names of the catalog's
        ("I liked Arrival and Tom Adams", [("with", "Tom Adams")], "Arrival"),
        # the catalog has them, or not said as liked, or no person's name by its look
        ("I love Tom Hanks", [], "Tom Hanks"),
        ("I adore Kubrick", [], "Kubrick"),
        # said of someone else, told all the same (it was searched: Hugh Grant for Cary Grant)
        ("she loves Tom Cruise", [("with", "Tom Cruise")], None),
        ("my son loves Tom Cruise films", [("with", "Tom Cruise")], None),
        ("something like Tom Cruise", [], None),
        ("I love Being John Malkovich", [], "Being John Malkovich"),
        # in lower case: a first name and a last name of the catalog's, both
        ("i adore tom scott", [("with", "Tom Scott")], ""),
        ("big fan of amy hanks, something scary", [("with", "Amy Hanks")], "something scary"),
        ("i loved arrival and denis adams", [("with", "Denis Adams")], "arrival"),
        ("i adore tom cruise", [], None),  # no last name of the catalog's
        ("i adore long films", [], None),
        ("i love grace and light", [], None),
        ("she loves tom scott", [("with", "Tom Scott")], None),
        ("she loves tom cruise", [], None),  # no last name of the catalog's
        ("i love tom hanks", [], "tom hanks"),  # the catalog has him
    ],
)
def test_a_person_liked_whom_the_catalog_lacks_is_said_back(
    text: str, strangers: list[tuple[str, str]], query: str | None
) -> None:
    """ "I adore Cary Grant" said nothing of him, and searched his names: Cary Elwes and Hugh
    Grant were "among the closest matches to what you asked for"."""
    u = read(text)
    assert list(u.unknown_people) == strangers
    assert query is None or u.query == query
    assert u.liked_people == () or not strangers


@pytest.mark.parametrize(
    "text",
    [
        "I loved Jackie Brown",  # said in the past, a film's name more likely than a person's
        "I love New York",
        "I loved Heat",
    ],
)
def test_a_title_liked_is_no_person_the_catalog_lacks(text: str) -> None:
    u = read(text)
    assert u.unknown_people == () and u.unknown == (text.split(maxsplit=2)[2],)


def test_a_surname_after_another_first_name_is_not_that_person() -> None:
    """ "Cary Grant" is not Hugh Grant: "Grant films" asked for his."""
    assert read("anything with Adams please").turn_constraints == (
        AnyOf("cast", frozenset({"amy adams"})),
    )
    u = read("anything with Tom Adams please")
    assert u.turn_constraints == () and u.unknown_people == (("with", "Tom Adams"),)


def test_a_person_liked_whom_the_catalog_lacks_is_told(agent: Pickwise) -> None:
    reply = agent.chat("I adore Emma Roberts", user_id="emma-roberts-fan", thread_id="t")
    assert "I have no film with Emma Roberts in my catalog." in reply.text
    titles = [p.recommendation.item.title for p in reply.picks]
    assert "La La Land" not in titles and "Notting Hill" not in titles
    known = agent.chat("I adore Hugh Grant", user_id="hugh-grant-fan", thread_id="t")
    assert "Noted: you like Hugh Grant." in known.text and "no film with" not in known.text
    # in lower case the same (Cary Grant, when the catalog lacked him, listed Cary Elwes and
    # Hugh Grant)
    lower = agent.chat("i adore emma roberts", user_id="emma-roberts-lower", thread_id="t")
    assert "I have no film with Emma Roberts in my catalog." in lower.text
    assert "Notting Hill" not in [p.recommendation.item.title for p in lower.picks]
    known = agent.chat("i adore hugh grant", user_id="hugh-grant-lower", thread_id="t")
    assert "Noted: you like Hugh Grant." in known.text and "no film with" not in known.text
    for text in ("i adore long films", "i love grace and light", "i love forest rain"):
        reply = agent.chat(text, user_id=f"not-a-person-{len(text)}", thread_id="t")
        assert "no film with" not in reply.text, text


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("my son loves emma roberts films", "your son"),
        ("my wife likes Emma Roberts films", "your wife"),
        ("she's into Emma Roberts movies", "her"),
        ("something for my mom, she loves Emma Roberts", "your mom"),
    ],
)
def test_a_person_someone_else_likes_whom_the_catalog_lacks_is_told(
    agent: Pickwise, text: str, who: str
) -> None:
    """ "my son loves cary grant films" said "Looking for something with Hugh Grant..." and
    listed his films (the demo has Cary Grant now: Emma Roberts is missing, and Emma Stone and
    Julia Roberts are there to be mistaken for her)."""
    reply = agent.chat(text, user_id=f"their-emma-roberts-{len(text)}", thread_id="t")
    assert "I have no film with Emma Roberts in my catalog." in reply.text
    assert f"Looking for picks for {who}..." in reply.text
    titles = [p.recommendation.item.title for p in reply.picks]
    assert "Notting Hill" not in titles and "La La Land" not in titles
    assert reply.changes == []  # nothing saved as the user's own


def test_a_person_someone_else_likes_whom_the_catalog_has_is_asked_for(
    agent: Pickwise,
) -> None:
    reply = agent.chat("my son loves tom hanks films", user_id="their-hanks", thread_id="t")
    assert "no film with" not in reply.text
    assert "Toy Story" in [p.recommendation.item.title for p in reply.picks]
    profile = agent.profiles.get("their-hanks")
    assert not profile.liked_people


def test_when_none_of_a_liked_persons_items_is_new_the_lead_says_what_the_list_is(
    agent: Pickwise,
) -> None:
    """ "and for me?" after Roman Holiday, Audrey Hepburn's one film then, was shown said "Looking
    for films with Audrey Hepburn, then the closest to theirs..." over films of others."""
    uid = "bergman-and-mom"
    agent.chat("I love Ingrid Bergman", uid, uid)
    agent.chat("something for my mom, she likes westerns", uid, uid)
    back = agent.chat("and for me?", uid, uid)
    lead = "Looking for films close to Ingrid Bergman's, since I've shown you the only one I have"
    assert lead in back.text and "films with Ingrid Bergman" not in back.text
    assert back.picks and "casablanca-1942" not in {p.item_id for p in back.picks}
    # seen rather than shown; and a person with films still new is looked for as before
    seen = "bergman-seen"
    agent.chat("I've seen Casablanca", seen, seen)
    told = agent.chat("I love Ingrid Bergman", seen, seen)
    assert "Looking for films close to Ingrid Bergman's, since you know the only one I have" in (
        told.text
    )
    # two of them: "both", not "all two"
    two = "hepburn-and-mom"
    agent.chat("I love Audrey Hepburn", two, two)
    agent.chat("something for my mom, she likes westerns", two, two)
    lead = "Looking for films close to Audrey Hepburn's, since I've shown you both I have"
    assert lead in agent.chat("and for me?", two, two).text
    grant = agent.chat("I love Hugh Grant", "grant-fan-2", "grant-fan-2")
    assert "Looking for films with Hugh Grant, then the closest to theirs..." in grant.text
