"""The ``pickwise`` command line, driven for real: real embedding model, real store on disk.

Most commands run in-process through typer's ``CliRunner``; the error wrapper of
:func:`pickwise.cli.main` (one ``error: ...`` line, exit code 2) runs through the installed
console script in a subprocess. One module-wide home holds the ``films`` catalog, ingested once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from pickwise.cli import app
from pickwise.errors import CatalogError, ConfigError, NotFoundError, RequestError
from tests.conftest import FILMS

pytestmark = pytest.mark.slow

CATALOG = "films"
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
SCRIPT = shutil.which("pickwise", path=str(Path(sys.executable).parent)) or shutil.which("pickwise")


def film_records() -> list[dict[str, Any]]:
    """Eight films as flat JSONL records: id, title, synopsis and metadata fields."""
    return [
        {
            "id": f.id,
            "title": f.title,
            "synopsis": f.text,
            **{k: list(v) if isinstance(v, tuple) else v for k, v in f.metadata.items()},
        }
        for f in FILMS[:8]
    ]


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@dataclass(frozen=True)
class Home:
    path: Path
    work: Path
    catalog_file: Path
    first_ingest: dict[str, Any]


def invoke(*args: str) -> Result:
    """Run the CLI in-process; the environment is the module's (PICKWISE_HOME etc.)."""
    return CliRunner().invoke(app, list(args))


def ok(*args: str) -> Result:
    result = invoke(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def ok_json(*args: str) -> Any:
    return json.loads(ok(*args).stdout)


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed ``pickwise`` console script (so :func:`pickwise.cli.main` wraps it)."""
    assert SCRIPT, "the pickwise console script is not installed"
    return subprocess.run(
        [SCRIPT, *args],
        cwd=cwd,
        env=dict(os.environ),  # carries the module's PICKWISE_HOME and PICKWISE_CATALOG
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Home]:
    """A fresh home with the 8-film ``films`` catalog ingested once (``ingest --json``)."""
    root = tmp_path_factory.mktemp("cli")
    work = root / "work"  # the working folder: no stray .env can leak in
    work.mkdir()
    catalog_file = work / "films.jsonl"
    catalog_file.write_text(jsonl(film_records()), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("PICKWISE_"):
                mp.delenv(key)
        mp.setenv("PICKWISE_HOME", str(root / "home"))
        mp.setenv("PICKWISE_CATALOG", CATALOG)
        mp.chdir(work)
        first = ok_json("ingest", str(catalog_file), "--json")
        yield Home(root / "home", work, catalog_file, first)


# --- ingest --------------------------------------------------------------------------------
def test_ingest_json_summary(home: Home) -> None:
    report = home.first_ingest
    assert list(report) == [
        "catalog",
        "added",
        "updated",
        "unchanged",
        "removed",
        "kept",
        "rejected",
        "embedded",
        "total",
        "seconds",
        "rejected_rows",
        "warnings",
    ]
    assert report["catalog"] == CATALOG
    counts = [report[k] for k in ("added", "updated", "unchanged", "removed", "rejected")]
    assert counts == [8, 0, 0, 0, 0]
    assert (report["embedded"], report["total"], report["rejected_rows"]) == (8, 8, [])
    assert (report["kept"], report["warnings"]) == (0, [])
    assert isinstance(report["seconds"], float) and report["seconds"] > 0
    assert (home.path / "chroma").is_dir()  # the store went where PICKWISE_HOME says


def test_reingest_says_unchanged(home: Home) -> None:
    out = ok("ingest", str(home.catalog_file)).stdout
    assert re.search(
        rf"catalog '{CATALOG}': 0 added, 0 updated, 8 unchanged, 0 removed, 0 rejected; "
        r"8 items stored \(0 embedded, [\d.]+s\)\.",
        out,
    ), out


def test_skip_bad_rows_reports_the_bad_line(home: Home) -> None:
    mixed = home.work / "mixed.jsonl"
    mixed.write_text(jsonl(film_records()) + "{oops\n", encoding="utf-8")
    report = ok_json("ingest", str(mixed), "--skip-bad-rows", "--json")
    assert (report["added"], report["unchanged"], report["rejected"]) == (0, 8, 1)
    [row] = report["rejected_rows"]
    assert (row["file"], row["row"]) == (str(mixed), 9)
    assert "not valid JSON" in row["error"]
    out = ok("ingest", str(mixed), "--skip-bad-rows").stdout
    assert "1 rejected; 8 items stored" in out
    assert f"  rejected: {mixed}, row 9: not valid JSON" in out


def test_replace_with_a_rejected_row_keeps_its_stored_item(home: Home) -> None:
    """`ingest --replace --skip-bad-rows` said "1 removed, 1 rejected" and deleted the stored item
    whose row was rejected."""
    records = film_records()
    records[0] = {**records[0], "year": "someday"}
    spec = home.work / "year.yaml"
    spec.write_text("metadata: {year: number}\n", encoding="utf-8")
    path = home.work / "one-bad.jsonl"
    path.write_text(jsonl(records), encoding="utf-8")
    out = ok("ingest", str(path), "--spec", str(spec), "--replace", "--skip-bad-rows").stdout
    assert "7 unchanged, 0 removed, 1 kept as stored (rows rejected), 1 rejected" in out, out
    assert ok_json("info", "--json")["items"] == 8
    assert ok_json("search", "a film", "-k", "8", "--json")["results"]


def test_ingest_names_each_field_it_left_out(home: Home) -> None:
    """JSON booleans, nested objects and a field mixing lists and strings were dropped at ingest
    with "0 rejected"; `--where explicit=false` then said "unknown field"."""
    records = [
        {"id": "g1", "title": "Hollow Knight", "explicit": False, "tags": ["metroidvania"]},
        {"id": "g2", "title": "Doom", "explicit": True, "tags": "shooter|action"},
        {"id": "g3", "title": "Tetris", "explicit": False, "tags": "puzzle", "meta": {"a": 1}},
    ]
    path = home.work / "games.jsonl"
    path.write_text(jsonl(records), encoding="utf-8")
    out = ok("--catalog", "games", "ingest", str(path)).stdout
    assert "  warning: field 'meta' was left out: row 3 holds {\"a\": 1}" in out, out
    fields = ok_json("--catalog", "games", "info", "--json")["fields"]
    assert fields == {"explicit": "category", "tags": "list"}
    found = ok_json("--catalog", "games", "search", "", "--where", "explicit=false", "--json")
    assert sorted(r["id"] for r in found["results"]) == ["g1", "g3"]
    found = ok_json("--catalog", "games", "search", "", "--where", "tags=shooter", "--json")
    assert [r["id"] for r in found["results"]] == ["g2"]
    report = ok_json("--catalog", "games", "ingest", str(path), "--json")
    assert [w.split(":")[0] for w in report["warnings"]] == [
        "field 'meta' was left out",
        "3 items have no text",
    ]


def test_rejected_rows_come_in_file_order_and_a_failure_names_the_first(home: Home) -> None:
    """A line that is not JSON was listed (and failed) before a row above it without an id."""
    first = film_records()[0]
    path = home.work / "rows.jsonl"
    lines = [jsonl([first]), '{"title": "no id"}\n', "{oops\n", jsonl([first])]
    path.write_text("".join(lines), encoding="utf-8")
    report = ok_json("-c", "rows", "ingest", str(path), "--skip-bad-rows", "--json")
    assert [r["row"] for r in report["rejected_rows"]] == [2, 3, 4]
    failed = invoke("-c", "rows", "ingest", str(path))
    assert isinstance(failed.exception, CatalogError)
    assert str(failed.exception).startswith(f"{path}, row 2, field 'id': missing id")
    path.write_text("".join([lines[0], lines[2], lines[1]]), encoding="utf-8")
    failed = invoke("-c", "rows", "ingest", str(path))
    assert str(failed.exception).startswith(f"{path}, row 2: not valid JSON")


def test_counts_of_one_are_singular(home: Home) -> None:
    path = home.work / "one.jsonl"
    path.write_text(jsonl(film_records()[:1]), encoding="utf-8")
    assert "; 1 item stored (" in ok("-c", "one", "ingest", str(path)).stdout  # was "1 items"
    path.write_text(jsonl(film_records()[:2]), encoding="utf-8")
    ok("-c", "one", "ingest", str(path))
    out = ok("-c", "one", "remove", film_records()[0]["id"]).stdout
    assert out.strip() == "removed 1 item; 1 remains."


def test_bad_file_exits_2_names_file_and_row_and_keeps_the_catalog(home: Home) -> None:
    before = ok_json("info", "--json")
    bad = home.work / "bad.jsonl"
    bad.write_text(jsonl([{"id": "x", "title": "X", "year": 2000}]) + "{oops\n", encoding="utf-8")
    proc = run_script("ingest", str(bad), cwd=home.work)
    assert proc.returncode == 2, proc.stderr
    [line] = proc.stderr.strip().splitlines()  # one line (after the progress bar's blank one)
    assert line.startswith(f"error: {bad}, row 2: not valid JSON"), line
    after = ok_json("info", "--json")
    assert after["items"] == before["items"] == 8
    assert after["collection"] == before["collection"]  # no new version was written


def test_ingest_redial_movie_metadata(home: Home) -> None:
    """ReDial's id2info.json loads as is: `pickwise learn --format redial` ids are its ids."""
    meta = {
        "111776": {
            "name": "Alien (1979)",
            "genre": ["Horror", "Sci-Fi"],
            "plot": "A deep-space crew is hunted by a creature aboard its ship.",
            "director": ["Ridley Scott"],
            "star": ["Sigourney Weaver"],
            "imdb_id": "tt0078748",
        },
        "204292": {"name": "Paddington 2 (2017)", "genre": ["Comedy"], "plot": "A bear."},
    }
    path = home.work / "id2info.json"
    path.write_text(json.dumps(meta), encoding="utf-8")
    report = ok_json("--catalog", "redial", "ingest", str(path), "--format", "redial", "--json")
    assert (report["catalog"], report["added"], report["total"]) == ("redial", 2, 2)
    found = ok_json("--catalog", "redial", "search", "creature", "--where", "year<2000", "--json")
    assert [r["id"] for r in found["results"]] == ["111776"]  # the year came from the name
    item = found["results"][0]
    assert item["metadata"]["director"] == ["Ridley Scott"]
    assert item["metadata"]["genres"] == ["horror", "sci-fi"]
    # bad input: a clear error, and the stored catalog stays as it was
    mixed = invoke(
        "--catalog", "redial", "ingest", str(path), "--format", "redial", "--id-field", "x"
    )
    assert isinstance(mixed.exception, ConfigError) and "--format redial" in str(mixed.exception)
    path.write_text('{"1": {"name": "Broken', encoding="utf-8")
    broken = invoke("--catalog", "redial", "ingest", str(path), "--format", "redial")
    assert isinstance(broken.exception, CatalogError) and "not valid JSON" in str(broken.exception)
    path.write_text("[1, 2]", encoding="utf-8")
    listed = invoke("--catalog", "redial", "ingest", str(path), "--format", "redial")
    assert isinstance(listed.exception, CatalogError) and "JSON object" in str(listed.exception)
    assert ok_json("--catalog", "redial", "info", "--json")["items"] == 2


# --- search --------------------------------------------------------------------------------
def test_search_json_is_stable_and_honours_constraints(home: Home) -> None:
    data = ok_json(
        "search",
        "a polite bear in a warm funny family comedy",
        "--where",
        "year>=1990",
        "--like",
        "arrival-2016",
        "-k",
        "3",
        "--json",
    )
    assert list(data) == ["catalog", "query", "where", "results"]
    assert data["catalog"] == CATALOG
    assert data["query"] == "a polite bear in a warm funny family comedy"
    assert data["where"] == ["year>=1990"]
    results = data["results"]
    assert len(results) == 3
    assert results[0]["id"] == "paddington-2-2017"  # the real model understands the query
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    for r in results:
        assert list(r) == ["id", "title", "score", "metadata", "reason", "signals"]
        assert r["id"] != "arrival-2016"
        assert r["metadata"]["year"] >= 1990
        assert r["reason"].startswith(("Because ", "A good fit"))
        assert r["signals"]
        for s in r["signals"]:
            assert list(s) == ["source", "score", "contribution", "because", "shared"]
            assert isinstance(s["because"], list)
        assert {s["source"] for s in r["signals"]} >= {"query", "liked"}
        liked = next(s for s in r["signals"] if s["source"] == "liked")
        assert liked["because"] == ["arrival-2016"]
    assert abs(sum(s["contribution"] for s in results[0]["signals"]) - results[0]["score"]) < 1e-3


def test_search_prints_a_table(home: Home) -> None:
    out = ok("search", "a waitress in Paris secretly improves lives", "-k", "2").stdout
    assert "Amélie" in out and "2001" in out


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (["--where", "bogus=1"], RequestError, "unknown field 'bogus'"),
        (["--where", "genres>=3"], RequestError, "holds text"),
        (["--like", "no-such-film"], NotFoundError, "unknown item id"),
        (["-k", "0"], RequestError, "k must be between"),
    ],
)
def test_search_errors(home: Home, args: list[str], error: type, message: str) -> None:
    result = invoke("search", "space", *args)
    assert result.exit_code != 0
    assert isinstance(result.exception, error), result.exception
    assert message in str(result.exception)


@pytest.mark.parametrize("query", ["", "   "])
def test_a_search_for_nothing_says_what_to_give(home: Home, query: str) -> None:
    """It listed every item at score 0.00, each "A good fit for your request"."""
    result = invoke("search", query)
    assert isinstance(result.exception, RequestError), result.output
    assert "nothing to search for; give a query" in str(result.exception)
    assert "--like ID" in str(result.exception)
    only = invoke("search", query, "--seen", "arrival-2016")  # seen only leaves items out
    assert isinstance(only.exception, RequestError)


def test_what_nothing_points_to_is_not_called_a_good_fit(home: Home) -> None:
    results = ok_json("search", "", "--dislike", "alien-1979", "--json")["results"]
    assert results
    for r in results:
        if r["score"] <= 0:
            assert r["reason"] == "Nothing you asked for points to it; it only fills the list."


def test_main_turns_errors_into_one_line_and_exit_2(home: Home) -> None:
    proc = run_script("search", "space", "--where", "bogus=1", cwd=home.work)
    assert proc.returncode == 2, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("error: unknown field 'bogus'"), line
    assert "genres, language, runtime, year" in line  # it lists the fields there are


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["no-such-command"], "No such command"),
        (["search", "--no-such-option"], "No such option"),
        ([], "Usage:"),  # no_args_is_help: bare `pickwise` shows the help
    ],
)
def test_main_reports_usage_errors_without_a_traceback(
    home: Home, args: list[str], shown: str
) -> None:
    proc = run_script(*args, cwd=home.work)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2
    assert shown in proc.stdout + proc.stderr


# --- info, remove, interactions --------------------------------------------------------------
def test_info_json(home: Home) -> None:
    data = ok_json("info", "--json")
    assert set(data) == {
        "catalog",
        "items",
        "fields",
        "store",
        "collection",
        "embedding_model",
        "interactions",
        "updated",
    }
    assert (data["catalog"], data["items"]) == (CATALOG, 8)
    assert data["fields"] == {
        "year": "number",
        "genres": "list",
        "language": "category",
        "runtime": "number",
    }
    assert data["store"] == str(home.path / "chroma")
    assert data["embedding_model"] == "all-MiniLM-L6-v2"
    assert data["collection"].startswith(f"pw_{CATALOG}_")
    text = ok("info").stdout
    assert re.search(r"items: 8\n", text) and "genres (list)" in text
    # the time of the last ingest, readable (it printed the raw epoch, 1796108279.94...)
    assert re.search(r"updated: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n", text), text
    assert isinstance(data["updated"], float)  # --json keeps the number


def test_info_of_a_catalog_that_does_not_exist_lists_the_home_s_catalogs(home: Home) -> None:
    """A misspelt `-c filmz info` printed `items: 0` and exited 0."""
    typo = invoke("-c", "filmz", "info")
    assert isinstance(typo.exception, NotFoundError)
    message = str(typo.exception)
    assert "there is no catalog 'filmz'" in message and "catalogs: " in message
    assert CATALOG in message.split("catalogs: ")[1]
    listed = ok_json("catalogs", "--json")
    assert listed["current"] == CATALOG
    films = next(c for c in listed["catalogs"] if c["catalog"] == CATALOG)
    assert films["items"] == 8 and isinstance(films["updated"], float)
    assert "filmz" not in {c["catalog"] for c in listed["catalogs"]}
    assert re.search(rf"^\* {CATALOG}: 8 items.*, updated \d{{4}}-", ok("catalogs").stdout, re.M)


def test_the_hint_of_an_empty_catalog_is_a_command_that_works(home: Home) -> None:
    """Errors said `pickwise ingest FILE --catalog NAME`, which fails: --catalog is a global
    option and goes before the command."""
    failed = invoke("--catalog", "hinted", "search", "anything")
    assert isinstance(failed.exception, NotFoundError)
    [command] = re.findall(r"`(pickwise [^`]+)`", str(failed.exception))
    assert command == "pickwise --catalog hinted ingest FILE"
    args = command.replace("FILE", str(home.catalog_file)).split()[1:]
    assert ok(*args).stdout.startswith("catalog 'hinted': 8 added")


def test_a_missing_field_named_by_an_option_says_the_option(home: Home) -> None:
    """`--id-field nope` without a spec said "the spec names field 'nope'"."""
    failed = invoke("ingest", str(home.catalog_file), "--id-field", "nope")
    assert isinstance(failed.exception, CatalogError)
    assert str(failed.exception).startswith("--id-field names field 'nope', which the file")
    spec = home.work / "nope.yaml"
    spec.write_text("title: nope\n", encoding="utf-8")
    failed = invoke("ingest", str(home.catalog_file), "--spec", str(spec))
    assert str(failed.exception).startswith(f"the spec {spec} names field 'nope'")


def test_remove(home: Home) -> None:
    out = ok("-c", "scratch", "ingest", str(home.catalog_file)).stdout
    assert "'scratch': 8 added, 0 updated, 0 unchanged" in out and "(8 embedded" in out
    out = ok("-c", "scratch", "remove", "alien-1979", "the-shining-1980").stdout
    assert out.strip() == "removed 2 items; 6 remain."
    assert ok_json("-c", "scratch", "info", "--json")["items"] == 6
    ids = [
        r["id"]
        for r in ok_json("-c", "scratch", "search", "--like", "arrival-2016", "--json")["results"]
    ]
    assert len(ids) == 5 and not {"alien-1979", "the-shining-1980"} & set(ids)
    missing = invoke("-c", "scratch", "remove", "interstellar-2014", "nope")
    assert isinstance(missing.exception, NotFoundError)
    assert "nothing was removed" in str(missing.exception)
    assert ok_json("-c", "scratch", "info", "--json")["items"] == 6
    assert ok_json("info", "--json")["items"] == 8  # other catalogs are untouched


def test_ingest_interactions(home: Home) -> None:
    rows = ["userId,movieId,rating"]
    for user in range(6):  # everyone who liked Arrival also liked Paddington 2
        rows += [f"{user},arrival-2016,5", f"{user},paddington-2-2017,4"]
    rows += ["9,alien-1979,2", "9,unknown-film,5"]
    ratings = home.work / "ratings.csv"
    ratings.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = ok_json("ingest-interactions", str(ratings), "--min-rating", "3", "--json")
    assert data == {
        "catalog": CATALOG,
        "rows": 14,
        "kept": 12,
        "users": 6,
        "items": 2,
        "unknown_items": 1,
        "below_min_rating": 1,
        "rejected": 0,
        "earlier": 0,
        "appended": False,
        "total": 12,
        "rejected_rows": [],
    }
    assert ok_json("info", "--json")["interactions"] is True
    results = ok_json("search", "--like", "arrival-2016", "-k", "7", "--json")["results"]
    paddington = next(r for r in results if r["id"] == "paddington-2-2017")
    collab = next(s for s in paddington["signals"] if s["source"] == "collaborative")
    assert collab["because"] == ["arrival-2016"] and collab["contribution"] > 0
    assert "people who liked Arrival also liked it" in paddington["reason"]


def test_ingest_interactions_says_what_it_replaced_appends_and_lists_rejected_rows(
    home: Home,
) -> None:
    """Each file replaced the stored interactions without a word, and rejected rows were
    only counted."""
    first, daily = home.work / "monday.csv", home.work / "tuesday.csv"
    first.write_text("user,item\nu1,arrival-2016\nu2,arrival-2016\nu2,alien-1979\n")
    daily.write_text("user,item,rating\nu3,alien-1979,5\n,alien-1979,4\nu4,alien-1979,lots\n")
    ok("ingest-interactions", str(first))
    out = ok("ingest-interactions", str(daily), "--skip-bad-rows").output
    assert "replaced 3 earlier interactions (--append adds to them instead)." in out
    assert "rejected: 2" in out
    assert f"rejected: {daily}, row 3, field 'user': missing user or item." in out
    assert f"rejected: {daily}, row 4, field 'rating': rating 'lots' is not a number." in out
    ok("ingest-interactions", str(first))
    data = ok_json("ingest-interactions", str(daily), "--skip-bad-rows", "--append", "--json")
    assert (data["earlier"], data["appended"], data["kept"], data["total"]) == (3, True, 1, 4)
    assert [(r["row"], r["field"]) for r in data["rejected_rows"]] == [(3, "user"), (4, "rating")]
    out = ok("ingest-interactions", str(daily), "--skip-bad-rows", "--append").output
    assert "added to 4 earlier interactions: the model was fitted on 5." in out


# --- help ------------------------------------------------------------------------------------
def test_every_command_is_listed() -> None:
    assert set(COMMANDS) >= {
        "ingest",
        "ingest-interactions",
        "remove",
        "search",
        "info",
        "catalogs",
        "demo",
    }


@pytest.mark.parametrize("command", COMMANDS)
def test_help_works_for_every_command(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout and command in result.stdout


def test_top_level_help_through_the_script(tmp_path: Path) -> None:
    proc = subprocess.run(
        [SCRIPT or "pickwise", "--help"],
        cwd=tmp_path,
        env={**os.environ, "PICKWISE_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for command in COMMANDS:
        assert command in proc.stdout
    assert not (tmp_path / "home").exists()  # help touches no store


# --- log export and learn ----------------------------------------------------------------------
def test_a_deployment_exports_its_log_and_learns_from_it(home: Home) -> None:
    """The documented loop: chat, `log export`, `learn`; on a few conversations learn says it
    learned too little to trust, and the learned sources count for part of their weight."""
    from pickwise.agent.app import Pickwise
    from pickwise.cli.common import settings

    agent = Pickwise.open(settings(), start_llm=False)
    try:
        first = agent.chat("a warm funny family film", user_id="cli-log", thread_id="t1")
        agent.chat("the first one, we'll watch it", user_id="cli-log", thread_id="t1")
    finally:
        agent.close()
    log = home.work / "chats.jsonl"
    said = ok("log", "export", "-o", str(log)).stdout
    assert said.startswith("Exported 1 conversation of catalog 'films'")
    (record,) = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert record["accepted"] == [first.picks[0].item_id] and "cli-log" not in json.dumps(record)
    try:
        learned = ok("learn", "--dialogues", str(log))
        data = json.loads(learned.stdout)
        assert data["catalog"] == CATALOG and data["dialogues"] == 1
        assert 0 < data["examples"] < 100 and data["trust"] == data["examples"] / 100
        assert "warning: learned from" in learned.stderr and "too few to trust" in learned.stderr
        results = ok_json("search", "a warm funny family film", "-k", "8", "--json")["results"]
        parts = {s["source"]: s for r in results for s in r["signals"]}
        assert parts["recommended"]["contribution"] != 0  # the learned sources take part
        assert not any("often chose" in r["reason"] for r in results)  # one chat is not often
    finally:  # the module's home goes on without it
        (home.path / "learned" / f"{CATALOG}.npz").unlink(missing_ok=True)


# --- serve and chat flags ---------------------------------------------------------------------
@pytest.mark.parametrize("command", ["serve", "chat"])
def test_an_unknown_backend_is_refused_at_once(home: Home, command: str) -> None:
    """Before: `serve --backend foo` said "Starting the foo LLM..." and then failed as the
    openai backend ("the openai backend needs an endpoint")."""
    result = invoke(command, "--backend", "foo")
    assert isinstance(result.exception, ConfigError), result.output
    assert str(result.exception) == (
        "--backend must be one of local, openai, none, not 'foo' (PICKWISE_LLM_BACKEND takes "
        "the same names)."
    )


@pytest.mark.parametrize("port", ["0", "99999"])
def test_serve_refuses_a_port_out_of_range(home: Home, port: str) -> None:
    """Before: 99999 ended in a traceback (OverflowError from bind)."""
    result = invoke("serve", "--backend", "none", "--port", port)
    said = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())
    assert result.exit_code == 2 and "Invalid value for '--port' / '-p'" in said
    assert "less than or equal to 65535" in said or "greater than or equal to 1" in said


def test_learn_tunes_the_encoder_and_the_catalog_keeps_it(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`learn --tune-encoder`: the model is tuned on the log's pairs, stored in the home, the
    catalog embedded with it and searched through it; `--reset-encoder` goes back."""
    import pickwise.retrieval.tuning as tuning

    films = film_records()
    log = home.work / "tuning.jsonl"
    requests = ["aliens who talk in circles", "farmers saved by a trip to space", "a dream heist"]
    records = [
        {
            "id": f"c{n}",
            "messages": [
                {"role": "user", "text": f"{requests[n % 3]}, take {n}"},
                {"role": "assistant", "text": "try this", "mentioned": [films[n % 3]["id"]]},
            ],
        }
        for n in range(36)
    ]
    log.write_text(jsonl(records), encoding="utf-8")
    said = invoke("learn", "--dialogues", str(log), "--tune-encoder")
    assert said.exit_code != 0 and "needs 500 (user text, item) pairs" in str(said.exception)
    assert "Nothing was changed" in str(said.exception)
    assert ok_json("info", "--json")["embedding_model"] == "all-MiniLM-L6-v2"

    monkeypatch.setattr(tuning, "MIN_PAIRS", 30)
    try:
        data = json.loads(ok("learn", "--dialogues", str(log), "--tune-encoder").stdout)
        folder = Path(data["encoder"])
        assert data["tuning_pairs"] == 36 and data["examples"] == 36
        assert folder.parent == home.path / "encoders" / CATALOG
        assert (folder / tuning.MARKER).exists()
        assert ok_json("info", "--json")["embedding_model"] == str(folder)
        results = ok_json("search", "aliens who talk in circles", "-k", "3", "--json")["results"]
        assert results[0]["id"] == films[0]["id"]
        again = json.loads(ok("learn", "--dialogues", str(log), "--tune-encoder").stdout)
        assert [p.name for p in folder.parent.iterdir()] == [Path(again["encoder"]).name]
    finally:  # the module's home goes on with the plain model and no learned model
        back = json.loads(ok("learn", "--dialogues", str(log), "--reset-encoder").stdout)
        (home.path / "learned" / f"{CATALOG}.npz").unlink(missing_ok=True)
    assert back["encoder"] == "all-MiniLM-L6-v2"
    assert ok_json("info", "--json")["embedding_model"] == "all-MiniLM-L6-v2"
    assert not (home.path / "encoders" / CATALOG).exists()
