"""Read catalog files (JSONL, JSON, CSV, Parquet) into validated :class:`Item` objects.

Every problem names the file, the line or row and the field. ``on_error="fail"`` stops at the first
bad row; ``on_error="skip"`` keeps going and reports the rejected rows.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pickwise.errors import CatalogError, RowError
from pickwise.retrieval.items import CatalogSpec, FieldKind, Item, MetadataValue, ResolvedSpec

__all__ = ["FORMATS", "LoadResult", "OnError", "load_items", "read_rows"]

OnError = Literal["fail", "skip"]
FORMATS = ("jsonl", "json", "csv", "parquet")
_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}

Row = tuple[int, Mapping[str, Any]]


@dataclass
class LoadResult:
    """Items read from a file and the rows that were rejected."""

    items: list[Item]
    rejected: list[RowError] = field(default_factory=list)
    spec: ResolvedSpec | None = None


def detect_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise CatalogError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}.")
        return fmt
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise CatalogError(
            f"cannot tell the format of {path} from its extension; rename it or pass "
            f"--format ({', '.join(FORMATS)})."
        )
    return found


def read_rows(
    path: str | Path,
    fmt: str | None = None,
    on_error: OnError = "fail",
    rejected: list[RowError] | None = None,
) -> Iterator[Row]:
    """Yield ``(row_number, record)`` from a file; rows are numbered as a person would count."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(f"catalog file {path} does not exist or is not a file.")
    if path.stat().st_size == 0:
        raise CatalogError(f"catalog file {path} is empty; it needs at least one item.")
    kind = detect_format(path, fmt)
    reader = {"jsonl": _jsonl, "json": _json, "csv": _csv, "parquet": _parquet}[kind]
    for entry in reader(path):
        if isinstance(entry, RowError):
            if on_error == "fail":
                raise entry
            if rejected is not None:
                rejected.append(entry)
            continue
        yield entry


def load_items(
    path: str | Path,
    spec: CatalogSpec | None = None,
    fmt: str | None = None,
    on_error: OnError = "fail",
    stored: Mapping[str, FieldKind] | None = None,
) -> LoadResult:
    """Read and validate a whole catalog file; rejected rows in file order.

    Every row is read before any is validated, so a failure names the first bad row (a line
    that is not JSON was named before a row above it without an id). ``stored`` holds the field
    kinds of the catalog the file is added to: fields the spec does not declare keep them."""
    spec = spec or CatalogSpec()
    rejected: list[RowError] = []
    rows = list(read_rows(path, fmt, "skip", rejected))
    unreadable = list(rejected)  # the rows read_rows skipped, in file order
    if on_error == "fail" and unreadable and (not rows or unreadable[0].row < rows[0][0]):
        raise unreadable[0]
    if not rows:
        raise CatalogError(f"catalog file {path} has no readable items.")
    columns = list(dict.fromkeys(k for _, rec in rows for k in rec))
    resolved = spec.resolve(columns, [rec for _, rec in rows], [n for n, _ in rows], stored)
    is_csv = detect_format(Path(path), fmt) == "csv"
    items: list[Item] = []
    first_seen: dict[str, int] = {}
    for number, record in rows:
        if on_error == "fail" and unreadable and unreadable[0].row < number:
            raise unreadable[0]
        if is_csv:
            check_one_line(str(path), number, record, resolved)
        try:
            item = to_item(str(path), number, record, resolved)
            if item.id in first_seen:
                raise RowError(
                    str(path),
                    number,
                    f"duplicate id '{item.id}' (first seen at row "
                    f"{first_seen[item.id]}); ids must be unique.",
                    resolved.id,
                )
        except RowError as err:
            if on_error == "fail":
                raise
            err.item_id = err.item_id or _scalar_text(record.get(resolved.id)) or None
            rejected.append(err)
            continue
        first_seen[item.id] = number
        items.append(item)
    if on_error == "fail" and unreadable:
        raise unreadable[0]
    rejected.sort(key=lambda err: err.row)
    if not items:
        raise CatalogError(
            f"no valid items in {path}: all {len(rejected)} rows were rejected; first problem: "
            f"{rejected[0] if rejected else 'none'}"
        )
    return LoadResult(items, rejected, resolved)


def to_item(path: str, number: int, record: Mapping[str, Any], spec: ResolvedSpec) -> Item:
    """Convert one record, or raise a :class:`RowError` that says which field is wrong."""
    item_id = _scalar_text(record.get(spec.id))
    if not item_id:
        raise RowError(path, number, "missing id; every item needs a non-empty id.", spec.id)
    title = _scalar_text(record.get(spec.title))
    if not title:
        raise RowError(path, number, f"item '{item_id}' has no title.", spec.title)
    texts = []
    for name in spec.text:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise RowError(path, number, f"expected text, got {_show(value)}.", name)
        if value:
            texts.append(value.strip())
    metadata: dict[str, MetadataValue] = {}
    for name, kind in spec.metadata.items():
        value = _convert(record.get(name), kind, spec.list_separator)
        if value is _BAD:
            why = f"expected {_KIND_WORDS[kind]}, got {_show(record.get(name))}."
            if name in spec.inferred and kind == "number":
                why += (
                    f" The other rows of '{name}' hold numbers, so it was read as a number field;"
                    f" fix the value, or declare '{name}: category' in a spec to keep it as text."
                )
            elif name in spec.stored:
                declare = f"declare '{name}: category' in a spec, or " if kind == "number" else ""
                why += (
                    f" The catalog stores '{name}' as a {kind} field, and adding a file keeps "
                    f"its kinds; fix the value, or to change the field's kind {declare}ingest "
                    "the whole catalog with --replace."
                )
            raise RowError(path, number, why, name)
        if value is not None:
            metadata[name] = value  # type: ignore[assignment]
    return Item(id=item_id, title=title, text="\n".join(texts), metadata=metadata)


_BAD = object()
_KIND_WORDS = {
    "number": "a number",
    "category": "a single text value",
    "list": "a list or a separated string",
}


def _convert(value: Any, kind: FieldKind, sep: str) -> object:
    if value is None or value == "":
        return None
    if kind == "number":
        if isinstance(value, bool):
            return _BAD
        if isinstance(value, int | float):
            return value if not (isinstance(value, float) and math.isnan(value)) else None
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                return _BAD
            return int(number) if number.is_integer() and "." not in value else number
        return _BAD
    if kind == "category":
        if isinstance(value, str | int | float):
            return _text(value)
        return _BAD
    if isinstance(value, str):
        return tuple(p.strip() for p in value.split(sep) if p.strip())
    if isinstance(value, int | float):
        return (_text(value),)
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int | float) for v in value):
            return tuple(t for t in (_text(v) for v in value) if t)
        return _BAD
    return _BAD


def _text(value: str | int | float) -> str:
    """A scalar as category text: a JSON boolean as "true"/"false", as a CSV file writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _scalar_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return ""


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _jsonl(path: Path) -> Iterator[Row | RowError]:
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield RowError(
                    str(path),
                    number,
                    f"not UTF-8 text ({exc.reason} at byte "
                    f"{exc.start}); convert the file to UTF-8.",
                )
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield RowError(
                    str(path), number, f"not valid JSON: {exc.msg} (column {exc.colno})."
                )
                continue
            if not isinstance(record, dict):
                yield RowError(str(path), number, "expected a JSON object per line.")
                continue
            yield number, record


def _json(path: Path) -> Iterator[Row | RowError]:
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(
            f"{path}, line {exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})."
        ) from exc
    if isinstance(data, dict):
        data = data.get("items", data.get("data"))
    if not isinstance(data, list):
        raise CatalogError(f'{path}: expected a JSON array of objects (or {{"items": [...]}}).')
    for number, record in enumerate(data, start=1):
        if isinstance(record, dict):
            yield number, record
        else:
            yield RowError(str(path), number, "expected a JSON object.")


#: Delimiters a CSV file may use, tried when its header line has no comma.
_DELIMITERS = (";", "\t", "|")


def csv_delimiter(header: str) -> str:
    """The delimiter of a CSV file, read from its header line: a comma unless the header has
    none and has semicolons, tabs or pipes (``id;title;author``)."""
    if "," in header:
        return ","
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv(path: Path) -> Iterator[Row | RowError]:
    text = _read_text(path)
    delimiter = csv_delimiter(text.split("\n", 1)[0])
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        raise CatalogError(f"{path}: no header row; the first line must name the columns.")
    last: tuple[int, int] = (0, 0)  # the first and last line of the last record read
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CatalogError(f"{path}, line {reader.line_num}: malformed CSV: {exc}.") from exc
        last = (start, reader.line_num)
        if None in record:  # more cells than header columns
            width = len(reader.fieldnames)
            cells = len(record[None]) + width
            yield RowError(str(path), start, f"{cells} cells but the header has {width} columns.")
            continue
        yield start, {k: (None if v == "" else v) for k, v in record.items()}
    if last[1] > last[0] and _open_quote(text, last[0], delimiter):
        raise CatalogError(
            f"{path}, row {last[0]}: a quote opened in this row is never closed, so lines "
            f"{last[0]}-{last[1]} (the rest of the file) were read as one row; close the quote, "
            'and double any quote inside a quoted field ("").'
        )


def _open_quote(text: str, line: int, delimiter: str) -> bool:
    """Whether the CSV text from ``line`` (1-based) on ends inside a quoted field."""
    tail = "".join(text.splitlines(keepends=True)[line - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def check_one_line(path: str, number: int, record: Mapping[str, Any], spec: ResolvedSpec) -> None:
    """A CSV row whose id, title or metadata value runs over several lines is an error that
    stops the ingest: a quote left open swallowed the rows after it (only free text fields
    may hold line breaks)."""
    for name in (spec.id, spec.title, *spec.metadata):
        value = record.get(name)
        if isinstance(value, str) and "\n" in value.strip():
            lines = value.count("\n") + 1
            raise CatalogError(
                f"{path}, row {number}, field '{name}': the value runs over {lines} lines "
                f"({_show(value)}), so a quote opened in this row is probably never closed and "
                "the rows after it were read into it; close the quote, and double any quote "
                'inside a quoted field ("").'
            )


def _parquet(path: Path) -> Iterator[Row | RowError]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise CatalogError(f"{path}: not a readable Parquet file: {exc}") from exc
    yield from enumerate(table.to_pylist(), start=1)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(
            f"{path}, line {line}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
            "convert the file to UTF-8, e.g. `iconv -f latin1 -t utf-8 in.csv > out.csv`."
        ) from exc
