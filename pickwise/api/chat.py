"""The OpenAI-compatible endpoints: ``POST /v1/chat/completions`` and ``GET /v1/models``.

A chat front end resends the whole conversation each turn; pickwise keeps its own memory per
thread, so only the last user message is new. The thread is the ``X-Pickwise-Thread`` header, or
one derived from the user id and the conversation's first user message, so a conversation stays
on one thread however often it is resent. A conversation pickwise has never seen (held by another
chatbot, or by a server whose home was reset) becomes the new thread's memory: its messages, and
the titles its assistant messages listed ("the second one" then points at the second of them).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Response
from fastapi.responses import StreamingResponse

from pickwise.agent.app import Reply
from pickwise.agent.profile import check_user_id
from pickwise.api.deps import (
    AgentDep,
    Caller,
    CallerDep,
    TurnGate,
    WorkPool,
    gate_of,
    json_response,
    pool_of,
)
from pickwise.api.errors import error_body
from pickwise.api.schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionRequest,
    Choice,
    ErrorBody,
    ModelList,
    ModelOut,
    PickOut,
    PickwiseExtra,
)
from pickwise.errors import NotFoundError, PickwiseError, RequestError

__all__ = ["MODEL_ID", "refuse_unsupported", "router", "thread_for"]

log = logging.getLogger(__name__)

MODEL_ID = "pickwise"
_MODEL_CREATED = 1767225600  # 2026-01-01: a fixed date, so the model list never changes
Event = dict[str, Any]

router = APIRouter(tags=["OpenAI-compatible"])
GateDep = Annotated[TurnGate, Depends(gate_of)]
PoolDep = Annotated[WorkPool, Depends(pool_of)]


@dataclass(frozen=True)
class Turn:
    message: str
    user_id: str
    thread_id: str
    #: The conversation before ``message``: (role, text) of its user and assistant messages.
    history: tuple[tuple[str, str], ...] = ()


def thread_for(user_id: str, first_message: str) -> str:
    """A stable thread id for a conversation: the same user and opening give the same id."""
    digest = hashlib.sha256(f"{user_id}\n{first_message}".encode()).hexdigest()
    return f"chat-{digest[:16]}"


def read_turn(
    body: ChatCompletionRequest, user: str | None, thread: str | None, caller: Caller | None = None
) -> Turn:
    if body.model != MODEL_ID:
        raise NotFoundError(f"no model '{body.model}'; use model '{MODEL_ID}'.")
    refuse_unsupported(body.model_extra or {})
    said = [m.text() for m in body.messages if m.role == "user"]
    if not said:
        raise RequestError("the conversation has no user message; add one with role 'user'.")
    given = body.user if body.user is not None else user  # "" is given, and not a user id
    user_id = check_user_id((caller or Caller("open")).default_user(given))
    last = max(i for i, m in enumerate(body.messages) if m.role == "user")
    history = tuple(
        (m.role, m.text()) for m in body.messages[:last] if m.role in ("user", "assistant")
    )
    thread_id = thread if thread is not None else thread_for(user_id, said[0])
    return Turn(said[-1], user_id, thread_id, history)


#: What pickwise does instead of a tool call or an answer in JSON.
_INSTEAD = "pickwise answers in text, with its picks as data in the reply's field 'pickwise'"


def refuse_unsupported(fields: dict[str, Any]) -> None:
    """A 422 for what pickwise cannot do: call a tool (a ``tool_choice`` or ``function_call``
    that requires one) or answer in JSON (``response_format`` other than text). Tools it is
    not required to call are ignored, like the sampling fields."""
    for name in ("tool_choice", "function_call"):
        choice = fields.get(name)
        if choice not in (None, "auto", "none"):
            shown = f"'{choice}'" if isinstance(choice, str) else "a named function"
            raise RequestError(
                f"{name} {shown} is not supported: pickwise cannot call tools; leave "
                f"{name} out or set it to 'auto' or 'none' ({_INSTEAD})."
            )
    fmt = fields.get("response_format")
    kind = fmt.get("type") if isinstance(fmt, dict) else fmt
    if fmt is not None and kind != "text":
        raise RequestError(
            f"response_format '{kind}' is not supported: pickwise cannot answer in JSON; leave "
            f"response_format out or set its type to 'text' ({_INSTEAD})."
        )


def extra_of(reply: Reply) -> PickwiseExtra:
    return PickwiseExtra(
        picks=[PickOut.of(p) for p in reply.picks],
        changes=list(reply.changes),
        intent=reply.intent,
        degraded=reply.degraded,
        thread_id=reply.thread_id,
        user_id=reply.user_id,
    )


@router.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    """The one model: pickwise itself."""
    return ModelList(data=[ModelOut(id=MODEL_ID, created=_MODEL_CREATED)])


@router.get("/models/{model_id}", response_model=ModelOut, responses={404: {"model": ErrorBody}})
def get_model(model_id: str) -> ModelOut:
    if model_id != MODEL_ID:
        raise NotFoundError(f"no model '{model_id}'; the one model is '{MODEL_ID}'.")
    return ModelOut(id=MODEL_ID, created=_MODEL_CREATED)


@router.post(
    "/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE with stream"},
        **{code: {"model": ErrorBody} for code in (401, 403, 404, 413, 422, 503)},
    },
)
async def chat_completions(
    body: ChatCompletionRequest,
    agent: AgentDep,
    gate: GateDep,
    pool: PoolDep,
    caller: CallerDep,
    x_pickwise_user: Annotated[str | None, Header(description="User id, if no `user`.")] = None,
    x_pickwise_thread: Annotated[str | None, Header(description="Conversation id.")] = None,
) -> Any:
    """One turn of the conversation. The reply's picks are in the extra field ``pickwise``
    (with ``stream``, in the last chunk)."""
    turn = read_turn(body, x_pickwise_user, x_pickwise_thread, caller)
    headers = {"X-Pickwise-Thread": turn.thread_id}
    if body.stream:
        return await anyio.to_thread.run_sync(lambda: _stream(agent.stream, turn, gate, headers))

    def run() -> Response:
        with gate.turn():
            reply = agent.chat(turn.message, turn.user_id, turn.thread_id, turn.history, whole=True)
        completion = ChatCompletion(
            id=f"chatcmpl-{uuid.uuid4().hex}",
            created=int(time.time()),
            model=MODEL_ID,
            choices=[Choice(message=AssistantMessage(content=reply.text))],
            pickwise=extra_of(reply),
        )
        return json_response(completion, headers)

    return await pool.run(run)


# --- streaming ------------------------------------------------------------------------------
_END = object()


class TurnPump:
    """Runs a turn's events to the end in a thread of its own and hands them over a queue.

    The turn then finishes (and is saved) even when the client goes away mid-stream, and it
    runs in one thread from start to end whatever threads read the events.
    """

    def __init__(self, events: Callable[[], Iterator[Event]], on_exit: Callable[[], None]):
        self._queue: queue.Queue[Any] = queue.Queue()
        threading.Thread(
            target=self._run, args=(events, on_exit), name="pickwise-turn", daemon=True
        ).start()

    def _run(self, events: Callable[[], Iterator[Event]], on_exit: Callable[[], None]) -> None:
        end: Any = _END
        try:
            for event in events():
                self._queue.put(event)
        except BaseException as exc:
            end = exc
        finally:
            on_exit()  # before the end is handed over: a client told "done" finds the slot free
            self._queue.put(end)

    def __iter__(self) -> Iterator[Event]:
        while (item := self._queue.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item


def _stream(
    stream: Callable[..., Iterator[Event]],
    turn: Turn,
    gate: TurnGate,
    headers: dict[str, str],
) -> StreamingResponse:
    gate.acquire()
    events = iter(
        TurnPump(
            lambda: stream(turn.message, turn.user_id, turn.thread_id, turn.history, whole=True),
            gate.release,
        )
    )
    # wait for the first event: a bad request fails here, with a status code, not mid-stream
    first = list(itertools.islice(events, 1))
    sse = _sse(itertools.chain(first, events), f"chatcmpl-{uuid.uuid4().hex}", int(time.time()))
    headers = {**headers, "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(sse, media_type="text/event-stream", headers=headers)


def _sse(events: Iterable[Event], completion_id: str, created: int) -> Iterator[str]:
    """OpenAI's ``chat.completion.chunk`` events: the role, text deltas, then the end with
    ``finish_reason`` and the picks, then ``[DONE]``. A failure mid-stream sends an error
    event (which OpenAI's clients raise) instead."""

    def chunk(delta: dict[str, Any], finish: str | None = None, extra: Any = None) -> str:
        body: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if extra is not None:
            body["pickwise"] = extra.model_dump()
        return _data(body)

    yield chunk({"role": "assistant", "content": ""})
    try:
        for event in events:
            if event["type"] == "text" and event["delta"]:
                yield chunk({"content": event["delta"]})
            elif event["type"] == "done":
                yield chunk({}, "stop", extra_of(event["reply"]))
    except PickwiseError as exc:
        yield _data(error_body(type(exc).__name__, str(exc)))
        return
    except Exception:
        log.exception("a streamed turn failed")
        yield _data(error_body("InternalError", "internal error; the server log has the details."))
        return
    yield "data: [DONE]\n\n"


def _data(body: dict[str, Any]) -> str:
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
