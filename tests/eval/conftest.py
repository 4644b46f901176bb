"""Tiny synthetic ReDial, INSPIRED and metadata files, written by the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

MOVIES = {
    "101": ("Alien (1979)", ["horror", "sci-fi"], "A crew meets a deadly creature in space."),
    "102": ("Aliens (1986)", ["action", "sci-fi"], "Marines fight creatures on a colony."),
    "103": ("The Thing (1982)", ["horror"], "A shape-shifting creature in Antarctica."),
    "104": ("Paddington (2014)", ["comedy", "family"], "A polite bear in London."),
    "105": ("Toy Story (1995)", ["animation", "family"], "Toys come alive."),
    "106": ("Heat (1995)", ["crime"], "A detective hunts a thief in Los Angeles."),
}


def _redial(i: int, seeker_text: str, first: str, second: str, liked: str) -> dict[str, object]:
    return {
        "conversationId": str(i),
        "initiatorWorkerId": 1,
        "respondentWorkerId": 2,
        "movieMentions": {m: MOVIES[m][0] for m in (first, second, liked)},
        "initiatorQuestions": {liked: {"liked": 1, "seen": 1, "suggested": 0}},
        "respondentQuestions": {},
        "messages": [
            {"senderWorkerId": 1, "text": f"{seeker_text}, I loved @{liked}"},
            {"senderWorkerId": 2, "text": f"Have you seen @{first} ?"},
            {"senderWorkerId": 1, "text": "not yet"},
            {"senderWorkerId": 2, "text": f"Then @{second} or again @{liked}"},
        ],
    }


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    meta = {
        k: {"name": n, "genre": g, "plot": p, "director": [], "star": []}
        for k, (n, g, p) in MOVIES.items()
    }
    (tmp_path / "id2info.json").write_text(json.dumps(meta))
    dialogues = [
        _redial(i, text, *movies)
        for i, (text, movies) in enumerate(
            [("I want scary space creatures", ("101", "102", "103"))] * 6
            + [("something for the kids", ("104", "105", "104"))] * 4
            + [("a tense crime film", ("106", "101", "102"))] * 2
        )
    ]
    with (tmp_path / "redial.jsonl").open("w") as fh:
        for d in dialogues:
            fh.write(json.dumps(d) + "\n")
    header = "dialog_id\tutt_id\tspeaker\ttext\tmovies\n"
    rows = []
    for d in range(4):
        rows += [
            f"d{d}\t1\tSEEKER\tI like creature horror like Alien\tAlien (1979)",
            f"d{d}\t2\tRECOMMENDER\tTry The Thing\tThe Thing (1982)",
            f"d{d}\t3\tSEEKER\tAnd for kids?\t",
            f"d{d}\t4\tRECOMMENDER\tPaddington and Toy Story\tPaddington (2014); Toy Story",
        ]
    (tmp_path / "inspired.tsv").write_text(header + "\n".join(rows) + "\n")
    return tmp_path
