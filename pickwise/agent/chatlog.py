"""pickwise's own conversations as a dialogue log, for ``pickwise learn`` to learn from.

Each stored thread of the catalog becomes one record of the ``pickwise`` dialogue format
(docs/EVALUATION.md): the messages the thread keeps, each assistant message with the ids of the
picks it showed (``mentioned``), each user message with the catalog items it named; the picks
shown in the thread (``mentioned``), those the user took up (``accepted``: "I'll watch the second
one") and the user's feedback on the thread's items (``liked``, ``disliked``: a thumbs given in
the thread, else what the profile holds now). Only the catalog's item ids are written; a thread
that names none of them (another catalog's, or one with no picks) is left out. Records carry no
user id: ``id`` is a digest of the thread's key, the same in every export.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, AnyMessage

from pickwise.agent.profile import Profile

if TYPE_CHECKING:
    from pickwise.agent.app import Pickwise

__all__ = ["conversation_log", "log_record"]


def conversation_log(agent: Pickwise, since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """One record per stored thread of every user (the oldest thread first) whose last turn is
    at or after ``since`` (a naive time is UTC); threads of deleted users are gone with them."""
    profiles: dict[str, Profile] = {}
    feedback: dict[str, list[dict[str, Any]]] = {}
    for key, user_id in agent.profiles.all_threads():
        snapshot = agent.graph.get_state({"configurable": {"thread_id": key}})
        if not snapshot.values.get("messages"):
            continue
        when = _time(snapshot.created_at)
        if since is not None and (when is None or when < _utc(since)):
            continue
        if user_id not in profiles:
            profiles[user_id] = agent.profiles.get(user_id)
            feedback[user_id] = agent.profiles.feedback(user_id)
        thumbs = {f["item_id"]: f["liked"] for f in feedback[user_id] if f["thread_id"] == key}
        record = log_record(agent, key, snapshot.values, profiles[user_id], thumbs)
        if record is not None:
            if when is not None:
                record["date"] = when.isoformat(timespec="seconds")
            yield record


def log_record(
    agent: Pickwise,
    key: str,
    values: dict[str, Any],
    profile: Profile,
    thumbs: dict[str, bool],
) -> dict[str, Any] | None:
    """The record of one thread (its checkpoint ``values``), or None when it names no item of
    the catalog. ``thumbs``: the feedback given in the thread, item id -> liked (the latest)."""
    known = agent.catalog.index.row_of

    def kept(ids: Sequence[str]) -> list[str]:
        return [i for i in dict.fromkeys(ids) if i in known]

    shown = kept(values.get("shown", []))
    named = kept(values.get("mentioned", []))
    messages = [_message(agent, m, shown, named) for m in values.get("messages", [])]
    proposed = [i for m in messages if m["role"] == "assistant" for i in m.get("mentioned", [])]
    shown = kept([*shown, *proposed])
    items = {*shown, *named, *(i for m in messages for i in m.get("mentioned", []))}
    verdicts = {i: i in profile.liked for i in items if i in profile.liked or i in profile.disliked}
    verdicts.update({i: v for i, v in thumbs.items() if i in known})
    if not items and not verdicts:
        return None
    return {
        "id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        "messages": messages,
        "mentioned": shown,
        "accepted": [i for i in profile.chosen if i in shown],
        "liked": [i for i, v in verdicts.items() if v],
        "disliked": [i for i, v in verdicts.items() if not v],
    }


def _message(
    agent: Pickwise, message: AnyMessage, shown: Sequence[str], named: Sequence[str]
) -> dict[str, Any]:
    """A stored message as ``{"role", "text", "mentioned"}``: an assistant message's picks (as
    recorded, else the listed titles among those shown, for messages from before picks were
    recorded), a user message's titles among those the thread noted as named."""
    text = str(message.content)
    if isinstance(message, AIMessage):
        recorded = message.additional_kwargs.get("picks")
        if isinstance(recorded, list):
            ids = [str(i) for i in recorded if str(i) in agent.catalog.index.row_of]
        else:
            ids = [i for i in agent.items_listed(text) if i in shown]
        out: dict[str, Any] = {"role": "assistant", "text": text}
    else:
        ids = [m.item_id for m in agent.titles.find(text) if m.item_id in named]
        out = {"role": "user", "text": text}
    if ids:
        out["mentioned"] = list(dict.fromkeys(ids))
    return out


def _time(stamp: str | None) -> datetime | None:
    try:
        return _utc(datetime.fromisoformat(stamp)) if stamp else None
    except ValueError:
        return None


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when
