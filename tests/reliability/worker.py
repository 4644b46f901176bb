"""Pickwise work run in a subprocess that the kill tests SIGKILL at random moments:
``python -m tests.reliability.worker ingest|check|edits HOME [ARGS]``.

Every step that has been acknowledged (committed) is printed on its own line, flushed, so
the test knows what must survive the kill.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.agent.conftest import make_agent
from tests.conftest import HashEmbeddings


def ack(*words: object) -> None:
    """Print one line in one write: ``print`` writes its words one by one when stdout is
    unbuffered (``PYTHONUNBUFFERED``), and a kill between them would leave half a line."""
    sys.stdout.write(" ".join(map(str, words)) + "\n")
    sys.stdout.flush()


def ingest(home: Path, path: Path) -> None:
    from pickwise.retrieval import Catalog

    catalog = Catalog.open(home, "demo", embedder=HashEmbeddings())
    catalog.ingest(path, progress=lambda phase, n, total: ack(phase, n, total))
    ack("done")


def check(home: Path) -> None:
    """The catalog as the next process sees it: item count and title suffixes."""
    from pickwise.retrieval import Catalog

    catalog = Catalog.open(home, "demo", embedder=HashEmbeddings())
    titles = [item.title for item in catalog.items()]
    found = catalog.recommend(query="space", k=5)
    ack(json.dumps({"titles": titles, "found": len(found)}))


def edits(home: Path, user: str, count: int) -> None:
    """Alternating feedback (likes/dislikes) and profile edits (seen), one item each."""
    agent = make_agent(home)
    for n, item in enumerate(sorted(i.id for i in agent.catalog.items())[:count]):
        if n % 3 == 0:
            agent.edit_profile(user, seen=[item])
            ack("seen", item)
        else:
            liked = n % 3 == 1
            agent.feedback(user, item, liked, thread_id="t")
            ack("liked" if liked else "disliked", item)


if __name__ == "__main__":
    command, home, *rest = sys.argv[1:]
    if command == "ingest":
        ingest(Path(home), Path(rest[0]))
    elif command == "check":
        check(Path(home))
    else:
        edits(Path(home), rest[0], int(rest[1]))
