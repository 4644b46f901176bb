"""Evaluation: conversational benchmarks (ReDial, INSPIRED) and learning from past dialogues."""

from pickwise.eval.conversational import evaluate, open_benchmark_catalog
from pickwise.eval.data import Dialogue, Turn, read_dialogues, read_metadata
from pickwise.eval.learning import fit_from_dialogues
from pickwise.eval.metrics import ranks, recall_at, recall_curve
from pickwise.eval.samples import Sample, build_samples

__all__ = [
    "Dialogue",
    "Sample",
    "Turn",
    "build_samples",
    "evaluate",
    "fit_from_dialogues",
    "open_benchmark_catalog",
    "ranks",
    "read_dialogues",
    "read_metadata",
    "recall_at",
    "recall_curve",
]
