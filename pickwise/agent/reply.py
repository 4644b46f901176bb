"""The reply text of a turn, composed from the plan, the checked picks and the profile.

Replies are assembled from facts and checked explanations rather than free LLM text, so every
sentence in them is true of the catalog and of what the user said.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from pickwise.agent import cues
from pickwise.agent.answers import field_answer, side_by_side, suits_child
from pickwise.agent.explain import (
    OFF_GENRE,
    describe,
    ended,
    fact_answer,
    fact_field,
    item_facts,
    kept_answer,
    length_fact,
    number_fact,
    price_text,
)
from pickwise.agent.profile import Profile, person_key
from pickwise.agent.rerank import RerankResult
from pickwise.agent.understanding import avoided, back, fold_text, refused, thumb, unclear
from pickwise.agent.understanding.catalog import BW_BEFORE, SILENT_BEFORE
from pickwise.agent.understanding.vocabulary import adjective
from pickwise.retrieval.constraints import AnyOf, NoneOf, Range, parse_where, satisfies
from pickwise.retrieval.items import Item
from pickwise.text import a_or_an, is_film, listed, plural

if TYPE_CHECKING:
    from pickwise.agent.turn import TurnPlan
    from pickwise.agent.understanding import Vocabulary

__all__ = ["after_heading", "compose_reply", "describe_profile", "opening"]


def describe_profile(
    profile: Profile,
    names: Mapping[str, str] | None = None,
    nouns: str = "films",
    vocab: Vocabulary | None = None,
    noun: str = "film",
) -> str:
    """What pickwise knows about the user, entry by entry; constraints in words ("no horror",
    "from 1990 on"), people's names as ``names`` writes them; ``nouns``: what the catalog's
    items are called ("books"); with ``vocab``, a place wished for as the reply named it
    ("films from Europe", not "european")."""
    from pickwise.agent.turn import as_said, humanize  # the turn module imports this one

    if profile.is_empty():
        return (
            f"I don't know anything about you yet. Tell me {nouns} you liked or disliked, "
            "or what you're in the mood for."
        )
    lines = ["Here is what I know about you:"]
    groups = [
        ("Liked", list(profile.liked.values())),
        ("Disliked", list(profile.disliked.values())),
        ("People you like", list(profile.liked_people.values())),
        ("Seen", list(profile.seen.values())),
        ("Chose to watch" if is_film(nouns) else "Chose", list(profile.chosen.values())),
        ("Constraints", list(dict.fromkeys(humanize(c, names) for c in profile.constraints))),
        ("Looking for", [as_said(a, vocab, noun) for a in profile.aspects if not refused(a)]),
        ("Rather avoid", [as_said(a, vocab, noun) for a in avoided(profile.aspects)]),
    ]
    for label, values in groups:
        if values:
            lines.append(f"- {label}: {', '.join(values)}")
    # a blank line first, else Markdown reads it as part of the last list item
    lines.append('\nSay "forget that I liked X" or "reset my profile" to change it.')
    return "\n".join(lines)


def _pick_lines(result: RerankResult) -> list[str]:
    lines = []
    for n, pick in enumerate(result.picks, 1):
        item = pick.recommendation.item
        head = f"{n}. **{item.title}**" + (f" ({item.shown_year})" if item.shown_year else "")
        lines.append(f"{head}: {after_heading(pick.explanation, item)}")
    return lines


def off_kind_said_once(result: RerankResult) -> RerankResult:
    """The picks without the reason that they are not of the kind asked for: :func:`ran_out`
    says it once, above them."""
    picks = [replace(p, explanation=_without_off_genre(p.explanation)) for p in result.picks]
    return replace(result, picks=picks)


def _without_off_genre(explanation: str) -> str:
    """An explanation without the reason that the item is not of the kind asked for."""
    reason = re.escape(OFF_GENRE)
    text = re.sub(rf"(?:,? and |; ){reason}(?=[;.])", "", explanation)
    opening = rf" {reason[0].upper()}{reason[1:]}"
    text = re.sub(rf"{opening}, and (\w)", lambda m: f" {m[1].upper()}", text)
    return re.sub(rf"{opening}\.", "", text)


def ran_out(
    plan: TurnPlan,
    result: RerankResult,
    profile: Profile,
    agent: Any,
    told: str = "",
    shown: Sequence[str] = (),
) -> str:
    """ "That's every western film I have from 1950 on; here are the closest other films:"
    when picks of other kinds fill a request for one kind: the catalog ranks the kind's own
    films first, so none of it that fits is left unshown. "" otherwise. ``told``: what the
    thread was last told it ran out of (:func:`ran_out_of`); the same again is said briefly
    ("More of the closest other films, none of them western films:"), not in full on every
    "more". ``shown``: the ids the thread showed before; when none of them was of the kind,
    the kind's picks are the only ones ("This is the only horror film I have by Stanley
    Kubrick"), and with none of the kind at all, the catalog has none ("I have no comedy film
    by Steven Spielberg"), not "That's every ..."."""
    from pickwise.agent.turn import fits, lasting  # the turn module imports this one

    if len(plan.tastes) != 1 or not result.picks:
        return ""
    kind = plan.tastes[0]
    if all(fits(p.recommendation.item, kind) for p in result.picks):
        return ""
    noun, nouns = agent.config.noun, agent.config.nouns
    what, whats = _kind_words(plan, agent, noun), _kind_words(plan, agent, plural(noun))
    within = _filters_said(plan, profile, agent)
    picked = {p.item_id for p in result.picks}
    index = agent.catalog.index  # an id shown before may have left the catalog since
    rows = [index.row_of.get(i) for i in shown if i not in picked]
    filters = (*lasting(profile.constraints, plan.where), *plan.where)
    kind_before = any(
        r is not None and fits(index.items[r], kind) and satisfies(index.items[r], filters)
        for r in rows
    )
    fitting = sum(fits(p.recommendation.item, kind) for p in result.picks)
    # "something for both of us" (:meth:`Pickwise._for_both`): the others have some of each kind
    others = f"closest {nouns} for each of you" if kind.parts else f"closest other {nouns}"
    if fitting:
        word = "last" if kind_before else "only"
        if fitting == 1:
            return f"This is the {word} {what} I have{within}; after it come the {others}:"
        return f"These are the {word} {whats} I have{within}; after them come the {others}:"
    if told and told == ran_out_of(plan, profile, agent):
        return f"More of the {others}, none of them {whats}:"
    if not kind_before:
        return f"I have no {what}{within}; here are the {others}:"
    return f"That's every {what} I have{within}; here are the {others}:"


def ran_out_of(plan: TurnPlan, profile: Profile, agent: Any) -> str:
    """What a request for one kind runs out of, in words ("western film from 1950 on"): the
    thread keeps it once told, so that the next "more" says it briefly."""
    return f"{_kind_words(plan, agent, agent.config.noun)}{_filters_said(plan, profile, agent)}"


def _request_filters(state: Any, agent: Any) -> str:
    """The filters the request going on in the thread keeps ("something in Korean"), in words;
    "" when there are none."""
    from pickwise.agent.turn import humanize, stored_where  # the turn module imports this one

    names = agent.vocabulary.people_names
    roles = agent.vocabulary.roles
    where = stored_where(state.get("last_where", ()))
    return "; ".join(humanize(c, names, roles) for c in where)


def _kind_words(plan: TurnPlan, agent: Any, noun: str) -> str:
    """The kinds asked for with ``noun`` ("film" or "films"): "western film", "horror comedy
    films"; a region or country as the user said it ("Scandinavian thriller films", "British
    films", "films from Iran"), not its countries' values in a row ("sweden denmark norway")."""
    from pickwise.agent.turn import humanize  # the turn module imports this one

    genres: list[str] = []
    before: list[str] = []
    after: list[str] = []
    for taste in plan.tastes:
        places: dict[str, set[str]] = {}
        for f, v in taste.genres:
            if _is_origin(f):
                places.setdefault(f, set()).add(v.lower())
            else:
                genres.append(v.lower())
        if not places:
            continue
        word = _place_word(taste.label, places, agent.vocabulary)
        if word and not _names_place(word, places):  # "scandinavian", "british", "east asian"
            before.append(" ".join(w.capitalize() for w in word.split()))
        else:  # "iran", "europe", or words the label lost: "from Iran", "from Europe"
            after.extend(humanize(AnyOf(f, frozenset(vs))) for f, vs in places.items())
    words = [*dict.fromkeys(before), *dict.fromkeys(genres), noun]
    return " ".join(words) + "".join(f" {w}" for w in dict.fromkeys(after))


def _is_origin(field: str) -> bool:
    """Whether a kind's field says where an item is from (its country or language)."""
    from pickwise.retrieval.genres import LANGUAGE_FIELDS

    return field.lower() in cues.COUNTRY_FIELDS or field.lower() in LANGUAGE_FIELDS


def _place_word(label: str, places: Mapping[str, set[str]], vocab: Any) -> str:
    """The words of a kind's label that name its places ("scandinavian" in "scandinavian
    thriller"), longest first; "" when none does."""
    words = label.lower().split()
    wanted = {(f, v) for f, vs in places.items() for v in vs}
    for size in range(min(3, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            said = " ".join(words[start : start + size])
            targets = {(f, v.lower()) for f, v in vocab.genre_targets(said)}
            if targets and targets <= wanted and all(_is_origin(f) for f, _ in targets):
                return said
    return ""


def _names_place(word: str, places: Mapping[str, set[str]]) -> bool:
    """Whether a word is the name of a place itself ("iran", "europe"), not its adjective
    ("iranian", "european"): said after the noun, "films from Iran"."""
    from pickwise.retrieval.genres import REGIONS

    key = fold_text(word)
    return key in {fold_text(v) for vs in places.values() for v in vs} or (
        key in REGIONS and fold_text(REGIONS[key]) == key
    )


def _filters_said(plan: TurnPlan, profile: Profile, agent: Any) -> str:
    """The filters a request goes by, as words after "I have" (" from 1950 on and up to 150
    minutes"), or ""."""
    from pickwise.agent.turn import humanize, lasting  # the turn module imports this one

    names = agent.vocabulary.people_names
    filters = (*lasting(profile.constraints, plan.where), *plan.where)
    roles = agent.vocabulary.roles
    said = listed(list(dict.fromkeys(humanize(c, names, roles) for c in filters)))
    # "my kids are 6 and 9", then "also scary": the family films only, which left no horror
    # (it said "I have no horror film", though the catalog has many)
    audience = _audience_said(plan, agent)
    said = " ".join(filter(None, (audience, said)))
    return f" {said}" if said else ""


def _audience_said(plan: TurnPlan, agent: Any) -> str:
    """ "for kids" or "for the family" when the request keeps to the catalog's films for
    children (:func:`~pickwise.agent.turn.audience_filter`), else ""."""
    from pickwise.agent.turn import AUDIENCE, audience_filter  # it imports this module

    kept = audience_filter(plan.query, agent.vocabulary)
    if len(plan.tastes) > 1 or not kept:
        return ""
    kinds = {(f, v.lower()) for t in plan.tastes for f, v in t.genres}
    if any((c.field, v) in kinds for c in kept if isinstance(c, AnyOf) for v in c.values):
        return ""  # "no family horror film", said by its kind already
    words = [p.strip() for p in plan.query.split("; ") if p.strip() in AUDIENCE]
    return "for the family" if words[-1].startswith("family") else "for kids"


def _of_a_kind_asked(plan: TurnPlan, item: Item) -> bool:
    """Whether an item is of a kind the request asks for (any item, when it names none)."""
    from pickwise.agent.turn import fits  # the turn module imports this one

    return not plan.tastes or any(fits(item, t) for t in plan.tastes)


def _new_of_the_kind(
    plan: TurnPlan, result: RerankResult, before: Sequence[str], again: bool
) -> bool:
    """Whether a pick not shown before is of the kind asked for."""
    return not again and any(
        p.item_id not in before and _of_a_kind_asked(plan, p.recommendation.item)
        for p in result.picks
    )


def _none_further(plan: TurnPlan, result: RerankResult, agent: Any, others: bool) -> str:
    """ "Nothing newer fits: Civil War and Furiosa, shown before, are the newest action films
    that do" ("newer" after a list that was already the newest); ``others``: picks of other
    kinds follow."""
    kinds = [
        p.recommendation.item.title
        for p in result.picks
        if _of_a_kind_asked(plan, p.recommendation.item)
    ]
    nouns = agent.config.nouns
    if not kinds:
        return f"Nothing {plan.compared} fits; here are the closest other {nouns}:"
    most = "newest" if plan.compared == "newer" else "oldest"
    what = _kind_words(plan, agent, nouns)
    are = "is" if len(kinds) == 1 else "are"
    rest = f"; after them come the closest other {nouns}:" if others else ":"
    said = f"{listed(kinds)}, shown before, {are} the {most} {what} that do"
    return f"Nothing {plan.compared} fits: {said}{rest}"


def after_heading(explanation: str, item: Item) -> str:
    """An explanation that opens with the title the line's head already shows ("**La Strada**
    (1954): La Strada (1954) is a drama film...") starts at what it says of it ("A drama
    film...")."""
    heads = [f"{item.title} ({item.shown_year}) is "] if item.shown_year else []
    for said in [*heads, f"{item.title} is "]:
        rest = explanation[len(said) :] if explanation.startswith(said) else ""
        if rest:
            return rest[0].upper() + rest[1:]
    return explanation


#: Superlatives read from a field: word -> (field role, highest first).
_BY_FIELD = {
    "longest": ("runtime", True),
    "shortest": ("runtime", False),
    "quickest": ("runtime", False),
    "newest": ("year", True),
    "latest": ("year", True),
    "most recent": ("year", True),
    "most modern": ("year", True),
    "oldest": ("year", False),
    "earliest": ("year", False),
    "cheapest": ("price", False),
    "least expensive": ("price", False),
    "most expensive": ("price", True),
    "priciest": ("price", True),
    "dearest": ("price", True),
}


def _compare(which: str, state: Any, agent: Any, catalog: bool = False) -> str:
    """ "Which one is the funniest / the longest?": answered from the picks shown, by a field
    (runtime, year), by a genre the word names, or by the order they came in."""
    return compared(which, state, agent, catalog)[0]


def _subtitled(picks: Sequence[Item], these: str, language: str | None) -> str:
    """ "Do any of them have subtitles?": the catalog records a language, not subtitles, so
    the picks not in English are the ones English speakers would need them for, by language."""
    if not language:
        return "The catalog records neither subtitles nor languages, so I can't tell."
    head = "The catalog doesn't record subtitles, only each one's language."
    by_language: dict[str, list[Item]] = {}
    for p in picks:
        said = listed([str(v) for v in p.values(language)]) or "no language recorded"
        by_language.setdefault(said, []).append(p)
    english = [p for said, ps in by_language.items() if "english" in said.lower() for p in ps]
    if len(by_language) == 1:
        said = next(iter(by_language))
        where = f"in {said}" if said != "no language recorded" else "without a language recorded"
        return f"{head} {these}, all are {where}."
    parts = []
    for said, ps in by_language.items():
        if "english" in said.lower():
            continue
        verb = "is" if len(ps) == 1 else "are"
        where = f"in {said}" if said != "no language recorded" else "without a language recorded"
        parts.append(f"{listed([p.heading() for p in ps])} {verb} {where}")
    tail = "; the others are in English" if english else ""
    return f"{head} {these}, {'; '.join(parts)}{tail}."


def compared(which: str, state: Any, agent: Any, catalog: bool = False) -> tuple[str, str | None]:
    """The answer to a question comparing the picks (:func:`_compare`), or with ``catalog``
    every item ("what's the oldest film you have?"), and the id of the item it names, if one:
    the conversation is on it next ("great, we'll watch that one")."""
    if catalog:
        items = list(agent.catalog.items())
        answer, named = compared(which, {"last_picks": [i.id for i in items]}, agent)
        return answer.replace("Of these, ", "Of everything I have, ", 1), named
    shown = list(state.get("last_picks", []))
    # "compare 1 and 2", then "which one is better?": of those two
    pair = [i for i in shown if i in state.get("compared", [])]
    picks = [agent.catalog.get(i) for i in (pair if len(pair) > 1 else shown)]
    if not picks:
        return f"I haven't shown you any {agent.config.nouns} yet. Tell me what you'd like.", None
    these = f"Of those {said_number(len(picks))}" if len(pair) > 1 else "Of these"
    vocab = agent.vocabulary
    if which == "subtitles":
        return _subtitled(picks, these, vocab.language_field), None
    field_role = _BY_FIELD.get(which)
    if field_role:
        role, highest = field_role
        name = _field_of(role, vocab)
        valued = [
            (float(v), p)
            for p in picks
            if name and isinstance(v := p.metadata.get(name), int | float)
        ]
        if valued and name:
            value = (max if highest else min)(v for v, _ in valued)
            tied = [p for v, p in valued if v == value]  # "which is shortest?": every one
            unit = ""
            if name == vocab.runtime_field:
                unit = f", at {value:g} minutes"
            elif role == "runtime":  # no runtime: "the longest, at 412 pages"
                unit = f", at {length_fact(name, value)}"
            elif role == "price":
                unit = f", at {price_text(value)}"
            if len(tied) > 1:
                heads = listed([p.heading() for p in tied])
                each = f"{unit} each" if unit else ""
                return f"{these}, {heads} are the {which}{each}.", tied[0].id
            return f"{these}, {tied[0].heading()} is the {which}{unit}.", tied[0].id
    feeling = adjective(which)
    genres = vocab.genre_targets(feeling) if feeling else ()
    if genres:
        field_name, value = genres[0]
        hits = [p for p in picks if value in {str(v).lower() for v in p.values(field_name)}]
        if not hits:
            return f"None of these is listed as {value}; ask for {value} and I'll look.", None
        heads = listed([p.heading() for p in hits[:3]])  # "A, B and C", not "A and B and C"
        if len(hits) == 1:
            return f"{these}, only {heads} is listed as {value}.", hits[0].id
        return f"{these}, {heads} are listed as {value}; {hits[0].title} came first.", hits[0].id
    first = picks[0]
    if which == "best":
        why = state.get("last_explanations", {}).get(first.id, "")
        if len(pair) > 1:  # the catalog holds no verdict; the order they came in is one
            why = f"it came before the other{'s' if len(pair) > 2 else ''} for what you asked."
            return f"{these}, I'd start with {first.heading()}: {why}", first.id
        return f"I'd start with {first.heading()}. {why}".strip(), first.id
    ranked = which.startswith(("most ", "least ")) or which == "best" or which.endswith("est")
    what = f"the {which}" if ranked else f"{'an' if which[:1] in 'aeiou' else 'a'} {which}"
    return (
        f"The catalog doesn't say which is {what}. {first.heading()} came first for what you "
        "asked.",
        None,
    )


def _field_of(role: str, vocab: Any) -> str | None:
    """The catalog's field for a superlative's role: the year, the runtime (else a length such as
    pages: "the longest book"), or the price."""
    if role == "year":
        return str(vocab.year_field) if vocab.year_field else None
    if role == "runtime" and vocab.runtime_field:
        return str(vocab.runtime_field)
    wanted = cues.LENGTH_FIELDS if role == "runtime" else cues.PRICE_FIELDS
    numbers = {n.lower(): n for n in vocab.numbers}
    return next((numbers[f] for f in wanted if f in numbers), None)


def _recalled(plan: TurnPlan, profile: Profile, agent: Any) -> str:
    """ "What did you recommend me last time?": the picks, from this conversation or the user's
    latest other one; else what the profile holds, said as such."""
    noun = agent.config.noun
    if plan.asks:  # "what did I pick yesterday?"
        return _choice(plan, agent)
    if plan.recalled:
        lead = "My last picks were:" if plan.recalled_here else "Last time I suggested:"
        lines = []
        for n, item_id in enumerate(plan.recalled, 1):
            item = agent.catalog.get(item_id)
            lines.append(
                f"{n}. **{item.title}**" + (f" ({item.shown_year})" if item.shown_year else "")
            )
        ask = 'Ask about any of them ("tell me about the second one"), or for something new.'
        return "\n".join([lead, *lines, ask])
    if profile.is_empty():
        return (
            f"I haven't recommended you anything yet. Tell me a {noun} you loved, or what "
            "you're in the mood for."
        )
    known = describe_profile(
        profile,
        agent.vocabulary.people_names,
        agent.config.nouns,
        agent.vocabulary,
        agent.config.noun,
    )
    return f"I have no picks of mine from before to show you, but I remember this.\n{known}"


def _guessed(plan: TurnPlan, agent: Any) -> str:
    """The film taken for "the one you suggested yesterday" when no pick was taken up, said."""
    item = agent.catalog.get(plan.guessed)
    year = f" ({item.shown_year})" if item.shown_year else ""
    return (
        "You didn't tell me which one you chose, so I take it you mean the first I suggested "
        f"last time: {item.title}{year}"
    )


def _choice(plan: TurnPlan, agent: Any) -> str:
    """ "What did I pick yesterday?", "what was it called again?": the film, by name."""
    if not plan.recalled:
        said = "what you watched" if is_film(agent.config.noun) else "which one you picked"
        return (
            f"You haven't told me which of my picks you chose. Tell me {said}, or what you're in "
            "the mood for now."
        )
    if plan.guessed:
        return _guessed(plan, agent) + "."
    item = agent.catalog.get(plan.recalled[0])
    year = f" ({item.shown_year})" if item.shown_year else ""
    return ended(f"It was {item.title}{year}")


def _welcome_back(plan: TurnPlan, agent: Any) -> str:
    """ "Hi, it's me again": hello, and the picks of last time if there are some."""
    noun = agent.config.noun
    if not plan.recalled:
        return f"Welcome back! Tell me a {noun} you loved, or what you're in the mood for."
    titles = listed([agent.catalog.get(i).title for i in plan.recalled])
    return (
        f"Welcome back! Last time I suggested {titles}. Ask about one of them, or tell me "
        "what you're in the mood for now."
    )


def _english_only(plan: TurnPlan, agent: Any) -> str:
    """ "I understand English only, so I went by Amélie. ..." for a message in another language:
    what of it was read (titles and people of the catalog), and a request for English."""
    from pickwise.agent.turn import humanize  # the turn module imports this one

    names = [agent.catalog.get(i).title for i in plan.named]
    said = [humanize(c, agent.vocabulary.people_names) for c in plan.where]  # "by Ozu"
    names += [w.removeprefix("by ").removeprefix("with ") for w in said]
    if names and plan.retrieve:
        return (
            f"I understand English only, so I went by {listed(names)}. Tell me the rest in "
            "English (a genre, a mood, an era) and I'll use it."
        )
    return (
        "Sorry, I understand English only. Could you say that in English? Tell me "
        f"{agent.config.a_noun} you loved, or what you're in the mood for."
    )


def _help(agent: Any) -> str:
    """ "What can you do?": what pickwise does with this catalog and what a message can say,
    with examples for the fields the catalog has (films get film examples)."""
    config, vocab = agent.config, agent.vocabulary
    film = is_film(config.noun)
    lines = [
        f"I recommend {config.nouns} from this catalog ({len(agent.catalog):,} of them) and say "
        "why each one fits. Tell me:",
        f"- {config.nouns} you loved or didn't"
        + (' ("I loved Arrival, but not Tenet")' if film else ""),
        "- what you're in the mood for, or what to leave out"
        + (' ("something lighter", "a heist movie", "no horror")' if film else ""),
    ]
    limits = [
        (vocab.year_field, "years", '"nothing before 1990"'),
        (vocab.language_field, "a language", '"in French"'),
        (vocab.runtime_field, "a length", '"under two hours"'),
        (vocab.people, "who made it or is in it", '"by Denis Villeneuve"'),
    ]
    said = [(what, example) for on, what, example in limits if on]
    if said:
        examples = f" ({', '.join(e for _, e in said)})" if film else ""
        lines.append(f"- {listed([w for w, _ in said])}{examples}")
    lines.append(  # after a blank line: in Markdown it would go on the last item
        '\nAfter a list: "more like the second one", "not that one, I\'ve seen it", "why the '
        'first one?", "compare 1 and 2".'
    )
    lines.append(
        'I remember what you tell me for next time: "what do you know about me?" shows it, '
        '"forget everything" clears it.'
    )
    return "\n".join(lines)


def _small_talk(message: str, noun: str) -> str:
    """A greeting, thanks or goodbye gets one line back, not picks; emoji or mashed keys, a
    question back."""
    folded = fold_text(message)
    if thumb(message) == "up":  # no pick talked about: the picks (it was "not sure")
        return "Glad you like them! Ask for more, or tell me what to change."
    if thumb(message) == "down":
        return "Sorry! Which one don't you like? Say its number or its title, or what to change."
    if unclear(folded):  # "😂😂", "asdfghjkl"
        verb = "watch" if is_film(noun) else "try"
        return (
            f"I'm not sure what you mean. What would you like to {verb}? Tell me {a_or_an(noun)} "
            "you loved, or what you're in the mood for."
        )
    if re.search(cues.BOT_FAVOURITE, folded):  # "what's your favorite movie?"
        return (
            f"I don't have favourites of my own: I go by what you like. Tell me "
            f"{a_or_an(noun)} you loved, or what you're in the mood for."
        )
    glad = "Glad to hear it! " if re.search(cues.FEELING, folded) else ""
    if re.search(cues.THANKS_OR_BYE, folded):
        if not re.search(cues.THANKS, folded):  # "bye": no thanks to answer
            return "Bye! Come back any time for more picks."
        return f"{glad}You're welcome! Come back any time for more picks."
    if re.search(cues.SMALL_TALK_HELLO, folded):
        return f"Hi! Tell me {a_or_an(noun)} you loved, or what you're in the mood for."
    return glad.strip() or "Glad to help. Ask for more, or tell me what to change."


def _answer(item: Item, plan: TurnPlan, agent: Any, profile: Profile | None = None) -> str:
    """The answer to a question about one item: whether the catalog has it ("do you have
    Arrival?"), what the profile says of it ("have I seen Arrival?"), else the fact asked."""
    noun = agent.config.noun
    if plan.asks == "have":
        return f"Yes: {describe(item, noun, agent.vocabulary.roles)}"
    if plan.asks == "check" and plan.checks and plan.checks[0][0] == "audience":
        return suits_child(item, plan.checks[0][1], noun)  # "is it ok for a 10 year old?"
    if plan.asks == "profile" and profile is not None:
        head = item.heading()
        if item.id in profile.liked:
            return f"Yes: you told me you liked {head}."
        if item.id in profile.disliked:
            return f"Yes: you told me you didn't like {head}."
        if item.id in profile.seen:
            return f"Yes: you told me you've seen {head}."
        return (
            f"Not that you've told me. Say \"I've seen {item.title}\" and I won't suggest it, "
            f'or "I loved {item.title}" and I\'ll look for more like it.'
        )
    if plan.asks.startswith("field:"):  # "who designed it?", "what cuisine is it?"
        return field_answer(item, plan.asks.removeprefix("field:"))
    return fact_answer(item, plan.asks, noun, plan.checks, agent.vocabulary.roles)


def _side_by_side(plan: TurnPlan, state: Any, agent: Any) -> str:
    """ "Compare 1 and 2": the picks' facts side by side, each with its number in the list."""
    shown = list(state.get("last_picks", []))
    places = [shown.index(i) + 1 if i in shown else None for i in plan.refs]
    items = [agent.catalog.get(i) for i in plan.refs]
    facts = side_by_side(items, places, agent.config.nouns)
    if ("better", "") not in plan.checks:
        return facts
    # "which is better, Alien or Aliens?": the ratings, if the catalog has them; it holds no
    # verdict else, and says so rather than guess (it brought a new list of films like both)
    rating = [(i, fact_field(i, "rating", agent.vocabulary.roles)) for i in items]
    rated = [f"{i.title}: {listed([str(v) for v in i.values(f)])}" for i, f in rating if f]
    if rated:
        return f"{facts}\nRated {'; '.join(rated)}."
    return (
        f"{facts}\nThe catalog has no ratings or reviews, so I can't say which is better: these "
        "are the facts it has (year, length, genres, director), and the pick is yours."
    )


#: Places of a pick in words: "there is no first one".
_PLACES = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _watched(plan: TurnPlan, agent: Any) -> str:
    """The answer to a question about pickwise's own viewing ("have you seen it?", "how many
    times have you seen it?"): it has seen none; what it can tell instead."""
    nouns = agent.config.nouns
    if not plan.refs:
        return (
            f"I haven't seen any {nouns}: I only know what my catalog says about them. Tell me "
            f"{agent.config.a_noun} you loved, or what you're in the mood for."
        )
    item = agent.catalog.get(plan.refs[0])
    return (
        f"I haven't seen {item.heading()}, or any {nouns}: I only know what my catalog says about "
        "them. I can tell you what it is about, who made it and who is in it: just ask."
    )


def _kept(plan: TurnPlan, state: Any, agent: Any, profile: Profile) -> str:
    """Why a person's or a genre's films keep coming, from the films liked and the last picks."""
    known = agent.catalog.index.row_of
    picks = [agent.catalog.get(i) for i in state.get("last_picks", []) if i in known]
    liked = [agent.catalog.get(i) for i in profile.liked if i in known]
    names = agent.vocabulary.people_names
    shown = names.get(plan.checks[0][1], plan.checks[0][1])
    fan = any(person_key(f, v) in profile.liked_people for f, v in plan.checks)
    return kept_answer(plan.checks, picks, liked, shown, agent.config.noun, fan)


def _none_is(plan: TurnPlan, state: Any = None, agent: Any = None) -> str:
    """ "None of my last picks is the one with the dinosaurs. " when a pick was described that
    none of them fits; "I showed you only five: A, B, C, D and E. " when one past the end of
    them was asked for ("whats the 7th one"); else ""."""
    if plan.unmatched:
        return f"None of my last picks is {plan.unmatched}. "
    if plan.several and agent is not None:  # "the one with Hugh Grant" when two have him
        titles = listed([agent.catalog.get(i).title for i in plan.several], "or")
        return f"More than one of my last picks fits that: {titles}. "
    picks = list(state.get("last_picks", [])) if plan.out_of_range and state else []
    if picks and agent is not None:
        titles = listed([agent.catalog.get(i).title for i in picks])
        return f"I showed you only {said_number(len(picks))}: {titles}. "
    if plan.out_of_range and agent is not None:  # "I loved the second one" before any list
        place = _PLACES.get(plan.out_of_range, "such")
        return (
            f"I haven't shown you any {agent.config.nouns} in this conversation yet, so there "
            f"is no {place} one. "
        )
    return ""


def _of_the_kind(plan: TurnPlan, result: RerankResult) -> bool:
    """Whether every pick is of a kind the request asks for (there is none, or one fits)."""
    from pickwise.agent.turn import fits

    return not plan.tastes or all(
        any(fits(p.recommendation.item, t) for t in plan.tastes) for p in result.picks
    )


def _nothing_fits(plan: TurnPlan, profile: Profile, agent: Any) -> str:
    """No pick: the constraints in force, so the user sees which one to loosen."""
    from pickwise.agent.turn import humanize  # the turn module imports this one

    names = agent.vocabulary.people_names
    both = (*profile.constraints, *plan.where)
    said = list(dict.fromkeys(humanize(c, names, agent.vocabulary.roles) for c in both))
    if not said:
        return "I found nothing that fits. Try asking for something else."
    ways = _loosening(plan, profile, agent)
    how = f"Try loosening one ({ways})" if ways else "Try asking without one of them"
    culprit = _ruled_out(plan, profile, agent)
    return (
        f"I found nothing that fits all of these: {'; '.join(said)}.{culprit} {how}, or ask "
        "for another."
    )


def _ruled_out(plan: TurnPlan, profile: Profile, agent: Any) -> str:
    """ " Nothing in the catalog is 225-255 minutes long." : the constraints in force that no
    item meets on its own, else the one without which something would fit; "" when none
    alone is to blame (it said only "Nothing fits all of that")."""
    from pickwise.agent.turn import humanize

    index, names = agent.catalog.index, agent.vocabulary.people_names
    said = list(dict.fromkeys((*profile.constraints, *plan.where)))
    if not said:
        return ""

    def fits(cs: Sequence[Any]) -> bool:
        mask = index.mask(list(cs))
        return mask is None or bool(mask.any())

    if fits(said):  # the filters leave items, none of the kind asked
        return _closest_of_another_kind(plan, profile, agent, said)
    alone = [c for c in said if not fits([c])]
    if alone:
        words = listed([humanize(c, names) for c in alone], "or")
        nearest = _nearest(plan, profile, agent, said, alone)
        return f" Nothing in the catalog is {words}{nearest}."
    blamed = [c for c in said if fits([d for d in said if d is not c])]
    if len(blamed) == 1:
        return f" Without {humanize(blamed[0], names)}, some would fit."
    return _closest_outside(plan, profile, agent, said, blamed)


def _closest_of_another_kind(
    plan: TurnPlan, profile: Profile, agent: Any, said: Sequence[Any]
) -> str:
    """ " The closest are in French and before 1930 but not comedy: The Passion of Joan of Arc
    (1928)." : when the filters in force leave items but none of the kinds asked, those items
    (none the user liked, disliked or saw); "" when no kind was asked. It said "The closest
    are in French but not before 1930" of films from 1928."""
    from pickwise.agent.turn import fits, humanize

    index, names = agent.catalog.index, agent.vocabulary.people_names
    mask = index.mask(list(said))
    if not plan.tastes or mask is None:
        return ""
    known = {*profile.liked, *profile.disliked, *profile.seen}
    rows = (index.items[int(r)] for r in mask.nonzero()[0])
    items = [
        item
        for item in rows
        if item.id not in known and not any(fits(item, t) for t in plan.tastes)
    ][:MAX_CLOSEST]
    if not items:
        return ""
    kept = listed([humanize(c, names) for c in said])
    kinds = listed([t.label for t in plan.tastes], "or")
    return f" The closest are {kept} but not {kinds}: {listed([i.heading() for i in items])}."


#: What the items nearest a bound are, by the bound's side and field role ("the shortest").
_NEAREST = {
    ("max", "runtime"): "shortest",
    ("min", "runtime"): "longest",
    ("max", "year"): "oldest",
    ("min", "year"): "newest",
}


def _nearest(
    plan: TurnPlan, profile: Profile, agent: Any, said: Sequence[Any], alone: Sequence[Any]
) -> str:
    """ "; the shortest I have are Safety Last! (76 min) and ..." : when the one constraint
    no item meets is a number bound ("up to 60 minutes", "before 1910"), the items meeting
    every other one nearest to it, nearest first (none the user liked, disliked or saw); ""
    otherwise. It said only "Nothing in the catalog is up to 60 minutes"."""
    bound = alone[0]
    if len(alone) > 1 or not isinstance(bound, Range):
        return ""
    index, vocab = agent.catalog.index, agent.vocabulary
    rest = [c for c in said if c is not bound]
    # the items meeting the rest (none liked, disliked or seen) that have a value, nearest first
    values = index.number_column(bound.field)
    allowed = index.mask(rest, {*profile.liked, *profile.disliked, *profile.seen})
    rows = np.flatnonzero(~np.isnan(values) & (True if allowed is None else allowed))
    if not len(rows):
        return ""
    below = bound.min - values[rows] if bound.min is not None else 0.0
    above = values[rows] - bound.max if bound.max is not None else 0.0
    distance = np.maximum(np.maximum(below, above), 0.0)
    nearest = rows[np.argsort(distance, kind="stable")[:MAX_CLOSEST]]
    items = [index.items[int(r)] for r in nearest]
    role = {vocab.runtime_field: "runtime", vocab.year_field: "year"}.get(bound.field, "")
    side = "max" if bound.min is None else "min" if bound.max is None else ""
    which = _NEAREST.get((side, role), "closest")
    heads = listed([_valued_heading(item, bound.field, role) for item in items])
    that = " that fit the rest" if rest else ""
    are = "is" if len(items) == 1 else "are"
    return f"; the {which} I have{that} {are}: {heads}"


def _valued_heading(item: Item, field: str, role: str) -> str:
    """ "Safety Last! (76 min)" for a runtime, "Arrival (2016)" for a year, else the heading
    with the value: how near the item is to the bound asked."""
    value = item.metadata.get(field)
    if role == "runtime" and isinstance(value, int | float):
        return f"{item.title} ({value:g} min)"
    if role == "year" or not isinstance(value, int | float):
        return item.heading()
    return f"{item.heading()}, {number_fact(field, value)}"


def _closest_outside(
    plan: TurnPlan, profile: Profile, agent: Any, said: Sequence[Any], blamed: Sequence[Any]
) -> str:
    """ " The closest are by Denis Villeneuve but not from the 1990s: Blade Runner 2049
    (2017) and Dune: Part Two (2024)." : when any one of the constraints in force could go,
    the items of the one asked for now without an older one (none the user liked, disliked or
    saw); "" when there are none."""
    from pickwise.agent.turn import humanize

    index, names = agent.catalog.index, agent.vocabulary.people_names
    older = [c for c in blamed if c not in plan.where]
    if not older or not any(c in blamed for c in plan.where):
        return ""
    dropped = older[-1]  # the latest of the older ones gives way to what is asked now
    mask = index.mask([c for c in said if c is not dropped])
    if mask is None:
        return ""
    known = {*profile.liked, *profile.disliked, *profile.seen}
    rows = [int(r) for r in mask.nonzero()[0]]
    # each one misses what is said it misses (1928 was among the closest "not before 1930")
    items = [
        index.items[r]
        for r in rows
        if index.items[r].id not in known and not satisfies(index.items[r], [dropped])
    ][:MAX_CLOSEST]
    if not items:
        return ""
    kept = listed([humanize(c, names) for c in said if c is not dropped])
    heads = listed([i.heading() for i in items])
    return f" The closest are {kept} but not {humanize(dropped, names)}: {heads}."


#: The most items a no-fit reply offers as the closest.
MAX_CLOSEST = 3


def _topic_elsewhere(plan: TurnPlan, result: RerankResult, profile: Profile, agent: Any) -> str:
    """ "None of my family films mentions dinosaurs; Jurassic Park (1993) does, but it is not
    a family film." : when a kind is asked (a genre, or for kids) with a topic ("my kids love
    dinosaurs") that no pick's description mentions, and no item of the kind does, those of
    other kinds that do (none the user liked, disliked or saw); "None of my films mentions
    dinosaurs." when none does. With no kind asked, "No other film of mine mentions heist;
    these are the nearest:" when every item that mentions it is one the user knows. "" otherwise:
    it listed Toy Story and Shrek in silence."""
    from pickwise.agent.turn import AUDIENCE, audience_filter, fits

    vocab, index = agent.vocabulary, agent.catalog.index
    audience = audience_filter(plan.query, vocab)
    kinds = [v for c in audience if isinstance(c, AnyOf) for v in sorted(c.values)]
    kinds += [v for t in plan.tastes for _, v in t.genres if v not in kinds]
    labels = {t.label.lower() for t in plan.tastes} | set(kinds) | AUDIENCE
    # a genre word is no topic ("my wife likes rom-coms": "no film mentions rom-coms")
    topics = [
        t for t in _wished(plan) if t not in labels and _a_topic(t) and not vocab.genre_targets(t)
    ]
    picks = [p.recommendation.item for p in result.picks]
    if not topics or any(_mentions(i, topics[0]) for i in picks):
        return ""
    topic, known = topics[0], {*profile.liked, *profile.disliked, *profile.seen}
    mask = index.mask([*profile.constraints, *plan.where])
    rows = range(len(index.items)) if mask is None else (int(r) for r in mask.nonzero()[0])
    mention = [i for i in (index.items[r] for r in rows) if _mentions(i, topic)]
    said = [i for i in mention if i.id not in known]
    if not kinds:
        # "a heist movie", then "I've seen all of those": My Neighbor Totoro was "among the
        # closest matches to what you asked for (heist)"
        if mention and not said:
            return f"No other {agent.config.noun} of mine mentions {topic}; these are the nearest:"
        return ""
    of_kind = [
        i
        for i in said
        if satisfies(i, audience) and (not plan.tastes or any(fits(i, t) for t in plan.tastes))
    ]
    if of_kind:
        return ""  # ranked among the picks, or shown before
    noun, nouns = agent.config.noun, agent.config.nouns
    # one taste of several genres asks for all of them ("a romance, comedy and action film")
    kind = listed(kinds, "and" if len(plan.tastes) == 1 and not audience else "or")
    a_kind, kinds_said = f"{kind} {noun}", f"{kind} {nouns}"
    if any(_is_origin(f) for t in plan.tastes for f, _ in t.genres) and not audience:
        # a place as the user said it: "films from Japan", not "japan films"
        a_kind, kinds_said = _kind_words(plan, agent, noun), _kind_words(plan, agent, nouns)
    if not said:
        return f"None of my {nouns} mentions {topic}."
    items = said[:MAX_CLOSEST]
    one = len(items) == 1
    what = f"it is not {a_or_an(a_kind)}" if one else f"they are not {kinds_said}"
    heads, does = listed([i.heading() for i in items]), "does" if one else "do"
    return f"None of my {kinds_said} mentions {topic}; {heads} {does}, but {what}."


def _wished(plan: TurnPlan) -> list[str]:
    """The parts of what the user asked for, in their words ("kids", "dinosaurs")."""
    return [w.strip().lower() for w in plan.wish.split(",") if w.strip()]


def _a_topic(wish: str) -> bool:
    """Whether a wish names what a film is about (a word or two, no mood nor audience word):
    "dinosaurs", "time travel"; not "funny", "kids", "not gory" or a mood ("down-to-earth":
    "None of my films mentions down-to-earth")."""
    from pickwise.agent.turn import MOODS

    words = wish.split()
    return (
        0 < len(words) <= 2
        and not refused(wish)
        and wish not in MOODS
        and wish not in cues.ASPECT_TERMS
        and not any(w in cues.ASPECT_TERMS for w in words)
    )


def _mentions(item: Item, topic: str) -> bool:
    """Whether an item's title or description has every word of a topic, in its singular or
    plural, as a word or the end of one ("fish" in "clownfish"); not the start of a longer one:
    "trains" is not in "trainee" nor "Trainspotting"."""
    text = f"{item.title} {item.text}".lower()
    return all(re.search(_topic_word(w), text) for w in topic.split())


def _topic_word(word: str) -> str:
    stem = word[:-1] if len(word) > 3 and word.endswith("s") else word
    lead = "" if len(stem) > 3 else r"\b"  # "fish" ends "clownfish"; "cat" is no "bobcat"
    return rf"{lead}{re.escape(stem)}(?:s|es)?\b"


#: The most titles a count names.
MAX_COUNTED = 8


#: What the catalog does not record, by the kind of wish (:func:`_lacking`).
_UNRECORDED = {
    "opinion": "what critics or fans think of its {nouns}",
    "true story": "whether {a} is based on a true story",
    "adaptation": "whether {a} is adapted from a book or anything else",
    "sequel": "whether {a} is a sequel or a remake",
}


def _lacking(what: str, said: str, agent: Any) -> str:
    """ "I have no films in Finnish.", "The catalog doesn't record the gender of its directors,
    so I can't choose by that." (what a request asks that the catalog cannot give)."""
    if what == "language":
        return f"I have no {agent.config.nouns} in {said}."
    nouns = agent.config.nouns
    if what == "colour" and said == "newer":  # "not black and white"
        return (
            f"My catalog doesn't record whether {agent.config.a_noun} is in black and white, so "
            f"I'm leaving out {nouns} from before {BW_BEFORE}, when most were."
        )
    if what == "colour" and said.startswith("colour"):  # "in color", "from the 1930s in color"
        newer = f", so I'm leaving out {nouns} from before {BW_BEFORE}, when most were in black"
        newer = f"{newer} and white" if said.endswith("newer") else ""
        return f"My catalog doesn't record whether {agent.config.a_noun} is in colour{newer}."
    if what == "colour":  # "only black and white films please"
        older = f", so here are {nouns} from before {BW_BEFORE}, when most were"
        older = older if said == "older" else ""
        return (
            f"My catalog doesn't record whether {agent.config.a_noun} is in black and white{older}."
        )
    if what == "silent":  # "no silent films"
        newer = f", so I'm leaving out {nouns} from before {SILENT_BEFORE}, when most were"
        newer = newer if said == "newer" else ""
        return f"My catalog doesn't record whether {agent.config.a_noun} is silent{newer}."
    if what == "cast of unknown":  # "the guy from Drive"
        return (
            f"I don't have {said} in my catalog, so I can't tell who you mean from it; "
            "tell me their name and I'll look for their films."
        )
    if what == "cast of":  # "the guy from Arrival"
        return _whose_cast(agent.catalog.get(said), agent)
    if what == "studio":  # "a Ghibli film"
        kind = cues.STUDIO_KINDS.get(" ".join(said.lower().split()))
        went_by = f"; I went by the kind they are known for ({kind})" if kind else ""
        return (
            f"My catalog doesn't record studios, so I can't tell which {nouns} are by "
            f"{said}{went_by}."
        )
    if what in _UNRECORDED:  # "something underrated", "based on a true story"
        unrecorded = _UNRECORDED[what].format(nouns=nouns, a=agent.config.a_noun)
        return f"My catalog doesn't record {unrecorded}, so I can't choose by that."
    makers = [f for f, _ in agent.vocabulary.people if f.lower().startswith(cues.DIRECTOR_FIELDS)]
    whose = makers[0].replace("_", " ") if makers else "people"
    whose = whose if whose.endswith("s") else f"{whose}s"
    return f"The catalog doesn't record the gender of its {whose}, so I can't choose by that."


#: The most people of a cast named to choose from.
MAX_CAST_NAMED = 4


def _whose_cast(item: Any, agent: Any) -> str:
    """ "Arrival stars Amy Adams, Jeremy Renner and Forest Whitaker; which of them do you
    mean?" (someone pointed at by a film they were in: "the guy from Arrival")."""
    fields = [
        f for f, _ in agent.vocabulary.people if not f.lower().startswith(cues.DIRECTOR_FIELDS)
    ]
    names = [str(v) for f in fields[:1] for v in item.values(f)][:MAX_CAST_NAMED]
    if not names:
        return f"My catalog doesn't list who is in {item.title}, so I can't tell who you mean."
    return (
        f"{item.title} stars {listed(names)}; which of them do you mean? Say the name and "
        f"I'll look for their {agent.config.nouns}."
    )


def _values_answer(field: str, agent: Any) -> str:
    """ "I have 320 films in 19 genres: Drama (150), Comedy (70), ..." (the most common first,
    at most :data:`MAX_VALUES`), for "what genres do you have?"."""
    counts: dict[str, int] = {}
    for item in agent.catalog.index.items:
        for value in dict.fromkeys(str(v) for v in item.values(field)):
            counts[value] = counts.get(value, 0) + 1
    nouns = agent.config.nouns
    what = field.replace("_", " ")
    if not counts:
        return f"The catalog doesn't say the {what} of its {nouns}."
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = [f"{value} ({n})" for value, n in ranked[:MAX_VALUES]]
    more = len(ranked) - len(shown)
    named = listed([*shown, f"{more} more"]) if more else listed(shown)
    total = len(agent.catalog.index.items)
    kind = (
        what
        if what.endswith("s")
        else "languages"
        if field == agent.vocabulary.language_field
        else f"{what} values"
    )
    return f"My {total} {nouns} cover {len(ranked)} {kind}: {named}."


#: The most values a catalog question names ("what genres do you have?").
MAX_VALUES = 12


def _count_answer(plan: TurnPlan, agent: Any, state: Mapping[str, Any]) -> str:
    """ "I have 4 films by Stanley Kubrick: 2001: A Space Odyssey, ..." from the catalog, or
    "Of these, 1 is ..." among the last picks ("how many of them are by Hitchcock?")."""
    from pickwise.agent.turn import humanize
    from pickwise.retrieval.genres import GENRE_FIELD_NAMES

    said = [parse_where(v) for f, v in plan.checks if f == "count"]
    among = ("among", "picks") in plan.checks and state.get("last_picks")
    if among:
        known = agent.catalog.index.row_of
        pool = [agent.catalog.get(i) for i in state.get("last_picks", []) if i in known]
    else:
        pool = list(agent.catalog.items())
    items = [item for item in pool if satisfies(item, said)]
    kinds = [
        v
        for c in said
        if isinstance(c, AnyOf) and c.field.lower() in GENRE_FIELD_NAMES
        for v in sorted(c.values)
    ]
    rest = [c for c in said if not (isinstance(c, AnyOf) and c.field.lower() in GENRE_FIELD_NAMES)]
    noun = agent.config.noun if len(items) == 1 else agent.config.nouns
    people = agent.vocabulary.people_names
    words = [" and ".join(kinds)] if kinds else []
    what = " ".join([*words, noun, *(humanize(c, people) for c in rest)])
    if among:
        described = " ".join(humanize(c, agent.vocabulary.people_names) for c in rest)
        kind = f"{a_or_an(' and '.join(kinds))}" if kinds else ""
        what = " ".join(w for w in (kind, described) if w) or "of that kind"
        if not items:
            return f"None of these is {what}."
        verb = "is" if len(items) == 1 else "are"
        return f"Of these, {len(items)} {verb} {what}: {listed([i.heading() for i in items])}."
    if not items:
        return f"I have no {what} in my catalog."
    titles = [item.heading() for item in items[:MAX_COUNTED]]
    more = len(items) - len(titles)
    named = listed([*titles, f"{more} more"]) if more else listed(titles)
    return f"I have {len(items)} {what}: {named}."


def _nothing_new(plan: TurnPlan, profile: Profile, agent: Any, state: Mapping[str, Any]) -> str:
    """Only the list just shown fits: said, with what could be loosened, not shown again."""
    from pickwise.agent.turn import fits

    ways = _loosening(plan, profile, agent)
    how = f"loosen something ({ways})" if ways else "ask for something different"
    known = agent.catalog.index.row_of
    last = [agent.catalog.get(i) for i in state.get("last_picks", []) if i in known]
    if plan.tastes and not all(any(fits(item, t) for t in plan.tastes) for item in last):
        # "a french comedy then" when no French comedy fits: those picks are no comedies
        return (
            f"Nothing fits all of that ({plan.wish}); my last picks come closest."
            f"{_ruled_out(plan, profile, agent)} Ask about one of them, or {how}."
        )
    return (
        f"Nothing new fits that: my last picks are the only ones that do. Ask about one of "
        f"them, or {how}."
    )


def _closest(plan: TurnPlan, profile: Profile, agent: Any) -> str:
    """ "No other film by Bong Joon-ho fits. These are the closest to Parasite and Memories of
    Murder:" (more than two: "to the 6 films by Christopher Nolan"). With filters that leave
    out others of theirs, how to loosen them: "what about something by Ridley Scott" after sci-fi
    from the 80s, all seen, said only "No other film by Ridley Scott fits"."""
    noun, who = agent.config.noun, listed(list(plan.dropped), "or")
    titles = [agent.catalog.get(i).title for i in plan.seeds]
    theirs = listed(titles) if len(titles) <= 2 else f"the {len(titles)} {agent.config.nouns} {who}"
    if plan.compared:  # "something newer" after all of someone's films
        nouns = agent.config.nouns
        return (
            f"I have no {plan.compared} {noun} {who} than those. These are {plan.compared}"
            f" {nouns} closest to {theirs}:"
        )
    ways = _loosening(plan, profile, agent) if plan.elsewhere else ""
    more = f"; for more of their work, loosen something ({ways})" if ways else ""
    return f"No other {noun} {who} fits{more}. These are the closest to {theirs}:"


def not_here(fields: Sequence[str]) -> str:
    """Says that the profile's constraints on fields this catalog lacks do not apply here."""
    if len(fields) == 1:
        return (
            f"Your saved limit on {fields[0]} doesn't apply to this catalog, which has no "
            f"{fields[0]} field."
        )
    return (
        f"Your saved limits on {listed(list(fields))} don't apply to this catalog, which has "
        f"no {listed(list(fields), 'or')} fields."
    )


def _few_fit(plan: TurnPlan, result: RerankResult, profile: Profile, agent: Any) -> str:
    """ "Nothing else fits up to 90 minutes and in Italian. Try loosening one ("any length",
    "any language") for more." : when the filters in force leave fewer picks than asked for. It
    showed one film after "here are the closest other films:" and said nothing more."""
    if len(result.picks) >= (plan.count or agent.config.picks):
        return ""
    within = _filters_said(plan, profile, agent)
    ways = _loosening(plan, profile, agent)
    if not within or not ways:
        return ""
    return f"Nothing else fits{within}. Try loosening one ({ways}) for more."


def _loosening(plan: TurnPlan, profile: Profile, agent: Any) -> str:
    """What the user could say to loosen the constraints in force, the ones that can be."""
    vocab = agent.vocabulary
    by_field = {
        vocab.year_field: '"any year"',
        vocab.runtime_field: '"any length"',
        vocab.language_field: '"any language"',
    }
    held = agent.held(profile)
    said = [by_field[c.field] for c in (*plan.where, *held) if c.field in by_field]
    refused = [c for c in held if isinstance(c, NoneOf)]
    said += [f'"{v} is fine"' for c in refused for v in sorted(c.values)]
    return ", ".join(list(dict.fromkeys(said))[:3])


#: Filters said as they are after a title ("only in French", "not in Korean"); others follow
#: "something" ("something in English", "something from the 1980s").
_SAID_ALONE = ("only ", "no ", "not ", "nothing ")


def _lead(plan: TurnPlan, agent: Any) -> str:
    """What this turn looks for, said before the picks are ready."""
    # a follow-up that kept the seeds ("under 2 hours" after "more like the second one"); a
    # seed may have left the catalog since
    seeds = [i for i in plan.seeds if i in agent.catalog.index.row_of]
    titles = " and ".join(agent.catalog.get(i).title for i in seeds[:2])
    if seeds and plan.intent == "recommend" and plan.wish and len(plan.wish) <= 60:
        return ended(f"Looking for {' '.join(plan.wish.split())}, like {titles}", "...")
    if seeds and plan.intent in ("more_like", "recommend"):
        # "like Parasite but in English": the filters it applies are said (they were not)
        from pickwise.agent.turn import humanize  # the turn module imports this one

        names = agent.vocabulary.people_names
        filters = list(dict.fromkeys(humanize(c, names) for c in plan.where))
        said = "".join(f", {w if w.startswith(_SAID_ALONE) else 'something ' + w}" for w in filters)
        return ended(f"Looking for more like {titles}{said}", "...")
    if plan.intent in ("something_else", "not_that"):
        return "Looking for other options..."
    if plan.people_only:  # "I love Audrey Hepburn": theirs first, then the closest to them
        from pickwise.agent.turn import humanize  # the turn module imports this one

        names = agent.vocabulary.people_names
        if plan.people_known:  # none of theirs is new: say what the list is
            return _closest_to_people(plan, agent)
        said = listed(list(dict.fromkeys(humanize(c, names) for c in plan.people_only)), "or")
        return f"Looking for {agent.config.nouns} {said}, then the closest to theirs..."
    wish = " ".join(plan.wish.split())
    if len(plan.tastes) > 1:  # "she likes rom-coms, I like sci-fi"
        kinds = [f"{said_number(t.count)} {t.label}" if t.count else t.label for t in plan.tastes]
        mix = listed(kinds)
        wish = mix if all(t.count for t in plan.tastes) else f"a mix of {mix}"
        # what else was asked goes on being said: "..., something up to 120 minutes"
        names = agent.vocabulary.names_genre
        rest = [w for w in plan.wish.split(", ") if w.strip() and not names(w)]
        wish = ", ".join([wish, *rest])
    if plan.avoid:
        avoiding = f"(avoiding: {', '.join(plan.avoid)})"
        wish = f"{wish} {avoiding}" if wish else f"anything {avoiding}"
    if wish and len(wish) <= 80:
        return ended(f"Looking for {wish}", "...")
    return f"Looking for picks for {plan.for_whom or 'you'}..."


def opening(plan: TurnPlan, agent: Any) -> str:
    """The start of the reply, known as soon as the message is understood (streamed first)."""
    parts = []
    if plan.guessed and plan.intent != "recall":  # "tell me about the one you suggested yesterday"
        parts.append(_guessed(plan, agent) + ".")
    parts += [plan.summary] if plan.summary else []
    parts += [plan.settled] if plan.settled else []  # "Horror for one of you, no horror ..."
    if plan.foreign:  # "quelque chose de drôle", "algo como Amelie pero más oscuro"
        parts.append(_english_only(plan, agent))
    if plan.kept:  # the first request of a thread: what still holds from before
        parts.append(f"Still in force from before: {'; '.join(plan.kept)}.")
    if plan.not_here:  # set while chatting about another catalog of the home
        parts.append(not_here(plan.not_here))
    if plan.unknown and not plan.retrieve:  # "who directed Heat?", "do you have Heat?"
        parts.append(f"I don't have {listed(list(plan.unknown), 'or')} in my catalog.")
    elif plan.unknown:  # "my favourites are Heat and Zodiac": say what cannot be used
        if plan.unknown_seen:  # "we've already seen Toy Story and Frozen"
            seen = plan.unknown_seen
            them = "it" if len(seen) == 1 else "them"
            parts.append(
                f"I don't have {listed(list(seen))} in my catalog, so I can't mark {them} as seen."
            )
        names = tuple(n for n in plan.unknown if n not in plan.unknown_seen)
        if names:
            one = len(names) == 1
            said = names[0] if one else f"{', '.join(names[:-1])} or {names[-1]}"
            parts.append(
                f"I don't have {said} in my catalog, so I can't go by {'it' if one else 'them'}; "
                f"tell me what you like about {'it' if one else 'them'} (a genre, a mood, an era) "
                "and I'll use that."
            )
    for said, follows in plan.missing:  # "loved toy story 3", "have you got heat 2?"
        item = agent.catalog.get(follows)
        year = f" ({item.shown_year})" if item.shown_year else ""
        lacks = f"I don't have {said} in my catalog"
        if plan.retrieve:
            parts.append(ended(f"{lacks}, so I'm going by {item.title}{year}"))
        else:
            parts.append(ended(f"{lacks}; I do have {item.title}{year}"))
    for cue, name in plan.unknown_people:  # "something with Cary Grant"
        if name.lower() in cues.STUDIOS and not _records_studios(agent):
            # "nothing by Pixar": it said "I have no film by Pixar", beside Finding Nemo
            parts.append(
                f"My catalog doesn't record studios, so I can't tell which "
                f"{agent.config.nouns} are by {name}."
            )
        else:
            parts.append(f"I have no {agent.config.noun} {cue} {name} in my catalog.")
    # "no Pixar" (kids asked before): avoided by its words, which no field can make sure of
    studios = [
        name
        for a in plan.avoid
        if (name := re.sub(r"^(?:by|from)\s+", "", a.lower())) in cues.STUDIOS
        and any(name in c.lower() for c in plan.changes)
    ]
    if studios and not _records_studios(agent):
        who = listed([s.title() if s.islower() else s for s in studios], "or")
        parts.append(
            f"My catalog doesn't record studios, so I can't be sure which "
            f"{agent.config.nouns} are by {who}; those whose descriptions mention it come last."
        )
    parts += [_lacking(what, said, agent) for what, said in plan.lacking]
    if plan.intent == "more_like" and plan.asks and plan.seeds:
        # "is parasite any good? also recommend me something similar": the answer first
        item = agent.catalog.get(plan.seeds[0])
        parts.append(_answer(item, plan, agent))
    if plan.retrieve:
        parts.append(_lead(plan, agent))
    return "\n".join(parts)


def _closest_to_people(plan: TurnPlan, agent: Any) -> str:
    """ "Looking for films close to Audrey Hepburn's, since I've shown you the one I have..."
    : the lead when every item of the people asked for was shown, seen or liked."""
    names = agent.vocabulary.people_names
    people = [names.get(v, v) for c in plan.people_only if isinstance(c, AnyOf) for v in c.values]
    whose = listed([f"{p}'" if p.endswith("s") else f"{p}'s" for p in sorted(people)], "or")
    n = plan.people_known
    which = "the only one" if n == 1 else "both" if n == 2 else f"all {said_number(n)}"
    had = "I've shown you" if plan.people_shown else "you know"
    return f"Looking for {agent.config.nouns} close to {whose}, since {had} {which} I have..."


def _records_studios(agent: Any) -> bool:
    """Whether the catalog has a field for studios or labels."""
    fields = agent.vocabulary.fields
    return any(f in fields for f in cues.STUDIO_FIELDS)


def compose_reply(
    plan: TurnPlan,
    result: RerankResult | None,
    state: Any,
    agent: Any,
    again: bool = False,
    before: Sequence[str] = (),
    repeated: bool = False,
) -> str:
    """The full reply text; starts with :func:`opening`. ``again``: the picks were shown
    earlier in the thread (nothing new fitted); ``before``: the picks that were (a narrowed
    kind brought them back); ``repeated``: the picks were the very list shown last (none are
    shown)."""
    first = opening(plan, agent)
    parts = [first] if first else []
    profile: Profile = agent.profiles.get(state["user_id"])
    if plan.intent == "show_profile":
        parts.append(
            describe_profile(
                profile,
                agent.vocabulary.people_names,
                agent.config.nouns,
                agent.vocabulary,
                agent.config.noun,
            )
        )
        asked = _request_filters(state, agent)
        if asked:  # what steers the next picks too, though it is no lasting taste
            parts.append(f"In this conversation I'm also going by: {asked}.")
    elif plan.intent == "why":
        if plan.asks == "keeps":  # "why do you keep suggesting Nolan?"
            parts.append(_kept(plan, state, agent, profile))
        elif plan.refs:
            item = agent.catalog.get(plan.refs[0])
            parts.append(f"Why {item.title}? {agent.explain(item.id, state, profile)}")
        else:
            if not plan.missing and not plan.unknown:
                parts.append(
                    _none_is(plan, state, agent)
                    + 'Which one? Say "why the second one?" or name the title.'
                )
    elif plan.intent == "about":
        if plan.asks == "count":  # "how many Kubrick films do you have?"
            parts.append(_count_answer(plan, agent, state))
        elif plan.asks == "watched" and not plan.unknown:  # "have you seen it?"
            parts.append(_watched(plan, agent))
        elif plan.asks == "values":  # "what genres do you have?"
            parts.append(_values_answer(dict(plan.checks).get("values", ""), agent))
        elif plan.asks == "compare" and len(plan.refs) > 1:  # "compare 1 and 2"
            parts.append(_side_by_side(plan, state, agent))
        elif plan.refs and plan.asks:  # "who directed it?": that fact, not the whole sheet
            item = agent.catalog.get(plan.refs[0])
            parts.append(_answer(item, plan, agent, profile))
        elif plan.refs:
            item = agent.catalog.get(plan.refs[0])
            parts.append(item_facts(item, agent.config.noun, agent.vocabulary.roles))
        elif not plan.missing and not plan.unknown:
            listless = plan.out_of_range and not state.get("last_picks")
            parts.append(
                _none_is(plan, state, agent)
                + (
                    "Tell me its title, or what you'd like to watch."
                    if listless
                    else 'Which one? Say "tell me about the second one" or name the title.'
                )
            )
    elif plan.retrieve:
        if repeated:
            parts.append(_nothing_new(plan, profile, agent, state))
        elif (result is None or not result.picks) and plan.compared:  # "newer" again
            most = "newest" if plan.compared == "newer" else "oldest"
            what = _kind_words(plan, agent, agent.config.nouns)
            parts.append(f"Nothing {plan.compared} fits: those shown are the {most} {what} I have.")
        elif result is None or not result.picks:
            parts.append(_nothing_fits(plan, profile, agent))
        else:
            out = ran_out(
                plan, result, profile, agent, state.get("ran_out", ""), state.get("shown", [])
            )
            if plan.dropped:  # "more by that director" after all of theirs were shown
                parts.append(_closest(plan, profile, agent))
            elif plan.compared and not _new_of_the_kind(plan, result, before, again):
                parts.append(_none_further(plan, result, agent, bool(out)))
            elif again and _of_the_kind(plan, result):
                parts.append("Nothing new fits that, but these ones from before do:")
            elif again:  # "a french comedy then" with none to show: not "these do"
                parts.append(
                    f"Nothing fits all of that ({plan.wish}). These, shown before, come closest:"
                )
            else:  # a narrowed kind: the ones shown before that still fit come back
                returned = [
                    p.recommendation.item.title for p in result.picks if p.item_id in before
                ]
                if returned:
                    were = "was" if len(returned) == 1 else "were"
                    parts.append(f"{listed(returned)} {were} shown before, and still fit:")
                if out:
                    parts.append(out)
            parts.append(_topic_elsewhere(plan, result, profile, agent))
            parts.extend(_pick_lines(result))
            parts.append(_few_fit(plan, result, profile, agent))
            # nothing to go on yet (a filter of this request, "by Miyazaki", is something):
            # said as what it is, a spread, not as fitting a request ("hi, what do you have?"
            # heard "These show the range of what fits")
            if not plan.where and not any(p.recommendation.signals for p in result.picks):
                parts.append(
                    f"These are a few {agent.config.nouns} of different kinds, to start with. "
                    f"Tell me {agent.config.a_noun} you loved, or what you're in the mood for, "
                    "and I'll narrow it down."
                )
            if result.degraded:
                parts.append(
                    "(The language model is not available right now, so I ranked and "
                    "explained these from the catalog alone.)"
                )
    elif plan.intent == "which":
        parts.append(_compare(plan.which, state, agent, ("among", "catalog") in plan.checks))
    elif plan.intent == "recall":
        parts.append(_recalled(plan, profile, agent))
    elif plan.intent == "help":
        parts.append(_help(agent))
    elif plan.intent == "off_topic":
        parts.append(
            f"I can only help with {agent.config.nouns} from this catalog. Tell me "
            f"{agent.config.a_noun} you loved, or what you're in the mood for."
        )
    elif plan.foreign:
        pass  # said in the opening
    elif plan.intent == "small_talk" and plan.unmatched:  # "we'll go with the robot one"
        verb = "watch" if is_film(agent.config.noun) else "pick"
        parts.append(f"{_none_is(plan)}Which one will you {verb}? Say its number or its title.")
    elif plan.intent == "small_talk" and plan.out_of_range:  # no list to take one from
        verb = "watch" if is_film(agent.config.noun) else "pick"
        parts.append(
            f"There is no {_PLACES.get(plan.out_of_range, 'such')} one: I had no picks to show "
            f"you. Enjoy whatever you {verb}! Come back any time for more picks."
        )
    elif plan.intent == "small_talk" and plan.refs:  # "great, we'll watch the first one!"
        item = agent.catalog.get(plan.refs[0])
        year = f" ({item.shown_year})" if item.shown_year else ""
        parts.append(f"Enjoy {item.title}{year}! Come back any time for more picks.")
    elif plan.intent == "small_talk" and back(plan.message):  # "hi, it's me again"
        parts.append(_welcome_back(plan, agent))
    elif plan.intent == "small_talk":
        parts.append(_small_talk(plan.message, agent.config.noun))
    elif not plan.summary:
        parts.append(f"Tell me {agent.config.a_noun} you liked, or what you're in the mood for.")
    return "\n".join(p for p in parts if p)


_SAID_NUMBERS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)


def said_number(n: int) -> str:
    """A small count in words ("one comedy and two horrors"), larger ones in digits."""
    return _SAID_NUMBERS[n] if 0 <= n < len(_SAID_NUMBERS) else str(n)
