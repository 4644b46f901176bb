"""Fine-tuning the sentence encoder on past conversations.

The frozen encoder knows how text reads, not how people ask for things: "something to watch with
my kids that isn't a cartoon" and the text of the film they took are far apart. Tuning pulls each
(what the user had said, the item the turn answered with) pair together and pushes the other
items of its batch away (in-batch negatives, ``MultipleNegativesRankingLoss``). One epoch at a
small learning rate keeps what the model knew.

A tuned encoder is stored in a folder with a :data:`MARKER` file naming the model it was tuned
from; a catalog embedded with it keeps using it (:meth:`Catalog.encoder_for`).
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pickwise.errors import ConfigError
from pickwise.retrieval.embeddings import SentenceEmbeddings, resolve_model_path

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "MARKER",
    "MIN_PAIRS",
    "TuningConfig",
    "save_encoder",
    "tune_encoder",
    "tuned_base",
]

#: The file that marks a folder as an encoder pickwise tuned, with what it was tuned from.
MARKER = "pickwise-encoder.json"
#: Fewer pairs than this tune too little to trust (the measured gain came from about 4,400).
MIN_PAIRS = 500


@dataclass(frozen=True)
class TuningConfig:
    """How the encoder is tuned; the defaults are the ones measured (docs/EVALUATION.md)."""

    epochs: float = 1.0
    learning_rate: float = 3e-5
    batch_size: int = 32
    #: Tokens per text while training (the user text and the item's document); encoding after
    #: training uses the model's own limit again.
    max_seq_length: int = 128
    #: The share of steps over which the learning rate rises from zero, then falls linearly.
    warmup: float = 0.1
    seed: int = 0


def tune_encoder(
    base: str,
    pairs: Sequence[tuple[str, str]],
    config: TuningConfig = TuningConfig(),
    device: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SentenceEmbeddings:
    """A copy of ``base`` tuned on (query text, item text) ``pairs``, in memory.

    Deterministic for the same pairs and config on the same machine: the batch order and the
    dropout draw from ``config.seed``.
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    steps = int(len(pairs) * config.epochs / config.batch_size)
    if steps < 1:
        raise ConfigError(
            f"{len(pairs)} training pair(s) make no batch of {config.batch_size}; tune on more "
            "conversations."
        )
    torch.manual_seed(config.seed)
    model = SentenceTransformer(resolve_model_path(base), device=device, local_files_only=True)
    limit = model.max_seq_length
    model.max_seq_length = config.max_seq_length
    loss_fn = MultipleNegativesRankingLoss(model)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
    warm = max(1.0, config.warmup * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda i: min(1.0, (i + 1) / warm) * max(0.0, 1 - i / steps)
    )
    rng = random.Random(config.seed)
    order: list[int] = []
    model.train()
    for step in range(steps):
        if len(order) < config.batch_size:  # a new shuffled pass tops the queue up
            rest = list(range(len(pairs)))
            rng.shuffle(rest)
            order += rest
        batch = [pairs[j] for j in order[: config.batch_size]]
        order = order[config.batch_size :]
        queries, documents = [q for q, _ in batch], [d for _, d in batch]
        loss = loss_fn([_features(model, queries), _features(model, documents)], labels=None)
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        if progress:
            progress(step + 1, steps)
    model.eval()
    model.max_seq_length = limit
    return SentenceEmbeddings.of(model, f"{base} (tuned)")


def _features(model: SentenceTransformer, texts: list[str]) -> dict[str, Any]:
    features = model.preprocess(texts) if hasattr(model, "preprocess") else model.tokenize(texts)
    return {k: v.to(model.device) if hasattr(v, "to") else v for k, v in features.items()}


def save_encoder(
    encoder: SentenceEmbeddings, folder: Path, base: str, about: dict[str, Any]
) -> str:
    """Write the tuned model and its marker into ``folder`` (replaced whole); returns the name
    the catalog records for it (the folder's path)."""
    folder = Path(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    encoder.model.save(str(partial))
    info = {"base": base, "created": time.time(), **about}
    (partial / MARKER).write_text(json.dumps(info, indent=2, sort_keys=True), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return str(folder)


def tuned_base(model: str) -> str | None:
    """The model a pickwise-tuned encoder at ``model`` was tuned from, or None when ``model`` is
    not one (a model name, or a folder without the marker)."""
    marker = Path(model) / MARKER
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    base = info.get("base") if isinstance(info, dict) else None
    return base if isinstance(base, str) else None
