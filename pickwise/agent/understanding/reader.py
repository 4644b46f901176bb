"""The entry point: read one message pass by pass into an :class:`Understanding`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from pickwise.agent import cues
from pickwise.agent.cues import words
from pickwise.agent.titles import TitleMatcher, sentence_start
from pickwise.agent.understanding import disagreements
from pickwise.agent.understanding.asking import (
    child_asked,
    compared_picks,
    field_asked,
    place_said,
)
from pickwise.agent.understanding.aspects import final_aspects, read_aspects, refused
from pickwise.agent.understanding.catalog import (
    asked_values,
    black_and_white,
    bound_refused_forms,
    missing_languages,
    refused_forms,
    unrecorded,
    unrecorded_wishes,
)
from pickwise.agent.understanding.chatter import thumb, unclear
from pickwise.agent.understanding.constraints import (
    read_language_switches,
    read_relaxed_fields,
    read_terms,
)
from pickwise.agent.understanding.events import resolve
from pickwise.agent.understanding.foreign import full_names, not_english
from pickwise.agent.understanding.group_size import read_group_size
from pickwise.agent.understanding.intents import (
    Target,
    find_targets,
    read_intent,
    remove_after,
    remove_end,
)
from pickwise.agent.understanding.message import Message, rx, unique
from pickwise.agent.understanding.numbers import read_numbers
from pickwise.agent.understanding.opinions import read_opinions
from pickwise.agent.understanding.people import (
    misspelled_surname,
    read_people,
    someone_from,
    unknown_people,
)
from pickwise.agent.understanding.query import build_query, has_request_words
from pickwise.agent.understanding.questions import follow_up, numbered_pick, quote_title
from pickwise.agent.understanding.ranges import (
    join_eras,
    read_ages,
    read_eras,
    read_recent,
    read_runtime_words,
    read_runtimes,
    read_years,
)
from pickwise.agent.understanding.repeated import kept_suggesting
from pickwise.agent.understanding.result import INTENTS, Intent, Taste, Understanding
from pickwise.agent.understanding.shorthand import plain_words
from pickwise.agent.understanding.tastes import MAX_COUNT, mixed_count, read_tastes
from pickwise.agent.understanding.vocabulary import Vocabulary, name_key
from pickwise.retrieval.constraints import AnyOf, Constraint, NoneOf, Range
from pickwise.text import listed, plural

__all__ = ["MAX_CHARS", "understand"]

#: Longer messages are read up to here (a chat message is rarely longer).
MAX_CHARS = 4000
_FILM_WORDS = r"\b(?:films?|movies?|watch\w*|cinema|flicks?|documentar\w*|adaptations?)\b"
#: Intents that ask for no items, so their words are no query.
_NO_QUERY = frozenset(INTENTS) - {"recommend", "more_like", "something_else", "not_that"}


#: Intents a question about the pick taken up may have been read as ("what was it called?").
_RECALLS_FROM = frozenset({"recommend", "about", "recall", "small_talk"})


def _recalls_choice(msg: Message) -> str:
    """ "choice" for a question about the pick the user took up ("what did I pick
    yesterday?"), "name" for one about the name of the film talked about ("what was it called
    again?"), else ""."""
    if rx(cues.CHOICE_ASKED).search(msg.masked):
        return "choice"
    return "name" if rx(cues.NAME_ASKED).search(msg.masked) else ""


def understand(
    text: str,
    matcher: TitleMatcher,
    vocab: Vocabulary,
    last_picks: Sequence[str] = (),
    focus: str | None = None,
    asked_before: str = "",
    talked: str | None = None,
) -> Understanding:
    """Read one user message. Never raises; unknown words simply end up in ``query``.

    ``focus`` is the item the conversation is on (the last one asked about): a bare "it" or
    "that one" means it, before the first of ``last_picks``. ``asked_before`` is the fact the
    last message asked (:attr:`Understanding.asks`): "and Totoro?" then asks it of Totoro.
    ``talked`` is the film the message before the last picks was about ("I watched the 2nd one,
    loved it"): "something similar" is like it, not like the first pick."""
    text = text[:MAX_CHARS] if isinstance(text, str) else ""
    if thumb(text) and last_picks and focus:  # "👍" on the pick talked about: liking it
        text = "I like it" if thumb(text) == "up" else "I don't like it"
    # "wait, whats the 2nd one abt"; written out, the text is cut again ("w " x 2000 doubled it)
    text = plain_words(text, matcher, len(last_picks))[:MAX_CHARS]
    text = quote_title(follow_up(text, asked_before, matcher), matcher)
    text = disagreements.kind_for_it(text, vocab)  # "Sam likes horror, Priya hates it"
    text = numbered_pick(text, len(last_picks))
    msg = Message(text, matcher, vocab, tuple(last_picks), focus, talked)
    # Order matters: constraint passes claim the text they read (later passes skip it), and a
    # remove intent turns what they found in its clause into relaxations.
    # "actually forget that, a heist movie": the last request is taken back (the turn knows
    # it); the rest is read as a message of its own (it forgot nothing, and "no wait, scratch
    # that, a comedy" forgot comedy)
    forgets_last = rx(cues.FORGET_LAST).match(msg.masked)
    if forgets_last:
        msg.blank(*forgets_last.span())
    for m in rx(cues.CORRECTION).finditer(msg.masked):  # "no wait, a comedy": no refusal
        msg.claim(m.start(), m.end())
    _forms_after_titles(msg)  # "something like Dune the book"
    kid = read_ages(msg)
    forms = refused_forms(msg)  # "no silent films": no era, and no field records it
    eras = read_eras(msg)
    read_relaxed_fields(msg)
    read_language_switches(msg)
    read_terms(msg)
    read_numbers(msg)  # before the years and runtimes: "under 300 pages" is no runtime
    read_group_size(msg)  # "a 2-player game", "for 8 people"
    read_years(msg)
    join_eras(msg, eras)  # "French New Wave and 70s New Hollywood": one span of years
    read_runtimes(msg)
    read_runtime_words(msg)
    wanted = read_people(msg)
    wanted += _made_by(msg)
    strangers = unknown_people(msg)
    intent, intent_at = read_intent(msg)
    # "something directed by a woman" (no field says), "anything in finnish?" (no item is in it)
    lacking = [(what, "") for what in unrecorded(msg)]
    # "something underrated", "based on a true story": no field says (they were tastes, words)
    lacking += unrecorded_wishes(msg)
    lacking += someone_from(msg)  # "the guy from Drive": whom the catalog cannot tell
    # "only black and white films please": no field says; the years when most films were
    lists = intent in ("recommend", "more_like", "something_else")
    colour = black_and_white(msg, lists)
    lacking += [("colour", colour)] if colour else []
    # "no silent films", "not black and white": the years when most films had sound, colour
    lacking += bound_refused_forms(msg, forms, lists)
    if intent not in ("about", "which", "why"):  # "is it in finnish?" is answered about it
        lacking += [("language", said) for said in missing_languages(msg)]
    if intent == "recommend" and not msg.mentions and unclear(msg.masked):
        intent = "small_talk"  # "😂😂", "asdfghjkl": asked what they'd like (it brought a list)
    if intent == "off_topic" and (
        msg.mentions or msg.term_spans or rx(_FILM_WORDS).search(msg.masked)
    ):
        intent = "recommend"  # "a film about a pizza delivery" is about films
    if intent != "more_like":  # "like Alien but newer" is newer than Alien (see the turn)
        read_recent(msg)
    asks_anew = False
    if intent == "remove":
        remove_after(msg, intent_at)
        # "actually forget sci fi, a heist movie": it forgets, then asks anew (the heist was lost)
        asks_anew = has_request_words(msg.masked[remove_end(msg, intent_at) :])
    targets = find_targets(msg)
    if msg.described:  # "the one with Hugh Grant": that pick, not his films next
        wanted = []
    result = read_opinions(msg, targets, intent)
    if _asks_about_a_pick(msg, targets, result.intent, result.liked or result.disliked):
        # "the second one, what year?", "and the horror one?": a question about that pick
        result = replace(result, intent="about")
    elif result.intent == "recommend" and _asks_a_field(msg, targets):
        # "who designed it?", "what cuisine is Pad Thai?": a field of that item (they brought
        # new lists)
        result = replace(result, intent="about")
    may_ask = result.intent in ("recommend", "about", "more_like")
    # "Alien or Aliens, which should I watch?": the two named, not the picks shown
    named_two = result.intent == "which" and len(result.mentioned) > 1
    side_by_side = compared_picks(msg, targets) if may_ask or named_two else ()
    if side_by_side:  # "compare 1 and 2": those picks side by side (it brought a new list)
        result = replace(
            result, intent="about", refs=side_by_side, liked=(), disliked=(), seen=(), accepted=()
        )
    # "would my 8 year old like the third one?": whether it suits a child (it brought a list)
    child = child_asked(msg, targets, result.intent) if may_ask and not side_by_side else ""
    if child:  # "could our daughter handle it?": the film talked about, else the first pick
        refs = result.refs or ((msg.focus,) if msg.focus else msg.picks[:1])
        result = replace(
            result, intent="about", refs=refs, liked=(), disliked=(), seen=(), accepted=()
        )
    named = tuple(m.item_id for m in msg.mentions)  # "we'll watch Toy Story"
    beyond = msg.beyond if not named and not any(t.ids for t in targets if t.ref) else 0
    if beyond and result.intent in ("recommend", "about", "why", "more_like", "not_that"):
        # "whats the 7th one" after five: there is none (it brought a new list; "why the
        # fifth one?" answered about the first)
        intent = "why" if result.intent == "why" else "about"
        result = replace(result, intent=intent, refs=(), accepted=())
    accepting = (
        bool(rx(cues.ACCEPT_ONLY).search(msg.masked) or rx(cues.ACCEPT_POINTED).search(msg.masked))
        and not beyond
    )
    if accepting and msg.unmatched and not (result.accepted or named):
        # "we'll go with the robot one" when no pick has a robot: none is taken (it said
        # "Enjoy" to the first pick)
        result = replace(result, intent="small_talk", refs=(), accepted=())
    elif accepting and (result.accepted or named or msg.focus or msg.picks):
        # "great, we'll watch the first one, thanks!": a goodbye, not a new request; "we'll
        # go with that" takes the item the conversation is on, else the first pick; "we'll
        # watch Toy Story" takes Toy Story
        pointed = tuple(i for t in targets if t.ref and not t.title for i in t.ids)[:1]
        taken = (
            result.accepted
            or named[:1]
            or pointed  # "the 2nd one it is"
            or ((msg.focus,) if msg.focus else msg.picks[:1])
        )
        result = replace(result, intent="small_talk", refs=taken, accepted=taken)
    elif accepting and not named:
        # "great, we'll watch the first one, thanks!" after a search that found nothing: there
        # is no first one (it searched again and said once more that nothing fits)
        result = replace(result, intent="small_talk", refs=(), accepted=())
        beyond = place_said(msg)
    # "what did I pick yesterday?", "what was it called again?": the pick they took up, or the
    # film talked about, by name (they brought new lists)
    recalls = _recalls_choice(msg) if result.intent in _RECALLS_FROM else ""
    if recalls:
        result = replace(result, intent="recall")
    if result.intent == "recall":  # "what were your last picks?" points at none of them
        result = replace(result, refs=(), accepted=(), seen=(), liked=(), disliked=())
    # "what genres do you have?", "what languages are your films in?": the catalog's values
    values_of = asked_values(msg) if result.intent in ("recommend", "about", "which") else ""
    if values_of:
        result = replace(result, intent="about", refs=(), liked=(), disliked=(), seen=())
    extreme = ""
    found = rx(cues.CATALOG_EXTREME).search(msg.masked)
    a_title = any(t.title for t in targets)
    if found and not a_title and (found.group("scope") or not msg.picks):
        # "what's the oldest film you have?": the whole catalog, compared (it searched "old");
        # "the oldest film" is no pick described
        extreme, msg.unmatched = found.group("q"), []
        result = replace(result, intent="which", refs=(), liked=(), disliked=(), seen=())
    asks = "values" if values_of else asked_fact(msg) if result.intent == "about" else recalls
    if result.intent == "about" and (side_by_side or child):
        asks = "compare" if side_by_side else "check"
    stranger = ""
    if asks == "count":  # "how many Kubrick films do you have?": the catalog, not a pick
        result = replace(result, refs=(), liked=(), disliked=(), seen=(), neutral=())
    elif result.intent in ("about", "why") and not targets and not msg.missing and not values_of:
        # "who directed Heat?", "is Heat in your catalog?": a title the catalog lacks, not the
        # first pick (it answered about that)
        stranger = _unknown_name(msg) or (_asked_to_have(msg) if asks == "have" else "")
        if stranger:
            result = replace(result, refs=())
        elif asks == "have":  # "got anything scary?", "do you have something funny?": a request
            result, asks = replace(result, intent="recommend", refs=()), ""
    if asks == "profile":  # "have I seen Arrival?" asks; it says nothing of Arrival
        titled = unique(t.ids[0] for t in targets if t.title)
        result = replace(result, liked=(), disliked=(), seen=(), neutral=(), mentioned=titled)
    elif asks == "watched":
        # "have you seen Arrival?", "how many times have you seen it?" ask of pickwise, not of
        # the user (they noted the film as seen); "... I loved it" still says what they think
        titled = unique(t.ids[0] for t in targets if t.title)
        opinions = {*result.liked, *result.disliked}  # "I loved Amélie, have you seen it?"
        result = replace(
            result, seen=(), neutral=(), mentioned=tuple(t for t in titled if t not in opinions)
        )
    similar = rx(cues.ALSO_SIMILAR).search(msg.masked) if result.intent == "about" else None
    if similar:
        # "is parasite any good? also recommend me something similar": the answer, then films
        # like it (it answered only)
        result = replace(result, intent="more_like")
    checks: tuple[tuple[str, str], ...] = ()
    if result.intent in ("about", "which"):  # a question about the picks changes nothing
        # "is it scary?", "is it in French?": the genres and languages it asks about
        checks = tuple(dict.fromkeys(t for _, _, targets in msg.term_spans for t in targets))
        too = [
            msg.masked[s:e]
            for s, e, _ in msg.term_spans
            if _TOO.search(msg.masked, max(0, s - 12), s)
        ]
        if checks and too:  # "is it too scary for her?": how scary, which a genre does not settle
            checks = (*checks, ("degree", too[0]))
        pairs = pairwise(sorted(msg.term_spans))
        if any(rx(r"^\s+or\s+$").match(msg.masked[a[1] : b[0]]) for a, b in pairs):
            checks = (*checks, ("either", "or"))  # "is it in japanese or english?"
        has = rx(cues.HAS_QUESTION).search(msg.masked)
        if has and not checks:  # "does it have zombies?": what its description says
            checks = (("text", has.group("has").lower()),)
        if kid and (checks or not _ASKS_QUALITY.search(msg.masked)):
            # "is it ok for a 4 year old?": is it a family film; "is it sad? my 5yo cries
            # easily" asks whether it is sad (it answered "Yes" for a family film)
            checks = (*checks, *msg.vocab.genre_targets("kids"))
        # "is the first one under 90 minutes?": the bound asked about, checked against it (it
        # said "The catalog doesn't say that directly")
        asked_for = [*resolve(msg.events)[0], *msg.wanted]  # the filters the question names
        bounds = [c for c in asked_for if isinstance(c, Range)]
        checks = (*checks, *(("bound", str(c)) for c in bounds))
        if asks == "compare" and rx(cues.BETTER_QUESTION).search(msg.masked):
            checks = (*checks, ("better", ""))  # "which is better, Alien or Aliens?"
        if asks == "count":  # what to count: the people, kinds and bounds said
            kinds: dict[str, set[str]] = {}
            for name, value in (t for _, _, targets in msg.term_spans for t in targets):
                kinds.setdefault(name, set()).add(value)
            counted = [
                *wanted,
                *(AnyOf(name, frozenset(values)) for name, values in kinds.items()),
                *asked_for,
            ]
            checks = tuple(dict.fromkeys(("count", str(c)) for c in counted))
            if rx(r"\bof (?:them|these|those)\b|\bon (?:the|your|this) list\b").search(msg.masked):
                checks = (*checks, ("among", "picks"))  # "how many of them are by hitchcock?"
        if values_of:  # the field whose values are asked for
            checks = (("values", values_of),)
        if child and asks == "check":  # answered from its genres, for a child (see explain)
            checks = (("audience", child), *msg.vocab.genre_targets("kids"))
        msg.events, msg.aspects, msg.wanted = [], [], []
    else:
        read_aspects(msg)
        if kid:  # "my 9 year old loves dinosaurs": a film for kids
            msg.aspects.append((len(msg.masked), len(msg.masked), "kids"))
        if similar:  # the question asks for nothing: "is it scary? and something like it"
            msg.events = [e for e in msg.events if e.pos >= similar.start()]
            msg.aspects = [a for a in msg.aspects if a[0] >= similar.start()]
    constraints, relaxed = resolve(msg.events)
    count = pick_count(msg)
    if count and result.intent == "recommend" and rx(cues.COUNT_ONLY).match(msg.masked):
        # "actually make it 8", "just 2 please": the same request, that many (it asked anew
        # and lost what the picks were like)
        result = replace(result, intent="something_else")
    asking = result.intent in ("recommend", "something_else") or asks_anew
    tastes = read_tastes(msg) if asking else ()
    constraints, tastes, settled = _settle(msg, constraints, tastes)
    count = mixed_count(tastes) or count  # "one comedy and one horror": two picks
    listing = ("recommend", "more_like", "something_else")
    said_seen: list[str] = []
    unknown = (
        unknown_titles(msg, said_seen)
        if result.intent in listing
        else (stranger,)
        if stranger
        else ()
    )
    if result.intent == "more_like" and unknown and not any(t.title for t in targets):
        # "something like John Wick then": a film the catalog lacks, said back; the request
        # goes on (it took the first pick for the film meant)
        result = replace(result, intent="recommend", refs=())
    if msg.missing and result.intent in listing:
        # "loved toy story 3": the film it follows stands in for it (talked about, not liked)
        said = {*result.mentioned, *result.liked, *result.disliked, *result.seen}
        follows = tuple(
            i for _, i in msg.missing if i not in said
        )  # "loved toy story 3 toy story 3"
        result = replace(result, mentioned=unique((*result.mentioned, *follows)))
    elif msg.missing and result.intent in ("about", "why") and not msg.mentions:
        result = replace(result, refs=())  # "who directed the godfather part 2?": not that pick
    kept = kept_suggesting(msg) if result.intent in ("why", *listing) else ()
    if kept:
        # "why do you keep suggesting Nolan?": why his films come, not a pick explained (it
        # said "I don't have Nolan in my catalog")
        result = replace(result, intent="why", refs=(), liked=(), disliked=(), seen=())
        asks, checks, unknown = "keeps", kept, ()
    aspects = final_aspects(msg)
    same_person = _same_person(msg) if result.intent in listing else ""
    untold = _untold(msg, result.intent)
    u = Understanding(
        intent=result.intent,
        liked=result.liked,
        disliked=result.disliked,
        seen=result.seen,
        mentioned=result.mentioned,
        refs=result.refs,
        accepted=result.accepted,
        neutral=result.neutral,
        add_constraints=constraints,
        drop_constraints=relaxed,
        turn_constraints=_one_language(msg, (*wanted, *msg.wanted)),
        aspects=aspects,
        momentary=tuple(a for a in aspects if a in msg.momentary),
        # a remove with a request after it ("forget sci fi, a heist movie") has a query: the
        # turn forgets, then retrieves for it
        query=""
        if result.intent in _NO_QUERY and not asks_anew
        else build_query(msg, result.dropped),
        mentions=tuple(msg.mentions),
        new_request=bool(rx(cues.NEW_REQUEST).search(msg.masked))
        and not rx(cues.CONTINUING).search(msg.masked),
        asks=asks,
        # the whole catalog compared ("the oldest film you have"), not the picks
        checks=(*checks, ("among", "catalog")) if extreme else checks,
        count=count,
        which=extreme or (compared(msg) if result.intent == "which" else ""),
        unknown=unknown,
        unknown_seen=tuple(n for n in unknown if n in said_seen),
        missing=tuple(msg.missing),
        tastes=tastes,
        unknown_people=strangers if result.intent in listing else (),
        lacking=tuple(lacking) if result.intent in listing else (),
        continuing=_continuing(msg),
        complaint=any(refused(a) for a in aspects) and bool(rx(cues.COMPLAINT).search(msg.masked)),
        unmatched=msg.unmatched[0] if msg.unmatched else "",
        several=tuple(msg.several),
        same_person=same_person,
        out_of_range=beyond if result.intent in ("about", "why", "small_talk") else 0,
        forgets_last=bool(forgets_last),
        untold=untold,
        recency=msg.recency,
        settled=settled,
        liked_people=tuple(dict.fromkeys(msg.fans)) if result.intent != "remove" else (),
        people=tuple(dict.fromkeys(t for _, said in msg.people_said for t in said)),
    )
    if kept:  # it asks for nothing: the name or genre is what the question is about
        u = replace(u, add_constraints=(), drop_constraints=(), turn_constraints=(), aspects=())
        u = replace(u, tastes=(), query="", new_request=False, continuing=False)
        u = replace(u, liked_people=())
    if forgets_last and u.intent == "recommend" and not _asks_anything(u):
        u = replace(u, intent="remove")  # "forget that" alone: it only takes the request back
    # "I loved the second one" before any list: there is none (it searched "the second one")
    place = place_said(msg) if not msg.picks and u.intent in _LISTED else 0
    if place and not _asks_anything(replace(u, query="")):
        u = replace(u, intent="about", refs=(), query="", out_of_range=place)
    if not_english(msg.masked):
        return _english_only(msg, tuple(wanted))
    return u


#: Intents that may point at a pick of a list by its place ("more like the third one").
_LISTED = ("recommend", "more_like", "not_that")

#: The opinion a verb of :data:`cues.UNSAID` said.
_SAID_KINDS = {"liked": "liked", "loved": "liked", "enjoyed": "liked", "disliked": "disliked"}
_SAID_KINDS["hated"] = "disliked"


def _untold(msg: Message, intent: Intent) -> str:
    """The opinion the message takes back (:attr:`Understanding.untold`), or ""."""
    said = rx(cues.UNSAID).search(msg.masked) if intent == "remove" else None
    if said:
        return _SAID_KINDS.get(said.group("kind"), "seen")
    if intent in ("recommend", "not_that", "something_else") and rx(cues.UNSEEN_AFTER_ALL).search(
        msg.masked
    ):
        return "seen"  # "I haven't seen it actually"
    return ""


def _english_only(msg: Message, people: tuple[Constraint, ...]) -> Understanding:
    """A message in another language ("algo como Amelie pero más oscuro"): only the titles and
    people of the catalog it names are read (more like Amélie; it brought Notting Hill), and
    nothing else is taken for a taste; with neither, nothing is asked for."""
    titles = unique(m.item_id for m in msg.mentions)
    people = people or full_names(msg.masked, msg.vocab)  # "un film de Hayao Miyazaki"
    intent: Intent = "more_like" if titles else "recommend" if people else "small_talk"
    return Understanding(intent=intent, mentioned=titles, turn_constraints=people, foreign=True)


def _asks_anything(u: Understanding) -> bool:
    """Whether a message says anything of what to watch: words, a filter, a kind, a title or
    a count."""
    return bool(
        u.query
        or u.aspects
        or u.add_constraints
        or u.drop_constraints
        or u.turn_constraints
        or u.tastes
        or u.liked
        or u.disliked
        or u.seen
        or u.mentioned
        or u.refs
        or u.count
    )


#: A yes-or-no question about a quality: "is it sad?", "is that one too long?", "any swearing?".
_ASKS_QUALITY = re.compile(
    r"\b(?:is|was|isn'?t) (?:it|that|this|the \w+(?: one)?)(?: one)? (?!(?:ok|okay|alright|fine"
    r"|good|suitable|appropriate|safe|for)\b)(?:too |very |really |a bit |kinda )?[a-z]+\b"
    r"|\b(?:any|much|lots of) [a-z]+\s*\?"
)
_BARE_QUESTION = re.compile(
    r"^[\s,.;:!-]*(?:(?:and|so|what|how|about|then|ok|okay|hmm|well)\b[\s,.;:!-]*)*\?+\s*$"
)


def _asks_about_a_pick(
    msg: Message, targets: Sequence[Target], intent: str, opinion: object
) -> bool:
    """Whether a message that points at a pick and ends in "?" asks about it: a fact it names
    ("what year?", "runtime?") or nothing else at all ("and the horror one?")."""
    refs = [t for t in targets if t.ref and not t.title]
    if intent != "recommend" or not refs or opinion:
        return False
    rest_chars = list(msg.masked)
    for t in refs:
        rest_chars[t.start : t.end] = " " * (t.end - t.start)
    rest = "".join(rest_chars)
    if not msg.masked.rstrip().endswith("?"):
        # "the second one, whos the director", "ok and the last one, what year", "the korean
        # one": a fact asked in few words, or the pick alone (these brought new lists)
        short = len(re.findall(r"[a-z']+", rest)) <= 4
        # "the one with the fish is it sad": a yes-or-no question counts too
        fact = (
            any(rx(p).search(rest) for _, p in cues.FACT_QUESTIONS)
            or any(rx(p).search(rest) for _, p, _, _ in cues.FIELD_QUESTIONS)
            or bool(rx(cues.YES_NO).search(rest))
        )
        return bool(_BARE_QUESTION.match(rest + "?")) or (short and fact)
    if any(rx(p).search(msg.masked) for _, p in cues.FACT_QUESTIONS) or field_asked(msg):
        return True
    return bool(_BARE_QUESTION.match(rest))


#: An item pointed at by a pronoun: "who designed *it*?", "what cuisine is *that one*?", or
#: a field of "the" one talked about: "who's the author?", "what are the ingredients?".
_POINTED = re.compile(r"\b(?:it|its|that|this)\b|^\W*(?:who|what)(?:'s|s| is| are| was) the\b")
#: A question's form: "?", or a question word first ("who published the third one").
_ASKED = re.compile(r"\?|^\W*(?:(?:so|and|ok|okay|also)\W+)?(?:who|what|which|how)\b")


def _asks_a_field(msg: Message, targets: Sequence[Target]) -> bool:
    """Whether a question asks for a field of an item it points at (a pick, a title, or "it"
    when there is one to mean): "who designed it?", "how many players for Catan?"; not "any
    Indian cuisine?" nor "what cuisine do you like?"."""
    if not field_asked(msg) or not _ASKED.search(msg.masked):
        return False
    if any(t.ids for t in targets if t.ref or t.title):
        return True
    return bool((msg.focus or msg.picks) and _POINTED.search(msg.masked))


def _made_by(msg: Message) -> list[AnyOf]:
    """The director of a film named right after "by the guy who made", "by the director of"
    ("something by the guy who made Persona": Ingmar Bergman's films). The cue is blanked, so
    that no question ("who made") is read in it; the film stays a title talked about."""
    found: list[AnyOf] = []
    directing = [f for f, _ in msg.vocab.people if f.lower().startswith(cues.DIRECTOR_FIELDS)]
    for m in rx(cues.MADE_BY).finditer(msg.masked):
        mention = next(
            (
                t
                for t in msg.mentions
                if t.start >= m.end() and not msg.text[m.end() : t.start].strip()
            ),
            None,
        )
        item = msg.matcher.item(mention.item_id) if mention else None
        if item is None:
            continue
        for name in directing:
            people = {str(v).strip().lower() for v in item.values(name)}
            if people:
                found.append(AnyOf(name, frozenset(people)))
        msg.blank(m.start(), m.end())
    return found


def _same_person(msg: Message) -> str:
    """ "director" for "what else by him", "cast" for "more with that actor", else ""; the
    words leave the query."""
    m = rx(cues.SAME_PERSON).search(msg.masked)
    if not m or not msg.free(m.start(), m.end()):
        return ""
    msg.drops.append((m.start(), m.end()))
    return "director" if m.group("d") or m.group("d2") else "cast"


def _continuing(msg: Message) -> bool:
    """Whether the message builds on the last request ("also scary", "a funny one"). "A funny
    one" after a kind named in the same message ("a western after all, but a funny one") is
    about that kind, and "a war film again" asks for that kind anew (it kept "lighter", said
    since)."""
    for m in rx(cues.CONTINUING).finditer(msg.masked):
        of_kind = re.search(r"\bones?\b", m.group()) or m.group().strip() == "again"
        if not of_kind or not any(start < m.start() for start, _, _ in msg.asked_genres):
            return True
    return False


def _settle(
    msg: Message, constraints: Sequence[Constraint], tastes: Sequence[Taste]
) -> tuple[tuple[Constraint, ...], tuple[Taste, ...], str]:
    """A kind asked for and refused in one message ("I want horror but my boyfriend hates
    horror") is two people's tastes: no lasting refusal, and the kind is had with comedy (horror
    comedies), then comedies, never alone. It used to note "no horror; you want horror". Also
    how they were settled, in words ("" when nothing was)."""
    asked = {g for t in tastes for g in t.genres}
    torn = [
        c
        for c in constraints
        if isinstance(c, NoneOf) and any((c.field, v) in asked for v in c.values)
    ]
    if not torn:
        return tuple(constraints), tuple(tastes), ""
    refused = {(c.field, v) for c in torn for v in c.values}
    values = {v.lower() for _, vs in msg.vocab.facets for v in vs}
    moods = [t for t in tastes if set(t.genres) & refused and not _names_value(t.label, values)]
    bare = all(  # "not horror", not "my wife doesn't like horror" (two people's tastes)
        _BARE_NOT.search(msg.masked, max(0, e.pos - 12), e.pos)
        for e in msg.events
        if e.op == "none" and any((e.field, v) in refused for g in e.groups for v in g)
    )
    if moods and bare:
        # "something spooky but not horror": a mood, not the genre it stands for, which is
        # refused (it mixed horror with comedies)
        return tuple(constraints), tuple(t for t in tastes if t not in moods), ""
    kept = tuple(c for c in constraints if c not in torn)
    lighter = msg.vocab.genre_targets("comedy")
    if not lighter:
        return kept, tuple(tastes), ""
    # the kind refused is had only with comedy (horror comedies), never alone: one of them
    # refuses it ("Sam likes horror, Priya hates it, Tom only watches comedies" brought Ring)
    wanted = [t for t in tastes if set(t.genres) & refused]
    if not wanted or any(set(t.genres) <= set(lighter) for t in wanted):
        return kept, tuple(tastes), ""  # comedy refused: no comedy makes it lighter
    others = [t for t in tastes if t not in wanted and set(t.genres) != set(lighter)]
    funny = Taste("comedy", lighter)
    kinds = [" ".join(v for _, v in t.genres) for t in wanted]  # "scary movies": horror
    names = [f"{kind} {funny.label}" for kind in kinds]
    overlap = tuple(
        Taste(name, tuple(dict.fromkeys((*t.genres, *lighter))))
        for t, name in zip(wanted, names, strict=True)
    )
    said = disagreements.overlap_said(
        listed(kinds, "or"),
        listed([plural(name) for name in names]),
        listed([*(t.label for t in others), plural(funny.label)]),
    )
    return kept, (*overlap, *others, funny), said


_TOO = re.compile(r"\b(?:too|very|that|really|super)\s+$")
_BARE_NOT = re.compile(r"(?:^|\b)(?:not|no|non)[\s-]+$")


def _names_value(label: str, values: set[str]) -> bool:
    """Whether a kind's words are a genre's own name ("horror", "comedies"), not a word that
    stands for one ("spooky", "funny")."""
    said = label.lower()
    return said in values or said.rstrip("s") in values or said.removesuffix("ies") + "y" in values


def compared(msg: Message) -> str:
    """The quality a question comparing the picks asks about ("which is the funniest?"), as a
    superlative ("which is more short?" -> "shortest"), or the kind it asks for ("which of
    these is a comedy?" -> "comedy")."""
    found = rx(cues.WHICH).search(msg.masked)
    if not found:
        return ""
    if found.group("s3"):
        return "best"
    if found.group("sub") or found.group("sub2") or found.group("sub3"):
        return "subtitles"
    if found.group("c"):
        return superlative(found.group("c"))
    return found.group("s") or found.group("s2") or found.group("s4") or found.group("k") or ""


#: Adjectives compared with "-est" ("more short" -> "shortest"); others take "most".
_EST = words("short long old new quick late early funny scary sad dark light happy fast slow big")
_IRREGULAR = {"better": "best", "worse": "worst", "less long": "shortest", "less short": "longest"}
_IRREGULAR |= {"less old": "newest", "less recent": "oldest", "less new": "oldest"}


def superlative(comparative: str) -> str:
    """ "shorter" or "more short" -> "shortest", "funnier" -> "funniest", "more recent" -> "most
    recent", "less scary" -> "least scary"."""
    said = " ".join(comparative.lower().split())
    if said in _IRREGULAR:
        return _IRREGULAR[said]
    lead, _, word = said.rpartition(" ")
    if lead == "less":
        return f"least {word}"
    if lead == "more":
        if word not in _EST:
            return f"most {word}"
        if word.endswith("y"):
            return word[:-1] + "iest"
        if word.endswith("e"):
            return word + "st"
        return word + (word[-1] if word in ("sad", "big") else "") + "est"
    if said.endswith("ier"):
        return said[:-3] + "iest"
    if said.endswith("er"):
        return said[:-2] + "est"
    return said


def pick_count(msg: Message) -> int | None:
    """How many picks the message asks for ("just pick one" -> 1, "top 3" -> 3), if it says;
    the count words leave the query."""
    groups = ("one", "one2", "one3", "n", "n2", "n3", "top", "more")
    for found in rx(cues.PICK_COUNT).finditer(msg.masked):
        group = next(g for g in groups if found.group(g))
        if msg.free(*found.span(group)):  # an age claimed ("she's 82 and ...") counts no picks
            break
    else:
        return None
    word = found.group(group)
    n = 1 if group.startswith("one") else int(word) if word.isdigit() else cues.NUMBER_WORDS[word]
    if n < 1:
        return None
    msg.drops.append(found.span() if group == "n3" else found.span(group))  # "make it 8"
    return min(n, MAX_COUNT)


def _everyday(word: str) -> bool:
    """Whether a lower-case word is no name: an everyday word, a pronoun, a number."""
    said = word.lower().strip(".,!?'\"")
    return not said.isalpha() or said in cues.COMMON_WORDS or said in _REQUEST_WORDS


_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bor\b|\bplus\b|\bbut\b)\s*")
_SENTENCE = re.compile(r"[.!?\n]")
#: The form a title is said in, right after it: "Dune the book", "Heat (the movie)". It names
#: the work, not a wish: not searched ("the book" brought The Jungle Book).
_FORM_AFTER = re.compile(
    r"\s*\(?\s*the\s+(?:book|novel|film|movie|series|show|comic|manga|play|musical|game"
    r"|original)\b\)?"
)


def _forms_after_titles(msg: Message) -> None:
    """Claim the form said right after a title the catalog has ("Dune the book")."""
    for m in msg.mentions:
        said_as = _FORM_AFTER.match(msg.masked, m.end)
        if said_as and msg.free(*said_as.span()):
            msg.claim(*said_as.span())


#: Words a name does not end with ("Dune the" of "like Dune the book").
_MINOR_END = frozenset({"of", "the", "a", "an", "in", "on", "and", "to", "for", "at"})
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w'’:.!-]*|of|the|a|an|in|on|and|to|for|at|de|la|le)$")


def unknown_titles(msg: Message, seen: list[str] | None = None) -> tuple[str, ...]:
    """Names in a list of titles ("my favourites are Heat, The Departed and Zodiac") that no
    earlier pass read: no catalog title, person or genre. Title case is the evidence. Those
    said as seen ("we've already seen Toy Story and Frozen") are also added to ``seen``."""
    found: list[str] = []
    for lead in rx(rf"{cues.TITLE_LIST_LEAD}|(?P<like>{cues.LIKE_LEAD})").finditer(msg.masked):
        listed = len(found)
        end = _SENTENCE.search(msg.text, lead.end())
        stop = end.start() if end else len(msg.text)
        pos = lead.end()
        spans = []
        for chunk in _LIST_SPLIT.split(msg.text[pos:stop]):
            start = msg.text.find(chunk, pos) if chunk else -1
            if start >= 0:
                pos = start + len(chunk)
                spans.append((chunk, start, pos))
        for k, (chunk, start, pos) in enumerate(spans):
            words = chunk.strip(" '\"“”").split()
            name_end = pos
            if lead.group("like"):  # "something like John Wick then": the name, not "then"
                # "like Dune the book": "Dune", not "Dune the" (no name ends in a minor word)
                while words and (not _NAME_WORD.match(words[-1]) or words[-1] in _MINOR_END):
                    words.pop()
                if words:  # the name alone: "like Inception but shorter" names Inception
                    name_end = msg.text.rfind(words[-1], start, pos) + len(words[-1])
            if words and not words[0][:1].isupper() and k + 1 < len(spans):
                # "they've seen frozen and toy story already": in lower case, a name listed
                # before a title the catalog has (blanked), of no everyday word
                nxt = spans[k + 1][1] + len(spans[k + 1][0]) - len(spans[k + 1][0].lstrip())
                titled = any(t.start == nxt for t in msg.mentions)
                if titled and len(words) <= 4 and not any(_everyday(w) for w in words):
                    words = [w[:1].upper() + w[1:] for w in words]
            if not words or len(words) > 6 or not words[0][:1].isupper():
                continue
            if not all(_NAME_WORD.match(w) for w in words):
                continue
            if not msg.free(start, name_end) or not msg.masked[start:name_end].strip():
                continue  # a person or genre asked for, or a title the catalog has (blanked)
            if any(s < name_end and start < e for s, e, _ in msg.term_spans):
                continue  # a genre or language word ("Sci-Fi")
            key = name_key(" ".join(words))
            if key in msg.vocab.people_terms or key.split()[-1] in msg.vocab.last_names:
                continue  # a person ("I love Tom Hanks", "I love Bergman")
            if len(words) == 1 and misspelled_surname(msg.vocab.surnames, key, msg.matcher.words):
                continue  # "I love Tarkovksy"
            found.append(" ".join(words))
            msg.drops.append((start, name_end))
            said_as = _FORM_AFTER.match(msg.masked, name_end)
            if said_as:  # "like Foundation the book": not a wish for a book
                msg.drops.append(said_as.span())
            if seen is not None and lead.group().lower() in ("seen", "watched"):
                seen.append(found[-1])
        if len(found) > listed:
            # the words that led to them say nothing by themselves once the titles are gone:
            # "something like" (it searched it and found Some Like It Hot), "I loved" (it
            # searched "loved" and found Love Actually)
            msg.drops.append(lead.span())
    return tuple(dict.fromkeys(found))[:MAX_UNKNOWN]


_CAPITALISED = re.compile(
    r"(?<![\w'’])[A-Z][\w'’:-]*(?:\s+(?:(?:of|the|a|an|in|on|and|to|for|at|de|la|le)\s+)*"
    r"[A-Z0-9][\w'’:-]*)*"
)
_NOT_A_TITLE = frozenset({"I", "I'm", "I’m", "I've", "I'd", "I'll", "OK", "Ok", "TV", "DVD"})


def _unknown_name(msg: Message) -> str:
    """A capitalised name in a question that no earlier pass read ("who directed Heat?"): a
    title the catalog lacks. Not the first word of a sentence, nor a person or genre."""
    for m in _CAPITALISED.finditer(msg.text):
        start = m.start()
        if sentence_start(msg.text, start):  # "Is Heat in your catalog?": not "Is"
            first = re.match(r"\S+\s+", m.group())
            if not first:
                continue
            start += first.end()
        name = msg.text[start : m.end()].strip(":-")
        if name in _NOT_A_TITLE or not name:
            continue
        if rx(cues.STREAMING_SERVICE).fullmatch(name.lower()):  # "is it on Netflix?"
            continue
        if not msg.free(start, m.end()) or not msg.masked[start : m.end()].strip():
            continue
        if any(s < m.end() and start < e for s, e, _ in msg.term_spans):
            continue
        if name_key(name) in msg.vocab.people_terms:
            continue
        return name
    return ""


_HAVE_SLOT = re.compile(
    rf"(?:{cues.HAVE_QUESTION})\s+(?P<slot>[a-z][\w'’:-]*(?:\s+[\w'’:-]+){{0,4}})\s*\??\s*$"
)
#: Words that make "do you have ..." a request, not a title: "do you have something funny?".
_REQUEST_WORDS = words(
    "something anything any some a an films film movies movie stuff one ones more other others "
    "recommendations recommendation suggestions suggestion ideas idea picks options recs good "
    "great nice else kind type sort lots plenty few new old classics classic favourites "
    "favorites time"
)


def _asked_to_have(msg: Message) -> str:
    """A title the catalog lacks, in lower case, asked for by name: "do you have heat?" ->
    "Heat"; not "do you have something funny?", whose words are a request."""
    m = _HAVE_SLOT.search(msg.masked)
    if m is None or any(s < m.end("slot") and m.start("slot") < e for s, e, _ in msg.term_spans):
        return ""
    said = msg.text[m.start("slot") : m.end("slot")]
    if any(w.lower() in _REQUEST_WORDS for w in said.split()) or not msg.free(*m.span("slot")):
        return ""
    key, people = name_key(said), msg.vocab.people_terms
    if (
        key in people
        or f"~{key}" in people
        or misspelled_surname(msg.vocab.surnames, key, msg.matcher.words)
    ):
        return ""  # "do you have tarantino?": his films are asked for
    return " ".join(
        w if w.lower() in ("of", "the", "and", "a") and i else w.capitalize()
        for i, w in enumerate(said.split())
    )


#: The most titles the catalog lacks that a reply names back.
MAX_UNKNOWN = 5


def asked_fact(msg: Message) -> str:
    """The fact a question about an item asks for ("who's in it?" -> ``cast``), ``check`` for a
    yes-or-no question ("is it scary?"), or ""."""
    found = next((name for name, p in cues.FACT_QUESTIONS if rx(p).search(msg.masked)), "")
    pointed = _POINTED.search(msg.masked) or rx(cues.REF_ORDINAL).search(msg.masked)
    if not found or (found == "count" and pointed):  # "how many players for the first one?"
        found = field_asked(msg) or found
    yes_no = rx(cues.YES_NO).search(msg.masked) or rx(cues.HAS_QUESTION).search(msg.masked)
    return found or ("check" if yes_no else "")


def _one_language(msg: Message, wanted: Sequence[Constraint]) -> tuple[Constraint, ...]:
    """Languages asked for in one message are one choice ("especially French and Japanese"):
    a film has one language, so two filters on it would leave nothing."""
    name = msg.vocab.language_field
    langs = [c for c in wanted if isinstance(c, AnyOf) and c.field == name]
    if len(langs) < 2:
        return tuple(wanted)
    merged = AnyOf(langs[0].field, frozenset().union(*(c.values for c in langs)))
    return (*(c for c in wanted if c not in langs), merged)
