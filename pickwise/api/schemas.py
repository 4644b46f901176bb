"""Request and response bodies of the HTTP API (pydantic, so they appear in the OpenAPI docs)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from pickwise.agent.profile import Profile
from pickwise.agent.rerank import Pick
from pickwise.api.limits import MAX_IDS, MAX_MESSAGES, MAX_QUERY_CHARS, MAX_RESULTS, MAX_WHERE
from pickwise.retrieval.items import Item
from pickwise.retrieval.recommender import Recommendation

__all__ = [
    "ChatCompletion",
    "ChatCompletionRequest",
    "ChatMessage",
    "ErrorBody",
    "ExportOut",
    "FeedbackIn",
    "Health",
    "ItemOut",
    "ModelList",
    "ModelOut",
    "PersonRef",
    "PickOut",
    "PickwiseExtra",
    "ProfileEdit",
    "ProfileOut",
    "Readiness",
    "RecommendationList",
    "RecommendationOut",
    "RecommendationRequest",
]

IdList = Annotated[list[str], Field(max_length=MAX_IDS)]
TextList = Annotated[list[str], Field(max_length=MAX_WHERE)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors and health --------------------------------------------------------------------
class ErrorDetail(BaseModel):
    type: str = Field(description="The error's class, e.g. RequestError, NotFoundError.")
    message: str = Field(description="What is wrong and how to fix it.")


class ErrorBody(BaseModel):
    error: ErrorDetail


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class CatalogStatus(BaseModel):
    name: str
    items: int
    ok: bool


class LLMStatus(BaseModel):
    backend: str = Field(description="local, openai or none.")
    ok: bool = Field(
        description="The endpoint answers a health check (always true for none); false but "
        "still ready while it is busy with a call that timed out."
    )
    degraded: str = Field(
        default="",
        description="Why the latest LLM call failed (timeout, error, invalid output), so turns "
        "answer with retrieval order and template explanations; empty once a call succeeds.",
    )
    recent_calls: int = Field(default=0, description="LLM calls remembered (the last 20).")
    recent_failures: int = Field(default=0, description="How many of them failed.")
    breaker_open_s: float | None = Field(
        default=None,
        description="Seconds until calls are tried again after timeouts in a row (turns skip "
        "the LLM meanwhile); null when calls go ahead.",
    )


class Readiness(BaseModel):
    status: Literal["ready", "degraded", "not ready"] = Field(
        description="ready; degraded (200: turns answer, without the LLM's part); not ready (503)."
    )
    catalog: CatalogStatus
    llm: LLMStatus


# --- items and recommendations ------------------------------------------------------------
class ItemOut(BaseModel):
    id: str
    title: str
    text: str
    metadata: dict[str, Any]

    @classmethod
    def of(cls, item: Item) -> ItemOut:
        return cls.model_validate(item.to_dict())


class SignalOut(BaseModel):
    source: str = Field(
        description="The source: query, liked, collaborative, popularity, people, genres, or one "
        "learned from past conversations (comention, context, neighbours, recommended, "
        "mentioned, alike), traits (shares genres, people or era with the items mentioned), or "
        "one that pushes down: avoid (like the words to avoid), disliked (like a disliked item; "
        "its evidence is that item)."
    )
    score: float = Field(description="The source's raw score.")
    contribution: float = Field(description="Its weighted share of the fused score.")
    because: IdList = Field(
        description="The evidence behind the signal: item ids (the liked or mentioned items), or "
        "for the people and genres sources the names of the people or genres named."
    )
    because_titles: list[str]
    shared: list[str] = Field(
        default_factory=list,
        description="What the item shares with its evidence, where the source says (traits: "
        "genres, people, a decade).",
    )


#: What ``score`` means, by kind of result (docs/API.md's REST section says the same).
SCORE = (
    "Structured requests and item search: the fused retrieval score, the sum of the signals' "
    "contributions (unbounded; below 0 when what pushes down outweighs the rest). A user's "
    "picks (user_id): the pick's rank score in [0, 1], retrieval order blended with the LLM's "
    "(1 is first); its fused score is retrieval_score."
)


class RecommendationOut(BaseModel):
    item: ItemOut
    score: float = Field(description=SCORE)
    retrieval_score: float = Field(
        description="The fused retrieval score, for every kind of result (a structured "
        "request's or a search's score)."
    )
    reason: str = Field(description="A plain reason built from the attribution.")
    signals: list[SignalOut] = Field(description="Attribution, strongest first.")
    explanation: str | None = Field(None, description="The checked explanation (user mode).")
    explained_by: Literal["llm", "template"] | None = None

    @classmethod
    def of(
        cls, rec: Recommendation, pick: Pick | None = None, liked_people: Collection[str] = ()
    ) -> RecommendationOut:
        signals = [
            SignalOut(
                source=s.source,
                score=round(s.score, 4),
                contribution=round(s.contribution, 4),
                because=list(s.because),
                because_titles=list(s.because_titles),
                shared=list(s.shared),
            )
            for s in rec.signals
        ]
        return cls(
            item=ItemOut.of(rec.item),
            score=round(pick.score if pick else rec.score, 4),
            retrieval_score=round(rec.score, 4),
            reason=rec.reason(liked_people),
            signals=signals,
            explanation=pick.explanation if pick else None,
            explained_by=pick.explained_by if pick else None,  # type: ignore[arg-type]
        )


class RecommendationList(BaseModel):
    results: list[RecommendationOut]


#: Source names a request may weigh (at most this many).
MAX_WEIGHTS = 20
SourceName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
SourceWeight = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False, strict=True)]


class RecommendationRequest(_Strict):
    """Either a structured request (query, liked, disliked, seen, where, k, context, mentioned,
    avoid, weights) or a user's profile plus free text (user_id, query, k)."""

    query: str = Field("", max_length=MAX_QUERY_CHARS, description="Free text.")
    user_id: str | None = Field(None, description="Recommend from this user's profile.")
    liked: IdList = Field(default_factory=list)
    disliked: IdList = Field(default_factory=list)
    seen: IdList = Field(default_factory=list)
    where: TextList = Field(default_factory=list, examples=[["year>=1990", "genres!=horror"]])
    k: StrictInt | None = Field(
        None, ge=1, le=MAX_RESULTS, description="How many (10; picks per reply)."
    )
    context: str = Field(
        "",
        max_length=MAX_QUERY_CHARS,
        description="The user's latest words in your conversation, for learned sources.",
    )
    mentioned: IdList = Field(
        default_factory=list,
        description="Items talked about so far, the latest last (seeds; not excluded).",
    )
    avoid: TextList = Field(
        default_factory=list,
        description="Words for what to stay away from: the items most like them are pushed "
        "down, not filtered out.",
        examples=[["gory"]],
    )
    weights: dict[SourceName, SourceWeight] = Field(
        default_factory=dict,
        max_length=MAX_WEIGHTS,
        description="Fusion weights for this request, by source name, over the server's "
        '(PICKWISE_WEIGHT_*): {"traits": 0} leaves out what the liked items share.',
        examples=[{"traits": 0.0}],
    )

    @model_validator(mode="after")
    def _one_mode(self) -> RecommendationRequest:
        structured = self.liked or self.disliked or self.seen or self.where or self.weights
        if self.user_id is not None and (
            structured or self.context or self.mentioned or self.avoid
        ):
            raise ValueError(
                "give either user_id (the profile supplies likes and constraints) or "
                "liked/disliked/seen/where/context/mentioned/avoid/weights, not both"
            )
        return self


# --- users ----------------------------------------------------------------------------------
class ItemRef(BaseModel):
    id: str
    title: str


class PersonRef(BaseModel):
    field: str = Field(description="The catalog field the person was found in (directors...).")
    value: str = Field(description="The person as that field holds them, lower-cased.")
    name: str = Field(description="The name as the catalog writes it.")


class EntryOut(BaseModel):
    key: str = Field(description="Pass it in PATCH's `remove` to drop the entry.")
    kind: str
    label: str


class ProfileOut(BaseModel):
    user_id: str
    liked: list[ItemRef]
    disliked: list[ItemRef]
    seen: list[ItemRef]
    liked_people: list[PersonRef] = Field(
        default_factory=list, description="People the user likes, most recent last."
    )
    constraints: list[dict[str, Any]]
    aspects: list[str]
    updated: float
    entries: list[EntryOut]

    @classmethod
    def of(cls, profile: Profile) -> ProfileOut:
        entries = [EntryOut(key=e.key, kind=e.kind, label=e.label) for e in profile.entries()]
        return cls.model_validate({**profile.to_dict(), "entries": entries})


class ProfileEdit(_Strict):
    like: IdList = Field(default_factory=list)
    dislike: IdList = Field(default_factory=list)
    seen: IdList = Field(default_factory=list)
    where: TextList = Field(
        default_factory=list,
        description="Constraints, e.g. year>=1990; bounds on a number field narrow the "
        "profile's range on it.",
    )
    allow: TextList = Field(
        default_factory=list,
        description="Lift constraints: `field` (every one on it) or `field=value` (one value); "
        "one that lifts nothing is a 404.",
    )
    aspects: TextList = Field(default_factory=list, description="Free text, e.g. 'lighter'.")
    like_people: TextList = Field(
        default_factory=list,
        description="People liked, by name as the catalog writes them, e.g. 'Denis Villeneuve' "
        "(a name the catalog does not have is a 422).",
    )
    remove: TextList = Field(
        default_factory=list, description="Entry keys, e.g. liked:arrival-2016."
    )


class FeedbackIn(_Strict):
    item_id: str
    liked: StrictBool = Field(description="true for a like, false for a dislike.")
    thread_id: str | None = Field(
        None,
        min_length=1,
        max_length=128,
        description="The conversation the pick came from, one of the user's (else a 404).",
    )


class FeedbackOut(BaseModel):
    item_id: str
    liked: StrictBool = Field(description="true for a like, false for a dislike.")
    thread_id: str | None = Field(description="The conversation, as the export's threads name it.")
    ts: float


class ExportOut(BaseModel):
    profile: dict[str, Any]
    feedback: list[FeedbackOut]
    threads: list[str]


# --- OpenAI-compatible chat -----------------------------------------------------------------
class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The text of the message; of a list of content parts, the text parts."""
        if isinstance(self.content, list):
            return "\n".join(
                str(p.get("text", "")) for p in self.content if p.get("type") == "text"
            )
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """OpenAI's chat completion request; fields pickwise has no use for are accepted and
    ignored (temperature, max_tokens..., tools it is not asked to call). It cannot call tools
    or answer in JSON: a tool_choice that requires a call, or a JSON response_format, is a 422."""

    model_config = ConfigDict(extra="allow")

    model: str = "pickwise"
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: StrictBool = False
    user: str | None = Field(None, description="The user id (else X-Pickwise-User).")


class PickOut(BaseModel):
    id: str
    title: str
    year: int | None
    score: float = Field(
        description="The pick's rank score in [0, 1]: retrieval order blended with the LLM's "
        "(1 is first)."
    )
    retrieval_score: float = Field(description="The item's fused retrieval score.")
    explanation: str
    explained_by: Literal["llm", "template"]

    @classmethod
    def of(cls, pick: Pick) -> PickOut:
        item = pick.recommendation.item
        year = item.metadata.get("year")
        return cls(
            id=item.id,
            title=item.title,
            year=int(year) if isinstance(year, int | float) else None,
            score=round(pick.score, 4),
            retrieval_score=round(pick.recommendation.score, 4),
            explanation=pick.explanation,
            explained_by=pick.explained_by,  # type: ignore[arg-type]
        )


class PickwiseExtra(BaseModel):
    """The structured part of a reply, beside the OpenAI fields."""

    picks: list[PickOut]
    changes: list[str] = Field(description="What the message changed in the profile.")
    intent: str
    degraded: str = Field(description="Why the LLM's answer was not used in full, or ''.")
    thread_id: str
    user_id: str


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    refusal: None = None


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    logprobs: None = None
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    system_fingerprint: None = None
    pickwise: PickwiseExtra


class ModelOut(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "pickwise"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]
