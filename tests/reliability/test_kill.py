"""SIGKILL at random moments during ingestion, profile edits and feedback: after a restart the
catalog is the old or the new one (never a mix) and every acknowledged change is there.

The work runs in subprocesses (``tests/reliability/worker.py``) that print each step once it
is committed; the tests kill them after some progress, at a random point.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pickwise.agent.profile import ProfileStore
from pickwise.data import demo_catalog_path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def worker(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.worker", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(*args: str) -> list[str]:
    proc = worker(*args)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]
    return out.splitlines()


def kill_after(
    proc: subprocess.Popen[str], lines: int, delay: float, must_die: bool = True
) -> list[str]:
    """Read ``lines`` lines of progress, wait ``delay`` s more, SIGKILL; all lines it printed."""
    assert proc.stdout is not None
    seen = [proc.stdout.readline().strip() for _ in range(lines)]
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    # read the rest through the same buffered stream: ``communicate`` reads the pipe itself and
    # would drop lines ``readline`` already buffered; the kill closes the pipe, so this ends
    rest = proc.stdout.read()
    proc.wait(timeout=30)
    proc.stdout.close()
    if proc.stderr is not None:
        proc.stderr.close()
    if must_die:
        assert proc.returncode == -signal.SIGKILL, "the worker finished before it was killed"
    # a line is acknowledged only once whole (with its newline)
    whole = [line for line in rest.splitlines(keepends=True) if line.endswith("\n")]
    return [line for line in [*seen, *(line.strip() for line in whole)] if line]


def ingest_span(home: Path, path: Path) -> float:
    """Seconds from an ingestion's first progress report to its end."""
    proc = worker("ingest", str(home), str(path))
    assert proc.stdout is not None
    proc.stdout.readline()
    start = time.monotonic()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.splitlines()[-1] == "done", err[-3000:]
    return time.monotonic() - start


def catalog_state(home: Path) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(finish("check", str(home))[-1])
    return state


def test_killed_ingestion_leaves_the_old_or_the_new_catalog(tmp_path: Path) -> None:
    home = tmp_path / "home"
    items = [json.loads(line) for line in demo_catalog_path().read_text().splitlines() if line]

    def version(n: int) -> Path:
        """The demo catalog with every title changed, so every item is embedded again."""
        path = tmp_path / f"v{n}.jsonl"
        path.write_text(
            "".join(json.dumps({**i, "title": f"{i['title']} (v{n})"}) + "\n" for i in items)
        )
        return path

    finish("ingest", str(home), str(version(1)))
    span = ingest_span(tmp_path / "timing", version(0))
    rng = random.Random(6)
    current = 1
    for n in range(2, 5):
        delay = rng.uniform(0, span * 0.8)
        # the timing run is only an estimate on a busy machine: a try that finished before the
        # kill (it ingested its version whole) is followed by one of a new version, killed sooner
        for attempt in range(4):
            v = n + 10 * attempt
            proc = worker("ingest", str(home), str(version(v)))
            kill_after(proc, 1, delay, must_die=False)
            if proc.returncode == -signal.SIGKILL:
                break
            current, delay = v, delay / 2
        assert proc.returncode == -signal.SIGKILL, "every try finished before it was killed"
        state = catalog_state(home)
        titles = state["titles"]
        assert len(titles) == len(items)
        new = sum(t.endswith(f" (v{v})") for t in titles)
        old = sum(t.endswith(f" (v{current})") for t in titles)
        assert (old, new) in ((len(items), 0), (0, len(items))), f"a mix: {old} old, {new} new"
        assert state["found"] == 5
        current = v if new else current
    # a later ingestion completes over whatever the killed ones left
    assert finish("ingest", str(home), str(version(9)))[-1] == "done"
    assert all(t.endswith(" (v9)") for t in catalog_state(home)["titles"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_acknowledged_profile_changes_and_feedback_survive_a_kill(
    tmp_path: Path, seed: int
) -> None:
    home = tmp_path / "home"
    finish("ingest", str(home), str(demo_catalog_path()))
    rng = random.Random(seed)
    # an edit takes a few ms, so the kill comes within 0.1 s of the 3rd-40th acknowledged one
    work = worker("edits", str(home), "ana", "300")
    lines = kill_after(work, rng.randint(3, 40), rng.uniform(0, 0.1))
    acked = [line.split() for line in lines if line.split()[0] in ("seen", "liked", "disliked")]
    assert len(acked) >= 3
    with sqlite3.connect(home / "profiles.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = ProfileStore(home / "profiles.sqlite3")
    profile = store.get("ana")
    feedback = {(f["item_id"], bool(f["liked"])) for f in store.feedback("ana")}
    for kind, item in acked:
        if kind == "seen":
            assert item in profile.seen
        else:
            assert item in (profile.liked if kind == "liked" else profile.disliked)
            assert (item, kind == "liked") in feedback
    # the store keeps working after the kill
    store.update("ana", lambda p: p.like("extra-item", "Extra"))
    assert "extra-item" in store.get("ana").liked
