"""Data that ships with pickwise: the demo film catalog (written for this project)."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["DEMO_CATALOG_NAME", "demo_catalog_path"]

DEMO_CATALOG_NAME = "demo"


def demo_catalog_path() -> Path:
    """Path of the bundled demo catalog (JSONL, one film per line)."""
    resource = files(__package__).joinpath("demo_films.jsonl")
    with as_file(resource) as path:
        return Path(path)
