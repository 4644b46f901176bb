"""Planning a turn: apply what the message says to the profile, decide what to retrieve.

``understand`` (rules, and optionally the LLM) reads the message; this module turns that into
profile changes (one transaction), a human-readable summary of them, and a :class:`TurnPlan`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from statistics import median
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, HumanMessage

from pickwise.agent import forget
from pickwise.agent.cues import (
    CAST_FIELDS,
    COUNTRY_FIELDS,
    DIRECTOR_FIELDS,
    DISLIKE,
    EARLIER_CHOICE,
    FOR_SOMEONE,
    GROUP_SIZE_FIELDS,
    HEDGE,
    HOLIDAYS,
    LIKE,
    OCCASION_MOODS,
    OF_THE_LIST,
    RUNTIME_FIELDS,
    SOMEONE_OF_MINE,
    THEIR_LIKE,
    YEAR_FIELDS,
)
from pickwise.agent.explain import ended
from pickwise.agent.profile import Profile, person_key, person_of
from pickwise.agent.someone import (
    for_whom,
    likes_of_theirs,
    people_named,
    said_by,
    their_view,
)
from pickwise.agent.understanding import (
    Relax,
    Understanding,
    Vocabulary,
    asks_for_films,
    avoided,
    back,
    refused,
    understand,
)
from pickwise.agent.understanding.query import has_request_words
from pickwise.agent.understanding.result import Taste
from pickwise.agent.understanding.tastes import mixed_count
from pickwise.retrieval.constraints import (
    AnyOf,
    Constraint,
    NoneOf,
    Range,
    constraint_from_dict,
    constraint_to_dict,
    satisfies,
)
from pickwise.retrieval.genres import GENRE_FIELD_NAMES, LANGUAGE_FIELDS, REGIONS, region_of
from pickwise.retrieval.items import Item, role_name
from pickwise.retrieval.people import NAME_TOKEN, fold_text, named_people
from pickwise.text import is_film, listed, plural

if TYPE_CHECKING:
    from pickwise.agent.app import Pickwise
    from pickwise.retrieval import Recommendation

__all__ = [
    "TurnPlan",
    "apply_understanding",
    "asks_for_mood",
    "audience_filter",
    "fits",
    "for_plan",
    "humanize",
    "plan_turn",
    "starts_topic",
    "storable_tastes",
    "storable_where",
    "stored_tastes",
    "stored_where",
    "taste_filter",
]

RETRIEVING = {"recommend", "more_like", "something_else", "not_that"}


@dataclass(frozen=True)
class TurnPlan:
    """What this turn does."""

    message: str
    intent: str = "recommend"
    query: str = ""
    seeds: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    retrieve: bool = True
    summary: str = ""
    changes: tuple[str, ...] = ()
    #: The user's words for what they want now (shown), while ``query`` is what is retrieved.
    wish: str = ""
    #: Hard filters for this request only (a person asked for), beside the profile's.
    where: tuple[Constraint, ...] = ()
    #: Items this message talks about (named or pointed at), the disliked ones left out.
    named: tuple[str, ...] = ()
    #: This message starts a new topic ("what's the best film about space?" after a thriller
    #: was asked for): retrieval reads the thread from here on.
    fresh: bool = False
    #: What to stay away from in this topic, in words ("gory"): pushed down in retrieval.
    avoid: tuple[str, ...] = ()
    #: What is asked for in the user's words (the aspects, ``wish`` without the filters).
    asked: str = ""
    #: The fact a question about an item asks for ("director", "runtime"...; see
    #: :attr:`Understanding.asks`).
    asks: str = ""
    #: The genres or languages a yes-or-no question names (:attr:`Understanding.checks`).
    checks: tuple[tuple[str, str], ...] = ()
    #: How many picks the message asks for ("just pick one"), else the configured number.
    count: int | None = None
    #: The quality a question comparing the picks asks about (:attr:`Understanding.which`).
    which: str = ""
    #: Titles the user named that the catalog lacks (:attr:`Understanding.unknown`).
    unknown: tuple[str, ...] = ()
    #: Kinds to mix in the picks ("she likes rom-coms, I like sci-fi"; :class:`Taste`), kept
    #: by the request's follow-ups.
    tastes: tuple[Taste, ...] = ()
    #: People asked for whom the catalog does not know (:attr:`Understanding.unknown_people`).
    unknown_people: tuple[tuple[str, str], ...] = ()
    #: The message finds fault with the picks shown (:attr:`Understanding.complaint`).
    complaint: bool = False
    #: A pick described that none of the last picks fits (:attr:`Understanding.unmatched`).
    unmatched: str = ""
    #: The last picks a description fits alike (:attr:`Understanding.several`).
    several: tuple[str, ...] = ()
    #: The people asked for, in words ("by Bong Joon-ho"), when nothing new of theirs fitted
    #: and the request was widened to the items closest to theirs (the seeds).
    dropped: tuple[str, ...] = ()
    #: With ``dropped``: items of theirs not yet seen, liked nor shown that the request's other
    #: filters leave out (so loosening those finds more of their work).
    elsewhere: bool = False
    #: Sequels said that the catalog lacks (:attr:`Understanding.missing`).
    missing: tuple[tuple[str, str], ...] = ()
    #: The people the message names and nothing else ("I love Audrey Hepburn"), as filters:
    #: their items come first, then those closest to theirs (not a search for the words).
    people_only: tuple[Constraint, ...] = ()
    #: The message narrows the request: a filter other than a person, or words to avoid ("no
    #: war movies"), not only likes or titles seen.
    narrows: bool = False
    #: The profile's constraints that still hold, in words, on the first turn of a thread that
    #: retrieves ("up to 90 minutes"): said, since the user may not remember them.
    kept: tuple[str, ...] = ()
    #: How a kind one person wants and another refuses was settled, said after the summary
    #: (:attr:`Understanding.settled`).
    settled: str = ""
    #: "newer" or "older", when the message narrowed the years asked for before against the
    #: films shown ("newer" after "action films from 2020 on"): when nothing new fits, the
    #: reply says those shown are the newest (or oldest) that do.
    compared: str = ""
    #: The place of a pick asked about past the end of the last picks
    #: (:attr:`Understanding.out_of_range`).
    out_of_range: int = 0
    #: The picks asked about by "what did you recommend me last time?" (the thread's last ones,
    #: else those of the user's latest other conversation), or said back to a user greeting
    #: again ("hi, it's me again"); ``recalled_here``: they are this thread's.
    recalled: tuple[str, ...] = ()
    recalled_here: bool = False
    #: The first pick of the user's latest other conversation, taken for "the one you suggested
    #: yesterday" (or "what did I pick?") since they took no pick up: the reply says so.
    guessed: str = ""
    #: Those of ``unknown`` said as seen (:attr:`Understanding.unknown_seen`).
    unknown_seen: tuple[str, ...] = ()
    #: What this turn asked for, to take back if the next says "forget that" (kept in the
    #: thread as ``last_request``; see :mod:`pickwise.agent.forget`): None keeps the one kept,
    #: {} forgets it.
    request: Mapping[str, Any] | None = None
    #: The thread's request as it was before the one "forget that" took back.
    restored: Mapping[str, Any] = field(default_factory=dict)
    #: What is asked for that the catalog cannot give (:attr:`Understanding.lacking`).
    lacking: tuple[tuple[str, str], ...] = ()
    #: The fields of the profile's constraints that this catalog does not have (a profile is
    #: shared by the catalogs of a home: "duration<=30" set on another one), left out of
    #: retrieval and said once a thread.
    not_here: tuple[str, ...] = ()
    #: The message is in another language (:attr:`Understanding.foreign`).
    foreign: bool = False
    #: The message only narrows the request going on by a filter ("only from the 90s", "just
    #: the ones under 2 hours"): the last picks that still fit are kept, and said to be.
    keeps_fitting: bool = False
    #: Who the request is for when not the user ("your son"; :mod:`pickwise.agent.someone`),
    #: and the items said liked by them in this thread (seeds, never saved to the profile).
    for_whom: str = ""
    their_likes: tuple[str, ...] = ()
    #: The people of the catalog they like, as (field, value): "she loves Denis Villeneuve".
    their_people: tuple[tuple[str, str], ...] = ()
    #: How many items of :attr:`people_only` fit, when none is new (all shown in the thread,
    #: or liked, disliked or seen: ``people_shown`` says whether all were shown): the picks
    #: are only the closest to theirs, and the reply says why.
    people_known: int = 0
    people_shown: bool = False


def humanize(
    c: Constraint, names: Mapping[str, str] | None = None, roles: Mapping[str, str] | None = None
) -> str:
    """A constraint in words: ``year>=1990`` -> ``year from 1990``; ``names`` gives people's
    names as the catalog writes them (``directors=denis villeneuve`` -> ``by Denis Villeneuve``),
    ``roles`` the roles a catalog spec gives fields (``duration_min<=30`` -> ``up to 30
    minutes``)."""
    if isinstance(c, Range):
        return _range_words(c, role_name(c.field, roles))
    if c.field.lower() in LANGUAGE_FIELDS:  # "in French", "not in English"
        spoken = " or ".join(sorted(v.title() for v in c.values))
        return f"not in {spoken}" if isinstance(c, NoneOf) else f"in {spoken}"
    if c.field.lower() in COUNTRY_FIELDS:  # "nothing from the United States", "from Japan"
        places = region_of(c.values) or listed(sorted(_place(v) for v in c.values), "or")
        return f"nothing from {places}" if isinstance(c, NoneOf) else f"from {places}"
    if names and all(v in names for v in c.values):
        people = " or ".join(sorted(names[v] for v in c.values))
        if isinstance(c, NoneOf):
            return f"nothing with {people}"
        return f"{'by' if c.field.lower().startswith(DIRECTOR_FIELDS) else 'with'} {people}"
    values = " or ".join(sorted(c.values))
    if c.field.lower() in ("genre", "genres"):  # "only comedy", not "only comedy (genres)"
        return f"no {values}" if isinstance(c, NoneOf) else f"only {values}"
    return f"no {values}" if isinstance(c, NoneOf) else f"only {values} ({c.field})"


def _place(value: str) -> str:
    """A country as said in a sentence: "the United States", "Japan"."""
    return _with_the(" ".join(w if w in ("of", "and") else w.capitalize() for w in value.split()))


def _with_the(said: str) -> str:
    """A country's name as said after "from": "the United Kingdom", "the Netherlands", "Iran"."""
    plural = said.startswith("United ") or said.endswith(("lands", "pines", "Republic"))
    return f"the {said}" if plural else said


def _range_words(c: Range, named: str) -> str:
    """ "year from 1990", "year 1990-1999"; a runtime in minutes ("up to 100 minutes");
    ``named``: the name the field is read by (:func:`role_name`)."""

    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x)

    minutes = named in RUNTIME_FIELDS
    group = _group_words(c)
    if group:
        return group
    decade = c.min is not None and c.max == c.min + 9 and c.min % 10 == 0
    if named in YEAR_FIELDS and decade and c.min is not None:
        return f"from the {num(c.min)}s"  # it said "year 1930-1939"
    if named in YEAR_FIELDS and c.min is not None and c.min == c.max:
        return f"from {num(c.min)}"  # it said "year 1950-1950"
    if named in YEAR_FIELDS and (c.min is None) != (c.max is None):
        if c.min is not None:  # "from 2016 on", "after 1990"
            return f"after {num(c.min)}" if c.min_strict else f"from {num(c.min)} on"
        assert c.max is not None
        return f"{'before' if c.max_strict else 'up to'} {num(c.max)}"
    year = named in YEAR_FIELDS
    lead, unit = ("", " minutes") if minutes else (f"{c.field.replace('_', ' ')} ", "")
    # a year is after or from one; any other number ("pages under 300") over or at least one
    above = ("after", "from") if year else ("over", "at least")
    below = ("below", "up to") if year else ("under", "up to")
    if c.min is not None and c.max is not None:
        return f"{lead}{num(c.min)}-{num(c.max)}{unit}"
    if c.min is not None:
        return f"{lead}{above[0] if c.min_strict else above[1]} {num(c.min)}{unit}"
    if c.max is not None:
        return f"{lead}{below[0] if c.max_strict else below[1]} {num(c.max)}{unit}"
    return c.field


def _group_words(c: Range) -> str:
    """A group size's bound in words, "for 2 players" (said by each field of the pair: the
    maximum of the minimum, the minimum of the maximum); "" for any other range."""
    name = c.field.lower()
    lows = {low for low, _ in GROUP_SIZE_FIELDS}
    highs = {high for _, high in GROUP_SIZE_FIELDS}
    size = c.max if name in lows and c.min is None else None
    size = c.min if name in highs and c.max is None else size
    if size is None:
        return ""
    who = "players" if "player" in name else "people"
    return f"for {int(size) if float(size).is_integer() else size} {who}"


#: A span of years at most this long is lifted as a whole when one of its bounds is.
_SPAN_YEARS = 10


def _span_of_years(p: Profile, r: Relax) -> Range | None:
    """The profile's short span of years ("from the 1990s") that lifting one bound lifts as a
    whole: "I'd be fine with older films" after a decade means any year, not up to its end."""
    if r.bound is None or r.field.lower() not in YEAR_FIELDS:
        return None
    return next(
        (
            c
            for c in p.constraints
            if isinstance(c, Range)
            and c.field == r.field
            and c.min is not None
            and c.max is not None
            and c.max - c.min < _SPAN_YEARS
        ),
        None,
    )


def _relax(p: Profile, r: Relax) -> bool:
    if r.bound is None:
        return p.allow(r.field, r.value)
    changed = False
    kept: list[Constraint] = []
    for c in p.constraints:
        if isinstance(c, Range) and c.field == r.field:
            lo = None if r.bound == "min" else c.min
            hi = None if r.bound == "max" else c.max
            changed = True
            if lo is not None or hi is not None:
                kept.append(Range(c.field, lo, hi, c.min_strict, c.max_strict))
        else:
            kept.append(c)
    p.constraints = kept
    return changed


def apply_understanding(
    u: Understanding,
    titles: Callable[[str], str],
    names: Mapping[str, str] | None = None,
    vocab: Vocabulary | None = None,
    noun: str = "film",
    whose: str = "",
) -> tuple[Callable[[Profile], None], list[str]]:
    """A profile change for one message, and the list of changes in words (filled on apply).

    With the catalog's ``vocab``, a place asked for is said as one: "films from Mexico" (``noun``:
    what the catalog's items are called, "recipes from Mexico"). ``whose``: who the request is
    for when not the user ("your mom"): what is asked for is theirs, said so and not kept."""
    changes: list[str] = []

    def change(p: Profile) -> None:
        changes.clear()
        if u.intent == "reset_profile":
            p.clear()
            changes.append("I have forgotten your profile")
            return
        if u.intent == "remove":
            for item_id in dict.fromkeys((*u.liked, *u.disliked, *u.mentioned, *u.refs)):
                # "forget that I've seen it" forgets the seen only (a like stays)
                for kind in (u.untold,) if u.untold else ("liked", "disliked", "seen"):
                    if getattr(p, kind).pop(item_id, None) is not None:
                        said = "have seen" if kind == "seen" else kind  # not "you seen"
                        changes.append(f"forgot that you {said} {titles(item_id)}")
            for field_name, value in u.people:
                # "forget Denis Villeneuve": the liking, else the refusal ("nothing with him")
                name = p.liked_people.pop(person_key(field_name, value), None)
                if name is not None:
                    changes.append(f"forgot that you like {name}")
                elif p.unrefuse(field_name, value):
                    said = (names or {}).get(value, value)
                    changes.append(f"forgot that you'd rather avoid {said}")
        for field_name, value in u.liked_people:
            name = (names or {}).get(value, value)
            if person_key(field_name, value) not in p.liked_people:
                changes.append(f"you like {name}")
            p.like_person(field_name, value, name)
        for item_id in u.liked:
            if item_id not in p.liked and u.intent != "remove":
                changes.append(f"you liked {titles(item_id)}")
            p.like(item_id, titles(item_id))
        for item_id in u.disliked:
            if item_id not in p.disliked and u.intent != "remove":
                changes.append(f"you disliked {titles(item_id)}")
            p.dislike(item_id, titles(item_id))
        for item_id in u.neutral:  # "I didn't hate it after all": neither, any more
            for kind in ("liked", "disliked"):
                if getattr(p, kind).pop(item_id, None) is not None:
                    changes.append(f"you no longer {kind[:-1]} {titles(item_id)}")
        for item_id in u.accepted:  # "I'll watch the second one": remembered, said no more
            p.choose(item_id, titles(item_id))
        seen = (*u.seen, *(u.refs if u.intent == "not_that" else ()))
        for item_id in seen:
            # "I didn't like Psycho" after a list turns it down too: the dislike says so (it
            # said "you disliked Psycho; you would rather not watch Psycho")
            disliked_now = item_id in u.disliked and item_id not in u.seen
            if item_id not in p.seen and not disliked_now:
                # "not that one" turns a pick down; it says nothing of having seen it
                said = (
                    "have seen"
                    if item_id in u.seen
                    else ("would rather not watch" if is_film(noun) else "would rather skip")
                )
                changes.append(f"you {said} {titles(item_id)}")
            p.mark_seen(item_id, titles(item_id))
        for r in u.drop_constraints:
            span = _span_of_years(p, r)
            if span is not None and p.allow(r.field):
                # "fine with older films" after "only the 90s": any year, not "up to 1999"
                said = humanize(span, names, vocab.roles if vocab else None)
                changes.append(f"any year is fine again (no longer only {said})")
            elif _relax(p, r):
                what = r.value or (
                    f"{r.field} {'lower' if r.bound == 'min' else 'upper'} limit"
                    if r.bound
                    else _ANY_FIELD.get(r.field.lower(), r.field)
                )
                if r.value and r.field.lower() in COUNTRY_FIELDS:
                    what = _place(r.value)  # "the United States is fine again"
                elif r.value and names:
                    what = names.get(r.value, r.value)  # "Charlie Chaplin is fine again"
                changes.append(f"{what} is fine again")
        for c in u.add_constraints:
            p.add_constraint(c)
            said = humanize(c, names, vocab.roles if vocab else None)
            if said not in changes:  # a group size's two bounds: "for 2 players"
                changes.append(said)
        # a place asked for anew ("what about something korean" after "he doesn't like
        # subtitles", "from japan" after "in korean") overrides the one the profile holds:
        # both together leave nothing
        for c in _places_overridden(p, u, vocab):
            p.constraints.remove(c)
            changes.append(f"no longer only {humanize(c, names)}")
        # "I don't like horror anymore": no longer looking for it; "forget that I like
        # horror": forgotten (the wish stayed in the profile beside the refusal)
        turned = refused_kinds(u)
        dropped = [a for a in p.aspects if not refused(a) and names_kind(a, turned, vocab)]
        p.aspects = [a for a in p.aspects if a not in dropped]
        if dropped and u.intent == "remove":
            changes.append(f"forgot that you want {listed(dropped)}")
        wanted: list[str] = []
        avoiding: list[str] = []
        if vocab is not None and _asks_place(u, vocab):
            # one place at a time: "mexico", then "bollywood", kept both in "Looking for"
            p.aspects = [a for a in p.aspects if refused(a) or not _is_place(a, vocab)]
        for aspect in u.aspects:
            if aspect.lower() in RELATIVE:  # "but shorter": than that film, not a taste
                continue
            # "date night", "I'm sad" (feel-good), "christmas": tonight's, not a lasting taste
            if aspect.lower() in OCCASION_MOODS or aspect in u.momentary or names_holiday(aspect):
                wanted.append(aspect)
                continue
            if whose or aspect.lower() not in {a.lower() for a in p.aspects}:
                avoid = avoided([aspect])
                (avoiding if avoid else wanted).append(avoid[0] if avoid else aspect)
            if not whose:  # "for my mom, she loves musicals": hers, not the user's
                p.add_aspect(aspect)
        # "Noted: you want rom-coms and sci-fi", not "you want rom-coms; you want sci-fi";
        # who watches is no wish: "it's for kids", not "you want kids"
        audience = [w for w in wanted if w.lower() in AUDIENCE]
        wanted = [w for w in wanted if w not in audience]
        if audience:
            changes.append("it's for the family" if "family" in audience[0] else "it's for kids")
        if wanted:
            said = listed([as_said(w, vocab, noun) for w in wanted])
            changes.append(said_by(whose, "want", said) if whose else f"you want {said}")
        if avoiding:
            # "less american": films from the United States, as a wish for a place is said
            changes.append(
                f"you'd rather avoid {listed([as_said(a, vocab, noun) for a in avoiding])}"
            )

    return change, changes


#: Mood words a sentence embedding reads poorly on their own, spelled out for retrieval.
MOODS = {
    "lighter": "light-hearted, funny, warm and uplifting",
    "light": "light-hearted, funny, warm and uplifting",
    "light-hearted": "light-hearted, funny, warm and uplifting",
    "feel-good": "uplifting, warm, funny and hopeful",
    "feel good": "uplifting, warm, funny and hopeful",
    "feelgood": "uplifting, warm, funny and hopeful",
    "funnier": "funny, comic and light-hearted",
    "scarier": "frightening, terrifying horror",
    "sadder": "sad, moving and tragic",
    "happier": "uplifting, hopeful and inspiring",
    "fun": "fun, funny and entertaining",
    "darker": "dark, bleak, tense and disturbing",
    "dark": "dark, bleak, tense and disturbing",
    "scary": "frightening, terrifying horror",
    "spooky": "eerie, creepy, unsettling and mysterious horror",
    "creepy": "eerie, creepy, unsettling and mysterious horror",
    "sad": "sad, moving and tragic",
    "romantic": "romantic love story",
    "slow-burn": "slow-burning, patient and quietly tense",
    "mind-bending": "mind-bending, twisty and surreal",
    "thought-provoking": "thoughtful, philosophical and thought-provoking",
    "uplifting": "uplifting, hopeful and inspiring",
    "action-packed": "action-packed, thrilling fights and chases",
    # "cozy" alone, or "cozy, warm, gentle", found Cold War and Winter Sleep (MiniLM reads
    # winter and cold into it): spelled out by what cozy films are
    "cozy": "warm, gentle, funny and comforting family comedy",
    "cosy": "warm, gentle, funny and comforting family comedy",
    "comforting": "warm, gentle, funny and comforting family comedy",
    "heartwarming": "gentle, warm, sweet and funny",
    # "too dark, something warmer" brought Waltz with Bashir and The Day After Tomorrow
    "warmer": "gentle, warm, sweet and funny",
    "warm": "gentle, warm, sweet and funny",
    "wholesome": "wholesome, warm, gentle and family-friendly",
    "chill": "light-hearted, funny, warm and uplifting",
    "relaxing": "light-hearted, funny, warm and uplifting",
    "intense": "intense, gripping, tense and suspenseful",
    "calm": "calm, gentle, peaceful and soothing",
    "down-to-earth": "realistic, naturalistic and unpretentious slice-of-life drama",
    "quirky": "quirky, offbeat, whimsical and eccentric",
    # "funny but smart" brought Dumb and Dumber first: the word alone sits near its opposite
    "smart": "clever, sharp-minded and intelligent, with brilliant dialogue",
    "clever": "clever, sharp-minded and intelligent, with brilliant dialogue",
    "weird": "strange, surreal, bizarre and offbeat",
    "tearjerker": "sad, moving and tragic",
    # "something with a twist ending" brought Twister first (the word, in its title)
    "twist ending": "a surprising mystery thriller with a shocking final reveal",
    "plot twist": "a surprising mystery thriller with a shocking final reveal",
    # "a tearjerker but with a happy ending" brought Se7en and Dog Day Afternoon ("ending")
    "happy ending": "heartwarming, hopeful and uplifting",
    "date night": "romantic, charming, witty and fun",
    # occasions and slang, read as these moods (cues.OCCASIONS)
    "light and easy to follow": "light-hearted, funny, warm and easy to follow",
    "a good cry": "sad, moving and tragic",
    "exciting": "exciting, thrilling, fun and fast-paced",
    "crowd-pleaser": "a fun, entertaining and uplifting crowd-pleaser, funny and exciting",
    # "found family" found Hereditary and Knives Out ("found"): the theme in other words
    "found family": "a makeshift family of outsiders who take each other in",
    "chosen family": "a makeshift family of outsiders who take each other in",
}


_MOOD_TEXTS = frozenset(MOODS.values())
#: Holidays a sentence embedding reads poorly on their own, spelled out for retrieval: "a good
#: halloween movie" brought A Christmas Story and The Celebration (holidays and parties). The
#: holiday stays a holiday (``cues.HOLIDAYS``), not a mood.
HOLIDAY_TEXTS = {
    "halloween": "Halloween: spooky fun with witches, ghosts, monsters and haunted houses",
}

_DARK_MOODS = ("darker", "dark", "sadder", "sad", "scarier", "scary", "intense", "tearjerker")
_LIGHT_MOODS = (
    *("lighter", "light", "light-hearted", "feel-good", "feel good", "feelgood", "funnier"),
    *("happier", "fun", "cozy", "cosy", "comforting", "heartwarming", "wholesome", "chill"),
    *("relaxing", "uplifting", "warmer", "warm", "calm", "happy ending"),
)
#: Kinds a mood rules out unless they are asked for: a comedy is no "darker" film, a horror no
#: "lighter" one ("nah, something darker" brought Monty Python and the Holy Grail first).
MOOD_CONTRARY: dict[str, frozenset[str]] = {
    **dict.fromkeys(_DARK_MOODS, frozenset({"comedy", "family", "animation", "musical"})),
    **dict.fromkeys(_LIGHT_MOODS, frozenset({"horror", "war"})),
}


def ruled_out_by_mood(plan: TurnPlan, agent: Pickwise) -> frozenset[str]:
    """The kinds the mood the request asks for rules out (horror and war for "something to fall
    asleep to"), less those the request names ("a darker comedy" is one) and those of the film a
    "more like" turn is like ("like Get Out but funnier" wants horror comedies)."""
    moods = [w.strip().lower() for w in plan.wish.split(", ") if w.strip().lower() in MOODS]
    if not moods:
        return frozenset()
    asked = {v.lower() for t in plan.tastes for _, v in t.genres}
    seeds = plan.seeds if plan.intent == "more_like" else ()
    asked |= set().union(*(kinds_of(agent.catalog.get(i)) for i in seeds))
    return MOOD_CONTRARY.get(moods[-1], frozenset()) - asked


def against_mood(item: Item, plan: TurnPlan, agent: Pickwise) -> bool:
    """Whether an item is of a kind the mood the request asks for rules out (a comedy for
    "something darker"): :func:`ruled_out_by_mood`."""
    ruled = ruled_out_by_mood(plan, agent)
    return bool(ruled) and bool(kinds_of(item) & ruled)


def kinds_of(item: Item) -> set[str]:
    """An item's genres (the values of its genre-like fields), lower-cased."""
    return {
        str(v).lower()
        for f in item.metadata
        if f.lower() in GENRE_FIELD_NAMES
        for v in item.values(f)
    }


def of_the_seed_first(
    plan: TurnPlan, found: list[Recommendation], agent: Pickwise
) -> list[Recommendation]:
    """ "Like Interstellar but funnier": the candidates that share a kind with the film it is
    like come first, in their order (it brought Dumb and Dumber first, a comedy like nothing in
    Interstellar; The Martian was fifth). Only for a mood with a seed and no kind asked for."""
    if plan.intent != "more_like" or not plan.seeds or plan.tastes or not asks_for_mood(plan.query):
        return found
    kinds = set().union(*(kinds_of(agent.catalog.get(i)) for i in plan.seeds))
    same = [r for r in found if kinds_of(r.item) & kinds]
    ids = {r.item.id for r in same}
    return [*same, *(r for r in found if r.item.id not in ids)]


def asks_for_mood(query: str) -> bool:
    """Whether a retrieval query asks for a mood: it holds a mood spelled out by
    :func:`retrieval_text` ("something lighter" -> "light-hearted, funny, warm and uplifting")."""
    return any(text in query for text in _MOOD_TEXTS)


#: Request parts that say who watches: a change of mood keeps them.
AUDIENCE = frozenset({"kids", "family", "family-friendly", "for kids", "children", "for the kids"})
#: Request parts that say what form the films take, not their tone: a change of mood keeps them.
FORMS = frozenset(
    {"anime", "animation", "animated", "cartoons", "cartoon", "documentary", "documentaries"}
)


def _a_form(taste: Taste) -> bool:
    """Whether a kind asked for is a form ("anime": animation), which a mood does not change."""
    return bool(taste.genres) and all(v.lower() in FORMS for _, v in taste.genres)


#: What a topic avoids, at most (the latest kept).
MAX_AVOID = 5
#: A request built up by refinements keeps this many parts (the latest).
MAX_QUERY_PARTS = 4


def joined(earlier: str, now: str, sep: str) -> str:
    """``now`` added to ``earlier`` (parts split by ``sep``), each part once, the latest kept."""
    parts = [p.strip() for p in (*earlier.split(sep), *now.split(sep)) if p.strip()]
    unique = list(reversed(dict.fromkeys(reversed(parts))))  # a repeated part counts as latest
    # who it is for stays however long the request grows ("kids", then four refinements)
    audience = [p for p in unique if p in AUDIENCE]
    rest = [p for p in unique if p not in AUDIENCE]
    keep = max(MAX_QUERY_PARTS - len(audience), 1)
    return sep.join([*audience, *rest[max(len(rest) - keep, 0) :]])


_HOLIDAY = re.compile("|".join(f"(?:{pattern})" for _, pattern in HOLIDAYS), re.IGNORECASE)


def names_holiday(text: str) -> bool:
    """Whether a part of a request names a holiday the film is for ("christmas", "halloween")."""
    return not refused(text) and bool(_HOLIDAY.search(text))


def _without_holidays(text: str, sep: str, drop: bool = True) -> str:
    """``text`` without the parts that name a holiday (when ``drop``)."""
    if not drop:
        return text
    return sep.join(p for p in text.split(sep) if p.strip() and not names_holiday(p))


def retrieval_text(aspects: Sequence[str]) -> str:
    """The aspects as query text, with mood words spelled out."""
    out = []
    for aspect in aspects:
        words = aspect.lower().replace("something ", "").strip()
        out.append(MOODS.get(words) or HOLIDAY_TEXTS.get(words, aspect))
    return "; ".join(out)


def _untold(u: Understanding, p: Profile, talked: set[str]) -> Understanding:
    """An opinion taken back settled against the profile: "forget that I've seen it" right
    after "seen it" is about the film said seen, not the pick "it" points at now (it marked
    that pick seen). "I haven't seen it" with no such film says nothing to take back.
    ``talked``: the titles shown or talked about in this thread."""
    held = getattr(p, u.untold)
    named = [i for i in (*u.mentioned, *u.refs) if i in held]
    if not named and not u.mentioned:  # the latest title said so of in this thread
        named = [i for i in reversed(held) if i in talked][:1]
    if named:
        return replace(
            u, intent="remove", refs=tuple(named), mentioned=(), liked=(), disliked=(), seen=()
        )
    if u.intent == "remove":  # nothing to take back, and nothing to note either
        return replace(u, refs=(), mentioned=(), liked=(), disliked=(), seen=(), neutral=())
    return replace(u, untold="")


def plan_turn(message: str, state: Any, agent: Pickwise) -> tuple[TurnPlan, Profile]:
    """Read the message, update the profile, and plan the rest of the turn."""
    last_picks: Sequence[str] = state.get("last_picks", [])
    focus = state.get("focus") or None
    asked = state.get("last_asks", "")
    # "the one you suggested yesterday": the pick the user took up then, read as its title
    # ("loved it, more like that" liked it and asked for more like it; it brought a list)
    text, back_then = message, None
    pointed_back = re.search(EARLIER_CHOICE, message, re.IGNORECASE)
    if pointed_back:
        back_then = agent.earlier_choice(state["user_id"], state.get("thread_key", ""))
    if pointed_back and back_then:
        title = agent.catalog.get(back_then[0]).title
        text = f"{message[: pointed_back.start()]}{title}{message[pointed_back.end() :]}"
    talked = state.get("talked") or None
    u = understand(text, agent.titles, agent.vocabulary, last_picks, focus, asked, talked)
    if agent.config.llm_extraction and agent.llm is not None:
        from pickwise.agent.extraction import merge_llm_understanding

        u = merge_llm_understanding(u, message, agent)
    if off_domain(u, message, agent.config.noun):
        u = Understanding(intent="off_topic")  # nothing of it is stored, as for "tv series"
    if u.untold:
        said_of = [m[1] for m in (state.get("last_request") or {}).get("marked", ())]
        talked = {*state.get("shown", ()), *state.get("mentioned", ()), *said_of}
        u = _untold(u, agent.profiles.get(state["user_id"]), talked)
    if _goes_on_liking(message, u, state):
        # "I liked Tenet and Dune 1 too", then "and Spirited away, Totoro": liked as well (they
        # were only talked about)
        u = replace(u, liked=u.mentioned, mentioned=())
    if u.intent == "more_like" and u.add_constraints:
        # "like The Matrix but in Japanese / from the 80s": about this request, not every later
        # one (its follow-ups keep it, as they keep a person asked for)
        u = replace(
            u, turn_constraints=(*u.turn_constraints, *u.add_constraints), add_constraints=()
        )
    spans = [c for c in u.add_constraints if _a_span_asked_for(c, message)]
    if spans:  # the profile is read only then (it is updated just below)
        held = {h.field for h in agent.profiles.get(state["user_id"]).constraints}
        spans = [c for c in spans if c.field not in held]
    if spans:
        # "something with great acting from the 90s": a span of years asked for in passing is
        # this request's, not a lasting taste (it blocked "korean films" in a later
        # conversation); "only films from the 80s" and "nothing before 1990" last, and a span
        # said when the profile holds years replaces them (the later word holds)
        u = replace(
            u,
            turn_constraints=(*u.turn_constraints, *spans),
            add_constraints=tuple(c for c in u.add_constraints if c not in spans),
        )
    # "something for my son", "for her": that person's request (:mod:`pickwise.agent.someone`)
    # (a question, "is it ok for my 7 year old?", asks about a pick: who it is for stays)
    who = (
        for_whom(message, state, bool(_FOR_BOTH.search(message)))
        if u.intent in RETRIEVING
        else state.get("for_whom", "")
    )
    switched = who != state.get("for_whom", "")  # a new person, or the user again: a new topic
    u, theirs, their_people = _liked_by_them(message, u, who, agent)
    their_likes = (*(() if switched else state.get("their_likes", ())), *theirs)
    # the people they like lift those people's items, which stay pickable (as seeds, Villeneuve
    # for a mom who loves him brought Blade Runner, never Arrival: seeds are not proposed)
    earlier_people = () if switched else tuple(tuple(p) for p in state.get("their_people", ()))
    their_people_now = tuple(dict.fromkeys((*earlier_people, *their_people)))
    names = agent.vocabulary.people_names
    change, changes = apply_understanding(
        u, lambda i: agent.catalog.get(i).title, names, agent.vocabulary, agent.config.noun, who
    )
    # "forget that": the last request taken back, in the profile and in the thread (the
    # request goes on as it was before it); "forget that" kept "lighter"
    taken_back: Mapping[str, Any] = (state.get("last_request") or {}) if u.forgets_last else {}
    if u.forgets_last:
        state = {**state, **taken_back.get("before", forget.request_state({}))}
    start: list[tuple[list[str], list[Constraint]]] = []  # the profile before this message
    marked: list[list[str]] = []  # the titles this message said seen, liked or disliked

    def apply(p: Profile) -> None:
        forget.take_back(taken_back, p)
        start[:] = [forget.held(p)]
        before = forget.marks(p)
        change(p)
        marked[:] = [m for m in forget.marks(p) if m not in before]

    profile = agent.profiles.update(state["user_id"], apply)
    changes[:0] = forget.forgotten(taken_back, lambda c: humanize(c, names))
    changes[:0] = [
        *(said_by(who, "like", agent.catalog.get(i).title) for i in theirs),
        *(said_by(who, "like", names.get(v, v)) for _, v in dict.fromkeys(their_people)),
    ]
    noted = "; ".join(changes)
    # "you have seen When Harry Met Sally...": no full stop after the title's own
    summary = ended(f"Noted: {noted}") if changes else ""
    if u.intent == "remove" and u.forgets_last and not taken_back:
        summary = "There is no earlier request in this conversation to forget."
    if u.intent == "remove" and u.untold and not changes:  # "forget that I've seen it" twice
        said = "have seen" if u.untold == "seen" else u.untold
        summary = f"I had not noted that you {said} it, so there is nothing to forget."
    if u.intent == "reset_profile":
        summary = "Done: I have forgotten your profile."
    # "forget the french thing, just something fun": it forgets that only; the filters and
    # what to avoid said before hold (the 100 minutes asked for were dropped)
    forgets = u.intent == "remove" and bool(u.query)
    if u.intent == "remove" and u.query:
        # "actually forget sci fi, a heist movie": forgotten (above), then a new request, which
        # the titles forgotten do not seed (it noted the change and brought nothing)
        u = replace(
            u,
            intent="recommend",
            liked=(),
            disliked=(),
            seen=(),
            mentioned=(),
            refs=(),
            new_request=True,
        )
    # "not too gory": pushed down, never searched for (an embedding of "not gory" finds gore)
    wants = [a for a in u.aspects if not refused(a)]
    avoid_now = avoided(u.aspects)
    # what is asked for, in the user's words (the aspects); a place as one ("films from Mexico")
    wish = ", ".join(as_said(w, agent.vocabulary, agent.config.noun) for w in wants)
    # the message's own words count too, unless they are about named titles (those are seeds)
    own_words = "" if (u.liked or u.disliked or u.mentioned) else u.query
    spelled = False
    for aspect in wants:  # a mood is searched as spelled out, not as said ("feel *good*")
        said = aspect.lower().replace("something ", "").strip()
        if said in MOODS:
            own_words = re.sub(rf"(?i)\b{re.escape(said)}\b", " ", own_words)
            spelled = True
    if spelled and not has_request_words(own_words):  # "something with a [happy ending]"
        own_words = ""
    if their_people:  # "something for my mom, she loves Denis Villeneuve": the rest is no wish
        for cue_of_theirs in _THEIRS_SAID:
            own_words = cue_of_theirs.sub(" ", own_words)
        own_words = own_words if has_request_words(own_words) else ""
    own_words = " ".join(own_words.split())
    if own_words.lower() in ("a", "an", "the", "some", "something"):
        own_words = ""
    # "anything a bit funnier": the hedge left beside the mood is no words to search
    hedge = rf"(?:(?:something|anything|some|an?|the)\s+)?(?:{HEDGE}\s*)?(?:more\s*)?"
    if re.fullmatch(hedge, own_words.lower()):
        own_words = ""
    query = "; ".join(p for p in (retrieval_text(wants), own_words) if p)
    seeds: tuple[str, ...] = ()
    refs = tuple(u.refs)
    # a pick taken up ("I'll watch it. Now I want...") names no title for the topic's sake
    pointed = [r for r in refs if r not in u.accepted]
    titled = bool(u.liked or u.disliked or u.seen or u.mentioned or pointed)
    # a kind named anew ("a sci-fi comedy" after "a comedy or a horror") starts a new topic:
    # the earlier kinds stop steering retrieval, unless the message builds on them ("also scary")
    genre_now = bool(u.tastes) or any(agent.vocabulary.names_genre(w) for w in wants)
    places = origin_fields(agent.vocabulary)
    # a place alone ("from japan" after "animation") narrows the kinds asked for: Japanese
    # animation (it replaced them, and brought Tokyo Story and Seven Samurai)
    only_place = (
        bool(u.tastes)
        and all(f in places for t in u.tastes for f, _ in t.genres)
        and not any(
            agent.vocabulary.names_genre(w) and not _is_place(w, agent.vocabulary) for w in wants
        )
    )
    new_kind = genre_now and not u.continuing and not only_place
    # so does a place named anew ("an Italian film", then "something from Mexico")
    place_now = any(c.field in places for c in u.turn_constraints) or any(
        f in places for t in u.tastes for f, _ in t.genres
    )
    place_before = any(c.field in places for c in stored_where(state.get("last_where", ()))) or any(
        f in places for t in stored_tastes(state.get("last_tastes", ())) for f, _ in t.genres
    )
    kinds_change = (
        (new_kind or (place_now and (place_before or not only_place)))
        and u.intent == "recommend"
        and not titled
        and (
            # after a mood too: "a war film again" after "something lighter" is no lighter war
            # film ("Looking for lighter, war...")
            bool(state.get("last_wish", ""))
            or agent.vocabulary.names_genre(state.get("last_wish", ""))
            or (place_now and place_before)
        )
    )
    # a title only seen on the way ("Kurosawa's samurai films, but not Seven Samurai, I've seen
    # it") is excluded, not followed: it does not keep the topic (the eras asked before stuck)
    followed = bool(u.liked or u.disliked or u.mentioned or pointed)
    fresh = starts_topic(u, query, followed) or kinds_change or switched
    # "more like the 2nd" (a pick of this request, not a title of its own) goes on asking what
    # the request asked: "scary", then "more like that", brought Dead Poets Society
    like_a_pick = (
        u.intent == "more_like"
        and not fresh
        and bool(refs)
        and not u.mentioned
        and set(refs) <= {*last_picks, *([focus] if focus else [])}
    )
    earlier_kinds = (
        stored_tastes(state.get("last_tastes", ()))
        if not fresh and (u.intent != "more_like" or like_a_pick)
        else ()
    )
    tastes = kinds_for(u, genre_now, earlier_kinds)
    if len(tastes) == 2 and _FOR_BOTH.search(message):
        # "something for both of us" after "she likes horror and I like comedy": one of each
        # kind at once comes first (it mixed horror films and comedies)
        a, b = tastes
        joined_genres = tuple(dict.fromkeys((*a.genres, *b.genres)))
        tastes = (Taste(f"{a.label} {b.label}", joined_genres, parts=(a, b)),)
    elif len(tastes) == 1 and _FOR_BOTH.search(message):
        # "something we'd both like" after "she loves Amélie, I'm into thrillers": thrillers
        # of her kinds too (it brought horror thrillers, of the last kind said only)
        topic = (*u.liked, *state.get("last_seeds", ()), *state.get("topic_mentioned", ()))
        # hers, said while asking for her ("for my wife, she loves Amélie"), count as well
        liked = {*profile.liked, *state.get("their_likes", ())}
        tastes = blended(tastes[0], [i for i in dict.fromkeys(topic) if i in liked], agent)
    if only_place and not fresh and earlier_kinds and u.intent == "recommend":
        tastes = tuple(
            Taste(f"{t.label} {p.label}", tuple(dict.fromkeys((*t.genres, *p.genres))), t.count)
            for t in earlier_kinds
            for p in u.tastes[:1]
        )
    # a refinement ("with a twist ending" after "a tense thriller") adds to the request; a mood
    # ("something lighter") changes its tone, so it replaces it, but "also scary" adds a kind
    refining = u.intent == "recommend" and query and not fresh and not titled
    if refining and (not asks_for_mood(query) or (u.continuing and genre_now)):
        # a holiday named anew replaces the request's earlier one, as a mood does: "a christmas
        # movie", then "what about halloween?" (it went on "Looking for christmas...")
        holiday = any(names_holiday(w) for w in wants)
        query = joined(_without_holidays(state.get("last_query", ""), "; ", holiday), query, "; ")
        wish = joined(_without_holidays(state.get("last_wish", ""), ", ", holiday), wish, ", ")
    elif refining or (kinds_change and len(u.tastes) < 2):  # who it is for stays ("kids")
        # so does the form asked for: "anime", then "something darker" is dark anime (it
        # brought Finding Nemo and The Babadook)
        stays = AUDIENCE if kinds_change else AUDIENCE | FORMS
        # and the holiday it is for: "a christmas movie", then "something funny" is a funny
        # christmas film
        audience = [
            p
            for p in state.get("last_query", "").split("; ")
            if p.strip() in stays or names_holiday(p)
        ]
        query = joined("; ".join(audience), query, "; ")
        wish = joined(", ".join(a.strip() for a in audience), wish, ", ")
        if len(tastes) == 1 and not genre_now and _a_place(tastes[0], places) and refining:
            # and the place: "something european from the 70s", then "something darker" is a
            # darker European film (it brought The Exorcist and Star Wars)
            wish = joined(as_said(tastes[0].label, agent.vocabulary, agent.config.noun), wish, ", ")
        elif len(tastes) == 1 and not genre_now and not _a_form(tastes[0]):
            tastes = ()  # "a thriller", then "something lighter"
    # what to avoid holds for the rest of the topic ("not too gory", then "something else")
    # (a kind named anew keeps them: "a thriller, nothing gory", then "a horror instead")
    keeps = kinds_change or forgets
    earlier = () if fresh and not keeps else tuple(state.get("last_avoid", ()))
    avoid = tuple(dict.fromkeys((*earlier, *avoid_now)))[-MAX_AVOID:]
    bounds: tuple[Constraint, ...] = ()
    stated_spans = (*u.add_constraints, *u.turn_constraints)
    if u.intent == "more_like":
        seeds = refs or tuple(u.mentioned) or tuple(u.liked)
        # "like Inception but shorter": shorter than Inception, not a film about shortness
        bounds, wants = relative_bounds(wants, seeds, agent, said=stated_spans)
        query = retrieval_text(wants)
        if like_a_pick:
            query = joined(state.get("last_query", ""), query, "; ")
            wish = joined(state.get("last_wish", ""), wish, ", ")
        # the bound is shown as one ("something under 148 minutes"), not as a wish "shorter"
        wish = ", ".join(w for w in wish.split(", ") if w.lower() not in RELATIVE)
    elif any(a.lower() in RELATIVE for a in wants):
        # "something older" after a list: older than those picks (their median year); before
        # any list, than the catalog's middle ("older stuff" brought Oldboy and Up)
        # "something shorter than Titanic" (or "than the second one"): than that film (it was
        # read against the list's median, "under 112 minutes" for Titanic's 195)
        than = _than(message, (*u.mentioned, *refs))
        against = than or tuple(last_picks) or tuple(i.id for i in agent.catalog.items())
        bounds, wants = relative_bounds(wants, against, agent, not than, stated_spans)
        # the words beside the comparative still count: "classic noir from the 40s" searched
        # nothing (only "classic" was read, as older)
        beside = own_words
        for word in RELATIVE:
            beside = re.sub(rf"(?i)\b{re.escape(word)}\b", " ", beside)
        beside = " ".join(beside.split()) if has_request_words(beside) else ""
        parts = [p for p in (retrieval_text(wants), beside) if p]
        query = "; ".join(parts) or state.get("last_query", "")
        wish = ", ".join(w for w in wants) or state.get("last_wish", "")
    asks_anew = kinds_change and place_now  # "an Italian film": no earlier words go on
    turned = refused_kinds(u)  # "I don't like horror anymore": the request stops asking for it
    if genre_now:  # "less comedy, more drama" after comedies: it stops asking for comedies too
        turned |= demoted_kinds(avoid_now, wants, agent.vocabulary)
    else:  # "something scary", then "I scare easily though": the word asked for is taken back
        # ("Looking for scary (avoiding: scary)..."); "a horror film", then "not too scary" is
        # still horror
        asked_before = {w.strip().lower() for w in state.get("last_wish", "").split(", ")}
        taken = [a for a in avoid_now if a.lower() in asked_before]
        turned |= demoted_kinds(taken, wants, agent.vocabulary)
    # "actually scratch the sci-fi" takes a kind out of the request going on: it goes on without
    # it (it only forgot, and the next turn still asked for sci-fi)
    reworks = (
        u.intent == "remove"
        and bool(turned)
        and bool(last_picks)
        and any(
            names_kind(w, turned, agent.vocabulary) for w in state.get("last_wish", "").split(", ")
        )
    ) or (
        # "something lighter" after "a thriller", then "forget that": the thriller again
        u.intent == "remove"
        and bool(taken_back)
        and bool(last_picks)
        and any(state.get(k) for k in ("last_query", "last_wish", "last_where", "last_tastes"))
    )
    if not switched and (
        reworks
        or u.intent in ("something_else", "not_that")
        or (u.intent == "recommend" and not query and not asks_anew)
    ):
        # a follow-up keeps asking what the last turn asked, with what it was seeded by
        query = query or state.get("last_query", "")
        wish = wish or state.get("last_wish", "")
        # "too slow" after "something like hereditary": still like Hereditary, less slow
        # "under 2 hours" after "more like the second one": still like it, under 2 hours (it
        # dropped the film and brought picks from the profile alone)
        keeps_seeds = (
            u.intent != "recommend"
            or u.complaint
            or (not u.query and (bool(avoid_now) or not titled))
        )
        seeds = tuple(state.get("last_seeds", ())) if keeps_seeds else ()
    if turned:
        vocab = agent.vocabulary
        # "something spooky but not horror": the mood without the genre it stands for (it
        # dropped "spooky" with horror, and searched for nothing)
        moods = [w for w in wants if names_kind(w, turned, vocab) and not _genre_itself(w, vocab)]
        query = "; ".join(q for q in query.split("; ") if not names_kind(q, turned, vocab))
        query = "; ".join(filter(None, (*(_without_kinds(m, vocab) for m in moods), query)))
        wish = ", ".join(
            w for w in wish.split(", ") if w in moods or not names_kind(w, turned, vocab)
        )
        tastes = tuple(
            t for t in tastes if not any((f.lower(), v.lower()) in turned for f, v in t.genres)
        )
    unsure = u.unmatched or u.several or u.missing or u.unknown or u.out_of_range
    if u.intent in ("why", "about") and not refs and not unsure and u.asks != "keeps":
        # "why Parasite?", else the first pick ("the one with the dinosaurs" is none of them)
        refs = tuple(u.mentioned[:1]) or ((focus,) if focus else tuple(last_picks[:1]))
    retrieve = u.intent in RETRIEVING or reworks
    # filters for this request only: a person ("something by Denis Villeneuve"), a language ("a
    # French comedy"), a bound against a seed ("but shorter"); a refinement or a follow-up keeps
    # the last ones, and so does "more like the third one" (a pick of this request); a new topic
    # or "more like" a title of its own asks afresh
    where: tuple[Constraint, ...] = (*u.turn_constraints, *bounds)
    if u.same_person:  # "what else by him": the director of the film talked about
        person = same_person(u, state, agent, profile)
        if person is not None:
            where = (*where, person)
    follows = u.intent != "more_like" or bool(u.refs and not u.mentioned)
    compared = ""
    narrows = bounds or all(isinstance(c, Range) for c in where)  # "newer", "shorter": yes
    if (not fresh or kinds_change or forgets) and follows:
        # a comparative ("something older", then "shorter ones") or a length or age said
        # without a number ("any good korean movies?", then "something newer") narrows the last
        # filters; a person or language asked for anew replaces them, but not the years or
        # length asked before ("something from the 1990s", then "one directed by Antoine
        # Fuqua": still from the 1990s)
        # "any in color?" after French films from the 60s: the years colour stands for
        # narrow the 60s; they do not replace them
        where = within_last_years(where, carried(state.get("last_where", ()), u), u)
        fields = {c.field for c in where}
        # a place asked for anew replaces the last one: "something from Mexico" after "an
        # Italian film" (a language and a country would leave nothing)
        if place_now:
            fields |= places
        last_where = carried(state.get("last_where", ()), u)
        kept = [
            c for c in last_where if c.field not in fields and (narrows or isinstance(c, Range))
        ]
        # "newer" or "older" after "action films from 2020 on" narrows those years
        asked = (*last_where, *lasting(profile.constraints, where))
        where, compared = _compared_years(where, asked, bounds, u.recency, last_picks, agent)
        where = (*kept, *where)
    kinds = agent.catalog.index.kinds
    # a filter kept by the thread on a field the catalog lost since ("ingest --replace" with a
    # column renamed) is left out, as the profile's are
    where = tuple(held_here(where, kinds))
    beyond: tuple[str, ...] = ()
    if u.recency and last_picks and follows:
        # "something newer" after "John Wayne films": newer than his films shown, or, when he
        # has none, newer films closest to them (it asked for his films of the last ten
        # years, and found nothing)
        where, beyond = _newer_of_people(where, last_picks, agent)
        if beyond:
            seeds = tuple(last_picks)
    told = set(state.get("not_here", ()))
    not_here = tuple(dict.fromkeys(c.field for c in profile.constraints if c.field not in kinds))
    recalled: tuple[str, ...] = ()
    if u.intent == "recall" and u.asks:
        # "what did I pick yesterday?" (the pick taken up), "what was it called again?" (the
        # film talked about, else that pick)
        if u.asks == "name" and focus:
            back_then = (focus, False)
        else:
            back_then = agent.earlier_choice(state["user_id"], state.get("thread_key", ""))
        recalled = (back_then[0],) if back_then else ()
    elif u.intent == "recall" or (u.intent == "small_talk" and not refs and back(message)):
        # "what did you recommend me last time?", "hi, it's me again": this thread's last
        # picks, else those of the user's latest other conversation
        recalled = tuple(last_picks) or tuple(agent.earlier_picks(state["user_id"]))
    # "only comedies from the 80s": what the request asks for lasts in the profile; asking
    # nothing else, it is what is looked for (it said "Looking for picks for you...")
    lasting_now = [c for c in u.add_constraints if not isinstance(c, NoneOf)] if retrieve else []
    said_now = () if wish or where else lasting_now
    in_words = list(dict.fromkeys(humanize(c, names) for c in (*said_now, *where)))
    shown = ", ".join(
        [
            *([wish] if wish else []),
            # "something in Japanese, no animation" (it said "something no animation")
            *(w for w in in_words if w.startswith("only ")),
            *(f"something {w}" for w in in_words if not w.startswith(("no ", "nothing ", "only "))),
            *(w for w in in_words if w.startswith(("no ", "nothing "))),
        ]
    )
    # the items talked about seed retrieval (what they share, what came with them); one only seen
    # or turned down ("seen it", "not that one") is excluded, not a taste to follow
    turned_down = set(u.seen) | (set(refs) if u.intent == "not_that" else set())
    named = tuple(
        i
        for i in dict.fromkeys((*u.liked, *u.mentioned, *refs))
        if i not in u.disliked and (i in u.liked or i not in turned_down)
    )
    request: Mapping[str, Any] | None = None
    if retrieve and u.intent in RETRIEVING and start:  # what "forget that" takes back next
        before_wish = state.get("last_wish", "").split(", ")
        before_where = stored_where(state.get("last_where", ()))
        new = [w for w in wish.split(", ") if w and w not in before_wish]
        filters = [humanize(c, names) for c in where if c not in before_where]
        new += [w if w.startswith(("no ", "nothing ")) else f"something {w}" for w in filters]
        new_avoid = [a for a in avoid if a not in state.get("last_avoid", ())]
        asked = (u.aspects, u.add_constraints)
        request = forget.record(start[0], profile, new, new_avoid, state, asked) or None
    if request is None and marked and retrieve and not u.forgets_last:
        # "seen it", then "scratch that": the seen is taken back (it took back the request
        # before it); with words asked beside them, the titles stay
        request = forget.record_marks(marked, state)
    if u.forgets_last and request is None:
        request = {}
    people = {f for f, _ in agent.vocabulary.people}
    stated = (*u.add_constraints, *u.turn_constraints)
    # "just the ones under 2 hours" after a list: a filter pointed at it; the picks shown that
    # fit it stay (they were left out, unsaid), but not after "newer" or "shorter" (than those)
    keeps_fitting = (
        u.intent == "recommend"
        and bool(last_picks)
        and bool(re.search(OF_THE_LIST, message.lower()))
        and any(c.field not in people for c in stated)
        and not (fresh or titled or wants or genre_now or avoid_now or bounds or u.complaint)
    )
    plan = TurnPlan(
        message,
        "recommend" if reworks else u.intent,
        query,
        seeds,
        refs,
        retrieve,
        summary,
        tuple(changes),
        shown,
        where,
        named,
        fresh,
        avoid,
        wish,
        u.asks,
        u.checks,
        # "3 movies like The Godfather", then "I've seen all of them": three others in their
        # place (it gave five); "something else" asks for the usual number again
        u.count
        or mixed_count(tastes)
        or (state.get("last_count") or None if u.intent == "not_that" and not fresh else None),
        u.which,
        u.unknown,
        tastes,
        u.unknown_people,
        u.complaint,
        u.unmatched,
        several=u.several,
        missing=u.missing,
        narrows=any(
            c.field not in {f for f, _ in agent.vocabulary.people}
            for c in (*u.add_constraints, *u.turn_constraints)
        )
        or bool(avoid_now)
        or bool(bounds)  # "shorter", "something older"
        or u.complaint,
        kept=_kept(state, held_here(profile.constraints, kinds), u, where, names)
        if retrieve
        else (),
        out_of_range=u.out_of_range,
        recalled=recalled,
        recalled_here=bool(recalled) and tuple(last_picks) == recalled,
        guessed=back_then[0] if back_then and back_then[1] else "",
        unknown_seen=u.unknown_seen,
        keeps_fitting=keeps_fitting,
        request=request,
        restored=forget.request_state(state) if u.forgets_last else {},
        lacking=u.lacking,
        not_here=tuple(f for f in not_here if f not in told) if retrieve else (),
        compared="newer" if beyond else compared,
        dropped=beyond,
        settled=u.settled,
        foreign=u.foreign,
        for_whom=who,
        their_likes=tuple(dict.fromkeys(their_likes)),
        their_people=their_people_now,
        # "I love Audrey Hepburn", and "more" after it: her films, then the closest to them;
        # her name searched as text found The Great Beauty and Barbie "among the closest
        # matches to what you asked for"
        people_only=only_people(query, agent.vocabulary)
        if retrieve and not (seeds or where)
        else (),
    )
    view = for_plan(profile, plan, agent)
    if retrieve and not (plan.people_only or query or seeds or where or view.liked):
        # "and for me?" from someone who said only "I love Audrey Hepburn": her films, then the
        # closest to them (it said "Nothing new fits that" and showed Roman Holiday again)
        plan = replace(plan, people_only=liked_people_filters(view))
    if plan.people_only:
        plan = _people_known(plan, view, state.get("shown", ()), agent)
    return plan, view


def _people_known(
    plan: TurnPlan, profile: Profile, shown: Collection[str], agent: Pickwise
) -> TurnPlan:
    """The plan with :attr:`TurnPlan.people_known` set when every item of the people asked
    for that fits was shown or is known ("and for me?" after Roman Holiday, her one film, was
    shown: it said "Looking for films with Audrey Hepburn" over films of others)."""
    index = agent.catalog.index
    held = [*agent.held(profile), *plan.where]
    rows: set[int] = set()
    for person in plan.people_only:
        mask = index.mask([*held, person])
        rows |= set() if mask is None else {int(r) for r in mask.nonzero()[0]}
    ids = {index.items[r].id for r in rows}
    known = {*profile.liked, *profile.disliked, *profile.seen}
    if not ids or not ids <= {*known, *shown}:
        return plan
    return replace(plan, people_known=len(ids), people_shown=ids <= set(shown))


def liked_people_filters(profile: Profile) -> tuple[Constraint, ...]:
    """The people a profile likes as one filter per field, most recent first."""
    return _people_filters(person_of(key) for key in reversed(profile.liked_people))


def _people_filters(people: Iterable[tuple[str, str]]) -> tuple[Constraint, ...]:
    """(field, value) pairs as one filter per field."""
    values: dict[str, set[str]] = {}
    for name, value in people:
        values.setdefault(name, set()).add(value)
    return tuple(AnyOf(name, frozenset(v)) for name, v in values.items())


def for_plan(profile: Profile, plan: TurnPlan, agent: Pickwise) -> Profile:
    """The profile as this request reads it: for someone else, their likes and not the user's
    (:func:`~pickwise.agent.someone.their_view`)."""
    titles = {i: agent.catalog.get(i).title for i in plan.their_likes}
    names = agent.vocabulary.people_names
    people = {person_key(f, v): names.get(v, v) for f, v in plan.their_people}
    return their_view(profile, plan.for_whom, plan.their_likes, titles, people)


def _liked_by_them(
    message: str, u: Understanding, who: str, agent: Pickwise
) -> tuple[Understanding, tuple[str, ...], list[tuple[str, str]]]:
    """What a request for someone else (``who``) says they like: the titles ("she loves Toy
    Story": talked about, no longer liked by the user) and the people of the catalog named ("she
    loves Audrey Hepburn", as (field, value); one asked for, "with Audrey Hepburn", is a
    filter as ever). The message comes back without the titles liked."""
    if not likes_of_theirs(message, who):
        return u, (), []
    theirs = u.liked
    u = replace(u, liked=(), mentioned=tuple(dict.fromkeys((*u.mentioned, *theirs))))
    asked = {(c.field, v) for c in u.turn_constraints if isinstance(c, AnyOf) for v in c.values}
    people = [p for p in people_named(message, agent.vocabulary.people_terms) if p not in asked]
    return u, theirs, people


#: Words that join names: "Tom Hanks and Meg Ryan".
_JOINING = frozenset({"and", "or", "plus", "also", "too", "as", "well", "both"})


def only_people(words: str, vocab: Vocabulary) -> tuple[Constraint, ...]:
    """The people of the catalog ``words`` name, as one filter per field, when they say
    nothing else ("Audrey Hepburn", "Tom Hanks and Denis Villeneuve"); else ()."""
    said = named_people(words, vocab.people_terms) if words else []
    if not said:
        return ()
    keys = set(said)
    tokens = [t.rstrip(".") for t in NAME_TOKEN.findall(fold_text(words))]
    rest, i = [], 0
    while i < len(tokens):  # the words of the names taken out, what is left kept
        for n in range(4, 1, -1):
            if " ".join(tokens[i : i + n]) in keys:
                i += n
                break
        else:
            rest.append(tokens[i])
            i += 1
    if has_request_words(" ".join(w for w in rest if w not in _JOINING)):
        return ()
    return _people_filters(target for key in said for target in vocab.people_terms[key])


#: Who a request is for and the verbs of their likes ("for my mom", "she loves"): in a request
#: for someone else, words that carry no wish.
_THEIRS_SAID = [
    re.compile(cue, re.IGNORECASE)
    for cue in (
        FOR_SOMEONE,
        SOMEONE_OF_MINE,
        THEIR_LIKE,
        r"\b(?:she|he|they)(?:'s|'re| is| are)?\b",
    )
]


#: A message that goes on with the one before: "and Spirited Away, Totoro", "also Heat".
_GOES_ON = re.compile(r"^\W*(?:and|also|plus|oh and|&|as well as)\b", re.IGNORECASE)


def _goes_on_liking(message: str, u: Understanding, state: Any) -> bool:
    """Whether titles said with no opinion go on with a like said the message before ("I
    liked Tenet and Dune 1 too", then "and Spirited away, Totoro, all the ghibli stuff")."""
    if u.intent != "recommend" or not u.mentioned or u.liked or u.disliked or u.seen:
        return False
    if not _GOES_ON.match(message):
        return False
    said = [str(m.content) for m in state.get("messages", []) if isinstance(m, HumanMessage)]
    before = said[-2] if len(said) > 1 else ""
    return bool(re.search(LIKE, before, re.I)) and not re.search(DISLIKE, before, re.I)


def starts_topic(u: Understanding, query: str, titled: bool) -> bool:
    """Whether a message starts a new topic: the earlier turns' words and titles stop steering
    retrieval. It does when it asks anew with a subject of its own and no title ("what's the
    best film about space?"), or asks for more like a title of its own, not one of the picks ("a
    movie like Inception"). A follow-up, a refinement or a title named keeps the topic."""
    if u.intent == "more_like":
        return bool(u.mentioned) and not u.refs
    return u.new_request and u.intent == "recommend" and bool(query) and not titled


#: A request for what two people would both like: "something for both of us", "we can both
#: enjoy".
_FOR_BOTH = re.compile(
    r"\bfor (?:the )?both of us\b|\bfor us both\b"
    # "we both hate gore" refuses, it asks for no film of both kinds
    r"|\bfor (?:the )?two of us\b"
    r"|\bwe(?: can| could| would| will| ?'d)? both\b(?!\s+(?:hate|dislike|can'?t|cannot|don'?t"
    r"|do not|won'?t|avoid|despise|are not|aren'?t|get bored|fall asleep)\b)"
    r"|\bboth of us (?:like|enjoy|would)\b",
    re.IGNORECASE,
)

#: Comparatives read against the seed of a "more like" turn: (field role, bound).
RELATIVE: dict[str, tuple[str, str]] = {
    "shorter": ("runtime", "max"),
    "longer": ("runtime", "min"),
    "newer": ("year", "min"),
    "more recent": ("year", "min"),
    "older": ("year", "max"),
    "old": ("year", "max"),  # "an old western", "the old Hitchcock pictures"
    "classic": ("year", "max"),  # "a classic gangster movie" (it brought films of 1992-2004)
}


def relative_bounds(
    wants: Sequence[str],
    seeds: Sequence[str],
    agent: Pickwise,
    middle: bool = False,
    said: Sequence[Constraint] = (),
) -> tuple[tuple[Constraint, ...], list[str]]:
    """Comparatives against the first seed ("shorter" -> runtime below the seed's), or with
    ``middle`` against the seeds' median ("something older" after a list), as filters for this
    request, and the aspects left. A field the message ``said`` a span of ("something older,
    like from the 60s") is that span's: the comparative leaves no bound of its own (it asked
    for the 1960s and before 1995 both)."""
    if said:
        spans = {c.field for c in said if isinstance(c, Range)}
        found, rest = relative_bounds(wants, seeds, agent, middle)
        return tuple(b for b in found if b.field not in spans), rest
    if not seeds:
        return (), list(wants)
    vocab = agent.vocabulary
    fields = {"runtime": vocab.runtime_field, "year": vocab.year_field}
    metadata: Mapping[str, Any] = agent.catalog.get(seeds[0]).metadata
    if middle:
        items = [agent.catalog.get(i).metadata for i in seeds]
        metadata = {}
        for f in filter(None, fields.values()):
            values = [float(v) for m in items if isinstance(v := m.get(f), int | float)]
            if values:
                metadata[f] = median(values)
    bounds: list[Constraint] = []
    left: list[str] = []
    for aspect in wants:
        role, bound = RELATIVE.get(aspect.lower(), ("", ""))
        field_name = fields.get(role)
        value = metadata.get(field_name) if field_name else None
        if field_name and isinstance(value, int | float) and not isinstance(value, bool):
            if bound == "max":
                bounds.append(Range(field_name, max=float(value), max_strict=True))
            else:
                bounds.append(Range(field_name, min=float(value), min_strict=True))
        else:
            left.append(aspect)
    return tuple(bounds), left


def _newer_of_people(
    where: tuple[Constraint, ...], last_picks: Sequence[str], agent: Pickwise
) -> tuple[tuple[Constraint, ...], tuple[str, ...]]:
    """The filters of "something newer" said after a request for someone's work: newer than
    the newest film shown, theirs while they have one, else no longer theirs, with the people
    left out (said so); else the filters as they are."""
    vocab = agent.vocabulary
    name, fields = vocab.year_field, {f for f, _ in vocab.people}
    people = [c for c in where if isinstance(c, AnyOf) and c.field in fields]
    if not name or not people:
        return where, ()
    years = [
        float(y)
        for i in last_picks
        if isinstance(y := agent.catalog.get(i).metadata.get(name), int | float)
    ]
    if not years:
        return where, ()
    rest = [c for c in where if not (isinstance(c, Range) and c.field == name and c.min)]
    newer = (*rest, Range(name, min=max(years), min_strict=True))
    if any(satisfies(item, newer) for item in agent.catalog.items()):
        return newer, ()
    names = vocab.people_names
    return tuple(c for c in newer if c not in people), tuple(humanize(c, names) for c in people)


def _compared_years(
    where: tuple[Constraint, ...],
    last: Sequence[Constraint],
    bounds: Sequence[Constraint],
    recency: bool,
    last_picks: Sequence[str],
    agent: Pickwise,
) -> tuple[tuple[Constraint, ...], str]:
    """The years of a request that says "newer" or "older" after one that asked for years
    ("action films from 2020 on"): within those years, never wider. "Newer" (a word of recency,
    which reads as the last ten years) that would not narrow them is later than the middle of
    the films shown, else than the first year asked for; "older" (a bound against the films
    shown) keeps the other end. Also "newer" or "older" when the years were narrowed, else ""."""
    name = agent.vocabulary.year_field
    before = next((c for c in last if isinstance(c, Range) and c.field == name), None)
    if before is None:
        return where, ""
    for n, c in enumerate(where):
        if not isinstance(c, Range) or c.field != name:
            continue
        if recency and c.min is not None and before.min is not None and before.min >= c.min:
            years = [
                float(y)
                for i in last_picks
                if isinstance(y := agent.catalog.get(i).metadata.get(name), int | float)
            ]
            start = max(before.min, median(years)) if years else before.min
            later = Range(name, start, before.max, True, before.max_strict)
            return (*where[:n], later, *where[n + 1 :]), "newer"
        if c in bounds and c.max is not None and before.min is not None:
            earlier = Range(name, before.min, c.max, before.min_strict, c.max_strict)
            return (*where[:n], earlier, *where[n + 1 :]), "older"
    return where, ""


def as_said(aspect: str, vocab: Vocabulary | None, noun: str = "film") -> str:
    """An aspect in words: a country of the catalog is a place ("mexico" -> "films from
    Mexico", "recipes from Mexico" for ``noun`` "recipe"); any other aspect as it is."""
    targets = vocab.genre_targets(aspect) if vocab else ()
    if not vocab or not targets or any(f.lower() not in COUNTRY_FIELDS for f, _ in targets):
        return aspect
    if aspect.lower() in REGIONS:  # "films from Europe", not thirteen countries
        return f"{plural(noun)} from {REGIONS[aspect.lower()]}"
    written = {v.lower(): v for f, vs in vocab.facets for v in vs if f.lower() in COUNTRY_FIELDS}
    return f"{plural(noun)} from " + listed(
        [_with_the(written.get(v, v)) for _, v in targets], "or"
    )


#: Words that make a span of years a lasting taste: "only films from the 80s", "80s only",
#: "always", "never".
_LASTING = re.compile(r"\b(?:only|just|always|never|exclusively|strictly|stick to)\b", re.I)


def _a_span_asked_for(c: Constraint, message: str) -> bool:
    """A span of years with both ends ("from the 90s", "1970-1985"), said without a word that
    makes it last."""
    return (
        isinstance(c, Range)
        and c.field.lower() in YEAR_FIELDS
        and c.min is not None
        and c.max is not None
        and not _LASTING.search(message)
    )


def same_person(u: Understanding, state: Any, agent: Pickwise, profile: Profile) -> AnyOf | None:
    """Who "him", "that director" or "that actor" is: the person of that role asked for last,
    else the one most of the films talked about last share (the film talked about, those this
    message names, the latest mentioned, the latest two seen or liked, the first pick), as a
    filter on their field."""
    role = DIRECTOR_FIELDS if u.same_person == "director" else CAST_FIELDS
    for c in reversed(stored_where(state.get("last_where", ()))):
        if isinstance(c, AnyOf) and c.field.lower().startswith(role):
            return c
    films = [
        *([state["focus"]] if state.get("focus") else []),
        *u.refs,
        *u.mentioned,
        *reversed(state.get("mentioned", [])),
        *list(reversed([*profile.seen, *profile.liked]))[:2],
        *state.get("last_picks", [])[:1],
    ]
    counts: dict[tuple[str, str], int] = {}
    for item_id in list(dict.fromkeys(films))[:3]:
        item = agent.catalog.get(item_id)
        for name in item.metadata:
            if name.lower().startswith(role):
                for person in item.values(name)[: 1 if role == CAST_FIELDS else None]:
                    key = (name, str(person).lower())
                    counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    (name, person), _ = max(counts.items(), key=lambda kv: kv[1])  # ties: the first film's
    return AnyOf(name, frozenset({person}))


def _genre_itself(words: str, vocab: Vocabulary) -> bool:
    """Whether ``words`` are a genre's own name ("horror", "comedies", "horror films"), not a
    word that stands for one ("spooky", "funny")."""
    said = re.sub(r"\s+(?:films?|movies?)$", "", words.lower().strip())
    names = {v.lower() for _, v in vocab.genre_targets(said)}
    return bool({said, said.rstrip("s"), said.removesuffix("ies") + "y"} & names)


def _without_kinds(mood: str, vocab: Vocabulary) -> str:
    """A mood spelled out for retrieval without the genres it stands for: "scary" ->
    "frightening, terrifying" (with horror refused)."""
    text = retrieval_text([mood])
    for _, value in vocab.genre_targets(mood):
        text = re.sub(rf"(?i)\s*\b{re.escape(value)}\b", "", text)
    return text.strip(" ,;")


def refused_kinds(u: Understanding) -> set[tuple[str, str]]:
    """The kinds this message turns away from, as (field, value) pairs lower-cased: refused
    ("I don't like horror anymore") or forgotten ("forget that I like horror")."""
    out = {
        (c.field.lower(), v.lower())
        for c in u.add_constraints
        if isinstance(c, NoneOf)
        for v in c.values
    }
    if u.intent == "remove":
        out |= {(r.field.lower(), r.value.lower()) for r in u.drop_constraints if r.value}
    return out


def demoted_kinds(
    avoid: Sequence[str], wants: Sequence[str], vocab: Vocabulary
) -> set[tuple[str, str]]:
    """The kinds named by words to avoid ("less comedy") that no word asked for names too, as
    (field, value) pairs lower-cased: "a horror film, not too scary" still asks for horror."""
    asked = {t for w in wants for t in vocab.genre_targets(w)}
    return {
        (f.lower(), v.lower())
        for a in avoid
        for f, v in vocab.genre_targets(a)
        if (f, v) not in asked
    }


def names_kind(words: str, kinds: set[tuple[str, str]], vocab: Vocabulary | None) -> bool:
    """Whether ``words`` (an aspect, a part of a wish) name one of ``kinds``: "horror",
    "scary", "horror films"."""
    if not kinds:
        return False
    said = words.lower().strip()
    targets = vocab.genre_targets(said) if vocab else ()
    if not targets and vocab:
        targets = tuple(t for w in said.split() for t in vocab.genre_targets(w))
    return any((f.lower(), v.lower()) in kinds for f, v in targets) or any(
        said == v for _, v in kinds
    )


def _a_place(taste: Taste, places: Collection[str]) -> bool:
    """Whether a kind asked for is only where a film is from ("european", "a Korean film")."""
    return bool(taste.genres) and all(f in places for f, _ in taste.genres)


def _is_place(aspect: str, vocab: Vocabulary) -> bool:
    """Whether an aspect names where a film is from ("mexico", "bollywood", "french")."""
    targets = vocab.genre_targets(aspect)
    places = origin_fields(vocab)
    return bool(targets) and all(f in places for f, _ in targets)


def _asks_place(u: Understanding, vocab: Vocabulary) -> bool:
    """Whether the message asks for films from somewhere: a language or country filter, a
    kind of that field ("a japanese comedy") or a place word ("bollywood")."""
    if u.intent not in ("recommend", "something_else", "more_like"):
        return False
    places = origin_fields(vocab)
    return (
        any(
            isinstance(c, AnyOf) and c.field in places
            for c in (*u.add_constraints, *u.turn_constraints)
        )
        or any(f in places for t in u.tastes for f, _ in t.genres)
        or any(_is_place(a, vocab) for a in u.aspects if not refused(a))
    )


def _places_overridden(p: Profile, u: Understanding, vocab: Vocabulary | None) -> list[Constraint]:
    """The profile's "only in / from ..." constraints that a place this message asks for
    overrides (those it adds itself stay)."""
    if vocab is None or not _asks_place(u, vocab):
        return []
    places = origin_fields(vocab)
    return [
        c
        for c in p.constraints
        if isinstance(c, AnyOf) and c.field in places and c not in u.add_constraints
    ]


def origin_fields(vocab: Vocabulary) -> set[str]:
    """The fields that say where a film is from: its language and its country."""
    places = {f for f, _ in vocab.facets if f.lower() in COUNTRY_FIELDS}
    return places | ({vocab.language_field} if vocab.language_field else set())


def within_last_years(
    where: tuple[Constraint, ...], last: Sequence[Constraint], u: Understanding
) -> tuple[Constraint, ...]:
    """The years a form no field records stands for ("in colour": from 1960 on; "black and
    white": before it), inside the last request's years on the same field when they meet
    ("any in color?" after films from the 1960s went on from 1960 on, all decades). When they
    do not meet ("in colour" after films from the 1930s), the form's years replace them."""
    if not any(what == "colour" and said in ("colour newer", "older") for what, said in u.lacking):
        return where
    out: list[Constraint] = []
    for c in where:
        before = next((r for r in last if isinstance(r, Range) and r.field == c.field), None)
        if isinstance(c, Range) and before is not None:
            both = c.intersect(before)
            c = c if both.empty else both
        out.append(c)
    return tuple(out)


def carried(stored: Sequence[Any], u: Understanding) -> tuple[Constraint, ...]:
    """The last request's own filters, but none of a field this message sets in the profile
    ("no subtitles" after "a French comedy" drops "in French")."""
    touched = {c.field for c in u.add_constraints} | {r.field for r in u.drop_constraints}
    return tuple(c for c in stored_where(stored) if c.field not in touched)


def stored_where(stored: Sequence[Any]) -> tuple[Constraint, ...]:
    """A plan's per-request filters from the thread state (:func:`constraint_to_dict` forms; a
    thread saved before ranges were kept holds ``[field, [values]]`` pairs, read as sets)."""
    return tuple(
        constraint_from_dict(c)
        if isinstance(c, Mapping)
        else AnyOf(str(c[0]), frozenset(str(v) for v in c[1]))
        for c in stored
    )


def storable_where(where: Sequence[Constraint]) -> list[dict[str, object]]:
    """The per-request filters as plain data the checkpointer can store."""
    return [constraint_to_dict(c) for c in where]


def kinds_for(u: Understanding, genre_now: bool, earlier: tuple[Taste, ...]) -> tuple[Taste, ...]:
    """The kinds a turn asks for: its own; or, when it names none ("something else", "newer
    ones"), the earlier ones; "also scary" after "a comedy" makes one kind of both (a scary
    comedy), and after a mix it keeps the mix."""
    if not genre_now:
        return earlier
    if u.continuing and len(earlier) == 1 and len(u.tastes) == 1:
        kind, new = earlier[0], u.tastes[0]
        genres = tuple(dict.fromkeys((*kind.genres, *new.genres)))
        return (Taste(f"{kind.label} {new.label}", genres),)
    if u.continuing and len(earlier) > 1:
        return earlier
    return u.tastes


def blended(
    taste: Taste, liked: Sequence[str], agent: Pickwise, most: int = 2
) -> tuple[Taste, ...]:
    """A kind asked for blended with the kinds of titles liked (``liked``), the commonest first,
    each as a kind of its own ("comedy thrillers", "romance thrillers": the picks mix them), at
    most ``most`` and only those the catalog has; the kind alone when none is."""
    fields = {f for f, _ in taste.genres}
    if len(fields) != 1 or not liked:
        return (taste,)
    (name,) = fields
    counts: dict[str, int] = {}
    for i in liked:
        for v in agent.catalog.get(i).values(name):
            if (name, str(v).lower()) not in taste.genres:
                counts[str(v).lower()] = counts.get(str(v).lower(), 0) + 1
    out: list[Taste] = []
    for value in sorted(counts, key=lambda v: -counts[v]):
        kind = Taste(f"{value} {taste.label}", (*taste.genres, (name, value)))
        if len(out) < most and any(fits(item, kind) for item in agent.catalog.items()):
            out.append(kind)
    return tuple(out) or (taste,)


def storable_tastes(tastes: Sequence[Taste]) -> list[dict[str, object]]:
    """Tastes as JSON-ready dicts for the thread's state."""
    return [
        {
            "label": t.label,
            "genres": [list(g) for g in t.genres],
            "count": t.count,
            **({"parts": storable_tastes(t.parts)} if t.parts else {}),
        }
        for t in tastes
    ]


def stored_tastes(stored: Sequence[Any]) -> tuple[Taste, ...]:
    """Tastes back from the thread's state (what it cannot read is left out)."""
    out = []
    for d in stored:
        try:
            genres = tuple((str(f), str(v)) for f, v in d["genres"])
            count = d.get("count")
            parts = stored_tastes(d.get("parts") or ())
            out.append(Taste(str(d["label"]), genres, int(count) if count else None, parts))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(out)


def _one_of(field: str) -> bool:
    """Whether a kind's values of this field are alternatives: where a film is from ("asian":
    Japan or South Korea..., "chinese": Mandarin or Cantonese), not genres it has all of."""
    return field.lower() in COUNTRY_FIELDS or field.lower() in LANGUAGE_FIELDS


def taste_filter(taste: Taste) -> tuple[Constraint, ...]:
    """The filters of one kind: every genre its words name ("rom-coms": romance and comedy),
    one of the places ("european")."""
    places: dict[str, set[str]] = {}
    for f, v in taste.genres:
        if _one_of(f):
            places.setdefault(f, set()).add(v)
    return (
        *(AnyOf(f, frozenset({v})) for f, v in taste.genres if not _one_of(f)),
        *(AnyOf(f, frozenset(vs)) for f, vs in places.items()),
    )


def some_of_each(tastes: Sequence[Taste]) -> tuple[Constraint, ...]:
    """The filters of films with something of each kind: one of each kind's genres ("rom-coms"
    and "action": romance or comedy, and action), one of its places."""
    out: list[Constraint] = []
    for taste in tastes:
        by_field: dict[str, set[str]] = {}
        for f, v in taste.genres:
            by_field.setdefault(f, set()).add(v)
        out += [AnyOf(f, frozenset(vs)) for f, vs in by_field.items()]
    return tuple(out)


def fits(item: Item, taste: Taste) -> bool:
    """Whether an item is of a kind: it has every genre the kind's words name, and one of its
    places."""
    held = {f: {str(x).lower() for x in item.values(f)} for f, _ in taste.genres}
    genres = all(v in held[f] for f, v in taste.genres if not _one_of(f))
    places = {f for f, _ in taste.genres if _one_of(f)}
    return genres and all(any(v in held[f] for g, v in taste.genres if g == f) for f in places)


def audience_filter(query: str, vocab: Vocabulary) -> tuple[Constraint, ...]:
    """A request for children ("something for the kids", "my 9 year old", then "also scary"):
    only the catalog's family films, when it has such a genre. As a word in the query alone,
    "kids" lost to "scary" and brought The Exorcist."""
    if not any(p.strip() in AUDIENCE for p in query.split("; ")):
        return ()
    by_field: dict[str, set[str]] = {}
    for f, v in vocab.genre_targets("kids"):
        by_field.setdefault(f, set()).add(v)
    return tuple(AnyOf(f, frozenset(vs)) for f, vs in by_field.items())


#: A field lifted as a whole, in words: "any length is fine again" (it said "runtime").
_ANY_FIELD = {
    **dict.fromkeys(RUNTIME_FIELDS, "any length"),
    **dict.fromkeys(YEAR_FIELDS, "any year"),
    **dict.fromkeys(LANGUAGE_FIELDS, "any language"),
}


def _than(message: str, named: Sequence[str]) -> tuple[str, ...]:
    """The film a comparative is measured against ("shorter than Titanic"), if the message
    says "than" and names or points at one."""
    return tuple(named[:1]) if named and re.search(r"\bthan\b", message.lower()) else ()


def _kept(
    state: Any,
    held: Sequence[Constraint],
    u: Understanding,
    where: Sequence[Constraint],
    names: Mapping[str, str],
) -> tuple[str, ...]:
    """The profile's constraints from earlier conversations that hold for the first request of
    a thread, in words ("date night, a good thriller" got romances under 90 minutes, kept from
    a kids' evening, without a word)."""
    if any(isinstance(m, AIMessage) for m in state.get("messages", [])):
        return ()
    said = set(u.add_constraints)
    return tuple(dict.fromkeys(humanize(c, names) for c in lasting(held, where) if c not in said))


def off_domain(u: Understanding, message: str, noun: str) -> bool:
    """Whether a request asks for films when the catalog's items are something else ("any good
    movies?" to a games catalog brought five games; "any good tv series?" was already off
    topic). A message that names one of its items ("like Cannonade but a movie") is not."""
    return (
        u.intent == "recommend"
        and not u.mentioned
        and not is_film(noun)
        and asks_for_films(message)
    )


def held_here(constraints: Sequence[Constraint], kinds: Mapping[str, object]) -> list[Constraint]:
    """The constraints on fields this catalog has. A profile belongs to the home, not to a
    catalog: a limit set while chatting about another catalog ("duration<=30") stays in the
    profile but is no filter here (it made every turn an "unknown field" error)."""
    return [c for c in constraints if c.field in kinds]


def lasting(profile: Sequence[Constraint], now: Sequence[Constraint]) -> list[Constraint]:
    """The profile's constraints that hold for a request with filters of its own: a range the
    request's own range on the same field leaves no room for gives way for this request (the
    later word wins: "comedies from the 80s", then "anything newer?")."""

    def apart(a: Range, b: Range) -> bool:
        low = max(x for x in (a.min, b.min, float("-inf")) if x is not None)
        high = min(x for x in (a.max, b.max, float("inf")) if x is not None)
        return low > high

    ranges = [c for c in now if isinstance(c, Range)]
    return [
        c
        for c in profile
        if not (isinstance(c, Range) and any(r.field == c.field and apart(c, r) for r in ranges))
    ]
