"""Catalog commands: ingest, ingest-interactions, remove, search, info, catalogs, demo."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pickwise import open_catalog
from pickwise.cli.common import counted, emit_json, settings
from pickwise.data import DEMO_CATALOG_NAME, demo_catalog_path
from pickwise.errors import ConfigError, NotFoundError, RequestError
from pickwise.retrieval import Catalog, CatalogSpec, IngestReport, Recommendation, Request
from pickwise.retrieval.loaders import OnError

__all__ = ["recommendation_json", "register"]

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("ingest-interactions")(ingest_interactions)
    app.command("remove")(remove)
    app.command("search")(search)
    app.command("info")(info)
    app.command("catalogs")(catalogs)
    app.command("demo")(demo)


class _Bar:
    """A rich progress bar that only appears once there is progress to show."""

    def __init__(self) -> None:
        self.bar = Progress(
            TextColumn("{task.description:>10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self.tasks: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.tasks:
            self.bar.start()
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(phase, total=max(total, 1))
        self.bar.update(self.tasks[phase], completed=done)

    def close(self) -> None:
        if self.tasks:
            self.bar.stop()


def _run_ingest(
    catalog: Catalog,
    path: Path,
    spec: CatalogSpec,
    fmt: str | None,
    skip: bool,
    replace: bool,
    quiet: bool,
) -> IngestReport:
    on_error: OnError = "skip" if skip else "fail"
    bar = None if quiet else _Bar()
    try:
        if fmt == "redial":  # ReDial's movie metadata: the ids its dialogues use
            from pickwise.eval.data import read_metadata

            items, kinds = read_metadata(path)
            return catalog.upsert(items, kinds, replace=replace, progress=bar)
        return catalog.ingest(path, spec, fmt, on_error, replace, bar)
    finally:
        if bar is not None:
            bar.close()


def ingest(
    path: Path = typer.Argument(..., help="Catalog file: .jsonl, .json, .csv or .parquet."),
    spec: Path = typer.Option(None, "--spec", help="YAML/JSON spec naming the fields."),
    fmt: str = typer.Option(
        None,
        "--format",
        help="Force the format: jsonl, json, csv, parquet; or redial (ReDial's id2info.json).",
    ),
    id_field: str = typer.Option(None, "--id-field", help="Field holding the item id."),
    title_field: str = typer.Option(None, "--title-field", help="Field holding the title."),
    text_field: list[str] = typer.Option(None, "--text-field", help="Free-text field(s)."),
    skip_bad_rows: bool = typer.Option(
        False, "--skip-bad-rows", help="Skip bad rows and report them instead of failing."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Remove stored items that are not in the file."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Embed and store a catalog (an idempotent upsert: unchanged items are not re-embedded)."""
    if fmt == "redial" and (spec or id_field or title_field or text_field):
        raise ConfigError(
            "--format redial reads ReDial's own fields; leave out --spec and the --*-field flags."
        )
    catalog_spec = CatalogSpec.from_file(spec) if spec else CatalogSpec()
    updates = {"id": id_field, "title": title_field, "text": text_field or None}
    given = {k: v for k, v in updates.items() if v}
    catalog_spec = catalog_spec.model_copy(update=given, deep=True).named_by(
        **{k: f"--{k}-field" for k in given}
    )
    report = _run_ingest(
        open_catalog(settings()), path, catalog_spec, fmt, skip_bad_rows, replace, as_json
    )
    _print_report(report, as_json)


def _print_report(report: IngestReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_dict())
        return
    kept = f"{report.kept} kept as stored (rows rejected), " if report.kept else ""
    typer.echo(
        f"catalog '{report.catalog}': {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.removed} removed, {kept}{len(report.rejected)} "
        f"rejected; {counted(report.total, 'item')} stored ({report.embedded} embedded, "
        f"{report.seconds:.1f}s)."
    )
    for warning in report.warnings:
        typer.echo(f"  warning: {warning}")
    for err in report.rejected[:20]:
        typer.echo(f"  rejected: {err}")
    if len(report.rejected) > 20:
        typer.echo(f"  ... and {len(report.rejected) - 20} more (use --json for all).")


def ingest_interactions(
    path: Path = typer.Argument(
        ..., help="CSV with a header: user, item, and optional rating and timestamp columns."
    ),
    min_rating: float = typer.Option(
        None, "--min-rating", help="Ignore interactions rated below this."
    ),
    skip_bad_rows: bool = typer.Option(
        False, "--skip-bad-rows", help="Skip bad rows and list them instead of failing."
    ),
    append: bool = typer.Option(
        False,
        "--append",
        help="Add to the stored interactions (default: the file replaces them).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Learn collaborative and popularity signals from ratings or clicks."""
    catalog = open_catalog(settings())
    report = catalog.ingest_interactions(
        path, min_rating, "skip" if skip_bad_rows else "fail", append=append
    )
    data = report.to_dict(catalog.name)
    if as_json:
        emit_json(data)
        return
    counts = {
        k: v for k, v in data.items() if k not in ("earlier", "appended", "total", "rejected_rows")
    }
    typer.echo(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items()))
    if report.appended:
        typer.echo(
            f"  added to {counted(report.earlier, 'earlier interaction')}: "
            f"the model was fitted on {report.total}."
        )
    elif report.earlier:
        typer.echo(
            f"  replaced {counted(report.earlier, 'earlier interaction')} "
            "(--append adds to them instead)."
        )
    for err in report.rejected[:20]:
        typer.echo(f"  rejected: {err}")
    if len(report.rejected) > 20:
        typer.echo(f"  ... and {len(report.rejected) - 20} more (use --json for all).")


def remove(ids: list[str] = typer.Argument(..., help="Item ids to remove.")) -> None:
    """Remove items from the catalog."""
    report = open_catalog(settings()).remove(ids)
    remain = "remains" if report.total == 1 else "remain"
    typer.echo(f"removed {counted(report.removed, 'item')}; {report.total} {remain}.")


def search(
    query: str = typer.Argument("", help="What you are looking for, in your own words."),
    like: list[str] = typer.Option(None, "--like", help="Id of an item you liked (repeat)."),
    dislike: list[str] = typer.Option(None, "--dislike", help="Id of an item you disliked."),
    seen: list[str] = typer.Option(None, "--seen", help="Id of an item you have seen."),
    where: list[str] = typer.Option(
        None, "--where", "-w", help="Constraint: year>=1990, genres=comedy, genres!=horror."
    ),
    avoid: list[str] = typer.Option(
        None, "--avoid", help="Words for what to stay away from, e.g. gory (repeat)."
    ),
    k: int = typer.Option(10, "-k", help="How many results."),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON."),
) -> None:
    """Recommend items for a query, liked items and constraints."""
    if not query.strip() and not (like or dislike or where or avoid):
        raise RequestError(
            'nothing to search for; give a query (pickwise search "a gentle comedy"), '
            "--like ID, --dislike ID, --where CONSTRAINT or --avoid WORDS."
        )
    catalog = open_catalog(settings())
    request = Request(
        query=query,
        liked=tuple(like or ()),
        disliked=tuple(dislike or ()),
        seen=tuple(seen or ()),
        where=tuple(catalog.where(w) for w in where or ()),
        k=k,
        avoid=tuple(avoid or ()),
    )
    results = catalog.recommend(request)
    if as_json:
        emit_json(
            {
                "catalog": catalog.name,
                "query": query,
                "where": [str(c) for c in request.where],
                "results": [recommendation_json(r) for r in results],
            }
        )
        return
    _print_results(results)


def recommendation_json(rec: Recommendation) -> dict[str, Any]:
    """The stable JSON shape of one result (documented in docs/CATALOGS.md)."""
    item = rec.item.to_dict()
    return {
        "id": item["id"],
        "title": item["title"],
        "score": round(rec.score, 4),
        "metadata": item["metadata"],
        "reason": rec.reason(),
        "signals": [
            {
                "source": s.source,
                "score": round(s.score, 4),
                "contribution": round(s.contribution, 4),
                "because": list(s.because),
                "shared": list(s.shared),
            }
            for s in rec.signals
        ],
    }


def _print_results(results: list[Recommendation]) -> None:
    if not results:
        Console().print("No item matches; loosen the constraints.")
        return
    table = Table(show_lines=False)
    for col in ("#", "id", "title", "score", "why"):
        table.add_column(col)
    for n, rec in enumerate(results, 1):
        table.add_row(str(n), rec.item.id, rec.item.heading(), f"{rec.score:.2f}", rec.reason())
    Console().print(table)


def info(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Catalog size, fields, store location and embedding model."""
    catalog = open_catalog(settings())
    if catalog.manifest is None:
        raise NotFoundError(_no_such_catalog(catalog))
    data = catalog.info().to_dict()
    if as_json:
        emit_json(data)
        return
    for key, value in data.items():
        if key == "fields":
            value = ", ".join(f"{k} ({v})" for k, v in value.items()) or "-"
        elif key == "updated":  # seconds since the epoch in --json; a UTC time to read here
            value = _utc(value)
        typer.echo(f"{key.replace('_', ' '):>16}: {value}")


def _no_such_catalog(catalog: Catalog) -> str:
    names = catalog.store.catalogs()
    have = (
        f"this home's catalogs: {', '.join(names)}"
        if names
        else "this home has no catalog yet (`pickwise demo` loads the demo films)"
    )
    return (
        f"there is no catalog '{catalog.name}' in {catalog.store_label}; {have}. Pick one with "
        f"--catalog NAME (or PICKWISE_CATALOG), or load items into '{catalog.name}' with "
        f"`pickwise --catalog {catalog.name} ingest FILE`."
    )


def catalogs(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """The catalogs of this home (or Chroma server): name, items, interactions, last update."""
    s = settings()
    home = open_catalog(s)
    listed = []
    for name in home.store.catalogs():
        info = Catalog(
            home.store, name, home.embedder, home.home, store_label=home.store_label
        ).info()
        listed.append(
            {k: info.to_dict()[k] for k in ("catalog", "items", "interactions", "updated")}
        )
    if as_json:
        emit_json({"current": s.catalog, "catalogs": listed})
        return
    if not listed:
        typer.echo("No catalogs yet: load one with `pickwise --catalog NAME ingest FILE`.")
    for entry in listed:
        mark = "*" if entry["catalog"] == s.catalog else " "
        extra = ", interactions" if entry["interactions"] else ""
        typer.echo(
            f"{mark} {entry['catalog']}: {counted(entry['items'], 'item')}{extra}, "
            f"updated {_utc(entry['updated'])}"
        )


def _utc(seconds: float | None) -> str:
    """Seconds since the epoch as a UTC time to read ("-" for none)."""
    return (
        "-" if seconds is None else f"{datetime.fromtimestamp(seconds, UTC):%Y-%m-%d %H:%M:%S} UTC"
    )


def demo() -> None:
    """Load the bundled demo catalog if needed and show a few searches."""
    s = settings()
    s = s.model_copy(update={"catalog": s.catalog or DEMO_CATALOG_NAME})
    catalog = open_catalog(s)
    if not len(catalog):
        typer.echo("Loading the demo catalog (first run only)...")
    report = _run_ingest(catalog, demo_catalog_path(), CatalogSpec(), None, False, False, False)
    typer.echo(f"Demo catalog: {report.total} films.\n")
    examples = [
        Request(query="mind-bending science fiction about time", k=5),
        Request(
            query="something light and funny",
            liked=("arrival-2016", "interstellar-2014"),
            where=(catalog.where("year>=1990"),),
            k=5,
        ),
        Request(query="a tense thriller", where=(catalog.where("language=French"),), k=5),
    ]
    labels = [
        "'mind-bending science fiction about time'",
        "liked Arrival + Interstellar, 'something light and funny', year>=1990",
        "'a tense thriller', language=French",
    ]
    for label, request in zip(labels, examples, strict=True):
        typer.echo(f"> {label}")
        _print_results(catalog.recommend(request))
