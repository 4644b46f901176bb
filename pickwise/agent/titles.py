"""Find catalog titles in free text: blind to case, accents and punctuation, tolerant of typos.

Titles are indexed by their first word (and by their first two words run together), so a message is
matched by looking its words up rather than by comparing it with every title. A typo in the first
word is found through a one-deletion index (SymSpell's trick); the window of text is then checked
with an edit distance whose allowance grows with the title's length.

Titles made of everyday words ("Up", "Once", "Get Out", "The General") are *guarded*: they match
exactly or not at all, and only when the text shows they are a title: written in title case (not
just as the first word of a sentence), inside quotes, or right after "loved", "seen", "like"...
A year written after a title ("Solaris (1972)", "solaris 1972") picks between items that share it;
without a year the earliest item wins (the original is usually meant; remakes get named by year).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import OSA

from pickwise.agent.cues import COMMON_WORDS, MINOR_WORDS, SLOT_WORDS, words
from pickwise.retrieval.items import Item

__all__ = ["ARTICLES", "Mention", "TitleMatcher", "Token", "fold", "sentence_start", "tokenize"]

ARTICLES = frozenset({"the", "a", "an"})
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:['’ʼ](?:[^\W_]|[\u0300-\u036f])+)*|&")
_SPECIAL = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
    | dict.fromkeys("'’ʼ", "")
)
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_ROMAN = frozenset(["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii"])
_YEAR = re.compile(r"(?:18[89]\d|19\d\d|20\d\d)")
_YEAR_SUFFIX = re.compile(r"\s*[(\[]\s*((?:18|19|20)\d\d)\s*[)\]]\s*$")
_ARTICLE_SUFFIX = re.compile(r"^(.+),\s*(The|A|An)$", re.IGNORECASE)
_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s)\s*")
_QUOTES = frozenset("\"'“”‘’«»„‟‹›*_`「」『』")
_SENTENCE_END = frozenset(".!?\n")
#: Words that make three everyday words a phrase ("stand by me") rather than a name ("city of god").
_PHRASE_GLUE = frozenset(
    ["me", "my", "you", "your", "it", "is", "and", "by", "out", "up", "get", "come", "go", "see"]
)
_WEAK_SUFFIXES = frozenset({"part", "chapter", "episode", "volume", "vol", "book", "season"})
#: A sequel's number as a word or a Roman numeral, and the highest one read.
_NUMBER_WORDS = {
    **dict(one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10),
    **dict(ii=2, iii=3, iv=4, v=5, vi=6, vii=7, viii=8, ix=9, x=10),
}
_MAX_SEQUEL = 12
#: Words that continue a title into a sequel's ("the dark knight rises", "batman returns"): said
#: right after a title the catalog has only without them, they name a film it lacks.
_CONTINUATIONS = words(
    "rises returns begins reloaded revolutions resurrection resurrections awakens reborn "
    "reckoning origins unleashed continues"
)
#: What makes a number after a title a score: "9/10", "4 out of 5", "8+", "4 stars".
_SCORE_AFTER = re.compile(
    r"(?:\.\d)?\s*(?:[/+]|out of\b|outta\b|stars?\b|pts\b|points\b)", re.IGNORECASE
)
#: Words that may follow a bare sequel number ("toy story 4 and up", "saw 2 was better").
_AFTER_NUMBER = words("and or but is was were too as though please pls instead then also either vs")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case, accent-free form of a word: ``Amélie`` -> ``amelie``, ``L'Atalante`` ->
    ``latalante``, ``&`` -> ``and``."""
    if word == "&":
        return "and"
    decomposed = unicodedata.normalize("NFKD", word)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.casefold().translate(_SPECIAL)


@dataclass(frozen=True)
class Token:
    """One word of a text: its folded form and where it stands in the original string."""

    norm: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Words of ``text`` (letters and digits; inner apostrophes kept, ``&`` counted as a word)."""
    tokens = []
    for match in _WORD.finditer(text):
        norm = fold(match.group())
        if norm:
            tokens.append(Token(norm, match.start(), match.end()))
    return tokens


@dataclass(frozen=True)
class Mention:
    """A catalog title found in a text; ``text[start:end]`` is how the user wrote it.

    ``alternatives`` are other items with the same title that the text did not rule out.
    ``sequel`` is set when the title is followed by a number that no item of that title has
    ("the godfather part 2" with only The Godfather): the words after the title ("part 2").
    The user means a film the catalog lacks; :meth:`TitleMatcher.find` leaves such mentions
    out unless asked for them.
    """

    item_id: str
    title: str
    start: int
    end: int
    score: float
    alternatives: tuple[str, ...] = ()
    sequel: str = ""


@dataclass(frozen=True)
class _Entry:
    row: int
    kind: int  # 0: the full title, 1: before a colon, 2: after it, 3: a short name
    article: bool  # the title starts with an article that the alias leaves out


class _Alias:
    """One way of writing a title (tokens), shared by every item titled that way."""

    def __init__(self, tokens: tuple[str, ...], common: frozenset[str]) -> None:
        self.tokens = tokens
        self.entries: list[_Entry] = []
        self.text = " ".join(self.tokens)
        self.compact = "".join(self.tokens)
        self.numbers = tuple(t for t in self.tokens if _is_number(t))
        self.guarded = _is_guarded(tokens, common)
        #: Guarded, and only title case or quotes show it is meant (a cue word does not).
        self.strict = False
        size = len(self.text)
        self.max_edits = (
            0 if size < 5 else 1 if size < 9 else 2 if size < 16 else min(3 + (size - 16) // 10, 5)
        )


@dataclass(frozen=True)
class _Candidate:
    first: int  # token index, the leading article included
    last: int  # token index past the end
    alias: _Alias
    score: float
    entries: tuple[_Entry, ...]
    #: A sequel's number said right after the title ("toy story 3": 3, and ``last`` is past
    #: it), and where the title itself ends.
    number: int = 0
    title_last: int = 0


class TitleMatcher:
    """Finds the titles of ``items`` in free text; build once per catalog, then :meth:`find`."""

    def __init__(self, items: Sequence[Item], everyday: Iterable[str] = ()) -> None:
        """``everyday``: more words to count as everyday words in this catalog (its genre words:
        "I'm in the mood for a comedy" names no film called Comedy)."""
        self.items = list(items)
        self._by_id = {item.id: item for item in self.items}
        self._years = [_year_of(item) for item in self.items]
        titled = [(row, list(_aliases_of(item.title))) for row, item in enumerate(self.items)]
        words = {w for _, aliases in titled for tokens, _, _ in aliases for w in tokens}
        extra = {t.norm for phrase in everyday for t in tokenize(phrase)}
        counts, texts = _title_word_counts(self.items, words)
        self._common = COMMON_WORDS | _frequent_words(counts, texts) | extra
        #: Every word of the catalog's titles and texts, lower-cased: words of this catalog's
        #: own language ("trains" in a description is no misspelled "Rains").
        self.words = frozenset(
            w
            for item in self.items
            for w in _PLAIN_WORD.findall(f"{item.title} {item.text}".lower())
        )
        self._aliases: dict[tuple[str, ...], _Alias] = {}
        for row, aliases in titled:
            for tokens, kind, article in aliases:
                alias = self._aliases.setdefault(tokens, _Alias(tokens, self._common))
                alias.entries.append(_Entry(row, kind, article))
        self._add_short_names(counts)
        self._by_first: dict[str, list[_Alias]] = {}
        self._deletes: dict[str, set[str]] = {}
        for alias in self._aliases.values():
            first = alias.tokens[0]
            keys = {first, first + alias.tokens[1]} if len(alias.tokens) > 1 else {first}
            for key in keys:
                self._by_first.setdefault(key, []).append(alias)
            if not alias.guarded and alias.max_edits and len(first) >= 4:
                for variant in _deletions(first):
                    self._deletes.setdefault(variant, set()).add(first)

    def item(self, item_id: str) -> Item | None:
        """The catalog item with this id, if the matcher knows it."""
        return self._by_id.get(item_id)

    def __len__(self) -> int:
        return len(self.items)

    def _add_short_names(self, counts: Counter[str]) -> None:
        """What people call long titles ("Eternal Sunshine", "Shawshank"): guarded aliases (they
        need title case, quotes or a cue such as "loved"), kept only when one title has them.
        ``counts``: in how many items' texts each title word appears."""
        rows: dict[tuple[str, ...], set[int]] = {}
        initials: set[str] = set()
        for row, item in enumerate(self.items):
            acronyms = list(_acronyms(item.title))
            initials |= {tokens[0] for tokens in acronyms}
            for tokens in (*_short_names(item.title, self._common), *acronyms):
                if tokens not in self._aliases:
                    rows.setdefault(tokens, set()).add(row)
        in_texts = _title_word_counts(self.items, initials)[0]
        for tokens, found in rows.items():
            if len(found) != 1:
                continue
            row = next(iter(found))
            said = tokens[0]
            if len(tokens) == 1 and said in initials and _plain_initials(said, in_texts):
                # "lotr", "bttf": initials no text uses as a word stand for the title in any
                # case (in lower case they were searched as a word)
                alias = _Alias(tokens, self._common)
                alias.guarded, alias.max_edits = False, 0
                alias.entries.append(_Entry(row, 3, False))
                self._aliases[tokens] = alias
                continue
            # a one-word name is only a name if no other item's text uses the word ("saving" is
            # an everyday word, "shawshank" is not)
            if len(tokens) == 1:
                own = tokens[0] in _PLAIN_WORD.findall(self.items[row].text.lower())
                if counts[tokens[0]] > int(own):
                    continue
            alias = _Alias(tokens, self._common)
            alias.guarded = True
            # one word ("Shawshank") must look like a name: a cue ("I like treasure hunts") is
            # not enough
            alias.strict = len(tokens) == 1
            alias.entries.append(_Entry(row, 3, False))
            self._aliases[tokens] = alias

    def find(self, text: str, sequels: bool = False) -> list[Mention]:
        """Titles mentioned in ``text``, in text order, never overlapping (longest title wins).
        With ``sequels``, a title followed by a number none of its items has comes too, marked
        (:attr:`Mention.sequel`)."""
        tokens = tokenize(text)
        if not tokens:
            return []
        norms = [t.norm for t in tokens]
        shouting = _is_shouting(text)
        found = [
            cand
            for i in range(len(tokens))
            for cand in self._candidates_at(text, tokens, norms, i, shouting)
        ]
        chosen = _non_overlapping(found)
        taken = {i for c in chosen for i in range(c.first, c.last)}
        chosen = [_numbered(c, text, tokens, taken) for c in chosen]
        chosen += self._listed_after(chosen, text, tokens, norms, shouting)
        chosen += self._listed_before(chosen, text, tokens, norms, shouting)
        used = {i for c in chosen for i in range(c.first, c.last)}
        mentions = (self._mention(c, text, tokens, used) for c in chosen)
        kept = (m for m in mentions if m is not None and (sequels or not m.sequel))
        return sorted(kept, key=lambda m: m.start)

    def _listed_after(
        self,
        chosen: list[_Candidate],
        text: str,
        tokens: list[Token],
        norms: list[str],
        shouting: bool,
    ) -> list[_Candidate]:
        """Everyday-word titles that continue a list a found title starts ("i loved the
        shining, *alien* and *psycho*"): the list is the evidence a capital would give."""
        used = {i for c in chosen for i in range(c.first, c.last)}
        added: list[_Candidate] = []
        ends = sorted(c.last for c in chosen)
        while ends:
            end = ends.pop(0)
            nxt = next(
                (
                    j
                    for j in range(end, min(end + 3, len(tokens)))
                    if norms[j] not in ("and", "or", "plus")
                ),
                None,
            )
            if nxt is None or nxt in used:
                continue
            if not _LIST_JOIN.match(text[tokens[end - 1].end : tokens[nxt].start]):
                continue
            found = list(self._candidates_at(text, tokens, norms, nxt, shouting, listed=True))
            free = [c for c in found if not used & set(range(c.first, c.last))]
            if free:
                best = _numbered(_non_overlapping(free)[0], text, tokens, used)
                added.append(best)
                used |= set(range(best.first, best.last))
                ends.append(best.last)
        return added

    def _listed_before(
        self,
        chosen: list[_Candidate],
        text: str,
        tokens: list[Token],
        norms: list[str],
        shouting: bool,
    ) -> list[_Candidate]:
        """Everyday-word titles that start a list a found title ends ("seen *elf* and shrek"):
        the list is the evidence, as in :meth:`_listed_after`."""
        used = {i for c in chosen for i in range(c.first, c.last)}
        added: list[_Candidate] = []
        starts = sorted((c.first for c in chosen), reverse=True)
        while starts:
            start = starts.pop(0)
            end = start  # the token after the earlier title: skip the joining word
            while end > 0 and start - end < 2 and norms[end - 1] in ("and", "or", "plus"):
                end -= 1
            if end == 0 or end - 1 in used:
                continue
            if not _LIST_JOIN.match(text[tokens[end - 1].end : tokens[start].start]):
                continue
            found = [
                c
                for k in range(max(0, end - _MAX_LISTED_WORDS), end)
                for c in self._candidates_at(text, tokens, norms, k, shouting, listed=True)
                if c.last == end and not used & set(range(c.first, c.last))
            ]
            if found:
                best = max(found, key=lambda c: (c.last - c.first, c.score))
                added.append(best)
                used |= set(range(best.first, best.last))
                starts.append(best.first)
        return added

    def _candidates_at(
        self,
        text: str,
        tokens: list[Token],
        norms: list[str],
        i: int,
        shouting: bool,
        listed: bool = False,
    ) -> Iterator[_Candidate]:
        word = norms[i]
        keys = [word, word + norms[i + 1]] if i + 1 < len(norms) else [word]
        fuzzy = self._near(word) - set(keys)
        seen: set[int] = set()
        for key, exact in [(k, True) for k in keys] + [(k, False) for k in sorted(fuzzy)]:
            for alias in self._by_first.get(key, ()):
                if id(alias) in seen or (not exact and alias.guarded):
                    continue
                seen.add(id(alias))
                scored = _score(alias, norms, i)
                if scored is not None:
                    cand = _accept(alias, scored, i, text, tokens, shouting, listed)
                    if cand is not None:
                        yield cand

    def _near(self, word: str) -> set[str]:
        """First words of titles one edit away from ``word`` (for words worth a typo check)."""
        if len(word) < 4 or word in self._common or word.isdigit():
            return set()
        near: set[str] = set()
        for variant in _deletions(word):
            near |= self._deletes.get(variant, set())
        return near

    def _sequel_of(self, alias: _Alias, number: int) -> Item | None:
        """The item whose title starts as ``alias`` and goes on with ``number`` ("dune" and 2:
        Dune: Part Two), if there is one."""
        size = len(alias.tokens)
        rows = {
            e.row
            for other in self._by_first.get(alias.tokens[0], ())
            for e in other.entries
            if other.tokens[:size] == alias.tokens
        }
        for row in sorted(rows):
            full = _strip_article([t.norm for t in tokenize(self.items[row].title)], 0)[0]
            if full[:size] == alias.tokens and number in _numbers(full[size:]):
                return self.items[row]
        return None

    def _mention(
        self, cand: _Candidate, text: str, tokens: list[Token], used: set[int]
    ) -> Mention | None:
        """Pick the item for a matched title, using a year written right after it."""
        start = tokens[cand.first].start
        if cand.number == 1:
            plain = [
                e
                for e in cand.entries
                if not _numbers(self.items[e.row].title.lower().split()) - {1}
            ]
            # "dune part one" beside Dune (2021) is that film; with only Dune: Part Two, a film
            # the catalog lacks
            cand = (
                replace(cand, entries=tuple(plain), number=0) if plain else replace(cand, number=-1)
            )
        if cand.number > 1 or cand.number == -1:
            # "toy story 4", "the godfather part 2": that film, if the catalog has it under a
            # longer title ("dune 2" is Dune: Part Two), else a film it lacks
            end = tokens[cand.last - 1].end
            sequel = self._sequel_of(cand.alias, cand.number) if cand.number > 1 else None
            if sequel is not None:
                return Mention(sequel.id, sequel.title, start, end, round(cand.score, 1))
            row = min(cand.entries, key=lambda e: (e.kind, e.row)).row
            said = " ".join(  # "part ii" -> "Part II"
                w.upper() if fold(w) in _NUMBER_WORDS and fold(w)[0] in "ivx" else w.capitalize()
                for w in text[tokens[cand.title_last].start : end].split()
            )
            item = self.items[row]
            # "Dune Part One" beside Dune: Part Two: its own words name it, not the catalog's
            numbered = cand.number == -1 and _numbers([fold(w) for w in item.title.split()])
            title = _capitalised(text, start, tokens, cand) if numbered else item.title
            return Mention(item.id, title, start, end, round(cand.score, 1), sequel=said)
        year, year_end = (None, 0) if cand.last in used else _year_after(text, tokens, cand.last)
        if year is not None and any(self._years[e.row] is not None for e in cand.entries):
            dated = [e for e in cand.entries if abs((self._years[e.row] or -99) - year) <= 1]
            if not dated:
                return None  # the user means another film of that name, one we do not have
            best = min(dated, key=lambda e: (abs((self._years[e.row] or 0) - year), e.kind, e.row))
            item = self.items[best.row]
            return Mention(item.id, item.title, start, year_end, round(cand.score, 1))
        best_kind = min(e.kind for e in cand.entries)
        pool = sorted(
            (e for e in cand.entries if e.kind == best_kind),
            key=lambda e: (self._years[e.row] is None, self._years[e.row] or 0, e.row),
        )
        item = self.items[pool[0].row]
        others = tuple(
            dict.fromkeys(self.items[e.row].id for e in pool[1:] if e.row != pool[0].row)
        )
        end = tokens[cand.last - 1].end
        return Mention(item.id, item.title, start, end, round(cand.score, 1), others)


def _capitalised(text: str, start: int, tokens: list[Token], cand: _Candidate) -> str:
    """The title words as the user wrote them, capitalised ("dune" -> "Dune")."""
    said = text[start : tokens[cand.title_last - 1].end].split()
    return " ".join(w if w[:1].isupper() else w.capitalize() for w in said)


def _numbered(cand: _Candidate, text: str, tokens: list[Token], used: set[int]) -> _Candidate:
    """The candidate with a sequel's number said right after it ("toy story 3"), if one is
    and the title has no number of its own there; "toy story 1" is Toy Story."""
    if cand.last in used:
        return cand
    number, after = _number_after(text, tokens, cand.last)
    if number is None:
        # "the dark knight rises": a longer title the catalog lacks, like a sequel's number
        number, after = (-1, cand.last + 1) if _continues(text, tokens, cand.last) else (None, 0)
    if number is None or used & set(range(cand.last, after)):
        return cand
    if number > 1 and number in _numbers(cand.alias.tokens):
        return cand
    return replace(cand, last=after, number=number, title_last=cand.last)


def _continues(text: str, tokens: list[Token], last: int) -> bool:
    """A sequel's word written right after a title ("the dark knight rises"), ending the phrase
    ("batman returns?", "the dark knight rises and memento"), not "alien returns to earth"."""
    if last >= len(tokens) or tokens[last].norm not in _CONTINUATIONS:
        return False
    gap = text[tokens[last - 1].end : tokens[last].start]
    if gap.strip(" \t:-–—") or "\n" in gap:
        return False
    if last + 1 < len(tokens):
        between = text[tokens[last].end : tokens[last + 1].start]
        if not between.strip() and tokens[last + 1].norm not in _AFTER_NUMBER:
            return False
    return True


def _numbers(tokens: Sequence[str]) -> set[int]:
    """The numbers among a title's words: digits, number words, Roman numerals."""
    return {
        int(t) if t.isdigit() else _NUMBER_WORDS[t]
        for t in tokens
        if t.isdigit() or t in _NUMBER_WORDS
    }


def _number_after(text: str, tokens: list[Token], last: int) -> tuple[int | None, int]:
    """A sequel's number written right after a title ("toy story 4", "the godfather part 2",
    "rocky II", "part two") and the token after it. A bare number must end the phrase
    ("toy story 4 and up", not "heat 2 days ago"); a year is no sequel number."""
    j = last
    marked = j < len(tokens) and tokens[j].norm in _WEAK_SUFFIXES
    j += marked
    if j >= len(tokens) or (_YEAR.fullmatch(tokens[j].norm) and not marked):
        return None, 0
    number = _NUMBER_WORDS.get(tokens[j].norm)
    if number is None and tokens[j].norm.isdigit() and len(tokens[j].norm) <= 2:
        number = int(tokens[j].norm)
    if number is None or not 1 <= number <= _MAX_SEQUEL:
        return None, 0
    if not marked and _SCORE_AFTER.match(text, tokens[j].end):
        return None, 0  # "Arrival 9/10", "Inception 8+": a score, no sequel
    gaps = [text[tokens[k - 1].end : tokens[k].start] for k in range(last, j + 1)]
    if any(gap.strip(" \t:-–—") or "\n" in gap for gap in gaps):
        return None, 0
    if not marked and j + 1 < len(tokens):
        between = text[tokens[j].end : tokens[j + 1].start]
        if not between.strip() and tokens[j + 1].norm not in _AFTER_NUMBER:
            return None, 0
    return number, j + 1


def _score(alias: _Alias, norms: list[str], i: int) -> tuple[float, int] | None:
    """Best (score, end token) for ``alias`` starting at token ``i``, or None."""
    size = len(alias.tokens)
    if tuple(norms[i : i + size]) == alias.tokens:
        return 100.0, i + size
    best: tuple[float, int] | None = None
    for width in range(max(1, size - 2), size + 2):
        if i + width > len(norms):
            break
        window = norms[i : i + width]
        if tuple(t for t in window if _is_number(t)) != alias.numbers:
            continue
        if "".join(window) == alias.compact:
            score = 99.0
        elif alias.guarded or not alias.max_edits or window[0][0] != alias.text[0]:
            continue
        else:
            joined = " ".join(window)
            if width == 1 and size == 1 and _plural_pair(joined, alias.text):
                continue
            if width == size and not _typos_per_word(window, alias.tokens):
                continue
            dist = OSA.distance(joined, alias.text, score_cutoff=alias.max_edits)
            if dist > alias.max_edits:
                continue
            score = 100.0 * (1 - dist / max(len(joined), len(alias.text)))
        if best is None or score > best[0]:
            best = (score, i + width)
    return best


def _accept(
    alias: _Alias,
    scored: tuple[float, int],
    i: int,
    text: str,
    tokens: list[Token],
    shouting: bool,
    listed: bool = False,
) -> _Candidate | None:
    """Apply the article and guard rules to a scored window."""
    score, last = scored
    has_article = i > 0 and tokens[i - 1].norm in ARTICLES
    entries = tuple(e for e in alias.entries if has_article or not (alias.guarded and e.article))
    if not entries:
        return None
    first = i - 1 if has_article and any(e.article for e in entries) else i
    if alias.guarded and not _shown_as_title(alias, text, tokens, first, i, last, shouting, listed):
        return None
    if all(e.kind > 0 for e in entries) and (
        _inside_name(text, tokens, first, shouting)
        or (first > 0 and tokens[first - 1].norm in _TITLE_LEADS)
    ):
        return None  # "Before Sunrise", "before sunrise": not "Sunrise: A Song of Two Humans"
    return _Candidate(first, last, alias, score, entries)


#: Words that start other titles with a part of a catalog title after them ("before sunrise",
#: "after hours", "into the wild"): that part alone is not the catalog's film.
_TITLE_LEADS = words("before after beyond under into across through without against until behind")


def _inside_name(text: str, tokens: list[Token], first: int, shouting: bool) -> bool:
    """Whether a capitalised word right before a part of a title ("Before Sunrise") makes it
    part of a longer name: not at a sentence's start, not a possessive ("Murnau's Sunrise"),
    and not a cue word ("Loved Sunrise")."""
    if first == 0 or shouting:
        return False
    before = tokens[first - 1]
    said = text[before.start : before.end]
    return (
        text[before.start].isupper()
        and not said.endswith(("'s", "’s"))  # "Murnau's Sunrise"
        and text[before.end : tokens[first].start].isspace()
        and not sentence_start(text, before.start)
        and before.norm not in SLOT_WORDS
    )


def _shown_as_title(
    alias: _Alias,
    text: str,
    tokens: list[Token],
    first: int,
    i: int,
    last: int,
    shouting: bool,
    listed: bool = False,
) -> bool:
    start, end = tokens[first].start, tokens[last - 1].end
    if len(alias.compact) == 1 and text[end : end + 1] == ".":
        return False  # "M. Night Shyamalan" is not the film "M"
    if start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES:
        return True
    cued = first > 0 and tokens[first - 1].norm in SLOT_WORDS
    if len(alias.compact) >= 4 and (cued or listed) and not alias.strict:
        return True
    cued_list = listed and any(t.norm in SLOT_WORDS for t in tokens[max(0, first - 8) : first])
    if len(alias.compact) == 3 and cued_list and not alias.strict:
        return True  # "seen elf and shrek", "seen paddington 2 and elf": a cue and a list
    watched = any(t.norm in _SEEN_CUES for t in tokens[max(0, first - 8) : first])
    if 2 <= len(alias.compact) <= 3 and watched and (cued or listed) and not alias.strict:
        # "we've seen up", "seen toy story and up already": a cue of having seen it, and the
        # phrase ends there ("loved up" stays too risky)
        nxt = tokens[last].norm if last < len(tokens) else ""
        ends = not nxt or not text[tokens[last - 1].end : tokens[last].start].isspace()
        if ends or nxt in _AFTER_SHORT_TITLE:
            return True
    if shouting:
        return False
    major = [t for t in tokens[i:last] if t.norm not in MINOR_WORDS] or tokens[i:last]
    if not all(text[t.start].isupper() or text[t.start].isdigit() for t in major):
        return False
    lone_first_word = len(major) == 1 and sentence_start(text, major[0].start)
    if lone_first_word and len(alias.compact) <= 4:
        return False
    # "with Paul Rudd": a capitalised word right after it makes it part of a longer name
    return not (
        last < len(tokens)
        and text[tokens[last].start].isupper()
        and text[tokens[last - 1].end : tokens[last].start].isspace()
    )


_SEEN_CUES = words("seen saw watched rewatched")
#: Words that may follow a title of two or three letters seen ("seen up already").
_AFTER_SHORT_TITLE = words("already too twice before again yet and or last recently though")
#: The most words of a title found by its place in a list before another title.
_MAX_LISTED_WORDS = 6
#: What joins the titles of a list: "the shining, alien and psycho".
_LIST_JOIN = re.compile(r"^\s*(?:[,&/+]\s*)?(?:(?:and|or|plus)\s+)?$")


def _non_overlapping(found: list[_Candidate]) -> list[_Candidate]:
    """Greedy choice: longest title first, then best score, then leftmost."""
    taken: list[_Candidate] = []
    used: set[int] = set()
    for cand in sorted(found, key=lambda c: (-len(c.alias.compact), -c.score, c.first)):
        span = set(range(cand.first, cand.last))
        if not span & used:
            taken.append(cand)
            used |= span
    return taken


def _aliases_of(title: str) -> Iterator[tuple[tuple[str, ...], int, bool]]:
    """(tokens, kind, article dropped) for a title, its main title and its subtitle."""
    title = _YEAR_SUFFIX.sub("", title).strip() or title
    inverted = _ARTICLE_SUFFIX.match(title)  # "Matrix, The" as in MovieLens
    if inverted:
        title = f"{inverted.group(2)} {inverted.group(1)}"
    full = [t.norm for t in tokenize(title)]
    if not full:
        return
    yield _strip_article(full, 0)
    parts = _SUBTITLE.split(title, maxsplit=1)
    if len(parts) == 2:
        head = [t.norm for t in tokenize(parts[0])]
        tail = [t.norm for t in tokenize(parts[1])]
        if head and not all(_is_number(t) for t in head):
            yield _strip_article(head, 1)
        tail_words = tail[1:] if tail and tail[0] in ARTICLES else tail
        if len(tail_words) >= 2 and tail_words[0] not in _WEAK_SUFFIXES:
            yield _strip_article(tail, 2)


def _short_names(title: str, common: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """Shorter names of a long main title: its first two words ("Eternal Sunshine of the
    Spotless Mind" -> "eternal sunshine") when neither is an everyday word, its first word
    when that is long and no everyday word ("The Shawshank Redemption" -> "shawshank"), and the
    last word of three or more when that is long, no everyday word, no plural and no "-ing"
    ("My Neighbor Totoro" -> "totoro")."""
    main = _SUBTITLE.split(_YEAR_SUFFIX.sub("", title).strip() or title, maxsplit=1)[0]
    tokens = [t.norm for t in tokenize(main)]
    if tokens and tokens[0] in ARTICLES:
        tokens = tokens[1:]
    plain = common | MINOR_WORDS | _PHRASE_GLUE
    if len(tokens) >= 3 and not {tokens[0], tokens[1]} & plain:
        yield tuple(tokens[:2])
    if len(tokens) >= 2 and len(tokens[0]) >= 7 and tokens[0] not in plain:
        yield (tokens[0],)
    last = tokens[-1] if len(tokens) >= 3 else ""
    if len(last) >= 6 and last not in plain and not last.endswith(("s", "ing")):
        yield (last,)  # "My Neighbor Totoro" -> "totoro" (not "flying", "trains")


def _acronyms(title: str) -> Iterator[tuple[str, ...]]:
    """The initials of a main title or subtitle of three words or more, numbers kept: "The Lord
    of the Rings: ..." -> "lotr", "... The Empire Strikes Back" -> "esb", "Terminator 2:
    Judgment Day" -> "t2". Guarded like the other short names (title case or quotes show it)."""
    for part in _SUBTITLE.split(_YEAR_SUFFIX.sub("", title).strip() or title):
        tokens = [t.norm for t in tokenize(part)]
        if tokens and tokens[0] in ARTICLES:
            tokens = tokens[1:]
        initials = "".join(t if t.isdigit() else t[0] for t in tokens)
        long_enough = len(tokens) >= 3 or (len(tokens) == 2 and tokens[1].isdigit())
        if long_enough and not initials.isdigit() and initials not in COMMON_WORDS:
            yield (initials,)


#: The fewest letters of initials that stand for a title in lower case ("lotr"; "cop" for
#: Children of Paradise is a word).
MIN_PLAIN_INITIALS = 4


def _plain_initials(initials: str, in_texts: Counter[str]) -> bool:
    """Whether initials are safe to read in lower case: long enough, no everyday word, and no
    word of any item's text."""
    return (
        len(initials) >= MIN_PLAIN_INITIALS
        and initials.isalpha()
        and initials not in COMMON_WORDS
        and not in_texts[initials]
    )


def _strip_article(tokens: list[str], kind: int) -> tuple[tuple[str, ...], int, bool]:
    if len(tokens) > 1 and tokens[0] in ARTICLES:
        return tuple(tokens[1:]), kind, True
    return tuple(tokens), kind, False


def _is_guarded(tokens: tuple[str, ...], common: frozenset[str]) -> bool:
    """Whether a title is made of everyday words and needs evidence that it is meant as a title."""
    if len("".join(tokens)) <= 4:
        return True
    if not all(t in common for t in tokens):
        return False
    return len(tokens) <= 2 or (len(tokens) == 3 and bool(_PHRASE_GLUE.intersection(tokens)))


def _title_word_counts(items: Sequence[Item], words: set[str]) -> tuple[Counter[str], int]:
    """In how many items' texts each title word appears, and how many items have a text."""
    counts: Counter[str] = Counter()
    texts = 0
    for item in items:
        if item.text:
            texts += 1
            counts.update(words.intersection(_PLAIN_WORD.findall(item.text.lower())))
    return counts, texts


def _frequent_words(counts: Counter[str], texts: int) -> frozenset[str]:
    """Title words that are everyday words in this catalog: found in the text of >= 1% of items."""
    floor = max(5, texts // 100)
    return frozenset(w for w, n in counts.items() if n >= floor)


def _typos_per_word(window: Sequence[str], tokens: Sequence[str]) -> bool:
    """Whether each word of ``window`` is within a typo of the title's word at its place: one
    edit, two from eight letters. "in the mood" is not "In the Loop" (two edits in four letters),
    though the phrase as a whole is within the title's allowance."""
    return all(
        OSA.distance(w, t, score_cutoff=2) <= (1 if len(t) < 8 else 2)
        for w, t in zip(window, tokens, strict=True)
    )


def _year_after(text: str, tokens: list[Token], last: int) -> tuple[int | None, int]:
    """A year written right after a title ("Solaris 1972", "Solaris (1972)") and where it ends."""
    if last >= len(tokens) or not _YEAR.fullmatch(tokens[last].norm):
        return None, 0
    gap = text[tokens[last - 1].end : tokens[last].start]
    if gap.strip(" \t([") or "\n" in gap:
        return None, 0
    end = tokens[last].end
    if text[end : end + 1] in (")", "]"):
        end += 1
    return int(tokens[last].norm), end


def _year_of(item: Item) -> int | None:
    for key in ("year", "release_year", "year_released"):
        value = item.metadata.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
            return int(value)
    found = _YEAR_SUFFIX.search(item.title)
    return int(found.group(1)) if found else None


def _deletions(word: str) -> set[str]:
    return {word} | {word[:p] + word[p + 1 :] for p in range(len(word))}


def _is_number(token: str) -> bool:
    return token.isdigit() or token in _ROMAN


def _plural_pair(a: str, b: str) -> bool:
    """ "alien"/"aliens": a plural is another word (or another film), not a typo."""
    short, long = sorted((a, b), key=len)
    return long in (short + "s", short + "es")


def sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence (after quotes or brackets that open it)."""
    before = text[:pos].rstrip(" \t\"'“‘«(*_")
    return not before or before[-1] in _SENTENCE_END


def _is_shouting(text: str) -> bool:
    """Mostly capitals: then capitals say nothing about titles."""
    upper = sum(c.isupper() for c in text)
    lower = sum(c.islower() for c in text)
    return upper >= 8 and upper > 2 * lower
