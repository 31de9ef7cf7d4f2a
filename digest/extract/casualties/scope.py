"""Scope and place: whether a figure is one incident's or a running or cumulative total, and
where the casualties were (not where the reporter sits).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.extract.casualties.vocabulary import GAP

MONTH_NAMES = ("january february march april may june july august september october november december "
                "monday tuesday wednesday thursday friday saturday sunday").split()
_CUMULATIVE = re.compile(
    r"\bsince\s+(?:the\s+(?:start|beginning|outbreak)|(?:early\s+|late\s+|mid-?)?(?:" + "|".join(MONTH_NAMES[:12])
    + r"|\d{4})|then|the\s+(?:war|conflict|uprising|crisis|invasion|fighting|revolution)|(?:it|the\s+\w+)\s+began)"
    r"|\bso\s+far\b|\bin\s+total\b|\ba\s+total\s+of\b|\baltogether\b|\bto\s+date\b|\bthis\s+year\b|\boverall\b"
    r"|\bin\s+all\b|\bnationwide\b|\bacross\s+the\s+(?:country|region|province|state)\b|\bcountry-?wide\b"
    r"|\b(?:war|conflict|uprising|insurgency|fighting)\s+(?:(?:that|which)\s+)?(?:has|had)\s+(?:already\s+)?"
    r"(?:killed|left|claimed|displaced|forced|driven)|\bin\s+(?:the\s+(?:past|last)\s+)?(?:\w+\s+)?(?:years|decades)\b|\bcumulative\b|\bcombined\b",
    re.I,
)
_SINCE_WHEN = re.compile(r"\bsince\s+\S+(?:\s+\S+)?,?\s+when\b", re.I)  # "the worst since 1998, when ..."
LARGE_TALLY = 100_000  # a toll this large is a whole-war, national or regional tally, never one incident
_PLACE = re.compile(
    r"\b(?i:in|near|at|outside|across|off\s+the\s+coast\s+of|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)\s+"
    r"(?:the\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|province|region|district|port|state|camp|capital|area|county|"
    r"island)\s+of\s+|the\s+(?=[A-Z][\w'\u2019-]+\s+(?i:region|province|district|valley|state|county|area)\b))?"
    r"(?:(?:northern|southern|eastern|western|central|(?:north|south)-?(?:east|west)ern)\s+)?"
    r"(?P<place>[A-Z][\w'\u2019-]+(?:\s+(?:(?:de|del|da|do|dos|la|el|al)\s+)?[A-Z][\w'\u2019-]+){0,3})"
)
_WHEN_CLAUSE = re.compile(r",\s+when\b", re.I)
_BASED_BEFORE = re.compile(r"\b(?:based|headquartered|exiled|speaking|spoke|meeting)\s+$", re.I)
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish")
_NOT_PLACES = frozenset([*MONTH_NAMES, "the", "a", "an", "his", "her", "their", "its", "christmas", "easter",
                         "ramadan", "parliament", "congress", "court"])

# A running total governs the figure it names ("the death toll rose to 57", "bringing the toll to 26"):
# cumulative by the guidelines, whatever else the sentence counts.
_RUNNING_BEFORE = re.compile(
    rf"(?:\b(?:toll|number|tally|count|total)\b(?:\s+[\w'\u2019.,-]+){{0,14}}?\s+(?:(?:has|had|have|now)\s+)*"
    rf"(?:(?:rose|rises|risen|climbed|climbs|jumped|jumps|increased|increases|grew|grows|rising|climbing)"
    rf"(?:\s+from\s+[\d,.]+(?:\s+[\w'\u2019-]+)?)?\s+to|"
    rf"reached|reaches|passed|passes|topped|tops|surpassed|surpasses|exceeded|exceeds)"
    rf"|\b(?:bringing|brings|brought|raising|raised|pushing|taking|took|lifting)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){{0,4}}?"
    rf"(?:toll|number|tally|total)\b(?:\s+[\w'\u2019,-]+){{0,8}}?\s+to){GAP}$",
    re.I,
)


def _title_case(sentence: str) -> bool:
    """A headline in Title Case, where capitals no longer mark names."""
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", sentence) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def place(sentence: str, reporters: Sequence[str] = ()) -> str:
    """Where the casualties were: the first named place that is not the reporter's own base or a demonym."""
    if _title_case(sentence):
        return ""
    for match in _PLACE.finditer(sentence):
        place = match.group("place")
        words = place.split()
        while words and words[-1].lower() in _NOT_PLACES:
            words.pop()
        if not words or words[0].lower() in _NOT_PLACES or re.fullmatch(r"[A-Z]{2,}s?", words[0]):
            continue
        if _BASED_BEFORE.search(sentence[max(0, match.start() - 30): match.start()]):
            continue  # "a monitor based in Britain": where the reporter sits
        if words[0].endswith(_DEMONYM_ENDINGS):
            continue  # "in Russian raids"
        if any(" ".join(words) in reporter for reporter in reporters):
            continue  # "Diplomats in Brussels said"
        return " ".join(words)
    return ""


def cumulative_sentence(sentence: str) -> bool:
    """The sentence counts since a start, so far, in total or nationwide ("since March 2011")."""
    return bool(_CUMULATIVE.search(_SINCE_WHEN.sub("", sentence)))


def running_total(before: str) -> bool:
    """The words before a number make it a running total ("the death toll rose to")."""
    return bool(_RUNNING_BEFORE.search(before))


def when_clause_place(sentence: str, start: int, reporters: Sequence[str]) -> str:
    """"the deadliest in Peru since 2007, when a quake near Pisco killed 500": the clause's own place."""
    when = list(_WHEN_CLAUSE.finditer(sentence, 0, start))
    return place(sentence[when[-1].end():], reporters) if when else ""
