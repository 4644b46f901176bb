"""Data that ships with pickwise: the demo film catalog (written for this project)."""

from __future__ import annotations

import contextlib
import hashlib
import json
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    return not len(catalog) or _record(catalog).get("sha256") != _digest()


def load_demo(catalog: Catalog) -> IngestReport | None:
    """Load the bundled demo films into ``catalog`` (a home's demo catalog) when it is empty, and
    bring it up to date when the bundled file has changed since (a release that adds, corrects or
    drops films) and the user has not changed the catalog: it holds exactly the films last loaded
    from the bundled file. A catalog with films added, edited or removed is left as it is. Returns
    the ingest's report, or None when nothing was loaded."""
    if not demo_needs_loading(catalog):
        return None
    path = demo_catalog_path()
    record = _record(catalog)
    stored = {item.id: item.content_hash() for item in catalog.items()} if len(catalog) else {}
    report = None
    if not stored:
        report = catalog.ingest(path)
    elif stored == (record["items"] if "items" in record else _bundled(path, stored)):
        report = catalog.ingest(path, replace=True)
    if report is not None:
        stored = {item.id: item.content_hash() for item in catalog.items()}
    else:
        stored = record.get("items", {})  # changed by the user: never updated
    with contextlib.suppress(OSError):  # a read-only home checks again next time
        _record_path(catalog).parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"sha256": _digest(), "items": stored}, sort_keys=True)
        _record_path(catalog).write_text(text, encoding="utf-8")
    return report


def _bundled(path: Path, stored: dict[str, str]) -> dict[str, str]:
    """What a home loaded before records were kept must be: the stored films, each as unedited
    as in the bundled file (an older demo had fewer films and no corrections since)."""
    from pickwise.retrieval.loaders import load_items

    bundled = {item.id: item.content_hash() for item in load_items(path).items}
    return {i: bundled[i] for i in stored if i in bundled}


def _digest() -> str:
    return hashlib.sha256(demo_catalog_path().read_bytes()).hexdigest()


def _record_path(catalog: Catalog) -> Path:
    """What the home last loaded of the bundled file: its checksum and each film's content hash."""
    return catalog.home / f"{catalog.name}.demo.json"


def _record(catalog: Catalog) -> dict[str, Any]:
    try:
        record = json.loads(_record_path(catalog).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
