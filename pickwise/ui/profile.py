"""The profile panel: what pickwise knows about the user, grouped, and its removable entries."""

from __future__ import annotations

import html

from pickwise.agent.profile import Entry, Profile
from pickwise.agent.turn import as_said, humanize
from pickwise.agent.understanding import Vocabulary, avoided
from pickwise.text import is_film

__all__ = ["GROUPS", "PANEL_CSS", "entry_choices", "panel_html"]

#: Entry kind -> heading in the panel, in display order.
GROUPS: dict[str, str] = {
    "liked": "Likes",
    "disliked": "Dislikes",
    "person": "People you like",
    "seen": "Seen",
    "chosen": "Chose",
    "constraint": "Constraints",
    "aspect": "Looking for",
    "avoid": "Rather avoid",
}
#: Headings said otherwise for a catalog of films.
FILM_GROUPS = {"chosen": "Chose to watch"}
_CHOICE_PREFIX = {
    "liked": "👍",
    "disliked": "👎",
    "person": "Fan of:",
    "seen": "Seen:",
    "chosen": "Chose:",
    "constraint": "Rule:",
    "aspect": "Mood:",
    "avoid": "Avoid:",
}
EMPTY = (
    "Nothing yet. Tell me {} you liked or disliked, or what you are in the mood for, "
    "or use 👍 / 👎 on a pick."
)

#: Scoped to the panel's HTML component by Gradio (``css_template``).
PANEL_CSS = """
.profile-user { font-size: 0.85rem; color: var(--body-text-color-subdued); margin-bottom: 0.4rem; }
.profile-section { margin: 0 0 0.6rem; }
.profile-section h4 { margin: 0 0 0.2rem; font-size: 0.8rem; text-transform: uppercase;
  letter-spacing: 0.04em; color: var(--body-text-color-subdued); }
.profile-section ul { margin: 0; padding-left: 1.1rem; }
.profile-section li { font-size: 0.9rem; line-height: 1.35; }
.profile-empty { font-size: 0.9rem; color: var(--body-text-color-subdued); margin: 0; }
"""


def panel_html(
    profile: Profile, nouns: str = "films", vocab: Vocabulary | None = None, noun: str = "film"
) -> str:
    """The profile grouped by kind (likes, dislikes, seen, constraints, aspects); ``nouns``:
    what the catalog's items are called ("Chose to watch" only for films); with ``vocab``, a
    place wished for as the chat names it ("films from Europe", not "european")."""
    e = html.escape
    parts = [f'<div class="profile-user">Profile of <b>{e(profile.user_id)}</b></div>']
    entries = profile.entries()
    if not entries:
        parts.append(f'<p class="profile-empty">{e(EMPTY.format(nouns))}</p>')
    for kind, heading in GROUPS.items():
        heading = FILM_GROUPS.get(kind, heading) if is_film(nouns) else heading
        shown = [_shown(entry, profile, vocab, noun) for entry in entries]
        labels = [label for group, label in shown if group == kind]
        if not labels:
            continue
        items = "".join(f"<li>{e(label)}</li>" for label in labels)
        parts.append(
            f'<section class="profile-section" data-kind="{kind}">'
            f"<h4>{e(heading)}</h4><ul>{items}</ul></section>"
        )
    return "".join(parts)


def entry_choices(
    profile: Profile, vocab: Vocabulary | None = None, noun: str = "film"
) -> list[tuple[str, str]]:
    """(label, key) pairs for the "remove entries" picker."""
    return [
        (f"{_CHOICE_PREFIX.get(kind, kind)} {label}", entry.key)
        for entry in profile.entries()
        for kind, label in [_shown(entry, profile, vocab, noun)]
    ]


def _shown(
    entry: Entry, profile: Profile, vocab: Vocabulary | None = None, noun: str = "film"
) -> tuple[str, str]:
    """The group and label an entry is shown under: an aspect refused ("not too gory") is
    something to avoid ("gory"), not something looked for; a constraint in words ("from 1990
    on", not "year>=1990"); a place as the chat names it ("films from Europe")."""
    if entry.kind == "constraint":
        said = {f"constraint:{c}": humanize(c) for c in profile.constraints}
        return entry.kind, said.get(entry.key, entry.label)
    avoid = avoided([entry.label]) if entry.kind == "aspect" else ()
    if avoid:
        return "avoid", as_said(avoid[0], vocab, noun)
    if entry.kind == "aspect":
        return entry.kind, as_said(entry.label, vocab, noun)
    return entry.kind, entry.label
