"""The chat-derived profile: merge rules, entries, and the durable SQLite store."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pickwise.agent.profile import MAX_PEOPLE, Profile, ProfileStore
from pickwise.errors import NotFoundError, RequestError
from pickwise.retrieval.constraints import AnyOf, NoneOf, Range, parse_where


def test_like_and_dislike_override_each_other() -> None:
    p = Profile("u")
    p.like("a", "A")
    p.dislike("a", "A")
    assert (p.liked, p.disliked) == ({}, {"a": "A"})
    p.like("a", "A")
    assert (p.liked, p.disliked) == ({"a": "A"}, {})


def test_ranges_replace_and_exclusions_accumulate() -> None:
    p = Profile("u")
    p.add_constraint(parse_where("year>=1990"))
    p.add_constraint(parse_where("genres!=horror"))
    p.add_constraint(parse_where("genres!=war"))
    p.add_constraint(Range("year", 1990, 1999))  # "only ones from the 90s"
    assert p.constraints == [
        NoneOf("genres", frozenset({"horror", "war"})),
        Range("year", 1990, 1999),
    ]


def test_later_statements_override_earlier_ones() -> None:
    p = Profile("u")
    p.add_constraint(parse_where("genres!=horror,war"))
    p.add_constraint(parse_where("genres=horror"))  # "only horror now"
    assert p.constraints == [
        NoneOf("genres", frozenset({"war"})),
        AnyOf("genres", frozenset({"horror"})),
    ]
    assert p.allow("genres", "horror")  # "actually, anything is fine"
    assert p.constraints == [NoneOf("genres", frozenset({"war"}))]
    assert not p.allow("genres", "comedy")
    assert p.allow("genres")
    assert p.constraints == []


def test_a_wish_replaces_its_refusal_and_the_other_way() -> None:
    """The profile held "kids" beside "not kids", and the reply said "Looking for kids
    (avoiding: kids)"."""
    p = Profile("u")
    p.add_aspect("not kids")
    p.add_aspect("funny")
    p.add_aspect("Kids")
    assert p.aspects == ["funny", "Kids"]
    p.add_aspect("not kids")
    assert p.aspects == ["funny", "not kids"]


def test_entries_can_be_removed_by_key() -> None:
    p = Profile("u")
    p.like("a", "Alpha")
    p.add_constraint(parse_where("year>=1990"))
    p.add_aspect("  slow   burn ")
    keys = [e.key for e in p.entries()]
    assert keys == ["liked:a", "constraint:year>=1990", "aspect:slow burn"]
    assert p.remove("constraint:year>=1990").label == "year>=1990"
    with pytest.raises(NotFoundError, match="no profile entry"):
        p.remove("liked:zzz")
    assert [e.key for e in p.entries()] == ["liked:a", "aspect:slow burn"]


def test_round_trip_through_json() -> None:
    p = Profile(
        "u",
        {"a": "A"},
        {"b": "B"},
        {"c": "C"},
        [Range("year", min=1990, min_strict=True), NoneOf("genres", frozenset({"x"}))],
        ["feel-good"],
    )
    assert Profile.from_dict(p.to_dict()) == p


def test_store_persists_and_isolates_users(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "p.sqlite3")
    store.update("ana", lambda p: p.like("a", "A"))
    store.update("bo", lambda p: p.dislike("a", "A"))
    again = ProfileStore(tmp_path / "p.sqlite3")
    assert again.get("ana").liked == {"a": "A"}
    assert again.get("bo").disliked == {"a": "A"} and again.get("bo").liked == {}
    assert again.get("new-user").is_empty()


def test_failed_change_is_rolled_back(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "p.sqlite3")
    store.update("ana", lambda p: p.like("a", "A"))

    def broken(p: Profile) -> None:
        p.like("b", "B")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.update("ana", broken)
    assert store.get("ana").liked == {"a": "A"}


def test_bad_user_ids_are_refused(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "p.sqlite3")
    for bad in ["", "a b", "x" * 200, "../etc", "a;DROP TABLE profiles"]:
        with pytest.raises(RequestError, match="not allowed"):
            store.get(bad)


def test_delete_removes_profile_feedback_and_threads(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "p.sqlite3")
    store.update("ana", lambda p: p.like("a", "A"))
    store.record_feedback("ana", "a", True, "ana::t1")
    store.claim_thread("ana", "ana::t1")
    assert store.exists("ana") and store.feedback("ana")[0]["liked"] is True
    assert store.delete("ana") == ["ana::t1"]
    assert not store.exists("ana") and store.feedback("ana") == [] and store.threads("ana") == []


def test_thread_of_another_user_is_refused(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "p.sqlite3")
    store.claim_thread("ana", "t")
    store.claim_thread("ana", "t")
    with pytest.raises(RequestError, match="another user"):
        store.claim_thread("bo", "t")


_WRITER = """
import sys
from pickwise.agent.profile import ProfileStore
store = ProfileStore(sys.argv[1])
for i in range(100_000):
    store.update("ana", lambda p: p.like(f"i{i}", f"T{i}"))
    print(i, flush=True)  # acknowledged only after the transaction committed
"""


def test_acknowledged_changes_survive_sigkill(tmp_path: Path) -> None:
    """Kill a writer mid-stream: every change it acknowledged is on disk, and the file is sound."""
    path = str(tmp_path / "p.sqlite3")
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, path], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    acked = [int(proc.stdout.readline()) for _ in range(40)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    liked = ProfileStore(path).get("ana").liked
    assert all(f"i{i}" in liked for i in acked)
    ProfileStore(path).update("ana", lambda p: p.like("after", "After"))  # still writable


def test_liked_people_are_kept_with_their_field_latest_last_and_capped() -> None:
    p = Profile("u")
    p.like_person("directors", "Denis Villeneuve", "Denis Villeneuve")
    p.like_person("cast", "tom hanks", "Tom Hanks")
    p.like_person("directors", "denis villeneuve", "Denis Villeneuve")  # said again: latest
    assert p.liked_people == {
        "cast:tom hanks": "Tom Hanks",
        "directors:denis villeneuve": "Denis Villeneuve",
    }
    for n in range(MAX_PEOPLE + 3):
        p.like_person("cast", f"actor {n}", f"Actor {n}")
    assert len(p.liked_people) == MAX_PEOPLE
    assert list(p.liked_people)[-1] == f"cast:actor {MAX_PEOPLE + 2}"
    assert "cast:tom hanks" not in p.liked_people  # the oldest went


def test_a_person_refused_is_no_longer_liked_and_the_other_way() -> None:
    p = Profile("u")
    p.like_person("cast", "tom hanks", "Tom Hanks")
    p.add_constraint(NoneOf("cast", frozenset({"tom hanks", "adam sandler"})))  # can't stand him
    assert p.liked_people == {}
    p.like_person("cast", "tom hanks", "Tom Hanks")  # the later word holds
    assert p.constraints == [NoneOf("cast", frozenset({"adam sandler"}))]
    p.add_constraint(AnyOf("directors", frozenset({"denis villeneuve", "wes anderson"})))
    p.like_person("directors", "wes anderson", "Wes Anderson")  # a wish is no refusal: it stays
    assert AnyOf("directors", frozenset({"denis villeneuve", "wes anderson"})) in p.constraints
    assert not p.unrefuse("cast", "tom hanks")
    assert p.unrefuse("cast", "adam sandler")


def test_liked_people_are_entries_removed_by_key_and_cleared() -> None:
    p = Profile("u")
    p.like("a", "Alpha")
    p.like_person("directors", "denis villeneuve", "Denis Villeneuve")
    assert [(e.key, e.kind, e.label) for e in p.entries()][-1] == (
        "person:directors:denis villeneuve",
        "person",
        "Denis Villeneuve",
    )
    assert p.remove("person:directors:denis villeneuve").label == "Denis Villeneuve"
    assert p.liked_people == {} and p.liked == {"a": "Alpha"}
    p.like_person("cast", "tom hanks", "Tom Hanks")
    p.clear()
    assert p.is_empty()


def test_liked_people_round_trip_and_profiles_stored_before_them_load(tmp_path: Path) -> None:
    p = Profile("u", {"a": "A"})
    p.like_person("directors", "denis villeneuve", "Denis Villeneuve")
    data = p.to_dict()
    assert data["liked_people"] == [
        {"field": "directors", "value": "denis villeneuve", "name": "Denis Villeneuve"}
    ]
    assert Profile.from_dict(data) == p
    # a profile as stored before people were kept: no "liked_people" key
    old = {
        "user_id": "old",
        "liked": [{"id": "a", "title": "A"}],
        "disliked": [],
        "seen": [{"id": "s", "title": "S"}],
        "chosen": [],
        "constraints": [{"field": "genres", "op": "none", "values": ["horror"]}],
        "aspects": ["lighter"],
        "updated": 5.0,
    }
    store = ProfileStore(tmp_path / "p.sqlite3")
    with sqlite3.connect(tmp_path / "p.sqlite3") as db:
        db.execute("INSERT INTO profiles VALUES (?, ?, ?)", ("old", json.dumps(old), 5.0))
    loaded = store.get("old")
    assert loaded.liked_people == {}
    assert loaded.liked == {"a": "A"} and loaded.seen == {"s": "S"}
    assert loaded.constraints == [NoneOf("genres", frozenset({"horror"}))]
    assert loaded.aspects == ["lighter"] and loaded.updated == 5.0
    assert loaded.to_dict() == {**old, "liked_people": []}
