"""Prompt files, loaded from this package and rendered strictly (a missing variable fails)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
import yaml

__all__ = ["Prompt", "load_prompt"]

_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # plain-text prompts, not HTML
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)


class Prompt:
    """A chat prompt: a system template and a user template."""

    def __init__(self, name: str, system: str, user: str) -> None:
        self.name = name
        self._system = _ENV.from_string(system)
        self._user = _ENV.from_string(user)

    def render(self, **variables: Any) -> tuple[str, str]:
        """``(system, user)`` texts; raises ``jinja2.UndefinedError`` on a missing variable."""
        return self._system.render(**variables).strip(), self._user.render(**variables).strip()


@cache
def load_prompt(name: str) -> Prompt:
    """Load ``prompts/NAME.yaml`` (keys ``system`` and ``user``)."""
    data = yaml.safe_load(files(__package__).joinpath(f"{name}.yaml").read_text("utf-8"))
    return Prompt(name, data["system"], data["user"])
