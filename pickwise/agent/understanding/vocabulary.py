"""The catalog's own metadata words (genres, languages, year and runtime fields) and how a
message's surface forms ("sci-fi", "comedies", "subtitles") map onto them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pickwise.agent import cues
from pickwise.retrieval.genres import (
    compact,
    genre_fields,
    genre_terms,
    language_field,
    terms_pattern,
)
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import FieldKind, Item, role_name
from pickwise.retrieval.people import (
    MAX_NAME_WORDS,
    NAME_TOKEN,
    PEOPLE_FIELDS,
    fold_text,
    name_key,
    short_names,
)

__all__ = [
    "MAX_NAME_WORDS",
    "NAME_TOKEN",
    "SUPERLATIVE",
    "Vocabulary",
    "adjective",
    "compact",
    "fold_text",
    "name_key",
    "without_initials",
]


@dataclass(frozen=True)
class Vocabulary:
    """The catalog's metadata words that a message can turn into constraints."""

    #: (field, values as written) for genre-like list/category fields.
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    language_field: str | None = None
    languages: tuple[str, ...] = ()
    year_field: str | None = None
    runtime_field: str | None = None
    #: (field, names as written) for people fields (directors, cast...).
    people: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: The (minimum, maximum) number fields of how many people an item is for
    #: (:data:`~pickwise.agent.cues.GROUP_SIZE_FIELDS`), read by
    #: :func:`~pickwise.agent.understanding.group_size.read_group_size`.
    group_size: tuple[str, str] | None = None
    #: The other number fields ("pages", "price"), read by
    #: :func:`~pickwise.agent.understanding.numbers.read_numbers`.
    numbers: tuple[str, ...] = ()
    #: Every metadata field, as the catalog names it: a question may name any of them ("what
    #: cuisine is it?", read by :func:`~pickwise.agent.understanding.asking.field_asked`).
    fields: tuple[str, ...] = ()
    #: Field -> the role a catalog spec gives it (``roles:``; read by
    #: :func:`~pickwise.retrieval.items.role_name`).
    roles: Mapping[str, str] = field(default_factory=dict, compare=False)
    _genre_terms: dict[str, tuple[tuple[str, str], ...]] = field(
        init=False, repr=False, compare=False
    )
    _genre_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _language_terms: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _language_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    people_terms: dict[str, tuple[tuple[str, str], ...]] = field(
        init=False, repr=False, compare=False
    )
    #: A person's lower-cased name -> the name as the catalog writes it (for replies).
    people_names: dict[str, str] = field(init=False, repr=False, compare=False)
    #: The unambiguous surnames of :attr:`people_terms` (the ``~`` keys), for typo lookups.
    surnames: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: Every person's last name, shared or not ("bergman"): no title the catalog lacks.
    last_names: frozenset[str] = field(init=False, repr=False, compare=False)
    #: Every person's first name ("cary" of Cary Elwes): a name the catalog lacks that starts
    #: so is a person's ("Cary Grant"), not a title's.
    first_names: frozenset[str] = field(init=False, repr=False, compare=False)
    #: The two-word names of :attr:`people_terms` by first name ("tom" -> "tom hanks", ...):
    #: a misspelled surname after a right first name is looked up among these only.
    names_by_first: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        genres = genre_terms(self.facets)
        # "american" is a country where the catalog has one, else a language
        langs = {
            k: v
            for k, v in _language_terms(self.languages).items()
            if not any(f.lower() in cues.COUNTRY_FIELDS for f, _ in genres.get(k, ()))
        }
        object.__setattr__(self, "_genre_terms", {compact(k): v for k, v in genres.items()})
        object.__setattr__(self, "_genre_re", terms_pattern(genres))
        object.__setattr__(self, "_language_terms", {compact(k): v for k, v in langs.items()})
        object.__setattr__(self, "_language_re", terms_pattern(langs))
        object.__setattr__(self, "people_terms", people_terms(self.people))
        surnames = tuple(k[1:] for k in self.people_terms if k.startswith("~"))
        object.__setattr__(self, "surnames", surnames)
        names = {v.strip().lower(): v.strip() for _, values in self.people for v in values}
        object.__setattr__(self, "people_names", names)
        lasts = {name_key(v).split()[-1] for v in names.values() if name_key(v)}
        object.__setattr__(self, "last_names", frozenset(lasts))
        firsts = {k.split()[0] for v in names.values() if len((k := name_key(v)).split()) > 1}
        object.__setattr__(self, "first_names", frozenset(firsts))
        by_first: dict[str, list[str]] = {}
        for key in self.people_terms:
            given, _, surname = key.partition(" ")
            if surname and " " not in surname and not key.startswith("~"):
                by_first.setdefault(given, []).append(key)
        object.__setattr__(self, "names_by_first", {k: tuple(v) for k, v in by_first.items()})

    def genre_targets(self, word: str) -> tuple[tuple[str, str], ...]:
        """The (field, value) pairs a genre word names in this catalog ("kids" -> family)."""
        return self._genre_terms.get(compact(word), ())

    def names_language(self, word: str) -> bool:
        """Whether a word names a language (or a nationality) of this catalog ("korean")."""
        key = compact(word)
        return key in self._language_terms or key in self._genre_terms

    def names_genre(self, text: str) -> bool:
        """Whether some words name a genre of this catalog ("she likes rom-coms")."""
        return bool(self._genre_re and self._genre_re.search(fold_text(text)))

    @classmethod
    def from_index(
        cls,
        kinds: Mapping[str, FieldKind],
        values: Mapping[str, Sequence[str]],
        max_values: int = 60,
        roles: Mapping[str, str] | None = None,
    ) -> Vocabulary:
        """Pick the fields from their kinds and distinct values (people fields never count), by
        their names or the ``roles`` a catalog spec gives them (field -> role)."""
        roles = dict(roles or {})
        language = language_field(kinds, roles)
        facets = genre_fields(kinds, values, max_values, roles)
        people = tuple(
            (name, tuple(str(v) for v in values.get(name, ())))
            for name, kind in kinds.items()
            if kind in ("list", "category") and role_name(name, roles) in PEOPLE_FIELDS
        )
        year = _named(kinds, cues.YEAR_FIELDS, ("number",), roles)
        runtime = _named(kinds, cues.RUNTIME_FIELDS, ("number",), roles)
        return cls(
            roles=roles,
            group_size=_group_size(kinds, roles),
            facets=facets,
            people=people,
            language_field=language,
            languages=tuple(str(v) for v in values.get(language, ())) if language else (),
            year_field=year,
            runtime_field=runtime,
            numbers=tuple(
                n for n, k in kinds.items() if k == "number" and n not in (year, runtime)
            ),
            fields=tuple(kinds),
        )

    @classmethod
    def from_items(
        cls,
        items: Iterable[Item],
        kinds: Mapping[str, FieldKind],
        roles: Mapping[str, str] | None = None,
    ) -> Vocabulary:
        values: dict[str, dict[str, str]] = {k: {} for k, kind in kinds.items() if kind != "number"}
        for item in items:
            for name, seen in values.items():
                for v in item.values(name):
                    seen.setdefault(str(v).lower(), str(v))
        return cls.from_index(
            kinds, {k: sorted(v.values()) for k, v in values.items()}, roles=roles
        )

    @classmethod
    def from_catalog(cls, index: CatalogIndex) -> Vocabulary:
        names = [name for name, kind in index.kinds.items() if kind != "number"]
        values = {name: index.vocabulary(name) for name in names}
        return cls.from_index(index.kinds, values, roles=index.roles)


#: Words that start a surname: "Robert De Niro" is "De Niro", "Lars von Trier" "von Trier".
PARTICLES = frozenset({"de", "del", "della", "di", "da", "van", "von", "der", "den", "du", "le"})


def people_terms(
    fields: Iterable[tuple[str, Sequence[str]]],
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Lookup key -> ((field, lower-cased value), ...): full names, and unambiguous surnames
    (marked by a leading ``~``) that are not everyday words."""
    full: dict[str, list[tuple[str, str]]] = {}
    spaced: dict[str, list[tuple[str, str]]] = {}
    surnames: dict[tuple[str, str], set[str]] = {}
    for name, values in fields:
        for value in values:
            key = name_key(value)
            words = key.split()
            if len(words) < 2 or len(words) > MAX_NAME_WORDS:
                continue
            full.setdefault(key, []).append((name, value.strip().lower()))
            if "-" in key:  # "wong kar wai" for "Wong Kar-wai"
                spaced.setdefault(key.replace("-", " "), []).append((name, value.strip().lower()))
            last = words[-1]
            if len(words) >= 3 and words[-2] in PARTICLES:  # "de niro", "von trier"
                last = " ".join(words[-2:])
            if len(last) >= 2 and not everyday_word(last):
                surnames.setdefault((name, last), set()).add(value.strip().lower())
    terms = {k: tuple(dict.fromkeys(v)) for k, v in full.items()}
    for short, key in short_names(terms).items():  # "tony leung" for "Tony Leung Chiu-wai"
        terms[short] = terms[key]
    for key, targets in spaced.items():
        terms.setdefault(key, tuple(dict.fromkeys(targets)))
    bare: dict[str, set[tuple[str, str]]] = {}  # "octavia butler" for "Octavia E. Butler"
    for key, named in terms.items():
        plain = without_initials(key)
        if plain != key and plain not in terms:
            bare.setdefault(plain, set()).update(named)
    for plain, whom in bare.items():
        if len({value for _, value in whom}) == 1:  # one person: no guess between two
            terms[plain] = tuple(sorted(whom))
    by_surname: dict[str, list[tuple[str, str]]] = {}
    for (name, last), people in surnames.items():
        if len(people) == 1:
            by_surname.setdefault(last, []).append((name, next(iter(people))))
    for last, targets in by_surname.items():
        terms["~" + last] = tuple(targets)
    return terms


#: The shortest surname read without a cue beside it ("I love Bergman"); a shorter one ("Ozu",
#: "Ray") counts only right after "by", "with"... or before "films" (see
#: :func:`~pickwise.agent.understanding.people.read_people`).
SHORT_SURNAME = 4
#: Short words that are no name after "by" or "with", beside ``cues.COMMON_WORDS``: "by ear".
_SHORT_WORDS = cues.MINOR_WORDS | cues.words(
    "ear far car bus cab me us him her them it its one two all any now my our your his their "
    "mom mum dad pal sis bro ai tv dvd pc app web net box sky sea sun sat mon tue wed thu fri "
    "jan feb mar apr jun jul aug sep sept oct nov dec am pm"
)


#: A word said as a superlative: "the *scariest*", "the *funniest*", "the *saddest*".
SUPERLATIVE = re.compile(r"(?<![\w'-])[a-z]{2,}(?:iest|est)(?![\w'-])")


def adjective(superlative: str) -> str:
    """ "funniest" -> "funny", "scariest" -> "scary", "saddest" -> "sad", "most romantic" ->
    "romantic"; a word that is none ("honest") comes back as it is."""
    word = superlative.removeprefix("most ").removeprefix("least ")
    if word != superlative:
        return word
    if word.endswith("iest"):
        return word[:-4] + "y"
    if word.endswith("est"):
        stem = word[:-3]
        return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
    return word


def everyday_word(word: str) -> bool:
    """Whether a surname is also an everyday word ("may", "day", "ear"): never read alone."""
    return word in cues.COMMON_WORDS or (len(word) < SHORT_SURNAME and word in _SHORT_WORDS)


def without_initials(key: str) -> str:
    """A name key without its middle initials: "octavia e butler" -> "octavia butler", "ursula
    k le guin" -> "ursula le guin"; a name whose first word is an initial ("j r r tolkien") or
    that has none stays as it is."""
    words = key.split()
    if len(words) < 3 or len(words[0]) < 2:
        return key
    kept = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(kept)


def _named(
    kinds: Mapping[str, FieldKind],
    names: Sequence[str],
    allowed: Sequence[str],
    roles: Mapping[str, str],
) -> str | None:
    """The first field of ``names`` the catalog has; a field a spec gives the role comes
    first (``duration_min`` before a ``runtime`` the spec left alone)."""
    lowered = {
        role_name(name, roles): name
        for name, kind in sorted(kinds.items(), key=lambda nk: nk[0] in roles)
        if kind in allowed
    }
    return next((lowered[n] for n in names if n in lowered), None)


def _group_size(kinds: Mapping[str, FieldKind], roles: Mapping[str, str]) -> tuple[str, str] | None:
    """The catalog's pair of number fields of a group size ("min_players", "max_players")."""
    lowered = {
        role_name(name, roles): name
        for name, kind in sorted(kinds.items(), key=lambda nk: nk[0] in roles)
        if kind == "number"
    }
    return next(
        ((lowered[a], lowered[b]) for a, b in cues.GROUP_SIZE_FIELDS if {a, b} <= set(lowered)),
        None,
    )


def _language_terms(languages: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Surface form -> the lower-cased language values it names."""
    values = {fold_text(v.strip()): v.strip().lower() for v in languages if len(v.strip()) >= 2}
    terms: dict[str, tuple[str, ...]] = {k: (v,) for k, v in values.items()}
    for surface, wanted in cues.LANGUAGE_SYNONYMS.items():
        found = tuple(values[w] for w in wanted if w in values)
        if found:
            terms.setdefault(surface, found)
    return terms
