"""Load benchmark: ``pickwise serve --no-ui`` on a loopback port, driven by many concurrent
simulated users (multi-turn chats, recommendations, feedback) for a bounded time.

It prints what was served, the errors by status, latency percentiles per endpoint, how many
turns were refused with 503 (the bounded queue in front of the LLM) and the server's memory
(RSS of the server and its children, sampled over the run, so a soak shows whether it grows).
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from pickwise.bench.chat import CONVERSATIONS

__all__ = ["LoadResult", "render", "run"]

QUERIES = ["space adventure", "a funny family film", "tense thriller", "romantic comedy", ""]
WHERE = [[], ["year>=1990"], ["genres!=horror"]]
REQUEST_TIMEOUT = 60.0


@dataclass
class LoadResult:
    backend: str
    users: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    refused_ms: list[float] = field(default_factory=list)
    retry_after_missing: int = 0
    timeouts: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    degraded_turns: int = 0
    rss: list[tuple[float, int]] = field(default_factory=list)
    elapsed: float = 0.0

    def record(self, endpoint: str, status: int, ms: float) -> None:
        self.statuses[endpoint][status] += 1
        if status == 200:
            self.latencies[endpoint].append(ms)
        elif status == 503:
            self.refused_ms.append(ms)

    def to_dict(self) -> dict[str, Any]:
        endpoints = {}
        for name in sorted(self.statuses):
            ok = self.latencies.get(name, [])
            endpoints[name] = {
                "requests": sum(self.statuses[name].values()),
                "statuses": {str(k): v for k, v in sorted(self.statuses[name].items())},
                **_percentiles(ok),
            }
        served = sum(sum(c.values()) for c in self.statuses.values())
        errors: Counter[int] = Counter()
        for counts in self.statuses.values():
            errors.update({s: n for s, n in counts.items() if s not in (200, 204, 503)})
        return {
            "backend": self.backend,
            "users": self.users,
            "seconds": self.seconds,
            "elapsed_s": round(self.elapsed, 1),
            "requests": served,
            "throughput_rps": round(served / self.elapsed, 1) if self.elapsed else 0.0,
            "errors": {str(k): v for k, v in sorted(errors.items())},
            "refused_503": sum(c[503] for c in self.statuses.values()),
            "refused_p95_ms": _percentiles(self.refused_ms)["p95_ms"],
            "retry_after_missing": self.retry_after_missing,
            "timeouts": self.timeouts,
            "failures": dict(self.failures),
            "degraded_turns": self.degraded_turns,
            "endpoints": endpoints,
            "rss_mb": [(round(t), round(b / 2**20)) for t, b in self.rss],
            "peak_rss_mb": round(max((b for _, b in self.rss), default=0) / 2**20),
        }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"p50_ms": float(p50), "p95_ms": float(p95), "p99_ms": float(p99)}


# --- the server -------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_of_tree(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants (Linux /proc), in bytes."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next(int(x.split()[1]) * 1024 for x in status.splitlines() if "VmRSS" in x)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


class Sampler:
    """Samples a process tree's RSS every ``every`` seconds in a background thread."""

    def __init__(self, pid: int, every: float = 1.0) -> None:
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._start = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - self._start, _rss_of_tree(self.pid)))
            self._stop.wait(self.every)

    def stop(self) -> list[tuple[float, int]]:
        self._stop.set()
        self._thread.join(5)
        return self.samples


def start_server(home: Path, backend: str, say: Callable[[str], None]) -> tuple[Any, str]:
    port = _free_port()
    env = {**os.environ, "PICKWISE_HOME": str(home), "PICKWISE_CATALOG": "demo"}
    # every turn asks the model (the local default, weight 0, would skip it): the bench measures
    # the queue in front of the LLM, so it keeps the model busy
    env.setdefault("PICKWISE_RERANK_WEIGHT_LOCAL", "0.1")
    env.pop("PICKWISE_API_KEYS", None)
    env.pop("PICKWISE_ADMIN_KEYS", None)
    cmd = [sys.executable, "-c", "from pickwise.cli import main; main()", "serve", "--no-ui"]
    cmd += ["--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--backend", backend]
    with (home / "server.log").open("w") as log:  # the child keeps its own handle
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited; see {home / 'server.log'}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                say(f"  server up at {url} (pid {proc.pid})")
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the server did not start within 300 s")


def stop_server(proc: Any) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# --- the simulated users ------------------------------------------------------------------------
class User:
    """One simulated user: chats a conversation turn by turn, asks for recommendations and
    likes or dislikes what it was shown, with a short pause between calls."""

    def __init__(self, n: int, client: httpx.AsyncClient, result: LoadResult, seed: int) -> None:
        self.id = f"load-user-{n}"
        self.client, self.result = client, result
        self.rng = random.Random(seed)
        self.seen: list[str] = []
        self.conversation = 0

    async def call(self, endpoint: str, method: str, path: str, **kw: Any) -> Any:
        start = time.perf_counter()
        try:
            r = await self.client.request(method, path, **kw)
        except httpx.TimeoutException:
            self.result.timeouts += 1
            return None
        except httpx.HTTPError as exc:
            self.result.failures[type(exc).__name__] += 1
            return None
        self.result.record(endpoint, r.status_code, (time.perf_counter() - start) * 1000)
        if r.status_code == 503 and "retry-after" not in r.headers:
            self.result.retry_after_missing += 1
        return r.json() if r.status_code == 200 else None

    async def chat(self) -> None:
        turns = CONVERSATIONS[self.conversation % len(CONVERSATIONS)]
        thread = f"c{self.conversation}"
        self.conversation += 1
        said: list[dict[str, str]] = []
        for message in turns:
            said.append({"role": "user", "content": message})
            body = {"model": "pickwise", "messages": said, "user": self.id}
            headers = {"X-Pickwise-Thread": thread}
            data = await self.call(
                "chat", "POST", "/v1/chat/completions", json=body, headers=headers
            )
            if data is None:
                return
            extra = data.get("pickwise") or {}
            self.result.degraded_turns += bool(extra.get("degraded"))
            self.seen = [p["id"] for p in extra.get("picks", [])] or self.seen
            said.append({"role": "assistant", "content": data["choices"][0]["message"]["content"]})
            await self.pause()

    async def recommend(self) -> None:
        if self.rng.random() < 0.5 and self.conversation:
            body: dict[str, Any] = {"user_id": self.id, "query": self.rng.choice(QUERIES)}
            endpoint = "recommendations (user)"
        else:
            body = {"query": self.rng.choice(QUERIES), "where": self.rng.choice(WHERE), "k": 10}
            endpoint = "recommendations"
        data = await self.call(endpoint, "POST", "/v1/recommendations", json=body)
        if data and data["results"]:
            self.seen = [r["item"]["id"] for r in data["results"]]

    async def feedback(self) -> None:
        if self.seen:
            body = {"item_id": self.rng.choice(self.seen), "liked": self.rng.random() < 0.7}
            await self.call("feedback", "POST", f"/v1/users/{self.id}/feedback", json=body)

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(0.1, 0.5))

    async def run(self, until: float) -> None:
        await asyncio.sleep(self.rng.uniform(0, 1))  # do not all start in the same instant
        while time.monotonic() < until:
            action = self.rng.choices([self.chat, self.recommend, self.feedback], [1, 4, 2])[0]
            await action()
            await self.pause()


async def drive(url: str, users: int, seconds: float, result: LoadResult) -> None:
    # idle connections close before uvicorn's 5 s keep-alive does, so none races a request
    limits = httpx.Limits(
        max_connections=users + 10, max_keepalive_connections=users + 10, keepalive_expiry=2
    )
    timeout = httpx.Timeout(REQUEST_TIMEOUT, connect=10)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:
        until = time.monotonic() + seconds
        await asyncio.gather(*(User(n, client, result, n).run(until) for n in range(users)))


def run(
    backend: str = "none",
    users: int = 50,
    seconds: float = 60,
    say: Callable[[str], None] = print,
) -> LoadResult:
    from pickwise import open_catalog
    from pickwise.config import Settings
    from pickwise.data import demo_catalog_path

    result = LoadResult(backend, users, seconds)
    with tempfile.TemporaryDirectory(prefix="pickwise-bench-load-") as tmp:
        home = Path(tmp)
        say("Loading the demo catalog...")
        s = Settings(home=home, catalog="demo", _env_file=None)  # type: ignore[call-arg]
        open_catalog(s).ingest(demo_catalog_path())
        say(f"Starting `pickwise serve --no-ui --backend {backend}`...")
        proc, url = start_server(home, backend, say)
        sampler = Sampler(proc.pid)
        try:
            try:  # one turn first, so the timed run does not measure lazy loading
                httpx.post(
                    f"{url}/v1/chat/completions",
                    json={"model": "pickwise", "messages": [{"role": "user", "content": "hello"}]},
                    timeout=REQUEST_TIMEOUT,
                )
            except httpx.TimeoutException:  # a figure in itself: counted, not a crash
                result.timeouts += 1
                say(f"  the first turn took over {REQUEST_TIMEOUT:g} s (counted as a timeout)")
            say(f"Driving it with {users} users for {seconds:.0f} s...")
            start = time.monotonic()
            asyncio.run(drive(url, users, seconds, result))
            result.elapsed = time.monotonic() - start
        finally:
            result.rss = sampler.stop()
            stop_server(proc)
    return result


def render(result: LoadResult) -> str:
    d = result.to_dict()
    lines = [
        f"backend {d['backend']}: {d['users']} users for {d['elapsed_s']} s, "
        f"{d['requests']} requests ({d['throughput_rps']}/s)",
        f"errors (by status): {d['errors'] or 'none'}; timeouts: {d['timeouts']}; "
        f"connection failures: {d['failures'] or 'none'}",
        f"refused with 503: {d['refused_503']} (p95 {d['refused_p95_ms']:.0f} ms; without "
        f"Retry-After: {d['retry_after_missing']}); "
        f"degraded turns: {d['degraded_turns']}",
        "",
        "| endpoint | requests | statuses | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for name, e in d["endpoints"].items():
        statuses = ", ".join(f"{k}: {v}" for k, v in e["statuses"].items())
        lines.append(
            f"| {name} | {e['requests']} | {statuses} | {e['p50_ms']:.0f} | "
            f"{e['p95_ms']:.0f} | {e['p99_ms']:.0f} |"
        )
    rss = d["rss_mb"]
    step = max(1, len(rss) // 12)
    timeline = ", ".join(f"{t}s {mb}" for t, mb in rss[::step])
    lines += ["", f"server RSS (MB, server + children): peak {d['peak_rss_mb']}; {timeline}"]
    return "\n".join(lines)
