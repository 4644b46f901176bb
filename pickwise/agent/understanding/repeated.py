"""Questions about what keeps coming back: "why do you keep suggesting Nolan?", "why so much
horror?". They name a person or a genre of the catalog, and ask why, not for a film."""

from __future__ import annotations

import re

from pickwise.agent.understanding.message import Message
from pickwise.agent.understanding.vocabulary import name_key

__all__ = ["kept_suggesting"]

_VERB = r"(?:suggest|recommend|show|pick|push|giv|bring|throw|offer)\w*"
_KEEPS = re.compile(
    r"\bwhy\s+(?:(?:do|does|did|are|would|must)\s+(?:you|u)\s+)?"
    rf"(?:(?:keep|kept|always|still|only|constantly)\s+(?:on\s+)?)+{_VERB}\s+(?:me\s+|us\s+)?"
    r"(?:(?:so\s+many|so\s+much|all\s+(?:these|the|those)|more|these|those|the)\s+)?"
    r"(?P<what>[^?.!,;]+)"
    r"|\bwhy\s+(?:so\s+many|so\s+much|all\s+(?:these|the|those))\s+(?P<what2>[^?.!,;]+)"
)
_TAIL = re.compile(
    r"(?:\s*'s)?(?:\s+(?:films?|movies?|stuff|ones?|flicks?|things?|all the time|again"
    r"|every time|lately|to me|to us))+\s*$"
)


def kept_suggesting(msg: Message) -> tuple[tuple[str, str], ...]:
    """The (field, value) pairs of the person or genre a "why do you keep suggesting X?"
    question names; () when it names none the catalog knows ("why do you keep suggesting
    old films?" asks about no one)."""
    found = _KEEPS.search(msg.masked)
    if found is None:
        return ()
    group = "what" if found.group("what") else "what2"
    said = _TAIL.sub("", msg.text[found.start(group) : found.end(group)]).strip()
    key = name_key(said)
    people = msg.vocab.people_terms
    targets = people.get(key) or people.get(f"~{key}") or msg.vocab.genre_targets(said.lower())
    return tuple(targets)
