"""The page of the web UI: its components, laid out, and how results map onto them.

Every element a test or a stylesheet needs has a stable ``elem_id`` or ``elem_classes``:
``chat``, ``chat-input``, ``send-btn``, ``llm-notice``, ``catalog-notice``, ``picks-empty``,
``pick-card`` (``pick-card-N``), ``like-btn`` / ``dislike-btn`` (``like-btn-N``...),
``user-name``, ``user-error``, ``new-conversation``, ``profile-panel``, ``profile-entries``,
``remove-entries``, ``reset-profile``.
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

__all__ = ["DEFAULT_USER", "MAX_CARDS", "Page", "Slot", "Updates"]

MAX_CARDS = 20  # the largest PICKWISE_PICKS allows
DEFAULT_USER = "guest"
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
        self.user = gr.State(DEFAULT_USER)
        self.thread = gr.State(h.new_thread_id)
        self.cards = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                self._chat_column(n)
            with gr.Column(scale=1, min_width=260, elem_id="side-panel"):
                self._side_column()

    def _chat_column(self, n: int) -> None:
        gr.Markdown("## pickwise\nTell it what you liked; it says why each pick is there.")
        config = self.agent.config
        film = config.noun == "film"
        self.notice = gr.Markdown("", visible=False, elem_id="catalog-notice")
        self.chatbot = gr.Chatbot(
            elem_id="chat",
            height=360,
            placeholder=PLACEHOLDER if film else OTHER_PLACEHOLDER.format(config.a_noun),
            feedback_options=None,
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

    def _side_column(self) -> None:
        self.name = gr.Textbox(
            DEFAULT_USER,
            label="Your name (each name has its own profile)",
            max_lines=1,
            elem_id="user-name",
        )
        self.name_error = gr.Markdown("", visible=False, elem_id="user-error")
        self.new_chat = gr.Button("New conversation", size="sm", elem_id="new-conversation")
        gr.Markdown("### What pickwise knows about you")
        self.panel = gr.HTML(
            panel_html(Profile(DEFAULT_USER), self.agent.config.nouns),
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
            self.remove = gr.Button("Forget selected", size="sm", elem_id="remove-entries")
        self.reset = gr.Button("Reset profile", size="sm", variant="stop", elem_id="reset-profile")

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
        return {
            self.panel: panel_html(profile, self.agent.config.nouns),
            self.entries: gr.CheckboxGroup(choices=entry_choices(profile), value=[]),
        }

    def fresh_conversation(self) -> Updates:
        """A new thread: empty chat, no cards (the profile stays)."""
        return {
            self.thread: h.new_thread_id(),
            self.chatbot: [],
            self.llm_notice: gr.Markdown(visible=False),
            **self.show_cards([]),
        }
