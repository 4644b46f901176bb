"""What a message asks of the catalog as a whole, and what it asks for that the catalog cannot
give: "what genres do you have?" (the values of a field), "something directed by a woman" (no
field records it), "anything in finnish?" (a language none of its items is in).

The fields come from the catalog's vocabulary; only the names of languages are general knowledge
(``cues.LANGUAGE_NAMES``), to tell a language the catalog lacks from an ordinary word.
"""

from __future__ import annotations

import re

from pickwise.agent import cues
from pickwise.agent.understanding.message import Message, rx
from pickwise.retrieval.constraints import AnyOf
from pickwise.retrieval.genres import GENRE_FIELD_NAMES
from pickwise.retrieval.people import negated

__all__ = ["asked_values", "missing_languages", "unrecorded"]

#: "what genres do you have?", "which languages are your films in?", "what kinds of films are
#: there?": the values of a field asked for, not items.
_VALUES_ASKED = re.compile(
    r"\b(?:what|which|list|show me|tell me)\s+(?:(?:are|is)\s+)?(?:(?:all\s+)?(?:the|your)\s+)?"
    r"(?:different\s+|other\s+)?(?P<what>[a-z]+s)\b(?:\s+of\s+[a-z]+)?"
    r"(?=.{0,40}?\b(?:(?:do|does) (?:you|u|the catalog(?:ue)?|your catalog(?:ue)?) (?:have|carry"
    r"|cover|offer|know|include)|(?:are|is) there|(?:you|u)(?:'ve| have)? got"
    r"|(?:are|is) (?:your|the|they|these|all|available|covered)\b|(?:you|u) (?:have|offer|cover)"
    r"|in (?:your|the) (?:catalog|catalogue|collection|library)))"
)
#: Words for a catalog's genre field ("what kinds of films do you have?").
_KIND_WORDS = frozenset({"genre", "kind", "type", "sort", "category", "style"})
#: A question about one item: "what genres is it?", "which languages is the second one in?".
_OF_ONE = re.compile(r"\b(?:it|this one|that one|the (?:first|second|third|\w+th|last) one)\b")


def asked_values(msg: Message) -> str:
    """The field whose values a question about the catalog asks for ("what genres do you
    have?" -> ``genres``; "what languages are your films in?" -> ``language``), else ""."""
    m = _VALUES_ASKED.search(msg.masked)
    if m is None or not msg.free(m.start(), m.end()) or msg.mentions:
        return ""
    if _OF_ONE.search(msg.masked):
        return ""
    word = m.group("what")
    what = word[:-3] + "y" if word.endswith("ies") else word[:-1]
    vocab = msg.vocab
    facets = [name for name, _ in vocab.facets]
    if what == "language":
        return vocab.language_field or ""
    if what == "country":
        return next((f for f in facets if f.lower() in cues.COUNTRY_FIELDS), "")
    if what in _KIND_WORDS:
        kinds = [f for f in facets if f.lower() in GENRE_FIELD_NAMES]
        return (kinds or facets or [""])[0]
    # a field by its own name: "what tags do you have?", "which moods are there?"
    return next((f for f in facets if f.lower().rstrip("s") == what), "")


#: Gender asked of the people who made an item: "directed by a woman", "a female director",
#: "books by women", "female-directed". Not "a film about a woman" nor "haunted by a man".
_GENDER = re.compile(
    r"\b(?:directed|made|written|created|helmed|shot|something|anything|films?|movies?|ones?"
    r"|stuff|books?|works?|novels?|games?)\s+by\s+(?:a\s+|an\s+)?(?P<g>female|woman|women"
    r"|lady|ladies|male|man|men)\b(?:[\s-]+(?P<role>[a-z]+?)s?\b)?"
    r"|\b(?P<g2>female|woman|women|male)[\s-]+(?P<role2>directors?|filmmakers?|directed|auteurs?"
    r"|authors?|writers?|creators?|artists?|designers?|novelists?)\b"
)
_FEMALE = frozenset({"female", "woman", "women", "lady", "ladies"})
#: Values of a gender field that mean one: a catalog that records it filters by it.
_GENDER_VALUES = {
    "female": frozenset({"female", "woman", "women", "f"}),
    "male": frozenset({"male", "man", "men", "m"}),
}


def unrecorded(msg: Message) -> tuple[str, ...]:
    """What the message asks of the people behind an item that no field records ("directed by a
    woman": ``("gender",)``); the words are claimed, so that no film whose description says
    "woman" is taken for one. A catalog with a gender-like field (``director_gender``...)
    filters by it instead (this request's filter)."""
    found: list[str] = []
    for m in _GENDER.finditer(msg.masked):
        start = m.start("g") if m.group("g") else m.start()
        if not msg.free(start, m.end()):
            continue
        said = m.group("g") or m.group("g2")
        which = "female" if said in _FEMALE else "male"
        field = next((name for name, _ in msg.vocab.facets if "gender" in name.lower()), None)
        if field is not None:
            values = dict(msg.vocab.facets)[field]
            meant = frozenset(v.lower() for v in values if v.lower() in _GENDER_VALUES[which])
            if meant:
                msg.wanted.append(AnyOf(field, meant))
                msg.claim(m.start(), m.end())
                continue
        msg.claim(m.start(), m.end())
        found.append("gender")
    return tuple(dict.fromkeys(found))


def missing_languages(msg: Message) -> tuple[str, ...]:
    """Languages asked for that no item of the catalog is in ("anything in finnish?", "a
    Finnish documentary"): said back ("I have no films in Finnish") instead of searched as a
    word; claimed. Languages the catalog has, and words another pass read (a country), are not."""
    if not msg.vocab.language_field:
        return ()
    found: list[str] = []
    for m in rx(_LANGUAGE_ASKED).finditer(msg.masked):
        group = next(g for g in ("l1", "l2", "l3", "l4") if m.group(g))
        start, end = m.span(group)
        word = m.group(group)
        if word not in cues.LANGUAGE_NAMES or msg.vocab.names_language(word):
            continue
        if not msg.free(start, end) or any(s < end and start < e for s, e, _ in msg.term_spans):
            continue
        if group == "l4" and not any(end < s <= end + 2 for s, _, _ in msg.term_spans):
            continue  # "a finnish comedy": a kind right after it
        if negated(msg.masked, m.start()):
            continue  # "nothing in finnish", "doesn't have to be finnish": nothing to find
        msg.claim(m.start() if group == "l1" else start, m.end())
        found.append(word.capitalize())
    return tuple(dict.fromkeys(found))


_LANGUAGE_ASKED = (
    r"\b(?:in|into)\s+(?P<l1>[a-z]+)\b"
    r"|\b(?P<l2>[a-z]+)(?=[\s-]+(?:language|speaking|spoken|films?|movies?|cinema|ones?|stuff"
    r"|books?|dialogue|audio|titles?)\b)"
    r"|\bany\s+(?P<l3>[a-z]+)(?=\s*(?:\?|$|[.!,]))"
    r"|\b(?P<l4>[a-z]+)(?=\s+[a-z])"
)
