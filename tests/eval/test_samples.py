"""Reading dialogue files and building samples: titles for ids, ALL vs NEW."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pickwise.errors import CatalogError
from pickwise.eval.data import read_inspired, read_metadata, read_pickwise, read_redial
from pickwise.eval.samples import build_samples


def titles(data_dir: Path) -> dict[str, str]:
    items, _ = read_metadata(data_dir / "id2info.json")
    return {i.id: i.title for i in items}


def test_redial_ids_become_titles_and_roles_follow_the_initiator(data_dir: Path) -> None:
    dialogue = read_redial(data_dir / "redial.jsonl", titles(data_dir))[0]
    first = dialogue.turns[0]
    assert first.role == "user" and "Aliens (1986)" not in first.text
    assert first.text.endswith("I loved The Thing (1982)") and "@" not in first.text
    assert first.mentioned == ("103",)
    assert [t.role for t in dialogue.turns] == ["user", "assistant", "user", "assistant"]
    assert dialogue.liked == ("103",)


def test_samples_are_recommender_turns_with_earlier_context(data_dir: Path) -> None:
    dialogues = read_redial(data_dir / "redial.jsonl", titles(data_dir))
    samples = build_samples(dialogues, set(titles(data_dir)))
    assert len(samples) == 2 * len(dialogues)
    first, second = samples[0], samples[1]
    assert first.targets == ("101",) and first.mentioned == ("103",)
    assert "Alien (1979)" not in first.context  # only earlier turns
    assert first.user_text == "I want scary space creatures, I loved The Thing (1982)"
    # the last turn repeats the liked movie: a target in ALL, not in NEW
    assert second.targets == ("102", "103")
    assert second.new_targets == ("102",)
    assert "not yet" in second.user_text and "Have you seen" not in second.user_text


def test_items_outside_the_catalog_are_not_targets(data_dir: Path) -> None:
    dialogues = read_redial(data_dir / "redial.jsonl", titles(data_dir))
    samples = build_samples(dialogues[:1], {"102", "103"})
    assert [s.targets for s in samples] == [("102", "103")]


def test_inspired_matches_titles_with_and_without_year(data_dir: Path) -> None:
    dialogues = read_inspired(data_dir / "inspired.tsv", titles(data_dir))
    assert len(dialogues) == 4
    samples = build_samples(dialogues, set(titles(data_dir)))
    assert [s.targets for s in samples[:2]] == [("103",), ("104", "105")]
    assert samples[0].mentioned == ("101",)


def test_pickwise_log_format(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text(
        '{"messages": [{"role": "user", "text": "scary"}, {"role": "assistant", "text": "Alien?"}],'
        ' "mentioned": ["101"], "accepted": ["103"], "liked": ["103"], "disliked": ["104"]}\n'
    )
    (d,) = read_pickwise(log)
    assert d.accepted == ("103",) and d.disliked == ("104",)
    assert d.items == ("101", "103") and d.recommended == ("101", "103")


def test_pickwise_log_counts_a_mention_listed_by_a_message_once(tmp_path: Path) -> None:
    """`pickwise log export` lists the picks on each assistant message and all of them at the
    end: the conversation-level list adds no second sample for them."""
    log = tmp_path / "log.jsonl"
    message = {"role": "assistant", "text": "Alien?", "mentioned": ["101"]}
    record = {"messages": [{"role": "user", "text": "scary"}, message], "mentioned": ["101", "102"]}
    log.write_text(json.dumps(record) + "\n")
    (d,) = read_pickwise(log)
    assert [t.mentioned for t in d.turns] == [(), ("101",), ("102",)]
    samples = build_samples([d], {"101", "102"})
    assert [s.targets for s in samples] == [("101",), ("102",)]


def test_user_text_keeps_the_latest_turns_that_fit() -> None:
    from pickwise.eval.data import Dialogue, Turn
    from pickwise.eval.samples import recent_text, user_text

    old, new = "old " * 300, "the latest thing I said"
    dialogue = Dialogue("d", (Turn("user", old), Turn("assistant", "ok"), Turn("user", new)))
    assert user_text(dialogue, 3) == new  # the long first turn no longer fits beside it
    assert user_text(dialogue, 3, limit=10_000) == f"{old} {new}"
    assert recent_text(["one two three"], 9) == "two three"  # cut at a word boundary
    assert recent_text(["a", "b", "c"], 3) == "b c"
    assert recent_text([], 5) == ""


def test_mentioned_is_ordered_by_latest_mention(data_dir: Path) -> None:
    from pickwise.eval.data import Dialogue, Turn

    turns = (
        Turn("user", "x", ("101",)),
        Turn("assistant", "y", ("102",)),
        Turn("user", "again x", ("101",)),
        Turn("assistant", "z", ("103",)),
    )
    (sample,) = build_samples([Dialogue("d", turns)], {"101", "102", "103"})[-1:]
    assert sample.mentioned == ("102", "101")
    assert sample.targets == ("103",)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"messages": "x"}', "line 2, field 'messages': expected an array, got a string"),
        ("[1, 2]", "line 2: expected a JSON object (one conversation per line), got an array"),
        ('{"messages": [{"text": "a"}, "b"]}', "line 2, field 'messages[2]': expected an object"),
        (
            '{"messages": [{"text": "a", "mentioned": "101"}]}',
            "line 2, field 'messages[1].mentioned': expected an array",
        ),
        ('{"liked": [["101"]]}', "line 2, field 'liked': expected item ids"),
        ('{"messages": [}', "line 2: not valid JSON"),
    ],
)
def test_a_malformed_pickwise_log_line_is_named(tmp_path: Path, line: str, says: str) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"messages": [{"role": "user", "text": "scary"}]}\n' + line + "\n")
    with pytest.raises(CatalogError) as raised:
        read_pickwise(log)
    assert str(raised.value).startswith(f"{log}, "), raised.value
    assert says in str(raised.value)


def test_a_malformed_redial_line_is_named(tmp_path: Path) -> None:
    log = tmp_path / "redial.jsonl"
    log.write_text(
        '{"messages": [], "movieMentions": [], "initiatorQuestions": []}\n{"messages": 3}\n'
    )
    with pytest.raises(CatalogError, match=r"line 2, field 'messages': expected an array"):
        read_redial(log)


def test_an_empty_dialogue_file_says_so(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text("\n  \n")
    with pytest.raises(CatalogError, match=r"log\.jsonl is empty"):
        read_pickwise(log)
