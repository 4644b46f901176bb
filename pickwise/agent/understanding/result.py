"""What reading one message yields: an :class:`Understanding`, its intent and relaxations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from pickwise.agent.titles import Mention
from pickwise.retrieval.constraints import Constraint

__all__ = ["INTENTS", "Intent", "Relax", "Taste", "Understanding", "as_intent"]

Intent = Literal[
    "recommend",
    "more_like",
    "something_else",
    "why",
    "about",
    "not_that",
    "show_profile",
    "reset_profile",
    "remove",
    "small_talk",
    "which",
    "off_topic",
    "recall",
    "help",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)


def as_intent(value: str) -> Intent:
    return next((i for i in INTENTS if i == value), "recommend")


@dataclass(frozen=True)
class Relax:
    """Something the user now allows: a value kept out by a :class:`NoneOf` (``value`` set), a
    whole field's constraints (``value`` and ``bound`` None), or one bound of a :class:`Range`."""

    field: str
    value: str | None = None
    bound: Literal["min", "max"] | None = None


@dataclass(frozen=True)
class Taste:
    """One of two or more kinds asked for at once ("she likes rom-coms, I like sci-fi", "a
    comedy or a horror", "one comedy and one horror"): the picks mix them.

    ``genres`` are the (field, lower-cased value) pairs its words name, all of them required
    ("rom-coms": romance and comedy); ``count`` is how many picks of it were asked for, when
    every kind says ("one comedy and one horror"). ``parts`` are the kinds of two people that a
    film for both of them joins ("she likes rom-coms, I like action, something for both of us":
    romance, comedy and action), when there are too few films of them all."""

    label: str
    genres: tuple[tuple[str, str], ...]
    count: int | None = None
    parts: tuple[Taste, ...] = ()


@dataclass(frozen=True)
class Understanding:
    """What one message says about the user's taste.

    ``liked``/``disliked``/``seen``/``mentioned`` are catalog item ids (a title without an opinion
    cue is ``mentioned``); ``refs`` are ids of ``last_picks`` the message points at ("the second
    one", "that one", or one of their titles), or the item the conversation is on ("who
    directed it?" after "tell me about Alien"). ``add_constraints`` are hard filters and
    ``drop_constraints`` what the user now allows (apply those first); ``turn_constraints`` are
    hard filters for this request only ("something directed by Denis Villeneuve"). ``aspects``
    are short free-text preferences. ``query`` is the message without control phrases, negated
    constraints and disliked titles, for dense retrieval ("" when nothing useful is left).
    ``mentions`` are the raw title matches. ``new_request`` is whether the message asks anew
    ("I want a comedy", "no, I meant a comedy") without building on the earlier turns ("also",
    "something lighter", "another one like that"); the agent then starts a new topic if the
    message has a subject of its own and names no title. ``accepted`` are the ``refs`` taken up
    ("I'll watch it"). ``asks`` is the fact a question about an item asks for ("director",
    "cast", "runtime", "year", "language", "country", "genre"; ``check`` for a yes-or-no
    question; "" for none in particular; for a ``recall``, "choice" for the pick taken up, "name"
    for the name of the film talked about); ``checks`` are the (field, value) pairs such a question
    names ("is it scary?" -> ``(("genres", "horror"),)``).
    """

    intent: Intent = "recommend"
    liked: tuple[str, ...] = ()
    disliked: tuple[str, ...] = ()
    seen: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    add_constraints: tuple[Constraint, ...] = ()
    drop_constraints: tuple[Relax, ...] = ()
    turn_constraints: tuple[Constraint, ...] = ()
    aspects: tuple[str, ...] = ()
    query: str = ""
    mentions: tuple[Mention, ...] = ()
    new_request: bool = False
    accepted: tuple[str, ...] = ()
    asks: str = ""
    checks: tuple[tuple[str, str], ...] = ()
    #: Titles neither liked nor disliked ("I didn't hate The Shining", "it was ok"): seen, and a
    #: like or dislike of them is taken back.
    neutral: tuple[str, ...] = ()
    #: How many picks the message asks for ("just pick one", "give me three comedies"), if said.
    count: int | None = None
    #: The quality a question comparing the picks asks about ("which is the funniest?" ->
    #: "funniest").
    which: str = ""
    #: Names in a list of titles that the catalog does not have ("my favourites are Heat and
    #: Zodiac"): said back to the user, and left out of the query.
    unknown: tuple[str, ...] = ()
    #: Those of ``unknown`` said as seen ("we've already seen Toy Story and Frozen"): they
    #: cannot be marked as seen, which the reply says.
    unknown_seen: tuple[str, ...] = ()
    #: Sequels the catalog lacks, said by a title it has ("loved toy story 3"), as (the title
    #: as said, the id of the film it follows). When asking for picks, that film is talked
    #: about (it seeds them, and is not proposed).
    missing: tuple[tuple[str, str], ...] = ()
    #: People asked for whom the catalog does not know ("with Cary Grant"), as (cue, name):
    #: said back to the user, and left out of the query.
    unknown_people: tuple[tuple[str, str], ...] = ()
    #: What is asked for that the catalog cannot give, as (what, value): ("gender", "") for
    #: "directed by a woman" (no field records it), ("language", "Finnish") for "anything in
    #: finnish?" (no item is in it). Said back to the user, and left out of the query.
    lacking: tuple[tuple[str, str], ...] = ()
    #: Two or more kinds asked for at once, to be mixed (:class:`Taste`); else empty.
    tastes: tuple[Taste, ...] = ()
    #: The message builds on the earlier request ("also", "more", "another"), so a genre it
    #: names adds to the genres asked for before rather than replacing them.
    continuing: bool = False
    #: The message finds fault with the picks shown ("that's too silly", "a bit too slow"): what
    #: it names is avoided, and those picks do not come back as still fitting.
    complaint: bool = False
    #: A pick described by what is in it that none of the last picks fits ("the one with the
    #: dinosaurs"): said back, and no pick is guessed.
    unmatched: str = ""
    #: The last picks a description fits alike ("the one with Hugh Grant" when two have him):
    #: the reply asks which one, and no pick is guessed.
    several: tuple[str, ...] = ()
    #: A person of the film talked about, pointed at ("what else by him": "director", "more
    #: with that actor": "cast"); the turn finds who.
    same_person: str = ""
    #: The place of a pick asked about past the end of the last picks ("whats the 7th one"
    #: after five): no pick is guessed, and the reply says how many there were; else 0.
    out_of_range: int = 0
    #: The message takes back the last request with no object ("forget that", "actually
    #: scratch that, a heist movie"): the turn drops what that request asked for. Said alone,
    #: the intent is ``remove``.
    forgets_last: bool = False
    #: The opinion the message takes back on the title it names or points at ("forget that I've
    #: seen it": "seen"; "scratch that I loved it": "liked"; "I haven't seen it actually":
    #: "seen"): only that is forgotten, and a bare "it" is the title last said so of in the
    #: thread when the pick it points at was not (the turn settles it); else "".
    untold: str = ""
    #: The year bound of :attr:`turn_constraints` comes from a word of recency ("newer",
    #: "anything more recent?"), not a year: after a request for years at least as recent
    #: ("action films from 2020 on"), the turn reads it against the films shown.
    recency: bool = False
    #: How a kind one person wants and another refuses was settled, in words ("Horror for one
    #: of you but not for another: horror comedies first, then comedies."); else "".
    settled: str = ""
    #: The message is mostly in another language ("quelque chose de drôle"): only the titles
    #: and people of the catalog it names are read, and the reply asks for English.
    foreign: bool = False
    #: Aspects asked for because of how the user feels now ("I'm sad and want to feel better":
    #: feel-good): they hold for this request and are not kept in the profile.
    momentary: tuple[str, ...] = ()
    #: People the user says they like ("I love Denis Villeneuve"), as (field, value) pairs of
    #: the catalog: kept in the profile, a soft signal for later requests.
    liked_people: tuple[tuple[str, str], ...] = ()
    #: The people of the catalog the message names, as (field, value) pairs: those a
    #: ``remove`` forgets ("forget Denis Villeneuve").
    people: tuple[tuple[str, str], ...] = ()
