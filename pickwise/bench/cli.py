"""``pickwise bench ...`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import typer

__all__ = ["bench_app"]

bench_app = typer.Typer(help="Benchmarks that print figures.", no_args_is_help=True)


@bench_app.command("retrieval")
def retrieval(
    sizes: str = typer.Option("10000,100000", help="Catalog sizes for the query benchmark."),
    ingest_items: int = typer.Option(2000, help="Items for the ingestion benchmark."),
    repeats: int = typer.Option(200, help="Queries per case."),
    output: Path = typer.Option(None, "--output", "-o", help="Also write the figures as JSON."),
) -> None:
    """Ingestion overhead vs raw encoding, query p50/p95 at scale, peak memory."""
    from pickwise.bench.retrieval import render, run

    result = run(
        [int(s) for s in sizes.split(",") if s],
        ingest_items,
        repeats,
        say=lambda m: typer.echo(m, err=True),
    )
    typer.echo(render(result))
    if output:
        output.write_text(json.dumps(result.to_dict(), indent=2))


@bench_app.command("chat")
def chat(
    backends: str = typer.Option(
        "none,local,local-asked",
        help="Backends to compare, comma-separated (local-asked: the local model re-ranks).",
    ),
    output: Path = typer.Option(None, "--output", "-o", help="Also write the figures as JSON."),
) -> None:
    """Turn latency and time to first streamed text on the demo catalog, per backend."""
    from pickwise.bench.chat import render, run

    results = run([b for b in backends.split(",") if b], say=lambda m: typer.echo(m, err=True))
    typer.echo(render(results))
    if output:
        output.write_text(json.dumps(results, indent=2))


@bench_app.command("load")
def load(
    backend: str = typer.Option(
        "none", "--backend", help="LLM backend of the server: none or local."
    ),
    users: int = typer.Option(50, "--users", min=1, help="Concurrent simulated users."),
    seconds: float = typer.Option(60, "--seconds", min=1, help="How long to drive the server."),
    out: Path = typer.Option(None, "--out", "-o", help="Also write the figures as JSON."),
) -> None:
    """Serve on loopback and drive it with concurrent users: requests, errors, latency per
    endpoint, 503s and the server's memory over the run (a long run is a soak)."""
    from pickwise.bench.load import render, run

    result = run(backend, users, seconds, say=lambda m: typer.echo(m, err=True))
    typer.echo(render(result))
    if out:
        out.write_text(json.dumps(result.to_dict(), indent=2))
