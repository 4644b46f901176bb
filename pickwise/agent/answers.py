"""Answers that weigh picks against each other or against who watches, from the catalog only.

* :func:`side_by_side`: "compare 1 and 2" -> each pick's year, genres, runtime, director and
  language, then what they share and how far apart they are.
* :func:`suits_child`: "is it ok for a 10 year old?" -> read from its genres: a horror film or
  a thriller is no film for a child, a family or animated film likely is, and anything else is
  not known (the catalog has no age ratings, unless a field holds one).
* :func:`field_answer`: "who designed it?", "how many players for the first one?", "what
  cuisine is it?" -> that field of the item, or that the catalog does not say.
"""

from __future__ import annotations

from collections.abc import Sequence

from pickwise.agent.cues import ADULT_KINDS, CHILD_KINDS, FIELD_QUESTIONS, GROUP_SIZE_FIELDS
from pickwise.agent.explain import MAX_FACTS_VALUES, fact_field, kind_sentence, number_fact
from pickwise.retrieval.items import Item
from pickwise.text import listed

__all__ = ["field_answer", "side_by_side", "suits_child"]


def _kinds(item: Item) -> list[str]:
    """The item's genres, lower-cased, as the catalog orders them."""
    name = fact_field(item, "genre")
    return [str(v).lower() for v in item.values(name)] if name else []


def _number(item: Item, asks: str) -> float | None:
    name = fact_field(item, asks)
    value = item.metadata.get(name) if name else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _line(item: Item, place: int | None) -> str:
    """ "- #1 **Psycho** (1960): horror, mystery and thriller; 109 min; by Alfred Hitchcock;
    in English." (what the catalog has of those)."""
    facts = []
    if kinds := _kinds(item):
        facts.append(listed(kinds))
    if (minutes := _number(item, "runtime")) is not None:
        facts.append(f"{minutes:g} min")
    if director := fact_field(item, "director"):
        facts.append(f"by {listed([str(v) for v in item.values(director)][:2])}")
    if language := fact_field(item, "language"):
        facts.append(f"in {listed([str(v) for v in item.values(language)][:2])}")
    year = f" ({item.shown_year})" if item.shown_year else ""
    number = f"#{place} " if place else ""
    return f"- {number}**{item.title}**{year}: {'; '.join(facts) or 'no facts recorded'}."


def _apart(a: Item, b: Item) -> list[str]:
    """How two items differ in runtime and year: "Psycho is 13 minutes shorter and 2 years
    older"."""
    said: dict[str, list[str]] = {}
    ra, rb = _number(a, "runtime"), _number(b, "runtime")
    if ra is not None and rb is not None and ra != rb:
        shorter, gap = (a, rb - ra) if ra < rb else (b, ra - rb)
        minutes = f"{gap:g} minute{'s' if gap != 1 else ''}"
        said.setdefault(shorter.title, []).append(f"{minutes} shorter")
    ya, yb = _number(a, "year"), _number(b, "year")
    if ya is not None and yb is not None and ya != yb:
        older, gap = (a, yb - ya) if ya < yb else (b, ya - yb)
        said.setdefault(older.title, []).append(f"{gap:g} year{'s' if gap != 1 else ''} older")
    return [f"{title} is {listed(ways)}" for title, ways in said.items()]


def side_by_side(items: Sequence[Item], places: Sequence[int | None], nouns: str = "films") -> str:
    """The items' facts one line each (``places``: their numbers in the list shown, or None),
    then the genres they share and, for two, how far apart they are in length and age."""
    lines = ["Side by side:", *(_line(i, p) for i, p in zip(items, places, strict=True))]
    shared = [k for k in _kinds(items[0]) if all(k in _kinds(i) for i in items[1:])]
    notes = []
    if shared:
        both = "Both" if len(items) == 2 else "All"
        notes.append(f"{both} are {listed(shared)} {nouns}")
    elif all(_kinds(i) for i in items):
        notes.append("They share no genre")
    if len(items) == 2:
        notes += _apart(items[0], items[1])
    if notes:
        lines.append("; ".join(notes) + ".")
    return "\n".join(lines)


def suits_child(item: Item, who: str, noun: str = "film") -> str:
    """Whether ``item`` suits a child (``who``: "a 10 year old", "your kids"), read from its
    genres: said carefully, since the catalog records no age rating (a rating field, if it has
    one, is named)."""
    kinds = _kinds(item)
    genre = fact_field(item, "genre")
    said = kind_sentence(item, genre, noun) if genre else f"{item.heading()} has no genre listed."
    rating_field = fact_field(item, "rating")
    rated = (
        f" It is rated {listed([str(v) for v in item.values(rating_field)])}."
        if rating_field
        else " The catalog has no age ratings, so this goes by its genres."
    )
    adult = [k for k in kinds if k in ADULT_KINDS]
    if adult:
        return f"No, not for {who}: {said}{rated}"
    if any(k in CHILD_KINDS for k in kinds):
        return f"Likely yes: {said}{rated}"
    return f"Hard to say for {who}: {said} It is not listed as a family {noun}.{rated}"


def field_answer(item: Item, key: str) -> str:
    """The answer to a question about one field of an item (``key``: a field's name, or the
    first word of a :data:`~pickwise.agent.cues.FIELD_QUESTIONS` entry): "Catan (1995) was
    designed by Klaus Teuber.", "Patchwork (2014) is for 2 players.", "The cuisine of Pad Thai is
    Thai."; "The catalog doesn't say who designed Miso Soup." when it has no such field."""
    head = item.heading()
    entry = next((e for e in FIELD_QUESTIONS if e[0][0] == key), None)
    if entry is not None and entry[0][0] == "players" and (counts := _players(item)):
        low, high = counts
        return (
            f"{head} is for {low:g} player{'s' if high > 1 else ''}."
            if low == high
            else (f"{head} is for {low:g} to {high:g} players.")
        )
    name = _field(item, (key,) if entry is None else entry[0])
    if name is None:
        asked = entry[2] if entry else f"the {key.replace('_', ' ')} of {{}}"
        return f"The catalog doesn't say {asked.format(head)}."
    values = item.values(name)
    said = listed([str(v) for v in values[:MAX_FACTS_VALUES]])
    if entry is not None and entry[3]:
        return f"{head} {entry[3]} {said}."
    if len(values) == 1 and isinstance(values[0], int | float) and not isinstance(values[0], bool):
        return f"{head}: {number_fact(name, values[0])}."
    words = name.replace("_", " ").lower()
    verb = "are" if len(values) > 1 else "is"
    return f"The {words} of {head} {verb} {said}."


def _field(item: Item, names: Sequence[str]) -> str | None:
    """The item's field, with a value, that one of ``names`` is, or whose name starts with
    one of them ("designers" for "designer")."""
    fields = [n for n in item.metadata if item.values(n)]
    for wanted in names:
        found = next((n for n in fields if n.lower() == wanted.lower()), None)
        found = found or next((n for n in fields if n.lower().startswith(wanted.lower())), None)
        if found:
            return found
    return None


def _players(item: Item) -> tuple[float, float] | None:
    """The item's (fewest, most) players from a pair of group-size fields, if it has both."""
    numbers = {
        n.lower(): v
        for n, v in item.metadata.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    for low, high in GROUP_SIZE_FIELDS:
        if low in numbers and high in numbers:
            return float(numbers[low]), float(numbers[high])
    return None
