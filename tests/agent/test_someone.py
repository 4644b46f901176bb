"""Who a request is for (:mod:`pickwise.agent.someone`)."""

from __future__ import annotations

import pytest

from pickwise.agent.profile import Profile
from pickwise.agent.someone import for_whom, likes_of_theirs, said_by, their_view, theirs_said


@pytest.mark.parametrize(
    ("message", "before", "who"),
    [
        ("what about something for my son, he's 10", "", "your son"),
        ("something for my 7 year old daughter", "", "your 7 year old daughter"),
        ("my daughter loves Toy Story, something for her", "", "your daughter"),
        ("a movie for our kids", "", "your kids"),
        ("anything else for her?", "your mom", "your mom"),  # the one the thread is on
        ("something for her", "", "her"),
        ("a comedy please", "your son", "your son"),  # any other message keeps them
        ("ok, now something for me", "your son", ""),
        ("and for me?", "your niece", ""),
        ("what about me?", "your niece", ""),
        ("something for my wife and me", "", ""),  # both: the user too
        ("something for me and my wife", "", ""),
        ("a film for us", "", ""),
        ("he's 30 and loves westerns", "", ""),
        # no "for": what someone of the user's likes or would enjoy names them
        ("my son loves cary grant films", "", "your son"),
        ("my wife likes Cary Grant films", "", "your wife"),
        ("my kids are really into dinosaurs", "", "your kids"),
        ("something my grandma (82) would enjoy, she loves musicals", "", "your grandma"),
        ("what would my dad like? he loves westerns", "", "your dad"),
        ("a film my wife would enjoy", "", "your wife"),
        ("she's into Cary Grant movies", "", "her"),
        ("she's into Cary Grant movies", "your mom", "your mom"),
        ("something I would enjoy", "", ""),
        ("my mom recommended Arrival, I loved it", "", ""),
        ("my wife and I love thrillers", "", ""),
        ("my wife likes Heat, I love thrillers", "", ""),  # a like of the user's: theirs
        ("she loves Amélie, I'm more into thrillers", "", ""),
    ],
)
def test_who_a_request_is_for(message: str, before: str, who: str) -> None:
    assert for_whom(message, {"for_whom": before}) == who


def test_something_both_would_like_is_for_the_user_too() -> None:
    assert for_whom("something we'd both like", {"for_whom": "your wife"}, both=True) == ""


@pytest.mark.parametrize(
    ("message", "theirs"),
    [
        ("she loves Toy Story", True),
        ("my daughter loves Toy Story, something for her", True),
        ("he's 10 and loves Jurassic Park", True),
        ("he's really into Alien", True),
        ("I loved Aliens", False),
        ("she loves Amélie, I'm into thrillers", False),  # both: stays the user's, as before
        ("we like Coco", False),
    ],
)
def test_likes_said_of_them(message: str, theirs: bool) -> None:
    assert likes_of_theirs(message, "your daughter") is theirs
    assert not likes_of_theirs(message, "")  # a request for the user: the user's likes


def test_their_words_and_view() -> None:
    assert said_by("your son", "like", "Coco") == "your son likes Coco"
    assert said_by("your kids", "want", "cartoons") == "your kids want cartoons"
    assert said_by("her", "like", "Coco") == "she likes Coco"
    said = "It is close to Coco, which you liked."
    assert theirs_said(said, "your son") == "It is close to Coco, which your son likes."
    assert theirs_said(said, "") == said
    mine = Profile("ana", liked={"alien-1979": "Alien"}, aspects=["musicals"], seen={"x": "X"})
    view = their_view(mine, "your son", ["coco-2017"], {"coco-2017": "Coco"})
    assert view.liked == {"coco-2017": "Coco"} and not view.aspects and view.seen == mine.seen
    assert mine.liked == {"alien-1979": "Alien"}  # the user's own stays as it was
    assert their_view(mine, "", [], {}) is mine
