"""TitleMatcher over the bundled demo catalog: robust matching, guarded titles, years, overlaps."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pickwise.agent.titles import Mention, TitleMatcher, fold, tokenize
from pickwise.data import demo_catalog_path
from pickwise.retrieval.items import Item
from pickwise.retrieval.loaders import load_items

ITEMS = load_items(demo_catalog_path()).items
MATCHER = TitleMatcher(ITEMS)
IDS = {item.id for item in ITEMS}


def found(text: str, matcher: TitleMatcher = MATCHER) -> list[str]:
    return [m.item_id for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case, punctuation, accents, articles
        ("I loved Arrival and Interstellar", ["arrival-2016", "interstellar-2014"]),
        ("i loved amelie", ["amelie-2001"]),
        ("AMÉLIE was lovely", ["amelie-2001"]),
        ("Ame\u0301lie (decomposed accent)", ["amelie-2001"]),
        ("the matrix", ["the-matrix-1999"]),
        ("I liked Matrix", ["the-matrix-1999"]),
        ("schindlers list", ["schindlers-list-1993"]),
        ("Schindler’s List", ["schindlers-list-1993"]),
        ("roger and me", ["roger-me-1989"]),
        ("good bye lenin", ["good-bye-lenin-2003"]),
        ("goodbye lenin!", ["good-bye-lenin-2003"]),
        ("wall-e", ["wall-e-2008"]),
        ("Walle", ["wall-e-2008"]),
        ("spiderman into the spiderverse", ["spider-man-into-the-spider-verse-2018"]),
        ("y tu mama tambien", ["y-tu-mama-tambien-2001"]),
        ("latalante", ["latalante-1934"]),
        ("the good the bad and the ugly", ["the-good-the-bad-and-the-ugly-1966"]),
        ("when harry met sally", ["when-harry-met-sally-1989"]),
        ("2001: a space odyssey", ["2001-a-space-odyssey-1968"]),
        ("[REC] is scary", ["rec-2007"]),
        # small typos
        ("Interstelar", ["interstellar-2014"]),
        ("Spirted Away", ["spirited-away-2001"]),
        ("the matirx", ["the-matrix-1999"]),
        ("Shindler's list", ["schindlers-list-1993"]),
        ("the grand budapest hotle", ["the-grand-budapest-hotel-2014"]),
        ("singing in the rain", ["singin-in-the-rain-1952"]),
        ("lord of the rings fellowship of the ring", [
            "the-lord-of-the-rings-the-fellowship-of-the-ring-2001"
        ]),
        # main title and subtitle alone
        ("mad max", ["mad-max-fury-road-2015"]),
        ("Fury Road", ["mad-max-fury-road-2015"]),
        ("furiosa", ["furiosa-a-mad-max-saga-2024"]),
        # the longest title wins where titles overlap
        ("Blade Runner 2049", ["blade-runner-2049-2017"]),
        ("blade runner", ["blade-runner-1982"]),
        ("Godzilla Minus One", ["godzilla-minus-one-2023"]),
        ("godzilla", ["godzilla-1954"]),
        ("Aliens", ["aliens-1986"]),
        # a year picks the item, or rules the title out
        ("blade runner 1982", ["blade-runner-1982"]),
        ("Godzilla (2014) was loud", []),
        # not inside other words, no fuzzing of everyday words
        ("something upbeat and coconut-flavoured", []),
        ("an interstellarish vibe", []),
        ("I found it moving", []),
    ],
)  # fmt: skip
def test_finds_titles(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("up for something fun?", []),
        ("Up for something fun?", []),  # a capital at the start of a sentence is no evidence
        ("I loved Up", ["up-2009"]),
        ('loved "up" as a kid', ["up-2009"]),
        ("Get out of here with that", []),
        ("I liked Get Out a lot", ["get-out-2017"]),
        ("the general idea is fine", []),
        ("The General is a classic", ["the-general-1926"]),
        ("general audiences", []),
        ("something with aliens", []),
        ("I loved Alien", ["alien-1979"]),
        ("loved alien", ["alien-1979"]),  # right after a cue word
        # a list a cue word starts (only the first title was found; the others were then
        # recommended back)
        ("loved vertigo and psycho, what next", ["vertigo-1958", "psycho-1960"]),
        (
            "i loved the shining, alien and psycho",
            ["the-shining-1980", "alien-1979", "psycho-1960"],
        ),
        ("i love horror and alien stuff", []),  # no title before it
        ("loved vertigo. alien invasions are fun too", ["vertigo-1958"]),  # a new sentence
        # a part of a title after a word that starts other titles is another film
        ("we loved before sunrise and lost in translation", []),
        ("nothing about the cold war", []),
        ("Cold War was beautiful", ["cold-war-2018"]),
        ("M. Night Shyamalan films", []),
        ("I rewatched M last night", ["m-1931"]),
        ("it happened once", []),
        ("Arrival was great", ["arrival-2016"]),
        ("the arrival of spring", []),
        ("I LOVED UP", []),  # all capitals say nothing
        ("I LOVED INTERSTELLAR", ["interstellar-2014"]),
    ],
)
def test_everyday_word_titles_need_evidence(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_spans_point_at_the_written_form() -> None:
    text = "So: I loved the matrix (1999), and Amélie!"
    mentions = MATCHER.find(text)
    assert [text[m.start : m.end] for m in mentions] == ["the matrix (1999)", "Amélie"]
    assert [m.title for m in mentions] == ["The Matrix", "Amélie"]
    assert mentions[0].score == 100.0


def test_typos_score_below_exact_matches() -> None:
    (typo,) = MATCHER.find("Interstelar")
    (exact,) = MATCHER.find("Interstellar")
    assert 80 < typo.score < exact.score == 100


SHARED = [
    Item("solaris-1972", "Solaris", metadata={"year": 1972}),
    Item("solaris-2002", "Solaris", metadata={"year": 2002}),
    Item("toy-story-1995", "Toy Story", metadata={"year": 1995}),
    Item("toy-story-2-1999", "Toy Story 2", metadata={"year": 1999}),
    Item("ml-matrix", "Matrix, The (1999)"),  # MovieLens style: article moved, year in the title
    Item("top-gun-1986", "Top Gun", metadata={"year": 1986}),
    Item("top-gun-maverick-2022", "Top Gun: Maverick", metadata={"year": 2022}),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Solaris (1972)", ["solaris-1972"]),
        ("solaris 2002", ["solaris-2002"]),
        ("solaris 2001", ["solaris-2002"]),  # release years differ by a year between sources
        ("Solaris", ["solaris-1972"]),  # no year: the earliest, the others as alternatives
        ("Solaris 1990", []),
        ("toy story 2 and toy story", ["toy-story-2-1999", "toy-story-1995"]),
        ("Toy Story", ["toy-story-1995"]),
        ("the matrix", ["ml-matrix"]),
        ("matrix 1999", ["ml-matrix"]),
        ("top gun", []),  # everyday words, lower case
        ("I loved Top Gun", ["top-gun-1986"]),  # the full title beats the main-title alias
        ("Top Gun: Maverick", ["top-gun-maverick-2022"]),
    ],
)
def test_items_sharing_a_title(text: str, expected: list[str]) -> None:
    assert found(text, TitleMatcher(SHARED)) == expected


@pytest.mark.parametrize(
    ("text", "said", "sequel"),
    [
        ("have you got the godfather part 2", "the godfather part 2", "Part 2"),
        ("The Godfather Part II was better", "The Godfather Part II", "Part II"),
        ("the godfather part two is the best", "the godfather part two", "Part Two"),
        ("loved toy story 3 and up", "toy story 3", "3"),
        ("I loved Rocky II", "Rocky II", "II"),
        ("i love aliens 2", "aliens 2", "2"),
        # a sequel's word in place of a number
        ("do you have the dark knight rises?", "the dark knight rises", "Rises"),
        ("The Dark Knight Rises was better", "The Dark Knight Rises", "Rises"),
    ],
)
def test_a_sequel_the_catalog_lacks_is_marked_not_taken_for_the_first_film(
    text: str, said: str, sequel: str
) -> None:
    """ "have you got the godfather part 2" was read as The Godfather, and "I just watched The
    Godfather Part II and loved it" noted a like of The Godfather."""
    assert found(text) == []  # a plain find never takes it for the film it follows
    (mention,) = MATCHER.find(text, sequels=True)
    assert (text[mention.start : mention.end], mention.sequel) == (said, sequel)
    assert mention.item_id in IDS  # the film it follows, for the reply to name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I loved Dune 2", ["dune-part-two-2024"]),  # the catalog has it under a longer title
        ("i loved dune part 2", ["dune-part-two-2024"]),
        ("the godfather part 1 and alien", ["the-godfather-1972", "alien-1979"]),
        ("the godfather, part 2", ["the-godfather-1972"]),  # a comma: no sequel number
        ("i loved heat 2 days ago", ["heat-1995"]),  # a bare number needs to end the phrase
        ("seen inception two times", ["inception-2010"]),
        ("blade runner 2049", ["blade-runner-2049-2017"]),
        ("12 angry men", ["12-angry-men-1957"]),
        ("the dark knight returns home tonight", ["the-dark-knight-2008"]),  # not a title's end
    ],
)
def test_numbers_after_a_title_that_are_no_missing_sequel(text: str, expected: list[str]) -> None:
    assert found(text) == expected
    assert not any(m.sequel for m in MATCHER.find(text, sequels=True))


def test_alternatives_name_the_other_items_with_that_title() -> None:
    (mention,) = TitleMatcher(SHARED).find("I loved Solaris")
    assert (mention.item_id, mention.alternatives) == ("solaris-1972", ("solaris-2002",))
    (dated,) = TitleMatcher(SHARED).find("I loved Solaris (2002)")
    assert dated.alternatives == ()
    assert dated.end == len("I loved Solaris (2002)")


def test_empty_catalog_and_empty_text() -> None:
    assert TitleMatcher([]).find("Interstellar") == []
    assert MATCHER.find("") == []
    assert MATCHER.find("   ...!!! ") == []


def test_fold_and_tokenize() -> None:
    assert fold("Amélie") == "amelie"
    assert fold("L'Atalante") == "latalante"
    assert fold("Straße") == "strasse"
    assert fold("&") == "and"
    assert [(t.norm, t.start, t.end) for t in tokenize("WALL-E & Co.")] == [
        ("wall", 0, 4),
        ("e", 5, 6),
        ("and", 7, 8),
        ("co", 9, 11),
    ]


def check_well_formed(text: str, mentions: list[Mention]) -> None:
    last_end = 0
    for m in mentions:
        assert last_end <= m.start < m.end <= len(text)
        assert m.item_id in IDS
        assert 0 < m.score <= 100
        assert m.item_id not in m.alternatives
        last_end = m.end


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_find_never_raises_on_any_text(text: str) -> None:
    check_well_formed(text, MATCHER.find(text))


WORDS = st.sampled_from(
    ["I", "loved", "the", "and", "up", "Up", "2", "1972", "(", ")", '"', "—", "é", "🎬", "of",
     "a", "it", "Amélie", "ALIEN", "godzilla", "\n", ",", "matrix", "'", "Toy", "story", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.sampled_from([i.title for i in ITEMS])), max_size=30))
def test_find_is_well_formed_on_title_soup(words: list[str]) -> None:
    text = " ".join(words)
    check_well_formed(text, MATCHER.find(text))


FILLERS = ["I think", "honestly,", "you know", "we watched", "and then", "my friend said"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ITEMS), st.sampled_from(FILLERS), st.sampled_from(FILLERS))
def test_a_quoted_title_is_always_found(item: Item, before: str, after: str) -> None:
    text = f'{before} "{item.title}" {after}'
    assert item.id in found(text)


def test_a_phrase_two_edits_from_a_title_word_is_not_a_typo_of_it() -> None:
    """ "in the mood" is two edits from "In the Loop", within the title's allowance, but both in
    one four-letter word: ordinary text, not a misspelt title."""
    matcher = TitleMatcher([*ITEMS, Item("loop", "In the Loop", "A satire.", {"year": 2009})])
    assert [m.item_id for m in matcher.find("I'm in the mood for a comedy")] == []
    assert [m.item_id for m in matcher.find("i loved in the loop")] == ["loop"]
    assert [m.item_id for m in matcher.find("i loved in the lopo")] == ["loop"]  # one typo
    assert [m.item_id for m in matcher.find("teh matrix")] == ["the-matrix-1999"]


def test_genre_words_given_as_everyday_words_need_evidence_to_be_titles() -> None:
    items = [
        Item("thriller", "Thriller", "", {"year": 1973}),
        Item("adv", "The Adventurer", "", {"year": 1917}),
        Item("alien", "Alien", "", {"year": 1979}),
    ]
    plain = TitleMatcher(items)
    assert [m.item_id for m in plain.find("in the mood for a thriller")] == ["thriller"]
    assert [m.item_id for m in plain.find("a thriller or an adventure")] == ["thriller", "adv"]
    genres = TitleMatcher(items, everyday=["thriller", "adventure", "science fiction"])
    assert genres.find("in the mood for a thriller or an adventure") == []  # nor a typo of it
    assert [m.item_id for m in genres.find("I loved Thriller")] == ["thriller"]  # title case
    assert [m.item_id for m in genres.find('I loved "thriller"')] == ["thriller"]  # quoted


def test_a_title_case_word_followed_by_a_capitalised_word_is_part_of_a_name() -> None:
    """Title case is the evidence for an everyday-word title, but not in "with Paul Rudd"."""
    items = [Item("paul", "Paul", "", {"year": 2011}), Item("up", "Up", "", {"year": 2009})]
    matcher = TitleMatcher(items)
    assert matcher.find("Maybe with Paul Rudd in it") == []
    assert [m.item_id for m in matcher.find("I loved Paul, the alien comedy")] == ["paul"]
    assert [m.item_id for m in matcher.find("I loved Paul and Up")] == ["paul", "up"]
    assert [m.item_id for m in matcher.find('loved "Paul" Rudd was in')] == ["paul"]  # quoted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i loved eternal sunshine", ["eternal-sunshine-of-the-spotless-mind-2004"]),
        ("something like blair witch", ["the-blair-witch-project-1999"]),
        ("I loved Shawshank", ["the-shawshank-redemption-1994"]),
        ("what about 'Paddington'?", ["paddington-2014"]),  # a whole title before a short name
        # a one-word short name must look like a name; everyday words are never short names
        ("i loved shawshank", []),
        ("I like adventures", []),
        ("I like saving money", []),
        ("a film about eternal sunshine", []),  # two words, but no sign of a title
        # a capitalised word right before makes it part of another title
        ("When Harry Met Sally or Before Sunrise", ["when-harry-met-sally-1989"]),
        ("I loved Sunrise", ["sunrise-a-song-of-two-humans-1927"]),
        ("Murnau's Sunrise", ["sunrise-a-song-of-two-humans-1927"]),
        ("Sunrise was great", ["sunrise-a-song-of-two-humans-1927"]),
    ],
)
def test_long_titles_are_found_by_their_short_names(text: str, expected: list[str]) -> None:
    """What people call long titles: "Eternal Sunshine", "Shawshank"."""
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seen elf and shrek", ["elf-2003", "shrek-2001"]),  # before a title found
        ("seen paddington 2 and elf", ["paddington-2-2017", "elf-2003"]),
        ("i liked shrek and elf", ["shrek-2001", "elf-2003"]),
        ("shrek and elf", ["shrek-2001"]),  # no cue: "elf" is too short to be taken on a list
    ],
)
def test_a_short_title_in_a_list_after_a_cue(text: str, expected: list[str]) -> None:
    """ "seen elf and shrek" noted only Shrek, and Elf was the next pick."""
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we've seen up", ["up-2009"]),  # a cue, and the phrase ends there
        ("we've seen toy story and up already", ["toy-story-1995", "up-2009"]),
        ("seen up to 3 films", []),
        ("i loved it, up next?", []),
    ],
)
def test_a_two_letter_title_after_a_cue_at_the_end_of_a_phrase(
    text: str, expected: list[str]
) -> None:
    """ "we've seen up" noted nothing, and Up was the next first pick."""
    assert found(text) == expected


def test_part_one_beside_a_catalog_part_two_is_a_film_the_catalog_lacks() -> None:
    """ "loved Dune part one" noted a like of Dune: Part Two."""
    without_part_one = TitleMatcher([item for item in ITEMS if item.id != "dune-2021"])
    (mention,) = without_part_one.find("loved Dune part one", sequels=True)
    assert (mention.title, mention.sequel, mention.item_id) == (
        "Dune",
        "Part One",
        "dune-part-two-2024",
    )
    assert found("the godfather part 1") == ["the-godfather-1972"]


def test_part_one_of_a_title_the_catalog_has_is_that_title() -> None:
    """With Dune (2021) and Dune: Part Two in the catalog, "loved Dune part one" was taken for a
    missing part of Dune (2021) and noted as no like at all; "the godfather part 1" worked."""
    (mention,) = MATCHER.find("loved Dune part one", sequels=True)
    assert (mention.item_id, mention.sequel) == ("dune-2021", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("lotr", ["the-lord-of-the-rings-the-fellowship-of-the-ring-2001"]),
     ("something like lotr but funnier", ["the-lord-of-the-rings-the-fellowship-of-the-ring-2001"]),
     ("LOTR", ["the-lord-of-the-rings-the-fellowship-of-the-ring-2001"]),
     ("i loved bttf and gwtw", ["back-to-the-future-1985", "gone-with-the-wind-1939"]),
     # initials that are words, or too short to tell, need capitals
     ("a cop movie", []), ("my mom and i", []), ("loved gbh", []),
     ("I loved GBH", ["the-grand-budapest-hotel-2014"])],
)  # fmt: skip
def test_initials_of_a_long_title_in_lower_case(text: str, expected: list[str]) -> None:
    """ "lotr" in lower case was searched as a word (it brought RRR); only initials of four
    letters or more that are no word of any text stand for a title so."""
    assert found(text) == expected


def test_initials_two_titles_share_stand_for_neither() -> None:
    items = [Item("a", "Back to the Future", ""), Item("b", "Beyond the Time Frontier", "")]
    assert found("bttf", TitleMatcher(items)) == []
    assert found("the lord of the rings", TitleMatcher(ITEMS))  # lower case, in full
