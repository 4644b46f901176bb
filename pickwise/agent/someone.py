"""Requests made for someone else: "something for my son, he's 10", "my mom loves musicals".

Such a request is that person's: the user's own likes neither seed it nor show in its reasons,
and the likes said of that person ("she loves Toy Story") seed it without being saved to the
user's profile. They live in the thread (``for_whom``, ``their_likes``) while the thread is on
that person, and go when the user asks for themselves again ("and for me?").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from pickwise.agent.cues import (
    FOR_SELF,
    FOR_SOMEONE,
    OWN_LIKE,
    SOMEONE_OF_MINE,
    SOMEONE_WANTS,
    THEIR_LIKE,
)
from pickwise.agent.profile import Profile
from pickwise.retrieval.people import named_people

__all__ = [
    "for_whom",
    "likes_of_theirs",
    "people_named",
    "said_by",
    "subject",
    "their_view",
    "theirs_said",
]

_FOR_SOMEONE = re.compile(FOR_SOMEONE, re.IGNORECASE)
_SOMEONE_OF_MINE = re.compile(SOMEONE_OF_MINE, re.IGNORECASE)
_SOMEONE_WANTS = re.compile(SOMEONE_WANTS, re.IGNORECASE)
_FOR_SELF = re.compile(FOR_SELF, re.IGNORECASE)
_THEIR_LIKE = re.compile(THEIR_LIKE, re.IGNORECASE)
_OWN_LIKE = re.compile(OWN_LIKE, re.IGNORECASE)
#: Who a pronoun is, said as the subject of a sentence.
_SUBJECTS = {"her": "she", "him": "he"}
_OBJECTS = {"she": "her", "he": "him"}
#: The last words of people who are many ("your kids like").
_MANY = frozenset(
    {"kids", "children", "parents", "grandparents", "folks", "twins", "siblings", "in-laws"}
    | {"grandkids", "grandchildren", "boys", "girls", "babies", "toddlers", "they"}
)


def for_whom(message: str, state: Mapping[str, Any], both: bool = False) -> str:
    """Who the request going on is for, in words ("your son", "her"), or "" for the user.

    "for my son" names him; "for her" is the person of the user's the message names ("my
    daughter loves Toy Story, something for her"), else the one the thread is on. "for me" (or
    ``both``: "something we'd both like") is the user again; any other message keeps the
    thread's. Without "for", what someone of the user's likes or would enjoy names them too
    ("my son loves Cary Grant films", "something my grandma would enjoy"), unless the user
    says a like of their own ("my wife likes Heat, I love thrillers" stays the user's)."""
    text = message.lower()
    if both or _FOR_SELF.search(text):
        return ""
    asked = _FOR_SOMEONE.search(text)
    if asked is None:
        wanting = _wanting(text)
        if wanting in _SUBJECTS and state.get("for_whom"):
            return str(state["for_whom"])  # "she" is the one the thread is on
        return wanting or str(state.get("for_whom", ""))
    if asked.group("who"):
        return f"your {' '.join(asked.group('who').split())}"
    mine = _SOMEONE_OF_MINE.search(text)
    if mine:
        return f"your {' '.join(mine.group('who').split())}"
    return str(state.get("for_whom", "")) or asked.group("pronoun")


def _wanting(text: str) -> str:
    """Who of the user's a message says likes or would enjoy something ("my son loves robots":
    "your son"; "she's into westerns": "her"), or ""."""
    said = _SOMEONE_WANTS.search(text)
    if said is None or _OWN_LIKE.search(text):
        return ""
    if said.group("pronoun"):
        return _OBJECTS[said.group("pronoun")]
    return f"your {' '.join((said.group('who') or said.group('who2')).split())}"


def likes_of_theirs(message: str, who: str) -> bool:
    """Whether the titles a message likes are liked by the person the request is for ("she
    loves Toy Story"), not by the user ("I loved Aliens"; "she loves Amélie, I'm into
    thrillers" is both, and stays the user's as before)."""
    text = message.lower()
    return bool(who) and bool(_THEIR_LIKE.search(text)) and not _OWN_LIKE.search(text)


def people_named(
    message: str, terms: Mapping[str, Sequence[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """The people of the catalog a message names in full ("she loves Audrey Hepburn"), as
    (field, value) pairs of the vocabulary's ``terms`` (a surname alone may be a word)."""
    return [target for key in named_people(message, terms) for target in terms[key]]


def subject(who: str) -> str:
    """``who`` said as a sentence's subject: "her" -> "she"."""
    return _SUBJECTS.get(who, who)


def said_by(who: str, verb: str, what: str) -> str:
    """ "your son likes Jurassic Park", "your kids like Coco", "she wants musicals"."""
    many = who.split()[-1] in _MANY if who else True
    return f"{subject(who)} {verb if many else verb + 's'} {what}"


def their_view(
    profile: Profile,
    who: str,
    likes: Sequence[str],
    titles: Mapping[str, str],
    people: Mapping[str, str] | None = None,
) -> Profile:
    """The profile as a request for someone else reads it: their likes instead of the user's
    (``titles``: item id -> title; ``people``: the people they like, key -> name), and none of
    the user's wishes. What the user saw, turned
    down or limited stays (one home watches together). The user's profile itself is kept."""
    if not who:
        return profile
    liked = {i: titles[i] for i in likes if i in titles}
    return replace(profile, liked=liked, liked_people=dict(people or {}), aspects=[])


def theirs_said(explanation: str, who: str) -> str:
    """A reason of a request for someone else says whose like a seed is: "close to Toy Story,
    which your daughter likes" (it said "which you liked")."""
    if not who:
        return explanation
    theirs = said_by(who, "like", "").rstrip()
    return explanation.replace(", which you liked", f", which {theirs}").replace(
        ", whom you like", f", whom {theirs}"
    )
