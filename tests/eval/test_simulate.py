"""The simulated user: never says the title, deterministic, and the command writes its outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pickwise.eval import simulate as sim
from pickwise.eval.data import metadata_items, read_metadata
from pickwise.retrieval.items import Item
from tests.conftest import HashEmbeddings

METADATA = {
    "1": {
        "name": "Arrival (2016)",
        "genre": ["sci-fi", "drama"],
        "plot": "A linguist decodes an alien language while twelve ships hover over the earth.",
        "director": ["Denis Villeneuve"],
        "star": ["Amy Adams", "Jeremy Renner"],
    },
    "2": {
        "name": "Paddington 2 (2017)",
        "genre": ["comedy", "family"],
        "plot": "A polite bear is framed for theft and sent to prison.",
        "director": ["Paul King"],
        "star": ["Ben Whishaw"],
    },
    "3": {
        "name": "Alien (1979)",
        "genre": ["horror", "sci-fi"],
        "plot": "A space crew is hunted by an alien creature aboard a mining ship.",
        "director": ["Ridley Scott"],
        "star": ["Sigourney Weaver"],
    },
    "4": {
        "name": "Groundhog Day",
        "genre": ["comedy", "fantasy"],
        "plot": "A weatherman relives the same groundhog day again and again.",
        "director": ["Harold Ramis"],
        "star": ["Bill Murray"],
    },
}


def write_inputs(folder: Path) -> tuple[Path, Path]:
    metadata = folder / "id2info.json"
    metadata.write_text(json.dumps(METADATA))
    targets = folder / "targets.txt"
    targets.write_text("1\n# a comment\n3\n4\n")
    return metadata, targets


def test_metadata_is_read_with_year_and_lists(tmp_path: Path) -> None:
    items = {it.id: it for it in read_metadata(write_inputs(tmp_path)[0])[0]}
    assert items["1"].metadata["year"] == 2016
    assert items["1"].metadata["genres"] == ("sci-fi", "drama")
    assert items["1"].metadata["cast"] == ("Amy Adams", "Jeremy Renner")
    assert "year" not in items["4"].metadata
    assert sim.read_targets(write_inputs(tmp_path)[1]) == ["1", "3", "4"]


def test_hints_follow_the_attribute_order() -> None:
    items = [
        Item.from_dict({"id": k, "title": v["name"], "text": v["plot"], "metadata": {}})
        for k, v in METADATA.items()
    ]
    simulator = sim.Simulator.fit(items)
    item = {i.id: i for i in metadata_items(METADATA)}["1"]
    said = simulator.utterances(item)
    assert said[0] == "I'm in the mood for a sci-fi drama movie."
    assert said[1] == "Something from the 2010s, please."
    assert said[3] == "I'd like one directed by Denis Villeneuve."
    assert said[4] == "Maybe with Amy Adams in it."


def test_keywords_skip_title_words_and_names() -> None:
    item = {i.id: i for i in metadata_items(METADATA)}["4"]
    words = sim.Simulator.fit([item]).keywords(item, n=10)
    assert "groundhog" not in words and "weatherman" in words


WORDS = st.sampled_from(["day", "alien", "love", "sci-fi", "drama", "it", "the", "war", "night"])


@settings(max_examples=200, deadline=None)
@given(
    title=st.lists(WORDS, min_size=1, max_size=3).map(" ".join),
    plot=st.lists(WORDS, min_size=0, max_size=12).map(" ".join),
    genres=st.lists(WORDS, max_size=2),
    person=st.lists(WORDS, min_size=1, max_size=2).map(" ".join),
)
def test_no_utterance_contains_the_title(
    title: str, plot: str, genres: list[str], person: str
) -> None:
    item = Item(
        "x",
        f"{title} (1999)",
        plot,
        {"genres": tuple(genres), "year": 1999, "director": (person,), "cast": (title,)},
    )
    for utterance in sim.Simulator.fit([item]).utterances(item, turns=5):
        assert not sim.title_leaks(utterance, item.title)


def test_title_leaks_matches_whole_words_only() -> None:
    assert sim.title_leaks("I want Alien now", "Alien (1979)")
    assert not sim.title_leaks("something alienating", "Alien (1979)")


def test_summary_counts_cumulative_hits() -> None:
    dialogues = [
        {"rank_per_turn": [None, 1]},
        {"rank_per_turn": [4]},
        {"rank_per_turn": [None, None, None]},
    ]
    summary = sim.summarise(dialogues, 3)
    assert [t["hit@10"] for t in summary["per_turn"]] == pytest.approx([1 / 3, 2 / 3, 2 / 3])
    assert [t["hit@1"] for t in summary["per_turn"]] == pytest.approx([0, 1 / 3, 1 / 3])
    assert summary["mean_turns_to_hit"] == 1.5


def test_simulation_is_deterministic(tmp_path: Path) -> None:
    metadata, targets = write_inputs(tmp_path)
    first = sim.run_simulation(metadata, targets, HashEmbeddings(), turns=3)
    second = sim.run_simulation(metadata, targets, HashEmbeddings(), turns=3)
    assert first == second
    assert first["targets"] == 3
    titles = {k: v["name"] for k, v in METADATA.items()}
    for conversation in first["conversations"]:
        for utterance in conversation["utterances"]:
            assert not sim.title_leaks(utterance, titles[conversation["target"]])


def test_unknown_targets_are_an_error(tmp_path: Path) -> None:
    metadata, targets = write_inputs(tmp_path)
    targets.write_text('["1", "99"]')
    with pytest.raises(Exception, match="99"):
        sim.run_simulation(metadata, targets, HashEmbeddings())


def test_cli_writes_json_markdown_and_png(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pickwise.cli import app
    from pickwise.cli import eval as eval_cli

    monkeypatch.setattr(eval_cli, "_embedder", HashEmbeddings)
    monkeypatch.setenv("PICKWISE_HOME", str(tmp_path / "home"))
    metadata, targets = write_inputs(tmp_path)
    out = tmp_path / "out"
    args = ["eval", "simulate", "--metadata", str(metadata), "--targets", str(targets)]
    args += ["--turns", "2", "--out", str(out)]
    monkeypatch.setattr("sys.argv", ["pickwise", *args])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads((out / "simulate.json").read_text())
    assert payload["command"].startswith("pickwise eval simulate")
    assert len(payload["per_turn"]) == 2
    assert list((tmp_path / "home" / "eval").iterdir())  # the catalog is kept for the next run
    assert len(payload["data"]) == 2
    assert "| 2 |" in (out / "simulate.md").read_text()
    assert (out / "simulate.png").read_bytes()[:4] == b"\x89PNG"


def test_a_catalog_folder_is_built_once_and_reused(tmp_path: Path) -> None:
    metadata, targets = write_inputs(tmp_path)
    catalogs = tmp_path / "catalogs"
    encoded: list[str] = []

    class Counting(HashEmbeddings):
        def encode(self, texts, progress=None):  # type: ignore[no-untyped-def]
            encoded.extend(texts)
            return super().encode(texts, progress)

    def item_texts() -> int:  # the texts that hold an item's plot: the items' own
        return sum(any(m["plot"] in t for m in METADATA.values()) for t in encoded)

    first = sim.run_simulation(metadata, targets, Counting(), turns=2, catalogs=catalogs)
    embedded = item_texts()
    second = sim.run_simulation(metadata, targets, Counting(), turns=2, catalogs=catalogs)
    assert embedded >= len(METADATA)
    # the items were not embedded again (this counted every encoding, and a turn that asks
    # for a kind may encode its query once per ranking with this uncached fake)
    assert item_texts() == embedded
    assert first["per_turn"] == second["per_turn"]
