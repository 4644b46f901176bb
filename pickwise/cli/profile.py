"""``pickwise profile show|export|delete USER``: what pickwise stores about a user, and its
deletion (profile, feedback and every conversation)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from pickwise.cli.common import counted, emit_json, settings
from pickwise.errors import NotFoundError

__all__ = ["profile_app"]

profile_app = typer.Typer(
    help="Show, export or delete what pickwise stores about a user.", no_args_is_help=True
)


def _agent() -> Any:
    """The agent without an LLM: profiles need none, and nothing is sent anywhere."""
    from pickwise.agent.app import Pickwise

    return Pickwise.open(settings(), start_llm=False)


def _known(agent: Any, user: str) -> None:
    from pickwise.agent.profile import check_user_id

    if not agent.profiles.exists(check_user_id(user)):
        raise NotFoundError(f"no user '{user}' in {agent.profiles.path}; check the id or --home.")


@profile_app.command("show")
def show(
    user: str = typer.Argument(..., help="The user id."),
    as_json: bool = typer.Option(False, "--json", help="The profile as JSON."),
) -> None:
    """The user's profile: liked, disliked and seen items, constraints, aspects."""
    from pickwise.agent.reply import describe_profile

    agent = _agent()
    try:
        _known(agent, user)
        profile = agent.profile(user)
        if as_json:
            emit_json(profile.to_dict())
        else:
            typer.echo(
                describe_profile(
                    profile,
                    nouns=agent.config.nouns,
                    vocab=agent.vocabulary,
                    noun=agent.config.noun,
                )
            )
    finally:
        agent.close()


@profile_app.command("export")
def export(
    user: str = typer.Argument(..., help="The user id."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file (else stdout)."),
) -> None:
    """Everything stored about the user, as JSON: profile, feedback and conversation ids."""
    agent = _agent()
    try:
        data = agent.export_profile(user)
    finally:
        agent.close()
    if output is None:
        emit_json(data)
    else:
        output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        typer.echo(f"Exported user '{user}' to {output}.")


@profile_app.command("delete")
def delete(
    user: str = typer.Argument(..., help="The user id."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Delete the user's profile, feedback and conversations (their checkpoints too)."""
    agent = _agent()
    try:
        _known(agent, user)
        data = agent.export_profile(user)
        if not yes:
            typer.confirm(f"Delete everything pickwise stores about '{user}'?", abort=True)
        agent.forget(user)
    finally:
        agent.close()
    typer.echo(
        f"Deleted user '{user}': profile, {counted(len(data['feedback']), 'feedback entry')} "
        f"and {counted(len(data['threads']), 'conversation')}."
    )
