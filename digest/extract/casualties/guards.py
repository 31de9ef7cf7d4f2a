"""Guards: named predicates that drop what only looks like a toll (digest/data/casualty_guards.toml).

Perpetrators ("two gunmen killed ..."), hypotheticals and plans ("could kill thousands"),
negations, people charged, released or back home, whole populations, identified bodies and
figures the text withdraws. Each predicate reads the text around one number phrase.
"""

from __future__ import annotations

import re

from digest.extract.casualties.vocabulary import GAP, HEAD_KINDS, WINDOW, is_people
from digest.extract.rules import load_rules
from digest.extract.scan import Guarded

_RULES = load_rules("casualty_guards")


def _guard(name: str, template: str = "{body}", flags: int = re.I) -> re.Pattern[str]:
    return re.compile(template.format(body=_RULES.alternation(guard=name)), flags)


_NOT_FIGURE_BEFORE = _guard("not_figure", rf"\b(?:{{body}}){GAP}$")
_POPULATION_BEFORE = _guard("population", rf"\b(?:{{body}}){GAP}$")
_PARENT_BEFORE = _guard("parent", rf"\b(?:{{body}}){GAP}$")
_RECORD_AFTER = _guard("record")
_HYPOTHETICAL_BEFORE = _guard("hypothetical", rf"(?:{{body}}){GAP}$")
HYPOTHETICAL_VERB = _guard("hypothetical_verb")
_RELEASED_AFTER = _guard("released")
_AVERTED_AFTER = _guard("averted")
_SPARED_AFTER = _guard("spared")
_RATE_AFTER = _guard("rate")
_RETURNED_AFTER = _guard("returned")
_WITHDRAWN_AFTER = _guard("withdrawn_after")
IDENTIFIED_AFTER = _guard("identified")
TO_HOSPITAL_AFTER = _guard("to_hospital")
OBJECT_AFTER = _guard("object_after", flags=0)
_RECAPTURE = _guard("recapture")
_WITHDRAWN = Guarded(_guard("sentence"))  # asked of every sentence, and run only where "withdrawn", "error"... occur
_RELATIVE_VERB_BEFORE = re.compile(rf"\b(?:that|which)\s+(?:has\s+|had\s+|have\s+)?(?:killed|injured|wounded|claimed\s+the\s+lives\s+of){GAP}$", re.I)
MODAL = re.compile(r"\b(?:could|would|might|may|will|can|should|must)\b(?!\s+have\b)", re.I)
NEGATED = re.compile(r"\b(?:not|never|n't)\b", re.I)


def withdrawn_sentence(sentence: str) -> bool:
    """The sentence withdraws what it reports ("a report of 50 dead was withdrawn as incorrect")."""
    return bool(_WITHDRAWN.search(sentence))


def population_before(before: str) -> bool:
    """A population just before the number ("the entire population of 10,600")."""
    return bool(_POPULATION_BEFORE.search(before))


def not_a_figure(before: str, head_kind: str = "", partitive: bool = False) -> bool:
    """Just before the number: people freed, charged or sought, a negation, a capacity, a modal,
    plan or forecast ("could force thousands", "planning for up to 860,000 refugees"), a parent's
    children ("a mother of five", unless a part follows: "the mother of one of those killed"), or a
    population ("home to 2 million people"; a camp "home to 22,000 refugees" counts them)."""
    return bool(_NOT_FIGURE_BEFORE.search(before) or _HYPOTHETICAL_BEFORE.search(before)
                or not partitive and _PARENT_BEFORE.search(before)
                or head_kind != "displaced" and _POPULATION_BEFORE.search(before))


def undone_after(sentence: str, end: int, kind: str, who: str, count: int = 0, head_kind: str = "", before: str = "") -> bool:
    """What follows the noun phrase undoes the figure: released or charged, withdrawn, averted
    ("thousands of deaths could be prevented"), lives saved, a rate ("deaths per 100,000"), back home; things and places go missing, get
    evacuated or held too ("four wards were evacuated", "three meetings were held"). A singular "was" after a count above one has
    another subject: "the man who killed four people ... was sentenced" still counts the four; so has the
    object of a relative clause's verb ("six accused over a fire that killed over 1,000 are acquitted")."""
    after = sentence[end: end + WINDOW]
    released = _RELEASED_AFTER.match(after)
    if released and (count > 1 and released.group("aux").lower() == "was" or head_kind == "killed"):
        released = None  # "Those four deaths were all charged as murder": deaths and bodies are no people charged
    if released and _RELATIVE_VERB_BEFORE.search(before):
        released = None
    return bool(released or _WITHDRAWN_AFTER.match(after) or _AVERTED_AFTER.match(after) or _SPARED_AFTER.match(after)
                or _RATE_AFTER.match(after)
                or kind == "displaced" and _RETURNED_AFTER.match(after)
                or kind in ("missing", "displaced", "arrested", "abducted") and who != "people" and not is_people(who)
                and not who[:1].isupper() and who.lower() not in HEAD_KINDS)


def prison_population(sentence: str, start: int, end: int, kind: str, who: str) -> bool:
    """"the 994 inmates held at the facility": a prison's population, not arrests (unless recaptured)."""
    return (kind == "arrested" and who.lower() in ("inmates", "convicts")
            and not _RECAPTURE.search(sentence[max(0, start - 60): start])
            and not _RECAPTURE.search(re.split(r"[,;]", sentence[end: end + 60])[0]))


def a_record(sentence: str, number_end: int) -> bool:
    """"Gray has four prior arrests": someone's record, not this story's arrests."""
    return bool(_RECORD_AFTER.match(sentence[number_end: number_end + 40]))


def subset_in_care(sentence: str, number_end: int, trigger_end: int) -> bool:
    """"23 of them were in intensive care": a part of the injured already counted, in no new kind
    (a subset counts only with a kind word of its own, "8 of them died")."""
    return bool(re.match(r"\s+of\s+(?:them|whom)\b", sentence[number_end: number_end + 12], re.I)
                and re.search(r"\bintensive\s+care\s*$", sentence[number_end: trigger_end], re.I))
