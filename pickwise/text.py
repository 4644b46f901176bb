"""Small helpers for the sentences pickwise writes."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["listed"]


def listed(words: Sequence[str], last: str = "and") -> str:
    """Words as a list in a sentence: "a", "a and b", "a, b and c" ("" for none); ``last``
    joins the last two ("a, b or c")."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]
