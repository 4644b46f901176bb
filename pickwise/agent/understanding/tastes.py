"""The kinds a message asks for (:class:`Taste`): one ("a sci-fi comedy", "something scary"),
whose films the agent puts first, or several at once ("she likes rom-coms, I like sci-fi", "a
comedy or a horror", "one comedy and one horror"), which it mixes.

Genre words asked for as they are (no "only", no refusal) fall into groups: words with only
spaces or filler between them are one kind ("a sci-fi comedy", "dark romantic comedy"); a comma,
"and", "or", "but" or a new sentence starts another. A number right
before a group ("one comedy", "two scary films") is its count; the counts hold only when every
group has one, and at least one of them is more than "a" ("two comedies and a horror": 2 and 1;
"a comedy or a horror" has none).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pickwise.agent import cues
from pickwise.agent.understanding.message import Message, TermHit
from pickwise.agent.understanding.result import Taste

__all__ = ["MAX_COUNT", "mixed_count", "read_tastes"]

#: The most picks a message can ask for.
MAX_COUNT = 10

#: What separates two kinds: "rom-coms, sci-fi", "comedy or horror", "she likes X and I like Y".
_APART = re.compile(r"[,;.!?\n/&+]|\b(?:or|and|but|while|whereas|plus|then|either)\b")
#: A kind's word said of "one" ("a funny one"): it describes a kind named before.
_ONE = re.compile(r"\s+ones?\b")
#: A count right before a kind's words: "one comedy", "two scary films", "1 horror".
_COUNT = re.compile(
    rf"\b(?P<n>an?|one|{cues.COUNT_WORD})\s+(?:(?:good|great|nice|fun|little|old|new|proper|really)\s+)?$"
)


def read_tastes(msg: Message) -> tuple[Taste, ...]:
    """The kinds the message asks for, in order: one ("a sci-fi comedy") or more ("a comedy or
    a horror"); counts only for two or more."""
    groups: list[list[TermHit]] = []
    for hit in sorted(msg.asked_genres):
        # "a western after all, but a funny one": "one" is that western, a funny one
        refers_back = bool(_ONE.match(msg.masked, hit[1]))
        if groups and (refers_back or not _APART.search(msg.masked, groups[-1][-1][1], hit[0])):
            groups[-1].append(hit)
        else:
            groups.append([hit])
    kinds: dict[tuple[tuple[str, str], ...], tuple[str, str]] = {}  # genres -> label, count
    for group in groups:
        genres = tuple(dict.fromkeys(t for hit in group for t in hit[2]))
        label = " ".join(
            msg.corrected.get(s) or " ".join(msg.text[s:e].lower().split()) for s, e, _ in group
        )
        before = _COUNT.search(msg.masked[max(0, group[0][0] - 30) : group[0][0]])
        kinds.setdefault(genres, (label, before.group("n") if before else ""))
    words = [word for _, word in kinds.values()]
    counted = len(kinds) > 1 and all(words) and not all(w in ("a", "an") for w in words)
    return tuple(
        Taste(label, genres, _number(word) if counted else None)
        for genres, (label, word) in kinds.items()
    )


def _number(word: str) -> int:
    return int(word) if word.isdigit() else cues.NUMBER_WORDS[word]


def mixed_count(tastes: Sequence[Taste]) -> int | None:
    """How many picks a mix with a count per kind asks for ("one comedy and one horror": 2)."""
    if len(tastes) < 2 or not all(t.count for t in tastes):
        return None
    return min(sum(t.count or 0 for t in tastes), MAX_COUNT)
