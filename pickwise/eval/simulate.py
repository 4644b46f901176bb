"""A leak-free simulated user (in the spirit of iEvaLM's attribute mode) driving the real agent.

The simulator holds a hidden target item and, turn by turn, tells the agent one more fact about
it from the metadata: genres, decade, plot keywords, then a director, then an actor. It never
says the title: words of the title are never used as keywords, and an utterance that would still
contain the title is replaced by a neutral one. Utterances are template sentences, so a run is
deterministic and needs no LLM. The conversation stops when the target is among the agent's picks.

Metadata file: read by :func:`pickwise.eval.data.read_metadata` (ReDial's ``id2info.json``).
Targets file: item ids, one per line, or a JSON list.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pickwise.errors import CatalogError
from pickwise.eval.data import read_metadata
from pickwise.eval.report import code_line, provenance, sha256
from pickwise.retrieval.embeddings import VectorEmbeddings
from pickwise.retrieval.items import Item

__all__ = ["Simulator", "read_targets", "run_simulation", "title_leaks"]

YEAR = re.compile(r"\s*\((\d{4})\)\s*$")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = """a an and are as at be been but by for from has have he her his in into is it its of on
or she that the their them they this to was were who whom with after before when while where
which what will would can could about over under up down out off than then there these those
one two three own only also just very more most some such each other both all any not no
him himself herself itself themselves being become becomes becoming"""
STOPWORDS = frozenset(_STOP.split())
Progress = Callable[[str, int, int], None]
MAX_TURNS = 5
PICKS = 10


def read_targets(path: str | Path) -> list[str]:
    """Target ids: a JSON list, or one id per line (blank lines and ``#`` comments skipped)."""
    text = Path(path).read_text(encoding="utf-8").strip()
    if text.startswith("["):
        return [str(t) for t in json.loads(text)]
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def bare_title(title: str) -> str:
    return YEAR.sub("", title).strip()


def title_leaks(utterance: str, title: str) -> bool:
    """Whether the title (without its year) appears as a phrase in the utterance."""
    bare = bare_title(title)
    if not bare:
        return False
    pattern = r"(?<![A-Za-z0-9])" + re.escape(bare.lower()) + r"(?![A-Za-z0-9])"
    return re.search(pattern, utterance.lower()) is not None


@dataclass(frozen=True)
class Simulator:
    """Builds the hint utterances for one target from its metadata and catalog word rarity."""

    document_frequency: Mapping[str, int]
    documents: int

    @classmethod
    def fit(cls, items: Sequence[Item]) -> Simulator:
        df: Counter[str] = Counter()
        for item in items:
            df.update(set(_plain_words(item.text)))
        return cls(df, len(items))

    def keywords(self, item: Item, n: int = 3) -> list[str]:
        """The rarest lower-case plot words (proper nouns and title words left out)."""
        title_words = {w.lower() for w in WORD.findall(item.title)}
        words = {w for w in _plain_words(item.text) if w not in title_words}
        return sorted(words, key=lambda w: (self.document_frequency.get(w, 0), w))[:n]

    def utterances(self, item: Item, turns: int = MAX_TURNS) -> list[str]:
        meta = item.metadata
        hints: list[str] = []
        genres = _strings(meta.get("genres"))
        if genres:
            hints.append(f"I'm in the mood for a {' '.join(genres[:2])} movie.")
        year = meta.get("year")
        if isinstance(year, int | float) and not math.isnan(year):
            hints.append(f"Something from the {int(year) // 10 * 10}s, please.")
        keywords = self.keywords(item)
        if keywords:
            hints.append(f"Ideally the story involves {', '.join(keywords)}.")
        directors = _strings(meta.get("director"))
        if directors:
            hints.append(f"I'd like one directed by {directors[0]}.")
        cast = _strings(meta.get("cast"))
        if cast:
            hints.append(f"Maybe with {cast[0]} in it.")
        hints = [h if not title_leaks(h, item.title) else "" for h in hints]
        hints = [h for h in hints if h]
        hints += ["Any other ideas?"] * max(0, turns - len(hints))
        return [h if not title_leaks(h, item.title) else "Something else?" for h in hints[:turns]]


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, tuple) else []


def _plain_words(text: str) -> list[str]:
    """Words written in lower case (so names are skipped), minus stop words."""
    return [w for w in WORD.findall(text) if w.islower() and len(w) > 3 and w not in STOPWORDS]


def simulate_dialogue(
    agent: Any, sim: Simulator, item: Item, user: str, turns: int
) -> dict[str, Any]:
    """One conversation; ``rank_per_turn`` holds the target's 1-based rank or ``None``."""
    ranks: list[int | None] = []
    said = sim.utterances(item, turns)
    for utterance in said:
        reply = agent.chat(utterance, user_id=user, thread_id="sim")
        ids = [p.item_id for p in reply.picks]
        ranks.append(ids.index(item.id) + 1 if item.id in ids else None)
        if ranks[-1] is not None:
            break
    return {"target": item.id, "utterances": said[: len(ranks)], "rank_per_turn": ranks}


def summarise(dialogues: Sequence[Mapping[str, Any]], turns: int) -> dict[str, Any]:
    """Cumulative Hit@1/Hit@10 after each turn and the mean turns to a hit (among hits)."""
    n = max(len(dialogues), 1)
    per_turn = []
    for t in range(1, turns + 1):
        early = [[r for r in d["rank_per_turn"][:t] if r is not None] for d in dialogues]
        per_turn.append(
            {
                "turn": t,
                "hit@1": sum(1 for e in early if e and e[0] == 1) / n,
                "hit@10": sum(1 for e in early if e and e[0] <= PICKS) / n,
            }
        )
    hit_turns = [
        i + 1 for d in dialogues for i, r in enumerate(d["rank_per_turn"]) if r is not None
    ]
    return {
        "dialogues": len(dialogues),
        "per_turn": per_turn,
        "success_rate": len(hit_turns) / n,
        "mean_turns_to_hit": sum(hit_turns) / len(hit_turns) if hit_turns else None,
    }


def run_simulation(
    metadata_path: str | Path,
    targets_path: str | Path,
    embedder: VectorEmbeddings,
    turns: int = MAX_TURNS,
    progress: Progress | None = None,
    catalogs: Path | None = None,
) -> dict[str, Any]:
    """Talk to the real agent (backend none) over the metadata's catalog.

    The catalog is built under ``catalogs`` once per metadata file and model (shared with the
    conversational benchmarks), or in a throw-away folder when ``catalogs`` is None.
    """
    from pickwise.agent.app import AgentConfig, Pickwise, open_checkpointer
    from pickwise.agent.profile import ProfileStore
    from pickwise.config import Settings
    from pickwise.eval.conversational import open_benchmark_catalog

    items, _ = read_metadata(metadata_path)
    by_id = {it.id: it for it in items}
    targets = read_targets(targets_path)
    unknown = [t for t in targets if t not in by_id]
    if unknown:
        raise CatalogError(f"target id(s) {unknown[:5]} are not in {metadata_path}.")
    sim = Simulator.fit(items)
    with tempfile.TemporaryDirectory(prefix="pickwise-sim-") as tmp:
        home = Path(tmp)
        catalog = open_benchmark_catalog(Path(metadata_path), catalogs or home, embedder, progress)
        agent = Pickwise(
            catalog,
            ProfileStore(home / "profiles.sqlite3"),
            None,
            open_checkpointer(home),
            AgentConfig(
                picks=PICKS,
                candidates=max(20, PICKS),
                weight_keywords_chat=Settings().weight_keywords_chat,
            ),
        )
        dialogues = []
        try:
            for n, target in enumerate(targets):
                dialogues.append(simulate_dialogue(agent, sim, by_id[target], f"sim-{n}", turns))
                if progress:
                    progress("simulated dialogues", n + 1, len(targets))
        finally:
            agent.close()
    return {
        "benchmark": "simulated-user-attributes",
        "catalog_items": len(items),
        "targets": len(targets),
        "turns": turns,
        "picks_per_turn": PICKS,
        "backend": "none",
        "embedding_model": embedder.model_name,
        **summarise(dialogues, turns),
        "conversations": dialogues,
    }


def run_and_write(
    metadata_path: Path,
    targets_path: Path,
    embedder: VectorEmbeddings,
    out: Path,
    command: str,
    turns: int = MAX_TURNS,
    progress: Progress | None = None,
    catalogs: Path | None = None,
) -> dict[str, Any]:
    """Run the simulation and write ``simulate.json``/``.md``/``.png`` into ``out``."""
    code = provenance()  # the code as it was when the run started
    result = run_simulation(metadata_path, targets_path, embedder, turns, progress, catalogs)
    payload = {
        "command": command,
        "code": code,
        "data": {str(p): sha256(p) for p in (metadata_path, targets_path)},
        **result,
    }
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"simulate.{ext}" for ext in ("json", "md", "png")]
    paths[0].write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    paths[1].write_text(_markdown(payload))
    _chart(paths[2], payload["per_turn"])
    return {**payload, "outputs": [str(p) for p in paths]}


def _markdown(payload: Mapping[str, Any]) -> str:
    lines = [
        "# simulate",
        "",
        f"`{payload['command']}`",
        "",
        *([code_line(payload.get("code")), ""] if code_line(payload.get("code")) else []),
        f"{payload['targets']} targets, {payload['catalog_items']} catalog items, "
        f"{payload['picks_per_turn']} picks per turn, backend {payload['backend']}.",
        "",
        "| turn | Hit@1 (cumulative) | Hit@10 (cumulative) |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {t['turn']} | {t['hit@1']:.3f} | {t['hit@10']:.3f} |" for t in payload["per_turn"]
    ]
    mean = payload["mean_turns_to_hit"]
    lines += ["", f"Mean turns to a hit (among hits): {'-' if mean is None else f'{mean:.2f}'}", ""]
    return "\n".join(lines)


def _chart(path: Path, per_turn: Sequence[Mapping[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    turns = [t["turn"] for t in per_turn]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for key in ("hit@1", "hit@10"):
        ax.plot(turns, [t[key] for t in per_turn], marker="o", label=key.replace("hit", "Hit"))
    ax.set_xlabel("turn")
    ax.set_ylabel("cumulative hit rate")
    ax.set_title("simulated user (attribute hints)")
    ax.set_xticks(turns)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
