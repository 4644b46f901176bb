"""People named in the conversation: the ``people`` source, and the name matching it shares with
the agent's message understanding.

The ``people`` source proposes the items that feature the people a user named (their directors,
cast, writers... as the catalog writes them): "I love Denzel Washington" makes his films
candidates, with the name as evidence. It is a soft signal beside the others; a name said with a
cue that asks for it ("something with Tilda Swinton") also becomes a hard filter in the agent
(:mod:`pickwise.agent.understanding.people`). Only full names of two to four words match, so an
everyday word never counts as a name. Nothing is fitted: the names come from the catalog.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from pickwise.retrieval.index import CatalogIndex, top_rows
from pickwise.retrieval.sources import Context

__all__ = [
    "MAX_NAME_WORDS",
    "NAME_TOKEN",
    "PEOPLE_FIELDS",
    "PeopleSource",
    "ends_sentence",
    "fold_text",
    "name_key",
    "named_people",
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
        "director",
        "directors",
        "editor",
        "host",
        "hosts",
        "narrator",
        "people",
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


def named_people(text: str, keys: dict[str, str]) -> list[str]:
    """The names of ``keys`` (lookup key -> name) said in ``text``, each once, in order.

    The longest name wins where two overlap ("Guillermo del Toro" over "del Toro"); a name does
    not run across the end of a sentence.
    """
    words = [m.group() for m in NAME_TOKEN.finditer(fold_text(text))]
    found: dict[str, None] = {}
    i = 0
    while i < len(words):
        step = 1
        for n in range(min(MAX_NAME_WORDS, len(words) - i), 1, -1):
            span = words[i : i + n]
            if any(ends_sentence(w) for w in span[:-1]):
                continue
            name = keys.get(" ".join(w.rstrip(".") for w in span))
            if name is not None:
                found[name] = None
                step = n
                break
        i += step
    return list(found)


class PeopleSource:
    """Items featuring the people named in the conversation: one point per person named.

    The text read is the request's conversation (``Context.text``). Evidence: the named people
    the item features, as the catalog writes them.
    """

    name = "people"
    #: Evidence is people's names, not item ids.
    evidence_names = True

    def __init__(self, index: CatalogIndex) -> None:
        self.index = index
        self._rows: dict[str, np.ndarray] | None = None
        self._keys: dict[str, str] = {}
        self._last: tuple[str, list[str]] | None = None

    def _postings(self) -> dict[str, np.ndarray]:
        """Name as written -> rows featuring that person, built on first use."""
        if self._rows is None:
            rows: dict[str, set[int]] = {}
            keys: dict[str, str] = {}
            fields = [f for f, kind in self.index.kinds.items() if f.lower() in PEOPLE_FIELDS]
            for row, item in enumerate(self.index.items):
                for f in fields:
                    value = item.metadata.get(f)
                    for v in value if isinstance(value, tuple) else (value,) if value else ():
                        key = name_key(str(v))
                        if 2 <= len(key.split()) <= MAX_NAME_WORDS:
                            name = keys.setdefault(key, str(v).strip())
                            rows.setdefault(name, set()).add(row)
            self._keys = keys
            self._rows = {n: np.array(sorted(r), dtype=np.int64) for n, r in rows.items()}
        return self._rows

    def _named(self, ctx: Context) -> list[str]:
        last = self._last  # read once: concurrent requests each have their own text
        if last is None or last[0] != ctx.text:
            self._postings()
            last = (ctx.text, named_people(ctx.text, self._keys) if ctx.text else [])
            self._last = last
        return last[1]

    def _scores(self, ctx: Context) -> np.ndarray:
        postings = self._postings()
        scores = np.zeros(len(self.index), dtype=np.float64)
        for name in self._named(ctx):
            scores[postings[name]] += 1.0
        return scores

    def active(self, ctx: Context) -> bool:
        return bool(ctx.text) and bool(self._named(ctx))

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        scores = self._scores(ctx)
        allowed = scores > 0 if ctx.mask is None else (scores > 0) & ctx.mask
        rows = np.flatnonzero(allowed)
        return top_rows(scores[rows], n, rows)[0]

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        postings = self._postings()
        named = self._named(ctx)
        scores = np.zeros(len(rows), dtype=np.float64)
        evidence: list[list[str]] = [[] for _ in rows]
        for name in named:
            hit = np.isin(rows, postings[name])
            scores += hit
            for j in np.flatnonzero(hit):
                evidence[j].append(name)
        return scores, [tuple(e) for e in evidence]
