"""Shared pieces of the CLI: settings from the environment plus global flags."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import typer
from pydantic import ValidationError

from pickwise.config import Settings
from pickwise.errors import ConfigError
from pickwise.text import plural

__all__ = ["LLM_BACKENDS", "counted", "emit_json", "settings", "state", "with_backend"]


#: The names ``--backend`` (and PICKWISE_LLM_BACKEND) takes.
LLM_BACKENDS = ("local", "openai", "none")


@dataclass
class _State:
    overrides: dict[str, Any] = field(default_factory=dict)


state = _State()


def settings() -> Settings:
    """Settings from the environment, `.env` and the global flags; errors name the variable."""
    try:
        return Settings(**state.overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"PICKWISE_{str(e['loc'][0]).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"invalid setting(s): {problems}. Fix the environment or .env.") from exc


def with_backend(s: Settings, backend: str | None) -> Settings:
    """``s`` with the ``--backend`` flag's choice, checked (``model_copy`` checks nothing: an
    unknown name went on as "Starting the foo LLM...", then failed as the openai backend)."""
    if backend is None:
        return s
    if backend not in LLM_BACKENDS:
        raise ConfigError(
            f"--backend must be one of {', '.join(LLM_BACKENDS)}, not '{backend}' "
            "(PICKWISE_LLM_BACKEND takes the same names)."
        )
    return s.model_copy(update={"llm_backend": backend})


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, singular for one: "1 item", "2 items", "0 conversations"."""
    return f"{n} {noun if n == 1 else plural(noun)}"


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
