"""How an item names itself to people: its title, with the year unless the title already has it."""

from __future__ import annotations

import pytest

from pickwise.agent.explain import describe, reasons
from pickwise.retrieval.items import Item
from pickwise.retrieval.recommender import Recommendation, Signal


@pytest.mark.parametrize(
    ("title", "year", "heading"),
    [
        ("Arrival", 2016, "Arrival (2016)"),
        ("It (2017)", 2017, "It (2017)"),  # ReDial's titles carry the year
        ("It (1990)", 2017, "It (1990) (2017)"),  # a different year is still shown
        ("Arrival", None, "Arrival"),
        ("Arrival", 2016.0, "Arrival (2016)"),
    ],
)
def test_the_year_is_shown_once(title: str, year: int | None, heading: str) -> None:
    item = Item("x", title, "", {} if year is None else {"year": year})
    assert item.heading() == heading
    assert describe(item).startswith(heading + " is a film")


def test_two_sources_with_the_same_reason_give_it_once() -> None:
    item = Item("x", "Scream (1996)", "", {"year": 1996})
    rec = Recommendation(item, 1.0, (Signal("context", 1.0, 0.6), Signal("neighbours", 1.0, 0.3)))
    assert reasons(rec) == ["people who asked for something like this often chose it"]
    assert rec.reason().count("people who asked") == 1
