"""Fault tests: backends that fail and processes killed mid-write."""

from __future__ import annotations

from tests.agent.conftest import demo_home

__all__ = ["demo_home"]
