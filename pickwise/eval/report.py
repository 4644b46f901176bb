"""Writing a benchmark's outputs: JSON result, Markdown table and a Recall@K chart."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pickwise.eval.metrics import recall_curve

__all__ = ["code_line", "provenance", "sha256", "write_outputs"]

#: Parts of a setting's name that mark a secret, left out of what a result records.
_SECRET = ("KEY", "TOKEN", "SECRET", "PASSWORD")


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def provenance() -> dict[str, Any]:
    """What produced a result: pickwise's version, the git commit of the checkout it runs from
    (None when it is installed from a package) and whether that had uncommitted changes, and
    the ``PICKWISE_*`` settings in the environment (secrets left out): a run with
    ``PICKWISE_LLM_TIMEOUT=120`` is not the same run as one without it."""
    from pickwise import __version__

    root = Path(__file__).resolve().parents[2]
    commit: str | None = None
    dirty: bool | None = None
    try:
        top = _git(root, "rev-parse", "--show-toplevel")
        if Path(top).resolve() == root:  # not a repository that merely holds an install
            commit = _git(root, "rev-parse", "HEAD")
            dirty = bool(_git(root, "status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        pass
    settings = {
        k: v
        for k, v in sorted(os.environ.items())
        if k.startswith("PICKWISE_") and not any(s in k for s in _SECRET)
    }
    return {"pickwise": __version__, "commit": commit, "uncommitted": dirty, "settings": settings}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=True
    )
    return done.stdout.strip()


def code_line(code: Mapping[str, Any] | None) -> str:
    """A result's provenance in one Markdown line ("" for results written before it was
    recorded)."""
    if not code:
        return ""
    line = f"pickwise {code['pickwise']}"
    if code.get("commit"):
        line += f", commit `{code['commit'][:12]}`"
        line += " with uncommitted changes" if code.get("uncommitted") else ""
    settings = code.get("settings") or {}
    if settings:
        line += "; settings: " + ", ".join(f"`{k}={v}`" for k, v in settings.items())
    return line


def write_outputs(
    out: Path,
    name: str,
    payload: Mapping[str, Any],
    ranks: Mapping[str, Mapping[str, list[int]]],
    max_k: int,
) -> list[Path]:
    """``<name>.json``, ``<name>.md`` and ``<name>.png`` in ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.json", out / f"{name}.md", out / f"{name}.png"]
    paths[0].write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    paths[1].write_text(_markdown(name, payload))
    _chart(paths[2], name, ranks, max_k)
    return paths


def _markdown(name: str, payload: Mapping[str, Any]) -> str:
    lines = [f"# {name}", "", f"`{payload['command']}`", ""]
    if code_line(payload.get("code")):
        lines += [code_line(payload.get("code")), ""]
    for setting, methods in payload["results"].items():
        ks = list(next(iter(methods.values()))) if methods else []
        lines += [f"## {setting} ({payload['targets'][setting]} targets)", ""]
        lines.append("| method | " + " | ".join(k.replace("recall", "R") for k in ks) + " |")
        lines.append("| --- |" + " ---: |" * len(ks))
        rows = dict(methods)
        nested = payload.get("nested_tuning", {}).get("results", {}).get(setting)
        if nested:
            rows["pickwise, weights tuned on the other folds"] = nested
        for method, values in rows.items():
            lines.append(f"| {method} | " + " | ".join(f"{values[k]:.3f}" for k in ks) + " |")
        lines.append("")
    if payload.get("rerank"):
        lines += _rerank_markdown(payload["rerank"])
    lat = payload.get("latency_ms", {})
    if lat:
        lines += ["## Latency (ms per turn)", ""]
        lines += [f"- {k}: {v}" for k, v in lat.items()]
        lines.append("")
    return "\n".join(lines)


def _rerank_markdown(r: Mapping[str, Any]) -> list[str]:
    """The LLM re-rank table: retrieval alone (weight 0) against each weight, and the LLM's
    failures and latency."""
    llm, window = r["llm"], r["window"]
    lines = [
        f"## LLM re-rank ({r['backend']}, ALL setting: {r['samples']} samples, "
        f"{r['targets']} targets)",
        "",
        f"One LLM call per sample; its order is fused with the retrieval order under each weight. "
        f"The top {window['fused_candidates']} candidates are fused, the LLM sees the first "
        f"{window['shown_to_llm']}: {window['note']}.",
        "",
        "| weight | R@1 | R@5 | R@10 | delta R@1 | delta R@5 | R@1 gained/lost | R@5 gained/lost |",
        "| --- |" + " ---: |" * 7,
    ]
    for label, values in r["results"].items():
        d, p = r["delta_vs_retrieval"][label], r["paired_vs_retrieval"][label]
        w = float(label.split()[-1])
        name = label + (" (retrieval alone)" if w == 0 else "")
        name += " (LLM order first)" if w == 1 else ""
        name += " (in force)" if w == r["weight_in_force"] else ""
        name = f"**{name}**" if w == r["best_weight"] else name
        lines.append(
            f"| {name} | "
            + " | ".join(f"{values[f'recall@{k}']:.3f}" for k in (1, 5, 10))
            + f" | {d['recall@1']:+.3f} | {d['recall@5']:+.3f} | "
            + " | ".join(f"{p[f'recall@{k}']['gained']}/{p[f'recall@{k}']['lost']}" for k in (1, 5))
            + " |"
        )
    lat = llm["latency_ms"]
    lines += [
        "",
        f"- best weight ({r['objective']}): **{r['best_weight']:g}** "
        f"({r['best_objective']:.4f} against {r['retrieval_objective']:.4f} for retrieval alone)",
        f"- LLM calls: {llm['calls']}; fallbacks to the retrieval order: {llm['fallbacks']} "
        f"({100 * llm['fallback_rate']:.1f}%) {llm['fallback_kinds'] or ''}",
        f"- valid picks per answer: {llm['mean_valid_picks']}; answers that repeat the retrieval "
        f"order: {100 * llm['same_order_as_retrieval']:.1f}%",
        f"- LLM latency per sample: median {lat['median']} ms, p95 {lat['p95']} ms, "
        f"max {lat['max']} ms",
        "",
    ]
    return lines


def _chart(path: Path, name: str, ranks: Mapping[str, Mapping[str, list[int]]], max_k: int) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover
        raise RuntimeError(f"the chart needs matplotlib: pip install matplotlib ({exc})") from exc
    fig, axes = plt.subplots(1, len(ranks), figsize=(6 * max(len(ranks), 1), 4.5), squeeze=False)
    ks = list(range(1, max_k + 1))
    for ax, (setting, methods) in zip(axes[0], ranks.items(), strict=False):
        for method, r in methods.items():
            ax.plot(
                ks,
                recall_curve(r, max_k),
                label=method,
                linewidth=2.2 if method == "pickwise" else 1.2,
            )
        ax.set_title(f"{name}: {setting}")
        ax.set_xlabel("K")
        ax.set_ylabel("Recall@K")
        ax.set_xscale("log")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
