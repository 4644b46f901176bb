"""Read one chat message without an LLM: titles liked or seen, hard constraints, aspects, intent.

Everything is read against the catalog's own vocabulary: "no horror" becomes a constraint only if
the catalog has a genre-like value "Horror". Within one message a later statement overrides an
earlier one ("no horror... actually horror is fine" allows horror).

Choices worth knowing:

* Years: "nothing before 1990", "since 1990", "1990 onwards" -> ``year >= 1990``; "after 1990",
  "newer than 1990" -> ``year > 1990`` (after a decade: ``year >= 1990`` for "after the 80s");
  "before 1980", "older than 1980", "pre-1980" -> ``year < 1980``; "until 1980" -> ``<= 1980``.
  "the 90s" -> 1990..1999 and "80s or 90s" -> 1980..1999 (two decades become one span).
  "20s" means the 1920s. A bare year counts only as "from 1994" / "1994 films".
* Runtime bounds are inclusive and in minutes: "under two hours" and "less than 90 minutes" ->
  ``runtime <= 120`` / ``<= 90``; "nothing over 2 hours" -> ``<= 120``; "at least 90 min" -> ``>=``.
* Genre words alone ("a comedy", "some sci-fi") are aspects, not constraints; "only"/"just" make
  them :class:`AnyOf`, "no"/"nothing"/"not in the mood for"/"I hate" make them :class:`NoneOf`.
  "no rom-coms" (a value pair) stays an aspect: excluding either genre would be too broad.
* :attr:`Understanding.drop_constraints` are meant to be applied before ``add_constraints``.
* With intent ``remove``, titles go to ``mentioned`` (never liked/disliked) and named genres or
  fields (year, length, language) go to ``drop_constraints``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pickwise.agent import cues
from pickwise.agent.titles import Mention, TitleMatcher
from pickwise.retrieval.constraints import AnyOf, Constraint, NoneOf, Range
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import FieldKind, Item

__all__ = ["INTENTS", "Intent", "Relax", "Understanding", "Vocabulary", "understand"]

Intent = Literal[
    "recommend",
    "more_like",
    "something_else",
    "why",
    "not_that",
    "show_profile",
    "reset_profile",
    "remove",
]
INTENTS: tuple[Intent, ...] = (
    "recommend",
    "more_like",
    "something_else",
    "why",
    "not_that",
    "show_profile",
    "reset_profile",
    "remove",
)
#: Longer messages are read up to here (a chat message is rarely longer).
MAX_CHARS = 4000
_MAX_ASPECTS = 8


@dataclass(frozen=True)
class Relax:
    """Something the user now allows: a value kept out by a :class:`NoneOf` (``value`` set), a
    whole field's constraints (``value`` and ``bound`` None), or one bound of a :class:`Range`."""

    field: str
    value: str | None = None
    bound: Literal["min", "max"] | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The catalog's metadata words that a message can turn into constraints."""

    #: (field, values as written) for genre-like list/category fields.
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    language_field: str | None = None
    languages: tuple[str, ...] = ()
    year_field: str | None = None
    runtime_field: str | None = None
    _genre_terms: dict[str, tuple[tuple[str, str], ...]] = field(
        init=False, repr=False, compare=False
    )
    _genre_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _language_terms: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _language_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        genres = _genre_terms(self.facets)
        langs = _language_terms(self.languages)
        object.__setattr__(self, "_genre_terms", {_compact(k): v for k, v in genres.items()})
        object.__setattr__(self, "_genre_re", _terms_pattern(genres))
        object.__setattr__(self, "_language_terms", {_compact(k): v for k, v in langs.items()})
        object.__setattr__(self, "_language_re", _terms_pattern(langs))

    @classmethod
    def from_index(
        cls,
        kinds: Mapping[str, FieldKind],
        values: Mapping[str, Sequence[str]],
        max_values: int = 60,
    ) -> Vocabulary:
        """Pick the fields from their kinds and distinct values (people fields never count)."""
        language = _named(kinds, cues.LANGUAGE_FIELDS, ("category", "list"))
        facets = tuple(
            (name, tuple(str(v) for v in values.get(name, ())))
            for name, kind in kinds.items()
            if kind in ("list", "category")
            and name != language
            and name.lower() not in cues.PEOPLE_FIELDS
            and 0 < len(values.get(name, ())) <= max_values
        )
        return cls(
            facets=facets,
            language_field=language,
            languages=tuple(str(v) for v in values.get(language, ())) if language else (),
            year_field=_named(kinds, cues.YEAR_FIELDS, ("number",)),
            runtime_field=_named(kinds, cues.RUNTIME_FIELDS, ("number",)),
        )

    @classmethod
    def from_items(cls, items: Iterable[Item], kinds: Mapping[str, FieldKind]) -> Vocabulary:
        values: dict[str, dict[str, str]] = {k: {} for k, kind in kinds.items() if kind != "number"}
        for item in items:
            for name, seen in values.items():
                value = item.metadata.get(name)
                for v in value if isinstance(value, tuple) else () if value is None else (value,):
                    seen.setdefault(str(v).lower(), str(v))
        return cls.from_index(kinds, {k: sorted(v.values()) for k, v in values.items()})

    @classmethod
    def from_catalog(cls, index: CatalogIndex) -> Vocabulary:
        names = [name for name, kind in index.kinds.items() if kind != "number"]
        return cls.from_index(index.kinds, {name: index.vocabulary(name) for name in names})


@dataclass(frozen=True)
class Understanding:
    """What one message says about the user's taste.

    ``liked``/``disliked``/``seen``/``mentioned`` are catalog item ids (a title without an opinion
    cue is ``mentioned``); ``refs`` are ids of ``last_picks`` the message points at ("the second
    one", "that one", or one of their titles). ``add_constraints`` are hard filters and
    ``drop_constraints`` what the user now allows (apply those first). ``aspects`` are short
    free-text preferences. ``query`` is the message without control phrases, negated
    constraints and disliked titles, for dense retrieval ("" when nothing useful is left).
    ``mentions`` are the raw title matches.
    """

    intent: Intent = "recommend"
    liked: tuple[str, ...] = ()
    disliked: tuple[str, ...] = ()
    seen: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    add_constraints: tuple[Constraint, ...] = ()
    drop_constraints: tuple[Relax, ...] = ()
    aspects: tuple[str, ...] = ()
    query: str = ""
    mentions: tuple[Mention, ...] = ()


def understand(
    text: str, matcher: TitleMatcher, vocab: Vocabulary, last_picks: Sequence[str] = ()
) -> Understanding:
    """Read one user message. Never raises; unknown words simply end up in ``query``."""
    text = text[:MAX_CHARS] if isinstance(text, str) else ""
    return _Reader(text, matcher, vocab, tuple(last_picks)).read()


# --- vocabulary helpers ------------------------------------------------------------------------


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


def _named(
    kinds: Mapping[str, FieldKind], names: Sequence[str], allowed: Sequence[str]
) -> str | None:
    lowered = {name.lower(): name for name, kind in kinds.items() if kind in allowed}
    return next((lowered[n] for n in names if n in lowered), None)


def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def _genre_terms(
    facets: Sequence[tuple[str, Sequence[str]]],
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Surface form ("sci-fi", "comedies") -> ((field, lower-cased value), ...)."""
    by_value: dict[str, list[tuple[str, str]]] = {}
    for name, values in facets:
        for value in values:
            if len(value.strip()) >= 2:
                by_value.setdefault(fold_text(value.strip()), []).append(
                    (name, value.strip().lower())
                )
    terms: dict[str, tuple[tuple[str, str], ...]] = {}
    for low, targets in by_value.items():
        terms.setdefault(low, tuple(targets))
        terms.setdefault(_plural(low), tuple(targets))
    for surface, wanted in cues.GENRE_SYNONYMS.items():
        found: list[tuple[str, str]] = []
        for target in wanted:
            alt = next((a for a in target.split("|") if a in by_value), None)
            found += by_value[alt] if alt else []
        if found:
            terms.setdefault(surface, tuple(dict.fromkeys(found)))
    return terms


def _language_terms(languages: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Surface form -> the lower-cased language values it names."""
    values = {fold_text(v.strip()): v.strip().lower() for v in languages if len(v.strip()) >= 2}
    terms: dict[str, tuple[str, ...]] = {k: (v,) for k, v in values.items()}
    for surface, wanted in cues.LANGUAGE_SYNONYMS.items():
        found = tuple(values[w] for w in wanted if w in values)
        if found:
            terms.setdefault(surface, found)
    return terms


def _compact(phrase: str) -> str:
    return re.sub(r"[\s-]+", "", phrase)


def _terms_pattern(terms: Mapping[str, object]) -> re.Pattern[str] | None:
    """One regex for all surfaces; a space or hyphen in a surface matches either or nothing."""
    if not terms:
        return None
    ordered = sorted(terms, key=len, reverse=True)
    flexible = [r"[\s-]?".join(map(re.escape, re.split(r"[\s-]+", term))) for term in ordered]
    return re.compile(rf"(?<!\w)(?:{'|'.join(flexible)})(?!\w)")


# --- reading a message -------------------------------------------------------------------------

Op = Literal["none", "any", "relax", "min", "max"]


@dataclass(frozen=True)
class _Event:
    """One statement about a field, at a position in the message (later ones win)."""

    pos: int
    op: Op
    field: str
    groups: tuple[frozenset[str], ...] = ()  # values; for "any": all groups must hold
    number: float | None = None
    strict: bool = False
    bound: Literal["min", "max"] | None = None  # for relax on a number field


@dataclass(frozen=True)
class _Target:
    """Something a cue can be about: a title mention or a reference to the last picks."""

    start: int
    end: int
    ids: tuple[str, ...]
    ref: bool
    title: bool


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    label: str  # like, dislike, seen


@lru_cache(maxsize=256)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_CLAUSE = re.compile(
    r"[.!?;\n]+|\b(?:but|however|though|although|whereas|yet|except that|while|also)\b"
)
_LEADS = re.compile(
    rf"(?:\b(?P<none>{cues.NEG_LEAD})|\b(?P<only>{cues.ONLY_LEAD})|\b(?P<relax>{cues.RELAX_LEAD}))"
    rf"(?!\w)(?:\s+{cues.FILLER}(?!\w))*\s*$"
)
_LANGUAGE_LEADS = re.compile(
    rf"(?:\b(?P<none>{cues.LANGUAGE_NEG_LEAD})|\b(?P<only>{cues.LANGUAGE_ONLY_LEAD})"
    rf"|\b(?P<relax>{cues.RELAX_LEAD}))(?!\w)(?:\s+{cues.FILLER}(?!\w))*\s*$"
)
_NEGATED = re.compile(rf"\b(?:{cues.NEG_LEAD})(?!\w)(?:\s+{cues.FILLER}(?!\w))*\s*$")
_NEGATED_LIST = re.compile(rf"(?:\s|,|/|&|\b(?:or|and|nor|no|not)\b|\b{cues.FILLER}(?!\w))*")
_LEADS_TO = re.compile(r"\s*(?:(?:the|a|an|also|too|really|so|both)\s+)*")
_LINK_GAP = re.compile(
    r"[\s,:;—–-]*(?:(?:was|is|were|are|'s|felt|feels|seemed|seems|looked|looks|got|gets|just|so"
    r"|really|very|pretty|quite|totally|too|kinda|kind of|a bit|honestly|absolutely|truly|such"
    r"|an?|the|also|still|already|i've|i have|i|we|we've|one of my|my|all-time|all time)"
    r"(?!\w)[\s,:;—–-]*)*"
)
_TARGET_GAP = re.compile(r"(?:\s|,|&|/|\band\b|\bor\b|\bnor\b|\bas well as\b|\bplus\b)*")
_PRONOUN_AFTER = re.compile(r"\s+(?:it|them|both|all of them|that one|this one|that|this)\b")
_SUBJECT_BEFORE = re.compile(
    r"\b(?:i|we|i've|we've|i have|we have|i had|i'd|i've already|i already|i also|i really"
    r"|i just|i absolutely|and i)\s+$"
)
_ASPECT_TERMS = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(t) for t in sorted(cues.ASPECT_TERMS, key=len, reverse=True))
    + r")(?![\w-])"
)
_CUE_ORDER: tuple[tuple[str | None, str], ...] = (
    (None, cues.NO_SENTIMENT),
    (None, cues.UNSEEN),
    ("like", r"\bnot bad\b"),
    ("dislike", cues.DISLIKE),
    ("like", cues.LIKE),
    ("seen", cues.SEEN),
)


class _Reader:
    """The state of reading one message; :meth:`read` runs the passes in order."""

    def __init__(
        self, text: str, matcher: TitleMatcher, vocab: Vocabulary, picks: tuple[str, ...]
    ) -> None:
        self.text = text
        self.vocab = vocab
        self.picks = picks
        self.mentions = matcher.find(text)
        chars = list(fold_text(text))
        for m in self.mentions:
            chars[m.start : m.end] = " " * (m.end - m.start)
        self.masked = "".join(chars)
        self.bounds = [m.start() for m in _CLAUSE.finditer(self.masked)]
        self.claimed: list[tuple[int, int]] = []
        self.drops: list[tuple[int, int]] = []
        self.events: list[_Event] = []
        self.aspects: list[tuple[int, int, str]] = []
        self.term_spans: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []
        self.negations: list[tuple[int, int]] = []

    def read(self) -> Understanding:
        self._relax_fields()
        self._language_switches()
        self._terms(self.vocab._genre_re, self.vocab._genre_terms, _LEADS, cues.ONLY_TAIL)
        if self.vocab.language_field:
            lang_terms = {
                k: tuple((self.vocab.language_field, v) for v in vs)
                for k, vs in self.vocab._language_terms.items()
            }
            self._terms(
                self.vocab._language_re, lang_terms, _LANGUAGE_LEADS, cues.LANGUAGE_ONLY_TAIL
            )
        self._years()
        self._runtimes()
        intent, intent_at = self._intent()
        if intent == "remove":
            self._remove_after(intent_at)
        targets = self._targets()
        result = self._opinions(targets, intent)
        self._aspect_phrases()
        constraints, relaxed = _resolve(self.events)
        return Understanding(
            intent=result.intent,
            liked=result.liked,
            disliked=result.disliked,
            seen=result.seen,
            mentioned=result.mentioned,
            refs=result.refs,
            add_constraints=constraints,
            drop_constraints=relaxed,
            aspects=self._final_aspects(),
            query="" if result.intent in _NO_QUERY else self._query(result.dropped),
            mentions=tuple(self.mentions),
        )

    # -- helpers --

    def _free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.claimed)

    def _claim(self, start: int, end: int) -> None:
        """Mark a phrase as read (later passes skip it) and leave it out of the query."""
        self.claimed.append((start, end))
        self.drops.append((start, end))

    def _clause(self, pos: int) -> int:
        return bisect_right(self.bounds, pos)

    def _field_for(self, role: str) -> str | None:
        return {
            "year": self.vocab.year_field,
            "runtime": self.vocab.runtime_field,
            "language": self.vocab.language_field,
        }.get(role)

    # -- constraints --

    def _relax_fields(self) -> None:
        """ "I don't mind old films", "any length", "subtitles are fine"."""
        for role, bound, pattern in cues.RELAX_FIELD:
            name = self._field_for(role)
            if name is None:
                continue
            for m in _rx(pattern).finditer(self.masked):
                if self._free(m.start(), m.end()):
                    self._claim(m.start(), m.end())
                    self.events.append(_Event(m.start(), "relax", name, bound=_bound(bound)))

    def _language_switches(self) -> None:
        """ "no subtitles" -> English only; "something foreign" -> not English."""
        name = self.vocab.language_field
        english = self.vocab._language_terms.get("english")
        if name is None or not english:
            return
        for pattern, op in ((cues.ENGLISH_ONLY, "any"), (cues.NOT_ENGLISH, "none")):
            for m in _rx(pattern).finditer(self.masked):
                if self._free(m.start(), m.end()):
                    self._claim(m.start(), m.end())
                    self.events.append(_Event(m.start(), _op(op), name, (frozenset(english),)))

    def _terms(
        self,
        pattern: re.Pattern[str] | None,
        terms: Mapping[str, tuple[tuple[str, str], ...]],
        leads: re.Pattern[str],
        only_tail: str,
    ) -> None:
        """Genre or language words, each with the lead or tail that governs it (or none)."""
        if pattern is None:
            return
        hits = [
            (m.start(), m.end(), terms[_compact(m.group())])
            for m in pattern.finditer(self.masked)
            if _compact(m.group()) in terms and self._free(m.start(), m.end())
        ]
        self.term_spans += hits
        modes, starts, ends = self._modes(hits, leads, only_tail)
        i = 0
        while i < len(hits):
            if modes[i] == "only":
                j = i
                while j + 1 < len(hits) and modes[j + 1] == "only":
                    if not self._listed(hits[j][1], hits[j + 1][0]):
                        break
                    j += 1
                self._only(hits[i : j + 1], starts[i], ends[j])
                i = j + 1
                continue
            self._one_term(hits[i], modes[i], starts[i], ends[i])
            i += 1

    def _modes(
        self,
        hits: list[tuple[int, int, tuple[tuple[str, str], ...]]],
        leads: re.Pattern[str],
        only_tail: str,
    ) -> tuple[list[str | None], list[int], list[int]]:
        """Each hit's mode (none/only/relax/None) and the span its phrase covers."""
        modes: list[str | None] = [None] * len(hits)
        starts = [h[0] for h in hits]
        ends = [h[1] for h in hits]
        own = [False] * len(hits)
        for i, (start, _, _) in enumerate(hits):
            window = max(hits[i - 1][1] if i else 0, start - 60)
            lead = leads.search(self.masked, window, start)
            if lead:
                modes[i] = next(g for g in ("none", "only", "relax") if lead.group(g))
                own[i], starts[i] = True, lead.start()
            elif i and self._listed(hits[i - 1][1], start):
                modes[i] = modes[i - 1]
        from_tail = [False] * len(hits)
        for i in reversed(range(len(hits))):
            tail = None if own[i] else _tail(self.masked, hits[i][1], only_tail)
            if tail:
                modes[i], ends[i], from_tail[i] = tail[0], tail[1], True
            elif not own[i] and i + 1 < len(hits) and from_tail[i + 1]:
                joined = self._listed(hits[i][1], hits[i + 1][0])
                modes[i], from_tail[i] = (modes[i + 1], True) if joined else (modes[i], False)
        return modes, starts, ends

    def _listed(self, end: int, start: int) -> bool:
        return bool(_rx(cues.LIST_GAP).match(self.masked[end:start]))

    def _one_term(
        self, hit: tuple[int, int, tuple[tuple[str, str], ...]], mode: str | None, s: int, e: int
    ) -> None:
        start, end, targets = hit
        surface = self.text[start:end].lower()
        by_field: dict[str, set[str]] = {}
        for name, value in targets:
            by_field.setdefault(name, set()).add(value)
        if mode is None:
            self.aspects.append((start, end, surface))
        elif mode == "none" and any(len(v) > 1 for v in by_field.values()):
            self.aspects.append((s, e, f"not {surface}"))  # "no rom-coms": too broad as NoneOf
            self._claim(s, e)
            self.negations.append((s, e))
        else:
            if mode == "none":
                self.negations.append((s, e))
            for name, values in by_field.items():
                if mode == "none":
                    self.events.append(_Event(start, "none", name, (frozenset(values),)))
                else:
                    self.events.append(_Event(start, "relax", name, (frozenset(values),)))
            self._claim(s, e)

    def _only(
        self, run: list[tuple[int, int, tuple[tuple[str, str], ...]]], s: int, e: int
    ) -> None:
        """ "only comedies or dramas" -> one AnyOf; "only rom-coms" -> romance AND comedy."""
        by_field: dict[str, list[str]] = {}
        for _, _, targets in run:
            for name, value in targets:
                by_field.setdefault(name, []).append(value)
        for name, values in by_field.items():
            single = len(run) == 1 and len(values) > 1
            groups = tuple(frozenset({v}) for v in values) if single else (frozenset(values),)
            self.events.append(_Event(run[0][0], "any", name, groups))
        self.claimed.append((s, e))
        self.drops += [(s, run[0][0]), (run[-1][1], e)]

    def _years(self) -> None:
        if self.vocab.year_field is None:
            return
        found = [
            m for m in _rx(cues.YEARISH).finditer(self.masked) if self._free(m.start(), m.end())
        ]
        i = 0
        while i < len(found):
            if i + 1 < len(found) and self._year_pair(found[i], found[i + 1]):
                i += 2
            else:
                self._year_single(found[i])
                i += 1

    def _year_pair(self, a: re.Match[str], b: re.Match[str]) -> bool:
        """ "between 1970 and 1985", "1970-1985", "80s or 90s", "the 70s to the 90s"."""
        gap = self.masked[a.end() : b.start()]
        if not _rx(cues.YEAR_PAIR_GAP).match(gap):
            return False
        lo_a, hi_a, decade_a = _year_span(a)
        lo_b, hi_b, decade_b = _year_span(b)
        lead = _rx(cues.YEAR_RANGE_WORDS).search(self.masked, max(0, a.start() - 12), a.start())
        ranged = re.search(r"-|–|\bto\b|through|thru|till|until", gap)
        if not (ranged or (decade_a and decade_b) or lead):
            return False
        start = lead.start() if lead else a.start()
        self._year_bounds("exact", start, b.end(), min(lo_a, lo_b), max(hi_a, hi_b), True)
        return True

    def _year_single(self, m: re.Match[str]) -> None:
        lo, hi, decade = _year_span(m)
        start, end = m.start(), m.end()
        kind, kind_start = None, start
        for name, pattern in cues.YEAR_CONTEXT:
            found = _rx(pattern).search(self.masked, max(0, start - 40), start)
            if found:
                kind, kind_start = name, found.start()
                break
        if kind in (None, "exact"):
            for name, pattern in cues.YEAR_TAIL:
                tail = _rx(pattern).match(self.masked[end : end + 30])
                if tail:
                    kind, end = name, end + tail.end()
                    break
        if kind is None and decade:
            kind = "exact"
        if kind is not None:
            self._year_bounds(kind, kind_start, end, lo, hi, decade)

    def _year_bounds(self, kind: str, start: int, end: int, lo: int, hi: int, decade: bool) -> None:
        name = self.vocab.year_field
        self._claim(start, end)
        if name is None or kind == "skip":
            return
        if kind in ("from", "exact"):
            self.events.append(_Event(start, "min", name, number=lo))
        if kind in ("to", "exact"):
            self.events.append(_Event(start, "max", name, number=hi))
        if kind == "after":
            self.events.append(
                _Event(start, "min", name, number=hi + 1 if decade else hi, strict=not decade)
            )
        if kind == "before":
            self.events.append(_Event(start, "max", name, number=lo, strict=True))

    def _runtimes(self) -> None:
        name = self.vocab.runtime_field
        if name is None:
            return
        for m in _rx(cues.DURATION).finditer(self.masked):
            minutes = _minutes(m)
            if minutes is None or not self._free(m.start(), m.end()):
                continue
            start, end, window = m.start(), m.end(), max(0, m.start() - 40)
            pair = _rx(cues.RUNTIME_PAIR).search(self.masked, window, start)
            if pair:
                unit = pair.group("u") or ("m" if m.group("m") else "h")
                first = float(pair.group("a")) * (60 if unit.startswith("h") else 1)
                lo, hi = sorted((first, minutes))
                self.events.append(_Event(pair.start(), "min", name, number=lo))
                self.events.append(_Event(pair.start(), "max", name, number=hi))
                self._claim(pair.start(), end)
                continue
            kind = None
            for bound, pattern in cues.RUNTIME_CONTEXT:
                found = _rx(pattern).search(self.masked, window, start)
                if found:
                    kind, start = bound, found.start()
                    break
            for bound, pattern in cues.RUNTIME_TAIL if kind is None else ():
                tail = _rx(pattern).match(self.masked[end : end + 30])
                if tail:
                    kind, end = bound, end + tail.end()
                    break
            if kind is not None:
                self.events.append(_Event(start, _op(kind), name, number=minutes))
                self._claim(start, end)

    # -- intent and targets --

    def _intent(self) -> tuple[Intent, int]:
        """The first intent (in priority order) whose phrase is present and makes sense here."""
        for name, pattern in cues.INTENTS:
            for m in _rx(pattern).finditer(self.masked):
                if name == "remove" and not self._removable(m.end()):
                    continue
                if name == "more_like" and not (self.mentions or self.picks):
                    continue
                self.drops.append((m.start(), m.end()))
                return _as_intent(name), m.end()
        return "recommend", -1

    def _clause_end(self, pos: int) -> int:
        later = [b for b in self.bounds if b >= pos]
        return later[0] if later else len(self.masked)

    def _removable(self, pos: int) -> bool:
        """Whether something to forget follows a "forget"/"remove" verb in its clause."""
        end = self._clause_end(pos)
        if any(pos <= m.start < end for m in self.mentions):
            return True
        if any(pos <= s < end for s, _, _ in self.term_spans):
            return True
        if any(pos <= e.pos < end for e in self.events):
            return True
        return any(
            self._field_for(role) and _rx(pattern).search(self.masked, pos, end)
            for role, pattern in cues.FIELD_WORDS
        )

    def _remove_after(self, pos: int) -> None:
        """Turn what the remove clause names into things to drop, not to add."""
        end = self._clause_end(pos)
        inside = [e for e in self.events if pos <= e.pos < end]
        self.events = [e for e in self.events if not pos <= e.pos < end]
        for ev in inside:
            if ev.op in ("min", "max"):
                self.events.append(_Event(ev.pos, "relax", ev.field, bound=_bound(ev.op)))
            else:
                self.events.append(_Event(ev.pos, "relax", ev.field, ev.groups))
        for start, _, targets in self.term_spans:
            if pos <= start < end:
                for name, value in targets:
                    self.events.append(_Event(start, "relax", name, (frozenset({value}),)))
        self.aspects = [a for a in self.aspects if not pos <= a[0] < end]
        for role, pattern in cues.FIELD_WORDS:
            field_name = self._field_for(role)
            found = _rx(pattern).search(self.masked, pos, end) if field_name else None
            if field_name and found and not any(e.field == field_name for e in inside):
                self.events.append(_Event(found.start(), "relax", field_name))
        self.drops.append((pos, end))

    def _targets(self) -> list[_Target]:
        """Title mentions and references to the last picks, in text order, not overlapping."""
        titles = [
            _Target(m.start, m.end, (m.item_id,), m.item_id in self.picks, True)
            for m in self.mentions
        ]
        found: list[_Target | None] = list(titles)
        if self.picks:
            for m in _rx(cues.REF_ORDINAL).finditer(self.masked):
                pick = _pick(self.picks, m.group("a") or m.group("b") or m.group("c"))
                if pick:
                    found.append(_Target(m.start(), m.end(), (pick,), True, False))
        for m in _rx(cues.REF_POINTER).finditer(self.masked):
            found.append(self._pointer(m.start(), m.end(), titles, plural=False))
        for m in _rx(cues.REF_PRONOUN).finditer(self.masked):
            if not any(t.start < m.start("p") for t in titles):
                plural = m.group("p") in ("them", "these", "those")
                found.append(self._pointer(m.start("p"), m.end("p"), titles, plural))
        kept: list[_Target] = []
        for t in sorted((t for t in found if t), key=lambda t: (t.start, t.start - t.end)):
            if not kept or t.start >= kept[-1].end:
                kept.append(t)
        return kept

    def _pointer(self, start: int, end: int, titles: list[_Target], plural: bool) -> _Target | None:
        """ "that one": the title named just before, else the (first) last pick."""
        before = [t for t in titles if t.end <= start]
        if before:
            return _Target(start, end, before[-1].ids, before[-1].ref, False)
        if not self.picks:
            return None
        return _Target(start, end, self.picks if plural else self.picks[:1], True, False)

    # -- opinions --

    def _cues(self) -> list[_Cue]:
        """Opinion cues in the message; "haven't seen", "I'd love" are claimed but say none."""
        taken: list[tuple[int, int]] = []
        found: list[_Cue] = []
        for label, pattern in _CUE_ORDER:
            for m in _rx(pattern).finditer(self.masked):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                if label:
                    found.append(_Cue(m.start(), m.end(), label))
                else:
                    self.drops.append((m.start(), m.end()))
        return sorted(found, key=lambda c: c.start)

    def _labels(self, targets: list[_Target], found: list[_Cue]) -> list[str | None]:
        """like/dislike per target: a cue right after it ("X was boring"), else the nearest
        one before it in its clause, else shared along a list ("X and Y were great"), else a
        cue on a pronoun after it ("watched X and loved it")."""
        labels: list[str | None] = [None] * len(targets)
        how = [""] * len(targets)
        used: set[_Cue] = set()
        for i, t in enumerate(targets):
            nxt = targets[i + 1].start if i + 1 < len(targets) else len(self.masked)
            cue = next(
                (c for c in found if t.end <= c.start < nxt and self._after(t, c, nxt)), None
            )
            if cue:
                labels[i], how[i] = cue.label, "post"
                used.add(cue)
                self.drops.append((t.end, cue.start))  # "X *was* great": the link goes too
        for i, t in enumerate(targets):
            before = [c for c in found if c.end <= t.start and c not in used and self._near(c, t)]
            if labels[i] is None and before:
                labels[i], how[i] = before[-1].label, "pre"
        for i in reversed(range(len(targets) - 1)):
            gap = self.masked[targets[i].end : targets[i + 1].start]
            joined = re.search(r"\b(?:and|or|nor|plus)\b|&", gap) or how[i + 1] == "chain"
            shared = how[i + 1] in ("post", "chain") and joined and _TARGET_GAP.fullmatch(gap)
            if labels[i] is None and shared:
                labels[i], how[i] = labels[i + 1], "chain"
        for c in found:
            owner = self._anaphora(targets, c)
            if owner is not None and labels[owner] is None:
                labels[owner] = c.label
        return labels

    def _seen(self, targets: list[_Target], found: list[_Cue]) -> list[bool]:
        flags = []
        for i, t in enumerate(targets):
            nxt = targets[i + 1].start if i + 1 < len(targets) else len(self.masked)
            pre = any(c.end <= t.start and self._near(c, t) for c in found)
            post = any(t.end <= c.start < nxt and self._after(t, c, nxt) for c in found)
            flags.append(pre or post)
        for c in found:
            owner = self._anaphora(targets, c)
            if owner is not None:
                flags[owner] = True
        return flags

    def _after(self, t: _Target, c: _Cue, nxt: int) -> bool:
        """Whether cue ``c`` comments on ``t`` from behind ("X was great"), not on the next
        target ("loved X, hated Y")."""
        leads_next = nxt < len(self.masked) and _LEADS_TO.fullmatch(self.masked[c.end : nxt])
        return self._links(t, c) and not leads_next

    def _links(self, t: _Target, c: _Cue) -> bool:
        gap = self.masked[t.end : c.start]
        return self._clause(t.end) == self._clause(c.start) and bool(_LINK_GAP.fullmatch(gap))

    def _near(self, c: _Cue, t: _Target) -> bool:
        return self._clause(c.start) == self._clause(t.start)

    def _anaphora(self, targets: list[_Target], c: _Cue) -> int | None:
        """The title a cue on a pronoun ("loved it") is about: the last one named before it."""
        if not _PRONOUN_AFTER.match(self.masked, c.end):
            return None
        before = [i for i, t in enumerate(targets) if t.title and t.end <= c.start]
        return before[-1] if before else None

    def _opinions(self, targets: list[_Target], intent: Intent) -> _Opinions:
        found = self._cues()
        feelings = [c for c in found if c.label != "seen"]
        seen_cues = [c for c in found if c.label == "seen"]
        if intent == "remove":
            labels: list[str | None] = [None] * len(targets)
            flags = [False] * len(targets)
        else:
            labels = self._labels(targets, feelings)
            flags = self._seen(targets, seen_cues)
        final: dict[str, str] = {}
        for t, label in zip(targets, labels, strict=True):
            for item_id in t.ids if label else ():
                final.pop(item_id, None)
                final[item_id] = label or ""
        seen = _unique(i for t, f in zip(targets, flags, strict=True) if f for i in t.ids)
        refs = _unique(i for t in targets if t.ref for i in t.ids)
        titled = _unique(t.ids[0] for t in targets if t.title)
        if intent in ("why", "not_that", "more_like") and not refs and not titled and self.picks:
            refs = self.picks[:1]
        if intent == "not_that" and seen_cues:
            seen = _unique([*seen, *refs])
        rejected = any(
            t.ref and (label == "dislike" or f)
            for t, label, f in zip(targets, labels, flags, strict=True)
        )
        if intent in ("recommend", "something_else") and rejected:
            intent = "not_that"
        clauses = {self._clause(t.start) for t in targets}
        dropped = [
            (c.start - self._subject(c.start), self._pronoun_end(c.end))
            for c in found
            if self._clause(c.start) in clauses or self._pronoun_end(c.end) > c.end
        ]
        dropped += [(t.start, t.end) for t in targets if not t.title]
        dropped += [
            (t.start, t.end)
            for t in targets
            if t.title
            and (final.get(t.ids[0]) == "dislike" or t.ids[0] in seen)
            and final.get(t.ids[0]) != "like"
        ]
        return _Opinions(
            intent=intent,
            liked=tuple(i for i, lab in final.items() if lab == "like"),
            disliked=tuple(i for i, lab in final.items() if lab == "dislike"),
            seen=seen,
            mentioned=tuple(i for i in titled if i not in final and i not in seen),
            refs=refs,
            dropped=tuple(dropped),
        )

    def _pronoun_end(self, pos: int) -> int:
        after = _PRONOUN_AFTER.match(self.masked, pos)
        return after.end() if after else pos

    def _subject(self, pos: int) -> int:
        """Length of "I "/"we've " right before a cue (left out of the query with it)."""
        found = _SUBJECT_BEFORE.search(self.masked, max(0, pos - 20), pos)
        return pos - found.start() if found else 0

    # -- aspects and query --

    def _aspect_phrases(self) -> None:
        for m in _ASPECT_TERMS.finditer(self.masked):
            if not self._free(m.start(), m.end()):
                continue
            text = self.text[m.start() : m.end()].lower()
            neg_start = self._negated(m.start())
            if neg_start is not None:
                self.aspects.append((neg_start, m.end(), f"not {text}"))
                self.drops.append((neg_start, m.end()))
            else:
                self.aspects.append((m.start(), m.end(), text))
        for pattern in (cues.SOMETHING_ASPECT, cues.WITH_ASPECT, cues.MOOD_ASPECT):
            for m in _rx(pattern).finditer(self.masked):
                span = self._phrase(m.start("x"), m.end("x"))
                if span and self._free(*span):
                    self.aspects.append((*span, self.text[span[0] : span[1]].lower()))

    def _negated(self, start: int) -> int | None:
        """Where the negation governing a word at ``start`` begins ("nothing scary or *too
        violent*" continues the negated list), or None."""
        lead = _NEGATED.search(self.masked, max(0, start - 40), start)
        if lead:
            return lead.start()
        for _, e in self.negations:
            if e <= start and _NEGATED_LIST.fullmatch(self.masked[e:start]):
                return e
        return None

    def _phrase(self, start: int, end: int) -> tuple[int, int] | None:
        """The words of a free-text aspect up to the first word that ends it."""
        kept: list[re.Match[str]] = []
        for w in re.finditer(r"[a-z][a-z'-]*", self.masked[start:end]):
            word = w.group()
            if kept and start + w.start() - (start + kept[-1].end()) > 3:
                break  # a title was blanked out here
            if word in cues.ASPECT_STOP and not (word in _INTENSIFIERS and not _content(kept)):
                break
            kept.append(w)
        if not _content(kept):
            return None
        return start + kept[0].start(), start + kept[-1].end()

    def _final_aspects(self) -> tuple[str, ...]:
        chosen: list[tuple[int, int, str]] = []
        for start, end, text in sorted(self.aspects, key=lambda a: (a[0] - a[1], a[0])):
            text = " ".join(text.split())
            too_long = len(text) > 40 or len(text.split()) > 5
            if text and not too_long and all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, text))
        return _unique(text for _, _, text in sorted(chosen))[:_MAX_ASPECTS]

    def _query(self, dropped: Sequence[tuple[int, int]]) -> str:
        """The message without control phrases, negated constraints, dislikes and fillers."""
        chars = list(self.text)
        spans = [*self.drops, *dropped]
        spans += [(m.start(), m.end()) for m in _rx(cues.POLITE).finditer(self.masked)]
        for start, end in spans:
            chars[start:end] = " " * (end - start)
        query = re.sub(r"\s+", " ", "".join(chars))
        query = re.sub(r"\s+([,.;:!?])", r"\1", query)
        query = re.sub(r"([,.;:!?])(?:\s*[,.;:!?])+", r"\1", query)
        query = _EDGE_START.sub("", query)
        query = _EDGE_END.sub("", query)
        words = re.findall(r"[^\W_]+", query.lower())
        return query.strip() if any(w not in _EMPTY_QUERY for w in words) else ""


@dataclass(frozen=True)
class _Opinions:
    intent: Intent
    liked: tuple[str, ...]
    disliked: tuple[str, ...]
    seen: tuple[str, ...]
    mentioned: tuple[str, ...]
    refs: tuple[str, ...]
    dropped: tuple[tuple[int, int], ...]


_INTENSIFIERS = cues.words("more less a bit little really very quite pretty super kinda")
_NO_QUERY = frozenset({"why", "show_profile", "reset_profile", "remove"})
_EMPTY_QUERY = cues.words(
    """a an the some something anything film films movie movies one ones me i show give
    recommend want to watch see please more just stuff thing things for tonight now only
    from"""
)
_EDGE_START = re.compile(
    r"^(?:[\s,.;:!?&/-]|\b(?:and|but|or|also|so|then|i'?m|i am|i)(?!['\w]))+", re.IGNORECASE
)
_EDGE_END = re.compile(r"(?:[\s,.;:!?&/-]|\b(?:and|but|or|also|so|then)\b)+$", re.IGNORECASE)


def _content(words: Sequence[re.Match[str]]) -> bool:
    return any(w.group() not in _INTENSIFIERS for w in words)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _tail(text: str, end: int, only_tail: str) -> tuple[str, int] | None:
    """A mode written after a value ("horror is fine", "comedies only") and where it ends."""
    window = text[end : end + 40]
    for mode, pattern in (("relax", cues.RELAX_TAIL), ("only", only_tail), ("none", cues.NEG_TAIL)):
        found = _rx(pattern).match(window)
        if found:
            return mode, end + found.end()
    return None


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


def _pick(picks: Sequence[str], word: str | None) -> str | None:
    if not word:
        return None
    index = int(word) - 1 if word.isdigit() else cues.ORDINALS.get(word)
    if index == -2:
        index = len(picks) // 2
    if index == -1:
        index = len(picks) - 1
    return picks[index] if index is not None and 0 <= index < len(picks) else None


def _bound(value: str | None) -> Literal["min", "max"] | None:
    return "min" if value == "min" else "max" if value == "max" else None


def _op(value: str) -> Op:
    ops: dict[str, Op] = {"none": "none", "any": "any", "relax": "relax", "min": "min"}
    return ops.get(value, "max")


def _as_intent(value: str) -> Intent:
    return next((i for i in INTENTS if i == value), "recommend")


def _resolve(events: Sequence[_Event]) -> tuple[tuple[Constraint, ...], tuple[Relax, ...]]:
    """Apply statements in order (later wins) and return the constraints and the relaxations."""
    nones: dict[str, dict[str, None]] = {}
    anys: dict[str, list[set[str]]] = {}
    bounds: dict[str, dict[str, tuple[float, bool]]] = {}
    relaxed: dict[tuple[str, str | None, str | None], Relax] = {}
    for ev in sorted(events, key=lambda e: e.pos):
        values = set().union(*ev.groups)
        if ev.op == "none":
            nones.setdefault(ev.field, {}).update(dict.fromkeys(sorted(values)))
            groups = [g - values for g in anys.get(ev.field, [])]
            if ev.field in anys:
                anys[ev.field] = [g for g in groups if g]
        elif ev.op == "any":
            anys[ev.field] = [set(g) for g in ev.groups]
        elif ev.op == "relax" and values:
            if len(anys.get(ev.field, [])) == 1:
                anys[ev.field][0] |= values
        elif ev.op == "relax":
            if ev.bound is None:
                nones.pop(ev.field, None)
                anys.pop(ev.field, None)
            for bound in (ev.bound,) if ev.bound else ("min", "max"):
                bounds.get(ev.field, {}).pop(bound, None)
            relaxed[(ev.field, None, ev.bound)] = Relax(ev.field, bound=ev.bound)
        elif ev.number is not None:
            _set_bound(bounds.setdefault(ev.field, {}), ev.op, ev.number, ev.strict)
            relaxed.pop((ev.field, None, ev.op), None)
        for value in values:
            if ev.op in ("any", "relax"):
                nones.get(ev.field, {}).pop(value, None)
            relaxed.pop((ev.field, value, None), None)
            if ev.op == "relax":
                relaxed[(ev.field, value, None)] = Relax(ev.field, value)
    return _constraints(nones, anys, bounds), tuple(relaxed.values())


def _set_bound(bounds: dict[str, tuple[float, bool]], op: str, number: float, strict: bool) -> None:
    bounds[op] = (number, strict)
    low, high = bounds.get("min"), bounds.get("max")
    if low and high and (low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1]))):
        del bounds["max" if op == "min" else "min"]  # contradicts the newer bound


def _constraints(
    nones: Mapping[str, Mapping[str, None]],
    anys: Mapping[str, list[set[str]]],
    bounds: Mapping[str, Mapping[str, tuple[float, bool]]],
) -> tuple[Constraint, ...]:
    out: list[Constraint] = [NoneOf(f, frozenset(v)) for f, v in nones.items() if v]
    out += [AnyOf(f, frozenset(g)) for f, groups in anys.items() for g in groups if g]
    for name, b in bounds.items():
        low, high = b.get("min"), b.get("max")
        if low or high:
            out.append(
                Range(
                    name,
                    min=low[0] if low else None,
                    max=high[0] if high else None,
                    min_strict=bool(low and low[1]),
                    max_strict=bool(high and high[1]),
                )
            )
    return tuple(out)
