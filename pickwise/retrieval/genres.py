"""Genre words said in the conversation: the ``genres`` source, and the genre vocabulary it shares
with the agent's message understanding.

The words come from the catalog's genre-like fields (list or category fields with few distinct
values, neither people nor language): each value, its plural, and everyday synonyms ("scary" ->
horror, "rom-com" -> romance and comedy). The ``genres`` source gives a candidate one point per
genre named in the conversation that it belongs to ("something scary" lifts horror films), with
the genre as evidence. It proposes no candidates of its own: a genre holds hundreds of items and
nothing here orders them, so it re-ranks what the other sources found. A genre word right after
a negation ("no horror", "I don't like comedies") does not count; with a cue the agent also makes
it a hard filter (:mod:`pickwise.agent.understanding.constraints`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from pickwise.retrieval.constraints import AnyOf
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import FieldKind, role_name
from pickwise.retrieval.people import PEOPLE_FIELDS, fold_text, negated
from pickwise.retrieval.sources import Context
from pickwise.text import listed

__all__ = [
    "AUDIENCE_THEME_WORDS",
    "AVOID_GENRES",
    "GENRE_SYNONYMS",
    "LANGUAGE_FIELDS",
    "MAX_GENRE_VALUES",
    "REGIONS",
    "GenreSource",
    "compact",
    "genre_fields",
    "genre_list",
    "genre_terms",
    "genres_reason",
    "index_genre_fields",
    "language_field",
    "named_genres",
    "names_an_event",
    "region_of",
    "terms_pattern",
    "war_event_at",
]

#: Field names that hold an item's language (the first one a catalog has is its language field).
LANGUAGE_FIELDS = ("language", "original_language", "lang", "languages", "spoken_languages")
#: A list or category field with more distinct values than this is not genre-like (tags, titles).
MAX_GENRE_VALUES = 60

#: Everyday words for genre values. A target is a catalog value (case-insensitive); "a|b" means
#: the first of those the catalog has. Targets the catalog lacks are dropped.
#: Regions, as said in a sentence ("films from Europe"), by the words that name them.
REGIONS: dict[str, str] = {
    **dict.fromkeys(("europe", "european"), "Europe"),
    **dict.fromkeys(("scandinavia", "scandinavian", "nordic"), "Scandinavia"),
    **dict.fromkeys(("asia", "asian", "east asian"), "Asia"),
    **dict.fromkeys(("latin america", "latin american", "south american"), "Latin America"),
}
_NORDIC = ("sweden", "denmark", "norway", "finland", "iceland")
#: Each country of a region that a catalog may hold under its own name, the ones of the past too
#: ("West Germany", "Soviet Union": a region took only the first a catalog had, so Aguirre and
#: Solaris were no films from Europe).
_EUROPE = (
    *("france", "germany", "west germany", "east germany", "italy", "spain", "united kingdom|uk"),
    *("ireland", "netherlands", "belgium", "poland", "russia", "soviet union", "austria"),
    *("switzerland", "portugal", "greece", "czech republic|czechia", "czechoslovakia"),
    *("hungary", "romania", "yugoslavia", "serbia", "croatia", "ukraine"),
    *_NORDIC,
)
_ASIA = (
    *("japan", "south korea|korea", "china", "hong kong", "taiwan", "india", "thailand"),
    *("indonesia", "philippines", "vietnam", "iran"),
)
_LATIN_AMERICA = ("mexico", "brazil", "argentina", "chile", "colombia", "cuba", "peru")
GENRE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "scary": ("horror",),
    "scariest": ("horror",),  # "he wants the scariest thing you have"
    "spooky": ("horror",),
    "creepy": ("horror",),
    "frightening": ("horror",),
    "slasher": ("horror",),
    "slashers": ("horror",),
    "funny": ("comedy",),
    "comedic": ("comedy",),
    "hilarious": ("comedy",),
    "sci-fi": ("science fiction",),
    "scifi": ("science fiction",),
    "sci fi": ("science fiction",),
    "science-fiction": ("science fiction",),
    "animated": ("animation",),
    "cartoon": ("animation",),
    "cartoons": ("animation",),
    "anime": ("animation",),
    "romantic": ("romance",),
    "rom-com": ("romance", "comedy"),
    "rom-coms": ("romance", "comedy"),
    "romcom": ("romance", "comedy"),
    "romcoms": ("romance", "comedy"),
    "romantic comedy": ("romance", "comedy"),
    "romantic comedies": ("romance", "comedy"),
    "documentary": ("documentary",),
    "documentaries": ("documentary",),
    "docs": ("documentary",),
    "doc": ("documentary",),
    "docu": ("documentary",),
    "musical": ("musical|music",),
    "musicals": ("musical|music",),
    "war": ("war",),
    "war films": ("war",),
    "war movies": ("war",),
    "westerns": ("western",),
    "thrillers": ("thriller",),
    "thrilling": ("thriller",),
    "whodunit": ("mystery",),
    "whodunits": ("mystery",),
    "mysteries": ("mystery",),
    "kids": ("family",),
    "kid-friendly": ("family",),
    "family-friendly": ("family",),
    "historical": ("history",),
    "period pieces": ("history",),
    "period drama": ("history", "drama"),
    "period dramas": ("history", "drama"),
    "period films": ("history",),
    "period movies": ("history",),
    "period piece": ("history",),
    "costume drama": ("history", "drama"),
    "costume dramas": ("history", "drama"),
    "dramatic": ("drama",),
    "action-packed": ("action",),
    "crime films": ("crime",),
    "gangster": ("crime",),
    "gangsters": ("crime",),
    "mafia": ("crime",),
    "fantastical": ("fantasy",),
    "adventures": ("adventure",),
    "bollywood": ("india",),  # a country where the catalog has one
    # where the catalog has countries, a film's nationality is its country ("nothing
    # american" refused films in English, British ones too); else the language says it
    "american": ("united states|usa|united states of america",),
    "british": ("united kingdom|uk|great britain",),
    # regions: the countries of the catalog in them ("only stuff from europe" was ignored)
    **dict.fromkeys(("europe", "european"), _EUROPE),
    **dict.fromkeys(("scandinavia", "scandinavian", "nordic"), _NORDIC),
    **dict.fromkeys(("asia", "asian", "east asian"), _ASIA),
    **dict.fromkeys(("latin america", "latin american", "south american"), _LATIN_AMERICA),
}


#: Words to avoid that name no genre but mostly mean some ("nothing violent": horror and war
#: films go down, unless asked for). Only for avoiding: "a violent film" asks for no genre.
AVOID_GENRES: dict[str, tuple[str, ...]] = {
    "violent": ("horror", "war"),
    "violence": ("horror", "war"),
    "gory": ("horror",),
    "gore": ("horror",),
    "bloody": ("horror", "war"),
    "blood": ("horror",),
    "disturbing": ("horror",),
}


#: Facet fields whose values are genres (the others, such as a country, say their name).
GENRE_FIELD_NAMES = frozenset({"genres", "genre", "category", "categories", "subgenres", "styles"})


def language_field(
    kinds: Mapping[str, FieldKind], roles: Mapping[str, str] | None = None
) -> str | None:
    """The catalog's language field (a category or list field with a language name, or given
    the role by a spec's ``roles``), if any."""
    lowered = {role_name(n, roles): n for n, kind in kinds.items() if kind in ("category", "list")}
    return next((lowered[n] for n in LANGUAGE_FIELDS if n in lowered), None)


def genre_fields(
    kinds: Mapping[str, FieldKind],
    values: Mapping[str, Sequence[str]],
    max_values: int = MAX_GENRE_VALUES,
    roles: Mapping[str, str] | None = None,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(field, values as written) for the genre-like fields: list or category fields with at most
    ``max_values`` distinct values that hold neither people nor the language (by their names,
    or the ``roles`` a spec gives them)."""
    language = language_field(kinds, roles)
    return tuple(
        (name, tuple(str(v) for v in values.get(name, ())))
        for name, kind in kinds.items()
        if kind in ("list", "category")
        and name != language
        and role_name(name, roles) not in PEOPLE_FIELDS
        and 0 < len(values.get(name, ())) <= max_values
    )


def index_genre_fields(index: CatalogIndex) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """:func:`genre_fields` of an index, from its field kinds and values."""
    values = {
        f: index.vocabulary(f)
        for f, k in index.kinds.items()
        if k != "number" and role_name(f, index.roles) not in PEOPLE_FIELDS
    }
    return genre_fields(index.kinds, values, roles=index.roles)


def compact(phrase: str) -> str:
    """A surface form without spaces or hyphens: the key of the term maps."""
    return re.sub(r"[\s-]+", "", phrase)


#: Genres whose plural names no kind of film: "star wars" asks for no war film, and "families"
#: or "crimes" are words of a plot.
NO_PLURAL = frozenset({"war", "family", "crime", "history", "music", "animation"})


#: Words that make "family" (or "kids") a theme of the story, not who watches: "found family",
#: "a dysfunctional family", "street kids". No family film is asked for.
AUDIENCE_THEME_WORDS = (
    r"\b(?:found|chosen|makeshift|surrogate|adoptive|adopted|foster|dysfunctional|broken"
    r"|blended|estranged|grieving|immigrant|working[- ]class|crime|mafia|mob|royal|street"
    r"|lost|orphaned|feuding)"
)
_THEMED = re.compile(rf"{AUDIENCE_THEME_WORDS}[\s-]+$")
#: Words that make "war" an event or a rivalry, not the war genre: "a thriller about the cold
#: war" asked for war films (Civil War, Das Boot and 1917 came first), "a comedy about a trade
#: war".
_NOT_WAR = re.compile(r"\b(?:cold|trade|price|culture|bidding|console|format|flame|turf)[\s-]+$")
#: The genre words a theme word takes for itself.
_AUDIENCE_WORDS = frozenset({"family", "families", "kids", "children"})


def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def region_of(countries: Collection[str]) -> str | None:
    """The region (:data:`REGIONS`) that lower-cased countries, three or more, all lie in:
    the smallest one ("Scandinavia" before "Europe")."""
    if len(countries) < 3:
        return None
    found = []
    for word, region in REGIONS.items():
        held = {a for t in GENRE_SYNONYMS[word] for a in t.split("|")}
        if set(countries) <= held:
            found.append((len(held), region))
    return min(found)[1] if found else None


def genre_terms(
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
        if low not in NO_PLURAL:
            terms.setdefault(_plural(low), tuple(targets))
    for surface, wanted in GENRE_SYNONYMS.items():
        found: list[tuple[str, str]] = []
        for target in wanted:
            alt = next((a for a in target.split("|") if a in by_value), None)
            found += by_value[alt] if alt else []
        if found:
            terms.setdefault(surface, tuple(dict.fromkeys(found)))
    return terms


def terms_pattern(terms: Mapping[str, object]) -> re.Pattern[str] | None:
    """One regex for all surfaces; a space or hyphen in a surface matches either or nothing, and
    a surface right after "pre-" or "post-" is none ("pre-war")."""
    if not terms:
        return None
    ordered = sorted(terms, key=len, reverse=True)
    flexible = [r"[\s-]?".join(map(re.escape, re.split(r"[\s-]+", term))) for term in ordered]
    # "pre-war cinema" names an era, not war films
    return re.compile(rf"(?<!\w)(?<!pre-)(?<!post-)(?:{'|'.join(flexible)})(?!\w)")


def war_event_at(text: str, start: int, word: str) -> bool:
    """Whether ``word``, at ``start`` of lower-cased ``text``, is "war" naming an event or a
    rivalry ("the cold war", "a trade war"), not the genre."""
    return word.startswith("war") and _NOT_WAR.search(text, 0, start) is not None


def names_an_event(phrase: str) -> bool:
    """Whether two words name an event with a genre's word, not the genre: "cold war"."""
    first, _, second = fold_text(phrase).partition(" ")
    return second in ("war", "wars") and war_event_at(phrase.lower(), len(first) + 1, second)


def genre_list(genres: Sequence[str]) -> str:
    """Genre names for a sentence, lower-cased: "horror", "comedy and romance"."""
    return listed([g.lower() for g in genres])


def genres_reason(genres: Sequence[str]) -> str:
    """The reason a ``genres`` signal gives: "it is in a genre you asked for (thriller)"; a
    value of another facet ("Iran (country)") is "it has what you asked for (Iran, country)"."""
    kinds = [g for g in genres if not g.endswith(")")]
    others = [g[:-1].replace(" (", ", ") for g in genres if g.endswith(")")]
    said = []
    if kinds:
        kind = "a genre" if len(kinds) == 1 else "genres"
        said.append(f"it is in {kind} you asked for ({genre_list(kinds)})")
    if others:
        said.append(f"it has what you asked for ({'; '.join(others)})")
    return " and ".join(said)


def named_genres(
    text: str,
    pattern: re.Pattern[str] | None,
    terms: Mapping[str, tuple[tuple[str, str], ...]],
) -> list[tuple[str, str]]:
    """The (field, lower-cased value) pairs that ``text`` names, each once, in order.

    ``terms`` is keyed by :func:`compact` surface forms (as :func:`genre_terms` builds them,
    compacted). A word right after a negation in its clause does not count, and takes back
    what was said of it before: "dark sci-fi", then "actually scratch the sci-fi".
    """
    if pattern is None or not text:
        return []
    folded = fold_text(text)
    found: dict[tuple[str, str], None] = {}
    for m in pattern.finditer(folded):
        if m.group() in _AUDIENCE_WORDS and _THEMED.search(
            folded, max(0, m.start() - 20), m.start()
        ):
            continue  # "found family": what the story is about
        if war_event_at(folded, m.start(), m.group()):
            continue  # "the cold war": an event
        refused = negated(folded, m.start())
        for target in terms.get(compact(m.group()), ()):
            if refused:
                found.pop(target, None)
            else:
                found[target] = None
    return list(found)


@dataclass(frozen=True)
class _Vocab:
    pattern: re.Pattern[str] | None
    #: Compacted surface form -> ((field, lower-cased value), ...).
    terms: dict[str, tuple[tuple[str, str], ...]]
    #: (field, lower-cased value) -> (the value as written, row mask of its items).
    genres: dict[tuple[str, str], tuple[str, np.ndarray]]


class GenreSource:
    """Re-scores candidates by the genres named in the conversation: one point per genre.

    The text read is the request's conversation (``Context.text``). Evidence: the named genres
    the item has, as the catalog writes them. Proposes nothing (see the module's docstring).
    """

    name = "genres"
    #: Evidence is genre names, not item ids.
    evidence_names = True
    #: It re-scores the other sources' candidates (alone, it ranks the whole catalog).
    proposes = False

    def __init__(self, index: CatalogIndex) -> None:
        self.index = index
        self._vocab: _Vocab | None = None
        self._last: tuple[str, list[tuple[str, np.ndarray]]] | None = None

    def _lookup(self) -> _Vocab:
        """The genre words, and each genre's name as written and row mask (built once)."""
        if self._vocab is None:
            fields = index_genre_fields(self.index)
            terms = genre_terms(fields)
            genres: dict[tuple[str, str], tuple[str, np.ndarray]] = {}
            for f, written in fields:
                # a value of another facet says its field ("Iran (country)"): it is no genre
                tag = "" if f.lower() in GENRE_FIELD_NAMES else f" ({f.replace('_', ' ')})"
                for value in written:
                    hit = self.index.mask([AnyOf(f, frozenset({value.lower()}))])
                    if hit is not None:
                        genres[(f, value.lower())] = (value + tag, hit)
            compacted = {compact(k): v for k, v in terms.items()}
            self._vocab = _Vocab(terms_pattern(terms), compacted, genres)
        return self._vocab

    def named(self, ctx: Context) -> list[tuple[str, np.ndarray]]:
        """(genre as written, row mask of its items) for each genre the conversation names
        (not after a negation)."""
        last = self._last  # read once: concurrent requests each have their own text
        if last is None or last[0] != ctx.text:
            vocab = self._lookup()
            named = named_genres(ctx.text, vocab.pattern, vocab.terms)
            last = (ctx.text, [vocab.genres[g] for g in named if g in vocab.genres])
            self._last = last
        return last[1]

    def in_words(self, words: str) -> list[tuple[str, np.ndarray]]:
        """(genre as written, row mask) for each genre some words to avoid name ("anime" ->
        Animation; "violence", "gore" -> the genres most made of it, :data:`AVOID_GENRES`)."""
        vocab = self._lookup()
        found = named_genres(words, vocab.pattern, vocab.terms)
        folded = fold_text(words)
        fields = {f for f, _ in vocab.genres}
        for word, genres in AVOID_GENRES.items():
            if re.search(rf"\b{word}\b", folded):
                found += [(f, g) for g in genres for f in fields]
        return [vocab.genres[g] for g in dict.fromkeys(found) if g in vocab.genres]

    def avoided(self, ctx: Context) -> list[tuple[str, np.ndarray]]:
        """(genre as written, row mask) for each genre the request's words to avoid name
        (:meth:`in_words`) that the conversation does not ask for: "like Alien but less horror"
        avoids horror, "horror but not slashers" does not."""
        if not ctx.avoid:
            return []
        wanted = {name for name, _ in self.named(ctx)}
        return [(name, hit) for name, hit in self.in_words(ctx.avoid) if name not in wanted]

    def active(self, ctx: Context) -> bool:
        # a genre the filters rule out ("no comedy", then "something warmer", read as "funny")
        # tells no candidate from another: every pick was "not of the kind you named"
        return any(
            hit.any() if ctx.mask is None else (hit & ctx.mask).any() for _, hit in self.named(ctx)
        )

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        return np.zeros(0, dtype=np.int64)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        scores = np.zeros(len(rows), dtype=np.float64)
        evidence: list[list[str]] = [[] for _ in rows]
        for genre, hit in self.named(ctx):
            scores += hit[rows]
            for j in np.flatnonzero(hit[rows]):
                evidence[j].append(genre)
        return scores, [tuple(e) for e in evidence]
