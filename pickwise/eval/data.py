"""Dialogue files (ReDial, INSPIRED, pickwise's own log) and the ReDial movie metadata.

Every reader returns :class:`Dialogue` objects whose turn texts name movies by title (ReDial's
``@id`` mentions replaced) and whose turns list the catalog ids they mention.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pickwise.errors import CatalogError
from pickwise.retrieval.items import FieldKind, Item

__all__ = [
    "Dialogue",
    "Turn",
    "imdb_key",
    "metadata_imdb_ids",
    "metadata_items",
    "read_dialogues",
    "read_inspired",
    "read_metadata",
    "read_pickwise",
    "read_redial",
]

Role = Literal["user", "assistant"]
MENTION = re.compile(r"@(\d+)")
YEAR = re.compile(r"\s*\(\d{4}\)\s*$")
NAME_YEAR = re.compile(r"\((\d{4})\)\s*$")
T = TypeVar("T")


@dataclass(frozen=True)
class Turn:
    role: Role
    text: str
    mentioned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dialogue:
    """A past conversation; ``accepted``/``liked`` hold outcome feedback when the log has it.

    ``rejected`` are the items the user turned down (pickwise's thumbs down): learning takes a
    pick shown and rejected as a failure of the request, not a success. ReDial's ``disliked``
    (the seeker's questionnaire) is an opinion of any movie talked about, not a verdict on a
    pick, and its benchmarks count every movie the recommender names as a target: it rejects
    nothing.
    """

    id: str
    turns: tuple[Turn, ...]
    accepted: tuple[str, ...] = ()
    liked: tuple[str, ...] = ()
    disliked: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()

    @property
    def items(self) -> tuple[str, ...]:
        """Every item the conversation talked about, in order of first mention, the rejected
        ones left out."""
        said = [i for t in self.turns for i in t.mentioned]
        items = dict.fromkeys(said + list(self.accepted) + list(self.liked))
        return tuple(i for i in items if i not in self.rejected)

    @property
    def recommended(self) -> tuple[str, ...]:
        """Items the assistant proposed (or the user accepted)."""
        said = [i for t in self.turns if t.role == "assistant" for i in t.mentioned]
        return tuple(dict.fromkeys(said + list(self.accepted)))


def read_metadata(path: str | Path) -> tuple[list[Item], dict[str, FieldKind]]:
    """Movie metadata (ReDial's ``id2info.json``) as catalog items and their field kinds.

    A JSON object ``{id: {...}}``; each entry has ``name`` or ``title`` (``"Title (1999)"``: the
    year is parsed from it, or taken from ``year``) and optionally ``plot``, ``genre``/``genres``,
    ``director`` and ``star``/``cast`` (lists, or strings split on ``|``). Entries without a
    name are skipped.
    """
    return metadata_items(_json(Path(path))), dict(METADATA_KINDS)


#: The field kinds of items read from movie metadata.
METADATA_KINDS: dict[str, FieldKind] = {
    "genres": "list",
    "director": "list",
    "cast": "list",
    "year": "number",
}


def metadata_items(raw: dict[str, Any]) -> list[Item]:
    """Items from the parsed metadata object (see :func:`read_metadata`)."""
    items = []
    for movie_id, info in raw.items():
        if not isinstance(info, dict):
            continue
        name = str(info.get("name") or info.get("title") or "").strip()
        if not name:
            continue
        match = NAME_YEAR.search(name)
        year = info.get("year") or (match.group(1) if match else None)
        fields: dict[str, Any] = {
            "genres": tuple(g.lower() for g in _as_list(info.get("genre") or info.get("genres"))),
            "director": _as_list(info.get("director")),
            "cast": _as_list(info.get("star") or info.get("cast")),
        }
        if year is not None and str(year).isdigit():
            fields["year"] = int(year)
        items.append(Item(str(movie_id), name, str(info.get("plot") or ""), fields))
    return items


def imdb_key(value: str) -> str:
    """An IMDb id in one spelling: ``tt`` and seven digits or more (``114709`` -> ``tt0114709``)."""
    digits = value.strip().lower().removeprefix("tt")
    return f"tt{int(digits):07d}" if digits.isdigit() else ""


def metadata_imdb_ids(path: str | Path) -> dict[str, str]:
    """IMDb id -> item id, from the metadata entries that carry ``imdb_id``."""
    out: dict[str, str] = {}
    for movie_id, info in _json(Path(path)).items():
        key = imdb_key(str(info.get("imdb_id") or "")) if isinstance(info, dict) else ""
        if key:
            out.setdefault(key, str(movie_id))
    return out


def _as_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split("|") if v.strip())
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    return ()


def read_redial(path: str | Path, titles: dict[str, str] | None = None) -> list[Dialogue]:
    """ReDial JSONL: the initiator is the user, the respondent the recommender."""
    titles = titles or {}
    out = []
    for n, (line, record) in enumerate(_jsonl(Path(path))):
        mentions = _field(line, record, "movieMentions", dict)
        names = {k: str(v).strip() for k, v in mentions.items()}
        seeker = record.get("initiatorWorkerId")
        turns = []
        for msg in _messages(line, record):
            text = str(msg.get("text", ""))
            ids = tuple(dict.fromkeys(MENTION.findall(text)))
            text = _titled(text, titles, names)
            role: Role = "user" if msg.get("senderWorkerId") == seeker else "assistant"
            turns.append(Turn(role, " ".join(text.split()), ids))
        answers = _field(line, record, "initiatorQuestions", dict)
        liked = tuple(k for k, v in answers.items() if isinstance(v, dict) and v.get("liked") == 1)
        disliked = tuple(
            k for k, v in answers.items() if isinstance(v, dict) and v.get("liked") == 0
        )
        out.append(
            Dialogue(str(record.get("conversationId", n)), tuple(turns), (), liked, disliked)
        )
    return out


def read_inspired(path: str | Path, titles: dict[str, str]) -> list[Dialogue]:
    """INSPIRED TSV; movies are matched to metadata ids by title (with year, then without)."""
    by_name = {_norm(name): i for i, name in titles.items()}
    by_bare = {_norm(YEAR.sub("", name)): i for i, name in titles.items()}
    dialogues: dict[str, list[Turn]] = {}
    csv.field_size_limit(sys.maxsize)
    with _open(Path(path)) as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        if not reader.fieldnames or "dialog_id" not in reader.fieldnames:
            raise CatalogError(f"{path}: not an INSPIRED TSV (no dialog_id column).")
        for row in reader:
            ids = []
            for title in (row.get("movies") or "").split(";"):
                key = _norm(title)
                if key:
                    found = by_name.get(key) or by_bare.get(_norm(YEAR.sub("", title)))
                    if found:
                        ids.append(found)
            role: Role = "assistant" if row.get("speaker") == "RECOMMENDER" else "user"
            text = (row.get("text") or "").replace("QUOTATION_MARK", '"')
            turn = Turn(role, " ".join(text.split()), tuple(dict.fromkeys(ids)))
            dialogues.setdefault(row["dialog_id"], []).append(turn)
    return [Dialogue(k, tuple(v)) for k, v in dialogues.items()]


def read_pickwise(path: str | Path) -> list[Dialogue]:
    """pickwise's conversation log: one JSON object per line (see docs/EVALUATION.md)."""
    out = []
    for n, (line, record) in enumerate(_jsonl(Path(path))):
        turns = []
        for m, msg in enumerate(_messages(line, record), 1):
            role: Role = "assistant" if msg.get("role") == "assistant" else "user"
            ids = _ids(line.at(f"messages[{m}]"), msg, "mentioned")
            turns.append(Turn(role, str(msg.get("text", "")), ids))
        # conversation-level mentions belong to the assistant's side; those a message already
        # lists are not counted twice (pickwise's exported log lists both)
        said = {i for t in turns for i in t.mentioned}
        mentioned = tuple(i for i in _ids(line, record, "mentioned") if i not in said)
        if mentioned and turns:
            turns.append(Turn("assistant", "", mentioned))
        disliked = _ids(line, record, "disliked")
        out.append(
            Dialogue(
                str(record.get("id", n)),
                tuple(turns),
                _ids(line, record, "accepted"),
                _ids(line, record, "liked"),
                disliked,
                disliked,  # a thumbs down: a pick turned down
            )
        )
    return out


def read_dialogues(
    path: str | Path, fmt: str, titles: dict[str, str] | None = None
) -> list[Dialogue]:
    """Read ``path`` in format ``redial``, ``inspired`` or ``pickwise``."""
    if fmt == "redial":
        return read_redial(path, titles)
    if fmt == "inspired":
        return read_inspired(path, titles or {})
    if fmt == "pickwise":
        return read_pickwise(path)
    raise CatalogError(f"unknown dialogue format '{fmt}'; use redial, inspired or pickwise.")


def _titled(text: str, titles: dict[str, str], names: dict[str, str]) -> str:
    """``@123`` becomes the movie's title (metadata first, then the dialogue's own names)."""
    return MENTION.sub(lambda m: titles.get(m.group(1)) or names.get(m.group(1), ""), text)


@dataclass(frozen=True)
class _Line:
    """Where a dialogue file's value is: the file, the line and, inside it, the field."""

    path: Path
    number: int
    inside: str = ""

    def at(self, inside: str) -> _Line:
        return _Line(self.path, self.number, inside)

    def error(self, key: str, problem: str) -> CatalogError:
        field = f"{self.inside}.{key}" if self.inside else key
        return CatalogError(
            f"{self.path}, line {self.number}, field '{field}': {problem}; each line is one "
            "conversation, a JSON object (the formats: docs/EVALUATION.md)."
        )


def _field(line: _Line, record: dict[str, Any], key: str, kind: type[T]) -> T:
    """``record[key]``, of JSON type ``kind`` (absent, null or empty: an empty one)."""
    value = record.get(key)
    if value is None or (isinstance(value, dict | list) and not value):  # ReDial: [] for {}
        return kind()
    if not isinstance(value, kind):
        raise line.error(key, f"expected {_JSON_KINDS[kind]}, got {_kind_of(value)}")
    return value


def _messages(line: _Line, record: dict[str, Any]) -> list[dict[str, Any]]:
    messages = _field(line, record, "messages", list)
    for m, msg in enumerate(messages, 1):
        if not isinstance(msg, dict):
            raise line.error(f"messages[{m}]", f"expected an object, got {_kind_of(msg)}")
    return messages


def _ids(line: _Line, record: dict[str, Any], key: str) -> tuple[str, ...]:
    """The item ids of ``record[key]``: an array of strings or numbers."""
    values = _field(line, record, key, list)
    for value in values:
        if isinstance(value, dict | list) or value is None:
            raise line.error(key, f"expected item ids (strings), got {_kind_of(value)} among them")
    return tuple(str(v) for v in values)


_JSON_KINDS: dict[type, str] = {dict: "an object", list: "an array", str: "a string"}


def _kind_of(value: Any) -> str:
    """A JSON value's type in words, with the value if it is short."""
    if value is None:
        return "null"
    kind = next((w for t, w in _JSON_KINDS.items() if isinstance(value, t)), "")
    if not kind:
        kind = "true/false" if isinstance(value, bool) else "a number"
    shown = json.dumps(value, ensure_ascii=False)
    return f"{kind} ({shown})" if len(shown) <= 30 else kind


def _norm(title: str) -> str:
    return " ".join(title.lower().split())


def _open(path: Path) -> Any:
    if not path.is_file():
        raise CatalogError(f"{path} does not exist; pass the path of the dialogue file.")
    return path.open(encoding="utf-8", newline="")


def _json(path: Path) -> dict[str, Any]:
    with _open(path) as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise CatalogError(f"{path} is not valid JSON ({exc}).") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: expected a JSON object of id -> movie info.")
    return data


def _jsonl(path: Path) -> list[tuple[_Line, dict[str, Any]]]:
    """The JSON objects of a JSON Lines file, each with its line; blank lines are skipped."""
    records = []
    with _open(path) as fh:
        try:
            lines = list(fh)
        except UnicodeDecodeError as exc:
            raise CatalogError(
                f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); convert it to UTF-8."
            ) from exc
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CatalogError(
                f"{path}, line {number}: not valid JSON: {exc.msg} (column {exc.colno})."
            ) from exc
        if not isinstance(record, dict):
            raise CatalogError(
                f"{path}, line {number}: expected a JSON object (one conversation per line), "
                f"got {_kind_of(record)}."
            )
        records.append((_Line(path, number), record))
    if not records:
        raise CatalogError(f"{path} is empty; it needs one conversation per line (JSON Lines).")
    return records
