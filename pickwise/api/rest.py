"""The REST endpoints: recommendations, users' profiles and feedback, catalog items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Response

from pickwise.agent.app import Pickwise, thread_key
from pickwise.agent.profile import check_user_id
from pickwise.api.deps import (
    AgentDep,
    CallerDep,
    TurnGate,
    WorkPool,
    gate_of,
    json_response,
    known_query,
    pool_of,
)
from pickwise.api.edits import check_bounds, profile_changes
from pickwise.api.limits import MAX_QUERY_CHARS, MAX_RESULTS, MAX_WHERE
from pickwise.api.schemas import (
    ErrorBody,
    ExportOut,
    FeedbackIn,
    ItemOut,
    ProfileEdit,
    ProfileOut,
    RecommendationList,
    RecommendationOut,
    RecommendationRequest,
)
from pickwise.errors import NotFoundError, RequestError
from pickwise.retrieval.constraints import Constraint
from pickwise.retrieval.recommender import Recommendation, Request

__all__ = ["router"]

DEFAULT_K = 10
router = APIRouter(dependencies=[Depends(known_query)])
GateDep = Annotated[TurnGate, Depends(gate_of)]
PoolDep = Annotated[WorkPool, Depends(pool_of)]
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (401, 403, 404, 413, 422)
}


@router.post(
    "/recommendations",
    response_model=RecommendationList,
    responses={**_ERRORS, 503: {"model": ErrorBody}},
    tags=["recommendations"],
)
async def recommend(
    body: RecommendationRequest, agent: AgentDep, gate: GateDep, pool: PoolDep, caller: CallerDep
) -> Response:
    """A structured request (query, liked, disliked, seen, where, k) gives retrieval's results
    with their attribution; ``user_id`` (with an optional query) gives the agent's picks from
    that user's profile, re-ranked and explained. A request with nothing to go on (no query,
    and no likes, constraints... in the request or the user's profile) is a 422 that says what
    to give, as ``pickwise search`` does: it used to list arbitrary items, all at score 0."""
    if body.user_id is not None:
        user_id = caller.check(body.user_id)

        def picks() -> Response:
            if not body.query.strip():
                _check_profile_has_something(agent, user_id)
            with gate.turn():
                found = agent.recommend(user_id, body.query, body.k)
            people = agent.profiles.get(user_id).liked_people.values()
            return json_response(
                RecommendationList(
                    results=[RecommendationOut.of(p.recommendation, p, people) for p in found]
                )
            )

        return await pool.run(picks)

    if not (
        body.query.strip()
        or body.context.strip()
        or body.liked
        or body.disliked
        or body.where
        or body.avoid
        or body.mentioned
    ):
        raise RequestError(
            "nothing to recommend from: the request has no query, liked, disliked, where, avoid, "
            'mentioned or context. Give one, e.g. {"query": "a gentle comedy"} or '
            '{"liked": ["ID"]} (find ids with GET /v1/items?query=WORDS), or a user_id whose '
            "profile has likes."
        )

    def results() -> Response:
        unknown = [i for i in body.mentioned if i not in agent.catalog.index.row_of]
        if unknown:
            raise NotFoundError(
                f"unknown item id(s) {unknown[:5]} in mentioned; find ids with GET /v1/items."
            )
        where = _where(agent, body.where)
        request = Request(
            query=body.query,
            liked=tuple(body.liked),
            disliked=tuple(body.disliked),
            seen=tuple(body.seen),
            where=where,
            k=body.k or DEFAULT_K,
            context=body.context,
            mentioned=tuple(body.mentioned),
            # the query is a request in the caller's words, as a chat turn's is ("a heist"):
            # its words count as much as there (the benchmarks' 0.25 put Let the Right One In
            # first); a weight the caller gives wins
            weights={"keywords": agent.config.weight_keywords_chat, **body.weights},
            avoid=tuple(body.avoid),
        )
        return json_response(_results(agent.catalog.recommend(request)))

    return await anyio.to_thread.run_sync(results)  # quick: FastAPI's shared pool


def _check_profile_has_something(agent: Pickwise, user_id: str) -> None:
    """A 422 when the user's profile gives nothing to recommend from (no likes, dislikes,
    constraints or wishes: a user never seen, or one whose profile was emptied); what it has
    seen alone says nothing of what it wants."""
    profile = agent.profiles.get(user_id)
    if any(
        (
            profile.liked,
            profile.disliked,
            profile.liked_people,
            profile.constraints,
            profile.aspects,
        )
    ):
        return
    raise RequestError(
        f"nothing to recommend from: user '{user_id}' has no likes, dislikes, people liked, "
        "constraints or wishes yet, and the request has no query. Give a query, e.g. "
        f'{{"user_id": "{user_id}", "query": "a gentle comedy"}}, or add likes first: '
        f'PATCH /v1/users/{user_id}/profile with {{"like": ["ID"]}}, or '
        f'POST /v1/users/{user_id}/feedback with {{"item_id": "ID", "liked": true}}.'
    )


def _where(agent: Pickwise, where: Iterable[str]) -> tuple[Constraint, ...]:
    """The constraints, read against the catalog; bounds that leave nothing are a 422."""
    constraints = tuple(agent.catalog.where(w) for w in where)
    check_bounds(constraints)
    return constraints


def _results(recs: Iterable[Recommendation]) -> RecommendationList:
    return RecommendationList(results=[RecommendationOut.of(r) for r in recs])


# --- users ----------------------------------------------------------------------------------
def _known(agent: Pickwise, user_id: str) -> str:
    check_user_id(user_id)
    if not agent.profiles.exists(user_id):
        raise NotFoundError(
            f"no user '{user_id}'; a user appears with their first message, feedback or "
            "profile edit."
        )
    return user_id


@router.get(
    "/users/{user_id}/profile", response_model=ProfileOut, responses=_ERRORS, tags=["users"]
)
def get_profile(user_id: str, agent: AgentDep, caller: CallerDep) -> ProfileOut:
    """The user's profile; ``entries`` lists the keys that PATCH's ``remove`` takes."""
    caller.check(user_id)
    return ProfileOut.of(agent.profile(_known(agent, user_id)))


@router.patch(
    "/users/{user_id}/profile", response_model=ProfileOut, responses=_ERRORS, tags=["users"]
)
def edit_profile(user_id: str, body: ProfileEdit, agent: AgentDep, caller: CallerDep) -> ProfileOut:
    """Edit the profile (creating it for a new user): removals first, then additions. Bounds on
    a number field narrow the profile's range on it; an edit that contradicts itself is a 422."""
    caller.check(user_id)
    return ProfileOut.of(agent.edit_profile(user_id, **profile_changes(agent, user_id, body)))


@router.delete("/users/{user_id}/profile", status_code=204, responses=_ERRORS, tags=["users"])
def forget_user(user_id: str, agent: AgentDep, caller: CallerDep) -> Response:
    """Delete everything about the user: profile, feedback and conversations."""
    caller.check(user_id)
    agent.forget(_known(agent, user_id))
    return Response(status_code=204)


@router.get("/users/{user_id}/export", response_model=ExportOut, responses=_ERRORS, tags=["users"])
def export_user(user_id: str, agent: AgentDep, caller: CallerDep) -> ExportOut:
    """Everything stored about the user: profile, feedback and thread ids (the ids the user's
    chats and feedback name)."""
    caller.check(user_id)
    return ExportOut.model_validate(agent.export_profile(user_id))


@router.post(
    "/users/{user_id}/feedback", response_model=ProfileOut, responses=_ERRORS, tags=["users"]
)
async def feedback(
    user_id: str, body: FeedbackIn, agent: AgentDep, pool: PoolDep, caller: CallerDep
) -> Response:
    """A like or dislike of an item (a thumbs up on a pick); returns the updated profile.
    ``thread_id``, if given, must be one of the user's conversations."""
    caller.check(user_id)

    def record() -> Response:
        thread = body.thread_id
        if thread is not None:
            key = thread_key(check_user_id(user_id), thread)
            if key not in agent.profiles.threads(user_id):
                raise NotFoundError(
                    f"user '{user_id}' has no thread '{thread}'; give the thread_id a chat "
                    "reply names (its X-Pickwise-Thread header, pickwise.thread_id), or none."
                )
        profile = agent.feedback(user_id, body.item_id, body.liked, thread)
        return json_response(ProfileOut.of(profile))

    return await pool.run(record)


# --- items ----------------------------------------------------------------------------------
@router.get("/items/{item_id}", response_model=ItemOut, responses=_ERRORS, tags=["items"])
def get_item(item_id: str, agent: AgentDep) -> ItemOut:
    return ItemOut.of(agent.catalog.get(item_id))


@router.get("/items", response_model=RecommendationList, responses=_ERRORS, tags=["items"])
def search_items(
    agent: AgentDep,
    query: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="Free text.")] = "",
    k: Annotated[int, Query(ge=1, le=MAX_RESULTS)] = DEFAULT_K,
    where: Annotated[
        list[str] | None,
        Query(
            max_length=MAX_WHERE, description="Constraint, repeatable: year>=1990, genres!=horror."
        ),
    ] = None,
) -> RecommendationList:
    """Search the catalog by text and constraints (no profile involved); one of them is
    needed (a 422 without: it used to list arbitrary items, all at score 0)."""
    if not query.strip() and not where:
        raise RequestError(
            "nothing to search for; give a query (GET /v1/items?query=space+adventure) or a "
            "where constraint (GET /v1/items?where=year>=1990), or both."
        )
    request = Request(query=query, where=_where(agent, where or ()), k=k)
    return _results(agent.catalog.recommend(request))
