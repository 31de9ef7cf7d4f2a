"""The words casualty rules share: people nouns, kinds of head nouns and modifiers, qualifiers.

The vocabulary lives in digest/data/casualty_nouns.toml, casualty_triggers.toml (heads and
modifiers) and casualty_qualifiers.toml; this module only reads it and answers small questions.
"""

from __future__ import annotations

import re

from digest.extract.prescan import CASUALTIES, may_match
from digest.extract.rules import load_rules

KINDS = ("killed", "injured", "missing", "displaced", "arrested", "abducted")
WINDOW = 300  # characters of context a rule may look at after a number: keeps run-on text linear

_NOUNS = load_rules("casualty_nouns")
PEOPLE = _NOUNS.words("people")
SINGULAR_PEOPLE = _NOUNS.words("people.singular")
NON_PEOPLE = _NOUNS.words("not_people")
COLLECTIVE = _NOUNS.words("collective")
LOST_WHO = _NOUNS.words("lost")
VICTIMS_KILLED = _NOUNS.words("victims_killed")
VEHICLES = _NOUNS.words("vehicles")
PASSIVE_NEXT = _NOUNS.words("passive_next")
STOP_AFTER = _NOUNS.words("stop_after")
TRIGGER_WORDS = _NOUNS.words("trigger_words")
ENEMY = _NOUNS.words("enemy")
TO_DEATH_VERBS = "|".join(sorted(_NOUNS.words("to_death_verbs")))  # "shot four people to death"

_TRIGGERS = load_rules("casualty_triggers")
HEAD_KINDS = {word: rule.get("kind") for rule in _TRIGGERS.select(role="head") for word in rule.words}
MODIFIER_KINDS = {word: rule.get("kind") for rule in _TRIGGERS.select(role="modifier") for word in rule.words}


def _by_kind(role: str) -> list[tuple[str, str]]:
    """(kind, alternation) per kind, kinds in file order, of the trigger entries with `role`."""
    rules = _TRIGGERS.select(role=role)
    return [(kind, "|".join(r.pattern for r in rules if r.get("kind") == kind))
            for kind in dict.fromkeys(r.get("kind") for r in rules)]


VERBS_BEFORE = _by_kind("verb_before")  # "killing 12", "the deaths of 5"
TALLY_NOUNS = _by_kind("tally_noun")  # "the number of detainees at 87"
TOLL = _TRIGGERS.alternation(role="toll")  # "the death toll rose to 57"
TRIGGERS_AFTER = [(r.get("kind"), r.pattern) for r in _TRIGGERS.select(role="after")]  # "12 people were killed"
# Right of the noun phrase: "(who) (had) (reportedly) (been) killed", a quote may open inside
# ('eleven people are "highly likely to have died"').
AUX = (
    r"(?:[\"\u201c]?(?:who|that|have|has|had|were|was|are|is|been|be|being|also|all|both|still|now|later|since|already|"
    r"so\s+far|feared|believed|thought|said|known|reported|confirmed|presumed|appears?|appeared|seems?|seemed|to|remain|remained|remains|"
    r"were\s+left|left|got|could|would|might|may|will|can|should|must|not|never|n't|(?!(?:fatally|mortally)\b)\w+ly)\s+){0,6}"
)
TRIGGER_AFTER = re.compile(
    rf"^(?P<aux>{AUX})(?P<trigger>" + "|".join(f"(?P<k{i}>{t})" for i, (_, t) in enumerate(TRIGGERS_AFTER)) + r")\b",
    re.I,
)


def trigger_kind(match: re.Match[str]) -> str:
    """The kind of the entry that made a TRIGGER_AFTER match."""
    return next(TRIGGERS_AFTER[int(name[1:])][0] for name, value in match.groupdict().items()
                if name.startswith("k") and value)

_QUALIFIER_RULES = load_rules("casualty_qualifiers")
QUALIFIERS = [(name, _QUALIFIER_RULES.alternation(qualifier=name))
              for name in dict.fromkeys(r.get("qualifier") for r in _QUALIFIER_RULES.rules)]
QUALIFIER_WORDS = "|".join(words for _, words in QUALIFIERS)
# Words that may sit between a trigger verb and the number: "killing at least another 12".
GAP = (rf"(?:\s+|[\"\u201c\u2018'])*(?:(?:{QUALIFIER_WORDS}|another|a\s+further|an\s+additional|a\s+total\s+of|"
       rf"the|only|all|just|his|her|their|its|our|my|[\w-]+['\u2019]s)\s+[\"\u201c]?)*")  # "arrested the man's two sons"

_PEOPLE_SUFFIX = re.compile(r"(?:ers|ors|ists|ians|ees|men|women|ites|ards|ants|ents)$", re.I)


def is_people(word: str) -> bool:
    """A plural noun for people ("civilians", "Palestinians"), or a singular one ("miner", "person")."""
    lower = word.lower()
    if lower in SINGULAR_PEOPLE or lower + "s" in PEOPLE and lower not in ("hostage", "prisoner", "captive", "male", "female"):
        return True
    if lower in NON_PEOPLE:
        return False
    if lower in PEOPLE or _PEOPLE_SUFFIX.search(lower) and (lower.endswith("s") or len(lower) > 5 and lower.endswith("men")):
        return True  # "-men" plurals need no list: "89 of our innocent countrymen", "six fishermen"
    return word[:1].isupper() and lower.endswith(("s", "ese", "is")) and len(word) > 3


def is_singular_person(word: str) -> bool:
    """A lowercase singular of a people noun's shape, right after "one": "one climber", "one officer"."""
    lower = word.lower()
    return (word[:1].islower() and len(lower) > 4 and not lower.endswith("s") and lower not in STOP_AFTER
            and lower + "s" not in NON_PEOPLE and (bool(_PEOPLE_SUFFIX.search(lower + "s")) or lower + "s" in PEOPLE))


def may_hold_figure(sentence: str) -> bool:
    """Cheap pre-filter: a sentence with no trigger of any entry (nor a hint stem) cannot hold a figure."""
    return may_match(sentence, CASUALTIES)
