"""Messages not in English. pickwise reads English only: "quelque chose de drôle" brought
L'Atalante and Caché (no comedy), "una de terror" no horror, as if they were understood. A
message mostly made of the small words of another big European language (French, Spanish,
Italian, German, Portuguese, Dutch) is said to be not understood; the titles and people of the
catalog it names are still gone by. No detector library is at hand, so the words are counted:
titles are blanked out first ("Amélie", "La Haine", "Das Boot" are no French or German), and
words that are English too ("a", "die", "come", "son") do not count.
"""

from __future__ import annotations

import re

from pickwise.agent.cues import words
from pickwise.agent.understanding.vocabulary import Vocabulary
from pickwise.retrieval.constraints import AnyOf, Constraint
from pickwise.retrieval.people import name_key, named_people

__all__ = ["full_names", "not_english"]

#: Function words and everyday request words of French, Spanish, Italian, German, Portuguese and
#: Dutch, folded (no accents), none of them an English word.
_FOREIGN = words(
    """
    le la les une des du de et est sont pas je tu il elle nous vous ils elles qui quoi quel
    quelle avec dans mais tres moins comme quelque chose moi veux voudrais cherche aime ce cette
    ces mon ma mes ton sans aussi donne drole qu j c peux un voir
    el los las unos unas del es pero algo alguna alguno quiero busco dame para por que mas muy
    tambien otra otro peli pelicula peliculas recomienda recomiendame una con ver
    il lo gli uno dei delle della che non qualcosa vorrei cerco piu molto anche divertente
    der das den dem des ein eine einen einem und ist nicht ich du wir ihr sie mit fur aber wie
    etwas mochte suche bitte noch oder sehr kein keine lustig lustigen zu
    uma nao voce eu quero filme muito tambem
    het een ik wil graag iets voor maar niet ook
    """
)
#: English words that say a message is English after all ("a de niro movie").
_ENGLISH = words(
    """
    the a an and or of to in for with something anything movie movies film films like i me my
    you we is are it that this some please want good more but not no show give any from about
    one what recommend watch by
    """
)
#: The share of a message's words that must be of another language.
FOREIGN_SHARE = 1 / 3


def not_english(masked: str) -> bool:
    """Whether a message (folded, its titles blanked out) is mostly in another language: two or
    more of its words are of another language, they are at least :data:`FOREIGN_SHARE` of them
    (names count among its words) and more than twice its English words. Short English
    messages and titles never are."""
    said = re.findall(r"[a-z]+", masked)
    foreign = sum(w in _FOREIGN for w in said)
    english = sum(w in _ENGLISH for w in said)
    return (
        foreign >= 2 and foreign > 2 * english and foreign >= FOREIGN_SHARE * len(said)
    )  # "le samourai and la jetee" is two titles


def full_names(masked: str, vocab: Vocabulary) -> tuple[Constraint, ...]:
    """The people of the catalog named in full anywhere in a message, without the English cues
    ("by", "with") the people pass needs: "un film de Hayao Miyazaki" is by him."""
    found = []
    for field, values in vocab.people:
        said = named_people(masked, {name_key(v) for v in values})
        found += [AnyOf(field, frozenset(said))] if said else []
    return tuple(found)
