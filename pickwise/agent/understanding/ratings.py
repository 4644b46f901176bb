"""Scores given to titles ("Arrival 9/10", "I'd give Interstellar a 3", "4 stars"): a high
score is a like, a low one a dislike, one in between says the title was seen."""

from __future__ import annotations

import re

__all__ = ["rating_cues", "score_label"]

_NUMBER = r"(?P<n>10|\d(?:[.,]\d)?)"
#: A score with its scale: "9/10", "4 out of 5", "3.5/5 stars", "4 stars", "8+".
_SCALED = re.compile(
    rf"(?<![\w./]){_NUMBER}\s*(?:(?:/|out of|outta)\s*(?P<of>10|5)(?:\s*stars?)?"
    rf"|(?P<stars>\s*stars?)|(?P<plus>\+))(?![\w/])"
)
#: A bare score after a verb of scoring earlier in the clause: "I'd give Arrival *a 9*",
#: "gave the 3rd *a 7*", "rated it *an 8*".
_BARE = re.compile(rf"\b(?:an?|solid|strong)\s+{_NUMBER}(?![\w./+%])(?!\s*(?:out of|stars?))")
_SCORING = re.compile(
    r"\b(?:(?:i'?d|i would|i'?ll|i|we'?d|we)\s+)?"
    r"(?:give|gave|giving|given|rate|rated|rating|score|scored|scoring)\b"
)
_CLAUSE_END = re.compile(r"[.!?;\n]|\bbut\b")


def score_label(score: float, scale: int) -> str:
    """like for 7+ of 10 (4+ of 5), dislike for 4 or less of 10 (2 or less of 5), else seen."""
    tenths = score * 10 / scale
    return "like" if tenths >= 7 else "dislike" if tenths <= 4 else "seen"


def rating_cues(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of each score in a folded message; the label is like, dislike or
    seen (:func:`score_label`), or "" for the verb of scoring before it ("I'd give")."""
    found = []
    for m in _SCALED.finditer(masked):
        scale = int(m.group("of") or (5 if m.group("stars") else 10))
        score = float(m.group("n").replace(",", "."))
        if score <= scale:
            found.append((m.start(), m.end(), score_label(score, scale)))
    for m in _BARE.finditer(masked):
        if _verb_before(masked, m.start()) and not any(
            s < m.end() and m.start() < e for s, e, _ in found
        ):
            found.append(
                (m.start(), m.end(), score_label(float(m.group("n").replace(",", ".")), 10))
            )
    verbs = {v.span() for s, _, _ in found if (v := _verb_before(masked, s))}
    return sorted([*found, *((s, e, "") for s, e in verbs)])


def _verb_before(masked: str, pos: int) -> re.Match[str] | None:
    """The last verb of scoring before ``pos`` in its clause ("gave the 3rd *a 7*")."""
    verb = next(reversed(list(_SCORING.finditer(masked, 0, pos))), None)
    if verb is None or _CLAUSE_END.search(masked, verb.end(), pos):
        return None
    return verb
