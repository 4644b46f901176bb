"""A catalog embedded with a tuned encoder keeps it; one embedded with another model says so.

The tuning itself runs for real on the bundled MiniLM, on a handful of pairs.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from pickwise.errors import ConfigError
from pickwise.retrieval import Catalog, Request, SentenceEmbeddings
from pickwise.retrieval.tuning import MARKER, TuningConfig, save_encoder, tune_encoder, tuned_base
from tests.conftest import FILMS, KINDS, HashEmbeddings

BASE = "all-MiniLM-L6-v2"
#: Requests worded nothing like the films' text, each paired with the film that answered it.
PAIRS = [
    ("my kid wants aliens that talk in circles", FILMS[0].document()),
    ("space trip to save the farmers of the future", FILMS[1].document()),
    ("the one where a guy steals ideas in a nap", FILMS[2].document()),
    ("robot falls for a girl robot after cleaning the planet", FILMS[3].document()),
] * 4


class OtherHash(HashEmbeddings):
    model_name = "another-hash-64"


def _pair_similarity(encoder: SentenceEmbeddings) -> float:
    queries = encoder.encode([q for q, _ in PAIRS[:4]])
    documents = encoder.encode([d for _, d in PAIRS[:4]])
    return float(np.mean(np.sum(queries * documents, axis=1)))


@pytest.fixture(scope="module")
def tuned_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    encoder = tune_encoder(BASE, PAIRS, TuningConfig(epochs=2, batch_size=4, learning_rate=1e-4))
    folder = tmp_path_factory.mktemp("encoders") / "films"
    return Path(save_encoder(encoder, folder, BASE, {"pairs": len(PAIRS)}))


@pytest.mark.slow
def test_tuning_pulls_each_request_to_the_item_that_answered_it() -> None:
    base = SentenceEmbeddings(BASE)
    config = TuningConfig(epochs=2, batch_size=4, learning_rate=1e-4)
    tuned = tune_encoder(BASE, PAIRS, config)
    assert _pair_similarity(tuned) > _pair_similarity(base) + 0.05
    again = tune_encoder(BASE, PAIRS, config)  # seeded: the same model twice
    assert np.allclose(tuned.encode(["a quiet film"]), again.encode(["a quiet film"]), atol=1e-5)


def test_too_few_pairs_for_one_batch_is_an_error() -> None:
    with pytest.raises(ConfigError, match="make no batch of 32"):
        tune_encoder(BASE, PAIRS[:3])


@pytest.mark.slow
def test_a_saved_encoder_names_the_model_it_was_tuned_from(tuned_folder: Path) -> None:
    assert (tuned_folder / MARKER).exists()
    assert tuned_base(str(tuned_folder)) == BASE
    assert tuned_base(BASE) is None  # a model name is no tuned folder
    assert tuned_base(str(tuned_folder.parent)) is None  # nor a folder without the marker
    assert not list(tuned_folder.parent.glob("*.partial"))


@pytest.mark.slow
def test_a_catalog_embedded_with_a_tuned_encoder_keeps_using_it(
    tmp_path: Path, tuned_folder: Path
) -> None:
    home = tmp_path / "home"
    catalog = Catalog.open(home, "films")
    catalog.upsert(FILMS, KINDS)
    plain = catalog.index.vectors.copy()
    tuned = catalog.encoder_for(str(tuned_folder))
    assert tuned is not None and tuned is not catalog.embedder

    report = catalog.use_encoder(tuned)
    assert report.embedded == len(FILMS) and report.total == len(FILMS)
    assert catalog.manifest is not None and catalog.manifest.model == str(tuned_folder)
    assert not np.allclose(catalog.index.vectors, plain)  # every item embedded again

    reopened = Catalog.open(home, "films")  # configured with the base model, as a user's is
    assert reopened.encoder.model_name == str(tuned_folder)
    first = reopened.recommend(Request(query="my kid wants aliens that talk in circles", k=3))
    assert first[0].item.id == FILMS[0].id

    # an ingest keeps the tuned encoder: the changed item alone is embedded, with it
    changed = [dataclasses.replace(FILMS[1], text=FILMS[1].text + " Dust.")]
    again = reopened.upsert(changed, KINDS)
    assert again.embedded == 1 and reopened.manifest is not None
    assert reopened.manifest.model == str(tuned_folder)

    back = reopened.use_encoder(None)
    assert back.embedded == len(FILMS)
    assert reopened.manifest.model == BASE and reopened.encoder is reopened.embedder
    assert np.allclose(reopened.index.vectors[0], plain[0], atol=1e-5)


def test_a_catalog_embedded_with_another_model_says_how_to_fix_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Catalog.open(home, "films", embedder=HashEmbeddings()).upsert(FILMS, KINDS)
    other = Catalog.open(home, "films", embedder=OtherHash())
    with pytest.raises(ConfigError) as error:
        other.recommend(Request(query="space", k=3))
    message = str(error.value)
    assert "'test-hash-64'" in message and "'another-hash-64'" in message
    assert "PICKWISE_EMBEDDING_MODEL" in message and "ingest FILE" in message
    # the fix it names works: an ingest embeds every item again with the model set
    report = other.upsert(FILMS, KINDS)
    assert report.embedded == len(FILMS)
    assert other.recommend(Request(query="space", k=3))


def test_a_tuned_encoder_of_another_model_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "tuned"
    folder.mkdir()
    (folder / MARKER).write_text(json.dumps({"base": BASE}), encoding="utf-8")
    catalog = Catalog.open(tmp_path / "home", "films", embedder=HashEmbeddings())
    assert tuned_base(str(folder)) == BASE
    assert catalog.encoder_for(str(folder)) is None  # tuned from MiniLM, not the hash
    assert catalog.encoder_for("test-hash-64") is catalog.embedder
