"""Chat backends: one LangChain ``ChatOpenAI`` for any OpenAI-compatible endpoint.

``local`` is the bundled model behind a managed llama.cpp server (:mod:`pickwise.llm.local`);
``openai`` is OpenAI itself or any compatible server (vLLM, Ollama, ``pickwise llm serve``).
Every failure of a call surfaces as :class:`~pickwise.errors.BackendError` with a short reason,
and every outcome goes to the backend's :class:`~pickwise.llm.health.LLMHealth` (what ``/readyz``
reports; its breaker skips calls to a backend that keeps timing out).

A call takes at most about ``timeout`` seconds: a timeout is never retried (the turn has waited
long enough, it degrades instead); a refused connection or a 5xx/429 is retried up to
``max_retries`` times. While the latest call timed out, a call is preceded by a quick
``GET /models``: a server that cannot answer it is still busy with the abandoned call, so the
call is skipped at once instead of waiting its whole timeout behind it. The local backend
streams its calls and closes the stream at the deadline: llama-cpp-python's server stops
generating when a streaming client goes (after the token in progress), whereas it finishes a
plain call whose client has gone, answering nothing else meanwhile, so the next turns waited
behind an answer nobody would read. (It evaluates the prompt to its end either way.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import httpx
import openai
from langchain_core.messages import BaseMessage
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from pickwise.errors import BackendError, ConfigError
from pickwise.llm.health import LLMHealth, Outcome
from pickwise.llm.local import LocalServer

if TYPE_CHECKING:
    from pickwise.config import Settings

__all__ = [
    "LOCAL_MODEL_NAME",
    "OPENAI_DEFAULT_MODEL",
    "OPENAI_DEFAULT_URL",
    "BackendName",
    "ChatBackend",
    "DeadlinePassed",
    "JsonMode",
    "LLMConfig",
    "LLMReadiness",
    "make_backend",
]

BackendName = Literal["local", "openai", "none"]
JsonMode = Literal["json_object", "json_schema"]
LLMReadiness = Literal["ok", "busy", "down"]

LOCAL_MODEL_NAME = "smollm2-135m"
#: Seconds before a call fails when PICKWISE_LLM_TIMEOUT is empty: the local model answers a
#: turn in about 2 s alone, so 10 s means it is starved; remote models may write more.
DEFAULT_TIMEOUT = {"local": 10.0, "openai": 30.0}
RETRY_PAUSE = 0.25
#: Seconds a server whose latest call timed out has to answer ``GET /models`` before a call: one
#: that cannot is still computing the abandoned call, and a new call would only wait behind it.
BUSY_PROBE = 0.5
NO_ANSWER = "no answer from"
OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
OPENAI_DEFAULT_URL = "https://api.openai.com/v1"


class DeadlinePassed(Exception):
    """A streamed call still writing at its deadline (closed there): a timeout."""


@dataclass(frozen=True, kw_only=True)
class LLMConfig:
    """Plain settings of the LLM backend (built from :class:`~pickwise.config.Settings`)."""

    backend: BackendName = "local"
    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    timeout: float | None = None
    max_retries: int = 1
    temperature: float = 0.0
    local_model_path: str | None = None
    local_context: int = 4096
    local_threads: int | None = None
    home: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMConfig:
        return cls(
            backend=settings.resolved_llm_backend,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key,
            model=settings.llm_model,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
            temperature=settings.llm_temperature,
            local_model_path=settings.local_model_path,
            local_context=settings.local_context,
            local_threads=settings.local_threads,
            home=settings.home,
        )


class ChatBackend:
    """A chat model at an OpenAI-compatible endpoint, with JSON-constrained calls.

    ``chat_model`` is the LangChain ``ChatOpenAI`` for callers that want LangChain's own APIs.
    ``json_mode`` is how structured output is asked for: ``json_object`` with a ``schema``
    (llama-cpp-python's grammar-constrained form) or ``json_schema`` (OpenAI, vLLM, Ollama).
    A ``json_schema`` backend that finds the server rejecting it switches to ``json_object``.
    The local backend starts its server on first use, or on :meth:`start`. With
    ``stream_calls`` (default: the local backend's) every call is streamed and the stream is
    closed at the ``timeout`` deadline, so that the server stops generating an answer nobody
    waits for.
    """

    def __init__(
        self,
        name: Literal["local", "openai"],
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        server: LocalServer | None = None,
        timeout: float = 30.0,
        max_retries: int = 1,
        temperature: float = 0.0,
        json_mode: JsonMode | None = None,
        stream_calls: bool | None = None,
    ) -> None:
        if base_url is None and server is None:
            raise ValueError("a ChatBackend needs a base_url or a LocalServer")
        self.name = name
        self.model = model
        self.server = server
        self.timeout = timeout
        self.max_retries = max_retries
        self.health = LLMHealth()
        self.temperature = temperature
        self.json_mode: JsonMode = json_mode or (
            "json_object" if name == "local" else "json_schema"
        )
        self._base_url = base_url.rstrip("/") if base_url else None
        self._api_key = api_key or name  # OpenAI-compatible servers without auth accept any key
        self._keyed = bool(api_key)
        self._chat_model: ChatOpenAI | None = None
        self.stream_calls = name == "local" if stream_calls is None else stream_calls

    @property
    def base_url(self) -> str | None:
        """The endpoint, e.g. ``http://127.0.0.1:PORT/v1``; None for a local server not started."""
        return self._base_url

    @property
    def chat_model(self) -> ChatOpenAI:
        """The LangChain chat model (starts the local server if needed)."""
        self.start()
        assert self._chat_model is not None
        return self._chat_model

    def start(self) -> ChatBackend:
        """Start or reuse the local server (a no-op for remote endpoints); returns self."""
        if self.server is not None:
            self._base_url = self.server.ensure_running()
        if self._chat_model is None or self._chat_model.openai_api_base != self._base_url:
            self._chat_model = ChatOpenAI(
                model=self.model,
                base_url=self._base_url,
                api_key=SecretStr(self._api_key),
                timeout=self.timeout,
                max_retries=0,  # retried in _call, never after a timeout
                temperature=self.temperature,
                use_responses_api=False,
            )
        return self

    def structured(
        self,
        messages: list[BaseMessage],
        schema: dict[str, Any],
        name: str,
        max_tokens: int | None = None,
    ) -> dict[str, Any]:
        """One call for a JSON object following ``schema``; only "is an object" is checked here."""
        try:
            content = self._call(messages, self._response_format(schema, name), max_tokens)
        except BackendError as exc:
            content = self._retry_as_json_object(exc, messages, schema, name, max_tokens)
        try:
            data = json.loads(content)
        except ValueError as exc:
            self.health.record("invalid", f"invalid JSON: {_short(content, 80)}")
            raise BackendError(f"{self._where()} returned invalid JSON: {_short(content)}") from exc
        if not isinstance(data, dict):
            self.health.record("invalid", f"JSON that is not an object: {_short(content, 80)}")
            raise BackendError(
                f"{self._where()} returned JSON that is not an object: {_short(content)}"
            )
        return data

    def stream_text(
        self, messages: list[BaseMessage], max_tokens: int | None = None
    ) -> Iterator[str]:
        """The reply as it is generated, in pieces of text (until the ``timeout`` deadline,
        where the stream is closed)."""
        self._check_breaker()
        try:
            for piece in self._pieces(messages, None, max_tokens):
                if piece:
                    yield piece
        except (openai.OpenAIError, ValueError, DeadlinePassed) as exc:
            self.health.record(_outcome(exc), self._reason(exc))
            raise BackendError(f"{self._where()} failed: {self._reason(exc)}") from exc
        self.health.record("ok")

    def text(self, messages: list[BaseMessage], max_tokens: int | None = None) -> str:
        """The whole reply as text."""
        return self._call(messages, None, max_tokens)

    def healthy(self, timeout: float = 2.0) -> bool:
        """True when the endpoint answers ``GET /models``; never raises, never starts a server."""
        return self.problem(timeout) is None

    def readiness(self, timeout: float = 2.0) -> LLMReadiness:
        """``ok`` when the endpoint answers ``GET /models``; ``busy`` when it gives no answer in
        time while its latest call timed out (a server such as llama-cpp-python goes on computing
        an abandoned call and answers nothing else meanwhile); else ``down``."""
        problem = self.problem(timeout)
        if problem is None:
            return "ok"
        return "busy" if problem.startswith(NO_ANSWER) and self.health.busy() else "down"

    def problem(self, timeout: float = 2.0) -> str | None:
        """Why the endpoint does not answer ``GET /models``, with a way to fix it; None when it
        does. Never raises, never starts a server."""
        url = self._base_url or (self.server.find() if self.server else None)
        if url is None:
            return "the local model server is not running (it starts on first use)"
        try:
            reply = httpx.get(
                f"{url}/models",
                headers={"Authorization": f"Bearer {self._api_key}"},
                timeout=timeout,
            )
        except httpx.TimeoutException:
            return f"{NO_ANSWER} {url} within {timeout:g} s"
        except httpx.HTTPError:
            return f"cannot connect to {url} (is the server running? check PICKWISE_LLM_BASE_URL)"
        if reply.status_code == 200:
            return None
        hint = {
            401: " (check PICKWISE_LLM_API_KEY)" if self._keyed else " (set PICKWISE_LLM_API_KEY)",
            403: " (check PICKWISE_LLM_API_KEY)",
            404: " (check PICKWISE_LLM_BASE_URL)",
        }.get(reply.status_code, "")
        return f"GET {url}/models answered HTTP {reply.status_code}{hint}"

    def _retry_as_json_object(
        self,
        error: BackendError,
        messages: list[BaseMessage],
        schema: dict[str, Any],
        name: str,
        max_tokens: int | None,
    ) -> str:
        """Servers that know only ``json_object`` (llama-cpp-python) get it from now on."""
        if self.json_mode != "json_schema" or not _rejects_json_schema(error.__cause__):
            raise error
        self.json_mode = "json_object"
        try:
            return self._call(messages, self._response_format(schema, name), max_tokens)
        except BackendError:
            self.json_mode = "json_schema"
        raise error

    def _response_format(self, schema: dict[str, Any], name: str) -> dict[str, Any]:
        if self.json_mode == "json_object":
            return {"type": "json_object", "schema": schema}
        return {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": schema, "strict": True},
        }

    def _bound(
        self, max_tokens: int | None, response_format: dict[str, Any] | None = None
    ) -> Runnable[Any, Any]:
        kwargs: dict[str, Any] = {}
        if response_format is not None:
            kwargs["response_format"] = response_format
        if max_tokens is not None and self.json_mode == "json_object":
            # ChatOpenAI sends max_completion_tokens, which llama-cpp-python silently ignores
            kwargs["extra_body"] = {"max_tokens": max_tokens}
        elif max_tokens is not None:
            kwargs["max_tokens"] = max_tokens
        return self.chat_model.bind(**kwargs) if kwargs else self.chat_model

    def _pieces(
        self,
        messages: list[BaseMessage],
        response_format: dict[str, Any] | None,
        max_tokens: int | None,
    ) -> Iterator[str]:
        """A streamed call's text as it comes, closed at the ``timeout`` deadline with a
        :class:`DeadlinePassed` (a timeout, as a plain call's). Closing the stream closes its
        connection, which is what makes llama-cpp-python's server stop generating."""
        kwargs: dict[str, Any] = {}
        if response_format is not None:
            # in the body: ChatOpenAI streams a response_format through the SDK's beta parser
            kwargs["extra_body"] = {"response_format": response_format}
        if max_tokens is not None and self.json_mode == "json_object":
            # ChatOpenAI sends max_completion_tokens, which llama-cpp-python silently ignores
            kwargs["extra_body"] = {**kwargs.get("extra_body", {}), "max_tokens": max_tokens}
        elif max_tokens is not None:
            kwargs["max_tokens"] = max_tokens
        deadline = time.monotonic() + self.timeout
        stream = self.chat_model.bind(**kwargs).stream(messages)
        chunks = cast("Generator[BaseMessage, None, None]", stream)
        try:
            for chunk in chunks:
                yield _text(chunk.content)
                if time.monotonic() > deadline:
                    raise DeadlinePassed(f"no answer within {self.timeout:g} s")
        finally:
            chunks.close()  # at once, not when garbage collected: the server stops now

    def _call(
        self,
        messages: list[BaseMessage],
        response_format: dict[str, Any] | None,
        max_tokens: int | None,
    ) -> str:
        runnable = self._bound(max_tokens, response_format)
        attempt = 0
        while True:
            self._check_breaker()
            try:
                if self.stream_calls:
                    return self._record_ok(
                        "".join(self._pieces(messages, response_format, max_tokens))
                    )
                reply = runnable.invoke(messages)
            except (openai.OpenAIError, ValueError, DeadlinePassed) as exc:
                self.health.record(_outcome(exc), self._reason(exc))
                if attempt < self.max_retries and _retryable(exc):
                    attempt += 1
                    time.sleep(RETRY_PAUSE)
                    continue
                raise BackendError(f"{self._where()} failed: {self._reason(exc)}") from exc
            return self._record_ok(_text(reply.content))

    def _record_ok(self, content: str) -> str:
        self.health.record("ok")
        return content

    def _check_breaker(self) -> None:
        if self.health.busy():  # before the breaker, whose probe a skip here would not end
            probe = min(BUSY_PROBE, self.timeout)
            problem = self.problem(probe)
            if problem is not None and problem.startswith(NO_ANSWER):
                raise BackendError(
                    f"{self._where()} is still busy with an earlier call that timed out (no "
                    f"answer to GET /models within {probe:g} s); skipped rather than waiting "
                    "behind it"
                )
        skipped = self.health.allow()
        if skipped:
            raise BackendError(f"{self._where()} {skipped}")

    def _where(self) -> str:
        return f"the {self.name} LLM at {self._base_url}"

    def _reason(self, exc: Exception) -> str:
        """A short reason with a way to fix it."""
        if isinstance(exc, openai.APITimeoutError | DeadlinePassed):
            return f"no answer within {self.timeout:g} s (raise PICKWISE_LLM_TIMEOUT)"
        if isinstance(exc, openai.APIConnectionError):
            return "cannot connect (is the server running? check PICKWISE_LLM_BASE_URL)"
        if isinstance(exc, openai.APIStatusError):
            hint = {
                401: " (check PICKWISE_LLM_API_KEY)",
                403: " (check PICKWISE_LLM_API_KEY)",
                404: " (check PICKWISE_LLM_MODEL and PICKWISE_LLM_BASE_URL)",
            }.get(exc.status_code, "")
            return f"HTTP {exc.status_code}: {_short(_error_message(exc))}{hint}"
        return _short(str(exc)) or type(exc).__name__


def make_backend(config: LLMConfig, start: bool = True) -> ChatBackend | None:
    """The configured backend, or None for ``none``; ``start`` starts the local server now."""
    timeout = config.timeout or DEFAULT_TIMEOUT.get(config.backend, DEFAULT_TIMEOUT["openai"])
    common: dict[str, Any] = {
        "timeout": timeout,
        "max_retries": config.max_retries,
        "temperature": config.temperature,
    }
    if config.backend == "none":
        return None
    if config.backend == "local":
        server = LocalServer(
            config.home, config.local_model_path, config.local_context, config.local_threads
        )
        backend = ChatBackend(
            "local", model=LOCAL_MODEL_NAME, server=server, api_key="local", **common
        )
        return backend.start() if start else backend
    if not (config.base_url or config.api_key):
        raise ConfigError(
            "the openai backend needs an endpoint: set PICKWISE_LLM_BASE_URL to an "
            "OpenAI-compatible server (vLLM, Ollama, `pickwise llm serve`...) or "
            "PICKWISE_LLM_API_KEY to use OpenAI; or set PICKWISE_LLM_BACKEND=local or none."
        )
    return ChatBackend(
        "openai",
        model=config.model or OPENAI_DEFAULT_MODEL,
        base_url=config.base_url or OPENAI_DEFAULT_URL,
        api_key=config.api_key,
        **common,
    )


def _outcome(exc: Exception) -> Outcome:
    return "timeout" if isinstance(exc, openai.APITimeoutError | DeadlinePassed) else "error"


def _retryable(exc: Exception) -> bool:
    """A refused connection or a server that says "try again"; never a timeout."""
    if isinstance(exc, openai.APITimeoutError | DeadlinePassed):
        return False
    if isinstance(exc, openai.APIConnectionError):
        return True
    return isinstance(exc, openai.APIStatusError) and (
        exc.status_code in (408, 409, 429) or exc.status_code >= 500
    )


def _rejects_json_schema(exc: BaseException | None) -> bool:
    """True for a server refusing a json_schema ``response_format`` (llama-cpp-python: 500)."""
    return (
        isinstance(exc, openai.APIStatusError)
        and exc.status_code in (400, 422, 500)
        and "json_schema" in _error_message(exc)
    )


def _error_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message)
    return exc.message


def _text(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    return "".join(
        part if isinstance(part, str) else str(part.get("text", ""))
        for part in content
        if isinstance(part, str) or part.get("type") == "text"
    )


def _short(text: str, limit: int = 200) -> str:
    line = " ".join(text.strip().split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
