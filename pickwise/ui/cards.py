"""Pick cards: what one recommendation shows (title, year, genres, a line of synopsis, why)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from pickwise.agent.reply import after_heading
from pickwise.agent.rerank import Pick

__all__ = ["CARD_CSS", "Card", "card_html", "card_of", "synopsis_line"]

SYNOPSIS_CHARS = 140
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")

#: Scoped to each card's HTML component by Gradio (``css_template``).
CARD_CSS = """
.card-title { font-weight: 650; font-size: 1.05rem; line-height: 1.25; }
.card-year { color: var(--body-text-color-subdued); font-weight: 400; }
.card-genres { margin: 0.15rem 0 0.4rem; font-size: 0.8rem;
  color: var(--body-text-color-subdued); text-transform: lowercase; }
.card-synopsis { margin: 0 0 0.45rem; font-size: 0.88rem; line-height: 1.35; }
.card-why { margin: 0; font-size: 0.82rem; line-height: 1.35;
  padding-left: 0.5rem; border-left: 3px solid var(--color-accent); }
.card-why b { font-weight: 600; }
"""


@dataclass(frozen=True)
class Card:
    """The facts one card shows, already reduced to short strings."""

    item_id: str
    title: str
    year: str
    genres: str
    synopsis: str
    why: str


def synopsis_line(text: str, limit: int = SYNOPSIS_CHARS) -> str:
    """The first sentence of a synopsis, cut at a word boundary if it is long."""
    text = " ".join(text.split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def card_of(pick: Pick) -> Card:
    """A card for a pick of a reply."""
    item = pick.recommendation.item
    genres = item.metadata.get("genres", ())
    if isinstance(genres, str):
        genres = (genres,)
    elif not isinstance(genres, tuple):
        genres = ()
    return Card(
        item_id=item.id,
        title=item.title,
        year=item.shown_year,
        genres=" · ".join(str(g) for g in genres),
        synopsis=synopsis_line(item.text),
        why=after_heading(pick.explanation, item),  # the card's heading shows the title
    )


def card_html(card: Card) -> str:
    """The card's body as HTML; every catalog string is escaped."""
    e = html.escape
    year = f' <span class="card-year">({e(card.year)})</span>' if card.year else ""
    parts = [
        f'<div class="card-body" data-item-id="{e(card.item_id)}">',
        f'<div class="card-title">{e(card.title)}{year}</div>',
    ]
    if card.genres:
        parts.append(f'<div class="card-genres">{e(card.genres)}</div>')
    if card.synopsis:
        parts.append(f'<p class="card-synopsis">{e(card.synopsis)}</p>')
    if card.why:
        parts.append(f'<p class="card-why"><b>Why:</b> {e(card.why)}</p>')
    parts.append("</div>")
    return "".join(parts)
