"""The page of the web UI: its components, laid out, and how results map onto them.

Every element a test or a stylesheet needs has a stable ``elem_id`` or ``elem_classes``:
``chat``, ``chat-input``, ``send-btn``, ``llm-notice``, ``catalog-notice``, ``picks-empty``,
``pick-card`` (``pick-card-N``), ``like-btn`` / ``dislike-btn`` (``like-btn-N``...),
``user-name``, ``user-error``, ``new-conversation``, ``profile-panel``, ``profile-entries``,
``remove-entries``, ``reset-profile`` (its confirmation: ``reset-confirm``, ``reset-yes``,
``reset-cancel``), ``api-link``.

The identity (the name field) sits in the header row, beside the title: on a narrow screen the
columns stack, and it still comes first, above the chat and the cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from pickwise.agent.app import Pickwise
from pickwise.agent.profile import Profile
from pickwise.ui import handlers as h
from pickwise.ui.cards import CARD_CSS, Card, card_html
from pickwise.ui.profile import PANEL_CSS, entry_choices, panel_html

__all__ = ["MAX_CARDS", "PAGE_CSS", "STORAGE_KEY", "Page", "Slot", "Updates"]

MAX_CARDS = 20  # the largest PICKWISE_PICKS allows
#: Where a browser keeps who it is and its conversation (``gr.BrowserState``, localStorage).
STORAGE_KEY = "pickwise-ui"
#: Gradio encrypts what it stores with this; a fixed one keeps the storage readable after a
#: server restart. It guards nothing: the value is a name its user could type anyway.
STORAGE_SECRET = "pickwise-ui-browser-state"
NAME_INFO = "This browser remembers it. Type a name to share a profile, or use it elsewhere."
API_LINK = "pickwise over HTTP: [the API docs](docs) (REST and an OpenAI-compatible chat at `/v1`)."
#: The page's own stylesheet (given at mount: Gradio 6 takes a page's CSS there). The chat's
#: toolbar (its clear button) takes a line of its own above the messages instead of floating
#: over the top right corner, where it hid the end of a long message of the user's.
PAGE_CSS = """
#chat .icon-button-wrapper.top-panel { position: static; align-self: flex-end;
  margin: var(--block-label-margin) var(--block-label-margin) 0; }
"""
RESET_QUESTION = "**Empty your profile?** Everything pickwise knows about you goes; chats stay."
PLACEHOLDER = (
    "**Tell me a film you loved and what you are in the mood for.**  \n"
    "e.g. *I loved Arrival, something lighter* · *no horror* · *only ones from the 90s*"
)
#: The chat's placeholders for a catalog that is not of films (its examples name films).
OTHER_PLACEHOLDER = "**Tell me {} you loved and what you are in the mood for.**"
OTHER_INPUT = "I loved..., something lighter…"
PICKS_EMPTY = "Your picks will appear here as cards; 👍 / 👎 teaches pickwise your taste."

Updates = dict[Any, Any]  # component -> new value (or a component carrying new props)


@dataclass(frozen=True)
class Slot:
    """One card slot: a panel with the card's body and its two buttons."""

    box: gr.Column
    body: gr.HTML
    like: gr.Button
    dislike: gr.Button

    def components(self) -> list[Any]:
        return [self.box, self.body, self.like, self.dislike]


def _card_slot(i: int) -> Slot:
    with gr.Column(
        visible=False,
        variant="panel",
        min_width=250,
        elem_id=f"pick-card-{i}",
        elem_classes=["pick-card"],
    ) as box:
        body = gr.HTML("", css_template=CARD_CSS, js_on_load=None, elem_classes=["pick-body"])
        with gr.Row():
            like = gr.Button(
                "👍 Like",
                size="sm",
                min_width=60,
                elem_id=f"like-btn-{i}",
                elem_classes=["like-btn"],
            )
            dislike = gr.Button(
                "👎 Not for me",
                size="sm",
                min_width=60,
                elem_id=f"dislike-btn-{i}",
                elem_classes=["dislike-btn"],
            )
    return Slot(box, body, like, dislike)


class Page:
    """The components of one page, and how results map onto them."""

    def __init__(self, agent: Pickwise) -> None:
        self.agent = agent
        n = max(1, min(agent.config.picks, MAX_CARDS))
        self.saved = gr.BrowserState(None, storage_key=STORAGE_KEY, secret=STORAGE_SECRET)
        self.user = gr.State("")  # set on load: the browser's own, or a new anonymous one
        self.thread = gr.State(h.new_thread_id)
        self.cards = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                gr.Markdown("## pickwise\nTell it what you liked; it says why each pick is there.")
            with gr.Column(scale=1, min_width=260, elem_id="identity"):
                self._identity()
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                self._chat_column(n)
            with gr.Column(scale=1, min_width=260, elem_id="side-panel"):
                self._side_column()
        gr.Markdown(API_LINK, elem_id="api-link")

    def _chat_column(self, n: int) -> None:
        config = self.agent.config
        film = config.noun == "film"
        self.notice = gr.Markdown("", visible=False, elem_id="catalog-notice")
        self.chatbot = gr.Chatbot(
            elem_id="chat",
            height=360,
            placeholder=PLACEHOLDER if film else OTHER_PLACEHOLDER.format(config.a_noun),
            feedback_options=None,
            buttons=["copy"],  # no toolbar over the messages: a copy button under each one
            show_label=False,
        )
        with gr.Row(equal_height=True):
            self.box = gr.Textbox(
                show_label=False,
                placeholder="I loved Arrival, something lighter…" if film else OTHER_INPUT,
                elem_id="chat-input",
                scale=6,
                max_lines=4,
                autofocus=True,
            )
            self.send = gr.Button("Send", variant="primary", elem_id="send-btn", scale=1)
        self.llm_notice = gr.Markdown(h.DEGRADED_NOTICE, visible=False, elem_id="llm-notice")
        self.picks_empty = gr.Markdown(PICKS_EMPTY, elem_id="picks-empty")
        with gr.Row(equal_height=True, elem_id="pick-cards"):
            self.slots = [_card_slot(i) for i in range(n)]

    def _identity(self) -> None:
        self.name = gr.Textbox(
            "",
            label="Your name (each name has its own profile)",
            info=NAME_INFO,
            max_lines=1,
            elem_id="user-name",
        )
        self.name_error = gr.Markdown("", visible=False, elem_id="user-error")

    def _side_column(self) -> None:
        self.new_chat = gr.Button("New conversation", size="sm", elem_id="new-conversation")
        gr.Markdown("### What pickwise knows about you")
        self.panel = gr.HTML(
            "",  # filled on load, for the browser's user
            css_template=PANEL_CSS,
            js_on_load=None,
            elem_id="profile-panel",
            elem_classes=["profile-panel"],
        )
        with gr.Accordion("Forget some entries", open=False, elem_id="profile-edit"):
            self.entries = gr.CheckboxGroup(
                choices=[],
                value=[],
                label="Tick what pickwise should forget",
                elem_id="profile-entries",
            )
            self.remove = gr.Button(
                "Forget selected", size="sm", interactive=False, elem_id="remove-entries"
            )
        self.reset = gr.Button("Reset profile…", size="sm", variant="stop", elem_id="reset-profile")
        with gr.Column(visible=False, variant="panel", elem_id="reset-confirm") as self.confirm:
            gr.Markdown(RESET_QUESTION)
            with gr.Row():
                self.reset_yes = gr.Button(
                    "Yes, empty it", size="sm", variant="stop", elem_id="reset-yes"
                )
                self.reset_no = gr.Button("Cancel", size="sm", elem_id="reset-cancel")

    # --- results -> component updates --------------------------------------------------------
    def slot_components(self) -> list[Any]:
        return [c for slot in self.slots for c in slot.components()]

    def show_cards(self, cards: list[Card], empty: str = PICKS_EMPTY) -> Updates:
        """Fill the first slots, hide the rest; ``empty`` is said when there are no cards."""
        out: Updates = {
            self.cards: cards[: len(self.slots)],
            self.picks_empty: gr.Markdown(empty, visible=not cards),
        }
        for i, slot in enumerate(self.slots):
            card = cards[i] if i < len(cards) else None
            out[slot.box] = gr.Column(visible=card is not None)
            out[slot.body] = card_html(card) if card else ""
            out[slot.like] = gr.Button(variant="secondary")
            out[slot.dislike] = gr.Button(variant="secondary")
        return out

    def show_profile(self, profile: Profile) -> Updates:
        vocab, noun = self.agent.vocabulary, self.agent.config.noun
        return {
            self.panel: panel_html(profile, self.agent.config.nouns, vocab, noun),
            self.entries: gr.CheckboxGroup(choices=entry_choices(profile, vocab, noun), value=[]),
        }

    def show_saved(self, saved: h.Saved) -> Updates:
        """A browser's user and conversation on the page, and kept in the browser."""
        return {
            self.name: saved.user,
            self.user: saved.user,
            self.thread: saved.thread,
            self.chatbot: saved.chat,
            self.llm_notice: gr.Markdown(visible=False),
            self.saved: saved.to_json(),
            **self.show_cards(saved.cards),
        }

    def fresh_conversation(self, user: str) -> Updates:
        """A new thread for ``user``: empty chat, no cards (the profile stays)."""
        return self.show_saved(h.Saved.fresh(user))

    def confirming_reset(self, asking: bool) -> Updates:
        """The reset button, or the question that confirms it."""
        return {self.reset: gr.Button(visible=not asking), self.confirm: gr.Column(visible=asking)}
