"""Word lists and cue patterns for reading a chat message: data only, no logic.

Patterns are written for text that :func:`pickwise.agent.understanding.understand` has already
lower-cased and stripped of accents (curly apostrophes become ``'``).
"""

from __future__ import annotations

from pickwise.retrieval.genres import AUDIENCE_THEME_WORDS
from pickwise.retrieval.traits import YEAR_FIELDS

__all__ = [
    "ABOUT_ASPECT",
    "ACCEPT",
    "ACCEPT_ONLY",
    "ACCEPT_POINTED",
    "ADULT_KINDS",
    "AGE",
    "AGE_AFTER",
    "AGE_OF_SOMEONE",
    "ALSO_SIMILAR",
    "ASPECT_STOP",
    "ASPECT_TERMS",
    "BARE_RUNTIME",
    "BETTER_QUESTION",
    "BOT_SEEN",
    "BROAD_KINDS",
    "CAST_FIELDS",
    "CATALOG_EXTREME",
    "CHILD",
    "CHILD_KINDS",
    "CHILD_QUESTION",
    "CHOICE_ASKED",
    "COMMON_WORDS",
    "COMPARE_QUESTION",
    "COMPLAINT",
    "CONTINUING",
    "CORRECTION",
    "COUNTRY_FIELDS",
    "COUNT_ONLY",
    "COUNT_QUESTION",
    "COUNT_WORD",
    "DECADE_WORDS",
    "DESCRIBED_FILM",
    "DIRECTOR_FIELDS",
    "DISLIKE",
    "DURATION",
    "EARLIER_CHOICE",
    "ENGLISH_ONLY",
    "ERAS",
    "FACT_QUESTIONS",
    "FAN_OF",
    "FEELING",
    "FEELINGS_WISHED",
    "FIELD_QUESTIONS",
    "FIELD_WORDS",
    "FILLER",
    "FILM_ASPECT",
    "FILM_REQUEST",
    "FILM_REQUEST_NOT_AFTER",
    "FILM_REQUEST_NOT_BEFORE",
    "FILM_RUNTIME_FIELDS",
    "FORGET_LAST",
    "FOR_ADULTS",
    "FOR_SELF",
    "FOR_SOMEONE",
    "GROUP_SIZE_FIELDS",
    "HAS_QUESTION",
    "HAVE_QUESTION",
    "HEDGE",
    "HOLIDAYS",
    "INTENTS",
    "KIDS_AWAY",
    "KIDS_SAW",
    "KIND_ABOUT",
    "LANGUAGE_NAMES",
    "LANGUAGE_NEG_LEAD",
    "LANGUAGE_ONLY_LEAD",
    "LANGUAGE_ONLY_TAIL",
    "LANGUAGE_SYNONYMS",
    "LENGTH_FIELDS",
    "LESS",
    "LIKE",
    "LIKE_LEAD",
    "LIKE_PERSON",
    "LIKE_PERSON_TAIL",
    "LIST_GAP",
    "MADE_BY",
    "MINOR_WORDS",
    "MOOD_ASPECT",
    "NAME_ASKED",
    "NARROW_GENRE_WORDS",
    "NEG_LEAD",
    "NEG_PHRASE",
    "NEG_PHRASE_STOP",
    "NEG_TAIL",
    "NEUTRAL",
    "NEW_REQUEST",
    "NOT_ENGLISH",
    "NO_SENTIMENT",
    "NUMBER_WORDS",
    "OCCASIONS",
    "OCCASION_MOODS",
    "OFF_TOPIC",
    "OF_THE_LIST",
    "ONLY_LEAD",
    "ONLY_TAIL",
    "ORDINALS",
    "OWN_LIKE",
    "PICK_COUNT",
    "POLITE",
    "PRICE_FIELDS",
    "PROFILE_QUESTION",
    "RATING_QUESTION",
    "RECALL",
    "RECENT",
    "REF_GROUP",
    "REF_ORDINAL",
    "REF_POINTER",
    "REF_PRONOUN",
    "RELAX_FIELD",
    "RELAX_LEAD",
    "RELAX_TAIL",
    "RUNTIME_CONTEXT",
    "RUNTIME_FIELDS",
    "RUNTIME_PAIR",
    "RUNTIME_TAIL",
    "RUNTIME_WORDS",
    "SAME_PERSON",
    "SCARES_EASILY",
    "SEEN",
    "SELF_ORIGIN",
    "SLOT_WORDS",
    "SMALL_TALK",
    "SMALL_TALK_HELLO",
    "SOMEONE_OF_MINE",
    "SOMEONE_WANTS",
    "SOMETHING_ASPECT",
    "STATEMENT_TAIL",
    "STATES",
    "STREAMING_QUESTION",
    "STREAMING_SERVICE",
    "STUDIOS",
    "STUDIO_FIELDS",
    "THANKS",
    "THANKS_OR_BYE",
    "THEIR_LIKE",
    "THEIR_LIKE_PERSON",
    "TIME_WINDOW",
    "TITLE_LIST_LEAD",
    "TOO_NOT_FILM",
    "TOPIC_ASPECT",
    "UNSAID",
    "UNSEEN",
    "UNSEEN_AFTER_ALL",
    "VERSION_QUESTION",
    "WELCOME_BACK",
    "WHAT_ABOUT_ASPECT",
    "WHICH",
    "WITH_ASPECT",
    "YEARISH",
    "YEAR_CONTEXT",
    "YEAR_FIELDS",
    "YEAR_PAIR_GAP",
    "YEAR_RANGE_WORDS",
    "YEAR_TAIL",
    "YES_NO",
    "words",
]


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


#: Everyday English words. A title made only of these ("Up", "Get Out", "The General") is matched
#: only when the text shows it is a title (capitals, quotes, or right after "loved"/"seen"...).
COMMON_WORDS = words(
    """
    a about above across act action actually after again against age ago air alien aliens
    all almost alone along already also always am among an and angel animal another answer
    any anything apartment are area arm army around arrival art as ask at attack autumn away
    baby back bad bag ball band bank bar bay be beach bear beast beautiful beauty because
    bed been before begin behind being believe below best better between big bird birth
    black blind blood blow blue boat body bomb bone book born boss both bottom box boy brain
    brave bread break breathless bridge brief bright bring broken brother brown build burn
    burning bus business but buy by call came camp can captain car card care carry case cat
    catch caught cause center chance change character chase child children choice circle
    city civil class classic clean clear close cloud club cold color come coming company
    control cook cool copy corner could count country couple course court cover crazy crime
    cross crowd cry cut dad dance danger dark date daughter day dead deal dear death decide
    deep desert devil did die different dinner dirty do doctor does dog doing done door
    double down downfall dream dress drink drive driver drop dry during each early earth
    east easy eat edge eight end enemy energy enjoyed enough escape even evening ever every
    everything evil exit eye eyes face fact fall family far farm fast father fear feel
    feeling felt few field fight film films final find fine fire first fish five fly follow
    food fool for force forest forever forget found four free friend friends from front full
    fun funny future game garden general get ghost giant gift girl give glass go god going
    gold golden gone good got grace grand great green ground group grow guess gun guy hair
    half hand happy hard has hate hated have he head heart heat heaven hell hello help her
    here hero hidden high hill him his history hit hold hole holiday home hope horror horse
    hot hotel hour house how human hunt hunter hurt husband i ice idea if illusion in inside
    into iron is island it its job join journey joy judge jump just keep key kid kids kill
    killer kind king kiss kitchen knife know lady lake land large last late lately later
    laugh law lead learn least leave left less let letter liar lie life light lights like
    liked line list little live lives long look looking lord lose loss lost lot love loved
    lovely low luck lucky mad made magic make man many map mark market marriage master match
    matter may maybe me mean meet memory men middle might mind minute miss mission modern
    moment money monster month moon more morning most mother mountain move movie movies much
    murder music must my mystery name nature near need never new news next nice night nine
    no noon nope normal north not nothing now number ocean of off office often oh old on
    once one only open or order other our out outside over own page pain paper parent paris
    park part party pass past path pay peace people perfect person persona picture piece
    place plan planet play point police poor power present pretty prince problem psycho pull
    push queen question quick quiet race rain raw ready real really reason red remember rest
    return rich ride right ring rise river road rock rocky room round rule run running sad
    safe said same save say scary school scream sea second secret see seen sell send set
    seven shadow shall she ship shoot short shot should show side sight silence silent
    simple since sister sit six sky sleep slow small smile snow so soldier some someone
    something son song soon sorry soul sound south space speak special speed spirit spring
    stand star start state stay step still stone stop story strange street strong student
    study such summer sun sure surface sweet table take tale tales talk tall teacher team
    tell ten test than thank that the their them then there these they thing things think
    this those thought three through tide time times to today together told tomorrow tonight
    too top touch tower town train travel tree trip trouble true truth try turn twelve two
    under until up upon us use very village visit voice wait wake walk wall want wanted war
    warm was watch watched watching water way we wedding week weekend well were west what
    when where which while white who whole why wicked wife wild will win wind window winter
    wish with without woman women wonder word work world worst would write wrong year yes
    yesterday yet you young your
    """
)

#: Words that stay lower-case inside a title written in title case.
MINOR_WORDS = words(
    """
    a an and as at but by for from in into nor of on or over per the to upon via vs with
    """
)

#: A word right before a title that shows it is one ("loved up" is still too risky: see titles).
SLOT_WORDS = words(
    """
    adore adored disliked enjoyed hate hated like liked love loved recommend recommended
    rewatched saw seen than watched
    """
)

#: Language names users write that the catalog may spell otherwise.
LANGUAGE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "chinese": ("mandarin", "cantonese", "chinese"),
    "farsi": ("persian",),
    "brazilian": ("portuguese",),
    "mexican": ("spanish",),
    "american": ("english",),
    "british": ("english",),
}

#: Languages people ask for by name, to say so when the catalog has none in it ("anything in
#: finnish?" -> "I have no films in Finnish."); those the catalog has are read from it.
LANGUAGE_NAMES = words(
    """
    afrikaans albanian amharic arabic armenian basque bengali bosnian bulgarian burmese catalan
    cantonese chinese croatian czech danish dutch english estonian farsi filipino finnish french
    georgian german greek gujarati hebrew hindi hungarian icelandic indonesian irish italian
    japanese kazakh khmer korean kurdish lao latvian lithuanian macedonian malay malayalam
    mandarin marathi mongolian nepali norwegian pashto persian polish portuguese punjabi romanian
    russian serbian sinhala slovak slovenian somali spanish swahili swedish tagalog tamil telugu
    thai tibetan turkish ukrainian urdu uzbek vietnamese welsh wolof yiddish yoruba zulu
    """
)

#: People fields whose names read "by ..." (the others, a cast, read "with ..."): who made an
#: item, a film's director, a book's author, a game's designer, a record's artist, a podcast's host
#: (matched at the start of a field name, in this order).
DIRECTOR_FIELDS = (
    "director",
    "filmmaker",
    "creator",
    "author",
    "writer",
    "designer",
    "artist",
    "illustrator",
    "composer",
    "band",
    "host",
)
#: Fields that name a cast.
CAST_FIELDS = ("cast", "actors", "stars", "starring")
#: Fields that name where an item comes from.
COUNTRY_FIELDS = ("country", "countries")
#: Number fields of a price: "cheaper than 10", "under $15".
PRICE_FIELDS = ("price", "cost", "list_price", "price_usd", "price_eur", "msrp")
#: Number fields of how long an item is when it has no runtime: "how long is it?", "the longest".
LENGTH_FIELDS = ("pages", "num_pages", "page_count", "number_of_pages", "words", "word_count")
#: Number fields of a film's length in minutes: "under 90 minutes", "how long is it?".
FILM_RUNTIME_FIELDS = (
    "runtime",
    "duration",
    "length",
    "runtime_minutes",
    "running_time",
    "minutes",
)
#: Number fields of how long other items take, in minutes (a game, a recipe, a podcast episode),
#: read as a runtime is; unlike those above, they do not make a catalog one of films.
RUNTIME_FIELDS = (
    *FILM_RUNTIME_FIELDS,
    "playtime",
    "play_time",
    "playing_time",
    "duration_minutes",
    "total_time",
    "cook_time",
    "cooking_time",
    "time_minutes",
)

#: Pairs of number fields of how many people an item is for (a game's player count): "a 2-player
#: game", "for 8 people", "for two" ask for items whose minimum is at most and whose maximum is
#: at least that many (matched in this order; both fields must be numbers).
GROUP_SIZE_FIELDS = (
    ("min_players", "max_players"),
    ("minplayers", "maxplayers"),
    ("players_min", "players_max"),
    ("min_player_count", "max_player_count"),
    ("min_people", "max_people"),
    ("min_guests", "max_guests"),
    ("min_group_size", "max_group_size"),
)

#: Short taste phrases kept verbatim as aspects (longest phrases are tried first).
ASPECT_TERMS = tuple(
    t.strip()
    for t in [
        "\n    slow-burn",
        " slow burn",
        " feel-good",
        " feel good",
        " light-hearted",
        " lighthearted",
        " lighter",
        " light",
        "\n    darker",
        " dark",
        " funnier",
        " uplifting",
        " heartwarming",
        " heart-warming",
        " wholesome",
        " cozy",
        " cosy",
        "\n    comforting",
        " mind-bending",
        " mind bending",
        " twisty",
        " plot twist",
        " twists",
        " thought-provoking",
        "\n    atmospheric",
        " gritty",
        " violent",
        " gory",
        " gore",
        " violence",
        " bloody",
        " epic",
        " quiet",
        " slow",
        " fast-paced",
        " weird",
        " surreal",
        "\n    quirky",
        " offbeat",
        " sad",
        " tearjerker",
        " tear-jerker",
        " happy ending",
        " melancholic",
        " melancholy",
        " bleak",
        "\n    hopeful",
        " tense",
        " suspenseful",
        " gripping",
        " strong female lead",
        " female lead",
        " female-led",
        "\n    female director",
        " based on a true story",
        " true story",
        " coming-of-age",
        " coming of age",
        "\n    visually stunning",
        " beautiful cinematography",
        " great soundtrack",
        " dialogue-driven",
        "\n    character-driven",
        " nonlinear",
        " non-linear",
        " black and white",
        " black-and-white",
        " silent",
        " classic",
        "\n    old",
        " older",
        " recent",
        " newer",
        " modern",
        " underrated",
        " hidden gem",
        " cult classic",
        " cult",
        " cerebral",
        "\n    short",
        " shorter",
        " long",
        " easy to watch",
        " easy watch",
        " date night",
        " smart",
        " clever",
        " emotional",
        "\n    moving",
        " inspiring",
        " inspirational",
        " satirical",
        " satire",
        " absurd",
        " dreamy",
        " stylish",
        " philosophical",
        "\n    intimate",
        " low-key",
        " nostalgic",
        " fun",
        " lighthearted fun",
        " less intense",
        " more upbeat",
        " upbeat\n    ",
    ]
    if t.strip()
)

# --- sentiment, seen, intents ---------------------------------------------------------------

NO_SENTIMENT = (
    r"\b(?:i'?d|i would|would|we'?d) (?:really )?(?:love|like|enjoy|prefer|hate)\b"
    r"|\b(?:love|like|want) to\b|\bfeel like\b|\blooks? like\b|\bsounds? like\b"
)
UNSEEN = (
    r"\b(?:haven'?t|have not|never|not|didn'?t|did not|not yet|yet to) (?:yet )?"
    r"(?:seen|watched|saw|see|watch)\b|\b(?:want|plan|going|meaning) to (?:see|watch)\b"
    r"|\bon my (?:watch)?list\b"
)
#: An opinion on a title taken back, the title pointed at or named after it: "forget that I've
#: seen it", "scratch that I liked it", "I never said I'd seen that one" (``kind``: the verb).
#: "forget that I've seen it" marked the first pick as seen.
UNSAID = (
    r"\b(?:(?:forget|scratch|undo|take back|ignore|disregard|never ?mind)\s+(?:about\s+)?"
    r"(?:that\s+|the part where\s+)?|(?:never|didn'?t|did not) (?:said|say|tell you|told you)"
    r"\s+(?:that\s+)?)(?:i|we)(?:'ve|'d| have| had)?\s+(?:already\s+|actually\s+|really\s+)?"
    r"(?P<kind>seen|watched|saw|liked|loved|enjoyed|disliked|hated)\b"
)
#: "Seen" taken back with the title pointed at: "I haven't seen it actually", "we didn't watch
#: that one". It takes back a seen said before (the turn checks one was); else it only says so.
UNSEEN_AFTER_ALL = (
    r"\b(?:i|we)\s+(?:haven'?t|have not|hadn'?t|had not|didn'?t|did not|never)\s+(?:actually\s+"
    r"|really\s+|even\s+)?(?:seen|see|watched|watch|saw)\s+(?:it|that|this|them|that one"
    r"|this one)\b"
)
#: A dislike taken back, or a shrug: "I didn't hate it", "Titanic was ok". The title is seen,
#: neither liked nor disliked.
NEUTRAL = (
    r"\b(?:didn'?t|did not|don'?t|do not|never) (?:really |actually |totally |completely )?"
    r"(?:hate|hated|dislike|disliked|mind|minded)\b"
    r"|\b(?:was|it'?s|it is|wasn'?t) (?:just |actually |really |pretty |kind of |kinda )?"
    r"(?:ok|okay|alright|all right|fine|decent|meh|so-so|that bad)\b"
)
DISLIKE = (
    r"\b(?:didn'?t|did not|don'?t|do not|doesn'?t|does not|never) (?:really |much "
    r"|particularly )?(?:like|love|enjoy|care for|get|liked)\b"
    r"|\b(?:wasn'?t|was not|isn'?t|is not|weren'?t|not) (?:really |that |very |a )?"
    r"(?:big |huge )?(?:fan(?: of)?|for me|great|good|funny|my thing|my cup of tea)\b"
    r"|\b(?:couldn'?t|could not|can'?t|cannot) (?:stand|get into|finish|sit through)\b"
    r"|\b(?:hated|hate|disliked|dislike|loathed|loathe|detested)\b"
    # "meh" is no dislike: "meh, seen the first two" noted both as disliked
    r"|\b(?:boring|bored me|dull|overrated|over-rated|awful|terrible|horrible|bad|worst"
    r"|disappointing|disappointed|underwhelming|tedious|annoying|pretentious|mediocre"
    r"|too slow|fell asleep|waste of time)\b"
    # lukewarm on a pick: "meh on 3", "not sold on the second one" (it brought a new list)
    r"|\b(?:meh|lukewarm|not (?:really |so |too )?sold|not (?:really |too )?keen) on\b"
    # the chat's own buttons in words: "thumbs down on the second" (it was searched)
    r"|\bthumbs?[- ]down\b"
)
#: Being into something: "I'm into", "she's really into", "we are big into".
_INTO = (
    r"\b(?:i'?m|i am|we'?re|we are|you'?re|you are|she'?s|she is|he'?s|he is|they'?re|they are"
    r"|(?!(?:who|what|that|it|there|where|how|here)'s)\w+'s) (?:(?:really|also|so|very|big"
    r"|totally|more|mostly|just|quite|huge|super|all) ){0,2}into\b"
)
LIKE = (
    # "I also really like Wes Anderson": two adverbs (it noted nothing)
    r"\bnot bad\b|\b(?:i|we) (?:(?:really|also|absolutely|just|do|did|still|genuinely) ){0,2}"
    r"(?:love|like|enjoy|adore)\b"
    r"|\b(?:loved|liked|enjoyed|adored|love|adore)\b"
    # said of someone else: "she loves Amélie", "my wife likes Heat" (it noted nothing)
    r"|\b(?:loves|likes|enjoys|adores)\b"
    # "I'm into Taxi Driver, Chinatown", "he's really into Alien" (it noted nothing)
    rf"|{_INTO}"
    r"|\b(?:favou?rites?|fave|great|really good|so good|very good|amazing|awesome|brilliant"
    r"|fantastic|excellent|wonderful|masterpiece|incredible|superb|perfect|stunning"
    r"|a (?:big |huge )?fan of|blew me away|moved me|beautiful|gorgeous|hilarious)\b"
    # slang: "that 1st one slaps", "it goes hard", "a banger" (they brought new lists)
    r"|\b(?:slaps|slapped|goes hard|went hard|(?:a |such a |total )?banger|a vibe|hits different"
    r"|(?:is|was) (?:a )?(?:goated|peak|elite|fire|lit))\b"
    r"|\bthumbs?[- ]up\b"  # "thumbs up on the first one" brought a new list, nothing noted
)
_FAN_WORDS = r"(?:(?:a|such a|really|also|so|very|big|huge|massive|super|total|true|long-time)\s+)"
#: What may come between a liking and the name liked: "and" after titles blanked ("I liked
#: Arrival and"), "anything with", "the films of", "those movies by".
_LIKED_PERSON_AFTER = (
    r"(?:[\s,]+(?:(?:and|plus)\b|&)|[\s,]*,)*"  # titles blanked before: "I liked Arrival and"
    r"\s+(?:(?:anything|everything|all|most|pretty much anything|whatever|the|those|his|her"
    r"|their)\s+)*(?:(?:films?|movies?|stuff|work|ones?)\s+)?(?:(?:with|by|from|of|starring"
    r"|featuring|directed by)\s+)?(?:the\s+)?$"
)
#: The user's own liking of a person, right before the name (or its films): "I love", "big
#: fan of", "I'm really into", "I like anything with", "love", "I liked Arrival and" (the
#: title blanked: a person listed with titles liked). A liking said of someone else ("she
#: loves", "my daughter likes") is not the user's; "I'd love something with" asks for now.
LIKE_PERSON = (
    r"(?:\b(?:i|we)\s+(?:(?:really|also|absolutely|just|do|still|genuinely|totally|truly)\s+)"
    r"{0,2}(?:loved?|liked?|adored?|enjoy(?:ed)?|dig)"
    r"|\b(?:i'?m|i am|we'?re|we are)\s+" + _FAN_WORDS + r"{0,3}(?:fan of|into)"
    # said without a subject: "big fan of Wes Anderson", "love Villeneuve"
    r"|(?:^|[.!?;,:\n]|\b(?:and|but|oh|well|honestly|also|plus))\s*(?:"
    + _FAN_WORDS
    + r"{0,3}fan of|(?:really\s+)?(?:loved?|adored?))"
    r"|\bmy (?:all[- ]time )?(?:favou?rite|fave) (?:director|actor|actress|filmmaker"
    r"|writer|author|person)s? (?:is|are|has to be|would be))" + _LIKED_PERSON_AFTER
)
#: The same said of someone else, right before the name: "my son loves", "she's really into",
#: "my wife likes anything with" (:data:`LIKE_PERSON` is the user's own).
THEIR_LIKE_PERSON = (
    r"\b(?:she|he|they|(?:my|our) [a-z-]+(?: [a-z-]+)?)(?:'s|'re| is| are)?\s+"
    r"(?:(?:really|also|just|absolutely|totally|so|still)\s+){0,2}"
    r"(?:loves|likes|enjoys|adores|love|like|into|a (?:big |huge )?fan of|obsessed with)"
    + _LIKED_PERSON_AFTER
)
#: The same after the name, in a clause with no other subject: "Denis Villeneuve is my
#: favourite director", "Wes Anderson is the best".
LIKE_PERSON_TAIL = (
    r"^\s*(?:is|'s|are)\s+(?:(?:my|one of my|our)\s+(?:all[- ]time\s+)?(?:favou?rites?|fave"
    r"|favou?rite \w+)|(?:just\s+)?(?:the best|a genius|brilliant|amazing|great))\b"
)
#: Taking up a pick not yet watched ("the second one sounds great"): neither liked nor seen.
ACCEPT = (
    r"\b(?:sounds?|looks?) (?:really |very |so |pretty )?(?:great|good|interesting|fun|perfect"
    r"|nice|cool|promising|fantastic|amazing|awesome|intriguing)\b"
    # the verbs of other catalogs too: "we'll play it", "I will take the second one"
    r"|\b(?:i|we)(?:'?ll| will) (?:watch|try|check out|go with|take|pick|play|read|listen to"
    r"|cook|make|get|buy|order)\b"
    r"|\b(?:let'?s|(?:i'?m|we'?re) (?:gonna|going to)) (?:watch|try|go with|do|pick|play|read"
    r"|cook|make|get|buy|order)\b"
)
#: A whole message that only takes a pick up: "great, we'll watch the first one, thanks!",
#: "ok we'll go with that". Titles are blank in the text it is matched against.
ACCEPT_ONLY = (
    r"^\W*(?:(?:ok(?:ay)?|great|perfect|cool|nice|awesome|thanks|thank you|sounds good|yes|yeah"
    r"|alright|all right|sure|done|actually|so|then|i think|maybe|lol|haha|lmao|oh|well|hmm"
    r"|right|the \w+ one|that one|this one)\W+)*"  # "the first one, we'll play it"
    r"(?:(?:(?:i|we)(?:'?ll| will)|let'?s|(?:i'?m|we'?re) (?:gonna|going to)) (?:watch|go with"
    r"|take|try|pick|do|play|read|cook|make|get|buy|order)"
    r"(?: (?:it|that(?: one)?|this(?: one)?|the \w+(?: one)?|#\s*\d|number \w+))?"
    # "cool, thats the one. ty!": the pick talked about, taken (it brought a new list)
    r"|(?:(?:that|this|it|the \w+ one)(?:'?s| is| was)|thats|its) (?:the one|it|perfect"
    r"|the winner)(?: (?:then|for (?:me|us|tonight)|i think))?"
    r"|(?:that|this|the \w+) one it is|sold)"
    r"(?:\W+(?:thanks|thank you|thx|ty|tonight|then|great|for tonight|please|bye|goodbye|cheers"
    r"|see (?:you|ya)|cya|later|ttyl|night|good ?night|lol|haha))*\W*$"
)
#: A whole message that takes up the pick pointed at, with a reply word or thanks: "ok that
#: one, thanks!", "yes the second one", "this one thanks" (they brought new lists).
ACCEPT_POINTED = (
    r"^\W*(?:(?:(?:ok(?:ay)?|yes|yeah|yep|great|perfect|cool|nice|sure|alright|all right|fine)"
    r"\W+)+(?:(?:that|this|the \w+) one|that|this)(?: (?:please|then|it is))?"
    r"|(?:that|this|the \w+) one(?=\W+(?:thanks|thank you|thx|ty|cheers)\b))"
    r"(?:\W+(?:thanks|thank you|thx|ty|cheers|please|then|great|bye|goodbye|for tonight))*\W*$"
)
SEEN = (
    r"\b(?:i'?ve|i have|we'?ve|we have|already|just|i|we) (?:already |just |recently )?"
    r"(?:seen|watched|saw|rewatched)\b|\b(?:seen|watched|saw|rewatched|re-watched)\b"
)

#: A count of picks in words or digits (up to 99).
COUNT_WORD = r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten"
#: Words before a count said alone: "actually make it 8", "fewer please, just 2" (it asked
#: anew, dropping what the picks were like).
_COUNT_LEAD = (
    r"ok|okay|so|maybe|hmm|actually|then|no|nah|fewer|less|too many|that'?s too many|please|pls"
)
#: How many picks a message asks for: "just pick one", "give me three comedies", "top 3".
PICK_COUNT = (
    r"\b(?:just |only )?(?:pick|choose|recommend|suggest|give me|name|tell me|need|want)"
    r"(?: me| us)?(?: just| only)? (?P<one>one|a single)(?: (?:film|movie|thing|title|pick))?"
    r"(?! (?:of|like|more|with|from|by|that|which|who)\b)(?=\s*(?:[.,!?;:]|$|for\b|please\b))"
    rf"|\b(?:top |best |exactly |just |only )?(?P<n>{COUNT_WORD}) (?:[\w-]+ ){{0,2}}"
    r"(?:films|movies|picks|options|suggestions|recommendations|titles|ideas|comedies|dramas"
    r"|thrillers|westerns|documentaries|romances|musicals|cartoons|classics)\b"
    rf"|\btop (?P<top>{COUNT_WORD})\b"
    rf"|\b(?P<more>{COUNT_WORD}) more\b(?!\s+(?:than|minutes?|mins?|hours?)\b)"
    # "one more like that" may be "more like that one"
    r"|\b(?P<one3>one) more\b(?!\s+(?:than|minutes?|mins?|hours?|like)\b)"
    # a follow-up: "just one", "only one please", "give me 10", "show me ten"
    r"|^\W*(?:(?:ok|okay|so|maybe|hmm|actually|then)\W+)*(?:just|only) (?P<one2>one)"
    r"(?=\s*(?:[.,!?;:]|$|please\b|pls\b|then\b))"
    rf"|\b(?:give|show|send|list|get) (?:me |us )?(?P<n2>{COUNT_WORD})"
    r"(?=\s*(?:[.,!?;:]|$|please\b|pls\b|of them\b|instead\b|then\b))"
    # "actually make it 8", "just 2 please", "how about 3"
    rf"|^\W*(?:(?:{_COUNT_LEAD})\W+)*(?:make (?:it|that)|just|only"
    rf"|how about|what about) (?P<n3>{COUNT_WORD})"
    r"(?=\s*(?:[.,!?;:]|$|please\b|pls\b|instead\b|then\b|picks?\b|of them\b))"
)

#: A message that only says how many: "actually make it 8", "just 2 please", "3 more".
COUNT_ONLY = (
    rf"^\W*(?:(?:{_COUNT_LEAD})\W+)*(?:make (?:it|that)|just|only"
    rf"|how about|what about|give me|show me)?\s*(?:{COUNT_WORD}|one)(?:\s+(?:more|picks?"
    r"|of them|films|movies|options))?\s*(?:please|pls|instead|then)?\W*$"
)
#: Comparatives in a question about the picks: "which is shorter?", "which one is more short?".
_COMPARATIVE = (
    r"more (?!like\b|of\b|than\b|info\b|details?\b)[a-z]+|less (?!than\b)[a-z]+|shorter|longer"
    r"|older|newer|earlier|later|quicker|funnier|scarier|sadder|darker|lighter|happier|better"
    r"|worse|creepier|weirder|faster|slower|gentler|calmer"
)
#: The picks said as a group: "these", "the three", "his" ("which of his is the longest?" after
#: a director's films brought a new list).
_THESE = (
    r"(?:these|those|them|the \w+|his|hers|theirs|(?:his|her|their) (?:films|movies|ones|works))"
)
#: A question that compares the picks shown: "which one is the funniest?", "which of these is
#: the longest?", "the most recent one?". ``s`` is the quality asked about; ``c`` a comparative
#: ("which one is more short?", "which is older?": they brought new lists); ``k`` a kind
#: ("which of these is a comedy?": it noted "you want comedy" and brought five new films).
WHICH = (
    rf"\bwhich(?: one| film| movie)?(?: of {_THESE})?(?: one)?"
    r"(?: is| was|'s|s| would be| has)? (?:the )?(?P<s>most \w+|least \w+|best|\w+est)\b"
    rf"|\bwhich(?: one| film| movie)?(?: of {_THESE})?(?: one)?"
    rf"(?: is| was|'s|s| would be)? (?P<c>{_COMPARATIVE})\b(?!\s+than\b)"
    r"|\bwhich (?:ones?|films?|movies?|of (?:these|those|them|the \w+))(?: ones?)? (?:is|are|'s"
    r"|was|were) (?:an? )?(?P<k>[a-z][\w-]*)\s*(?:[?.!]|$)"
    r"|^\W*(?:and )?the (?P<s2>most \w+|\w+est)(?: one)?\s*\?"
    # "what's the shortest one", "whats the longest"
    r"|^\W*(?:ok |so |and )?(?:what'?s|whats|what is) the (?P<s4>most \w+|\w+est)"
    r"(?: one| film| movie| of (?:these|those|them))?\W*$"
    r"|\bwhich(?: one)? (?:would|should|do) (?:you|i) (?P<s3>pick|choose|recommend|watch"
    r"|go for|go with|start with)\b"
    # "do any of them have subtitles?", "which ones need subs?" (they brought new lists)
    rf"|\bwhich(?: ones?| films?| movies?)?(?: of {_THESE})?(?: ones?)? (?:have|has|need|needs"
    r"|come with|are|is|would need)(?: got)? (?P<sub>subtitles|subs|subtitled)\b"
    rf"|\b(?:(?:do|does|are|is|will|would) )?any(?: ones?)? of {_THESE}(?: ones?)?"
    r" (?:(?:have|has|need|needs|come with|got|are|is|with)\s+)?"
    r"(?P<sub2>subtitles|subs|subtitled)\b"
    rf"|\b(?:do|are|will|would) (?:they|{_THESE})(?: ones?| all)?"
    r" (?:(?:have|need|come with|be)\s+)?(?P<sub3>subtitles|subs|subtitled)\b"
)

#: Being a fan: "I'm a huge fan of Heat", "a big fan of slow cinema".
FAN_OF = r"\b(?:i'?m |im |i am )?(?:a )?(?:(?:really|very|such a|so) )?(?:big |huge )?fan of\b"

#: Where a list of titles may follow ("my favourites are Heat, Zodiac and Se7en", "I loved
#: ..."): names there that are no catalog title, person or genre are titles the catalog lacks.
TITLE_LIST_LEAD = (
    r"\b(?:my )?(?:all[- ]time )?favou?rites?(?: films?| movies?)? (?:are|include|would be|:)"
    r"|\bi (?:really |absolutely |also )?(?:loved|liked|love|like|adore|adored|enjoyed|hated"
    r"|disliked)\b|\b(?:loved|liked|enjoyed|hated|loves|likes|enjoys|adores)\b"
    rf"|\b(?:have you seen|seen|watched)\b|{_INTO}"
    rf"|{FAN_OF}"
)

#: What leads to a film a request is like: "something like John Wick", "in the vein of Heat".
LIKE_LEAD = (
    r"\b(?:something|anything|stuff|films?|movies?|more|ones?|others?) (?:like|similar to)\b"
    r"|\bsimilar to\b|\bin the (?:vein|style|spirit) of\b|\balong the lines of\b"
)

#: Questions about facts a catalog seldom has: an age rating or score ("what's it rated?",
#: "is it rated R?"), and where to watch ("where can I stream the first one?").
_PICK = r"(?:it|that|this|the \w+ one|\s+)"  # a pick pointed at, or a title blanked out
RATING_QUESTION = (
    rf"\bwhat(?:'s| is| was) {_PICK} rated\b|\bhow (?:is|was) {_PICK} rated\b"
    rf"|\b(?:(?:is|was) {_PICK} )?rated (?:r|pg(?:-?13)?|g|nc-?17|18|15|12a?)\b"
    r"|\b(?:age|mpaa|content|imdb|critics'?) (?:rating|score)s?\b"
    r"|\bwhat(?:'s| is) (?:the|its) (?:rating|score|certificate)\b|\brotten tomatoes\b"
)
#: Streaming services people name: "is it on Netflix?", "can I stream it on Disney+?".
STREAMING_SERVICE = (
    r"(?:netflix|(?:amazon )?prime(?: video)?|amazon|disney ?(?:\+|plus)|disney|hulu"
    r"|hbo(?: ?max)?|max|apple ?tv ?\+?|apple|paramount ?(?:\+|plus)?|peacock|mubi|youtube"
    r"|criterion channel|crunchyroll|tubi|kanopy|plex|now ?tv|sky)"
)
STREAMING_QUESTION = (
    r"\bwhere (?:can|could|do|should|would) (?:i|we|you|one) (?:stream|watch|rent|buy|find|get"
    rf"|see) {_PICK}|\b(?:is|was) {_PICK} (?:on|streaming on|available on|available to stream)\b"
    rf"|\bwhere (?:is|does) {_PICK} (?:stream|streaming|play|playing|available)\b"
    # "can I stream it on Disney+?" (it brought a list), "is the first one streaming anywhere?"
    rf"|\b(?:can|could|do|should|would) (?:i|we|you|one) (?:stream|watch|rent|buy|find|get|see)"
    rf" {_PICK} (?:on|at|from|via|through|with) {STREAMING_SERVICE}(?![\w+])"
    rf"|\b(?:is|was|are) {_PICK} (?:streaming|available)(?: anywhere| online| to stream|\s*\?)"
    rf"|\b(?:is|was|are) {_PICK} (?:on|in) {STREAMING_SERVICE}(?![\w+])"
    rf"|\b(?:can|could) (?:i|we|you) (?:stream|rent|buy) (?:it|that|this|the \w+ one)\b"
)

#: A cut or version asked about: "is the 2nd one the director's cut?", "is it the extended
#: edition?" (it answered who directed it).
VERSION_QUESTION = (
    r"\b(?:director'?s|directors|extended|theatrical|final|uncut|unrated|original|special"
    r"|remastered|restored|international|ultimate|anniversary|collector'?s) (?:cut|edition"
    r"|version|release)s?\b|\b(?:which|what) (?:cut|edition|version)\b|\bremaster(?:ed)?\b"
    r"|\b(?:is|was) (?:it|that|this|the \w+ one) (?:cut|edited|censored|uncut|restored)\b"
)

#: (intent, pattern) in priority order; the first that matches wins (see understand).

#: A yes-or-no question about an item: "is it scary?", "is the first one in English?", "was
#: Parasite a hit?" (a title is blanked out of the text the patterns read).
#: "does the second one have zombies?", "has the first one got subtitles?": what a pick has.
HAS_QUESTION = (
    r"\b(?:does|did|has|have)\s+(?:it|that(?: one)?|this(?: one)?|the \w+(?: one)?|#\s*\d+|\s{3,})"
    r"\s+(?:have|got|has|feature|include|show|contain)\s+(?:any\s+|a\s+|an\s+|much\s+)?"
    r"(?P<has>[a-z][\w'-]*(?: [a-z][\w'-]*)?)"
)
YES_NO = (
    # "the number 2 is in english?": a pick, then what is asked of it, and "?" (it added a
    # lasting "in English" and brought a new list)
    r"(?:^\W*(?:so |and |but |ok |okay )?|[.?!,;]\s*)(?:the \w+ one|the (?:first|second|third"
    r"|fourth|fifth|last)|(?:the )?#\s*\d+|(?:the )?number \w+|that one|this one)\s+(?:is|was)\s+"
    r"(?:(?!\b(?:and|but|so)\b)[^.?!,;]){1,40}\?"
    r"|(?:^\W*(?:so |and |but |ok |okay )?|[.?!,;]\s*)(?:is|was|isn'?t|wasn'?t)\s+(?:it|that|this"
    r"|that one|this one|the \w+ one|the (?:first|second|third|fourth|fifth|last)|#\s*\d+"
    r"|number \w+|\s{3,})(?=[\s?.!,]|$)(?!\s*(?:(?:ok|okay|fine|alright|all right)(?! for)"
    r"|possible|too much|just me|me)\b)"
    # "is there violence in the second one?", "is there any romance in it?"
    r"|\b(?:is|are) there (?:any |much |a lot of |lots of |a )?[\w-]+(?: [\w-]+)? in (?:it|that"
    r"|this|that one|this one|the \w+ one|the (?:first|second|third|fourth|fifth|last)|#\s*\d+"
    r"|number \w+|\s{3,})(?=[\s?.!,]|$)"
)

#: Whether the catalog has a title: "do you have Heat?", "is Heat in your catalog?", "have
#: you got the godfather part 2" (they brought lists).
HAVE_QUESTION = (
    r"\b(?:do|does) (?:you|u|the catalog(?:ue)?|your catalog(?:ue)?|pickwise) (?:have|carry|stock"
    r"|include|contain)\b|(?<!else )(?<!more )\bhave (?:you|u) got\b|^\W*(?:you|u) got\b"
    r"|^\W*(?:got|any chance you have)\b"
    r"|\b(?:is|are)\s.{0,60}?\b(?:in|on) (?:your|the) (?:catalog(?:ue)?|collection|library|list"
    r"|database)\b"
)
#: How many items the catalog has of a kind: "how many Kubrick films do you have?", "how many
#: horror movies are there?".
COUNT_QUESTION = (
    r"\bhow many\b(?!\s+(?:minutes?|mins?|hours?|times?|years?|pages?)\b)(?:(?:\s+[\w'-]+){0,4}?"
    r"\s+(?:films?|movies?|titles?|items?|books?|ones?|of (?:them|these|those))\b"
    r"|[^?.!]{0,60}?\b(?:do you have"
    r"|have you got|are there|you got|in (?:the|your) catalog(?:ue)?)\b)"
)
#: A superlative asked of the whole catalog: "what's the oldest film you have?", "your newest
#: movie?", "the longest film in your catalog" (they brought lists).
CATALOG_EXTREME = (
    r"\b(?:the|your)\s+(?P<q>oldest|newest|latest|most recent|longest|shortest|earliest"
    r"|cheapest|most expensive)\s+(?:films?|movies?|titles?|items?|books?|ones?)?\b"
    r"(?=(?P<scope>[^?.!]*?\b(?:you have|you'?ve got|you got|do you have|in (?:the|your)"
    r" (?:catalog(?:ue)?|collection|library)|of (?:all|them all|everything)|ever)\b)|\s*\?*\s*$)"
)
#: What the profile says of a title: "have I seen Arrival?", "did I like Heat?".
PROFILE_QUESTION = (
    r"^\W*(?:have|did|do) (?:i|we) (?:already |ever |actually )?(?:seen|watched|see|watch|like"
    r"|liked|love|loved|hate|hated|dislike|disliked|rate|rated|tell you about|mention)\b(?=[^?]*\?)"
)
#: A question about pickwise's own viewing: "have you seen Arrival?", "how many times have you
#: seen it?" (they noted the film as seen by the user). "have you seen any good horror films?"
#: asks for films.
BOT_SEEN = (
    r"\b(?:have|did|had|do) you (?:ever |already |actually |even |also |really )*(?:seen|watched"
    r"|saw|see|watch|rewatched)\b(?!\s+(?:any|anything|something|some|many|a good|good|more)\b)"
    r"|\bhow (?:many times|often) (?:have|did|do|had) you\b"
    r"|^\W*(?:you|ya|u) (?:ever )?(?:seen|watched)\b(?=[^?]*\?)"
)
#: A whole message of greetings, thanks or goodbyes: "hi!", "thanks, bye", "ok thank you".
_HELLO = (
    r"(?:(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening))(?: there| again)?"
    r"|(?:i'?m|we'?re|i am|we are) back|back again|(?:it'?s|its) (?:me|us)(?: again)?)"
    # "hi, it's me again from last night" (it brought a list)
    r"(?: from (?:last night|yesterday|before|earlier|last time|the other day|last week))?"
)
_THANKS = (
    r"(?:thanks?(?: you)?|thx|ty|cheers|much appreciated|appreciate it|gracias|merci|danke"
    r"|grazie|obrigad[oa])(?: (?:so|very) much| a lot| again| a bunch| a million)?"
    r"(?: for (?:the|your|all the) (?:help|picks|tips|suggestions|recommendations))?"
)
_BYE = (
    r"(?:bye|goodbye|bye bye|see (?:you|ya)(?: later)?|good ?night|that'?s all|nothing else"
    r"|later)"
)
_PLEASANT = (
    r"(?:ok|okay|k|kk|okie|oki|okey|great|perfect|cool|awesome|nice|sounds good|got it|will do"
    r"|lovely|sure|lol|haha|yes+|yeah|yep|yup|yay"  # "yes!!" after a list brought five more
    r"|alright|all right|(?:that'?s|thats|this is|these are|those are|you'?re)"
    r" (?:so |very |really )?(?:great|perfect|awesome|lovely|brilliant|amazing|helpful"
    r"|very helpful|the best|a star|sweet|kind|nice|cool))"
)
#: How the user feels, said in passing: "i feel a bit better" (it brought a list).
FEELING = (
    r"(?:(?:i|we) feel|(?:i'?m|i am|we'?re|we are)(?: feeling)?) (?:a (?:bit|little|lot)"
    r" |much |so much |way |already |really |now )?(?:better|good|great|fine|ok|okay|happier)"
    r"(?: now| already| thanks to you)?"
)
SMALL_TALK = (
    rf"^\W*(?:(?:{_HELLO}|{_THANKS}|{_BYE}|{_PLEASANT}|{FEELING})(?:\s+pickwise)?[\s,.!;:)]*)+"
    r"(?<=[\s,.!;:)a-z])$"
)
#: Something else than films: "what's the weather like tomorrow?", "can you order me a pizza?",
#: "can you recommend a book instead?".
OFF_TOPIC = (
    r"\b(?:weather|forecast|what time is it|the time now|pizza|order (?:me )?(?:food|dinner"
    r"|a taxi|an uber)|book (?:me )?a (?:table|flight|ticket|hotel|taxi)|stock (?:price|market)"
    r"|news today|recipe for|(?:recommend|suggest) (?:me )?(?:a |some |any )?(?:books?|novels?"
    r"|songs?|albums?|podcasts?|video ?games?|restaurants?|tv shows?|series))\b"
    # "write me a poem about popcorn", "tell me a joke" (they brought lists)
    r"|\b(?:write|compose|make up|draft)(?: me| us)? (?:a |an |some |another |the )?(?:[a-z-]+ )?"
    r"(?:poems?|haikus?|limericks?|songs?|lyrics|essays?|stor(?:y|ies)|jokes?"
    r"|code|programs?|scripts?|e-?mails?|letters?|speech|raps?|sonnets?)\b"
    r"|\btell (?:me |us )?(?:a |another |some )?(?:funny |good )?jokes?\b"
    r"|\b(?:tv|television|netflix|hbo) (?:series|shows?)\b|\b(?:sitcoms?|miniseries|k-?dramas?)\b"
    r"(?!\s+(?:films?|movies?|adaptations?))"
)
#: Asking pickwise's own taste, as the whole message: "what's your favorite movie?", "do you
#: like films?" (they brought lists). "What's your favorite horror movie?" asks for one.
_LEAD_IN = r"^\W*(?:so |and |but |ok |okay |hey |hi )?"
BOT_FAVOURITE = (
    rf"{_LEAD_IN}(?:what(?:'s| is| are|s)|which (?:is|are)) (?:your|ur)"
    r" (?:all[- ]time |personal |own |absolute |very )?fav(?:ou?rites?|es?|s)?"
    r"(?: (?:movies?|films?|ones?|picks?))?(?: of all time| ever)?\W*$"
    rf"|{_LEAD_IN}do you (?:even |actually |really )?(?:like|love|enjoy|watch) (?:movies|films)\W*$"
    rf"|{_LEAD_IN}do you have (?:a |any )?fav(?:ou?rites?|es?|s)?(?: (?:movies?|films?))?\W*$"
)
#: Asking what pickwise is or how to use it, as the whole message: "what can you do?", "help",
#: "how does this work?", "hi, who are you?" (they brought lists). "help me find a thriller"
#: asks for films.
HELP = (
    rf"^\W*(?:{_HELLO}[\s,.!]*)?(?:(?:please\s+)?help(?: me)?(?: please)?(?: out)?"
    r"|(?:so |ok |okay )?what (?:can|do|could) you (?:do|help (?:me |us )?with)"
    r"|what (?:can|should|do) (?:i|we) (?:say|ask|type|tell you|ask you|do here)"
    r"|what (?:kind|sort)s? of (?:things|stuff|questions) (?:can|should|do) (?:i|we) (?:ask|say)"
    r"(?: you)?"
    r"|how (?:does|do) (?:this|it|you|pickwise)(?: (?:thing|app|bot))? work"
    r"|how (?:do|can|should) (?:i|we) use (?:this|you|it|pickwise)(?: (?:thing|app|bot))?"
    r"|(?:what|who) (?:are|r) (?:you|u)|what is (?:this|pickwise)(?: (?:thing|app|bot))?"
    r"|what are (?:your|the) (?:commands|features))(?:\s+pickwise)?[\s?!.]*$"
)
#: Thanks or goodbye (in a small-talk message): answered "you're welcome", not "hi".
THANKS_OR_BYE = rf"\b(?:{_THANKS}|{_BYE})\b"
#: Thanks said: "thanks", "gracias".
THANKS = rf"\b{_THANKS}\b"
SMALL_TALK_HELLO = rf"\b{_HELLO}\b"
_PICKS_SAID = r"(?:picks?|recommendations?|recs|suggestions?|films?|movies?|titles?|list|options)"
#: Asking what was recommended before: "what did you recommend me last time?", "what were
#: those films again?", "remind me of your last picks" (they brought new lists).
RECALL = (
    r"\bwhat (?:did|have|had) you (?:just |already )?(?:recommend|suggest|show|pick|propose|give)"
    r"(?:ed)?\b(?! (?:for|about|by|with|like)\b)"
    rf"|\bwhat (?:were|was) (?:the|your|my|those|that|them)(?: last| previous| earlier| other)?"
    rf"(?: {_PICKS_SAID})?(?: (?:again|you (?:recommended|suggested|showed|picked|gave)"
    r"|from (?:last time|yesterday|last night|before)))\b"
    rf"|\b(?:remind me (?:of )?|show me again |repeat |what are )(?:the|your|my|those)"
    rf"(?: last| previous| earlier)? {_PICKS_SAID}\b(?! (?:about|like|with|by|for)\b)"
    rf"|\b(?:the|your|my) (?:last|previous) {_PICKS_SAID}\s*\?"
)
_BEFORE = (
    r"(?:yesterday|last (?:time|night|week|weekend)|the other (?:day|night)|the last time"
    r"|before|earlier|previously)"
)
_ONE = r"(?:one|film|movie|pick|title|book|item)"
#: The pick of an earlier conversation, pointed at: "the one you suggested yesterday", "the
#: film I watched last time", "the movie from last night" (read as the pick the user took up).
EARLIER_CHOICE = (
    rf"\b(?:the|that|your) {_ONE}(?: (?:that|which))? (?:you|i|we)(?: \w+)? (?:suggested"
    r"|recommended|showed|gave|picked|chose|watched|saw|went with|took|settled on)"
    rf"(?: (?:me|us|for (?:me|us)))? {_BEFORE}\b"
    rf"|\b(?:the|that|your) {_ONE} from {_BEFORE}\b"
)
#: Asking which pick they took up: "what did I pick yesterday?", "which one did we choose?".
CHOICE_ASKED = (
    r"\b(?:what|which(?: one| film| movie)?) (?:did|have) (?:i|we) (?:end up |finally |just )?"
    r"(?:pick(?:ed)?|choose|chose|chosen|select(?:ed)?|go (?:for|with)|gone (?:for|with)"
    r"|decide(?:d)? on|settle(?:d)? on|take|taken|watch(?:ed)?)\b(?! (?:for|about|by|with|like)\b)"
)
#: Asking the name of the film talked about: "what was it called again?", "what's its name?".
NAME_ASKED = (
    r"\bwhat(?:'s| is| was)? (?:it|that|that one|this one|the (?:film|movie|one)|that (?:film"
    r"|movie)) (?:called|named)\b"
    r"|\bwhat(?:'s| is| was) (?:its|it'?s|the|that) (?:name|title)(?: of (?:it|that(?: one| film"
    r"| movie)?))?(?: again)?\s*(?:[?.!]|$)"
)
#: A greeting from someone back ("hi, it's me again from last night"): what is remembered is
#: said back.
WELCOME_BACK = (
    r"\b(?:again|back|remember me|from (?:last night|yesterday|before|earlier|last time"
    r"|the other day|last week))\b"
)
INTENTS: tuple[tuple[str, str], ...] = (
    ("small_talk", SMALL_TALK),
    ("small_talk", BOT_FAVOURITE),
    ("help", HELP),
    ("off_topic", OFF_TOPIC),
    (
        "reset_profile",
        r"\b(?:forget|clear|wipe|erase|delete|reset)\s+(?:absolutely\s+)?(?:everything|it all"
        r"|all of (?:it|that|this)|all (?:my|about me)|my (?:profile|preferences|history|data|taste"
        r"|tastes|likes))\b|\breset\b|\bstart (?:over|again|from scratch|fresh)\b|\bfresh start\b"
        r"|\bclean slate\b",
    ),
    (
        "remove",
        r"\b(?:forget|remove|delete|drop|erase|undo|take back|scratch|unlike|never ?mind|nvm"
        r"|cancel|lift)\b"
        # "I never said I liked Chungking Express" (it noted a like)
        r"|\b(?:never|didn'?t|did not) (?:said|say|tell you|told you) (?:that )?(?:i|we)\b",
    ),
    (
        "show_profile",
        r"\bwhat do you (?:know|remember|think you know) about (?:me|us)\b|\bwhat (?:have|did) you "
        r"learn(?:ed|t)?\b|\b(?:show|tell|give)(?: me)?(?: me)? my (?:profile|preferences|taste"
        r"|tastes|likes)\b|\bwhat(?:'s| is| are) my (?:profile|preferences|taste|tastes)\b"
        r"|\bwhat do i (?:like|enjoy)\b|\bmy profile\b|\bwhat do you have on me\b"
        r"|\bsummari[sz]e my\b|\bwhat do you know about my\b"
        r"|\bwhat do you (?:still )?remember\s*(?:[?.!]|$)|\bdo you (?:still )?remember me\b",
    ),
    ("recall", RECALL),
    ("which", WHICH),
    (
        "why",
        r"^\W*why\b(?!\s+not\b)|\bwhy (?:did|do|would|is|was|that|this|the|it|#|number|those"
        r"|these|you|recommend|pick|choose|suggest)\b|\bhow come\b|\bexplain\b"
        r"|\bwhat makes (?:it|that|this|you)\b|\breasons? (?:for|why|behind)\b",
    ),
    (
        "about",
        rf"{HAVE_QUESTION}|{PROFILE_QUESTION}|{BOT_SEEN}|{COUNT_QUESTION}"
        rf"|{YES_NO}|\bwhat(?:'s| is| was) the (?:runtime|running time|length|language|genre"
        r"|director|year|release year|release date|cast|country|plot|story)\b(?= of\b)"
        r"|\btell me (?:a (?:bit|little) )?(?:more )?about\b(?! (?:me|myself|my|yourself)\b)"
        r"|\bwhat(?:'s| is| was) (?:it|that|this|the \w+ one|\s+) about\b"
        r"|\bwho (?:directed|made|wrote|is in|'s in|was in|stars in|starred in|acts in|plays in)\b"
        r"|\bwho(?:'s|s| is| was) in\b|\bhow long\b(?! (?:ago|have|has|do|did|will)\b)"
        r"|\bhow many minutes\b"
        r"|\bwhats? (?:it|that|this|the \w+ one|that one|this one) about\b"
        r"|\bwhat(?:'s| is| was) (?:that|this) (?:one|film|movie) about\b"
        r"|\bwho else(?:'s| is)? in\b"
        rf"|{HAS_QUESTION}"
        r"|\bwho(?:'s| is) (?:the director|in it|in that|in this)\b|\bhow long is\b"
        r"|\bwhen (?:was|did) (?:it|that|this|the \w+ one|\s+) (?:made|released|come out|out)\b"
        r"|\bwhen (?:is|was) (?:it|that|this|the \w+ one|\s+) from\b"
        r"|\bwhat year (?:is|was) (?:it|that|this|the \w+ one|\s+)(?=\s*(?:[.,!?;:]|$|from\b))"
        r"|\bmore (?:info|information|details) (?:on|about)\b"
        r"|\bwhat (?:language|genre|country)\b(?= (?:is|was) (?:(?:it|that|this|the \w+ one)\b"
        r"|\s+))"
        r"|\bwhere (?:is|was) (?:it|that|this|the \w+ one) (?:from|made)\b"
        rf"|{RATING_QUESTION}|{STREAMING_QUESTION}"
        # "what about the third one?", "and the first?": the whole message points at a pick
        r"|^\W*(?:and|(?:and )?(?:what|how) about) (?:it|that one|this one|the (?:first|second"
        r"|third|fourth|fifth|last|other)(?: one)?|#\s*\d|number \w+)\W*$",
    ),
    (
        "not_that",
        r"\bnot (?:that|this|the \w+|#\s*\d+|number \w+)(?: one)?\s*(?:[.,!;]|$|please|i'|i've"
        r"|i have|seen|already)|\bnot (?:that|this) one\b|\bskip (?:that|this|the \w+)(?: one)?\b"
        r"|\b(?:hard )?pass on (?:that|this|it|the \w+(?: one)?|#\s*\d+|[1-9])\b"
        r"|\bnot interested in (?:that|this|it)\b",
    ),
    (
        "more_like",
        r"\bmore (?:like|of)\b|\bsimilar (?:to|vibe)\b|\b(?:something|anything|somethin|anythin"
        r"|stuff|films?"
        r"|movies?|ones?|more|others?) (?:like|similar to)\b|\bin the (?:vein|spirit|style) of\b"
        r"|\balong the lines of\b|\bsame (?:vibe|feel|mood|energy|kind|style) as\b"
        # not "I didn't like the first one" (it brought more like the film disliked)
        r"|(?<!n't )(?<!not )(?<!dont )(?<!didnt )(?<!doesnt )(?<!never )"
        r"\blike (?:that|this|the \w+) one\b|\bmore in that vein\b"
        # "something less violent than Alien", "not as dark as the 2nd one": like that film
        r"|\b(?:less|not (?:quite |nearly )?(?:as|so)) [a-z][a-z'-]* (?:than|as)"
        r"(?= {2,}(?:\S|$)| (?:it|that|this|the \w+ one|that one|this one)\b)"
        # "Like Inception but shorter": a message led by "like" and a title (blanked here)
        r"|^\W*(?:(?:ok|okay|so|hmm+|maybe|well)\W+)?like {2,}(?=\S)"
        r"|\b(?:something|anything|some|any|more|others?|films?|movies?|ones?) similar\b"
        r"(?! (?:to|vibe)\b)|\bsimilar (?:ones|films|movies|stuff|picks)\b"
        # "what else is like that but shorter" asked for other options, like nothing
        r"|\b(?:what|something|anything) else (?:is |that'?s |would be )?(?:like|similar to)\b",
    ),
    (
        "something_else",
        r"\bsomething else\b|\banything else\b|\bwhat else\b|\bother (?:options|suggestions"
        r"|picks|ones|films|movies|recommendations|choices|titles)\b"
        r"|\b(?:show|give|got)(?: me)? (?:some )?more\b"
        r"|\bmore (?:options|suggestions|picks|recommendations|please|ideas)\b|\bdifferent (?:ones"
        r"|options|picks|suggestions)\b|\bsomething different\b|\banother (?:one|option"
        r"|suggestion|pick)\b|\btry again\b"
        # "another" alone repeated the last list (it read as the last request again)
        r"|^\W*(?:next|more|others|another)(?: (?:please|pls|list|batch|round))?\W*$"
        r"|\bnext (?:one|please)\b"
        r"|\bnone of (?:these|those|them)\b|\bnot (?:these|those)\b"
        # "you already showed me that one": others, for the same request (it was searched as
        # words, "its description mentions already", and the request was dropped)
        r"|\byou(?:'?ve| have)? (?:already|just) (?:showed|shown|gave|given|suggested|recommended)"
        r"(?: me| us)? (?:that|this|these|those|it|them)(?: ones?)?\b"
        r"|\byou(?:'?ve| have)? (?:showed|shown|gave|given|suggested|recommended)(?: me| us)?"
        r" (?:that|this|these|those|it|them)(?: ones?)? (?:already|before|earlier)\b",
    ),
)

#: Genre words narrower than the genre they lift ("slashers" lift horror). Refused, they are what
#: to avoid, not a filter: "horror but not slashers" must not rule out all horror.
NARROW_GENRE_WORDS = words("slasher slashers anime whodunit whodunits")

#: A change of mind said before the request it brings: "no wait, a comedy", "no actually a
#: thriller", "nope, scratch that". The "no" refuses nothing (it noted "you'd rather avoid wait",
#: and "no actually a thriller" ruled thrillers out).
CORRECTION = (
    r"\b(?:no+|nope|nah)\b[\s,.!-]*(?:(?:wait|hmm+|hold on|hang on|scratch that|sorry|um+|uh+"
    r"|oh|actually|i mean|i meant|on second thoughts?)\b[\s,.!-]*)+"
)
#: Taking back the last request with no object, at the start of a message: "forget that",
#: "actually scratch that, a heist movie", "nvm that". Not "forget that film, it was awful" nor
#: "forget that I liked Arrival", whose "that" has an object.
FORGET_LAST = (
    r"^\W*(?:(?:no+|nope|nah|oh|ok(?:ay)?|hmm+|um+|uh+|wait|sorry|actually|well|so|hold on"
    r"|hang on)\b\W*)*(?:forget|scratch|never ?mind|nvm|cancel|undo|ignore)\s+(?:about\s+)?"
    r"(?:that|this)(?=\s*(?:[.,;:!?-]|$|\b(?:and|but|instead|then|now|just|rather|how about"
    r"|what about|give me|show me|i'?d rather|i want|let'?s)\b))\W*"
)
#: A request asked anew ("I want a comedy", "what's the best film about space?", "no, I meant a
#: comedy"). With a subject of its own, no title named and no :data:`CONTINUING` cue, such a turn
#: starts a new topic: the earlier turns stop steering retrieval.
NEW_REQUEST = (
    r"\b(?:recommend|suggest|i (?:want|need)|i(?:'d| would) (?:like|love)|(?:looking|searching)"
    r" for|in the mood for|(?:show|give|find|get) (?:me|us)|what(?:'s| is| are) (?:a |an |some"
    r" |the )?(?:good|best|great)|films?|movies?|i meant|instead|rather|actually|now|switch"
    r"|change of (?:plan|pace|topic))\b"
    rf"|{CORRECTION}"
)
#: Words that build on the earlier turns ("something lighter", "also with a twist", "another
#: one like that"): a turn with one of them refines the topic, it does not start a new one.
CONTINUING = (
    r"\btoo(?=\s*(?:[.,!?;]|$))"  # "something funny too", not "not too scary"
    r"|\b(?:a|an|some|any)\s+(?:[\w-]+\s+)?ones?\b"  # "westerns", then "a funny one"
    r"|\b(?:also|as well|especially|preferably|ideally|more|less|another|again|still"
    r"|similar|same|else|other|this time|like (?:that|this|those|these|it|them)|lighter|darker"
    r"|funnier|scarier|sadder|happier|shorter|longer|newer|older|slower|faster|calmer"
    r"|gentler|weirder|smarter|simpler)\b"
    # a fragment that completes the request: "a good documentary", then "about music" (it
    # asked for music films instead: The Sound of Music)
    r"|^\W*(?:and\s+|but\s+)?(?:about|involving|featuring|set in)\b"
)

# --- references to the last picks -------------------------------------------------------------

#: Position words for "the second one", "#2", "the last one" (-1: last, -2: middle).
ORDINALS: dict[str, int] = {
    "first": 0, "1st": 0, "one": 0, "second": 1, "2nd": 1, "two": 1, "third": 2, "3rd": 2,
    "three": 2, "fourth": 3, "4th": 3, "four": 3, "fifth": 4, "5th": 4, "five": 4, "sixth": 5,
    "6th": 5, "six": 5, "seventh": 6, "7th": 6, "seven": 6, "eighth": 7, "8th": 7, "eight": 7,
    "ninth": 8, "9th": 8, "nine": 8, "tenth": 9, "10th": 9, "ten": 9, "last": -1, "final": -1,
    "latter": -1, "middle": -2,
    # common misspellings ("the secnd one, how long" answered about the first pick)
    "frist": 0, "secnd": 1, "scond": 1, "seccond": 1, "thrid": 2, "thrd": 2, "forth": 3,
    "fouth": 3, "fith": 4, "fifht": 4, "lst": -1,
}  # fmt: skip
_ORDINAL = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|4th" \
    r"|5th|6th|7th|8th|9th|10th|last|final|latter|middle" \
    r"|frist|secnd|scond|seccond|thrid|thrd|forth|fouth|fith|fifht|lst"  # fmt: skip
_REF_NOUN = r"one|film|movie|pick|option|suggestion|recommendation|title|choice|entry"
REF_ORDINAL = (
    rf"\b(?:the\s+)?(?P<a>{_ORDINAL})\s+(?:{_REF_NOUN})s?\b"
    rf"|\bthe\s+(?P<b>{_ORDINAL})\b(?=\s*(?:[.,!?;:)]|$|and\b|or\b|but\b|please\b|was\b|is\b"
    # a score given to it: "gave the 3rd a 7", "the 2nd 4/10"
    r"|an?\s+\d|\d{1,2}(?:\.\d)?\s*(?:/|out of\b|stars?\b)))"
    r"|(?:#\s*|\bno\.\s*|\bnumber\s+|\bnum\.?\s*|\boption\s+|\bpick\s+|\bnr\.?\s*)"
    r"(?P<c>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    # "meh on 3", "pass on 2": a digit alone after an opinion's "on"
    r"|(?:(?<=\bmeh on )|(?<=\bpass on )|(?<=\bsold on )|(?<=\bkeen on )|(?<=\blukewarm on ))"
    r"(?P<d>[1-9])(?=\s*(?:[.,!?;:)]|$|please\b|tho\b|though\b))"
)
#: "the first two", "the last three ones": several of the last picks at once.
REF_GROUP = (
    r"\b(?:the )?(?P<side>first|last|top) (?P<n>two|three|four|2|3|4)"
    r"(?: (?:ones|films|movies|picks|of them|of those|of these))?\b"
)
#: "that one", "this film": the title just named, else the first of the last picks.
REF_POINTER = (
    rf"\b(?:that|this)\s+(?:{_REF_NOUN})\b"
    r"|\bthe one you (?:just )?(?:picked|suggested|recommended|chose|mentioned)\b"
)
#: A bare pronoun right after a verb or intent word: "why that?", "seen it", "loved them".
REF_PRONOUN = (
    r"\b(?:why|not|like|about|pick|picked|recommend|recommended|choose|chose|suggest|suggested"
    r"|seen|watched|saw|loved|liked|hated|disliked|enjoyed|love|hate|gave|give|rated|rate)\s+"
    r"(?:(?:all|both|each|every one) (?:of )?)?(?P<p>it|that|this|them|these|those)\b"
    r"(?=\s*(?:[.,!?;:)]|$|one\b|please\b|again\b|already\b|too\b|either\b|i\b|i'|all\b"
    r"|both\b|before\b|yet\b|last\b|yesterday\b|recently\b|twice\b|like \w+ times\b"
    r"|(?:\d+|a few|a couple of|many|several|so many) times\b|as a kid\b|an?\s+\d"
    r"|\d{1,2}(?:\.\d)?\s*(?:/|out of\b|stars?\b)"
    r"|(?:\w+ )?(?:years|months|weeks) ago\b|lol\b|haha\b))"
)

#: Which fact a question about an item asks for ("who directed it?" -> director), in order.
FACT_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("watched", BOT_SEEN),  # before "how many": "how many times have you seen it?"
    ("count", COUNT_QUESTION),
    ("have", HAVE_QUESTION),
    ("profile", PROFILE_QUESTION),
    ("version", VERSION_QUESTION),  # before the director: "is it the director's cut?"
    ("director", r"\bwho (?:directed|made|shot)\b|\bdirector\b|\bdirected by\b"),
    (
        "cast",
        r"\bwho(?:'s|s| is| was| are)? (?:in|starring|stars|starred|acts|plays|played)\b"
        r"|\bcast\b|\bactors?\b|\bactress(?:es)?\b|\bwho else\b",
    ),
    (
        "runtime",
        r"\bhow long\b|\bruntime\b|\brunning time\b|\bhow many minutes\b|\blength\b|\bduration\b"
        r"|\b(?:long|short|lengthy)\s*\?|\b(?:short|quick|long|light|fast) reads?\b"
        r"|\b(?:is|was) (?:it|that|this|the \w+ one|that one|this one)\s+"
        r"(?:too\s+|very\s+|really\s+)?(?:long|short|lengthy)\b",
    ),
    ("language", r"\bsubtitle[sd]?\b|\bsubs\b|\bdubbed\b"),
    # "how much does the third one cost?", "what's its price?"
    ("price", r"\bhow much (?:is|does|do|did|was|are|would)\b|\bcosts?\b|\bprice\b"),
    (
        "year",
        r"\bwhen (?:was|did|is)\b|\bwhat year\b|\bhow old\b|\bthe (?:release )?year of\b"
        r"|\brelease (?:year|date)\b",
    ),
    ("language", r"\b(?:what|which) language\b"),
    ("country", r"\b(?:what|which) country\b|\bwhere (?:is|was) \w+(?: one)? (?:from|made)\b"),
    ("genre", r"\b(?:what|which) (?:genre|kind of (?:film|movie)|sort of (?:film|movie))\b"),
    ("rating", RATING_QUESTION),
    ("streaming", STREAMING_QUESTION),
)

#: Questions about an item's own fields that :data:`FACT_QUESTIONS` does not name, by the words
#: people ask them with: (the words a field's name starts with, the question's pattern, what is
#: asked in words with "{}" for the item, and the words before the values: "designed by").
#: Any field is also asked about by its own name ("what cuisine is it?"); see
#: :func:`~pickwise.agent.understanding.asking.field_asked`.
FIELD_QUESTIONS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (
        ("designer",),
        r"\bwho (?:designed|invented|came up with)\b|\bdesigned by\b|\bdesigners?\b",
        "who designed {}",
        "was designed by",
    ),
    (
        ("publisher",),
        r"\bwho (?:published|publishes|puts out|put out)\b|\bpublished by\b|\bpublishers?\b",
        "who published {}",
        "was published by",
    ),
    (
        ("author", "writer"),
        r"\bwho (?:wrote|authored|writes)\b|\bwritten by\b|\bauthors?\b|\bwriters?\b",
        "who wrote {}",
        "was written by",
    ),
    (
        ("illustrator",),
        r"\bwho (?:illustrated|drew)\b|\billustrated by\b|\billustrators?\b",
        "who illustrated {}",
        "was illustrated by",
    ),
    (
        ("composer",),
        r"\bwho (?:composed|scored)\b|\bcomposed by\b|\bcomposers?\b",
        "who composed {}",
        "was composed by",
    ),
    (("host",), r"\bwho (?:hosts|hosted)\b|\bhosted by\b", "who hosts {}", "is hosted by"),
    # a group size: a pair of fields (``min_players``, ``max_players``), or one of that name
    (
        ("players", "player_count", "num_players"),
        r"\bhow many (?:players|people|of us|can play|play)\b|\bplayer count\b"
        r"|\bnumber of players\b|\bfor how many\b",
        "how many can play {}",
        "",
    ),
    (("cuisine",), r"\b(?:what|which) (?:kind of |type of )?food\b", "what cuisine {} is", ""),
)

# --- leads and tails of constraint phrases -----------------------------------------------------

#: Words that may stand between a lead and its value: "no *scary* stuff", "nothing *too* dark".
FILLER = (
    r"(?:an?|the|any|some|more|really|very|too|overly|super|so|heavy|particularly|especially"
    r"|films?|movies?|ones?|stuff|things?|kind of|sort of|type of|of|with|about|involving|for"
    r"|now|tonight|today|this time|please|actually|anything|much|at all|genre)"
)
#: An adverb that may soften a refusal: "i don't *really* do horror", "not *really* into it".
NEG_ADVERB = (
    r"(?:(?:really|much|particularly|especially|usually|normally|generally|typically|even|ever"
    r"|exactly|actually|honestly|that|so|too|very|all that)\s+)?"
)
#: Saying one does not care for something: "not a fan of", "not big on", "not really into".
NOT_FOR_ME = (
    rf"not {NEG_ADVERB}(?:a (?:big |huge )?fan of|big on|keen on|fond of|crazy about|into"
    r"|feeling)"
)
#: A hedged complaint about the picks shown: "these are all *a bit* long", "they're kinda slow",
#: "all a bit old". It says "too" as "too long" does (it read "a bit long" as a wish for long).
COMPLAINT_HEDGE = r"(?:a (?:bit|little)|kinda|kind of|a tad|slightly|somewhat|rather|bit)"
COMPLAINT_LEAD = (
    r"(?:(?:that|this|it|they|these|those|all of them|the \w+ one|both)(?:'s|'re| is| are| was"
    rf"| were| seems?| looks?| feels?| sounds?)\s+(?:all\s+)?|\ball\s+){COMPLAINT_HEDGE}"
)
NEG_LEAD = (
    rf"not in the mood for|{NOT_FOR_ME}|{COMPLAINT_LEAD}|no more|nothing|none"
    # "enough horror", "enough with the nolan" (not "with enough action", "old enough")
    r"|(?<!with )(?<!have )(?<!got )(?<!had )(?<!has )enough(?: with| of)?(?= )"
    rf"|don'?t {NEG_ADVERB}(?:want|need|like|love|do|enjoy|care for|dig)"
    rf"|do not {NEG_ADVERB}(?:want|need|like|love|do|enjoy)|can'?t stand|cannot stand"
    r"|sick of|tired of|bored (?:of|with)|fed up with|other than|rather not|stay away from"
    # "they wont watch black and white", "he falls asleep in anything over 2 hours"
    r"|(?:won'?t|wont|will not|wouldn'?t|would not|refuses? to|never) (?:watch|sit through|do)"
    r"|falls? asleep (?:in|during|to|at)"
    r"|steer clear of"
    r"|keep away from|leave out|anything but|without|avoid|skip|exclude|excluding|except"
    r"|minus|hates?|hated|dislikes?|disliked|loathes?|detests?|never|isn'?t|is not|aren'?t"
    r"|are not|that'?s not"
    r"|(?:too (?:old|big|grown[ -]up)|past the age) for|(?:has |have |'ve )?outgrown"
    r"|(?:none of us|nobody(?: here)?|no one(?: here)?|neither of us) (?:likes?|wants?|enjoys?"
    rf"|is into|are into)|(?:doesn'?t|does not|didn'?t|did not) {NEG_ADVERB}"
    r"(?:like|love|want|enjoy|do)"
    r"|(?:a (?:bit|little) )?less|fewer|not|no|non"
    # a complaint about the picks: "that's too violent", "a bit too slow", "les gory" (a typo)
    r"|(?:(?:a (?:bit|little)|way|far|much|all) )?too|les"
)
#: A request for films like the one a question is about: "is parasite any good? also recommend
#: me something similar", "who directed it? and give me similar stuff".
ALSO_SIMILAR = (
    r"\b(?:recommend|suggest|give|show|find|get|any|anything|something|more|other)\b[^?.!]*"
    r"\b(?:similar|like (?:it|that|this|that one|this one|them))\b"
    r"|\bsimilar (?:stuff|ones?|films?|movies?|things|picks)\b"
)
#: The person of a film talked about, pointed at: "what else by him", "anything else by that
#: director?", "more with that actor". ``d`` marks a director, ``c`` a cast member.
#: A director named by a film of theirs: "something by the guy who made Persona", "and by the
#: director of Oldboy" (a title follows). It answered who made Persona, or took the director
#: talked about before.
MADE_BY = (
    r"\b(?:by|from) (?:the )?(?:same )?(?:guy|person|woman|man|director|filmmaker|people|folks"
    r"|team|one|dude|lady|bloke)s? (?:who|that|which) (?:made|directed|did|shot|gave us)\b"
    r"|\b(?:by|from) the (?:director|maker|filmmaker|creator)s? of\b"
)
SAME_PERSON = (
    r"\b(?:by|from) (?P<d>him|her|them|that (?:director|guy|filmmaker|woman|man)|the same"
    r" (?:director|guy|filmmaker|person)|this (?:director|filmmaker)|the director)\b"
    r"|\b(?:with|starring|featuring|of) (?P<c>him|her|that (?:actor|actress|guy|star)|the same"
    r" (?:actor|actress|star|cast)|this (?:actor|actress)|the (?:lead|star))\b"
    # "what else did that director make?" searched "director" (8½, Cinema Paradiso)
    r"|\b(?:what|anything|something|which films?|which movies?) else (?:did|has|have|does|do)"
    r" (?:he|she|they|(?:that|the|this) (?:director|filmmaker|guy|woman|man|actor|actress|star))"
    r" (?:(?P<d2>make|made|direct|directed|do|done|shoot|shot)|(?P<c2>(?:been |be |starred |star"
    r" |acted |act |appeared |appear )in))\b"
)
#: What "too ..." says of the day or of the user, not of a film ("it's too late for that").
#: Words that name films as what is asked for ("any good movies?"): off the catalog's domain when
#: its items are not films, unless they say what the item is about or like (see
#: :func:`~pickwise.agent.understanding.chatter.asks_for_films`).
FILM_REQUEST = r"\b(?:films?|movies?|flicks?|cinema|documentar(?:y|ies))\b"
#: A word right before a film word that makes it no request for films ("a game about movies",
#: "based on a film", "like a movie"), and one right after ("movie night", "a film-themed game").
FILM_REQUEST_NOT_AFTER = words("about on of from like into inspired themed")
FILM_REQUEST_NOT_BEFORE = (
    r"^[\s-]*(?:night|themed?|theme|trivia|quiz|tie-?ins?|buffs?|lovers?|fans?)\b"
)

TOO_NOT_FILM = (
    r"late|early|soon|tired|busy|bad|good|hard|well|far|close"
    r"|(?:old|young|big|little|grown[ -]up) for"  # "they're too old for it": of the children
)
#: A message that finds fault with the picks shown: "that's too silly", "they're all a bit too
#: cheesy", "too slow". They do not come back as still fitting.
COMPLAINT = (
    r"^\W*(?:(?:(?:but|hmm+|ugh|nah|meh|well|and)\W+)*(?:that|this|it|they|those|these|all of them"
    r"|the \w+ one|the first|the last|each|both)(?:'s|'re| is| are| was| were| seems?| looks?"
    r"| feels?| sounds?)?\s+)?(?:all\s+)?(?:(?:a (?:bit|little)|way|far|much|kinda|kind of|just"
    r"|bit|a tad|slightly|rather)\s+)?too\b"
    rf"|\b{COMPLAINT_LEAD}\s+[a-z]"
)
#: A word of who watches ("family", "kids") said as what a film is about: "a drama about a poor
#: family", "the story of a family", "a family saga", "family drama". No family film is asked
#: for (it noted "it's for the family" and brought Babe); "a family film", "family movie night"
#: and "something for the family" still are.
#: A film the user watched, described rather than named, with what they thought of it: "that
#: Korean class movie was amazing", "loved the French one with the mime". Its kind and language
#: describe that film: no filter for the next picks (in Korean every turn after it).
DESCRIBED_FILM = (
    r"\b(?:that|the|this)\s+(?P<d>(?:[\w'-]+\s+){1,4}?)(?:movie|film|flick|one)\s+"
    r"(?:(?:was|is|'s)\s+(?:(?:so|really|just|absolutely|truly)\s+)?(?:amazing|great|awesome"
    r"|incredible|brilliant|fantastic|excellent|good|perfect|a masterpiece|wonderful|beautiful"
    r"|terrible|awful|bad|boring|fun|my favou?rite)|blew me away|made me cry)\b"
    r"|\b(?:loved|liked|enjoyed|adored|hated|watched|saw|seen)\s+(?:that|the)\s+"
    r"(?P<e>(?:[\w'-]+\s+){1,4}?)(?:movie|film|flick|one)\b"
)
AUDIENCE_TOPIC_BEFORE = (
    r"\b(?:about|(?:story|stories|tale|tales|portrait|saga|chronicle|life|lives) of)\s+"
    r"(?:(?:a|an|the|this|that|one|his|her|their|its|my|our|some|two)\s+)?(?:[a-z'-]+\s+){0,2}$"
)
#: A word before "family" ("kids") that makes it a theme, not who watches: "found family",
#: "a chosen family", "a dysfunctional family", "street kids". It noted "it's for the family" and
#: kept a family filter (date night next brought Toy Story and Babe).
AUDIENCE_THEME = rf"{AUDIENCE_THEME_WORDS}\s+$"
AUDIENCE_TOPIC_AFTER = (
    r"(?:'s\b|\s+(?:sagas?|dramas?|secrets?|trag(?:edy|edies|ic)|feuds?|histor(?:y|ies)|business"
    r"|reunions?|ties|dynamics|relationships?|members?|trees?|curses?|estrangement|legacy"
    r"|stor(?:y|ies)|struggles?|troubles|matters|values|life|lives|home|house|dysfunction)\b)"
)
#: A negation before words no other pass knows, ending its clause: "romantic but *not cheesy*",
#: "a comedy *without slapstick*", "*nothing depressing* please". The words become an aspect
#: to avoid ("not cheesy").
NEG_PHRASE = (
    rf"\b(?:{NOT_FOR_ME}|not|without|isn'?t|is not|aren'?t|are not|that'?s not|nothing"
    rf"|no(?= [a-z])|(?:doesn'?t|does not|don'?t|do not) {NEG_ADVERB}(?:like|want|enjoy|do)"
    r"|can'?t (?:stand|handle)"
    # a complaint about the picks: "that's too silly", "too much talking"; not the day ("too
    # late for a long one") nor "too bad"
    rf"|too(?: much| many)?(?! (?:{TOO_NOT_FILM})\b))\s+"
    r"(?:(?:too|very|overly|so|that|really|super|at all|a|an|with|about|involving"
    r"|featuring|in|any)\s+)*"
    # "nothing with sex scenes or swearing": a list goes on after "or" (see aspects._OR_MORE)
    r"(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2})\s*"
    r"(?=[.,;:!?)]|$|\b(?:but|and|or|nor|please|thanks)\b)"
)
#: Asking for films for grown-ups ("like Toy Story but for adults"): kids' films are avoided.
FOR_ADULTS = (
    r"\bfor (?:adults|grown-?ups|grownups|us adults)\b"
    r"|\b(?:more )?(?:adult|grown[- ]?up|mature)"
    r"(?= (?:ones?|films?|movies?|version|stuff)\b|\s*[.,!?]|$)"
)
#: The children are not watching: "kids are in bed, we want a good crime movie" (it mixed in
#: family films).
KIDS_AWAY = (
    r"\b(?:the )?(?:kids|children|little ones|grandkids)(?: are| r|'re)? (?:finally )?(?:in bed"
    r"|asleep|away|out|gone|at (?:school|camp|a sleepover|their|grandma'?s|grandpa'?s))\b"
)
#: Children's opinion of a film watched ("the kids loved it"): about that film, no wish for a
#: family film now (after "the kids are asleep, something grown up" it brought WALL-E and Up).
KIDS_SAW = (
    r"\b(?:the |my |our )?(?:kids|children|little ones|grandkids)\s+(?:really |totally |both )?"
    r"(?:loved|liked|enjoyed|hated|disliked|watched|saw|adored)\s+(?:it|that|this|them|those)\b"
)
#: Where the people watching are from or live ("i am from brazil", "we live in Japan"): who
#: watches, not where the film is from (it asked for films from Brazil).
SELF_ORIGIN = (
    r"\b(?:i'?m|im|i am|we'?re|we are|(?:i|we) (?:come|live|grew up|was born|were born))\s+"
    r"(?:originally\s+|also\s+)?(?:from|in)\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\b"
)
#: Someone who scares easily ("the 6 year old gets scared easily"): scary films are avoided.
SCARES_EASILY = (
    r"\b(?:gets?|get|is|are|am|'m|'s) (?:easily |very |really |so )?(?:scared|frightened"
    r"|spooked)(?: easily)?\b|\b(?:scares?|frightens?) easily\b|\beasily (?:scared|frightened)\b"
)
#: Words that a negation is not about as an aspect ("not sure", "not seen it", "nothing else").
NEG_PHRASE_STOP = words(
    """
    sure yet seen watched bad much many all that this those these it them one ones else more
    anything something everything sure interested mine me again anymore ever necessarily
    important needed necessary thanks thank problem problems idea worries way clue rush
    obviously honestly probably actually lol haha lmao btw tho though
    wait hmm hmmm hold hang scratch sorry um umm uh oh nvm nevermind
    """
)
ONLY_LEAD = (
    r"nothing but|only want|only|just|exclusively|strictly|purely|has to be|must be|needs to be"
    r"|stick to|stick with|limit (?:it |this )?to|restrict (?:it |this )?to"
)
RELAX_LEAD = (
    r"(?:(?:i'?d|we'?d|i would|would) be |i'?m |i am |we'?re |be )?(?:totally |perfectly "
    r"|also |actually )?(?:fine|ok|okay|alright|cool|happy|good) with|don'?t mind"
    r"|do not mind|wouldn'?t mind|would not mind|open to|allow|include|bring back|can have"
    r"|could have|could do|can do"
    # "actually I don't hate musicals anymore" (it noted "no music")
    r"|(?:don'?t|do not|doesn'?t|does not|no longer|stopped) (?:hate|hating|dislike|disliking)"
)
_TAIL_GAP = r"(?:\s*(?:films?|movies?|ones?|stuff|would|will|is|are|'s|be|also|too|totally"
_TAIL_GAP += r"|perfectly|now|actually|after all|really))*\s*"
#: A value said of, not asked for: "they say cartoons are for babies", "horror is too scary".
STATEMENT_TAIL = (
    r"^\s*(?:are|is|'s|'re)\s+(?:just\s+|only\s+|all\s+|kinda\s+)?(?:for\s+(?:babies|kids|little"
    r" kids|children|toddlers|little ones|babies)|too\s+[a-z]+|so\s+(?:boring|lame|dumb|silly)"
    r"|boring|lame|dumb|stupid|silly|childish)\b"
)
RELAX_TAIL = (
    rf"^{_TAIL_GAP}(?:fine|ok|okay|alright|all right|acceptable|allowed|welcome"
    r"|back on the table|on the table|no problem|not a problem)\b"
)
ONLY_TAIL = r"^\s*(?:films?|movies?|ones?|stuff)?\s*only\b"
NEG_TAIL = (
    rf"^{_TAIL_GAP}(?:out|off the table|a no|a no-go|not ok|not okay|not allowed|banned"
    r"|excluded|(?:is |are )?(?:not|isn'?t|aren'?t) (?:really )?(?:my|our|his|her|their) thing)\b"
)
#: What may separate values of one list: "no horror, thrillers or war films".
LIST_GAP = (
    r"^(?:\s|,|/|&|\+|\band\b|\bor\b|\bnor\b|\bplus\b|\beven\b|\bfilms?\b|\bmovies?\b"
    r"|\bstuff\b|\bany\b|\bmore\b|\btoo\b|\bsome\b)*$"
)

# --- years and runtimes ------------------------------------------------------------------------

DECADE_WORDS = {
    "twenties": 1920, "thirties": 1930, "forties": 1940, "fifties": 1950, "sixties": 1960,
    "seventies": 1970, "eighties": 1980, "nineties": 1990, "noughties": 2000, "aughts": 2000,
}  # fmt: skip
YEARISH = (
    r"(?<![\w'.])(?:the\s+)?(?:'?(?P<dd>\d0)'?s|(?P<cd>(?:18|19|20)\d0)'?s"
    rf"|(?P<dw>{'|'.join(DECADE_WORDS)})|(?P<y>(?:18[89]\d|19\d\d|20\d\d)))(?![\w])"
)
_NOT = (
    r"\b(?:nothing|no|none|not|never"
    # "they wont watch anything before 1980", "he falls asleep in anything over 2 hours"
    r"|(?:won'?t|wont|will not|wouldn'?t|would not|refuses? to|can'?t|cannot|don'?t|doesn'?t"
    r"|do not|does not) (?:watch|do|sit through|stand|handle|want)|falls? asleep (?:in|during))\b"
    r"(?:\s+(?:films?|movies?|ones?|stuff|made|released|from|anything|something))*"
)
YEAR_CONTEXT: tuple[tuple[str, str], ...] = (
    # (kind, pattern on the text before the year); kinds are read by ranges._year_bounds
    ("from", rf"{_NOT}\s+(?:before|b4|earlier than|older than|prior to|pre-?)\s*$"),
    ("to", rf"{_NOT}\s+(?:after|later than|newer than|more recent than|past|post-?)\s*$"),
    ("after", r"\b(?:after|newer than|later than|more recent than|post-?|younger than)\s*$"),
    ("before", r"\b(?:before|b4|older than|earlier than|prior to|pre-?)\s*$"),
    ("from", r"\b(?:since|starting (?:from|in)|no earlier than|not older than|at least from)\s*$"),
    ("to", r"\b(?:until|till|up to|through|thru|no later than|not newer than|at the latest)\s*$"),
    ("skip", rf"{_NOT}\s*(?:from\s+|in\s+)?$"),
    ("exact", r"\b(?:from|released in|made in|came out in|filmed in)\s*$"),
)
YEAR_TAIL: tuple[tuple[str, str], ...] = (
    ("from", r"^\s*(?:\+|or (?:later|newer|after|more recent)|and (?:later|newer|after|up|beyond)"
             r"|on(?:wards?)?\b|forward\b)"),
    # "70s at the earliest" is from 1970 on, "90s at the latest" up to 1999 (they were the decade)
    ("from", r"^\s*,?\s*(?:at the (?:very )?earliest|(?:or|and) (?:so )?(?:later|newer|after))\b"),
    ("to", r"^\s*,?\s*(?:at the (?:very )?latest|at (?:the )?most|tops|max(?:imum)?)\b"),
    ("to", r"^\s*(?:or|and) (?:earlier|older|before)\b"),
    ("exact", r"^\s*(?:films?|movies?)\b"),
)  # fmt: skip
YEAR_PAIR_GAP = r"^\s*(?:-|–|to|through|thru|till|until|and|or|/|&|,\s*(?:and|or))\s*(?:the\s+)?$"
YEAR_RANGE_WORDS = r"\b(?:between|from)\s+$"

_HOURS = r"\d+(?:\.\d+)?|an?|one|two|three|four|five|six"
DURATION = (
    r"(?<![\w.])(?:(?P<halfhour>half an hour)|(?P<hah>(?:an?\s+|one\s+)?hour and a half)"
    rf"|(?P<ah>\d|one|two|three|four) and a half hours?"
    rf"|(?P<h>{_HOURS})\s*-?\s*(?:hours?|hrs?|h)(?:\b|(?=\d))(?:\s*(?:and\s+)?(?:(?P<hm>\d{{1,2}})\s*"
    r"(?:minutes?|mins?|m)?\b|(?P<half>a half)))?"
    r"|(?P<m>\d{1,3})\s*-?\s*(?:minutes?|mins?|m)\b)"
)
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
RUNTIME_CONTEXT: tuple[tuple[str, str], ...] = (
    # time there is: "i only have an hour and a half", "got maybe 80 minutes before bed"
    ("have", r"(?:^|\b(?:i|we|i'?ve|we'?ve|i have|we have|only|just|got)\s+)(?:only\s+|just\s+)?"
             r"(?:have|got)(?:\s+(?:only|just|maybe|about|like|roughly|around|barely))*\s*$"
             # "just an hour tonight", "only 40 minutes"
             r"|(?:^|[,;:]|\b(?:i|we|so|but|and|ok|okay))\s*(?:only|just)\s*$"),
    ("about", r"\b(?:about|around|roughly|approximately|approx\.?|more or less|~)\s*$"),
    ("max", rf"{_NOT}(?:\s+(?:that(?:'s| is)|longer|more|runs?|running))*\s+(?:over|longer than"
            r"|more than|above|exceeding|past|beyond)\s*$"),
    ("min", rf"{_NOT}(?:\s+(?:that(?:'s| is)|shorter|less|runs?|running))*\s+(?:under|shorter"
            r" than|less than|below)\s*$"),
    # "they get restless after an hour and a half", "he falls asleep after 90 minutes"
    ("max", r"\b(?:restless|bored|asleep|fidgety|antsy|lose interest|loses interest|zone out"
            r"|zones out|checks? out)\s+(?:after|past|beyond|by)\s*$"),
    ("max", r"\b(?:under|less than|shorter than|below|max(?:imum)?|at most|no more than"
            r"|no longer than|not more than|not longer than|up to|within|tops|lower than"
            r"|not over)\s*$"),
    ("min", r"\b(?:over|more than|longer than|at least|above|minimum|min|no less than"
            r"|not less than|no shorter than)\s*$"),
)  # fmt: skip
#: A stretch of time the user has, said around a length: "lunch break, like 30 minutes", "a 30
#: min commute" (neither was read, and it searched the words); the length is the most there is.
TIME_WINDOW = (
    r"\b(?:lunch ?break|lunch ?hour|(?:coffee|tea|short|quick|work) break|on (?:my|a|our) break"
    r"|commute|(?:train|bus|plane|car|tram|ferry) ride|flight|layover|time to kill|to kill"
    r"|(?:free|spare) time|before (?:bed|bedtime|work|school|class|dinner|my shift))\b"
)
#: A runtime bound without a unit, said with a word of length: "shorter pls like under 100"
#: (it kept "shorter" and read no number).
BARE_RUNTIME = (
    r"\b(?:shorter|longer|short|long|length|runtime)\b[^.?!\d]{0,20}?\b(?P<op>under|less than"
    r"|below|max|at most|up to|over|more than|at least)\s+(?P<n>\d{2,3})\b(?!\s*(?:years?|s\b|'s))"
    # "nothing longer than 120", "shorter than 100"
    r"|\b(?P<no>(?:nothing|no|not)\s+)?(?P<cmp>longer|shorter) than\s+(?P<n2>\d{2,3})\b"
    r"(?!\s*(?:years?|s\b|'s))"
)
RUNTIME_TAIL: tuple[tuple[str, str], ...] = (
    ("max", r"^\s*(?:or (?:less|shorter|under)|max(?:imum)?\b|tops\b|at (?:the )?most\b)"),
    # "3 hours is fine": up to that long (it was searched as words)
    (
        "max",
        r"^\s*(?:is|are|'s)\s+(?:also\s+|totally\s+|actually\s+)?(?:fine|ok|okay|alright"
        r"|all right|good)\b(?:\s+(?:too|now|then|with (?:me|us)))?",
    ),
    ("min", r"^\s*(?:or (?:more|longer|over)|plus\b|\+|minimum\b|at least\b)"),
)
#: An age ("my 9 year old", "kids are 6 and 9", "a 4-year-old", "my son is 4", "in their
#: 70s"): who watches, never a wish for old films or a decade. ``kid`` holds an age up to 12.
AGE = (
    r"\b(?P<kid>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:[\s-]*(?:years?|yrs?)[\s-]*olds?|\s*yo)\b"
    r"|\b(?:kids?|children|son|daughter|boy|girl|toddler|nephew|niece|grandkids?"
    r"|grandchild(?:ren)?|grandsons?|granddaughters?)"
    r"(?: (?:is|are))?(?: aged?)? (?P<kid2>\d{1,2})(?: and (?P<kid3>\d{1,2}))?\b"
    r"(?!\s*(?:min|h|s\b))"
    # "ages 4 and 6", "my youngest is 11"
    r"|\b(?:ages?|aged) (?P<kid4>\d{1,2})(?:(?:,| and| &) (?P<kid5>\d{1,2}))?\b"
    r"(?!\s*(?:min|h|s\b))"
    r"|\b(?:youngest|oldest|eldest|little one)(?: one)?(?: is|'s| just turned) (?P<kid6>\d{1,2})\b"
    r"(?!\s*(?:min|h|s\b))"
    # grandchildren, whatever their age: "something my grandkids would like"
    r"|\b(?P<grand>grandkids|grandchildren|grandsons?|granddaughters?)\b"
    r"|\bin (?:their|his|her|our|my) (?:[2-9]0s|twenties|thirties|forties|fifties|sixties"
    r"|seventies|eighties|nineties)\b"
)
_AGE_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
#: A child's age said after the child, by a pronoun: "my son, he's 10", "my niece, she is 8",
#: "for my nephew who is 9", "my kids, they're 6 and 9", "my daughter loves Toy Story, she's
#: 7". ``said`` is the age's own words (claimed alone: what comes between is read as ever);
#: a bare "he's 30" names no child.
AGE_AFTER = (
    r"\b(?:kids?|children|child|sons?|daughters?|boys?|girls?|toddlers?|nephews?|nieces?"
    r"|grand(?:kids?|children|child|sons?|daughters?))\b[^.!?;]{0,60}?"
    r"(?P<said>\b(?:he|she|they|who)(?:'s|'re| is| are)(?: (?:only|just|nearly|almost|about))?"
    rf" (?P<kid>{_AGE_NUMBER})(?:(?:,| and| &) (?P<kid2>{_AGE_NUMBER}))?"
    r"(?:[\s-]*(?:years?|yrs?)(?:[\s-]*olds?)?)?)\b(?!\s*(?:min|h\b|s\b|of\b|%))"
)
#: Who a request can be for, other than the user: "son", "mom", "wife", "niece", "best friend".
_SOMEONE = (
    r"(?:sons?|daughters?|kids?|children|child|boys|girls|babies|baby|toddlers?|twins"
    r"|mom|mum|mommy|mummy|mother|dad|daddy|father|parents|folks|wife|husband|partner"
    r"|girlfriend|boyfriend|gf|bf|fiance|fiancee|niece|nephew|sister|brother|siblings?"
    r"|grandma|grandpa|granny|grandmother|grandfather|grandparents|grand(?:kids?|children"
    r"|child|sons?|daughters?)|aunt|auntie|uncle|cousin|friend|roommate|flatmate|colleague"
    r"|boss|in-laws|mother-in-law|father-in-law|stepson|stepdaughter|stepmom|stepdad)"
)
#: Someone of the user's, as named after "my": "son", "7 year old daughter", "best friend".
_WHO = (
    r"(?:(?:little|baby|big|older|younger|youngest|oldest|eldest|best|old|teenage|teen"
    r"|\d{1,2}[\s-]*(?:years?|yrs?)[\s-]*olds?|\d{1,2}yo)\s+)*"
    rf"(?:{_SOMEONE}|\d{{1,2}}[\s-]*(?:years?|yrs?)[\s-]*old|\d{{1,2}}yo)"
)
#: The age of someone of the user's, whoever's: "my grandma (82)", "she's 82", "my dad, who is
#: 70": who watches, never a year or a number of picks (it listed ten). ``said`` is the age
#: alone, when it follows the person.
AGE_OF_SOMEONE = (
    rf"\b(?:my|our) {_WHO}\s*(?P<said>\((?:age |aged )?\d{{1,3}}\))"
    r"|\b(?:she|he|who)(?:'s| is)(?: (?:only|just|nearly|almost|about|turning))?"
    r" \d{2,3}\b(?!\s*(?:min|h\b|s\b|%|of\b|minutes|mins|hours|pages|years ago))"
)
#: A request for someone else: "something for my son", "for our 7 year old", "a film for her"
#: (not "for my wife and me": that is for both). ``who`` names them; a pronoun alone is
#: ``pronoun``.
FOR_SOMEONE = (
    rf"\bfor (?:my|our) (?P<who>{_WHO})\b(?! (?:and|&) (?:me|i|myself|us)\b)"
    r"|\bfor (?P<pronoun>her|him)\b(?! (?:and|&) (?:me|i|myself)\b)"
)
#: Someone of the user's named anywhere in a message ("my daughter loves Toy Story, something
#: for her"): who "her" is.
SOMEONE_OF_MINE = rf"\b(?:my|our) (?P<who>{_WHO})\b"
#: A request for someone of the user's said by what they like or would enjoy, with no "for":
#: "my son loves Cary Grant films", "something my grandma (82) would enjoy", "a film my wife
#: would like", "what would my dad like?" (not "my wife and I love thrillers", nor "my mom
#: recommended Arrival"). ``who`` (or ``who2``) names them; ``pronoun`` is "she" or "he".
SOMEONE_WANTS = (
    rf"\b(?:my|our) (?P<who>{_WHO})(?:\s*\(\d{{1,3}}\))?,?"
    r" (?:(?:really|also|just|absolutely|totally|so|still|definitely) ){0,2}"
    r"(?:(?:loves|likes|enjoys|adores|love|like|enjoy|adore)\b"
    r"|(?:'s|is|are) (?:(?:really|also|so|totally|big|huge) ){0,2}(?:into|a (?:big |huge )?fan of"
    r"|obsessed with|crazy about|mad about)\b"
    r"|(?:would|will|might|could|'d|'ll) (?:(?:really|actually|also|probably|definitely) )?"
    r"(?:enjoy|like|love|want|watch)\b)"
    rf"|\b(?:would|will|might|could) (?:my|our) (?P<who2>{_WHO}) (?:enjoy|like|love|want|watch)\b"
    # "she's into Cary Grant movies" opening a conversation: her request
    r"|^\W*(?P<pronoun>she|he)(?:'s| is)? (?:(?:really|also|just|absolutely|totally|so|big) ){0,2}"
    r"(?:loves|likes|enjoys|adores|into|a (?:big |huge )?fan of|obsessed with)\b"
)
#: The user asking for themselves again: "ok, now something for me", "and for me?", "what
#: about me?" (not "for me and my wife").
FOR_SELF = (
    r"\bfor (?:me|myself)\b(?! (?:and|&) )"
    r"|\bwhat about me\b|\b(?:my|me) (?:own )?turn\b"
)
#: A like said of someone else: "she loves Toy Story", "he's into dinosaurs", "my mom adores
#: Audrey Hepburn".
THEIR_LIKE = (
    r"\b(?:she|he|they|(?:my|our) (?:[a-z-]+ ){0,2}[a-z-]+?)(?:'s|'re| is| are)?"
    r" (?:(?:really|also|just|absolutely|totally|so|still) ){0,2}"
    r"(?:loves|likes|enjoys|adores|loved|liked|enjoyed|adored|love|like|into"
    r"|a (?:big |huge )?fan of|(?:is|was) obsessed with|obsessed with)\b"
    # "he's 10 and loves dinosaurs": a verb of someone else's, whoever its subject
    r"|\b(?:loves|likes|enjoys|adores)\b"
)
#: A like said by the user: "I loved Aliens", "I'm more into thrillers", "we like comedies".
OWN_LIKE = (
    r"\b(?:i|we)(?:'m|'re| am| are)? (?:(?:really|also|just|absolutely|totally|so|still|do"
    r"|did|personally|more|mostly|kinda|quite|big|huge) ){0,2}(?:love|like|enjoy|adore|loved"
    r"|liked|enjoyed|adored|into|a (?:big |huge )?fan of)\b"
)
_CHILD_AGE = (
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:[\s-]*(?:years?|yrs?)[\s-]*olds?|\s*yos?)"
)
_CHILD_WORD = (
    r"(?:kids?|kiddos?|children|child|little ones?|toddlers?|sons?|daughters?|nephews?|nieces?"
    r"|grand(?:kids?|children|child|sons?|daughters?)|youngsters?|preteens?|tweens?)"
)
#: A child said in a question ("a 10 year old", "my 8 year old son", "the kids"); a boy or a
#: girl only with an age ("for a boys' night" is no child).
CHILD = (
    r"(?:(?:a|an|my|our|the|your|his|her|their|young|little|small|younger|youngest|older)\s+)*"
    rf"(?:{_CHILD_AGE}(?:\s+(?:{_CHILD_WORD}|boys?|girls?))?|{_CHILD_WORD})"
)
#: Whether a pick suits a child: "is it ok for a 10 year old?", "scary enough for my 8 year
#: old", "would my 8 year old like the third one?" (it noted "it's for kids" and brought
#: family films), "is it kid-friendly?". ``who`` is the child as said.
CHILD_QUESTION = (
    rf"\b(?:for|to show|to show to|to watch with|with)\s+(?P<who>{CHILD})\b"
    rf"|\b(?:would|will|does|do|could|can|might|did|should)\s+(?P<who2>{CHILD})\s+"
    r"(?:\w+\s+)?(?:like|love|enjoy|be ok with|be okay with|be fine with|handle|cope with|manage"
    r"|watch|get|understand|be scared|be frightened|find|sit through)\b"
    r"|\b(?P<friendly>kid|kids|child|children|family)[\s-]*(?:friendly|safe|appropriate)\b"
)
#: Kinds so common that sharing one alone relates two films in no way worth saying: a western
#: was "close to Casablanca, which you liked" for being a drama too.
BROAD_KINDS = frozenset({"drama"})
#: Kinds not made for children: a pick of one is no film for a child, whatever else it is.
ADULT_KINDS = frozenset({"horror", "thriller", "crime", "war", "erotic", "adult"})
#: Kinds made for children and families.
CHILD_KINDS = frozenset({"family", "animation", "children", "kids", "children's"})
_WHICH_BETTER = (
    r"\bwhich(?: one| film| movie)?(?: of (?:the|these|those|them)(?: two)?)?"
    r"(?: is| was|'s|s| would be| do you think is)(?: the)?"
    r" (?:better|best|greater|superior|more worth (?:it|watching|seeing)|worth (?:it|watching))\b"
    r"|\bwhich(?: one| film| movie)?(?: of (?:the|these|those|them)(?: two)?)? (?:should|would|do)"
    r" (?:i|we|you) (?:watch|see|pick|choose|go (?:for|with)|recommend)\b"
    r"|^\W*(?:is|was)\b.{1,60}\bbetter than\b"
    # "Alien or Aliens?" (the titles are blanked): two of them, and nothing else
    r"|^[\s.,!?]*(?:(?:so|ok|okay|hmm|and|well)[\s,]+)?or[\s.,!?]*$"
)
#: Two or more picks compared: "compare 1 and 2", "what's the difference between the first
#: two?", "how do the first and the third compare?" (they brought new lists).
COMPARE_QUESTION = (
    r"\bcompare\b(?! (?:to|with)\b)|\bcomparison\b|\bdifferences? between\b"
    r"|\bhow (?:do|does|did) .{1,40}? compare\b|\bside by side\b|\b(?:vs\.?|versus)\s"
    r"|\bhow (?:are|is) .{1,40}? different\b|\bwhat(?:'s| is) different between\b"
    rf"|{_WHICH_BETTER}"
)
#: A question asking which of two items is better, said with them ("which is better, Alien
#: or Aliens?", "is Alien better than Aliens?", "Alien or Aliens, which should I watch?"): it
#: brought a new list of films like both. The catalog holds no verdict; what it has is said.
BETTER_QUESTION = _WHICH_BETTER

#: Eras named by film history, as (first year, last year, pattern), for that request: "pre-war
#: european cinema" (it asked for war films), "the silent era", "french new wave", "italian
#: neorealism", "german expressionism".
ERAS: tuple[tuple[int | None, int | None, str], ...] = (
    (None, 1938, r"\bpre-?war\b"),
    (1945, 1959, r"\bpost-?war\b"),
    (None, 1929, r"\b(?:the )?silent (?:era|films?|movies?|cinema|days)\b|\bsilents\b"),
    (1927, 1960, r"\b(?:the )?golden age(?: of (?:hollywood|cinema|film))?\b"),
    (1967, 1982, r"\bnew hollywood\b"),
    (1958, 1969, r"\b(?:new wave|nouvelle vague)\b"),
    (1943, 1955, r"\bneo-?realis(?:m|t|tic)\b"),
    (1919, 1933, r"\bexpressionis[mt]\b"),
)
#: Asking for recent films without a year: (years back from this year, pattern), for that
#: request. "something recent", "anything newer?" -> the last 10 years; "those are too old" ->
#: the last 25; "from the last 5 years" -> 5.
RECENT = (
    (
        0,
        r"\b(?:from |in )?(?:the )?(?:last|past) (?P<n>\d{1,2}|two|three|four|five|six|seven"
        r"|eight|nine|ten|few|couple(?: of)?) years\b",
    ),
    (
        10,
        r"\b(?:(?:more |fairly |pretty |quite )?recent(?:ly)?(?: ones?| films?| movies?| stuff)?"
        r"|newer(?! than)(?: ones?| films?| movies?| stuff)?|(?:brand )?new(?:er)? (?:releases?"
        r"|ones|films|movies|stuff)|latest(?: ones?| films?| movies?| releases?)?|modern)\b",
    ),
    (
        25,
        # not of people: "they're too old for it", "he's too old for cartoons"
        r"\b(?:too|kinda|kind of|a bit|so|really|very|pretty) old\b(?! for\b)|\bless old\b"
        r"|\b(?:no|nothing) (?:old|older|oldies)\b(?: (?:stuff|ones|films|movies|please))?"
        r"|\bnot (?:that|so) old\b"
        # "not some boring old stuff", "no dusty old classics": the words between refuse too
        r"|\b(?:no|nothing|not)\s+(?:(?:some|any|the|that|those|these|more)\s+)?"
        r"(?:(?:boring|lame|dusty|dated|stuffy|cheesy|ancient|dull|creaky|slow|black and white)"
        r"\s+)+(?:old|older|oldies)\b(?! enough| for\b)"
        # "not the old ones" after a list (it avoided the word "old")
        r"|\bnot (?:some |any |the |those |these )?old (?:stuff|ones|films|movies|crap|junk"
        r"|classics)\b",
    ),
)
#: "A long movie", "long epic romance": at least this many minutes.
LONG_MINUTES = 140
#: Length words without a number, as (bound, minutes, pattern), for that request: "something
#: short" or "a quick watch" -> at most 100 minutes; "nothing too long" -> at most 120; "a long
#: movie" -> at least 140.
RUNTIME_WORDS: tuple[tuple[str, float, str], ...] = (
    (
        "max",
        120,
        rf"(?:{_NOT}|\b(?:hates?|hated|(?:don'?t|doesn'?t|does not|do not) (?:like|love|want))"
        r"(?:\s+(?:films?|movies?|ones?))?)\s+(?:(?:too|to|very|that|overly|super|so|really)\s+)?"
        r"long(?:\s+(?:films?|movies?|ones?))?\b(?!\s+ago)"
        # "I hated Inception, way too long", "those are too long": shorter ones
        r"|\b(?:way |far |much |a bit |kinda )?too long\b(?!\s+ago)"
        rf"|\b{COMPLAINT_LEAD}\s+long\b",  # "these are all a bit long"
    ),
    # "a long movie", "long epic romance": longer films, not the word "long"
    (
        "min",
        LONG_MINUTES,
        r"(?<!\bnot )(?<!\btoo )(?<!\bso )(?<!\bthat )\b(?:long|lengthy)(?=\s+(?:epics?|films?"
        r"|movies?|watch|sagas?)\b)"
        # "something long", "a long one" (it noted "you want long")
        r"|\b(?:something|anything) (?:really |very |nice and |quite )?(?:long|lengthy)\b"
        r"(?!\s+(?:ago|time|day|week|night|while)\b)|(?<!\bfor )\ba (?:long|lengthy) one\b",
    ),
    (
        "max",
        100,
        r"(?<!\bnot )(?<!\btoo )(?<!\bvery )\b(?:short(?:ish)?|quick)\b"
        r"(?!-|\s+(?:of|circuit|story|stories|list|cut|answer|version)\b)",
    ),
)
RUNTIME_PAIR = (
    r"\b(?:between|from)\s+(?P<a>\d+(?:\.\d+)?)\s*(?P<u>hours?|hrs?|h|minutes?|mins?)?\s*"
    r"(?:and|-|to)\s*$"
)

# --- relaxing and removing ----------------------------------------------------------------------

_OK = r"(?:fine|ok|okay|alright|all right|good|no problem|not a problem|welcome)"
_MIND = (
    r"(?:(?:don'?t|do not|wouldn'?t|would not|dont) (?:actually |really |even |honestly |much )?"
    r"mind|(?:(?:totally|perfectly|actually) )?(?:fine|ok|okay|happy|good|cool) with|open to)"
)
#: (field role, bound, pattern): "I don't mind old films" allows what a year minimum kept out.
RELAX_FIELD: tuple[tuple[str, str | None, str], ...] = (
    ("year", "min", rf"{_MIND}\s+(?:some\s+|an?\s+)?(?:old(?:er)?|classics?|vintage"
                    r"|black[\s-]and[\s-]white|silent)\b(?:\s+(?:films?|movies?|ones?|stuff))?"),
    ("year", "min", r"\b(?:old(?:er)?|classics?|vintage|black[\s-]and[\s-]white)(?:\s+(?:films?"
                    rf"|movies?|ones?|stuff))?\s+(?:are|is|'s)\s+(?:also\s+|totally\s+)?{_OK}"),
    ("year", "max", rf"{_MIND}\s+(?:some\s+)?(?:new(?:er)?|recent|modern)\b"
                    r"(?:\s+(?:films?|movies?|ones?|stuff))?"),
    ("year", None, r"\b(?:any|whatever)\s+(?:year|decade|era|age)\b|\b(?:the\s+)?(?:year|decade"
                   r"|era|age)\s+(?:doesn'?t|does not|don'?t) matter\b"),
    ("runtime", "max", rf"{_MIND}\s+(?:a\s+|some\s+)?(?:long(?:er)?|lengthy|epic)\b"
                       r"(?:\s+(?:films?|movies?|ones?|stuff))?"),
    ("runtime", "max", r"\blong(?:er)?(?:\s+(?:ones?|films?|movies?|stuff))?\s+(?:are|is|'s)\s+"
                       rf"(?:also\s+|totally\s+|actually\s+)?{_OK}"),
    ("runtime", "min", rf"{_MIND}\s+(?:a\s+|some\s+)?short(?:er)?\b"
                       r"(?:\s+(?:films?|movies?|ones?|stuff))?"),
    ("runtime", None, r"\bany\s+(?:length|runtime|duration)\b|\b(?:the\s+)?(?:length|runtime"
                      r"|duration)\s+(?:doesn'?t|does not|don'?t) matter\b"
                      # "forget the time limit, we have all night", "no time limit anymore"
                      r"|\b(?:forget|drop|remove|lose|lift|scrap|ditch|no)\s+(?:about\s+)?(?:the\s+)?"
                      r"(?:time|length|runtime)\s+limit\b|\bwe(?:'ve| have| got)\s+all night\b"),
    ("language", None, rf"{_MIND}\s+(?:reading\s+)?(?:subtitles|subs|subtitled|foreign)\b"
                       r"|\b(?:subtitles|subs|foreign (?:films|movies|languages?)|other languages)"
                       rf"\s+(?:are|is)\s+(?:also\s+|totally\s+)?{_OK}|\bany language\b"
                       r"|\b(?:the\s+)?language\s+(?:doesn'?t|does not|don'?t) matter\b"
                       # "not in english is fine too" (it noted "not in English")
                       r"|\b(?:not|non)[\s-](?:in\s+)?english(?:\s+(?:films?|movies?|ones?|stuff))?"
                       rf"\s+(?:are|is|'s)\s+(?:also\s+|totally\s+)?{_OK}"),
)  # fmt: skip
#: Words naming a field in "remove the year limit", "forget about the subtitles thing".
FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("year", r"\b(?:years?|decades?|dates?|era|old|older|newer|recent)\b"),
    ("runtime", r"\b(?:length|runtime|duration|long|short|hours?|minutes?)\b"),
    ("language", r"\b(?:language|languages|subtitles|subs|foreign)\b"),
)
_NO_SUBS_LEAD = (
    r"\b(?:no|without|nothing with|don'?t want|do not want|hates?|hated|not into|no more"
    r"|(?:don'?t|doesn'?t|does not|do not) (?:like|love|do|want)|can'?t stand|cannot stand"
    # "he cant read subtitles", "she can't keep up with subtitles"
    r"|(?:can'?t|cant|cannot|can not|won'?t|wont|doesn'?t|does not|don'?t|do not) (?:really )?"
    r"(?:read|follow|keep up with|do|handle|manage)|struggles? with|hates? reading)"
)
_SUBS = r"(?:subtitles|subs|subtitled (?:films|movies|stuff)|reading subtitles)\b"
ENGLISH_ONLY = (
    rf"{_NO_SUBS_LEAD}\s+(?:any\s+|anything\s+(?:with\s+)?)?{_SUBS}"
    # "I don't want anything sad or anything with subtitles"
    rf"|{_NO_SUBS_LEAD}\s[^.!?;]{{0,50}}?\b(?P<tail>(?:or|nor) (?:any\s+|anything\s+)?"
    rf"(?:with\s+)?{_SUBS})"
    r"|\bnothing (?:subtitled|dubbed)\b|\bno foreign(?:[\s-]language)?(?:\s+(?:films?|movies?"
    r"|stuff))?\b"
)
NOT_ENGLISH = r"\b(?:foreign(?:[\s-]language)?|non[\s-]?english|world cinema)\b"
LANGUAGE_ONLY_LEAD = r"(?:only |just |strictly )?(?:in|spoken in)|only|just|strictly"
LANGUAGE_ONLY_TAIL = r"^(?:\s*-\s*|\s+)(?:language|speaking|spoken|only|dialogue)\b"
LANGUAGE_NEG_LEAD = (
    r"not in|nothing in|none in|no|not|non-?|anything but|without|avoid|nothing|none"
    r"|isn'?t|is not|aren'?t|are not"
)

# --- aspects, politeness ----------------------------------------------------------------------

#: A comparative down: "less confusing", "a bit less violent than Alien", "not as dark as
#: Se7en" (``x``: the word to avoid). "less confusing" noted nothing (only words the aspect
#: list knows were read so), and "not as violent as" was avoided as said. Not "no less", "more
#: or less", "less than 90 minutes", "less of a comedy".
LESS = (
    r"(?<!\bno )(?<!\bor )\b(?:(?:a (?:bit|little|lot|tad|touch) |much |way |far |slightly"
    r" |somewhat )?less|not (?:quite |nearly )?(?:as|so))\s+(?P<x>(?!(?:than|of|and|or|the|an?"
    r"|good|bad|known|much|many|time|money|so)\b)[a-z][a-z'-]*)(?:\s+(?:than|as)\b)?"
)
#: A hedge before a comparative or a mood, read as the word alone: "anything *a bit* funnier",
#: "something *somewhat* darker" (it noted "you want a bit funnier", and "somewhat").
HEDGE = r"(?:a (?:bit|little|tad|touch)|bit|slightly|somewhat|kind of|kinda|sort of|sorta)"
SOMETHING_ASPECT = (
    rf"\b(?:something|anything)\s+(?:(?:{HEDGE}\s+)?(?:more\s+)?(?=[a-z]))?"
    r"(?P<x>(?:(?:less|really|very|quite|pretty|super)\s+)?[a-z][a-z'-]*)"
)
WITH_ASPECT = (
    r"\b(?:something|anything|films?|movies?|ones?|stories|story)\s+(?:with|about|featuring"
    r"|involving|where)\s+(?:an?\s+|some\s+|the\s+)?(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3})"
)
#: A subject put forward as a question: "what about basketball" after "a feel-good sports
#: movie" (it searched the word and said "Looking for feel-good, sports...").
WHAT_ABOUT_ASPECT = (
    r"\b(?:what|how) about\s+(?:an?\s+|some\s+)?(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2})"
    r"(?:\s+(?:movies?|films?|ones?))?\s*[?.!]*\s*$"
)
#: A subject said alone to complete the request: "a comedy", then "about a road trip" (searched,
#: but the lead went on "Looking for comedy...").
ABOUT_ASPECT = (
    r"^\W*(?:and\s+|but\s+)?about\s+(?:an?\s+|some\s+|the\s+)?(?!same\b)"
    r"(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2})"
)
#: What a kind of film is about, said right after its genre word: "a comedy *about
#: dinosaurs*", "horror films involving clowns" (``x``; the genre word is read as such). Only
#: "film about" and "something about" were read, and "a comedy about dinosaurs" asked for any
#: comedy.
KIND_ABOUT = (
    r"\s+(?:(?:films?|movies?|flicks?|cartoons?|shows?|series|ones?)\s+)?(?:about|involving)"
    r"\s+(?:an?\s+|some\s+|the\s+)?(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,3})"
)
#: What the ones a film is for love, said of them ("my kids are 6 and 9, they love dinosaurs",
#: "my son is obsessed with trains"), or asked for them ("something for kids about space"):
#: what the film should be about (it was a word of the query, and the picks said nothing of it).
TOPIC_ASPECT = (
    r"(?:\b(?:they|he|she|kids|children|boys|girls|sons?|daughters?|nephews?|nieces?|grandkids"
    r"|grandchildren|toddlers?|twins)(?:'re|'s|\s+(?:are|is))?\s+(?:(?:really|also|totally|just"
    r"|so|all)\s+)?(?:loves?|likes?|adores?|enjoys?|into|obsessed with|crazy about|mad about)"
    # "my son is 8 and loves robots": a verb of someone else's
    r"|\b(?:and|who)\s+(?:(?:really|also|totally|just)\s+)?(?:loves|likes|adores|enjoys"
    r"|(?:is|are) (?:into|obsessed with|crazy about|mad about))"
    r"|\bfor\s+(?:the\s+|my\s+|our\s+|little\s+|young\s+)*(?:kids|children|toddlers|family)"
    r"\s+(?:about|with|featuring|involving))\s{1,2}(?:an?\s+|some\s+|the\s+)?"
    r"(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,2})"
)
#: A kind of film said in words before "movie" that no genre names: "a heist movie", "a
#: christmas film", "a bank heist movie" (it was searched, but "Looking for picks for
#: you..." said nothing of it). The words run from the article; which of them name the kind
#: is read in :mod:`pickwise.agent.understanding.aspects`. Before "story" or "tale" too: "a
#: detective story set in Japan" kept only Japan (Tokyo Story came first, for its title).
FILM_ASPECT = (
    r"\b(?:an?|some)\s{1,3}(?P<x>(?:(?!(?:an?|some|movies?|films?|flicks?|stor(?:y|ies)|tales?)\b)"
    r"[a-z][a-z'-]*\s+){1,6}?)(?P<n>movies?|films?|flicks?|stor(?:y|ies)|tales?)\b"
)
MOOD_ASPECT = (
    r"(?<!not )\bin the mood for\s+(?:an?\s+|some\s+)?(?P<x>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)"
    r"{0,2})"
)
#: Occasions and slang said for a mood, as (the mood, what refusing it avoids, pattern): the
#: mood is the taste noted and searched (spelled out in ``turn.MOODS``), the words are not. "a
#: background movie while I fold laundry" noted "you want background", "smth lit" "you want
#: lit", and "I need a good cry" was not understood; "nothing that makes me cry" avoids sad films.
OCCASIONS: tuple[tuple[str, str, str], ...] = (
    (
        "light and easy to follow",
        "",
        r"\b(?:background|easy[- ]watching|low[- ]effort|brain[- ]off|switch[- ]off)"
        r"(?:\s+(?:movies?|films?|watch(?:ing)?|noise|viewing|tv|stuff|ones?))\b"
        r"|\b(?:(?:to )?(?:have|put|leave) (?:it |something |on )*)?(?:on )?in the background\b"
        r"(?!\s+of\b)"
        r"|\b(?:while|as|when) (?:(?:i|we|you)(?:'m|'re| am| are)?\s+)?"
        r"(?:(?:fold(?:ing)?|do(?:ing)?|clean(?:ing)?|iron(?:ing)?|wash(?:ing)?|tidy(?:ing)?|sort(?:ing)?)\s+(?:(?:the|my|our"
        r"|some|up|a|bit of)\s+)*)?(?:laundry|chores|housework|ironing|dishes|washing(?: up)?"
        r"|clothes|the house|cleaning)\b"
        r"|\b(?:(?:for|during|with) (?:the |my |our )?)?(?:laundry|chores|housework|ironing)\b",
    ),
    (
        "a good cry",
        "not sad",
        r"\ba (?:good|proper|big|real) cry\b"
        r"|\b(?:(?:make|makes|making) (?:me|us)|(?:want|need|wanna) to) (?:cry|weep|sob|bawl"
        r"|tear up)\b(?: (?:my|our) eyes out\b)?|\bcry (?:my|our) eyes out\b",
    ),
    (
        # "a good movie for a first date" read nothing: "date night" only, in those words
        "date night",
        "",
        r"\b(?:first|second|third|dinner|movie) date\b|\b(?<!to )(?<!of )date (?:movies?|films?)\b"
        r"|\b(?:for|on) (?:a|our|my) date\b|\bdate[- ]night\b",
    ),
    (
        # "something everyone will like" noted "you want everyone" and searched for the word
        "crowd-pleaser",
        "",
        r"\bcrowd[- ]?pleas(?:ers?|ing)\b"
        r"|\b(?:that |which )?every(?:one|body)(?: (?:here|there|else))?"
        r"(?: (?:will|would|can|could|should|might)| ?'ll| ?'d)? (?:like|likes|love|loves|enjoy"
        r"|enjoys)\b(?=\s?(?:$|[,.!?;)]|(?:and|but|so|too|maybe|please|tonight)\b))",
    ),
    (
        # "something for a rainy sunday afternoon" searched for "afternoon" (Dog Day Afternoon)
        "cozy",
        "",
        r"\b(?:(?:for|on) )?an? (?:rainy|lazy|cold|snowy|gloomy|grey|gray|wet)"
        r" (?:(?:sunday|saturday|weekend|winter|autumn|fall) )?(?:day|afternoon|evening|night"
        r"|morning|sunday|saturday|weekend)\b",
    ),
    (
        # slang for exciting or great: "smth lit", "something fire"; not "dimly lit", "a fire"
        "exciting",
        "",
        r"\b(?:something|anything|some|real|really|super|so)\s+(?:lit|fire|dope|bussin)\b"
        r"(?!\s+(?:by|up|with|from|candles?|matches|alarm|station|fighters?)\b)",
    ),
)
#: Feelings wished for in other words, as (the mood, pattern): "I want to feel better" noted
#: "you want sad" (from "I'm sad ...") and brought Ran; "something to make me laugh" was not
#: read, and went on "Looking for sad...". The mood replaces the earlier mood of the request.
FEELINGS_WISHED: tuple[tuple[str, str], ...] = (
    (
        "feel-good",
        # not "thanks, I feel a bit better" (small talk)
        r"\b(?:to|make (?:me|us)|makes (?:me|us)|help (?:me|us)) feel"
        r" (?:a (?:bit|little|lot) )?(?:better|happier|good|happy)\b"
        r"|\bcheer (?:me|us|him|her|them) up\b|\bpick[- ]me[- ]up\b"
        r"|\b(?:lift|raise) (?:my|our) (?:spirits?|mood)\b"
        r"|\b(?:make|makes|making) (?:me|us) (?:smile|happy|happier|feel good)\b",
    ),
    (
        "funny",
        r"\b(?:make|makes|making) (?:me|us) (?:laugh|giggle|lol|crack up)\b"
        r"|\ba (?:good |big |real |proper )?(?:laugh|giggle|chuckle)\b(?! at\b)",
    ),
    (
        # "a movie that will make me question reality": before "make me question" below
        "mind-bending",
        r"\b(?:make|makes|making) (?:me|us|you) question (?:reality|what'?s real)\b"
        r"|\b(?:mess|messes|messing) with (?:my|your|our) (?:head|mind)\b",
    ),
    (
        # idioms searched word by word: "on the edge of my seat" found films saying "edge",
        # "something more down to earth" The Wandering Earth and Interstellar ("earth")
        "intense",
        r"\bedge[- ]of[- ](?:my|your|our|the)[- ]seats?\b|\bnail[- ]?(?:biter|biting)\b"
        r"|\bheart[- ]pounding\b",
    ),
    ("down-to-earth", r"\bdown[- ]to[- ]earth\b"),
    (
        "fun",
        r"\b(?:turn|switch|shut) (?:my|your|our) brains? off\b"
        r"|\b(?:turn|switch|shut) off (?:my|your|our) brains?\b",
    ),
    ("crowd-pleaser", r"\bpopcorn (?:movie|film|flick|fare|entertainment)s?\b"),
    # "something to fall asleep to" searched "fall" (The Umbrellas of Cherbourg)
    (
        "calm",
        r"\b(?:fall|falling|drift|drifting|doze|dozing|nod|nodding) (?:asleep|off) to\b"
        r"(?!\s+(?:the|a|an|it|this|that|its)\b)",
    ),
    ("relaxing", r"\b(?:unwind|unwinding|wind down|winding down|decompress|chill out)\b"),
    ("mind-bending", r"\bblows? (?:my|your|our) minds?\b|\bmind[- ]blowing\b"),
    (
        # "a movie that will make me think" noted nothing and brought Speed
        "thought-provoking",
        r"\b(?:make|makes|making) (?:me|us|you) (?:think|reflect|ponder|question)\b"
        r"|\bfood for thought\b|\bsomething to (?:think|chew) (?:about|on)\b",
    ),
)
#: The user's own state, which asks for what would lift it, not for more of it: "I'm sad and
#: want to feel better" noted "you want sad" (the feeling read as a wish). As (the mood asked
#: for, pattern); the state only asks for its mood when nothing else in the message does.
STATES: tuple[tuple[str, str], ...] = (
    (
        "feel-good",
        r"\b(?:i'?m|i am|im|we'?re|we are|i feel|we feel|i'?ve been|feeling|felt|been)"
        r"(?: (?:so|really|very|a bit|a little|kinda|kind of|pretty|super|quite|just))*"
        r" (?:sad|down|blue|low|depressed|upset|miserable|lonely|gloomy|heartbroken|unhappy"
        r"|bummed(?: out)?)\b",
    ),
    (
        "relaxing",
        r"\b(?:i'?m|i am|im|we'?re|we are|i feel|we feel|i'?ve been|feeling|felt|been)"
        r"(?: (?:so|really|very|a bit|a little|kinda|kind of|pretty|super|quite|just))*"
        r" (?:stressed(?: out)?|anxious|tired|exhausted|worn out|burn(?:ed|t) out|wiped)\b"
        r"|\b(?:had|having|after) (?:a|such a|one|another)(?: (?:really|very|so|pretty))?"
        r" (?:rough|bad|long|tough|hard|awful|terrible|stressful|horrible|crap|shit|shitty)"
        r" (?:day|week|night|shift)\b",
    ),
    (
        "exciting",
        r"\b(?:i'?m|i am|im|we'?re|we are|i feel|we feel|feeling|been)"
        r"(?: (?:so|really|very|a bit|a little|kinda|kind of|pretty|super|quite|just))* bored\b",
    ),
)
#: Holidays and seasons a film is wanted for, as (the name noted, pattern): one is what the
#: request is about, so a new one replaces it ("a christmas movie", then "what about
#: halloween?" went on "Looking for christmas..."); "halloween" alone was not read at all.
HOLIDAYS: tuple[tuple[str, str], ...] = (
    ("christmas", r"\b(?:christmas(?:time|sy)?|xmas|x-mas|yuletide)\b"),
    ("halloween", r"\b(?:halloween|hallowe'?en|spooky season)\b"),
    ("new year's eve", r"\bnew ?years?'?s?(?: eve| day)?\b|\bnye\b"),
    ("thanksgiving", r"\bthanksgiving\b"),
    ("valentine's day", r"\bvalentine(?:'?s(?: day)?| day)\b"),
    ("easter", r"\beaster\b"),
    ("hanukkah", r"\b(?:hanukk?ah|chanukk?ah)\b"),
    ("independence day", r"\b(?:fourth|4th) of july\b|\bjuly (?:4th|fourth)\b"),
)
#: What an occasion asks for ("date night", "a good cry", a background film): a wish for this
#: request, never kept in the profile as a standing taste (the next conversation went on with
#: it).
OCCASION_MOODS = frozenset({mood for mood, _, _ in OCCASIONS} | {"date night"})
#: Words that point a filter at the picks just shown ("just the ones under 2 hours", "which of
#: these are in French?"): those that fit it stay, first. A filter said alone ("only from the
#: 90s") asks for new picks.
OF_THE_LIST = (
    r"\b(?:just|only)\s+(?:the\s+)?ones\b|\b(?:of|from|among)\s+(?:these|those|them)\b"
    r"|\bwhich\s+(?:ones?\s+)?(?:of\s+)?(?:these|those)\b|\bthe\s+ones\s+(?:that|which)\b"
)
#: Studios and labels people name as if they were people ("nothing by Pixar"): a catalog without
#: a field for them cannot tell which items are theirs, and must not say it has none.
STUDIOS = frozenset(
    {
        "a24", "aardman", "blumhouse", "disney", "dreamworks", "ghibli", "studio ghibli",
        "hbo", "illumination", "laika", "lucasfilm", "marvel", "miramax", "netflix", "paramount",
        "pixar", "universal", "warner", "warner bros", "hammer", "toho", "amazon", "apple",
        "neon", "focus features", "searchlight", "criterion", "ubisoft", "nintendo",
    }
)  # fmt: skip
#: The kind of film a studio is known for, asked for in its place by a catalog that does not
#: record studios: "my son loves Marvel movies" brought Love Actually and You've Got Mail (the
#: words left were "my son loves"). Studios of every kind (A24, Netflix, Universal) have none.
STUDIO_KINDS = {
    "marvel": "superhero",
    "pixar": "animated family",
    "disney": "animated family",
    "dreamworks": "animated family",
    "illumination": "animated family",
    "laika": "animated",
    "aardman": "animated",
    "ghibli": "anime",
    "studio ghibli": "anime",
    "blumhouse": "horror",
    "hammer": "horror",
}
#: Fields that record an item's studio or label: a catalog with one can tell which are whose.
STUDIO_FIELDS = ("studio", "studios", "production_companies", "label")
#: Words that end a free-text aspect ("something *lighter* this time").
ASPECT_STOP = words(
    """
    a about an and anything be but can could different else film films for from i in is it
    just less like maybe more movie movies new now on one ones or other perhaps please
    really see should similar so something than that the then these this those time to today
    tonight very was watch we what where which who will with would you tho though pls plz
    lol haha along set good great nice decent they he she him her them us me my our their
    wont won't isn't doesn't don't we'd you'd i'd they'd both enjoy either neither random
    randomly
    """
)
POLITE = (
    r"\b(?:please|pls|plz|thanks|thank you|thx|hi|hello|hey|ok(?:ay)?|well|actually|hmm+|um+"
    r"|uh+|honestly|anyway)\b"
)
