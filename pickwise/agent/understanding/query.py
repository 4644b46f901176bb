"""The free-text query for dense retrieval: what is left of the message once control phrases,
negated constraints, disliked titles and fillers are taken out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pickwise.agent import cues
from pickwise.agent.understanding.message import Message, rx

__all__ = ["build_query", "has_request_words"]

_EMPTY_QUERY = cues.words(
    """a an the some something anything film films movie movies one ones me i show give
    recommend want to watch see please more just stuff thing things for tonight now only
    from what else no nope nah yes yeah yep sure hmm with any is fine good do you have got
    dunno surprise whatever it that this anymore after all really actually tho though pls plz
    lol haha would could should they ve re ll s d m we he she my our their his her us them
    both all already too saw seen watched look looks looked seems great nice decent are was were
    bit little kinda either neither anythin somethin meh of enjoy say says said at whatsoever
    anyway altogether thanks forget nevermind mind nvm yo like love hate don dont t not somthing
    sumthing smth tonite 2nite similar hi hello hey hiya there morning afternoon evening in your
    catalog catalogue recommendation recommendations suggestion suggestions idea ideas rec recs
    pick picks option options help choose decide random randomly"""
)
_EDGE_START = re.compile(
    r"^(?:[\s,.;:!?&/-]|\b(?:and|but|or|also|so|then|i'?m|i am|i)(?!['\w]))+", re.IGNORECASE
)
#: How a request is asked and what is asked for in general ("recommend me a ... movie", "how
#: about ...", "... instead"): words that carry nothing about the item, and that a sentence
#: embedding matches to every film's text
#: ("a feel-good movie" found The Shining and Aliens first).
_ASKING = re.compile(
    r"\b(?:(?:can|could|would|will) you (?:please )?)?(?:recommend|suggest)(?: me| us)?\b"
    r"|\b(?:(?:can|could|would|will) you (?:please )?)?(?:show|give|find|get) (?:me|us)\b"
    r"|\b(?:can|could|would|will) you (?:please )?(?:show|give|find|get)\b"
    r"|\bi(?:'d| would) (?:like|love)(?: to (?:watch|see))?\b"
    r"|\bi (?:want|need)(?: to (?:watch|see))?\b"
    # "I loved Heat", "I adore Audrey Hepburn": how much, not what (it searched "loved" and
    # found Love Actually)
    r"|\bi (?:(?:really|also|just|still|absolutely|totally) ){0,2}"
    r"(?:like|love|enjoy|prefer|adore|liked|loved|enjoyed|adored)\b"
    rf"|{cues.FAN_OF}"
    r"|\b(?:i'?m |i am )?(?:looking|searching) for\b"
    r"|\b(?:how|what) about\b|\binstead\b|\b(?:movies?|films?)\b(?!\s+noir)"
    r"|\b(?:have|did) you (?:ever )?(?:seen|watched|see|watch)\b"  # "have you seen any good..."
    r"|\b(?:no,? )?i (?:meant|mean)\b"
    # "nvm, a heist movie instead", "im in the mood for a heist movie": a change of mind
    r"|\b(?:nvm|never ?mind|on second thoughts?|scratch that|change of plans?)\b"
    r"|\b(?:i'?m |im |i am |we'?re |we are )?(?:in the mood|in a mood) for\b",
    re.IGNORECASE,
)
#: "on the darker side": its words around the kind ("side" found West Side Story).
_ON_THE_SIDE = re.compile(
    r"\b(?:(?:a (?:bit|little) )?on the )(?P<kind>[a-z][a-z-]*) (?P<side>side)\b", re.IGNORECASE
)
_EDGE_END = re.compile(r"(?:[\s,.;:!?&/-]|\b(?:and|but|or|also|so|then)\b)+$", re.IGNORECASE)


def build_query(msg: Message, dropped: Sequence[tuple[int, int]]) -> str:
    """The message without control phrases, negated constraints, dislikes and fillers
    ("" when only filler words are left)."""
    chars = list(msg.text)
    spans = [*msg.drops, *dropped]
    spans += [(m.start(), m.end()) for m in rx(cues.POLITE).finditer(msg.masked)]
    spans += [(m.start(), m.end()) for m in _ASKING.finditer(msg.masked)]
    for m in _ON_THE_SIDE.finditer(msg.masked):
        spans += [(m.start(), m.start("kind")), (m.start("side"), m.end())]
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    query = re.sub(r"\s+", " ", "".join(chars))
    query = re.sub(r"\s+([,.;:!?])", r"\1", query)
    query = re.sub(r"([,.;:!?])(?:\s*[,.;:!?])+", r"\1", query)
    query = _EDGE_START.sub("", query)
    query = _EDGE_END.sub("", query)
    words = re.findall(r"[^\W_]+", query.lower())
    return query.strip() if any(w not in _EMPTY_QUERY for w in words) else ""


def has_request_words(text: str) -> bool:
    """Whether ``text`` (masked) asks for something: a word that is no filler ("a heist movie",
    not "please, thanks")."""
    cleaned = _ASKING.sub(" ", rx(cues.POLITE).sub(" ", text))
    return any(w not in _EMPTY_QUERY for w in re.findall(r"[^\W_]+", cleaned.lower()))
