"""The user profile derived from the chat, and its durable SQLite store.

A profile holds liked, disliked, seen and chosen items, hard constraints on the catalog's
metadata and free-text aspects. Every change is one transaction: once a call returns, the change
is committed (WAL with ``synchronous=NORMAL``: it survives the process being killed; a power cut
may lose the last moments, never make the file inconsistent).
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pickwise.errors import NotFoundError, RequestError
from pickwise.retrieval.constraints import (
    AnyOf,
    Constraint,
    NoneOf,
    Range,
    constraint_from_dict,
    constraint_to_dict,
)

__all__ = [
    "MAX_ASPECTS",
    "MAX_CHOSEN",
    "MAX_PEOPLE",
    "Entry",
    "Profile",
    "ProfileStore",
    "check_user_id",
    "person_key",
    "person_of",
]

MAX_ASPECTS = 12
#: Picks taken up that a profile keeps (the latest ones).
MAX_CHOSEN = 50
#: People liked that a profile keeps (the latest ones).
MAX_PEOPLE = 20
_USER = re.compile(r"^[\w.@+-]{1,128}$")


def check_user_id(user_id: str) -> str:
    if not isinstance(user_id, str) or not _USER.match(user_id):
        raise RequestError(
            f"user id {user_id!r} is not allowed; use 1-128 letters, digits or . _ - @ +."
        )
    return user_id


def person_key(field_name: str, value: str) -> str:
    """How a profile keys a person: the catalog field and the value as it filters
    (``directors:denis villeneuve``)."""
    return f"{field_name}:{value.strip().lower()}"


def person_of(key: str) -> tuple[str, str]:
    """The (field, value) a :func:`person_key` keys."""
    field_name, _, value = key.partition(":")
    return field_name, value


@dataclass(frozen=True)
class Entry:
    """One removable line of a profile: ``key`` identifies it, ``label`` shows it."""

    key: str
    kind: str
    label: str


@dataclass
class Profile:
    """What pickwise knows about one user. Items map id -> title, most recent last."""

    user_id: str
    liked: dict[str, str] = field(default_factory=dict)
    disliked: dict[str, str] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)
    constraints: list[Constraint] = field(default_factory=list)
    aspects: list[str] = field(default_factory=list)
    updated: float = 0.0
    #: Picks the user took up ("I'll watch the second one"), most recent last: what "the one
    #: you suggested yesterday" means in a later conversation; never proposed again.
    chosen: dict[str, str] = field(default_factory=dict)
    #: People the user said they like ("I love Denis Villeneuve"): :func:`person_key` -> the
    #: name as the catalog writes it, most recent last, the oldest forgotten past
    #: :data:`MAX_PEOPLE`. A soft signal for later requests; a person refused is a constraint.
    liked_people: dict[str, str] = field(default_factory=dict)

    # --- edits (later statements override earlier ones) -------------------------------
    def like(self, item_id: str, title: str) -> None:
        self.disliked.pop(item_id, None)
        self.liked.pop(item_id, None)
        self.liked[item_id] = title

    def dislike(self, item_id: str, title: str) -> None:
        self.liked.pop(item_id, None)
        self.disliked.pop(item_id, None)
        self.disliked[item_id] = title

    def mark_seen(self, item_id: str, title: str) -> None:
        self.seen[item_id] = title

    def choose(self, item_id: str, title: str) -> None:
        """A pick taken up: the latest last, the oldest forgotten past :data:`MAX_CHOSEN`."""
        self.chosen.pop(item_id, None)
        self.chosen[item_id] = title
        for old in list(self.chosen)[:-MAX_CHOSEN]:
            del self.chosen[old]

    def like_person(self, field_name: str, value: str, name: str) -> None:
        """A person liked, in the catalog field they were found in; a refusal of them goes
        (the later word holds)."""
        key = person_key(field_name, value)
        self.liked_people.pop(key, None)
        self.liked_people[key] = name
        for old in list(self.liked_people)[:-MAX_PEOPLE]:
            del self.liked_people[old]
        self.unrefuse(field_name, value)

    def unrefuse(self, field_name: str, value: str) -> bool:
        """Drop a refusal of one value (``NoneOf``) on a field; whether there was one. Unlike
        :meth:`allow`, a wish for it ("only by Nolan and Villeneuve") stays whole."""
        said = value.strip().lower()
        kept: list[Constraint] = []
        for c in self.constraints:
            if isinstance(c, NoneOf) and c.field == field_name and said in c.values:
                if c.values - {said}:
                    kept.append(NoneOf(c.field, c.values - {said}))
            else:
                kept.append(c)
        changed = kept != self.constraints
        self.constraints = kept
        return changed

    def add_constraint(self, new: Constraint) -> None:
        """Add a constraint; it replaces what it contradicts on the same field. A person
        refused (``NoneOf`` on their field) is no longer liked."""
        if isinstance(new, NoneOf):
            for value in new.values:
                self.liked_people.pop(person_key(new.field, value), None)
        kept: list[Constraint] = []
        for old in self.constraints:
            if old.field != new.field:
                kept.append(old)
            elif isinstance(new, Range):
                if not isinstance(old, Range):
                    kept.append(old)
            elif isinstance(new, NoneOf) and isinstance(old, NoneOf):
                new = NoneOf(new.field, old.values | new.values)
            elif isinstance(old, NoneOf):  # new is AnyOf: allow what it asks for
                rest = old.values - new.values
                if rest:
                    kept.append(NoneOf(old.field, rest))
            elif isinstance(old, AnyOf) and isinstance(new, NoneOf):
                rest = old.values - new.values
                if rest:
                    kept.append(AnyOf(old.field, rest))
            elif isinstance(old, Range):
                kept.append(old)
        self.constraints = [*kept, new]

    def allow(self, field_name: str, value: str | None = None) -> bool:
        """Drop an exclusion (or, without a value, every constraint) on a field."""
        before = list(self.constraints)
        kept: list[Constraint] = []
        for c in self.constraints:
            if c.field != field_name:
                kept.append(c)
            elif value is not None and isinstance(c, NoneOf | AnyOf):
                rest = c.values - {value.lower()}
                if rest and rest != c.values:
                    kept.append(type(c)(c.field, rest))
                elif rest == c.values:
                    kept.append(c)
        self.constraints = kept
        return kept != before

    def clear(self) -> None:
        """Forget every entry (the user id stays)."""
        self.liked.clear()
        self.disliked.clear()
        self.seen.clear()
        self.chosen.clear()
        self.liked_people.clear()
        self.constraints.clear()
        self.aspects.clear()

    def add_aspect(self, aspect: str) -> None:
        aspect = " ".join(aspect.split())[:80]
        if not aspect:
            return
        # the later word holds: "not kids" goes when "kids" is asked for, and the other way
        said = aspect.lower()
        opposite = said[4:] if said.startswith("not ") else f"not {said}"
        self.aspects = [a for a in self.aspects if a.lower() not in (said, opposite)]
        self.aspects = [*self.aspects, aspect][-MAX_ASPECTS:]

    def remove(self, key: str) -> Entry:
        """Remove one entry by its key (see :meth:`entries`)."""
        for entry in self.entries():
            if entry.key == key:
                kind, _, rest = key.partition(":")
                if kind in ("liked", "disliked", "seen", "chosen"):
                    getattr(self, kind).pop(rest, None)
                elif kind == "person":
                    self.liked_people.pop(rest, None)
                elif kind == "constraint":
                    self.constraints = [c for c in self.constraints if str(c) != rest]
                elif kind == "aspect":
                    self.aspects = [a for a in self.aspects if a != rest]
                return entry
        raise NotFoundError(f"user '{self.user_id}' has no profile entry '{key}'.")

    # --- views -----------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        out = [Entry(f"liked:{i}", "liked", t) for i, t in self.liked.items()]
        out += [Entry(f"disliked:{i}", "disliked", t) for i, t in self.disliked.items()]
        out += [Entry(f"seen:{i}", "seen", t) for i, t in self.seen.items()]
        out += [Entry(f"chosen:{i}", "chosen", t) for i, t in self.chosen.items()]
        out += [Entry(f"person:{k}", "person", n) for k, n in self.liked_people.items()]
        out += [Entry(f"constraint:{c}", "constraint", str(c)) for c in self.constraints]
        out += [Entry(f"aspect:{a}", "aspect", a) for a in self.aspects]
        return out

    def is_empty(self) -> bool:
        return not self.entries()

    def to_dict(self) -> dict[str, Any]:
        def items(d: dict[str, str]) -> list[dict[str, str]]:
            return [{"id": i, "title": t} for i, t in d.items()]

        return {
            "user_id": self.user_id,
            "liked": items(self.liked),
            "disliked": items(self.disliked),
            "seen": items(self.seen),
            "chosen": items(self.chosen),
            "liked_people": [
                {"field": f, "value": v, "name": n}
                for k, n in self.liked_people.items()
                for f, v in [person_of(k)]
            ],
            "constraints": [constraint_to_dict(c) for c in self.constraints],
            "aspects": list(self.aspects),
            "updated": self.updated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        def items(key: str) -> dict[str, str]:
            return {str(e["id"]): str(e.get("title", e["id"])) for e in data.get(key, [])}

        return cls(
            user_id=str(data["user_id"]),
            liked=items("liked"),
            disliked=items("disliked"),
            seen=items("seen"),
            chosen=items("chosen"),
            # a profile stored before people were kept has none
            liked_people={
                person_key(str(e["field"]), str(e["value"])): str(e.get("name", e["value"]))
                for e in data.get("liked_people", [])
            },
            constraints=[constraint_from_dict(c) for c in data.get("constraints", [])],
            aspects=[str(a) for a in data.get("aspects", [])],
            updated=float(data.get("updated", 0.0)),
        )


_SCHEMA = """
CREATE TABLE IF NOT EXISTS profiles (
    user_id TEXT PRIMARY KEY, data TEXT NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, item_id TEXT NOT NULL,
    liked INTEGER NOT NULL, thread_id TEXT, ts REAL NOT NULL);
CREATE INDEX IF NOT EXISTS feedback_user ON feedback(user_id);
CREATE TABLE IF NOT EXISTS threads (
    thread_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS threads_user ON threads(user_id);
"""


class ProfileStore:
    """Profiles, feedback and the user's thread ids in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One writer at a time in this process: threads queue on a lock (woken as soon as it is
        # free) instead of in SQLite's busy handler, which sleeps up to 100 ms between tries.
        # Other processes still meet SQLite's own lock.
        self._write_lock = threading.Lock()
        # one connection per thread, kept: opening one per call cost a file open and a PRAGMA
        self._local = threading.local()
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            # WAL + NORMAL: a commit is not fsynced (the WAL is, at checkpoints); it survives a
            # killed process. FULL cost an fsync per change, which queued every writer under load.
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        yield db

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock, self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def get(self, user_id: str) -> Profile:
        """The user's profile (an empty one for a new user)."""
        check_user_id(user_id)
        with self._connect() as db:
            row = db.execute("SELECT data FROM profiles WHERE user_id=?", (user_id,)).fetchone()
        return Profile.from_dict(json.loads(row[0])) if row else Profile(user_id)

    def exists(self, user_id: str) -> bool:
        with self._connect() as db:
            q = "SELECT 1 FROM profiles WHERE user_id=? UNION SELECT 1 FROM threads WHERE user_id=?"
            return db.execute(q, (user_id, user_id)).fetchone() is not None

    def update(
        self,
        user_id: str,
        change: Callable[[Profile], None],
        feedback: tuple[str, bool, str | None] | None = None,
    ) -> Profile:
        """Read, change and write a profile in one transaction; with ``feedback`` (item id,
        liked, thread id), the feedback record is written in the same transaction. A change
        that changes nothing writes nothing (a turn that only asks for more, say)."""
        check_user_id(user_id)
        if feedback is None:  # most turns change nothing: find out without the write lock
            with self._connect() as db:
                row = db.execute("SELECT data FROM profiles WHERE user_id=?", (user_id,))
                found = row.fetchone()
            if found is not None:
                profile = Profile.from_dict(json.loads(found[0]))
                before = profile.to_dict()
                change(profile)
                if profile.to_dict() == before:
                    return profile
        with self._transaction() as db:
            row = db.execute("SELECT data FROM profiles WHERE user_id=?", (user_id,)).fetchone()
            profile = Profile.from_dict(json.loads(row[0])) if row else Profile(user_id)
            change(profile)
            profile.updated = time.time()
            db.execute(
                "INSERT INTO profiles(user_id, data, updated) VALUES(?,?,?) "
                "ON CONFLICT(user_id) DO UPDATE SET data=excluded.data, updated=excluded.updated",
                (user_id, json.dumps(profile.to_dict()), profile.updated),
            )
            if feedback is not None:
                item_id, liked, thread_id = feedback
                self._insert_feedback(db, user_id, item_id, liked, thread_id)
        return profile

    def record_feedback(
        self, user_id: str, item_id: str, liked: bool, thread_id: str | None = None
    ) -> None:
        check_user_id(user_id)
        with self._transaction() as db:
            self._insert_feedback(db, user_id, item_id, liked, thread_id)

    @staticmethod
    def _insert_feedback(
        db: sqlite3.Connection, user_id: str, item_id: str, liked: bool, thread_id: str | None
    ) -> None:
        db.execute(
            "INSERT INTO feedback(user_id, item_id, liked, thread_id, ts) VALUES(?,?,?,?,?)",
            (user_id, item_id, int(liked), thread_id, time.time()),
        )

    def feedback(self, user_id: str) -> list[dict[str, Any]]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT item_id, liked, thread_id, ts FROM feedback WHERE user_id=? ORDER BY id",
                (user_id,),
            ).fetchall()
        return [{"item_id": r[0], "liked": bool(r[1]), "thread_id": r[2], "ts": r[3]} for r in rows]

    def claim_thread(self, user_id: str, thread_id: str) -> None:
        """Record that a thread belongs to a user; a thread of another user is refused."""
        check_user_id(user_id)
        with self._connect() as db:  # every turn asks; only a new thread needs a write
            known = db.execute("SELECT user_id FROM threads WHERE thread_id=?", (thread_id,))
            owner = known.fetchone()
        if owner is not None:
            if owner[0] != user_id:
                raise RequestError(f"thread '{thread_id}' belongs to another user.")
            return
        with self._transaction() as db:
            row = db.execute("SELECT user_id FROM threads WHERE thread_id=?", (thread_id,))
            owner = row.fetchone()
            if owner is None:
                db.execute(
                    "INSERT INTO threads(thread_id, user_id, created) VALUES(?,?,?)",
                    (thread_id, user_id, time.time()),
                )
            elif owner[0] != user_id:
                raise RequestError(f"thread '{thread_id}' belongs to another user.")

    def threads(self, user_id: str) -> list[str]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT thread_id FROM threads WHERE user_id=? ORDER BY created", (user_id,)
            ).fetchall()
        return [r[0] for r in rows]

    def all_threads(self) -> list[tuple[str, str]]:
        """Every thread of every user as ``(thread id, user id)``, the oldest first: a deleted
        user's are gone with them."""
        with self._connect() as db:
            rows = db.execute("SELECT thread_id, user_id FROM threads ORDER BY created, thread_id")
            return [(r[0], r[1]) for r in rows.fetchall()]

    def delete(self, user_id: str) -> list[str]:
        """Delete the profile, feedback and thread records; returns the thread ids removed."""
        check_user_id(user_id)
        with self._transaction() as db:
            threads = [
                r[0]
                for r in db.execute("SELECT thread_id FROM threads WHERE user_id=?", (user_id,))
            ]
            for table in ("profiles", "feedback", "threads"):
                db.execute(f"DELETE FROM {table} WHERE user_id=?", (user_id,))
        return threads
