"""Figures an article's context makes: the crew and passengers of a hijacked or vanished vessel or plane.

"There were 26 crew on board" names no kind; in a story whose headline or lead says the ship was
hijacked, they are the pirates' hostages (abducted); where it says the ship vanished, they are
missing ("aboard a vessel not heard from", EXTRACTION-GUIDELINES.md). The context is read once
per article (digest/data/casualty_context.toml); only such stories pay for the crew counts.
"""

from __future__ import annotations

import re

from digest.extract.casualties import guards
from digest.extract.casualties.phrases import qualifier_of
from digest.extract.numbers import find_numbers
from digest.extract.rules import load_rules

_RULES = load_rules("casualty_context")


def _context(name: str) -> re.Pattern[str]:
    return re.compile(_RULES.alternation(context=name), _RULES.flags)


_HIJACKED = _context("hijacked")
_NOT_HIJACKED = _context("not_hijacked")
_CREW_AFTER = _context("crew_after")
_CREW_BEFORE = _context("crew_before")
_NOT_CREW = _context("not_crew")
_VANISHED = _context("vanished")
LEAD = 3  # the headline and the first sentences: where a story says what happened


def story_kind(sentences: list[str]) -> str:
    """"abducted" when the headline or lead says a vessel or plane was hijacked (not that an attempt
    failed), "missing" when it says one vanished, else ""."""
    lead = " ".join(sentences[:LEAD])
    if _HIJACKED.search(lead) and not _NOT_HIJACKED.search(lead):
        return "abducted"
    return "missing" if _VANISHED.search(lead) else ""


def crew_figures(sentence: str) -> list[tuple[int, str, int, int]]:
    """(count, qualifier, start, end) of the people aboard counted in a sentence of such a story
    that has no figure of its own; none that were freed, charged, negated or "the remaining" few."""
    found = []
    for number in find_numbers(sentence):
        if number.vague:
            continue
        before = sentence[max(0, number.start - 60): number.start]
        if not (_CREW_AFTER.match(sentence, number.end) or _CREW_BEFORE.search(before)) or _NOT_CREW.search(before):
            continue
        qualifier, start = qualifier_of(sentence, number)
        if guards.not_a_figure(sentence[max(0, start - 60): start]) or \
                guards.undone_after(sentence, number.end, "abducted", "crew", number.value):
            continue
        found.append((number.value, qualifier, start, number.end))
    return found
