"""What the message asks for (its intent) and which titles or last picks it points at."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pickwise.agent import cues
from pickwise.agent.understanding.events import Event, as_bound
from pickwise.agent.understanding.message import Message, rx
from pickwise.agent.understanding.result import Intent, as_intent

__all__ = ["Target", "find_targets", "read_intent", "remove_after"]


@dataclass(frozen=True)
class Target:
    """Something a cue can be about: a title mention or a reference to the last picks."""

    start: int
    end: int
    ids: tuple[str, ...]
    ref: bool
    title: bool


def read_intent(msg: Message) -> tuple[Intent, int]:
    """The first intent (in priority order) whose phrase is present and makes sense here, and
    where its phrase ends (-1 for the default, ``recommend``)."""
    for name, pattern in cues.INTENTS:
        for m in rx(pattern).finditer(msg.masked):
            if name == "remove" and not _removable(msg, m.end()):
                continue
            if name == "more_like" and not (msg.mentions or msg.picks):
                continue
            msg.drops.append((m.start(), m.end()))
            return as_intent(name), m.end()
    return "recommend", -1


def _removable(msg: Message, pos: int) -> bool:
    """Whether something to forget follows a "forget"/"remove" verb in its clause."""
    end = msg.clause_end(pos)
    if any(pos <= m.start < end for m in msg.mentions):
        return True
    if any(pos <= s < end for s, _, _ in msg.term_spans):
        return True
    if any(pos <= e.pos < end for e in msg.events):
        return True
    return any(
        msg.field_for(role) and rx(pattern).search(msg.masked, pos, end)
        for role, pattern in cues.FIELD_WORDS
    )


def remove_after(msg: Message, pos: int) -> None:
    """Turn what the remove clause names into things to drop, not to add."""
    end = msg.clause_end(pos)
    inside = [e for e in msg.events if pos <= e.pos < end]
    msg.events = [e for e in msg.events if not pos <= e.pos < end]
    for ev in inside:
        if ev.op in ("min", "max"):
            msg.events.append(Event(ev.pos, "relax", ev.field, bound=as_bound(ev.op)))
        else:
            msg.events.append(Event(ev.pos, "relax", ev.field, ev.groups))
    for start, _, targets in msg.term_spans:
        if pos <= start < end:
            for name, value in targets:
                msg.events.append(Event(start, "relax", name, (frozenset({value}),)))
    msg.aspects = [a for a in msg.aspects if not pos <= a[0] < end]
    msg.wanted.clear()  # a message that forgets asks for nothing this time
    for role, pattern in cues.FIELD_WORDS:
        field_name = msg.field_for(role)
        found = rx(pattern).search(msg.masked, pos, end) if field_name else None
        if field_name and found and not any(e.field == field_name for e in inside):
            msg.events.append(Event(found.start(), "relax", field_name))
    msg.drops.append((pos, end))


def find_targets(msg: Message) -> list[Target]:
    """Title mentions and references to the last picks, in text order, not overlapping."""
    titles = [
        Target(m.start, m.end, (m.item_id,), m.item_id in msg.picks, True) for m in msg.mentions
    ]
    found: list[Target | None] = list(titles)
    if msg.picks:
        for m in rx(cues.REF_ORDINAL).finditer(msg.masked):
            pick = _pick(msg.picks, m.group("a") or m.group("b") or m.group("c"))
            if pick:
                found.append(Target(m.start(), m.end(), (pick,), True, False))
        for m in rx(cues.REF_GROUP).finditer(msg.masked):
            n = int(m.group("n")) if m.group("n").isdigit() else cues.NUMBER_WORDS[m.group("n")]
            group = msg.picks[-n:] if m.group("side") == "last" else msg.picks[:n]
            found.append(Target(m.start(), m.end(), tuple(group), True, False))
        found += _kind_refs(msg)
    # "the second one looks good, more like that": a pointer means what was named before it
    titles = sorted((t for t in found if t), key=lambda t: t.start)
    for m in rx(cues.REF_POINTER).finditer(msg.masked):
        found.append(_pointer(msg, m.start(), m.end(), titles, plural=False))
    for m in rx(cues.REF_PRONOUN).finditer(msg.masked):
        if not any(t.start < m.start("p") for t in titles):
            plural = m.group("p") in ("them", "these", "those")
            found.append(_pointer(msg, m.start("p"), m.end("p"), titles, plural))
    kept: list[Target] = []
    for t in sorted((t for t in found if t), key=lambda t: (t.start, t.start - t.end)):
        if not kept or t.start >= kept[-1].end:
            kept.append(t)
    return kept


_KIND_REF_BEFORE = re.compile(r"\b(?:the|that)\s+$")
_KIND_REF_AFTER = re.compile(r"\s+(?:one|film|movie|pick|option)\b")


def _kind_refs(msg: Message) -> list[Target]:
    """ "the horror one", "that french film": the first of the last picks of that kind.

    The kind's words then point at a pick; they ask for nothing (no kind for the next list)."""
    found = []
    for hit in list(msg.term_spans):
        start, end, targets = hit
        before = _KIND_REF_BEFORE.search(msg.masked, max(0, start - 5), start)
        after = _KIND_REF_AFTER.match(msg.masked, end)
        if not before or not after:
            continue
        pick = next((p for p in msg.picks if _has_kind(msg, p, targets)), None)
        if pick is None:
            continue
        found.append(Target(before.start(), after.end(), (pick,), True, False))
        msg.term_spans.remove(hit)
        if hit in msg.asked_genres:
            msg.asked_genres.remove(hit)
        msg.aspects = [a for a in msg.aspects if not (start <= a[0] < end)]
        msg.events = [e for e in msg.events if not (start <= e.pos < end)]
        msg.claim(before.start(), after.end())
    return found


def _has_kind(msg: Message, item_id: str, targets: Sequence[tuple[str, str]]) -> bool:
    """Whether the item is of the kind ``targets`` name ((field, value) pairs): every value of
    a list field ("rom-com": romance and comedy), one of a single-valued field ("chinese":
    Mandarin or Cantonese)."""
    item = msg.matcher.item(item_id)
    if item is None:
        return False
    wanted: dict[str, set[str]] = {}
    for name, value in targets:
        wanted.setdefault(name, set()).add(value.lower())
    for name, values in wanted.items():
        held = {str(v).lower() for v in item.values(name)}
        listed = isinstance(item.metadata.get(name), list | tuple)
        if not (values <= held if listed else values & held):
            return False
    return True


def _pointer(
    msg: Message, start: int, end: int, titles: list[Target], plural: bool
) -> Target | None:
    """ "that one": the title named just before, else the item the conversation is on, else
    the (first) last pick."""
    before = [t for t in titles if t.end <= start]
    if before:
        return Target(start, end, before[-1].ids, before[-1].ref, False)
    if msg.focus and not plural:
        return Target(start, end, (msg.focus,), True, False)
    if not msg.picks:
        return None
    return Target(start, end, msg.picks if plural else msg.picks[:1], True, False)


def _pick(picks: Sequence[str], word: str | None) -> str | None:
    if not word:
        return None
    index = int(word) - 1 if word.isdigit() else cues.ORDINALS.get(word)
    if index == -2:
        index = len(picks) // 2
    if index == -1:
        index = len(picks) - 1
    return picks[index] if index is not None and 0 <= index < len(picks) else None
