"""The ``pickwise`` command line. Settings are built here and passed down as plain arguments."""

from __future__ import annotations

import os
import sys

import typer

from pickwise.cli import catalog as catalog_commands
from pickwise.cli.chat import chat
from pickwise.cli.common import state
from pickwise.cli.eval import eval_app
from pickwise.cli.learn import learn
from pickwise.cli.llm import llm_app
from pickwise.cli.log import log_app
from pickwise.cli.profile import profile_app
from pickwise.cli.serve import serve
from pickwise.errors import PickwiseError

__all__ = ["app", "main"]

app = typer.Typer(
    name="pickwise",
    help="pickwise: a conversational recommender. Ingest a catalog, then search or chat.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _options(
    home: str = typer.Option(None, "--home", help="Data folder (default: PICKWISE_HOME)."),
    catalog: str = typer.Option(None, "--catalog", "-c", help="Catalog name (PICKWISE_CATALOG)."),
) -> None:
    state.overrides = {k: v for k, v in {"home": home, "catalog": catalog}.items() if v}


catalog_commands.register(app)
app.command("chat")(chat)
app.command("serve")(serve)
app.add_typer(llm_app, name="llm")
app.add_typer(profile_app, name="profile")
app.add_typer(eval_app, name="eval")
app.command("learn")(learn)
app.add_typer(log_app, name="log")

try:  # the benchmark commands are optional extras of the CLI
    from pickwise.bench.cli import bench_app

    app.add_typer(bench_app, name="bench")
except ImportError:  # pragma: no cover
    pass


def _quiet_libraries() -> None:
    """Models come from installed packages: never reach for a hub, and keep loaders quiet."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover
        pass


def main() -> None:
    """Entry point: runs the app and turns pickwise errors into one clear line."""
    _quiet_libraries()
    try:
        # standalone mode: click prints usage errors and help itself, with exit code 2
        app()
    except PickwiseError as exc:
        typer.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(2)
