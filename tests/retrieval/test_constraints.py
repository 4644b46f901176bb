"""Constraint parsing, and the index's fast masks agreeing with the per-item reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pickwise.errors import RequestError
from pickwise.retrieval.constraints import AnyOf, NoneOf, Range, parse_where, satisfies
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.items import Item

KINDS = {"year": "number", "genres": "list", "language": "category"}
BOUND = st.one_of(st.none(), st.integers(1988, 2002).map(float))
RANGES = st.builds(
    lambda lo, hi, s1, s2: Range("year", lo, hi, s1 and lo is not None, s2 and hi is not None),
    BOUND,
    BOUND,
    st.booleans(),
    st.booleans(),
)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("year>=1990", Range("year", min=1990)),
        ("year > 1990", Range("year", min=1990, min_strict=True)),
        ("year<2000", Range("year", max=2000, max_strict=True)),
        ("year<=2000", Range("year", max=2000)),
        ("year=1999", Range("year", 1999, 1999)),
        ("genres=Comedy", AnyOf("genres", frozenset({"comedy"}))),
        ("genres=comedy, drama", AnyOf("genres", frozenset({"comedy", "drama"}))),
        ("genres!=horror", NoneOf("genres", frozenset({"horror"}))),
        ("language==French", AnyOf("language", frozenset({"french"}))),
        # as a range prints itself, so the printed form is accepted back
        ("year>=1990 and year<=1999", Range("year", 1990, 1999)),
        ("year > 1990 AND year<2000 and year<=1995", Range("year", 1990, 1995, True, False)),
    ],
)
def test_parse_where(expr: str, expected: object) -> None:
    assert parse_where(expr, KINDS) == expected


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("year", "write FIELD OP VALUE"),
        ("year>=", "write FIELD OP VALUE"),
        ("year>=old", "not a number"),
        ("genres>=3", "holds text"),
        ("colour=red", "unknown field 'colour'; this catalog's fields are: genres, language"),
        ("genres=,", "at least one value"),
        ("year>=nan", "give a finite number, not 'nan'"),
        ("year<-inf", "give a finite number"),
        ("year>=2000 and year<1990", "no year meets all of these bounds"),
        ("year>=1990 and genres=drama", "'and' joins bounds on one number field"),
    ],
)
def test_parse_where_errors_say_how_to_fix(expr: str, message: str) -> None:
    with pytest.raises(RequestError, match=message):
        parse_where(expr, KINDS)


@given(RANGES, RANGES)
def test_an_intersection_accepts_what_both_ranges_accept(a: Range, b: Range) -> None:
    both = a.intersect(b)
    for half_years in range(2 * 1985, 2 * 2006):
        value = half_years / 2
        assert both.accepts(value) == (a.accepts(value) and b.accepts(value))
        assert not (both.empty and both.accepts(value))
    if not both.empty and (both.min, both.max) != (None, None):
        assert parse_where(str(both), KINDS) == both  # as it prints, it reads back


def test_missing_values_fail_ranges_and_includes_but_pass_excludes() -> None:
    item = Item("x", "X")
    assert not Range("year", min=1).accepts(item.metadata.get("year"))
    assert not AnyOf("genres", frozenset({"drama"})).accepts(None)
    assert NoneOf("genres", frozenset({"drama"})).accepts(None)


GENRES = ["Drama", "Comedy", "Horror", "Romance"]
items_strategy = st.lists(
    st.builds(
        lambda year, genres, lang: {"year": year, "genres": tuple(genres), "language": lang},
        st.one_of(st.none(), st.integers(1900, 2030)),
        st.lists(st.sampled_from(GENRES), max_size=3, unique=True),
        st.one_of(st.none(), st.sampled_from(["English", "French", "Korean"])),
    ),
    min_size=1,
    max_size=40,
)
constraint_strategy = st.one_of(
    st.builds(
        lambda lo, hi, s1, s2: Range("year", lo, hi, s1, s2),
        st.one_of(st.none(), st.integers(1900, 2030)),
        st.one_of(st.none(), st.integers(1900, 2030)),
        st.booleans(),
        st.booleans(),
    ),
    st.builds(
        lambda vs: AnyOf("genres", frozenset(v.lower() for v in vs)),
        st.lists(st.sampled_from(GENRES), min_size=1, max_size=2),
    ),
    st.builds(
        lambda vs: NoneOf("genres", frozenset(v.lower() for v in vs)),
        st.lists(st.sampled_from(GENRES), min_size=1, max_size=2),
    ),
    st.builds(
        lambda v: AnyOf("language", frozenset({v.lower()})),
        st.sampled_from(["English", "French", "Korean"]),
    ),
)


@given(items_strategy, st.lists(constraint_strategy, max_size=3))
def test_index_mask_matches_reference(metas: list[dict], constraints: list) -> None:
    items = [
        Item(str(i), f"t{i}", metadata={k: v for k, v in m.items() if v not in (None, ())})
        for i, m in enumerate(metas)
    ]
    index = CatalogIndex(items, np.zeros((len(items), 2), dtype=np.float32), KINDS)
    mask = index.mask(constraints)
    expected = [satisfies(item, constraints) for item in items]
    got = [True] * len(items) if mask is None else mask.tolist()
    assert got == expected
