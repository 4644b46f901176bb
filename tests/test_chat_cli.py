"""`pickwise chat` as a person uses it: a REPL over stdin, on the demo catalog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_chat_repl_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PICKWISE_")}
    env.update(
        PICKWISE_HOME=str(tmp_path), PICKWISE_LLM_BACKEND="none", COLUMNS="120", HF_HUB_OFFLINE="1"
    )
    script = Path(sys.executable).parent / "pickwise"
    session = (
        "\n".join(
            [
                "I loved Arrival, no horror please",
                "what do you know about me?",
                "/like spirited-away-2001",
                "/profile",
                "/like not-an-id",
                "/quit",
            ]
        )
        + "\n"
    )
    proc = subprocess.run(
        [str(script), "chat", "--user", "ana"],
        input=session,
        text=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    out = proc.stdout
    assert proc.returncode == 0, proc.stderr
    assert "none backend" in out and "catalog 'demo'" in out
    assert "Noted: you liked Arrival; no horror." in out
    assert "Liked: Arrival" in out and "Constraints: no horror" in out
    # the closing line stands on its own, not glued to the last list item
    assert not any(
        'Say "forget' in line and ":" in line.split("Say")[0] for line in out.splitlines()
    )
    assert "Noted: you liked Spirited Away." in out
    assert "no item with id 'not-an-id'" in out  # errors are shown, the REPL goes on
    assert "Traceback" not in out + proc.stderr


def test_the_banner_follows_the_noun() -> None:
    """A games catalog's banner said "a friend who knows films: "I loved Arrival..."."""
    from types import SimpleNamespace

    from pickwise.cli.chat import HELP, help_text
    from pickwise.retrieval.items import Item

    class Games(list):  # type: ignore[type-arg]
        def items(self) -> list[Item]:
            return list(self)

    config = SimpleNamespace(noun="game", nouns="games", a_noun="a game")
    agent = SimpleNamespace(config=config, catalog=Games([Item("c", "Cannonade", "", {})]))
    said = help_text(agent)
    assert said.startswith('Talk as you would to a friend who knows games: "I loved Cannonade,')
    film = SimpleNamespace(config=SimpleNamespace(noun="film"), catalog=Games())
    assert help_text(film) == HELP
