"""Data that ships with pickwise: the demo film catalog (written for this project)."""

from __future__ import annotations

import contextlib
import hashlib
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pickwise.retrieval import Catalog, IngestReport

__all__ = ["DEMO_CATALOG_NAME", "demo_catalog_path", "demo_needs_loading", "load_demo"]

DEMO_CATALOG_NAME = "demo"


def demo_catalog_path() -> Path:
    """Path of the bundled demo catalog (JSONL, one film per line)."""
    resource = files(__package__).joinpath("demo_films.jsonl")
    with as_file(resource) as path:
        return Path(path)


def demo_needs_loading(catalog: Catalog) -> bool:
    """Whether :func:`load_demo` has work to do: the catalog is empty, or the bundled file has
    changed (a newer release) since it last looked at this home."""
    return not len(catalog) or _stamp(catalog) != _digest()


def load_demo(catalog: Catalog) -> IngestReport | None:
    """Load the bundled demo films into ``catalog`` (a home's demo catalog) when it is empty, and
    bring an earlier copy up to date when the bundled file has changed since: a release with more
    films gives them to homes that loaded an older demo. Only a catalog that holds nothing but
    unedited films of the bundled file is updated; one with films of its own, or edited ones, is
    left as it is. Returns the ingest's report, or None when nothing was loaded."""
    if not demo_needs_loading(catalog):
        return None
    from pickwise.retrieval.loaders import load_items

    path = demo_catalog_path()
    report = None
    if not len(catalog):
        report = catalog.ingest(path)
    else:
        bundled = {item.id: item.content_hash() for item in load_items(path).items}
        if all(bundled.get(item.id) == item.content_hash() for item in catalog.items()):
            report = catalog.ingest(path)
    with contextlib.suppress(OSError):  # a read-only home checks again next time
        _stamp_path(catalog).parent.mkdir(parents=True, exist_ok=True)
        _stamp_path(catalog).write_text(_digest() + "\n", encoding="utf-8")
    return report


def _digest() -> str:
    return hashlib.sha256(demo_catalog_path().read_bytes()).hexdigest()


def _stamp_path(catalog: Catalog) -> Path:
    """The file that records which bundled demo file this home's catalog was last checked with."""
    return catalog.home / f"{catalog.name}.demo-sha256"


def _stamp(catalog: Catalog) -> str | None:
    try:
        return _stamp_path(catalog).read_text(encoding="utf-8").strip()
    except OSError:
        return None
