"""People named in the conversation: the ``people`` source, and the name matching it shares with
the agent's message understanding.

The ``people`` source proposes the items that feature the people a user named (their directors,
cast, writers... as the catalog writes them): "I love Denzel Washington" makes his films
candidates, with the name as evidence. It is a soft signal beside the others; a name said with a
cue that asks for it ("something with Tilda Swinton") also becomes a hard filter in the agent
(:mod:`pickwise.agent.understanding.people`). Only full names of two to four words match, so an
everyday word never counts as a name; a name right after a negation ("I didn't like Tom Hanks in
it") does not count. Nothing is fitted: the names come from the catalog.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

import numpy as np

from pickwise.retrieval.constraints import AnyOf
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import role_name
from pickwise.retrieval.sources import Context, top_scored

__all__ = [
    "LIKED_SHARE",
    "MAX_NAME_WORDS",
    "NAME_TOKEN",
    "PEOPLE_FIELDS",
    "PeopleSource",
    "ends_sentence",
    "fold_text",
    "name_key",
    "named_people",
    "negated",
    "short_names",
]

#: Metadata fields that hold people (matched lower-cased).
PEOPLE_FIELDS = frozenset(
    [
        "actor",
        "actors",
        "artist",
        "artists",
        "author",
        "authors",
        "band",
        "cast",
        "cinematographer",
        "composer",
        "composers",
        "creator",
        "creators",
        "crew",
        "designer",
        "designers",
        "director",
        "directors",
        "editor",
        "filmmaker",
        "filmmakers",
        "host",
        "hosts",
        "illustrator",
        "illustrators",
        "narrator",
        "narrators",
        "people",
        "performer",
        "performers",
        "person",
        "producer",
        "producers",
        "screenplay",
        "star",
        "starring",
        "stars",
        "voice",
        "voices",
        "writer",
        "writers",
    ]
)
#: A word of a person's name in folded text ("j.j.", "o'brien", "jean-luc").
NAME_TOKEN = re.compile(r"[a-z0-9]+(?:['.-][a-z0-9]+)*\.?")
#: Longest name read, in words ("Gustav von Wangenheim", "Guillermo del Toro").
MAX_NAME_WORDS = 4
#: What a person the user liked before counts for, against a name said in the request: a
#: lasting taste, which what is asked for now outweighs.
LIKED_SHARE = 0.5


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char in "’‘ʼ`´":
        return "'"
    if char.isascii():
        return char.lower()
    base = unicodedata.normalize("NFKD", char)[:1] or char
    low = base.lower()
    return low[0] if low else char


def fold_text(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` of the same length (so spans line up)."""
    return "".join(_fold_char(c) for c in text)


def name_key(name: str) -> str:
    """A name's lookup key: folded words joined by single spaces, trailing dots dropped."""
    return " ".join(t.rstrip(".") for t in NAME_TOKEN.findall(fold_text(name)))


def ends_sentence(word: str) -> bool:
    """A word with a full stop that is not an initial ("tom." but not "f." or "j.j.")."""
    return word.endswith(".") and len(word) > 2 and "." not in word[:-1]


#: A negation that governs the words after it, within three words ("not a fan of horror").
_NEGATED = re.compile(
    r"(?:\b(?:no|not|nothing|none|never|hate|hated|dislike|disliked|without|except|avoid|skip"
    r"|outgrown|scratch|ditch|drop|forget|nvm|never ?mind"
    # "i dont like horror": the apostrophe left out
    r"|dont|doesnt|didnt|cant|wont|isnt|arent|wasnt|werent|aint)|n't|\banything but|\bother than"
    r"|\btoo (?:old|big|grown[ -]up) for"
    r"|\bbored (?:of|with)|\btired of|\bsick of)"
    # "can't stand adam sandler or musicals": a refused list goes on after "or" (musicals were
    # asked for)
    r"(?:\s+[\w'-]+){0,3}(?:\s+(?:or|nor)(?:\s+[\w'-]+){0,3}){0,3}\s*$"
    # a complaint: "too scary", "way too gory for us", "a bit less violent", "les gory" (a typo)
    r"|\b(?:too|less|les)(?:\s+[\w'-]+)?\s*$"
)
#: Where a clause ends: a negation before it does not reach the words after it.
_CLAUSE_END = re.compile(r"[.!?;,:]")


def negated(folded: str, start: int) -> bool:
    """Whether a negation in the same clause governs the words at ``start`` of folded text
    ("no horror", "I didn't like Tom Hanks in it", "not a fan of comedies")."""
    return bool(_NEGATED.search(_CLAUSE_END.split(folded[max(0, start - 60) : start])[-1]))


def short_names(keys: Collection[str]) -> dict[str, str]:
    """The first two words of names of three or more that people say alone ("tony leung" for
    "Tony Leung Chiu-wai"), each to its full key: only when no other name starts so and no full
    name is that."""
    starts: dict[str, set[str]] = {}
    for key in keys:
        words = key.split()
        if len(words) >= 3:
            starts.setdefault(" ".join(words[:2]), set()).add(key)
    return {
        short: next(iter(full))
        for short, full in starts.items()
        if len(full) == 1 and short not in keys
    }


def named_people(text: str, keys: Collection[str]) -> list[str]:
    """The name keys of ``keys`` (see :func:`name_key`) said in ``text``, each once, in order.

    The longest name wins where two overlap ("Guillermo del Toro" over "del Toro"); a name does
    not run across the end of a sentence; a name right after a negation (:func:`negated`) does
    not count.
    """
    folded = fold_text(text)
    found_at = list(NAME_TOKEN.finditer(folded))
    words = [m.group() for m in found_at]
    found: dict[str, None] = {}
    i = 0
    while i < len(words):
        step = 1
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 1, -1):
            span = words[i : i + n]
            if any(ends_sentence(w) for w in span[:-1]):
                continue
            key = " ".join(w.rstrip(".") for w in span)
            if key in keys:
                if not negated(folded, found_at[i].start()):
                    found[key] = None
                step = n
                break
        i += step
    return list(found)


class PeopleSource:
    """Items featuring the people named in the conversation: one point per person named.

    The text read is the request's conversation (``Context.text``). Evidence: the named people
    the item features, as the catalog writes them. A person's items come from the index's own
    field postings (the same lookup as a filter on that field).
    """

    name = "people"
    #: Evidence is people's names, not item ids.
    evidence_names = True

    def __init__(self, index: CatalogIndex) -> None:
        self.index = index
        self._terms: dict[str, tuple[str, tuple[AnyOf, ...]]] | None = None
        self._last: tuple[tuple[str, tuple[str, ...]], list[tuple[str, np.ndarray]]] | None = None

    def _lookup(self) -> dict[str, tuple[str, tuple[AnyOf, ...]]]:
        """Name key -> (the name as written, one filter per people field that holds it)."""
        if self._terms is None:
            terms: dict[str, tuple[str, tuple[AnyOf, ...]]] = {}
            for f, kind in self.index.kinds.items():
                if kind == "number" or role_name(f, self.index.roles) not in PEOPLE_FIELDS:
                    continue
                for value in self.index.vocabulary(f):
                    key = name_key(value)
                    if 2 <= len(key.split()) <= MAX_NAME_WORDS:
                        written, found = terms.get(key, (value.strip(), ()))
                        terms[key] = (written, (*found, AnyOf(f, frozenset({value.lower()}))))
            for short, key in short_names(terms).items():  # "tony leung"
                terms[short] = terms[key]
            self._terms = terms
        return self._terms

    def _named(self, ctx: Context) -> list[tuple[str, np.ndarray]]:
        """(name, row scores of the items featuring that person) for each person named: 1 for
        a name said, :data:`LIKED_SHARE` for one only liked before (``Context.people``)."""
        last = self._last  # read once: concurrent requests each have their own text
        said = (ctx.text, ctx.people)
        if last is None or last[0] != said:
            terms = self._lookup()
            keys = dict.fromkeys(named_people(ctx.text, terms) if terms and ctx.text else [], 1.0)
            for person in ctx.people if terms else ():
                keys.setdefault(name_key(person), LIKED_SHARE)
            named = []
            for key, share in keys.items():
                if key not in terms:  # a name the catalog no longer has
                    continue
                written, filters = terms[key]
                masks = [self.index.mask([f]) for f in filters]
                hit = np.logical_or.reduce([m for m in masks if m is not None])
                named.append((written, hit * share))
            last = (said, named)
            self._last = last
        return last[1]

    def active(self, ctx: Context) -> bool:
        return bool(self._named(ctx))

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        scores = np.zeros(len(self.index), dtype=np.float64)
        for _, hit in self._named(ctx):
            scores += hit
        return top_scored(scores, ctx.mask, n)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        named = self._named(ctx)
        scores = np.zeros(len(rows), dtype=np.float64)
        evidence: list[list[str]] = [[] for _ in rows]
        for name, hit in named:
            scores += hit[rows]
            for j in np.flatnonzero(hit[rows] > 0):
                evidence[j].append(name)
        return scores, [tuple(e) for e in evidence]
