"""Property tests of the catalog loaders: whatever a file holds (bytes, JSON, CSV cells), loading
it gives valid items or a CatalogError (RowError for one row), never another exception."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pickwise.errors import CatalogError
from pickwise.retrieval.items import CatalogSpec
from pickwise.retrieval.loaders import OnError, load_items

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".jsonl", ".json", ".csv", ".parquet"]
ON_ERROR = st.sampled_from(["fail", "skip"])
KEYS = st.one_of(
    st.sampled_from(["id", "title", "description", "year", "genres", "runtime", "language"]),
    st.text(max_size=8),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
RECORDS = st.lists(st.dictionaries(KEYS, JSON, max_size=7), max_size=8)
SPECS = st.one_of(
    st.just(CatalogSpec()),
    st.builds(
        CatalogSpec,
        id=st.sampled_from([None, "id", "nope"]),
        title=st.sampled_from([None, "title", "year"]),
        text=st.sampled_from([None, [], ["description"], ["genres"]]),
        metadata=st.sampled_from(
            [None, {"year": "number"}, {"genres": "list", "title": "category"}]
        ),
        list_separator=st.sampled_from(["|", ",", ";"]),
    ),
)


@contextmanager
def file_with(content: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"catalog{suffix}"
        path.write_bytes(content)
        yield path


def load_or_clear_error(path: Path, spec: CatalogSpec, on_error: OnError) -> None:
    try:
        result = load_items(path, spec, on_error=on_error)
    except CatalogError as exc:
        assert str(exc)  # a message that says what is wrong
        return
    ids = [item.id for item in result.items]
    assert result.items and len(set(ids)) == len(ids)
    assert all(item.id and item.title for item in result.items)
    assert on_error == "skip" or not result.rejected


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(SUFFIXES), ON_ERROR)
def test_any_bytes(content: bytes, suffix: str, on_error: OnError) -> None:
    with file_with(content, suffix) as path:
        load_or_clear_error(path, CatalogSpec(), on_error)


@FUZZ
@given(RECORDS, st.booleans(), SPECS, ON_ERROR)
def test_any_json_records(
    records: list[dict[str, Any]], as_lines: bool, spec: CatalogSpec, on_error: OnError
) -> None:
    if as_lines:
        content, suffix = "\n".join(json.dumps(r) for r in records), ".jsonl"
    else:
        content, suffix = json.dumps(records), ".json"
    with file_with(content.encode(), suffix) as path:
        load_or_clear_error(path, spec, on_error)


@FUZZ
@given(JSON, ON_ERROR)
def test_any_json_document(document: Any, on_error: OnError) -> None:
    with file_with(json.dumps(document).encode(), ".json") as path:
        load_or_clear_error(path, CatalogSpec(), on_error)


@FUZZ
@given(
    st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=8),
    st.lists(KEYS, min_size=1, max_size=6),
    SPECS,
    ON_ERROR,
)
def test_any_csv_cells(
    rows: list[list[str]], header: list[str], spec: CatalogSpec, on_error: OnError
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    with file_with(out.getvalue().encode(), ".csv") as path:
        load_or_clear_error(path, spec, on_error)
