"""A user's data through each interface: export as JSON, and deletion of the profile, its
feedback and its conversation checkpoints, by the Python API, the HTTP API and the CLI."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from pickwise.agent.app import Pickwise
from pickwise.api import create_app
from pickwise.cli import app as cli
from pickwise.cli.common import state
from pickwise.errors import ConfigError
from tests.agent.conftest import demo_home, make_agent
from tests.api.conftest import serving

__all__ = ["demo_home"]  # the fixture, for this module


@pytest.fixture
def home(demo_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(demo_home, copy)
    return copy


def with_history(agent: Pickwise) -> str:
    """A user with a profile, two conversations and feedback; returns the id."""
    uid = f"u{uuid.uuid4().hex[:8]}"
    first = agent.chat("I loved Arrival, no horror", uid, "t1")
    agent.chat("something funny", uid, "t2")
    agent.feedback(uid, first.picks[0].item_id, True, "t1")
    return uid


def assert_stored(agent: Pickwise, uid: str) -> None:
    data = agent.export_profile(uid)
    assert json.loads(json.dumps(data)) == data  # JSON as it is
    assert data["profile"]["liked"] and data["feedback"] and data["threads"] == ["t1", "t2"]
    assert all(checkpoint(agent, uid, t) for t in ("t1", "t2"))


def assert_gone(agent: Pickwise, uid: str) -> None:
    assert not agent.profiles.exists(uid) and agent.profile(uid).is_empty()
    assert agent.profiles.feedback(uid) == [] and agent.profiles.threads(uid) == []
    assert not any(checkpoint(agent, uid, t) for t in ("t1", "t2"))


def checkpoint(agent: Pickwise, uid: str, thread: str) -> bool:
    config = {"configurable": {"thread_id": f"{uid}::{thread}"}}
    return agent.checkpointer.get_tuple(config) is not None


def test_python_api(home: Path) -> None:
    agent = make_agent(home)
    uid, other = with_history(agent), with_history(agent)
    assert_stored(agent, uid)
    agent.forget(uid)
    assert_gone(agent, uid)
    assert_stored(agent, other)  # nobody else's data went with it
    agent.close()


def test_http_api(home: Path) -> None:
    agent = make_agent(home)
    uid, other = with_history(agent), with_history(agent)
    with (
        serving(create_app(agent, api_keys=["k"])) as url,
        httpx.Client(base_url=url, headers={"Authorization": "Bearer k"}) as http,
    ):
        exported = http.get(f"/v1/users/{uid}/export").json()
        assert exported["threads"] == ["t1", "t2"] and exported["feedback"]
        assert [f["thread_id"] for f in exported["feedback"]] == ["t1"]  # as threads names it
        assert exported["profile"]["liked"]
        assert http.delete(f"/v1/users/{uid}/profile").status_code == 204
        assert http.get(f"/v1/users/{uid}/export").status_code == 404
        assert http.delete(f"/v1/users/{uid}/profile").status_code == 404
    assert_gone(agent, uid)
    assert_stored(agent, other)
    agent.close()


def test_cli(home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    agent = make_agent(home)
    uid, other = with_history(agent), with_history(agent)
    agent.close()
    monkeypatch.setenv("PICKWISE_HOME", str(home))
    monkeypatch.setenv("PICKWISE_CATALOG", "demo")
    monkeypatch.setenv("PICKWISE_LLM_BACKEND", "none")
    monkeypatch.setattr(state, "overrides", {})
    runner = CliRunner()

    shown = runner.invoke(cli, ["profile", "show", uid])
    assert shown.exit_code == 0, shown.output
    assert "Liked: Arrival" in shown.output and "no horror" in shown.output
    as_json = json.loads(runner.invoke(cli, ["profile", "show", uid, "--json"]).stdout)
    assert as_json["user_id"] == uid

    out = tmp_path / "export.json"
    assert runner.invoke(cli, ["profile", "export", uid, "-o", str(out)]).exit_code == 0
    data = json.loads(out.read_text())
    assert data["threads"] == ["t1", "t2"] and data["feedback"] and data["profile"]["liked"]
    assert json.loads(runner.invoke(cli, ["profile", "export", uid]).stdout) == data

    refused = runner.invoke(cli, ["profile", "delete", uid], input="n\n")
    assert refused.exit_code != 0  # asked, and the answer was no
    deleted = runner.invoke(cli, ["profile", "delete", uid], input="y\n")
    assert deleted.exit_code == 0, deleted.output
    assert "1 feedback entry and 2 conversations" in deleted.output
    missing = runner.invoke(cli, ["profile", "show", uid])
    assert missing.exit_code != 0 and "no user" in str(missing.exception)

    agent = make_agent(home)
    assert_gone(agent, uid)
    assert_stored(agent, other)
    agent.close()


def test_the_conversation_log_names_no_user_and_leaves_deleted_users_out(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`pickwise log export` (the log `pickwise learn` reads): each stored thread once, with
    no user id; a user who deleted their data is not in it, by the API or the CLI."""
    agent = make_agent(home)
    uid, other = with_history(agent), with_history(agent)
    assert len(list(agent.export_log())) == 4
    agent.forget(uid)
    records = list(agent.export_log())
    agent.close()
    assert len(records) == 2 and uid not in json.dumps(records) and other not in json.dumps(records)
    monkeypatch.setenv("PICKWISE_HOME", str(home))
    monkeypatch.setenv("PICKWISE_CATALOG", "demo")
    monkeypatch.setattr(state, "overrides", {})
    out = tmp_path / "chats.jsonl"
    result = CliRunner().invoke(cli, ["log", "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Exported 2 conversations of catalog 'demo'" in result.stdout
    assert [json.loads(line) for line in out.read_text("utf-8").splitlines()] == records
    late = CliRunner().invoke(cli, ["log", "export", "--since", "2100-01-01"])
    assert late.exit_code == 0 and late.stdout == ""
    bad = CliRunner().invoke(cli, ["log", "export", "--since", "last tuesday"])
    assert isinstance(bad.exception, ConfigError) and "2025-06-01" in str(bad.exception)
