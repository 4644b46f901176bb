"""Fitting the learned sources from dialogues: the bridge between eval data and retrieval."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pickwise.eval.data import Dialogue
from pickwise.eval.samples import Sample, build_samples
from pickwise.retrieval.embeddings import VectorEmbeddings
from pickwise.retrieval.index import CatalogIndex
from pickwise.retrieval.learned import LearnedModel, TrainingExample, fit_learned

__all__ = ["fit_from_dialogues", "fit_from_samples", "learning_samples", "tuning_pairs"]


def fit_from_samples(
    dialogues: Sequence[Dialogue],
    samples: Sequence[Sample],
    vectors: np.ndarray,
    known: set[str] | frozenset[str],
) -> LearnedModel:
    """Fit on ``samples`` (with their user-text ``vectors``) of ``dialogues`` only.

    A pick its dialogue ``rejected`` (a thumbs down) is no success of the turn that showed it:
    it is a negative target of that turn, and neither an item of the conversation (co-mention)
    nor a recommendation (popularity). Dialogues that reject nothing (ReDial, INSPIRED) fit as
    they always did.
    """
    examples: list[TrainingExample] = []
    recommended: list[str] = []
    for s, v in zip(samples, vectors, strict=True):
        rejected = dialogues[s.dialogue].rejected
        taken = tuple(t for t in s.targets if t not in rejected)
        examples.append(
            TrainingExample(v, taken, s.mentioned, tuple(t for t in s.targets if t in rejected))
        )
        recommended.extend(taken)
    used = sorted({s.dialogue for s in samples})
    conversations = [[i for i in dialogues[d].items if i in known] for d in used]
    for d in used:  # outcome feedback of a pickwise log counts as a recommendation taken
        rejected = dialogues[d].rejected  # taken up, then a thumbs down: not taken
        recommended.extend(i for i in dialogues[d].accepted if i in known and i not in rejected)
    return fit_learned(examples, conversations, recommended)


def fit_from_dialogues(
    dialogues: Sequence[Dialogue],
    embedder: VectorEmbeddings,
    known: set[str] | frozenset[str],
    samples: list[Sample] | None = None,
) -> tuple[LearnedModel, int]:
    """Build samples from ``dialogues``, embed their user text and fit; returns the sample count.

    A dialogue whose feedback names accepted or liked items but no mentions per turn (pickwise's
    own log) yields one sample: its whole user text leading to those items (and away from those
    it rejected).
    """
    if samples is None:  # given when the caller built them already (`learn --tune-encoder`)
        samples = learning_samples(dialogues, known)
    vectors = embedder.encode([s.user_text for s in samples])
    return fit_from_samples(dialogues, samples, vectors, known), len(samples)


def learning_samples(
    dialogues: Sequence[Dialogue], known: set[str] | frozenset[str]
) -> list[Sample]:
    """The samples of ``dialogues``: one per recommender turn that names a known item, and for
    a dialogue with none, whose feedback judged known items (pickwise's own log), one whole."""
    samples = build_samples(dialogues, known)
    covered = {s.dialogue for s in samples}
    for d, dialogue in enumerate(dialogues):
        outcome = dict.fromkeys(dialogue.accepted + dialogue.liked + dialogue.rejected)
        judged = tuple(i for i in outcome if i in known)
        if d not in covered and judged:
            text = " ".join(t.text for t in dialogue.turns if t.role == "user")
            samples.append(Sample(d, len(dialogue.turns), text, text, (), judged))
    return samples


def tuning_pairs(
    dialogues: Sequence[Dialogue], samples: Sequence[Sample], index: CatalogIndex
) -> list[tuple[str, str]]:
    """What the encoder is tuned on: (what the user had said, the text of an item the turn
    answered with) for every target its dialogue did not reject (a thumbs down)."""
    return [
        (s.user_text, index.items[index.row_of[t]].document())
        for s in samples
        if s.user_text
        for t in s.targets
        if t not in dialogues[s.dialogue].rejected
    ]
