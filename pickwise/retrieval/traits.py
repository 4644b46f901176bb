"""Traits shared with the items talked about: the ``traits`` source.

A person who names films they like tells more than the films' text: their genres, the people who
made them, their years. The ``traits`` source scores each candidate by what its metadata shares
with the items mentioned so far (liked ones included):

- **genres**: the cosine between the candidate's genre values and the mentioned items' genres
  added up (the catalog's genre-like fields, :func:`pickwise.retrieval.genres.genre_fields`);
- **people**: how many of the mentioned items' people (directors, cast...) it features;
- **era**: how close its year is to the mentioned items' mean year.

The latest :data:`~pickwise.retrieval.sources.MAX_LIKED_SEEDS` items mentioned count (a long
history of likes says more by its recent end).

Each part is z-scored over the candidates, capped at :data:`PART_Z_CAP` (one person shared with one
candidate only must not outweigh every genre in common) and the parts are added, genres counting 1
and people and era :data:`PART_WEIGHTS` each (measured on ReDial by cross-validation,
docs/EVALUATION.md). A part the catalog lacks (no year field, say) is left out. Like the ``genres``
source it proposes nothing and re-ranks what the other sources found. A mentioned item itself scores
0 (the mean: it would share everything with itself), as in the ``alike`` source; whether it comes
back is the ``mentioned`` source's call. Evidence: the mentioned item the candidate shares the most
with; :meth:`TraitsSource.details` names what they share (genres, people, a decade), for the reason
shown to the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from pickwise.retrieval.fusion import zscore
from pickwise.retrieval.genres import GenreSource, index_genre_fields
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import FieldKind, role_name
from pickwise.retrieval.people import PEOPLE_FIELDS
from pickwise.retrieval.sources import MAX_LIKED_SEEDS, Context
from pickwise.text import listed

__all__ = [
    "PART_WEIGHTS",
    "PART_Z_CAP",
    "YEAR_FIELDS",
    "TraitsSource",
    "shared_reason",
    "year_field",
]

#: Number fields that hold an item's year (the first one a catalog has is its year field).
YEAR_FIELDS = ("year", "release_year", "year_released", "released_year")
#: How much each part counts beside the genres (z-scores over the candidates are added).
PART_WEIGHTS: Mapping[str, float] = {"genres": 1.0, "people": 0.5, "era": 0.5}
#: Upper bound on each part's z-score before the parts are added. A person shared with one
#: candidate only gives it a z-score of 10 or more: after "I loved Toy Story", Saving Private Ryan
#: (Tom Hanks, no genre in common) came before Shrek and Inside Out.
PART_Z_CAP = 3.0
#: Years apart at which the era part of the evidence reaches nothing.
ERA_SPAN = 10.0
#: At most this many genres and this many people are named in a reason.
MAX_NAMED = 2


def shared_reason(title: str, shared: tuple[str, ...]) -> str:
    """The reason a ``traits`` signal gives: "it shares sci-fi, Amy Adams and the 2010s with X"."""
    if not shared:
        return f"it shares genres, people or years with {title}"
    return f"it shares {listed(shared)} with {title}"


def year_field(
    kinds: Mapping[str, FieldKind], roles: Mapping[str, str] | None = None
) -> str | None:
    """The catalog's year field (a number field named as in :data:`YEAR_FIELDS`, or given the
    role by a spec's ``roles``), if any."""
    lowered = {role_name(n, roles): n for n, kind in kinds.items() if kind == "number"}
    return next((lowered[n] for n in YEAR_FIELDS if n in lowered), None)


@dataclass(frozen=True)
class _Traits:
    #: Rows x genre values, each row of unit length (or zero); ``None`` without genre fields.
    genres: sp.csr_matrix | None
    #: Lower-cased genre value -> its columns in ``genres`` (one per genre field that has it).
    genre_columns: dict[str, list[int]]
    #: Rows x people (names lower-cased, as the index's postings key them), 0/1; ``None``
    #: without people fields.
    people: sp.csr_matrix | None
    #: The year column (NaN where unknown); ``None`` without a year field.
    years: np.ndarray | None


def _capped(values: np.ndarray) -> np.ndarray:
    """A part's z-scores over the candidates, at most :data:`PART_Z_CAP`."""
    return np.minimum(zscore(np.asarray(values, dtype=np.float64).ravel()), PART_Z_CAP)


def _incidence(
    rows_values: list[set[str]], columns: dict[str, int] | None = None
) -> sp.csr_matrix | None:
    """A 0/1 rows x values matrix, or ``None`` when no row has a value; ``columns`` (given
    empty) is filled with each value's column."""
    columns = {} if columns is None else columns
    indices: list[int] = []
    indptr = [0]
    for values in rows_values:
        indices.extend(columns.setdefault(v, len(columns)) for v in sorted(values))
        indptr.append(len(indices))
    if not columns:
        return None
    data = np.ones(len(indices), dtype=np.float64)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows_values), len(columns)))


class TraitsSource:
    """Re-scores candidates by the genres, people and era they share with the mentioned items.

    Reads ``Context.mentioned_rows`` (the items mentioned or liked so far). Proposes nothing
    (see the module's docstring).
    """

    name = "traits"
    #: It re-scores the other sources' candidates.
    proposes = False

    def __init__(
        self,
        index: CatalogIndex,
        part_weights: Mapping[str, float] = PART_WEIGHTS,
        genres: GenreSource | None = None,
    ):
        self.index = index
        #: Reads which genres the request would rather avoid (:meth:`GenreSource.avoided`).
        self.genres = genres
        self.part_weights = dict(part_weights)
        self._traits: _Traits | None = None
        kinds = index.kinds
        self._people_fields = [
            f
            for f, k in kinds.items()
            if k in ("list", "category") and role_name(f, index.roles) in PEOPLE_FIELDS
        ]
        self._year_field = year_field(kinds, index.roles)

    @cached_property
    def _genre_fields(self) -> list[str]:
        """The catalog's genre-like fields (read from its values: at the first request, not
        when the recommender is built)."""
        return [f for f, _ in index_genre_fields(self.index)]

    @cached_property
    def _named_genres(self) -> tuple[list[str], list[str]]:
        """The genre-like fields a reason names first, those called genres (a shared country
        says less), and the others ("Japan (country)"), named only when no genre is shared."""
        named = [f for f in self._genre_fields if "genre" in f.lower()]
        return named, [f for f in self._genre_fields if f not in named]

    def _lookup(self) -> _Traits:
        """The items' genre, people and year columns (built once)."""
        if self._traits is None:
            genre_names, people_names = self._genre_fields, self._people_fields
            columns: dict[str, int] = {}
            genres = _incidence(
                [
                    {f"{f}\x1f{str(v).lower()}" for f in genre_names for v in item.values(f)}
                    for item in self.index.items
                ],
                columns,
            )
            genre_columns: dict[str, list[int]] = {}
            for key, column in columns.items():
                genre_columns.setdefault(key.split("\x1f", 1)[1], []).append(column)
            if genres is not None:
                norms = np.sqrt(np.asarray(genres.sum(axis=1)).ravel())
                genres = sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1.0)) @ genres)
            people = _incidence(
                [
                    {str(v).strip().lower() for f in people_names for v in item.values(f)} - {""}
                    for item in self.index.items
                ]
            )
            year = self._year_field
            years = self.index.number_column(year) if year else None
            if years is not None and not np.isfinite(years).any():
                years = None
            self._traits = _Traits(genres, genre_columns, people, years)
        return self._traits

    def active(self, ctx: Context) -> bool:
        traits = self._lookup()
        return len(ctx.mentioned_rows) > 0 and (
            traits.genres is not None or traits.people is not None or traits.years is not None
        )

    def candidates(self, ctx: Context, n: int) -> np.ndarray:
        return np.zeros(0, dtype=np.int64)

    def score(self, ctx: Context, rows: np.ndarray) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        seeds = ctx.mentioned_rows[-MAX_LIKED_SEEDS:]  # the latest: recent tastes count
        # a mentioned item shares everything with itself: it is left to the `mentioned` source,
        # and the others are compared among themselves
        itself = np.isin(rows, seeds)
        total = np.zeros(len(rows), dtype=np.float64)
        evidence: list[tuple[str, ...]] = [()] * len(rows)
        others = np.flatnonzero(~itself)
        if len(others):
            scores, found = self._shared(seeds, rows[others], self._avoided(ctx))
            total[others] = scores
            for j, e in zip(others, found, strict=True):
                evidence[j] = e
        return total, evidence

    def _avoided(self, ctx: Context | None) -> frozenset[str]:
        """The lower-cased genres the request would rather avoid: "like Alien but less horror"
        wants what Alien shares but horror."""
        if self.genres is None or ctx is None:
            return frozenset()
        return frozenset(name.lower() for name, _ in self.genres.avoided(ctx))

    def _shared(
        self, seeds: np.ndarray, rows: np.ndarray, avoided: frozenset[str] = frozenset()
    ) -> tuple[np.ndarray, list[tuple[str, ...]]]:
        """Each part z-scored over ``rows`` (none of them a seed) and added; each row's evidence.
        A genre in ``avoided`` counts as not shared."""
        traits = self._lookup()
        total = np.zeros(len(rows), dtype=np.float64)
        # per (row, seed): what they share, for the evidence
        shared = np.zeros((len(rows), len(seeds)), dtype=np.float64)
        if traits.genres is not None:
            of_rows, of_seeds = traits.genres[rows], traits.genres[seeds]
            dropped = [c for g in avoided for c in traits.genre_columns.get(g, ())]
            if dropped:
                keep = np.ones(traits.genres.shape[1])
                keep[dropped] = 0.0
                of_seeds = of_seeds @ sp.diags(keep)
            per_seed = (of_rows @ of_seeds.T).toarray()
            liked = np.asarray(of_seeds.sum(axis=0)).ravel()
            norm = float(np.linalg.norm(liked))
            if norm > 0:
                total += self.part_weights["genres"] * _capped(of_rows @ (liked / norm))
            shared += per_seed
        if traits.people is not None:
            per_seed = (traits.people[rows] @ traits.people[seeds].T).toarray()
            theirs = np.asarray(traits.people[seeds].sum(axis=0)).ravel() > 0
            total += self.part_weights["people"] * _capped(traits.people[rows] @ theirs)
            shared += per_seed
        if traits.years is not None:
            seed_years = traits.years[seeds]
            if np.isfinite(seed_years).any():
                apart = np.abs(traits.years[rows] - float(np.nanmean(seed_years)))
                closeness = -np.where(np.isfinite(apart), apart, np.nanmax(apart, initial=0.0))
                total += self.part_weights["era"] * _capped(closeness)
                gaps = np.abs(traits.years[rows][:, None] - seed_years[None, :])
                shared += np.clip(1.0 - np.nan_to_num(gaps, nan=ERA_SPAN) / ERA_SPAN, 0.0, 1.0)
        best = np.argmax(shared, axis=1) if len(seeds) else np.zeros(len(rows), dtype=np.int64)
        items = self.index.items
        evidence: list[tuple[str, ...]] = [
            (items[int(seeds[b])].id,) if len(seeds) and shared[j, b] > 0 else ()
            for j, b in enumerate(best)
        ]
        return total, evidence

    def details(
        self, row: int, evidence: tuple[str, ...], ctx: Context | None = None
    ) -> tuple[str, ...]:
        """What the item at ``row`` shares with its evidence item, as short phrases for a reason.

        Its genres in common (lower-cased; without any, and without people in common, the values
        of its other genre-like fields in common, labelled: "Japan (country)") and people in
        common (at most :data:`MAX_NAMED` of each, the item's own spelling and order), then the
        decade when both are from the same one (else "the same era" when they are less than
        :data:`ERA_SPAN` years apart, as the evidence counts them): ``("sci-fi", "drama", "Denis
        Villeneuve", "the 2010s")``. A genre the request (``ctx``) would rather avoid is not named:
        after "like Alien but less horror", Aliens "shares sci-fi", not horror.
        """
        seed_row = self.index.row_of.get(evidence[0]) if evidence else None
        if seed_row is None:
            return ()
        item, seed = self.index.items[row], self.index.items[seed_row]

        def common(
            fields: list[str], label: bool = False, leave_out: frozenset[str] = frozenset()
        ) -> list[str]:
            found: dict[str, None] = {}
            for f in fields:
                theirs = {str(v).strip().lower() for v in seed.values(f)} - leave_out
                for v in (str(v).strip() for v in item.values(f)):
                    if v and v.lower() in theirs:
                        found[f"{v} ({f.replace('_', ' ')})" if label else v] = None
            return list(found)[:MAX_NAMED]

        named, others = self._named_genres
        avoided = self._avoided(ctx)
        genres = [g.lower() for g in common(named, leave_out=avoided)]
        people = common(self._people_fields)
        # a shared country says the least: named only when no genre and no person is shared
        shared = (genres or ([] if people else common(others, label=True))) + people
        if self._year_field:
            years = [i.metadata.get(self._year_field) for i in (item, seed)]
            if all(isinstance(y, int | float) and np.isfinite(y) for y in years):
                a, b = (float(y) for y in years)  # type: ignore[arg-type]
                if int(a) // 10 == int(b) // 10:
                    shared.append(f"the {int(a) // 10 * 10}s")
                elif abs(a - b) < ERA_SPAN:  # the era part of the evidence counts it
                    shared.append("the same era")
        return tuple(dict.fromkeys(shared))
