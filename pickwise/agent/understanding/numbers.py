"""Bounds on the catalog's own number fields: "under 300 pages", "pages<300", "price below 12",
"cheaper than 10", "a sci-fi book under $15", "at least 2 players".

Any number field of the catalog but the year and the runtime (they have their own readers,
:mod:`pickwise.agent.understanding.ranges`) is read from:

* the field and a comparison: ``pages<300``, ``price <= 12``, ``pages under 300``, ``price of at
  most 12``;
* a comparison and the number with the field's name as its unit, plural or singular: "under 300
  pages", "fewer than 300 pages", "at least 1 page", "more than 4 players";
* the number, its unit and a tail: "300 pages or less", "300 pages max", "2 players or more";
* both ends: "between 200 and 300 pages", "200-300 pages", "pages between 200 and 300";
* for a price field (:data:`~pickwise.agent.cues.PRICE_FIELDS`), a currency as the unit ("under
  $15", "less than 10 dollars", "below 12 euros", "15€ max") and "cheaper than 10", "more
  expensive than 20".

"Under", "less than", "fewer than", "below", "cheaper than" (and "<") are strict bounds; "at
most", "up to", "max" (and "<=") include the number; the same the other way. A negation before
the comparison turns it round: "nothing over 400 pages" is at most 400, "no more than 12 dollars"
at most 12. The bounds are lasting constraints, as "under two hours" is for a runtime.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pickwise.agent import cues
from pickwise.agent.understanding.events import Event
from pickwise.agent.understanding.message import Message

__all__ = ["read_numbers"]

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: Comparison words and symbols -> (bound, strict).
_OPS: dict[str, tuple[str, bool]] = {
    "<": ("max", True),
    "<=": ("max", False),
    "=<": ("max", False),
    "≤": ("max", False),
    ">": ("min", True),
    ">=": ("min", False),
    "=>": ("min", False),
    "≥": ("min", False),
    "under": ("max", True),
    "below": ("max", True),
    "less than": ("max", True),
    "fewer than": ("max", True),
    "lower than": ("max", True),
    "at most": ("max", False),
    "up to": ("max", False),
    "max": ("max", False),
    "maximum": ("max", False),
    "max of": ("max", False),
    "a maximum of": ("max", False),
    "over": ("min", True),
    "above": ("min", True),
    "more than": ("min", True),
    "greater than": ("min", True),
    "higher than": ("min", True),
    "at least": ("min", False),
    "min": ("min", False),
    "minimum": ("min", False),
    "a minimum of": ("min", False),
}
#: Comparisons of a price without a unit: "cheaper than 10".
_PRICE_OPS: dict[str, tuple[str, bool]] = {
    "cheaper than": ("max", True),
    "less expensive than": ("max", True),
    "more expensive than": ("min", True),
    "pricier than": ("min", True),
    "costlier than": ("min", True),
}
_TAILS: dict[str, tuple[str, bool]] = {
    "or less": ("max", False),
    "or fewer": ("max", False),
    "or under": ("max", False),
    "or below": ("max", False),
    "or cheaper": ("max", False),
    "max": ("max", False),
    "maximum": ("max", False),
    "at most": ("max", False),
    "tops": ("max", False),
    "or more": ("min", False),
    "or over": ("min", False),
    "or above": ("min", False),
    "at least": ("min", False),
    "minimum": ("min", False),
    "min": ("min", False),
    "plus": ("min", False),
    "+": ("min", False),
}
_CURRENCY_BEFORE = r"[$€£¥]\s?"
_CURRENCY_AFTER = (
    r"(?:\s?[$€£¥]|\s+(?:dollars?|bucks?|euros?|eur|usd|gbp|pounds?(?! of)|quid|yen)\b)"
)
#: A negation that turns the comparison after it round ("nothing over 400 pages").
_NEGATED = re.compile(r"\b(?:nothing|no|not|none|never)\s+(?:(?:that|which|is|anything)\s+)?$")
_RATHER = re.compile(r"\b(?:rather|preferably|ideally)\s+$")


def _alternation(words: dict[str, tuple[str, bool]]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _unit_forms(field: str) -> list[str]:
    """The words a field's numbers are said with: "pages" and "page", "players" and
    "player"; "num_pages" also as "pages"."""
    words = field.lower().replace("_", " ").replace("-", " ").strip()
    forms = {words}
    last = words.split()[-1] if words else words
    prefixed = words.split()[0] in ("num", "number", "n", "total", "count") if words else False
    for word in (words, last if prefixed else words):
        forms.add(word)
        if word.endswith("s") and not word.endswith("ss"):
            forms.add(word[:-1])
        elif word:
            forms.add(word + "s")
    return sorted((f for f in forms if len(f) >= 3), key=len, reverse=True)


@lru_cache(maxsize=64)
def _patterns(field: str, price: bool) -> tuple[re.Pattern[str], ...]:
    """The patterns of one number field, each with groups ``op``, ``n``, ``n2`` and ``tail``."""
    names = "|".join(re.escape(f) for f in _unit_forms(field)) or re.escape(field.lower())
    ops = _OPS | (_PRICE_OPS if price else {})
    op = rf"(?P<op>{_alternation(ops)})"
    sym = r"(?<![\w<>=])"
    cur_b = rf"(?:{_CURRENCY_BEFORE})?" if price else ""
    cur_a = rf"(?:{_CURRENCY_AFTER})?" if price else ""
    unit = rf"\s*(?:{names})\b" + (rf"|{_CURRENCY_AFTER}" if price else "")
    unit_before = rf"{_CURRENCY_BEFORE}" if price else r"(?!)"
    number, number2 = rf"(?P<n>{_NUMBER})", rf"(?P<n2>{_NUMBER})"
    out = [
        # "pages<300", "price below 12", "price of at most $12", "pages between 200 and 300"
        rf"{sym}\b(?:{names})\b(?:\s*(?:of|is|at|:|should be|must be))?\s*"
        rf"(?:(?P<between>between\s+{cur_b}(?P<a>{_NUMBER}){cur_a}\s+and)\s+|{op}\s*)"
        rf"{cur_b}{number}{cur_a}(?!\s*%)",
        # "between 200 and 300 pages", "200-300 pages", "$10 to $15"
        rf"(?:\bbetween\s+)?(?:{cur_b})(?P<a>{_NUMBER})(?:{cur_a})\s*(?:-|–|\bto\b|\band\b)\s*"
        rf"(?:{cur_b}){number}(?:{unit})",
        # "under 300 pages", "less than 10 dollars", "under $15", "cheaper than 10"
        rf"(?<![\w<>=]){op}\s*(?:(?:{unit_before}){number}|{number2}(?:{unit}))",
        # "300 pages or less", "$15 max", "2 players or more"
        rf"(?:(?:{unit_before}){number}|\b{number2}(?:{unit}))\s*(?P<tail>{_alternation(_TAILS)})"
        r"(?!\w)",
    ]
    if price:  # "cheaper than 10", "more expensive than $20"
        out.append(
            rf"\b(?P<op>{_alternation(_PRICE_OPS)})\s*{cur_b}{number}\b{cur_a}"
            r"(?!\s*(?:years?|minutes?|mins?|hours?|%))"
        )
    return tuple(re.compile(p) for p in out)


def read_numbers(msg: Message) -> None:
    """Bounds on the catalog's number fields other than the year and the runtime, as
    :class:`Event` s (see the module's docstring)."""
    for field in msg.vocab.numbers:
        price = field.lower() in cues.PRICE_FIELDS
        for pattern in _patterns(field, price):
            for m in pattern.finditer(msg.masked):
                if msg.free(m.start(), m.end()):
                    _read(msg, field, m)


def _read(msg: Message, field: str, m: re.Match[str]) -> None:
    groups = m.groupdict()
    number = _value(groups["n"] or groups["n2"])
    start, end = m.start(), m.end()
    if groups.get("a"):  # both ends
        low, high = sorted((_value(groups["a"]), number))
        msg.events.append(Event(start, "min", field, number=low))
        msg.events.append(Event(start, "max", field, number=high))
        msg.claim(start, end)
        return
    said = groups.get("op") or groups.get("tail") or ""
    bound, strict = {**_OPS, **_PRICE_OPS, **_TAILS}.get(said, ("", False))
    if not bound:
        return
    negation = _NEGATED.search(msg.masked, max(0, start - 24), start)
    if negation and not _RATHER.search(msg.masked, max(0, start - 24), start):
        # "nothing over 400 pages": at most 400; "no fewer than 2 players": at least 2
        bound, strict = ("max" if bound == "min" else "min"), False
        start = negation.start()
    msg.events.append(
        Event(start, "max" if bound == "max" else "min", field, number=number, strict=strict)
    )
    msg.claim(start, end)


def _value(said: str) -> float:
    return float(said.replace(",", ""))
