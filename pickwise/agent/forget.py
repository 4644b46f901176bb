"""Taking back the last request ("forget that", "scratch that, a heist movie").

A turn that asks for something is kept in the thread as a record: the words it asked for, what
it changed in the profile, and the request as it was before it. "forget that" drops those words
and changes (likes, dislikes and older wishes stay) and goes back to that request. A turn that
only says what the user thought of titles ("seen it", "loved Alien") is kept as those titles:
"forget that" then forgets what it said of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pickwise.agent.profile import Profile
from pickwise.retrieval.constraints import Constraint, constraint_from_dict, constraint_to_dict
from pickwise.text import listed

__all__ = [
    "REQUEST_KEYS",
    "forgotten",
    "held",
    "marks",
    "record",
    "record_marks",
    "request_state",
    "take_back",
]

#: The profile's opinions on titles and people, and how a change says each ("you have seen
#: Alien", "you like Denis Villeneuve").
_KINDS = {"seen": "have seen", "liked": "liked", "disliked": "disliked", "liked_people": "like"}

#: The thread state that makes up the request going on.
REQUEST_KEYS = (
    *("last_query", "last_wish", "last_seeds", "last_where", "last_avoid", "last_tastes"),
    "last_count",
)
#: The empty value of a request key that is not a list.
_EMPTY: dict[str, Any] = {"last_query": "", "last_wish": "", "last_count": 0}


def request_state(state: Mapping[str, Any]) -> dict[str, Any]:
    """The thread's request as it is, to come back to (empty values for a new thread)."""
    return {key: state.get(key) or _EMPTY.get(key, []) for key in REQUEST_KEYS}


def held(p: Profile) -> tuple[list[str], list[Constraint]]:
    """What a request may change in a profile: its aspects and constraints."""
    return list(p.aspects), list(p.constraints)


def record(
    before: tuple[list[str], list[Constraint]],
    p: Profile,
    said: Sequence[str],
    avoid: Sequence[str],
    state: Mapping[str, Any],
    asked: tuple[Sequence[str], Sequence[Constraint]] = ((), ()),
) -> dict[str, Any]:
    """A request to take back later: the words it asked for (``said``, ``avoid``), what it did to
    the profile (held ``before`` it, ``p`` after) and the thread's request before it; {} when
    it asked for nothing new. What it ``asked`` (aspects, constraints) that the profile held
    already goes too: said again, then "forget that", it is not wanted now."""
    aspects, constraints = before
    again = {a.lower() for a in asked[0]}
    changed = {
        "aspects": [a for a in p.aspects if a not in aspects or a.lower() in again],
        "aspects_gone": [a for a in aspects if a not in p.aspects],
        "constraints": [
            constraint_to_dict(c) for c in p.constraints if c not in constraints or c in asked[1]
        ],
        "constraints_gone": [constraint_to_dict(c) for c in constraints if c not in p.constraints],
    }
    if not (said or avoid or any(changed.values())):
        return {}
    return {"said": list(said), "avoid": list(avoid), **changed, "before": request_state(state)}


def marks(p: Profile) -> list[list[str]]:
    """The profile's opinions on titles, as ``[kind, item id, title]``."""
    return [[kind, i, t] for kind in _KINDS for i, t in getattr(p, kind).items()]


def record_marks(marked: Sequence[Sequence[str]], state: Mapping[str, Any]) -> dict[str, Any]:
    """A turn that only said what the user thought of titles (``marked``, as :func:`marks`):
    taken back, those opinions go; the request goes on as it was."""
    return {"marked": [list(m) for m in marked], "before": request_state(state)}


def take_back(request: Mapping[str, Any], p: Profile) -> None:
    """Undo what a request did to the profile: what it added goes, what it replaced comes back
    (what the user said since about titles stays)."""
    added = [constraint_from_dict(c) for c in request.get("constraints", ())]
    p.constraints = [c for c in p.constraints if c not in added]
    for c in map(constraint_from_dict, request.get("constraints_gone", ())):
        if c not in p.constraints:
            p.constraints.append(c)
    p.aspects = [a for a in p.aspects if a not in request.get("aspects", ())]
    for aspect in request.get("aspects_gone", ()):
        p.add_aspect(aspect)
    for kind, item_id, _ in request.get("marked", ()):
        getattr(p, kind).pop(item_id, None)


def forgotten(request: Mapping[str, Any], say: Callable[[Constraint], str]) -> list[str]:
    """What taking a request back dropped, in words ("forgot that you want lighter")."""
    out = [f"forgot that you {_KINDS[k]} {title}" for k, _, title in request.get("marked", ())]
    if request.get("said"):
        out.append(f"forgot that you want {listed(list(request['said']))}")
    if request.get("avoid"):
        out.append(f"forgot that you'd rather avoid {listed(list(request['avoid']))}")
    out += [f'dropped "{say(constraint_from_dict(c))}"' for c in request.get("constraints", ())]
    gone = request.get("constraints_gone", ())
    out += [f'"{say(constraint_from_dict(c))}" holds again' for c in gone]
    return out
