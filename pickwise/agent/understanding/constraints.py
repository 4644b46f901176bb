"""Genre and language constraints: the catalog's words with the lead or tail that governs them
("no horror", "only comedies", "horror is fine", "in French"), field-wide relaxations ("any
length") and the subtitle switches ("no subtitles" -> English only).

Genre words alone are aspects, not constraints; "no rom-coms" (a value pair) stays an aspect too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rapidfuzz.distance import OSA

from pickwise.agent import cues
from pickwise.agent.understanding.events import Event, as_bound, as_op
from pickwise.agent.understanding.message import Message, TermHit, rx
from pickwise.agent.understanding.vocabulary import SUPERLATIVE, adjective, compact
from pickwise.retrieval.constraints import AnyOf, NoneOf
from pickwise.retrieval.genres import war_event_at

__all__ = ["read_language_switches", "read_relaxed_fields", "read_terms"]

_LEADS = re.compile(
    rf"(?:\b(?P<none>{cues.NEG_LEAD})|\b(?P<only>{cues.ONLY_LEAD})|\b(?P<relax>{cues.RELAX_LEAD}))"
    rf"(?!\w)(?:\s+{cues.FILLER}(?!\w))*(?:\s*|-)$"  # "non-horror"
)
#: A refusal with a word or two of its own before a value: "nothing with loud *scary* bits".
_LOOSELY_REFUSED = re.compile(
    rf"\b(?:{cues.NEG_LEAD})(?!\w)(?:\s+{cues.FILLER}(?!\w))*(?:\s+[a-z][a-z'-]*){{1,2}}\s+$"
)
#: A refused list whose earlier items no pass has read yet (a person, words): "i can't stand
#: adam sandler *or* musicals", "can't stand Jim Carrey or horror". The refusal covers every
#: item (musicals were asked for). The last joint is "or", "nor" or "and", so that "I don't like
#: it, horror please" asks for horror; a pronoun is no item ("didn't like that one and ...").
_ITEM = (
    r"(?!(?:it|that|this|them|those|these|him|her|one|ones|but|though|so|then|i|we)\b)"
    r"[a-z][a-z'.-]*(?:\s+[a-z][a-z'.-]*){0,2}"
)
_REFUSED_LIST = re.compile(
    rf"\b(?:{cues.NEG_LEAD})(?!\w)(?:\s+{cues.FILLER}(?!\w))*"
    rf"\s+(?P<items>{_ITEM}(?:\s*,\s*{_ITEM}){{0,3}})\s*,?\s+"
    # "and" right before the word: "nothing sad and a comedy" asks for a comedy
    rf"(?:(?:or|nor)(?:\s+{cues.FILLER}(?!\w))*|and)\s+$"
)
_LANGUAGE_LEADS = re.compile(
    rf"(?:\b(?P<none>{cues.LANGUAGE_NEG_LEAD})|\b(?P<only>{cues.LANGUAGE_ONLY_LEAD})"
    rf"|\b(?P<relax>{cues.RELAX_LEAD}))(?!\w)(?:\s+{cues.FILLER}(?!\w))*\s*$"
)


def read_relaxed_fields(msg: Message) -> None:
    """ "I don't mind old films", "any length", "subtitles are fine"."""
    for role, bound, pattern in cues.RELAX_FIELD:
        name = msg.field_for(role)
        if name is None:
            continue
        for m in rx(pattern).finditer(msg.masked):
            if msg.free(m.start(), m.end()):
                msg.claim(m.start(), m.end())
                msg.events.append(Event(m.start(), "relax", name, bound=as_bound(bound)))


def read_language_switches(msg: Message) -> None:
    """ "no subtitles" -> English only; "something foreign" -> not English."""
    name = msg.vocab.language_field
    english = msg.vocab._language_terms.get("english")
    if name is None or not english:
        return
    for pattern, op in ((cues.ENGLISH_ONLY, "any"), (cues.NOT_ENGLISH, "none")):
        for m in rx(pattern).finditer(msg.masked):
            # "don't want anything sad or anything with subtitles": only the last part is read
            start = m.start("tail") if "tail" in m.re.groupindex and m.group("tail") else m.start()
            if msg.free(start, m.end()):
                msg.claim(start, m.end())
                msg.events.append(Event(start, as_op(op), name, (frozenset(english),)))


def read_terms(msg: Message) -> None:
    """Genre words, then language words (when the catalog has a language field)."""
    vocab = msg.vocab
    _terms(msg, vocab._genre_re, vocab._genre_terms, _LEADS, cues.ONLY_TAIL, typos=True)
    if vocab.language_field:
        lang_terms = {
            k: tuple((vocab.language_field, v) for v in vs)
            for k, vs in vocab._language_terms.items()
        }
        _terms(msg, vocab._language_re, lang_terms, _LANGUAGE_LEADS, cues.LANGUAGE_ONLY_TAIL)


def _terms(
    msg: Message,
    pattern: re.Pattern[str] | None,
    terms: Mapping[str, tuple[tuple[str, str], ...]],
    leads: re.Pattern[str],
    only_tail: str,
    typos: bool = False,
) -> None:
    """Genre or language words, each with the lead or tail that governs it (or none); with
    ``typos``, one-word ones misspelled by one letter too ("a horor movie")."""
    if pattern is None:
        return
    hits = [
        (m.start(), m.end(), terms[compact(m.group())])
        for m in pattern.finditer(msg.masked)
        if compact(m.group()) in terms and msg.free(m.start(), m.end())
    ]
    if typos:
        hits = sorted([*hits, *_superlatives(msg, terms, hits)])
        hits = sorted([*hits, *_misspelled(msg, terms, hits)])
        hits = [h for h in hits if not _audience_topic(msg, h) and not _war_topic(msg, h)]
    described = [
        m.span(g)
        for m in rx(cues.DESCRIBED_FILM).finditer(msg.masked)
        for g in ("d", "e")
        if m.group(g)
    ]
    # "that Korean class movie was amazing": Korean describes that film (a word of the query)
    hits = [h for h in hits if not any(s <= h[0] and h[1] <= e for s, e in described)]
    msg.term_spans += hits
    modes, starts, ends = _modes(msg, hits, leads, only_tail)
    i = 0
    while i < len(hits):
        if modes[i] == "only":
            j = i
            while j + 1 < len(hits) and modes[j + 1] == "only":
                if not _listed(msg, hits[j][1], hits[j + 1][0]):
                    break
                j += 1
            _only(msg, hits[i : j + 1], starts[i], ends[j])
            i = j + 1
            continue
        _one_term(msg, hits[i], modes[i], starts[i], ends[i])
        i += 1


def _superlatives(
    msg: Message, terms: Mapping[str, tuple[tuple[str, str], ...]], hits: list[TermHit]
) -> list[TermHit]:
    """Superlatives of a genre's word: "the scariest one you have" and "the funniest movie" ask
    for scary (horror) and funny (comedy) films, said and searched as "scary" and "funny"; the
    search puts the most so first. It noted "you want scariest", and "the funniest movie" asked
    for nothing."""
    found: list[TermHit] = []
    for m in SUPERLATIVE.finditer(msg.masked):
        base = compact(adjective(m.group()))
        if base not in terms or not msg.free(m.start(), m.end()):
            continue
        msg.corrected[m.start()] = base
        if not any(s == m.start() for s, _, _ in hits):
            found.append((m.start(), m.end(), terms[base]))
    return found


#: A word long enough to be a misspelled genre word ("horor", "comdy", "thriler").
_WORD = re.compile(r"(?<![\w'-])[a-z][a-z]{4,}(?![\w'-])")
#: Real words one letter off a genre word: never read as one ("I'd be thrilled").
_NOT_TYPOS = frozenset({
    "thrilled", "comely", "scare", "scarf", "scars", "scaly", "scarce", "funky", "slashed",
    "slashes", "carton", "cartons", "creeps", "drams", "crimp", "crimes", "dramas", "musics",
    "animates", "animal", "span", "spin", "chin", "chia", "scar", "dram", "crim", "rama",
    "anim", "wars", "myst",
})  # fmt: skip
#: A four-letter word may be a misspelled place ("from japn") or five-letter genre word ("funy").
_SHORT_WORD = re.compile(r"(?<![\w'-])[a-z]{4}(?![\w'-])")


def _misspelled(
    msg: Message, terms: Mapping[str, tuple[tuple[str, str], ...]], hits: list[TermHit]
) -> list[TermHit]:
    """Words one letter off a one-word genre word ("horor", "horrer", "comdy", "documentry"):
    five letters or more, the same first two letters (so "auction" is not "action"), and one
    genre word only at that distance. Two letters off is too far: "thrilled" is no thriller.
    A place may be four letters ("from japn": it was searched as a word, and no Japanese film
    came)."""
    found: list[TermHit] = []
    places = {f for f, _ in msg.vocab.facets if f.lower() in cues.COUNTRY_FIELDS}
    words = sorted([*_WORD.finditer(msg.masked), *_SHORT_WORD.finditer(msg.masked)], key=_at)
    for m in words:
        word = m.group()
        if word in terms or word in _NOT_TYPOS or not msg.free(m.start(), m.end()):
            continue
        if any(s < m.end() and m.start() < e for s, e, _ in hits):
            continue
        short = len(word) < 5
        close = {
            t: terms[t]
            for t in terms
            if t[:2] == word[:2]
            and t.isalpha()
            and OSA.distance(word, t, score_cutoff=1) <= 1
            # four letters: a place ("japn"), or a five-letter word missing one ("funy")
            and not (short and not all(f in places for f, _ in terms[t]) and len(t) != 5)
        }
        if len(set(close.values())) == 1:
            term, targets = next(iter(close.items()))
            found.append((m.start(), m.end(), targets))
            msg.corrected[m.start()] = term  # said and searched as "horror", not "horor"
    return found


def _at(m: re.Match[str]) -> int:
    return m.start()


def _modes(
    msg: Message, hits: list[TermHit], leads: re.Pattern[str], only_tail: str
) -> tuple[list[str | None], list[int], list[int]]:
    """Each hit's mode (none/only/relax/None) and the span its phrase covers."""
    modes: list[str | None] = [None] * len(hits)
    starts = [h[0] for h in hits]
    ends = [h[1] for h in hits]
    own = [False] * len(hits)
    for i, (start, _, _) in enumerate(hits):
        window = max(hits[i - 1][1] if i else 0, start - 60)
        lead = leads.search(msg.masked, window, start)
        if lead and not msg.free(lead.start(), lead.start() + 1):
            lead = None  # "no actually a thriller": a change of mind, no refusal (CORRECTION)
        if lead:
            modes[i] = next(g for g in ("none", "only", "relax") if lead.group(g))
            own[i], starts[i] = True, lead.start()
        elif i and _listed(msg, hits[i - 1][1], start):
            # "less comedy, more drama": "more" turns from the refused word to a wanted one
            gap = msg.masked[hits[i - 1][1] : start]
            turned = modes[i - 1] == "none" and _TURN.match(gap)
            modes[i] = None if turned else modes[i - 1]
        elif any(e <= start and _OR_NEXT.fullmatch(msg.masked, e, start) for _, e in msg.negations):
            # "nothing silent or horror": the next item of a list another pass refused
            modes[i] = "none"
        elif (listed := _REFUSED_LIST.search(msg.masked, window, start)) and msg.free(
            listed.start(), listed.end("items")
        ):
            # "can't stand adam sandler or musicals": refused like the items before it; the
            # people pass reads a name among them, the aspects the words
            modes[i] = "none"
            msg.negations.append((listed.start(), start))
            msg.refused_items += _refused_items(msg, *listed.span("items"))
            msg.drops += [(listed.start(), listed.start("items")), (listed.end("items"), start)]
        elif (loose := _LOOSELY_REFUSED.search(msg.masked, window, start)) and msg.free(
            loose.start(), loose.start() + 1
        ):
            # "nothing with loud *scary* bits": not asked for; the aspects read the phrase
            modes[i] = "skip"
    from_tail = [False] * len(hits)
    for i in reversed(range(len(hits))):
        tail = None if own[i] else _tail(msg.masked, hits[i][1], only_tail)
        if tail:
            modes[i], ends[i], from_tail[i] = tail[0], tail[1], True
        elif not own[i] and i + 1 < len(hits) and from_tail[i + 1]:
            joined = _listed(msg, hits[i][1], hits[i + 1][0])
            modes[i], from_tail[i] = (modes[i + 1], True) if joined else (modes[i], False)
    return modes, starts, ends


def _audience_topic(msg: Message, hit: TermHit) -> bool:
    """Whether a word of who watches ("family", "kids") is what a film is about: "a drama about
    a poor family", "a family saga", "found family". It stays a word of the query, asking for no
    family film."""
    start, end, targets = hit
    audience = msg.vocab.genre_targets("kids")
    if not audience or set(targets) != set(audience):
        return False
    before = rx(cues.AUDIENCE_TOPIC_BEFORE).search(msg.masked, max(0, start - 40), start)
    theme = rx(cues.AUDIENCE_THEME).search(msg.masked, max(0, start - 20), start)
    if before or theme or rx(cues.AUDIENCE_TOPIC_AFTER).match(msg.masked, end):
        msg.topics.append((start, end))
        if theme and msg.free(theme.start(), end):  # "found family": a theme asked for
            msg.aspects.append((theme.start(), end, msg.masked[theme.start() : end]))
        return True
    return False


def _war_topic(msg: Message, hit: TermHit) -> bool:
    """Whether "war" names an event or a rivalry, not the war genre: "a thriller about the cold
    war", "a comedy about a trade war". The words stay the query's topic."""
    start, end, _ = hit
    return war_event_at(msg.masked, start, msg.masked[start:end])


def _refused_items(msg: Message, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the comma-separated items of a refused list between ``start`` and ``end``."""
    spans = []
    for m in re.finditer(r"[^,]+", msg.masked[start:end]):
        text = m.group()
        lead = len(text) - len(text.lstrip())
        if text.strip():
            spans.append((start + m.start() + lead, start + m.start() + len(text.rstrip())))
    return spans


#: "More" between a refused word and the next, with no "or": "less comedy, more drama", "fewer
#: comedies and more drama". "No horror or more gore" stays one refused list.
_TURN = re.compile(r"(?!.*\b(?:or|nor)\b).*\bmore\b")


#: The gap before the next item of a refused list: "... silent *or* horror".
_OR_NEXT = re.compile(rf"\s*,?\s*(?:or|nor)(?:\s+{cues.FILLER}(?!\w))*\s*")


def _listed(msg: Message, end: int, start: int) -> bool:
    return bool(rx(cues.LIST_GAP).match(msg.masked[end:start]))


def _tail(text: str, end: int, only_tail: str) -> tuple[str, int] | None:
    """A mode written after a value ("horror is fine", "comedies only") and where it ends."""
    window = text[end : end + 40]
    for mode, pattern in (
        ("relax", cues.RELAX_TAIL),
        ("only", only_tail),
        ("none", cues.NEG_TAIL),
        ("said", cues.STATEMENT_TAIL),
    ):
        found = rx(pattern).match(window)
        if found:
            return mode, end + found.end()
    return None


def _mood_of_refused(msg: Message, start: int, surface: str, by_field: dict[str, set[str]]) -> bool:
    """Whether a word that stands for a genre ("creepy", not "horror") comes after that
    genre was refused in the message ("no horror, something creepy")."""
    values = {v.lower() for vs in by_field.values() for v in vs}
    said = surface.lower()
    if {said, said.rstrip("s"), said.removesuffix("ies") + "y"} & values:
        return False  # "no horror... actually horror is fine" allows it
    return any(
        ev.op == "none" and ev.pos < start and ev.field in by_field
        for ev in msg.events
        if any(v.lower() in values for g in ev.groups for v in g)
    )


def _one_term(msg: Message, hit: TermHit, mode: str | None, s: int, e: int) -> None:
    start, end, targets = hit
    if mode == "skip":
        return
    if mode == "said":  # "they say cartoons are for babies": a reason, asking for nothing
        msg.claim(start, e)
        return
    surface = msg.corrected.get(start) or msg.text[start:end].lower()
    by_field: dict[str, set[str]] = {}
    for name, value in targets:
        by_field.setdefault(name, set()).add(value)
    language = msg.vocab.language_field
    if mode is None and language and set(by_field) == {language}:
        # "a French comedy": the language this request asks for, as a person asked for is
        msg.wanted.append(AnyOf(language, frozenset(by_field[language])))
        msg.claim(start, end)
    elif mode is None and _mood_of_refused(msg, start, surface, by_field):
        # "no horror, something creepy": the mood without the genre (it lifted "no horror")
        msg.aspects.append((start, end, surface))
    elif mode is None:
        msg.aspects.append((start, end, surface))
        msg.asked_genres.append(hit)
        # asked for now ("my kids want a cartoon"): an earlier "no animation" gives way
        for name, values in by_field.items():
            msg.events.append(Event(start, "relax", name, (frozenset(values),)))
    elif mode == "none" and (
        # "no rom-coms": too broad as NoneOf; but "nothing asian" is none of those countries
        any(len(v) > 1 and name.lower() not in cues.COUNTRY_FIELDS for name, v in by_field.items())
        or surface in cues.NARROW_GENRE_WORDS  # "not slashers": not all horror
        # "not too scary", "they're all a bit scary": less, not none
        or rx(rf"\b(?:too|less|fewer|{cues.COMPLAINT_HEDGE})\b").search(msg.masked, s, start)
    ):
        msg.aspects.append((s, e, f"not {surface}"))
        msg.claim(s, e)
        msg.negations.append((s, e))
        if surface == "anime" and _JAPANESE.search(msg.masked):
            # "japanese but not anime": Japanese animation is all anime, so this request has
            # none (the next list still brought Grave of the Fireflies)
            for name, values in by_field.items():
                msg.wanted.append(NoneOf(name, frozenset(values)))
    else:
        if mode == "none":
            msg.negations.append((s, e))
        for name, values in by_field.items():
            if mode == "none":
                msg.events.append(Event(start, "none", name, (frozenset(values),)))
            else:
                msg.events.append(Event(start, "relax", name, (frozenset(values),)))
        msg.claim(s, e)


_JAPANESE = re.compile(r"\bjapan(?:ese)?\b")


def _only(msg: Message, run: list[TermHit], s: int, e: int) -> None:
    """ "only comedies or dramas" -> one AnyOf; "only rom-coms" -> romance AND comedy."""
    by_field: dict[str, list[str]] = {}
    for _, _, targets in run:
        for name, value in targets:
            by_field.setdefault(name, []).append(value)
    for name, values in by_field.items():
        single = len(run) == 1 and len(values) > 1
        groups = tuple(frozenset({v}) for v in values) if single else (frozenset(values),)
        msg.events.append(Event(run[0][0], "any", name, groups))
    msg.claimed.append((s, e))
    msg.drops += [(s, run[0][0]), (run[-1][1], e)]
