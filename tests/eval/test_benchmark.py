"""The benchmark run: fold separation, every method on the same samples, outputs, learn."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

import pickwise
import pickwise.eval.runner as runner_module
import pickwise.retrieval
from pickwise.cli import app
from pickwise.eval.conversational import open_benchmark_catalog
from pickwise.eval.data import read_redial
from pickwise.eval.report import code_line
from pickwise.eval.runner import run_benchmark
from pickwise.retrieval.catalog import DEFAULT_WEIGHTS
from tests.conftest import HashEmbeddings


@pytest.fixture
def catalog(data_dir: Path, tmp_path: Path) -> Any:
    return open_benchmark_catalog(data_dir / "id2info.json", tmp_path / "home", HashEmbeddings())


def test_learned_sources_never_see_the_scored_dialogues(
    data_dir: Path, catalog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitted: list[set[int]] = []
    real_fit = runner_module.fit_from_samples

    def spy(dialogues: Any, samples: Any, vectors: Any, known: Any) -> Any:
        fitted.append({s.dialogue for s in samples})
        return real_fit(dialogues, samples, vectors, known)

    monkeypatch.setattr(runner_module, "fit_from_samples", spy)
    titles = {i.id: i.title for i in catalog.index.items}
    dialogues = read_redial(data_dir / "redial.jsonl", titles)
    result = run_benchmark(dialogues, catalog.index, catalog.embedder, DEFAULT_WEIGHTS, folds=3)
    folds = runner_module.fold_of(len(dialogues), 3)
    assert len(fitted) == 3
    for f, train in enumerate(fitted):
        assert train == {d for d in range(len(dialogues)) if folds[d] != f}
    assert result.samples == 2 * len(dialogues)
    methods = result.ranks["ALL"]
    assert {"pickwise", "dense", "bm25", "popularity", "comention"} <= set(methods)
    assert len({len(r) for r in methods.values()}) == 1  # same targets for every method
    # the space-creature dialogues repeat: learned signals find the next movie
    assert result.recall()["ALL"]["pickwise"]["recall@10"] > 0.5


@pytest.fixture
def eval_redial(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Runs ``pickwise eval redial`` on the tiny files (2 folds, fake embeddings)."""
    monkeypatch.setenv("PICKWISE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(pickwise.retrieval, "SentenceEmbeddings", lambda *a, **k: HashEmbeddings())

    def run(*extra: str) -> Result:
        args = ["eval", "redial", "--dialogues", str(data_dir / "redial.jsonl")]
        args += ["--metadata", str(data_dir / "id2info.json"), "--folds", "2"]
        return CliRunner().invoke(app, [*args, "--out", str(tmp_path / "out"), *extra])

    return run


def test_eval_redial_writes_json_markdown_and_chart(
    tmp_path: Path, eval_redial: Callable[..., Result]
) -> None:
    out = tmp_path / "out"
    result = eval_redial()
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "redial.json").read_text())
    assert payload["command"].startswith("pickwise ")
    assert len(payload["data"]) == 2 and all(len(v) == 64 for v in payload["data"].values())
    assert set(payload["results"]) == {"ALL", "NEW"}
    assert payload["latency_ms"]["turn_median"] > 0
    assert "| pickwise |" in (out / "redial.md").read_text()
    assert (out / "redial.png").read_bytes()[:4] == b"\x89PNG"
    nested = payload["nested_tuning"]
    assert [c["fold"] for c in nested["weights_per_fold"]] == [0, 1]
    assert set(nested["results"]) == {"ALL", "NEW"}
    assert "| pickwise, weights tuned on the other folds |" in (out / "redial.md").read_text()


def test_a_result_records_the_code_and_settings_that_produced_it(
    tmp_path: Path, eval_redial: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LLM re-rank figures could not say which commit they came from, nor that they ran with
    ``PICKWISE_LLM_TIMEOUT=120`` (the command does not show the environment)."""
    monkeypatch.setenv("PICKWISE_LLM_TIMEOUT", "120")
    monkeypatch.setenv("PICKWISE_OPENAI_API_KEY", "sk-not-to-be-written")
    assert eval_redial().exit_code == 0
    code = json.loads((tmp_path / "out" / "redial.json").read_text())["code"]
    assert code["pickwise"] == pickwise.__version__
    assert code["settings"]["PICKWISE_LLM_TIMEOUT"] == "120"
    assert "PICKWISE_OPENAI_API_KEY" not in code["settings"]
    root = Path(pickwise.__file__).resolve().parents[1]
    if (root / ".git").exists():  # run from a checkout: its commit
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True
        )
        assert code["commit"] == head.stdout.strip() and isinstance(code["uncommitted"], bool)
    else:  # installed from a package: no commit to name
        assert code["commit"] is None
    markdown = (tmp_path / "out" / "redial.md").read_text()
    assert f"pickwise {pickwise.__version__}" in markdown
    assert "`PICKWISE_LLM_TIMEOUT=120`" in markdown and "sk-not" not in markdown


def test_the_code_line_names_the_commit_and_the_settings() -> None:
    code = {"pickwise": "0.1.0", "commit": "a" * 40, "uncommitted": True, "settings": {"X": "1"}}
    assert code_line(code) == (
        "pickwise 0.1.0, commit `aaaaaaaaaaaa` with uncommitted changes; settings: `X=1`"
    )
    assert code_line({"pickwise": "0.1.0", "commit": None, "settings": {}}) == "pickwise 0.1.0"
    assert code_line(None) == ""  # a result written before the code was recorded


def test_eval_inspired_runs(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PICKWISE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(pickwise.retrieval, "SentenceEmbeddings", lambda *a, **k: HashEmbeddings())
    args = ["eval", "inspired", "--dialogues", str(data_dir / "inspired.tsv")]
    args += ["--metadata", str(data_dir / "id2info.json"), "--folds", "2"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "inspired.json").read_text())["samples"] == 8


def test_learn_stores_a_model_that_the_catalog_uses(
    data_dir: Path, catalog: Any, tmp_path: Path
) -> None:
    from pickwise.eval.learning import fit_from_dialogues
    from pickwise.retrieval import Request

    titles = {i.id: i.title for i in catalog.index.items}
    dialogues = read_redial(data_dir / "redial.jsonl", titles)
    model, n = fit_from_dialogues(dialogues, catalog.embedder, frozenset(titles))
    assert n == 2 * len(dialogues)
    catalog.save_learned(model)
    # 101 came up and is seen (else the "mentioned" source would rightly put it first): what
    # the stored co-mention model pulls in next is 102. The text names no genre ("scary" would
    # rightly lift The Thing, the horror film, through the genres source).
    text = "space creatures"
    request = Request(query=text, context=text, mentioned=("101",), seen=("101",), k=3)
    picks = catalog.recommend(request)
    assert "comention" in {s.source for s in picks[0].signals}
    assert picks[0].item.id == "102"
    assert "often" in picks[0].reason()


def test_a_movie_mentioned_earlier_ranks_high_in_all(data_dir: Path, catalog: Any) -> None:
    from pickwise.eval.samples import build_samples

    titles = {i.id: i.title for i in catalog.index.items}
    dialogues = read_redial(data_dir / "redial.jsonl", titles)
    # fitted on the same dialogues only to fix the order of the ranks (one plan, sample order);
    # no genres: the seekers' "scary" would rightly lift The Thing, a horror film, beside them;
    # no traits: it lifts the films like the mentioned one, and leaves that one to "mentioned"
    weights = {**DEFAULT_WEIGHTS, "genres": 0.0, "traits": 0.0}
    result = run_benchmark(dialogues, catalog.index, catalog.embedder, weights, fit=dialogues)
    pairs = [
        (t in s.mentioned, t)
        for s in build_samples(dialogues, frozenset(titles))
        for t in s.targets
    ]
    repeated = [
        r for (seen, _), r in zip(pairs, result.ranks["ALL"]["pickwise"], strict=True) if seen
    ]
    assert repeated and max(repeated) < 2  # the "mentioned" source puts it on top


def _ratings_files(data_dir: Path) -> list[str]:
    """IMDb ids in the metadata, and MovieLens-style ratings that pair Alien with The Thing."""
    meta = json.loads((data_dir / "id2info.json").read_text())
    for movie_id, info in meta.items():
        info["imdb_id"] = f"tt0{movie_id}000"
    (data_dir / "id2info.json").write_text(json.dumps(meta))
    # MovieLens ids 1..6 stand for metadata ids 101..106; 7 is a film the metadata lacks
    links = ["movieId,imdbId,tmdbId"] + [f"{n},0{100 + n}000,{n}" for n in range(1, 7)]
    links.append("7,0999999,7")
    (data_dir / "links.csv").write_text("\n".join(links) + "\n")
    rows = ["userId,movieId,rating,timestamp"]
    for user in range(8):
        rows += [f"{user},1,5.0,1", f"{user},3,4.0,2", f"{user},7,3.0,3"]
    rows += ["8,4,4.0,1", "8,5,4.0,2", "9,4,3.0,1", "9,5,5.0,2"]
    (data_dir / "ratings.csv").write_text("\n".join(rows) + "\n")
    return ["--ratings", str(data_dir / "ratings.csv"), "--links", str(data_dir / "links.csv")]


def test_eval_redial_with_ratings_adds_the_collaborative_signal(
    data_dir: Path, tmp_path: Path, eval_redial: Callable[..., Result]
) -> None:
    out = tmp_path / "out"
    result = eval_redial(*_ratings_files(data_dir))
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "redial.json").read_text())
    assert payload["protocol"]["interactions"] == {
        "ratings": 28,
        "linked_ratings": 20,  # film 7 is not in the metadata
        "linked_items": 4,
        "model": "ease",
    }
    assert len(payload["data"]) == 4  # the ratings and links files are checksummed too
    ratings = payload["results"]["NEW"]["ratings"]
    # after Alien comes up, people who rated Alien also rated The Thing
    assert ratings["recall@10"] > 0
    assert "| ratings |" in (out / "redial.md").read_text()


def test_eval_without_ratings_reports_no_ratings_row(data_dir: Path, catalog: Any) -> None:
    titles = {i.id: i.title for i in catalog.index.items}
    dialogues = read_redial(data_dir / "redial.jsonl", titles)
    result = run_benchmark(dialogues, catalog.index, catalog.embedder, DEFAULT_WEIGHTS, folds=2)
    assert "ratings" not in result.ranks["ALL"]


def test_eval_ratings_need_links_and_a_match(
    data_dir: Path, eval_redial: Callable[..., Result]
) -> None:
    files = _ratings_files(data_dir)
    alone = eval_redial(*files[:2])
    assert alone.exit_code != 0 and "--ratings and --links go together" in str(alone.exception)
    (data_dir / "links.csv").write_text("movieId,imdbId,tmdbId\n1,0000001,1\n")
    unmatched = eval_redial(*files)
    assert unmatched.exit_code != 0
    assert "matched a movie" in str(unmatched.exception) and "imdb_id" in str(unmatched.exception)


def _record(good: str, n: int = 60) -> tuple[dict[str, Any], Any, int]:
    """One sample: source ``good`` scores the target (row 30) highest, the other lowest."""
    import numpy as np

    rng = np.random.default_rng(len(good))
    bad = "b" if good == "a" else "a"
    z = {good: rng.normal(size=n), bad: rng.normal(size=n)}
    z[good][30], z[bad][30] = 5.0, -5.0
    return z, np.arange(n) == 30, 1


def test_nested_tuning_chooses_each_folds_weights_on_the_other_folds() -> None:
    result = runner_module.BenchmarkResult()
    # fold 0 (the largest) rewards source b; folds 1 and 2 reward source a. Tuning on every
    # fold would choose b for fold 0; tuning on the other folds chooses a.
    records = [_record("b")] * 12 + [_record("a")] * 8
    folds = [0] * 12 + [1] * 4 + [2] * 4
    result.records = {"ALL": records}
    result.record_folds = {"ALL": folds}
    nested = runner_module.nested_tuning(result, {"a": 0.0, "b": 1.0})
    chosen = {c["fold"]: c["weights"] for c in nested["weights_per_fold"]}
    assert chosen[0]["a"] > chosen[0]["b"]  # fold 0's own records would have said b
    assert chosen[1]["b"] > chosen[1]["a"]  # fold 0 outweighs fold 2
    # fold 0 is ranked with a-weights (its targets fall far), folds 1 and 2 with b-weights
    assert nested["results"]["ALL"]["recall@1"] == 0.0
    assert runner_module.nested_tuning(runner_module.BenchmarkResult(), {"a": 1.0}) == {}


def test_the_weight_search_counts_hits_as_a_stable_sort_of_each_sample_does() -> None:
    """The search re-fuses all samples at once; it must rank exactly as ``_hits`` does, ties,
    missing sources, samples without a target in their union and empty sets included."""
    import numpy as np

    rng = np.random.default_rng(7)
    records = []
    for i in range(40):
        n = int(rng.integers(1, 30))
        z = {"a": rng.normal(size=n).round(1), "b": rng.integers(0, 3, size=n).astype(float)}
        if i % 3 == 0:
            del z["b"]  # a source inactive for this sample
        records.append((z, rng.random(n) < 0.2, int(rng.integers(1, 4))))
    stacked = runner_module._Stacked(records, ["a", "b"])
    for weights in ({"a": 0.0, "b": 0.0}, {"a": 1.0, "b": 0.5}, {"a": 0.0, "b": 1.0}, {"b": 2.0}):
        assert stacked.hits(weights, (1, 3, 10)) == runner_module._hits(
            records, weights, (1, 3, 10)
        )
    assert runner_module._Stacked([], ["a"]).hits({"a": 1.0}, (10,)) == ({10: 0}, 0)


def test_redial_fits_as_it_did_its_dislikes_reject_nothing(data_dir: Path, catalog: Any) -> None:
    """ReDial's "didn't like" answers are opinions, not a thumbs down on a pick: its dialogues
    reject nothing, and the fit is the one from before rejections, array for array."""
    import numpy as np

    from pickwise.eval.learning import fit_from_samples
    from pickwise.eval.samples import build_samples
    from pickwise.retrieval.learned import TrainingExample, fit_learned

    path = data_dir / "redial.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    records[0]["initiatorQuestions"]["102"] = {"liked": 0, "seen": 0, "suggested": 1}
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    titles = {i.id: i.title for i in catalog.index.items}
    known = frozenset(titles)
    dialogues = read_redial(path, titles)
    assert dialogues[0].disliked == ("102",) and all(d.rejected == () for d in dialogues)
    samples = build_samples(dialogues, known)
    vectors = catalog.embedder.encode([s.user_text for s in samples])
    model = fit_from_samples(dialogues, samples, vectors, known)
    # what fit_from_samples computed before a pick could be rejected
    used = sorted({s.dialogue for s in samples})
    before = fit_learned(
        [TrainingExample(v, s.targets, s.mentioned) for s, v in zip(samples, vectors, strict=True)],
        [[i for i in dialogues[d].items if i in known] for d in used],
        [t for s in samples for t in s.targets],
    )
    assert model.item_ids == before.item_ids and model.neighbours == before.neighbours
    for name in ("ease", "ridge", "memory", "counts"):
        assert np.array_equal(getattr(model, name), getattr(before, name)), name
    assert (model.memory_targets != before.memory_targets).nnz == 0
    assert model.memory_targets.dtype == before.memory_targets.dtype


def test_a_tuned_encoder_is_tuned_per_fold_on_its_training_dialogues_only(
    data_dir: Path, catalog: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--tune-encoder`: each fold tunes on (user text, item text) pairs of its own training
    dialogues, and its items and conversations are read through the tuned encoder."""
    from pickwise.retrieval.tuning import TuningConfig

    titles = {i.id: i.title for i in catalog.index.items}
    dialogues = read_redial(data_dir / "redial.jsonl", titles)
    documents = {i.document(): i.id for i in catalog.index.items}
    tuned_on: list[set[str]] = []
    encoders: list[Any] = []

    class Tuned(HashEmbeddings):
        model_name = "tuned-hash"

        def encode(self, texts: Any, progress: Any = None) -> Any:
            return super().encode([f"{t} tuned" for t in texts], progress)

    def tune(base: str, pairs: Any, config: Any, progress: Any = None) -> Any:
        assert base == catalog.embedder.model_name and isinstance(config, TuningConfig)
        tuned_on.append({q for q, _ in pairs})
        assert all(d in documents for _, d in pairs)  # the items' own texts
        encoders.append(Tuned())
        return encoders[-1]

    monkeypatch.setattr(runner_module, "tune_encoder", tune)
    result = run_benchmark(
        dialogues, catalog.index, catalog.embedder, DEFAULT_WEIGHTS, 3, tuning=TuningConfig()
    )
    folds = runner_module.fold_of(len(dialogues), 3)
    samples = runner_module.build_samples(dialogues, frozenset(catalog.index.row_of))
    assert len(tuned_on) == 3
    for f, texts in enumerate(tuned_on):
        held_out = {s.user_text for s in samples if folds[s.dialogue] == f}
        trained = {s.user_text for s in samples if folds[s.dialogue] != f and s.user_text}
        assert texts == trained and not texts & (held_out - trained)
    # every fold embedded the catalog and the conversations with its own encoder
    assert all(e.encoded >= len(catalog.index) for e in encoders)
    assert result.samples == 2 * len(dialogues)
