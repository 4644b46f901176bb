"""Answers that weigh picks: side by side, and whether one suits a child."""

from __future__ import annotations

from pickwise.agent.answers import side_by_side, suits_child
from pickwise.data import demo_catalog_path
from pickwise.retrieval.loaders import load_items

ITEMS = {item.id: item for item in load_items(demo_catalog_path()).items}


def test_side_by_side_gives_the_facts_of_each_and_how_they_differ() -> None:
    text = side_by_side([ITEMS["psycho-1960"], ITEMS["get-out-2017"]], [2, 5])
    lines = text.splitlines()
    assert lines[0] == "Side by side:"
    assert lines[1] == (
        "- #2 **Psycho** (1960): horror, mystery and thriller; 109 min; by Alfred Hitchcock; "
        "in English."
    )
    assert lines[2].startswith("- #5 **Get Out** (2017): horror, thriller and mystery; 104 min")
    assert lines[3] == (
        "Both are horror, mystery and thriller films; Get Out is 5 minutes shorter; Psycho is "
        "57 years older."
    )


def test_side_by_side_of_titles_not_in_the_list_and_of_no_shared_genre() -> None:
    text = side_by_side([ITEMS["coco-2017"], ITEMS["stand-by-me-1986"]], [None, None])
    assert "- **Coco** (2017): animation, family and music" in text
    assert "They share no genre" in text


def test_a_horror_film_is_no_film_for_a_child() -> None:
    answer = suits_child(ITEMS["psycho-1960"], "a 10 year old")
    assert answer.startswith("No, not for a 10 year old: Psycho (1960) is a horror, mystery")
    assert "no age ratings" in answer
    # a thriller, a crime or a war film too, whatever else it is
    assert suits_child(ITEMS["the-third-man-1949"], "kids").startswith("No, not for kids")


def test_a_family_film_likely_suits_a_child_and_anything_else_is_not_known() -> None:
    assert suits_child(ITEMS["coco-2017"], "your 8 year old").startswith(
        "Likely yes: Coco (2017) is an animation, family and music film."
    )
    unknown = suits_child(ITEMS["stand-by-me-1986"], "your 8 year old")
    assert unknown.startswith("Hard to say for your 8 year old: Stand by Me (1986) is a drama")
    assert "not listed as a family film" in unknown


def test_one_minute_or_one_year_apart_is_said_in_the_singular() -> None:
    # Caché (117 min) and Rififi (118 min): it said "Caché is 1 minutes shorter"
    text = side_by_side([ITEMS["cache-2005"], ITEMS["rififi-1955"]], [1, 2])
    assert "Caché is 1 minute shorter" in text
