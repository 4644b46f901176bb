"""Questions whose title a plain reading misses, rewritten before the reader's passes.

* An elliptic follow-up: "and Totoro?" after "do you have Memento?" asks the same of Totoro.
  Such a message names a title and nothing else, so it is read as the question it shortens.
* A title of everyday words asked about: "who directed alien?" is about Alien, though "alien"
  alone, in lower case, is a word (the title matcher wants a capital or quotes for it). The
  question's slot is the evidence a capital would give, so the slot is capitalised.
"""

from __future__ import annotations

import re

from pickwise.agent.titles import TitleMatcher

__all__ = ["follow_up", "numbered_pick", "quote_title"]

#: The question each fact asks, with "{}" for the title (see ``cues.FACT_QUESTIONS``).
_QUESTIONS = {
    "have": "do you have {}?",
    "watched": "have you seen {}?",
    "director": "who directed {}?",
    "cast": "who is in {}?",
    "runtime": "how long is {}?",
    "year": "when was {} made?",
    "language": "what language is {} in?",
    "country": "what country is {} from?",
    "genre": "what genre is {}?",
}
_ELLIPSIS = re.compile(
    r"^\W*(?:and|&|also|plus|what about|how about|and what about|and how about|same for"
    r"|what of|ok and|okay and)\s+(?P<title>[^?!.,;]+?)\s*(?:\?+\s*|\s*)$",
    re.IGNORECASE,
)
#: The most words of a title a follow-up names.
_MAX_WORDS = 8


def follow_up(text: str, asked_before: str, matcher: TitleMatcher) -> str:
    """``text`` as the question it shortens, when the last message asked ``asked_before`` (a
    fact, as in :attr:`Understanding.asks`) and this one is "and <title>?" (one the catalog has,
    or a capitalised name it lacks); else ``text`` unchanged."""
    question = _QUESTIONS.get(asked_before)
    m = _ELLIPSIS.match(text) if question else None
    if question is None or m is None:
        return text
    title = m.group("title").strip().strip("\"'“”‘’")
    if not title or len(title.split()) > _MAX_WORDS:
        return text
    if _whole(f'"{title}"', matcher):
        return quote_title(question.format(title), matcher)
    if _a_name(title) or asked_before == "have":  # "and something funny?": a request then
        return question.format(title)
    return text


#: A question with a title's slot: "who directed alien?", "how long is up", "is alien scary?".
_SLOTTED = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|hm+|also|wait),?\s+)?"
    r"(?:(?P<fact>who (?:directed|made|shot|is in|'s in|s in|was in|stars? in|starred in|acts in"
    r"|plays in)|how long is|how old is|when was|what year (?:is|was)|what language is"
    r"|what genre is|what country is|(?:what|which) kind of (?:film|movie) is"
    r"|what(?:'s| is) the (?:runtime|cast|rating) of|tell me (?:more )?about|do you have"
    r"|have you got)|(?P<what>what(?:'s| is| was))|(?P<yes_no>is|was|are))\s+"
    r"(?P<rest>[^?!.,;]+?)\s*\?*\s*$",
    re.IGNORECASE,
)
#: Words that may end a fact question after the title: "when was psycho *made*?".
_TAILS = frozenset(["made", "released", "out", "from", "in", "shot", "filmed", "about"])


def quote_title(text: str, matcher: TitleMatcher) -> str:
    """``text`` with the title in a question's slot capitalised ("who directed Alien?"), when the
    slot starts with a title of everyday words that a plain reading does not find; else
    ``text`` unchanged."""
    m = _SLOTTED.match(text)
    if m is None or matcher.find(text):
        return text
    words = m.group("rest").split()
    if len(words) > _MAX_WORDS + 3:
        return text
    for k in range(len(words), 0, -1):
        tail = words[k:]
        if m.group("what") and [w.lower() for w in tail] != ["about"]:
            continue  # "what is big about?", never "what's up?"
        if m.group("fact") and not all(w.lower() in _TAILS for w in tail):
            continue
        said = " ".join(words[:k])
        if said.lower() in _NOT_TITLES or said[:1] in "\"'“‘":
            continue
        if _whole(f'"{said}"', matcher):
            start = m.start("rest")
            end = start + len(said)
            capitalised = f"{text[:start]}{_capitalise(said)}{text[end:]}"
            found = matcher.find(capitalised)
            if len(found) == 1 and (found[0].start, found[0].end) == (start, end):
                return capitalised
            return text
    return text


#: Slots that are no title: "is it scary?", "is that one long?".
_NOT_TITLES = frozenset(["it", "that", "this", "that one", "this one", "there", "he", "she"])
_GLUE = frozenset(["of", "the", "a", "an", "in", "on", "and", "to", "for", "at", "de", "la", "le"])


def _whole(quoted: str, matcher: TitleMatcher) -> bool:
    """Whether ``quoted`` is one title the catalog has, as a whole."""
    found = matcher.find(quoted, sequels=True)
    return len(found) == 1 and found[0].start <= 1 and found[0].end >= len(quoted) - 1


def _capitalise(title: str) -> str:
    """Title case as people write it: "the lord of the rings" -> "The Lord of the Rings"."""
    words = title.split()
    return " ".join(
        w if (i and w.lower() in _GLUE) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _a_name(title: str) -> bool:
    """Every word capitalised but joining ones ("Heat", "The Lord of the Rings"): a title the
    catalog may lack, not a request ("and something funny?")."""
    words = title.split()
    return words[0][:1].isupper() and all(w[:1].isupper() or w in _GLUE for w in words)


_BARE_NUMBER = re.compile(r"^\s*(?:and\s+)?(\d{1,2})\s*\?+\s*$")


def numbered_pick(text: str, picks: int) -> str:
    """ "2?" after a list asks about the second pick, as "#2?" does (it brought a new list)."""
    m = _BARE_NUMBER.match(text)
    return f"#{m.group(1)}?" if m and picks else text
