"""The FastAPI application: health checks, the OpenAI-compatible chat, the REST API and,
when given, the Gradio UI mounted at ``/``.

The agent is synchronous, so every endpoint is a plain function that FastAPI runs in its
thread pool.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer
from starlette.routing import Match, Mount
from starlette.types import Scope

from pickwise.agent.app import Pickwise
from pickwise.api import chat, rest
from pickwise.api.deps import AgentDep, KeyCheck, TurnGate, WorkPool
from pickwise.api.docs import install_docs, swagger_ui_files
from pickwise.api.errors import RETRY_AFTER_SECONDS, install_error_handlers
from pickwise.api.limits import BodyLimit
from pickwise.api.schemas import CatalogStatus, Health, LLMStatus, Readiness

__all__ = ["create_app"]

DESCRIPTION = """\
pickwise, a conversational recommender, over HTTP.

* **OpenAI-compatible**: point any chat client at `/v1` with model `pickwise`; the picks ride
  along in the extra field `pickwise` of the reply (of the last chunk when streaming).
* **REST**: recommendations, users' profiles and feedback, catalog items.
* Errors have the body `{"error": {"type": ..., "message": ...}}`: 422 for a bad request, 404
  for an unknown item, user or path, 405 for a method the path does not take, 401 without a
  valid API key (when keys are set), 403 when a user's key acts for another user, 413 for a
  body over 1 MB, 503 with `Retry-After` when the LLM backend is busy.
"""

API_PREFIX = "/v1"
BUSY = "the model is still busy with that call (it did not answer a health check in time)"
health = APIRouter(tags=["health"])


@health.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up."""
    return Health()


@health.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
def readyz(agent: AgentDep) -> JSONResponse:
    """Ready when the catalog is open and not empty and the LLM backend answers (or is none);
    degraded (still 200) while the LLM's latest call failed: turns then answer with retrieval
    order and template explanations. A backend that does not answer the health check while
    its latest call timed out is busy computing that abandoned call, not dead: degraded too."""
    try:
        items = len(agent.catalog)
    except Exception:  # a store that cannot be read is simply not ready
        items = 0
    llm = agent.llm
    state = _llm_readiness(llm)
    llm_ok, busy = state == "ok", state == "busy"
    health = getattr(llm, "health", None)
    ready = items > 0 and (llm_ok or busy)
    calls: dict[str, Any] = health.status() if health is not None else {}
    degraded = str(calls.get("reason", ""))
    if busy:
        degraded += f"; {BUSY}"
    body = Readiness(
        status=("degraded" if degraded else "ready") if ready else "not ready",
        catalog=CatalogStatus(name=agent.catalog.name, items=items, ok=items > 0),
        llm=LLMStatus(
            backend=getattr(llm, "name", "none") if llm else "none",
            ok=llm_ok,
            degraded=degraded,
            recent_calls=calls.get("recent_calls", 0),
            recent_failures=calls.get("recent_failures", 0),
            breaker_open_s=calls.get("breaker_open_s"),
        ),
    )
    headers = None if ready else {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return JSONResponse(body.model_dump(), 200 if ready else 503, headers=headers)


def _llm_readiness(llm: Any) -> str:
    """ok, busy (with a call that timed out: still ready, degraded) or down."""
    if llm is None:
        return "ok"
    if hasattr(llm, "readiness"):
        return str(llm.readiness())
    return "ok" if llm.healthy() else "down"


class UIMount(Mount):
    """The UI's mount at ``/``, which leaves every path under ``/v1`` to the API.

    A mount at ``/`` matches every path, and Starlette prefers any full match to a route that
    matches a path but not its method: mounted as gradio mounts it, the UI answered an unknown
    ``/v1`` path or a wrong method with its own bare 404. Declined here, they reach the API's
    router, which answers as it does without a UI: a 404 or a 405 with the API's error body.
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and (scope["path"] + "/").startswith(API_PREFIX + "/"):
            return Match.NONE, {}
        return super().matches(scope)


def create_app(
    agent: Pickwise,
    *,
    api_keys: Sequence[str] = (),
    admin_keys: Sequence[str] = (),
    ui: Any | None = None,
    max_turns: int = 4,
    turn_wait: float = 10.0,
    work_threads: int | Literal["auto"] | None = "auto",
    docs_files: Path | Literal["auto"] | None = "auto",
) -> FastAPI:
    """The HTTP API over ``agent``.

    With ``api_keys`` or ``admin_keys`` set, every ``/v1`` call needs ``Authorization: Bearer
    KEY``, checked before anything else (a 401 comes before a 404, 405, 413 or 422); the health
    checks and the UI stay open. An api key ``KEY`` and every admin key may
    act for any user; ``KEY:USER_ID`` only for that user (others get a 403). Request bodies
    over :data:`~pickwise.api.limits.MAX_BODY_BYTES` get a 413. At most ``max_turns`` turns
    that may call the LLM run at once; one that cannot start within ``turn_wait`` seconds gets
    a 503. Turns and profile writes run on at most ``work_threads`` threads of their own
    (``auto``: one per core without an LLM, where a turn is CPU work; None, with an LLM:
    FastAPI's shared pool, the turn gate bounds them), so quick requests are not held up.
    ``ui`` (a Gradio ``Blocks``) is mounted at ``/`` after the API routes. ``/docs`` serves
    Swagger UI from ``docs_files`` (``auto``: the ``swagger-ui-bundle`` package's, if installed;
    None: a page that says how to install them and points to ``/openapi.json``).
    """
    from pickwise import __version__

    # /docs serves Swagger UI's files from this machine (no CDN); no /redoc, which has none
    app = FastAPI(
        title="pickwise",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    app.state.agent = agent
    app.state.turns = TurnGate(max_turns, turn_wait)
    if work_threads == "auto":
        work_threads = (os.cpu_count() or 1) if agent.llm is None else None
    app.state.work = WorkPool(work_threads)
    install_error_handlers(app)
    app.add_middleware(BodyLimit, prefix=API_PREFIX)
    # the outermost: a call without a valid key learns nothing else (not even a 413 or a 404)
    app.add_middleware(KeyCheck, api_keys=api_keys, admin_keys=admin_keys, prefix=API_PREFIX)
    app.include_router(health)
    install_docs(app, swagger_ui_files() if docs_files == "auto" else docs_files)
    # KeyCheck checks the key; this declares it in /docs (its "Authorize" button)
    key = Depends(HTTPBearer(auto_error=False, description="A key of PICKWISE_API_KEYS."))
    app.include_router(chat.router, prefix=API_PREFIX, dependencies=[key])
    app.include_router(rest.router, prefix=API_PREFIX, dependencies=[key])
    if ui is not None:
        import gradio as gr

        from pickwise.ui import mount_options

        app = gr.mount_gradio_app(app, ui, path="/", **mount_options())
        mount = app.router.routes.pop()  # gradio's mount, the last route: the UI's own
        assert isinstance(mount, Mount)
        app.router.routes.append(UIMount(mount.path, mount.app, name=mount.name))
    return app
