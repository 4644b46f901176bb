"""What the message asks for (its intent) and which titles or last picks it points at."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pickwise.agent import cues
from pickwise.agent.understanding.events import Event, as_bound
from pickwise.agent.understanding.message import Message, joined_runs, rx
from pickwise.agent.understanding.result import Intent, as_intent
from pickwise.retrieval.keywords import QUALIFIERS
from pickwise.retrieval.people import fold_text, name_key

__all__ = ["Target", "find_targets", "read_intent", "remove_after", "remove_end"]


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
            if name == "remove" and not (
                _removable(msg, m.end()) or rx(cues.UNSAID).match(msg.masked, m.start())
            ):
                continue  # "forget that I've seen it" forgets what was said of it
            if name == "more_like" and not (msg.mentions or msg.picks):
                continue
            if name == "which" and not msg.picks and (m.group("c") or m.group("k")):
                continue  # "which film is a classic?" before any list asks for one
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
    if any(pos <= s < end for s, _ in msg.people_said):  # "forget Denis Villeneuve"
        return True
    return any(
        msg.field_for(role) and rx(pattern).search(msg.masked, pos, end)
        for role, pattern in cues.FIELD_WORDS
    )


#: A request after what a message forgets: "forget sci fi, *a heist movie*", "nvm the comedy,
#: *im in the mood for* a thriller" (a list goes on: "forget sci fi, horror and westerns").
_ASKS_AFTER = re.compile(
    r"(?:,|\bthen\b|\binstead\b)\s*(?:(?:and|but|now|just|maybe|rather|so|then|instead)\s+)*"
    r"(?:(?:i'?m|im|i am|we'?re|we are)\s+in (?:the|a) mood for|in the mood for|give me|show me"
    r"|find me|get me|i want|we want|i'd like|i would like|how about|what about|something"
    r"|anything|some|an?|i'?m looking for|looking for)\b"
)


def remove_end(msg: Message, pos: int) -> int:
    """Where the clause of a remove cue ending at ``pos`` ends: its clause, or a request that
    follows it ("forget sci fi, a heist movie")."""
    end = msg.clause_end(pos)
    after = _ASKS_AFTER.search(msg.masked, pos, end)
    return after.start() if after else end


def remove_after(msg: Message, pos: int) -> None:
    """Turn what the remove clause names into things to drop, not to add."""
    end = remove_end(msg, pos)
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
    msg.asked_genres = [h for h in msg.asked_genres if not pos <= h[0] < end]
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
            pick = _pick(msg.picks, m.group("a") or m.group("b") or m.group("c") or m.group("d"))
            if pick:
                found.append(Target(m.start(), m.end(), (pick,), True, False))
            elif not msg.beyond:
                msg.beyond = _past(msg.picks, m)
        for m in rx(cues.REF_GROUP).finditer(msg.masked):
            n = int(m.group("n")) if m.group("n").isdigit() else cues.NUMBER_WORDS[m.group("n")]
            group = msg.picks[-n:] if m.group("side") == "last" else msg.picks[:n]
            found.append(Target(m.start(), m.end(), tuple(group), True, False))
        found += _kind_refs(msg)
        found += _described_refs(msg, [t for t in found if t])
    # "the second one looks good, more like that": a pointer means what was named before it
    titles = sorted((t for t in found if t), key=lambda t: t.start)
    for m in rx(cues.REF_POINTER).finditer(msg.masked):
        found.append(_pointer(msg, m.start(), m.end(), titles, plural=False))
    for m in rx(cues.REF_PRONOUN).finditer(msg.masked):
        if any(at < m.start("p") for at in msg.missing_at):
            continue  # "watched the godfather part 2 and loved it": a film the catalog lacks
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
#: What may stand between two kind words of one reference: "the scary korean one".
_KIND_REF_GAP = re.compile(r"^(?:\s+|\s*,\s*|\s+and\s+)$")


def _kind_refs(msg: Message) -> list[Target]:
    """ "the horror one", "that french film", "the scary korean one": the first of the last
    picks of that kind (of every kind named).

    The kind's words then point at a pick; they ask for nothing (no kind for the next list)."""
    found = []
    hits = sorted(msg.term_spans, key=lambda h: h[0])
    for run in joined_runs(hits, msg.masked, _KIND_REF_GAP):
        start, end = run[0][0], run[-1][1]
        before = _KIND_REF_BEFORE.search(msg.masked, max(0, start - 5), start)
        after = _KIND_REF_AFTER.match(msg.masked, end)
        if not before or not after:
            continue
        pick = next((p for p in msg.picks if all(_has_kind(msg, p, h[2]) for h in run)), None)
        if pick is None:
            continue
        found.append(Target(before.start(), after.end(), (pick,), True, False))
        for hit in run:
            msg.term_spans.remove(hit)
            if hit in msg.asked_genres:
                msg.asked_genres.remove(hit)
        msg.aspects = [a for a in msg.aspects if not (start <= a[0] < end)]
        msg.events = [e for e in msg.events if not (start <= e.pos < end)]
        msg.claim(before.start(), after.end())
    return found


#: "the one with Hugh Grant", "that film about the robot": a pick named by what is in it.
_DESCRIBED_REF = re.compile(
    r"\b(?:the|that) (?:one|film|movie|pick)\s+(?:with|starring|featuring|by|directed by"
    r"|about|where|in which|that has|that's about|set in)\s+"
    r"(?P<x>[^,.;:!?()]+?)(?=\s*(?:[,.;:!?()]|$|\b(?:is it|is that|was it|how|what|who|when"
    r"|does|did|do|and|but|please|pls)\b))"
)
#: A pick named by a word of its description before "one": "the dinosaur one", "the abba one".
_NOUN_ONE_REF = re.compile(
    r"\b(?:the|that) (?P<x>[a-z][a-z'-]+(?: [a-z][a-z'-]+)?) (?:one|film|movie|pick)\b"
)
#: Words before "one" that point at a pick by its place or quality, not its description.
_NOT_A_DESCRIPTION = QUALIFIERS | cues.words(
    """sixth good bad great old older newer long longer short shorter recent big little middle
    one this that my your cheap exact real"""
)
#: Words of a description that say nothing of a film ("the one with *the* robot").
_DESCRIPTION_STOP = cues.words(
    """the a an of in on at to and or with his her their its guy girl man woman lady kid kids
    people person actor actress one film movie that this those them they it who which where
    about some lots lot bunch whole big small little"""
)


def _described_refs(msg: Message, taken: Sequence[Target]) -> list[Target]:
    """ "the one with Hugh Grant", "the one about the robot": the last pick with that person
    in its cast or direction, else of that kind, else whose description has those words. One
    that fits none of the picks points at none (an empty target), not at the first pick."""
    found: list[Target] = []
    matches = [*_DESCRIBED_REF.finditer(msg.masked), *_NOUN_ONE_REF.finditer(msg.masked)]
    for m in sorted(matches, key=lambda m: m.start()):
        if any(t.start < m.end() and m.start() < t.end for t in (*taken, *found)):
            continue
        x = fold_text(m.group("x")).lower()
        words = [w for w in re.findall(r"[a-z][a-z'-]+", x) if w not in _DESCRIPTION_STOP]
        if not words or (m.re is _NOUN_ONE_REF and set(words) & _NOT_A_DESCRIPTION):
            continue
        kinds = [h for h in msg.term_spans if m.start("x") <= h[0] < m.end("x")]
        with_person = [p for p in msg.picks if _has_person(msg, p, x)]
        if len(with_person) > 1:  # "the one with Hugh Grant" when two have him: which one?
            msg.several = with_person
        pick = (
            None
            if len(with_person) > 1
            else (with_person[0] if with_person else None)
            or next(
                (p for p in msg.picks if kinds and all(_has_kind(msg, p, h[2]) for h in kinds)),
                None,
            )
            or next((p for p in msg.picks if _describes(msg, p, words)), None)
        )
        found.append(Target(m.start(), m.end(), (pick,) if pick else (), True, False))
        if pick is None and not msg.several:
            msg.unmatched.append(msg.text[m.start() : m.end()])
        for hit in kinds:
            msg.term_spans.remove(hit)
            if hit in msg.asked_genres:
                msg.asked_genres.remove(hit)
        msg.described = True  # a person named there names a pick, not a filter
        msg.aspects = [a for a in msg.aspects if not (m.start() <= a[0] < m.end())]
        msg.events = [e for e in msg.events if not (m.start() <= e.pos < m.end())]
        msg.claim(m.start(), m.end())
    return found


def _has_person(msg: Message, item_id: str, text: str) -> bool:
    """Whether a person of the item (cast or direction) is named in ``text`` (folded): the full
    name, or a surname of four letters or more."""
    item = msg.matcher.item(item_id)
    if item is None:
        return False
    for name in item.metadata:
        if not name.lower().startswith((*cues.CAST_FIELDS, *cues.DIRECTOR_FIELDS)):
            continue
        for person in item.values(name):
            key = name_key(str(person))
            surname = key.rsplit(" ", 1)[-1]
            if re.search(rf"\b{re.escape(key)}\b", text) or (
                len(surname) >= 4 and _alone(surname, text)
            ):
                return True
    return False


def _alone(surname: str, text: str) -> bool:
    """Whether a surname is said on its own ("the one with hanks in it"), not as the first
    name of someone else ("ryan gosling" is not Meg Ryan)."""
    for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
        after = re.match(r"\s+([a-z][a-z'-]*)", text[m.end() :])
        if not after or after.group(1) in _DESCRIPTION_STOP or after.group(1) in _AFTER_NAME:
            return True
    return False


_AFTER_NAME = cues.words("is was plays played acts in as from who how what does did")


def _describes(msg: Message, item_id: str, words: Sequence[str]) -> bool:
    """Whether every word (a plural as its singular too) is in the item's title or description."""
    item = msg.matcher.item(item_id)
    return item is not None and all(item.says(w) for w in words)


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
    after = [t for t in titles if t.start >= end and t.title]
    if after and _TURNED_DOWN.match(msg.masked[:end]):
        # "not that one, I've seen Arrival": the title said next (it marked the first pick)
        return Target(start, end, after[0].ids, after[0].ref, False)
    if msg.focus and not plural:
        return Target(start, end, (msg.focus,), True, False)
    if not msg.picks:
        return None
    return Target(start, end, msg.picks if plural else msg.picks[:1], True, False)


_TURNED_DOWN = re.compile(r"^\W*(?:(?:no|nah|nope)\W+)?not (?:that|this) one\s*$")


def _past(picks: Sequence[str], m: re.Match[str]) -> int:
    """The place a reference asks for past the end of the picks ("whats the 7th one" after
    five), else 0. "pick 7" or "option 7" may be a count, so only an ordinal, "#7" or "number
    7" counts."""
    word = m.group("a") or m.group("b") or m.group("c") or m.group("d") or ""
    if m.group("c") and not re.match(r"#|no\b|number\b|num\b|nr\b", m.group()):
        return 0
    index = int(word) - 1 if word.isdigit() else cues.ORDINALS.get(word)
    return index + 1 if index is not None and index >= len(picks) else 0


def _pick(picks: Sequence[str], word: str | None) -> str | None:
    if not word:
        return None
    index = int(word) - 1 if word.isdigit() else cues.ORDINALS.get(word)
    if index == -2:
        index = len(picks) // 2
    if index == -1:
        index = len(picks) - 1
    return picks[index] if index is not None and 0 <= index < len(picks) else None
