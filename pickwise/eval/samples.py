"""Evaluation samples: each recommender turn that mentions a catalog item, and what came before."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pickwise.eval.data import Dialogue

__all__ = ["Sample", "build_samples", "user_text"]

#: The context handed to the retriever keeps this many characters (the end of the conversation).
MAX_CONTEXT_CHARS = 4000


@dataclass(frozen=True)
class Sample:
    """One recommender turn to predict.

    ``targets`` are every catalog item the turn mentions (the ALL setting); ``new_targets`` only
    those not mentioned earlier in the dialogue (the NEW setting).
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


def user_text(dialogue: Dialogue, upto: int) -> str:
    """The user's own turns before turn ``upto`` (titles in place of ids), latest kept."""
    text = " ".join(t.text for t in dialogue.turns[:upto] if t.role == "user" and t.text)
    return text[-MAX_CONTEXT_CHARS:]


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
                        tuple(dict.fromkeys(seen)),
                        tuple(in_catalog),
                    )
                )
            seen.extend(in_catalog)
    return samples
