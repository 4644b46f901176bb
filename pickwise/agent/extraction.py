"""The LLM layer of profile extraction: structured output, validated against the catalog.

It runs after the rules (``understand``) when the backend can do it (``PICKWISE_LLM_EXTRACTION``),
and only adds: titles must resolve to catalog items, genres and languages must be catalog values,
and whatever the rules already decided for a field or an item wins.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from pickwise.agent.rerank import as_data
from pickwise.agent.understanding import Understanding
from pickwise.errors import BackendError
from pickwise.prompts import load_prompt
from pickwise.retrieval.constraints import Constraint, Range, any_of, none_of

if TYPE_CHECKING:
    from pickwise.agent.app import Pickwise

__all__ = ["EXTRACTION_SCHEMA", "LLMPreferences", "merge_llm_understanding"]

log = logging.getLogger(__name__)
_AVOID_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*){0,2}")


class LLMPreferences(BaseModel):
    """What the LLM may report about one message."""

    liked_titles: list[str] = Field(default_factory=list, max_length=10)
    disliked_titles: list[str] = Field(default_factory=list, max_length=10)
    seen_titles: list[str] = Field(default_factory=list, max_length=10)
    exclude_genres: list[str] = Field(default_factory=list, max_length=10)
    only_genres: list[str] = Field(default_factory=list, max_length=10)
    languages: list[str] = Field(default_factory=list, max_length=5)
    year_min: int | None = None
    year_max: int | None = None
    max_runtime_minutes: int | None = None
    aspects: list[str] = Field(default_factory=list, max_length=6)
    avoid: list[str] = Field(
        default_factory=list,
        max_length=4,
        description='Qualities the person wants less of, in a word or two ("gory").',
    )


EXTRACTION_SCHEMA: dict[str, Any] = LLMPreferences.model_json_schema()


def _resolve_titles(titles: list[str], agent: Pickwise) -> list[str]:
    ids = []
    for title in titles:
        found = agent.titles.find(f'"{title}"')
        if found:
            ids.append(found[0].item_id)
    return ids


def _constraints(prefs: LLMPreferences, agent: Pickwise) -> list[Constraint]:
    vocab = agent.vocabulary
    out: list[Constraint] = []
    genre_field = vocab.facets[0][0] if vocab.facets else None
    known = {v.lower(): v for v in (vocab.facets[0][1] if vocab.facets else ())}
    if genre_field:
        excluded = [known[g.lower()] for g in prefs.exclude_genres if g.lower() in known]
        only = [known[g.lower()] for g in prefs.only_genres if g.lower() in known]
        if excluded:
            out.append(none_of(genre_field, *excluded))
        if only:
            out.append(any_of(genre_field, *only))
    langs = {v.lower(): v for v in vocab.languages}
    picked = [langs[x.lower()] for x in prefs.languages if x.lower() in langs]
    if vocab.language_field and picked:
        out.append(any_of(vocab.language_field, *picked))
    if vocab.year_field and (prefs.year_min or prefs.year_max):
        out.append(Range(vocab.year_field, prefs.year_min, prefs.year_max))
    if vocab.runtime_field and prefs.max_runtime_minutes:
        out.append(Range(vocab.runtime_field, max=prefs.max_runtime_minutes))
    return out


def merge_llm_understanding(u: Understanding, message: str, agent: Pickwise) -> Understanding:
    """``u`` plus what the LLM found that the rules did not; ``u`` itself if the LLM fails."""
    vocab = agent.vocabulary
    system, user = load_prompt("extract").render(
        noun=agent.config.noun,
        genres=list(vocab.facets[0][1]) if vocab.facets else [],
        languages=list(vocab.languages),
        message=as_data(message, 2000),  # one line: it cannot close its DATA block
    )
    assert agent.llm is not None
    try:
        raw = agent.llm.structured(
            [SystemMessage(system), HumanMessage(user)],
            EXTRACTION_SCHEMA,
            "preferences",
        )
        prefs = LLMPreferences.model_validate(raw)
    except (BackendError, ValidationError) as exc:
        log.info("LLM extraction skipped: %s", exc)
        return u
    decided = {*u.liked, *u.disliked, *u.seen}
    liked = [i for i in _resolve_titles(prefs.liked_titles, agent) if i not in decided]
    disliked = [
        i
        for i in _resolve_titles(prefs.disliked_titles, agent)
        if i not in decided and i not in liked
    ]
    seen = [i for i in _resolve_titles(prefs.seen_titles, agent) if i not in decided]
    ruled_fields = {c.field for c in u.add_constraints} | {r.field for r in u.drop_constraints}
    extra = [c for c in _constraints(prefs, agent) if c.field not in ruled_fields]
    aspects = [a.strip()[:60] for a in prefs.aspects if a.strip()]
    # "not too gory": the agent pushes these down (avoid), never searches for them; a word or
    # three of plain letters, since the reply repeats them
    aspects += [f"not {a.strip()}" for a in prefs.avoid if _AVOID_WORDS.fullmatch(a.strip())]
    known_aspects = {a.lower() for a in u.aspects}
    return replace(
        u,
        liked=(*u.liked, *liked),
        disliked=(*u.disliked, *disliked),
        seen=(*u.seen, *seen),
        add_constraints=(*u.add_constraints, *extra),
        aspects=(*u.aspects, *[a for a in aspects if a.lower() not in known_aspects]),
    )
