"""An agent over the demo catalog with fake embeddings, a real Chroma store and SQLite stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pickwise.agent.app import AgentConfig, Pickwise, open_checkpointer
from pickwise.agent.profile import ProfileStore
from pickwise.data import demo_catalog_path
from pickwise.retrieval import Catalog
from tests.conftest import HashEmbeddings


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("agent-home")
    Catalog.open(home, "demo", embedder=HashEmbeddings()).ingest(demo_catalog_path())
    return home


def make_agent(home: Path, llm: object | None = None, **config: object) -> Pickwise:
    catalog = Catalog.open(home, "demo", embedder=HashEmbeddings())
    return Pickwise(
        catalog,
        ProfileStore(home / "profiles.sqlite3"),
        llm,
        open_checkpointer(home),
        AgentConfig(**config),
    )  # type: ignore[arg-type]


@pytest.fixture
def agent(demo_home: Path) -> Iterator[Pickwise]:
    a = make_agent(demo_home)
    yield a
    a.close()
