"""Number phrases: a count (digest.extract.numbers), its qualifier, ranges, and the people it
counts ("at least 10 people, six of them rebels"); and the parts of a toll (its breakdown).

Matching only: which kind a phrase is, and whether it is a toll at all, is decided later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from digest.extract.casualties.vocabulary import (
    COLLECTIVE,
    GAP,
    HEAD_KINDS,
    MODIFIER_KINDS,
    NON_PEOPLE,
    PASSIVE_NEXT,
    QUALIFIERS,
    STOP_AFTER,
    TRIGGER_AFTER,
    TRIGGER_WORDS,
    VERBS_BEFORE,
    VICTIMS_KILLED,
    WINDOW,
    is_people,
    is_singular_person,
)
from digest.extract.numbers import Number, find_numbers

_QUALIFIER_BEFORE = [(name, re.compile(rf"\b(?:{words})\s+[\"\u201c]?$", re.I)) for name, words in QUALIFIERS]
_TIME_UNITS = frozenset(("seconds", "minutes", "hours", "days", "weeks", "months", "years", "moments", "times"))  # "killed 30 people hours after"
_SINGULAR_HEADS = frozenset(("death", "fatality", "arrest"))
_OR_MORE = re.compile(r"^\s+or\s+more\b", re.I)  # "Sixty-six people or more", "killing 107 or more"
_RANGE_BETWEEN = re.compile(r"^\s*(?:-|\u2013|\u2014|to|or)\s*$", re.I)
_PARTITIVE = re.compile(r"^\s+of\s+(?:them|whom|the|its|their|his|her|our|my|your|these|those|"
                        r"(?-i:(?:[A-Z][\w\u00c0-\u024f-]*\s+){0,2}[A-Z][\w\u00c0-\u024f-]*)['\u2019]s)(?=\s)", re.I)
# "At least 12 of one family": the household names the people counted
_OF_FAMILY = re.compile(r"^\s+of\s+(?:one|a|an|the|a\s+single|the\s+same)\s+(?:(?:extended|single|same)\s+)?(?:family|household)\b", re.I)
# "sixteen other journalist deaths", "civilian deaths": a people noun modifying a plural head of a kind
_COMPOUND_HEADS = frozenset(w for w in HEAD_KINDS if w.endswith("s") and w not in ("homeless", "missing"))
# "One of two climbers died" counts one; "she was one of 12 people killed" counts the twelve
_PARTITIVE_COUNT = re.compile(r"^\s+of\s+(?=(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s)", re.I)
_MEMBER_BEFORE = re.compile(r"\b(?:was|were|is|are|as|being|be|been)\s+[\w-]+$", re.I)
_NP_CONJUNCT = re.compile(r"^\s+and\s+(?:[A-Za-z][\w'-]*\s+)??(?P<head>[A-Za-z][\w'-]*)")
# verbs that act only on the living ("captured 5 tanks" does not count people)
_VERB_END = re.compile(rf"\b(?:{'|'.join(v for kind, v in VERBS_BEFORE if kind in ('killed', 'injured'))}){GAP}$", re.I)
APPOSITIVE = re.compile(r"^\s*(?:,|\(|\u2014|--)\s*(?P<body>[^,()\u2014]{1,80}?)\s*(?:,|\)|\u2014|--)")
BREAKDOWN_LEAD = re.compile(r"^(?:including|among\s+them|among\s+whom)\b|^\S+\s+of\s+(?:them|whom)\b", re.I)
_INCLUDING_AFTER = re.compile(r"^\s*,?\s*(?:including|among\s+them|among\s+whom)\s+(?P<body>[^.;:]{1,120})", re.I)
_OF_THEM_AFTER = re.compile(r"^\s*,\s*(?!and\b|but\b|or\b)(?P<body>[^,.;]{1,40}?\s+of\s+(?:them|whom)\s+"
                            r"(?P<who>[A-Za-z][\w'-]*(?-i:\s+[A-Z][\w'-]*)?)[^,.;]{0,40})", re.I)
_NUMBER_WORD = (r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
                r"forty|fifty|dozens|scores|hundreds|thousands)")
# a breakdown listed between the people and their verb: "12 of one family, seven children, three women and two men, were"
LIST_APPOSED = re.compile(rf"^\s*,\s*(?P<body>(?:{_NUMBER_WORD}\s[^,;.()]{{1,50}}?,\s*)*{_NUMBER_WORD}\s[^,;.()]{{1,50}}?\s+and\s+"
                          rf"{_NUMBER_WORD}\s[^,;.()]{{1,40}}?),\s*(?=\w)", re.I)
_CLAUSE_BREAK = re.compile(r",?\s+\b(?:while|but|whereas|although|though|as|when|after|before|said|says|"
                           r"according|who|which)\b|,?\s+and\s+(?=[a-z]+(?:ing|ed)\b)"
                           # a new clause with its own count and verb: "including a two-year-old boy, and three others are injured"
                           rf"|,\s+and\s+(?={_NUMBER_WORD}\s+[^,;.]{{0,40}}?\b(?:are|were|was|is|have|had|has)\b)", re.I)


@dataclass
class Phrase:
    """A number phrase with its qualifier and the people it counts."""

    value: int
    qualifier: str
    start: int  # start of the qualifier, or of the number
    end: int  # end of the noun phrase
    number_end: int
    who: str = ""
    head_kind: str = ""


def _words_after(text: str) -> list[tuple[str, int]]:
    """Word tokens (and commas) with their end offsets, for the noun phrase after a number."""
    return [(m.group(0), m.end()) for m in re.finditer(r"(?:[A-Z]\.){2,}|[A-Za-z][\w'\u2019-]*|,|[.;:!?()]", text[:80])]


def noun_phrase(sentence: str, end: int, vague: bool) -> tuple[str, str, int] | None:
    """(who, head kind, end offset) of the noun after a number ("six of them rebels"); None if not people."""
    after = sentence[end: end + WINDOW]
    offset = end
    lead = re.match(r"^[\"\u201d\u2019']?\s+of\s+(?:the\s+)?" if vague else r"^[\"\u201d\u2019']?", after, re.I)
    if vague and not lead:
        lead = re.match(r"^[\"\u201d\u2019']?", after)
    offset += lead.end()
    pronoun = re.match(r"(?:them|whom|those|these)\b", sentence[offset: offset + 6], re.I) if vague else None
    if pronoun and lead.group(0).strip(" \"\u201d\u2019'"):
        return "people", "", offset + pronoun.end()  # "dozens of them have disappeared"
    if not vague:
        family = _OF_FAMILY.match(sentence[offset: offset + 40])
        if family:
            return "people", "", offset + family.end()
        partitive = _PARTITIVE.match(sentence[offset: offset + WINDOW]) or \
            (None if _MEMBER_BEFORE.search(sentence[max(0, end - 40): end]) else
             _PARTITIVE_COUNT.match(sentence[offset: offset + WINDOW]))
        if partitive:
            inner = offset + partitive.end()
            total = re.match(r"\s+\d{1,3}(?:, ?\d{3})+(?=\s)", sentence[inner: inner + 20])  # "of the town's 14,000 residents"
            return noun_phrase(sentence, inner + (total.end() if total else 0), False) or ("people", "", offset)
    tokens = _words_after(sentence[offset: offset + WINDOW])
    head_kind = ""
    i = -1
    skipped = 0
    for j, (word, word_end) in enumerate(tokens[:5]):
        lower = word.lower()
        if lower in ("more", "other", "further", "additional", "people's"):
            skipped = word_end
            continue
        i += 1
        if lower in _SINGULAR_HEADS:  # "one arrest", "one death": right after the number, ending the phrase
            following = tokens[j + 1][0] if j + 1 < len(tokens) else ""
            if i > 0 or following[:1].isalpha() and following.lower() not in STOP_AFTER:
                return None  # "one of the highest death tolls", "one death penalty"
        if lower in HEAD_KINDS and (i > 0 or lower not in ("missing", "wounded", "injured", "dead", "displaced",
                                                              "homeless")):
            who = lower if is_people(word) else "people"  # "14 bodies" counts people
            return who, HEAD_KINDS[lower], offset + word_end
        if lower in HEAD_KINDS:  # "11 missing", "45 dead": an adjective standing for its people
            return "people", HEAD_KINDS[lower], offset + word_end
        if i == 0 and word[:1].isupper() and sentence[end - 3: end].lower() == "one" and tokens[j + 1: j + 2]:
            nxt, nxt_end = tokens[j + 1]
            if is_people(nxt) or is_singular_person(nxt):
                return nxt.lower(), "", offset + nxt_end  # "one English climber"
            if nxt == "and" and re.match(r"\s+one\b", sentence[offset + nxt_end: offset + nxt_end + 5], re.I):
                return word, "", offset + word_end  # "One Australian and one English climber": a listed member
        if i == 0 and lower in VICTIMS_KILLED and tokens[j + 1: j + 2] and tokens[j + 1][0].lower() == "victims":
            return "victims", "killed", offset + tokens[j + 1][1]  # "the four murder victims"
        if i == 0 and lower in COLLECTIVE and not any(is_people(w) for w, _ in tokens[j + 1: j + 2]):
            return None  # "eight members of one family": households, not people ("five family members" are)
        participle = lower.endswith(("ed", "ing")) and not any(is_people(w) for w, _ in tokens[j + 1: j + 4]) and \
            not (tokens[j + 1: j + 2] and tokens[j + 1][0].lower() in HEAD_KINDS)  # "170 suspected deaths"
        at_trigger = i == 0 and TRIGGER_AFTER.match(sentence[offset + word_end - len(word): offset + WINDOW])
        modifies = lower in MODIFIER_KINDS and any(is_people(w) for w, _ in tokens[j + 1: j + 4])  # "two kidnapped aid workers"
        if i == 0 and (lower in TRIGGER_WORDS or participle or at_trigger) and not modifies:
            return "people", head_kind, offset + skipped  # "140,000 evacuated": the trigger follows
        if is_people(word) or i == 0 and sentence[end - 3: end].lower() == "one" and is_singular_person(word):
            who, stop = word, word_end
            for nxt, nxt_end in tokens[j + 1: j + 3]:
                if is_people(nxt) and nxt.lower() not in ("others",):
                    who, stop = nxt, nxt_end
                else:
                    if nxt.lower() in _COMPOUND_HEADS:
                        return nxt.lower(), HEAD_KINDS[nxt.lower()], offset + nxt_end
                    if nxt.lower() in NON_PEOPLE and nxt.lower() not in _TIME_UNITS:
                        return None  # "12 refugee camps", "two police cars": things of people
                    break
            conjunct = _NP_CONJUNCT.match(sentence[offset + stop: offset + stop + 60])
            if conjunct and is_people(conjunct.group("head")) and not find_numbers(conjunct.group(0)):
                stop += conjunct.end()  # "30 schoolchildren and teachers"
            # "two million Syrian refugees": a head noun that carries its kind; "30 refugee children": a modifier
            kind = head_kind or HEAD_KINDS.get(who.lower(), "") or MODIFIER_KINDS.get(lower, "")
            return (who if who[:1].isupper() else who.lower()), kind, offset + stop
        if lower in NON_PEOPLE:
            return None
        if lower in MODIFIER_KINDS:
            head_kind = MODIFIER_KINDS[lower]
            i -= 1  # the noun may still be three words on: "two kidnapped Italian aid workers"
            continue
        if i == 0 and (lower.endswith("s") or word[0].isupper()) and tokens[j + 1: j + 2] and \
                (tokens[j + 1][0].lower() in PASSIVE_NEXT or word[0].isupper() and tokens[j + 1][0].lower() in TRIGGER_WORDS):
            # '50 "apostates" had been killed', "370,000 Rohingya have fled": a noun we do not know
            return (word if word[0].isupper() else lower), head_kind, offset + word_end
        if i in (1, 2) and word[:1].islower() and lower.endswith("s") and tokens[j + 1: j + 2] and \
                tokens[j + 1][0].lower() in PASSIVE_NEXT and all(w[:1].isalpha() and w.lower() not in STOP_AFTER
                                                                 for w, _ in tokens[:j]):
            return lower, head_kind, offset + word_end  # "Three French sport stars are among the dead"
        if lower in STOP_AFTER or not word[:1].isalpha():
            return ("people", head_kind, offset + skipped) if i == 0 or head_kind else None
        if i >= 2:
            return None
    return "people", head_kind, offset


def qualifier_of(sentence: str, number: Number) -> tuple[str, int]:
    if number.text.lower().endswith("-plus"):
        return "more_than", number.start  # "1,000-plus"
    before = sentence[max(0, number.start - 40): number.start]
    for name, pattern in _QUALIFIER_BEFORE:
        match = pattern.search(before)
        if match:
            return name, number.start - (len(before) - match.start())
    return "exact", number.start


def object_of_verb(sentence: str, start: int, end: int) -> tuple[str, str, int] | None:
    """An unknown plural right after a verb of the kinds counts people: 'killed "more than 40 infidels"'."""
    if not _VERB_END.search(sentence[max(0, start - 40): start]):
        return None
    word = re.match(r"^[\"\u201d\u2019']?\s+([a-z][\w'-]*s)\b(?!\s+of\b)", sentence[end: end + 40])
    if not word or word.group(1).lower() in NON_PEOPLE:
        return None
    return word.group(1).lower(), "", end + word.end()


def number_phrases(sentence: str, numbers: list[Number]) -> list[Phrase]:
    """Number phrases with ranges merged ("between 30 and 40", "three to five" → 30/3, at_least)."""
    phrases: list[Phrase] = []
    i = 0
    while i < len(numbers):
        number = numbers[i]
        qualifier, start = qualifier_of(sentence, number)
        last = number
        if i + 1 < len(numbers):
            gap = sentence[number.end: numbers[i + 1].start]
            between = re.search(r"\bbetween\s+$", sentence[max(0, number.start - 20): number.start], re.I) and re.fullmatch(r"\s+and\s+", gap)
            change = re.search(r"\bfrom\s+$", sentence[max(0, number.start - 8): number.start], re.I)  # "from 45 to 38"
            if between or _RANGE_BETWEEN.match(gap) and not number.vague and not change:
                last = numbers[i + 1]
                qualifier = "at_least"
                if between:
                    start = number.start - len(re.search(r"between\s+$", sentence[max(0, number.start - 20): number.start], re.I).group(0))
                i += 1
        if number.vague:
            qualifier = "vague"
        more = _OR_MORE.match(sentence[last.end: last.end + 12])
        noun = noun_phrase(sentence, last.end + (more.end() if more else 0), number.vague)
        if noun is None and number.vague and re.search(r"\bby\s+the\s+$", sentence[max(0, start - 8): start], re.I):
            noun = ("people", "", last.end)  # "arrested by the dozens outside the ministry": the people came before
        i += 1
        if noun is None:
            noun = object_of_verb(sentence, start, last.end)
        if noun is None:
            continue
        who, head_kind, end = noun
        if not more:
            more = _OR_MORE.match(sentence[end: end + 12])
            end += more.end() if more else 0
        if more and qualifier == "exact":
            qualifier = "at_least"
        phrases.append(Phrase(number.value, qualifier, start, end, last.end, who, head_kind))
    return phrases



def breakdown(sentence: str, start: int, numbers: list[Number]) -> tuple[list[dict[str, Any]], set[int]]:
    """Parts of a toll ("six of them rebels", "including four children") and the numbers they use."""
    for pattern in (_OF_THEM_AFTER, _INCLUDING_AFTER, APPOSITIVE, LIST_APPOSED):
        match = pattern.match(sentence[start: start + WINDOW])
        if not match or pattern is LIST_APPOSED and not TRIGGER_AFTER.match(sentence[start + match.end(): start + WINDOW]):
            continue
        body = _CLAUSE_BREAK.split(match.group("body"))[0]
        body_start = start + match.start("body")
        body_end = body_start + len(body)
        if pattern is APPOSITIVE and not BREAKDOWN_LEAD.match(match.group("body").strip()):
            continue
        if pattern is _OF_THEM_AFTER and not is_people(match.group("who").split()[-1]):
            continue  # "..., and 8 of them died": a new figure, not a part of this one
        parts: list[dict[str, Any]] = []
        used: set[int] = set()
        for number in numbers:
            if body_start <= number.start < body_end:
                noun = noun_phrase(sentence, number.end, number.vague)
                who = noun[0] if noun else "people"
                if who == "people":
                    them = re.match(r"\s+of\s+(?:them|whom)\s+([A-Za-z][\w-]*(?:\s+[A-Z][\w'-]*)?)",
                                    sentence[number.end: number.end + WINDOW])
                    who = them.group(1) if them else who
                parts.append({"count": number.value, "who": who})
                used.add(number.start)
        if parts:
            return parts, used
    return [], set()
