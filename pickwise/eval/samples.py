"""Evaluation samples: each recommender turn that mentions a catalog item, and what came before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pickwise.eval.data import Dialogue
from pickwise.retrieval.learned import CONTEXT_CHARS, recent_text

__all__ = ["Sample", "build_samples", "recent_text", "user_text"]

#: The context kept with a sample (the end of the conversation), in characters.
MAX_CONTEXT_CHARS = 4000
#: The user's text that is embedded (the most recent turns that fit MiniLM's window).
MAX_USER_CHARS = CONTEXT_CHARS


@dataclass(frozen=True)
class Sample:
    """One recommender turn to predict.

    ``targets`` are every catalog item the turn mentions (the ALL setting); ``new_targets`` only
    those not mentioned earlier in the dialogue (the NEW setting). ``mentioned`` lists the items
    mentioned earlier, each once, in order of its latest mention (the most recent last).
    """

    dialogue: int
    turn: int
    user_text: str
    context: str
    mentioned: tuple[str, ...]
    targets: tuple[str, ...]

    @property
    def new_targets(self) -> tuple[str, ...]:
        return tuple(t for t in self.targets if t not in self.mentioned)


def user_text(dialogue: Dialogue, upto: int, limit: int = MAX_USER_CHARS) -> str:
    """The user's own turns before turn ``upto`` (titles in place of ids), the latest ones.

    Whole turns are kept from the end while they fit in ``limit`` characters; a single longer
    turn keeps its end, cut at a word boundary.
    """
    turns = [t.text for t in dialogue.turns[:upto] if t.role == "user" and t.text]
    return recent_text(turns, limit)


def _latest_order(ids: Sequence[str]) -> tuple[str, ...]:
    """Each id once, ordered by its last occurrence."""
    return tuple(reversed(dict.fromkeys(reversed(ids))))


def build_samples(dialogues: Sequence[Dialogue], known: set[str] | frozenset[str]) -> list[Sample]:
    """All samples of ``dialogues``; items outside ``known`` (the catalog) are ignored."""
    samples = []
    for d, dialogue in enumerate(dialogues):
        seen: list[str] = []
        for n, turn in enumerate(dialogue.turns):
            in_catalog = [i for i in turn.mentioned if i in known]
            if turn.role == "assistant" and in_catalog:
                context = " ".join(f"{t.role}: {t.text}" for t in dialogue.turns[:n] if t.text)
                samples.append(
                    Sample(
                        d,
                        n,
                        user_text(dialogue, n),
                        context[-MAX_CONTEXT_CHARS:],
                        _latest_order(seen),
                        tuple(in_catalog),
                    )
                )
            seen.extend(in_catalog)
    return samples
