"""``Pickwise``: the conversational recommender's Python API.

It wires the catalog (retrieval), the profile store, the LLM backend and the LangGraph turn graph::

    agent = Pickwise.open()                       # settings from the environment / .env
    reply = agent.chat("I loved Arrival, something lighter please", user_id="ana")
    for pick in reply.picks:
        print(pick.recommendation.item.title, pick.explanation)
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.sqlite import SqliteSaver

from pickwise.agent.chatlog import conversation_log
from pickwise.agent.cues import FILM_RUNTIME_FIELDS
from pickwise.agent.explain import Grounding, catalog_grounding, template_explanation
from pickwise.agent.graph import (
    MAX_MENTIONED,
    MAX_SHOWN,
    MAX_THREAD_MESSAGES,
    AgentState,
    TurnContext,
    build_graph,
    topic_mentioned,
    topic_messages,
)
from pickwise.agent.profile import Profile, ProfileStore, check_user_id
from pickwise.agent.reply import compose_reply
from pickwise.agent.rerank import Pick, RerankResult, rerank
from pickwise.agent.someone import theirs_said
from pickwise.agent.titles import TitleMatcher
from pickwise.agent.turn import (
    TurnPlan,
    against_mood,
    asks_for_mood,
    audience_filter,
    fits,
    for_plan,
    held_here,
    humanize,
    lasting,
    of_the_seed_first,
    plan_turn,
    retrieval_text,
    ruled_out_by_mood,
    some_of_each,
    taste_filter,
)
from pickwise.agent.understanding import Vocabulary, understand
from pickwise.agent.understanding.result import Taste
from pickwise.data import DEMO_CATALOG_NAME
from pickwise.errors import NotFoundError, RequestError
from pickwise.retrieval import Catalog, Recommendation, Request
from pickwise.retrieval.constraints import AnyOf, Constraint
from pickwise.retrieval.fusion import interleave
from pickwise.retrieval.genres import genre_terms, index_genre_fields
from pickwise.retrieval.learned import recent_text
from pickwise.retrieval.people import LIKED_SHARE, name_key, named_people
from pickwise.text import a_or_an, plural

__all__ = ["MAX_MESSAGE_CHARS", "AgentConfig", "Pickwise", "Reply", "catalog_noun"]

#: How many of a person's items seed the picks closest to their work (:meth:`beyond_people`).
_PEOPLE_SEEDS = 10

MAX_MESSAGE_CHARS = 4000
#: The most threads of a user read for the picks of their latest conversation.
MAX_RECALLED_THREADS = 20
#: What re-ranking says of an answer that arrived but could not be used.
INVALID_ANSWER = ("does not match the schema", "gave no usable picks")


@dataclass(frozen=True)
class AgentConfig:
    """Knobs of the conversation (see the ``PICKWISE_PICKS`` / ``RERANK_*`` settings)."""

    picks: int = 5
    candidates: int = 20
    rerank_weight: float = 0.1
    noun: str = "film"
    llm_extraction: bool = False
    llm_candidates: int = 20
    llm_explanations: bool = True
    #: Fusion weight of the ``keywords`` source in a chat turn (``PICKWISE_WEIGHT_KEYWORDS_CHAT``).
    weight_keywords_chat: float = 1.0

    @property
    def nouns(self) -> str:
        """The plural of :attr:`noun` ("films", "books")."""
        return plural(self.noun)

    @property
    def a_noun(self) -> str:
        """:attr:`noun` with its article ("a film", "an item")."""
        return a_or_an(self.noun)


@dataclass(frozen=True)
class Reply:
    """One answer: the text, the picks (item, score, explanation) and what changed."""

    text: str
    picks: list[Pick]
    changes: list[str]
    user_id: str
    thread_id: str
    intent: str
    degraded: str = ""
    profile: Profile | None = field(default=None, repr=False)


class Pickwise:
    """The conversational recommender: chat, profiles, feedback."""

    def __init__(
        self,
        catalog: Catalog,
        profiles: ProfileStore,
        llm: Any | None,
        checkpointer: Any,
        config: AgentConfig | None = None,
    ) -> None:
        self.catalog = catalog
        self.profiles = profiles
        self.llm = llm
        self.config = config or AgentConfig()
        self.checkpointer = checkpointer
        self.graph = build_graph(checkpointer)
        self._lazy_lock = threading.RLock()

    @classmethod
    def open(
        cls,
        settings: Any | None = None,
        *,
        llm: Any | None = None,
        start_llm: bool = True,
        **overrides: Any,
    ) -> Pickwise:
        """Build everything from :class:`pickwise.Settings` (the environment by default)."""
        from pickwise import open_catalog
        from pickwise.config import Settings
        from pickwise.data import load_demo

        s = settings or Settings(**overrides)
        backend = llm
        if backend is None and start_llm:
            from pickwise.llm import LLMConfig, make_backend

            backend = make_backend(LLMConfig.from_settings(s))
            if backend is not None and backend.name == "local":
                warm_up(backend)
        kind = getattr(backend, "name", "none")
        weight = s.rerank_weight_local if kind == "local" else s.rerank_weight_openai

        def choose(value: str) -> bool:  # auto: only with a capable (remote) model
            return value == "on" or (value == "auto" and kind == "openai")

        llm_candidates = s.local_rerank_candidates if kind == "local" else s.rerank_candidates
        catalog = open_catalog(s)
        if s.catalog == DEMO_CATALOG_NAME:
            # the first use of the demo catalog loads it, as `pickwise chat` and `serve` do (the
            # first chat raised "catalog 'demo' is empty"); a newer bundled demo updates an
            # unedited older copy (a home kept the films of the release it started with)
            load_demo(catalog)
        kinds: dict[str, str] = {}
        if not s.noun.strip():
            with contextlib.suppress(Exception):  # a store down now is reported by the turns
                manifest = catalog.manifest
                kinds = dict(manifest.kinds) if manifest else {}
        config = AgentConfig(
            s.picks,
            s.rerank_candidates,
            weight,
            catalog_noun(s.noun, s.catalog, kinds),
            choose(s.llm_extraction),
            llm_candidates,
            choose(s.llm_explanations),
            s.weight_keywords_chat,
        )
        return cls(
            catalog,
            ProfileStore(s.home / "profiles.sqlite3"),
            backend,
            open_checkpointer(s.home),
            config,
        )

    # --- the conversation ------------------------------------------------------------
    def chat(
        self,
        message: str,
        user_id: str = "default",
        thread_id: str = "default",
        history: Sequence[tuple[str, str]] = (),
        *,
        whole: bool = False,
    ) -> Reply:
        """One turn: update the profile from the message, recommend, explain.

        ``history`` is the conversation before ``message`` as ``(role, text)`` pairs ("user" or
        "assistant"), for a conversation held elsewhere (another chatbot's, or one this home
        has lost): on a thread pickwise has never seen, it becomes the thread's memory, so "the
        second one" points at the second title the last assistant message listed. A thread
        pickwise knows keeps its own memory and ignores it.

        ``whole``: ``history`` is the whole conversation before ``message``, as an OpenAI-style
        client sends it. A conversation whose last message pickwise has already answered (a
        retried request: as many user messages as the thread has, the last one the same) gets
        that answer again; it is not a new turn, which would change the picks and the
        profile."""
        reply: Reply | None = None
        for event in self.stream(message, user_id, thread_id, history, whole=whole):
            if event["type"] == "done":
                reply = event["reply"]
        assert reply is not None
        return reply

    def stream(
        self,
        message: str,
        user_id: str = "default",
        thread_id: str = "default",
        history: Sequence[tuple[str, str]] = (),
        *,
        whole: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """The turn as events: ``{"type": "text", "delta": ...}``, then ``{"type": "done"}``
        with the :class:`Reply` under ``"reply"``. ``history`` and ``whole``: as for
        :meth:`chat`."""
        check_user_id(user_id)
        if not isinstance(message, str) or not message.strip():
            raise RequestError("the message is empty; say what you are looking for.")
        if len(message) > MAX_MESSAGE_CHARS:
            raise RequestError(
                f"the message has {len(message)} characters; the limit is {MAX_MESSAGE_CHARS}."
            )
        check_history(history)
        key = thread_key(user_id, thread_id)
        self.profiles.claim_thread(user_id, key)
        ctx = TurnContext(message=message, agent=self)
        config = {"configurable": {"thread_id": key}}
        again = self._answered(config, message, history, user_id, thread_id) if whole else None
        if again is not None:
            yield {"type": "text", "delta": again.text}
            yield {"type": "done", "reply": again}
            return
        if history:
            self._catch_up(config, history, user_id)
        inputs = {"messages": [HumanMessage(message)], "user_id": user_id, "thread_key": key}
        # durability "exit": one checkpoint write per turn, not one per step (the saver's one
        # connection is shared by every server thread); a turn that fails saves nothing
        yield from self.graph.stream(
            inputs, config, context=ctx, stream_mode="custom", durability="exit"
        )
        prune_thread(self.checkpointer, key)
        assert ctx.plan is not None
        result = ctx.result or RerankResult([])
        yield {
            "type": "done",
            "reply": Reply(
                ctx.reply,
                result.picks,
                list(ctx.plan.changes),
                user_id,
                thread_id,
                ctx.plan.intent,
                result.degraded,
                ctx.profile,
            ),
        }

    def _answered(
        self,
        config: Any,
        message: str,
        history: Sequence[tuple[str, str]],
        user_id: str,
        thread_id: str,
    ) -> Reply | None:
        """The thread's last answer when ``message`` and the conversation before it are what it
        answered last (a retried request), else None."""
        values = self.graph.get_state(config).values
        messages = values.get("messages", [])
        said = [m for m in messages if isinstance(m, HumanMessage)]
        last = values.get("last_reply")
        if not said or not last or not isinstance(messages[-1], AIMessage):
            return None
        users = 1 + sum(1 for role, _ in history if role == "user")
        if (
            said[-1].content != message
            or users != len(said)
            or messages[-1].content != last["text"]
        ):
            return None
        known = self.catalog.index.row_of
        picks = [
            Pick(Recommendation(self.catalog.get(i), float(score)), float(score), text, by)
            for i, score, text, by in last["picks"]
            if i in known
        ]
        profile = self.profiles.get(user_id)
        return Reply(
            last["text"],
            picks,
            list(last["changes"]),
            user_id,
            thread_id,
            last["intent"],
            "",
            profile,
        )

    def _catch_up(self, config: Any, history: Sequence[tuple[str, str]], user_id: str) -> None:
        """A conversation held elsewhere becomes the memory of a thread pickwise has never
        seen: its messages (the context of the next turns), the titles its assistant messages
        listed (shown; the last list is what "the second one" points at) and the titles its
        user messages named. The profile is not changed: it learns from the turns pickwise
        answers."""
        turns = [(role, text[:MAX_MESSAGE_CHARS]) for role, text in history if text.strip()]
        turns = turns[-MAX_THREAD_MESSAGES + 1 :]
        if not turns or self.graph.get_state(config).values.get("messages"):
            return  # nothing to add, or a thread pickwise knows
        lists = [self.items_listed(text) for role, text in turns if role == "assistant"]
        named = [
            m.item_id for role, text in turns if role == "user" for m in self.titles.find(text)
        ]
        state = {
            "messages": [HumanMessage(t) if r == "user" else AIMessage(t) for r, t in turns],
            "user_id": user_id,
            "shown": list(dict.fromkeys(i for ids in lists for i in ids))[-MAX_SHOWN:],
            "last_picks": next((ids for ids in reversed(lists) if ids), []),
            "mentioned": list(dict.fromkeys(named))[-MAX_MENTIONED:],
        }
        self.graph.update_state(config, state, as_node="respond")

    def items_listed(self, text: str) -> list[str]:
        """The catalog items an assistant message lists, in order: the title that starts each
        line of a numbered or bulleted list ("1. **Alien** (1979): ..."; "1) A 2) B" on one
        line too), else every title the text names. A list stops at its first line without a
        catalog title, so that "the third one" never points at another film than the third."""
        lines = _LIST_LINE.findall(_INLINE_NUMBER.sub("\n", text))
        ids = []
        for line in lines:
            found = self.titles.find(line[:200])
            if not found or found[0].start > 4:  # the title starts the line (after "**", a quote)
                break
            ids.append(found[0].item_id)
        if lines:
            return list(dict.fromkeys(ids))
        return list(dict.fromkeys(m.item_id for m in self.titles.find(text)))

    def recommend(self, user_id: str, query: str = "", k: int | None = None) -> list[Pick]:
        """Picks from the stored profile alone (no conversation), re-ranked and explained."""
        profile = self.profiles.get(user_id)
        # mood words are spelled out as in a chat turn ("lighter" -> "light-hearted, funny...")
        plan = TurnPlan(query, query=retrieval_text([query]) if query.strip() else "")
        asked = None  # without a query, the profile's wishes are what is asked for
        if query.strip():  # the kinds it names come first or are mixed, as in a chat turn
            u = understand(query, self.titles, self.vocabulary)
            plan = replace(plan, tastes=u.tastes)
            # the reasons quote what this query asks for, not an older wish of the profile
            asked = list(u.aspects)
        candidates = self.retrieve(self.request_for(profile, plan, ()), plan.tastes)
        return self._rerank(candidates, profile, query, k or self.config.picks, asked).picks

    def earlier_picks(self, user_id: str, skip: str = "") -> list[str]:
        """The last picks of the user's latest conversation that has some (its checkpoint's
        time), among their latest :data:`MAX_RECALLED_THREADS` threads, but for the thread
        ``skip`` (a checkpoint key): what "what did you recommend me last time?" asks in a new
        thread."""
        found: list[tuple[str, list[str]]] = []
        for key in self.profiles.threads(user_id)[-MAX_RECALLED_THREADS:]:
            if key == skip:
                continue
            snapshot = self.graph.get_state({"configurable": {"thread_id": key}})
            known = self.catalog.index.row_of
            picks = [i for i in snapshot.values.get("last_picks", []) if i in known]
            if picks:
                found.append((str(snapshot.created_at or ""), picks))
        return max(found, key=lambda f: f[0])[1] if found else []

    def earlier_choice(self, user_id: str, skip: str = "") -> tuple[str, bool] | None:
        """What "the one you suggested yesterday" means: the last pick the user took up ("I'll
        watch the second one", kept in the profile), as ``(item id, False)``; else the first of
        the last picks of their latest other conversation (:meth:`earlier_picks`, but for the
        thread ``skip``), as ``(item id, True)``: a guess, which the reply says; else None."""
        known = self.catalog.index.row_of
        chosen = [i for i in self.profiles.get(user_id).chosen if i in known]
        if chosen:
            return chosen[-1], False
        earlier = self.earlier_picks(user_id, skip)
        return (earlier[0], True) if earlier else None

    # --- steps the graph calls -----------------------------------------------------------
    def plan_turn(self, message: str, state: AgentState) -> tuple[TurnPlan, Profile]:
        return plan_turn(message, state, self)

    def candidates(
        self, plan: TurnPlan, state: AgentState, again: bool = False
    ) -> list[Recommendation]:
        """The turn's candidates; with ``again``, the picks shown earlier in the thread may
        come back (what the user liked, saw or named still never does)."""
        profile = for_plan(self.profiles.get(state["user_id"]), plan, self)
        shown: Sequence[str] = [] if again else state.get("shown", [])

        def request(excluded: Sequence[str]) -> Request:
            return self.request_for(
                profile,
                plan,
                excluded,
                mentioned=state.get("mentioned", []),
                context=recent_text(topic_messages(state)),
                topic=topic_mentioned(state),
            )

        asked = request(shown)
        if plan.people_only:
            # "I love Audrey Hepburn": her films that fit, then the closest to them (seeded by
            # them, as in beyond_people); her name searched as text found Barbie
            alone = replace(plan, people_only=(), query="")  # the names are no words to search
            # each person's items (one filter each is theirs, not those of all of them), mixed
            each = [replace(alone, where=(*plan.where, c)) for c in plan.people_only]
            theirs = interleave(
                [self.candidates(p, state, again) for p in each], lambda r: r.item.id
            )
            # seeded by theirs shown before too: "more" after all of them were shown
            held = self.held(profile)
            seeds = interleave(
                [
                    [r.item.id for r in self.catalog.recommend(Request(where=w, k=_PEOPLE_SEEDS))]
                    for w in ((*lasting(held, p.where), *p.where) for p in each)
                ],
                lambda i: i,
            )[:_PEOPLE_SEEDS]
            if not seeds:
                return self.candidates(alone, state, again)
            closest = self.candidates(replace(alone, seeds=tuple(seeds)), state, again)
            ids = {r.item.id for r in theirs}
            return [*theirs, *(r for r in closest if r.item.id not in ids)][: asked.k]
        found = of_the_seed_first(plan, self.retrieve(asked, plan.tastes), self)
        if plan.keeps_fitting and shown and found:  # else those from before, said as such
            return self._kept_fitting(plan, state, request, found, asked.k)
        # narrowed by this message ("no subtitles", "shorter"), not by the filters it carries
        # on: "another", "hmm" brought back the list just shown
        narrowed = plan.intent == "recommend" and bool(plan.changes or plan.narrows)
        if len(plan.tastes) != 1 or not shown or not narrowed or plan.complaint:
            return found  # "something else" and "too silly" never bring back what was shown
        # one kind, narrowed ("horror", "newer", "no subtitles"): when too few new films of it
        # fit, those shown before that still fit come before films of other kinds
        kind, need = plan.tastes[0], plan.count or self.config.picks
        new = [r for r in found if fits(r.item, kind)]
        if len(new) >= need:
            return found
        taken = {r.item.id for r in new}
        before = [
            r
            for r in self.retrieve(request([]), plan.tastes)
            if r.item.id in shown
            and r.item.id not in taken
            and fits(r.item, kind)
            # "european", then "something darker": the comedy shown is no darker film
            and not against_mood(r.item, plan, self)
        ]
        rest = [r for r in found if r.item.id not in taken]
        return [*new, *before[: need - len(new)], *rest][: asked.k]

    def _kept_fitting(
        self,
        plan: TurnPlan,
        state: AgentState,
        request: Callable[[Sequence[str]], Request],
        found: list[Recommendation],
        k: int,
    ) -> list[Recommendation]:
        """The candidates of a request narrowed by a filter alone ("just the ones under 2
        hours"): the last picks that still fit it first, then the new ones (``found``), with at
        least one new pick among the picks (the reply names those kept). When the filter leaves
        out none of the last picks ("no horror please" after a list with none), it narrowed
        nothing shown, and only new picks come, as before."""
        last = set(state.get("last_picks", []))
        shown = [i for i in state.get("shown", []) if i not in last]
        kinds = plan.tastes[:1]
        kept = [
            r
            for r in self.retrieve(request(shown), plan.tastes)
            if r.item.id in last and all(fits(r.item, t) for t in kinds)
        ]
        if last <= {r.item.id for r in kept}:
            return found
        kept = kept[: (plan.count or self.config.picks) - 1]
        taken = {r.item.id for r in kept}
        return [*kept, *(r for r in found if r.item.id not in taken)][:k]

    def held(self, profile: Profile) -> list[Constraint]:
        """The profile's constraints that apply to this catalog: those on a field it lacks
        (set while chatting about another catalog of the home) are kept, not used."""
        return held_here(profile.constraints, self.catalog.index.kinds)

    def beyond_people(self, plan: TurnPlan, state: AgentState) -> TurnPlan | None:
        """The request widened past the people it asks for, when all of their items that fit
        were shown, seen or named ("more by that director" after both Bong Joon-ho films were
        shown): the same request without them, seeded by those items, so that the picks are
        the closest to their work. None when the request asks for no one, or when none of
        their items fits the other filters (then nothing fits, and the reply says which)."""
        fields = {f for f, _ in self.vocabulary.people}
        people = tuple(c for c in plan.where if isinstance(c, AnyOf) and c.field in fields)
        if not people:
            return None
        profile = self.profiles.get(state["user_id"])
        where = (*lasting(self.held(profile), plan.where), *plan.where)
        theirs = self.catalog.recommend(Request(where=where, k=_PEOPLE_SEEDS))
        if not theirs:
            return None
        names = self.vocabulary.people_names
        # their items the other filters leave out ("by Ridley Scott" after sci-fi from the 80s)
        known = {*profile.liked, *profile.seen, *profile.disliked, *state.get("shown", [])}
        index = self.catalog.index
        mask = index.mask(list(people), known)
        elsewhere = mask is not None and bool(mask.any())
        return replace(
            plan,
            where=tuple(c for c in plan.where if c not in people),
            seeds=plan.seeds or tuple(r.item.id for r in theirs),
            dropped=tuple(humanize(c, names) for c in people),
            elsewhere=elsewhere,
        )

    def retrieve(self, request: Request, tastes: Sequence[Taste] = ()) -> list[Recommendation]:
        """The catalog's ranking for a request, with the kinds asked for (:class:`Taste`): one
        kind's films first, several kinds mixed."""
        if not tastes:
            return self.catalog.recommend(request)
        # each kind's own ranking, filtered to it ("rom-coms": romance and comedy)
        ranked = [self._within(request, taste_filter(t)) for t in tastes]
        if len(ranked) == 1:  # one kind ("a sci-fi comedy"): its films first, then the rest
            fitting = ranked[0]
            if len(fitting) >= request.k:
                return fitting
            if tastes[0].parts:
                fitting = self._for_both(request, fitting, tastes[0].parts)
            ids = {r.item.id for r in fitting}
            rest = [r for r in self.catalog.recommend(request) if r.item.id not in ids]
            return [*fitting, *rest][: request.k]
        # several ("she likes rom-coms, I like sci-fi"): they take turns, and what fits them all
        # comes first unless counts were said ("one comedy and one horror": one of each)
        counted = all(t.count for t in tastes)
        if counted:
            ranked = [
                [r for r in rs if not any(fits(r.item, o) for o in tastes if o != t)] or rs
                for t, rs in zip(tastes, ranked, strict=True)
            ]
        shares = [t.count or 1 for t in tastes] if counted else None
        mixed = interleave(ranked, lambda r: r.item.id, shares, common_first=not counted)
        if counted or len(mixed) >= request.k:
            return mixed[: request.k]
        # too few of the kinds ("comedy thrillers and romance thrillers under 2 hours"): then
        # the closest others, as for one kind (it brought one film)
        ids = {r.item.id for r in mixed}
        rest = [r for r in self.catalog.recommend(request) if r.item.id not in ids]
        return [*mixed, *rest][: request.k]

    def _within(self, request: Request, filters: Sequence[Constraint]) -> list[Recommendation]:
        """The catalog's ranking for a request with more filters."""
        return self.catalog.recommend(replace(request, where=(*request.where, *filters)))

    def _for_both(
        self, request: Request, fitting: list[Recommendation], parts: Sequence[Taste]
    ) -> list[Recommendation]:
        """Too few films of two people's kinds at once ("she likes rom-coms, I like action,
        something for both of us"): after them, the films with something of each kind (an
        action comedy), then one of each kind in turn. It gave five rom-coms, nothing for the one
        who likes action."""
        some = self._within(request, some_of_each(parts))
        each = [self._within(request, taste_filter(t)) for t in parts]
        ranked: dict[str, Recommendation] = {}
        for r in (*fitting, *some, *interleave(each, lambda r: r.item.id, common_first=False)):
            ranked.setdefault(r.item.id, r)  # each at its first place
        return list(ranked.values())[: request.k]

    def request_for(
        self,
        profile: Profile,
        plan: TurnPlan,
        shown: Sequence[str],
        mentioned: Sequence[str] = (),
        context: str = "",
        topic: Sequence[str] | None = None,
    ) -> Request:
        """The retrieval request of a turn.

        ``mentioned`` (the items talked about in the thread, never proposed again) and
        ``context`` (the user's latest words in the current topic) feed the sources learned from
        past conversations, as in the benchmarks; of the items, those of the current ``topic``
        (default: all of them) are sent as mentioned. Ids the catalog no longer has (removed
        since a profile or thread stored them) are left out.
        """
        known = self.catalog.index.row_of

        def kept(ids: Iterable[str]) -> tuple[str, ...]:
            return tuple(i for i in ids if i in known)

        liked = kept(plan.seeds) or kept(profile.liked)
        # never again: what they liked (even when this turn is seeded by something else), saw,
        # chose to watch, named in this thread, or were already shown in this thread
        talked = kept(i for i in mentioned if i not in profile.disliked)
        # a pick taken up in an earlier conversation is as good as seen: "another thriller
        # please" the next day brought it first again
        exclude_seen = dict.fromkeys(
            [*profile.liked, *profile.seen, *profile.chosen, *shown, *plan.seeds, *talked]
        )
        on_topic = talked if topic is None else kept(i for i in topic if i not in profile.disliked)
        # the people the user likes: a lasting taste, which what is asked for now outweighs
        # ("something funny" from a Villeneuve fan is funny first); a name said now counts whole
        people = tuple(profile.liked_people.values())
        said = people and named_people(f"{context}\n{plan.query}", self.vocabulary.people_terms)
        liked_people_weight = (
            {}
            if not people or said
            else {"people": self.catalog.weights.get("people", 0.0) * LIKED_SHARE}
        )
        return Request(
            query=plan.query,
            liked=liked,
            disliked=kept(profile.disliked),
            seen=kept(i for i in exclude_seen if i not in liked),
            where=(
                *lasting(self.held(profile), plan.where),
                *plan.where,
                # a mix says who wants what ("my kids want a cartoon, my wife a romance")
                *(audience_filter(plan.query, self.vocabulary) if len(plan.tastes) < 2 else ()),
            ),
            k=self.config.candidates,
            context=context,
            # "more like the second one": the sources that read the items talked about (what
            # they share, what was chosen beside them) read that one, not the whole thread
            mentioned=kept(plan.seeds) or on_topic,
            # a mood asked for ("something lighter this time") is about this pick: what the
            # liked items share (their genres, people, years) would pull back toward them; but
            # "like Get Out but funnier" names its seed, so what it shares still counts
            weights={
                # a chat turn's query is the request itself ("a heist movie"), not a whole
                # conversation's words as in the benchmarks, so its words count for more
                "keywords": self.config.weight_keywords_chat,
                **(
                    {"traits": 0.0}
                    if asks_for_mood(plan.query) and plan.intent != "more_like"
                    else {}
                ),
                **liked_people_weight,
            },
            # the kinds the mood rules out are pushed down, not filtered: "something to fall
            # asleep to" brought Hereditary and Audition, whose descriptions say "gentle" (a
            # kind asked for, "a scary movie", already keeps to its own)
            avoid=(*plan.avoid, *self._ruled_out(plan)),
            people=people,
        )

    def _ruled_out(self, plan: TurnPlan) -> list[str]:
        """The kinds the request's mood rules out (:func:`ruled_out_by_mood`), to push down:
        none when it names a kind, which keeps to its own already."""
        if plan.tastes:
            return []
        return sorted(ruled_out_by_mood(plan, self) - set(plan.avoid))

    def rerank(
        self, candidates: list[Recommendation], profile: Profile, plan: TurnPlan
    ) -> RerankResult:
        # the reasons quote what this request asks for, not an older wish of the profile
        asked = [plan.asked] if plan.asked else []
        k = plan.count or self.config.picks  # "just pick one"
        result = self._rerank(candidates, profile, plan.message, k, asked)
        if not plan.for_whom:
            return result
        # "close to Toy Story, which your daughter likes": whose like it is
        picks = [
            replace(p, explanation=theirs_said(p.explanation, plan.for_whom)) for p in result.picks
        ]
        return replace(result, picks=picks)

    def _rerank(
        self,
        candidates: list[Recommendation],
        profile: Profile,
        message: str,
        k: int,
        asked: Sequence[str] | None = None,
    ) -> RerankResult:
        c = self.config
        result = rerank(
            candidates,
            profile,
            message,
            k,
            self.llm,
            c.rerank_weight,
            self.grounding,
            c.noun,
            c.llm_candidates,
            c.llm_explanations,
            asked,
            self.vocabulary.roles,
        )
        health = getattr(self.llm, "health", None)
        if health is not None and any(m in result.degraded for m in INVALID_ANSWER):
            # the call went through (and counted as one), but its answer was unusable
            health.record("invalid", result.degraded)
        return result

    def compose_reply(
        self,
        plan: TurnPlan,
        result: RerankResult | None,
        state: AgentState,
        again: bool = False,
        before: Sequence[str] = (),
        repeated: bool = False,
    ) -> str:
        return compose_reply(plan, result, state, self, again, before, repeated)

    def explain(self, item_id: str, state: AgentState, profile: Profile) -> str:
        """Why an item was picked: the explanation given then, else a template one."""
        given = state.get("last_explanations", {}).get(item_id)
        if given:
            return given
        item = self.catalog.get(item_id)
        return template_explanation(
            Recommendation(item, 0.0),
            profile.aspects,
            self.config.noun,
            roles=self.vocabulary.roles,
        )

    # --- catalog knowledge the understanding layer uses --------------------------------------
    def _once(self, name: str, build: Callable[[], Any]) -> Any:
        """Build a cached attribute once, even when many server threads ask at the same time."""
        with self._lazy_lock:
            if name not in self.__dict__:
                self.__dict__[name] = build()
            return self.__dict__[name]

    @cached_property
    def titles(self) -> TitleMatcher:
        def build() -> TitleMatcher:
            # the catalog's genre words are everyday words, not the titles "Comedy" or "Romance"
            genres = genre_terms(index_genre_fields(self.catalog.index))
            return TitleMatcher(self.catalog.items(), genres)

        return self._once("titles", build)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return self._once("vocabulary", lambda: Vocabulary.from_catalog(self.catalog.index))

    @cached_property
    def grounding(self) -> Grounding:
        return self._once("grounding", self._grounding)

    def _grounding(self) -> Grounding:
        return catalog_grounding(self.catalog.index, self.titles)

    # --- profiles --------------------------------------------------------------------------
    def profile(self, user_id: str) -> Profile:
        return self.profiles.get(user_id)

    def edit_profile(
        self,
        user_id: str,
        *,
        like: Sequence[str] = (),
        dislike: Sequence[str] = (),
        seen: Sequence[str] = (),
        where: Sequence[Constraint | str] = (),
        allow: Sequence[str] = (),
        aspects: Sequence[str] = (),
        remove: Sequence[str] = (),
        like_people: Sequence[str] = (),
    ) -> Profile:
        """Edit a profile directly. ``allow`` takes ``field`` or ``field=value``; ``remove``
        takes entry keys such as ``liked:arrival-2016``, ``constraint:year>=1990`` or
        ``person:directors:denis villeneuve``; ``like_people`` takes names the catalog has
        ("Denis Villeneuve"; another is a :class:`RequestError`)."""
        items = {i: self.catalog.get(i).title for i in (*like, *dislike, *seen)}
        people = [self.person(name) for name in like_people]
        constraints = [self.catalog.where(w) if isinstance(w, str) else w for w in where]

        def change(p: Profile) -> None:
            for key in remove:
                p.remove(key)
            for i in like:
                p.like(i, items[i])
            for i in dislike:
                p.dislike(i, items[i])
            for i in seen:
                p.mark_seen(i, items[i])
            for c in constraints:
                p.add_constraint(c)
            for a in allow:
                name, _, value = a.partition("=")
                p.allow(name.strip(), value.strip() or None)
            for a in aspects:
                p.add_aspect(a)
            for field_name, value, name in people:
                p.like_person(field_name, value, name)

        return self.profiles.update(user_id, change)

    def person(self, name: str) -> tuple[str, str, str]:
        """A person of the catalog by name: ``(field, value, name as written)``, in the first
        field that holds them (a director who acts is a director); a name the catalog does not
        have is a :class:`RequestError`."""
        found = self.vocabulary.people_terms.get(name_key(name)) if name.strip() else None
        if not found:
            raise RequestError(
                f"no one named {name!r} in the catalog's people (directors, cast...); give a "
                "full name as the catalog writes it, e.g. from an item's metadata."
            )
        field_name, value = found[0]
        return field_name, value, self.vocabulary.people_names.get(value, name.strip())

    def feedback(
        self, user_id: str, item_id: str, liked: bool, thread_id: str | None = None
    ) -> Profile:
        """Record a like or dislike of an item (e.g. a card's thumbs up) and update the profile."""
        title = self.catalog.get(item_id).title
        thread = thread_key(user_id, thread_id) if thread_id else None
        return self.profiles.update(  # the profile and the feedback record: one transaction
            user_id,
            lambda p: p.like(item_id, title) if liked else p.dislike(item_id, title),
            feedback=(item_id, liked, thread),
        )

    def reset_profile(self, user_id: str) -> Profile:
        """Empty the profile (likes, dislikes, constraints...); threads and feedback stay."""
        return self.profiles.update(user_id, Profile.clear)

    def export_profile(self, user_id: str) -> dict[str, Any]:
        """Everything stored about a user: profile, feedback and thread ids."""
        check_user_id(user_id)
        if not self.profiles.exists(user_id):
            raise NotFoundError(f"no user '{user_id}'.")

        def public(key: str | None) -> str | None:  # "ana::t1" is stored; the user says "t1"
            return key.split("::", 1)[1] if key else key

        feedback = [
            {**f, "thread_id": public(f["thread_id"])} for f in self.profiles.feedback(user_id)
        ]
        return {
            "profile": self.profiles.get(user_id).to_dict(),
            "feedback": feedback,
            "threads": [public(t) for t in self.profiles.threads(user_id)],
        }

    def export_log(self, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        """Every stored conversation on this catalog as a record of the ``pickwise`` dialogue
        format, for ``pickwise learn`` (:mod:`pickwise.agent.chatlog`); with ``since``, those
        whose last turn is at or after it. No user ids; deleted users are not in it."""
        return conversation_log(self, since)

    def forget(self, user_id: str) -> None:
        """Delete the profile, the feedback and every conversation of a user."""
        for key in self.profiles.delete(user_id):
            self.checkpointer.delete_thread(key)

    def warm(self) -> None:
        """Load what the first requests would (the index, the embedding model, the title
        matcher), so a server's first users do not all wait for it at once."""
        if len(self.catalog):
            self.catalog.recommend(query="warm up", k=1)
            _ = self.titles, self.vocabulary, self.grounding

    def close(self) -> None:
        conn = getattr(self.checkpointer, "conn", None)
        if conn is not None:
            conn.close()


#: Fields only a film catalog has: with one of them, its items are films.
FILM_FIELDS = frozenset({"directors", "director", "cast", "actors", *FILM_RUNTIME_FIELDS})


def catalog_noun(setting: str, name: str, kinds: Iterable[str]) -> str:
    """What the chat calls an item: the ``PICKWISE_NOUN`` setting, else "film" for the demo
    catalog and for a catalog with fields only films have (directors, cast, a runtime), else
    the neutral "item" (a book was "a film" before)."""
    if setting.strip():
        return setting.strip()
    if name == DEMO_CATALOG_NAME or any(k.lower() in FILM_FIELDS for k in kinds):
        return "film"
    return "item"


def check_history(history: Sequence[Any]) -> None:
    """A conversation held elsewhere must be ``(role, text)`` pairs, role "user" or
    "assistant"; anything else is the caller's error, said before anything is stored."""
    for i, turn in enumerate(history):
        ok = isinstance(turn, tuple | list) and len(turn) == 2 and isinstance(turn[1], str)
        if not ok or turn[0] not in ("user", "assistant"):
            raise RequestError(
                f"history[{i}] is {turn!r:.80}; give (role, text) pairs, role 'user' or "
                "'assistant', for example ('user', 'a tense thriller')."
            )


#: A line of a numbered or bulleted list: "1. Alien (1979)", "2) ...", "- ...", "* ...".
_LIST_LINE = re.compile(r"(?m)^\s*(?:\d{1,2}[.)]|[-*\u2022])\s+(.+)$")
#: Where a numbered list goes on within a line ("1) Alien 2) Heat"): a new line starts there.
_INLINE_NUMBER = re.compile(r"[ \t]+(?=\d{1,2}[.)]\s)")


def warm_up(backend: Any) -> None:
    """One tiny constrained call, so the first real turn does not pay llama.cpp's first-call
    cost (seen at up to ~1 s per token); failures are left for the real turn to report, so
    the warm-up leaves no mark on the backend's health (what ``/readyz`` reports)."""
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]}
    with contextlib.suppress(Exception):  # a warm-up must never stop start-up
        backend.structured([HumanMessage("Reply with ok.")], schema, "warmup", max_tokens=32)
    health = getattr(backend, "health", None)
    if health is not None:
        health.clear()


def thread_key(user_id: str, thread_id: str) -> str:
    """Checkpoint key of a user's thread: threads of different users never collide."""
    if not isinstance(thread_id, str) or not 0 < len(thread_id) <= 128:
        raise RequestError("thread id must be 1-128 characters.")
    return f"{user_id}::{thread_id}"


def prune_thread(checkpointer: Any, thread_id: str) -> None:
    """Keep only a thread's latest checkpoint: turns read nothing older, and LangGraph's SQLite
    saver would otherwise keep every step of every turn, so the file grew with each message."""
    cursor = getattr(checkpointer, "cursor", None)
    if not isinstance(checkpointer, SqliteSaver) or cursor is None:
        return
    latest = "(SELECT MAX(checkpoint_id) FROM checkpoints WHERE thread_id = ?)"
    with cursor() as cur:
        for table in ("checkpoints", "writes"):
            cur.execute(
                f"DELETE FROM {table} WHERE thread_id = ? AND checkpoint_id < {latest}",
                (thread_id, thread_id),
            )


def open_checkpointer(home: Path) -> SqliteSaver:
    """LangGraph's SQLite checkpointer in the home folder (thread memory across restarts)."""
    home.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(home / "threads.sqlite3", check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    # WAL + NORMAL survives a killed process (not a power cut) without an fsync per step; the
    # saver's one connection is shared by every server thread, so slow commits queue them all
    conn.execute("PRAGMA synchronous=NORMAL")
    saver = SqliteSaver(conn)
    saver.setup()
    return saver
