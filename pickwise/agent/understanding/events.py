"""Statements about fields found in a message, and how they resolve into constraints.

Each pass of the reader records :class:`Event` s; :func:`resolve` applies them in text order, so a
later statement overrides an earlier one ("no horror... actually horror is fine" allows horror).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pickwise.agent.understanding.result import Relax
from pickwise.retrieval.constraints import AnyOf, Constraint, NoneOf, Range

__all__ = ["Event", "Op", "as_bound", "as_op", "resolve"]

Op = Literal["none", "any", "relax", "min", "max"]


@dataclass(frozen=True)
class Event:
    """One statement about a field, at a position in the message (later ones win)."""

    pos: int
    op: Op
    field: str
    groups: tuple[frozenset[str], ...] = ()  # values; for "any": all groups must hold
    number: float | None = None
    strict: bool = False
    bound: Literal["min", "max"] | None = None  # for relax on a number field


def as_bound(value: str | None) -> Literal["min", "max"] | None:
    return "min" if value == "min" else "max" if value == "max" else None


def as_op(value: str) -> Op:
    ops: dict[str, Op] = {"none": "none", "any": "any", "relax": "relax", "min": "min"}
    return ops.get(value, "max")


def resolve(events: Sequence[Event]) -> tuple[tuple[Constraint, ...], tuple[Relax, ...]]:
    """Apply statements in order (later wins) and return the constraints and the relaxations."""
    nones: dict[str, dict[str, None]] = {}
    anys: dict[str, list[set[str]]] = {}
    bounds: dict[str, dict[str, tuple[float, bool]]] = {}
    relaxed: dict[tuple[str, str | None, str | None], Relax] = {}
    for ev in sorted(events, key=lambda e: e.pos):
        values = set().union(*ev.groups)
        if ev.op == "none":
            nones.setdefault(ev.field, {}).update(dict.fromkeys(sorted(values)))
            groups = [g - values for g in anys.get(ev.field, [])]
            if ev.field in anys:
                anys[ev.field] = [g for g in groups if g]
        elif ev.op == "any":
            anys[ev.field] = [set(g) for g in ev.groups]
        elif ev.op == "relax" and values:
            if len(anys.get(ev.field, [])) == 1:
                anys[ev.field][0] |= values
        elif ev.op == "relax":
            if ev.bound is None:
                nones.pop(ev.field, None)
                anys.pop(ev.field, None)
            for bound in (ev.bound,) if ev.bound else ("min", "max"):
                bounds.get(ev.field, {}).pop(bound, None)
            relaxed[(ev.field, None, ev.bound)] = Relax(ev.field, bound=ev.bound)
        elif ev.number is not None:
            _set_bound(bounds.setdefault(ev.field, {}), ev.op, ev.number, ev.strict)
            relaxed.pop((ev.field, None, ev.op), None)
        for value in values:
            if ev.op in ("any", "relax"):
                nones.get(ev.field, {}).pop(value, None)
            relaxed.pop((ev.field, value, None), None)
            if ev.op == "relax":
                relaxed[(ev.field, value, None)] = Relax(ev.field, value)
    return _constraints(nones, anys, bounds), tuple(relaxed.values())


def _set_bound(bounds: dict[str, tuple[float, bool]], op: str, number: float, strict: bool) -> None:
    bounds[op] = (number, strict)
    low, high = bounds.get("min"), bounds.get("max")
    if low and high and (low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1]))):
        del bounds["max" if op == "min" else "min"]  # contradicts the newer bound


def _constraints(
    nones: Mapping[str, Mapping[str, None]],
    anys: Mapping[str, list[set[str]]],
    bounds: Mapping[str, Mapping[str, tuple[float, bool]]],
) -> tuple[Constraint, ...]:
    out: list[Constraint] = [NoneOf(f, frozenset(v)) for f, v in nones.items() if v]
    out += [AnyOf(f, frozenset(g)) for f, groups in anys.items() for g in groups if g]
    for name, b in bounds.items():
        low, high = b.get("min"), b.get("max")
        if low or high:
            out.append(
                Range(
                    name,
                    min=low[0] if low else None,
                    max=high[0] if high else None,
                    min_strict=bool(low and low[1]),
                    max_strict=bool(high and high[1]),
                )
            )
    return tuple(out)
