"""Chat shorthand written out before the reader's passes, so every pass reads plain words.

* Filler said first ("wait", "hmm", "ok so", "bet", "lol", "yo") changes nothing: "wait is the
  first one horror?" is "is the first one horror?" (it noted "you want horror"); nor does a reply
  word set off first ("perfect. and for date night", "cool, something with robots").
* Short forms of words: "abt" is "about", "w" and "w/" are "with", "u" is "you", "ur" is
  "your", "smth" is "something" ("do u have anything w song kang-ho" noted "you want w"); "AI"
  is "artificial intelligence" ("a movie about AI" noted "you want ai").
* A dash between words ("-", "--", an en or em dash) sets off a clause as a comma does: "the
  second one - is it scary?" is "the second one, is it scary?" (it noted "you want scary" and
  dropped "no horror"). A dash in a word ("sci-fi") or between numbers ("1990-2000") stays.
* An ordinal said alone after a list ("2nd", "the 3rd?") asks about that pick, as "2?" does.

Title mentions are left as they are.
"""

from __future__ import annotations

import re

from pickwise.agent.titles import TitleMatcher

__all__ = ["plain_words"]

#: Filler a message may start with; what follows is read as if it stood alone. "bet" is no
#: filler before a subject ("bet you don't have it"), nor is any of them when alone. A reply
#: word set off by a stop or comma ("perfect. and for date night", "cool, something with
#: robots") answers the last picks and is no taste (it brought Perfect Blue, "Its description
#: mentions perfect"); "a perfect crime" keeps it.
_OPENER = re.compile(
    r"^\W*(?:(?:wait|hmm+|hm+|um+|uh+|ok(?:ay)? so|bet(?!\s+(?:you|u|i|that|it|they|he|she|we)"
    r"\b)|lol+|lmao+|haha+|oh|ooh+|yo+)\b[\s,.!:;-]*"
    r"|(?:perfect|great|cool|nice|awesome|sweet|lovely|excellent|brilliant|amazing|wonderful"
    r"|fantastic|good|fine|alright|all right|sounds good|got it|noted|fair enough|neat|thanks"
    r"|thank you|thx|ty)"
    r"(?:\s*(?:thanks|thank you|thx|ty))?(?:\s*[,.!:;]+|\s+-+)\s*)+",  # not "good-natured"
    re.IGNORECASE,
)
#: Short forms and the words they stand for (a "w" before a word only: "w/e", "w." are not).
_SHORT = (
    (re.compile(r"\babt\b", re.IGNORECASE), "about"),
    (re.compile(r"\bw/\s*(?=[a-z][a-z])", re.IGNORECASE), "with "),  # not "w/e"
    (re.compile(r"(?<![\w'/.-])w(?=\s+[a-z])", re.IGNORECASE), "with"),
    (re.compile(r"(?<![\w'-])u(?=\s+\w|\s*[?!.,]|\s*$)(?!\.)", re.IGNORECASE), "you"),
    (re.compile(r"(?<![\w'-])ur(?=\s+[a-z])", re.IGNORECASE), "your"),
    (re.compile(r"\b(?:smth|sth|somethin)\b", re.IGNORECASE), "something"),
    # "a movie about AI" noted "you want ai" and brought 3 Idiots: two letters no source reads
    (re.compile(r"(?<![\w'.-])(?:A\.I\.?|AI|ai)(?![\w'-])"), "artificial intelligence"),
    # a dash between words, not in one ("sci-fi") nor between numbers ("1990 - 2000")
    (re.compile(r"(?<![\d\s])\s*(?:--+|[\u2013\u2014])\s*(?![\s\d])|(?<=\D)\s+-\s+(?=\D)"), ", "),
)
#: An ordinal alone: "2nd", "the 3rd?", "and the second one?".
_ORDINAL_ALONE = re.compile(
    r"^\W*(?:and\s+)?(?:the\s+)?(?P<n>1st|2nd|3rd|[4-9]th|10th)(?:\s+one)?\s*\?*\s*$",
    re.IGNORECASE,
)


def plain_words(text: str, matcher: TitleMatcher, picks: int) -> str:
    """``text`` with its filler opener dropped and short forms written out (outside titles); an
    ordinal alone after ``picks`` picks becomes "#n?"."""
    opener = _OPENER.match(text)
    if opener and re.search(r"\w", text[opener.end() :]):
        text = text[opener.end() :]
    titles = [(m.start, m.end) for m in matcher.find(text, sequels=True)]
    for pattern, word in _SHORT:
        written = _replace(text, pattern, word, titles)
        if written != text:  # titles move only when a short form was written out
            text = written
            titles = [(m.start, m.end) for m in matcher.find(text, sequels=True)]
    alone = _ORDINAL_ALONE.match(text)
    if alone and picks:
        return f"#{int(re.sub(r'[^0-9]', '', alone.group('n')))}?"
    return text


def _replace(text: str, pattern: re.Pattern[str], word: str, titles: list[tuple[int, int]]) -> str:
    """``text`` with ``pattern`` replaced by ``word`` where no title is."""
    out: list[str] = []
    at = 0
    for m in pattern.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in titles):
            continue
        out += [text[at : m.start()], word]
        at = m.end()
    return "".join([*out, text[at:]])
