"""``pickwise eval``: benchmarks, one command each, data paths as arguments."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer

from pickwise import weights_from
from pickwise.cli.catalog import _Bar, console
from pickwise.cli.common import emit_json, settings
from pickwise.config import Settings
from pickwise.errors import ConfigError
from pickwise.retrieval.embeddings import VectorEmbeddings

__all__ = ["eval_app"]

eval_app = typer.Typer(
    help="Benchmarks: Recall@K on public datasets, baselines in the same run.",
    no_args_is_help=True,
)

DIALOGUES = typer.Option(..., "--dialogues", help="Dialogue file to score.", exists=True)
METADATA = typer.Option(
    ..., "--metadata", help="Movie metadata (ReDial id2info.json): the catalog.", exists=True
)
FIT = typer.Option(
    None,
    "--fit",
    help="Dialogues to learn from (default: K-fold CV within --dialogues).",
    exists=True,
)
FOLDS = typer.Option(5, "--folds", min=2, help="Cross-validation folds (without --fit).")
LIMIT = typer.Option(None, "--limit", min=1, help="Score this many samples (drawn evenly).")
OUT = typer.Option(Path("eval-results"), "--out", help="Folder for the JSON, Markdown and PNG.")
BACKEND = typer.Option(
    "none",
    "--backend",
    help="none (retrieval alone), or local / openai: also measure the LLM re-rank on top.",
)
RERANK_LIMIT = typer.Option(
    300,
    "--rerank-limit",
    min=1,
    help="With an LLM backend: samples re-ranked (one LLM call each, drawn evenly).",
)
BACKENDS = ("none", "local", "openai")


def _run(
    name: str,
    dialogues: Path,
    metadata: Path,
    fit: Path | None,
    folds: int,
    limit: int | None,
    out: Path,
    backend: str,
    rerank_limit: int,
    ratings: tuple[Path, Path] | None = None,
    tune_encoder: bool = False,
) -> None:
    from pickwise.eval import evaluate, open_benchmark_catalog
    from pickwise.retrieval import SentenceEmbeddings
    from pickwise.retrieval.tuning import TuningConfig

    if backend not in BACKENDS:
        raise ConfigError(f"--backend must be one of {', '.join(BACKENDS)}, not '{backend}'.")
    s = settings()
    # the LLM first: a backend that cannot start fails before the long retrieval run
    llm, setup = _rerank_backend(s, backend, rerank_limit) if backend != "none" else (None, None)
    bar = _Bar()
    try:
        embedder = SentenceEmbeddings(
            s.embedding_model, batch_size=s.embedding_batch_size, device=s.embedding_device
        )
        catalog = open_benchmark_catalog(metadata, s.home / "eval", embedder, bar)
        payload = evaluate(
            name,
            dialogues,
            name,
            metadata,
            catalog,
            weights_from(s),
            out,
            "pickwise " + shlex.join(sys.argv[1:]),
            fit,
            folds,
            limit,
            progress=bar,
            llm=llm,
            rerank_setup=setup,
            ratings=ratings,
            tuning=TuningConfig() if tune_encoder else None,
        )
    finally:
        bar.close()
    console.print(f"wrote {', '.join(payload['outputs'])}")
    summary = {"results": payload["results"], "latency_ms": payload["latency_ms"]}
    if "rerank" in payload:
        r = payload["rerank"]
        summary["rerank"] = {k: r[k] for k in ("samples", "results", "best_weight", "llm")}
    emit_json(summary)


def _rerank_backend(s: Settings, backend: str, limit: int) -> tuple[Any, Any]:
    """The LLM backend (the local server started and warmed up) and how the agent uses it."""
    from pickwise.agent.app import warm_up
    from pickwise.eval.rerank import RerankSetup
    from pickwise.llm import LLMConfig, make_backend

    llm = make_backend(replace(LLMConfig.from_settings(s), backend=backend))  # type: ignore[arg-type]
    assert llm is not None
    if llm.name == "local":
        warm_up(llm)
    return llm, RerankSetup.from_settings(s, backend, limit)


RATINGS = typer.Option(
    None,
    "--ratings",
    help="MovieLens ratings.csv: add the collaborative signal (needs --links).",
    exists=True,
)
LINKS = typer.Option(
    None,
    "--links",
    help="MovieLens links.csv: ties --ratings to the metadata by IMDb id.",
    exists=True,
)
TUNE_ENCODER = typer.Option(
    False,
    "--tune-encoder",
    help="Fine-tune the encoder per fold on its training dialogues, as `pickwise learn "
    "--tune-encoder` does (16 minutes a ReDial fold on 2 idle CPU cores).",
)


def _conversational(name: str, doc: str) -> Callable[..., None]:
    """The command of one dialogue benchmark (the same options for every format)."""

    def command(
        dialogues: Path = DIALOGUES,
        metadata: Path = METADATA,
        fit: Path = FIT,
        folds: int = FOLDS,
        limit: int = LIMIT,
        out: Path = OUT,
        backend: str = BACKEND,
        rerank_limit: int = RERANK_LIMIT,
        ratings: Path = RATINGS,
        links: Path = LINKS,
        tune_encoder: bool = TUNE_ENCODER,
    ) -> None:
        if (ratings is None) != (links is None):
            raise ConfigError(
                "--ratings and --links go together: the links file ties the ratings' movie ids "
                "to the metadata's movies."
            )
        linked = (ratings, links) if ratings and links else None
        _run(
            name,
            dialogues,
            metadata,
            fit,
            folds,
            limit,
            out,
            backend,
            rerank_limit,
            linked,
            tune_encoder,
        )

    command.__doc__ = doc
    return command


eval_app.command("redial")(
    _conversational(
        "redial", "ReDial: Recall@1/10/50 on every recommender turn that mentions a movie."
    )
)
eval_app.command("inspired")(
    _conversational(
        "inspired",
        "INSPIRED (TSV): the same protocol; movies are matched to the metadata by title.",
    )
)


# --- MovieLens and the simulated user -------------------------------------------------------
def _embedder() -> VectorEmbeddings:
    from pickwise.retrieval import SentenceEmbeddings

    s = settings()
    return SentenceEmbeddings(
        s.embedding_model, batch_size=s.embedding_batch_size, device=s.embedding_device
    )


def _command() -> str:
    return "pickwise " + shlex.join(sys.argv[1:])


@eval_app.command("movielens")
def movielens(
    ratings: Path = typer.Option(..., "--ratings", help="MovieLens ratings.csv.", exists=True),
    movies: Path = typer.Option(..., "--movies", help="MovieLens movies.csv.", exists=True),
    limit_users: int = typer.Option(None, "--limit-users", min=1, help="First N users by id."),
    tune: bool = typer.Option(True, help="Tune fusion weights on a validation split of train."),
    out: Path = OUT,
) -> None:
    """MovieLens leave-last-out: NDCG@10/Recall@10 of pickwise and baselines in one run."""
    from pickwise.eval.movielens import run_and_write

    bar = _Bar()
    try:
        payload = run_and_write(
            ratings, movies, _embedder(), out, _command(), limit_users, tune, bar
        )
    finally:
        bar.close()
    console.print(f"wrote {', '.join(payload['outputs'])}")
    emit_json(payload["results"])


@eval_app.command("simulate")
def simulate(
    metadata: Path = METADATA,
    targets: Path = typer.Option(
        ..., "--targets", help="Target ids: one per line or a JSON list.", exists=True
    ),
    turns: int = typer.Option(5, "--turns", min=1, max=10, help="Turns per conversation."),
    out: Path = OUT,
) -> None:
    """A simulated user describes a hidden target (never its title); Hit@1/10 per turn."""
    from pickwise.eval.simulate import run_and_write

    bar = _Bar()
    try:
        catalogs = settings().home / "eval"  # built once, shared with eval redial/inspired
        payload = run_and_write(
            metadata, targets, _embedder(), out, _command(), turns, bar, catalogs
        )
    finally:
        bar.close()
    console.print(f"wrote {', '.join(payload['outputs'])}")
    emit_json({"per_turn": payload["per_turn"], "mean_turns_to_hit": payload["mean_turns_to_hit"]})
