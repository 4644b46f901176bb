"""How many people an item is for, read against the catalog's pair of group-size fields
(:attr:`~pickwise.agent.understanding.vocabulary.Vocabulary.group_size`, such as ``min_players``
and ``max_players``): "a 2-player game", "2 players", "for 8 people", "for two", "for the four
of us", "with 5 friends" (six people: the user and five friends).

A group of N asks for items whose minimum is at most N and whose maximum at least N, so a game
for 2 to 4 players fits "for 3 people". A comparison before the number ("at least 4 players") is
left to :mod:`~pickwise.agent.understanding.numbers`; a number with another unit ("for two hours",
"for 2 minutes") or a year ("for 2024") is no group.
"""

from __future__ import annotations

import re

from pickwise.agent import cues
from pickwise.agent.understanding.events import Event
from pickwise.agent.understanding.message import Message

__all__ = ["read_group_size"]

#: The largest group read: a bigger number is more likely something else.
MAX_GROUP = 30
_COUNT = r"(?P<n>\d{1,2}|" + "|".join(w for w in cues.NUMBER_WORDS if len(w) > 2) + ")"
_PEOPLE = r"(?:players?|people|persons?|ppl|guests|gamers)"
_PATTERNS = (
    # "a 2-player game", "2 players", "8 people", "two-player"
    re.compile(rf"\b{_COUNT}[\s-]*{_PEOPLE}\b"),
    # "for two", "for 8", "for the four of us", "for a group of 6" (no unit after it)
    re.compile(
        rf"\bfor\s+(?:(?:the|us|all)\s+)?(?:a\s+group\s+of\s+|groups?\s+of\s+)?{_COUNT}"
        r"(?:\s+of\s+us)?(?=\s*(?:[.,!?;:]|$|\b(?:please|tonight|today|at|on|and|who|that)\b))"
    ),
    # "with 5 friends", "with three others": the user and them
    re.compile(
        rf"\bwith\s+(?:my\s+)?{_COUNT}\s+(?P<others>friends|others|mates|buddies|colleagues"
        r"|kids|family members|people)\b"
    ),
)
#: A comparison right before the number: "at least 4 players" is a bound, not a group.
_COMPARED = re.compile(
    r"\b(?:at least|at most|more than|fewer than|less than|over|under|up to|min|max)\s*$"
)


def read_group_size(msg: Message) -> None:
    """A group size said in the message, as bounds on the catalog's group-size fields."""
    if msg.vocab.group_size is None:
        return
    low_field, high_field = msg.vocab.group_size
    for pattern in _PATTERNS:
        for m in pattern.finditer(msg.masked):
            if not msg.free(m.start(), m.end()):
                continue
            if _COMPARED.search(msg.masked, max(0, m.start() - 14), m.start()):
                continue
            said = m.group("n")
            size = int(said) if said.isdigit() else cues.NUMBER_WORDS[said]
            size += 1 if m.groupdict().get("others") else 0
            if not 0 < size <= MAX_GROUP:
                continue
            msg.events.append(Event(m.start(), "max", low_field, number=size))
            msg.events.append(Event(m.start(), "min", high_field, number=size))
            msg.claim(m.start(), m.end())
