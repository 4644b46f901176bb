"""Catalog items and the declared mapping from a file's fields to them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from pickwise.errors import CatalogError

__all__ = [
    "ID_FIELDS",
    "ROLES",
    "TEXT_FIELDS",
    "TITLE_FIELDS",
    "CatalogSpec",
    "FieldKind",
    "Item",
    "MetadataValue",
    "role_name",
    "words_pattern",
]

FieldKind = Literal["number", "category", "list"]
MetadataValue = float | int | str | tuple[str, ...]

#: Field names tried, in order, when a spec does not name the id / title / text fields.
ID_FIELDS = ("id", "item_id", "itemId", "movieId", "movie_id", "product_id", "sku", "asin")
TITLE_FIELDS = ("title", "name", "item_name", "movie_title", "product_name")
TEXT_FIELDS = ("description", "synopsis", "plot", "overview", "summary", "text", "content")

#: The roles a spec can give fields (``roles: {length: duration_min, people: [creators]}``), each
#: with the field name the chat would guess it by, which the field is then read as, and the kind
#: it must be (None: a list or category field).
ROLES: dict[str, tuple[str, FieldKind | None]] = {
    "length": ("runtime", "number"),  # minutes: "under 30 minutes", "how long is it?"
    "year": ("year", "number"),
    "people": ("creator", None),  # who made it: "by ..."
    "cast": ("cast", None),  # who is in it: "with ..."
    "genres": ("genres", None),
    "price": ("price", "number"),
    "pages": ("pages", "number"),  # a length that is no time
    "country": ("country", None),
    "language": ("language", None),
    "min_players": ("min_players", "number"),  # a group size: "for 4 players"
    "max_players": ("max_players", "number"),
}


def role_name(name: str, roles: Mapping[str, str] | None = None) -> str:
    """The name a field is read by, lower-cased: the guessed name of the role ``roles`` gives it
    (field -> role, from a spec's ``roles:``; ``duration_min`` -> ``runtime``), else its own."""
    role = roles.get(name) if roles else None
    return ROLES[role][0] if role in ROLES else name.lower()


def words_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern for any of ``words`` at the start of a word, case aside; a plural finds its
    singular too ("zombies" finds "zombie"). None for no words."""
    stems = set()
    for word in words:
        word = word.strip().lower()
        stems.add(word[:-1] if len(word) > 4 and word.endswith("s") else word)
    stems.discard("")
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(stems))) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """One catalog item: id, title, free text and typed metadata.

    Metadata values are numbers, category strings or tuples of strings (lists such as genres).
    """

    id: str
    title: str
    text: str = ""
    metadata: Mapping[str, MetadataValue] = field(default_factory=dict, hash=False)

    def values(self, name: str) -> tuple[MetadataValue, ...]:
        """A metadata field as a tuple of values: a list field's values, a single value, or ()."""
        value = self.metadata.get(name)
        if isinstance(value, tuple):
            return value
        return () if value is None else (value,)

    def says(self, word: str) -> bool:
        """Whether the title or description has the word (:func:`words_pattern`)."""
        return self.says_any(words_pattern([word]))

    def says_any(self, pattern: re.Pattern[str] | None) -> bool:
        """Whether the title or description has a word of a :func:`words_pattern`."""
        return pattern is not None and pattern.search(f"{self.title} {self.text}") is not None

    @property
    def shown_year(self) -> str:
        """The year to show beside the title (``"1999"``), or ``""`` when there is none or the
        title already ends with it ("It (2017)")."""
        year = self.metadata.get("year")
        if not isinstance(year, int | float) or isinstance(year, bool):
            return ""
        text = str(int(year)) if float(year).is_integer() else str(year)
        return "" if self.title.rstrip().endswith(f"({text})") else text

    def heading(self) -> str:
        """The title with its year: ``Arrival (2016)``."""
        return f"{self.title} ({self.shown_year})" if self.shown_year else self.title

    def document(self) -> str:
        """The text that is embedded: title, categorical facts and the description."""
        lines = [self.title]
        for name, value in self.metadata.items():
            if isinstance(value, tuple) and value:
                lines.append(f"{name.replace('_', ' ').capitalize()}: {', '.join(value)}")
            elif isinstance(value, str) and value:
                lines.append(f"{name.replace('_', ' ').capitalize()}: {value}")
        if self.text:
            lines.append(self.text)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form; lists become JSON arrays."""
        meta = {k: list(v) if isinstance(v, tuple) else v for k, v in self.metadata.items()}
        return {"id": self.id, "title": self.title, "text": self.text, "metadata": meta}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        meta = {
            k: tuple(v) if isinstance(v, list) else v for k, v in dict(data["metadata"]).items()
        }
        return cls(id=data["id"], title=data["title"], text=data.get("text", ""), metadata=meta)

    def content_hash(self) -> str:
        """Hash of everything stored for the item; equal hashes mean nothing changed."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:32]

    def document_hash(self, model: str) -> str:
        """Hash of the embedded text and model; equal hashes mean the embedding can be reused."""
        return hashlib.sha256(f"{model}\x00{self.document()}".encode()).hexdigest()[:32]


class CatalogSpec(BaseModel):
    """How a file's fields map onto items. Anything left out is auto-detected.

    A spec file (YAML or JSON) looks like::

        id: movieId
        title: title
        text: [synopsis]
        metadata: {year: number, genres: list, language: category}
        list_separator: "|"
        roles: {length: duration_min, people: [creators], year: published}
    """

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    title: str | None = None
    text: list[str] | None = None
    metadata: dict[str, FieldKind] | None = None
    list_separator: str = "|"
    #: Also take fields the spec does not declare as metadata, with inferred kinds.
    auto_metadata: bool = True
    #: Which field plays which of the :data:`ROLES` (one field, or a list of them), where the
    #: field's name is not the one the chat guesses the role by.
    roles: dict[str, str | list[str]] | None = None
    #: Who named the id/title/text/metadata fields, for errors ("--id-field"); "the spec" else.
    _named_by: dict[str, str] = PrivateAttr(default_factory=dict)

    def named_by(self, **who: str) -> CatalogSpec:
        """This spec, saying who named which fields in errors: ``named_by(id="--id-field")``."""
        self._named_by.update(who)
        return self

    @classmethod
    def from_file(cls, path: str | Path) -> CatalogSpec:
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise CatalogError(f"cannot read catalog spec {path}: {exc}") from exc
        if isinstance(data.get("text"), str):
            data["text"] = [data["text"]]
        try:
            spec = cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors()
            )
            raise CatalogError(
                f"catalog spec {path} is invalid: {problems}. Allowed keys: id, title, text, "
                "metadata (field: number|category|list), list_separator, auto_metadata, roles "
                "(role: field)."
            ) from exc
        label = f"the spec {path}"
        return spec.named_by(id=label, title=label, text=label, metadata=label)

    def resolve(
        self,
        columns: Sequence[str],
        sample: Sequence[Mapping[str, Any]],
        rows: Sequence[int] | None = None,
        stored: Mapping[str, FieldKind] | None = None,
    ) -> ResolvedSpec:
        """Pick the id/title/text fields and metadata kinds for a file with these columns.

        ``sample`` holds the records kinds are inferred from, ``rows`` their row numbers (for the
        warnings that name the row that decided a field's kind). ``stored`` holds the kinds of
        the catalog the file is added to: a field it has keeps its kind unless the spec declares
        another (a value that does not fit is a bad row), so adding a file never changes them.
        """
        cols = list(columns)
        id_field = self.id or _first(ID_FIELDS, cols)
        title_field = self.title or _first(TITLE_FIELDS, cols)
        if id_field is None or title_field is None:
            missing = "id" if id_field is None else "title"
            raise CatalogError(
                f"cannot find the {missing} field among the columns {cols}; name it with "
                f"--{missing}-field NAME or '{missing}: NAME' in a --spec file."
            )
        text_fields = self.text if self.text is not None else [f for f in TEXT_FIELDS if f in cols]
        roles = [
            ("id", id_field),
            ("title", title_field),
            *(("text", f) for f in text_fields),
            *(("metadata", f) for f in self.metadata or {}),
        ]
        for role, name in roles:
            if name not in cols:
                raise CatalogError(
                    f"{self._named_by.get(role, 'the spec')} names field '{name}', which the "
                    f"file does not have; its fields are {cols}."
                )
        kinds: dict[str, FieldKind] = dict(self.metadata or {})
        inferred: list[str] = []
        warnings: list[str] = []
        kept: list[str] = []
        if self.auto_metadata:
            taken = {id_field, title_field, *text_fields, *kinds}
            numbers = list(rows) if rows is not None else list(range(1, len(sample) + 1))
            for name in cols:
                if name in taken:
                    continue
                if stored and name in stored:
                    kinds[name] = stored[name]
                    kept.append(name)
                else:
                    kind, warning = infer_kind(name, sample, self.list_separator, numbers)
                    if kind is not None:
                        kinds[name] = kind
                        inferred.append(name)
                    if warning:
                        warnings.append(warning)
        return ResolvedSpec(
            id_field,
            title_field,
            tuple(text_fields),
            kinds,
            self.list_separator,
            tuple(warnings),
            frozenset(inferred),
            self._roles(kinds),
            frozenset(kept),
        )

    def _roles(self, kinds: Mapping[str, FieldKind]) -> dict[str, str]:
        """The declared roles as field -> role, checked against :data:`ROLES` and the
        metadata fields and their kinds."""
        out: dict[str, str] = {}
        where = self._named_by.get("metadata", "the spec")
        for role, named in (self.roles or {}).items():
            if role not in ROLES:
                raise CatalogError(
                    f"{where} gives the unknown role '{role}'; the roles are "
                    f"{', '.join(ROLES)} (as in 'roles: {{length: duration_min}}')."
                )
            for name in [named] if isinstance(named, str) else named:
                kind, wanted = kinds.get(name), ROLES[role][1]
                if kind is None:
                    raise CatalogError(
                        f"{where} gives role '{role}' to field '{name}', which is no metadata "
                        f"field of the file; its metadata fields are {sorted(kinds)}. Name one "
                        "of them, or declare the field under 'metadata:'."
                    )
                if (wanted or "text") != ("text" if kind in ("list", "category") else kind):
                    raise CatalogError(
                        f"{where} gives role '{role}' to field '{name}', a {kind} field; the "
                        f"role needs a {wanted or 'list or category'} field (declare "
                        f"'{name}: {wanted or 'list'}' under 'metadata:')."
                    )
                if name in out:
                    raise CatalogError(
                        f"{where} gives field '{name}' two roles ('{out[name]}' and '{role}'); "
                        "a field plays one role."
                    )
                out[name] = role
        return out


@dataclass(frozen=True)
class ResolvedSpec:
    """A spec with every field decided, ready to convert rows."""

    id: str
    title: str
    text: tuple[str, ...]
    metadata: Mapping[str, FieldKind]
    list_separator: str = "|"
    #: What inference did not take as it was: a field left out, or read as text, and why.
    warnings: tuple[str, ...] = ()
    #: The metadata fields whose kinds were inferred (not declared).
    inferred: frozenset[str] = frozenset()
    #: Field -> the role a spec gives it (:data:`ROLES`).
    roles: Mapping[str, str] = field(default_factory=dict)
    #: The metadata fields whose kinds are those of the catalog the file is added to.
    stored: frozenset[str] = frozenset()


def _first(candidates: Sequence[str], columns: Sequence[str]) -> str | None:
    lowered = {c.lower(): c for c in columns}
    for name in candidates:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


#: An inferred number field tolerates one value in this many that is not a number (the row is
#: rejected, as for a declared number field); more, and the field is read as text.
NUMBER_TOLERANCE = 20


def infer_kind(
    name: str, sample: Sequence[Mapping[str, Any]], sep: str, rows: Sequence[int]
) -> tuple[FieldKind | None, str | None]:
    """The kind of an undeclared field from its values (JSON booleans count as the text
    "true"/"false", as a CSV file writes them), and a warning when the values did not all fit:
    the field was left out, read as text although most values are numbers, or read as numbers
    with a few rows that will be rejected."""
    present = [(n, row.get(name)) for n, row in zip(rows, sample, strict=False)]
    present = [(n, v) for n, v in present if v not in (None, "")]
    if not present:
        return None, None
    for n, v in present:
        if isinstance(v, dict) or (
            isinstance(v, list | tuple) and any(isinstance(e, dict | list | tuple) for e in v)
        ):
            return None, (
                f"field '{name}' was left out: row {n} holds {_show(v)}, and metadata values are "
                "numbers, text or lists of text; flatten it into fields of its own."
            )
        if not isinstance(v, str | int | float | list | tuple):
            return None, f"field '{name}' was left out: row {n} holds {_show(v)}."
    values = [v for _, v in present]
    if any(isinstance(v, list | tuple) for v in values):
        return "list", None  # lists, and strings split on the separator as CSV lists are
    if all(_is_number(v) for v in values):
        return "number", None
    numeric = [v for v in values if _is_number(v)]
    odd = [(n, v) for n, v in present if not _is_number(v)]
    n, v = odd[0]
    if numeric and len(odd) * NUMBER_TOLERANCE <= len(values):
        rows_named = ", ".join(str(r) for r, _ in odd[:5]) + (" ..." if len(odd) > 5 else "")
        return "number", (
            f"field '{name}' was read as numbers ({len(numeric)} of {len(values)} rows hold one); "
            f"row(s) {rows_named} ({_show(v)}) are rejected; fix them, or declare "
            f"'{name}: category' in a spec to keep the field as text."
        )
    strings = [str(x).lower() if isinstance(x, bool) else str(x) for x in values]
    if any(sep in s for s in strings):
        return "list", None
    if sum(len(s) for s in strings) / len(strings) > 80:
        return None, (
            f"field '{name}' was left out: long free text is not a filterable fact; to embed it, "
            "list it among the text fields ('text:' in a spec, or one --text-field each)."
        )
    if len(numeric) * 2 >= len(values):
        return "category", (
            f"field '{name}' was read as text because row {n} has {_show(v)}; declare "
            f"'{name}: number' in a spec to reject such rows and keep it a number field."
        )
    return "category", None


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return False
        return True
    return False
