"""Catalog files: every format, field mapping, and every bad-input case named in the design."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pickwise.errors import CatalogError, RowError
from pickwise.retrieval.items import CatalogSpec
from pickwise.retrieval.loaders import load_items

ROWS = [
    {"id": "a", "title": "Alpha", "description": "first", "year": 1990, "genres": ["Drama"]},
    {
        "id": "b",
        "title": "Beta",
        "description": "second",
        "year": 2001,
        "genres": ["Comedy", "Romance"],
    },
]


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def jsonl(path: Path, rows: list[dict]) -> Path:
    return write(path, "\n".join(json.dumps(r) for r in rows) + "\n")


def test_jsonl_autodetects_fields_and_kinds(tmp_path: Path) -> None:
    result = load_items(jsonl(tmp_path / "c.jsonl", ROWS))
    assert [i.id for i in result.items] == ["a", "b"]
    assert result.items[1].text == "second"
    assert result.items[1].metadata == {"year": 2001, "genres": ("Comedy", "Romance")}
    assert result.spec is not None and dict(result.spec.metadata) == {
        "year": "number",
        "genres": "list",
    }


def test_json_array_and_items_object(tmp_path: Path) -> None:
    a = load_items(write(tmp_path / "a.json", json.dumps(ROWS)))
    b = load_items(write(tmp_path / "b.json", json.dumps({"items": ROWS})))
    assert [i.id for i in a.items] == [i.id for i in b.items] == ["a", "b"]


def test_csv_with_separated_lists_and_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.csv",
        "movieId,name,plot,year,genres\n"
        "1,Alpha,first,1990,Drama\n2,Beta,second,2001,Comedy|Romance\n",
    )
    result = load_items(path)
    assert [i.id for i in result.items] == ["1", "2"]
    assert result.items[0].metadata["genres"] == ("Drama",)
    assert result.items[1].metadata == {"year": 2001, "genres": ("Comedy", "Romance")}


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), path)
    result = load_items(path)
    assert result.items[1].metadata["genres"] == ("Comedy", "Romance")


def test_spec_file_names_fields(tmp_path: Path) -> None:
    rows = [{"sku": "x1", "label": "Lamp", "blurb": "bright", "price": "9.5", "tags": "a;b"}]
    spec = write(
        tmp_path / "spec.yaml",
        "id: sku\ntitle: label\ntext: blurb\n"
        "metadata: {price: number, tags: list}\nlist_separator: ';'\n"
        "auto_metadata: false\n",
    )
    item = load_items(jsonl(tmp_path / "p.jsonl", rows), CatalogSpec.from_file(spec)).items[0]
    assert (item.id, item.title, item.text) == ("x1", "Lamp", "bright")
    assert item.metadata == {"price": 9.5, "tags": ("a", "b")}


def test_bad_spec_file_says_which_key(tmp_path: Path) -> None:
    spec = write(tmp_path / "spec.yaml", "id: sku\nmetadata: {price: money}\n")
    with pytest.raises(CatalogError, match=r"metadata\.price"):
        CatalogSpec.from_file(spec)


def test_spec_naming_a_missing_field(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="'nope'"):
        load_items(jsonl(tmp_path / "c.jsonl", ROWS), CatalogSpec(title="nope"))


GAME_ROWS = [
    {"id": "g1", "title": "Patchwork", "duration_min": 30, "makers": ["Uwe Rosenberg"]},
    {"id": "g2", "title": "Catan", "duration_min": 75, "makers": ["Klaus Teuber"]},
]


def test_spec_roles_say_which_field_plays_which_role(tmp_path: Path) -> None:
    """A length field called ``duration_min`` or a people field called ``makers`` had no way to
    say so: their names played no role."""
    spec = write(tmp_path / "spec.yaml", "roles: {length: duration_min, people: [makers]}\n")
    result = load_items(jsonl(tmp_path / "g.jsonl", GAME_ROWS), CatalogSpec.from_file(spec))
    assert result.spec is not None
    assert result.spec.roles == {"duration_min": "length", "makers": "people"}
    assert load_items(jsonl(tmp_path / "g.jsonl", GAME_ROWS)).spec.roles == {}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("roles", "error"),
    [
        ("{lenght: duration_min}", r"unknown role 'lenght'; the roles are length, year,"),
        ("{length: duration}", r"field 'duration', which is no metadata field.*'duration_min'"),
        ("{length: makers}", r"a list field; the role needs a number field"),
        ("{people: duration_min}", r"a number field; the role needs a list or category field"),
        ("{length: duration_min, year: duration_min}", r"two roles \('length' and 'year'\)"),
    ],
)
def test_spec_roles_are_checked(tmp_path: Path, roles: str, error: str) -> None:
    spec = write(tmp_path / "spec.yaml", f"roles: {roles}\n")
    with pytest.raises(CatalogError, match=error):
        load_items(jsonl(tmp_path / "g.jsonl", GAME_ROWS), CatalogSpec.from_file(spec))


def test_missing_id_names_file_row_and_field(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "c.jsonl", [ROWS[0], {"title": "No id", "id": ""}])
    with pytest.raises(RowError) as err:
        load_items(path)
    assert (err.value.row, err.value.field) == (2, "id")
    assert "c.jsonl, row 2, field 'id'" in str(err.value)


def test_missing_title(tmp_path: Path) -> None:
    with pytest.raises(RowError, match=r"row 2, field 'title'.*no title"):
        load_items(jsonl(tmp_path / "c.jsonl", [ROWS[0], {"id": "z", "title": " "}]))


def test_duplicate_id(tmp_path: Path) -> None:
    with pytest.raises(RowError, match=r"row 3.*duplicate id 'a' \(first seen at row 1\)"):
        load_items(jsonl(tmp_path / "c.jsonl", [*ROWS, ROWS[0]]))


def test_unparseable_line(tmp_path: Path) -> None:
    path = write(tmp_path / "c.jsonl", json.dumps(ROWS[0]) + "\n{not json\n")
    with pytest.raises(RowError, match="row 2: not valid JSON"):
        load_items(path)


def test_wrong_type_for_declared_field(tmp_path: Path) -> None:
    rows = [ROWS[0], {**ROWS[1], "year": "two thousand"}]
    spec = CatalogSpec(metadata={"year": "number"})
    with pytest.raises(
        RowError,
        match=r"row 2, field 'year': expected a number, got "
        r"\"two thousand\"",
    ):
        load_items(jsonl(tmp_path / "c.jsonl", rows), spec)


def test_wrong_type_for_text_field(tmp_path: Path) -> None:
    with pytest.raises(RowError, match="field 'description': expected text"):
        load_items(jsonl(tmp_path / "c.jsonl", [{**ROWS[0], "description": {"x": 1}}]))


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="is empty"):
        load_items(write(tmp_path / "c.jsonl", ""))


def test_only_blank_lines(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no readable items"):
        load_items(write(tmp_path / "c.jsonl", "\n\n"))


def test_wrong_encoding_csv_names_line(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "id,title\n1,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CatalogError, match=r"line 2: not UTF-8.*iconv"):
        load_items(path)


def test_wrong_encoding_jsonl_row_can_be_skipped(tmp_path: Path) -> None:
    good = json.dumps(ROWS[0]).encode()
    bad = b'{"id": "x", "title": "Caf\xe9"}'
    path = write(tmp_path / "c.jsonl", good + b"\n" + bad + b"\n")
    with pytest.raises(RowError, match="row 2: not UTF-8"):
        load_items(path)
    result = load_items(path, on_error="skip")
    assert [i.id for i in result.items] == ["a"]
    assert [e.row for e in result.rejected] == [2]


def test_skip_reports_every_bad_row_and_keeps_the_rest(tmp_path: Path) -> None:
    rows = [ROWS[0], {"title": "no id"}, ROWS[1], {"id": "a", "title": "dup"}]
    path = write(tmp_path / "c.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n[1]\n")
    result = load_items(path, on_error="skip")
    assert [i.id for i in result.items] == ["a", "b"]
    assert sorted(e.row for e in result.rejected) == [2, 4, 5]


def test_all_rows_bad_is_an_error_even_when_skipping(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no valid items"):
        load_items(jsonl(tmp_path / "c.jsonl", [{"id": "a", "title": ""}]), on_error="skip")


def test_csv_row_with_too_many_cells(tmp_path: Path) -> None:
    with pytest.raises(RowError, match="row 3: 3 cells but the header has 2"):
        load_items(write(tmp_path / "c.csv", "id,title\n1,A\n2,B,extra\n"))


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="--format"):
        load_items(write(tmp_path / "c.txt", "x"))
    with pytest.raises(CatalogError, match="does not exist"):
        load_items(tmp_path / "nope.jsonl")
    assert load_items(write(tmp_path / "c.txt", json.dumps(ROWS)), fmt="json").items


def test_no_title_column_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="--title-field"):
        load_items(jsonl(tmp_path / "c.jsonl", [{"id": "a", "label": "x"}]))


def test_unclosed_quote_at_the_end_is_an_error_naming_the_row(tmp_path: Path) -> None:
    """An unclosed quote swallowed the rest of the file into one title: "1 added, 0 rejected"
    and the next row was lost without a word (with --skip-bad-rows too)."""
    path = write(
        tmp_path / "c.csv",
        'id,title,author,pages\nx1,"Broken book,Someone,200\nx2,Fine,Someone,100\n',
    )
    for on_error in ("fail", "skip"):
        with pytest.raises(CatalogError, match=r"c\.csv, row 2: a quote .* never closed") as err:
            load_items(path, on_error=on_error)  # type: ignore[arg-type]
        assert 'double any quote inside a quoted field ("")' in str(err.value)
    description = write(
        tmp_path / "d.csv",
        'id,title,description\nx1,A,"fine\ntwo lines"\nx2,B,"never closed\nx3,C,lost\n',
    )
    with pytest.raises(CatalogError, match=r"row 4: a quote opened in this row is never closed"):
        load_items(description)


def test_line_break_in_a_title_or_id_is_an_error(tmp_path: Path) -> None:
    """A quote closed rows later put several rows into one title; only free text may span
    lines."""
    path = write(
        tmp_path / "c.csv",
        'id,title,author\nx1,"Broken,Someone\nx2,"Fine",Someone\nx3,Ok,Someone\n',
    )
    with pytest.raises(CatalogError, match=r"row 2, field 'title': the value runs over 2 lines"):
        load_items(path, on_error="skip")


def test_line_breaks_inside_quoted_text_are_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.csv",
        'id,title,description,pages\nx1,A,"one\ntwo",200\nx2,B,"three\nfour",100\nx3,C,x,1\n',
    )
    result = load_items(path)
    assert [(i.id, i.text) for i in result.items] == [
        ("x1", "one\ntwo"),
        ("x2", "three\nfour"),
        ("x3", "x"),
    ]
    assert [i.metadata["pages"] for i in result.items] == [200, 100, 1]


@pytest.mark.parametrize(("name", "sep"), [("c.csv", ";"), ("c.csv", "\t"), ("c.tsv", "\t")])
def test_semicolon_and_tab_delimited_files(tmp_path: Path, name: str, sep: str) -> None:
    """A semicolon-delimited CSV gave "cannot find the id field among the columns
    ['id;title;author']"."""
    rows = ["id", "title", "author", "pages"], ["a", "Alpha, the book", "Ann", "12"]
    path = write(tmp_path / name, "".join(sep.join(r) + "\n" for r in rows))
    [item] = load_items(path).items
    assert (item.id, item.title, item.metadata) == (
        "a",
        "Alpha, the book",
        {"author": "Ann", "pages": 12},
    )


def test_a_field_mixing_lists_and_separated_strings_is_a_list(tmp_path: Path) -> None:
    """A JSONL field that was a list on some rows and a pipe-separated string on others was
    dropped without a word (no field in `info`, "0 rejected")."""
    rows = [
        {"id": "g1", "title": "One", "tags": ["rpg", "indie"]},
        {"id": "g2", "title": "Two", "tags": "action|shooter"},
        {"id": "g3", "title": "Three", "tags": "puzzle"},
    ]
    result = load_items(jsonl(tmp_path / "c.jsonl", rows))
    assert result.spec is not None and result.spec.metadata == {"tags": "list"}
    assert [i.metadata["tags"] for i in result.items] == [
        ("rpg", "indie"),
        ("action", "shooter"),
        ("puzzle",),
    ]
    assert result.spec.warnings == ()


def test_json_booleans_are_categories_like_csv_text(tmp_path: Path) -> None:
    """JSON booleans were dropped, so `--where explicit=false` said "unknown field"."""
    rows = [
        {"id": "a", "title": "A", "explicit": False},
        {"id": "b", "title": "B", "explicit": True},
    ]
    result = load_items(jsonl(tmp_path / "c.jsonl", rows))
    assert result.spec is not None and result.spec.metadata == {"explicit": "category"}
    assert [i.metadata["explicit"] for i in result.items] == ["false", "true"]
    csv_file = write(tmp_path / "c.csv", "id,title,explicit\na,A,false\nb,B,true\n")
    assert [i.metadata for i in load_items(csv_file).items] == [i.metadata for i in result.items]
    declared = load_items(tmp_path / "c.jsonl", CatalogSpec(metadata={"explicit": "category"}))
    assert [i.metadata["explicit"] for i in declared.items] == ["false", "true"]


def test_a_field_left_out_is_named_with_the_reason(tmp_path: Path) -> None:
    """Nested objects and long free text were dropped without a word."""
    rows = [
        {"id": "a", "title": "A", "meta": {"x": 1}, "notes": "long " * 30},
        {"id": "b", "title": "B", "meta": {"x": 2}, "notes": "more " * 30},
    ]
    result = load_items(jsonl(tmp_path / "c.jsonl", rows))
    assert result.spec is not None and result.spec.metadata == {}
    meta, notes = result.spec.warnings
    assert meta.startswith("field 'meta' was left out: row 1 holds {\"x\": 1}")
    assert "flatten it" in meta
    assert notes.startswith("field 'notes' was left out: long free text")


def test_one_text_value_among_few_numbers_makes_text_and_says_why(tmp_path: Path) -> None:
    """One non-number turned a number field into text without a word; `--where pages<300`
    then said the field holds text."""
    path = write(tmp_path / "c.csv", "id,title,pages\na,A,200\nb,B,lots\nc,C,\n")
    result = load_items(path)
    assert result.spec is not None and result.spec.metadata == {"pages": "category"}
    assert result.spec.warnings == (
        "field 'pages' was read as text because row 3 has \"lots\"; declare 'pages: number' in "
        "a spec to reject such rows and keep it a number field.",
    )


def test_a_field_of_numbers_with_an_odd_value_stays_a_number_field(tmp_path: Path) -> None:
    """One bad value among many numbers turned the field into text (every item re-embedded,
    range constraints refused); now the odd row is rejected as for a declared number field."""
    lines = [f"b{i},Book {i},{100 + i}" for i in range(1, 33)]
    lines[2] = "b3,Book 3,lots"
    path = write(tmp_path / "c.csv", "id,title,pages\n" + "\n".join(lines) + "\n")
    with pytest.raises(RowError, match=r"row 4, field 'pages': expected a number, got \"lots\"\. "):
        load_items(path)
    result = load_items(path, on_error="skip")
    assert result.spec is not None and result.spec.metadata == {"pages": "number"}
    assert [e.row for e in result.rejected] == [4]
    assert "declare 'pages: category'" in result.rejected[0].reason
    [warning] = result.spec.warnings
    assert warning.startswith("field 'pages' was read as numbers (31 of 32 rows hold one)")
    assert len(result.items) == 31


def test_kinds_are_read_from_every_row(tmp_path: Path) -> None:
    """Only the first 200 rows were read for fields and kinds: a field that first appeared
    later was dropped."""
    rows = [{"id": str(i), "title": f"T{i}"} for i in range(250)]
    rows[240]["studio"] = "Ghibli"
    result = load_items(jsonl(tmp_path / "c.jsonl", rows))
    assert result.spec is not None and result.spec.metadata == {"studio": "category"}
    assert result.items[240].metadata == {"studio": "Ghibli"}
