"""Questions about the picks that the intent patterns alone read as requests.

* Picks compared: "compare 1 and 2", "what's the difference between the first two?", "how do
  Psycho and Vertigo compare?" (they brought new lists). The picks are those the question
  points at, or bare numbers after the cue ("compare 1 and 3"); "compare them" means the first
  two.
* A pick taken up when there are none ("we'll watch the first one" after a search that found
  nothing): its place, said back.
* A field of a pick asked about, by the question's words ("who designed it?" -> a designer
  field, "how many players for the first one?" -> the player counts) or by the field's own name
  ("what cuisine is it?", "what are the ingredients of the third one?"): on other catalogs
  than films these brought new lists, or counted the catalog.
* Whether a pick suits a child: "is it scary enough for a 10 year old?" (it answered "Yes"
  for a horror film), "would my 8 year old like the third one?" (it noted "it's for kids" and
  brought family films).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pickwise.agent import cues
from pickwise.agent.understanding.intents import Target
from pickwise.agent.understanding.message import Message, rx, unique

__all__ = ["child_asked", "compared_picks", "field_asked", "place_said"]

#: The most items compared at once.
MAX_COMPARED = 5
#: A bare number of a pick, after the compare cue: "compare 1 and 2", "2 vs 4".
_NUMBER = re.compile(r"(?<![\w#.])([1-9]|10)(?![\w.:%])")
#: An ordinal after "the", alone: "the first and the third" (the number words are counts here:
#: "the first two").
_ORDINAL_WORDS = "|".join(w for w in cues.ORDINALS if w not in cues.NUMBER_WORDS)
_ORDINAL = re.compile(rf"\bthe ({_ORDINAL_WORDS})\b(?! (?:two|three|four|2|3|4)\b)")
#: The picks meant as a group: "compare them", "the difference between these".
_GROUP = re.compile(r"\b(?:them|these|those|both|the two|the picks|the films|the movies)\b")
#: "compare it with the third one": the film talked about, beside the one named.
_POINTER = re.compile(r"\b(?:it|that|this)\b")


def compared_picks(msg: Message, targets: Sequence[Target]) -> tuple[str, ...]:
    """The items a question compares ("compare 1 and 2"), in the order named, or () when the
    message compares nothing (fewer than two items, or no compare cue)."""
    cue = rx(cues.COMPARE_QUESTION).search(msg.masked)
    if cue is None:
        return ()
    named = [(t.start, k, i) for t in targets if t.ref or t.title for k, i in enumerate(t.ids)]
    if msg.picks:  # "compare 1 and 2", "how do the first and the third compare?"
        named += [
            (m.start(), 0, msg.picks[int(m.group(1)) - 1])
            for m in _NUMBER.finditer(msg.masked)
            if int(m.group(1)) <= len(msg.picks)
        ]
        for m in _ORDINAL.finditer(msg.masked):
            index = cues.ORDINALS[m.group(1)]
            index = len(msg.picks) - 1 if index == -1 else index
            index = len(msg.picks) // 2 if index == -2 else index
            if 0 <= index < len(msg.picks):
                named.append((m.start(), 0, msg.picks[index]))
    ids = list(unique(i for _, _, i in sorted(named)))
    if len(ids) == 1 and _POINTER.search(msg.masked):  # "compare it with the third one"
        other = msg.focus or next((p for p in msg.picks if p != ids[0]), None)
        ids = [other, ids[0]] if other and other != ids[0] else ids
    if not ids and msg.picks and _GROUP.search(msg.masked, cue.start()):
        ids = list(msg.picks[:2])  # "compare them"
    return tuple(ids[:MAX_COMPARED]) if len(ids) >= 2 else ()


#: A question's form: a question mark, or a question word first ("would my 8 year old like
#: the third one").
_QUESTION = re.compile(
    r"\?|^\W*(?:(?:so|and|but|ok|okay|hmm|also)\W+)?(?:is|was|are|would|will|does|do|could|can"
    r"|should|might|how|what|any)\b"
)


#: The pick pointed at by a pronoun after the verb: "could our daughter handle *it*?".
_IT = re.compile(r"\s+(?:it|that|this)(?: one| film| movie)?\s*(?:[?!.]|$)")


def child_asked(msg: Message, targets: Sequence[Target], intent: str) -> str:
    """The child a question about a pick asks for ("a 10 year old", "your kids"), when the
    message asks whether the pick suits a child; else ""."""
    m = next(
        (
            m
            for m in rx(cues.CHILD_QUESTION).finditer(msg.masked)
            if not any(t.start < m.end() and m.start() < t.end for t in targets)
        ),
        None,
    )  # "is the one with the kids scary?" names a pick by its kids
    if m is None or not _QUESTION.search(msg.masked):
        return ""
    pointed = any(t.ids for t in targets if t.ref or t.title) or bool(
        _IT.match(msg.masked, m.end())
    )
    if intent != "about" and not pointed:  # "would my kids like something funny?": a request
        return ""
    if m.group("friendly"):  # "is it kid-friendly?"
        return "children"
    who = (m.group("who") or m.group("who2") or "").strip()
    # "for my 8 year old" -> "for your 8 year old"
    return re.sub(r"\b(?:my|our)\b", "your", who) or "children"


def field_asked(msg: Message) -> str:
    """The field of an item a question asks for, as ``field:<key>``: a key of
    :data:`~pickwise.agent.cues.FIELD_QUESTIONS` ("who designed it?" -> ``field:designer``,
    whether or not the catalog has such a field), or a field of the catalog named in a question
    ("what cuisine is it?" -> ``field:cuisine``); else ""."""
    for stems, pattern, _, _ in cues.FIELD_QUESTIONS:
        if rx(pattern).search(msg.masked):
            return f"field:{stems[0]}"
    for name in msg.vocab.fields:
        if rx(_named_question(name)).search(msg.masked):
            return f"field:{name}"
    return ""


def _named_question(name: str) -> str:
    """A question that names a field ("what cuisine", "which publisher", "how many pages", "who
    is the designer", "the cuisine of", "cuisine?" alone)."""
    words = name.replace("_", " ").strip().lower()
    forms = {words, words[:-3] + "y" if words.endswith("ies") else words.rstrip("s")}
    forms.add(words[:-1] + "ies" if words.endswith("y") else words + "s")
    said = "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"
    return (
        rf"\b(?:what|which)(?:'s| is| are| was| were)?\s+(?:the |its |their )?{said}\b"
        rf"|\bhow many {said}\b|\bwho(?:'s| is| are| was)?\s+(?:the |its ){said}\b"
        rf"|\b(?:the|its) {said} of\b|^\W*{said}\s*\?"
    )


def place_said(msg: Message) -> int:
    """The place of a pick said ("the first one" -> 1, "#3" -> 3), read when there are no
    picks to point at; 0 for none, or for one counted from the end ("the last one")."""
    m = rx(cues.REF_ORDINAL).search(msg.masked)
    word = (m.group("a") or m.group("b") or m.group("c") or m.group("d") or "") if m else ""
    index = int(word) - 1 if word.isdigit() else cues.ORDINALS.get(word, -1)
    return index + 1 if index >= 0 else 0
