"""Small helpers for the sentences pickwise writes."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["a_or_an", "is_film", "listed", "plural"]


def listed(words: Sequence[str], last: str = "and") -> str:
    """Words as a list in a sentence: "a", "a and b", "a, b and c" ("" for none); ``last``
    joins the last two ("a, b or c")."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def plural(noun: str) -> str:
    """The plural of a catalog's noun ("film" -> "films", "story" -> "stories", "box" ->
    "boxes"); a noun already plural in form ("series") stays as it is."""
    if not noun or noun.endswith("ies"):
        return noun
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + "ies"
    return noun + "s"


def a_or_an(word: str) -> str:
    """A word with its indefinite article: "a film", "an item"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def is_film(noun: str) -> bool:
    """Whether a catalog's noun (or its plural) is of films: their replies keep film words
    ("watch", "runs 117 minutes"), the others' say neutral ones ("pick", "takes")."""
    return noun.strip().lower() in ("film", "films", "movie", "movies")
