"""``pickwise learn``: fit the sources learned from past conversations for the current catalog."""

from __future__ import annotations

from pathlib import Path

import typer

from pickwise import open_catalog
from pickwise.cli.common import counted, emit_json, settings
from pickwise.errors import CatalogError

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
) -> None:
    """Learn co-mentions, context-to-item and nearest-conversation models from past chats."""
    from pickwise.eval.data import read_dialogues
    from pickwise.eval.learning import fit_from_dialogues
    from pickwise.retrieval.learned import MIN_SUPPORT, TRUSTED_EXAMPLES

    if fmt not in ("redial", "pickwise"):
        raise CatalogError(f"unknown --format '{fmt}'; use redial or pickwise.")
    catalog = open_catalog(settings())
    index = catalog.index
    titles = {i.id: i.title for i in index.items}
    records = read_dialogues(dialogues, fmt, titles)
    model, samples = fit_from_dialogues(records, catalog.embedder, frozenset(index.row_of))
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
