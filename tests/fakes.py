"""A deterministic fake LLM backend: scripted answers, recorded prompts, scripted failures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from langchain_core.messages import BaseMessage

from pickwise.errors import BackendError

Script = dict[str, Any] | BaseException | Callable[[list[BaseMessage], dict[str, Any]], Any]


class FakeLLM:
    """Answers ``structured`` calls from a script, in order; the last entry repeats.

    An entry is a dict (the JSON answer), an exception (raised; BackendError is what a real
    backend raises) or a function of (messages, schema).
    """

    def __init__(self, *script: Script, name: str = "fake") -> None:
        self.script = list(script)
        self.name = name
        self.calls: list[tuple[list[BaseMessage], dict[str, Any]]] = []

    def _next(self) -> Script:
        if not self.script:
            raise BackendError("fake LLM has no scripted answer")
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def structured(
        self,
        messages: list[BaseMessage],
        schema: dict[str, Any],
        name: str,
        max_tokens: int | None = None,
    ) -> dict[str, Any]:
        self.calls.append((messages, schema))
        entry = self._next()
        if isinstance(entry, BaseException):
            raise entry
        if callable(entry):
            return entry(messages, schema)  # type: ignore[no-any-return]
        return entry

    def stream_text(self, messages: list[BaseMessage]) -> Iterator[str]:
        self.calls.append((messages, {}))
        yield "fake"

    def healthy(self, timeout: float = 2.0) -> bool:
        return True

    @property
    def prompts(self) -> list[str]:
        """The user-side text of every call, for assertions."""
        return [str(m[-1].content) for m, _ in self.calls]


def first_ids(k: int, reason: str = "A fine choice.") -> Callable[..., dict[str, Any]]:
    """An answer that picks the last k candidate ids (the reverse of retrieval order)."""

    def answer(messages: list[BaseMessage], schema: dict[str, Any]) -> dict[str, Any]:
        ids = schema["properties"]["picks"]["items"]["properties"]["id"]["enum"]
        return {"picks": [{"id": i, "reason": reason} for i in list(reversed(ids))[:k]]}

    return answer
