"""Shared pieces of the CLI: settings from the environment plus global flags."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import typer

from pickwise.config import Settings

__all__ = ["emit_json", "settings", "state"]


@dataclass
class _State:
    overrides: dict[str, Any] = field(default_factory=dict)


state = _State()


def settings() -> Settings:
    return Settings(**state.overrides)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
