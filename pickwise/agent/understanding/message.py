"""One message being read: its folded, title-masked text and what the passes found so far."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from pickwise.agent.titles import Mention, TitleMatcher
from pickwise.agent.understanding.events import Event
from pickwise.agent.understanding.vocabulary import Vocabulary, fold_text, name_key
from pickwise.retrieval.constraints import Constraint

__all__ = ["Message", "TermHit", "rx", "unique"]

#: (start, end, ((field, value), ...)) of a genre or language word in the message.
TermHit = tuple[int, int, tuple[tuple[str, str], ...]]

_CLAUSE = re.compile(
    # "I also really like X" is one clause, "loved X, also Y" two
    r"[.!?;\n]+|\b(?:but|however|though|although|whereas|yet|except that|while"
    r"|(?<!\bi )(?<!\bwe )also)\b"
)


@lru_cache(maxsize=256)
def rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


class Message:
    """The state of reading one message, shared by the passes of :func:`understand`.

    ``masked`` is the folded text with title mentions blanked out (same length as ``text``).
    A pass *claims* the phrases it reads so later passes skip them; ``drops`` are spans left
    out of the query.
    """

    def __init__(
        self,
        text: str,
        matcher: TitleMatcher,
        vocab: Vocabulary,
        picks: tuple[str, ...],
        focus: str | None = None,
        talked: str | None = None,
    ) -> None:
        self.text = text
        self.matcher = matcher
        self.vocab = vocab
        self.picks = picks
        #: The item the conversation is on ("tell me about the third one"): what "it" means.
        self.focus = focus
        #: The film the message before the last picks was about: what "more like" means then.
        self.talked = talked
        found = [m for m in matcher.find(text, sequels=True) if not _in_a_name(text, m, vocab)]
        self.mentions = [m for m in found if not m.sequel]
        #: Sequels said that the catalog lacks, as (how they are called, the id of the film
        #: they follow): ("The Godfather part 2", "the-godfather-1972"). Blanked like the
        #: other titles.
        self.missing = [(f"{m.title} {m.sequel}", m.item_id) for m in found if m.sequel]
        #: Where they start: a pronoun after one ("watched X part 2 and loved it") means it.
        self.missing_at = [m.start for m in found if m.sequel]
        chars = list(fold_text(text))
        for m in found:
            chars[m.start : m.end] = " " * (m.end - m.start)
        self.masked = "".join(chars)
        self.bounds = [m.start() for m in _CLAUSE.finditer(self.masked)]
        self.claimed: list[tuple[int, int]] = []
        self.drops: list[tuple[int, int]] = []
        self.events: list[Event] = []
        self.aspects: list[tuple[int, int, str]] = []
        #: Aspects asked for because of how the user feels now ("I'm sad": feel-good): this
        #: request's, never the profile's.
        self.momentary: list[str] = []
        self.term_spans: list[TermHit] = []
        #: The genre words asked for as they are ("a comedy", "sci-fi"): no cue made them a
        #: filter or a refusal.
        self.asked_genres: list[TermHit] = []
        #: Misspelled genre words read as the word meant, by start ("horor" -> "horror").
        self.corrected: dict[int, str] = {}
        self.negations: list[tuple[int, int]] = []
        #: Words of who watches said as what a film is about ("about a poor *family*"): words
        #: of the query, no kind asked for.
        self.topics: list[tuple[int, int]] = []
        #: The items of a refused list before a genre word that no pass read when it was found
        #: ("can't stand *adam sandler* or musicals"): a name, else words to avoid.
        self.refused_items: list[tuple[int, int]] = []
        #: Filters for this request only ("a French comedy": in French this time; "something
        #: short").
        self.wanted: list[Constraint] = []
        #: Picks described by what is in them that fit none of the last picks ("the one with
        #: the dinosaurs").
        self.unmatched: list[str] = []
        #: The picks a description fits alike ("the one with Hugh Grant" when two have him):
        #: which one is asked, none guessed.
        self.several: list[str] = []
        #: The message names a pick by what is in it ("the one with Hugh Grant").
        self.described = False
        #: The place a reference asks for past the end of the picks ("the 7th one" after five).
        self.beyond = 0
        #: A lower year bound of this request was read from a word of recency ("newer",
        #: "something recent"), not from a year.
        self.recency = False
        #: People the user says they like ("I love Denis Villeneuve", "big fan of Wes
        #: Anderson"), as (field, value) pairs of the catalog: kept in the profile.
        self.fans: list[tuple[str, str]] = []
        #: Every person of the catalog the message names, as where the name starts and its
        #: (field, value) pairs: what "forget Denis Villeneuve" forgets.
        self.people_said: list[tuple[int, tuple[tuple[str, str], ...]]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.claimed)

    def claim(self, start: int, end: int) -> None:
        """Mark a phrase as read (later passes skip it) and leave it out of the query."""
        self.claimed.append((start, end))
        self.drops.append((start, end))

    def blank(self, start: int, end: int) -> None:
        """Claim a phrase and blank it out of ``masked``: no later pass reads its words (the
        "that" of "forget that" points at no pick)."""
        self.claim(start, end)
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]

    def clause(self, pos: int) -> int:
        return bisect_right(self.bounds, pos)

    def clause_end(self, pos: int) -> int:
        later = [b for b in self.bounds if b >= pos]
        return later[0] if later else len(self.masked)

    def field_for(self, role: str) -> str | None:
        return {
            "year": self.vocab.year_field,
            "runtime": self.vocab.runtime_field,
            "language": self.vocab.language_field,
        }.get(role)


_WORD_BEFORE = re.compile(r"([\w'.-]+)\s+$")
_WORD_AFTER = re.compile(r"^\s+([\w'.-]+)")


def _in_a_name(text: str, mention: Mention, vocab: Vocabulary) -> bool:
    """Whether a title found is part of a person's full name: "Akira" in "I love Akira
    Kurosawa" (it noted a like of the anime)."""
    said = text[mention.start : mention.end]
    before = _WORD_BEFORE.search(text[max(0, mention.start - 40) : mention.start])
    after = _WORD_AFTER.match(text[mention.end : mention.end + 40])
    names = [f"{said} {after.group(1)}"] if after else []
    names += [f"{before.group(1)} {said}"] if before else []
    if before and after:
        names.append(f"{before.group(1)} {said} {after.group(1)}")
    return any(name_key(n) in vocab.people_terms for n in names)


def joined_runs(hits: Iterable[TermHit], text: str, gap: re.Pattern[str]) -> list[list[TermHit]]:
    """``hits`` (in text order) grouped into runs: a hit joins the run before it when the text
    between them matches ``gap`` ("Godard, Truffaut", "the scary korean one")."""
    runs: list[list[TermHit]] = []
    for hit in hits:
        if runs and gap.match(text[runs[-1][-1][1] : hit[0]]):
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs
