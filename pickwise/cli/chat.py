"""``pickwise chat``: a terminal conversation with streaming replies."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

import typer
from rich.console import Console
from rich.live import Live
from rich.markdown import Markdown

from pickwise.cli.common import settings, with_backend
from pickwise.config import Settings
from pickwise.errors import BackendError, PickwiseError

__all__ = ["chat", "help_text", "open_agent", "step"]

HELP = """Talk as you would to a friend who knows films: "I loved Arrival, something lighter".
Commands: /profile  /reset  /like ID  /dislike ID  /new (new conversation)  /help  /quit"""


def help_text(agent: Any) -> str:
    """:data:`HELP` in the catalog's words: a games catalog's friend knows games, and the example
    names one of its items (it said "films" and "Arrival" for every catalog)."""
    from pickwise.text import is_film

    noun = agent.config.noun
    if is_film(noun):
        return HELP
    items = agent.catalog.items() if len(agent.catalog) else []
    loved = f"I loved {items[0].title}" if items else f"I loved {agent.config.a_noun} like X"
    return HELP.replace("films", agent.config.nouns, 1).replace("I loved Arrival", loved, 1)


def open_agent(s: Settings, console: Console, lines: bool = False) -> Any:
    """The agent for these settings: loads the demo catalog on first use, and falls back to the
    template-only backend (with a warning) when the LLM backend cannot start. ``lines`` says
    each step in a printed line rather than a spinner (which a log or a pipe never shows)."""
    from pickwise import open_catalog
    from pickwise.agent.app import Pickwise
    from pickwise.data import DEMO_CATALOG_NAME, demo_needs_loading, load_demo

    with step(console, f"Loading the catalog '{s.catalog}'...", lines):
        catalog = open_catalog(s)
    if s.catalog == DEMO_CATALOG_NAME and demo_needs_loading(catalog):
        what = "(first run only)" if not len(catalog) else "(a newer one is bundled)"
        with step(console, f"Loading the demo catalog {what}...", lines):
            load_demo(catalog)
    backend = s.resolved_llm_backend
    what = {"local": "the local model", "none": "without an LLM"}.get(backend, f"the {backend} LLM")
    try:
        with step(console, f"Starting {what}...", lines):
            return Pickwise.open(s)
    except BackendError as exc:
        console.print(f"[yellow]LLM backend unavailable ({exc}); using templates only.[/]")
        return Pickwise.open(s, start_llm=False)


def step(console: Console, text: str, lines: bool) -> contextlib.AbstractContextManager[Any]:
    """A spinner with ``text`` while a slow step runs, or ``text`` printed as a line."""
    if not lines:
        return console.status(text)
    console.print(text, highlight=False)
    return contextlib.nullcontext()


def chat(
    user: str = typer.Option("default", "--user", "-u", help="Your user id (keeps your profile)."),
    thread: str = typer.Option(None, "--thread", "-t", help="Conversation id to continue."),
    backend: str = typer.Option(
        None, "--backend", help="LLM backend: local, openai or none (PICKWISE_LLM_BACKEND)."
    ),
) -> None:
    """Chat with pickwise in the terminal."""
    console = Console()
    s = with_backend(settings(), backend or None)
    agent = open_agent(s, console)
    thread = thread or uuid.uuid4().hex[:8]
    console.print(
        f"[bold]pickwise[/] ({s.resolved_llm_backend} backend, catalog "
        f"'{s.catalog}', user '{user}'). {help_text(agent)}\n"
    )
    while True:
        try:
            message = console.input("[bold cyan]you>[/] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            break
        if not message:
            continue
        if message in ("/quit", "/exit"):
            break
        try:
            thread = _turn(agent, console, message, user, thread)
        except PickwiseError as exc:
            console.print(f"[red]{exc}[/]")
    agent.close()


def _turn(agent: Any, console: Console, message: str, user: str, thread: str) -> str:
    from pickwise.agent.reply import describe_profile

    command, _, arg = message.partition(" ")
    if command == "/help":
        console.print(help_text(agent))
    elif command == "/profile":
        console.print(
            Markdown(
                describe_profile(
                    agent.profile(user),
                    agent.vocabulary.people_names,
                    agent.config.nouns,
                    agent.vocabulary,
                    agent.config.noun,
                )
            )
        )
    elif command == "/reset":
        agent.reset_profile(user)
        console.print("Your profile is empty again.")
    elif command in ("/like", "/dislike"):
        agent.feedback(user, arg.strip(), command == "/like", thread)
        console.print(f"Noted: you {command[1:]}d {agent.catalog.get(arg.strip()).title}.")
    elif command == "/new":
        thread = uuid.uuid4().hex[:8]
        console.print("New conversation (your profile stays).")
    else:
        _stream(agent, console, message, user, thread)
    return thread


def _stream(agent: Any, console: Console, message: str, user: str, thread: str) -> None:
    text = ""
    with Live(Markdown(""), console=console, refresh_per_second=12) as live:
        for event in agent.stream(message, user, thread):
            if event["type"] == "text":
                text += event["delta"]
                live.update(Markdown(text))
    console.print()
