"""The UI's event logic without a browser: handlers over a real agent, and the wired page."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from pickwise.agent.app import Pickwise, Reply
from pickwise.agent.profile import Profile
from pickwise.errors import BackendError, NotFoundError, RequestError
from pickwise.retrieval import Catalog, Item, Recommendation
from pickwise.retrieval.constraints import NoneOf, Range
from pickwise.ui import build_ui
from pickwise.ui import handlers as h
from pickwise.ui.cards import Card, card_html, card_of, synopsis_line
from pickwise.ui.profile import entry_choices, panel_html
from tests.conftest import HashEmbeddings
from tests.fakes import FakeLLM
from tests.ui.conftest import make_agent

MESSAGE = "I loved Arrival, something lighter"


@pytest.fixture
def agent(demo_home: Path) -> Iterator[Pickwise]:
    a = make_agent(demo_home)
    yield a
    a.close()


def fresh_user() -> str:
    return f"ui-{uuid.uuid4().hex[:8]}"


def turn(agent: Pickwise, user: str, message: str = MESSAGE) -> list[h.TurnUpdate]:
    return list(h.run_turn(agent, message, [], user, "t1"))


# --- handlers ----------------------------------------------------------------------------
def test_a_turn_streams_growing_text_then_ends_with_cards(agent: Pickwise) -> None:
    steps = turn(agent, fresh_user())
    assert steps[0].history[0] == {"role": "user", "content": MESSAGE}
    texts = [s.history[-1]["content"] for s in steps[1:-1]]
    assert len(texts) >= 2, "the reply should arrive in more than one piece"
    assert all(b.startswith(a) and len(b) > len(a) for a, b in itertools.pairwise(texts))
    last = steps[-1]
    assert last.done and last.reply is not None and not last.error
    # the chat names each pick; the reasons are on the cards, not said twice
    shown = last.history[-1]["content"]
    assert shown == h.chat_text(last.reply.text)
    for pick in last.reply.picks:
        assert f"**{pick.recommendation.item.title}**" in shown
        assert pick.explanation not in shown
    cards = last.cards()
    assert cards and len(cards) == len(last.reply.picks)
    assert all(c.title and c.why and c.year.isdigit() for c in cards)
    # the card's heading shows the title: the reason does not say it again
    assert not any(c.why.startswith(f"{c.title} ({c.year}) is") for c in cards)
    assert all(s.cards() is None for s in steps[:-1])


def test_chat_text_drops_the_reasons_and_keeps_the_rest() -> None:
    text = (
        "Noted: you liked Arrival.\nLooking for lighter...\n"
        "1. **Paddington 2** (2017): a warm comedy: close to Arrival.\n"
        "2. **Up**: people who liked Arrival also liked it\n"
        "(The language model is not available right now.)"
    )
    assert h.chat_text(text) == (
        "Noted: you liked Arrival.\nLooking for lighter...\n1. **Paddington 2** (2017)\n"
        "2. **Up**\n(The language model is not available right now.)"
    )


def test_a_turn_without_a_search_keeps_the_cards_and_a_fruitless_one_clears_them(
    agent: Pickwise,
) -> None:
    user = fresh_user()
    turn(agent, user)
    about_me = turn(agent, user, "what do you know about me?")[-1]
    assert about_me.reply is not None and about_me.reply.intent == "show_profile"
    assert about_me.cards() is None
    empty = Reply("nothing fits", [], [], user, "t1", "recommend")
    assert h.TurnUpdate([], done=True, reply=empty).cards() == []


def test_an_empty_message_changes_nothing(agent: Pickwise) -> None:
    history = [{"role": "user", "content": "hi"}]
    steps = list(h.run_turn(agent, "   ", history, fresh_user(), "t1"))
    assert len(steps) == 1 and steps[0].history == history and steps[0].reply is None


@pytest.mark.parametrize(
    ("user", "message", "expected"),
    [
        ("ana", "x" * 5000, "the limit is"),
        ("bad name!", MESSAGE, "not allowed"),
    ],
)
def test_turn_errors_are_shown_in_the_chat_not_raised(
    agent: Pickwise, user: str, message: str, expected: str
) -> None:
    last = list(h.run_turn(agent, message, [], user, "t1"))[-1]
    assert last.done and last.reply is None and expected in last.error
    assert last.history[-1] == {"role": "assistant", "content": f"⚠️ {last.error}"}
    assert last.cards() is None


def test_like_and_dislike_update_the_profile(agent: Pickwise) -> None:
    user = fresh_user()
    cards = turn(agent, user)[-1].cards()
    assert cards
    profile, note = h.give_feedback(agent, user, "t1", cards[0], liked=True)
    assert cards[0].item_id in profile.liked and cards[0].title in note
    assert f"liked:{cards[0].item_id}" in [key for _, key in entry_choices(profile)]
    profile, _ = h.give_feedback(agent, user, "t1", cards[0], liked=False)
    assert cards[0].item_id in profile.disliked and cards[0].item_id not in profile.liked
    assert agent.profiles.feedback(user)[-1]["liked"] is False


def test_entries_can_be_removed_and_the_profile_reset(agent: Pickwise) -> None:
    user = fresh_user()
    turn(agent, user)
    assert "liked:arrival-2016" in [e.key for e in agent.profile(user).entries()]
    profile, note = h.remove_entries(agent, user, ["liked:arrival-2016"])
    assert "arrival-2016" not in profile.liked and "1 entry" in note
    profile, note = h.remove_entries(agent, user, [])
    assert note == "Tick something to forget first."
    with pytest.raises(NotFoundError):
        h.remove_entries(agent, user, ["liked:nope"])
    profile, _ = h.reset_profile(agent, user)
    assert profile.is_empty() and agent.profile(user).is_empty()


def test_user_names_are_validated_with_pickwise_message() -> None:
    assert h.user_name("  ana ") == "ana"
    for bad in ("", "two words", "x" * 200, "<b>"):
        with pytest.raises(RequestError, match="not allowed"):
            h.user_name(bad)


def test_errors_become_messages_without_traces(caplog: pytest.LogCaptureFixture) -> None:
    assert h.error_message(BackendError("the model is down; start it")) == (
        "the model is down; start it"
    )
    message = h.error_message(KeyError("secret internals"))
    assert "secret" not in message and "Traceback" not in message
    assert "unexpected error" in caplog.text


def test_catalog_notice_says_how_to_load_one(agent: Pickwise, tmp_path: Path) -> None:
    assert h.catalog_notice(agent) == ""
    empty = SimpleNamespace(catalog=Catalog.open(tmp_path, "none", embedder=HashEmbeddings()))
    notice = h.catalog_notice(empty)  # type: ignore[arg-type]
    # --catalog is a global option: before the command (`ingest FILE --catalog` fails)
    assert "`pickwise --catalog none ingest FILE`" in notice
    assert "`pickwise --catalog NAME serve`" in notice


# --- cards and panel ---------------------------------------------------------------------
def test_cards_escape_catalog_text_and_keep_one_line_of_synopsis() -> None:
    item = Item(
        "x",
        "<script>alert(1)</script>",
        "First sentence here. Second one.",
        {"year": 1999, "genres": ("Drama", "Comedy")},
    )
    pick = type("P", (), {"recommendation": Recommendation(item, 1.0), "explanation": "a & b"})
    card = card_of(pick)  # type: ignore[arg-type]
    assert card == Card("x", item.title, "1999", "Drama · Comedy", "First sentence here.", "a & b")
    body = card_html(card)
    assert "<script>" not in body and "&lt;script&gt;" in body and "a &amp; b" in body
    long = synopsis_line("word " * 100)
    assert long.endswith("…") and len(long) <= 141


def test_panel_groups_entries_by_kind() -> None:
    profile = Profile("ana", liked={"a": "Arrival"}, disliked={"b": "<Bad>"}, aspects=["lighter"])
    panel = panel_html(profile)
    assert panel.index('data-kind="liked"') < panel.index("Arrival") < panel.index("disliked")
    assert "&lt;Bad&gt;" in panel and 'data-kind="aspect"' in panel
    assert 'data-kind="seen"' not in panel
    assert "Nothing yet" in panel_html(Profile("ana"))
    ruled = Profile(
        "ana", constraints=[Range("year", min=1990), NoneOf("genres", frozenset({"horror"}))]
    )
    assert "<li>from 1990 on</li><li>no horror</li>" in panel_html(ruled)  # in words
    assert [label for label, _ in entry_choices(ruled)] == ["Rule: from 1990 on", "Rule: no horror"]
    # a refused aspect is something to avoid, not something looked for
    moods = panel_html(Profile("ana", aspects=["scary", "not too gory"]))
    looking, avoid = moods.split('data-kind="aspect"')[1].split('data-kind="avoid"')
    assert "scary" in looking and "gory" not in looking
    assert "Rather avoid" in avoid and "<li>gory</li>" in avoid
    choices = entry_choices(Profile("ana", aspects=["scary", "not too gory"]))
    assert choices == [("Mood: scary", "aspect:scary"), ("Avoid: gory", "aspect:not too gory")]


def test_the_panel_shows_liked_people_and_removes_them(agent: Pickwise) -> None:
    profile = Profile("ana", liked={"a": "Arrival"})
    profile.like_person("directors", "denis villeneuve", "Denis Villeneuve")
    panel = panel_html(profile)
    section = panel.split('data-kind="person"')[1]
    assert "<h4>People you like</h4>" in section and "<li>Denis Villeneuve</li>" in section
    assert panel.index("Arrival") < panel.index("Denis Villeneuve")
    assert ("Fan of: Denis Villeneuve", "person:directors:denis villeneuve") in entry_choices(
        profile
    )
    user = fresh_user()
    agent.edit_profile(user, like_people=["Denis Villeneuve"])
    profile, note = h.remove_entries(agent, user, ["person:directors:denis villeneuve"])
    assert profile.liked_people == {} and "1 entry" in note


def test_the_panel_says_no_film_words_for_other_catalogs() -> None:
    """With ``PICKWISE_NOUN=game`` the panel still headed the games chosen "Chose to watch"."""
    profile = Profile("ana", chosen={"c": "Catan"}, seen={"p": "Patchwork"})
    games = panel_html(profile, "games")
    assert "<h4>Chose</h4>" in games
    assert not any(word in games.lower() for word in ("watch", "film", "movie"))
    assert "Nothing yet. Tell me games you liked" in panel_html(Profile("ana"), "games")
    assert "<h4>Chose to watch</h4>" in panel_html(profile)  # films keep their words


def test_the_panel_names_places_as_the_chat_does(agent: Pickwise) -> None:
    """The chat said "you want films from Europe" and the panel "european"."""
    user = fresh_user()
    agent.chat("something european, less american", user, user)
    profile = agent.profile(user)
    assert {"european", "not american"} <= set(profile.aspects)
    panel = panel_html(profile, "films", agent.vocabulary, "film")
    looking, avoid = panel.split('data-kind="aspect"')[1].split('data-kind="avoid"')
    assert "<li>films from Europe</li>" in looking and "european" not in panel
    assert "<li>films from the United States</li>" in avoid
    labels = [label for label, _ in entry_choices(profile, agent.vocabulary, "film")]
    assert "Mood: films from Europe" in labels and "Avoid: films from the United States" in labels
    assert "<li>european</li>" in panel_html(profile)  # without the catalog's words, as stored


# --- the wired page ----------------------------------------------------------------------
def event(ui: gr.Blocks, name: str) -> Any:
    return next(f for f in ui.fns.values() if f.name == name)


def by_id(updates: dict[Any, Any]) -> dict[str, Any]:
    return {getattr(c, "elem_id", None) or str(c._id): v for c, v in updates.items()}


def test_the_page_has_the_elements_a_browser_test_finds(agent: Pickwise) -> None:
    ui = build_ui(agent)
    ids = {b.elem_id for b in ui.blocks.values() if getattr(b, "elem_id", None)}
    expected = {"chat", "chat-input", "send-btn", "profile-panel", "user-name", "reset-profile"}
    assert expected <= ids
    assert {f"pick-card-{i}" for i in range(agent.config.picks)} <= ids
    assert f"pick-card-{agent.config.picks}" not in ids


def test_the_chat_event_streams_and_shows_the_cards_and_the_profile(agent: Pickwise) -> None:
    ui = build_ui(agent)
    user = fresh_user()
    outs = [by_id(o) for o in event(ui, "chat").fn(MESSAGE, [], user, user, "t1", [])]
    assert outs[0]["chat-input"] == "" and "pick-card-0" not in outs[0]
    last = outs[-1]
    assert last["pick-card-0"].visible is True
    assert "Arrival" in last["profile-panel"]
    assert last["llm-notice"].visible is False
    cards = next(v for v in last.values() if isinstance(v, list) and v and isinstance(v[0], Card))
    like = by_id(event(ui, "on_click").fn(user, "t1", cards))  # the first card's 👍
    assert cards[0].item_id in agent.profile(user).liked
    assert cards[0].title in like["profile-panel"] and like["like-btn-0"].variant == "primary"


def test_a_dead_llm_shows_the_notice_and_still_recommends(demo_home: Path) -> None:
    agent = make_agent(demo_home, FakeLLM(BackendError("connection refused")))
    ui = build_ui(agent)
    user = fresh_user()
    last = by_id(list(event(ui, "chat").fn(MESSAGE, [], user, user, "t1", []))[-1])
    assert last["llm-notice"].visible is True and last["pick-card-0"].visible is True
    agent.close()


def test_an_invalid_user_name_shows_the_error_inline_and_keeps_the_user(agent: Pickwise) -> None:
    ui = build_ui(agent)
    out = by_id(event(ui, "switch_user").fn("two words", "guest-1"))  # no toast over the field
    error = out["user-error"]
    assert error.visible and "“two words” cannot be a name" in error.value
    assert h.NAME_RULE in error.value and "still guest-1" in error.value
    assert len(out) == 1
    out = by_id(event(ui, "switch_user").fn(" ana ", "guest-1"))
    assert out["user-name"] == "ana" and out["chat"] == [] and "ana" in out["profile-panel"]
    assert out["user-error"].visible is False
    saved = next(v for v in out.values() if isinstance(v, dict) and "thread" in v)
    assert saved["user"] == "ana" and saved["chat"] == []  # the browser keeps the new name


def test_a_message_is_not_sent_under_a_name_the_field_does_not_show(agent: Pickwise) -> None:
    ui = build_ui(agent)
    user = fresh_user()
    for typed in ("bad name!", "someone-else", ""):
        outs = [by_id(o) for o in event(ui, "chat").fn("a western", [], typed, user, "t1", [])]
        assert len(outs) == 1 and list(outs[0]) == ["user-error"]  # the box keeps the message
        assert outs[0]["user-error"].visible
    assert agent.profile(user).is_empty() and not agent.profiles.threads(user)
    assert "“bad name!” cannot be a name" in h.name_problem("bad name!", user)
    assert h.name_problem(f" {user} ", user) == ""


def test_each_browser_gets_its_own_user_and_keeps_its_conversation(agent: Pickwise) -> None:
    ui = build_ui(agent)
    load = event(ui, "load").fn
    first, second = by_id(load(None)), by_id(load(None))
    a, b = first["user-name"], second["user-name"]
    assert a != b and a.startswith("guest-") and h.user_name(a) == a  # valid in the store
    assert f"Profile of <b>{a}</b>" in first["profile-panel"]
    kept = next(v for v in first.values() if isinstance(v, dict) and v.get("user") == a)
    thread = kept["thread"]
    last = by_id(list(event(ui, "chat").fn("I loved Amélie", [], a, a, thread, []))[-1])
    kept = next(v for v in last.values() if isinstance(v, dict) and v.get("user") == a)
    assert kept["chat"][0]["content"] == "I loved Amélie" and len(kept["cards"]) > 0
    # the other browser sees nothing of it; a reload of the first gets it all back
    assert "Amélie" not in by_id(load(None))["profile-panel"]
    again = by_id(load(kept))
    assert again["user-name"] == a and again["chat"] == kept["chat"]
    assert again["pick-card-0"].visible is True and "Amélie" in again["profile-panel"]
    assert any(v == thread for v in again.values())  # the same thread: its memory goes on


@pytest.mark.parametrize(
    "kept",
    [
        None,
        "junk",
        {"user": "bad name!", "thread": "t1"},
        {"user": "ana", "thread": ""},
        {"user": "ana", "thread": "t1", "chat": [{"role": "system", "content": "x"}]},
        {"user": "ana", "thread": "t1", "cards": [{"title": "no id"}]},
    ],
)
def test_what_a_browser_kept_is_checked(kept: Any) -> None:
    saved = h.Saved.restore(kept)
    assert saved.user.startswith("guest-") and saved.chat == [] and saved.cards == []


def test_what_a_browser_keeps_round_trips_and_is_bounded() -> None:
    card = Card("x", "X", "1999", "drama", "s", "w")
    chat = [{"role": "user", "content": str(i)} for i in range(h.MAX_SAVED_MESSAGES + 5)]
    saved = h.Saved("ana", "t1", chat, [card])
    again = h.Saved.restore(saved.to_json())
    assert again.cards == [card] and again.chat == chat[-h.MAX_SAVED_MESSAGES :]


def test_reset_asks_first(agent: Pickwise) -> None:
    ui = build_ui(agent)
    user = fresh_user()
    agent.edit_profile(user, like=["arrival-2016"])
    asked = by_id(event(ui, "ask_reset").fn())
    assert asked["reset-profile"].visible is False and asked["reset-confirm"].visible is True
    kept = by_id(event(ui, "keep_profile").fn())
    assert kept["reset-profile"].visible is True and kept["reset-confirm"].visible is False
    assert not agent.profile(user).is_empty()  # nothing gone yet
    done = by_id(event(ui, "reset").fn(user))
    assert agent.profile(user).is_empty() and "Nothing yet" in done["profile-panel"]
    assert done["reset-profile"].visible is True and done["reset-confirm"].visible is False


def test_forget_is_enabled_only_when_something_is_ticked(agent: Pickwise) -> None:
    ui = build_ui(agent)
    ids = {b.elem_id: b for b in ui.blocks.values() if getattr(b, "elem_id", None)}
    assert ids["remove-entries"].interactive is False
    can = event(ui, "can_remove").fn
    assert by_id(can(["liked:x"]))["remove-entries"].interactive is True
    assert by_id(can([]))["remove-entries"].interactive is False


def test_the_footer_leaves_out_gradio_s_api_page() -> None:
    from pickwise.ui import mount_options

    assert "api" not in mount_options()["footer_links"]


def test_a_search_with_no_fit_clears_the_cards_and_says_why(agent: Pickwise) -> None:
    ui = build_ui(agent)
    user = fresh_user()
    agent.edit_profile(user, where=["year<1800"])
    last = by_id(list(event(ui, "chat").fn("something funny", [], user, user, "t1", []))[-1])
    assert last["pick-card-0"].visible is False
    assert last["picks-empty"].visible is True and last["picks-empty"].value == h.NO_PICKS
