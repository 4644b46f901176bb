"""The whole agent on the real parts: MiniLM embeddings, Chroma on disk, and the bundled
SmolLM2 served by llama.cpp through the OpenAI-compatible path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pickwise import open_catalog
from pickwise.agent.app import Pickwise
from pickwise.config import Settings
from pickwise.data import demo_catalog_path
from tests.agent.test_scenarios import check_picks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_agent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pickwise]:
    home: Path = tmp_path_factory.mktemp("local-home")
    # weight > 0: the model is asked on every turn (at the default, 0, it is not asked at all)
    settings = Settings(  # type: ignore[call-arg]
        home=home, llm_backend="local", rerank_weight_local=0.1, _env_file=None
    )
    open_catalog(settings).ingest(demo_catalog_path())
    agent = Pickwise.open(settings)
    yield agent
    agent.close()
    agent.llm.server.stop()


def test_a_conversation_with_the_local_model(local_agent: Pickwise) -> None:
    calls = []
    original = local_agent.llm.structured

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return original(*args, **kwargs)

    local_agent.llm.structured = spy  # type: ignore[method-assign]
    shown: set[str] = set()
    for message in [
        "I loved Arrival and Interstellar, something lighter, nothing before 1990",
        "no horror please",
        "something else",
    ]:
        reply = local_agent.chat(message, "local-user", "t")
        assert reply.picks and not reply.degraded, reply.degraded
        check_picks(local_agent, reply, shown)
        shown |= {p.item_id for p in reply.picks}
    assert len(calls) == 3  # the model re-ranked every recommending turn
    profile = local_agent.profile("local-user")
    assert set(profile.liked) == {"arrival-2016", "interstellar-2014"}


def test_semantics_with_real_embeddings(local_agent: Pickwise) -> None:
    reply = local_agent.chat("something lighter, a warm funny comedy", "light-user", "t")
    comedies = [
        p for p in reply.picks if "Comedy" in p.recommendation.item.metadata.get("genres", ())
    ]
    assert len(comedies) >= 3, [p.recommendation.item.title for p in reply.picks]


def test_dead_backend_degrades_then_recovers(local_agent: Pickwise) -> None:
    assert local_agent.llm.server is not None
    local_agent.llm.server.stop()
    local_agent.llm.server.model_path = "/nonexistent/model.gguf"  # it cannot come back...
    try:
        reply = local_agent.chat("a tense thriller", "down-user", "t")
    finally:
        from pickwise.llm import default_model_path

        local_agent.llm.server.model_path = str(default_model_path())
    assert reply.picks and reply.degraded and "not available" in reply.text
    again = local_agent.chat("something else", "down-user", "t")  # ...until it can
    assert again.picks and not again.degraded
