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
from pickwise.agent.understanding.vocabulary import Vocabulary
from pickwise.retrieval.constraints import AnyOf, Range
from pickwise.retrieval.genres import GENRE_FIELD_NAMES
from pickwise.retrieval.people import negated

__all__ = [
    "BW_BEFORE",
    "SILENT_BEFORE",
    "asked_values",
    "black_and_white",
    "bound_refused_forms",
    "missing_languages",
    "refused_forms",
    "unrecorded",
    "unrecorded_wishes",
]

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


#: What critics or fans think, asked for: "something underrated", "any hidden gems?", "a cult
#: classic", "so bad it's good", "critically acclaimed", "the most popular". No field records it
#: (it noted "you want underrated" as a taste, and "hidden gems" found Crouching Tiger, Hidden
#: Dragon by its title). "best" is read apart (:data:`_BEST`).
_OPINION = re.compile(
    r"\b(?:hidden|little[\s-]known|lesser[\s-]known|overlooked|forgotten)\s+(?:gems?|treasures?)\b"
    r"|\b(?:under|over)[\s-]?(?:rated|appreciated|looked|seen)\b|\bunder\s+the\s+radar\b"
    r"|\bcult[\s-]+(?:classics?|favou?rites?|hits?|following|status)\b"
    r"|\bso[\s-]+bad[\s-]+(?:(?:that[\s-]+)?(?:it'?s|its|they'?re|theyre|it\s+is)[\s-]+)?"
    r"(?:good|great|fun|funny)\b"
    r"|\b(?:critically[\s-]+)?acclaimed\b|\bcritics'?\s+(?:picks?|favou?rites?|darlings?)\b"
    r"|\b(?:highly|well|top|best|highest)[\s-]+(?:rated|reviewed)\b"
    r"|\b(?:award|oscar)[\s-]+winn(?:ing|ers?)\b|\bmost\s+popular\b"
)
#: "the best movie ever", "greatest films of all time", "the best comedy": the grade is claimed
#: (and "ever", "of all time"), not what it grades ("comedy" is still asked for).
_BEST = re.compile(
    r"\b(?P<best>best|greatest|finest)\b(?:(?:\s+[\w'-]+){0,3}?\s+(?P<ever>ever(?:\s+made)?"
    r"|of\s+all\s+time))?"
)
#: Said before "best" it is no grade of a film: "my best friend", "you're the best".
_NOT_GRADED = re.compile(
    r"\b(?:my|your|his|her|our|their|you'?re|you\s+are|ur|u\s+r)\s+(?:very\s+)?$"
    r"|\b(?:you'?re|you\s+are|ur|u\s+r)\s+the\s+(?:very\s+)?$"
)
_NOT_GRADED_AFTER = re.compile(
    r"\s+(?:friends?|buddy|pal|mates?|bet|part|way|of\s+(?:both|luck))\b"
)
#: What an item is based on, or follows, asked for: "based on a true story", "adapted from a
#: novel", "a sequel". No field of the demo catalog records it; a catalog whose genre-like
#: values name it ("Biography", "based on novel", "sequel") reads it as a kind instead.
_SOURCES = (
    (
        "true story",
        r"\b(?:(?:based|inspired)\s+(?:up)?on\s+)?(?:a\s+|the\s+)?(?:true(?:[\s-]+life)?"
        r"|real[\s-]+life)\s+(?:story|stories|events?)\b|\b(?:based\s+on\s+)?(?:real|actual)"
        r"\s+events?\b",
        ("true story", "biograph", "biopic", "based on true"),
    ),
    (
        "adaptation",
        r"\b(?:based\s+(?:up)?on|adapted\s+from|adaptations?\s+of)\s+(?:a\s+|an\s+|the\s+)?"
        r"(?:[\w'-]+\s+)?(?:books?|novels?|comics?|graphic\s+novels?|plays?|video\s*games?|manga"
        r"|short\s+stor(?:y|ies)|musicals?)\b|\b(?:book|novel|comic|manga)\s+adaptations?\b",
        ("based on", "adaptation", "novel"),
    ),
    (
        "sequel",
        r"(?<!\bthe\s)(?<!\bits\s)(?<!\bhis\s)(?<!\bher\s)\b(?:sequels?|prequels?|remakes?"
        r"|reboots?|spin[\s-]?offs?)\b(?!\s+(?:to|of)\b)",
        ("sequel", "remake"),
    ),
)
#: Number fields that record what people think of an item: a catalog with one may rank by it.
_OPINION_FIELDS = frozenset(
    {
        *("popularity", "num_ratings", "votes", "vote_count", "vote_average", "score"),
        *("imdb_rating", "metascore", "avg_rating", "average_rating", "user_rating"),
        *("critic_score", "audience_score", "stars"),
    }
)


def unrecorded_wishes(msg: Message) -> list[tuple[str, str]]:
    """Wishes no field of the catalog records, as ``(what, said)``: what critics or fans think
    ("something underrated", "the best movie ever": ``opinion``), and what an item is based on
    or follows ("based on a true story": ``true story``; "adapted from a novel":
    ``adaptation``; "a sequel": ``sequel``). The words are claimed: they are no taste to keep
    and no word to search ("based on a true story" brought films whose description says
    "true"). A catalog with a field for them is left to read them as it does other words."""
    found: list[tuple[str, str]] = []
    if not _OPINION_FIELDS & {f.lower() for f in msg.vocab.fields}:
        spans = [m.span() for m in _OPINION.finditer(msg.masked)]
        for m in _BEST.finditer(msg.masked):
            if _NOT_GRADED.search(msg.masked[max(0, m.start() - 20) : m.start()]):
                continue
            if _NOT_GRADED_AFTER.match(msg.masked, m.end("best")):
                continue
            spans.append(m.span("best"))
            spans += [m.span("ever")] if m.group("ever") else []
        free = [(s, e) for s, e in spans if msg.free(s, e)]
        for start, end in free:
            msg.claim(start, end)
        if free:
            found.append(("opinion", msg.masked[free[0][0] : free[0][1]]))
    if not set(cues.STUDIO_FIELDS) & set(msg.vocab.fields):
        found += _studios(msg)
    values = [v.lower() for _, vs in msg.vocab.facets for v in vs]
    for what, pattern, kept in _SOURCES:
        if any(k in v for k in kept for v in values):
            continue
        for m in rx(pattern).finditer(msg.masked):
            if msg.free(m.start(), m.end()):
                msg.claim(m.start(), m.end())
                found.append((what, m.group()))
    return list(dict.fromkeys(found))


_STUDIO_NAMES = "|".join(
    re.escape(s).replace(r"\ ", r"\s+") for s in sorted(cues.STUDIOS, key=len, reverse=True)
)
#: A studio named as a kind of item: "a Ghibli film", "pixar movies", "something from A24"
#: ("nothing by Pixar" is read with the people). After "from", a name that is an everyday word
#: too must be in capitals: "a film from amazon" names no studio.
_STUDIO_ASKED = re.compile(
    rf"\b(?P<s>(?:studio\s+)?(?:{_STUDIO_NAMES}))(?:'s)?(?:[\s-]+[a-z-]+)?[\s-]+(?:films?|movies?"
    rf"|ones?|stuff|anim\w*"
    rf"|productions?|classics?|titles?|releases?|originals?|style)\b"
    rf"|\bfrom\s+(?P<f>(?:studio\s+)?(?:{_STUDIO_NAMES}))\b",
    re.IGNORECASE,
)


#: Studios whose names are everyday words too: after "from", only in capitals.
_EVERYDAY_STUDIOS = cues.words(
    "amazon apple universal neon hammer illumination criterion marvel paramount netflix warner"
)
_REFUSED_FROM = re.compile(r"\b(?:no|not|nothing|none|never|anything but|avoid)\s+(?:\w+\s+)?$")


def _studios(msg: Message) -> list[tuple[str, str]]:
    """Studios named as a kind of item in a catalog without a studio field, as ``("studio",
    name)``; claimed (it noted "you want ghibli" and searched the word)."""
    found = []
    for m in _STUDIO_ASKED.finditer(msg.text):
        group = "s" if m.group("s") else "f"
        said = m.group(group)
        start, end = m.span(group)
        if not msg.free(start, end) or not msg.masked[start:end].strip():
            continue  # read by another pass, or part of a title the catalog has (blanked)
        refused = _REFUSED_FROM.search(msg.masked, max(0, m.start() - 30), m.start())
        if group == "f" and refused:  # "nothing from pixar": avoided by its words, as "no pixar"
            msg.aspects.append((refused.start(), end, f"not {said.lower()}"))
            msg.claim(refused.start(), end)
            continue
        if group == "f" and not said[:1].isupper() and said.lower() in _EVERYDAY_STUDIOS:
            continue  # "a film from amazon" may be about the river
        msg.claim(start, end)  # the name only: "an A24 horror movie" still asks for horror
        found.append(("studio", said if said[:1].isupper() else said.title()))
        kind = cues.STUDIO_KINDS.get(" ".join(said.lower().split()))
        if kind and not any(a[2] == kind for a in msg.aspects):  # what their films are like
            msg.aspects.append((start, end, kind))
    return found


#: Films in black and white asked for: "only black and white films please", "something in b&w",
#: "a monochrome movie". No field records colour.
_BLACK_AND_WHITE = re.compile(
    r"\b(?:in\s+)?(?:black[\s-]+(?:and|&|n)[\s-]+white|b\s*&\s*w|b/w|monochrome)(?![\w/&])"
    r"(?:\s+(?:films?|movies?|ones?|stuff|cinema|classics?|pictures?))?"
)
#: A refusal before it in its clause: "*they wont watch* black and white", "*nothing in* black and
#: white", "*no old* black and white stuff" (the aspects and the years read those).
_BW_REFUSED = re.compile(
    r"\b(?:no|not|nothing|none|without|never|hate[sd]?|avoid|dislike[sd]?|can'?t stand"
    r"|(?:wo|do|does|did|ca)n'?t|won'?t|wont|dont|doesnt|cant)\b[^.,;!?]{0,30}$"
)
#: Colour films were the exception before this year, the rule after it.
BW_BEFORE = 1960


#: Films in colour asked for: "a horror film from the 1930s in color", "in technicolor",
#: "colour films only" (the words were dropped unsaid). Not "the color of", "colorful".
_IN_COLOUR = re.compile(
    r"\bin\s+(?:full\s+)?(?:techni)?colou?r\b(?!\s+(?:of|scheme|palette|grading|blind)\b)"
    r"|\b(?:techni)?colou?r\s+(?:films?|movies?|ones?|pictures?|stuff)\b"
)
#: A field that records colour ("color", "black_and_white"): then no form is said unrecorded.
_COLOUR_FIELD = re.compile(r"colou?r|black.?(?:and|&).?white|monochrome", re.IGNORECASE)


def records_colour(vocab: Vocabulary) -> bool:
    """Whether the catalog has a field for colour, which the words then go by."""
    return any(_COLOUR_FIELD.search(name) for name in vocab.fields)


def black_and_white(msg: Message, listing: bool) -> str:
    """Whether the message asks for films in black and white, or in colour, which no field
    records: the words are claimed (it searched "black" and "white" and brought Get Out and
    Snow White, and kept "you want black and white" as a taste; "in color" was dropped unsaid),
    and a request for items (``listing``) is bounded to the years before :data:`BW_BEFORE`,
    when most films were black and white, or from it on, unless it names years itself.
    "older" or "colour newer" when it was bounded so, "said" (black and white) or "colour"
    when it was not, else ""."""
    if records_colour(msg.vocab):
        return ""
    found = _claim_unrefused(msg, _BLACK_AND_WHITE)
    colour = not found and _claim_unrefused(msg, _IN_COLOUR)
    year = msg.vocab.year_field
    said = any(e.field == year for e in msg.events) or any(
        isinstance(c, Range) and c.field == year for c in msg.wanted
    )
    if not (found or colour):
        return ""
    if listing and year and not said:
        bound = Range(year, min=BW_BEFORE) if colour else Range(year, max=BW_BEFORE - 1)
        msg.wanted.append(bound)
        return "colour newer" if colour else "older"
    return "colour" if colour else "said"


def _claim_unrefused(msg: Message, pattern: re.Pattern[str]) -> bool:
    """Whether the pattern is said with no refusal before it in its clause; those are claimed."""
    found = False
    for m in pattern.finditer(msg.masked):
        if not msg.free(m.start(), m.end()):
            continue
        clause = msg.bounds[msg.clause(m.start()) - 1] if msg.clause(m.start()) else 0
        if _BW_REFUSED.search(msg.masked, max(clause, m.start() - 40), m.start()):
            continue
        msg.claim(m.start(), m.end())
        found = True
    return found


#: Sound films were the exception before this year, the rule after it.
SILENT_BEFORE = 1930
#: A form no field records, refused: "no silent films", "nothing silent", "she hates silent
#: movies", "not black and white", "they wont watch black and white", "no old b&w stuff".
_FORMS = (
    ("silent", r"\bsilent(?:s\b|\b(?:\s+(?:films?|movies?|ones?|stuff|cinema|pictures?))?)"),
    ("colour", _BLACK_AND_WHITE.pattern),
)
_FORM_REFUSED = rf"\b(?:{cues.NEG_LEAD})(?!\w)(?:\s+(?:{cues.FILLER}|in|old)(?!\w))*\s*$"
_OR = re.compile(r"\s*(?:,|\bor\b|\bnor\b|\band\b)\s*(?:any(?:thing)?\s+)?")
#: The year a refused form's films begin, by form.
_FORM_FROM = {"silent": SILENT_BEFORE, "colour": BW_BEFORE}


def refused_forms(msg: Message) -> tuple[str, ...]:
    """The forms no field records that the message refuses ("no silent films": ``silent``;
    "not black and white": ``colour``), each once; the words are claimed. Read before the eras:
    "no silent films" bounded the years to the silent era, and "not black and white" was words
    to avoid."""
    found: list[str] = []
    said = [
        (m, form)
        for form, pattern in _FORMS
        if form != "colour" or not records_colour(msg.vocab)
        for m in rx(pattern).finditer(msg.masked)
    ]
    end = -1  # where the last refused form ends: "nothing in black and white *or silent*"
    for m, form in sorted(said, key=lambda s: s[0].start()):
        if not msg.free(m.start(), m.end()):
            continue
        clause = msg.bounds[msg.clause(m.start()) - 1] if msg.clause(m.start()) else 0
        lead = rx(_FORM_REFUSED).search(msg.masked, max(clause, m.start() - 40), m.start())
        if lead is not None and msg.free(lead.start(), lead.start() + 1):
            start = lead.start()
        elif end >= 0 and _OR.fullmatch(msg.masked, end, m.start()):
            start = end
        else:
            continue
        msg.claim(start, m.end())
        msg.negations.append((start, m.end()))  # "nothing silent or horror": horror too
        found.append(form)
        end = m.end()
    return tuple(dict.fromkeys(found))


def bound_refused_forms(
    msg: Message, forms: tuple[str, ...], listing: bool
) -> list[tuple[str, str]]:
    """What the catalog goes by for the refused ``forms`` (:func:`refused_forms`): a request
    for items (``listing``) leaves out the years before most films had sound
    (:data:`SILENT_BEFORE`) or colour (:data:`BW_BEFORE`), unless it names years itself. As
    ``(form, "newer")`` when it was bounded so, ``(form, "said")`` when it was not."""
    year = msg.vocab.year_field
    said = any(e.field == year for e in msg.events) or any(
        isinstance(c, Range) and c.field == year for c in msg.wanted
    )
    if not forms:
        return []
    if not listing or not year or said:
        return [(form, "said") for form in forms]
    msg.wanted.append(Range(year, min=max(_FORM_FROM[f] for f in forms)))
    return [(form, "newer") for form in forms]


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
