"""Aspects: short free-text preferences ("dark", "not too violent", "with a strong female lead")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from pickwise.agent import cues
from pickwise.agent.understanding.message import Message, rx, unique
from pickwise.agent.understanding.vocabulary import SUPERLATIVE, adjective
from pickwise.retrieval.keywords import stop_word

__all__ = ["avoided", "final_aspects", "read_aspects", "refused"]

_MAX_ASPECTS = 8
_INTENSIFIERS = cues.words("more less a bit little really very quite pretty super kinda")
_ASPECT_TERMS = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(t) for t in sorted(cues.ASPECT_TERMS, key=len, reverse=True))
    + r")(?![\w-])"
)
# "not in black and white": "in" may stand between the negation and the words
_NEGATED = re.compile(rf"\b(?:{cues.NEG_LEAD})(?!\w)(?:\s+(?:{cues.FILLER}|in)(?!\w))*\s*$")
_NEGATED_LIST = re.compile(rf"(?:\s|,|/|&|\b(?:or|and|nor|no|not)\b|\b{cues.FILLER}(?!\w))*")
#: A refused list whose earlier words no pass knows: "doesn't like swearing or *violence*".
_NEGATED_WORDS = re.compile(
    rf"\b(?:{cues.NEG_LEAD})(?!\w)(?:\s+(?:{cues.FILLER})(?!\w))*"
    r"(?:\s+[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)?\s*(?:,\s*(?:or|and|nor)?|\s(?:or|nor)\b)){1,4}\s*$"
)


#: The next item of a refused list: "... swearing or violence", "... gore, nor jump scares".
_OR_MORE = re.compile(
    r"\s*(?:,\s*)?(?:or|nor)\s+(?:any\s+)?(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)?)"
    r"(?=\s*(?:[.,;:!?)]|$|\b(?:or|nor|but|and|please|thanks)\b))"
)

#: Aspect words said as a superlative for a feeling ("the saddest", "the darkest"); "the
#: longest", "the oldest" ask for a field's extreme (see ``reply.compared``).
_FEELINGS = frozenset(t for t in cues.ASPECT_TERMS if " " not in t) - cues.words(
    "old short long recent"
)

#: An aspect word said of the day, not of a film: "a really long week", "a slow day at work".
_OF_THE_DAY = re.compile(
    r"\s+(?:week|weeks|day|days|night|shift|drive|flight|trip|commute|wait|while|time)\b"
)

#: A comparative said of people, not of films: "not as young *as I* used to be".
_OF_SELF = re.compile(r"\s+(?:i|we|you|he|she|they)\b")

#: An age word said of people, not of films: "they're too *old for* cartoons".
_OF_PEOPLE = re.compile(r"(?:old|older|young|younger)\s+for\b")

_DEGREE = re.compile(
    # "so nothing rude" said "you'd rather avoid nothing rude"
    r"^(?:(?:too|so|very|overly|that|really|super|all that|nothing|no|none|not|anything)\s+)+"
)


def refused(aspect: str) -> bool:
    """Whether an aspect says what the user does not want ("not gory", "not slashers")."""
    return aspect.lower().startswith("not ")


def avoided(aspects: Sequence[str]) -> tuple[str, ...]:
    """The refused aspects as what to avoid, each once: "not too gory" -> "gory"; "not
    swearing or violence" -> "swearing", "violence"."""
    out = []
    for aspect in aspects:
        words = _DEGREE.sub("", aspect[4:].strip().lower()) if refused(aspect) else ""
        out += [w.strip() for w in _EITHER.split(words) if w.strip()]
    return unique(out)


_EITHER = re.compile(r"\s+(?:or|nor)\s+|\s*,\s*")


def read_aspects(msg: Message) -> None:
    """Known aspect words (negated ones as "not ..."), then "something ...", "with ...", and
    mood phrases, wherever no earlier pass has claimed the text."""
    _read_occasions(msg)
    _read_holidays(msg)
    _read_less(msg)
    for m in _ASPECT_TERMS.finditer(msg.masked):
        if not msg.free(m.start(), m.end()) or _OF_THE_DAY.match(msg.masked, m.end()):
            continue
        if _OF_PEOPLE.match(msg.masked, m.start()):  # "they're too old for it": the children
            msg.claim(m.start(), m.end())
            continue
        text = msg.text[m.start() : m.end()].lower()
        neg_start = _negated(msg, m.start())
        if neg_start is not None:
            msg.aspects.append((neg_start, m.end(), f"not {text}"))
            msg.drops.append((neg_start, m.end()))
        else:
            msg.aspects.append((m.start(), m.end(), text))
    for m in SUPERLATIVE.finditer(msg.masked):  # "the saddest film ever": sad ones, saddest first
        feeling = adjective(m.group())
        if feeling in _FEELINGS and msg.free(m.start(), m.end()):
            msg.aspects.append((m.start(), m.end(), feeling))
    for pattern, aspect in ((cues.FOR_ADULTS, "not kids"), (cues.SCARES_EASILY, "not scary")):
        for m in rx(pattern).finditer(msg.masked):  # "but for adults", "gets scared easily"
            if msg.free(m.start(), m.end()):
                msg.aspects.append((m.start(), m.end(), aspect))
                msg.claim(m.start(), m.end())
    for m in rx(cues.NEG_PHRASE).finditer(msg.masked):  # "but not cheesy": words to avoid
        span = _phrase(msg, m.start("x"), m.end("x"))
        if not span or not msg.free(m.start(), span[1]):
            continue
        text = msg.text[span[0] : span[1]].lower()
        if not set(text.split()) & cues.NEG_PHRASE_STOP:
            msg.aspects.append((m.start(), span[1], f"not {text}"))
            msg.drops.append((m.start(), span[1]))
            end = span[1]
            while (more := _OR_MORE.match(msg.masked, end)) and msg.free(*more.span("x")):
                # "doesn't like swearing or violence" (not "or horror", a genre refused)
                msg.aspects.append((more.start("x"), more.end("x"), f"not {more.group('x')}"))
                msg.drops.append((end, more.end("x")))
                end = more.end("x")
    for start, end in msg.refused_items:  # "can't stand adam sandler or musicals"
        if msg.free(start, end) and msg.masked[start:end].strip():
            msg.aspects.append((start, end, f"not {msg.masked[start:end]}"))
            msg.claim(start, end)
    for pattern in (
        cues.SOMETHING_ASPECT,
        cues.WITH_ASPECT,
        cues.MOOD_ASPECT,
        cues.WHAT_ABOUT_ASPECT,
    ):
        for m in rx(pattern).finditer(msg.masked):
            span = _phrase(msg, m.start("x"), m.end("x"))
            if span and msg.free(*span) and span not in msg.topics:  # not "about a family"
                msg.aspects.append((*span, msg.text[span[0] : span[1]].lower()))
    for m in rx(cues.ABOUT_ASPECT).finditer(msg.masked):  # "about time travel", said alone
        span = _phrase(msg, m.start("x"), m.end("x"), _TOPIC_STOP)
        if span and msg.free(*span) and span not in msg.topics:
            msg.aspects.append((*span, msg.text[span[0] : span[1]].lower()))
    for _, end, _ in msg.term_spans:  # "a comedy about dinosaurs"
        about = rx(cues.KIND_ABOUT).match(msg.masked, end)
        # "about time travel": after "about", "time" starts a topic
        span = _phrase(msg, about.start("x"), about.end("x"), _TOPIC_STOP) if about else None
        if not span or _read(msg, *span) or span in msg.topics:
            continue
        said = msg.text[span[0] : span[1]]
        if not said[:1].isupper():  # "a comedy about Tom Hanks": a person, or a title
            msg.aspects.append((*span, said.lower()))
    for m in rx(cues.TOPIC_ASPECT).finditer(msg.masked):  # "they love dinosaurs"
        span = _phrase(msg, m.start("x"), m.end("x"))
        if not span or _read(msg, *span) or _negated(msg, m.start()) is not None:
            continue
        said = msg.text[span[0] : span[1]]
        # a title the catalog lacks ("they love Frozen"), a pick ("they like the second one")
        if said[:1].isupper() or _A_PICK_AFTER.match(msg.masked, span[1]):
            continue
        msg.aspects.append((*span, said.lower()))
    for m in rx(cues.FILM_ASPECT).finditer(msg.masked):
        span = _film_kind(msg, m.start("x"), m.end("x"))
        if span and span not in msg.topics:
            kind = msg.text[span[0] : span[1]].lower()
            # "a love story", "fairy tales": the word alone is no kind ("you want love")
            noun = m.group("n").rstrip("s").replace("storie", "story")
            told = noun in ("story", "tale") and kind in _OF_A_STORY
            msg.aspects.append((*span, f"{kind} {noun}" if told else kind))


def _read_less(msg: Message) -> None:
    """A comparative down, "less confusing", "not as dark as Se7en": the word is avoided, the
    "than"/"as" goes with it (the title after it is the film the request is like; see the
    ``more_like`` intent). A known phrase stays as it is ("less intense")."""
    for m in rx(cues.LESS).finditer(msg.masked):
        word = m.group("x")
        said = msg.masked[m.start() : m.end("x")]
        if said in cues.ASPECT_TERMS or stop_word(word) or not msg.free(m.start(), m.end()):
            continue
        if _OF_THE_DAY.match(msg.masked, m.end("x")) or _OF_SELF.match(msg.masked, m.end()):
            continue  # "a less busy week", "not as young as I used to be"
        # "not as long as Oppenheimer": shorter than it, not avoiding the word "long"
        aspect = _LESS_MEANS.get(word, f"not {word}")
        msg.aspects.append((m.start(), m.end(), aspect))
        msg.claim(m.start(), m.end())


#: Comparatives down that say a bound: "less long" is "shorter" (against the film named).
_LESS_MEANS = {"long": "shorter", "short": "longer", "old": "newer", "new": "older"}
_LESS_MEANS |= {"recent": "older", "lengthy": "shorter"}


def _read_occasions(msg: Message) -> None:
    """Occasions and slang said for a mood ("a background movie while I fold laundry", "I need
    a good cry", "something lit"): the mood is the aspect (:data:`cues.OCCASIONS`), and the
    words leave the query. Refused ("nothing that makes me cry"), what that avoids, if any."""
    for mood, refusal, pattern in cues.OCCASIONS:
        for m in rx(pattern).finditer(msg.masked):
            start, end = m.start(), m.end()
            if not msg.free(start, end):
                continue
            clause = msg.bounds[msg.clause(start) - 1] if msg.clause(start) else 0
            refused = _OCCASION_REFUSED.search(msg.masked, max(clause, start - 40), start)
            if refused and not refusal:
                continue  # "not in the background": the other passes read it
            aspect = refusal if refused else mood
            if not any(a[2] == aspect for a in msg.aspects):
                msg.aspects.append((refused.start() if refused else start, end, aspect))
            msg.claim(refused.start() if refused else start, end)
    feelings: list[str] = []
    for mood, pattern in cues.FEELINGS_WISHED:  # "I want to feel better", "make me laugh"
        for m in rx(pattern).finditer(msg.masked):
            if msg.free(m.start(), m.end()) and not _refused_occasion(msg, m.start()):
                if not any(a[2] == mood for a in msg.aspects):
                    msg.aspects.append((m.start(), m.end(), mood))
                    feelings.append(mood)
                msg.claim(m.start(), m.end())
    states = [
        (m, mood)
        for mood, pattern in cues.STATES
        for m in rx(pattern).finditer(msg.masked)
        if msg.free(m.start(), m.end()) and not _refused_occasion(msg, m.start())
    ]
    for m, _ in states:  # "I'm sad": the user's state, no wish for sad films
        msg.claim(m.start(), m.end())
    wished = msg.aspects or any(msg.free(*t.span()) for t in _ASPECT_TERMS.finditer(msg.masked))
    if states and not wished:  # asks for what lifts it, unless the message asks for a mood
        m, mood = states[0]
        msg.aspects.append((m.start(), m.end(), mood))
        feelings.append(mood)
    # "I'm sad and want to feel better": a wish for tonight, not a standing taste (it was
    # saved to the profile, and the next conversation went on asking for feel-good films)
    if states:
        msg.momentary += feelings


def _read_holidays(msg: Message) -> None:
    """A holiday the film is for ("a christmas movie", "what about halloween?"): its name is
    the aspect (:data:`cues.HOLIDAYS`), one the turn lets replace the request's earlier one;
    refused ("nothing christmassy"), it is avoided."""
    for name, pattern in cues.HOLIDAYS:
        for m in rx(pattern).finditer(msg.masked):
            if not msg.free(m.start(), m.end()):
                continue
            neg_start = _negated(msg, m.start())
            aspect = name if neg_start is None else f"not {name}"
            if not any(a[2] == aspect for a in msg.aspects):
                msg.aspects.append((m.start() if neg_start is None else neg_start, m.end(), aspect))
            msg.claim(m.start() if neg_start is None else neg_start, m.end())


def _refused_occasion(msg: Message, start: int) -> bool:
    """Whether a refusal comes before ``start`` in its clause ("I'm *not* sad")."""
    clause = msg.bounds[msg.clause(start) - 1] if msg.clause(start) else 0
    return bool(_OCCASION_REFUSED.search(msg.masked, max(clause, start - 40), start))


#: A refusal before an occasion in its clause: "*nothing that* makes me cry", "*I hate movies
#: that* make me cry"; not one before a new wish after a comma ("*too* quirky, something more
#: down to earth").
_OCCASION_REFUSED = re.compile(
    rf"\b(?:{cues.NEG_LEAD}|never|hate|hates|don'?t|doesn'?t|do not|does not|won'?t"
    r"|can'?t stand)\b"
    r"(?:(?!,\s*(?:but\s+)?(?:something|anything|instead|rather|maybe)\b)[^.;!?])*$"
)


_A_PICK_AFTER = re.compile(r"\s+ones?\b")


#: "More" before what is asked for: more of it, not the word ("with more action").
_MORE = re.compile(r"^(?:(?:a (?:bit|little|lot) |much |way |even )?more)\s+(?!of\b|than\b)")


def final_aspects(msg: Message) -> tuple[str, ...]:
    """The longest aspects that do not overlap, in text order, at most eight."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, text in sorted(msg.aspects, key=lambda a: (a[0] - a[1], a[0])):
        text = " ".join(text.split())
        # "something with more action" noted "more action", which no film mentions
        text = _MORE.sub("", text) or text
        too_long = len(text) > 40 or len(text.split()) > 5
        if text and not too_long and all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, text))
    return unique(text for _, _, text in sorted(chosen))[:_MAX_ASPECTS]


def _negated(msg: Message, start: int) -> int | None:
    """Where the negation governing a word at ``start`` begins ("nothing scary or *too
    violent*" continues the negated list), or None."""
    lead = _NEGATED.search(msg.masked, max(0, start - 40), start)
    if lead:
        return lead.start()
    clause = msg.bounds[msg.clause(start) - 1] if msg.clause(start) else 0
    if _NEGATED_WORDS.search(msg.masked, max(clause, start - 60), start):
        return start  # the earlier words are another pass's ("not swearing")
    for _, e in msg.negations:
        if e <= start and _NEGATED_LIST.fullmatch(msg.masked[e:start]):
            return e
    return None


def _phrase(
    msg: Message, start: int, end: int, stops: frozenset[str] = cues.ASPECT_STOP
) -> tuple[int, int] | None:
    """The words of a free-text aspect up to the first word that ends it (one of ``stops``)."""
    kept: list[re.Match[str]] = []
    for w in re.finditer(r"[a-z][a-z'-]*", msg.masked[start:end]):
        word = w.group()
        if kept and start + w.start() - (start + kept[-1].end()) > 3:
            break  # a title was blanked out here
        if word in stops and not (word in _INTENSIFIERS and not _content(kept)):
            break
        kept.append(w)
    if not _content(kept):
        return None
    return start + kept[0].start(), start + kept[-1].end()


#: Words before "movie" that name no kind: how good or long it is, and small words ("a *really
#: good* bank heist movie", "a *two hour* movie"). "time" may be a kind ("a time travel movie").
_NO_KIND = (cues.ASPECT_STOP - {"time"}) | _INTENSIFIERS | frozenset(cues.NUMBER_WORDS)
#: Words that end a topic said after "about": "time" may start one ("about time travel").
_TOPIC_STOP = cues.ASPECT_STOP - {"time"}
_NO_KIND |= cues.words("of your his its their fun hour hours minute minutes min mins long short")
#: Words that name a kind only with "story" or "tale" after them.
_OF_A_STORY = frozenset({"love", "fairy"})
#: The most words of a kind before "movie" ("a slow burn *revenge* film", "a *bank heist* movie").
_KIND_WORDS = 3


def _film_kind(msg: Message, start: int, end: int) -> tuple[int, int] | None:
    """The words that name the kind in "a ... movie" (the words between the article and
    "movie", from ``start`` to ``end``): the last one to three, past genre words read as such
    ("a heist horror movie": "heist"), after which only words read otherwise or that name no
    kind may come ("a fun bank heist movie": "bank heist"; "an edge of your seat movie": none)."""
    words = list(re.finditer(r"[a-z][a-z'-]*", msg.masked[start:end]))
    if any(b.start() - a.end() > 3 for a, b in pairwise(words)):
        return None  # a title was blanked out here ("an Alien type movie")
    kept: list[re.Match[str]] = []
    rest = len(words)
    for n in range(len(words) - 1, -1, -1):
        w = words[n]
        if _read(msg, start + w.start(), start + w.end()) and not kept:
            rest = n  # a genre or mood word next to "movie": the kind, if any, is before it
            continue
        if w.group() in _NO_KIND or _read(msg, start + w.start(), start + w.end()):
            break
        if len(kept) == _KIND_WORDS:
            return None  # more words than a kind says
        kept.insert(0, w)
        rest = n
    before = words[:rest]
    if not kept or any(
        w.group() not in _NO_KIND and not _read(msg, start + w.start(), start + w.end())
        for w in before
    ):
        return None
    return start + kept[0].start(), start + kept[-1].end()


def _read(msg: Message, start: int, end: int) -> bool:
    """Whether a word is read by another pass: a genre or language word, an aspect, or a phrase
    claimed (a runtime, a person)."""
    inside = [(s, e) for s, e, _ in msg.term_spans] + [(s, e) for s, e, _ in msg.aspects]
    return not msg.free(start, end) or any(s < end and start < e for s, e in inside)


def _content(words: Sequence[re.Match[str]]) -> bool:
    """Whether a phrase has a word that describes a film: not an intensifier, nor a function
    word or a word of asking ("anything *by* ozu", "anything *w* song kang-ho", "something
    *directed* by", "a western *instead*": they were noted as tastes)."""
    return any(
        w.group() not in _INTENSIFIERS and len(w.group()) > 1 and not stop_word(w.group())
        for w in words
    )
