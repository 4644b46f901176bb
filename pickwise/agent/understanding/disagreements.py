"""Tastes said person by person ("movie night: Sam likes horror, Priya hates it, Tom only
watches comedies"): a refusal of "it" after a kind another person likes refuses that kind, and
a kind one person wants and another refuses is read as their overlap (see ``_settle`` in
:mod:`pickwise.agent.understanding.reader`)."""

from __future__ import annotations

import re

from pickwise.agent.understanding.vocabulary import Vocabulary

__all__ = ["kind_for_it", "overlap_said"]

#: Someone else than the speaker: a first name, a pronoun or a relation ("my wife").
_SOMEONE = (
    r"(?:(?-i:[A-Z][a-z]+)|s?he|they|(?:my|our|the) (?:\w+ )?(?:wife|husband|partner|friend"
    r"|brother|sister|mum|mom|dad|son|daughter|girlfriend|boyfriend|roommate|kids?))"
)
#: A refusal of something said before: "Priya hates it", "but my wife can't stand that".
_REFUSED_IT = re.compile(
    rf"(?P<kind>[\w-]+(?: [\w-]+)?)\s*(?:[,;]|\bbut\b|\band\b|\bwhile\b|\bwhereas\b)\s*"
    rf"(?:(?:but|and|while|whereas)\s+)?(?P<who>{_SOMEONE}|I)\s+"
    r"(?P<verb>hates?|can'?t stand|cannot stand|(?:doesn'?t|does not|don'?t|do not) (?:like|do"
    r"|watch)|won'?t watch|dislikes?|refuses?|(?:is|am|are) (?:scared|afraid) of)\s+"
    r"(?P<it>it|that|them|those)\b(?!\s+(?:when|if|that|how|because|so)\b)",
    re.IGNORECASE,
)


def kind_for_it(text: str, vocab: Vocabulary) -> str:
    """The text with "it" of a refusal written as the kind another person likes, said right
    before it: "Sam likes horror, Priya hates it" -> "..., Priya hates horror". "I loved
    Alien, my wife hates it" stays: Alien is no kind."""

    def kind(m: re.Match[str]) -> str:
        words = m.group("kind")
        start = max(text.rfind(c, 0, m.start()) for c in ".!?\n")
        if m.group("who") == "I" and re.search(r"\bI\b", text[start + 1 : m.start("who")]):
            return m.group()  # "I like horror and I hate it": one person
        said = next((w for w in (words, words.split()[-1]) if vocab.genre_targets(w)), "")
        if not said:
            return m.group()
        return m.group()[: m.start("it") - m.start()] + said

    return _REFUSED_IT.sub(kind, text)


def overlap_said(refused: str, overlap: str, others: str) -> str:
    """How a kind one wants and another refuses is settled, in words: "Horror for one of you
    but not for another: horror comedies first, then comedies." (``others`` may be "")."""
    then = f", then {others}" if others else ""
    return f"{refused.capitalize()} for one of you but not for another: {overlap} first{then}."
