"""The ``keywords`` source: the request's own words found in the item text (BM25).

A sentence embedding reads a rare, precise word weakly: "a heist movie" found Blade Runner, Let
the Right One In and My Neighbor Totoro beside A Fish Called Wanda, and missed Inception, whose
description says "heist" too.
BM25 (the ``bm25s`` library, its longer English stopword list dropped) finds them, and its
evidence is the words matched ("its description mentions heist"). It reads the request's query
only: the earlier conversation is the other sources' part. A word after a negation ("no
zombies") does not count, nor do words of asking ("trying to pick", "he wants", "go back
to", in any of their forms: :func:`stop_word`), the catalog's genre words (the ``genres``
source reads those), people's names (the ``people`` source's), words about who watches ("my
14 year old daughter") or words of one or two letters. Numbers and the catalog's own words
(what it calls its items, its number fields' names: "players" for games) count but are not
named as evidence: "its description mentions two" grounds nothing. Its z-scores are capped
(``Z_CAPS`` in ``fusion.py``): one word shared with one film ("a really long week") must not
outvote the request. Two words side by side in the request that stand side by side in an item's
text ("time loop") count as one more, rarer word: "a time loop movie" found Back to the Future
and Waltz with Bashir ("time"), and missed Palm Springs ("trapped in a time loop"). A plural no
item has is read as its singular ("time loops"); one some item has finds its singular too
("trains" finds "noon train"). Words that place or grade ("first", "best",
"hidden": :data:`QUALIFIERS`) count only in such a phrase ("a first date" is not about a film
whose description says "first"). Nothing is fitted; the index is built on first
use.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from pickwise.retrieval.fusion import KEYWORDS_CAP, PHRASE_CAP
from pickwise.retrieval.genres import genre_terms, index_genre_fields, names_an_event
from pickwise.retrieval.items import role_name
from pickwise.retrieval.people import (
    PEOPLE_FIELDS,
    fold_text,
    name_key,
    named_people,
    negated,
    short_names,
)
from pickwise.retrieval.sources import top_scored

if TYPE_CHECKING:
    from pickwise.retrieval.index import CatalogIndex
    from pickwise.retrieval.sources import Context

__all__ = [
    "QUALIFIERS",
    "REQUEST_WORDS",
    "KeywordSource",
    "keywords_reason",
    "phrase_caps",
    "stop_word",
]

#: Words that ask rather than describe: how a request is put ("trying to pick a movie", "he
#: wants action", "go back to the comedies", "a western instead", "anything directed by ozu").
#: They say nothing of a film, so they are no keyword and no taste (the reader's aspects check
#: them with :func:`stop_word`, which also folds "wants", "trying", "picked" to "want", "try",
#: "pick").
REQUEST_WORDS = frozenset(
    {
        *("film", "films", "movie", "movies", "watch", "something", "anything", "one", "ones"),
        *("like", "really", "want", "see", "seen", "kind", "sort", "type", "please", "thanks"),
        *("maybe", "thing", "things", "stuff", "gonna", "wanna", "get", "got", "give", "show"),
        *("tell", "think", "know", "say", "said", "mind", "else", "need", "keep", "try", "pick"),
        *("choose", "decide", "recommend", "suggest", "help", "find", "look", "go", "come"),
        *("back", "instead", "again", "also", "still", "directed", "direct", "starring"),
        *("featuring", "feature", "let", "make", "made", "put", "take", "ok", "okay", "pls"),
        *("plz", "hmm", "um", "yeah", "yes", "guess", "wonder", "wondering", "ask", "bring"),
    }
)
#: Words of a query that are too common in item text to say anything about one item.
_GENERIC = REQUEST_WORDS | frozenset(
    {
        *("story", "stories", "watched", "good", "great", "love", "loved", "liked", "lot"),
        *("sci", "real", "remember", "year", "years", "old", "ten"),
        # who watches, and when: "something for my 14 year old daughter" is not about a daughter
        *("daughter", "daughters", "son", "sons", "wife", "husband", "boyfriend", "girlfriend"),
        *("partner", "kids", "kid", "children", "child", "family", "friends", "friend", "mom"),
        *("mum", "dad", "parents", "teen", "teens", "teenager", "teenagers", "tonight", "night"),
        *("weekend", "date", "evening"),
        # how the day went and how it is asked: "it's been a long day, keep it light" is not
        # about a day (Groundhog Day came, "its description mentions day") nor about keeping
        *("day", "days", "week", "long", "tired", "feel", "feeling", "mood"),
        *("bit", "little", "much", "pretty", "kinda", "today", "yesterday", "morning", "work"),
        *("home", "going"),
    }
)

#: Words that place or grade what they go with rather than say what it is about: "a *first*
#: date", "the *best* movie *ever*", "any *hidden* gems?". Alone they are no keyword ("a gentle
#: comedy for a first date" brought Dirty Dancing, "its description mentions first"; "hidden
#: gems" brought Crouching Tiger, Hidden Dragon); in a phrase an item's text has, they still
#: count ("first contact", "hidden treasure"). The reader's references to picks by place or
#: quality ("the first one", "the best one") use the same words.
QUALIFIERS = frozenset(
    {
        *("first", "second", "third", "fourth", "fifth", "last", "next", "previous", "final"),
        *("latest", "earliest", "newest", "other", "same", "only", "whole", "right", "wrong"),
        *("best", "worst", "better", "worse", "greatest", "finest", "top", "favourite"),
        *("favorite", "ever", "popular", "hidden", "underrated", "overrated", "new"),
    }
)

#: Words an item's evidence does not name, though they still score: numbers ("its description
#: mentions two" said nothing of a board game) and what a catalog calls its items ("mentions
#: game"); the names of a catalog's number fields are added per catalog ("players" for
#: ``max_players``: "for two to four players" says what that field says).
UNNAMED = frozenset(
    {
        *("zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven"),
        *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
        *("nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty"),
        *("ninety", "hundred", "thousand", "million"),
        *("game", "book", "item", "product", "album", "podcast", "episode"),
    }
)


def _named(word: str, unnamed: frozenset[str]) -> bool:
    """Whether a matched word may be named as evidence (not a number nor a catalog word)."""
    return not word.isdigit() and not any(form in unnamed for form in _stems(word))


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """English function words: the stopword list ``bm25s`` ships (its longer one)."""
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


def _singulars(word: str) -> list[str]:
    """The singular forms a plural may have: "stories" -> "story", "trains" -> "train"."""
    forms = []
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    return forms


def _stems(word: str) -> tuple[str, ...]:
    """The word and its plain forms without an English ending: "wants" -> "want", "trying" ->
    "try", "picked" -> "pick", "tries" -> "try", "liked" -> "like"."""
    forms = [word, *_singulars(word)]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            forms += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:  # "stopped" -> "stop"
                forms.append(stem[:-1])
    return tuple(forms)


def stop_word(word: str) -> bool:
    """Whether a word says nothing of an item: a function word, or a word of asking
    (:data:`REQUEST_WORDS`), in any of its forms ("wants", "trying")."""
    said = word.lower()
    stops = _function_words() | REQUEST_WORDS
    return any(form in stops for form in _stems(said))


def _generic(word: str) -> bool:
    """Whether a word (or either word of a pair) says nothing of an item."""
    if " " in word:
        return any(_generic(w) for w in word.split())
    return any(form in _GENERIC for form in _stems(word)) or stop_word(word)


_WORD = re.compile(r"[\w'-]+")
#: The most matched words an item's evidence names.
MAX_WORDS = 3


def _tokens(texts: list[str]) -> list[list[str]]:
    import bm25s
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    tokens: list[list[str]] = bm25s.tokenize(
        texts, stopwords=list(STOPWORDS_EN_PLUS), return_ids=False, show_progress=False
    )
    return tokens


#: What breaks a phrase: two words with one of these between are not side by side.
_BREAK = re.compile(r"[.,;:!?()\[\]\"/\n]+")
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # as ``bm25s`` tokenizes


def _pairs(text: str) -> list[str]:
    """Each two words side by side in ``text`` as one token ("trapped in a time loop" ->
    "time loop"), neither a stopword nor across a stop or comma: a phrase said verbatim weighs
    more than its words apart."""
    stops = _function_words()
    out = []
    for part in _BREAK.split(text.lower()):
        words = _TOKEN.findall(part)
        out += [f"{a} {b}" for a, b in pairwise(words) if a not in stops and b not in stops]
    return out


def _in_vocab(word: str, vocab: Any) -> str:
    """The word, or its singular when only that is in the vocabulary ("loops" -> "loop")."""
    if word in vocab:
        return word
    return next((form for form in _stems(word)[1:] if form in vocab), word)


def _singular(word: str, vocab: Any) -> str | None:
    """The singular of a plural word the vocabulary has too ("trains" -> "train": High Noon's
    "noon train" is about trains), or None."""
    return next((form for form in _singulars(word) if form in vocab), None)


def keywords_reason(words: tuple[str, ...]) -> str:
    """ "its description mentions heist" (or "heist and jewel")."""
    said = " and ".join(words[:MAX_WORDS]) if len(words) < 3 else ", ".join(words[:MAX_WORDS])
    return f"its description mentions {said}"


class KeywordSource:
    """BM25 of the request's query over the item text; evidence: the query words an item has."""

    name = "keywords"
    #: Evidence is words, not item ids.
    evidence_names = True

    def __init__(self, index: CatalogIndex) -> None:
        self.index = index
        self._model: tuple[Any, list[frozenset[str]], frozenset[str], frozenset[str]] | None = None
        # the names of number fields: "for two to four players" is what ``max_players`` says
        fields = {
            w
            for f, kind in index.kinds.items()
            if kind == "number"
            for w in re.split(r"[\W_]+", f.lower())
            if w
        }
        self._unnamed = UNNAMED | {form for w in fields for form in _stems(w)}
        self._lock = threading.Lock()
        self._last: tuple[str, list[str], np.ndarray] | None = None

    def _built(self) -> tuple[Any, list[frozenset[str]], frozenset[str], frozenset[str]]:
        with self._lock:
            if self._model is None:
                import bm25s

                texts = [item.document() for item in self.index.items] or [""]
                docs = [d + _pairs(t) for d, t in zip(_tokens(texts), texts, strict=True)]
                retriever = bm25s.BM25()
                retriever.index(docs, show_progress=False)
                terms = genre_terms(index_genre_fields(self.index))
                genre_words = frozenset(w for t in terms for w in re.split(r"[\s-]+", t) if w)
                full = {
                    name_key(str(v))
                    for f in self.index.kinds
                    if role_name(f, self.index.roles) in PEOPLE_FIELDS
                    for item in self.index.items
                    for v in item.values(f)
                }
                people = frozenset(full | set(short_names(full)))
                # the evidence names words of the title or description only: "its description
                # mentions michael" was said of Michael Caine in a cast list
                shown = [f"{item.title}\n{item.text}" for item in self.index.items] or [""]
                said = [d + _pairs(t) for d, t in zip(_tokens(shown), shown, strict=True)]
                self._model = (
                    retriever,
                    [frozenset(d) for d in said],
                    genre_words,
                    people,
                )
            return self._model

    def _scores(self, ctx: Context) -> tuple[list[str], np.ndarray]:
        last = self._last  # read once: concurrent requests each have their own query
        if last is not None and last[0] == ctx.query:
            return last[1], last[2]
        retriever, _, genre_words, people = self._built()
        vocab = retriever.vocab_dict
        folded = fold_text(ctx.query)
        kept = " ".join(m.group() for m in _WORD.finditer(folded) if not negated(folded, m.start()))
        # a refused word breaks a phrase as a comma does
        phrased = _WORD.sub(lambda m: "," if negated(folded, m.start()) else m.group(), folded)
        # a person's name is the ``people`` source's part: "movies with tony leung" is not about
        # the word "tony" in a description
        named = {w for key in named_people(ctx.query, people) for w in key.split()}
        skip = genre_words | named
        said = [_in_vocab(w, vocab) for w in _tokens([kept])[0]]
        # a plural finds its singular too, though some item has the plural ("about trains"
        # missed High Noon's "noon train")
        said += [one for w in said if w in vocab and (one := _singular(w, vocab))]
        words = [
            w
            for w in dict.fromkeys(said)
            if len(w) > 2 and w not in skip and w not in QUALIFIERS and not _generic(w)
        ]
        # two words said side by side, found so in some item: counted as one more word, and
        # named first in the evidence ("its description mentions time loop")
        pairs = []
        for pair in _pairs(phrased):
            a, b = (_in_vocab(w, vocab) for w in pair.split())
            # "the cold war": a genre's word in an event's name is the event's
            event = names_an_event(pair) and not {a, b} & named
            fits = len(a) > 2 and len(b) > 2 and (event or not {a, b} & skip)
            if fits and not _generic(a + " " + b):
                pairs.append(f"{a} {b}")
        words = [w for w in dict.fromkeys([*pairs, *words]) if w in vocab]
        scores = (
            np.asarray(retriever.get_scores(words), dtype=np.float64)
            if words and len(self.index)
            else np.zeros(len(self.index))
        )
        self._last = (ctx.query, words, scores)
        return words, scores

    def active(self, ctx: Context) -> bool:
        return bool(ctx.query.strip()) and len(self.index) > 0 and bool(self._scores(ctx)[0])

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        return top_scored(self._scores(ctx)[1], ctx.mask, n)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        words, scores = self._scores(ctx)
        docs = self._built()[1]
        # the scores count them all; numbers and the catalog's own words are not named
        named = [w for w in words if all(_named(part, self._unnamed) for part in w.split())]
        # a part of a word said with a hyphen is named only with the rest ("light-hearted" is
        # no "mentions hearted" for a "big-hearted" film); it still counts in the score
        parts = _hyphen_parts(ctx.query)
        named = [w for w in named if w not in parts]
        evidence = [_evidence(named, docs[int(r)]) for r in rows]
        return scores[rows], evidence

    def caps(self, evidence: list[tuple[str, ...]]) -> np.ndarray:
        """Per-candidate z-score caps for the fusion (:func:`phrase_caps`)."""
        return phrase_caps(evidence)


def phrase_caps(evidence: list[tuple[str, ...]]) -> np.ndarray:
    """The z-score cap of each candidate: higher where its text has a phrase of the request
    (:data:`~pickwise.retrieval.fusion.PHRASE_CAP`), else that of one word."""
    return np.array(
        [PHRASE_CAP if any(" " in w for w in words) else KEYWORDS_CAP for words in evidence],
        dtype=np.float64,
    )


_HYPHENED = re.compile(r"\w+(?:-\w+)+")


def _hyphen_parts(query: str) -> frozenset[str]:
    """The words of the query said only as parts of a hyphened word ("light-hearted" ->
    light, hearted; not "light" when "light" is said alone too)."""
    folded = fold_text(query).lower()
    alone = set(_TOKEN.findall(_HYPHENED.sub(" ", folded)))
    return frozenset(
        part
        for m in _HYPHENED.finditer(folded)
        for part in m.group().split("-")
        if part not in alone
    )


def _evidence(words: list[str], doc: frozenset[str]) -> tuple[str, ...]:
    """The query words an item's text has, a pair's words named once ("time loop", not "time
    loop, time and loop")."""
    found = [w for w in words if w in doc]
    paired = {part for w in found if " " in w for part in w.split()}
    return tuple(w for w in found if w not in paired)[:MAX_WORDS]
