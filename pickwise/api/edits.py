"""A profile edit (``PATCH /v1/users/{id}/profile``), checked whole before the agent applies it.

The agent edits a profile as a conversation goes: a later statement overrides an earlier one
("only comedies", then "only dramas"). A PATCH says everything at once, so no part of it may be
dropped without a word: its bounds on a number field meet each other and the profile's range in
one range, constraints of the edit that contradict each other are a 422, as an item both liked
and disliked, and so is an ``allow`` that cannot be read or names no field; one that lifts
nothing is a 404, as a ``remove`` of an entry the profile does not have.

A recommendation request's bounds are checked the same way (:func:`check_bounds`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pickwise.agent.app import Pickwise
from pickwise.agent.profile import Profile
from pickwise.api.schemas import ProfileEdit
from pickwise.errors import NotFoundError, RequestError
from pickwise.retrieval.constraints import AnyOf, Constraint, NoneOf, Range, field_kind
from pickwise.retrieval.items import FieldKind

__all__ = ["check_bounds", "merged_where", "profile_changes"]

_FIELD = re.compile(r"[A-Za-z_][\w.-]*")


def profile_changes(agent: Pickwise, user_id: str, edit: ProfileEdit) -> dict[str, Any]:
    """The keyword arguments of :meth:`Pickwise.edit_profile` for ``edit``, checked against a
    draft of the profile: the stored one less the edit's removals (which the agent applies
    first), then its lifts. Raises rather than drop anything, before anything is stored.

    The draft is read before the agent's write: an edit of the same profile that lands in
    between may see its range overridden by this one's, as with any read-then-write."""
    both = [i for i in edit.like if i in set(edit.dislike)]
    if both:
        raise RequestError(
            f"'{both[0]}' is both liked and disliked in this edit; give it in one of like and "
            "dislike."
        )
    draft = agent.profile(user_id)  # read afresh: changing it stores nothing
    for key in edit.remove:
        draft.remove(key)
    where = merged_where(draft, [agent.catalog.where(w) for w in edit.where])
    for entry in edit.allow:
        field, value = _allowed(entry, agent.catalog.index.kinds)
        # the agent lifts after it adds: an allow must not take back this edit's own where
        if Profile(user_id, constraints=list(where)).allow(field, value):
            raise RequestError(
                f"allow '{entry}' would lift a constraint this edit's where adds; give one of them."
            )
        if not draft.allow(field, value):
            raise NotFoundError(
                f"user '{user_id}' has no constraint that allow '{entry}' lifts; the "
                "profile's entries list its constraints."
            )
    return {**edit.model_dump(), "where": where}


def _allowed(entry: str, kinds: Mapping[str, FieldKind]) -> tuple[str, str | None]:
    """``genres`` (every constraint on the field) or ``genres=horror`` (that one value)."""
    field, sep, value = (part.strip() for part in entry.partition("="))
    if not _FIELD.fullmatch(field) or (sep and (not value or "=" in value or "," in value)):
        raise RequestError(
            f"cannot read allow '{entry}'; write FIELD to lift every constraint on a field, or "
            "FIELD=VALUE to lift one value (e.g. genres, genres=horror)."
        )
    field_kind(field, kinds)  # a field the catalog does not have: a 422 listing those it has
    return field, value or None


def merged_where(draft: Profile, new: Sequence[Constraint]) -> list[Constraint]:
    """``new`` as the profile should take it: each number field's bounds, the edit's and the
    profile's, as one range (a profile keeps one per field); text constraints as given, unless
    two of them contradict each other."""
    held = {c.field: c for c in draft.constraints if isinstance(c, Range)}
    ranges: dict[str, Range] = {}
    text: list[AnyOf | NoneOf] = []
    for c in new:
        if isinstance(c, Range):
            stored = c.field not in ranges
            before = held.get(c.field) if stored else ranges[c.field]
            ranges[c.field] = c if before is None else _narrowed(before, c, stored)
        else:
            _check_text(c, text)
            text.append(c)
    return [*text, *ranges.values()]


def check_bounds(where: Sequence[Constraint]) -> None:
    """A 422 for bounds on one number field that leave no value (``year>2020`` and
    ``year<1990``), as a profile edit says it; a request's text constraints all apply, so two
    ``=`` on a field are no contradiction there."""
    merged_where(Profile(""), [c for c in where if isinstance(c, Range)])


def _narrowed(before: Range, new: Range, stored: bool) -> Range:
    both = before.intersect(new)
    if both.empty:
        whose, fix = (
            ("the profile's ", f"; to replace it, remove 'constraint:{before}'")
            if stored
            else ("", "")
        )
        raise RequestError(f"'{new}' and {whose}'{before}' leave no {new.field}{fix}.")
    return both


def _check_text(new: AnyOf | NoneOf, earlier: Sequence[AnyOf | NoneOf]) -> None:
    for c in earlier:
        if c.field != new.field:
            continue
        if isinstance(c, AnyOf) and isinstance(new, AnyOf):
            raise RequestError(
                f"'{c}' and '{new}' both say which {new.field} to keep; give one "
                f"({new.field}=a,b keeps either)."
            )
        clash = sorted(c.values & new.values) if type(c) is not type(new) else []
        if clash:
            raise RequestError(
                f"'{c}' and '{new}' both ask for and refuse {new.field} '{clash[0]}'; give one."
            )
