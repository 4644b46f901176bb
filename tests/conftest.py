"""Shared fixtures: a deterministic fake embedder and small catalogs."""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from pickwise.retrieval import Catalog, Item, VectorEmbeddings

# Models come from installed packages; tests never reach for a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
# Tests never write into the user's pickwise home: one throw-away home per test session.
_HOME = tempfile.mkdtemp(prefix="pickwise-tests-")
os.environ["PICKWISE_HOME"] = _HOME
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

WORD = re.compile(r"[a-z0-9]+")


class HashEmbeddings(VectorEmbeddings):
    """Bag-of-words hashed into a small unit vector: texts sharing words are similar.

    Deterministic and instant, so unit tests can assert on rankings. Counts every text it encodes.
    """

    model_name = "test-hash-64"
    dimension = 64

    def __init__(self) -> None:
        self.encoded = 0

    def encode(
        self, texts: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in WORD.findall(text.lower()):
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[row, h % self.dimension] += 1.0 if (h >> 8) % 2 else -1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
            out[row, 0] += 0.0
        self.encoded += len(texts)
        if progress:
            progress(len(texts))
        return out


FILMS = [
    Item(
        "arrival-2016",
        "Arrival",
        "A linguist decodes an alien language; time and grief.",
        {
            "year": 2016,
            "genres": ("Science Fiction", "Drama"),
            "language": "English",
            "runtime": 116,
        },
    ),
    Item(
        "interstellar-2014",
        "Interstellar",
        "Astronauts cross a wormhole to save humanity; time, space and a father's love.",
        {
            "year": 2014,
            "genres": ("Science Fiction", "Adventure"),
            "language": "English",
            "runtime": 169,
        },
    ),
    Item(
        "paddington-2-2017",
        "Paddington 2",
        "A polite bear is framed for theft; a warm, funny family comedy.",
        {"year": 2017, "genres": ("Comedy", "Family"), "language": "English", "runtime": 103},
    ),
    Item(
        "amelie-2001",
        "Amélie",
        "A shy waitress in Paris secretly improves lives; whimsical romantic comedy.",
        {"year": 2001, "genres": ("Comedy", "Romance"), "language": "French", "runtime": 122},
    ),
    Item(
        "the-shining-1980",
        "The Shining",
        "A writer slowly unravels in an isolated hotel; horror.",
        {"year": 1980, "genres": ("Horror",), "language": "English", "runtime": 146},
    ),
    Item(
        "alien-1979",
        "Alien",
        "A space crew is hunted by a creature; science fiction horror.",
        {
            "year": 1979,
            "genres": ("Science Fiction", "Horror"),
            "language": "English",
            "runtime": 117,
        },
    ),
    Item(
        "groundhog-day-1993",
        "Groundhog Day",
        "A weatherman relives one day again and again; a funny, warm comedy about time.",
        {"year": 1993, "genres": ("Comedy", "Fantasy"), "language": "English", "runtime": 101},
    ),
    Item(
        "la-haine-1995",
        "La Haine",
        "A tense day in the Paris suburbs after a riot.",
        {"year": 1995, "genres": ("Drama", "Crime"), "language": "French", "runtime": 98},
    ),
    Item(
        "spirited-away-2001",
        "Spirited Away",
        "A girl works in a spirit bathhouse; animated fantasy adventure.",
        {"year": 2001, "genres": ("Animation", "Fantasy"), "language": "Japanese", "runtime": 125},
    ),
    Item(
        "metropolis-1927",
        "Metropolis",
        "A silent science fiction vision of a divided city.",
        {"year": 1927, "genres": ("Science Fiction", "Drama"), "language": "German"},
    ),
]
KINDS = {"year": "number", "genres": "list", "language": "category", "runtime": "number"}


@pytest.fixture
def embedder() -> HashEmbeddings:
    return HashEmbeddings()


@pytest.fixture
def catalog(tmp_path: Path, embedder: HashEmbeddings) -> Catalog:
    """A catalog of ten films in a real Chroma store on disk, with fake embeddings."""
    cat = Catalog.open(tmp_path / "home", "films", embedder=embedder)
    cat.upsert(FILMS, KINDS)
    return cat
