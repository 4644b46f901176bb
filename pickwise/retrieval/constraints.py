"""Hard constraints on item metadata: ranges and include/exclude sets.

Constraints are exact: a result either satisfies all of them or is not returned. Text values are
compared case-insensitively. An item without a value for a constrained field fails a range or an
include set (we cannot show it satisfies them) and passes an exclude set.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pickwise.errors import RequestError
from pickwise.retrieval.items import FieldKind, Item, MetadataValue

__all__ = ["AnyOf", "Constraint", "NoneOf", "Range", "check_fields", "field_kind", "parse_where"]


@dataclass(frozen=True)
class Range:
    """``min <= value <= max`` on a number field (either bound may be open or strict)."""

    field: str
    min: float | None = None
    max: float | None = None
    min_strict: bool = False
    max_strict: bool = False

    def accepts(self, value: MetadataValue | None) -> bool:
        if not isinstance(value, int | float):
            return False
        if self.min is not None and (value < self.min or (self.min_strict and value == self.min)):
            return False
        return not (
            self.max is not None and (value > self.max or (self.max_strict and value == self.max))
        )

    @property
    def empty(self) -> bool:
        """No value meets it (``year>=2000 and year<1990``)."""
        if self.min is None or self.max is None:
            return False
        return self.min > self.max or (
            self.min == self.max and (self.min_strict or self.max_strict)
        )

    def intersect(self, other: Range) -> Range:
        """The range of the values both accept (on this range's field); it may be :attr:`empty`."""
        low = _tighter(self.min, self.min_strict, other.min, other.min_strict, max)
        high = _tighter(self.max, self.max_strict, other.max, other.max_strict, min)
        return Range(self.field, low[0], high[0], low[1], high[1])

    def __str__(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f"{self.field}{'>' if self.min_strict else '>='}{_num(self.min)}")
        if self.max is not None:
            parts.append(f"{self.field}{'<' if self.max_strict else '<='}{_num(self.max)}")
        return " and ".join(parts) or f"{self.field} any"


@dataclass(frozen=True)
class AnyOf:
    """The field's value (or one of its list values) is one of ``values``."""

    field: str
    values: frozenset[str]

    def accepts(self, value: MetadataValue | None) -> bool:
        return bool(_lowered(value) & self.values)

    def __str__(self) -> str:
        return f"{self.field}={','.join(sorted(self.values))}"


@dataclass(frozen=True)
class NoneOf:
    """The field's value (and every one of its list values) is none of ``values``."""

    field: str
    values: frozenset[str]

    def accepts(self, value: MetadataValue | None) -> bool:
        return not (_lowered(value) & self.values)

    def __str__(self) -> str:
        return f"{self.field}!={','.join(sorted(self.values))}"


Constraint = Range | AnyOf | NoneOf


def _tighter(
    a: float | None,
    a_strict: bool,
    b: float | None,
    b_strict: bool,
    pick: Callable[[float, float], float],
) -> tuple[float | None, bool]:
    """Of two bounds (``pick``: max for lower bounds, min for upper ones), the tighter one."""
    if a is None or b is None:
        return (b, b_strict) if a is None else (a, a_strict)
    if a == b:
        return a, a_strict or b_strict
    return (a, a_strict) if pick(a, b) == a else (b, b_strict)


def satisfies(item: Item, constraints: tuple[Constraint, ...] | list[Constraint]) -> bool:
    """Whether one item meets every constraint (the reference the fast paths must agree with)."""
    return all(c.accepts(item.metadata.get(c.field)) for c in constraints)


def any_of(field: str, *values: str) -> AnyOf:
    return AnyOf(field, frozenset(v.strip().lower() for v in values))


def none_of(field: str, *values: str) -> NoneOf:
    return NoneOf(field, frozenset(v.strip().lower() for v in values))


_WHERE = re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*(>=|<=|!=|==|=|>|<)\s*(.*?)\s*$")
#: What joins the bounds of a range as :class:`Range` prints it: ``year>=1990 and year<=1999``.
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def parse_where(expr: str, kinds: Mapping[str, FieldKind] | None = None) -> Constraint:
    """Parse ``year>=1990``, ``genres=comedy,drama``, ``genres!=horror``, ``language=French``,
    and bounds on one number field joined by ``and`` as a range prints itself
    (``year>=1990 and year<=1999``).

    With the catalog's field kinds, the field is checked and ``year=1999`` becomes a range.
    """
    match = _WHERE.match(expr)
    if not match or not match.group(3):
        raise RequestError(
            f"cannot read constraint '{expr}'; write FIELD OP VALUE with OP one of "
            ">=, >, <=, <, =, != (e.g. year>=1990, genres=comedy, genres!=horror)."
        )
    field, op, raw = match.groups()
    kind = field_kind(field, kinds)
    if op in (">=", ">", "<=", "<") or (kind == "number" and op in ("=", "==")):
        if kind not in (None, "number"):
            raise RequestError(f"'{expr}': field '{field}' holds text, so only = and != apply.")
        if _AND.search(raw):
            return _joined(expr, kinds)
        try:
            number = float(raw)
        except ValueError as exc:
            raise RequestError(f"'{expr}': '{raw}' is not a number.") from exc
        if not math.isfinite(number):
            raise RequestError(f"'{expr}': give a finite number, not '{raw}'.")
        if op in ("=", "=="):
            return Range(field, number, number)
        if op.startswith(">"):
            return Range(field, min=number, min_strict=op == ">")
        return Range(field, max=number, max_strict=op == "<")
    values = [v for v in (p.strip() for p in raw.split(",")) if v]
    if not values:
        raise RequestError(f"'{expr}': give at least one value after '{op}'.")
    if op == "!=":
        return none_of(field, *values)
    return any_of(field, *values)


def _joined(expr: str, kinds: Mapping[str, FieldKind] | None) -> Range:
    """``year>=1990 and year<=1999``: the bounds on one number field, as one range."""
    parts = [parse_where(part, kinds) for part in _AND.split(expr)]
    bounds = [p for p in parts if isinstance(p, Range) and p.field == parts[0].field]
    if len(bounds) < len(parts):
        raise RequestError(
            f"'{expr}': 'and' joins bounds on one number field (year>=1990 and year<=1999); "
            "give other constraints separately."
        )
    joined = functools.reduce(Range.intersect, bounds)
    if joined.empty:
        raise RequestError(f"'{expr}': no {joined.field} meets all of these bounds.")
    return joined


def check_fields(constraints: tuple[Constraint, ...], kinds: Mapping[str, FieldKind]) -> None:
    """Raise a :class:`RequestError` for a constraint on a field the catalog does not have."""
    for c in constraints:
        kind = field_kind(c.field, kinds)
        if isinstance(c, Range) and kind != "number":
            raise RequestError(f"constraint '{c}': field '{c.field}' is not a number field.")


def field_kind(field: str, kinds: Mapping[str, FieldKind] | None) -> FieldKind | None:
    """The kind of ``field`` (None without ``kinds``); a field the catalog does not have is a
    :class:`RequestError` that lists the ones it has."""
    if kinds is None:
        return None
    if field not in kinds:
        known = ", ".join(sorted(kinds)) or "(none)"
        raise RequestError(f"unknown field '{field}'; this catalog's fields are: {known}.")
    return kinds[field]


def _lowered(value: MetadataValue | None) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, tuple):
        return {v.lower() for v in value}
    return {str(value).lower()}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def constraint_to_dict(c: Constraint) -> dict[str, object]:
    """A JSON-ready form of a constraint (inverse: :func:`constraint_from_dict`)."""
    if isinstance(c, Range):
        return {
            "field": c.field,
            "op": "range",
            "min": c.min,
            "max": c.max,
            "min_strict": c.min_strict,
            "max_strict": c.max_strict,
        }
    return {
        "field": c.field,
        "op": "any" if isinstance(c, AnyOf) else "none",
        "values": sorted(c.values),
    }


def constraint_from_dict(data: Mapping[str, object]) -> Constraint:
    """Rebuild a constraint; raises :class:`RequestError` on a malformed one."""
    try:
        field, op = str(data["field"]), data["op"]
        if op == "range":
            lo, hi = data.get("min"), data.get("max")
            return Range(
                field,
                None if lo is None else float(lo),  # type: ignore[arg-type]
                None if hi is None else float(hi),  # type: ignore[arg-type]
                bool(data.get("min_strict")),
                bool(data.get("max_strict")),
            )
        values = frozenset(str(v).lower() for v in data["values"])  # type: ignore[attr-defined]
        if op == "any":
            return AnyOf(field, values)
        if op == "none":
            return NoneOf(field, values)
    except (KeyError, TypeError, ValueError) as exc:
        raise RequestError(f"malformed constraint {dict(data)}: {exc}") from exc
    raise RequestError(f"malformed constraint {dict(data)}: op must be range, any or none.")
