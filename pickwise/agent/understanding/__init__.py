"""Read one chat message without an LLM: titles liked or seen, hard constraints, aspects, intent.

Everything is read against the catalog's own vocabulary: "no horror" becomes a constraint only if
the catalog has a genre-like value "Horror". Within one message a later statement overrides an
earlier one ("no horror... actually horror is fine" allows horror).

Choices worth knowing:

* Years: "nothing before 1990", "since 1990", "1990 onwards" -> ``year >= 1990``; "after 1990",
  "newer than 1990" -> ``year > 1990`` (after a decade: ``year >= 1990`` for "after the 80s");
  "before 1980", "older than 1980", "pre-1980" -> ``year < 1980``; "until 1980" -> ``<= 1980``.
  "the 90s" -> 1990..1999 and "80s or 90s" -> 1980..1999 (two decades become one span).
  "20s" means the 1920s. A bare year counts only as "from 1994" / "1994 films".
* Runtime bounds are inclusive and in minutes: "under two hours" and "less than 90 minutes" ->
  ``runtime <= 120`` / ``<= 90``; "nothing over 2 hours" -> ``<= 120``; "at least 90 min" -> ``>=``.
* Genre words alone ("a comedy", "some sci-fi") are aspects, not constraints; "only"/"just" make
  them :class:`AnyOf`, "no"/"nothing"/"not in the mood for"/"I hate" make them :class:`NoneOf`.
  "no rom-coms" (a value pair) stays an aspect: excluding either genre would be too broad; so do
  a degree ("nothing too scary") and a word narrower than its genre ("not slashers").
* A language word alone ("a French comedy") filters this request only
  (:attr:`Understanding.turn_constraints`); with a cue ("in French") it is a constraint.
* :attr:`Understanding.drop_constraints` are meant to be applied before ``add_constraints``.
* With intent ``remove``, titles go to ``mentioned`` (never liked/disliked) and named genres or
  fields (year, length, language) go to ``drop_constraints``.

The modules follow the reader's passes: :mod:`.constraints` (genre and language words),
:mod:`.ranges` (years and runtimes), :mod:`.intents` (intent and references to the last picks),
:mod:`.asking` (questions about the picks: compared, for a child), :mod:`.opinions` (likes,
dislikes, seen; :mod:`.ratings` reads scores such as "9/10"), :mod:`.repeated` ("why do you keep
suggesting X"), :mod:`.group_size` ("for 8 players"), :mod:`.disagreements` ("Sam likes horror,
Priya hates it"), :mod:`.aspects` and :mod:`.query` (free text), with
:mod:`.events` resolving the statements into constraints and :mod:`.reader` running it all.
"""

from __future__ import annotations

from pickwise.agent.understanding.aspects import avoided, refused
from pickwise.agent.understanding.chatter import asks_for_films, back, thumb, unclear
from pickwise.agent.understanding.reader import MAX_CHARS, understand
from pickwise.agent.understanding.result import INTENTS, Intent, Relax, Understanding
from pickwise.agent.understanding.vocabulary import Vocabulary, fold_text

__all__ = [
    "INTENTS",
    "MAX_CHARS",
    "Intent",
    "Relax",
    "Understanding",
    "Vocabulary",
    "asks_for_films",
    "avoided",
    "back",
    "fold_text",
    "refused",
    "thumb",
    "unclear",
    "understand",
]
