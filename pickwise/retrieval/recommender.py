"""Candidate retrieval for a structured request: sources -> union -> fusion -> exact filtering."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

import numpy as np

from pickwise.errors import RequestError
from pickwise.retrieval.constraints import (
    AnyOf,
    Constraint,
    NoneOf,
    Range,
    check_fields,
    parse_where,
)
from pickwise.retrieval.embeddings import VectorEmbeddings
from pickwise.retrieval.fusion import fuse
from pickwise.retrieval.genres import genres_reason
from pickwise.retrieval.index import CatalogIndex, spread_rows
from pickwise.retrieval.items import Item
from pickwise.retrieval.sources import Context, DetailedSource, Source
from pickwise.retrieval.traits import shared_reason

__all__ = ["MAX_K", "Recommendation", "Recommender", "Request", "Signal"]

MAX_K = 1000
MAX_QUERY_CHARS = 10_000


@dataclass(frozen=True)
class Request:
    """What to retrieve: free text, feedback on items, hard constraints and how many.

    Liked, disliked and seen items are never returned; every result meets every constraint.
    ``where`` takes constraints as ``--where`` writes them (``"year>=1990"``), read against the
    catalog's fields and values when the request runs, or as ``Catalog.where`` returns them.
    """

    query: str = ""
    liked: tuple[str, ...] = ()
    disliked: tuple[str, ...] = ()
    seen: tuple[str, ...] = ()
    where: tuple[Constraint | str, ...] = ()
    k: int = 10
    #: The conversation so far as free text, for the sources learned from past conversations.
    context: str = ""
    #: Items talked about so far (not excluded: a conversation may come back to them).
    mentioned: tuple[str, ...] = ()
    #: Fusion weights for this request only, by source name, over the recommender's own.
    weights: Mapping[str, float] = field(default_factory=dict)
    #: What to stay away from, in words ("gory", "too violent"): the items most like them are
    #: pushed down (the ``avoid`` source), not filtered out.
    avoid: tuple[str, ...] = ()
    #: People the user likes, by name ("Denis Villeneuve"): their items count for the
    #: ``people`` source as a name said does, by half (a lasting taste, not this request).
    people: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("liked", "disliked", "seen", "where", "mentioned", "avoid", "people"):
            value = getattr(self, name)
            # one string is one entry, not its characters
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value))
        for c in self.where:
            if isinstance(c, str):
                parse_where(c)  # its syntax now; its field and values when the request runs
            elif not isinstance(c, Range | AnyOf | NoneOf):
                raise RequestError(
                    f"where takes constraints written as for --where, such as 'year>=1990' or "
                    f"'genres!=horror', or what catalog.where() returns; got {c!r}."
                )
        object.__setattr__(self, "weights", dict(self.weights))
        for source, weight in self.weights.items():
            if not isinstance(weight, int | float) or not np.isfinite(weight) or weight < 0:
                raise RequestError(
                    f"the weight of source {source!r} is {weight!r}; give a number of 0 or more."
                )
        if not 1 <= self.k <= MAX_K:
            raise RequestError(f"k must be between 1 and {MAX_K}, got {self.k}.")
        if not all(isinstance(a, str) for a in self.avoid):
            raise RequestError("avoid must be a list of words or phrases, such as ['gory'].")
        for name in ("query", "context", "avoid"):
            text = "; ".join(self.avoid) if name == "avoid" else getattr(self, name)
            if len(text) > MAX_QUERY_CHARS:
                raise RequestError(
                    f"the {name} has {len(text)} characters; the limit is {MAX_QUERY_CHARS}."
                )

    @property
    def excluded(self) -> tuple[str, ...]:
        return self.liked + self.disliked + self.seen


@dataclass(frozen=True)
class Signal:
    """One source's part in a result: its raw score, its share of the fused score, its evidence."""

    source: str
    score: float
    contribution: float
    because: tuple[str, ...] = ()
    because_titles: tuple[str, ...] = ()
    #: What the item shares with its evidence, where the source says (``traits``: genres,
    #: people, a decade).
    shared: tuple[str, ...] = ()
    #: False when the evidence is too thin to be given as a reason (a source learned from few
    #: conversations, about an item few of them led to; see ``LearnedModel.trust``).
    explains: bool = True


@dataclass(frozen=True)
class Recommendation:
    """A retrieved item with its fused score and the signals that put it there (strongest first)."""

    item: Item
    score: float
    signals: tuple[Signal, ...] = field(default=())
    #: The request's constraints, which the item meets (``price<40``), as written.
    fits: tuple[str, ...] = ()

    def reason(self, liked_people: Collection[str] = ()) -> str:
        """A plain-language reason built only from the attribution; ``liked_people`` (names as
        the catalog writes them) are people the user likes, not only named in the request."""
        parts = self._reasons(lambda s: s.contribution > 0, liked_people)
        if not parts:
            # a source that scored every candidate alike gives each a z-score of 0, yet it is
            # why they are there: the films of a person the profile likes, asked for with no
            # query, said "Nothing you asked for points to it"
            parts = self._reasons(lambda s: s.contribution == 0 and s.score > 0, liked_people)
        if parts:
            return "Because " + "; ".join(parts) + "."
        if self.score <= 0 and self.fits:  # filters alone: it meets them, and no more is said
            return f"It meets every filter you gave ({', '.join(self.fits)})."
        if self.score <= 0:  # nothing asked for points to it: not "a good fit"
            return "Nothing you asked for points to it; it only fills the list."
        return "A good fit for your request."

    def _reasons(
        self, counts: Callable[[Signal], bool], liked_people: Collection[str] = ()
    ) -> list[str]:
        """The reasons the signals that ``counts`` give, strongest first, each once."""
        parts = []
        liked = {
            s.because_titles[0]
            for s in self.signals
            if s.source == "liked" and counts(s) and s.because_titles
        }
        for s in self.signals:
            if not counts(s) or not s.explains:
                continue
            if s.source == "query":
                parts.append("it matches what you asked for")
            elif s.source == "liked" and s.because_titles:
                parts.append(f"it is close to {s.because_titles[0]}, which you liked")
            elif s.source == "collaborative" and s.because_titles:
                parts.append(f"people who liked {s.because_titles[0]} also liked it")
            elif s.source == "popularity":
                parts.append("it is popular")
            elif s.source == "comention" and s.because_titles:
                parts.append(f"people who talked about {s.because_titles[0]} often chose it")
            elif s.source in ("context", "neighbours"):
                parts.append("people who asked for something like this often accepted it")
            elif s.source == "alike" and s.because_titles and s.because_titles[0] not in liked:
                parts.append(f"it is like {s.because_titles[0]}, which came up")
            elif s.source == "people" and s.because:
                whom = "whom you like" if s.because[0] in liked_people else "whom you mentioned"
                parts.append(f"{s.because[0]}, {whom}, worked on it")
            elif s.source == "genres" and s.because:
                parts.append(genres_reason(s.because))
            elif s.source == "traits" and s.because_titles:
                parts.append(shared_reason(s.because_titles[0], s.shared))
            elif s.source == "mentioned":
                parts.append("it came up earlier in the conversation")
        return list(dict.fromkeys(parts))  # two sources can give the same reason


class Recommender:
    """Runs the candidate sources over an index and fuses them."""

    def __init__(
        self,
        index: CatalogIndex,
        embedder: VectorEmbeddings,
        sources: Sequence[Source],
        weights: Mapping[str, float],
        per_source: int = 100,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.sources = list(sources)
        self.weights = dict(weights)
        self.per_source = per_source
        self._uses_context = any(getattr(s, "uses_context", False) for s in self.sources)
        #: Sources whose evidence is names (shown as they are), not item ids.
        self._names = {s.name for s in self.sources if getattr(s, "evidence_names", False)}
        #: Sources that say what an item shares with its evidence (``details(row, evidence)``).
        self._details = {
            s.name: cast(DetailedSource, s) for s in self.sources if hasattr(s, "details")
        }
        #: Sources trusted in part (learned from few conversations): their weights are scaled.
        self._trust = {
            s.name: float(getattr(s, "trust", 1.0))
            for s in self.sources
            if getattr(s, "trust", 1.0) < 1.0
        }
        #: Sources that say, per item, whether their part may be given as a reason.
        self._explains = {s.name: s for s in self.sources if hasattr(s, "explains")}

    def recommend(self, request: Request) -> list[Recommendation]:
        found = self._recommend(request)
        if not request.where:
            return found
        fits = tuple(str(c) for c in request.where)  # every result meets every constraint
        return [replace(r, fits=fits) for r in found]

    def _recommend(self, request: Request) -> list[Recommendation]:
        # checked before any retrieval work: a typo in a source name is the caller's error
        unknown = sorted(set(request.weights) - set(self.weights) - {s.name for s in self.sources})
        if unknown:
            known = sorted(set(self.weights) | {s.name for s in self.sources})
            raise RequestError(
                f"unknown source(s) {unknown} in weights; the sources are {', '.join(known)}."
            )
        ctx, union, scored = self.score(request)
        if not scored:
            return self._unranked(ctx, request.k)
        if not len(union):
            return []
        pushing = {s.name for s in self.sources if getattr(s, "pushes_down", False)}
        if set(scored) <= pushing:
            return self._spread_away(scored, union, request.k)
        weights = {**self.weights, **request.weights}
        for name, trust in self._trust.items():
            weights[name] = weights.get(name, 1.0) * trust
        caps = {  # "a time loop movie": a phrase said verbatim may stand further out
            s.name: s.caps(scored[s.name][1])
            for s in self.sources
            if s.name in scored and hasattr(s, "caps")
        }
        total, parts = fuse({k: v[0] for k, v in scored.items()}, weights, caps)
        if not np.any(total) and len(union) > request.k:
            # the active sources tell no candidate from another ("i dont like horror", the
            # refused genre read as named): a spread of what fits, not the catalog's order
            # (its five oldest films); with no more candidates than asked, all of them
            return self._spread_away(scored, union, request.k)
        order = np.argsort(-total, kind="stable")[: request.k]
        return [self._result(int(union[i]), float(total[i]), i, scored, parts, ctx) for i in order]

    def score(
        self, request: Request
    ) -> tuple[Context, np.ndarray, dict[str, tuple[np.ndarray, list[tuple[str, ...]]]]]:
        """The candidate union (allowed rows) and each active source's scores on it, unfused."""
        where = tuple(
            parse_where(c, self.index.kinds) if isinstance(c, str) else c for c in request.where
        )
        check_fields(where, self.index.kinds)
        ctx = self._context(request, where)
        n = max(self.per_source, request.k)
        active = [s for s in self.sources if s.active(ctx)]
        if not active:
            return ctx, np.zeros(0, dtype=np.int64), {}
        proposing = [s for s in active if getattr(s, "proposes", True)]
        if proposing:
            union = np.unique(np.concatenate([s.candidates(ctx, n) for s in proposing]))
        else:  # only re-scoring sources (genres named, nothing else): they rank the catalog
            union = np.arange(len(self.index))
        if ctx.mask is not None:  # exact filtering, whatever a source returned
            union = union[ctx.mask[union]]
            if where and len(union) < request.k:
                # the sources proposed too few that fit ("anything by Varda?", then "and by
                # Takahata?": the names said propose Varda's films): what fits is scored too
                allowed = np.flatnonzero(ctx.mask)
                union = np.unique(np.concatenate([union, allowed[:n]]))
        if not len(union):
            return ctx, union, {s.name: (np.zeros(0), []) for s in active}
        return ctx, union, {s.name: s.score(ctx, union) for s in active}

    def _context(self, request: Request, where: tuple[Constraint, ...]) -> Context:
        mask = self.index.mask(where, request.excluded)
        query = request.query.strip()
        vector = self.embedder.encode_query(query) if query else None
        liked = self.index.rows(dict.fromkeys(request.liked))
        context = request.context.strip()
        if context == query:  # one encoding per turn when both are the same text
            context_vector = vector
        elif context and self._uses_context:
            context_vector = self.embedder.encode_query(context)
        else:  # no source reads it: no encoding
            context_vector = None
        mentioned = self.index.rows(dict.fromkeys(request.mentioned + request.liked))
        # the words the people and genres sources read: the conversation, and the query when it
        # says more (the agent spells a mood out there: "feel-good" -> "... funny and hopeful")
        text = f"{context}\n{query}" if context and query not in context else context or query
        avoid = "; ".join(a.strip() for a in request.avoid if a.strip())
        avoid_vector = self.embedder.encode_query(avoid) if avoid else None
        disliked = self.index.rows(dict.fromkeys(request.disliked))
        return Context(
            self.index,
            mask,
            vector,
            liked,
            context_vector,
            mentioned,
            text,
            avoid_vector,
            disliked,
            avoid,
            query,
            tuple(request.people),
        )

    def _result(
        self,
        row: int,
        total: float,
        i: int,
        scored: Mapping[str, tuple[np.ndarray, list[tuple[str, ...]]]],
        parts: Mapping[str, np.ndarray],
        ctx: Context,
    ) -> Recommendation:
        signals = []
        for name, (values, evidence) in scored.items():
            titles = (
                evidence[i]
                if name in self._names
                else tuple(self.index.items[self.index.row_of[e]].title for e in evidence[i])
            )
            source = self._details.get(name)
            shared = source.details(row, evidence[i], ctx) if source and evidence[i] else ()
            # + 0.0: a zero weight times a negative score is -0.0, printed "-0.0"
            score, part = float(values[i]) + 0.0, float(parts[name][i]) + 0.0
            judge = self._explains.get(name)
            explains = judge.explains(row) if judge is not None else True
            signals.append(Signal(name, score, part, evidence[i], titles, shared, explains))
        signals.sort(key=lambda s: -s.contribution)
        return Recommendation(self.index.items[row], total + 0.0, tuple(signals))

    def _spread_away(
        self,
        scored: dict[str, tuple[np.ndarray, list[tuple[str, ...]]]],
        union: np.ndarray,
        k: int,
    ) -> list[Recommendation]:
        """Only sources that push down ("I hated Titanic", words to avoid), nothing to rank by:
        a spread of what fits (as :meth:`_unranked`) among the candidates none of them pushes
        down, when there are enough of those. Before, the pushed-down ones went last and the
        rest kept the catalog's order (its five oldest films)."""
        clear = np.ones(len(union), dtype=bool)
        for values, _ in scored.values():
            clear &= values >= 0
        rows = union[clear] if int(clear.sum()) >= k else union
        return [
            Recommendation(self.index.items[r], 0.0)
            for r in spread_rows(self.index.vectors, rows, k)
        ]

    def _unranked(self, ctx: Context, k: int) -> list[Recommendation]:
        """No signal at all (no query, likes or interaction data): a spread of what fits, each
        pick typical of it and unlike the ones before (:func:`spread_rows`), so a first look
        shows the catalog's range."""
        rows = np.arange(len(self.index)) if ctx.mask is None else np.flatnonzero(ctx.mask)
        picked = spread_rows(self.index.vectors, rows, k)
        return [Recommendation(self.index.items[r], 0.0) for r in picked]
