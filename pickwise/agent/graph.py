"""The conversation as a LangGraph graph: understand -> retrieve -> rerank -> respond.

Thread memory (messages, what was shown, the last picks) lives in the graph state and is saved by
the checkpointer; the profile lives in the :class:`~pickwise.agent.profile.ProfileStore`. Per-turn
objects (candidates, picks) travel in the run context, so checkpoints stay small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypedDict

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, RemoveMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.runtime import Runtime

from pickwise.agent.profile import Profile
from pickwise.agent.reply import compared, off_kind_said_once, opening, ran_out, ran_out_of
from pickwise.agent.rerank import Pick, RerankResult
from pickwise.agent.turn import TurnPlan, against_mood, storable_tastes, storable_where

__all__ = [
    "ASIDES",
    "MAX_THREAD_MESSAGES",
    "AgentState",
    "TurnContext",
    "build_graph",
    "topic_mentioned",
    "topic_messages",
]

MAX_THREAD_MESSAGES = 40
#: Intents whose message asks or answers rather than wishes: retrieval leaves its words out.
ASIDES = frozenset(
    {"about", "which", "why", "show_profile", "small_talk", "off_topic", "recall", "help"}
)
MAX_SHOWN = 500
#: Items talked about that a thread remembers (the latest ones).
MAX_MENTIONED = 50


class AgentState(TypedDict, total=False):
    """What a thread remembers between turns (all JSON-ready)."""

    messages: Annotated[list[AnyMessage], add_messages]
    user_id: str
    #: The thread's checkpoint key ("ana::t1"): other threads of the user are read for what
    #: "last time" means.
    thread_key: str
    shown: list[str]
    last_picks: list[str]
    last_explanations: dict[str, str]
    last_query: str
    last_wish: str
    last_seeds: list[str]
    last_where: list[Any]
    last_avoid: list[str]
    #: The kinds the last request mixed (``TurnPlan.tastes``), as dicts.
    last_tastes: list[Any]
    #: How many picks the last request asked for ("3 movies like ..."), 0 for the usual
    #: number: its follow-ups ("something else", "seen them all") ask for as many.
    last_count: int
    #: Items the user named or pointed at in this thread, each once, the latest last.
    mentioned: list[str]
    #: The id of the user message that started the current topic (see ``TurnPlan.fresh``), and
    #: the items named since then: retrieval reads the conversation from there.
    topic_start: str
    topic_mentioned: list[str]
    #: The item the conversation is on (the last one asked about): what a bare "it" means.
    #: New picks clear it.
    focus: str
    #: The one film the message of the last list was about ("I watched the 2nd one, loved
    #: it"): what "something similar" next is like, rather than the first of the new picks.
    talked: str
    #: The last answer, to give again to a retried request (see ``Pickwise.stream``): its
    #: text, intent, changes and picks as ``[item id, score, explanation, explained by]``.
    last_reply: dict[str, Any]
    #: The picks the last question compared ("compare 1 and 2"): a question comparing the
    #: picks next ("which one is better?") is about them. Cleared by any other message.
    compared: list[str]
    #: The fact the last message asked about an item ("have", "director"...): "and Totoro?"
    #: asks it again.
    last_asks: str
    #: The last request, for "forget that" to take back (``TurnPlan.request``), with the id
    #: of its message.
    last_request: dict[str, Any]
    #: The fields of the profile's constraints this catalog lacks that the thread was told of
    #: (``TurnPlan.not_here``): said once.
    not_here: list[str]
    #: What the last list said the catalog ran out of (:func:`~pickwise.agent.reply.ran_out_of`),
    #: or "": the next list of other kinds says it briefly.
    ran_out: str
    #: Who the requests are for when not the user ("your son"), and the items said liked by
    #: them (seeds of those requests, kept out of the user's profile; see
    #: :mod:`pickwise.agent.someone`).
    for_whom: str
    their_likes: list[str]
    their_people: list[list[str]]


@dataclass
class TurnContext:
    """One turn's working objects: the plan, the candidates, the picks and the reply."""

    message: str
    agent: Any  # pickwise.agent.app.Pickwise (kept loose to avoid an import cycle)
    plan: TurnPlan | None = None
    profile: Profile | None = None
    candidates: list[Any] = field(default_factory=list)
    #: The candidates include picks shown earlier in the thread (nothing new fitted).
    again: bool = False
    #: Picks of this turn shown earlier in the thread (a narrowed kind brings them back).
    before: list[str] = field(default_factory=list)
    #: The picks came out the very list shown last: none are shown, the reply says so.
    repeated: bool = False
    result: RerankResult | None = None
    reply: str = ""
    streamed: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)


def _understand(state: AgentState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    ctx = runtime.context
    plan, profile = ctx.agent.plan_turn(ctx.message, state)
    ctx.plan, ctx.profile = plan, profile
    ctx.streamed = opening(plan, ctx.agent)
    if ctx.streamed:  # said at once, before the slow part of the turn
        runtime.stream_writer({"type": "text", "delta": ctx.streamed})
    update: dict[str, Any] = {"last_asks": plan.asks if plan.intent == "about" else ""}
    # who the request is for ("your son") and what they like: the thread's, not the profile's
    update["for_whom"], update["their_likes"] = plan.for_whom, list(plan.their_likes)
    update["their_people"] = [list(p) for p in plan.their_people]
    messages = state.get("messages", [])
    if plan.not_here:
        update["not_here"] = [*state.get("not_here", []), *plan.not_here]
    update.update(plan.restored)  # "forget that": the request before the one taken back
    taken_back = state.get("last_request", {}).get("message") if plan.restored else None
    if plan.request is not None:
        said = messages[-1].id if plan.request and messages else None
        update["last_request"] = {**plan.request, "message": said} if plan.request else {}
    asides = [m for m in messages if taken_back and m.id == taken_back]
    if plan.intent in ASIDES and messages and isinstance(messages[-1], HumanMessage):
        # "is Alien scary?" asks; its words are no wish for what comes next (a comedy asked
        # for after it was "in genres you asked for (horror and comedy)")
        asides.append(messages[-1])
    if asides:  # a request taken back ("forget that") is no wish either
        update["messages"] = [
            HumanMessage(m.content, id=m.id, additional_kwargs={"aside": True}) for m in asides
        ]
    if plan.intent == "about" and plan.asks == "compare":  # "which is better?" is of these next
        update["compared"] = list(plan.refs)
    elif plan.intent != "which" and state.get("compared"):
        update["compared"] = []
    if plan.intent in ("about", "why") and len(plan.refs) == 1:
        update["focus"] = plan.refs[0]
    elif plan.intent == "which":  # "which one is the shortest?": the one named is "that one"
        whole = ("among", "catalog") in plan.checks
        update["focus"] = compared(plan.which, state, ctx.agent, whole)[1] or ""
    if plan.intent == "recall" and plan.asks and plan.recalled:
        # "what did I pick yesterday?": "it" is that film next
        update["focus"] = plan.recalled[0]
    elif plan.recalled and not state.get("last_picks"):
        # "what did you recommend me last time?" in a new thread: "the second one" is the
        # second of those next
        update["last_picks"] = list(plan.recalled)
    if plan.fresh:
        update["topic_start"] = messages[-1].id if messages else ""
        update["topic_mentioned"] = []
    if plan.named:
        earlier = [i for i in state.get("mentioned", []) if i not in plan.named]
        update["mentioned"] = [*earlier, *plan.named][-MAX_MENTIONED:]
        # a new topic is not about a pick taken up on the way ("I'll watch it. Now..."), nor
        # about a film only asked about ("who directed Alien?": no seed for the next request)
        named = [
            i
            for i in plan.named
            if (not plan.fresh or i not in plan.refs) and plan.intent not in ASIDES
        ]
        before = [] if plan.fresh else topic_mentioned(state)
        update["topic_mentioned"] = [*(i for i in before if i not in named), *named][
            -MAX_MENTIONED:
        ]
    return update


def topic_mentioned(state: AgentState) -> list[str]:
    """The items named since the current topic started (a thread from before topics: all)."""
    return list(state.get("topic_mentioned", state.get("mentioned", [])))


def topic_messages(state: AgentState) -> list[str]:
    """What the user said since the current topic started, oldest first, but for questions
    and other asides (:data:`ASIDES`)."""
    said = [m for m in state.get("messages", []) if isinstance(m, HumanMessage)]
    start = state.get("topic_start")
    first = next((n for n, m in enumerate(said) if start and m.id == start), 0)
    return [str(m.content) for m in said[first:] if not m.additional_kwargs.get("aside")]


def _route(state: AgentState, runtime: Runtime[TurnContext]) -> Literal["retrieve", "respond"]:
    plan = runtime.context.plan
    return "retrieve" if plan is not None and plan.retrieve else "respond"


def _retrieve(state: AgentState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    ctx = runtime.context
    assert ctx.plan is not None
    ctx.candidates = ctx.agent.candidates(ctx.plan, state)
    wanted = ctx.plan.count or ctx.agent.config.picks
    if ctx.candidates and ctx.plan.intent == "not_that" and len(ctx.candidates) < wanted:
        # "not star wars, seen it" after Harrison Ford's films, with one of his not shown yet:
        # that one, and the others shown with Star Wars that still fit (not it alone)
        new = {r.item.id for r in ctx.candidates}
        shown = ctx.agent.candidates(ctx.plan, state, again=True) if state.get("shown") else []
        ctx.candidates = [*ctx.candidates, *(r for r in shown if r.item.id not in new)]
        return {}
    if ctx.candidates or not ctx.plan.retrieve:
        return {}
    # nothing new fits: the picks shown before that still fit ("no war movies" after every
    # Nolan film was shown; "not star wars, seen it" after Harrison Ford's films), unless they
    # are the list just shown and the request asks for more of someone's work ("more by that
    # director" after both Bong Joon-ho films): then the films closest to theirs, said so
    again: list[Any] = []
    if state.get("shown"):
        again = ctx.agent.candidates(ctx.plan, state, again=True)
    last = set(state.get("last_picks", []))
    wider = None if ctx.plan.narrows else ctx.agent.beyond_people(ctx.plan, state)
    if wider is not None and ctx.plan.intent != "not_that":
        again = [r for r in again if r.item.id not in last]
    if not again and wider is not None:
        ctx.plan = wider
        ctx.candidates = ctx.agent.candidates(wider, state)
    else:
        ctx.candidates, ctx.again = again, bool(again)
    return {}


def _rerank(state: AgentState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    ctx = runtime.context
    assert ctx.plan is not None and ctx.profile is not None
    ctx.result = ctx.agent.rerank(ctx.candidates, ctx.profile, ctx.plan)
    if ctx.again:  # picks shown before that the mood asked now rules out do not come back
        kept = [
            p
            for p in ctx.result.picks
            if not against_mood(p.recommendation.item, ctx.plan, ctx.agent)
        ]
        ctx.result = RerankResult(kept, ctx.result.degraded)
    picks: Sequence[Pick] = ctx.result.picks
    ids = [p.item_id for p in picks]
    if ids and set(ids) == set(state.get("last_picks", [])):
        # the very list just shown ("another" after "shorter" brought it again): nothing new
        # fits, and the reply says so; what "the second one" points at stays as it was
        ctx.result, ctx.repeated = RerankResult([], ctx.result.degraded), True
        return {}
    if ran_out(ctx.plan, ctx.result, ctx.profile, ctx.agent):  # said once, above the picks
        ctx.result = off_kind_said_once(ctx.result)
    ctx.before = [i for i in ids if i in state.get("shown", [])]
    earlier = [i for i in state.get("shown", []) if i not in ids]  # shown again: now the latest
    shown = [*earlier, *ids][-MAX_SHOWN:]
    return {
        "shown": shown,
        "last_picks": ids,
        "last_explanations": {p.item_id: p.explanation for p in picks},
        "last_query": ctx.plan.query,
        "last_wish": ctx.plan.asked,
        "last_seeds": list(ctx.plan.seeds),
        "last_where": storable_where(ctx.plan.where),
        "last_avoid": list(ctx.plan.avoid),
        "last_tastes": storable_tastes(ctx.plan.tastes),
        "last_count": ctx.plan.count or 0,
        "focus": "",
        "compared": [],
        "talked": ctx.plan.named[0] if len(ctx.plan.named) == 1 else "",
    }


def _respond(state: AgentState, runtime: Runtime[TurnContext]) -> dict[str, Any]:
    ctx = runtime.context
    assert ctx.plan is not None
    ctx.reply = ctx.agent.compose_reply(
        ctx.plan, ctx.result, state, ctx.again, ctx.before, ctx.repeated
    )
    said = ctx.streamed if ctx.reply.startswith(ctx.streamed) else ""
    runtime.stream_writer({"type": "text", "delta": ctx.reply[len(said) :]})
    messages = state.get("messages", [])
    overflow = len(messages) + 1 - MAX_THREAD_MESSAGES
    removals = [RemoveMessage(id=m.id) for m in messages[: max(overflow, 0)] if m.id]
    picks = ctx.result.picks if ctx.result else []
    last_reply = {
        "text": ctx.reply,
        "intent": ctx.plan.intent,
        "changes": list(ctx.plan.changes),
        "picks": [[p.item_id, p.score, p.explanation, p.explained_by] for p in picks],
    }
    # the picks the message shows, for the conversation log (:mod:`pickwise.agent.chatlog`)
    answer = AIMessage(ctx.reply, additional_kwargs={"picks": [p.item_id for p in picks]})
    update: dict[str, Any] = {"messages": [*removals, answer], "last_reply": last_reply}
    if ctx.plan.retrieve and ctx.profile is not None:  # what it ran out of, for the next "more"
        out = ctx.result is not None and ran_out(ctx.plan, ctx.result, ctx.profile, ctx.agent)
        update["ran_out"] = ran_out_of(ctx.plan, ctx.profile, ctx.agent) if out else ""
    return update


def build_graph(checkpointer: Any) -> Any:
    """Compile the turn graph with a checkpointer for thread memory."""
    graph = StateGraph(AgentState, context_schema=TurnContext)
    graph.add_node("understand", _understand)
    graph.add_node("retrieve", _retrieve)
    graph.add_node("rerank", _rerank)
    graph.add_node("respond", _respond)
    graph.add_edge(START, "understand")
    graph.add_conditional_edges("understand", _route, ["retrieve", "respond"])
    graph.add_edge("retrieve", "rerank")
    graph.add_edge("rerank", "respond")
    graph.add_edge("respond", END)
    return graph.compile(checkpointer=checkpointer)
