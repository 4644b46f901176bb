"""``pickwise log export``: the stored conversations of the catalog in the ``pickwise`` dialogue
format, for ``pickwise learn --dialogues FILE`` (a deployment learning from its own traffic)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import typer

from pickwise.cli.common import counted, settings
from pickwise.errors import ConfigError

__all__ = ["log_app"]

log_app = typer.Typer(
    help="Export the stored conversations, to learn from them.", no_args_is_help=True
)


@log_app.command("export")
def export(
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file (else stdout)."),
    since: str = typer.Option(
        None, "--since", help="Only conversations active since this date (2025-06-01, UTC)."
    ),
) -> None:
    """Every conversation on the catalog, one JSON line each: messages, the picks shown, those
    taken up, liked and disliked (item ids, no user ids). Learn from it with
    `pickwise learn --dialogues FILE`."""
    from pickwise.agent.app import Pickwise

    start = _date(since) if since else None
    agent = Pickwise.open(settings(), start_llm=False)  # nothing is sent to any model
    try:
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in agent.export_log(start)]
        name = agent.catalog.name
    finally:
        agent.close()
    if output is None:
        typer.echo("".join(lines), nl=False)
        return
    output.write_text("".join(lines), "utf-8")
    typer.echo(
        f"Exported {counted(len(lines), 'conversation')} of catalog '{name}' to {output}; "
        f"learn from them with: pickwise learn --dialogues {output}"
    )


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConfigError(
            f"--since '{value}' is not a date; give one as 2025-06-01 or 2025-06-01T18:00."
        ) from exc
