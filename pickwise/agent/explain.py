"""Explanations: template ones built from facts and attribution, and a grounding check for LLM ones.

A template explanation only states the item's own facts and the signals that retrieved it. An LLM
explanation is accepted only if everything checkable in it (titles, years, runtimes, names, genres,
languages) is a fact of that item or of the user's profile; otherwise the template is used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pickwise.agent.cues import (
    BROAD_KINDS,
    CAST_FIELDS,
    COUNTRY_FIELDS,
    DIRECTOR_FIELDS,
    LENGTH_FIELDS,
    PRICE_FIELDS,
    RUNTIME_FIELDS,
)
from pickwise.agent.profile import Profile
from pickwise.agent.understanding import refused
from pickwise.retrieval.catalog import POPULARITY_FIELDS
from pickwise.retrieval.constraints import Constraint, parse_where, satisfies
from pickwise.retrieval.genres import (
    GENRE_FIELD_NAMES,
    LANGUAGE_FIELDS,
    compact,
    genre_list,
    genre_terms,
    genres_reason,
    named_genres,
    terms_pattern,
)
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import Item, role_name
from pickwise.retrieval.keywords import keywords_reason
from pickwise.retrieval.people import PEOPLE_FIELDS
from pickwise.retrieval.recommender import Recommendation
from pickwise.retrieval.traits import YEAR_FIELDS, shared_reason
from pickwise.text import a_or_an, is_film, listed, plural

#: Field -> the role a catalog spec gives it (``roles:``), or None for names alone.
Roles = Mapping[str, str] | None

__all__ = [
    "Grounding",
    "TitleFinder",
    "catalog_grounding",
    "ended",
    "fact_answer",
    "fact_field",
    "grounding_problem",
    "item_facts",
    "kind_sentence",
    "template_explanation",
]

MAX_EXPLANATION_CHARS = 300
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MINUTES = re.compile(r"\b(\d{2,3})\s*(?:-\s*)?(?:min|mins|minutes)\b", re.I)
_NAME = re.compile(r"\b([A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|del|van|von|la|le))+)\b")
_SUSPECT = re.compile(r"https?://|www\.|[<>{}\[\]`]|\b(ignore|instruction|system prompt)\b", re.I)


def ended(text: str, mark: str = ".") -> str:
    """``text`` ended with ``mark`` ("." or "..."), unless it ends in a stop already, a title's
    own: "Looking for more like When Harry Met Sally..." (it said "Sally......"), "close to
    Mamma Mia!" (not "Mia!.")."""
    return text if text.rstrip().endswith((".", "?", "!", "\u2026")) else text + mark


class TitleFinder(Protocol):
    """Finds catalog titles mentioned in text (``pickwise.agent.titles.TitleMatcher``)."""

    def find(self, text: str) -> Sequence[object]: ...


@dataclass(frozen=True)
class Grounding:
    """What an explanation may refer to beyond the item itself."""

    titles: TitleFinder
    #: Lower-cased values of the catalog's small-vocabulary fields (genres, languages...).
    vocabulary: frozenset[str]
    #: Item id -> title, to name retrieval evidence.
    catalog_titles: Mapping[str, str] = field(default_factory=dict)

    def title_of(self, item_id: str) -> str:
        return self.catalog_titles.get(item_id, "")


def _values(item: Item) -> set[str]:
    out: set[str] = {item.title.lower()}
    for value in item.metadata.values():
        if isinstance(value, tuple):
            out.update(v.lower() for v in value)
        else:
            out.add(str(value).lower())
    return out


def _profile_words(profile: Profile) -> set[str]:
    words = {t.lower() for t in (*profile.liked.values(), *profile.disliked.values())}
    words.update(t.lower() for t in profile.seen.values())
    words.update(str(c).lower() for c in profile.constraints)
    words.update(a.lower() for a in profile.aspects)
    words.update(n.lower() for n in profile.liked_people.values())
    return words


def grounding_problem(
    text: str,
    item: Item,
    profile: Profile,
    grounding: Grounding,
    message: str = "",
    evidence: Collection[str] = (),
) -> str | None:
    """Why an explanation is not grounded in the item, the profile and the retrieval evidence
    (the items that put it in the list), or ``None`` if it is."""
    text = text.strip()
    if not text:
        return "empty"
    if len(text) > MAX_EXPLANATION_CHARS:
        return "too long"
    if _SUSPECT.search(text):
        return "markup, links or instructions"
    allowed_ids = {item.id, *profile.liked, *profile.disliked, *profile.seen, *evidence}
    for mention in grounding.titles.find(_mask_facts(text, item)):
        if getattr(mention, "item_id", None) not in allowed_ids:
            return f"names another title: {getattr(mention, 'title', '?')}"
    facts = _values(item)
    context = (
        _profile_words(profile)
        | {message.lower()}
        | {e.lower() for e in evidence_titles(grounding, evidence)}
    )
    allowed_text = " ".join(sorted(facts | context)) + " " + item.text.lower()
    year = item.metadata.get("year")
    for found in _YEAR.findall(text):
        if str(year) != found and found not in allowed_text:
            return f"year {found} is not a fact of this item"
    runtime = item.metadata.get("runtime")
    for found in _MINUTES.findall(text):
        if str(runtime) != found:
            return f"runtime {found} is not a fact of this item"
    for name in _NAME.findall(text):
        if name.lower() not in allowed_text and not _is_title_phrase(name, item):
            return f"'{name}' is not a fact of this item"
    lowered = text.lower()
    for word in grounding.vocabulary - facts:
        if re.search(rf"\b{re.escape(word)}\b", lowered) and word not in " ".join(context):
            return f"'{word}' does not describe this item"
    return None


def _mask_facts(text: str, item: Item) -> str:
    """Blank out the item's own facts, so a name such as "Akira Kurosawa" is not read as the
    title "Akira"."""
    for fact in sorted(_values(item) - {item.title.lower()}, key=len, reverse=True):
        if len(fact) > 2:
            text = re.sub(re.escape(fact), lambda m: "_" * len(m.group()), text, flags=re.I)
    return text


def evidence_titles(grounding: Grounding, evidence: Collection[str]) -> list[str]:
    """Titles of evidence items (the title finder's matches carry them)."""
    return [t for t in (grounding.title_of(i) for i in evidence) if t]


def _is_title_phrase(name: str, item: Item) -> bool:
    """Capitalised runs that are part of the title (or start a sentence) are not names."""
    return name.lower() in item.title.lower() or item.title.lower() in name.lower()


# --- templates ---------------------------------------------------------------------------
def _join(values: Iterable[str], limit: int) -> str:
    return listed([v for v in values if v][:limit])


def describe(item: Item, noun: str = "film", roles: Roles = None) -> str:
    """One factual sentence about an item: its kind, who made it and who is in it, and its own
    number facts ("Kindred (1979) is a book by Octavia E. Butler, 264 pages, price 11.99.").
    ``roles`` (field -> role) are those a catalog spec gives fields (:func:`role_name`)."""
    return _described(item, noun, roles)[0]


#: The most number facts :func:`describe` names (a year and a runtime are never among them).
MAX_NUMBER_FACTS = 2
#: Number fields that are no fact of the item to tell (how popular it is, its row).
_UNTOLD_NUMBERS = frozenset({*POPULARITY_FIELDS, "id", "rank", "index", "row"})


def _described(item: Item, noun: str, roles: Roles = None) -> tuple[str, set[str]]:
    """:func:`describe`'s sentence and the fields it names (:func:`item_facts` leaves them out):
    the first genre field, the first field of who made it ("directors", "author", "designer":
    "by ..."), two names of a cast ("with ..."), and up to :data:`MAX_NUMBER_FACTS` number
    fields other than the year and a runtime ("345 pages")."""
    meta = item.metadata
    kind = next((f for f in meta if role_name(f, roles) in GENRE_FIELD_NAMES), "genres")
    sentence = kind_sentence(item, kind, noun, 3)[:-1]  # a romcom shows it is one
    used = {kind}
    maker = maker_field(meta, roles)
    if maker is not None:
        sentence += f" by {_join([str(v) for v in item.values(maker)], 2)}"
        used.add(maker)
    cast = next((f for f in meta if role_name(f, roles) in CAST_FIELDS and item.values(f)), None)
    if cast is not None:
        sentence += f", with {_join([str(v) for v in item.values(cast)], 2)}"
        if len(item.values(cast)) <= 2:
            used.add(cast)
    told = 0
    for name, value in meta.items():
        low = role_name(name, roles)
        if told >= MAX_NUMBER_FACTS or low in YEAR_FIELDS or low in RUNTIME_FIELDS:
            continue
        if low in _UNTOLD_NUMBERS or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        sentence += f", {number_fact(name, value)}"
        used.add(name)
        told += 1
    return sentence + ".", used


def maker_field(metadata: Mapping[str, object], roles: Roles = None) -> str | None:
    """The field of who made an item, read "by ...": the first of the catalog's people fields
    that :data:`DIRECTOR_FIELDS` starts ("directors", "author", "designer"), in that order."""
    for role in DIRECTOR_FIELDS:
        for name, value in metadata.items():
            low = role_name(name, roles)
            if low in PEOPLE_FIELDS and low.startswith(role) and value not in (None, "", ()):
                return name
    return None


def length_field(metadata: Mapping[str, object], roles: Roles = None) -> str | None:
    """The number field that says how long an item is when it has no runtime ("pages")."""
    numbers = {
        role_name(n, roles): n
        for n, v in metadata.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    return next((numbers[f] for f in LENGTH_FIELDS if f in numbers), None)


def length_fact(name: str, value: float) -> str:
    """ "324 pages", "80000 words"."""
    unit = "page" if "page" in name.lower() else "word"
    return f"{value:g} {unit}{'' if value == 1 else 's'}"


def price_text(value: float) -> str:
    """A price as said: "14.50", "16"."""
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def number_fact(name: str, value: float) -> str:
    """A number field's value in words: "345 pages" (a field named by a plural noun counts
    it), "price 14.50", "rating 4.2"."""
    words = name.replace("_", " ").strip().lower()
    shown = f"{value:g}"
    if words.replace(" ", "_") in PRICE_FIELDS:
        shown = price_text(value)
    if " " not in words and words.endswith("s") and not words.endswith("ss"):
        return f"{shown} {words[:-1] if value == 1 else words}"
    return f"{words} {shown}"


#: The longest description :func:`item_facts` quotes whole (longer ones end at a sentence).
MAX_FACTS_TEXT = 600
#: The most values :func:`item_facts` names of one field (a cast, a long tag list).
MAX_FACTS_VALUES = 8


def item_facts(item: Item, noun: str = "film", roles: Roles = None) -> str:
    """What the catalog says about an item ("tell me about the second one", "who directed it?"):
    :func:`describe`, its description, then its other metadata ("Runtime: 76 min; Language:
    German"), all from the catalog."""
    first, used = _described(item, noun, roles)
    parts = [first]
    text = " ".join(item.text.split())
    if len(text) > MAX_FACTS_TEXT:
        cut = text[:MAX_FACTS_TEXT]
        end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
        text = cut[: end + 1] if end > 0 else cut.rsplit(" ", 1)[0] + "..."
    if text:
        parts.append(text)
    extra = []
    for name, value in item.metadata.items():
        values = item.values(name)
        if name in used or name == "year" or not values:
            continue
        if role_name(name, roles) in CAST_FIELDS:  # describe() names two
            extra.append(f"Cast: {_join(map(str, values), MAX_FACTS_VALUES)}")
            continue
        shown = _join(map(str, values), MAX_FACTS_VALUES)
        if role_name(name, roles) in RUNTIME_FIELDS and isinstance(value, int | float):
            shown += " min"
        extra.append(f"{name.replace('_', ' ').capitalize()}: {shown}")
    if extra:
        parts.append("; ".join(extra) + ".")
    return " ".join(parts)


#: What a fact question asks, in words ("{}" is the item), for when the catalog lacks it.
_FACT_WORDS = {
    "director": "who directed {}",
    "cast": "who is in {}",
    "runtime": "how long {} runs",
    "length": "how long {} takes",
    "year": "when {} came out",
    "language": "what language {} is in",
    "country": "where {} comes from",
    "genre": "what genre {} is",
    "rating": "how {} is rated",
    "streaming": "where {} can be watched",
    "available": "where to get {}",
    "price": "what {} costs",
}
#: Field names of an age rating or score, and of where to watch.
RATING_FIELDS = ("rating", "certification", "certificate", "mpaa", "age_rating", "content_rating")
STREAMING_FIELDS = ("streaming", "providers", "where_to_watch", "available_on", "platforms")
#: Field names of the cut or edition an item is.
VERSION_FIELDS = ("version", "edition", "cut")
#: Countries said with "the" ("from the United States").
_THE = re.compile(r"^(?:united |czech republic|netherlands|philippines|soviet union)", re.I)


#: Which fields hold each fact asked about (field names lower-cased).
_FACT_FIELDS: dict[str, Callable[[str], bool]] = {
    "director": lambda f: f.startswith(DIRECTOR_FIELDS),
    "cast": lambda f: f in CAST_FIELDS,
    "runtime": lambda f: f in RUNTIME_FIELDS,
    "year": lambda f: f in YEAR_FIELDS,
    "language": lambda f: f in LANGUAGE_FIELDS,
    "country": lambda f: f in COUNTRY_FIELDS,
    "genre": lambda f: f in GENRE_FIELD_NAMES,
    "rating": lambda f: f in RATING_FIELDS,
    "streaming": lambda f: f in STREAMING_FIELDS,
    "price": lambda f: f in PRICE_FIELDS,
    "version": lambda f: f in VERSION_FIELDS,
}


def fact_field(item: Item, asks: str, roles: Roles = None) -> str | None:
    """The item's field that holds a fact (``asks``: "director", "year"...), if it has one with
    a value; a field a spec gives the role comes first."""
    wanted = _FACT_FIELDS.get(asks)
    names = sorted(item.metadata, key=lambda n: n not in (roles or {}))
    return next(
        (n for n in names if wanted and wanted(role_name(n, roles)) and item.values(n)), None
    )


def fact_answer(
    item: Item,
    asks: str,
    noun: str = "film",
    checks: Sequence[tuple[str, str]] = (),
    roles: Roles = None,
) -> str:
    """A direct answer to a question about one fact of an item ("who directed it?" ->
    "High Noon (1952) was directed by Fred Zinnemann."), from the catalog only; says so when the
    catalog does not have it. ``asks`` is :attr:`Understanding.asks`; for ``check`` (a yes-or-no
    question), ``checks`` are the genres or languages asked about."""
    if asks == "check":
        return _check_answer(item, checks, noun, roles)
    head, title = item.heading(), item.title
    found = fact_field(item, asks, roles)
    length = length_field(item.metadata, roles) if asks == "runtime" and found is None else None
    if length is not None:  # a book has no runtime: "Beloved (1987) has 324 pages."
        return f"{head} has {length_fact(length, item.metadata[length])}."  # type: ignore[arg-type]
    if found is None and asks == "version":  # "is it the director's cut?"
        return f"The catalog doesn't record cuts or versions: it has one entry for {head}."
    if found is None:
        unknown = _FACT_WORDS.get(_worded(asks, noun), "that about {}")
        return f"The catalog doesn't say {unknown.format(head)}."
    values = [str(v) for v in item.values(found)]
    said = _join(values, MAX_FACTS_VALUES)
    if asks == "director":
        verb = "was directed by" if found.lower().startswith("director") else "is by"
        return f"{head} {verb} {said}."
    if asks == "cast":
        return f"{head} stars {said}."
    if asks == "runtime":
        minutes = item.values(found)[0]
        if isinstance(minutes, int | float):
            return f"{head} {_runs(noun)} {minutes:g} minutes."
        return f"{head}: {said}."
    if asks == "year":
        return f"{title} came out in {values[0]}."
    if asks == "price":
        value = item.values(found)[0]
        if isinstance(value, int | float):
            return f"{head} costs {price_text(value)}."
        return f"{head}: {said}."
    if asks == "language":
        return f"{head} is in {said}."
    if asks == "rating":
        return f"{head} is rated {said}."
    if asks == "streaming":
        return f"{head} {'can be watched' if is_film(noun) else 'is available'} on {said}."
    if asks == "version":
        return f"{head}: {said}."
    if asks == "country":
        return f"{head} is from {'the ' if _THE.match(values[0]) else ''}{said}."
    return kind_sentence(item, found, noun)


def _check_answer(
    item: Item, checks: Sequence[tuple[str, str]], noun: str, roles: Roles = None
) -> str:
    """ "Is it scary?" -> "Yes: The Shining (1980) is a horror film." or "No: ... is a drama
    film."; a question the catalog's fields cannot settle ("is it violent?") gets its facts."""
    degree = next((v for f, v in checks if f == "degree"), "")  # "is it too scary?": "scary"
    either = ("either", "or") in checks  # "is it in japanese or english?"
    checks = [c for c in checks if c[0] not in ("degree", "either")]
    if not checks:
        return f"The catalog doesn't say that directly. {item_facts(item, noun)}"
    field_name, value = checks[0]
    if field_name == "bound":  # "is it under 90 minutes?", "is it from before 1980?"
        return _bound_answer(item, parse_where(value), noun, roles)
    if field_name == "text":  # "does it have zombies?": from its description, if it says
        if all(item.says(w) for w in value.split()):
            return f"Yes: the description of {item.heading()} mentions {value}."
        return f"The catalog doesn't say that directly. {item_facts(item, noun)}"
    has = {str(v).lower() for v in item.values(field_name)}
    yes = any(v in has for v in value.split("|"))
    if field_name.lower() in LANGUAGE_FIELDS:
        spoken = _join([str(v) for v in item.values(field_name)], 3)
        said = f"{item.heading()} is in {spoken}." if spoken else describe(item, noun)
    else:  # every value of the field, so a "yes" shows the one asked about
        said = kind_sentence(item, field_name, noun)
    if either:
        return said  # "is akira in japanese or english?" is no yes-or-no question
    if degree and not yes:  # not a horror film says nothing of how scary it is
        return f"The catalog doesn't say how {degree} it is. {said}"
    return f"{'Yes' if yes else 'No'}: {said}"


def _bound_answer(item: Item, bound: Constraint, noun: str, roles: Roles = None) -> str:
    """ "Yes: Breathless (1960) runs 90 minutes." for a runtime or year asked about."""
    value = item.metadata.get(bound.field)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return f"The catalog doesn't say that directly. {item_facts(item, noun)}"
    shown = str(int(value)) if float(value).is_integer() else str(value)
    name = role_name(bound.field, roles)
    if name in RUNTIME_FIELDS:
        said = f"{item.heading()} {_runs(noun)} {shown} minutes."
    elif name in YEAR_FIELDS:
        said = f"{item.title} came out in {shown}."
    else:
        said = f"{item.heading()}: {bound.field} {shown}."
    return f"{'Yes' if satisfies(item, (bound,)) else 'No'}: {said}"


def _runs(noun: str) -> str:
    """How a length in minutes is said: a film "runs", a game or a recipe "takes"."""
    return "runs" if is_film(noun) else "takes"


def _worded(asks: str, noun: str) -> str:
    """The key of :data:`_FACT_WORDS` for a fact the catalog lacks: a film's words ("how long
    it runs", "where it can be watched") only for films."""
    if is_film(noun):
        return asks
    return {"runtime": "length", "streaming": "available"}.get(asks, asks)


def kind_sentence(item: Item, field_name: str, noun: str, limit: int = MAX_FACTS_VALUES) -> str:
    """ "Parasite (2019) is a thriller, drama and comedy film." (the field's values, at most
    ``limit``)"""
    kinds = _join([str(v).lower() for v in item.values(field_name)], limit)
    article = "an" if (kinds or noun)[:1] in "aeiou" else "a"
    return f"{item.heading()} is {article} {kinds + ' ' if kinds else ''}{noun}."


#: The query's reason for a pick outside every genre the request named.
OFF_GENRE = "it is among the nearest to what you asked for, though not of the kind you named"


def reasons(
    rec: Recommendation,
    aspects: Sequence[str] = (),
    liked: Collection[str] = (),
    vocabulary: Collection[str] = (),
    people: Collection[str] = (),
) -> list[str]:
    """Plain reasons from the retrieval attribution, strongest signal first.

    A person the user likes (``people``, the profile's names) is said as such ("Denis
    Villeneuve, whom you like").

    A seed the user did not say they liked (``more like the second one``) is named as such. An
    aspect that is a value of the catalog (``vocabulary``: "cooperative") is quoted as what was
    asked for only for an item that has it.
    """
    out: list[str] = []
    # the genres source ran (a genre was named) and this item has none of them: say so
    off_genre = any(s.source == "genres" and not s.because for s in rec.signals)
    quoted = ""  # the wish in the user's words an earlier reason quoted
    apart = _unrelated_likes(rec, liked)
    for signal in rec.signals:
        if signal.contribution <= 0 or not signal.explains:
            continue
        if signal.source in ("liked", "alike", "traits") and set(signal.because) & apart:
            continue
        if signal.source == "liked" and signal.because_titles:
            title = signal.because_titles[0]
            if signal.because and signal.because[0] in liked:
                out.append(f"it is close to {title}, which you liked")
            else:
                out.append(f"it is close to {title}")
        elif signal.source == "collaborative" and signal.because_titles:
            out.append(f"people who liked {signal.because_titles[0]} also liked it")
        elif signal.source == "query" and off_genre:
            out.append(OFF_GENRE)
        elif signal.source == "query":
            wanted = _wanted(rec.item, aspects, vocabulary)
            # the wish quoted once: "its genre (romance) suits what you asked for (date night),
            # and it is among the closest matches to what you asked for"
            wish = f" ({wanted[-1]})" if wanted and quoted != wanted[-1] else ""
            quoted = quoted or (wanted[-1] if wanted else "")
            out.append(f"it is among the closest matches to what you asked for{wish}")
        elif signal.source == "popularity":
            out.append("it is a popular choice")
        elif signal.source == "comention" and signal.because_titles:
            out.append(f"people who talked about {signal.because_titles[0]} often chose it")
        elif signal.source == "alike" and signal.because_titles:
            title = signal.because_titles[0]
            if signal.because and signal.because[0] in liked:  # said as the liked source says it
                out.append(f"it is close to {title}, which you liked")
            else:
                out.append(f"it is like {title}, which came up")
        elif signal.source == "people" and signal.because:
            whom = "like" if signal.because[0] in people else "mentioned"
            out.append(f"{signal.because[0]}, whom you {whom}, worked on it")
        elif signal.source == "genres" and signal.because:
            said = _genres_reason(signal.because, _wanted(rec.item, aspects, vocabulary), quoted)
            if not quoted and (m := _SUITS_WISH.search(said)):
                quoted = m.group("wish")
            out.append(said)
        elif signal.source == "keywords" and _whole(signal.because, aspects):
            said = keywords_reason(_whole(signal.because, aspects))
            if not _SUSPECT.search(said):  # the user's words echoed: never an instruction
                out.append(said)
        elif signal.source == "traits" and signal.because_titles:
            out.append(shared_reason(signal.because_titles[0], signal.shared))
        elif signal.source in ("context", "neighbours"):
            out.append("people who asked for something like this often chose it")
    return list(dict.fromkeys(out))  # two sources can give the same reason


def _wanted(item: Item, aspects: Sequence[str], vocabulary: Collection[str]) -> list[str]:
    """The aspects asked for that a reason may quote for ``item``: not refused, and a value of
    the catalog only for an item that has it."""
    has = _values(item)
    return [
        a for a in aspects if not refused(a) and (a.lower() not in vocabulary or a.lower() in has)
    ]


@functools.lru_cache(maxsize=256)
def _genre_reader(
    genre: str,
) -> tuple[re.Pattern[str] | None, dict[str, tuple[tuple[str, str], ...]]]:
    """The pattern and terms that read one genre in text, as the ``genres`` source reads the
    catalog's ("comedies", "comedic" and "funny" say comedy; "sci-fi" science fiction)."""
    terms = genre_terms([("genre", [genre])])
    return terms_pattern(terms), {compact(k): v for k, v in terms.items()}


def _genre_said(genre: str, texts: Sequence[str]) -> bool:
    """Whether one of the texts (aspects asked for, a mood spelled out) names ``genre``."""
    pattern, terms = _genre_reader(genre)
    return any(named_genres(t, pattern, terms) for t in texts)


#: A ``genres`` reason that quotes the wish (:func:`_genres_reason`).
_SUITS_WISH = re.compile(r"\bsuits? what you asked for \((?P<wish>[^)]*)\)")


def _genres_reason(genres: Sequence[str], wanted: Sequence[str], quoted: str = "") -> str:
    """The ``genres`` signal's reason. A genre that only a mood wished for was read as
    ("something lighter" is searched as light-hearted and funny, so comedy) is what suits it:
    "its genre (comedy) suits what you asked for (lighter)", not "it is in a genre you asked for
    (comedy)"; "... suits it too" after a reason that ``quoted`` that wish. A genre said in
    words, or in the conversation before, was asked for."""
    kinds = [g for g in genres if not g.endswith(")")]
    read = {g: mood for g in kinds if (mood := _mood_reading(g, wanted))}
    if not read or len(read) < len(kinds):  # "a down-to-earth comedy": comedy was asked for
        return genres_reason([g for g in genres if g not in read])
    wish = next(iter(read.values()))
    moods = [g for g in kinds if read[g] == wish]
    one = len(moods) == 1
    said = f"its genre{'' if one else 's'} ({genre_list(moods)}) suit{'s' if one else ''} "
    said += "it too" if quoted == wish else f"what you asked for ({wish})"
    others = [g for g in genres if g.endswith(")")]
    return f"{said} and {genres_reason(others)}" if others else said


def _mood_reading(genre: str, wanted: Sequence[str]) -> str:
    """The mood of ``wanted`` (the aspects asked for) whose spelled-out search names ``genre``
    (``turn.MOODS``: "lighter" is searched as "light-hearted, funny, warm and uplifting", and
    "funny" names comedy), when no aspect says the genre itself; else ""."""
    from pickwise.agent.turn import MOODS

    if _genre_said(genre, wanted):
        return ""
    # an aspect may list several wishes: "down-to-earth, comedy"
    for wish in reversed([w.strip() for a in wanted for w in a.split(",")]):
        spelled = MOODS.get(wish.lower(), "")
        if spelled and _genre_said(genre, [spelled]):
            return wish
    return ""


def _whole(words: Sequence[str], aspects: Sequence[str]) -> tuple[str, ...]:
    """The words matched in a pick's text less those that are only one word of a topic of
    several asked for: "a comedy about time travel" is not mentioned by Notting Hill's
    "travel" (it said "its description mentions travel"). An aspect may list several topics
    ("western, trains": "trains" is one of its own, not a word of "western, trains")."""
    topics = [t for a in aspects for t in re.split(r"[,;]", a.lower())]
    parts = {w for t in topics if len(t.split()) > 1 for w in t.split()}
    return tuple(w for w in words if " " in w or w.lower() not in parts)


def _unrelated_likes(rec: Recommendation, liked: Collection[str]) -> set[str]:
    """The titles the user liked that a pick of a kind asked for does not relate to: it shares
    no one, not that kind, and no genre with them but a broad one (:data:`cues.BROAD_KINDS`).
    "my grandma loved Casablanca, my grandpa likes westerns" gave the westerns "it is close to
    Casablanca, which you liked" (they shared "drama"); The Treasure of the Sierra Madre, with
    Humphrey Bogart, still is."""
    asked = {b.lower() for s in rec.signals if s.source == "genres" for b in s.because}
    if not asked or not liked:
        return set()
    people = {
        str(v).lower()
        for name in rec.item.metadata
        if name.lower() in PEOPLE_FIELDS
        for v in rec.item.values(name)
    }
    apart: set[str] = set()
    for signal in rec.signals:
        if signal.source != "traits" or not signal.because or signal.because[0] not in liked:
            continue
        shared = [v.lower() for v in signal.shared]
        kinds = [v for v in shared if not v.startswith("the ") and "(" not in v]
        if not (set(shared) & (people | asked)) and len(kinds) < 2 and set(kinds) <= BROAD_KINDS:
            apart.add(signal.because[0])
    return apart


def template_explanation(
    rec: Recommendation,
    aspects: Sequence[str] = (),
    noun: str = "film",
    liked: Collection[str] = (),
    vocabulary: Collection[str] = (),
    roles: Roles = None,
    people: Collection[str] = (),
) -> str:
    """Facts of the item plus the reasons that retrieved it, the strongest first, as many as
    fit in :data:`MAX_EXPLANATION_CHARS`."""
    why = reasons(rec, aspects, liked, vocabulary, people)
    facts = describe(rec.item, noun, roles)
    text = facts
    for n in range(1, len(why) + 1):
        said = why[0][0].upper() + why[0][1:] + (", and " + "; ".join(why[1:n]) if n > 1 else "")
        longer = ended(f"{facts} {said}")
        if n > 1 and len(longer) > MAX_EXPLANATION_CHARS:
            break
        text = longer
    return text


def catalog_grounding(index: CatalogIndex, titles: TitleFinder) -> Grounding:
    """The grounding of a catalog: its titles and the values of its small text fields."""
    small = {
        f: v
        for f in index.kinds
        if index.kinds[f] != "number"
        if len(v := index.vocabulary(f)) <= 60
    }
    return Grounding(titles, vocabulary_of(small), {item.id: item.title for item in index.items})


def vocabulary_of(values: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """Lower-cased values of the given fields, for :class:`Grounding`."""
    return frozenset(v.lower() for vals in values.values() for v in vals if len(v) > 2)


#: What a person does on a film, by the field that names them, for "which he directed".
_ROLE_VERBS = {"directors": "made", "director": "made", "cast": "is in", "actors": "is in"}


def kept_answer(
    checks: Sequence[tuple[str, str]],
    picks: Sequence[Item],
    liked: Sequence[Item],
    shown: str,
    noun: str = "film",
    fan: bool = False,
) -> str:
    """Why a person's or a genre's films keep coming ("why do you keep suggesting Nolan?"):
    the films liked that have them, the last picks that do, and how to leave them out.
    ``checks`` are the (field, value) pairs named; ``shown`` is how to say them ("Christopher
    Nolan", "horror"); ``fan``: the user said they like that person."""
    verb = next((_ROLE_VERBS[f.lower()] for f, _ in checks if f.lower() in _ROLE_VERBS), "")

    def has(item: Item) -> bool:
        return any(
            value in {str(v).strip().lower() for v in item.values(field)} for field, value in checks
        )

    theirs = [i.title for i in liked if has(i)]
    nouns = plural(noun)
    kind = (
        f"{nouns} with {shown}"
        if verb == "is in"
        else f"{shown}'s {nouns}"
        if verb
        else f"{shown} {nouns}"
    )
    among = [i.title for i in picks if has(i)]
    if not among and picks:
        opening = f"None of my last picks are {kind}; when they come, it is"
    else:
        opening = f"I've been suggesting {kind}" + (f" ({listed(among)})" if among else "") + ""
    if theirs:
        them = "it" if len(theirs) == 1 else "them"
        genre = f"it is {a_or_an(shown)} {noun}" if them == "it" else f"they are {kind}"
        why = f"you liked {listed(theirs[:3])}, and " + (
            f"{shown} {verb} {them}" if verb else genre
        )
    elif fan:
        why = f"you said you like {shown}"
    else:
        why = "they are among the closest matches to what you asked for"
    name = shown.split()[-1] if verb else shown
    return f'{opening} because {why}. Say "no more {name}" and I\'ll leave them out.'
