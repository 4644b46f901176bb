"""``pickwise learn``: fit the sources learned from past conversations for the current catalog,
and with ``--tune-encoder`` the embedding model itself."""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path
from typing import Any

import typer

from pickwise import open_catalog
from pickwise.cli.catalog import _Bar
from pickwise.cli.common import counted, emit_json, settings
from pickwise.config import Settings
from pickwise.errors import CatalogError
from pickwise.retrieval import Catalog

__all__ = ["learn"]


def learn(
    dialogues: Path = typer.Option(
        ..., "--dialogues", exists=True, help="Past conversations (JSONL)."
    ),
    fmt: str = typer.Option(
        "pickwise",
        "--format",
        help="redial (ReDial JSONL) or pickwise (pickwise's chat log: `pickwise log export`).",
    ),
    tune_encoder: bool = typer.Option(
        False,
        "--tune-encoder",
        help="Also fine-tune the embedding model on these conversations and embed the catalog "
        "with it (16 minutes for 4,400 pairs on 2 idle CPU cores).",
    ),
    reset_encoder: bool = typer.Option(
        False,
        "--reset-encoder",
        help="Embed the catalog again with the configured model and remove the tuned one.",
    ),
) -> None:
    """Learn co-mentions, context-to-item and nearest-conversation models from past chats."""
    from pickwise.eval.data import read_dialogues
    from pickwise.eval.learning import fit_from_dialogues, learning_samples
    from pickwise.retrieval.learned import MIN_SUPPORT, TRUSTED_EXAMPLES

    if fmt not in ("redial", "pickwise"):
        raise CatalogError(f"unknown --format '{fmt}'; use redial or pickwise.")
    if tune_encoder and reset_encoder:
        raise CatalogError("--tune-encoder and --reset-encoder exclude each other; pick one.")
    s = settings()
    catalog = open_catalog(s)
    index = catalog.index
    titles = {i.id: i.title for i in index.items}
    records = read_dialogues(dialogues, fmt, titles)
    known = frozenset(index.row_of)
    tuned: dict[str, Any] = {}
    examples = learning_samples(records, known)
    if tune_encoder:
        tuned = _tune(catalog, s, records, examples)
    elif reset_encoder:
        _reembed(catalog, None)
        shutil.rmtree(catalog.home / "encoders" / catalog.name, ignore_errors=True)
    model, samples = fit_from_dialogues(records, catalog.encoder, known, examples)
    if not samples:
        raise CatalogError(
            f"{dialogues}: no conversation names an item of catalog '{catalog.name}'; item ids "
            "in the dialogues must be catalog ids."
        )
    catalog.save_learned(model)
    emit_json(
        {
            "catalog": catalog.name,
            "dialogues": len(records),
            "examples": samples,
            "items": len(model.item_ids),
            "trust": round(model.trust, 3),
            "encoder": catalog.encoder.model_name,
            **tuned,
        }
    )
    if samples < TRUSTED_EXAMPLES:
        typer.secho(
            f"warning: learned from {counted(samples, 'example')} only (each recommender turn "
            f"that names a catalog item is one); under {TRUSTED_EXAMPLES} they are too few to "
            f"trust, so the learned sources count for {model.trust:.0%} of their weight and give "
            f"a reason only for items that {MIN_SUPPORT} examples or more led to. Learn again "
            "when more conversations are logged (pickwise log export).",
            fg="yellow",
            err=True,
        )


def _tune(catalog: Catalog, s: Settings, records: list[Any], samples: list[Any]) -> dict[str, Any]:
    """Tune the configured model on the dialogues' pairs, store it in the home, embed the
    catalog with it, and drop the catalog's older tuned encoders."""
    from pickwise.eval.learning import tuning_pairs
    from pickwise.retrieval.tuning import MIN_PAIRS, TuningConfig, save_encoder, tune_encoder

    pairs = tuning_pairs(records, samples, catalog.index)
    if len(pairs) < MIN_PAIRS:
        raise CatalogError(
            f"--tune-encoder needs {MIN_PAIRS} (user text, item) pairs or more to help; these "
            f"conversations give {len(pairs)}. Learn without --tune-encoder for now, and tune "
            "when more conversations are logged (pickwise log export). Nothing was changed."
        )
    config = TuningConfig()
    bar = _Bar()
    start = time.perf_counter()
    try:
        encoder = tune_encoder(
            s.embedding_model,
            pairs,
            config,
            s.embedding_device,
            lambda done, total: bar("tuning", done, total),
        )
    finally:
        bar.close()
    seconds = time.perf_counter() - start
    folder = catalog.home / "encoders" / catalog.name / time.strftime("%Y%m%d-%H%M%S")
    about = {"catalog": catalog.name, "pairs": len(pairs), **dataclasses.asdict(config)}
    name = save_encoder(encoder, folder, s.embedding_model, about)
    _reembed(catalog, catalog.encoder_for(name))
    for old in folder.parent.iterdir():
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return {"tuning_pairs": len(pairs), "tuning_seconds": round(seconds, 1)}


def _reembed(catalog: Catalog, encoder: Any) -> None:
    bar = _Bar()
    try:
        catalog.use_encoder(encoder, bar)
    finally:
        bar.close()
