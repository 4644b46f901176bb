"""Likes, dislikes and "seen" for the titles and references in a message, from cue words
around them ("loved X", "X was boring", "X and Y were great", "watched X and loved it")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pickwise.agent import cues
from pickwise.agent.understanding.intents import Target
from pickwise.agent.understanding.message import Message, rx, unique
from pickwise.agent.understanding.ratings import rating_cues
from pickwise.agent.understanding.result import Intent
from pickwise.retrieval.people import fold_text

__all__ = ["Opinions", "read_opinions"]

#: What may stand between a cue and the target it is said of: "loved X, hated *the* Y",
#: "thumbs-up to the 3rd, thumbs down *to the* 4th" (the 3rd was noted as disliked).
_LEADS_TO = re.compile(r"\s*(?:(?:the|a|an|also|too|really|so|both|on|to|for)\s+)*")
_LINK_GAP = re.compile(
    r"[\s,:;—–-]*(?:(?:was|is|were|are|'s|felt|feels|seemed|seems|looked|looks|got|gets|just|so"
    r"|really|very|pretty|quite|totally|too|kinda|kind of|a bit|honestly|absolutely|truly|such"
    r"|an?|the|also|still|already|i've|i have|i|we|we've|one of my|my|all-time|all time)"
    r"(?!\w)[\s,:;—–-]*)*"
)
#: A title asked for as a model ("now something like Alien"): an earlier cue is not about it.
_SIMILAR_TO = re.compile(r"\b(?:something|anything|more|movies?|films?|stuff|ones?) like\s+$")
_TARGET_GAP = re.compile(r"(?:\s|,|&|/|\band\b|\bor\b|\bnor\b|\bas well as\b|\bplus\b)*")
_PRONOUN_AFTER = re.compile(r"\s+(?:it|them|both|all of them|that one|this one|that|this)\b")
_SUBJECT_BEFORE = re.compile(
    r"\b(?:i|we|i've|we've|i have|we have|i had|i'd|i've already|i already|i also|i really"
    r"|i just|i absolutely|and i)\s+$"
)
_CUE_ORDER: tuple[tuple[str | None, str], ...] = (
    (None, cues.NO_SENTIMENT),
    (None, cues.UNSEEN),
    ("accept", cues.ACCEPT),
    ("like", r"\bnot bad\b"),
    ("neutral", cues.NEUTRAL),
    ("dislike", cues.DISLIKE),
    ("like", cues.LIKE),
    ("seen", cues.SEEN),
)


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    label: str  # like, dislike, neutral, seen, accept
    #: A score ("6/10"): it rates the title before it, if there is one.
    score: bool = False


@dataclass(frozen=True)
class Opinions:
    """Item ids by opinion, the intent as the opinions leave it, and spans for the query to drop."""

    intent: Intent
    liked: tuple[str, ...]
    disliked: tuple[str, ...]
    seen: tuple[str, ...]
    mentioned: tuple[str, ...]
    refs: tuple[str, ...]
    dropped: tuple[tuple[int, int], ...]
    #: Picks taken up ("I'll watch it", "the second one sounds great").
    accepted: tuple[str, ...] = ()
    #: Neither liked nor disliked ("I didn't hate it", "it was ok"): seen, and no longer either.
    neutral: tuple[str, ...] = ()


def read_opinions(msg: Message, targets: list[Target], intent: Intent) -> Opinions:
    """Opinions on ``targets``; rejecting one of the last picks turns a request into
    ``not_that``, and ``why``/``about``/``not_that``/``more_like`` fall back to the item the
    conversation is on, else the first last pick."""
    found = _find_cues(msg)
    seen_cues = [c for c in found if c.label == "seen"]
    labels, flags, accepted = _judge(msg, targets, found, intent)
    final: dict[str, str] = {}
    for t, label in zip(targets, labels, strict=True):
        for item_id in t.ids if label else ():
            final.pop(item_id, None)
            final[item_id] = label or ""
    neutral = tuple(i for i, lab in final.items() if lab == "neutral")
    seen = unique([*(i for t, f in zip(targets, flags, strict=True) if f for i in t.ids), *neutral])
    refs = unique(i for t in targets if t.ref for i in t.ids)
    titled = unique(t.ids[0] for t in targets if t.title)
    if (
        intent in ("why", "about", "not_that", "more_like")
        and not refs
        and not titled
        and not msg.unmatched  # "the one with the dinosaurs" is none of the picks
        and not msg.several  # "the one with Hugh Grant" when two have him: asked which
        and (msg.focus or msg.picks)
    ):
        # "why raiders": the pick a word of its title names (it explained the first pick)
        named = _pick_by_title_word(msg) if intent in ("why", "about") else None
        # "something similar" after "I watched the 2nd one, loved it": like that film, not
        # like the first of the picks it brought
        about = msg.focus or (msg.talked if intent == "more_like" else None)
        refs = (named,) if named else (about,) if about else msg.picks[:1]
    taken = {i for t, a in zip(targets, accepted, strict=True) if a for i in t.ids}
    if intent == "not_that" and seen_cues:
        seen = unique([*seen, *(r for r in refs if r not in taken)])
    rejected = any(
        t.ref and (label == "dislike" or f)
        for t, label, f in zip(targets, labels, flags, strict=True)
    )
    if intent in ("recommend", "something_else") and rejected:
        intent = "not_that"
    if intent == "not_that":  # the picks turned down, not the one taken up or liked beside them
        refs = tuple(r for r in refs if r not in taken and final.get(r) != "like") or refs
    return Opinions(
        intent=intent,
        # "great, we'll watch the first one": taken up, not yet seen, so not liked
        liked=tuple(i for i, lab in final.items() if lab == "like" and i not in taken),
        disliked=tuple(i for i, lab in final.items() if lab == "dislike"),
        seen=seen,
        mentioned=tuple(i for i in titled if i not in final and i not in seen),
        refs=refs,
        dropped=_dropped(msg, targets, found, final, seen),
        accepted=tuple(i for i in refs if i in taken),
        neutral=neutral,
    )


def _find_cues(msg: Message) -> list[_Cue]:
    """Opinion cues in the message, scores among them; "haven't seen", "I'd love" are claimed
    but say none."""
    # "Arrival 9/10", "I'd give Interstellar a 3": a score says how much it was liked
    scores = [(s, e, label) for s, e, label in rating_cues(msg.masked) if msg.free(s, e)]
    found = [_Cue(s, e, label, score=True) for s, e, label in scores if label]
    msg.drops += [(s, e) for s, e, _ in scores]  # no words to search
    taken = [(s, e) for s, e, _ in scores]
    for label, pattern in _CUE_ORDER:
        for m in rx(pattern).finditer(msg.masked):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if label:
                found.append(_Cue(m.start(), m.end(), label))
            else:
                msg.drops.append((m.start(), m.end()))
    return sorted(found, key=lambda c: c.start)


def _judge(
    msg: Message, targets: list[Target], found: list[_Cue], intent: Intent
) -> tuple[list[str | None], list[bool], list[bool]]:
    """like/dislike/None, seen or not, and taken up or not, per target (none of them when the
    message removes)."""
    if intent == "remove":
        return [None] * len(targets), [False] * len(targets), [False] * len(targets)
    feelings = [c for c in found if c.label not in ("seen", "accept")]
    seen_cues = [c for c in found if c.label == "seen"]
    accepted = _accepted(msg, targets, [c for c in found if c.label == "accept"])
    seen = [f and not a for f, a in zip(_seen(msg, targets, seen_cues), accepted, strict=True)]
    return _labels(msg, targets, feelings), seen, accepted


def _accepted(msg: Message, targets: list[Target], found: list[_Cue]) -> list[bool]:
    """Targets taken up ("the second one sounds great", "we'll watch the first one"): not
    seen, whatever else was seen."""
    out = []
    for i, t in enumerate(targets):
        nxt = targets[i + 1].start if i + 1 < len(targets) else len(msg.masked)
        out.append(
            any(
                (t.end <= c.start < nxt and _after(msg, t, c, nxt))
                # "we'll watch the first one"
                or (c.end <= t.start and not msg.masked[c.end : t.start].strip())
                for c in found
            )
        )
    return out


def _labels(msg: Message, targets: list[Target], found: list[_Cue]) -> list[str | None]:
    """like/dislike per target: a cue right after it ("X was boring"), else the nearest
    one before it in its clause, else shared along a list ("X and Y were great"), else a
    cue on a pronoun after it ("watched X and loved it")."""
    labels: list[str | None] = [None] * len(targets)
    how = [""] * len(targets)
    used: set[_Cue] = set()
    for i, t in enumerate(targets):
        nxt = targets[i + 1].start if i + 1 < len(targets) else len(msg.masked)
        cue = next((c for c in found if t.end <= c.start < nxt and _after(msg, t, c, nxt)), None)
        if cue:
            labels[i], how[i] = cue.label, "post"
            used.add(cue)
            msg.drops.append((t.end, cue.start))  # "X *was* great": the link goes too
    modelled = False  # the title before, in a list, is asked for as a model
    for i, t in enumerate(targets):
        before = [c for c in found if c.end <= t.start and c not in used and _near(msg, c, t)]
        gap = msg.masked[targets[i - 1].end : t.start] if i else ""
        if _SIMILAR_TO.search(msg.masked, max(0, t.start - 30), t.start):
            # "now something like Alien" asks for films like it; "I love slow-burn sci-fi,
            # stuff like Arrival and Solaris" gives examples of what is loved
            modelled = not (before and _examples(msg, targets, before[-1], t))
        elif not (modelled and i and _TARGET_GAP.fullmatch(gap)):
            modelled = False  # a list goes on: "something like Alien and Heat", both models
        if modelled:
            before = []
        if labels[i] is None and before:
            labels[i], how[i] = before[-1].label, "pre"
    for i in reversed(range(len(targets) - 1)):
        gap = msg.masked[targets[i].end : targets[i + 1].start]
        joined = re.search(r"\b(?:and|or|nor|plus)\b|&", gap) or how[i + 1] == "chain"
        shared = how[i + 1] in ("post", "chain") and joined and _TARGET_GAP.fullmatch(gap)
        if labels[i] is None and shared:
            labels[i], how[i] = labels[i + 1], "chain"
    for c in found:
        owner = _anaphora(msg, targets, c)
        if owner is not None and labels[owner] is None:
            labels[owner] = c.label
    return labels


#: Titles given as examples of what a cue is about: "I love slow-burn sci-fi, *stuff like*
#: Arrival and Solaris" (it noted Solaris only), "..., films such as Alien".
_EXAMPLES = re.compile(
    r"[,:(—–-]\s*(?:(?:stuff|films?|movies?|things|ones|anything|something)\s+)?"
    r"(?:like|such as|e\.?g\.?|for example|for instance)\s+$"
)


def _examples(msg: Message, targets: list[Target], cue: _Cue, t: Target) -> bool:
    """Whether a title after "stuff like" gives an example of what a cue before it is about:
    the cue's object is no title or pick ("I liked that one, now something like Alien" asks for
    films like Alien), and the "like" follows it after a comma."""
    if any(cue.end <= o.start and o.end <= t.start for o in targets):
        return False
    return bool(_EXAMPLES.search(msg.masked, max(0, t.start - 30), t.start))


def _seen(msg: Message, targets: list[Target], found: list[_Cue]) -> list[bool]:
    flags = []
    for i, t in enumerate(targets):
        nxt = targets[i + 1].start if i + 1 < len(targets) else len(msg.masked)
        # "Interstellar 6/10, Inception": the score is Interstellar's
        pre = any(
            c.end <= t.start
            and _near(msg, c, t)
            and not (c.score and any(o.end <= c.start for o in targets[:i]))
            for c in found
        )
        post = any(t.end <= c.start < nxt and _after(msg, t, c, nxt) for c in found)
        flags.append(pre or post)
    for c in found:
        owner = _anaphora(msg, targets, c)
        if owner is not None:
            flags[owner] = True
    return flags


def _after(msg: Message, t: Target, c: _Cue, nxt: int) -> bool:
    """Whether cue ``c`` comments on ``t`` from behind ("X was great"), not on the next
    target ("loved X, hated Y") nor on something else it names ("hated X, love Paul Thomas
    Anderson")."""
    leads_next = nxt < len(msg.masked) and _LEADS_TO.fullmatch(msg.masked[c.end : nxt])
    return _links(msg, t, c) and not leads_next and not _own_object(msg, t, c)


def _own_object(msg: Message, t: Target, c: _Cue) -> bool:
    """A cue after a comma with an object of its own: a name ("..., love Paul Thomas
    Anderson"), a person or a genre another pass read ("..., love sci-fi")."""
    if not re.search(r"[,;:—–-]", msg.masked[t.end : c.start]):
        return False
    word = _NEXT_WORD.match(msg.text, c.end)
    if not word:
        return False
    start, end = word.span("w")
    named = word.group("w")[0].isupper() and word.group("w") != "I"
    read = not msg.free(start, end) or any(s < end and start < e for s, e, _ in msg.term_spans)
    return named or read


_NEXT_WORD = re.compile(r"\s+(?:the\s+)?(?P<w>[^\W\d_][\w'-]*)")


def _links(msg: Message, t: Target, c: _Cue) -> bool:
    gap = msg.masked[t.end : c.start]
    return msg.clause(t.end) == msg.clause(c.start) and bool(_LINK_GAP.fullmatch(gap))


def _near(msg: Message, c: _Cue, t: Target) -> bool:
    return msg.clause(c.start) == msg.clause(t.start)


def _anaphora(msg: Message, targets: list[Target], c: _Cue) -> int | None:
    """The title a cue on a pronoun ("loved it") is about: the last one named or pointed at
    before it ("the first one is a classic, seen it")."""
    if not _PRONOUN_AFTER.match(msg.masked, c.end):
        return None
    before = [i for i, t in enumerate(targets) if (t.title or t.ref) and t.end <= c.start]
    return before[-1] if before else None


def _dropped(
    msg: Message,
    targets: list[Target],
    found: Sequence[_Cue],
    final: dict[str, str],
    seen: tuple[str, ...],
) -> tuple[tuple[int, int], ...]:
    """What the query leaves out: cues (with their "I" and pronoun) in clauses about a target,
    references, and disliked or seen titles that are not also liked."""
    clauses = {msg.clause(t.start) for t in targets}
    dropped = [
        (c.start - _subject(msg, c.start), _pronoun_end(msg, c.end))
        for c in found
        if msg.clause(c.start) in clauses or _pronoun_end(msg, c.end) > c.end
    ]
    dropped += [(t.start, t.end) for t in targets if not t.title]
    dropped += [
        (t.start, t.end)
        for t in targets
        if t.title
        and (final.get(t.ids[0]) == "dislike" or t.ids[0] in seen)
        and final.get(t.ids[0]) != "like"
    ]
    return tuple(dropped)


def _pronoun_end(msg: Message, pos: int) -> int:
    after = _PRONOUN_AFTER.match(msg.masked, pos)
    return after.end() if after else pos


def _subject(msg: Message, pos: int) -> int:
    """Length of "I "/"we've " right before a cue (left out of the query with it)."""
    found = _SUBJECT_BEFORE.search(msg.masked, max(0, pos - 20), pos)
    return pos - found.start() if found else 0


def _pick_by_title_word(msg: Message) -> str | None:
    """The last pick whose title has a word of the message (four letters or more, no everyday
    word): "why raiders" names Raiders of the Lost Ark. None when no pick or several do."""
    said = {w for w in re.findall(r"[a-z0-9'-]+", fold_text(msg.masked).lower()) if len(w) >= 4}
    said -= cues.COMMON_WORDS
    found = []
    for item_id in msg.picks:
        item = msg.matcher.item(item_id)
        title = set(re.findall(r"[a-z0-9'-]+", fold_text(item.title).lower())) if item else set()
        if said & title:
            found.append(item_id)
    return found[0] if len(found) == 1 else None
