"""Messages that ask for nothing: a greeting from someone back, emoji, a keyboard mashed."""

from __future__ import annotations

import re

from pickwise.agent import cues
from pickwise.agent.understanding.vocabulary import fold_text

__all__ = ["asks_for_films", "back", "thumb", "unclear"]

#: Runs of neighbouring keys ("asdf", "hjkl", "qwer"): a keyboard mashed, not a word.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_RUN = 4
_VOWELS = re.compile(r"[aeiouy]")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


#: A thumb alone, up or down (any skin tone, repeated): "👍", "👎👎".
_THUMB = re.compile(r"\s*(?:(?P<up>\U0001F44D)|(?P<down>\U0001F44E))[\U0001F3FB-\U0001F3FF\ufe0f]?")


def thumb(message: str) -> str:
    """ "up" or "down" for a message that is only thumbs one way ("👍", "👎🏽👎🏽"), else ""; after
    a list they were "I'm not sure what you mean"."""
    text = message.strip(" !.\n")
    found = {"up" if m.group("up") else "down" for m in _THUMB.finditer(text)}
    whole = "".join(m.group() for m in _THUMB.finditer(text)) == text
    return found.pop() if text and whole and len(found) == 1 else ""


def back(message: str) -> bool:
    """Whether a greeting says the user is back ("hi, it's me again from last night")."""
    folded = fold_text(message)
    return bool(re.search(cues.SMALL_TALK_HELLO, folded) and re.search(cues.WELCOME_BACK, folded))


def _mashed(word: str) -> bool:
    """A word no one writes: a run of neighbouring keys ("asdfghjkl"), five consonants in a row,
    or four letters or more without a vowel."""
    if any(
        row[i : i + _KEY_RUN] in word for row in _KEY_ROWS for i in range(len(row) - _KEY_RUN + 1)
    ):
        return True
    return bool(_CONSONANTS.search(word)) or (len(word) >= 4 and not _VOWELS.search(word))


def unclear(masked: str) -> bool:
    """Whether a message (folded, titles blanked) says nothing that can be read: no letter or
    digit at all ("😂😂", "?!"), or only mashed keys ("asdfghjkl", "sdfsdf jkjkjk")."""
    found = re.findall(r"[^\W_]+", masked)
    if not found:  # an empty message is refused before it is read
        return bool(masked.strip())
    return all(w.isalpha() and w.isascii() and _mashed(w) for w in found)


def asks_for_films(message: str) -> bool:
    """Whether a message asks for films ("any good movies?", "recommend a film"): off the
    domain of a catalog of games or books, as "any good tv series?" is. A film word that says
    what the item is about or like ("a game about movies", "a board game for movie night",
    "based on a film") asks for no film."""
    folded = fold_text(message)
    for m in re.finditer(cues.FILM_REQUEST, folded):
        before = folded[: m.start()].split()
        after = folded[m.end() :]
        if before and before[-1] in cues.FILM_REQUEST_NOT_AFTER:
            continue
        if (
            len(before) > 1
            and before[-2] in cues.FILM_REQUEST_NOT_AFTER
            and before[-1]
            in (
                "a",
                "an",
                "the",
                "my",
                "some",
            )
        ):
            continue
        if re.match(cues.FILM_REQUEST_NOT_BEFORE, after):
            continue
        return True
    return False
