"""Year and runtime bounds: "since 1990", "the 80s or 90s", "under two hours", "90-120 min".

* Years: "nothing before 1990", "since 1990", "1990 onwards" -> ``year >= 1990``; "after 1990",
  "newer than 1990" -> ``year > 1990`` (after a decade: ``year >= 1990`` for "after the 80s");
  "before 1980", "older than 1980", "pre-1980" -> ``year < 1980``; "until 1980" -> ``<= 1980``.
  "the 90s" -> 1990..1999 and "80s or 90s" -> 1980..1999 (two decades become one span).
  "20s" means the 1920s. A bare year counts only as "from 1994" / "1994 films".
* Runtime bounds are inclusive and in minutes: "under two hours" and "less than 90 minutes" ->
  ``runtime <= 120`` / ``<= 90``; "nothing over 2 hours" -> ``<= 120``; "at least 90 min" -> ``>=``.
  Without a number, "something short" and "nothing too long" bound that request only (100 and 120
  minutes). "About 90 minutes" -> 75..105.
"""

from __future__ import annotations

import re
from datetime import date

from pickwise.agent import cues
from pickwise.agent.understanding.events import Event, as_op
from pickwise.agent.understanding.message import Message, rx
from pickwise.agent.understanding.vocabulary import compact
from pickwise.retrieval.constraints import AnyOf, Range

__all__ = [
    "join_eras",
    "read_ages",
    "read_eras",
    "read_recent",
    "read_runtime_words",
    "read_runtimes",
    "read_years",
]


#: "About 90 minutes" allows this many minutes either way.
ABOUT_MINUTES = 15
#: "I have about 90 minutes" allows this many more.
HAVE_SLACK = 10
_LOOSE = r"\b(?:maybe|about|like|roughly|around)\s*$"


def read_years(msg: Message) -> None:
    if msg.vocab.year_field is None:
        return
    found = [m for m in rx(cues.YEARISH).finditer(msg.masked) if msg.free(m.start(), m.end())]
    i = 0
    while i < len(found):
        if i + 1 < len(found) and _year_pair(msg, found[i], found[i + 1]):
            i += 2
        else:
            _year_single(msg, found[i])
            i += 1


def _year_pair(msg: Message, a: re.Match[str], b: re.Match[str]) -> bool:
    """ "between 1970 and 1985", "1970-1985", "80s or 90s", "the 70s to the 90s"."""
    gap = msg.masked[a.end() : b.start()]
    if not rx(cues.YEAR_PAIR_GAP).match(gap):
        return False
    lo_a, hi_a, decade_a = _year_span(a)
    lo_b, hi_b, decade_b = _year_span(b)
    lead = rx(cues.YEAR_RANGE_WORDS).search(msg.masked, max(0, a.start() - 12), a.start())
    ranged = re.search(r"-|–|\bto\b|through|thru|till|until", gap)
    if not (ranged or (decade_a and decade_b) or lead):
        return False
    start = lead.start() if lead else a.start()
    _year_bounds(msg, "exact", start, b.end(), min(lo_a, lo_b), max(hi_a, hi_b), True)
    return True


def _year_single(msg: Message, m: re.Match[str]) -> None:
    lo, hi, decade = _year_span(m)
    start, end = m.start(), m.end()
    kind, kind_start = None, start
    for name, pattern in cues.YEAR_CONTEXT:
        found = rx(pattern).search(msg.masked, max(0, start - 40), start)
        if found:
            kind, kind_start = name, found.start()
            break
    if kind in (None, "exact"):
        for name, pattern in cues.YEAR_TAIL:
            tail = rx(pattern).match(msg.masked[end : end + 30])
            if tail:
                kind, end = name, end + tail.end()
                break
    if kind is None and decade:
        kind = "exact"
    if kind is not None:
        _year_bounds(msg, kind, kind_start, end, lo, hi, decade)


def _year_bounds(
    msg: Message, kind: str, start: int, end: int, lo: int, hi: int, decade: bool
) -> None:
    name = msg.vocab.year_field
    msg.claim(start, end)
    if name is None or kind == "skip":
        return
    if kind in ("from", "exact"):
        msg.events.append(Event(start, "min", name, number=lo))
    if kind in ("to", "exact"):
        msg.events.append(Event(start, "max", name, number=hi))
    if kind == "after":
        msg.events.append(
            Event(start, "min", name, number=hi + 1 if decade else hi, strict=not decade)
        )
    if kind == "before":
        msg.events.append(Event(start, "max", name, number=lo, strict=True))


def _year_span(m: re.Match[str]) -> tuple[int, int, bool]:
    """(first year, last year, is a decade) of a YEARISH match."""
    if m.group("dd"):
        two = int(m.group("dd"))
        base = 2000 + two if two < 20 else 1900 + two
        return base, base + 9, True
    if m.group("cd"):
        return int(m.group("cd")), int(m.group("cd")) + 9, True
    if m.group("dw"):
        base = cues.DECADE_WORDS[m.group("dw")]
        return base, base + 9, True
    year = int(m.group("y"))
    return year, year, False


def read_runtimes(msg: Message) -> None:
    name = msg.vocab.runtime_field
    if name is None:
        return
    for m in rx(cues.DURATION).finditer(msg.masked):
        minutes = _minutes(m)
        if minutes is None or not msg.free(m.start(), m.end()):
            continue
        if not _runtime_pair(msg, name, m, minutes):
            _runtime_bound(msg, name, m, minutes)
    for m in rx(cues.BARE_RUNTIME).finditer(msg.masked):  # "shorter pls like under 100"
        minutes = float(m.group("n") or m.group("n2"))
        if not 30 <= minutes <= 400 or not msg.free(m.start(), m.end()):
            continue
        longer = m.group("op") in ("over", "more than", "at least") or m.group("cmp") == "longer"
        op = "max" if bool(m.group("no")) == longer else "min"
        msg.events.append(Event(m.start(), as_op(op), name, number=minutes))
        msg.claim(m.start(), m.end())


def read_ages(msg: Message) -> bool:
    """Ages ("my 9 year old", "in their 70s") are who watches: claimed, so that neither "old"
    nor "70s" is read as a wish. Whether one is a child's (up to 12)."""
    kid = False
    for m in rx(cues.KIDS_AWAY).finditer(msg.masked):  # "kids are in bed": for the adults
        msg.claim(m.start(), m.end())
        msg.aspects.append((m.start(), m.end(), "not kids"))
    for pattern in (cues.SELF_ORIGIN, cues.KIDS_SAW):  # "i am from brazil", "the kids loved
        for m in rx(pattern).finditer(msg.masked):  # it": who watches, no wish
            msg.claim(m.start(), m.end())
    for m in rx(cues.AGE).finditer(msg.masked):
        if not msg.free(m.start(), m.end()):
            continue
        msg.claim(m.start(), m.end())
        kid = kid or bool(m.group("grand"))
        for group in ("kid", "kid2", "kid3", "kid4", "kid5", "kid6"):
            said = m.group(group)
            if said:
                age = int(said) if said.isdigit() else cues.NUMBER_WORDS.get(said, 99)
                kid = kid or age <= 12
    for m in rx(cues.AGE_AFTER).finditer(msg.masked):  # "my son, he's 10"
        if not msg.free(*m.span("said")):
            continue
        msg.claim(*m.span("said"))
        ages = [m.group(g) for g in ("kid", "kid2") if m.group(g)]
        kid = kid or any(
            (int(a) if a.isdigit() else cues.NUMBER_WORDS.get(a, 99)) <= 12 for a in ages
        )
    for m in rx(cues.AGE_OF_SOMEONE).finditer(msg.masked):  # "my grandma (82)", "she's 82"
        span = m.span("said") if m.group("said") else m.span()
        if msg.free(*span):
            msg.claim(*span)
    return kid


def read_eras(msg: Message) -> list[tuple[int, int, Range, frozenset[str]]]:
    """ "Pre-war european cinema", "the silent era", "70s new hollywood": the years of an era
    film history names, for this request. Each as (start, end, years, languages): the language
    said as part of its name ("*french* new wave", "*italian* neorealism"), which
    :func:`join_eras` decides on once the years are read."""
    name = msg.vocab.year_field
    if name is None:
        return []
    found: list[tuple[int, int, Range, frozenset[str]]] = []
    for low, high, pattern in cues.ERAS:
        for m in rx(pattern).finditer(msg.masked):
            if not msg.free(m.start(), m.end()):
                continue
            start, spoken = m.start(), frozenset[str]()
            before = _WORD_BEFORE.search(msg.masked, max(0, start - 20), start)
            if before and msg.vocab.language_field and msg.free(*before.span(1)):
                spoken = frozenset(msg.vocab._language_terms.get(compact(before.group(1)), ()))
                start = before.start(1) if spoken else start
            msg.claim(start, m.end())
            found.append((start, m.end(), Range(name, min=low, max=high), spoken))
    return sorted(found, key=lambda e: e[0])


_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$")


def join_eras(msg: Message, eras: list[tuple[int, int, Range, frozenset[str]]]) -> None:
    """The eras named, after the years: alternatives, as one span of years. "French New Wave
    and 70s New Hollywood" is 1958-1979: a decade right before an era narrows it ("70s new
    hollywood"), and a language of one era's name holds only when it is the one span asked
    for (it filtered to 1958-1969, 1967-1982, the 1970s and French at once, and found
    nothing)."""
    name = msg.vocab.year_field
    if not eras or name is None:
        return
    spans = _year_spans(msg, name)
    ranges: list[Range] = []
    for start, _, era, _ in eras:
        decade = _said_before(msg, spans, start)
        if decade is not None:  # "70s new hollywood": the 70s of it
            spans.remove(decade)
            msg.events = [e for e in msg.events if not (e.field == name and e.pos == decade[2])]
            low = max(decade[0], era.min) if era.min is not None else decade[0]
            high = min(decade[1], era.max) if era.max is not None else decade[1]
            era = Range(name, min=low, max=high)
        ranges.append(era)
    if len(ranges) + len(spans) == 1:
        msg.wanted.append(ranges[0])
        msg.wanted += [AnyOf(msg.vocab.language_field or "", e[3]) for e in eras if e[3]]
        return
    poses = {pos for _, _, pos in spans}
    msg.events = [e for e in msg.events if not (e.field == name and e.pos in poses)]
    lows = [r.min for r in ranges] + [lo for lo, _, _ in spans]
    highs = [r.max for r in ranges] + [hi for _, hi, _ in spans]
    msg.wanted.append(
        Range(
            name,
            min=None if None in lows else min(x for x in lows if x is not None),
            max=None if None in highs else max(x for x in highs if x is not None),
        )
    )


def _year_spans(msg: Message, name: str) -> list[tuple[float, float, int]]:
    """The spans of years read so far ("the 70s", "1970-1985"), as (first, last, where said):
    a min and a max said at one place."""
    mins = {e.pos: e.number for e in msg.events if e.field == name and e.op == "min"}
    return [
        (mins[e.pos] or 0.0, e.number or 0.0, e.pos)
        for e in msg.events
        if e.field == name and e.op == "max" and e.pos in mins
    ]


def _said_before(
    msg: Message, spans: list[tuple[float, float, int]], start: int
) -> tuple[float, float, int] | None:
    """The span of years said right before ``start`` ("*70s* new hollywood"), if any."""
    years = rx(rf"(?:{cues.YEARISH})\s*$").search(msg.masked, max(0, start - 30), start)
    if years is None:
        return None
    near = [sp for sp in spans if years.start() - 30 <= sp[2] <= years.start()]
    return max(near, key=lambda sp: sp[2]) if near else None


def read_recent(msg: Message, today: date | None = None) -> None:
    """ "Something recent", "anything newer?", "from the last 5 years", "those are too old": a
    lower year bound for this request, counted back from this year."""
    name = msg.vocab.year_field
    if name is None:
        return
    # a year said too ("too old, nothing before 1990"): that bound holds, and the words are read
    # (they were a word to avoid, "you'd rather avoid old")
    said = any(e.field == name for e in msg.events)
    year = (today or date.today()).year
    for back, pattern in cues.RECENT:
        for m in rx(pattern).finditer(msg.masked):
            if not msg.free(m.start(), m.end()):
                continue
            if said:
                msg.claim(m.start(), m.end())
                continue
            if m.group().startswith(("no ", "nothing ")):  # "no old black and white stuff"
                msg.negations.append((m.start(), m.end()))
            negation = _REFUSED.search(msg.masked, max(0, m.start() - 40), m.start())
            start = negation.start() if negation and back <= 10 else m.start()
            msg.claim(start, m.end())
            if back == 0:
                word = m.group("n")
                back = int(word) if word.isdigit() else cues.NUMBER_WORDS.get(word, 5)
            if any(c.field == name for c in msg.wanted):
                continue
            if start < m.start():  # "nothing too modern", "i don't like new films": older ones
                msg.wanted.append(Range(name, max=year - back - 1))
            else:
                msg.wanted.append(Range(name, min=year - back))
                msg.recency = True


#: A refusal right before a word of recency: "nothing too *modern*", "don't like *new films*".
_REFUSED = re.compile(rf"\b(?:{cues.NEG_LEAD}|no|not)(?!\w)(?:\s+(?:{cues.FILLER})(?!\w))*\s*$")


def read_runtime_words(msg: Message) -> None:
    """ "Something short", "nothing too long": a runtime bound for this request (a filter the
    follow-ups keep, not a profile constraint), unless the message gives a number too."""
    name = msg.vocab.runtime_field
    if name is None:
        return
    numbered = any(e.field == name for e in msg.events)
    for bound, minutes, pattern in cues.RUNTIME_WORDS:
        for m in rx(pattern).finditer(msg.masked):
            if not msg.free(m.start(), m.end()):
                continue
            msg.claim(m.start(), m.end())
            if not numbered and not any(c.field == name for c in msg.wanted):
                hi = Range(name, max=minutes)
                msg.wanted.append(hi if bound == "max" else Range(name, min=minutes))


def _runtime_pair(msg: Message, name: str, m: re.Match[str], minutes: float) -> bool:
    """ "between 90 and 120 minutes", "from 1 to 2 hours": both bounds at once."""
    pair = rx(cues.RUNTIME_PAIR).search(msg.masked, max(0, m.start() - 40), m.start())
    if not pair:
        return False
    unit = pair.group("u") or ("m" if m.group("m") else "h")
    first = float(pair.group("a")) * (60 if unit.startswith("h") else 1)
    lo, hi = sorted((first, minutes))
    msg.events.append(Event(pair.start(), "min", name, number=lo))
    msg.events.append(Event(pair.start(), "max", name, number=hi))
    msg.claim(pair.start(), m.end())
    return True


_HEDGE = re.compile(r"(?:\b(?:like|maybe|say|roughly|about|around|approximately|um+|uh+),?\s+)+$")


def _runtime_bound(msg: Message, name: str, m: re.Match[str], minutes: float) -> None:
    """ "under two hours", "at least 90 min", "2 hours or less"."""
    start, end, window = m.start(), m.end(), max(0, m.start() - 40)
    kind = None
    # "nothing longer than like two and a half hours": the bound before a hedge
    hedge = _HEDGE.search(msg.masked, window, start)
    ends = (hedge.start(), start) if hedge else (start,)
    for stop in ends:
        for bound, pattern in cues.RUNTIME_CONTEXT:
            found = rx(pattern).search(msg.masked, window, stop)
            if found and not (stop != start and bound == "about"):
                kind, start = bound, found.start()
                break
        if kind is not None:
            break
    for bound, pattern in cues.RUNTIME_TAIL if kind is None else ():
        tail = rx(pattern).match(msg.masked[end : end + 30])
        if tail:
            kind, end = bound, end + tail.end()
            break
    window_said = rx(cues.TIME_WINDOW).search(msg.masked) if kind is None else None
    if window_said and not _TOPIC_BEFORE.search(msg.masked, window, start):
        # "lunch break, like 30 minutes", "a 30 min commute": the time there is, and the words
        # leave the query (they brought The Lunchbox)
        kind, start = "have", hedge.start() if hedge else start
        msg.claim(*window_said.span())
    if (
        kind is None
        and _AS_LENGTH.match(msg.masked[end : end + 30])
        and ("-" in m.group() or _A_BEFORE.search(msg.masked, window, start))
    ):
        kind = "about"  # "a 4-hour documentary", "a two hour film", "3 hours long"
    long = rx(r"^\s+long\b").match(msg.masked[end : end + 10]) if kind is None else None
    if long:
        kind, end = "about", end + long.end()
    if kind == "have":  # "i only have an hour and a half": this request, up to that long
        loose = rx(_LOOSE).search(msg.masked, start, m.start())
        if not any(c.field == name for c in msg.wanted):
            msg.wanted.append(Range(name, max=minutes + (HAVE_SLACK if loose else 0)))
        tail = rx(cues.RUNTIME_TAIL[0][1]).match(msg.masked[end : end + 30])  # "... tops"
        msg.claim(start, end + (tail.end() if tail else 0))
    elif kind == "about":  # "about 90 minutes": within a quarter of an hour of it
        msg.events.append(Event(start, "min", name, number=max(minutes - ABOUT_MINUTES, 0)))
        msg.events.append(Event(start, "max", name, number=minutes + ABOUT_MINUTES))
        msg.claim(start, end)
    elif kind is not None:
        msg.events.append(Event(start, as_op(kind), name, number=minutes))
        msg.claim(start, end)


#: What an item is about, before a length: "a film *about a* 2 hour flight" (no time the user
#: has).
_TOPIC_BEFORE = re.compile(r"\b(?:about|during|set (?:on|in|during))\s+(?:an?|the)\s*$")
#: A length said as what an item is ("a 4-hour documentary"): a word after it, not "ago".
_AS_LENGTH = re.compile(r"^\s+(?!ago\b|of\b|or\b|and\b|to\b|in\b|at\b|a\b|with\b)[a-z]")
_A_BEFORE = re.compile(r"\b(?:a|an)\s+$")


def _minutes(m: re.Match[str]) -> float | None:
    g = m.groupdict()
    if g["halfhour"]:
        minutes: float | None = 30.0
    elif g["hah"]:
        minutes = 90.0
    elif g["ah"]:
        minutes = (_number(g["ah"]) + 0.5) * 60
    elif g["h"]:
        extra = float(g["hm"]) if g["hm"] else 30.0 if g["half"] else 0.0
        minutes = _number(g["h"]) * 60 + extra
    else:
        minutes = float(g["m"]) if g["m"] else None
    return minutes if minutes is not None and 0 < minutes <= 1000 else None


def _number(word: str) -> float:
    return float(cues.NUMBER_WORDS.get(word, 0)) if not word[0].isdigit() else float(word)
