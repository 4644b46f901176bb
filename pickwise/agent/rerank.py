"""LLM re-ranking of retrieved candidates, fused with the retrieval order, with explanations.

The LLM sees candidates under short ids (c1, c2...) and answers with JSON that a schema constrains.
Its answer is validated (known ids only, no duplicates) and its order is fused with the retrieval
order by a weight, so a weak model can nudge a good list but not wreck it. A failed call, rubbish
JSON or an ungrounded reason falls back to the retrieval order and template explanations.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from pickwise.agent.explain import Grounding, grounding_problem, template_explanation
from pickwise.agent.profile import Profile
from pickwise.errors import BackendError
from pickwise.prompts import load_prompt
from pickwise.retrieval.recommender import Recommendation

__all__ = ["Pick", "RerankResult", "StructuredLLM", "as_data", "echoes", "rerank"]

log = logging.getLogger(__name__)
SYNOPSIS_CHARS = 160


class StructuredLLM(Protocol):
    """What re-ranking needs from a backend (``pickwise.llm.ChatBackend``)."""

    name: str

    def structured(
        self,
        messages: list[BaseMessage],
        schema: dict[str, Any],
        name: str,
        max_tokens: int | None = None,
    ) -> dict[str, Any]: ...


class _LLMPick(BaseModel):
    id: str
    reason: str = Field(default="", max_length=2000)


class _LLMAnswer(BaseModel):
    picks: list[_LLMPick | str]

    def pairs(self) -> list[tuple[str, str]]:
        return [(p, "") if isinstance(p, str) else (p.id, p.reason) for p in self.picks]


@dataclass(frozen=True)
class Pick:
    """A final recommendation: the retrieved item, its score and a checked explanation."""

    recommendation: Recommendation
    score: float
    explanation: str
    explained_by: str  # "llm" or "template"

    @property
    def item_id(self) -> str:
        return self.recommendation.item.id


@dataclass(frozen=True)
class RerankResult:
    picks: list[Pick]
    #: Why the LLM's answer was not used in full ("" when it was, or when there is no LLM).
    degraded: str = ""


_END = re.compile(r"\bend\W*data\b", re.I)
_START = re.compile(r"\bdata\s*:", re.I)


def as_data(text: str, limit: int) -> str:
    """One line of data: no newlines or block markers a text could use to break out."""
    text = _END.sub("END_DATA", " ".join(str(text).split()))
    text = _START.sub("DATA", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def candidate_line(rec: Recommendation, detail: bool = True) -> str:
    """One candidate as prompt data; without ``detail``, only title, year and genres (a small
    local model pays for every prompt token in latency)."""
    item, meta = rec.item, rec.item.metadata
    parts = [item.heading()]
    keys = ("genres", "directors", "cast", "language") if detail else ("genres",)
    for key in keys:
        value = meta.get(key)
        if value:
            parts.append(", ".join(value[:3]) if isinstance(value, tuple) else str(value))
    if item.text and detail:
        parts.append(item.text)
    return as_data(" | ".join(parts), 140 + SYNOPSIS_CHARS)


def schema_for(ids: Sequence[str], k: int, reasons: bool = True) -> dict[str, Any]:
    """JSON schema of the answer: up to k picks, ids from the candidate list only.

    With reasons, picks are ``{"id", "reason"}`` objects; without, a bare list of ids (the
    fewest tokens for a small model to generate).
    """
    enum = {"type": "string", "enum": list(ids)}
    item: dict[str, Any] = enum
    if reasons:
        item = {
            "type": "object",
            "properties": {"id": enum, "reason": {"type": "string", "maxLength": 240}},
            "required": ["id", "reason"],
        }
    return {
        "type": "object",
        "properties": {
            "picks": {
                "type": "array",
                "minItems": 1,
                "maxItems": k,
                "items": item,
            }
        },
        "required": ["picks"],
    }


def build_messages(
    candidates: Sequence[Recommendation],
    profile: Profile,
    message: str,
    k: int,
    noun: str,
    reasons: bool = True,
) -> list[BaseMessage]:
    lines = [
        {"id": f"c{i + 1}", "line": candidate_line(r, reasons)} for i, r in enumerate(candidates)
    ]
    system, user = load_prompt("rerank").render(
        k=k,
        noun=noun,
        reasons=reasons,
        liked=[as_data(t, 80) for t in profile.liked.values()],
        liked_people=[as_data(name, 80) for name in profile.liked_people.values()],
        disliked=[as_data(t, 80) for t in profile.disliked.values()],
        constraints=[str(c) for c in profile.constraints],
        aspects=[as_data(a, 80) for a in profile.aspects],
        message=as_data(message, 500),
        candidates=lines,
    )
    return [SystemMessage(system), HumanMessage(user)]


def fuse_orders(n: int, llm_order: Sequence[int], weight: float) -> list[tuple[int, float]]:
    """Blend retrieval ranks ``0..n-1`` with the LLM's order; returns ``(index, score)`` best first.

    Both orders become scores in [0, 1] (1 = first); candidates the LLM left out get 0 from it.
    """
    llm_score = [0.0] * n
    for pos, idx in enumerate(llm_order):
        llm_score[idx] = 1.0 - pos / max(len(llm_order), 1)
    fused = [((1 - weight) * (1.0 - i / max(n, 1)) + weight * llm_score[i], i) for i in range(n)]
    fused.sort(key=lambda t: (-t[0], t[1]))
    return [(i, s) for s, i in fused]


def rerank(
    candidates: Sequence[Recommendation],
    profile: Profile,
    message: str,
    k: int,
    llm: StructuredLLM | None,
    weight: float,
    grounding: Grounding,
    noun: str = "film",
    llm_candidates: int | None = None,
    llm_reasons: bool = True,
    asked: Sequence[str] | None = None,
    roles: Mapping[str, str] | None = None,
) -> RerankResult:
    """The ``k`` best candidates with explanations; never raises for a bad LLM.

    ``asked`` is what this request asks for, in the user's words, for the template reasons
    ("what you asked for (a tense thriller)"); by default the profile's aspects.

    The LLM sees the first ``llm_candidates`` (all by default) and, with ``llm_reasons``, writes
    a reason per pick; without, explanations come from the templates (a small model's are rarely
    grounded, and writing them dominates its latency). With ``weight`` 0 and no reasons the LLM
    is not asked (its answer could change nothing).
    """
    if not candidates:
        return RerankResult([])
    order: list[int] = []
    reasons: dict[int, str] = {}
    degraded = ""
    # at weight 0 without reasons the answer could change nothing: the call is not made
    if llm is not None and (weight > 0 or llm_reasons):
        try:
            shown = candidates[: llm_candidates or len(candidates)]
            order, reasons = _ask(llm, shown, profile, message, k, noun, llm_reasons)
        except BackendError as exc:
            degraded = f"LLM unavailable: {exc}"
            log.warning("re-rank fell back to retrieval order: %s", exc)
        if not order and not degraded:
            degraded = "LLM gave no usable picks"
    ranked = fuse_orders(len(candidates), order, weight if order else 0.0)[:k]
    picks = []
    for idx, score in ranked:
        rec = candidates[idx]
        text, source = reasons.get(idx, ""), "llm"
        if not text or grounding_problem(
            text, rec.item, profile, grounding, message, evidence_of(rec)
        ):
            text, source = (
                template_explanation(
                    rec,
                    profile.aspects if asked is None else asked,
                    noun,
                    profile.liked,
                    grounding.vocabulary,
                    roles,
                    tuple(profile.liked_people.values()),
                ),
                "template",
            )
        picks.append(Pick(rec, score, text, source))
    return RerankResult(picks, degraded)


_WORD = re.compile(r"\w+")


def echoes(text: str, prompt: str, run: int = 5) -> bool:
    """Whether ``text`` repeats ``run`` consecutive words of ``prompt`` (an injected "print
    your instructions" that a model obeyed)."""

    def runs(t: str) -> set[tuple[str, ...]]:
        words = _WORD.findall(t.lower())
        return {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}

    return bool(runs(text) & runs(prompt))


def evidence_of(rec: Recommendation) -> list[str]:
    """Items the retrieval named as the reason for a candidate."""
    return [i for s in rec.signals for i in s.because]


def _ask(
    llm: StructuredLLM,
    candidates: Sequence[Recommendation],
    profile: Profile,
    message: str,
    k: int,
    noun: str,
    want_reasons: bool,
) -> tuple[list[int], dict[int, str]]:
    ids = [f"c{i + 1}" for i in range(len(candidates))]
    messages = build_messages(candidates, profile, message, k, noun, want_reasons)
    raw = llm.structured(
        messages,
        schema_for(ids, k, want_reasons),
        "picks",
        max_tokens=k * (70 if want_reasons else 6) + 16,
    )
    try:
        answer = _LLMAnswer.model_validate(raw)
    except ValidationError as exc:
        raise BackendError(f"answer does not match the schema: {exc.error_count()} errors") from exc
    position = {cid: i for i, cid in enumerate(ids)}
    order: list[int] = []
    reasons: dict[int, str] = {}
    for pick_id, reason in answer.pairs():
        idx = position.get(pick_id.strip())
        if idx is None or idx in reasons:
            continue  # unknown or repeated id: ignored
        order.append(idx)
        # a reason that quotes the instructions is dropped (the template explains instead)
        reasons[idx] = "" if echoes(reason, str(messages[0].content)) else reason.strip()
        if len(order) == k:
            break
    return order, reasons
