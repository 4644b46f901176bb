"""The Gradio web UI: a streaming chat, pick cards with 👍 / 👎, and the live profile.

``build_ui(agent)`` returns a ``gr.Blocks`` that ``pickwise serve`` mounts with
``gr.mount_gradio_app``. The page is laid out in :mod:`pickwise.ui.layout`; what each event
does is in :mod:`pickwise.ui.handlers`; this module connects the two.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from pickwise.agent.app import Pickwise
from pickwise.ui import handlers as h
from pickwise.ui.cards import Card
from pickwise.ui.layout import PAGE_CSS, Page, Updates

__all__ = ["build_ui", "mount_options"]


def _warn(exc: BaseException) -> None:
    """An error as a warning toast (its message only, never a trace)."""
    gr.Warning(html.escape(h.error_message(exc)))


def _note(text: str) -> None:
    """A short, self-closing confirmation."""
    gr.Info(html.escape(text), duration=4)


def _guarded(fn: Callable[..., Updates]) -> Callable[..., Updates]:
    """Run an event handler; a failure becomes a warning toast and changes nothing."""

    @functools.wraps(fn)
    def run(*args: Any) -> Updates:
        try:
            return fn(*args)
        except Exception as exc:
            _warn(exc)
            return {}

    return run


def _wire_chat(page: Page) -> None:
    agent = page.agent

    def chat(
        message: str,
        history: list[h.Message],
        name: str,
        user: str,
        thread: str,
        shown: list[Card],
    ) -> Iterator[Updates]:
        problem = h.name_problem(name, user)
        if problem:  # not under a name the user no longer sees; the message stays in the box
            yield {page.name_error: gr.Markdown(f"⚠️ {problem}", visible=True)}
            return
        try:
            for step in h.run_turn(agent, message, history or [], user, thread):
                out: Updates = {page.chatbot: step.history, page.box: ""}
                if step.done and step.reply is not None:
                    out[page.llm_notice] = gr.Markdown(visible=bool(step.reply.degraded))
                    out.update(page.show_profile(agent.profile(user)))
                cards = step.cards()
                if cards is not None:
                    out.update(page.show_cards(cards, h.NO_PICKS))
                if step.done:
                    kept = h.Saved(user, thread, step.history, shown if cards is None else cards)
                    out[page.saved] = kept.to_json()
                yield out
        except Exception as exc:  # run_turn shows the agent's errors; this is for the page's
            _warn(exc)

    outputs = [
        page.chatbot,
        page.box,
        page.llm_notice,
        page.name_error,
        page.saved,
        page.picks_empty,
        page.cards,
        page.panel,
        page.entries,
        *page.slot_components(),
    ]
    inputs = [page.box, page.chatbot, page.name, page.user, page.thread, page.cards]
    triggers = [page.box.submit, page.send.click]
    gr.on(triggers, chat, inputs, outputs, show_progress_on=[page.chatbot])


def _wire_cards(page: Page) -> None:
    agent = page.agent

    def feedback(i: int, liked: bool) -> Callable[..., Updates]:
        @_guarded
        def on_click(user: str, thread: str, cards: list[Card]) -> Updates:
            if i >= len(cards):
                return {}
            profile, note = h.give_feedback(agent, user, thread, cards[i], liked)
            _note(note)
            slot = page.slots[i]
            return {
                **page.show_profile(profile),
                slot.like: gr.Button(variant="primary" if liked else "secondary"),
                slot.dislike: gr.Button(variant="secondary" if liked else "primary"),
            }

        return on_click

    for i, slot in enumerate(page.slots):
        outputs = [page.panel, page.entries, slot.like, slot.dislike]
        inputs = [page.user, page.thread, page.cards]
        slot.like.click(feedback(i, True), inputs, outputs, show_progress="hidden")
        slot.dislike.click(feedback(i, False), inputs, outputs, show_progress="hidden")


def _wire_profile(page: Page) -> None:
    agent = page.agent

    @_guarded
    def remove(user: str, keys: list[str] | None) -> Updates:
        profile, note = h.remove_entries(agent, user, list(keys or []))
        _note(note)
        return page.show_profile(profile)

    def can_remove(keys: list[str] | None) -> Updates:
        return {page.remove: gr.Button(interactive=bool(keys))}

    @_guarded
    def reset(user: str) -> Updates:
        profile, note = h.reset_profile(agent, user)
        _note(note)
        return {**page.show_profile(profile), **page.confirming_reset(False)}

    def ask_reset() -> Updates:  # one click must not empty a profile: a question first
        return page.confirming_reset(True)

    def keep_profile() -> Updates:
        return page.confirming_reset(False)

    profile_out = [page.panel, page.entries]
    asking = [page.reset, page.confirm]
    page.remove.click(remove, [page.user, page.entries], profile_out)
    page.entries.change(can_remove, [page.entries], [page.remove], show_progress="hidden")
    page.reset.click(ask_reset, None, asking, show_progress="hidden")
    page.reset_no.click(keep_profile, None, asking, show_progress="hidden")
    page.reset_yes.click(reset, [page.user], [*profile_out, *asking])


def _wire_user(page: Page, ui: gr.Blocks) -> None:
    """Who the page acts for: the browser's own user (kept in its localStorage), or a name."""
    agent = page.agent

    @_guarded
    def switch_user(name: str, current: str) -> Updates:
        try:
            user = h.user_name(name)
        except Exception:  # inline, beside the field: a toast would cover it
            problem = h.name_problem(name, current)
            return {page.name_error: gr.Markdown(f"⚠️ {problem}", visible=True)}
        out: Updates = {page.name_error: gr.Markdown(visible=False), page.name: user}
        if user != current:
            out.update(page.fresh_conversation(user))
            out.update(page.show_profile(agent.profile(user)))
        return out

    @_guarded
    def new_conversation(user: str) -> Updates:
        _note("New conversation; your profile stays.")
        return page.fresh_conversation(user)

    @_guarded
    def load(kept: Any) -> Updates:
        saved = h.Saved.restore(kept)
        notice = h.catalog_notice(agent)
        return {
            page.notice: gr.Markdown(notice, visible=bool(notice)),
            **page.show_saved(saved),
            **page.show_profile(agent.profile(saved.user)),
        }

    fresh = [page.name, page.user, page.thread, page.chatbot, page.llm_notice, page.saved]
    fresh += [page.picks_empty, page.cards, *page.slot_components()]
    profile_out = [page.panel, page.entries]
    user_out = [page.name_error, *fresh, *profile_out]
    gr.on([page.name.submit, page.name.blur], switch_user, [page.name, page.user], user_out)
    page.new_chat.click(new_conversation, [page.user], fresh)
    page.chatbot.clear(new_conversation, [page.user], fresh)  # its 🗑 starts afresh too
    ui.load(load, [page.saved], [page.notice, *fresh, *profile_out], show_progress="hidden")


def mount_options() -> dict[str, Any]:
    """What ``gr.mount_gradio_app`` needs besides the app: the page's stylesheet, and a footer
    with Gradio's settings and credit but not its "Use via API" page (the page links to
    pickwise's own HTTP API instead)."""
    return {"footer_links": ["gradio", "settings"], "css": PAGE_CSS}


def build_ui(agent: Pickwise) -> gr.Blocks:
    """The web UI over one agent; several people can use it at once under different names."""
    with gr.Blocks(title="pickwise", analytics_enabled=False) as ui:  # no calls home
        page = Page(agent)
        _wire_chat(page)
        _wire_cards(page)
        _wire_profile(page)
        _wire_user(page, ui)
    return ui
