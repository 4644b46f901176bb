"""People named in a message: the catalog's directors and cast ("directed by Denis Villeneuve",
"something with Tilda Swinton", "a Kubrick film", "nothing with Adam Sandler").

A name with a cue that asks for it ("by", "with", "starring", "a ... film") becomes a filter for
this request (an :class:`AnyOf` on the person's field); a name after a negation ("nothing with",
"no ... films") becomes a lasting :class:`NoneOf`. A bare name ("I love Tom Hanks") asks for
nothing: it stays in the query text. Full names match; a surname alone matches only when one
person in the field has it and a cue stands right beside it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pickwise.agent import cues
from pickwise.agent.understanding.events import Event
from pickwise.agent.understanding.message import Message, joined_runs, rx
from pickwise.agent.understanding.vocabulary import PARTICLES, SHORT_SURNAME, without_initials
from pickwise.retrieval.constraints import AnyOf
from pickwise.retrieval.people import (
    MAX_NAME_WORDS,
    NAME_TOKEN,
    ends_sentence,
    fold_text,
    name_key,
)

__all__ = ["misspelled_name", "misspelled_surname", "read_people", "someone_from", "unknown_people"]

_WANT_LEAD = re.compile(
    r"(?:\b(?:by|with|w/?|starring|featuring|stars?|from|directed by|made by|helmed by|acted by"
    r"|director|actor|actress|filmmaker|what about|how about|only|just|nothing but|exclusively"
    r"|(?:do|does) (?:you|u) have(?: any)?|have (?:you|u) got(?: any)?|got any|any)\s+"
    r"(?:(?:the\s+)?(?:director|actor|actress)\s+)?"
    r"|\ba(?:n)?\s+)$"
)
_WANT_TAIL = re.compile(r"^(?:'s)?\s+(?:films?|movies?|pictures?|flicks?|ones?|stuff)\b")
#: A person said to be fine after all: "actually chaplin is fine".
_RELAX_TAIL = re.compile(
    r"^\s*(?:is|are|'s)\s+(?:also\s+|totally\s+|actually\s+)?(?:fine|ok|okay|alright|all right"
    r"|good|welcome)(?:\s+(?:again|after all|now))?\b"
)
_NEG_RIGHT_BEFORE = re.compile(
    r"\b(?:no|not|nothing by|nothing with|without|except|avoid|skip|hate|hates|minus"
    # "no more Nolan please", "enough Nolan", "less Nolan": a refusal, as "no Nolan" is
    r"|no more|enough(?: of| with)?|less|fewer)\s+(?:the\s+)?$"
)
_NEG_LEAD = re.compile(rf"\b(?:{cues.NEG_LEAD}|no)\b(?:\s+\w+){{0,2}}\s+$")


def read_people(msg: Message) -> list[AnyOf]:
    """Record negated names as events; return the filters the message asks for this time."""
    terms: Mapping[str, tuple[tuple[str, str], ...]] = msg.vocab.people_terms
    if not terms:
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in NAME_TOKEN.finditer(msg.masked)]
    wanted: dict[str, set[str]] = {}
    wanted_end: int | None = None  # where the last person asked for ends
    refused_end: int | None = None  # where the last person refused ends
    bare: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []  # names without a cue
    fan_end: int | None = None  # where the last person the user says they like ends
    i = 0
    while i < len(tokens):
        step = 1
        for n in range(min(MAX_NAME_WORDS, len(tokens) - i), 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            words = [t[2] for t in tokens[i : i + n]]
            if any(ends_sentence(w) for w in words[:-1]):
                continue
            key = " ".join(w.rstrip(".") for w in words)
            surname = n == 1 or (n == 2 and words[0] in PARTICLES)  # "de niro"
            # "Octavia E. Butler" for the catalog's "Octavia Butler" (the other way round,
            # the vocabulary has the name without its initials)
            targets = (terms.get(key) or terms.get(without_initials(key))) if n > 1 else None
            if not targets and surname and not _first_name_before(msg, start):
                targets = terms.get("~" + key)
                if targets and len(key) < SHORT_SURNAME and not _short_cued(msg, start, end):
                    continue  # "ozu" alone may be a word; "by ozu", "ozu films" name him
            if not targets and n == 1 and _CUE_RIGHT_BEFORE.search(msg.masked, 0, start):
                typo = misspelled_surname(msg.vocab.surnames, key, msg.matcher.words)  # "by kubrik"
                targets = terms.get(f"~{typo}") if typo else None
            if not targets and n == 2 and _CUE_RIGHT_BEFORE.search(msg.masked, 0, start):
                # "with tom hanx"
                typo = misspelled_name(msg.vocab.names_by_first, key, msg.matcher.words)
                targets = terms.get(typo) if typo else None
            if not targets or not msg.free(start, end) or not _joined(msg.masked, start, end):
                continue
            mode = _mode(msg, start, end, surname=surname and key not in terms)
            if mode is None and bare and bare[-1][1] > start:
                continue
            msg.people_said.append((start, targets))
            if mode in (None, "want") and _liked_by_user(msg, start, end, fan_end):
                msg.fans.extend(_one_role(msg, start, targets))
                fan_end = end
            if (
                mode is None
                and wanted_end is not None
                and _JOINED.match(msg.masked[wanted_end:start])
            ):
                mode = "want"  # "by Tarkovsky or Bergman": the cue holds for the list
            if (
                mode is None
                and refused_end is not None
                and _JOINED.match(msg.masked[refused_end:start])
            ):
                mode = "none"  # "can't stand Tom Hardy or Hugh Grant": the second one too
            if mode is None:
                bare.append((start, end, targets))
                continue
            step = n
            if mode in ("none", "relax"):
                by_field: dict[str, set[str]] = {}
                for name, value in targets:
                    by_field.setdefault(name, set()).add(value)
                op: Literal["none", "relax"] = "none" if mode == "none" else "relax"
                for name, values in by_field.items():
                    msg.events.append(Event(start, op, name, (frozenset(values),)))
                fine = _RELAX_TAIL.match(msg.masked[end:])
                if fine:
                    msg.claim(start, end + fine.end())
                    break
                lead = _lead_start(msg, start, _NEG_LEAD)
                panned = _DISLIKE_TAIL.match(msg.masked[end:])  # "Tom Hardy is overrated"
                msg.negations.append((lead, end))
                msg.claim(lead, end + panned.end() if panned else end)
                refused_end = end
            else:
                for name, value in _one_role(msg, start, targets):
                    wanted.setdefault(name, set()).add(value)
                msg.claim(_lead_start(msg, start, _WANT_LEAD), end)
                wanted_end = end
            break
        i += step
    if not wanted:
        for start, end, targets in _listed_people(msg, bare):
            for name, value in targets:
                wanted.setdefault(name, set()).add(value)
            msg.claim(start, end)
    return [AnyOf(name, frozenset(values)) for name, values in wanted.items()]


_LIKE_PERSON = re.compile(cues.LIKE_PERSON)
_LIKE_PERSON_TAIL = re.compile(cues.LIKE_PERSON_TAIL)
_THEIR_LIKE_PERSON = re.compile(cues.THEIR_LIKE_PERSON)
#: A person panned after the name: "Tom Hardy is overrated", "Hugh Grant is the worst".
_DISLIKE_TAIL = re.compile(
    r"^\s*(?:is|'s|are)\s+(?:(?:so|really|just|way|totally|honestly|kind of|kinda)\s+)?"
    r"(?:overrated|over-rated|the worst|awful|terrible|annoying|unbearable|insufferable|a hack"
    r"|not (?:for me|my thing|my cup of tea|good))\b"
)
#: What may stand before a name at the start of a clause: no subject of its own.
_NO_SUBJECT = re.compile(r"^[\s.!?;:\n]*(?:(?:and|but|oh|well|honestly|also|plus|though)\b,?\s*)*$")


_WORD_BEFORE = re.compile(r"(?<![\w'\u2019])([A-Za-z][\w'\u2019-]*)[ \t]+$")


def _first_name_before(msg: Message, start: int) -> bool:
    """Whether a surname is said after a first name of the catalog that makes the name someone
    else's: the "Grant" of "Cary Grant" is no Hugh Grant. In lower case, an everyday word is
    no first name ("cary grant" is Cary's; "love grant" would be a word)."""
    before = _WORD_BEFORE.search(msg.text, max(0, start - 30), start)
    if before is None:
        return False
    said = before.group(1)
    first = fold_text(said)
    return first in msg.vocab.first_names and (said[0].isupper() or first not in cues.COMMON_WORDS)


def _liked_by_user(msg: Message, start: int, end: int, after: int | None) -> bool:
    """Whether the user says they like the person at ``start:end`` ("I love Denis Villeneuve",
    "big fan of Wes Anderson", "Wes Anderson is my favourite director"), or one more of a list
    that began so (``after``: where the last such name ends). Said of someone else ("she loves
    Audrey Hepburn") or asked for now ("I'd love something with Tom Hanks"), it is not."""
    if after is not None and after <= start and _JOINED.match(msg.masked[after:start]):
        return True
    lead = msg.masked[max((b for b in msg.bounds if b < start), default=0) : start]
    if _LIKE_PERSON.search(lead):
        return True
    return bool(_LIKE_PERSON_TAIL.match(msg.masked[end:]) and _NO_SUBJECT.match(lead))


#: A list of this many names or more, without a cue, asks for their films.
LISTED_PEOPLE = 3


def _listed_people(
    msg: Message, bare: list[tuple[int, int, tuple[tuple[str, str], ...]]]
) -> list[tuple[int, int, tuple[tuple[str, str], ...]]]:
    """Names listed without a cue, three or more in a row ("French New Wave and New Hollywood:
    Godard, Truffaut, Scorsese, Coppola"): the people asked for, any of them (they were words
    of the query). Each in one field, the directors' when it has one, and those of the field
    most of them share (a director or an actor, not both at once)."""
    runs = joined_runs(bare, msg.masked, _JOINED)
    listed = [found for run in runs if len(run) >= LISTED_PEOPLE for found in run]
    if not listed:
        return []
    roles = []
    for start, end, targets in listed:
        directing = [t for t in targets if t[0].lower().startswith(cues.DIRECTOR_FIELDS)]
        roles.append((start, end, tuple(directing or _one_role(msg, start, targets))))
    fields = [t[0][0] for _, _, t in roles if t]
    field = max(set(fields), key=fields.count)
    return [
        (s, e, tuple(t for t in targets if t[0] == field))
        for s, e, targets in roles
        if any(t[0] == field for t in targets)
    ]


#: What joins two people asked for by one cue: "by Tarkovsky *or* Bergman".
_JOINED = re.compile(r"^\s*(?:,\s*)?(?:(?:or|and|&|,|nor)\s*)?(?:(?:maybe|perhaps)\s+)?$")
_CUE_RIGHT_BEFORE = re.compile(r"\b(?:by|with|w/?|starring|featuring)\s+$")


#: What must stand right beside a short surname for it to name someone: "by Ozu", "anything by
#: ozu", "nothing with Fey", "do you have any Ozu?", "Ozu films" (never "a ray of hope").
_SHORT_CUE = re.compile(
    r"\b(?:by|with|starring|featuring|without|(?:do|does) (?:you|u) have(?: any)?"
    r"|(?:have|has) (?:you|u) got(?: any)?|got any|any|no|not)\s+$"
)
_SHORT_TAIL = re.compile(r"^(?:'s)?\s+(?:films?|movies?|pictures?|flicks?|stuff)\b")


def _short_cued(msg: Message, start: int, end: int) -> bool:
    """Whether a surname shorter than :data:`SHORT_SURNAME` has a cue right beside it."""
    return bool(
        _SHORT_CUE.search(msg.masked, max(0, start - 30), start)
        or _SHORT_TAIL.match(msg.masked[end:])
    )


def misspelled_surname(
    surnames: Sequence[str], word: str, everyday: Collection[str] = ()
) -> str | None:
    """The one surname of the catalog a word of five letters or more misspells by one letter
    (left out, added, changed or swapped): "kubrik" is Kubrick. A word of ``everyday`` (the
    catalog's own words: :attr:`~pickwise.agent.titles.TitleMatcher.words`), or a plural of one,
    is no misspelling: "obsessed with trains" is about trains, not Claude Rains."""
    if len(word) < 5 or word in cues.COMMON_WORDS:
        return None
    if any(w in everyday for w in (word, *_singulars(word))):
        return None
    close = process.extract(word, surnames, scorer=OSA.distance, score_cutoff=1, limit=2)
    return close[0][0] if len(close) == 1 else None


def misspelled_name(
    names_by_first: Mapping[str, Sequence[str]], key: str, everyday: Collection[str] = ()
) -> str | None:
    """The one two-word name of the catalog (:attr:`Vocabulary.names_by_first`) that ``key``
    says with its first name right and its surname misspelled: "tom hanx" is Tom Hanks. One
    edit, two in a surname of five letters or more; an everyday word ("with tom and jerry") or
    a word of the catalog is no surname."""
    first, _, last = key.partition(" ")
    if len(last) < 4 or " " in last or last in cues.COMMON_WORDS:
        return None
    if any(w in everyday for w in (last, *_singulars(last))):
        return None
    close: list[tuple[int, str]] = []
    for name in names_by_first.get(first, ()):
        surname = name.partition(" ")[2]
        edits = OSA.distance(last, surname, score_cutoff=2)
        if edits <= (1 if len(surname) < 5 else 2):
            close.append((edits, name))
    close.sort()
    if not close or (len(close) > 1 and close[1][0] == close[0][0]):
        return None
    return close[0][1]


def _singulars(word: str) -> tuple[str, ...]:
    """What a word may be the plural of: "trains" -> "train", "boxes" -> "box", "ponies" ->
    "pony"; none for a word that ends otherwise (or in "ss": "boss")."""
    if not word.endswith("s") or word.endswith("ss"):
        return ()
    found = [word[:-1]]
    if word.endswith("es"):
        found.append(word[:-2])
    if word.endswith("ies"):
        found.append(word[:-3] + "y")
    return tuple(found)


#: Cues that say which role a person is asked for in ("with Clint Eastwood": as cast).
_CAST_CUE = re.compile(r"\b(?:with|w/?|starring|featuring|stars?|acted by|actor|actress)\s+$")
_DIRECTOR_CUE = re.compile(r"\b(?:by|directed by|made by|helmed by|director|filmmaker)\s+$")


def _one_role(
    msg: Message, start: int, targets: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """A person found in several people fields (Clint Eastwood directs and acts) is asked for in
    one of them, else every request would need both: the role the cue says ("with" -> cast, "by"
    -> directors), else the field listed first."""
    fields = list(dict.fromkeys(name for name, _ in targets))
    if len(fields) < 2:
        return targets
    lead = msg.masked[_window(msg, start) : start]
    directing = [f for f in fields if f.lower().startswith(cues.DIRECTOR_FIELDS)]
    acting = [f for f in fields if f not in directing]
    if _CAST_CUE.search(lead) and acting:
        keep = acting[0]
    elif _DIRECTOR_CUE.search(lead) and directing:
        keep = directing[0]
    else:
        keep = fields[0]
    return tuple(t for t in targets if t[0] == keep)


def _joined(text: str, start: int, end: int) -> bool:
    """The name's words are separated by spaces only (not across a comma or a full stop)."""
    return rx(r"^[\w'.-]+(?:[ \t]+[\w'.-]+)*$").match(text[start:end]) is not None


def _mode(msg: Message, start: int, end: int, surname: bool) -> str | None:
    """'want', 'none' or None (a bare name) from the words around the name."""
    lead = msg.masked[_window(msg, start) : start]
    near = _WANT_LEAD.search(lead) is not None or _WANT_TAIL.match(msg.masked[end:]) is not None
    if _RELAX_TAIL.match(msg.masked[end:]):
        return "relax"  # "actually chaplin is fine" lifts "no chaplin"
    if _DISLIKE_TAIL.match(msg.masked[end:]) and _NO_SUBJECT.match(lead):
        return "none"  # "Hugh Grant is the worst"
    if any(s <= start and end <= e for s, e in msg.refused_items):
        return "none"  # "can't stand Adam Sandler, Jim Carrey or musicals": all of them
    if _NEG_LEAD.search(lead):
        # "no chaplin": a surname right after the negation is that person (it was a word)
        right_after = _NEG_RIGHT_BEFORE.search(lead) is not None
        return "none" if near or right_after or not surname else None
    if near:
        return "want"
    return None


def _window(msg: Message, start: int) -> int:
    """Where the words that govern a name at ``start`` may begin: its clause, 50 chars at most."""
    return max(max((b for b in msg.bounds if b < start), default=0), start - 50)


def _lead_start(msg: Message, start: int, lead: re.Pattern[str]) -> int:
    """Where the cue before a name starts ("directed by", "nothing with"), to claim it too."""
    window = _window(msg, start)
    found = lead.search(msg.masked[window:start])
    return window + found.start() if found else start


#: A person asked for by a cue ("with Cary Grant", "directed by Agnes Varda?"): two or three
#: capitalised words that end the phrase, or one after "by" ("anything by Mizoguchi?"; in lower
#: case after "anything by", "films by"...: "something by mizoguchi"). Which names count is left
#: to :func:`unknown_people`.
_PHRASE_END = r"(?=\s*(?:[.,!?;:)]|$|\bin it\b|\bplease\b|\bpls\b|\bplz\b|\bthough\b))"
_ASKED_PERSON = re.compile(
    r"\b(?P<cue>starring|with|featuring|directed by|by)\s+(?P<name>[A-Z][\w'\u2019.-]+"
    r"(?:\s+(?:(?:de|van|von|del|da|di|le|la)\s+)?[A-Z][\w'\u2019.-]+){1,2})"
    + _PHRASE_END
    + r"|\b(?P<cue1>by)\s+(?P<name1>[A-Z][\w'\u2019-]{2,})"
    + _PHRASE_END
    + r"|\b(?:anything|something|stuff|films?|movies?|directed|made|written|works?)\s+(?P<cue2>by)"
    r"\s+(?P<name2>[a-z][a-z'\u2019-]{4,})" + _PHRASE_END
)
#: One word after "by" that names no one: "by Friday", "by Christmas", "by default".
_NO_NAME = cues.words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june "
    "july august september october november december christmas easter halloween tonight "
    "tomorrow midnight default chance accident mistake myself yourself himself herself "
    "ourselves themselves yourselves itself nature design request heart email phone mail "
    "netflix someone somebody anyone anybody everyone everybody people others mistake"
)


def unknown_people(msg: Message) -> tuple[tuple[str, str], ...]:
    """People asked for by a cue whom the catalog does not know ("something with Cary Grant"):
    ``(cue, name)`` pairs ("with" or "by"), said back instead of searched as words (which
    brought Cary Elwes and Hugh Grant). Names the catalog knows, titles, genre and language
    words, and words other passes read are not people asked for."""
    found: list[tuple[str, str]] = []
    for m in _ASKED_PERSON.finditer(msg.text):
        group = next(g for g in ("name", "name1", "name2") if m.group(g))
        start, end = m.span(group)
        said = m.group(group)
        if not msg.free(start, end) or msg.masked[start:end] != fold_text(said):
            continue  # read by another pass, or part of a title (blanked)
        if any(s < end and start < e for s, e, _ in msg.term_spans):
            continue  # "with French subtitles", "by Korean directors"
        key = name_key(said)
        if key in msg.vocab.people_terms or f"~{key}" in msg.vocab.people_terms:
            continue
        if group != "name" and (
            key in _NO_NAME or key in cues.COMMON_WORDS or key in msg.vocab.last_names
        ):
            continue  # "by Friday", "by default", a surname two people share
        cue = "with" if m.group("cue") and "by" not in m.group("cue") else "by"
        found.append((cue, said if said[:1].isupper() else said.capitalize()))
        msg.claim(m.start("cue2") if group == "name2" else m.start(), end)
    for start, end in msg.refused_items:
        # "I can't stand Adam Sandler or musicals": a name refused in a list, said back
        name = msg.text[start:end]
        if not _REFUSED_NAME.fullmatch(name) or not msg.free(start, end):
            continue
        if msg.masked[start:end] != fold_text(name) or name_key(name) in msg.vocab.people_terms:
            continue
        found.append(("with", name))
        msg.claim(start, end)
    found += _unknown_liked(msg)
    return tuple(dict.fromkeys(found))


def _unknown_liked(msg: Message) -> list[tuple[str, str]]:
    """People the user says they (or someone of theirs) like whom the catalog does not know ("I
    adore Cary Grant", "Cary Grant is my favourite actor", "my son loves Cary Grant films"):
    ``("with", name)`` pairs. A name is a person's by its
    capitals and a first or last name some person of the catalog has (else it may be a title,
    said back by :func:`~pickwise.agent.understanding.reader.unknown_titles`). The liking words
    are claimed with it: searched, "adore Cary Grant" brought Cary Elwes and Hugh Grant."""
    found: list[tuple[str, str]] = []
    for start, end, lower in _names_said(msg):
        said = msg.text[start:end]
        if not msg.free(start, end) or msg.masked[start:end] != fold_text(said):
            continue  # read by another pass, or part of a title (blanked)
        if any(s < end and start < e for s, e, _ in msg.term_spans):
            continue
        key = name_key(said)
        if key in msg.vocab.people_terms:
            continue
        clause = max((b for b in msg.bounds if b < start), default=0)
        lead = msg.masked[clause:start]
        # "my son loves Cary Grant films": said of someone else, as honestly unknown
        liked = _LIKE_PERSON.search(lead) or _THEIR_LIKE_PERSON.search(lead)
        tail = _LIKE_PERSON_TAIL.match(msg.masked[end:])
        if not liked and not (tail and _NO_SUBJECT.match(lead)):
            continue
        first, *_, last = key.split()
        known = (first in msg.vocab.first_names, last in msg.vocab.last_names)
        # "I loved Jackie Brown" is more likely a film: said in the past, both names must be;
        # in lower case, no capitals say it is a name: both must be, and not both words
        strict = lower or bool(liked and _PAST.search(liked.group()))
        if not (all(known) if strict else any(known)):
            continue
        if lower and {first, last} <= cues.COMMON_WORDS:
            continue  # "i love forest rain"
        said = said if not lower else " ".join(w.capitalize() for w in said.split())
        found.append(("with", said))
        titled = any(clause <= t.start < start for t in msg.mentions)
        # "I liked Arrival and Cary Grant": the liking words are Arrival's too
        msg.claim(clause + liked.start() if liked and not titled else start, end)
        if tail:  # "Cary Grant is my favourite actor": "actor" asks for nothing
            role = _ROLE_AFTER.match(msg.masked, end + tail.end())
            msg.claim(end, role.end() if role else end + tail.end())
    return found


def _names_said(msg: Message) -> list[tuple[int, int, bool]]:
    """Where a name may be said, and whether in lower case: capitalised words ("Cary Grant"),
    and any two lower-case words ("cary grant"; :func:`_unknown_liked` asks more of those)."""
    capitalised = [(m.start(), m.end(), False) for m in _PERSON_NAME.finditer(msg.text)]
    lower = [(m.start(1), m.end(1), True) for m in _TWO_LOWER.finditer(msg.text)]
    return sorted(
        capitalised
        + [(s, e, True) for s, e, _ in lower if not any(c < e and s < d for c, d, _ in capitalised)]
    )


#: Two lower-case words, one after the other (overlapping: "adore cary grant" has "cary grant").
_TWO_LOWER = re.compile(
    r"(?<![\w'\u2019])(?=([a-z][a-z'\u2019-]*[ \t]+[a-z][a-z'\u2019-]*)(?![\w'\u2019]))"
)
_PAST = re.compile(r"\b(?:loved|liked|adored|enjoyed)\b")
_ROLE_AFTER = re.compile(r"\s*(?:director|actor|actress|filmmaker|star|person)s?\b")


#: A refused item that is a person's name by its capitals: "Adam Sandler".
_REFUSED_NAME = re.compile(
    r"[A-Z][\w'\u2019.-]+(?:\s+(?:(?:de|van|von|del|da|di|le|la)\s+)?[A-Z][\w'\u2019.-]+){1,2}"
)
#: The same anywhere in a message, as whole words.
_PERSON_NAME = re.compile(rf"(?<![\w'\u2019]){_REFUSED_NAME.pattern}(?![\w'\u2019])")


#: Someone pointed at by a film they were in: "the guy from Drive", "that actress in Arrival",
#: "the woman who was in Heat" ("the man in the iron mask" and "the girl from Ipanema" are
#: titles and songs). What follows is a title: one the catalog has is a mention
#: (blanked), else title-case words or the rest of the clause.
_SOMEONE_FROM = re.compile(
    r"\b(?:the|that|this)\s+(?:(?:guy|dude|bloke|actor|actress|star)\s+(?:from|in)"
    r"|(?:guy|dude|bloke|actor|actress|star|man|woman|lady|girl|boy|kid)\s+who\s+(?:was|played"
    r"|starred|acted)\s+in)(?:\s+the\s+(?:film|movie))?(?=\s)"
)
_TITLE_AFTER = re.compile(
    r"(?:[A-Z0-9][\w'’:-]*(?:\s+(?:(?:of|the|a|an|in|on|and|to|for|at)\s+)*[A-Z0-9][\w'’:-]*)*"
    r"|[a-z0-9][\w'’-]*(?:\s+[a-z0-9][\w'’-]*){0,3})(?=\s*(?:[.,;!?]|$))"
)

#: What points at a pick, not at a title: "the second one", "it", "that".
_A_PICK = re.compile(r"(?:(?:the|that|this)\s+)?(?:[\w-]+\s+)?ones?$|(?:it|that|this|them)$")


def someone_from(msg: Message) -> list[tuple[str, str]]:
    """People pointed at by a film they were in ("the guy from Drive"), which the catalog cannot
    resolve to one name: ``("cast of", item id)`` for a title it has (the reply names its cast
    to choose from), ``("cast of unknown", title)`` for one it lacks. The pointing words are
    claimed ("guy" was searched, and "Drive" brought Drive My Car)."""
    found: list[tuple[str, str]] = []
    for m in _SOMEONE_FROM.finditer(msg.masked):
        if not msg.free(m.start(), m.end()):
            continue
        after = m.end() + len(msg.text[m.end() :]) - len(msg.text[m.end() :].lstrip())
        known = next((t for t in msg.mentions if t.start == after), None)
        if known is not None:
            msg.claim(m.start(), m.end())
            found.append(("cast of", known.item_id))
            continue
        title = _TITLE_AFTER.match(msg.text, after)
        if title is None or not title.group().strip() or not msg.free(*title.span()):
            continue
        said = title.group()
        if _A_PICK.match(said.lower()):
            continue  # "the guy from the second one": a pick, read with the references
        msg.claim(m.start(), title.end())
        found.append(("cast of unknown", said if said[:1].isupper() else said.title()))
    return found
