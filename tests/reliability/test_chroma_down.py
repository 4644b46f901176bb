"""A Chroma server (server mode) that goes away: clear 503 errors and readiness false while it
is down, and everything answers again once it is back, without restarting pickwise."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import httpx
import pytest

from pickwise.agent.app import AgentConfig, Pickwise, open_checkpointer
from pickwise.agent.profile import ProfileStore
from pickwise.api import create_app
from pickwise.data import demo_catalog_path
from pickwise.retrieval import Catalog
from tests.api.conftest import serving
from tests.conftest import HashEmbeddings
from tests.retrieval.test_chroma_server import CHROMA, HOST, free_port

pytestmark = pytest.mark.slow


class ChromaServer:
    """``chroma run`` on a fixed port and data folder, that can be stopped and started again."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = [str(CHROMA), "run", "--path", str(self.root / "data"), "--port", str(self.port)]
        log = (self.root / "server.log").open("ab")
        self.proc = subprocess.Popen([*cmd, "--host", HOST], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            assert self.proc.poll() is None, "chroma exited"
            try:
                chromadb.HttpClient(host=HOST, port=self.port).heartbeat()
                return
            except Exception:
                assert time.monotonic() < deadline, "chroma did not answer within 30 s"
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            self.proc = None


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path)
    server.start()
    yield server
    server.stop()


def test_chroma_going_away_is_a_clear_503_and_recovers(
    chroma: ChromaServer, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    catalog = Catalog.open(
        home, "demo", embedder=HashEmbeddings(), chroma_host=HOST, chroma_port=chroma.port
    )
    catalog.ingest(demo_catalog_path())
    agent = Pickwise(
        catalog,
        ProfileStore(home / "profiles.sqlite3"),
        None,
        open_checkpointer(home),
        AgentConfig(),
    )
    search = {"query": "space adventure", "k": 5}
    try:
        with serving(create_app(agent)) as url, httpx.Client(base_url=url, timeout=30) as http:
            assert http.get("/readyz").status_code == 200
            assert http.post("/v1/recommendations", json=search).status_code == 200

            chroma.stop()
            ready = http.get("/readyz")
            assert ready.status_code == 503 and ready.json()["catalog"]["ok"] is False
            r = http.post("/v1/recommendations", json=search)
            assert r.status_code == 503 and "Retry-After" in r.headers
            assert "Chroma server is running" in r.json()["error"]["message"]
            chat = {"model": "pickwise", "messages": [{"role": "user", "content": "a comedy"}]}
            assert http.post("/v1/chat/completions", json=chat).status_code == 503
            assert http.get("/healthz").status_code == 200  # the process itself is fine

            chroma.start()  # same port, same data: pickwise reconnects by itself
            assert http.get("/readyz").status_code == 200
            r = http.post("/v1/recommendations", json=search)
            assert r.status_code == 200 and len(r.json()["results"]) == 5
            assert http.post("/v1/chat/completions", json=chat).status_code == 200
    finally:
        agent.close()
