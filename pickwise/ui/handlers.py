"""What the UI's events do, over plain values: no Gradio here, so it can be tested directly.

This module is also the one place where the UI turns errors into messages: a
:class:`~pickwise.errors.PickwiseError` says what is wrong and how to fix it; anything else is
logged and shown as a short apology, never as a stack trace.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pickwise.agent.app import Pickwise, Reply
from pickwise.agent.profile import Profile, check_user_id
from pickwise.agent.turn import RETRIEVING
from pickwise.errors import PickwiseError, RequestError
from pickwise.ui.cards import Card, card_of

__all__ = [
    "DEGRADED_NOTICE",
    "NAME_RULE",
    "NO_PICKS",
    "Message",
    "Saved",
    "TurnUpdate",
    "anonymous_user",
    "catalog_notice",
    "chat_text",
    "error_message",
    "give_feedback",
    "name_problem",
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


#: What a name may be (the profile store's user id rule), as the page says it.
NAME_RULE = "use 1-128 letters, digits or . _ - @ + (no spaces)"
ANONYMOUS_PREFIX = "guest-"


def anonymous_user() -> str:
    """A user id of its own for a browser that has not typed a name: not guessable, so no one
    else lands on its profile by chance, and valid for the profile store."""
    return check_user_id(ANONYMOUS_PREFIX + uuid.uuid4().hex[:12])


def name_problem(name: str, user: str) -> str:
    """Why the page cannot act for the name field's ``name`` while its user is ``user``, or
    ``""``: a message must never go to a profile the name field does not show."""
    shown = name.strip() if isinstance(name, str) else ""
    try:
        typed = user_name(shown)
    except RequestError:
        what = f"“{shown}” cannot be a name" if shown else "The name cannot be empty"
        still = f"; you are still {user}" if user else ""
        return f"{what}: {NAME_RULE}{still}."
    if typed != user:
        return f"Press Enter in the name field to switch to {typed} first (you are {user})."
    return ""


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


#: The most chat messages a browser keeps for a reload (the agent's own memory is shorter).
MAX_SAVED_MESSAGES = 60


@dataclass(frozen=True)
class Saved:
    """What a browser keeps across reloads (in its localStorage): who it is, its conversation
    and the cards of the latest reply."""

    user: str
    thread: str
    chat: list[Message]
    cards: list[Card]

    @classmethod
    def fresh(cls, user: str | None = None) -> Saved:
        """A new conversation for ``user``; a new anonymous user by default."""
        return cls(user or anonymous_user(), new_thread_id(), [], [])

    @classmethod
    def restore(cls, value: Any) -> Saved:
        """What the browser kept, checked; a fresh anonymous user if it kept nothing usable
        (a first visit, or storage from another version of the page)."""
        try:
            user = check_user_id(value["user"])
            thread = value["thread"]
            if not isinstance(thread, str) or not 0 < len(thread) <= 128:
                raise ValueError(thread)
            chat = [_message(m) for m in value.get("chat", [])]
            cards = [Card(**{k: str(c[k]) for k in _CARD_FIELDS}) for c in value.get("cards", [])]
        except Exception:
            return cls.fresh()
        return cls(user, thread, chat[-MAX_SAVED_MESSAGES:], cards)

    def to_json(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "thread": self.thread,
            "chat": self.chat[-MAX_SAVED_MESSAGES:],
            "cards": [dataclasses.asdict(c) for c in self.cards],
        }


_CARD_FIELDS = tuple(f.name for f in dataclasses.fields(Card))


def _message(m: Any) -> Message:
    if m["role"] not in ("user", "assistant") or not isinstance(m["content"], str):
        raise ValueError(m)
    return {"role": m["role"], "content": m["content"]}


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
        return agent.profile(user_id), "Tick something to forget first."
    profile = agent.edit_profile(user_id, remove=list(keys))
    n = len(keys)
    return profile, f"Removed {n} {'entry' if n == 1 else 'entries'} from your profile."


def reset_profile(agent: Pickwise, user_id: str) -> tuple[Profile, str]:
    """Empty the profile (conversations and feedback history stay)."""
    return agent.reset_profile(user_id), "Your profile is empty again."
