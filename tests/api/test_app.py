"""The application around the endpoints: health, readiness, API keys, the turn gate (503),
the OpenAPI docs and the UI mount."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from langchain_core.messages import HumanMessage
from openai import OpenAI

from pickwise.api import create_app
from pickwise.api.docs import swagger_ui_files
from pickwise.errors import BackendError
from pickwise.llm import ChatBackend
from tests.api.conftest import Served, new_user, served_agent, serving
from tests.api.test_rest import error_of
from tests.fakes import FakeLLM, first_ids
from tests.llm.fake_server import Reply, fake_openai

CHAT = {"model": "pickwise", "messages": [{"role": "user", "content": "a funny animated film"}]}


class SickLLM(FakeLLM):
    def healthy(self, timeout: float = 2.0) -> bool:
        return False


def test_health_and_readiness(http: httpx.Client) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    ready = http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ready",
        "catalog": {"name": "demo", "items": 513, "ok": True},
        "llm": {
            "backend": "none",
            "ok": True,
            "degraded": "",
            "recent_calls": 0,
            "recent_failures": 0,
            "breaker_open_s": None,
        },
    }


def test_not_ready_when_the_llm_does_not_answer(demo_home: Path) -> None:
    with served_agent(demo_home, SickLLM()) as s, s.client() as http:
        ready = http.get("/readyz")
        assert ready.status_code == 503 and ready.headers["Retry-After"]
        body = ready.json()
        assert body["status"] == "not ready" and body["catalog"]["ok"]
        assert body["llm"]["backend"] == "fake" and body["llm"]["ok"] is False
        assert http.get("/healthz").status_code == 200
        # the agent still answers: it degrades to retrieval order and templates
        reply = http.post("/v1/chat/completions", json={**CHAT, "user": new_user()}).json()
        assert reply["pickwise"]["picks"] and reply["pickwise"]["degraded"]


def test_a_model_busy_with_a_call_that_timed_out_is_degraded_not_down(demo_home: Path) -> None:
    """A turn gave up on a slow call, but the server (llama-cpp-python) goes on computing it and
    does not answer the health check meanwhile: /readyz said 503 "not ready" though turns
    answered. It is 200 "degraded", and says why."""
    with fake_openai() as fake:
        fake.one_at_a_time = True
        backend = ChatBackend("openai", model="m", base_url=fake.url, timeout=0.3)
        with served_agent(demo_home, backend) as s, s.client() as http:
            fake.replies.append(Reply('{"picks": []}', delay=4.0))
            with pytest.raises(BackendError):
                backend.structured([HumanMessage("pick")], {"type": "object"}, "pick")
            ready = http.get("/readyz")
            assert ready.status_code == 200
            body = ready.json()
            assert body["status"] == "degraded" and body["llm"]["ok"] is False
            assert body["llm"]["degraded"].startswith("timeout: no answer within 0.3 s")
            assert "still busy" in body["llm"]["degraded"]
            with fake.lock:  # done with it
                pass
            ready = http.get("/readyz")
            assert ready.status_code == 200 and ready.json()["llm"]["ok"] is True


def test_not_ready_with_an_empty_catalog(tmp_path: Path) -> None:
    with served_agent(tmp_path) as s, s.client() as http:
        ready = http.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["catalog"] == {"name": "demo", "items": 0, "ok": False}
        message = error_of(http.get("/v1/items/arrival-2016"), 404, "NotFoundError")
        assert "`pickwise --catalog demo ingest FILE`" in message  # says how to fix it


def test_api_keys(demo_home: Path) -> None:
    with served_agent(demo_home, api_keys=["key-1"], admin_keys=["admin-1"]) as s:
        with s.client() as http:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "key-1"}):
                reply = http.get("/v1/models", headers=headers)
                error_of(reply, 401, "Unauthorized")
                assert reply.headers["WWW-Authenticate"] == "Bearer"
            error_of(http.post("/v1/chat/completions", json=CHAT), 401, "Unauthorized")
            error_of(http.get("/v1/items/arrival-2016"), 401, "Unauthorized")
            for key in ("key-1", "admin-1"):
                reply = http.get("/v1/models", headers={"Authorization": f"Bearer {key}"})
                assert reply.status_code == 200
            assert http.get("/healthz").status_code == 200
            assert http.get("/readyz").status_code == 200
            assert http.get("/docs").status_code == 200
        with pytest.raises(openai.AuthenticationError):
            OpenAI(base_url=f"{s.url}/v1", api_key="wrong", max_retries=0).models.list()
        sdk = OpenAI(base_url=f"{s.url}/v1", api_key="key-1", max_retries=0)
        reply = sdk.chat.completions.create(model="pickwise", messages=CHAT["messages"])
        assert reply.model_extra is not None and reply.model_extra["pickwise"]["picks"]


def test_a_busy_backend_is_503_with_retry_after(demo_home: Path) -> None:
    started, release = threading.Event(), threading.Event()
    answer = first_ids(5)

    def slow(messages: Any, schema: dict[str, Any]) -> dict[str, Any]:
        started.set()
        release.wait(20)
        return answer(messages, schema)

    # a user of its own: the same conversation answered before would be answered from memory
    # (a retried request), without the LLM
    chat = {**CHAT, "user": new_user()}
    with served_agent(demo_home, FakeLLM(slow), max_turns=1, turn_wait=0.2) as s:
        results: list[httpx.Response] = []
        with s.client() as http:
            first = threading.Thread(
                target=lambda: results.append(http.post("/v1/chat/completions", json=chat))
            )
            first.start()
            assert started.wait(20), "the first turn never reached the LLM"
            for stream in (False, True):
                reply = http.post("/v1/chat/completions", json={**chat, "stream": stream})
                assert "busy" in error_of(reply, 503, "BackendError")
                assert int(reply.headers["Retry-After"]) > 0
            # a query: a new user's request with nothing to go on is a 422 before any wait
            body = {"user_id": new_user(), "query": "a comedy"}
            reply = http.post("/v1/recommendations", json=body)
            error_of(reply, 503, "BackendError")
            # what needs no LLM is not held up
            assert http.post("/v1/recommendations", json={"query": "x"}).status_code == 200
            release.set()
            first.join(20)
            assert results[0].status_code == 200
            started.clear()
            again = {**CHAT, "user": new_user()}
            assert http.post("/v1/chat/completions", json=again).status_code == 200  # free again


def test_turns_queue_on_their_own_threads_and_quick_requests_pass(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an LLM, turns and feedback run on a small pool of their own: a turn that holds
    it makes the next turn wait (no 503: there is no LLM to protect), not a quick request."""
    with served_agent(demo_home, work_threads=1) as s:
        started, release = threading.Event(), threading.Event()
        real = s.agent.chat

        def held(*args: Any, **kwargs: Any) -> Any:
            if not started.is_set():
                started.set()
                release.wait(20)
            return real(*args, **kwargs)

        monkeypatch.setattr(s.agent, "chat", held)
        results: list[httpx.Response] = []
        with s.client() as http:
            turns = [
                threading.Thread(
                    target=lambda: results.append(http.post("/v1/chat/completions", json=CHAT))
                )
                for _ in range(2)
            ]
            turns[0].start()
            assert started.wait(20), "the first turn never started"
            turns[1].start()
            for _ in range(3):  # quick requests are answered while both turns wait
                reply = http.post("/v1/recommendations", json={"query": "space", "k": 3})
                assert reply.status_code == 200 and len(reply.json()["results"]) == 3
            assert results == []
            release.set()
            for t in turns:
                t.join(20)
        assert [r.status_code for r in results] == [200, 200]
        assert all(r.json()["pickwise"]["picks"] for r in results)
        assert all(r.headers["X-Pickwise-Thread"] for r in results)


def test_a_stream_frees_its_slot_when_the_turn_ends(demo_home: Path) -> None:
    with served_agent(demo_home, max_turns=1, turn_wait=0) as s, s.client() as http:
        for _ in range(3):
            with http.stream("POST", "/v1/chat/completions", json={**CHAT, "stream": True}) as r:
                assert r.status_code == 200
                r.read()
        reply = http.post("/v1/chat/completions", json={**CHAT, "stream": True, "user": "x y"})
        error_of(reply, 422, "RequestError")  # a turn that fails at once frees its slot too
        assert http.post("/v1/chat/completions", json=CHAT).status_code == 200


def test_openapi_docs(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/healthz",
        "/readyz",
        "/v1/chat/completions",
        "/v1/models",
        "/v1/recommendations",
        "/v1/users/{user_id}/profile",
        "/v1/users/{user_id}/export",
        "/v1/users/{user_id}/feedback",
        "/v1/items",
        "/v1/items/{item_id}",
    } <= paths
    assert set(spec["paths"]["/v1/users/{user_id}/profile"]) == {"get", "patch", "delete"}
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"  # Authorize
    assert "text/html" in http.get("/docs").headers["content-type"]
    assert http.get("/redoc").status_code == 404  # ReDoc only comes from a CDN


def test_docs_load_nothing_from_the_network(demo_home: Path, tmp_path: Path) -> None:
    """Swagger UI's files are served from this machine when installed; else /docs says how to
    get them and points to the schema (before: a blank page offline, its JS on a CDN)."""
    files = tmp_path / "swagger-ui"
    files.mkdir()
    (files / "swagger-ui-bundle.js").write_text("window.SwaggerUIBundle = () => {};")
    (files / "swagger-ui.css").write_text("body {}")
    with served_agent(demo_home, docs_files=files) as served, served.client() as http:
        page = http.get("/docs").text
        assert "https://" not in page and "http://" not in page
        assert '<script src="/docs/assets/swagger-ui-bundle.js">' in page
        # the bundled Swagger UI (4.x) refused FastAPI's OpenAPI 3.1 label ("Unable to render
        # this definition"): it reads the same schema labelled 3.0
        assert "'/docs/openapi.json'" in page
        labelled = http.get("/docs/openapi.json").json()
        real = http.get("/openapi.json").json()
        assert labelled["openapi"].startswith("3.0.") and real["openapi"].startswith("3.1.")
        assert labelled["paths"] == real["paths"]
        js = http.get("/docs/assets/swagger-ui-bundle.js")
        assert js.status_code == 200 and "SwaggerUIBundle" in js.text

    with served_agent(demo_home, docs_files=None) as served, served.client() as http:
        reply = http.get("/docs")
        assert reply.status_code == 200 and "text/html" in reply.headers["content-type"]
        assert "https://" not in reply.text and "<script" not in reply.text
        assert "pip install swagger-ui-bundle" in reply.text
        assert '<a href="/openapi.json">' in reply.text
        assert http.get("/docs/assets/swagger-ui-bundle.js").status_code == 404


def test_the_installed_swagger_ui_is_served() -> None:
    """``swagger-ui-bundle`` is a dependency: /docs has Swagger UI's files on this machine."""
    files = swagger_ui_files()
    assert files is not None and (files / "swagger-ui.css").is_file()


WRONG_WAYS = [
    ("GET", "/v1/chat/completions", 405, "MethodNotAllowed"),
    ("PUT", "/v1/users/ana/profile", 405, "MethodNotAllowed"),
    ("DELETE", "/v1/items", 405, "MethodNotAllowed"),
    ("GET", "/v1/users/a%2Fb/profile", 404, "NotFound"),
    ("GET", "/v1/no-such-thing", 404, "NotFound"),
    ("POST", "/v1", 404, "NotFound"),
]


@pytest.mark.parametrize("with_ui", [False, True])
def test_unknown_paths_and_wrong_methods_have_the_api_error_body(
    served: Served, with_ui: bool
) -> None:
    """An unknown /v1 path is a 404 and a wrong method a 405, with the API's error body, whether
    or not the UI is mounted at / (which matches every path)."""
    import gradio as gr

    with gr.Blocks() as ui:
        gr.Markdown("pickwise test page")
    app = create_app(served.agent, ui=ui if with_ui else None)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        for method, path, status, kind in WRONG_WAYS:
            reply = http.request(method, path)
            assert "/docs lists the API's paths" in error_of(reply, status, kind)
            if status == 405:
                assert reply.headers["Allow"]
        assert http.get("/").status_code == (200 if with_ui else 404)


def test_the_ui_is_mounted_beside_the_api(served: Served) -> None:
    import gradio as gr

    with gr.Blocks() as ui:
        gr.Markdown("pickwise test page")
    app = create_app(served.agent, api_keys=["k"], ui=ui)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        page = http.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert http.get("/healthz").json() == {"status": "ok"}
        error_of(http.get("/v1/models"), 401, "Unauthorized")  # the API is not shadowed
        error_of(http.get("/v1/no-such-thing"), 401, "Unauthorized")  # nor its key
        reply = http.get("/v1/models", headers={"Authorization": "Bearer k"})
        assert reply.json()["data"][0]["id"] == "pickwise"
