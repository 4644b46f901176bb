"""What the UI's events do, over plain values: no Gradio here, so it can be tested directly.

This module is also the one place where the UI turns errors into messages: a
:class:`~pickwise.errors.PickwiseError` says what is wrong and how to fix it; anything else is
logged and shown as a short apology, never as a stack trace.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pickwise.agent.app import Pickwise, Reply
from pickwise.agent.profile import Profile, check_user_id
from pickwise.agent.turn import RETRIEVING
from pickwise.errors import PickwiseError
from pickwise.ui.cards import Card, card_of

__all__ = [
    "DEGRADED_NOTICE",
    "NO_PICKS",
    "Message",
    "TurnUpdate",
    "catalog_notice",
    "chat_text",
    "error_message",
    "give_feedback",
    "new_thread_id",
    "remove_entries",
    "reset_profile",
    "run_turn",
    "user_name",
]

log = logging.getLogger(__name__)

Message = dict[str, Any]  # a Chatbot message: {"role": ..., "content": ...}

DEGRADED_NOTICE = (
    "⚠️ The language model is unavailable; picks and explanations come from the catalog."
)
NO_PICKS = (
    "No picks fit everything you asked for: loosen a constraint in the chat, or forget it here."
)


def error_message(exc: BaseException) -> str:
    """What the user sees for an error: pickwise's own message, or a short apology."""
    if isinstance(exc, PickwiseError):
        return str(exc)
    log.error("unexpected error in the UI", exc_info=exc)
    return "Something went wrong on the server (the server log has the details); please retry."


def new_thread_id() -> str:
    """A fresh conversation id (the profile stays, the thread's memory starts empty)."""
    return uuid.uuid4().hex[:12]


def user_name(name: str) -> str:
    """The user id for a name typed in the UI; raises ``RequestError`` if it is not allowed."""
    return check_user_id(name.strip() if isinstance(name, str) else name)


def catalog_notice(agent: Pickwise) -> str:
    """An empty-state message when there is nothing to recommend from, else ``""``."""
    try:
        empty = len(agent.catalog) == 0
    except Exception as exc:
        return f"⚠️ The catalog cannot be read: {error_message(exc)}"
    if empty:
        name = agent.catalog.name
        return (
            f"⚠️ Catalog '{name}' is empty, so there is nothing to recommend yet. Load it with "
            f"`pickwise --catalog {name} ingest FILE` (or serve another one with "
            "`pickwise --catalog NAME serve`), then reload this page."
        )
    return ""


@dataclass(frozen=True)
class TurnUpdate:
    """One step of a chat turn: the chat so far and, on the last step, the outcome."""

    history: list[Message]
    done: bool = False
    reply: Reply | None = None
    error: str = ""

    def cards(self) -> list[Card] | None:
        """The cards to show after this turn; ``None`` keeps the current ones (a turn that
        did not look for picks, such as "what do you know about me?", or an error)."""
        if self.reply is None:
            return None
        if self.reply.picks or self.reply.intent in RETRIEVING:
            return [card_of(p) for p in self.reply.picks]
        return None


def run_turn(
    agent: Pickwise, message: str, history: list[Message], user_id: str, thread_id: str
) -> Iterator[TurnUpdate]:
    """Stream one chat turn: the user's message at once, then the reply as it grows."""
    if not message or not message.strip():
        yield TurnUpdate(list(history), done=True)
        return
    history = [*history, {"role": "user", "content": message}]
    text = ""
    yield TurnUpdate([*history, {"role": "assistant", "content": "…"}])
    try:
        for event in agent.stream(message, user_id, thread_id):
            if event["type"] == "text":
                text += event["delta"]
                yield TurnUpdate([*history, {"role": "assistant", "content": chat_text(text)}])
            elif event["type"] == "done":
                reply: Reply = event["reply"]
                final = [*history, {"role": "assistant", "content": chat_text(reply.text or text)}]
                yield TurnUpdate(final, done=True, reply=reply)
    except Exception as exc:
        error = error_message(exc)
        shown = [*history, {"role": "assistant", "content": f"⚠️ {error}"}]
        yield TurnUpdate(shown, done=True, error=error)


_PICK_LINE = re.compile(r"^(\d+\. \*\*.+?\*\*(?: \(\d{4}\))?): .*$", re.MULTILINE)


def chat_text(text: str) -> str:
    """The reply as the chat shows it: each pick line keeps its title, the cards beside the chat
    carry the reasons (so the page does not say them twice)."""
    return _PICK_LINE.sub(r"\1", text)


def give_feedback(
    agent: Pickwise, user_id: str, thread_id: str, card: Card, liked: bool
) -> tuple[Profile, str]:
    """A 👍 / 👎 on a card: record it and say what was noted."""
    profile = agent.feedback(user_id, card.item_id, liked, thread_id)
    return profile, f"Noted: you {'liked' if liked else 'disliked'} {card.title}."


def remove_entries(agent: Pickwise, user_id: str, keys: list[str]) -> tuple[Profile, str]:
    """Remove the chosen profile entries (keys such as ``liked:arrival-2016``)."""
    if not keys:
        return agent.profile(user_id), "Choose the entries to remove first."
    profile = agent.edit_profile(user_id, remove=list(keys))
    n = len(keys)
    return profile, f"Removed {n} {'entry' if n == 1 else 'entries'} from your profile."


def reset_profile(agent: Pickwise, user_id: str) -> tuple[Profile, str]:
    """Empty the profile (conversations and feedback history stay)."""
    return agent.reset_profile(user_id), "Your profile is empty again."
